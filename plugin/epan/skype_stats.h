/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Statistics and navigation: the "skype" tap, the Statistics -> Skype tree
 * (tshark -z skype,tree) and the "Skype" conversation filter.
 */
#ifndef SKYPE_STATS_H
#define SKYPE_STATS_H

#include <epan/packet.h>

#include "skype_state.h"

void skype_stats_register(void);
void skype_stats_handoff(void);

/* Report one annotated frame to the tap (only while someone listens):
 * its phase/evidence from rec, client the Skype client or initiator side
 * (NULL: the frame's source). Costs one check when nobody listens. */
void skype_stats_frame(packet_info *pinfo, const skype_frame_rec_t *rec, const skype_ep_t *client);

#endif /* SKYPE_STATS_H */
