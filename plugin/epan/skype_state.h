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
 * SKYPE_PHASE_COUNT 10, evidence 4 bits for SKYPE_EV_COUNT 13; asserted
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

/* Whether the "skype" protocol is enabled (Analyze > Enabled Protocols,
 * --disable-protocol skype). The port fronts have no protocol of their own,
 * so Wireshark does not skip them: they ask this and, when disabled, hand
 * every packet on untouched. */
gboolean skype_proto_enabled(void);

/* Register the init/cleanup routines; call once from proto_register. */
void skype_state_register(void);

/*
 * Hash of an endpoint for the plugin's wmem maps (wmem_map multiplies it by
 * 2654435769 and keeps the top bits): a multiply-xor over the address in
 * 32-bit words (1 for IPv4, 4 for IPv6) and the port; a few instructions,
 * against FNV-1a's loop over the bytes (skype_ep_hash, which the core's
 * direct-mapped tables keep for their slots).
 */
static inline guint skype_ep_map_hash(const skype_ep_t *ep)
{
    guint32 w[4];
    guint32 h;

    memcpy(w, ep->addr, sizeof(w));
    h = w[0] * 0x9E3779B1u;
    if (ep->family == 6)
        h ^= w[1] * 0x85EBCA77u ^ w[2] * 0xC2B2AE3Du ^ w[3] * 0x27D4EB2Fu;
    h ^= ((guint32)ep->port << 16 | ep->family) * 0x165667B1u;
    return h ^ (h >> 15);
}

/* Fill *ep from a Wireshark address (AT_IPv4 / AT_IPv6 only) and port. */
gboolean skype_ep_from_address(skype_ep_t *ep, const address *addr, guint32 port);

/* The confirmed client at ep, or NULL. O(1); no lookup at all while the
 * capture has no confirmed client. */
skype_client_t *skype_client_lookup(const skype_ep_t *ep);

/* The confirmed client that is the source or destination of this packet. */
skype_client_t *skype_client_of_packet(const packet_info *pinfo, gboolean *client_is_src);

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
