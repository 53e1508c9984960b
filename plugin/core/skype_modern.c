/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Modern Skype / Teams evidence: STUN with Microsoft attributes, name
 * patterns, certificate-name and CNAME-chain rules, relay ranges (docs/modern.md). */
#include "skype_modern.h"
#include "skype_call.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "skype_call.h"
#include "skype_phase.h"
#include "skype_som.h"

uint16_t skype_stun_ms_bit(uint16_t attr)
{
    switch (attr) {
    case 0x8008:
        return SKYPE_MS_VERSION;
    case 0x8050:
        return SKYPE_MS_SEQUENCE_NUMBER;
    case 0x8055:
        return SKYPE_MS_SERVICE_QUALITY;
    case 0x0010:
        return SKYPE_MS_BANDWIDTH;
    case 0x8070:
        return SKYPE_MS_IMPLEMENTATION_VERSION;
    case 0x8054:
        return SKYPE_MS_CANDIDATE_IDENTIFIER;
    case 0x8095:
        return SKYPE_MS_MULTIPLEXED_SESSION;
    case 0x8032:
        return SKYPE_MS_ALTERNATE_HOST_NAME;
    case 0x8037:
        return SKYPE_MS_APP_ID;
    case 0x8039:
        return SKYPE_MS_SECURE_TAG;
    case 0x8090:
        return SKYPE_MS_ALT_MAPPED_ADDRESS;
    case 0x8068:
        return SKYPE_MS_BANDWIDTH_MGMT;
    case 0x8006:
        return SKYPE_MS_UNKNOWN_8006;
    case 0x8036:
    case 0x24df:
    case 0x3802:
        return SKYPE_MS_NDPI_SKYPE;
    default:
        /* [MS-TURNBWM]: bandwidth admission, reservation, site addresses,
         * SIP dialog and call identifiers */
        return attr >= 0x8056 && attr <= 0x8062 ? SKYPE_MS_BANDWIDTH_MGMT : 0;
    }
}

/* XOR-PEER-ADDRESS (RFC 5766 §14.3, RFC 5389 §15.2) at v[0..alen). */
static void xor_peer(const uint8_t *hdr, const uint8_t *v, size_t alen, skype_ep_t *ep)
{
    static const uint8_t cookie[4] = {0x21, 0x12, 0xa4, 0x42};

    if (alen >= 8 && v[1] == 0x01) {
        ep->family = 4;
        for (int i = 0; i < 4; i++)
            ep->addr[i] = (uint8_t)(v[4 + i] ^ cookie[i]);
    } else if (alen >= 20 && v[1] == 0x02) {
        ep->family = 6;
        for (int i = 0; i < 16; i++)
            ep->addr[i] = (uint8_t)(v[4 + i] ^ hdr[4 + i]); /* cookie + transaction ID */
    } else {
        return;
    }
    ep->port = (uint16_t)(skype_be16(v + 2) ^ 0x2112);
}

/* A plain (not XOR'd) address attribute value v[0..alen) (MAPPED-ADDRESS
 * layout, RFC 5389 §15.1: reserved, family 0x01/0x02, port, address), as
 * [MS-TURN] §2.2.2 sends DESTINATION-ADDRESS (0x0011) and REMOTE-ADDRESS
 * (0x0012). */
static void plain_addr(const uint8_t *v, size_t alen, skype_ep_t *ep)
{
    if (alen >= 8 && v[1] == 0x01) {
        ep->family = 4;
        memcpy(ep->addr, v + 4, 4);
    } else if (alen >= 20 && v[1] == 0x02) {
        ep->family = 6;
        memcpy(ep->addr, v + 4, 16);
    } else {
        return;
    }
    ep->port = skype_be16(v + 2);
}

bool skype_msturn_header(const uint8_t *p, size_t caplen)
{
    return p != NULL && caplen >= SKYPE_STUN_HEADER_LEN + 8 && (p[0] & 0xc0) == 0 &&
           skype_be16(p + SKYPE_STUN_HEADER_LEN) == 0x000f && skype_be16(p + SKYPE_STUN_HEADER_LEN + 2) == 4 &&
           skype_be32(p + SKYPE_STUN_HEADER_LEN + 4) == SKYPE_MSTURN_COOKIE;
}

/* [MS-TURN] §2.2.1 message types: method and class (RFC 5389 terms). False
 * for a type [MS-TURN] does not define, which is then read as RFC 5389
 * encodes it. */
