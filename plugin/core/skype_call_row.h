/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The rows of the calls table (-z skype,calls) and of the streams table
 * (-z skype,streams), what is in them apart from the addresses' text: one
 * implementation for the plugin (plugin/epan/skype_calls_table.c,
 * skype_streams_table.c) and for the file-set join (tools/skype_join.c,
 * the same rows as CSV for a whole set). docs/modern.md, "Calls" (the
 * calls table's columns); docs/quality.md, "The columns of -z
 * skype,streams" and "Round trip".
 *
 *  - which round trip a stream shows (skype_row_rtt);
 *  - a stream's derived values (skype_stream_row);
 *  - a call's summary over its legs and their streams (skype_call_sum_t),
 *    and its texts.
 *
 * The callers write the addresses (the plugin with Wireshark's
 * ip6_to_str_buf / ip_to_str_buf, the join with inet_ntop: the same text,
 * RFC 5952 for IPv6, dotted quad for IPv4) and format the figures (a
 * figure < 0 cannot be known: "-" in the tables, an empty CSV cell).
 */
#ifndef SKYPE_CALL_ROW_H
#define SKYPE_CALL_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "skype_call.h"
#include "skype_quality.h"

/* ---- Round trip -------------------------------------------------------- */

/* Which round trip of a stream: the latest, the highest, the mean. */
enum skype_rtt_of { SKYPE_RTT_LATEST, SKYPE_RTT_MAX, SKYPE_RTT_MEAN };

/*
 * The round trip of stream s of a leg whose streams are streams[0..n-1],
 * ms (< 0 unknown): s's own when the leg's client side sends it (s->sent);
 * else that of the stream the client side sends on the leg with the latest
 * round trip (highest rtt_frame; for SKYPE_RTT_MAX: the highest rtt_max_ms,
 * the first of equal ones), streams without a round trip (rtt_frame 0)
 * passed by: a received stream's own reports travel the capture point's
 * near side only. The verdict and the MOS use SKYPE_RTT_MEAN (Microsoft's
 * dashboard judges the average round trip). streams may be NULL when n is
 * 0; NULL entries are passed by; s need not be among them.
 * docs/quality.md, "Round trip" ("Which streams").
 */
double skype_row_rtt(const skype_rtp_stream_t *const *streams, unsigned n, const skype_rtp_stream_t *s,
                     enum skype_rtt_of which);

/* ---- A stream's row ---------------------------------------------------- */

/* The text of a verdict (enum skype_verdict): "Poor", "Good"; "-" for
 * SKYPE_VERDICT_NONE and any other value. docs/quality.md, "Verdict". */
const char *skype_verdict_name(uint8_t verdict);

/* Video and screen sharing: the mean frame size, payload bytes / frames
 * (bytes); -1 (unknown) for other kinds and without a frame.
 * docs/quality.md, "The columns of -z skype,streams". */
double skype_stream_frame_size(const skype_rtp_stream_t *s);

/* A second's row of -z skype,seconds (b a second of stream s): its video
 * frames (Frames) for video and screen sharing, -1 ("-") for other kinds.
 * docs/call-report.md (the pictures of -z skype,seconds). */
int64_t skype_second_frames(const skype_rtp_stream_t *s, const skype_rtp_second_t *b);

#define SKYPE_STREAM_ROW_REASONS 256u /* room for the reasons' text (skype_quality_reasons, with figures) */

/* A stream's row of -z skype,streams, but the call number and the
 * addresses' text. Every figure: < 0 when it cannot be known. */
typedef struct skype_stream_row {
    const char *kind;        /* skype_media_kind_name */
    const char *codec;       /* RTP encoding name of the first payload type, "-" not in skype_pt_info's table */
    const char *direction;   /* "sent" (the client host sends it) or "received" */
    const char *verdict;     /* skype_verdict_name */
    const skype_ep_t *src;   /* the stream's source: the leg's client end when sent, else its server end */
    const skype_ep_t *dst;   /* ... destination */
    double loss_pct;         /* skype_rtp_stream_loss_pct */
    double jitter_mean_ms;   /* skype_rtp_stream_jitter_mean */
    double jitter_max_ms;    /* highest jitter estimate; -1 without a known clock */
    double rtt_ms;           /* latest round trip (skype_row_rtt, SKYPE_RTT_LATEST) */
    double rtt_max_ms;       /* highest (SKYPE_RTT_MAX) */
    double rtt_mean_ms;      /* mean (SKYPE_RTT_MEAN): the verdict's and the MOS's */
    double mos;              /* skype_rtp_stream_mos at the mean round trip */
    double fps;              /* skype_rtp_stream_fps */
    double low_fps_pct;      /* skype_rtp_stream_low_fps_pct */
    double kbps;             /* skype_rtp_stream_kbps */
    double frame_size;       /* skype_stream_frame_size, bytes */
    int64_t lost;            /* skype_rtp_stream_lost (negative with duplicates) */
    uint8_t verdict_code;    /* enum skype_verdict */
    uint8_t reasons_bits;    /* SKYPE_POOR_* */
    char reasons[SKYPE_STREAM_ROW_REASONS]; /* skype_quality_reasons with figures; "-" none; cut at the size */
} skype_stream_row_t;

/*
 * The row of stream s of a leg (its streams streams[0..n-1], for the round
 * trip: skype_row_rtt; its ends client and server), judged with lim, into
 * *row. The text pointers point at constant strings or at client/server
 * (valid as long as those). docs/quality.md, "The columns of -z
 * skype,streams".
 */
void skype_stream_row(skype_stream_row_t *row, const skype_rtp_stream_t *const *streams, unsigned n,
                      const skype_rtp_stream_t *s, const skype_ep_t *client, const skype_ep_t *server,
                      const skype_quality_limits_t *lim);

/* ---- A call's row ------------------------------------------------------ */

/* The remote party's text when it is not an address: "-" (family 0: none
 * known), "Transport Relay" (port 1: a relay whose peer was never named,
 * skype_call_party); NULL when the caller writes the party's address.
 * docs/modern.md, "Calls" (Remote party). */
const char *skype_call_party_text(const skype_ep_t *party);

/* Start and duration of call root g, seconds: its first frame's time
 * since start_us (the capture's, or the file set's, first frame; 0 when
 * start_us is later than the call's first frame), its last minus its
 * first (microsecond times, as skype_call_group_t keeps them). g a root
 * of the caller's set (not checked). docs/modern.md, "Calls" (First frame,
 * Start, Duration). */
void skype_call_row_times(const skype_call_group_t *g, uint64_t start_us, double *start_s, double *duration_s);

/* A call's figures over its legs and their streams: zero it
 * (skype_call_sum_init), add each leg (skype_call_sum_leg), read the
 * fields, write the texts. 1.4 KB (the DSCP counts). */
typedef struct skype_call_sum {
    uint32_t legs[4];       /* legs by enum skype_call_leg, 0 unknown; 3 (TCP) also counts any higher kind */
    uint32_t streams[5];    /* streams by enum skype_media_kind; 4 (data) also counts any higher kind */
    uint32_t sent[5];       /* of those, streams the client host sends */
    uint32_t packets;       /* the legs' frames (wraps past 2^32 - 1) */
    uint32_t checked;       /* sent streams whose DSCP was seen, of a kind with a recommendation */
    uint32_t poor;          /* streams whose verdict is Poor */
    int64_t lost;           /* sum of skype_rtp_stream_lost */
    double jitter_max_ms;   /* highest jitter estimate of any stream, 0 none */
    double worst_mos;       /* lowest known MOS, < 0 none */
    uint32_t off[5][64];    /* streams marked otherwise than recommended, by kind and DSCP */
} skype_call_sum_t;

/* An empty summary: no legs, no streams, worst_mos -1 (its texts: "-",
 * "-", "0 direct, 0 relayed, 0 TCP"). docs/modern.md, "Calls". */
void skype_call_sum_init(skype_call_sum_t *sum);

/*
 * Add stream s of a leg (its streams streams[0..n-1], for the round trip:
 * skype_row_rtt, mean) judged with lim: its kind (above data: counted as
 * data) and direction, lost, max jitter (ms), MOS, verdict, and DSCP: a
 * stream counts as checked when its kind has a recommendation
 * (skype_dscp_expected) and dscp_seen is set (the callers keep the DSCP of
 * the streams the client host sends only), and as off, at its last DSCP
 * (dscp & 63), when its mismatch_frame is set. The counts wrap past 2^32 -
 * 1. docs/modern.md, "Calls" (the calls table: DSCP, Worst MOS, Poor
 * streams); docs/quality.md, "Verdict".
 */
void skype_call_sum_stream(skype_call_sum_t *sum, const skype_rtp_stream_t *const *streams, unsigned n,
                           const skype_rtp_stream_t *s, const skype_quality_limits_t *lim);

/* Add a leg of kind (enum skype_call_leg; above TCP: counted as TCP) with
 * frames frames (Packets) and its streams streams[0..n-1] (each through
 * skype_call_sum_stream; NULL entries passed by; streams may be NULL when
 * n is 0). docs/modern.md, "Calls" (Legs, Packets). */
void skype_call_sum_leg(skype_call_sum_t *sum, uint8_t kind, uint32_t frames, const skype_rtp_stream_t *const *streams,
                        unsigned n, const skype_quality_limits_t *lim);

/*
 * The texts of a summary into buf of size bytes, as snprintf: the return
 * is the length of the whole text (without the terminating 0); buf gets
 * at most size - 1 bytes of it and a 0 (when size > 0), so a return >=
 * size means it was cut (anywhere, even within a number or a word; call
 * again with return + 1 bytes for all of it). buf may be NULL when size
 * is 0. docs/modern.md, "Calls" (the calls table's columns).
 *
 * skype_call_sum_directions: "Streams sent/received": per kind with
 * streams, Audio, Video, Screen sharing, Data, then "unknown", the sent
 * and the received, e.g. "Audio 1/1, Video 1/0"; "-" without streams.
 * skype_call_sum_dscp: "as recommended" (checked streams, none off), "-"
 * (none checked), or the off streams by kind and DSCP, e.g. "1 Audio
 * stream at 0 (want 46), 2 Video streams at 0 (want 34)".
 * skype_call_sum_legs: "N direct, N relayed, N TCP".
 */
size_t skype_call_sum_directions(const skype_call_sum_t *sum, char *buf, size_t size);
size_t skype_call_sum_dscp(const skype_call_sum_t *sum, char *buf, size_t size);
size_t skype_call_sum_legs(const skype_call_sum_t *sum, char *buf, size_t size);

#endif /* SKYPE_CALL_ROW_H */
