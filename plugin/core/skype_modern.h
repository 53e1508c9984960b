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

/*
 * Microsoft attributes, one bit each in skype_stun_info_t.ms (shown as
 * skype.stun.ms_attributes). Code points and names as Wireshark's STUN
 * dissector (epan/dissectors/packet-stun.c, attribute table: MS-TURN,
 * MS-TURNBWM, MS-ICE2) and nDPI (src/lib/protocols/stun.c, "Proprietary
 * fields found on skype calls") know them; docs/modern.md, "Microsoft STUN
 * attributes", has the table. Only code points no one else uses count:
 * 0x8020 (MS-TURN's XOR-MAPPED-ADDRESS, also rfc3489bis drafts'), 0x8022
 * SOFTWARE, 0x8028 FINGERPRINT, 0x8029/0x802A ICE-CONTROLLED/-CONTROLLING
 * and the other IETF attributes set no bit.
 */
#define SKYPE_MS_VERSION 0x0001u                /* 0x8008 MS-VERSION ([MS-TURN]) */
#define SKYPE_MS_SEQUENCE_NUMBER 0x0002u        /* 0x8050 MS-SEQUENCE-NUMBER ([MS-TURN]) */
#define SKYPE_MS_SERVICE_QUALITY 0x0004u        /* 0x8055 MS-SERVICE-QUALITY ([MS-TURN]) */
#define SKYPE_MS_BANDWIDTH 0x0008u              /* 0x0010 BANDWIDTH ([MS-TURN]) */
#define SKYPE_MS_IMPLEMENTATION_VERSION 0x0010u /* 0x8070 MS-IMPLEMENTATION-VERSION ([MS-ICE2]) */
#define SKYPE_MS_CANDIDATE_IDENTIFIER 0x0020u   /* 0x8054 MS-CANDIDATE-IDENTIFIER ([MS-ICE2]) */
#define SKYPE_MS_MULTIPLEXED_SESSION 0x0040u    /* 0x8095 MS-MULTIPLEXED-TURN-SESSION-ID ([MS-TURN]) */
#define SKYPE_MS_ALTERNATE_HOST_NAME 0x0080u    /* 0x8032 MS-ALTERNATE-HOST-NAME ([MS-TURN]) */
#define SKYPE_MS_APP_ID 0x0100u                 /* 0x8037 MS-APP-ID ([MS-TURN]) */
#define SKYPE_MS_SECURE_TAG 0x0200u             /* 0x8039 MS-SECURE-TAG ([MS-TURN]) */
#define SKYPE_MS_ALT_MAPPED_ADDRESS 0x0400u     /* 0x8090 MS-ALT-MAPPED-ADDRESS ([MS-TURN]) */
#define SKYPE_MS_BANDWIDTH_MGMT 0x0800u         /* 0x8056-0x8062, 0x8068 ([MS-TURNBWM]) */
#define SKYPE_MS_UNKNOWN_8006 0x1000u           /* 0x8006 ("MS-TURN UNKNOWN 8006" in Wireshark; nDPI) */
#define SKYPE_MS_NDPI_SKYPE 0x2000u             /* 0x8036, 0x24DF, 0x3802 (nDPI only, unnamed) */
#define SKYPE_MS_TURN_COOKIE 0x4000u            /* 0x000F MAGIC-COOKIE 0x72C64BC6 first in every message ([MS-TURN] §2.2.2) */

/* The SKYPE_MS_* bit of STUN attribute type attr (bytes 0-1 of an
 * attribute, RFC 5389 §15), 0 for every other type; the table above,
 * docs/modern.md "Microsoft STUN attributes" (Wireshark's packet-stun.c
 * attribute table, nDPI's stun.c). */
uint16_t skype_stun_ms_bit(uint16_t attr);

/* STUN methods (RFC 5389 / RFC 5766) */
enum skype_stun_method {
    SKYPE_STUN_BINDING = 0x001,
    SKYPE_STUN_ALLOCATE = 0x003,
    SKYPE_STUN_REFRESH = 0x004,
    SKYPE_STUN_SEND = 0x006,
    SKYPE_STUN_DATA = 0x007,
    SKYPE_STUN_CREATE_PERMISSION = 0x008,
    SKYPE_STUN_CHANNEL_BIND = 0x009,
    /* [MS-TURN] §2.2.1 Set Active Destination (types 0x0006/0x0106/0x0116):
     * outside RFC 5389's 12-bit method space, so that it is never mistaken
     * for RFC 5766's Send (method 0x006) */
    SKYPE_STUN_MS_SET_ACTIVE_DEST = 0x1006
};

