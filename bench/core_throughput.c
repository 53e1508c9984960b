/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Throughput of the pure-C core alone, on the packets of a capture.
 *
 *   core_throughput CAPTURE [ROUNDS]     (Ethernet or raw IPv4 link types)
 *
 * Loads every IPv4 UDP/TCP packet of CAPTURE into memory (libpcap), then
 * times, with CLOCK_PROCESS_CPUTIME_ID on one core, ROUNDS (default 5) passes
 * of what the plugin's epan layer asks of the core per packet, in capture
 * order:
 *   UDP  byte-2 pre-filter (skype_cand_interesting); for a datagram of a
 *        confirmed client, SoM parse, U1-U4 probe step and request/response
 *        pairing on that 5-tuple's state; otherwise the candidate table
 *        (skype_cand_observe), which may confirm the client;
 *   TCP  on a connection's first payload, skype_tcp_identify (linked when the
 *        server is an SN a confirmed client probed); then skype_tcp_step for
 *        each payload segment of a recognised connection.
 * State is found through glib hash tables keyed by endpoint and 5-tuple, as
 * the plugin finds it through Wireshark's conversation table and wmem maps;
 * every pass starts from empty state. Prints packets, passes, CPU seconds
 * and packets per second, plus what the core recognised (clients, probe
 * messages, TCP connections) as a check that it did the real work.
 * Exits 2 on an unreadable capture.
 */
#include <glib.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "skype_endpoint.h"
#include "skype_probe.h"
#include "skype_som.h"
#include "skype_tcp.h"

typedef struct pkt {
    const uint8_t *payload; /* points into the loaded packet */
    uint32_t caplen, len;   /* captured and wire payload length */
    uint8_t src[4], dst[4];
    uint16_t sport, dport;
    uint8_t udp;            /* 1 UDP, 0 TCP */
} pkt_t;

typedef struct flow {        /* per 5-tuple: UDP probe and pairing, or TCP machine */
    skype_probe_state_t probe;
    skype_pair_ring_t ring;
    skype_tcp_state_t tcp;
    uint8_t a[4];            /* the side that sent the first packet (TCP: client) */
    uint16_t aport;
    uint8_t tcp_seen;        /* first payload segment handled */
    uint8_t tcp_on;          /* recognised as Skype */
} flow_t;

static guint64 key_ep(const uint8_t ip[4], uint16_t port)
{
    return ((guint64)ip[0] << 40) | ((guint64)ip[1] << 32) | ((guint64)ip[2] << 24) | ((guint64)ip[3] << 16) | port;
}

/* Order-independent 5-tuple key (two 48-bit endpoints folded into 64 bits
 * plus the protocol; collisions would only merge two flows' state). */
static guint64 key_flow(const pkt_t *k)
{
    guint64 a = key_ep(k->src, k->sport), b = key_ep(k->dst, k->dport);
    guint64 lo = a < b ? a : b, hi = a < b ? b : a;
    return (lo * 0x9E3779B97F4A7C15ull) ^ (hi + 0x632BE59BD9B4E019ull + (lo << 6)) ^ k->udp;
}

static gboolean parse(const uint8_t *d, uint32_t caplen, uint32_t wirelen, int linktype, pkt_t *k)
{
    uint32_t off = 0, ihl, ip_len;
    if (linktype == DLT_EN10MB) {
        if (caplen < 14 || d[12] != 0x08 || d[13] != 0x00)
            return FALSE;
        off = 14;
    } else if (linktype != DLT_RAW && linktype != 228 /* LINKTYPE_IPV4 */) {
        return FALSE;
    }
    if (caplen < off + 20 || (d[off] >> 4) != 4)
        return FALSE;
    ihl = (uint32_t)(d[off] & 15) * 4;
    ip_len = ((uint32_t)d[off + 2] << 8) | d[off + 3];
    if (ihl < 20 || caplen < off + ihl + 8 || ((d[off + 6] & 0x1f) | d[off + 7]) != 0)
        return FALSE;
    memcpy(k->src, d + off + 12, 4);
    memcpy(k->dst, d + off + 16, 4);
    k->sport = (uint16_t)((d[off + ihl] << 8) | d[off + ihl + 1]);
    k->dport = (uint16_t)((d[off + ihl + 2] << 8) | d[off + ihl + 3]);
    if (d[off + 9] == 17) {
        k->udp = 1;
        off += ihl + 8;
    } else if (d[off + 9] == 6) {
        uint32_t thl;
        if (caplen < off + ihl + 20)
            return FALSE;
        thl = (uint32_t)(d[off + ihl + 12] >> 4) * 4;
        if (thl < 20 || caplen < off + ihl + thl)
            return FALSE;
        k->udp = 0;
        off += ihl + thl;
    } else {
        return FALSE;
    }
    k->payload = d + off;
    k->caplen = caplen - off;
    /* Wire payload length from the IP total length, else from the frame. */
    k->len = ip_len >= (off - (linktype == DLT_EN10MB ? 14u : 0u)) ?
                 ip_len - (off - (linktype == DLT_EN10MB ? 14u : 0u)) : wirelen - off;
    if (k->len < k->caplen)
        k->caplen = k->len;
    return TRUE;
}

typedef struct counts {
    unsigned long clients, probe_msgs, tcp_conns, tcp_msgs;
} counts_t;

