/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Capture-file state shared by the plugin's dissectors. */
#include "skype_state.h"

#include <string.h>

#include <epan/conversation.h>
#include <epan/wmem_scopes.h>

#include "../core/skype_modern.h"
#include "../core/skype_tcp.h"

static wmem_map_t *clients;         /* skype_ep_t* -> skype_client_t* */
static wmem_map_t *client_hosts;    /* skype_ep_t* with port 0 -> skype_host_t* */
static wmem_map_t *tcp_seen;        /* conversation_t* -> payload-seen bits | 0x100 */
static skype_link_table_t *link_table;

typedef struct skype_host {
    skype_ep_t ep;      /* port 0 */
    guint32 since;      /* frame of its first client's confirmation */
    skype_client_t *clients; /* its clients, first confirmed first (next_on_host) */
} skype_host_t;             /* 32 bytes (docs/design.md) */
_Static_assert(sizeof(skype_host_t) == 32 || sizeof(void *) != 8, "skype_host_t: the size the comment states");
static wmem_map_t *dns_addrs;       /* skype_ep_t* with port 0 -> itself */
static guint tcp_conversations;
/* Per-frame annotations, indexed by frame number: a directory of pages, a
 * page allocated when a frame of its SKYPE_REC_PAGE-frame range is first
 * annotated, holding the records themselves (not pointers to them) and a
 * bitmap of the ones in use. O(1) lookup; costs 8 bytes per directory entry
 * (one per SKYPE_REC_PAGE frames of the capture) and one page, 4 + 16 *
 * SKYPE_REC_PAGE = 516 bytes, per range with an annotated frame: 16 bytes
 * per annotated frame when dense (Skype-heavy captures), at most 516 bytes
 * per annotated frame when sparse. */
#define SKYPE_REC_PAGE_BITS 5u
#define SKYPE_REC_PAGE (1u << SKYPE_REC_PAGE_BITS)
typedef struct skype_rec_page {
    guint32 used;                      /* bit i: rec[i] is an annotation */
    skype_frame_rec_t rec[SKYPE_REC_PAGE];
} skype_rec_page_t;
_Static_assert(SKYPE_REC_PAGE <= 32, "skype_rec_page_t.used holds one bit per record");
_Static_assert(sizeof(skype_rec_page_t) == 4 + 16 * SKYPE_REC_PAGE, "page: bitmap + 32 records of 16 bytes");
static skype_rec_page_t **rec_dir; /* [frame >> bits]->rec[frame & (PAGE - 1)] */
static guint32 rec_dir_len;
static skype_cand_table_t *cand_table;
static skype_ip_ranges_t relay_ranges;   /* preference skype.relay_ranges */

guint skype_ep_map_hash(gconstpointer ep)
{
    return skype_ep_hash((const skype_ep_t *)ep);
}

gboolean skype_ep_map_equal(gconstpointer a, gconstpointer b)
{
    return skype_ep_equal((const skype_ep_t *)a, (const skype_ep_t *)b);
}

void skype_pair_key_set(skype_pair_key_t *key, guint8 v6buf[32], const skype_ep_t *a, const skype_ep_t *b,
                        gboolean *a_is_hi)
{
    const skype_ep_t *lo, *hi;

    *a_is_hi = memcmp(a, b, sizeof(*a)) > 0;
    lo = *a_is_hi ? b : a;
    hi = *a_is_hi ? a : b;
    memset(key, 0, sizeof(*key));
    key->port_lo = lo->port;
    key->port_hi = hi->port;
    key->family = lo->family;
    if (lo->family == 4) {
        memcpy(key->addr.v4, lo->addr, 4);
        memcpy(key->addr.v4 + 4, hi->addr, 4);
    } else {
        memcpy(v6buf, lo->addr, 16);
        memcpy(v6buf + 16, hi->addr, 16);
        key->addr.v6 = v6buf;
    }
}

void skype_pair_key_keep(skype_pair_key_t *dst, const skype_pair_key_t *key)
{
    *dst = *key;
    if (key->family != 4)
        dst->addr.v6 = (const guint8 *)wmem_memdup(wmem_file_scope(), key->addr.v6, 32);
}

