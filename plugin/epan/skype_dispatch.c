/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every entry point Wireshark calls (docs/design.md, "Architecture"): the
 * plugin's registration, the heuristics, the conversation dissectors, the
 * port fronts, the postdissectors and the Decode As choice. This file alone
 * owns the Wireshark mechanics around them: which ports the fronts sit on
 * and which dissector owned each port before, which of 3478-3481 brought a
 * packet, the can_desegment level handed on, pinfo->current_proto while the
 * plugin annotates outside its own dissector, column locks, and the
 * once-per-dissection marks. What a packet means is decided by the concern
 * files it calls (skype_udp.c legacy SoM, skype_tcp.c legacy TCP,
 * skype_turn_tcp.c TURN over TCP, skype_tcp_tag.c TLS-name tags,
 * skype_modern.c STUN/TURN over UDP, skype_names.c and skype_quic.c names),
 * and those by the core (../core).
 *
 * The plugin's registration order (plugin.c) calls skype_dispatch_register
 * and skype_dispatch_handoff.
 */
#include <epan/conversation.h>
#include <epan/dissectors/packet-tcp.h>
#include <epan/packet.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/tap.h>

#include "../core/skype_modern.h"
#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_dispatch.h"
#include "skype_legs.h"
#include "skype_modern.h"
#include "skype_names.h"
#include "skype_quic.h"
#include "skype_state.h"
#include "skype_stats.h"
#include "skype_tcp.h"
#include "skype_tcp_tag.h"
#include "skype_turn_tcp.h"
#include "skype_udp.h"

/* The ports the fronts sit on (docs/preferences.md, "Port fronts"). */
#define PORT_DNS 53
#define PORT_HTTP 80
#define PORT_HTTPS 443
#define PORT_RELAY_LO 3478 /* 3478-3481: the Transport Relay's ports; STUN owns 3478 */
#define PORT_RELAY_HI 3481
#define RELAY_PORTS (PORT_RELAY_HI - PORT_RELAY_LO + 1)

#define SKYPE_TCP_TAGGED_KEY 0x7467u /* pinfo proto data: a TCP segment annotated in this dissection */
#define QUIC_SHOWN_KEY 0x7173u       /* pinfo proto data: the QUIC annotation is in this dissection's tree */

/* Handles of the plugin's own dissectors. */
static dissector_handle_t som_handle;    /* "skype_som" */
static dissector_handle_t tcp_handle;    /* "skype_tcp" */
static dissector_handle_t modern_handle; /* "skype_modern" */
static dissector_handle_t tcp_post_handle, quic_post_handle, names_post_handle, icmp_post_handle, piece_post_handle;
static dissector_handle_t quic_front;

/* The dissectors that owned the fronts' ports before the plugin, and others
 * the fronts hand packets to. */
static dissector_handle_t tcp_front_next[2]; /* TCP 443, 80 */
static dissector_handle_t tcp_relay_next[RELAY_PORTS];
static dissector_handle_t udp_relay_next[RELAY_PORTS];
static dissector_handle_t dns_udp_next, dns_tcp_next, quic_next;
static dissector_handle_t stun_tcp_handle, quic_handle;
static dissector_table_t tcp_port_table, udp_port_table;
static heur_dissector_list_t udp_heur;
static heur_dtbl_entry_t *som_heur, *stun_heur;
static int proto_quic = -1;
static int tcp_tap_id = -1;

/* Postdissectors are registered at first use, in that order; whether one
 * came before the names postdissector decides who annotates a frame both
 * reach (the names postdissector, heuristics first only). */
static gboolean tcp_hooks, quic_post_on, heur_first, icmp_post_on;
static gboolean post_tcp_first, post_quic_first;

/* ---- mechanics ----------------------------------------------------------- */

/* Hand a TCP segment on. TCP gave its level of pinfo->can_desegment to the
 * front, so it is restored first: TLS, HTTP, DNS and STUN can then ask TCP
 * for more segments, as without the plugin. */
