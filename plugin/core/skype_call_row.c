/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The rows of the calls and streams tables: see skype_call_row.h. */
#include "skype_call_row.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- Round trip -------------------------------------------------------- */

static double rtt_of(const skype_rtp_stream_t *s, enum skype_rtt_of which)
{
    return which == SKYPE_RTT_MAX ? s->rtt_max_ms : which == SKYPE_RTT_MEAN ? skype_rtp_stream_rtt_mean(s) : s->rtt_ms;
}

double skype_row_rtt(const skype_rtp_stream_t *const *streams, unsigned n, const skype_rtp_stream_t *s,
                     enum skype_rtt_of which)
{
    const skype_rtp_stream_t *best = NULL;

    if (s->sent)
        return rtt_of(s, which);
    for (unsigned i = 0; streams != NULL && i < n; i++) {
        const skype_rtp_stream_t *o = streams[i];
        if (o != NULL && o->sent && o->rtt_frame != 0 &&
            (best == NULL ||
             (which == SKYPE_RTT_MAX ? o->rtt_max_ms > best->rtt_max_ms : o->rtt_frame > best->rtt_frame)))
            best = o;
    }
    return best == NULL ? -1.0 : rtt_of(best, which);
}

/* ---- A stream's row ---------------------------------------------------- */

const char *skype_verdict_name(uint8_t verdict)
{
    return verdict == SKYPE_VERDICT_POOR ? "Poor" : verdict == SKYPE_VERDICT_GOOD ? "Good" : "-";
}

double skype_stream_frame_size(const skype_rtp_stream_t *s)
{
    bool video = s->kind == SKYPE_MEDIA_VIDEO || s->kind == SKYPE_MEDIA_SCREEN;

    return video && s->frames > 0 ? (double)s->bytes / s->frames : -1.0;
}

int64_t skype_second_frames(const skype_rtp_stream_t *s, const skype_rtp_second_t *b)
{
    return s->kind == SKYPE_MEDIA_VIDEO || s->kind == SKYPE_MEDIA_SCREEN ? (int64_t)b->frames : -1;
}

void skype_stream_row(skype_stream_row_t *row, const skype_rtp_stream_t *const *streams, unsigned n,
                      const skype_rtp_stream_t *s, const skype_ep_t *client, const skype_ep_t *server,
                      const skype_quality_limits_t *lim)
{
    const skype_pt_info_t *pt = skype_pt_info(s->pt);

    memset(row, 0, sizeof(*row));
    row->kind = skype_media_kind_name(s->kind);
    row->codec = pt != NULL ? pt->name : "-";
    row->direction = s->sent ? "sent" : "received";
    row->src = s->sent ? client : server;
    row->dst = s->sent ? server : client;
    row->loss_pct = skype_rtp_stream_loss_pct(s);
    row->jitter_mean_ms = skype_rtp_stream_jitter_mean(s);
    row->jitter_max_ms = s->clock != 0 ? s->jitter_max : -1.0;
    row->rtt_ms = skype_row_rtt(streams, n, s, SKYPE_RTT_LATEST);
    row->rtt_max_ms = skype_row_rtt(streams, n, s, SKYPE_RTT_MAX);
    row->rtt_mean_ms = skype_row_rtt(streams, n, s, SKYPE_RTT_MEAN);
    row->mos = skype_rtp_stream_mos(s, row->rtt_mean_ms);
    row->fps = skype_rtp_stream_fps(s);
    row->low_fps_pct = skype_rtp_stream_low_fps_pct(s);
    row->kbps = skype_rtp_stream_kbps(s);
    row->frame_size = skype_stream_frame_size(s);
    row->lost = skype_rtp_stream_lost(s);
    row->verdict_code = skype_rtp_stream_verdict(s, row->rtt_mean_ms, lim, &row->reasons_bits);
    row->verdict = skype_verdict_name(row->verdict_code);
    skype_quality_reasons(s, row->rtt_mean_ms, row->reasons_bits, lim, true, row->reasons, sizeof(row->reasons));
}

/* ---- A call's row ------------------------------------------------------ */

const char *skype_call_party_text(const skype_ep_t *party)
{
    if (party->family == 0)
        return "-";
    if (party->port == 1)
        return "Transport Relay";
    return NULL;
}

