/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams evidence (docs/modern.md, docs/protocol.md §5): STUN/TURN messages carrying
 * Microsoft attributes (MS-TURN, MS-ICE2), name patterns and the rules on names
 * that Wireshark's TLS, X.509 and DNS dissectors read (certificates, CNAME chains)
 * and media-relay address ranges. Pure C; bounded parsers that read nothing
 * beyond the captured bytes they are given.
 *
 * Sources: docs/modern.md; ../shared/captures/skype-conference-call.pcap (frame 1:
 * Binding Request with 0x8054, 0x8070) and stun_msteams_unidir.pcapng (frame
 * 1: Binding Success Response with MS-IMPLEMENTATION-VERSION 0x8070).
 */
#ifndef SKYPE_MODERN_H
#define SKYPE_MODERN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_endpoint.h"

#define SKYPE_STUN_HEADER_LEN 20u
#define SKYPE_STUN_COOKIE 0x2112A442u

/* Microsoft attributes, one bit each in skype_stun_info_t.ms */
#define SKYPE_MS_VERSION 0x01u                /* 0x8008 MS-VERSION */
#define SKYPE_MS_SEQUENCE_NUMBER 0x02u        /* 0x8050 MS-SEQUENCE-NUMBER */
#define SKYPE_MS_SERVICE_QUALITY 0x04u        /* 0x8055 MS-SERVICE-QUALITY */
#define SKYPE_MS_BANDWIDTH 0x08u              /* 0x0010 BANDWIDTH (MS-TURN) */
#define SKYPE_MS_IMPLEMENTATION_VERSION 0x10u /* 0x8070 MS-IMPLEMENTATION-VERSION */
#define SKYPE_MS_CANDIDATE_IDENTIFIER 0x20u   /* 0x8054 candidate-identifier (MS-ICE2) */

/* STUN methods (RFC 5389 / RFC 5766) */
enum skype_stun_method {
    SKYPE_STUN_BINDING = 0x001,
    SKYPE_STUN_ALLOCATE = 0x003,
    SKYPE_STUN_REFRESH = 0x004,
    SKYPE_STUN_SEND = 0x006,
    SKYPE_STUN_DATA = 0x007,
    SKYPE_STUN_CREATE_PERMISSION = 0x008,
    SKYPE_STUN_CHANNEL_BIND = 0x009
};

/* What one STUN message says. Offsets point into the parsed buffer and are
 * 0 (with length 0) when the attribute is absent or cut off. */
typedef struct skype_stun_info {
    skype_ep_t peer;        /* XOR-PEER-ADDRESS (0x0012), first one; family 0 = none */
    uint32_t lifetime;      /* LIFETIME (0x000d), seconds, when has_lifetime */
    uint16_t type;          /* message type, bytes 0-1 */
    uint16_t method;        /* enum skype_stun_method (class bits removed) */
    uint16_t username_off;  /* USERNAME (0x0006) value */
    uint16_t username_len;
    uint16_t data_off;      /* DATA (0x0013) value: a relayed datagram (Send/Data indication) */
    uint16_t data_len;
    uint16_t stream_type;   /* MS-SERVICE-QUALITY (0x8055) stream type, 0 = none */
    uint16_t channel;       /* CHANNEL-NUMBER (0x000c), 0 = none */
    uint8_t klass;          /* 0 request, 1 indication, 2 success response, 3 error response */
    uint8_t ms;             /* SKYPE_MS_* attributes found */
    bool has_lifetime;
    bool cookie;            /* bytes 4-7 are the RFC 5389 magic cookie */
} skype_stun_info_t;

/*
 * Is p[0..caplen) (a datagram of len bytes) a STUN message with the magic
 * cookie: top two bits 0, length field a multiple of 4 with header + length
 * == len? Fills *out, walking as many attributes as the captured bytes hold.
 */
bool skype_stun_parse(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out);

/*
 * The same without requiring the magic cookie: also RFC 3489 messages and
 * Microsoft's older MS-TURN ([MS-TURN] 2.2), as seen on a 5-tuple that is
 * already tagged. XOR-PEER-ADDRESS is decoded only with the cookie.
 */
bool skype_stun_parse_any(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out);


/* Phase (enum skype_phase) a STUN message puts its 5-tuple in: Binding ->
 * call setup; Allocate, Refresh, Send, Data, CreatePermission, ChannelBind ->
 * relay; Refresh with LIFETIME 0 -> teardown. */