static int call_next(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (next == NULL)
        return 0;
    pinfo->can_desegment = pinfo->saved_can_desegment;
    return call_dissector_only(next, tvb, pinfo, tree, data);
}

/* UDP: hand a datagram on to next, or take nothing when there is none. */
static int call_udp_next(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return next != NULL ? call_dissector_only(next, tvb, pinfo, tree, data) : 0;
}

/* The relay port (3478-3481) that brought the packet to a front, as an
 * index into the fronts' tables: the lower port when both are relay ports,
 * as UDP and TCP try the lower port first. -1 when neither is. */
static int relay_port_index(const packet_info *pinfo)
{
    guint lo = MIN(pinfo->srcport, pinfo->destport), hi = MAX(pinfo->srcport, pinfo->destport);
    guint port = lo >= PORT_RELAY_LO && lo <= PORT_RELAY_HI ? lo : hi;

    return port >= PORT_RELAY_LO && port <= PORT_RELAY_HI ? (int)(port - PORT_RELAY_LO) : -1;
}

/* Has this dissection of the frame annotated its TCP segment already? */
static gboolean tcp_annotated(packet_info *pinfo)
{
    return p_get_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY) != NULL;
}

/* The TCP postdissector and tap listener (no callbacks: it makes TCP's tap
 * data fetchable, as SMB2 does for NTLMSSP) cost every frame a few hundred
 * instructions: registered at the first recognised connection, for good. */
static void enable_tcp_hooks(void)
{
    GString *err;

    if (tcp_hooks || skype_tcp_conversations() == 0)
        return;
    tcp_hooks = TRUE;
    register_postdissector(tcp_post_handle);
    tcp_tap_id = find_tap_id("tcp");
    err = register_tap_listener("tcp", &tcp_tap_id, NULL, TL_IS_DISSECTOR_HELPER, NULL, NULL, NULL, NULL);
    if (err != NULL)
        g_string_free(err, TRUE);
}


/* The QUIC postdissector, registered at the first tagged QUIC 5-tuple. */
static void enable_quic_post(void)
{
    if (!quic_post_on) {
        quic_post_on = TRUE;
        register_postdissector(quic_post_handle);
    }
}

/* ---- UDP ------------------------------------------------------------------ */

/* Heuristic "skype_som_udp": legacy SoM, and, in the same pass before its
 * candidate table, the STUN tagging of "skype_stun_udp" when that one is
 * enabled (one order for both: a confirmed client's datagram is SoM). */
static skype_cb_bool_t dissect_som_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return skype_udp_heur(tvb, pinfo, tree, stun_heur == NULL || stun_heur->enabled ? skype_modern_udp_try : NULL) ||
           skype_modern_piece_try(tvb, pinfo, tree);
}

/* Heuristic "skype_stun_udp": Teams/Skype STUN tagging (docs/modern.md).
 * While "skype_som_udp" is enabled that heuristic does this work in its own
 * pass (dissect_som_heur), so this one only acts when SoM is switched off:
 * each switch affects its own traffic alone. */
static skype_cb_bool_t dissect_stun_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (som_heur == NULL || som_heur->enabled)
        return FALSE;
    return skype_modern_udp_try(tvb, pinfo, tree) || skype_modern_piece_try(tvb, pinfo, tree);
}

/* "skype_som": conversation dissector of confirmed clients, Decode As target. */
static int dissect_som(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    return skype_udp_som(tvb, pinfo, tree);
}

/* Postdissector for ICMP errors quoting a call leg (skype_modern_icmp_post),
 * registered with the first tagged 5-tuple of a capture (dissect_modern). */
static int dissect_icmp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    skype_modern_icmp_post(tvb, pinfo, tree);
    return 0;
}

/* Postdissector of a file set's piece (skype_legs_piece_tcp), registered
 * when the legs table is made (skype_dispatch_piece_post). */
static int dissect_piece_post(tvbuff_t *tvb _U_, packet_info *pinfo, proto_tree *tree _U_, void *data _U_)
{
    skype_legs_piece_tcp(pinfo);
    return 0;
}

