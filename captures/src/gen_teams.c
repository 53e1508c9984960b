/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The Teams call shapes, captures/teams_*.pcap (issue 19): how real Teams
 * clients make a call on the wire, one capture per shape, so that the
 * call-grouping rules can be tested on them. What each shape follows, and
 * where that comes from, is in captures/README.md ("The Teams call-shape
 * captures"); in short:
 *
 *  - nDPI's real captures (github.com/ntop/nDPI, tests/cfgs/default/pcap):
 *    teams.pcap (a 2020 Teams desktop client in a one-to-one call: one ICE
 *    session per media line with its own 4-character ufrag pair, audio on
 *    client port 50016 and video on 50036, [MS-TURN] relay allocations
 *    from those ports and their RTCP ports 1.76 s before the checks
 *    (frames 1238-1312) and TLS relay candidates from four ports (1239-1367),
 *    the remote party's check first on the answered 5-tuple (1406), checks
 *    in Send requests and Data Indications (1413-1439), the remote party's
 *    relay candidates on
 *    3479 (audio) and 3480 (video) answered in 0xFF10 frames, RTP with a
 *    0xBEDE header extension, the relays released when the media flows by
 *    an Allocate with LIFETIME 0 (1485-1508), a
 *    flight-proxy exchange on UDP 3478 that is none of STUN, RTP or RTCP)
 *    and skype-conference-call.pcap (a conference server's SSRCs 0x3E8 +
 *    100 k);
 *  - Microsoft Learn: "Microsoft Teams media flows" and "Implement Quality
 *    of Service (QoS) in Microsoft Teams" (client ports 50000-50019 audio,
 *    50020-50039 video, 50040-50059 screen sharing; DSCP 46, 34, 18;
 *    Transport Relay UDP 3478-3481, TCP 443);
 *  - [MS-TURN] (the messages and attributes of 2.2, MS-SERVICE-QUALITY
 *    2.2.2.10, the multiplexed 0xFF10 packet 2.2.3), [MS-ICE2], RFC 5766 / RFC 6062 (TURN, ChannelData, TCP),
 *    RFC 8445 (ICE), RFC 3550 (RTP, RTCP), RFC 8285 (header extensions),
 *    RFC 5246 / RFC 8422 (TLS 1.2 ECDHE).
 *
 * Addresses: clients in 192.168.50.0/24 behind NATs in 203.0.113.0/24,
 * remote parties in 198.51.100.0/24, Microsoft relays and conference
 * servers in 52.112.0.0/14. Every scenario has its own seed: the same bytes
 * on every run. The frames are listed in captures/README.md.
 */
#include <stdio.h>
#include <string.h>

#include "gen_media.h"

/* ICE priorities as in nDPI's teams.pcap: the client's checks 0x6EFFFEFF,
 * the remote party's 0x6EFFFDFE, checks out of a relay 0x6EFFF9FE. */
#define PRIO_LOCAL 0x6EFFFEFFu
#define PRIO_REMOTE 0x6EFFFDFEu
#define PRIO_RELAYED 0x6EFFF9FEu

/* MS-SERVICE-QUALITY stream types ([MS-TURN] 2.2.2.10). */
#define ST_AUDIO 1
#define ST_VIDEO 2

/* The payload patterns: audio SILK 16 kHz PT 104 every 20 ms (the
 * conference call's and teams.pcap's PT, timestamp +320), video H.264 PT
 * 122 at 30 frames/s (+3000 at 90 kHz), screen sharing PT 122 in frames of
 * 3 packets every 50 ms; SRTP tags of 4 bytes; all with the 0xBEDE
 * abs-send-time extension teams.pcap's RTP carries (first byte 0x90). */
static pattern_t teams_audio(unsigned count)
{
    pattern_t p = audio_pattern(count);
    p.ext = 1;
    return p;
}

static pattern_t teams_video(unsigned count)
{
    pattern_t p = {count, 33333, 1, 3000, 800, 1100, 4, 0, -1, 1};
    return p;
}

static pattern_t teams_screen(unsigned count)
{
    pattern_t p = {count, 50 * MS, 3, 4500, 900, 1100, 4, 0, -1, 1};
    return p;
}

/* An agent with a Teams check's priority. */
static void teams_agent(gen_t *g, agent_t *a, uint32_t ip, uint16_t port, const char *ufrag, int controlling,
                        uint32_t priority)
{
    agent_init(g, a, ip, port, ufrag, controlling ? "1" : "2", controlling);
    a->priority = priority;
}

/* One media line between a and b: the checks at t (ICE_TEAMS; a's check
 * first, or b's when b_first: the remote party's check reaching the client
 * first, as teams.pcap frame 1406 comes before the client's 1410 on the
 * 5-tuple that is answered), RTP both ways (b's when pb is not NULL) from
 * tm on, SRs; b's SSRC and stream pointer may be NULL when b sends nothing
 * (then rx, if given, is b's receiver-report SSRC). */
static void media_line_x(sched_t *s, uint64_t t, uint64_t tm, const agent_t *a, const agent_t *b, int b_first,
                         uint8_t dscp, uint8_t pt, uint32_t clock, const pattern_t *pa, const pattern_t *pb,
                         stream_t *sa, stream_t *sb, uint32_t ssrc_a, uint32_t ssrc_b, stream_t *rx, uint32_t ssrc_rx)
{
    if (b_first)
        ice_checks(s, t, b, a, ICE_TEAMS, dscp);
    else
        ice_checks(s, t, a, b, ICE_TEAMS, dscp);
    stream_init(&s->g, sa, a->ep, b->ep, dscp, pt, ssrc_a, clock);
    rtp_run(s, sa, pa, tm);
    if (pb) {
        stream_init(&s->g, sb, b->ep, a->ep, dscp, pt, ssrc_b, clock);
        rtp_run(s, sb, pb, tm + 10 * MS);
        rtcp_run(s, sa, sb);
    } else {
        if (rx)
            stream_init(&s->g, rx, b->ep, a->ep, dscp, pt, ssrc_rx, clock);
        rtcp_run_rr(s, sa, NULL, rx);
    }
}

/* media_line_x with a's check first. */
static void media_line(sched_t *s, uint64_t t, uint64_t tm, const agent_t *a, const agent_t *b, uint8_t dscp,
                       uint8_t pt, uint32_t clock, const pattern_t *pa, const pattern_t *pb, stream_t *sa,
                       stream_t *sb, uint32_t ssrc_a, uint32_t ssrc_b, stream_t *rx, uint32_t ssrc_rx)
{
    media_line_x(s, t, tm, a, b, 0, dscp, pt, clock, pa, pb, sa, sb, ssrc_a, ssrc_b, rx, ssrc_rx);
}

/* ---- Relay allocations (RFC 5766 with Microsoft's attributes) ------------- */

typedef struct alloc {
    ep_t client, relay, relayed, mapped;
    uint8_t session[8]; /* MS-MULTIPLEXED-TURN-SESSION-ID */
    uint16_t stream;    /* MS-SERVICE-QUALITY stream type */
    uint8_t dscp;
    gen_tcp_t *tcp; /* TURN over TCP (RFC 6062): the connection; NULL: UDP */
    char user[133], nonce[33];
} alloc_t;

static void alloc_init(gen_t *g, alloc_t *a, ep_t client, ep_t relay, ep_t relayed, ep_t mapped, uint16_t stream,
                       uint8_t dscp)
{
    memset(a, 0, sizeof(*a));
    a->client = client;
    a->relay = relay;
    a->relayed = relayed;
    a->mapped = mapped;
    a->stream = stream;
    a->dscp = dscp;
    gen_fill(g, a->session, sizeof(a->session));
    token(g, a->user, sizeof(a->user) - 1);
    gen_hex(g, a->nonce, 16);
}

/* A message of the allocation's 5-tuple at t, from the client or the relay. */
static void alloc_out(sched_t *s, const alloc_t *a, uint64_t t, int from_client, const uint8_t *p, size_t n)
{
    if (a->tcp)
        sched_tcp_send(s, t, a->tcp, from_client, p, n);
    else if (from_client)
        sched_add(s, t, a->client, a->relay, a->dscp, p, n);
    else
        sched_add(s, t, a->relay, a->client, a->dscp, p, n);
}

