/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deterministic Ethernet/IPv4 or IPv6/UDP or TCP frame writer, and the
 * byte-string, DNS, TLS and X.509 builders the scenario files share (see
 * pcapgen.h). */
#include "pcapgen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define START_USEC 1700000000000000ull /* 2023-11-14T22:13:20Z */
#define MAX_FRAME 2048

static char out_dir[1024];

void gen_set_out_dir(const char *dir)
{
    snprintf(out_dir, sizeof(out_dir), "%s", dir);
}

const char *gen_out_path(const char *name)
{
    static char path[1200];
    snprintf(path, sizeof(path), "%s/%s", out_dir, name);
    return path;
}

void gen_open(gen_t *g, const char *path, uint32_t seed)
{
    memset(g, 0, sizeof(*g));
    g->pcap = pcap_open_dead(DLT_EN10MB, 65535);
    g->dump = g->pcap ? pcap_dump_open(g->pcap, path) : NULL;
    if (g->dump == NULL) {
        fprintf(stderr, "cannot write %s: %s\n", path, g->pcap ? pcap_geterr(g->pcap) : "pcap_open_dead");
        exit(1);
    }
    g->usec = START_USEC;
    g->rng = seed ? seed : 0x9e3779b9u;
    g->ip_id = 0x100;
}

void gen_close(gen_t *g, const char *path)
{
    pcap_dump_close(g->dump);
    pcap_close(g->pcap);
    printf("%s: %u frames\n", path, g->frames);
}

uint32_t gen_rand(gen_t *g)
{
    uint32_t x = g->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    g->rng = x;
    return x;
}

void gen_fill(gen_t *g, uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(gen_rand(g) >> 24);
}

void gen_hex(gen_t *g, char *out, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        uint8_t b;
        gen_fill(g, &b, 1);
        out[2 * i] = digits[b >> 4];
        out[2 * i + 1] = digits[b & 15];
    }
    out[2 * n] = '\0';
}

void gen_wait(gen_t *g, uint64_t usec)
{
    g->usec += usec;
}

void gen_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

void gen_put32(uint8_t *p, uint32_t v)
{
    gen_put16(p, (uint16_t)(v >> 16));
    gen_put16(p + 2, (uint16_t)v);
}

#define put16 gen_put16
#define put32 gen_put32

uint32_t gen_sum16(uint32_t sum, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | (i + 1 < n ? p[i + 1] : 0));
    return sum;
}

uint16_t gen_fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

void gen_ip6(uint8_t a[16], uint16_t g0, uint16_t g1, uint16_t g2, uint16_t g3, uint16_t g7)
{
    memset(a, 0, 16);
    put16(a, g0);
    put16(a + 2, g1);
    put16(a + 4, g2);
    put16(a + 6, g3);
    put16(a + 14, g7);
}

size_t gen_ip6_hdr(uint8_t *p, uint8_t tclass, const uint8_t src[16], const uint8_t dst[16], uint8_t nh, size_t plen,
                   uint8_t hlim)
{
    put32(p, 0x60000000u | ((uint32_t)tclass << 20));
    put16(p + 4, (uint16_t)plen);
    p[6] = nh;
    p[7] = hlim;
    memcpy(p + 8, src, 16);
    memcpy(p + 24, dst, 16);
    return 40;
}

/* Ethernet header of type type: MACs 02:00:5e and the last three bytes of
 * the IP addresses (dst3, src3), so that each host keeps one. */
static void put_eth(uint8_t *f, const uint8_t *dst3, const uint8_t *src3, uint16_t type)
{
    static const uint8_t oui[3] = {0x02, 0x00, 0x5e};
    memcpy(f, oui, 3);
    memcpy(f + 3, dst3, 3);
    memcpy(f + 6, oui, 3);
    memcpy(f + 9, src3, 3);
    put16(f + 12, type);
}

/* Ethernet + IPv4 header (TOS byte tos, don't-fragment when df) for proto
 * and l4len bytes of layer 4; returns the layer-4 offset, and in *pseudo the
 * sum of the layer-4 checksum's pseudo-header (addresses, protocol, length). */
