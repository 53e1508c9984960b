/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams calls: demultiplexing, ICE ufrag pairs, call groups,
 * per-call phase, media kinds, stream quality (skype_call.h). */
#include "skype_call.h"

#include <stdlib.h>
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

/* Is root r a call: placed, and anchored or attached to none? */
static bool is_call(const skype_call_group_t *g)
{
    return (g->flags & SKYPE_CALL_F_PLACED) && ((g->flags & SKYPE_CALL_F_ANCHORED) || g->attach == SKYPE_CALL_NONE);
}

/* Bring node i's COUNTED flag and its Fenwick entry in line with what it is
 * now (a root that is a call, or not). */
static void recount(skype_callset_t *cs, uint32_t i)
{
    skype_call_group_t *g = &cs->g[i];
    bool want = g->parent == i && is_call(g), have = (g->flags & SKYPE_CALL_F_COUNTED) != 0;

    if (want == have)
        return;
    g->flags = (uint8_t)(want ? g->flags | SKYPE_CALL_F_COUNTED : g->flags & ~SKYPE_CALL_F_COUNTED);
    roots_add(cs, i, want ? 1 : -1);
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
        /* rebuild the tree for the new size from the nodes' counted flags */
        memset(nr, 0, (size_t)cap * sizeof(*nr));
        cs->roots = nr;
        cs->cap = cap;
        for (uint32_t i = 0; i < cs->n; i++)
            if (cs->g[i].flags & SKYPE_CALL_F_COUNTED)
                roots_add(cs, i, 1);
    }
    g = &cs->g[cs->n];
    memset(g, 0, sizeof(*g));
    g->host = *host;
    g->host.port = 0;
    g->parent = cs->n;
    g->attach = SKYPE_CALL_NONE;
    g->first_frame = g->last_frame = frame;
    g->first_us = g->last_us = us;
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
    recount(cs, b);
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
    keep->flags |= (uint8_t)(gone->flags & ~SKYPE_CALL_F_COUNTED);
    if (gone->party_rank > keep->party_rank || (keep->party.family == 0 && gone->party.family != 0)) {
        keep->party = gone->party;
        keep->party_rank = gone->party_rank;
    }
    if (keep->attach == SKYPE_CALL_NONE)
        keep->attach = gone->attach;
    if ((keep->flags & SKYPE_CALL_F_ANCHORED) || (keep->attach != SKYPE_CALL_NONE &&
                                                  skype_callset_root(cs, keep->attach) == a))
        keep->attach = SKYPE_CALL_NONE;
    recount(cs, a);
    return a;
}

void skype_callset_mark(skype_callset_t *cs, uint32_t i, uint8_t flags)
{
    skype_call_group_t *g;

    if (i >= cs->n)
        return;
    i = skype_callset_root(cs, i);
    g = &cs->g[i];
    flags &= SKYPE_CALL_F_PLACED | SKYPE_CALL_F_ANCHORED | SKYPE_CALL_F_CANDIDATE;
    if ((g->flags & flags) == flags)
        return;
    g->flags |= flags;
    if (g->flags & SKYPE_CALL_F_ANCHORED)
        g->attach = SKYPE_CALL_NONE;
    recount(cs, i);
}

void skype_callset_attach(skype_callset_t *cs, uint32_t i, uint32_t to)
{
    skype_call_group_t *g;

    if (i >= cs->n)
        return;
    i = skype_callset_root(cs, i);
    g = &cs->g[i];
    if (to != SKYPE_CALL_NONE && (to >= cs->n || skype_callset_root(cs, to) == i))
        to = SKYPE_CALL_NONE;
    if ((g->flags & SKYPE_CALL_F_ANCHORED) || g->attach == to)
        return;
    g->attach = to;
    recount(cs, i);
}

void skype_callset_party(skype_callset_t *cs, uint32_t i, const skype_ep_t *party, uint8_t rank)
{
    skype_call_group_t *g;

    if (i >= cs->n || party == NULL || party->family == 0 || rank == SKYPE_PARTY_NONE)
        return;
    g = &cs->g[skype_callset_root(cs, i)];
    if (rank > g->party_rank || g->party.family == 0) {
        g->party = *party;
        g->party_rank = rank;
    }
}

