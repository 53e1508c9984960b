/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype TCP: SN handshake T1-T4, login L1-L4, the restricted modes on
 * ports 443 and 80 (docs/protocol.md §4-§6, Ehlert & Petgang §5.2.2), the
 * non-Skype TCP that must stay untagged (TLS 1.0, HTTP), and the captures
 * tcp_*.pcap. Frame numbers: each scenario's comment, captures/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"

/* Send n random bytes on a TCP connection. */
static void tcp_rand(gen_t *g, gen_tcp_t *t, int from_client, size_t n)
{
    uint8_t p[1500];
    gen_fill(g, p, n);
    gen_tcp_send(g, t, from_client, p, n);
}

/* An accepted v1.4 SN handshake and two session messages on t: T1 (14), its
 * reply (73), T2 (25), T3 (587: accepted), T4 (16), session (13, 48). */
void sn_exchange(gen_t *g, gen_tcp_t *t)
{
    tcp_rand(g, t, 1, 14);
    tcp_rand(g, t, 0, 73);
    tcp_rand(g, t, 1, 25);
    tcp_rand(g, t, 0, 587);
    tcp_rand(g, t, 1, 16);
    tcp_rand(g, t, 1, 13);
    tcp_rand(g, t, 0, 48);
}

/* An SN handshake that the SN refuses, then FIN both ways: T1 (14), its reply
 * (40), T2 (23), T3 (339: refused), FIN (SN), FIN (client); docs/protocol.md
 * §5. */
static void sn_refused_exchange(gen_t *g, gen_tcp_t *t)
{
    tcp_rand(g, t, 1, 14);
    tcp_rand(g, t, 0, 40);
    tcp_rand(g, t, 1, 23);
    tcp_rand(g, t, 0, 339);
    gen_tcp_fin(g, t, 0);
    gen_tcp_fin(g, t, 1);
}

/* The sequence that links a TCP connection to a UDP probe (docs/protocol.md
 * §6): a positive full probe (4 frames) of client c:cport to SN sn:snport,
 * wait_us later the handshake of a TCP connection t from c:tcp_port to the
 * same SN address and port (3 frames). */
static void probe_then_tcp(gen_t *g, gen_tcp_t *t, uint32_t c, uint16_t cport, uint32_t sn, uint16_t snport,
                           uint16_t id, uint64_t wait_us, uint16_t tcp_port)
{
    positive_probe(g, c, cport, sn, snport, id);
    gen_wait(g, wait_us);
    gen_tcp_open(g, t, c, tcp_port, sn, snport);
}

/* The same after a partial probe: a U1 (18 bytes, ID id, random nonce C) and
 * a U4 of u4_len bytes (18: positive, 51: negative); 2 + 3 frames. */
static void partial_probe_then_tcp(gen_t *g, gen_tcp_t *t, uint32_t c, uint16_t cport, uint32_t sn,
                                   uint16_t snport, uint16_t id, size_t u4_len, uint64_t wait_us,
                                   uint16_t tcp_port)
{
    uint8_t p[64];

    gen_udp(g, c, cport, sn, snport, p, u1(g, p, id, 18, gen_rand(g)));
    gen_udp(g, sn, snport, c, cport, p, u4(g, p, u4_len));
    gen_wait(g, wait_us);
    gen_tcp_open(g, t, c, tcp_port, sn, snport);
}

/*
 * tcp_sn_handshake.pcap: positive probe (1-4) of 10.0.0.20:40020 to SN
 * 198.51.100.80:41080, then TCP from 10.0.0.20:1030 to that SN ip:port:
 *   5-7 SYN, SYN/ACK, ACK   8 T1 (14)   9 reply (73)   10 T2 (25)
 *  11 T3 (587: accepted)   12 T4 (16)   13-14 session (13, 48)
 *  15 FIN (client)   16 FIN (SN)   17 ACK
 */