static size_t put_eth_ip(gen_t *g, uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto, uint8_t tos, int df,
                         size_t l4len, uint32_t *pseudo)
{
    uint8_t *ip = f + 14;
    memset(ip, 0, 20);
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put_eth(f, ip + 17, ip + 13, 0x0800);
    ip[0] = 0x45;
    ip[1] = tos;
    put16(ip + 2, (uint16_t)(20 + l4len));
    put16(ip + 4, g->ip_id++);
    if (df)
        ip[6] = 0x40;
    ip[8] = 64;
    ip[9] = proto;
    put16(ip + 10, gen_fold(gen_sum16(0, ip, 20)));
    *pseudo = gen_sum16(0, ip + 12, 8) + (uint32_t)l4len + proto;
    return 34;
}

/* The same over IPv6 (traffic class tclass, hop limit 64): offset 54. */
static size_t put_eth_ip6(uint8_t *f, const uint8_t src[16], const uint8_t dst[16], uint8_t proto, uint8_t tclass,
                          size_t l4len, uint32_t *pseudo)
{
    put_eth(f, dst + 13, src + 13, 0x86dd);
    gen_ip6_hdr(f + 14, tclass, src, dst, proto, l4len, 64);
    *pseudo = gen_sum16(0, f + 22, 32) + (uint32_t)l4len + proto;
    return 54;
}

static void emit(gen_t *g, const uint8_t *f, size_t n)
{
    struct pcap_pkthdr h;
    h.ts.tv_sec = (time_t)(g->usec / 1000000u);
    h.ts.tv_usec = (suseconds_t)(g->usec % 1000000u);
    h.caplen = h.len = (bpf_u_int32)n;
    pcap_dump((u_char *)g->dump, &h, f);
    g->frames++;
    g->usec += 1000; /* 1 ms between frames unless told otherwise */
}

/* The UDP header and payload at u (ulen bytes in all). */
static void put_udp(uint8_t *u, uint16_t sport, uint16_t dport, const uint8_t *payload, size_t ulen)
{
    put16(u, sport);
    put16(u + 2, dport);
    put16(u + 4, (uint16_t)ulen);
    put16(u + 6, 0);
    if (ulen > 8)
        memcpy(u + 8, payload, ulen - 8);
}

void gen_udp(gen_t *g, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *payload,
             size_t len)
{
    uint8_t f[MAX_FRAME];
    uint32_t pseudo;
    if (len > MAX_FRAME - 42)
        len = MAX_FRAME - 42;
    size_t off = put_eth_ip(g, f, src, dst, 17, g->tos, 0, 8 + len, &pseudo);
    put_udp(f + off, sport, dport, payload, 8 + len); /* no checksum (allowed for IPv4) */
    emit(g, f, off + 8 + len);
}

void gen_udp6(gen_t *g, const uint8_t src[16], uint16_t sport, const uint8_t dst[16], uint16_t dport,
              const uint8_t *payload, size_t len)
{
    uint8_t f[MAX_FRAME];
    uint32_t pseudo;
    uint16_t sum;
    if (len > MAX_FRAME - 62)
        len = MAX_FRAME - 62;
    size_t off = put_eth_ip6(f, src, dst, 17, g->tos, 8 + len, &pseudo);
    put_udp(f + off, sport, dport, payload, 8 + len);
    sum = gen_fold(gen_sum16(pseudo, f + off, 8 + len)); /* RFC 8200 §8.1 */
    put16(f + off + 6, sum ? sum : 0xffff);
    emit(g, f, off + 8 + len);
}

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_PSH 0x08
#define TH_ACK 0x10
#define MSS 1460

