/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Unit tests of the pure-C core: SoM parsing, the U1-U4 probe matcher,
 * endpoint confirmation and request/response pairing, the modern tagging
 * rules (STUN, names, ranges, the QUIC front's states and routing). Real
 * bytes come from skype-irc.cap (frames named in each test). Prints
 * "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call.h"
#include "skype_endpoint.h"
#include "skype_modern.h"
#include "skype_phase.h"
#include "skype_probe.h"
#include "skype_udp_flow.h"
#include "skype_som.h"
#include "skype_tcp.h"

#include "check.h"

/* skype-irc.cap, client 192.168.1.2:35990 and SN 165.124.253.241:15294 */
static const char *F214 = "15f202e2b459e6644a654d81763ac9dbf536";
static const char *F215 = "15f2775680f57324499eb8";
static const char *F216 = "15f2030124499eb8a57cfdf1644a654d9c316e2ce98fc0";
static const char *F219 = "949102f2d4ed783d8a20a7b81be2750b1652f8e3067b44f027816b7c0ba6cab0df715e455eae18d81a24e4db52041cf038e48b";
static const char *F266 = "160202cb7c8c57c33bb973d28c298ea53a1c";
static const char *F267 = "7a5002b5565522e04eef166813ad5c98eef8";

static void test_som(void)
{
    uint8_t b[8] = {0x15, 0xf2, 0x77, 0x56};
    skype_som_t s = {0x1234, 0xaa, 0xbb};

    CHECK(!skype_som_parse(b, 0, &s));
    CHECK(!skype_som_parse(b, 1, &s));
    CHECK(!skype_som_parse(b, 2, &s));
    CHECK(s.id == 0x1234 && s.func == 0xaa); /* untouched on failure */
    CHECK(!skype_som_parse(NULL, 3, &s));
    CHECK(skype_som_parse(b, 3, &s));
    CHECK(s.id == 0x15f2);
    CHECK(s.func == 0x07);
    CHECK(s.rnd == 0x70);
    b[2] = 0xfd;
    CHECK(skype_som_parse(b, 3, &s) && s.func == 0x8d && s.rnd == 0x70);
}

/* Feed a hex payload to the probe matcher. */
static void step_hex(skype_probe_state_t *st, bool from_client, const char *hex, uint32_t frame,
                     skype_probe_out_t *out)
{
    uint8_t b[128];
    size_t n = unhex(hex, b);
    skype_probe_step(st, from_client, b, n, n, frame, out);
}

static void test_probe_full_negative(void)
{
    skype_probe_state_t st;
    skype_probe_out_t o;

    skype_probe_init(&st);
    step_hex(&st, true, F214, 214, &o);
    CHECK(o.msg == SKYPE_U1 && o.u1_frame == 214 && o.kind == SKYPE_PROBE_KIND_UNKNOWN);
    CHECK(st.nonce_c == 0x644a654d);
    step_hex(&st, false, F215, 215, &o);
    CHECK(o.msg == SKYPE_U2 && o.kind == SKYPE_PROBE_FULL && o.u1_frame == 214 && o.flags == 0);
    CHECK(st.nonce_s == 0x24499eb8);
    step_hex(&st, true, F216, 216, &o);
    CHECK(o.msg == SKYPE_U3 && o.flags == 0 && o.u2_frame == 215);
    step_hex(&st, false, F219, 219, &o);
    CHECK(o.msg == SKYPE_U4 && o.kind == SKYPE_PROBE_FULL && o.result == SKYPE_PROBE_NEGATIVE);
    CHECK(o.u1_frame == 214);
    CHECK(st.stage == 0);
}

static void test_probe_partial_positive(void)
{
    skype_probe_state_t st;
    skype_probe_out_t o;

    skype_probe_init(&st);
    step_hex(&st, true, F266, 266, &o);
    CHECK(o.msg == SKYPE_U1);
    step_hex(&st, false, F267, 267, &o);
    CHECK(o.msg == SKYPE_U4 && o.kind == SKYPE_PROBE_PARTIAL && o.result == SKYPE_PROBE_POSITIVE);
    CHECK(o.u1_frame == 266);
}

static void flow_hex(skype_udp_flow_t *f, bool from_client, const char *hex, uint32_t frame, skype_udp_flow_out_t *out)
{
    uint8_t b[256];
    size_t n = unhex(hex, b);
    skype_udp_flow_step(f, from_client, b, n, n, frame, out);
}

/* The UDP flow analyser on skype-irc.cap's full negative probe (frames
 * 214-219) and partial positive probe (266-267): labels, phases, links. */
static void test_udp_flow(void)
{
    skype_udp_flow_t f;
    skype_udp_flow_out_t o;

    skype_udp_flow_init(&f, 214);
    CHECK(f.evidence == SKYPE_EV_SOM && f.first_frame == 214 && f.phase == SKYPE_PHASE_NONE);
    flow_hex(&f, true, F214, 214, &o);
    /* a request is not called U1 before an answer; it opens the SN session */
    CHECK(o.probe_msg == SKYPE_PROBE_NONE && o.u1_frame == 214 && o.u1_confirmed == 0);
    CHECK(o.phase == SKYPE_PHASE_SN_SESSION && o.phase_changed && o.evidence == SKYPE_EV_SOM);
    CHECK(o.request_in == 0 && !o.add_peer);
    flow_hex(&f, false, F215, 215, &o);
    CHECK(o.probe_msg == SKYPE_U2 && o.probe_kind == SKYPE_PROBE_FULL && o.u1_confirmed == 214);
    CHECK(o.u1_enters_discovery && o.phase == SKYPE_PHASE_SN_DISCOVERY && !o.phase_changed);
    CHECK(o.evidence == SKYPE_EV_UDP_PROBE && o.request_in == 214 && o.add_peer);
    flow_hex(&f, true, F216, 216, &o);
    CHECK(o.probe_msg == SKYPE_U3 && o.probe_flags == 0 && !o.add_peer && o.first_frame == 214);
    flow_hex(&f, false, F219, 219, &o);
    CHECK(o.probe_msg == SKYPE_U4 && o.probe_result == SKYPE_PROBE_NEGATIVE && !o.add_peer);
    CHECK(f.probe.stage == SKYPE_PROBE_IDLE);

    skype_udp_flow_init(&f, 266);
    flow_hex(&f, true, F266, 266, &o);
    flow_hex(&f, false, F267, 267, &o);
    CHECK(o.probe_msg == SKYPE_U4 && o.probe_kind == SKYPE_PROBE_PARTIAL && o.u1_confirmed == 266);
    CHECK(o.probe_result == SKYPE_PROBE_POSITIVE && o.phase == SKYPE_PHASE_SN_DISCOVERY);

    /* seeded by an ID chain: the request is pending, a later answer links to it */
    skype_udp_flow_init(&f, 266);
    skype_udp_flow_seed_request(&f, 0x1234, 18, 0xaabbccdd, 266);
    CHECK(f.probe.stage == SKYPE_PROBE_U1_SENT && f.probe.u1_frame == 266 && f.probe.id == 0x1234);
    skype_udp_flow_seed_request(&f, 0x1236, 18, 0, 270); /* a probe is open: only the pair ring */
    CHECK(f.probe.u1_frame == 266);
    skype_udp_flow_linked(&f, 266, SKYPE_PHASE_SN_DISCOVERY);
    CHECK(f.evidence == SKYPE_EV_LINKED && f.first_frame == 266);

    /* confirmed by a full probe: taken over only when none is open */
    {
        skype_probe_state_t pr;
        skype_probe_init(&pr);
        pr.stage = SKYPE_PROBE_U3_SENT;
        pr.u1_frame = 100;
        skype_udp_flow_init(&f, 120);
        skype_udp_flow_confirm_probe(&f, &pr);
        CHECK(f.first_frame == 100 && f.evidence == SKYPE_EV_UDP_PROBE && f.phase == SKYPE_PHASE_SN_DISCOVERY);
        pr.u1_frame = 110;
        skype_udp_flow_confirm_probe(&f, &pr);
        CHECK(f.first_frame == 100);
    }
    /* short input: no read past it, no link */
    skype_udp_flow_init(&f, 1);
    skype_udp_flow_step(&f, true, (const uint8_t *)"\x01", 1, 1, 1, &o);
    CHECK(o.request_in == 0 && o.probe_msg == SKYPE_PROBE_NONE);
}

static void test_probe_u4_sizes(void)
{
    CHECK(skype_probe_u4_result(18) == SKYPE_PROBE_POSITIVE);
    CHECK(skype_probe_u4_result(51) == SKYPE_PROBE_NEGATIVE);
    CHECK(skype_probe_u4_result(53) == SKYPE_PROBE_NEGATIVE);
    CHECK(skype_probe_u4_result(52) == SKYPE_PROBE_NO_RESULT);
    CHECK(skype_probe_u4_result(0) == SKYPE_PROBE_NO_RESULT);
}

static void test_probe_truncated_and_wrong(void)
{
    skype_probe_state_t st;
    skype_probe_out_t o;
    uint8_t b[64];
    size_t n;

    /* U2 of 8 bytes: truncated, and U3 can then not be checked for nonce S. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    n = unhex(F215, b);
    skype_probe_step(&st, false, b, 8, 8, 2, &o);
    CHECK(o.msg == SKYPE_U2 && (o.flags & SKYPE_PROBE_F_TRUNCATED));
    step_hex(&st, true, F216, 3, &o);
    CHECK(o.msg == SKYPE_U3 && o.flags == 0);

    /* U3 of 12 bytes: truncated, no nonce verdict. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    step_hex(&st, false, F215, 2, &o);
    n = unhex(F216, b);
    skype_probe_step(&st, true, b, 12, 12, 3, &o);
    CHECK(o.msg == SKYPE_U3 && (o.flags & SKYPE_PROBE_F_TRUNCATED) && (o.flags & SKYPE_PROBE_F_SIZE_MISMATCH));
    CHECK(!(o.flags & (SKYPE_PROBE_F_NONCE_C_MISMATCH | SKYPE_PROBE_F_NONCE_S_MISMATCH)));

    /* Captured bytes cut short while the wire length is right: still truncated. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    step_hex(&st, false, F215, 2, &o);
    skype_probe_step(&st, true, b, 14, n, 3, &o);
    CHECK(o.msg == SKYPE_U3 && (o.flags & SKYPE_PROBE_F_TRUNCATED) && !(o.flags & SKYPE_PROBE_F_SIZE_MISMATCH));

    /* Wrong nonces. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    step_hex(&st, false, F215, 2, &o);
    n = unhex(F216, b);
    b[5] ^= 0xff;
    skype_probe_step(&st, true, b, n, n, 3, &o);
    CHECK(o.msg == SKYPE_U3 && o.flags == SKYPE_PROBE_F_NONCE_S_MISMATCH);
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    step_hex(&st, false, F215, 2, &o);
    n = unhex(F216, b);
    b[15] ^= 0x01;
    b[4] ^= 0x80;
    skype_probe_step(&st, true, b, n, n, 3, &o);
    CHECK(o.flags == (SKYPE_PROBE_F_NONCE_S_MISMATCH | SKYPE_PROBE_F_NONCE_C_MISMATCH));

    /* U3 with the wrong ID or byte 3 is no U3. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 1, &o);
    step_hex(&st, false, F215, 2, &o);
    n = unhex(F216, b);
    b[3] = 0x02;
    skype_probe_step(&st, true, b, n, n, 3, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE);
    b[3] = 0x01;
    b[1] ^= 1;
    skype_probe_step(&st, true, b, n, n, 3, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE);
}

static void test_probe_dropped_and_short(void)
{
    skype_probe_state_t st;
    skype_probe_out_t o;
    uint8_t b[64] = {0};

    /* A U1 answered with a 26-byte 0x02 message is no probe. */
    skype_probe_init(&st);
    step_hex(&st, true, F214, 10, &o);
    b[2] = 0x02;
    skype_probe_step(&st, false, b, 26, 26, 11, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE && o.dropped_u1_frame == 10);
    CHECK(st.stage == 0);

    /* 0-3 byte datagrams in every stage: nothing read beyond caplen. */
    for (unsigned stage = 0; stage < 4; stage++) {
        for (size_t len = 0; len <= 3; len++) {
            skype_probe_init(&st);
            st.stage = (uint8_t)stage;
            skype_probe_step(&st, true, b, len, len, 5, &o);
            CHECK(len == 3 || o.msg == SKYPE_PROBE_NONE);
            skype_probe_step(&st, false, b, len, len, 6, &o);
        }
    }
    skype_probe_step(NULL, true, b, 3, 3, 1, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE);
    skype_probe_init(&st);
    skype_probe_step(&st, true, NULL, 0, 18, 1, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE);
    /* Short U1 (10 bytes: no nonce C) is not a U1. */
    skype_probe_step(&st, true, b, 10, 10, 1, &o);
    CHECK(o.msg == SKYPE_PROBE_NONE);
}

static skype_ep_t ep4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port)
{
    skype_ep_t e;
    uint8_t ip[4] = {a, b, c, d};
    skype_ep_set(&e, ip, 4, port);
    return e;
}

