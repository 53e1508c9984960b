/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The STUN (RFC 5389) message builder of gen_stun.h, one copy for the call,
 * TURN-over-TCP, modern, names and Teams captures: RFC 5389/5766 messages
 * and, apart, [MS-TURN] ones (msturn_*: 16-byte transaction ID, MAGIC-COOKIE
 * first, attributes unpadded).
 */
#include <string.h>

#include "gen_stun.h"

#define put16 gen_put16
#define put32 gen_put32

/* Peer-reflexive priority of a component-1 candidate (RFC 8445 §5.1.2.1). */
#define PRFLX_PRIORITY ((110u << 24) | (65535u << 8) | 255u)

/* CRC-32 (IEEE 802.3), as FINGERPRINT uses it. */
static uint32_t stun_crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (unsigned k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
}

void stun_begin(stun_t *m, uint8_t *p, uint16_t type, const uint8_t tid[12])
{
    m->p = p;
    m->len = 20;
    put16(p, type);
    put16(p + 2, 0);
    put32(p + 4, STUN_COOKIE);
    memcpy(p + 8, tid, 12);
}

void stun_attr(stun_t *m, uint16_t type, const void *val, size_t n)
{
    uint8_t *a = m->p + m->len;
    size_t pad = (4 - n % 4) % 4;
    put16(a, type);
    put16(a + 2, (uint16_t)n);
    if (n)
        memcpy(a + 4, val, n);
    memset(a + 4 + n, 0, pad);
    m->len += 4 + n + pad;
    put16(m->p + 2, (uint16_t)(m->len - 20));
}

static void stun_u32(stun_t *m, uint16_t type, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    stun_attr(m, type, b, 4);
}

static void stun_str(stun_t *m, uint16_t type, const char *s)
{
    stun_attr(m, type, s, strlen(s));
}

/* XOR-MAPPED/PEER/RELAYED-ADDRESS, IPv4 (RFC 5389 §15.2). */
static void stun_xaddr(stun_t *m, uint16_t type, uint32_t ip, uint16_t port)
{
    uint8_t b[8] = {0, 0x01};
    put16(b + 2, (uint16_t)(port ^ (STUN_COOKIE >> 16)));
    put32(b + 4, ip ^ STUN_COOKIE);
    stun_attr(m, type, b, 8);
}

/* MESSAGE-INTEGRITY: 20 random bytes (the HMAC is not checked by anyone). */
static void stun_integrity(gen_t *g, stun_t *m)
{
    uint8_t b[20];
    gen_fill(g, b, sizeof(b));
    stun_attr(m, AT_MESSAGE_INTEGRITY, b, sizeof(b));
}

/* FINGERPRINT, last (RFC 5389 §15.5): the CRC covers the message up to
 * here, whose length field already counts the fingerprint, XOR 0x5354554e.
 * Returns the message size. */
static size_t stun_fingerprint(stun_t *m)
{
    put16(m->p + 2, (uint16_t)(m->len - 20 + 8));
    stun_u32(m, AT_FINGERPRINT, stun_crc32(m->p, m->len) ^ STUN_FP_XOR);
    return m->len;
}

size_t stun_software(uint8_t *p, uint16_t type, const uint8_t tid[12], const char *software, uint32_t mapped,
                     uint16_t mport)
{
    stun_t m;
    stun_begin(&m, p, type, tid);
    if (mapped)
        stun_xaddr(&m, AT_XOR_MAPPED_ADDRESS, mapped, mport);
    stun_str(&m, AT_SOFTWARE, software);
    return stun_fingerprint(&m);
}

size_t stun_ice_request(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, int controlling,
                        const uint8_t tiebreak[8], const char *ms_candidate, uint16_t ms_stream)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, BINDING_REQ, tid);
    stun_str(&m, AT_USERNAME, user);
    stun_u32(&m, AT_PRIORITY, PRFLX_PRIORITY);
    stun_attr(&m, controlling ? AT_ICE_CONTROLLING : AT_ICE_CONTROLLED, tiebreak, 8);
    if (ms_candidate) {
        stun_u32(&m, AT_MS_IMPL_VERSION, 2);
        stun_str(&m, AT_MS_CANDIDATE_ID, ms_candidate);
    }
    if (ms_stream)
        stun_u32(&m, AT_MS_SERVICE_QUALITY, (uint32_t)ms_stream << 16);
    stun_integrity(g, &m);
    return stun_fingerprint(&m);
}

