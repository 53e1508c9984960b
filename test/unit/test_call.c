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
    CHECK(skype_call_tls_leg_due(SKYPE_MODE_TLS, 50028, 443) && skype_call_tls_leg_due(SKYPE_MODE_CERT, 50000, 3478));
    CHECK(!skype_call_tls_leg_due(SKYPE_MODE_TLS, 50060, 443) && !skype_call_tls_leg_due(SKYPE_MODE_TLS, 50028, 8443));
    CHECK(!skype_call_tls_leg_due(SKYPE_MODE_DNS, 50028, 443) && !skype_call_tls_leg_due(SKYPE_MODE_TURN, 50028, 443));
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

/* The epan layer's side, in miniature: the ICE pair map and the
 * direct-ends map as arrays, the legs, and leg_message's sequence. */
#define W_MAX 64u
typedef struct world {
    skype_callset_t cs;
    uint64_t pair_key[W_MAX];
    uint32_t pair_group[W_MAX];
    unsigned npairs;
    skype_ep_t end[W_MAX];
    uint32_t end_group[W_MAX];
    unsigned nends;
} world_t;

typedef struct tleg {
    skype_ep_t client, server;
    uint32_t group, first_frame;
    uint8_t kind, ends_noted;
    bool weak;
} tleg_t;

static void world_init(world_t *w)
{
    memset(w, 0, sizeof(*w));
    skype_callset_init(&w->cs, grow, NULL);
}

static void world_free(world_t *w)
{
    free(w->cs.g);
    free(w->cs.roots);
}

static uint32_t pair_get(const world_t *w, uint64_t key)
{
    for (unsigned i = 0; key != 0 && i < w->npairs; i++)
        if (w->pair_key[i] == key)
            return w->pair_group[i];
    return SKYPE_CALL_NONE;
}

static void pair_put(world_t *w, uint64_t key, uint32_t g)
{
    if (w->npairs < W_MAX) {
        w->pair_key[w->npairs] = key;
        w->pair_group[w->npairs++] = g;
    }
}

static uint32_t end_get(const world_t *w, const skype_ep_t *ep)
{
    for (unsigned i = 0; i < w->nends; i++)
        if (skype_ep_equal(&w->end[i], ep))
            return w->end_group[i];
    return SKYPE_CALL_NONE;
}

static void end_put(world_t *w, const skype_ep_t *ep, uint32_t g)
{
    if (end_get(w, ep) == SKYPE_CALL_NONE && w->nends < W_MAX) {
        w->end[w->nends] = *ep;
        w->end_group[w->nends++] = g;
    }
}

static tleg_t leg_at(const char *client, uint16_t cport, const char *server, uint16_t sport, uint32_t frame)
{
    tleg_t l;
    unsigned a, b, c, d;

    memset(&l, 0, sizeof(l));
    if (sscanf(client, "%u.%u.%u.%u", &a, &b, &c, &d) == 4) {
        l.client.addr[0] = (uint8_t)a, l.client.addr[1] = (uint8_t)b, l.client.addr[2] = (uint8_t)c;
        l.client.addr[3] = (uint8_t)d;
    }
    if (sscanf(server, "%u.%u.%u.%u", &a, &b, &c, &d) == 4) {
        l.server.addr[0] = (uint8_t)a, l.server.addr[1] = (uint8_t)b, l.server.addr[2] = (uint8_t)c;
        l.server.addr[3] = (uint8_t)d;
    }
    l.client.family = l.server.family = 4;
    l.client.port = cport;
    l.server.port = sport;
    l.group = SKYPE_CALL_NONE;
    l.first_frame = frame;
    if (skype_relay_port(cport) || skype_relay_port(sport))
        l.kind = SKYPE_LEG_RELAYED;
    return l;
}

/* One message of leg l, as plugin/epan/skype_calls.c's leg_message runs the
 * core: returns the join's action (the peer's when that changed something). */
static uint8_t world_msg(world_t *w, tleg_t *l, uint8_t pkt, const skype_stun_info_t *stun, uint64_t key,
                         uint32_t frame, uint64_t us)
{
    bool remember;
    uint8_t act, proposed;

    l->kind = skype_call_leg_kind(l->kind, pkt, stun);
    proposed = skype_call_proposed_phase(pkt, stun);
    act = skype_call_join(&w->cs, &l->group, &l->weak, key, pair_get(w, key), &l->client, l->first_frame, us,
                          &remember);
    if (remember)
        pair_put(w, key, l->group);
    if (skype_call_peer_wanted(l->kind, stun != NULL && stun->peer.family != 0, l->group)) {
        uint8_t a = skype_call_join_peer(&w->cs, &l->group, &l->weak, end_get(w, &stun->peer));
        if (a != SKYPE_JOIN_STAYS)
            act = a;
    }
    if (skype_call_direct_ends_due(l->kind, l->group, l->weak, &l->ends_noted)) {
        end_put(w, &l->client, l->group);
        end_put(w, &l->server, l->group);
    }
    if (l->group != SKYPE_CALL_NONE) {
        (void)skype_call_phase_enter(&w->cs.g[skype_callset_root(&w->cs, l->group)].phase, proposed);
        skype_callset_touch(&w->cs, l->group, frame, us);
    }
    return act;
}

static uint32_t num(world_t *w, const tleg_t *l)
{
    return skype_callset_number(&w->cs, l->group);
}

static skype_stun_info_t stun_of(uint16_t method, const skype_ep_t *peer)
{
    skype_stun_info_t s;

    memset(&s, 0, sizeof(s));
    s.method = method;
    if (peer != NULL)
        s.peer = *peer;
    return s;
}

static uint64_t ufrags(const char *user)
{
    return skype_ice_pair_key((const uint8_t *)user, strlen(user));
}

/* call_two_overlapping.pcap's shape: one host, two calls at once, each with
 * its own pair: two calls; a relay of the host without a pair joins the
 * host's latest call weakly, and moves when it shows the other call's pair. */
