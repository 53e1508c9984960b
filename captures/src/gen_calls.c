/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modern Skype/Teams call captures, captures/call_*.pcap: ICE
 * connectivity checks with Microsoft STUN attributes (RFC 5389, RFC 8445),
 * TURN relaying through a Microsoft relay (RFC 5766), SRTP audio and video
 * with RTCP multiplexed on the media port (RFC 5761) and DSCP marks, and the
 * look-alike WebRTC and SIP calls that must stay untagged.
 *
 * Each scenario schedules its frames on a timeline (microseconds from the
 * capture start) so that concurrent streams interleave as in a real call,
 * then writes them in time order. Fixed seeds: the same bytes on every run.
 * The frame numbers are listed in captures/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_stun.h"

#define put16 gen_put16
#define put32 gen_put32

#define MS 1000u /* microseconds */
#define MAX_PAYLOAD 1400
#define MAX_RTP 64 /* packets per RTP stream */

#define DSCP_BE 0
#define DSCP_AF21 18
#define DSCP_CS3 24
#define DSCP_AF41 34
#define DSCP_EF 46

/* ------------------------------------------------------------------ */
/* Timeline: frames are collected with their time, then written sorted. */

typedef struct ep {
    uint32_t ip;
    uint16_t port;
} ep_t;

typedef struct ev {
    uint64_t t;     /* microseconds from the capture start */
    unsigned order; /* insertion order breaks ties */
    ep_t from, to;
    uint8_t dscp;
    uint16_t len;
    uint8_t data[MAX_PAYLOAD];
} ev_t;

typedef struct sched {
    gen_t g;
    char path[1200];
    uint64_t t0; /* absolute time of the capture start, microseconds */
    ev_t *ev;
    size_t n, cap;
} sched_t;

static void sched_open(sched_t *s, const char *name, uint32_t seed)
{
    snprintf(s->path, sizeof(s->path), "%s", gen_out_path(name));
    gen_open(&s->g, s->path, seed);
    s->t0 = s->g.usec;
    s->ev = NULL;
    s->n = s->cap = 0;
}

static void sched_add(sched_t *s, uint64_t t, ep_t from, ep_t to, uint8_t dscp, const uint8_t *p, size_t len)
{
    if (len > MAX_PAYLOAD) {
        fprintf(stderr, "%s: %zu-byte payload too long\n", s->path, len);
        exit(1);
    }
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->ev = realloc(s->ev, s->cap * sizeof(*s->ev));
        if (s->ev == NULL) {
            fprintf(stderr, "out of memory\n");
            exit(1);
        }
    }
    ev_t *e = &s->ev[s->n];
    e->t = t;
    e->order = (unsigned)s->n++;
    e->from = from;
    e->to = to;
    e->dscp = dscp;
    e->len = (uint16_t)len;
    memcpy(e->data, p, len);
}

static int ev_cmp(const void *a, const void *b)
{
    const ev_t *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->order < y->order ? -1 : (x->order > y->order);
}

static void sched_close(sched_t *s)
{
    qsort(s->ev, s->n, sizeof(*s->ev), ev_cmp);
    for (size_t i = 0; i < s->n; i++) {
        const ev_t *e = &s->ev[i];
        s->g.usec = s->t0 + e->t;
        s->g.tos = (uint8_t)(e->dscp << 2);
        gen_udp(&s->g, e->from.ip, e->from.port, e->to.ip, e->to.port, e->data, e->len);
    }
    s->g.tos = 0;
    gen_close(&s->g, s->path);
    free(s->ev);
}

/* Deterministic jitter of -3..+3 ms. */
static int64_t jitter(gen_t *g)
{
    return (int64_t)(gen_rand(g) % 6001u) - 3000;
}

/* ------------------------------------------------------------------ */
/* ICE agents and connectivity checks (RFC 8445). */

typedef struct agent {
    ep_t ep;
    const char *ufrag;
    const char *foundation; /* candidate-identifier */
    int controlling;
    uint8_t tiebreak[8];
} agent_t;

static void agent_init(gen_t *g, agent_t *a, uint32_t ip, uint16_t port, const char *ufrag, const char *foundation,
                       int controlling)
{
    a->ep.ip = ip;
    a->ep.port = port;
    a->ufrag = ufrag;
    a->foundation = foundation;
    a->controlling = controlling;
    gen_fill(g, a->tiebreak, sizeof(a->tiebreak));
}

