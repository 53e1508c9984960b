/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stream quality, epan side (skype_streams.h; docs/quality.md): the streams
 * of the calls' legs, RTCP round trips, the verdict preferences and the
 * poor-stream warning. The rules are in core/skype_quality.h.
 */
#include "skype_streams.h"
#include "skype_legs.h"

#include <epan/expert.h>

#include "skype_compat.h"
#include "skype_state.h"

static wmem_array_t *streams; /* skype_stream_ref_t, in order of creation, file scope */

/* The verdict preferences: Microsoft's Call Quality Dashboard values. */
static guint pref_min_packets = 500, pref_audio_rtt = 500, pref_audio_loss = 10, pref_audio_jitter = 30,
             pref_video_loss = 10, pref_video_fps = 7;
static skype_quality_limits_t limits;

static int hf_media_poor = -1;
static expert_field ei_poor_stream = EI_INIT;

static void streams_init(void)
{
    streams = wmem_array_new(wmem_file_scope(), sizeof(skype_stream_ref_t));
}

static const char *pref_origin = "";
static guint64 pref_origin_us;

guint64 skype_streams_origin_us(void)
{
    return pref_origin_us;
}

void skype_streams_apply_prefs(void)
{
    pref_origin_us = g_ascii_strtoull(pref_origin != NULL ? pref_origin : "", NULL, 10);
    limits.min_packets = pref_min_packets;
    limits.audio_rtt_ms = pref_audio_rtt;
    limits.audio_loss_pct = pref_audio_loss;
    limits.audio_jitter_ms = pref_audio_jitter;
    limits.video_loss_pct = pref_video_loss;
    limits.video_fps = pref_video_fps;
}

const skype_quality_limits_t *skype_streams_limits(void)
{
    return &limits;
}

void skype_streams_prefs(module_t *module)
{
    static const struct {
        const char *name, *title, *desc;
        guint *var;
    } p[] = {
        {"poor_min_packets", "Poor audio: more packets than",
         "Audio streams are judged poor only above this many packets (Microsoft's Call Quality Dashboard: 500)",
         &pref_min_packets},
        {"poor_audio_rtt", "Poor audio: round trip above (ms)", "Call Quality Dashboard: 500 ms", &pref_audio_rtt},
        {"poor_audio_loss", "Poor audio: loss above (%)", "Call Quality Dashboard: 10 %", &pref_audio_loss},
        {"poor_audio_jitter", "Poor audio: mean jitter above (ms)", "Call Quality Dashboard: 30 ms",
         &pref_audio_jitter},
        {"poor_video_loss", "Poor video: loss above (%)", "Video and screen sharing; Call Quality Dashboard: 10 %",
         &pref_video_loss},
        {"poor_video_fps", "Poor video: frame rate below (fps)",
         "Video and screen sharing; Call Quality Dashboard: 7 frames per second", &pref_video_fps},
    };

    for (guint i = 0; i < G_N_ELEMENTS(p); i++)
        prefs_register_uint_preference(module, p[i].name, p[i].title, p[i].desc, 10, p[i].var);
    prefs_register_string_preference(module, "file_set_origin", "File set: time origin (microseconds)",
                                     "Second 0 of the per-second figures, in microseconds since the epoch; empty: the "
                                     "capture's first frame. tools/skype-export --file-set gives each piece the first "
                                     "piece's first frame, so that every piece counts the set's seconds "
                                     "(docs/batch-export.md, \"Ring buffers and file sets\")",
                                     &pref_origin);
}

wmem_array_t *skype_streams_all(void)
{
    return streams;
}

skype_rtp_stream_t *skype_streams_new(skype_leg_t *leg, packet_info *pinfo, guint32 ssrc, guint8 pt,
                                      guint64 origin_us)
{
    skype_stream_ref_t ref;
    skype_ep_t src;
    skype_rtp_stream_t *s;

    if (leg->nstreams >= SKYPE_LEG_MAX_STREAMS)
        return NULL;
    s = wmem_new(wmem_file_scope(), skype_rtp_stream_t);
    skype_rtp_stream_init(s, ssrc, pt, pinfo->num, origin_us);
    /* sent by the leg's client side (the call's client host), else received */
    s->sent = (guint8)(skype_ep_from_address(&src, &pinfo->src, 0) && src.family == leg->client.family &&
                       memcmp(src.addr, leg->client.addr, sizeof(src.addr)) == 0);
    s->index = wmem_array_get_count(streams);
    ref.s = s;
    ref.leg = leg;
    ref.seconds = wmem_array_new(wmem_file_scope(), sizeof(skype_rtp_second_t));
    ref.head = skype_legs_piece() ? wmem_new0(wmem_file_scope(), skype_rtp_head_t) : NULL;
    wmem_array_append_one(streams, ref);
    leg->streams[leg->nstreams++] = s;
    return s;
}

void skype_streams_moved(skype_leg_t *old)
{
    for (guint i = 0; i < old->nstreams; i++)
        ((skype_stream_ref_t *)wmem_array_index(streams, old->streams[i]->index))->leg = old;
}