static void test_join_overlapping(void)
{
    world_t w;
    tleg_t a = leg_at("192.168.10.22", 50002, "198.51.100.7", 50010, 1);
    tleg_t b = leg_at("192.168.10.22", 50004, "198.51.100.9", 50020, 3);
    tleg_t r = leg_at("192.168.10.22", 50006, "52.114.1.1", 3478, 7);
    skype_stun_info_t bind = stun_of(SKYPE_STUN_BINDING, NULL), alloc = stun_of(SKYPE_STUN_ALLOCATE, NULL);
    skype_stun_info_t send = stun_of(SKYPE_STUN_SEND, NULL);
    uint64_t ka = ufrags("gppe:zWyk"), kb = ufrags("Qm2x:h7Tq");

    world_init(&w);
    CHECK(world_msg(&w, &a, SKYPE_PKT_STUN, &bind, ka, 1, 1000000) == SKYPE_JOIN_NEW);
    CHECK(world_msg(&w, &a, SKYPE_PKT_STUN, &bind, ufrags("zWyk:gppe"), 2, 1010000) == SKYPE_JOIN_STAYS);
    /* the host's call is recent, but a pair unknown so far starts a call */
    CHECK(world_msg(&w, &b, SKYPE_PKT_STUN, &bind, kb, 3, 1100000) == SKYPE_JOIN_NEW);
    CHECK(world_msg(&w, &a, SKYPE_PKT_RTP, NULL, 0, 4, 1200000) == SKYPE_JOIN_STAYS);
    CHECK(world_msg(&w, &b, SKYPE_PKT_RTP, NULL, 0, 5, 1300000) == SKYPE_JOIN_STAYS);
    CHECK(num(&w, &a) == 1 && num(&w, &b) == 2 && skype_callset_calls(&w.cs) == 2);
    CHECK(!a.weak && !b.weak && a.kind == SKYPE_LEG_DIRECT && b.kind == SKYPE_LEG_DIRECT);
    CHECK(w.npairs == 2 && w.nends == 4);
    /* a relay leg of the host without a pair: the call with the latest frame (2), weakly */
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &alloc, 0, 7, 1400000) == SKYPE_JOIN_HOST);
    CHECK(r.weak && num(&w, &r) == 2 && r.kind == SKYPE_LEG_RELAYED);
    CHECK(world_msg(&w, &a, SKYPE_PKT_RTP, NULL, 0, 8, 1500000) == SKYPE_JOIN_STAYS);
    /* its relayed check (a Send indication with a Binding inside) names call 1's pair: it moves */
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &send, ka, 9, 1600000) == SKYPE_JOIN_MOVE);
    CHECK(!r.weak && num(&w, &r) == 1 && skype_callset_calls(&w.cs) == 2);
    /* weak legs note no ends; the relay is no direct leg anyway */
    CHECK(w.nends == 4 && r.ends_noted == 0);
    /* phases: call 1 media (RTP), call 2 media */
    CHECK(w.cs.g[skype_callset_root(&w.cs, a.group)].phase == SKYPE_PHASE_MEDIA);
    world_free(&w);
}

/* A weak leg naming a pair unknown so far while its host's call has a pair
 * of its own: a new call. While the host's call has none: it stays, and the
 * pair now names that call. */
static void test_join_new_pair(void)
{
    world_t w;
    tleg_t a = leg_at("10.0.0.5", 50000, "10.0.0.9", 50001, 1);
    tleg_t r = leg_at("10.0.0.5", 50010, "52.114.1.1", 3479, 2);
    tleg_t h = leg_at("10.0.0.6", 50000, "52.114.1.1", 3478, 10);
    tleg_t s = leg_at("10.0.0.6", 50010, "52.114.1.2", 3479, 11);
    skype_stun_info_t bind = stun_of(SKYPE_STUN_BINDING, NULL), alloc = stun_of(SKYPE_STUN_ALLOCATE, NULL);
    uint64_t k1 = ufrags("aaaa:bbbb"), k2 = ufrags("cccc:dddd"), k3 = ufrags("eeee:ffff");
    bool remember;

    world_init(&w);
    CHECK(world_msg(&w, &a, SKYPE_PKT_STUN, &bind, k1, 1, 0) == SKYPE_JOIN_NEW);
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &alloc, 0, 2, 1000) == SKYPE_JOIN_HOST && r.weak);
    CHECK(num(&w, &r) == 1);
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &bind, k2, 3, 2000) == SKYPE_JOIN_NEW);
    CHECK(!r.weak && num(&w, &r) == 2 && pair_get(&w, k2) == r.group && w.cs.g[r.group].keyed);
    /* the new call's host and first frame: the leg's */
    CHECK(w.cs.g[r.group].first_frame == 2 && w.cs.g[r.group].host.addr[3] == 5);

    /* host 10.0.0.6: its first call has no pair yet */
    CHECK(world_msg(&w, &h, SKYPE_PKT_STUN, &alloc, 0, 10, 5000) == SKYPE_JOIN_NEW && !h.weak);
    CHECK(world_msg(&w, &s, SKYPE_PKT_STUN, &alloc, 0, 11, 6000) == SKYPE_JOIN_HOST && s.weak);
    CHECK(!w.cs.g[skype_callset_root(&w.cs, s.group)].keyed);
    CHECK(world_msg(&w, &s, SKYPE_PKT_STUN, &bind, k3, 12, 7000) == SKYPE_JOIN_STAYS);
    CHECK(!s.weak && num(&w, &s) == num(&w, &h) && pair_get(&w, k3) == s.group);
    CHECK(w.cs.g[skype_callset_root(&w.cs, h.group)].keyed && skype_callset_calls(&w.cs) == 3);

    /* the core alone: a leg already in a call, a known pair of its own call */
    {
        uint32_t g = h.group;
        bool weak = false;
        CHECK(skype_call_join(&w.cs, &g, &weak, k3, pair_get(&w, k3), &h.client, 10, 8000, &remember) ==
                  SKYPE_JOIN_STAYS &&
              !remember && g == skype_callset_root(&w.cs, h.group));
    }
    world_free(&w);
}

/* A leg not weak whose message names another call's pair: the two calls
 * become one, the earlier number stays. The join window: a host's call idle
 * for more than 30 s is not joined. */
