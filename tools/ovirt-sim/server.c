/* server.c — libmicrohttpd glue: bodies, gzip, fault knobs, statistics.
 *
 * One thread per connection (libmicrohttpd's own), so up to
 * --max-connections clients are served in parallel and a stalled or slow
 * response only holds its own connection. Collections are streamed: the
 * content reader renders a batch of elements (holding the model's read lock
 * per element), compresses it when the client accepts gzip and hands it to
 * the socket, so a 300 MB response never exists in memory at once. Small
 * bodies go out in one buffer with a Content-Length.
 *
 * Rendered collections are cached (up to --cache-mb) by method, path, query
 * and encoding, and reused while the model's generation counter is
 * unchanged; a hit is a memcpy, so repeated benchmark fetches measure the
 * transport, and --follow-cost is still charged for the followed items.
 *
 * Fault injection is deterministic: the n-th counted request is failed,
 * truncated or stalled when sim_hash_unit(seed, n, knob) falls under the
 * configured fraction, or when its path matches the configured glob. */
#include "server.h"

#include "sim-rng.h"

#include <microhttpd.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#define CHUNK (128 * 1024)
#define CACHE_MIN_BODY (64 * 1024)   /* smaller bodies are cheaper to render */
#define MAX_UPLOAD (1024 * 1024)

enum { SALT_FAIL = 0xfa11, SALT_TRUNCATE = 0x7a1c, SALT_STALL = 0x57a1, SALT_FAULT = 0xfa17,
       SALT_TRICKLE = 0x7c1e };
enum { CUT_NONE, CUT_TRUNCATE, CUT_STALL, CUT_TRICKLE };
#define TRICKLE_SLICE_US 100000     /* --trickle: one piece every 100 ms */

static const char unavailable_html[] =
    "<html><head><title>503 Service Unavailable</title></head><body>"
    "<h1>Service Unavailable</h1><p>The server is temporarily unable to service your "
    "request.</p></body></html>";

/* A cached body: the exact bytes sent (compressed when the key says so). */
typedef struct {
    GBytes *body;
    int generation;            /* model generation it was rendered from */
    guint64 followed;          /* followed items, for --follow-cost on hits */
    guint64 used;              /* cache_clock at the last hit */
} CacheEntry;

static void
cache_entry_free (gpointer p)
{
    CacheEntry *e = p;

    g_bytes_unref (e->body);
    g_free (e);
}

/* Per-connection state kept between the calls of one request. */
typedef struct {
    GString *upload;
} ReqCtx;

/* A body being sent. Either @fixed (complete bytes) or a collection of
 * @items; @send holds bytes ready for the socket from @send_off on. */
typedef struct {
    SimServer *s;
    GString *fixed;
    gsize fixed_off;
    GArray *items;
    RKind elem_kind;
    char *href_base;
    RFollow *follow;
    guint pos;
    int phase;                 /* 0 not started, 1 elements, 2 all rendered */
    GString *out;              /* rendered, not yet compressed */
    JsonW w;
    GString *send;
    gsize send_off;
    gboolean gzip;
    z_stream z;
    int cut;                   /* CUT_* to do when the cut point is reached */
    guint cut_items;           /* collection: after this many elements */
    gsize cut_bytes;           /* fixed body: after this many bytes */
    gboolean at_cut;           /* the cut point was reached, action pending */
    gboolean finished;         /* compressor flushed, nothing more to produce */
    gboolean trickle;          /* --trickle: at most --trickle-rate bytes a second */
    GBytes *cached;            /* a cache hit: the whole body */
    gsize cached_off;
    char *cache_key;           /* a miss to record under this key, or NULL */
    GString *record;           /* the bytes sent so far, for the cache */
    int generation;            /* model generation when rendering started */
    guint64 followed;          /* followed items rendered */
} Stream;

