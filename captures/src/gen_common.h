/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the capture generator's files share (captures/README.md): gen_captures.c
 * (main) dispatches to the scenario families gen_udp.c (legacy UDP),
 * gen_tcp.c (legacy TCP), gen_modern.c (modern names, STUN, TLS) and
 * gen_bench.c (benchmark captures, the Teams-heavy one on gen_media.h's
 * timeline); gen_calls.c (call captures), gen_teams.c (the Teams call
 * shapes), gen_quality.c (the call-quality captures), gen_names.c (name
 * evidence) and gen_turn_tcp.c (TURN over TCP) only need pcapgen.h (frames,
 * output folder, DNS, TLS and X.509 messages), gen_stun.h (the STUN/TURN
 * message builder) and, for the calls, gen_media.h (the media timeline). Each
 * scenario writes one capture with its own seed, so the order of the calls
 * in main does not change any byte.
 */
#ifndef GEN_COMMON_H
#define GEN_COMMON_H

#include "pcapgen.h"

#define put16 gen_put16
#define put32 gen_put32

/* gen_udp.c: SoM messages into p, returning their length (docs/protocol.md
 * §2-§3). U1: function 0x02, nonce C at bytes 7-10; U4 / any reply:
 * function 0x02, new random ID; msg: any SoM message with a random body. */
size_t u1(gen_t *g, uint8_t *p, uint16_t id, size_t len, uint32_t nonce_c);
size_t u4(gen_t *g, uint8_t *p, size_t len);
size_t msg(gen_t *g, uint8_t *p, uint16_t id, uint8_t func, size_t len);
/* A positive full probe of client c:cport to SN sn:snport (4 UDP frames). */
void positive_probe(gen_t *g, uint32_t c, uint16_t cport, uint32_t sn, uint16_t snport, uint16_t id);
/* One frame of the non-Skype UDP mix; k selects the kind, i counts within it. */
void nonskype_frame(gen_t *g, unsigned k, unsigned i);
void scenario_full_positive(void);
void scenario_partial(void);
void scenario_bootstrap(void);
void scenario_v20(void);
void scenario_malformed(void);
void scenario_traffic(void);
void scenario_nonskype(void);

/* gen_tcp.c: the accepted v1.4 SN handshake with two session messages on t;
 * a TLS 1.0 application data record of n bytes (17 03 01, header included)
 * on t; one non-Skype TCP connection. */
void sn_exchange(gen_t *g, gen_tcp_t *t);
void tls_appdata(gen_t *g, gen_tcp_t *t, int from_client, size_t n);
/* One TLS connection client:cport -> server:443 (10 frames, 11 when split):
 * handshake, a ClientHello naming sni (TLS_HELLO_SNI), or without
 * server_name when sni is NULL (TLS_HELLO_10), in two segments of split and
 * the rest bytes when split is not 0; a TLS 1.0 ServerHello, application
 * data of 80 and 200 bytes, FIN both ways and the client's last ACK. */
void tls_connection(gen_t *g, uint32_t c, uint16_t cport, uint32_t server, const char *sni, size_t split);
void nonskype_tcp(gen_t *g, unsigned k, unsigned i);
void scenario_sn_handshake(void);
void scenario_sn_refused_v20(void);
void scenario_login(void);
void scenario_r443(void);
void scenario_r80(void);
void scenario_tcp_nonskype(void);
void scenario_client_https(void);
void scenario_sn_partial_probe(void);

/* gen_modern.c: the modern_*.pcap scenarios. */
void scenario_turn_allocate(void);
void scenario_tls_sni(void);
void scenario_modern_negatives(void);
void scenario_dns_tls(void);
void scenario_names_v6(void);
void scenario_tls_cert(void);

/* gen_bench.c: the benchmark captures, into path. */
void bench_nonskype(unsigned long n, const char *path);
void bench_nonskype_udp(unsigned long n, const char *path);
void bench_skype(unsigned long clients, unsigned long sns, const char *path);
void bench_endpoints(unsigned long n, int chains, const char *path);
void bench_teams(unsigned long calls, const char *path);

#endif /* GEN_COMMON_H */