size_t stun_ice_response(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t ip, uint16_t port)
{
    stun_t m;
    stun_begin(&m, p, BINDING_OK, tid);
    stun_xaddr(&m, AT_XOR_MAPPED_ADDRESS, ip, port);
    stun_integrity(g, &m);
    return stun_fingerprint(&m);
}

size_t stun_ice_request_teams(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, int controlling,
                              const uint8_t tiebreak[8], uint32_t priority, const uint8_t *session)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, BINDING_REQ, tid);
    stun_str(&m, AT_USERNAME, user);
    stun_attr(&m, controlling ? AT_ICE_CONTROLLING : AT_ICE_CONTROLLED, tiebreak, 8);
    stun_u32(&m, AT_MS_IMPL_VERSION, 7);
    stun_u32(&m, AT_MS_8036, 1);
    stun_u32(&m, AT_PRIORITY, priority);
    if (session)
        stun_attr(&m, AT_MS_MUX_SESSION_ID, session, 8);
    stun_u32(&m, AT_MS_APP_ID, 2);
    stun_integrity(g, &m);
    return stun_fingerprint(&m);
}

size_t stun_ice_response_teams(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t ip, uint16_t port)
{
    stun_t m;
    stun_begin(&m, p, BINDING_OK, tid);
    stun_u32(&m, AT_MS_IMPL_VERSION, 7);
    stun_xaddr(&m, AT_XOR_MAPPED_ADDRESS, ip, port);
    stun_u32(&m, AT_MS_APP_ID, 2);
    stun_u32(&m, AT_MS_8036, 1);
    stun_integrity(g, &m);
    return stun_fingerprint(&m);
}

/* TURN request authentication: USERNAME, REALM, NONCE (MESSAGE-INTEGRITY follows). */
static void turn_auth(stun_t *m, const char *user, const char *nonce)
{
    stun_str(m, AT_USERNAME, user);
    stun_str(m, AT_REALM, TURN_REALM);
    stun_str(m, AT_NONCE, nonce);
}

size_t turn_401(uint8_t *p, const uint8_t tid[12], const char *nonce)
{
    static const uint8_t err401[16] = {0, 0, 4, 1, 'U', 'n', 'a', 'u', 't', 'h', 'o', 'r', 'i', 'z', 'e', 'd'};
    stun_t m;
    stun_begin(&m, p, ALLOCATE_ERR, tid);
    stun_attr(&m, AT_ERROR_CODE, err401, sizeof(err401));
    stun_str(&m, AT_REALM, TURN_REALM);
    stun_str(&m, AT_NONCE, nonce);
    return m.len;
}

/* Allocate: REQUESTED-TRANSPORT UDP, [credentials], [MS-VERSION 6],
 * [MS-MULTIPLEXED-TURN-SESSION-ID], [MS-SERVICE-QUALITY stream, 2],
 * [MESSAGE-INTEGRITY]. */
static size_t allocate(gen_t *g, uint8_t *p, uint8_t tid[12], int ms, const uint8_t session[8], uint16_t stream,
                       const char *user, const char *nonce)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, ALLOCATE_REQ, tid);
    stun_u32(&m, AT_REQUESTED_TRANSPORT, 17u << 24);
    if (user)
        turn_auth(&m, user, nonce);
    if (ms)
        stun_u32(&m, AT_MS_VERSION, 6);
    if (session)
        stun_attr(&m, AT_MS_MUX_SESSION_ID, session, 8);
    if (stream)
        stun_u32(&m, AT_MS_SERVICE_QUALITY, ((uint32_t)stream << 16) | 2u);
    if (user)
        stun_integrity(g, &m);
    return m.len;
}

