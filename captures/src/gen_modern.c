/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Modern Skype/Teams signalling: Microsoft STUN/TURN attributes, TLS naming
 * Teams (SNI, certificate), DNS answers for Teams names, IPv6 relays
 * (docs/modern.md), in the captures modern_*.pcap. Frame numbers: each
 * scenario's comment, captures/README.md. (The call captures: gen_calls.c.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_common.h"
#include "gen_stun.h"

/* A STUN message of type `type` with a random transaction ID and the given
 * attributes (the builder of gen_stun.h): a 4-byte value, except
 * MS-SEQUENCE-NUMBER (a random 20-byte connection ID, then vals[i]). */
static size_t stun_msg(gen_t *g, uint8_t *p, uint16_t type, const uint16_t *attrs, const uint32_t *vals, unsigned n)
{
    uint8_t tid[12], v[24];
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, type, tid);
    for (unsigned i = 0; i < n; i++) {
        size_t len = attrs[i] == AT_MS_SEQUENCE_NUMBER ? 24 : 4;
        gen_fill(g, v, len - 4);
        put32(v + len - 4, vals[i]);
        stun_attr(&m, attrs[i], v, len);
    }
    return m.len;
}

/*
 * modern_turn_allocate.pcap: client 10.0.0.40:50040 and relay
 * 52.113.0.10:3478 (in the default relay ranges), MS-TURN:
 *   1 Allocate request (MS-VERSION, MS-SEQUENCE-NUMBER)  2 Allocate success (MS-VERSION)
 *   3 Send indication  4 Data indication  5 ChannelData
 *   6 Refresh request with LIFETIME 0  7 Refresh success
 */
void scenario_turn_allocate(void)
{
    const char *path = gen_out_path("modern_turn_allocate.pcap");
    uint32_t c = IP4(10, 0, 0, 40), r = IP4(52, 113, 0, 10);
    static const uint16_t alloc_a[2] = {AT_MS_VERSION, AT_MS_SEQUENCE_NUMBER};
    static const uint32_t alloc_v[2] = {6, 1};
    static const uint16_t seq_a[1] = {AT_MS_SEQUENCE_NUMBER};
    static const uint32_t seq_v[1] = {2};
    static const uint16_t refresh_a[2] = {AT_LIFETIME, AT_MS_VERSION};
    static const uint32_t refresh_v[2] = {0, 6};
    uint8_t p[256];
    gen_t g;

    gen_open(&g, path, 40);
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, ALLOCATE_REQ, alloc_a, alloc_v, 2));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, ALLOCATE_OK, alloc_a, alloc_v, 1));
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, SEND_IND, seq_a, seq_v, 1));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, DATA_IND, seq_a, seq_v, 1));
    gen_fill(&g, p, 104);
    put16(p, 0x4001);
    put16(p + 2, 100);
    gen_udp(&g, c, 50040, r, 3478, p, 104);
    gen_udp(&g, c, 50040, r, 3478, p, stun_msg(&g, p, REFRESH_REQ, refresh_a, refresh_v, 2));
    gen_udp(&g, r, 3478, c, 50040, p, stun_msg(&g, p, REFRESH_OK, refresh_a + 1, refresh_v + 1, 1));
    gen_close(&g, path);
}

/*
 * modern_tls_sni.pcap: 10.0.0.42:50100 -> 52.113.194.132:443, ClientHello for
 * api.teams.microsoft.com: frames 1-10, all tagged (TLS stays Wireshark's):
 *   1-3 handshake  4 ClientHello  5 ServerHello  6-7 application data
 *   8 FIN (client, teardown)  9 FIN  10 ACK
 */
void scenario_tls_sni(void)
{
    const char *path = gen_out_path("modern_tls_sni.pcap");
    gen_t g;

    gen_open(&g, path, 42);
    tls_connection(&g, IP4(10, 0, 0, 42), 50100, IP4(52, 113, 194, 132), "api.teams.microsoft.com", 0);
    gen_close(&g, path);
}

/*
 * modern_negatives.pcap: must stay untagged.
 *   1-10  TLS to www.example.org (10.0.0.43:50101 -> 192.0.2.43:443)
 *   11-12 STUN Binding request/response from another vendor (SOFTWARE, no
 *         Microsoft attribute) between 10.0.0.44:50044 and 192.0.2.44:3478
 *   13-14 the same on a high port (10.0.0.44:50045 <-> 192.0.2.45:50046)
 */
