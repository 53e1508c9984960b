/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generates the project's own captures, the .pcap files in captures/, from the scenarios
 * below, byte for byte the same on every run: fixed addresses, timestamps and
 * PRNG seeds. Message layouts follow SPEC §2-§3 (Ehlert & Petgang §5.2.1).
 *
 *   gen_captures OUTDIR                 every scenario capture into OUTDIR
 *   gen_captures --bench-nonskype N F   about N frames of non-Skype UDP and TCP into F
 *   gen_captures --bench-nonskype-udp N F   N frames of the non-Skype UDP mix into F
 *   gen_captures --bench-skype C S F   C clients x S SNs of Skype UDP (+ C TCP connections) into F
 *   gen_captures --bench-endpoints N requests|chains F   N distinct would-be Skype endpoints into F
 *
 * The frame numbers that the tests assert on are given in each scenario's
 * comment (1-based, as Wireshark counts). The modern call captures
 * (call_*.pcap) come from gen_calls.c, the name-evidence captures
 * (names_*.pcap) from gen_names.c; their frames are listed in README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapgen.h"

#define SN_PORT 41000

static char outdir[1024];

static const char *out_path(const char *name)
{
    static char path[1200];
    snprintf(path, sizeof(path), "%s/%s", outdir, name);
    return path;
}

#define put16 gen_put16
#define put32 gen_put32

static uint16_t skype_be16_gen(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

/* SoM: ID, function with random obfuscation bits when rnd is set. */
static void som(gen_t *g, uint8_t *p, uint16_t id, uint8_t func, int rnd)
{
    put16(p, id);
    p[2] = (uint8_t)(func | (rnd ? (gen_rand(g) >> 8) & 0x70 : 0));
}

/* U1: function 0x02, nonce C at bytes 7-10, random elsewhere. */
static size_t u1(gen_t *g, uint8_t *p, uint16_t id, size_t len, uint32_t nonce_c)
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
static size_t u4(gen_t *g, uint8_t *p, size_t len)
{
    gen_fill(g, p, len);
    p[2] = 0x02;
    return len;
}

/* Any SoM message of len bytes with random body. */
static size_t msg(gen_t *g, uint8_t *p, uint16_t id, uint8_t func, size_t len)
{
    gen_fill(g, p, len);
    som(g, p, id, func, 1);
    return len;
}

/*
 * udp_probe_full_positive.pcap: client 10.0.0.2:40001 behind NAT 203.0.113.7,
 * SN 198.51.100.10:40500.
 *   1 U1 (18, ID 0x1000, nonce C 0x11223344)  2 U2 (public 203.0.113.7, nonce S 0x55667788)
 *   3 U3 (23)  4 U4 (18: positive)
 *   5 keep-alive 0x1002 -> 6 its 26-byte reply echoing 0x1002 (not a probe)
 *   7 data 0x0d ID 0x1004 -> 8 data reply echoing 0x1004
 */
static void scenario_full_positive(void)
{
    const char *path = out_path("udp_probe_full_positive.pcap");
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
static void scenario_partial(void)
{
    const char *path = out_path("udp_probe_partial.pcap");
    uint32_t c = IP4(10, 0, 0, 3);
    static const size_t reply[3] = {18, 51, 53};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 2);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, c, 40002, IP4(198, 51, 100, 21 + i), (uint16_t)(SN_PORT + i), p,
                u1(&g, p, (uint16_t)(0x2000 + 2 * i), 18, gen_rand(&g)));
    gen_wait(&g, 80000);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, IP4(198, 51, 100, 21 + i), (uint16_t)(SN_PORT + i), c, 40002, p, u4(&g, p, reply[i]));
    gen_close(&g, path);
}

/*
 * udp_probe_bootstrap.pcap: client 10.0.0.4:40003 probes bootstrap SNs
 * 192.0.2.41-43 on UDP 33033 (IDs 0x3000-0x3004), which all refuse:
 * 4: 53 bytes, 5: 51 bytes, 6: 53 bytes.
 */
static void scenario_bootstrap(void)
{
    const char *path = out_path("udp_probe_bootstrap.pcap");
    uint32_t c = IP4(10, 0, 0, 4);
    static const size_t reply[3] = {53, 51, 53};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 3);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, c, 40003, IP4(192, 0, 2, 41 + i), 33033, p,
                u1(&g, p, (uint16_t)(0x3000 + 2 * i), 18, gen_rand(&g)));
    gen_wait(&g, 60000);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, IP4(192, 0, 2, 41 + i), 33033, c, 40003, p, u4(&g, p, reply[i]));
    gen_close(&g, path);
}

/*
 * udp_probe_v20.pcap: Skype 2.0 sizes (U1 varies). Client 10.0.0.5:40004.
 *   1 U1 (26) 2 U2 3 U3 (31) 4 U4 (51, negative): full probe, confirms at 3
 *   5 U1 (22) to another SN 6 U4 (18, positive): partial probe
 */
static void scenario_v20(void)
{
    const char *path = out_path("udp_probe_v20.pcap");
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
static void scenario_malformed(void)
{
    const char *path = out_path("udp_som_malformed.pcap");
    uint32_t c = IP4(10, 0, 0, 6);
    uint32_t sn[3] = {IP4(198, 51, 100, 61), IP4(198, 51, 100, 62), IP4(198, 51, 100, 63)};
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 5);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, c, 40005, IP4(192, 0, 2, 61 + i), 33033, p,
                u1(&g, p, (uint16_t)(0x4000 + 2 * i), 18, gen_rand(&g)));
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
static void scenario_traffic(void)
{
    const char *path = out_path("udp_som_traffic.pcap");
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
static void positive_probe(gen_t *g, uint32_t c, uint16_t cport, uint32_t sn, uint16_t snport, uint16_t id)
{
    uint8_t p[64];
    uint32_t nc = gen_rand(g), ns = gen_rand(g);
    gen_udp(g, c, cport, sn, snport, p, u1(g, p, id, 18, nc));
    gen_udp(g, sn, snport, c, cport, p, u2(p, id, IP4(203, 0, 113, 20), ns, 11));
    gen_udp(g, c, cport, sn, snport, p, u3(g, p, id, ns, sn, nc, 23));
    gen_udp(g, sn, snport, c, cport, p, u4(g, p, 18));
}

/* Send n random bytes on a TCP connection. */
static void tcp_rand(gen_t *g, gen_tcp_t *t, int from_client, size_t n)
{
    uint8_t p[1500];
    gen_fill(g, p, n);
    gen_tcp_send(g, t, from_client, p, n);
}

/* An accepted v1.4 SN handshake and two session messages on t: T1 (14), its
 * reply (73), T2 (25), T3 (587: accepted), T4 (16), session (13, 48). */
static void sn_exchange(gen_t *g, gen_tcp_t *t)
{
    tcp_rand(g, t, 1, 14);
    tcp_rand(g, t, 0, 73);
    tcp_rand(g, t, 1, 25);
    tcp_rand(g, t, 0, 587);
    tcp_rand(g, t, 1, 16);
    tcp_rand(g, t, 1, 13);
    tcp_rand(g, t, 0, 48);
}

/*
 * tcp_sn_handshake.pcap: positive probe (1-4) of 10.0.0.20:40020 to SN
 * 198.51.100.80:41080, then TCP from 10.0.0.20:1030 to that SN ip:port:
 *   5-7 SYN, SYN/ACK, ACK   8 T1 (14)   9 reply (73)   10 T2 (25)
 *  11 T3 (587: accepted)   12 T4 (16)   13-14 session (13, 48)
 *  15 FIN (client)   16 FIN (SN)   17 ACK
 */
static void scenario_sn_handshake(void)
{
    const char *path = out_path("tcp_sn_handshake.pcap");
    uint32_t c = IP4(10, 0, 0, 20), sn = IP4(198, 51, 100, 80);
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 20);
    positive_probe(&g, c, 40020, sn, 41080, 0x6000);
    gen_wait(&g, 100000);
    gen_tcp_open(&g, &t, c, 1030, sn, 41080);
    sn_exchange(&g, &t);
    gen_wait(&g, 2000000);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_send(&g, &t, 1, NULL, 0);
    gen_close(&g, path);
}