static bool observe_hex(skype_cand_table_t *t, const skype_ep_t *s, const skype_ep_t *d, const char *hex,
                        uint32_t frame, skype_confirm_t *conf)
{
    uint8_t b[128];
    size_t n = unhex(hex, b);
    return skype_cand_observe(t, s, d, b, n, n, frame, conf);
}

static void request(uint8_t *b, uint16_t id)
{
    memset(b, 0x5a, 18);
    b[0] = (uint8_t)(id >> 8);
    b[1] = (uint8_t)id;
    b[2] = 0x02;
}

static void test_endpoint_chain(void)
{
    skype_cand_table_t *t = calloc(1, sizeof(*t));
    skype_ep_t client = ep4(192, 168, 1, 2, 35990);
    skype_ep_t peer[4] = {ep4(86, 197, 95, 238, 44019), ep4(86, 31, 70, 81, 43870), ep4(86, 220, 100, 25, 1378),
                          ep4(86, 130, 63, 111, 12505)};
    skype_confirm_t conf;
    uint8_t b[18];

    /* skype-irc.cap frames 176, 184, 185: IDs 0x15e8, 0x15ea, 0x15ec. */
    request(b, 0x15e8);
    CHECK(!skype_cand_observe(t, &client, &peer[0], b, 18, 18, 176, &conf));
    request(b, 0x15ea);
    CHECK(!skype_cand_observe(t, &client, &peer[1], b, 18, 18, 184, &conf));
    request(b, 0x15ec);
    CHECK(skype_cand_observe(t, &client, &peer[2], b, 18, 18, 185, &conf));
    CHECK(conf.how == SKYPE_CONFIRM_ID_CHAIN && conf.first_frame == 176);
    CHECK(skype_ep_equal(&conf.client, &client));
    CHECK(conf.chain[0].frame == 176 && conf.chain[1].frame == 184);
    CHECK(conf.chain[0].id == 0x15e8 && skype_ep_equal(&conf.chain[1].dst, &peer[1]));
    /* The slot is free again. */
    request(b, 0x15ee);
    CHECK(!skype_cand_observe(t, &client, &peer[3], b, 18, 18, 186, &conf));

    /* +2 to one destination only: never confirmed. */
    memset(t, 0, sizeof(*t));
    for (unsigned i = 0; i < 10; i++) {
        request(b, (uint16_t)(0x7000 + 2 * i));
        CHECK(!skype_cand_observe(t, &client, &peer[0], b, 18, 18, 10 + i, &conf));
    }
    /* +1 steps, or a gap: no chain. */
    memset(t, 0, sizeof(*t));
    for (unsigned i = 0; i < 6; i++) {
        request(b, (uint16_t)(0x7000 + i));
        CHECK(!skype_cand_observe(t, &client, &peer[i % 4], b, 18, 18, 30 + i, &conf));
    }
    /* A retransmission (same ID) neither breaks nor extends a chain. */
    memset(t, 0, sizeof(*t));
    request(b, 0x100);
    CHECK(!skype_cand_observe(t, &client, &peer[0], b, 18, 18, 1, &conf));
    CHECK(!skype_cand_observe(t, &client, &peer[1], b, 18, 18, 2, &conf));
    request(b, 0x102);
    CHECK(!skype_cand_observe(t, &client, &peer[2], b, 18, 18, 3, &conf));
    request(b, 0x104);
    CHECK(skype_cand_observe(t, &client, &peer[3], b, 18, 18, 4, &conf) && conf.first_frame == 1);
    /* Wrap-around of the 16-bit ID. */
    memset(t, 0, sizeof(*t));
    request(b, 0xfffc);
    skype_cand_observe(t, &client, &peer[0], b, 18, 18, 1, &conf);
    request(b, 0xfffe);
    skype_cand_observe(t, &client, &peer[1], b, 18, 18, 2, &conf);
    request(b, 0x0000);
    CHECK(skype_cand_observe(t, &client, &peer[2], b, 18, 18, 3, &conf));
    /* Requests under 11 bytes and other functions are ignored. */
    memset(t, 0, sizeof(*t));
    for (unsigned i = 0; i < 3; i++) {
        request(b, (uint16_t)(0x200 + 2 * i));
        CHECK(!skype_cand_observe(t, &client, &peer[i], b, 10, 10, 1 + i, &conf));
    }
    for (unsigned i = 0; i < 3; i++) {
        request(b, (uint16_t)(0x300 + 2 * i));
        b[2] = 0x0d;
        CHECK(!skype_cand_observe(t, &client, &peer[i], b, 18, 18, 1 + i, &conf));
    }
    CHECK(!skype_cand_observe(NULL, &client, &peer[0], b, 18, 18, 1, &conf));
    CHECK(!skype_cand_observe(t, &client, &peer[0], b, 2, 2, 1, &conf));
    free(t);
}

static void test_endpoint_probe(void)
{
    skype_cand_table_t *t = calloc(1, sizeof(*t));
    skype_ep_t client = ep4(192, 168, 1, 2, 35990), sn = ep4(165, 124, 253, 241, 15294);
    skype_ep_t other = ep4(165, 124, 253, 242, 15294);
    skype_confirm_t conf;
    uint8_t b[64];
    size_t n;

    /* skype-irc.cap 214-216 confirm the client at U3. */
    CHECK(!observe_hex(t, &client, &sn, F214, 214, &conf));
    CHECK(!observe_hex(t, &sn, &client, F215, 215, &conf));
    CHECK(observe_hex(t, &client, &sn, F216, 216, &conf));
    CHECK(conf.how == SKYPE_CONFIRM_PROBE && conf.first_frame == 214);
    CHECK(conf.probe.stage == 2 && conf.probe.u2_frame == 215 && conf.probe.nonce_s == 0x24499eb8);

    /* A U2 from another host than the U1's destination does not count. */
    memset(t, 0, sizeof(*t));
    CHECK(!observe_hex(t, &client, &sn, F214, 1, &conf));
    CHECK(!observe_hex(t, &other, &client, F215, 2, &conf));
    CHECK(!observe_hex(t, &client, &sn, F216, 3, &conf));

    /* Nonce mismatch: no confirmation. */
    memset(t, 0, sizeof(*t));
    CHECK(!observe_hex(t, &client, &sn, F214, 1, &conf));
    CHECK(!observe_hex(t, &sn, &client, F215, 2, &conf));
    n = unhex(F216, b);
    b[13] ^= 0x10;
    CHECK(!skype_cand_observe(t, &client, &sn, b, n, n, 3, &conf));

    /* U3 without U2: nothing. */
    memset(t, 0, sizeof(*t));
    CHECK(!observe_hex(t, &client, &sn, F214, 1, &conf));
    CHECK(!observe_hex(t, &client, &sn, F216, 3, &conf));
    free(t);
}

static void test_endpoint_takeover(void)
{
    skype_cand_table_t *t = calloc(1, sizeof(*t));
    skype_ep_t a = ep4(10, 0, 0, 1, 1000), peers[3] = {ep4(1, 1, 1, 1, 1), ep4(2, 2, 2, 2, 2), ep4(3, 3, 3, 3, 3)};
    skype_ep_t intruder;
    skype_confirm_t conf;
    uint8_t b[18];
    uint32_t h = skype_ep_hash(&a) & (SKYPE_CAND_SLOTS - 1);
    unsigned port;

    /* Find another endpoint that hashes to a's slot. */
    for (port = 1; port < 65536; port++) {
        intruder = ep4(10, 0, 0, 9, (uint16_t)port);
        if ((skype_ep_hash(&intruder) & (SKYPE_CAND_SLOTS - 1)) == h)
            break;
    }
    CHECK(port < 65536);
    request(b, 0x10);
    skype_cand_observe(t, &a, &peers[0], b, 18, 18, 1, &conf);
    request(b, 0x12);
    skype_cand_observe(t, &a, &peers[1], b, 18, 18, 2, &conf);
    request(b, 0x9999);
    skype_cand_observe(t, &intruder, &peers[2], b, 18, 18, 3, &conf); /* evicts a */
    request(b, 0x14);
    CHECK(!skype_cand_observe(t, &a, &peers[2], b, 18, 18, 4, &conf)); /* chain restarted */
    free(t);
}

