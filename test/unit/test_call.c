/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the calls core (core/skype_call.h): demultiplexing, ICE
 * ufrag pairs, call groups, the per-call phase, media kinds, DSCP and
 * stream quality. Real bytes from ../shared/captures/skype-conference-call.pcap
 * (frames named in each test). Prints "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_modern.h"
#include "skype_phase.h"

#include "check.h"

static void *grow(void *ctx, void *ptr, size_t size)
{
    (void)ctx;
    return realloc(ptr, size);
}

static void test_demux(void)
{
    /* conference call frame 1 (STUN), 8 (RTP, PT 104), 11 (RTCP RR, PT 201) */
    static const uint8_t stun[] = {0x00, 0x01, 0x00, 0x70}, rtp[12] = {0x90, 0x68}, rtcp[] = {0x81, 0xc9, 0, 7};
    static const uint8_t chan[] = {0x40, 0x01, 0, 4}, ms[] = {0xff, 0x10, 0, 0}, dtls[] = {0x16, 0xfe, 0xfd};

    CHECK(skype_demux(stun, sizeof(stun)) == SKYPE_PKT_STUN);
    CHECK(skype_demux(rtp, sizeof(rtp)) == SKYPE_PKT_RTP);
    CHECK(skype_demux(rtp, 11) == SKYPE_PKT_OTHER);             /* no full RTP header */
    CHECK(skype_demux(rtcp, sizeof(rtcp)) == SKYPE_PKT_RTCP);
    CHECK(skype_demux(chan, sizeof(chan)) == SKYPE_PKT_TURN_CHANNEL);
    CHECK(skype_demux(ms, sizeof(ms)) == SKYPE_PKT_MS_MUX);
    CHECK(skype_demux(ms, 1) == SKYPE_PKT_OTHER);
    CHECK(skype_demux(dtls, sizeof(dtls)) == SKYPE_PKT_DTLS);
    CHECK(skype_demux(NULL, 0) == SKYPE_PKT_OTHER);
    CHECK(skype_demux(rtp, 0) == SKYPE_PKT_OTHER);
    /* RTP with payload type 72-76 and the marker bit: byte 1 in 192-223 is RTCP (RFC 5761 §4) */
    {
        uint8_t b[12] = {0x80, 0xc8};
        CHECK(skype_demux(b, sizeof(b)) == SKYPE_PKT_RTCP);
        b[1] = 0xe0; /* marker + PT 96 */
        CHECK(skype_demux(b, sizeof(b)) == SKYPE_PKT_RTP);
    }
}

static void test_ice_pair(void)
{
    /* conference call frames 1 and 2: "gppe:zWyk" one way, "zWyk:gppe" back */
    uint64_t a = skype_ice_pair_key((const uint8_t *)"gppe:zWyk", 9);
    uint64_t b = skype_ice_pair_key((const uint8_t *)"zWyk:gppe", 9);

    CHECK(a != 0 && a == b);
    CHECK(skype_ice_pair_key((const uint8_t *)"gppe:zWyx", 9) != a);
    CHECK(skype_ice_pair_key((const uint8_t *)"gppezWyk", 8) == 0);
    CHECK(skype_ice_pair_key((const uint8_t *)":zWyk", 5) == 0);
    CHECK(skype_ice_pair_key((const uint8_t *)"gppe:", 5) == 0);
    CHECK(skype_ice_pair_key(NULL, 0) == 0);
    /* prefixes: "ab:abc" and "abc:ab" are one pair, "ab:ab" another */
    CHECK(skype_ice_pair_key((const uint8_t *)"ab:abc", 6) == skype_ice_pair_key((const uint8_t *)"abc:ab", 6));
    CHECK(skype_ice_pair_key((const uint8_t *)"ab:ab", 5) != skype_ice_pair_key((const uint8_t *)"ab:abc", 6));
}