void skype_dispatch_piece_post(void)
{
    static gboolean on;

    if (!on)
        register_postdissector(piece_post_handle);
    on = TRUE;
}

/* "skype_modern": conversation dissector of tagged UDP 5-tuples. */
static int dissect_modern(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    if (!icmp_post_on && skype_modern_icmp_setup())
        register_postdissector(icmp_post_handle);
    icmp_post_on = TRUE;
    return skype_modern_dissect(tvb, pinfo, tree);
}

/* Front for UDP 3478-3481 (STUN owns 3478 and sees its traffic first). */
static int dissect_udp_relay_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    int i = relay_port_index(pinfo), n;
    dissector_handle_t next = i >= 0 ? udp_relay_next[i] : NULL;

    if (!skype_proto_enabled())
        return call_udp_next(next, tvb, pinfo, tree, data);
    n = skype_modern_relay(tvb, pinfo, tree);
    return n != SKYPE_PASS ? n : call_udp_next(next, tvb, pinfo, tree, data);
}

/* Front for UDP 53: a response from port 53 with answers is read (first
 * pass); everything goes on to DNS. */
static int dissect_dns_udp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (dns_udp_next == NULL)
        return 0;
    if (pinfo->srcport == PORT_DNS && skype_names_dns_gate(tvb, pinfo) && skype_proto_enabled())
        return skype_names_dns(dns_udp_next, tvb, pinfo, tree, data);
    return call_dissector_only(dns_udp_next, tvb, pinfo, tree, data);
}

/* The tag-only annotation of a tagged QUIC datagram, once per dissection
 * with the heuristics first (the names and QUIC postdissectors may both
 * reach the frame), named "SKYPE" for its expert entries. */
static void quic_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_quic_t *nq)
{
    const char *saved_proto = pinfo->current_proto;

    if (heur_first) {
        if (p_get_proto_data(pinfo->pool, pinfo, proto_skype, QUIC_SHOWN_KEY) != NULL)
            return;
        p_add_proto_data(pinfo->pool, pinfo, proto_skype, QUIC_SHOWN_KEY, GUINT_TO_POINTER(1));
    }
    pinfo->current_proto = "SKYPE";
    skype_quic_annotate(tvb, pinfo, tree, nq);
    pinfo->current_proto = saved_proto;
}

/* QUIC postdissector (from the first tagged QUIC connection on): every
 * datagram of a tagged 5-tuple, however QUIC reached it. */
static int dissect_quic_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    skype_quic_t *nq = skype_quic_lookup(pinfo);

    if (skype_quic_tagged(nq) && !pinfo->flags.in_error_pkt && skype_proto_enabled())
        quic_annotate(tvb, pinfo, tree, nq);
    return 0;
}

/* Does the datagram's port other than 443 have a dissector of its own
 * (which UDP would try before the heuristics)? */
static gboolean other_port_owned(packet_info *pinfo)
{
    guint32 other = pinfo->srcport == PORT_HTTPS ? pinfo->destport : pinfo->srcport;

    return other != PORT_HTTPS && dissector_get_uint_handle(udp_port_table, other) != NULL;
}

/* UDP 443 front (4.0 has no dissector there: QUIC's heuristic takes QUIC and
 * becomes the 5-tuple's conversation dissector). A gated Initial goes where UDP
 * would send it (the port's owner, else UDP's heuristics unless the other port
 * has a dissector) with a tree primed for the server name; a 5-tuple pending or
 * tagged keeps the front as its conversation dissector, which calls QUIC. */