void scenario_modern_negatives(void)
{
    const char *path = gen_out_path("modern_negatives.pcap");
    static const uint16_t sw_a[1] = {AT_SOFTWARE};
    static const uint32_t sw_v[1] = {0x6f746872}; /* "othr" */
    uint32_t c = IP4(10, 0, 0, 44);
    uint8_t p[128];
    gen_t g;

    gen_open(&g, path, 43);
    tls_connection(&g, IP4(10, 0, 0, 43), 50101, IP4(192, 0, 2, 43), "www.example.org", 0);
    gen_udp(&g, c, 50044, IP4(192, 0, 2, 44), 3478, p, stun_msg(&g, p, BINDING_REQ, sw_a, sw_v, 1));
    gen_udp(&g, IP4(192, 0, 2, 44), 3478, c, 50044, p, stun_msg(&g, p, BINDING_OK, sw_a, sw_v, 1));
    gen_udp(&g, c, 50045, IP4(192, 0, 2, 45), 50046, p, stun_msg(&g, p, BINDING_REQ, sw_a, sw_v, 1));
    gen_udp(&g, IP4(192, 0, 2, 45), 50046, c, 50045, p, stun_msg(&g, p, BINDING_OK, sw_a, sw_v, 1));
    gen_close(&g, path);
}

/* A DNS query (addr 0) or response for the A record of qname (gen_dns_msg):
 * the answers an optional CNAME to cname, then A addr (TTL 60). */
static size_t dns_a(uint8_t *p, uint16_t id, const char *qname, const char *cname, uint32_t addr)
{
    uint8_t a[4];
    put32(a, addr);
    return gen_dns_msg(p, id, qname, DNS_A, &cname, cname ? 1 : 0, addr ? a : NULL, 60);
}

/*
 * modern_dns_tls.pcap: DNS first, then TLS without a server name.
 *   1-2   A query / response for client-s.gateway.messenger.live.com (CNAME to
 *         client-s.msnmessenger.akadns.net, A 198.51.100.150)
 *   3-4   A query / response for www.example.org (A 192.0.2.80)
 *   5-14  TLS without SNI 10.0.0.50:50200 -> 198.51.100.150:443: tagged (DNS evidence)
 *   15-24 TLS without SNI 10.0.0.50:50201 -> 192.0.2.80:443: untagged
 */
void scenario_dns_tls(void)
{
    const char *path = gen_out_path("modern_dns_tls.pcap");
    uint32_t c = IP4(10, 0, 0, 50), ns = IP4(10, 0, 0, 1);
    uint8_t p[256];
    gen_t g;

    gen_open(&g, path, 50);
    gen_udp(&g, c, 53000, ns, 53, p, dns_a(p, 0x5101, "client-s.gateway.messenger.live.com", NULL, 0));
    gen_udp(&g, ns, 53, c, 53000, p,
            dns_a(p, 0x5101, "client-s.gateway.messenger.live.com", "client-s.msnmessenger.akadns.net",
                  IP4(198, 51, 100, 150)));
    gen_udp(&g, c, 53001, ns, 53, p, dns_a(p, 0x5102, "www.example.org", NULL, 0));
    gen_udp(&g, ns, 53, c, 53001, p, dns_a(p, 0x5102, "www.example.org", NULL, IP4(192, 0, 2, 80)));
    tls_connection(&g, c, 50200, IP4(198, 51, 100, 150), NULL, 0);
    tls_connection(&g, c, 50201, IP4(192, 0, 2, 80), NULL, 0);
    gen_close(&g, path);
}

/*
 * modern_names_v6.pcap: the bare service name, TeamSpeak, IPv6 relay ranges.
 *   1-10  TLS 10.0.0.60:50300 -> 52.113.194.140:443, ClientHello for the bare
 *         name teams.microsoft.com: tagged (evidence 7, "*.teams.microsoft.com")
 *   11-20 TLS 10.0.0.60:50301 -> 192.0.2.61:443 for voice.teamspeak.com: untagged
 *   21-22 DNS query / response for voice.teamspeak.com (A 192.0.2.62)
 *   23-32 TLS without SNI 10.0.0.60:50302 -> 192.0.2.62:443: untagged
 *   33-34 STUN Binding request / response without Microsoft attributes
 *         (SOFTWARE only) between [2001:db8:60::10]:50060 and
 *         [2603:1063:1::10]:3478, in 2603:1063::/38: tagged (evidence 11)
 *   35-36 the same to [2001:db8:61::10]:3478, in no range: untagged
 */
