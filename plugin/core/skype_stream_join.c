/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RTP streams across the pieces of a file set: see skype_stream_join.h. */
#include "skype_stream_join.h"

#include <math.h>
#include <string.h>

#define Q (15.0 / 16.0) /* RFC 3550 §6.4.1: the estimate keeps 15/16 of itself a packet */

static uint32_t second_of(const skype_rtp_stream_t *s, uint64_t us)
{
    return us <= s->origin_us ? 0u : (uint32_t)((us - s->origin_us) / 1000000u);
}

void skype_rtp_head_add(skype_rtp_head_t *h, const skype_rtp_stream_t *s)
{
    if (s->packets == 0)
        return;
    if (h->packets == 0) {
        h->first_ts = s->last_ts;
        h->first.second = s->cur.second;
    }
    if (h->packets < UINT32_MAX)
        h->packets++;
    if (s->clock != 0 && h->n < SKYPE_RTP_HEAD) {
        if (h->n == 0)
            h->transit0 = s->transit;
        h->dt[h->n++] = (float)skype_rtp_ts_fold(s->transit - h->transit0);
    }
    if (s->cur.second == h->first.second)
        h->first = s->cur;
}

/* ---- The frame-rate seconds at the cut ------------------------------------ */

/* The second with b's first packet (its frames f) ended, judged as
 * next_second does unless it is the stream's first. */
static void judge(skype_rtp_stream_t *a, uint32_t second, uint32_t first, double frames)
{
    if (second != first) {
        a->seconds++;
        a->seconds_low += frames < (double)SKYPE_LOW_FPS;
    }
}

/* The judged seconds of the whole stream from a's current second (sa) to
 * the second of b's last packet (sbl), b's first packet in second sb0 with
 * b0_frames frames there (b does not judge its first second), as
 * skype_rtp_stream_add's next_second would have; then b's own. cut_lost:
 * the sequence numbers skipped at the cut (b does not count them), lost in
 * b's first second. */
static void join_seconds(skype_rtp_stream_t *a, const skype_rtp_stream_t *b, uint32_t sa, uint32_t sb0, uint32_t sbl,
                         double b0_frames, uint32_t extra_frames, uint32_t cut_lost)
{
    uint32_t first = second_of(a, a->first_us);

    if (sb0 < sa) /* b's first packet captured before a's last: taken as in the same second */
        sb0 = sa;
    if (sbl < sb0)
        sbl = sb0;
    if (sbl == sa) {
        /* all of b in a's current second: one second, still current */
        a->cur.packets += b->cur.packets;
        a->cur.bytes += b->cur.bytes;
        a->cur.lost += b->cur.lost + cut_lost;
        a->cur.frames += b->cur.frames + extra_frames;
        if (b->cur.jitter_max_ms > a->cur.jitter_max_ms)
            a->cur.jitter_max_ms = b->cur.jitter_max_ms;
    } else {
        if (sb0 == sa) { /* a's current second ends with b's first one */
            judge(a, sa, first, (double)a->cur.frames + b0_frames);
        } else {
            judge(a, sa, first, (double)a->cur.frames);
            a->seconds += sb0 - sa - 1u; /* seconds without packets at the cut */
            a->seconds_low += sb0 - sa - 1u;
            if (sbl > sb0) /* b's first second, ended */
                judge(a, sb0, first, b0_frames);
        }
        a->cur = b->cur;
        a->cur.second = sbl;
        if (sbl == sb0) {
            a->cur.frames += extra_frames;
            a->cur.lost += cut_lost;
        }
    }
    a->seconds += b->seconds;
    a->seconds_low += b->seconds_low;
}

/* ---- The jitter estimate at the cut --------------------------------------- */

/* The jitter figures of a head of transits replayed from a start (as
 * skype_rtp_stream_add computes them packet by packet): the estimate
 * (timestamp units) and the jitter-buffer reference it ends with, the sum
 * and maximum of the estimates (ms), the late packets. first: the head is
 * the stream's first packets (no estimate at the first one). */
typedef struct replay {
    double jitter, min_transit, sum_ms, max_ms;
    uint32_t late;
} replay_t;

static void replay(replay_t *r, const skype_rtp_head_t *h, uint32_t clock, bool first, double transit)
{
    for (uint32_t n = 0; n < h->n; n++) {
        double t = h->transit0 + (double)h->dt[n], ms, rel;
        if (first && n == 0) {
            r->min_transit = t;
        } else {
            r->jitter += (fabs(skype_rtp_ts_fold(t - transit)) - r->jitter) / 16.0;
            ms = r->jitter * 1000.0 / (double)clock;
            r->sum_ms += ms;
            if (ms > r->max_ms)
                r->max_ms = ms;
            rel = skype_rtp_ts_fold(t - r->min_transit);
            if (rel < 0)
                r->min_transit = t;
            else
                r->late += rel * 1000.0 / (double)clock > SKYPE_JITTER_BUFFER_MS;
        }
        transit = t;
    }
}

