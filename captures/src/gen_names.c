/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The name-evidence captures, captures/names_*.pcap (issue 11 item 6): where
 * the name that makes a connection Skype/Teams is hard to reach, and the
 * look-alikes that must stay untagged.
 *
 *  - a TLS 1.3 ClientHello with a post-quantum key share (X25519MLKEM768,
 *    RFC draft-ietf-tls-ecdhe-mlkem) that is larger than one TCP segment, the
 *    server_name extension only in the second segment;
 *  - a QUIC v1 client Initial (RFC 9000), protected as RFC 9001 §5 says
 *    (initial secrets from the Destination Connection ID, AES-128-GCM payload,
 *    AES-128-ECB header protection, libgcrypt), so that Wireshark decrypts it
 *    and shows the ClientHello's server name;
 *  - DNS answers through CNAME chains (UDP and TCP, A and AAAA) whose final
 *    owner names match no pattern, only the question does;
 *  - negatives: TeamSpeak, a multi-domain certificate, Teredo, HTTPS to a
 *    Microsoft relay range, other vendors' STUN.
 *
 * Everything is deterministic: fixed seeds, keys, connection IDs, timestamps.
 * The frames of each capture are listed in its comment and in
 * captures/README.md.
 */
#include <gcrypt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_stun.h"

#define put16 gen_put16
#define put32 gen_put32

/* ---- TLS ------------------------------------------------------------------ */

/* A TLS 1.3 ServerHello handshake message choosing X25519. */
static size_t server_hello13(gen_t *g, uint8_t *p)
{
    return tls_server_hello(g, p, 0x0303, 32, 0x1301, TLS_SH_13);
}

/* The same without session id echo, for QUIC. */
static size_t server_hello_quic(gen_t *g, uint8_t *p)
{
    size_t n = server_hello13(g, p);
    /* drop the 32-byte session id: QUIC's legacy_session_id is empty */
    memmove(p + 39, p + 71, n - 71);
    p[38] = 0;
    n -= 32;
    put16(p + 2, (uint16_t)(n - 4));
    return n;
}

/* A TLS 1.3 connection to port 443: handshake, ClientHello (split into
 * MSS-sized segments as the hello's size requires), the server's flight
 * (ServerHello, ChangeCipherSpec, one encrypted record), application data
 * both ways, close. Frames: 3 + hello segments + 1 + 2 + 3. */
static void tls13_connection(gen_t *g, gen_tcp_t *c, tls_hello_t kind, const char *sni)
{
    uint8_t p[4096];
    size_t n;

    gen_tcp_send(g, c, 1, p, tls_client_hello(g, p, kind, sni, NULL));
    n = tls_record(p, 0x16, 0x0303, server_hello13(g, p));
    memcpy(p + n, "\x14\x03\x03\x00\x01\x01", 6);
    n += 6;
    n += tls_appdata_record(g, p + n, 1100); /* EncryptedExtensions, Certificate, CertificateVerify, Finished */
    gen_tcp_send(g, c, 0, p, n);
    n = tls_appdata_record(g, p, 53);         /* the client's Finished, then its request */
    n += tls_appdata_record(g, p + n, 420);
    gen_tcp_send(g, c, 1, p, n);
    gen_tcp_send(g, c, 0, p, tls_appdata_record(g, p, 880));
    gen_tcp_close(g, c);
}

/* ---- QUIC v1 Initial protection (RFC 9001 §5) -------------------------- */

static const uint8_t QUIC_V1_SALT[20] = {0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                         0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};

static void hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen, uint8_t out[32])
{
    gcry_md_hd_t h;
    if (gcry_md_open(&h, GCRY_MD_SHA256, GCRY_MD_FLAG_HMAC) || gcry_md_setkey(h, key, klen)) {
        fprintf(stderr, "gcrypt: HMAC-SHA256 unavailable\n");
        exit(1);
    }
    gcry_md_write(h, msg, mlen);
    memcpy(out, gcry_md_read(h, GCRY_MD_SHA256), 32);
    gcry_md_close(h);
}

/* HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, length <= 32. */
static void expand_label(const uint8_t secret[32], const char *label, uint8_t *out, size_t len)
{
    uint8_t info[64], t[32];
    size_t n = 0, ll = strlen(label);
    put16(info, (uint16_t)len);
    n = 2;
    info[n++] = (uint8_t)(6 + ll);
    memcpy(info + n, "tls13 ", 6);
    n += 6;
    memcpy(info + n, label, ll);
    n += ll;
    info[n++] = 0;    /* context */
    info[n++] = 0x01; /* HKDF-Expand: T(1) = HMAC(PRK, info | 0x01) */
    hmac_sha256(secret, 32, info, n, t);
    memcpy(out, t, len);
}

typedef struct quic_keys {
    uint8_t key[16], iv[12], hp[16];
} quic_keys_t;

/* The Initial keys of one side ("client in" / "server in") for the client's
 * first Destination Connection ID. */
static void quic_initial_keys(const uint8_t *dcid, size_t dcid_len, int server, quic_keys_t *k)
{
    uint8_t initial[32], secret[32];
    hmac_sha256(QUIC_V1_SALT, sizeof(QUIC_V1_SALT), dcid, dcid_len, initial); /* HKDF-Extract */
    expand_label(initial, server ? "server in" : "client in", secret, 32);
    expand_label(secret, "quic key", k->key, 16);
    expand_label(secret, "quic iv", k->iv, 12);
    expand_label(secret, "quic hp", k->hp, 16);
}

static void gcry_check(gcry_error_t e, const char *what)
{
    if (e) {
        fprintf(stderr, "gcrypt: %s: %s\n", what, gcry_strerror(e));
        exit(1);
    }
}

/*
 * A protected Initial packet filling a dgram-byte UDP payload: long header
 * (DCID, SCID, empty token, 2-byte length, 2-byte packet number), frames,
 * PADDING up to the size, AES-128-GCM tag, then header protection.
 */
static size_t quic_initial(uint8_t *out, const quic_keys_t *k, const uint8_t *dcid, const uint8_t *scid,
                           uint32_t pn, const uint8_t *frames, size_t flen, size_t dgram)
{
    buf_t b = {out, 0};
    gcry_cipher_hd_t h;
    uint8_t nonce[12], mask[16];
    size_t pn_off, hdr, plen;

    b_u8(&b, 0xc1); /* long header, fixed bit, Initial, packet number length 2 */
    b_u32(&b, 0x00000001);
    b_u8(&b, 8);
    b_mem(&b, dcid, 8);
    b_u8(&b, 8);
    b_mem(&b, scid, 8);
    b_u8(&b, 0);    /* token length */
    hdr = b.n + 2 + 2;
    plen = dgram - hdr - 16; /* plaintext payload */
    if (plen < flen) {
        fprintf(stderr, "QUIC Initial: %zu bytes of frames do not fit\n", flen);
        exit(1);
    }
    b_u16(&b, 0x4000 | (uint16_t)(2 + plen + 16)); /* Length (2-byte varint) */
    pn_off = b.n;
    b_u16(&b, (uint16_t)pn);
    memcpy(out + hdr, frames, flen);
    memset(out + hdr + flen, 0, plen - flen); /* PADDING frames */

    memcpy(nonce, k->iv, 12);
    nonce[10] ^= (uint8_t)(pn >> 8);
    nonce[11] ^= (uint8_t)pn;
    gcry_check(gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_GCM, 0), "open GCM");
    gcry_check(gcry_cipher_setkey(h, k->key, 16), "GCM key");
    gcry_check(gcry_cipher_setiv(h, nonce, 12), "GCM iv");
    gcry_check(gcry_cipher_authenticate(h, out, hdr), "GCM aad");
    gcry_check(gcry_cipher_encrypt(h, out + hdr, plen, NULL, 0), "GCM encrypt");
    gcry_check(gcry_cipher_gettag(h, out + hdr + plen, 16), "GCM tag");
    gcry_cipher_close(h);

    /* header protection: sample 16 bytes from pn_off + 4 */
    gcry_check(gcry_cipher_open(&h, GCRY_CIPHER_AES128, GCRY_CIPHER_MODE_ECB, 0), "open ECB");
    gcry_check(gcry_cipher_setkey(h, k->hp, 16), "ECB key");
    gcry_check(gcry_cipher_encrypt(h, mask, 16, out + pn_off + 4, 16), "ECB encrypt");
    gcry_cipher_close(h);
    out[0] ^= mask[0] & 0x0f;
    out[pn_off] ^= mask[1];
    out[pn_off + 1] ^= mask[2];
    return dgram;
}

