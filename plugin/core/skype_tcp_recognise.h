/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Recognition of a legacy Skype TCP connection from facts the caller
 * gathered about one segment (docs/protocol.md §6, docs/design.md "TCP"):
 * the segment's bytes, its ports, and what the plugin knows of its hosts
 * (confirmed clients, UDP peers that answered them, positive probes, DNS
 * answers). The caller (plugin/epan/skype_tcp.c) looks those up; the rules
 * that turn them into a verdict are here. Pure C, no allocation.
 *
 * The caller's order, which keeps the common case cheap:
 *  1. the cheap facts: byte0, caplen, len, dst_port, the host facts and,
 *     when they apply, the first-payload and probe facts (these look up,
 *     and mark, per-connection state: gather them exactly when the comments
 *     below say, no more often);
 *  2. skype_tcp_recognise_reject(): true for almost every TCP segment;
 *  3. p and dns_known, then skype_tcp_recognise().
 */
#ifndef SKYPE_TCP_RECOGNISE_H
#define SKYPE_TCP_RECOGNISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_tcp.h"

/* What is known of one TCP segment with payload, from its sender (the
 * initiator, "client", of a connection it would start) to dst. Zero it,
 * then fill what applies; a fact that was not gathered is false. */
typedef struct skype_tcp_facts {
    const uint8_t *p;   /* its first captured bytes (step 3; at most SKYPE_R2_PREFIX_LEN are read); NULL: none */
    size_t caplen;      /* captured bytes of the segment; p must hold min(caplen, SKYPE_R2_PREFIX_LEN) */
    size_t len;         /* its length on the wire (reported length) */
    uint16_t dst_port;  /* the responder's TCP port */
    uint8_t byte0;      /* p[0], read before p is fetched (valid when caplen > 0) */
    bool client_host;   /* the source's or the destination's host has a confirmed client */
    bool src_host;      /* the source's host has a confirmed client */
    bool eps;           /* both ends are IPv4/IPv6 ip:ports (gathered when client_host, or when a
                         * positive-probe link table is active) */
    bool to_client;     /* client_host && eps: the destination is a confirmed client's ip:port */
    bool peer_answered; /* src_host && eps: the destination answered, over UDP, a confirmed client on
                         * the source's host */
    bool probe;         /* !client_host && eps: a positive U4 links the source's host to the
                         * destination, within its window (skype_link_find) */
    bool first;         /* the segment is its sender's first payload on the connection
                         * (skype_tcp_first_payload), asked only when src_host && eps (tracked from
                         * the host's confirmation) or when probe (tracked from the U4) */
    bool dns_known;     /* step 3: the destination is an address a Skype/Teams name resolved to */
} skype_tcp_facts_t;

/* What to do with the connection: nothing when mode is SKYPE_MODE_NONE. */
typedef struct skype_tcp_verdict {
    uint8_t mode;     /* enum skype_tcp_mode */
    uint8_t evidence; /* enum skype_evidence (skype_tcp_mode_evidence) */
    bool linked;      /* outside evidence made it Skype (docs/protocol.md §6.2) */
    bool midstream;   /* skype_tcp_init's midstream: an SN connection joined after its handshake */
    bool dissect;     /* the plugin's conversation dissector takes the connection (not tag-only:
                       * else it is only tagged, and starts its timeline at the mode's phase) */
    bool link_probe;  /* the positive probe that linked it is Skype too, from its U1 on */
} skype_tcp_verdict_t;

/*
 * Step 2: is the segment no evidence, whatever p and dns_known would say?
 * Reads byte0, caplen, len, dst_port, client_host, eps, probe, first. True
 * (reject) when caplen is 0, or when no host of the segment has a confirmed
 * client, no positive probe links it as a T1-sized first payload
 * (skype_tcp_t1_fits), its first byte is none of 0x16 (TLS handshake: L1,
 * L3), 0x80 (SSLv2 framing: R1 on 443), 'G' (GET: the update check) and
 * it does not go to port 80 (R1 on 80). NULL f: true.
 * Source: docs/protocol.md §4.2-§4.5, §6.2; docs/design.md "State and its
 * bounds" (what a non-Skype segment costs).
 */
bool skype_tcp_recognise_reject(const skype_tcp_facts_t *f);

/*
 * Step 3: the verdict on a segment (*v is filled; returns v->mode).
 * Outside evidence (linked, docs/protocol.md §6.2): from a confirmed
 * client's host, to a UDP peer that answered one of its clients or to port
 * 80 or 443; to a confirmed client's ip:port; or, with no confirmed client
 * on either host, a positive probe and a T1-sized first payload. The mode
 * is skype_tcp_identify's on min(caplen, 79) bytes of p, linked when the
 * link holds and the segment is the first payload or goes to a client; an
 * SN connection to a client is a peer connection (SKYPE_MODE_PEER); with no
 * mode, a DNS-known destination makes it SKYPE_MODE_DNS (tag only). An SN
 * connection not caught at its first payload starts mid-stream; a probe
 * that linked an SN or port-80 connection is linked back (link_probe).
 * Rejected segments (skype_tcp_recognise_reject) and NULL f:
 * SKYPE_MODE_NONE; NULL p: no byte signature (only the DNS tag can apply).
 * NULL v: only the mode is returned.
 * Source: docs/protocol.md §4 and §6, docs/design.md "TCP" (the table of
 * evidence and modes), docs/modern.md "Names" (DNS).
 */
uint8_t skype_tcp_recognise(const skype_tcp_facts_t *f, skype_tcp_verdict_t *v);

#endif /* SKYPE_TCP_RECOGNISE_H */
