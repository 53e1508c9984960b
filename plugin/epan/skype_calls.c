/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls, epan side (skype_calls.h; docs/modern.md,
 * "Calls"). Grouping, phases, kinds and quality are computed by the core
 * (core/skype_call.h) from values Wireshark's dissectors already produced:
 * RTP header fields from the rtp tap, the DS field from the ip/ipv6 taps.
 * The taps are fetched during dissection (fetch_tapped_data), so their
 * listeners are registered, as dissector helpers, only when the first
 * Skype/Teams 5-tuple of a capture is tagged.
 */
#include "skype_calls.h"

#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/tap-voip.h>
#include <epan/to_str.h>
#include <epan/dissectors/packet-ip.h>
#include <epan/dissectors/packet-rtcp.h>
#include <epan/dissectors/packet-rtp.h>

#include "../core/skype_call_graph.h"
#include "../core/skype_call_join.h"
#include "../core/skype_phase.h"
#include "skype_compat.h"
#include "skype_legs.h"
#include "skype_streams.h"

static skype_call_graph_t graph;     /* the graph of legs (core/skype_call_graph.h), file scope */
static wmem_array_t *legs;           /* skype_leg_t*, in order of creation */
static guint64 capture_start_us;     /* abs time of the capture's first frame */

static int ip_tap_id, ipv6_tap_id, rtp_tap_id; /* 0: none (find_tap_id's "not found") */
static int calls_tap = -1;
static int voip_tap;                 /* the generic VoIP tap (epan/tap-voip.h) */
static dissector_handle_t rtp_handle;

static int hf_call_id = -1;
static int hf_call_leg = -1;
static int hf_media_kind = -1;
static int hf_media_kind_rule = -1;
static int hf_media_dscp_expected = -1;
static expert_field ei_dscp_mismatch = EI_INIT;

static const value_string leg_vals[] = {
    {SKYPE_LEG_DIRECT, "Direct"},
    {SKYPE_LEG_RELAYED, "Relayed (TURN)"},
    {SKYPE_LEG_TCP, "TCP fallback"},
    {0, NULL}};

static const value_string kind_vals[] = {
    {SKYPE_MEDIA_UNKNOWN, "Unknown"},
    {SKYPE_MEDIA_AUDIO, "Audio"},
    {SKYPE_MEDIA_VIDEO, "Video"},
    {SKYPE_MEDIA_SCREEN, "Screen sharing"},
    {SKYPE_MEDIA_DATA, "Data"},
    {0, NULL}};

static const value_string rule_vals[] = {
    {SKYPE_RULE_SERVICE_QUALITY, "MS-SERVICE-QUALITY stream type"},
    {SKYPE_RULE_PAYLOAD_TYPE, "RTP payload type"},
    {SKYPE_RULE_PORT_RANGE, "Teams client or Transport Relay port"},
    {0, NULL}};

static void *grow_file_scope(void *ctx _U_, void *ptr, size_t size)
{
    return wmem_realloc(wmem_file_scope(), ptr, size);
}

static void calls_init(void)
{
    skype_graph_init(&graph, grow_file_scope, NULL);
    legs = wmem_array_new(wmem_file_scope(), sizeof(skype_leg_t *));
    capture_start_us = 0;
}

/* After the first pass (postseq cleanup: tshark before -2's second pass and
 * before drawing its tables, the GUI after loading a file): the last resort,
 * the host edge, once every other edge is known (skype_callset_settle). */
static void calls_settle(void)
{
    skype_settle_item_t *scratch;

    if (graph.cs.n == 0)
        return;
    scratch = wmem_alloc_array(NULL, skype_settle_item_t, graph.cs.n);
    (void)skype_callset_settle(&graph.cs, SKYPE_CALL_JOIN_WINDOW_US, scratch);
    wmem_free(NULL, scratch);
}

