/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP connections tagged by a TLS name (skype_tcp_tag.h; docs/modern.md, "Names"). */
#include "skype_tcp_tag.h"

#include <string.h>

#include <epan/conversation.h>

#include "../core/skype_phase.h"
#include "../core/skype_call_join.h"
#include "../core/skype_tcp.h"
#include "skype_calls.h"
#include "skype_state.h"

skype_tcp_conv_t *skype_tcp_tag_named(packet_info *pinfo, guint8 mode)
{
    skype_tcp_conv_t *tc;
    skype_ep_t client;

    if (PINFO_FD_VISITED(pinfo) || pinfo->ptype != PT_TCP ||
        conversation_get_proto_data(find_or_create_conversation(pinfo), proto_skype) != NULL)
        return NULL;
    memset(&client, 0, sizeof(client));
    if (mode == SKYPE_MODE_CERT)
        skype_ep_from_address(&client, &pinfo->dst, pinfo->destport); /* the server sent it */
    else
        skype_ep_from_address(&client, &pinfo->src, pinfo->srcport);
    guint8 phase;

    tc = skype_tcp_conv_new(pinfo, &client, mode, skype_tcp_mode_evidence(mode, FALSE), FALSE);
    phase = mode == SKYPE_MODE_CERT ? skype_tcp_tag_call_leg(tc, pinfo, &pinfo->src, (guint16)pinfo->srcport)
                                    : skype_tcp_tag_call_leg(tc, pinfo, &pinfo->dst, (guint16)pinfo->destport);
    skype_tcp_init(&tc->st, mode, FALSE);
    if (mode == SKYPE_MODE_CERT) {
        /* The certificate's frame is the change point; later segments are in
         * that phase already (no second phase-change entry). The
         * postdissector annotates the frame. */
        tc->phase = phase;
        skype_timeline_add(&tc->timeline, pinfo->num, tc->phase);
    } else {
        skype_timeline_add(&tc->timeline, pinfo->num, phase); /* for the postdissector */
    }
    return tc;
}

guint8 skype_tcp_tag_call_leg(skype_tcp_conv_t *tc, packet_info *pinfo, const address *server, guint16 server_port)
{
    /* From a Teams media port to a Transport Relay on 443 or 3478-3481: a
     * call's TCP leg (docs/modern.md, "Calls") */
    if (tc->leg == NULL &&
        skype_call_tls_leg_due(tc->mode, tc->client.port, server_port, skype_relay_address(server)))
        tc->leg = skype_calls_tcp_leg(pinfo, &tc->client);
    return tc->leg != NULL ? SKYPE_PHASE_RELAY : skype_tcp_mode_phase(tc->mode);
}
