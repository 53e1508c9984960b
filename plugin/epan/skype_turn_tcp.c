/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TURN over TCP, a call's TCP leg (skype_turn_tcp.h; docs/modern.md, "TURN
 * over TCP"). The PDU framing is the core's (skype_turn_tcp_pdu_len,
 * core/skype_modern.h); this file keeps the per-direction stream position,
 * writes the frames' records and builds the tree.
 */
#include "skype_turn_tcp.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/packet.h>
#include <epan/proto_data.h>

#include "../core/skype_modern.h"
#include "../core/skype_phase.h"
#include "../core/skype_turn_tcp.h"
#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_modern.h"
#include "skype_state.h"
#include "skype_stats.h"

#define SKYPE_TURN_FRAME_KEY 0x7475u /* frame proto data (file scope): skype_turn_frame_t */
#define SKYPE_TURN_MAX_PDUS 8u       /* PDUs starting in one segment that are shown */

/* The PDUs of a TURN connection's stream that start in one frame's segment
 * (first pass), for the tree in every pass. */
typedef struct skype_turn_frame {
    guint16 method[SKYPE_TURN_MAX_PDUS]; /* STUN method, 0 for ChannelData */
    guint16 ms[SKYPE_TURN_MAX_PDUS];     /* SKYPE_MS_* bits of a STUN message */
    guint8 n;
} skype_turn_frame_t;

/*
 * TURN connection, first pass: note the PDUs (STUN messages, ChannelData)
 * that start in this piece of the stream, tvb, whose first byte is TCP
 * sequence number ti->seq (the segment, or data TCP reassembled for STUN:
 * either way the PDUs begun before next_pdu were noted already, so each is
 * noted once, in the frame of its first byte, whatever TCP's reassembly
 * preferences). Fills the frame's record and tf.
 */
static void turn_analyse(tvbuff_t *tvb, packet_info *pinfo, skype_tcp_conv_t *tc, const struct tcpinfo *ti,
                         skype_turn_frame_t *tf)
{
    guint caplen = tvb_captured_length(tvb), len = tvb_reported_length(tvb);
    skype_frame_rec_t *rec = skype_frame_rec(pinfo->num);
    gboolean first = rec == NULL;
    const guint8 *p = tvb_get_ptr(tvb, 0, caplen);
    skype_ep_t src;
    skype_turn_walk_t w;
    skype_turn_pdu_t pdu;
    guint8 rest;
    int dir;

    if (rec == NULL && (rec = skype_frame_rec_new(pinfo->num)) != NULL)
        rec->tcp_mode = SKYPE_MODE_TURN;
    dir = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &tc->client) ? 0 : 1;
    skype_turn_walk_begin(&w, &tc->turn, (unsigned)dir, p, caplen, len, ti != NULL, ti != NULL ? ti->seq : 0);
    while (skype_turn_walk_next(&w, &pdu)) {
        skype_calls_stream_pdu(tc->leg, pinfo, pdu.pkt, pdu.stun ? &pdu.info : NULL, p + pdu.off, caplen - pdu.off,
                               len, rec, tc->evidence, first);
        first = FALSE;
        if (tf->n < SKYPE_TURN_MAX_PDUS) {
            tf->method[tf->n] = pdu.stun ? pdu.info.method : 0;
            tf->ms[tf->n] = pdu.stun ? pdu.info.ms : 0;
            tf->n++;
        }
    }
    rest = skype_turn_walk_end(&w);
    if (first) /* only the rest of an earlier PDU: counted, its phase again */
        skype_calls_stream_pdu(tc->leg, pinfo, rest, NULL, NULL, 0, len, rec, tc->evidence, TRUE);
    if (rec != NULL) {
        tc->phase = rec->phase;
        skype_timeline_enter(&tc->timeline, pinfo->num, rec->phase);
    }
}

/* The skype layer of a TURN connection's frame, from its first-pass record
 * (rec may be NULL) and, from index from on, the STUN messages tf noted. */
