/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls: demultiplexing, ICE ufrag pairs, call groups,
 * per-call phase, media kinds, stream quality (skype_call.h). */
#include "skype_call.h"

#include <string.h>

#include "skype_phase.h"

uint8_t skype_demux(const uint8_t *p, size_t caplen)
{
    uint8_t b;

    if (p == NULL || caplen == 0)
        return SKYPE_PKT_OTHER;
    b = p[0];
    if (b <= 3)
        return SKYPE_PKT_STUN;
    if (b >= 16 && b <= 19)
        return SKYPE_PKT_ZRTP;
    if (b >= 20 && b <= 63)
        return SKYPE_PKT_DTLS;
    if (b >= 64 && b <= 79)
        return SKYPE_PKT_TURN_CHANNEL;
    if (b == 0xff)
        return caplen >= 2 && p[1] == 0x10 ? SKYPE_PKT_MS_MUX : SKYPE_PKT_OTHER;
    if (b >= 128 && b <= 191 && caplen >= 4) {
        if (p[1] >= 192 && p[1] <= 223)
            return SKYPE_PKT_RTCP;
        if (caplen >= 12)
            return SKYPE_PKT_RTP;
    }
    return SKYPE_PKT_OTHER;
}

bool skype_pkt_placed(uint8_t pkt)
{
    return pkt == SKYPE_PKT_STUN || pkt == SKYPE_PKT_TURN_CHANNEL || pkt == SKYPE_PKT_MS_MUX ||
           pkt == SKYPE_PKT_DTLS || pkt == SKYPE_PKT_RTP || pkt == SKYPE_PKT_RTCP;
}

uint8_t skype_relay_payload(const uint8_t *p, size_t caplen, uint8_t pkt)
{
    size_t off = pkt == SKYPE_PKT_TURN_CHANNEL ? 4u : pkt == SKYPE_PKT_MS_MUX ? 12u : 0u;

    if (off == 0 || p == NULL || caplen <= off)
        return SKYPE_PKT_OTHER;
    return skype_demux(p + off, caplen - off);
}

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

uint64_t skype_ice_pair_key(const uint8_t *user, size_t len)
{
    const uint8_t *colon, *a, *b;
    size_t na, nb, n;
    int c;
    uint64_t h = 0xcbf29ce484222325ull;
    static const uint8_t nul = 0;

    if (user == NULL || len < 3)
        return 0;
    colon = memchr(user, ':', len);
    if (colon == NULL || colon == user || colon == user + len - 1)
        return 0;
    a = user;
    na = (size_t)(colon - user);
    b = colon + 1;
    nb = len - na - 1;
    n = na < nb ? na : nb;
    c = memcmp(a, b, n);
    if (c > 0 || (c == 0 && na > nb)) {
        const uint8_t *t = a;
        size_t tn = na;
        a = b;
        na = nb;
        b = t;
        nb = tn;
    }
    h = fnv1a(h, a, na);
    h = fnv1a(h, &nul, 1);
    h = fnv1a(h, b, nb);
    return h ? h : 1;
}

void skype_callset_init(skype_callset_t *cs, skype_realloc_fn grow, void *ctx)
{
    memset(cs, 0, sizeof(*cs));
    cs->grow = grow;
    cs->ctx = ctx;
}

/* Fenwick tree over 1-based positions 1..cap. */
static void roots_add(skype_callset_t *cs, uint32_t i, int32_t delta)
{
    for (uint32_t k = i + 1; k <= cs->cap; k += k & (~k + 1))
        cs->roots[k - 1] += (uint32_t)delta;
}

static uint32_t roots_prefix(const skype_callset_t *cs, uint32_t i)
{
    uint32_t sum = 0;

    for (uint32_t k = i + 1; k > 0; k -= k & (~k + 1))
        sum += cs->roots[k - 1];
    return sum;
}