/* The same agent (ufrag, foundation, role, tie-breaker) on another port,
 * for a second media stream of the call. */
static agent_t agent_on_port(const agent_t *a, uint16_t port)
{
    agent_t r = *a;
    r.ep.port = port;
    return r;
}

/* Which attributes a check carries. */
typedef struct ice_flavour {
    int ms;             /* MS-IMPLEMENTATION-VERSION 2 and candidate-identifier */
    uint16_t stream;    /* MS-SERVICE-QUALITY stream type; 0: none */
} ice_flavour_t;

/* The check from -> to (stun_ice_request of gen_stun.h): USERNAME "TO:FROM",
 * from's role and tie-breaker, the attributes of flavour f. */
static size_t ice_request(gen_t *g, uint8_t *p, const agent_t *from, const agent_t *to, ice_flavour_t f,
                          uint8_t tid[12])
{
    char user[64];
    snprintf(user, sizeof(user), "%s:%s", to->ufrag, from->ufrag);
    return stun_ice_request(g, p, tid, user, from->controlling, from->tiebreak, f.ms ? from->foundation : NULL,
                            f.stream);
}

/* One check from -> to at t, answered rtt later. */
static void ice_check(sched_t *s, uint64_t t, uint64_t rtt, const agent_t *from, const agent_t *to, ice_flavour_t f,
                      uint8_t dscp)
{
    uint8_t p[256], tid[12];
    sched_add(s, t, from->ep, to->ep, dscp, p, ice_request(&s->g, p, from, to, f, tid));
    sched_add(s, t + rtt, to->ep, from->ep, dscp, p, stun_ice_response(&s->g, p, tid, from->ep.ip, from->ep.port));
}

/* The checks of one 5-tuple, as seen at a: a's check (t, answered at
 * t+30 ms), b's triggered check (t+31 ms, answered at t+32 ms). */
static void ice_checks(sched_t *s, uint64_t t, const agent_t *a, const agent_t *b, ice_flavour_t f, uint8_t dscp)
{
    ice_check(s, t, 30 * MS, a, b, f, dscp);
    ice_check(s, t + 31 * MS, 1 * MS, b, a, f, dscp);
}

/* ------------------------------------------------------------------ */
/* RTP / SRTP streams and their muxed RTCP sender reports. */

typedef struct pattern {
    unsigned count;     /* packets in the capture */
    uint64_t interval;  /* between frames, microseconds */
    unsigned per_frame; /* packets per frame: same timestamp, marker on the last */
    uint32_t ts_step;   /* timestamp increment per frame */
    size_t min, max;    /* payload size range */
    size_t tag;         /* SRTP authentication tag bytes; 0: plain RTP */
    int audio;          /* marker on the first packet only */
    int lost_slot;      /* packet slot missing from the capture; -1: none */
} pattern_t;

typedef struct stream {
    ep_t from, to;
    uint8_t dscp, pt;
    uint16_t channel; /* TURN ChannelData framing; 0: plain UDP */
    uint32_t ssrc, clock, seq0, ts0;
    uint64_t start; /* nominal time of slot 0 */
    unsigned n;     /* packets in the capture */
    uint64_t t[MAX_RTP];
    uint32_t slot[MAX_RTP];   /* extended sequence number - seq0 */
    uint32_t ts[MAX_RTP];
    uint32_t sent[MAX_RTP];   /* sender's packet count through this packet */
    uint32_t octets[MAX_RTP]; /* sender's payload octet count through this packet */
    int sr_sent;              /* its last SR: time, middle 32 bits of the NTP time */
    uint64_t sr_t;
    uint32_t sr_mid;
    uint32_t rep_expected, rep_received; /* at the peer's last report on it */
} stream_t;

static void stream_init(gen_t *g, stream_t *st, ep_t from, ep_t to, uint8_t dscp, uint8_t pt, uint32_t ssrc,
                        uint32_t clock)
{
    memset(st, 0, sizeof(*st));
    st->from = from;
    st->to = to;
    st->dscp = dscp;
    st->pt = pt;
    st->ssrc = ssrc;
    st->clock = clock;
    st->seq0 = 1000 + gen_rand(g) % 30000; /* no wrap within a capture */
    st->ts0 = gen_rand(g);
}

