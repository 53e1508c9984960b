/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The record of one call leg (docs/modern.md, "Calls"): what skype_calls.c
 * keeps of a tagged 5-tuple or TCP connection and skype_streams.c of its
 * RTP streams. Apart from both, so that neither includes the other.
 */
#ifndef SKYPE_LEG_H
#define SKYPE_LEG_H

#include <glib.h>

#include "../core/skype_endpoint.h"
#include "../core/skype_quality.h"

#define SKYPE_LEG_MAX_STREAMS 16u /* RTP SSRCs kept per 5-tuple; more are not analysed */

/* skype_leg_t.cont: a continuation counts its frames and streams, no node of the graph; upgraded, it is a leg
 * of the graph since a STUN message that would have tagged its 5-tuple. */
#define SKYPE_CONT_MEDIA 1u
#define SKYPE_CONT_UPGRADED 2u

/* One tagged UDP 5-tuple or TCP connection (kind SKYPE_LEG_TCP) as a leg of a call (wmem file scope): a node
 * of the graph of legs (core/skype_call_graph.h). 248 bytes plus 208 per RTP stream (core/skype_quality.h). */
typedef struct skype_leg {
    skype_ep_t client;      /* the client host's side (core skype_call_client_is_dst): never a relay */
    skype_ep_t server;      /* the other side */
    skype_ep_t party;       /* remote party (core skype_call_party), family 0 until the first message */
    struct skype_leg *prev; /* the same 5-tuple in the call it left (frames before first_frame), NULL none */
    guint64 bytes;          /* UDP payload bytes, first pass */
    guint32 group;          /* its node in the graph (core/skype_call.h), SKYPE_CALL_NONE when the set is full */
    guint32 first_frame;
    guint32 frames;         /* first pass */
    guint32 rtcp_frame;     /* last RTCP datagram counted (skype_streams_rtcp), 0 none */
    guint16 stream_type;    /* MS-SERVICE-QUALITY stream type seen on it, 0 none */
    gint16 pt;              /* the first RTP payload type it carried, -1 none: its media kind */
    guint8 kind;            /* enum skype_call_leg */
    guint8 rtp_ready;       /* rtp_add_address done */
    guint8 nstreams;
    guint8 edges_done;      /* its keys were presented to the graph (once per media run) */
    guint8 answered;        /* a check on it was answered from the far side */
    guint8 media;           /* it carried RTP or RTCP (direct or relayed) */
    guint8 peer_named;      /* its party is the peer a TURN message named */
    guint8 opaque;          /* a TLS leg: its media kind is its client port's */
    guint8 cont;            /* a continuation (-z skype,legs, skype_legs.h): media of a 5-tuple or a TCP
                             * connection tagged before this piece of a file set: SKYPE_CONT_* */
    skype_rtp_stream_t *streams[SKYPE_LEG_MAX_STREAMS];
    struct skype_leg_ext *ext; /* the keys it presented, for -z skype,legs (skype_legs.h); NULL outside a piece */
} skype_leg_t;
_Static_assert(sizeof(skype_leg_t) == 248, "skype_leg_t: the size the comment states");

#endif /* SKYPE_LEG_H */
