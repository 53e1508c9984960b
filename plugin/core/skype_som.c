/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype SoM header parsing (docs/protocol.md §2). */
#include "skype_som.h"

bool skype_som_parse(const uint8_t *p, size_t len, skype_som_t *out)
{
    if (p == NULL || len < SKYPE_SOM_LEN)
        return false;
    out->id = skype_be16(p);
    out->func = (uint8_t)(p[2] & SKYPE_SOM_FUNC_MASK);
    out->rnd = (uint8_t)(p[2] & SKYPE_SOM_RND_MASK);
    return true;
}
