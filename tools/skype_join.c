/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * skype-join: the calls and streams of a file set (consecutive pieces of one
 * capture: a dumpcap ring buffer, editcap chunks) as if it were one capture
 * (docs/batch-export.md, "Ring buffers and file sets"). Each piece was
 * dissected on its own (`tshark -q -z skype,legs -z skype,legstreams -z
 * skype,legseconds -o skype.file_set_origin:US`,
 * plugin/epan/skype_legs_table.c); this program joins the pieces' legs with
 * the core's own graph of legs (plugin/core/skype_call_graph.h: the same
 * keys, skype_graph_edge, the 30 s window, skype_callset_settle) and writes
 * the rows of -z skype,calls and -z skype,streams in skype-export's CSV
 * columns (tools/skype-export-one).
 *
 *   skype-join [--name NAME] [--calls FILE] [--streams FILE] [--report FILE]
 *              TABLES FRAMES FIRST_US [TABLES FRAMES FIRST_US]...
 *
 * --report: the tables of -z skype,calls, -z skype,streams and -z
 * skype,seconds as tshark prints them (the text tools/skype-call-report.py
 * reads), the seconds from each piece's -z skype,legseconds (a stream's
 * second the cut falls in is one row, its figures added up). The seconds
 * rows are in order of seconds, then of the streams' first frames (one
 * capture's table: in the order a second's first packet came).
 *
 * TABLES: tshark's output for one piece; FRAMES: the piece's frame count;
 * FIRST_US: its first frame's time, microseconds since the epoch. Pieces in
 * capture order. Output files are written to FILE.tmp, then renamed.
 *
 * The join, piece by piece (frame numbers offset by the earlier pieces'
 * frames; times are absolute already):
 *  1. a leg of a piece whose 5-tuple was a leg at the end of the earlier
 *     pieces, and whose call is not ended at its first frame
 *     (skype_graph_ended: silent more than 30 s), is that leg: one node, its
 *     frames, bytes and RTP streams added up (core skype_rtp_stream_join,
 *     with the piece's head of each stream), its roles (client end,
 *     sent/received) those of the earlier piece; a continuation (a 5-tuple
 *     or TCP connection the piece did not tag, skype_legs.h) adds its frames
 *     and streams to that leg and nothing else, or is dropped when there is
 *     none; any other leg is a new node, its roles decided again by
 *     skype_call_client_is_dst with what the earlier pieces know of Teams
 *     media ends;
 *  2. the legs one piece put in one component stay together
 *     (skype_callset_union), with its flags, phase and party;
 *  3. the keys each leg presented (its client ip:port, ICE pairs, TURN
 *     transactions, the ends and named peers, the client host and party)
 *     are edges to the earlier pieces' nodes that presented them, through
 *     skype_graph_edge: joined when that component is live (its last frame
 *     at most 30 s before);
 *  4. the SRs and report blocks a piece could not count are counted against
 *     the earlier pieces' streams, in frame order, then the piece's streams
 *     are added;
 *  5. at the end, skype_callset_settle (the host edge, the last resort).
 * The rows come from the core's row functions (skype_call_row.h), as the
 * plugin's tables'. What is exact and what is not: docs/batch-export.md,
 * "Ring buffers and file sets" (every cell on the test captures; the late
 * packets after a stream's first 128 in a piece, TURN over TCP entered
 * midway, a 5-tuple resumed after its call ended are not).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "skype_call_graph.h"
#include "skype_call_row.h"
#include "skype_phase.h"
#include "skype_quality.h"
#include "skype_stream_join.h"

#define FORMAT_LEGS "Skype/Teams legs (format 2)"
#define FORMAT_STREAMS "Skype/Teams leg streams (format 2)"
#define FORMAT_SECONDS "Skype/Teams leg seconds (format 2)"
#define MAX_STREAMS 16u

static const char *prog = "skype-join";

/* The message: what, then the argument a (a file name, an option), if any. */
static void die_msg(const char *what, const char *a)
{
    fprintf(stderr, "%s: %s%s%s\n", prog, what, a != NULL ? " " : "", a != NULL ? a : "");
    exit(2);
}

static void *xrealloc(void *ctx, void *p, size_t n)
{
    (void)ctx;
    if (n == 0) {
        free(p);
        return NULL;
    }
    p = realloc(p, n);
    if (p == NULL)
        die_msg("out of memory", NULL);
    return p;
}

/* ---- One leg of the whole set ---------------------------------------------- */

typedef struct gleg {
    skype_ep_t client, server, party;
    uint64_t bytes, last_us;
    uint32_t node, frames, last_frame, nstreams;
    uint32_t streams[MAX_STREAMS]; /* indices into the streams */
    uint32_t piece;     /* 1 + the piece whose leg (not continuation) row last took it, 0 none */
    uint16_t stream_type;
    int16_t pt;
    uint8_t kind, state;
} gleg_t;

/* One leg row of a piece. */
typedef struct pleg {
    skype_ep_t client, server, party, peers[4];
    uint64_t first_us, last_us, bytes, ice[8], tid[16];
    uint32_t id, first_frame, last_frame, frames, comp, call, num;
    uint32_t gl;       /* its leg of the set */
    struct {
        uint64_t us;
        uint32_t ssrc, lsr, dlsr, frame;
        bool sr;
    } rr[8];           /* SRs and report blocks the piece could not count (skype_legs.h skype_leg_rr_t) */
    uint8_t nrr;
    uint16_t stream_type;
    int16_t pt;
    uint8_t kind, flags, phase, rank, state, roles, nice, ntid, npeers, flipped;
} pleg_t;

#define ST_ANSWERED 1u
#define ST_MEDIA 2u
#define ST_PEER_NAMED 4u
#define ST_OPAQUE 8u
#define ST_CONT 16u /* a continuation: media or TCP frames of a 5-tuple the piece did not tag */
#define ST_UPGRADED 32u /* a continuation the piece made a leg at a STUN message (both directions' figures) */
#define GL_NONE UINT32_MAX /* pleg_t.gl of a continuation no earlier leg goes on in: dropped */
#define R_SRC_CLIENT 0x01u
#define R_CLIENT_TEAMS 0x02u
#define R_SERVER_TEAMS 0x04u
#define R_CLIENT_RELAY 0x08u
#define R_SERVER_RELAY 0x10u
#define R_TURN_HOST 0x20u

