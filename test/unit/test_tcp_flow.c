/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the TCP decisions the epan layer asks the core for
 * (issue 18): a segment's phase on an SN connection (skype_tcp.h), the
 * recognition verdict from gathered facts (skype_tcp_recognise.h) and the
 * TURN-over-TCP stream walk (skype_turn_tcp.h). Bytes as in
 * docs/protocol.md §4 and captures/turn_tcp_443.pcap. Prints "N passed, N
 * failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_modern.h"
#include "skype_phase.h"
#include "skype_tcp.h"
#include "skype_tcp_recognise.h"
#include "skype_turn_tcp.h"

#include "check.h"

/* ---- the phase of an SN connection's segment (docs/protocol.md §4.1, §5) ---- */

static void test_segment_phase(void)
{
    skype_tcp_state_t st;
    skype_tcp_out_t o;
    static const uint8_t x[400];

    /* skype-irc.cap 273-278: T1 14, reply 73, T2 25, T3 587, T4 16, then session */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    skype_tcp_step(&st, true, x, 14, 14, &o);
    CHECK(o.msg == SKYPE_T1 && skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_NONE) ==
                                   SKYPE_PHASE_SN_HANDSHAKE);
    skype_tcp_step(&st, false, x, 73, 73, &o);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_SN_HANDSHAKE) == SKYPE_PHASE_SN_HANDSHAKE);
    skype_tcp_step(&st, true, x, 25, 25, &o);
    skype_tcp_step(&st, false, x, 300, 587, &o);
    CHECK(o.msg == SKYPE_T3 && st.sn_result == SKYPE_SN_ACCEPTED);
    skype_tcp_step(&st, true, x, 16, 16, &o);
    /* T4 itself: in session already, but a handshake message */
    CHECK(o.msg == SKYPE_T4 && skype_tcp_in_session(&st));
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_SN_HANDSHAKE) == SKYPE_PHASE_SN_HANDSHAKE);
    /* the next segment: the kept SN connection */
    skype_tcp_step(&st, false, x, 40, 40, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_SN_HANDSHAKE) == SKYPE_PHASE_SN_SESSION);
    /* and it stays there, whatever comes */
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, SKYPE_T2, SKYPE_PHASE_SN_SESSION) == SKYPE_PHASE_SN_SESSION);
    /* an earlier phase than the handshake (the first segment of a mid-stream
     * connection: phase none) gets the mode's phase */
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_NONE) == SKYPE_PHASE_SN_HANDSHAKE);
    /* teardown is not the rule's: the mode's phase (skype_phase_enter keeps teardown) */
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_TEARDOWN) == SKYPE_PHASE_SN_HANDSHAKE);

    /* refused (339-byte T3): no session */
    st.sn_result = SKYPE_SN_REFUSED;
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, SKYPE_TCP_NONE, SKYPE_PHASE_SN_HANDSHAKE) ==
          SKYPE_PHASE_SN_HANDSHAKE);
    st.sn_result = SKYPE_SN_UNKNOWN; /* a T3 of unknown size (<= 57): not refused */
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, SKYPE_TCP_NONE, SKYPE_PHASE_SN_HANDSHAKE) ==
          SKYPE_PHASE_SN_SESSION);

    /* not past T4 yet */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    skype_tcp_step(&st, true, x, 14, 14, &o);
    skype_tcp_step(&st, false, x, 73, 73, &o);
    CHECK(o.msg == SKYPE_TCP_NONE && !skype_tcp_in_session(&st));
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, &st, o.msg, SKYPE_PHASE_SN_HANDSHAKE) == SKYPE_PHASE_SN_HANDSHAKE);

    /* a restricted mode keeps its recognised mode; after R3 the machine is SN */
    skype_tcp_init(&st, SKYPE_MODE_R80, false);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_R80, &st, SKYPE_TCP_NONE, SKYPE_PHASE_SN_SESSION) ==
          SKYPE_PHASE_SN_HANDSHAKE); /* not SN yet: the mode's phase */
    skype_tcp_init(&st, SKYPE_MODE_SN, true);
    st.via = SKYPE_MODE_R443;
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_R443, &st, SKYPE_TCP_NONE, SKYPE_PHASE_SN_HANDSHAKE) ==
          SKYPE_PHASE_SN_SESSION);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_R443, &st, SKYPE_T4, SKYPE_PHASE_SN_SESSION) == SKYPE_PHASE_SN_SESSION);

    /* other modes: their own phase, even from the SN session */
    skype_tcp_init(&st, SKYPE_MODE_LOGIN, false);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_LOGIN, &st, SKYPE_L1, SKYPE_PHASE_NONE) == SKYPE_PHASE_LOGIN);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_LOGIN, &st, SKYPE_TCP_NONE, SKYPE_PHASE_SN_SESSION) ==
          SKYPE_PHASE_LOGIN);
    skype_tcp_init(&st, SKYPE_MODE_PEER, false);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_PEER, &st, SKYPE_TCP_NONE, SKYPE_PHASE_NONE) == SKYPE_PHASE_SN_SESSION);
    skype_tcp_init(&st, SKYPE_MODE_UPDATE, false);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_UPDATE, &st, SKYPE_TCP_NONE, SKYPE_PHASE_UPDATE) ==
          SKYPE_PHASE_UPDATE);
    /* no machine */
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_TURN, NULL, SKYPE_TCP_NONE, SKYPE_PHASE_SN_SESSION) ==
          SKYPE_PHASE_RELAY);
    CHECK(skype_tcp_segment_phase(SKYPE_MODE_SN, NULL, SKYPE_TCP_NONE, SKYPE_PHASE_SN_HANDSHAKE) ==
          SKYPE_PHASE_SN_HANDSHAKE);
}