void skype_callset_touch(skype_callset_t *cs, uint32_t i, uint32_t frame, uint64_t us)
{
    skype_call_group_t *g = &cs->g[skype_callset_root(cs, i)];

    if (frame > g->last_frame)
        g->last_frame = frame;
    if (us > g->last_us)
        g->last_us = us;
}

uint32_t skype_callset_call(skype_callset_t *cs, uint32_t i)
{
    const skype_call_group_t *g;
    uint32_t r;

    if (i == SKYPE_CALL_NONE || i >= cs->n)
        return SKYPE_CALL_NONE;
    r = skype_callset_root(cs, i);
    g = &cs->g[r];
    if (g->flags & SKYPE_CALL_F_COUNTED)
        return r;
    if (g->attach != SKYPE_CALL_NONE && g->attach < cs->n && (g->flags & (SKYPE_CALL_F_PLACED | SKYPE_CALL_F_CANDIDATE))) {
        uint32_t t = skype_callset_root(cs, g->attach);
        if (cs->g[t].flags & SKYPE_CALL_F_COUNTED)
            return t;
    }
    return SKYPE_CALL_NONE;
}

uint32_t skype_callset_number(skype_callset_t *cs, uint32_t i)
{
    uint32_t r = skype_callset_call(cs, i);

    return r == SKYPE_CALL_NONE ? 0 : roots_prefix(cs, r);
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
    return pos; /* 0-based index of the num-th counted root */
}

static bool same_host(const skype_ep_t *a, const skype_ep_t *b)
{
    return a->family == b->family && memcmp(a->addr, b->addr, 16) == 0;
}

uint32_t skype_callset_recent(skype_callset_t *cs, const skype_ep_t *host, uint64_t us, uint64_t window_us,
                              uint32_t except)
{
    uint32_t best = SKYPE_CALL_NONE, scanned = 0, skip = except < cs->n ? skype_callset_root(cs, except) : SKYPE_CALL_NONE;
    uint64_t best_us = 0;

    for (uint32_t i = cs->n; i-- > 0 && scanned < SKYPE_CALL_RECENT_SCAN; scanned++) {
        uint32_t r;
        if (!same_host(&cs->g[i].host, host))
            continue;
        r = skype_callset_call(cs, i);
        if (r == SKYPE_CALL_NONE || r == skip)
            continue;
        if (cs->g[r].last_us + window_us >= us && (best == SKYPE_CALL_NONE || cs->g[r].last_us > best_us)) {
            best = r;
            best_us = cs->g[r].last_us;
        }
    }
    return best;
}

/* Order of anchored roots for skype_callset_settle: by host, then first time. */
static int host_cmp(uint8_t fa, const uint8_t *a, uint8_t fb, const uint8_t *b)
{
    return fa != fb ? (fa < fb ? -1 : 1) : memcmp(a, b, 16);
}

static int by_host_time(const void *x, const void *y)
{
    const skype_settle_item_t *a = x, *b = y;
    int c = host_cmp(a->family, a->addr, b->family, b->addr);

    if (c != 0)
        return c;
    if (a->first_us != b->first_us)
        return a->first_us < b->first_us ? -1 : 1;
    return a->node < b->node ? -1 : 1;
}

/* How far us lies from g's span [first_us, last_us]: 0 inside. */
static uint64_t span_gap(const skype_call_group_t *g, uint64_t us)
{
    return us < g->first_us ? g->first_us - us : us > g->last_us ? us - g->last_us : 0;
}

