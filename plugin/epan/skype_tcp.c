/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype over TCP (docs/protocol.md §4): heuristic "skype_tcp", the
 * conversation dissector of recognised connections, the port 443/80 front for
 * TLS and HTTP, and the TCP tap + postdissector that put frames without
 * payload (FIN, RST, ACKs) of a recognised connection into its phase
 * (docs/protocol.md §5).
 *
 * TURN over TCP (docs/modern.md, "TURN over TCP"): a connection to TCP 443
 * or 3478-3481 whose first payload is a STUN message with Microsoft
 * attributes, or to or from a media-relay range, is a call's TCP leg
 * (SKYPE_MODE_TURN): every segment is annotated (call, leg, phase, the STUN
 * messages that start in it) and handed to Wireshark's "stun-tcp", which
 * frames and reassembles the stream itself.
 *
 * The signatures, the message machine and the link rules are in ../core
 * (skype_tcp.c, skype_endpoint.c). Nothing here depends on TCP's preferences:
 * a connection's first payload is what the plugin saw first
 * (skype_tcp_first_payload_of), and retransmissions are found by comparing
 * TCP's next-sequence numbers with each other, which is the same in relative
 * and absolute numbering.
 */
#include "skype_tcp.h"

#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "../core/skype_phase.h"
#include "../core/skype_tcp.h"
#include "../core/skype_modern.h"
#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_modern.h"
#include "skype_names.h"
#include "skype_state.h"
#include "skype_stats.h"
#include "skype_udp.h"

#define SKYPE_TCP_TAGGED_KEY 0x7467u /* pinfo proto data: tag-only segment annotated in this dissection */
#define SKYPE_TURN_FRAME_KEY 0x7475u /* frame proto data (file scope): skype_turn_frame_t */
#define SKYPE_TURN_MAX_PDUS 8u       /* PDUs starting in one segment that are shown */

/* The PDUs of a TURN connection's stream that start in one frame's segment
 * (first pass), for the tree in every pass. */
typedef struct skype_turn_frame {
    guint16 method[SKYPE_TURN_MAX_PDUS]; /* STUN method, 0 for ChannelData */
    guint16 ms[SKYPE_TURN_MAX_PDUS];     /* SKYPE_MS_* bits of a STUN message */
    guint8 n;
} skype_turn_frame_t;

/* The skype subtree of a TURN segment, made once per dissection of the frame
 * (TCP may call the dissector twice for one frame: reassembled data, then
 * the rest of the segment). */
typedef struct skype_turn_shown {
    proto_tree *st;
} skype_turn_shown_t;

/* Per TCP connection state: 96 bytes (76 before the TURN fields); TURN
 * connections (SKYPE_MODE_TURN) also use the fields after have_seq. */
typedef struct skype_tcp_conv {
    skype_ep_t client;        /* the initiator ("client" in T1-T4 / L1-L4 terms) */
    skype_tcp_state_t st;     /* message machine */
    guint32 first_frame;      /* first frame the plugin recognised */
    guint32 nxtseq[2];        /* [from client, from server]: highest next sequence number seen */
    skype_timeline_t timeline; /* phase changes, for the postdissector and later passes */
    guint8 phase;             /* enum skype_phase, current */
    guint8 evidence;          /* enum skype_evidence */
    guint8 mode;              /* enum skype_tcp_mode as recognised (kept when R3 turns into SN) */
    guint8 have_seq;          /* bit dir: nxtseq[dir] is set */
    guint8 pdu_sync;          /* TURN, bit dir: next_pdu[dir] is set */
    guint8 pdu_pkt[2];        /* TURN: kind (SKYPE_PKT_*) of the last PDU begun in each direction */
    guint32 next_pdu[2];      /* TURN: TCP sequence number where the next PDU starts, per direction */
    skype_leg_t *leg;         /* TURN: the call leg */
} skype_tcp_conv_t;
_Static_assert(sizeof(skype_tcp_conv_t) == 96, "skype_tcp_conv_t: the size the comment states");

