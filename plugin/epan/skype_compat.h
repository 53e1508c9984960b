/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one place that knows which Wireshark release the plugin is compiled
 * against (docs/building.md, "Other Wireshark versions"). Everything else
 * uses these names and stays free of version tests.
 *
 * Built, tested and packaged: 4.0 (Debian bookworm), 4.4.19 (Debian
 * trixie) and 4.6.9 (Debian sid), the last two in chroots
 * (tools/test-in-chroot.sh, ctest tshark_tests_trixie/_sid). Compile-checked
 * only (tools/check-versions.sh): 4.0.8, 4.2.0, 4.2.6, 4.4.0.
 *
 *   4.2  register_conversation_filter() takes a user_data argument, and so
 *        do its two callbacks. Boolean preferences are bool, not gboolean
 *        (prefs_register_bool_preference(..., bool *var): so in the 4.4
 *        and 4.6 headers, gboolean in 4.0's; 4.2 not checked).
 *   4.4  plugin_describe() and WS_PLUGIN_DESC_* (wsutil/plugins.h), which
 *        4.4's loader reads for Help > About > Plugins and tshark -G plugins;
 *        heuristic dissectors and conversation-filter callbacks return bool,
 *        not gboolean; tvb_get_guint8() and ip_to_str_buf() are deprecated
 *        (tvb_get_uint8(), ip_addr_to_str_buf()).
 *        rtp_dyn_payload_insert() takes a channel count (4.2 not checked).
 *   4.6  val_to_str() takes a wmem scope first; val_to_str_wmem() is gone.
 *   4.2  field_info.value is a pointer to the fvalue_t, not the fvalue_t
 *        (4.2 not checked: 4.0 embeds it, 4.4 and 4.6 point to it).
 *
 * Include after the epan headers.
 */
#ifndef SKYPE_COMPAT_H
#define SKYPE_COMPAT_H

#include <stdbool.h>
#include <string.h>

#include <glib.h>
#include <ws_version.h>
#include <epan/packet.h>
#include <epan/to_str.h>

#define SKYPE_WS_AT_LEAST(major, minor)                                                                                \
    (WIRESHARK_VERSION_MAJOR > (major) || (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

/* Plugin description flags (Help > About > Plugins, tshark -G plugins). */
#if SKYPE_WS_AT_LEAST(4, 4)
#include <wsutil/plugins.h>
#define SKYPE_HAVE_PLUGIN_DESCRIBE 1
#else
#define SKYPE_HAVE_PLUGIN_DESCRIBE 0
#endif

/* Return type of heuristic dissectors and of conversation-filter callbacks. */
#if SKYPE_WS_AT_LEAST(4, 4)
typedef bool skype_cb_bool_t;
#else
typedef gboolean skype_cb_bool_t;
#endif

/* Extra parameter of the conversation-filter callbacks, and registration. */
#if SKYPE_WS_AT_LEAST(4, 2)
#define SKYPE_CONV_FILTER_USER_DATA , void *user_data _U_
#define skype_register_conversation_filter(proto, name, valid, build)                                                 \
    register_conversation_filter(proto, name, valid, build, NULL)
#else
#define SKYPE_CONV_FILTER_USER_DATA
#define skype_register_conversation_filter(proto, name, valid, build)                                                 \
    register_conversation_filter(proto, name, valid, build)
#endif

/* One byte of a tvb (the old name is deprecated from 4.4 on). */
#if !SKYPE_WS_AT_LEAST(4, 4)
#define tvb_get_uint8 tvb_get_guint8
#endif

/* A dynamic RTP payload type (pt -> encoding name, clock rate) for
 * rtp_add_address(): from 4.4 on (4.2 not checked) rtp_dyn_payload_insert()
 * also takes the channel count; 1 is what the 4-argument form meant.
 * Needs <epan/dissectors/packet-rtp.h> included before this header. */
#if SKYPE_WS_AT_LEAST(4, 4)
#define skype_rtp_dyn_payload_insert(dyn, pt, name, rate) rtp_dyn_payload_insert(dyn, pt, name, rate, 1)
#else
#define skype_rtp_dyn_payload_insert(dyn, pt, name, rate) rtp_dyn_payload_insert(dyn, pt, name, rate)
#endif

/* The fvalue_t of a field_info, for fvalue_get_string() and the like. */
#if SKYPE_WS_AT_LEAST(4, 2)
#define skype_fi_fvalue(fi) ((fi)->value)
#else
#define skype_fi_fvalue(fi) (&(fi)->value)
#endif

/* Dotted quad of 4 address bytes (network order) into buf. */
static inline void skype_ip4_to_str_buf(const guint8 *ad, char *buf, int buf_len)
{
#if SKYPE_WS_AT_LEAST(4, 4)
    ws_in4_addr a;

    memcpy(&a, ad, sizeof(a));
    ip_addr_to_str_buf(&a, buf, buf_len);
#else
    ip_to_str_buf(ad, buf, buf_len);
#endif
}

#endif /* SKYPE_COMPAT_H */
