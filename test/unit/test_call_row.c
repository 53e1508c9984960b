/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the calls and streams tables' rows (core/skype_call_row.h):
 * which round trip a stream shows, a stream's derived values, a call's
 * summary and its texts (exact), their truncation into small buffers.
 * Prints "N passed, N failed".
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_call_row.h"
#include "skype_quality.h"

#include "check.h"

#define NEAR(a, b, tol) (fabs((double)(a) - (double)(b)) <= (tol))

/* fn (a text of sum) gives exactly text, and returns its length. */
#define TEXT(fn, sum, text)                                                                                          \
    do {                                                                                                             \
        char b_[256];                                                                                                \
        size_t n_ = fn(&(sum), b_, sizeof(b_));                                                                      \
        CHECK(n_ == strlen(text) && strcmp(b_, text) == 0);                                                          \
        if (strcmp(b_, text) != 0)                                                                                   \
            fprintf(stderr, "  got \"%s\"\n", b_);                                                                   \
    } while (0)

/* A stream of kind, sent or received, without packets. */
static void stream(skype_rtp_stream_t *s, uint32_t ssrc, uint8_t pt, uint8_t kind, bool sent)
{
    skype_rtp_stream_init(s, ssrc, pt, 1, 0);
    s->kind = kind;
    s->sent = sent;
}

/* n packets of 20 ms SILK (16 kHz) from 1 s, seq from 1000; every
 * lose-th packet (0: none) lost. */
static void audio(skype_rtp_stream_t *s, uint32_t ssrc, bool sent, unsigned n, unsigned lose)
{
    stream(s, ssrc, 104, SKYPE_MEDIA_AUDIO, sent);
    for (unsigned i = 0; i < n; i++)
        if (lose == 0 || i % lose != 3)
            skype_rtp_stream_add(s, (uint16_t)(1000 + i), 320u * i, i == 0, 1000000u + 20000u * (uint64_t)i, 80,
                                 NULL);
}

static void test_rtt(void)
{
    skype_rtp_stream_t a, b, c, r;
    const skype_rtp_stream_t *leg[5] = {&a, &b, &c, &r, NULL};

    stream(&a, 1, 104, SKYPE_MEDIA_AUDIO, true);
    stream(&b, 2, 122, SKYPE_MEDIA_VIDEO, true);
    stream(&c, 3, 122, SKYPE_MEDIA_VIDEO, true); /* sent, no round trip */
    stream(&r, 4, 104, SKYPE_MEDIA_AUDIO, false);
    /* nothing measured: unknown, the sent stream's own too */
    CHECK(skype_row_rtt(leg, 5, &r, SKYPE_RTT_LATEST) < 0.0 && skype_row_rtt(leg, 5, &r, SKYPE_RTT_MAX) < 0.0 &&
          skype_row_rtt(leg, 5, &r, SKYPE_RTT_MEAN) < 0.0);
    CHECK(skype_row_rtt(leg, 5, &a, SKYPE_RTT_LATEST) < 0.0 && skype_row_rtt(leg, 5, &a, SKYPE_RTT_MEAN) < 0.0);
    /* a: 100 then 40 ms (frames 10, 50); b: 300 ms at frame 30 */
    skype_rtp_stream_rtt(&a, 100.0, 10);
    skype_rtp_stream_rtt(&a, 40.0, 50);
    skype_rtp_stream_rtt(&b, 300.0, 30);
    /* a sent stream: its own */
    CHECK(NEAR(skype_row_rtt(leg, 5, &a, SKYPE_RTT_LATEST), 40.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &a, SKYPE_RTT_MAX), 100.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &a, SKYPE_RTT_MEAN), 70.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &b, SKYPE_RTT_LATEST), 300.0, 1e-6));
    CHECK(skype_row_rtt(leg, 5, &c, SKYPE_RTT_LATEST) < 0.0); /* sent: never another's */
    /* a received stream: the latest (a, frame 50) for latest and mean, the highest (b) for max */
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_LATEST), 40.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MEAN), 70.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MAX), 300.0, 1e-6));
    /* b measured later: now b's for latest and mean */
    skype_rtp_stream_rtt(&b, 200.0, 60);
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_LATEST), 200.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MEAN), 250.0, 1e-6));
    /* a received stream's own round trips count for nobody */
    skype_rtp_stream_rtt(&r, 900.0, 90);
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_LATEST), 200.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MAX), 300.0, 1e-6));
    /* a measured again, later: a's again */
    skype_rtp_stream_rtt(&a, 300.0, 70);
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_LATEST), 300.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MEAN), 440.0 / 3.0, 1e-6));
    CHECK(NEAR(skype_row_rtt(leg, 5, &r, SKYPE_RTT_MAX), 300.0, 1e-6));
    /* no leg, or a leg without streams: unknown for a received stream; a sent one keeps its own */
    CHECK(skype_row_rtt(NULL, 0, &r, SKYPE_RTT_LATEST) < 0.0);
    CHECK(skype_row_rtt(leg, 0, &r, SKYPE_RTT_MAX) < 0.0);
    CHECK(NEAR(skype_row_rtt(NULL, 0, &a, SKYPE_RTT_LATEST), 300.0, 1e-6));
    /* the same through skype_stream_row */
    {
        skype_stream_row_t v;
        skype_ep_t cl = {0}, sv = {0};
        skype_stream_row(&v, leg, 5, &r, &cl, &sv, &skype_quality_cqd);
        CHECK(NEAR(v.rtt_ms, 300.0, 1e-6) && NEAR(v.rtt_max_ms, 300.0, 1e-6) &&
              NEAR(v.rtt_mean_ms, skype_row_rtt(leg, 5, &r, SKYPE_RTT_MEAN), 1e-9));
    }
}