static bool msturn_type(uint16_t type, uint16_t *method, uint8_t *klass)
{
    static const struct {
        uint16_t type, method;
        uint8_t klass;
    } t[] = {
        {0x0003, SKYPE_STUN_ALLOCATE, 0},           {0x0103, SKYPE_STUN_ALLOCATE, 2},
        {0x0113, SKYPE_STUN_ALLOCATE, 3},           {0x0004, SKYPE_STUN_SEND, 0},
        {0x0104, SKYPE_STUN_SEND, 2},               {0x0114, SKYPE_STUN_SEND, 3},
        {0x0115, SKYPE_STUN_DATA, 1},               {0x0006, SKYPE_STUN_MS_SET_ACTIVE_DEST, 0},
        {0x0106, SKYPE_STUN_MS_SET_ACTIVE_DEST, 2}, {0x0116, SKYPE_STUN_MS_SET_ACTIVE_DEST, 3},
    };

    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (t[i].type == type) {
            *method = t[i].method;
            *klass = t[i].klass;
            return true;
        }
    }
    return false;
}

static bool stun_parse(const uint8_t *p, size_t caplen, size_t len, bool need_cookie, skype_stun_info_t *out)
{
    size_t body, off;
    uint16_t type;
    bool cookie, ms;

    if (p == NULL || caplen < SKYPE_STUN_HEADER_LEN || len < SKYPE_STUN_HEADER_LEN || (p[0] & 0xc0) != 0)
        return false;
    cookie = skype_be32(p + 4) == SKYPE_STUN_COOKIE;
    ms = skype_msturn_header(p, caplen);
    if (need_cookie && !cookie && !ms)
        return false;
    body = skype_be16(p + 2);
    /* [MS-TURN] does not pad attributes, so its length need not be a multiple of 4 */
    if (((body & 3) != 0 && !ms) || body + SKYPE_STUN_HEADER_LEN != len)
        return false;
    memset(out, 0, sizeof(*out));
    type = skype_be16(p);
    out->type = type;
    out->cookie = cookie;
    out->msturn = ms;
    if (!ms || !msturn_type(type, &out->method, &out->klass)) {
        out->klass = (uint8_t)(((type >> 4) & 1) | ((type >> 7) & 2));
        out->method = (uint16_t)((type & 0x000f) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0f80));
    }
    for (off = SKYPE_STUN_HEADER_LEN; off + 4 <= caplen && off + 4 <= len;) {
        uint16_t attr = skype_be16(p + off), alen = skype_be16(p + off + 2);
        const uint8_t *v = p + off + 4;
        bool whole = off + 4 + alen <= caplen && off + 4 + alen <= len && off + 4 + alen <= 0xffff;
        out->ms |= skype_stun_ms_bit(attr);
        if (ms && attr == 0x000f)
            out->ms |= SKYPE_MS_TURN_COOKIE;
        switch (whole ? attr : 0) {
        case 0x000d:
            if (alen == 4) {
                out->has_lifetime = true;
                out->lifetime = skype_be32(v);
            }
            break;
        case 0x0006:
            if (out->username_len == 0 && alen > 0) {
                out->username_off = (uint16_t)(off + 4);
                out->username_len = alen;
            }
            break;
        case 0x0013:
            if (out->data_len == 0 && alen > 0) {
                out->data_off = (uint16_t)(off + 4);
                out->data_len = alen;
            }
            break;
        case 0x0011: /* [MS-TURN] DESTINATION-ADDRESS (RFC 5389: reserved) */
            if (ms && out->peer.family == 0)
                plain_addr(v, alen, &out->peer);
            break;
        case 0x0012: /* RFC 5766 XOR-PEER-ADDRESS; [MS-TURN] REMOTE-ADDRESS, plain */
            if (out->peer.family == 0) {
                if (ms)
                    plain_addr(v, alen, &out->peer);
                else if (cookie)
                    xor_peer(p, v, alen, &out->peer);
            }
            break;
        case 0x000c:
            if (alen >= 2)
                out->channel = skype_be16(v);
            break;
        case 0x8055:
            if (alen >= 2)
                out->stream_type = skype_be16(v);
            break;
        default:
            break;
        }
        /* RFC 5389 §15 pads each value to 4 bytes; [MS-TURN] §2.2 does not */
        off += 4 + (ms ? (size_t)alen : (((size_t)alen + 3) & ~(size_t)3));
    }
    return true;
}

bool skype_stun_parse(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out)
{
    return stun_parse(p, caplen, len, true, out);
}

bool skype_stun_parse_any(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out)
{
    return stun_parse(p, caplen, len, false, out);
}

