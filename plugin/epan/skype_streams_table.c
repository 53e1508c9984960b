/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The streams table (-z skype,streams; Statistics > Skype Streams): one row
 * per RTP stream with its loss, jitter, round trip, MOS, frame rate and
 * verdict; and the per-second figures (-z skype,seconds; Statistics > Skype
 * Stream Seconds) that tools/skype-call-report draws (docs/quality.md).
 */
#include "skype_streams.h"

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_stat_table.h"

static int streams_tap = -1;

void skype_streams_tap(packet_info *pinfo, skype_leg_t *leg)
{
    /* every frame of a leg, streams or not: the lazy tables' helper
     * listener looks for the capture's last tapped frame (skype_stat_table.h);
     * the tables see a leg without streams yet as NULL, and pass it by, as
     * before the helper (when such frames were not tapped) */
    skype_stat_table_frame(pinfo);
    if (!have_tap_listener(streams_tap))
        return;
    tap_queue_packet(streams_tap, pinfo, leg->nstreams > 0 ? leg : NULL);
}

/* ---- The streams table ------------------------------------------------ */

enum {
    COL_CALL, COL_SSRC, COL_KIND, COL_CODEC, COL_DIR, COL_PACKETS, COL_LOST_PCT, COL_JITTER_MEAN, COL_JITTER_MAX,
    COL_RTT, COL_MOS, COL_FPS, COL_VERDICT, COL_REASONS, COL_LOST, COL_RTT_MAX, COL_RTT_MEAN, COL_LOW_FPS, COL_KBPS,
    COL_FRAME_SIZE, COL_SRC, COL_DST, COL_FIRST, NUM_COLS
};

/* The columns issue 20 names come first, in its order; the GUI shows a
 * FLOAT with all its decimals, so figures are strings. */
static stat_tap_table_item streams_fields[NUM_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Call", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SSRC", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Kind", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Codec", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Direction", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Lost (%)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Mean jitter (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max jitter (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "RTT (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "MOS", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Frame rate (fps)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Verdict", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Reasons", "%s"},
    {TABLE_ITEM_INT, TAP_ALIGN_RIGHT, "Lost", "%d"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max RTT (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Mean RTT (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Below 7 fps (%)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bitrate (kbit/s)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Frame size (bytes)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Source", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Destination", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "First frame", "%u"},
};

/* v with that many decimals, or "-" when v < 0 (cannot be known). */
static char *known(int decimals, double v)
{
    return v < 0.0 ? g_strdup("-") : g_strdup_printf("%.*f", decimals, v);
}

static char *endpoint(const skype_ep_t *ep)
{
    char a[WS_INET6_ADDRSTRLEN];

    if (ep->family == 6) {
        ip6_to_str_buf((const ws_in6_addr *)ep->addr, a, sizeof(a));
        return g_strdup_printf("[%s]:%u", a, ep->port);
    }
    skype_ip4_to_str_buf(ep->addr, a, sizeof(a));
    return g_strdup_printf("%s:%u", a, ep->port);
}

/* The call number of leg, "-" when it is in none. */
static char *call_of(const skype_leg_t *leg)
{
    skype_callset_t *set = skype_calls_set();

    if (leg->group == SKYPE_CALL_NONE)
        return g_strdup("-");
    return g_strdup_printf("%u", skype_callset_number(set, skype_callset_root(set, leg->group)));
}

/* The row of a stream: core/skype_call_row.h, the call number and the
 * addresses here. */
static void stream_row(const skype_stream_ref_t *ref, stat_tap_table_item_type *row)
{
    const skype_rtp_stream_t *s = ref->s;
    skype_stream_row_t v;

    skype_stream_row(&v, skype_streams_of_leg(ref->leg), ref->leg->nstreams, s, &ref->leg->client,
                     &ref->leg->server, skype_streams_limits());
    memset(row, 0, sizeof(*row) * NUM_COLS);
    skype_stat_table_set_string(row, COL_CALL, call_of(ref->leg));
    skype_stat_table_set_string(row, COL_SSRC, g_strdup_printf("0x%08X", s->ssrc));
    skype_stat_table_set_string(row, COL_KIND, g_strdup(v.kind));
    skype_stat_table_set_string(row, COL_CODEC, g_strdup(v.codec));
    skype_stat_table_set_string(row, COL_SRC, endpoint(v.src));
    skype_stat_table_set_string(row, COL_DST, endpoint(v.dst));
    skype_stat_table_set_string(row, COL_DIR, g_strdup(v.direction));
    row[COL_PACKETS].type = TABLE_ITEM_UINT;
    row[COL_PACKETS].value.uint_value = s->packets;
    row[COL_LOST].type = TABLE_ITEM_INT;
    row[COL_LOST].value.int_value = (gint)v.lost;
    skype_stat_table_set_string(row, COL_LOST_PCT, known(1, v.loss_pct));
    skype_stat_table_set_string(row, COL_JITTER_MEAN, known(2, v.jitter_mean_ms));
    skype_stat_table_set_string(row, COL_JITTER_MAX, known(2, v.jitter_max_ms));
    skype_stat_table_set_string(row, COL_RTT, known(1, v.rtt_ms));
    skype_stat_table_set_string(row, COL_RTT_MAX, known(1, v.rtt_max_ms));
    skype_stat_table_set_string(row, COL_RTT_MEAN, known(1, v.rtt_mean_ms));
    skype_stat_table_set_string(row, COL_MOS, known(1, v.mos));
    skype_stat_table_set_string(row, COL_FPS, known(1, v.fps));
    skype_stat_table_set_string(row, COL_LOW_FPS, known(0, v.low_fps_pct));
    skype_stat_table_set_string(row, COL_KBPS, known(1, v.kbps));
    skype_stat_table_set_string(row, COL_FRAME_SIZE, known(0, v.frame_size));
    skype_stat_table_set_string(row, COL_VERDICT, g_strdup(v.verdict));
    skype_stat_table_set_string(row, COL_REASONS, g_strdup(v.reasons));
    row[COL_FIRST].type = TABLE_ITEM_UINT;
    row[COL_FIRST].value.uint_value = s->first_frame;
}

static void streams_table_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams streams", NUM_COLS);
}

/* Did frame num change stream k of leg? Its own RTP packet changes it
 * alone; any other frame of the leg (RTCP: the round trips; STUN) may
 * change all of the leg's streams. */
static gboolean changed(const skype_leg_t *leg, guint k, guint32 num)
{
    for (guint i = 0; i < leg->nstreams; i++)
        if (leg->streams[i]->last_frame == num)
            return i == k;
    return TRUE;
}

/* Per packet, O(1): the rows are the streams in order of creation, as many
 * as there are at the table's last packet; their text is made when the
 * table is filled (streams_fill), from the streams as they are then. */
static tap_packet_status streams_table_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                              const void *data, tap_flags_t flags _U_)
{
    stat_data_t *sd = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    skype_stat_lazy_t *lazy = skype_stat_table_lazy(table);
    guint n = wmem_array_get_count(skype_streams_all());

    if (data == NULL) {
        skype_stat_table_tapped(pinfo);
        return TAP_PACKET_DONT_REDRAW;
    }
    skype_stat_table_mark(lazy, pinfo, n > lazy->want);
    if (n > lazy->want)
        lazy->want = n;
    skype_stat_table_tapped(pinfo);
    return TAP_PACKET_REDRAW;
}