static void tcp_segment(gen_t *g, gen_tcp_t *c, int from_client, uint8_t flags, const uint8_t *payload, size_t len)
{
    uint8_t f[MAX_FRAME];
    uint32_t pseudo, *seq = from_client ? &c->cseq : &c->sseq, ack = from_client ? c->sseq : c->cseq;
    size_t off;
    if (c->v6)
        off = put_eth_ip6(f, from_client ? c->c6 : c->s6, from_client ? c->s6 : c->c6, 6, 0, 20 + len, &pseudo);
    else
        off = put_eth_ip(g, f, from_client ? c->cip : c->sip, from_client ? c->sip : c->cip, 6, 0, c->csum, 20 + len,
                         &pseudo);
    uint8_t *t = f + off;
    memset(t, 0, 20);
    put16(t, from_client ? c->cport : c->sport);
    put16(t + 2, from_client ? c->sport : c->cport);
    put32(t + 4, *seq);
    put32(t + 8, (flags & TH_ACK) ? ack : 0);
    t[12] = 5 << 4;
    t[13] = flags;
    put16(t + 14, 64240);
    if (len)
        memcpy(t + 20, payload, len);
    if (c->csum)
        put16(t + 16, gen_fold(gen_sum16(pseudo, t, 20 + len)));
    *seq += (uint32_t)len + ((flags & (TH_SYN | TH_FIN)) ? 1u : 0u); /* SYN and FIN take one */
    emit(g, f, off + 20 + len);
}

/* c's ports and random initial sequence numbers, then its three-way
 * handshake (3 frames); c's addresses are already set. */
static void tcp_handshake(gen_t *g, gen_tcp_t *c, uint16_t cport, uint16_t sport)
{
    c->cport = cport;
    c->sport = sport;
    c->cseq = gen_rand(g);
    c->sseq = gen_rand(g);
    tcp_segment(g, c, 1, TH_SYN, NULL, 0);
    tcp_segment(g, c, 0, TH_SYN | TH_ACK, NULL, 0);
    tcp_segment(g, c, 1, TH_ACK, NULL, 0);
}

void gen_tcp_open(gen_t *g, gen_tcp_t *c, uint32_t cip, uint16_t cport, uint32_t sip, uint16_t sport)
{
    memset(c, 0, sizeof(*c));
    c->cip = cip;
    c->sip = sip;
    tcp_handshake(g, c, cport, sport);
}

void gen_tcp_open_csum(gen_t *g, gen_tcp_t *c, uint32_t cip, uint16_t cport, uint32_t sip, uint16_t sport)
{
    memset(c, 0, sizeof(*c));
    c->csum = 1;
    c->cip = cip;
    c->sip = sip;
    tcp_handshake(g, c, cport, sport);
}

void gen_tcp_open6(gen_t *g, gen_tcp_t *c, const uint8_t cip[16], uint16_t cport, const uint8_t sip[16],
                   uint16_t sport)
{
    memset(c, 0, sizeof(*c));
    c->v6 = 1;
    c->csum = 1;
    memcpy(c->c6, cip, 16);
    memcpy(c->s6, sip, 16);
    tcp_handshake(g, c, cport, sport);
}

void gen_tcp_send(gen_t *g, gen_tcp_t *c, int from_client, const uint8_t *payload, size_t len)
{
    while (len > MSS) {
        tcp_segment(g, c, from_client, TH_ACK, payload, MSS);
        payload += MSS;
        len -= MSS;
    }
    tcp_segment(g, c, from_client, TH_PSH | TH_ACK, payload, len);
}

void gen_tcp_fin(gen_t *g, gen_tcp_t *c, int from_client)
{
    tcp_segment(g, c, from_client, TH_FIN | TH_ACK, NULL, 0);
}

void gen_tcp_rst(gen_t *g, gen_tcp_t *c, int from_client)
{
    tcp_segment(g, c, from_client, TH_RST | TH_ACK, NULL, 0);
}

void gen_tcp_close(gen_t *g, gen_tcp_t *c)
{
    tcp_segment(g, c, 1, TH_FIN | TH_ACK, NULL, 0);
    tcp_segment(g, c, 0, TH_FIN | TH_ACK, NULL, 0);
    tcp_segment(g, c, 1, TH_ACK, NULL, 0);
}

/* ---- Byte strings, DNS ---------------------------------------------------- */

void b_u8(buf_t *b, unsigned v)
{
    b->p[b->n++] = (uint8_t)v;
}

void b_u16(buf_t *b, unsigned v)
{
    put16(b->p + b->n, (uint16_t)v);
    b->n += 2;
}

void b_u32(buf_t *b, uint32_t v)
{
    put32(b->p + b->n, v);
    b->n += 4;
}