static int dissect_quic_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_quic_t *nq = skype_quic_lookup(pinfo);
    heur_dtbl_entry_t *hdtbl = NULL;
    gboolean enabled = skype_proto_enabled(), gate = enabled && skype_quic_gate(tvb, pinfo), took_quic = FALSE;
    guint8 route = skype_quic_route(skype_quic_state_of(nq), gate, enabled, quic_next != NULL,
                                    gate && other_port_owned(pinfo));
    skype_names_call_t c;
    proto_tree *t;
    int n;

    if (route == SKYPE_QUIC_TO_QUIC)
        return call_dissector_only(quic_handle, tvb, pinfo, tree, data); /* annotated by dissect_quic_post */
    if (route == SKYPE_QUIC_PASS)
        return call_udp_next(quic_next, tvb, pinfo, tree, data);
    if (route == SKYPE_QUIC_DECLINE)
        return 0;

    t = skype_names_begin_sni(&c, pinfo, tree);
    if (route == SKYPE_QUIC_READ_QUIC) {
        n = call_dissector_only(quic_handle, tvb, pinfo, t, data);
        took_quic = TRUE;
    } else if (route == SKYPE_QUIC_READ_NEXT) {
        n = call_dissector_only(quic_next, tvb, pinfo, t, data);
        took_quic = quic_next == quic_handle;
    } else {
        n = dissector_try_heuristic(udp_heur, tvb, pinfo, t, &hdtbl, data) ? (int)tvb_captured_length(tvb) : 0;
        took_quic = n > 0 && hdtbl != NULL && hdtbl->protocol != NULL && proto_get_id(hdtbl->protocol) == proto_quic;
    }
    if (!took_quic)
        return n;
    if (skype_quic_tagged(skype_quic_read(&c, pinfo, nq, find_or_create_conversation(pinfo))))
        enable_quic_post(); /* which annotates this datagram and the 5-tuple's later ones */
    return n;
}

/* Heuristic "skype_stun_media" in STUN's list: RTP and RTCP that a tagged
 * call relays (ChannelData, 0xFF10, a Send/Data indication's DATA, over UDP
 * or TCP) go to Wireshark's RTP, as its own "rtp_stun" does, but on tagged
 * calls alone and on by default. Whichever of the two comes first takes a
 * payload, so a user who turns rtp_stun on gets the same streams once. */
static skype_cb_bool_t dissect_relayed_media_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree,
                                                  void *data _U_)
{
    skype_leg_t *leg = NULL;

    if (pinfo->ptype == PT_UDP) {
        leg = skype_modern_leg_of(pinfo);
    } else if (pinfo->ptype == PT_TCP) {
        skype_tcp_conv_t *tc = skype_tcp_conv_of(pinfo);
        leg = tc != NULL && tc->mode == SKYPE_MODE_TURN ? tc->leg : NULL;
    }
    return leg != NULL && skype_calls_relayed_media(tvb, pinfo, tree, leg);
}

/* ---- TCP ------------------------------------------------------------------ */

/* Recognise a connection from its segment (first pass): TURN over TCP
 * first, then legacy Skype and the DNS tag. */
static skype_tcp_conv_t *tcp_recognise(tvbuff_t *tvb, packet_info *pinfo)
{
    skype_tcp_conv_t *tc = skype_turn_tcp_recognise(tvb, pinfo);

    if (tc == NULL)
        tc = skype_tcp_recognise_conn(tvb, pinfo);
    if (tc != NULL)
        enable_tcp_hooks();
    return tc;
}

/* A TURN segment (or reassembled data): the plugin's layer, then the data,
 * unchanged, to the port's Decode As choice or else to "stun-tcp". */
static int dissect_turn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    skype_turn_shown_t *shown = (skype_turn_shown_t *)p_get_proto_data(pinfo->pool, pinfo, proto_skype,
                                                                      SKYPE_TCP_TAGGED_KEY);
    dissector_handle_t next;
    int n = 0;

    if (shown == NULL) {
        shown = wmem_new0(pinfo->pool, skype_turn_shown_t);
        p_add_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY, shown);
    }
    skype_turn_tcp_annotate(tvb, pinfo, tree, tc, (const struct tcpinfo *)data, shown);
    next = skype_decode_as_choice(pinfo, tcp_port_table, "tcp.port");
    if (next != NULL)
        n = call_next(next, tvb, pinfo, tree, data);
    if (n <= 0)
        n = call_next(stun_tcp_handle, tvb, pinfo, tree, data);
    skype_calls_media(tvb, pinfo, shown->st, tc->leg, SKYPE_PKT_TURN_CHANNEL); /* relayed RTP, if RTP took some */
    return n > 0 ? n : skype_turn_tcp_undissected(tvb, pinfo, tree);
}

