/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names from Wireshark's own dissection (docs/modern.md, "Names"): the TLS
 * server name, the server certificate's names and DNS answers are read from
 * the fields of Wireshark's TLS, X.509, QUIC and DNS dissectors, which the
 * port fronts (skype_dispatch.c) call through this file with a proto tree
 * primed for those fields, only when a cheap byte gate says the packet may
 * carry a name.
 */
#ifndef SKYPE_NAMES_H
#define SKYPE_NAMES_H

#include <epan/packet.h>

#define SKYPE_NAMES_FIELDS 17 /* the fields read (skype_names.c) */

/* One gated call: the tree the dissector filled, and how many occurrences of
 * each field it held before (a frame may be dissected by several calls). */
typedef struct skype_names_call {
    proto_tree *tree;
    guint before[SKYPE_NAMES_FIELDS];
} skype_names_call_t;

void skype_names_register(void);

/* Finds the fields (all dissectors are registered by then). */
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
 * read them. *mode: skype_names_tls_mode. Returns what next returned. The
 * caller restores pinfo->can_desegment first (TCP gave it to the front).
 */
int skype_names_tls(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                    guint8 *mode);

/* What the TLS names a call (or view) found make a connection:
 * SKYPE_MODE_TLS when a ClientHello's server name matches skype.names,
 * SKYPE_MODE_CERT when a server certificate's commonName and every dNSName
 * match (skype_cert_names), else SKYPE_MODE_NONE. */
guint8 skype_names_tls_mode(const skype_names_call_t *c);

/* The tree to hand QUIC for a gated Initial, primed for the server name
 * (tree itself, or a private one when tree is NULL); read it back with
 * skype_names_sni. */
proto_tree *skype_names_begin_sni(skype_names_call_t *c, packet_info *pinfo, proto_tree *tree);

/* Does a server name the call found match skype.names? *any: the call
 * found a server name at all. */
gboolean skype_names_sni(const skype_names_call_t *c, gboolean *any);

/* UDP 53 gate (the caller checks the port): first pass, not inside an ICMP
 * error, a response (QR bit) with answers (ANCOUNT, RFC 1035 §4.1.1). */
gboolean skype_names_dns_gate(tvbuff_t *tvb, packet_info *pinfo);

/* Call next (DNS) with a tree primed for the DNS name fields, then record
 * the addresses of Skype/Teams names its answers hold (skype_dns_add).
 * Returns what next returned. */
int skype_names_dns(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data);

/* Record the Skype/Teams addresses of the DNS messages a call (or view)
 * found: CNAME chains over the answers (skype_dns_chain). */
void skype_names_dns_read(const skype_names_call_t *c);

/* ---- heuristics first: the names postdissector's reads ---------------- */

/* Is tcp or udp.try_heuristic_first on (read now: call at file start)?
 * FALSE when this Wireshark has neither preference. */
gboolean skype_names_heur_first(void);

/* Did a front read this frame's names in this dissection (heuristics first
 * only; the postdissector then leaves the frame alone)? */
gboolean skype_names_front_read(packet_info *pinfo);

/* The fields the names postdissector asks Wireshark for (a new array for
 * set_postdissector_wanted_hfids): the name fields, TCP's layer and
 * proto_quic's when it is above 0. Fields this Wireshark lacks are left out. */
GArray *skype_names_wanted(int proto_quic);

/* A view of every occurrence of the fields in the frame's tree (tree: any
 * node of it, not NULL), for the postdissector: as if one call had added
 * them all; a field the tree does not hold reads as none. */
void skype_names_view(skype_names_call_t *c, proto_tree *tree);

/*
 * The payload of the frame's innermost TCP segment (the segment's own
 * bytes, as a front gets a first segment; its place and size from TCP's own
 * tcp.hdr_len and tcp.len in tree, cut to what the frame holds), or NULL:
 * those fields are not in the tree, or the payload is empty.
 */
tvbuff_t *skype_names_tcp_payload(proto_tree *tree);

#endif /* SKYPE_NAMES_H */
