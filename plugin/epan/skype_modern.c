/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams tagging (docs/modern.md): conversations are tagged, not
 * re-dissected. STUN stays Wireshark's STUN; the plugin adds skype.conv.* and
 * the phase (call setup, relay, media, teardown) in front of it.
 *
 *  - UDP: a STUN message with Microsoft attributes (skype_modern.h) tags its
 *    5-tuple; from then on the 5-tuple's conversation dissector annotates
 *    every datagram and hands STUN to "stun-udp", anything else (the media
 *    the checks opened) to "data". Seen by the UDP heuristic (before STUN's
 *    own heuristic) and by a front on UDP 3478-3481, which STUN owns in part.
 *  - UDP 3478-3481 to or from a media-relay range (preference) is tagged as
 *    relay even without Microsoft attributes.
 *  - names (TLS server name, certificate names, DNS answers, QUIC): read from
 *    Wireshark's own TLS, X.509, QUIC and DNS fields, see skype_names.c.
 *  - TURN over TCP (443, 3478-3481): see skype_turn_tcp.c, SKYPE_MODE_TURN.
 *
 * Wireshark's entry points that reach this file (the heuristic
 * "skype_stun_udp", the conversation dissector "skype_modern", the UDP
 * 3478-3481 front) are in skype_dispatch.c.
 */
#include "skype_modern.h"

#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/exceptions.h>
#include <epan/show_exception.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto_data.h>
#include <epan/tap.h>
#include <epan/dissectors/packet-udp.h>

#include "../core/skype_modern.h"
#include "../core/skype_phase.h"
#include "skype_calls.h"
#include "skype_legs.h"
#include "skype_streams.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_state.h"
#include "skype_stats.h"

/*
 * Defaults (docs/modern.md, "Preferences", has the sources): Microsoft's
 * "Microsoft 365 URLs and IP address ranges", service area Microsoft Teams
 * (formerly "Skype for Business Online and Microsoft Teams"), worldwide
 * endpoints version 2025013000: ID 11 (UDP 3478-3481, media) and ID 12
 * (TCP 443/80) names and ranges, ID 127 *.skype.com; *.skypeforbusiness.com
 * from ID 22 of earlier versions; plus the plugin's earlier Skype names.
 * A pattern "*.x" also matches x.
 */
#define SKYPE_DEFAULT_NAMES                                                                                  \
    "*.skype.com,*.skype.net,*.skypeassets.com,*.skypedata.akadns.net,*.gateway.messenger.live.com,"          \
    "*.teams.microsoft.com,*.teams.cloud.microsoft,*.teams.office.com,*.lync.com,*.skypeforbusiness.com,"     \
    "broker-*-skype.cloudapp.net,skypedata*.cloudapp.net"
#define SKYPE_DEFAULT_RELAYS                                                                                 \
    "52.112.0.0/14,52.122.0.0/15,2603:1027::/48,2603:1037::/48,2603:1047::/48,2603:1057::/48,"               \
    "2603:1063::/38,2620:1ec:6::/48,2620:1ec:40::/42"

/* Per tagged UDP 5-tuple: the leg (skype_calls.h) and why it was tagged. */
typedef struct skype_modern_conv {
    skype_leg_t *leg;
    guint8 evidence;
} skype_modern_conv_t;

static dissector_handle_t modern_handle;
static dissector_handle_t stun_handle;
static dissector_handle_t classicstun_handle;
static dissector_handle_t rtp_handle;
static dissector_handle_t dtls_handle;
static dissector_table_t udp_port_table;
static guint modern_convs;               /* tagged UDP 5-tuples in this capture */

static const char *pref_names = SKYPE_DEFAULT_NAMES;
static const char *pref_relays = SKYPE_DEFAULT_RELAYS;

static int hf_ms_attrs = -1;
static int hf_stun_method = -1;
static expert_field ei_unrecognised = EI_INIT;

