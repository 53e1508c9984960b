/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Generates the project's own captures, the .pcap files in captures/, byte
 * for byte the same on every run: fixed addresses, timestamps and PRNG seeds.
 * Message layouts follow docs/protocol.md §2-§6 (Ehlert & Petgang §5.2.1).
 * This file holds main; the scenarios are in families:
 * gen_udp.c (legacy UDP, udp_*.pcap), gen_tcp.c (legacy TCP, tcp_*.pcap),
 * gen_modern.c (modern names, STUN, TLS, modern_*.pcap), gen_calls.c (the
 * calls, call_*.pcap), gen_names.c (names_*.pcap), gen_turn_tcp.c
 * (turn_tcp_443.pcap), gen_teams.c (the Teams call shapes, teams_*.pcap),
 * gen_quality.c (the call-quality captures, quality_*.pcap) and
 * gen_bench.c (benchmark captures); gen_common.h declares what they share.
 *
 *   gen_captures OUTDIR                 every scenario capture into OUTDIR
 *   gen_captures --bench-nonskype N F   about N frames of non-Skype UDP and TCP into F
 *   gen_captures --bench-nonskype-udp N F   N frames of the non-Skype UDP mix into F
 *   gen_captures --bench-skype C S F   C clients x S SNs of Skype UDP (+ C TCP connections) into F
 *   gen_captures --bench-endpoints N requests|chains F   N distinct would-be Skype endpoints into F
 *   gen_captures --bench-teams CALLS F  CALLS overlapping direct Teams calls (ICE, audio, RTCP; video
 *                                       in every 4th) into F
 *
 * The frame numbers that the tests assert on are given in each scenario's
 * comment (1-based, as Wireshark counts); the call, name-evidence, TURN
 * over TCP and Teams call-shape captures' frames are listed in README.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "--bench-nonskype") == 0) {
        bench_nonskype(strtoul(argv[2], NULL, 10), argv[3]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--bench-nonskype-udp") == 0) {
        bench_nonskype_udp(strtoul(argv[2], NULL, 10), argv[3]);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "--bench-skype") == 0) {
        bench_skype(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10), argv[4]);
        return 0;
    }
    if (argc == 5 && strcmp(argv[1], "--bench-endpoints") == 0) {
        bench_endpoints(strtoul(argv[2], NULL, 10), strcmp(argv[3], "chains") == 0, argv[4]);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "--bench-teams") == 0) {
        bench_teams(strtoul(argv[2], NULL, 10), argv[3]);
        return 0;
    }
    if (argc != 2) {
        fprintf(stderr,
                "usage: %s OUTDIR | --bench-nonskype N FILE | --bench-nonskype-udp N FILE\n"
                "       | --bench-skype CLIENTS SNS FILE | --bench-endpoints N requests|chains FILE\n"
                "       | --bench-teams CALLS FILE\n",
                argv[0]);
        return 2;
    }
    gen_set_out_dir(argv[1]);
    scenario_full_positive();
    scenario_partial();
    scenario_bootstrap();
    scenario_v20();
    scenario_malformed();
    scenario_traffic();
    scenario_nonskype();
    scenario_sn_handshake();
    scenario_sn_refused_v20();
    scenario_login();
    scenario_r443();
    scenario_r80();
    scenario_tcp_nonskype();
    scenario_turn_allocate();
    scenario_tls_sni();
    scenario_modern_negatives();
    scenario_dns_tls();
    scenario_names_v6();
    scenario_tls_cert();
    scenario_client_https();
    scenario_sn_partial_probe();
    gen_calls_all();
    gen_names_all();
    gen_turn_tcp_all();
    gen_teams_all();
    gen_quality_all();
    return 0;
}
