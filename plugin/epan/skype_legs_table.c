/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The legs tables (skype_legs.h): -z skype,legs, one row per leg of the
 * graph of legs (a tagged 5-tuple or TCP connection, one row per epoch once
 * it left an ended call; docs/modern.md, "Calls") with the keys it presented
 * to the graph, its component, call and flags; and -z skype,legstreams, one
 * row per RTP stream with its whole state (core/skype_quality.h's
 * skype_rtp_stream_t, as hex); -z skype,legseconds, one row per stream per
 * second (what -z skype,seconds shows of it). tools/skype_join.c reads both for each piece
 * of a file set and joins the pieces with the core's own graph
 * (docs/batch-export.md, "Ring buffers and file sets"). They are meant for
 * that program, after `tshark -2` (the first pass makes the legs; the
 * streams count in the second).
 */
#include "skype_legs.h"

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <wsutil/to_str.h>

#include "../core/skype_call_graph.h"
#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_stat_table.h"
#include "skype_streams.h"
#include "skype_dispatch.h"
#include "skype_tcp.h"

/* The layout version of the rows: skype_join refuses other ones. */
#define SKYPE_LEGS_FORMAT 2

static int legs_tap = -1;
static guint32 next_id; /* ids of the records in order of creation (file scope: reset per file) */
static wmem_map_t *tcp_conts; /* TCP continuations by connection (skype_legs_piece_tcp), file scope */
#define SKYPE_LEGS_MAX_TCP_CONTS 65536u /* more are not kept: bounded state in a piece of any size */

static void legs_init(void)
{
    next_id = 0;
    tcp_conts = NULL;
}

gboolean skype_legs_piece(void)
{
    return legs_tap >= 0 && have_tap_listener(legs_tap);
}

void skype_legs_piece_tcp(packet_info *pinfo)
{
    skype_ep_t a, b;
    skype_tcp_conv_t *tc;
    skype_leg_t *leg;
    guint64 key, *k;

    if (pinfo->ptype != PT_TCP || pinfo->flags.in_error_pkt || !skype_legs_piece() ||
        !skype_ep_from_address(&a, &pinfo->src, pinfo->srcport) ||
        !skype_ep_from_address(&b, &pinfo->dst, pinfo->destport))
        return;
    tc = skype_tcp_conv_of(pinfo);
    if (tc != NULL && tc->leg != NULL) {
        /* a leg's frame, counted as the leg's: tapped, as a TLS leg's frames are not otherwise */
        skype_legs_tap(pinfo, tc->leg);
        return;
    }
    /* the connection, either direction */
    key = skype_edge_ep_key(SKYPE_EDGE_END, &a) ^ skype_edge_ep_key(SKYPE_EDGE_END, &b);
    if (tcp_conts == NULL)
        tcp_conts = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
    leg = (skype_leg_t *)wmem_map_lookup(tcp_conts, &key);
    if (leg == NULL) {
        if (PINFO_FD_VISITED(pinfo) || wmem_map_size(tcp_conts) >= SKYPE_LEGS_MAX_TCP_CONTS)
            return;
        leg = skype_calls_cont_leg_new(pinfo, TRUE);
        k = wmem_new(wmem_file_scope(), guint64);
        *k = key;
        wmem_map_insert(tcp_conts, k, leg);
    }
    if (!PINFO_FD_VISITED(pinfo)) {
        leg->frames++;
        skype_legs_message(leg, pinfo->num, (guint64)skype_time_us(&pinfo->abs_ts), FALSE, 0, 0, NULL, FALSE);
    }
    skype_legs_tap(pinfo, leg);
}

void skype_legs_created(skype_leg_t *leg, guint8 roles)
{
    if (!skype_legs_piece())
        return; /* the record is for the join alone: no memory for it otherwise */
    leg->ext = wmem_new0(wmem_file_scope(), skype_leg_ext_t);
    leg->ext->roles = roles;
    leg->ext->id = next_id++;
}