static void test_join_union_window(void)
{
    world_t w;
    tleg_t a = leg_at("10.1.0.1", 50000, "10.1.0.2", 50000, 1);
    tleg_t b = leg_at("10.1.0.3", 50000, "52.114.1.1", 3478, 2);
    tleg_t late = leg_at("10.1.0.1", 50020, "52.114.1.1", 3480, 9);
    tleg_t edge = leg_at("10.1.0.1", 50030, "52.114.1.1", 3480, 10);
    skype_stun_info_t bind = stun_of(SKYPE_STUN_BINDING, NULL), alloc = stun_of(SKYPE_STUN_ALLOCATE, NULL);
    uint64_t k1 = ufrags("one:two");
    uint64_t t0 = 1000000;

    world_init(&w);
    CHECK(world_msg(&w, &a, SKYPE_PKT_STUN, &bind, k1, 1, t0) == SKYPE_JOIN_NEW);
    CHECK(world_msg(&w, &b, SKYPE_PKT_STUN, &alloc, 0, 2, t0 + 1) == SKYPE_JOIN_NEW); /* another host */
    CHECK(num(&w, &b) == 2 && !b.weak);
    CHECK(world_msg(&w, &b, SKYPE_PKT_STUN, &bind, k1, 3, t0 + 2) == SKYPE_JOIN_UNION);
    CHECK(num(&w, &a) == 1 && num(&w, &b) == 1 && skype_callset_calls(&w.cs) == 1);
    /* the window counts from the call's last frame (3, at t0 + 2) */
    CHECK(world_msg(&w, &edge, SKYPE_PKT_STUN, &alloc, 0, 10, t0 + 2 + SKYPE_CALL_JOIN_WINDOW_US) ==
          SKYPE_JOIN_HOST);
    CHECK(world_msg(&w, &late, SKYPE_PKT_STUN, &alloc, 0, 11, t0 + 2 + 2 * SKYPE_CALL_JOIN_WINDOW_US + 1) ==
          SKYPE_JOIN_NEW);
    CHECK(num(&w, &late) == 2 && !late.weak);
    world_free(&w);
}

/* call_relayed.pcap's shape: the direct checks fail, the relay relays to the
 * direct leg's far end (XOR-PEER-ADDRESS): the relay joins that call. */
static void test_join_turn_peer(void)
{
    world_t w;
    tleg_t d = leg_at("192.168.10.20", 50010, "198.51.100.77", 50030, 1);
    tleg_t r = leg_at("192.168.10.99", 50011, "52.114.1.1", 3478, 4);    /* another host: not weak */
    tleg_t q = leg_at("192.168.10.20", 50012, "52.114.1.2", 3478, 6);    /* the same host: weak */
    tleg_t t = leg_at("192.168.10.77", 50013, "52.114.1.3", 443, 8);     /* a TCP leg */
    tleg_t x = leg_at("192.168.10.88", 50014, "52.114.1.4", 3478, 9);    /* a peer nobody knows */
    skype_stun_info_t bind = stun_of(SKYPE_STUN_BINDING, NULL), alloc = stun_of(SKYPE_STUN_ALLOCATE, NULL);
    skype_stun_info_t perm = stun_of(SKYPE_STUN_CREATE_PERMISSION, &d.server);
    skype_stun_info_t bindp = stun_of(SKYPE_STUN_BINDING, &d.server);
    skype_stun_info_t other;
    skype_ep_t nobody = d.server;
    uint32_t g;
    bool weak;

    nobody.port = 1;
    other = stun_of(SKYPE_STUN_CHANNEL_BIND, &nobody);
    world_init(&w);
    CHECK(world_msg(&w, &d, SKYPE_PKT_STUN, &bind, ufrags("gppe:zWyk"), 1, 100) == SKYPE_JOIN_NEW);
    CHECK(d.ends_noted && w.nends == 2 && end_get(&w, &d.server) == d.group);
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &alloc, 0, 4, 200) == SKYPE_JOIN_NEW && num(&w, &r) == 2);
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &perm, 0, 5, 300) == SKYPE_JOIN_UNION);
    CHECK(num(&w, &r) == 1 && skype_callset_calls(&w.cs) == 1 && !r.weak);
    CHECK(world_msg(&w, &r, SKYPE_PKT_STUN, &perm, 0, 5, 310) == SKYPE_JOIN_STAYS); /* already one call */
    /* the same host's relay: weakly in call 1, then the peer: no longer weak */
    CHECK(world_msg(&w, &q, SKYPE_PKT_STUN, &alloc, 0, 6, 400) == SKYPE_JOIN_HOST && q.weak);
    CHECK(world_msg(&w, &q, SKYPE_PKT_STUN, &perm, 0, 7, 500) == SKYPE_JOIN_MOVE && !q.weak && num(&w, &q) == 1);
    /* a TCP leg (kind set by the TCP front) joins by its peer too */
    t.kind = SKYPE_LEG_TCP;
    CHECK(world_msg(&w, &t, SKYPE_PKT_STUN, &alloc, 0, 8, 600) == SKYPE_JOIN_NEW && num(&w, &t) == 2);
    CHECK(world_msg(&w, &t, SKYPE_PKT_STUN, &perm, 0, 8, 610) == SKYPE_JOIN_UNION && num(&w, &t) == 1);
    CHECK(t.kind == SKYPE_LEG_TCP && !t.ends_noted);
    /* a peer that is no direct leg's end: nothing */
    CHECK(world_msg(&w, &x, SKYPE_PKT_STUN, &alloc, 0, 9, 700) == SKYPE_JOIN_NEW);
    CHECK(world_msg(&w, &x, SKYPE_PKT_STUN, &other, 0, 9, 710) == SKYPE_JOIN_STAYS && num(&w, &x) == 2);
    /* a direct leg's peer is not looked up: only relayed and TCP legs */
    CHECK(!skype_call_peer_wanted(SKYPE_LEG_DIRECT, true, 0));
    CHECK(!skype_call_peer_wanted(SKYPE_LEG_RELAYED, false, 0));
    CHECK(!skype_call_peer_wanted(SKYPE_LEG_RELAYED, true, SKYPE_CALL_NONE));
    CHECK(skype_call_peer_wanted(SKYPE_LEG_RELAYED, true, 0) && skype_call_peer_wanted(SKYPE_LEG_TCP, true, 0));
    {
        tleg_t d2 = leg_at("192.168.10.21", 50040, "198.51.100.78", 50050, 12);
        CHECK(world_msg(&w, &d2, SKYPE_PKT_STUN, &bindp, 0, 12, 800) == SKYPE_JOIN_NEW); /* peer ignored */
        CHECK(num(&w, &d2) == 3);
    }
    /* join_peer alone: nothing for a leg or a peer in no call, or an index outside the set */
    g = SKYPE_CALL_NONE;
    weak = true;
    CHECK(skype_call_join_peer(&w.cs, &g, &weak, 0) == SKYPE_JOIN_STAYS && g == SKYPE_CALL_NONE && weak);
    g = 0;
    CHECK(skype_call_join_peer(&w.cs, &g, &weak, SKYPE_CALL_NONE) == SKYPE_JOIN_STAYS && g == 0 && weak);
    CHECK(skype_call_join_peer(&w.cs, &g, &weak, w.cs.n) == SKYPE_JOIN_STAYS && g == 0 && weak);
    world_free(&w);
}

