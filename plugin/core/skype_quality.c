/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Per-stream quality: loss, jitter, frames, RTCP round trip, the E-model
 * and the verdict (skype_quality.h; docs/quality.md). */
#include "skype_quality.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>


/* ---- One stream ------------------------------------------------------ */

void skype_rtp_stream_init(skype_rtp_stream_t *s, uint32_t ssrc, uint8_t pt, uint32_t frame, uint64_t origin_us)
{
    const skype_pt_info_t *info = skype_pt_info(pt);

    memset(s, 0, sizeof(*s));
    s->ssrc = ssrc;
    s->pt = pt;
    s->clock = info ? info->clock : 0;
    s->first_frame = frame;
    s->origin_us = origin_us;
    s->rtt_ms = s->rtt_max_ms = -1.0f;
}

/* RTP timestamps wrap at 2^32: fold a difference back into (-2^31, 2^31]. */
double skype_rtp_ts_fold(double d)
{
    if (d > 2147483648.0)
        return d - 4294967296.0;
    if (d < -2147483648.0)
        return d + 4294967296.0;
    return d;
}

static uint32_t second_of(const skype_rtp_stream_t *s, uint64_t us)
{
    return us <= s->origin_us ? 0u : (uint32_t)((us - s->origin_us) / 1000000u);
}

/* Sequence number seq extended against the highest one so far, max_ext
 * (RFC 3550 A.1): a jump back of more than half the space is a wrap, a jump
 * forward of more than half a late packet from before a wrap (below 0 in
 * the first cycle: the stream started just after a wrap). */
int64_t skype_rtp_seq_extend(uint32_t max_ext, uint16_t seq)
{
    int64_t ext = (int64_t)(max_ext & 0xffff0000u) | seq;
    uint16_t max16 = (uint16_t)max_ext;

    if (seq < max16 && (uint16_t)(max16 - seq) > 0x8000u)
        ext += 0x10000; /* wrapped forward */
    else if (seq > max16 && (uint16_t)(seq - max16) > 0x8000u)
        ext -= 0x10000; /* late packet from before a wrap */
    return ext;
}

/* A new second begins at sec: judge the seconds that ended (the current
 * one unless it is the stream's first, and the empty ones in between). */
static void next_second(skype_rtp_stream_t *s, uint32_t sec)
{
    if (s->cur.second != second_of(s, s->first_us)) {
        s->seconds++;
        s->seconds_low += s->cur.frames < SKYPE_LOW_FPS;
    }
    s->seconds += sec - s->cur.second - 1;
    s->seconds_low += sec - s->cur.second - 1;
    memset(&s->cur, 0, sizeof(s->cur));
    s->cur.second = sec;
}

/* The jitter estimate after a packet with transit transit (timestamp
 * units), and whether a fixed buffer of SKYPE_JITTER_BUFFER_MS drops it. */
static bool jitter_step(skype_rtp_stream_t *s, double transit)
{
    bool late = false;

    if (s->packets > 0) {
        double d = fabs(skype_rtp_ts_fold(transit - s->transit)), ms, rel;
        s->jitter += (d - s->jitter) / 16.0;
        ms = s->jitter * 1000.0 / (double)s->clock;
        if (ms > s->jitter_max)
            s->jitter_max = ms;
        s->jitter_sum += ms;
        if ((float)ms > s->cur.jitter_max_ms)
            s->cur.jitter_max_ms = (float)ms;
        rel = skype_rtp_ts_fold(transit - s->min_transit);
        if (rel < 0)
            s->min_transit = transit;
        else
            late = rel * 1000.0 / (double)s->clock > SKYPE_JITTER_BUFFER_MS;
    } else {
        s->min_transit = transit;
    }
    s->transit = transit;
    return late;
}