/* The listeners only make the taps' data fetchable during dissection. */
static void enable_taps(void)
{
    static gboolean enabled;
    static const char *const names[] = {"ip", "ipv6", "rtp"};
    int *ids[] = {&ip_tap_id, &ipv6_tap_id, &rtp_tap_id};

    if (enabled)
        return;
    enabled = TRUE;
    for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
        GString *err;
        *ids[i] = find_tap_id(names[i]);
        if (*ids[i] <= 0)
            continue;
        err = register_tap_listener(names[i], ids[i], NULL, TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
        if (err != NULL) {
            g_string_free(err, TRUE);
            *ids[i] = 0;
        }
    }
}

/* Does the capture know ep as a Teams media host's end: its ip:port is a
 * leg's client port, or its host sent TURN requests (roles,
 * skype_call_client_is_dst)? */
static gboolean teams_end(const skype_ep_t *ep)
{
    return skype_graph_lookup(&graph, skype_edge_ep_key(SKYPE_EDGE_PORT, ep), 0) != SKYPE_CALL_NONE ||
           skype_graph_lookup(&graph, skype_edge_host_key(ep), 0) != SKYPE_CALL_NONE;
}

/* A node of the graph for leg from this frame on (SKYPE_CALL_NONE when the
 * set is full). */
static guint32 leg_node(skype_leg_t *leg, packet_info *pinfo)
{
    return skype_callset_add(&graph.cs, &leg->client, pinfo->num, (guint64)skype_time_us(&pinfo->abs_ts));
}

static skype_leg_t *leg_new(packet_info *pinfo, gboolean cont)
{
    skype_leg_t *leg = wmem_new0(wmem_file_scope(), skype_leg_t);
    gboolean src_relay, dst_relay, src_teams, dst_teams;
    guint8 roles;

    enable_taps();
    skype_ep_from_address(&leg->client, &pinfo->src, pinfo->srcport);
    skype_ep_from_address(&leg->server, &pinfo->dst, pinfo->destport);
    src_relay = skype_relay_address(&pinfo->src);
    dst_relay = skype_relay_address(&pinfo->dst);
    src_teams = teams_end(&leg->client);
    dst_teams = teams_end(&leg->server);
    if (skype_call_client_is_dst(&leg->client, &leg->server, src_relay, dst_relay, src_teams, dst_teams)) {
        skype_ep_t t = leg->client; /* the far end sent first: the peer's check, a relay's answer */
        leg->client = leg->server;
        leg->server = t;
        roles = (guint8)((dst_teams ? SKYPE_LEG_R_CLIENT_TEAMS : 0) | (src_teams ? SKYPE_LEG_R_SERVER_TEAMS : 0) |
                         (dst_relay ? SKYPE_LEG_R_CLIENT_RELAY : 0) | (src_relay ? SKYPE_LEG_R_SERVER_RELAY : 0));
    } else {
        roles = (guint8)(SKYPE_LEG_R_SRC_CLIENT | (src_teams ? SKYPE_LEG_R_CLIENT_TEAMS : 0) |
                         (dst_teams ? SKYPE_LEG_R_SERVER_TEAMS : 0) | (src_relay ? SKYPE_LEG_R_CLIENT_RELAY : 0) |
                         (dst_relay ? SKYPE_LEG_R_SERVER_RELAY : 0));
    }
    leg->first_frame = pinfo->num;
    leg->pt = -1;
    leg->cont = cont ? SKYPE_CONT_MEDIA : 0;
    leg->group = cont ? SKYPE_CALL_NONE : leg_node(leg, pinfo);
    if (skype_relay_port(leg->client.port) || skype_relay_port(leg->server.port))
        leg->kind = SKYPE_LEG_RELAYED;
    else if (cont)
        leg->kind = SKYPE_LEG_DIRECT;
    if (wmem_array_get_count(legs) == 0) {
        guint64 rel = (guint64)skype_time_us(&pinfo->rel_ts), now = (guint64)skype_time_us(&pinfo->abs_ts);
        capture_start_us = skype_streams_origin_us() != 0 ? skype_streams_origin_us() : now >= rel ? now - rel : now;
    }
    wmem_array_append_one(legs, leg);
    skype_legs_created(leg, roles);
    return leg;
}

