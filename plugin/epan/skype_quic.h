/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QUIC to Skype/Teams server names (docs/modern.md, "Names"): the server
 * name of a QUIC Initial's ClientHello, read from Wireshark's QUIC
 * dissection through skype_names.h, tags the UDP 5-tuple; QUIC keeps
 * dissecting it, and the QUIC postdissector (skype_dispatch.c) annotates
 * every datagram of a tagged 5-tuple with skype_quic_annotate.
 */
#ifndef SKYPE_QUIC_H
#define SKYPE_QUIC_H

#include <epan/conversation.h>
#include <epan/packet.h>

#include "skype_names.h"

/* The state of one QUIC 5-tuple the UDP 443 front follows (skype_quic.c). */
typedef struct skype_quic skype_quic_t;

void skype_quic_register(void);

/* front: the UDP 443 front's handle (NULL when this Wireshark has no QUIC),
 * which a 5-tuple still followed gets as its conversation dissector. */
void skype_quic_handoff(dissector_handle_t front);

/* The state of the datagram's UDP 5-tuple, NULL if none (one hash lookup;
 * none while the capture has no QUIC connection followed). */
skype_quic_t *skype_quic_lookup(packet_info *pinfo);

/* Is it tagged (a listed server name was read)? FALSE for NULL. */
gboolean skype_quic_tagged(const skype_quic_t *nq);

/* Its enum skype_quic_state (core/skype_modern.h): SKYPE_QUIC_NEW for NULL. */
guint8 skype_quic_state_of(const skype_quic_t *nq);

/* The front's gate: first pass, not inside an ICMP error, and the datagram
 * starts with a long-header Initial (RFC 9000 §17.2.2: form bit, type 0) of
 * a nonzero version: the packets that carry the ClientHello. */
gboolean skype_quic_gate(tvbuff_t *tvb, packet_info *pinfo);

/* The same byte test at offset off of tvb (the postdissector's view of the
 * first QUIC packet): FALSE when fewer than 7 bytes are there. */
gboolean skype_quic_initial_at(tvbuff_t *tvb, gint off);

/*
 * After QUIC dissected a gated Initial of the 5-tuple (nq: its state, NULL
 * when new; c: the call that read its server name): skype_quic_step's
 * verdict (a listed server name tags it; none yet keeps it pending for up
 * to SKYPE_QUIC_MAX_TRIES Initials; another name, or none by then, drops
 * it). conv: the conversation whose dissector is set
 * (QUIC's for a dropped 5-tuple, the front's otherwise); NULL leaves it
 * (the postdissector: QUIC's heuristic took it). Returns the state, NULL
 * when dropped or the addresses are neither IPv4 nor IPv6.
 */
skype_quic_t *skype_quic_read(const skype_names_call_t *c, packet_info *pinfo, skype_quic_t *nq,
                              conversation_t *conv);

/* The tag-only annotation of a datagram of tagged 5-tuple nq (first pass:
 * its record, phase SN session, evidence TLS server name). */
void skype_quic_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_quic_t *nq);

#endif /* SKYPE_QUIC_H */