typedef struct gstream {
    skype_rtp_stream_t s;
    uint32_t leg;
    skype_rtp_second_t *sec; /* its seconds, in order (-z skype,legseconds), for --report */
    uint32_t nsec, capsec;
} gstream_t;

static skype_call_graph_t g;
static gleg_t *glegs;
static uint32_t nglegs, capglegs;
static gstream_t *gstreams;
static uint32_t ngstreams, capgstreams;
static uint64_t set_start_us;

/* 5-tuple -> the latest leg of the set on it (open addressing over glegs). */
static uint64_t *tkeys;
static uint32_t *tvals, tcap, tused;

static uint64_t tuple_key(const skype_ep_t *a, const skype_ep_t *b, uint8_t kind)
{
    uint64_t ka = skype_edge_ep_key(SKYPE_EDGE_END, a), kb = skype_edge_ep_key(SKYPE_EDGE_END, b);
    uint8_t tcp = kind == SKYPE_LEG_TCP;
    uint64_t lo = ka < kb ? ka : kb, hi = ka < kb ? kb : ka;

    return skype_edge_key(0x7f, &lo, 8, &hi, 8) ^ tcp;
}

static uint32_t tslot(uint64_t k)
{
    uint32_t i = (uint32_t)(k ^ (k >> 32)) & (tcap - 1);

    while (tkeys[i] != 0 && tkeys[i] != k)
        i = (i + 1) & (tcap - 1);
    return i;
}

static void tput(uint64_t k, uint32_t v)
{
    uint32_t i;

    if (k == 0)
        k = 1;
    if ((tused + 1) * 2 > tcap) {
        uint64_t *ok = tkeys;
        uint32_t *ov = tvals, oc = tcap;
        tcap = tcap ? tcap * 2 : 1024;
        tkeys = calloc(tcap, sizeof(*tkeys));
        tvals = calloc(tcap, sizeof(*tvals));
        if (tkeys == NULL || tvals == NULL)
            die_msg("out of memory", NULL);
        for (uint32_t j = 0; j < oc; j++)
            if (ok[j] != 0) {
                i = tslot(ok[j]);
                tkeys[i] = ok[j];
                tvals[i] = ov[j];
            }
        free(ok);
        free(ov);
    }
    i = tslot(k);
    if (tkeys[i] == 0)
        tused++;
    tkeys[i] = k;
    tvals[i] = v;
}

static uint32_t tget(uint64_t k)
{
    uint32_t i;

    if (k == 0)
        k = 1;
    if (tcap == 0)
        return UINT32_MAX;
    i = tslot(k);
    return tkeys[i] == k ? tvals[i] : UINT32_MAX;
}

/* ---- Reading a piece's tables ------------------------------------------------ */

static int parse_ep(const char *t, skype_ep_t *ep)
{
    char buf[80];
    const char *colon;

    memset(ep, 0, sizeof(*ep));
    if (strcmp(t, "-") == 0)
        return 0;
    if (t[0] == '[') {
        const char *e = strchr(t, ']');
        if (e == NULL || e[1] != ':' || (size_t)(e - t - 1) >= sizeof(buf))
            return -1;
        memcpy(buf, t + 1, (size_t)(e - t - 1));
        buf[e - t - 1] = 0;
        if (inet_pton(AF_INET6, buf, ep->addr) != 1)
            return -1;
        ep->family = 6;
        ep->port = (uint16_t)strtoul(e + 2, NULL, 10);
        return 0;
    }
    colon = strrchr(t, ':');
    if (colon == NULL || (size_t)(colon - t) >= sizeof(buf))
        return -1;
    memcpy(buf, t, (size_t)(colon - t));
    buf[colon - t] = 0;
    if (inet_pton(AF_INET, buf, ep->addr) != 1)
        return -1;
    ep->family = 4;
    ep->port = (uint16_t)strtoul(colon + 1, NULL, 10);
    return 0;
}

/* The cells of a table line ("a |b |c |"), trimmed, into cell[]; their count. */
static int cells(char *line, char **cell, int max)
{
    int n = 0;
    char *p = line, *bar;

    while (n < max && (bar = strstr(p, " |")) != NULL) {
        char *s = p, *e = bar;
        *bar = 0;
        while (*s == ' ')
            s++;
        while (e > s && e[-1] == ' ')
            *--e = 0;
        cell[n++] = s;
        p = bar + 2;
    }
    return n;
}

static uint32_t u32(const char *t)
{
    return strcmp(t, "-") == 0 ? UINT32_MAX : (uint32_t)strtoul(t, NULL, 10);
}

/* k hex keys "a;b;c" into out (at most max); their count. */
static uint8_t keys(const char *t, uint64_t *out, unsigned max)
{
    uint8_t n = 0;

    while (*t && strcmp(t, "-") != 0 && n < max) {
        char *e;
        out[n++] = strtoull(t, &e, 16);
        if (*e != ';')
            break;
        t = e + 1;
    }
    return n;
}

typedef struct piece {
    pleg_t *legs;
    uint32_t nlegs;
    struct {
        uint32_t leg;
        bool has_head;
        skype_rtp_stream_t s;
        skype_rtp_head_t head; /* the transits of its first packets (core/skype_stream_join.h) */
        uint32_t sec0, nsec; /* its rows in secs */
    } *streams;
    uint32_t nstreams;
    struct {
        uint32_t stream;
        skype_rtp_second_t b;
    } *secs;         /* -z skype,legseconds rows, by stream, each stream's in order */
    uint32_t nsecs;
    bool has_seconds;
} piece_t;

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A "size:hex" cell (skype_legs_table.c hex_of) into out, of size bytes. */
static void unhex(const char *cell, void *out, size_t size, const char *path)
{
    const char *h = strchr(cell, ':');
    uint8_t *b = out;

    if (strtoul(cell, NULL, 10) != size || h == NULL || strlen(h + 1) != 2 * size)
        die_msg("stream state of another build (dissect all pieces with the same plugin build):", path);
    for (size_t i = 0; i < size; i++) {
        int hi = hexval(h[1 + 2 * i]), lo = hexval(h[2 + 2 * i]);
        if (hi < 0 || lo < 0)
            die_msg("bad stream state in", path);
        b[i] = (uint8_t)(hi << 4 | lo);
    }
}

