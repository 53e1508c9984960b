/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls: what one message of a leg (a tagged UDP
 * 5-tuple or TCP connection) says about the leg's kind, the ICE pair it
 * names and the phase it proposes to its call (docs/modern.md, "Calls":
 * Legs; "Phases"). Which call the leg is in is the graph's
 * (skype_call_graph.h).
 */
#ifndef SKYPE_CALL_JOIN_H
#define SKYPE_CALL_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "skype_call.h"
#include "skype_modern.h"

/*
 * The leg's kind (enum skype_call_leg) after a message of class pkt
 * (enum skype_pkt; stun: the parsed message when pkt is SKYPE_PKT_STUN, may
 * be NULL) on a leg of kind kind:
 *  - a STUN message of another method than Binding (a TURN method), TURN
 *    ChannelData or Microsoft's 0xFF10 channel: relayed;
 *  - a TCP leg stays TCP whatever it carries;
 *  - otherwise the kind it had, and a leg of no kind yet becomes direct.
 * Never SKYPE_LEG_NONE. Unknown pkt values count as "anything else"; a kind
 * outside enum skype_call_leg is kept as it is. Source: docs/modern.md,
 * "Calls" (Legs).
 */
uint8_t skype_call_leg_kind(uint8_t kind, uint8_t pkt, const skype_stun_info_t *stun);

/*
 * The phase (enum skype_phase) a message of class pkt proposes to its call:
 * STUN: skype_stun_phase(stun) (Binding: call setup; TURN methods: relay;
 * Refresh with LIFETIME 0: teardown), call setup when stun is NULL (the rest
 * of a STUN message begun in an earlier TCP segment); ChannelData and
 * 0xFF10: relay; DTLS: call setup; RTP and RTCP: media; anything else
 * (ZRTP's first bytes, unknown pkt values: a payload the demultiplexer
 * cannot place, skype_pkt_placed) proposes nothing, SKYPE_PHASE_NONE, so
 * that it never moves a call. Source: docs/modern.md, "Phases".
 */
uint8_t skype_call_proposed_phase(uint8_t pkt, const skype_stun_info_t *stun);

/*
 * The phase one message p[0..caplen) of class pkt proposes: as
 * skype_call_proposed_phase, except that ChannelData or 0xFF10 carrying RTP
 * or RTCP (skype_relay_payload) is media, as the same RTP sent directly is:
 * a relayed call reaches the media phase when its media flows. p may be
 * NULL (caplen 0): the class alone decides. Source: docs/modern.md, "Phases".
 */
/*
 * Is a TCP connection tagged by a Skype/Teams TLS name (mode SKYPE_MODE_TLS
 * or SKYPE_MODE_CERT, core/skype_tcp.h), or by a DNS answer for such a name
 * (SKYPE_MODE_DNS) to an address in the media-relay ranges (server_relay),
 * a TCP relay candidate of a call: from a Teams media port (50000-50059,
 * skype_kind_from_port) to a Transport Relay's TCP port (443 or
 * 3478-3481)? Its call is the one its client ip:port or its host is in
 * (skype_call_graph.h). Sources: docs/modern.md, "Calls"; Microsoft Learn,
 * "Microsoft Teams media flows" (TCP fallback to the Transport Relay);
 * captures/teams.pcap (TLS from 50014, 50018, 50021 and 50036 to
 * 52.114.250.x:443 at call setup, 50018 and 50021 tagged by DNS first).
 */
bool skype_call_tls_leg_due(uint8_t mode, uint16_t client_port, uint16_t server_port, bool server_relay);

uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen);

/*
 * The ICE ufrag pair key (skype_ice_pair_key) of a parsed STUN message stun
 * of p[0..caplen): a Binding's USERNAME, also inside the DATA of a TURN
 * Send or Data indication (a relayed check), whose MS-SERVICE-QUALITY
 * stream type, if any, goes to *stream_type. 0 when there is none.
 */
uint64_t skype_call_ice_key(const skype_stun_info_t *stun, const uint8_t *p, size_t caplen, uint16_t *stream_type);

/*
 * The phase a message of a leg proposes to its call, given the message's
 * own proposal (skype_call_message_phase), whether the leg has carried media
 * (RTP or RTCP, direct or relayed) and the call's phase: the release of a
 * relay allocation (teardown) by a leg that carried no media, while the
 * call is in media, proposes nothing: the call's media goes on elsewhere
 * (an unused relay candidate). Source: docs/modern.md, "Phases".
 */
uint8_t skype_call_leg_phase(uint8_t proposed, bool leg_media, uint8_t call_phase);

#endif /* SKYPE_CALL_JOIN_H */