static void test_ep(void)
{
    skype_ep_t e;
    uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};

    CHECK(!skype_ep_set(&e, v6, 5, 1));
    CHECK(!skype_ep_set(&e, NULL, 4, 1));
    CHECK(skype_ep_set(&e, v6, 16, 1) && e.family == 6);
    CHECK(skype_ep_set(&e, v6, 4, 1) && e.family == 4);
}

static void test_pairing(void)
{
    skype_pair_ring_t r;

    memset(&r, 0, sizeof(r));
    CHECK(skype_pair_observe(&r, true, 0x1653, 546) == 0);   /* skype-irc.cap 546 ... */
    CHECK(skype_pair_observe(&r, false, 0x1653, 553) == 546); /* ... answered in 553 */
    CHECK(skype_pair_observe(&r, false, 0x1653, 554) == 0);   /* answered once only */
    CHECK(skype_pair_observe(&r, true, 0x0001, 600) == 0);
    CHECK(skype_pair_observe(&r, true, 0x0001, 601) == 0);    /* same direction: no pair */
    for (unsigned i = 0; i < SKYPE_PAIR_SLOTS; i++)
        skype_pair_observe(&r, true, (uint16_t)(0x100 + i), 700 + i);
    CHECK(skype_pair_observe(&r, false, 0x0001, 800) == 0);   /* pushed out of the ring */
    CHECK(skype_pair_observe(&r, false, 0x0103, 801) == 703);
}

/* Random inputs of every length through every entry point (ASan/UBSan). */
static void test_random_inputs(void)
{
    skype_cand_table_t *t = calloc(1, sizeof(*t));
    skype_probe_state_t st;
    skype_probe_out_t o;
    skype_confirm_t conf;
    uint32_t x = 12345;
    unsigned confirmations = 0;

    skype_probe_init(&st);
    for (unsigned i = 0; i < 200000; i++) {
        uint8_t buf[32];
        size_t len = i % 33;
        uint8_t *p;
        skype_ep_t s, d;
        for (size_t j = 0; j < sizeof(buf); j++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[j] = (uint8_t)x;
        }
        /* An exact-size heap copy so ASan sees any read past len. */
        p = malloc(len ? len : 1);
        memcpy(p, buf, len);
        s = ep4(10, 0, (uint8_t)(x >> 8 & 3), 1, (uint16_t)(x & 7));
        d = ep4(10, 9, (uint8_t)(x >> 16 & 3), 1, (uint16_t)(x >> 4 & 7));
        skype_probe_step(&st, (x & 1) != 0, p, len, len + (x >> 20 & 3), i + 1, &o);
        if (skype_cand_observe(t, &s, &d, p, len, len, i + 1, &conf))
            confirmations++;
        free(p);
    }
    /* Random bytes essentially never look like a +2 chain or echoed probe. */
    CHECK(confirmations == 0);
    free(t);
}

/* --- TCP (docs/protocol.md §4) -------------------------------------------- */

static const uint8_t L3_HEAD[15] = {0x16, 0x03, 0x01, 0x00, 0xcd, 0x41, 0x03, 0x00,
                                    0x09, 0x80, 0x40, 0x04, 0x08, 0xc0, 0x01};
static const uint8_t R1_HEAD[56] = {
    0x80, 0x46, 0x01, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x05, 0x00, 0x00,
    0x04, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x64, 0x00, 0x00, 0x62, 0x00, 0x00, 0x08,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x06, 0x01, 0x00, 0x80, 0x07, 0x00, 0xc0, 0x03, 0x00, 0x80, 0x06,
    0x00, 0x40, 0x02, 0x00, 0x80, 0x04, 0x00, 0x80};
static const char *R2_HEX = "16030100" "4a020000" "46030140" "1be48602" "ade029e1" "7774e544" "b9c99cb4"
                            "31315e02" "dd779d15" "4a9609ba" "5da87020" "1ca0e4f6" "4c6351ae" "2f8e4ee1"
                            "e6766a0a" "88d5d8c5" "5cae98c5" "e481f22a" "69bf9058" "000500";

static void test_tcp_signatures(void)
{
    uint8_t b[512];
    size_t n;

    /* skype-irc.cap frames 297 and 314 */
    CHECK(skype_l1_match((const uint8_t *)"\x16\x03\x01\x00\x00", 5, 5));
    CHECK(!skype_l1_match((const uint8_t *)"\x16\x03\x01\x00\x00", 5, 6));
    CHECK(!skype_l1_match((const uint8_t *)"\x16\x03\x01\x00\x01", 5, 5));
    CHECK(!skype_l1_match((const uint8_t *)"\x16\x03\x01\x00\x00", 4, 5));
    CHECK(skype_l2_match((const uint8_t *)"\x17\x03\x01\x00\x00", 5, 5));
    CHECK(!skype_l2_match(NULL, 0, 5));
    /* L3 with the marker at 207 as in frame 316 */
    memset(b, 0x33, sizeof(b));
    memcpy(b, L3_HEAD, 15);
    memcpy(b + 207, "\x00\x0c\x01\x17\x03\x01\x00", 7);
    CHECK(skype_l3_match(b, 451));
    CHECK(!skype_l3_match(b, 14));
    CHECK(skype_l3_marker(b, 451) == 207);
    CHECK(skype_l3_marker(b, 213) == -1); /* marker cut off */
    CHECK(skype_l3_marker(b, 214) == 207);
    CHECK(skype_l4_match((const uint8_t *)"\x17\x03\x01\x00\xe3", 5));
    CHECK(!skype_l4_match((const uint8_t *)"\x17\x03\x01", 3));
    /* R1 / R2 on 443 */
    memcpy(b, R1_HEAD, 56);
    CHECK(skype_r1_443_match(b, 72, 72));
    CHECK(!skype_r1_443_match(b, 72, 73));
    CHECK(!skype_r1_443_match(b, 55, 72));
    n = unhex(R2_HEX, b);
    CHECK(n == 79);
    CHECK(skype_r2_443_match(b, 93) && skype_r2_443_match(b, 79) && !skype_r2_443_match(b, 78));
    CHECK(skype_be32(b + SKYPE_R2_GMT_OFF) == SKYPE_R2_GMT);
    /* port 80 R1 */
    memset(b, 0, 32);
    b[4] = 0xa1; b[14] = 0xa9; b[5] = 0x37; b[15] = 0x30;
    CHECK(skype_r1_80_match(b, 16, 16) == 14);
    b[15] = 0x40;
    CHECK(skype_r1_80_match(b, 16, 16) == 0);
    for (unsigned i = 0; i < 32; i++)
        b[i] = (uint8_t)(i * 37 + 1);
    b[0] = 0x0e;
    for (unsigned i = 0; i < 9; i++)
        b[15 + i] = (uint8_t)((b[5 + i] & 0xf0) | 0x05);
    CHECK(skype_r1_80_match(b, 30, 30) == 20);
    CHECK(skype_r1_80_match(b, 20, 20) == 19); /* shorter R1: fewer pairs */
    b[20] ^= 0x80;
    CHECK(skype_r1_80_match(b, 30, 30) == 0);
    CHECK(skype_r1_80_match((const uint8_t *)"GET / HTTP/1.1\r\nHost: a\r\n\r\n", 27, 27) == 0);
    /* update check, skype-irc.cap frame 406 */
    {
        const char *req = "GET http://ui.skype.com/ui/0/2.5.0.91/en/getlatestversion?ver=2.5.0.91 HTTP/1.1\r\n"
                          "Host: ui.skype.com\r\n\r\n";
        const char *inst = "GET /ui/0/2.5/en/installed HTTP/1.1\r\nHost: ui.skype.com\r\n\r\n";
        const char *other = "GET /index.html HTTP/1.1\r\nHost: ui.skype.com\r\n\r\n";
        CHECK(skype_http_update_match((const uint8_t *)req, strlen(req)) == 1);
        CHECK(skype_http_update_match((const uint8_t *)inst, strlen(inst)) == 2);
        CHECK(skype_http_update_match((const uint8_t *)other, strlen(other)) == 0);
        CHECK(skype_http_update_match((const uint8_t *)req, 3) == 0);
    }
}

