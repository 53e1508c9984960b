/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams tagging: STUN/TURN with Microsoft attributes, relay
 * ranges, TLS server names (docs/modern.md). */
#ifndef SKYPE_MODERN_EPAN_H
#define SKYPE_MODERN_EPAN_H

#include <epan/packet.h>

#include "skype_calls.h"

/* Fields and preferences (names, relay_ranges); conv_handle: "skype_modern",
 * the conversation dissector tagged 5-tuples get (skype_dispatch.c). */
void skype_modern_register(dissector_handle_t conv_handle);

/* Finds the dissectors tagged datagrams go on to (STUN, RTP, DTLS). */
void skype_modern_handoff(void);

/*
 * The work of UDP heuristic "skype_stun_udp" (and of "skype_som_udp" before
 * its candidate table): a STUN message with Microsoft attributes, or from
 * or to an address a Skype/Teams name resolved to, or on 3478-3481 to or
 * from a media-relay range, tags its 5-tuple and is dissected (TRUE). In a
 * later pass, the frame that tagged its 5-tuple. Rejects on a first-byte
 * test and a 4-byte cookie compare otherwise, with no allocation.
 */
gboolean skype_modern_udp_try(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/*
 * A piece of a file set (only while -z skype,legs is on, skype_legs.h;
 * docs/batch-export.md, "Ring buffers and file sets"): what the UDP
 * heuristics declined and is RTP (12 bytes or more) or RTCP by its first
 * bytes (RFC 7983, RFC 5761) tags its 5-tuple with a continuation leg, as
 * skype_modern_udp_try does a STUN message that would not tag it
 * (skype_calls_cont_leg_new), so that the join can count the media of a leg
 * an earlier piece tagged. TRUE when taken. Rejects on the first byte and
 * then the legs table's listener, with no allocation.
 */
gboolean skype_modern_piece_try(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Conversation dissector "skype_modern" of tagged 5-tuples: the plugin's
 * layer, then the datagram to Decode As, STUN, RTP/RTCP or DTLS. 0 for a
 * 5-tuple the plugin did not tag, or inside an ICMP error. */
int skype_modern_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Before the ICMP postdissector is registered (skype_dispatch.c): the
 * protocol ids it compares and a listener on UDP's tap, whose data of a
 * quoted header it reads. FALSE when the listener cannot be had. */
gboolean skype_modern_icmp_setup(void);

/* The ICMP postdissector's work, any pass: an ICMP or ICMPv6 error whose
 * quoted UDP header (UDP's tap data: UDP queues it for a quote too, and
 * hands a quote without payload to no dissector) is a tagged 5-tuple's gets
 * skype.call.* and the leg's media kind, nothing else (no phase, no
 * counting; captures/teams.pcap 1490, 1497). The leg found in a pass with
 * taps is kept for the frame, so that passes without taps show it too. */
void skype_modern_icmp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* The call leg of the packet's tagged UDP 5-tuple, NULL if it is not
 * tagged (no lookup while the capture has no tagged 5-tuple). */
skype_leg_t *skype_modern_leg_of(packet_info *pinfo);

/* UDP 3478-3481 (the Transport Relay's ports, which STUN owns in part):
 * a tagged 5-tuple's datagram, the heuristic's STUN tagging, or a first
 * datagram to or from a media-relay range (tagged then); SKYPE_PASS
 * otherwise. */
int skype_modern_relay(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);


/* skype.stun.method and, when ms is not 0, skype.stun.ms_attributes (both
 * generated) under tree: one STUN message's method (class bits removed) and
 * SKYPE_MS_* bits (core/skype_modern.h). */
void skype_modern_stun_tree(tvbuff_t *tvb, proto_tree *tree, guint16 method, guint16 ms);

/* Does a TLS server name match the name patterns preference? */
gboolean skype_modern_name(const char *name);

/* The name patterns (preference skype.names): comma- or space-separated
 * globs for skype_name_listed() and the rules of core/skype_modern.h. */
const char *skype_modern_names(void);

#endif /* SKYPE_MODERN_EPAN_H */
