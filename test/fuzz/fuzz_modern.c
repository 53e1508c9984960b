/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the modern-tagging core (STUN with Microsoft
 * attributes, TLS SNI, DNS answers, name globs, IPv4 and IPv6 ranges) and
 * the calls core (demultiplexing, TURN ChannelData included, ICE ufrag pairs, STUN
 * details with and without the cookie, media kinds, stream quality from
 * header values, call groups driven by the bytes), TURN over TCP framing. The whole input is one
 * message on an exact-size heap block; its first byte also picks a pattern
 * list.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_modern.h"

static void *grow(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

/* The calls core on the same bytes. */
static void fuzz_calls(const uint8_t *p, size_t size)
{
    skype_stun_info_t info;
    skype_rtp_stream_t s;
    skype_callset_t cs;
    skype_ep_t host = {{10, 0, 0, 1}, 50000, 4, 0};
    uint8_t rule, phase = 0;

    (void)skype_demux(p, size);
    (void)skype_ice_pair_key(p, size);
    if (skype_stun_parse_any(p, size, size, &info)) {
        if (info.username_off + (size_t)info.username_len > size || info.data_off + (size_t)info.data_len > size)
            abort();
        (void)skype_ice_pair_key(p + info.username_off, info.username_len);
        (void)skype_media_kind(info.stream_type, -1, 50000, 3479, &rule);
    }
    /* 8-byte records: seq, timestamp, arrival delta, DSCP + kind */
    skype_rtp_stream_init(&s, 1, size ? p[0] & 0x7f : 0, 1);
    skype_callset_init(&cs, grow, NULL);
    for (size_t off = 0, us = 0; off + 8 <= size; off += 8) {
        uint16_t seq = (uint16_t)(p[off] << 8 | p[off + 1]);
        uint32_t ts = (uint32_t)p[off + 2] << 24 | (uint32_t)p[off + 3] << 16 | (uint32_t)p[off + 4] << 8 | p[off + 5];
        uint32_t g;
        us += p[off + 6] * 1000u;
        s.kind = (uint8_t)(p[off + 7] & 7);
        skype_rtp_stream_add(&s, seq, ts, us, 100);
        (void)skype_rtp_stream_dscp(&s, p[off + 7] >> 2, (uint32_t)off);
        (void)skype_media_kind(p[off + 7] & 3, p[off] & 0x7f, seq, (uint16_t)ts, NULL);
        (void)skype_call_phase_enter(&phase, p[off + 6] % 11);
        host.addr[3] = p[off + 6] & 3;
        g = skype_callset_add(&cs, &host, (uint32_t)off, us);
        if (g != SKYPE_CALL_NONE && g > 0)
            (void)skype_callset_union(&cs, g, p[off + 5] % g);
        (void)skype_callset_recent(&cs, &host, us, SKYPE_CALL_JOIN_WINDOW_US);
        if (g != SKYPE_CALL_NONE && skype_callset_number(&cs, g) == 0)
            abort();
    }
    (void)skype_rtp_stream_lost(&s);
    (void)skype_rtp_stream_jitter_mean(&s);
    if (cs.n > 0 && skype_callset_by_number(&cs, skype_callset_calls(&cs)) == SKYPE_CALL_NONE)
        abort();
    free(cs.g);
    free(cs.roots);
}

/* The bytes as a TURN-over-TCP stream (RFC 6062): its first message through
 * the detection gate, then PDU after PDU as the TCP leg walks a segment;
 * nothing may be read beyond size. */
static void fuzz_turn_tcp(const uint8_t *p, size_t size)
{
    skype_stun_info_t info;
    size_t off = 0;

    if (skype_turn_tcp_first(p, size, size, &info) && (info.ms & ~0x3fffu) != 0)
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
    fuzz_turn_tcp(p, size);
    free(p);
    return 0;
}
