/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TURN over TCP (RFC 5766 §2.1 and §11.5, RFC 6062; docs/modern.md, "TURN
 * over TCP"): the walk over a call's TCP leg that finds the PDUs (STUN
 * messages, ChannelData) starting in each piece of the stream, so that each
 * is noted once, in the frame of its first byte, whether or not TCP
 * reassembles and whatever its sequence numbering (relative or absolute:
 * only differences of one direction's numbers are used). Pure C, no
 * allocation; the framing itself is skype_turn_tcp_pdu_len (skype_modern.h).
 *
 * Use, for one piece (a segment, or data TCP reassembled):
 *     skype_turn_walk_begin(&w, &stream, dir, p, caplen, len, have_seq, seq);
 *     while (skype_turn_walk_next(&w, &pdu))
 *         ... pdu.off, pdu.pkt, pdu.plen, pdu.stun ? &pdu.info : NULL ...
 *     rest = skype_turn_walk_end(&w);
 */
#ifndef SKYPE_TURN_TCP_H
#define SKYPE_TURN_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_call.h"
#include "skype_modern.h"

/* What the walk keeps of one connection between pieces, per direction (dir
 * 0 or 1, any fixed rule: e.g. 0 from the initiator). Zeroed: nothing known
 * (the first piece of a direction is read from its first byte). Both
 * directions in one struct, 12 bytes, to keep the caller's per-connection
 * state small. */
typedef struct skype_turn_stream {
    uint32_t next_pdu[2]; /* TCP sequence number where the next PDU starts, when bit dir of sync is set */
    uint8_t sync;         /* bit dir: next_pdu[dir] is set */
    uint8_t pkt[2];       /* kind (SKYPE_PKT_*) of the last PDU begun, 0 none yet */
    uint8_t pad;
} skype_turn_stream_t;
_Static_assert(sizeof(skype_turn_stream_t) == 12, "skype_turn_stream_t: the size the comment states");

/* One PDU that starts in the piece. */
typedef struct skype_turn_pdu {
    skype_stun_info_t info; /* the STUN message, when stun (else zeroed); offsets relative to p + off */
    uint32_t off;           /* offset of its first byte in the piece */
    uint32_t plen;          /* its length on the stream (header included; it may run on past the piece) */
    uint8_t pkt;            /* SKYPE_PKT_STUN or SKYPE_PKT_TURN_CHANNEL */
    bool stun;              /* info holds it (skype_stun_parse_any on the captured part, cookie or not) */
} skype_turn_pdu_t;

/* A walk over one piece; its fields are the walker's, except those marked. */
typedef struct skype_turn_walk {
    skype_turn_stream_t *s;
    const uint8_t *p;
    size_t caplen, len;
    size_t off;        /* where the next PDU would start (past len once the last one runs on) */
    uint32_t seq;
    unsigned n;        /* read: PDUs that started in the piece so far (not bounded) */
    uint32_t skipped;  /* read: bytes at the piece's start that end a PDU noted before */
    uint8_t dir;
    bool have_seq;
    bool done;
    bool lost;         /* read, after skype_turn_walk_end: the framing was lost in this piece (bytes
                        * without TURN framing, or the captured bytes end before the piece does);
                        * the direction's next piece is read from its first byte */
} skype_turn_walk_t;

/*
 * Start a walk over the piece p[0..caplen) of len bytes on the wire (len >=
 * caplen; caplen < len when the capture cut it) that the sender in
 * direction dir (0 or 1; only bit 0 counts) put on the stream s. have_seq:
 * seq is the TCP sequence number of p[0] (TCP analysed the segment); without
 * it, the piece is read from its first byte, and the direction's framing is
 * left as it was unless the piece loses it. With seq and a framing kept from earlier
 * pieces, the bytes before the next PDU's start (a PDU noted before) are
 * skipped (w->skipped), all of them when the PDU runs past the piece; a
 * piece that starts beyond that point (bytes missed) is read from its first
 * byte. NULL p: no bytes; NULL s: the walk finds nothing and keeps nothing.
 */
void skype_turn_walk_begin(skype_turn_walk_t *w, skype_turn_stream_t *s, unsigned dir, const uint8_t *p,
                           size_t caplen, size_t len, bool have_seq, uint32_t seq);

/*
 * The next PDU that starts in the piece into *pdu; false when there is none
 * (the piece or its captured bytes end, or the bytes there start neither a
 * STUN message nor ChannelData, or fewer than its first 4 bytes are
 * captured). Every PDU is yielded, however many the piece holds; it becomes
 * the direction's last PDU begun. The walk never reads past caplen.
 */
bool skype_turn_walk_next(skype_turn_walk_t *w, skype_turn_pdu_t *pdu);

/*
 * End the walk (after skype_turn_walk_next returned false): keep the
 * direction's framing for its next piece when the walk reached the piece's
 * end (the next PDU starts at seq + the offset where the last one ends,
 * unless a later start was known already), else note it lost (w->lost).
 * Returns 0 when a PDU started in the piece, else the kind to count the
 * piece as, being only the rest of an earlier PDU (or bytes without TURN
 * framing): that of the direction's last PDU begun, SKYPE_PKT_STUN when
 * none was. Calling it again changes nothing.
 * Source: docs/modern.md, "TURN over TCP".
 */
uint8_t skype_turn_walk_end(skype_turn_walk_t *w);

#endif /* SKYPE_TURN_TCP_H */