void b_mem(buf_t *b, const void *v, size_t n)
{
    memcpy(b->p + b->n, v, n);
    b->n += n;
}

void b_str(buf_t *b, const char *s)
{
    b_mem(b, s, strlen(s));
}

void b_rand(gen_t *g, buf_t *b, size_t n)
{
    gen_fill(g, b->p + b->n, n);
    b->n += n;
}

/* Length-prefixed blocks: b_open reserves a width-byte length field and
 * returns where, b_close fills it in with the length of what was appended
 * since. */
static size_t b_open(buf_t *b, size_t width)
{
    size_t at = b->n;
    b->n += width;
    return at;
}

static void b_close(buf_t *b, size_t at, size_t width)
{
    size_t n = b->n - at - width;
    for (size_t i = 0; i < width; i++)
        b->p[at + i] = (uint8_t)(n >> (8 * (width - 1 - i)));
}

/* A DNS name in wire format at p (labels, then the root's 0); returns its
 * length. */
static size_t dns_name(uint8_t *p, const char *name)
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

size_t gen_dns_msg(uint8_t *p, uint16_t id, const char *qname, uint16_t qtype, const char *const *chain, unsigned n,
                   const uint8_t *addr, uint32_t ttl)
{
    size_t off = 12, owner;
    memset(p, 0, 12);
    put16(p, id);
    put16(p + 2, addr ? 0x8180 : 0x0100);
    put16(p + 4, 1);
    put16(p + 6, addr ? (uint16_t)(n + 1) : 0);
    owner = off;
    off += dns_name(p + off, qname);
    put16(p + off, qtype);
    put16(p + off + 2, 1);
    off += 4;
    if (!addr)
        return off;
    for (unsigned i = 0; i < n; i++) {
        size_t rd;
        put16(p + off, (uint16_t)(0xc000 | owner));
        put16(p + off + 2, DNS_CNAME);
        put16(p + off + 4, 1);
        put32(p + off + 6, 300);
        rd = dns_name(p + off + 12, chain[i]);
        put16(p + off + 10, (uint16_t)rd);
        owner = off + 12;
        off += 12 + rd;
    }
    put16(p + off, (uint16_t)(0xc000 | owner));
    put16(p + off + 2, qtype);
    put16(p + off + 4, 1);
    put32(p + off + 6, ttl);
    put16(p + off + 10, qtype == DNS_AAAA ? 16 : 4);
    memcpy(p + off + 12, addr, qtype == DNS_AAAA ? 16 : 4);
    return off + 12 + (qtype == DNS_AAAA ? 16 : 4);
}

/* ---- TLS handshake messages ---------------------------------------------- */

#define GROUP_X25519MLKEM768 0x11ec
#define GROUP_X25519 0x001d

/* The server_name extension naming sni (RFC 6066 §3). */
static void ext_server_name(buf_t *b, const char *sni)
{
    size_t e, l, l2;
    b_u16(b, 0x0000);
    e = b_open(b, 2);
    l = b_open(b, 2);
    b_u8(b, 0); /* host_name */
    l2 = b_open(b, 2);
    b_str(b, sni);
    b_close(b, l2, 2);
    b_close(b, l, 2);
    b_close(b, e, 2);
}