uint32_t skype_turn_tcp_pdu_len(const uint8_t *p, size_t avail, uint8_t *pkt)
{
    if (p == NULL || avail < 4)
        return 0;
    if ((p[0] & 0xc0) == 0) {
        *pkt = SKYPE_PKT_STUN;
        return SKYPE_STUN_HEADER_LEN + skype_be16(p + 2);
    }
    if ((p[0] & 0xc0) == 0x40) {
        *pkt = SKYPE_PKT_TURN_CHANNEL;
        return (4u + skype_be16(p + 2) + 3u) & ~3u;
    }
    return 0;
}

bool skype_turn_tcp_port(uint16_t port)
{
    return port == 443 || skype_relay_port(port);
}

bool skype_turn_tcp_first(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out)
{
    size_t body, msg;

    if (p == NULL || caplen < SKYPE_STUN_HEADER_LEN || len < SKYPE_STUN_HEADER_LEN || (p[0] & 0xc0) != 0 ||
        skype_be32(p + 4) != SKYPE_STUN_COOKIE)
        return false;
    body = skype_be16(p + 2);
    if (body > 8192)
        return false;
    msg = SKYPE_STUN_HEADER_LEN + body;
    return skype_stun_parse(p, caplen < msg ? caplen : msg, msg, out);
}

uint8_t skype_stun_phase(const skype_stun_info_t *info)
{
    switch (info->method) {
    case SKYPE_STUN_BINDING:
        return SKYPE_PHASE_CALL_SETUP;
    case SKYPE_STUN_REFRESH:
        return info->has_lifetime && info->lifetime == 0 ? SKYPE_PHASE_TEARDOWN : SKYPE_PHASE_RELAY;
    case SKYPE_STUN_ALLOCATE:
    case SKYPE_STUN_SEND:
    case SKYPE_STUN_DATA:
    case SKYPE_STUN_CREATE_PERMISSION:
    case SKYPE_STUN_CHANNEL_BIND:
    case SKYPE_STUN_MS_SET_ACTIVE_DEST:
        return SKYPE_PHASE_RELAY;
    default:
        return SKYPE_PHASE_CALL_SETUP;
    }
}

static bool glob(const char *pattern, const char *name)
{
    const char *star = NULL, *resume = NULL;

    while (*name) {
        if (*pattern == '*') {
            star = pattern++;
            resume = name;
        } else if (*pattern && tolower((unsigned char)*pattern) == tolower((unsigned char)*name)) {
            pattern++;
            name++;
        } else if (star) {
            pattern = star + 1;
            name = ++resume;
        } else {
            return false;
        }
    }
    while (*pattern == '*')
        pattern++;
    return *pattern == '\0';
}

/* Case-insensitive equality without strcasecmp (not ISO C). */
static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

bool skype_name_glob(const char *pattern, const char *name)
{
    if (pattern == NULL || name == NULL)
        return false;
    /* "*.x" also names x itself: the service's own host (teams.microsoft.com) */
    if (pattern[0] == '*' && pattern[1] == '.' && pattern[2] != '\0' && same_name(pattern + 2, name))
        return true;
    return glob(pattern, name);
}

/* Can name[0..len) match the pattern p[0..n)? A quick necessary test: the
 * name must end with the pattern's literal tail after its last '*' (less a
 * leading '.', since "*.x" also matches x), compared without case. */
static bool tail_fits(const char *p, size_t n, const char *name, size_t len)
{
    size_t start = n;

    while (start > 0 && p[start - 1] != '*')
        start--;
    if (start > 0 && start < n && p[start] == '.')
        start++;
    if (n - start > len)
        return false;
    for (size_t i = 0; i < n - start; i++)
        if (tolower((unsigned char)p[start + i]) != tolower((unsigned char)name[len - (n - start) + i]))
            return false;
    return true;
}

