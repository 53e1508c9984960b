/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * UDP probe (supernode discovery) matcher, messages U1-U4: pure C.
 *
 * Source: docs/protocol.md §3; Ehlert & Petgang NGNI-SKYPE-06b §5.2.1 (Figures 3, 4) and
 * §6 steps 1-4; skype-irc.cap frames 214-219 (full negative probe) and
 * 266-267 (partial positive probe). Offsets below are 0-based (the paper
 * counts from 1).
 *
 *  msg  dir          size (v1.4)   function        body
 *  U1   client->SN   18 (v2.0: any) 0x02            7-10 nonce C
 *  U2   SN->client   11            0x07, same ID   3-6 client public IPv4, 7-10 nonce S
 *  U3   client->SN   size(U1)+5    0x03, byte3=1   4-7 nonce S, 8-11 SN IPv4, 12-15 nonce C
 *  U4   SN->client   18 positive,  0x02, new ID
 *                    51/53 negative
 *
 * Full probe = U1 U2 U3 U4; partial probe = U1 U4.
 *
 * One skype_probe_state_t follows one client<->SN pair (a UDP conversation).
 * It is 28 bytes, holds no pointers, and never grows.
 */
#ifndef SKYPE_PROBE_H
#define SKYPE_PROBE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offsets (0-based) and sizes of the probe bodies. */
#define SKYPE_U1_NONCE_C_OFF 7u
#define SKYPE_U1_MIN_LEN 11u /* up to the end of nonce C */
#define SKYPE_U2_LEN 11u
#define SKYPE_U2_PUBLIC_ADDR_OFF 3u
#define SKYPE_U2_NONCE_S_OFF 7u
#define SKYPE_U3_NONCE_S_OFF 4u
#define SKYPE_U3_SN_ADDR_OFF 8u
#define SKYPE_U3_NONCE_C_OFF 12u
#define SKYPE_U3_MIN_LEN 16u /* up to the end of the echoed nonce C */
#define SKYPE_U3_EXTRA 5u    /* size(U3) = size(U1) + 5 */
#define SKYPE_U4_POSITIVE_LEN 18u
#define SKYPE_U4_NEGATIVE_LEN_A 51u
#define SKYPE_U4_NEGATIVE_LEN_B 53u
#define SKYPE_BOOTSTRAP_PORT 33033u /* paper §4: fixed port of bootstrap SNs */

/* skype_probe_state_t.stage: how far the open probe has got */
enum skype_probe_stage {
    SKYPE_PROBE_IDLE = 0,        /* no probe open */
    SKYPE_PROBE_U1_SENT = 1,     /* U1 seen, waiting for U2 (full) or U4 (partial) */
    SKYPE_PROBE_U2_RECEIVED = 2, /* U2 seen, waiting for U3 */
    SKYPE_PROBE_U3_SENT = 3      /* U3 seen, waiting for U4 */
};

enum skype_probe_msg { SKYPE_PROBE_NONE = 0, SKYPE_U1 = 1, SKYPE_U2 = 2, SKYPE_U3 = 3, SKYPE_U4 = 4 };
enum skype_probe_kind { SKYPE_PROBE_KIND_UNKNOWN = 0, SKYPE_PROBE_FULL = 1, SKYPE_PROBE_PARTIAL = 2 };
enum skype_probe_result { SKYPE_PROBE_NO_RESULT = 0, SKYPE_PROBE_POSITIVE = 1, SKYPE_PROBE_NEGATIVE = 2 };

/* skype_probe_out_t.flags */
#define SKYPE_PROBE_F_TRUNCATED 0x01u       /* U2 shorter than 11 bytes, U3 shorter than 16 */
#define SKYPE_PROBE_F_NONCE_S_MISMATCH 0x02u /* U3 bytes 4-7 differ from U2 bytes 7-10 */
#define SKYPE_PROBE_F_NONCE_C_MISMATCH 0x04u /* U3 bytes 12-15 differ from U1 bytes 7-10 */
#define SKYPE_PROBE_F_SIZE_MISMATCH 0x08u    /* size(U3) != size(U1) + 5 */

typedef struct skype_probe_state {
    uint32_t u1_frame; /* frame of the open probe's U1, 0 when idle */
    uint32_t u2_frame; /* its U2, 0 if none yet */
    uint32_t u3_frame; /* its U3, 0 if none yet */
    uint32_t nonce_c;  /* U1 bytes 7-10 */
    uint32_t nonce_s;  /* U2 bytes 7-10 */
    uint16_t id;       /* SoM ID of U1 (echoed by U2 and U3) */
    uint16_t u1_len;   /* UDP payload size of U1 */
    uint8_t stage;     /* enum skype_probe_stage */
    uint8_t pad[3];
} skype_probe_state_t;
_Static_assert(sizeof(skype_probe_state_t) == 28, "skype_probe_state_t: the size the comment states");

typedef struct skype_probe_out {
    uint8_t msg;       /* enum skype_probe_msg */
    uint8_t kind;      /* enum skype_probe_kind, as far as known at this message */
    uint8_t result;    /* enum skype_probe_result, on U4 */
    uint8_t flags;     /* SKYPE_PROBE_F_* */
    uint32_t u1_frame; /* the probe's U1, so a caller can mark it full/partial afterwards */
    uint32_t u2_frame; /* the probe's U2 (full probes), else 0 */
    uint32_t dropped_u1_frame; /* a tentative U1 that the peer did not answer as a probe */
} skype_probe_out_t;

/* Reset to idle. */
void skype_probe_init(skype_probe_state_t *st);

/*
 * Feed one datagram of the conversation, in capture order.
 *   from_client  true when sent by the client (the confirmed Skype endpoint)
 *   p, caplen    captured bytes of the UDP payload (may be fewer than msglen)
 *   msglen       UDP payload length on the wire
 *   frame        frame number, > 0
 * Fills *out (msg NONE when the datagram is no probe message). Bytes beyond
 * caplen are never read: a message too short for its checks gets
 * SKYPE_PROBE_F_TRUNCATED instead. Any input, including len 0, is safe.
 */
void skype_probe_step(skype_probe_state_t *st, bool from_client, const uint8_t *p, size_t caplen,
                      size_t msglen, uint32_t frame, skype_probe_out_t *out);

/* docs/protocol.md §3: an 18-byte U4 is positive, 51 or 53 bytes negative, else 0. */
uint8_t skype_probe_u4_result(size_t msglen);

#endif /* SKYPE_PROBE_H */
