/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Legacy Skype TCP signatures and message machine (docs/protocol.md §4; report §5.2.2-§5.2.3). */
#include "skype_tcp.h"

#include "skype_phase.h"

#include <string.h>

static const uint8_t L1[5] = {0x16, 0x03, 0x01, 0x00, 0x00};
static const uint8_t L2[5] = {0x17, 0x03, 0x01, 0x00, 0x00};
static const uint8_t L3[15] = {0x16, 0x03, 0x01, 0x00, 0xcd, 0x41, 0x03, 0x00,
                               0x09, 0x80, 0x40, 0x04, 0x08, 0xc0, 0x01};
static const uint8_t L3_MARKER[7] = {0x00, 0x0c, 0x01, 0x17, 0x03, 0x01, 0x00};
static const uint8_t R1[56] = {0x80, 0x46, 0x01, 0x03, 0x01, 0x00, 0x2d, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x05,
                               0x00, 0x00, 0x04, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x64, 0x00, 0x00,
                               0x62, 0x00, 0x00, 0x08, 0x00, 0x00, 0x03, 0x00, 0x00, 0x06, 0x01, 0x00, 0x80, 0x07,
                               0x00, 0xc0, 0x03, 0x00, 0x80, 0x06, 0x00, 0x40, 0x02, 0x00, 0x80, 0x04, 0x00, 0x80};
static const uint8_t R2[79] = {
    0x16, 0x03, 0x01, 0x00, 0x4a, 0x02, 0x00, 0x00, 0x46, 0x03, 0x01, 0x40, 0x1b, 0xe4, 0x86, 0x02,
    0xad, 0xe0, 0x29, 0xe1, 0x77, 0x74, 0xe5, 0x44, 0xb9, 0xc9, 0x9c, 0xb4, 0x31, 0x31, 0x5e, 0x02,
    0xdd, 0x77, 0x9d, 0x15, 0x4a, 0x96, 0x09, 0xba, 0x5d, 0xa8, 0x70, 0x20, 0x1c, 0xa0, 0xe4, 0xf6,
    0x4c, 0x63, 0x51, 0xae, 0x2f, 0x8e, 0x4e, 0xe1, 0xe6, 0x76, 0x6a, 0x0a, 0x88, 0xd5, 0xd8, 0xc5,
    0x5c, 0xae, 0x98, 0xc5, 0xe4, 0x81, 0xf2, 0x2a, 0x69, 0xbf, 0x90, 0x58, 0x00, 0x05, 0x00};

/* Stages of the SN handshake, shared by the restricted modes after R3. */
enum { SN_T1 = 0, SN_REPLY, SN_T2, SN_T3, SN_T4, SN_SESSION };
/* Stages of the restricted modes before they join the SN handshake at SN_T2. */
enum { RM_R1 = 0, RM_R2, RM_R3 };
/* Stages of the login. */
enum { LG_L1 = 0, LG_L2, LG_L3, LG_L4, LG_MORE };

static bool prefix(const uint8_t *p, size_t caplen, const uint8_t *sig, size_t n)
{
    return p != NULL && caplen >= n && memcmp(p, sig, n) == 0;
}

static const uint8_t *find(const uint8_t *hay, size_t n, const void *needle, size_t m)
{
    if (hay == NULL || m == 0 || n < m)
        return NULL;
    for (size_t i = 0; i + m <= n; i++)
        if (hay[i] == *(const uint8_t *)needle && memcmp(hay + i, needle, m) == 0)
            return hay + i;
    return NULL;
}

bool skype_l1_match(const uint8_t *p, size_t caplen, size_t len)
{
    return len == SKYPE_L_SHORT_LEN && prefix(p, caplen, L1, sizeof(L1));
}

bool skype_l2_match(const uint8_t *p, size_t caplen, size_t len)
{
    return len == SKYPE_L_SHORT_LEN && prefix(p, caplen, L2, sizeof(L2));
}

bool skype_l3_match(const uint8_t *p, size_t caplen)
{
    return prefix(p, caplen, L3, sizeof(L3));
}

bool skype_l4_match(const uint8_t *p, size_t caplen)
{
    return prefix(p, caplen, L2, SKYPE_L4_PREFIX_LEN);
}

int32_t skype_l3_marker(const uint8_t *p, size_t caplen)
{
    const uint8_t *m = find(p, caplen, L3_MARKER, sizeof(L3_MARKER));
    return m ? (int32_t)(m - p) : -1;
}

bool skype_r1_443_match(const uint8_t *p, size_t caplen, size_t len)
{
    return len == SKYPE_R1_LEN && prefix(p, caplen, R1, sizeof(R1));
}

