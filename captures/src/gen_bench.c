/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark captures of bench/ (docs/performance.md): non-Skype mixes,
 * a Skype-heavy capture, the state-bounds endpoints and a Teams-heavy
 * capture (hundreds of direct calls, on gen_media.h's timeline), written to
 * a file named on the command line (gen_captures --bench-...).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"
#include "gen_media.h"

/* Benchmark capture: about n frames, half the UDP mix above, half TCP
 * connections (TLS on 443, HTTP on 80, other TCP). */
void bench_nonskype(unsigned long n, const char *path)
{
    gen_t g;
    unsigned long i = 0, conns = 0;

    gen_open(&g, path, 8);
    while (g.frames < n) {
        for (unsigned j = 0; j < 8 && g.frames < n; j++, i++)
            nonskype_frame(&g, (unsigned)(i % 8), (unsigned)(i / 8));
        if (g.frames < n)
            nonskype_tcp(&g, (unsigned)conns, (unsigned)conns), conns++;
    }
    gen_close(&g, path);
}

/* Benchmark capture: n frames of the UDP mix only. */
void bench_nonskype_udp(unsigned long n, const char *path)
{
    gen_t g;

    gen_open(&g, path, 8);
    for (unsigned long i = 0; i < n; i++)
        nonskype_frame(&g, (unsigned)(i % 8), (unsigned)(i / 8));
    gen_close(&g, path);
}

/*
 * Skype-heavy benchmark capture: `clients` clients each probe `sns` SNs (a
 * positive full probe U1-U4, then a request/reply with the request's ID and a
 * data message 0x0d either way: 10 UDP frames per client<->SN conversation),
 * round-robin so that all clients are active at once; after its first probe
 * each client also opens one TCP connection to that SN (SN handshake T1-T4,
 * two session messages, FIN both ways: 12 frames). Every client<->SN pair has
 * its own addresses, so there are clients * sns UDP conversations plus
 * `clients` TCP ones.
 *   clients 10.64.0.0/10 (10.64+(i>>16).x.y), ports 30000-49999;
 *   SNs 100.64.0.0/10, a distinct address per pair, port 40000 + pair % 20000.
 */
void bench_skype(unsigned long clients, unsigned long sns, const char *path)
{
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 9);
    for (unsigned long r = 0; r < sns; r++) {
        for (unsigned long i = 0; i < clients; i++) {
            unsigned long pair = i * sns + r;
            uint32_t c = IP4(10, 64 + ((i >> 16) & 63), (i >> 8) & 255, i & 255);
            uint16_t cport = (uint16_t)(30000 + i % 20000);
            uint32_t sn = IP4(100, 64 + ((pair >> 16) & 63), (pair >> 8) & 255, pair & 255);
            uint16_t snport = (uint16_t)(40000 + pair % 20000);
            uint16_t id = (uint16_t)(0x1000 + 8 * r + 0x40 * i);

            gen_wait(&g, 50);
            positive_probe(&g, c, cport, sn, snport, id);
            gen_udp(&g, c, cport, sn, snport, p, msg(&g, p, (uint16_t)(id + 2), 0x02, 30));
            gen_udp(&g, sn, snport, c, cport, p, msg(&g, p, (uint16_t)(id + 2), 0x02, 40));
            gen_udp(&g, c, cport, sn, snport, p, msg(&g, p, (uint16_t)(id + 4), 0x0d, 60));
            gen_udp(&g, sn, snport, c, cport, p, msg(&g, p, (uint16_t)(id + 6), 0x0d, 90));
            gen_udp(&g, c, cport, sn, snport, p, msg(&g, p, (uint16_t)(id + 6), 0x0d, 24));
            gen_udp(&g, sn, snport, c, cport, p, msg(&g, p, (uint16_t)(id + 4), 0x0d, 24));
            if (r == 0) {
                gen_tcp_t t;
                gen_tcp_open(&g, &t, c, (uint16_t)(1024 + i % 30000), sn, snport);
                sn_exchange(&g, &t);
                gen_tcp_fin(&g, &t, 1);
                gen_tcp_fin(&g, &t, 0);
            }
        }
    }
    gen_close(&g, path);
}

