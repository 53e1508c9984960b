/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * captures/turn_tcp_443.pcap: a Teams call whose media falls back to TCP
 * 443 at a Microsoft relay (TURN over TCP, RFC 6062 and RFC 5766 §2.1:
 * STUN messages and ChannelData back to back on the stream, ChannelData
 * padded to 4 bytes), after the call's UDP connectivity check; then STUN
 * over TCP 443 to an address outside the relay ranges, without Microsoft
 * attributes, which must stay untagged, and an Allocate over TCP 3478 to a
 * relay-range address without them, tagged by the range. Fixed seed: the same bytes on every
 * run. The frames are listed in captures/README.md.
 */
#include <string.h>

#include "gen_stun.h"

#define put16 gen_put16
#define put32 gen_put32

/* The client's ICE check (RFC 8445 §7.1) "pUfT:cUfT", controlling, with
 * Microsoft's ICE attributes. */
static size_t ice_request(gen_t *g, uint8_t *p, uint8_t tid[12])
{
    static const uint8_t tiebreak[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    return stun_ice_request(g, p, tid, "pUfT:cUfT", 1, tiebreak, "1", 0);
}

/* ChannelData (RFC 5766 §11.4) with n bytes of an SRTP packet (PT 104),
 * padded to 4 over TCP. */
static size_t channel_data(gen_t *g, uint8_t *p, uint16_t channel, size_t n)
{
    uint8_t d[256];

    d[0] = 0x80;
    d[1] = 104;
    gen_fill(g, d + 2, n - 2);
    return turn_channel_data(p, channel, d, n, 1);
}

/*
 * Client 192.168.20.30 (ufrag cUfT), peer 198.51.100.90:50040 (pUfT),
 * Microsoft relay 52.113.5.20:443 (relayed address 52.113.5.20:52010,
 * channel 0x4002); negative: 192.168.20.31 to 203.0.113.50:443; by the
 * range alone: 192.168.20.32 to 52.114.7.7:3478.
 */
static void scenario_turn_tcp_443(const char *path)
{
    const uint32_t client = IP4(192, 168, 20, 30), peer = IP4(198, 51, 100, 90), relay = IP4(52, 113, 5, 20);
    const uint32_t mapped = IP4(203, 0, 113, 9);
    uint8_t p[1024], q[256], tid[12], itid[12], session[8];
    char nonce[33], user[41];
    gen_tcp_t t, neg;
    size_t n, qn;
    gen_t g;

    gen_open(&g, path, 443);
    gen_hex(&g, nonce, 16);
    gen_hex(&g, user, 20);
    gen_fill(&g, session, sizeof(session));

    /* 1-2: the call's UDP check from the client's host candidate, answered. */
    n = ice_request(&g, p, tid);
    gen_udp(&g, client, 50010, peer, 50040, p, n);
    gen_wait(&g, 30000);
    n = stun_ice_response(&g, p, tid, client, 50010);
    gen_udp(&g, peer, 50040, client, 50010, p, n);
    gen_wait(&g, 200000);

    /* 3-5: the TCP connection to the relay on 443. */
    gen_tcp_open(&g, &t, client, 51000, relay, 443);

    /* 6-7: Allocate (MS-VERSION, MS-MULTIPLEXED-TURN-SESSION-ID), 401. */
    gen_tcp_send(&g, &t, 1, p, turn_allocate(&g, p, tid, 1, session, NULL, NULL));
    gen_wait(&g, 20000);
    gen_tcp_send(&g, &t, 0, p, turn_401(p, tid, nonce));

    /* 8: Allocate with credentials; 9-10: its success, split across two segments. */
    gen_tcp_send(&g, &t, 1, p, turn_allocate(&g, p, tid, 1, session, user, nonce));
    gen_wait(&g, 20000);
    n = turn_allocate_ok(&g, p, tid, relay, 52010, mapped, 51000);
    gen_tcp_send(&g, &t, 0, p, 36);
    gen_tcp_send(&g, &t, 0, p + 36, n - 36);

    /* 11: CreatePermission and ChannelBind back to back in one segment; 12-13: their successes. */
    n = turn_permission(&g, p, tid, peer, 50040, user, nonce);
    n += turn_channel_bind(&g, p + n, itid, 0x4002, peer, 50040, user, nonce);
    gen_tcp_send(&g, &t, 1, p, n);
    gen_wait(&g, 20000);
    gen_tcp_send(&g, &t, 0, p, turn_ok(&g, p, PERMISSION_OK, tid));
    gen_tcp_send(&g, &t, 0, p, turn_ok(&g, p, CHANBIND_OK, itid));

    /* 14-15: the relayed check: Send indication with the client's Binding
     * request (same ufrags as frame 1), Data indication with the answer. */
    qn = ice_request(&g, q, itid);
    gen_tcp_send(&g, &t, 1, p, turn_indication(&g, p, SEND_IND, peer, 50040, q, qn));
    gen_wait(&g, 40000);
    qn = stun_ice_response(&g, q, itid, relay, 52010);
    gen_tcp_send(&g, &t, 0, p, turn_indication(&g, p, DATA_IND, peer, 50040, q, qn));

    /* 16-19: ChannelData both ways, 61-byte data padded to 64. */
    for (unsigned i = 0; i < 4; i++) {
        gen_wait(&g, 20000);
        n = channel_data(&g, p, 0x4002, 61);
        gen_tcp_send(&g, &t, (int)(i % 2 == 0), p, n);
    }

    /* 20-21: Refresh with LIFETIME 0 and its success; 22-23: FIN both ways. */
    gen_wait(&g, 500000);
    gen_tcp_send(&g, &t, 1, p, turn_refresh_end(&g, p, tid, user, nonce));
    gen_wait(&g, 20000);
    gen_tcp_send(&g, &t, 0, p, turn_refresh_end_ok(&g, p, tid));
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);

    /* 24-30: another client's Allocate over TCP 3478 (STUN's port) to a
     * relay-range address, no Microsoft attribute, answered with a 401:
     * tagged by the range alone, a call of its own. It comes before the
     * negative: with tcp.try_heuristic_first, Wireshark's STUN heuristic,
     * once it has matched (frame 34), is tried first (docs/limits.md). */
    gen_wait(&g, 1000000);
    gen_tcp_open(&g, &neg, IP4(192, 168, 20, 32), 51200, IP4(52, 114, 7, 7), 3478);
    gen_tcp_send(&g, &neg, 1, p, turn_allocate(&g, p, tid, 0, NULL, NULL, NULL));
    gen_tcp_send(&g, &neg, 0, p, turn_401(p, tid, nonce));
    gen_tcp_fin(&g, &neg, 1);
    gen_tcp_fin(&g, &neg, 0);
    /* 31-37 (negative): STUN over TCP 443 to 203.0.113.50, outside the relay
     * ranges, with only standard attributes (SOFTWARE, FINGERPRINT). */
    gen_wait(&g, 1000000);
    gen_tcp_open(&g, &neg, IP4(192, 168, 20, 31), 51100, IP4(203, 0, 113, 50), 443);
    gen_fill(&g, tid, 12);
    gen_tcp_send(&g, &neg, 1, p, stun_software(p, BINDING_REQ, tid, "example stun client 1.0", 0, 0));
    n = stun_software(p, BINDING_OK, tid, "example stun server 1.0", IP4(198, 51, 100, 31), 51100);
    gen_tcp_send(&g, &neg, 0, p, n);
    gen_tcp_fin(&g, &neg, 1);
    gen_tcp_fin(&g, &neg, 0);

    gen_close(&g, path);
}

void gen_turn_tcp_all(void)
{
    scenario_turn_tcp_443(gen_out_path("turn_tcp_443.pcap"));
}
