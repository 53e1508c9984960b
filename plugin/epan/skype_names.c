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
 * The fronts that call this file (skype_dispatch.c): UDP 53 and TCP 53
 * (DNS responses: CNAME chains, addresses recorded with skype_dns_add),
 * TCP 443 (skype_names_tls) and UDP 443 (QUIC Initial, skype_quic.c: the
 * server name of the ClientHello in its CRYPTO frames tags the 5-tuple,
 * QUIC keeps dissecting it).
 *
 * With tcp.try_heuristic_first or udp.try_heuristic_first, TLS's, QUIC's and
 * DNS's own heuristics take their packets before the port table, so the
 * fronts never run. Then (and only then: it makes Wireshark build a tree for
 * every frame) the names postdissector, registered at file start, asks
 * Wireshark for the same fields (skype_names_wanted) and, in the first pass,
 * does for a frame no front read what the front would have done.
 */
#include "skype_names.h"

#include <epan/epan.h>
#include <epan/epan_dissect.h>
#include <epan/packet.h>
#include <epan/prefs-int.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/wmem_scopes.h>

#include "../core/skype_modern.h"
#include "../core/skype_tcp.h"
#include "skype_compat.h"
#include "skype_modern.h"
#include "skype_state.h"

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
_Static_assert(F_COUNT == SKYPE_NAMES_FIELDS, "skype_names_call_t.before: one count per field");

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

static gboolean heur_first;     /* tcp or udp.try_heuristic_first, read at file start */
static int proto_tcp_id = -1;

static epan_dissect_t prime_edt; /* epan_dissect_prime_with_hfid() reads only its (NULL) tree */
static epan_dissect_t *pending[NAMES_PENDING];
static guint32 pending_frame[NAMES_PENDING];
static guint npending;

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
static proto_tree *names_begin(skype_names_call_t *c, packet_info *pinfo, proto_tree *tree, guint first, guint last)
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

/* See skype_names.h. */
void skype_names_view(skype_names_call_t *c, proto_tree *tree)
{
    c->tree = tree;
    memset(c->before, 0, sizeof(c->before));
}

/* Occurrences of field i the call added: *out points at the first one. */
static guint names_found(const skype_names_call_t *c, guint i, field_info ***out)
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
static gboolean sni_listed(const skype_names_call_t *c)
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
static const char *cert_cn(const skype_names_call_t *c, const tvbuff_t *ds, gint start, gint len)
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
static gboolean cert_listed(const skype_names_call_t *c)
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

guint8 skype_names_tls_mode(const skype_names_call_t *c)
{
    if (sni_listed(c))
        return SKYPE_MODE_TLS;
    if (cert_listed(c))
        return SKYPE_MODE_CERT;
    return SKYPE_MODE_NONE;
}

int skype_names_tls(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data,
                    guint8 *mode)
{
    skype_names_call_t c;
    proto_tree *t = names_begin(&c, pinfo, tree, F_SNI, F_DNSNAME);
    int n = call_dissector_only(next, tvb, pinfo, t, data);

    *mode = skype_names_tls_mode(&c);
    return n;
}

gboolean skype_names_sni(const skype_names_call_t *c, gboolean *any)
{
    field_info **none;

    *any = names_found(c, F_SNI, &none) != 0;
    return sni_listed(c);
}

proto_tree *skype_names_begin_sni(skype_names_call_t *c, packet_info *pinfo, proto_tree *tree)
{
    return names_begin(c, pinfo, tree, F_SNI, F_SNI);
}

/* ---- DNS ---------------------------------------------------------------- */

/* See skype_names.h. */
void skype_names_dns_read(const skype_names_call_t *c)
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

int skype_names_dns(dissector_handle_t next, tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, void *data)
{
    skype_names_call_t c;
    proto_tree *t = names_begin(&c, pinfo, tree, F_QNAME, F_AAAA);
    int n = call_dissector_only(next, tvb, pinfo, t, data);

    skype_names_dns_read(&c);
    return n;
}

gboolean skype_names_dns_gate(tvbuff_t *tvb, packet_info *pinfo)
{
    return !PINFO_FD_VISITED(pinfo) && !pinfo->flags.in_error_pkt && tvb_captured_length(tvb) >= 12 &&
           (tvb_get_uint8(tvb, 2) & 0x80) != 0 && tvb_get_ntohs(tvb, 6) != 0;
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

/* See skype_names.h. */
tvbuff_t *skype_names_tcp_payload(proto_tree *tree)
{
    field_info *fi = last_fi(tree, proto_tcp_id), *len = last_fi(tree, hf[F_TCP_LEN]),
               *hdr = last_fi(tree, hf[F_TCP_HDR]);
    guint32 seglen;
    gint off, left;

    /* the payload: after tcp.hdr_len bytes of the TCP layer, tcp.len bytes
     * long (a frame's padding is not payload), cut to what the frame holds */
    if (fi == NULL || len == NULL || hdr == NULL || fi->ds_tvb == NULL || len->ds_tvb != fi->ds_tvb ||
        hdr->ds_tvb != fi->ds_tvb)
        return NULL;
    seglen = fvalue_get_uinteger((fvalue_t *)(uintptr_t)skype_fi_fvalue(len));
    off = fi->start + (gint)fvalue_get_uinteger((fvalue_t *)(uintptr_t)skype_fi_fvalue(hdr));
    left = tvb_reported_length_remaining(fi->ds_tvb, off);
    if (seglen == 0 || left <= 0 || tvb_captured_length_remaining(fi->ds_tvb, off) <= 0)
        return NULL;
    return tvb_new_subset_length(fi->ds_tvb, off, (gint)MIN(seglen, (guint32)left));
}

/* See skype_names.h. Read at file start (init routine), after the
 * preferences are applied. */
gboolean skype_names_heur_first(void)
{
    heur_first = pref_on("tcp", "try_heuristic_first") || pref_on("udp", "try_heuristic_first");
    return heur_first;
}

gboolean skype_names_front_read(packet_info *pinfo)
{
    return p_get_proto_data(pinfo->pool, pinfo, proto_skype, NAMES_FRONT_KEY) != NULL;
}

GArray *skype_names_wanted(int proto_quic)
{
    GArray *want = g_array_new(FALSE, FALSE, (guint)sizeof(int));

    for (guint i = 0; i < F_COUNT; i++)
        if (hf[i] > 0)
            g_array_append_val(want, hf[i]);
    if (proto_tcp_id > 0)
        g_array_append_val(want, proto_tcp_id);
    if (proto_quic > 0)
        g_array_append_val(want, proto_quic);
    return want;
}

/* ---- registration ------------------------------------------------------- */

void skype_names_register(void)
{
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
    for (guint i = 0; i < F_COUNT; i++)
        hf[i] = find_field(field_names[i].abbrev, field_names[i].type);
    proto_tcp_id = proto_get_id_by_filter_name("tcp");
}