/*
 * tcp_sn_refused_v20.pcap: two SN connections of client 10.0.0.21.
 *   1-4   positive probe to 198.51.100.81:41081
 *   5-7   TCP handshake   8 T1 (14)  9 reply (40)  10 T2 (23)  11 T3 (339: refused)
 *  12 FIN (SN)  13 FIN (client)
 *  14-17 positive probe to 198.51.100.82:41082
 *  18-20 TCP handshake  21 T1 (v2.0: 20 bytes)  22 reply (50)  23 extra v2.0 message (31)
 *  24 T2 (27)  25 T3 (400: accepted)  26 T4 (17)  27 session (40)
 */
static void scenario_sn_refused_v20(void)
{
    const char *path = out_path("tcp_sn_refused_v20.pcap");
    uint32_t c = IP4(10, 0, 0, 21), sn1 = IP4(198, 51, 100, 81), sn2 = IP4(198, 51, 100, 82);
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 21);
    positive_probe(&g, c, 40021, sn1, 41081, 0x6100);
    gen_tcp_open(&g, &t, c, 1031, sn1, 41081);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 0, 40);
    tcp_rand(&g, &t, 1, 23);
    tcp_rand(&g, &t, 0, 339);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_fin(&g, &t, 1);
    positive_probe(&g, c, 40021, sn2, 41082, 0x6102);
    gen_tcp_open(&g, &t, c, 1032, sn2, 41082);
    tcp_rand(&g, &t, 1, 20);
    tcp_rand(&g, &t, 0, 50);
    tcp_rand(&g, &t, 1, 31);
    tcp_rand(&g, &t, 1, 27);
    tcp_rand(&g, &t, 0, 400);
    tcp_rand(&g, &t, 1, 17);
    tcp_rand(&g, &t, 1, 40);
    gen_close(&g, path);
}

static const uint8_t L1_BYTES[5] = {0x16, 0x03, 0x01, 0x00, 0x00};
static const uint8_t L2_BYTES[5] = {0x17, 0x03, 0x01, 0x00, 0x00};
static const uint8_t L3_PREFIX[15] = {0x16, 0x03, 0x01, 0x00, 0xcd, 0x41, 0x03, 0x00,
                                      0x09, 0x80, 0x40, 0x04, 0x08, 0xc0, 0x01};
static const uint8_t L3_MARK[7] = {0x00, 0x0c, 0x01, 0x17, 0x03, 0x01, 0x00};

/* Random bytes starting with 17 03 01 00 (L4 and later server records). */
static void tcp_record17(gen_t *g, gen_tcp_t *t, int from_client, size_t n)
{
    uint8_t p[1500];
    gen_fill(g, p, n);
    memcpy(p, L2_BYTES, 4);
    gen_tcp_send(g, t, from_client, p, n);
}

/*
 * tcp_login.pcap: client 10.0.0.22:1033 and login server 192.0.2.141:33033,
 * a failed login (wrong password) followed by more exchanges:
 *   1-3 TCP handshake  4 L1  5 L2  6 L3 (451 bytes, marker at 207)  7 L4 (232)
 *   8 client (18)  9 server (67)  10 client (40)  11 server (30)
 *  12 FIN (client)  13 FIN (server)
 */
static void scenario_login(void)
{
    const char *path = out_path("tcp_login.pcap");
    uint8_t p[512];
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 22);
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 22), 1033, IP4(192, 0, 2, 141), 33033);
    gen_tcp_send(&g, &t, 1, L1_BYTES, 5);
    gen_tcp_send(&g, &t, 0, L2_BYTES, 5);
    gen_fill(&g, p, 451);
    memcpy(p, L3_PREFIX, sizeof(L3_PREFIX));
    memcpy(p + 207, L3_MARK, sizeof(L3_MARK));
    gen_tcp_send(&g, &t, 1, p, 451);
    tcp_record17(&g, &t, 0, 232);
    tcp_record17(&g, &t, 1, 18);
    tcp_record17(&g, &t, 0, 67);
    tcp_record17(&g, &t, 1, 40);
    tcp_record17(&g, &t, 0, 30);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_close(&g, path);
}

static const uint8_t R1_PREFIX[56] = {
    0x80, 0x46, 0x01, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x05, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x64, 0x00, 0x00, 0x62, 0x00, 0x00, 0x08,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x06, 0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x03, 0x00, 0x80, 0x06,
    0x00, 0x40, 0x02, 0x00, 0x80, 0x04, 0x00, 0x80};
static const uint8_t R2_PREFIX[79] = {
    0x16, 0x03, 0x01, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x01, 0x40, 0x1b, 0xe4, 0x86, 0x02,
    0xad, 0xe0, 0x29, 0xe1, 0x77, 0x74, 0xe5, 0x44, 0xb9, 0xc9, 0x9c, 0xb4, 0x31, 0x31, 0x5e, 0x02,
    0xdd, 0x77, 0x9d, 0x15, 0x4a, 0x96, 0x09, 0xba, 0x5d, 0xa8, 0x70, 0x20, 0x1c, 0xa0, 0xe4, 0xf6,
    0x4c, 0x63, 0x51, 0xae, 0x2f, 0x8e, 0x4e, 0xe1, 0xe6, 0x76, 0x6a, 0x0a, 0x88, 0xd5, 0xd8, 0xc5,
    0x5c, 0xae, 0x98, 0xc5, 0xe4, 0x81, 0xf2, 0x2a, 0x69, 0xbf, 0x90, 0x58, 0x00, 0x05, 0x00};

