/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stream quality, epan side (docs/quality.md): the RTP streams of the calls'
 * legs in order of creation, what Wireshark's taps and the RTCP datagrams
 * tell of them (core/skype_quality.h decides), the verdict preferences, the
 * expert warning skype.expert.poor_stream and the field skype.media.poor.
 * The tables are in skype_streams_table.c.
 */
#ifndef SKYPE_STREAMS_H
#define SKYPE_STREAMS_H

#include <epan/dissectors/packet-rtp.h>
#include <epan/packet.h>
#include <epan/prefs.h>

#include "../core/skype_call_row.h"
#include "../core/skype_quality.h"
#include "../core/skype_stream_join.h"
#include "skype_leg.h"

/* One stream of the capture: its stream, the leg it belongs to (the leg's
 * earlier copy once the 5-tuple left that call) and its ended seconds
 * (skype_rtp_second_t, 24 bytes a second of the stream's life). */
typedef struct skype_stream_ref {
    skype_rtp_stream_t *s;
    skype_leg_t *leg;
    wmem_array_t *seconds;
    skype_rtp_head_t *head; /* a file set's piece (skype_legs_piece): its first transits for the join, else NULL */
} skype_stream_ref_t;

void skype_streams_register(void);

/* The verdict preferences (Microsoft's Call Quality Dashboard values by
 * default), on the plugin's preferences module. */
void skype_streams_prefs(module_t *module);
const skype_quality_limits_t *skype_streams_limits(void);

/* Preference skype.file_set_origin: second 0 of the per-second figures,
 * microseconds since the epoch; 0 (empty, or no number): the capture's
 * first frame. */
guint64 skype_streams_origin_us(void);

/* The module's apply callback (skype_modern.c): the limits from the
 * preferences, used from the next dissection of the file on. */
void skype_streams_apply_prefs(void);

/* First pass that counts: a new stream (ssrc, payload type pt) of leg, sent
 * by the leg's client side when pinfo's source is that side's host; its
 * seconds count from origin_us (the capture's first frame). NULL when the
 * leg has SKYPE_LEG_MAX_STREAMS already. */
skype_rtp_stream_t *skype_streams_new(skype_leg_t *leg, packet_info *pinfo, guint32 ssrc, guint8 pt,
                                      guint64 origin_us);

/* The stream ssrc of leg, or NULL. */
skype_rtp_stream_t *skype_streams_of(skype_leg_t *leg, guint32 ssrc);

/* The 5-tuple left its call: leg's streams now belong to its copy old. */
void skype_streams_moved(skype_leg_t *old);

/* Count one RTP packet of stream s (header values from the rtp tap, bytes:
 * the UDP payload) and judge the stream at this frame. */
void skype_streams_packet(skype_leg_t *leg, skype_rtp_stream_t *s, packet_info *pinfo, const struct _rtp_info *ri,
                          guint32 bytes);

/*
 * An RTCP datagram (tvb: the RTCP bytes, directly on the 5-tuple or inside
 * TURN framing) of leg, in the pass that counts its RTP (counting TRUE):
 * the SR of a stream's sender, the round trip of the streams the report
 * blocks are about (skype_rtcp_parse, skype_rtcp_rtt_ms), then the leg's
 * streams judged. Each frame counts once; unreadable RTCP (encrypted SRTCP)
 * tells nothing.
 */
void skype_streams_rtcp(tvbuff_t *tvb, packet_info *pinfo, skype_leg_t *leg, gboolean counting);

/* The round trip of stream s of leg, ms (< 0 unknown): skype_row_rtt over
 * the leg's streams (core/skype_call_row.h: a sent stream's own, else the
 * leg's sent stream's with the latest round trip, for SKYPE_RTT_MAX the
 * highest; docs/quality.md, "Round trip"). */
double skype_streams_rtt(const skype_leg_t *leg, const skype_rtp_stream_t *s, enum skype_rtt_of which);

/* The streams of leg as the core's rows take them (core/skype_call_row.h). */
static inline const skype_rtp_stream_t *const *skype_streams_of_leg(const skype_leg_t *leg)
{
    return (const skype_rtp_stream_t *const *)leg->streams;
}

/* Any pass: skype.media.poor and the expert warning for each stream of leg
 * that became poor at this frame. */
void skype_streams_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg);

/* All streams (skype_stream_ref_t), in order of creation. */
wmem_array_t *skype_streams_all(void);

/* The tables (skype_streams_table.c): their registration, and queueing
 * the frame of leg for them (when one is open). */
void skype_streams_table_register(void);
void skype_streams_tap(packet_info *pinfo, skype_leg_t *leg);

#endif /* SKYPE_STREAMS_H */