void skype_legs_message(skype_leg_t *leg, guint32 frame, guint64 us, gboolean edges, guint64 ice, guint64 tid,
                        const skype_ep_t *peer, gboolean turn_host)
{
    skype_leg_ext_t *x = leg->ext;
    guint i;

    if (x == NULL)
        return;
    if (x->first_us == 0)
        x->first_us = us;
    x->last_frame = frame;
    x->last_us = us;
    if (turn_host)
        x->roles |= SKYPE_LEG_R_TURN_HOST;
    if (!edges)
        return;
    if (ice != 0) {
        for (i = 0; i < x->nice && x->ice[i] != ice; i++)
            ;
        if (i == x->nice && x->nice < SKYPE_LEG_EXT_ICE)
            x->ice[x->nice++] = ice;
    }
    /* transaction keys: the first half kept, the second half a ring of the latest */
    if (tid != 0 && (x->ntid == 0 || x->tid[(x->ntid - 1) < SKYPE_LEG_EXT_TID
                                                 ? x->ntid - 1
                                                 : SKYPE_LEG_EXT_TID / 2 + (x->ntid - 1) % (SKYPE_LEG_EXT_TID / 2)] != tid)) {
        i = x->ntid < SKYPE_LEG_EXT_TID ? x->ntid : SKYPE_LEG_EXT_TID / 2 + x->ntid % (SKYPE_LEG_EXT_TID / 2);
        x->tid[i] = tid;
        x->ntid++;
    }
    if (peer != NULL && peer->family != 0 && (leg->kind == SKYPE_LEG_RELAYED || leg->kind == SKYPE_LEG_TCP)) {
        for (i = 0; i < x->npeers && !skype_ep_equal(&x->peers[i], peer); i++)
            ;
        if (i == x->npeers && x->npeers < SKYPE_LEG_EXT_PEERS)
            x->peers[x->npeers++] = *peer;
    }
}

void skype_legs_pending_rr(skype_leg_t *leg, gboolean sr, guint32 ssrc, guint32 lsr, guint32 dlsr, guint64 us,
                           guint32 frame)
{
    skype_leg_ext_t *x = leg->ext;

    if (x == NULL || x->nrr >= SKYPE_LEG_EXT_RR || (lsr == 0 && !sr) || !skype_legs_piece())
        return;
    x->rr[x->nrr].sr = (guint8)sr;
    x->rr[x->nrr].ssrc = ssrc;
    x->rr[x->nrr].lsr = lsr;
    x->rr[x->nrr].dlsr = dlsr;
    x->rr[x->nrr].us = us;
    x->rr[x->nrr].frame = frame;
    x->nrr++;
}

void skype_legs_tap(packet_info *pinfo, skype_leg_t *leg)
{
    if (have_tap_listener(legs_tap)) {
        skype_stat_table_frame(pinfo); /* the lazy tables' last tapped frame */
        tap_queue_packet(legs_tap, pinfo, leg);
    }
}

/* The id of leg's record (skype_legs_created), G_MAXUINT32 none. */
static guint32 leg_id(const skype_leg_t *leg)
{
    return leg->ext != NULL ? leg->ext->id : G_MAXUINT32;
}

/* ---- -z skype,legs ------------------------------------------------------ */

enum {
    L_ID, L_CLIENT, L_SERVER, L_KIND, L_FIRST_FRAME, L_LAST_FRAME, L_FIRST_US, L_LAST_US, L_FRAMES, L_BYTES,
    L_COMP, L_CALL, L_NUM, L_FLAGS, L_PHASE, L_PARTY, L_RANK, L_STREAM_TYPE, L_PT, L_STATE, L_ROLES, L_ICE, L_TID,
    L_PEERS, L_RR, L_COLS
};