static dissector_handle_t tcp_handle;
static dissector_handle_t post_handle;
static dissector_handle_t front_next[2]; /* dissectors that owned ports 443 and 80 */
static dissector_handle_t turn_next[4];  /* dissectors that owned TCP 3478-3481 (STUN: 3478) */
static dissector_handle_t stun_tcp_handle;
static dissector_table_t tcp_port_table;
static int tcp_tap_id = -1;

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
    from_client = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &tc->client);
    dir = from_client ? 0 : 1;
    rec->tcp_mode = tc->mode;
    /* Relative or absolute, TCP's numbers of one direction differ by the same
     * amounts; serial-number arithmetic handles the wrap. */
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

    phase = skype_tcp_mode_phase(tc->mode);
    if (tc->st.mode == SKYPE_MODE_SN && out.msg == SKYPE_TCP_NONE && tc->st.sn_result != SKYPE_SN_REFUSED &&
        tc->phase == SKYPE_PHASE_SN_HANDSHAKE && skype_tcp_in_session(&tc->st))
        phase = SKYPE_PHASE_SN_SESSION; /* after T4: the kept SN connection */
    else if (tc->phase == SKYPE_PHASE_SN_SESSION && tc->st.mode == SKYPE_MODE_SN)
        phase = SKYPE_PHASE_SN_SESSION;
    skype_conv_mark(rec, &tc->phase, phase, tc->evidence, tc->first_frame);
    if (rec->phase_changed)
        skype_timeline_add(&tc->timeline, pinfo->num, rec->phase);
    return rec;
}

static void add_tcp_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_frame_rec_t *rec)
{
    proto_item *ti;
    guint caplen = tvb_captured_length(tvb);

    proto_item_set_generated(proto_tree_add_uint(tree, hf_tcp_mode, tvb, 0, 0, rec->tcp_mode));
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
    guint caplen = tvb_captured_length(tvb), len = tvb_reported_length(tvb), off = 0;
    skype_frame_rec_t *rec = skype_frame_rec(pinfo->num);
    gboolean first = rec == NULL;
    const guint8 *p = tvb_get_ptr(tvb, 0, caplen);
    skype_ep_t src;
    int dir;

    if (rec == NULL && (rec = skype_frame_rec_new(pinfo->num)) != NULL)
        rec->tcp_mode = SKYPE_MODE_TURN;
    dir = skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) && skype_ep_equal(&src, &tc->client) ? 0 : 1;
    if (ti != NULL && (tc->pdu_sync & (1u << dir))) {
        gint32 ahead = (gint32)(tc->next_pdu[dir] - ti->seq);
        if (ahead > 0)
            off = (guint)ahead >= len ? len : (guint)ahead; /* the rest of a PDU noted before */
    }
    while (off < len && off < caplen) {
        skype_stun_info_t info;
        guint8 pkt = SKYPE_PKT_OTHER;
        guint avail = caplen - off;
        guint32 plen = skype_turn_tcp_pdu_len(p + off, avail, &pkt);
        gboolean stun;

        if (plen == 0)
            break; /* no TURN framing here (or a header cut by the segment end) */
        stun = pkt == SKYPE_PKT_STUN && skype_stun_parse_any(p + off, MIN(avail, plen), plen, &info);
        skype_calls_stream_pdu(tc->leg, pinfo, pkt, stun ? &info : NULL, p + off, avail, len, rec, tc->evidence,
                               first);
        first = FALSE;
        if (tf->n < SKYPE_TURN_MAX_PDUS) {
            tf->method[tf->n] = stun ? info.method : 0;
            tf->ms[tf->n] = stun ? info.ms : 0;
            tf->n++;
        }
        tc->pdu_pkt[dir] = pkt;
        off += plen;
    }
    if (first) /* only the rest of an earlier PDU: counted, its phase again */
        skype_calls_stream_pdu(tc->leg, pinfo, tc->pdu_pkt[dir] ? tc->pdu_pkt[dir] : SKYPE_PKT_STUN, NULL, NULL, 0,
                               len, rec, tc->evidence, TRUE);
    if (ti != NULL && off >= len) {
        guint32 next = ti->seq + off;
        if (!(tc->pdu_sync & (1u << dir)) || (gint32)(next - tc->next_pdu[dir]) > 0)
            tc->next_pdu[dir] = next;
        tc->pdu_sync |= (guint8)(1u << dir);
    } else if (off < len) {
        tc->pdu_sync &= (guint8)~(1u << dir); /* lost: the next segment starts afresh */
    }
    if (rec != NULL) {
        tc->phase = rec->phase;
        skype_timeline_enter(&tc->timeline, pinfo->num, rec->phase);
    }
}

static int call_next(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);

/* The skype layer of a TURN connection's frame, from its first-pass record
 * (rec may be NULL) and, from index from on, the STUN messages tf noted. */
static proto_tree *turn_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                             const skype_frame_rec_t *rec)
{
    proto_item *ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_tree *st;

    proto_item_append_text(ti, " (tagged: STUN/TURN over TCP)");
    st = proto_item_add_subtree(ti, ett_tcp);
    proto_item_set_generated(proto_tree_add_uint(st, hf_tcp_mode, tvb, 0, 0, SKYPE_MODE_TURN));
    if (rec != NULL) {
        skype_conv_add_tree(tvb, pinfo, st, rec);
        skype_stats_frame(pinfo, rec, &tc->client);
    }
    skype_calls_add_tree(tvb, st, tc->leg);
    return st;
}