skype_leg_t *skype_calls_leg_new(packet_info *pinfo)
{
    return leg_new(pinfo, FALSE);
}

skype_leg_t *skype_calls_cont_leg_new(packet_info *pinfo, gboolean tcp)
{
    skype_leg_t *leg = leg_new(pinfo, TRUE);

    if (tcp) {
        leg->kind = SKYPE_LEG_TCP;
        leg->opaque = 1;
    }
    return leg;
}

/* The leg as it was at frame num: the 5-tuple in the call it was in then. */
static skype_leg_t *epoch(skype_leg_t *leg, guint32 num)
{
    while (leg->prev != NULL && num < leg->first_frame)
        leg = leg->prev;
    return leg;
}

/* The leg left an ended call at this frame (rule 4): what it had stays with
 * that call as an earlier copy; the leg starts over as a new node. */
static void leg_restart(skype_leg_t *leg, packet_info *pinfo, guint len, gboolean count)
{
    skype_leg_t *old = wmem_new(wmem_file_scope(), skype_leg_t);

    *old = *leg;
    if (count) {
        old->frames--;
        old->bytes -= len;
    }
    wmem_array_append_one(legs, old);
    leg->prev = old;
    leg->first_frame = pinfo->num;
    leg->group = leg_node(leg, pinfo);
    leg->frames = count ? 1 : 0;
    leg->bytes = count ? len : 0;
    leg->nstreams = 0;
    memset(leg->streams, 0, sizeof(leg->streams));
    leg->media = 0;
    leg->edges_done = 0;
    skype_legs_created(leg, old->ext != NULL ? old->ext->roles : 0);
    skype_streams_moved(old);
}

void skype_calls_cont_upgrade(skype_leg_t *leg, packet_info *pinfo)
{
    if (leg->cont != SKYPE_CONT_MEDIA)
        return;
    /* the continuation's frames and streams stay its own (an earlier leg's,
     * or in no call: the join decides); the leg starts here, as one capture
     * would have started it or restarted it after an ended call */
    leg_restart(leg, pinfo, 0, FALSE);
    leg->cont = SKYPE_CONT_UPGRADED;
}

/* The rank of the leg's party after a message (core enum skype_party_rank):
 * the far end of a pair that carried media, that answered a check (a
 * Binding success response from the far side), or a peer a TURN message
 * named; a relay whose peer is not on the wire; else none (a silent
 * candidate is never the party). */
static guint8 party_rank(const skype_leg_t *leg, const skype_stun_info_t *stun, gboolean from_server)
{
    if (leg->party.family == 0)
        return SKYPE_PARTY_NONE;
    if (leg->party.port == 1)
        return SKYPE_PARTY_RELAY;
    if (leg->media)
        return SKYPE_PARTY_MEDIA;
    if (leg->peer_named || leg->answered ||
        (stun != NULL && stun->method == SKYPE_STUN_BINDING && stun->klass == 2 && from_server))
        return SKYPE_PARTY_ANSWERED;
    return SKYPE_PARTY_NONE;
}

guint8 skype_calls_party_rank(const skype_leg_t *leg)
{
    return party_rank(leg, NULL, FALSE);
}

/* One message of leg (a datagram, or a PDU of a TCP leg's stream); count:
 * the frame is new to the leg, len bytes. */