void scenario_sn_handshake(void)
{
    const char *path = gen_out_path("tcp_sn_handshake.pcap");
    uint32_t c = IP4(10, 0, 0, 20), sn = IP4(198, 51, 100, 80);
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 20);
    probe_then_tcp(&g, &t, c, 40020, sn, 41080, 0x6000, 100000, 1030);
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
void scenario_sn_refused_v20(void)
{
    const char *path = gen_out_path("tcp_sn_refused_v20.pcap");
    uint32_t c = IP4(10, 0, 0, 21), sn1 = IP4(198, 51, 100, 81), sn2 = IP4(198, 51, 100, 82);
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 21);
    probe_then_tcp(&g, &t, c, 40021, sn1, 41081, 0x6100, 0, 1031);
    sn_refused_exchange(&g, &t);
    probe_then_tcp(&g, &t, c, 40021, sn2, 41082, 0x6102, 0, 1032);
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
void scenario_login(void)
{
    const char *path = gen_out_path("tcp_login.pcap");
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
void scenario_r443(void)
{
    const char *path = gen_out_path("tcp_restricted_443.pcap");
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
void scenario_r80(void)
{
    const char *path = gen_out_path("tcp_restricted_80.pcap");
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
void tls_appdata(gen_t *g, gen_tcp_t *t, int from_client, size_t n)
{
    uint8_t p[1500];
    gen_fill(g, p, n);
    memcpy(p, L2_BYTES, 3);
    p[3] = (uint8_t)((n - 5) >> 8);
    p[4] = (uint8_t)(n - 5);
    gen_tcp_send(g, t, from_client, p, n);
}

/* A TLS 1.0 ServerHello record (16 03 01): a 32-byte random, no session id,
 * TLS_RSA_WITH_AES_128_CBC_SHA, no extensions; the answer to a TLS_HELLO_10
 * ClientHello. */
static size_t tls10_server_hello(gen_t *g, uint8_t *p)
{
    return tls_record(p, 0x16, 0x0301, tls_server_hello(g, p, 0x0301, 0, 0x002f, TLS_SH_NONE));
}

/* One TLS connection to port 443 (the layout: gen_common.h); also the modern
 * captures' TLS (gen_modern.c). */
void tls_connection(gen_t *g, uint32_t c, uint16_t cport, uint32_t server, const char *sni, size_t split)
{
    uint8_t p[512];
    size_t n;
    gen_tcp_t t;

    gen_tcp_open(g, &t, c, cport, server, 443);
    n = tls_client_hello(g, p, sni ? TLS_HELLO_SNI : TLS_HELLO_10, sni, NULL);
    if (split) {
        gen_tcp_send(g, &t, 1, p, split);
        gen_tcp_send(g, &t, 1, p + split, n - split);
    } else {
        gen_tcp_send(g, &t, 1, p, n);
    }
    gen_tcp_send(g, &t, 0, p, tls10_server_hello(g, p));
    tls_appdata(g, &t, 1, 80);
    tls_appdata(g, &t, 0, 200);
    gen_tcp_fin(g, &t, 1);
    gen_tcp_fin(g, &t, 0);
    gen_tcp_send(g, &t, 1, NULL, 0);
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
void scenario_tcp_nonskype(void)
{
    const char *path = gen_out_path("tcp_nonskype_mix.pcap");
    static const char get[] = "GET /index.html HTTP/1.1\r\nHost: www.example.org\r\nUser-Agent: test\r\n\r\n";
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
    static const size_t sizes[5] = {14, 73, 25, 587, 16};
    static const uint8_t not_l1[5] = {0x16, 0x03, 0x01, 0x00, 0x01};
    uint8_t p[128];
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 25);
    gen_tcp_open(&g, &t, IP4(10, 2, 0, 2), 50000, IP4(192, 0, 2, 200), 443);
    gen_tcp_send(&g, &t, 1, p, tls_client_hello(&g, p, TLS_HELLO_10, NULL, NULL));
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

/* One non-Skype TCP connection (7 to 10 frames): TLS 1.0 on 443, HTTP on 80,
 * or random payloads on a high port, by k % 3; ports vary with i. */
void nonskype_tcp(gen_t *g, unsigned k, unsigned i)
{
    static const char get[] = "GET /a HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    static const char ok[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
    uint16_t cport = (uint16_t)(20000 + i % 40000);
    uint8_t p[128];
    gen_tcp_t t;

    switch (k % 3) {
    case 0:
        gen_tcp_open(g, &t, IP4(10, 3, 0, 2), cport, IP4(192, 0, 2, 210), 443);
        gen_tcp_send(g, &t, 1, p, tls_client_hello(g, p, TLS_HELLO_10, NULL, NULL));
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
void scenario_client_https(void)
{
    const char *path = gen_out_path("tcp_client_https.pcap");
    static const char get[] = "GET / HTTP/1.1\r\nHost: www.example.org\r\n\r\n";
    static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\n";
    static const char body[] = "0123456789012345678901234567890123456789";
    uint32_t c = IP4(10, 0, 0, 30);
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 30);
    positive_probe(&g, c, 40030, IP4(198, 51, 100, 90), 41090, 0x6300);
    gen_wait(&g, 100000);
    tls_connection(&g, c, 1040, IP4(192, 0, 2, 90), "www.example.org", 60);
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
void scenario_sn_partial_probe(void)
{
    const char *path = gen_out_path("tcp_sn_partial_probe.pcap");
    uint32_t c = IP4(10, 0, 0, 33), sn[5];
    uint8_t p[64];
    gen_tcp_t t;
    gen_t g;

    for (unsigned i = 0; i < 5; i++)
        sn[i] = IP4(198, 51, 100, 101 + i);
    gen_open(&g, path, 33);
    partial_probe_then_tcp(&g, &t, c, 40033, sn[0], 41101, 0x6700, 18, 100000, 1050);
    sn_refused_exchange(&g, &t);
    partial_probe_then_tcp(&g, &t, c, 40033, sn[1], 41102, 0x6702, 18, 100000, 1051);
    sn_exchange(&g, &t);

    partial_probe_then_tcp(&g, &t, c, 40033, sn[2], 41103, 0x6800, 18, 30000000, 1052);
    tcp_rand(&g, &t, 1, 14);
    tcp_rand(&g, &t, 0, 73);
    partial_probe_then_tcp(&g, &t, c, 40033, sn[3], 41104, 0x6900, 51, 0, 1053);
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
