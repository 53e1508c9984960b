/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Skype client endpoint confirmation: pure C.
 *
 * A single SoM-looking byte proves nothing (Wireshark's built-in skype_udp
 * heuristic tags DNSCrypt, classic STUN and traceroute that way; docs/protocol.md §6).
 * This module confirms an ip:port as a Skype client from state instead:
 *
 *  ID chain  SKYPE_CHAIN_CONFIRM requests (function 0x02, >= 11 bytes) from the
 *            same ip:port whose IDs advance by exactly 2, each to another
 *            destination than the one before (paper §5.1, Figure 2;
 *            skype-irc.cap frames 176, 184, 185: IDs 0x15e8, 0x15ea, 0x15ec).
 *  Probe     a full U1 U2 U3 exchange whose U3 echoes both nonces and has
 *            size(U1) + 5 bytes (docs/protocol.md §3; skype-irc.cap frames 214-216).
 *
 * Unconfirmed endpoints live in a direct-mapped table of SKYPE_CAND_SLOTS
 * slots that the caller allocates once per capture (sizeof(skype_cand_table_t)
 * bytes, zeroed). A new endpoint takes its hash slot over from whatever was
 * there: memory never grows, whatever the capture. The table is touched only
 * by datagrams whose byte 2 & 0x8F is 0x02, 0x03 or 0x07; all others are
 * rejected before any hashing.
 */
#ifndef SKYPE_ENDPOINT_H
#define SKYPE_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_probe.h"

#define SKYPE_CAND_SLOTS 4096u  /* power of two */
#define SKYPE_CHAIN_CONFIRM 3u  /* requests in one +2 chain that confirm a client */

/* An IPv4 or IPv6 address and UDP/TCP port. 20 bytes. */
typedef struct skype_ep {
    uint8_t addr[16]; /* IPv4 in the first 4 bytes, rest zero */
    uint16_t port;
    uint8_t family;   /* 4 or 6 */
    uint8_t pad;
} skype_ep_t;
_Static_assert(sizeof(skype_ep_t) == 20, "skype_ep_t: the size the comment states");

/* A request of the current ID chain, kept so that a confirmation can
 * annotate it afterwards as the U1 of a probe. 32 bytes. */
typedef struct skype_cand_req {
    skype_ep_t dst;             /* its destination */
    uint32_t frame;             /* 0: empty */
    uint32_t nonce_c;           /* bytes 7-10 */
    uint16_t id;
    uint16_t len;               /* UDP payload size */
} skype_cand_req_t;

#define SKYPE_CAND_RECENT (SKYPE_CHAIN_CONFIRM - 1u)

typedef struct skype_cand {
    skype_ep_t ep;              /* the would-be client */
    skype_cand_req_t recent[SKYPE_CAND_RECENT]; /* last requests, ring */
    uint32_t chain_first_frame; /* first request of the current +2 chain */
    uint32_t last_dst;          /* hash of the last request's destination */
    uint32_t probe_peer;        /* hash of the SN of the open probe */
    uint16_t last_id;           /* SoM ID of the last request */
    uint8_t chain;              /* requests in the current chain, saturating */
    uint8_t used;
    skype_probe_state_t probe;  /* open probe towards probe_peer */
    uint8_t recent_next;        /* next slot of recent[] to write */
    uint8_t pad[3];
} skype_cand_t;                 /* 132 bytes */
_Static_assert(sizeof(skype_cand_t) == 132, "skype_cand_t: the size the comment states");

typedef struct skype_cand_table {
    skype_cand_t slot[SKYPE_CAND_SLOTS];
} skype_cand_table_t;           /* 528 KiB */

enum skype_confirm_how { SKYPE_CONFIRM_NONE = 0, SKYPE_CONFIRM_ID_CHAIN = 1, SKYPE_CONFIRM_PROBE = 2 };

typedef struct skype_confirm {
    skype_ep_t client;          /* the confirmed client endpoint */
    uint32_t first_frame;       /* first frame of the evidence (chain start or U1) */
    uint8_t how;                /* enum skype_confirm_how */
    skype_probe_state_t probe;  /* PROBE: the probe as it stood before this U3 */
    /* ID_CHAIN: the chain's earlier requests, oldest first (frame 0 = none);
     * each may be the U1 of a probe whose answer is still to come. */
    skype_cand_req_t chain[SKYPE_CAND_RECENT];
} skype_confirm_t;

/* Initialise endpoint *ep from raw address bytes (4 or 16) and a port. Returns
 * false for any other address length. */
bool skype_ep_set(skype_ep_t *ep, const uint8_t *addr, size_t addr_len, uint16_t port);
bool skype_ep_equal(const skype_ep_t *a, const skype_ep_t *b);

/*
 * The plugin's one hash, for the core's direct-mapped tables (the low bits
 * pick a slot) and for every wmem map of the epan layer (which multiplies
 * it again and keeps the top bits): a multiply-xor over the address in
 * 32-bit words (1 for IPv4, 4 for IPv6), the port and the family, folded
 * once (h ^ h >> 15). A few instructions; any bytes hash, none are read
 * past the 20-byte endpoint.
 */
uint32_t skype_ep_hash(const skype_ep_t *ep);

/*
 * The same hash for a 5-tuple held as its two addresses back to back
 * (addrs: 8 bytes for family 4, 32 for family 6, the lower endpoint's
 * first) and their ports (the lower endpoint's first): the key of the epan
 * layer's per-5-tuple maps (skype_pair_key_t, skype_state.h).
 */
uint32_t skype_pair_hash(uint8_t family, const uint8_t *addrs, uint16_t port_lo, uint16_t port_hi);