static void leg_message(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                        const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence,
                        gboolean count)
{
    guint64 us = (guint64)skype_time_us(&pinfo->abs_ts), key = 0, tid = 0;
    guint8 proposed = skype_call_message_phase(pkt, stun, p, caplen), phase = SKYPE_PHASE_NONE;
    gboolean changed = FALSE, by_peer, from_server, placed = skype_pkt_placed(pkt);
    skype_leg_msg_t m;
    skype_ep_t src, party;
    guint32 call;

    if (count) {
        leg->frames++;
        leg->bytes += len;
    }
    if (leg->cont == SKYPE_CONT_MEDIA) {
        /* a continuation counts its frames alone (skype_calls_cont_upgrade) */
        skype_legs_message(leg, pinfo->num, us, FALSE, 0, 0, NULL, FALSE);
        if (rec != NULL) {
            rec->evidence = evidence;
            rec->conv_first_frame = leg->first_frame;
        }
        return;
    }
    from_server = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &leg->server);
    if (pkt == SKYPE_PKT_STUN && stun != NULL) {
        if (stun->stream_type != 0)
            leg->stream_type = stun->stream_type;
        key = skype_call_ice_key(stun, p, caplen, &leg->stream_type);
        if (stun->method != SKYPE_STUN_BINDING && caplen >= SKYPE_STUN_HEADER_LEN) {
            /* [MS-TURN]'s transaction ID is bytes 4-19; RFC 5389's 8-19 */
            tid = skype_edge_tid_key(p + (stun->msturn ? 4 : 8), stun->msturn ? 16u : 12u);
            if (stun->klass == 0 && !from_server) /* the host runs a Teams media stack */
                skype_graph_note(&graph, leg->group, skype_edge_host_key(&leg->client));
        }
        if (stun->method == SKYPE_STUN_BINDING && stun->klass == 2 && from_server)
            leg->answered = 1;
    }
    leg->kind = skype_call_leg_kind(leg->kind, pkt, stun);
    /* the remote party: the peer a TURN message names, once seen, else the far side */
    by_peer = stun != NULL && stun->peer.family != 0 && (leg->kind == SKYPE_LEG_RELAYED || leg->kind == SKYPE_LEG_TCP);
    if (!leg->peer_named || by_peer) {
        skype_call_party(&party, &leg->server, leg->kind, by_peer ? &stun->peer : NULL);
        leg->party = party;
        leg->peer_named |= (guint8)by_peer;
    }
    if (leg->group != SKYPE_CALL_NONE && placed && skype_graph_ended(&graph, leg->group, key, us))
        leg_restart(leg, pinfo, len, count);
    if (proposed == SKYPE_PHASE_MEDIA)
        leg->media = 1;
    memset(&m, 0, sizeof(m));
    m.client = &leg->client;
    m.server = &leg->server;
    m.peer = stun != NULL ? &stun->peer : NULL;
    m.party = &leg->party;
    m.ice = key;
    m.tid = tid;
    m.us = us;
    m.kind = leg->kind;
    m.party_rank = party_rank(leg, stun, from_server);
    m.placed = placed;
    m.media = proposed == SKYPE_PHASE_MEDIA;
    /* a media datagram presents the keys once: the rest change nothing */
    m.edges = placed && (!leg->edges_done || (pkt != SKYPE_PKT_RTP && pkt != SKYPE_PKT_RTCP));
    if (m.edges)
        leg->edges_done = 1;
    skype_legs_message(leg, pinfo->num, us, m.edges, key, tid, m.peer,
                       stun != NULL && stun->method != SKYPE_STUN_BINDING && stun->klass == 0 && !from_server);
    (void)skype_graph_message(&graph, leg->group, &m);
    call = skype_callset_call(&graph.cs, leg->group);
    if (call != SKYPE_CALL_NONE) {
        skype_call_group_t *g = &graph.cs.g[call];
        changed = skype_call_phase_enter(&g->phase, skype_call_leg_phase(proposed, leg->media, g->phase));
        phase = g->phase;
        skype_callset_touch(&graph.cs, call, pinfo->num, us);
    }
    if (leg->group != SKYPE_CALL_NONE)
        skype_callset_touch(&graph.cs, leg->group, pinfo->num, us);
    if (rec != NULL) {
        rec->phase = phase;
        /* several messages in one segment: the frame changed the phase if one of them did */
        rec->phase_changed = (guint8)(changed || (!count && rec->phase_changed));
        rec->evidence = evidence;
        rec->conv_first_frame = leg->first_frame;
    }
}