/* ---- recognition from facts (docs/protocol.md §4, §6; docs/design.md "TCP") ---- */

static const uint8_t L1[5] = {0x16, 0x03, 0x01, 0x00, 0x00};
static const uint8_t TLS_HELLO[16] = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03};
static const uint8_t T1[14] = {0x3a, 0x91, 0x0c, 0x55, 0x27, 0xe4, 0x01, 0x7b, 0x99, 0x12, 0x40, 0x08, 0xd2, 0x6e};
/* v1.4 port-80 R1: high nibbles of bytes 4-5 equal those of 14-15 */
static const uint8_t R80_V14[16] = {0x01, 0x02, 0x03, 0x04, 0x51, 0x62, 0x07, 0x08,
                                    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x5f, 0x6f};
static uint8_t R1_443[72];
static uint8_t R80_V20[24];
static char update[200];

static void init_bytes(void)
{
    static const uint8_t prefix[56] = {
        0x80, 0x46, 0x01, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x05, 0x00, 0x00,
        0x04, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x64, 0x00, 0x00, 0x62, 0x00, 0x00, 0x08,
        0x00, 0x00, 0x03, 0x00, 0x00, 0x06, 0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x03, 0x00, 0x80, 0x06,
        0x00, 0x40, 0x02, 0x00, 0x80, 0x04, 0x00, 0x80};

    memcpy(R1_443, prefix, sizeof(prefix));
    for (unsigned i = 56; i < 72; i++)
        R1_443[i] = (uint8_t)(i * 7);
    /* v2.0 port-80 R1: high nibbles of bytes 5-13 equal those of 15-23 */
    for (unsigned i = 0; i < 24; i++)
        R80_V20[i] = (uint8_t)(0x93 + i * 0x11);
    for (unsigned i = 0; i < 9; i++)
        R80_V20[15 + i] = (uint8_t)((R80_V20[5 + i] & 0xf0) | 0x0a);
    snprintf(update, sizeof(update), "%s",
             "GET /ui/0/2.0.0.103/en/getlatestversion?ver=2.0 HTTP/1.1\r\nHost: ui.skype.com\r\n\r\n");
}