/* A segment of a connection the plugin knows. */
static int dissect_tcp_conn(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    if (tc->mode == SKYPE_MODE_TURN)
        return dissect_turn(tvb, pinfo, tree, tc, data);
    return skype_tcp_dissect(tvb, pinfo, tree, tc, data);
}

/* "skype_tcp": conversation dissector of recognised connections. */
static int dissect_tcp(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_tcp_conv_t *tc = skype_tcp_conv_of(pinfo);

    return tc != NULL ? dissect_tcp_conn(tvb, pinfo, tree, tc, data) : 0;
}

/* The annotation of a tag-only connection's segment, once per dissection (the
 * heuristic, with heuristics first, and the front may both see it), named
 * "SKYPE" for the expert entries it adds outside the plugin's dissector. */
static void tag_once(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data)
{
    const char *saved_proto = pinfo->current_proto;

    if (tcp_annotated(pinfo))
        return;
    p_add_proto_data(pinfo->pool, pinfo, proto_skype, SKYPE_TCP_TAGGED_KEY, GUINT_TO_POINTER(1));
    pinfo->current_proto = "SKYPE";
    dissect_tcp_conn(tvb, pinfo, tree, tc, data);
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

/* Tag the frame's connection from a TLS name (skype_tcp_tag_named); a
 * ClientHello's frame is annotated after TLS, a Certificate's by the
 * postdissector. NULL when nothing was tagged. */
static skype_tcp_conv_t *tag_named_frame(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint8 mode,
                                         void *data)
{
    skype_tcp_conv_t *tc = skype_tcp_tag_named(pinfo, mode);

    if (tc != NULL) {
        enable_tcp_hooks();
        if (mode == SKYPE_MODE_TLS)
            tag_after(tvb, pinfo, tree, tc, data);
    }
    return tc;
}

/* Heuristic "skype_tcp". A tag-only connection's segments (update check, TLS
 * and DNS tags) are annotated and refused, so that HTTP or TLS still take them
 * (the fronts do that on 80 and 443; with tcp.try_heuristic_first TLS's and
 * HTTP's heuristics come before the fronts). */
static skype_cb_bool_t dissect_tcp_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_tcp_conv_t *tc = skype_tcp_conv_of(pinfo);

    if (tc == NULL)
        tc = tcp_recognise(tvb, pinfo);
    if (tc == NULL)
        return FALSE;
    if (skype_tcp_mode_tag_only(tc->mode)) {
        tag_once(tvb, pinfo, tree, tc, data);
        return FALSE;
    }
    dissect_tcp_conn(tvb, pinfo, tree, tc, data);
    return TRUE;
}

/*
 * Front for TCP ports 443, 80 and 3478-3481, which TLS, HTTP and STUN own:
 * Skype's restricted modes (R1 fake TLS on 443, R1 on 80), the HTTP update
 * check and TURN over TCP arrive there before any heuristic, and on 443 a
 * TLS handshake record is read for Skype/Teams names. Anything else goes
 * on, untouched, to the dissector that owned the port (none: TCP then tries
 * its heuristics as without the plugin); recognised update checks are still
 * dissected by HTTP too, with the Skype annotations beside.
 */
static int dissect_tcp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                             dissector_handle_t next)
{
    skype_tcp_conv_t *tc;

    if (!skype_proto_enabled())
        return call_next(next, tvb, pinfo, tree, data);
    tc = skype_tcp_conv_of(pinfo);
    if (tc == NULL)
        tc = tcp_recognise(tvb, pinfo);
    if (tc == NULL && next != NULL && next == tcp_front_next[0] && skype_names_tls_gate(tvb, pinfo)) {
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
        /* declined: "data", as TCP would without the plugin (teams.pcap 1251) */
        return n > 0 ? n : call_data_dissector(tvb, pinfo, tree);
    }
    if (tc->mode == SKYPE_MODE_TURN) /* through the handle: the frame gets the skype layer, as later ones do */
        return call_next(tcp_handle, tvb, pinfo, tree, data);
    return dissect_tcp_conn(tvb, pinfo, tree, tc, data);
}

