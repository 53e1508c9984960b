/* SPDX-License-Identifier: GPL-2.0-or-later */
/* skype.conv.* fields and phase-change expert entries (docs/protocol.md §5). */
#include "skype_conv.h"

#include <epan/expert.h>

#include "../core/skype_phase.h"

static int hf_conv_phase = -1;
static int hf_conv_evidence = -1;
static int hf_conv_confidence = -1;
static int hf_conv_first_frame = -1;
static gint ett_conv = -1;
static expert_field ei_phase_change = EI_INIT;

/* Built at registration from the core's one table of names (skype_phase.h). */
static value_string phase_vals[SKYPE_PHASE_COUNT];
static value_string evidence_vals[SKYPE_EV_COUNT];

/* Fill vals[] (n entries: values 1..n-1, then the terminator) from the core's labels. */
static void build_vals(value_string *vals, guint n, const skype_name_pair_t *(*names)(uint8_t))
{
    guint k = 0;

    for (guint v = 1; v < n; v++)
        if (names((uint8_t)v) != NULL)
            vals[k++] = (value_string){v, names((uint8_t)v)->label};
    vals[k] = (value_string){0, NULL};
}

/* skype_evidence_confidence() (core/skype_phase.h); docs/modern.md has the table. */
static const value_string confidence_vals[] = {
    {SKYPE_CONF_WEAK, "Weak (DNS answer, link or address range alone)"},
    {SKYPE_CONF_MEDIUM, "Medium (server name or certificate)"},
    {SKYPE_CONF_STRONG, "Strong (Skype's own signature or Microsoft STUN attributes)"},
    {0, NULL}};

gint skype_conv_ett(void)
{
    return ett_conv;
}

void skype_conv_mark(skype_frame_rec_t *rec, guint8 *conv_phase, guint8 phase, guint8 evidence,
                     guint32 first_frame)
{
    if (rec == NULL)
        return;
    rec->phase_changed = skype_phase_enter(conv_phase, phase);
    rec->phase = *conv_phase;
    rec->evidence = evidence;
    rec->conv_first_frame = first_frame;
}

void skype_conv_add_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_frame_rec_t *rec)
{
    proto_item *ti;
    proto_tree *ct;

    if (rec == NULL || rec->phase == SKYPE_PHASE_NONE)
        return;
    if (tree == NULL) {
        /* No items to add (each would be NULL); the expert entry still counts. */
        if (rec->phase_changed)
            expert_add_info_format(pinfo, NULL, &ei_phase_change, "Skype phase: %s",
                                   val_to_str_const(rec->phase, phase_vals, "?"));
        return;
    }
    ti = proto_tree_add_uint(tree, hf_conv_phase, tvb, 0, 0, rec->phase);
    proto_item_set_generated(ti);
    ct = proto_item_add_subtree(ti, ett_conv);
    proto_item_set_generated(proto_tree_add_uint(ct, hf_conv_evidence, tvb, 0, 0, rec->evidence));
    proto_item_set_generated(
        proto_tree_add_uint(ct, hf_conv_confidence, tvb, 0, 0, skype_evidence_confidence(rec->evidence)));
    proto_item_set_generated(proto_tree_add_uint(ct, hf_conv_first_frame, tvb, 0, 0, rec->conv_first_frame));
    if (rec->phase_changed)
        expert_add_info_format(pinfo, ti, &ei_phase_change, "Skype phase: %s",
                               val_to_str_const(rec->phase, phase_vals, "?"));
}

void skype_conv_register(void)
{
    static hf_register_info hf[] = {
        {&hf_conv_phase,
         {"Session phase", "skype.conv.phase", FT_UINT8, BASE_DEC, VALS(phase_vals), 0x0,
          "Phase of the Skype session this frame's conversation is in (docs/protocol.md §5)", HFILL}},
        {&hf_conv_evidence,
         {"Evidence", "skype.conv.evidence", FT_UINT8, BASE_DEC, VALS(evidence_vals), 0x0,
          "Why the conversation is taken for Skype (docs/protocol.md §5)", HFILL}},
        {&hf_conv_confidence,
         {"Confidence", "skype.conv.confidence", FT_UINT8, BASE_DEC, VALS(confidence_vals), 0x0,
          "Ordered strength of the evidence: 3 Skype's own signature or Microsoft STUN attributes, "
          "2 server name or certificate, 1 DNS answer, link or address range alone (docs/modern.md)",
          HFILL}},
        {&hf_conv_first_frame,
         {"Conversation first frame", "skype.conv.first_frame", FT_FRAMENUM, BASE_NONE, NULL, 0x0,
          "First frame the plugin recognised in this conversation", HFILL}},
    };
    static gint *ett[] = {&ett_conv};
    static ei_register_info ei[] = {
        {&ei_phase_change,
         {"skype.expert.phase", PI_SEQUENCE, PI_CHAT, "Skype session phase change", EXPFILL}},
    };
    expert_module_t *expert;

    build_vals(phase_vals, G_N_ELEMENTS(phase_vals), skype_phase_names);
    build_vals(evidence_vals, G_N_ELEMENTS(evidence_vals), skype_evidence_names);
    expert = expert_register_protocol(proto_skype);
    proto_register_field_array(proto_skype, hf, array_length(hf));
    proto_register_subtree_array(ett, array_length(ett));
    expert_register_field_array(expert, ei, array_length(ei));
}
