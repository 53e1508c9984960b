/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams tagging: STUN/TURN with Microsoft attributes, relay
 * ranges, TLS server names (docs/modern.md). */
#ifndef SKYPE_MODERN_EPAN_H
#define SKYPE_MODERN_EPAN_H

#include <epan/packet.h>

/* Fields, preferences (names, relay_ranges), the "skype_modern" dissector. */
void skype_modern_register(void);

/* The UDP 3478-3481 front. */
void skype_modern_handoff(void);

/* UDP heuristic step: a STUN message with Microsoft attributes tags its
 * 5-tuple and is dissected (TRUE). Rejects on two compares otherwise. */
gboolean skype_modern_udp_try(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree);

/* Is a in the media-relay ranges (preference skype.relay_ranges)? IPv4 and IPv6. */
gboolean skype_modern_relay_address(const address *a);

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