static int dissect_tcp_443(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return dissect_tcp_front(tvb, pinfo, tree, data, tcp_front_next[0]);
}

static int dissect_tcp_80(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    return dissect_tcp_front(tvb, pinfo, tree, data, tcp_front_next[1]);
}

static int dissect_tcp_relay(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    int i = relay_port_index(pinfo);

    return dissect_tcp_front(tvb, pinfo, tree, data, i >= 0 ? tcp_relay_next[i] : NULL);
}

/* Front for TCP 53: every segment from port 53 is read (first pass): DNS
 * over TCP is rare, and its length prefix and reassembly put a response's
 * flags anywhere. */
static int dissect_dns_tcp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (dns_tcp_next == NULL)
        return 0;
    pinfo->can_desegment = pinfo->saved_can_desegment;
    if (!PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && pinfo->srcport == PORT_DNS &&
        skype_proto_enabled())
        return skype_names_dns(dns_tcp_next, tvb, pinfo, tree, data);
    return call_dissector_only(dns_tcp_next, tvb, pinfo, tree, data);
}

/* TCP postdissector: frames of a recognised connection no subdissector saw
 * (SYN, ACK, FIN, RST: the connection's phase, with TCP's tap data), or a
 * tag-only or TURN segment another dissector took in this pass. */
static int dissect_tcp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    const skype_frame_rec_t *rec;
    skype_tcp_conv_t *tc;

    if (skype_tcp_conversations() == 0 || pinfo->ptype != PT_TCP)
        return 0;
    rec = skype_frame_rec(pinfo->num);
    if (rec != NULL && tcp_annotated(pinfo))
        return 0; /* annotated by the heuristic or the front in this dissection */
    tc = skype_tcp_conv_of(pinfo);
    if (tc == NULL)
        return 0;
    if (rec != NULL && tc->mode == SKYPE_MODE_TURN)
        skype_turn_tcp_post(tvb, pinfo, tree, tc, rec);
    else
        skype_tcp_post(tvb, pinfo, tree, tc, rec,
                       rec != NULL ? NULL : (const struct tcpheader *)fetch_tapped_data(tcp_tap_id, 0));
    return 0;
}

/* ---- heuristics first: the names postdissector ------------------------- */

/* Heuristics first, a TCP segment to or from 443 that TLS's heuristic took:
 * what the 443 front would have done (the DNS tag first, then the name's;
 * tvb: the payload, mode: skype_names_tls_mode, post_ran: the TCP
 * postdissector ran for this frame already). Source: docs/modern.md, "Names". */
static void tcp_names_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint8 mode, gboolean post_ran)
{
    skype_tcp_conv_t *tc;

    if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt || pinfo->ptype != PT_TCP ||
        tvb_captured_length(tvb) == 0 || skype_tcp_conv_of(pinfo) != NULL)
        return;
    tc = skype_dns_known(&pinfo->dst) ? tcp_recognise(tvb, pinfo) : NULL;
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
        dissect_tcp_post(tvb, pinfo, tree, NULL);
}

/* Heuristics first, a UDP 443 datagram QUIC's heuristic took: the front's
 * work after QUIC, leaving the conversation QUIC's; annotated here when the
 * QUIC postdissector has run for it already. */
static void quic_names_post(const skype_names_call_t *c, packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb)
{
    GPtrArray *a = proto_quic > 0 && quic_handle != NULL ? proto_get_finfo_ptr_array(tree, proto_quic) : NULL;
    const field_info *fi;
    skype_quic_t *nq;

    if (a == NULL || a->len == 0)
        return;
    fi = (const field_info *)a->pdata[0];
    if (fi->ds_tvb == NULL || !skype_quic_initial_at(fi->ds_tvb, fi->start))
        return;
    nq = skype_quic_lookup(pinfo);
    /* a tagged 5-tuple is dissect_quic_post's; the other port's owner declines */
    if (skype_quic_route(skype_quic_state_of(nq), TRUE, TRUE, quic_next != NULL, other_port_owned(pinfo)) <
        SKYPE_QUIC_READ_QUIC)
        return;
    nq = skype_quic_read(c, pinfo, nq, NULL);
    if (skype_quic_tagged(nq)) {
        enable_quic_post();
        if (post_quic_first)
            quic_annotate(tvb, pinfo, tree, nq);
    }
}