/*
 * tcp_restricted_443.pcap: client 10.0.0.23:1034 to SN 198.51.100.83:443.
 *   1-3 TCP handshake  4 R1 (72, challenge = 00 01 .. 0f)  5 R2 (93)  6 R3 (14)
 *   7 T2 (25)  8 T3 (300: accepted)  9 T4 (16)  10 session (60)  11 RST (SN)
 */
static void scenario_r443(void)
{
    const char *path = out_path("tcp_restricted_443.pcap");
    uint8_t p[128];
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 23);
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 23), 1034, IP4(198, 51, 100, 83), 443);
    memcpy(p, R1_PREFIX, 56);
    for (unsigned i = 0; i < 16; i++)
        p[56 + i] = (uint8_t)i;
    gen_tcp_send(&g, &t, 1, p, 72);
    gen_fill(&g, p, 93);
    memcpy(p, R2_PREFIX, 79);
    gen_tcp_send(&g, &t, 0, p, 93);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 1, 25);
    tcp_rand(&g, &t, 0, 300);
    tcp_rand(&g, &t, 1, 16);
    tcp_rand(&g, &t, 0, 60);
    gen_tcp_rst(&g, &t, 0);
    gen_close(&g, path);
}

/* R1 for port 80: random bytes whose high nibbles repeat as the paper says. */
static void r1_80(gen_t *g, uint8_t *p, size_t len)
{
    gen_fill(g, p, len);
    p[0] = 0x0e; /* not an upper-case letter: not an HTTP method */
    if (len == 16) {
        p[14] = (uint8_t)((p[4] & 0xf0) | (p[14] & 0x0f));
        p[15] = (uint8_t)((p[5] & 0xf0) | (p[15] & 0x0f));
        return;
    }
    for (size_t i = 0; i < 9 && 15 + i < len; i++)
        p[15 + i] = (uint8_t)((p[5 + i] & 0xf0) | (p[15 + i] & 0x0f));
}

/*
 * tcp_restricted_80.pcap: port 80 restricted mode.
 *   1-3   ID chain of client 10.0.0.24:40024 (U1s to three hosts, +2 IDs)
 *   4-6   TCP 10.0.0.24:1035 -> 198.51.100.84:80   7 R1 (v1.4, 16 bytes)  8 R2 (50)
 *   9 R3 (14)  10 T2 (24)  11 T3 (200)  12 T4 (15)
 *  13-15  TCP 10.0.0.25:1036 -> 198.51.100.85:80 (no UDP evidence)  16 R1 (v2.0, 30 bytes)
 *  17 R2 (44)  18 R3 (20)  19 T2 (26)  20 T3 (100)  21 T4 (4)
 */
static void scenario_r80(void)
{
    const char *path = out_path("tcp_restricted_80.pcap");
    uint32_t c = IP4(10, 0, 0, 24);
    uint8_t p[64];
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 24);
    for (unsigned i = 0; i < 3; i++)
        gen_udp(&g, c, 40024, IP4(192, 0, 2, 84 + i), 33033, p,
                u1(&g, p, (uint16_t)(0x6200 + 2 * i), 18, gen_rand(&g)));
    gen_tcp_open(&g, &t, c, 1035, IP4(198, 51, 100, 84), 80);
    r1_80(&g, p, 16);
    gen_tcp_send(&g, &t, 1, p, 16);
    tcp_rand(&g, &t, 0, 50);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 1, 24);
    tcp_rand(&g, &t, 0, 200);
    tcp_rand(&g, &t, 1, 15);
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 25), 1036, IP4(198, 51, 100, 85), 80);
    r1_80(&g, p, 30);
    gen_tcp_send(&g, &t, 1, p, 30);
    tcp_rand(&g, &t, 0, 44);
    tcp_rand(&g, &t, 1, 20);
    tcp_rand(&g, &t, 1, 26);
    tcp_rand(&g, &t, 0, 100);
    tcp_rand(&g, &t, 1, 4);
    gen_close(&g, path);
}

/* A complete TLS 1.0 application-data record of n bytes (17 03 01, length n - 5). */
static void tls_appdata(gen_t *g, gen_tcp_t *t, int from_client, size_t n)
{
    uint8_t p[1500];
    gen_fill(g, p, n);
    memcpy(p, L2_BYTES, 3);
    p[3] = (uint8_t)((n - 5) >> 8);
    p[4] = (uint8_t)(n - 5);
    gen_tcp_send(g, t, from_client, p, n);
}

/* A TLS 1.0 ClientHello record (16 03 01), with a 32-byte random. */
static size_t tls10_client_hello(gen_t *g, uint8_t *p)
{
    static const uint8_t head[] = {0x16, 0x03, 0x01, 0x00, 0x2d, 0x01, 0x00, 0x00, 0x29, 0x03, 0x01};
    static const uint8_t tail[] = {0x00, 0x00, 0x02, 0x00, 0x2f, 0x01, 0x00};
    memcpy(p, head, sizeof(head));
    gen_fill(g, p + sizeof(head), 32);
    memcpy(p + sizeof(head) + 32, tail, sizeof(tail));
    return sizeof(head) + 32 + sizeof(tail);
}

/* A TLS 1.0 ServerHello record. */
static size_t tls10_server_hello(gen_t *g, uint8_t *p)
{
    static const uint8_t head[] = {0x16, 0x03, 0x01, 0x00, 0x2a, 0x02, 0x00, 0x00, 0x26, 0x03, 0x01};
    static const uint8_t tail[] = {0x00, 0x00, 0x2f, 0x00};
    memcpy(p, head, sizeof(head));
    gen_fill(g, p + sizeof(head), 32);
    memcpy(p + sizeof(head) + 32, tail, sizeof(tail));
    return sizeof(head) + 32 + sizeof(tail);
}

/*
 * tcp_nonskype_mix.pcap: TCP that must stay untagged.
 *   1-3 handshake, 4 TLS 1.0 ClientHello, 5 ServerHello, 6-7 application data (17 03 01)
 *       between 10.2.0.2:50000 and 192.0.2.200:443
 *   8-10 handshake, 11 HTTP GET, 12 HTTP 200 between 10.2.0.3:50001 and 192.0.2.201:80
 *  13-15 handshake, 16-20 random payloads of 14, 73, 25, 587, 16 bytes (T1-T4 sizes,
 *       no probe) between 10.2.0.4:1037 and 192.0.2.202:41090
 *  21-23 handshake, 24 a 5-byte 16 03 01 00 01 (not L1) on 10.2.0.5:1038 -> 192.0.2.203:33033
 */