/* Allocate without credentials (MS-VERSION, MS-SERVICE-QUALITY) at t, the
 * 401 at t+58 ms, the Allocate with credentials and the session ID at
 * t+83 ms, its success at t+126 ms: teams.pcap's timing (frames 1238, 1245,
 * 1250, 1275). 4 frames. */
static void alloc_run(sched_t *s, alloc_t *a, uint64_t t)
{
    uint8_t p[512], tid[12];
    alloc_out(s, a, t, 1, p, turn_allocate_sq(&s->g, p, tid, NULL, a->stream, NULL, NULL));
    alloc_out(s, a, t + 58 * MS, 0, p, turn_401(p, tid, a->nonce));
    alloc_out(s, a, t + 83 * MS, 1, p, turn_allocate_sq(&s->g, p, tid, a->session, a->stream, a->user, a->nonce));
    alloc_out(s, a, t + 126 * MS, 0, p,
              turn_allocate_ok(&s->g, p, tid, a->relayed.ip, a->relayed.port, a->mapped.ip, a->mapped.port));
}

/* Refresh with LIFETIME lifetime at t, its success 40 ms later. */
static void alloc_refresh(sched_t *s, alloc_t *a, uint64_t t, uint32_t lifetime)
{
    uint8_t p[512], tid[12];
    alloc_out(s, a, t, 1, p, turn_refresh(&s->g, p, tid, lifetime, a->user, a->nonce));
    alloc_out(s, a, t + 40 * MS, 0, p, turn_refresh_ok(&s->g, p, tid, lifetime));
}

/* CreatePermission for peer at t, success at t+40 ms; with a channel, the
 * ChannelBind at t+41 ms, success at t+81 ms. */
static void alloc_permission(sched_t *s, alloc_t *a, uint64_t t, ep_t peer, uint16_t channel)
{
    uint8_t p[512], tid[12];
    alloc_out(s, a, t, 1, p, turn_permission(&s->g, p, tid, peer.ip, peer.port, a->user, a->nonce));
    alloc_out(s, a, t + 40 * MS, 0, p, turn_ok(&s->g, p, PERMISSION_OK, tid));
    if (!channel)
        return;
    alloc_out(s, a, t + 41 * MS, 1, p,
              turn_channel_bind(&s->g, p, tid, channel, peer.ip, peer.port, a->user, a->nonce));
    alloc_out(s, a, t + 81 * MS, 0, p, turn_ok(&s->g, p, CHANBIND_OK, tid));
}

/* The session's checks through the relay (ICE_TEAMS): c's check to peer in
 * a Send indication at t, the answer in a Data indication at t+60 ms; the
 * peer's check in a Data indication at t+62 ms, c's answer in a Send
 * indication at t+63 ms. 4 frames. */