/* The rows of the first lazy->want streams, from their state now: O(rows). */
static void streams_fill(stat_tap_table *table, skype_stat_lazy_t *lazy)
{
    wmem_array_t *all = skype_streams_all();
    stat_tap_table_item_type row[NUM_COLS];

    for (guint i = 0; i < lazy->want && i < wmem_array_get_count(all); i++) {
        if (i < table->num_elements)
            skype_stat_table_free_row(table, i);
        stream_row((const skype_stream_ref_t *)wmem_array_index(all, i), row);
        stat_tap_init_table_row(table, i, NUM_COLS, row);
    }
}

/* ---- Per-second figures (-z skype,seconds) --------------------------- */

enum { SEC_CALL, SEC_SSRC, SEC_KIND, SEC_SECOND, SEC_PACKETS, SEC_BYTES, SEC_LOST, SEC_JITTER, SEC_FRAMES, SEC_COLS };

static stat_tap_table_item seconds_fields[SEC_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Call", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SSRC", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Kind", "%s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Second", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Packets", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bytes", "%u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Lost", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max jitter (ms)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Frames", "%s"},
};

/* A row of the seconds table: stream index, and the index of its second
 * among the stream's ended seconds (the current second's when it is
 * beyond them: it gets that index when it ends). */
typedef struct seconds_key {
    guint32 stream;
    guint32 idx;
} seconds_key_t;

static void second_row(const skype_stream_ref_t *ref, const skype_rtp_second_t *b, stat_tap_table_item_type *row)
{
    const skype_rtp_stream_t *s = ref->s;

    memset(row, 0, sizeof(*row) * SEC_COLS);
    skype_stat_table_set_string(row, SEC_CALL, call_of(ref->leg));
    skype_stat_table_set_string(row, SEC_SSRC, g_strdup_printf("0x%08X", s->ssrc));
    skype_stat_table_set_string(row, SEC_KIND, g_strdup(skype_media_kind_name(s->kind)));
    row[SEC_SECOND].type = row[SEC_PACKETS].type = row[SEC_BYTES].type = row[SEC_LOST].type = TABLE_ITEM_UINT;
    row[SEC_SECOND].value.uint_value = b->second;
    row[SEC_PACKETS].value.uint_value = b->packets;
    row[SEC_BYTES].value.uint_value = b->bytes;
    row[SEC_LOST].value.uint_value = b->lost;
    skype_stat_table_set_string(row, SEC_JITTER, known(2, b->jitter_max_ms));
    skype_stat_table_set_string(row, SEC_FRAMES, skype_second_frames(s, b) < 0 ? g_strdup("-")
                                    : g_strdup_printf("%" G_GINT64_FORMAT, skype_second_frames(s, b)));
}

