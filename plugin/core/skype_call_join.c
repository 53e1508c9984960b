/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls: which call a leg joins, its kind and the phase
 * a message proposes (skype_call_join.h; docs/modern.md, "Calls"). */
#include "skype_call_join.h"

#include "skype_phase.h"
#include "skype_tcp.h"

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

bool skype_call_tls_leg_due(uint8_t mode, uint16_t client_port, uint16_t server_port)
{
    return (mode == SKYPE_MODE_TLS || mode == SKYPE_MODE_CERT) && skype_kind_from_port(client_port) != SKYPE_MEDIA_UNKNOWN &&
           skype_turn_tcp_port(server_port);
}

uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen)
{
    uint8_t inner = skype_relay_payload(p, caplen, pkt);

    if (inner == SKYPE_PKT_RTP || inner == SKYPE_PKT_RTCP)
        return SKYPE_PHASE_MEDIA;
    return skype_call_proposed_phase(pkt, stun);
}

uint64_t skype_call_ice_key(const skype_stun_info_t *stun, const uint8_t *p, size_t caplen, uint16_t *stream_type)
{
    if (stun->method == SKYPE_STUN_BINDING && stun->username_len > 0)
        return skype_ice_pair_key(p + stun->username_off, stun->username_len);
    if ((stun->method == SKYPE_STUN_SEND || stun->method == SKYPE_STUN_DATA) && stun->data_len > 0 &&
        stun->data_off < caplen) {
        skype_stun_info_t inner;
        size_t avail = caplen - stun->data_off < stun->data_len ? caplen - stun->data_off : stun->data_len;
        if (skype_stun_parse_any(p + stun->data_off, avail, stun->data_len, &inner) &&
            inner.method == SKYPE_STUN_BINDING) {
            if (inner.stream_type != 0)
                *stream_type = inner.stream_type;
            if (inner.username_len > 0)
                return skype_ice_pair_key(p + stun->data_off + inner.username_off, inner.username_len);
        }
    }
    return 0;
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

uint32_t skype_call_live(skype_callset_t *cs, uint32_t g, uint64_t us)
{
    if (g >= cs->n)
        return SKYPE_CALL_NONE;
    return cs->g[skype_callset_root(cs, g)].last_us + SKYPE_CALL_JOIN_WINDOW_US >= us ? g : SKYPE_CALL_NONE;
}

/* May the leg (party, NULL none) join call g: the call has no party yet,
 * or the same one? */
static bool party_ok(skype_callset_t *cs, uint32_t g, const skype_ep_t *party)
{
    const skype_ep_t *cp = &cs->g[skype_callset_root(cs, g)].party;

    return cp->family == 0 || party == NULL || skype_call_party_match(cp, party);
}

/* A leg in no call (or a weak leg leaving its host's call): rule 1. */
static uint8_t fresh(skype_callset_t *cs, uint32_t *group, bool *weak, const skype_call_facts_t *f, uint32_t port)
{
    uint32_t g;

    *weak = false;
    if (port != SKYPE_CALL_NONE && cs->g[skype_callset_root(cs, port)].phase == SKYPE_PHASE_TEARDOWN)
        port = SKYPE_CALL_NONE; /* that call ended */
    if (f->key != 0) {
        if (f->party != NULL &&
            (g = skype_callset_recent_party(cs, f->host, f->party, f->us, SKYPE_CALL_JOIN_WINDOW_US, SKYPE_CALL_NONE)) !=
                SKYPE_CALL_NONE) {
            *group = g;
            return SKYPE_JOIN_PARTY;
        }
        if (port != SKYPE_CALL_NONE && party_ok(cs, port, f->party)) {
            *group = port;
            return SKYPE_JOIN_PORT;
        }
        return start(cs, group, f->host, f->left ? f->frame : f->first_frame, f->us);
    }
    if (port != SKYPE_CALL_NONE) {
        *group = port;
        return SKYPE_JOIN_PORT;
    }
    if ((*group = skype_callset_recent(cs, f->host, f->us, SKYPE_CALL_JOIN_WINDOW_US)) != SKYPE_CALL_NONE) {
        *weak = true;
        return SKYPE_JOIN_HOST;
    }
    return start(cs, group, f->host, f->left ? f->frame : f->first_frame, f->us);
}

/* Rules 4 and 5: the call's party, and the host's other call of that party. */
static uint8_t party_rules(skype_callset_t *cs, uint32_t *group, bool weak, const skype_call_facts_t *f, uint8_t act)
{
    skype_call_group_t *g;
    uint32_t other;

    if (*group == SKYPE_CALL_NONE || weak || f->party == NULL || f->party->family == 0)
        return act;
    if (f->remember || f->party_new) {
        other = skype_callset_recent_party(cs, f->host, f->party, f->us, SKYPE_CALL_JOIN_WINDOW_US, *group);
        if (other != SKYPE_CALL_NONE) {
            *group = skype_callset_union(cs, *group, other);
            act = SKYPE_JOIN_UNION;
        }
    }
    g = &cs->g[skype_callset_root(cs, *group)];
    if ((g->party.family == 0 && f->key != 0) ||
        (g->party.family != 0 && g->party.port == 1 && f->party->port == 0 && (f->key != 0 || f->party_new)))
        g->party = *f->party;
    return act;
}

uint8_t skype_call_join_leg(skype_callset_t *cs, uint32_t *group, bool *weak, skype_call_facts_t *f)
{
    uint8_t act = SKYPE_JOIN_STAYS;
    uint32_t keyed, port;

    f->remember = f->left = false;
    *group = valid(cs, *group);
    keyed = f->key != 0 ? skype_call_live(cs, f->keyed, f->us) : SKYPE_CALL_NONE;
    port = skype_call_live(cs, f->port_group, f->us);
    if (*group != SKYPE_CALL_NONE &&
        (skype_call_live(cs, *group, f->us) == SKYPE_CALL_NONE ||
         (f->key != 0 && keyed == SKYPE_CALL_NONE &&
          cs->g[skype_callset_root(cs, *group)].phase == SKYPE_PHASE_TEARDOWN))) {
        *group = SKYPE_CALL_NONE; /* rule 4: that call ended */
        *weak = false;
        f->left = true;
    }
    if (*group == SKYPE_CALL_NONE) {
        if (keyed != SKYPE_CALL_NONE) {
            *group = keyed;
            act = SKYPE_JOIN_PAIR;
        } else {
            act = fresh(cs, group, weak, f, port);
        }
    } else if (f->key != 0 && keyed != SKYPE_CALL_NONE) {
        act = meet(cs, group, weak, keyed);
    } else if (f->key != 0 && *weak) {
        const skype_call_group_t *g = &cs->g[skype_callset_root(cs, *group)];
        /* the host's call has a pair, and another party, of its own: this is another call */
        if (g->keyed && (f->party == NULL || !skype_call_party_match(&g->party, f->party)))
            act = fresh(cs, group, weak, f, port);
    } else if (*weak && port != SKYPE_CALL_NONE && skype_callset_root(cs, port) != skype_callset_root(cs, *group)) {
        *group = port;
        *weak = false;
        act = SKYPE_JOIN_MOVE;
    }
    if (f->key != 0 && keyed == SKYPE_CALL_NONE && *group != SKYPE_CALL_NONE) {
        cs->g[skype_callset_root(cs, *group)].keyed = 1;
        *weak = false;
        f->remember = true;
    }
    return party_rules(cs, group, *weak, f, act);
}

uint8_t skype_call_join(skype_callset_t *cs, uint32_t *group, bool *weak, uint64_t key, uint32_t keyed,
                        const skype_ep_t *host, uint32_t first_frame, uint64_t us, bool *remember)
{
    skype_call_facts_t f = {key, keyed, SKYPE_CALL_NONE, host, NULL, first_frame, first_frame, us, false, false, false};
    uint8_t act = skype_call_join_leg(cs, group, weak, &f);

    *remember = f.remember;
    return act;
}

uint8_t skype_call_leg_phase(uint8_t proposed, bool leg_media, uint8_t call_phase)
{
    return proposed == SKYPE_PHASE_TEARDOWN && !leg_media && call_phase == SKYPE_PHASE_MEDIA ? SKYPE_PHASE_NONE
                                                                                            : proposed;
}

bool skype_call_port_due(uint32_t group, bool weak)
{
    return group != SKYPE_CALL_NONE && !weak;
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