static void test_stream_row(void)
{
    skype_rtp_stream_t a, v, u;
    const skype_rtp_stream_t *leg[3] = {&a, &v, &u};
    skype_ep_t cl = {0}, sv = {0};
    skype_stream_row_t row;

    CHECK(strcmp(skype_verdict_name(SKYPE_VERDICT_POOR), "Poor") == 0);
    CHECK(strcmp(skype_verdict_name(SKYPE_VERDICT_GOOD), "Good") == 0);
    CHECK(strcmp(skype_verdict_name(SKYPE_VERDICT_NONE), "-") == 0 && strcmp(skype_verdict_name(99), "-") == 0);
    cl.family = sv.family = 4;
    cl.port = 50000;
    sv.port = 3478;
    /* 600 packets of audio, every eighth lost: Poor on loss */
    audio(&a, 0xA, true, 600, 8);
    skype_stream_row(&row, leg, 3, &a, &cl, &sv, &skype_quality_cqd);
    CHECK(strcmp(row.kind, "Audio") == 0 && strcmp(row.direction, "sent") == 0 && row.src == &cl && row.dst == &sv);
    CHECK(strcmp(row.codec, skype_pt_info(104)->name) == 0);
    CHECK(row.verdict_code == SKYPE_VERDICT_POOR && strcmp(row.verdict, "Poor") == 0 &&
          (row.reasons_bits & SKYPE_POOR_LOSS) != 0);
    CHECK(strncmp(row.reasons, "loss 12.", 8) == 0);
    CHECK(row.lost == 75 && NEAR(row.loss_pct, 12.5, 1e-9));
    CHECK(row.frame_size < 0.0 && skype_stream_frame_size(&a) < 0.0); /* audio: no frames */
    CHECK(row.rtt_ms < 0.0 && row.rtt_max_ms < 0.0 && row.rtt_mean_ms < 0.0);
    CHECK(NEAR(row.mos, skype_rtp_stream_mos(&a, -1.0), 1e-12) && row.mos > 0.0);
    CHECK(row.jitter_max_ms >= 0.0);
    /* video: frame size payload bytes / frames; unknown without a frame */
    stream(&v, 0xB, 122, SKYPE_MEDIA_VIDEO, false);
    CHECK(skype_stream_frame_size(&v) < 0.0);
    v.bytes = 10000;
    v.frames = 4;
    CHECK(NEAR(skype_stream_frame_size(&v), 2500.0, 1e-12));
    v.kind = SKYPE_MEDIA_SCREEN;
    CHECK(NEAR(skype_stream_frame_size(&v), 2500.0, 1e-12));
    v.kind = SKYPE_MEDIA_DATA;
    CHECK(skype_stream_frame_size(&v) < 0.0);
    v.kind = SKYPE_MEDIA_VIDEO;
    skype_stream_row(&row, leg, 3, &v, &cl, &sv, &skype_quality_cqd);
    CHECK(strcmp(row.direction, "received") == 0 && row.src == &sv && row.dst == &cl);
    CHECK(NEAR(row.frame_size, 2500.0, 1e-12) && strcmp(row.kind, "Video") == 0);
    /* a payload type not in the table, no clock: codec "-", no jitter; data: no verdict */
    stream(&u, 0xC, 96, SKYPE_MEDIA_DATA, false);
    skype_rtp_stream_add(&u, 1, 0, false, 1000000, 10, NULL);
    skype_stream_row(&row, leg, 3, &u, &cl, &sv, &skype_quality_cqd);
    CHECK(skype_pt_info(96) == NULL && strcmp(row.codec, "-") == 0);
    CHECK(u.clock == 0 && row.jitter_max_ms < 0.0);
    CHECK(row.verdict_code == SKYPE_VERDICT_NONE && strcmp(row.verdict, "-") == 0 && strcmp(row.reasons, "-") == 0);
}

