/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names from Wireshark's own dissection (docs/modern.md, "Names"): the TLS
 * server name, the server certificate's names and DNS answers are read from
 * the fields of Wireshark's TLS, X.509, QUIC and DNS dissectors, which the
 * port fronts call with a proto tree primed for those fields only when a
 * cheap byte gate says the packet may carry a name.
 */
#ifndef SKYPE_NAMES_H
#define SKYPE_NAMES_H

#include <epan/packet.h>

void skype_names_register(void);

/* Finds the fields (all dissectors are registered by then) and installs the
 * fronts of UDP 53, TCP 53 and UDP 443. */
void skype_names_handoff(void);

/*
 * TCP 443 gate: first pass, not inside an ICMP error, and the payload starts
 * with a TLS handshake record (0x16) whose first message is a ClientHello,
 * ServerHello or Certificate (byte 5: 1, 2 or 11). A ClientHello or
 * Certificate split over segments comes back to the front reassembled,
 * starting with that record header too.
 */
gboolean skype_names_tls_gate(tvbuff_t *tvb, packet_info *pinfo);

/*
 * Call next (TLS, the owner of TCP 443) on a gated segment with a tree primed
 * for the name fields (tree itself, or a private one when tree is NULL), then
 * read them. *mode: SKYPE_MODE_TLS when the ClientHello's server name
 * matches skype.names, SKYPE_MODE_CERT when a server certificate's
 * commonName and every dNSName match (skype_cert_names), else
 * SKYPE_MODE_NONE. Returns what next returned. The caller restores
 * pinfo->can_desegment first (TCP gave it to the front).
 */
int skype_names_tls(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                    guint8 *mode);

#endif /* SKYPE_NAMES_H */