bool skype_r2_443_match(const uint8_t *p, size_t caplen)
{
    return prefix(p, caplen, R2, sizeof(R2));
}

/* An HTTP request line starts with an upper-case method and a space. */
static bool looks_like_http(const uint8_t *p, size_t caplen)
{
    size_t i = 0;
    while (i < caplen && i < 8 && p[i] >= 'A' && p[i] <= 'Z')
        i++;
    return i >= 3 && i < caplen && p[i] == ' ';
}

/* A real TLS/SSL record header (content type 20-23, version 3.0-3.4), or an
 * SSLv2-framed ClientHello: what ordinary HTTPS starts with. Skype's own
 * TLS-like messages (L1, L3, R1) are matched before this is asked. */
static bool looks_like_tls(const uint8_t *p, size_t caplen)
{
    if (caplen >= 3 && p[0] >= 0x14 && p[0] <= 0x17 && p[1] == 0x03 && p[2] <= 0x04)
        return true;
    return caplen >= 5 && (p[0] & 0x80) != 0 && p[2] == 0x01 && p[3] == 0x03 && p[4] <= 0x04;
}

int skype_r1_80_match(const uint8_t *p, size_t caplen, size_t len)
{
    unsigned pairs = 0;

    if (p == NULL || caplen < 16 || len < 16 || looks_like_http(p, caplen))
        return 0;
    if (len == 16)
        return (p[4] >> 4) == (p[14] >> 4) && (p[5] >> 4) == (p[15] >> 4) ? SKYPE_R80_V14 : SKYPE_R80_NONE;
    for (size_t i = 0; i < 9 && 15 + i < caplen; i++) {
        if ((p[5 + i] >> 4) != (p[15 + i] >> 4))
            return SKYPE_R80_NONE;
        pairs++;
    }
    return pairs == 9 ? SKYPE_R80_V20 : SKYPE_R80_V20_SHORT;
}

int skype_http_update_match(const uint8_t *p, size_t caplen)
{
    const uint8_t *eol;
    size_t line;

    if (!prefix(p, caplen, (const uint8_t *)"GET ", 4))
        return 0;
    eol = find(p, caplen, "\r\n", 2);
    line = eol ? (size_t)(eol - p) : caplen;
    if (find(p, caplen, "ui.skype.com", 12) == NULL)
        return 0;
    if (find(p, line, "getlatestversion", 16))
        return SKYPE_HTTP_GETLATESTVERSION;
    if (find(p, line, "installed", 9))
        return SKYPE_HTTP_INSTALLED;
    return SKYPE_HTTP_NONE;
}

uint8_t skype_tcp_identify(const uint8_t *p, size_t caplen, size_t len, uint16_t server_port, bool linked)
{
    int r80;

    if (p == NULL || caplen == 0 || len == 0)
        return SKYPE_MODE_NONE;
    if (skype_l1_match(p, caplen, len) || skype_l3_match(p, caplen))
        return SKYPE_MODE_LOGIN;
    if (skype_r1_443_match(p, caplen, len))
        return SKYPE_MODE_R443;
    if (skype_http_update_match(p, caplen))
        return SKYPE_MODE_UPDATE;
    if (server_port == 80) {
        r80 = skype_r1_80_match(p, caplen, len);
        if (r80 == SKYPE_R80_V20 || (r80 != SKYPE_R80_NONE && linked))
            return SKYPE_MODE_R80;
        if (looks_like_http(p, caplen))
            return SKYPE_MODE_NONE;
    }
    if (looks_like_tls(p, caplen))
        return SKYPE_MODE_NONE; /* ordinary HTTPS, even from a Skype client's host */
    return linked ? SKYPE_MODE_SN : SKYPE_MODE_NONE;
}

bool skype_tcp_t1_fits(size_t len)
{
    return len == SKYPE_T1_V14_LEN || (len >= SKYPE_T1_V20_MIN && len <= SKYPE_T1_V20_MAX);
}

bool skype_tcp_first_payload(uint8_t *seen, unsigned dir, uint32_t conv_setup, uint32_t tracked_since)
{
    uint8_t bit = (uint8_t)(1u << (dir & 1u));
    bool first = (*seen & bit) == 0 && (tracked_since == 0 || conv_setup > tracked_since);

    *seen |= bit;
    return first;
}

void skype_tcp_init(skype_tcp_state_t *st, uint8_t mode, bool midstream)
{
    memset(st, 0, sizeof(*st));
    st->mode = mode;
    if (midstream && mode == SKYPE_MODE_SN)
        st->stage = SN_SESSION;
}

