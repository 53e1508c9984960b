/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tiny deterministic packet writer on top of libpcap: Ethernet/IPv4/UDP,
 * Ethernet/IPv6/UDP and Ethernet/IPv4 or IPv6/TCP frames with fixed MAC
 * addresses, fixed timestamps and a seeded PRNG, so the same source always
 * writes the same bytes. Also the message builders that more than one
 * scenario file uses: a byte-string builder, DNS messages, TLS handshake
 * messages and records, X.509 certificates (STUN's are in gen_stun.h).
 */
#ifndef PCAPGEN_H
#define PCAPGEN_H

#include <pcap/pcap.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gen {
    pcap_t *pcap;
    pcap_dumper_t *dump;
    uint64_t usec;     /* timestamp of the next frame, microseconds since epoch */
    uint32_t rng;      /* xorshift32 state */
    uint16_t ip_id;
    uint8_t tos;       /* IPv4 TOS byte (DSCP << 2) of the next UDP frames; 0 unless set */
    unsigned frames;
} gen_t;

/* A TCP connection: addresses, ports, each direction's next sequence number. */
typedef struct gen_tcp {
    int v6;             /* 1: the addresses are c6 and s6 (IPv6), else cip and sip */
    int csum;           /* 1: TCP checksum filled in and IPv4 don't-fragment set, as a
                         * host's stack sends them; 0: checksum 0, DF clear */
    uint32_t cip, sip;  /* client and server IPv4, host order */
    uint8_t c6[16], s6[16];
    uint16_t cport, sport;
    uint32_t cseq, sseq;
} gen_tcp_t;

/* The folder the scenario captures are written into (main sets it from its
 * argument), and the path of capture name in it, "DIR/name": a static
 * buffer, valid until the next call. */
void gen_set_out_dir(const char *dir);
const char *gen_out_path(const char *name);

/* Open path for writing; seed fixes every random byte. Exits on error. */
void gen_open(gen_t *g, const char *path, uint32_t seed);
/* Flush and close; prints "path: N frames". */
void gen_close(gen_t *g, const char *path);

uint32_t gen_rand(gen_t *g);
void gen_fill(gen_t *g, uint8_t *p, size_t n);
/* n random bytes as 2n lower-case hex digits at out, then a NUL. */
void gen_hex(gen_t *g, char *out, size_t n);
/* Advance the clock by usec microseconds. */
void gen_wait(gen_t *g, uint64_t usec);

/* Big-endian stores. */
void gen_put16(uint8_t *p, uint16_t v);
void gen_put32(uint8_t *p, uint32_t v);

/* IPv4 address from four octets, host order. */
#define IP4(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

/* The Internet checksum (RFC 1071): gen_sum16 adds the n bytes at p to sum as
 * big-endian 16-bit words (an odd last byte padded with 0), gen_fold folds
 * the carries and complements. */
uint32_t gen_sum16(uint32_t sum, const uint8_t *p, size_t n);
uint16_t gen_fold(uint32_t sum);

/* An IPv6 address from its groups 0-3 and 7 (the others 0), network order. */
void gen_ip6(uint8_t a[16], uint16_t g0, uint16_t g1, uint16_t g2, uint16_t g3, uint16_t g7);

/* An IPv6 header at p without extension headers (40 bytes, returned):
 * traffic class tclass, payload length plen, next header nh, hop limit hlim. */
size_t gen_ip6_hdr(uint8_t *p, uint8_t tclass, const uint8_t src[16], const uint8_t dst[16], uint8_t nh, size_t plen,
                   uint8_t hlim);

/* One Ethernet/IPv4/UDP frame src:sport -> dst:dport with len bytes of
 * payload: TOS g->tos, UDP checksum 0 (allowed over IPv4). */
void gen_udp(gen_t *g, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *payload,
             size_t len);

/* The same over IPv6 (addresses: 16 bytes, network order), with the UDP
 * checksum IPv6 requires. */
void gen_udp6(gen_t *g, const uint8_t src[16], uint16_t sport, const uint8_t dst[16], uint16_t dport,
              const uint8_t *payload, size_t len);

