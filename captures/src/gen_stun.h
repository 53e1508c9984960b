/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STUN (RFC 5389) message builder shared by the call captures (gen_calls.c),
 * the Teams call shapes (gen_teams.c),
 * the TURN-over-TCP capture (gen_turn_tcp.c), the modern captures
 * (gen_modern.c) and the names captures' negatives (gen_names.c): whole
 * messages (plain STUN, ICE checks, TURN requests and the relay's answers),
 * and for others stun_begin and stun_attr. A message is begun with its type
 * and transaction ID, attributes are appended one by one (each padded to 4
 * bytes, the header's length kept current), and MESSAGE-INTEGRITY and
 * FINGERPRINT close it. Apart from these, [MS-TURN] messages as a Teams
 * client and a Microsoft relay exchange them (msturn_*, below): another
 * header and unpadded attributes.
 */
#ifndef GEN_STUN_H
#define GEN_STUN_H

#include "pcapgen.h"

#define STUN_COOKIE 0x2112A442u
#define STUN_FP_XOR 0x5354554eu

/* Message types: method and class (RFC 5389 §6, RFC 5766 §13). */
#define BINDING_REQ 0x0001
#define BINDING_OK 0x0101
#define ALLOCATE_REQ 0x0003
#define ALLOCATE_OK 0x0103
#define ALLOCATE_ERR 0x0113
#define REFRESH_REQ 0x0004
#define REFRESH_OK 0x0104
#define PERMISSION_REQ 0x0008
#define PERMISSION_OK 0x0108
#define CHANBIND_REQ 0x0009
#define CHANBIND_OK 0x0109
#define SEND_IND 0x0016
#define DATA_IND 0x0017

/* Attributes: RFC 5389, RFC 5766 (TURN), RFC 8445 (ICE) and Microsoft's
 * (0x8008 and 0x8054 up). */
#define AT_USERNAME 0x0006
#define AT_MESSAGE_INTEGRITY 0x0008
#define AT_ERROR_CODE 0x0009
#define AT_CHANNEL_NUMBER 0x000C
#define AT_LIFETIME 0x000D
#define AT_XOR_PEER_ADDRESS 0x0012
#define AT_DATA 0x0013
#define AT_REALM 0x0014
#define AT_NONCE 0x0015
#define AT_XOR_RELAYED_ADDRESS 0x0016
#define AT_REQUESTED_TRANSPORT 0x0019
#define AT_XOR_MAPPED_ADDRESS 0x0020
#define AT_PRIORITY 0x0024
#define AT_MS_VERSION 0x8008
#define AT_MS_SEQUENCE_NUMBER 0x8050 /* 20-byte connection ID, 4-byte sequence number */
#define AT_MS_8036 0x8036 /* unnamed; value 1 in every check of nDPI's teams.pcap */
#define AT_MS_APP_ID 0x8037 /* MS-APP-ID ([MS-TURN]); value 2 in nDPI's teams.pcap */
#define AT_SOFTWARE 0x8022
#define AT_FINGERPRINT 0x8028
#define AT_ICE_CONTROLLED 0x8029
#define AT_ICE_CONTROLLING 0x802A
#define AT_MS_CANDIDATE_ID 0x8054
#define AT_MS_SERVICE_QUALITY 0x8055
#define AT_MS_IMPL_VERSION 0x8070
#define AT_MS_MUX_SESSION_ID 0x8095 /* MS-MULTIPLEXED-TURN-SESSION-ID, 8 bytes */

#define TURN_REALM "rtcmedia"

typedef struct stun {
    uint8_t *p;
    size_t len;
} stun_t;

/* The 20-byte header at p: type, length 0, magic cookie, tid. */
void stun_begin(stun_t *m, uint8_t *p, uint16_t type, const uint8_t tid[12]);
/* Append an attribute, zero-padded to 4 bytes; the header length follows. */
void stun_attr(stun_t *m, uint16_t type, const void *val, size_t n);

/* A plain STUN message at p (no Microsoft attribute): XOR-MAPPED-ADDRESS
 * mapped:mport when mapped is not 0, SOFTWARE software, FINGERPRINT.
 * Returns its length. */
size_t stun_software(uint8_t *p, uint16_t type, const uint8_t tid[12], const char *software, uint32_t mapped,
                     uint16_t mport);

/* An ICE connectivity check (RFC 8445 §7.1) at p, with a new random
 * transaction ID written to tid: a Binding request with USERNAME user (the
 * ufrags, "TO:FROM"), a peer-reflexive PRIORITY, ICE-CONTROLLING when
 * controlling (else ICE-CONTROLLED) with tiebreak; when ms_candidate is
 * given, Microsoft's MS-IMPLEMENTATION-VERSION 2 and MS-CANDIDATE-ID
 * ms_candidate; when ms_stream is not 0, MS-SERVICE-QUALITY with that stream
 * type (1 audio, 2 video, 3 supplemental video) and service quality 0; then
 * MESSAGE-INTEGRITY and FINGERPRINT. Returns its length. */
size_t stun_ice_request(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, int controlling,
                        const uint8_t tiebreak[8], const char *ms_candidate, uint16_t ms_stream);
/* Its success response at p: XOR-MAPPED-ADDRESS ip:port, MESSAGE-INTEGRITY,
 * FINGERPRINT. Returns its length. */
size_t stun_ice_response(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t ip, uint16_t port);

/* A Teams client's check as nDPI's tests/cfgs/default/pcap/teams.pcap shows
 * it (a 2020 desktop client, frames 1404-1453): a Binding request with a new
 * random transaction ID written to tid, attributes in this order: USERNAME
 * user, ICE-CONTROLLING (controlling) or ICE-CONTROLLED with tiebreak,
 * MS-IMPLEMENTATION-VERSION 7, 0x8036 = 1, PRIORITY priority,
 * MS-MULTIPLEXED-TURN-SESSION-ID session when session is not NULL (a check
 * that comes out of a Microsoft relay, frames 1421-1422), MS-APP-ID 2,
 * MESSAGE-INTEGRITY, FINGERPRINT: 112 bytes with a 9-character USERNAME
 * (124 with the session), as there. Returns its length. */
size_t stun_ice_request_teams(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, int controlling,
                              const uint8_t tiebreak[8], uint32_t priority, const uint8_t *session);
/* Its success response as there (frame 1424's payload): MS-IMPLEMENTATION-
 * VERSION 7, XOR-MAPPED-ADDRESS ip:port, MS-APP-ID 2, 0x8036 = 1,
 * MESSAGE-INTEGRITY, FINGERPRINT: 88 bytes. Returns its length. */
size_t stun_ice_response_teams(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t ip, uint16_t port);

/* TURN (RFC 5766) with a Microsoft relay, whose realm is "rtcmedia".
 * The relay's answer to an unauthenticated Allocate: an Allocate error
 * response at p, ERROR-CODE 401 Unauthorized, REALM, NONCE; returns its
 * length. */
size_t turn_401(uint8_t *p, const uint8_t tid[12], const char *nonce);

/* More TURN messages at p, each returning its length. Requests get a new
 * random transaction ID, written to tid; a request with credentials (user
 * and nonce, as turn_auth) and the relay's answers to one end with
 * MESSAGE-INTEGRITY. */
/* Allocate for UDP (REQUESTED-TRANSPORT 17), with credentials when user is
 * not NULL; MS-VERSION 6 when ms; MS-MULTIPLEXED-TURN-SESSION-ID session
 * when session is not NULL. */
size_t turn_allocate(gen_t *g, uint8_t *p, uint8_t tid[12], int ms, const uint8_t session[8], const char *user,
                     const char *nonce);
/* The same with MS-VERSION 6 and, last before MESSAGE-INTEGRITY,
 * MS-SERVICE-QUALITY stream type stream (1 audio, 2 video, 3 supplemental
 * video), service quality 2, as every Allocate of nDPI's teams.pcap carries
 * it ([MS-TURN] 2.2.2.10: the client SHOULD send it in Allocate). */
size_t turn_allocate_sq(gen_t *g, uint8_t *p, uint8_t tid[12], const uint8_t session[8], uint16_t stream,
                        const char *user, const char *nonce);
/* Allocate success: XOR-RELAYED-ADDRESS relayed:rport, XOR-MAPPED-ADDRESS
 * mapped:mport, LIFETIME 600, MS-VERSION 6. */
size_t turn_allocate_ok(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t relayed, uint16_t rport, uint32_t mapped,
                        uint16_t mport);
/* CreatePermission for peer:port; ChannelBind of channel to peer:port. */
size_t turn_permission(gen_t *g, uint8_t *p, uint8_t tid[12], uint32_t peer, uint16_t port, const char *user,
                       const char *nonce);
size_t turn_channel_bind(gen_t *g, uint8_t *p, uint8_t tid[12], uint16_t channel, uint32_t peer, uint16_t port,
                         const char *user, const char *nonce);
/* A success response of type type with MESSAGE-INTEGRITY only (to
 * CreatePermission, ChannelBind). */
size_t turn_ok(gen_t *g, uint8_t *p, uint16_t type, const uint8_t tid[12]);
/* Refresh with LIFETIME lifetime, credentials and MS-VERSION 6, and its
 * success response (LIFETIME, MS-VERSION 6); turn_refresh_end and
 * turn_refresh_end_ok: LIFETIME 0, the allocation's end (RFC 5766 §7). */
size_t turn_refresh(gen_t *g, uint8_t *p, uint8_t tid[12], uint32_t lifetime, const char *user, const char *nonce);
size_t turn_refresh_ok(gen_t *g, uint8_t *p, const uint8_t tid[12], uint32_t lifetime);
size_t turn_refresh_end(gen_t *g, uint8_t *p, uint8_t tid[12], const char *user, const char *nonce);
size_t turn_refresh_end_ok(gen_t *g, uint8_t *p, const uint8_t tid[12]);
/* A Send or Data indication (type) with a new random transaction ID:
 * XOR-PEER-ADDRESS peer:port, DATA the n bytes at data. */
size_t turn_indication(gen_t *g, uint8_t *p, uint16_t type, uint32_t peer, uint16_t port, const uint8_t *data,
                       size_t n);

/* ---- [MS-TURN] ----------------------------------------------------------
 * Microsoft's TURN as [MS-TURN] §2.2 defines it and nDPI's teams.pcap has it
 * on the wire (frames 1238-1312 Allocate, 1413-1439 Send request and Data
 * Indication, 1485-1508 the release), unlike RFC 5766: a 20-byte header
 * whose last 16 bytes are the transaction ID (type, length, 16-byte
 * transaction ID: no magic cookie field); the first attribute is
 * MAGIC-COOKIE (0x000F, length 4, 0x72C64BC6); attributes are NOT padded to
 * 4 bytes, so the message length is often not a multiple of 4; MAPPED-
 * ADDRESS, DESTINATION-ADDRESS and REMOTE-ADDRESS are plain (not XOR'd)
 * addresses; XOR-MAPPED-ADDRESS is 0x8020; MESSAGE-INTEGRITY is 32 bytes
 * (HMAC-SHA256; random here). A request (and the relay's answer) carries
 * 0x2112A442 in the first 4 bytes of its transaction ID, then 12 random
 * bytes; a Data Indication has 16 random bytes. */
#define MSTURN_ALLOCATE_REQ 0x0003
#define MSTURN_ALLOCATE_OK 0x0103
#define MSTURN_ALLOCATE_ERR 0x0113
#define MSTURN_SEND_REQ 0x0004
#define MSTURN_DATA_IND 0x0115
#define MSTURN_SET_ACTIVE_DEST_REQ 0x0006 /* not in teams.pcap: its media went direct */
#define MSTURN_SET_ACTIVE_DEST_OK 0x0106

#define MSTURN_AT_MAPPED_ADDRESS 0x0001
#define MSTURN_AT_ALTERNATE_SERVER 0x000E
#define MSTURN_AT_MAGIC_COOKIE 0x000F
#define MSTURN_AT_BANDWIDTH 0x0010
#define MSTURN_AT_DESTINATION_ADDRESS 0x0011
#define MSTURN_AT_REMOTE_ADDRESS 0x0012
#define MSTURN_AT_XOR_MAPPED_ADDRESS 0x8020
#define MSTURN_AT_8006 0x8006 /* unnamed; value 1 in every Allocate of teams.pcap */
#define MSTURN_MAGIC_COOKIE 0x72C64BC6u

/* What the requests of one relay allocation share (teams.pcap: one
 * USERNAME for all allocations of the call): the 56-byte USERNAME, the
 * 20-byte REALM value and the NONCE "\"rtcmedia\"" the 401 gave, and the
 * MS-MULTIPLEXED-TURN-SESSION-ID it assigned. */
typedef struct msturn_cred {
    uint8_t user[56];
    uint8_t realm[20];
    uint8_t session[8];
} msturn_cred_t;
#define MSTURN_NONCE "\"rtcmedia\""

/* The 20-byte header at p (type, length 0, the 16-byte tid) and
 * MAGIC-COOKIE; stun_attr must not be used on it: msturn_attr appends an
 * attribute without padding. */
void msturn_begin(stun_t *m, uint8_t *p, uint16_t type, const uint8_t tid[16]);
void msturn_attr(stun_t *m, uint16_t type, const void *val, size_t n);
/* A request's transaction ID: 0x2112A442 and 12 random bytes. */
void msturn_tid(gen_t *g, uint8_t tid[16]);

/* Allocate request (frames 1238, 1250): MAGIC-COOKIE, MS-APP-ID 2,
 * MS-VERSION 6, 0x8006 = 1, BANDWIDTH 12000, MS-SERVICE-QUALITY stream
 * type stream, service quality 2; with cred (after the 401) also
 * MS-MULTIPLEXED-TURN-SESSION-ID, REALM, NONCE, USERNAME, MESSAGE-INTEGRITY
 * (68 and 214 bytes). A new tid into tid. */
size_t msturn_allocate(gen_t *g, uint8_t *p, uint8_t tid[16], uint16_t stream, const msturn_cred_t *cred);
/* The relay's 401 (frame 1245, 187 bytes): MAGIC-COOKIE, MS-VERSION 6,
 * ERROR-CODE 401 "The request did not contain a Message-Integrity
 * attribute" (61 bytes), ALTERNATE-SERVER alt:altport, REALM, NONCE,
 * MAPPED-ADDRESS relayed:rport, MS-MULTIPLEXED-TURN-SESSION-ID,
 * XOR-MAPPED-ADDRESS mapped:mport. */
size_t msturn_401(uint8_t *p, const uint8_t tid[16], const msturn_cred_t *cred, uint32_t alt, uint16_t altport,
                  uint32_t relayed, uint16_t rport, uint32_t mapped, uint16_t mport);
/* Allocate response (frames 1275, 1491): MAGIC-COOKIE, LIFETIME lifetime,
 * MAPPED-ADDRESS relayed:rport (the relayed address), MS-VERSION 6,
 * XOR-MAPPED-ADDRESS mapped:mport, MS-SEQUENCE-NUMBER (the 20-byte
 * connection ID conn, sequence number 0), 0x8022 "2.0.1.211" (9 bytes),
 * BANDWIDTH 12000 unless lifetime is 0, MESSAGE-INTEGRITY (153 and 145
 * bytes). */
size_t msturn_allocate_ok(gen_t *g, uint8_t *p, const uint8_t tid[16], uint32_t lifetime, uint32_t relayed,
                          uint16_t rport, uint32_t mapped, uint16_t mport, const uint8_t conn[20]);
/* The release (frame 1485, 186 bytes): an Allocate request with
 * MAGIC-COOKIE, MS-VERSION 6, LIFETIME 0, MS-SEQUENCE-NUMBER (4 bytes, 1,
 * as there), REALM, NONCE, USERNAME, MESSAGE-INTEGRITY; answered by
 * msturn_allocate_ok with lifetime 0. A new tid into tid. */
size_t msturn_release(gen_t *g, uint8_t *p, uint8_t tid[16], const msturn_cred_t *cred);
/* Send request (frame 1413): MAGIC-COOKIE, MS-VERSION 6, USERNAME,
 * DESTINATION-ADDRESS dest:dport, DATA the n bytes at data (a whole STUN
 * message: the relayed ICE check or answer), MESSAGE-INTEGRITY. */
size_t msturn_send(gen_t *g, uint8_t *p, const msturn_cred_t *cred, uint32_t dest, uint16_t dport,
                   const uint8_t *data, size_t n);
/* Data Indication (frame 1416): a random 16-byte tid, MAGIC-COOKIE,
 * REMOTE-ADDRESS remote:rport, DATA. */
size_t msturn_data_ind(gen_t *g, uint8_t *p, uint32_t remote, uint16_t rport, const uint8_t *data, size_t n);

/* ChannelData (RFC 5766 §11.4) at p: channel number, length n, the n bytes
 * at data; padded with zeros to a multiple of 4 when pad (over TCP, §11.5;
 * over UDP the padding may be left out). Returns its size. */
size_t turn_channel_data(uint8_t *p, uint16_t channel, const uint8_t *data, size_t n, int pad);

/* Microsoft's multiplexed TURN packet ([MS-TURN] 2.2.3) at p: Channel_ID
 * 0xFF10, Length (the bytes after the Length field: 8 + n), the 8-byte
 * MTURN_Session_ID session, then the n bytes at data; nDPI's teams.pcap
 * frames 1424 and 1427 are such packets. Returns 12 + n. */
#define TURN_MUX_CHANNEL 0xFF10
size_t turn_mux_data(uint8_t *p, const uint8_t session[8], const uint8_t *data, size_t n);

#endif /* GEN_STUN_H */
