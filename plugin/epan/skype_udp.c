/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Skype over UDP: Start-of-Message framing (docs/protocol.md §2) and the UDP
 * probe U1-U4 (§3). Heuristic "skype_som_udp", dissector "skype_som" (Decode
 * As on a UDP port, the conversation dissector of every confirmed client and
 * of every probe linked to a TCP handshake, §6).
 *
 * Labels follow the evidence (§3.2): a request is called U1 only once the far
 * side answers it as a probe (U2 with its ID, or a U4); until then, and if no
 * such answer comes, it is a request of function 0x02 ("Keep-alive/probe")
 * in the conversation's phase.
 *
 * The signature logic is in ../core, the per-5-tuple state and the
 * first-pass analysis in skype_udp_state.c; this file builds the tree and
 * the columns, and runs the heuristic's reject path and candidate table.
 */
#include "skype_udp.h"
#include "skype_udp_state.h"

#include <string.h>

#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/to_str.h>

#include "../core/skype_phase.h"
#include "../core/skype_probe.h"
#include "../core/skype_som.h"
#include "../core/skype_udp_flow.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_state.h"
#include "skype_stats.h"

static dissector_handle_t som_handle; /* "skype_som" (skype_dispatch.c): confirmed clients get it */

static int hf_som_id = -1;
static int hf_som_func = -1;
static int hf_som_rnd = -1;
static int hf_som_body = -1;
static int hf_som_request_in = -1;
static int hf_som_response_in = -1;
static int hf_client_confirmed_in = -1;
static int hf_client_evidence = -1;
static int hf_probe_msg = -1;
static int hf_probe_kind = -1;
static int hf_probe_result = -1;
static int hf_probe_public_addr = -1;
static int hf_probe_sn_addr = -1;
static int hf_probe_nonce_c = -1;
static int hf_probe_nonce_s = -1;
static int hf_probe_bootstrap = -1;
static int hf_probe_u1_in = -1;

static gint ett_som = -1;
static gint ett_probe = -1;

static expert_field ei_som_truncated = EI_INIT;
static expert_field ei_probe_truncated = EI_INIT;
static expert_field ei_probe_nonce_mismatch = EI_INIT;
static expert_field ei_probe_size = EI_INIT;
static expert_field ei_probe_negative = EI_INIT;
static expert_field ei_client_confirmed = EI_INIT;

static const value_string som_func_vals[] = {
    {SKYPE_FUNC_PING, "Keep-alive/probe (U1, U4)"},
    {SKYPE_FUNC_CONFIRM, "Probe confirm (U3)"},
    {SKYPE_FUNC_CHALLENGE, "Probe challenge (U2)"},
    {SKYPE_FUNC_DATA, "Data"},
    {SKYPE_FUNC_CONNMGMT, "Connection management"},
    {0, NULL}};

static const value_string probe_msg_vals[] = {
    {SKYPE_U1, "U1 probe request"},
    {SKYPE_U2, "U2 probe challenge"},
    {SKYPE_U3, "U3 probe confirm"},
    {SKYPE_U4, "U4 probe reply"},
    {0, NULL}};

static const value_string probe_kind_vals[] = {
    {SKYPE_PROBE_FULL, "Full (U1 U2 U3 U4)"},
    {SKYPE_PROBE_PARTIAL, "Partial (U1 U4)"},
    {0, NULL}};

static const value_string probe_result_vals[] = {
    {SKYPE_PROBE_POSITIVE, "Positive (18-byte U4: TCP to this SN follows)"},
    {SKYPE_PROBE_NEGATIVE, "Negative (51/53-byte U4)"},
    {0, NULL}};

static const value_string client_evidence_vals[] = {
    {SKYPE_CONFIRM_ID_CHAIN, "Request IDs advancing by 2 across destinations"},
    {SKYPE_CONFIRM_PROBE, "Full UDP probe with echoed nonces"},
    {0, NULL}};