static const value_string stun_method_vals[] = {
    {SKYPE_STUN_BINDING, "Binding"},
    {SKYPE_STUN_ALLOCATE, "Allocate"},
    {SKYPE_STUN_REFRESH, "Refresh"},
    {SKYPE_STUN_SEND, "Send"},
    {SKYPE_STUN_DATA, "Data"},
    {SKYPE_STUN_CREATE_PERMISSION, "CreatePermission"},
    {SKYPE_STUN_CHANNEL_BIND, "ChannelBind"},
    {SKYPE_STUN_MS_SET_ACTIVE_DEST, "Set Active Destination ([MS-TURN])"},
    {0, NULL}};


gboolean skype_modern_name(const char *name)
{
    return skype_name_listed(pref_names, name);
}

void skype_modern_stun_tree(tvbuff_t *tvb, proto_tree *tree, guint16 method, guint16 ms)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf_stun_method, tvb, 0, 0, method));
    if (ms)
        proto_item_set_generated(proto_tree_add_uint(tree, hf_ms_attrs, tvb, 0, 0, ms));
}

const char *skype_modern_names(void)
{
    return pref_names;
}


/* Is one of the datagram's ports a Transport Relay port, UDP 3478-3481? */
static gboolean relay_port(const packet_info *pinfo)
{
    return skype_relay_port((guint16)pinfo->srcport) || skype_relay_port((guint16)pinfo->destport);
}

static void modern_reset(void)
{
    modern_convs = 0;
}

static skype_modern_conv_t *modern_conv(packet_info *pinfo)
{
    conversation_t *conv;

    if (modern_convs == 0)
        return NULL;
    conv = find_conversation(pinfo->num, &pinfo->src, &pinfo->dst, CONVERSATION_UDP, pinfo->srcport,
                             pinfo->destport, 0);
    return conv ? (skype_modern_conv_t *)conversation_get_proto_data(conv, proto_skype) : NULL;
}

/* What makes a STUN message tag its 5-tuple (docs/modern.md, "Evidence"):
 * Microsoft attributes, an address a Skype/Teams name resolved to, or
 * 3478-3481 to or from a media-relay range (as the UDP 3478-3481 front
 * does; the heuristic too for udp.try_heuristic_first, where STUN's own
 * heuristic would take the message before the front). SKYPE_EV_NONE: none. */
static guint8 tag_evidence(packet_info *pinfo, const skype_stun_info_t *info)
{
    if (info->ms != 0)
        return SKYPE_EV_MS_STUN;
    if (skype_dns_known(&pinfo->src) || skype_dns_known(&pinfo->dst))
        return SKYPE_EV_DNS;
    if (relay_port(pinfo) && (skype_relay_address(&pinfo->src) || skype_relay_address(&pinfo->dst)))
        return SKYPE_EV_RELAY_RANGE;
    return SKYPE_EV_NONE;
}

/* Tag this packet's 5-tuple (first pass), with a leg, or a continuation. */
static skype_modern_conv_t *tag_leg(packet_info *pinfo, guint8 evidence, gboolean cont)
{
    conversation_t *conv = skype_udp_exact_conversation(pinfo->num, &pinfo->src, pinfo->srcport, &pinfo->dst,
                                                        pinfo->destport);
    skype_modern_conv_t *mc;

    mc = wmem_new0(wmem_file_scope(), skype_modern_conv_t);
    mc->evidence = evidence;
    mc->leg = cont ? skype_calls_cont_leg_new(pinfo, FALSE) : skype_calls_leg_new(pinfo);
    conversation_add_proto_data(conv, proto_skype, mc);
    conversation_set_dissector(conv, modern_handle);
    modern_convs++;
    return mc;
}

static skype_modern_conv_t *tag(packet_info *pinfo, guint8 evidence)
{
    return tag_leg(pinfo, evidence, FALSE);
}

/* Wireshark's dissector for one demultiplexed datagram (RFC 7983, RFC 5761):
 * STUN also takes TURN ChannelData and Microsoft's 0xFF10 channel. */
