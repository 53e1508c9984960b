/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The legs table (-z skype,legs and -z skype,legstreams; skype_legs_table.c):
 * every leg of the graph of legs (core/skype_call_graph.h) with the keys it
 * presented, and the state of each of its RTP streams, so that the pieces of
 * a capture cut in files can be dissected apart and joined by the same core
 * graph (tools/skype_join.c; docs/batch-export.md, "Ring buffers and file
 * sets"). What skype_calls.c records for it per leg is small: the ICE pairs,
 * some TURN transaction keys, the peers TURN messages named, the last frame,
 * and what decided the leg's roles.
 */
#ifndef SKYPE_LEGS_H
#define SKYPE_LEGS_H

#include <epan/packet.h>

#include "skype_leg.h"

#define SKYPE_LEG_EXT_ICE 8u   /* ICE pair keys kept per leg (a leg has one or two) */
#define SKYPE_LEG_EXT_TID 16u  /* TURN transaction keys: the first 8, then the latest 8 */
#define SKYPE_LEG_EXT_PEERS 4u /* peers named by TURN messages */
#define SKYPE_LEG_EXT_RR 8u    /* pending SRs and report blocks, the first ones */

/* RTCP a piece could not count: an SR of a stream the piece has no packet
 * of yet, a report block about a stream without an SR in the piece. The
 * join counts them against the earlier pieces' stream, in frame order
 * (core skype_rtp_stream_sr, skype_rtcp_rtt_ms). */
typedef struct skype_leg_rr {
    guint64 us;        /* the RTCP packet's capture time */
    guint32 ssrc;      /* the SR's sender, or the stream the block reports on */
    guint32 lsr, dlsr; /* the block's; an SR: the middle 32 bits of its NTP time, 0 */
    guint32 frame;
    guint8 sr;         /* an SR, not a report block */
} skype_leg_rr_t;

/* Flags of skype_leg_ext_t.roles: what decided which end is the client (core skype_call_client_is_dst). */
#define SKYPE_LEG_R_SRC_CLIENT 0x01u   /* the first frame came from the client end */
#define SKYPE_LEG_R_CLIENT_TEAMS 0x02u /* the capture knew the client end as a Teams media end then */
#define SKYPE_LEG_R_SERVER_TEAMS 0x04u /* ... the server end */
#define SKYPE_LEG_R_CLIENT_RELAY 0x08u /* the client end is in the relay ranges */
#define SKYPE_LEG_R_SERVER_RELAY 0x10u /* the server end is */
#define SKYPE_LEG_R_TURN_HOST 0x20u    /* the client sent TURN requests (SKYPE_EDGE_TEAMS_HOST) */

typedef struct skype_leg_ext {
    guint64 ice[SKYPE_LEG_EXT_ICE]; /* skype_ice_pair_key values */
    guint64 tid[SKYPE_LEG_EXT_TID]; /* skype_edge_tid_key values */
    skype_ep_t peers[SKYPE_LEG_EXT_PEERS];
    skype_leg_rr_t rr[SKYPE_LEG_EXT_RR];
    guint64 first_us, last_us; /* its first and last messages' times */
    guint32 last_frame;
    guint32 ntid;                   /* transaction keys seen (distinct ones in a row) */
    guint32 id;                     /* the record's number in the file, in order of creation: the legs' rows */
    guint8 nice, npeers, roles, nrr;
} skype_leg_ext_t;

/* A new leg (or epoch of one) gets its record (about 600 bytes), while
 * skype_legs_piece() only; roles: SKYPE_LEG_R_*. */
void skype_legs_created(skype_leg_t *leg, guint8 roles);

/* One message of leg at frame/us that presented the keys (edges: ice pair
 * key, tid edge key, peer; 0 / NULL none), or only touched it (edges FALSE). */
void skype_legs_message(skype_leg_t *leg, guint32 frame, guint64 us, gboolean edges, guint64 ice, guint64 tid,
                        const skype_ep_t *peer, gboolean turn_host);

/* Is this dissection a piece of a file set: is -z skype,legs (or
 * skype,legstreams) on? Then what a piece never tagged but an earlier piece
 * may have (the RTP of a UDP 5-tuple, a TCP connection's frames) is kept as
 * a continuation leg (skype_calls_cont_leg_new; skype_modern_piece_try,
 * skype_legs_piece_tcp) for the join (docs/batch-export.md, "Ring buffers
 * and file sets"). */
gboolean skype_legs_piece(void);

/* The piece postdissector's work (while skype_legs_piece()): a TCP frame of
 * no leg counts to its connection's continuation (first pass; one per
 * connection, either direction; at most 65,536 in a piece, then no more);
 * a TCP frame of a leg or a continuation is tapped for the legs tables. */
void skype_legs_piece_tcp(packet_info *pinfo);

/* A report block about stream ssrc of leg that found no SR of it in this
 * piece (sr FALSE), or an SR of ssrc, a stream without packets in this
 * piece yet (sr TRUE: lsr the NTP time's middle 32 bits), while
 * skype_legs_piece(): kept for the join, the first SKYPE_LEG_EXT_RR of the
 * leg. */
void skype_legs_pending_rr(skype_leg_t *leg, gboolean sr, guint32 ssrc, guint32 lsr, guint32 dlsr, guint64 us,
                           guint32 frame);

/* The tables and their tap (queued for each frame of a leg). */
void skype_legs_table_register(void);
void skype_legs_tap(packet_info *pinfo, skype_leg_t *leg);

#endif /* SKYPE_LEGS_H */