static void turn_stun_tree(tvbuff_t *tvb, proto_tree *st, const skype_turn_frame_t *tf, guint from)
{
    for (guint i = from; tf != NULL && i < tf->n; i++)
        if (tf->method[i] != 0)
            skype_modern_stun_tree(tvb, st, tf->method[i], tf->ms[i]);
}

/*
 * A segment (or reassembled data) of a TURN connection: the plugin's layer
 * (once per dissection of the frame), then the data, unchanged, to the
 * user's Decode As choice for the port or else to "stun-tcp", which frames
 * STUN and ChannelData messages and asks TCP for the rest of a split one.
 */
static int dissect_turn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                        const struct tcpinfo *ti_info, void *data)
{
    skype_turn_frame_t *tf = (skype_turn_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_skype,
                                                                    SKYPE_TURN_FRAME_KEY);
    skype_turn_shown_t *shown = (skype_turn_shown_t *)p_get_proto_data(pinfo->pool, pinfo, proto_skype,
                                                                      SKYPE_TCP_TAGGED_KEY);
    guint from = 0;
    dissector_handle_t next;
    int n = 0;

    if (!PINFO_FD_VISITED(pinfo)) {
        if (tf == NULL) {
            tf = wmem_new0(wmem_file_scope(), skype_turn_frame_t);
            p_add_proto_data(wmem_file_scope(), pinfo, proto_skype, SKYPE_TURN_FRAME_KEY, tf);
        }
        from = tf->n;
        turn_analyse(tvb, pinfo, tc, ti_info, tf);
    }
    if (shown == NULL) {
        shown = wmem_new0(pinfo->pool, skype_turn_shown_t);
        shown->st = turn_tree(tvb, pinfo, tree, tc, skype_frame_rec(pinfo->num));
        p_add_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY, shown);
        skype_calls_tap(pinfo, tc->leg);
        skype_calls_voip(pinfo, tc->leg);
        from = 0;
    }
    turn_stun_tree(tvb, shown->st, tf, from);
    next = skype_decode_as_choice(pinfo, tcp_port_table, "tcp.port");
    if (next != NULL)
        n = call_next(next, tvb, pinfo, tree, data);
    if (n <= 0)
        n = call_next(stun_tcp_handle, tvb, pinfo, tree, data);
    if (n > 0)
        return n;
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    col_add_fstr(pinfo->cinfo, COL_INFO, "STUN/TURN over TCP, %u bytes", tvb_reported_length(tvb));
    call_data_dissector(tvb, pinfo, tree);
    return (int)tvb_captured_length(tvb);
}

static int dissect_tcp_common(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                              void *data)
{
    const struct tcpinfo *ti_info = (const struct tcpinfo *)data;
    proto_item *ti;
    proto_tree *st;
    skype_frame_rec_t *rec;
    guint caplen = tvb_captured_length(tvb);

    if (tc->mode == SKYPE_MODE_TURN)
        return dissect_turn(tvb, pinfo, tree, tc, ti_info, data);
    rec = PINFO_FD_VISITED(pinfo) ? skype_frame_rec(pinfo->num) : analyse(tvb, pinfo, tc, ti_info);
    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, -1, ENC_NA);
    st = proto_item_add_subtree(ti, ett_tcp);
    if (rec != NULL) {
        add_tcp_tree(tvb, pinfo, st, rec);
        skype_conv_add_tree(tvb, pinfo, st, rec);
        skype_stats_frame(pinfo, rec, &tc->client);
        set_info(pinfo, rec, tvb_reported_length(tvb));
    } else {
        col_add_fstr(pinfo->cinfo, COL_INFO, "Skype TCP, %u bytes", tvb_reported_length(tvb));
    }
    if (caplen > 0 && !skype_tcp_mode_tag_only(tc->mode))
        proto_tree_add_item(st, hf_tcp_payload, tvb, 0, -1, ENC_NA);
    return (int)caplen;
}

/*
 * The postdissector and the TCP tap listener cost every frame of every
 * capture a few hundred instructions, so they are registered only when the
 * first Skype TCP connection is recognised (and then stay, for the process).
 */
static gboolean frame_hooks_enabled;

