/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the calls core (core/skype_call.h): demultiplexing, ICE
 * ufrag pairs, call groups, the per-call phase, media kinds and the DSCP
 * Microsoft recommends (stream quality: test_quality.c); and of the joining policy (core/skype_call_join.h): leg
 * kinds, proposed phases, which call a leg joins. Real bytes from
 * ../shared/captures/skype-conference-call.pcap (frames named in each
 * test). Prints "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_call_graph.h"
#include "skype_call_join.h"
#include "skype_tcp.h"
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
    /* a node is no call until it is placed (and anchored, or attached to none) */
    CHECK(skype_callset_calls(&cs) == 0 && skype_callset_number(&cs, a) == 0 && skype_callset_call(&cs, a) == SKYPE_CALL_NONE);
    skype_callset_mark(&cs, a, SKYPE_CALL_F_PLACED | SKYPE_CALL_F_ANCHORED);
    skype_callset_mark(&cs, b, SKYPE_CALL_F_PLACED | SKYPE_CALL_F_ANCHORED);
    skype_callset_mark(&cs, c, SKYPE_CALL_F_PLACED);
    CHECK(skype_callset_number(&cs, a) == 1 && skype_callset_number(&cs, b) == 2 && skype_callset_number(&cs, c) == 3);
    skype_callset_touch(&cs, a, 94, 1688000);
    /* the most recent call of h1 within the window: b (last 1.35 s) vs a (last 1.688 s) -> a */
    CHECK(skype_callset_recent(&cs, &h1, 1700000, SKYPE_CALL_JOIN_WINDOW_US, SKYPE_CALL_NONE) == a);
    CHECK(skype_callset_recent(&cs, &h1, 1700000, SKYPE_CALL_JOIN_WINDOW_US, a) == b);
    CHECK(skype_callset_recent(&cs, &h2, 1700000, SKYPE_CALL_JOIN_WINDOW_US, SKYPE_CALL_NONE) == c);
    CHECK(skype_callset_recent(&cs, &h1, 1700000 + 60000000, SKYPE_CALL_JOIN_WINDOW_US, SKYPE_CALL_NONE) == SKYPE_CALL_NONE);
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
    for (uint32_t i = 0; i < 1000; i++) {
        CHECK(skype_callset_add(&cs, &h2, 100 + i, 2000000 + i) == 3 + i);
        skype_callset_mark(&cs, 3 + i, SKYPE_CALL_F_PLACED | SKYPE_CALL_F_ANCHORED);
    }
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
    CHECK(strcmp(skype_media_kind_name(SKYPE_MEDIA_SCREEN), "Screen sharing") == 0 && strcmp(skype_media_kind_name(0), "Unknown") == 0 &&
          strcmp(skype_media_kind_name(9), "?") == 0);
    CHECK(skype_kind_from_port(50000) == SKYPE_MEDIA_AUDIO && skype_kind_from_port(50019) == SKYPE_MEDIA_AUDIO);
    CHECK(skype_kind_from_port(50020) == SKYPE_MEDIA_VIDEO && skype_kind_from_port(50059) == SKYPE_MEDIA_SCREEN);
    CHECK(skype_kind_from_port(50060) == SKYPE_MEDIA_UNKNOWN && skype_kind_from_port(49999) == SKYPE_MEDIA_UNKNOWN);
    CHECK(skype_kind_from_relay_port(3479) == SKYPE_MEDIA_AUDIO && skype_kind_from_relay_port(3478) == 0);
    CHECK(skype_relay_port(3478) && skype_relay_port(3481) && !skype_relay_port(3482));
    /* conference call: SILK WB 104 on 49282 <-> 60642, no stream type */
    CHECK(skype_media_kind(0, 104, 49282, 60642, &rule) == SKYPE_MEDIA_AUDIO && rule == SKYPE_RULE_PAYLOAD_TYPE);
    CHECK(skype_pt_info(104) && skype_pt_info(104)->clock == 16000 && skype_pt_info(103)->clock == 8000);
    CHECK(skype_pt_info(96) == NULL && skype_pt_info(200) == NULL);
    /* what a stream carries wins over the stream type, which need not follow the media line
     * (captures/teams.pcap: stream type 2 on the audio port 50016's allocations) */
    CHECK(skype_media_kind(2, 104, 1, 2, &rule) == SKYPE_MEDIA_AUDIO && rule == SKYPE_RULE_PAYLOAD_TYPE);
    CHECK(skype_media_kind(2, -1, 50016, 3478, &rule) == SKYPE_MEDIA_AUDIO && rule == SKYPE_RULE_PORT_RANGE);
    CHECK(skype_media_kind(2, -1, 40000, 40001, &rule) == SKYPE_MEDIA_VIDEO && rule == SKYPE_RULE_SERVICE_QUALITY);
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

/* ---- The joining policy (skype_call_join.h) ---------------------------- */