/* A CRYPTO frame at offset 0 (2-byte length varint) holding n bytes of p. */
static size_t crypto_frame(uint8_t *out, const uint8_t *p, size_t n)
{
    out[0] = 0x06;
    out[1] = 0x00;
    put16(out + 2, (uint16_t)(0x4000 | n));
    memcpy(out + 4, p, n);
    return n + 4;
}

/* A short-header (1-RTT) packet to dcid: protected, opaque, n bytes. */
static size_t quic_short(gen_t *g, uint8_t *out, const uint8_t *dcid, size_t n)
{
    gen_fill(g, out, n);
    out[0] = (uint8_t)(0x40 | (out[0] & 0x3f));
    memcpy(out + 1, dcid, 8);
    return n;
}

/* One QUIC connection client:cport -> server:443 (10 frames):
 *   1 client Initial (ClientHello naming sni, 1200 bytes)
 *   2 server Initial (ACK, ServerHello, 1200 bytes)
 *   3-10 short-header packets, client and server alternating */
static void quic_connection(gen_t *g, uint32_t c, uint16_t cport, uint32_t s, const uint8_t dcid[8],
                            const uint8_t cscid[8], const uint8_t sscid[8], const char *sni)
{
    static const size_t sizes[8] = {1200, 1252, 96, 1252, 180, 640, 48, 41};
    uint8_t hs[1500], fr[1500], pkt[1500];
    quic_keys_t kc, ks;
    size_t n, f;

    quic_initial_keys(dcid, 8, 0, &kc);
    quic_initial_keys(dcid, 8, 1, &ks);
    n = tls_client_hello(g, hs, TLS_HELLO_QUIC, sni, cscid);
    f = crypto_frame(fr, hs, n);
    gen_udp(g, c, cport, s, 443, pkt, quic_initial(pkt, &kc, dcid, cscid, 0, fr, f, 1200));
    gen_wait(g, 20000);
    /* server: ACK of packet 0, then CRYPTO with the ServerHello */
    fr[0] = 0x02;
    fr[1] = 0x00; /* largest acknowledged */
    fr[2] = 0x00; /* ack delay */
    fr[3] = 0x00; /* range count */
    fr[4] = 0x00; /* first range */
    n = server_hello_quic(g, hs);
    f = 5 + crypto_frame(fr + 5, hs, n);
    gen_udp(g, s, 443, c, cport, pkt, quic_initial(pkt, &ks, cscid, sscid, 0, fr, f, 1200));
    for (unsigned i = 0; i < 8; i++) {
        int from_client = (i % 2) == 0;
        size_t len = quic_short(g, pkt, from_client ? sscid : cscid, sizes[i]);
        if (from_client)
            gen_udp(g, c, cport, s, 443, pkt, len);
        else
            gen_udp(g, s, 443, c, cport, pkt, len);
    }
}

/* ---- Scenarios ------------------------------------------------------------ */

/*
 * names_tls_split_hello.pcap: TLS 1.3 ClientHellos of 1805 bytes (record)
 * with an X25519MLKEM768 key share (1216 bytes) and a GREASE ECH extension
 * before server_name, so that server_name is only in the second TCP segment
 * (MSS 1460). Wireshark reassembles the hello in the second segment's frame.
 *   1-3   handshake 10.0.0.70:50700 -> 52.113.194.133:443
 *   4     ClientHello bytes 0-1459 (no server name yet)
 *   5     ClientHello bytes 1460-1804: TLS reassembles here, SNI
 *         teams.microsoft.com: tagged from here on (single pass)
 *   6     ServerHello, ChangeCipherSpec, encrypted record
 *   7     client application data (2 records)   8 server application data
 *   9 FIN (client)   10 FIN (server)   11 ACK
 *   12-22 the same 10.0.0.70:50701 -> 192.0.2.70:443 for www.example.org
 *         (reassembled in 16): untagged
 */
