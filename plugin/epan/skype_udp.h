/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype over UDP: SoM and UDP probe (docs/protocol.md §2, §3). */
#ifndef SKYPE_UDP_H
#define SKYPE_UDP_H

#include <glib.h>
#include <epan/packet.h>

#include "../core/skype_endpoint.h"

/* Fields, subtrees and expert infos; conv_handle: "skype_som", the
 * conversation dissector confirmed clients and linked probes get
 * (skype_dispatch.c). Call from proto_register after proto_skype is set. */
void skype_udp_register(dissector_handle_t conv_handle);

/* A step the SoM heuristic takes before its candidate table: the modern
 * STUN tagging (skype_modern_udp_try), when its heuristic is enabled. */
typedef gboolean (*skype_udp_try_t)(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/*
 * The work of heuristic "skype_som_udp" (docs/design.md, "Detection").
 * Reject path for datagrams that are not Skype: a length test; while the
 * capture has confirmed clients, two hash lookups; try_modern (NULL: none;
 * skype_modern_udp_try rejects on a first-byte test and a 4-byte cookie
 * compare); one byte compare (byte 2 & 0x8F in {0x02, 0x03, 0x07}). No
 * allocation. Datagrams that pass the last one feed the core's fixed-size
 * candidate table (skype_endpoint.h). TRUE when the datagram was dissected
 * (as SoM, or by try_modern).
 */
gboolean skype_udp_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_udp_try_t try_modern);

/* Dissector "skype_som": the conversation dissector of confirmed clients
 * and linked probes, and the Decode As target. Dissects any UDP payload as
 * SoM (0 inside an ICMP error). */
int skype_udp_som(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

#endif /* SKYPE_UDP_H */
