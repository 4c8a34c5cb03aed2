/* server.h — the simulator's HTTP side: configuration, requests, responses.
 *
 * server.c owns libmicrohttpd: it reads requests, applies the fault knobs
 * (latency, injected 503s, truncated and stalled bodies), streams bodies
 * (gzip when asked), and counts everything for /sim/stats. routes.c decides
 * what a request means (SSO, PKI, the API tree, actions, /sim) and fills a
 * SimResponse; it never touches a socket. */
#pragma once

#include "model.h"
#include "render.h"
#include "tls.h"

#include <glib.h>
#include <stdio.h>

typedef struct {
    char *address;             /* bind address, default 127.0.0.1 */
    int port;                  /* 0 = any free port */
    char *user;
    char *password;
    gboolean tls;
    double latency_ms;
    double follow_cost_us;
    double fail_rate;
    int token_expiry;          /* requests per token, 0 = never */
    char *truncate;            /* fraction or glob of paths, NULL = off */
    char *stall;               /* fraction or glob of paths, NULL = off */
    int stall_ms;
    char *trickle;             /* fraction or glob of paths sent slowly, NULL = off */
    int trickle_rate;          /* bytes per second of a trickled response */
    int max_connections;
    int gzip_level;
    gboolean jwt_tokens;
    gboolean quiet;
    int cache_mb;              /* rendered collection cache budget, 0 = off */
    char *fault;               /* fraction or glob of API paths answered 500 + fault */
    char *request_log;         /* file getting one line per request, or NULL */
    /* an older engine or a restricted user: search= with "page K" is
     * answered with an empty list ("empty") or HTTP 400 ("error") */
    char *refuse_paging;
    /* pages after the first start one element early, as when an entity
     * was added before them between two page queries: each repeats the
     * previous page's last element (OVIRT-API.md: a client that pages
     * de-duplicates by id) */
    gboolean shift_pages;
    /* follow= names answered with the engine's HTTP 500 fault for an
     * unknown link (comma list; a name matches a follow= item or its
     * first dotted part), as an engine or proxy that refuses them */
    char *refuse_follow;
    /* --hostile: a server that attacks its client */
    gboolean hostile_text;     /* error texts carry escape sequences and line breaks */
    gboolean hostile_token_crlf;   /* tokens carry "\r\nX-Injected: 1" */
    gboolean hostile_token_nul;    /* tokens carry a \u0000 */
    gsize hostile_value;           /* > 0: the first VM's description is this long */
} SimConfig;

/* What --hostile escapes adds to every error text (SSO errors, faults):
 * a window title change, a screen clear, colours, a forged line, an 8-bit
 * CSI and a bidi override. */
#define SIM_HOSTILE_TEXT "\033]0;pwned\007\033[2J\033[1;31m red\033[0m\r\n" \
    "virt-inventory: forged line\033[H\302\2336n \342\200\256desrever"

typedef struct {
    char *value;
    int uses;
    gboolean revoked;
} SimToken;

typedef struct {
    SimConfig cfg;
    SimModel *model;
    SimPki pki;
    guint64 seed;
    /* tokens, guarded by tokens_lock */
    GMutex tokens_lock;
    GHashTable *tokens;        /* value -> SimToken * (owned) */
    guint64 tokens_issued;
    /* statistics, guarded by stats_lock */
    GMutex stats_lock;
    GHashTable *by_class;      /* "GET /ovirt-engine/api/vms/ID" -> count */
    GHashTable *by_status;     /* status code -> count */
    guint64 requests;          /* since the last /sim/reset */
    gsize bytes_sent;          /* body bytes handed to the network, atomic */
    gint waiting;              /* requests inside their --latency wait now, atomic */
    gint max_waiting;          /* the most seen at once (stats_lock) */
    guint64 injected_fail;
    guint64 injected_truncate;
    guint64 injected_stall;
    gsize request_serial;      /* never reset: drives deterministic injection (atomic) */
    volatile gint stopping;    /* set on SIGTERM: stalls end early */
    /* rendered collection bodies, guarded by cache_lock */
    GMutex cache_lock;
    GHashTable *cache;         /* key -> SimCacheEntry * (owned) */
    gsize cache_bytes;
    guint64 cache_clock;       /* for least-recently-used eviction */
    guint64 cache_hits;
    guint64 cache_misses;
    void *daemon;              /* struct MHD_Daemon * */
    /* --request-log, guarded by log_lock */
    GMutex log_lock;
    FILE *log;
    guint64 injected_fault;
} SimServer;

typedef struct {
    const char *method;
    const char *path;          /* without the query string */
    const char *body;          /* uploaded bytes, NUL-terminated, may be "" */
    gsize body_len;
    /* look-ups into the connection, valid during sim_route() */
    const char *(*header) (void *conn, const char *name);
    const char *(*arg) (void *conn, const char *name);
    void *conn;
} SimRequest;

/* A response body: either @body (complete) or a stream of @items rendered
 * as a collection {"@elem": [ … ]} with element hrefs @href_base/ID. */
typedef struct {
    guint status;
    const char *content_type;  /* static string */
    GString *body;             /* owned; NULL when streaming */
    GArray *items;             /* owned RItem array when streaming */
    RKind elem_kind;
    char *href_base;           /* owned */
    RFollow *follow;           /* owned, may be NULL */
    GPtrArray *headers;        /* owned: name, value, name, value … */
    guint64 followed;          /* followed items already rendered into @body */
    char *path_class;          /* owned: statistics class of the request */
    gboolean no_count;         /* /sim/ requests are not counted */
    int generation;            /* model generation before routing (for the cache) */
} SimResponse;

void sim_response_clear (SimResponse *r);
void sim_response_header (SimResponse *r, const char *name, const char *value);

/* The /sim/stats class of a request: "METHOD PATH" with the id segments of
 * API paths replaced by "ID". Returns a new string. */
char *sim_path_class (const char *method, const char *path);

/* Replaces @r by an engine fault: HTTP @status with {"detail", "reason"}
 * (both followed by SIM_HOSTILE_TEXT with --hostile escapes). */
void sim_response_fault (SimServer *s, SimResponse *r, guint status, const char *reason,
                         const char *detail);

/* Fills @resp for @req. Never fails: every problem is an HTTP status. */
void sim_route (SimServer *s, const SimRequest *req, SimResponse *resp);

/* Sets up the token, statistics and cache tables of @s (cfg, model and pki
 * are the caller's); sim_server_clear() frees them after sim_server_stop(). */
void sim_server_init (SimServer *s);
void sim_server_clear (SimServer *s);

/* Starts serving on cfg.address:cfg.port; returns FALSE with @error set when
 * the socket or TLS setup fails. The bound port is stored in cfg.port. */
gboolean sim_server_start (SimServer *s, GError **error);
void sim_server_stop (SimServer *s);

/* Writes the /sim/stats document into @out; resets the counters when
 * @reset is TRUE (after writing nothing). */
void sim_server_stats (SimServer *s, GString *out);
void sim_server_reset (SimServer *s);

/* Records one finished request (status and class) for /sim/stats. */
void sim_server_count (SimServer *s, const char *path_class, guint status);
