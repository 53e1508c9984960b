/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the plugin's statistics tables share (skype_stat_table.h). */
#include "skype_stat_table.h"

void skype_stat_table_init(stat_tap_table_ui *ui, const char *name, guint ncols)
{
    stat_tap_table *table = stat_tap_find_table(ui, name);

    if (table != NULL) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(table);
        return;
    }
    table = stat_tap_init_table(name, ncols, 0, NULL);
    stat_tap_add_table(ui, table);
}

void skype_stat_table_set_string(stat_tap_table_item_type *row, guint col, char *text)
{
    row[col].type = TABLE_ITEM_STRING;
    row[col].value.string_value = row[col].user_data.ptr_value = text;
}

void skype_stat_table_free_item(stat_tap_table *table _U_, guint row _U_, guint column _U_,
                                stat_tap_table_item_type *field)
{
    if (field->type == TABLE_ITEM_STRING) {
        g_free(field->user_data.ptr_value);
        field->user_data.ptr_value = NULL;
        field->value.string_value = NULL;
    }
}

void skype_stat_table_free_row(stat_tap_table *table, guint i)
{
    for (guint c = 0; c < table->num_fields; c++) {
        stat_tap_table_item_type *f = stat_tap_get_field_data(table, i, c);
        skype_stat_table_free_item(table, i, c, f);
        f->type = TABLE_ITEM_NONE;
    }
}

void skype_stat_table_reset(stat_tap_table *table)
{
    for (guint i = 0; i < table->num_elements; i++)
        skype_stat_table_free_row(table, i);
}
