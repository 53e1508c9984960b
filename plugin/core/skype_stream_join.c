/* SPDX-License-Identifier: GPL-2.0-or-later */
/* RTP streams across the pieces of a file set: see skype_stream_join.h. */
#include "skype_stream_join.h"

#include <math.h>

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
    if (s->clock != 0 && h->n < SKYPE_RTP_HEAD)
        h->transit[h->n++] = s->transit;
    if (s->cur.second == h->first.second)
        h->first = s->cur;
}

/* RTP timestamps wrap at 2^32: a difference folded into (-2^31, 2^31] (as skype_quality.c does). */
static double fold(double d)
{
    if (d > 2147483648.0)
        return d - 4294967296.0;
    if (d < -2147483648.0)
        return d + 4294967296.0;
    return d;
}

/* The jitter figures of a head of transits replayed from a start: the
 * estimate (timestamp units) and jitter-buffer reference it ends with, the
 * sum (ms) and maximum (ms) of the estimates and the late packets, as
 * skype_rtp_stream_add computes them packet by packet. first: the head is
 * the stream's first packets (no estimate at the first one). */
typedef struct replay {
    double jitter, min_transit, sum_ms, max_ms;
    uint32_t late;
} replay_t;

static void replay(replay_t *r, const skype_rtp_head_t *h, uint32_t clock, bool first, double transit)
{
    for (uint32_t n = 0; n < h->n; n++) {
        double t = h->transit[n], ms, rel;
        if (first && n == 0) {
            r->min_transit = t;
        } else {
            r->jitter += (fabs(fold(t - transit)) - r->jitter) / 16.0;
            ms = r->jitter * 1000.0 / (double)clock;
            r->sum_ms += ms;
            if (ms > r->max_ms)
                r->max_ms = ms;
            rel = fold(t - r->min_transit);
            if (rel < 0)
                r->min_transit = t;
            else
                r->late += rel * 1000.0 / (double)clock > SKYPE_JITTER_BUFFER_MS;
        }
        transit = t;
    }
}

void skype_rtp_stream_join_jitter(skype_rtp_stream_t *joined, const skype_rtp_stream_t *a, const skype_rtp_stream_t *b,
                                  const skype_rtp_head_t *h)
{
    replay_t one = {a->jitter, a->min_transit, 0.0, a->jitter_max, 0}, piece = {0.0, 0.0, 0.0, 0.0, 0};
    double x, q = 15.0 / 16.0, tail_ms;
    uint32_t rest;

    if (h == NULL || h->n == 0 || h->n > b->packets || a->packets == 0 || a->clock == 0 || b->clock != a->clock)
        return;
    replay(&one, h, a->clock, false, a->transit);
    replay(&piece, h, b->clock, true, 0.0);
    /* after the head, the estimates differ by x, decaying by 15/16 a packet */
    x = one.jitter - piece.jitter;
    rest = b->packets - h->n;
    tail_ms = x * 1000.0 / (double)a->clock * q * (1.0 - pow(q, rest)) / (1.0 - q); /* sum of x q^k, k = 1..rest */
    joined->jitter = b->jitter + x * pow(q, rest);
    joined->jitter_sum = a->jitter_sum + one.sum_ms + (b->jitter_sum - piece.sum_ms) + tail_ms;
    joined->jitter_max = one.max_ms > b->jitter_max ? one.max_ms : b->jitter_max;
    if (a->jitter_max > joined->jitter_max)
        joined->jitter_max = a->jitter_max;
    joined->late = a->late + one.late + (b->late - piece.late);
    joined->min_transit = one.min_transit < b->min_transit ? one.min_transit : b->min_transit;
}