static void
cache_insert (SimServer *s, Stream *st)
{
    gsize size = st->record->len;
    gsize limit = (gsize) s->cfg.cache_mb * 1024 * 1024;

    if (size < CACHE_MIN_BODY || size > limit
        || g_atomic_int_get (&s->model->generation) != st->generation) {
        return;
    }
    CacheEntry *e = g_new0 (CacheEntry, 1);
    e->generation = st->generation;
    e->followed = st->followed;
    e->body = g_bytes_new_take (g_string_free (g_steal_pointer (&st->record), FALSE), size);
    g_mutex_lock (&s->cache_lock);
    CacheEntry *old = g_hash_table_lookup (s->cache, st->cache_key);
    if (old != NULL) {
        s->cache_bytes -= g_bytes_get_size (old->body);
        g_hash_table_remove (s->cache, st->cache_key);
    }
    while (s->cache_bytes + size > limit) {
        /* evict the least recently used entry */
        GHashTableIter it;
        gpointer k;
        gpointer v;
        gpointer victim = NULL;
        guint64 oldest = G_MAXUINT64;
        g_hash_table_iter_init (&it, s->cache);
        while (g_hash_table_iter_next (&it, &k, &v)) {
            if (((CacheEntry *) v)->used < oldest) {
                oldest = ((CacheEntry *) v)->used;
                victim = k;
            }
        }
        if (victim == NULL) {
            break;
        }
        s->cache_bytes -= g_bytes_get_size (((CacheEntry *) g_hash_table_lookup (
            s->cache, victim))->body);
        g_hash_table_remove (s->cache, victim);
    }
    e->used = ++s->cache_clock;
    s->cache_bytes += size;
    g_hash_table_insert (s->cache, g_strdup (st->cache_key), e);
    g_mutex_unlock (&s->cache_lock);
}

/* Returns the cached body for @key if it is still current (a new
 * reference), else NULL; sets @followed. */
static GBytes *
cache_lookup (SimServer *s, const char *key, guint64 *followed)
{
    GBytes *body = NULL;

    g_mutex_lock (&s->cache_lock);
    CacheEntry *e = g_hash_table_lookup (s->cache, key);
    if (e != NULL && e->generation == g_atomic_int_get (&s->model->generation)) {
        body = g_bytes_ref (e->body);
        *followed = e->followed;
        e->used = ++s->cache_clock;
        s->cache_hits++;
    } else {
        s->cache_misses++;
    }
    g_mutex_unlock (&s->cache_lock);
    return body;
}

static void
stream_free (void *cls)
{
    Stream *st = cls;

    if (st->fixed != NULL) {
        g_string_free (st->fixed, TRUE);
    }
    if (st->items != NULL) {
        g_array_unref (st->items);
    }
    g_free (st->href_base);
    r_follow_free (st->follow);
    g_string_free (st->out, TRUE);
    g_string_free (st->send, TRUE);
    if (st->cached != NULL) {
        g_bytes_unref (st->cached);
    }
    g_free (st->cache_key);
    if (st->record != NULL) {
        g_string_free (st->record, TRUE);
    }
    if (st->gzip) {
        deflateEnd (&st->z);
    }
    g_free (st);
}

/* Sleeps @us microseconds in slices, returning early when stopping. */
static void
nap (SimServer *s, guint64 us)
{
    while (us > 0 && !g_atomic_int_get (&s->stopping)) {
        guint64 slice = MIN (us, 50000);
        g_usleep (slice);
        us -= slice;
    }
}

/* Renders the next batch into st->out. Sets st->at_cut when the cut point
 * is inside this batch (the batch then ends exactly there). */