void skype_call_row_times(const skype_call_group_t *g, uint64_t start_us, double *start_s, double *duration_s)
{
    *start_s = (double)(g->first_us - (start_us < g->first_us ? start_us : g->first_us)) / 1e6;
    *duration_s = (double)(g->last_us - g->first_us) / 1e6;
}

void skype_call_sum_init(skype_call_sum_t *sum)
{
    memset(sum, 0, sizeof(*sum));
    sum->worst_mos = -1.0;
}

void skype_call_sum_stream(skype_call_sum_t *sum, const skype_rtp_stream_t *const *streams, unsigned n,
                           const skype_rtp_stream_t *s, const skype_quality_limits_t *lim)
{
    double rtt = skype_row_rtt(streams, n, s, SKYPE_RTT_MEAN), mos = skype_rtp_stream_mos(s, rtt);
    unsigned k = s->kind < 4 ? s->kind : 4;
    uint8_t reasons;

    if (mos >= 0.0 && (sum->worst_mos < 0.0 || mos < sum->worst_mos))
        sum->worst_mos = mos;
    sum->poor += skype_rtp_stream_verdict(s, rtt, lim, &reasons) == SKYPE_VERDICT_POOR;
    sum->streams[k]++;
    sum->sent[k] += s->sent;
    sum->lost += skype_rtp_stream_lost(s);
    if (s->jitter_max > sum->jitter_max_ms)
        sum->jitter_max_ms = s->jitter_max;
    if (skype_dscp_expected(s->kind) >= 0 && s->dscp_seen) {
        sum->checked++;
        if (s->mismatch_frame != 0)
            sum->off[k][s->dscp & 63]++;
    }
}

void skype_call_sum_leg(skype_call_sum_t *sum, uint8_t kind, uint32_t frames, const skype_rtp_stream_t *const *streams,
                        unsigned n, const skype_quality_limits_t *lim)
{
    sum->legs[kind < 3 ? kind : 3]++;
    sum->packets += frames;
    for (unsigned k = 0; streams != NULL && k < n; k++)
        if (streams[k] != NULL)
            skype_call_sum_stream(sum, streams, n, streams[k], lim);
}

/* snprintf at buf + *len (as much as fits of size), *len += the whole
 * length: past size, only counted. */
__attribute__((format(printf, 4, 5))) static void put(char *buf, size_t size, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int k;

    va_start(ap, fmt);
    if (buf != NULL && *len < size)
        k = vsnprintf(buf + *len, size - *len, fmt, ap);
    else
        k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k > 0)
        *len += (size_t)k;
}

size_t skype_call_sum_directions(const skype_call_sum_t *sum, char *buf, size_t size)
{
    size_t len = 0;

    if (buf != NULL && size > 0)
        buf[0] = 0;
    for (unsigned k = 1; k < 5; k++)
        if (sum->streams[k] != 0)
            put(buf, size, &len, "%s%s %u/%u", len ? ", " : "", skype_media_kind_name((uint8_t)k), sum->sent[k],
                sum->streams[k] - sum->sent[k]);
    if (sum->streams[0] != 0)
        put(buf, size, &len, "%sunknown %u/%u", len ? ", " : "", sum->sent[0], sum->streams[0] - sum->sent[0]);
    if (len == 0)
        put(buf, size, &len, "-");
    return len;
}

size_t skype_call_sum_dscp(const skype_call_sum_t *sum, char *buf, size_t size)
{
    size_t len = 0;

    if (buf != NULL && size > 0)
        buf[0] = 0;
    for (unsigned k = 0; k < 5; k++)
        for (unsigned d = 0; d < 64; d++)
            if (sum->off[k][d] != 0)
                put(buf, size, &len, "%s%u %s stream%s at %u (want %d)", len ? ", " : "", sum->off[k][d],
                    skype_media_kind_name((uint8_t)k), sum->off[k][d] > 1 ? "s" : "", d,
                    skype_dscp_expected((uint8_t)k));
    if (len == 0)
        put(buf, size, &len, "%s", sum->checked ? "as recommended" : "-");
    return len;
}

size_t skype_call_sum_legs(const skype_call_sum_t *sum, char *buf, size_t size)
{
    size_t len = 0;

    if (buf != NULL && size > 0)
        buf[0] = 0;
    put(buf, size, &len, "%u direct, %u relayed, %u TCP", sum->legs[SKYPE_LEG_DIRECT], sum->legs[SKYPE_LEG_RELAYED],
        sum->legs[SKYPE_LEG_TCP]);
    return len;
}
