/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names from Wireshark's own dissection (docs/modern.md, "Names").
 *
 * The plugin does not parse TLS, QUIC, X.509 or DNS itself. Where a name may
 * be (a cheap byte gate at the ports Teams uses), the port front calls the
 * port's dissector with a proto tree in which the wanted fields are not
 * faked, and reads the fields back:
 *
 *  - priming: epan_dissect_prime_with_hfid() marks a field as referenced
 *    (hfinfo->ref_type, global; proto.c ignores the tree argument). From
 *    then until a tree holding it is freed, proto.c creates the field's
 *    items in any tree, visible or not, and lists them for
 *    proto_get_finfo_ptr_array(). Freeing or resetting a tree that holds
 *    such an item clears the mark again (proto.c, free_GPtrArray_value), so
 *    the fields are primed before every gated call;
 *  - the tree: the frame's own tree when Wireshark builds one (tshark -V,
 *    filters, the GUI); else a private epan_dissect_t's tree
 *    (epan_dissect_new(pinfo->epan, TRUE, FALSE)), freed at the first gated
 *    call of a later frame or at file close: an expert entry added to it is
 *    queued for the expert tap with a pointer to its item, and taps run at
 *    the end of the frame;
 *  - positions: field_info.start is the offset in field_info.ds_tvb, so a
 *    DNS address belongs to the dns.resp.name just before it and a
 *    commonName to the certificate whose bytes hold it.
 *
 * Fronts here: UDP 53 and TCP 53 (DNS responses: CNAME chains, addresses
 * recorded with skype_dns_add) and UDP 443 (QUIC Initial: the server name of
 * the ClientHello in its CRYPTO frames tags the 5-tuple, QUIC keeps
 * dissecting it). TCP 443 is skype_tcp.c's front, which calls
 * skype_names_tls().
 *
 * With tcp.try_heuristic_first or udp.try_heuristic_first, TLS's, QUIC's and
 * DNS's own heuristics take their packets before the port table, so the
 * fronts never run. Then (and only then: it makes Wireshark build a tree for
 * every frame) a postdissector registered at file start asks Wireshark for
 * the same fields (set_postdissector_wanted_hfids) and, in the first pass,
 * does for a frame no front read what the front would have done.
 */
#include "skype_names.h"

#include <epan/conversation.h>
#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/packet.h>
#include <epan/prefs-int.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/wmem_scopes.h>

#include "../core/skype_modern.h"
#include "../core/skype_phase.h"
#include "../core/skype_tcp.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_modern.h"
#include "skype_state.h"
#include "skype_stats.h"
#include "skype_tcp.h"

/* Fields read (-1: not registered in this Wireshark). */
enum {
    F_SNI,       /* tls.handshake.extensions_server_name */
    F_CERT,      /* tls.handshake.certificate: one certificate's bytes */
    F_SUBJECT,   /* x509af.subject */
    F_ATTR_TYPE, /* x509if.oid: AttributeType of an RDN item */
    F_TELETEX,   /* x509sat DirectoryString choices */
    F_PRINTABLE,
    F_UNIVERSAL,
    F_UTF8,
    F_BMP,
    F_DNSNAME,   /* x509ce.dNSName */
    F_QNAME,     /* dns.qry.name */
    F_RNAME,     /* dns.resp.name */
    F_CNAME,     /* dns.cname */
    F_A,         /* dns.a */
    F_AAAA,      /* dns.aaaa */
    F_TCP_LEN,   /* tcp.len: the segment's payload length (names_post only) */
    F_TCP_HDR,   /* tcp.hdr_len: its header's length in bytes (names_post only) */
    F_COUNT
};

static const struct {
    const char *abbrev;
    enum ftenum type;
} field_names[F_COUNT] = {
    {"tls.handshake.extensions_server_name", FT_STRING},
    {"tls.handshake.certificate", FT_BYTES},
    {"x509af.subject", FT_UINT32},
    {"x509if.oid", FT_OID},
    {"x509sat.teletexString", FT_STRING},
    {"x509sat.printableString", FT_STRING},
    {"x509sat.universalString", FT_STRING},
    {"x509sat.uTF8String", FT_STRING},
    {"x509sat.bmpString", FT_STRING},
    {"x509ce.dNSName", FT_STRING},
    {"dns.qry.name", FT_STRING},
    {"dns.resp.name", FT_STRING},
    {"dns.cname", FT_STRING},
    {"dns.a", FT_IPv4},
    {"dns.aaaa", FT_IPv6},
    {"tcp.len", FT_UINT32},
    {"tcp.hdr_len", FT_UINT8},
};

