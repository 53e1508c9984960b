/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls: which call a leg joins, its kind and the phase
 * a message proposes (skype_call_join.h; docs/modern.md, "Calls"). */
#include "skype_call_join.h"

#include "skype_phase.h"
#include "skype_tcp.h"

uint8_t skype_call_leg_kind(uint8_t kind, uint8_t pkt, const skype_stun_info_t *stun)
{
    switch (pkt) {
    case SKYPE_PKT_STUN:
        /* a TCP leg stays one, whatever it carries */
        if (stun != NULL && stun->method != SKYPE_STUN_BINDING && kind != SKYPE_LEG_TCP)
            kind = SKYPE_LEG_RELAYED;
        break;
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        if (kind != SKYPE_LEG_TCP)
            kind = SKYPE_LEG_RELAYED;
        break;
    default:
        break;
    }
    return kind == SKYPE_LEG_NONE ? SKYPE_LEG_DIRECT : kind;
}

uint8_t skype_call_proposed_phase(uint8_t pkt, const skype_stun_info_t *stun)
{
    switch (pkt) {
    case SKYPE_PKT_STUN:
        return stun != NULL ? skype_stun_phase(stun) : SKYPE_PHASE_CALL_SETUP;
    case SKYPE_PKT_TURN_CHANNEL:
    case SKYPE_PKT_MS_MUX:
        return SKYPE_PHASE_RELAY;
    case SKYPE_PKT_DTLS:
        return SKYPE_PHASE_CALL_SETUP;
    case SKYPE_PKT_RTP:
    case SKYPE_PKT_RTCP:
        return SKYPE_PHASE_MEDIA;
    default:
        return SKYPE_PHASE_NONE; /* unrecognised: no phase of its own */
    }
}

bool skype_call_tls_leg_due(uint8_t mode, uint16_t client_port, uint16_t server_port, bool server_relay)
{
    return (mode == SKYPE_MODE_TLS || mode == SKYPE_MODE_CERT || (mode == SKYPE_MODE_DNS && server_relay)) &&
           skype_kind_from_port(client_port) != SKYPE_MEDIA_UNKNOWN && skype_turn_tcp_port(server_port);
}

uint8_t skype_call_message_phase(uint8_t pkt, const skype_stun_info_t *stun, const uint8_t *p, size_t caplen)
{
    uint8_t inner = skype_relay_payload(p, caplen, pkt);

    if (inner == SKYPE_PKT_RTP || inner == SKYPE_PKT_RTCP)
        return SKYPE_PHASE_MEDIA;
    return skype_call_proposed_phase(pkt, stun);
}

uint64_t skype_call_ice_key(const skype_stun_info_t *stun, const uint8_t *p, size_t caplen, uint16_t *stream_type)
{
    if (stun->method == SKYPE_STUN_BINDING && stun->username_len > 0)
        return skype_ice_pair_key(p + stun->username_off, stun->username_len);
    if ((stun->method == SKYPE_STUN_SEND || stun->method == SKYPE_STUN_DATA) && stun->data_len > 0 &&
        stun->data_off < caplen) {
        skype_stun_info_t inner;
        size_t avail = caplen - stun->data_off < stun->data_len ? caplen - stun->data_off : stun->data_len;
        if (skype_stun_parse_any(p + stun->data_off, avail, stun->data_len, &inner) &&
            inner.method == SKYPE_STUN_BINDING) {
            if (inner.stream_type != 0)
                *stream_type = inner.stream_type;
            if (inner.username_len > 0)
                return skype_ice_pair_key(p + stun->data_off + inner.username_off, inner.username_len);
        }
    }
    return 0;
}

uint8_t skype_call_leg_phase(uint8_t proposed, bool leg_media, uint8_t call_phase)
{
    return proposed == SKYPE_PHASE_TEARDOWN && !leg_media && call_phase == SKYPE_PHASE_MEDIA ? SKYPE_PHASE_NONE
                                                                                            : proposed;
}

