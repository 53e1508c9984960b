/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the plugin's statistics tables share (-z skype,calls in
 * skype_calls_table.c; -z skype,streams and -z skype,seconds in
 * skype_streams_table.c): one table per window, string cells owned by the
 * table (g_strdup'd text in user_data.ptr_value, freed with the row).
 *
 * Rows are filled when they are needed, not on every packet (issue 25,
 * docs/performance.md "Calls at scale"): a table's tap callback only marks
 * the table (skype_stat_lazy_t: the rows it should have, dirty) and the rows
 * are built from the capture's state
 *   - at the last frame the plugin taps, in a pass over frames already seen
 *     (tshark -2's second pass; every retap of the GUI, whose dialogs draw
 *     their table straight after the retap, without a tap draw callback), and
 *   - in the draw callback of a helper tap listener registered after the
 *     tables' listeners, so drawn before them (tshark in one pass draws once,
 *     at the end).
 * Wireshark 4.0-4.6's stat_tap_table_ui has no draw callback of its own.
 */
#ifndef SKYPE_STAT_TABLE_H
#define SKYPE_STAT_TABLE_H

#include <epan/packet.h>
#include <epan/stat_tap_ui.h>

/* What a table's tap callback marks (one per open table). */
typedef struct skype_stat_lazy {
    gboolean dirty; /* marked since the rows were last filled */
    guint want;     /* rows the table is to have (calls, streams) */
    GArray *keys;   /* seconds table: each row's (stream index, index in its seconds), in row order */
    GArray *last;   /* seconds table: per stream index, 1 + the index of its last row's second (0: none) */
    guint32 filled; /* the frame after whose dissection the rows were last filled (0: at a draw) */
} skype_stat_lazy_t;

/* Fill table's rows from the capture's state as lazy says. */
typedef void (*skype_stat_fill_cb)(stat_tap_table *table, skype_stat_lazy_t *lazy);

/* At registration: ui's tables are filled lazily by fill. At most 8 uis. */
void skype_stat_table_lazy_ui(stat_tap_table_ui *ui, skype_stat_fill_cb fill);

/* The window's table called name with ncols columns: made, or emptied when
 * the window has it already (a retap). */
void skype_stat_table_init(stat_tap_table_ui *ui, const char *name, guint ncols);

/* The lazy state of table (made empty at its first use). */
skype_stat_lazy_t *skype_stat_table_lazy(stat_tap_table *table);

/* From a table's tap callback for pinfo: the table is to be filled again,
 * unless its rows were filled after this very frame and it gained none
 * (grew FALSE): the helper listener may have filled it just before. */
void skype_stat_table_mark(skype_stat_lazy_t *lazy, packet_info *pinfo, gboolean grew);

/* From a table's tap callback, after marking: fills every marked table
 * when pinfo is the last frame the plugin taps in a pass over seen frames. */
void skype_stat_table_tapped(packet_info *pinfo);

/* From the dissector, for every frame it would tap (any pass): notes the
 * last such frame, and registers the helper listener once a table is open.
 * Returns TRUE when a lazy table or the helper listens (tap the frame). */
gboolean skype_stat_table_frame(packet_info *pinfo);

/* Cell col of row: the string text, which the table then owns. */
void skype_stat_table_set_string(stat_tap_table_item_type *row, guint col, char *text);

/* Free the strings of row i (before it is made anew). */
void skype_stat_table_free_row(stat_tap_table *table, guint i);

/* stat_tap_reset_table_cb: free every row's strings, forget the marks. */
void skype_stat_table_reset(stat_tap_table *table);

/* stat_tap_free_table_item_cb: free a string cell. */
void skype_stat_table_free_item(stat_tap_table *table, guint row, guint column, stat_tap_table_item_type *field);

/* At registration: the helper listener's tap (tap_name: a tap the
 * dissector queues for every frame it would tap, skype_stat_table_frame),
 * and the per-capture reset. */
void skype_stat_table_register(const char *tap_name);

#endif /* SKYPE_STAT_TABLE_H */