uint8_t skype_stun_phase(const skype_stun_info_t *info);

/*
 * Certificate names (docs/modern.md, "Names"): true when the commonName cn
 * matches the pattern list and so does every one of the n subjectAltName
 * dNSNames (a wildcard name "*.x" also counts when ".x" matches). A
 * certificate that also names hosts outside the list is no evidence by
 * itself; a NULL or empty cn never matches. Values as Wireshark's X.509
 * dissector shows them (x509sat DirectoryString, x509ce.dNSName).
 */
bool skype_cert_names(const char *patterns, const char *cn, const char *const *dns_names, unsigned n);

/* One DNS resource record as Wireshark's DNS dissector lists it: owner name
 * (dns.resp.name), CNAME target (dns.cname) or address (dns.a, dns.aaaa). */
typedef struct skype_dns_rr {
    const char *owner;    /* NULL: skipped */
    const char *cname;    /* CNAME target, NULL for other types */
    uint8_t addr[16];     /* A (4 bytes) or AAAA (16 bytes), network order */
    uint8_t addr_len;     /* 4, 16, or 0 when the record has no address */
} skype_dns_rr_t;

#define SKYPE_DNS_MAX_RRS 64u

/*
 * CNAME chains of one DNS response (RFC 1034 §3.6.2): a record's owner is
 * Skype's when it matches the patterns, equals a question name (qnames,
 * dns.qry.name) that matches, or is the target of a CNAME whose owner is
 * Skype's or whose target matches. Sets skype[i] for the address records
 * (addr_len 4 or 16) with a Skype owner and returns how many; records past
 * SKYPE_DNS_MAX_RRS are ignored. Names compare case-insensitively; chains
 * are followed at most n steps (loops end). No allocation.
 */
unsigned skype_dns_chain(const char *patterns, const char *const *qnames, unsigned nq, const skype_dns_rr_t *rrs,
                         unsigned n, bool *skype);

/* Case-insensitive glob: '*' matches any run of characters (dots too). A
 * pattern "*.x" also matches "x" itself (docs/modern.md): "*.skype.com"
 * matches "skype.com" and "a.b.skype.com", not "evilskype.com". */
bool skype_name_glob(const char *pattern, const char *name);

/* Does name match one of the comma- or space-separated patterns in list? */
bool skype_name_listed(const char *list, const char *name);

/* IPv4 and IPv6 ranges, parsed once from a preference string; at most
 * SKYPE_MAX_RANGES entries of both families together. No allocation. */
#define SKYPE_MAX_RANGES 64u
typedef struct skype_ip_ranges {
    uint32_t net[SKYPE_MAX_RANGES];  /* IPv4, host order, already masked */
    uint32_t mask[SKYPE_MAX_RANGES];
    unsigned n;                      /* IPv4 entries */
    uint8_t net6[SKYPE_MAX_RANGES][16]; /* IPv6, network order, already masked */
    uint8_t bits6[SKYPE_MAX_RANGES];    /* IPv6 prefix lengths, 0-128 */
    unsigned n6;                        /* IPv6 entries */
} skype_ip_ranges_t;

/* The earlier, IPv4-only name of the same type. */
typedef skype_ip_ranges_t skype_ipv4_ranges_t;

/* Parse comma- or space-separated entries a.b.c.d/n (a bare address is /32)
 * and x:x::x/n (RFC 4291 §2.2 text form without an embedded IPv4 part; a
 * bare address is /128). Malformed entries and those beyond SKYPE_MAX_RANGES
 * are skipped; returns the number kept (both families). */
unsigned skype_ip_ranges_parse(const char *list, skype_ip_ranges_t *out);

/* The same (kept for older callers): parses both families too. */
unsigned skype_ipv4_ranges_parse(const char *list, skype_ipv4_ranges_t *out);

/* Does addr (host order) fall in one of the IPv4 ranges? */
bool skype_ipv4_in_ranges(const skype_ip_ranges_t *r, uint32_t addr);

/* Does the IPv6 address addr[0..16) (network order) fall in one of the IPv6 ranges? */
bool skype_ipv6_in_ranges(const skype_ip_ranges_t *r, const uint8_t addr[16]);

#endif /* SKYPE_MODERN_H */
