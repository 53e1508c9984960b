/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Legacy Skype over UDP, the state: SoM flows per 5-tuple and the evidence
 * annotations (docs/protocol.md §2, §3, §6; docs/design.md "Detection"). */
#ifndef SKYPE_UDP_STATE_H
#define SKYPE_UDP_STATE_H

#include <epan/packet.h>

#include "../core/skype_endpoint.h"
#include "skype_state.h"

/* Init and cleanup routines of the flow map; conv_handle: "skype_som",
 * the dissector a linked probe's 5-tuple gets. */
void skype_udp_state_register(dissector_handle_t conv_handle);

/*
 * First pass: run the core matchers on the datagram and write the frame's
 * annotation (returned; NULL when no record can be made). src/dst: the
 * packet's endpoints (family 0 if not IP: nothing analysed); conf: the
 * confirmation this datagram completed, or NULL (its evidence frames are
 * annotated then); client: the packet's confirmed client or NULL,
 * client_is_src which side it is (else the source is taken as the client,
 * the guess for Decode As on unconfirmed traffic).
 */
skype_frame_rec_t *skype_udp_analyse(tvbuff_t *tvb, packet_info *pinfo, const skype_confirm_t *conf,
                                     const skype_ep_t *src, const skype_ep_t *dst, const skype_client_t *client,
                                     gboolean client_is_src);

/* First pass: a TCP connection to l->sn has linked the positive partial probe
 * l of an unconfirmed endpoint (docs/protocol.md §6). Annotates its U1 and U4
 * (phase SN discovery, evidence linked) and dissects the probe's UDP 5-tuple
 * as SoM from the U1 on (all of it with tshark -2, the later datagrams in
 * single pass). */
void skype_udp_link_probe(const skype_link_t *l);

/* Has peer answered client over UDP (a datagram from peer on their 5-tuple,
 * with client as its Skype side; skype_udp_flow_t.peer_kept)? TCP from the
 * client's host to peer is then linked (docs/protocol.md §6.2, report
 * §5.2.2). One hash lookup; FALSE before any SoM datagram. */
gboolean skype_udp_peer_answered(const skype_ep_t *client, const skype_ep_t *peer);

#endif /* SKYPE_UDP_STATE_H */
