/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the stream-quality core (core/skype_quality.h): loss,
 * jitter, late packets, video frames and per-second figures, RTCP SR/RR
 * and the round trip (RFC 3550 §6.4.1), the ITU-T G.107 E-model (its
 * default R 93.2 gives MOS 4.41, and worked points), the verdict with
 * Microsoft's Call Quality Dashboard limits. Prints "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_quality.h"
#include "skype_stream_join.h"

#include "check.h"

#define NEAR(a, b, tol) (fabs((double)(a) - (double)(b)) <= (tol))

static void test_stream_quality(void)
{
    skype_rtp_stream_t s;

    /* 20 ms audio at 16 kHz (+320 per packet), perfectly regular: no jitter */
    skype_rtp_stream_init(&s, 0xE074C700u, 104, 8, 0);
    for (uint32_t i = 0; i < 10; i++)
        skype_rtp_stream_add(&s, (uint16_t)(23859 + i), 204683263u + 320 * i, false, 1000000 + 20000 * (uint64_t)i, 100, NULL);
    CHECK(s.packets == 10 && s.bytes == 1000 && skype_rtp_stream_lost(&s) == 0);
    CHECK(s.jitter_max < 1e-9 && skype_rtp_stream_jitter_mean(&s) < 1e-9);
    CHECK(s.last_us - s.first_us == 180000);
    /* one packet 16 ms late: D = 16 ms, J = 16/16 = 1 ms */
    skype_rtp_stream_add(&s, 23869, 204683263u + 3200, false, 1000000 + 200000 + 16000, 100, NULL);
    CHECK(fabs(s.jitter_max - 1.0) < 1e-6);
    /* a gap of one sequence number: one lost */
    skype_rtp_stream_add(&s, 23871, 204683263u + 3840, false, 1000000 + 240000, 100, NULL);
    CHECK(skype_rtp_stream_lost(&s) == 1);
    /* a duplicate: lost goes down (RFC 3550 A.3 counts received packets) */
    skype_rtp_stream_add(&s, 23871, 204683263u + 3840, false, 1000000 + 241000, 100, NULL);
    CHECK(skype_rtp_stream_lost(&s) == 0);

    /* sequence wrap: 65534, 65535, 0, 1 */
    skype_rtp_stream_init(&s, 1, 0, 1, 0);
    skype_rtp_stream_add(&s, 65534, 0, false, 0, 10, NULL);
    skype_rtp_stream_add(&s, 65535, 160, false, 20000, 10, NULL);
    skype_rtp_stream_add(&s, 0, 320, false, 40000, 10, NULL);
    skype_rtp_stream_add(&s, 1, 480, false, 60000, 10, NULL);
    CHECK(skype_rtp_stream_lost(&s) == 0 && s.max_ext_seq == 65537);
    /* a late packet from before the wrap */
    skype_rtp_stream_add(&s, 65533, 0, false, 61000, 10, NULL);
    CHECK(s.max_ext_seq == 65537);
    /* a stream starting just after a wrap: 0xffff then is late, not 65535 ahead */
    skype_rtp_stream_init(&s, 1, 0, 1, 0);
    skype_rtp_stream_add(&s, 0, 320, false, 0, 10, NULL);
    skype_rtp_stream_add(&s, 65535, 160, false, 1000, 10, NULL);
    skype_rtp_stream_add(&s, 1, 480, false, 20000, 10, NULL);
    CHECK(s.max_ext_seq == 1 && skype_rtp_stream_lost(&s) == -1 && s.cur.lost == 0);
    /* RTP timestamp wrap does not make jitter explode */
    skype_rtp_stream_init(&s, 2, 0, 1, 0);
    skype_rtp_stream_add(&s, 1, 0xffffff60u, false, 0, 10, NULL);
    skype_rtp_stream_add(&s, 2, 0x00000000u, false, 20000, 10, NULL);
    CHECK(s.jitter_max < 1e-6);
    /* unknown clock: no jitter at all */
    skype_rtp_stream_init(&s, 3, 96, 1, 0);
    skype_rtp_stream_add(&s, 1, 0, false, 0, 10, NULL);
    skype_rtp_stream_add(&s, 2, 99999, false, 3, 10, NULL);
    CHECK(s.clock == 0 && s.jitter_max == 0.0 && skype_rtp_stream_jitter_mean(&s) < 0.0);
}

static void test_dscp(void)
{
    skype_rtp_stream_t s;

    skype_rtp_stream_init(&s, 1, 104, 5, 0);
    s.kind = SKYPE_MEDIA_AUDIO;
    CHECK(!skype_rtp_stream_dscp(&s, 46, 5) && s.mismatch_frame == 0 && s.dscp_seen);
    CHECK(skype_rtp_stream_dscp(&s, 0, 9) && s.mismatch_frame == 9);
    CHECK(!skype_rtp_stream_dscp(&s, 0, 12) && s.mismatch_frame == 9);   /* only the first */
    s.kind = SKYPE_MEDIA_DATA;                                          /* no recommendation */
    skype_rtp_stream_init(&s, 1, 127, 5, 0);
    s.kind = SKYPE_MEDIA_DATA;
    CHECK(!skype_rtp_stream_dscp(&s, 0, 5) && s.mismatch_frame == 0);
}

