/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Skype Start-of-Message (SoM) header: pure C, no epan headers.
 *
 * Byte layout of every legacy Skype UDP datagram (docs/protocol.md §2; Ehlert & Petgang,
 * NGNI-SKYPE-06b §5.1 and §5.2.1; skype-irc.cap frames 176-2190):
 *
 *   0      1      2
 *   +------+------+------+----------------------------
 *   |  message ID |  FN  |  encrypted / probe body ...
 *   +------+------+------+----------------------------
 *
 *   ID  big-endian 16 bits; requests a client initiates increase by 2 per new
 *       request, whatever the destination (paper §5.1, Figure 2).
 *   FN  function = byte & 0x8F; the bits 0x70 are random obfuscation.
 */
#ifndef SKYPE_SOM_H
#define SKYPE_SOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SKYPE_SOM_LEN 3u           /* bytes of the SoM header */
#define SKYPE_SOM_FUNC_MASK 0x8Fu  /* skype.som.func */
#define SKYPE_SOM_RND_MASK 0x70u   /* skype.som.rnd */

/* Known function values (docs/protocol.md §2). Others are shown, never rejected. */
enum skype_som_func {
    SKYPE_FUNC_PING = 0x02,      /* keep-alive, U1 probe request, U4 probe reply */
    SKYPE_FUNC_CONFIRM = 0x03,   /* U3 probe confirm (byte 3 = 0x01) */
    SKYPE_FUNC_CHALLENGE = 0x07, /* U2 probe challenge */
    SKYPE_FUNC_DATA = 0x0d,      /* data */
    SKYPE_FUNC_CONNMGMT = 0x0f   /* connection management */
};

typedef struct skype_som {
    uint16_t id;  /* bytes 0-1, big-endian */
    uint8_t func; /* byte 2 & 0x8F */
    uint8_t rnd;  /* byte 2 & 0x70 */
} skype_som_t;

/*
 * Parse the SoM at p[0..len). Returns false (and leaves *out untouched) when
 * len < 3: the caller marks such a datagram truncated. Never reads past len.
 */
bool skype_som_parse(const uint8_t *p, size_t len, skype_som_t *out);

/* Big-endian helpers shared by the core; callers guarantee p[0..3] exist. */
static inline uint16_t skype_be16(const uint8_t *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t skype_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

#endif /* SKYPE_SOM_H */
