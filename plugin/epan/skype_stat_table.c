/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the plugin's statistics tables share (skype_stat_table.h). */
#include "skype_stat_table.h"

#include <string.h>

#include <epan/tap.h>

#define MAX_LAZY_UIS 8

static struct {
    stat_tap_table_ui *ui;
    skype_stat_fill_cb fill;
} lazy_uis[MAX_LAZY_UIS];
static guint n_lazy_uis;

static GHashTable *lazy_of;      /* stat_tap_table * -> skype_stat_lazy_t * */
static gboolean tables_opened;   /* a lazy table was made: the helper listener is wanted */
static gboolean helper_on;       /* the helper listener is registered (it stays so) */
static const char *helper_tap;   /* its tap */
static int helper_id;            /* its tapdata: only its address matters (remove_tap_listener's key) */
static guint32 last_tapped;      /* the last frame the dissector would tap, this capture (frame number) */
static guint32 revisited;        /* the last frame dissected in a pass over frames already seen (0 none) */

/* The lazy states found last (a table's callback runs on most frames):
 * looked through before lazy_of; emptied whenever lazy_of loses an entry. */
#define RECENT 4
static struct {
    stat_tap_table *table;
    skype_stat_lazy_t *lazy;
} recent[RECENT];
static guint recent_next;

static void lazy_forget(stat_tap_table *table)
{
    memset(recent, 0, sizeof(recent));
    if (lazy_of != NULL)
        g_hash_table_remove(lazy_of, table);
}

static void lazy_free(gpointer p)
{
    skype_stat_lazy_t *l = (skype_stat_lazy_t *)p;

    if (l->keys != NULL)
        g_array_free(l->keys, TRUE);
    if (l->last != NULL)
        g_array_free(l->last, TRUE);
    g_free(l);
}

void skype_stat_table_lazy_ui(stat_tap_table_ui *ui, skype_stat_fill_cb fill)
{
    if (n_lazy_uis >= MAX_LAZY_UIS)
        return;
    lazy_uis[n_lazy_uis].ui = ui;
    lazy_uis[n_lazy_uis].fill = fill;
    n_lazy_uis++;
}

skype_stat_lazy_t *skype_stat_table_lazy(stat_tap_table *table)
{
    skype_stat_lazy_t *l;

    for (guint i = 0; i < RECENT; i++)
        if (recent[i].table == table)
            return recent[i].lazy;
    if (lazy_of == NULL)
        lazy_of = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, lazy_free);
    l = (skype_stat_lazy_t *)g_hash_table_lookup(lazy_of, table);
    if (l == NULL) {
        l = g_new0(skype_stat_lazy_t, 1);
        g_hash_table_insert(lazy_of, table, l);
    }
    recent[recent_next].table = table;
    recent[recent_next].lazy = l;
    recent_next = (recent_next + 1) % RECENT;
    return l;
}

/* Fill the rows of every open table marked since its last fill: O(rows)
 * per table, plus what its fill callback needs (the calls table: O(legs)).
 * frame: the frame just dissected (0 at a draw). */
static void fill_all(guint32 frame)
{
    if (lazy_of == NULL)
        return;
    for (guint u = 0; u < n_lazy_uis; u++) {
        GArray *tables = lazy_uis[u].ui->tables;
        for (guint t = 0; tables != NULL && t < tables->len; t++) {
            stat_tap_table *table = g_array_index(tables, stat_tap_table *, t);
            skype_stat_lazy_t *l = (skype_stat_lazy_t *)g_hash_table_lookup(lazy_of, table);
            if (l != NULL && l->dirty) {
                lazy_uis[u].fill(table, l);
                l->dirty = FALSE;
                l->filled = frame;
            }
        }
    }
}

void skype_stat_table_mark(skype_stat_lazy_t *lazy, packet_info *pinfo, gboolean grew)
{
    if (grew || pinfo->num != lazy->filled)
        lazy->dirty = TRUE;
}

void skype_stat_table_tapped(packet_info *pinfo)
{
    /* taps run after the dissection marked the frame visited: whether this
     * pass had seen it before is what the dissector saw (a single pass,
     * tshark without -2, fills at the draw only) */
    if (revisited == pinfo->num && pinfo->num >= last_tapped)
        fill_all(pinfo->num);
}

/* The helper listener: unfiltered, it sees the last tapped frame even when
 * a table's filter hides it; registered after the tables' listeners, it is
 * drawn before them (tap.c draws the newest listener first). */
static tap_packet_status helper_packet(void *tapdata _U_, packet_info *pinfo, epan_dissect_t *edt _U_,
                                       const void *data _U_, tap_flags_t flags _U_)
{
    skype_stat_table_tapped(pinfo);
    return TAP_PACKET_DONT_REDRAW;
}

static void helper_draw(void *tapdata _U_)
{
    fill_all(0);
}

gboolean skype_stat_table_frame(packet_info *pinfo)
{
    GString *err;

    if (pinfo->num > last_tapped)
        last_tapped = pinfo->num;
    if (PINFO_FD_VISITED(pinfo))
        revisited = pinfo->num;
    if (!tables_opened || helper_tap == NULL)
        return FALSE;
    if (!helper_on) {
        /* TL_IS_DISSECTOR_HELPER: it alone does not make Wireshark dissect */
        err = register_tap_listener(helper_tap, &helper_id, NULL, TL_IS_DISSECTOR_HELPER, NULL, helper_packet,
                                    helper_draw, NULL);
        if (err != NULL) {
            g_string_free(err, TRUE);
            return FALSE;
        }
        helper_on = TRUE;
    }
    return TRUE;
}

void skype_stat_table_init(stat_tap_table_ui *ui, const char *name, guint ncols)
{
    stat_tap_table *table = stat_tap_find_table(ui, name);

    tables_opened = TRUE;
    if (table != NULL) {
        if (ui->stat_tap_reset_table_cb)
            ui->stat_tap_reset_table_cb(table);
        return;
    }
    table = stat_tap_init_table(name, ncols, 0, NULL);
    stat_tap_add_table(ui, table);
    /* a table freed earlier may have had this address */
    lazy_forget(table);
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
    lazy_forget(table);
}

static void capture_init(void)
{
    last_tapped = 0;
    revisited = 0;
}

void skype_stat_table_register(const char *tap_name)
{
    helper_tap = tap_name;
    register_init_routine(capture_init);
}
