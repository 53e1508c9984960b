/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Legacy Skype over TCP (docs/protocol.md §4) and the phases of its connections (§5). */
#ifndef SKYPE_TCP_EPAN_H
#define SKYPE_TCP_EPAN_H

#include <epan/packet.h>

/* Fields, expert entries, the "skype_tcp" dissector; call from proto_register. */
void skype_tcp_register(void);

/* Heuristic "skype_tcp" (enabled), the port 443/80 front, the TCP tap and the
 * postdissector for frames without payload. */
void skype_tcp_handoff(void);

/* Have the TCP postdissector and tap listener been registered (the first
 * recognised connection of the process)? */
gboolean skype_tcp_hooks_enabled(void);

/*
 * With tcp.try_heuristic_first (skype_names.c's names postdissector, first
 * pass): do for a TCP segment to or from 443 what the 443 front would have
 * done had TLS's heuristic not taken it. tvb: the segment's payload; mode:
 * what the frame's TLS fields showed (SKYPE_MODE_TLS, SKYPE_MODE_CERT or
 * SKYPE_MODE_NONE, as skype_names_tls gives it); post_ran: the TCP
 * postdissector has already run for this frame. Does nothing for a later
 * pass, an ICMP error, an empty payload or a connection the plugin already
 * knows. Tags, never takes over. Source: docs/modern.md, "Names".
 */
void skype_tcp_names_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, guint8 mode, gboolean post_ran);

#endif /* SKYPE_TCP_EPAN_H */
