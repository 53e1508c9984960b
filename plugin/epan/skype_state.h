/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Capture-file state shared by the plugin's dissectors (wmem file scope,
 * reset when a capture is closed).
 *
 *  - confirmed Skype clients: map skype_ep_t -> skype_client_t (32 bytes each,
 *    at most SKYPE_MAX_CLIENTS; beyond that no new client is confirmed);
 *  - per-frame annotations: frame number -> skype_frame_rec_t (36 bytes, held
 *    inline in a page of 32 records and a 4-byte bitmap, 1,156 bytes per
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

#define SKYPE_MAX_CLIENTS 65536u

typedef struct skype_client {
    skype_ep_t ep;          /* the client's ip:port */
    guint32 first_frame;    /* first frame of the evidence (ID chain start, probe U1) */
    guint32 confirmed_in;   /* frame whose datagram completed the evidence */
    guint8 how;             /* enum skype_confirm_how */
} skype_client_t;

typedef struct skype_frame_rec {
    guint32 request_in;     /* UDP: this datagram answers that frame's request (same ID) */
    guint32 response_in;    /* UDP: this request is answered in that frame */
    guint32 u1_frame;       /* UDP probe messages: the probe's U1 */
    guint32 conv_first_frame; /* skype.conv.first_frame */
    gint32 marker_off;      /* TCP L3: offset of the marker, -1 if none */
    guint8 probe_msg;       /* enum skype_probe_msg */
    guint8 probe_kind;      /* enum skype_probe_kind */
    guint8 probe_result;    /* enum skype_probe_result */
    guint8 probe_flags;     /* SKYPE_PROBE_F_* */
    guint8 phase;           /* skype.conv.phase (enum skype_phase) */
    guint8 evidence;        /* skype.conv.evidence (enum skype_evidence) */
    guint8 phase_changed;   /* this frame moved its conversation to `phase` */
    guint8 tcp_msg;         /* enum skype_tcp_msg */
    guint8 tcp_mode;        /* enum skype_tcp_mode of the connection */
    guint8 tcp_flags;       /* SKYPE_TCP_F_* */
    guint8 sn_result;       /* enum skype_sn_result */
    guint8 http_kind;       /* 1 getlatestversion, 2 installed */
    guint8 retransmission;  /* TCP segment seen before: the machine was not fed */
} skype_frame_rec_t;        /* 36 bytes with padding */
_Static_assert(sizeof(skype_frame_rec_t) == 36, "skype_frame_rec_t: the size the comments state");

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

/* Remote UDP endpoints that have answered a confirmed client: a TCP
 * connection from the client's host to one of them is linked evidence
 * (docs/protocol.md §6: "a TCP connection is initiated to a potential SN
 * after a positive UDP probe", report §5.2.2). At most SKYPE_MAX_PEERS; beyond, new peers are not kept. */
#define SKYPE_MAX_PEERS 1000000u
void skype_peer_add(const skype_ep_t *peer, guint32 frame);
gboolean skype_peer_known(const skype_ep_t *peer);

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