static void scenario_split_hello(void)
{
    const char *path = gen_out_path("names_tls_split_hello.pcap");
    gen_tcp_t c;
    gen_t g;

    gen_open(&g, path, 70);
    gen_tcp_open_csum(&g, &c, IP4(10, 0, 0, 70), 50700, IP4(52, 113, 194, 133), 443);
    tls13_connection(&g, &c, TLS_HELLO_13_PQ, "teams.microsoft.com");
    gen_tcp_open_csum(&g, &c, IP4(10, 0, 0, 70), 50701, IP4(192, 0, 2, 70), 443);
    tls13_connection(&g, &c, TLS_HELLO_13_PQ, "www.example.org");
    gen_close(&g, path);
}

/*
 * names_quic_initial.pcap: QUIC v1, Initial packets protected per RFC 9001
 * (plain tshark decrypts them and shows the ClientHello).
 *   1     10.0.0.71:50710 -> 198.51.100.171:443 client Initial, DCID
 *         8394c8f03e515708 (RFC 9001 appendix A), SCID c1c1c1c1c1c1c1c1,
 *         CRYPTO: ClientHello naming teams.microsoft.com, padded to 1200
 *   2     server Initial (SCID 5e5e5e5e5e5e5e5e): ACK, ServerHello
 *   3-10  short-header packets both ways (client's first), opaque
 *         1-10 tagged (server name), 1 on in single pass
 *   11-20 the same 10.0.0.71:50711 -> 192.0.2.71:443, DCID 0011223344556677,
 *         naming www.example.org: untagged
 */
static void scenario_quic_initial(void)
{
    const char *path = gen_out_path("names_quic_initial.pcap");
    static const uint8_t dcid1[8] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};
    static const uint8_t cscid1[8] = {0xc1, 0xc1, 0xc1, 0xc1, 0xc1, 0xc1, 0xc1, 0xc1};
    static const uint8_t sscid1[8] = {0x5e, 0x5e, 0x5e, 0x5e, 0x5e, 0x5e, 0x5e, 0x5e};
    static const uint8_t dcid2[8] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};
    static const uint8_t cscid2[8] = {0xc2, 0xc2, 0xc2, 0xc2, 0xc2, 0xc2, 0xc2, 0xc2};
    static const uint8_t sscid2[8] = {0x5f, 0x5f, 0x5f, 0x5f, 0x5f, 0x5f, 0x5f, 0x5f};
    gen_t g;

    gen_open(&g, path, 71);
    quic_connection(&g, IP4(10, 0, 0, 71), 50710, IP4(198, 51, 100, 171), dcid1, cscid1, sscid1,
                    "teams.microsoft.com");
    gen_wait(&g, 100000);
    quic_connection(&g, IP4(10, 0, 0, 71), 50711, IP4(192, 0, 2, 71), dcid2, cscid2, sscid2, "www.example.org");
    gen_close(&g, path);
}

/* A TLS connection without server_name (TLS 1.3 hello, one segment). */
static void tls_no_sni(gen_t *g, gen_tcp_t *c)
{
    tls13_connection(g, c, TLS_HELLO_13, NULL);
}

/*
 * names_dns_cname.pcap: DNS answers through CNAME chains whose final names
 * match no pattern (only the question does), then TLS without server_name to
 * the answered addresses: only the DNS answer can name them.
 *   1-2   UDP 10.0.0.72:53072 -> 10.0.0.1:53, A teams.microsoft.com: CNAME
 *         teams-microsoft-com.trafficmanager.net, CNAME s-0005.s-msedge.net,
 *         A 52.113.194.132
 *   3-12  TLS without SNI 10.0.0.72:50720 -> 52.113.194.132:443 (3-5
 *         handshake, 6 ClientHello, 7 ServerHello, 8-9 data, 10-12 close):
 *         tagged (DNS evidence)
 *   13-15 TCP 10.0.0.72:50721 -> 10.0.0.1:53 handshake
 *   16    AAAA query teams.cloud.microsoft (2-byte length prefix)
 *   17    response: CNAME teams-cloud-microsoft.trafficmanager.net, CNAME
 *         s-0006.s-msedge.net, AAAA 2620:1ec:c11::239 (outside the relay ranges)
 *   18-20 close
 *   21-30 TLS without SNI [2001:db8:72::10]:50722 -> [2620:1ec:c11::239]:443
 *         (24 ClientHello): tagged (DNS evidence)
 *   31-32 UDP A www.example.org: CNAME www.example.org.edgekey.net, CNAME
 *         e9999.a.akamaiedge.net, A 192.0.2.72
 *   33-42 TLS without SNI 10.0.0.72:50723 -> 192.0.2.72:443: untagged
 */