bool skype_tcp_in_session(const skype_tcp_state_t *st)
{
    return st->mode == SKYPE_MODE_SN && st->stage == SN_SESSION;
}

static void sn_step(skype_tcp_state_t *st, bool from_client, size_t len, skype_tcp_out_t *out)
{
    switch (st->stage) {
    case SN_T1:
        if (from_client) {
            out->msg = SKYPE_T1;
            st->stage = SN_REPLY;
        }
        break;
    case SN_REPLY:
        if (!from_client)
            st->stage = SN_T2;
        break;
    case SN_T2:
        if (!from_client)
            break;
        if (len >= 22 && len <= 29) {
            out->msg = SKYPE_T2;
            st->stage = SN_T3;
        } else if (++st->extra > 2) {
            st->stage = SN_SESSION; /* not the handshake we know */
        }
        break;
    case SN_T3:
        if (from_client)
            break;
        out->msg = SKYPE_T3;
        if (len == SKYPE_T3_REFUSED_LEN)
            st->sn_result = SKYPE_SN_REFUSED;
        else if (len >= SKYPE_T3_MIN_ACCEPTED)
            st->sn_result = SKYPE_SN_ACCEPTED;
        out->sn_result = st->sn_result;
        st->stage = SN_T4;
        break;
    case SN_T4:
        if (!from_client)
            break;
        if (len == 4 || len == 15 || len == 16 || len == 17)
            out->msg = SKYPE_T4;
        st->stage = SN_SESSION;
        break;
    default:
        break;
    }
}

static void restricted_step(skype_tcp_state_t *st, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                            skype_tcp_out_t *out)
{
    bool r443 = st->mode == SKYPE_MODE_R443;

    switch (st->stage) {
    case RM_R1:
        if (from_client) {
            out->msg = SKYPE_R1;
            if (r443)
                out->flags |= skype_r1_443_match(p, caplen, len) ? SKYPE_TCP_F_FAKE_TLS : SKYPE_TCP_F_TRUNCATED;
            st->stage = RM_R2;
        }
        break;
    case RM_R2:
        if (!from_client) {
            out->msg = SKYPE_R2;
            if (r443 && skype_r2_443_match(p, caplen))
                out->flags |= SKYPE_TCP_F_FAKE_TLS;
            else if (r443 && len >= SKYPE_R2_PREFIX_LEN && caplen < SKYPE_R2_PREFIX_LEN)
                out->flags |= SKYPE_TCP_F_TRUNCATED;
            st->stage = RM_R3;
        }
        break;
    case RM_R3:
        if (from_client) {
            out->msg = SKYPE_R3;
            /* Restricted mode joins the SN handshake at T2 (paper Figure 6). */
            st->via = st->mode;
            st->mode = SKYPE_MODE_SN;
            st->stage = SN_T2;
        }
        break;
    default:
        break;
    }
}

static void login_step(skype_tcp_state_t *st, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                       skype_tcp_out_t *out)
{
    if (st->stage == LG_L1 && from_client && !skype_l1_match(p, caplen, len) && skype_l3_match(p, caplen))
        st->stage = LG_L3; /* relayed login: L3 without L1/L2 */
    switch (st->stage) {
    case LG_L1:
        if (from_client && skype_l1_match(p, caplen, len)) {
            out->msg = SKYPE_L1;
            st->stage = LG_L2;
        }
        break;
    case LG_L2:
        if (!from_client && skype_l2_match(p, caplen, len)) {
            out->msg = SKYPE_L2;
            st->stage = LG_L3;
        }
        break;
    case LG_L3:
        if (from_client && skype_l3_match(p, caplen)) {
            out->msg = SKYPE_L3;
            out->marker_off = skype_l3_marker(p, caplen);
            if (out->marker_off < 0)
                out->flags |= caplen < len ? SKYPE_TCP_F_TRUNCATED : SKYPE_TCP_F_NO_MARKER;
            st->stage = LG_L4;
        } else if (from_client && caplen < SKYPE_L3_PREFIX_LEN && len >= SKYPE_L3_PREFIX_LEN) {
            out->flags |= SKYPE_TCP_F_TRUNCATED;
        }
        break;
    case LG_L4:
        if (!from_client && skype_l4_match(p, caplen)) {
            out->msg = SKYPE_L4;
            st->stage = LG_MORE;
        }
        break;
    default:
        break; /* further exchanges, e.g. after a wrong password */
    }
}