/* Direct ends: once per leg, direct legs in a call, not weak; the first
 * leg to reach an end keeps it. */
static void test_direct_ends(void)
{
    uint8_t noted = 0;

    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_RELAYED, 0, false, &noted) && !noted);
    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_TCP, 0, false, &noted) && !noted);
    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_NONE, 0, false, &noted) && !noted);
    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_DIRECT, SKYPE_CALL_NONE, false, &noted) && !noted);
    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_DIRECT, 0, true, &noted) && !noted);
    CHECK(skype_call_direct_ends_due(SKYPE_LEG_DIRECT, 0, false, &noted) && noted == 1);
    CHECK(!skype_call_direct_ends_due(SKYPE_LEG_DIRECT, 0, false, &noted) && noted == 1);
}

/* A grow that fails once *(bool *)ctx is set. */
static void *grow_unless(void *ctx, void *ptr, size_t size)
{
    return *(bool *)ctx ? NULL : realloc(ptr, size);
}

/* Bad input and a full set: indices outside the set count as none; a new
 * call that cannot be added leaves the leg in no call (also a weak leg). */
static void test_join_bad_input(void)
{
    skype_callset_t cs;
    skype_ep_t host = {{10, 9, 0, 1}, 50000, 4, 0}, other = {{10, 9, 0, 2}, 50000, 4, 0};
    bool fail = false, weak = false, remember = true;
    uint32_t g, first;

    skype_callset_init(&cs, grow_unless, &fail);
    /* an index outside the set: none; keyed without a key: ignored */
    g = 12345;
    CHECK(skype_call_join(&cs, &g, &weak, 0, 7, &host, 1, 10, &remember) == SKYPE_JOIN_NEW && g == 0 && !remember);
    g = SKYPE_CALL_NONE;
    CHECK(skype_call_join(&cs, &g, &weak, 42, 99, &host, 2, 20, &remember) == SKYPE_JOIN_NEW && g == 1 && remember);
    CHECK(cs.g[1].keyed && !cs.g[0].keyed);
    first = g;
    /* fill the first block of 16 groups, then make the allocator fail */
    while (cs.n < 16)
        (void)skype_callset_add(&cs, &other, 3, 30);
    fail = true;
    g = SKYPE_CALL_NONE;
    CHECK(skype_call_join(&cs, &g, &weak, 43, SKYPE_CALL_NONE, &host, 4, 40, &remember) == SKYPE_JOIN_FULL);
    CHECK(g == SKYPE_CALL_NONE && !remember);
    /* the host's call is keyed (group 1, the most recent of host): a weak leg with a new pair
     * leaves it, and with the set full ends in no call */
    g = SKYPE_CALL_NONE;
    CHECK(skype_call_join(&cs, &g, &weak, 0, SKYPE_CALL_NONE, &host, 5, 50, &remember) == SKYPE_JOIN_HOST);
    CHECK(g == first && weak);
    CHECK(skype_call_join(&cs, &g, &weak, 44, SKYPE_CALL_NONE, &host, 5, 60, &remember) == SKYPE_JOIN_FULL);
    CHECK(g == SKYPE_CALL_NONE && !weak && !remember);
    free(cs.g);
    free(cs.roots);
}

/* ---- Issue 19's grouping rules (skype_call_join_leg) ------------------ */

/* A leg as plugin/epan/skype_calls.c keeps it for the new rules. */
typedef struct pleg {
    tleg_t l;
    skype_ep_t party;
    bool peer_named, media, port_noted;
} pleg_t;

typedef struct pworld {
    world_t w;
    skype_ep_t port[W_MAX];
    uint32_t port_group[W_MAX];
    unsigned nports;
} pworld_t;

static uint32_t port_get(pworld_t *pw, const skype_ep_t *ep)
{
    for (unsigned i = 0; i < pw->nports; i++)
        if (skype_ep_equal(&pw->port[i], ep))
            return pw->port_group[i];
    return SKYPE_CALL_NONE;
}

static pleg_t pleg(const char *client, uint16_t cport, const char *server, uint16_t sport, uint32_t frame)
{
    pleg_t p;

    memset(&p, 0, sizeof(p));
    p.l = leg_at(client, cport, server, sport, frame);
    return p;
}

/* One message, as skype_calls.c's leg_message runs the core; returns the
 * join's action. pkt RTP marks the leg as having carried media. */
static uint8_t pmsg(pworld_t *pw, pleg_t *p, uint8_t pkt, const skype_stun_info_t *stun, const char *user,
                    uint32_t frame, uint64_t us)
{
    skype_callset_t *cs = &pw->w.cs;
    skype_call_facts_t f;
    skype_ep_t party;
    bool by_peer, named = false, weak = p->l.weak;
    uint8_t act, proposed = skype_call_proposed_phase(pkt, stun);

    memset(&f, 0, sizeof(f));
    p->l.kind = skype_call_leg_kind(p->l.kind, pkt, stun);
    by_peer = stun != NULL && stun->peer.family != 0 &&
              (p->l.kind == SKYPE_LEG_RELAYED || p->l.kind == SKYPE_LEG_TCP);
    if (!p->peer_named || by_peer) {
        skype_call_party(&party, &p->l.server, p->l.kind, by_peer ? &stun->peer : NULL);
        named = memcmp(&party, &p->party, sizeof(party)) != 0;
        p->party = party;
        p->peer_named |= by_peer;
    }
    f.key = user != NULL ? ufrags(user) : 0;
    f.keyed = pair_get(&pw->w, f.key);
    f.port_group = port_get(pw, &p->l.client);
    f.host = &p->l.client;
    f.party = &p->party;
    f.first_frame = p->l.first_frame;
    f.frame = frame;
    f.us = us;
    f.party_new = named;
    act = skype_call_join_leg(cs, &p->l.group, &weak, &f);
    if (f.left) {
        p->l.ends_noted = 0;
        p->port_noted = false;
        p->media = false;
    }
    if (f.remember)
        pair_put(&pw->w, f.key, p->l.group);
    if (!p->port_noted && skype_call_port_due(p->l.group, weak) && pw->nports < W_MAX) {
        p->port_noted = true;
        if (skype_call_live(cs, port_get(pw, &p->l.client), us) == SKYPE_CALL_NONE) {
            unsigned i = 0;
            while (i < pw->nports && !skype_ep_equal(&pw->port[i], &p->l.client))
                i++; /* a stale entry is overwritten, as wmem_map_insert does */
            pw->port[i] = p->l.client;
            pw->port_group[i] = p->l.group;
            pw->nports += i == pw->nports;
        }
    }
    if (skype_call_peer_wanted(p->l.kind, stun != NULL && stun->peer.family != 0, p->l.group)) {
        uint8_t a = skype_call_join_peer(cs, &p->l.group, &weak,
                                         skype_call_live(cs, end_get(&pw->w, &stun->peer), us));
        if (a != SKYPE_JOIN_STAYS)
            act = a;
    }
    p->l.weak = weak;
    if (skype_call_direct_ends_due(p->l.kind, p->l.group, p->l.weak, &p->l.ends_noted)) {
        end_put(&pw->w, &p->l.client, p->l.group);
        end_put(&pw->w, &p->l.server, p->l.group);
    }
    if (proposed == SKYPE_PHASE_MEDIA)
        p->media = true;
    if (p->l.group != SKYPE_CALL_NONE) {
        uint8_t *ph = &cs->g[skype_callset_root(cs, p->l.group)].phase;
        (void)skype_call_phase_enter(ph, skype_call_leg_phase(proposed, p->media, *ph));
        skype_callset_touch(cs, p->l.group, frame, us);
    }
    return act;
}