static void alloc_checks(sched_t *s, alloc_t *a, uint64_t t, const agent_t *c, const agent_t *peer)
{
    uint8_t p[512], q[256], tid[12];
    size_t qn;
    agent_t prelay = *peer; /* the peer's checks reach c from the relayed address */
    prelay.priority = PRIO_RELAYED;
    qn = ice_request(&s->g, q, c, peer, ICE_TEAMS, tid);
    alloc_out(s, a, t, 1, p, turn_indication(&s->g, p, SEND_IND, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_response(&s->g, q, ICE_TEAMS, tid, a->relayed.ip, a->relayed.port);
    alloc_out(s, a, t + 60 * MS, 0, p, turn_indication(&s->g, p, DATA_IND, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_request(&s->g, q, &prelay, c, ICE_TEAMS, tid);
    alloc_out(s, a, t + 62 * MS, 0, p, turn_indication(&s->g, p, DATA_IND, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_response(&s->g, q, ICE_TEAMS, tid, peer->ep.ip, peer->ep.port);
    alloc_out(s, a, t + 63 * MS, 1, p, turn_indication(&s->g, p, SEND_IND, peer->ep.ip, peer->ep.port, q, qn));
}

/* A check from a to b that nobody answers, sent at t and retransmitted
 * (same bytes) at each of the n offsets after it. */
static void unanswered_check(sched_t *s, uint64_t t, const agent_t *a, const agent_t *b, uint8_t dscp,
                             const uint64_t *after, unsigned n)
{
    uint8_t p[256], tid[12];
    size_t len = ice_request(&s->g, p, a, b, ICE_TEAMS, tid);
    sched_add(s, t, a->ep, b->ep, dscp, p, len);
    for (unsigned i = 0; i < n; i++)
        sched_add(s, t + after[i], a->ep, b->ep, dscp, p, len);
}

/* ---- Relay allocations in [MS-TURN], as teams.pcap's ---------------------
 * The shapes that follow teams.pcap (teams_alloc_before_checks,
 * teams_second_call_same_ports) allocate, send and release as its client
 * does ([MS-TURN] §2.2, gen_stun.h's msturn_*), not in RFC 5766: Allocate,
 * 401 with ALTERNATE-SERVER, REALM, NONCE and the session ID, Allocate with
 * them, Allocate response (frames 1238-1312); Send requests and Data
 * Indications carrying whole ICE checks (1413-1439); the release, an
 * Allocate with LIFETIME 0 (1485-1508). No CreatePermission, ChannelBind or
 * Refresh: [MS-TURN] has none of them on the wire there. */

typedef struct msalloc {
    ep_t client;
    ep_t first;   /* where the unauthenticated Allocate goes (the relay name's address), and
                   * where the Allocate response comes from (teams.pcap frame 1275) */
    ep_t relay;   /* the 401's ALTERNATE-SERVER: the authenticated Allocate, Send requests,
                   * Data Indications and the release */
    ep_t relayed; /* MAPPED-ADDRESS of the response: the relayed address */
    ep_t mapped;  /* XOR-MAPPED-ADDRESS: the client's server-reflexive address */
    msturn_cred_t cred;
    uint8_t conn[20]; /* MS-SEQUENCE-NUMBER's connection ID */
    uint16_t stream;  /* MS-SERVICE-QUALITY stream type */
    uint8_t dscp;
} msalloc_t;

static void msalloc_init(gen_t *g, msalloc_t *a, ep_t client, ep_t first, ep_t relay, ep_t relayed, ep_t mapped,
                         uint16_t stream, uint8_t dscp, const uint8_t user[56])
{
    memset(a, 0, sizeof(*a));
    a->client = client;
    a->first = first;
    a->relay = relay;
    a->relayed = relayed;
    a->mapped = mapped;
    a->stream = stream;
    a->dscp = dscp;
    memcpy(a->cred.user, user, sizeof(a->cred.user));
    gen_fill(g, a->cred.realm, sizeof(a->cred.realm));
    gen_fill(g, a->cred.session, sizeof(a->cred.session));
    gen_fill(g, a->conn, sizeof(a->conn));
}

static void msalloc_out(sched_t *s, const msalloc_t *a, uint64_t t, ep_t relay, int from_client, const uint8_t *p,
                        size_t n)
{
    if (from_client)
        sched_add(s, t, a->client, relay, a->dscp, p, n);
    else
        sched_add(s, t, relay, a->client, a->dscp, p, n);
}

/* The allocation from t on, at the offsets at[4] (teams.pcap frames 1238,
 * 1245, 1250, 1275: 0, 58, 83, 126 ms): Allocate to first, the 401 from
 * first naming relay as ALTERNATE-SERVER, the Allocate with credentials to
 * relay, its response, LIFETIME 60, from first. 4 frames. */
static void msalloc_run(sched_t *s, msalloc_t *a, uint64_t t, const uint64_t at[4])
{
    uint8_t p[512], tid[16];
    msalloc_out(s, a, t + at[0], a->first, 1, p, msturn_allocate(&s->g, p, tid, a->stream, NULL));
    msalloc_out(s, a, t + at[1], a->first, 0, p,
                msturn_401(p, tid, &a->cred, a->relay.ip, a->relay.port, a->relayed.ip, a->relayed.port,
                           a->mapped.ip, a->mapped.port));
    msalloc_out(s, a, t + at[2], a->relay, 1, p, msturn_allocate(&s->g, p, tid, a->stream, &a->cred));
    msalloc_out(s, a, t + at[3], a->first, 0, p,
                msturn_allocate_ok(&s->g, p, tid, 60, a->relayed.ip, a->relayed.port, a->mapped.ip, a->mapped.port,
                                   a->conn));
}

/* The release at t (frames 1485, 1491): Allocate LIFETIME 0 to relay, its
 * response LIFETIME 0 rtt later. 2 frames. */
static void msalloc_release(sched_t *s, msalloc_t *a, uint64_t t, uint64_t rtt)
{
    uint8_t p[512], tid[16];
    msalloc_out(s, a, t, a->relay, 1, p, msturn_release(&s->g, p, tid, &a->cred));
    msalloc_out(s, a, t + rtt, a->relay, 0, p,
                msturn_allocate_ok(&s->g, p, tid, 0, a->relayed.ip, a->relayed.port, a->mapped.ip, a->mapped.port,
                                   a->conn));
}

/* Checks of c's session with peer through the allocation, as teams.pcap
 * frames 1413-1431 (ICE_TEAMS inside DATA): c's check (priority
 * 0x6EFFF8FF, MS-MULTIPLEXED-TURN-SESSION-ID of the allocation) in a Send
 * request at t; the peer's check in a Data Indication at t+7.7 ms; c's
 * answer (XOR-MAPPED-ADDRESS the peer) in a Send request at t+51 ms; the
 * peer's answer (XOR-MAPPED-ADDRESS the relayed address) in a Data
 * Indication at t+106 ms. 4 frames. */
#define PRIO_VIA_RELAY 0x6EFFF8FFu
static void msalloc_checks(sched_t *s, msalloc_t *a, uint64_t t, const agent_t *c, const agent_t *peer)
{
    uint8_t p[512], q[256], tid_c[12], tid_p[12];
    size_t qn;
    agent_t crelay = *c;
    crelay.priority = PRIO_VIA_RELAY;
    crelay.mux_session = a->cred.session;
    qn = ice_request(&s->g, q, &crelay, peer, ICE_TEAMS, tid_c);
    msalloc_out(s, a, t, a->relay, 1, p, msturn_send(&s->g, p, &a->cred, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_request(&s->g, q, peer, c, ICE_TEAMS, tid_p);
    msalloc_out(s, a, t + 7700, a->relay, 0, p, msturn_data_ind(&s->g, p, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_response(&s->g, q, ICE_TEAMS, tid_p, peer->ep.ip, peer->ep.port);
    msalloc_out(s, a, t + 51 * MS, a->relay, 1, p,
                msturn_send(&s->g, p, &a->cred, peer->ep.ip, peer->ep.port, q, qn));
    qn = ice_response(&s->g, q, ICE_TEAMS, tid_c, a->relayed.ip, a->relayed.port);
    msalloc_out(s, a, t + 106 * MS, a->relay, 0, p, msturn_data_ind(&s->g, p, peer->ep.ip, peer->ep.port, q, qn));
}

/* ---- TLS to a Transport Relay (TCP 443) ----------------------------------- */

/* The Transport Relay's certificate: CN tr.teams.microsoft.com,
 * subjectAltName tr.teams.microsoft.com, *.relay.teams.microsoft.com,
 * turn.teams.microsoft.com; with tp, the names of teams.pcap's (frame 1336):
 * tr.teams.microsoft.com, *.tr.teams.microsoft.com,
 * turn.teams.microsoft.com, *.turn.teams.microsoft.com,
 * *.relay.teams.microsoft.com. */
static size_t relay_cert(gen_t *g, uint8_t *p, int tp)
{
    static const char *const names[] = {"tr.teams.microsoft.com", "*.relay.teams.microsoft.com",
                                        "turn.teams.microsoft.com"};
    static const char *const tp_names[] = {"tr.teams.microsoft.com", "*.tr.teams.microsoft.com",
                                           "turn.teams.microsoft.com", "*.turn.teams.microsoft.com",
                                           "*.relay.teams.microsoft.com"};
    if (tp)
        return x509_cert(g, p, "Microsoft Azure RSA TLS Issuing CA 07", "tr.teams.microsoft.com", tp_names, 5);
    return x509_cert(g, p, "Microsoft Azure RSA TLS Issuing CA 07", "tr.teams.microsoft.com", names, 3);
}

/* A TLS 1.2 connection client -> relay at the times at[5]: the TCP
 * handshake, the ClientHello naming sni (NULL: no server_name; an IP
 * literal as teams.pcap frame 1322), the server's ServerHello
 * (ECDHE-RSA-AES256-GCM-SHA384), Certificate (relay_cert, tp),
 * ServerKeyExchange, ServerHelloDone; the client's ClientKeyExchange,
 * ChangeCipherSpec, Finished; the server's ChangeCipherSpec, Finished. */
static void tls_relay_handshake(sched_t *s, gen_tcp_t *t, const uint64_t at[5], ep_t client, ep_t relay,
                                const char *sni, int tp)
{
    uint8_t p[MAX_PAYLOAD], cert[1400];
    size_t n;
    sched_tcp_open(s, at[0], t, client, relay);
    sched_tcp_send(s, at[1], t, 1, p, tls_client_hello(&s->g, p, TLS_HELLO_12, sni, NULL));
    n = tls_server_hello(&s->g, p, 0x0303, 32, 0xc030, TLS_SH_12);
    n += tls_certificate(p + n, cert, relay_cert(&s->g, cert, tp)) - 4; /* ServerKeyExchange before ServerHelloDone */
    n += tls_server_key_exchange(&s->g, p + n);
    memcpy(p + n, "\x0e\x00\x00\x00", 4);
    n = tls_record(p, 0x16, 0x0303, n + 4);
    sched_tcp_send(s, at[2], t, 0, p, n);
    n = tls_record(p, 0x16, 0x0303, tls_client_key_exchange(&s->g, p));
    memcpy(p + n, "\x14\x03\x03\x00\x01\x01", 6); /* ChangeCipherSpec */
    n += 6;
    gen_fill(&s->g, p + n, 40); /* Finished, encrypted: explicit nonce, message, GCM tag */
    n += tls_record(p + n, 0x16, 0x0303, 40);
    sched_tcp_send(s, at[3], t, 1, p, n);
    memcpy(p, "\x14\x03\x03\x00\x01\x01", 6);
    gen_fill(&s->g, p + 6, 40);
    n = 6 + tls_record(p + 6, 0x16, 0x0303, 40);
    sched_tcp_send(s, at[4], t, 0, p, n);
}

/* The client's close of such a connection at t: an encrypted alert record
 * (31 bytes, teams.pcap frame 1313), then its FIN+ACK 0.3 ms later (1314). */
static void tls_relay_close(sched_t *s, gen_tcp_t *t, uint64_t at)
{
    uint8_t p[64];
    gen_fill(&s->g, p, 26);
    sched_tcp_send(s, at, t, 1, p, tls_record(p, 0x15, 0x0303, 26));
    sched_tcp_fin(s, at + 300, t, 1);
}

/* ------------------------------------------------------------------------- */

/*
 * teams_meeting_three_sessions.pcap: client C 192.168.50.10 in a meeting on
 * conference server M 52.113.40.20, three ICE sessions, each with its own
 * ufrag pair, client port from Microsoft's range and server port:
 * audio C:50004 <-> M:3479 (q7Rw / ZpV3, DSCP 46), video C:50024 <-> M:3480
 * (Kd2+ / h4Lc, DSCP 34), screen sharing C:50044 <-> M:3481 (m9/T / Ty8/,
 * DSCP 18, from 600 ms: the client starts presenting). Client controlling.
 */
static void scenario_meeting(void)
{
    const uint32_t c = IP4(192, 168, 50, 10), m = IP4(52, 113, 40, 20);
    sched_t s;
    agent_t ca, ma, cv, mv, cs, msh;
    stream_t st[6];
    pattern_t audio = teams_audio(80), video = teams_video(50), screen = teams_screen(60);

    sched_open(&s, "teams_meeting_three_sessions.pcap", 201);
    teams_agent(&s.g, &ca, c, 50004, "q7Rw", 1, PRIO_LOCAL);
    teams_agent(&s.g, &ma, m, 3479, "ZpV3", 0, PRIO_REMOTE);
    teams_agent(&s.g, &cv, c, 50024, "Kd2+", 1, PRIO_LOCAL);
    teams_agent(&s.g, &mv, m, 3480, "h4Lc", 0, PRIO_REMOTE);
    teams_agent(&s.g, &cs, c, 50044, "m9/T", 1, PRIO_LOCAL);
    teams_agent(&s.g, &msh, m, 3481, "Ty8/", 0, PRIO_REMOTE);

    media_line(&s, 0, 100 * MS, &ca, &ma, DSCP_EF, 104, 16000, &audio, &audio, &st[0], &st[1], 0x0000E65Au,
               0x000003E8u, NULL, 0);
    media_line(&s, 200, 120 * MS, &cv, &mv, DSCP_AF41, 122, 90000, &video, &video, &st[2], &st[3], 0x0000E65Bu,
               0x0000044Cu, NULL, 0);
    media_line(&s, 600 * MS, 700 * MS, &cs, &msh, DSCP_AF21, 122, 90000, &screen, NULL, &st[4], NULL, 0x0000E65Cu,
               0, &st[5], 0x000004B0u);
    ice_check(&s, 1200 * MS + 500, 30 * MS, &ca, &ma, ICE_TEAMS, DSCP_EF); /* consent freshness (RFC 7675) */
    sched_close(&s);
}

/*
 * teams_alloc_before_checks.pcap, after teams.pcap frames 1238-1518: client
 * C 192.168.50.20 (NAT 203.0.113.20), audio port 50016 (RTCP 50017), video
 * port 50036 (RTCP 50037). DNS for the relay's name (TTL 0, as there), then
 * at 100 ms (teams.pcap 21.096 s) the allocations in [MS-TURN] (§2.2,
 * msalloc_*): 50016 and 50036 to R1 52.113.20.30:3478, whose 401 names
 * ALTERNATE-SERVER R2 52.113.20.41 (audio) / R3 52.113.20.37 (video); their
 * Allocates with credentials go there, the responses come from R1 (frame
 * 1275); the RTCP ports 50017 / 50037 allocate at R2 / R3 directly. Every
 * Allocate carries MS-SERVICE-QUALITY stream type 2 (video), the audio
 * ports' too (00020002 on 50016 and 50017 there). Meanwhile the TCP relay
 * candidates (frames 1239-1367): TLS from 50018 and 50021 to R1:443 naming
 * euaz.tr.teams.microsoft.com, from 50014 to R4 52.113.20.52:443 and from
 * 50036 to R5 52.113.20.53:443 naming those IP literals; the certificate
 * names tr.teams.microsoft.com and the tr, turn and relay wildcards; the named ones
 * close after one TURN exchange. 1.764 s after the first Allocate the
 * checks: C's to the remote party's host candidates 10.77.0.4:50005 /
 * :50020 (never answered, retransmitted 0.307-1.22 s later: frames
 * 1404-1448), the remote party's checks from its server-reflexive
 * 198.51.100.120:16332 / :16333 first (frame 1406), C's answers and
 * triggered checks; through R2 / R3 in Send requests and Data Indications
 * (1413-1431). Media flows direct; 80 ms after it starts the unused
 * allocations of 50017, 50037 and 50036 are released (Allocate LIFETIME 0,
 * 1485-1508) and 50036's TCP candidate sends its last TURN exchange and
 * closes (1495-1514); 50016's allocation and 50014's connection stay, as
 * there.
 */
static void scenario_alloc_before_checks(void)
{
    const uint32_t c = IP4(192, 168, 50, 20), nat = IP4(203, 0, 113, 20);
    const uint32_t r1 = IP4(52, 113, 20, 30), r2 = IP4(52, 113, 20, 41), r3 = IP4(52, 113, 20, 37);
    const uint32_t r4 = IP4(52, 113, 20, 52), r5 = IP4(52, 113, 20, 53);
    const uint32_t p_srflx = IP4(198, 51, 100, 120), p_host = IP4(10, 77, 0, 4);
    static const uint64_t rtx[4] = {307 * MS, 612 * MS, 916 * MS, 1220 * MS};
    /* teams.pcap's allocation offsets per port (ms after each port's first Allocate) */
    static const uint64_t at_a[4] = {0, 58 * MS, 83 * MS, 126 * MS}, at_v[4] = {0, 43 * MS, 73 * MS, 116 * MS};
    static const uint64_t at_ar[4] = {0, 46 * MS, 99 * MS, 144 * MS}, at_vr[4] = {0, 46 * MS, 96 * MS, 141 * MS};
    /* the TCP candidates' handshakes, 0.1 ms units after the first Allocate (teams.pcap frames
     * 1239-1361: SYN, ClientHello, server flight, client Finished, server Finished) */
    static const uint64_t hs[4][5] = {{14, 466, 938, 1023, 1479},
                                      {676, 1137, 1600, 1693, 2146},
                                      {3133, 3546, 3973, 4073, 4486},
                                      {3345, 3783, 4229, 4345, 4781}};
    const uint64_t t0 = 100 * MS, tx = t0 + 1764 * MS, tm = tx + 240 * MS, trel = tm + 80 * MS;
    ep_t cdns = {c, 53100}, resolver = {IP4(192, 168, 50, 1), 53};
    ep_t tcp_c[4] = {{c, 50018}, {c, 50021}, {c, 50014}, {c, 50036}};
    ep_t tcp_r[4] = {{r1, 443}, {r1, 443}, {r4, 443}, {r5, 443}};
    const char *const sni[4] = {"euaz.tr.teams.microsoft.com", "euaz.tr.teams.microsoft.com", "52.113.20.52",
                                "52.113.20.53"};
    uint8_t p[512], raddr[4], user[56];
    uint64_t at[5];
    sched_t s;
    msalloc_t aa, av, ar, vr;
    gen_tcp_t tc[4];
    agent_t ca, cv, pa, pv, pha, phv;
    stream_t st[4];
    pattern_t audio = teams_audio(50), video = teams_video(30);
    size_t n;

    sched_open(&s, "teams_alloc_before_checks.pcap", 202);
    gen_put32(raddr, r1);
    n = gen_dns_msg(p, 0x5a17, "euaz.tr.teams.microsoft.com", DNS_A, NULL, 0, NULL, 0);
    sched_add(&s, 0, cdns, resolver, DSCP_BE, p, n);
    n = gen_dns_msg(p, 0x5a17, "euaz.tr.teams.microsoft.com", DNS_A, NULL, 0, raddr, 0);
    sched_add(&s, 46 * MS, resolver, cdns, DSCP_BE, p, n);

    /* one USERNAME for every allocation of the call (teams.pcap: 56 bytes, the same in all) */
    gen_fill(&s.g, user, sizeof(user));
    msalloc_init(&s.g, &aa, (ep_t){c, 50016}, (ep_t){r1, 3478}, (ep_t){r2, 3478}, (ep_t){r2, 3480},
                 (ep_t){nat, 57543}, ST_VIDEO, DSCP_EF, user);
    msalloc_init(&s.g, &av, (ep_t){c, 50036}, (ep_t){r1, 3478}, (ep_t){r3, 3478}, (ep_t){r3, 3480},
                 (ep_t){nat, 61310}, ST_VIDEO, DSCP_AF41, user);
    msalloc_init(&s.g, &ar, (ep_t){c, 50017}, (ep_t){r2, 3478}, (ep_t){r2, 3478}, (ep_t){r2, 3480},
                 (ep_t){nat, 60673}, ST_VIDEO, DSCP_EF, user);
    msalloc_init(&s.g, &vr, (ep_t){c, 50037}, (ep_t){r3, 3478}, (ep_t){r3, 3478}, (ep_t){r3, 3480},
                 (ep_t){nat, 57722}, ST_VIDEO, DSCP_AF41, user);
    msalloc_run(&s, &aa, t0, at_a);
    msalloc_run(&s, &av, t0 + 67 * MS, at_v);
    msalloc_run(&s, &ar, t0 + 97 * MS, at_ar);
    msalloc_run(&s, &vr, t0 + 153 * MS, at_vr);

    /* the TCP relay candidates: handshake, one TURN exchange inside TLS (101 / 184 bytes for
     * the named relay, 235 / 186 for the IP literals); the named ones close at 309 and 334 ms */
    for (unsigned k = 0; k < 4; k++) {
        for (unsigned i = 0; i < 5; i++)
            at[i] = t0 + hs[k][i] * 100;
        tls_relay_handshake(&s, &tc[k], at, tcp_c[k], tcp_r[k], sni[k], 1);
        sched_tcp_send(&s, at[4] + 44 * MS, &tc[k], 1, p, tls_appdata_record(&s.g, p, k < 2 ? 96 : 230));
        sched_tcp_send(&s, at[4] + 88 * MS, &tc[k], 0, p, tls_appdata_record(&s.g, p, k < 2 ? 179 : 181));
    }
    tls_relay_close(&s, &tc[0], t0 + 309 * MS);
    tls_relay_close(&s, &tc[1], t0 + 333900);
    sched_tcp_fin(&s, t0 + 728 * MS, &tc[1], 0);
    sched_tcp_send(&s, t0 + 728 * MS + 100, &tc[1], 1, NULL, 0);
    sched_tcp_fin(&s, t0 + 1920 * MS, &tc[0], 0);
    sched_tcp_send(&s, t0 + 1920 * MS + 100, &tc[0], 1, NULL, 0);

    teams_agent(&s.g, &ca, c, 50016, "FY3k", 1, PRIO_LOCAL);
    teams_agent(&s.g, &cv, c, 50036, "+mIq", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pa, p_srflx, 16332, "o5/J", 0, PRIO_REMOTE);
    teams_agent(&s.g, &pv, p_srflx, 16333, "JFwk", 0, PRIO_REMOTE);
    pha = agent_on_port(&pa, 50005);
    pha.ep.ip = p_host;
    phv = agent_on_port(&pv, 50020);
    phv.ep.ip = p_host;

    /* the checks, 1.764 s after the first Allocate (teams.pcap frames 1404-1431) */
    unanswered_check(&s, tx, &ca, &pha, DSCP_EF, rtx, 4);
    unanswered_check(&s, tx + 100, &cv, &phv, DSCP_AF41, rtx, 4);
    ice_checks(&s, tx + 26500, &pa, &ca, ICE_TEAMS, DSCP_EF); /* the remote party's checks arrive first */
    ice_checks(&s, tx + 27100, &pv, &cv, ICE_TEAMS, DSCP_AF41);
    msalloc_checks(&s, &aa, tx + 103 * MS, &ca, &pa);
    msalloc_checks(&s, &av, tx + 103 * MS + 100, &cv, &pv);

    stream_init(&s.g, &st[0], ca.ep, pa.ep, DSCP_EF, 104, 0x0000E65Au, 16000);
    stream_init(&s.g, &st[1], pa.ep, ca.ep, DSCP_EF, 104, 0x000074ECu, 16000);
    stream_init(&s.g, &st[2], cv.ep, pv.ep, DSCP_AF41, 122, 0x0000E65Bu, 90000);
    stream_init(&s.g, &st[3], pv.ep, cv.ep, DSCP_AF41, 122, 0x000074EDu, 90000);
    rtp_run(&s, &st[0], &audio, tm);
    rtp_run(&s, &st[1], &audio, tm + 10 * MS);
    rtp_run(&s, &st[2], &video, tm + 20 * MS);
    rtp_run(&s, &st[3], &video, tm + 35 * MS);
    rtcp_run(&s, &st[0], &st[1]);
    rtcp_run(&s, &st[2], &st[3]);

    /* the unused relay candidates released while the media flows (teams.pcap: 25.198-25.295 s,
     * 0.08 s after the media began), and 50036's TCP candidate's last exchange and close */
    msalloc_release(&s, &ar, trel, 46 * MS);
    msalloc_release(&s, &vr, trel + 51600, 44 * MS);
    msalloc_release(&s, &av, trel + 51700, 45 * MS);
    sched_tcp_send(&s, trel + 52 * MS, &tc[3], 1, p, tls_appdata_record(&s.g, p, 214));
    sched_tcp_send(&s, trel + 95 * MS, &tc[3], 0, p, tls_appdata_record(&s.g, p, 173));
    tls_relay_close(&s, &tc[3], trel + 106 * MS);
    sched_close(&s);
}

/*
 * teams_tls_relay_sni.pcap / teams_tls_relay_cert_only.pcap: client C
 * 192.168.50.30 (sni) or .31 (cert only) in a call with P 198.51.100.130:
 * audio C:50008 <-> P:50010 (Tq3s / Lm7+, DSCP 46), video C:50028 <->
 * P:50030 (Wr5u / Bn2j, DSCP 34), checks at 0 (P's first on each 5-tuple,
 * as teams.pcap frame 1406 before 1410), media from 100 ms; and the
 * TCP fallback: TLS 1.2 from the video port, TCP C:50028, to the Transport
 * Relay R 52.112.60.70:443 from 10 ms: ClientHello naming
 * tr.teams.microsoft.com (or no server_name), ServerHello
 * (ECDHE-RSA-AES256-GCM-SHA384, as teams.pcap's Microsoft servers),
 * Certificate (relay_cert), ServerKeyExchange, ServerHelloDone; the
 * client's key exchange and Finished, the server's; then TURN inside TLS
 * (opaque records) until the UDP pair wins and C closes it at 800 ms.
 */
static void scenario_tls_relay(const char *name, uint32_t seed, uint32_t c, const char *sni)
{
    const uint32_t peer = IP4(198, 51, 100, 130);
    static const size_t records[6][2] = {{1, 132}, {0, 124}, {1, 236}, {0, 156}, {1, 212}, {0, 92}};
    ep_t ctcp = {c, 50028}, relay = {IP4(52, 112, 60, 70), 443};
    uint8_t p[MAX_PAYLOAD];
    sched_t s;
    agent_t ca, pa, cv, pv;
    stream_t st[4];
    gen_tcp_t t;
    pattern_t audio = teams_audio(50), video = teams_video(30);
    static const uint64_t hs[5] = {10 * MS, 14 * MS, 40 * MS, 42 * MS, 66 * MS};

    sched_open(&s, name, seed);
    teams_agent(&s.g, &ca, c, 50008, "Tq3s", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pa, peer, 50010, "Lm7+", 0, PRIO_REMOTE);
    teams_agent(&s.g, &cv, c, 50028, "Wr5u", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pv, peer, 50030, "Bn2j", 0, PRIO_REMOTE);
    /* the remote party's checks first (teams.pcap frame 1406) */
    media_line_x(&s, 0, 100 * MS, &ca, &pa, 1, DSCP_EF, 104, 16000, &audio, &audio, &st[0], &st[1], 0x0000E65Au,
                 0x000074ECu, NULL, 0);
    media_line_x(&s, 200, 120 * MS, &cv, &pv, 1, DSCP_AF41, 122, 90000, &video, &video, &st[2], &st[3],
                 0x0000E65Bu, 0x000074EDu, NULL, 0);

    tls_relay_handshake(&s, &t, hs, ctcp, relay, sni, 0);
    for (unsigned i = 0; i < 6; i++) /* TURN inside TLS: Allocate, 401, Allocate, success, ... */
        sched_tcp_send(&s, (68 + 26 * i) * MS + 300, &t, (int)records[i][0], p,
                       tls_appdata_record(&s.g, p, records[i][1]));
    sched_tcp_fin(&s, 800 * MS, &t, 1);
    sched_tcp_fin(&s, 824 * MS, &t, 0);
    sched_tcp_send(&s, 825 * MS, &t, 1, NULL, 0);
    sched_close(&s);
}

/*
 * teams_relayed_channeldata.pcap: client C 192.168.50.40 (NAT
 * 203.0.113.40), remote party P 198.51.100.140 whose direct checks never
 * come back (UDP blocked on its side); both media lines relayed through R
 * 52.112.130.20:3478: audio C:50012 (Xc4d / Yp9+, P:50014, relayed
 * R:52012, channel 0x4000, DSCP 46), video C:50032 (Gh6v / Jk1m, P:50034,
 * relayed R:52032, channel 0x4001, DSCP 34). Audio both ways, video from C
 * only (P's camera off: P sends receiver reports on it). Refresh
 * LIFETIME 0 at the end.
 */
static void scenario_relayed_channeldata(void)
{
    const uint32_t c = IP4(192, 168, 50, 40), r = IP4(52, 112, 130, 20), nat = IP4(203, 0, 113, 40);
    const uint32_t peer = IP4(198, 51, 100, 140);
    static const uint64_t rtx[2] = {100 * MS, 300 * MS};
    sched_t s;
    alloc_t aa, av;
    agent_t ca, pa, cv, pv;
    stream_t st[4];
    pattern_t audio = teams_audio(60), video = teams_video(40);

    sched_open(&s, "teams_relayed_channeldata.pcap", 205);
    teams_agent(&s.g, &ca, c, 50012, "Xc4d", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pa, peer, 50014, "Yp9+", 0, PRIO_REMOTE);
    teams_agent(&s.g, &cv, c, 50032, "Gh6v", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pv, peer, 50034, "Jk1m", 0, PRIO_REMOTE);
    alloc_init(&s.g, &aa, ca.ep, (ep_t){r, 3478}, (ep_t){r, 52012}, (ep_t){nat, 50012}, ST_AUDIO, DSCP_EF);
    alloc_init(&s.g, &av, cv.ep, (ep_t){r, 3478}, (ep_t){r, 52032}, (ep_t){nat, 50032}, ST_VIDEO, DSCP_AF41);

    unanswered_check(&s, 0, &ca, &pa, DSCP_EF, rtx, 2);
    unanswered_check(&s, 200, &cv, &pv, DSCP_AF41, rtx, 2);
    alloc_run(&s, &aa, 50 * MS);
    alloc_run(&s, &av, 60 * MS);
    alloc_permission(&s, &aa, 250 * MS, pa.ep, 0x4000);
    alloc_permission(&s, &av, 252 * MS, pv.ep, 0x4001);
    alloc_checks(&s, &aa, 350 * MS, &ca, &pa);
    alloc_checks(&s, &av, 352 * MS, &cv, &pv);

    stream_init(&s.g, &st[0], aa.client, aa.relay, DSCP_EF, 104, 0x0000E65Au, 16000);
    stream_init(&s.g, &st[1], aa.relay, aa.client, DSCP_EF, 104, 0x000074ECu, 16000);
    stream_init(&s.g, &st[2], av.client, av.relay, DSCP_AF41, 122, 0x0000E65Bu, 90000);
    stream_init(&s.g, &st[3], av.relay, av.client, DSCP_AF41, 122, 0x000074EDu, 90000); /* P's RRs only */
    st[0].framing = st[1].framing = st[2].framing = st[3].framing = FRAME_CHANNEL;
    st[0].channel = st[1].channel = 0x4000;
    st[2].channel = st[3].channel = 0x4001;
    rtp_run(&s, &st[0], &audio, 450 * MS);
    rtp_run(&s, &st[1], &audio, 460 * MS);
    rtp_run(&s, &st[2], &video, 470 * MS);
    rtcp_run(&s, &st[0], &st[1]);
    rtcp_run_rr(&s, &st[2], NULL, &st[3]);

    alloc_refresh(&s, &aa, 1750 * MS, 0);
    alloc_refresh(&s, &av, 1751 * MS, 0);
    sched_close(&s);
}

/*
 * teams_relayed_ff10.pcap, after teams.pcap frames 1421-1427: client C
 * 192.168.50.50 (controlling), audio port 50016, video port 50036; the
 * remote party reaches it through its own relay, a Microsoft relay that
 * multiplexes many allocations on one port: RA 52.113.252.8:3479 (audio,
 * ufrags Ez8+ / Qw3/), RV 52.113.252.21:3480 (video, Yu2b / Rt5x). The
 * relay's checks carry MS-MULTIPLEXED-TURN-SESSION-ID; C sends everything
 * to the relay in 0xFF10 packets with that session ID ([MS-TURN] 2.2.3,
 * 3.2.4.6): its answers, its checks, its RTP and RTCP; the relay forwards
 * the remote party's packets unwrapped. Audio both ways, video from C only
 * (receiver reports back).
 */
static void scenario_relayed_ff10(void)
{
    const uint32_t c = IP4(192, 168, 50, 50);
    sched_t s;
    agent_t ca, ra, cv, rv;
    uint8_t sa[8], sv[8];
    stream_t st[4];
    pattern_t audio = teams_audio(60), video = teams_video(40);
    uint8_t p[512], q[256], tid[12];
    size_t qn;

    sched_open(&s, "teams_relayed_ff10.pcap", 206);
    gen_fill(&s.g, sa, sizeof(sa));
    gen_fill(&s.g, sv, sizeof(sv));
    teams_agent(&s.g, &ca, c, 50016, "Ez8+", 1, PRIO_LOCAL);
    teams_agent(&s.g, &ra, IP4(52, 113, 252, 8), 3479, "Qw3/", 0, PRIO_RELAYED);
    teams_agent(&s.g, &cv, c, 50036, "Yu2b", 1, PRIO_LOCAL);
    teams_agent(&s.g, &rv, IP4(52, 113, 252, 21), 3480, "Rt5x", 0, PRIO_RELAYED);
    ra.mux_session = sa;
    rv.mux_session = sv;

    for (unsigned k = 0; k < 2; k++) {
        const agent_t *me = k ? &cv : &ca, *them = k ? &rv : &ra;
        const uint8_t *session = k ? sv : sa;
        uint8_t dscp = k ? DSCP_AF41 : DSCP_EF;
        uint64_t t = k * 800; /* teams.pcap: the video check 0.8 ms before the audio one */
        /* the relayed check arrives, C answers in 0xFF10 (teams.pcap: 10.7 ms later) */
        qn = ice_request(&s.g, q, them, me, ICE_TEAMS, tid);
        sched_add(&s, t, them->ep, me->ep, dscp, q, qn);
        qn = ice_response(&s.g, q, ICE_TEAMS, tid, them->ep.ip, them->ep.port);
        sched_add(&s, t + 10700, me->ep, them->ep, dscp, p, turn_mux_data(p, session, q, qn));
        /* C's triggered check in 0xFF10, the answer unwrapped */
        qn = ice_request(&s.g, q, me, them, ICE_TEAMS, tid);
        sched_add(&s, t + 10800, me->ep, them->ep, dscp, p, turn_mux_data(p, session, q, qn));
        qn = ice_response(&s.g, q, ICE_TEAMS, tid, IP4(203, 0, 113, 50), me->ep.port);
        sched_add(&s, t + 52 * MS, them->ep, me->ep, dscp, q, qn);
    }

    stream_init(&s.g, &st[0], ca.ep, ra.ep, DSCP_EF, 104, 0x0000E65Au, 16000);
    stream_init(&s.g, &st[1], ra.ep, ca.ep, DSCP_EF, 104, 0x000074ECu, 16000);
    stream_init(&s.g, &st[2], cv.ep, rv.ep, DSCP_AF41, 122, 0x0000E65Bu, 90000);
    stream_init(&s.g, &st[3], rv.ep, cv.ep, DSCP_AF41, 122, 0x000074EDu, 90000); /* RRs only */
    st[0].framing = st[2].framing = FRAME_MUX;
    memcpy(st[0].session, sa, 8);
    memcpy(st[2].session, sv, 8);
    rtp_run(&s, &st[0], &audio, 150 * MS);
    rtp_run(&s, &st[1], &audio, 160 * MS);
    rtp_run(&s, &st[2], &video, 170 * MS);
    rtcp_run(&s, &st[0], &st[1]);
    rtcp_run_rr(&s, &st[2], NULL, &st[3]);
    sched_close(&s);
}

/*
 * teams_turn_tcp_media.pcap: client C 192.168.50.70 (NAT 203.0.113.70),
 * audio port 50006, remote party P 198.51.100.170:50008 (Vb8n / Nw4+),
 * relay R 52.112.70.80. UDP is blocked: the direct check and an Allocate to
 * R:3478 are never answered. Then TURN over TCP from the same port,
 * C:50006 -> R:443 (RFC 6062 §4.1 framing: STUN messages and ChannelData
 * back to back, ChannelData padded to 4, RFC 5766 §11.5): Allocate, 401,
 * Allocate, success, CreatePermission, ChannelBind 0x4000, the session's
 * checks in Send/Data indications, then RTP and RTCP both ways in
 * ChannelData, Refresh LIFETIME 0, FIN.
 */
static void scenario_turn_tcp_media(void)
{
    const uint32_t c = IP4(192, 168, 50, 70), r = IP4(52, 112, 70, 80), nat = IP4(203, 0, 113, 70);
    static const uint64_t rtx[2] = {100 * MS, 300 * MS};
    sched_t s;
    alloc_t au, at;
    agent_t ca, pa;
    gen_tcp_t t;
    stream_t st[2];
    pattern_t audio = teams_audio(50);
    uint8_t p[512], tid[12];
    size_t n;

    sched_open(&s, "teams_turn_tcp_media.pcap", 207);
    teams_agent(&s.g, &ca, c, 50006, "Vb8n", 1, PRIO_LOCAL);
    teams_agent(&s.g, &pa, IP4(198, 51, 100, 170), 50008, "Nw4+", 0, PRIO_REMOTE);
    alloc_init(&s.g, &au, ca.ep, (ep_t){r, 3478}, (ep_t){r, 52006}, (ep_t){nat, 50006}, ST_AUDIO, DSCP_EF);
    alloc_init(&s.g, &at, ca.ep, (ep_t){r, 443}, (ep_t){r, 52106}, (ep_t){nat, 50006}, ST_AUDIO, DSCP_BE);
    at.tcp = &t;

    /* UDP blocked: the direct check and the UDP Allocate, retransmitted, unanswered */
    unanswered_check(&s, 0, &ca, &pa, DSCP_EF, rtx, 2);
    n = turn_allocate_sq(&s.g, p, tid, NULL, ST_AUDIO, NULL, NULL);
    sched_add(&s, 10 * MS, au.client, au.relay, DSCP_EF, p, n);
    sched_add(&s, 110 * MS, au.client, au.relay, DSCP_EF, p, n);
    sched_add(&s, 310 * MS, au.client, au.relay, DSCP_EF, p, n);

    sched_tcp_open(&s, 500 * MS, &t, ca.ep, at.relay);
    alloc_run(&s, &at, 510 * MS);
    alloc_permission(&s, &at, 650 * MS, pa.ep, 0x4000);
    alloc_checks(&s, &at, 750 * MS, &ca, &pa);

    stream_init(&s.g, &st[0], ca.ep, at.relay, DSCP_BE, 104, 0x0000E65Au, 16000);
    stream_init(&s.g, &st[1], at.relay, ca.ep, DSCP_BE, 104, 0x000074ECu, 16000);
    st[0].framing = st[1].framing = FRAME_TCP_CHANNEL;
    st[0].channel = st[1].channel = 0x4000;
    st[0].tcp = st[1].tcp = &t;
    st[0].from_client = 1;
    rtp_run(&s, &st[0], &audio, 850 * MS);
    rtp_run(&s, &st[1], &audio, 860 * MS);
    rtcp_run(&s, &st[0], &st[1]);

    alloc_refresh(&s, &at, 1900 * MS, 0);
    sched_tcp_fin(&s, 1950 * MS, &t, 1);
    sched_tcp_fin(&s, 1975 * MS, &t, 0);
    sched_tcp_send(&s, 1976 * MS, &t, 1, NULL, 0);
    sched_close(&s);
}

/*
 * teams_two_calls_two_parties.pcap: host H 192.168.50.60 in two calls at
 * once (one on hold while the other goes on, both with media here), each
 * with an audio and a video ICE session of its own: call X with P1
 * 198.51.100.161 (audio H:50002 <-> P1:50004, Ab1c / Cd2e; video H:50022 <->
 * P1:50024, Ef3g / Gh4i) from 0 s; call Y with P2 198.51.100.162 (audio
 * H:50006 <-> P2:50008, Ij5k / Kl6m; video H:50026 <-> P2:50028, Mn7o /
 * Op8q) from 400 ms.
 */
static void scenario_two_calls(void)
{
    const uint32_t h = IP4(192, 168, 50, 60), p1 = IP4(198, 51, 100, 161), p2 = IP4(198, 51, 100, 162);
    sched_t s;
    agent_t xa, xpa, xv, xpv, ya, ypa, yv, ypv;
    stream_t st[8];
    pattern_t audio = teams_audio(60), video = teams_video(36);

    sched_open(&s, "teams_two_calls_two_parties.pcap", 208);
    teams_agent(&s.g, &xa, h, 50002, "Ab1c", 1, PRIO_LOCAL);
    teams_agent(&s.g, &xpa, p1, 50004, "Cd2e", 0, PRIO_REMOTE);
    teams_agent(&s.g, &xv, h, 50022, "Ef3g", 1, PRIO_LOCAL);
    teams_agent(&s.g, &xpv, p1, 50024, "Gh4i", 0, PRIO_REMOTE);
    teams_agent(&s.g, &ya, h, 50006, "Ij5k", 1, PRIO_LOCAL);
    teams_agent(&s.g, &ypa, p2, 50008, "Kl6m", 0, PRIO_REMOTE);
    teams_agent(&s.g, &yv, h, 50026, "Mn7o", 1, PRIO_LOCAL);
    teams_agent(&s.g, &ypv, p2, 50028, "Op8q", 0, PRIO_REMOTE);
    media_line(&s, 0, 100 * MS, &xa, &xpa, DSCP_EF, 104, 16000, &audio, &audio, &st[0], &st[1], 0x0000E65Au,
               0x000074ECu, NULL, 0);
    media_line(&s, 200, 120 * MS, &xv, &xpv, DSCP_AF41, 122, 90000, &video, &video, &st[2], &st[3], 0x0000E65Bu,
               0x000074EDu, NULL, 0);
    media_line(&s, 400 * MS, 500 * MS, &ya, &ypa, DSCP_EF, 104, 16000, &audio, &audio, &st[4], &st[5], 0x0000F10Au,
               0x00002B3Cu, NULL, 0);
    media_line(&s, 400 * MS + 200, 520 * MS, &yv, &ypv, DSCP_AF41, 122, 90000, &video, &video, &st[6], &st[7],
               0x0000F10Bu, 0x00002B3Du, NULL, 0);
    sched_close(&s);
}

/*
 * teams_second_call_same_ports.pcap: host H 192.168.50.80 (NAT
 * 203.0.113.80) calls P 198.51.100.180 twice on the same ports (both
 * clients take the first free port of Microsoft's ranges): audio H:50010
 * <-> P:50012, video H:50030 <-> P:50032, each call with relay allocations
 * from those ports at R 52.113.180.10:3478 in [MS-TURN] as teams.pcap's
 * (msalloc_*, frames 1238-1312; one relay address, so no ALTERNATE-SERVER
 * detour; MS-SERVICE-QUALITY stream type 2 on the audio port too). On each
 * 5-tuple P's check comes first (teams.pcap frame 1406). Call 1 (ufrags
 * Fa1r / Ga2s, Ha3t / Ia4u) from 0 s ends at 1.3 s with the release of both
 * allocations (Allocate LIFETIME 0, frames 1485-1508); call 2 (Jb1v / Kb2w,
 * Lb3x / Mb4y) starts 60 s later, at 61.3 s, on the same 5-tuples, and ends
 * the same way.
 */
static void scenario_second_call(void)
{
    const uint32_t h = IP4(192, 168, 50, 80), peer = IP4(198, 51, 100, 180), r = IP4(52, 113, 180, 10);
    const uint32_t nat = IP4(203, 0, 113, 80);
    static const char *const uf[2][4] = {{"Fa1r", "Ga2s", "Ha3t", "Ia4u"}, {"Jb1v", "Kb2w", "Lb3x", "Mb4y"}};
    static const uint32_t ssrc[2][4] = {{0x0000E65Au, 0x000074ECu, 0x0000E65Bu, 0x000074EDu},
                                        {0x00001F40u, 0x00009C41u, 0x00001F41u, 0x00009C42u}};
    static const uint64_t at[4] = {0, 58 * MS, 83 * MS, 126 * MS};
    sched_t s;
    msalloc_t aa, av;
    agent_t ha, pa, hv, pv;
    stream_t st[4];
    uint8_t user[56];
    pattern_t audio = teams_audio(40), video = teams_video(24);

    sched_open(&s, "teams_second_call_same_ports.pcap", 209);
    for (unsigned k = 0; k < 2; k++) {
        uint64_t t0 = k * 61300 * MS;
        gen_fill(&s.g, user, sizeof(user));
        msalloc_init(&s.g, &aa, (ep_t){h, 50010}, (ep_t){r, 3478}, (ep_t){r, 3478}, (ep_t){r, 52010},
                     (ep_t){nat, 50010}, ST_VIDEO, DSCP_EF, user);
        msalloc_init(&s.g, &av, (ep_t){h, 50030}, (ep_t){r, 3478}, (ep_t){r, 3478}, (ep_t){r, 52030},
                     (ep_t){nat, 50030}, ST_VIDEO, DSCP_AF41, user);
        teams_agent(&s.g, &ha, h, 50010, uf[k][0], 1, PRIO_LOCAL);
        teams_agent(&s.g, &pa, peer, 50012, uf[k][1], 0, PRIO_REMOTE);
        teams_agent(&s.g, &hv, h, 50030, uf[k][2], 1, PRIO_LOCAL);
        teams_agent(&s.g, &pv, peer, 50032, uf[k][3], 0, PRIO_REMOTE);
        msalloc_run(&s, &aa, t0, at);
        msalloc_run(&s, &av, t0 + 5 * MS, at);
        media_line_x(&s, t0 + 200 * MS, t0 + 300 * MS, &ha, &pa, 1, DSCP_EF, 104, 16000, &audio, &audio, &st[0],
                     &st[1], ssrc[k][0], ssrc[k][1], NULL, 0);
        media_line_x(&s, t0 + 200 * MS + 200, t0 + 320 * MS, &hv, &pv, 1, DSCP_AF41, 122, 90000, &video, &video,
                     &st[2], &st[3], ssrc[k][2], ssrc[k][3], NULL, 0);
        msalloc_release(&s, &aa, t0 + 1300 * MS, 40 * MS);
        msalloc_release(&s, &av, t0 + 1300 * MS + 100, 40 * MS);
    }
    sched_close(&s);
}

/* A datagram of the flight-proxy-like protocol of teams.pcap frames
 * 1235-1539 (52.114.77.136:3478, api.flightproxy.teams.microsoft.com): from
 * the client 0x06 and a 16-byte connection token then n - 17 opaque bytes;
 * from the server 0x07 then n - 1 opaque bytes; an acknowledgement (either
 * side) 0x03 and a 36-character GUID (37 bytes). */
static size_t fp_data(gen_t *g, uint8_t *p, int from_client, const uint8_t token16[16], size_t n)
{
    p[0] = from_client ? 0x06 : 0x07;
    if (from_client) {
        memcpy(p + 1, token16, 16);
        gen_fill(g, p + 17, n - 17);
    } else {
        gen_fill(g, p + 1, n - 1);
    }
    return n;
}

static size_t fp_ack(gen_t *g, uint8_t *p)
{
    uint8_t r[16];
    char guid[37];
    gen_fill(g, r, sizeof(r));
    snprintf(guid, sizeof(guid), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", r[0], r[1],
             r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
    p[0] = 0x03;
    memcpy(p + 1, guid, 36);
    return 37;
}

/* The exchange of teams.pcap: the client's datagrams of sizes cs, each
 * acknowledged by the server 46 ms later and answered with a server
 * datagram (sizes ss) that the client acknowledges 1 ms after it; every
 * exchange 150 ms after the previous one. */
static void fp_exchange(sched_t *s, uint64_t t, ep_t c, ep_t srv, uint8_t dscp, const uint8_t token16[16],
                        const size_t *cs, const size_t *ss, unsigned n)
{
    uint8_t p[1400];
    for (unsigned i = 0; i < n; i++, t += 150 * MS) {
        sched_add(s, t, c, srv, dscp, p, fp_data(&s->g, p, 1, token16, cs[i]));
        sched_add(s, t + 46 * MS, srv, c, dscp, p, fp_ack(&s->g, p));
        sched_add(s, t + 47 * MS, srv, c, dscp, p, fp_data(&s->g, p, 0, token16, ss[i]));
        sched_add(s, t + 48 * MS, c, srv, dscp, p, fp_ack(&s->g, p));
    }
}

/*
 * teams_relay_unrecognised.pcap: (a) client C 192.168.50.90, audio port
 * 50018, relay R 52.113.77.136:3478: an allocation (401, authenticated
 * Allocate, success), then on the same 5-tuple datagrams that are none of
 * STUN, ChannelData, 0xFF10, DTLS, RTP or RTCP: the flight-proxy-like
 * exchange of teams.pcap (first bytes 0x06, 0x07, 0x03), then four whose
 * first byte is 0xC5; no check, no RTP anywhere. (b) the shape as
 * teams.pcap has it: client C2 192.168.50.91 resolves
 * api.flightproxy.teams.microsoft.com (52.113.77.137) and exchanges the
 * same datagrams from an ephemeral port, 51690, with 52.113.77.137:3478,
 * without any STUN.
 */
static void scenario_relay_unrecognised(void)
{
    static const size_t cs[6] = {977, 1185, 161, 273, 1201, 785}, ss[6] = {193, 753, 417, 1057, 305, 769};
    const uint32_t c = IP4(192, 168, 50, 90), c2 = IP4(192, 168, 50, 91);
    const uint32_t r = IP4(52, 113, 77, 136), fpx = IP4(52, 113, 77, 137);
    ep_t cdns = {c2, 53200}, resolver = {IP4(192, 168, 50, 1), 53}, c2e = {c2, 51690}, fps = {fpx, 3478};
    uint8_t p[1400], token16[16], addr[4];
    sched_t s;
    alloc_t a;
    size_t n;

    sched_open(&s, "teams_relay_unrecognised.pcap", 210);
    alloc_init(&s.g, &a, (ep_t){c, 50018}, (ep_t){r, 3478}, (ep_t){r, 52018}, (ep_t){IP4(203, 0, 113, 90), 50018},
               ST_AUDIO, DSCP_EF);
    gen_fill(&s.g, token16, sizeof(token16));
    alloc_run(&s, &a, 0);
    fp_exchange(&s, 200 * MS, a.client, a.relay, DSCP_EF, token16, cs, ss, 6);
    for (unsigned i = 0; i < 4; i++) {
        p[0] = 0xC5;
        n = 48 + gen_rand(&s.g) % 150;
        gen_fill(&s.g, p + 1, n - 1);
        if (i % 2)
            sched_add(&s, (1200 + 40 * i) * MS, a.relay, a.client, DSCP_EF, p, n);
        else
            sched_add(&s, (1200 + 40 * i) * MS, a.client, a.relay, DSCP_EF, p, n);
    }

    gen_put32(addr, fpx);
    n = gen_dns_msg(p, 0x6c3e, "api.flightproxy.teams.microsoft.com", DNS_A, NULL, 0, NULL, 0);
    sched_add(&s, 2000 * MS, cdns, resolver, DSCP_BE, p, n);
    n = gen_dns_msg(p, 0x6c3e, "api.flightproxy.teams.microsoft.com", DNS_A, NULL, 0, addr, 300);
    sched_add(&s, 2034 * MS, resolver, cdns, DSCP_BE, p, n);
    gen_fill(&s.g, token16, sizeof(token16));
    fp_exchange(&s, 2100 * MS, c2e, fps, DSCP_BE, token16, cs, ss, 6);
    sched_close(&s);
}

void gen_teams_all(void)
{
    scenario_meeting();
    scenario_alloc_before_checks();
    scenario_tls_relay("teams_tls_relay_sni.pcap", 203, IP4(192, 168, 50, 30), "tr.teams.microsoft.com");
    scenario_tls_relay("teams_tls_relay_cert_only.pcap", 204, IP4(192, 168, 50, 31), NULL);
    scenario_relayed_channeldata();
    scenario_relayed_ff10();
    scenario_turn_tcp_media();
    scenario_two_calls();
    scenario_second_call();
    scenario_relay_unrecognised();
}