static void scenario_tcp_nonskype(void)
{
    const char *path = out_path("tcp_nonskype_mix.pcap");
    static const char get[] = "GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: test\r\n\r\n";
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    static const size_t sizes[5] = {14, 73, 25, 587, 16};
    static const uint8_t not_l1[5] = {0x16, 0x03, 0x01, 0x00, 0x01};
    uint8_t p[128];
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 25);
    gen_tcp_open(&g, &t, IP4(10, 2, 0, 2), 50000, IP4(192, 0, 2, 200), 443);
    gen_tcp_send(&g, &t, 1, p, tls10_client_hello(&g, p));
    gen_tcp_send(&g, &t, 0, p, tls10_server_hello(&g, p));
    tls_appdata(&g, &t, 1, 37);
    tls_appdata(&g, &t, 0, 69);
    gen_tcp_open(&g, &t, IP4(10, 2, 0, 3), 50001, IP4(192, 0, 2, 201), 80);
    gen_tcp_send(&g, &t, 1, (const uint8_t *)get, sizeof(get) - 1);
    gen_tcp_send(&g, &t, 0, (const uint8_t *)ok, sizeof(ok) - 1);
    gen_tcp_open(&g, &t, IP4(10, 2, 0, 4), 1037, IP4(192, 0, 2, 202), 41090);
    for (unsigned i = 0; i < 5; i++)
        tcp_rand(&g, &t, i == 1 || i == 3 ? 0 : 1, sizes[i]);
    gen_tcp_open(&g, &t, IP4(10, 2, 0, 5), 1038, IP4(192, 0, 2, 203), 33033);
    gen_tcp_send(&g, &t, 1, not_l1, 5);
    gen_close(&g, path);
}

/* DNS query/response for www.example.org (response answers 192.0.2.80). */
static size_t dns(uint8_t *p, uint16_t txid, int response)
{
    static const uint8_t qname[] = "\3www\7example\3org";
    size_t n = 12;
    memset(p, 0, 12);
    put16(p, txid);
    put16(p + 2, response ? 0x8180 : 0x0100);
    put16(p + 4, 1);
    put16(p + 6, response ? 1 : 0);
    memcpy(p + n, qname, sizeof(qname));
    n += sizeof(qname);
    put16(p + n, 1);
    put16(p + n + 2, 1);
    n += 4;
    if (response) {
        static const uint8_t ans[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 192, 0, 2, 80};
        memcpy(p + n, ans, sizeof(ans));
        n += sizeof(ans);
    }
    return n;
}

/* One frame of the non-Skype mix; k selects the kind, i counts within it. */
static void nonskype_frame(gen_t *g, unsigned k, unsigned i)
{
    uint8_t p[256];
    size_t n;
    uint32_t h = IP4(10, 1, 0, 2);

    switch (k) {
    case 0: /* DNS query and answer */
        n = dns(p, (uint16_t)(0x1234 + 7 * (i / 2)), (int)(i & 1));
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
static void scenario_nonskype(void)
{
    const char *path = out_path("udp_nonskype_mix.pcap");
    gen_t g;

    gen_open(&g, path, 7);
    for (unsigned i = 0; i < 25; i++)
        for (unsigned k = 0; k < 8; k++)
            nonskype_frame(&g, k, i);
    gen_close(&g, path);
}

/* One non-Skype TCP connection (7 to 10 frames): TLS 1.0 on 443, HTTP on 80,
 * or random payloads on a high port, by k % 3; ports vary with i. */
static void nonskype_tcp(gen_t *g, unsigned k, unsigned i)
{
    static const char get[] = "GET /a HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    uint16_t cport = (uint16_t)(20000 + i % 40000);
    uint8_t p[128];
    gen_tcp_t t;

    switch (k % 3) {
    case 0:
        gen_tcp_open(g, &t, IP4(10, 3, 0, 2), cport, IP4(192, 0, 2, 210), 443);
        gen_tcp_send(g, &t, 1, p, tls10_client_hello(g, p));
        gen_tcp_send(g, &t, 0, p, tls10_server_hello(g, p));
        tls_appdata(g, &t, 1, 100);
        tls_appdata(g, &t, 0, 120);
        break;
    case 1:
        gen_tcp_open(g, &t, IP4(10, 3, 0, 3), cport, IP4(192, 0, 2, 211), 80);
        gen_tcp_send(g, &t, 1, (const uint8_t *)get, sizeof(get) - 1);
        gen_tcp_send(g, &t, 0, (const uint8_t *)ok, sizeof(ok) - 1);
        break;
    default:
        gen_tcp_open(g, &t, IP4(10, 3, 0, 4), cport, IP4(192, 0, 2, 212), (uint16_t)(30000 + i % 20000));
        for (unsigned j = 0; j < 4; j++)
            tcp_rand(g, &t, (int)(j & 1), 10 + gen_rand(g) % 500);
        break;
    }
    gen_tcp_fin(g, &t, 1);
    gen_tcp_fin(g, &t, 0);
}

/* A STUN message of type `type` with the given attributes: a 4-byte value,
 * except MS-SEQUENCE-NUMBER (0x8050: 20-byte connection ID, then vals[i]). */
static size_t stun_msg(gen_t *g, uint8_t *p, uint16_t type, const uint16_t *attrs, const uint32_t *vals, unsigned n)
{
    size_t off = 20;
    put16(p, type);
    put32(p + 4, 0x2112A442u);
    gen_fill(g, p + 8, 12);
    for (unsigned i = 0; i < n; i++) {
        size_t len = attrs[i] == 0x8050 ? 24 : 4;
        put16(p + off, attrs[i]);
        put16(p + off + 2, (uint16_t)len);
        gen_fill(g, p + off + 4, len - 4);
        put32(p + off + len, vals[i]);
        off += 4 + len;
    }
    put16(p + 2, (uint16_t)(off - 20));
    return off;
}

/*
 * modern_turn_allocate.pcap: client 10.0.0.40:50040 and relay
 * 52.113.0.10:3478 (in the default relay ranges), MS-TURN:
 *   1 Allocate request (MS-VERSION, MS-SEQUENCE-NUMBER)  2 Allocate success (MS-VERSION)
 *   3 Send indication  4 Data indication  5 ChannelData
 *   6 Refresh request with LIFETIME 0  7 Refresh success
 */
static void scenario_turn_allocate(void)
{
    const char *path = out_path("modern_turn_allocate.pcap");
    uint32_t c = IP4(10, 0, 0, 40), r = IP4(52, 113, 0, 10);
    static const uint16_t alloc_a[2] = {0x8008, 0x8050};
    static const uint32_t alloc_v[2] = {6, 1};
    static const uint16_t seq_a[1] = {0x8050};
    static const uint32_t seq_v[1] = {2};
    static const uint16_t refresh_a[2] = {0x000d, 0x8008};
    static const uint32_t refresh_v[2] = {0, 6};
    uint8_t p[256];
    gen_t g;

    gen_open(&g, path, 40);
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, 0x0003, alloc_a, alloc_v, 2));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, 0x0103, alloc_a, alloc_v, 1));
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, 0x0016, seq_a, seq_v, 1));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, 0x0017, seq_a, seq_v, 1));
    gen_fill(&g, p, 104);
    put16(p, 0x4001);
    put16(p + 2, 100);
    gen_udp(&g, c, 50040, r, 3478, p, 104);
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, 0x0004, refresh_a, refresh_v, 2));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, 0x0104, refresh_a + 1, refresh_v + 1, 1));
    gen_close(&g, path);
}

