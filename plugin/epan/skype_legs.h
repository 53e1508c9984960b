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
    guint64 last_us;
    guint32 last_frame;
    guint32 ntid;                   /* transaction keys seen (distinct ones in a row) */
    guint32 id;                     /* the record's number in the file, in order of creation: the legs' rows */
    guint8 nice, npeers, roles;
} skype_leg_ext_t;

/* A new leg (or epoch of one) gets its record; roles: SKYPE_LEG_R_*. */
void skype_legs_created(skype_leg_t *leg, guint8 roles);

/* One message of leg at frame/us that presented the keys (edges: ice pair
 * key, tid edge key, peer; 0 / NULL none), or only touched it (edges FALSE). */
void skype_legs_message(skype_leg_t *leg, guint32 frame, guint64 us, gboolean edges, guint64 ice, guint64 tid,
                        const skype_ep_t *peer, gboolean turn_host);

/* The tables and their tap (queued for each frame of a leg). */
void skype_legs_table_register(void);
void skype_legs_tap(packet_info *pinfo, skype_leg_t *leg);

#endif /* SKYPE_LEGS_H */