/* TCP over Ethernet/IPv4 or IPv6 (no options, window 64240), one frame per
 * segment. gen_tcp_open: the connection client cip:cport -> server
 * sip:sport over IPv4 with checksum 0 and DF clear, from its three-way
 * handshake (SYN, SYN+ACK, ACK; random initial sequence numbers);
 * gen_tcp_open_csum: the same with checksums and DF; gen_tcp_open6: over
 * IPv6 (addresses: 16 bytes, network order), with checksums. */
void gen_tcp_open(gen_t *g, gen_tcp_t *c, uint32_t cip, uint16_t cport, uint32_t sip, uint16_t sport);
void gen_tcp_open_csum(gen_t *g, gen_tcp_t *c, uint32_t cip, uint16_t cport, uint32_t sip, uint16_t sport);
void gen_tcp_open6(gen_t *g, gen_tcp_t *c, const uint8_t cip[16], uint16_t cport, const uint8_t sip[16],
                   uint16_t sport);
/* len bytes from one side in MSS-sized (1460-byte) segments: ACK on all but
 * the last, PSH+ACK on the last (len 0: one empty PSH+ACK). */
void gen_tcp_send(gen_t *g, gen_tcp_t *c, int from_client, const uint8_t *payload, size_t len);
/* FIN+ACK, or RST+ACK, from one side. */
void gen_tcp_fin(gen_t *g, gen_tcp_t *c, int from_client);
void gen_tcp_rst(gen_t *g, gen_tcp_t *c, int from_client);
/* The client's FIN+ACK, the server's FIN+ACK, the client's ACK (3 frames). */
void gen_tcp_close(gen_t *g, gen_tcp_t *c);

/* A byte-string builder: b_* append at p + n (numbers big-endian, b_rand n
 * random bytes). */
typedef struct buf {
    uint8_t *p;
    size_t n;
} buf_t;

void b_u8(buf_t *b, unsigned v);
void b_u16(buf_t *b, unsigned v);
void b_u32(buf_t *b, uint32_t v);
void b_mem(buf_t *b, const void *v, size_t n);
void b_str(buf_t *b, const char *s);
void b_rand(gen_t *g, buf_t *b, size_t n);

/* A DNS message at p (RFC 1035), returning its length: a query (addr NULL;
 * ttl unused) for qname, type qtype (DNS_A or DNS_AAAA), ID id, recursion
 * desired; or the response whose answers are the CNAME chain qname ->
 * chain[0] -> ... -> chain[n-1] (TTL 300), then the address record of the
 * chain's last name (TTL ttl; addr: 4 bytes for A, 16 for AAAA). Owner names
 * are compression pointers to where the name was written. */
#define DNS_A 1
#define DNS_CNAME 5
#define DNS_AAAA 28
size_t gen_dns_msg(uint8_t *p, uint16_t id, const char *qname, uint16_t qtype, const char *const *chain, unsigned n,
                   const uint8_t *addr, uint32_t ttl);

/* TLS handshake messages (RFC 5246, RFC 8446) of gen_tcp.c, gen_modern.c and
 * gen_names.c. What a ClientHello offers: */
typedef enum tls_hello {
    TLS_HELLO_10,    /* legacy_version TLS 1.0, TLS_RSA_WITH_AES_128_CBC_SHA only, no extensions */
    TLS_HELLO_SNI,   /* TLS 1.2, TLS_AES_128_GCM_SHA256 only, only the server_name extension */
    TLS_HELLO_12,    /* a browser's TLS 1.2 hello: 8 ECDHE suites; supported_groups,
                      * ec_point_formats, signature_algorithms, [server_name], ALPN h2 and
                      * http/1.1, extended_master_secret, renegotiation_info */
    TLS_HELLO_13,    /* a browser's TLS 1.3 hello: a 32-byte session id, 9 suites; the same
                      * and supported_versions, an X25519 key_share, psk_key_exchange_modes */
    TLS_HELLO_13_PQ, /* the same with an X25519MLKEM768 key share (1216 bytes) and a GREASE
                      * ECH extension before server_name, padded to 1800 bytes */
    TLS_HELLO_QUIC,  /* QUIC's (RFC 9001): TLS 1.3 suites and version only, no session id
                      * nor ec_point_formats, ALPN h3, transport parameters (RFC 9000 §18)
                      * with the 8-byte source connection ID quic_scid */
} tls_hello_t;