static int hf[F_COUNT];

#define NAMES_PENDING 8 /* private dissections kept until their frame's taps have run */
#define NAMES_MAX 32    /* occurrences of one field read per call */

#define NAMES_FRONT_KEY 0x6e66u /* pinfo proto data: a front read this frame's names (heuristics first only) */
#define QUIC_SHOWN_KEY 0x7173u  /* pinfo proto data: the QUIC annotation is in this dissection's tree */

static gboolean heur_first;     /* tcp or udp.try_heuristic_first, read at file start */
static gboolean post_tcp_first; /* the TCP postdissector was registered before names_post */
static gboolean post_quic_first; /* dissect_quic_post was registered before names_post */
static dissector_handle_t names_post;
static int proto_tcp_id = -1;

static epan_dissect_t prime_edt; /* epan_dissect_prime_with_hfid() reads only its (NULL) tree */
static epan_dissect_t *pending[NAMES_PENDING];
static guint32 pending_frame[NAMES_PENDING];
static guint npending;

/* One gated call: the tree the dissector filled, and how many occurrences of
 * each field it held before (a frame may be dissected by several calls). */
typedef struct names_call {
    proto_tree *tree;
    guint before[F_COUNT];
} names_call_t;

/* Free the private dissections of frames other than keep (all: every one). */
static void pending_free(guint32 keep, gboolean all)
{
    guint k = 0;

    for (guint i = 0; i < npending; i++) {
        /* when all are of this frame, the oldest makes room */
        if (all || pending_frame[i] != keep || (npending == NAMES_PENDING && i == 0)) {
            epan_dissect_free(pending[i]);
        } else {
            pending[k] = pending[i];
            pending_frame[k] = pending_frame[i];
            k++;
        }
    }
    npending = k;
}

static void names_cleanup(void)
{
    pending_free(0, TRUE);
}

/* The tree to hand the dissector, primed for the fields of [first, last]. */
static proto_tree *names_begin(names_call_t *c, packet_info *pinfo, proto_tree *tree, guint first, guint last)
{
    GPtrArray *a;

    if (tree == NULL) {
        epan_dissect_t *edt;
        pending_free(pinfo->num, FALSE);
        edt = epan_dissect_new(pinfo->epan, TRUE, FALSE);
        pending[npending] = edt;
        pending_frame[npending] = pinfo->num;
        npending++;
        tree = edt->tree;
    }
    c->tree = tree;
    if (heur_first) /* names_post then leaves the frame alone */
        p_add_proto_data(pinfo->pool, pinfo, proto_skype, NAMES_FRONT_KEY, GUINT_TO_POINTER(1));
    for (guint i = first; i <= last; i++) {
        c->before[i] = 0;
        if (hf[i] <= 0)
            continue;
        epan_dissect_prime_with_hfid(&prime_edt, hf[i]);
        a = proto_get_finfo_ptr_array(tree, hf[i]);
        c->before[i] = a ? a->len : 0;
    }
    return tree;
}

/* A view of every occurrence of the fields in the frame's tree (tree: any
 * node of it, not NULL), for names_post: as if one call had added them all;
 * a field the tree does not hold reads as none. Source: docs/modern.md,
 * "Names". */
static void names_view(names_call_t *c, proto_tree *tree)
{
    c->tree = tree;
    memset(c->before, 0, sizeof(c->before));
}

/* Occurrences of field i the call added: *out points at the first one. */
static guint names_found(const names_call_t *c, guint i, field_info ***out)
{
    GPtrArray *a = hf[i] > 0 ? proto_get_finfo_ptr_array(c->tree, hf[i]) : NULL;
    guint n;

    *out = NULL;
    if (a == NULL || a->len <= c->before[i])
        return 0;
    n = MIN(a->len - c->before[i], (guint)NAMES_MAX);
    *out = (field_info **)a->pdata + c->before[i];
    return n;
}

/* Field types holding a string (FT_IS_STRING from 4.2 on, IS_FT_STRING before). */
static gboolean string_type(enum ftenum t)
{
    return t == FT_STRING || t == FT_STRINGZ || t == FT_UINT_STRING || t == FT_STRINGZPAD || t == FT_STRINGZTRUNC;
}

/* The string value of a string field, or NULL. */
static const char *fi_string(const field_info *fi)
{
    if (fi == NULL || fi->hfinfo == NULL || !string_type(fi->hfinfo->type))
        return NULL;
    /* fvalue_get_string() only reads, but takes a non-const pointer */
    return fvalue_get_string((fvalue_t *)(uintptr_t)skype_fi_fvalue(fi));
}

