/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The call-quality captures, captures/quality_*.pcap (issue 20): direct
 * Teams calls of known quality, for the per-stream figures of
 * `tshark -z skype,streams` (loss, jitter, round-trip time, MOS, frame rate,
 * verdict). Each is a one-to-one call shaped as the direct calls of
 * gen_teams.c (teams_tls_relay_sni.pcap's UDP pair): one ICE session per
 * media line with its own 4-character ufrag pair and Teams checks
 * (ICE_TEAMS, nDPI's teams.pcap), client ports from Microsoft's ranges
 * (Microsoft Learn, "Prepare your organization's network for Teams" and
 * "Implement Quality of Service (QoS) in Microsoft Teams": 50000-50019
 * audio, 50020-50039 video; DSCP 46 audio, 34 video), then SRTP-like RTP
 * with the 0xBEDE abs-send-time extension and plain RTCP multiplexed on the
 * same 5-tuple (RFC 5761).
 *
 * Unlike gen_media.c's streams, which are seen where they are sent, these
 * have a network between the two hosts. The capture point is the client
 * host C: its own packets are captured when it sends them, the remote
 * party P's when they arrive, after a one-way delay and, for RTP, a
 * per-packet (audio) or per-frame (video) extra delay and possibly loss
 * (RTCP gets the one-way delay only and is never lost). Both hosts keep true
 * time; C's NTP clock is the capture clock, P's is off by P_CLOCK_OFFSET
 * (which no RTT depends on). Every sender sends an RTCP Sender Report
 * (RFC 3550 §6.4.1) 5 s after its first packet and every 5 s after that
 * (P's 0.5 s later than C's), with one report block on the stream it
 * receives, as its receiver sees that stream at that moment: extended
 * highest sequence number, cumulative and fraction lost (A.3),
 * interarrival jitter (A.8, in arrival order), LSR (the middle 32 bits of
 * the NTP timestamp of the latest SR received from that stream's sender;
 * 0 before any) and DLSR (the time since that SR arrived, in 1/65536 s).
 * So the report block that P sends on C's stream gives, at the capture
 * point, RTT = A - LSR - DLSR = delay there + delay back, A being its
 * capture time in C's NTP clock; C's blocks on P's stream are captured as
 * C sends them, and give 0 there. The SR's packet and octet counts include
 * packets lost on the way.
 *
 * The captures (captures/README.md, "The call-quality captures"):
 *  - quality_clean.pcap: two-way audio, 40 ms each way, RTP 0-2 ms extra
 *    delay from C, 0-6 ms from P: RTT 80 ms, jitter about 2 ms;
 *  - quality_loss.pcap: the same, the audio C receives loses 12 % of its
 *    packets (bursts of 1-3, never the first or last);
 *  - quality_jitter.pcap: the same without loss, but P's RTP gets 0-200 ms
 *    extra delay (uniform, per packet; the capture is in arrival order, so
 *    later packets can overtake earlier ones): jitter about 68 ms;
 *  - quality_rtt.pcap: clean with 350 ms each way: RTT 700 ms;
 *  - quality_video_fps.pcap: a clean audio pair and video both ways, P's
 *    at 5 frames/s (9 packets per frame), C's at 15 frames/s (3 per frame).
 * Fixed seeds: the same bytes on every run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_media.h"

#define QMAX 1024   /* RTP packets per stream */
#define QMAX_SR 16  /* SRs per stream */
#define SR_EVERY (5000 * MS)
#define P_CLOCK_OFFSET (-1234567) /* P's NTP clock minus the capture clock, microseconds */

/* ICE priorities of gen_teams.c (nDPI's teams.pcap). */
#define PRIO_LOCAL 0x6EFFFEFFu
#define PRIO_REMOTE 0x6EFFFDFEu

/* The network one way: base delay, extra delay (uniform 0..var, per packet
 * for audio, per frame for video so that a frame's packets keep their
 * order; the first frame of a stream gets none and the last one var, so
 * that the first packet arrives first and the last one last whatever the
 * reordering in between), and loss of RTP packets in percent of those
 * sent. RTCP takes the base delay only and is never lost, so that the
 * round trip its reports measure is the two base delays. */
typedef struct path {
    uint64_t delay;
    uint32_t var;
    unsigned loss_pct;
} path_t;

/* The media pattern of a stream. */
typedef struct qpattern {
    unsigned frames;
    uint64_t interval;  /* between frames, microseconds */
    unsigned per_frame; /* packets per frame: same timestamp, 1.2 ms apart, marker on the last */
    uint32_t ts_step;   /* timestamp increment per frame */
    size_t min, max;    /* payload bytes (+ a 4-byte SRTP tag) */
    int audio;          /* marker on the first packet only */
} qpattern_t;

/* Audio: SILK 16 kHz (PT 104) every 20 ms, gen_media.c's audio_pattern. */
static const qpattern_t Q_AUDIO = {625, 20 * MS, 1, 320, 60, 110, 1};
/* Video: H.264 PT 122 at 90 kHz (gen_teams.c's teams_video), in frames of
 * several packets: 15 frames/s of 3, 5 frames/s of 9 (bigger frames). */
static const qpattern_t Q_VIDEO_15 = {186, 66667, 3, 6000, 900, 1100, 0};
static const qpattern_t Q_VIDEO_5 = {62, 200 * MS, 9, 18000, 900, 1100, 0};

typedef struct qstream {
    stream_t st;       /* path, DSCP, PT, SSRC, clock, first sequence number and timestamp */
    int from_client;   /* sent by C, the capture point */
    int64_t ntp_off;   /* the sender's NTP clock minus the capture clock, microseconds */
    const path_t *net; /* the way its packets travel */
    uint64_t start;    /* nominal send time of frame 0 */
    unsigned n;        /* RTP packets sent */
    uint64_t send[QMAX], rx[QMAX]; /* sent, and arrived at the receiver (capture clock) */
    uint32_t ts[QMAX], octets[QMAX]; /* RTP timestamp; payload octets sent through this packet */
    uint8_t lost[QMAX];
    unsigned order[QMAX], nrx; /* the packets that arrive, in arrival order */
    uint32_t prior_expected, prior_received; /* the receiver's last report on it (A.3) */
    unsigned nsr;                            /* its sender's SRs: arrival at the other end, LSR value */
    uint64_t sr_rx[QMAX_SR];
    uint32_t sr_mid[QMAX_SR];
} qstream_t;

static void q_agent(gen_t *g, agent_t *a, uint32_t ip, uint16_t port, const char *ufrag, int controlling)
{
    agent_init(g, a, ip, port, ufrag, controlling ? "1" : "2", controlling);
    a->priority = controlling ? PRIO_LOCAL : PRIO_REMOTE;
}

/* The checks of one 5-tuple as seen at c, one round trip rtt apart: c's
 * check at t, p's answer at t + rtt; p's triggered check (sent when c's
 * arrived) at t + rtt + 1 ms, c's answer 0.5 ms later. */
static void q_checks(sched_t *s, uint64_t t, uint64_t rtt, const agent_t *c, const agent_t *p, uint8_t dscp)
{
    ice_check(s, t, rtt, c, p, ICE_TEAMS, dscp);
    ice_check(s, t + rtt + MS, 500, p, c, ICE_TEAMS, dscp);
}

static void q_init(sched_t *s, qstream_t *q, const agent_t *from, const agent_t *to, int from_client,
                   const path_t *net, uint8_t dscp, uint8_t pt, uint32_t ssrc, uint32_t clock)
{
    memset(q, 0, sizeof(*q));
    stream_init(&s->g, &q->st, from->ep, to->ep, dscp, pt, ssrc, clock);
    q->from_client = from_client;
    q->ntp_off = from_client ? 0 : P_CLOCK_OFFSET;
    q->net = net;
}

/* Mark net->loss_pct percent of n packets lost, in bursts of 1-3 packets
 * apart from each other, never the first or the last two. */
static void q_loss(gen_t *g, qstream_t *q, unsigned n)
{
    unsigned target = (n * q->net->loss_pct + 50) / 100, lost = 0;
    while (lost < target) {
        unsigned at = 1 + gen_rand(g) % (n - 4), len = 1 + gen_rand(g) % 3, clear = 1;
        if (len > target - lost)
            len = target - lost;
        for (unsigned i = at - 1; i <= at + len && clear; i++)
            clear = !q->lost[i];
        if (!clear)
            continue;
        for (unsigned i = at; i < at + len; i++)
            q->lost[i] = 1;
        lost += len;
    }
}

static uint32_t extra_delay(gen_t *g, const path_t *net)
{
    return net->var ? gen_rand(g) % (net->var + 1) : 0;
}

/* The stream's RTP from start on: frame f sent at start + f * interval plus
 * 0-1 ms (the sender's own timing), the packets of a frame 1.2 ms apart;
 * each arrives after the path's delay; C's are captured when sent, P's when
 * they arrive (unless lost). */
static void q_run(sched_t *s, qstream_t *q, const qpattern_t *pat, uint64_t start)
{
    uint8_t p[MAX_PAYLOAD];
    uint32_t octets = 0;
    unsigned n = pat->frames * pat->per_frame;
    if (n > QMAX) {
        fprintf(stderr, "%s: more than %d packets in a stream\n", s->path, QMAX);
        exit(1);
    }
    q->start = start;
    if (q->net->loss_pct)
        q_loss(&s->g, q, n);
    for (unsigned f = 0; f < pat->frames; f++) {
        uint64_t own = gen_rand(&s->g) % 1001u, extra = f ? extra_delay(&s->g, q->net) : 0;
        if (f == pat->frames - 1)
            extra = q->net->var; /* the last arrives last */
        for (unsigned pos = 0; pos < pat->per_frame; pos++) {
            unsigned i = q->n++;
            size_t len = pat->min + gen_rand(&s->g) % (pat->max - pat->min + 1);
            int marker = pat->audio ? i == 0 : pos == pat->per_frame - 1;
            uint64_t sent = start + f * pat->interval + pos * 1200u + own;
            uint64_t abs = (uint64_t)((int64_t)(s->t0 + sent) + q->ntp_off);
            uint32_t ast = (uint32_t)((((abs / 1000000u) << 18) | (((abs % 1000000u) << 18) / 1000000u)) & 0xffffffu);
            octets += (uint32_t)len;
            q->send[i] = sent;
            q->rx[i] = sent + q->net->delay + extra;
            q->ts[i] = q->st.ts0 + f * pat->ts_step;
            q->octets[i] = octets;
            p[0] = 0x90; /* version 2, header extension */
            p[1] = (uint8_t)(q->st.pt | (marker ? 0x80 : 0));
            gen_put16(p + 2, (uint16_t)(q->st.seq0 + i));
            gen_put32(p + 4, q->ts[i]);
            gen_put32(p + 8, q->st.ssrc);
            gen_put16(p + 12, 0xBEDE); /* RFC 8285: abs-send-time, ID 1, 3 bytes */
            gen_put16(p + 14, 1);
            p[16] = 0x12;
            p[17] = (uint8_t)(ast >> 16);
            p[18] = (uint8_t)(ast >> 8);
            p[19] = (uint8_t)ast;
            gen_fill(&s->g, p + 20, len + 4);
            if (!q->lost[i])
                stream_send(s, &q->st, q->from_client ? sent : q->rx[i], p, 20 + len + 4);
        }
    }
    /* arrival order (insertion sort: nearly sorted; ties in sending order) */
    for (unsigned i = 0; i < q->n; i++) {
        unsigned k;
        if (q->lost[i])
            continue;
        for (k = q->nrx; k > 0 && q->rx[q->order[k - 1]] > q->rx[i]; k--)
            q->order[k] = q->order[k - 1];
        q->order[k] = i;
        q->nrx++;
    }
}

/* The report block (24 bytes at b, or 0 when nothing has arrived) on y by
 * its receiver at time t: RFC 3550 §6.4.1 and A.3, A.8. */
static size_t q_block(qstream_t *y, uint64_t t, uint8_t *b)
{
    unsigned m = 0, max = 0;
    uint32_t jit16 = 0;
    int64_t prev_transit = 0;
    for (; m < y->nrx && y->rx[y->order[m]] < t; m++) {
        unsigned i = y->order[m];
        int64_t transit = (int64_t)((y->rx[i] * y->st.clock) / 1000000u) - (int64_t)(y->ts[i] - y->st.ts0);
        if (m) {
            int64_t d = transit - prev_transit;
            if (d < 0)
                d = -d;
            jit16 = (uint32_t)((int64_t)jit16 + d - (((int64_t)jit16 + 8) >> 4));
        }
        prev_transit = transit;
        if (i > max)
            max = i;
    }
    if (!m)
        return 0;
    uint32_t expected = max + 1, lost = expected - m; /* the first packet arrives first: base = seq0 */
    uint32_t exp_int = expected - y->prior_expected, rec_int = m - y->prior_received;
    uint32_t fraction = exp_int > rec_int ? ((exp_int - rec_int) << 8) / exp_int : 0;
    uint32_t lsr = 0, dlsr = 0;
    for (unsigned k = 0; k < y->nsr; k++)
        if (y->sr_rx[k] < t) {
            lsr = y->sr_mid[k];
            dlsr = (uint32_t)((t - y->sr_rx[k]) * 65536u / 1000000u);
        }
    y->prior_expected = expected;
    y->prior_received = m;
    gen_put32(b, y->st.ssrc);
    gen_put32(b + 4, (fraction << 24) | (lost & 0xffffffu));
    gen_put32(b + 8, y->st.seq0 + max);
    gen_put32(b + 12, jit16 >> 4);
    gen_put32(b + 16, lsr);
    gen_put32(b + 20, dlsr);
    return 24;
}

/* x's sender sends an SR at t (capture clock) with a block on y. */
static void q_sr(sched_t *s, qstream_t *x, qstream_t *y, uint64_t t)
{
    uint8_t p[64];
    uint64_t abs = (uint64_t)((int64_t)(s->t0 + t) + x->ntp_off), arrive = t + x->net->delay;
    uint32_t sec = (uint32_t)(abs / 1000000u + 2208988800u), frac = (uint32_t)(((abs % 1000000u) << 32) / 1000000u);
    size_t blk = q_block(y, t, p + 28), len = 28 + blk;
    unsigned sent = 0;
    while (sent < x->n && x->send[sent] < t)
        sent++;
    p[0] = (uint8_t)(0x80 | (blk ? 1 : 0));
    p[1] = 200;
    gen_put16(p + 2, (uint16_t)(len / 4 - 1));
    gen_put32(p + 4, x->st.ssrc);
    gen_put32(p + 8, sec);
    gen_put32(p + 12, frac);
    gen_put32(p + 16, x->st.ts0 + (uint32_t)((t - x->start) * x->st.clock / 1000000u));
    gen_put32(p + 20, sent);
    gen_put32(p + 24, sent ? x->octets[sent - 1] : 0);
    if (x->nsr == QMAX_SR) {
        fprintf(stderr, "%s: more than %d SRs in a stream\n", s->path, QMAX_SR);
        exit(1);
    }
    x->sr_rx[x->nsr] = arrive; /* at the other end */
    x->sr_mid[x->nsr++] = (sec << 16) | (frac >> 16);
    stream_send(s, &x->st, x->from_client ? t : arrive, p, len);
}

/* The SRs of a 5-tuple, C's stream c and P's stream p: each sender's every
 * 5 s from 5 s after its first packet (P's shifted by 0.5 s), while it
 * sends, built in time order so that LSR/DLSR refer to earlier SRs. */
static void q_rtcp(sched_t *s, qstream_t *c, qstream_t *p)
{
    uint64_t tc = c->start + SR_EVERY + 7 * MS, tp = p->start + SR_EVERY + 507 * MS;
    for (;;) {
        int hc = tc < c->send[c->n - 1], hp = tp < p->send[p->n - 1];
        if (!hc && !hp)
            break;
        if (hc && (!hp || tc <= tp)) {
            q_sr(s, c, p, tc);
            tc += SR_EVERY;
        } else {
            q_sr(s, p, c, tp);
            tp += SR_EVERY;
        }
    }
}

/* One media line: checks at t, C's stream from tm, P's from tm + 10 ms
 * (P's sending time), their SRs. */
static void q_line(sched_t *s, uint64_t t, uint64_t tm, const agent_t *c, const agent_t *p, const path_t *up,
                   const path_t *down, uint8_t dscp, uint8_t pt, uint32_t clock, const qpattern_t *pc,
                   const qpattern_t *pp, qstream_t *sc, qstream_t *sp, uint32_t ssrc_c, uint32_t ssrc_p)
{
    q_checks(s, t, up->delay + down->delay, c, p, dscp);
    q_init(s, sc, c, p, 1, up, dscp, pt, ssrc_c, clock);
    q_init(s, sp, p, c, 0, down, dscp, pt, ssrc_p, clock);
    q_run(s, sc, pc, tm);
    q_run(s, sp, pp, tm + 10 * MS);
    q_rtcp(s, sc, sp);
}

static qstream_t qs[4]; /* 4 x 30 KB: not on the stack */

/*
 * A two-way audio call: client C ip_c:50004 (ufrag aQ1c, controlling) and
 * remote party P ip_p:50006 (aQ2p), C's SSRC 0x0000E65A, P's 0x000074EC,
 * 625 packets each way (12.5 s), C's path up, P's down; checks at 0,
 * media from one round trip + 100 ms.
 */
static void audio_scenario(const char *name, uint32_t seed, uint32_t ip_c, uint32_t ip_p, const path_t *up,
                           const path_t *down)
{
    sched_t s;
    agent_t c, p;
    sched_open(&s, name, seed);
    q_agent(&s.g, &c, ip_c, 50004, "aQ1c", 1);
    q_agent(&s.g, &p, ip_p, 50006, "aQ2p", 0);
    q_line(&s, 0, up->delay + down->delay + 100 * MS, &c, &p, up, down, DSCP_EF, 104, 16000, &Q_AUDIO, &Q_AUDIO,
           &qs[0], &qs[1], 0x0000E65Au, 0x000074ECu);
    sched_close(&s);
}

/*
 * quality_clean.pcap: C 192.168.50.101, P 198.51.100.201; 40 ms each way,
 * 0-2 ms extra delay up, 0-6 ms down; no loss. RTT 80 ms.
 */
static void scenario_clean(void)
{
    static const path_t up = {40 * MS, 2000, 0}, down = {40 * MS, 6000, 0};
    audio_scenario("quality_clean.pcap", 301, IP4(192, 168, 50, 101), IP4(198, 51, 100, 201), &up, &down);
}

/*
 * quality_loss.pcap: C 192.168.50.102, P 198.51.100.202; as clean, but
 * 12 % of P's RTP (75 of 625 packets, bursts of 1-3) never arrives.
 */
static void scenario_loss(void)
{
    static const path_t up = {40 * MS, 2000, 0}, down = {40 * MS, 6000, 12};
    audio_scenario("quality_loss.pcap", 302, IP4(192, 168, 50, 102), IP4(198, 51, 100, 202), &up, &down);
}

/*
 * quality_jitter.pcap: C 192.168.50.103, P 198.51.100.203; 40 ms each way,
 * what P sends gets 0-200 ms extra delay per packet (reordered in the
 * capture, which is in arrival order); no loss.
 */
static void scenario_jitter(void)
{
    static const path_t up = {40 * MS, 2000, 0}, down = {40 * MS, 200000, 0};
    audio_scenario("quality_jitter.pcap", 303, IP4(192, 168, 50, 103), IP4(198, 51, 100, 203), &up, &down);
}

/*
 * quality_rtt.pcap: C 192.168.50.104, P 198.51.100.204; as clean with
 * 350 ms each way: RTT 700 ms.
 */
static void scenario_rtt(void)
{
    static const path_t up = {350 * MS, 2000, 0}, down = {350 * MS, 6000, 0};
    audio_scenario("quality_rtt.pcap", 304, IP4(192, 168, 50, 104), IP4(198, 51, 100, 204), &up, &down);
}

/*
 * quality_video_fps.pcap: C 192.168.50.105, P 198.51.100.205, the paths of
 * clean. Audio C:50008 (vQ1c) <-> P:50010 (vQ2p), 0x0000E65A / 0x000074EC,
 * 625 each; video C:50028 (vQ3c) <-> P:50030 (vQ4p): C's 0x0000E65B at 15
 * frames/s (186 frames of 3 packets), P's 0x000074ED at 5 frames/s (62
 * frames of 9), 558 packets each, 12.4 s.
 */
static void scenario_video_fps(void)
{
    static const path_t up = {40 * MS, 2000, 0}, down = {40 * MS, 6000, 0};
    sched_t s;
    agent_t ca, pa, cv, pv;
    sched_open(&s, "quality_video_fps.pcap", 305);
    q_agent(&s.g, &ca, IP4(192, 168, 50, 105), 50008, "vQ1c", 1);
    q_agent(&s.g, &pa, IP4(198, 51, 100, 205), 50010, "vQ2p", 0);
    q_agent(&s.g, &cv, IP4(192, 168, 50, 105), 50028, "vQ3c", 1);
    q_agent(&s.g, &pv, IP4(198, 51, 100, 205), 50030, "vQ4p", 0);
    q_line(&s, 0, 180 * MS, &ca, &pa, &up, &down, DSCP_EF, 104, 16000, &Q_AUDIO, &Q_AUDIO, &qs[0], &qs[1],
           0x0000E65Au, 0x000074ECu);
    q_line(&s, 200, 200 * MS, &cv, &pv, &up, &down, DSCP_AF41, 122, 90000, &Q_VIDEO_15, &Q_VIDEO_5, &qs[2], &qs[3],
           0x0000E65Bu, 0x000074EDu);
    sched_close(&s);
}

void gen_quality_all(void)
{
    scenario_clean();
    scenario_loss();
    scenario_jitter();
    scenario_rtt();
    scenario_video_fps();
}
