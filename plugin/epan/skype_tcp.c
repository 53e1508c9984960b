/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype over TCP (docs/protocol.md §4) and the phases of its
 * connections (§5): the connection record every TCP file shares, the
 * recognition of legacy connections (signatures and links), the message
 * machine's annotations (T1-T4, R1-R3, L1-L4, the update check), and the
 * postdissector's work for frames without payload (FIN, RST, ACKs).
 *
 * The signatures, the message machine and the link rules are in ../core
 * (skype_tcp.c, skype_endpoint.c). Nothing here depends on TCP's preferences:
 * a connection's first payload is what the plugin saw first
 * (skype_tcp_first_payload_of), and retransmissions are found by comparing
 * TCP's next-sequence numbers with each other, which is the same in relative
 * and absolute numbering. Wireshark's entry points (the heuristic, the
 * conversation dissector, the port fronts, the postdissector) are in
 * skype_dispatch.c.
 */
#include "skype_tcp.h"
#include "skype_tcp_tag.h"

#include <string.h>

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/expert.h>
#include <epan/packet.h>

#include "../core/skype_phase.h"
#include "../core/skype_tcp.h"
#include "../core/skype_tcp_recognise.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_state.h"
#include "skype_stats.h"
#include "skype_udp_state.h"

static dissector_handle_t tcp_handle; /* "skype_tcp", the conversation dissector of recognised connections */

static int hf_tcp_msg = -1;
static int hf_tcp_mode = -1;
static int hf_sn_result = -1;
static int hf_login_marker = -1;
static int hf_tls_fake = -1;
static int hf_tls_challenge = -1;
static int hf_tls_gmt = -1;
static int hf_http_update = -1;
static int hf_tcp_payload = -1;
static int hf_tcp_retrans = -1;

static gint ett_tcp = -1;

static expert_field ei_sn_refused = EI_INIT;
static expert_field ei_fake_tls = EI_INIT;
static expert_field ei_login_no_marker = EI_INIT;
static expert_field ei_tcp_truncated = EI_INIT;

static const value_string tcp_msg_vals[] = {
    {SKYPE_T1, "T1 (SN handshake, client)"},
    {SKYPE_T2, "T2 (SN handshake, client)"},
    {SKYPE_T3, "T3 (SN handshake, SN answer)"},
    {SKYPE_T4, "T4 (SN handshake, client)"},
    {SKYPE_R1, "R1 (restricted mode, client)"},
    {SKYPE_R2, "R2 (restricted mode, SN)"},
    {SKYPE_R3, "R3 (restricted mode, client)"},
    {SKYPE_L1, "L1 (login, client)"},
    {SKYPE_L2, "L2 (login, server)"},
    {SKYPE_L3, "L3 (login, client)"},
    {SKYPE_L4, "L4 (login, server)"},
    {0, NULL}};

static const value_string tcp_mode_vals[] = {
    {SKYPE_MODE_SN, "SN connection"},
    {SKYPE_MODE_LOGIN, "Login/server connection"},
    {SKYPE_MODE_R443, "Restricted mode, port 443 (fake TLS)"},
    {SKYPE_MODE_R80, "Restricted mode, port 80"},
    {SKYPE_MODE_UPDATE, "HTTP update check"},
    {SKYPE_MODE_PEER, "Connection to a client's Skype port"},
    {SKYPE_MODE_TLS, "TLS to a Skype/Teams server name"},
    {SKYPE_MODE_DNS, "To an address a Skype/Teams name resolved to"},
    {SKYPE_MODE_CERT, "TLS with a Skype/Teams certificate name"},
    {SKYPE_MODE_TURN, "STUN/TURN over TCP (a call's TCP leg)"},
    {0, NULL}};

static const value_string sn_result_vals[] = {
    {SKYPE_SN_ACCEPTED, "Accepted (the connection is kept)"},
    {SKYPE_SN_REFUSED, "Refused (339-byte T3; the connection closes)"},
    {0, NULL}};

static const char *const http_kind_names[] = {"", "getlatestversion", "installed"};

