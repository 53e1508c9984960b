/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The calls table (-z skype,calls; Statistics > Skype Calls): one row per
 * call over all legs of the call (skype_calls.h; docs/modern.md, "Calls").
 */
#include "skype_calls.h"

#include <epan/stat_tap_ui.h>
#include <epan/to_str.h>

#include "skype_compat.h"
#include "skype_stat_table.h"
#include "skype_streams.h"

/* ---- The calls table (-z skype,calls; Statistics > Skype Calls) ------ */

enum {
    COL_CALL, COL_FIRST, COL_START, COL_DURATION, COL_HOST, COL_PARTY, COL_LEGS, COL_AUDIO, COL_VIDEO, COL_SCREEN,
    COL_DATA, COL_DIRECTIONS, COL_PACKETS, COL_LOST, COL_JITTER, COL_DSCP, COL_MOS, COL_POOR, NUM_COLS
};

static stat_tap_table_item calls_fields[NUM_COLS] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Call", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Start (s)", "%.3f"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Duration (s)", "%.3f"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Client host", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Remote party", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Legs", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Audio", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Video", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Screen", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Data", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Streams sent/received", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
    {TABLE_ITEM_INT, TAP_ALIGN_RIGHT, "Lost", "%d"},
    {TABLE_ITEM_FLOAT, TAP_ALIGN_RIGHT, "Max jitter (ms)", "%.2f"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "DSCP", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Worst MOS", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Poor streams", "%u"},
};

static void calls_table_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams calls", NUM_COLS);
}

/* A text of the summary (core/skype_call_row.h), whole, as a g_malloc'ed string. */
static char *sum_text(size_t (*fn)(const skype_call_sum_t *, char *, size_t), const skype_call_sum_t *sum)
{
    size_t n = fn(sum, NULL, 0);
    char *text = (char *)g_malloc(n + 1);

    fn(sum, text, n + 1);
    return text;
}

/* The address of ep (port ignored) into buf. */
static void host_text(const skype_ep_t *ep, char *buf, size_t size)
{
    if (ep->family == 6)
        ip6_to_str_buf((const ws_in6_addr *)ep->addr, buf, (int)size);
    else
        skype_ip4_to_str_buf(ep->addr, buf, (int)size);
}

/* The row of call root r, computed over the call's legs (nlegs of them, in
 * the order of skype_calls_legs()): core/skype_call_row.h. */
static void call_row(guint32 r, skype_leg_t *const *legs, guint nlegs, stat_tap_table_item_type *row)
{
    const skype_call_group_t *g = &skype_calls_set()->g[r];
    skype_call_sum_t sum;
    const char *party_text = skype_call_party_text(&g->party);
    char host[WS_INET6_ADDRSTRLEN], party[WS_INET6_ADDRSTRLEN];
    double start_s, duration_s;

    skype_call_sum_init(&sum);
    for (guint i = 0; i < nlegs; i++)
        skype_call_sum_leg(&sum, legs[i]->kind, legs[i]->frames, skype_streams_of_leg(legs[i]), legs[i]->nstreams,
                           skype_streams_limits());
    skype_call_row_times(g, skype_calls_start_us(), &start_s, &duration_s);
    host_text(&g->host, host, sizeof(host));
    if (party_text != NULL)
        g_strlcpy(party, party_text, sizeof(party));
    else
        host_text(&g->party, party, sizeof(party));
    memset(row, 0, sizeof(*row) * NUM_COLS);
    row[COL_CALL].type = TABLE_ITEM_UINT;
    row[COL_CALL].value.uint_value = skype_callset_number(skype_calls_set(), r);
    row[COL_FIRST].type = TABLE_ITEM_UINT;
    row[COL_FIRST].value.uint_value = g->first_frame;
    row[COL_START].type = TABLE_ITEM_FLOAT;
    row[COL_START].value.float_value = start_s;
    row[COL_DURATION].type = TABLE_ITEM_FLOAT;
    row[COL_DURATION].value.float_value = duration_s;
    skype_stat_table_set_string(row, COL_HOST, g_strdup(host));
    skype_stat_table_set_string(row, COL_PARTY, g_strdup(party));
    skype_stat_table_set_string(row, COL_DIRECTIONS, sum_text(skype_call_sum_directions, &sum));
    skype_stat_table_set_string(row, COL_LEGS, sum_text(skype_call_sum_legs, &sum));
    row[COL_AUDIO].type = row[COL_VIDEO].type = row[COL_SCREEN].type = row[COL_DATA].type = TABLE_ITEM_UINT;
    row[COL_AUDIO].value.uint_value = sum.streams[SKYPE_MEDIA_AUDIO];
    row[COL_VIDEO].value.uint_value = sum.streams[SKYPE_MEDIA_VIDEO];
    row[COL_SCREEN].value.uint_value = sum.streams[SKYPE_MEDIA_SCREEN];
    row[COL_DATA].value.uint_value = sum.streams[SKYPE_MEDIA_DATA];
    row[COL_PACKETS].type = TABLE_ITEM_UINT;
    row[COL_PACKETS].value.uint_value = sum.packets;
    row[COL_LOST].type = TABLE_ITEM_INT;
    row[COL_LOST].value.int_value = (gint)sum.lost;
    row[COL_JITTER].type = TABLE_ITEM_FLOAT;
    row[COL_JITTER].value.float_value = sum.jitter_max_ms;
    skype_stat_table_set_string(row, COL_DSCP, sum_text(skype_call_sum_dscp, &sum));
    skype_stat_table_set_string(row, COL_MOS,
                                sum.worst_mos < 0.0 ? g_strdup("-") : g_strdup_printf("%.1f", sum.worst_mos));
    row[COL_POOR].type = TABLE_ITEM_UINT;
    row[COL_POOR].value.uint_value = sum.poor;
}

