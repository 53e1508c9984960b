/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls: which call a leg joins, its kind and the phase
 * a message proposes (skype_call_join.h; docs/modern.md, "Calls"). */
#include "skype_call_join.h"

#include "skype_phase.h"

uint8_t skype_call_leg_kind(uint8_t kind, uint8_t pkt, const skype_stun_info_t *stun)
{
    switch (pkt) {
    case SKYPE_PKT_STUN:
        /* a TCP leg stays one, whatever it carries */
        if (stun != NULL && stun->method != SKYPE_STUN_BINDING && kind != SKYPE_LEG_TCP)
            kind = SKYPE_LEG_RELAYED;
        break;
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        if (kind != SKYPE_LEG_TCP)
            kind = SKYPE_LEG_RELAYED;
        break;
    default:
        break;
    }
    return kind == SKYPE_LEG_NONE ? SKYPE_LEG_DIRECT : kind;
}

uint8_t skype_call_proposed_phase(uint8_t pkt, const skype_stun_info_t *stun)
{
    switch (pkt) {
    case SKYPE_PKT_STUN:
        return stun != NULL ? skype_stun_phase(stun) : SKYPE_PHASE_CALL_SETUP;
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        return SKYPE_PHASE_RELAY;
    case SKYPE_PKT_DTLS:
        return SKYPE_PHASE_CALL_SETUP;
    case SKYPE_PKT_RTP:
    case SKYPE_PKT_RTCP:
        return SKYPE_PHASE_MEDIA;
    default:
        return SKYPE_PHASE_NONE; /* unrecognised: no phase of its own */
    }
}

uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen)
{
    uint8_t inner = skype_relay_payload(p, caplen, pkt);

    if (inner == SKYPE_PKT_RTP || inner == SKYPE_PKT_RTCP)
        return SKYPE_PHASE_MEDIA;
    return skype_call_proposed_phase(pkt, stun);
}

/* i when it is a group of cs, else SKYPE_CALL_NONE. */
static uint32_t valid(const skype_callset_t *cs, uint32_t i)
{
    return i < cs->n ? i : SKYPE_CALL_NONE;
}

/* The leg (*group) and the call of other, a group it is to join: a weak leg
 * moves there, another one's call and that call become one. */
static uint8_t meet(skype_callset_t *cs, uint32_t *group, bool *weak, uint32_t other)
{
    uint8_t act;

    if (*weak) {
        *group = other;
        act = SKYPE_JOIN_MOVE;
    } else {
        act = skype_callset_root(cs, *group) == skype_callset_root(cs, other) ? SKYPE_JOIN_STAYS : SKYPE_JOIN_UNION;
        *group = skype_callset_union(cs, *group, other);
    }
    *weak = false;
    return act;
}

/* A new call for the leg; FULL (and no call) when the set cannot add one. */
static uint8_t start(skype_callset_t *cs, uint32_t *group, const skype_ep_t *host, uint32_t first_frame, uint64_t us)
{
    *group = skype_callset_add(cs, host, first_frame, us);
    return *group != SKYPE_CALL_NONE ? SKYPE_JOIN_NEW : SKYPE_JOIN_FULL;
}

uint8_t skype_call_join(skype_callset_t *cs, uint32_t *group, bool *weak, uint64_t key, uint32_t keyed,
                        const skype_ep_t *host, uint32_t first_frame, uint64_t us, bool *remember)
{
    uint8_t act = SKYPE_JOIN_STAYS;

    *remember = false;
    *group = valid(cs, *group);
    keyed = key != 0 ? valid(cs, keyed) : SKYPE_CALL_NONE;
    if (*group == SKYPE_CALL_NONE) {
        if (keyed != SKYPE_CALL_NONE) {
            *group = keyed;
            act = SKYPE_JOIN_PAIR;
        } else if (key == 0 && (*group = skype_callset_recent(cs, host, us, SKYPE_CALL_JOIN_WINDOW_US)) !=
                                   SKYPE_CALL_NONE) {
            *weak = true;
            act = SKYPE_JOIN_HOST;
        } else {
            act = start(cs, group, host, first_frame, us);
        }
    } else if (key != 0 && keyed != SKYPE_CALL_NONE) {
        act = meet(cs, group, weak, keyed);
    } else if (key != 0 && *weak && cs->g[skype_callset_root(cs, *group)].keyed) {
        /* the host's call has a pair of its own: this is another call */
        act = start(cs, group, host, first_frame, us);
        *weak = false;
    }
    if (key != 0 && keyed == SKYPE_CALL_NONE && *group != SKYPE_CALL_NONE) {
        cs->g[skype_callset_root(cs, *group)].keyed = 1;
        *weak = false;
        *remember = true;
    }
    return act;
}

bool skype_call_peer_wanted(uint8_t kind, bool has_peer, uint32_t group)
{
    return has_peer && (kind == SKYPE_LEG_RELAYED || kind == SKYPE_LEG_TCP) && group != SKYPE_CALL_NONE;
}

uint8_t skype_call_join_peer(skype_callset_t *cs, uint32_t *group, bool *weak, uint32_t peer_group)
{
    if (valid(cs, *group) == SKYPE_CALL_NONE || valid(cs, peer_group) == SKYPE_CALL_NONE)
        return SKYPE_JOIN_STAYS;
    return meet(cs, group, weak, peer_group);
}

bool skype_call_direct_ends_due(uint8_t kind, uint32_t group, bool weak, uint8_t *ends_noted)
{
    if (*ends_noted || kind != SKYPE_LEG_DIRECT || group == SKYPE_CALL_NONE || weak)
        return false;
    *ends_noted = 1;
    return true;
}