/*
 * State-bounds capture: n distinct UDP endpoints (10.0.0.0/8 addresses, port
 * 20000 + i % 40000) that look like Skype clients. chains = 0: one 18-byte
 * SoM request (function 0x02) each, to one of 256 destinations: candidates
 * that never confirm. chains = 1: three requests each, IDs advancing by 2, to
 * three different destinations: every endpoint confirms by the ID chain
 * (3 n frames), far more than SKYPE_MAX_CLIENTS.
 */
void bench_endpoints(unsigned long n, int chains, const char *path)
{
    uint8_t p[64];
    gen_t g;

    gen_open(&g, path, 10);
    for (unsigned long i = 0; i < n; i++) {
        uint32_t c = IP4(10, (i >> 16) & 255, (i >> 8) & 255, i & 255);
        uint16_t cport = (uint16_t)(20000 + i % 40000);
        uint16_t id = (uint16_t)(gen_rand(&g) & 0xfffe);
        for (unsigned k = 0; k < (chains ? 3u : 1u); k++) {
            uint32_t dst = IP4(198, 18, (unsigned)((i + k) >> 8) & 1, (unsigned)(i + k) & 255);
            gen_wait(&g, 20);
            gen_udp(&g, c, cport, dst, 33033, p, msg(&g, p, (uint16_t)(id + 2 * k), 0x02, 18));
        }
    }
    gen_close(&g, path);
}

/* ---- Teams-heavy capture ------------------------------------------------- */

/* Write the timeline's events before `before` (UDP datagrams only) in time
 * order, ties in insertion order as sched_close does, and drop them from the
 * timeline: a long capture then never holds more than the calls in flight.
 * The events left keep their insertion order (renumbered from 0), so that
 * later ones still sort after them on equal times. */
typedef struct ev_key {
    uint64_t t;
    size_t i; /* index in the timeline = insertion order */
} ev_key_t;

static int ev_key_cmp(const void *a, const void *b)
{
    const ev_key_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->i < y->i ? -1 : (x->i > y->i);
}

static void sched_flush_before(sched_t *s, uint64_t before)
{
    ev_key_t *k = malloc((s->n ? s->n : 1) * sizeof(*k));
    size_t nk = 0, kept = 0;
    if (k == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    for (size_t i = 0; i < s->n; i++)
        if (s->ev[i].t < before)
            k[nk++] = (ev_key_t){s->ev[i].t, i};
    qsort(k, nk, sizeof(*k), ev_key_cmp);
    for (size_t j = 0; j < nk; j++) {
        const ev_t *e = &s->ev[k[j].i];
        if (e->op != EV_UDP) {
            fprintf(stderr, "%s: only UDP events can be flushed\n", s->path);
            exit(1);
        }
        s->g.usec = s->t0 + e->t;
        s->g.tos = (uint8_t)(e->dscp << 2);
        gen_udp(&s->g, e->from.ip, e->from.port, e->to.ip, e->to.port, e->data, e->len);
    }
    free(k);
    s->g.tos = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->ev[i].t < before)
            continue;
        if (kept != i)
            memcpy(&s->ev[kept], &s->ev[i], offsetof(ev_t, data) + s->ev[i].len);
        s->ev[kept].order = (unsigned)kept;
        kept++;
    }
    s->n = kept;
}

/* One Teams media line of a benchmark call: a's and b's Microsoft-attribute
 * checks (ICE_TEAMS, as gen_teams.c's media_line) at t, a's RTP from tm and
 * b's from tm + 10 ms, both with pattern pat, and the SRs of both on the
 * 5-tuple. */
static void bench_media_line(sched_t *s, uint64_t t, uint64_t tm, const agent_t *a, const agent_t *b, uint8_t dscp,
                             uint8_t pt, uint32_t clock, const pattern_t *pat, uint32_t ssrc)
{
    stream_t sa, sb;
    ice_checks(s, t, a, b, ICE_TEAMS, dscp);
    stream_init(&s->g, &sa, a->ep, b->ep, dscp, pt, ssrc, clock);
    stream_init(&s->g, &sb, b->ep, a->ep, dscp, pt, ssrc + 1, clock);
    rtp_run(s, &sa, pat, tm);
    rtp_run(s, &sb, pat, tm + 10 * MS);
    rtcp_run(s, &sa, &sb);
}