/* A TLS 1.2 ClientHello record naming `sni`. */
static size_t tls_client_hello_sni(gen_t *g, uint8_t *p, const char *sni)
{
    size_t n = strlen(sni), off = 0, hs, ext;
    p[off++] = 0x16;
    p[off++] = 0x03;
    p[off++] = 0x01;
    off += 2;                       /* record length, below */
    hs = off;
    p[off++] = 0x01;
    off += 3;                       /* handshake length, below */
    p[off++] = 0x03;
    p[off++] = 0x03;
    gen_fill(g, p + off, 32);
    off += 32;
    p[off++] = 0;                   /* session id */
    put16(p + off, 2);
    put16(p + off + 2, 0x1301);
    off += 4;
    p[off++] = 1;
    p[off++] = 0;
    ext = off;
    off += 2;
    put16(p + off, 0x0000);         /* server_name */
    put16(p + off + 2, (uint16_t)(n + 5));
    put16(p + off + 4, (uint16_t)(n + 3));
    p[off + 6] = 0;
    put16(p + off + 7, (uint16_t)n);
    memcpy(p + off + 9, sni, n);
    off += 9 + n;
    put16(p + ext, (uint16_t)(off - ext - 2));
    p[hs + 1] = 0;
    put16(p + hs + 2, (uint16_t)(off - hs - 4));
    put16(p + 3, (uint16_t)(off - 5));
    return off;
}

/* One TLS connection client:cport -> server:443 naming sni, or without the
 * server_name extension when sni is NULL (10 frames). */
static void tls_connection(gen_t *g, uint32_t c, uint16_t cport, uint32_t server, const char *sni)
{
    uint8_t p[512];
    gen_tcp_t t;

    gen_tcp_open(g, &t, c, cport, server, 443);
    gen_tcp_send(g, &t, 1, p, sni ? tls_client_hello_sni(g, p, sni) : tls10_client_hello(g, p));
    gen_tcp_send(g, &t, 0, p, tls10_server_hello(g, p));
    tls_appdata(g, &t, 1, 80);
    tls_appdata(g, &t, 0, 200);
    gen_tcp_fin(g, &t, 1);
    gen_tcp_fin(g, &t, 0);
    gen_tcp_send(g, &t, 1, NULL, 0);
}

/*
 * tcp_client_https.pcap: a confirmed legacy client's host also browses the
 * web; none of it is Skype, and TLS and HTTP reassemble as without the plugin.
 *   1-4   positive probe of 10.0.0.30:40030 to SN 198.51.100.90:41090
 *   5-7   handshake 10.0.0.30:1040 -> 192.0.2.90:443
 *   8     ClientHello (www.example.org), first 60 bytes   9 the rest (TLS reassembles here)
 *  10     ServerHello   11-12 application data   13 FIN  14 FIN  15 ACK
 *  16-18  handshake 10.0.0.30:1041 -> 192.0.2.91:80
 *  19     GET /   20 response header (Content-Length: 40)   21 body (HTTP reassembles here)
 *  22 FIN  23 FIN  24 ACK
 */
static void scenario_client_https(void)
{
    const char *path = out_path("tcp_client_https.pcap");
    static const char get[] = "GET / HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n";
    static const char body[] = "0123456789012345678901234567890123456789";
    uint32_t c = IP4(10, 0, 0, 30);
    uint8_t p[512];
    size_t n;
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 30);
    positive_probe(&g, c, 40030, IP4(198, 51, 100, 90), 41090, 0x6300);
    gen_wait(&g, 100000);
    gen_tcp_open(&g, &t, c, 1040, IP4(192, 0, 2, 90), 443);
    n = tls_client_hello_sni(&g, p, "www.example.org");
    gen_tcp_send(&g, &t, 1, p, 60);
    gen_tcp_send(&g, &t, 1, p + 60, n - 60);
    gen_tcp_send(&g, &t, 0, p, tls10_server_hello(&g, p));
    tls_appdata(&g, &t, 1, 80);
    tls_appdata(&g, &t, 0, 200);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_send(&g, &t, 1, NULL, 0);
    gen_tcp_open(&g, &t, c, 1041, IP4(192, 0, 2, 91), 80);
    gen_tcp_send(&g, &t, 1, (const uint8_t *)get, sizeof(get) - 1);
    gen_tcp_send(&g, &t, 0, (const uint8_t *)head, sizeof(head) - 1);
    gen_tcp_send(&g, &t, 0, (const uint8_t *)body, sizeof(body) - 1);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_send(&g, &t, 1, NULL, 0);
    gen_close(&g, path);
}

/*
 * tcp_sn_partial_probe.pcap: client 10.0.0.33:40033 is never confirmed (no
 * three +2 requests, no full probe); only partial probes and TCP (report
 * §5.2.1-§5.2.2, §6 steps 1, 4, 6-9; docs/protocol.md §6):
 *   1 U1 (18, 0x6700) -> SN1 198.51.100.101:41101   2 U4 (18: positive)
 *   3-5 handshake 10.0.0.33:1050 -> SN1   6 T1 (14)   7 reply (40)   8 T2 (23)
 *   9 T3 (339: refused)   10 FIN (SN)   11 FIN (client)
 *  12 U1 (18, 0x6702) -> SN2 198.51.100.102:41102  13 U4 (18: positive)
 *  14-16 handshake 10.0.0.33:1051 -> SN2  17 T1 (14)  18 reply (73)  19 T2 (25)
 *  20 T3 (587: accepted)  21 T4 (16)  22-23 session (13, 48)
 * and what must stay untagged:
 *  24 U1 (0x6800) -> SN3 198.51.100.103:41103  25 U4 (18), then 30 s later
 *  26-28 handshake 10.0.0.33:1052 -> SN3  29 T1-sized (14)  30 (73): outside the 10 s window
 *  31 U1 (0x6900) -> SN4 198.51.100.104:41104  32 U4 (51: negative)
 *  33-35 handshake 10.0.0.33:1053 -> SN4  36 (14)  37 (73): negative probe
 *  38 U1 (0x6a00) -> SN5 198.51.100.105:41105  39 U4 (18: positive)
 *  40-42 handshake 10.0.0.34:1054 -> SN5  43 (14): another host
 *  44-46 handshake 10.0.0.33:1055 -> SN5  47 (100)  48 (73)  49 (14): first payload not T1
 */
