/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TURN over TCP: the PDUs that start in each piece of a call's TCP leg (docs/modern.md, "TURN over TCP"). */
#include "skype_turn_tcp.h"

#include <string.h>

void skype_turn_walk_begin(skype_turn_walk_t *w, skype_turn_stream_t *s, unsigned dir, const uint8_t *p,
                           size_t caplen, size_t len, bool have_seq, uint32_t seq)
{
    memset(w, 0, sizeof(*w));
    w->s = s;
    w->p = p;
    w->caplen = p != NULL ? caplen : 0;
    w->len = len;
    w->dir = (uint8_t)(dir & 1u);
    w->have_seq = have_seq;
    w->seq = seq;
    if (s == NULL) {
        w->done = true;
        return;
    }
    if (have_seq && (s->sync & (1u << w->dir))) {
        /* serial-number arithmetic: the wrap and either numbering alike */
        int32_t ahead = (int32_t)(s->next_pdu[w->dir] - seq);
        if (ahead > 0)
            w->off = (size_t)ahead >= len ? len : (size_t)ahead; /* the rest of a PDU noted before */
    }
    w->skipped = (uint32_t)w->off;
}

bool skype_turn_walk_next(skype_turn_walk_t *w, skype_turn_pdu_t *pdu)
{
    size_t avail;
    uint32_t plen;
    uint8_t pkt = SKYPE_PKT_OTHER;

    if (w->done || w->off >= w->len || w->off >= w->caplen)
        return false;
    avail = w->caplen - w->off;
    plen = skype_turn_tcp_pdu_len(w->p + w->off, avail, &pkt);
    if (plen == 0) {
        w->done = true; /* no TURN framing here (or a header cut by the capture or the segment end) */
        return false;
    }
    memset(pdu, 0, sizeof(*pdu));
    pdu->off = (uint32_t)w->off;
    pdu->plen = plen;
    pdu->pkt = pkt;
    pdu->stun = pkt == SKYPE_PKT_STUN &&
                skype_stun_parse_any(w->p + w->off, avail < plen ? avail : plen, plen, &pdu->info);
    if (!pdu->stun)
        memset(&pdu->info, 0, sizeof(pdu->info));
    w->s->pkt[w->dir] = pkt;
    w->off += plen;
    w->n++;
    return true;
}

uint8_t skype_turn_walk_end(skype_turn_walk_t *w)
{
    skype_turn_stream_t *s = w->s;
    uint8_t bit = (uint8_t)(1u << w->dir);

    w->done = true;
    if (s == NULL)
        return w->n ? 0 : SKYPE_PKT_STUN;
    if (w->have_seq && w->off >= w->len) {
        uint32_t next = w->seq + (uint32_t)w->off;
        if (!(s->sync & bit) || (int32_t)(next - s->next_pdu[w->dir]) > 0)
            s->next_pdu[w->dir] = next;
        s->sync |= bit;
    } else if (w->off < w->len) {
        s->sync &= (uint8_t)~bit; /* lost: the next piece starts afresh */
        w->lost = true;
    }
    if (w->n)
        return 0;
    return s->pkt[w->dir] ? s->pkt[w->dir] : SKYPE_PKT_STUN;
}