/* [MS-TURN] §2.2.2: the MAGIC-COOKIE attribute (type 0x000F, length 4) that
 * opens every [MS-TURN] message, with this value. */
#define SKYPE_MSTURN_COOKIE 0x72C64BC6u

/*
 * Is p[0..caplen) an [MS-TURN] message: a STUN-like header (top two bits 0)
 * whose first attribute is MAGIC-COOKIE 0x000F of length 4 holding
 * SKYPE_MSTURN_COOKIE? Such a message has [MS-TURN]'s message types and
 * attributes without RFC 5389's padding (captures/teams.pcap frames 1245,
 * 1275). Reads p[0..28); false when fewer bytes are captured.
 */
bool skype_msturn_header(const uint8_t *p, size_t caplen);

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
    uint16_t ms;            /* SKYPE_MS_* attributes found */
    uint8_t klass;          /* 0 request, 1 indication, 2 success response, 3 error response */
    bool has_lifetime;
    bool cookie;            /* bytes 4-7 are the RFC 5389 magic cookie */
    bool msturn;            /* an [MS-TURN] message (skype_msturn_header): method and class by its types */
} skype_stun_info_t;        /* 48 bytes */
_Static_assert(sizeof(skype_stun_info_t) == 48, "skype_stun_info_t: the size the comment states");

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


/*
 * TURN over TCP (RFC 5766 §2.1 and §11.5, RFC 6062): STUN messages and
 * ChannelData messages follow each other on the stream, each framed by its
 * own header. At p[0..avail) (avail >= 4: the header's first 4 bytes):
 *  - top two bits 00: a STUN message, 20 + bytes 2-3 long (*pkt SKYPE_PKT_STUN);
 *  - channel number 0x4000-0x7FFF: ChannelData, 4 + bytes 2-3 rounded up
 *    to a multiple of 4, the padding RFC 5766 §11.5 requires over TCP
 *    (*pkt SKYPE_PKT_TURN_CHANNEL).
 * Returns that length on the stream (it may run on into later segments);
 * 0 when avail < 4 or p starts neither (0x8000-0xFFFF: no TURN framing).
 */
uint32_t skype_turn_tcp_pdu_len(const uint8_t *p, size_t avail, uint8_t *pkt);

/*
 * Detection gate of a TCP connection (its first payload, p[0..caplen) of a
 * segment of len bytes): a STUN message with the magic cookie, top two bits
 * 0, a length field that is a multiple of 4 and at most 8 KiB (the message
 * may end in a later segment), parsed into *out as skype_stun_parse does.
 * Tagging still needs Microsoft attributes in out->ms or a relay address.
 * Source: docs/modern.md, "TURN over TCP"; RFC 5389 §6.
 */
bool skype_turn_tcp_first(const uint8_t *p, size_t caplen, size_t len, skype_stun_info_t *out);

/* Is port one where Teams reaches its media relays over TCP: 443 or the
 * relay ports 3478-3481 (skype_relay_port; docs/modern.md, "TURN over
 * TCP"; Microsoft Learn, "Microsoft Teams media flows": Transport Relay TCP
 * 443, and the relay ports)? */
bool skype_turn_tcp_port(uint16_t port);

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

/* ---- QUIC Initials on UDP 443 (docs/modern.md, "Names") ---------------- */

/* What the UDP 443 front knows of a QUIC 5-tuple. */
enum skype_quic_state {
    SKYPE_QUIC_NEW = 0,     /* not followed (none kept, or dropped) */
    SKYPE_QUIC_PENDING = 1, /* a client Initial without a complete ClientHello yet */
    SKYPE_QUIC_TAGGED = 2   /* a listed server name tagged it; final */
};

#define SKYPE_QUIC_MAX_TRIES 4u /* gated Initials read per 5-tuple before giving up */