bool skype_rtp_stream_add(skype_rtp_stream_t *s, uint16_t seq, uint32_t ts, bool marker, uint64_t arrival_us,
                          uint32_t bytes, skype_rtp_second_t *done)
{
    uint32_t sec = second_of(s, arrival_us), gap = 0;
    bool ended = false, late = false;

    if (s->packets == 0) {
        s->base_seq = s->max_ext_seq = seq;
        s->first_us = arrival_us;
        s->cur.second = sec;
        s->cur.jitter_max_ms = s->clock != 0 ? 0.0f : -1.0f;
    } else {
        int64_t ext = skype_rtp_seq_extend(s->max_ext_seq, seq);
        if (ext > (int64_t)s->max_ext_seq) {
            gap = (uint32_t)(ext - s->max_ext_seq - 1);
            s->max_ext_seq = (uint32_t)ext;
        }
        if (sec > s->cur.second) {
            if (done != NULL)
                *done = s->cur;
            ended = true;
            next_second(s, sec);
            s->cur.jitter_max_ms = s->clock != 0 ? 0.0f : -1.0f;
        }
        /* the frame before ended without its marker packet (lost) */
        if (ts != s->last_ts && !s->last_marker) {
            s->frames++;
            s->cur.frames++;
        }
    }
    if (s->clock != 0)
        late = jitter_step(s, (double)arrival_us * (double)s->clock / 1e6 - (double)ts);
    if (gap != 0 || late) {
        s->bursts += !s->in_loss;
        s->in_loss = 1;
    } else {
        s->in_loss = 0;
    }
    s->late += late;
    if (marker) {
        s->frames++;
        s->cur.frames++;
    }
    s->last_marker = marker;
    s->last_ts = ts;
    s->cur.lost += gap;
    s->cur.packets++;
    s->cur.bytes += bytes;
    s->last_us = arrival_us;
    s->packets++;
    s->bytes += bytes;
    return ended;
}

int64_t skype_rtp_stream_lost(const skype_rtp_stream_t *s)
{
    if (s->packets == 0)
        return 0;
    return (int64_t)s->max_ext_seq - (int64_t)s->base_seq + 1 - (int64_t)s->packets;
}

double skype_rtp_stream_loss_pct(const skype_rtp_stream_t *s)
{
    int64_t lost = skype_rtp_stream_lost(s);
    int64_t expected = (int64_t)s->max_ext_seq - (int64_t)s->base_seq + 1;

    return s->packets == 0 || lost <= 0 ? 0.0 : 100.0 * (double)lost / (double)expected;
}

double skype_rtp_stream_jitter_mean(const skype_rtp_stream_t *s)
{
    return s->clock != 0 && s->packets > 1 ? s->jitter_sum / (double)(s->packets - 1) : -1.0;
}

double skype_rtp_stream_fps(const skype_rtp_stream_t *s)
{
    if ((s->kind != SKYPE_MEDIA_VIDEO && s->kind != SKYPE_MEDIA_SCREEN) || s->packets < 2 ||
        s->last_us - s->first_us < 1000000u)
        return -1.0;
    return (double)s->frames * 1e6 / (double)(s->last_us - s->first_us);
}

double skype_rtp_stream_low_fps_pct(const skype_rtp_stream_t *s)
{
    if ((s->kind != SKYPE_MEDIA_VIDEO && s->kind != SKYPE_MEDIA_SCREEN) || s->seconds == 0)
        return -1.0;
    return 100.0 * (double)s->seconds_low / (double)s->seconds;
}

double skype_rtp_stream_kbps(const skype_rtp_stream_t *s)
{
    if (s->packets < 2 || s->last_us == s->first_us)
        return -1.0;
    return (double)s->bytes * 8.0 / 1000.0 * 1e6 / (double)(s->last_us - s->first_us);
}

bool skype_rtp_stream_dscp(skype_rtp_stream_t *s, uint8_t dscp, uint32_t frame)
{
    int want = skype_dscp_expected(s->kind);

    s->dscp = dscp;
    s->dscp_seen = 1;
    if (want < 0 || dscp == (uint8_t)want || s->mismatch_frame != 0)
        return false;
    s->mismatch_frame = frame;
    return true;
}

/* ---- RTCP ------------------------------------------------------------- */

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The report blocks of one SR or RR whose blocks start at b, rc of them,
 * within end. */