static void scenario_dns_cname(void)
{
    const char *path = gen_out_path("names_dns_cname.pcap");
    static const char *const chain4[] = {"teams-microsoft-com.trafficmanager.net", "s-0005.s-msedge.net"};
    static const char *const chain6[] = {"teams-cloud-microsoft.trafficmanager.net", "s-0006.s-msedge.net"};
    static const char *const chain_neg[] = {"www.example.org.edgekey.net", "e9999.a.akamaiedge.net"};
    uint32_t c = IP4(10, 0, 0, 72), ns = IP4(10, 0, 0, 1);
    uint8_t p[512], a4[4], a6[16], c6[16], neg[4];
    gen_tcp_t t;
    gen_t g;
    size_t n;

    put32(a4, IP4(52, 113, 194, 132));
    put32(neg, IP4(192, 0, 2, 72));
    gen_ip6(a6, 0x2620, 0x01ec, 0x0c11, 0, 0x0239);
    gen_ip6(c6, 0x2001, 0x0db8, 0x0072, 0, 0x0010);
    gen_open(&g, path, 72);
    gen_udp(&g, c, 53072, ns, 53, p, gen_dns_msg(p, 0x7201, "teams.microsoft.com", DNS_A, NULL, 0, NULL, 0));
    gen_udp(&g, ns, 53, c, 53072, p, gen_dns_msg(p, 0x7201, "teams.microsoft.com", DNS_A, chain4, 2, a4, 60));
    gen_tcp_open_csum(&g, &t, c, 50720, IP4(52, 113, 194, 132), 443);
    tls_no_sni(&g, &t);

    gen_tcp_open_csum(&g, &t, c, 50721, ns, 53);
    n = gen_dns_msg(p + 2, 0x7202, "teams.cloud.microsoft", DNS_AAAA, NULL, 0, NULL, 0);
    put16(p, (uint16_t)n);
    gen_tcp_send(&g, &t, 1, p, n + 2);
    n = gen_dns_msg(p + 2, 0x7202, "teams.cloud.microsoft", DNS_AAAA, chain6, 2, a6, 60);
    put16(p, (uint16_t)n);
    gen_tcp_send(&g, &t, 0, p, n + 2);
    gen_tcp_close(&g, &t);
    gen_tcp_open6(&g, &t, c6, 50722, a6, 443);
    tls_no_sni(&g, &t);

    gen_udp(&g, c, 53073, ns, 53, p, gen_dns_msg(p, 0x7203, "www.example.org", DNS_A, NULL, 0, NULL, 0));
    gen_udp(&g, ns, 53, c, 53073, p, gen_dns_msg(p, 0x7203, "www.example.org", DNS_A, chain_neg, 2, neg, 60));
    gen_tcp_open_csum(&g, &t, c, 50723, IP4(192, 0, 2, 72), 443);
    tls_no_sni(&g, &t);
    gen_close(&g, path);
}

/* ---- Negatives --------------------------------------------------------- */

/* A Teredo client's mapped address as RFC 4380 §4 writes it: port (2 bytes),
 * then IPv4 address (4), both XOR all ones. */
static void teredo_obfuscate(uint8_t *p, uint32_t ip, uint16_t port)
{
    put16(p, (uint16_t)(port ^ 0xffff));
    put32(p + 2, ip ^ 0xffffffffu);
}

/* A Teredo origin indication (RFC 4380 §5.1.1) at p: 00 00, then the
 * client's mapped port and address, obfuscated; 8 bytes. */
static size_t teredo_origin(uint8_t *p, uint32_t ip, uint16_t port)
{
    p[0] = 0;
    p[1] = 0;
    teredo_obfuscate(p + 2, ip, port);
    return 8;
}

