/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Legacy Skype over UDP, the state (skype_udp_state.h): the SoM flow of
 * every UDP 5-tuple the SoM dissector has seen, the annotations that
 * evidence writes into earlier frames (a confirmation's probe or ID chain, a
 * probe that TCP linked), and the first-pass analysis of one datagram. The
 * matchers are the core's (skype_udp_flow.h, skype_endpoint.h); the tree is
 * skype_udp.c's.
 */
#include "skype_udp_state.h"

#include <string.h>

#include <epan/conversation.h>
#include <epan/packet.h>

#include "../core/skype_phase.h"
#include "../core/skype_probe.h"
#include "../core/skype_som.h"
#include "../core/skype_udp_flow.h"
#include "skype_conv.h"
#include "skype_state.h"

/*
 * Per UDP 5-tuple state: 80 bytes, in a file-scope map of the plugin's own
 * (udp_convs), keyed by the 5-tuple it holds, not as conversation data: one
 * hash lookup per datagram instead of find_conversation (which for a
 * client's 5-tuple tries every wildcard form) and the proto-data list. The
 * client's UDP is still found through the conversation API: Wireshark's
 * conversation of the client, wildcarded on the far side, calls "skype_som"
 * (skype_client_add); probes linked to TCP get an exact conversation with
 * that dissector (skype_udp_link_probe); every client 5-tuple gets an exact
 * conversation without data or dissector (skype_udp_exact_conversation), for
 * UDP's streams.
 */
typedef struct skype_udp_conv {
    skype_pair_key_t key;       /* the 5-tuple; the map's key points here */
    skype_udp_flow_t flow;      /* probe, request/response pairs, phase, evidence (core);
                                   flow.user (UDP_CLIENT_HI): the Skype client side of the
                                   5-tuple, hi (1) or lo (0) */
} skype_udp_conv_t;
#define UDP_CLIENT_HI(uc) ((uc)->flow.user)
_Static_assert(sizeof(skype_udp_conv_t) == 80, "skype_udp_conv_t: the size the comment states");

/* skype_pair_key_t* -> skype_udp_conv_t*, wmem file scope; one entry per UDP
 * 5-tuple the SoM dissector has seen (at most one per frame). */
static wmem_map_t *udp_convs;

static dissector_handle_t som_handle; /* "skype_som" (skype_dispatch.c): linked probes get it */

static void udp_convs_init(void)
{
    udp_convs = wmem_map_new(wmem_file_scope(), skype_pair_key_hash, skype_pair_key_equal);
}

static void udp_convs_cleanup(void)
{
    udp_convs = NULL; /* freed with the file scope */
}

/* State of the 5-tuple a <-> b (IP endpoints of one family), created from
 * frame if absent with `client` (a or b) as the client side; *created tells
 * whether it was, *a_is_hi which side of the key a is. */
static skype_udp_conv_t *udp_conv_get(guint32 frame, const skype_ep_t *a, const skype_ep_t *b,
                                      const skype_ep_t *client, gboolean *created, gboolean *a_is_hi)
{
    skype_pair_key_t key;
    guint8 v6buf[32];
    skype_udp_conv_t *uc;

    skype_pair_key_set(&key, v6buf, a, b, a_is_hi);
    uc = (skype_udp_conv_t *)wmem_map_lookup(udp_convs, &key);
    *created = uc == NULL;
    if (uc == NULL) {
        uc = wmem_new0(wmem_file_scope(), skype_udp_conv_t);
        skype_pair_key_keep(&uc->key, &key);
        skype_udp_flow_init(&uc->flow, frame);
        UDP_CLIENT_HI(uc) = (guint8)(skype_ep_equal(client, a) ? *a_is_hi : !*a_is_hi);
        wmem_map_insert(udp_convs, &uc->key, uc);
    }
    return uc;
}

/* State of the 5-tuple, created (with the given client side) if absent,
 * with Wireshark's exact conversation of it. */
static skype_udp_conv_t *udp_conv_for(guint32 frame, const skype_ep_t *a, const skype_ep_t *b,
                                      const skype_ep_t *client, gboolean *a_is_hi)
{
    gboolean created;
    skype_udp_conv_t *uc = udp_conv_get(frame, a, b, client, &created, a_is_hi);

    if (created)
        skype_udp_exact_conversation_eps(frame, a, b);
    return uc;
}