guint skype_pair_key_hash(gconstpointer k)
{
    const skype_pair_key_t *key = (const skype_pair_key_t *)k;

    return skype_pair_hash(key->family, key->family == 4 ? key->addr.v4 : key->addr.v6, key->port_lo,
                           key->port_hi);
}

gboolean skype_pair_key_equal(gconstpointer a, gconstpointer b)
{
    const skype_pair_key_t *x = (const skype_pair_key_t *)a, *y = (const skype_pair_key_t *)b;

    if (x->port_lo != y->port_lo || x->port_hi != y->port_hi || x->family != y->family)
        return FALSE;
    return x->family == 4 ? memcmp(x->addr.v4, y->addr.v4, 8) == 0 : memcmp(x->addr.v6, y->addr.v6, 32) == 0;
}

conversation_t *skype_udp_exact_conversation(guint32 frame, const address *a, guint32 port_a, const address *b,
                                             guint32 port_b)
{
    conversation_t *conv = find_conversation(frame, a, b, CONVERSATION_UDP, port_a, port_b, 0);

    if (conv == NULL || (conv->options & (NO_ADDR2 | NO_PORT2 | NO_PORT2_FORCE)) != 0)
        conv = conversation_new(frame, a, b, CONVERSATION_UDP, port_a, port_b, 0);
    return conv;
}

conversation_t *skype_udp_exact_conversation_eps(guint32 frame, const skype_ep_t *a, const skype_ep_t *b)
{
    address aa, ba;

    set_address(&aa, a->family == 4 ? AT_IPv4 : AT_IPv6, a->family == 4 ? 4 : 16, a->addr);
    set_address(&ba, b->family == 4 ? AT_IPv4 : AT_IPv6, b->family == 4 ? 4 : 16, b->addr);
    return skype_udp_exact_conversation(frame, &aa, a->port, &ba, b->port);
}

static void skype_state_init(void)
{
    clients = wmem_map_new(wmem_file_scope(), skype_ep_map_hash, skype_ep_map_equal);
    client_hosts = wmem_map_new(wmem_file_scope(), skype_ep_map_hash, skype_ep_map_equal);
    dns_addrs = wmem_map_new(wmem_file_scope(), skype_ep_map_hash, skype_ep_map_equal);
    tcp_seen = wmem_map_new(wmem_file_scope(), g_direct_hash, g_direct_equal);
    link_table = NULL;
    tcp_conversations = 0;
    rec_dir = NULL;
    rec_dir_len = 0;
    cand_table = NULL;
}

static void skype_state_cleanup(void)
{
    /* The file scope frees everything; forget the pointers. */
    clients = NULL;
    client_hosts = NULL;
    dns_addrs = NULL;
    tcp_seen = NULL;
    link_table = NULL;
    tcp_conversations = 0;
    rec_dir = NULL;
    rec_dir_len = 0;
    cand_table = NULL;
}

void skype_state_register(void)
{
    register_init_routine(skype_state_init);
    register_cleanup_routine(skype_state_cleanup);
}

gboolean skype_proto_enabled(void)
{
    return proto_is_protocol_enabled(find_protocol_by_id(proto_skype));
}

gboolean skype_ep_from_address(skype_ep_t *ep, const address *addr, guint32 port)
{
    if (addr->type != AT_IPv4 && addr->type != AT_IPv6)
        return FALSE;
    return skype_ep_set(ep, (const uint8_t *)addr->data, (size_t)addr->len, (uint16_t)port);
}

skype_client_t *skype_client_lookup(const skype_ep_t *ep)
{
    if (clients == NULL || wmem_map_size(clients) == 0)
        return NULL;
    return (skype_client_t *)wmem_map_lookup(clients, ep);
}

guint skype_client_count(void)
{
    return clients != NULL ? wmem_map_size(clients) : 0;
}

