/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls: which call a leg (a tagged UDP 5-tuple or TCP
 * connection) joins, and what one of its messages says about the leg's kind
 * and the call's phase (docs/modern.md, "Calls": Grouping, Legs; "Phases").
 *
 * Pure policy over the call set (skype_call.h) and facts the caller looked
 * up. The caller keeps the maps and their memory: the ICE pair map
 * (skype_ice_pair_key -> group), the port map (a leg's client ip:port ->
 * group) and the direct-ends map (an end of a direct leg -> group); these
 * functions say what to look up and what to record. Per message, the
 * caller (plugin/epan/skype_calls.c, leg_message) runs:
 *
 *   kind = skype_call_leg_kind(kind, pkt, stun);
 *   proposed = skype_call_message_phase(pkt, stun, p, caplen);
 *   key = skype_call_ice_key(stun, p, caplen, &stream_type);
 *   party = skype_call_party(server, kind, peer named so far or now);
 *   facts = {key, pair map[key], port map[client], client, party, ...};
 *   skype_call_join_leg(cs, &group, &weak, &facts);
 *   if (facts.left) the leg starts over (its ends and port are due again);
 *   if (facts.remember) pair map[key] = group;
 *   if (skype_call_port_due(group, weak)) port map[client] = group, unless live;
 *   if (skype_call_peer_wanted(kind, stun has a peer, group))
 *       skype_call_join_peer(cs, &group, &weak, live direct-ends map[peer]);
 *   if (skype_call_direct_ends_due(kind, group, weak, &ends_noted))
 *       direct-ends map[client], [server] = group, each unless live there;
 *   then the call's phase:
 *       skype_call_phase_enter(root's phase, skype_call_leg_phase(proposed, leg carried media, root's phase)).
 *
 * Group indices are those of the call set: any index of a call's groups
 * stands for the call (its root is skype_callset_root). An index that is not
 * in the set is taken for SKYPE_CALL_NONE (bad input; the epan layer only
 * passes indices the set gave).
 */
#ifndef SKYPE_CALL_JOIN_H
#define SKYPE_CALL_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "skype_call.h"
#include "skype_modern.h"

/*
 * The leg's kind (enum skype_call_leg) after a message of class pkt
 * (enum skype_pkt; stun: the parsed message when pkt is SKYPE_PKT_STUN, may
 * be NULL) on a leg of kind kind:
 *  - a STUN message of another method than Binding (a TURN method), TURN
 *    ChannelData or Microsoft's 0xFF10 channel: relayed;
 *  - a TCP leg stays TCP whatever it carries;
 *  - otherwise the kind it had, and a leg of no kind yet becomes direct.
 * Never SKYPE_LEG_NONE. Unknown pkt values count as "anything else"; a kind
 * outside enum skype_call_leg is kept as it is. Source: docs/modern.md,
 * "Calls" (Legs).
 */
uint8_t skype_call_leg_kind(uint8_t kind, uint8_t pkt, const skype_stun_info_t *stun);

/*
 * The phase (enum skype_phase) a message of class pkt proposes to its call:
 * STUN: skype_stun_phase(stun) (Binding: call setup; TURN methods: relay;
 * Refresh with LIFETIME 0: teardown), call setup when stun is NULL (the rest
 * of a STUN message begun in an earlier TCP segment); ChannelData and
 * 0xFF10: relay; DTLS: call setup; RTP and RTCP: media; anything else
 * (ZRTP's first bytes, unknown pkt values: a payload the demultiplexer
 * cannot place, skype_pkt_placed) proposes nothing, SKYPE_PHASE_NONE, so
 * that it never moves a call. Source: docs/modern.md, "Phases".
 */
uint8_t skype_call_proposed_phase(uint8_t pkt, const skype_stun_info_t *stun);

/*
 * The phase one message p[0..caplen) of class pkt proposes: as
 * skype_call_proposed_phase, except that ChannelData or 0xFF10 carrying RTP
 * or RTCP (skype_relay_payload) is media, as the same RTP sent directly is:
 * a relayed call reaches the media phase when its media flows. p may be
 * NULL (caplen 0): the class alone decides. Source: docs/modern.md, "Phases".
 */
/*
 * Can a TCP connection tagged by a Skype/Teams TLS name (mode
 * SKYPE_MODE_TLS or SKYPE_MODE_CERT, core/skype_tcp.h) be a call's TCP leg:
 * from a Teams media port (50000-50059, skype_kind_from_port) to a
 * Transport Relay's TCP port (443 or 3478-3481)? The caller then looks for
 * the live call of that client ip:port. Source: docs/modern.md, "Calls";
 * Microsoft Learn, "Microsoft Teams media flows" (TCP fallback to the
 * Transport Relay).
 */