static void enable_frame_hooks(void)
{
    GString *err;

    if (frame_hooks_enabled)
        return;
    frame_hooks_enabled = TRUE;
    register_postdissector(post_handle);
    /* No callbacks: the listener only makes TCP's tap data fetchable by the
     * postdissector (fetch_tapped_data), as SMB2 does for NTLMSSP. */
    tcp_tap_id = find_tap_id("tcp");
    err = register_tap_listener("tcp", &tcp_tap_id, NULL, TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
    if (err != NULL)
        g_string_free(err, TRUE);
}

static skype_tcp_conv_t *tcp_conv(packet_info *pinfo)
{
    conversation_t *conv = find_conversation_pinfo(pinfo, 0);
    return conv ? (skype_tcp_conv_t *)conversation_get_proto_data(conv, proto_skype) : NULL;
}

/* Conversation dissector of recognised connections. */
static int dissect_skype_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_tcp_conv_t *tc = tcp_conv(pinfo);

    if (tc == NULL)
        return 0;
    return dissect_tcp_common(tvb, pinfo, tree, tc, data);
}

/* Is one of the segment's ports TCP 443 or 3478-3481, where Teams reaches
 * its media relays over TCP? */
static gboolean turn_port(const packet_info *pinfo)
{
    return pinfo->srcport == 443 || pinfo->destport == 443 || skype_relay_port((guint16)pinfo->srcport) ||
           skype_relay_port((guint16)pinfo->destport);
}

/*
 * TURN over TCP (docs/modern.md, "TURN over TCP"): the first payload its
 * sender puts on a connection to or from TCP 443 or 3478-3481 is a STUN
 * message with the magic cookie and a plausible length
 * (skype_turn_tcp_first), and carries Microsoft attributes (evidence 10) or
 * goes to or comes from a media-relay range (evidence 11). The connection
 * becomes a call's TCP leg. NULL otherwise; no allocation on the way there
 * but the tracking of the first payload of connections that got this far.
 */
static skype_tcp_conv_t *recognise_turn(tvbuff_t *tvb, packet_info *pinfo)
{
    guint caplen = tvb_captured_length(tvb), n = MIN(caplen, 512u);
    skype_stun_info_t info;
    skype_ep_t src, dst;
    skype_tcp_conv_t *tc;
    conversation_t *conv;
    guint8 evidence;

    if (!skype_turn_tcp_first(tvb_get_ptr(tvb, 0, n), n, tvb_reported_length(tvb), &info))
        return NULL;
    if (info.ms != 0)
        evidence = SKYPE_EV_MS_STUN;
    else if (skype_modern_relay_address(&pinfo->src) || skype_modern_relay_address(&pinfo->dst))
        evidence = SKYPE_EV_RELAY_RANGE;
    else
        return NULL;
    if (!skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) ||
        !skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport) ||
        !skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst, 0))
        return NULL;
    tc = wmem_new0(wmem_file_scope(), skype_tcp_conv_t);
    tc->client = src;
    tc->mode = SKYPE_MODE_TURN;
    tc->first_frame = pinfo->num;
    tc->evidence = evidence;
    tc->leg = skype_calls_leg_new(pinfo);
    tc->leg->kind = SKYPE_LEG_TCP;
    conv = find_or_create_conversation(pinfo);
    conversation_add_proto_data(conv, proto_skype, tc);
    conversation_set_dissector(conv, tcp_handle);
    skype_tcp_conversation_added();
    enable_frame_hooks();
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
 * Recognise a connection from the segment in tvb (first pass only). Returns
 * its new state, or NULL when the segment is no evidence. No allocation on
 * that path. Outside evidence ("linked", docs/protocol.md §6):
 *  - the sender's host has a confirmed client, and the segment is the first
 *    payload it puts on a connection to a UDP peer that answered a client (or
 *    to port 80/443); or it goes to a confirmed client's Skype port;
 *  - otherwise, the segment is the first payload of a connection from the
 *    host of an unconfirmed endpoint to the ip:port that answered that
 *    endpoint's request with a positive U4 at most 10 s before, and its size
 *    fits T1 (skype_link_find, skype_tcp_t1_fits).
 */