static uint32_t pnum(pworld_t *pw, const pleg_t *p)
{
    return skype_callset_number(&pw->w.cs, p->l.group);
}

static void pworld_init(pworld_t *pw)
{
    memset(pw, 0, sizeof(*pw));
    world_init(&pw->w);
}

/* teams_meeting_three_sessions.pcap: audio, video and sharing in three ICE
 * sessions (own pairs, own ports) to one conference server: one call. */
static void test_join_party_sessions(void)
{
    pworld_t pw;
    pleg_t a = pleg("192.168.50.10", 50004, "52.113.40.20", 3479, 1);
    pleg_t v = pleg("192.168.50.10", 50024, "52.113.40.20", 3480, 2);
    pleg_t s = pleg("192.168.50.10", 50044, "52.113.40.20", 3481, 92);
    skype_stun_info_t b = stun_of(SKYPE_STUN_BINDING, NULL);

    pworld_init(&pw);
    CHECK(pmsg(&pw, &a, SKYPE_PKT_STUN, &b, "ZpV3:q7Rw", 1, 0) == SKYPE_JOIN_NEW);
    CHECK(pmsg(&pw, &v, SKYPE_PKT_STUN, &b, "h4Lc:Kd2+", 2, 200) == SKYPE_JOIN_PARTY);
    CHECK(pmsg(&pw, &a, SKYPE_PKT_RTP, NULL, NULL, 9, 100000) == SKYPE_JOIN_STAYS);
    CHECK(pmsg(&pw, &s, SKYPE_PKT_STUN, &b, "Ty8/:m9/T", 92, 600000) == SKYPE_JOIN_PARTY);
    CHECK(pnum(&pw, &a) == 1 && pnum(&pw, &v) == 1 && pnum(&pw, &s) == 1);
    CHECK(skype_callset_calls(&pw.w.cs) == 1);
    world_free(&pw.w);
}

/* teams_two_calls_two_parties.pcap: two calls of one host at once, audio
 * and video each, to two remote parties: two calls. */
static void test_join_two_parties(void)
{
    pworld_t pw;
    pleg_t a1 = pleg("192.168.50.60", 50002, "198.51.100.161", 50004, 1);
    pleg_t v1 = pleg("192.168.50.60", 50022, "198.51.100.161", 50024, 2);
    pleg_t a2 = pleg("192.168.50.60", 50006, "198.51.100.162", 50008, 57);
    pleg_t v2 = pleg("192.168.50.60", 50026, "198.51.100.162", 50028, 58);
    skype_stun_info_t b = stun_of(SKYPE_STUN_BINDING, NULL);

    pworld_init(&pw);
    (void)pmsg(&pw, &a1, SKYPE_PKT_STUN, &b, "Cd2e:Ab1c", 1, 0);
    CHECK(pmsg(&pw, &v1, SKYPE_PKT_STUN, &b, "Gh4i:Ef3g", 2, 200) == SKYPE_JOIN_PARTY);
    CHECK(pmsg(&pw, &a2, SKYPE_PKT_STUN, &b, "Kl6m:Ij5k", 57, 400000) == SKYPE_JOIN_NEW);
    CHECK(pmsg(&pw, &v2, SKYPE_PKT_STUN, &b, "Op8q:Mn7o", 58, 400200) == SKYPE_JOIN_PARTY);
    (void)pmsg(&pw, &a1, SKYPE_PKT_RTP, NULL, NULL, 90, 500000);
    (void)pmsg(&pw, &v2, SKYPE_PKT_RTP, NULL, NULL, 91, 500100);
    CHECK(pnum(&pw, &a1) == 1 && pnum(&pw, &v1) == 1 && pnum(&pw, &a2) == 2 && pnum(&pw, &v2) == 2);
    CHECK(skype_callset_calls(&pw.w.cs) == 2);
    world_free(&pw.w);
}

/* teams_alloc_before_checks.pcap: relay allocations from the media ports
 * first, then the checks of two sessions to one peer: one call; the
 * release of the unused allocations does not tear the call down. */
