/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How good a call was, per RTP stream (docs/quality.md): the pure-C rules
 * behind skype.media.*, the streams table (-z skype,streams) and the
 * per-second figures (-z skype,seconds). No epan headers: the epan layer
 * (plugin/epan/skype_calls.c) feeds it the values of Wireshark's rtp tap,
 * the DS field of its ip taps and the bytes of RTCP datagrams.
 *
 *  - per stream: packets, bytes, loss (RFC 3550 A.3), interarrival jitter
 *    (RFC 3550 §6.4.1), loss bursts and late packets (the jitter-buffer
 *    model of the E-model input), video frames ([MS-RTP] §2.2.1, RFC 6184
 *    §5.1: a frame ends at the marker bit), per-second figures;
 *  - RTCP: the SR sender info and report blocks of a compound packet
 *    (RFC 3550 §6.4.1, §6.4.2), the round trip A - LSR - DLSR;
 *  - the ITU-T G.107 E-model: R and MOS from the one-way delay, the codec
 *    (ITU-T G.113 Appendix I) and the packet loss;
 *  - the verdict Good or Poor, with Microsoft's Call Quality Dashboard
 *    thresholds ("Stream classification in Call Quality Dashboard",
 *    Microsoft Learn, as read 2026-12-01).
 */
#ifndef SKYPE_QUALITY_H
#define SKYPE_QUALITY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_call.h"

/* ---- Per-second figures ---------------------------------------------- */

/* One second of one stream (seconds since the capture's first frame). 24 bytes. */
typedef struct skype_rtp_second {
    uint32_t second;       /* whole seconds since the origin given to skype_rtp_stream_init */
    uint32_t packets;
    uint32_t bytes;        /* UDP payload bytes */
    uint32_t lost;         /* sequence numbers skipped by the packets of this second */
    uint32_t frames;       /* video frames that ended in this second */
    float jitter_max_ms;   /* highest jitter estimate in this second; < 0: unknown clock */
} skype_rtp_second_t;

/* ---- One stream ------------------------------------------------------ */

/* One RTP stream (SSRC) of a 5-tuple, one direction. 208 bytes. */
typedef struct skype_rtp_stream {
    uint64_t first_us, last_us;
    uint64_t origin_us;     /* second 0 of the per-second figures (the capture's first frame) */
    uint64_t bytes;         /* UDP payload bytes */
    uint64_t sr_us;         /* capture time of the latest SR of this SSRC, 0 none */
    double transit;         /* last arrival - RTP timestamp, in timestamp units */
    double min_transit;     /* lowest transit so far: the jitter buffer's reference */
    double jitter;          /* RFC 3550 §6.4.1 estimate, timestamp units */
    double jitter_max;      /* ms */
    double jitter_sum;      /* ms, over packets after the first */
    double rtt_sum;         /* ms, over the round trips measured */
    float rtt_ms;           /* latest round trip (skype_rtcp_rtt_ms), < 0 none */
    float rtt_max_ms;       /* highest round trip, < 0 none */
    uint32_t sr_ntp_mid;    /* middle 32 bits of that SR's NTP time */
    uint32_t rtt_frame;     /* frame of the latest round trip, 0 none */
    uint32_t rtt_count;     /* round trips measured */
    uint32_t ssrc;
    uint32_t packets;
    uint32_t clock;         /* Hz; 0 = unknown: no jitter */
    uint32_t base_seq;      /* first sequence number */
    uint32_t max_ext_seq;   /* highest extended sequence number */
    uint32_t first_frame;
    uint32_t last_frame;    /* last frame counted (the caller's bookkeeping) */
    uint32_t mismatch_frame; /* first frame whose DSCP differs from the expected, 0 none */
    uint32_t late;          /* packets the jitter buffer would drop (SKYPE_JITTER_BUFFER_MS) */
    uint32_t bursts;        /* runs of lost or late packets */
    uint32_t frames;        /* video frames */
    uint32_t last_ts;       /* RTP timestamp of the last packet */
    uint32_t seconds;       /* whole seconds judged for the frame rate (not the first, not the current) */
    uint32_t seconds_low;   /* of those, seconds with fewer frames than the poor frame rate */
    uint32_t poor_frame;    /* the frame where the stream first became poor, 0 never */
    uint32_t index;         /* the caller's: the stream's place in its list */
    skype_rtp_second_t cur; /* the current second */
    uint8_t pt;             /* payload type of the first packet */
    uint8_t kind;           /* enum skype_media_kind */
    uint8_t rule;           /* enum skype_kind_rule */
    uint8_t dscp;           /* DSCP of the last packet seen */
    uint8_t dscp_seen;      /* a DSCP was known for some packet */
    uint8_t sent;           /* the caller's: 1 when the call's client host sends it, 0 when it receives it */
    uint8_t in_loss;        /* the last sequence number was lost or late */
    uint8_t last_marker;    /* the last packet had the marker bit */
    uint8_t poor_reasons;   /* SKYPE_POOR_* when poor_frame was set */
    uint8_t pad[3];
} skype_rtp_stream_t;
_Static_assert(sizeof(skype_rtp_stream_t) == 208, "skype_rtp_stream_t: the size the comment states");

