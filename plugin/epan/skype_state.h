/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture-file state shared by the plugin's dissectors (wmem file scope,
 * reset when a capture is closed).
 *
 *  - confirmed Skype clients: map skype_ep_t -> skype_client_t (40 bytes each,
 *    at most SKYPE_MAX_CLIENTS; beyond that no new client is confirmed);
 *  - per-frame annotations: frame number -> skype_frame_rec_t (16 bytes, held
 *    inline in a page of 32 records and a 4-byte bitmap, 516 bytes per
 *    32-frame range with an annotated frame, and 8 bytes per 32 frames of the
 *    capture for the page directory), written in the first pass, possibly for an earlier
 *    frame (a probe's U1 learns it was part of a full probe at U2), read when
 *    frames are dissected again (second pass, GUI clicks);
 *  - the candidate table of the core (skype_endpoint.h, 528 KiB), allocated
 *    at the first datagram that could start a probe.
 */
#ifndef SKYPE_STATE_H
#define SKYPE_STATE_H

#include <string.h>

#include <epan/conversation.h>
#include <epan/packet.h>

#include "../core/skype_endpoint.h"
#include "../core/skype_phase.h"
#include "../core/skype_probe.h"
#include "../core/skype_tcp.h"

#define SKYPE_MAX_CLIENTS 65536u

typedef struct skype_client {
    skype_ep_t ep;          /* the client's ip:port */
    guint32 first_frame;    /* first frame of the evidence (ID chain start, probe U1) */
    guint32 confirmed_in;   /* frame whose datagram completed the evidence */
    guint8 how;             /* enum skype_confirm_how */
    struct skype_client *next_on_host; /* the next confirmed client on the same address, NULL at the end */
} skype_client_t;
_Static_assert(sizeof(skype_client_t) == 40 || sizeof(void *) != 8, "skype_client_t: the size the comments state");

/*
 * One frame's annotation: 16 bytes. A frame is UDP or TCP, so the two share
 * words: `link` and `u1_frame` hold UDP's request/response link and probe
 * U1, the same words TCP's message, mode, flags and L3 marker offset. Small
 * values are bit-fields sized to their enums (phase 4 bits for
 * SKYPE_PHASE_COUNT 10, evidence 4 bits for SKYPE_EV_COUNT 14; asserted
 * below). Read and write the link through skype_rec_request_in() and the
 * setters: a SoM datagram answers a request or is one, never both
 * (skype_pair_observe).
 */
typedef struct skype_frame_rec {
    guint32 conv_first_frame;   /* skype.conv.first_frame */
    union {
        guint32 link;           /* UDP: request_in, or response_in when link_is_response */
        struct {
            guint8 tcp_msg;     /* TCP: enum skype_tcp_msg */
            guint8 tcp_mode;    /* TCP: enum skype_tcp_mode of the connection */
            guint8 tcp_flags;   /* TCP: SKYPE_TCP_F_* */
            guint8 sn_result : 2;      /* TCP: enum skype_sn_result */
            guint8 http_kind : 2;      /* TCP: 1 getlatestversion, 2 installed */
            guint8 retransmission : 1; /* TCP segment seen before: the machine was not fed */
        };
    };
    union {
        guint32 u1_frame;       /* UDP probe messages: the probe's U1 */
        gint32 marker_off;      /* TCP L3: offset of the marker, -1 if none */
    };
    guint32 phase : 4;          /* skype.conv.phase (enum skype_phase) */
    guint32 evidence : 4;       /* skype.conv.evidence (enum skype_evidence) */
    guint32 phase_changed : 1;  /* this frame moved its conversation to `phase` */
    guint32 link_is_response : 1; /* UDP: `link` is response_in */
    guint32 probe_msg : 3;      /* UDP: enum skype_probe_msg */
    guint32 probe_kind : 2;     /* UDP: enum skype_probe_kind */
    guint32 probe_result : 2;   /* UDP: enum skype_probe_result */
    guint32 probe_flags : 4;    /* UDP: SKYPE_PROBE_F_* */
} skype_frame_rec_t;
_Static_assert(sizeof(skype_frame_rec_t) == 16, "skype_frame_rec_t: the size the comments state");
_Static_assert(SKYPE_PHASE_COUNT <= 16 && SKYPE_EV_COUNT <= 16, "skype_frame_rec_t: phase and evidence in 4 bits");
_Static_assert(SKYPE_U4 < 8 && SKYPE_PROBE_PARTIAL < 4 && SKYPE_PROBE_NEGATIVE < 4, "skype_frame_rec_t: probe bit-fields");
_Static_assert((SKYPE_PROBE_F_TRUNCATED | SKYPE_PROBE_F_NONCE_S_MISMATCH | SKYPE_PROBE_F_NONCE_C_MISMATCH |
                SKYPE_PROBE_F_SIZE_MISMATCH) < 16, "skype_frame_rec_t: probe flags in 4 bits");
_Static_assert(SKYPE_SN_REFUSED < 4, "skype_frame_rec_t: sn_result in 2 bits");

/* UDP: the frame whose request this datagram answers, 0 if none. */
static inline guint32 skype_rec_request_in(const skype_frame_rec_t *rec)
{
    return rec->link_is_response ? 0 : rec->link;
}

/* UDP: the frame that answers this request, 0 if none. */
static inline guint32 skype_rec_response_in(const skype_frame_rec_t *rec)
{
    return rec->link_is_response ? rec->link : 0;
}

static inline void skype_rec_set_request_in(skype_frame_rec_t *rec, guint32 frame)
{
    rec->link = frame;
    rec->link_is_response = 0;
}

static inline void skype_rec_set_response_in(skype_frame_rec_t *rec, guint32 frame)
{
    rec->link = frame;
    rec->link_is_response = 1;
}

extern int proto_skype;

/* What a concern's dissector function returns for a packet that is not
 * the plugin's: skype_dispatch.c then hands it on to the dissector that
 * owned the port (or returns 0, as that port's owner would be absent). */
#define SKYPE_PASS (-1)

/* Whether the "skype" protocol is enabled (Analyze > Enabled Protocols,
 * --disable-protocol skype). The port fronts have no protocol of their own,
 * so Wireshark does not skip them: they ask this and, when disabled, hand
 * every packet on untouched. */
gboolean skype_proto_enabled(void);

/* Register the init/cleanup routines; call once from proto_register. */
void skype_state_register(void);

/* skype_ep_hash (the plugin's one hash, core/skype_endpoint.h) and
 * skype_ep_equal as a wmem map's callbacks, for maps keyed by skype_ep_t*. */
guint skype_ep_map_hash(gconstpointer ep);
gboolean skype_ep_map_equal(gconstpointer a, gconstpointer b);

/*
 * The key of a UDP 5-tuple in the plugin's per-5-tuple maps (SoM flows,
 * QUIC connections): 16 bytes. Its two endpoints are "lo", the one whose
 * skype_ep_t bytes compare lower (memcmp), and "hi". IPv4 addresses are
 * held inline; IPv6 ones, 32 bytes, where `v6` points (their own
 * file-scope copy for a stored key, the caller's buffer for a lookup). Both
 * endpoints of a 5-tuple have the same family. Hash: skype_pair_hash.
 */
typedef struct skype_pair_key {
    union {
        guint8 v4[8];           /* family 4: lo's address, then hi's */
        const guint8 *v6;       /* family 6: lo's address, then hi's (32 bytes) */
    } addr;
    guint16 port_lo;
    guint16 port_hi;
    guint8 family;              /* 4 or 6 */
    guint8 pad[3];
} skype_pair_key_t;
_Static_assert(sizeof(skype_pair_key_t) == 16 || sizeof(void *) != 8, "skype_pair_key_t: the size the comment states");

/* The key of the 5-tuple a <-> b (either order, IP endpoints of one
 * family), its IPv6 addresses in v6buf; *a_is_hi tells which side a is. */
void skype_pair_key_set(skype_pair_key_t *key, guint8 v6buf[32], const skype_ep_t *a, const skype_ep_t *b,
                        gboolean *a_is_hi);

/* A stored copy of key (its IPv6 addresses copied to file scope). */
void skype_pair_key_keep(skype_pair_key_t *dst, const skype_pair_key_t *key);

/* wmem map callbacks for skype_pair_key_t* keys. */
guint skype_pair_key_hash(gconstpointer k);
gboolean skype_pair_key_equal(gconstpointer a, gconstpointer b);

/* A packet's capture time in microseconds since the epoch: the one time
 * unit of the plugin's state (link windows, call join windows, jitter). */
static inline gint64 skype_time_us(const nstime_t *t)
{
    return (gint64)t->secs * 1000000 + t->nsecs / 1000;
}

/*
 * Wireshark's exact UDP conversation of a <-> b from frame on, created if
 * the lookup finds none (or only a wildcard one, such as a confirmed
 * client's): UDP then finds it for the 5-tuple's later datagrams, so each
 * 5-tuple keeps its own udp.stream and row in Statistics > Conversations, as
 * without the plugin. It holds no data of the plugin and no dissector
 * unless the caller adds them.
 */
conversation_t *skype_udp_exact_conversation(guint32 frame, const address *a, guint32 port_a, const address *b,
                                             guint32 port_b);

/* The same for two IP endpoints of one family (not family 0). */
conversation_t *skype_udp_exact_conversation_eps(guint32 frame, const skype_ep_t *a, const skype_ep_t *b);

/* Fill *ep from a Wireshark address (AT_IPv4 / AT_IPv6 only) and port. */
gboolean skype_ep_from_address(skype_ep_t *ep, const address *addr, guint32 port);

/* The confirmed client at ep, or NULL. O(1); no lookup at all while the
 * capture has no confirmed client. */
skype_client_t *skype_client_lookup(const skype_ep_t *ep);

/* Number of confirmed clients so far (0 before the first confirmation). */
guint skype_client_count(void);

/* The same from the packet's endpoints, already converted (skype_ep_from_address;
 * an endpoint of family 0, not IP, is no client): source first, then
 * destination. Two hash lookups at most, none while no client is confirmed. */
skype_client_t *skype_client_of_eps(const skype_ep_t *src, const skype_ep_t *dst, gboolean *client_is_src);

/* Record a confirmation from the core; returns the client, or NULL when the
 * SKYPE_MAX_CLIENTS cap is reached. Creates a UDP conversation wildcarded on
 * the far side, starting at conf->first_frame, that calls handle. */
skype_client_t *skype_client_add(const skype_confirm_t *conf, guint32 frame, dissector_handle_t handle);

/* Is addr the host of a confirmed client (any port)? */
gboolean skype_client_host(const address *addr);

/* The frame in which the first client on host addr was confirmed; 0 when
 * addr is no client's host. */
guint32 skype_client_host_since(const address *addr);

/* Positive U4s of unconfirmed endpoints, awaiting the TCP that links them
 * (skype_endpoint.h, docs/protocol.md §6): 64 KiB, allocated when create is
 * TRUE and the table is absent; NULL before that. */
skype_link_table_t *skype_link_table(gboolean create);

/*
 * Is this TCP segment (payload, first pass) the first payload that src puts on
 * conversation conv? Tracked by the plugin per connection and direction
 * (skype_tcp_first_payload), for the connections that began after frame
 * tracked_since; independent of TCP's sequence-number preferences. At most
 * SKYPE_MAX_TRACKED_CONNS connections are tracked per capture; beyond, FALSE.
 */
#define SKYPE_MAX_TRACKED_CONNS 1000000u
gboolean skype_tcp_first_payload_of(conversation_t *conv, const skype_ep_t *src, const skype_ep_t *dst,
                                    guint32 tracked_since);

/* The confirmed clients on host addr (any port), linked by next_on_host in
 * the order they were confirmed; NULL when addr is no client's host. */
const skype_client_t *skype_clients_on_host(const address *addr);

/* The media-relay ranges (preference skype.relay_ranges, registered by
 * skype_modern.c): comma- or space-separated IPv4 and IPv6 ranges,
 * parsed by skype_ip_ranges_parse (core/skype_modern.h). */
void skype_relay_ranges_set(const char *list);

/* Is a in the media-relay ranges? IPv4 and IPv6; FALSE for any other
 * address type. */
gboolean skype_relay_address(const address *a);

/* Addresses that DNS responses in this capture gave for Skype/Teams names
 * (docs/protocol.md §5, evidence 9). At most SKYPE_MAX_DNS_ADDRS; beyond, new ones are
 * not kept. */
#define SKYPE_MAX_DNS_ADDRS 65536u
void skype_dns_add(const guint8 *addr, guint len);
gboolean skype_dns_known(const address *addr);

/* Number of TCP connections recognised so far in this capture; 0 lets the
 * TCP tap and the postdissector return at once. */
guint skype_tcp_conversations(void);
void skype_tcp_conversation_added(void);

/* The candidate table, allocated on first use. */
skype_cand_table_t *skype_cand_table(void);

/* Per-frame annotation of frame, NULL if none; _new creates it (zeroed) if absent. */
skype_frame_rec_t *skype_frame_rec(guint32 frame);
skype_frame_rec_t *skype_frame_rec_new(guint32 frame);

/*
 * The dissector the user chose with Decode As for one of the packet's ports
 * in `table` (Wireshark's "udp.port" or "tcp.port", named `table_name`):
 * the lower port first, as UDP and TCP try them; NULL when neither port has
 * a choice other than its default. The user's choice wins over the plugin's
 * own hand-over (tag, never take over).
 */
dissector_handle_t skype_decode_as_choice(packet_info *pinfo, dissector_table_t table, const char *table_name);

#endif /* SKYPE_STATE_H */