static skype_tcp_conv_t *recognise(tvbuff_t *tvb, packet_info *pinfo, const struct tcpinfo *ti _U_)
{
    guint caplen = tvb_captured_length(tvb);
    skype_ep_t src, dst;
    gboolean linked = FALSE, to_client = FALSE, first = FALSE, hosts, src_host;
    const skype_link_t *probe = NULL;
    const skype_link_table_t *links;
    const guint8 *p;
    guint8 mode, b0;
    gint64 now;
    skype_tcp_conv_t *tc;
    conversation_t *conv;

    if (caplen == 0 || PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt)
        return NULL;
    b0 = tvb_get_uint8(tvb, 0);
    /* TURN over TCP: STUN's first byte, then the 4-byte magic cookie */
    if ((b0 & 0xc0) == 0 && caplen >= SKYPE_STUN_HEADER_LEN && turn_port(pinfo) &&
        tvb_get_ntohl(tvb, 4) == SKYPE_STUN_COOKIE && (tc = recognise_turn(tvb, pinfo)) != NULL)
        return tc;
    src_host = skype_client_host(&pinfo->src);
    hosts = src_host || skype_client_host(&pinfo->dst);
    if (hosts) {
        if (skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) &&
            skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport)) {
            to_client = skype_client_lookup(&dst) != NULL;
            if (src_host) {
                first = skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst,
                                                   skype_client_host_since(&pinfo->src));
                linked = peer_answered_host(&pinfo->src, &dst) || pinfo->destport == 80 || pinfo->destport == 443;
            }
            linked = linked || to_client;
        }
    } else if ((links = skype_link_table(FALSE)) != NULL) {
        now = (gint64)pinfo->abs_ts.secs * 1000000 + pinfo->abs_ts.nsecs / 1000;
        if (skype_link_active(links, now) && skype_ep_from_address(&src, &pinfo->src, pinfo->srcport) &&
            skype_ep_from_address(&dst, &pinfo->dst, pinfo->destport) &&
            (probe = skype_link_find(links, &src, &dst, now)) != NULL) {
            /* To an SN that a positive probe of this host found: every payload
             * segment is tracked from the U4 on, and only the first may be T1. */
            first = skype_tcp_first_payload_of(find_conversation_pinfo(pinfo, 0), &src, &dst, probe->u4_frame);
            if (!first || !skype_tcp_t1_fits(tvb_reported_length(tvb)))
                probe = NULL;
            linked = probe != NULL;
        }
    }
    if (!hosts && probe == NULL && b0 != 0x16 && b0 != 0x80 && b0 != 'G' && pinfo->destport != 80)
        return NULL; /* the reject path of almost every TCP segment */

    p = tvb_get_ptr(tvb, 0, MIN(caplen, (guint)SKYPE_R2_PREFIX_LEN));
    mode = skype_tcp_identify(p, MIN(caplen, (guint)SKYPE_R2_PREFIX_LEN), tvb_reported_length(tvb),
                              (guint16)pinfo->destport, linked && (first || to_client));
    if (mode == SKYPE_MODE_SN && to_client)
        mode = SKYPE_MODE_PEER;
    if (mode == SKYPE_MODE_NONE && skype_dns_known(&pinfo->dst))
        mode = SKYPE_MODE_DNS;
    if (mode == SKYPE_MODE_NONE)
        return NULL;

    tc = wmem_new0(wmem_file_scope(), skype_tcp_conv_t);
    skype_ep_from_address(&tc->client, &pinfo->src, pinfo->srcport);
    skype_tcp_init(&tc->st, mode, !first && mode == SKYPE_MODE_SN);
    tc->mode = mode;
    tc->first_frame = pinfo->num;
    tc->evidence = skype_tcp_mode_evidence(mode, linked);
    conv = find_or_create_conversation(pinfo);
    conversation_add_proto_data(conv, proto_skype, tc);
    /* From now on the connection comes to the plugin before port tables and
     * heuristics; an update check stays HTTP's, reached through the front. */
    if (!skype_tcp_mode_tag_only(mode))
        conversation_set_dissector(conv, tcp_handle);
    else
        skype_timeline_add(&tc->timeline, pinfo->num, skype_tcp_mode_phase(mode)); /* for the postdissector */
    if (probe != NULL && (mode == SKYPE_MODE_SN || mode == SKYPE_MODE_R80))
        skype_udp_link_probe(probe); /* the probe is Skype too, from its U1 on */
    skype_tcp_conversation_added();
    enable_frame_hooks();
    return tc;
}

/*
 * Tag the frame's TCP connection from a name that Wireshark's TLS dissector
 * showed (skype_names_tls, first pass): SKYPE_MODE_TLS from the client's
 * ClientHello (the sender is the client), SKYPE_MODE_CERT from the server's
 * Certificate (the receiver is). Tag-only: TLS keeps the connection.
 */
