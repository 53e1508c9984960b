/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Recognition of a legacy Skype TCP connection from gathered facts (docs/protocol.md §6; docs/design.md "TCP"). */
#include "skype_tcp_recognise.h"

#include <string.h>

/* A positive probe links the segment: no confirmed client on either host,
 * a U4 from the destination within its window, and the segment is the
 * sender's first payload and fits T1 (docs/protocol.md §6.2, item 1). */
static bool probe_linked(const skype_tcp_facts_t *f)
{
    return !f->client_host && f->eps && f->probe && f->first && skype_tcp_t1_fits(f->len);
}

bool skype_tcp_recognise_reject(const skype_tcp_facts_t *f)
{
    if (f == NULL || f->caplen == 0)
        return true;
    return !f->client_host && !probe_linked(f) && f->byte0 != 0x16 && f->byte0 != 0x80 && f->byte0 != 'G' &&
           f->dst_port != 80;
}

uint8_t skype_tcp_recognise(const skype_tcp_facts_t *f, skype_tcp_verdict_t *v)
{
    skype_tcp_verdict_t r;
    bool linked = false, probe, to_client, first;
    uint8_t mode;

    memset(&r, 0, sizeof(r));
    if (v != NULL)
        *v = r;
    if (skype_tcp_recognise_reject(f))
        return SKYPE_MODE_NONE;
    /* only the facts that apply (facts not gathered are false anyway) */
    probe = probe_linked(f);
    to_client = f->client_host && f->eps && f->to_client;
    first = f->eps && f->first && (f->client_host ? f->src_host : f->probe);
    if (f->client_host && f->eps) {
        /* docs/protocol.md §6.2, item 2 */
        if (f->src_host)
            linked = f->peer_answered || f->dst_port == 80 || f->dst_port == 443;
        linked = linked || to_client;
    } else {
        linked = probe; /* item 1 */
    }
    mode = skype_tcp_identify(f->p, f->caplen < SKYPE_R2_PREFIX_LEN ? f->caplen : SKYPE_R2_PREFIX_LEN, f->len,
                              f->dst_port, linked && (first || to_client));
    if (mode == SKYPE_MODE_SN && to_client)
        mode = SKYPE_MODE_PEER;
    if (mode == SKYPE_MODE_NONE && f->dns_known)
        mode = SKYPE_MODE_DNS;
    if (mode == SKYPE_MODE_NONE)
        return SKYPE_MODE_NONE;
    r.mode = mode;
    r.evidence = skype_tcp_mode_evidence(mode, linked);
    r.linked = linked;
    r.midstream = !first && mode == SKYPE_MODE_SN;
    r.dissect = !skype_tcp_mode_tag_only(mode);
    r.link_probe = probe && (mode == SKYPE_MODE_SN || mode == SKYPE_MODE_R80);
    if (v != NULL)
        *v = r;
    return mode;
}