static void read_piece(const char *path, piece_t *pc)
{
    FILE *f = fopen(path, "r");
    char *line = NULL, *cell[32];
    size_t cap = 0;
    ssize_t len;
    int in = 0, seen_legs = 0, seen_streams = 0;
    uint32_t capl = 0, caps = 0, capsec = 0;

    if (f == NULL)
        die_msg("cannot read", path);
    memset(pc, 0, sizeof(*pc));
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = 0;
        if (strcmp(line, FORMAT_LEGS) == 0) {
            in = 1;
            seen_legs = 1;
            continue;
        }
        if (strcmp(line, FORMAT_STREAMS) == 0) {
            in = 2;
            seen_streams = 1;
            continue;
        }
        if (strcmp(line, FORMAT_SECONDS) == 0) {
            in = 3;
            pc->has_seconds = true;
            continue;
        }
        if (line[0] == '=') {
            in = 0;
            continue;
        }
        if (in == 1) {
            pleg_t *l;
            int n = cells(line, cell, 32);
            if (n < 25)
                continue;
            if (pc->nlegs == capl) {
                capl = capl ? capl * 2 : 256;
                pc->legs = xrealloc(NULL, pc->legs, capl * sizeof(*pc->legs));
            }
            l = &pc->legs[pc->nlegs++];
            memset(l, 0, sizeof(*l));
            l->id = u32(cell[0]);
            if (parse_ep(cell[1], &l->client) || parse_ep(cell[2], &l->server) || parse_ep(cell[15], &l->party))
                die_msg("bad address in", path);
            l->kind = (uint8_t)u32(cell[3]);
            l->first_frame = u32(cell[4]);
            l->last_frame = u32(cell[5]);
            l->first_us = strtoull(cell[6], NULL, 10);
            l->last_us = strtoull(cell[7], NULL, 10);
            l->frames = u32(cell[8]);
            l->bytes = strtoull(cell[9], NULL, 10);
            l->comp = u32(cell[10]);
            l->call = u32(cell[11]);
            l->num = u32(cell[12]);
            l->flags = (uint8_t)u32(cell[13]);
            l->phase = (uint8_t)u32(cell[14]);
            l->rank = (uint8_t)u32(cell[16]);
            l->stream_type = (uint16_t)u32(cell[17]);
            l->pt = (int16_t)strtol(cell[18], NULL, 10);
            l->state = (uint8_t)u32(cell[19]);
            l->roles = (uint8_t)u32(cell[20]);
            l->nice = keys(cell[21], l->ice, 8);
            l->ntid = keys(cell[22], l->tid, 16);
            for (const char *t = cell[23]; strcmp(t, "-") != 0 && l->npeers < 4;) {
                char buf[80];
                const char *e = strchr(t, ';');
                size_t m = e ? (size_t)(e - t) : strlen(t);
                if (m >= sizeof(buf))
                    break;
                memcpy(buf, t, m);
                buf[m] = 0;
                if (parse_ep(buf, &l->peers[l->npeers]) == 0)
                    l->npeers++;
                if (e == NULL)
                    break;
                t = e + 1;
            }
            for (const char *t = cell[24]; strcmp(t, "-") != 0 && l->nrr < 8;) {
                unsigned long long us;
                unsigned ssrc, lsr, dlsr, frame;
                char kind;
                if (sscanf(t, "%c:%x:%x:%x:%llu:%u", &kind, &ssrc, &lsr, &dlsr, &us, &frame) != 6 ||
                    (kind != 's' && kind != 'r'))
                    die_msg("bad pending RTCP in", path);
                l->rr[l->nrr].sr = kind == 's';
                l->rr[l->nrr].ssrc = ssrc;
                l->rr[l->nrr].lsr = lsr;
                l->rr[l->nrr].dlsr = dlsr;
                l->rr[l->nrr].us = us;
                l->rr[l->nrr].frame = frame;
                l->nrr++;
                t = strchr(t, ';');
                if (t == NULL)
                    break;
                t++;
            }
        } else if (in == 2) {
            int n = cells(line, cell, 32);
            if (n < 4)
                continue;
            if (pc->nstreams == caps) {
                caps = caps ? caps * 2 : 64;
                pc->streams = xrealloc(NULL, pc->streams, caps * sizeof(*pc->streams));
            }
            memset(&pc->streams[pc->nstreams], 0, sizeof(pc->streams[pc->nstreams]));
            pc->streams[pc->nstreams].leg = u32(cell[0]);
            unhex(cell[2], &pc->streams[pc->nstreams].s, sizeof(skype_rtp_stream_t), path);
            pc->streams[pc->nstreams].has_head = strcmp(cell[3], "-") != 0;
            if (pc->streams[pc->nstreams].has_head)
                unhex(cell[3], &pc->streams[pc->nstreams].head, sizeof(skype_rtp_head_t), path);
            pc->nstreams++;
        } else if (in == 3) {
            int n = cells(line, cell, 32);
            skype_rtp_second_t *b;
            if (n < 7)
                continue;
            if (pc->nsecs == capsec) {
                capsec = capsec ? capsec * 2 : 256;
                pc->secs = xrealloc(NULL, pc->secs, capsec * sizeof(*pc->secs));
            }
            pc->secs[pc->nsecs].stream = u32(cell[0]);
            b = &pc->secs[pc->nsecs].b;
            memset(b, 0, sizeof(*b));
            b->second = u32(cell[1]);
            b->packets = u32(cell[2]);
            b->bytes = u32(cell[3]);
            b->lost = u32(cell[4]);
            b->frames = u32(cell[5]);
            b->jitter_max_ms = strtof(cell[6], NULL);
            if (pc->nsecs > 0 && pc->secs[pc->nsecs - 1].stream > pc->secs[pc->nsecs].stream)
                die_msg("stream seconds out of order in", path);
            pc->nsecs++;
        }
    }
    free(line);
    fclose(f);
    /* each stream's rows */
    for (uint32_t r = 0; r < pc->nsecs; r++) {
        uint32_t j = pc->secs[r].stream;
        if (j >= pc->nstreams)
            die_msg("a stream second of no stream in", path);
        if (pc->streams[j].nsec++ == 0)
            pc->streams[j].sec0 = r;
    }
    if (!seen_legs || !seen_streams)
        die_msg("no legs tables (tshark -2 -q -z skype,legs -z skype,legstreams) in", path);
}