/*
 * Fast pre-filter, the whole per-packet cost for most non-Skype datagrams:
 * true when byte 2 of a payload of caplen bytes could start a probe or
 * request (function 0x02, 0x03 or 0x07).
 */
static inline bool skype_cand_interesting(const uint8_t byte2)
{
    const uint8_t f = (uint8_t)(byte2 & 0x8Fu);
    return f == 0x02u || f == 0x03u || f == 0x07u;
}

/*
 * Feed one datagram between endpoints that are not confirmed yet, in capture
 * order. p/caplen: captured payload; msglen: payload length on the wire.
 * Returns true and fills *conf when this datagram confirms a client; the
 * client's slot is then freed. Never reads beyond caplen.
 */
bool skype_cand_observe(skype_cand_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                        const uint8_t *p, size_t caplen, size_t msglen, uint32_t frame,
                        skype_confirm_t *conf);

/*
 * The far side's answer to a recent request of an unconfirmed endpoint: when
 * src answers candidate dst (one of dst's last SKYPE_CAND_RECENT requests went
 * to src) with a function-0x02 message of a U4 size, returns the U4 result
 * (SKYPE_PROBE_POSITIVE for 18 bytes, SKYPE_PROBE_NEGATIVE for 51/53) and sets
 * *u1_frame to that request; else 0. Read-only: the table is not changed.
 */
uint8_t skype_cand_probe_reply(const skype_cand_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                               const uint8_t *p, size_t caplen, size_t msglen, uint32_t *u1_frame);

/*
 * Probe-to-handshake link (docs/protocol.md §6; Ehlert & Petgang §5.2.2 and
 * §6 steps 1-7): a positive partial probe (U1, then an 18-byte U4) followed,
 * within SKYPE_LINK_WINDOW_US of the U4, by a TCP connection from the U1's
 * host to the U4's ip:port whose first client message fits T1
 * (skype_tcp_t1_fits) makes both Skype, without a confirmed client.
 *
 * Positive U4s of unconfirmed endpoints are kept in a direct-mapped table of
 * SKYPE_LINK_SLOTS slots keyed by the SN's ip:port (sizeof(skype_link_table_t)
 * bytes, allocated once per capture by the caller, zeroed); a new positive
 * probe to an SN whose slot is taken replaces the older one.
 */
#define SKYPE_LINK_SLOTS 1024u           /* power of two */
#define SKYPE_LINK_WINDOW_US 10000000LL  /* 10 s from the U4 to the T1 */

typedef struct skype_link {
    skype_ep_t client;   /* sent the U1 */
    skype_ep_t sn;       /* answered with the 18-byte U4 */
    int64_t u4_time_us;  /* capture time of the U4, microseconds */
    uint32_t u1_frame;
    uint32_t u4_frame;
    uint32_t used;
    uint32_t pad;
} skype_link_t;          /* 64 bytes */
_Static_assert(sizeof(skype_link_t) == 64, "skype_link_t: the size the comment states");

typedef struct skype_link_table {
    skype_link_t slot[SKYPE_LINK_SLOTS];
    int64_t last_time_us; /* newest U4 kept */
    uint32_t count;       /* U4s kept so far (saturating) */
    uint32_t pad;
} skype_link_table_t;    /* 64 KiB */

/* Record a positive U4 (frame u4_frame at time_us) from sn to client, which
 * answered client's request in u1_frame. */
void skype_link_add(skype_link_table_t *t, const skype_ep_t *client, const skype_ep_t *sn, uint32_t u1_frame,
                    uint32_t u4_frame, int64_t time_us);

/* The TCP heuristic's reject test, one compare in the common case: false when
 * no positive U4 was kept within the window before time_us. */
static inline bool skype_link_active(const skype_link_table_t *t, int64_t time_us)
{
    return t != NULL && t->count != 0 && time_us - t->last_time_us <= SKYPE_LINK_WINDOW_US &&
           time_us >= t->last_time_us - SKYPE_LINK_WINDOW_US;
}

/* The positive probe that a TCP segment from src to dst at time_us follows:
 * dst is the SN's ip:port, src has the client's address (any port), and the
 * segment comes 0 to SKYPE_LINK_WINDOW_US after the U4. NULL if none. The
 * caller adds the T1 test (first client payload, skype_tcp_t1_fits). */
const skype_link_t *skype_link_find(const skype_link_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                                    int64_t time_us);

/* Same host: address family and bytes equal, ports ignored. */
bool skype_ep_same_host(const skype_ep_t *a, const skype_ep_t *b);

/*
 * Request/response pairing within one conversation (docs/protocol.md §2.2: a response
 * carries the request's ID in the other direction). Remembers the last
 * SKYPE_PAIR_SLOTS unanswered requests; 28 bytes.
 */
#define SKYPE_PAIR_SLOTS 4u
typedef struct skype_pair_ring {
    uint32_t frame[SKYPE_PAIR_SLOTS];
    uint16_t id[SKYPE_PAIR_SLOTS];
    uint8_t from_client;  /* bit i: slot i's request came from the client side */
    uint8_t next;
    uint8_t pad[2];
} skype_pair_ring_t;
_Static_assert(sizeof(skype_pair_ring_t) == 28, "skype_pair_ring_t: the size the comment states");
_Static_assert(SKYPE_PAIR_SLOTS <= 8, "skype_pair_ring_t.from_client: one bit per slot");

/* Returns the frame of the request this message answers (and forgets that
 * request), or 0 after recording the message as a new request. */
uint32_t skype_pair_observe(skype_pair_ring_t *r, bool from_client, uint16_t id, uint32_t frame);

#endif /* SKYPE_ENDPOINT_H */
