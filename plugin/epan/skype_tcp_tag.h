/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP connections tagged by a TLS name (docs/modern.md, "Names"): a
 * ClientHello's server name or a server certificate's names that
 * Wireshark's TLS and X.509 dissectors showed (skype_names_tls_mode) make
 * the connection a tag-only one: TLS keeps dissecting it, the plugin adds
 * skype.tcp.mode and skype.conv.* (the annotation itself is the dispatcher's
 * tag-only path, skype_dispatch.c).
 */
#ifndef SKYPE_TCP_TAG_H
#define SKYPE_TCP_TAG_H

#include <epan/packet.h>

#include "skype_tcp.h"

/*
 * First pass: tag the packet's TCP connection from a TLS name. mode:
 * SKYPE_MODE_TLS from the client's ClientHello (the sender is the client),
 * SKYPE_MODE_CERT from the server's Certificate (the receiver is; the
 * certificate's frame is the phase-change point, later segments are in
 * that phase already). Returns the new record, or NULL in a later pass,
 * outside TCP, or when the connection has a record already.
 */
skype_tcp_conv_t *skype_tcp_tag_named(packet_info *pinfo, guint8 mode);

/*
 * First pass, a connection just tagged by a name (tc->mode SKYPE_MODE_TLS,
 * _CERT or _DNS; server: the relay's address, server_port its port): when
 * it is a TCP relay candidate (core skype_call_tls_leg_due: from a Teams
 * media port to a Transport Relay), make it a call leg (tc->leg, kind TCP,
 * in the graph of legs) whose every frame is in the relay phase, FIN
 * included (docs/modern.md, "Calls"). Returns the phase the connection's
 * frames take from here: SKYPE_PHASE_RELAY for a leg, else the mode's.
 */
guint8 skype_tcp_tag_call_leg(skype_tcp_conv_t *tc, packet_info *pinfo, const address *server, guint16 server_port);

#endif /* SKYPE_TCP_TAG_H */
