/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype over TCP: pure C signatures and the per-connection message
 * machine (docs/protocol.md §4; Ehlert & Petgang NGNI-SKYPE-06b §5.2.2-§5.2.3,
 * Figures 5-8). Each TCP segment with payload is one message, as in the paper (Skype
 * pushes every message with PSH).
 *
 *  SN handshake   T1 client 14 bytes (v1.4; v2.0 varies, may add a message)
 *                 reply, T2 client 22-29, T3 SN 339 = refused / > 57 = accepted,
 *                 T4 client 4, 15, 16 or 17. skype-irc.cap frames 273-278.
 *  Login          L1 client = 16 03 01 00 00, L2 LS = 17 03 01 00 00,
 *                 L3 client starts 16 03 01 00 cd 41 03 00 09 80 40 04 08 c0 01
 *                 and holds 00 0c 01 17 03 01 00, L4 LS starts 17 03 01 00.
 *                 skype-irc.cap frames 297, 314, 316 (marker at 207), 361.
 *  Port 443       R1 client 72 bytes, SSLv2-wrapped TLS 1.0 ClientHello with a
 *                 fixed 56-byte prefix and a 16-byte challenge; R2 SN starts
 *                 with 79 fixed bytes (fake ServerHello, gmt_unix_time
 *                 0x401be486); R3 client 14 bytes (v1.4); then T2-T4.
 *  Port 80        R1 not HTTP; v1.4: 16 bytes, high nibbles of 0-based bytes
 *                 4-5 equal those of 14-15; v2.0: high nibbles of bytes 5-13
 *                 equal those of 15-23 (as far as the payload reaches).
 *  Update check   HTTP GET to ui.skype.com with getlatestversion or installed.
 *
 * One skype_tcp_state_t (8 bytes) follows one connection.
 */
#ifndef SKYPE_TCP_H
#define SKYPE_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* skype.tcp.msg values (docs/protocol.md §4) */
enum skype_tcp_msg {
    SKYPE_TCP_NONE = 0,
    SKYPE_T1 = 1, SKYPE_T2 = 2, SKYPE_T3 = 3, SKYPE_T4 = 4,
    SKYPE_R1 = 11, SKYPE_R2 = 12, SKYPE_R3 = 13,
    SKYPE_L1 = 21, SKYPE_L2 = 22, SKYPE_L3 = 23, SKYPE_L4 = 24
};

/* What a connection was recognised as. */
enum skype_tcp_mode {
    SKYPE_MODE_NONE = 0,
    SKYPE_MODE_SN = 1,     /* SN handshake T1-T4 then SN session */
    SKYPE_MODE_LOGIN = 2,  /* L1-L4 with a login, contact-list or SkypeOut server */
    SKYPE_MODE_R443 = 3,   /* R1-R3 fake TLS on 443, then T2-T4 */
    SKYPE_MODE_R80 = 4,    /* R1-R3 on port 80, then T2-T4 */
    SKYPE_MODE_UPDATE = 5, /* HTTP update check */
    SKYPE_MODE_PEER = 6,   /* TCP to a client's confirmed Skype port */
    SKYPE_MODE_TLS = 7,    /* ordinary TLS whose server name is Skype's/Teams' (tagged only) */
    SKYPE_MODE_DNS = 8,    /* to an address a Skype/Teams name resolved to (tagged only) */
    SKYPE_MODE_CERT = 9,   /* TLS whose server certificate names Skype/Teams (tagged only) */
    SKYPE_MODE_TURN = 10   /* STUN/TURN over TCP (RFC 6062): a call's TCP leg, dissected by STUN */
};

/* skype.sn.result */
enum skype_sn_result { SKYPE_SN_UNKNOWN = 0, SKYPE_SN_ACCEPTED = 1, SKYPE_SN_REFUSED = 2 };

/* skype_tcp_out_t.flags */
#define SKYPE_TCP_F_FAKE_TLS 0x01u   /* R1/R2 imitating TLS */
#define SKYPE_TCP_F_NO_MARKER 0x02u  /* L3 without its 00 0c 01 17 03 01 00 marker */
#define SKYPE_TCP_F_TRUNCATED 0x04u  /* captured bytes end inside a signature */

#define SKYPE_R1_LEN 72u
#define SKYPE_R1_PREFIX_LEN 56u
#define SKYPE_R1_CHALLENGE_OFF 56u
#define SKYPE_R1_CHALLENGE_LEN 16u
#define SKYPE_R2_PREFIX_LEN 79u
#define SKYPE_R2_GMT_OFF 11u         /* 0-based; paper R2_12-15 */
#define SKYPE_R2_GMT 0x401be486u     /* 2004-01-31 17:23:18 UTC */
#define SKYPE_L_SHORT_LEN 5u
#define SKYPE_L3_PREFIX_LEN 15u
#define SKYPE_L4_PREFIX_LEN 4u
#define SKYPE_T3_REFUSED_LEN 339u
#define SKYPE_T3_MIN_ACCEPTED 58u

