/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the modern-tagging core (STUN with Microsoft
 * attributes, TLS SNI, DNS answers, name globs, IPv4 and IPv6 ranges) and
 * the calls core (demultiplexing, TURN ChannelData included, ICE ufrag pairs, STUN
 * details with and without the cookie, media kinds, stream quality from
 * header values, call groups driven by the bytes), the graph of legs
 * (kinds, proposed phases, every edge, rule 4, the last resort, a set and a
 * key table that may run out of memory) and the UDP 443 front's QUIC states and routing,
 * both driven by the bytes, TURN over TCP framing. The whole input is one
 * message on an exact-size heap block; its first byte also picks a pattern
 * list.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_call_graph.h"
#include "skype_call_join.h"
#include "skype_modern.h"
#include "skype_phase.h"
#include "skype_quality.h"
#include "skype_stream_join.h"

static void *grow(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

/* The calls core on the same bytes. */
static void fuzz_calls(const uint8_t *p, size_t size)
{
    skype_stun_info_t info;
    skype_rtp_stream_t s, s1, s2, s1h;
    skype_rtp_second_t sec = {0};
    skype_rtp_head_t h2;
    skype_callset_t cs;
    skype_ep_t host = {{10, 0, 0, 1}, 50000, 4, 0};
    uint8_t rule, phase = 0;
    bool same_ext = true; /* s2's packets extend against s2's highest as against the whole's */
    int64_t ext_off = 0;

    (void)skype_demux(p, size);
    (void)skype_ice_pair_key(p, size);
    if (skype_stun_parse_any(p, size, size, &info)) {
        if (info.username_off + (size_t)info.username_len > size || info.data_off + (size_t)info.data_len > size)
            abort();
        (void)skype_ice_pair_key(p + info.username_off, info.username_len);
        (void)skype_media_kind(info.stream_type, -1, 50000, 3479, &rule);
    }
    /* 8-byte records: seq, timestamp, arrival delta, DSCP + kind */
    skype_rtp_stream_init(&s, 1, size ? p[0] & 0x7f : 0, 1, 0);
    s1 = s2 = s; /* the same packets in two pieces, cut half way, joined without and with s2's head */
    memset(&h2, 0, sizeof(h2));
    skype_callset_init(&cs, grow, NULL);
    for (size_t off = 0, us = 0; off + 8 <= size; off += 8) {
        uint16_t seq = (uint16_t)(p[off] << 8 | p[off + 1]);
        uint32_t ts = (uint32_t)p[off + 2] << 24 | (uint32_t)p[off + 3] << 16 | (uint32_t)p[off + 4] << 8 | p[off + 5];
        uint32_t g;
        us += p[off + 6] * 1000u;
        s.kind = (uint8_t)(p[off + 7] & 7);
        if (off < size / 16 * 8) {
            skype_rtp_stream_add(&s1, seq, ts, p[off] & 1, us, 100, NULL);
        } else {
            int64_t ext_w = skype_rtp_seq_extend(s.max_ext_seq, seq);
            if (s2.packets == 0)
                ext_off = ext_w - seq;
            else if (ext_w != skype_rtp_seq_extend(s2.max_ext_seq, seq) + ext_off)
                same_ext = false;
            skype_rtp_stream_add(&s2, seq, ts, p[off] & 1, us, 100, NULL);
            skype_rtp_head_add(&h2, &s2);
        }
        skype_rtp_stream_add(&s, seq, ts, p[off] & 1, us, 100, &sec);
        if (sec.second > s.cur.second)
            abort();
        if (p[off + 1] == 0x81) /* a round trip from the record as a report block */
            skype_rtp_stream_rtt(&s, skype_rtcp_rtt_ms(&s, ts, (uint32_t)seq << 8, us), (uint32_t)off);
        else if (p[off + 1] == 0x80)
            skype_rtp_stream_sr(&s, ts, us);
        (void)skype_rtp_stream_judge(&s, s.rtt_ms, &skype_quality_cqd, (uint32_t)off + 1);
        (void)skype_rtp_stream_dscp(&s, p[off + 7] >> 2, (uint32_t)off);
        (void)skype_media_kind(p[off + 7] & 3, p[off] & 0x7f, seq, (uint16_t)ts, NULL);
        (void)skype_call_phase_enter(&phase, p[off + 6] % 11);
        host.addr[3] = p[off + 6] & 3;
        g = skype_callset_add(&cs, &host, (uint32_t)off, us);
        if (g != SKYPE_CALL_NONE && g > 0)
            (void)skype_callset_union(&cs, g, p[off + 5] % g);
        if (g != SKYPE_CALL_NONE)
            skype_callset_mark(&cs, g, (uint8_t)(p[off + 4] & 7));
        (void)skype_callset_recent(&cs, &host, us, SKYPE_CALL_JOIN_WINDOW_US, g);
        if (g != SKYPE_CALL_NONE && (p[off + 4] & 3) == 3 && skype_callset_number(&cs, g) == 0)
            abort();
    }
    s1.kind = s2.kind = s.kind;
    s1h = s1;
    if (h2.packets != s2.packets || h2.n > SKYPE_RTP_HEAD)
        abort();
    skype_rtp_stream_join(&s1h, &s2, &h2); /* the same origin: exact */
    if (s1h.packets != s.packets || s1h.bytes != s.bytes ||
        (same_ext && (skype_rtp_stream_lost(&s1h) != skype_rtp_stream_lost(&s) || s1h.max_ext_seq != s.max_ext_seq)) ||
        s1h.frames != s.frames || s1h.seconds != s.seconds ||
        s1h.seconds_low != s.seconds_low || s1h.cur.second != s.cur.second || s1h.cur.frames != s.cur.frames ||
        s1h.cur.packets != s.cur.packets || s1h.cur.bytes != s.cur.bytes || s1h.late > s.late + h2.n ||
        isnan(s1h.jitter) || isnan(s1h.jitter_sum) || isnan(s1h.jitter_max))
        abort();
    skype_rtp_stream_join(&s1, &s2, NULL);
    if (s1.packets != s.packets || s1.bytes != s.bytes || s1.frames > s.frames || s1.frames + 1 < s.frames ||
        s1.seconds != s.seconds || s1.cur.second != s.cur.second)
        abort();
    (void)skype_rtp_stream_lost(&s);
    (void)skype_rtp_stream_jitter_mean(&s);
    (void)skype_rtp_stream_fps(&s);
    (void)skype_rtp_stream_low_fps_pct(&s);
    (void)skype_rtp_stream_kbps(&s);
    {
        uint8_t reasons;
        double mos = skype_rtp_stream_mos(&s, s.rtt_ms);
        char text[96];
        if (mos > 4.5 || (mos < 1.0 && mos >= 0.0))
            abort();
        (void)skype_rtp_stream_verdict(&s, s.rtt_ms, &skype_quality_cqd, &reasons);
        skype_quality_reasons(&s, s.rtt_ms, reasons | SKYPE_POOR_SHORT, &skype_quality_cqd, true, text, sizeof(text));
        if (strlen(text) >= sizeof(text))
            abort();
    }
    /* the same bytes as an RTCP compound */
    {
        skype_rtcp_info_t ri;
        if (skype_rtcp_parse(p, size, &ri) && ri.nblocks > SKYPE_RTCP_MAX_BLOCKS)
            abort();
    }
    if (skype_callset_calls(&cs) > 0 && skype_callset_by_number(&cs, skype_callset_calls(&cs)) == SKYPE_CALL_NONE)
        abort();
    free(cs.g);
    free(cs.roots);
}

/* A grow that fails past *(size_t *)ctx bytes. */
static void *grow_limited(void *ctx, void *ptr, size_t size)
{
    return size > *(size_t *)ctx ? NULL : realloc(ptr, size);
}

#define J_LEGS 8u

/* The graph of legs as plugin/epan/skype_calls.c drives it (leg_message),
 * over 6-byte records: leg, class, STUN method and peer, ICE pair and
 * transaction, time step; now and then rule 4 (a new node for the leg) and
 * the last resort (settle). Every call a node shows must be a counted root,
 * and the numbers dense. */
static void fuzz_join(const uint8_t *p, size_t size)
{
    static const uint16_t methods[8] = {SKYPE_STUN_BINDING, SKYPE_STUN_ALLOCATE, SKYPE_STUN_REFRESH,
                                        SKYPE_STUN_SEND, SKYPE_STUN_DATA, SKYPE_STUN_CREATE_PERMISSION,
                                        SKYPE_STUN_MS_SET_ACTIVE_DEST, 0x0b};
    skype_call_graph_t g;
    skype_ep_t client[J_LEGS], server[J_LEGS], party[J_LEGS];
    uint32_t node[J_LEGS];
    uint64_t us = 0;
    uint8_t kind[J_LEGS];
    size_t limit = size && (p[0] & 0x80) ? (size_t)(p[0] & 0x3f) * 64u : SIZE_MAX;

    skype_graph_init(&g, grow_limited, &limit);
    for (unsigned i = 0; i < J_LEGS; i++) {
        memset(&client[i], 0, sizeof(client[i]));
        client[i].family = 4;
        client[i].addr[0] = 10;
        client[i].addr[3] = (uint8_t)(i % 3);
        client[i].port = (uint16_t)(50000 + i % 5);
        server[i] = client[i];
        server[i].addr[3] = (uint8_t)(100 + i % 4);
        server[i].port = i & 1 ? 3478 : 50030;
        kind[i] = i == 7 ? SKYPE_LEG_TCP : SKYPE_LEG_NONE;
        node[i] = skype_callset_add(&g.cs, &client[i], 0, 0);
    }
    for (size_t off = 1; off + 6 <= size; off += 6) {
        const uint8_t *r = p + off;
        unsigned l = r[0] % J_LEGS;
        uint8_t pkt = r[1] & 7, proposed;
        skype_stun_info_t st;
        const skype_stun_info_t *stun = NULL;
        uint64_t key = r[3] & 7 ? (uint64_t)(r[3] & 7) : 0;
        uint8_t tid = (uint8_t)(r[3] >> 4);
        skype_leg_msg_t m;
        uint32_t call;

        us += (uint64_t)r[4] << (r[5] & 0x1f);
        memset(&st, 0, sizeof(st));
        st.method = methods[r[2] & 7];
        st.has_lifetime = (r[2] & 8) != 0;
        if (r[2] & 0x10)
            st.peer = r[2] & 0x20 ? server[r[2] >> 6] : client[r[2] >> 6];
        if (pkt == SKYPE_PKT_STUN && !(r[1] & 8))
            stun = &st;
        kind[l] = skype_call_leg_kind(kind[l], pkt, stun);
        proposed = skype_call_message_phase(pkt, stun, r, 6);
        /* an unplaced payload proposes nothing; anything else a call phase */
        if (kind[l] == SKYPE_LEG_NONE || kind[l] > SKYPE_LEG_TCP ||
            (proposed == SKYPE_PHASE_NONE ? skype_pkt_placed(pkt)
                                          : proposed < SKYPE_PHASE_CALL_SETUP || proposed > SKYPE_PHASE_TEARDOWN))
            abort();
        if (r[5] & 0x80) { /* now and then an index the set never gave, as bad input */
            node[l] = r[1] & 0x40 ? SKYPE_CALL_NONE : (uint32_t)r[4] << 12;
        } else if (node[l] == SKYPE_CALL_NONE || node[l] >= g.cs.n ||
                   skype_graph_ended(&g, node[l], key, us)) {
            node[l] = skype_callset_add(&g.cs, &client[l], (uint32_t)off, us); /* rule 4: a new node */
        }
        skype_call_party(&party[l], &server[l], kind[l], r[5] & 0x40 ? &st.peer : NULL);
        memset(&m, 0, sizeof(m));
        m.client = &client[l];
        m.server = &server[l];
        m.peer = stun != NULL ? &st.peer : NULL;
        m.party = r[3] & 0x08 ? NULL : &party[l];
        m.ice = key;
        m.tid = tid ? skype_edge_tid_key(&tid, 1) : 0;
        m.us = us;
        m.kind = kind[l];
        m.party_rank = (uint8_t)(r[5] >> 5 & 3);
        m.placed = skype_pkt_placed(pkt);
        m.media = proposed == SKYPE_PHASE_MEDIA;
        m.candidate = kind[l] == SKYPE_LEG_TCP && (r[1] & 0x10) != 0;
        m.edges = (r[1] & 0x20) == 0;
        (void)skype_graph_message(&g, node[l], &m);
        call = skype_callset_call(&g.cs, node[l]);
        if (call != SKYPE_CALL_NONE) {
            if (call >= g.cs.n || !(g.cs.g[call].flags & SKYPE_CALL_F_COUNTED) || g.cs.g[call].parent != call)
                abort();
            (void)skype_call_phase_enter(&g.cs.g[call].phase,
                                         skype_call_leg_phase(proposed, (r[3] & 0x10) != 0, g.cs.g[call].phase));
            skype_callset_touch(&g.cs, call, (uint32_t)off, us);
            if (skype_callset_number(&g.cs, node[l]) == 0 || skype_callset_number(&g.cs, node[l]) > g.cs.n)
                abort();
        }
        if (node[l] != SKYPE_CALL_NONE && node[l] < g.cs.n)
            skype_callset_touch(&g.cs, node[l], (uint32_t)off, us);
        if ((r[2] & 0xc0) == 0xc0 && g.cs.n > 0) { /* the last resort, at any time: idempotent, numbers dense */
            skype_settle_item_t *scratch = malloc(sizeof(*scratch) * g.cs.n);
            if (scratch == NULL)
                abort();
            (void)skype_callset_settle(&g.cs, SKYPE_CALL_JOIN_WINDOW_US, scratch);
            free(scratch);
        }
    }
    for (uint32_t k = 1; k <= skype_callset_calls(&g.cs); k++)
        if (skype_callset_number(&g.cs, skype_callset_by_number(&g.cs, k)) != k)
            abort();
    free(g.cs.g);
    free(g.cs.roots);
    free(g.keys);
    free(g.vals);
}

/* The QUIC front: one 5-tuple, a datagram per byte (gate, enabled, owner,
 * other port, listed and any name). */
static void fuzz_quic(const uint8_t *p, size_t size)
{
    uint8_t state = SKYPE_QUIC_NEW, tries = 0;

    for (size_t i = 0; i < size; i++) {
        uint8_t b = p[i], route = skype_quic_route(state, b & 1, b & 2, b & 4, b & 8), a;
        if (route > SKYPE_QUIC_READ_HEUR || (route >= SKYPE_QUIC_READ_QUIC && !((b & 1) && (b & 2))) ||
            (route == SKYPE_QUIC_READ_QUIC) != (state == SKYPE_QUIC_PENDING && (b & 3) == 3))
            abort();
        if (route < SKYPE_QUIC_READ_QUIC)
            continue;
        a = skype_quic_step(&state, &tries, b & 0x10, b & 0x20);
        if (a > SKYPE_QUIC_TAG || state > SKYPE_QUIC_TAGGED || tries > SKYPE_QUIC_MAX_TRIES ||
            (a == SKYPE_QUIC_DROP) != (state == SKYPE_QUIC_NEW) || (a == SKYPE_QUIC_TAG) != ((b & 0x10) != 0))
            abort();
        if (b & 0x40) { /* the next 5-tuple */
            state = SKYPE_QUIC_NEW;
            tries = 0;
        }
    }
}

/* The bytes as a TURN-over-TCP stream (RFC 6062): its first message through
 * the detection gate, then PDU after PDU as the TCP leg walks a segment;
 * nothing may be read beyond size. */
static void fuzz_turn_tcp(const uint8_t *p, size_t size)
{
    skype_stun_info_t info;
    size_t off = 0;

    if (skype_turn_tcp_first(p, size, size, &info) && (info.ms & ~0x7fffu) != 0)
        abort();
    while (off < size) {
        uint8_t pkt = 0;
        uint32_t n = skype_turn_tcp_pdu_len(p + off, size - off, &pkt);
        if (n == 0)
            break;
        if (n < 4 || (pkt != SKYPE_PKT_STUN && pkt != SKYPE_PKT_TURN_CHANNEL))
            abort();
        if (pkt == SKYPE_PKT_STUN)
            (void)skype_stun_parse_any(p + off, size - off < n ? size - off : n, n, &info);
        off += n;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const lists[2] = {"*.skype.com,*.teams.microsoft.com,broker-*-skype.cloudapp.net", "*"};
    uint8_t *p = malloc(size ? size : 1);
    skype_stun_info_t info;
    skype_ip_ranges_t ranges;
    char *text;

    memcpy(p, data, size);
    if (skype_stun_parse(p, size, size, &info))
        (void)skype_stun_phase(&info);
    /* the bytes as text: a name to glob, and a range list to parse */
    text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    (void)skype_name_listed(lists[0], text);
    (void)skype_name_glob(text, "a.b.skype.com");
    {
        /* the text as certificate names and as a CNAME chain (each record
         * names the text's suffix from byte i on) */
        const char *sans[2] = {text, size > 1 ? text + 1 : text};
        skype_dns_rr_t rr[4];
        bool sk[4];
        (void)skype_cert_names(lists[0], text, sans, 2);
        memset(rr, 0, sizeof(rr));
        for (unsigned i = 0; i < 4; i++) {
            rr[i].owner = text + (i < size ? i : 0);
            rr[i].cname = (i & 1) ? text + (i + 1 < size ? i + 1 : 0) : NULL;
            rr[i].addr_len = (i & 1) ? 0 : 4;
        }
        if (skype_dns_chain(lists[size ? data[0] & 1 : 0], sans, 2, rr, 4, sk) > 4)
            abort();
    }
    if (skype_ip_ranges_parse(text, &ranges) > SKYPE_MAX_RANGES || ranges.n + ranges.n6 > SKYPE_MAX_RANGES)
        abort();
    for (unsigned i = 0; i < ranges.n6; i++)
        if (ranges.bits6[i] > 128 || !skype_ipv6_in_ranges(&ranges, ranges.net6[i]))
            abort(); /* every parsed network contains itself */
    free(text);
    fuzz_calls(p, size);
    fuzz_join(p, size);
    fuzz_quic(p, size);
    fuzz_turn_tcp(p, size);
    free(p);
    return 0;
}