/* a (the earlier state, both clocks known and equal) with b's jitter
 * figures added: from b's head when there is one, else with the step at
 * the cut taken as a's estimate (the head's contract, skype_stream_join.h). */
static void join_jitter(skype_rtp_stream_t *a, const skype_rtp_stream_t *b, const skype_rtp_head_t *h)
{
    double ms = 1000.0 / (double)a->clock;

    if (h != NULL && h->n > 0 && h->n <= b->packets && h->n <= SKYPE_RTP_HEAD) {
        replay_t one = {a->jitter, a->min_transit, 0.0, a->jitter_max, 0}, piece = {0.0, 0.0, 0.0, 0.0, 0};
        uint32_t rest = b->packets - h->n;
        double x;
        replay(&one, h, a->clock, false, a->transit);
        replay(&piece, h, b->clock, true, 0.0);
        /* after the head the two estimates differ by x, decaying by 15/16 a packet */
        x = one.jitter - piece.jitter;
        a->jitter_sum += one.sum_ms + (b->jitter_sum - piece.sum_ms) + x * ms * Q * (1.0 - pow(Q, rest)) / (1.0 - Q);
        a->jitter_max = one.max_ms > b->jitter_max ? one.max_ms : b->jitter_max;
        a->jitter = b->jitter + x * pow(Q, rest);
        a->late += one.late + (b->late - piece.late);
        a->min_transit = skype_rtp_ts_fold(b->min_transit - one.min_transit) < 0 ? b->min_transit : one.min_transit;
    } else {
        /* J' = J + (D - J) / 16 is linear in J: after b's n - 1 steps the
         * whole's estimate is b's plus the one at b's first packet decayed
         * by (15/16)^(n-1); with the step at the cut taken as a's estimate,
         * that one is a's. Its part of the running sum over b's n packets:
         * J0 (1 - (15/16)^n) / (1 - 15/16). */
        double qn = pow(Q, (double)b->packets), j0 = a->jitter;
        a->jitter_sum += b->jitter_sum + 16.0 * (j0 * ms) * (1.0 - qn);
        if (b->jitter_max > a->jitter_max)
            a->jitter_max = b->jitter_max;
        a->jitter = b->jitter + j0 * qn / Q;
        a->late += b->late;
        if (skype_rtp_ts_fold(b->min_transit - a->min_transit) < 0) /* transit wraps with the timestamp */
            a->min_transit = b->min_transit;
    }
    a->transit = b->transit;
}