typedef struct skype_tcp_state {
    uint8_t mode;      /* enum skype_tcp_mode */
    uint8_t stage;     /* position in the mode's message sequence */
    uint8_t extra;     /* v2.0: client messages between the T1 reply and T2 */
    uint8_t sn_result; /* enum skype_sn_result, from T3 */
    uint8_t via;       /* SKYPE_MODE_R443 / _R80 once a restricted mode has
                        * passed R3 and continues as SKYPE_MODE_SN */
    uint8_t pad[3];
} skype_tcp_state_t;
_Static_assert(sizeof(skype_tcp_state_t) == 8, "skype_tcp_state_t: the size the comment states");

typedef struct skype_tcp_out {
    uint8_t msg;        /* enum skype_tcp_msg */
    uint8_t sn_result;  /* on T3 */
    uint8_t flags;      /* SKYPE_TCP_F_* */
    uint8_t http_kind;  /* 1 getlatestversion, 2 installed (update check) */
    int32_t marker_off; /* L3: offset of the marker, -1 if none */
} skype_tcp_out_t;

/*
 * The connection's flow, beside the message machine (docs/protocol.md §5):
 * what a recognised mode means for the phase and the evidence, whether the
 * plugin only tags it, and its phase timeline.
 */

/* Phase a connection recognised in `mode` (enum skype_tcp_mode) starts in
 * (enum skype_phase): login, update check, relay (TURN over TCP), SN session
 * (a client's Skype port, the name and DNS tags), else SN handshake. */
uint8_t skype_tcp_mode_phase(uint8_t mode);

/* Evidence (enum skype_evidence) for a connection recognised in `mode`;
 * `linked`: it was recognised through a link to a client or a probe
 * (docs/protocol.md §6.2), which is the evidence for SN and peer connections
 * and for a port-80 R1 that is not v2.0's own signature. */
uint8_t skype_tcp_mode_evidence(uint8_t mode, bool linked);

/*
 * Phase (enum skype_phase) of one segment with payload of a connection
 * recognised in `mode` (enum skype_tcp_mode, as recognised: a restricted
 * mode stays R443/R80 after R3), after skype_tcp_step fed it to *st and
 * returned message `msg` (enum skype_tcp_msg); `cur` is the connection's
 * phase before the segment (SKYPE_PHASE_NONE at its first). The mode's
 * phase (skype_tcp_mode_phase), except on an SN connection (st->mode SN,
 * restricted modes after R3 too): a segment that is no handshake message
 * once the machine is past T4, the SN has not refused (339-byte T3) and the
 * connection is still in the SN handshake enters the SN session, and a
 * connection in the SN session stays there. NULL st: the mode's phase.
 * Source: docs/protocol.md §4.1 and §5 (SN handshake 2, SN session 5).
 */
uint8_t skype_tcp_segment_phase(uint8_t mode, const skype_tcp_state_t *st, uint8_t msg, uint8_t cur);

/* Modes in which the plugin only tags (update check, TLS, DNS and
 * certificate tags): HTTP, TLS or whatever owns the connection keeps
 * dissecting it. */
bool skype_tcp_mode_tag_only(uint8_t mode);

/*
 * Phase timeline of one connection: the frames where its phase changed and
 * the phase each entered, so that frames no subdissector sees (SYN, ACK,
 * FIN: the postdissector) and later passes get the phase of their time.
 * At most SKYPE_TIMELINE_CHANGES changes are kept (SN handshake, SN session,
 * teardown is the usual life); later ones are dropped. 32 bytes.
 */
#define SKYPE_TIMELINE_CHANGES 6u
typedef struct skype_timeline {
    uint32_t frame[SKYPE_TIMELINE_CHANGES]; /* frame of each change, ascending */
    uint8_t phase[SKYPE_TIMELINE_CHANGES];  /* the phase it entered */
    uint8_t n;                              /* changes kept */
    uint8_t pad;
} skype_timeline_t;
_Static_assert(sizeof(skype_timeline_t) == 32, "skype_timeline_t: the size the comment states");

/* Note that the connection entered `phase` at `frame` (frames come in
 * ascending order; a second change at the same frame replaces the first). */
void skype_timeline_add(skype_timeline_t *t, uint32_t frame, uint8_t phase);

/* The same, only when `phase` differs from the last one entered. */
void skype_timeline_enter(skype_timeline_t *t, uint32_t frame, uint8_t phase);

/* A FIN or RST at `frame`: enter teardown unless already there, or unless
 * nothing was entered yet or the frame is not after the last change. Returns
 * whether it did. */
bool skype_timeline_fin(skype_timeline_t *t, uint32_t frame);

/* Phase at `frame` (frames before the first change, such as the SYN, belong
 * to the first phase; SKYPE_PHASE_NONE when empty); *changed: `frame` is a
 * change point. */
uint8_t skype_timeline_phase(const skype_timeline_t *t, uint32_t frame, bool *changed);

