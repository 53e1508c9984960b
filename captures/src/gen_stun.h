/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STUN (RFC 5389) message builder shared by the call captures (gen_calls.c),
 * the TURN-over-TCP capture (gen_turn_tcp.c) and the names captures'
 * negatives (gen_names.c): a message is begun with its
 * type and transaction ID, attributes are appended one by one (each padded to
 * 4 bytes, the header's length kept current), and MESSAGE-INTEGRITY and
 * FINGERPRINT close it.
 */
#ifndef GEN_STUN_H
#define GEN_STUN_H

#include "pcapgen.h"

#define STUN_COOKIE 0x2112A442u
#define STUN_FP_XOR 0x5354554eu

#define STUN_AT_MESSAGE_INTEGRITY 0x0008
#define STUN_AT_FINGERPRINT 0x8028

typedef struct stun {
    uint8_t *p;
    size_t len;
} stun_t;

/* CRC-32 (IEEE 802.3), as FINGERPRINT uses it. */
uint32_t stun_crc32(const uint8_t *p, size_t n);
/* The 20-byte header at p: type, length 0, magic cookie, tid. */
void stun_begin(stun_t *m, uint8_t *p, uint16_t type, const uint8_t tid[12]);
/* Append an attribute, zero-padded to 4 bytes; the header length follows. */
void stun_attr(stun_t *m, uint16_t type, const void *val, size_t n);
void stun_u32(stun_t *m, uint16_t type, uint32_t v);
void stun_str(stun_t *m, uint16_t type, const char *s);
/* XOR-MAPPED/PEER/RELAYED-ADDRESS, IPv4 (RFC 5389 §15.2). */
void stun_xaddr(stun_t *m, uint16_t type, uint32_t ip, uint16_t port);
/* MESSAGE-INTEGRITY: 20 random bytes (the HMAC is not checked by anyone). */
void stun_integrity(gen_t *g, stun_t *m);
/* FINGERPRINT, last (RFC 5389 §15.5). Returns the message size. */
size_t stun_fingerprint(stun_t *m);

#endif /* GEN_STUN_H */