/*
 * Teams-heavy benchmark capture (bench/teams_heavy_instr.sh): `calls` direct
 * (peer-to-peer) Teams calls, call i starting at i x 50 ms, so that about 64
 * are in flight at once. Each is between a client host of its own, 10.64.0.0/10
 * (10.64+(n>>16).x.y, n = i + 1), and a remote Teams client of its own,
 * 100.64.0.0/10 the same way; both on Microsoft's default media ports
 * (audio 50000-50019, video 50020-50039): the client's audio port 50000 +
 * i % 20, the peer's 50000 + (i + 10) % 20, video 20 above. Per call, as
 * gen_teams.c's direct calls (media_line): Teams checks (ICE_TEAMS, the
 * client controlling, ufrags of 4 random characters) at 0, then two-way SILK
 * audio (PT 104, 16 kHz, every 20 ms, 0xBEDE abs-send-time extension, SRTP
 * tag, DSCP 46) from 100 ms, the peer's 10 ms after; every 4th call (i % 4
 * == 0) also video on its own 5-tuple: checks at 200 us, two-way X-H264UC
 * (PT 122, 90 kHz, 30 frames/s of 4 packets 1.2 ms apart, marker on the
 * last, DSCP 34) from 120 ms. Every stream has MAX_RTP packets (gen_media.h)
 * and SRs (with a report block on the other direction) after every 25th
 * packet of each direction, on the same 5-tuple (RTCP multiplexed, RFC
 * 5761). SSRCs 0x10000000 + 4 i (client audio), + 1 (peer audio), + 2, + 3
 * (video). Frames in time order; the same bytes on every run (seed 11).
 */
void bench_teams(unsigned long calls, const char *path)
{
    sched_t s;
    pattern_t audio = audio_pattern(MAX_RTP);
    pattern_t video = {MAX_RTP, 33333, 4, 3000, 800, 1100, 4, 0, -1, 1};

    audio.ext = 1;
    /* sched_open, on a path rather than a name in the output folder */
    snprintf(s.path, sizeof(s.path), "%s", path);
    gen_open(&s.g, s.path, 11);
    s.t0 = s.g.usec;
    s.ev = NULL;
    s.n = s.cap = 0;
    for (unsigned long i = 0; i < calls; i++) {
        unsigned long n = i + 1;
        uint64_t t = i * 50 * MS;
        uint32_t c = IP4(10, 64 + ((n >> 16) & 63), (n >> 8) & 255, n & 255);
        uint32_t p = IP4(100, 64 + ((n >> 16) & 63), (n >> 8) & 255, n & 255);
        uint16_t cport = (uint16_t)(50000 + i % 20), pport = (uint16_t)(50000 + (i + 10) % 20);
        uint32_t ssrc = (uint32_t)(0x10000000u + 4 * i);
        char uf[4][5];
        agent_t ca, pa, cv, pv;

        /* a new call's first event is its first check at t: what is
         * before t is final */
        if (i % 16 == 0)
            sched_flush_before(&s, t);
        for (unsigned k = 0; k < 4; k++)
            token(&s.g, uf[k], 4);
        agent_init(&s.g, &ca, c, cport, uf[0], "1", 1);
        agent_init(&s.g, &pa, p, pport, uf[1], "2", 0);
        ca.priority = 0x6EFFFEFFu; /* gen_teams.c's PRIO_LOCAL and PRIO_REMOTE */
        pa.priority = 0x6EFFFDFEu;
        bench_media_line(&s, t, t + 100 * MS, &ca, &pa, DSCP_EF, 104, 16000, &audio, ssrc);
        if (i % 4 == 0) {
            agent_init(&s.g, &cv, c, (uint16_t)(cport + 20), uf[2], "1", 1);
            agent_init(&s.g, &pv, p, (uint16_t)(pport + 20), uf[3], "2", 0);
            cv.priority = 0x6EFFFEFFu;
            pv.priority = 0x6EFFFDFEu;
            bench_media_line(&s, t + 200, t + 120 * MS, &cv, &pv, DSCP_AF41, 122, 90000, &video, ssrc + 2);
        }
    }
    sched_close(&s);
}