/* The extensions of the browsers' and QUIC's hellos (tls_hello_t). */
static void browser_extensions(gen_t *g, buf_t *b, tls_hello_t kind, const char *sni, const uint8_t *quic_scid)
{
    static const uint16_t sigalgs[] = {0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};
    int quic = kind == TLS_HELLO_QUIC, pq = kind == TLS_HELLO_13_PQ, tls13 = kind != TLS_HELLO_12;
    size_t e, l;

    if (tls13) {
        b_u16(b, 0x002b); /* supported_versions */
        e = b_open(b, 2);
        l = b_open(b, 1);
        b_u16(b, 0x0304);
        if (!quic)
            b_u16(b, 0x0303);
        b_close(b, l, 1);
        b_close(b, e, 2);
    }
    b_u16(b, 0x000a); /* supported_groups */
    e = b_open(b, 2);
    l = b_open(b, 2);
    if (pq)
        b_u16(b, GROUP_X25519MLKEM768);
    b_u16(b, GROUP_X25519);
    b_u16(b, 0x0017);
    b_u16(b, 0x0018);
    b_close(b, l, 2);
    b_close(b, e, 2);
    if (!quic) {
        b_u16(b, 0x000b); /* ec_point_formats: uncompressed */
        b_u16(b, 2);
        b_u8(b, 1);
        b_u8(b, 0);
    }
    b_u16(b, 0x000d); /* signature_algorithms */
    e = b_open(b, 2);
    l = b_open(b, 2);
    for (size_t i = 0; i < sizeof(sigalgs) / 2; i++)
        b_u16(b, sigalgs[i]);
    b_close(b, l, 2);
    b_close(b, e, 2);
    if (tls13) {
        b_u16(b, 0x0033); /* key_share */
        e = b_open(b, 2);
        l = b_open(b, 2);
        if (pq) {
            b_u16(b, GROUP_X25519MLKEM768); /* ML-KEM-768 encapsulation key + X25519 share */
            b_u16(b, 1216);
            b_rand(g, b, 1216);
        }
        b_u16(b, GROUP_X25519);
        b_u16(b, 32);
        b_rand(g, b, 32);
        b_close(b, l, 2);
        b_close(b, e, 2);
        b_u16(b, 0x002d); /* psk_key_exchange_modes: psk_dhe_ke */
        b_u16(b, 2);
        b_u8(b, 1);
        b_u8(b, 1);
    }
    if (pq) {
        b_u16(b, 0xfe0d); /* encrypted_client_hello, GREASE (outer) */
        e = b_open(b, 2);
        b_u8(b, 0);       /* outer */
        b_u16(b, 0x0001); /* HKDF-SHA256 */
        b_u16(b, 0x0001); /* AES-128-GCM */
        b_rand(g, b, 1);  /* config_id */
        l = b_open(b, 2);
        b_rand(g, b, 32); /* enc */
        b_close(b, l, 2);
        l = b_open(b, 2);
        b_rand(g, b, 144); /* payload */
        b_close(b, l, 2);
        b_close(b, e, 2);
    }
    if (sni)
        ext_server_name(b, sni);
    b_u16(b, 0x0010); /* application_layer_protocol_negotiation */
    e = b_open(b, 2);
    l = b_open(b, 2);
    if (quic) {
        b_u8(b, 2);
        b_str(b, "h3");
    } else {
        b_u8(b, 2);
        b_str(b, "h2");
        b_u8(b, 8);
        b_str(b, "http/1.1");
    }
    b_close(b, l, 2);
    b_close(b, e, 2);
    if (quic) {
        b_u16(b, 0x0039); /* quic_transport_parameters (RFC 9000 §18) */
        e = b_open(b, 2);
        b_u8(b, 0x01);    /* max_idle_timeout 30000 ms */
        b_u8(b, 4);
        b_u32(b, 0x80007530);
        b_u8(b, 0x04);    /* initial_max_data 1 MiB */
        b_u8(b, 4);
        b_u32(b, 0x80100000);
        b_u8(b, 0x08);    /* initial_max_streams_bidi 100 */
        b_u8(b, 2);
        b_u16(b, 0x4064);
        b_u8(b, 0x0f);    /* initial_source_connection_id */
        b_u8(b, 8);
        b_mem(b, quic_scid, 8);
        b_close(b, e, 2);
    } else {
        b_u16(b, 0x0017); /* extended_master_secret */
        b_u16(b, 0);
        b_u16(b, 0xff01); /* renegotiation_info */
        b_u16(b, 1);
        b_u8(b, 0);
    }
    if (pq) {
        /* padding (RFC 7685) to a 1800-byte handshake message, as browsers
         * pad their large hellos */
        b_u16(b, 0x0015);
        l = b_open(b, 2);
        while (b->n < 1800)
            b_u8(b, 0);
        b_close(b, l, 2);
    }
}