static skype_tcp_conv_t *tag_named(packet_info *pinfo, guint8 mode)
{
    conversation_t *conv;
    skype_tcp_conv_t *tc;

    if (PINFO_FD_VISITED(pinfo) || pinfo->ptype != PT_TCP)
        return NULL;
    conv = find_or_create_conversation(pinfo);
    if (conversation_get_proto_data(conv, proto_skype) != NULL)
        return NULL;
    tc = wmem_new0(wmem_file_scope(), skype_tcp_conv_t);
    if (mode == SKYPE_MODE_CERT)
        skype_ep_from_address(&tc->client, &pinfo->dst, pinfo->destport); /* the server sent it */
    else
        skype_ep_from_address(&tc->client, &pinfo->src, pinfo->srcport);
    skype_tcp_init(&tc->st, mode, FALSE);
    tc->mode = mode;
    tc->first_frame = pinfo->num;
    tc->evidence = skype_tcp_mode_evidence(mode, FALSE);
    if (mode == SKYPE_MODE_CERT) {
        /* The certificate's frame is the change point; later segments are in
         * that phase already (no second phase-change entry). The
         * postdissector annotates the frame. */
        tc->phase = skype_tcp_mode_phase(mode);
        skype_timeline_add(&tc->timeline, pinfo->num, tc->phase);
    } else {
        skype_timeline_add(&tc->timeline, pinfo->num, skype_tcp_mode_phase(mode)); /* for the postdissector */
    }
    conversation_add_proto_data(conv, proto_skype, tc);
    skype_tcp_conversation_added();
    enable_frame_hooks();
    return tc;
}

/*
 * The annotation of a tag-only connection's segment, once per dissection of
 * the frame: the heuristic (when TCP tries heuristics first) and the port
 * front may both see it.
 */
static void tag_once(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    const char *saved_proto = pinfo->current_proto;

    if (p_get_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY) != NULL)
        return;
    p_add_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY, GUINT_TO_POINTER(1));
    /* Called outside our protocol's own dissector: name it for the expert
     * entries it adds. */
    pinfo->current_proto = "SKYPE";
    dissect_tcp_common(tvb, pinfo, tree, tc, data);
    pinfo->current_proto = saved_proto;
}

/* tag_once for a frame another dissector has already dissected: the
 * annotation leaves that dissector's columns as they are. */
static void tag_after(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    gboolean writable = col_get_writable(pinfo->cinfo, -1);

    col_set_writable(pinfo->cinfo, -1, FALSE);
    tag_once(tvb, pinfo, tree, tc, data);
    col_set_writable(pinfo->cinfo, -1, writable);
}

/*
 * Tag the frame's connection from a TLS name (tag_named) and, for a
 * ClientHello's server name, annotate the frame after TLS: the annotation
 * leaves TLS's columns as they are (in the second pass it comes first and
 * TLS writes them). A Certificate's frame is annotated by the postdissector.
 * Returns the new state, or NULL when the connection was tagged already or
 * the frame is not TCP or not in the first pass (nothing done then).
 * Source: docs/modern.md, "Names".
 */
static skype_tcp_conv_t *tag_named_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint8 mode,
                                         void *data)
{
    skype_tcp_conv_t *tc = tag_named(pinfo, mode);

    if (tc != NULL && mode == SKYPE_MODE_TLS)
        tag_after(tvb, pinfo, tree, tc, data);
    return tc;
}

/*
 * Heuristic "skype_tcp". Tag-only connections (update check, TLS and DNS
 * tags) stay with whatever dissects them: their segments are annotated and
 * refused, so that HTTP or TLS, port or heuristic, still take them. With
 * TCP's default order the port front does that on 80 and 443; with
 * tcp.try_heuristic_first TLS's and HTTP's heuristics would take them
 * before the front, so the annotation is made here.
 */
static skype_cb_bool_t dissect_skype_tcp_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_tcp_conv_t *tc = skype_tcp_conversations() ? tcp_conv(pinfo) : NULL;

    if (tc == NULL)
        tc = recognise(tvb, pinfo, (const struct tcpinfo *)data);
    if (tc == NULL)
        return FALSE;
    if (skype_tcp_mode_tag_only(tc->mode)) {
        tag_once(tvb, pinfo, tree, tc, data);
        return FALSE;
    }
    dissect_tcp_common(tvb, pinfo, tree, tc, data);
    return TRUE;
}

/*
 * Hand a segment on to the dissector that owned the port. Calling a
 * dissector uses up one level of pinfo->can_desegment; TCP gave that level to
 * its direct subdissector, the front, so it is restored first: TLS and HTTP
 * can then ask TCP for more segments (records and messages split across
 * segments reassemble as without the plugin).
 */
static int call_next(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (next == NULL)
        return 0;
    pinfo->can_desegment = pinfo->saved_can_desegment;
    return call_dissector_only(next, tvb, pinfo, tree, data);
}

/*
 * Front for TCP ports 443 and 80, which TLS and HTTP own: Skype's restricted
 * modes (R1 fake TLS on 443, R1 on 80) and the HTTP update check arrive there
 * before any heuristic. Anything else goes on, untouched, to the dissector
 * that owned the port; recognised update checks are still dissected by HTTP
 * too, with the Skype annotations beside.
 */