/* ICMPv6 echo (request 128 / reply 129) inside an IPv6 packet, checksummed. */
static size_t ip6_echo(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint8_t type, uint16_t seq)
{
    uint8_t *icmp = p + 40;
    uint32_t sum;
    gen_ip6_hdr(p, 0, src, dst, 58, 16, 255);
    memset(icmp, 0, 16);
    icmp[0] = type;
    put16(icmp + 4, 0x7a01);
    put16(icmp + 6, seq);
    memcpy(icmp + 8, "teredo!!", 8);
    sum = gen_sum16(0, p + 8, 32) + 16 + 58;
    put16(icmp + 2, gen_fold(gen_sum16(sum, icmp, 16)));
    return 56;
}

/*
 * names_negatives.pcap: all must stay untagged.
 *   1-2   TeamSpeak 3: UDP 10.0.0.73:50730 -> 192.0.2.73:9987 "TS3INIT1"
 *         init step 0 (32 bytes), the server's step 1 (28 bytes)
 *   3-12  TLS 1.3 10.0.0.73:50731 -> 192.0.2.74:443 naming teamspeak.com
 *         (6 ClientHello)
 *   13-15 handshake 10.0.0.73:50732 -> 204.79.197.200:443 (a Microsoft address)
 *   16    TLS 1.2 ClientHello naming www.bing.com
 *   17    ServerHello, Certificate (CN *.skype.com; subjectAltName
 *         *.skype.com, *.bing.com, www.bing.com, *.msn.com,
 *         *.microsoft.com), ServerHelloDone
 *   18-19 application data   20-22 close
 *   23    Teredo: bubble 10.0.0.73:50733 -> 13.107.4.52:3544 (Microsoft's
 *         Teredo server) from 2001:0:d6b:434:8000:39d2:34ff:8eb6
 *   24    the server's answer: origin indication (203.0.113.73:50733) + bubble
 *   25    ICMPv6 echo request in Teredo to 2001:db8:73::1
 *   26    its reply, with an origin indication
 *   27-36 TLS 1.3 10.0.0.73:50734 -> 52.113.10.20:443 (inside 52.112.0.0/14)
 *         naming www.microsoft.com (30 ClientHello)
 *   37-38 STUN Binding request / success 10.0.0.73:50735 <-> 198.51.100.74:19302,
 *         SOFTWARE "Google STUN" / "Google STUN server", FINGERPRINT
 *   39-40 the same 10.0.0.73:50736 <-> 198.51.100.75:3478, SOFTWARE
 *         "Twilio Video" / "Twilio"
 */
