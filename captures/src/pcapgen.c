/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Deterministic Ethernet/IPv4/UDP/TCP frame writer (see pcapgen.h). */
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

size_t gen_dns_name(uint8_t *p, const char *name)
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

static uint16_t ip_checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Ethernet + IPv4 header (TOS byte tos) for proto and l4len bytes of layer 4;
 * returns the layer-4 offset. MACs are derived from the IPs so each host keeps one. */
static size_t put_eth_ip(gen_t *g, uint8_t *f, uint32_t src, uint32_t dst, uint8_t proto, uint8_t tos, size_t l4len)
{
    static const uint8_t oui[3] = {0x02, 0x00, 0x5e};
    memcpy(f, oui, 3);
    put16(f + 3, (uint16_t)(dst >> 8));
    f[5] = (uint8_t)dst;
    memcpy(f + 6, oui, 3);
    put16(f + 9, (uint16_t)(src >> 8));
    f[11] = (uint8_t)src;
    put16(f + 12, 0x0800);
    uint8_t *ip = f + 14;
    memset(ip, 0, 20);
    ip[0] = 0x45;
    ip[1] = tos;
    put16(ip + 2, (uint16_t)(20 + l4len));
    put16(ip + 4, g->ip_id++);
    ip[8] = 64;
    ip[9] = proto;
    put32(ip + 12, src);
    put32(ip + 16, dst);
    put16(ip + 10, ip_checksum(ip, 20));
    return 34;
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

void gen_frame(gen_t *g, const uint8_t *f, size_t n)
{
    emit(g, f, n);
}

void gen_udp(gen_t *g, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *payload,
             size_t len)
{
    uint8_t f[MAX_FRAME];
    if (len > MAX_FRAME - 42)
        len = MAX_FRAME - 42;
    size_t off = put_eth_ip(g, f, src, dst, 17, g->tos, 8 + len);
    put16(f + off, sport);
    put16(f + off + 2, dport);
    put16(f + off + 4, (uint16_t)(8 + len));
    put16(f + off + 6, 0); /* no checksum (allowed for IPv4) */
    if (len)
        memcpy(f + off + 8, payload, len);
    emit(g, f, off + 8 + len);
}

void gen_udp6(gen_t *g, const uint8_t src[16], uint16_t sport, const uint8_t dst[16], uint16_t dport,
              const uint8_t *payload, size_t len)
{
    static const uint8_t oui[3] = {0x02, 0x00, 0x5e};
    uint8_t f[MAX_FRAME];
    uint32_t sum = 0;
    size_t ulen;
    if (len > MAX_FRAME - 62)
        len = MAX_FRAME - 62;
    ulen = 8 + len;
    memcpy(f, oui, 3);
    memcpy(f + 3, dst + 13, 3);
    memcpy(f + 6, oui, 3);
    memcpy(f + 9, src + 13, 3);
    put16(f + 12, 0x86dd);
    uint8_t *ip = f + 14, *u = f + 54;
    put32(ip, 0x60000000u | ((uint32_t)g->tos << 20));
    put16(ip + 4, (uint16_t)ulen);
    ip[6] = 17;
    ip[7] = 64;
    memcpy(ip + 8, src, 16);
    memcpy(ip + 24, dst, 16);
    put16(u, sport);
    put16(u + 2, dport);
    put16(u + 4, (uint16_t)ulen);
    put16(u + 6, 0);
    if (len)
        memcpy(u + 8, payload, len);
    /* RFC 8200 §8.1: pseudo-header (addresses, length, next header) + UDP */
    for (size_t i = 0; i < 32; i += 2)
        sum += (uint32_t)(ip[8 + i] << 8 | ip[9 + i]);
    sum += (uint32_t)ulen + 17;
    for (size_t i = 0; i < ulen; i += 2)
        sum += (uint32_t)(u[i] << 8 | (i + 1 < ulen ? u[i + 1] : 0));
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    sum = ~sum & 0xffff;
    put16(u + 6, (uint16_t)(sum ? sum : 0xffff));
    emit(g, f, 54 + ulen);
}

static void tcp_segment(gen_t *g, gen_tcp_t *c, int from_client, uint8_t flags, const uint8_t *payload, size_t len)
{
    uint8_t f[MAX_FRAME];
    uint32_t src = from_client ? c->cip : c->sip, dst = from_client ? c->sip : c->cip;
    uint16_t sport = from_client ? c->cport : c->sport, dport = from_client ? c->sport : c->cport;
    uint32_t *seq = from_client ? &c->cseq : &c->sseq, ack = from_client ? c->sseq : c->cseq;
    if (len > MAX_FRAME - 54)
        len = MAX_FRAME - 54;
    size_t off = put_eth_ip(g, f, src, dst, 6, 0, 20 + len);
    uint8_t *t = f + off;
    memset(t, 0, 20);
    put16(t, sport);
    put16(t + 2, dport);
    put32(t + 4, *seq);
    put32(t + 8, (flags & 0x10) ? ack : 0);
    t[12] = 5 << 4;
    t[13] = flags;
    put16(t + 14, 64240);
    if (len)
        memcpy(t + 20, payload, len);
    *seq += (uint32_t)len + ((flags & 0x03) ? 1u : 0u); /* SYN and FIN take one */
    emit(g, f, off + 20 + len);
}

void gen_tcp_open(gen_t *g, gen_tcp_t *c, uint32_t cip, uint16_t cport, uint32_t sip, uint16_t sport)
{
    c->cip = cip;
    c->sip = sip;
    c->cport = cport;
    c->sport = sport;
    c->cseq = gen_rand(g);
    c->sseq = gen_rand(g);
    tcp_segment(g, c, 1, 0x02, NULL, 0);       /* SYN */
    tcp_segment(g, c, 0, 0x12, NULL, 0);       /* SYN+ACK */
    tcp_segment(g, c, 1, 0x10, NULL, 0);       /* ACK */
}

void gen_tcp_send(gen_t *g, gen_tcp_t *c, int from_client, const uint8_t *payload, size_t len)
{
    tcp_segment(g, c, from_client, 0x18, payload, len); /* PSH+ACK */
}

void gen_tcp_fin(gen_t *g, gen_tcp_t *c, int from_client)
{
    tcp_segment(g, c, from_client, 0x11, NULL, 0);
}

void gen_tcp_rst(gen_t *g, gen_tcp_t *c, int from_client)
{
    tcp_segment(g, c, from_client, 0x14, NULL, 0);
}