size_t tls_client_hello(gen_t *g, uint8_t *p, tls_hello_t kind, const char *sni, const uint8_t *quic_scid)
{
    static const uint16_t suites13[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8};
    static const uint16_t suites12[] = {0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0x009c, 0x009d};
    static const uint16_t suite10[] = {0x002f}, suite_sni[] = {0x1301};
    const uint16_t *suites = suites13;
    size_t n_suites = 9, hs, l;
    buf_t b = {p, 0};

    switch (kind) {
    case TLS_HELLO_10:
        suites = suite10;
        n_suites = 1;
        break;
    case TLS_HELLO_SNI:
        suites = suite_sni;
        n_suites = 1;
        break;
    case TLS_HELLO_12:
        suites = suites12;
        n_suites = 8;
        break;
    case TLS_HELLO_QUIC:
        n_suites = 3; /* the TLS 1.3 ones */
        break;
    default:
        break;
    }
    b_u8(&b, 0x01);
    hs = b_open(&b, 3);
    b_u16(&b, kind == TLS_HELLO_10 ? 0x0301 : 0x0303);
    b_rand(g, &b, 32);
    if (kind == TLS_HELLO_13 || kind == TLS_HELLO_13_PQ) { /* middlebox compatibility: a 32-byte session id */
        b_u8(&b, 32);
        b_rand(g, &b, 32);
    } else {
        b_u8(&b, 0);
    }
    l = b_open(&b, 2);
    for (size_t i = 0; i < n_suites; i++)
        b_u16(&b, suites[i]);
    b_close(&b, l, 2);
    b_u8(&b, 1); /* compression: null */
    b_u8(&b, 0);
    if (kind != TLS_HELLO_10) {
        size_t ext = b_open(&b, 2);
        if (kind == TLS_HELLO_SNI)
            ext_server_name(&b, sni);
        else
            browser_extensions(g, &b, kind, sni, quic_scid);
        b_close(&b, ext, 2);
    }
    b_close(&b, hs, 3);
    return kind == TLS_HELLO_QUIC ? b.n : tls_record(p, 0x16, 0x0301, b.n);
}

size_t tls_server_hello(gen_t *g, uint8_t *p, uint16_t version, size_t sid_len, uint16_t suite, tls_sh_ext_t ext)
{
    buf_t b = {p, 0};
    size_t hs, e, l;
    b_u8(&b, 0x02);
    hs = b_open(&b, 3);
    b_u16(&b, version);
    b_rand(g, &b, 32);
    b_u8(&b, (unsigned)sid_len);
    b_rand(g, &b, sid_len);
    b_u16(&b, suite);
    b_u8(&b, 0);
    if (ext == TLS_SH_12) {
        e = b_open(&b, 2);
        b_u16(&b, 0xff01); /* renegotiation_info */
        b_u16(&b, 1);
        b_u8(&b, 0);
        b_u16(&b, 0x0017); /* extended_master_secret */
        b_u16(&b, 0);
        b_close(&b, e, 2);
    } else if (ext == TLS_SH_13) {
        e = b_open(&b, 2);
        b_u16(&b, 0x002b); /* supported_versions: TLS 1.3 */
        b_u16(&b, 2);
        b_u16(&b, 0x0304);
        b_u16(&b, 0x0033); /* key_share */
        l = b_open(&b, 2);
        b_u16(&b, GROUP_X25519);
        b_u16(&b, 32);
        b_rand(g, &b, 32);
        b_close(&b, l, 2);
        b_close(&b, e, 2);
    }
    b_close(&b, hs, 3);
    return b.n;
}

size_t tls_server_key_exchange(gen_t *g, uint8_t *p)
{
    buf_t b = {p, 0};
    size_t m;
    b_u8(&b, 0x0c); /* ServerKeyExchange */
    m = b_open(&b, 3);
    b_u8(&b, 3); /* ECCurveType named_curve */
    b_u16(&b, GROUP_X25519);
    b_u8(&b, 32);
    b_rand(g, &b, 32);
    b_u16(&b, 0x0401); /* rsa_pkcs1_sha256 */
    b_u16(&b, 256);
    b_rand(g, &b, 256);
    b_close(&b, m, 3);
    return b.n;
}