static int dissect_skype_tcp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                                   dissector_handle_t next)
{
    skype_tcp_conv_t *tc;

    if (!skype_proto_enabled())
        return call_next(next, tvb, pinfo, tree, data);
    tc = skype_tcp_conversations() ? tcp_conv(pinfo) : NULL;
    if (tc == NULL)
        tc = recognise(tvb, pinfo, (const struct tcpinfo *)data);
    if (tc == NULL && next != NULL && next == front_next[0] && skype_names_tls_gate(tvb, pinfo)) {
        /* The 443 front, a TLS handshake record: TLS dissects it with the name fields
         * primed, then the plugin reads them (skype_names.c). */
        guint8 mode;
        int n;
        pinfo->can_desegment = pinfo->saved_can_desegment;
        n = skype_names_tls(next, tvb, pinfo, tree, data, &mode);
        if (mode != SKYPE_MODE_NONE)
            tag_named_frame(tvb, pinfo, tree, mode, data);
        return n;
    }
    if (tc == NULL)
        return call_next(next, tvb, pinfo, tree, data);
    if (skype_tcp_mode_tag_only(tc->mode)) {
        /* Tagged, not re-dissected: HTTP or TLS keeps the frame. */
        int n;
        tag_once(tvb, pinfo, tree, tc, data);
        n = call_next(next, tvb, pinfo, tree, data);
        return n > 0 ? n : (int)tvb_captured_length(tvb);
    }
    if (tc->mode == SKYPE_MODE_TURN) /* through the handle: the frame gets the skype layer, as later ones do */
        return call_next(tcp_handle, tvb, pinfo, tree, data);
    return dissect_tcp_common(tvb, pinfo, tree, tc, data);
}

static int dissect_skype_tcp_443(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return dissect_skype_tcp_front(tvb, pinfo, tree, data, front_next[0]);
}

static int dissect_skype_tcp_80(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return dissect_skype_tcp_front(tvb, pinfo, tree, data, front_next[1]);
}

/*
 * Front for TCP 3478-3481 (STUN owns 3478 and sees its segments before any
 * heuristic): TURN over TCP to a media relay, else the port's own dissector,
 * or none (TCP then tries its heuristics as without the plugin).
 */
static int dissect_skype_tcp_relay(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    /* The port that brought the segment here: the lower one when both are
     * in 3478-3481, as TCP tries the lower port first. */
    guint lo = MIN(pinfo->srcport, pinfo->destport), hi = MAX(pinfo->srcport, pinfo->destport);
    guint port = lo >= 3478 && lo <= 3481 ? lo : hi;

    return dissect_skype_tcp_front(tvb, pinfo, tree, data,
                                   port >= 3478 && port <= 3481 ? turn_next[port - 3478] : NULL);
}

/*
 * Postdissector: frames without payload (SYN, ACK, FIN, RST) of a recognised
 * connection never reach a subdissector. They get the connection's phase at
 * their frame number from its timeline; the first FIN or RST enters teardown
 * (its flags come from TCP's tap data, fetched while the frame is dissected:
 * available when taps run, i.e. single pass, the second pass of -2, the GUI).
 * Returns at once while the capture has no recognised TCP connection.
 */
