/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * QUIC connections tagged by the server name of their ClientHello
 * (skype_quic.h; docs/modern.md, "Names"). The name is read from
 * Wireshark's QUIC dissection (skype_names_sni); this file keeps the state
 * per 5-tuple and builds the annotation.
 */
#include "skype_quic.h"

#include <epan/conversation.h>
#include <epan/packet.h>

#include "../core/skype_modern.h"
#include "../core/skype_phase.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_state.h"
#include "skype_stats.h"

/* Per QUIC 5-tuple the front follows, the map entry's key inside: 44 bytes
 * (an IPv6 5-tuple's addresses, 32 more, apart) + the map entry. */
struct skype_quic {
    skype_pair_key_t key;
    skype_ep_t client;
    guint32 first_frame;
    guint8 state; /* enum skype_quic_state (core/skype_modern.h) */
    guint8 phase;
    guint8 tries;
};

static dissector_handle_t quic_handle; /* "quic" */
static dissector_handle_t quic_front;  /* the UDP 443 front (skype_dispatch.c) */
static wmem_map_t *quic_convs;         /* skype_pair_key_t * -> skype_quic_t, file scope; keyed by the
                                        * addresses, not by Wireshark's conversation: from Wireshark 4.4 on,
                                        * QUIC makes itself the dissector of the 5-tuple's later datagrams,
                                        * which then reach neither the front nor its conversation. */

/* The datagram's key (v6: its IPv6 addresses); FALSE for an address that
 * is neither IPv4 nor IPv6. */
static gboolean quic_key_set(skype_pair_key_t *k, guint8 v6[32], packet_info *pinfo)
{
    skype_ep_t s, d;
    gboolean s_is_hi;

    if (!skype_ep_from_address(&s, &pinfo->src, pinfo->srcport) ||
        !skype_ep_from_address(&d, &pinfo->dst, pinfo->destport))
        return FALSE;
    skype_pair_key_set(k, v6, &s, &d, &s_is_hi);
    return TRUE;
}

skype_quic_t *skype_quic_lookup(packet_info *pinfo)
{
    skype_pair_key_t k;
    guint8 v6[32];

    if (quic_convs == NULL || pinfo->ptype != PT_UDP || !quic_key_set(&k, v6, pinfo))
        return NULL;
    return (skype_quic_t *)wmem_map_lookup(quic_convs, &k);
}

gboolean skype_quic_tagged(const skype_quic_t *nq)
{
    return nq != NULL && nq->state == SKYPE_QUIC_TAGGED;
}

static void quic_init(void)
{
    quic_convs = NULL;
}

/* See skype_quic.h: RFC 9000 §17.2.2, form bit, type 0. */
gboolean skype_quic_gate(tvbuff_t *tvb, packet_info *pinfo)
{
    return !PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && skype_quic_initial_at(tvb, 0);
}

gboolean skype_quic_initial_at(tvbuff_t *tvb, gint off)
{
    return tvb_captured_length_remaining(tvb, off) >= 7 && (tvb_get_uint8(tvb, off) & 0xb0) == 0x80 &&
           tvb_get_ntohl(tvb, off + 1) != 0;
}

/* See skype_quic.h. */
void skype_quic_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_quic_t *nq)
{
    skype_frame_rec_t *rec = skype_frame_rec(pinfo->num);
    proto_item *ti;
    proto_tree *st;

    if (rec == NULL && !PINFO_FD_VISITED(pinfo)) {
        rec = skype_frame_rec_new(pinfo->num);
        if (rec != NULL)
            skype_conv_mark(rec, &nq->phase, SKYPE_PHASE_SN_SESSION, SKYPE_EV_TLS_SNI, nq->first_frame);
    }
    if (rec == NULL)
        return;
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, " (tagged: QUIC)");
    st = proto_item_add_subtree(ti, skype_conv_ett());
    skype_conv_add_tree(tvb, pinfo, st, rec);
    skype_stats_frame(pinfo, rec, &nq->client);
}

/*
 * After QUIC dissected a gated Initial of the 5-tuple (nq: its state, NULL
 * when new): a listed server name tags it; no name yet keeps it pending for
 * up to QUIC_MAX_TRIES Initials; another name, or none by then, drops it.
 * conv: the conversation whose dissector the front sets (QUIC's for a
 * dropped 5-tuple, the front's otherwise); NULL for names_post, which leaves
 * QUIC's. Returns the state, NULL when dropped or the addresses are neither
 * IPv4 nor IPv6. Source: docs/modern.md, "Names".
 */
skype_quic_t *skype_quic_read(const skype_names_call_t *c, packet_info *pinfo, skype_quic_t *nq, conversation_t *conv)
{
    skype_pair_key_t key;
    guint8 v6[32];
    guint8 state = nq ? nq->state : SKYPE_QUIC_NEW, tries = nq ? nq->tries : 0, act;
    gboolean listed, any;

    if (!quic_key_set(&key, v6, pinfo))
        return NULL;
    listed = skype_names_sni(c, &any);
    act = skype_quic_step(&state, &tries, listed, any);
    if (act == SKYPE_QUIC_DROP) {
        /* another name, or no name after SKYPE_QUIC_MAX_TRIES Initials: QUIC's alone, nothing kept */
        if (nq != NULL)
            wmem_map_remove(quic_convs, &key);
        if (conv != NULL)
            conversation_set_dissector(conv, quic_handle);
        return NULL;
    }
    if (nq == NULL) {
        if (quic_convs == NULL)
            quic_convs = wmem_map_new(wmem_file_scope(), skype_pair_key_hash, skype_pair_key_equal);
        nq = wmem_new0(wmem_file_scope(), skype_quic_t);
        skype_pair_key_keep(&nq->key, &key);
        skype_ep_from_address(&nq->client, &pinfo->src, pinfo->srcport);
        wmem_map_insert(quic_convs, &nq->key, nq);
    }
    nq->state = state; /* pending: the rest of the ClientHello comes in a later Initial */
    nq->tries = tries;
    if (act == SKYPE_QUIC_TAG)
        nq->first_frame = pinfo->num; /* the QUIC postdissector annotates it and the 5-tuple's later ones */
    if (conv != NULL)
        conversation_set_dissector(conv, quic_front);
    return nq;
}

guint8 skype_quic_state_of(const skype_quic_t *nq)
{
    return nq != NULL ? nq->state : SKYPE_QUIC_NEW;
}

void skype_quic_register(void)
{
    register_init_routine(quic_init);
}

void skype_quic_handoff(dissector_handle_t front)
{
    quic_front = front;
    quic_handle = find_dissector("quic");
}