static void test_tcp_identify(void)
{
    uint8_t b[80];

    memset(b, 0x42, sizeof(b));
    CHECK(skype_tcp_identify((const uint8_t *)"\x16\x03\x01\x00\x00", 5, 5, 33033, false) == SKYPE_MODE_LOGIN);
    memcpy(b, L3_HEAD, 15);
    CHECK(skype_tcp_identify(b, 80, 260, 12350, false) == SKYPE_MODE_LOGIN);
    memcpy(b, R1_HEAD, 56);
    CHECK(skype_tcp_identify(b, 72, 72, 443, false) == SKYPE_MODE_R443);
    /* T1 sizes alone are no evidence */
    memset(b, 0x42, sizeof(b));
    CHECK(skype_tcp_identify(b, 14, 14, 57322, false) == SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify(b, 14, 14, 57322, true) == SKYPE_MODE_SN);
    /* port 80 v1.4 pattern needs the link */
    memset(b, 0, 16);
    b[0] = 0x0e;
    CHECK(skype_tcp_identify(b, 16, 16, 80, false) == SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify(b, 16, 16, 80, true) == SKYPE_MODE_R80);
    CHECK(skype_tcp_identify((const uint8_t *)"GET / HTTP/1.0\r\n\r\n", 18, 18, 80, true) == SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify(NULL, 0, 0, 80, true) == SKYPE_MODE_NONE);
    /* Ordinary TLS from a Skype client's host is not an SN connection, on 443
     * or elsewhere: TLS 1.2 ClientHello record header, TLS application data,
     * SSLv2-framed ClientHello. */
    CHECK(skype_tcp_identify((const uint8_t *)"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11, 517, 443, true) ==
          SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify((const uint8_t *)"\x17\x03\x03\x00\x20", 5, 37, 443, true) == SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify((const uint8_t *)"\x80\x2e\x01\x03\x01", 5, 48, 443, true) == SKYPE_MODE_NONE);
    CHECK(skype_tcp_identify((const uint8_t *)"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11, 517, 40001, true) ==
          SKYPE_MODE_NONE);
}

static void tcp_feed(skype_tcp_state_t *st, bool from_client, size_t len, skype_tcp_out_t *o)
{
    uint8_t b[600];
    memset(b, 0x5a, sizeof(b));
    skype_tcp_step(st, from_client, b, len < sizeof(b) ? len : sizeof(b), len, o);
}

static void test_tcp_sn_machine(void)
{
    skype_tcp_state_t st;
    skype_tcp_out_t o;

    /* skype-irc.cap frames 273-278: 14, 73, 25, 587, 16 */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    tcp_feed(&st, true, 14, &o);
    CHECK(o.msg == SKYPE_T1);
    tcp_feed(&st, false, 73, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
    tcp_feed(&st, true, 25, &o);
    CHECK(o.msg == SKYPE_T2);
    CHECK(!skype_tcp_in_session(&st));
    tcp_feed(&st, false, 587, &o);
    CHECK(o.msg == SKYPE_T3 && o.sn_result == SKYPE_SN_ACCEPTED);
    tcp_feed(&st, true, 16, &o);
    CHECK(o.msg == SKYPE_T4 && skype_tcp_in_session(&st));
    tcp_feed(&st, false, 274, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);

    /* refused */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    tcp_feed(&st, true, 14, &o);
    tcp_feed(&st, false, 40, &o);
    tcp_feed(&st, true, 23, &o);
    tcp_feed(&st, false, 339, &o);
    CHECK(o.msg == SKYPE_T3 && o.sn_result == SKYPE_SN_REFUSED);
    /* T3 too small to be either */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    tcp_feed(&st, true, 14, &o);
    tcp_feed(&st, false, 40, &o);
    tcp_feed(&st, true, 23, &o);
    tcp_feed(&st, false, 57, &o);
    CHECK(o.msg == SKYPE_T3 && o.sn_result == SKYPE_SN_UNKNOWN);

    /* v2.0: T1 of 20 bytes and one extra client message before T2 */
    skype_tcp_init(&st, SKYPE_MODE_SN, false);
    tcp_feed(&st, true, 20, &o);
    CHECK(o.msg == SKYPE_T1);
    tcp_feed(&st, false, 50, &o);
    tcp_feed(&st, true, 31, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
    tcp_feed(&st, true, 27, &o);
    CHECK(o.msg == SKYPE_T2);
    tcp_feed(&st, false, 400, &o);
    tcp_feed(&st, true, 17, &o);
    CHECK(o.msg == SKYPE_T4);

    /* midstream: no handshake labels */
    skype_tcp_init(&st, SKYPE_MODE_SN, true);
    CHECK(skype_tcp_in_session(&st));
    tcp_feed(&st, true, 14, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
    /* zero-length and NULL input */
    skype_tcp_step(&st, true, NULL, 0, 0, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
    skype_tcp_step(NULL, true, NULL, 0, 5, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);
}

static void test_tcp_restricted_and_login(void)
{
    skype_tcp_state_t st;
    skype_tcp_out_t o;
    uint8_t b[512];
    size_t n;

    skype_tcp_init(&st, SKYPE_MODE_R443, false);
    memcpy(b, R1_HEAD, 56);
    skype_tcp_step(&st, true, b, 72, 72, &o);
    CHECK(o.msg == SKYPE_R1 && (o.flags & SKYPE_TCP_F_FAKE_TLS));
    n = unhex(R2_HEX, b);
    skype_tcp_step(&st, false, b, n, 93, &o);
    CHECK(o.msg == SKYPE_R2 && (o.flags & SKYPE_TCP_F_FAKE_TLS));
    tcp_feed(&st, true, 14, &o);
    CHECK(o.msg == SKYPE_R3 && st.via == SKYPE_MODE_R443 && st.mode == SKYPE_MODE_SN);
    tcp_feed(&st, true, 25, &o);
    CHECK(o.msg == SKYPE_T2);
    tcp_feed(&st, false, 300, &o);
    CHECK(o.msg == SKYPE_T3 && o.sn_result == SKYPE_SN_ACCEPTED);
    tcp_feed(&st, true, 16, &o);
    CHECK(o.msg == SKYPE_T4);

    /* R2 that does not carry the fixed bytes: R2, but not fake TLS */
    skype_tcp_init(&st, SKYPE_MODE_R443, false);
    skype_tcp_step(&st, true, R1_HEAD, 40, 72, &o); /* snapped inside the fixed prefix */
    CHECK(o.msg == SKYPE_R1 && (o.flags & SKYPE_TCP_F_TRUNCATED));
    tcp_feed(&st, false, 93, &o);
    CHECK(o.msg == SKYPE_R2 && !(o.flags & SKYPE_TCP_F_FAKE_TLS));

    /* login with L1 L2 L3 L4 and further exchanges */
    skype_tcp_init(&st, SKYPE_MODE_LOGIN, false);
    skype_tcp_step(&st, true, (const uint8_t *)"\x16\x03\x01\x00\x00", 5, 5, &o);
    CHECK(o.msg == SKYPE_L1);
    skype_tcp_step(&st, false, (const uint8_t *)"\x17\x03\x01\x00\x00", 5, 5, &o);
    CHECK(o.msg == SKYPE_L2);
    memset(b, 0x33, sizeof(b));
    memcpy(b, L3_HEAD, 15);
    memcpy(b + 207, "\x00\x0c\x01\x17\x03\x01\x00", 7);
    skype_tcp_step(&st, true, b, 451, 451, &o);
    CHECK(o.msg == SKYPE_L3 && o.marker_off == 207 && o.flags == 0);
    skype_tcp_step(&st, false, (const uint8_t *)"\x17\x03\x01\x00\xe3", 5, 232, &o);
    CHECK(o.msg == SKYPE_L4);
    skype_tcp_step(&st, true, (const uint8_t *)"\x17\x03\x01\x00\x0d", 5, 18, &o);
    CHECK(o.msg == SKYPE_TCP_NONE);

    /* relayed login: L3 first; L3 without marker */
    skype_tcp_init(&st, SKYPE_MODE_LOGIN, false);
    memset(b + 207, 0x33, 7);
    skype_tcp_step(&st, true, b, 300, 300, &o);
    CHECK(o.msg == SKYPE_L3 && o.marker_off == -1 && (o.flags & SKYPE_TCP_F_NO_MARKER));
    /* captured bytes cut before the marker could be seen: truncated, not "no marker" */
    skype_tcp_init(&st, SKYPE_MODE_LOGIN, false);
    skype_tcp_step(&st, true, b, 100, 300, &o);
    CHECK(o.msg == SKYPE_L3 && (o.flags & SKYPE_TCP_F_TRUNCATED) && !(o.flags & SKYPE_TCP_F_NO_MARKER));
}

static void test_phase(void)
{
    uint8_t ph = SKYPE_PHASE_NONE;

    CHECK(skype_phase_enter(&ph, SKYPE_PHASE_SN_HANDSHAKE) && ph == SKYPE_PHASE_SN_HANDSHAKE);
    CHECK(!skype_phase_enter(&ph, SKYPE_PHASE_SN_HANDSHAKE));
    CHECK(!skype_phase_enter(&ph, SKYPE_PHASE_NONE) && ph == SKYPE_PHASE_SN_HANDSHAKE);
    CHECK(skype_phase_enter(&ph, SKYPE_PHASE_SN_SESSION));
    CHECK(skype_phase_enter(&ph, SKYPE_PHASE_TEARDOWN));
    CHECK(!skype_phase_enter(&ph, SKYPE_PHASE_SN_SESSION) && ph == SKYPE_PHASE_TEARDOWN);
    CHECK(skype_phase_name(SKYPE_PHASE_LOGIN) != NULL && skype_phase_name(10) == NULL);
    CHECK(strcmp(skype_evidence_name(SKYPE_EV_LINKED), "Linked") == 0 && skype_evidence_name(14) == NULL);
    CHECK(strcmp(skype_evidence_name(SKYPE_EV_PIECE), "File-set piece") == 0);
    CHECK(skype_evidence_name(SKYPE_EV_NONE) == NULL);
    /* one table: every phase and evidence kind has a short name and a label, nothing past the end */
    for (unsigned v = 1; v < SKYPE_PHASE_COUNT; v++)
        CHECK(skype_phase_names((uint8_t)v) != NULL && skype_phase_names((uint8_t)v)->label != NULL &&
              strcmp(skype_phase_names((uint8_t)v)->name, skype_phase_name((uint8_t)v)) == 0);
    for (unsigned v = 1; v < SKYPE_EV_COUNT; v++)
        CHECK(skype_evidence_names((uint8_t)v) != NULL && skype_evidence_names((uint8_t)v)->label != NULL);
    CHECK(skype_phase_names(SKYPE_PHASE_COUNT) == NULL && skype_evidence_names(SKYPE_EV_COUNT) == NULL);
    CHECK(strcmp(skype_phase_names(SKYPE_PHASE_SN_DISCOVERY)->label, "SN discovery (UDP probe)") == 0);
    /* skype.conv.confidence (docs/modern.md, "Confidence"): 3 own signature or Microsoft STUN, 2 names, 1 the rest */
    for (uint8_t ev = SKYPE_EV_SOM; ev <= SKYPE_EV_HTTP_UPDATE; ev++)
        CHECK(skype_evidence_confidence(ev) == SKYPE_CONF_STRONG);
    CHECK(skype_evidence_confidence(SKYPE_EV_MS_STUN) == 3);
    CHECK(skype_evidence_confidence(SKYPE_EV_TLS_SNI) == 2 && skype_evidence_confidence(SKYPE_EV_CERT_NAME) == 2);
    CHECK(skype_evidence_confidence(SKYPE_EV_DNS) == 1 && skype_evidence_confidence(SKYPE_EV_RELAY_RANGE) == 1);
    CHECK(skype_evidence_confidence(SKYPE_EV_LINKED) == 1 && skype_evidence_confidence(SKYPE_EV_PIECE) == 1);
    CHECK(skype_evidence_confidence(SKYPE_EV_NONE) == 0 && skype_evidence_confidence(14) == 0 &&
          skype_evidence_confidence(255) == 0);
    /* every named evidence kind has a confidence */
    for (unsigned ev = 0; ev < 256; ev++)
        CHECK((skype_evidence_name((uint8_t)ev) != NULL) == (skype_evidence_confidence((uint8_t)ev) != 0));
}

/* Random inputs through every TCP entry point (ASan/UBSan). */
/* The TCP flow beside the message machine: mode -> phase, evidence,
 * tag-only; the phase timeline the postdissector reads (docs/protocol.md §5). */
static void test_tcp_flow(void)
{
    skype_timeline_t t;
    bool changed;

    CHECK(skype_tcp_mode_phase(SKYPE_MODE_SN) == SKYPE_PHASE_SN_HANDSHAKE);
    CHECK(skype_tcp_mode_phase(SKYPE_MODE_R443) == SKYPE_PHASE_SN_HANDSHAKE);
    CHECK(skype_tcp_mode_phase(SKYPE_MODE_LOGIN) == SKYPE_PHASE_LOGIN);
    CHECK(skype_tcp_mode_phase(SKYPE_MODE_UPDATE) == SKYPE_PHASE_UPDATE);
    CHECK(skype_tcp_mode_phase(SKYPE_MODE_TLS) == SKYPE_PHASE_SN_SESSION);
    CHECK(skype_tcp_mode_phase(SKYPE_MODE_TURN) == SKYPE_PHASE_RELAY);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_R80, true) == SKYPE_EV_LINKED);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_R80, false) == SKYPE_EV_SN_HANDSHAKE);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_SN, true) == SKYPE_EV_LINKED);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_R443, false) == SKYPE_EV_FAKE_TLS);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_CERT, false) == SKYPE_EV_CERT_NAME);
    CHECK(skype_tcp_mode_evidence(SKYPE_MODE_DNS, false) == SKYPE_EV_DNS);
    CHECK(skype_tcp_mode_tag_only(SKYPE_MODE_TLS) && skype_tcp_mode_tag_only(SKYPE_MODE_UPDATE));
    CHECK(!skype_tcp_mode_tag_only(SKYPE_MODE_SN) && !skype_tcp_mode_tag_only(SKYPE_MODE_TURN));

    memset(&t, 0, sizeof(t));
    CHECK(skype_timeline_phase(&t, 5, &changed) == SKYPE_PHASE_NONE && !changed);
    CHECK(!skype_timeline_fin(&t, 5)); /* nothing entered yet */
    skype_timeline_add(&t, 4, SKYPE_PHASE_SN_HANDSHAKE);
    skype_timeline_enter(&t, 6, SKYPE_PHASE_SN_HANDSHAKE); /* same phase: no change */
    skype_timeline_enter(&t, 9, SKYPE_PHASE_SN_SESSION);
    CHECK(t.n == 2);
    CHECK(skype_timeline_phase(&t, 1, &changed) == SKYPE_PHASE_SN_HANDSHAKE && !changed); /* the SYN */
    CHECK(skype_timeline_phase(&t, 4, &changed) == SKYPE_PHASE_SN_HANDSHAKE && changed);
    CHECK(skype_timeline_phase(&t, 9, &changed) == SKYPE_PHASE_SN_SESSION && changed);
    CHECK(skype_timeline_phase(&t, 12, &changed) == SKYPE_PHASE_SN_SESSION && !changed);
    CHECK(!skype_timeline_fin(&t, 9)); /* not after the last change */
    CHECK(skype_timeline_fin(&t, 20) && !skype_timeline_fin(&t, 21));
    CHECK(skype_timeline_phase(&t, 21, &changed) == SKYPE_PHASE_TEARDOWN && !changed);
    skype_timeline_add(&t, 20, SKYPE_PHASE_SN_SESSION); /* same frame: replaced */
    CHECK(t.n == 3 && t.phase[2] == SKYPE_PHASE_SN_SESSION);
    for (uint32_t f = 30; f < 40; f++)
        skype_timeline_add(&t, f, (uint8_t)(f % 9 + 1));
    CHECK(t.n == SKYPE_TIMELINE_CHANGES && t.frame[SKYPE_TIMELINE_CHANGES - 1] == 32); /* bounded */
}