/* Facts of a segment of bytes p[0..n) to port, nothing else known. */
static skype_tcp_facts_t facts(const void *p, size_t n, uint16_t port)
{
    skype_tcp_facts_t f;

    memset(&f, 0, sizeof(f));
    f.p = (const uint8_t *)p;
    f.caplen = f.len = n;
    f.dst_port = port;
    f.byte0 = n ? f.p[0] : 0;
    return f;
}

/* From a confirmed client's host (both ends ip:ports), its first payload. */
static skype_tcp_facts_t from_host(const void *p, size_t n, uint16_t port)
{
    skype_tcp_facts_t f = facts(p, n, port);

    f.client_host = f.src_host = f.eps = f.first = true;
    return f;
}

/* From an unconfirmed endpoint's host to the ip:port of its positive U4. */
static skype_tcp_facts_t after_probe(const void *p, size_t n, uint16_t port)
{
    skype_tcp_facts_t f = facts(p, n, port);

    f.eps = f.probe = f.first = true;
    return f;
}

static void test_recognise_reject(void)
{
    skype_tcp_facts_t f = facts(T1, sizeof(T1), 12350);

    CHECK(skype_tcp_recognise_reject(NULL));
    CHECK(skype_tcp_recognise_reject(&f)); /* sizes alone are nothing */
    f.p = NULL;                            /* step 2 does not need p */
    CHECK(skype_tcp_recognise_reject(&f));
    f.byte0 = 0x16; /* L1, L3 */
    CHECK(!skype_tcp_recognise_reject(&f));
    f.byte0 = 0x80; /* R1 on 443 */
    CHECK(!skype_tcp_recognise_reject(&f));
    f.byte0 = 'G'; /* update check */
    CHECK(!skype_tcp_recognise_reject(&f));
    f.byte0 = 0x17; /* TLS application data */
    CHECK(skype_tcp_recognise_reject(&f));
    f.dst_port = 80; /* R1 on 80 */
    CHECK(!skype_tcp_recognise_reject(&f));
    f.dst_port = 443;
    f.client_host = true; /* a client's host: every segment goes on */
    CHECK(!skype_tcp_recognise_reject(&f));
    f.caplen = 0;
    CHECK(skype_tcp_recognise_reject(&f));

    /* a probe links only a T1-sized first payload */
    f = after_probe(T1, sizeof(T1), 12350);
    f.p = NULL;
    CHECK(!skype_tcp_recognise_reject(&f));
    f.len = 65;
    CHECK(skype_tcp_recognise_reject(&f));
    f.len = 8;
    CHECK(!skype_tcp_recognise_reject(&f));
    f.first = false;
    CHECK(skype_tcp_recognise_reject(&f));
    f.first = true;
    f.eps = false;
    CHECK(skype_tcp_recognise_reject(&f));
    f.eps = true;
    f.probe = false;
    CHECK(skype_tcp_recognise_reject(&f));
}

/* The verdict's fields that follow from the mode and linked alone. */
static bool consistent(const skype_tcp_verdict_t *v)
{
    if (v->mode == SKYPE_MODE_NONE)
        return v->evidence == 0 && !v->linked && !v->midstream && !v->dissect && !v->link_probe;
    return v->evidence == skype_tcp_mode_evidence(v->mode, v->linked) &&
           v->dissect == !skype_tcp_mode_tag_only(v->mode);
}