void skype_rtp_stream_join(skype_rtp_stream_t *a, const skype_rtp_stream_t *b, const skype_rtp_head_t *h)
{
    int64_t ext, bmax;
    uint32_t sa, sb0, sbl, extra = 0, cut_lost = 0;
    double b0_frames = 0.0;

    if (b->packets == 0)
        return;
    if (a->packets == 0) {
        uint32_t first_frame = a->first_frame;
        *a = *b;
        a->first_frame = first_frame;
        return;
    }
    if (h != NULL && (h->packets == 0 || h->packets > b->packets || h->n > h->packets || h->n > SKYPE_RTP_HEAD ||
                      b->origin_us != a->origin_us))
        h = NULL; /* an empty head, one that is not b's (more packets or transits than b has, more transits
                   * than it keeps), or b's seconds not counted from a's origin: the estimates below */
    /* sequence numbers: b's first one extended against a's highest; b's
     * highest moved by the same multiple of 2^16 (RFC 3550 A.1) */
    ext = skype_rtp_seq_extend(a->max_ext_seq, (uint16_t)b->base_seq);
    bmax = (int64_t)b->max_ext_seq + (ext - (int64_t)b->base_seq);
    if (ext > (int64_t)a->max_ext_seq + 1) {
        cut_lost = (uint32_t)(ext - (int64_t)a->max_ext_seq - 1);
        if (!a->in_loss)
            a->bursts++; /* lost packets at the cut: a run starts at b's first packet */
    }
    if (bmax > (int64_t)a->max_ext_seq)
        a->max_ext_seq = (uint32_t)bmax;
    if (a->clock == 0 && b->clock != 0) {
        a->clock = b->clock;
        a->jitter = b->jitter;
        a->jitter_sum = b->jitter_sum;
        a->jitter_max = b->jitter_max;
        a->transit = b->transit;
        a->min_transit = b->min_transit;
        a->late += b->late;
    } else if (a->clock != 0 && b->clock == a->clock) {
        join_jitter(a, b, h);
    } else {
        a->late += b->late;
    }
    /* video frames: the frame a's last packet left open without its marker
     * ends at b's first packet when that one starts another (counted in b's
     * first second, as skype_rtp_stream_add would); else b counts it */
    if (h != NULL && h->first_ts != a->last_ts && !a->last_marker)
        extra = 1;
    if (h != NULL) {
        /* b's seconds count from a's origin: its first second's figures are in the head */
        sa = a->cur.second;
        sb0 = h->first.second;
        sbl = b->cur.second;
        b0_frames = (double)h->first.frames + extra;
    } else {
        /* b's seconds are its piece's: from the times; b's frames in its
         * first second (b does not keep them once it has moved on) at b's
         * mean frame rate over the part of that second b covers */
        sa = second_of(a, a->last_us);
        sb0 = second_of(a, b->first_us);
        sbl = second_of(a, b->last_us);
        if (sbl > sb0 && b->last_us > b->first_us) {
            uint64_t end = a->origin_us + (uint64_t)(sb0 + 1u) * 1000000u;
            b0_frames = (double)b->frames * (double)(end - b->first_us) / (double)(b->last_us - b->first_us);
        }
    }
    join_seconds(a, b, sa, sb0, sbl, b0_frames, extra, cut_lost);
    a->bursts += b->bursts;
    a->in_loss = b->in_loss;
    a->frames += b->frames + extra;
    a->last_marker = b->last_marker;
    a->last_ts = b->last_ts;
    a->packets += b->packets;
    a->bytes += b->bytes;
    a->last_us = b->last_us;
    a->last_frame = b->last_frame;
    a->rtt_sum += b->rtt_sum;
    a->rtt_count += b->rtt_count;
    if (b->rtt_max_ms > a->rtt_max_ms)
        a->rtt_max_ms = b->rtt_max_ms;
    if (b->rtt_frame != 0) {
        a->rtt_ms = b->rtt_ms;
        a->rtt_frame = b->rtt_frame;
    }
    if (b->sr_us != 0) {
        a->sr_us = b->sr_us;
        a->sr_ntp_mid = b->sr_ntp_mid;
    }
    if (b->dscp_seen) {
        a->dscp = b->dscp;
        a->dscp_seen = 1;
    }
    if (a->mismatch_frame == 0)
        a->mismatch_frame = b->mismatch_frame;
    if (a->poor_frame == 0) {
        a->poor_frame = b->poor_frame;
        a->poor_reasons = b->poor_reasons;
    }
    a->kind = b->kind;
    a->rule = b->rule;
    /* kept from a: first_us, first_frame, origin_us, ssrc, pt, base_seq, index, sent, pad */
}

void skype_rtp_seconds_join(const skype_rtp_stream_t *a, const skype_rtp_stream_t *b, const skype_rtp_head_t *h,
                            skype_rtp_second_t *sec, unsigned n)
{
    int64_t ext;

    if (n == 0 || h == NULL || a->packets == 0 || b->packets == 0 || h->packets == 0 || h->packets > b->packets ||
        h->n > h->packets || h->n > SKYPE_RTP_HEAD || b->origin_us != a->origin_us)
        return;
    /* as skype_rtp_stream_join: the sequence numbers skipped at the cut, the frame left open */
    ext = skype_rtp_seq_extend(a->max_ext_seq, (uint16_t)b->base_seq);
    if (ext > (int64_t)a->max_ext_seq + 1)
        sec[0].lost += (uint32_t)(ext - (int64_t)a->max_ext_seq - 1);
    if (h->first_ts != a->last_ts && !a->last_marker)
        sec[0].frames++;
    /* the head's estimates from a's, each in its second (b's packets, in order, by the seconds' counts) */
    if (a->clock != 0 && b->clock == a->clock && h->n > 0) {
        double jitter = a->jitter, transit = a->transit;
        unsigned k = 0;
        uint32_t used = 0;
        for (uint32_t i = 0; i < h->n; i++) {
            double t = h->transit0 + (double)h->dt[i], ms;
            jitter += (fabs(skype_rtp_ts_fold(t - transit)) - jitter) / 16.0;
            transit = t;
            ms = jitter * 1000.0 / (double)a->clock;
            while (k < n && used + sec[k].packets <= i) {
                used += sec[k].packets;
                k++;
            }
            if (k == n)
                break;
            if ((float)ms > sec[k].jitter_max_ms)
                sec[k].jitter_max_ms = (float)ms;
        }
    }
}