static stat_tap_table_item legs_fields[L_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Leg", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Client", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Server", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Kind", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "First frame", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Last frame", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "First (us)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Last (us)", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Frames", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bytes", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Component", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Call root", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Call", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Flags", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Phase", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Party", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Rank", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Stream type", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "PT", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "State", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Roles", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "ICE", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "TID", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Peers", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Pending RR", "%s"},
};

/* ip:port, [ip6]:port; "-" for none (family 0). */
static char *ep_text(const skype_ep_t *ep)
{
    char a[WS_INET6_ADDRSTRLEN];

    if (ep->family == 6) {
        ip6_to_str_buf((const ws_in6_addr *)ep->addr, a, sizeof(a));
        return g_strdup_printf("[%s]:%u", a, ep->port);
    }
    if (ep->family != 4)
        return g_strdup("-");
    skype_ip4_to_str_buf(ep->addr, a, sizeof(a));
    return g_strdup_printf("%s:%u", a, ep->port);
}

static void leg_row(const skype_leg_t *leg, guint32 id, stat_tap_table_item_type *row)
{
    skype_callset_t *cs = skype_calls_set();
    const skype_leg_ext_t *x = leg->ext;
    GString *ice = g_string_new(NULL), *tid = g_string_new(NULL), *peers = g_string_new(NULL), *rr = g_string_new(NULL);
    guint32 root = SKYPE_CALL_NONE, call = SKYPE_CALL_NONE;
    guint n;

    if (leg->group != SKYPE_CALL_NONE && leg->group < cs->n) {
        root = skype_callset_root(cs, leg->group);
        call = skype_callset_call(cs, leg->group);
    }
    for (guint i = 0; x != NULL && i < x->nice; i++)
        g_string_append_printf(ice, "%s%016" G_GINT64_MODIFIER "x", i ? ";" : "", x->ice[i]);
    n = x == NULL ? 0 : MIN(x->ntid, SKYPE_LEG_EXT_TID);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(tid, "%s%016" G_GINT64_MODIFIER "x", i ? ";" : "", x->tid[i]);
    for (guint i = 0; x != NULL && i < x->npeers; i++) {
        char *e = ep_text(&x->peers[i]);
        g_string_append_printf(peers, "%s%s", i ? ";" : "", e);
        g_free(e);
    }
    /* s or r:ssrc:lsr:dlsr:us:frame, hex but us and frame */
    for (guint i = 0; x != NULL && i < x->nrr; i++)
        g_string_append_printf(rr, "%s%c:%08x:%08x:%08x:%" G_GINT64_MODIFIER "u:%u", i ? ";" : "",
                               x->rr[i].sr ? 's' : 'r', x->rr[i].ssrc, x->rr[i].lsr, x->rr[i].dlsr, x->rr[i].us,
                               x->rr[i].frame);
    memset(row, 0, sizeof(*row) * L_COLS);
    skype_stat_table_set_string(row, L_ID, g_strdup_printf("%u", id));
    skype_stat_table_set_string(row, L_CLIENT, ep_text(&leg->client));
    skype_stat_table_set_string(row, L_SERVER, ep_text(&leg->server));
    skype_stat_table_set_string(row, L_KIND, g_strdup_printf("%u", leg->kind));
    skype_stat_table_set_string(row, L_FIRST_FRAME, g_strdup_printf("%u", leg->first_frame));
    skype_stat_table_set_string(row, L_LAST_FRAME, g_strdup_printf("%u", x ? x->last_frame : leg->first_frame));
    skype_stat_table_set_string(row, L_FIRST_US, g_strdup_printf("%" G_GINT64_MODIFIER "u",
                                                             x != NULL && x->first_us != 0 ? x->first_us
                                                             : leg->group < cs->n ? cs->g[leg->group].first_us : 0));
    skype_stat_table_set_string(row, L_LAST_US, g_strdup_printf("%" G_GINT64_MODIFIER "u", x ? x->last_us : 0));
    skype_stat_table_set_string(row, L_FRAMES, g_strdup_printf("%u", leg->frames));
    skype_stat_table_set_string(row, L_BYTES, g_strdup_printf("%" G_GINT64_MODIFIER "u", leg->bytes));
    skype_stat_table_set_string(row, L_COMP, root == SKYPE_CALL_NONE ? g_strdup("-") : g_strdup_printf("%u", root));
    skype_stat_table_set_string(row, L_CALL, call == SKYPE_CALL_NONE ? g_strdup("-") : g_strdup_printf("%u", call));
    skype_stat_table_set_string(row, L_NUM, g_strdup_printf("%u", call == SKYPE_CALL_NONE ? 0 : skype_callset_number(cs, call)));
    skype_stat_table_set_string(row, L_FLAGS, g_strdup_printf("%u", root == SKYPE_CALL_NONE ? 0 : cs->g[root].flags));
    skype_stat_table_set_string(row, L_PHASE, g_strdup_printf("%u", root == SKYPE_CALL_NONE ? 0 : cs->g[root].phase));
    skype_stat_table_set_string(row, L_PARTY, ep_text(&leg->party));
    skype_stat_table_set_string(row, L_RANK, g_strdup_printf("%u", skype_calls_party_rank(leg)));
    skype_stat_table_set_string(row, L_STREAM_TYPE, g_strdup_printf("%u", leg->stream_type));
    skype_stat_table_set_string(row, L_PT, g_strdup_printf("%d", leg->pt));
    /* answered, media, peer named, opaque (a TLS leg), a continuation, an upgraded one (skype_leg.h) */
    skype_stat_table_set_string(row, L_STATE, g_strdup_printf("%u", (guint)(leg->answered | leg->media << 1 |
                                    leg->peer_named << 2 | leg->opaque << 3 |
                                    (leg->cont == SKYPE_CONT_MEDIA) << 4 |
                                    (leg->cont == SKYPE_CONT_UPGRADED) << 5)));
    skype_stat_table_set_string(row, L_ROLES, g_strdup_printf("%u", x ? x->roles : 0));
    skype_stat_table_set_string(row, L_ICE, ice->len ? g_string_free(ice, FALSE) : (g_string_free(ice, TRUE), g_strdup("-")));
    skype_stat_table_set_string(row, L_TID, tid->len ? g_string_free(tid, FALSE) : (g_string_free(tid, TRUE), g_strdup("-")));
    skype_stat_table_set_string(row, L_PEERS,
                                peers->len ? g_string_free(peers, FALSE) : (g_string_free(peers, TRUE), g_strdup("-")));
    skype_stat_table_set_string(row, L_RR, rr->len ? g_string_free(rr, FALSE) : (g_string_free(rr, TRUE), g_strdup("-")));
}

