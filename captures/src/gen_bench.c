/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The benchmark captures of bench/ (docs/performance.md): non-Skype mixes,
 * a Skype-heavy capture and the state-bounds endpoints, written to a file
 * named on the command line (gen_captures --bench-...).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"

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