bool skype_name_listed(const char *list, const char *name)
{
    char pat[256];
    size_t len;

    if (list == NULL || name == NULL)
        return false;
    len = strlen(name);
    while (*list) {
        size_t n = strcspn(list, ", \t");
        if (n > 0 && n < sizeof(pat) && tail_fits(list, n, name, len)) {
            memcpy(pat, list, n);
            pat[n] = '\0';
            if (skype_name_glob(pat, name))
                return true;
        }
        list += n;
        list += strspn(list, ", \t");
    }
    return false;
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* An IPv6 address s[0..len) in RFC 4291 §2.2 text form (forms 1 and 2: hex
 * groups, at most one "::"; no embedded IPv4) into out[16]. */
static bool parse_ipv6(const char *s, size_t len, uint8_t out[16])
{
    uint16_t head[8], tail[8];
    unsigned nh = 0, nt = 0;
    bool gap = false;
    size_t i = 0;

    if (len >= 2 && s[0] == ':' && s[1] == ':') {
        gap = true;
        i = 2;
    } else if (len == 0 || s[0] == ':') {
        return false;
    }
    while (i < len) {
        unsigned v = 0, digits = 0;
        int d;
        while (i < len && digits < 5 && (d = hex_digit(s[i])) >= 0) {
            v = v * 16 + (unsigned)d;
            digits++;
            i++;
        }
        if (digits == 0 || digits > 4 || (gap ? nt : nh) >= 8)
            return false;
        if (gap)
            tail[nt++] = (uint16_t)v;
        else
            head[nh++] = (uint16_t)v;
        if (i == len)
            break;
        if (s[i] != ':' || i + 1 == len)
            return false;
        i++;
        if (s[i] == ':') {
            if (gap)
                return false;
            gap = true;
            i++;
        }
    }
    if (gap ? nh + nt > 7 : nh != 8)
        return false;
    memset(out, 0, 16);
    for (unsigned k = 0; k < nh; k++) {
        out[2 * k] = (uint8_t)(head[k] >> 8);
        out[2 * k + 1] = (uint8_t)head[k];
    }
    for (unsigned k = 0; k < nt; k++) {
        out[16 - 2 * (nt - k)] = (uint8_t)(tail[k] >> 8);
        out[17 - 2 * (nt - k)] = (uint8_t)tail[k];
    }
    return true;
}

/* One IPv6 entry "addr[/bits]" (NUL-terminated) into the next IPv6 slot. */
static void parse_entry6(const char *entry, skype_ip_ranges_t *out)
{
    const char *slash = strchr(entry, '/');
    size_t alen = slash ? (size_t)(slash - entry) : strlen(entry);
    unsigned bits = 128;
    uint8_t a[16];

    if (slash != NULL) {
        const char *q = slash + 1;
        size_t nd = strspn(q, "0123456789");
        if (nd == 0 || nd > 3 || q[nd] != '\0')
            return;
        bits = 0;
        for (size_t k = 0; k < nd; k++)
            bits = bits * 10 + (unsigned)(q[k] - '0');
        if (bits > 128)
            return;
    }
    if (!parse_ipv6(entry, alen, a))
        return;
    for (unsigned k = 0; k < 16; k++) {
        unsigned keep = bits >= 8 * (k + 1) ? 8 : bits > 8 * k ? bits - 8 * k : 0;
        a[k] &= (uint8_t)(0xff00u >> keep);
    }
    memcpy(out->net6[out->n6], a, 16);
    out->bits6[out->n6] = (uint8_t)bits;
    out->n6++;
}

unsigned skype_ip_ranges_parse(const char *list, skype_ip_ranges_t *out)
{
    memset(out, 0, sizeof(*out));
    while (list != NULL && *list) {
        size_t n = strcspn(list, ", \t");
        char entry[64];
        unsigned a, b, c, d, bits = 32;
        char extra;
        if (n > 0 && n < sizeof(entry) && out->n + out->n6 < SKYPE_MAX_RANGES) {
            memcpy(entry, list, n);
            entry[n] = '\0';
            if (memchr(entry, ':', n) != NULL) {
                parse_entry6(entry, out);
            } else {
                int k = sscanf(entry, "%u.%u.%u.%u/%u%c", &a, &b, &c, &d, &bits, &extra);
                if ((k == 4 || k == 5) && a < 256 && b < 256 && c < 256 && d < 256 && bits <= 32) {
                    uint32_t mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
                    out->mask[out->n] = mask;
                    out->net[out->n] = ((a << 24) | (b << 16) | (c << 8) | d) & mask;
                    out->n++;
                }
            }
        }
        list += n;
        list += strspn(list, ", \t");
    }
    return out->n + out->n6;
}

bool skype_ipv4_in_ranges(const skype_ip_ranges_t *r, uint32_t addr)
{
    for (unsigned i = 0; r != NULL && i < r->n; i++)
        if ((addr & r->mask[i]) == r->net[i])
            return true;
    return false;
}

bool skype_ipv6_in_ranges(const skype_ip_ranges_t *r, const uint8_t addr[16])
{
    for (unsigned i = 0; r != NULL && addr != NULL && i < r->n6; i++) {
        unsigned bits = r->bits6[i], whole = bits / 8, rest = bits % 8;
        if (memcmp(addr, r->net6[i], whole) != 0)
            continue;
        if (rest == 0 || (addr[whole] & (uint8_t)(0xff00u >> rest)) == r->net6[i][whole])
            return true;
    }
    return false;
}

/* The name matches the patterns, or is a wildcard name "*.x" whose ".x" does. */
static bool name_or_wildcard_listed(const char *patterns, const char *name)
{
    return skype_name_listed(patterns, name) || (name[0] == '*' && skype_name_listed(patterns, name + 1));
}

bool skype_cert_names(const char *patterns, const char *cn, const char *const *dns_names, unsigned n)
{
    if (patterns == NULL || cn == NULL || cn[0] == '\0' || !name_or_wildcard_listed(patterns, cn))
        return false;
    for (unsigned i = 0; i < n; i++)
        if (dns_names[i] == NULL || !name_or_wildcard_listed(patterns, dns_names[i]))
            return false;
    return true;
}

unsigned skype_dns_chain(const char *patterns, const char *const *qnames, unsigned nq, const skype_dns_rr_t *rrs,
                         unsigned n, bool *skype)
{
    bool owner_skype[SKYPE_DNS_MAX_RRS], cname_listed[SKYPE_DNS_MAX_RRS];
    bool changed = true;
    unsigned found = 0;

    if (n > SKYPE_DNS_MAX_RRS)
        n = SKYPE_DNS_MAX_RRS;
    for (unsigned i = 0; i < n; i++) {
        const char *owner = rrs[i].owner;
        /* each name is matched against the patterns once (the rounds below
         * only compare names) */
        cname_listed[i] = rrs[i].cname != NULL && skype_name_listed(patterns, rrs[i].cname);
        owner_skype[i] = owner != NULL && skype_name_listed(patterns, owner);
        for (unsigned q = 0; owner != NULL && !owner_skype[i] && q < nq; q++)
            owner_skype[i] = qnames[q] != NULL && same_name(qnames[q], owner) && skype_name_listed(patterns, qnames[q]);
    }
    /* Follow CNAMEs: the owner of a record is Skype's when a Skype-owned
     * CNAME (or a CNAME whose target matches) points at it. At most n rounds. */
    for (unsigned round = 0; changed && round < n; round++) {
        changed = false;
        for (unsigned i = 0; i < n; i++) {
            if (owner_skype[i] || rrs[i].owner == NULL)
                continue;
            for (unsigned j = 0; j < n; j++) {
                if (rrs[j].cname != NULL && (owner_skype[j] || cname_listed[j]) &&
                    same_name(rrs[j].cname, rrs[i].owner)) {
                    owner_skype[i] = true;
                    changed = true;
                    break;
                }
            }
        }
    }
    for (unsigned i = 0; i < n; i++) {
        skype[i] = owner_skype[i] && (rrs[i].addr_len == 4 || rrs[i].addr_len == 16);
        found += skype[i] ? 1u : 0u;
    }
    return found;
}

uint8_t skype_quic_step(uint8_t *state, uint8_t *tries, bool listed, bool any_name)
{
    if (*state == SKYPE_QUIC_TAGGED)
        return SKYPE_QUIC_KEEP;
    if (!listed && (any_name || *tries + 1u >= SKYPE_QUIC_MAX_TRIES)) {
        /* another name, or no name after SKYPE_QUIC_MAX_TRIES Initials */
        *state = SKYPE_QUIC_NEW;
        *tries = 0;
        return SKYPE_QUIC_DROP;
    }
    if (*tries < UINT8_MAX)
        (*tries)++;
    /* pending: the rest of the ClientHello comes in a later Initial */
    *state = listed ? SKYPE_QUIC_TAGGED : SKYPE_QUIC_PENDING;
    return listed ? SKYPE_QUIC_TAG : SKYPE_QUIC_KEEP;
}

uint8_t skype_quic_route(uint8_t state, bool gate, bool enabled, bool has_next, bool other_port_owned)
{
    bool known = state != SKYPE_QUIC_NEW;

    gate = gate && enabled;
    if (known && (state == SKYPE_QUIC_TAGGED || !gate))
        return SKYPE_QUIC_TO_QUIC;
    if (!gate)
        return SKYPE_QUIC_PASS;
    if (known)
        return SKYPE_QUIC_READ_QUIC;
    if (has_next)
        return SKYPE_QUIC_READ_NEXT;
    return other_port_owned ? SKYPE_QUIC_DECLINE : SKYPE_QUIC_READ_HEUR;
}
