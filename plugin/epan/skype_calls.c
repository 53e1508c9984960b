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

#include "../core/skype_call_join.h"
#include "../core/skype_phase.h"
#include "skype_compat.h"
#include "skype_streams.h"

static skype_callset_t calls;       /* groups of 5-tuples, file scope */
static wmem_map_t *ice_pairs;        /* guint64* ufrag pair key -> group + 1 */
static wmem_map_t *direct_eps;       /* skype_ep_t* of direct legs' ends -> group + 1 */
static wmem_map_t *client_ports;     /* skype_ep_t* client ip:port of legs in a call -> group + 1 */
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
    skype_callset_init(&calls, grow_file_scope, NULL);
    ice_pairs = wmem_map_new(wmem_file_scope(), g_int64_hash, g_int64_equal);
    direct_eps = wmem_map_new(wmem_file_scope(), skype_ep_map_hash, skype_ep_map_equal);
    client_ports = wmem_map_new(wmem_file_scope(), skype_ep_map_hash, skype_ep_map_equal);
    legs = wmem_array_new(wmem_file_scope(), sizeof(skype_leg_t *));
    capture_start_us = 0;
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

skype_leg_t *skype_calls_leg_new(packet_info *pinfo)
{
    skype_leg_t *leg = wmem_new0(wmem_file_scope(), skype_leg_t);

    enable_taps();
    skype_ep_from_address(&leg->client, &pinfo->src, pinfo->srcport);
    skype_ep_from_address(&leg->server, &pinfo->dst, pinfo->destport);
    if (skype_call_client_is_dst(&leg->client, &leg->server, skype_relay_address(&pinfo->src),
                                 skype_relay_address(&pinfo->dst))) {
        skype_ep_t t = leg->client; /* a relay is never the client host */
        leg->client = leg->server;
        leg->server = t;
    }
    leg->group = SKYPE_CALL_NONE;
    leg->first_frame = pinfo->num;
    if (skype_relay_port(leg->client.port) || skype_relay_port(leg->server.port))
        leg->kind = SKYPE_LEG_RELAYED;
    if (wmem_array_get_count(legs) == 0) {
        guint64 rel = (guint64)skype_time_us(&pinfo->rel_ts), now = (guint64)skype_time_us(&pinfo->abs_ts);
        capture_start_us = now >= rel ? now - rel : now;
    }
    wmem_array_append_one(legs, leg);
    return leg;
}

/* The group + 1 a map holds for key, as a group (SKYPE_CALL_NONE: none). */
static guint32 map_group(wmem_map_t *map, const void *key)
{
    gpointer v = NULL;

    return wmem_map_lookup_extended(map, key, NULL, &v) ? GPOINTER_TO_UINT(v) - 1 : SKYPE_CALL_NONE;
}

/* Record key -> group unless a live call holds key already. */
static void map_note(wmem_map_t *map, void *key, guint32 group, guint64 us)
{
    if (skype_call_live(&calls, map_group(map, key), us) == SKYPE_CALL_NONE)
        wmem_map_insert(map, key, GUINT_TO_POINTER(group + 1));
}

/* Put leg into a call (core/skype_call_join.h, skype_call_join_leg): the
 * pair and port maps answer; a new pair and the leg's port are recorded. */
static bool join(skype_leg_t *leg, guint32 frame, guint64 key, guint64 us, bool *weak, bool party_new)
{
    skype_call_facts_t f;

    memset(&f, 0, sizeof(f));
    f.key = key;
    f.keyed = key != 0 ? map_group(ice_pairs, &key) : SKYPE_CALL_NONE;
    f.port_group = map_group(client_ports, &leg->client);
    f.host = &leg->client;
    f.party = &leg->party;
    f.first_frame = leg->first_frame;
    f.frame = frame;
    f.us = us;
    f.party_new = party_new;
    skype_call_join_leg(&calls, &leg->group, weak, &f);
    if (f.left)
        leg->ends_noted = leg->port_noted = 0;
    if (f.remember) {
        guint64 *k = wmem_new(wmem_file_scope(), guint64);
        *k = key;
        wmem_map_insert(ice_pairs, k, GUINT_TO_POINTER(leg->group + 1));
    }
    if (!leg->port_noted && skype_call_port_due(leg->group, *weak)) {
        leg->port_noted = 1;
        map_note(client_ports, &leg->client, leg->group, us);
    }
    return f.left;
}