size_t turn_allocate(gen_t *g, uint8_t *p, uint8_t tid[12], int ms, const uint8_t session[8], const char *user,
                     const char *nonce)
{
    return allocate(g, p, tid, ms, session, 0, user, nonce);
}

size_t turn_allocate_sq(gen_t *g, uint8_t *p, uint8_t tid[12], const uint8_t session[8], uint16_t stream,
                        const char *user, const char *nonce)
{
    return allocate(g, p, tid, 1, session, stream, user, nonce);
}

size_t turn_allocate_ok(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t relayed, uint16_t rport, uint32_t mapped,
                        uint16_t mport)
{
    stun_t m;
    stun_begin(&m, p, ALLOCATE_OK, tid);
    stun_xaddr(&m, AT_XOR_RELAYED_ADDRESS, relayed, rport);
    stun_xaddr(&m, AT_XOR_MAPPED_ADDRESS, mapped, mport);
    stun_u32(&m, AT_LIFETIME, 600);
    stun_u32(&m, AT_MS_VERSION, 6);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_permission(gen_t *g, uint8_t *p, uint8_t tid[12], uint32_t peer, uint16_t port, const char *user,
                       const char *nonce)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, PERMISSION_REQ, tid);
    stun_xaddr(&m, AT_XOR_PEER_ADDRESS, peer, port);
    turn_auth(&m, user, nonce);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_channel_bind(gen_t *g, uint8_t *p, uint8_t tid[12], uint16_t channel, uint32_t peer, uint16_t port,
                         const char *user, const char *nonce)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, CHANBIND_REQ, tid);
    stun_u32(&m, AT_CHANNEL_NUMBER, (uint32_t)channel << 16);
    stun_xaddr(&m, AT_XOR_PEER_ADDRESS, peer, port);
    turn_auth(&m, user, nonce);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_ok(gen_t *g, uint8_t *p, uint16_t type, const uint8_t tid[12])
{
    stun_t m;
    stun_begin(&m, p, type, tid);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_refresh(gen_t *g, uint8_t *p, uint8_t tid[12], uint32_t lifetime, const char *user, const char *nonce)
{
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, REFRESH_REQ, tid);
    stun_u32(&m, AT_LIFETIME, lifetime);
    turn_auth(&m, user, nonce);
    stun_u32(&m, AT_MS_VERSION, 6);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_refresh_ok(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t lifetime)
{
    stun_t m;
    stun_begin(&m, p, REFRESH_OK, tid);
    stun_u32(&m, AT_LIFETIME, lifetime);
    stun_u32(&m, AT_MS_VERSION, 6);
    stun_integrity(g, &m);
    return m.len;
}

size_t turn_refresh_end(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, const char *nonce)
{
    return turn_refresh(g, p, tid, 0, user, nonce);
}

size_t turn_refresh_end_ok(gen_t *g, uint8_t *p, const uint8_t tid[12])
{
    return turn_refresh_ok(g, p, tid, 0);
}

size_t turn_indication(gen_t *g, uint8_t *p, uint16_t type, uint32_t peer, uint16_t port, const uint8_t *data,
                       size_t n)
{
    uint8_t tid[12];
    stun_t m;
    gen_fill(g, tid, 12);
    stun_begin(&m, p, type, tid);
    stun_xaddr(&m, AT_XOR_PEER_ADDRESS, peer, port);
    stun_attr(&m, AT_DATA, data, n);
    return m.len;
}

/* ---- [MS-TURN] (gen_stun.h) ---------------------------------------------- */

void msturn_begin(stun_t *m, uint8_t *p, uint16_t type, const uint8_t tid[16])
{
    uint8_t c[4];
    m->p = p;
    m->len = 20;
    put16(p, type);
    put16(p + 2, 0);
    memcpy(p + 4, tid, 16);
    put32(c, MSTURN_MAGIC_COOKIE);
    msturn_attr(m, MSTURN_AT_MAGIC_COOKIE, c, 4);
}

void msturn_attr(stun_t *m, uint16_t type, const void *val, size_t n)
{
    uint8_t *a = m->p + m->len;
    put16(a, type);
    put16(a + 2, (uint16_t)n);
    if (n)
        memcpy(a + 4, val, n);
    m->len += 4 + n;
    put16(m->p + 2, (uint16_t)(m->len - 20));
}

void msturn_tid(gen_t *g, uint8_t tid[16])
{
    put32(tid, STUN_COOKIE);
    gen_fill(g, tid + 4, 12);
}

static void msturn_u32(stun_t *m, uint16_t type, uint32_t v)
{
    uint8_t b[4];
    put32(b, v);
    msturn_attr(m, type, b, 4);
}

/* MAPPED-ADDRESS, DESTINATION-ADDRESS, REMOTE-ADDRESS: family 1, port, IPv4, plain. */
static void msturn_addr(stun_t *m, uint16_t type, uint32_t ip, uint16_t port)
{
    uint8_t b[8] = {0, 0x01};
    put16(b + 2, port);
    put32(b + 4, ip);
    msturn_attr(m, type, b, 8);
}

/* XOR-MAPPED-ADDRESS 0x8020, XOR'd with 0x2112A442 as RFC 5389's (frame 1275). */
static void msturn_xaddr(stun_t *m, uint32_t ip, uint16_t port)
{
    uint8_t b[8] = {0, 0x01};
    put16(b + 2, (uint16_t)(port ^ (STUN_COOKIE >> 16)));
    put32(b + 4, ip ^ STUN_COOKIE);
    msturn_attr(m, MSTURN_AT_XOR_MAPPED_ADDRESS, b, 8);
}

static void msturn_integrity(gen_t *g, stun_t *m)
{
    uint8_t b[32];
    gen_fill(g, b, sizeof(b));
    msturn_attr(m, AT_MESSAGE_INTEGRITY, b, sizeof(b));
}

/* REALM, NONCE, USERNAME of a request after the 401 (frame 1250's order). */
static void msturn_auth(stun_t *m, const msturn_cred_t *cred)
{
    msturn_attr(m, AT_REALM, cred->realm, sizeof(cred->realm));
    msturn_attr(m, AT_NONCE, MSTURN_NONCE, strlen(MSTURN_NONCE));
    msturn_attr(m, AT_USERNAME, cred->user, sizeof(cred->user));
}

size_t msturn_allocate(gen_t *g, uint8_t *p, uint8_t tid[16], uint16_t stream, const msturn_cred_t *cred)
{
    stun_t m;
    msturn_tid(g, tid);
    msturn_begin(&m, p, MSTURN_ALLOCATE_REQ, tid);
    msturn_u32(&m, AT_MS_APP_ID, 2);
    msturn_u32(&m, AT_MS_VERSION, 6);
    msturn_u32(&m, MSTURN_AT_8006, 1);
    msturn_u32(&m, MSTURN_AT_BANDWIDTH, 12000);
    msturn_u32(&m, AT_MS_SERVICE_QUALITY, ((uint32_t)stream << 16) | 2u);
    if (cred) {
        msturn_attr(&m, AT_MS_MUX_SESSION_ID, cred->session, sizeof(cred->session));
        msturn_auth(&m, cred);
        msturn_integrity(g, &m);
    }
    return m.len;
}

size_t msturn_401(uint8_t *p, const uint8_t tid[16], const msturn_cred_t *cred, uint32_t alt, uint16_t altport,
                  uint32_t relayed, uint16_t rport, uint32_t mapped, uint16_t mport)
{
    static const char reason[] = "The request did not contain a Message-Integrity attribute";
    uint8_t err[4 + sizeof(reason) - 1] = {0, 0, 4, 1};
    stun_t m;
    memcpy(err + 4, reason, sizeof(reason) - 1);
    msturn_begin(&m, p, MSTURN_ALLOCATE_ERR, tid);
    msturn_u32(&m, AT_MS_VERSION, 6);
    msturn_attr(&m, AT_ERROR_CODE, err, sizeof(err));
    msturn_addr(&m, MSTURN_AT_ALTERNATE_SERVER, alt, altport);
    msturn_attr(&m, AT_REALM, cred->realm, sizeof(cred->realm));
    msturn_attr(&m, AT_NONCE, MSTURN_NONCE, strlen(MSTURN_NONCE));
    msturn_addr(&m, MSTURN_AT_MAPPED_ADDRESS, relayed, rport);
    msturn_attr(&m, AT_MS_MUX_SESSION_ID, cred->session, sizeof(cred->session));
    msturn_xaddr(&m, mapped, mport);
    return m.len;
}

size_t msturn_allocate_ok(gen_t *g, uint8_t *p, const uint8_t tid[16], uint32_t lifetime, uint32_t relayed,
                          uint16_t rport, uint32_t mapped, uint16_t mport, const uint8_t conn[20])
{
    uint8_t seq[24] = {0};
    stun_t m;
    memcpy(seq, conn, 20);
    msturn_begin(&m, p, MSTURN_ALLOCATE_OK, tid);
    msturn_u32(&m, AT_LIFETIME, lifetime);
    msturn_addr(&m, MSTURN_AT_MAPPED_ADDRESS, relayed, rport);
    msturn_u32(&m, AT_MS_VERSION, 6);
    msturn_xaddr(&m, mapped, mport);
    msturn_attr(&m, AT_MS_SEQUENCE_NUMBER, seq, sizeof(seq));
    msturn_attr(&m, AT_SOFTWARE, "2.0.1.211", 9);
    if (lifetime)
        msturn_u32(&m, MSTURN_AT_BANDWIDTH, 12000);
    msturn_integrity(g, &m);
    return m.len;
}

size_t msturn_release(gen_t *g, uint8_t *p, uint8_t tid[16], const msturn_cred_t *cred)
{
    stun_t m;
    msturn_tid(g, tid);
    msturn_begin(&m, p, MSTURN_ALLOCATE_REQ, tid);
    msturn_u32(&m, AT_MS_VERSION, 6);
    msturn_u32(&m, AT_LIFETIME, 0);
    msturn_u32(&m, AT_MS_SEQUENCE_NUMBER, 1);
    msturn_auth(&m, cred);
    msturn_integrity(g, &m);
    return m.len;
}

size_t msturn_send(gen_t *g, uint8_t *p, const msturn_cred_t *cred, uint32_t dest, uint16_t dport,
                   const uint8_t *data, size_t n)
{
    uint8_t tid[16];
    stun_t m;
    msturn_tid(g, tid);
    msturn_begin(&m, p, MSTURN_SEND_REQ, tid);
    msturn_u32(&m, AT_MS_VERSION, 6);
    msturn_attr(&m, AT_USERNAME, cred->user, sizeof(cred->user));
    msturn_addr(&m, MSTURN_AT_DESTINATION_ADDRESS, dest, dport);
    msturn_attr(&m, AT_DATA, data, n);
    msturn_integrity(g, &m);
    return m.len;
}

size_t msturn_data_ind(gen_t *g, uint8_t *p, uint32_t remote, uint16_t rport, const uint8_t *data, size_t n)
{
    uint8_t tid[16];
    stun_t m;
    gen_fill(g, tid, 16);
    msturn_begin(&m, p, MSTURN_DATA_IND, tid);
    msturn_addr(&m, MSTURN_AT_REMOTE_ADDRESS, remote, rport);
    msturn_attr(&m, AT_DATA, data, n);
    return m.len;
}

size_t turn_channel_data(uint8_t *p, uint16_t channel, const uint8_t *data, size_t n, int pad)
{
    size_t total = pad ? (4 + n + 3) & ~(size_t)3 : 4 + n;
    put16(p, channel);
    put16(p + 2, (uint16_t)n);
    memmove(p + 4, data, n);
    memset(p + 4 + n, 0, total - 4 - n);
    return total;
}

size_t turn_mux_data(uint8_t *p, const uint8_t session[8], const uint8_t *data, size_t n)
{
    put16(p, TURN_MUX_CHANNEL);
    put16(p + 2, (uint16_t)(8 + n));
    memcpy(p + 4, session, 8);
    memmove(p + 12, data, n);
    return 12 + n;
}