bool skype_call_tls_leg_due(uint8_t mode, uint16_t client_port, uint16_t server_port);

uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen);

/*
 * The ICE ufrag pair key (skype_ice_pair_key) of a parsed STUN message stun
 * of p[0..caplen): a Binding's USERNAME, also inside the DATA of a TURN
 * Send or Data indication (a relayed check), whose MS-SERVICE-QUALITY
 * stream type, if any, goes to *stream_type. 0 when there is none.
 */
uint64_t skype_call_ice_key(const skype_stun_info_t *stun, const uint8_t *p, size_t caplen, uint16_t *stream_type);

/* What skype_call_join or skype_call_join_peer did with the leg. */
enum skype_call_join_action {
    SKYPE_JOIN_STAYS = 0, /* its call is unchanged (*group may now be that call's root) */
    SKYPE_JOIN_PAIR = 1,  /* a leg in no call joined the call its ICE pair names */
    SKYPE_JOIN_MOVE = 2,  /* a weak leg left its host's call for the call its pair (or peer) names */
    SKYPE_JOIN_UNION = 3, /* its call and the pair's (or peer's) call became one */
    SKYPE_JOIN_HOST = 4,  /* a leg in no call joined its client host's recent call, weakly */
    SKYPE_JOIN_NEW = 5,   /* it started a new call */
    SKYPE_JOIN_FULL = 6,  /* a new call was due but the set is full or its allocator failed: in no call */
    SKYPE_JOIN_PARTY = 7, /* it joined its host's live call with the same remote party (rule 2) */
    SKYPE_JOIN_PORT = 8   /* it joined the call its client ip:port is in (rule 3) */
};

/* The facts skype_call_join_leg decides on: looked up by the caller. */
typedef struct skype_call_facts {
    uint64_t key;             /* the message's ICE ufrag pair key (skype_ice_pair_key), 0 none */
    uint32_t keyed;           /* the pair map's group for key, SKYPE_CALL_NONE when key is 0 or not there */
    uint32_t port_group;      /* the port map's group for the leg's client ip:port, SKYPE_CALL_NONE none */
    const skype_ep_t *host;   /* the leg's client end */
    const skype_ep_t *party;  /* the leg's remote party (skype_call_party), NULL none */
    uint32_t first_frame;     /* the leg's first frame */
    uint32_t frame;           /* the message's frame: a new call's first after the leg left one */
    uint64_t us;              /* the message's capture time, microseconds */
    bool party_new;           /* this message set or changed the leg's party (a peer named) */
    bool remember;            /* out: add key -> group to the pair map */
    bool left;                /* out: the leg left an ended call (rule 4): its ends and port are due again */
} skype_call_facts_t;

/*
 * Is group g (any index) a call that is still live at us: in the set, its
 * last frame at most SKYPE_CALL_JOIN_WINDOW_US before us? Returns g or
 * SKYPE_CALL_NONE. Map entries of calls that are not live are stale: the
 * caller may overwrite them, and the join never follows them.
 */
uint32_t skype_call_live(skype_callset_t *cs, uint32_t g, uint64_t us);

/*
 * Put a leg into a call on one message, with the grouping rules of
 * docs/modern.md "Calls" (Grouping). Lookups (keyed, port_group) that are not
 * live count as none. In order:
 *  0. (rule 4) a leg whose call is not live (silent for more than
 *     SKYPE_CALL_JOIN_WINDOW_US), or whose call is in teardown while the
 *     message names a pair unknown so far, leaves it (f->left) and joins
 *     anew below;
 *  1. a leg in no call: its known pair's call (PAIR); with an unknown pair,
 *     its host's live call with the same remote party (PARTY, rule 2), else
 *     the call its client ip:port is in when that call's party is unset or
 *     the same (PORT, rule 3), else a new call (NEW); without a pair, the
 *     port's call (PORT), else its host's recent call weakly (HOST), else a
 *     new call (NEW); a call in teardown is no port's call here;
 *  2. a leg in a call whose message names a known pair: a weak leg moves
 *     there (MOVE), else the calls become one (UNION);
 *  3. a weak leg: naming an unknown pair, it stays when its call's party is
 *     unset or the same, else it goes as in 1 (PARTY, PORT or NEW);
 *     without a pair, to its port's call when that is another (MOVE);
 *  4. an unknown pair, once the leg is in a call, names that call
 *     (f->remember) and the leg is no longer weak; a call without a party
 *     takes that leg's (the party of a call is that of its first leg with
 *     ICE checks), and a call whose party is a Transport Relay takes the
 *     named peer of a leg that is not weak;
 *  5. (rule 2) on a new pair or a new party of a leg that is not weak:
 *     its host's other live call with the same party becomes one with
 *     the leg's (UNION).
 * FULL when a new call was due and the set cannot add it.
 */