void scenario_names_v6(void)
{
    const char *path = gen_out_path("modern_names_v6.pcap");
    static const uint16_t sw_a[1] = {AT_SOFTWARE};
    static const uint32_t sw_v[1] = {0x6f746872}; /* "othr" */
    uint32_t c = IP4(10, 0, 0, 60), ns = IP4(10, 0, 0, 1);
    uint8_t p[256], c6[16], relay6[16], other6[16];
    gen_t g;

    gen_ip6(c6, 0x2001, 0x0db8, 0x0060, 0, 0x0010);
    gen_ip6(relay6, 0x2603, 0x1063, 0x0001, 0, 0x0010);
    gen_ip6(other6, 0x2001, 0x0db8, 0x0061, 0, 0x0010);
    gen_open(&g, path, 60);
    tls_connection(&g, c, 50300, IP4(52, 113, 194, 140), "teams.microsoft.com", 0);
    tls_connection(&g, c, 50301, IP4(192, 0, 2, 61), "voice.teamspeak.com", 0);
    gen_udp(&g, c, 53002, ns, 53, p, dns_a(p, 0x5103, "voice.teamspeak.com", NULL, 0));
    gen_udp(&g, ns, 53, c, 53002, p, dns_a(p, 0x5103, "voice.teamspeak.com", NULL, IP4(192, 0, 2, 62)));
    tls_connection(&g, c, 50302, IP4(192, 0, 2, 62), NULL, 0);
    gen_udp6(&g, c6, 50060, relay6, 3478, p, stun_msg(&g, p, BINDING_REQ, sw_a, sw_v, 1));
    gen_udp6(&g, relay6, 3478, c6, 50060, p, stun_msg(&g, p, BINDING_OK, sw_a, sw_v, 1));
    gen_udp6(&g, c6, 50061, other6, 3478, p, stun_msg(&g, p, BINDING_REQ, sw_a, sw_v, 1));
    gen_udp6(&g, other6, 3478, c6, 50061, p, stun_msg(&g, p, BINDING_OK, sw_a, sw_v, 1));
    gen_close(&g, path);
}

/* A self-signed certificate (DER, ECDSA P-256) for CN *.teams.microsoft.com
 * with subjectAltName DNS:*.teams.microsoft.com, DNS:teams.skype.com, made
 * once with `openssl req -x509 -newkey ec ... -outform DER`; test data only. */
