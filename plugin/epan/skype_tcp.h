/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Legacy Skype over TCP (docs/protocol.md §4) and the phases of its connections (§5). */
#ifndef SKYPE_TCP_EPAN_H
#define SKYPE_TCP_EPAN_H

/* Fields, expert entries, the "skype_tcp" dissector; call from proto_register. */
void skype_tcp_register(void);

/* Heuristic "skype_tcp" (enabled), the port 443/80 front, the TCP tap and the
 * postdissector for frames without payload. */
void skype_tcp_handoff(void);

#endif /* SKYPE_TCP_EPAN_H */