static void blocks(skype_rtcp_info_t *out, const uint8_t *b, unsigned rc, const uint8_t *end)
{
    for (unsigned i = 0; i < rc && b + 24 <= end && out->nblocks < SKYPE_RTCP_MAX_BLOCKS; i++, b += 24) {
        skype_rtcp_block_t *k = &out->blocks[out->nblocks++];
        k->ssrc = be32(b);
        k->lsr = be32(b + 16);
        k->dlsr = be32(b + 20);
    }
}

bool skype_rtcp_parse(const uint8_t *p, size_t len, skype_rtcp_info_t *out)
{
    size_t off = 0, rest;

    memset(out, 0, sizeof(*out));
    /* walk the headers first: nothing is read unless the compound is whole and clear */
    while (off + 4 <= len && (p[off] & 0xc0) == 0x80 && p[off + 1] >= 192 && p[off + 1] <= 223) {
        size_t plen = ((size_t)p[off + 2] << 8 | p[off + 3]) * 4 + 4;
        if (off + plen > len)
            return false;
        off += plen;
    }
    rest = len - off;
    if (off == 0 || (rest != 0 && rest != 8 && rest != 14) || (rest != 0 && (p[off] & 0x80) != 0))
        return false;
    for (size_t o = 0; o < off;) {
        const uint8_t *h = p + o;
        size_t plen = ((size_t)h[2] << 8 | h[3]) * 4 + 4;
        unsigned rc = h[0] & 0x1f;
        if (h[1] == 200 && plen >= 28) { /* SR: SSRC, NTP (8), RTP ts, packets, octets, blocks */
            out->sr = true;
            out->sr_ssrc = be32(h + 4);
            out->sr_ntp_mid = be32(h + 10);
            blocks(out, h + 28, rc, h + plen);
        } else if (h[1] == 201 && plen >= 8) { /* RR: SSRC, blocks */
            blocks(out, h + 8, rc, h + plen);
        }
        o += plen;
    }
    return true;
}

void skype_rtp_stream_sr(skype_rtp_stream_t *s, uint32_t ntp_mid, uint64_t now_us)
{
    s->sr_ntp_mid = ntp_mid;
    s->sr_us = now_us;
}

double skype_rtcp_rtt_ms(const skype_rtp_stream_t *s, uint32_t lsr, uint32_t dlsr, uint64_t report_us)
{
    uint32_t a, rtt;

    if (s->sr_us == 0 || lsr == 0 || report_us < s->sr_us)
        return -1.0;
    /* A = the SR's NTP time + the capture time since the SR, in 1/65536 s */
    a = s->sr_ntp_mid + (uint32_t)((report_us - s->sr_us) * 65536u / 1000000u);
    rtt = a - lsr - dlsr;
    if ((int32_t)rtt < 0 || rtt > 60u * 65536u)
        return -1.0;
    return (double)rtt * 1000.0 / 65536.0;
}

void skype_rtp_stream_rtt(skype_rtp_stream_t *s, double rtt_ms, uint32_t frame)
{
    s->rtt_ms = (float)rtt_ms;
    if (s->rtt_ms > s->rtt_max_ms)
        s->rtt_max_ms = s->rtt_ms;
    s->rtt_frame = frame;
    s->rtt_sum += rtt_ms;
    s->rtt_count++;
}

double skype_rtp_stream_rtt_mean(const skype_rtp_stream_t *s)
{
    return s->rtt_count != 0 ? s->rtt_sum / (double)s->rtt_count : -1.0;
}

/* ---- The E-model ------------------------------------------------------- */

#define G711_PLC "ITU-T G.113 Appendix I, Table I.3: G.711 with packet loss concealment"
#define AS_G711 "no ITU-T G.113 value: taken as G.711 with packet loss concealment (docs/quality.md)"

