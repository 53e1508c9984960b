/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls as a graph of legs (skype_call_graph.h;
 * docs/modern.md, "Calls"). */
#include "skype_call_graph.h"

#include <string.h>

#include "skype_phase.h"

void skype_graph_init(skype_call_graph_t *g, skype_realloc_fn grow, void *ctx)
{
    memset(g, 0, sizeof(*g));
    skype_callset_init(&g->cs, grow, ctx);
}

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;

    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t skype_edge_key(uint8_t kind, const void *a, size_t na, const void *b, size_t nb)
{
    uint64_t h = fnv(0xcbf29ce484222325ull, &kind, 1);

    if (a != NULL)
        h = fnv(h, a, na);
    if (b != NULL)
        h = fnv(h, b, nb);
    return h ? h : 1;
}

uint64_t skype_edge_ep_key(uint8_t kind, const skype_ep_t *ep)
{
    uint8_t b[19];

    b[0] = ep->family;
    memcpy(b + 1, ep->addr, 16);
    b[17] = (uint8_t)(ep->port >> 8);
    b[18] = (uint8_t)ep->port;
    return skype_edge_key(kind, b, sizeof(b), NULL, 0);
}

uint64_t skype_edge_host_key(const skype_ep_t *host)
{
    skype_ep_t h = *host;

    h.port = 0;
    return skype_edge_ep_key(SKYPE_EDGE_TEAMS_HOST, &h);
}

uint64_t skype_edge_party_key(const skype_ep_t *host, const skype_ep_t *party)
{
    uint8_t b[36];

    b[0] = host->family;
    memcpy(b + 1, host->addr, 16);
    b[17] = party->family;
    /* "a Transport Relay" (port 1): one party on every relay address
     * (skype_call_party) */
    if (party->port == 1)
        memset(b + 18, 0, 16);
    else
        memcpy(b + 18, party->addr, 16);
    b[34] = (uint8_t)(party->port >> 8); /* port 1: "a Transport Relay" (skype_call_party) */
    b[35] = (uint8_t)party->port;
    return skype_edge_key(SKYPE_EDGE_PARTY, b, sizeof(b), NULL, 0);
}

uint64_t skype_edge_ice_key(uint64_t pair)
{
    uint8_t b[8];

    if (pair == 0)
        return 0;
    for (int i = 0; i < 8; i++)
        b[i] = (uint8_t)(pair >> (8 * i));
    return skype_edge_key(SKYPE_EDGE_ICE, b, sizeof(b), NULL, 0);
}

uint64_t skype_edge_tid_key(const uint8_t *tid, size_t n)
{
    return tid != NULL && n > 0 ? skype_edge_key(SKYPE_EDGE_TID, tid, n, NULL, 0) : 0;
}

/* The slot of key: where it is, or the empty slot where it would go. cap is
 * a power of two (or 0). */
static uint32_t slot(const skype_call_graph_t *g, uint64_t key)
{
    uint32_t mask = g->cap - 1, i = (uint32_t)(key ^ (key >> 32)) & mask;

    while (g->keys[i] != 0 && g->keys[i] != key)
        i = (i + 1) & mask;
    return i;
}

/* Room for one more key (load at most 1/2); false when the allocator failed. */
static bool reserve(skype_call_graph_t *g)
{
    uint32_t cap = g->cap ? g->cap * 2 : 64;
    uint64_t *ok = g->keys;
    uint32_t *ov = g->vals, ocap = g->cap;
    skype_realloc_fn grow = g->cs.grow;

    if ((g->used + 1) * 2 <= g->cap)
        return true;
    if (cap == 0 || cap > (1u << 30))
        return false;
    g->keys = grow(g->cs.ctx, NULL, (size_t)cap * sizeof(*g->keys));
    g->vals = g->keys != NULL ? grow(g->cs.ctx, NULL, (size_t)cap * sizeof(*g->vals)) : NULL;
    if (g->keys == NULL || g->vals == NULL) {
        g->keys = ok;
        g->vals = ov;
        return false;
    }
    memset(g->keys, 0, (size_t)cap * sizeof(*g->keys));
    g->cap = cap;
    for (uint32_t i = 0; i < ocap; i++) {
        if (ok[i] != 0) {
            uint32_t s = slot(g, ok[i]);
            g->keys[s] = ok[i];
            g->vals[s] = ov[i];
        }
    }
    /* the old arrays go back to the allocator (wmem file scope frees them at the end anyway) */
    if (ok != NULL) {
        (void)grow(g->cs.ctx, ok, 0);
        (void)grow(g->cs.ctx, ov, 0);
    }
    return true;
}