void skype_calls_frame(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                       const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence)
{
    leg_message(leg, pinfo, pkt, stun, p, caplen, len, rec, evidence, TRUE);
}

void skype_calls_stream_pdu(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                            const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence,
                            gboolean first_of_frame)
{
    leg_message(leg, pinfo, pkt, stun, p, caplen, len, rec, evidence, first_of_frame);
}

skype_leg_t *skype_calls_tcp_leg(packet_info *pinfo, const skype_ep_t *client)
{
    skype_leg_t *leg = skype_calls_leg_new(pinfo);
    skype_leg_msg_t m;

    if (!skype_ep_equal(&leg->client, client)) {
        skype_ep_t t = leg->client; /* the frame came from the relay */
        leg->client = *client;
        leg->server = t;
        if (leg->group != SKYPE_CALL_NONE) {
            graph.cs.g[leg->group].host = *client;
            graph.cs.g[leg->group].host.port = 0;
        }
    }
    leg->kind = SKYPE_LEG_TCP;
    leg->opaque = 1;
    leg->frames = 0; /* counted by skype_tcp.c as its frames are read, this one too */
    skype_call_party(&leg->party, &leg->server, leg->kind, NULL);
    memset(&m, 0, sizeof(m));
    m.client = &leg->client;
    m.server = &leg->server;
    m.us = (guint64)skype_time_us(&pinfo->abs_ts);
    m.kind = SKYPE_LEG_TCP;
    m.candidate = TRUE;
    m.edges = TRUE;
    if (leg->ext != NULL) { /* the caller decided the client end */
        skype_ep_t src;
        leg->ext->roles &= (guint8)~SKYPE_LEG_R_SRC_CLIENT;
        if (skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &leg->client))
            leg->ext->roles |= SKYPE_LEG_R_SRC_CLIENT;
    }
    skype_legs_message(leg, pinfo->num, m.us, TRUE, 0, 0, NULL, FALSE);
    (void)skype_graph_message(&graph, leg->group, &m);
    return leg;
}

void skype_calls_add_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg)
{
    guint32 num;

    leg = epoch(leg, pinfo->num);
    num = skype_callset_number(&graph.cs, leg->group);
    if (num == 0)
        return; /* in no call (a relay-range flow with nothing a call places): no call fields */
    proto_item_set_generated(proto_tree_add_uint(tree, hf_call_id, tvb, 0, 0, num));
    if (leg->kind != SKYPE_LEG_NONE)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_call_leg, tvb, 0, 0, leg->kind));
    if (leg->opaque && skype_kind_from_port(leg->client.port) != SKYPE_MEDIA_UNKNOWN) {
        proto_item_set_generated(
            proto_tree_add_uint(tree, hf_media_kind, tvb, 0, 0, skype_kind_from_port(leg->client.port)));
        proto_item_set_generated(proto_tree_add_uint(tree, hf_media_kind_rule, tvb, 0, 0, SKYPE_RULE_PORT_RANGE));
    }
}

void skype_calls_kind_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg)
{
    guint8 rule, kind;

    leg = epoch(leg, pinfo->num);
    kind = skype_media_kind(leg->stream_type, leg->pt, leg->client.port, leg->server.port, &rule);
    if (kind == SKYPE_MEDIA_UNKNOWN || skype_callset_number(&graph.cs, leg->group) == 0)
        return;
    proto_item_set_generated(proto_tree_add_uint(tree, hf_media_kind, tvb, 0, 0, kind));
    proto_item_set_generated(proto_tree_add_uint(tree, hf_media_kind_rule, tvb, 0, 0, rule));
}

/* Skype and Teams media is SRTP with the default suite,
 * AES_CM_128_HMAC_SHA1_80 ([MS-SRTP] 3.1.1, RFC 3711 §5): an encrypted
 * payload and a 10-byte authentication tag. Wireshark then shows the payload
 * as encrypted instead of running a codec dissector on it. */
static struct srtp_info skype_srtp = {SRTP_ENC_ALG_AES_CM, SRTP_AUTH_ALG_HMAC_SHA1, 0, 10};