/* First pass: feed the machine and write the frame's annotation. */
static skype_frame_rec_t *analyse(tvbuff_t *tvb, packet_info *pinfo, skype_tcp_conv_t *tc,
                                  const struct tcpinfo *ti)
{
    skype_frame_rec_t *rec = skype_frame_rec_new(pinfo->num);
    skype_tcp_out_t out;
    skype_ep_t src;
    guint caplen = tvb_captured_length(tvb);
    gboolean from_client;
    guint8 phase;
    int dir;

    if (rec == NULL)
        return NULL;
    if (tc->leg != NULL && tc->leg->opaque)
        tc->leg->frames++; /* a TLS leg's frames, from the one that tagged it (the calls table's Packets) */
    from_client = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &tc->client);
    dir = from_client ? 0 : 1;
    rec->tcp_mode = tc->mode;
    /* Relative or absolute, TCP's numbers of one direction differ by the same
     * amounts; serial-number arithmetic handles the wrap. */
    /* Retransmissions matter to the message machine of the connections the
     * plugin dissects; a tag-only connection (TLS, DNS, certificate names)
     * has none, and which of its out-of-order segments TCP hands on differs
     * between Wireshark versions (captures/teams.pcap 1253, 1286 on 4.0 and
     * 4.6): no retransmission mark there, so that the tag is the same on every
     * version. */
    if (skype_tcp_mode_tag_only(tc->mode))
        ti = NULL;
    if (ti != NULL && (tc->have_seq & (1u << dir)) && (gint32)(ti->nxtseq - tc->nxtseq[dir]) <= 0) {
        rec->retransmission = TRUE; /* already fed to the machine */
        skype_conv_mark(rec, &tc->phase, SKYPE_PHASE_NONE, tc->evidence, tc->first_frame);
        return rec;
    }
    if (ti != NULL) {
        tc->nxtseq[dir] = ti->nxtseq;
        tc->have_seq |= (guint8)(1u << dir);
    }

    skype_tcp_step(&tc->st, from_client, tvb_get_ptr(tvb, 0, caplen), caplen, tvb_reported_length(tvb), &out);
    rec->tcp_msg = out.msg;
    rec->tcp_flags = out.flags;
    rec->sn_result = out.sn_result;
    rec->marker_off = out.marker_off;
    rec->http_kind = out.http_kind;

    /* a call's TCP relay candidate is in the relay phase throughout (skype_tcp_tag_call_leg) */
    phase = tc->leg != NULL ? SKYPE_PHASE_RELAY : skype_tcp_segment_phase(tc->mode, &tc->st, out.msg, tc->phase);
    skype_conv_mark(rec, &tc->phase, phase, tc->evidence, tc->first_frame);
    if (rec->phase_changed)
        skype_timeline_add(&tc->timeline, pinfo->num, rec->phase);
    return rec;
}