/* Does fi lie inside [start, start + len) of the same data source? */
static gboolean fi_inside(const field_info *fi, const tvbuff_t *ds, gint start, gint len)
{
    return fi->ds_tvb == ds && fi->start >= start && fi->start < start + len;
}

/* ---- TLS and X.509 ---------------------------------------------------- */

gboolean skype_names_tls_gate(tvbuff_t *tvb, packet_info *pinfo)
{
    guint8 type;

    if (PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt || tvb_captured_length(tvb) < 6 ||
        tvb_get_uint8(tvb, 0) != 0x16)
        return FALSE;
    /* The first handshake message of the record (RFC 8446 §4, RFC 5246
     * §7.4): ClientHello, ServerHello (a Certificate may follow in the same
     * record or segment) or Certificate. Not ClientKeyExchange, Finished
     * (encrypted: any byte), NewSessionTicket. */
    type = tvb_get_uint8(tvb, 5);
    return type == 1 || type == 2 || type == 11;
}

/* The server name of a ClientHello the call added, matching the patterns? */
static gboolean sni_listed(const names_call_t *c)
{
    field_info **f;
    guint n = names_found(c, F_SNI, &f);

    for (guint i = 0; i < n; i++) {
        const char *name = fi_string(f[i]);
        if (name != NULL && skype_modern_name(name))
            return TRUE;
    }
    return FALSE;
}

/* The commonName of the certificate at [start, start + len) of ds: the
 * string after the AttributeType 2.5.4.3 inside its subject. */
static const char *cert_cn(const names_call_t *c, const tvbuff_t *ds, gint start, gint len)
{
    field_info **subj, **types;
    guint ns = names_found(c, F_SUBJECT, &subj), nt = names_found(c, F_ATTR_TYPE, &types);

    for (guint s = 0; s < ns; s++) {
        const field_info *sf = subj[s];
        if (!fi_inside(sf, ds, start, len))
            continue;
        for (guint t = 0; t < nt; t++) {
            const field_info *tf = types[t];
            const field_info *best = NULL;
            if (!fi_inside(tf, sf->ds_tvb, sf->start, sf->length) || tf->length != 3 ||
                tvb_captured_length_remaining(tf->ds_tvb, tf->start) < 3 ||
                tvb_memeql(tf->ds_tvb, tf->start, (const guint8 *)"\x55\x04\x03", 3) != 0)
                continue;
            for (guint k = F_TELETEX; k <= F_BMP; k++) {
                field_info **v;
                guint nv = names_found(c, k, &v);
                for (guint i = 0; i < nv; i++)
                    if (fi_inside(v[i], sf->ds_tvb, tf->start + 1, sf->start + sf->length - tf->start - 1) &&
                        (best == NULL || v[i]->start < best->start))
                        best = v[i];
            }
            if (best != NULL)
                return fi_string(best);
        }
    }
    return NULL;
}

/* Does one of the certificates the call added pass skype_cert_names()? */
static gboolean cert_listed(const names_call_t *c)
{
    field_info **certs, **sans;
    guint nc = names_found(c, F_CERT, &certs), nd = names_found(c, F_DNSNAME, &sans);
    const char *names[NAMES_MAX];

    for (guint i = 0; i < nc; i++) {
        const field_info *cf = certs[i];
        const char *cn = cert_cn(c, cf->ds_tvb, cf->start, cf->length);
        guint k = 0;
        if (cn == NULL)
            continue;
        for (guint d = 0; d < nd; d++)
            if (fi_inside(sans[d], cf->ds_tvb, cf->start, cf->length))
                names[k++] = fi_string(sans[d]);
        if (skype_cert_names(skype_modern_names(), cn, names, k))
            return TRUE;
    }
    return FALSE;
}

int skype_names_tls(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                    guint8 *mode)
{
    names_call_t c;
    proto_tree *t = names_begin(&c, pinfo, tree, F_SNI, F_DNSNAME);
    int n = call_dissector_only(next, tvb, pinfo, t, data);

    *mode = SKYPE_MODE_NONE;
    if (sni_listed(&c))
        *mode = SKYPE_MODE_TLS;
    else if (cert_listed(&c))
        *mode = SKYPE_MODE_CERT;
    return n;
}

/* ---- DNS ---------------------------------------------------------------- */

static dissector_handle_t dns_udp_next, dns_tcp_next; /* owners of UDP 53 and TCP 53 */