static void add_probe_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_frame_rec_t *rec)
{
    proto_item *ti;
    proto_tree *pt;
    guint caplen = tvb_captured_length(tvb);
    guint32 sn_port = rec->probe_msg == SKYPE_U1 || rec->probe_msg == SKYPE_U3 ? pinfo->destport : pinfo->srcport;

    ti = proto_tree_add_uint(tree, hf_probe_msg, tvb, 0, SKYPE_SOM_LEN, rec->probe_msg);
    pt = proto_item_add_subtree(ti, ett_probe);
    /* Without a tree (pt NULL) only the expert entries below are made: the
     * items would all be NULL, and their bytes are checked present. */
    if (pt != NULL) {
        if (rec->probe_kind != SKYPE_PROBE_KIND_UNKNOWN)
            proto_item_set_generated(proto_tree_add_uint(pt, hf_probe_kind, tvb, 0, 0, rec->probe_kind));
        if (rec->u1_frame != 0 && rec->u1_frame != pinfo->num)
            proto_item_set_generated(proto_tree_add_uint(pt, hf_probe_u1_in, tvb, 0, 0, rec->u1_frame));
        proto_item_set_generated(
            proto_tree_add_boolean(pt, hf_probe_bootstrap, tvb, 0, 0, sn_port == SKYPE_BOOTSTRAP_PORT));
    }

    switch (rec->probe_msg) {
    case SKYPE_U1:
        if (pt != NULL && caplen >= SKYPE_U1_MIN_LEN)
            proto_tree_add_item(pt, hf_probe_nonce_c, tvb, SKYPE_U1_NONCE_C_OFF, 4, ENC_BIG_ENDIAN);
        break;
    case SKYPE_U2:
        if (pt != NULL && caplen >= SKYPE_U2_LEN) {
            proto_tree_add_item(pt, hf_probe_public_addr, tvb, SKYPE_U2_PUBLIC_ADDR_OFF, 4, ENC_BIG_ENDIAN);
            proto_tree_add_item(pt, hf_probe_nonce_s, tvb, SKYPE_U2_NONCE_S_OFF, 4, ENC_BIG_ENDIAN);
        }
        break;
    case SKYPE_U3:
        if (pt != NULL && caplen >= SKYPE_U3_MIN_LEN) {
            proto_tree_add_item(pt, hf_probe_nonce_s, tvb, SKYPE_U3_NONCE_S_OFF, 4, ENC_BIG_ENDIAN);
            proto_tree_add_item(pt, hf_probe_sn_addr, tvb, SKYPE_U3_SN_ADDR_OFF, 4, ENC_BIG_ENDIAN);
            proto_tree_add_item(pt, hf_probe_nonce_c, tvb, SKYPE_U3_NONCE_C_OFF, 4, ENC_BIG_ENDIAN);
        }
        if (rec->probe_flags & (SKYPE_PROBE_F_NONCE_S_MISMATCH | SKYPE_PROBE_F_NONCE_C_MISMATCH))
            expert_add_info_format(pinfo, ti, &ei_probe_nonce_mismatch, "U3 does not echo the nonce%s of %s",
                                   (rec->probe_flags & SKYPE_PROBE_F_NONCE_S_MISMATCH) &&
                                           (rec->probe_flags & SKYPE_PROBE_F_NONCE_C_MISMATCH)
                                       ? "s"
                                       : "",
                                   (rec->probe_flags & SKYPE_PROBE_F_NONCE_S_MISMATCH)
                                       ? ((rec->probe_flags & SKYPE_PROBE_F_NONCE_C_MISMATCH) ? "U2 and U1" : "U2")
                                       : "U1");
        break;
    case SKYPE_U4:
        proto_item_set_generated(proto_tree_add_uint(pt, hf_probe_result, tvb, 0, 0, rec->probe_result));
        if (rec->probe_result == SKYPE_PROBE_NEGATIVE)
            expert_add_info_format(pinfo, ti, &ei_probe_negative,
                                   "Negative UDP probe: the SN will not be contacted again (%u-byte U4)",
                                   tvb_reported_length(tvb));
        break;
    default:
        break;
    }
    if (rec->probe_flags & SKYPE_PROBE_F_TRUNCATED)
        expert_add_info_format(pinfo, ti, &ei_probe_truncated, "%s is truncated (%u bytes)",
                               val_to_str_const(rec->probe_msg, probe_msg_vals, "Probe message"),
                               tvb_reported_length(tvb));
    if (rec->probe_flags & SKYPE_PROBE_F_SIZE_MISMATCH)
        expert_add_info(pinfo, ti, &ei_probe_size);
}

