/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls: which call a leg (a tagged UDP 5-tuple or TCP
 * connection) joins, and what one of its messages says about the leg's kind
 * and the call's phase (docs/modern.md, "Calls": Grouping, Legs; "Phases").
 *
 * Pure policy over the call set (skype_call.h) and facts the caller looked
 * up. The caller keeps the two maps and their memory: the ICE pair map
 * (skype_ice_pair_key -> group) and the direct-ends map (an end of a direct
 * leg -> group); these functions say what to look up and what to record.
 * Per message, the caller (plugin/epan/skype_calls.c, leg_message) runs:
 *
 *   kind = skype_call_leg_kind(kind, pkt, stun);
 *   proposed = skype_call_proposed_phase(pkt, stun);
 *   keyed = key ? pair map[key] : SKYPE_CALL_NONE;
 *   skype_call_join(cs, &group, &weak, key, keyed, ..., &remember);
 *   if (remember) pair map[key] = group;
 *   if (skype_call_peer_wanted(kind, stun has a peer, group))
 *       skype_call_join_peer(cs, &group, &weak, direct-ends map[peer]);
 *   if (skype_call_direct_ends_due(kind, group, weak, &ends_noted))
 *       direct-ends map[client], [server] = group, each unless already there;
 *   then the call's phase: skype_call_phase_enter(root's phase, proposed).
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
uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen);

/* What skype_call_join or skype_call_join_peer did with the leg. */
enum skype_call_join_action {
    SKYPE_JOIN_STAYS = 0, /* its call is unchanged (*group may now be that call's root) */
    SKYPE_JOIN_PAIR = 1,  /* a leg in no call joined the call its ICE pair names */
    SKYPE_JOIN_MOVE = 2,  /* a weak leg left its host's call for the call its pair (or peer) names */
    SKYPE_JOIN_UNION = 3, /* its call and the pair's (or peer's) call became one */
    SKYPE_JOIN_HOST = 4,  /* a leg in no call joined its client host's recent call, weakly */
    SKYPE_JOIN_NEW = 5,   /* it started a new call */
    SKYPE_JOIN_FULL = 6   /* a new call was due but the set is full or its allocator failed: in no call */
};

/*
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