static void test_recognise_signatures(void)
{
    skype_tcp_facts_t f;
    skype_tcp_verdict_t v;

    /* byte signatures need no link (docs/protocol.md §6.3) */
    f = facts(L1, sizeof(L1), 33033);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_LOGIN && v.mode == SKYPE_MODE_LOGIN);
    CHECK(v.evidence == SKYPE_EV_LOGIN && !v.linked && v.dissect && !v.midstream && !v.link_probe && consistent(&v));
    f = facts(R1_443, sizeof(R1_443), 443);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R443 && v.evidence == SKYPE_EV_FAKE_TLS && v.dissect);
    f = facts(update, strlen(update), 80);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_UPDATE && v.evidence == SKYPE_EV_HTTP_UPDATE && !v.dissect);
    CHECK(consistent(&v));
    /* only the first 79 bytes are read: a Host line beyond them is not seen */
    {
        static const char pad[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        char late[200];
        size_t n = (size_t)snprintf(late, sizeof(late), "GET /getlatestversion?%.*s HTTP/1.1\r\nHost: ui.skype.com\r\n",
                                    50, pad);
        f = facts(late, n, 80);
        CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
        f.caplen = 79; /* what the caller fetches: the same */
        CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
        n = (size_t)snprintf(late, sizeof(late),
                             "GET /getlatestversion?%.*s HTTP/1.1\r\nHost: ui.skype.com\r\nUser-Agent: Skype\r\n\r\n",
                             20, pad);
        f = facts(late, n, 80); /* now within 79 */
        CHECK(n > 79 && skype_tcp_recognise(&f, &v) == SKYPE_MODE_UPDATE);
    }
    f = facts(R80_V20, sizeof(R80_V20), 80); /* v2.0 R1: its own evidence (3) */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R80 && v.evidence == SKYPE_EV_SN_HANDSHAKE && !v.linked);
    f = facts(R80_V14, sizeof(R80_V14), 80); /* v1.4 R1 alone: 1 in 256 by chance */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE && consistent(&v));
    f = facts(T1, sizeof(T1), 12350); /* rejected */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE && consistent(&v));
    f = facts(TLS_HELLO, sizeof(TLS_HELLO), 443); /* ordinary HTTPS */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* ... to an address a Skype/Teams name resolved to: tagged (docs/modern.md, "Names") */
    f.dns_known = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_DNS && v.evidence == SKYPE_EV_DNS && !v.dissect);
    CHECK(!v.linked && consistent(&v));
    /* no bytes: only the DNS tag */
    f.p = NULL;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_DNS);
    f.dns_known = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* a signature wins over the DNS tag */
    f = facts(L1, sizeof(L1), 443);
    f.dns_known = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_LOGIN);
    /* NULL: nothing */
    CHECK(skype_tcp_recognise(NULL, &v) == SKYPE_MODE_NONE && consistent(&v));
    CHECK(skype_tcp_recognise(&f, NULL) == SKYPE_MODE_LOGIN);
}

static void test_recognise_host(void)
{
    skype_tcp_facts_t f;
    skype_tcp_verdict_t v;

    /* first payload to a UDP peer that answered a client of the host: SN */
    f = from_host(T1, sizeof(T1), 12350);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE); /* no peer answered */
    f.peer_answered = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_SN && v.linked && v.evidence == SKYPE_EV_LINKED);
    CHECK(v.dissect && !v.midstream && !v.link_probe && consistent(&v));
    /* not the first payload (the connection began before the confirmation) */
    f.first = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    f.first = true;
    /* ordinary TLS from the host, even to such a peer */
    f = from_host(TLS_HELLO, sizeof(TLS_HELLO), 443);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    f.dns_known = true; /* DNS tag, linked kept as found */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_DNS && v.linked && v.evidence == SKYPE_EV_DNS);
    /* port 80 or 443 from the host links without a peer */
    f = from_host(T1, sizeof(T1), 443);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_SN && v.linked);
    f = from_host(R80_V14, sizeof(R80_V14), 80); /* v1.4 R1 from a client's host */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R80 && v.linked && v.evidence == SKYPE_EV_LINKED);
    f = from_host(R80_V20, sizeof(R80_V20), 80);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R80 && v.evidence == SKYPE_EV_LINKED);
    /* ends that are no ip:ports: nothing linked (the v2.0 R1 keeps its own evidence) */
    f.eps = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R80 && !v.linked && v.evidence == SKYPE_EV_SN_HANDSHAKE);
    f = from_host(R80_V14, sizeof(R80_V14), 80);
    f.eps = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* the destination's host has the client, not the source's: only to_client links */
    f = from_host(T1, sizeof(T1), 443);
    f.src_host = false;
    f.first = false; /* not asked then */
    f.peer_answered = true; /* not asked then either: ignored */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    f.first = true; /* not asked: ignored */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* to a confirmed client's Skype ip:port: a peer connection, first payload or not */
    f.to_client = true;
    f.first = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_PEER && v.linked && v.evidence == SKYPE_EV_LINKED);
    CHECK(!v.midstream && v.dissect && consistent(&v));
    f.src_host = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_PEER && !v.midstream);
    /* a login to a client's ip:port stays a login */
    f = from_host(L1, sizeof(L1), 33033);
    f.to_client = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_LOGIN && v.evidence == SKYPE_EV_LOGIN && v.linked);
    /* to_client without both ip:ports is not asked: ignored */
    f = from_host(T1, sizeof(T1), 12350);
    f.to_client = true;
    f.eps = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
}