size_t tls_client_key_exchange(gen_t *g, uint8_t *p)
{
    buf_t b = {p, 0};
    size_t m;
    b_u8(&b, 0x10); /* ClientKeyExchange */
    m = b_open(&b, 3);
    b_u8(&b, 32);
    b_rand(g, &b, 32);
    b_close(&b, m, 3);
    return b.n;
}

size_t tls_certificate(uint8_t *p, const uint8_t *cert, size_t n)
{
    buf_t b = {p, 0};
    size_t m, l;
    b_u8(&b, 0x0b); /* Certificate */
    m = b_open(&b, 3);
    l = b_open(&b, 3);
    b_u8(&b, (uint8_t)(n >> 16));
    b_u16(&b, (uint16_t)n);
    b_mem(&b, cert, n);
    b_close(&b, l, 3);
    b_close(&b, m, 3);
    b_u8(&b, 0x0e); /* ServerHelloDone */
    b_u8(&b, 0);
    b_u16(&b, 0);
    return b.n;
}

size_t tls_record(uint8_t *p, uint8_t type, uint16_t version, size_t n)
{
    memmove(p + 5, p, n);
    p[0] = type;
    put16(p + 1, version);
    put16(p + 3, (uint16_t)n);
    return n + 5;
}

size_t tls_appdata_record(gen_t *g, uint8_t *p, size_t n)
{
    p[0] = 0x17;
    put16(p + 1, 0x0303);
    put16(p + 3, (uint16_t)n);
    gen_fill(g, p + 5, n);
    return n + 5;
}

/* ---- X.509 certificates (DER) ------------------------------------------ */

/* Open a DER element: 4 bytes kept for its tag and length, the content from
 * the returned offset + 4. */
static size_t der_open(buf_t *b)
{
    size_t at = b->n;
    b->n += 4;
    return at;
}

/* Close the element opened at `at`: write tag and the shortest length, move
 * the content down. */
static void der_close(buf_t *b, size_t at, uint8_t tag)
{
    size_t n = b->n - at - 4, h = n < 0x80 ? 2 : n < 0x100 ? 3 : 4;
    memmove(b->p + at + h, b->p + at + 4, n);
    b->p[at] = tag;
    if (h == 2) {
        b->p[at + 1] = (uint8_t)n;
    } else if (h == 3) {
        b->p[at + 1] = 0x81;
        b->p[at + 2] = (uint8_t)n;
    } else {
        b->p[at + 1] = 0x82;
        put16(b->p + at + 2, (uint16_t)n);
    }
    b->n = at + h + n;
}

static void der_prim(buf_t *b, uint8_t tag, const void *v, size_t n)
{
    size_t at = der_open(b);
    b_mem(b, v, n);
    der_close(b, at, tag);
}

#define DER_INT 0x02
#define DER_BITS 0x03
#define DER_OCTETS 0x04
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_UTF8 0x0c
#define DER_PRINTABLE 0x13
#define DER_UTCTIME 0x17
#define DER_SEQ 0x30
#define DER_SET 0x31

static const uint8_t OID_SHA256_RSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b};
static const uint8_t OID_RSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
static const uint8_t OID_C[] = {0x55, 0x04, 0x06};
static const uint8_t OID_O[] = {0x55, 0x04, 0x0a};
static const uint8_t OID_CN[] = {0x55, 0x04, 0x03};
static const uint8_t OID_SAN[] = {0x55, 0x1d, 0x11};
static const uint8_t OID_BASIC[] = {0x55, 0x1d, 0x13};

static void der_alg(buf_t *b, const uint8_t *oid, size_t n)
{
    size_t s = der_open(b);
    der_prim(b, DER_OID, oid, n);
    der_prim(b, DER_NULL, NULL, 0);
    der_close(b, s, DER_SEQ);
}

/* One RDN: SET { SEQ { type, string } }. */
static void der_rdn(buf_t *b, const uint8_t *oid, size_t n, uint8_t strtag, const char *value)
{
    size_t set = der_open(b), seq = der_open(b);
    der_prim(b, DER_OID, oid, n);
    der_prim(b, strtag, value, strlen(value));
    der_close(b, seq, DER_SEQ);
    der_close(b, set, DER_SET);
}