/* Queue len bytes of p on the stream's path, in ChannelData if it has a channel. */
static void stream_send(sched_t *s, const stream_t *st, uint64_t t, const uint8_t *p, size_t len)
{
    uint8_t f[MAX_PAYLOAD];
    if (!st->channel) {
        sched_add(s, t, st->from, st->to, st->dscp, p, len);
        return;
    }
    put16(f, st->channel);
    put16(f + 2, (uint16_t)len);
    memcpy(f + 4, p, len); /* over UDP the padding may be omitted (RFC 5766 §11.5) */
    sched_add(s, t, st->from, st->to, st->dscp, f, len + 4);
}

/* The stream's packets from start on: one frame every interval with
 * -3..+3 ms jitter, the packets of a frame 1.2 ms apart. */
static void rtp_run(sched_t *s, stream_t *st, const pattern_t *pat, uint64_t start)
{
    uint8_t p[MAX_PAYLOAD];
    uint32_t sent = 0, octets = 0;
    int64_t jit = 0;
    st->start = start;
    for (uint32_t slot = 0; st->n < pat->count; slot++) {
        uint32_t frame = slot / pat->per_frame, pos = slot % pat->per_frame;
        size_t len = pat->min + gen_rand(&s->g) % (pat->max - pat->min + 1);
        if (pos == 0)
            jit = jitter(&s->g);
        sent++;
        octets += (uint32_t)len;
        if ((int)slot == pat->lost_slot)
            continue;
        int marker = pat->audio ? slot == 0 : pos == pat->per_frame - 1;
        uint32_t ts = st->ts0 + frame * pat->ts_step;
        uint64_t t = (uint64_t)((int64_t)(start + frame * pat->interval + pos * 1200u) + jit);
        p[0] = 0x80;
        p[1] = (uint8_t)(st->pt | (marker ? 0x80 : 0));
        put16(p + 2, (uint16_t)(st->seq0 + slot));
        put32(p + 4, ts);
        put32(p + 8, st->ssrc);
        gen_fill(&s->g, p + 12, len + pat->tag);
        st->t[st->n] = t;
        st->slot[st->n] = slot;
        st->ts[st->n] = ts;
        st->sent[st->n] = sent;
        st->octets[st->n] = octets;
        st->n++;
        stream_send(s, st, t, p, 12 + len + pat->tag);
    }
}

/* NTP timestamp of capture time t. */
static void ntp_time(const sched_t *s, uint64_t t, uint32_t *sec, uint32_t *frac)
{
    uint64_t abs = s->t0 + t;
    *sec = (uint32_t)(abs / 1000000u + 2208988800u);
    *frac = (uint32_t)(((abs % 1000000u) << 32) / 1000000u);
}

/* Sender report of x 0.7 ms after its packet idx, with a report block on y
 * (what x has received of it so far) when y is given. */
static void rtcp_sr(sched_t *s, stream_t *x, stream_t *y, unsigned idx)
{
    uint8_t p[64];
    uint64_t t = x->t[idx] + 700;
    uint32_t sec, frac;
    unsigned m = 0;
    while (y && m < y->n && y->t[m] < t)
        m++;
    size_t len = m ? 52 : 28;
    ntp_time(s, t, &sec, &frac);
    p[0] = (uint8_t)(0x80 | (m ? 1 : 0));
    p[1] = 200;
    put16(p + 2, (uint16_t)(len / 4 - 1));
    put32(p + 4, x->ssrc);
    put32(p + 8, sec);
    put32(p + 12, frac);
    put32(p + 16, x->ts0 + (uint32_t)((t - x->start) * x->clock / 1000000u));
    put32(p + 20, x->sent[idx]);
    put32(p + 24, x->octets[idx]);
    if (m) {
        uint32_t expected = y->slot[m - 1] + 1, lost = expected - m;
        uint32_t exp_int = expected - y->rep_expected, rec_int = m - y->rep_received;
        uint32_t fraction = exp_int > rec_int ? ((exp_int - rec_int) << 8) / exp_int : 0;
        uint32_t jit16 = 0; /* RFC 3550 §6.4.1 interarrival jitter, times 16 */
        for (unsigned i = 1; i < m; i++) {
            int64_t ta = (int64_t)(y->t[i] * y->clock / 1000000u), tb = (int64_t)(y->t[i - 1] * y->clock / 1000000u);
            int64_t d = (ta - tb) - (int64_t)(y->ts[i] - y->ts[i - 1]);
            if (d < 0)
                d = -d;
            jit16 = (uint32_t)((int64_t)jit16 + d - (((int64_t)jit16 + 8) >> 4));
        }
        y->rep_expected = expected;
        y->rep_received = m;
        put32(p + 28, y->ssrc);
        put32(p + 32, (fraction << 24) | (lost & 0xffffffu));
        put32(p + 36, y->seq0 + y->slot[m - 1]);
        put32(p + 40, jit16 >> 4);
        put32(p + 44, y->sr_sent ? y->sr_mid : 0);
        put32(p + 48, y->sr_sent ? (uint32_t)((t - y->sr_t) * 65536u / 1000000u) : 0);
    }
    x->sr_sent = 1;
    x->sr_t = t;
    x->sr_mid = (sec << 16) | (frac >> 16);
    stream_send(s, x, t, p, len);
}

