/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls as a graph of legs (docs/modern.md, "Calls";
 * captures/teams.pcap). Nodes are legs: a tagged UDP 5-tuple, a TURN-over-TCP or TLS
 * connection (skype_callset_add: one node per leg, and one more each time a
 * leg leaves an ended call). Edges are evidence that two legs serve one
 * call; a call is a connected component (union-find over the nodes,
 * skype_call.h), so a later frame can join two components and every frame
 * shows its final call in a second pass.
 *
 * Every edge is a shared key: a leg that presents key k is joined to the
 * last node that presented k, if that node's component is still live (its
 * last frame at most SKYPE_CALL_JOIN_WINDOW_US before), and then holds k
 * itself. The keys (skype_edge_key):
 *   SKYPE_EDGE_PORT   the client ip:port (allocations, checks, media and a
 *                     TCP/TLS leg from one media port; transport ignored)
 *   SKYPE_EDGE_ICE    the ICE ufrag pair (skype_ice_pair_key), of a direct
 *                     check or of one inside a TURN Send/Data DATA attribute
 *   SKYPE_EDGE_TID    a TURN transaction ID: a request and its answer from
 *                     another relay address (captures/teams.pcap 1250/1275)
 *   SKYPE_EDGE_END    an end of a direct leg, and the peer a TURN message
 *                     names (XOR-PEER-ADDRESS, [MS-TURN] DESTINATION- and
 *                     REMOTE-ADDRESS)
 *   SKYPE_EDGE_PARTY  client host + remote party of a leg with checks: the
 *                     media lines of one call (not to a call in teardown)
 * The last resort, the client host alone, is no key: an unanchored
 * component (relay allocations, a TCP relay candidate) is shown in its
 * host's most recent call meanwhile (skype_callset_attach) and joins the
 * call nearest in time once every other edge is known
 * (skype_callset_settle, after the first pass).
 *
 * The key map is an open-addressing table (keys 64-bit, never 0; values
 * node indices), grown through the set's reallocator: 12 bytes a slot,
 * load at most 1/2. Pure C, no epan headers; fuzzed by fuzz_modern.
 */
#ifndef SKYPE_CALL_GRAPH_H
#define SKYPE_CALL_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_call.h"
#include "skype_endpoint.h"

enum skype_edge_kind {
    SKYPE_EDGE_PORT = 1,
    SKYPE_EDGE_ICE = 2,
    SKYPE_EDGE_TID = 3,
    SKYPE_EDGE_END = 4,
    SKYPE_EDGE_PARTY = 5,
    SKYPE_EDGE_TEAMS_HOST = 6 /* no edge: a host that sent TURN requests (roles, skype_call_client_is_dst) */
};

typedef struct skype_call_graph {
    skype_callset_t cs;
    uint64_t *keys;  /* 0: empty slot */
    uint32_t *vals;  /* node of keys[i] */
    uint32_t cap, used;
} skype_call_graph_t;

/* Start an empty graph: no allocation yet; grow/ctx as skype_callset_init. */
void skype_graph_init(skype_call_graph_t *g, skype_realloc_fn grow, void *ctx);

/* The key of kind (enum skype_edge_kind) over a[0..na) and b[0..nb)
 * (either may be NULL with length 0): FNV-1a 64, never 0. */
uint64_t skype_edge_key(uint8_t kind, const void *a, size_t na, const void *b, size_t nb);

/* The key of an ip:port (kind SKYPE_EDGE_PORT or SKYPE_EDGE_END), of a host
 * (port ignored: SKYPE_EDGE_TEAMS_HOST), of a client host and a remote party
 * (skype_call_party: SKYPE_EDGE_PARTY), of an ICE pair key
 * (skype_ice_pair_key: SKYPE_EDGE_ICE; 0 for pair 0) and of a STUN
 * transaction ID tid[0..n) (SKYPE_EDGE_TID: bytes 4-19 of the header). */
uint64_t skype_edge_ep_key(uint8_t kind, const skype_ep_t *ep);
uint64_t skype_edge_host_key(const skype_ep_t *host);
uint64_t skype_edge_party_key(const skype_ep_t *host, const skype_ep_t *party);
uint64_t skype_edge_ice_key(uint64_t pair);
uint64_t skype_edge_tid_key(const uint8_t *tid, size_t n);

/* The node the map holds for key, SKYPE_CALL_NONE when none; with us not 0,
 * only when that node's component is live at us. */
uint32_t skype_graph_lookup(skype_call_graph_t *g, uint64_t key, uint64_t us);

/*
 * The edge that key is: node joins the component of the node the map holds
 * for key when that component is live at us (and, unless teardown_ok, not
 * in teardown); then key names node. Returns true when two components
 * became one. Key 0, an invalid node or a full table (the allocator
 * failed): nothing.
 */
bool skype_graph_edge(skype_call_graph_t *g, uint32_t node, uint64_t key, uint64_t us, bool teardown_ok);

/* Remember key for node without joining anything (SKYPE_EDGE_TEAMS_HOST). */
void skype_graph_note(skype_call_graph_t *g, uint32_t node, uint64_t key);

/* What one message of a leg says, for skype_graph_message. */
typedef struct skype_leg_msg {
    const skype_ep_t *client; /* the leg's client end */
    const skype_ep_t *server; /* its other end */
    const skype_ep_t *peer;   /* the TURN peer the message names, NULL or family 0: none */
    const skype_ep_t *party;  /* the leg's remote party (skype_call_party), NULL none */
    uint64_t ice;             /* the message's ICE pair (skype_ice_pair_key), 0 none */
    uint64_t tid;             /* skype_edge_tid_key of a TURN message (not Binding), 0 none */
    uint64_t us;              /* capture time, microseconds */
    uint8_t kind;             /* the leg's kind after the message (enum skype_call_leg) */
    uint8_t party_rank;       /* enum skype_party_rank the message gives the leg's party */
    bool placed;              /* a class a call places (skype_pkt_placed), or TURN over TCP */
    bool media;               /* RTP or RTCP, direct or relayed */
    bool candidate;           /* a TCP relay candidate (skype_call_tls_leg_due) */
    bool edges;               /* present the keys (false: a media datagram after the first) */
} skype_leg_msg_t;

/*
 * One message of the leg whose node is node (first pass): marks the
 * component (placed, anchored by checks or media, candidate), presents the
 * keys as edges (PORT of the client end; ICE; TID; END of both ends of a
 * direct leg, of the named peer of a relayed or TCP one; PARTY of a leg
 * with checks), offers the party, and shows a component that is still
 * unanchored in its host's most recent live call (skype_callset_attach).
 * Returns how many components it joined.
 */
uint32_t skype_graph_message(skype_call_graph_t *g, uint32_t node, const skype_leg_msg_t *m);

/* Is node's component ended at us for a leg that sends another message
 * (rule 4, docs/modern.md "Calls"): silent for more than
 * SKYPE_CALL_JOIN_WINDOW_US, or in teardown while the message names an ICE
 * pair (ice, 0 none) that no live component holds? The caller then gives
 * the leg a new node. */
bool skype_graph_ended(skype_call_graph_t *g, uint32_t node, uint64_t ice, uint64_t us);

#endif /* SKYPE_CALL_GRAPH_H */