/* Lower-case hex of v in `digits` digits, NUL-terminated, into out (digits + 1 bytes). */
static const char *hex_str(char *out, guint v, guint digits)
{
    static const char hex[] = "0123456789abcdef";

    for (guint i = 0; i < digits; i++)
        out[i] = hex[(v >> (4 * (digits - 1 - i))) & 0xFu];
    out[digits] = '\0';
    return out;
}

/* Decimal of v, NUL-terminated, into out (at least 11 bytes). */
static const char *dec_str(char *out, guint32 v)
{
    char tmp[10];
    guint n = 0, i = 0;

    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    while (n > 0)
        out[i++] = tmp[--n];
    out[i] = '\0';
    return out;
}

/* IPv4 address at offset, dotted quad, into out (at least 16 bytes). */
static const char *tvb_ip4_str(char *out, tvbuff_t *tvb, gint offset)
{
    guint8 ad[4];

    tvb_memcpy(tvb, ad, offset, sizeof(ad));
    skype_ip4_to_str_buf(ad, out, 16);
    return out;
}

/* The Info column: built from fixed strings and hand-formatted numbers with
 * col_add_lstr, no printf (this runs for every Skype datagram). */
static void set_info(tvbuff_t *tvb, packet_info *pinfo, const skype_som_t *som, const skype_frame_rec_t *rec)
{
    guint caplen = tvb_captured_length(tvb);
    char id[5], num[16];
    const char *func;

    switch (rec ? rec->probe_msg : 0) {
    case SKYPE_U1:
        col_add_lstr(pinfo->cinfo, COL_INFO, "U1 probe request, ID 0x", hex_str(id, som->id, 4),
                     pinfo->destport == SKYPE_BOOTSTRAP_PORT ? " (bootstrap SN)" : "", COL_ADD_LSTR_TERMINATOR);
        return;
    case SKYPE_U2:
        if (caplen >= SKYPE_U2_LEN)
            col_add_lstr(pinfo->cinfo, COL_INFO, "U2 probe challenge, public address ",
                         tvb_ip4_str(num, tvb, SKYPE_U2_PUBLIC_ADDR_OFF), COL_ADD_LSTR_TERMINATOR);
        else
            col_set_str(pinfo->cinfo, COL_INFO, "U2 probe challenge (truncated)");
        return;
    case SKYPE_U3:
        if (caplen >= SKYPE_U3_MIN_LEN)
            col_add_lstr(pinfo->cinfo, COL_INFO, "U3 probe confirm, SN ", tvb_ip4_str(num, tvb, SKYPE_U3_SN_ADDR_OFF),
                         COL_ADD_LSTR_TERMINATOR);
        else
            col_set_str(pinfo->cinfo, COL_INFO, "U3 probe confirm (truncated)");
        return;
    case SKYPE_U4:
        col_add_lstr(pinfo->cinfo, COL_INFO, "U4 probe reply, ",
                     rec->probe_result == SKYPE_PROBE_POSITIVE ? "positive" : "negative", " (",
                     rec->probe_kind == SKYPE_PROBE_FULL ? "full" : "partial", " probe, ",
                     dec_str(num, tvb_reported_length(tvb)), " bytes)", COL_ADD_LSTR_TERMINATOR);
        return;
    default:
        break;
    }
    func = try_val_to_str(som->func, som_func_vals);
    col_add_lstr(pinfo->cinfo, COL_INFO, func ? func : "Function 0x", func ? "" : hex_str(num, som->func, 2),
                 ", ID 0x", hex_str(id, som->id, 4), rec != NULL && skype_rec_request_in(rec) != 0 ? " (response)" : "",
                 COL_ADD_LSTR_TERMINATOR);
}

/* Dissect as SoM. src/dst: the packet's endpoints (family 0 if not IP);
 * client: its confirmed client or NULL, client_is_src: which side that is
 * (skype_client_of_eps, looked up once per packet by the caller). */