static void add_tcp_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_frame_rec_t *rec)
{
    proto_item *ti;
    guint caplen = tvb_captured_length(tvb);

    skype_tcp_mode_item(tvb, tree, rec->tcp_mode);
    if (rec->retransmission)
        proto_item_set_generated(proto_tree_add_boolean(tree, hf_tcp_retrans, tvb, 0, 0, TRUE));
    if (rec->tcp_msg != SKYPE_TCP_NONE) {
        ti = proto_tree_add_uint(tree, hf_tcp_msg, tvb, 0, 0, rec->tcp_msg);
        proto_item_set_generated(ti);
        if (rec->tcp_msg == SKYPE_T3) {
            proto_item_set_generated(proto_tree_add_uint(tree, hf_sn_result, tvb, 0, 0, rec->sn_result));
            if (rec->sn_result == SKYPE_SN_REFUSED)
                expert_add_info(pinfo, ti, &ei_sn_refused);
        }
        if (rec->tcp_msg == SKYPE_L3 && rec->marker_off >= 0)
            proto_tree_add_uint(tree, hf_login_marker, tvb, rec->marker_off, 7, (guint32)rec->marker_off);
        if (rec->tcp_msg == SKYPE_L3 && (rec->tcp_flags & SKYPE_TCP_F_NO_MARKER))
            expert_add_info(pinfo, ti, &ei_login_no_marker);
        if (rec->tcp_flags & SKYPE_TCP_F_FAKE_TLS) {
            proto_item_set_generated(proto_tree_add_boolean(tree, hf_tls_fake, tvb, 0, 0, TRUE));
            if (rec->tcp_msg == SKYPE_R1 && caplen >= SKYPE_R1_LEN)
                proto_tree_add_item(tree, hf_tls_challenge, tvb, SKYPE_R1_CHALLENGE_OFF, SKYPE_R1_CHALLENGE_LEN,
                                    ENC_NA);
            if (rec->tcp_msg == SKYPE_R2 && caplen >= SKYPE_R2_GMT_OFF + 4)
                proto_tree_add_item(tree, hf_tls_gmt, tvb, SKYPE_R2_GMT_OFF, 4, ENC_TIME_SECS | ENC_BIG_ENDIAN);
            expert_add_info_format(pinfo, ti, &ei_fake_tls,
                                   "TLS imitation: %s is Skype's fixed %s, not TLS",
                                   rec->tcp_msg == SKYPE_R1 ? "R1" : "R2",
                                   rec->tcp_msg == SKYPE_R1 ? "SSLv2-wrapped ClientHello"
                                                            : "ServerHello (static time and random)");
        }
        if (rec->tcp_flags & SKYPE_TCP_F_TRUNCATED)
            expert_add_info(pinfo, ti, &ei_tcp_truncated);
    }
    if (rec->http_kind != 0 && rec->http_kind < G_N_ELEMENTS(http_kind_names))
        proto_item_set_generated(proto_tree_add_string(tree, hf_http_update, tvb, 0, 0,
                                                       http_kind_names[rec->http_kind]));
}

static void set_info(packet_info *pinfo, const skype_frame_rec_t *rec, guint len)
{
    if (rec->tcp_msg != SKYPE_TCP_NONE) {
        col_add_fstr(pinfo->cinfo, COL_INFO, "%s, %u bytes", val_to_str_const(rec->tcp_msg, tcp_msg_vals, "?"), len);
        if (rec->tcp_msg == SKYPE_T3 && rec->sn_result != SKYPE_SN_UNKNOWN)
            col_append_str(pinfo->cinfo, COL_INFO,
                           rec->sn_result == SKYPE_SN_REFUSED ? ": SN refuses" : ": SN accepts");
        if (rec->tcp_msg == SKYPE_L3 && rec->marker_off >= 0)
            col_append_fstr(pinfo->cinfo, COL_INFO, ", marker at %d", rec->marker_off);
        if (rec->tcp_flags & SKYPE_TCP_F_FAKE_TLS)
            col_append_str(pinfo->cinfo, COL_INFO, " [fake TLS]");
    } else if (rec->http_kind != 0 && rec->http_kind < G_N_ELEMENTS(http_kind_names)) {
        col_add_fstr(pinfo->cinfo, COL_INFO, "Update check (%s)", http_kind_names[rec->http_kind]);
    } else {
        col_add_fstr(pinfo->cinfo, COL_INFO, "%s, %u bytes",
                     val_to_str_const(rec->tcp_mode, tcp_mode_vals, "Skype TCP"), len);
    }
    if (rec->retransmission)
        col_append_str(pinfo->cinfo, COL_INFO, " [retransmission]");
}

int skype_tcp_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    const struct tcpinfo *ti_info = (const struct tcpinfo *)data;
    proto_item *ti;
    proto_tree *st;
    skype_frame_rec_t *rec;
    guint caplen = tvb_captured_length(tvb);

    rec = PINFO_FD_VISITED(pinfo) ? skype_frame_rec(pinfo->num) : analyse(tvb, pinfo, tc, ti_info);
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, -1, ENC_NA);
    st = proto_item_add_subtree(ti, ett_tcp);
    if (rec != NULL) {
        add_tcp_tree(tvb, pinfo, st, rec);
        skype_conv_add_tree(tvb, pinfo, st, rec);
        if (tc->leg != NULL && skype_tcp_mode_tag_only(tc->mode))
            skype_calls_add_tree(tvb, pinfo, st, tc->leg); /* a TLS leg of a call */
        skype_stats_frame(pinfo, rec, &tc->client);
        set_info(pinfo, rec, tvb_reported_length(tvb));
    } else {
        col_add_fstr(pinfo->cinfo, COL_INFO, "Skype TCP, %u bytes", tvb_reported_length(tvb));
    }
    if (caplen > 0 && !skype_tcp_mode_tag_only(tc->mode))
        proto_tree_add_item(st, hf_tcp_payload, tvb, 0, -1, ENC_NA);
    return (int)caplen;
}