/* The leg as it was at frame num: the 5-tuple in the call it was in then. */
static skype_leg_t *epoch(skype_leg_t *leg, guint32 num)
{
    while (leg->prev != NULL && num < leg->first_frame)
        leg = leg->prev;
    return leg;
}

/* The leg left an ended call at this frame (rule 4): what it had stays with
 * that call as an earlier copy; the leg starts over in the new one. */
static void leg_restart(skype_leg_t *leg, guint32 before, guint32 num, guint len, gboolean count)
{
    skype_leg_t *old = wmem_new(wmem_file_scope(), skype_leg_t);

    *old = *leg;
    old->group = before;
    if (count) {
        old->frames--;
        old->bytes -= len;
    }
    wmem_array_append_one(legs, old);
    leg->prev = old;
    leg->first_frame = num;
    leg->frames = count ? 1 : 0;
    leg->bytes = count ? len : 0;
    leg->nstreams = 0;
    memset(leg->streams, 0, sizeof(leg->streams));
    leg->media = 0;
    skype_streams_moved(old);
}

/* A TURN message naming a peer (XOR-PEER-ADDRESS) that is an end of a
 * direct leg joins that leg's call (skype_call_join_peer). */
static void join_peer(skype_leg_t *leg, const skype_ep_t *peer, bool *weak, guint64 us)
{
    skype_call_join_peer(&calls, &leg->group, weak, skype_call_live(&calls, map_group(direct_eps, peer), us));
}

/* Remember both ends of a direct leg once it is in a call. */
static void note_direct(skype_leg_t *leg, guint64 us)
{
    skype_ep_t *ends[2] = {&leg->client, &leg->server};

    if (!skype_call_direct_ends_due(leg->kind, leg->group, leg->weak, &leg->ends_noted))
        return;
    for (guint i = 0; i < 2; i++)
        map_note(direct_eps, ends[i], leg->group, us);
}

/* One message of leg (a datagram, or a PDU of a TCP leg's stream); count:
 * the frame is new to the leg, len bytes. */
static void leg_message(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                        const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence,
                        gboolean count)
{
    guint64 us = (guint64)skype_time_us(&pinfo->abs_ts), key = 0;
    guint8 proposed = skype_call_message_phase(pkt, stun, p, caplen), phase = SKYPE_PHASE_MEDIA;
    gboolean changed = FALSE;
    bool weak = leg->weak, named, by_peer;
    guint32 before = leg->group;
    skype_ep_t party;

    if (count) {
        leg->frames++;
        leg->bytes += len;
    }
    if (pkt == SKYPE_PKT_STUN && stun != NULL) {
        if (stun->stream_type != 0)
            leg->stream_type = stun->stream_type;
        key = skype_call_ice_key(stun, p, caplen, &leg->stream_type);
    }
    leg->kind = skype_call_leg_kind(leg->kind, pkt, stun);
    /* the remote party: the peer a TURN message names, once seen, else the far side */
    by_peer = stun != NULL && stun->peer.family != 0 && (leg->kind == SKYPE_LEG_RELAYED || leg->kind == SKYPE_LEG_TCP);
    named = FALSE;
    if (!leg->peer_named || by_peer) {
        skype_call_party(&party, &leg->server, leg->kind, by_peer ? &stun->peer : NULL);
        named = memcmp(&party, &leg->party, sizeof(party)) != 0;
        leg->party = party;
        leg->peer_named |= (guint8)by_peer;
    }
    if (join(leg, pinfo->num, key, us, &weak, named))
        leg_restart(leg, before, pinfo->num, len, count);
    if (proposed == SKYPE_PHASE_MEDIA)
        leg->media = 1;
    if (stun != NULL && skype_call_peer_wanted(leg->kind, stun->peer.family != 0, leg->group))
        join_peer(leg, &stun->peer, &weak, us);
    leg->weak = (guint8)weak;
    note_direct(leg, us);
    if (leg->group != SKYPE_CALL_NONE) {
        skype_call_group_t *g = &calls.g[skype_callset_root(&calls, leg->group)];
        changed = skype_call_phase_enter(&g->phase, skype_call_leg_phase(proposed, leg->media, g->phase));
        phase = g->phase;
        skype_callset_touch(&calls, leg->group, pinfo->num, us);
    } else {
        phase = proposed;
    }
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
    guint64 us = (guint64)skype_time_us(&pinfo->abs_ts);
    guint32 g = client_ports != NULL ? skype_call_live(&calls, map_group(client_ports, client), us) : SKYPE_CALL_NONE;
    skype_leg_t *leg;

    if (g == SKYPE_CALL_NONE)
        return NULL;
    leg = skype_calls_leg_new(pinfo);
    if (!skype_ep_equal(&leg->client, client)) {
        leg->server = leg->client; /* the frame came from the relay */
        leg->client = *client;
    }
    leg->kind = SKYPE_LEG_TCP;
    leg->opaque = 1;
    leg->group = g;
    leg->frames = 1;
    skype_call_party(&leg->party, &leg->server, leg->kind, NULL);
    skype_callset_touch(&calls, g, pinfo->num, us);
    return leg;
}

