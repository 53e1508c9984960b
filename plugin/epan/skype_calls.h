/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls, epan side (docs/modern.md, "Calls"): the state
 * of each tagged UDP 5-tuple as a leg of a call, the RTP set-up that lets
 * Wireshark's own RTP dissector and RTP tools see the media, per-stream
 * quality from Wireshark's rtp tap, DSCP from its ip/ipv6 taps, the fields
 * skype.call.* and skype.media.*, and the calls table (-z skype,calls,
 * Statistics > Skype Calls). The rules are in core/skype_call.h.
 */
#ifndef SKYPE_CALLS_H
#define SKYPE_CALLS_H

#include <epan/packet.h>

#include "../core/skype_call.h"
#include "../core/skype_modern.h"
#include "skype_leg.h"
#include "skype_state.h"

void skype_calls_register(void);
void skype_calls_handoff(void);

/* A new leg for this packet's 5-tuple, first pass (the frame that tags it).
 * Also makes the ip, ipv6 and rtp taps' data fetchable from then on. */
skype_leg_t *skype_calls_leg_new(packet_info *pinfo);

/* A continuation leg for this packet's 5-tuple (-z skype,legs only, see
 * skype_legs.h): RTP/RTCP (tcp FALSE) or TCP frames (tcp TRUE, second pass)
 * of a 5-tuple the piece never tagged, which a file set's join adds to the
 * leg an earlier piece tagged on it (docs/batch-export.md, "Ring buffers and
 * file sets"). No node of the graph: in no call of the piece. */
skype_leg_t *skype_calls_cont_leg_new(packet_info *pinfo, gboolean tcp);

/* The rank the leg gives its party now (core enum skype_party_rank; what a
 * message of the leg would give it, without the message). */
guint8 skype_calls_party_rank(const skype_leg_t *leg);

/* First pass: a UDP continuation becomes a leg of the piece's graph (a node
 * from this frame on, its frames and streams from this frame on) at a STUN
 * message that would have tagged its 5-tuple (skype_modern.c tag_evidence);
 * its earlier frames and streams stay with the continuation, an earlier
 * epoch of the 5-tuple (skype_leg_t.prev) the join adds to the earlier
 * piece's leg. Nothing for any other leg. */
void skype_calls_cont_upgrade(skype_leg_t *leg, packet_info *pinfo);

/*
 * First pass: note one datagram of leg: pkt is its skype_demux() class,
 * stun the parsed message when pkt is STUN (else NULL), p[0..caplen) its
 * first bytes. Joins the leg to a call (ICE ufrag pair, the call its host is
 * in), moves the call's phase and fills rec (phase, change, evidence, first
 * frame).
 */
void skype_calls_frame(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                       const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence);

/*
 * First pass, a TCP leg (TURN over TCP, RFC 6062 / RFC 5766 §2.1): note one
 * PDU of its stream that starts in this frame's segment, as
 * skype_calls_frame notes a datagram: pkt SKYPE_PKT_STUN (stun parsed, or
 * NULL for the rest of a message begun in an earlier segment) or
 * SKYPE_PKT_TURN_CHANNEL; len: the segment's payload bytes. The frame and
 * its bytes are counted once, with the first PDU (first_of_frame); rec's
 * phase change stays set when an earlier PDU of the frame made it.
 */
void skype_calls_stream_pdu(skype_leg_t *leg, packet_info *pinfo, guint8 pkt, const skype_stun_info_t *stun,
                            const guint8 *p, guint caplen, guint len, skype_frame_rec_t *rec, guint8 evidence,
                            gboolean first_of_frame);

/*
 * First pass: a TCP connection tagged by a TLS name (or TURN over TCP) from
 * a media port of a known call leg of the same host to a relay: a leg of
 * kind TCP in that call, with that leg's media kind by port (docs/modern.md,
 * "Calls", rule 5). NULL when no known leg has that client ip:port in a live call.
 */
skype_leg_t *skype_calls_tcp_leg(packet_info *pinfo, const skype_ep_t *client);

/* Any pass: skype.call.id and skype.call.leg under tree (for the call the
 * 5-tuple was in at this frame). */
void skype_calls_add_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg);

/* Any pass: skype.media.kind (and the rule) of the leg as a whole under
 * tree (what it carried first, its ports, its MS-SERVICE-QUALITY stream
 * type: core skype_media_kind), for a frame that is none of its media (an
 * ICMP error quoting it). Nothing for a leg in no call or of no kind. */
void skype_calls_kind_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg);

/* First pass, before the first RTP/RTCP datagram goes to Wireshark's RTP:
 * set the leg up as SDP would (rtp_add_address, both directions, method
 * "SKYPE", the leg's first frame, Skype/Teams payload type names). */
void skype_calls_setup_rtp(packet_info *pinfo, skype_leg_t *leg);

/* Any pass, after Wireshark's dissector ran on a media datagram: the RTP
 * header values from the rtp tap (when RTP ran), per-stream quality (first
 * pass), skype.media.* and the DSCP expert entry under tree. */
void skype_calls_media(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg, guint8 pkt);

/*
 * Any pass: a payload that STUN's dissector hands to its "stun" heuristics
 * (TURN ChannelData, Microsoft's 0xFF10 channel, the DATA of a Send or Data
 * indication; over UDP or TCP) on leg, a tagged call's: RTP or RTCP by the
 * first two bytes (RFC 7983, RFC 5761 §4) goes to Wireshark's RTP (set up
 * as for direct media on a UDP leg), which hands RTCP on to RTCP. TRUE when
 * RTP took it; FALSE for anything else, which STUN then shows as data.
 * Source: docs/modern.md, "Relayed media".
 */
gboolean skype_calls_relayed_media(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg);

/* Queue the frame for the calls table (when it is open). */
void skype_calls_tap(packet_info *pinfo, skype_leg_t *leg);

/* Telephony > VoIP Calls: a record on Wireshark's generic "voip" tap at the
 * first frame of each leg (its RTP set-up frame, so that the leg's streams
 * belong to the call) and, once the call's last frame is known (second pass,
 * GUI), at that frame. Nothing when the tap has no listener. */
void skype_calls_voip(packet_info *pinfo, skype_leg_t *leg);

/* For the calls table (skype_calls_table.c): the call set, the legs
 * (skype_leg_t *, in order of creation), the capture's start and its
 * registration (a kind's name: skype_media_kind_name). */
skype_callset_t *skype_calls_set(void);
wmem_array_t *skype_calls_legs(void);
guint64 skype_calls_start_us(void);
void skype_calls_table_register(void);

#endif /* SKYPE_CALLS_H */