static int dissect_som_common(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_confirm_t *conf,
                              const skype_ep_t *src, const skype_ep_t *dst, const skype_client_t *client,
                              gboolean client_is_src)
{
    proto_item *ti;
    proto_tree *st;
    skype_frame_rec_t *rec;
    skype_som_t som;
    guint8 hdr[SKYPE_SOM_LEN];
    guint caplen = tvb_captured_length(tvb);

    if (pinfo->flags.in_error_pkt)
        return 0;

    col_set_str(pinfo->cinfo, COL_PROTOCOL, "Skype");
    /* Without a tree (tshark's first pass, or no -V, -T or filter) only the
     * columns and expert entries are made: every item would be NULL, and the
     * bytes of each are checked present before it is added (so
     * proto_tree_add_item would throw nothing). */
    ti = tree != NULL ? proto_tree_add_item(tree, proto_skype, tvb, 0, -1, ENC_NA) : NULL;
    st = proto_item_add_subtree(ti, ett_som);

    if (caplen < SKYPE_SOM_LEN) {
        col_set_str(pinfo->cinfo, COL_INFO, "Truncated SoM");
        expert_add_info_format(pinfo, ti, &ei_som_truncated,
                               "Datagram of %u bytes is shorter than the 3-byte Start of Message",
                               tvb_reported_length(tvb));
        return caplen > 0 ? (int)caplen : 1;
    }

    rec = PINFO_FD_VISITED(pinfo) ? skype_frame_rec(pinfo->num)
                                  : skype_udp_analyse(tvb, pinfo, conf, src, dst, client, client_is_src);
    tvb_memcpy(tvb, hdr, 0, SKYPE_SOM_LEN);
    skype_som_parse(hdr, SKYPE_SOM_LEN, &som);

    if (st != NULL) {
        proto_item_append_text(ti, ", SoM ID 0x%04x", som.id);
        proto_tree_add_item(st, hf_som_id, tvb, 0, 2, ENC_BIG_ENDIAN);
        proto_tree_add_item(st, hf_som_func, tvb, 2, 1, ENC_NA);
        proto_tree_add_item(st, hf_som_rnd, tvb, 2, 1, ENC_NA);
    }

    if (client != NULL) {
        proto_item *ci = NULL;
        if (st != NULL) {
            ci = proto_tree_add_uint(st, hf_client_confirmed_in, tvb, 0, 0, client->confirmed_in);
            proto_item_set_generated(ci);
            proto_item_set_generated(proto_tree_add_uint(st, hf_client_evidence, tvb, 0, 0, client->how));
        }
        if (client->confirmed_in == pinfo->num)
            expert_add_info_format(pinfo, ci, &ei_client_confirmed, "Skype client %s:%u confirmed: %s",
                                   address_to_str(pinfo->pool, client_is_src ? &pinfo->src : &pinfo->dst),
                                   client_is_src ? pinfo->srcport : pinfo->destport,
                                   val_to_str_const(client->how, client_evidence_vals, "evidence"));
    }

    if (rec != NULL) {
        if (st != NULL && skype_rec_request_in(rec) != 0)
            proto_item_set_generated(
                proto_tree_add_uint(st, hf_som_request_in, tvb, 0, 0, skype_rec_request_in(rec)));
        if (st != NULL && skype_rec_response_in(rec) != 0)
            proto_item_set_generated(
                proto_tree_add_uint(st, hf_som_response_in, tvb, 0, 0, skype_rec_response_in(rec)));
        if (rec->probe_msg != SKYPE_PROBE_NONE)
            add_probe_tree(tvb, pinfo, st, rec);
    }
    if (st != NULL && caplen > SKYPE_SOM_LEN)
        proto_tree_add_item(st, hf_som_body, tvb, SKYPE_SOM_LEN, -1, ENC_NA);
    skype_conv_add_tree(tvb, pinfo, st, rec);
    skype_stats_frame(pinfo, rec, client ? &client->ep : NULL);

    set_info(tvb, pinfo, &som, rec);
    return (int)caplen;
}

/* The packet's endpoints (family 0 when not IP) and its confirmed client. */
static const skype_client_t *packet_eps(const packet_info *pinfo, skype_ep_t *src, skype_ep_t *dst,
                                        gboolean *client_is_src)
{
    if (!skype_ep_from_address(src, &pinfo->src, pinfo->srcport))
        memset(src, 0, sizeof(*src));
    if (!skype_ep_from_address(dst, &pinfo->dst, pinfo->destport))
        memset(dst, 0, sizeof(*dst));
    *client_is_src = TRUE;
    return skype_client_of_eps(src, dst, client_is_src);
}