/* The SRs of a 5-tuple (b may be NULL): one after every 25th packet of each
 * direction, built in time order so that LSR/DLSR refer to earlier SRs. */
static void rtcp_run(sched_t *s, stream_t *a, stream_t *b)
{
    unsigned ia = 25, ib = 25;
    for (;;) {
        int ha = ia <= a->n, hb = b && ib <= b->n;
        if (!ha && !hb)
            break;
        if (ha && (!hb || a->t[ia - 1] <= b->t[ib - 1])) {
            rtcp_sr(s, a, b, ia - 1);
            ia += 25;
        } else {
            rtcp_sr(s, b, a, ib - 1);
            ib += 25;
        }
    }
}

/* Audio: SILK 16 kHz (PT 104) every 20 ms, 60-110 bytes + 4-byte SRTP tag. */
static pattern_t audio_pattern(unsigned count)
{
    pattern_t p = {count, 20 * MS, 1, 320, 60, 110, 4, 1, -1};
    return p;
}

/* A two-way audio stream pair on a->ep <-> b->ep, a from ta, b from tb, with SRs. */
static void audio_call(sched_t *s, stream_t *sa, stream_t *sb, const agent_t *a, const agent_t *b, uint32_t ssrc_a,
                       uint32_t ssrc_b, uint8_t dscp, unsigned count, uint64_t ta, uint64_t tb)
{
    pattern_t pat = audio_pattern(count);
    stream_init(&s->g, sa, a->ep, b->ep, dscp, 104, ssrc_a, 16000);
    stream_init(&s->g, sb, b->ep, a->ep, dscp, 104, ssrc_b, 16000);
    rtp_run(s, sa, &pat, ta);
    rtp_run(s, sb, &pat, tb);
    rtcp_run(s, sa, sb);
}

/* ------------------------------------------------------------------ */
/* Scenarios. */

static const ice_flavour_t ICE_MS_AUDIO = {1, 1};
static const ice_flavour_t ICE_MS_VIDEO = {1, 2};
static const ice_flavour_t ICE_MS_PLAIN = {1, 0};
static const ice_flavour_t ICE_STANDARD = {0, 0};

/*
 * call_p2p_audio_video.pcap: A 192.168.10.20 (ufrag aUf1, controlling) and
 * B 198.51.100.30 (bUf2). Audio A:50010 <-> B:50012 (DSCP 46, SSRC
 * 0x1111AAAA / 0x2222BBBB, 60 packets each, B's slot 30 lost), video
 * A:50025 <-> B:50027 (DSCP 34, SSRC 0x3333CCCC / 0x4444DDDD, 45 each),
 * consent check on audio at 700 ms.
 */
