/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP connections the plugin knows (docs/protocol.md §4, §5; docs/modern.md
 * "TURN over TCP", "Names"): the one per-connection record every TCP file
 * shares, its constructor, and legacy Skype over TCP (T1-T4, R1-R3, L1-L4,
 * the update check), whose messages this file's dissector shows.
 *
 * Who makes a record: skype_tcp_recognise_conn (legacy signatures and links, the
 * DNS tag, and TURN over TCP through skype_turn_tcp.h), skype_tcp_tag_named
 * (skype_tcp_tag.h: TLS server and certificate names). Wireshark's entry
 * points that reach these functions are in skype_dispatch.c.
 */
#ifndef SKYPE_TCP_EPAN_H
#define SKYPE_TCP_EPAN_H

#include <epan/packet.h>
#include <epan/dissectors/packet-tcp.h>

#include "../core/skype_tcp.h"
#include "../core/skype_turn_tcp.h"
#include "skype_calls.h"
#include "skype_state.h"

/* Per TCP connection state: 96 bytes, wmem file scope, the proto data of
 * Wireshark's TCP conversation (key proto_skype). TURN connections
 * (SKYPE_MODE_TURN) also use turn and leg. */
typedef struct skype_tcp_conv {
    skype_ep_t client;        /* the initiator ("client" in T1-T4 / L1-L4 terms) */
    skype_tcp_state_t st;     /* message machine */
    guint32 first_frame;      /* first frame the plugin recognised */
    guint32 nxtseq[2];        /* [from client, from server]: highest next sequence number seen */
    skype_timeline_t timeline; /* phase changes, for the postdissector and later passes */
    guint8 phase;             /* enum skype_phase, current */
    guint8 evidence;          /* enum skype_evidence */
    guint8 mode;              /* enum skype_tcp_mode as recognised (kept when R3 turns into SN) */
    guint8 have_seq;          /* bit dir: nxtseq[dir] is set */
    skype_turn_stream_t turn; /* TURN: where the next PDU starts, per direction (12 bytes, core) */
    skype_leg_t *leg;         /* TURN: the call leg */
} skype_tcp_conv_t;
_Static_assert(sizeof(skype_tcp_conv_t) == 96 || sizeof(void *) != 8, "skype_tcp_conv_t: the size the comment states");

/* Fields, subtree and expert entries of legacy TCP (skype.tcp.*, skype.sn.*,
 * skype.login.*, skype.tls.fake, skype.http.update); conv_handle: the
 * dissector recognised connections get as their conversation dissector
 * ("skype_tcp", skype_dispatch.c). Call from proto_register. */
void skype_tcp_register(dissector_handle_t conv_handle);

/*
 * The one constructor of a connection record (first pass): client is the
 * side called "client" (the initiator, or the receiver of a certificate),
 * mode and evidence as recognised; the record starts at this frame and is
 * attached to the packet's TCP conversation (created if absent). With
 * own_dissector the conversation gets the plugin's "skype_tcp" dissector,
 * which TCP then calls before port tables and heuristics; tag-only modes
 * keep the dissector they have. Counts the capture's connections
 * (skype_tcp_conversations).
 */
skype_tcp_conv_t *skype_tcp_conv_new(packet_info *pinfo, const skype_ep_t *client, guint8 mode, guint8 evidence,
                                     gboolean own_dissector);

/* The record of the packet's TCP conversation, NULL if none (no lookup at
 * all while the capture has no recognised connection). */
skype_tcp_conv_t *skype_tcp_conv_of(packet_info *pinfo);

/*
 * Recognise a legacy connection (or one to an address a Skype/Teams name
 * resolved to) from the segment in tvb (first pass only; TURN over TCP is
 * skype_turn_tcp_recognise's): the epan layer gathers the facts (client
 * hosts, UDP peers that answered, probe links, the connection's first
 * payload, DNS answers), the core decides (core/skype_tcp_recognise.h;
 * docs/design.md "TCP"). Returns the new record, or NULL when the segment is
 * no evidence; no allocation on that path, which almost every TCP segment of
 * a capture takes after a few compares.
 */
skype_tcp_conv_t *skype_tcp_recognise_conn(tvbuff_t *tvb, packet_info *pinfo);

/*
 * Any pass: the plugin's layer for a segment of a connection other than
 * TURN: first pass, feed the message machine and write the frame's record;
 * then the tree (skype.tcp.*, skype.conv.*), the tap, and for
 * connections the plugin dissects the columns and the payload item. Returns
 * the bytes taken (the captured length).
 */
int skype_tcp_dissect(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc, void *data);

/*
 * Any pass, the TCP postdissector's work for a frame of connection tc
 * (not TURN: skype_turn_tcp_post) that no dissector of the plugin
 * annotated in this dissection. rec: the frame's first-pass record, if
 * any: then the annotation of a tag-only segment another heuristic took
 * (nothing for other modes). Without a record, the connection's phase at
 * this frame from its timeline (th: TCP's tap data of the frame, NULL
 * when taps do not run; its first FIN or RST enters teardown).
 */
void skype_tcp_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_tcp_conv_t *tc,
                    const skype_frame_rec_t *rec, const struct tcpheader *th);

/* skype.tcp.mode (generated) under tree; and the mode's name. */
void skype_tcp_mode_item(tvbuff_t *tvb, proto_tree *tree, guint8 mode);
const char *skype_tcp_mode_name(guint8 mode);

/* The plugin's subtree index for a TCP connection's layer. */
gint skype_tcp_ett(void);

#endif /* SKYPE_TCP_EPAN_H */
