/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDP flow analyser: one client<->peer UDP 5-tuple of legacy Skype, datagram
 * by datagram (docs/protocol.md §2.2 requests and responses, §3 the UDP
 * probe, §3.2 labels follow the evidence, §5 phases and evidence). Pure C:
 * the epan layer feeds it the first bytes of each SoM datagram in the first
 * pass and writes what it returns into the frame records.
 *
 * What it decides:
 *  - the probe message of the datagram (U1-U4, from skype_probe.h), where a
 *    request is shown as U1 only once the far side answers it as a probe
 *    (U2 with its ID, or a U4); out->u1_confirmed / u1_dropped name the
 *    earlier datagram whose label changes then;
 *  - the flow's phase (SN discovery from a U2/U3/U4 on, SN session
 *    otherwise; a tentative U1 keeps the current phase) and its evidence
 *    (SoM, UDP probe once a probe message is seen);
 *  - request/response links by message ID (skype_pair_ring_t);
 *  - that the far side answers a client (out->add_peer, once per flow), so
 *    TCP from the client to it is linked (docs/protocol.md §6.2).
 */
#ifndef SKYPE_UDP_FLOW_H
#define SKYPE_UDP_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_endpoint.h"
#include "skype_probe.h"

/* One flow's state: 64 bytes, no pointers, never grows. */
typedef struct skype_udp_flow {
    skype_probe_state_t probe; /* open U1-U4 probe towards the far side */
    skype_pair_ring_t pairs;   /* unanswered requests, for request/response links */
    uint32_t first_frame;      /* first frame recognised in the flow (skype.conv.first_frame) */
    uint8_t phase;             /* enum skype_phase, current */
    uint8_t evidence;          /* enum skype_evidence */
    uint8_t peer_kept;         /* out->add_peer was given */
    uint8_t user;              /* the caller's byte, kept with the flow (never read here; epan:
                                  which endpoint of its 5-tuple key is the client) */
} skype_udp_flow_t;
_Static_assert(sizeof(skype_udp_flow_t) == 64, "skype_udp_flow_t: the size the comment states");

/* What one datagram means. Frame numbers are 0 when there is none. */
typedef struct skype_udp_flow_out {
    uint32_t u1_frame;       /* the probe's U1 (this datagram's probe, if any) */
    uint32_t request_in;     /* the request this datagram answers */
    uint32_t first_frame;    /* the flow's first frame */
    uint32_t u1_confirmed;   /* an earlier request now known to be this probe's U1 (kind: probe_kind) */
    uint32_t u1_dropped;     /* an earlier tentative U1 the far side did not answer as a probe */
    uint8_t probe_msg;       /* enum skype_probe_msg as shown (a request is U1 only once answered) */
    uint8_t probe_kind;      /* enum skype_probe_kind */
    uint8_t probe_result;    /* enum skype_probe_result, on U4 */
    uint8_t probe_flags;     /* SKYPE_PROBE_F_* */
    uint8_t phase;           /* the flow's phase after this datagram */
    uint8_t phase_changed;   /* this datagram changed it */
    uint8_t evidence;        /* the flow's evidence after this datagram */
    uint8_t u1_enters_discovery; /* the flow's SN discovery phase began at u1_confirmed */
    uint8_t add_peer;        /* the far side answers a client: keep it as a linked peer */
} skype_udp_flow_out_t;

/* A new flow first seen at first_frame: evidence SoM, no phase yet. */
void skype_udp_flow_init(skype_udp_flow_t *f, uint32_t first_frame);

/* The client was confirmed by a full probe on this flow (skype_endpoint.h):
 * unless a probe is already open, the flow takes it over, with evidence UDP
 * probe, phase SN discovery and its U1 as first frame. */
void skype_udp_flow_confirm_probe(skype_udp_flow_t *f, const skype_probe_state_t *probe);

/* The client was confirmed by an ID chain, one of whose requests (SoM ID
 * `id`, `len` bytes, U1 nonce `nonce_c`, at `frame`) went over this flow:
 * it may be the U1 of a probe whose answer is still to come (opened unless a
 * probe is already open), and it is an unanswered request. */
void skype_udp_flow_seed_request(skype_udp_flow_t *f, uint16_t id, uint16_t len, uint32_t nonce_c,
                                 uint32_t frame);

/* The flow's partial probe (U1 at u1_frame) was linked to a TCP handshake
 * (docs/protocol.md §6.2): first frame u1_frame, evidence linked, `phase`. */
void skype_udp_flow_linked(skype_udp_flow_t *f, uint32_t u1_frame, uint8_t phase);

/*
 * One SoM datagram of the flow at `frame` (frames ascending), from the
 * client side or not: p[0..caplen) its first captured bytes (caplen >= 3,
 * the SoM header; the probe needs up to SKYPE_U3_MIN_LEN), len its size on
 * the wire. Fills *out. Reads nothing past caplen; short or odd datagrams
 * are plain requests or responses (the probe matcher flags truncation).
 */
void skype_udp_flow_step(skype_udp_flow_t *f, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                         uint32_t frame, skype_udp_flow_out_t *out);

#endif /* SKYPE_UDP_FLOW_H */