skype_tcp_conv_t *skype_tcp_conv_of(packet_info *pinfo)
{
    conversation_t *conv;

    if (skype_tcp_conversations() == 0)
        return NULL;
    conv = find_conversation_pinfo(pinfo, 0);
    return conv ? (skype_tcp_conv_t *)conversation_get_proto_data(conv, proto_skype) : NULL;
}

skype_tcp_conv_t *skype_tcp_conv_new(packet_info *pinfo, const skype_ep_t *client, guint8 mode, guint8 evidence,
                                     gboolean own_dissector)
{
    skype_tcp_conv_t *tc = wmem_new0(wmem_file_scope(), skype_tcp_conv_t);
    conversation_t *conv = find_or_create_conversation(pinfo);

    tc->client = *client;
    tc->mode = mode;
    tc->first_frame = pinfo->num;
    tc->evidence = evidence;
    conversation_add_proto_data(conv, proto_skype, tc);
    if (own_dissector)
        conversation_set_dissector(conv, tcp_handle);
    skype_tcp_conversation_added();
    return tc;
}

/* Has dst answered, over UDP, a confirmed client on host `host`? */
static gboolean peer_answered_host(const address *host, const skype_ep_t *dst)
{
    for (const skype_client_t *c = skype_clients_on_host(host); c != NULL; c = c->next_on_host)
        if (skype_udp_peer_answered(&c->ep, dst))
            return TRUE;
    return FALSE;
}

/*
 * See skype_tcp.h; the legacy part and the DNS tag (TURN over TCP is
 * recognised before, by skype_turn_tcp_recognise). The facts are gathered
 * here, the verdict is the core's (skype_tcp_recognise). Outside evidence
 * ("linked", docs/protocol.md §6):
 *  - the sender's host has a confirmed client, and the segment is the first
 *    payload it puts on a connection to a UDP peer that answered a client (or
 *    to port 80/443); or it goes to a confirmed client's Skype port;
 *  - otherwise, the segment is the first payload of a connection from the
 *    host of an unconfirmed endpoint to the ip:port that answered that
 *    endpoint's request with a positive U4 at most 10 s before, and its size
 *    fits T1 (skype_link_find, skype_tcp_t1_fits).
 */