/* DSCP of this frame from the innermost IP header Wireshark dissected; -1
 * when unknown (the taps were enabled after this frame's IP layer ran). */
static int frame_dscp(packet_info *pinfo)
{
    const void *d, *last = NULL;
    gboolean v6 = pinfo->src.type == AT_IPv6;
    int id = v6 ? ipv6_tap_id : ip_tap_id;

    if (id <= 0)
        return -1;
    for (int i = 0; (d = fetch_tapped_data(id, i)) != NULL; i++)
        last = d;
    if (last == NULL)
        return -1;
    return v6 ? IPDSFIELD_DSCP(((const ws_ip6 *)last)->ip6_tc) : IPDSFIELD_DSCP(((const ws_ip4 *)last)->ip_tos);
}

void skype_calls_setup_rtp(packet_info *pinfo, skype_leg_t *leg)
{
    rtp_dyn_payload_t *dyn;
    size_t n;
    const skype_pt_info_t *t;

    if (leg->rtp_ready || PINFO_FD_VISITED(pinfo) || rtp_handle == NULL)
        return;
    leg->rtp_ready = 1;
    dyn = rtp_dyn_payload_new();
    t = skype_pt_table(&n);
    for (size_t i = 0; i < n; i++)
        if (t[i].pt >= 96)
            skype_rtp_dyn_payload_insert(dyn, t[i].pt, t[i].name, (int)t[i].clock);
    srtp_add_address(pinfo, PT_UDP, &pinfo->src, pinfo->srcport, pinfo->destport, "SKYPE", leg->first_frame, 0,
                     dyn, &skype_srtp, NULL);
    srtp_add_address(pinfo, PT_UDP, &pinfo->dst, pinfo->destport, pinfo->srcport, "SKYPE", leg->first_frame, 0,
                     dyn, &skype_srtp, NULL);
    /* RTCP stays plain RTCP, as Decode As RTP shows it: Microsoft's RTCP
     * (with its extensions) is not encrypted in the captures seen. */
    rtcp_add_address(pinfo, &pinfo->src, pinfo->srcport, pinfo->destport, "SKYPE", leg->first_frame);
    rtcp_add_address(pinfo, &pinfo->dst, pinfo->destport, pinfo->srcport, "SKYPE", leg->first_frame);
    rtp_dyn_payload_free(dyn);
}

gboolean skype_calls_relayed_media(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg)
{
    guint caplen = tvb_captured_length(tvb);
    guint8 pkt;

    if (rtp_handle == NULL || caplen < 2)
        return FALSE;
    pkt = skype_demux(tvb_get_ptr(tvb, 0, MIN(caplen, 2u)), caplen);
    if (pkt != SKYPE_PKT_RTP && pkt != SKYPE_PKT_RTCP)
        return FALSE;
    if (pkt == SKYPE_PKT_RTCP)
        skype_streams_rtcp(tvb, pinfo, epoch(leg, pinfo->num), frame_dscp(pinfo) >= 0);
    if (pinfo->ptype == PT_UDP)
        skype_calls_setup_rtp(pinfo, leg); /* the relay 5-tuple's RTP set up as a direct one's */
    return call_dissector_only(rtp_handle, tvb, pinfo, tree, NULL) > 0;
}