static void test_recognise_probe(void)
{
    skype_tcp_facts_t f;
    skype_tcp_verdict_t v;

    /* captures/tcp_sn_partial_probe.pcap: T1 to the U4's ip:port within 10 s */
    f = after_probe(T1, sizeof(T1), 12350);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_SN && v.linked && v.evidence == SKYPE_EV_LINKED);
    CHECK(v.link_probe && !v.midstream && v.dissect && consistent(&v));
    /* near misses: not T1-sized, not the first payload */
    f.len = f.caplen = 100;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE && !v.link_probe);
    f = after_probe(T1, sizeof(T1), 12350);
    f.first = false;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* a client on either host: the probe is not asked (ignored) */
    f = after_probe(T1, sizeof(T1), 12350);
    f.client_host = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    /* port 80, v1.4 R1 (16 bytes: T1-sized) */
    f = after_probe(R80_V14, sizeof(R80_V14), 80);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_R80 && v.link_probe && v.evidence == SKYPE_EV_LINKED);
    /* a login or TLS after the probe: not linked back */
    f = after_probe(L1, sizeof(L1), 443); /* 5 bytes: no T1 */
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_LOGIN && !v.linked && !v.link_probe);
    {
        uint8_t l3[20] = {0x16, 0x03, 0x01, 0x00, 0xcd, 0x41, 0x03, 0x00, 0x09, 0x80, 0x40, 0x04, 0x08, 0xc0, 0x01};
        f = after_probe(l3, sizeof(l3), 443);
        CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_LOGIN && v.linked && !v.link_probe);
        CHECK(v.evidence == SKYPE_EV_LOGIN);
    }
    f = after_probe(TLS_HELLO, sizeof(TLS_HELLO), 443);
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_NONE);
    f.dns_known = true;
    CHECK(skype_tcp_recognise(&f, &v) == SKYPE_MODE_DNS && !v.link_probe && v.linked);
}

/* Every combination of the facts: the verdict's own invariants. */
static void test_recognise_all(void)
{
    const struct {
        const void *p;
        size_t n;
    } seg[] = {{T1, sizeof(T1)}, {L1, sizeof(L1)}, {TLS_HELLO, sizeof(TLS_HELLO)}, {R80_V14, sizeof(R80_V14)},
               {R80_V20, sizeof(R80_V20)}, {R1_443, sizeof(R1_443)}, {update, 0}};
    const uint16_t ports[] = {80, 443, 12350};
    unsigned bad = 0, runs = 0;

    for (size_t s = 0; s < sizeof(seg) / sizeof(seg[0]); s++)
        for (size_t q = 0; q < sizeof(ports) / sizeof(ports[0]); q++)
            for (unsigned bits = 0; bits < 256; bits++) {
                skype_tcp_facts_t f = facts(seg[s].p, seg[s].n ? seg[s].n : strlen(update), ports[q]);
                skype_tcp_verdict_t v;
                uint8_t mode;

                f.client_host = bits & 1;
                f.src_host = (bits & 2) && f.client_host;
                f.eps = bits & 4;
                f.to_client = bits & 8;
                f.peer_answered = bits & 16;
                f.probe = bits & 32;
                f.first = bits & 64;
                f.dns_known = bits & 128;
                mode = skype_tcp_recognise(&f, &v);
                runs++;
                if (mode != v.mode || !consistent(&v) || (skype_tcp_recognise_reject(&f) && mode != 0) ||
                    (v.link_probe && (f.client_host || !(mode == SKYPE_MODE_SN || mode == SKYPE_MODE_R80))) ||
                    (mode == SKYPE_MODE_DNS && !f.dns_known) || (mode == SKYPE_MODE_PEER && !f.to_client) ||
                    (mode == SKYPE_MODE_SN && !v.linked) || v.midstream)
                    bad++;
            }
    /* midstream never holds with these rules: an SN verdict needs the first
     * payload, or goes to a client and is then a peer connection */
    CHECK(bad == 0 && runs == 7 * 3 * 256);
}