static dissector_handle_t demux_handle(guint8 pkt)
{
    switch (pkt) {
    case SKYPE_PKT_STUN:
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        return stun_handle;
    case SKYPE_PKT_RTP:
    case SKYPE_PKT_RTCP:
        return rtp_handle; /* which hands RTCP to RTCP (RFC 5761), as with Decode As RTP */
    case SKYPE_PKT_DTLS:
        return dtls_handle;
    default:
        return NULL;
    }
}

/* The name of a datagram's class in the plugin's layer; what a call cannot
 * place (skype_pkt_placed) is an unrecognised payload, never "media". */
static const char *pkt_name(guint8 pkt)
{
    static const char *const names[] = {NULL, "STUN", NULL, "DTLS", "TURN channel", "RTP", "RTCP",
                                        "MS-TURN channel"};
    return skype_pkt_placed(pkt) && pkt < G_N_ELEMENTS(names) ? names[pkt] : "unrecognised payload";
}

/*
 * One datagram of a tagged 5-tuple: note it (first pass), add the plugin's
 * layer, then hand it, unchanged, to the dissector Wireshark would use: the
 * user's Decode As for the port if there is one, else STUN, RTP (which
 * passes RTCP on to RTCP) or DTLS by its first bytes. Only what none of them takes is shown as data.
 */
static int dissect_modern_common(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_modern_conv_t *mc)
{
    guint caplen = tvb_captured_length(tvb), len = tvb_reported_length(tvb), n = MIN(caplen, 512u);
    const guint8 *p = tvb_get_ptr(tvb, 0, n);
    guint8 pkt = skype_demux(p, n);
    skype_stun_info_t info;
    gboolean stun = pkt == SKYPE_PKT_STUN && skype_stun_parse_any(p, n, len, &info);
    /* A datagram whose first byte is STUN's (RFC 7983: 0-3) but that is no
     * STUN message is as unplaced as any other (skype_pkt_placed); STUN is
     * still offered it below. */
    guint8 cls = pkt == SKYPE_PKT_STUN && !stun ? SKYPE_PKT_OTHER : pkt;
    skype_frame_rec_t *rec = skype_frame_rec(pinfo->num);
    dissector_handle_t next;
    proto_item *ti;
    proto_tree *st;
    int done = 0;

    if (!PINFO_FD_VISITED(pinfo) && rec == NULL) {
        /* a continuation becomes a leg of the graph where its 5-tuple would have been tagged */
        if (stun && mc->leg->cont == SKYPE_CONT_MEDIA && tag_evidence(pinfo, &info) != SKYPE_EV_NONE)
            skype_calls_cont_upgrade(mc->leg, pinfo);
        rec = skype_frame_rec_new(pinfo->num);
        skype_calls_frame(mc->leg, pinfo, cls, stun ? &info : NULL, p, n, len, rec, mc->evidence);
    }
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, " (tagged: %s)", pkt_name(cls));
    st = proto_item_add_subtree(ti, skype_conv_ett());
    if (stun)
        skype_modern_stun_tree(tvb, st, info.method, info.ms);
    if (!skype_pkt_placed(cls))
        expert_add_info(pinfo, ti, &ei_unrecognised);
    skype_conv_add_tree(tvb, pinfo, st, rec);
    skype_calls_add_tree(tvb, pinfo, st, mc->leg);
    skype_stats_frame(pinfo, rec, &mc->leg->client);
    skype_calls_tap(pinfo, mc->leg);
    skype_calls_voip(pinfo, mc->leg);
    if (pkt == SKYPE_PKT_RTP || pkt == SKYPE_PKT_RTCP)
        skype_calls_setup_rtp(pinfo, mc->leg);
    /* A malformed datagram (Microsoft's RTCP extensions often are, to
     * Wireshark) is marked where the other dissector stopped; the plugin's
     * media fields still follow. */
    TRY {
        next = skype_decode_as_choice(pinfo, udp_port_table, "udp.port");
        if (next != NULL)
            done = call_dissector_only(next, tvb, pinfo, tree, NULL);
        if (done <= 0 && (next = demux_handle(pkt)) != NULL)
            done = call_dissector_only(next, tvb, pinfo, tree, NULL);
        /* what STUN refuses, RFC 3489's dissector may take, as UDP's
         * heuristics would offer it without the plugin ([MS-TURN] Data
         * Indications without the RFC 5389 cookie: captures/teams.pcap 1416) */
        if (done <= 0 && pkt == SKYPE_PKT_STUN && classicstun_handle != NULL)
            done = call_dissector_only(classicstun_handle, tvb, pinfo, tree, NULL);
    }
    CATCH_NONFATAL_ERRORS {
        show_exception(tvb, pinfo, tree, EXCEPT_CODE, GET_MESSAGE);
        done = (int)caplen;
    }
    ENDTRY;
    skype_calls_media(tvb, pinfo, st, mc->leg, pkt);
    if (done > 0)
        return done;
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    col_add_fstr(pinfo->cinfo, COL_INFO, "%s, %u bytes",
                 !skype_pkt_placed(cls) ? "Unrecognised payload"
                 : rec && rec->phase == SKYPE_PHASE_RELAY ? "Relayed data" : "Media", len);
    call_data_dissector(tvb, pinfo, tree);
    return (int)caplen;
}

