/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Conversation annotations shared by the UDP and TCP sides (docs/protocol.md §5):
 * skype.conv.phase, skype.conv.evidence, skype.conv.first_frame on every
 * frame of a recognised conversation, and one PI_SEQUENCE/PI_CHAT expert
 * entry per phase change.
 */
#ifndef SKYPE_CONV_H
#define SKYPE_CONV_H

#include <epan/packet.h>

#include "skype_state.h"

void skype_conv_register(void);

/* Subtree index for the plugin's top item where a dissector has none of its own. */
gint skype_conv_ett(void);

/* First pass: put frame rec in `phase` (0: the conversation's current one),
 * with the conversation's evidence and first frame; moves *conv_phase and
 * notes a change. */
void skype_conv_mark(skype_frame_rec_t *rec, guint8 *conv_phase, guint8 phase, guint8 evidence,
                     guint32 first_frame);

/* Any pass: add the skype.conv.* items of rec under tree (and the phase-change
 * expert entry on the frame that changed the phase). */
void skype_conv_add_tree(tvbuff_t *tvb, packet_info *pinfo, proto_tree *tree, const skype_frame_rec_t *rec);

#endif /* SKYPE_CONV_H */