static void scenario_negatives(void)
{
    const char *path = gen_out_path("names_negatives.pcap");
    /* transaction IDs "GOOGtid00001" and "TWILtid00002" (12 bytes, no NUL) */
    static const uint8_t tid1[12] = {'G', 'O', 'O', 'G', 't', 'i', 'd', '0', '0', '0', '0', '1'};
    static const uint8_t tid2[12] = {'T', 'W', 'I', 'L', 't', 'i', 'd', '0', '0', '0', '0', '2'};
    /* the multi-domain certificate's subjectAltName */
    static const char *const md_names[] = {"*.skype.com", "*.bing.com", "www.bing.com", "*.msn.com",
                                           "*.microsoft.com"};
    uint32_t c = IP4(10, 0, 0, 73), teredo = IP4(13, 107, 4, 52), nat = IP4(203, 0, 113, 73);
    uint8_t p[4096], cert[1500], tc[16], peer[16], srv_ll[16];
    buf_t b;
    gen_tcp_t t;
    gen_t g;
    size_t n;

    gen_open(&g, path, 73);
    /* TeamSpeak 3 init: MAC "TS3INIT1", packet id 0x65, flags 0x88, then
     * version, step 0, timestamp, random, reserved */
    b = (buf_t){p, 0};
    b_str(&b, "TS3INIT1");
    b_u16(&b, 0x0065);
    b_u8(&b, 0x88);
    b_u32(&b, 0x06b35b24);
    b_u8(&b, 0x00);
    b_u32(&b, 0x6560e5a0);
    b_rand(&g, &b, 4);
    b_mem(&b, "\0\0\0\0\0\0\0\0", 8);
    gen_udp(&g, c, 50730, IP4(192, 0, 2, 73), 9987, p, b.n);
    b = (buf_t){p, 0};
    b_str(&b, "TS3INIT1");
    b_u16(&b, 0x0065);
    b_u8(&b, 0x88);
    b_u8(&b, 0x01);
    b_rand(&g, &b, 16);
    gen_udp(&g, IP4(192, 0, 2, 73), 9987, c, 50730, p, b.n);

    gen_tcp_open_csum(&g, &t, c, 50731, IP4(192, 0, 2, 74), 443);
    tls13_connection(&g, &t, TLS_HELLO_13, "teamspeak.com");

    /* TLS 1.2 to Bing, multi-domain certificate */
    gen_tcp_open_csum(&g, &t, c, 50732, IP4(204, 79, 197, 200), 443);
    gen_tcp_send(&g, &t, 1, p, tls_client_hello(&g, p, TLS_HELLO_12, "www.bing.com", NULL));
    n = tls_server_hello(&g, p, 0x0303, 32, 0xc02f, TLS_SH_12); /* ECDHE-RSA-AES128-GCM-SHA256 */
    n += tls_certificate(p + n, cert,
                             x509_cert(&g, cert, "Microsoft Azure RSA TLS Issuing CA 07", "*.skype.com", md_names,
                                       sizeof(md_names) / sizeof(md_names[0])));
    gen_tcp_send(&g, &t, 0, p, tls_record(p, 0x16, 0x0303, n));
    gen_tcp_send(&g, &t, 1, p, tls_appdata_record(&g, p, 300));
    gen_tcp_send(&g, &t, 0, p, tls_appdata_record(&g, p, 700));
    gen_tcp_close(&g, &t);

    /* Teredo (RFC 4380): client behind NAT 203.0.113.73:50733 (obfuscated in
     * its address), server 13.107.4.52 */
    gen_ip6(tc, 0x2001, 0x0000, 0x0d6b, 0x0434, 0);
    put16(tc + 8, 0x8000);
    teredo_obfuscate(tc + 10, nat, 50733);
    gen_ip6(peer, 0x2001, 0x0db8, 0x0073, 0, 0x0001);
    gen_ip6(srv_ll, 0xfe80, 0, 0, 0, 0x0001);
    n = gen_ip6_hdr(p, 0, tc, peer, 59, 0, 255); /* bubble: no next header */
    gen_udp(&g, c, 50733, teredo, 3544, p, n);
    n = teredo_origin(p, nat, 50733);
    n += gen_ip6_hdr(p + n, 0, srv_ll, tc, 59, 0, 255);
    gen_udp(&g, teredo, 3544, c, 50733, p, n);
    n = ip6_echo(p, tc, peer, 128, 1);
    gen_udp(&g, c, 50733, teredo, 3544, p, n);
    n = teredo_origin(p, nat, 50733);
    n += ip6_echo(p + n, peer, tc, 129, 1);
    gen_udp(&g, teredo, 3544, c, 50733, p, n);

    gen_tcp_open_csum(&g, &t, c, 50734, IP4(52, 113, 10, 20), 443);
    tls13_connection(&g, &t, TLS_HELLO_13, "www.microsoft.com");

    gen_udp(&g, c, 50735, IP4(198, 51, 100, 74), 19302, p, stun_software(p, BINDING_REQ, tid1, "Google STUN", 0, 0));
    gen_udp(&g, IP4(198, 51, 100, 74), 19302, c, 50735, p,
            stun_software(p, BINDING_OK, tid1, "Google STUN server", nat, 50735));
    gen_udp(&g, c, 50736, IP4(198, 51, 100, 75), 3478, p, stun_software(p, BINDING_REQ, tid2, "Twilio Video", 0, 0));
    gen_udp(&g, IP4(198, 51, 100, 75), 3478, c, 50736, p, stun_software(p, BINDING_OK, tid2, "Twilio", nat, 50736));
    gen_close(&g, path);
}

void gen_names_all(void)
{
    if (!gcry_check_version(GCRYPT_VERSION)) {
        fprintf(stderr, "libgcrypt version mismatch\n");
        exit(1);
    }
    gcry_control(GCRYCTL_DISABLE_SECMEM, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    scenario_split_hello();
    scenario_quic_initial();
    scenario_dns_cname();
    scenario_negatives();
}