skype_client_t *skype_client_of_eps(const skype_ep_t *src, const skype_ep_t *dst, gboolean *client_is_src)
{
    skype_client_t *c;

    if (clients == NULL || wmem_map_size(clients) == 0)
        return NULL;
    if (src->family != 0 && (c = (skype_client_t *)wmem_map_lookup(clients, src)) != NULL) {
        *client_is_src = TRUE;
        return c;
    }
    if (dst->family != 0 && (c = (skype_client_t *)wmem_map_lookup(clients, dst)) != NULL) {
        *client_is_src = FALSE;
        return c;
    }
    return NULL;
}

skype_client_t *skype_client_add(const skype_confirm_t *conf, guint32 frame, dissector_handle_t handle)
{
    skype_client_t *c;
    conversation_t *conv;
    address addr;

    if (clients == NULL || wmem_map_size(clients) >= SKYPE_MAX_CLIENTS)
        return NULL;
    c = skype_client_lookup(&conf->client);
    if (c != NULL)
        return c;
    c = wmem_new0(wmem_file_scope(), skype_client_t);
    c->ep = conf->client;
    c->first_frame = conf->first_frame ? conf->first_frame : frame;
    c->confirmed_in = frame;
    c->how = conf->how;
    wmem_map_insert(clients, &c->ep, c);
    {
        skype_ep_t hep = c->ep;
        skype_host_t *host;
        skype_client_t **tail;

        hep.port = 0;
        host = (skype_host_t *)wmem_map_lookup(client_hosts, &hep);
        if (host == NULL) {
            host = wmem_new0(wmem_file_scope(), skype_host_t);
            host->ep = hep;
            host->since = frame;
            wmem_map_insert(client_hosts, &host->ep, host);
        }
        for (tail = &host->clients; *tail != NULL; tail = &(*tail)->next_on_host)
            ;
        *tail = c;
    }

    /* All UDP of this ip:port, whatever the peer, from the first evidence on:
     * the conversation dissector runs before port tables and heuristics. */
    set_address(&addr, c->ep.family == 4 ? AT_IPv4 : AT_IPv6, c->ep.family == 4 ? 4 : 16, c->ep.addr);
    conv = conversation_new(c->first_frame, &addr, &addr, CONVERSATION_UDP, c->ep.port, 0,
                            NO_ADDR2 | NO_PORT2);
    conversation_set_dissector(conv, handle);
    return c;
}

gboolean skype_client_host(const address *addr)
{
    skype_ep_t ep;

    if (client_hosts == NULL || wmem_map_size(client_hosts) == 0 || !skype_ep_from_address(&ep, addr, 0))
        return FALSE;
    return wmem_map_contains(client_hosts, &ep);
}

guint32 skype_client_host_since(const address *addr)
{
    skype_ep_t ep;
    const skype_host_t *h;

    if (client_hosts == NULL || wmem_map_size(client_hosts) == 0 || !skype_ep_from_address(&ep, addr, 0))
        return 0;
    h = (const skype_host_t *)wmem_map_lookup(client_hosts, &ep);
    return h ? h->since : 0;
}

skype_link_table_t *skype_link_table(gboolean create)
{
    if (link_table == NULL && create && tcp_seen != NULL)
        link_table = wmem_new0(wmem_file_scope(), skype_link_table_t);
    return link_table;
}

gboolean skype_tcp_first_payload_of(conversation_t *conv, const skype_ep_t *src, const skype_ep_t *dst,
                                    guint32 tracked_since)
{
    guint bits;
    guint8 seen;
    gboolean first;

    if (conv == NULL || tcp_seen == NULL)
        return FALSE;
    bits = GPOINTER_TO_UINT(wmem_map_lookup(tcp_seen, conv));
    if (bits == 0 && wmem_map_size(tcp_seen) >= SKYPE_MAX_TRACKED_CONNS)
        return FALSE;
    seen = (guint8)bits;
    /* Direction: the lower endpoint (by its bytes) is side 0. */
    first = skype_tcp_first_payload(&seen, memcmp(src, dst, sizeof(*src)) < 0 ? 0u : 1u, conv->setup_frame,
                                    tracked_since);
    wmem_map_insert(tcp_seen, conv, GUINT_TO_POINTER(0x100u | seen));
    return first;
}

