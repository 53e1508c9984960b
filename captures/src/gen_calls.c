/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The modern Skype/Teams call captures, captures/call_*.pcap: ICE
 * connectivity checks with Microsoft STUN attributes (RFC 5389, RFC 8445),
 * TURN relaying through a Microsoft relay (RFC 5766), SRTP audio and video
 * with RTCP multiplexed on the media port (RFC 5761) and DSCP marks, and the
 * look-alike WebRTC and SIP calls that must stay untagged.
 *
 * Each scenario schedules its frames on the timeline of gen_media.h
 * (microseconds from the capture start) so that concurrent streams
 * interleave as in a real call, then writes them in time order. Fixed
 * seeds: the same bytes on every run.
 * The frame numbers are listed in captures/README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_media.h"

/* ------------------------------------------------------------------ */
/* Scenarios. */

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
    pattern_t video = {45, 33333, 1, 3000, 800, 1100, 4, 0, -1, 0};

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
    pattern_t screen = {40, 40 * MS, 4, 3600, 950, 1050, 4, 0, -1, 0};

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
    pattern_t opus = {30, 20 * MS, 1, 960, 60, 110, 10, 1, -1, 0};
    pattern_t pcmu = {30, 20 * MS, 1, 160, 160, 160, 0, 1, -1, 0};

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
