/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The plugin itself (docs/design.md): its version, and the order in which
 * its concerns register their fields and find what they need. Wireshark's
 * entry points are all in skype_dispatch.c.
 *
 * Wireshark 4.0 ships a minimal built-in "skype" protocol (fields
 * skype.som.id, skype.som.type; heuristic skype_udp, disabled by default).
 * This plugin registers its fields under that protocol when it exists, so the
 * display filter "skype" matches every frame either one annotates, and
 * registers the protocol itself only where no built-in exists.
 */
#include <epan/packet.h>
#include <epan/proto.h>
#include <ws_symbol_export.h>
#include <ws_version.h>

#include "skype_calls.h"
#include "skype_compat.h"
#include "skype_conv.h"
#include "skype_dispatch.h"
#include "skype_modern.h"
#include "skype_names.h"
#include "skype_quic.h"
#include "skype_state.h"
#include "skype_stats.h"
#include "skype_tcp.h"
#include "skype_udp.h"

#ifndef SKYPE_PLUGIN_VERSION
#define SKYPE_PLUGIN_VERSION "0.0.0"
#endif

int proto_skype = -1;

WS_DLL_PUBLIC_DEF const gchar plugin_version[] = SKYPE_PLUGIN_VERSION;
WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;

WS_DLL_PUBLIC void plugin_register(void);
#if SKYPE_HAVE_PLUGIN_DESCRIBE
/* What the plugin brings, for Help > About > Plugins and tshark -G plugins
 * (read from 4.4 on): dissectors, and the statistics tree's tap listener. */
WS_DLL_PUBLIC uint32_t plugin_describe(void);
uint32_t plugin_describe(void)
{
    return WS_PLUGIN_DESC_DISSECTOR | WS_PLUGIN_DESC_TAP_LISTENER;
}
#endif

static void proto_register_skype_plugin(void)
{
    proto_skype = proto_get_id_by_filter_name("skype");
    if (proto_skype <= 0)
        proto_skype = proto_register_protocol("Skype", "Skype", "skype");
    skype_dispatch_register();
    skype_state_register();
    skype_conv_register();
    skype_udp_register(skype_dispatch_handle(SKYPE_HANDLE_SOM));
    skype_tcp_register(skype_dispatch_handle(SKYPE_HANDLE_TCP));
    skype_modern_register(skype_dispatch_handle(SKYPE_HANDLE_MODERN));
    skype_calls_register();
    skype_names_register();
    skype_quic_register();
    skype_stats_register();
}

static void proto_reg_handoff_skype_plugin(void)
{
    skype_modern_handoff();
    skype_calls_handoff();
    skype_names_handoff();
    skype_dispatch_handoff();
    skype_stats_handoff();
}

void plugin_register(void)
{
    static proto_plugin plug;

    plug.register_protoinfo = proto_register_skype_plugin;
    plug.register_handoff = proto_reg_handoff_skype_plugin;
    proto_register_plugin(&plug);
}