/* ---- the TURN-over-TCP walk (docs/modern.md, "TURN over TCP") ---- */

/* A stream like captures/turn_tcp_443.pcap's: an Allocate with
 * MS-MULTIPLEXED-TURN-SESSION-ID (36 bytes), ChannelData 0x4002 with 61
 * bytes (68 with its padding), a Refresh without attributes (20). */
static size_t stream(uint8_t *b)
{
    memset(b, 0, 124);
    b[1] = 0x03;
    b[3] = 16;
    b[4] = 0x21; b[5] = 0x12; b[6] = 0xa4; b[7] = 0x42;
    b[20] = 0x80; b[21] = 0x95; b[23] = 4;
    b[24] = 1; b[25] = 2; b[26] = 3; b[27] = 4;
    b[28] = 0x80; b[29] = 0x22; b[31] = 2; b[32] = 'a'; b[33] = 'b';
    b[36] = 0x40; b[37] = 0x02; b[39] = 61;
    b[105] = 0x04;
    b[108] = 0x21; b[109] = 0x12; b[110] = 0xa4; b[111] = 0x42;
    return 124;
}

/* Walk one piece; the PDUs into pdus[0..8), their count returned. */
static unsigned walk(skype_turn_stream_t *s, unsigned dir, const uint8_t *p, size_t caplen, size_t len,
                     bool have_seq, uint32_t seq, skype_turn_pdu_t *pdus, uint8_t *rest, skype_turn_walk_t *w)
{
    skype_turn_pdu_t pdu;
    unsigned n = 0;

    skype_turn_walk_begin(w, s, dir, p, caplen, len, have_seq, seq);
    while (skype_turn_walk_next(w, &pdu)) {
        if (n < 8)
            pdus[n] = pdu;
        n++;
    }
    *rest = skype_turn_walk_end(w);
    return n;
}