/* Names postdissector, with tcp or udp.try_heuristic_first only: a
 * first-pass frame no front read (DNS from 53, TLS on TCP 443, QUIC on UDP
 * 443) is read from its tree, which Wireshark builds for the wanted fields,
 * and gets what the front would have done. Source: docs/modern.md, "Names". */
static int dissect_names_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    skype_names_call_t c;
    tvbuff_t *payload;

    if (!heur_first || tree == NULL || PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt ||
        (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP) || !skype_proto_enabled() ||
        skype_names_front_read(pinfo))
        return 0;
    skype_names_view(&c, tree);
    if (pinfo->srcport == PORT_DNS) {
        skype_names_dns_read(&c);
    } else if (pinfo->srcport == PORT_HTTPS || pinfo->destport == PORT_HTTPS) {
        if (pinfo->ptype == PT_UDP)
            quic_names_post(&c, pinfo, tree, tvb);
        else if ((payload = skype_names_tcp_payload(tree)) != NULL)
            tcp_names_post(payload, pinfo, tree, skype_names_tls_mode(&c), post_tcp_first);
    }
    return 0;
}

/* At file start: with tcp or udp.try_heuristic_first, the names
 * postdissector (registered once) asks for the name fields; else for none,
 * so that Wireshark builds no tree for it. */
static void names_post_setup(void)
{
    heur_first = skype_names_heur_first();
    if (!heur_first) {
        if (names_post_handle != NULL)
            set_postdissector_wanted_hfids(names_post_handle, NULL);
        return;
    }
    if (names_post_handle == NULL) {
        names_post_handle = create_dissector_handle(dissect_names_post, proto_skype);
        post_tcp_first = tcp_hooks;
        post_quic_first = quic_post_on;
        register_postdissector(names_post_handle);
    }
    set_postdissector_wanted_hfids(names_post_handle, skype_names_wanted(proto_quic)); /* takes it */
}

/* ---- registration --------------------------------------------------------- */

void skype_dispatch_register(void)
{
    som_handle = register_dissector_with_description("skype_som", "Skype Start of Message (UDP)", dissect_som,
                                                    proto_skype);
    tcp_handle = register_dissector_with_description("skype_tcp", "Skype legacy TCP", dissect_tcp, proto_skype);
    modern_handle = register_dissector_with_description("skype_modern", "Skype/Teams tagged UDP (STUN, media)",
                                                        dissect_modern, proto_skype);
    tcp_post_handle = create_dissector_handle(dissect_tcp_post, proto_skype);
    quic_post_handle = create_dissector_handle(dissect_quic_post, proto_skype);
    icmp_post_handle = create_dissector_handle(dissect_icmp_post, proto_skype);
    piece_post_handle = create_dissector_handle(dissect_piece_post, proto_skype);
    register_init_routine(names_post_setup);
}

dissector_handle_t skype_dispatch_handle(enum skype_dispatch_handle which)
{
    switch (which) {
    case SKYPE_HANDLE_SOM:
        return som_handle;
    case SKYPE_HANDLE_TCP:
        return tcp_handle;
    default:
        return modern_handle;
    }
}

/* A front on port `port` of `table`: the port's present owner is kept in
 * *next. No protocol (-1): a front adds no "skype" layer to the packets it
 * only passes on, so frame.protocols stays as Wireshark has it. */
static void add_front(const char *table, guint port, dissector_handle_t front, dissector_handle_t *next)
{
    *next = dissector_get_uint_handle(find_dissector_table(table), port);
    dissector_add_uint(table, port, front);
}

