/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UDP flow analyser (docs/protocol.md §2.2, §3, §5); see skype_udp_flow.h. */
#include "skype_udp_flow.h"

#include <string.h>

#include "skype_phase.h"
#include "skype_som.h"

void skype_udp_flow_init(skype_udp_flow_t *f, uint32_t first_frame)
{
    memset(f, 0, sizeof(*f));
    skype_probe_init(&f->probe);
    f->first_frame = first_frame;
    f->evidence = SKYPE_EV_SOM;
}

void skype_udp_flow_confirm_probe(skype_udp_flow_t *f, const skype_probe_state_t *probe)
{
    if (f->probe.stage != SKYPE_PROBE_IDLE)
        return;
    f->probe = *probe;
    f->evidence = SKYPE_EV_UDP_PROBE;
    f->phase = SKYPE_PHASE_SN_DISCOVERY;
    f->first_frame = probe->u1_frame;
}

void skype_udp_flow_seed_request(skype_udp_flow_t *f, uint16_t id, uint16_t len, uint32_t nonce_c,
                                 uint32_t frame)
{
    if (f->probe.stage == SKYPE_PROBE_IDLE) {
        f->probe.stage = SKYPE_PROBE_U1_SENT;
        f->probe.id = id;
        f->probe.u1_len = len;
        f->probe.nonce_c = nonce_c;
        f->probe.u1_frame = frame;
    }
    skype_pair_observe(&f->pairs, true, id, frame);
}

void skype_udp_flow_linked(skype_udp_flow_t *f, uint32_t u1_frame, uint8_t phase)
{
    f->first_frame = u1_frame;
    f->phase = phase;
    f->evidence = SKYPE_EV_LINKED;
}

void skype_udp_flow_step(skype_udp_flow_t *f, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                         uint32_t frame, skype_udp_flow_out_t *out)
{
    skype_probe_out_t po;
    uint8_t next;

    memset(out, 0, sizeof(*out));
    skype_probe_step(&f->probe, from_client, p, caplen, len, frame, &po);
    /* A request is a U1 only once answered as one (u1_confirmed, later). */
    out->probe_msg = po.msg == SKYPE_U1 ? SKYPE_PROBE_NONE : po.msg;
    out->probe_kind = po.kind;
    out->probe_result = po.result;
    out->probe_flags = po.flags;
    out->u1_frame = po.u1_frame;
    if (po.msg != SKYPE_PROBE_NONE && po.msg != SKYPE_U1)
        f->evidence = SKYPE_EV_UDP_PROBE;
    if (po.kind != SKYPE_PROBE_KIND_UNKNOWN && po.u1_frame != 0) {
        /* The probe is recognised now: its U1 opened the SN discovery phase. */
        out->u1_confirmed = po.u1_frame;
        out->u1_enters_discovery =
            po.u1_frame != frame && skype_phase_enter(&f->phase, SKYPE_PHASE_SN_DISCOVERY);
    }
    out->u1_dropped = po.dropped_u1_frame;

    /* A tentative U1 keeps the flow's phase until the reply decides. */
    next = po.msg >= SKYPE_U2 ? SKYPE_PHASE_SN_DISCOVERY
           : (po.msg == SKYPE_U1 && f->phase) ? f->phase
                                              : SKYPE_PHASE_SN_SESSION;
    out->phase_changed = skype_phase_enter(&f->phase, next);
    out->phase = f->phase;
    out->evidence = f->evidence;
    out->first_frame = f->first_frame;
    if (!from_client && !f->peer_kept) {
        out->add_peer = 1;
        f->peer_kept = 1;
    }
    out->request_in = caplen >= 2 ? skype_pair_observe(&f->pairs, from_client, skype_be16(p), frame) : 0;
}