static void
produce (Stream *st)
{
    SimServer *s = st->s;

    if (st->fixed != NULL) {
        gsize end = st->fixed->len;
        if (st->cut != CUT_NONE && st->fixed_off < st->cut_bytes) {
            end = st->cut_bytes;
            st->at_cut = TRUE;
        }
        g_string_append_len (st->out, st->fixed->str + st->fixed_off,
                             (gssize) (end - st->fixed_off));
        st->fixed_off = end;
        if (st->fixed_off >= st->fixed->len) {
            st->phase = 2;
        }
        return;
    }
    if (st->phase == 0) {
        jw_init (&st->w, st->out, TRUE);
        jw_obj_begin (&st->w, NULL);
        if (st->items->len > 0) {
            jw_arr_begin (&st->w, r_elem_key (st->elem_kind));
        }
        st->phase = 1;
        if (st->cut != CUT_NONE && st->cut_items == 0) {
            st->at_cut = TRUE;
            return;
        }
    }
    while (st->phase == 1 && st->out->len < CHUNK) {
        if (st->pos >= st->items->len) {
            if (st->items->len > 0) {
                jw_arr_end (&st->w);
            }
            jw_obj_end (&st->w);
            st->phase = 2;
            break;
        }
        char href[256];
        char buf[40];
        RCtx c = { &st->w, s->model, 0 };
        RItem *it = &g_array_index (st->items, RItem, st->pos);
        g_rw_lock_reader_lock (&s->model->lock);
        const char *id = r_item_id (s->model, it, buf);
        gsize bl = strlen (st->href_base);
        gsize il = strlen (id);
        if (bl + il + 2 <= sizeof href) {
            memcpy (href, st->href_base, bl);
            href[bl] = '/';
            memcpy (href + bl + 1, id, il + 1);
        } else {
            snprintf (href, sizeof href, "%s/%s", st->href_base, id);
        }
        r_render (&c, it, NULL, href, st->follow);
        g_rw_lock_reader_unlock (&s->model->lock);
        st->pos++;
        st->followed += c.followed;
        if (s->cfg.follow_cost_us > 0 && c.followed > 0) {
            nap (s, (guint64) (s->cfg.follow_cost_us * (double) c.followed));
        }
        if (st->cut != CUT_NONE && st->pos == st->cut_items) {
            st->at_cut = TRUE;
            break;
        }
    }
}