/* Per packet, O(log calls) for the call's number: the rows are calls 1 to
 * the highest number a packet of the table had; their text is made when
 * the table is filled (calls_fill). */
static tap_packet_status calls_table_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                            const void *data, tap_flags_t flags _U_)
{
    stat_data_t *sd = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    guint32 num = skype_callset_number(skype_calls_set(), *(const guint32 *)data);
    skype_stat_lazy_t *lazy;

    if (num == 0)
        return TAP_PACKET_DONT_REDRAW;
    lazy = skype_stat_table_lazy(table);
    skype_stat_table_mark(lazy, pinfo, num > lazy->want);
    if (num > lazy->want)
        lazy->want = num;
    skype_stat_table_tapped(pinfo);
    return TAP_PACKET_REDRAW;
}

/* The rows of calls 1 to lazy->want: the legs bucketed by their call's
 * number once (a counting sort, stable: O(legs log calls + calls)), then one
 * row per call over its own legs. */
static void calls_fill(stat_tap_table *table, skype_stat_lazy_t *lazy)
{
    skype_callset_t *set = skype_calls_set();
    wmem_array_t *all = skype_calls_legs();
    guint nall = wmem_array_get_count(all), want = lazy->want;
    guint32 *num = g_new(guint32, nall + 1);
    guint *start = g_new0(guint, want + 2);
    skype_leg_t **legs = g_new(skype_leg_t *, nall + 1);
    stat_tap_table_item_type row[NUM_COLS];

    for (guint i = 0; i < nall; i++) {
        const skype_leg_t *leg = *(skype_leg_t **)wmem_array_index(all, i);
        num[i] = leg->group == SKYPE_CALL_NONE ? 0 : skype_callset_number(set, skype_callset_root(set, leg->group));
        if (num[i] > want)
            num[i] = 0;
        start[num[i] + 1]++;
    }
    for (guint n = 1; n <= want + 1; n++)
        start[n] += start[n - 1];
    for (guint i = 0; i < nall; i++)
        legs[start[num[i]]++] = *(skype_leg_t **)wmem_array_index(all, i);
    /* start[n] is now where call n + 1's legs begin; call n's begin at start[n - 1] */
    for (guint n = 1; n <= want; n++) {
        guint32 r = skype_callset_by_number(set, n);
        if (r == SKYPE_CALL_NONE)
            break;
        if (n - 1 < table->num_elements)
            skype_stat_table_free_row(table, n - 1);
        call_row(r, legs + start[n - 1], start[n] - start[n - 1], row);
        stat_tap_init_table_row(table, n - 1, NUM_COLS, row);
    }
    g_free(num);
    g_free(start);
    g_free(legs);
}

void skype_calls_table_register(void)
{
    static stat_tap_table_ui calls_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Calls",
        "skype_calls",
        "skype,calls",
        calls_table_init,
        calls_table_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        NUM_COLS,
        calls_fields,
        0,
        NULL,
        NULL,
        0};

    skype_stat_table_lazy_ui(&calls_ui, calls_fill);
    register_stat_tap_table_ui(&calls_ui);
}