static void test_tcp_random(void)
{
    uint32_t x = 777;
    skype_tcp_state_t st;
    skype_tcp_out_t o;
    unsigned recognised = 0;

    for (unsigned i = 0; i < 100000; i++) {
        uint8_t buf[100];
        size_t len = i % 101;
        uint8_t *p;
        for (size_t j = 0; j < sizeof(buf); j++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[j] = (uint8_t)x;
        }
        if (i % 3 == 0)
            buf[0] = 0x16, buf[1] = 0x03, buf[2] = 0x01;
        p = malloc(len ? len : 1);
        memcpy(p, buf, len);
        if (skype_tcp_identify(p, len, len + (x & 3), (uint16_t)((x & 1) ? 80 : 443), false) != SKYPE_MODE_NONE)
            recognised++;
        skype_tcp_init(&st, (uint8_t)(1 + i % 6), (x & 8) != 0);
        skype_tcp_step(&st, (x & 2) != 0, p, len, len, &o);
        skype_tcp_step(&st, (x & 4) != 0, p, len, len + 7, &o);
        skype_l3_marker(p, len);
        skype_http_update_match(p, len);
        free(p);
    }
    /* Random bytes (even with a TLS-like start) never carry a login/R1 signature. */
    CHECK(recognised == 0);
}

/* --- modern Skype / Teams (docs/modern.md) -------------------------------- */

/* stun_msteams_unidir.pcapng frame 1: Binding Success Response with
 * MS-IMPLEMENTATION-VERSION 0x8070, XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY,
 * FINGERPRINT. */
static const char *TEAMS_STUN =
    "010100342112a442567009c2ae00e698d98f0190"
    "8070000400000007002000080001e24473a09b39"
    "00080014081c187c4cf903476de30538dee3554682a1e5d080280004513d0c54";

static void test_stun(void)
{
    uint8_t b[128];
    size_t n = unhex(TEAMS_STUN, b);
    skype_stun_info_t info;

    CHECK(n == 72);
    CHECK(skype_stun_parse(b, n, n, &info));
    CHECK(info.klass == 2 && info.method == SKYPE_STUN_BINDING);
    CHECK(info.ms == SKYPE_MS_IMPLEMENTATION_VERSION);
    CHECK(skype_stun_phase(&info) == SKYPE_PHASE_CALL_SETUP);
    CHECK(!skype_stun_parse(b, n, n + 4, &info));   /* length field disagrees */
    CHECK(!skype_stun_parse(b, 19, n, &info));      /* no full header */
    CHECK(skype_stun_parse(b, 23, n, &info) && info.ms == 0); /* attributes cut off */
    b[4] ^= 1;
    CHECK(!skype_stun_parse(b, n, n, &info));       /* no magic cookie (classic STUN) */
    b[4] ^= 1;
    b[0] |= 0x80;
    CHECK(!skype_stun_parse(b, n, n, &info));
    CHECK(!skype_stun_parse(NULL, 0, 0, &info));

    /* Refresh with LIFETIME 0: teardown; Allocate: relay */
    memset(b, 0, sizeof(b));
    b[1] = 0x04; b[3] = 8;
    b[4] = 0x21; b[5] = 0x12; b[6] = 0xa4; b[7] = 0x42;
    b[21] = 0x0d; b[23] = 4;
    CHECK(skype_stun_parse(b, 28, 28, &info) && info.has_lifetime && info.lifetime == 0);
    CHECK(skype_stun_phase(&info) == SKYPE_PHASE_TEARDOWN);
    b[27] = 60;
    CHECK(skype_stun_parse(b, 28, 28, &info) && skype_stun_phase(&info) == SKYPE_PHASE_RELAY);
    b[1] = 0x03;
    CHECK(skype_stun_parse(b, 28, 28, &info) && info.method == SKYPE_STUN_ALLOCATE);
    /* an attribute length running past the end is not followed */
    b[23] = 0xff;
    CHECK(skype_stun_parse(b, 28, 28, &info));

    /* ChannelData */
}

/* A Binding request (cookie, zero transaction ID) holding one attribute of
 * type attr with a 4-byte value, then SOFTWARE "ab" padded; 36 bytes. */
static size_t stun_with(uint8_t *b, uint16_t attr)
{
    memset(b, 0, 36);
    b[1] = 0x01;
    b[3] = 16;
    b[4] = 0x21; b[5] = 0x12; b[6] = 0xa4; b[7] = 0x42;
    b[20] = (uint8_t)(attr >> 8); b[21] = (uint8_t)attr; b[23] = 4;
    b[28] = 0x80; b[29] = 0x22; b[31] = 2; b[32] = 'a'; b[33] = 'b';
    return 36;
}

/* Microsoft attributes: each code point Wireshark's packet-stun.c or nDPI's
 * stun.c lists as Microsoft's sets its bit (docs/modern.md, "Microsoft STUN
 * attributes"); the IETF's comprehension-optional attributes set none. */
static void test_stun_ms_attributes(void)
{
    static const struct {
        uint16_t attr, bit;
    } ms[] = {
        {0x8008, SKYPE_MS_VERSION},
        {0x8050, SKYPE_MS_SEQUENCE_NUMBER},
        {0x8055, SKYPE_MS_SERVICE_QUALITY},
        {0x0010, SKYPE_MS_BANDWIDTH},
        {0x8070, SKYPE_MS_IMPLEMENTATION_VERSION},
        {0x8054, SKYPE_MS_CANDIDATE_IDENTIFIER},
        {0x8095, SKYPE_MS_MULTIPLEXED_SESSION},
        {0x8032, SKYPE_MS_ALTERNATE_HOST_NAME},
        {0x8037, SKYPE_MS_APP_ID},
        {0x8039, SKYPE_MS_SECURE_TAG},
        {0x8090, SKYPE_MS_ALT_MAPPED_ADDRESS},
        {0x8056, SKYPE_MS_BANDWIDTH_MGMT},
        {0x805a, SKYPE_MS_BANDWIDTH_MGMT},
        {0x8062, SKYPE_MS_BANDWIDTH_MGMT},
        {0x8068, SKYPE_MS_BANDWIDTH_MGMT},
        {0x8006, SKYPE_MS_UNKNOWN_8006},
        {0x8036, SKYPE_MS_NDPI_SKYPE},
        {0x24df, SKYPE_MS_NDPI_SKYPE},
        {0x3802, SKYPE_MS_NDPI_SKYPE},
    };
    /* IETF (and pre-RFC) attributes others send: no bit */
    static const uint16_t other[] = {0x8000, 0x8001, 0x8002, 0x8003, 0x8004, 0x8020, 0x8022, 0x8023,
                                     0x8025, 0x8027, 0x8028, 0x8029, 0x802a, 0x802b, 0x802c, 0x802d,
                                     0x802e, 0x8030, 0x8038, 0x8063, 0x8069, 0x8091, 0xc001, 0xc057,
                                     0x0800, 0x0006, 0x0020, 0x0024, 0x0025};
    uint8_t b[128];
    skype_stun_info_t info;
    uint16_t all = 0;

    for (size_t i = 0; i < sizeof(ms) / sizeof(ms[0]); i++) {
        size_t n = stun_with(b, ms[i].attr);
        CHECK(skype_stun_ms_bit(ms[i].attr) == ms[i].bit);
        CHECK(skype_stun_parse(b, n, n, &info) && info.ms == ms[i].bit);
        all |= ms[i].bit;
    }
    CHECK(all == 0x3fff); /* 14 bits, each used */
    for (size_t i = 0; i < sizeof(other) / sizeof(other[0]); i++) {
        size_t n = stun_with(b, other[i]);
        CHECK(skype_stun_ms_bit(other[i]) == 0);
        CHECK(skype_stun_parse(b, n, n, &info) && info.ms == 0);
    }
    /* A plain WebRTC check (USERNAME, PRIORITY, ICE-CONTROLLING, SOFTWARE,
     * MESSAGE-INTEGRITY, FINGERPRINT): no Microsoft attribute. */
    {
        static const char *WEBRTC =
            "0001004c2112a442000102030405060708090a0b"
            "0006000961623a6364656667680000000024000400000001"
            "802a0008000000000000000180220004776562720008001400000000"
            "000000000000000000000000000000008028000400000000";
        size_t n = unhex(WEBRTC, b);
        CHECK(n == 96);
        CHECK(skype_stun_parse(b, n, n, &info) && info.ms == 0 && info.username_len == 9);
    }
    /* Two Microsoft attributes: both bits (the TCP Allocate of turn_tcp_443.pcap frame 6) */
    {
        size_t n = stun_with(b, 0x8095);
        b[28] = 0x80; b[29] = 0x08; b[31] = 4; b[32] = 0; b[33] = 0; b[35] = 6;
        CHECK(skype_stun_parse(b, n, n, &info) && info.ms == (SKYPE_MS_MULTIPLEXED_SESSION | SKYPE_MS_VERSION));
    }
}