uint32_t skype_callset_add(skype_callset_t *cs, const skype_ep_t *host, uint32_t frame, uint64_t us)
{
    skype_call_group_t *g;

    if (cs->n >= SKYPE_MAX_CALL_GROUPS)
        return SKYPE_CALL_NONE;
    if (cs->n == cs->cap) {
        uint32_t cap = cs->cap ? cs->cap * 2 : 16;
        skype_call_group_t *ng = cs->grow(cs->ctx, cs->g, (size_t)cap * sizeof(*ng));
        uint32_t *nr;
        if (ng == NULL)
            return SKYPE_CALL_NONE;
        cs->g = ng;
        nr = cs->grow(cs->ctx, cs->roots, (size_t)cap * sizeof(*nr));
        if (nr == NULL)
            return SKYPE_CALL_NONE;
        /* rebuild the tree for the new size from the groups' root flags */
        memset(nr, 0, (size_t)cap * sizeof(*nr));
        cs->roots = nr;
        cs->cap = cap;
        for (uint32_t i = 0; i < cs->n; i++)
            if (cs->g[i].parent == i)
                roots_add(cs, i, 1);
    }
    g = &cs->g[cs->n];
    memset(g, 0, sizeof(*g));
    g->host = *host;
    g->host.port = 0;
    g->parent = cs->n;
    g->first_frame = g->last_frame = frame;
    g->first_us = g->last_us = us;
    roots_add(cs, cs->n, 1);
    return cs->n++;
}

uint32_t skype_callset_root(skype_callset_t *cs, uint32_t i)
{
    while (cs->g[i].parent != i) {
        cs->g[i].parent = cs->g[cs->g[i].parent].parent;
        i = cs->g[i].parent;
    }
    return i;
}

uint32_t skype_callset_union(skype_callset_t *cs, uint32_t a, uint32_t b)
{
    skype_call_group_t *keep, *gone;

    a = skype_callset_root(cs, a);
    b = skype_callset_root(cs, b);
    if (a == b)
        return a;
    if (b < a) {
        uint32_t t = a;
        a = b;
        b = t;
    }
    keep = &cs->g[a];
    gone = &cs->g[b];
    gone->parent = a;
    roots_add(cs, b, -1);
    if (gone->first_us < keep->first_us)
        keep->first_us = gone->first_us;
    if (gone->first_frame < keep->first_frame)
        keep->first_frame = gone->first_frame;
    if (gone->last_us > keep->last_us)
        keep->last_us = gone->last_us;
    if (gone->last_frame > keep->last_frame)
        keep->last_frame = gone->last_frame;
    if (gone->phase > keep->phase)
        keep->phase = gone->phase;
    keep->keyed |= gone->keyed;
    if (keep->party.family == 0 || (keep->party.port == 1 && gone->party.family != 0 && gone->party.port == 0))
        keep->party = gone->party;
    return a;
}

void skype_callset_touch(skype_callset_t *cs, uint32_t i, uint32_t frame, uint64_t us)
{
    skype_call_group_t *g = &cs->g[skype_callset_root(cs, i)];

    if (frame > g->last_frame)
        g->last_frame = frame;
    if (us > g->last_us)
        g->last_us = us;
}

uint32_t skype_callset_number(skype_callset_t *cs, uint32_t i)
{
    if (i == SKYPE_CALL_NONE || i >= cs->n)
        return 0;
    return roots_prefix(cs, skype_callset_root(cs, i));
}

uint32_t skype_callset_calls(skype_callset_t *cs)
{
    return cs->n ? roots_prefix(cs, cs->n - 1) : 0;
}

uint32_t skype_callset_by_number(skype_callset_t *cs, uint32_t num)
{
    uint32_t pos = 0, step = 1;

    if (num == 0 || num > skype_callset_calls(cs))
        return SKYPE_CALL_NONE;
    while (step * 2 <= cs->cap)
        step *= 2;
    /* the largest 1-based position whose prefix sum is below num, plus one */
    for (; step > 0; step /= 2) {
        if (pos + step <= cs->cap && cs->roots[pos + step - 1] < num) {
            pos += step;
            num -= cs->roots[pos - 1];
        }
    }
    return pos; /* 0-based index of the num-th root */
}

