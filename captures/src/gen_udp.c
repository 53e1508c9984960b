/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype UDP: the SoM message builders (U1-U4 and any SoM message,
 * docs/protocol.md §2-§3, Ehlert & Petgang §5.2.1), the UDP probe and SoM
 * traffic captures udp_*.pcap, and the non-Skype UDP mix (also the benchmark
 * mix, gen_bench.c). Frame numbers: each scenario's comment, captures/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"

#define SN_PORT 41000

/* SoM: ID, function with random obfuscation bits when rnd is set. */
static void som(gen_t *g, uint8_t *p, uint16_t id, uint8_t func, int rnd)
{
    put16(p, id);
    p[2] = (uint8_t)(func | (rnd ? (gen_rand(g) >> 8) & 0x70 : 0));
}

/* U1: function 0x02, nonce C at bytes 7-10, random elsewhere. */
size_t u1(gen_t *g, uint8_t *p, uint16_t id, size_t len, uint32_t nonce_c)
{
    gen_fill(g, p, len);
    som(g, p, id, 0x02, 0);
    put32(p + 7, nonce_c);
    return len;
}

/* U2: 11 bytes, byte 2 0x77 as in skype-irc.cap frame 215. */
static size_t u2(uint8_t *p, uint16_t id, uint32_t public_ip, uint32_t nonce_s, size_t len)
{
    uint8_t full[11];
    put16(full, id);
    full[2] = 0x77;
    put32(full + 3, public_ip);
    put32(full + 7, nonce_s);
    memcpy(p, full, len < 11 ? len : 11);
    return len;
}

/* U3: function 0x03, byte 3 0x01, nonce S, SN address, nonce C. */
static size_t u3(gen_t *g, uint8_t *p, uint16_t id, uint32_t nonce_s, uint32_t sn_ip, uint32_t nonce_c, size_t len)
{
    uint8_t full[64];
    gen_fill(g, full, sizeof(full));
    som(g, full, id, 0x03, 0);
    full[3] = 0x01;
    put32(full + 4, nonce_s);
    put32(full + 8, sn_ip);
    put32(full + 12, nonce_c);
    memcpy(p, full, len);
    return len;
}

/* U4 / any reply: function 0x02, new random ID. */
size_t u4(gen_t *g, uint8_t *p, size_t len)
{
    gen_fill(g, p, len);
    p[2] = 0x02;
    return len;
}

/* Any SoM message of len bytes with random body. */
size_t msg(gen_t *g, uint8_t *p, uint16_t id, uint8_t func, size_t len)
{
    gen_fill(g, p, len);
    som(g, p, id, func, 1);
    return len;
}

/* Client c:cport probes three SNs in a burst: U1 (18 bytes, random nonce C)
 * to sn0 + i, port port0 + step * i, ID id0 + 2i (the ID chain confirms the
 * client at the third); then, unless reply is NULL, after wait microseconds
 * the SNs answer with a U4 of reply[i] bytes. */
static void probe_burst(gen_t *g, uint8_t *p, uint32_t c, uint16_t cport, uint32_t sn0, uint16_t port0,
                        uint16_t step, uint16_t id0, uint64_t wait, const size_t reply[3])
{
    for (unsigned i = 0; i < 3; i++)
        gen_udp(g, c, cport, sn0 + i, (uint16_t)(port0 + step * i), p,
                u1(g, p, (uint16_t)(id0 + 2 * i), 18, gen_rand(g)));
    if (!reply)
        return;
    gen_wait(g, wait);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(g, sn0 + i, (uint16_t)(port0 + step * i), c, cport, p, u4(g, p, reply[i]));
}

/*
 * udp_probe_full_positive.pcap: client 10.0.0.2:40001 behind NAT 203.0.113.7,
 * SN 198.51.100.10:40500.
 *   1 U1 (18, ID 0x1000, nonce C 0x11223344)  2 U2 (public 203.0.113.7, nonce S 0x55667788)
 *   3 U3 (23)  4 U4 (18: positive)
 *   5 keep-alive 0x1002 -> 6 its 26-byte reply echoing 0x1002 (not a probe)
 *   7 data 0x0d ID 0x1004 -> 8 data reply echoing 0x1004
 */
