/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype over UDP: SoM and UDP probe (SPEC §2, §3). */
#ifndef SKYPE_UDP_H
#define SKYPE_UDP_H

/* Fields, subtrees, expert infos and the "skype_som" dissector; call from
 * proto_register after proto_skype is set. */
void skype_udp_register(void);

/* Heuristic "skype_som_udp" (enabled) and Decode As on udp.port. */
void skype_udp_handoff(void);

#endif /* SKYPE_UDP_H */