uint32_t skype_callset_recent(skype_callset_t *cs, const skype_ep_t *host, uint64_t us, uint64_t window_us)
{
    uint32_t best = SKYPE_CALL_NONE, scanned = 0;
    uint64_t best_us = 0;

    for (uint32_t i = cs->n; i-- > 0 && scanned < SKYPE_CALL_RECENT_SCAN; scanned++) {
        const skype_call_group_t *g = &cs->g[i];
        uint32_t r;
        if (g->host.family != host->family || memcmp(g->host.addr, host->addr, 16) != 0)
            continue;
        r = skype_callset_root(cs, i);
        if (cs->g[r].last_us + window_us >= us && (best == SKYPE_CALL_NONE || cs->g[r].last_us > best_us)) {
            best = r;
            best_us = cs->g[r].last_us;
        }
    }
    return best;
}

uint32_t skype_callset_recent_party(skype_callset_t *cs, const skype_ep_t *host, const skype_ep_t *party, uint64_t us,
                                    uint64_t window_us, uint32_t except)
{
    uint32_t best = SKYPE_CALL_NONE, scanned = 0;
    uint64_t best_us = 0;

    for (uint32_t i = cs->n; i-- > 0 && scanned < SKYPE_CALL_RECENT_SCAN; scanned++) {
        const skype_call_group_t *g = &cs->g[i], *rg;
        if (g->host.family != host->family || memcmp(g->host.addr, host->addr, 16) != 0)
            continue;
        if (except < cs->n && skype_callset_root(cs, i) == skype_callset_root(cs, except))
            continue;
        rg = &cs->g[skype_callset_root(cs, i)];
        if (rg->last_us + window_us >= us && rg->phase != SKYPE_PHASE_TEARDOWN &&
            skype_call_party_match(&rg->party, party) && (best == SKYPE_CALL_NONE || rg->last_us > best_us)) {
            best = skype_callset_root(cs, i);
            best_us = rg->last_us;
        }
    }
    return best;
}

void skype_call_party(skype_ep_t *party, const skype_ep_t *server, uint8_t kind, const skype_ep_t *peer)
{
    bool named = peer != NULL && peer->family != 0;

    *party = named ? *peer : *server;
    party->port = !named && (kind == SKYPE_LEG_RELAYED || kind == SKYPE_LEG_TCP) ? 1 : 0;
    party->pad = 0;
}

bool skype_call_party_match(const skype_ep_t *a, const skype_ep_t *b)
{
    if (a == NULL || b == NULL || a->family == 0 || b->family == 0)
        return false;
    if (a->port == 1 && b->port == 1)
        return true;
    return a->family == b->family && memcmp(a->addr, b->addr, 16) == 0;
}

bool skype_call_client_is_dst(const skype_ep_t *src, const skype_ep_t *dst, bool src_relay, bool dst_relay)
{
    if (skype_relay_port(src->port) && !skype_relay_port(dst->port))
        return true;
    return src_relay && !dst_relay && !skype_relay_port(dst->port);
}

bool skype_call_phase_enter(uint8_t *call_phase, uint8_t proposed)
{
    if (proposed < SKYPE_PHASE_CALL_SETUP || proposed > SKYPE_PHASE_TEARDOWN)
        return false;
    if (*call_phase == SKYPE_PHASE_TEARDOWN || proposed <= *call_phase)
        return false;
    *call_phase = proposed;
    return true;
}

/* Sorted by payload type. */
static const skype_pt_info_t pt_table[] = {
    {0, SKYPE_MEDIA_AUDIO, 8000, "PCMU"},
    {3, SKYPE_MEDIA_AUDIO, 8000, "GSM"},
    {4, SKYPE_MEDIA_AUDIO, 8000, "G723"},
    {8, SKYPE_MEDIA_AUDIO, 8000, "PCMA"},
    {9, SKYPE_MEDIA_AUDIO, 8000, "G722"},
    {13, SKYPE_MEDIA_AUDIO, 8000, "CN"},
    {34, SKYPE_MEDIA_VIDEO, 90000, "H263"},
    {97, SKYPE_MEDIA_AUDIO, 16000, "red"},
    {101, SKYPE_MEDIA_AUDIO, 8000, "telephone-event"},
    {103, SKYPE_MEDIA_AUDIO, 8000, "SILK"},
    {104, SKYPE_MEDIA_AUDIO, 16000, "SILK"},
    {111, SKYPE_MEDIA_AUDIO, 16000, "SIREN"},
    {112, SKYPE_MEDIA_AUDIO, 16000, "G7221"},
    {114, SKYPE_MEDIA_AUDIO, 16000, "x-msrta"},
    {115, SKYPE_MEDIA_AUDIO, 8000, "x-msrta"},
    {116, SKYPE_MEDIA_AUDIO, 8000, "AAL2-G726-32"},
    {117, SKYPE_MEDIA_AUDIO, 8000, "G722"},
    {118, SKYPE_MEDIA_AUDIO, 16000, "CN"},
    {121, SKYPE_MEDIA_VIDEO, 90000, "x-rtvc1"},
    {122, SKYPE_MEDIA_VIDEO, 90000, "X-H264UC"},
    {123, SKYPE_MEDIA_VIDEO, 90000, "x-ulpfecuc"},
    {127, SKYPE_MEDIA_DATA, 90000, "x-data"},
};