uint32_t skype_callset_settle(skype_callset_t *cs, uint64_t window_us, skype_settle_item_t *scratch)
{
    uint32_t m = 0, joined = 0, n = cs->n;

    for (uint32_t i = 0; i < n; i++) {
        const skype_call_group_t *g = &cs->g[i];
        if (g->parent != i || !(g->flags & SKYPE_CALL_F_ANCHORED))
            continue;
        memcpy(scratch[m].addr, g->host.addr, 16);
        scratch[m].family = g->host.family;
        scratch[m].first_us = g->first_us;
        scratch[m].node = i;
        m++;
    }
    qsort(scratch, m, sizeof(*scratch), by_host_time);
    for (uint32_t i = 0; i < n; i++) {
        skype_call_group_t *u = &cs->g[i];
        uint32_t lo = 0, hi = m, best = SKYPE_CALL_NONE;
        uint64_t best_gap = 0;
        if (u->parent != i || (u->flags & SKYPE_CALL_F_ANCHORED) ||
            !(u->flags & (SKYPE_CALL_F_PLACED | SKYPE_CALL_F_CANDIDATE)))
            continue;
        while (lo < hi) { /* the first anchored root of u's host */
            uint32_t mid = lo + (hi - lo) / 2;
            if (host_cmp(scratch[mid].family, scratch[mid].addr, u->host.family, u->host.addr) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (uint32_t k = lo; k < m; k++) {
            uint32_t r;
            uint64_t gap;
            if (host_cmp(scratch[k].family, scratch[k].addr, u->host.family, u->host.addr) != 0 ||
                scratch[k].first_us > u->first_us + window_us)
                break;
            r = skype_callset_root(cs, scratch[k].node);
            if (r == i)
                continue;
            gap = span_gap(&cs->g[r], u->first_us);
            if (gap <= window_us && (best == SKYPE_CALL_NONE || gap <= best_gap)) {
                best = r;
                best_gap = gap;
            }
        }
        if (best != SKYPE_CALL_NONE) {
            (void)skype_callset_union(cs, i, best);
            joined++;
        } else {
            skype_callset_attach(cs, i, SKYPE_CALL_NONE);
        }
    }
    return joined;
}

void skype_call_party(skype_ep_t *party, const skype_ep_t *server, uint8_t kind, const skype_ep_t *peer)
{
    bool named = peer != NULL && peer->family != 0;

    *party = named ? *peer : *server;
    party->port = !named && (kind == SKYPE_LEG_RELAYED || kind == SKYPE_LEG_TCP) ? 1 : 0;
    party->pad = 0;
}

/* A private address (RFC 1918, RFC 6598 shared, RFC 3927 link-local; RFC
 * 4193 unique local, RFC 4291 link-local): the capture side of a NAT. */
static bool private_ep(const skype_ep_t *ep)
{
    const uint8_t *a = ep->addr;

    if (ep->family == 4)
        return a[0] == 10 || (a[0] == 172 && (a[1] & 0xf0) == 16) || (a[0] == 192 && a[1] == 168) ||
               (a[0] == 100 && (a[1] & 0xc0) == 64) || (a[0] == 169 && a[1] == 254);
    if (ep->family == 6)
        return (a[0] & 0xfe) == 0xfc || (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
    return false;
}

bool skype_call_client_is_dst(const skype_ep_t *src, const skype_ep_t *dst, bool src_relay, bool dst_relay,
                              bool src_teams, bool dst_teams)
{
    bool src_media = skype_kind_from_port(src->port) != SKYPE_MEDIA_UNKNOWN;
    bool dst_media = skype_kind_from_port(dst->port) != SKYPE_MEDIA_UNKNOWN;

    if (skype_relay_port(src->port) && !skype_relay_port(dst->port))
        return true;
    if (skype_relay_port(dst->port) && !skype_relay_port(src->port))
        return false;
    if (src_relay != dst_relay)
        return src_relay;
    if (src_teams != dst_teams)
        return dst_teams;
    if (private_ep(src) != private_ep(dst))
        return private_ep(dst);
    return dst_media && !src_media;
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
    const skype_pt_info_t *info = pt >= 0 ? skype_pt_info((unsigned)pt) : NULL;
    uint8_t kind = info != NULL ? info->kind : SKYPE_MEDIA_UNKNOWN, r = SKYPE_RULE_PAYLOAD_TYPE;
    uint8_t by_port = skype_kind_from_port(port_a);

    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_port(port_b);
    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_relay_port(port_a);
    if (by_port == SKYPE_MEDIA_UNKNOWN)
        by_port = skype_kind_from_relay_port(port_b);

    if (kind == SKYPE_MEDIA_UNKNOWN || (kind == SKYPE_MEDIA_VIDEO && by_port == SKYPE_MEDIA_SCREEN)) {
        kind = by_port;
        r = SKYPE_RULE_PORT_RANGE;
    }
    if (kind == SKYPE_MEDIA_UNKNOWN) {
        /* last: MS-SERVICE-QUALITY does not follow the media line in
         * captures/teams.pcap (stream type 2 on the audio port's allocations) */
        kind = skype_kind_from_stream_type(stream_type);
        r = SKYPE_RULE_SERVICE_QUALITY;
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