static void test_emodel(void)
{
    /* G.107's default values: R = 93.2, MOS 4.41 */
    CHECK(NEAR(skype_emodel_r(0.0, 0.0), 93.2, 1e-9));
    CHECK(NEAR(skype_emodel_mos(93.2), 4.41, 0.005));
    /* worked points of MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R) */
    CHECK(NEAR(skype_emodel_mos(90.0), 4.339, 1e-9));
    CHECK(NEAR(skype_emodel_mos(80.0), 4.024, 1e-9));
    CHECK(NEAR(skype_emodel_mos(70.0), 3.597, 1e-9));
    CHECK(NEAR(skype_emodel_mos(50.0), 2.575, 1e-9));
    CHECK(skype_emodel_mos(-3.0) == 1.0 && skype_emodel_mos(0.0) == 1.0 && skype_emodel_mos(100.0) == 4.5);
    CHECK(skype_emodel_mos(120.0) == 4.5);
    CHECK(skype_emodel_mos(5.0) == 1.0 && skype_emodel_mos(6.6) > 1.0); /* the dip below 1 is cut */
    /* Idd (G.107 (7-27)): none up to 100 ms, then X = log2(Ta / 100) */
    CHECK(skype_emodel_id(0.0) == 0.0 && skype_emodel_id(100.0) == 0.0);
    CHECK(NEAR(skype_emodel_id(150.0), 0.1635, 1e-4));
    CHECK(NEAR(skype_emodel_id(200.0), 3.0444, 1e-4));
    CHECK(NEAR(skype_emodel_id(400.0), 24.0701, 1e-4));
    /* Ie,eff: G.711 with PLC (Ie 0, Bpl 25.1), 2 % random loss: 95 * 2 / 27.1 */
    CHECK(NEAR(skype_emodel_ie_eff(0.0, 25.1, 2.0, 1.0), 7.0111, 1e-4));
    CHECK(skype_emodel_ie_eff(11.0, 19.0, 0.0, 1.0) == 11.0);
    /* bursty loss hurts more than random loss at the same rate */
    CHECK(skype_emodel_ie_eff(0.0, 25.1, 5.0, 2.0) > skype_emodel_ie_eff(0.0, 25.1, 5.0, 1.0));
    CHECK(NEAR(skype_emodel_mos(skype_emodel_r(0.0, 7.0111)), 4.235, 0.001));
    /* codecs: SILK (PT 104) and G.711 are known, video and CN are not */
    CHECK(skype_emodel_codec(104) != NULL && skype_emodel_codec(104)->bpl == 25.1);
    CHECK(skype_emodel_codec(4) != NULL && skype_emodel_codec(4)->ie == 15.0);
    CHECK(skype_emodel_codec(122) == NULL && skype_emodel_codec(13) == NULL && skype_emodel_codec(200) == NULL);
}

/* n packets of 20 ms SILK (16 kHz) from t0, seq from 1000; skip: lost when
 * skip(i) is true; extra delay (us) of packet i from delay(i). */
static void audio(skype_rtp_stream_t *s, unsigned n, bool (*skip)(unsigned), uint64_t (*delay)(unsigned))
{
    skype_rtp_stream_init(s, 0x1234u, 104, 1, 0);
    s->kind = SKYPE_MEDIA_AUDIO;
    for (unsigned i = 0; i < n; i++)
        if (skip == NULL || !skip(i))
            skype_rtp_stream_add(s, (uint16_t)(1000 + i), 320u * i, i == 0, 1000000u + 20000u * (uint64_t)i +
                                 (delay ? delay(i) : 0), 80, NULL);
}

static bool every_eighth(unsigned i) { return i % 8 == 3; }   /* 12.5 % random loss */
static bool pairs(unsigned i) { return i % 16 == 3 || i % 16 == 4; } /* 12.5 % in bursts of 2 */
static uint64_t late_every_tenth(unsigned i) { return i % 10 == 5 ? 80000u : 0u; }