/* Is node i's component live at us: its last frame within the window? */
static bool live(skype_call_graph_t *g, uint32_t i, uint64_t us)
{
    return g->cs.g[skype_callset_root(&g->cs, i)].last_us + SKYPE_CALL_JOIN_WINDOW_US >= us;
}

uint32_t skype_graph_lookup(skype_call_graph_t *g, uint64_t key, uint64_t us)
{
    uint32_t s, node;

    if (key == 0 || g->cap == 0)
        return SKYPE_CALL_NONE;
    s = slot(g, key);
    if (g->keys[s] == 0)
        return SKYPE_CALL_NONE;
    node = g->vals[s];
    if (node >= g->cs.n || (us != 0 && !live(g, node, us)))
        return SKYPE_CALL_NONE;
    return node;
}

/* key -> node. */
static void put(skype_call_graph_t *g, uint64_t key, uint32_t node)
{
    uint32_t s;

    if (g->cap != 0) {
        s = slot(g, key);
        if (g->keys[s] == key) {
            g->vals[s] = node;
            return;
        }
    }
    if (!reserve(g))
        return;
    s = slot(g, key);
    g->keys[s] = key;
    g->vals[s] = node;
    g->used++;
}

void skype_graph_note(skype_call_graph_t *g, uint32_t node, uint64_t key)
{
    if (key != 0 && node < g->cs.n)
        put(g, key, node);
}

bool skype_graph_edge(skype_call_graph_t *g, uint32_t node, uint64_t key, uint64_t us, bool teardown_ok)
{
    uint32_t other, a, b;

    if (key == 0 || node >= g->cs.n)
        return false;
    other = skype_graph_lookup(g, key, us);
    put(g, key, node);
    if (other == SKYPE_CALL_NONE)
        return false;
    a = skype_callset_root(&g->cs, node);
    b = skype_callset_root(&g->cs, other);
    if (a == b || (!teardown_ok && g->cs.g[b].phase == SKYPE_PHASE_TEARDOWN))
        return false;
    (void)skype_callset_union(&g->cs, a, b);
    return true;
}

uint32_t skype_graph_message(skype_call_graph_t *g, uint32_t node, const skype_leg_msg_t *m)
{
    skype_callset_t *cs = &g->cs;
    uint32_t joined = 0;
    uint8_t flags = 0;

    if (node >= cs->n)
        return 0;
    if (m->placed)
        flags |= SKYPE_CALL_F_PLACED;
    if (m->ice != 0 || m->media)
        flags |= SKYPE_CALL_F_ANCHORED;
    if (m->candidate)
        flags |= SKYPE_CALL_F_CANDIDATE;
    skype_callset_mark(cs, node, flags);
    if (m->edges) {
        joined += skype_graph_edge(g, node, skype_edge_ep_key(SKYPE_EDGE_PORT, m->client), m->us, false);
        joined += skype_graph_edge(g, node, skype_edge_ice_key(m->ice), m->us, true);
        joined += skype_graph_edge(g, node, m->tid, m->us, true);
        if (m->kind == SKYPE_LEG_DIRECT) {
            joined += skype_graph_edge(g, node, skype_edge_ep_key(SKYPE_EDGE_END, m->server), m->us, false);
        } else if (m->peer != NULL && m->peer->family != 0) {
            joined += skype_graph_edge(g, node, skype_edge_ep_key(SKYPE_EDGE_END, m->peer), m->us, false);
        }
        if (m->ice != 0 && m->party != NULL && m->party->family != 0)
            joined += skype_graph_edge(g, node, skype_edge_party_key(m->client, m->party), m->us, false);
    }
    if (m->party != NULL)
        skype_callset_party(cs, node, m->party, m->party_rank);
    flags = cs->g[skype_callset_root(cs, node)].flags;
    if (!(flags & SKYPE_CALL_F_ANCHORED) && (flags & (SKYPE_CALL_F_PLACED | SKYPE_CALL_F_CANDIDATE)))
        skype_callset_attach(cs, node, skype_callset_recent(cs, m->client, m->us, SKYPE_CALL_JOIN_WINDOW_US, node));
    return joined;
}

bool skype_graph_ended(skype_call_graph_t *g, uint32_t node, uint64_t ice, uint64_t us)
{
    uint32_t r;

    if (node >= g->cs.n)
        return false;
    if (!live(g, node, us))
        return true;
    r = skype_callset_root(&g->cs, node);
    return g->cs.g[r].phase == SKYPE_PHASE_TEARDOWN && ice != 0 &&
           skype_graph_lookup(g, skype_edge_ice_key(ice), us) == SKYPE_CALL_NONE;
}
