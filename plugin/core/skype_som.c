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

const char *skype_som_func_name(uint8_t func)
{
    switch (func) {
    case SKYPE_FUNC_PING:
        return "Keep-alive/probe";
    case SKYPE_FUNC_CONFIRM:
        return "Probe confirm";
    case SKYPE_FUNC_CHALLENGE:
        return "Probe challenge";
    case SKYPE_FUNC_DATA:
        return "Data";
    case SKYPE_FUNC_CONNMGMT:
        return "Connection management";
    default:
        return NULL;
    }
}