double skype_streams_rtt(const skype_leg_t *leg, const skype_rtp_stream_t *s, enum skype_rtt_of which)
{
    return skype_row_rtt(skype_streams_of_leg(leg), leg->nstreams, s, which);
}

void skype_streams_packet(skype_leg_t *leg, skype_rtp_stream_t *s, packet_info *pinfo, const struct _rtp_info *ri,
                          guint32 bytes)
{
    skype_stream_ref_t *ref = (skype_stream_ref_t *)wmem_array_index(streams, s->index);
    skype_rtp_second_t done;

    if (skype_rtp_stream_add(s, ri->info_seq_num, ri->info_timestamp, ri->info_marker_set != 0,
                             (guint64)skype_time_us(&pinfo->abs_ts), bytes, &done))
        wmem_array_append_one(ref->seconds, done);
    if (ref->head != NULL)
        skype_rtp_head_add(ref->head, s);
    skype_rtp_stream_judge(s, skype_streams_rtt(leg, s, SKYPE_RTT_MEAN), skype_streams_limits(), pinfo->num);
}

skype_rtp_stream_t *skype_streams_of(skype_leg_t *leg, guint32 ssrc)
{
    for (guint i = 0; i < leg->nstreams; i++)
        if (leg->streams[i]->ssrc == ssrc)
            return leg->streams[i];
    return NULL;
}

void skype_streams_rtcp(tvbuff_t *tvb, packet_info *pinfo, skype_leg_t *leg, gboolean counting)
{
    guint len = tvb_captured_length(tvb);
    guint64 now = (guint64)skype_time_us(&pinfo->abs_ts);
    skype_rtcp_info_t info;
    skype_rtp_stream_t *s;

    if (!counting || pinfo->num <= leg->rtcp_frame || len != tvb_reported_length(tvb))
        return;
    leg->rtcp_frame = pinfo->num;
    if (!skype_rtcp_parse(tvb_get_ptr(tvb, 0, len), len, &info))
        return;
    if (info.sr && (s = skype_streams_of(leg, info.sr_ssrc)) != NULL)
        skype_rtp_stream_sr(s, info.sr_ntp_mid, now);
    else if (info.sr) /* a stream of an earlier piece of a file set, maybe */
        skype_legs_pending_rr(leg, TRUE, info.sr_ssrc, info.sr_ntp_mid, 0, now, pinfo->num);
    for (guint i = 0; i < info.nblocks; i++) {
        double rtt;
        s = skype_streams_of(leg, info.blocks[i].ssrc);
        if (s == NULL || s->sr_us == 0) /* no SR in this piece of a file set: the join's to measure */
            skype_legs_pending_rr(leg, FALSE, info.blocks[i].ssrc, info.blocks[i].lsr, info.blocks[i].dlsr, now,
                                  pinfo->num);
        if (s == NULL || (!s->sent && !skype_legs_piece())) /* a piece's client ends are the join's to say */
            continue;
        rtt = skype_rtcp_rtt_ms(s, info.blocks[i].lsr, info.blocks[i].dlsr, now);
        if (rtt >= 0.0)
            skype_rtp_stream_rtt(s, rtt, pinfo->num);
    }
    for (guint i = 0; i < leg->nstreams; i++)
        skype_rtp_stream_judge(leg->streams[i], skype_streams_rtt(leg, leg->streams[i], SKYPE_RTT_MEAN),
                               skype_streams_limits(), pinfo->num);
}

void skype_streams_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_leg_t *leg)
{
    for (guint i = 0; i < leg->nstreams; i++) {
        const skype_rtp_stream_t *s = leg->streams[i];
        char reasons[160];
        proto_item *ti;
        if (s->poor_frame != pinfo->num)
            continue;
        skype_quality_reasons(s, -1.0, s->poor_reasons, skype_streams_limits(), false, reasons, sizeof(reasons));
        ti = proto_tree_add_uint(tree, hf_media_poor, tvb, 0, 0, s->ssrc);
        proto_item_set_generated(ti);
        expert_add_info_format(pinfo, ti, &ei_poor_stream, "%s stream 0x%08X became poor: %s",
                               skype_media_kind_name(s->kind), s->ssrc, reasons);
    }
}

void skype_streams_register(void)
{
    static hf_register_info hf[] = {
        {&hf_media_poor,
         {"Stream became poor", "skype.media.poor", FT_UINT32, BASE_HEX, NULL, 0x0,
          "SSRC of the RTP stream of this 5-tuple whose figures so far first cross a poor-stream limit at this "
          "frame (the preferences poor_*; Microsoft's Call Quality Dashboard; docs/quality.md)",
          HFILL}},
    };
    static ei_register_info ei[] = {
        {&ei_poor_stream,
         {"skype.expert.poor_stream", PI_SEQUENCE, PI_WARN,
          "RTP stream poor by Microsoft's Call Quality Dashboard limits (round trip, loss, jitter, frame rate)",
          EXPFILL}},
    };

    proto_register_field_array(proto_skype, hf, array_length(hf));
    expert_register_field_array(expert_register_protocol(proto_skype), ei, array_length(ei));
    skype_streams_table_register();
    register_init_routine(streams_init);
    skype_streams_apply_prefs();
}