void scenario_full_positive(void)
{
    const char *path = gen_out_path("udp_probe_full_positive.pcap");
    uint32_t c = IP4(10, 0, 0, 2), sn = IP4(198, 51, 100, 10);
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 1);
    gen_udp(&g, c, 40001, sn, 40500, p, u1(&g, p, 0x1000, 18, 0x11223344));
    gen_udp(&g, sn, 40500, c, 40001, p, u2(p, 0x1000, IP4(203, 0, 113, 7), 0x55667788, 11));
    gen_udp(&g, c, 40001, sn, 40500, p, u3(&g, p, 0x1000, 0x55667788, sn, 0x11223344, 23));
    gen_udp(&g, sn, 40500, c, 40001, p, u4(&g, p, 18));
    gen_wait(&g, 500000);
    gen_udp(&g, c, 40001, sn, 40500, p, msg(&g, p, 0x1002, 0x02, 18));
    gen_udp(&g, sn, 40500, c, 40001, p, msg(&g, p, 0x1002, 0x02, 26));
    gen_udp(&g, c, 40001, sn, 40500, p, msg(&g, p, 0x1004, 0x0d, 40));
    gen_udp(&g, sn, 40500, c, 40001, p, msg(&g, p, 0x1004, 0x0d, 44));
    gen_close(&g, path);
}

/*
 * udp_probe_partial.pcap: client 10.0.0.3:40002 probes three SNs in a burst
 * (IDs 0x2000, 0x2002, 0x2004: the ID chain confirms the client at frame 3),
 * then the SNs answer: 4 from .21 18 bytes (positive), 5 from .22 51 bytes,
 * 6 from .23 53 bytes (negative).
 */
void scenario_partial(void)
{
    const char *path = gen_out_path("udp_probe_partial.pcap");
    uint32_t c = IP4(10, 0, 0, 3);
    static const size_t reply[3] = {18, 51, 53};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 2);
    probe_burst(&g, p, c, 40002, IP4(198, 51, 100, 21), SN_PORT, 1, 0x2000, 80000, reply);
    gen_close(&g, path);
}

/*
 * udp_probe_bootstrap.pcap: client 10.0.0.4:40003 probes bootstrap SNs
 * 192.0.2.41-43 on UDP 33033 (IDs 0x3000-0x3004), which all refuse:
 * 4: 53 bytes, 5: 51 bytes, 6: 53 bytes.
 */
void scenario_bootstrap(void)
{
    const char *path = gen_out_path("udp_probe_bootstrap.pcap");
    uint32_t c = IP4(10, 0, 0, 4);
    static const size_t reply[3] = {53, 51, 53};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 3);
    probe_burst(&g, p, c, 40003, IP4(192, 0, 2, 41), 33033, 0, 0x3000, 60000, reply);
    gen_close(&g, path);
}

/*
 * udp_probe_v20.pcap: Skype 2.0 sizes (U1 varies). Client 10.0.0.5:40004.
 *   1 U1 (26) 2 U2 3 U3 (31) 4 U4 (51, negative): full probe, confirms at 3
 *   5 U1 (22) to another SN 6 U4 (18, positive): partial probe
 */
void scenario_v20(void)
{
    const char *path = gen_out_path("udp_probe_v20.pcap");
    uint32_t c = IP4(10, 0, 0, 5), sn1 = IP4(198, 51, 100, 51), sn2 = IP4(198, 51, 100, 52);
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 4);
    gen_udp(&g, c, 40004, sn1, 50000, p, u1(&g, p, 0x7a10, 26, 0xc0ffee01));
    gen_udp(&g, sn1, 50000, c, 40004, p, u2(p, 0x7a10, IP4(203, 0, 113, 8), 0xbadc0de5, 11));
    gen_udp(&g, c, 40004, sn1, 50000, p, u3(&g, p, 0x7a10, 0xbadc0de5, sn1, 0xc0ffee01, 31));
    gen_udp(&g, sn1, 50000, c, 40004, p, u4(&g, p, 51));
    gen_udp(&g, c, 40004, sn2, 50001, p, u1(&g, p, 0x7a12, 22, 0x01020304));
    gen_udp(&g, sn2, 50001, c, 40004, p, u4(&g, p, 18));
    gen_close(&g, path);
}

/*
 * udp_som_malformed.pcap: client 10.0.0.6:40005, confirmed by the ID chain
 * of frames 1-3 (no answers), then broken probes:
 *   4 U1 -> 198.51.100.61   5 U2 of 8 bytes (truncated)
 *   6 U1 -> 198.51.100.62   7 U2   8 U3 of 12 bytes (truncated)
 *   9 U1 -> 198.51.100.63  10 U2  11 U3 echoing wrong nonces  12 U4 (51)
 *  13 2-byte datagram  14 1-byte datagram (truncated SoM)
 */