static proto_tree *turn_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                             const skype_frame_rec_t *rec)
{
    proto_item *ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_tree *st;

    proto_item_append_text(ti, " (tagged: STUN/TURN over TCP)");
    st = proto_item_add_subtree(ti, skype_tcp_ett());
    skype_tcp_mode_item(tvb, st, SKYPE_MODE_TURN);
    if (rec != NULL) {
        skype_conv_add_tree(tvb, pinfo, st, rec);
        skype_stats_frame(pinfo, rec, &tc->client);
    }
    skype_calls_add_tree(tvb, pinfo, st, tc->leg);
    return st;
}

static void turn_stun_tree(tvbuff_t *tvb, proto_tree *st, const skype_turn_frame_t *tf, guint from)
{
    for (guint i = from; tf != NULL && i < tf->n; i++)
        if (tf->method[i] != 0)
            skype_modern_stun_tree(tvb, st, tf->method[i], tf->ms[i]);
}

void skype_turn_tcp_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                             const struct tcpinfo *ti, skype_turn_shown_t *shown)
{
    skype_turn_frame_t *tf = (skype_turn_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_skype,
                                                                    SKYPE_TURN_FRAME_KEY);
    guint from = 0;

    if (!PINFO_FD_VISITED(pinfo)) {
        if (tf == NULL) {
            tf = wmem_new0(wmem_file_scope(), skype_turn_frame_t);
            p_add_proto_data(wmem_file_scope(), pinfo, proto_skype, SKYPE_TURN_FRAME_KEY, tf);
        }
        from = tf->n;
        turn_analyse(tvb, pinfo, tc, ti, tf);
    }
    if (!shown->made) {
        shown->made = TRUE;
        shown->st = turn_tree(tvb, pinfo, tree, tc, skype_frame_rec(pinfo->num));
        skype_calls_tap(pinfo, tc->leg);
        skype_calls_voip(pinfo, tc->leg);
        from = 0;
    }
    turn_stun_tree(tvb, shown->st, tf, from);
}

int skype_turn_tcp_undissected(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    col_add_fstr(pinfo->cinfo, COL_INFO, "STUN/TURN over TCP, %u bytes", tvb_reported_length(tvb));
    call_data_dissector(tvb, pinfo, tree);
    return (int)tvb_captured_length(tvb);
}

void skype_turn_tcp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                         const skype_frame_rec_t *rec)
{
    proto_tree *st = turn_tree(tvb, pinfo, tree, tc, rec);

    turn_stun_tree(tvb, st,
                   (const skype_turn_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_skype,
                                                                SKYPE_TURN_FRAME_KEY),
                   0);
    skype_calls_tap(pinfo, tc->leg);
}

/* See skype_turn_tcp.h. No allocation on the way to a NULL but the
 * tracking of the first payload of connections that got that far. */
skype_tcp_conv_t *skype_turn_tcp_recognise(tvbuff_t *tvb, packet_info *pinfo)
{
    guint caplen = tvb_captured_length(tvb), n = MIN(caplen, 512u);
    skype_stun_info_t info;
    skype_ep_t src, dst;
    skype_tcp_conv_t *tc;
    guint8 evidence;

    if (caplen < SKYPE_STUN_HEADER_LEN || PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt)
        return NULL;
    /* STUN's first byte, then the 4-byte magic cookie */
    if ((tvb_get_uint8(tvb, 0) & 0xc0) != 0 ||
        !(skype_turn_tcp_port((guint16)pinfo->srcport) || skype_turn_tcp_port((guint16)pinfo->destport)) ||
        tvb_get_ntohl(tvb, 4) != SKYPE_STUN_COOKIE)
        return NULL;
    if (!skype_turn_tcp_first(tvb_get_ptr(tvb, 0, n), n, tvb_reported_length(tvb), &info))
        return NULL;
    if (info.ms != 0)
        evidence = SKYPE_EV_MS_STUN;
    else if (skype_relay_address(&pinfo->src) || skype_relay_address(&pinfo->dst))
        evidence = SKYPE_EV_RELAY_RANGE;
    else
        return NULL;
    if (!skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) ||
        !skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport) ||
        !skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst, 0))
        return NULL;
    tc = skype_tcp_conv_new(pinfo, &src, SKYPE_MODE_TURN, evidence, TRUE);
    tc->leg = skype_calls_leg_new(pinfo);
    tc->leg->kind = SKYPE_LEG_TCP;
    return tc;
}