static void test_join_alloc_first(void)
{
    pworld_t pw;
    pleg_t ra = pleg("192.168.50.20", 50016, "52.113.20.30", 3478, 3);
    pleg_t rv = pleg("192.168.50.20", 50036, "52.113.20.30", 3478, 5);
    pleg_t da = pleg("192.168.50.20", 50016, "10.77.0.4", 50005, 15);
    pleg_t dv = pleg("192.168.50.20", 50036, "10.77.0.4", 50020, 16);
    skype_stun_info_t al = stun_of(SKYPE_STUN_ALLOCATE, NULL), b = stun_of(SKYPE_STUN_BINDING, NULL);
    skype_stun_info_t rel = stun_of(SKYPE_STUN_REFRESH, NULL);

    pworld_init(&pw);
    rel.has_lifetime = 1; /* LIFETIME 0 */
    CHECK(pmsg(&pw, &ra, SKYPE_PKT_STUN, &al, NULL, 3, 100000) == SKYPE_JOIN_NEW);
    CHECK(pmsg(&pw, &rv, SKYPE_PKT_STUN, &al, NULL, 5, 167000) == SKYPE_JOIN_HOST && rv.l.weak);
    CHECK(pmsg(&pw, &da, SKYPE_PKT_STUN, &b, "o5/J:FY3k", 15, 1760000) == SKYPE_JOIN_PORT);
    CHECK(pmsg(&pw, &dv, SKYPE_PKT_STUN, &b, "JFwk:+mIq", 16, 1760100) == SKYPE_JOIN_PARTY);
    (void)pmsg(&pw, &da, SKYPE_PKT_RTP, NULL, NULL, 37, 1997924);
    (void)pmsg(&pw, &dv, SKYPE_PKT_RTP, NULL, NULL, 39, 2019852);
    CHECK(skype_callset_calls(&pw.w.cs) == 1);
    CHECK(pnum(&pw, &ra) == 1 && pnum(&pw, &rv) == 1 && pnum(&pw, &da) == 1 && pnum(&pw, &dv) == 1);
    /* the unused allocation's release: no teardown while media goes on */
    CHECK(skype_call_message_phase(SKYPE_PKT_STUN, &rel, NULL, 0) == SKYPE_PHASE_TEARDOWN);
    (void)pmsg(&pw, &ra, SKYPE_PKT_STUN, &rel, NULL, 150, 2500000);
    CHECK(pw.w.cs.g[skype_callset_root(&pw.w.cs, da.l.group)].phase == SKYPE_PHASE_MEDIA);
    /* a leg that carried media does tear it down */
    CHECK(skype_call_leg_phase(SKYPE_PHASE_TEARDOWN, false, SKYPE_PHASE_MEDIA) == SKYPE_PHASE_NONE);
    CHECK(skype_call_leg_phase(SKYPE_PHASE_TEARDOWN, true, SKYPE_PHASE_MEDIA) == SKYPE_PHASE_TEARDOWN);
    /* a call that never had media (an allocation alone) is torn down by its release */
    CHECK(skype_call_leg_phase(SKYPE_PHASE_TEARDOWN, false, SKYPE_PHASE_RELAY) == SKYPE_PHASE_TEARDOWN);
    CHECK(skype_call_leg_phase(SKYPE_PHASE_MEDIA, false, SKYPE_PHASE_RELAY) == SKYPE_PHASE_MEDIA);
    world_free(&pw.w);
}

/* teams_relayed_channeldata.pcap / teams_relayed_ff10.pcap: sessions
 * relayed through Transport Relays; without a named peer the relay is the
 * party (any relay address), a peer once named is the party. */
static void test_join_relayed_sessions(void)
{
    pworld_t pw;
    pleg_t a = pleg("192.168.50.50", 50016, "52.113.252.8", 3479, 1);
    pleg_t v = pleg("192.168.50.50", 50036, "52.113.252.21", 3480, 2);
    pleg_t o = pleg("192.168.50.50", 50050, "198.51.100.9", 50000, 40); /* a direct call to someone else */
    skype_stun_info_t b = stun_of(SKYPE_STUN_BINDING, NULL);
    skype_ep_t peer;

    pworld_init(&pw);
    CHECK(pmsg(&pw, &a, SKYPE_PKT_STUN, &b, "Ez8+:Qw3/", 1, 0) == SKYPE_JOIN_NEW);
    CHECK(a.party.port == 1);
    CHECK(pmsg(&pw, &v, SKYPE_PKT_STUN, &b, "Yu2b:Rt5x", 2, 800) == SKYPE_JOIN_PARTY);
    CHECK(pmsg(&pw, &o, SKYPE_PKT_STUN, &b, "Zz1a:Yy2b", 40, 5000) == SKYPE_JOIN_NEW);
    CHECK(skype_callset_calls(&pw.w.cs) == 2);
    /* a relayed session whose peer is named after its checks: rule 5 joins
     * it to the host's call with that party */
    {
        pleg_t r = pleg("192.168.50.50", 50060, "52.112.130.20", 3478, 60);
        skype_stun_info_t cp;
        peer = o.l.server;
        peer.port = 1234;
        cp = stun_of(SKYPE_STUN_CREATE_PERMISSION, &peer);
        CHECK(pmsg(&pw, &r, SKYPE_PKT_STUN, &b, "Rr1a:Rr2b", 60, 6000) == SKYPE_JOIN_PARTY); /* the relayed call */
        CHECK(pnum(&pw, &r) == 1);
        CHECK(pmsg(&pw, &r, SKYPE_PKT_STUN, &cp, NULL, 61, 7000) == SKYPE_JOIN_UNION);
        CHECK(skype_callset_calls(&pw.w.cs) == 1);
    }
    world_free(&pw.w);
}

/* teams_second_call_same_ports.pcap: a call, then a minute later a new
 * call on the same 5-tuples: two calls; and a new pair after teardown. */