/*
 * A client was just confirmed: annotate the earlier frames of its evidence,
 * which the first pass has already gone by. For a probe, its U1 and U2; for an
 * ID chain, the earlier requests, each the possible U1 of a probe whose reply
 * is still to come (so a burst of U1s followed by U4s is matched; a request
 * that gets no such reply is not labelled U1).
 */
static void annotate_evidence(const skype_confirm_t *conf)
{
    if (conf->how == SKYPE_CONFIRM_PROBE) {
        skype_frame_rec_t *u1 = skype_frame_rec_new(conf->probe.u1_frame);
        skype_frame_rec_t *u2 = skype_frame_rec_new(conf->probe.u2_frame);
        guint8 phase = SKYPE_PHASE_NONE;
        if (u1 != NULL) {
            u1->probe_msg = SKYPE_U1;
            u1->probe_kind = SKYPE_PROBE_FULL;
            u1->u1_frame = conf->probe.u1_frame;
            skype_rec_set_response_in(u1, conf->probe.u2_frame);
            skype_conv_mark(u1, &phase, SKYPE_PHASE_SN_DISCOVERY, SKYPE_EV_UDP_PROBE, conf->probe.u1_frame);
        }
        if (u2 != NULL) {
            u2->probe_msg = SKYPE_U2;
            u2->probe_kind = SKYPE_PROBE_FULL;
            u2->u1_frame = conf->probe.u1_frame;
            skype_rec_set_request_in(u2, conf->probe.u1_frame);
            skype_conv_mark(u2, &phase, SKYPE_PHASE_SN_DISCOVERY, SKYPE_EV_UDP_PROBE, conf->probe.u1_frame);
        }
        return;
    }
    for (guint i = 0; i < SKYPE_CAND_RECENT; i++) {
        const skype_cand_req_t *r = &conf->chain[i];
        skype_udp_conv_t *uc;
        skype_frame_rec_t *rec;
        gboolean client_is_hi;

        if (r->frame == 0 || r->dst.family != conf->client.family)
            continue;
        uc = udp_conv_for(r->frame, &conf->client, &r->dst, &conf->client, &client_is_hi);
        skype_udp_flow_seed_request(&uc->flow, r->id, r->len, r->nonce_c, r->frame);
        rec = skype_frame_rec_new(r->frame);
        if (rec != NULL) {
            /* Labelled U1 only if an answer comes (analyse). */
            rec->u1_frame = r->frame;
            skype_conv_mark(rec, &uc->flow.phase, SKYPE_PHASE_SN_SESSION, uc->flow.evidence,
                            uc->flow.first_frame);
        }
    }
}

gboolean skype_udp_peer_answered(const skype_ep_t *client, const skype_ep_t *peer)
{
    skype_pair_key_t key;
    guint8 v6buf[32];
    const skype_udp_conv_t *uc;
    gboolean client_is_hi;

    if (udp_convs == NULL || client->family != peer->family)
        return FALSE;
    skype_pair_key_set(&key, v6buf, client, peer, &client_is_hi);
    uc = (const skype_udp_conv_t *)wmem_map_lookup(udp_convs, &key);
    return uc != NULL && uc->flow.peer_kept && UDP_CLIENT_HI(uc) == client_is_hi;
}

void skype_udp_link_probe(const skype_link_t *l)
{
    skype_frame_rec_t *u1 = skype_frame_rec_new(l->u1_frame);
    skype_frame_rec_t *u4 = skype_frame_rec_new(l->u4_frame);
    skype_udp_conv_t *uc;
    conversation_t *conv;
    guint8 phase = SKYPE_PHASE_NONE;
    gboolean created, client_is_hi;

    if (u1 == NULL || u4 == NULL || udp_convs == NULL || l->client.family != l->sn.family)
        return;
    u1->probe_msg = SKYPE_U1;
    u1->probe_kind = SKYPE_PROBE_PARTIAL;
    u1->u1_frame = l->u1_frame;
    skype_conv_mark(u1, &phase, SKYPE_PHASE_SN_DISCOVERY, SKYPE_EV_LINKED, l->u1_frame);
    u4->probe_msg = SKYPE_U4;
    u4->probe_kind = SKYPE_PROBE_PARTIAL;
    u4->probe_result = SKYPE_PROBE_POSITIVE;
    u4->u1_frame = l->u1_frame;
    skype_conv_mark(u4, &phase, SKYPE_PHASE_SN_DISCOVERY, SKYPE_EV_LINKED, l->u1_frame);

    uc = udp_conv_get(l->u1_frame, &l->client, &l->sn, &l->client, &created, &client_is_hi);
    UDP_CLIENT_HI(uc) = (guint8)client_is_hi;
    skype_udp_flow_linked(&uc->flow, l->u1_frame, phase);

    /* The 5-tuple is Skype from the U1 on: UDP's conversation of it (or a new
     * one from the U1) gets the SoM dissector, which runs before port tables
     * and heuristics (in -2's second pass for the U1 and U4 too). */
    conv = skype_udp_exact_conversation_eps(l->u1_frame, &l->client, &l->sn);
    conversation_set_dissector(conv, som_handle);
}

