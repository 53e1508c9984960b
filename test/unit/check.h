/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The unit tests' few helpers: CHECK counts passes and failures (each test
 * program prints "N passed, N failed" and exits 1 on any failure), unhex
 * turns the hex of a captured message into bytes.
 */
#ifndef SKYPE_TEST_CHECK_H
#define SKYPE_TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>

static unsigned passed, failed;

#define CHECK(cond)                                                                                                  \
    do {                                                                                                             \
        if (cond) {                                                                                                  \
            passed++;                                                                                                \
        } else {                                                                                                     \
            failed++;                                                                                                \
            fprintf(stderr, "%s:%d: %s: CHECK(%s) failed\n", __FILE__, __LINE__, __func__, #cond);                   \
        }                                                                                                            \
    } while (0)

/* Bytes of the hex string hex (two digits a byte) into out; returns how many. */
static inline size_t unhex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (; hex[0] && hex[1]; hex += 2) {
        unsigned v;
        if (sscanf(hex, "%2x", &v) != 1)
            break;
        out[n++] = (uint8_t)v;
    }
    return n;
}

#endif /* SKYPE_TEST_CHECK_H */