/* A ClientHello of kind kind at p, naming sni (NULL: no server_name; needed
 * by TLS_HELLO_SNI, unused by TLS_HELLO_10), with a 32-byte random: in a
 * handshake record (16 03 01), but for TLS_HELLO_QUIC the bare handshake
 * message, for a CRYPTO frame. Returns its length. */
size_t tls_client_hello(gen_t *g, uint8_t *p, tls_hello_t kind, const char *sni, const uint8_t *quic_scid);

/* A ServerHello handshake message at p (no record header): legacy_version
 * version, a 32-byte random, a random session id of sid_len bytes, cipher
 * suite suite, no compression; extensions: none (no extensions field),
 * TLS 1.2's renegotiation_info and extended_master_secret, or TLS 1.3's
 * supported_versions and an X25519 key_share. Returns its length. */
typedef enum tls_sh_ext { TLS_SH_NONE, TLS_SH_12, TLS_SH_13 } tls_sh_ext_t;
size_t tls_server_hello(gen_t *g, uint8_t *p, uint16_t version, size_t sid_len, uint16_t suite, tls_sh_ext_t ext);

/* TLS 1.2 ECDHE key exchange (RFC 8422 §5.4, §5.7) with X25519: the
 * server's ServerKeyExchange (named_curve x25519, a random 32-byte key,
 * rsa_pkcs1_sha256, a random 256-byte signature), which goes between
 * Certificate and ServerHelloDone (tls_certificate's last 4 bytes), and the
 * client's ClientKeyExchange (a random 32-byte key): handshake messages at
 * p, returning their length. */
size_t tls_server_key_exchange(gen_t *g, uint8_t *p);
size_t tls_client_key_exchange(gen_t *g, uint8_t *p);

/* Certificate with the one DER certificate cert of n bytes, then
 * ServerHelloDone (its last 4 bytes): handshake messages at p, returns
 * their length. */
size_t tls_certificate(uint8_t *p, const uint8_t *cert, size_t n);

/* Wrap the n bytes at p into a record of content type type and version
 * version (moves them 5 bytes up); returns n + 5. */
size_t tls_record(uint8_t *p, uint8_t type, uint16_t version, size_t n);

/* An application_data record (17 03 03) of n random (opaque) bytes at p;
 * returns n + 5. */
size_t tls_appdata_record(gen_t *g, uint8_t *p, size_t n);

/* A server certificate (X.509 v3, DER) at p, returning its length: serial 16
 * random bytes, sha256WithRSAEncryption; issuer C=US, O=Microsoft
 * Corporation, CN=issuer_cn; validity 2026-06-01 to 2027-05-31; subject
 * O=Microsoft Corporation, CN=subject_cn; an RSA-2048 key (random modulus,
 * exponent 65537); extensions basicConstraints (critical, not a CA) and
 * subjectAltName with the nsan dNSNames san; the signature: 256 random bytes
 * (the certificate is never verified). At most about 1200 bytes with a few
 * names. */
size_t x509_cert(gen_t *g, uint8_t *p, const char *issuer_cn, const char *subject_cn, const char *const *san,
                 size_t nsan);

/* The modern Skype/Teams call captures (gen_calls.c), written into the output folder. */
void gen_calls_all(void);

/* The name-evidence captures names_*.pcap (gen_names.c), written into the output folder. */
void gen_names_all(void);

/* TURN over TCP, captures/turn_tcp_443.pcap (gen_turn_tcp.c), written into the output folder. */
void gen_turn_tcp_all(void);

/* The Teams call shapes captures/teams_*.pcap (gen_teams.c), written into the output folder. */
void gen_teams_all(void);

/* The call-quality captures captures/quality_*.pcap (gen_quality.c), written into the output folder. */
void gen_quality_all(void);

#endif /* PCAPGEN_H */