size_t x509_cert(gen_t *g, uint8_t *p, const char *issuer_cn, const char *subject_cn, const char *const *san,
                 size_t nsan)
{
    static const uint8_t e65537[3] = {0x01, 0x00, 0x01}, v3[1] = {2}, yes[1] = {0xff};
    buf_t b = {p, 0};
    size_t cert, tbs, s, s2, s3, s4;
    uint8_t tmp[300];

    cert = der_open(&b);
    tbs = der_open(&b);
    s = der_open(&b); /* [0] version v3 */
    der_prim(&b, DER_INT, v3, 1);
    der_close(&b, s, 0xa0);
    gen_fill(g, tmp, 16);
    tmp[0] &= 0x3f;
    tmp[0] |= 0x10;
    der_prim(&b, DER_INT, tmp, 16);
    der_alg(&b, OID_SHA256_RSA, sizeof(OID_SHA256_RSA));
    s = der_open(&b); /* issuer */
    der_rdn(&b, OID_C, sizeof(OID_C), DER_PRINTABLE, "US");
    der_rdn(&b, OID_O, sizeof(OID_O), DER_PRINTABLE, "Microsoft Corporation");
    der_rdn(&b, OID_CN, sizeof(OID_CN), DER_PRINTABLE, issuer_cn);
    der_close(&b, s, DER_SEQ);
    s = der_open(&b); /* validity */
    der_prim(&b, DER_UTCTIME, "260601000000Z", 13);
    der_prim(&b, DER_UTCTIME, "270531235959Z", 13);
    der_close(&b, s, DER_SEQ);
    s = der_open(&b); /* subject */
    der_rdn(&b, OID_O, sizeof(OID_O), DER_UTF8, "Microsoft Corporation");
    der_rdn(&b, OID_CN, sizeof(OID_CN), DER_UTF8, subject_cn);
    der_close(&b, s, DER_SEQ);
    s = der_open(&b); /* subjectPublicKeyInfo */
    der_alg(&b, OID_RSA, sizeof(OID_RSA));
    s2 = der_open(&b);
    b_u8(&b, 0); /* unused bits */
    s3 = der_open(&b);
    gen_fill(g, tmp + 1, 256);
    tmp[0] = 0;
    tmp[1] |= 0x80;
    tmp[256] |= 0x01;
    der_prim(&b, DER_INT, tmp, 257);
    der_prim(&b, DER_INT, e65537, 3);
    der_close(&b, s3, DER_SEQ);
    der_close(&b, s2, DER_BITS);
    der_close(&b, s, DER_SEQ);
    s = der_open(&b); /* [3] extensions */
    s2 = der_open(&b);
    s3 = der_open(&b); /* basicConstraints, critical, cA FALSE (empty SEQUENCE) */
    der_prim(&b, DER_OID, OID_BASIC, sizeof(OID_BASIC));
    der_prim(&b, 0x01, yes, 1);
    s4 = der_open(&b);
    der_prim(&b, DER_SEQ, NULL, 0);
    der_close(&b, s4, DER_OCTETS);
    der_close(&b, s3, DER_SEQ);
    s3 = der_open(&b); /* subjectAltName */
    der_prim(&b, DER_OID, OID_SAN, sizeof(OID_SAN));
    s4 = der_open(&b);
    {
        size_t gn = der_open(&b);
        for (size_t i = 0; i < nsan; i++)
            der_prim(&b, 0x82, san[i], strlen(san[i])); /* [2] dNSName */
        der_close(&b, gn, DER_SEQ);
    }
    der_close(&b, s4, DER_OCTETS);
    der_close(&b, s3, DER_SEQ);
    der_close(&b, s2, DER_SEQ);
    der_close(&b, s, 0xa3);
    der_close(&b, tbs, DER_SEQ);
    der_alg(&b, OID_SHA256_RSA, sizeof(OID_SHA256_RSA));
    s = der_open(&b);
    b_u8(&b, 0);
    b_rand(g, &b, 256);
    der_close(&b, s, DER_BITS);
    der_close(&b, cert, DER_SEQ);
    return b.n;
}