void scenario_malformed(void)
{
    const char *path = gen_out_path("udp_som_malformed.pcap");
    uint32_t c = IP4(10, 0, 0, 6);
    uint32_t sn[3] = {IP4(198, 51, 100, 61), IP4(198, 51, 100, 62), IP4(198, 51, 100, 63)};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 5);
    probe_burst(&g, p, c, 40005, IP4(192, 0, 2, 61), 33033, 0, 0x4000, 0, NULL);
    gen_udp(&g, c, 40005, sn[0], 42000, p, u1(&g, p, 0x4006, 18, 0xaaaa0001));
    gen_udp(&g, sn[0], 42000, c, 40005, p, u2(p, 0x4006, IP4(203, 0, 113, 9), 0xbbbb0001, 8));
    gen_udp(&g, c, 40005, sn[1], 42001, p, u1(&g, p, 0x4008, 18, 0xaaaa0002));
    gen_udp(&g, sn[1], 42001, c, 40005, p, u2(p, 0x4008, IP4(203, 0, 113, 9), 0xbbbb0002, 11));
    gen_udp(&g, c, 40005, sn[1], 42001, p, u3(&g, p, 0x4008, 0xbbbb0002, sn[1], 0xaaaa0002, 12));
    gen_udp(&g, c, 40005, sn[2], 42002, p, u1(&g, p, 0x400a, 18, 0xaaaa0003));
    gen_udp(&g, sn[2], 42002, c, 40005, p, u2(p, 0x400a, IP4(203, 0, 113, 9), 0xbbbb0003, 11));
    gen_udp(&g, c, 40005, sn[2], 42002, p, u3(&g, p, 0x400a, 0xdeadbeef, sn[2], 0xfeedface, 23));
    gen_udp(&g, sn[2], 42002, c, 40005, p, u4(&g, p, 51));
    p[0] = 0x40;
    p[1] = 0x0c;
    gen_udp(&g, c, 40005, sn[0], 42000, p, 2);
    gen_udp(&g, c, 40005, sn[0], 42000, p, 1);
    gen_close(&g, path);
}

/*
 * udp_som_traffic.pcap: one client, 10.0.0.7:40006, and eight peers
 * 198.51.100.71-78 (port 43000+i). Per peer i = 0..7, four frames:
 *   client keep-alive (0x02, ID 0x5000 + 2i, random obfuscation bits)
 *   peer reply echoing that ID (0x02)
 *   peer data request (0x0d, the peer's own ID 0x9000 + i)
 *   client data reply echoing it (0x0d)
 * then peers 0-3 send a connection-management message (0x0f).
 * 36 frames: 16 with function 0x02, 16 with 0x0d, 4 with 0x0f.
 */
void scenario_traffic(void)
{
    const char *path = gen_out_path("udp_som_traffic.pcap");
    uint32_t c = IP4(10, 0, 0, 7);
    uint8_t p[256];
    gen_t g;

    gen_open(&g, path, 6);
    for (unsigned i = 0; i < 8; i++) {
        uint32_t peer = IP4(198, 51, 100, 71 + i);
        uint16_t port = (uint16_t)(43000 + i);
        gen_udp(&g, c, 40006, peer, port, p, msg(&g, p, (uint16_t)(0x5000 + 2 * i), 0x02, 18 + 4 * i));
        gen_udp(&g, peer, port, c, 40006, p, msg(&g, p, (uint16_t)(0x5000 + 2 * i), 0x02, 26));
        gen_udp(&g, peer, port, c, 40006, p, msg(&g, p, (uint16_t)(0x9000 + i), 0x0d, 60 + 10 * i));
        gen_udp(&g, c, 40006, peer, port, p, msg(&g, p, (uint16_t)(0x9000 + i), 0x0d, 30));
    }
    for (unsigned i = 0; i < 4; i++)
        gen_udp(&g, IP4(198, 51, 100, 71 + i), (uint16_t)(43000 + i), c, 40006, p,
                msg(&g, p, (uint16_t)(0x9100 + i), 0x0f, 20));
    gen_close(&g, path);
}

/* A positive full probe of client c:cport to SN sn:snport (4 UDP frames). */
void positive_probe(gen_t *g, uint32_t c, uint16_t cport, uint32_t sn, uint16_t snport, uint16_t id)
{
    uint8_t p[64];
    uint32_t nc = gen_rand(g), ns = gen_rand(g);
    gen_udp(g, c, cport, sn, snport, p, u1(g, p, id, 18, nc));
    gen_udp(g, sn, snport, c, cport, p, u2(p, id, IP4(203, 0, 113, 20), ns, 11));
    gen_udp(g, c, cport, sn, snport, p, u3(g, p, id, ns, sn, nc, 23));
    gen_udp(g, sn, snport, c, cport, p, u4(g, p, 18));
}

