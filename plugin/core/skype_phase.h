/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Session phases and evidence kinds (docs/protocol.md §5): the values of
 * skype.conv.phase and skype.conv.evidence, and the rule that turns a
 * conversation's frames into phase changes. Pure C.
 */
#ifndef SKYPE_PHASE_H
#define SKYPE_PHASE_H

#include <stdbool.h>
#include <stdint.h>

enum skype_phase {
    SKYPE_PHASE_NONE = 0,
    SKYPE_PHASE_SN_DISCOVERY = 1, /* UDP probe */
    SKYPE_PHASE_SN_HANDSHAKE = 2, /* T1-T4, R1-R3 */
    SKYPE_PHASE_LOGIN = 3,        /* L1-L4 and further login exchanges */
    SKYPE_PHASE_UPDATE = 4,       /* HTTP update check */
    SKYPE_PHASE_SN_SESSION = 5,   /* signalling over the kept SN connection, SoM traffic */
    SKYPE_PHASE_CALL_SETUP = 6,   /* STUN/ICE connectivity checks */
    SKYPE_PHASE_RELAY = 7,        /* TURN allocate / relayed media */
    SKYPE_PHASE_MEDIA = 8,
    SKYPE_PHASE_TEARDOWN = 9,     /* FIN/RST of an SN or login connection */
    SKYPE_PHASE_COUNT             /* number of values, none included */
};

enum skype_evidence {
    SKYPE_EV_NONE = 0,
    SKYPE_EV_SOM = 1,
    SKYPE_EV_UDP_PROBE = 2,
    SKYPE_EV_SN_HANDSHAKE = 3,
    SKYPE_EV_LOGIN = 4,
    SKYPE_EV_FAKE_TLS = 5,
    SKYPE_EV_HTTP_UPDATE = 6,
    SKYPE_EV_TLS_SNI = 7,
    SKYPE_EV_CERT_NAME = 8,
    SKYPE_EV_DNS = 9,
    SKYPE_EV_MS_STUN = 10,
    SKYPE_EV_RELAY_RANGE = 11,
    SKYPE_EV_LINKED = 12,
    SKYPE_EV_PIECE = 13, /* RTP/RTCP of a 5-tuple tagged before this piece of a file set (-z skype,legs) */
    SKYPE_EV_COUNT /* number of values, none included */
};

/* The names of one phase or evidence kind, from the project's one table of
 * them: `name` short ("SN discovery"; statistics tree, exports), `label` what
 * the packet details show ("SN discovery (UDP probe)"). */
typedef struct skype_name_pair {
    const char *name;
    const char *label;
} skype_name_pair_t;

/* Names of a phase (enum skype_phase), or NULL for none and unknown values. */
const skype_name_pair_t *skype_phase_names(uint8_t phase);

/* Names of an evidence kind (enum skype_evidence), or NULL for none and unknown values. */
const skype_name_pair_t *skype_evidence_names(uint8_t evidence);

/* Short English name of a phase ("SN discovery", ...) or NULL. */
const char *skype_phase_name(uint8_t phase);

/* Short English name of an evidence kind ("SoM", ...) or NULL. */
const char *skype_evidence_name(uint8_t evidence);

/* skype.conv.confidence: ordered strength of an evidence kind (docs/modern.md,
 * "Confidence"), so that "confidence >= 2" is one filter. */
enum skype_confidence {
    SKYPE_CONF_NONE = 0,   /* no evidence (or an unknown kind) */
    SKYPE_CONF_WEAK = 1,   /* DNS answer, link, or address range alone */
    SKYPE_CONF_MEDIUM = 2, /* TLS server name or certificate name */
    SKYPE_CONF_STRONG = 3  /* Skype's own signature, or Microsoft STUN attributes */
};

/* Confidence (enum skype_confidence) of an evidence kind (enum skype_evidence). */
uint8_t skype_evidence_confidence(uint8_t evidence);

/*
 * Move a conversation to phase `next` (0 leaves it where it is). Returns true
 * when this changes the phase, i.e. when the frame deserves the one expert
 * entry per phase change (docs/protocol.md §5). Teardown is final: once there, later
 * frames (retransmissions, the peer's FIN) stay in teardown without a change.
 */
bool skype_phase_enter(uint8_t *conv_phase, uint8_t next);

#endif /* SKYPE_PHASE_H */