/* Record the Skype addresses of the DNS messages the call dissected. */
static void dns_read(const names_call_t *c)
{
    field_info **q, **r, **v;
    guint nq = names_found(c, F_QNAME, &q), nr = names_found(c, F_RNAME, &r);
    const char *qnames[NAMES_MAX];
    skype_dns_rr_t rrs[NAMES_MAX];
    bool skype[NAMES_MAX];

    if (nr == 0)
        return;
    for (guint i = 0; i < nq; i++)
        qnames[i] = fi_string(q[i]);
    memset(rrs, 0, sizeof(rrs));
    for (guint i = 0; i < nr; i++)
        rrs[i].owner = fi_string(r[i]);
    /* Each value belongs to the last owner name before it in its message. */
    for (guint k = F_CNAME; k <= F_AAAA; k++) {
        guint nv = names_found(c, k, &v);
        for (guint j = 0; j < nv; j++) {
            guint owner = nr;
            for (guint i = 0; i < nr; i++)
                if (r[i]->ds_tvb == v[j]->ds_tvb && r[i]->start < v[j]->start &&
                    (owner == nr || r[i]->start > r[owner]->start))
                    owner = i;
            if (owner == nr)
                continue;
            if (k == F_CNAME) {
                rrs[owner].cname = fi_string(v[j]);
            } else {
                guint len = k == F_A ? 4u : 16u;
                if ((guint)v[j]->length != len || tvb_captured_length_remaining(v[j]->ds_tvb, v[j]->start) < (gint)len)
                    continue;
                tvb_memcpy(v[j]->ds_tvb, rrs[owner].addr, v[j]->start, len);
                rrs[owner].addr_len = (guint8)len;
            }
        }
    }
    if (skype_dns_chain(skype_modern_names(), qnames, nq, rrs, nr, skype) == 0)
        return;
    for (guint i = 0; i < nr; i++)
        if (skype[i])
            skype_dns_add(rrs[i].addr, rrs[i].addr_len);
}

static int dns_call(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    names_call_t c;
    proto_tree *t = names_begin(&c, pinfo, tree, F_QNAME, F_AAAA);
    int n = call_dissector_only(next, tvb, pinfo, t, data);

    dns_read(&c);
    return n;
}

/* UDP 53 front: a response (QR bit) with answers (ANCOUNT, RFC 1035
 * §4.1.1) from port 53 is read, first pass only. */
static int dissect_dns_udp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (dns_udp_next == NULL)
        return 0;
    if (!PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && pinfo->srcport == 53 &&
        tvb_captured_length(tvb) >= 12 && (tvb_get_uint8(tvb, 2) & 0x80) != 0 && tvb_get_ntohs(tvb, 6) != 0 &&
        skype_proto_enabled())
        return dns_call(dns_udp_next, tvb, pinfo, tree, data);
    return call_dissector_only(dns_udp_next, tvb, pinfo, tree, data);
}

/*
 * TCP 53 front: every segment from port 53 is read (first pass), whatever it
 * starts with: DNS over TCP is rare, and its 2-byte length prefix and
 * reassembly (tcp_dissect_pdus) put a response's flags anywhere. TCP gave
 * the front one level of pinfo->can_desegment; it is restored so that DNS
 * can still ask for more segments.
 */
static int dissect_dns_tcp_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    if (dns_tcp_next == NULL)
        return 0;
    pinfo->can_desegment = pinfo->saved_can_desegment;
    if (!PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && pinfo->srcport == 53 && skype_proto_enabled())
        return dns_call(dns_tcp_next, tvb, pinfo, tree, data);
    return call_dissector_only(dns_tcp_next, tvb, pinfo, tree, data);
}

/* ---- QUIC --------------------------------------------------------------- */

#define QUIC_PENDING 1 /* a client Initial without a complete ClientHello yet */
#define QUIC_TAGGED 2
#define QUIC_MAX_TRIES 4 /* gated Initials read per connection before giving up */

/* Per QUIC 5-tuple the front follows: 20 bytes + map entry. */
typedef struct names_quic {
    skype_ep_t client;
    guint32 first_frame;
    guint8 state;
    guint8 phase;
    guint8 tries;
} names_quic_t;

static dissector_handle_t quic_next;    /* owner of UDP 443, if any (none in 4.0: QUIC's heuristic) */
static dissector_handle_t quic_handle;  /* "quic" */
static dissector_handle_t quic_front;
static int proto_quic = -1;
static dissector_table_t udp_port_table;
static heur_dissector_list_t udp_heur;
static wmem_map_t *quic_convs;          /* quic_key_t * -> names_quic_t, file scope */
static dissector_handle_t quic_post;