static void legs_table_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams legs (format " G_STRINGIFY(SKYPE_LEGS_FORMAT) ")", L_COLS);
    skype_dispatch_piece_post();
}

/* The rows of the three tables are made when a table is filled
 * (skype_stat_table.h): at the last frame the plugin taps in a pass over
 * frames already seen, or at a draw; a packet only marks the table, which
 * is to have n rows (G_MAXUINT: grown, whatever it had). */
static tap_packet_status mark(void *tapdata, packet_info *pinfo, guint n)
{
    stat_data_t *sd = (stat_data_t *)tapdata;
    stat_tap_table *table = g_array_index(sd->stat_tap_data->tables, stat_tap_table *, 0);
    skype_stat_lazy_t *lazy = skype_stat_table_lazy(table);

    skype_stat_table_mark(lazy, pinfo, n > lazy->want);
    if (n != G_MAXUINT)
        lazy->want = MAX(lazy->want, n);
    skype_stat_table_tapped(pinfo);
    return TAP_PACKET_REDRAW;
}

static tap_packet_status legs_table_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                           const void *data _U_, tap_flags_t flags _U_)
{
    return mark(tapdata, pinfo, wmem_array_get_count(skype_calls_legs()));
}

/* Every leg's row, made anew: O(legs). */
static void legs_fill(stat_tap_table *table, skype_stat_lazy_t *lazy _U_)
{
    wmem_array_t *legs = skype_calls_legs();
    stat_tap_table_item_type row[L_COLS];

    for (guint i = 0; i < wmem_array_get_count(legs); i++) {
        const skype_leg_t *leg = *(skype_leg_t **)wmem_array_index(legs, i);
        if (i < table->num_elements)
            skype_stat_table_free_row(table, i);
        leg_row(leg, leg_id(leg), row);
        stat_tap_init_table_row(table, i, L_COLS, row);
    }
}