void skype_calls_add_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg)
{
    guint32 num;

    leg = epoch(leg, pinfo->num);
    num = skype_callset_number(&calls, leg->group);

    if (num != 0)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_call_id, tvb, 0, 0, num));
    if (leg->kind != SKYPE_LEG_NONE)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_call_leg, tvb, 0, 0, leg->kind));
    if (leg->opaque && skype_kind_from_port(leg->client.port) != SKYPE_MEDIA_UNKNOWN) {
        proto_item_set_generated(
            proto_tree_add_uint(tree, hf_media_kind, tvb, 0, 0, skype_kind_from_port(leg->client.port)));
        proto_item_set_generated(proto_tree_add_uint(tree, hf_media_kind_rule, tvb, 0, 0, SKYPE_RULE_PORT_RANGE));
    }
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
        kind = skype_media_kind(leg->stream_type, s ? s->pt : (int)ri->info_payload_type, leg->client.port, leg->server.port, &rule);
        /* Each frame counts once, in capture order, in the first pass that
         * has the taps' data: tshark's first pass with -2 runs no taps, so
         * there the second pass counts. */
        if (s != NULL && pinfo->num > s->last_frame) {
            int dscp = frame_dscp(pinfo);
            s->kind = kind;
            s->rule = rule;
            s->last_frame = pinfo->num;
            skype_streams_packet(leg, s, pinfo, ri, tvb_reported_length(tvb));
            if (dscp >= 0)
                skype_rtp_stream_dscp(s, (guint8)dscp, pinfo->num);
        }
    } else if (pkt == SKYPE_PKT_RTP || pkt == SKYPE_PKT_RTCP) {
        kind = skype_media_kind(leg->stream_type, -1, leg->client.port, leg->server.port, &rule);
        if (pkt == SKYPE_PKT_RTCP)
            skype_streams_rtcp(tvb, pinfo, leg, frame_dscp(pinfo) >= 0);
    } else {
        kind = SKYPE_MEDIA_UNKNOWN; /* relayed RTCP, or no RTP in TURN framing */
    }
    skype_streams_tree(tvb, pinfo, tree, leg);
    if (kind == SKYPE_MEDIA_UNKNOWN)
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
    if (leg->group == SKYPE_CALL_NONE || !have_tap_listener(calls_tap))
        return;
    g = wmem_new(pinfo->pool, guint32);
    *g = skype_callset_root(&calls, leg->group);
    tap_queue_packet(calls_tap, pinfo, g);
}

void skype_calls_voip(packet_info *pinfo, skype_leg_t *leg)
{
    const skype_call_group_t *g;
    voip_packet_info_t *v;
    gboolean first, last;
    guint32 num;
    leg = epoch(leg, pinfo->num);

    if (leg->group == SKYPE_CALL_NONE)
        return;
    g = &calls.g[skype_callset_root(&calls, leg->group)];
    first = pinfo->num == leg->first_frame;
    last = pinfo->num == g->last_frame && PINFO_FD_VISITED(pinfo);
    if (!first && !last)
        return;
    if (voip_tap <= 0 || !have_tap_listener(voip_tap))
        return;
    num = skype_callset_number(&calls, leg->group);
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
    return &calls;
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
    skype_streams_register();
    register_init_routine(calls_init);
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