static void test_leg_kind_phase(void)
{
    skype_stun_info_t bind, alloc, refresh0;
    static const uint8_t kinds[] = {SKYPE_LEG_NONE, SKYPE_LEG_DIRECT, SKYPE_LEG_RELAYED, SKYPE_LEG_TCP};

    memset(&bind, 0, sizeof(bind));
    bind.method = SKYPE_STUN_BINDING;
    alloc = bind;
    alloc.method = SKYPE_STUN_ALLOCATE;
    refresh0 = bind;
    refresh0.method = SKYPE_STUN_REFRESH;
    refresh0.has_lifetime = true;

    /* kinds: a first Binding or media makes a direct leg; TURN makes it relayed, never a TCP one */
    CHECK(skype_call_leg_kind(SKYPE_LEG_NONE, SKYPE_PKT_STUN, &bind) == SKYPE_LEG_DIRECT);
    CHECK(skype_call_leg_kind(SKYPE_LEG_NONE, SKYPE_PKT_RTP, NULL) == SKYPE_LEG_DIRECT);
    CHECK(skype_call_leg_kind(SKYPE_LEG_NONE, SKYPE_PKT_STUN, NULL) == SKYPE_LEG_DIRECT);
    CHECK(skype_call_leg_kind(SKYPE_LEG_DIRECT, SKYPE_PKT_STUN, &alloc) == SKYPE_LEG_RELAYED);
    CHECK(skype_call_leg_kind(SKYPE_LEG_NONE, SKYPE_PKT_STUN, &refresh0) == SKYPE_LEG_RELAYED);
    CHECK(skype_call_leg_kind(SKYPE_LEG_TCP, SKYPE_PKT_STUN, &alloc) == SKYPE_LEG_TCP);
    CHECK(skype_call_leg_kind(SKYPE_LEG_RELAYED, SKYPE_PKT_STUN, &bind) == SKYPE_LEG_RELAYED); /* relayed check */
    for (unsigned i = 0; i < sizeof(kinds); i++) {
        uint8_t k = kinds[i], want = k == SKYPE_LEG_NONE ? SKYPE_LEG_DIRECT : k;
        uint8_t relayed = k == SKYPE_LEG_TCP ? SKYPE_LEG_TCP : SKYPE_LEG_RELAYED;
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_TURN_CHANNEL, NULL) == relayed);
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_MS_MUX, NULL) == relayed);
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_DTLS, NULL) == want);
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_RTCP, NULL) == want);
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_ZRTP, NULL) == want);
        CHECK(skype_call_leg_kind(k, SKYPE_PKT_OTHER, NULL) == want);
        CHECK(skype_call_leg_kind(k, 200, &alloc) == want); /* unknown class: anything else */
    }
    CHECK(skype_call_leg_kind(77, SKYPE_PKT_RTP, NULL) == 77);

    /* proposed phases per class */
    CHECK(skype_call_proposed_phase(SKYPE_PKT_STUN, &bind) == SKYPE_PHASE_CALL_SETUP);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_STUN, &alloc) == SKYPE_PHASE_RELAY);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_STUN, &refresh0) == SKYPE_PHASE_TEARDOWN);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_STUN, NULL) == SKYPE_PHASE_CALL_SETUP);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_TURN_CHANNEL, NULL) == SKYPE_PHASE_RELAY);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_MS_MUX, NULL) == SKYPE_PHASE_RELAY);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_DTLS, NULL) == SKYPE_PHASE_CALL_SETUP);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_RTP, NULL) == SKYPE_PHASE_MEDIA);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_RTCP, NULL) == SKYPE_PHASE_MEDIA);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_ZRTP, NULL) == SKYPE_PHASE_NONE);
    CHECK(skype_call_proposed_phase(SKYPE_PKT_OTHER, NULL) == SKYPE_PHASE_NONE);
    CHECK(skype_call_proposed_phase(200, NULL) == SKYPE_PHASE_NONE);
    CHECK(skype_pkt_placed(SKYPE_PKT_STUN) && skype_pkt_placed(SKYPE_PKT_TURN_CHANNEL) &&
          skype_pkt_placed(SKYPE_PKT_MS_MUX) && skype_pkt_placed(SKYPE_PKT_DTLS) && skype_pkt_placed(SKYPE_PKT_RTP) &&
          skype_pkt_placed(SKYPE_PKT_RTCP));
    CHECK(!skype_pkt_placed(SKYPE_PKT_OTHER) && !skype_pkt_placed(SKYPE_PKT_ZRTP) && !skype_pkt_placed(8));
    CHECK(skype_turn_tcp_port(443) && skype_turn_tcp_port(3478) && skype_turn_tcp_port(3481));
    CHECK(!skype_turn_tcp_port(3477) && !skype_turn_tcp_port(3482) && !skype_turn_tcp_port(80));
    /* a TLS leg: a Teams media port to 443 or 3478-3481, tagged by a name */
    CHECK(skype_call_tls_leg_due(SKYPE_MODE_TLS, 50028, 443, false) &&
          skype_call_tls_leg_due(SKYPE_MODE_CERT, 50000, 3478, false));
    CHECK(!skype_call_tls_leg_due(SKYPE_MODE_TLS, 50060, 443, true) &&
          !skype_call_tls_leg_due(SKYPE_MODE_TLS, 50028, 8443, true));
    /* tagged by a DNS answer: only to a relay range (teams.pcap 50018, 50021 -> 52.114.250.123:443) */
    CHECK(skype_call_tls_leg_due(SKYPE_MODE_DNS, 50018, 443, true) &&
          !skype_call_tls_leg_due(SKYPE_MODE_DNS, 50018, 443, false));
    CHECK(!skype_call_tls_leg_due(SKYPE_MODE_TURN, 50028, 443, true));
    {
        /* ChannelData 0x4000 with RTP (V=2, PT 104), with RTCP (RR, PT 201), with an unknown payload;
         * 0xFF10 with its 8-byte session ID, then RTP; cut short */
        static const uint8_t cd_rtp[] = {0x40, 0x00, 0x00, 0x0c, 0x90, 0x68, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        static const uint8_t cd_rtcp[] = {0x40, 0x00, 0x00, 0x08, 0x81, 0xc9, 0x00, 0x07, 0, 0, 0, 1};
        static const uint8_t cd_other[] = {0x40, 0x00, 0x00, 0x04, 0xc5, 0x01, 0x02, 0x03};
        static const uint8_t mux_rtp[] = {0xff, 0x10, 0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8,
                                          0x80, 0x68, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        CHECK(skype_relay_payload(cd_rtp, sizeof(cd_rtp), SKYPE_PKT_TURN_CHANNEL) == SKYPE_PKT_RTP);
        CHECK(skype_relay_payload(cd_rtcp, sizeof(cd_rtcp), SKYPE_PKT_TURN_CHANNEL) == SKYPE_PKT_RTCP);
        CHECK(skype_relay_payload(cd_other, sizeof(cd_other), SKYPE_PKT_TURN_CHANNEL) == SKYPE_PKT_OTHER);
        CHECK(skype_relay_payload(mux_rtp, sizeof(mux_rtp), SKYPE_PKT_MS_MUX) == SKYPE_PKT_RTP);
        CHECK(skype_relay_payload(mux_rtp, 12, SKYPE_PKT_MS_MUX) == SKYPE_PKT_OTHER);
        CHECK(skype_relay_payload(cd_rtp, sizeof(cd_rtp), SKYPE_PKT_RTP) == SKYPE_PKT_OTHER);
        CHECK(skype_relay_payload(NULL, 0, SKYPE_PKT_TURN_CHANNEL) == SKYPE_PKT_OTHER);
        CHECK(skype_call_message_phase(SKYPE_PKT_TURN_CHANNEL, NULL, cd_rtp, sizeof(cd_rtp)) == SKYPE_PHASE_MEDIA);
        CHECK(skype_call_message_phase(SKYPE_PKT_TURN_CHANNEL, NULL, cd_rtcp, sizeof(cd_rtcp)) == SKYPE_PHASE_MEDIA);
        CHECK(skype_call_message_phase(SKYPE_PKT_TURN_CHANNEL, NULL, cd_other, sizeof(cd_other)) == SKYPE_PHASE_RELAY);
        CHECK(skype_call_message_phase(SKYPE_PKT_MS_MUX, NULL, mux_rtp, sizeof(mux_rtp)) == SKYPE_PHASE_MEDIA);
        CHECK(skype_call_message_phase(SKYPE_PKT_TURN_CHANNEL, NULL, NULL, 0) == SKYPE_PHASE_RELAY);
        CHECK(skype_call_message_phase(SKYPE_PKT_OTHER, NULL, cd_rtp, sizeof(cd_rtp)) == SKYPE_PHASE_NONE);
    }
    CHECK(skype_call_proposed_phase(SKYPE_PKT_OTHER, &alloc) == SKYPE_PHASE_NONE);
    CHECK(skype_call_proposed_phase(99, NULL) == SKYPE_PHASE_NONE);
}

/* ---- The graph of legs (skype_call_graph.h) ---------------------------- */

static skype_ep_t ep_of(const char *ip, uint16_t port)
{
    skype_ep_t e;
    unsigned a, b, c, d;

    memset(&e, 0, sizeof(e));
    if (sscanf(ip, "%u.%u.%u.%u", &a, &b, &c, &d) == 4) {
        e.family = 4;
        e.addr[0] = (uint8_t)a;
        e.addr[1] = (uint8_t)b;
        e.addr[2] = (uint8_t)c;
        e.addr[3] = (uint8_t)d;
    }
    e.port = port;
    return e;
}

/* A leg as the epan layer keeps it, in miniature. */
typedef struct gleg {
    skype_ep_t client, server, party;
    uint32_t node;
    uint8_t kind, media, answered;
} gleg_t;

static gleg_t gleg(skype_call_graph_t *g, const char *c, uint16_t cp, const char *s, uint16_t sp, uint8_t kind,
                   uint32_t frame, uint64_t us)
{
    gleg_t l;

    memset(&l, 0, sizeof(l));
    l.client = ep_of(c, cp);
    l.server = ep_of(s, sp);
    l.kind = kind;
    l.node = skype_callset_add(&g->cs, &l.client, frame, us);
    return l;
}

/* One message of l at frame/us, as leg_message presents it: user an ICE
 * USERNAME (direct, or the check inside a Send/Data), tid a TURN
 * transaction, peer a TURN peer, media RTP/RTCP, placed a class a call places. */
static void gmsg(skype_call_graph_t *g, gleg_t *l, uint32_t frame, uint64_t us, const char *user, const char *tid,
                 const skype_ep_t *peer, bool media, bool placed)
{
    skype_leg_msg_t m;

    memset(&m, 0, sizeof(m));
    if (peer != NULL)
        skype_call_party(&l->party, &l->server, l->kind, peer);
    else if (l->party.family == 0)
        skype_call_party(&l->party, &l->server, l->kind, NULL);
    l->media |= media;
    m.client = &l->client;
    m.server = &l->server;
    m.peer = peer;
    m.party = &l->party;
    m.ice = user != NULL ? skype_ice_pair_key((const uint8_t *)user, strlen(user)) : 0;
    m.tid = tid != NULL ? skype_edge_tid_key((const uint8_t *)tid, strlen(tid)) : 0;
    m.us = us;
    m.kind = l->kind;
    m.party_rank = l->party.port == 1 ? SKYPE_PARTY_RELAY
                   : l->media         ? SKYPE_PARTY_MEDIA
                   : l->answered      ? SKYPE_PARTY_ANSWERED
                                      : SKYPE_PARTY_NONE;
    m.placed = placed;
    m.media = media;
    m.candidate = l->kind == SKYPE_LEG_TCP && !placed;
    m.edges = placed || m.candidate;
    (void)skype_graph_message(g, l->node, &m);
    skype_callset_touch(&g->cs, l->node, frame, us);
}

static uint32_t gnum(skype_call_graph_t *g, const gleg_t *l)
{
    return skype_callset_number(&g->cs, l->node);
}

static void gsettle(skype_call_graph_t *g)
{
    skype_settle_item_t *scratch = malloc(sizeof(*scratch) * (g->cs.n ? g->cs.n : 1));

    (void)skype_callset_settle(&g->cs, SKYPE_CALL_JOIN_WINDOW_US, scratch);
    free(scratch);
}

static void gfree(skype_call_graph_t *g)
{
    free(g->cs.g);
    free(g->cs.roots);
    free(g->keys);
    free(g->vals);
}

static void test_graph_keys(void)
{
    skype_call_graph_t g;
    skype_ep_t a = ep_of("192.168.1.6", 50016), r1 = ep_of("52.114.252.8", 1), r2 = ep_of("52.114.252.21", 1);
    skype_ep_t p = ep_of("93.71.110.205", 0);

    CHECK(skype_edge_ep_key(SKYPE_EDGE_PORT, &a) != skype_edge_ep_key(SKYPE_EDGE_END, &a));
    CHECK(skype_edge_ep_key(SKYPE_EDGE_PORT, &a) != 0 && skype_edge_ice_key(0) == 0 && skype_edge_tid_key(NULL, 0) == 0);
    /* "a Transport Relay" (port 1) is one party on every relay address; a named host is its own */
    CHECK(skype_edge_party_key(&a, &r1) == skype_edge_party_key(&a, &r2));
    CHECK(skype_edge_party_key(&a, &r1) != skype_edge_party_key(&a, &p));
    skype_graph_init(&g, grow, NULL);
    CHECK(skype_graph_lookup(&g, 12345, 0) == SKYPE_CALL_NONE);
    /* the table grows and keeps every key */
    for (uint32_t i = 0; i < 5000; i++) {
        skype_ep_t h = ep_of("10.0.0.1", (uint16_t)i);
        uint32_t n = skype_callset_add(&g.cs, &h, i + 1, 1000 + i);
        CHECK(!skype_graph_edge(&g, n, skype_edge_ep_key(SKYPE_EDGE_PORT, &h), 1000 + i, false));
    }
    for (uint32_t i = 0; i < 5000; i += 499) {
        skype_ep_t h = ep_of("10.0.0.1", (uint16_t)i);
        CHECK(skype_graph_lookup(&g, skype_edge_ep_key(SKYPE_EDGE_PORT, &h), 0) == i);
    }
    CHECK(g.used == 5000 && g.cap >= 10000);
    /* a key 0 is no edge */
    CHECK(!skype_graph_edge(&g, 0, 0, 1000, true));
    gfree(&g);
}

/*
 * captures/teams.pcap, leg by leg in its frames' order
 * (../shared/captures/PROVENANCE.md): relay allocations from the audio
 * and video ports and their RTCP ports, TCP relay candidates from 50018,
 * 50021, 50014 and 50036, checks to the peer's silent host candidate and
 * to its server-reflexive address (the peer checks first there), relayed
 * checks in [MS-TURN] Send/Data, the peer's relay candidates, media; and
 * the flight-proxy flow that no call places. One call.
 */
static void test_graph_teams_pcap(void)
{
    skype_call_graph_t g;
    const char *c = "192.168.1.6", *peer = "93.71.110.205";
    skype_ep_t srflx = ep_of(peer, 16332), srflx_v = ep_of(peer, 16333);
    gleg_t u, a, t18, b, cc, t21, e, d, f, t14, t36, hg, hv, ia, iv, ra, rv, *all[16];
    uint64_t s = 21000000;

    skype_graph_init(&g, grow, NULL);
    u = gleg(&g, c, 51681, "52.114.77.136", 3478, SKYPE_LEG_RELAYED, 1235, s + 9238);
    gmsg(&g, &u, 1235, s + 9238, NULL, NULL, NULL, false, false);
    a = gleg(&g, c, 50016, "52.114.250.123", 3478, SKYPE_LEG_RELAYED, 1238, s + 95894);
    gmsg(&g, &a, 1238, s + 95894, NULL, "t1238", NULL, false, true);
    CHECK(gnum(&g, &a) == 1 && gnum(&g, &u) == 0 && skype_callset_calls(&g.cs) == 1);
    t18 = gleg(&g, c, 50018, "52.114.250.123", 443, SKYPE_LEG_TCP, 1244, s + 142523);
    gmsg(&g, &t18, 1244, s + 142523, NULL, NULL, NULL, false, false);
    CHECK(gnum(&g, &t18) == 1); /* shown in the host's call meanwhile */
    b = gleg(&g, c, 50036, "52.114.250.123", 3478, SKYPE_LEG_RELAYED, 1248, s + 163012);
    gmsg(&g, &b, 1248, s + 163012, NULL, "t1248", NULL, false, true);
    cc = gleg(&g, c, 50016, "52.114.250.141", 3478, SKYPE_LEG_RELAYED, 1250, s + 178630);
    gmsg(&g, &cc, 1250, s + 178630, NULL, "t1250", NULL, false, true);
    CHECK(skype_callset_root(&g.cs, cc.node) == skype_callset_root(&g.cs, a.node)); /* the same client port */
    t21 = gleg(&g, c, 50021, "52.114.250.123", 443, SKYPE_LEG_TCP, 1274, s + 209603);
    gmsg(&g, &t21, 1274, s + 209603, NULL, NULL, NULL, false, false);
    gmsg(&g, &a, 1275, s + 221624, NULL, "t1250", NULL, false, true); /* 1250's answer from .123 */
    e = gleg(&g, c, 50017, "52.114.250.141", 3478, SKYPE_LEG_RELAYED, 1267, s + 192760);
    gmsg(&g, &e, 1267, s + 192760, NULL, "t1267", NULL, false, true);
    d = gleg(&g, c, 50036, "52.114.250.137", 3478, SKYPE_LEG_RELAYED, 1276, s + 235579);
    gmsg(&g, &d, 1276, s + 235579, NULL, "t1276", NULL, false, true);
    CHECK(skype_callset_root(&g.cs, d.node) == skype_callset_root(&g.cs, b.node));
    f = gleg(&g, c, 50037, "52.114.250.137", 3478, SKYPE_LEG_RELAYED, 1281, s + 249370);
    gmsg(&g, &f, 1281, s + 249370, NULL, "t1281", NULL, false, true);
    t14 = gleg(&g, c, 50014, "52.114.250.152", 443, SKYPE_LEG_TCP, 1336, s + 494451);
    gmsg(&g, &t14, 1336, s + 494451, NULL, NULL, NULL, false, false);
    t36 = gleg(&g, c, 50036, "52.114.250.153", 443, SKYPE_LEG_TCP, 1350, s + 519229);
    gmsg(&g, &t36, 1350, s + 519229, NULL, NULL, NULL, false, false);
    /* until the checks nothing anchors a call: one placed call, the rest shown in it */
    CHECK(skype_callset_calls(&g.cs) == 1 && gnum(&g, &b) == 1 && gnum(&g, &f) == 1 && gnum(&g, &t14) == 1);
    hg = gleg(&g, c, 50016, "192.168.0.4", 50005, SKYPE_LEG_DIRECT, 1404, s + 1859634);
    gmsg(&g, &hg, 1404, s + 1859634, "o5/I:FY32", NULL, NULL, false, true);
    hv = gleg(&g, c, 50036, "192.168.0.4", 50020, SKYPE_LEG_DIRECT, 1405, s + 1859752);
    gmsg(&g, &hv, 1405, s + 1859752, "JFwj:+mIv", NULL, NULL, false, true);
    /* the video line joins the audio line: the same remote party, at once */
    CHECK(skype_callset_root(&g.cs, hv.node) == skype_callset_root(&g.cs, hg.node));
    ia = gleg(&g, c, 50016, peer, 16332, SKYPE_LEG_DIRECT, 1406, s + 1886137);
    gmsg(&g, &ia, 1406, s + 1886137, "FY32:o5/I", NULL, NULL, false, true);
    iv = gleg(&g, c, 50036, peer, 16333, SKYPE_LEG_DIRECT, 1407, s + 1886726);
    gmsg(&g, &iv, 1407, s + 1886726, "+mIv:JFwj", NULL, NULL, false, true);
    /* [MS-TURN] Send requests on the relay allocations: the relayed check and its peer */
    gmsg(&g, &cc, 1413, s + 1962298, "o5/I:FY32", "t1413", &srflx, false, true);
    gmsg(&g, &d, 1414, s + 1962432, "JFwj:+mIv", "t1414", &srflx_v, false, true);
    ra = gleg(&g, c, 50036, "52.114.252.21", 3480, SKYPE_LEG_RELAYED, 1421, s + 2002739);
    gmsg(&g, &ra, 1421, s + 2002739, "+mIv:JFwj", NULL, NULL, false, true);
    rv = gleg(&g, c, 50016, "52.114.252.8", 3479, SKYPE_LEG_RELAYED, 1422, s + 2003532);
    gmsg(&g, &rv, 1422, s + 2003532, "FY32:o5/I", NULL, NULL, false, true);
    ia.answered = 1;
    gmsg(&g, &ia, 1452, s + 3154523, "o5/I:FY32", NULL, NULL, false, true);
    gmsg(&g, &ia, 1478, s + 4121588, NULL, NULL, NULL, true, true);   /* RTCP from the peer */
    gmsg(&g, &e, 1485, s + 4198191, NULL, "t1485", NULL, false, true); /* the release of 50017 */
    gmsg(&g, &ia, 1540, s + 4601928, NULL, NULL, NULL, true, true);
    gmsg(&g, &u, 1539, s + 4579895, NULL, NULL, NULL, false, false);
    /* before the last resort: the RTCP ports' allocations and the TCP
     * candidates of ports without UDP are shown in the call, not yet in it */
    CHECK(skype_callset_calls(&g.cs) == 1 && gnum(&g, &e) == 1 && gnum(&g, &t21) == 1);
    CHECK(skype_callset_root(&g.cs, e.node) != skype_callset_root(&g.cs, a.node));
    CHECK(skype_callset_root(&g.cs, t36.node) == skype_callset_root(&g.cs, a.node)); /* port 50036 */
    gsettle(&g);
    all[0] = &a, all[1] = &t18, all[2] = &b, all[3] = &cc, all[4] = &t21, all[5] = &e, all[6] = &d, all[7] = &f;
    all[8] = &t14, all[9] = &t36, all[10] = &hg, all[11] = &hv, all[12] = &ia, all[13] = &iv, all[14] = &ra, all[15] = &rv;
    for (int i = 0; i < 16; i++)
        CHECK(skype_callset_root(&g.cs, all[i]->node) == skype_callset_root(&g.cs, a.node) && gnum(&g, all[i]) == 1);
    CHECK(skype_callset_calls(&g.cs) == 1 && gnum(&g, &u) == 0);
    {
        const skype_call_group_t *r = &g.cs.g[skype_callset_call(&g.cs, a.node)];
        /* the party is the far end that carried media, never the silent host candidate */
        CHECK(r->party_rank == SKYPE_PARTY_MEDIA && r->party.addr[0] == 93 && r->party.addr[3] == 205);
        CHECK(r->first_frame == 1238 && r->host.addr[3] == 6 && r->host.port == 0);
    }
    /* settling again changes nothing */
    gsettle(&g);
    CHECK(skype_callset_calls(&g.cs) == 1);
    gfree(&g);
}

/* A TCP relay candidate before any UDP of its port: in no call; the port's
 * first check later joins it (the edge after the fact). */
static void test_graph_port_after_the_fact(void)
{
    skype_call_graph_t g;
    gleg_t t, l;

    skype_graph_init(&g, grow, NULL);
    t = gleg(&g, "192.168.50.30", 50028, "52.112.60.70", 443, SKYPE_LEG_TCP, 3, 10000);
    gmsg(&g, &t, 3, 10000, NULL, NULL, NULL, false, false);
    CHECK(gnum(&g, &t) == 0 && skype_callset_calls(&g.cs) == 0);
    l = gleg(&g, "192.168.50.30", 50028, "198.51.100.130", 50030, SKYPE_LEG_DIRECT, 9, 50000);
    gmsg(&g, &l, 9, 50000, "Wr5u:Bn2j", NULL, NULL, false, true);
    CHECK(gnum(&g, &t) == 1 && gnum(&g, &l) == 1 && skype_callset_calls(&g.cs) == 1);
    CHECK(g.cs.g[skype_callset_call(&g.cs, t.node)].first_frame == 3);
    gfree(&g);
}

/* Host H in call X; call Y's allocation comes first from another port and
 * is shown in X meanwhile, but joins Y by its port once Y's checks come:
 * the host alone never merges two calls. */
static void test_graph_two_calls_one_host(void)
{
    skype_call_graph_t g;
    gleg_t x, ya, y;

    skype_graph_init(&g, grow, NULL);
    x = gleg(&g, "192.168.50.60", 50002, "198.51.100.161", 50004, SKYPE_LEG_DIRECT, 1, 0);
    gmsg(&g, &x, 1, 0, "Ab1c:Cd2e", NULL, NULL, false, true);
    gmsg(&g, &x, 5, 100000, NULL, NULL, NULL, true, true);
    ya = gleg(&g, "192.168.50.60", 50006, "52.113.180.10", 3478, SKYPE_LEG_RELAYED, 10, 400000);
    gmsg(&g, &ya, 10, 400000, NULL, "ya", NULL, false, true);
    CHECK(gnum(&g, &ya) == 1 && skype_callset_calls(&g.cs) == 1);
    y = gleg(&g, "192.168.50.60", 50006, "198.51.100.162", 50008, SKYPE_LEG_DIRECT, 12, 500000);
    gmsg(&g, &y, 12, 500000, "Ij5k:Kl6m", NULL, NULL, false, true);
    CHECK(gnum(&g, &x) == 1 && gnum(&g, &y) == 2 && gnum(&g, &ya) == 2 && skype_callset_calls(&g.cs) == 2);
    gsettle(&g);
    CHECK(gnum(&g, &x) == 1 && gnum(&g, &y) == 2 && gnum(&g, &ya) == 2 && skype_callset_calls(&g.cs) == 2);
    gfree(&g);
}

/* The last resort after the first pass: an allocation alone joins its
 * host's anchored call nearest in time within the window, else stays a
 * call of its own; a TCP candidate alone stays in none. */
static void test_graph_settle(void)
{
    skype_call_graph_t g;
    gleg_t x, z, near, far, cand, other;
    const char *h = "192.168.50.80";

    skype_graph_init(&g, grow, NULL);
    x = gleg(&g, h, 50010, "198.51.100.180", 50012, SKYPE_LEG_DIRECT, 1, 0);
    gmsg(&g, &x, 1, 0, "Fa1r:Ga2s", NULL, NULL, false, true);
    gmsg(&g, &x, 2, 10000000, NULL, NULL, NULL, true, true);
    far = gleg(&g, h, 50011, "52.113.180.10", 3478, SKYPE_LEG_RELAYED, 3, 50000000);
    gmsg(&g, &far, 3, 50000000, NULL, "far", NULL, false, true);
    z = gleg(&g, h, 50030, "198.51.100.180", 50032, SKYPE_LEG_DIRECT, 4, 100000000);
    gmsg(&g, &z, 4, 100000000, "Lb3x:Mb4y", NULL, NULL, false, true);
    near = gleg(&g, h, 50031, "52.113.180.10", 3478, SKYPE_LEG_RELAYED, 5, 105000000);
    gmsg(&g, &near, 5, 105000000, NULL, "near", NULL, false, true);
    gmsg(&g, &z, 6, 110000000, NULL, NULL, NULL, true, true);
    cand = gleg(&g, h, 50014, "52.113.180.11", 443, SKYPE_LEG_TCP, 7, 200000000);
    gmsg(&g, &cand, 7, 200000000, NULL, NULL, NULL, false, false);
    other = gleg(&g, "10.0.0.1", 50000, "52.115.136.55", 3478, SKYPE_LEG_RELAYED, 8, 200000000);
    gmsg(&g, &other, 8, 200000000, NULL, "other", NULL, false, true);
    gsettle(&g);
    CHECK(skype_callset_root(&g.cs, near.node) == skype_callset_root(&g.cs, z.node));
    CHECK(gnum(&g, &x) == 1 && gnum(&g, &far) == 2 && gnum(&g, &z) == 3 && gnum(&g, &near) == 3);
    CHECK(gnum(&g, &cand) == 0 && gnum(&g, &other) == 4 && skype_callset_calls(&g.cs) == 4);
    gfree(&g);
}

/* Rule 4: a component silent past the window, or in teardown while a new
 * ICE pair comes, is ended for the leg's next message. */
static void test_graph_ended(void)
{
    skype_call_graph_t g;
    gleg_t x;
    uint64_t pair = skype_ice_pair_key((const uint8_t *)"Fa1r:Ga2s", 9);
    uint64_t fresh = skype_ice_pair_key((const uint8_t *)"Jb1v:Kb2w", 9);

    skype_graph_init(&g, grow, NULL);
    x = gleg(&g, "192.168.50.80", 50010, "198.51.100.180", 50012, SKYPE_LEG_DIRECT, 1, 1000000);
    gmsg(&g, &x, 1, 1000000, "Fa1r:Ga2s", NULL, NULL, false, true);
    CHECK(!skype_graph_ended(&g, x.node, 0, 1000000 + SKYPE_CALL_JOIN_WINDOW_US));
    CHECK(skype_graph_ended(&g, x.node, 0, 1000001 + SKYPE_CALL_JOIN_WINDOW_US));
    g.cs.g[skype_callset_root(&g.cs, x.node)].phase = SKYPE_PHASE_TEARDOWN;
    CHECK(skype_graph_ended(&g, x.node, fresh, 2000000) && !skype_graph_ended(&g, x.node, pair, 2000000));
    CHECK(!skype_graph_ended(&g, x.node, 0, 2000000) && !skype_graph_ended(&g, 999, 0, 0));
    gfree(&g);
}

static void *grow_unless(void *ctx, void *ptr, size_t size)
{
    size_t *budget = ctx;

    if (size != 0 && size > *budget)
        return NULL;
    return realloc(ptr, size);
}

static void test_graph_bad_input(void)
{
    skype_call_graph_t g;
    size_t budget = 4096;
    skype_ep_t h = ep_of("10.0.0.1", 50000);
    skype_leg_msg_t m;
    uint32_t n;

    memset(&m, 0, sizeof(m));
    m.client = m.server = &h;
    skype_graph_init(&g, grow_unless, &budget);
    CHECK(skype_graph_message(&g, 0, &m) == 0 && skype_graph_message(&g, SKYPE_CALL_NONE, &m) == 0);
    CHECK(!skype_graph_edge(&g, 7, 99, 0, true) && skype_graph_lookup(&g, 99, 0) == SKYPE_CALL_NONE);
    n = skype_callset_add(&g.cs, &h, 1, 1);
    CHECK(n == 0);
    /* the key table cannot grow past the budget: edges are lost, nothing breaks */
    for (uint32_t i = 0; i < 2000; i++)
        (void)skype_graph_edge(&g, n, 1000 + i, 1, true);
    CHECK(g.used <= g.cap / 2 && skype_graph_lookup(&g, 1000, 0) == n);
    CHECK(skype_callset_number(&g.cs, 12345) == 0 && skype_callset_call(&g.cs, SKYPE_CALL_NONE) == SKYPE_CALL_NONE);
    skype_callset_attach(&g.cs, 12345, 0);
    skype_callset_mark(&g.cs, 12345, SKYPE_CALL_F_PLACED);
    skype_callset_party(&g.cs, 12345, &h, SKYPE_PARTY_MEDIA);
    gfree(&g);
}

static void test_party_helpers(void)
{
    skype_ep_t client = ep_of("192.168.1.2", 50000), relay = ep_of("52.113.1.1", 3479);
    skype_ep_t peer = ep_of("93.71.110.205", 16332), lan = ep_of("192.168.0.4", 50005);
    skype_ep_t p, q, none;

    memset(&none, 0, sizeof(none));
    skype_call_party(&p, &relay, SKYPE_LEG_RELAYED, NULL);
    CHECK(p.port == 1 && p.addr[0] == 52);
    skype_call_party(&q, &relay, SKYPE_LEG_RELAYED, &client);
    CHECK(q.port == 0 && q.addr[0] == 192);
    /* parties meet through skype_edge_party_key: a relay and a named host are two parties */
    CHECK(skype_edge_party_key(&client, &p) != skype_edge_party_key(&client, &q) &&
          skype_edge_party_key(&client, &q) == skype_edge_party_key(&client, &q));
    skype_call_party(&q, &relay, SKYPE_LEG_DIRECT, &none);
    CHECK(q.port == 0 && q.addr[0] == 52); /* the far side's host, without its port */
    /* roles: a relay is never the client */
    CHECK(skype_call_client_is_dst(&relay, &client, false, false, false, false));
    CHECK(!skype_call_client_is_dst(&client, &relay, false, false, false, false));
    relay.port = 443;
    CHECK(skype_call_client_is_dst(&relay, &client, true, false, false, false));
    /* teams.pcap 1406: the peer's check first; the client is the Teams host... */
    CHECK(skype_call_client_is_dst(&peer, &client, false, false, false, true));
    /* ... or the private side of the NAT, or the Teams media port */
    CHECK(skype_call_client_is_dst(&peer, &client, false, false, false, false));
    CHECK(!skype_call_client_is_dst(&client, &peer, false, false, false, false));
    CHECK(skype_call_client_is_dst(&lan, &client, false, false, false, true));
    peer.port = 40000;
    lan.port = 40000;
    CHECK(skype_call_client_is_dst(&lan, &client, false, false, false, false));
    /* nothing to tell them apart: the first sender */
    CHECK(!skype_call_client_is_dst(&client, &client, false, false, false, false));
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
    test_stun_details();
    test_random();
    test_leg_kind_phase();
    test_graph_keys();
    test_graph_teams_pcap();
    test_graph_port_after_the_fact();
    test_graph_two_calls_one_host();
    test_graph_settle();
    test_graph_ended();
    test_graph_bad_input();
    test_party_helpers();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