/* Moves st->out into st->send, compressing when gzip is on. */
static void
pack (Stream *st)
{
    if (st->send_off > 0) {
        g_string_erase (st->send, 0, (gssize) st->send_off);
        st->send_off = 0;
    }
    if (!st->gzip) {
        g_string_append_len (st->send, st->out->str, (gssize) st->out->len);
        g_string_truncate (st->out, 0);
        if (st->phase == 2) {
            st->finished = TRUE;
        }
        return;
    }
    int flush = st->phase == 2 ? Z_FINISH : st->at_cut ? Z_SYNC_FLUSH : Z_NO_FLUSH;
    guchar tmp[65536];
    st->z.next_in = (Bytef *) st->out->str;
    st->z.avail_in = (uInt) st->out->len;
    int rc;
    do {
        st->z.next_out = tmp;
        st->z.avail_out = sizeof tmp;
        rc = deflate (&st->z, flush);
        g_string_append_len (st->send, (const char *) tmp,
                             (gssize) (sizeof tmp - st->z.avail_out));
    } while (st->z.avail_out == 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
    g_string_truncate (st->out, 0);
    if (flush == Z_FINISH) {
        st->finished = TRUE;
    }
}

static ssize_t
stream_read (void *cls, uint64_t pos, char *buf, size_t max)
{
    Stream *st = cls;
    SimServer *s = st->s;

    if (g_atomic_int_get (&s->stopping)) {
        return MHD_CONTENT_READER_END_WITH_ERROR;   /* shutting down */
    }
    if (st->trickle) {
        nap (s, TRICKLE_SLICE_US);
        max = MIN (max, (size_t) MAX (1, s->cfg.trickle_rate / 10));
    }
    if (st->cached != NULL) {
        gsize size = 0;
        const char *data = g_bytes_get_data (st->cached, &size);
        if (st->cached_off == 0 && s->cfg.follow_cost_us > 0 && st->followed > 0) {
            nap (s, (guint64) (s->cfg.follow_cost_us * (double) st->followed));
        }
        if (st->cached_off >= size) {
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        gsize n = MIN (size - st->cached_off, max);
        memcpy (buf, data + st->cached_off, n);
        st->cached_off += n;
        g_atomic_pointer_add (&s->bytes_sent, (gssize) n);
        return (ssize_t) n;
    }
    for (;;) {
        gsize avail = st->send->len - st->send_off;
        if (avail > 0) {
            gsize n = MIN (avail, max);
            memcpy (buf, st->send->str + st->send_off, n);
            st->send_off += n;
            g_atomic_pointer_add (&s->bytes_sent, (gssize) n);
            return (ssize_t) n;
        }
        if (st->at_cut) {
            st->at_cut = FALSE;
            if (st->cut == CUT_TRUNCATE) {
                return MHD_CONTENT_READER_END_WITH_ERROR;
            }
            nap (s, (guint64) s->cfg.stall_ms * 1000);
            st->cut = CUT_NONE;
            continue;
        }
        if (st->finished) {
            if (st->record != NULL) {
                cache_insert (s, st);
            }
            return MHD_CONTENT_READER_END_OF_STREAM;
        }
        produce (st);
        pack (st);
        if (st->record != NULL) {
            g_string_append_len (st->record, st->send->str + st->send_off,
                                 (gssize) (st->send->len - st->send_off));
        }
    }
}

static gboolean
wants_gzip (struct MHD_Connection *conn)
{
    const char *ae = MHD_lookup_connection_value (conn, MHD_HEADER_KIND,
                                                  MHD_HTTP_HEADER_ACCEPT_ENCODING);
    return ae != NULL && strstr (ae, "gzip") != NULL;
}

static GString *
gzip_all (const GString *in, int level)
{
    z_stream z = { 0 };
    GString *out = g_string_sized_new (in->len / 4 + 64);
    guchar tmp[65536];

    deflateInit2 (&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    z.next_in = (Bytef *) in->str;
    z.avail_in = (uInt) in->len;
    int rc;
    do {
        z.next_out = tmp;
        z.avail_out = sizeof tmp;
        rc = deflate (&z, Z_FINISH);
        g_string_append_len (out, (const char *) tmp, (gssize) (sizeof tmp - z.avail_out));
    } while (rc != Z_STREAM_END);
    deflateEnd (&z);
    return out;
}

/* Does knob @spec (a fraction or a glob over the path) select request
 * number @serial for @path? */
static gboolean
knob_selects (SimServer *s, const char *spec, guint64 serial, guint64 salt, const char *path)
{
    char *end = NULL;
    double f;

    if (spec == NULL || *spec == '\0') {
        return FALSE;
    }
    f = g_ascii_strtod (spec, &end);
    if (end != spec && *end == '\0') {
        /* fractions apply to API responses, not to SSO or PKI */
        return g_str_has_prefix (path, SIM_API) && sim_hash_unit (s->seed, serial, salt) < f;
    }
    return g_pattern_match_simple (spec, path);
}

static const char *
conn_header (void *conn, const char *name)
{
    return MHD_lookup_connection_value (conn, MHD_HEADER_KIND, name);
}

static const char *
conn_arg (void *conn, const char *name)
{
    return MHD_lookup_connection_value (conn, MHD_GET_ARGUMENT_KIND, name);
}

void
sim_server_count (SimServer *s, const char *path_class, guint status)
{
    g_mutex_lock (&s->stats_lock);
    s->requests++;
    if (path_class != NULL) {
        guint64 *n = g_hash_table_lookup (s->by_class, path_class);
        if (n == NULL) {
            n = g_new0 (guint64, 1);
            g_hash_table_insert (s->by_class, g_strdup (path_class), n);
        }
        (*n)++;
    }
    guint64 *n = g_hash_table_lookup (s->by_status, GUINT_TO_POINTER (status));
    if (n == NULL) {
        n = g_new0 (guint64, 1);
        g_hash_table_insert (s->by_status, GUINT_TO_POINTER (status), n);
    }
    (*n)++;
    g_mutex_unlock (&s->stats_lock);
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

static gint
cmp_uint (gconstpointer a, gconstpointer b)
{
    guint x = GPOINTER_TO_UINT (*(gpointer const *) a);
    guint y = GPOINTER_TO_UINT (*(gpointer const *) b);

    return x < y ? -1 : x > y;
}

void
sim_server_stats (SimServer *s, GString *out)
{
    JsonW w;
    char key[16];

    g_mutex_lock (&s->stats_lock);
    jw_init (&w, out, TRUE);
    jw_obj_begin (&w, NULL);
    jw_num (&w, "total_requests", (gint64) s->requests);
    jw_num (&w, "bytes_sent", (gint64) g_atomic_pointer_get (&s->bytes_sent));
    jw_num (&w, "max_concurrent_latency_waits", s->max_waiting);
    g_mutex_lock (&s->tokens_lock);
    jw_num (&w, "tokens_issued", (gint64) s->tokens_issued);
    g_mutex_unlock (&s->tokens_lock);
    g_mutex_lock (&s->cache_lock);
    jw_obj_begin (&w, "cache");
    jw_num (&w, "entries", g_hash_table_size (s->cache));
    jw_num (&w, "bytes", (gint64) s->cache_bytes);
    jw_num (&w, "hits", (gint64) s->cache_hits);
    jw_num (&w, "misses", (gint64) s->cache_misses);
    jw_obj_end (&w);
    g_mutex_unlock (&s->cache_lock);
    jw_obj_begin (&w, "injected");
    jw_num (&w, "fail", (gint64) s->injected_fail);
    jw_num (&w, "truncate", (gint64) s->injected_truncate);
    jw_num (&w, "fault", (gint64) s->injected_fault);
    jw_num (&w, "stall", (gint64) s->injected_stall);
    jw_obj_end (&w);
    g_autofree gpointer *classes = g_hash_table_get_keys_as_array (s->by_class, NULL);
    guint nc = g_hash_table_size (s->by_class);
    qsort (classes, nc, sizeof (gpointer), cmp_str);
    jw_obj_begin (&w, "by_class");
    for (guint i = 0; i < nc; i++) {
        guint64 *n = g_hash_table_lookup (s->by_class, classes[i]);
        jw_num (&w, classes[i], (gint64) *n);
    }
    jw_obj_end (&w);
    g_autofree gpointer *codes = g_hash_table_get_keys_as_array (s->by_status, NULL);
    guint ns = g_hash_table_size (s->by_status);
    qsort (codes, ns, sizeof (gpointer), cmp_uint);
    jw_obj_begin (&w, "by_status");
    for (guint i = 0; i < ns; i++) {
        guint64 *n = g_hash_table_lookup (s->by_status, codes[i]);
        g_snprintf (key, sizeof key, "%u", GPOINTER_TO_UINT (codes[i]));
        jw_num (&w, key, (gint64) *n);
    }
    jw_obj_end (&w);
    jw_obj_end (&w);
    g_mutex_unlock (&s->stats_lock);
}

void
sim_server_reset (SimServer *s)
{
    g_mutex_lock (&s->stats_lock);
    s->requests = 0;
    g_atomic_pointer_set (&s->bytes_sent, 0);
    s->injected_fail = 0;
    s->injected_truncate = 0;
    s->injected_fault = 0;
    s->injected_stall = 0;
    g_hash_table_remove_all (s->by_class);
    g_hash_table_remove_all (s->by_status);
    g_mutex_unlock (&s->stats_lock);
}

static void
bump (SimServer *s, guint64 *counter)
{
    g_mutex_lock (&s->stats_lock);
    (*counter)++;
    g_mutex_unlock (&s->stats_lock);
}

static enum MHD_Result
append_arg (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    GString *k = cls;

    g_string_append_printf (k, "&%s=%s", key, value != NULL ? value : "");
    return MHD_YES;
}

/* The cache key of a request: encoding, path and query as sent. */
static char *
cache_key (struct MHD_Connection *conn, const char *url, gboolean gzip, int level)
{
    GString *k = g_string_new (NULL);

    g_string_append_printf (k, "%d %s?", gzip ? level : 0, url);
    MHD_get_connection_values (conn, MHD_GET_ARGUMENT_KIND, append_arg, k);
    return g_string_free (k, FALSE);
}

/* Builds the libmicrohttpd response for @r, applying gzip and the cut
 * knobs. Takes ownership of the body and items in @r. */
static struct MHD_Response *
make_response (SimServer *s, struct MHD_Connection *conn, const char *url, SimResponse *r,
               int cut, gboolean *counted_bytes)
{
    struct MHD_Response *resp;
    gboolean gzip = s->cfg.gzip_level > 0 && wants_gzip (conn) && r->content_type != NULL
                    && (r->items != NULL || (r->body != NULL && r->body->len > 0));

    *counted_bytes = FALSE;
    if (r->items == NULL && cut == CUT_NONE) {
        GString *body = r->body != NULL ? r->body : g_string_new (NULL);
        r->body = NULL;
        if (gzip) {
            GString *z = gzip_all (body, s->cfg.gzip_level);
            g_string_free (body, TRUE);
            body = z;
        }
        gsize len = body->len;
        resp = MHD_create_response_from_buffer (len, g_string_free (body, FALSE),
                                                MHD_RESPMEM_MUST_FREE);
        g_atomic_pointer_add (&s->bytes_sent, (gssize) len);
        *counted_bytes = TRUE;
    } else {
        Stream *st = g_new0 (Stream, 1);
        st->s = s;
        st->out = g_string_sized_new (CHUNK + 65536);
        st->send = g_string_sized_new (CHUNK + 65536);
        st->trickle = cut == CUT_TRICKLE;
        st->cut = st->trickle ? CUT_NONE : cut;
        if (r->items != NULL && cut == CUT_NONE && s->cfg.cache_mb > 0) {
            st->cache_key = cache_key (conn, url, gzip, s->cfg.gzip_level);
            /* taken before routing: a change after it prevents caching */
            st->generation = r->generation;
            st->cached = cache_lookup (s, st->cache_key, &st->followed);
            if (st->cached == NULL) {
                st->record = g_string_new (NULL);
            }
        }
        if (r->items != NULL) {
            st->items = g_steal_pointer (&r->items);
            st->elem_kind = r->elem_kind;
            st->href_base = g_steal_pointer (&r->href_base);
            st->follow = g_steal_pointer (&r->follow);
            st->cut_items = st->items->len / 2;
        } else {
            st->fixed = r->body != NULL ? g_steal_pointer (&r->body) : g_string_new (NULL);
            st->cut_bytes = st->fixed->len / 2;
        }
        if (gzip) {
            st->gzip = TRUE;
            deflateInit2 (&st->z, s->cfg.gzip_level, Z_DEFLATED, 15 + 16, 8,
                          Z_DEFAULT_STRATEGY);
        }
        resp = MHD_create_response_from_callback (MHD_SIZE_UNKNOWN, CHUNK, stream_read, st,
                                                  stream_free);
    }
    if (r->content_type != NULL) {
        MHD_add_response_header (resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    }
    if (gzip) {
        MHD_add_response_header (resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
    }
    if (r->headers != NULL) {
        for (guint i = 0; i + 1 < r->headers->len; i += 2) {
            MHD_add_response_header (resp, g_ptr_array_index (r->headers, i),
                                     g_ptr_array_index (r->headers, i + 1));
        }
    }
    return resp;
}

static enum MHD_Result
append_header_name (void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    GString *line = cls;

    g_string_append_printf (line, "%s%s", line->str[line->len - 1] == '\t' ? "" : ",", key);
    return MHD_YES;
}

/* --request-log: "METHOD<TAB>PATH<TAB>Header,Names,As,Received" (names
 * only: values hold credentials), then "<TAB>search=TEXT" when the query
 * has a search (escaped as C text), one line per request, flushed. */
static void
log_request (SimServer *s, struct MHD_Connection *conn, const char *method, const char *url)
{
    g_autoptr (GString) line = g_string_new (NULL);

    if (s->log == NULL)
        return;
    g_string_append_printf (line, "%s\t%s\t", method, url);
    MHD_get_connection_values (conn, MHD_HEADER_KIND, append_header_name, line);
    const char *search = MHD_lookup_connection_value (conn, MHD_GET_ARGUMENT_KIND, "search");
    if (search != NULL) {
        g_autofree char *text = g_strescape (search, NULL);
        g_string_append_printf (line, "\tsearch=%s", text);
    }
    g_string_append_c (line, '\n');
    g_mutex_lock (&s->log_lock);
    fwrite (line->str, 1, line->len, s->log);
    fflush (s->log);
    g_mutex_unlock (&s->log_lock);
}

static enum MHD_Result
handle (void *cls, struct MHD_Connection *conn, const char *url, const char *method,
        const char *version, const char *upload_data, size_t *upload_data_size,
        void **con_cls)
{
    SimServer *s = cls;
    ReqCtx *rc = *con_cls;
    SimResponse r = { 0 };
    int cut = CUT_NONE;

    if (rc == NULL) {
        rc = g_new0 (ReqCtx, 1);
        rc->upload = g_string_new (NULL);
        *con_cls = rc;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (rc->upload->len + *upload_data_size <= MAX_UPLOAD) {
            g_string_append_len (rc->upload, upload_data, (gssize) *upload_data_size);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }

    gboolean counted = !g_str_has_prefix (url, "/sim/");
    guint64 serial = 0;
    if (counted)
        log_request (s, conn, method, url);
    if (counted) {
        serial = (guint64) g_atomic_pointer_add (&s->request_serial, 1);
        if (s->cfg.latency_ms > 0) {
            /* counted so that tests can see requests being served at once */
            gint now = g_atomic_int_add (&s->waiting, 1) + 1;
            g_mutex_lock (&s->stats_lock);
            s->max_waiting = MAX (s->max_waiting, now);
            g_mutex_unlock (&s->stats_lock);
            nap (s, (guint64) (s->cfg.latency_ms * 1000.0));
            g_atomic_int_add (&s->waiting, -1);
        }
    }
    if (counted && s->cfg.fail_rate > 0
        && sim_hash_unit (s->seed, serial, SALT_FAIL) < s->cfg.fail_rate) {
        r.status = 503;
        r.content_type = "text/html;charset=utf-8";
        r.body = g_string_new (unavailable_html);
        r.path_class = sim_path_class (method, url);
        bump (s, &s->injected_fail);
    } else {
        SimRequest req = {
            method, url, rc->upload->str, rc->upload->len, conn_header, conn_arg, conn,
        };
        r.generation = g_atomic_int_get (&s->model->generation);
        sim_route (s, &req, &r);
    }
    if (counted && r.status == 200 && g_str_has_prefix (url, "/ovirt-engine/api")
        && knob_selects (s, s->cfg.fault, serial, SALT_FAULT, url)) {
        sim_response_fault (s, &r, 500, "Operation Failed",
                            "[Internal Engine Error] (injected by --fault)");
        bump (s, &s->injected_fault);
    }
    if (counted && r.status == 200) {
        if (knob_selects (s, s->cfg.truncate, serial, SALT_TRUNCATE, url)) {
            cut = CUT_TRUNCATE;
            bump (s, &s->injected_truncate);
        } else if (knob_selects (s, s->cfg.stall, serial, SALT_STALL, url)) {
            cut = CUT_STALL;
            bump (s, &s->injected_stall);
        } else if (knob_selects (s, s->cfg.trickle, serial, SALT_TRICKLE, url)) {
            cut = CUT_TRICKLE;
        }
    }
    gboolean counted_bytes;
    struct MHD_Response *resp = make_response (s, conn, url, &r, cut, &counted_bytes);
    enum MHD_Result ret = MHD_queue_response (conn, r.status, resp);
    MHD_destroy_response (resp);
    if (counted && !r.no_count) {
        sim_server_count (s, r.path_class, r.status);
    }
    sim_response_clear (&r);
    return ret;
}

static void
completed (void *cls, struct MHD_Connection *conn, void **con_cls,
           enum MHD_RequestTerminationCode toe)
{
    ReqCtx *rc = *con_cls;

    if (rc != NULL) {
        g_string_free (rc->upload, TRUE);
        g_free (rc);
        *con_cls = NULL;
    }
}

static void
token_free (gpointer p)
{
    SimToken *t = p;

    g_free (t->value);
    g_free (t);
}

void
sim_server_init (SimServer *s)
{
    g_mutex_init (&s->tokens_lock);
    g_mutex_init (&s->stats_lock);
    g_mutex_init (&s->cache_lock);
    g_mutex_init (&s->log_lock);
    /* keys point into the values (t->value) */
    s->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, token_free);
    s->by_class = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    s->by_status = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
    s->cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
}

void
sim_server_clear (SimServer *s)
{
    g_clear_pointer (&s->tokens, g_hash_table_unref);
    g_clear_pointer (&s->by_class, g_hash_table_unref);
    g_clear_pointer (&s->by_status, g_hash_table_unref);
    g_clear_pointer (&s->cache, g_hash_table_unref);
    g_mutex_clear (&s->tokens_lock);
    g_mutex_clear (&s->stats_lock);
    g_mutex_clear (&s->cache_lock);
    g_mutex_clear (&s->log_lock);
    if (s->log != NULL) {
        fclose (s->log);
        s->log = NULL;
    }
}

gboolean
sim_server_start (SimServer *s, GError **error)
{
    unsigned int flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD
                         | MHD_USE_POLL;
    struct sockaddr_in sin4 = { 0 };
    struct sockaddr_in6 sin6 = { 0 };
    struct sockaddr *sa;
    struct MHD_Daemon *d;

    if (strchr (s->cfg.address, ':') != NULL) {
        sin6.sin6_family = AF_INET6;
        sin6.sin6_port = htons ((uint16_t) s->cfg.port);
        if (inet_pton (AF_INET6, s->cfg.address, &sin6.sin6_addr) != 1) {
            g_set_error (error, SIM_ERROR, SIM_ERROR_INVALID,
                         "invalid address '%s'", s->cfg.address);
            return FALSE;
        }
        sa = (struct sockaddr *) &sin6;
        flags |= MHD_USE_IPv6;
    } else {
        sin4.sin_family = AF_INET;
        sin4.sin_port = htons ((uint16_t) s->cfg.port);
        if (inet_pton (AF_INET, s->cfg.address, &sin4.sin_addr) != 1) {
            g_set_error (error, SIM_ERROR, SIM_ERROR_INVALID,
                         "invalid address '%s'", s->cfg.address);
            return FALSE;
        }
        sa = (struct sockaddr *) &sin4;
    }
    if (s->cfg.tls) {
        flags |= MHD_USE_TLS;
    }
    d = MHD_start_daemon (flags, (uint16_t) s->cfg.port, NULL, NULL, handle, s,
                          MHD_OPTION_SOCK_ADDR, sa,
                          MHD_OPTION_CONNECTION_LIMIT, (unsigned int) s->cfg.max_connections,
                          MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 300,
                          MHD_OPTION_NOTIFY_COMPLETED, completed, s,
                          s->cfg.tls ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END,
                          s->pki.key_pem,
                          MHD_OPTION_HTTPS_MEM_CERT, s->pki.cert_pem,
                          MHD_OPTION_END);
    if (d == NULL) {
        g_set_error (error, SIM_ERROR, SIM_ERROR_FAILED,
                     "cannot listen on %s port %d (in use, or bad TLS setup)",
                     s->cfg.address, s->cfg.port);
        return FALSE;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info (d, MHD_DAEMON_INFO_BIND_PORT);
    if (info != NULL) {
        s->cfg.port = info->port;
    }
    s->daemon = d;
    return TRUE;
}

void
sim_server_stop (SimServer *s)
{
    g_atomic_int_set (&s->stopping, 1);
    if (s->daemon != NULL) {
        MHD_stop_daemon (s->daemon);
        s->daemon = NULL;
    }
}
