/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libFuzzer harness: the modern-tagging core (STUN with Microsoft
 * attributes, TURN ChannelData, TLS SNI, DNS answers, name globs, IPv4
 * ranges). The whole input is one message on an exact-size heap block; its
 * first byte also picks a pattern list.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "skype_modern.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const lists[2] = {"*.skype.com,*.teams.microsoft.com,broker-*-skype.cloudapp.net", "*"};
    uint8_t *p = malloc(size ? size : 1);
    uint8_t addrs[SKYPE_DNS_MAX_ANSWERS][16], lens[SKYPE_DNS_MAX_ANSWERS];
    skype_stun_info_t info;
    skype_ipv4_ranges_t ranges;
    char name[256], *text;
    unsigned k;

    memcpy(p, data, size);
    if (skype_stun_parse(p, size, size, &info))
        (void)skype_stun_phase(&info);
    (void)skype_turn_channel_data(p, size, size);
    if (skype_tls_sni(p, size, name, sizeof(name)) && strlen(name) >= sizeof(name))
        abort();
    k = skype_dns_skype_answers(p, size, lists[size ? data[0] & 1 : 0], addrs, lens, SKYPE_DNS_MAX_ANSWERS);
    if (k > SKYPE_DNS_MAX_ANSWERS)
        abort();
    /* the bytes as text: a name to glob, and a range list to parse */
    text = malloc(size + 1);
    memcpy(text, data, size);
    text[size] = '\0';
    (void)skype_name_listed(lists[0], text);
    (void)skype_name_glob(text, "a.b.skype.com");
    if (skype_ipv4_ranges_parse(text, &ranges) > SKYPE_MAX_RANGES)
        abort();
    free(text);
    free(p);
    return 0;
}