static void test_callset(void)
{
    skype_callset_t cs;
    skype_ep_t h1 = {{192, 168, 10, 22}, 50002, 4, 0}, h2 = {{192, 168, 10, 23}, 50002, 4, 0};
    uint32_t a, b, c;

    skype_callset_init(&cs, grow, NULL);
    CHECK(skype_callset_calls(&cs) == 0 && skype_callset_number(&cs, SKYPE_CALL_NONE) == 0);
    a = skype_callset_add(&cs, &h1, 1, 1000000);
    b = skype_callset_add(&cs, &h1, 31, 1350000);
    c = skype_callset_add(&cs, &h2, 40, 1400000);
    CHECK(a == 0 && b == 1 && c == 2);
    CHECK(skype_callset_number(&cs, a) == 1 && skype_callset_number(&cs, b) == 2 && skype_callset_number(&cs, c) == 3);
    skype_callset_touch(&cs, a, 94, 1688000);
    /* the most recent call of h1 within the window: b (last 1.35 s) vs a (last 1.688 s) -> a */
    CHECK(skype_callset_recent(&cs, &h1, 1700000, SKYPE_CALL_JOIN_WINDOW_US) == a);
    CHECK(skype_callset_recent(&cs, &h2, 1700000, SKYPE_CALL_JOIN_WINDOW_US) == c);
    CHECK(skype_callset_recent(&cs, &h1, 1700000 + 60000000, SKYPE_CALL_JOIN_WINDOW_US) == SKYPE_CALL_NONE);
    /* merging keeps the earlier call; numbers close up */
    cs.g[b].phase = SKYPE_PHASE_MEDIA;
    CHECK(skype_callset_union(&cs, b, a) == a);
    CHECK(skype_callset_root(&cs, b) == a && cs.g[a].phase == SKYPE_PHASE_MEDIA);
    CHECK(cs.g[a].first_frame == 1 && cs.g[a].last_frame == 94);
    CHECK(skype_callset_number(&cs, b) == 1 && skype_callset_number(&cs, c) == 2);
    CHECK(skype_callset_calls(&cs) == 2);
    CHECK(skype_callset_by_number(&cs, 2) == c && skype_callset_by_number(&cs, 3) == SKYPE_CALL_NONE);
    CHECK(skype_callset_union(&cs, a, b) == a);
    /* many groups: the array grows */
    for (uint32_t i = 0; i < 1000; i++)
        CHECK(skype_callset_add(&cs, &h2, 100 + i, 2000000 + i) == 3 + i);
    CHECK(skype_callset_calls(&cs) == 1002 && skype_callset_number(&cs, 1002) == 1002);
    /* merging far apart keeps the numbers dense */
    CHECK(skype_callset_union(&cs, 500, 900) == 500);
    CHECK(skype_callset_number(&cs, 900) == skype_callset_number(&cs, 500) && skype_callset_number(&cs, 1002) == 1001);
    CHECK(skype_callset_by_number(&cs, 1001) == 1002 && skype_callset_calls(&cs) == 1001);
    for (uint32_t k = 1; k <= skype_callset_calls(&cs); k++)
        CHECK(skype_callset_number(&cs, skype_callset_by_number(&cs, k)) == k);
    free(cs.g);
    free(cs.roots);
}