static void scenario_p2p_audio_video(void)
{
    sched_t s;
    agent_t a_audio, b_audio, a_video, b_video;
    stream_t st[4];
    pattern_t audio = audio_pattern(60);
    pattern_t video = {45, 33333, 1, 3000, 800, 1100, 4, 0, -1};

    sched_open(&s, "call_p2p_audio_video.pcap", 101);
    agent_init(&s.g, &a_audio, IP4(192, 168, 10, 20), 50010, "aUf1", "1", 1);
    agent_init(&s.g, &b_audio, IP4(198, 51, 100, 30), 50012, "bUf2", "2", 0);
    a_video = agent_on_port(&a_audio, 50025);
    b_video = agent_on_port(&b_audio, 50027);

    ice_checks(&s, 0, &a_audio, &b_audio, ICE_MS_AUDIO, DSCP_EF);
    ice_checks(&s, 5 * MS, &a_video, &b_video, ICE_MS_VIDEO, DSCP_AF41);

    stream_init(&s.g, &st[0], a_audio.ep, b_audio.ep, DSCP_EF, 104, 0x1111AAAAu, 16000);
    stream_init(&s.g, &st[1], b_audio.ep, a_audio.ep, DSCP_EF, 104, 0x2222BBBBu, 16000);
    stream_init(&s.g, &st[2], a_video.ep, b_video.ep, DSCP_AF41, 122, 0x3333CCCCu, 90000);
    stream_init(&s.g, &st[3], b_video.ep, a_video.ep, DSCP_AF41, 122, 0x4444DDDDu, 90000);
    rtp_run(&s, &st[0], &audio, 100 * MS);
    audio.lost_slot = 30;
    rtp_run(&s, &st[1], &audio, 110 * MS);
    rtp_run(&s, &st[2], &video, 120 * MS);
    rtp_run(&s, &st[3], &video, 135 * MS);
    rtcp_run(&s, &st[0], &st[1]);
    rtcp_run(&s, &st[2], &st[3]);

    ice_check(&s, 700 * MS + 500, 30 * MS, &a_audio, &b_audio, ICE_MS_AUDIO, DSCP_EF); /* consent freshness */
    sched_close(&s);
}

/* A 132-character opaque token (the relay's USERNAME). */
static void token(gen_t *g, char *out, size_t n)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < n; i++)
        out[i] = b64[gen_rand(g) >> 26];
    out[n] = '\0';
}

/*
 * call_relayed.pcap: client 192.168.10.20:50004 (ufrag cUf8, behind NAT
 * 203.0.113.7), peer 198.51.100.77:50030 (pUf9), Microsoft relay
 * 52.112.130.10:3478 (relayed address :51234, channel 0x4001). DSCP 46 on
 * every frame (the client's media socket and the relay mark).
 */