/* ---- -z skype,legstreams ------------------------------------------------ */

enum { S_LEG, S_SSRC, S_STATE, S_HEAD, S_COLS };

static stat_tap_table_item streams_fields[S_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Leg", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "SSRC", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "State", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Head", "%s"},
};

/* size:hex of a structure in host byte order: the join reads it back into
 * the same structure (same build, same architecture). No printf per byte. */
static char *hex_of(const void *p, gsize size)
{
    static const char digits[] = "0123456789abcdef";
    const guint8 *b = (const guint8 *)p;
    char *hex = (char *)g_malloc(2 * size + 12), *h;

    h = hex + g_snprintf(hex, 12, "%u:", (guint)size);
    for (gsize i = 0; i < size; i++) {
        *h++ = digits[b[i] >> 4];
        *h++ = digits[b[i] & 15];
    }
    *h = '\0';
    return hex;
}


static void stream_row(const skype_stream_ref_t *ref, guint32 id, stat_tap_table_item_type *row)
{
    memset(row, 0, sizeof(*row) * S_COLS);
    skype_stat_table_set_string(row, S_LEG, g_strdup_printf("%u", id));
    skype_stat_table_set_string(row, S_SSRC, g_strdup_printf("0x%08X", ref->s->ssrc));
    /* the stream's state, and the transits of its first packets (core/skype_stream_join.h) */
    skype_stat_table_set_string(row, S_STATE, hex_of(ref->s, sizeof(skype_rtp_stream_t)));
    skype_stat_table_set_string(row, S_HEAD, ref->head != NULL ? hex_of(ref->head, sizeof(skype_rtp_head_t))
                                                               : g_strdup("-"));
}

static void legstreams_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams leg streams (format " G_STRINGIFY(SKYPE_LEGS_FORMAT) ")", S_COLS);
}

static tap_packet_status legstreams_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                           const void *data _U_, tap_flags_t flags _U_)
{
    return mark(tapdata, pinfo, wmem_array_get_count(skype_streams_all()));
}

/* Every stream's row, made anew: O(streams). */
static void legstreams_fill(stat_tap_table *table, skype_stat_lazy_t *lazy _U_)
{
    wmem_array_t *all = skype_streams_all();
    stat_tap_table_item_type row[S_COLS];

    for (guint i = 0; i < wmem_array_get_count(all); i++) {
        const skype_stream_ref_t *ref = (const skype_stream_ref_t *)wmem_array_index(all, i);
        if (i < table->num_elements)
            skype_stat_table_free_row(table, i);
        stream_row(ref, leg_id(ref->leg), row);
        stat_tap_init_table_row(table, i, S_COLS, row);
    }
}

/* ---- -z skype,legseconds ------------------------------------------------ */

/* One row per stream per second: the stream's ended seconds, then its
 * current one (as -z skype,seconds shows them, skype_streams_table.c), for
 * the join to rebuild that table of the whole set. The jitter as %.9g: the
 * float back exactly. */
enum { SEC_STREAM, SEC_SECOND, SEC_PACKETS, SEC_BYTES, SEC_LOST, SEC_FRAMES, SEC_JITTER, SEC_COLS };

static stat_tap_table_item seconds_fields[SEC_COLS] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Stream", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Second", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Packets", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bytes", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Lost", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Frames", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Max jitter (ms)", "%s"},
};

