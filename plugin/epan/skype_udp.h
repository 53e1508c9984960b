/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype over UDP: SoM and UDP probe (docs/protocol.md §2, §3). */
#ifndef SKYPE_UDP_H
#define SKYPE_UDP_H

#include <glib.h>

#include "../core/skype_endpoint.h"

/* Fields, subtrees, expert infos and the "skype_som" dissector; call from
 * proto_register after proto_skype is set. */
void skype_udp_register(void);

/* Heuristic "skype_som_udp" (enabled) and Decode As on udp.port. */
void skype_udp_handoff(void);

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

#endif /* SKYPE_UDP_H */