/* TURN over TCP framing (RFC 5766 §11.5, RFC 6062) and the detection gate. */
static void test_turn_tcp(void)
{
    uint8_t b[96], pkt = 0;
    skype_stun_info_t info;
    size_t n = stun_with(b, 0x8095);

    CHECK(skype_turn_tcp_pdu_len(b, n, &pkt) == 36 && pkt == SKYPE_PKT_STUN);
    CHECK(skype_turn_tcp_pdu_len(b, 4, &pkt) == 36);  /* the header's length suffices */
    CHECK(skype_turn_tcp_pdu_len(b, 3, &pkt) == 0);   /* cut inside the header */
    CHECK(skype_turn_tcp_pdu_len(NULL, 8, &pkt) == 0);
    /* ChannelData 0x4002 with 61 bytes of data: 68 on the stream (padded) */
    b[40] = 0x40; b[41] = 0x02; b[42] = 0; b[43] = 61;
    CHECK(skype_turn_tcp_pdu_len(b + 40, 4, &pkt) == 68 && pkt == SKYPE_PKT_TURN_CHANNEL);
    b[43] = 64;
    CHECK(skype_turn_tcp_pdu_len(b + 40, 4, &pkt) == 68);
    b[40] = 0x7f; /* 0x7FFF, the last channel number */
    CHECK(skype_turn_tcp_pdu_len(b + 40, 4, &pkt) == 68);
    b[40] = 0x80; /* 0x8000-0xFFFF: not TURN framing */
    CHECK(skype_turn_tcp_pdu_len(b + 40, 4, &pkt) == 0);
    b[40] = 0xff; b[41] = 0x10;
    CHECK(skype_turn_tcp_pdu_len(b + 40, 4, &pkt) == 0);

    /* Gate: the whole message, its first bytes (more in the next segment),
     * or followed by another PDU in the same segment; an attribute
     * counts from its 4-byte header on, as in skype_stun_parse */
    CHECK(skype_turn_tcp_first(b, n, n, &info) && info.ms == SKYPE_MS_MULTIPLEXED_SESSION);
    CHECK(skype_turn_tcp_first(b, 22, 22, &info) && info.ms == 0);   /* attribute header cut */
    CHECK(skype_turn_tcp_first(b, 24, 24, &info) && info.ms == SKYPE_MS_MULTIPLEXED_SESSION);
    CHECK(skype_turn_tcp_first(b, 28, 28, &info) && info.ms == SKYPE_MS_MULTIPLEXED_SESSION);
    CHECK(skype_turn_tcp_first(b, 96, 96, &info) && info.method == SKYPE_STUN_BINDING);
    CHECK(!skype_turn_tcp_first(b, 19, 19, &info));  /* no full header */
    b[3] = 18;                                         /* length not a multiple of 4 */
    CHECK(!skype_turn_tcp_first(b, n, n, &info));
    b[2] = 0x40; b[3] = 0x04;                          /* 16388 bytes: implausible */
    CHECK(!skype_turn_tcp_first(b, n, n, &info));
    b[2] = 0; b[3] = 16;
    b[7] ^= 1;                                         /* no magic cookie */
    CHECK(!skype_turn_tcp_first(b, n, n, &info));
    b[7] ^= 1;
    b[0] = 0x40;                                       /* ChannelData first: not a first payload */
    CHECK(!skype_turn_tcp_first(b, n, n, &info));
}

static void test_sni_and_names(void)
{
    CHECK(skype_name_glob("*.skype.com", "a.b.skype.com"));
    CHECK(skype_name_glob("*.skype.com", "UI.SKYPE.COM"));
    /* "*.x" also matches x itself (docs/modern.md), in any case; nothing else new */
    CHECK(skype_name_glob("*.skype.com", "skype.com"));
    CHECK(skype_name_glob("*.teams.microsoft.com", "Teams.Microsoft.COM"));
    CHECK(!skype_name_glob("*.skype.com", "evilskype.com"));
    CHECK(!skype_name_glob("*.skype.com", "skype.com.example"));
    CHECK(!skype_name_glob("*.skype.com", "kype.com"));
    CHECK(!skype_name_glob("*.skype.com", ""));
    CHECK(!skype_name_glob("*.", ""));
    CHECK(skype_name_glob("*", "anything"));
    CHECK(!skype_name_glob("skype.com", "a.skype.com"));    /* no star, no suffix rule */
    CHECK(!skype_name_glob("*.skype.com", "evilskype.com.example"));
    CHECK(skype_name_glob("broker-*-skype.cloudapp.net", "broker-eu1-skype.cloudapp.net"));
    CHECK(skype_name_glob("skypedata*.cloudapp.net", "skypedataprdcoleus01.cloudapp.net"));
    CHECK(!skype_name_glob("skypedata*.cloudapp.net", "other.cloudapp.net"));
    CHECK(skype_name_listed("*.skype.net, *.teams.microsoft.com", "api.teams.microsoft.com"));
    CHECK(!skype_name_listed("*.skype.net,*.teams.microsoft.com", "www.example.org"));
    CHECK(!skype_name_listed(NULL, "x"));
    /* the quick tail test before the glob never refuses a match */
    CHECK(skype_name_listed("broker-*-skype.cloudapp.net", "BROKER-12-Skype.CloudApp.net"));
    CHECK(skype_name_listed("skypedata*", "skypedata7.example"));
    CHECK(skype_name_listed("a.example, *.Lync.COM", "lync.com"));
    CHECK(skype_name_listed("exact.example", "EXACT.example"));
    CHECK(!skype_name_listed("exact.example", "notexact.example"));
    CHECK(!skype_name_listed("*.skype.com", "skype.com.evil.example"));
    CHECK(!skype_name_listed("*.skype.com", "om"));
    /* the bare service name, and TeamSpeak (its name contains "teams") stays out */
    {
        static const char *defaults =
            "*.skype.com,*.skype.net,*.skypeassets.com,*.skypedata.akadns.net,*.gateway.messenger.live.com,"
            "*.teams.microsoft.com,*.teams.cloud.microsoft,*.teams.office.com,*.lync.com,*.skypeforbusiness.com,"
            "broker-*-skype.cloudapp.net,skypedata*.cloudapp.net";
        CHECK(skype_name_listed(defaults, "teams.microsoft.com"));
        CHECK(skype_name_listed(defaults, "teams.office.com"));
        CHECK(skype_name_listed(defaults, "teams.cloud.microsoft"));
        CHECK(skype_name_listed(defaults, "webdir.online.lync.com"));
        CHECK(skype_name_listed(defaults, "lync.com"));
        CHECK(skype_name_listed(defaults, "skype.com"));
        CHECK(!skype_name_listed(defaults, "voice.teamspeak.com"));
        CHECK(!skype_name_listed(defaults, "teamspeak.com"));
        CHECK(!skype_name_listed(defaults, "myteams.microsoft.com.evil.example"));
        CHECK(!skype_name_listed(defaults, "microsoft.com"));
    }
}

/* Names as Wireshark shows them for captures/modern_dns_tls.pcap frame 2
 * (CNAME then A 198.51.100.150) and for CNAME chains. */
static void test_dns(void)
{
    const char *pats = "*.gateway.messenger.live.com,*.skype.com";
    const char *q[1] = {"client-s.gateway.messenger.live.com"};
    skype_dns_rr_t rr[6];
    bool sk[6];

    memset(rr, 0, sizeof(rr));
    rr[0].owner = "client-s.gateway.messenger.live.com";
    rr[0].cname = "client-s.msnmessenger.akadns.net";
    rr[1].owner = "client-s.msnmessenger.akadns.net";
    memcpy(rr[1].addr, "\xc6\x33\x64\x96", 4);
    rr[1].addr_len = 4;
    CHECK(skype_dns_chain(pats, q, 1, rr, 2, sk) == 1 && !sk[0] && sk[1]);
    CHECK(skype_dns_chain("*.example.org", q, 1, rr, 2, sk) == 0 && !sk[1]);
    CHECK(skype_dns_chain("*.akadns.net", q, 1, rr, 2, sk) == 1 && sk[1]);  /* the address's own owner */
    CHECK(skype_dns_chain(pats, NULL, 0, rr, 2, sk) == 1 && sk[1]);          /* CNAME owner, no question */
    /* upper case on the wire, lower case in the pattern */
    rr[1].owner = "CLIENT-S.MSNMESSENGER.AKADNS.NET";
    CHECK(skype_dns_chain(pats, q, 1, rr, 2, sk) == 1);
    /* chain of three CNAMEs, records out of order, AAAA at the end */
    memset(rr, 0, sizeof(rr));
    rr[0].owner = "c.edge.example";
    memset(rr[0].addr, 0x20, 16);
    rr[0].addr_len = 16;
    rr[1].owner = "b.cdn.example";
    rr[1].cname = "c.edge.example";
    rr[2].owner = "teams.microsoft.com";
    rr[2].cname = "a.trafficmanager.example";
    rr[3].owner = "a.trafficmanager.example";
    rr[3].cname = "b.cdn.example";
    rr[4].owner = "unrelated.example";       /* an address of another name in the same answer */
    memcpy(rr[4].addr, "\x0a\0\0\x01", 4);
    rr[4].addr_len = 4;
    {
        const char *q2[1] = {"teams.microsoft.com"};
        CHECK(skype_dns_chain("*.teams.microsoft.com", q2, 1, rr, 5, sk) == 1 && sk[0] && !sk[4]);
        CHECK(skype_dns_chain("*.skype.com", q2, 1, rr, 5, sk) == 0);
        /* a CNAME target that matches marks what follows it */
        CHECK(skype_dns_chain("b.cdn.example", NULL, 0, rr, 5, sk) == 1 && sk[0]);
    }
    /* a CNAME loop ends */
    rr[1].cname = "a.trafficmanager.example";
    CHECK(skype_dns_chain("*.teams.microsoft.com", NULL, 0, rr, 5, sk) == 0);
    /* records without an owner are skipped; more than SKYPE_DNS_MAX_RRS are cut */
    rr[0].owner = NULL;
    CHECK(skype_dns_chain("*", NULL, 0, rr, 5, sk) == 1 && sk[4]);
    CHECK(skype_dns_chain("*", NULL, 0, rr, 0, sk) == 0);
}

