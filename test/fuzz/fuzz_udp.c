/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the UDP core (SoM parse, U1-U4 probe matcher, endpoint
 * confirmation, request/response pairing). The input is a sequence of
 * datagrams: [1 byte flags][1 byte length][length bytes]..., flags choosing
 * direction, endpoints and a wire length longer than the captured bytes.
 * Each datagram is copied to its own heap block of exactly its length, so
 * ASan catches any read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_endpoint.h"
#include "skype_probe.h"
#include "skype_udp_flow.h"
#include "skype_som.h"

static skype_cand_table_t table;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    skype_probe_state_t probe;
    skype_pair_ring_t ring;
    skype_udp_flow_t flow;
    skype_udp_flow_out_t fo;
    skype_confirm_t conf;
    size_t off = 0;
    uint32_t frame = 1;

    memset(&table, 0, sizeof(table));
    memset(&ring, 0, sizeof(ring));
    skype_probe_init(&probe);
    skype_udp_flow_init(&flow, 1);
    while (off + 2 <= size) {
        uint8_t flags = data[off], len = data[off + 1];
        size_t n = len <= size - off - 2 ? len : size - off - 2;
        uint8_t *p = malloc(n ? n : 1);
        skype_ep_t a, b;
        uint8_t ipa[4] = {10, 0, 0, (uint8_t)(flags & 3)}, ipb[4] = {192, 0, 2, (uint8_t)((flags >> 2) & 3)};
        skype_probe_out_t out;
        skype_som_t som;

        memcpy(p, data + off + 2, n);
        skype_ep_set(&a, ipa, 4, 1000);
        skype_ep_set(&b, ipb, 4, (uint16_t)(2000 + ((flags >> 4) & 1)));
        skype_probe_step(&probe, (flags & 0x20) != 0, p, n, n + ((flags & 0x40) ? 7 : 0), frame, &out);
        if (skype_cand_observe(&table, (flags & 0x20) ? &a : &b, (flags & 0x20) ? &b : &a, p, n,
                               n + ((flags & 0x40) ? 7 : 0), frame, &conf)) {
            if (conf.first_frame > frame || conf.how == SKYPE_CONFIRM_NONE)
                abort();
        }
        skype_udp_flow_step(&flow, (flags & 0x20) != 0, p, n, n + ((flags & 0x40) ? 7 : 0), frame, &fo);
        /* links and labels point backwards, the phase never leaves teardown */
        if (fo.request_in >= frame || fo.u1_confirmed > frame || fo.u1_dropped >= frame || fo.first_frame > frame ||
            fo.phase != flow.phase || (fo.phase_changed && fo.phase == 0))
            abort();
        if (skype_som_parse(p, n, &som))
            skype_pair_observe(&ring, (flags & 0x20) != 0, som.id, frame);
        free(p);
        off += 2 + n;
        frame++;
    }
    return 0;
}