/* See skype_udp.h. */
int skype_udp_som(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree)
{
    skype_ep_t src, dst;
    gboolean client_is_src;
    const skype_client_t *client;

    if (pinfo->flags.in_error_pkt)
        return 0;
    client = packet_eps(pinfo, &src, &dst, &client_is_src);
    return dissect_som_common(tvb, pinfo, tree, NULL, &src, &dst, client, client_is_src);
}

/* See skype_udp.h. */
gboolean skype_udp_heur(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, skype_udp_try_t try_modern)
{
    skype_ep_t src, dst;
    skype_confirm_t conf;
    gboolean client_is_src;
    const skype_client_t *client;
    guint8 buf[SKYPE_U3_MIN_LEN];
    guint caplen = tvb_captured_length(tvb);

    if (caplen < SKYPE_SOM_LEN || pinfo->flags.in_error_pkt)
        return FALSE;
    /* The endpoints are converted only when a lookup needs them: while the
     * capture has a confirmed client, and for datagrams that could start a
     * probe. */
    if (skype_client_count() != 0) {
        client = packet_eps(pinfo, &src, &dst, &client_is_src);
        if (client != NULL) {
            dissect_som_common(tvb, pinfo, tree, NULL, &src, &dst, client, client_is_src);
            return TRUE;
        }
    } else {
        src.family = 0;
    }
    if (try_modern != NULL && try_modern(tvb, pinfo, tree))
        return TRUE;
    if (PINFO_FD_VISITED(pinfo) || !skype_cand_interesting(tvb_get_uint8(tvb, 2)))
        return FALSE;
    if (src.family == 0)
        packet_eps(pinfo, &src, &dst, &client_is_src);
    if (src.family == 0 || dst.family == 0)
        return FALSE;

    caplen = MIN(caplen, (guint)sizeof(buf));
    tvb_memcpy(tvb, buf, 0, caplen);
    if (tvb_reported_length(tvb) == SKYPE_U4_POSITIVE_LEN && (buf[2] & SKYPE_SOM_FUNC_MASK) == SKYPE_FUNC_PING) {
        /* A positive U4 to an unconfirmed endpoint: kept for the TCP that may
         * link it (docs/protocol.md §6). */
        guint32 u1_frame = 0;
        if (skype_cand_probe_reply(skype_cand_table(), &src, &dst, buf, caplen, tvb_reported_length(tvb),
                                   &u1_frame) == SKYPE_PROBE_POSITIVE)
            skype_link_add(skype_link_table(TRUE), &dst, &src, u1_frame, pinfo->num,
                           skype_time_us(&pinfo->abs_ts));
    }
    if (!skype_cand_observe(skype_cand_table(), &src, &dst, buf, caplen, tvb_reported_length(tvb), pinfo->num,
                            &conf))
        return FALSE;
    if (skype_client_add(&conf, pinfo->num, som_handle) == NULL)
        return FALSE;
    client = skype_client_of_eps(&src, &dst, &client_is_src);
    dissect_som_common(tvb, pinfo, tree, &conf, &src, &dst, client, client_is_src);
    return TRUE;
}