static void scenario_sn_partial_probe(void)
{
    const char *path = out_path("tcp_sn_partial_probe.pcap");
    uint32_t c = IP4(10, 0, 0, 33), sn[5];
    uint8_t p[64];
    gen_tcp_t t;
    gen_t g;

    for (unsigned i = 0; i < 5; i++)
        sn[i] = IP4(198, 51, 100, 101 + i);
    gen_open(&g, path, 33);
    gen_udp(&g, c, 40033, sn[0], 41101, p, u1(&g, p, 0x6700, 18, gen_rand(&g)));
    gen_udp(&g, sn[0], 41101, c, 40033, p, u4(&g, p, 18));
    gen_wait(&g, 100000);
    gen_tcp_open(&g, &t, c, 1050, sn[0], 41101);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 0, 40);
    tcp_rand(&g, &t, 1, 23);
    tcp_rand(&g, &t, 0, 339);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_fin(&g, &t, 1);
    gen_udp(&g, c, 40033, sn[1], 41102, p, u1(&g, p, 0x6702, 18, gen_rand(&g)));
    gen_udp(&g, sn[1], 41102, c, 40033, p, u4(&g, p, 18));
    gen_wait(&g, 100000);
    gen_tcp_open(&g, &t, c, 1051, sn[1], 41102);
    sn_exchange(&g, &t);

    gen_udp(&g, c, 40033, sn[2], 41103, p, u1(&g, p, 0x6800, 18, gen_rand(&g)));
    gen_udp(&g, sn[2], 41103, c, 40033, p, u4(&g, p, 18));
    gen_wait(&g, 30000000);
    gen_tcp_open(&g, &t, c, 1052, sn[2], 41103);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 0, 73);
    gen_udp(&g, c, 40033, sn[3], 41104, p, u1(&g, p, 0x6900, 18, gen_rand(&g)));
    gen_udp(&g, sn[3], 41104, c, 40033, p, u4(&g, p, 51));
    gen_tcp_open(&g, &t, c, 1053, sn[3], 41104);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 0, 73);
    gen_udp(&g, c, 40033, sn[4], 41105, p, u1(&g, p, 0x6a00, 18, gen_rand(&g)));
    gen_udp(&g, sn[4], 41105, c, 40033, p, u4(&g, p, 18));
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 34), 1054, sn[4], 41105);
    tcp_rand(&g, &t, 1, 14);
    gen_tcp_open(&g, &t, c, 1055, sn[4], 41105);
    tcp_rand(&g, &t, 1, 100);
    tcp_rand(&g, &t, 0, 73);
    tcp_rand(&g, &t, 1, 14);
    gen_close(&g, path);
}

/*
 * modern_tls_sni.pcap: 10.0.0.42:50100 -> 52.113.194.132:443, ClientHello for
 * api.teams.microsoft.com: frames 1-10, all tagged (TLS stays Wireshark's):
 *   1-3 handshake  4 ClientHello  5 ServerHello  6-7 application data
 *   8 FIN (client, teardown)  9 FIN  10 ACK
 */
static void scenario_tls_sni(void)
{
    const char *path = out_path("modern_tls_sni.pcap");
    gen_t g;

    gen_open(&g, path, 42);
    tls_connection(&g, IP4(10, 0, 0, 42), 50100, IP4(52, 113, 194, 132), "api.teams.microsoft.com");
    gen_close(&g, path);
}

/*
 * modern_negatives.pcap: must stay untagged.
 *   1-10  TLS to www.example.org (10.0.0.43:50101 -> 192.0.2.43:443)
 *   11-12 STUN Binding request/response from another vendor (SOFTWARE, no
 *         Microsoft attribute) between 10.0.0.44:50044 and 192.0.2.44:3478
 *   13-14 the same on a high port (10.0.0.44:50045 <-> 192.0.2.45:50046)
 */
static void scenario_modern_negatives(void)
{
    const char *path = out_path("modern_negatives.pcap");
    static const uint16_t sw_a[1] = {0x8022};
    static const uint32_t sw_v[1] = {0x6f746872}; /* "othr" */
    uint32_t c = IP4(10, 0, 0, 44);
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 43);
    tls_connection(&g, IP4(10, 0, 0, 43), 50101, IP4(192, 0, 2, 43), "www.example.org");
    gen_udp(&g, c, 50044, IP4(192, 0, 2, 44), 3478, p, stun_msg(&g, p, 0x0001, sw_a, sw_v, 1));
    gen_udp(&g, IP4(192, 0, 2, 44), 3478, c, 50044, p, stun_msg(&g, p, 0x0101, sw_a, sw_v, 1));
    gen_udp(&g, c, 50045, IP4(192, 0, 2, 45), 50046, p, stun_msg(&g, p, 0x0001, sw_a, sw_v, 1));
    gen_udp(&g, IP4(192, 0, 2, 45), 50046, c, 50045, p, stun_msg(&g, p, 0x0101, sw_a, sw_v, 1));
    gen_close(&g, path);
}

/* An IPv6 address: eight 16-bit groups. */
static void ip6(uint8_t a[16], uint16_t g0, uint16_t g1, uint16_t g2, uint16_t g7)
{
    memset(a, 0, 16);
    put16(a, g0);
    put16(a + 2, g1);
    put16(a + 4, g2);
    put16(a + 14, g7);
}

/* Append a DNS name in wire format. */
static size_t dns_put_name(uint8_t *p, const char *name)
{
    size_t off = 0;
    while (*name) {
        size_t n = strcspn(name, ".");
        p[off++] = (uint8_t)n;
        memcpy(p + off, name, n);
        off += n;
        name += n;
        if (*name == '.')
            name++;
    }
    p[off++] = 0;
    return off;
}

/* DNS query (cname NULL, addr 0) or response: question qname; answers: an
 * optional CNAME qname -> cname, then an A record for the last name
 * (compressed pointers to the names). */
static size_t dns_msg(uint8_t *p, uint16_t id, const char *qname, const char *cname, uint32_t addr)
{
    size_t off = 12, q_off, c_off = 0;
    memset(p, 0, 12);
    put16(p, id);
    put16(p + 2, addr ? 0x8180 : 0x0100);
    put16(p + 4, 1);
    put16(p + 6, addr ? (cname ? 2 : 1) : 0);
    q_off = off;
    off += dns_put_name(p + off, qname);
    put16(p + off, 1);
    put16(p + off + 2, 1);
    off += 4;
    if (addr == 0)
        return off;
    if (cname) {
        size_t rd;
        put16(p + off, (uint16_t)(0xc000 | q_off));
        put16(p + off + 2, 5);
        put16(p + off + 4, 1);
        put32(p + off + 6, 300);
        rd = off + 10;
        c_off = rd + 2;
        put16(p + rd, (uint16_t)dns_put_name(p + c_off, cname));
        off = c_off + skype_be16_gen(p + rd);
    }
    put16(p + off, (uint16_t)(0xc000 | (cname ? c_off : q_off)));
    put16(p + off + 2, 1);
    put16(p + off + 4, 1);
    put32(p + off + 6, 60);
    put16(p + off + 10, 4);
    put32(p + off + 12, addr);
    return off + 16;
}