static void second_row(guint32 stream, const skype_rtp_second_t *b, stat_tap_table_item_type *row)
{
    memset(row, 0, sizeof(*row) * SEC_COLS);
    skype_stat_table_set_string(row, SEC_STREAM, g_strdup_printf("%u", stream));
    skype_stat_table_set_string(row, SEC_SECOND, g_strdup_printf("%u", b->second));
    skype_stat_table_set_string(row, SEC_PACKETS, g_strdup_printf("%u", b->packets));
    skype_stat_table_set_string(row, SEC_BYTES, g_strdup_printf("%u", b->bytes));
    skype_stat_table_set_string(row, SEC_LOST, g_strdup_printf("%u", b->lost));
    skype_stat_table_set_string(row, SEC_FRAMES, g_strdup_printf("%u", b->frames));
    skype_stat_table_set_string(row, SEC_JITTER, g_strdup_printf("%.9g", (double)b->jitter_max_ms));
}

static void legseconds_init(stat_tap_table_ui *ui)
{
    skype_stat_table_init(ui, "Skype/Teams leg seconds (format " G_STRINGIFY(SKYPE_LEGS_FORMAT) ")", SEC_COLS);
}

/* A stream's seconds may have grown at any packet. */
static tap_packet_status legseconds_packet(void *tapdata, packet_info *pinfo, epan_dissect_t *edt _U_,
                                           const void *data _U_, tap_flags_t flags _U_)
{
    return mark(tapdata, pinfo, G_MAXUINT);
}

/* Every stream's seconds, made anew: O(rows). */
static void legseconds_fill(stat_tap_table *table, skype_stat_lazy_t *lazy _U_)
{
    wmem_array_t *all = skype_streams_all();
    stat_tap_table_item_type row[SEC_COLS];
    guint r = 0;

    for (guint i = 0; i < wmem_array_get_count(all); i++) {
        const skype_stream_ref_t *ref = (const skype_stream_ref_t *)wmem_array_index(all, i);
        guint n = wmem_array_get_count(ref->seconds);
        for (guint k = 0; k <= n; k++) {
            const skype_rtp_second_t *b = k < n ? (const skype_rtp_second_t *)wmem_array_index(ref->seconds, k)
                                                : &ref->s->cur;
            if (k == n && ref->s->packets == 0)
                break;
            if (r < table->num_elements)
                skype_stat_table_free_row(table, r);
            second_row(i, b, row);
            stat_tap_init_table_row(table, r++, SEC_COLS, row);
        }
    }
}

void skype_legs_table_register(void)
{
    static stat_tap_table_ui legs_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Legs",
        "skype_legs",
        "skype,legs",
        legs_table_init,
        legs_table_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        L_COLS,
        legs_fields,
        0,
        NULL,
        NULL,
        0};
    static stat_tap_table_ui legstreams_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Leg Streams",
        "skype_legs",
        "skype,legstreams",
        legstreams_init,
        legstreams_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        S_COLS,
        streams_fields,
        0,
        NULL,
        NULL,
        0};

    static stat_tap_table_ui legseconds_ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED,
        "Skype Leg Seconds",
        "skype_legs",
        "skype,legseconds",
        legseconds_init,
        legseconds_packet,
        skype_stat_table_reset,
        skype_stat_table_free_item,
        NULL,
        SEC_COLS,
        seconds_fields,
        0,
        NULL,
        NULL,
        0};

    legs_tap = register_tap("skype_legs");
    skype_stat_table_lazy_ui(&legs_ui, legs_fill);
    skype_stat_table_lazy_ui(&legstreams_ui, legstreams_fill);
    skype_stat_table_lazy_ui(&legseconds_ui, legseconds_fill);
    register_stat_tap_table_ui(&legs_ui);
    register_stat_tap_table_ui(&legstreams_ui);
    register_stat_tap_table_ui(&legseconds_ui);
    register_init_routine(legs_init);
}
