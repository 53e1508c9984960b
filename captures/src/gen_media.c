/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The media timeline of gen_media.h: the timeline writer, ICE agents and
 * checks, RTP streams and RTCP reports of the call captures (gen_calls.c)
 * and the Teams call-shape captures (gen_teams.c).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_media.h"

#define put16 gen_put16
#define put32 gen_put32

/* ---- Timeline ------------------------------------------------------------ */

void sched_open(sched_t *s, const char *name, uint32_t seed)
{
    snprintf(s->path, sizeof(s->path), "%s", gen_out_path(name));
    gen_open(&s->g, s->path, seed);
    s->t0 = s->g.usec;
    s->ev = NULL;
    s->n = s->cap = 0;
}

static ev_t *sched_new(sched_t *s, uint64_t t, uint8_t op, const uint8_t *p, size_t len)
{
    if (len > MAX_PAYLOAD) {
        fprintf(stderr, "%s: %zu-byte payload too long\n", s->path, len);
        exit(1);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->ev = realloc(s->ev, s->cap * sizeof(*s->ev));
        if (s->ev == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    ev_t *e = &s->ev[s->n];
    memset(e, 0, offsetof(ev_t, data));
    e->t = t;
    e->order = (unsigned)s->n++;
    e->op = op;
    e->len = (uint16_t)len;
    if (len)
        memcpy(e->data, p, len);
    return e;
}

void sched_add(sched_t *s, uint64_t t, ep_t from, ep_t to, uint8_t dscp, const uint8_t *p, size_t len)
{
    ev_t *e = sched_new(s, t, EV_UDP, p, len);
    e->from = from;
    e->to = to;
    e->dscp = dscp;
}

void sched_tcp_open(sched_t *s, uint64_t t, gen_tcp_t *c, ep_t client, ep_t server)
{
    ev_t *e = sched_new(s, t, EV_TCP_OPEN, NULL, 0);
    e->tcp = c;
    e->from = client;
    e->to = server;
}

void sched_tcp_send(sched_t *s, uint64_t t, gen_tcp_t *c, int from_client, const uint8_t *p, size_t len)
{
    ev_t *e = sched_new(s, t, EV_TCP_SEND, p, len);
    e->tcp = c;
    e->from_client = from_client;
}

void sched_tcp_fin(sched_t *s, uint64_t t, gen_tcp_t *c, int from_client)
{
    ev_t *e = sched_new(s, t, EV_TCP_FIN, NULL, 0);
    e->tcp = c;
    e->from_client = from_client;
}

static int ev_cmp(const void *a, const void *b)
{
    const ev_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

void sched_close(sched_t *s)
{
    uint64_t next_free = 0; /* after a TCP event: when its last frame was written */
    qsort(s->ev, s->n, sizeof(*s->ev), ev_cmp);
    for (size_t i = 0; i < s->n; i++) {
        const ev_t *e = &s->ev[i];
        if (s->t0 + e->t < next_free) {
            fprintf(stderr, "%s: event at %llu us overlaps the frames of a TCP event before it\n", s->path,
                    (unsigned long long)e->t);
            exit(1);
        }
        s->g.usec = s->t0 + e->t;
        s->g.tos = (uint8_t)(e->dscp << 2);
        switch (e->op) {
        case EV_UDP:
            gen_udp(&s->g, e->from.ip, e->from.port, e->to.ip, e->to.port, e->data, e->len);
            break;
        case EV_TCP_OPEN:
            gen_tcp_open_csum(&s->g, e->tcp, e->from.ip, e->from.port, e->to.ip, e->to.port);
            next_free = s->g.usec - 1000; /* each frame advanced the clock by 1 ms */
            break;
        case EV_TCP_SEND:
            gen_tcp_send(&s->g, e->tcp, e->from_client, e->data, e->len);
            next_free = s->g.usec - 1000;
            break;
        case EV_TCP_FIN:
            gen_tcp_fin(&s->g, e->tcp, e->from_client);
            break;
        }
    }
    s->g.tos = 0;
    gen_close(&s->g, s->path);
    free(s->ev);
}

int64_t jitter(gen_t *g)
{
    return (int64_t)(gen_rand(g) % 6001u) - 3000;
}

void token(gen_t *g, char *out, size_t n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i++)
        out[i] = b64[gen_rand(g) >> 26];
    out[n] = '\0';
}

/* ---- ICE agents and connectivity checks ------------------------------------ */

void agent_init(gen_t *g, agent_t *a, uint32_t ip, uint16_t port, const char *ufrag, const char *foundation,
                int controlling)
{
    a->ep.ip = ip;
    a->ep.port = port;
    a->ufrag = ufrag;
    a->foundation = foundation;
    a->controlling = controlling;
    gen_fill(g, a->tiebreak, sizeof(a->tiebreak));
    a->priority = 0;
    a->mux_session = NULL;
}

agent_t agent_on_port(const agent_t *a, uint16_t port)
{
    agent_t r = *a;
    r.ep.port = port;
    return r;
}

size_t ice_request(gen_t *g, uint8_t *p, const agent_t *from, const agent_t *to, ice_flavour_t f, uint8_t tid[12])
{
    char user[64];
    snprintf(user, sizeof(user), "%s:%s", to->ufrag, from->ufrag);
    if (f.teams)
        return stun_ice_request_teams(g, p, tid, user, from->controlling, from->tiebreak,
                                      from->priority ? from->priority : 0x6EFFFEFFu, from->mux_session);
    return stun_ice_request(g, p, tid, user, from->controlling, from->tiebreak, f.ms ? from->foundation : NULL,
                            f.stream);
}

size_t ice_response(gen_t *g, uint8_t *p, ice_flavour_t f, const uint8_t tid[12], uint32_t ip, uint16_t port)
{
    if (f.teams)
        return stun_ice_response_teams(g, p, tid, ip, port);
    return stun_ice_response(g, p, tid, ip, port);
}

void ice_check(sched_t *s, uint64_t t, uint64_t rtt, const agent_t *from, const agent_t *to, ice_flavour_t f,
               uint8_t dscp)
{
    uint8_t p[256], tid[12];
    sched_add(s, t, from->ep, to->ep, dscp, p, ice_request(&s->g, p, from, to, f, tid));
    sched_add(s, t + rtt, to->ep, from->ep, dscp, p, ice_response(&s->g, p, f, tid, from->ep.ip, from->ep.port));
}

void ice_checks(sched_t *s, uint64_t t, const agent_t *a, const agent_t *b, ice_flavour_t f, uint8_t dscp)
{
    ice_check(s, t, 30 * MS, a, b, f, dscp);
    ice_check(s, t + 31 * MS, 1 * MS, b, a, f, dscp);
}

/* ---- RTP / SRTP streams and their RTCP reports ----------------------------- */

void stream_init(gen_t *g, stream_t *st, ep_t from, ep_t to, uint8_t dscp, uint8_t pt, uint32_t ssrc, uint32_t clock)
{
    memset(st, 0, sizeof(*st));
    st->from = from;
    st->to = to;
    st->dscp = dscp;
    st->pt = pt;
    st->ssrc = ssrc;
    st->clock = clock;
    st->seq0 = 1000 + gen_rand(g) % 30000; /* no wrap within a capture */
    st->ts0 = gen_rand(g);
}

void stream_send(sched_t *s, const stream_t *st, uint64_t t, const uint8_t *p, size_t len)
{
    uint8_t f[MAX_PAYLOAD];
    if (len + 12 > MAX_PAYLOAD) {
        fprintf(stderr, "%s: %zu-byte packet too long\n", s->path, len);
        exit(1);
    }
    switch (st->framing) {
    case FRAME_MUX:
        sched_add(s, t, st->from, st->to, st->dscp, f, turn_mux_data(f, st->session, p, len));
        return;
    case FRAME_TCP_CHANNEL:
        sched_tcp_send(s, t, st->tcp, st->from_client, f, turn_channel_data(f, st->channel, p, len, 1));
        return;
    default:
        /* over UDP the padding may be omitted (RFC 5766 §11.5) */
        if (st->framing == FRAME_CHANNEL || st->channel)
            sched_add(s, t, st->from, st->to, st->dscp, f, turn_channel_data(f, st->channel, p, len, 0));
        else
            sched_add(s, t, st->from, st->to, st->dscp, p, len);
    }
}

void rtp_run(sched_t *s, stream_t *st, const pattern_t *pat, uint64_t start)
{
    uint8_t p[MAX_PAYLOAD];
    uint32_t sent = 0, octets = 0;
    int64_t jit = 0;
    size_t hdr = pat->ext ? 20 : 12;
    st->start = start;
    for (uint32_t slot = 0; st->n < pat->count; slot++) {
        uint32_t frame = slot / pat->per_frame, pos = slot % pat->per_frame;
        size_t len = pat->min + gen_rand(&s->g) % (pat->max - pat->min + 1);
        if (st->n >= MAX_RTP) {
            fprintf(stderr, "%s: more than %d packets in a stream\n", s->path, MAX_RTP);
            exit(1);
        }
        if (pos == 0)
            jit = jitter(&s->g);
        sent++;
        octets += (uint32_t)len;
        if ((int)slot == pat->lost_slot)
            continue;
        int marker = pat->audio ? slot == 0 : pos == pat->per_frame - 1;
        uint32_t ts = st->ts0 + frame * pat->ts_step;
        uint64_t t = (uint64_t)((int64_t)(start + frame * pat->interval + pos * 1200u) + jit);
        p[0] = pat->ext ? 0x90 : 0x80;
        p[1] = (uint8_t)(st->pt | (marker ? 0x80 : 0));
        put16(p + 2, (uint16_t)(st->seq0 + slot));
        put32(p + 4, ts);
        put32(p + 8, st->ssrc);
        if (pat->ext) {
            /* RFC 8285 one-byte header: 0xBEDE, length 1 word; element ID 1,
             * L 2 (3 bytes): abs-send-time, 6.18 fixed-point seconds */
            uint64_t abs = s->t0 + t;
            uint32_t ast = (uint32_t)((((abs / 1000000u) << 18) | (((abs % 1000000u) << 18) / 1000000u)) & 0xffffffu);
            put16(p + 12, 0xBEDE);
            put16(p + 14, 1);
            p[16] = 0x12;
            p[17] = (uint8_t)(ast >> 16);
            p[18] = (uint8_t)(ast >> 8);
            p[19] = (uint8_t)ast;
        }
        gen_fill(&s->g, p + hdr, len + pat->tag);
        st->t[st->n] = t;
        st->slot[st->n] = slot;
        st->ts[st->n] = ts;
        st->sent[st->n] = sent;
        st->octets[st->n] = octets;
        st->n++;
        stream_send(s, st, t, p, hdr + len + pat->tag);
    }
}

/* NTP timestamp of capture time t. */
static void ntp_time(const sched_t *s, uint64_t t, uint32_t *sec, uint32_t *frac)
{
    uint64_t abs = s->t0 + t;
    *sec = (uint32_t)(abs / 1000000u + 2208988800u);
    *frac = (uint32_t)(((abs % 1000000u) << 32) / 1000000u);
}

/* A report block (RFC 3550 §6.4.1) at b on y as its receiver sees it at t,
 * if anything of y has arrived by then: 24 bytes, else 0. */
static size_t report_block(stream_t *y, uint64_t t, uint8_t *b)
{
    unsigned m = 0;
    while (y && m < y->n && y->t[m] < t)
        m++;
    if (!m)
        return 0;
    uint32_t expected = y->slot[m - 1] + 1, lost = expected - m;
    uint32_t exp_int = expected - y->rep_expected, rec_int = m - y->rep_received;
    uint32_t fraction = exp_int > rec_int ? ((exp_int - rec_int) << 8) / exp_int : 0;
    uint32_t jit16 = 0; /* RFC 3550 §6.4.1 interarrival jitter, times 16 */
    for (unsigned i = 1; i < m; i++) {
        int64_t ta = (int64_t)(y->t[i] * y->clock / 1000000u), tb = (int64_t)(y->t[i - 1] * y->clock / 1000000u);
        int64_t d = (ta - tb) - (int64_t)(y->ts[i] - y->ts[i - 1]);
        if (d < 0)
            d = -d;
        jit16 = (uint32_t)((int64_t)jit16 + d - (((int64_t)jit16 + 8) >> 4));
    }
    y->rep_expected = expected;
    y->rep_received = m;
    put32(b, y->ssrc);
    put32(b + 4, (fraction << 24) | (lost & 0xffffffu));
    put32(b + 8, y->seq0 + y->slot[m - 1]);
    put32(b + 12, jit16 >> 4);
    put32(b + 16, y->sr_sent ? y->sr_mid : 0);
    put32(b + 20, y->sr_sent ? (uint32_t)((t - y->sr_t) * 65536u / 1000000u) : 0);
    return 24;
}

void rtcp_sr(sched_t *s, stream_t *x, stream_t *y, unsigned idx)
{
    uint8_t p[64];
    uint64_t t = x->t[idx] + 700;
    uint32_t sec, frac;
    size_t blk = report_block(y, t, p + 28), len = 28 + blk;
    ntp_time(s, t, &sec, &frac);
    p[0] = (uint8_t)(0x80 | (blk ? 1 : 0));
    p[1] = 200;
    put16(p + 2, (uint16_t)(len / 4 - 1));
    put32(p + 4, x->ssrc);
    put32(p + 8, sec);
    put32(p + 12, frac);
    put32(p + 16, x->ts0 + (uint32_t)((t - x->start) * x->clock / 1000000u));
    put32(p + 20, x->sent[idx]);
    put32(p + 24, x->octets[idx]);
    x->sr_sent = 1;
    x->sr_t = t;
    x->sr_mid = (sec << 16) | (frac >> 16);
    stream_send(s, x, t, p, len);
}

void rtcp_rr(sched_t *s, stream_t *x, stream_t *y, uint64_t t)
{
    uint8_t p[64];
    size_t len = 8 + report_block(y, t, p + 8);
    p[0] = (uint8_t)(0x80 | (len > 8 ? 1 : 0));
    p[1] = 201;
    put16(p + 2, (uint16_t)(len / 4 - 1));
    put32(p + 4, x->ssrc);
    stream_send(s, x, t, p, len);
}

void rtcp_run_rr(sched_t *s, stream_t *a, stream_t *b, stream_t *rx)
{
    unsigned ia = 25, ib = 25, ir = 25;
    for (;;) {
        int ha = ia <= a->n, hb = b && ib <= b->n, hr = rx && ir <= a->n;
        uint64_t ta = ha ? a->t[ia - 1] + 700 : UINT64_MAX, tb = hb ? b->t[ib - 1] + 700 : UINT64_MAX;
        uint64_t tr = hr ? a->t[ir - 1] + 5 * MS : UINT64_MAX;
        if (!ha && !hb && !hr)
            break;
        if (ha && ta <= tb && ta <= tr) {
            rtcp_sr(s, a, b, ia - 1);
            ia += 25;
        } else if (hb && tb <= tr) {
            rtcp_sr(s, b, a, ib - 1);
            ib += 25;
        } else {
            rtcp_rr(s, rx, a, tr);
            ir += 25;
        }
    }
}

void rtcp_run(sched_t *s, stream_t *a, stream_t *b)
{
    rtcp_run_rr(s, a, b, NULL);
}

pattern_t audio_pattern(unsigned count)
{
    pattern_t p = {count, 20 * MS, 1, 320, 60, 110, 4, 1, -1, 0};
    return p;
}

void audio_call(sched_t *s, stream_t *sa, stream_t *sb, const agent_t *a, const agent_t *b, uint32_t ssrc_a,
                uint32_t ssrc_b, uint8_t dscp, unsigned count, uint64_t ta, uint64_t tb)
{
    pattern_t pat = audio_pattern(count);
    stream_init(&s->g, sa, a->ep, b->ep, dscp, 104, ssrc_a, 16000);
    stream_init(&s->g, sb, b->ep, a->ep, dscp, 104, ssrc_b, 16000);
    rtp_run(s, sa, &pat, ta);
    rtp_run(s, sb, &pat, tb);
    rtcp_run(s, sa, sb);
}