/*
 * modern_dns_tls.pcap: DNS first, then TLS without a server name.
 *   1-2   A query / response for client-s.gateway.messenger.live.com (CNAME to
 *         client-s.msnmessenger.akadns.net, A 198.51.100.150)
 *   3-4   A query / response for www.example.org (A 192.0.2.80)
 *   5-14  TLS without SNI 10.0.0.50:50200 -> 198.51.100.150:443: tagged (DNS evidence)
 *   15-24 TLS without SNI 10.0.0.50:50201 -> 192.0.2.80:443: untagged
 */
static void scenario_dns_tls(void)
{
    const char *path = out_path("modern_dns_tls.pcap");
    uint32_t c = IP4(10, 0, 0, 50), ns = IP4(10, 0, 0, 1);
    uint8_t p[256];
    gen_t g;

    gen_open(&g, path, 50);
    gen_udp(&g, c, 53000, ns, 53, p, dns_msg(p, 0x5101, "client-s.gateway.messenger.live.com", NULL, 0));
    gen_udp(&g, ns, 53, c, 53000, p,
            dns_msg(p, 0x5101, "client-s.gateway.messenger.live.com", "client-s.msnmessenger.akadns.net",
                    IP4(198, 51, 100, 150)));
    gen_udp(&g, c, 53001, ns, 53, p, dns_msg(p, 0x5102, "www.example.org", NULL, 0));
    gen_udp(&g, ns, 53, c, 53001, p, dns_msg(p, 0x5102, "www.example.org", NULL, IP4(192, 0, 2, 80)));
    tls_connection(&g, c, 50200, IP4(198, 51, 100, 150), NULL);
    tls_connection(&g, c, 50201, IP4(192, 0, 2, 80), NULL);
    gen_close(&g, path);
}

/*
 * modern_names_v6.pcap: the bare service name, TeamSpeak, IPv6 relay ranges.
 *   1-10  TLS 10.0.0.60:50300 -> 52.113.194.140:443, ClientHello for the bare
 *         name teams.microsoft.com: tagged (evidence 7, "*.teams.microsoft.com")
 *   11-20 TLS 10.0.0.60:50301 -> 192.0.2.61:443 for voice.teamspeak.com: untagged
 *   21-22 DNS query / response for voice.teamspeak.com (A 192.0.2.62)
 *   23-32 TLS without SNI 10.0.0.60:50302 -> 192.0.2.62:443: untagged
 *   33-34 STUN Binding request / response without Microsoft attributes
 *         (SOFTWARE only) between [2001:db8:60::10]:50060 and
 *         [2603:1063:1::10]:3478, in 2603:1063::/38: tagged (evidence 11)
 *   35-36 the same to [2001:db8:61::10]:3478, in no range: untagged
 */
static void scenario_names_v6(void)
{
    const char *path = out_path("modern_names_v6.pcap");
    static const uint16_t sw_a[1] = {0x8022};
    static const uint32_t sw_v[1] = {0x6f746872}; /* "othr" */
    uint32_t c = IP4(10, 0, 0, 60), ns = IP4(10, 0, 0, 1);
    uint8_t p[256], c6[16], relay6[16], other6[16];
    gen_t g;

    ip6(c6, 0x2001, 0x0db8, 0x0060, 0x0010);
    ip6(relay6, 0x2603, 0x1063, 0x0001, 0x0010);
    ip6(other6, 0x2001, 0x0db8, 0x0061, 0x0010);
    gen_open(&g, path, 60);
    tls_connection(&g, c, 50300, IP4(52, 113, 194, 140), "teams.microsoft.com");
    tls_connection(&g, c, 50301, IP4(192, 0, 2, 61), "voice.teamspeak.com");
    gen_udp(&g, c, 53002, ns, 53, p, dns_msg(p, 0x5103, "voice.teamspeak.com", NULL, 0));
    gen_udp(&g, ns, 53, c, 53002, p, dns_msg(p, 0x5103, "voice.teamspeak.com", NULL, IP4(192, 0, 2, 62)));
    tls_connection(&g, c, 50302, IP4(192, 0, 2, 62), NULL);
    gen_udp6(&g, c6, 50060, relay6, 3478, p, stun_msg(&g, p, 0x0001, sw_a, sw_v, 1));
    gen_udp6(&g, relay6, 3478, c6, 50060, p, stun_msg(&g, p, 0x0101, sw_a, sw_v, 1));
    gen_udp6(&g, c6, 50061, other6, 3478, p, stun_msg(&g, p, 0x0001, sw_a, sw_v, 1));
    gen_udp6(&g, other6, 3478, c6, 50061, p, stun_msg(&g, p, 0x0101, sw_a, sw_v, 1));
    gen_close(&g, path);
}

/* A self-signed certificate (DER, ECDSA P-256) for CN *.teams.microsoft.com
 * with subjectAltName DNS:*.teams.microsoft.com, DNS:teams.skype.com, made
 * once with `openssl req -x509 -newkey ec ... -outform DER`; test data only. */
