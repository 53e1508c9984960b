/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the TCP core (T/R/L signatures, identify, the message
 * machine) and the phase machine (skype_phase_enter, fed each segment's
 * message and an arbitrary phase from the input, with its invariants:
 * a change lands on the phase asked for; teardown is final). Input: [mode][port selector] then segments as in fuzz_udp.c
 * ([flags][length][bytes]...), each on an exact-size heap block.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_phase.h"
#include "skype_tcp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

    memset(&tl, 0, sizeof(tl));
    if (size < 2)
        return 0;
    skype_tcp_init(&st, (uint8_t)(data[0] % 10), (data[0] & 0x80) != 0);
    while (off + 2 <= size) {
        uint8_t flags = data[off], len = data[off + 1];
        size_t n = len <= size - off - 2 ? len : size - off - 2;
        uint8_t *p = malloc(n ? n : 1);

        memcpy(p, data + off + 2, n);
        if (first) {
            uint8_t mode = skype_tcp_identify(p, n, n + (flags & 3), ports[data[1] & 3], (flags & 4) != 0);
            if (mode != SKYPE_MODE_NONE)
                skype_tcp_init(&st, mode, false);
            first = false;
        }
        skype_tcp_step(&st, (flags & 8) != 0, p, n, n + ((flags & 0x10) ? 100 : 0), &out);
        if (out.marker_off >= 0 && (size_t)out.marker_off + 7 > n)
            abort();
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