static void test_call_sum(void)
{
    skype_call_sum_t sum;
    skype_rtp_stream_t a1, a2, v1, v2, d, x, k;
    const skype_rtp_stream_t *leg1[3] = {&a1, &a2, &v1}, *leg2[4] = {&v2, &d, NULL, &x}, *leg3[1] = {&k};

    /* an empty call */
    skype_call_sum_init(&sum);
    TEXT(skype_call_sum_directions, sum, "-");
    TEXT(skype_call_sum_dscp, sum, "-");
    TEXT(skype_call_sum_legs, sum, "0 direct, 0 relayed, 0 TCP");
    CHECK(sum.worst_mos < 0.0 && sum.poor == 0 && sum.lost == 0 && sum.jitter_max_ms == 0.0 && sum.packets == 0);
    /* legs without streams: counted by kind (unknown 0 apart, higher kinds as TCP) */
    skype_call_sum_leg(&sum, SKYPE_LEG_RELAYED, 7, NULL, 0, &skype_quality_cqd);
    skype_call_sum_leg(&sum, 0, 1, NULL, 0, &skype_quality_cqd);
    skype_call_sum_leg(&sum, 9, 2, NULL, 0, &skype_quality_cqd);
    TEXT(skype_call_sum_legs, sum, "0 direct, 1 relayed, 1 TCP");
    CHECK(sum.packets == 10 && sum.legs[0] == 1);
    TEXT(skype_call_sum_directions, sum, "-");

    /* leg 1 (direct): two sent audio streams marked 0 (want 46), one sent video marked 34 (as recommended);
     * leg 2 (TCP): a received video, a sent data stream (no recommendation), a received one of unknown kind
     * (and a NULL entry); leg 3: kind 7 (counted as data) */
    skype_call_sum_init(&sum);
    audio(&a1, 1, true, 600, 8);  /* poor: 12.5 % lost */
    audio(&a2, 2, true, 100, 0);  /* clean */
    stream(&v1, 3, 122, SKYPE_MEDIA_VIDEO, true);
    stream(&v2, 4, 122, SKYPE_MEDIA_VIDEO, false);
    stream(&d, 5, 127, SKYPE_MEDIA_DATA, true);
    stream(&x, 6, 127, SKYPE_MEDIA_UNKNOWN, false);
    stream(&k, 7, 127, 7, false);
    CHECK(skype_rtp_stream_dscp(&a1, 0, 2) && skype_rtp_stream_dscp(&a2, 0, 3));
    CHECK(!skype_rtp_stream_dscp(&v1, 34, 4));
    a1.dscp_seen = a2.dscp_seen = v1.dscp_seen = 1;
    v2.jitter_max = 55.5;
    skype_call_sum_leg(&sum, SKYPE_LEG_DIRECT, 700, leg1, 3, &skype_quality_cqd);
    TEXT(skype_call_sum_dscp, sum, "2 Audio streams at 0 (want 46)");
    skype_call_sum_leg(&sum, SKYPE_LEG_TCP, 20, leg2, 4, &skype_quality_cqd);
    skype_call_sum_leg(&sum, SKYPE_LEG_DIRECT, 3, leg3, 1, &skype_quality_cqd);
    CHECK(sum.streams[SKYPE_MEDIA_AUDIO] == 2 && sum.streams[SKYPE_MEDIA_VIDEO] == 2 &&
          sum.streams[SKYPE_MEDIA_SCREEN] == 0 && sum.streams[SKYPE_MEDIA_DATA] == 2 && sum.streams[0] == 1);
    CHECK(sum.checked == 3 && sum.packets == 723 && sum.lost == 75 && sum.poor == 1);
    CHECK(NEAR(sum.jitter_max_ms, 55.5, 1e-12));
    CHECK(NEAR(sum.worst_mos, skype_rtp_stream_mos(&a1, -1.0), 1e-12) &&
          sum.worst_mos < skype_rtp_stream_mos(&a2, -1.0));
    TEXT(skype_call_sum_directions, sum, "Audio 2/0, Video 1/1, Data 1/1, unknown 0/1");
    TEXT(skype_call_sum_legs, sum, "2 direct, 0 relayed, 1 TCP");
    /* a second kind off: in kind order, then DSCP order; one stream: no plural */
    v1.mismatch_frame = 9;
    v1.dscp = 8;
    skype_call_sum_stream(&sum, leg1, 3, &v1, &skype_quality_cqd);
    a2.dscp = 10;
    skype_call_sum_stream(&sum, leg1, 3, &a2, &skype_quality_cqd);
    TEXT(skype_call_sum_dscp, sum,
         "2 Audio streams at 0 (want 46), 1 Audio stream at 10 (want 46), 1 Video stream at 8 (want 34)");
    /* checked, none off */
    v1.mismatch_frame = 0;
    skype_call_sum_init(&sum);
    skype_call_sum_stream(&sum, leg1, 3, &v1, &skype_quality_cqd);
    TEXT(skype_call_sum_dscp, sum, "as recommended");
    TEXT(skype_call_sum_directions, sum, "Video 1/0");
    /* a stream counts as checked by its dscp_seen alone */
    skype_call_sum_init(&sum);
    a1.sent = 0;
    skype_call_sum_stream(&sum, leg1, 3, &a1, &skype_quality_cqd);
    a1.sent = 1;
    CHECK(sum.checked == 1); /* the callers keep the DSCP of sent streams only (skype_calls.c, skype_join.c) */
}

