/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the TCP core (T/R/L signatures, identify, the message
 * machine) and the phase machine (skype_phase_enter, fed each segment's
 * message and an arbitrary phase from the input, with its invariants:
 * a change lands on the phase asked for; teardown is final). Each segment
 * also goes through the recognition verdict (skype_tcp_recognise.h: facts
 * from the port selector's bits 2-7 and the flags, with the verdict's
 * invariants), the SN-session phase rule (skype_tcp_segment_phase) and,
 * as a piece of one TURN-over-TCP stream per direction, the TURN walk
 * (skype_turn_tcp.h: PDUs back to back inside the captured bytes, the
 * per-direction state). Input: [mode][port selector / facts] then segments as in fuzz_udp.c
 * ([flags][length][bytes]...), each on an exact-size heap block.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_phase.h"
#include "skype_tcp.h"
#include "skype_tcp_recognise.h"
#include "skype_turn_tcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The verdict on segment p[0..n) of len bytes to port, facts from bits (the
 * port selector's bits 2-7) and flags; aborts on a broken invariant. */
static void recognise(const uint8_t *p, size_t n, size_t len, uint16_t port, uint8_t bits, uint8_t flags)
{
    skype_tcp_facts_t f;
    skype_tcp_verdict_t v;
    bool reject;
    uint8_t mode;

    memset(&f, 0, sizeof(f));
    f.caplen = n;
    f.len = len;
    f.dst_port = port;
    f.byte0 = n ? p[0] : 0;
    f.client_host = (bits & 0x04) != 0;
    f.src_host = (bits & 0x08) != 0;
    f.eps = (bits & 0x10) != 0;
    f.to_client = (bits & 0x20) != 0;
    f.peer_answered = (bits & 0x40) != 0;
    f.probe = (bits & 0x80) != 0;
    f.first = (flags & 0x04) != 0;
    f.dns_known = (flags & 0x40) != 0;
    reject = skype_tcp_recognise_reject(&f); /* before p, as the caller asks it */
    f.p = (flags & 0x80) ? NULL : p;
    mode = skype_tcp_recognise(&f, &v);
    if (mode != v.mode || (reject && mode != SKYPE_MODE_NONE))
        abort();
    if (mode == SKYPE_MODE_NONE) {
        if (v.evidence || v.linked || v.midstream || v.dissect || v.link_probe)
            abort();
        return;
    }
    if (v.evidence != skype_tcp_mode_evidence(mode, v.linked) || v.dissect == skype_tcp_mode_tag_only(mode) ||
        (v.link_probe && (f.client_host || !f.probe || (mode != SKYPE_MODE_SN && mode != SKYPE_MODE_R80))) ||
        (mode == SKYPE_MODE_DNS && !f.dns_known) || (mode == SKYPE_MODE_PEER && !f.to_client) ||
        (mode == SKYPE_MODE_SN && !v.linked) || (v.midstream && mode != SKYPE_MODE_SN))
        abort();
    if (skype_tcp_recognise(&f, NULL) != mode)
        abort();
}

/* One piece p[0..n) of len bytes of a TURN-over-TCP stream; aborts on a
 * broken invariant. */