static void test_turn_walk(void)
{
    uint8_t b[124], rest, *heap;
    skype_turn_stream_t s;
    skype_turn_pdu_t pdus[8];
    skype_turn_walk_t w;
    size_t n = stream(b);
    const uint32_t seq = 1000;

    /* the whole stream in one segment: three PDUs */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b, n, n, true, seq, pdus, &rest, &w) == 3 && w.n == 3 && rest == 0 && !w.lost);
    CHECK(pdus[0].off == 0 && pdus[0].plen == 36 && pdus[0].pkt == SKYPE_PKT_STUN && pdus[0].stun);
    CHECK(pdus[0].info.method == SKYPE_STUN_ALLOCATE && pdus[0].info.ms == SKYPE_MS_MULTIPLEXED_SESSION);
    CHECK(pdus[1].off == 36 && pdus[1].plen == 68 && pdus[1].pkt == SKYPE_PKT_TURN_CHANNEL && !pdus[1].stun);
    CHECK(pdus[1].info.method == 0 && pdus[1].info.ms == 0);
    CHECK(pdus[2].off == 104 && pdus[2].plen == 20 && pdus[2].stun && pdus[2].info.method == SKYPE_STUN_REFRESH);
    CHECK(s.sync == 1 && s.next_pdu[0] == seq + 124 && s.pkt[0] == SKYPE_PKT_STUN && s.pkt[1] == 0);
    CHECK(skype_turn_walk_end(&w) == 0 && s.next_pdu[0] == seq + 124 && s.sync == 1); /* again: no change */

    /* split over three segments, as TCP delivers them without reassembly */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b, 50, 50, true, seq, pdus, &rest, &w) == 2 && rest == 0);
    CHECK(pdus[1].off == 36 && pdus[1].pkt == SKYPE_PKT_TURN_CHANNEL); /* its header is there: it starts here */
    CHECK(s.next_pdu[0] == seq + 104 && s.pkt[0] == SKYPE_PKT_TURN_CHANNEL);
    /* only the rest of the ChannelData: counted as ChannelData */
    CHECK(walk(&s, 0, b + 50, 40, 40, true, seq + 50, pdus, &rest, &w) == 0);
    CHECK(rest == SKYPE_PKT_TURN_CHANNEL && w.skipped == 40 && !w.lost && s.next_pdu[0] == seq + 104);
    /* the rest, then the Refresh */
    CHECK(walk(&s, 0, b + 90, 34, 34, true, seq + 90, pdus, &rest, &w) == 1 && w.skipped == 14);
    CHECK(pdus[0].off == 14 && pdus[0].info.method == SKYPE_STUN_REFRESH && s.next_pdu[0] == seq + 124);

    /* a STUN message whose header ends the segment: begun, not parsed */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b + 104, 6, 6, true, seq, pdus, &rest, &w) == 1);
    CHECK(pdus[0].pkt == SKYPE_PKT_STUN && !pdus[0].stun && pdus[0].plen == 20 && s.next_pdu[0] == seq + 20);
    /* the header cut inside its first 4 bytes: framing lost */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b + 104, 3, 3, true, seq, pdus, &rest, &w) == 0 && rest == SKYPE_PKT_STUN && w.lost);
    CHECK(s.sync == 0);

    /* a retransmission of the first segment: skipped whole, nothing moves back */
    memset(&s, 0, sizeof(s));
    walk(&s, 0, b, n, n, true, seq, pdus, &rest, &w);
    CHECK(walk(&s, 0, b, 50, 50, true, seq, pdus, &rest, &w) == 0 && w.skipped == 50 && rest == SKYPE_PKT_STUN);
    CHECK(s.next_pdu[0] == seq + 124 && s.sync == 1);
    /* bytes missed: a piece beyond the known start is read from its first byte */
    CHECK(walk(&s, 0, b, n, n, true, seq + 200, pdus, &rest, &w) == 3 && w.skipped == 0);
    CHECK(s.next_pdu[0] == seq + 324);

    /* no TURN framing (0x80-0xFF): lost, the direction starts afresh */
    memset(&s, 0, sizeof(s));
    walk(&s, 0, b, 50, 50, true, seq, pdus, &rest, &w);
    {
        uint8_t junk[16];
        memset(junk, 0xa5, sizeof(junk));
        CHECK(walk(&s, 0, junk, 16, 16, true, seq + 200, pdus, &rest, &w) == 0 && w.lost);
        CHECK(rest == SKYPE_PKT_TURN_CHANNEL && (s.sync & 1) == 0); /* the last PDU begun */
        /* then the next piece from its first byte, even one that TCP would place inside */
        CHECK(walk(&s, 0, b, n, n, true, seq + 100, pdus, &rest, &w) == 3 && s.sync == 1);
    }
    /* PDUs before junk in one piece: those found, then lost */
    {
        uint8_t mix[40];
        memcpy(mix, b, 36);
        memset(mix + 36, 0xff, 4);
        memset(&s, 0, sizeof(s));
        CHECK(walk(&s, 1, mix, 40, 40, true, seq, pdus, &rest, &w) == 1 && rest == 0 && w.lost);
        CHECK(s.sync == 0 && s.pkt[1] == SKYPE_PKT_STUN && s.pkt[0] == 0);
    }

    /* the capture cut the segment: the walk stops at the captured end */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b, 40, 124, true, seq, pdus, &rest, &w) == 2 && w.lost && s.sync == 0);
    CHECK(pdus[1].off == 36 && !pdus[1].stun);
    /* a STUN message only partly captured: parsed as far as it is (the attribute header cut) */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b, 22, 36, true, seq, pdus, &rest, &w) == 1 && pdus[0].stun && pdus[0].info.ms == 0);
    CHECK(!w.lost && s.next_pdu[0] == seq + 36);

    /* without TCP's sequence numbers: from the first byte; framing kept when the piece ends clean */
    memset(&s, 0, sizeof(s));
    walk(&s, 0, b, 50, 50, true, seq, pdus, &rest, &w);
    CHECK(walk(&s, 0, b, n, n, false, 0, pdus, &rest, &w) == 3 && w.skipped == 0);
    CHECK(s.sync == 1 && s.next_pdu[0] == seq + 104); /* unchanged */
    CHECK(walk(&s, 0, b, 40, 124, false, 0, pdus, &rest, &w) == 2 && w.lost && s.sync == 0);
    /* without them, nothing is set either */
    CHECK(walk(&s, 0, b, n, n, false, 0, pdus, &rest, &w) == 3 && s.sync == 0);

    /* directions apart; only bit 0 of dir counts */
    memset(&s, 0, sizeof(s));
    walk(&s, 0, b, 50, 50, true, seq, pdus, &rest, &w);
    CHECK(walk(&s, 3, b, n, n, true, 77, pdus, &rest, &w) == 3);
    CHECK(s.sync == 3 && s.next_pdu[0] == seq + 104 && s.next_pdu[1] == 77 + 124);
    CHECK(s.pkt[0] == SKYPE_PKT_TURN_CHANNEL && s.pkt[1] == SKYPE_PKT_STUN);

    /* serial-number arithmetic across the wrap */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, b, 50, 50, true, 0xffffffe0u, pdus, &rest, &w) == 2 && s.next_pdu[0] == 0xffffffe0u + 104);
    CHECK(walk(&s, 0, b + 50, 74, 74, true, 0xffffffe0u + 50, pdus, &rest, &w) == 1 && w.skipped == 54);
    CHECK(s.next_pdu[0] == (uint32_t)(0xffffffe0u + 124) && s.next_pdu[0] == 0x5c);

    /* more PDUs than any caller shows: all of them */
    {
        uint8_t many[48];
        memset(many, 0, sizeof(many));
        for (unsigned i = 0; i < 12; i++)
            many[4 * i] = 0x40; /* ChannelData 0x4000, no data: 4 bytes */
        memset(&s, 0, sizeof(s));
        CHECK(walk(&s, 0, many, 48, 48, true, seq, pdus, &rest, &w) == 12 && w.n == 12 && rest == 0);
        CHECK(pdus[7].off == 28 && s.next_pdu[0] == seq + 48);
    }

    /* bad input */
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, NULL, 50, 50, true, seq, pdus, &rest, &w) == 0 && w.lost && rest == SKYPE_PKT_STUN);
    CHECK(walk(NULL, 0, b, n, n, true, seq, pdus, &rest, &w) == 0 && rest == SKYPE_PKT_STUN);
    CHECK(walk(&s, 0, b, 0, 0, true, seq, pdus, &rest, &w) == 0 && !w.lost && s.next_pdu[0] == seq);
    /* exact-size heap block: nothing read past it (ASan) */
    heap = malloc(37);
    memcpy(heap, b, 37);
    memset(&s, 0, sizeof(s));
    CHECK(walk(&s, 0, heap, 37, 37, true, seq, pdus, &rest, &w) == 1 && w.lost); /* 1 byte: no header */
    free(heap);
}

int main(void)
{
    init_bytes();
    test_segment_phase();
    test_recognise_reject();
    test_recognise_signatures();
    test_recognise_host();
    test_recognise_probe();
    test_recognise_all();
    test_turn_walk();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