static void test_call_phase(void)
{
    uint8_t p = SKYPE_PHASE_NONE;

    CHECK(skype_call_phase_enter(&p, SKYPE_PHASE_CALL_SETUP) && p == SKYPE_PHASE_CALL_SETUP);
    CHECK(!skype_call_phase_enter(&p, SKYPE_PHASE_CALL_SETUP));
    CHECK(skype_call_phase_enter(&p, SKYPE_PHASE_RELAY) && p == SKYPE_PHASE_RELAY);
    CHECK(skype_call_phase_enter(&p, SKYPE_PHASE_MEDIA) && p == SKYPE_PHASE_MEDIA);
    /* a consent check during media, relayed data: stay media */
    CHECK(!skype_call_phase_enter(&p, SKYPE_PHASE_CALL_SETUP) && p == SKYPE_PHASE_MEDIA);
    CHECK(!skype_call_phase_enter(&p, SKYPE_PHASE_RELAY) && p == SKYPE_PHASE_MEDIA);
    CHECK(!skype_call_phase_enter(&p, SKYPE_PHASE_SN_SESSION) && p == SKYPE_PHASE_MEDIA);
    CHECK(skype_call_phase_enter(&p, SKYPE_PHASE_TEARDOWN) && p == SKYPE_PHASE_TEARDOWN);
    CHECK(!skype_call_phase_enter(&p, SKYPE_PHASE_MEDIA) && p == SKYPE_PHASE_TEARDOWN);
}

static void test_media_kind(void)
{
    uint8_t rule;

    CHECK(skype_kind_from_stream_type(1) == SKYPE_MEDIA_AUDIO && skype_kind_from_stream_type(3) == SKYPE_MEDIA_VIDEO);
    CHECK(skype_kind_from_stream_type(4) == SKYPE_MEDIA_DATA && skype_kind_from_stream_type(9) == SKYPE_MEDIA_UNKNOWN);
    CHECK(skype_kind_from_port(50000) == SKYPE_MEDIA_AUDIO && skype_kind_from_port(50019) == SKYPE_MEDIA_AUDIO);
    CHECK(skype_kind_from_port(50020) == SKYPE_MEDIA_VIDEO && skype_kind_from_port(50059) == SKYPE_MEDIA_SCREEN);
    CHECK(skype_kind_from_port(50060) == SKYPE_MEDIA_UNKNOWN && skype_kind_from_port(49999) == SKYPE_MEDIA_UNKNOWN);
    CHECK(skype_kind_from_relay_port(3479) == SKYPE_MEDIA_AUDIO && skype_kind_from_relay_port(3478) == 0);
    CHECK(skype_relay_port(3478) && skype_relay_port(3481) && !skype_relay_port(3482));
    /* conference call: SILK WB 104 on 49282 <-> 60642, no stream type */
    CHECK(skype_media_kind(0, 104, 49282, 60642, &rule) == SKYPE_MEDIA_AUDIO && rule == SKYPE_RULE_PAYLOAD_TYPE);
    CHECK(skype_pt_info(104) && skype_pt_info(104)->clock == 16000 && skype_pt_info(103)->clock == 8000);
    CHECK(skype_pt_info(96) == NULL && skype_pt_info(200) == NULL);
    /* the stream type wins over the payload type */
    CHECK(skype_media_kind(2, 104, 1, 2, &rule) == SKYPE_MEDIA_VIDEO && rule == SKYPE_RULE_SERVICE_QUALITY);
    /* H.264 on a screen-sharing port is screen sharing */
    CHECK(skype_media_kind(0, 122, 50045, 50047, &rule) == SKYPE_MEDIA_SCREEN && rule == SKYPE_RULE_PORT_RANGE);
    CHECK(skype_media_kind(0, 122, 50025, 50027, &rule) == SKYPE_MEDIA_VIDEO && rule == SKYPE_RULE_PAYLOAD_TYPE);
    /* RTCP (no payload type) from a relay's audio port */
    CHECK(skype_media_kind(0, -1, 3479, 40000, &rule) == SKYPE_MEDIA_AUDIO && rule == SKYPE_RULE_PORT_RANGE);
    CHECK(skype_media_kind(0, -1, 40000, 40001, &rule) == SKYPE_MEDIA_UNKNOWN && rule == SKYPE_RULE_NONE);
    CHECK(skype_media_kind(0, 96, 40000, 40001, NULL) == SKYPE_MEDIA_UNKNOWN);
    CHECK(skype_dscp_expected(SKYPE_MEDIA_AUDIO) == 46 && skype_dscp_expected(SKYPE_MEDIA_VIDEO) == 34);
    CHECK(skype_dscp_expected(SKYPE_MEDIA_SCREEN) == 18 && skype_dscp_expected(SKYPE_MEDIA_DATA) == -1);
    CHECK(skype_dscp_expected(SKYPE_MEDIA_UNKNOWN) == -1);
}