void skype_tcp_step(skype_tcp_state_t *st, bool from_client, const uint8_t *p, size_t caplen, size_t len,
                    skype_tcp_out_t *out)
{
    memset(out, 0, sizeof(*out));
    out->marker_off = -1;
    if (st == NULL || len == 0)
        return;
    if (p == NULL)
        caplen = 0;
    switch (st->mode) {
    case SKYPE_MODE_SN:
        sn_step(st, from_client, len, out);
        break;
    case SKYPE_MODE_R443:
    case SKYPE_MODE_R80:
        restricted_step(st, from_client, p, caplen, len, out);
        break;
    case SKYPE_MODE_LOGIN:
        login_step(st, from_client, p, caplen, len, out);
        break;
    case SKYPE_MODE_UPDATE:
        if (from_client)
            out->http_kind = (uint8_t)skype_http_update_match(p, caplen);
        break;
    default:
        break;
    }
}

uint8_t skype_tcp_mode_phase(uint8_t mode)
{
    switch (mode) {
    case SKYPE_MODE_LOGIN:
        return SKYPE_PHASE_LOGIN;
    case SKYPE_MODE_UPDATE:
        return SKYPE_PHASE_UPDATE;
    case SKYPE_MODE_PEER:
    case SKYPE_MODE_TLS:
    case SKYPE_MODE_DNS:
    case SKYPE_MODE_CERT:
        return SKYPE_PHASE_SN_SESSION;
    case SKYPE_MODE_TURN:
        return SKYPE_PHASE_RELAY;
    default:
        return SKYPE_PHASE_SN_HANDSHAKE;
    }
}

uint8_t skype_tcp_mode_evidence(uint8_t mode, bool linked)
{
    switch (mode) {
    case SKYPE_MODE_LOGIN:
        return SKYPE_EV_LOGIN;
    case SKYPE_MODE_R443:
        return SKYPE_EV_FAKE_TLS;
    case SKYPE_MODE_UPDATE:
        return SKYPE_EV_HTTP_UPDATE;
    case SKYPE_MODE_TLS:
        return SKYPE_EV_TLS_SNI;
    case SKYPE_MODE_DNS:
        return SKYPE_EV_DNS;
    case SKYPE_MODE_CERT:
        return SKYPE_EV_CERT_NAME;
    case SKYPE_MODE_R80:
        return linked ? SKYPE_EV_LINKED : SKYPE_EV_SN_HANDSHAKE;
    default:
        return SKYPE_EV_LINKED;
    }
}

uint8_t skype_tcp_segment_phase(uint8_t mode, const skype_tcp_state_t *st, uint8_t msg, uint8_t cur)
{
    if (st != NULL && st->mode == SKYPE_MODE_SN && msg == SKYPE_TCP_NONE && st->sn_result != SKYPE_SN_REFUSED &&
        cur == SKYPE_PHASE_SN_HANDSHAKE && skype_tcp_in_session(st))
        return SKYPE_PHASE_SN_SESSION; /* after T4: the kept SN connection */
    if (st != NULL && cur == SKYPE_PHASE_SN_SESSION && st->mode == SKYPE_MODE_SN)
        return SKYPE_PHASE_SN_SESSION;
    return skype_tcp_mode_phase(mode);
}

bool skype_tcp_mode_tag_only(uint8_t mode)
{
    return mode == SKYPE_MODE_UPDATE || mode == SKYPE_MODE_TLS || mode == SKYPE_MODE_DNS || mode == SKYPE_MODE_CERT;
}

void skype_timeline_add(skype_timeline_t *t, uint32_t frame, uint8_t phase)
{
    if (t->n > 0 && t->frame[t->n - 1] == frame) {
        t->phase[t->n - 1] = phase;
        return;
    }
    if (t->n < SKYPE_TIMELINE_CHANGES) {
        t->frame[t->n] = frame;
        t->phase[t->n] = phase;
        t->n++;
    }
}

void skype_timeline_enter(skype_timeline_t *t, uint32_t frame, uint8_t phase)
{
    if (t->n == 0 || t->phase[t->n - 1] != phase)
        skype_timeline_add(t, frame, phase);
}

bool skype_timeline_fin(skype_timeline_t *t, uint32_t frame)
{
    if (t->n == 0 || t->phase[t->n - 1] == SKYPE_PHASE_TEARDOWN || frame <= t->frame[t->n - 1])
        return false;
    skype_timeline_add(t, frame, SKYPE_PHASE_TEARDOWN);
    return true;
}

uint8_t skype_timeline_phase(const skype_timeline_t *t, uint32_t frame, bool *changed)
{
    uint8_t phase = t->n ? t->phase[0] : SKYPE_PHASE_NONE;

    *changed = false;
    for (unsigned i = 0; i < t->n && t->frame[i] <= frame; i++) {
        phase = t->phase[i];
        *changed = t->frame[i] == frame;
    }
    return phase;
}