static const skype_emodel_codec_t codecs[] = {
    {"PCMU", 0.0, 25.1, G711_PLC},
    {"PCMA", 0.0, 25.1, G711_PLC},
    {"G723", 15.0, 16.1, "ITU-T G.113 Appendix I, Table I.3: G.723.1 at 6.3 kbit/s"},
    {"G722", 0.0, 25.1, AS_G711},
    {"SILK", 0.0, 25.1, AS_G711},
    {"SIREN", 0.0, 25.1, AS_G711},
    {"G7221", 0.0, 25.1, AS_G711},
    {"x-msrta", 0.0, 25.1, AS_G711},
};

const skype_emodel_codec_t *skype_emodel_codec(unsigned pt)
{
    const skype_pt_info_t *info = skype_pt_info(pt);

    if (info == NULL || info->kind != SKYPE_MEDIA_AUDIO)
        return NULL;
    for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
        if (strcmp(codecs[i].name, info->name) == 0)
            return &codecs[i];
    return NULL;
}

double skype_emodel_id(double ta_ms)
{
    double x;

    if (ta_ms <= 100.0)
        return 0.0;
    x = log10(ta_ms / 100.0) / log10(2.0);
    return 25.0 * (pow(1.0 + pow(x, 6.0), 1.0 / 6.0) - 3.0 * pow(1.0 + pow(x / 3.0, 6.0), 1.0 / 6.0) + 2.0);
}

double skype_emodel_ie_eff(double ie, double bpl, double ppl, double burst_r)
{
    if (ppl <= 0.0)
        return ie;
    return ie + (95.0 - ie) * ppl / (ppl / burst_r + bpl);
}

double skype_emodel_r(double id, double ie_eff)
{
    return 93.2 - id - ie_eff;
}

double skype_emodel_mos(double r)
{
    double mos;

    if (r < 0.0)
        return 1.0;
    if (r > 100.0)
        return 4.5;
    mos = 1.0 + 0.035 * r + 7e-6 * r * (r - 60.0) * (100.0 - r);
    return mos < 1.0 ? 1.0 : mos; /* the polynomial dips to 0.99 for R under 6.5 */
}

double skype_rtp_stream_mos(const skype_rtp_stream_t *s, double rtt_ms)
{
    const skype_emodel_codec_t *c = skype_emodel_codec(s->pt);
    int64_t lost = skype_rtp_stream_lost(s), expected = (int64_t)s->max_ext_seq - (int64_t)s->base_seq + 1;
    double gone, ppl = 0.0, burst_r = 1.0, ta;

    if (c == NULL || s->kind != SKYPE_MEDIA_AUDIO || s->packets == 0)
        return -1.0;
    gone = (double)(lost > 0 ? lost : 0) + (double)s->late;
    if (gone > 0.0 && expected > 0) {
        double kept = (double)s->packets - (double)s->late;
        ppl = 100.0 * gone / (double)expected;
        if (s->bursts > 0 && kept > 0.0)
            burst_r = 1.0 / ((double)s->bursts / kept + (double)s->bursts / gone);
    }
    ta = (rtt_ms >= 0.0 ? rtt_ms / 2.0 : SKYPE_ONE_WAY_DEFAULT_MS) + SKYPE_JITTER_BUFFER_MS;
    return skype_emodel_mos(skype_emodel_r(skype_emodel_id(ta), skype_emodel_ie_eff(c->ie, c->bpl, ppl, burst_r)));
}

/* ---- Verdict ---------------------------------------------------------- */

const skype_quality_limits_t skype_quality_cqd = {500u, 500.0, 10.0, 30.0, 10.0, 7.0};