static void test_join_second_call(void)
{
    pworld_t pw;
    pleg_t r = pleg("192.168.50.80", 50010, "52.113.180.10", 3478, 1);
    pleg_t d = pleg("192.168.50.80", 50010, "198.51.100.180", 50012, 9);
    skype_stun_info_t al = stun_of(SKYPE_STUN_ALLOCATE, NULL), b = stun_of(SKYPE_STUN_BINDING, NULL);
    skype_stun_info_t rel = stun_of(SKYPE_STUN_REFRESH, NULL);
    uint32_t first;

    pworld_init(&pw);
    rel.has_lifetime = 1;
    CHECK(pmsg(&pw, &r, SKYPE_PKT_STUN, &al, NULL, 1, 0) == SKYPE_JOIN_NEW);
    CHECK(pmsg(&pw, &d, SKYPE_PKT_STUN, &b, "Ga2s:Fa1r", 9, 200000) == SKYPE_JOIN_PORT);
    (void)pmsg(&pw, &d, SKYPE_PKT_RTP, NULL, NULL, 17, 297000);
    (void)pmsg(&pw, &r, SKYPE_PKT_STUN, &rel, NULL, 147, 1300000);
    first = skype_callset_root(&pw.w.cs, d.l.group);
    CHECK(pw.w.cs.g[first].phase == SKYPE_PHASE_MEDIA);
    /* 60 s later: the gap ends the call; the legs start a new one */
    CHECK(pmsg(&pw, &r, SKYPE_PKT_STUN, &al, NULL, 151, 61300000) == SKYPE_JOIN_NEW);
    CHECK(pw.w.cs.g[skype_callset_root(&pw.w.cs, r.l.group)].first_frame == 151);
    CHECK(pmsg(&pw, &d, SKYPE_PKT_STUN, &b, "Kb2w:Jb1v", 159, 61500000) == SKYPE_JOIN_PORT);
    CHECK(pnum(&pw, &r) == 2 && pnum(&pw, &d) == 2 && skype_callset_calls(&pw.w.cs) == 2);
    /* teardown by the media leg, then a new pair on it: a third call */
    (void)pmsg(&pw, &d, SKYPE_PKT_RTP, NULL, NULL, 170, 61600000);
    (void)pmsg(&pw, &d, SKYPE_PKT_STUN, &rel, NULL, 171, 61700000);
    CHECK(pw.w.cs.g[skype_callset_root(&pw.w.cs, d.l.group)].phase == SKYPE_PHASE_TEARDOWN);
    CHECK(pmsg(&pw, &d, SKYPE_PKT_STUN, &b, "Xx1a:Xx2b", 172, 61800000) == SKYPE_JOIN_NEW);
    CHECK(pnum(&pw, &d) == 3);
    /* a known pair after teardown stays in its call */
    CHECK(pmsg(&pw, &d, SKYPE_PKT_STUN, &b, "Xx2b:Xx1a", 173, 61800100) == SKYPE_JOIN_STAYS && pnum(&pw, &d) == 3);
    world_free(&pw.w);
}

/* The party and client-side helpers. */
static void test_party_helpers(void)
{
    tleg_t l = leg_at("192.168.1.2", 50000, "52.113.1.1", 3479, 1);
    skype_ep_t p, q, none;

    memset(&none, 0, sizeof(none));
    skype_call_party(&p, &l.server, SKYPE_LEG_RELAYED, NULL);
    CHECK(p.port == 1 && p.addr[0] == 52);
    skype_call_party(&q, &l.server, SKYPE_LEG_RELAYED, &l.client);
    CHECK(q.port == 0 && q.addr[0] == 192);
    CHECK(!skype_call_party_match(&p, &q) && skype_call_party_match(&q, &q));
    CHECK(!skype_call_party_match(&p, &none) && !skype_call_party_match(NULL, &p));
    skype_call_party(&q, &l.server, SKYPE_LEG_DIRECT, &none);
    CHECK(q.port == 0 && skype_call_party_match(&p, &q)); /* same host */
    CHECK(skype_call_client_is_dst(&l.server, &l.client, false, false));
    CHECK(!skype_call_client_is_dst(&l.client, &l.server, false, false));
    l.server.port = 443;
    CHECK(skype_call_client_is_dst(&l.server, &l.client, true, false));
    CHECK(!skype_call_client_is_dst(&l.server, &l.client, true, true));
    CHECK(skype_call_live(&(skype_callset_t){0}, 0, 0) == SKYPE_CALL_NONE);
}

/* The epan layer's code before the policy moved to the core (join,
 * join_peer, note_direct of plugin/epan/skype_calls.c), on the same arrays:
 * the reference the core must match message for message. */
static void old_join(world_t *w, tleg_t *leg, uint64_t key, uint64_t us, bool *weak)
{
    skype_callset_t *cs = &w->cs;
    uint32_t keyed = key != 0 ? pair_get(w, key) : SKYPE_CALL_NONE;

    if (leg->group == SKYPE_CALL_NONE) {
        if (keyed != SKYPE_CALL_NONE) {
            leg->group = keyed;
        } else if (key == 0 && (leg->group = skype_callset_recent(cs, &leg->client, us, SKYPE_CALL_JOIN_WINDOW_US)) !=
                                   SKYPE_CALL_NONE) {
            *weak = true;
        } else {
            leg->group = skype_callset_add(cs, &leg->client, leg->first_frame, us);
        }
    } else if (key != 0 && keyed != SKYPE_CALL_NONE) {
        if (*weak)
            leg->group = keyed;
        else
            leg->group = skype_callset_union(cs, leg->group, keyed);
        *weak = false;
    } else if (key != 0 && *weak && cs->g[skype_callset_root(cs, leg->group)].keyed) {
        leg->group = skype_callset_add(cs, &leg->client, leg->first_frame, us);
        *weak = false;
    }
    if (key != 0 && keyed == SKYPE_CALL_NONE && leg->group != SKYPE_CALL_NONE) {
        pair_put(w, key, leg->group);
        cs->g[skype_callset_root(cs, leg->group)].keyed = 1;
        *weak = false;
    }
}

static void old_msg(world_t *w, tleg_t *leg, uint8_t pkt, const skype_stun_info_t *stun, uint64_t key, uint32_t frame,
                    uint64_t us)
{
    uint8_t proposed;
    bool weak = leg->weak;

    switch (pkt) {
    case SKYPE_PKT_STUN:
        proposed = stun ? skype_stun_phase(stun) : SKYPE_PHASE_CALL_SETUP;
        if (stun != NULL && stun->method != SKYPE_STUN_BINDING && leg->kind != SKYPE_LEG_TCP)
            leg->kind = SKYPE_LEG_RELAYED;
        break;
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        if (leg->kind != SKYPE_LEG_TCP)
            leg->kind = SKYPE_LEG_RELAYED;
        proposed = SKYPE_PHASE_RELAY;
        break;
    case SKYPE_PKT_DTLS:
        proposed = SKYPE_PHASE_CALL_SETUP;
        break;
    case SKYPE_PKT_RTP:
    case SKYPE_PKT_RTCP:
        proposed = SKYPE_PHASE_MEDIA;
        break;
    default: /* an unrecognised payload moves no call (issue 19) */
        proposed = SKYPE_PHASE_NONE;
        break;
    }
    if (leg->kind == SKYPE_LEG_NONE)
        leg->kind = SKYPE_LEG_DIRECT;
    old_join(w, leg, key, us, &weak);
    if (stun != NULL && stun->peer.family != 0 && (leg->kind == SKYPE_LEG_RELAYED || leg->kind == SKYPE_LEG_TCP) &&
        leg->group != SKYPE_CALL_NONE) {
        uint32_t g = end_get(w, &stun->peer);
        if (g != SKYPE_CALL_NONE) {
            leg->group = weak ? g : skype_callset_union(&w->cs, leg->group, g);
            weak = false;
        }
    }
    leg->weak = weak;
    if (!leg->ends_noted && leg->kind == SKYPE_LEG_DIRECT && leg->group != SKYPE_CALL_NONE && !leg->weak) {
        leg->ends_noted = 1;
        end_put(w, &leg->client, leg->group);
        end_put(w, &leg->server, leg->group);
    }
    if (leg->group != SKYPE_CALL_NONE) {
        (void)skype_call_phase_enter(&w->cs.g[skype_callset_root(&w->cs, leg->group)].phase, proposed);
        skype_callset_touch(&w->cs, leg->group, frame, us);
    }
}