static void run(const pkt_t *pk, size_t n, counts_t *c)
{
    static skype_cand_table_t table; /* 528 KiB, zeroed per pass */
    GHashTable *clients = g_hash_table_new(g_int64_hash, g_int64_equal);
    GHashTable *peers = g_hash_table_new(g_int64_hash, g_int64_equal);
    GHashTable *flows = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free);

    memset(&table, 0, sizeof(table));
    memset(c, 0, sizeof(*c));
    for (size_t i = 0; i < n; i++) {
        const pkt_t *k = &pk[i];
        guint64 ks = key_ep(k->src, k->sport), kd = key_ep(k->dst, k->dport), kf;
        flow_t *f;
        gboolean src_client;

        if (k->udp) {
            src_client = g_hash_table_contains(clients, &ks);
            if (!src_client && !g_hash_table_contains(clients, &kd)) {
                skype_ep_t a, b;
                skype_confirm_t conf;
                if (k->caplen < 3 || !skype_cand_interesting(k->payload[2]))
                    continue;
                skype_ep_set(&a, k->src, 4, k->sport);
                skype_ep_set(&b, k->dst, 4, k->dport);
                if (skype_cand_observe(&table, &a, &b, k->payload, k->caplen, k->len, (uint32_t)i + 1, &conf)) {
                    guint64 *key = g_new(guint64, 1);
                    *key = ks;
                    g_hash_table_add(clients, key);
                    c->clients++;
                }
                continue;
            }
            kf = key_flow(k);
            f = g_hash_table_lookup(flows, &kf);
            if (f == NULL) {
                guint64 *key = g_new(guint64, 1);
                *key = kf;
                f = g_new0(flow_t, 1);
                skype_probe_init(&f->probe);
                g_hash_table_insert(flows, key, f);
            }
            {
                skype_som_t som;
                skype_probe_out_t out;
                if (!skype_som_parse(k->payload, k->caplen, &som))
                    continue;
                skype_probe_step(&f->probe, src_client, k->payload, k->caplen, k->len, (uint32_t)i + 1, &out);
                if (out.msg != 0) {
                    c->probe_msgs++;
                    if (g_hash_table_lookup(peers, src_client ? &kd : &ks) == NULL) {
                        guint64 *key = g_new(guint64, 1);
                        *key = src_client ? kd : ks;
                        g_hash_table_insert(peers, key, key);
                    }
                }
                skype_pair_observe(&f->ring, src_client, som.id, (uint32_t)i + 1);
            }
        } else {
            skype_tcp_out_t out;
            gboolean from_client;
            if (k->caplen == 0)
                continue;
            kf = key_flow(k);
            f = g_hash_table_lookup(flows, &kf);
            if (f == NULL) {
                guint64 *key = g_new(guint64, 1);
                uint8_t mode;
                *key = kf;
                f = g_new0(flow_t, 1);
                memcpy(f->a, k->src, 4);
                f->aport = k->sport;
                f->tcp_seen = 1;
                g_hash_table_insert(flows, key, f);
                mode = skype_tcp_identify(k->payload, k->caplen, k->len, k->dport,
                                          g_hash_table_contains(peers, &kd) || g_hash_table_contains(clients, &kd));
                if (mode != SKYPE_MODE_NONE) {
                    skype_tcp_init(&f->tcp, mode, FALSE);
                    f->tcp_on = 1;
                    c->tcp_conns++;
                }
            }
            if (!f->tcp_on)
                continue;
            from_client = memcmp(f->a, k->src, 4) == 0 && f->aport == k->sport;
            skype_tcp_step(&f->tcp, from_client, k->payload, k->caplen, k->len, &out);
            if (out.msg != 0)
                c->tcp_msgs++;
        }
    }
    g_hash_table_destroy(flows);
    g_hash_table_destroy(peers);
    g_hash_table_destroy(clients);
}

int main(int argc, char **argv)
{
    char err[PCAP_ERRBUF_SIZE];
    struct pcap_pkthdr *h;
    const u_char *d;
    pcap_t *pc;
    GArray *pkts = g_array_new(FALSE, FALSE, sizeof(pkt_t));
    GPtrArray *bufs = g_ptr_array_new_with_free_func(g_free);
    int rounds = argc > 2 ? atoi(argv[2]) : 5, linktype, rc;
    unsigned long frames = 0;
    struct timespec t0, t1;
    counts_t c;
    double secs;

    if (argc < 2 || rounds < 1) {
        fprintf(stderr, "usage: %s CAPTURE [ROUNDS]\n", argv[0]);
        return 2;
    }
    pc = pcap_open_offline(argv[1], err);
    if (pc == NULL) {
        fprintf(stderr, "core_throughput: %s\n", err);
        return 2;
    }
    linktype = pcap_datalink(pc);
    while ((rc = pcap_next_ex(pc, &h, &d)) == 1) {
        pkt_t k;
        uint8_t *copy;
        frames++;
        copy = g_memdup2(d, h->caplen);
        if (!parse(copy, h->caplen, h->len, linktype, &k)) {
            g_free(copy);
            continue;
        }
        g_ptr_array_add(bufs, copy);
        g_array_append_val(pkts, k);
    }
    pcap_close(pc);

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
    for (int r = 0; r < rounds; r++)
        run((const pkt_t *)(void *)pkts->data, pkts->len, &c);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
    secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

    printf("capture            %s\n", argv[1]);
    printf("frames             %lu (%u IPv4 UDP/TCP packets)\n", frames, pkts->len);
    printf("recognised         %lu clients, %lu probe messages, %lu TCP connections, %lu TCP messages\n",
           c.clients, c.probe_msgs, c.tcp_conns, c.tcp_msgs);
    printf("passes             %d, %.3f s CPU\n", rounds, secs);
    printf("core throughput    %.0f packets/s on one core (%.0f ns per packet)\n",
           (double)pkts->len * rounds / secs, secs * 1e9 / ((double)pkts->len * rounds));
    g_array_free(pkts, TRUE);
    g_ptr_array_free(bufs, TRUE);
    return 0;
}