/* Certificate rule: commonName and every dNSName match. */
static void test_cert_names(void)
{
    const char *pats = "*.teams.microsoft.com,*.skype.com";
    const char *sans[3] = {"*.teams.microsoft.com", "teams.skype.com", "www.example.org"};

    CHECK(skype_cert_names(pats, "*.teams.microsoft.com", sans, 2));   /* captures/modern_tls_cert.pcap */
    CHECK(skype_cert_names(pats, "*.teams.microsoft.com", NULL, 0));   /* no subjectAltName */
    CHECK(skype_cert_names(pats, "teams.microsoft.com", sans, 1));
    CHECK(!skype_cert_names(pats, "*.teams.microsoft.com", sans, 3));  /* also names another host */
    CHECK(!skype_cert_names(pats, "www.example.org", sans, 2));
    CHECK(!skype_cert_names(pats, "", sans, 2));
    CHECK(!skype_cert_names(pats, NULL, sans, 2));
    CHECK(!skype_cert_names(NULL, "*.skype.com", NULL, 0));
}

static void test_ranges(void)
{
    skype_ip_ranges_t r;
    skype_ip_ranges_t r6;
    uint8_t a[16];

    CHECK(skype_ip_ranges_parse("13.107.64.0/18, 52.112.0.0/14,52.120.0.0/14 bogus 1.2.3.4 300.1.1.1/8", &r) == 4);
    CHECK(skype_ipv4_in_ranges(&r, 0x34738837u));  /* 52.115.136.55 (stun_msteams_unidir) */
    CHECK(skype_ipv4_in_ranges(&r, 0x0d6b4001u));  /* 13.107.64.1 */
    CHECK(!skype_ipv4_in_ranges(&r, 0x0d6b8001u)); /* 13.107.128.1 */
    CHECK(skype_ipv4_in_ranges(&r, 0x01020304u));  /* bare address: /32 */
    CHECK(!skype_ipv4_in_ranges(&r, 0x01020305u));
    CHECK(skype_ip_ranges_parse("", &r) == 0 && !skype_ipv4_in_ranges(&r, 0));
    CHECK(skype_ip_ranges_parse("0.0.0.0/0", &r) == 1 && skype_ipv4_in_ranges(&r, 0xdeadbeefu));

    /* IPv6 (docs/modern.md defaults), both families in one list */
    CHECK(skype_ip_ranges_parse("52.112.0.0/14,52.122.0.0/15,2603:1027::/48,2603:1037::/48,2603:1047::/48,"
                                "2603:1057::/48,2603:1063::/38,2620:1ec:6::/48,2620:1ec:40::/42",
                                &r6) == 9);
    CHECK(r6.n == 2 && r6.n6 == 7);
    CHECK(skype_ipv4_in_ranges(&r6, 0x347a0001u));   /* 52.122.0.1 */
    CHECK(!skype_ipv4_in_ranges(&r6, 0x34780001u));  /* 52.120.0.1: no longer listed */
    memset(a, 0, sizeof(a));
    a[0] = 0x26, a[1] = 0x03, a[2] = 0x10, a[3] = 0x63, a[15] = 1; /* 2603:1063::1 */
    CHECK(skype_ipv6_in_ranges(&r6, a));
    a[4] = 0x03, a[5] = 0xff;                                       /* 2603:1063:3ff::1, last /38 block */
    CHECK(skype_ipv6_in_ranges(&r6, a));
    a[4] = 0x04, a[5] = 0x00;                                       /* 2603:1063:400::1, past the /38 */
    CHECK(!skype_ipv6_in_ranges(&r6, a));
    memset(a, 0, sizeof(a));
    a[0] = 0x26, a[1] = 0x20, a[2] = 0x01, a[3] = 0xec, a[4] = 0x00, a[5] = 0x7f; /* 2620:1ec:7f:: in :40::/42 */
    CHECK(skype_ipv6_in_ranges(&r6, a));
    a[5] = 0x80;                                                    /* 2620:1ec:80:: */
    CHECK(!skype_ipv6_in_ranges(&r6, a));
    a[5] = 0x06;                                                    /* 2620:1ec:6:: */
    CHECK(skype_ipv6_in_ranges(&r6, a));
    CHECK(!skype_ipv4_in_ranges(&r6, 0x26031063u)); /* families do not mix */
    CHECK(!skype_ipv6_in_ranges(NULL, a) && !skype_ipv6_in_ranges(&r6, NULL));

    /* text forms: bare address /128, host bits masked, ::, malformed entries skipped */
    CHECK(skype_ip_ranges_parse("2001:db8::5 2001:DB8:0:0:0:0:1:ffff/112 ::/0", &r6) == 3 && r6.n6 == 3);
    CHECK(r6.bits6[0] == 128 && r6.bits6[1] == 112 && r6.net6[1][14] == 0 && r6.net6[1][15] == 0);
    CHECK(r6.net6[1][13] == 1 && r6.bits6[2] == 0);
    CHECK(skype_ip_ranges_parse("1::2::3, 2001:db8::/129, 2001:db8::/, 2001:db8::/1x, :1::, 1:, 12345::, "
                                "1:2:3:4:5:6:7:8:9, 1:2:3:4:5:6:7::8, ::ffff:1.2.3.4, 2001:db8:::1, g::1",
                                &r6) == 0);
    CHECK(skype_ip_ranges_parse("1:2:3:4:5:6:7:8 1:: :: ::1 1:2:3:4:5:6::7", &r6) == 5);
    CHECK(r6.net6[0][15] == 8 && r6.net6[1][1] == 1 && r6.net6[3][15] == 1 && r6.net6[4][11] == 6 && r6.net6[4][13] == 0 &&
          r6.net6[4][15] == 7);
    memset(a, 0, sizeof(a));
    a[15] = 1;
    CHECK(skype_ipv6_in_ranges(&r6, a)); /* ::1 */
    /* bounded: at most SKYPE_MAX_RANGES entries of both families together */
    {
        static char big[2048];
        size_t o = 0;
        for (unsigned i = 0; i < 40; i++)
            o += (size_t)snprintf(big + o, sizeof(big) - o, "10.0.%u.0/24,2001:db8:%x::/48,", i, i);
        CHECK(skype_ip_ranges_parse(big, &r6) == SKYPE_MAX_RANGES && r6.n == 32 && r6.n6 == 32);
    }
}

/*
 * Probe-to-handshake link (docs/protocol.md §6): skype-irc.cap frames 266-267
 * (U1 of 18 bytes from 192.168.1.2:35990 to 68.206.150.243:57322, 18-byte U4
 * with a new ID) and frame 273 (14-byte T1 from 192.168.1.2:1312 to that
 * ip:port, 148 ms after the U4); here the client is not confirmed.
 */
static void test_probe_link(void)
{
    skype_cand_table_t *t = calloc(1, sizeof(*t));
    skype_link_table_t *lt = calloc(1, sizeof(*lt));
    skype_ep_t client = ep4(192, 168, 1, 2, 35990), sn = ep4(68, 206, 150, 243, 57322);
    skype_ep_t other_sn = ep4(68, 206, 150, 243, 57323), tcp_src = ep4(192, 168, 1, 2, 1312);
    skype_ep_t other_host = ep4(192, 168, 1, 3, 1312);
    skype_confirm_t conf;
    const skype_link_t *l;
    uint8_t b[64];
    uint32_t u1 = 0;
    const int64_t t4 = 72423135; /* U4 at 72.423135 s */

    request(b, 0x1602);
    CHECK(!skype_cand_observe(t, &client, &sn, b, 18, 18, 266, &conf));
    /* The U4: function 0x02 (byte 0x52 & 0x8F), a new ID, 18 bytes. */
    request(b, 0x9c31);
    b[2] = 0x52;
    CHECK(skype_cand_probe_reply(t, &sn, &client, b, 18, 18, &u1) == SKYPE_PROBE_POSITIVE && u1 == 266);
    CHECK(skype_cand_probe_reply(t, &sn, &client, b, 18, 51, &u1) == SKYPE_PROBE_NEGATIVE);
    CHECK(skype_cand_probe_reply(t, &sn, &client, b, 18, 26, &u1) == SKYPE_PROBE_NO_RESULT);
    /* Not an answer: from another ip:port, to another endpoint, other function, truncated. */
    CHECK(skype_cand_probe_reply(t, &other_sn, &client, b, 18, 18, &u1) == SKYPE_PROBE_NO_RESULT);
    CHECK(skype_cand_probe_reply(t, &sn, &other_host, b, 18, 18, &u1) == SKYPE_PROBE_NO_RESULT);
    b[2] = 0x0d;
    CHECK(skype_cand_probe_reply(t, &sn, &client, b, 18, 18, &u1) == SKYPE_PROBE_NO_RESULT);
    b[2] = 0x02;
    CHECK(skype_cand_probe_reply(t, &sn, &client, b, 2, 18, &u1) == SKYPE_PROBE_NO_RESULT);
    CHECK(skype_cand_probe_reply(NULL, &sn, &client, b, 18, 18, &u1) == SKYPE_PROBE_NO_RESULT);

    /* Nothing kept: inactive, nothing found. */
    CHECK(!skype_link_active(lt, t4) && !skype_link_active(NULL, t4));
    CHECK(skype_link_find(lt, &tcp_src, &sn, t4 + 147878) == NULL);
    skype_link_add(lt, &client, &sn, 266, 267, t4);
    CHECK(skype_link_active(lt, t4 + 147878));
    l = skype_link_find(lt, &tcp_src, &sn, t4 + 147878);
    CHECK(l != NULL && l->u1_frame == 266 && l->u4_frame == 267 && skype_ep_equal(&l->client, &client));
    /* The window: 0 to 10 s after the U4, from the U1's host (any port), to the U4's ip:port. */
    CHECK(skype_link_find(lt, &tcp_src, &sn, t4) != NULL);
    CHECK(skype_link_find(lt, &tcp_src, &sn, t4 + SKYPE_LINK_WINDOW_US) != NULL);
    CHECK(skype_link_find(lt, &tcp_src, &sn, t4 + SKYPE_LINK_WINDOW_US + 1) == NULL);
    CHECK(!skype_link_active(lt, t4 + SKYPE_LINK_WINDOW_US + 1));
    CHECK(skype_link_find(lt, &tcp_src, &sn, t4 - 1) == NULL);
    CHECK(skype_link_find(lt, &other_host, &sn, t4 + 1000) == NULL);
    CHECK(skype_link_find(lt, &tcp_src, &other_sn, t4 + 1000) == NULL);
    CHECK(skype_ep_same_host(&client, &tcp_src) && !skype_ep_same_host(&client, &other_host));
    /* A later probe to the same SN replaces the earlier one; the table never grows. */
    skype_link_add(lt, &client, &sn, 300, 301, t4 + 20000000);
    l = skype_link_find(lt, &tcp_src, &sn, t4 + 20000001);
    CHECK(l != NULL && l->u4_frame == 301 && lt->count == 2);
    CHECK(sizeof(skype_link_t) == 64);

    /* T1 sizes: 14 (v1.4), 8-64 (v2.0); not 7, 65, 339. */
    CHECK(skype_tcp_t1_fits(14) && skype_tcp_t1_fits(20) && skype_tcp_t1_fits(8) && skype_tcp_t1_fits(64));
    CHECK(!skype_tcp_t1_fits(7) && !skype_tcp_t1_fits(65) && !skype_tcp_t1_fits(339) && !skype_tcp_t1_fits(0));
    free(t);
    free(lt);
}