static const uint8_t TEAMS_CERT[461] = {
    0x30, 0x82, 0x01, 0xc9, 0x30, 0x82, 0x01, 0x70, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x14, 0x15,
    0xb0, 0xc7, 0x98, 0x84, 0x77, 0xc6, 0x3e, 0xed, 0x3c, 0x02, 0xa5, 0x62, 0x68, 0x2f, 0x62, 0x75,
    0x70, 0xa7, 0x3a, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
    0x20, 0x31, 0x1e, 0x30, 0x1c, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x15, 0x2a, 0x2e, 0x74, 0x65,
    0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73, 0x6f, 0x66, 0x74, 0x2e, 0x63, 0x6f,
    0x6d, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x32, 0x31, 0x39, 0x31, 0x39, 0x30,
    0x30, 0x5a, 0x17, 0x0d, 0x33, 0x36, 0x31, 0x31, 0x31, 0x39, 0x31, 0x39, 0x31, 0x39, 0x30, 0x30,
    0x5a, 0x30, 0x20, 0x31, 0x1e, 0x30, 0x1c, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x15, 0x2a, 0x2e,
    0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73, 0x6f, 0x66, 0x74, 0x2e,
    0x63, 0x6f, 0x6d, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xad, 0xb6,
    0x0e, 0x5c, 0xbd, 0x84, 0xa1, 0x0c, 0x97, 0x9c, 0xf7, 0xd7, 0x60, 0x3b, 0x58, 0x1d, 0x85, 0x01,
    0xdc, 0x1d, 0x80, 0xee, 0xeb, 0x6a, 0x41, 0x65, 0xd5, 0x87, 0x87, 0x8d, 0x33, 0x6f, 0xbb, 0xde,
    0x35, 0x64, 0x14, 0x11, 0x4e, 0x52, 0xbd, 0xd2, 0x1b, 0xa9, 0x8d, 0xa8, 0x8a, 0xf9, 0xdf, 0xba,
    0xa0, 0xc1, 0x11, 0x57, 0xd5, 0xbf, 0x07, 0x0e, 0xf5, 0x6c, 0xff, 0x06, 0x32, 0xa2, 0xa3, 0x81,
    0x87, 0x30, 0x81, 0x84, 0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0x16,
    0xd2, 0x4e, 0x3d, 0xf3, 0xa0, 0x40, 0x74, 0xa8, 0xda, 0xdc, 0xb5, 0x89, 0x9c, 0xee, 0xb2, 0x9b,
    0xa2, 0x4a, 0x11, 0x30, 0x1f, 0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14,
    0x16, 0xd2, 0x4e, 0x3d, 0xf3, 0xa0, 0x40, 0x74, 0xa8, 0xda, 0xdc, 0xb5, 0x89, 0x9c, 0xee, 0xb2,
    0x9b, 0xa2, 0x4a, 0x11, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05,
    0x30, 0x03, 0x01, 0x01, 0xff, 0x30, 0x31, 0x06, 0x03, 0x55, 0x1d, 0x11, 0x04, 0x2a, 0x30, 0x28,
    0x82, 0x15, 0x2a, 0x2e, 0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73,
    0x6f, 0x66, 0x74, 0x2e, 0x63, 0x6f, 0x6d, 0x82, 0x0f, 0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x73,
    0x6b, 0x79, 0x70, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x04, 0x03, 0x02, 0x03, 0x47, 0x00, 0x30, 0x44, 0x02, 0x20, 0x37, 0x30, 0x19, 0xfa, 0xa1,
    0x95, 0x5b, 0xfb, 0x8d, 0x33, 0xa1, 0xc9, 0x45, 0xea, 0x44, 0x4a, 0x01, 0x2e, 0x71, 0xb6, 0x61,
    0xd0, 0x47, 0x50, 0x96, 0x20, 0x95, 0x0d, 0x3f, 0x07, 0x71, 0x77, 0x02, 0x20, 0x74, 0xbc, 0x0a,
    0xa2, 0x99, 0x0f, 0x09, 0x52, 0xc0, 0x80, 0xcf, 0x8b, 0xbd, 0x25, 0x4c, 0x0e, 0x45, 0xd3, 0x4a,
    0xc3, 0x59, 0x88, 0xde, 0xd6, 0x03, 0x56, 0xc5, 0x5a, 0xdd, 0xd1, 0x4a, 0x66,
};

/*
 * modern_tls_cert.pcap: TLS 1.2 without SNI, 10.0.0.51:50300 ->
 * 198.51.100.151:443; the server's Certificate names *.teams.microsoft.com.
 *   1-3 handshake  4 ClientHello (no SNI)  5 ServerHello, Certificate,
 *   ServerHelloDone (tagged from here: certificate name)  6-7 data  8-10 close
 */
static void scenario_tls_cert(void)
{
    const char *path = out_path("modern_tls_cert.pcap");
    uint8_t p[1024];
    size_t off, cert = sizeof(TEAMS_CERT), hs;
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 51);
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 51), 50300, IP4(198, 51, 100, 151), 443);
    gen_tcp_send(&g, &t, 1, p, tls10_client_hello(&g, p));
    off = 0;
    p[off++] = 0x16;
    p[off++] = 0x03;
    p[off++] = 0x03;
    off += 2; /* record length, below */
    hs = off;
    /* ServerHello: version, random, empty session id, cipher, compression */
    p[off++] = 0x02;
    p[off++] = 0;
    put16(p + off, 38);
    off += 2;
    p[off++] = 0x03;
    p[off++] = 0x03;
    gen_fill(&g, p + off, 32);
    off += 32;
    p[off++] = 0;
    put16(p + off, 0xc02b);
    off += 2;
    p[off++] = 0;
    /* Certificate: one entry */
    p[off++] = 0x0b;
    p[off++] = 0;
    put16(p + off, (uint16_t)(cert + 6));
    off += 2;
    p[off++] = 0;
    put16(p + off, (uint16_t)(cert + 3));
    off += 2;
    p[off++] = 0;
    put16(p + off, (uint16_t)cert);
    off += 2;
    memcpy(p + off, TEAMS_CERT, cert);
    off += cert;
    /* ServerHelloDone */
    p[off++] = 0x0e;
    p[off++] = 0;
    p[off++] = 0;
    p[off++] = 0;
    put16(p + 3, (uint16_t)(off - hs));
    gen_tcp_send(&g, &t, 0, p, off);
    tls_appdata(&g, &t, 1, 60);
    tls_appdata(&g, &t, 0, 90);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_send(&g, &t, 1, NULL, 0);
    gen_close(&g, path);
}

/* Benchmark capture: about n frames, half the UDP mix above, half TCP
 * connections (TLS on 443, HTTP on 80, other TCP). */
static void bench_nonskype(unsigned long n, const char *path)
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
static void bench_nonskype_udp(unsigned long n, const char *path)
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
static void bench_skype(unsigned long clients, unsigned long sns, const char *path)
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
static void bench_endpoints(unsigned long n, int chains, const char *path)
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

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--bench-nonskype") == 0) {
        bench_nonskype(strtoul(argv[2], NULL, 10), argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--bench-nonskype-udp") == 0) {
        bench_nonskype_udp(strtoul(argv[2], NULL, 10), argv[3]);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "--bench-skype") == 0) {
        bench_skype(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10), argv[4]);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "--bench-endpoints") == 0) {
        bench_endpoints(strtoul(argv[2], NULL, 10), strcmp(argv[3], "chains") == 0, argv[4]);
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr,
                "usage: %s OUTDIR | --bench-nonskype N FILE | --bench-nonskype-udp N FILE\n"
                "       | --bench-skype CLIENTS SNS FILE | --bench-endpoints N requests|chains FILE\n",
                argv[0]);
        return 2;
    }
    snprintf(outdir, sizeof(outdir), "%s", argv[1]);
    scenario_full_positive();
    scenario_partial();
    scenario_bootstrap();
    scenario_v20();
    scenario_malformed();
    scenario_traffic();
    scenario_nonskype();
    scenario_sn_handshake();
    scenario_sn_refused_v20();
    scenario_login();
    scenario_r443();
    scenario_r80();
    scenario_tcp_nonskype();
    scenario_turn_allocate();
    scenario_tls_sni();
    scenario_modern_negatives();
    scenario_dns_tls();
    scenario_names_v6();
    scenario_tls_cert();
    scenario_client_https();
    scenario_sn_partial_probe();
    gen_calls_all(outdir);
    gen_names_all(outdir);
    gen_turn_tcp_all(outdir);
    return 0;
}