static void scenario_relayed(void)
{
    sched_t s;
    agent_t c, peer;
    stream_t st[2];
    ep_t relay = {IP4(52, 112, 130, 10), 3478}, relayed = {IP4(52, 112, 130, 10), 51234};
    ep_t mapped = {IP4(203, 0, 113, 7), 50004};
    uint8_t p[512], q[256], tid[12], itid[12];
    char user[133], nonce[33];
    size_t n, qn;
    pattern_t audio = audio_pattern(40);

    sched_open(&s, "call_relayed.pcap", 102);
    agent_init(&s.g, &c, IP4(192, 168, 10, 20), 50004, "cUf8", "1", 1);
    agent_init(&s.g, &peer, IP4(198, 51, 100, 77), 50030, "pUf9", "2", 0);
    token(&s.g, user, sizeof(user) - 1);
    gen_hex(&s.g, nonce, 16);

    /* 1-3: the direct check, retransmitted, never answered. */
    n = ice_request(&s.g, p, &c, &peer, ICE_MS_PLAIN, tid);
    sched_add(&s, 0, c.ep, peer.ep, DSCP_EF, p, n);
    sched_add(&s, 100 * MS, c.ep, peer.ep, DSCP_EF, p, n);
    sched_add(&s, 300 * MS, c.ep, peer.ep, DSCP_EF, p, n);

    /* 4-7: Allocate, 401, authenticated Allocate, success. */
    sched_add(&s, 500 * MS, c.ep, relay, DSCP_EF, p, turn_allocate(&s.g, p, tid, 1, NULL, NULL, NULL));
    sched_add(&s, 520 * MS, relay, c.ep, DSCP_EF, p, turn_401(p, tid, nonce));
    sched_add(&s, 522 * MS, c.ep, relay, DSCP_EF, p, turn_allocate(&s.g, p, tid, 1, NULL, user, nonce));
    n = turn_allocate_ok(&s.g, p, tid, relayed.ip, relayed.port, mapped.ip, mapped.port);
    sched_add(&s, 542 * MS, relay, c.ep, DSCP_EF, p, n);

    /* 8-9: CreatePermission for the peer. */
    n = turn_permission(&s.g, p, tid, peer.ep.ip, peer.ep.port, user, nonce);
    sched_add(&s, 550 * MS, c.ep, relay, DSCP_EF, p, n);
    sched_add(&s, 570 * MS, relay, c.ep, DSCP_EF, p, turn_ok(&s.g, p, PERMISSION_OK, tid));

    /* 10-11: ChannelBind 0x4001 to the peer. */
    n = turn_channel_bind(&s.g, p, tid, 0x4001, peer.ep.ip, peer.ep.port, user, nonce);
    sched_add(&s, 572 * MS, c.ep, relay, DSCP_EF, p, n);
    sched_add(&s, 592 * MS, relay, c.ep, DSCP_EF, p, turn_ok(&s.g, p, CHANBIND_OK, tid));

    /* 12-13: the relayed check: Send indication, Data indication with the answer. */
    qn = ice_request(&s.g, q, &c, &peer, ICE_MS_PLAIN, itid);
    n = turn_indication(&s.g, p, SEND_IND, peer.ep.ip, peer.ep.port, q, qn);
    sched_add(&s, 600 * MS, c.ep, relay, DSCP_EF, p, n);
    qn = stun_ice_response(&s.g, q, itid, relayed.ip, relayed.port);
    n = turn_indication(&s.g, p, DATA_IND, peer.ep.ip, peer.ep.port, q, qn);
    sched_add(&s, 660 * MS, relay, c.ep, DSCP_EF, p, n);

    /* ChannelData: audio both ways, one SR each way. */
    stream_init(&s.g, &st[0], c.ep, relay, DSCP_EF, 104, 0x5555EEEEu, 16000);
    stream_init(&s.g, &st[1], relay, c.ep, DSCP_EF, 104, 0x6666FFFFu, 16000);
    st[0].channel = st[1].channel = 0x4001;
    rtp_run(&s, &st[0], &audio, 700 * MS);
    rtp_run(&s, &st[1], &audio, 710 * MS);
    rtcp_run(&s, &st[0], &st[1]);

    /* Teardown: Refresh with LIFETIME 0. */
    sched_add(&s, 1600 * MS, c.ep, relay, DSCP_EF, p, turn_refresh_end(&s.g, p, tid, user, nonce));
    sched_add(&s, 1620 * MS, relay, c.ep, DSCP_EF, p, turn_refresh_end_ok(&s.g, p, tid));
    sched_close(&s);
}

/*
 * call_screen_share.pcap: A 192.168.10.20 (sUf3), B 198.51.100.40 (tUf4).
 * Audio A:50011 <-> B:50013 (DSCP 46, 30 packets each), screen sharing
 * A:50045 -> B:50047 (DSCP 18, PT 122, SSRC 0x7777ABCD, 40 packets in 10
 * frames of 4, one every 40 ms) from 300 ms, checks at 250 ms.
 */
static void scenario_screen_share(void)
{
    sched_t s;
    agent_t a, b, as, bs;
    stream_t st[3];
    pattern_t screen = {40, 40 * MS, 4, 3600, 950, 1050, 4, 0, -1};

    sched_open(&s, "call_screen_share.pcap", 103);
    agent_init(&s.g, &a, IP4(192, 168, 10, 20), 50011, "sUf3", "1", 1);
    agent_init(&s.g, &b, IP4(198, 51, 100, 40), 50013, "tUf4", "2", 0);
    as = agent_on_port(&a, 50045);
    bs = agent_on_port(&b, 50047);

    ice_checks(&s, 0, &a, &b, ICE_MS_AUDIO, DSCP_EF);
    audio_call(&s, &st[0], &st[1], &a, &b, 0x1111ABCDu, 0x2222ABCDu, DSCP_EF, 30, 100 * MS, 110 * MS);
    ice_checks(&s, 250 * MS + 500, &as, &bs, ICE_MS_PLAIN, DSCP_AF21);
    stream_init(&s.g, &st[2], as.ep, bs.ep, DSCP_AF21, 122, 0x7777ABCDu, 90000);
    rtp_run(&s, &st[2], &screen, 300 * MS);
    rtcp_run(&s, &st[2], NULL);
    sched_close(&s);
}