const skype_client_t *skype_clients_on_host(const address *addr)
{
    skype_ep_t ep;
    const skype_host_t *h;

    if (client_hosts == NULL || wmem_map_size(client_hosts) == 0 || !skype_ep_from_address(&ep, addr, 0))
        return NULL;
    h = (const skype_host_t *)wmem_map_lookup(client_hosts, &ep);
    return h ? h->clients : NULL;
}

void skype_dns_add(const guint8 *addr, guint len)
{
    skype_ep_t *ep;

    if (dns_addrs == NULL || wmem_map_size(dns_addrs) >= SKYPE_MAX_DNS_ADDRS)
        return;
    ep = wmem_new(wmem_file_scope(), skype_ep_t);
    if (!skype_ep_set(ep, addr, len, 0) || wmem_map_contains(dns_addrs, ep))
        return;
    wmem_map_insert(dns_addrs, ep, ep);
}

gboolean skype_dns_known(const address *addr)
{
    skype_ep_t ep;

    if (dns_addrs == NULL || wmem_map_size(dns_addrs) == 0 || !skype_ep_from_address(&ep, addr, 0))
        return FALSE;
    return wmem_map_contains(dns_addrs, &ep);
}

guint skype_tcp_conversations(void)
{
    return tcp_conversations;
}

void skype_tcp_conversation_added(void)
{
    tcp_conversations++;
}

skype_cand_table_t *skype_cand_table(void)
{
    if (cand_table == NULL)
        cand_table = wmem_new0(wmem_file_scope(), skype_cand_table_t);
    return cand_table;
}

skype_frame_rec_t *skype_frame_rec(guint32 frame)
{
    guint32 page = frame >> SKYPE_REC_PAGE_BITS;
    guint32 i = frame & (SKYPE_REC_PAGE - 1);

    if (page >= rec_dir_len || rec_dir[page] == NULL || !(rec_dir[page]->used & (1u << i)))
        return NULL;
    return &rec_dir[page]->rec[i];
}

skype_frame_rec_t *skype_frame_rec_new(guint32 frame)
{
    guint32 page = frame >> SKYPE_REC_PAGE_BITS;
    guint32 i = frame & (SKYPE_REC_PAGE - 1);
    skype_rec_page_t *pg;

    if (frame == 0)
        return NULL;
    if (page >= rec_dir_len) {
        /* Grow the directory (doubling, at least to this page). */
        guint32 len = MAX(page + 1, rec_dir_len ? rec_dir_len * 2 : 1024u);
        rec_dir = (skype_rec_page_t **)wmem_realloc(wmem_file_scope(), rec_dir, len * sizeof(*rec_dir));
        memset(rec_dir + rec_dir_len, 0, (len - rec_dir_len) * sizeof(*rec_dir));
        rec_dir_len = len;
    }
    pg = rec_dir[page];
    if (pg == NULL)
        pg = rec_dir[page] = wmem_new0(wmem_file_scope(), skype_rec_page_t);
    /* Records are zeroed with their page and never reused. */
    pg->used |= 1u << i;
    return &pg->rec[i];
}

dissector_handle_t skype_decode_as_choice(packet_info *pinfo, dissector_table_t table, const char *table_name)
{
    guint32 ports[2] = {MIN(pinfo->srcport, pinfo->destport), MAX(pinfo->srcport, pinfo->destport)};

    for (guint i = 0; i < 2; i++) {
        dissector_handle_t cur = dissector_get_uint_handle(table, ports[i]);
        if (cur != NULL && cur != dissector_get_default_uint_handle(table_name, ports[i]))
            return cur;
    }
    return NULL;
}

void skype_relay_ranges_set(const char *list)
{
    skype_ip_ranges_parse(list, &relay_ranges);
}

gboolean skype_relay_address(const address *a)
{
    guint32 v4;

    if (a->type == AT_IPv6 && a->len == 16)
        return skype_ipv6_in_ranges(&relay_ranges, (const guint8 *)a->data);
    if (a->type != AT_IPv4 || a->len != 4)
        return FALSE;
    memcpy(&v4, a->data, 4); /* address data need not be aligned */
    return skype_ipv4_in_ranges(&relay_ranges, g_ntohl(v4));
}
