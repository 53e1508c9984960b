/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The media timeline of the call captures (gen_calls.c, call_*.pcap) and the
 * Teams call-shape captures (gen_teams.c, teams_*.pcap): frames are put on a
 * timeline (microseconds from the capture start) and written in time order,
 * so that concurrent streams interleave as in a real call. UDP datagrams and
 * TCP segments (a connection's opening, data, FIN) share the timeline. Also
 * the ICE agents and their connectivity checks (RFC 8445), RTP streams
 * (RFC 3550) and their RTCP reports, plain or framed for a relay: TURN
 * ChannelData over UDP or TCP (RFC 5766 §11) or Microsoft's 0xFF10
 * multiplexed channel ([MS-TURN] 2.2.3).
 */
#ifndef GEN_MEDIA_H
#define GEN_MEDIA_H

#include "gen_stun.h"

#define MS 1000u /* microseconds */
#define MAX_PAYLOAD 2048 /* bytes of one timeline event (a datagram, or one TCP send) */
#define MAX_RTP 160      /* packets per RTP stream */

#define DSCP_BE 0
#define DSCP_AF21 18
#define DSCP_CS3 24
#define DSCP_AF41 34
#define DSCP_EF 46

/* ---- Timeline ------------------------------------------------------------ */

typedef struct ep {
    uint32_t ip;
    uint16_t port;
} ep_t;

enum ev_op { EV_UDP, EV_TCP_OPEN, EV_TCP_SEND, EV_TCP_FIN };

typedef struct ev {
    uint64_t t;     /* microseconds from the capture start */
    unsigned order; /* insertion order breaks ties */
    uint8_t op;     /* enum ev_op */
    gen_tcp_t *tcp; /* the connection of a TCP event */
    int from_client;
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

/* Open capture name in the output folder with PRNG seed seed. */
void sched_open(sched_t *s, const char *name, uint32_t seed);
/* A UDP datagram from -> to at t, DSCP dscp, the len bytes at p. */
void sched_add(sched_t *s, uint64_t t, ep_t from, ep_t to, uint8_t dscp, const uint8_t *p, size_t len);
/* TCP on connection c (its state is kept by the caller until sched_close):
 * the three-way handshake client -> server from t (SYN at t, SYN+ACK at
 * t + 1 ms, ACK at t + 2 ms; checksums and DF set, as a host's stack sends
 * them); len bytes from one side at t (MSS-sized segments 1 ms apart);
 * a FIN+ACK from one side at t. TCP frames carry DSCP 0. */
void sched_tcp_open(sched_t *s, uint64_t t, gen_tcp_t *c, ep_t client, ep_t server);
void sched_tcp_send(sched_t *s, uint64_t t, gen_tcp_t *c, int from_client, const uint8_t *p, size_t len);
void sched_tcp_fin(sched_t *s, uint64_t t, gen_tcp_t *c, int from_client);
/* Write every frame in time order (ties in insertion order) and close. A
 * TCP event whose frames would overrun the next event's time is an error. */
void sched_close(sched_t *s);

/* Deterministic jitter of -3..+3 ms. */
int64_t jitter(gen_t *g);

/* An n-character opaque token (a relay's USERNAME): base64 characters. */
void token(gen_t *g, char *out, size_t n);

/* ---- ICE agents and connectivity checks (RFC 8445) ---------------------- */

typedef struct agent {
    ep_t ep;
    const char *ufrag;
    const char *foundation; /* candidate-identifier */
    int controlling;
    uint8_t tiebreak[8];
    uint32_t priority;          /* PRIORITY of a Teams check (ICE_TEAMS); 0: 0x6EFFFEFF */
    const uint8_t *mux_session; /* MS-MULTIPLEXED-TURN-SESSION-ID of a Teams check; NULL: none */
} agent_t;

void agent_init(gen_t *g, agent_t *a, uint32_t ip, uint16_t port, const char *ufrag, const char *foundation,
                int controlling);
/* The same agent (ufrag, foundation, role, tie-breaker) on another port,
 * for a second media stream of the call. */
agent_t agent_on_port(const agent_t *a, uint16_t port);

/* Which attributes a check carries. */
typedef struct ice_flavour {
    int ms;          /* MS-IMPLEMENTATION-VERSION 2 and candidate-identifier */
    uint16_t stream; /* MS-SERVICE-QUALITY stream type; 0: none */
    int teams;       /* instead: a Teams client's check as in nDPI's teams.pcap
                      * (stun_ice_request_teams, stun_ice_response_teams) */
} ice_flavour_t;

static const ice_flavour_t ICE_MS_AUDIO = {1, 1, 0};
static const ice_flavour_t ICE_MS_VIDEO = {1, 2, 0};
static const ice_flavour_t ICE_MS_PLAIN = {1, 0, 0};
static const ice_flavour_t ICE_STANDARD = {0, 0, 0};
static const ice_flavour_t ICE_TEAMS = {0, 0, 1};

/* The check from -> to: USERNAME "TO:FROM", from's role and tie-breaker,
 * the attributes of flavour f; its transaction ID into tid. */
size_t ice_request(gen_t *g, uint8_t *p, const agent_t *from, const agent_t *to, ice_flavour_t f, uint8_t tid[12]);
/* The success response to transaction tid of flavour f, XOR-MAPPED-ADDRESS
 * ip:port. */
size_t ice_response(gen_t *g, uint8_t *p, ice_flavour_t f, const uint8_t tid[12], uint32_t ip, uint16_t port);
/* One check from -> to at t, answered rtt later. */
void ice_check(sched_t *s, uint64_t t, uint64_t rtt, const agent_t *from, const agent_t *to, ice_flavour_t f,
               uint8_t dscp);
/* The checks of one 5-tuple, as seen at a: a's check (t, answered at
 * t+30 ms), b's triggered check (t+31 ms, answered at t+32 ms). */
void ice_checks(sched_t *s, uint64_t t, const agent_t *a, const agent_t *b, ice_flavour_t f, uint8_t dscp);

/* ---- RTP streams and their RTCP reports ---------------------------------- */

typedef struct pattern {
    unsigned count;     /* packets in the capture */
    uint64_t interval;  /* between frames, microseconds */
    unsigned per_frame; /* packets per frame: same timestamp, marker on the last */
    uint32_t ts_step;   /* timestamp increment per frame */
    size_t min, max;    /* payload size range */
    size_t tag;         /* SRTP authentication tag bytes; 0: plain RTP */
    int audio;          /* marker on the first packet only */
    int lost_slot;      /* packet slot missing from the capture; -1: none */
    int ext;            /* a one-byte header extension (RFC 8285, 0xBEDE) with
                         * abs-send-time (ID 1, 3 bytes) as nDPI's teams.pcap
                         * shows (first byte 0x90); 0: none (first byte 0x80) */
} pattern_t;

/* Framing of a stream's packets. */
enum { FRAME_PLAIN = 0, FRAME_CHANNEL, FRAME_MUX, FRAME_TCP_CHANNEL };

typedef struct stream {
    ep_t from, to;
    uint8_t dscp, pt;
    uint16_t channel;  /* TURN ChannelData channel (FRAME_CHANNEL, FRAME_TCP_CHANNEL); nonzero
                        * with framing FRAME_PLAIN: FRAME_CHANNEL (call_relayed.pcap) */
    uint8_t framing;   /* FRAME_* */
    uint8_t session[8]; /* MTURN_Session_ID of FRAME_MUX */
    gen_tcp_t *tcp;    /* FRAME_TCP_CHANNEL: the connection, and the stream's side */
    int from_client;
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

/* A stream from -> to (random first sequence number and timestamp). */
void stream_init(gen_t *g, stream_t *st, ep_t from, ep_t to, uint8_t dscp, uint8_t pt, uint32_t ssrc, uint32_t clock);
/* Queue len bytes of p on the stream's path and framing at t. */
void stream_send(sched_t *s, const stream_t *st, uint64_t t, const uint8_t *p, size_t len);
/* The stream's packets from start on: one frame every interval with
 * -3..+3 ms jitter, the packets of a frame 1.2 ms apart. */
void rtp_run(sched_t *s, stream_t *st, const pattern_t *pat, uint64_t start);

/* Sender report of x 0.7 ms after its packet idx, with a report block on y
 * (what x has received of it so far) when y is given. */
void rtcp_sr(sched_t *s, stream_t *x, stream_t *y, unsigned idx);
/* Receiver report (PT 201, RC 1, 32 bytes) at t from x's SSRC on x's path,
 * one report block on y. */
void rtcp_rr(sched_t *s, stream_t *x, stream_t *y, uint64_t t);
/* The SRs of a 5-tuple (b may be NULL): one after every 25th packet of each
 * direction, built in time order so that LSR/DLSR refer to earlier SRs. */
void rtcp_run(sched_t *s, stream_t *a, stream_t *b);
/* The same, and receiver reports of rx (a receiver that sends no RTP on the
 * 5-tuple: its stream is only its SSRC and path, NULL for none) on a, 5 ms
 * after every 25th packet of a, in the same time order. */
void rtcp_run_rr(sched_t *s, stream_t *a, stream_t *b, stream_t *rx);

/* Audio: SILK 16 kHz (PT 104) every 20 ms, 60-110 bytes + 4-byte SRTP tag. */
pattern_t audio_pattern(unsigned count);
/* A two-way audio stream pair on a->ep <-> b->ep, a from ta, b from tb, with SRs. */
void audio_call(sched_t *s, stream_t *sa, stream_t *sb, const agent_t *a, const agent_t *b, uint32_t ssrc_a,
                uint32_t ssrc_b, uint8_t dscp, unsigned count, uint64_t ta, uint64_t tb);

#endif /* GEN_MEDIA_H */