static void test_truncation(void)
{
    skype_call_sum_t sum;
    skype_rtp_stream_t a, v;
    const skype_rtp_stream_t *leg[2] = {&a, &v};
    const char *whole = "1 Audio stream at 0 (want 46), 1 Video stream at 0 (want 34)";
    char buf[80];
    size_t n = strlen(whole);

    skype_call_sum_init(&sum);
    audio(&a, 1, true, 10, 0);
    stream(&v, 2, 122, SKYPE_MEDIA_VIDEO, true);
    CHECK(skype_rtp_stream_dscp(&a, 0, 2) && skype_rtp_stream_dscp(&v, 0, 3));
    skype_call_sum_leg(&sum, SKYPE_LEG_DIRECT, 12, leg, 2, &skype_quality_cqd);
    /* measuring: no buffer */
    CHECK(skype_call_sum_dscp(&sum, NULL, 0) == n);
    CHECK(skype_call_sum_directions(&sum, NULL, 0) == strlen("Audio 1/0, Video 1/0"));
    CHECK(skype_call_sum_legs(&sum, NULL, 0) == strlen("1 direct, 0 relayed, 0 TCP"));
    /* every size up to the whole: the prefix, terminated, nothing written past size */
    for (size_t size = 1; size <= n + 1; size++) {
        memset(buf, 'Z', sizeof(buf));
        CHECK(skype_call_sum_dscp(&sum, buf, size) == n);
        CHECK(strlen(buf) == size - 1 && strncmp(buf, whole, size - 1) == 0 && buf[size] == 'Z');
    }
    /* a buffer given with size 0 is not touched */
    memset(buf, 'Z', sizeof(buf));
    CHECK(skype_call_sum_dscp(&sum, buf, 0) == n && buf[0] == 'Z');
    CHECK(skype_call_sum_legs(&sum, buf, 0) == 26 && buf[0] == 'Z');
    /* tiny buffers for the others */
    memset(buf, 'Z', sizeof(buf));
    CHECK(skype_call_sum_directions(&sum, buf, 4) == 20 && strcmp(buf, "Aud") == 0 && buf[4] == 'Z');
    CHECK(skype_call_sum_legs(&sum, buf, 2) == 26 && strcmp(buf, "1") == 0);
    CHECK(skype_call_sum_legs(&sum, buf, 1) == 26 && buf[0] == 0);
    skype_call_sum_init(&sum);
    CHECK(skype_call_sum_directions(&sum, buf, 1) == 1 && buf[0] == 0);
    CHECK(skype_call_sum_dscp(&sum, buf, 2) == 1 && strcmp(buf, "-") == 0);
}

static void test_call_texts(void)
{
    skype_ep_t p = {0};
    skype_call_group_t g;
    double start, dur;

    CHECK(strcmp(skype_call_party_text(&p), "-") == 0);
    p.family = 4;
    p.port = 1;
    CHECK(strcmp(skype_call_party_text(&p), "Transport Relay") == 0);
    p.port = 0;
    CHECK(skype_call_party_text(&p) == NULL);
    p.family = 6;
    p.port = 3478;
    CHECK(skype_call_party_text(&p) == NULL);
    memset(&g, 0, sizeof(g));
    g.first_us = 5500000;
    g.last_us = 7750000;
    skype_call_row_times(&g, 1000000, &start, &dur);
    CHECK(NEAR(start, 4.5, 1e-12) && NEAR(dur, 2.25, 1e-12));
    skype_call_row_times(&g, 9000000, &start, &dur); /* a start after the call's first frame: 0 */
    CHECK(start == 0.0 && NEAR(dur, 2.25, 1e-12));
}

int main(void)
{
    test_rtt();
    test_stream_row();
    test_call_sum();
    test_truncation();
    test_call_texts();
    printf("%u passed, %u failed\n", passed, failed);
    return failed != 0;
}