/* call_best_effort.pcap: audio-only P2P call, DSCP 0 on every frame. */
static void scenario_best_effort(void)
{
    sched_t s;
    agent_t a, b;
    stream_t st[2];

    sched_open(&s, "call_best_effort.pcap", 104);
    agent_init(&s.g, &a, IP4(192, 168, 10, 21), 50014, "eUf5", "1", 1);
    agent_init(&s.g, &b, IP4(198, 51, 100, 50), 50016, "fUf6", "2", 0);
    ice_checks(&s, 0, &a, &b, ICE_MS_AUDIO, DSCP_BE);
    audio_call(&s, &st[0], &st[1], &a, &b, 0x1212EEEEu, 0x2121FFFFu, DSCP_BE, 40, 100 * MS, 110 * MS);
    sched_close(&s);
}

/* call_two_overlapping.pcap: 192.168.10.22 in call X (from 0 ms) and call Y (from 350 ms). */
static void scenario_two_overlapping(void)
{
    sched_t s;
    agent_t x1, x2, y1, y2;
    stream_t st[4];

    sched_open(&s, "call_two_overlapping.pcap", 105);
    agent_init(&s.g, &x1, IP4(192, 168, 10, 22), 50002, "xUf1", "1", 1);
    agent_init(&s.g, &x2, IP4(198, 51, 100, 60), 50004, "xUf2", "2", 0);
    agent_init(&s.g, &y1, IP4(192, 168, 10, 22), 50006, "yUf1", "1", 1);
    agent_init(&s.g, &y2, IP4(198, 51, 100, 61), 50008, "yUf2", "2", 0);
    ice_checks(&s, 0, &x1, &x2, ICE_MS_AUDIO, DSCP_EF);
    audio_call(&s, &st[0], &st[1], &x1, &x2, 0x0A0A1111u, 0x0B0B2222u, DSCP_EF, 30, 100 * MS, 110 * MS);
    ice_checks(&s, 350 * MS + 500, &y1, &y2, ICE_MS_AUDIO, DSCP_EF);
    audio_call(&s, &st[2], &st[3], &y1, &y2, 0x0C0C3333u, 0x0D0D4444u, DSCP_EF, 30, 450 * MS + 500, 460 * MS + 500);
    sched_close(&s);
}

/* A SIP message between 10.30.0.1:5060 (Alice, the caller) and
 * 10.30.0.2:5060 (Bob), from Alice when from_alice, with an optional SDP body. */
static void sip(sched_t *s, uint64_t t, int from_alice, const char *start_line, const char *branch, const char *cseq,
                const char *to_tag, const char *contact, const char *sdp)
{
    ep_t alice = {IP4(10, 30, 0, 1), 5060}, bob = {IP4(10, 30, 0, 2), 5060};
    char p[1024];
    int n = snprintf(p, sizeof(p),
                     "%s\r\n"
                     "Via: SIP/2.0/UDP 10.30.0.1:5060;branch=z9hG4bK776asdhds%s\r\n"
                     "Max-Forwards: 70\r\n"
                     "From: \"Alice\" <sip:alice@10.30.0.1>;tag=1928301774\r\n"
                     "To: <sip:bob@10.30.0.2>%s%s\r\n"
                     "Call-ID: a84b4c76e66710@10.30.0.1\r\n"
                     "CSeq: %s\r\n"
                     "%s%s%s"
                     "User-Agent: DeskPhone/1.0\r\n"
                     "%s"
                     "Content-Length: %zu\r\n"
                     "\r\n"
                     "%s",
                     start_line, branch, to_tag ? ";tag=" : "", to_tag ? to_tag : "", cseq,
                     contact ? "Contact: <" : "", contact ? contact : "", contact ? ">\r\n" : "",
                     sdp ? "Content-Type: application/sdp\r\n" : "", sdp ? strlen(sdp) : 0, sdp ? sdp : "");
    if (n < 0 || (size_t)n >= sizeof(p)) {
        fprintf(stderr, "SIP message too long\n");
        exit(1);
    }
    sched_add(s, t, from_alice ? alice : bob, from_alice ? bob : alice, DSCP_CS3, (const uint8_t *)p, (size_t)n);
}

