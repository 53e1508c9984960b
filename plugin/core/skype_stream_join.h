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
 * x (15/16)^128, under 0.03 % of x.
 */
#ifndef SKYPE_STREAM_JOIN_H
#define SKYPE_STREAM_JOIN_H

#include <stdbool.h>
#include <stdint.h>

#include "skype_quality.h"

#define SKYPE_RTP_HEAD 128u /* packets whose transits a piece keeps; (15/16)^128 = 0.00026 */

/* What the join needs of a stream's start in a piece: the transits of its
 * first packets (arrival minus RTP timestamp, in timestamp units, as
 * skype_rtp_stream_t.transit) in arrival order, its first RTP timestamp,
 * and its first second's figures (a piece does not judge the frame rate of
 * a stream's first second; in one capture that second may be a later one,
 * or the same second as the earlier piece's last). The transits are kept as
 * the first one and the others' differences from it (folded, float: a
 * difference of 10^6 timestamp units, 11 s at 90 kHz, to about 0.1 unit).
 * 560 bytes. */
typedef struct skype_rtp_head {
    double transit0;           /* the first packet's transit */
    float dt[SKYPE_RTP_HEAD];  /* each packet's transit minus transit0 (skype_rtp_ts_fold) */
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
 * Join: b, the same SSRC's stream as dissected in a later piece of the same
 * capture, added to a, its state at the end of the earlier pieces, so that
 * a is as if all of b's packets had been given to skype_rtp_stream_add
 * after a's. b's frame numbers are already offset by the earlier pieces'
 * frames (the caller's). h: b's head (skype_rtp_head_add over b's packets),
 * or NULL.
 *
 * Exact: packets, bytes, the extended sequence numbers (b's first one
 * extended against a's highest as skype_rtp_stream_add does, RFC 3550 A.1;
 * b's highest moved by the same multiple of 2^16), hence lost and the loss
 * percentage, as long as each of b's packets extends against b's highest
 * before it as against the whole's (not so only for jumps of about 2^15,
 * e.g. b starting thousands behind a's highest and then leaping ahead:
 * RFC 3550 A.1 would restart such a stream); last_us and last_frame (b's), the round-trip count, sum and
 * maximum, the latest round trip, SR and DSCP (b's when it has one).
 * With a head, and b's seconds counted from a's origin (b->origin_us ==
 * a->origin_us: the piece was dissected with the set's origin), also: the
 * jitter estimate, its mean and maximum and the late packets of the head
 * (replayed from a's state), the rest within x (15/16)^128; the video frames
 * and the judged seconds and their frame rates. Without (h NULL, empty, not
 * b's: more packets noted than b has, more transits than packets or than
 * SKYPE_RTP_HEAD; or other origins), estimated: the step at the cut taken as a's estimate; b's
 * frames in its first second at b's mean frame rate, b's seconds from its
 * times; late packets as b judged them.
 * Approximate in both: late packets after the head (b's jitter-buffer
 * reference is its own after it), the loss runs (a loss right at the cut
 * starts one unless a was in one), poor_frame and mismatch_frame (a's,
 * else b's: the whole can become poor where neither piece was); in the
 * current second, its jitter maximum (b's estimate when the second is b's
 * first) and its lost packets (the sequence numbers skipped at the cut are
 * added, but b's packets below a's highest one, reordered across the cut,
 * count their gaps as b saw them).
 * Kept from a: ssrc, pt, first_us, first_frame, base_seq, origin_us and the
 * caller's sent and index; kind and rule become b's (the later decision).
 * b with 0 packets changes nothing; a with 0 packets becomes b, keeping a's
 * first_frame. Sources: RFC 3550 A.1, A.8, §6.4.1; docs/batch-export.md,
 * "Ring buffers and file sets".
 */
void skype_rtp_stream_join(skype_rtp_stream_t *a, const skype_rtp_stream_t *b, const skype_rtp_head_t *h);

/*
 * b's seconds sec[0..n-1] (its ended seconds then its current one, in
 * order, as -z skype,legseconds gives them) made those of the whole
 * stream, a its state at the end of the earlier pieces (before
 * skype_rtp_stream_join): with a head valid as for skype_rtp_stream_join,
 * the first second gets the sequence numbers skipped at the cut (lost) and
 * the video frame a's last packet left open; each second's highest jitter
 * is that of the head replayed from a's estimate where higher (after the
 * head b's own, within x (15/16)^128). The caller merges sec[0] into a's
 * last second when they are the same second. Nothing changes without a
 * head, or when a or b has no packets. docs/batch-export.md, "Ring buffers
 * and file sets".
 */
void skype_rtp_seconds_join(const skype_rtp_stream_t *a, const skype_rtp_stream_t *b, const skype_rtp_head_t *h,
                            skype_rtp_second_t *sec, unsigned n);

#endif /* SKYPE_STREAM_JOIN_H */