/* ---- Joining --------------------------------------------------------------- */

static int by_first_frame(const void *a, const void *b)
{
    const pleg_t *x = a, *y = b;

    if (x->first_frame != y->first_frame)
        return x->first_frame < y->first_frame ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* Does the set know ep as a Teams media end (skype_calls.c teams_end)? */
static bool teams_end(const skype_ep_t *ep)
{
    return skype_graph_lookup(&g, skype_edge_ep_key(SKYPE_EDGE_PORT, ep), 0) != SKYPE_CALL_NONE ||
           skype_graph_lookup(&g, skype_edge_host_key(ep), 0) != SKYPE_CALL_NONE;
}

/* Swap the leg's ends; its party follows the new far end unless a TURN
 * message named the peer (skype_call_party). */
static void flip(pleg_t *l)
{
    skype_ep_t t = l->client;

    l->client = l->server;
    l->server = t;
    l->flipped ^= 1;
    if (!(l->state & ST_PEER_NAMED) && l->party.family != 0)
        skype_call_party(&l->party, &l->server, l->kind, NULL);
}

static uint32_t new_gleg(void)
{
    if (nglegs == capglegs) {
        capglegs = capglegs ? capglegs * 2 : 1024;
        glegs = xrealloc(NULL, glegs, capglegs * sizeof(*glegs));
    }
    memset(&glegs[nglegs], 0, sizeof(glegs[0]));
    return nglegs++;
}

/* Present key for node at us: an edge to an earlier piece's node (nodes
 * below base), else only noted (the piece decided its own components). */
static void present(uint32_t node, uint64_t key, uint64_t us, bool teardown_ok, uint32_t base)
{
    uint32_t other;

    if (key == 0)
        return;
    other = skype_graph_lookup(&g, key, us);
    if (other != SKYPE_CALL_NONE && other < base)
        (void)skype_graph_edge(&g, node, key, us, teardown_ok);
    else
        skype_graph_note(&g, node, key);
}

/* The seconds of stream j of piece pc after those of gs: a second the
 * earlier pieces ended in (the cut within it) is one second, its figures
 * added up (the highest jitter). */
static void add_seconds(gstream_t *gs, piece_t *pc, uint32_t j, const skype_rtp_stream_t *before,
                        const skype_rtp_stream_t *s, const skype_rtp_head_t *h)
{
    if (before != NULL && pc->streams[j].nsec > 0) {
        skype_rtp_second_t *sec = malloc(pc->streams[j].nsec * sizeof(*sec));
        if (sec == NULL)
            die_msg("out of memory", NULL);
        for (uint32_t r = 0; r < pc->streams[j].nsec; r++)
            sec[r] = pc->secs[pc->streams[j].sec0 + r].b;
        /* the whole stream's figures of b's seconds (core/skype_stream_join.h) */
        skype_rtp_seconds_join(before, s, h, sec, pc->streams[j].nsec);
        for (uint32_t r = 0; r < pc->streams[j].nsec; r++)
            pc->secs[pc->streams[j].sec0 + r].b = sec[r];
        free(sec);
    }
    for (uint32_t r = 0; r < pc->streams[j].nsec; r++) {
        const skype_rtp_second_t *b = &pc->secs[pc->streams[j].sec0 + r].b;
        if (gs->nsec > 0 && gs->sec[gs->nsec - 1].second == b->second) {
            skype_rtp_second_t *a = &gs->sec[gs->nsec - 1];
            a->packets += b->packets;
            a->bytes += b->bytes;
            a->lost += b->lost;
            a->frames += b->frames;
            if (b->jitter_max_ms > a->jitter_max_ms)
                a->jitter_max_ms = b->jitter_max_ms;
            continue;
        }
        if (gs->nsec == gs->capsec) {
            gs->capsec = gs->capsec ? gs->capsec * 2 : 16;
            gs->sec = xrealloc(NULL, gs->sec, gs->capsec * sizeof(*gs->sec));
        }
        gs->sec[gs->nsec++] = *b;
    }
}

static void join_piece(piece_t *pc, uint32_t frame_off, uint32_t piece_no)
{
    uint32_t base = g.cs.n, *rep;
    bool first_piece = piece_no == 1;

    for (uint32_t i = 0; i < pc->nlegs; i++) {
        pleg_t *l = &pc->legs[i];
        l->first_frame += frame_off;
        l->last_frame += frame_off;
    }
    /* stream rows refer to legs by id: keep the order of ids for them */
    qsort(pc->legs, pc->nlegs, sizeof(*pc->legs), by_first_frame);
    /* 1. nodes: a leg that goes on across the cut, or a new one */
    for (uint32_t i = 0; i < pc->nlegs; i++) {
        pleg_t *l = &pc->legs[i];
        uint64_t tk = tuple_key(&l->client, &l->server, l->kind);
        uint32_t prev = first_piece ? UINT32_MAX : tget(tk), gi;
        gleg_t *gl;

        /* the 5-tuple's second leg in this piece (it left an ended call)
         * is a new one; a continuation before it does not count */
        if (prev != UINT32_MAX && glegs[prev].piece == piece_no)
            prev = UINT32_MAX;
        if (prev != UINT32_MAX && glegs[prev].node != SKYPE_CALL_NONE &&
            glegs[prev].node < base && !skype_graph_ended(&g, glegs[prev].node, 0, l->first_us)) {
            gl = &glegs[prev];
            if (!skype_ep_equal(&l->client, &gl->client))
                flip(l);
            gl->frames += l->frames;
            gl->bytes += l->bytes;
            gl->last_frame = l->last_frame;
            gl->last_us = l->last_us;
            l->gl = prev;
            if (l->state & ST_CONT) /* frames and streams alone: the earlier piece knew the rest */
                continue;
            gl->piece = piece_no;
            gl->kind = l->kind;
            if (l->stream_type != 0)
                gl->stream_type = l->stream_type;
            if (gl->pt < 0)
                gl->pt = l->pt;
            if ((l->state & ST_PEER_NAMED) || !(gl->state & ST_PEER_NAMED))
                gl->party = l->party;
            gl->state |= l->state & (uint8_t)~ST_UPGRADED;
            continue;
        }
        if (l->state & ST_CONT) {
            /* media of a 5-tuple no earlier leg goes on in: as in one capture, in no leg */
            l->gl = GL_NONE;
            continue;
        }
        if (!first_piece && l->kind != SKYPE_LEG_TCP) {
            /* the roles again, with what the earlier pieces know */
            bool src_client = l->roles & R_SRC_CLIENT;
            const skype_ep_t *src = src_client ? &l->client : &l->server, *dst = src_client ? &l->server : &l->client;
            bool src_teams = teams_end(src) || (l->roles & (src_client ? R_CLIENT_TEAMS : R_SERVER_TEAMS));
            bool dst_teams = teams_end(dst) || (l->roles & (src_client ? R_SERVER_TEAMS : R_CLIENT_TEAMS));
            bool src_relay = l->roles & (src_client ? R_CLIENT_RELAY : R_SERVER_RELAY);
            bool dst_relay = l->roles & (src_client ? R_SERVER_RELAY : R_CLIENT_RELAY);
            bool dst_is_client = skype_call_client_is_dst(src, dst, src_relay, dst_relay, src_teams, dst_teams);
            if (dst_is_client == src_client)
                flip(l);
        }
        gi = new_gleg();
        gl = &glegs[gi];
        gl->client = l->client;
        gl->server = l->server;
        gl->party = l->party;
        gl->kind = l->kind;
        gl->frames = l->frames;
        gl->bytes = l->bytes;
        gl->stream_type = l->stream_type;
        gl->pt = l->pt;
        gl->state = l->state & (uint8_t)~ST_UPGRADED;
        gl->last_frame = l->last_frame;
        gl->last_us = l->last_us;
        gl->piece = piece_no;
        gl->node = skype_callset_add(&g.cs, &l->client, l->first_frame, l->first_us);
        if (gl->node == SKYPE_CALL_NONE)
            die_msg("too many legs", NULL);
        l->gl = gi;
        tput(tk, gi);
    }
    /* 2. the piece's components */
    rep = malloc((pc->nlegs + 1) * sizeof(*rep));
    if (rep == NULL)
        die_msg("out of memory", NULL);
    for (uint32_t i = 0; i < pc->nlegs; i++) {
        pleg_t *l = &pc->legs[i];
        uint32_t node;
        rep[i] = UINT32_MAX;
        if (l->gl == GL_NONE || (l->state & ST_CONT))
            continue;
        node = glegs[l->gl].node;
        skype_callset_mark(&g.cs, node, l->flags & (SKYPE_CALL_F_PLACED | SKYPE_CALL_F_ANCHORED | SKYPE_CALL_F_CANDIDATE));
        for (uint32_t k = 0; k < i; k++)
            if (l->comp != UINT32_MAX && pc->legs[k].comp == l->comp && !(pc->legs[k].state & ST_CONT)) {
                rep[i] = k;
                break;
            }
        if (rep[i] != UINT32_MAX)
            (void)skype_callset_union(&g.cs, node, glegs[pc->legs[rep[i]].gl].node);
    }
    for (uint32_t i = 0; i < pc->nlegs; i++) {
        pleg_t *l = &pc->legs[i];
        uint32_t node, r;
        if (l->gl == GL_NONE)
            continue;
        node = glegs[l->gl].node;
        if (l->state & ST_CONT) { /* the call goes on */
            skype_callset_touch(&g.cs, node, l->last_frame, l->last_us);
            continue;
        }
        /* a component the piece showed in another's call (settled) */
        if (l->call != UINT32_MAX && l->call != l->comp)
            for (uint32_t k = 0; k < pc->nlegs; k++)
                if (pc->legs[k].comp == l->call && !(pc->legs[k].state & ST_CONT)) {
                    (void)skype_callset_union(&g.cs, node, glegs[pc->legs[k].gl].node);
                    break;
                }
        r = skype_callset_root(&g.cs, node);
        if (l->phase > g.cs.g[r].phase)
            g.cs.g[r].phase = l->phase;
        skype_callset_party(&g.cs, node, &l->party, l->rank);
        skype_callset_touch(&g.cs, node, l->last_frame, l->last_us);
    }
    free(rep);
    /* 3. the keys: edges to the earlier pieces */
    for (uint32_t i = 0; i < pc->nlegs; i++) {
        pleg_t *l = &pc->legs[i];
        uint32_t node;
        uint64_t us = l->first_us;
        if (l->gl == GL_NONE || (l->state & ST_CONT))
            continue;
        node = glegs[l->gl].node;
        present(node, skype_edge_ep_key(SKYPE_EDGE_PORT, &l->client), us, false, base);
        for (unsigned k = 0; k < l->nice; k++)
            present(node, skype_edge_ice_key(l->ice[k]), us, true, base);
        for (unsigned k = 0; k < l->ntid; k++)
            present(node, l->tid[k], us, true, base);
        if (l->kind == SKYPE_LEG_DIRECT)
            present(node, skype_edge_ep_key(SKYPE_EDGE_END, &l->server), us, false, base);
        for (unsigned k = 0; l->kind != SKYPE_LEG_DIRECT && k < l->npeers; k++)
            present(node, skype_edge_ep_key(SKYPE_EDGE_END, &l->peers[k]), us, false, base);
        if (l->nice != 0 && l->party.family != 0)
            present(node, skype_edge_party_key(&l->client, &l->party), us, false, base);
        if (l->roles & R_TURN_HOST)
            skype_graph_note(&g, node, skype_edge_host_key(&l->client));
    }
    /* the SRs and round trips the piece could not count, in frame order:
     * against the earlier pieces' streams, before the piece's own streams
     * are added (as one capture counts them: SRs of every stream, round
     * trips of sent streams, skype_streams.c) */
    for (uint32_t i = 0; i < pc->nlegs; i++) {
        const pleg_t *l = &pc->legs[i];
        for (unsigned r = 0; l->gl != GL_NONE && r < l->nrr; r++) {
            const gleg_t *gl = &glegs[l->gl];
            for (uint32_t k = 0; k < gl->nstreams; k++) {
                skype_rtp_stream_t *s = &gstreams[gl->streams[k]].s;
                double rtt;
                if (s->ssrc != l->rr[r].ssrc)
                    continue;
                if (l->rr[r].sr) {
                    skype_rtp_stream_sr(s, l->rr[r].lsr, l->rr[r].us);
                    continue;
                }
                if (!s->sent)
                    continue;
                rtt = skype_rtcp_rtt_ms(s, l->rr[r].lsr, l->rr[r].dlsr, l->rr[r].us);
                if (rtt >= 0.0)
                    skype_rtp_stream_rtt(s, rtt, l->rr[r].frame + frame_off);
            }
        }
    }
    /* the streams: merged into the leg's stream of the same SSRC, or new */
    for (uint32_t j = 0; j < pc->nstreams; j++) {
        skype_rtp_stream_t s = pc->streams[j].s;
        const pleg_t *l = NULL;
        gleg_t *gl;
        uint32_t k;
        for (uint32_t i = 0; i < pc->nlegs && l == NULL; i++)
            if (pc->legs[i].id == pc->streams[j].leg)
                l = &pc->legs[i];
        if (l == NULL || l->gl == GL_NONE)
            continue;
        gl = &glegs[l->gl];
        s.first_frame += frame_off;
        s.last_frame += frame_off;
        if (s.rtt_frame)
            s.rtt_frame += frame_off;
        if (s.mismatch_frame)
            s.mismatch_frame += frame_off;
        if (s.poor_frame)
            s.poor_frame += frame_off;
        /* origin_us: the set's when the piece was dissected with it (skype.file_set_origin) */
        if (l->flipped)
            s.sent ^= 1;
        if (!s.sent) {
            /* a piece keeps every stream's DSCP and round trips (which end
             * is the client is decided here); a received stream has neither
             * (skype_calls.c, skype_streams.c) */
            s.dscp = 0;
            s.dscp_seen = 0;
            s.mismatch_frame = 0;
            s.rtt_ms = -1.0f;
            s.rtt_max_ms = -1.0f;
            s.rtt_frame = 0;
            s.rtt_count = 0;
            s.rtt_sum = 0.0;
        }
        for (k = 0; k < gl->nstreams; k++)
            if (gstreams[gl->streams[k]].s.ssrc == s.ssrc)
                break;
        if (k < gl->nstreams) {
            const skype_rtp_head_t *h = pc->streams[j].has_head ? &pc->streams[j].head : NULL;
            skype_rtp_stream_t before = gstreams[gl->streams[k]].s;
            skype_rtp_stream_join(&gstreams[gl->streams[k]].s, &s, h);
            add_seconds(&gstreams[gl->streams[k]], pc, j, &before, &s, h);
            continue;
        }
        if (gl->nstreams >= MAX_STREAMS)
            continue;
        if (ngstreams == capgstreams) {
            capgstreams = capgstreams ? capgstreams * 2 : 256;
            gstreams = xrealloc(NULL, gstreams, capgstreams * sizeof(*gstreams));
        }
        gstreams[ngstreams].s = s;
        gstreams[ngstreams].leg = l->gl;
        gstreams[ngstreams].sec = NULL;
        gstreams[ngstreams].nsec = gstreams[ngstreams].capsec = 0;
        add_seconds(&gstreams[ngstreams], pc, j, NULL, &s, NULL);
        gl->streams[gl->nstreams++] = ngstreams++;
    }
}

/* ---- The tables ---------------------------------------------------------- */

static const skype_quality_limits_t *lim = &skype_quality_cqd;

/* The streams of leg as the core's rows take them (core/skype_call_row.h:
 * the round trip a stream shows is chosen among its leg's streams); out has
 * room for MAX_STREAMS. Their count. */
static unsigned leg_streams(const gleg_t *leg, const skype_rtp_stream_t **out)
{
    unsigned n = 0;

    for (uint32_t i = 0; i < leg->nstreams && n < MAX_STREAMS; i++)
        out[n++] = &gstreams[leg->streams[i]].s;
    return n;
}

/* A CSV cell as skype-export-one writes it. */
static void csv(FILE *f, const char *v, bool first)
{
    size_t n = strlen(v);

    if (!first)
        fputc(',', f);
    if (strpbrk(v, "\",\r\n") != NULL || (n > 0 && (v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t'))) {
        fputc('"', f);
        for (; *v; v++) {
            if (*v == '"')
                fputc('"', f);
            fputc(*v, f);
        }
        fputc('"', f);
    } else {
        fputs(v, f);
    }
}

static void host_text(const skype_ep_t *ep, char *buf, size_t size)
{
    if (ep->family == 6)
        inet_ntop(AF_INET6, ep->addr, buf, (socklen_t)size);
    else
        inet_ntop(AF_INET, ep->addr, buf, (socklen_t)size);
}

static void ep_text(const skype_ep_t *ep, char *buf, size_t size)
{
    char a[64];

    host_text(ep, a, sizeof(a));
    if (ep->family == 6)
        snprintf(buf, size, "[%s]:%u", a, ep->port);
    else
        snprintf(buf, size, "%s:%u", a, ep->port);
}

/* The rows go out as CSV cells (skype-export's columns, the capture's name
 * first) or as the cells of tshark's table text (--report): one writer. */
typedef struct out {
    FILE *f;
    bool table; /* "value |" cells, "-" for what is not known; else CSV */
    bool first; /* no cell of the row yet */
} out_t;

static void cell(out_t *o, const char *v)
{
    if (o->table)
        fprintf(o->f, "%s |", v);
    else
        csv(o->f, v, o->first);
    o->first = false;
}

static void cellf(out_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void cellf(out_t *o, const char *fmt, ...)
{
    char buf[64];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    cell(o, buf);
}

/* A figure: "-" in a table, empty in CSV, when it cannot be known (< 0;
 * skype_streams_table.c known). */
static void cell_num(out_t *o, int decimals, double v)
{
    if (v < 0.0)
        cell(o, o->table ? "-" : "");
    else
        cellf(o, "%.*f", decimals, v);
}

/* A call number: "-" in a table for none (0). */
static void cell_call(out_t *o, uint32_t call)
{
    if (o->table && call == 0)
        cell(o, "-");
    else
        cellf(o, "%u", call);
}

/* A text of a call's summary (core/skype_call_row.h), whole. */
static void cell_sum(out_t *o, size_t (*fn)(const skype_call_sum_t *, char *, size_t), const skype_call_sum_t *sum)
{
    size_t n = fn(sum, NULL, 0);
    char *text = malloc(n + 1);

    if (text == NULL)
        die_msg("out of memory", NULL);
    fn(sum, text, n + 1);
    cell(o, text);
    free(text);
}

static void row_end(out_t *o)
{
    fputc('\n', o->f);
    o->first = true;
}

/* The figures of call root r: its summary, times, client host and party text. */
static void call_sum(uint32_t r, skype_call_sum_t *sum, double *start_s, double *duration_s, char host[64],
                     char party[64])
{
    const skype_call_group_t *cg = &g.cs.g[r];
    const char *party_text;

    skype_call_sum_init(sum);
    for (uint32_t i = 0; i < nglegs; i++) {
        const gleg_t *leg = &glegs[i];
        const skype_rtp_stream_t *ss[MAX_STREAMS];
        if (skype_callset_root(&g.cs, leg->node) != r)
            continue;
        skype_call_sum_leg(sum, leg->kind, leg->frames, ss, leg_streams(leg, ss), lim);
    }
    skype_call_row_times(cg, set_start_us, start_s, duration_s);
    host_text(&cg->host, host, 64);
    party_text = skype_call_party_text(&cg->party);
    if (party_text != NULL)
        snprintf(party, 64, "%s", party_text);
    else
        host_text(&cg->party, party, 64);
}

/* The rows of -z skype,calls (skype_calls_table.c call_row): core/skype_call_row.h. */
static void call_rows(out_t *o, const char *name)
{
    uint32_t ncalls = skype_callset_calls(&g.cs);

    for (uint32_t c = 1; c <= ncalls; c++) {
        uint32_t r = skype_callset_by_number(&g.cs, c);
        skype_call_sum_t sum;
        char host[64], party[64];
        double start_s, duration_s;

        if (r == SKYPE_CALL_NONE)
            break;
        call_sum(r, &sum, &start_s, &duration_s, host, party);
        if (!o->table)
            cell(o, name);
        cellf(o, "%u", c);
        cellf(o, "%u", g.cs.g[r].first_frame);
        cellf(o, "%.3f", start_s);
        cellf(o, "%.3f", duration_s);
        cell(o, host);
        cell(o, party);
        cell_sum(o, skype_call_sum_legs, &sum);
        for (unsigned k = SKYPE_MEDIA_AUDIO; k <= SKYPE_MEDIA_DATA; k++)
            cellf(o, "%u", sum.streams[k]);
        cell_sum(o, skype_call_sum_directions, &sum);
        cellf(o, "%u", sum.packets);
        cellf(o, "%d", (int)sum.lost);
        cellf(o, "%.2f", sum.jitter_max_ms);
        cell_sum(o, skype_call_sum_dscp, &sum);
        cell_num(o, 1, sum.worst_mos);
        cellf(o, "%u", sum.poor);
        row_end(o);
    }
}

static int by_stream_frame(const void *a, const void *b)
{
    const gstream_t *x = *(const gstream_t *const *)a, *y = *(const gstream_t *const *)b;

    if (x->s.first_frame != y->s.first_frame)
        return x->s.first_frame < y->s.first_frame ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The streams in order of their first frames (free it). */
static gstream_t **streams_in_order(void)
{
    gstream_t **order = malloc((ngstreams + 1) * sizeof(*order));

    if (order == NULL)
        die_msg("out of memory", NULL);
    for (uint32_t i = 0; i < ngstreams; i++)
        order[i] = &gstreams[i];
    qsort(order, ngstreams, sizeof(*order), by_stream_frame);
    return order;
}

/* The call number of stream gs's leg, 0 none. */
static uint32_t call_of(const gstream_t *gs)
{
    return skype_callset_number(&g.cs, skype_callset_root(&g.cs, glegs[gs->leg].node));
}

/* The rows of -z skype,streams (skype_streams_table.c stream_row): core/skype_call_row.h. */
static void stream_rows(out_t *o, const char *name)
{
    gstream_t **order = streams_in_order();

    for (uint32_t i = 0; i < ngstreams; i++) {
        const skype_rtp_stream_t *s = &order[i]->s, *ss[MAX_STREAMS];
        const gleg_t *leg = &glegs[order[i]->leg];
        skype_stream_row_t v;
        char a[80], b[80];

        skype_stream_row(&v, ss, leg_streams(leg, ss), s, &leg->client, &leg->server, lim);
        if (!o->table)
            cell(o, name);
        cell_call(o, call_of(order[i]));
        cellf(o, "0x%08X", s->ssrc);
        cell(o, v.kind);
        cell(o, v.codec);
        cell(o, v.direction);
        cellf(o, "%u", s->packets);
        cell_num(o, 1, v.loss_pct);
        cell_num(o, 2, v.jitter_mean_ms);
        cell_num(o, 2, v.jitter_max_ms);
        cell_num(o, 1, v.rtt_ms);
        cell_num(o, 1, v.mos);
        cell_num(o, 1, v.fps);
        cell(o, v.verdict);
        cell(o, v.reasons);
        cellf(o, "%d", (int)v.lost);
        cell_num(o, 1, v.rtt_max_ms);
        cell_num(o, 1, v.rtt_mean_ms);
        cell_num(o, 0, v.low_fps_pct);
        cell_num(o, 1, v.kbps);
        cell_num(o, 0, v.frame_size);
        ep_text(v.src, a, sizeof(a));
        ep_text(v.dst, b, sizeof(b));
        cell(o, a);
        cell(o, b);
        cellf(o, "%u", s->first_frame);
        row_end(o);
    }
    free(order);
}

static void write_calls(FILE *f, const char *name)
{
    out_t o = {f, false, true};

    fputs("capture,call,first_frame,start_s,duration_s,client_host,remote_party,legs,audio,video,screen,data,"
          "streams_sent_received,packets,lost,max_jitter_ms,dscp,worst_mos,poor_streams\n",
          f);
    call_rows(&o, name);
}

static void write_streams(FILE *f, const char *name)
{
    out_t o = {f, false, true};

    fputs("capture,call,ssrc,kind,codec,direction,packets,lost_pct,mean_jitter_ms,max_jitter_ms,rtt_ms,mos,"
          "frame_rate_fps,verdict,reasons,lost,max_rtt_ms,mean_rtt_ms,below_7_fps_pct,bitrate_kbit_s,"
          "frame_size_bytes,source,destination,first_frame\n",
          f);
    stream_rows(&o, name);
}

/* ---- --report: the three tables as tshark prints them -------------------- */

#define RULE "====================================================================================================="

static void table_head(FILE *f, const char *name, const char *cols, const char *title)
{
    fprintf(f, "\n%s\n%s:\nFilter for statistics: \n%s\n%s\n", RULE, name, cols, title);
}

/* A seconds row: the stream (its rank by first frame) and the second's index. */
typedef struct sec_ref {
    const gstream_t *gs;
    uint32_t rank, idx;
} sec_ref_t;

/* The rows in order of seconds, and within a second of the streams' first frames. */
static int by_second(const void *a, const void *b)
{
    const sec_ref_t *x = a, *y = b;
    uint32_t sx = x->gs->sec[x->idx].second, sy = y->gs->sec[y->idx].second;

    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static void write_report(FILE *f, const char *name)
{
    out_t o = {f, true, true};
    uint32_t nrows = 0, r = 0;
    gstream_t **order = streams_in_order();
    sec_ref_t *rows;

    /* -z skype,seconds (skype_streams_table.c second_row) */
    for (uint32_t i = 0; i < ngstreams; i++)
        nrows += order[i]->nsec;
    rows = malloc((nrows + 1) * sizeof(*rows));
    if (rows == NULL)
        die_msg("out of memory", NULL);
    for (uint32_t i = 0; i < ngstreams; i++)
        for (uint32_t k = 0; k < order[i]->nsec; k++)
            rows[r++] = (sec_ref_t){order[i], i, k};
    free(order);
    qsort(rows, nrows, sizeof(*rows), by_second);
    table_head(f, "Skype Stream Seconds", "Call |SSRC |Kind |Second |Packets |Bytes |Lost |Max jitter (ms) |Frames |",
               "Skype/Teams stream seconds");
    for (r = 0; r < nrows; r++) {
        const skype_rtp_stream_t *s = &rows[r].gs->s;
        const skype_rtp_second_t *b = &rows[r].gs->sec[rows[r].idx];
        int64_t frames = skype_second_frames(s, b);
        cell_call(&o, call_of(rows[r].gs));
        cellf(&o, "0x%08X", s->ssrc);
        cell(&o, skype_media_kind_name(s->kind));
        cellf(&o, "%u", b->second);
        cellf(&o, "%u", b->packets);
        cellf(&o, "%u", b->bytes);
        cellf(&o, "%u", b->lost);
        cell_num(&o, 2, b->jitter_max_ms);
        cell_num(&o, 0, (double)frames);
        row_end(&o);
    }
    fprintf(f, "%s\n", RULE);
    free(rows);

    /* -z skype,streams */
    table_head(f, "Skype Streams",
               "Call |SSRC |Kind |Codec |Direction |Packets |Lost (%) |Mean jitter (ms) |Max jitter (ms) |RTT (ms) |MOS "
               "|Frame rate (fps) |Verdict |Reasons |Lost |Max RTT (ms) |Mean RTT (ms) |Below 7 fps (%) |Bitrate (kbit/s) "
               "|Frame size (bytes) |Source |Destination |First frame |",
               "Skype/Teams streams");
    stream_rows(&o, name);
    fprintf(f, "%s\n", RULE);

    /* -z skype,calls */
    table_head(f, "Skype Calls",
               "Call |First frame |Start (s) |Duration (s) |Client host |Remote party |Legs |Audio |Video |Screen |Data "
               "|Streams sent/received |Packets |Lost |Max jitter (ms) |DSCP |Worst MOS |Poor streams |",
               "Skype/Teams calls");
    call_rows(&o, name);
    fprintf(f, "%s\n", RULE);
}

/* Write path through path.tmp and a rename: never half a file. */
static void output(const char *path, void (*fn)(FILE *, const char *), const char *name)
{
    char *tmp;
    FILE *f;

    if (path == NULL)
        return;
    tmp = malloc(strlen(path) + 5);
    if (tmp == NULL)
        die_msg("out of memory", NULL);
    sprintf(tmp, "%s.tmp", path);
    f = fopen(tmp, "w");
    if (f == NULL)
        die_msg("cannot write", tmp);
    fn(f, name);
    if (ferror(f) | fclose(f)) {
        remove(tmp);
        die_msg("cannot write", tmp);
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        die_msg("cannot rename to", path);
    }
    free(tmp);
}

int main(int argc, char **argv)
{
    const char *name = "set", *calls_out = NULL, *streams_out = NULL, *report_out = NULL;
    uint64_t frame_off = 0;
    int i = 1;
    skype_settle_item_t *scratch;

    for (; i < argc && argv[i][0] == '-' && argv[i][1] == '-'; i += 2) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        if (i + 1 >= argc)
            die_msg("an argument is needed after", argv[i]);
        if (strcmp(argv[i], "--name") == 0)
            name = argv[i + 1];
        else if (strcmp(argv[i], "--calls") == 0)
            calls_out = argv[i + 1];
        else if (strcmp(argv[i], "--streams") == 0)
            streams_out = argv[i + 1];
        else if (strcmp(argv[i], "--report") == 0)
            report_out = argv[i + 1];
        else
            die_msg("unknown option", argv[i]);
    }
    if (argc - i < 3 || (argc - i) % 3 != 0)
        die_msg("usage: skype-join [--name NAME] [--calls FILE] [--streams FILE] [--report FILE] TABLES FRAMES "
                "FIRST_US...",
                NULL);
    skype_graph_init(&g, xrealloc, NULL);
    set_start_us = strtoull(argv[i + 2], NULL, 10);
    for (int p = 0; i < argc; i += 3, p++) {
        piece_t pc;
        read_piece(argv[i], &pc);
        if (report_out != NULL && !pc.has_seconds)
            die_msg("--report: no stream seconds (tshark -z skype,legseconds) in", argv[i]);
        if (frame_off > UINT32_MAX)
            die_msg("more than 2^32 frames", NULL);
        join_piece(&pc, (uint32_t)frame_off, (uint32_t)p + 1);
        frame_off += strtoull(argv[i + 1], NULL, 10);
        free(pc.legs);
        free(pc.streams);
        free(pc.secs);
    }
    scratch = calloc(g.cs.n + 1, sizeof(*scratch));
    if (scratch == NULL)
        die_msg("out of memory", NULL);
    (void)skype_callset_settle(&g.cs, SKYPE_CALL_JOIN_WINDOW_US, scratch);
    free(scratch);
    output(calls_out, write_calls, name);
    output(streams_out, write_streams, name);
    output(report_out, write_report, name);
    return 0;
}