static void turn_piece(skype_turn_stream_t *ts, unsigned dir, const uint8_t *p, size_t n, size_t len, bool have_seq,
                       uint32_t seq)
{
    skype_turn_walk_t w;
    skype_turn_pdu_t pdu;
    uint8_t before = ts->sync, rest;
    size_t at;
    unsigned k = 0;

    skype_turn_walk_begin(&w, ts, dir, p, n, len, have_seq, seq);
    if (w.skipped > len || (w.skipped && !have_seq))
        abort();
    at = w.skipped;
    while (skype_turn_walk_next(&w, &pdu)) {
        size_t seen = n - pdu.off < pdu.plen ? n - pdu.off : pdu.plen;
        /* back to back from the first byte not skipped, each with its 4-byte header captured */
        if (pdu.off != at || pdu.off + 4u > n || pdu.off >= len || pdu.plen < 4 ||
            (pdu.pkt != SKYPE_PKT_STUN && pdu.pkt != SKYPE_PKT_TURN_CHANNEL) || ts->pkt[dir & 1u] != pdu.pkt)
            abort();
        if (pdu.stun ? pdu.pkt != SKYPE_PKT_STUN || (size_t)pdu.info.username_off + pdu.info.username_len > seen ||
                           (size_t)pdu.info.data_off + pdu.info.data_len > seen
                     : pdu.info.method != 0 || pdu.info.ms != 0)
            abort();
        at = pdu.off + (size_t)pdu.plen;
        k++;
    }
    rest = skype_turn_walk_end(&w);
    if (k != w.n || (k == 0) != (rest != 0) || (rest != 0 && rest != SKYPE_PKT_STUN && rest != SKYPE_PKT_TURN_CHANNEL))
        abort();
    /* lost: the direction's framing is dropped; else kept (set when numbered) */
    if (w.lost != (at < len) || (w.lost && (ts->sync & (1u << (dir & 1u)))) ||
        (!w.lost && have_seq && !(ts->sync & (1u << (dir & 1u)))) ||
        (!w.lost && !have_seq && ts->sync != before) || (ts->sync & ~3u))
        abort();
    if (skype_turn_walk_end(&w) != rest)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint16_t ports[4] = {80, 443, 33033, 12350};
    skype_tcp_state_t st;
    skype_tcp_out_t out;
    size_t off = 2;
    bool first = true;
    uint8_t phase = SKYPE_PHASE_NONE;
    skype_timeline_t tl;
    uint32_t frame = 0;
    uint8_t rmode, tphase = SKYPE_PHASE_NONE;
    skype_turn_stream_t ts;
    uint32_t tseq[2];

    memset(&tl, 0, sizeof(tl));
    memset(&ts, 0, sizeof(ts));
    if (size < 2)
        return 0;
    rmode = (uint8_t)(data[0] % 10);
    skype_tcp_init(&st, rmode, (data[0] & 0x80) != 0);
    tseq[0] = 0xffffff00u + data[0]; /* one direction wraps */
    tseq[1] = (uint32_t)data[1] << 8;
    while (off + 2 <= size) {
        uint8_t flags = data[off], len = data[off + 1];
        size_t n = len <= size - off - 2 ? len : size - off - 2;
        uint8_t *p = malloc(n ? n : 1);

        memcpy(p, data + off + 2, n);
        if (first) {
            uint8_t mode = skype_tcp_identify(p, n, n + (flags & 3), ports[data[1] & 3], (flags & 4) != 0);
            if (mode != SKYPE_MODE_NONE)
                skype_tcp_init(&st, rmode = mode, false);
            first = false;
        }
        recognise(p, n, n + (flags & 3), ports[data[1] & 3], data[1], flags);
        skype_tcp_step(&st, (flags & 8) != 0, p, n, n + ((flags & 0x10) ? 100 : 0), &out);
        if (out.marker_off >= 0 && (size_t)out.marker_off + 7 > n)
            abort();
        {
            /* the SN-session rule, fed back as the epan layer does */
            uint8_t sp = skype_tcp_segment_phase(rmode, (flags & 0x20) ? NULL : &st, out.msg, tphase);
            if (sp == SKYPE_PHASE_NONE || sp >= SKYPE_PHASE_COUNT ||
                (!(flags & 0x20) && tphase == SKYPE_PHASE_SN_SESSION && st.mode == SKYPE_MODE_SN &&
                 sp != SKYPE_PHASE_SN_SESSION))
                abort();
            skype_phase_enter(&tphase, sp);
        }
        {
            /* a piece of the TURN stream: its direction's next bytes, or
             * (flags 0x40) a retransmission of the last n; none numbered (0x80) */
            unsigned dir = (flags & 8) ? 0u : 1u;
            size_t piece = n + ((flags & 0x10) ? 100 : 0);
            bool again = (flags & 0x40) != 0;
            uint32_t seq = again ? tseq[dir] - (uint32_t)piece : tseq[dir];
            turn_piece(&ts, dir, p, n, piece, (flags & 0x80) == 0, seq);
            if (!again)
                tseq[dir] += (uint32_t)piece;
        }
        {
            uint8_t before = phase, next = (uint8_t)(out.msg ? out.msg % 12 : (flags >> 4));
            bool changed = skype_phase_enter(&phase, next);
            if (changed != (phase != before) || (changed && phase != next) ||
                (before == SKYPE_PHASE_TEARDOWN && phase != SKYPE_PHASE_TEARDOWN))
                abort();
            (void)skype_phase_name(phase);
            (void)skype_evidence_name(flags);
            (void)skype_tcp_mode_evidence(flags % 12, (flags & 1) != 0);
        }
        {
            /* the timeline: bounded, frames ascending, FIN enters teardown once */
            bool changed;
            frame += 1 + (flags & 3);
            if (flags & 0x20)
                skype_timeline_fin(&tl, frame);
            else
                skype_timeline_enter(&tl, frame, skype_tcp_mode_phase(flags % 12));
            if (tl.n > SKYPE_TIMELINE_CHANGES)
                abort();
            for (unsigned i = 1; i < tl.n; i++)
                if (tl.frame[i] <= tl.frame[i - 1])
                    abort();
            if (tl.n && skype_timeline_phase(&tl, frame, &changed) != tl.phase[tl.n - 1] &&
                tl.frame[tl.n - 1] <= frame)
                abort();
        }
        skype_l3_marker(p, n);
        skype_r1_80_match(p, n, n);
        skype_http_update_match(p, n);
        free(p);
        off += 2 + n;
    }
    return 0;
}