static void test_stream_mos_verdict(void)
{
    skype_rtp_stream_t s;
    uint8_t reasons;
    char text[160];
    double clean, random, bursty;

    audio(&s, 600, NULL, NULL);
    clean = skype_rtp_stream_mos(&s, -1.0);
    /* no loss, no round trip known: Ta = 40 + 60 ms, Idd 0: R 93.2 */
    CHECK(NEAR(clean, 4.409, 0.001));
    CHECK(skype_rtp_stream_verdict(&s, -1.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_GOOD && reasons == 0);
    skype_quality_reasons(&s, -1.0, reasons, &skype_quality_cqd, true, text, sizeof(text));
    CHECK(strcmp(text, "-") == 0);
    /* a round trip of 500 ms: Ta 310 ms */
    CHECK(NEAR(skype_rtp_stream_mos(&s, 500.0), skype_emodel_mos(93.2 - skype_emodel_id(310.0)), 1e-9));
    CHECK(skype_rtp_stream_verdict(&s, 500.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_GOOD);
    CHECK(skype_rtp_stream_verdict(&s, 501.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_POOR &&
          reasons == SKYPE_POOR_RTT);
    skype_quality_reasons(&s, 501.0, reasons, &skype_quality_cqd, true, text, sizeof(text));
    CHECK(strcmp(text, "RTT 501 ms > 500 ms") == 0);

    audio(&s, 600, every_eighth, NULL);
    CHECK(skype_rtp_stream_lost(&s) == 75 && s.bursts == 75 && s.late == 0); /* 3, 11, ..., 595 */
    CHECK(NEAR(skype_rtp_stream_loss_pct(&s), 12.5, 1e-9));                  /* expected: 1000..1599 */
    random = skype_rtp_stream_mos(&s, -1.0);
    CHECK(skype_rtp_stream_verdict(&s, -1.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_POOR &&
          reasons == SKYPE_POOR_LOSS);
    skype_quality_reasons(&s, -1.0, reasons, &skype_quality_cqd, true, text, sizeof(text));
    CHECK(strcmp(text, "loss 12.5 % > 10 %") == 0);
    skype_quality_reasons(&s, -1.0, reasons, &skype_quality_cqd, false, text, sizeof(text));
    CHECK(strcmp(text, "loss > 10 %") == 0);
    audio(&s, 600, pairs, NULL);
    CHECK(s.bursts == 38 && skype_rtp_stream_lost(&s) == 76);
    bursty = skype_rtp_stream_mos(&s, -1.0);
    CHECK(clean > random && random > bursty && bursty > 1.0);
    /* the same, 500 packets or fewer: Good, the crossed limit not counted */
    audio(&s, 400, every_eighth, NULL);
    CHECK(s.packets == 350);
    CHECK(skype_rtp_stream_verdict(&s, -1.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_GOOD &&
          reasons == (SKYPE_POOR_LOSS | SKYPE_POOR_SHORT));
    skype_quality_reasons(&s, -1.0, reasons, &skype_quality_cqd, true, text, sizeof(text));
    CHECK(strcmp(text, "loss 12.5 % > 10 %; not counted: 350 packets, Microsoft classifies audio above 500") == 0);
    /* every tenth packet 80 ms late: late to a 60 ms buffer, Ppl 10 % */
    audio(&s, 600, NULL, late_every_tenth);
    CHECK(s.late == 60 && skype_rtp_stream_lost(&s) == 0);
    CHECK(skype_rtp_stream_mos(&s, -1.0) < clean);
    /* a cut text stays terminated */
    skype_quality_reasons(&s, 900.0, SKYPE_POOR_RTT | SKYPE_POOR_JITTER, &skype_quality_cqd, true, text, 12);
    CHECK(strlen(text) == 11);
    /* video has no MOS, data no verdict */
    s.kind = SKYPE_MEDIA_VIDEO;
    CHECK(skype_rtp_stream_mos(&s, -1.0) < 0.0);
    s.kind = SKYPE_MEDIA_DATA;
    CHECK(skype_rtp_stream_verdict(&s, -1.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_NONE);
}

static void test_judge(void)
{
    skype_rtp_stream_t s;
    skype_quality_limits_t lim = skype_quality_cqd;
    bool fired = false;
    uint32_t at = 0;

    /* jitter: every other packet 90 ms late; poor only from packet 501 */
    skype_rtp_stream_init(&s, 7, 104, 1, 0);
    s.kind = SKYPE_MEDIA_AUDIO;
    for (unsigned i = 0; i < 700; i++) {
        skype_rtp_stream_add(&s, (uint16_t)i, 320u * i, false, 20000u * (uint64_t)i + (i % 2 ? 90000u : 0u), 80,
                             NULL);
        if (skype_rtp_stream_judge(&s, -1.0, &lim, i + 1)) {
            CHECK(!fired);
            fired = true;
            at = i + 1;
        }
    }
    CHECK(fired && at == 501 && s.poor_frame == 501 && s.poor_reasons == SKYPE_POOR_JITTER);
    CHECK(skype_rtp_stream_jitter_mean(&s) > 30.0);
    /* the limits are the caller's */
    lim.audio_jitter_ms = 100.0;
    s.poor_frame = 0;
    CHECK(!skype_rtp_stream_judge(&s, -1.0, &lim, 800));
}

static void test_video_frames(void)
{
    skype_rtp_stream_t s;
    skype_rtp_second_t done[16];
    unsigned ndone = 0;

    /* 5 frames a second, 3 packets a frame (marker on the last), 10 s, the
     * stream starting 0.5 s after the origin */
    skype_rtp_stream_init(&s, 9, 122, 1, 1000000);
    s.kind = SKYPE_MEDIA_VIDEO;
    for (unsigned f = 0, seq = 0; f < 50; f++)
        for (unsigned k = 0; k < 3; k++, seq++)
            if (skype_rtp_stream_add(&s, (uint16_t)seq, 18000u * f, k == 2,
                                     1500000u + 200000u * (uint64_t)f + 1000u * k, 1000, &done[ndone]))
                ndone++;
    CHECK(s.frames == 50 && s.packets == 150);
    CHECK(NEAR(skype_rtp_stream_fps(&s), 50.0 / 9.802, 0.01));
    /* 10 seconds touched (0-10 after the origin): the first and the current
     * one are not judged; all judged ones are below 7 fps */
    CHECK(ndone == 10 && done[0].second == 0 && done[1].second == 1 && done[1].frames == 5 && done[1].packets == 15);
    CHECK(done[1].bytes == 15000 && done[1].lost == 0 && done[1].jitter_max_ms >= 0.0f);
    CHECK(s.seconds == 9 && s.seconds_low == 9 && NEAR(skype_rtp_stream_low_fps_pct(&s), 100.0, 1e-9));
    CHECK(NEAR(skype_rtp_stream_kbps(&s), 150000.0 * 8 / 1000 / 9.802, 0.01));
    {
        uint8_t reasons;
        CHECK(skype_rtp_stream_verdict(&s, -1.0, &skype_quality_cqd, &reasons) == SKYPE_VERDICT_POOR &&
              reasons == SKYPE_POOR_FPS);
    }
    /* a frame whose marker packet is lost still counts, at the next frame */
    skype_rtp_stream_init(&s, 9, 122, 1, 0);
    s.kind = SKYPE_MEDIA_VIDEO;
    skype_rtp_stream_add(&s, 1, 0, false, 0, 100, NULL);
    skype_rtp_stream_add(&s, 2, 0, false, 1000, 100, NULL);   /* seq 3 (marker) lost */
    skype_rtp_stream_add(&s, 4, 3000, true, 66000, 100, NULL);
    CHECK(s.frames == 2 && skype_rtp_stream_lost(&s) == 1 && s.cur.lost == 1);
    /* under one second: no frame rate */
    CHECK(skype_rtp_stream_fps(&s) < 0.0 && skype_rtp_stream_low_fps_pct(&s) < 0.0);
    /* a gap of seconds without packets: judged, 0 frames */
    skype_rtp_stream_add(&s, 5, 6000, true, 4100000, 100, NULL);
    CHECK(s.seconds == 3 && s.seconds_low == 3 && s.cur.second == 4);
}

/* RTCP bytes from hex. */
static size_t rtcp(const char *hex, uint8_t *out) { return unhex(hex, out); }

static void test_rtcp(void)
{
    uint8_t b[128];
    skype_rtcp_info_t ri;
    skype_rtp_stream_t s;
    size_t n;
    /* SR (RC 1) of SSRC 0x11111111, NTP 0x0000AAAA.BBBBCCCC, one block on
     * 0x22222222 with LSR 0x12345678 and DLSR 0x00010000 (1 s); then an RR
     * (RC 1) of 0x22222222 on 0x11111111, LSR 0xAAAABBBB, DLSR 0x4CCC */
    const char *sr = "81c8000c11111111"
                     "0000aaaabbbbcccc0000000000000010000003e8"
                     "22222222000000000000006400000010" "1234567800010000";
    const char *rr = "81c9000722222222"
                     "11111111000000000000006400000010" "aaaabbbb00004ccc";
    char hex[400];

    snprintf(hex, sizeof(hex), "%s%s", sr, rr);
    n = rtcp(hex, b);
    CHECK(n == 84 && skype_rtcp_parse(b, n, &ri));
    CHECK(ri.sr && ri.sr_ssrc == 0x11111111u && ri.sr_ntp_mid == 0xaaaabbbbu && ri.nblocks == 2);
    CHECK(ri.blocks[0].ssrc == 0x22222222u && ri.blocks[0].lsr == 0x12345678u && ri.blocks[0].dlsr == 0x10000u);
    CHECK(ri.blocks[1].ssrc == 0x11111111u && ri.blocks[1].lsr == 0xaaaabbbbu && ri.blocks[1].dlsr == 0x4cccu);
    /* an SRTCP trailer in the clear (E 0, index, 4-byte tag): read */
    snprintf(hex, sizeof(hex), "%s%s", rr, "0000000501020304");
    n = rtcp(hex, b);
    CHECK(skype_rtcp_parse(b, n, &ri) && ri.nblocks == 1 && !ri.sr);
    /* encrypted (E 1): nothing */
    snprintf(hex, sizeof(hex), "%s%s", rr, "8000000501020304");
    n = rtcp(hex, b);
    CHECK(!skype_rtcp_parse(b, n, &ri) && ri.nblocks == 0);
    /* truncated, odd trailer, not RTCP */
    n = rtcp(rr, b);
    CHECK(!skype_rtcp_parse(b, n - 1, &ri) && !skype_rtcp_parse(b, 3, &ri) && !skype_rtcp_parse(b, 0, &ri));
    snprintf(hex, sizeof(hex), "%s%s", rr, "00");
    n = rtcp(hex, b);
    CHECK(!skype_rtcp_parse(b, n, &ri));
    n = rtcp("80000001deadbeef", b);
    CHECK(!skype_rtcp_parse(b, n, &ri));
    /* an RC larger than the packet holds: the blocks inside only */
    n = rtcp("83c9000722222222" "11111111000000000000006400000010" "aaaabbbb00004ccc", b);
    CHECK(skype_rtcp_parse(b, n, &ri) && ri.nblocks == 1);

    /* the round trip: SR at 1.0 s with NTP middle 0x00010000 (1 s); the
     * report at 1.5 s says LSR 0x00010000, DLSR 0.3 s: 500 - 300 = 200 ms */
    skype_rtp_stream_init(&s, 0x11111111u, 104, 1, 0);
    CHECK(skype_rtcp_rtt_ms(&s, 0x10000u, 19661u, 1500000u) < 0.0); /* no SR yet */
    skype_rtp_stream_sr(&s, 0x10000u, 1000000u);
    CHECK(NEAR(skype_rtcp_rtt_ms(&s, 0x10000u, 19661u, 1500000u), 200.0, 0.05));
    CHECK(skype_rtcp_rtt_ms(&s, 0, 19661u, 1500000u) < 0.0);           /* LSR 0: none */
    CHECK(skype_rtcp_rtt_ms(&s, 0x10000u, 40000u, 1500000u) < 0.0);    /* below 0 */
    CHECK(skype_rtcp_rtt_ms(&s, 0x10000u, 0u, 900000u) < 0.0);         /* before the SR */
    /* an NTP middle that wraps */
    skype_rtp_stream_sr(&s, 0xffff8000u, 1000000u);
    CHECK(NEAR(skype_rtcp_rtt_ms(&s, 0xffff8000u, 0u, 1250000u), 250.0, 0.05));
    skype_rtp_stream_rtt(&s, 250.0, 7);
    skype_rtp_stream_rtt(&s, 120.0, 9);
    CHECK(NEAR(s.rtt_ms, 120.0, 1e-3) && NEAR(s.rtt_max_ms, 250.0, 1e-3) && s.rtt_frame == 9);
    CHECK(NEAR(skype_rtp_stream_rtt_mean(&s), 185.0, 1e-9) && s.rtt_count == 2);
    skype_rtp_stream_init(&s, 1, 104, 1, 0);
    CHECK(skype_rtp_stream_rtt_mean(&s) < 0.0 && s.rtt_ms < 0.0f && s.rtt_max_ms < 0.0f);
}

/* ---- Join (skype_rtp_stream_join) ------------------------------------ */

/* One packet as captured (frame = place + 1). */
typedef struct jpkt {
    uint64_t us;
    uint32_t ts, bytes, i; /* i: place in sending order */
    uint16_t seq;
    bool marker;
} jpkt_t;

#define JOIN_AUDIO 1500u

static int by_arrival(const void *x, const void *y)
{
    const jpkt_t *a = x, *b = y;
    return a->us != b->us ? (a->us < b->us ? -1 : 1) : (a->i < b->i ? -1 : a->i > b->i);
}

/* 30 s of 20 ms SILK (16 kHz) from 1.3 s after the origin, sequence numbers
 * wrapping 0xffff -> 0 at packet 700, lost: every 37th and a run of 3 at
 * 300; delay 0-25 ms (an LCG), 90 ms for every 97th and 40 ms more for
 * 0xffff, so that the capture
 * order (by arrival) reorders some; returns the packets captured. */
static unsigned join_audio(jpkt_t *p)
{
    uint32_t r = 12345u;
    unsigned n = 0;

    for (unsigned i = 0; i < JOIN_AUDIO; i++) {
        r = r * 1103515245u + 12345u;
        if (i % 37 == 5 || (i >= 300 && i < 303))
            continue;
        p[n].i = i;
        p[n].seq = (uint16_t)(65536u - 700u + i);
        p[n].ts = 0xffff0000u + 320u * i;  /* the RTP timestamp wraps too */
        p[n].marker = i == 0;
        p[n].bytes = 60u + i % 41;
        p[n].us = 1300000u + 20000u * (uint64_t)i + (r >> 16) % 25000u + (i % 97 == 50 ? 90000u : 0u) +
                  (i == 699 ? 40000u : 0u); /* 0xffff after 0 */
        n++;
    }
    qsort(p, n, sizeof(*p), by_arrival);
    return n;
}

/* Packets [from, to) of p into s as the epan layer does: the packet, the
 * caller's last frame, a round trip every 50th frame, DSCP (0 from frame
 * 900: a mismatch for audio). */
static void join_feed(skype_rtp_stream_t *s, const jpkt_t *p, unsigned from, unsigned to)
{
    for (unsigned k = from; k < to; k++) {
        skype_rtp_stream_add(s, p[k].seq, p[k].ts, p[k].marker, p[k].us, p[k].bytes, NULL);
        s->last_frame = k + 1;
        if ((k + 1) % 50 == 0)
            skype_rtp_stream_rtt(s, 80.0 + (double)(k % 7) * 15.0, k + 1);
        (void)skype_rtp_stream_dscp(s, k + 1 >= 900 ? 0 : 46, k + 1);
    }
}

/* A stream as a piece would have it: started at packet from, kind decided. */
static void join_piece(skype_rtp_stream_t *s, const jpkt_t *p, unsigned from, unsigned to, uint8_t pt, uint8_t kind)
{
    skype_rtp_stream_init(s, 0x5eed, pt, from + 1, 1000000u);
    s->kind = kind;
    join_feed(s, p, from, to);
}

/* The joined stream against the whole one: exact counts, jitter within 5 %,
 * MOS within 0.1. */
static void join_same(const skype_rtp_stream_t *j, const skype_rtp_stream_t *w, unsigned cut)
{
    double mos_j = skype_rtp_stream_mos(j, skype_rtp_stream_rtt_mean(j));
    double mos_w = skype_rtp_stream_mos(w, skype_rtp_stream_rtt_mean(w));
    unsigned f0 = failed;

    CHECK(j->packets == w->packets && j->bytes == w->bytes);
    CHECK(skype_rtp_stream_lost(j) == skype_rtp_stream_lost(w) && j->max_ext_seq == w->max_ext_seq &&
          j->base_seq == w->base_seq);
    CHECK(j->first_frame == w->first_frame && j->last_frame == w->last_frame);
    CHECK(j->first_us == w->first_us && j->last_us == w->last_us);
    CHECK(j->rtt_count == w->rtt_count && j->rtt_max_ms == w->rtt_max_ms && j->rtt_frame == w->rtt_frame &&
          NEAR(j->rtt_sum, w->rtt_sum, 1e-6));
    CHECK(j->mismatch_frame == w->mismatch_frame && j->dscp == w->dscp);
    CHECK(NEAR(skype_rtp_stream_jitter_mean(j), skype_rtp_stream_jitter_mean(w),
               0.05 * skype_rtp_stream_jitter_mean(w)));
    CHECK(NEAR(j->jitter_max, w->jitter_max, 0.05 * w->jitter_max));
    CHECK(mos_w > 1.0 && NEAR(mos_j, mos_w, 0.1));
    if (failed != f0)
        fprintf(stderr, "  cut at %u: jitter %.3f/%.3f max %.3f/%.3f late %u/%u bursts %u/%u MOS %.3f/%.3f\n", cut,
                skype_rtp_stream_jitter_mean(j), skype_rtp_stream_jitter_mean(w), j->jitter_max, w->jitter_max,
                j->late, w->late, j->bursts, w->bursts, mos_j, mos_w);
}

static void test_join_audio(void)
{
    static jpkt_t p[JOIN_AUDIO];
    skype_rtp_stream_t w, a, b, c, e;
    unsigned n = join_audio(p), wrap = 0, cuts[16], ncuts = 0;

    join_piece(&w, p, 0, n, 104, SKYPE_MEDIA_AUDIO);
    /* the sequence: as built (the wrap counted once, the lost ones, some late) */
    CHECK(w.packets == n && n < JOIN_AUDIO - 40 && w.max_ext_seq == 65536u - 700u + JOIN_AUDIO - 1u);
    CHECK(skype_rtp_stream_lost(&w) == (int64_t)(JOIN_AUDIO - n) && w.late > 5 && w.bursts > 40);
    for (unsigned k = 0; k < n; k++)
        if (p[k].seq == 0)
            wrap = k;
    CHECK(wrap > 600 && p[wrap - 1].seq != 0xffff); /* 0xffff captured after 0: reordered at the wrap */
    /* cuts: after the first packet, around the wrap (one between 0 and
     * 0xffff), around the run of 3 lost, mid-stream, before the last packet */
    cuts[ncuts++] = 1;
    for (unsigned d = 0; d < 5; d++)
        cuts[ncuts++] = wrap - 2 + d;
    for (unsigned k = 1; k < n; k++)
        if (p[k - 1].i == 299) /* then 304, 303 (300-302 lost) */
            cuts[ncuts++] = k - 1, cuts[ncuts++] = k, cuts[ncuts++] = k + 1;
    cuts[ncuts++] = 1000;
    cuts[ncuts++] = n - 1;
    for (unsigned c_ = 0; c_ < ncuts; c_++) {
        unsigned cut = cuts[c_];
        join_piece(&a, p, 0, cut, 104, SKYPE_MEDIA_AUDIO);
        join_piece(&b, p, cut, n, 104, SKYPE_MEDIA_AUDIO);
        skype_rtp_stream_join(&a, &b, NULL);
        join_same(&a, &w, cut);
    }
    /* three pieces */
    join_piece(&a, p, 0, 400, 104, SKYPE_MEDIA_AUDIO);
    join_piece(&b, p, 400, wrap + 1, 104, SKYPE_MEDIA_AUDIO);
    join_piece(&c, p, wrap + 1, n, 104, SKYPE_MEDIA_AUDIO);
    skype_rtp_stream_join(&a, &b, NULL);
    skype_rtp_stream_join(&a, &c, NULL);
    join_same(&a, &w, 0);
    /* b without packets: nothing changes */
    join_piece(&a, p, 0, 500, 104, SKYPE_MEDIA_AUDIO);
    e = a;
    skype_rtp_stream_init(&b, 0x5eed, 104, 501, 1000000u);
    skype_rtp_stream_join(&a, &b, NULL);
    CHECK(memcmp(&a, &e, sizeof(a)) == 0);
    /* a without packets: b, with a's first frame */
    skype_rtp_stream_init(&a, 0x5eed, 104, 7, 1000000u);
    join_piece(&b, p, 500, n, 104, SKYPE_MEDIA_AUDIO);
    skype_rtp_stream_join(&a, &b, NULL);
    e = b;
    e.first_frame = 7;
    CHECK(memcmp(&a, &e, sizeof(a)) == 0);
    /* the lost packets right at a cut (b starts with 304): a run in the
     * whole, one joined */
    for (unsigned k = 1; k < n; k++)
        if (p[k - 1].i == 299) {
            CHECK(p[k].i == 304);
            join_piece(&a, p, 0, k, 104, SKYPE_MEDIA_AUDIO);
            join_piece(&b, p, k, n, 104, SKYPE_MEDIA_AUDIO);
            skype_rtp_stream_join(&a, &b, NULL);
            CHECK(a.bursts == w.bursts && a.late == w.late);
        }
}

/* Video at 90 kHz, 3 packets a frame (marker on the last), from 1.3 s after
 * the origin: 30 fps for 6 s, 4 fps for 3 s, nothing for 3.5 s, 30 fps for
 * 5 s. */
static unsigned join_video(jpkt_t *p)
{
    unsigned n = 0;
    uint64_t t = 1300000u;

    for (unsigned part = 0; part < 3; part++) {
        unsigned frames = part == 0 ? 180 : part == 1 ? 12 : 150, gap = part == 1 ? 250000 : 33333;
        for (unsigned i = 0; i < frames; i++, t += gap)
            for (unsigned k = 0; k < 3; k++, n++) {
                p[n].i = n;
                p[n].seq = (uint16_t)(65000u + n);
                p[n].ts = (uint32_t)(t * 9u / 100u);
                p[n].marker = k == 2;
                p[n].bytes = 1000;
                p[n].us = t + 1000u * k;
            }
        if (part == 1)
            t += 3500000u;
    }
    return n;
}

static void test_join_video(void)
{
    static jpkt_t p[1100];
    skype_rtp_stream_t w, a, b;
    unsigned n = join_video(p), cuts[] = {2, 3, 100, 101, 102, 12 * 3, 15 * 3, 541, 560, 576, 577, 580, 700, 0};

    join_piece(&w, p, 0, n, 122, SKYPE_MEDIA_VIDEO);
    CHECK(w.frames == 342 && w.seconds > 15 && w.seconds_low >= 6);
    cuts[sizeof(cuts) / sizeof(cuts[0]) - 1] = n - 2;
    for (unsigned c_ = 0; c_ < sizeof(cuts) / sizeof(cuts[0]); c_++) {
        unsigned cut = cuts[c_];
        join_piece(&a, p, 0, cut, 122, SKYPE_MEDIA_VIDEO);
        join_piece(&b, p, cut, n, 122, SKYPE_MEDIA_VIDEO);
        skype_rtp_stream_join(&a, &b, NULL);
        CHECK(a.frames == w.frames && a.packets == w.packets && skype_rtp_stream_lost(&a) == 0);
        CHECK(a.seconds == w.seconds && a.cur.second == w.cur.second && a.cur.frames == w.cur.frames);
        CHECK(a.seconds_low == w.seconds_low);
        if (a.seconds != w.seconds || a.seconds_low != w.seconds_low)
            fprintf(stderr, "  cut at %u: seconds %u/%u low %u/%u\n", cut, a.seconds, w.seconds, a.seconds_low,
                    w.seconds_low);
    }
    /* b within a's current second: that second stays current, its figures added */
    join_piece(&a, p, 0, 30, 122, SKYPE_MEDIA_VIDEO);
    join_piece(&b, p, 30, 36, 122, SKYPE_MEDIA_VIDEO);
    join_piece(&w, p, 0, 36, 122, SKYPE_MEDIA_VIDEO);
    skype_rtp_stream_join(&a, &b, NULL);
    CHECK(a.cur.second == w.cur.second && a.cur.frames == w.cur.frames && a.cur.packets == w.cur.packets &&
          a.cur.bytes == w.cur.bytes && a.seconds == w.seconds);
}

/* ---- Join with a head (skype_rtp_head_t) ------------------------------ */

#define HEAD_Q (15.0 / 16.0)

/* A later piece as the epan layer keeps it with a head: the stream counted
 * from origin, skype_rtp_head_add after every packet. */
static void join_piece_head(skype_rtp_stream_t *s, skype_rtp_head_t *h, const jpkt_t *p, unsigned from, unsigned to,
                            uint8_t pt, uint8_t kind, uint64_t origin)
{
    skype_rtp_stream_init(s, 0x5eed, pt, from + 1, origin);
    s->kind = kind;
    memset(h, 0, sizeof(*h));
    for (unsigned k = from; k < to; k++) {
        join_feed(s, p, k, k + 1);
        skype_rtp_head_add(h, s);
    }
}

/* The whole stream of packets [0, n) and its jitter estimate (ms) after
 * each packet: est[k] bounds the x of a cut before packet k. */
static void join_whole(skype_rtp_stream_t *w, double *est, const jpkt_t *p, unsigned n, uint8_t pt, uint8_t kind)
{
    skype_rtp_stream_init(w, 0x5eed, pt, 1, 1000000u);
    w->kind = kind;
    for (unsigned k = 0; k < n; k++) {
        join_feed(w, p, k, k + 1);
        est[k] = w->jitter * 1000.0 / (double)w->clock;
    }
}

/* What the head-path joins measured where the contract is approximate. */
typedef struct head_stats {
    unsigned joins, late_exact, late_after, late_after_off, late_off_max, cur_lost_off;
    double jitter_rel_max, sum_rel_max, max_off_max;
} head_stats_t;

/* The joined stream j against the whole w with a head at each cut: the
 * counts, the seconds and the current second exact; the jitter estimate and
 * its mean within 1e-6 relative; the maximum exact but for the part after
 * a head, x (15/16)^128 (x_ms: the sum of the cuts' x); late exact when
 * every later piece had at most SKYPE_RTP_HEAD packets (short), else not
 * above the whole's (a piece's own reference is not below the whole's). */
static void join_exact(const skype_rtp_stream_t *j, const skype_rtp_stream_t *w, unsigned cut, double x_ms, bool short_,
                       head_stats_t *st)
{
    unsigned f0 = failed;
    double jrel = fabs(j->jitter - w->jitter) / (w->jitter > 0 ? w->jitter : 1.0);
    double srel = fabs(j->jitter_sum - w->jitter_sum) / (w->jitter_sum > 0 ? w->jitter_sum : 1.0);
    double moff = w->jitter_max - j->jitter_max;

    st->joins++;
    CHECK(j->packets == w->packets && j->bytes == w->bytes);
    CHECK(skype_rtp_stream_lost(j) == skype_rtp_stream_lost(w) && j->max_ext_seq == w->max_ext_seq &&
          j->base_seq == w->base_seq);
    CHECK(j->frames == w->frames && j->last_marker == w->last_marker && j->last_ts == w->last_ts);
    CHECK(j->seconds == w->seconds && j->seconds_low == w->seconds_low);
    CHECK(j->cur.second == w->cur.second && j->cur.frames == w->cur.frames && j->cur.packets == w->cur.packets &&
          j->cur.bytes == w->cur.bytes);
    CHECK(jrel <= 1e-6 && srel <= 1e-6);
    CHECK(j->transit == w->transit && fabs(skype_rtp_ts_fold(j->min_transit - w->min_transit)) < 0.01);
    CHECK(moff >= -1e-6 * w->jitter_max && moff <= x_ms * pow(HEAD_Q, 128) + 1e-6 * w->jitter_max);
    if (short_) {
        CHECK(j->late == w->late && moff <= 1e-6 * w->jitter_max);
        st->late_exact++;
    } else {
        CHECK(j->late <= w->late);
        st->late_after++;
        if (j->late != w->late) {
            st->late_after_off++;
            if (w->late - j->late > st->late_off_max)
                st->late_off_max = w->late - j->late;
        }
    }
    st->cur_lost_off += j->cur.lost != w->cur.lost;
    if (jrel > st->jitter_rel_max)
        st->jitter_rel_max = jrel;
    if (srel > st->sum_rel_max)
        st->sum_rel_max = srel;
    if (moff > st->max_off_max)
        st->max_off_max = moff;
    if (failed != f0)
        fprintf(stderr,
                "  head, cut at %u: frames %u/%u seconds %u/%u low %u/%u cur %u/%u frames %u/%u packets %u/%u "
                "jitter %.9g/%.9g sum %.9g/%.9g max %.9g/%.9g (x %.3g) late %u/%u\n",
                cut, j->frames, w->frames, j->seconds, w->seconds, j->seconds_low, w->seconds_low, j->cur.second,
                w->cur.second, j->cur.frames, w->cur.frames, j->cur.packets, w->cur.packets, j->jitter, w->jitter,
                j->jitter_sum, w->jitter_sum, j->jitter_max, w->jitter_max, x_ms, j->late, w->late);
}

static void head_report(const char *what, const head_stats_t *st)
{
    printf("  %s: %u joins with a head (late exact in %u, after a head in %u: %u off, by at most %u); "
           "jitter rel. err. <= %.2g, mean <= %.2g; max short by <= %.3g ms; cur.lost off in %u\n",
           what, st->joins, st->late_exact, st->late_after, st->late_after_off, st->late_off_max, st->jitter_rel_max,
           st->sum_rel_max, st->max_off_max, st->cur_lost_off);
}

/* A join with the head h that must be the one without (the fallback). */
static void join_as_without(const skype_rtp_stream_t *a0, const skype_rtp_stream_t *b, const skype_rtp_head_t *h)
{
    skype_rtp_stream_t a = *a0, e = *a0;

    skype_rtp_stream_join(&a, b, h);
    skype_rtp_stream_join(&e, b, NULL);
    CHECK(memcmp(&a, &e, sizeof(a)) == 0);
    CHECK(a.packets == a0->packets + b->packets && a.bytes == a0->bytes + b->bytes);
}

static void test_join_head_audio(void)
{
    static jpkt_t p[JOIN_AUDIO];
    static double est[JOIN_AUDIO];
    skype_rtp_stream_t w, a, b, c, a0;
    skype_rtp_head_t h, hc;
    head_stats_t st = {0}, st3 = {0};
    unsigned n = join_audio(p), wrap = 0;

    join_whole(&w, est, p, n, 104, SKYPE_MEDIA_AUDIO);
    for (unsigned k = 0; k < n; k++)
        if (p[k].seq == 0)
            wrap = k;
    CHECK(w.late > 5 && w.seconds > 25 && wrap > 600);
    /* the head: every packet noted, the first SKYPE_RTP_HEAD transits */
    join_piece_head(&b, &h, p, 100, n, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    CHECK(h.packets == b.packets && h.n == SKYPE_RTP_HEAD && h.first_ts == p[100].ts &&
          h.first.second == (uint32_t)((p[100].us - 1000000u) / 1000000u) && h.first.packets > 0);
    CHECK(NEAR(h.transit0 + h.dt[5], (double)p[105].us * 0.016 - (double)p[105].ts, 1e-3) ||
          NEAR(h.transit0 + h.dt[5], (double)p[105].us * 0.016 - (double)p[105].ts + 4294967296.0, 1e-3) ||
          NEAR(h.transit0 + h.dt[5], (double)p[105].us * 0.016 - (double)p[105].ts - 4294967296.0, 1e-3));
    /* two pieces, cut before every packet */
    for (unsigned cut = 1; cut < n; cut++) {
        join_piece(&a, p, 0, cut, 104, SKYPE_MEDIA_AUDIO);
        join_piece_head(&b, &h, p, cut, n, 104, SKYPE_MEDIA_AUDIO, 1000000u);
        skype_rtp_stream_join(&a, &b, &h);
        join_exact(&a, &w, cut, est[cut], n - cut <= SKYPE_RTP_HEAD, &st);
    }
    head_report("audio, 2 pieces", &st);
    /* three pieces in a row, each with its head: the middle one short, at
     * the head's size, just over it, long */
    for (unsigned c1 = 1; c1 + 2 < n; c1 += 23) {
        static const unsigned len[] = {1, 2, 60, SKYPE_RTP_HEAD, SKYPE_RTP_HEAD + 1, 400};
        for (unsigned l = 0; l < sizeof(len) / sizeof(len[0]); l++) {
            unsigned c2 = c1 + len[l];
            if (c2 >= n)
                continue;
            join_piece(&a, p, 0, c1, 104, SKYPE_MEDIA_AUDIO);
            join_piece_head(&b, &h, p, c1, c2, 104, SKYPE_MEDIA_AUDIO, 1000000u);
            join_piece_head(&c, &hc, p, c2, n, 104, SKYPE_MEDIA_AUDIO, 1000000u);
            skype_rtp_stream_join(&a, &b, &h);
            skype_rtp_stream_join(&a, &c, &hc);
            join_exact(&a, &w, c1 * 10000u + c2, est[c1] + est[c2],
                       c2 - c1 <= SKYPE_RTP_HEAD && n - c2 <= SKYPE_RTP_HEAD, &st3);
        }
    }
    head_report("audio, 3 pieces", &st3);
    /* the fallbacks, as without a head: b counted from another origin */
    join_piece(&a0, p, 0, wrap, 104, SKYPE_MEDIA_AUDIO);
    join_piece_head(&b, &h, p, wrap, n, 104, SKYPE_MEDIA_AUDIO, 0u);
    join_as_without(&a0, &b, &h);
    /* ... an empty head */
    join_piece_head(&b, &h, p, wrap, n, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    memset(&h, 0, sizeof(h));
    join_as_without(&a0, &b, &h);
    /* ... a head of more packets than b (another piece's): more transits
     * than b has packets, or more packets noted */
    join_piece_head(&b, &h, p, wrap, wrap + 40, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    join_piece_head(&c, &hc, p, wrap, wrap + 300, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    CHECK(hc.n > b.packets && hc.packets > b.packets);
    join_as_without(&a0, &b, &hc);
    join_piece_head(&c, &hc, p, wrap, wrap + 41, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    CHECK(hc.n == b.packets + 1);
    join_as_without(&a0, &b, &hc);
    /* ... a head that claims more transits than it has room for: never read
     * past dt */
    join_piece_head(&b, &h, p, wrap, n, 104, SKYPE_MEDIA_AUDIO, 1000000u);
    h.n = SKYPE_RTP_HEAD + 1;
    join_as_without(&a0, &b, &h);
    h.n = UINT32_MAX;
    b.packets = UINT32_MAX;
    h.packets = UINT32_MAX;
    join_as_without(&a0, &b, &h);
    /* ... b without packets, with or without a head: nothing changes */
    skype_rtp_stream_init(&b, 0x5eed, 104, wrap + 1, 1000000u);
    memset(&h, 0, sizeof(h));
    a = a0;
    skype_rtp_stream_join(&a, &b, &h);
    CHECK(memcmp(&a, &a0, sizeof(a)) == 0);
}

/* Video as join_video with the marker packets of some frames lost: in the
 * first part (frame 40), the last frame before the 3.5 s without packets
 * (191) and one after it (250); returns the packets captured. */
static unsigned join_video_lossy(jpkt_t *p)
{
    unsigned n = join_video(p), m = 0;

    for (unsigned k = 0; k < n; k++)
        if (!(p[k].marker && (k / 3 == 40 || k / 3 == 191 || k / 3 == 250)))
            p[m++] = p[k];
    return m;
}

static void test_join_head_video(void)
{
    static jpkt_t p[1100];
    static double est[1100];
    skype_rtp_stream_t w, a, b, c, wp;
    skype_rtp_head_t h, hc;
    head_stats_t st = {0}, stin = {0}, st3 = {0};
    unsigned n = join_video_lossy(p), lost_cuts = 0, boundary = 0, inside = 0, gap = 0;

    join_whole(&w, est, p, n, 122, SKYPE_MEDIA_VIDEO);
    CHECK(n == 1023 && w.frames == 342 && skype_rtp_stream_lost(&w) == 3 && w.seconds == 16 && w.seconds_low == 5);
    for (unsigned cut = 1; cut < n; cut++) {
        uint32_t s0 = (uint32_t)((p[cut - 1].us - 1000000u) / 1000000u), s1 = (uint32_t)((p[cut].us - 1000000u) / 1000000u);
        lost_cuts += !p[cut - 1].marker && p[cut].seq != (uint16_t)(p[cut - 1].seq + 1u);
        boundary += s1 == s0 + 1;
        gap += s1 > s0 + 1;
        join_piece(&a, p, 0, cut, 122, SKYPE_MEDIA_VIDEO);
        join_piece_head(&b, &h, p, cut, n, 122, SKYPE_MEDIA_VIDEO, 1000000u);
        skype_rtp_stream_join(&a, &b, &h);
        join_exact(&a, &w, cut, est[cut], n - cut <= SKYPE_RTP_HEAD, &st);
        /* b a few packets long, maybe inside a's current second: against
         * the whole of packets [0, cut + 4) */
        if (cut + 4 <= n) {
            join_piece(&wp, p, 0, cut + 4, 122, SKYPE_MEDIA_VIDEO);
            join_piece(&a, p, 0, cut, 122, SKYPE_MEDIA_VIDEO);
            join_piece_head(&b, &h, p, cut, cut + 4, 122, SKYPE_MEDIA_VIDEO, 1000000u);
            inside += b.cur.second == a.cur.second;
            skype_rtp_stream_join(&a, &b, &h);
            join_exact(&a, &wp, cut, est[cut], true, &stin);
        }
    }
    /* the cuts had: a frame's marker lost right before (3), a second
     * boundary, seconds without packets, b inside a's current second */
    CHECK(lost_cuts == 3 && boundary > 10 && gap == 1 && inside > 300);
    head_report("video, 2 pieces", &st);
    head_report("video, b of 4 packets", &stin);
    /* three pieces */
    for (unsigned c1 = 1; c1 + 2 < n; c1 += 7)
        for (unsigned c2 = c1 + 1; c2 < n; c2 += 97) {
            join_piece(&a, p, 0, c1, 122, SKYPE_MEDIA_VIDEO);
            join_piece_head(&b, &h, p, c1, c2, 122, SKYPE_MEDIA_VIDEO, 1000000u);
            join_piece_head(&c, &hc, p, c2, n, 122, SKYPE_MEDIA_VIDEO, 1000000u);
            skype_rtp_stream_join(&a, &b, &h);
            skype_rtp_stream_join(&a, &c, &hc);
            join_exact(&a, &w, c1 * 10000u + c2, est[c1] + est[c2],
                       c2 - c1 <= SKYPE_RTP_HEAD && n - c2 <= SKYPE_RTP_HEAD, &st3);
        }
    head_report("video, 3 pieces", &st3);
}

int main(void)
{
    test_stream_quality();
    test_dscp();
    test_emodel();
    test_stream_mos_verdict();
    test_judge();
    test_video_frames();
    test_rtcp();
    test_join_audio();
    test_join_video();
    test_join_head_audio();
    test_join_head_video();
    printf("%u passed, %u failed\n", passed, failed);
    return failed != 0;
}
