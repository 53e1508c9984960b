/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype client endpoint confirmation and request/response pairing. */
#include "skype_endpoint.h"

#include <string.h>

#include "skype_som.h"

bool skype_ep_set(skype_ep_t *ep, const uint8_t *addr, size_t addr_len, uint16_t port)
{
    memset(ep, 0, sizeof(*ep));
    if (addr == NULL || (addr_len != 4 && addr_len != 16))
        return false;
    memcpy(ep->addr, addr, addr_len);
    ep->family = addr_len == 4 ? 4 : 6;
    ep->port = port;
    return true;
}

bool skype_ep_equal(const skype_ep_t *a, const skype_ep_t *b)
{
    return a->port == b->port && a->family == b->family && memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

/* A multiply-xor step over one 32-bit word (the odd constants are
 * xxHash's primes): the plugin's one hash mixing step. */
static uint32_t mix(uint32_t h, uint32_t w, uint32_t k)
{
    return h ^ w * k;
}

uint32_t skype_ep_hash(const skype_ep_t *ep)
{
    uint32_t w[4];
    uint32_t h;

    memcpy(w, ep->addr, sizeof(w));
    h = w[0] * 0x9E3779B1u;
    if (ep->family == 6)
        h = mix(mix(mix(h, w[1], 0x85EBCA77u), w[2], 0xC2B2AE3Du), w[3], 0x27D4EB2Fu);
    h = mix(h, (uint32_t)ep->port << 16 | ep->family, 0x165667B1u);
    return h ^ (h >> 15);
}

uint32_t skype_pair_hash(uint8_t family, const uint8_t *addrs, uint16_t port_lo, uint16_t port_hi)
{
    uint32_t w[8];
    uint32_t h = ((uint32_t)port_lo << 16 | port_hi) * 0x165667B1u;

    if (family == 4) {
        memcpy(w, addrs, 8);
        h = mix(mix(h, w[0], 0x9E3779B1u), w[1], 0x85EBCA77u);
    } else {
        memcpy(w, addrs, 32);
        for (unsigned i = 0; i < 8; i++)
            h = (h ^ w[i]) * 0x9E3779B1u;
    }
    return h ^ (h >> 15);
}

static skype_cand_t *slot_of(skype_cand_table_t *t, uint32_t hash)
{
    return &t->slot[hash & (SKYPE_CAND_SLOTS - 1u)];
}

/* The slot of ep if it holds ep, else NULL. */
static skype_cand_t *find(skype_cand_table_t *t, const skype_ep_t *ep)
{
    skype_cand_t *c = slot_of(t, skype_ep_hash(ep));
    return c->used && skype_ep_equal(&c->ep, ep) ? c : NULL;
}

/* The slot of ep, taken over (reset) when it held another endpoint. */
static skype_cand_t *claim(skype_cand_table_t *t, const skype_ep_t *ep)
{
    skype_cand_t *c = slot_of(t, skype_ep_hash(ep));
    if (!c->used || !skype_ep_equal(&c->ep, ep)) {
        memset(c, 0, sizeof(*c));
        c->ep = *ep;
        c->used = 1;
    }
    return c;
}

static void confirm(skype_cand_t *c, uint8_t how, uint32_t first_frame, skype_confirm_t *conf)
{
    memset(conf, 0, sizeof(*conf));
    conf->client = c->ep;
    conf->first_frame = first_frame;
    conf->how = how;
    conf->probe = c->probe;
    if (how == SKYPE_CONFIRM_ID_CHAIN) {
        unsigned n = 0;
        for (unsigned i = 0; i < SKYPE_CAND_RECENT; i++) {
            const skype_cand_req_t *r = &c->recent[(c->recent_next + i) % SKYPE_CAND_RECENT];
            if (r->frame != 0 && r->frame >= first_frame)
                conf->chain[n++] = *r;
        }
    }
    memset(c, 0, sizeof(*c));
}

static void remember_request(skype_cand_t *c, const skype_ep_t *dst, const skype_som_t *som, const uint8_t *p,
                             size_t msglen, uint32_t frame)
{
    skype_cand_req_t *r = &c->recent[c->recent_next];
    r->dst = *dst;
    r->frame = frame;
    r->nonce_c = skype_be32(p + SKYPE_U1_NONCE_C_OFF);
    r->id = som->id;
    r->len = (uint16_t)(msglen > UINT16_MAX ? UINT16_MAX : msglen);
    c->recent_next = (uint8_t)((c->recent_next + 1u) % SKYPE_CAND_RECENT);
}

bool skype_cand_observe(skype_cand_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                        const uint8_t *p, size_t caplen, size_t msglen, uint32_t frame,
                        skype_confirm_t *conf)
{
    skype_som_t som;
    skype_probe_out_t out;
    skype_cand_t *c;

    if (t == NULL || !skype_som_parse(p, caplen, &som))
        return false;

    switch (som.func) {
    case SKYPE_FUNC_PING: {
        uint32_t dst_hash;
        if (msglen < SKYPE_U1_MIN_LEN || caplen < SKYPE_U1_MIN_LEN)
            return false;
        dst_hash = skype_ep_hash(dst);
        c = claim(t, src);
        if (c->chain > 0 && som.id == (uint16_t)(c->last_id + 2u) && dst_hash != c->last_dst) {
            if (c->chain < UINT8_MAX)
                c->chain++;
        } else if (c->chain == 0 || som.id != c->last_id) {
            c->chain = 1;
            c->chain_first_frame = frame;
        }
        c->last_id = som.id;
        c->last_dst = dst_hash;
        if (c->chain >= SKYPE_CHAIN_CONFIRM) {
            confirm(c, SKYPE_CONFIRM_ID_CHAIN, c->chain_first_frame, conf);
            return true;
        }
        remember_request(c, dst, &som, p, msglen, frame);
        /* Every such request may open a probe towards its destination. */
        if (c->probe.stage <= 1) {
            skype_probe_step(&c->probe, true, p, caplen, msglen, frame, &out);
            c->probe_peer = dst_hash;
        }
        return false;
    }
    case SKYPE_FUNC_CHALLENGE:
        /* U2 answers the open probe of the destination. */
        c = find(t, dst);
        if (c == NULL || c->probe.stage != 1 || c->probe_peer != skype_ep_hash(src))
            return false;
        skype_probe_step(&c->probe, false, p, caplen, msglen, frame, &out);
        return false;
    case SKYPE_FUNC_CONFIRM: {
        skype_probe_state_t before;
        c = find(t, src);
        if (c == NULL || c->probe.stage != 2 || c->probe_peer != skype_ep_hash(dst))
            return false;
        before = c->probe;
        skype_probe_step(&c->probe, true, p, caplen, msglen, frame, &out);
        if (out.msg == SKYPE_U3 && out.flags == 0) {
            uint32_t first = before.u1_frame;
            c->probe = before;
            confirm(c, SKYPE_CONFIRM_PROBE, first, conf);
            return true;
        }
        return false;
    }
    default:
        return false;
    }
}

bool skype_ep_same_host(const skype_ep_t *a, const skype_ep_t *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

uint8_t skype_cand_probe_reply(const skype_cand_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                               const uint8_t *p, size_t caplen, size_t msglen, uint32_t *u1_frame)
{
    const skype_cand_t *c;
    skype_som_t som;
    uint8_t result = skype_probe_u4_result(msglen);
    uint32_t best = 0;

    if (t == NULL || result == SKYPE_PROBE_NO_RESULT || !skype_som_parse(p, caplen, &som) ||
        som.func != SKYPE_FUNC_PING)
        return SKYPE_PROBE_NO_RESULT;
    c = &t->slot[skype_ep_hash(dst) & (SKYPE_CAND_SLOTS - 1u)];
    if (!c->used || !skype_ep_equal(&c->ep, dst))
        return SKYPE_PROBE_NO_RESULT;
    for (unsigned i = 0; i < SKYPE_CAND_RECENT; i++) {
        const skype_cand_req_t *r = &c->recent[i];
        if (r->frame != 0 && r->frame > best && skype_ep_equal(&r->dst, src))
            best = r->frame;
    }
    if (best == 0)
        return SKYPE_PROBE_NO_RESULT;
    *u1_frame = best;
    return result;
}

void skype_link_add(skype_link_table_t *t, const skype_ep_t *client, const skype_ep_t *sn, uint32_t u1_frame,
                    uint32_t u4_frame, int64_t time_us)
{
    skype_link_t *l;

    if (t == NULL)
        return;
    l = &t->slot[skype_ep_hash(sn) & (SKYPE_LINK_SLOTS - 1u)];
    l->client = *client;
    l->sn = *sn;
    l->u1_frame = u1_frame;
    l->u4_frame = u4_frame;
    l->u4_time_us = time_us;
    l->used = 1;
    if (t->count == 0 || time_us > t->last_time_us)
        t->last_time_us = time_us;
    if (t->count < UINT32_MAX)
        t->count++;
}

const skype_link_t *skype_link_find(const skype_link_table_t *t, const skype_ep_t *src, const skype_ep_t *dst,
                                    int64_t time_us)
{
    const skype_link_t *l;

    if (!skype_link_active(t, time_us))
        return NULL;
    l = &t->slot[skype_ep_hash(dst) & (SKYPE_LINK_SLOTS - 1u)];
    if (!l->used || !skype_ep_equal(&l->sn, dst) || !skype_ep_same_host(&l->client, src))
        return NULL;
    if (time_us < l->u4_time_us || time_us - l->u4_time_us > SKYPE_LINK_WINDOW_US)
        return NULL;
    return l;
}

uint32_t skype_pair_observe(skype_pair_ring_t *r, bool from_client, uint16_t id, uint32_t frame)
{
    for (unsigned i = 0; i < SKYPE_PAIR_SLOTS; i++) {
        if (r->frame[i] != 0 && r->id[i] == id && ((r->from_client >> i) & 1u) != (unsigned)from_client &&
            r->frame[i] < frame) {
            uint32_t req = r->frame[i];
            r->frame[i] = 0;
            return req;
        }
    }
    r->frame[r->next] = frame;
    r->id[r->next] = id;
    r->from_client = (uint8_t)((r->from_client & ~(1u << r->next)) | ((unsigned)from_client << r->next));
    r->next = (uint8_t)((r->next + 1u) % SKYPE_PAIR_SLOTS);
    return 0;
}
