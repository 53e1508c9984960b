/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UDP probe matcher U1-U4 (docs/protocol.md §3, report §5.2.1). */
#include "skype_probe.h"

#include <string.h>

#include "skype_som.h"

/* st->pad[0]: nonce S was read from a complete U2 */
#define NONCE_S_KNOWN pad[0]

void skype_probe_init(skype_probe_state_t *st)
{
    memset(st, 0, sizeof(*st));
}

uint8_t skype_probe_u4_result(size_t msglen)
{
    if (msglen == SKYPE_U4_POSITIVE_LEN)
        return SKYPE_PROBE_POSITIVE;
    if (msglen == SKYPE_U4_NEGATIVE_LEN_A || msglen == SKYPE_U4_NEGATIVE_LEN_B)
        return SKYPE_PROBE_NEGATIVE;
    return SKYPE_PROBE_NO_RESULT;
}

static void client_step(skype_probe_state_t *st, const skype_som_t *som, const uint8_t *p, size_t caplen,
                        size_t msglen, uint32_t frame, skype_probe_out_t *out)
{
    if (st->stage == SKYPE_PROBE_U2_RECEIVED && som->func == SKYPE_FUNC_CONFIRM && som->id == st->id && caplen >= 4 &&
        p[3] == 0x01) {
        out->msg = SKYPE_U3;
        out->kind = SKYPE_PROBE_FULL;
        out->u1_frame = st->u1_frame;
        out->u2_frame = st->u2_frame;
        if (msglen != (size_t)st->u1_len + SKYPE_U3_EXTRA)
            out->flags |= SKYPE_PROBE_F_SIZE_MISMATCH;
        if (msglen < SKYPE_U3_MIN_LEN || caplen < SKYPE_U3_MIN_LEN) {
            out->flags |= SKYPE_PROBE_F_TRUNCATED;
        } else {
            if (st->NONCE_S_KNOWN && skype_be32(p + SKYPE_U3_NONCE_S_OFF) != st->nonce_s)
                out->flags |= SKYPE_PROBE_F_NONCE_S_MISMATCH;
            if (skype_be32(p + SKYPE_U3_NONCE_C_OFF) != st->nonce_c)
                out->flags |= SKYPE_PROBE_F_NONCE_C_MISMATCH;
        }
        st->stage = SKYPE_PROBE_U3_SENT;
        st->u3_frame = frame;
        return;
    }
    if (som->func == SKYPE_FUNC_PING && msglen >= SKYPE_U1_MIN_LEN && caplen >= SKYPE_U1_MIN_LEN &&
        st->stage <= SKYPE_PROBE_U1_SENT) {
        /* A new probe; an earlier U1 that got no answer keeps its label. */
        skype_probe_init(st);
        st->stage = SKYPE_PROBE_U1_SENT;
        st->id = som->id;
        st->u1_len = (uint16_t)(msglen > UINT16_MAX ? UINT16_MAX : msglen);
        st->nonce_c = skype_be32(p + SKYPE_U1_NONCE_C_OFF);
        st->u1_frame = frame;
        out->msg = SKYPE_U1;
        out->u1_frame = frame;
    }
    /* After U2 or U3, other client traffic does not disturb the open probe. */
}

static void sn_step(skype_probe_state_t *st, const skype_som_t *som, const uint8_t *p, size_t caplen,
                    size_t msglen, uint32_t frame, skype_probe_out_t *out)
{
    uint8_t result = som->func == SKYPE_FUNC_PING ? skype_probe_u4_result(msglen) : 0;

    if (st->stage == SKYPE_PROBE_U1_SENT && som->func == SKYPE_FUNC_CHALLENGE && som->id == st->id) {
        out->msg = SKYPE_U2;
        out->kind = SKYPE_PROBE_FULL;
        out->u1_frame = st->u1_frame;
        out->u2_frame = frame;
        if (msglen < SKYPE_U2_LEN || caplen < SKYPE_U2_LEN) {
            out->flags |= SKYPE_PROBE_F_TRUNCATED;
        } else {
            st->nonce_s = skype_be32(p + SKYPE_U2_NONCE_S_OFF);
            st->NONCE_S_KNOWN = 1;
            if (msglen != SKYPE_U2_LEN)
                out->flags |= SKYPE_PROBE_F_SIZE_MISMATCH;
        }
        st->stage = SKYPE_PROBE_U2_RECEIVED;
        st->u2_frame = frame;
        return;
    }
    if ((st->stage == SKYPE_PROBE_U1_SENT || st->stage == SKYPE_PROBE_U3_SENT) && result != SKYPE_PROBE_NO_RESULT) {
        out->msg = SKYPE_U4;
        out->kind = st->stage == SKYPE_PROBE_U1_SENT ? SKYPE_PROBE_PARTIAL : SKYPE_PROBE_FULL;
        out->result = result;
        out->u1_frame = st->u1_frame;
        out->u2_frame = st->u2_frame;
        skype_probe_init(st);
        return;
    }
    if (st->stage == SKYPE_PROBE_U1_SENT) {
        /* The peer answered U1 with something that is neither U2 nor U4. */
        out->dropped_u1_frame = st->u1_frame;
        skype_probe_init(st);
    }
}

void skype_probe_step(skype_probe_state_t *st, bool from_client, const uint8_t *p, size_t caplen,
                      size_t msglen, uint32_t frame, skype_probe_out_t *out)
{
    skype_som_t som;

    memset(out, 0, sizeof(*out));
    if (st == NULL || !skype_som_parse(p, caplen, &som) || msglen < SKYPE_SOM_LEN)
        return;
    if (from_client)
        client_step(st, &som, p, caplen, msglen, frame, out);
    else
        sn_step(st, &som, p, caplen, msglen, frame, out);
}