skype_leg_t *skype_modern_leg_of(packet_info *pinfo)
{
    skype_modern_conv_t *mc = pinfo->ptype == PT_UDP ? modern_conv(pinfo) : NULL;

    return mc != NULL ? mc->leg : NULL;
}

/* See skype_modern.h. */
int skype_modern_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    skype_modern_conv_t *mc = modern_conv(pinfo);

    if (mc == NULL)
        return 0;
    if (pinfo->flags.in_error_pkt)
        return 0; /* a quote in an ICMP error: skype_modern_icmp_post */
    return dissect_modern_common(tvb, pinfo, tree, mc);
}

#define SKYPE_QUOTED_KEY 0x7175u /* file-scope frame proto data: the leg an ICMP error quotes */

static int udp_tap_id; /* 0: none (find_tap_id's "not found") */
static int proto_icmp_id = -1, proto_icmpv6_id = -1;

gboolean skype_modern_icmp_setup(void)
{
    GString *err;

    proto_icmp_id = proto_get_id_by_filter_name("icmp");
    proto_icmpv6_id = proto_get_id_by_filter_name("icmpv6");
    udp_tap_id = find_tap_id("udp");
    err = register_tap_listener("udp", &udp_tap_id, NULL, TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
    if (err != NULL) {
        g_string_free(err, TRUE);
        udp_tap_id = 0;
        return FALSE;
    }
    return TRUE;
}

/* Is an ICMP or ICMPv6 layer in the frame? Protocol ids compared, not names
 * (proto_is_frame_protocol): this runs on every frame of a capture with a
 * call, about 60 instructions instead of about 1,100. */
static gboolean has_icmp_layer(const packet_info *pinfo)
{
    for (wmem_list_frame_t *f = wmem_list_head(pinfo->layers); f != NULL; f = wmem_list_frame_next(f)) {
        int id = GPOINTER_TO_INT(wmem_list_frame_data(f));
        if (id > 0 && (id == proto_icmp_id || id == proto_icmpv6_id))
            return TRUE;
    }
    return FALSE;
}

void skype_modern_icmp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    const e_udphdr *quoted = NULL, *u;
    skype_leg_t *leg;
    proto_item *ti;

    if (modern_convs == 0 || !has_icmp_layer(pinfo))
        return;
    leg = (skype_leg_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_skype, SKYPE_QUOTED_KEY);
    if (leg == NULL) {
        /* the innermost UDP header: an ICMP error's only one is the quoted one */
        for (int i = 0; udp_tap_id > 0 && (u = (const e_udphdr *)fetch_tapped_data(udp_tap_id, i)) != NULL; i++)
            quoted = u;
        if (quoted != NULL) {
            conversation_t *conv = find_conversation(pinfo->num, &quoted->ip_src, &quoted->ip_dst, CONVERSATION_UDP,
                                                     quoted->uh_sport, quoted->uh_dport, 0);
            skype_modern_conv_t *mc =
                conv != NULL ? (skype_modern_conv_t *)conversation_get_proto_data(conv, proto_skype) : NULL;
            if (mc != NULL) {
                leg = mc->leg;
                p_add_proto_data(wmem_file_scope(), pinfo, proto_skype, SKYPE_QUOTED_KEY, leg);
            }
        }
    }
    if (leg == NULL)
        return;
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, " (an ICMP error quoting a call leg's datagram)");
    tree = proto_item_add_subtree(ti, skype_conv_ett());
    skype_calls_add_tree(tvb, pinfo, tree, leg);
    skype_calls_kind_tree(tvb, pinfo, tree, leg);
}