/* One frame of the non-Skype mix; k selects the kind, i counts within it. */
void nonskype_frame(gen_t *g, unsigned k, unsigned i)
{
    static const uint8_t example_org[4] = {192, 0, 2, 80};
    uint8_t p[256];
    size_t n;
    uint32_t h = IP4(10, 1, 0, 2);

    switch (k) {
    case 0: /* DNS query and answer: A www.example.org, 192.0.2.80 (TTL 3600) */
        n = gen_dns_msg(p, (uint16_t)(0x1234 + 7 * (i / 2)), "www.example.org", DNS_A, NULL, 0,
                        (i & 1) ? example_org : NULL, 3600);
        if (i & 1)
            gen_udp(g, IP4(10, 1, 0, 1), 53, h, (uint16_t)(53000 + i / 2 % 64), p, n);
        else
            gen_udp(g, h, (uint16_t)(53000 + i / 2 % 64), IP4(10, 1, 0, 1), 53, p, n);
        break;
    case 1: /* NTP v4 client / server */
        memset(p, 0, 48);
        p[0] = (i & 1) ? 0x24 : 0x23;
        gen_fill(g, p + 40, 8);
        gen_udp(g, (i & 1) ? IP4(10, 1, 0, 9) : h, 123, (i & 1) ? h : IP4(10, 1, 0, 9), 123, p, 48);
        break;
    case 2: /* RTP, PCMU, 20 ms */
        p[0] = 0x80;
        p[1] = 0x00;
        put16(p + 2, (uint16_t)(1000 + i));
        put32(p + 4, 160u * i);
        put32(p + 8, 0x5ca1ab1e);
        gen_fill(g, p + 12, 160);
        gen_udp(g, IP4(10, 1, 0, 3), 16384, IP4(10, 1, 0, 4), 16386, p, 172);
        break;
    case 3: /* classic STUN (RFC 3489) binding request / response */
        memset(p, 0, 28);
        put16(p, (i & 1) ? 0x0101 : 0x0001);
        put16(p + 2, 8);
        gen_fill(g, p + 4, 16);
        put16(p + 20, 0x0003);
        put16(p + 22, 4);
        gen_udp(g, (i & 1) ? IP4(10, 1, 0, 10) : h, (i & 1) ? 3478 : 40100,
                (i & 1) ? h : IP4(10, 1, 0, 10), (i & 1) ? 40100 : 3478, p, 28);
        break;
    case 4: /* random payloads, random sizes, one source to many destinations */
        n = 3 + gen_rand(g) % 200;
        gen_fill(g, p, n);
        gen_udp(g, IP4(10, 1, 0, 5), 41000, IP4(172, 16, (gen_rand(g) >> 8) & 0xff, gen_rand(g) & 0xff),
                (uint16_t)(1024 + gen_rand(g) % 60000), p, n);
        break;
    case 5: /* Linux traceroute: "@ABC..." to ports 33434+ (byte 2 & 0x8F = 0x02) */
        for (unsigned j = 0; j < 32; j++)
            p[j] = (uint8_t)(0x40 + j);
        gen_udp(g, IP4(10, 1, 0, 6), 45000, IP4(203, 0, 113, 50), (uint16_t)(33434 + i % 90), p, 32);
        break;
    case 6: /* a counter advancing by 2, byte 2 = 0x02, but one destination only */
        gen_fill(g, p, 24);
        put16(p, (uint16_t)(0x7000 + 2 * i));
        p[2] = 0x02;
        gen_udp(g, IP4(10, 1, 0, 7), 7000, IP4(10, 1, 0, 8), 7001, p, 24);
        break;
    default: /* DNSCrypt-like: constant 8-byte client magic with byte 2 = 0x02 */
        gen_fill(g, p, 120);
        memcpy(p, "\xd3\x1b\x02\x04\x2a\xc4\x06\xf3", 8);
        gen_udp(g, h, 46858, IP4(212, 47, 228, 136), 443, p, 120);
        break;
    }
}

/*
 * udp_nonskype_mix.pcap: 8 kinds x 25 frames of UDP that is not Skype
 * (DNS, NTP, RTP, classic STUN, random payloads, traceroute, a +2 counter to
 * a single destination, DNSCrypt-like); 200 frames, none may be tagged.
 */
void scenario_nonskype(void)
{
    const char *path = gen_out_path("udp_nonskype_mix.pcap");
    gen_t g;

    gen_open(&g, path, 7);
    for (unsigned i = 0; i < 25; i++)
        for (unsigned k = 0; k < 8; k++)
            nonskype_frame(&g, k, i);
    gen_close(&g, path);
}