skype_tcp_conv_t *skype_tcp_recognise_conn(tvbuff_t *tvb, packet_info *pinfo)
{
    guint caplen = tvb_captured_length(tvb);
    skype_tcp_facts_t f;
    skype_tcp_verdict_t v;
    skype_ep_t src, dst;
    const skype_link_t *probe = NULL;
    const skype_link_table_t *links;
    gint64 now;
    skype_tcp_conv_t *tc;

    if (caplen == 0 || PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt)
        return NULL;
    memset(&f, 0, sizeof(f));
    f.byte0 = tvb_get_uint8(tvb, 0);
    f.caplen = caplen;
    f.len = tvb_reported_length(tvb);
    f.dst_port = (guint16)pinfo->destport;
    f.src_host = skype_client_host(&pinfo->src);
    f.client_host = f.src_host || skype_client_host(&pinfo->dst);
    if (f.client_host) {
        f.eps = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) &&
                skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport);
        if (f.eps) {
            f.to_client = skype_client_lookup(&dst) != NULL;
            if (f.src_host) {
                f.first = skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst,
                                                     skype_client_host_since(&pinfo->src));
                f.peer_answered = peer_answered_host(&pinfo->src, &dst);
            }
        }
    } else if ((links = skype_link_table(FALSE)) != NULL) {
        now = skype_time_us(&pinfo->abs_ts);
        if (skype_link_active(links, now) &&
            (f.eps = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) &&
                     skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport)) &&
            (probe = skype_link_find(links, &src, &dst, now)) != NULL) {
            /* To an SN that a positive probe of this host found: every payload
             * segment is tracked from the U4 on, and only the first may be T1. */
            f.probe = TRUE;
            f.first = skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst, probe->u4_frame);
        }
    }
    if (skype_tcp_recognise_reject(&f))
        return NULL; /* the reject path of almost every TCP segment */
    f.p = tvb_get_ptr(tvb, 0, MIN(caplen, (guint)SKYPE_R2_PREFIX_LEN));
    f.dns_known = skype_dns_known(&pinfo->dst);
    if (skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE)
        return NULL;

    if (!skype_ep_from_address(&src, &pinfo->src, pinfo->srcport))
        memset(&src, 0, sizeof(src));
    /* From now on the connection comes to the plugin before port tables and
     * heuristics; an update check stays HTTP's, reached through the front. */
    tc = skype_tcp_conv_new(pinfo, &src, v.mode, v.evidence, v.dissect);
    skype_tcp_init(&tc->st, v.mode, v.midstream);
    if (!v.dissect) /* for the postdissector; a TCP relay candidate's phase is the relay */
        skype_timeline_add(&tc->timeline, pinfo->num,
                           v.mode == SKYPE_MODE_DNS
                               ? skype_tcp_tag_call_leg(tc, pinfo, &pinfo->dst, (guint16)pinfo->destport)
                               : skype_tcp_mode_phase(v.mode));
    if (v.link_probe)
        skype_udp_link_probe(probe); /* the probe is Skype too, from its U1 on */
    return tc;
}

/* See skype_tcp.h. The first FIN or RST's flags come from TCP's tap data,
 * fetched while the frame is dissected: available when taps run, i.e.
 * single pass, the second pass of -2, the GUI. */
void skype_tcp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                    const skype_frame_rec_t *rec, const struct tcpheader *th)
{
    skype_frame_rec_t shown;
    proto_item *ti;
    proto_tree *st;
    bool changed;

    if (rec != NULL) {
        /* A tag-only segment that another heuristic took before ours (TCP
         * keeps, in -2's second pass and in the GUI, the heuristic that took
         * a frame first, and moves a heuristic that matched to the front of
         * its list): its annotation, from the first pass. */
        if (!skype_tcp_mode_tag_only(tc->mode))
            return;
        ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
        proto_item_append_text(ti, ", %s", val_to_str_const(tc->mode, tcp_mode_vals, "TCP"));
        st = proto_item_add_subtree(ti, ett_tcp);
        add_tcp_tree(tvb, pinfo, st, rec);
        skype_conv_add_tree(tvb, pinfo, st, rec);
        if (tc->leg != NULL)
            skype_calls_add_tree(tvb, pinfo, st, tc->leg);
        skype_stats_frame(pinfo, rec, &tc->client);
        return;
    }
    /* a call's TCP leg closing is no teardown of the call: its phase stays the relay */
    if (th != NULL && (th->th_flags & (TH_FIN | TH_RST)) && (tc->leg == NULL || tc->mode == SKYPE_MODE_TURN))
        skype_timeline_fin(&tc->timeline, pinfo->num);

    if (tc->leg != NULL && tc->leg->opaque && !PINFO_FD_VISITED(pinfo))
        tc->leg->frames++; /* a TLS leg's segment without payload, or its certificate's frame */
    memset(&shown, 0, sizeof(shown));
    shown.phase = skype_timeline_phase(&tc->timeline, pinfo->num, &changed);
    shown.phase_changed = (guint8)changed;
    shown.evidence = tc->evidence;
    shown.conv_first_frame = tc->first_frame;
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, ", %s", val_to_str_const(tc->mode, tcp_mode_vals, "TCP"));
    st = proto_item_add_subtree(ti, ett_tcp);
    if (skype_tcp_mode_tag_only(tc->mode) && th != NULL && th->th_have_seglen && th->th_seglen > 0) {
        /* A segment with payload that TLS's or HTTP's heuristic took before
         * ours (tcp.try_heuristic_first): what the front would have shown. */
        shown.tcp_mode = tc->mode;
        skype_tcp_mode_item(tvb, st, tc->mode);
    }
    skype_conv_add_tree(tvb, pinfo, st, &shown);
    if (tc->leg != NULL)
        skype_calls_add_tree(tvb, pinfo, st, tc->leg);
    skype_stats_frame(pinfo, &shown, &tc->client);
}