/* A UDP 5-tuple, both ends in a fixed order: the key of quic_convs. Keyed
 * by the addresses, not by Wireshark's conversation: from Wireshark 4.4 on,
 * QUIC makes itself the dissector of the 5-tuple's later datagrams, which
 * then reach neither the front nor its conversation. 40 bytes. */
typedef struct quic_key {
    skype_ep_t lo, hi;
} quic_key_t;
_Static_assert(sizeof(quic_key_t) == 40, "quic_key_t: the size the comment states");

static guint quic_key_hash(gconstpointer k)
{
    return wmem_strong_hash((const guint8 *)k, sizeof(quic_key_t));
}

static gboolean quic_key_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(quic_key_t)) == 0;
}

/* The datagram's key; FALSE for an address that is neither IPv4 nor IPv6. */
static gboolean quic_key_set(quic_key_t *k, packet_info *pinfo)
{
    skype_ep_t s, d;

    if (!skype_ep_from_address(&s, &pinfo->src, pinfo->srcport) ||
        !skype_ep_from_address(&d, &pinfo->dst, pinfo->destport))
        return FALSE;
    k->lo = memcmp(&s, &d, sizeof(s)) < 0 ? s : d;
    k->hi = memcmp(&s, &d, sizeof(s)) < 0 ? d : s;
    return TRUE;
}

static names_quic_t *quic_lookup(packet_info *pinfo)
{
    quic_key_t k;

    if (quic_convs == NULL || pinfo->ptype != PT_UDP || !quic_key_set(&k, pinfo))
        return NULL;
    return (names_quic_t *)wmem_map_lookup(quic_convs, &k);
}

static void names_post_setup(void);

static void names_init(void)
{
    quic_convs = NULL;
    names_post_setup();
}

/* QUIC long-header Initial (RFC 9000 §17.2.2: form bit, type 0) of a
 * nonzero version: the packets that carry the ClientHello. */
static gboolean quic_gate(tvbuff_t *tvb, packet_info *pinfo)
{
    return !PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && tvb_captured_length(tvb) >= 7 &&
           (tvb_get_uint8(tvb, 0) & 0xb0) == 0x80 && tvb_get_ntohl(tvb, 1) != 0;
}

/* The tag-only annotation of a tagged QUIC datagram. */
static void quic_annotate(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, names_quic_t *nq)
{
    const char *saved_proto = pinfo->current_proto;
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
    if (heur_first) {
        /* names_post and dissect_quic_post may both reach the frame */
        if (p_get_proto_data(pinfo->pool, pinfo, proto_skype, QUIC_SHOWN_KEY) != NULL)
            return;
        p_add_proto_data(pinfo->pool, pinfo, proto_skype, QUIC_SHOWN_KEY, GUINT_TO_POINTER(1));
    }
    pinfo->current_proto = "SKYPE";
    ti = proto_tree_add_item(tree, proto_skype, tvb, 0, 0, ENC_NA);
    proto_item_append_text(ti, " (tagged: QUIC)");
    st = proto_item_add_subtree(ti, skype_conv_ett());
    skype_conv_add_tree(tvb, pinfo, st, rec);
    skype_stats_frame(pinfo, rec, &nq->client);
    pinfo->current_proto = saved_proto;
}

/*
 * Postdissector, registered at the first tagged QUIC connection: the
 * annotation of every datagram of a tagged 5-tuple, whichever dissector QUIC
 * reached it through (the front, QUIC's conversation, its heuristic).
 */
static int dissect_quic_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    names_quic_t *nq = quic_lookup(pinfo);

    if (nq != NULL && nq->state == QUIC_TAGGED && !pinfo->flags.in_error_pkt && skype_proto_enabled())
        quic_annotate(tvb, pinfo, tree, nq);
    return 0;
}

static gboolean quic_post_enabled;

static void enable_quic_post(void)
{
    if (!quic_post_enabled) {
        quic_post_enabled = TRUE;
        register_postdissector(quic_post);
    }
}

/* Does another UDP port of the datagram have a dissector of its own (which
 * UDP would try before the heuristics)? */