/* Exact or prefix signatures on the captured bytes p[0..caplen) of a
 * message of len bytes on the wire. None reads past caplen. */
bool skype_l1_match(const uint8_t *p, size_t caplen, size_t len);
bool skype_l2_match(const uint8_t *p, size_t caplen, size_t len);
bool skype_l3_match(const uint8_t *p, size_t caplen);
bool skype_l4_match(const uint8_t *p, size_t caplen);
/* Offset of 00 0c 01 17 03 01 00 in p[0..caplen), or -1. */
int32_t skype_l3_marker(const uint8_t *p, size_t caplen);
bool skype_r1_443_match(const uint8_t *p, size_t caplen, size_t len);
bool skype_r2_443_match(const uint8_t *p, size_t caplen);
/* Forms of the port-80 R1 (docs/protocol.md §4.3), as skype_r1_80_match returns them. */
enum skype_r80_form {
    SKYPE_R80_NONE = 0,
    SKYPE_R80_V14 = 14,       /* v1.4: 16 bytes, high nibbles of bytes 4-5 equal those of 14-15 */
    SKYPE_R80_V20_SHORT = 19, /* v2.0 pattern, but the R1 ends before all 9 nibble pairs */
    SKYPE_R80_V20 = 20        /* v2.0: high nibbles of bytes 5-13 equal those of 15-23 */
};
/* Port-80 R1 pattern (enum skype_r80_form). */
int skype_r1_80_match(const uint8_t *p, size_t caplen, size_t len);
/* HTTP update check kinds (skype.http.update). */
enum skype_http_kind { SKYPE_HTTP_NONE = 0, SKYPE_HTTP_GETLATESTVERSION = 1, SKYPE_HTTP_INSTALLED = 2 };
/* HTTP update check (enum skype_http_kind). */
int skype_http_update_match(const uint8_t *p, size_t caplen);

/*
 * Recognise a connection from the first payload its initiator sends.
 *   server_port  the responder's port (80 enables the port-80 R1 test)
 *   linked       outside evidence that this connection is Skype: it goes to
 *                an SN that a probe found, or from/to a confirmed client
 * Returns the mode, SKYPE_MODE_NONE when nothing is evidence enough. Without
 * `linked`, only byte signatures count (L1, L3, R1 on 443, the v2.0 port-80
 * R1, the update check); sizes alone (T1-T4) never do. A linked connection
 * that starts like ordinary TLS (record header 0x14-0x17 0x03 0x00-0x04, or
 * an SSLv2-framed ClientHello) or, on port 80, like HTTP is not Skype: a
 * client's host also browses the web (found on modern_* style HTTPS from a
 * legacy client's host; tcp_client_https.pcap).
 */
uint8_t skype_tcp_identify(const uint8_t *p, size_t caplen, size_t len, uint16_t server_port, bool linked);

/* T1 sizes (docs/protocol.md §4.1): 14 bytes in v1.4; in v2.0 the report
 * says only that the size varies, and the plugin takes 8-64 bytes (its
 * generated v2.0 handshake has 20). The probe-to-handshake link asks this of
 * a connection's first client message. */
#define SKYPE_T1_V14_LEN 14u
#define SKYPE_T1_V20_MIN 8u
#define SKYPE_T1_V20_MAX 64u
bool skype_tcp_t1_fits(size_t len);

/*
 * Is this segment the first payload its sender puts on the connection? Decided
 * from what the plugin itself has seen, never from TCP's sequence numbers
 * (relative or absolute, analysed or not: they follow user preferences):
 *   seen          per-connection bits, 0 for a connection not seen before;
 *                 bit dir is set on return
 *   dir           0 or 1, the sender's side (any fixed rule, e.g. the lower
 *                 endpoint is 0)
 *   conv_setup    the frame in which the connection was first seen (its SYN)
 *   tracked_since the frame from which the plugin looks at every payload
 *                 segment of such connections (the host's confirmation, the
 *                 positive U4); 0 = always
 * True when the connection began after tracked_since and dir had sent no
 * payload before. A connection that began earlier may have carried payload
 * the plugin never saw: false.
 */
bool skype_tcp_first_payload(uint8_t *seen, unsigned dir, uint32_t conv_setup, uint32_t tracked_since);

/* Start st in mode (from skype_tcp_identify). midstream: the capture joins an
 * SN connection after its handshake, so no T1-T4 are expected. */
void skype_tcp_init(skype_tcp_state_t *st, uint8_t mode, bool midstream);

/* True once an SN connection is past its handshake (T4 sent, or a sequence
 * the machine does not know). */
bool skype_tcp_in_session(const skype_tcp_state_t *st);

/* Feed one message (a segment with payload), in order; retransmissions are
 * the caller's to drop. Fills *out. */
void skype_tcp_step(skype_tcp_state_t *st, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                    skype_tcp_out_t *out);

#endif /* SKYPE_TCP_H */