void skype_calls_media(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg, guint8 pkt)
{
    const struct _rtp_info *ri = NULL;
    skype_rtp_stream_t *s = NULL;
    guint8 kind, rule = SKYPE_RULE_NONE;
    int want;
    proto_item *ti;
    leg = epoch(leg, pinfo->num);

    /* RTP directly on the 5-tuple, or relayed inside TURN ChannelData or a
     * Send/Data indication when the user enabled Wireshark's RTP-over-TURN
     * heuristic (rtp_stun). */
    if (pkt != SKYPE_PKT_RTCP && pkt != SKYPE_PKT_OTHER && rtp_tap_id > 0)
        ri = (const struct _rtp_info *)fetch_tapped_data(rtp_tap_id, 0);
    if (ri != NULL) {
        s = skype_streams_of(leg, ri->info_sync_src);
        if (s == NULL)
            s = skype_streams_new(leg, pinfo, ri->info_sync_src, (guint8)ri->info_payload_type, capture_start_us);
        if (leg->pt < 0)
            leg->pt = (gint16)ri->info_payload_type; /* what the leg carries first decides its kind */
        kind = skype_media_kind(leg->stream_type, s ? s->pt : (int)ri->info_payload_type, leg->client.port,
                                leg->server.port, &rule);
        /* Each frame counts once, in capture order, in the first pass that
         * has the taps' data: tshark's first pass with -2 runs no taps, so
         * there the second pass counts. */
        if (s != NULL && pinfo->num > s->last_frame) {
            int dscp = frame_dscp(pinfo);
            s->kind = kind;
            s->rule = rule;
            s->last_frame = pinfo->num;
            skype_streams_packet(leg, s, pinfo, ri, tvb_reported_length(tvb));
            /* the client host's own marking: a received stream's DSCP is what the network left
             * (a piece of a file set keeps both directions': the join knows which is sent) */
            if (dscp >= 0 && (s->sent || skype_legs_piece()))
                skype_rtp_stream_dscp(s, (guint8)dscp, pinfo->num);
        }
    } else {
        kind = skype_media_kind(leg->stream_type, leg->pt, leg->client.port, leg->server.port, &rule);
        if (pkt == SKYPE_PKT_RTCP)
            skype_streams_rtcp(tvb, pinfo, leg, frame_dscp(pinfo) >= 0);
    }
    skype_streams_tree(tvb, pinfo, tree, leg);
    if (kind == SKYPE_MEDIA_UNKNOWN || skype_callset_number(&graph.cs, leg->group) == 0)
        return;
    ti = proto_tree_add_uint(tree, hf_media_kind, tvb, 0, 0, kind);
    proto_item_set_generated(ti);
    proto_item_set_generated(proto_tree_add_uint(tree, hf_media_kind_rule, tvb, 0, 0, rule));
    want = skype_dscp_expected(kind);
    if (want >= 0)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_media_dscp_expected, tvb, 0, 0, (guint32)want));
    if (s != NULL && s->mismatch_frame == pinfo->num)
        expert_add_info_format(pinfo, ti, &ei_dscp_mismatch,
                               "%s stream 0x%08X marked DSCP %u, Microsoft recommends %d",
                               skype_media_kind_name(kind), s->ssrc, s->dscp, want);
}

void skype_calls_tap(packet_info *pinfo, skype_leg_t *leg)
{
    guint32 *g;
    leg = epoch(leg, pinfo->num);

    skype_streams_tap(pinfo, leg);
    skype_legs_tap(pinfo, leg);
    if (!have_tap_listener(calls_tap) || skype_callset_call(&graph.cs, leg->group) == SKYPE_CALL_NONE)
        return;
    g = wmem_new(pinfo->pool, guint32);
    *g = skype_callset_call(&graph.cs, leg->group);
    tap_queue_packet(calls_tap, pinfo, g);
}