/* Start a stream at its first packet (frame); origin_us: second 0 of its
 * per-second figures. */
void skype_rtp_stream_init(skype_rtp_stream_t *s, uint32_t ssrc, uint8_t pt, uint32_t frame, uint64_t origin_us);

/*
 * One packet: sequence number, RTP timestamp, marker bit, arrival in
 * microseconds, UDP payload bytes. Sequence numbers wrap (extended as in RFC
 * 3550 A.1: a jump back of more than half the space counts as a wrap);
 * jitter is kept only when the clock is known. Packets are expected in
 * capture order; an arrival before the origin counts in second 0. When the
 * packet starts a new second, *done (may be NULL) gets the second that
 * ended and true is returned; the seconds in between, without packets, are
 * not reported.
 */
bool skype_rtp_stream_add(skype_rtp_stream_t *s, uint16_t seq, uint32_t ts, bool marker, uint64_t arrival_us,
                          uint32_t bytes, skype_rtp_second_t *done);

/* Expected minus received (RFC 3550 A.3); negative with duplicates. */
int64_t skype_rtp_stream_lost(const skype_rtp_stream_t *s);

/* Lost as a share of the expected packets, percent (0 with none lost or
 * fewer received than expected is impossible: duplicates count 0). */
double skype_rtp_stream_loss_pct(const skype_rtp_stream_t *s);

/* Mean of the jitter estimate over the stream's packets, ms; < 0 without a
 * clock or with one packet. */
double skype_rtp_stream_jitter_mean(const skype_rtp_stream_t *s);

/* Video frames per second over the stream (frames / (last - first
 * arrival)); < 0 when not video or screen sharing, or under one second. */
double skype_rtp_stream_fps(const skype_rtp_stream_t *s);

/* Share of the judged seconds (not the first, partial, one nor the
 * current) with fewer than fps_poor frames, percent; < 0 without one. */
double skype_rtp_stream_low_fps_pct(const skype_rtp_stream_t *s);

/* Mean payload bitrate, kbit/s (UDP payload bytes); < 0 under one packet interval. */
double skype_rtp_stream_kbps(const skype_rtp_stream_t *s);

/*
 * DSCP of one packet of the stream (frame): remembers it and, when it
 * differs from what Microsoft recommends for the stream's kind, the first
 * such frame. Returns true when this frame is that first mismatch.
 */
bool skype_rtp_stream_dscp(skype_rtp_stream_t *s, uint8_t dscp, uint32_t frame);

/* Sequence number seq extended against the highest one so far, max_ext
 * (RFC 3550 A.1): a jump back of more than half the 16-bit space is a wrap,
 * a jump forward of more than half a late packet from before a wrap (below
 * 0 in the first cycle: the stream started just after a wrap). */
int64_t skype_rtp_seq_extend(uint32_t max_ext, uint16_t seq);

/* An RTP timestamp difference (timestamp units) folded into (-2^31, 2^31]:
 * timestamps wrap at 2^32. */
double skype_rtp_ts_fold(double d);