/* First pass: run the core matchers and write the frame's annotation.
 * src/dst: the packet's endpoints, both IP; client: the confirmed client of
 * the packet (NULL if none), client_is_src: which side it is. */
skype_frame_rec_t *skype_udp_analyse(tvbuff_t *tvb, packet_info *pinfo, const skype_confirm_t *conf,
                                     const skype_ep_t *src, const skype_ep_t *dst, const skype_client_t *client,
                                     gboolean client_is_src)
{
    skype_udp_conv_t *uc;
    skype_frame_rec_t *rec = skype_frame_rec_new(pinfo->num);
    skype_udp_flow_out_t out;
    const skype_ep_t *client_ep;
    guint8 buf[SKYPE_U3_MIN_LEN];
    guint caplen = MIN(tvb_captured_length(tvb), (guint)sizeof(buf));
    gboolean from_client, src_is_hi;

    if (rec == NULL || caplen < SKYPE_SOM_LEN || src->family == 0 || src->family != dst->family ||
        udp_convs == NULL)
        return rec;
    if (conf != NULL) {
        client_ep = &conf->client;
        annotate_evidence(conf);
    } else {
        /* The confirmed endpoint, else the source (the guess for Decode As
         * on unconfirmed traffic). */
        client_ep = client != NULL && !client_is_src ? dst : src;
    }
    uc = udp_conv_for(pinfo->num, src, dst, client_ep, &src_is_hi);
    if (conf != NULL && conf->how == SKYPE_CONFIRM_PROBE)
        skype_udp_flow_confirm_probe(&uc->flow, &conf->probe);
    tvb_memcpy(tvb, buf, 0, caplen);
    from_client = src_is_hi == (gboolean)UDP_CLIENT_HI(uc);
    skype_udp_flow_step(&uc->flow, from_client, buf, caplen, tvb_reported_length(tvb), pinfo->num, &out);

    rec->probe_msg = out.probe_msg;
    rec->probe_kind = out.probe_kind;
    rec->probe_result = out.probe_result;
    rec->probe_flags = out.probe_flags;
    rec->u1_frame = out.u1_frame;
    if (out.u1_confirmed != 0) {
        /* The probe is recognised now: its request is the U1. */
        skype_frame_rec_t *u1 = skype_frame_rec(out.u1_confirmed);
        if (u1 != NULL) {
            u1->probe_msg = SKYPE_U1;
            u1->probe_kind = out.probe_kind;
            u1->evidence = SKYPE_EV_UDP_PROBE;
            if (out.u1_enters_discovery) {
                u1->phase = SKYPE_PHASE_SN_DISCOVERY;
                u1->phase_changed = TRUE;
            }
        }
    }
    if (out.u1_dropped != 0) {
        skype_frame_rec_t *u1 = skype_frame_rec(out.u1_dropped);
        if (u1 != NULL)
            u1->probe_msg = SKYPE_PROBE_NONE;
    }
    rec->phase = out.phase;
    rec->phase_changed = out.phase_changed;
    rec->evidence = out.evidence;
    rec->conv_first_frame = out.first_frame;
    /* out.add_peer: the flow keeps it (flow.peer_kept), which
     * skype_udp_peer_answered reads for TCP from the client's host. */
    if (out.request_in != 0) {
        skype_frame_rec_t *req = skype_frame_rec(out.request_in);
        skype_rec_set_request_in(rec, out.request_in);
        if (req != NULL)
            skype_rec_set_response_in(req, pinfo->num);
    }
    return rec;
}

void skype_udp_state_register(dissector_handle_t conv_handle)
{
    register_init_routine(udp_convs_init);
    register_cleanup_routine(udp_convs_cleanup);
    som_handle = conv_handle;
}