static int dissect_skype_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const struct tcpheader *th;
    skype_tcp_conv_t *tc;
    skype_frame_rec_t shown;
    const skype_frame_rec_t *rec;
    proto_item *ti;
    proto_tree *st;
    bool changed;

    if (skype_tcp_conversations() == 0 || pinfo->ptype != PT_TCP)
        return 0;
    rec = skype_frame_rec(pinfo->num);
    if (rec != NULL && p_get_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY) != NULL)
        return 0; /* annotated by the heuristic or the front in this dissection */
    tc = tcp_conv(pinfo);
    if (tc == NULL)
        return 0;
    if (rec != NULL && tc->mode == SKYPE_MODE_TURN) {
        /* A segment TCP did not hand to STUN in this pass: in -2's second
         * pass and the GUI, one whose data TCP reassembles for a later frame. */
        st = turn_tree(tvb, pinfo, tree, tc, rec);
        turn_stun_tree(tvb, st,
                       (const skype_turn_frame_t *)p_get_proto_data(wmem_file_scope(), pinfo, proto_skype,
                                                                    SKYPE_TURN_FRAME_KEY),
                       0);
        skype_calls_tap(pinfo, tc->leg);
        return 0;
    }
    if (rec != NULL) {
        /* A tag-only segment that another heuristic took before ours (TCP
         * keeps, in -2's second pass and in the GUI, the heuristic that took
         * a frame first, and moves a heuristic that matched to the front of
         * its list): its annotation, from the first pass. */
        if (!skype_tcp_mode_tag_only(tc->mode))
            return 0;
        ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
        proto_item_append_text(ti, ", %s", val_to_str_const(tc->mode, tcp_mode_vals, "TCP"));
        st = proto_item_add_subtree(ti, ett_tcp);
        add_tcp_tree(tvb, pinfo, st, rec);
        skype_conv_add_tree(tvb, pinfo, st, rec);
        skype_stats_frame(pinfo, rec, &tc->client);
        return 0;
    }
    th = (const struct tcpheader *)fetch_tapped_data(tcp_tap_id, 0);
    if (th != NULL && (th->th_flags & (TH_FIN | TH_RST)))
        skype_timeline_fin(&tc->timeline, pinfo->num);

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
        proto_item_set_generated(proto_tree_add_uint(st, hf_tcp_mode, tvb, 0, 0, tc->mode));
    }
    skype_conv_add_tree(tvb, pinfo, st, &shown);
    if (tc->leg != NULL)
        skype_calls_add_tree(tvb, st, tc->leg);
    skype_stats_frame(pinfo, &shown, &tc->client);
    return 0;
}

/* See skype_tcp.h: registered by enable_frame_hooks, for the process. */
gboolean skype_tcp_hooks_enabled(void)
{
    return frame_hooks_enabled;
}

/* See skype_tcp.h. The 443 front's order: recognise(), then the name's tag
 * (tag_named_frame). Source: docs/modern.md, "Names". */
void skype_tcp_names_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint8 mode, gboolean post_ran)
{
    skype_tcp_conv_t *tc;

    if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt || pinfo->ptype != PT_TCP ||
        tvb_captured_length(tvb) == 0 || tcp_conv(pinfo) != NULL)
        return;
    /* as the front: the connection's own evidence first (here only the DNS
     * answers: any other the plugin's heuristic sees as well) */
    tc = skype_dns_known(&pinfo->dst) ? recognise(tvb, pinfo, NULL) : NULL;
    if (tc != NULL) {
        if (skype_tcp_mode_tag_only(tc->mode))
            tag_after(tvb, pinfo, tree, tc, NULL);
        return;
    }
    if (mode == SKYPE_MODE_NONE || tag_named_frame(tvb, pinfo, tree, mode, NULL) == NULL)
        return;
    /* A Certificate's frame: the TCP postdissector annotates it, unless it
     * ran for this frame already (registered before the caller's). */
    if (mode == SKYPE_MODE_CERT && post_ran)
        dissect_skype_post(tvb, pinfo, tree, NULL);
}

void skype_tcp_register(void)
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
    tcp_handle = register_dissector_with_description("skype_tcp", "Skype legacy TCP", dissect_skype_tcp,
                                                     proto_skype);
    post_handle = create_dissector_handle(dissect_skype_post, proto_skype);
}

void skype_tcp_handoff(void)
{
    static const guint ports[2] = {443, 80};
    static dissector_t const fronts[2] = {dissect_skype_tcp_443, dissect_skype_tcp_80};
    heur_dissector_add("tcp", dissect_skype_tcp_heur, "Skype legacy TCP", "skype_tcp", proto_skype,
                       HEURISTIC_ENABLE);
    static const char *const names[2] = {"skype_tcp_443", "skype_tcp_80"};
    static const char *const descr[2] = {"Skype restricted mode on 443, else TLS",
                                         "Skype restricted mode and update check on 80, else HTTP"};
    dissector_handle_t relay = create_dissector_handle_with_name_and_description(
        dissect_skype_tcp_relay, -1, "skype_tcp_relay", "Skype/Teams TURN over TCP on 3478-3481, else the port's own");

    tcp_port_table = find_dissector_table("tcp.port");
    stun_tcp_handle = find_dissector("stun-tcp");
    for (guint i = 0; i < 4; i++) {
        turn_next[i] = dissector_get_uint_handle(tcp_port_table, 3478 + i);
        dissector_add_uint("tcp.port", 3478 + i, relay);
    }
    for (int i = 0; i < 2; i++) {
        front_next[i] = dissector_get_uint_handle(find_dissector_table("tcp.port"), ports[i]);
        /* No protocol (-1): the front adds no "skype" layer to the frames it
         * only passes on, so frame.protocols stays as Wireshark has it. */
        dissector_add_uint("tcp.port", ports[i],
                           create_dissector_handle_with_name_and_description(fronts[i], -1, names[i], descr[i]));
    }
}
