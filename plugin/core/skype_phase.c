/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session phases (docs/protocol.md §5). */
#include "skype_phase.h"

#include <stddef.h>

/*
 * The one table of names (docs/protocol.md §5): `name` is the short form
 * (statistics tree, exports), `label` what skype.conv.phase and
 * skype.conv.evidence show in the packet details (the epan layer builds its
 * value_strings from here). Index = enum value; index 0 (none) has no name.
 */
static const skype_name_pair_t phase_names[SKYPE_PHASE_COUNT] = {
    [SKYPE_PHASE_SN_DISCOVERY] = {"SN discovery", "SN discovery (UDP probe)"},
    [SKYPE_PHASE_SN_HANDSHAKE] = {"SN handshake", "SN handshake"},
    [SKYPE_PHASE_LOGIN] = {"Login", "Login"},
    [SKYPE_PHASE_UPDATE] = {"Update check", "Update check"},
    [SKYPE_PHASE_SN_SESSION] = {"SN session", "SN session (signalling)"},
    [SKYPE_PHASE_CALL_SETUP] = {"Call setup", "Call setup (STUN/ICE)"},
    [SKYPE_PHASE_RELAY] = {"Relay", "Relay (TURN)"},
    [SKYPE_PHASE_MEDIA] = {"Media", "Media"},
    [SKYPE_PHASE_TEARDOWN] = {"Teardown", "Teardown"},
};

static const skype_name_pair_t evidence_names[SKYPE_EV_COUNT] = {
    [SKYPE_EV_SOM] = {"SoM", "SoM"},
    [SKYPE_EV_UDP_PROBE] = {"UDP probe", "UDP probe"},
    [SKYPE_EV_SN_HANDSHAKE] = {"SN handshake sizes", "SN handshake sizes"},
    [SKYPE_EV_LOGIN] = {"Login signature", "Login signature"},
    [SKYPE_EV_FAKE_TLS] = {"Fake TLS", "Fake TLS"},
    [SKYPE_EV_HTTP_UPDATE] = {"HTTP update check", "HTTP update check"},
    [SKYPE_EV_TLS_SNI] = {"TLS server name", "TLS server name"},
    [SKYPE_EV_CERT_NAME] = {"Certificate name", "Certificate name"},
    [SKYPE_EV_DNS] = {"DNS answer", "DNS answer for a Skype name"},
    [SKYPE_EV_MS_STUN] = {"Microsoft STUN/TURN attributes", "Microsoft STUN/TURN attributes"},
    [SKYPE_EV_RELAY_RANGE] = {"Media-relay address range", "Media-relay address range"},
    [SKYPE_EV_LINKED] = {"Linked", "Linked (follows a probe, or to a client's Skype port)"},
    [SKYPE_EV_PIECE] = {"File-set piece", "Media of a 5-tuple tagged before this piece (-z skype,legs)"},
};

const skype_name_pair_t *skype_phase_names(uint8_t phase)
{
    return phase > SKYPE_PHASE_NONE && phase < SKYPE_PHASE_COUNT ? &phase_names[phase] : NULL;
}

const skype_name_pair_t *skype_evidence_names(uint8_t evidence)
{
    return evidence > SKYPE_EV_NONE && evidence < SKYPE_EV_COUNT ? &evidence_names[evidence] : NULL;
}

const char *skype_phase_name(uint8_t phase)
{
    const skype_name_pair_t *n = skype_phase_names(phase);
    return n ? n->name : NULL;
}

const char *skype_evidence_name(uint8_t evidence)
{
    const skype_name_pair_t *n = skype_evidence_names(evidence);
    return n ? n->name : NULL;
}

uint8_t skype_evidence_confidence(uint8_t evidence)
{
    switch (evidence) {
    case SKYPE_EV_SOM:          /* the legacy protocol's own bytes: SoM, probe, */
    case SKYPE_EV_UDP_PROBE:    /* handshake, login, fake TLS, update check */
    case SKYPE_EV_SN_HANDSHAKE:
    case SKYPE_EV_LOGIN:
    case SKYPE_EV_FAKE_TLS:
    case SKYPE_EV_HTTP_UPDATE:
    case SKYPE_EV_MS_STUN:
        return SKYPE_CONF_STRONG;
    case SKYPE_EV_TLS_SNI:
    case SKYPE_EV_CERT_NAME:
        return SKYPE_CONF_MEDIUM;
    case SKYPE_EV_DNS:
    case SKYPE_EV_RELAY_RANGE:
    case SKYPE_EV_LINKED:
    case SKYPE_EV_PIECE:
        return SKYPE_CONF_WEAK;
    default:
        return SKYPE_CONF_NONE;
    }
}

bool skype_phase_enter(uint8_t *conv_phase, uint8_t next)
{
    if (next == SKYPE_PHASE_NONE || *conv_phase == next || *conv_phase == SKYPE_PHASE_TEARDOWN)
        return false;
    *conv_phase = next;
    return true;
}