/*
 * call_negatives.pcap: (a) a WebRTC call 10.20.0.5:40100 (wUf1) <->
 * 10.20.0.9:40200 (wUf2), standard ICE, Opus PT 111, muxed RTCP; (b) SIP on
 * 5060 between 10.30.0.1 and 10.30.0.2, PCMU between :30000 and :30002.
 */
static void scenario_negatives(void)
{
    static const char sdp_offer[] = "v=0\r\n"
                                    "o=alice 2890844526 2890844526 IN IP4 10.30.0.1\r\n"
                                    "s=-\r\n"
                                    "c=IN IP4 10.30.0.1\r\n"
                                    "t=0 0\r\n"
                                    "m=audio 30000 RTP/AVP 0\r\n"
                                    "a=rtpmap:0 PCMU/8000\r\n"
                                    "a=sendrecv\r\n";
    static const char sdp_answer[] = "v=0\r\n"
                                     "o=bob 2808844564 2808844564 IN IP4 10.30.0.2\r\n"
                                     "s=-\r\n"
                                     "c=IN IP4 10.30.0.2\r\n"
                                     "t=0 0\r\n"
                                     "m=audio 30002 RTP/AVP 0\r\n"
                                     "a=rtpmap:0 PCMU/8000\r\n"
                                     "a=sendrecv\r\n";
    sched_t s;
    agent_t w1, w2;
    stream_t st[4];
    ep_t ra = {IP4(10, 30, 0, 1), 30000}, rb = {IP4(10, 30, 0, 2), 30002};
    pattern_t opus = {30, 20 * MS, 1, 960, 60, 110, 10, 1, -1};
    pattern_t pcmu = {30, 20 * MS, 1, 160, 160, 160, 0, 1, -1};

    sched_open(&s, "call_negatives.pcap", 106);
    agent_init(&s.g, &w1, IP4(10, 20, 0, 5), 40100, "wUf1", "1", 1);
    agent_init(&s.g, &w2, IP4(10, 20, 0, 9), 40200, "wUf2", "2", 0);
    ice_checks(&s, 0, &w1, &w2, ICE_STANDARD, DSCP_BE);
    stream_init(&s.g, &st[0], w1.ep, w2.ep, DSCP_BE, 111, 0x9A3B51C2u, 48000);
    stream_init(&s.g, &st[1], w2.ep, w1.ep, DSCP_BE, 111, 0x47D20E85u, 48000);
    rtp_run(&s, &st[0], &opus, 100 * MS);
    rtp_run(&s, &st[1], &opus, 110 * MS);
    rtcp_run(&s, &st[0], &st[1]);

    sip(&s, 1000 * MS, 1, "INVITE sip:bob@10.30.0.2 SIP/2.0", "1", "1 INVITE", NULL, "sip:alice@10.30.0.1:5060",
        sdp_offer);
    sip(&s, 1005 * MS, 0, "SIP/2.0 100 Trying", "1", "1 INVITE", NULL, NULL, NULL);
    sip(&s, 1200 * MS, 0, "SIP/2.0 200 OK", "1", "1 INVITE", "a6c85cf", "sip:bob@10.30.0.2:5060", sdp_answer);
    sip(&s, 1205 * MS, 1, "ACK sip:bob@10.30.0.2:5060 SIP/2.0", "2", "1 ACK", "a6c85cf", NULL, NULL);
    stream_init(&s.g, &st[2], ra, rb, DSCP_EF, 0, 0x35F0C1D7u, 8000);
    stream_init(&s.g, &st[3], rb, ra, DSCP_EF, 0, 0x6B21E94Au, 8000);
    rtp_run(&s, &st[2], &pcmu, 1250 * MS);
    rtp_run(&s, &st[3], &pcmu, 1260 * MS);
    sip(&s, 2000 * MS, 1, "BYE sip:bob@10.30.0.2:5060 SIP/2.0", "3", "2 BYE", "a6c85cf", NULL, NULL);
    sip(&s, 2005 * MS, 0, "SIP/2.0 200 OK", "3", "2 BYE", "a6c85cf", NULL, NULL);
    sched_close(&s);
}

void gen_calls_all(void)
{
    scenario_p2p_audio_video();
    scenario_relayed();
    scenario_screen_share();
    scenario_best_effort();
    scenario_two_overlapping();
    scenario_negatives();
}