void skype_dispatch_handoff(void)
{
    dissector_handle_t tcp_fronts[2] = {
        create_dissector_handle_with_name_and_description(dissect_tcp_443, -1, "skype_tcp_443",
                                                          "Skype restricted mode on 443, else TLS"),
        create_dissector_handle_with_name_and_description(dissect_tcp_80, -1, "skype_tcp_80",
                                                          "Skype restricted mode and update check on 80, else HTTP")};
    static const guint tcp_front_ports[2] = {PORT_HTTPS, PORT_HTTP};
    dissector_handle_t tcp_relay = create_dissector_handle_with_name_and_description(
        dissect_tcp_relay, -1, "skype_tcp_relay", "Skype/Teams TURN over TCP on 3478-3481, else the port's own");
    dissector_handle_t udp_relay = create_dissector_handle_with_name_and_description(
        dissect_udp_relay_front, -1, "skype_udp_relay", "Skype/Teams relay ports 3478-3481, else the port's own");

    tcp_port_table = find_dissector_table("tcp.port");
    udp_port_table = find_dissector_table("udp.port");
    udp_heur = find_heur_dissector_list("udp");
    stun_tcp_handle = find_dissector("stun-tcp");
    quic_handle = find_dissector("quic");
    proto_quic = proto_get_id_by_filter_name("quic");

    /* Legacy Skype over UDP: SoM heuristic and Decode As. */
    heur_dissector_add("udp", dissect_som_heur, "Skype Start-of-Message over UDP", "skype_som_udp", proto_skype,
                       HEURISTIC_ENABLE);
    dissector_add_for_decode_as("udp.port", som_handle);

    /* TCP: the heuristic, and the fronts of the ports other dissectors own. */
    heur_dissector_add("tcp", dissect_tcp_heur, "Skype legacy TCP", "skype_tcp", proto_skype, HEURISTIC_ENABLE);
    for (guint i = 0; i < RELAY_PORTS; i++)
        add_front("tcp.port", PORT_RELAY_LO + i, tcp_relay, &tcp_relay_next[i]);
    for (guint i = 0; i < 2; i++)
        add_front("tcp.port", tcp_front_ports[i], tcp_fronts[i], &tcp_front_next[i]);

    /* Modern Skype/Teams over UDP: STUN tagging, the relay ports. */
    for (guint i = 0; i < RELAY_PORTS; i++)
        add_front("udp.port", PORT_RELAY_LO + i, udp_relay, &udp_relay_next[i]);
    heur_dissector_add("udp", dissect_stun_heur, "Skype/Teams STUN with Microsoft attributes over UDP",
                       "skype_stun_udp", proto_skype, HEURISTIC_ENABLE);
    heur_dissector_add("stun", dissect_relayed_media_heur, "Skype/Teams relayed RTP and RTCP of a tagged call",
                       "skype_stun_media", proto_skype, HEURISTIC_ENABLE);
    som_heur = find_heur_dissector_by_unique_short_name("skype_som_udp");
    stun_heur = find_heur_dissector_by_unique_short_name("skype_stun_udp");

    /* Names: DNS on 53, QUIC on UDP 443 (TLS on TCP 443: the 443 front). */
    add_front("udp.port", PORT_DNS,
              create_dissector_handle_with_name_and_description(dissect_dns_udp_front, -1, "skype_dns",
                                                                "Notes Skype/Teams names in DNS answers, then DNS"),
              &dns_udp_next);
    add_front("tcp.port", PORT_DNS,
              create_dissector_handle_with_name_and_description(
                  dissect_dns_tcp_front, -1, "skype_dns_tcp", "Notes Skype/Teams names in DNS answers over TCP, then DNS"),
              &dns_tcp_next);
    if (quic_handle != NULL && udp_heur != NULL) {
        quic_front = create_dissector_handle_with_name_and_description(
            dissect_quic_front, -1, "skype_quic", "Notes Skype/Teams server names in QUIC Initials, then QUIC");
        add_front("udp.port", PORT_HTTPS, quic_front, &quic_next);
    }
    skype_quic_handoff(quic_front);
}
