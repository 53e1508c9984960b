/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TURN over TCP (docs/modern.md, "TURN over TCP"; RFC 6062, RFC 5766 §2.1,
 * [MS-TURN]): a connection to TCP 443 or 3478-3481 whose first payload is a
 * STUN message with Microsoft attributes, or to or from a media-relay
 * range, is a call's TCP leg (SKYPE_MODE_TURN). Every segment is annotated
 * (call, leg, phase, the STUN messages that start in it); the data itself
 * stays Wireshark's: skype_dispatch.c hands it to the user's Decode As
 * choice or to "stun-tcp", which frames and reassembles the stream.
 */
#ifndef SKYPE_TURN_TCP_EPAN_H
#define SKYPE_TURN_TCP_EPAN_H

#include <epan/packet.h>

#include "skype_tcp.h"

/* What the plugin showed of a TURN segment in one dissection of its frame
 * (TCP may hand the dissector a frame twice: reassembled data, then the rest
 * of the segment): the layer is made once. Zeroed by the caller per
 * dissection (pinfo->pool). */
typedef struct skype_turn_shown {
    proto_tree *st;   /* the skype subtree, NULL without a tree */
    gboolean made;    /* the layer and the taps are done for this dissection */
} skype_turn_shown_t;

/*
 * First pass: is this segment the start of a TURN leg? Its first payload
 * on a connection to or from TCP 443 or 3478-3481 is a STUN message with
 * the magic cookie and a plausible length (skype_turn_tcp_first), carrying
 * Microsoft attributes (evidence 10) or to or from a media-relay range
 * (evidence 11). Returns the new record (with its call leg, kind TCP), or
 * NULL: after two compares for segments that do not start like STUN, with
 * no allocation.
 */
skype_tcp_conv_t *skype_turn_tcp_recognise(tvbuff_t *tvb, packet_info *pinfo);

/*
 * Any pass: a segment (or data TCP reassembled for STUN) of TURN connection
 * tc. First pass: note the PDUs (STUN messages, ChannelData) that start in
 * it, each once, in the frame of its first byte, whatever TCP's reassembly
 * preferences (ti: TCP's data for the segment, NULL outside TCP), as
 * messages of the call leg. Then, once per dissection (shown), the skype
 * layer, the calls tap and the VoIP record; and the STUN methods noted.
 */
void skype_turn_tcp_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                             const struct tcpinfo *ti, skype_turn_shown_t *shown);

/* What neither Decode As nor "stun-tcp" took of a TURN segment: the
 * columns and the data dissector. Returns the captured length. */
int skype_turn_tcp_undissected(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* The postdissector's work for a TURN segment with a first-pass record
 * that TCP did not hand to STUN in this pass (in -2's second pass and the
 * GUI, one whose data TCP reassembles for a later frame). */
void skype_turn_tcp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                         const skype_frame_rec_t *rec);

#endif /* SKYPE_TURN_TCP_EPAN_H */