static void test_stream_quality(void)
{
    skype_rtp_stream_t s;

    /* 20 ms audio at 16 kHz (+320 per packet), perfectly regular: no jitter */
    skype_rtp_stream_init(&s, 0xE074C700u, 104, 8);
    for (uint32_t i = 0; i < 10; i++)
        skype_rtp_stream_add(&s, (uint16_t)(23859 + i), 204683263u + 320 * i, 1000000 + 20000 * (uint64_t)i, 100);
    CHECK(s.packets == 10 && s.bytes == 1000 && skype_rtp_stream_lost(&s) == 0);
    CHECK(s.jitter_max < 1e-9 && skype_rtp_stream_jitter_mean(&s) < 1e-9);
    CHECK(s.last_us - s.first_us == 180000);
    /* one packet 16 ms late: D = 16 ms, J = 16/16 = 1 ms */
    skype_rtp_stream_add(&s, 23869, 204683263u + 3200, 1000000 + 200000 + 16000, 100);
    CHECK(fabs(s.jitter_max - 1.0) < 1e-6);
    /* a gap of one sequence number: one lost */
    skype_rtp_stream_add(&s, 23871, 204683263u + 3840, 1000000 + 240000, 100);
    CHECK(skype_rtp_stream_lost(&s) == 1);
    /* a duplicate: lost goes down (RFC 3550 A.3 counts received packets) */
    skype_rtp_stream_add(&s, 23871, 204683263u + 3840, 1000000 + 241000, 100);
    CHECK(skype_rtp_stream_lost(&s) == 0);

    /* sequence wrap: 65534, 65535, 0, 1 */
    skype_rtp_stream_init(&s, 1, 0, 1);
    skype_rtp_stream_add(&s, 65534, 0, 0, 10);
    skype_rtp_stream_add(&s, 65535, 160, 20000, 10);
    skype_rtp_stream_add(&s, 0, 320, 40000, 10);
    skype_rtp_stream_add(&s, 1, 480, 60000, 10);
    CHECK(skype_rtp_stream_lost(&s) == 0 && s.max_ext_seq == 65537);
    /* a late packet from before the wrap */
    skype_rtp_stream_add(&s, 65533, 0, 61000, 10);
    CHECK(s.max_ext_seq == 65537);
    /* RTP timestamp wrap does not make jitter explode */
    skype_rtp_stream_init(&s, 2, 0, 1);
    skype_rtp_stream_add(&s, 1, 0xffffff60u, 0, 10);
    skype_rtp_stream_add(&s, 2, 0x00000000u, 20000, 10);
    CHECK(s.jitter_max < 1e-6);
    /* unknown clock: no jitter at all */
    skype_rtp_stream_init(&s, 3, 96, 1);
    skype_rtp_stream_add(&s, 1, 0, 0, 10);
    skype_rtp_stream_add(&s, 2, 99999, 3, 10);
    CHECK(s.clock == 0 && s.jitter_max == 0.0 && skype_rtp_stream_jitter_mean(&s) == 0.0);
}

static void test_dscp(void)
{
    skype_rtp_stream_t s;

    skype_rtp_stream_init(&s, 1, 104, 5);
    s.kind = SKYPE_MEDIA_AUDIO;
    CHECK(!skype_rtp_stream_dscp(&s, 46, 5) && s.mismatch_frame == 0 && s.dscp_seen);
    CHECK(skype_rtp_stream_dscp(&s, 0, 9) && s.mismatch_frame == 9);
    CHECK(!skype_rtp_stream_dscp(&s, 0, 12) && s.mismatch_frame == 9);   /* only the first */
    s.kind = SKYPE_MEDIA_DATA;                                          /* no recommendation */
    skype_rtp_stream_init(&s, 1, 127, 5);
    s.kind = SKYPE_MEDIA_DATA;
    CHECK(!skype_rtp_stream_dscp(&s, 0, 5) && s.mismatch_frame == 0);
}