#define SKYPE_LOW_FPS 7u /* a second with fewer video frames counts in "below 7 fps" (Microsoft's video limit) */

/* ---- RTCP (RFC 3550 §6.4) -------------------------------------------- */

#define SKYPE_RTCP_MAX_BLOCKS 8u

/* A report block: the source it is about, LSR and DLSR (1/65536 s). */
typedef struct skype_rtcp_block {
    uint32_t ssrc;
    uint32_t lsr;   /* middle 32 bits of the NTP time of the last SR received from ssrc, 0 none */
    uint32_t dlsr;  /* delay since that SR, 1/65536 s */
} skype_rtcp_block_t;

typedef struct skype_rtcp_info {
    bool sr;                   /* a sender report was in the packet */
    uint32_t sr_ssrc;          /* its sender */
    uint32_t sr_ntp_mid;       /* middle 32 bits of its NTP timestamp */
    unsigned nblocks;          /* report blocks kept (at most SKYPE_RTCP_MAX_BLOCKS) */
    skype_rtcp_block_t blocks[SKYPE_RTCP_MAX_BLOCKS];
} skype_rtcp_info_t;

/*
 * The SR and the report blocks (of SR and RR packets) of an RTCP compound
 * packet p[0..len) (RFC 3550 §6.1, §6.4.1, §6.4.2). Each packet: byte 0
 * version 2 (top bits 10) and RC (low 5 bits), byte 1 PT 192-223, bytes 2-3
 * length in 32-bit words minus one. The walk must use up the datagram
 * exactly, or leave an SRTCP trailer (RFC 3711 §3.4: E flag and index, 4
 * bytes, then a 4- or 10-byte authentication tag) whose E flag is 0:
 * anything else (an encrypted SRTCP payload, truncation, a bad header)
 * gives false and nothing is read. Other packet types (SDES, BYE, APP,
 * Microsoft's PSFB/RTPFB, RFC 4585) are stepped over.
 */
bool skype_rtcp_parse(const uint8_t *p, size_t len, skype_rtcp_info_t *out);

/* The SR of the stream's sender (sr_ntp_mid) seen at capture time now_us. */
void skype_rtp_stream_sr(skype_rtp_stream_t *s, uint32_t ntp_mid, uint64_t now_us);

/*
 * Round trip (RFC 3550 §6.4.1) from a report block about stream s captured
 * at report_us: A - LSR - DLSR, where A, the report's arrival, is the
 * capture time mapped to the sender's NTP clock by the sender's latest SR
 * (s->sr_ntp_mid at s->sr_us). In ms; < 0 when it cannot be known (no SR
 * of the sender seen, LSR 0, a result below 0 or above 60 s).
 */
double skype_rtcp_rtt_ms(const skype_rtp_stream_t *s, uint32_t lsr, uint32_t dlsr, uint64_t report_us);

/* Note a round trip of the stream measured at frame. */
void skype_rtp_stream_rtt(skype_rtp_stream_t *s, double rtt_ms, uint32_t frame);

/* Mean of the round trips measured, ms; < 0 without one. Microsoft's
 * dashboard judges the average round trip: the verdict and the MOS use it. */
double skype_rtp_stream_rtt_mean(const skype_rtp_stream_t *s);

/* ---- The E-model (ITU-T G.107) ----------------------------------------- */

#define SKYPE_JITTER_BUFFER_MS 60.0   /* fixed playout buffer: later packets are lost to it */
#define SKYPE_ONE_WAY_DEFAULT_MS 40.0 /* network one-way delay when no round trip is known */

/* A codec's equipment impairment factor Ie and packet-loss robustness Bpl. */
typedef struct skype_emodel_codec {
    const char *name;   /* RTP encoding name as in skype_pt_info */
    double ie, bpl;
    const char *source; /* where the values come from */
} skype_emodel_codec_t;

/* The E-model values of an audio payload type, or NULL (not audio, not known). */
const skype_emodel_codec_t *skype_emodel_codec(unsigned pt);