static const uint8_t TEAMS_CERT[461] = {
    0x30, 0x82, 0x01, 0xc9, 0x30, 0x82, 0x01, 0x70, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x14, 0x15,
    0xb0, 0xc7, 0x98, 0x84, 0x77, 0xc6, 0x3e, 0xed, 0x3c, 0x02, 0xa5, 0x62, 0x68, 0x2f, 0x62, 0x75,
    0x70, 0xa7, 0x3a, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02, 0x30,
    0x20, 0x31, 0x1e, 0x30, 0x1c, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x15, 0x2a, 0x2e, 0x74, 0x65,
    0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73, 0x6f, 0x66, 0x74, 0x2e, 0x63, 0x6f,
    0x6d, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36, 0x31, 0x31, 0x32, 0x32, 0x31, 0x39, 0x31, 0x39, 0x30,
    0x30, 0x5a, 0x17, 0x0d, 0x33, 0x36, 0x31, 0x31, 0x31, 0x39, 0x31, 0x39, 0x31, 0x39, 0x30, 0x30,
    0x5a, 0x30, 0x20, 0x31, 0x1e, 0x30, 0x1c, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x15, 0x2a, 0x2e,
    0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73, 0x6f, 0x66, 0x74, 0x2e,
    0x63, 0x6f, 0x6d, 0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
    0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04, 0xad, 0xb6,
    0x0e, 0x5c, 0xbd, 0x84, 0xa1, 0x0c, 0x97, 0x9c, 0xf7, 0xd7, 0x60, 0x3b, 0x58, 0x1d, 0x85, 0x01,
    0xdc, 0x1d, 0x80, 0xee, 0xeb, 0x6a, 0x41, 0x65, 0xd5, 0x87, 0x87, 0x8d, 0x33, 0x6f, 0xbb, 0xde,
    0x35, 0x64, 0x14, 0x11, 0x4e, 0x52, 0xbd, 0xd2, 0x1b, 0xa9, 0x8d, 0xa8, 0x8a, 0xf9, 0xdf, 0xba,
    0xa0, 0xc1, 0x11, 0x57, 0xd5, 0xbf, 0x07, 0x0e, 0xf5, 0x6c, 0xff, 0x06, 0x32, 0xa2, 0xa3, 0x81,
    0x87, 0x30, 0x81, 0x84, 0x30, 0x1d, 0x06, 0x03, 0x55, 0x1d, 0x0e, 0x04, 0x16, 0x04, 0x14, 0x16,
    0xd2, 0x4e, 0x3d, 0xf3, 0xa0, 0x40, 0x74, 0xa8, 0xda, 0xdc, 0xb5, 0x89, 0x9c, 0xee, 0xb2, 0x9b,
    0xa2, 0x4a, 0x11, 0x30, 0x1f, 0x06, 0x03, 0x55, 0x1d, 0x23, 0x04, 0x18, 0x30, 0x16, 0x80, 0x14,
    0x16, 0xd2, 0x4e, 0x3d, 0xf3, 0xa0, 0x40, 0x74, 0xa8, 0xda, 0xdc, 0xb5, 0x89, 0x9c, 0xee, 0xb2,
    0x9b, 0xa2, 0x4a, 0x11, 0x30, 0x0f, 0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05,
    0x30, 0x03, 0x01, 0x01, 0xff, 0x30, 0x31, 0x06, 0x03, 0x55, 0x1d, 0x11, 0x04, 0x2a, 0x30, 0x28,
    0x82, 0x15, 0x2a, 0x2e, 0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x6d, 0x69, 0x63, 0x72, 0x6f, 0x73,
    0x6f, 0x66, 0x74, 0x2e, 0x63, 0x6f, 0x6d, 0x82, 0x0f, 0x74, 0x65, 0x61, 0x6d, 0x73, 0x2e, 0x73,
    0x6b, 0x79, 0x70, 0x65, 0x2e, 0x63, 0x6f, 0x6d, 0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce,
    0x3d, 0x04, 0x03, 0x02, 0x03, 0x47, 0x00, 0x30, 0x44, 0x02, 0x20, 0x37, 0x30, 0x19, 0xfa, 0xa1,
    0x95, 0x5b, 0xfb, 0x8d, 0x33, 0xa1, 0xc9, 0x45, 0xea, 0x44, 0x4a, 0x01, 0x2e, 0x71, 0xb6, 0x61,
    0xd0, 0x47, 0x50, 0x96, 0x20, 0x95, 0x0d, 0x3f, 0x07, 0x71, 0x77, 0x02, 0x20, 0x74, 0xbc, 0x0a,
    0xa2, 0x99, 0x0f, 0x09, 0x52, 0xc0, 0x80, 0xcf, 0x8b, 0xbd, 0x25, 0x4c, 0x0e, 0x45, 0xd3, 0x4a,
    0xc3, 0x59, 0x88, 0xde, 0xd6, 0x03, 0x56, 0xc5, 0x5a, 0xdd, 0xd1, 0x4a, 0x66,
};

/*
 * modern_tls_cert.pcap: TLS 1.2 without SNI, 10.0.0.51:50300 ->
 * 198.51.100.151:443; the server's Certificate names *.teams.microsoft.com.
 *   1-3 handshake  4 ClientHello (no SNI)  5 ServerHello, Certificate,
 *   ServerHelloDone (tagged from here: certificate name)  6-7 data  8-10 close
 */
void scenario_tls_cert(void)
{
    const char *path = gen_out_path("modern_tls_cert.pcap");
    uint8_t p[1024];
    size_t n;
    gen_tcp_t t;
    gen_t g;

    gen_open(&g, path, 51);
    gen_tcp_open(&g, &t, IP4(10, 0, 0, 51), 50300, IP4(198, 51, 100, 151), 443);
    gen_tcp_send(&g, &t, 1, p, tls_client_hello(&g, p, TLS_HELLO_10, NULL, NULL));
    n = tls_server_hello(&g, p, 0x0303, 0, 0xc02b, TLS_SH_NONE); /* ECDHE-ECDSA-AES128-GCM-SHA256 */
    n += tls_certificate(p + n, TEAMS_CERT, sizeof(TEAMS_CERT));
    gen_tcp_send(&g, &t, 0, p, tls_record(p, 0x16, 0x0303, n));
    tls_appdata(&g, &t, 1, 60);
    tls_appdata(&g, &t, 0, 90);
    gen_tcp_fin(&g, &t, 1);
    gen_tcp_fin(&g, &t, 0);
    gen_tcp_send(&g, &t, 1, NULL, 0);
    gen_close(&g, path);
}
