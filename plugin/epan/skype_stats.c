/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Skype statistics tree and conversation filter (issue: statistics and navigation). */
#include "skype_stats.h"

#include <epan/conversation_filter.h>
#include <epan/stats_tree.h>
#include <epan/tap.h>
#include <epan/to_str.h>

#include "../core/skype_phase.h"
#include "skype_compat.h"

typedef struct skype_tap_info {
    skype_ep_t client;
    guint8 phase;
    guint8 evidence;
    guint8 conv_start; /* the conversation's first frame */
} skype_tap_info_t;

static int skype_tap = -1;
static int st_frames, st_phase, st_evidence, st_convs, st_hosts;

void skype_stats_frame(packet_info *pinfo, const skype_frame_rec_t *rec, const skype_ep_t *client)
{
    skype_tap_info_t *ti;

    if (rec == NULL || rec->phase == SKYPE_PHASE_NONE || !have_tap_listener(skype_tap))
        return;
    ti = wmem_new0(pinfo->pool, skype_tap_info_t);
    if (client != NULL)
        ti->client = *client;
    else
        skype_ep_from_address(&ti->client, &pinfo->src, pinfo->srcport);
    ti->phase = rec->phase;
    ti->evidence = rec->evidence;
    ti->conv_start = rec->conv_first_frame == pinfo->num;
    tap_queue_packet(skype_tap, pinfo, ti);
}

static void skype_stats_tree_init(stats_tree *st)
{
    st_frames = stats_tree_create_node(st, "Skype frames", 0, STAT_DT_INT, TRUE);
    st_phase = stats_tree_create_node(st, "Frames by phase", st_frames, STAT_DT_INT, TRUE);
    st_evidence = stats_tree_create_node(st, "Frames by evidence", st_frames, STAT_DT_INT, TRUE);
    st_convs = stats_tree_create_node(st, "Conversations by evidence", 0, STAT_DT_INT, TRUE);
    st_hosts = stats_tree_create_node(st, "Client hosts", 0, STAT_DT_INT, TRUE);
}

static tap_packet_status skype_stats_tree_packet(stats_tree *st, packet_info *pinfo _U_, epan_dissect_t *edt _U_,
                                                 const void *p, tap_flags_t flags _U_)
{
    const skype_tap_info_t *ti = (const skype_tap_info_t *)p;
    const char *phase = skype_phase_name(ti->phase);
    const char *ev = skype_evidence_name(ti->evidence);
    char host[64];
    int h;

    if (phase == NULL || ev == NULL)
        return TAP_PACKET_DONT_REDRAW;
    if (ti->client.family == 4)
        skype_ip4_to_str_buf(ti->client.addr, host, sizeof(host));
    else
        ip6_to_str_buf((const ws_in6_addr *)ti->client.addr, host, sizeof(host));
    tick_stat_node(st, "Skype frames", 0, TRUE);
    tick_stat_node(st, "Frames by phase", st_frames, TRUE);
    tick_stat_node(st, phase, st_phase, FALSE);
    tick_stat_node(st, "Frames by evidence", st_frames, TRUE);
    tick_stat_node(st, ev, st_evidence, FALSE);
    if (ti->conv_start) {
        tick_stat_node(st, "Conversations by evidence", 0, TRUE);
        tick_stat_node(st, ev, st_convs, FALSE);
    }
    tick_stat_node(st, "Client hosts", 0, TRUE);
    h = tick_stat_node(st, host, st_hosts, TRUE);
    tick_stat_node(st, phase, h, FALSE);
    return TAP_PACKET_REDRAW;
}

/* Conversation filter: the frame's 5-tuple, for frames the plugin annotated. */
static skype_cb_bool_t skype_filter_valid(packet_info *pinfo SKYPE_CONV_FILTER_USER_DATA)
{
    return proto_is_frame_protocol(pinfo->layers, "skype") &&
           (pinfo->ptype == PT_UDP || pinfo->ptype == PT_TCP) &&
           (pinfo->src.type == AT_IPv4 || pinfo->src.type == AT_IPv6);
}

static char *skype_filter_build(packet_info *pinfo SKYPE_CONV_FILTER_USER_DATA)
{
    const char *ip = pinfo->src.type == AT_IPv6 ? "ipv6" : "ip";
    const char *l4 = pinfo->ptype == PT_TCP ? "tcp" : "udp";

    return g_strdup_printf("skype && %s.addr eq %s && %s.addr eq %s && %s.port eq %u && %s.port eq %u", ip,
                           address_to_str(pinfo->pool, &pinfo->src), ip, address_to_str(pinfo->pool, &pinfo->dst),
                           l4, pinfo->srcport, l4, pinfo->destport);
}

void skype_stats_register(void)
{
    skype_tap = register_tap("skype");
}

void skype_stats_handoff(void)
{
    stats_tree_register_plugin("skype", "skype", "Skype/Phases and evidence", 0, skype_stats_tree_packet,
                               skype_stats_tree_init, NULL);
    skype_register_conversation_filter("skype", "Skype", skype_filter_valid, skype_filter_build);
}