/* A later pass: UDP hands a frame straight back to the heuristic that took
 * it in the first pass, the frame that tagged its 5-tuple. */
static gboolean dissect_again(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    skype_modern_conv_t *mc = skype_frame_rec(pinfo->num) ? modern_conv(pinfo) : NULL;

    if (mc == NULL)
        return FALSE;
    dissect_modern_common(tvb, pinfo, tree, mc);
    return TRUE;
}

gboolean skype_modern_udp_try(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    skype_stun_info_t info;
    guint caplen = tvb_captured_length(tvb);
    guint8 ev;

    /* Reject path: first byte, then the 4-byte magic cookie. */
    if (caplen < SKYPE_STUN_HEADER_LEN || (tvb_get_uint8(tvb, 0) & 0xc0) != 0 ||
        tvb_get_ntohl(tvb, 4) != SKYPE_STUN_COOKIE || pinfo->flags.in_error_pkt)
        return FALSE;
    if (PINFO_FD_VISITED(pinfo))
        return dissect_again(tvb, pinfo, tree);
    if (!skype_stun_parse(tvb_get_ptr(tvb, 0, MIN(caplen, 512u)), MIN(caplen, 512u), tvb_reported_length(tvb),
                          &info))
        return FALSE;
    ev = tag_evidence(pinfo, &info);
    if (ev != SKYPE_EV_NONE)
        dissect_modern_common(tvb, pinfo, tree, tag(pinfo, ev));
    else if (skype_legs_piece())
        /* a piece of a file set: the check of a pair an earlier piece tagged */
        dissect_modern_common(tvb, pinfo, tree, tag_leg(pinfo, SKYPE_EV_PIECE, TRUE));
    else
        return FALSE;
    return TRUE;
}

/* See skype_modern.h. */
gboolean skype_modern_piece_try(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    guint caplen = tvb_captured_length(tvb);
    guint8 pkt;

    /* Reject path: RFC 7983's first byte of RTP/RTCP, then the legs table */
    if (caplen < 8 || (tvb_get_uint8(tvb, 0) & 0xc0) != 0x80 || pinfo->flags.in_error_pkt || !skype_legs_piece())
        return FALSE;
    if (PINFO_FD_VISITED(pinfo))
        return dissect_again(tvb, pinfo, tree);
    pkt = skype_demux(tvb_get_ptr(tvb, 0, 2), caplen);
    if ((pkt != SKYPE_PKT_RTP && pkt != SKYPE_PKT_RTCP) || (pkt == SKYPE_PKT_RTP && caplen < 12))
        return FALSE;
    dissect_modern_common(tvb, pinfo, tree, tag_leg(pinfo, SKYPE_EV_PIECE, TRUE));
    return TRUE;
}