void skype_calls_voip(packet_info *pinfo, skype_leg_t *leg)
{
    const skype_call_group_t *g;
    voip_packet_info_t *v;
    gboolean first, last;
    guint32 num;
    leg = epoch(leg, pinfo->num);

    if (skype_callset_call(&graph.cs, leg->group) == SKYPE_CALL_NONE)
        return;
    g = &graph.cs.g[skype_callset_call(&graph.cs, leg->group)];
    first = pinfo->num == leg->first_frame;
    last = pinfo->num == g->last_frame && PINFO_FD_VISITED(pinfo);
    if (!first && !last)
        return;
    if (voip_tap <= 0 || !have_tap_listener(voip_tap))
        return;
    num = skype_callset_number(&graph.cs, leg->group);
    v = wmem_new0(pinfo->pool, voip_packet_info_t);
    v->protocol_name = wmem_strdup(pinfo->pool, "Skype/Teams");
    v->call_id = wmem_strdup_printf(pinfo->pool, "skype-call-%u", num);
    v->call_state = last ? VOIP_COMPLETED : VOIP_IN_CALL;
    v->call_active_state = last ? VOIP_INACTIVE : VOIP_ACTIVE;
    v->from_identity = address_to_str(pinfo->pool, &pinfo->src);
    v->to_identity = address_to_str(pinfo->pool, &pinfo->dst);
    v->frame_label = wmem_strdup(pinfo->pool, last                               ? "last frame"
                                           : leg->kind == SKYPE_LEG_RELAYED ? "relayed leg"
                                           : leg->kind == SKYPE_LEG_TCP     ? "TCP leg"
                                                                            : "direct leg");
    v->frame_comment = wmem_strdup_printf(pinfo->pool, "Skype/Teams call %u", num);
    v->call_comment = wmem_strdup_printf(pinfo->pool, "call %u, first frame %u", num, g->first_frame);
    tap_queue_packet(voip_tap, pinfo, v);
}

skype_callset_t *skype_calls_set(void)
{
    return &graph.cs;
}

wmem_array_t *skype_calls_legs(void)
{
    return legs;
}

guint64 skype_calls_start_us(void)
{
    return capture_start_us;
}

void skype_calls_register(void)
{
    static hf_register_info hf[] = {
        {&hf_call_id,
         {"Call", "skype.call.id", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Skype/Teams call this frame belongs to: 1, 2, ... per capture, from the ICE username fragments, "
          "TURN relaying and the client host (docs/modern.md, Calls)",
          HFILL}},
        {&hf_call_leg,
         {"Leg", "skype.call.leg", FT_UINT8, BASE_DEC, VALS(leg_vals), 0x0,
          "How this 5-tuple carries the call: 1 direct, 2 relayed through TURN, 3 TCP fallback", HFILL}},
        {&hf_media_kind,
         {"Media kind", "skype.media.kind", FT_UINT8, BASE_DEC, VALS(kind_vals), 0x0,
          "0 unknown, 1 audio, 2 video, 3 screen sharing, 4 data (docs/modern.md, Calls)", HFILL}},
        {&hf_media_kind_rule,
         {"Media kind from", "skype.media.kind_rule", FT_UINT8, BASE_DEC, VALS(rule_vals), 0x0,
          "Which rule decided skype.media.kind: 1 MS-SERVICE-QUALITY stream type, 2 RTP payload type, "
          "3 Teams client or Transport Relay port",
          HFILL}},
        {&hf_media_dscp_expected,
         {"Expected DSCP", "skype.media.dscp_expected", FT_UINT8, BASE_DEC, NULL, 0x0,
          "DSCP Microsoft recommends for this media kind: audio 46 (EF), video 34 (AF41), screen sharing 18 "
          "(AF21)",
          HFILL}},
    };
    static ei_register_info ei[] = {
        {&ei_dscp_mismatch,
         {"skype.expert.dscp_mismatch", PI_PROTOCOL, PI_WARN,
          "Media stream marked with another DSCP than Microsoft recommends", EXPFILL}},
    };
    expert_module_t *expert = expert_register_protocol(proto_skype);

    proto_register_field_array(proto_skype, hf, array_length(hf));
    expert_register_field_array(expert, ei, array_length(ei));
    calls_tap = register_tap("skype_calls");
    skype_calls_table_register();
    skype_legs_table_register();
    skype_streams_register();
    register_init_routine(calls_init);
    register_postseq_cleanup_routine(calls_settle);
}

void skype_calls_handoff(void)
{
    rtp_handle = find_dissector("rtp");
    /* Telephony > VoIP Calls listens on the generic "voip" tap for the
     * protocols it has no module of its own for; Wireshark 4.0 declares the
     * tap (epan/tap-voip.h) but no built-in dissector registers it. Register
     * it unless something did (register_tap returns the existing id). */
    voip_tap = register_tap("voip");
}