uint8_t skype_call_join_leg(skype_callset_t *cs, uint32_t *group, bool *weak, skype_call_facts_t *f);

/*
 * The phase a message of a leg proposes to its call, given the message's
 * own proposal (skype_call_message_phase), whether the leg has carried media
 * (RTP or RTCP, direct or relayed) and the call's phase: the release of a
 * relay allocation (teardown) by a leg that carried no media, while the
 * call is in media, proposes nothing: the call's media goes on elsewhere
 * (an unused relay candidate). Source: docs/modern.md, "Phases".
 */
uint8_t skype_call_leg_phase(uint8_t proposed, bool leg_media, uint8_t call_phase);

/* Is the leg's client ip:port due for the caller's port map: a leg in a
 * call, not weak; the caller adds client -> group unless a live entry is
 * there (skype_call_live). */
bool skype_call_port_due(uint32_t group, bool weak);

/*
 * skype_call_join_leg without a remote party or a port map (party NULL,
 * port_group none): the rules before issue 19 within the join window.
 * Put a leg into a call on one message (docs/modern.md, "Calls", Grouping).
 *   cs      the call set
 *   group   in/out: the leg's group, SKYPE_CALL_NONE while it is in none
 *   weak    in/out: the leg joined by client host and time alone
 *   key     the message's ICE ufrag pair key (skype_ice_pair_key), 0 none
 *   keyed   the group the caller's pair map holds for key, SKYPE_CALL_NONE
 *           when key is 0 or not in the map
 *   host    the leg's client end (port ignored), first_frame the leg's first
 *           frame, us the message's capture time in microseconds
 *   remember out: the caller must add key -> *group to its pair map (key is
 *           new and the leg is in a call; the call is then marked keyed)
 * The rules, in order:
 *  - a leg in no call joins the call of its known pair (PAIR); without a
 *    pair, the call its client host is in when that call had a frame in
 *    the last SKYPE_CALL_JOIN_WINDOW_US (HOST, weak); else a new call (NEW);
 *    a message with a pair unknown so far always starts a new call;
 *  - a leg in a call whose message names a known pair: a weak leg moves to
 *    that call (MOVE), else the two calls become one (UNION);
 *  - a weak leg naming an unknown pair while its host's call has a pair of
 *    its own starts a new call (NEW): two overlapping calls of one host;
 *  - an unknown pair, once the leg is in a call, names that call from now
 *    on (remember), and the leg is no longer weak.
 * A new call that the set cannot add leaves the leg in no call (FULL), also
 * a weak leg that was in one. Returns enum skype_call_join_action.
 */
uint8_t skype_call_join(skype_callset_t *cs, uint32_t *group, bool *weak, uint64_t key, uint32_t keyed,
                        const skype_ep_t *host, uint32_t first_frame, uint64_t us, bool *remember);

/*
 * Should the caller look the XOR-PEER-ADDRESS of a message (has_peer: the
 * message names one) up in its direct-ends map? Only for a relayed or TCP
 * leg (kind) that is in a call (group): a relay that relays to an end of a
 * direct leg carries that leg's call. Source: docs/modern.md, "Calls"
 * (Grouping, rule 2).
 */
bool skype_call_peer_wanted(uint8_t kind, bool has_peer, uint32_t group);

/*
 * A relayed or TCP leg whose TURN message names a peer that the caller's
 * direct-ends map holds (peer_group; SKYPE_CALL_NONE when not there): a weak
 * leg moves to the peer's call (MOVE), another leg's call and the peer's
 * become one (UNION, or STAYS when they already were); the leg is then no
 * longer weak. Nothing (STAYS) when the leg or the peer is in no call.
 * group and weak as for skype_call_join. Returns enum skype_call_join_action.
 */
uint8_t skype_call_join_peer(skype_callset_t *cs, uint32_t *group, bool *weak, uint32_t peer_group);

/*
 * Are the two ends of a leg due for the caller's direct-ends map? True once
 * per leg (*ends_noted: in/out, set when true is returned) for a direct leg
 * (kind) in a call (group) that did not join it weakly; the caller then adds
 * each end -> group unless the end is already in the map (the first direct
 * leg to reach an end keeps it). Source: docs/modern.md, "Calls".
 */
bool skype_call_direct_ends_due(uint8_t kind, uint32_t group, bool weak, uint8_t *ends_noted);

#endif /* SKYPE_CALL_JOIN_H */