const skype_pt_info_t *skype_pt_table(size_t *n)
{
    *n = sizeof(pt_table) / sizeof(pt_table[0]);
    return pt_table;
}

const skype_pt_info_t *skype_pt_info(unsigned pt)
{
    for (size_t i = 0; i < sizeof(pt_table) / sizeof(pt_table[0]); i++)
        if (pt_table[i].pt == pt)
            return &pt_table[i];
    return NULL;
}

uint8_t skype_kind_from_stream_type(uint16_t stream_type)
{
    switch (stream_type) {
    case 1:
        return SKYPE_MEDIA_AUDIO;
    case 2:
    case 3:
        return SKYPE_MEDIA_VIDEO;
    case 4:
        return SKYPE_MEDIA_DATA;
    default:
        return SKYPE_MEDIA_UNKNOWN;
    }
}

uint8_t skype_kind_from_port(uint16_t client_port)
{
    if (client_port >= 50000 && client_port <= 50019)
        return SKYPE_MEDIA_AUDIO;
    if (client_port >= 50020 && client_port <= 50039)
        return SKYPE_MEDIA_VIDEO;
    if (client_port >= 50040 && client_port <= 50059)
        return SKYPE_MEDIA_SCREEN;
    return SKYPE_MEDIA_UNKNOWN;
}

bool skype_relay_port(uint16_t port)
{
    return port >= 3478 && port <= 3481;
}

uint8_t skype_kind_from_relay_port(uint16_t server_port)
{
    switch (server_port) {
    case 3479:
        return SKYPE_MEDIA_AUDIO;
    case 3480:
        return SKYPE_MEDIA_VIDEO;
    case 3481:
        return SKYPE_MEDIA_SCREEN;
    default:
        return SKYPE_MEDIA_UNKNOWN;
    }
}

uint8_t skype_media_kind(uint16_t stream_type, int pt, uint16_t port_a, uint16_t port_b, uint8_t *rule)
{
    uint8_t kind = skype_kind_from_stream_type(stream_type), r = SKYPE_RULE_SERVICE_QUALITY;
    uint8_t by_port = skype_kind_from_port(port_a);

    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_port(port_b);
    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_relay_port(port_a);
    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_relay_port(port_b);

    if (kind == SKYPE_MEDIA_UNKNOWN && pt >= 0) {
        const skype_pt_info_t *info = skype_pt_info((unsigned)pt);
        kind = info ? info->kind : SKYPE_MEDIA_UNKNOWN;
        r = SKYPE_RULE_PAYLOAD_TYPE;
    }
    if (kind == SKYPE_MEDIA_UNKNOWN || (kind == SKYPE_MEDIA_VIDEO && by_port == SKYPE_MEDIA_SCREEN)) {
        kind = by_port;
        r = SKYPE_RULE_PORT_RANGE;
    }
    if (rule != NULL)
        *rule = kind == SKYPE_MEDIA_UNKNOWN ? SKYPE_RULE_NONE : r;
    return kind;
}

const char *skype_media_kind_name(uint8_t kind)
{
    static const char *const names[] = {"Unknown", "Audio", "Video", "Screen sharing", "Data"};

    return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

int skype_dscp_expected(uint8_t kind)
{
    switch (kind) {
    case SKYPE_MEDIA_AUDIO:
        return 46;
    case SKYPE_MEDIA_VIDEO:
        return 34;
    case SKYPE_MEDIA_SCREEN:
        return 18;
    default:
        return -1;
    }
}