/* First payload per direction, from the plugin's own observations. */
static void test_first_payload(void)
{
    uint8_t seen = 0;

    /* Connection set up (SYN, frame 270) after tracking began (client confirmed at 185). */
    CHECK(skype_tcp_first_payload(&seen, 0, 270, 185));  /* T1 */
    CHECK(!skype_tcp_first_payload(&seen, 0, 270, 185)); /* T2: not first */
    CHECK(skype_tcp_first_payload(&seen, 1, 270, 185));  /* the SN's first */
    CHECK(!skype_tcp_first_payload(&seen, 1, 270, 185));
    /* A connection older than the tracking may have carried unseen payload. */
    seen = 0;
    CHECK(!skype_tcp_first_payload(&seen, 0, 100, 185));
    CHECK(!skype_tcp_first_payload(&seen, 0, 185, 185));
    seen = 0;
    CHECK(skype_tcp_first_payload(&seen, 1, 5, 0)); /* tracked_since 0: always tracked */
    CHECK(seen == 2);
}

/* The UDP 443 front's QUIC tag state machine (docs/modern.md, "Names"). */
static void test_quic_step(void)
{
    uint8_t st = SKYPE_QUIC_NEW, tries = 0;

    /* a listed server name in the first Initial tags */
    CHECK(skype_quic_step(&st, &tries, true, true) == SKYPE_QUIC_TAG && st == SKYPE_QUIC_TAGGED && tries == 1);
    /* tagged is final: nothing moves it */
    CHECK(skype_quic_step(&st, &tries, false, true) == SKYPE_QUIC_KEEP && st == SKYPE_QUIC_TAGGED && tries == 1);
    CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_KEEP && st == SKYPE_QUIC_TAGGED && tries == 1);

    /* no server name yet: pending for Initials 1..3, the 4th without one drops */
    st = SKYPE_QUIC_NEW;
    tries = 0;
    for (unsigned i = 1; i < SKYPE_QUIC_MAX_TRIES; i++)
        CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_KEEP && st == SKYPE_QUIC_PENDING &&
              tries == i);
    CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_DROP && st == SKYPE_QUIC_NEW && tries == 0);

    /* ...but a listed name in the last Initial still tags */
    st = SKYPE_QUIC_PENDING;
    tries = SKYPE_QUIC_MAX_TRIES - 1;
    CHECK(skype_quic_step(&st, &tries, true, true) == SKYPE_QUIC_TAG && st == SKYPE_QUIC_TAGGED &&
          tries == SKYPE_QUIC_MAX_TRIES);

    /* the ClientHello completed in the second Initial */
    st = SKYPE_QUIC_NEW;
    tries = 0;
    CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_KEEP);
    CHECK(skype_quic_step(&st, &tries, true, true) == SKYPE_QUIC_TAG && st == SKYPE_QUIC_TAGGED && tries == 2);

    /* another name drops, new or pending */
    st = SKYPE_QUIC_NEW;
    tries = 0;
    CHECK(skype_quic_step(&st, &tries, false, true) == SKYPE_QUIC_DROP && st == SKYPE_QUIC_NEW && tries == 0);
    st = SKYPE_QUIC_PENDING;
    tries = 1;
    CHECK(skype_quic_step(&st, &tries, false, true) == SKYPE_QUIC_DROP && st == SKYPE_QUIC_NEW && tries == 0);

    /* bad input: listed without any name counts as listed; an unknown state
     * as pending; a count past the maximum drops without a listed name and
     * stops at 255 with one */
    st = SKYPE_QUIC_NEW;
    tries = 0;
    CHECK(skype_quic_step(&st, &tries, true, false) == SKYPE_QUIC_TAG && st == SKYPE_QUIC_TAGGED);
    st = 9;
    tries = 0;
    CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_KEEP && st == SKYPE_QUIC_PENDING && tries == 1);
    st = SKYPE_QUIC_PENDING;
    tries = 200;
    CHECK(skype_quic_step(&st, &tries, false, false) == SKYPE_QUIC_DROP && tries == 0);
    st = SKYPE_QUIC_PENDING;
    tries = 255;
    CHECK(skype_quic_step(&st, &tries, true, true) == SKYPE_QUIC_TAG && tries == 255);

    /* every input of a 5-tuple not tagged, against quic_read as it was in
     * plugin/epan/skype_names.c (nq NULL: new; tries kept below the maximum) */
    for (unsigned known = 0; known < 2; known++)
        for (unsigned t = 0; t < (known ? SKYPE_QUIC_MAX_TRIES : 1u); t++)
            for (unsigned bits = 0; bits < 4; bits++) {
                bool listed = bits & 1, any = (bits & 2) || listed;
                bool more = !listed && !any && (known ? t + 1u : 1u) < SKYPE_QUIC_MAX_TRIES;
                uint8_t a;
                st = known ? SKYPE_QUIC_PENDING : SKYPE_QUIC_NEW;
                tries = (uint8_t)t;
                a = skype_quic_step(&st, &tries, listed, any);
                if (!listed && !more)
                    CHECK(a == SKYPE_QUIC_DROP && st == SKYPE_QUIC_NEW);
                else
                    CHECK(a == (listed ? SKYPE_QUIC_TAG : SKYPE_QUIC_KEEP) && tries == t + 1 &&
                          st == (listed ? SKYPE_QUIC_TAGGED : SKYPE_QUIC_PENDING));
            }
}

/* dissect_quic_front's if-chain as it was in plugin/epan/skype_names.c, the
 * reference for skype_quic_route: -1 the owner (or 0), -2 QUIC, 0 decline,
 * else the read path 3 QUIC, 4 the owner, 5 the heuristics. */
static int old_front(bool known, bool tagged, bool quic_gate, bool enabled, bool has_next, bool owned)
{
    bool gate;

    if (!enabled && !known)
        return -1;
    gate = quic_gate && enabled;
    if (known && (tagged || !gate))
        return -2;
    if (!gate)
        return -1;
    if (!known && !has_next && owned)
        return 0;
    return known ? 3 : has_next ? 4 : 5;
}

static void test_quic_route(void)
{
    static const uint8_t states[] = {SKYPE_QUIC_NEW, SKYPE_QUIC_PENDING, SKYPE_QUIC_TAGGED};

    /* Wireshark 4.0: no owner of UDP 443, so a gated Initial of a new 5-tuple goes to UDP's heuristics */
    CHECK(skype_quic_route(SKYPE_QUIC_NEW, true, true, false, false) == SKYPE_QUIC_READ_HEUR);
    CHECK(skype_quic_route(SKYPE_QUIC_NEW, true, true, false, true) == SKYPE_QUIC_DECLINE);
    CHECK(skype_quic_route(SKYPE_QUIC_NEW, true, true, true, true) == SKYPE_QUIC_READ_NEXT);
    CHECK(skype_quic_route(SKYPE_QUIC_NEW, false, true, false, true) == SKYPE_QUIC_PASS);
    CHECK(skype_quic_route(SKYPE_QUIC_NEW, true, false, false, false) == SKYPE_QUIC_PASS); /* disabled */
    CHECK(skype_quic_route(SKYPE_QUIC_PENDING, true, true, false, true) == SKYPE_QUIC_READ_QUIC);
    CHECK(skype_quic_route(SKYPE_QUIC_PENDING, false, true, false, false) == SKYPE_QUIC_TO_QUIC);
    CHECK(skype_quic_route(SKYPE_QUIC_PENDING, true, false, false, false) == SKYPE_QUIC_TO_QUIC);
    CHECK(skype_quic_route(SKYPE_QUIC_TAGGED, true, true, false, false) == SKYPE_QUIC_TO_QUIC);
    CHECK(skype_quic_route(7, true, true, false, false) == SKYPE_QUIC_READ_QUIC); /* unknown state: pending */
    /* every combination as the front decided before */
    for (unsigned s = 0; s < sizeof(states); s++)
        for (unsigned bits = 0; bits < 16; bits++) {
            bool gate = bits & 1, enabled = bits & 2, has_next = bits & 4, owned = bits & 8;
            int want = old_front(states[s] != SKYPE_QUIC_NEW, states[s] == SKYPE_QUIC_TAGGED, gate, enabled,
                                 has_next, owned);
            uint8_t r = skype_quic_route(states[s], gate, enabled, has_next, owned);
            CHECK(want == -1 ? r == SKYPE_QUIC_PASS : want == -2 ? r == SKYPE_QUIC_TO_QUIC
                  : want == 0 ? r == SKYPE_QUIC_DECLINE : r == (uint8_t)want);
            /* other_port_owned matters only for gated datagrams (callers may compute it for those alone) */
            CHECK(gate || r == skype_quic_route(states[s], gate, enabled, has_next, !owned));
        }
}

int main(void)
{
    test_som();
    test_probe_full_negative();
    test_udp_flow();
    test_probe_partial_positive();
    test_probe_u4_sizes();
    test_probe_truncated_and_wrong();
    test_probe_dropped_and_short();
    test_ep();
    test_endpoint_chain();
    test_endpoint_probe();
    test_endpoint_takeover();
    test_pairing();
    test_random_inputs();
    test_tcp_signatures();
    test_tcp_identify();
    test_tcp_sn_machine();
    test_tcp_restricted_and_login();
    test_tcp_flow();
    test_phase();
    test_tcp_random();
    test_stun();
    test_stun_ms_attributes();
    test_turn_tcp();
    test_sni_and_names();
    test_ranges();
    test_dns();
    test_cert_names();
    test_probe_link();
    test_first_payload();
    test_quic_step();
    test_quic_route();
    printf("%u passed, %u failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