void skype_udp_register(dissector_handle_t conv_handle)
{
    static hf_register_info hf[] = {
        {&hf_som_id,
         {"Message ID", "skype.som.id", FT_UINT16, BASE_HEX, NULL, 0x0,
          "SoM bytes 0-1; requests a client initiates advance by 2 (docs/protocol.md §2)", HFILL}},
        {&hf_som_func,
         {"Function", "skype.som.func", FT_UINT8, BASE_HEX, VALS(som_func_vals), SKYPE_SOM_FUNC_MASK,
          "SoM byte 2 & 0x8F (docs/protocol.md §2)", HFILL}},
        {&hf_som_rnd,
         {"Obfuscation bits", "skype.som.rnd", FT_UINT8, BASE_HEX, NULL, SKYPE_SOM_RND_MASK,
          "SoM byte 2 & 0x70, random (docs/protocol.md §2)", HFILL}},
        {&hf_som_body,
         {"Body", "skype.som.body", FT_BYTES, BASE_NONE, NULL, 0x0, "Bytes after the SoM (mostly encrypted)",
          HFILL}},
        {&hf_som_request_in,
         {"Request in", "skype.som.request_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
          "The request with this message ID, sent the other way", HFILL}},
        {&hf_som_response_in,
         {"Response in", "skype.som.response_in", FT_FRAMENUM, BASE_NONE, FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
          "The reply that echoes this request's message ID", HFILL}},
        {&hf_client_confirmed_in,
         {"Client confirmed in", "skype.client.confirmed_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "Frame whose datagram completed the evidence that this ip:port is a Skype client", HFILL}},
        {&hf_client_evidence,
         {"Client evidence", "skype.client.evidence", FT_UINT8, BASE_DEC, VALS(client_evidence_vals), 0x0,
          "How the Skype client was recognised", HFILL}},
        {&hf_probe_msg,
         {"UDP probe message", "skype.probe.msg", FT_UINT8, BASE_DEC, VALS(probe_msg_vals), 0x0,
          "U1-U4 of the supernode probe; U1 only once answered (docs/protocol.md §3)", HFILL}},
        {&hf_probe_kind,
         {"Probe kind", "skype.probe.kind", FT_UINT8, BASE_DEC, VALS(probe_kind_vals), 0x0,
          "Full: U1 U2 U3 U4; partial: U1 U4", HFILL}},
        {&hf_probe_result,
         {"Probe result", "skype.probe.result", FT_UINT8, BASE_DEC, VALS(probe_result_vals), 0x0,
          "From the U4 size: 18 bytes positive, 51 or 53 negative", HFILL}},
        {&hf_probe_public_addr,
         {"Client public address", "skype.probe.public_addr", FT_IPv4, BASE_NONE, NULL, 0x0,
          "U2 bytes 3-6: the client's address as the SN sees it", HFILL}},
        {&hf_probe_sn_addr,
         {"SN address", "skype.probe.sn_addr", FT_IPv4, BASE_NONE, NULL, 0x0,
          "U3 bytes 8-11: the supernode's address", HFILL}},
        {&hf_probe_nonce_c,
         {"Client nonce", "skype.probe.nonce_c", FT_UINT32, BASE_HEX, NULL, 0x0,
          "U1 bytes 7-10, echoed in U3 bytes 12-15", HFILL}},
        {&hf_probe_nonce_s,
         {"SN nonce", "skype.probe.nonce_s", FT_UINT32, BASE_HEX, NULL, 0x0,
          "U2 bytes 7-10, echoed in U3 bytes 4-7", HFILL}},
        {&hf_probe_bootstrap,
         {"Bootstrap SN", "skype.probe.bootstrap", FT_BOOLEAN, BASE_NONE, NULL, 0x0,
          "The SN side uses UDP port 33033, the port of the built-in bootstrap SNs", HFILL}},
        {&hf_probe_u1_in,
         {"U1 in", "skype.probe.u1_in", FT_FRAMENUM, BASE_NONE, NULL, 0x0, "The U1 that opened this probe",
          HFILL}},
    };
    static gint *ett[] = {&ett_som, &ett_probe};
    static ei_register_info ei[] = {
        {&ei_som_truncated,
         {"skype.expert.som_truncated", PI_MALFORMED, PI_ERROR, "Datagram shorter than the 3-byte SoM",
          EXPFILL}},
        {&ei_probe_truncated,
         {"skype.expert.probe_truncated", PI_MALFORMED, PI_ERROR, "Probe message is truncated", EXPFILL}},
        {&ei_probe_nonce_mismatch,
         {"skype.expert.nonce_mismatch", PI_PROTOCOL, PI_WARN, "U3 does not echo the nonces of U1/U2", EXPFILL}},
        {&ei_probe_size,
         {"skype.expert.probe_size", PI_PROTOCOL, PI_NOTE, "Probe message size differs from docs/protocol.md §3", EXPFILL}},
        {&ei_probe_negative,
         {"skype.expert.probe_negative", PI_SEQUENCE, PI_NOTE, "Negative UDP probe", EXPFILL}},
        {&ei_client_confirmed,
         {"skype.expert.client_confirmed", PI_SEQUENCE, PI_CHAT, "Skype client confirmed", EXPFILL}},
    };
    expert_module_t *expert = expert_register_protocol(proto_skype);

    proto_register_field_array(proto_skype, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
    som_handle = conv_handle;
    skype_udp_state_register(conv_handle);
}

