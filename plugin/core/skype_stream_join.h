/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * RTP streams across the pieces of a file set (docs/batch-export.md, "Ring
 * buffers and file sets"): a stream a piece sees from its first packet on is
 * added to the same SSRC's stream of the earlier pieces
 * (skype_rtp_stream_join), so that the figures are those of one capture.
 *
 * What a piece cannot know is the stream's state before its first packet:
 * RFC 3550 §6.4.1's jitter estimate starts over at 0, the first packet's
 * transit difference is missing, the jitter-buffer reference
 * (min_transit) is the piece's own. The estimate is linear in its start
 * value (J_n = J'_n + x (15/16)^n, x the estimate the earlier pieces left
 * after the missing difference), so the piece keeps the transits of its
 * first SKYPE_RTP_HEAD packets (skype_rtp_head_t) and the join replays
 * them from the earlier state: the head exactly, the rest within
 * x (15/16)^64, under 2 % of x.
 */
#ifndef SKYPE_STREAM_JOIN_H
#define SKYPE_STREAM_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "skype_quality.h"

#define SKYPE_RTP_HEAD 64u /* packets whose transits a piece keeps; (15/16)^64 = 0.016 */

/* What the join needs of a stream's start in a piece: the transits of its
 * first packets (arrival minus RTP timestamp, in timestamp units, as
 * skype_rtp_stream_t.transit) in arrival order, its first RTP timestamp,
 * and its first second's figures (a piece does not judge the frame rate of
 * a stream's first second; in one capture that second may be a later one,
 * or the same second as the earlier piece's last). 560 bytes. */
typedef struct skype_rtp_head {
    double transit[SKYPE_RTP_HEAD];
    uint32_t n;                /* transits kept, at most SKYPE_RTP_HEAD */
    uint32_t packets;          /* packets noted (skype_rtp_head_add), at most 2^32 - 1 */
    uint32_t first_ts;         /* RTP timestamp of the first packet */
    uint32_t pad;
    skype_rtp_second_t first;  /* the first second: as it ended, or as it is while current */
} skype_rtp_head_t;
_Static_assert(sizeof(skype_rtp_head_t) == 560, "skype_rtp_head_t: the size the comment states");

/* After each packet skype_rtp_stream_add counted on s: keep its transit
 * while the head has room (and the stream a clock: no transit without),
 * and its first second's figures while that second is current. */
void skype_rtp_head_add(skype_rtp_head_t *h, const skype_rtp_stream_t *s);

/*
 * The jitter figures of joined (a with b added, skype_rtp_stream_join)
 * made those of one capture from b's head h: a (the earlier pieces' state)
 * replays h from its estimate, transit and jitter-buffer reference; the
 * estimate's sum (jitter mean), maximum, end value and the late packets of
 * the head are then exact, the rest's within x (15/16)^64 (x: the head's
 * last difference between the two estimates). Nothing changes without a
 * head, with an empty a, without a clock, or with clocks that differ.
 */
void skype_rtp_stream_join_jitter(skype_rtp_stream_t *joined, const skype_rtp_stream_t *a, const skype_rtp_stream_t *b,
                                  const skype_rtp_head_t *h);

#endif /* SKYPE_STREAM_JOIN_H */
