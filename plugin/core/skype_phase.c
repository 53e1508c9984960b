/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Session phases (docs/protocol.md §5). */
#include "skype_phase.h"

#include <stddef.h>

const char *skype_phase_name(uint8_t phase)
{
    static const char *const names[] = {NULL,           "SN discovery", "SN handshake", "Login",
                                        "Update check", "SN session",   "Call setup",   "Relay",
                                        "Media",        "Teardown"};
    return phase < sizeof(names) / sizeof(names[0]) ? names[phase] : NULL;
}

const char *skype_evidence_name(uint8_t evidence)
{
    static const char *const names[] = {NULL,
                                        "SoM",
                                        "UDP probe",
                                        "SN handshake sizes",
                                        "Login signature",
                                        "Fake TLS",
                                        "HTTP update check",
                                        "TLS server name",
                                        "Certificate name",
                                        "DNS answer",
                                        "Microsoft STUN/TURN attributes",
                                        "Media-relay address range",
                                        "Linked"};
    return evidence < sizeof(names) / sizeof(names[0]) ? names[evidence] : NULL;
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