uint8_t skype_rtp_stream_verdict(const skype_rtp_stream_t *s, double rtt_ms, const skype_quality_limits_t *lim,
                                 uint8_t *reasons)
{
    uint8_t r = 0;
    double loss = skype_rtp_stream_loss_pct(s);

    *reasons = 0;
    if (s->packets == 0)
        return SKYPE_VERDICT_NONE;
    if (s->kind == SKYPE_MEDIA_AUDIO) {
        double jitter = skype_rtp_stream_jitter_mean(s);
        if (rtt_ms >= 0.0 && rtt_ms > lim->audio_rtt_ms)
            r |= SKYPE_POOR_RTT;
        if (loss > lim->audio_loss_pct)
            r |= SKYPE_POOR_LOSS;
        if (jitter >= 0.0 && jitter > lim->audio_jitter_ms)
            r |= SKYPE_POOR_JITTER;
        if (r != 0 && s->packets <= lim->min_packets) {
            *reasons = r | SKYPE_POOR_SHORT;
            return SKYPE_VERDICT_GOOD;
        }
    } else if (s->kind == SKYPE_MEDIA_VIDEO || s->kind == SKYPE_MEDIA_SCREEN) {
        double fps = skype_rtp_stream_fps(s);
        if (loss > lim->video_loss_pct)
            r |= SKYPE_POOR_LOSS;
        if (fps >= 0.0 && fps < lim->video_fps)
            r |= SKYPE_POOR_FPS;
    } else {
        return SKYPE_VERDICT_NONE;
    }
    *reasons = r;
    return r != 0 ? SKYPE_VERDICT_POOR : SKYPE_VERDICT_GOOD;
}

bool skype_rtp_stream_judge(skype_rtp_stream_t *s, double rtt_ms, const skype_quality_limits_t *lim, uint32_t frame)
{
    uint8_t reasons;

    if (s->poor_frame != 0 || skype_rtp_stream_verdict(s, rtt_ms, lim, &reasons) != SKYPE_VERDICT_POOR)
        return false;
    s->poor_frame = frame;
    s->poor_reasons = reasons;
    return true;
}

/* Append "; " (unless at the start) and the formatted text at buf + n,
 * cut at size; the new length. */
static size_t append(char *buf, size_t size, size_t n, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (n + 1 >= size)
        return n;
    if (n != 0) {
        k = snprintf(buf + n, size - n, "; ");
        n = k > 0 && (size_t)k < size - n ? n + (size_t)k : size - 1;
        if (n + 1 >= size)
            return n;
    }
    va_start(ap, fmt);
    k = vsnprintf(buf + n, size - n, fmt, ap);
    va_end(ap);
    return k > 0 && (size_t)k < size - n ? n + (size_t)k : size - 1;
}

void skype_quality_reasons(const skype_rtp_stream_t *s, double rtt_ms, uint8_t reasons,
                           const skype_quality_limits_t *lim, bool figures, char *buf, size_t size)
{
    size_t n = 0;

#define ADD(...) n = append(buf, size, n, __VA_ARGS__)
    if (size == 0)
        return;
    buf[0] = '\0';
    if (reasons & SKYPE_POOR_RTT) {
        if (figures)
            ADD("RTT %.0f ms > %.0f ms", rtt_ms, lim->audio_rtt_ms);
        else
            ADD("RTT > %.0f ms", lim->audio_rtt_ms);
    }
    if (reasons & SKYPE_POOR_LOSS) {
        double limit = s->kind != SKYPE_MEDIA_AUDIO ? lim->video_loss_pct : lim->audio_loss_pct;
        if (figures)
            ADD("loss %.1f %% > %g %%", skype_rtp_stream_loss_pct(s), limit);
        else
            ADD("loss > %g %%", limit);
    }
    if (reasons & SKYPE_POOR_JITTER) {
        if (figures)
            ADD("jitter %.1f ms > %g ms", skype_rtp_stream_jitter_mean(s), lim->audio_jitter_ms);
        else
            ADD("jitter > %g ms", lim->audio_jitter_ms);
    }
    if (reasons & SKYPE_POOR_FPS) {
        if (figures)
            ADD("frame rate %.1f fps < %g fps", skype_rtp_stream_fps(s), lim->video_fps);
        else
            ADD("frame rate < %g fps", lim->video_fps);
    }
    if ((reasons & SKYPE_POOR_SHORT) && figures)
        ADD("not counted: %u packets, Microsoft classifies audio above %u", s->packets, lim->min_packets);
#undef ADD
    if (n == 0)
        snprintf(buf, size, "-");
}