static void test_stun_details(void)
{
    /* as conference call frame 1: Binding Request, USERNAME "gppe:zWyk"
     * (0x0006), candidate-identifier 0x8054, MS-IMPLEMENTATION-VERSION
     * 0x8070; plus MS-SERVICE-QUALITY 0x8055 stream type 1 (audio) */
    uint8_t b[256];
    size_t n = unhex("000100282112a442000102030405060708090a0b"
                     "00060009677070653a7a57796b000000"
                     "8054000431000000"
                     "8070000400000002"
                     "8055000400010000",
                     b);
    skype_stun_info_t info;

    CHECK(n == 60);
    CHECK(skype_stun_parse(b, n, n, &info));
    CHECK(info.method == SKYPE_STUN_BINDING && info.username_len == 9 && info.username_off == 24);
    CHECK(memcmp(b + info.username_off, "gppe:zWyk", 9) == 0);
    CHECK(info.stream_type == 1 && info.cookie);
    CHECK((info.ms & (SKYPE_MS_CANDIDATE_IDENTIFIER | SKYPE_MS_IMPLEMENTATION_VERSION | SKYPE_MS_SERVICE_QUALITY)) ==
          (SKYPE_MS_CANDIDATE_IDENTIFIER | SKYPE_MS_IMPLEMENTATION_VERSION | SKYPE_MS_SERVICE_QUALITY));
    /* USERNAME cut off by the capture: not reported */
    CHECK(skype_stun_parse(b, 30, n, &info) && info.username_len == 0);
    /* without the cookie: only parse_any */
    b[4] = 0;
    CHECK(!skype_stun_parse(b, n, n, &info));
    CHECK(skype_stun_parse_any(b, n, n, &info) && !info.cookie && info.username_len == 9);
    b[4] = 0x21;

    /* ChannelBind: CHANNEL-NUMBER 0x4001, XOR-PEER-ADDRESS 198.51.100.77:50030 */
    n = unhex("000900142112a442000102030405060708090a0b"
              "000c000440010000"
              "000c0008"
              "0001e27ce721c00f",
              b);
    b[28] = 0x00; /* attribute type 0x0012 */
    b[29] = 0x12;
    CHECK(n == 40);
    CHECK(skype_stun_parse(b, n, n, &info) && info.method == SKYPE_STUN_CHANNEL_BIND && info.channel == 0x4001);
    CHECK(info.peer.family == 4 && info.peer.port == 50030);
    CHECK(info.peer.addr[0] == 198 && info.peer.addr[1] == 51 && info.peer.addr[2] == 100 && info.peer.addr[3] == 77);
}

static void test_random(void)
{
    uint8_t b[128];
    uint32_t x = 12345;
    skype_stun_info_t info;

    for (int i = 0; i < 100000; i++) {
        size_t n = (size_t)(x % sizeof(b));
        for (size_t k = 0; k < n; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b[k] = (uint8_t)x;
        }
        if (n >= 4) {
            b[2] = 0;
            b[3] = (uint8_t)((n - 20) & 0xfc);
        }
        (void)skype_demux(b, n);
        (void)skype_ice_pair_key(b, n);
        if (skype_stun_parse_any(b, n, n, &info)) {
            CHECK(info.username_off + (size_t)info.username_len <= n);
            CHECK(info.data_off + (size_t)info.data_len <= n);
        }
    }
}

int main(void)
{
    test_demux();
    test_ice_pair();
    test_callset();
    test_call_phase();
    test_media_kind();
    test_stream_quality();
    test_dscp();
    test_stun_details();
    test_random();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