/* Two worlds alike? Groups compared by root (path halving may differ). */
static bool worlds_alike(world_t *a, world_t *b, const tleg_t *la, const tleg_t *lb, unsigned nlegs)
{
    if (a->cs.n != b->cs.n || a->npairs != b->npairs || a->nends != b->nends ||
        skype_callset_calls(&a->cs) != skype_callset_calls(&b->cs))
        return false;
    for (uint32_t i = 0; i < a->cs.n; i++) {
        uint32_t ra = skype_callset_root(&a->cs, i), rb = skype_callset_root(&b->cs, i);
        const skype_call_group_t *ga = &a->cs.g[ra], *gb = &b->cs.g[rb];
        if (ra != rb || ga->first_us != gb->first_us || ga->last_us != gb->last_us ||
            ga->first_frame != gb->first_frame || ga->last_frame != gb->last_frame || ga->phase != gb->phase ||
            ga->keyed != gb->keyed || skype_callset_number(&a->cs, i) != skype_callset_number(&b->cs, i))
            return false;
    }
    for (unsigned i = 0; i < a->npairs; i++)
        if (a->pair_key[i] != b->pair_key[i] || a->pair_group[i] != b->pair_group[i])
            return false;
    for (unsigned i = 0; i < a->nends; i++)
        if (!skype_ep_equal(&a->end[i], &b->end[i]) || a->end_group[i] != b->end_group[i])
            return false;
    for (unsigned i = 0; i < nlegs; i++)
        if (la[i].group != lb[i].group || la[i].weak != lb[i].weak || la[i].kind != lb[i].kind ||
            la[i].ends_noted != lb[i].ends_noted)
            return false;
    return true;
}

/* Random message sequences over a few legs of a few hosts: the core's
 * policy without the facts issue 19 added (skype_call_join: no remote party,
 * no port map), run as the epan layer ran it, equals the code it replaced,
 * on the cases that keep their behaviour: every call live (the run spans
 * less than SKYPE_CALL_JOIN_WINDOW_US) and no teardown (no Refresh with
 * LIFETIME 0). Rules 2-5 of issue 19 are tested on their own below
 * (test_join_party and the following). */
static void test_join_same_as_before(void)
{
    static const uint16_t methods[] = {SKYPE_STUN_BINDING, SKYPE_STUN_ALLOCATE, SKYPE_STUN_SEND,
                                       SKYPE_STUN_DATA, SKYPE_STUN_CREATE_PERMISSION, SKYPE_STUN_CHANNEL_BIND,
                                       SKYPE_STUN_REFRESH};
    uint32_t x = 2463534242u;
    unsigned mismatches = 0;

    for (int run = 0; run < 400; run++) {
        world_t a, b;
        tleg_t la[8], lb[8];
        uint64_t us = 0;

        world_init(&a);
        world_init(&b);
        for (unsigned i = 0; i < 8; i++) {
            char client[32], server[32];
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            snprintf(client, sizeof(client), "10.0.0.%u", x % 3);
            snprintf(server, sizeof(server), "10.0.1.%u", (x >> 4) % 4);
            la[i] = leg_at(client, (uint16_t)(50000 + (x >> 8) % 4), server,
                           (uint16_t)((x >> 12) % 3 == 0 ? 3478 : 50000 + (x >> 14) % 4), i + 1);
            if ((x >> 20) % 6 == 0)
                la[i].kind = SKYPE_LEG_TCP;
            lb[i] = la[i];
        }
        for (uint32_t frame = 1; frame <= 120; frame++) {
            skype_stun_info_t st;
            uint8_t pkt;
            uint64_t key;
            unsigned l;
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            l = x % 8;
            pkt = (uint8_t)((x >> 3) % 8);
            if (pkt == SKYPE_PKT_ZRTP)
                pkt = SKYPE_PKT_STUN; /* more STUN */
            memset(&st, 0, sizeof(st));
            st.method = methods[(x >> 6) % 7];
            /* no LIFETIME: no Refresh 0, no teardown (rule 4 changes what follows one) */
            st.has_lifetime = false;
            if ((x >> 11) % 3 == 0) {
                const tleg_t *o = &la[(x >> 13) % 8];
                st.peer = (x >> 16) & 1 ? o->server : o->client;
            }
            key = (x >> 17) % 3 == 0 ? 0 : 1 + (x >> 19) % 6;
            /* a run spans at most 120 * 0.2 s, within the join window: no call ends by the gap */
            us += (x >> 22) % 4 == 0 ? (uint64_t)((x >> 24) % 50) * 4000u : (x >> 24) % 1000u;
            (void)world_msg(&a, &la[l], pkt, pkt == SKYPE_PKT_STUN && ((x >> 26) % 7) ? &st : NULL,
                            pkt == SKYPE_PKT_STUN ? key : 0, frame, us);
            old_msg(&b, &lb[l], pkt, pkt == SKYPE_PKT_STUN && ((x >> 26) % 7) ? &st : NULL,
                    pkt == SKYPE_PKT_STUN ? key : 0, frame, us);
            if (!worlds_alike(&a, &b, la, lb, 8)) {
                mismatches++;
                break;
            }
        }
        world_free(&a);
        world_free(&b);
    }
    CHECK(mismatches == 0);
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
    test_join_overlapping();
    test_join_new_pair();
    test_join_union_window();
    test_join_turn_peer();
    test_direct_ends();
    test_join_bad_input();
    test_join_same_as_before();
    test_join_party_sessions();
    test_join_two_parties();
    test_join_alloc_first();
    test_join_relayed_sessions();
    test_join_second_call();
    test_party_helpers();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