/* See skype_modern.h. */
int skype_modern_relay(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    skype_modern_conv_t *mc = modern_conv(pinfo);

    if (mc != NULL)
        return dissect_modern_common(tvb, pinfo, tree, mc);
    if (skype_modern_udp_try(tvb, pinfo, tree))
        return (int)tvb_captured_length(tvb);
    if (!PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt &&
        (skype_relay_address(&pinfo->src) || skype_relay_address(&pinfo->dst)))
        return dissect_modern_common(tvb, pinfo, tree, tag(pinfo, SKYPE_EV_RELAY_RANGE));
    return SKYPE_PASS;
}

static void apply_prefs(void)
{
    skype_relay_ranges_set(pref_relays);
    skype_streams_apply_prefs();
}

void skype_modern_register(dissector_handle_t conv_handle)
{
    static hf_register_info hf[] = {
        {&hf_ms_attrs,
         {"Microsoft STUN attributes", "skype.stun.ms_attributes", FT_UINT16, BASE_HEX, NULL, 0x0,
          "Bits: 0x0001 MS-VERSION, 0x0002 MS-SEQUENCE-NUMBER, 0x0004 MS-SERVICE-QUALITY, 0x0008 BANDWIDTH, "
          "0x0010 MS-IMPLEMENTATION-VERSION, 0x0020 MS-CANDIDATE-IDENTIFIER, "
          "0x0040 MS-MULTIPLEXED-TURN-SESSION-ID, 0x0080 MS-ALTERNATE-HOST-NAME, 0x0100 MS-APP-ID, "
          "0x0200 MS-SECURE-TAG, 0x0400 MS-ALT-MAPPED-ADDRESS, 0x0800 MS-TURNBWM bandwidth management, "
          "0x1000 attribute 0x8006, 0x2000 attributes 0x8036/0x24DF/0x3802, 0x4000 [MS-TURN] MAGIC-COOKIE 0x000F "
          "(docs/modern.md)",
          HFILL}},
        {&hf_stun_method,
         {"STUN method", "skype.stun.method", FT_UINT16, BASE_HEX, VALS(stun_method_vals), 0x0,
          "Method of the tagged STUN/TURN message; an [MS-TURN] message (docs/modern.md) by its own types: "
          "0x0003/0x0103/0x0113 Allocate, 0x0004 Send, 0x0115 Data, 0x0006/0x0106/0x0116 Set Active Destination (0x1006)",
          HFILL}},
    };
    static ei_register_info ei[] = {
        {&ei_unrecognised,
         {"skype.expert.unrecognised_payload", PI_UNDECODED, PI_NOTE,
          "Unrecognised payload: none of STUN/TURN, ChannelData, 0xFF10, DTLS, RTP or RTCP (RFC 7983); not counted as "
          "media",
          EXPFILL}},
    };
    module_t *module;

    proto_register_field_array(proto_skype, hf, array_length(hf));
    expert_register_field_array(expert_register_protocol(proto_skype), ei, array_length(ei));
    modern_handle = conv_handle;
    module = prefs_register_protocol(proto_skype, apply_prefs);
    prefs_register_string_preference(module, "names", "Skype/Teams server names",
                                     "Comma-separated name patterns ('*' matches anything; '*.x' also matches x) "
                                     "whose TLS server name, certificate name or DNS answer tags a connection "
                                     "as Skype (docs/modern.md)",
                                     &pref_names);
    prefs_register_string_preference(module, "relay_ranges", "Media-relay address ranges",
                                     "Comma-separated IPv4 a.b.c.d/n and IPv6 x:x::/n ranges (at most 64): "
                                     "UDP 3478-3481 to or from them, and STUN/TURN over TCP 443 or 3478-3481 "
                                     "to them, is tagged as Skype/Teams relay traffic",
                                     &pref_relays);
    skype_streams_prefs(module);
    register_init_routine(modern_reset);
    apply_prefs();
}

void skype_modern_handoff(void)
{
    stun_handle = find_dissector("stun-udp");
    classicstun_handle = find_dissector("classicstun");
    rtp_handle = find_dissector("rtp");
    dtls_handle = find_dissector("dtls");
    udp_port_table = find_dissector_table("udp.port");
}