/* What to do with the 5-tuple after an Initial was read. */
enum skype_quic_action {
    SKYPE_QUIC_DROP = 0, /* forget it: QUIC's alone, nothing kept (its conversation QUIC's) */
    SKYPE_QUIC_KEEP = 1, /* keep following it (the front stays its conversation dissector) */
    SKYPE_QUIC_TAG = 2   /* tagged by this Initial: its first frame; keep following it */
};

/*
 * After QUIC dissected a gated Initial of a 5-tuple: *state and *tries (in:
 * SKYPE_QUIC_NEW and 0 for a 5-tuple not followed; out: the new values)
 * move by the server names QUIC's TLS put in the tree. A listed server name
 * (listed) tags it, whatever the count; no server name at all (!any_name)
 * keeps it pending while fewer than SKYPE_QUIC_MAX_TRIES Initials have been
 * read; another name, or none by the SKYPE_QUIC_MAX_TRIES-th Initial, drops
 * it (*state SKYPE_QUIC_NEW, *tries 0). Each Initial read and kept counts
 * in *tries (which stops at 255). A tagged 5-tuple stays tagged and
 * untouched (SKYPE_QUIC_KEEP); an unknown *state counts as pending; listed
 * without any_name counts as listed. Returns enum skype_quic_action.
 */
uint8_t skype_quic_step(uint8_t *state, uint8_t *tries, bool listed, bool any_name);

/* Where the UDP 443 front sends a datagram. */
enum skype_quic_route {
    SKYPE_QUIC_PASS = 0,      /* not the plugin's: UDP 443's owner if any, else decline (0) */
    SKYPE_QUIC_TO_QUIC = 1,   /* a followed 5-tuple, nothing to read: QUIC (a tagged one is annotated after) */
    SKYPE_QUIC_DECLINE = 2,   /* decline (0): UDP then tries the other port's dissector */
    /* the reading routes, the highest values: the dissector named gets a
     * primed tree, then skype_quic_step if QUIC took the datagram */
    SKYPE_QUIC_READ_QUIC = 3, /* QUIC itself: a pending 5-tuple */
    SKYPE_QUIC_READ_NEXT = 4, /* UDP 443's owner */
    SKYPE_QUIC_READ_HEUR = 5  /* UDP's heuristics (Wireshark 4.0: QUIC's heuristic takes QUIC) */
};

/*
 * The UDP 443 front's choice for a datagram. state: the 5-tuple's
 * enum skype_quic_state; gate: the datagram is a QUIC long-header Initial
 * of a nonzero version, first pass; enabled: the SKYPE protocol is enabled;
 * has_next: UDP 443 has an owner of its own; other_port_owned: the other
 * UDP port has a dissector (consulted only for a gated datagram of a
 * 5-tuple not followed without an owner of UDP 443, so a caller may compute
 * it for gated datagrams alone). A tagged 5-tuple, and a pending one's
 * ungated datagram, go to QUIC; a datagram of a 5-tuple not followed that
 * is not gated (or the protocol is disabled) passes; a gated one is read
 * through QUIC (pending), the owner, or UDP's heuristics unless the other
 * port is owned (decline). An unknown state counts as pending. Returns
 * enum skype_quic_route. Source: docs/modern.md, "Names".
 */
uint8_t skype_quic_route(uint8_t state, bool gate, bool enabled, bool has_next, bool other_port_owned);

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

/* Parse comma- or space-separated entries a.b.c.d/n (a bare address is /32)
 * and x:x::x/n (RFC 4291 §2.2 text form without an embedded IPv4 part; a
 * bare address is /128). Malformed entries and those beyond SKYPE_MAX_RANGES
 * are skipped; returns the number kept (both families). */
unsigned skype_ip_ranges_parse(const char *list, skype_ip_ranges_t *out);

/* Does addr (host order) fall in one of the IPv4 ranges? */
bool skype_ipv4_in_ranges(const skype_ip_ranges_t *r, uint32_t addr);

/* Does the IPv6 address addr[0..16) (network order) fall in one of the IPv6 ranges? */
bool skype_ipv6_in_ranges(const skype_ip_ranges_t *r, const uint8_t addr[16]);

#endif /* SKYPE_MODERN_H */
