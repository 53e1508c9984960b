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

bool skype_phase_enter(uint8_t *conv_phase, uint8_t next)
{
    if (next == SKYPE_PHASE_NONE || *conv_phase == next || *conv_phase == SKYPE_PHASE_TEARDOWN)
        return false;
    *conv_phase = next;
    return true;
}