static gboolean other_port_owned(packet_info *pinfo)
{
    guint32 other = pinfo->srcport == 443 ? pinfo->destport : pinfo->srcport;

    return other != 443 && dissector_get_uint_handle(udp_port_table, other) != NULL;
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
static names_quic_t *quic_read(const names_call_t *c, packet_info *pinfo, names_quic_t *nq, conversation_t *conv)
{
    quic_key_t key;
    field_info **none;
    gboolean listed, more;

    if (!quic_key_set(&key, pinfo))
        return NULL;
    listed = sni_listed(c);
    more = !listed && names_found(c, F_SNI, &none) == 0 && (nq ? nq->tries + 1u : 1u) < QUIC_MAX_TRIES;
    if (!listed && !more) {
        /* another name, or no name after QUIC_MAX_TRIES Initials: QUIC's alone, nothing kept */
        if (nq != NULL)
            wmem_map_remove(quic_convs, &key);
        if (conv != NULL)
            conversation_set_dissector(conv, quic_handle);
        return NULL;
    }
    if (nq == NULL) {
        if (quic_convs == NULL)
            quic_convs = wmem_map_new(wmem_file_scope(), quic_key_hash, quic_key_equal);
        nq = wmem_new0(wmem_file_scope(), names_quic_t);
        skype_ep_from_address(&nq->client, &pinfo->src, pinfo->srcport);
        wmem_map_insert(quic_convs, wmem_memdup(wmem_file_scope(), &key, sizeof(key)), nq);
    }
    nq->tries++;
    if (listed) {
        nq->state = QUIC_TAGGED;
        nq->first_frame = pinfo->num;
        enable_quic_post(); /* which annotates this datagram and the 5-tuple's later ones */
    } else {
        nq->state = QUIC_PENDING; /* the rest of the ClientHello comes in a later Initial */
    }
    if (conv != NULL)
        conversation_set_dissector(conv, quic_front);
    return nq;
}

/*
 * UDP 443 front. Wireshark 4.0 has no dissector on UDP 443: QUIC's heuristic
 * takes QUIC there and makes QUIC the 5-tuple's conversation dissector. For
 * a gated Initial the front does what UDP would do next (the port's owner if
 * any, else UDP's heuristics, unless the other port has a dissector) with a
 * primed tree. A connection whose ClientHello is not complete yet, or is
 * tagged, gets the front as conversation dissector instead of QUIC, which
 * the front then calls for every datagram, as the conversation would have.
 */
static int dissect_quic_front(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    names_quic_t *nq = quic_lookup(pinfo);
    heur_dtbl_entry_t *hdtbl = NULL;
    gboolean gate, took_quic = FALSE;
    names_call_t c;
    proto_tree *t;
    int n;

    if (!skype_proto_enabled() && nq == NULL)
        return quic_next ? call_dissector_only(quic_next, tvb, pinfo, tree, data) : 0;
    gate = quic_gate(tvb, pinfo) && skype_proto_enabled();
    if (nq != NULL && (nq->state == QUIC_TAGGED || !gate))
        return call_dissector_only(quic_handle, tvb, pinfo, tree, data); /* annotated by dissect_quic_post */
    if (!gate)
        return quic_next ? call_dissector_only(quic_next, tvb, pinfo, tree, data) : 0;
    if (nq == NULL && quic_next == NULL && other_port_owned(pinfo))
        return 0;

    t = names_begin(&c, pinfo, tree, F_SNI, F_SNI);
    if (nq != NULL) {
        n = call_dissector_only(quic_handle, tvb, pinfo, t, data);
        took_quic = TRUE;
    } else if (quic_next != NULL) {
        n = call_dissector_only(quic_next, tvb, pinfo, t, data);
        took_quic = quic_next == quic_handle;
    } else {
        n = dissector_try_heuristic(udp_heur, tvb, pinfo, t, &hdtbl, data) ? (int)tvb_captured_length(tvb) : 0;
        took_quic = n > 0 && hdtbl != NULL && hdtbl->protocol != NULL && proto_get_id(hdtbl->protocol) == proto_quic;
    }
    if (!took_quic)
        return n;
    quic_read(&c, pinfo, nq, find_or_create_conversation(pinfo));
    return n;
}

/* ---- heuristics first: the names postdissector -------------------------- */

/* Is the boolean preference module.name TRUE? FALSE when either is unknown
 * (another Wireshark). Source: docs/modern.md, "Names". */
static gboolean pref_on(const char *module, const char *name)
{
    module_t *m = prefs_find_module(module);
    pref_t *p = m != NULL ? prefs_find_preference(m, name) : NULL;

    return p != NULL && prefs_get_bool_value(p, pref_current);
}

/* The last occurrence of field hfid in the frame's tree, or NULL (none, or
 * hfid not registered). Source: docs/modern.md, "Names". */
static field_info *last_fi(proto_tree *tree, int hfid)
{
    GPtrArray *a = hfid > 0 ? proto_get_finfo_ptr_array(tree, hfid) : NULL;

    return a != NULL && a->len > 0 ? (field_info *)a->pdata[a->len - 1] : NULL;
}

/*
 * TCP, a segment to or from 443 that no front read: the 443 front's work
 * (skype_tcp_names_post) on the payload after the innermost TCP header (the
 * segment's own bytes, as the front gets a first segment; its place and size
 * from TCP's own tcp.hdr_len and tcp.len), with the mode the frame's TLS
 * fields give. Nothing without those fields in the tree, or for an empty
 * payload. Source: docs/modern.md,
 * "Names".
 */
static void post_tcp(const names_call_t *c, packet_info *pinfo, proto_tree *tree)
{
    field_info *fi = last_fi(tree, proto_tcp_id), *len = last_fi(tree, hf[F_TCP_LEN]),
               *hdr = last_fi(tree, hf[F_TCP_HDR]);
    guint8 mode = SKYPE_MODE_NONE;
    guint32 seglen;
    gint off, left;

    /* the payload: after tcp.hdr_len bytes of the TCP layer, tcp.len bytes
     * long (a frame's padding is not payload), cut to what the frame holds */
    if (fi == NULL || len == NULL || hdr == NULL || fi->ds_tvb == NULL || len->ds_tvb != fi->ds_tvb ||
        hdr->ds_tvb != fi->ds_tvb)
        return;
    seglen = fvalue_get_uinteger((fvalue_t *)(uintptr_t)skype_fi_fvalue(len));
    off = fi->start + (gint)fvalue_get_uinteger((fvalue_t *)(uintptr_t)skype_fi_fvalue(hdr));
    left = tvb_reported_length_remaining(fi->ds_tvb, off);
    if (seglen == 0 || left <= 0 || tvb_captured_length_remaining(fi->ds_tvb, off) <= 0)
        return;
    if (sni_listed(c))
        mode = SKYPE_MODE_TLS;
    else if (cert_listed(c))
        mode = SKYPE_MODE_CERT;
    skype_tcp_names_post(tvb_new_subset_length(fi->ds_tvb, off, (gint)MIN(seglen, (guint32)left)), pinfo, tree,
                         mode, post_tcp_first);
}

/*
 * UDP 443 datagram that no front read: the front's work after QUIC (its
 * gate on the first QUIC packet's first bytes, the other-port rule,
 * quic_read) without touching the conversation, QUIC's since its heuristic
 * took it. A datagram tagged here is annotated here when dissect_quic_post
 * has already run for it (registered before names_post). Nothing without a
 * QUIC layer in the tree, or when its first packet is not a long-header
 * Initial of a nonzero version. Source: docs/modern.md, "Names".
 */
static void post_quic(const names_call_t *c, packet_info *pinfo, proto_tree *tree, tvbuff_t *tvb)
{
    GPtrArray *a = proto_quic > 0 && quic_handle != NULL ? proto_get_finfo_ptr_array(tree, proto_quic) : NULL;
    const field_info *fi;
    names_quic_t *nq;

    if (a == NULL || a->len == 0)
        return;
    fi = (const field_info *)a->pdata[0];
    if (fi->ds_tvb == NULL || tvb_captured_length_remaining(fi->ds_tvb, fi->start) < 7 ||
        (tvb_get_uint8(fi->ds_tvb, fi->start) & 0xb0) != 0x80 || tvb_get_ntohl(fi->ds_tvb, fi->start + 1) == 0)
        return;
    nq = quic_lookup(pinfo);
    if (nq != NULL && nq->state == QUIC_TAGGED)
        return; /* dissect_quic_post's */
    if (nq == NULL && quic_next == NULL && other_port_owned(pinfo))
        return;
    nq = quic_read(c, pinfo, nq, NULL);
    if (nq != NULL && nq->state == QUIC_TAGGED && post_quic_first)
        quic_annotate(tvb, pinfo, tree, nq);
}

/*
 * Postdissector, active with tcp or udp.try_heuristic_first only: reads the
 * names of a first-pass frame that no front read (DNS from port 53, TLS on
 * TCP 443, QUIC on UDP 443) out of the frame's tree, which Wireshark builds
 * for the wanted fields, and does what the front would have done. Returns at
 * once otherwise (and for a frame without a tree, which then has no names,
 * or inside an ICMP error). Source: docs/modern.md, "Names".
 */
static int dissect_names_post(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data _U_)
{
    names_call_t c;

    if (!heur_first || tree == NULL || PINFO_FD_VISITED(pinfo) || pinfo->flags.in_error_pkt ||
        (pinfo->ptype != PT_TCP && pinfo->ptype != PT_UDP) || !skype_proto_enabled() ||
        p_get_proto_data(pinfo->pool, pinfo, proto_skype, NAMES_FRONT_KEY) != NULL)
        return 0;
    names_view(&c, tree);
    if (pinfo->srcport == 53)
        dns_read(&c);
    else if (pinfo->srcport == 443 || pinfo->destport == 443)
        pinfo->ptype == PT_TCP ? post_tcp(&c, pinfo, tree) : post_quic(&c, pinfo, tree, tvb);
    return 0;
}

/*
 * At file start (init routine, after the preferences are applied): with
 * tcp or udp.try_heuristic_first, register names_post (once) and ask for the
 * name fields; else want none, so that Wireshark builds no tree for it.
 * Fields this Wireshark does not have are left out. Source: docs/modern.md,
 * "Names".
 */
static void names_post_setup(void)
{
    GArray *want;

    heur_first = pref_on("tcp", "try_heuristic_first") || pref_on("udp", "try_heuristic_first");
    if (!heur_first) {
        if (names_post != NULL)
            set_postdissector_wanted_hfids(names_post, NULL);
        return;
    }
    if (names_post == NULL) {
        names_post = create_dissector_handle(dissect_names_post, proto_skype);
        post_tcp_first = skype_tcp_hooks_enabled();
        post_quic_first = quic_post_enabled;
        register_postdissector(names_post);
    }
    want = g_array_new(FALSE, FALSE, (guint)sizeof(int));
    for (guint i = 0; i < F_COUNT; i++)
        if (hf[i] > 0)
            g_array_append_val(want, hf[i]);
    if (proto_tcp_id > 0)
        g_array_append_val(want, proto_tcp_id);
    if (proto_quic > 0)
        g_array_append_val(want, proto_quic);
    set_postdissector_wanted_hfids(names_post, want); /* takes it */
}

/* ---- registration ------------------------------------------------------- */

void skype_names_register(void)
{
    quic_post = create_dissector_handle(dissect_quic_post, proto_skype);
    register_init_routine(names_init);
    register_cleanup_routine(names_cleanup);
}

/* The field's id: the registration of that type (any string type for
 * FT_STRING) when several share the name; -1 when there is none. */
static int find_field(const char *abbrev, enum ftenum type)
{
    header_field_info *h = proto_registrar_get_byname(abbrev);

    while (h != NULL && h->same_name_prev_id != -1)
        h = proto_registrar_get_nth((guint)h->same_name_prev_id);
    for (; h != NULL; h = h->same_name_next)
        if (h->type == type || (type == FT_STRING && string_type(h->type)))
            return h->id;
    return -1;
}

void skype_names_handoff(void)
{
    dissector_table_t tcp_port = find_dissector_table("tcp.port");

    for (guint i = 0; i < F_COUNT; i++)
        hf[i] = find_field(field_names[i].abbrev, field_names[i].type);
    udp_port_table = find_dissector_table("udp.port");
    udp_heur = find_heur_dissector_list("udp");
    quic_handle = find_dissector("quic");
    proto_quic = proto_get_id_by_filter_name("quic");
    proto_tcp_id = proto_get_id_by_filter_name("tcp");

    /* No protocol (-1): the fronts add no layer to what they pass on. */
    dns_udp_next = dissector_get_uint_handle(udp_port_table, 53);
    dissector_add_uint("udp.port", 53,
                       create_dissector_handle_with_name_and_description(
                           dissect_dns_udp_front, -1, "skype_dns", "Notes Skype/Teams names in DNS answers, then DNS"));
    dns_tcp_next = dissector_get_uint_handle(tcp_port, 53);
    dissector_add_uint("tcp.port", 53,
                       create_dissector_handle_with_name_and_description(
                           dissect_dns_tcp_front, -1, "skype_dns_tcp",
                           "Notes Skype/Teams names in DNS answers over TCP, then DNS"));
    if (quic_handle != NULL && udp_heur != NULL) {
        quic_next = dissector_get_uint_handle(udp_port_table, 443);
        quic_front = create_dissector_handle_with_name_and_description(
            dissect_quic_front, -1, "skype_quic", "Notes Skype/Teams server names in QUIC Initials, then QUIC");
        dissector_add_uint("udp.port", 443, quic_front);
    }
}