/* Delay impairment Idd (G.107 §7.3, (7-27)) of a one-way delay Ta (ms):
 * 0 up to 100 ms. The echo terms Idte and Idle are taken as 0 (clients
 * cancel echo; G.107's default TELR 65 dB). */
double skype_emodel_id(double ta_ms);

/* Effective equipment impairment (G.107 (7-29)):
 * Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl); Ppl in percent. */
double skype_emodel_ie_eff(double ie, double bpl, double ppl, double burst_r);

/* R = 93.2 - Id - Ie,eff (G.107 with its default values for the rest). */
double skype_emodel_r(double id, double ie_eff);

/* MOS (listening quality, G.107 Annex B): 1 for R < 0, 4.5 above 100,
 * else 1 + 0.035 R + 7e-6 R (R - 60) (100 - R), and at least 1 (the
 * polynomial dips to 0.99 for R between 0 and 6.5). */
double skype_emodel_mos(double r);

/*
 * MOS of an audio stream: Ta = one-way network delay (rtt_ms / 2, or
 * SKYPE_ONE_WAY_DEFAULT_MS when rtt_ms < 0) + SKYPE_JITTER_BUFFER_MS; Ppl
 * = lost and late packets over the expected ones; BurstR = 1 / (p + q)
 * from the runs of lost and late packets (G.107 (7-30), p: loss after a
 * kept packet, q: a kept packet after a loss). < 0 when not audio or the
 * codec is unknown.
 */
double skype_rtp_stream_mos(const skype_rtp_stream_t *s, double rtt_ms);

/* ---- Verdict ---------------------------------------------------------- */

/* Thresholds (preferences; Microsoft's values by default). */
typedef struct skype_quality_limits {
    unsigned min_packets;  /* audio: classified above this many packets (500) */
    double audio_rtt_ms;   /* 500 */
    double audio_loss_pct; /* 10 */
    double audio_jitter_ms; /* 30 */
    double video_loss_pct; /* 10 */
    double video_fps;      /* 7 */
} skype_quality_limits_t;

/* Microsoft's Call Quality Dashboard values. */
extern const skype_quality_limits_t skype_quality_cqd;

enum skype_verdict { SKYPE_VERDICT_NONE = 0, SKYPE_VERDICT_GOOD = 1, SKYPE_VERDICT_POOR = 2 };

enum {
    SKYPE_POOR_LOSS = 1u,
    SKYPE_POOR_JITTER = 2u,
    SKYPE_POOR_RTT = 4u,
    SKYPE_POOR_FPS = 8u,
    SKYPE_POOR_SHORT = 16u /* audio of min_packets or fewer: crossed limits do not count */
};

/*
 * The verdict of a stream with the round trip rtt_ms (< 0 unknown):
 * audio poor on RTT, loss or mean jitter above the limits, counted only
 * above min_packets packets (with fewer, the crossed limits are in
 * *reasons with SKYPE_POOR_SHORT and the verdict is Good); video and
 * screen sharing poor on loss or frame rate below the limit (frame rate
 * judged from one second on). NONE for data and unknown kinds. *reasons:
 * the SKYPE_POOR_* bits of the crossed limits.
 */
uint8_t skype_rtp_stream_verdict(const skype_rtp_stream_t *s, double rtt_ms, const skype_quality_limits_t *lim,
                                 uint8_t *reasons);

/* After a packet or round trip at frame: the first frame the stream is
 * poor becomes its poor_frame (with its reasons); true at that frame. */
bool skype_rtp_stream_judge(skype_rtp_stream_t *s, double rtt_ms, const skype_quality_limits_t *lim, uint32_t frame);

/* The reasons (SKYPE_POOR_* bits) of stream s as text into buf (always
 * terminated; cut at size): with figures, "loss 12.3 % > 10 %; jitter
 * 41.0 ms > 30 ms" (the stream's figures now, round trip rtt_ms); without,
 * "loss > 10 %; jitter > 30 ms". "-" when none. */
void skype_quality_reasons(const skype_rtp_stream_t *s, double rtt_ms, uint8_t reasons,
                           const skype_quality_limits_t *lim, bool figures, char *buf, size_t size);

#endif /* SKYPE_QUALITY_H */
