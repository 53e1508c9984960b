/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the plugin's statistics tables share (-z skype,calls in
 * skype_calls_table.c; -z skype,streams and -z skype,seconds in
 * skype_streams_table.c): one table per window, string cells owned by the
 * table (g_strdup'd text in user_data.ptr_value, freed with the row).
 */
#ifndef SKYPE_STAT_TABLE_H
#define SKYPE_STAT_TABLE_H

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>

/* The window's table called name with ncols columns: made, or emptied when
 * the window has it already (a retap). */
void skype_stat_table_init(stat_tap_table_ui *ui, const char *name, guint ncols);

/* Cell col of row: the string text, which the table then owns. */
void skype_stat_table_set_string(stat_tap_table_item_type *row, guint col, char *text);

/* Free the strings of row i (before it is made anew). */
void skype_stat_table_free_row(stat_tap_table *table, guint i);

/* stat_tap_reset_table_cb: free every row's strings. */
void skype_stat_table_reset(stat_tap_table *table);

/* stat_tap_free_table_item_cb: free a string cell. */
void skype_stat_table_free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *field);

#endif /* SKYPE_STAT_TABLE_H */