void skype_tcp_mode_item(tvbuff_t *tvb, proto_tree *tree, guint8 mode)
{
    proto_item_set_generated(proto_tree_add_uint(tree, hf_tcp_mode, tvb, 0, 0, mode));
}

const char *skype_tcp_mode_name(guint8 mode)
{
    return val_to_str_const(mode, tcp_mode_vals, "TCP");
}

gint skype_tcp_ett(void)
{
    return ett_tcp;
}

void skype_tcp_register(dissector_handle_t conv_handle)
{
    static hf_register_info hf[] = {
        {&hf_tcp_msg,
         {"TCP message", "skype.tcp.msg", FT_UINT8, BASE_DEC, VALS(tcp_msg_vals), 0x0,
          "T1-T4 SN handshake, R1-R3 restricted mode, L1-L4 login (docs/protocol.md §4)", HFILL}},
        {&hf_tcp_mode,
         {"Connection", "skype.tcp.mode", FT_UINT8, BASE_DEC, VALS(tcp_mode_vals), 0x0,
          "What the connection was recognised as", HFILL}},
        {&hf_sn_result,
         {"SN result", "skype.sn.result", FT_UINT8, BASE_DEC, VALS(sn_result_vals), 0x0,
          "From the T3 size: 339 bytes refused, other sizes over 57 accepted", HFILL}},
        {&hf_login_marker,
         {"L3 marker offset", "skype.login.marker_offset", FT_UINT32, BASE_DEC, NULL, 0x0,
          "Offset of 00 0c 01 17 03 01 00 in L3", HFILL}},
        {&hf_tls_fake,
         {"Fake TLS", "skype.tls.fake", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Skype's fixed imitation of a TLS handshake (R1/R2 on port 443)", HFILL}},
        {&hf_tls_challenge,
         {"Challenge", "skype.tls.challenge", FT_BYTES, BASE_NONE, NULL, 0x0,
          "R1 bytes 56-71, the only bytes that vary", HFILL}},
        {&hf_tls_gmt,
         {"gmt_unix_time", "skype.tls.gmt_unix_time", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, NULL, 0x0,
          "R2 bytes 11-14, always 2004-01-31 17:23:18 UTC (18:23:18 CET in the paper)", HFILL}},
        {&hf_http_update,
         {"Update check", "skype.http.update", FT_STRING, BASE_NONE, NULL, 0x0,
          "HTTP request to ui.skype.com: getlatestversion or installed", HFILL}},
        {&hf_tcp_payload,
         {"Payload", "skype.tcp.payload", FT_BYTES, BASE_NONE, NULL, 0x0, "Segment payload (encrypted)", HFILL}},
        {&hf_tcp_retrans,
         {"Retransmission", "skype.tcp.retransmission", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "Data seen before; not counted as a new message", HFILL}},
    };
    static gint *ett[] = {&ett_tcp};
    static ei_register_info ei[] = {
        {&ei_sn_refused,
         {"skype.expert.sn_refused", PI_SEQUENCE, PI_NOTE, "SN refuses the client (339-byte T3)", EXPFILL}},
        {&ei_fake_tls, {"skype.expert.fake_tls", PI_PROTOCOL, PI_WARN, "TLS imitation", EXPFILL}},
        {&ei_login_no_marker,
         {"skype.expert.login_no_marker", PI_PROTOCOL, PI_NOTE, "L3 lacks the 00 0c 01 17 03 01 00 marker",
          EXPFILL}},
        {&ei_tcp_truncated,
         {"skype.expert.tcp_truncated", PI_MALFORMED, PI_ERROR, "Captured bytes end inside a signature",
          EXPFILL}},
    };
    expert_module_t *expert = expert_register_protocol(proto_skype);

    proto_register_field_array(proto_skype, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
    tcp_handle = conv_handle;
}