/* Second idx of the stream at i gets a row unless it has one: a stream's
 * seconds come in order, so only its last row's second can be idx. */
static void seconds_key(skype_stat_lazy_t *lazy, guint32 i, guint32 idx)
{
    seconds_key_t key;
    guint32 *last;

    if (lazy->keys == NULL) {
        lazy->keys = g_array_new(FALSE, FALSE, sizeof(seconds_key_t));
        lazy->last = g_array_new(FALSE, TRUE, sizeof(guint32));
    }
    if (i >= lazy->last->len)
        g_array_set_size(lazy->last, i + 1);
    last = &g_array_index(lazy->last, guint32, i);
    if (*last == idx + 1)
        return;
    *last = idx + 1;
    key.stream = i;
    key.idx = idx;
    g_array_append_val(lazy->keys, key);
}

/* Per packet, O(streams of the packet's leg): the seconds that ended since
 * the stream's last row, then its current second, get their rows (in the
 * order they are seen, as before issue 25); their text is made when the
 * table is filled (seconds_fill). */
static tap_packet_status seconds_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                        const void *data, tap_flags_t flags _U_)
{
    stat_data_t *sd = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    const skype_leg_t *leg = (const skype_leg_t *)data;
    skype_stat_lazy_t *lazy = skype_stat_table_lazy(table);
    guint rows = lazy->keys != NULL ? lazy->keys->len : 0;

    for (guint k = 0; leg != NULL && k < leg->nstreams; k++) {
        const skype_rtp_stream_t *s = leg->streams[k];
        const skype_stream_ref_t *ref = (const skype_stream_ref_t *)wmem_array_index(skype_streams_all(), s->index);
        guint n = wmem_array_get_count(ref->seconds);
        if (!changed(leg, k, pinfo->num))
            continue;
        for (guint idx = lazy->last != NULL && s->index < lazy->last->len
                             ? MAX(g_array_index(lazy->last, guint32, s->index), 1) - 1
                             : 0;
             idx < n; idx++)
            seconds_key(lazy, s->index, idx);
        if (s->packets > 0)
            seconds_key(lazy, s->index, n);
        skype_stat_table_mark(lazy, pinfo, lazy->keys != NULL && lazy->keys->len != rows);
    }
    skype_stat_table_tapped(pinfo);
    return TAP_PACKET_REDRAW;
}

/* The rows of every key, from the streams' seconds now: O(rows). */
static void seconds_fill(stat_tap_table *table, skype_stat_lazy_t *lazy)
{
    wmem_array_t *all = skype_streams_all();
    stat_tap_table_item_type items[SEC_COLS];

    for (guint r = 0; lazy->keys != NULL && r < lazy->keys->len; r++) {
        const seconds_key_t *key = &g_array_index(lazy->keys, seconds_key_t, r);
        const skype_stream_ref_t *ref = (const skype_stream_ref_t *)wmem_array_index(all, key->stream);
        const skype_rtp_second_t *b = key->idx < wmem_array_get_count(ref->seconds)
                                          ? (const skype_rtp_second_t *)wmem_array_index(ref->seconds, key->idx)
                                          : &ref->s->cur;
        if (r < table->num_elements)
            skype_stat_table_free_row(table, r);
        second_row(ref, b, items);
        stat_tap_init_table_row(table, r, SEC_COLS, items);
    }
}

static void seconds_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams stream seconds", SEC_COLS);
}

void skype_streams_table_register(void)
{
    static stat_tap_table_ui streams_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Streams",
        "skype_streams",
        "skype,streams",
        streams_table_init,
        streams_table_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        NUM_COLS,
        streams_fields,
        0,
        NULL,
        NULL,
        0};
    static stat_tap_table_ui seconds_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Stream Seconds",
        "skype_streams",
        "skype,seconds",
        seconds_init,
        seconds_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        SEC_COLS,
        seconds_fields,
        0,
        NULL,
        NULL,
        0};

    streams_tap = register_tap("skype_streams");
    skype_stat_table_register("skype_streams");
    skype_stat_table_lazy_ui(&streams_ui, streams_fill);
    skype_stat_table_lazy_ui(&seconds_ui, seconds_fill);
    register_stat_tap_table_ui(&streams_ui);
    register_stat_tap_table_ui(&seconds_ui);
}
