/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype / Teams calls (docs/modern.md, "Calls"): the pure-C rules
 * behind skype.call.*, skype.media.* and the calls table. No epan headers;
 * the epan layer (plugin/epan/skype_calls.c) feeds it bytes it has checked
 * and values Wireshark's own dissectors produced (the rtp tap, the ip tap).
 *
 *  - demultiplexing of one UDP 5-tuple (RFC 7983 §7, RFC 5761 §4);
 *  - the ICE USERNAME fragment pair that ties 5-tuples into one call
 *    (RFC 8445 §7.2.2: "RFRAG:LFRAG" one way, "LFRAG:RFRAG" back);
 *  - call groups: union-find over the 5-tuples' groups, numbered 1, 2, ...
 *    in order of first frame;
 *  - the per-call phase (call setup, relay, media, teardown), which only
 *    moves forward, so consent checks during media stay media;
 *  - media kind of a stream (MS-SERVICE-QUALITY stream type, RTP payload
 *    type, Teams' client port ranges) and the DSCP Microsoft recommends.
 * Per-stream quality is in skype_quality.h.
 */
#ifndef SKYPE_CALL_H
#define SKYPE_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "skype_endpoint.h"

/* ---- Demultiplexing ------------------------------------------------- */

/* What the first bytes of a datagram on a tagged 5-tuple are. */
enum skype_pkt {
    SKYPE_PKT_OTHER = 0,
    SKYPE_PKT_STUN = 1,         /* byte 0 in 0-3 (STUN, TURN, MS-TURN) */
    SKYPE_PKT_ZRTP = 2,         /* 16-19 */
    SKYPE_PKT_DTLS = 3,         /* 20-63 */
    SKYPE_PKT_TURN_CHANNEL = 4, /* 64-79: TURN ChannelData (RFC 5766 §11) */
    SKYPE_PKT_RTP = 5,          /* 128-191, byte 1 not an RTCP packet type */
    SKYPE_PKT_RTCP = 6,         /* 128-191, byte 1 in 192-223 (RFC 5761 §4) */
    SKYPE_PKT_MS_MUX = 7        /* FF 10: Microsoft's multiplexed TURN channel */
};

/*
 * Classify p[0..caplen) by RFC 7983 §7 (first byte) and RFC 5761 §4 (RTCP
 * packet types 192-223 in byte 1). RTP needs its 12-byte fixed header, RTCP
 * its 4-byte common header; shorter or empty input is SKYPE_PKT_OTHER.
 * Reads at most p[0..1].
 */
uint8_t skype_demux(const uint8_t *p, size_t caplen);

/*
 * Can a call place a datagram of class pkt (skype_demux): STUN/TURN,
 * ChannelData, Microsoft's 0xFF10 channel, DTLS, RTP or RTCP? Anything
 * else on a tagged 5-tuple (ZRTP's first bytes, which Teams does not send,
 * or none of RFC 7983's classes) is an unrecognised payload: shown as such,
 * never as media, and it moves no call's phase (docs/modern.md, "Calls").
 */
bool skype_pkt_placed(uint8_t pkt);

/*
 * The class (skype_demux) of the payload a relayed message of class pkt
 * carries: TURN ChannelData (RFC 5766 §11.4: 4-byte header) and Microsoft's
 * 0xFF10 channel ([MS-TURN] §2.2.3: the 4-byte header and an 8-byte
 * session ID) in p[0..caplen); SKYPE_PKT_OTHER for any other pkt, or when
 * the payload's first bytes are not captured.
 */
uint8_t skype_relay_payload(const uint8_t *p, size_t caplen, uint8_t pkt);

/* ---- ICE username fragments ------------------------------------------ */

/*
 * Key of the unordered ufrag pair of an ICE USERNAME "a:b" (RFC 8445
 * §7.2.2), split at the first ':': the same for "a:b" and "b:a", never 0.
 * 0 when user has no ':' or a side is empty. FNV-1a 64 over
 * min(a,b) NUL max(a,b); user[0..len) is the USERNAME attribute's value.
 */
uint64_t skype_ice_pair_key(const uint8_t *user, size_t len);

/* ---- Call groups: the graph of legs ------------------------------------ */

#define SKYPE_CALL_NONE UINT32_MAX
#define SKYPE_MAX_CALL_GROUPS (1u << 20) /* nodes (legs); beyond, new legs join no call */

/* What a component of the graph holds (skype_call_group_t.flags, OR'd over
 * its nodes by skype_callset_union). docs/modern.md, "Calls". */
#define SKYPE_CALL_F_PLACED 0x01u    /* a message a call can place (skype_pkt_placed) on a UDP leg, or TURN over TCP */
#define SKYPE_CALL_F_ANCHORED 0x02u  /* ICE checks (a USERNAME pair) or media: a call of its own */
#define SKYPE_CALL_F_CANDIDATE 0x04u /* a TCP relay candidate (TLS from a media port to a Transport Relay) */
#define SKYPE_CALL_F_COUNTED 0x08u   /* kept by the set: a root that is a call (skype_callset_number) */

/* Ranks of a call's remote party (skype_call_group_t.party_rank): the far
 * end of the pair that carried media, else of one that answered checks (or
 * a TURN peer the relay named), else the Transport Relay. A silent
 * candidate has rank 0: never the party. */
enum skype_party_rank {
    SKYPE_PARTY_NONE = 0,
    SKYPE_PARTY_RELAY = 1,    /* a Transport Relay, no peer on the wire (party.port 1) */
    SKYPE_PARTY_ANSWERED = 2, /* answered checks, or a peer a TURN message named */
    SKYPE_PARTY_MEDIA = 3     /* carried RTP or RTCP */
};

/* One node of the graph of legs (a leg, or a leg's epoch after it left an
 * ended call) and, at a union-find root, its component. 80 bytes. */
typedef struct skype_call_group {
    skype_ep_t host;       /* client host of the node's leg (port ignored) */
    skype_ep_t party;      /* remote party (skype_call_party; family 0: none yet), at a root */
    uint64_t first_us;     /* capture time of the first frame, microseconds */
    uint64_t last_us;      /* ... of the last frame seen in the first pass */
    uint32_t parent;       /* union-find parent; itself at a root */
    uint32_t first_frame;
    uint32_t last_frame;
    uint32_t attach;       /* an unanchored root: the host's call it is shown in until
                              skype_callset_settle joins them, SKYPE_CALL_NONE none */
    uint8_t phase;         /* enum skype_phase: call setup, relay, media, teardown */
    uint8_t flags;         /* SKYPE_CALL_F_* */
    uint8_t party_rank;    /* enum skype_party_rank of party */
    uint8_t pad[5];
} skype_call_group_t;
_Static_assert(sizeof(skype_call_group_t) == 80, "skype_call_group_t: the size the comment states");

/* Memory for the node array and the graph's key table: the epan layer
 * passes a wmem file-scope reallocator; tests pass realloc. As both of
 * those do, a size of 0 frees ptr (wmem_realloc; glibc's realloc). */
typedef void *(*skype_realloc_fn)(void *ctx, void *ptr, size_t size);

/* The nodes, and a Fenwick tree over "index i is a counted root" (1 or 0),
 * so that a call's number (the count of counted roots up to its own) costs
 * O(log n) after any add, merge or attachment, whatever the order: no
 * renumbering pass. */
typedef struct skype_callset {
    skype_call_group_t *g;
    uint32_t *roots;       /* Fenwick tree, 1-based, cap entries */
    uint32_t n, cap;
    skype_realloc_fn grow;
    void *ctx;
} skype_callset_t;

/* Start an empty set (no allocation yet). */
void skype_callset_init(skype_callset_t *cs, skype_realloc_fn grow, void *ctx);

/* A new node for a leg of host first seen at frame/us: a component of its
 * own, not yet a call (no flags). Returns its index, or SKYPE_CALL_NONE
 * past SKYPE_MAX_CALL_GROUPS or when the allocator fails. */
uint32_t skype_callset_add(skype_callset_t *cs, const skype_ep_t *host, uint32_t frame, uint64_t us);

/* Root of node i (path halving). i must be a valid index. */
uint32_t skype_callset_root(skype_callset_t *cs, uint32_t i);

/* Merge the components of a and b; the root with the lower index (the
 * earlier leg) stays root and takes the other's first/last frame and time,
 * the later phase, the flags, the better-ranked party, and an attachment
 * while it is not anchored. Returns the root. */
uint32_t skype_callset_union(skype_callset_t *cs, uint32_t a, uint32_t b);

/* Set flags (SKYPE_CALL_F_PLACED, _ANCHORED, _CANDIDATE) on node i's
 * component; an anchored component drops its attachment. */
void skype_callset_mark(skype_callset_t *cs, uint32_t i, uint8_t flags);

/* Show node i's unanchored component in the call of node to until a union
 * decides (SKYPE_CALL_NONE: in none, a call of its own if placed). Nothing
 * for an anchored component or when to is in the same component. */
void skype_callset_attach(skype_callset_t *cs, uint32_t i, uint32_t to);

/* Offer party (rank enum skype_party_rank) as node i's call's remote party:
 * kept when it ranks above the call's, or ranks the same while the call has
 * none. */
void skype_callset_party(skype_callset_t *cs, uint32_t i, const skype_ep_t *party, uint8_t rank);

/* Note a frame of node i's component at frame/us (first pass). */
void skype_callset_touch(skype_callset_t *cs, uint32_t i, uint32_t frame, uint64_t us);

/* The call root node i is shown in: its root when that is a call (placed,
 * and anchored or attached to none), else the call its root is attached to;
 * SKYPE_CALL_NONE for none (an unplaced leg, a TCP relay candidate that no
 * call took, an invalid index). */
uint32_t skype_callset_call(skype_callset_t *cs, uint32_t i);

/* The call number (1, 2, ...) of node i's call (skype_callset_call): calls
 * numbered in order of their root's index, which is the order of first
 * frame. O(log nodes). 0 for none. */
uint32_t skype_callset_number(skype_callset_t *cs, uint32_t i);

/* Number of calls. O(log nodes). */
uint32_t skype_callset_calls(skype_callset_t *cs);

/* The call root whose number is num (1-based), or SKYPE_CALL_NONE.
 * O(log nodes). */
uint32_t skype_callset_by_number(skype_callset_t *cs, uint32_t num);

/*
 * The most recent call of host (address only) whose last frame is at most
 * window_us before us, other than the component of node except
 * (SKYPE_CALL_NONE: none), or SKYPE_CALL_NONE: the call an unanchored leg
 * is shown in meanwhile (skype_callset_attach). Looks at the
 * SKYPE_CALL_RECENT_SCAN newest nodes only, so that it stays cheap whatever
 * the capture.
 */
#define SKYPE_CALL_RECENT_SCAN 256u
uint32_t skype_callset_recent(skype_callset_t *cs, const skype_ep_t *host, uint64_t us, uint64_t window_us,
                              uint32_t except);

#define SKYPE_CALL_JOIN_WINDOW_US 30000000u /* 30 s: also the gap that ends a call */

/*
 * The last resort, decided after every other edge (docs/modern.md, "Calls",
 * the host edge): each component that is not anchored (relay allocations
 * alone, a TCP relay candidate) joins the anchored call of its client host
 * whose time span is nearest its own first frame, within window_us (0:
 * inside the span); the later call on a tie. A placed component with no
 * such call stays a call of its own; a candidate alone stays in none.
 * scratch: room for cs->n items (the caller's, freed after). Idempotent;
 * O(n log n) plus, per such component, the anchored calls of its host that
 * start before its first frame + window_us. Returns how many components
 * were joined.
 */
typedef struct skype_settle_item {
    uint64_t first_us;
    uint8_t addr[16];
    uint32_t node;
    uint8_t family;
} skype_settle_item_t; /* 32 bytes */
uint32_t skype_callset_settle(skype_callset_t *cs, uint64_t window_us, skype_settle_item_t *scratch);

/*
 * A leg's remote party (docs/modern.md, "Calls"): the host (address, port
 * 0) of peer when the leg's TURN messages named one (peer->family != 0),
 * else of its far side server. A relayed or TCP leg (kind) without a named
 * peer has the relay for party, marked port 1 ("a Transport Relay"): the
 * sessions of one call that reach the relay service, whose peer is not on
 * the wire, are one party even on different relay addresses.
 */
void skype_call_party(skype_ep_t *party, const skype_ep_t *server, uint8_t kind, const skype_ep_t *peer);

/*
 * Which end of a new 5-tuple is the client host's: false when src is (the
 * source of the frame that tags it), true when dst is. In order: a relay
 * is never the client (src on a Transport Relay port 3478-3481 and dst not,
 * or src_relay, the caller's relay-range test, and not dst_relay); then the
 * side the capture knows as a Teams media host (src_teams, dst_teams: its
 * ip:port already a leg's client port, or its host sent TURN requests);
 * then a private address (RFC 1918, RFC 6598, link-local, RFC 4193) facing
 * a public one: the capture side of the NAT; then the side on a Teams
 * client media port (50000-50059) when the other is not; else src. Whoever sends the first check does not decide
 * (captures/teams.pcap frame 1406: the peer's check first).
 */
bool skype_call_client_is_dst(const skype_ep_t *src, const skype_ep_t *dst, bool src_relay, bool dst_relay,
                              bool src_teams, bool dst_teams);

/*
 * Per-call phase: a frame proposes call setup (ICE Binding), relay (TURN
 * allocation, permission, channel, relayed data), media (RTP/RTCP) or
 * teardown (TURN Refresh with LIFETIME 0). The call's phase only moves
 * forward in that order and teardown is final; a Binding during media
 * (a consent check, RFC 7675) leaves the call in media. Returns true when
 * *call_phase changed (the frame gets the one expert entry per change).
 */
bool skype_call_phase_enter(uint8_t *call_phase, uint8_t proposed);

/* ---- Legs ------------------------------------------------------------ */

enum skype_call_leg {
    SKYPE_LEG_NONE = 0,
    SKYPE_LEG_DIRECT = 1,  /* host or server-reflexive pair: ICE checks, RTP */
    SKYPE_LEG_RELAYED = 2, /* through a TURN relay: TURN methods, ChannelData */
    SKYPE_LEG_TCP = 3      /* TCP fallback */
};

/* ---- Media kinds ----------------------------------------------------- */

enum skype_media_kind {
    SKYPE_MEDIA_UNKNOWN = 0,
    SKYPE_MEDIA_AUDIO = 1,
    SKYPE_MEDIA_VIDEO = 2,
    SKYPE_MEDIA_SCREEN = 3,
    SKYPE_MEDIA_DATA = 4
};

/* The name of a media kind: Unknown, Audio, Video, Screen sharing, Data
 * (skype.media.kind's values); "?" for another value. */
const char *skype_media_kind_name(uint8_t kind);

/* Which rule decided a media kind (skype.media.kind_rule). */
enum skype_kind_rule {
    SKYPE_RULE_NONE = 0,
    SKYPE_RULE_SERVICE_QUALITY = 1, /* MS-SERVICE-QUALITY (0x8055) stream type */
    SKYPE_RULE_PAYLOAD_TYPE = 2,    /* RTP payload type */
    SKYPE_RULE_PORT_RANGE = 3       /* Teams' default client port ranges */
};

/* A payload type Skype/Teams uses: encoding name, RTP clock rate (Hz) and
 * kind. Sources: [MS-SDPEXT] and Microsoft's codec list as kept in nDPI's
 * src/lib/protocols/rtp.c (isValidMSRTPType); clock rates RFC 3551 §6 and
 * the codecs' payload formats. */
typedef struct skype_pt_info {
    uint8_t pt;
    uint8_t kind;
    uint32_t clock;
    const char *name;
} skype_pt_info_t;

/* The table entry of payload type pt (0-127), or NULL. */
const skype_pt_info_t *skype_pt_info(unsigned pt);

/* All entries, for registering Wireshark's dynamic payload names. */
const skype_pt_info_t *skype_pt_table(size_t *n);

/* MS-SERVICE-QUALITY stream type ([MS-TURN] 2.2.2.13): 1 audio, 2 video,
 * 3 supplemental video (video), 4 data; else unknown. */
uint8_t skype_kind_from_stream_type(uint16_t stream_type);

/* Teams' default client media ports: 50000-50019 audio, 50020-50039 video,
 * 50040-50059 screen sharing (Microsoft Learn, "Prepare your organization's
 * network for Teams"); else unknown. */
uint8_t skype_kind_from_port(uint16_t client_port);

/* Microsoft's Transport Relay ports: 3479 audio, 3480 video, 3481 screen
 * sharing (3478 is STUN/TURN alone; Microsoft Learn, "Microsoft Teams
 * media flows" and the Microsoft 365 endpoints list, Teams media ranges on
 * UDP 3478-3481); else unknown. */
uint8_t skype_kind_from_relay_port(uint16_t server_port);

/* Is port one of the Transport Relay's UDP ports 3478-3481? */
bool skype_relay_port(uint16_t port);

/*
 * The kind of a stream or leg, first rule that knows wins: what it carries
 * (the RTP payload type pt; pt < 0: none seen, e.g. RTCP or STUN), then the
 * 5-tuple's ports (a Teams client port range on either side, else a
 * Transport Relay port on either side), and only then the 5-tuple's
 * MS-SERVICE-QUALITY stream type (0 = none seen), which captures/teams.pcap
 * shows need not follow the media line (stream type 2, video, on the audio
 * port's allocations, frames 1238, 1250). A video verdict is refined to
 * screen sharing when a port says screen sharing (both are H.264 video).
 * *rule (may be NULL) names the rule that decided.
 */
uint8_t skype_media_kind(uint16_t stream_type, int pt, uint16_t port_a, uint16_t port_b, uint8_t *rule);

/* DSCP Microsoft recommends for a kind (QoS in Teams: audio 46 EF, video 34
 * AF41, screen sharing 18 AF21); -1 for data and unknown. */
int skype_dscp_expected(uint8_t kind);

#endif /* SKYPE_CALL_H */
