/* fetch-plan.c — the requests of one fetch, under either strategy (see
 * fetch-plan.h), their bodies' way into the load, token renewal on 401,
 * failure marking and progress.
 *
 * Every request is a Doc: one document of the mapping (mapping.h) at one
 * URL.  Collections stream into a batch store through the stream mapper as
 * curl delivers bytes; the batch is merged into the load when the document
 * ends well and dropped when it does not (or when the HTTP engine retries
 * it), so no table ever holds half a response.  Per-entity documents
 * (parallel strategy) are a few KB each: they are kept whole and parsed
 * straight into the load when complete.
 *
 * Parsing a collection is the expensive part of a fetch (hundreds of MB of
 * JSON at 10,000 VMs), so each collection is parsed by a worker thread of
 * its own, fed with the chunks curl delivers; the HTTP engine keeps
 * downloading meanwhile, and the big collections are parsed side by side.
 * A worker touches only its Doc's parser and batch (and interns ids, which
 * is locked).  Backpressure: when a worker has more than QUEUE_HIGH bytes
 * waiting, the transfer is paused until it is down to QUEUE_LOW.
 *
 * Invariants: outstanding[t] counts the Docs not yet finished that feed
 * table t; a Doc's follow-up Docs are submitted before it finishes, so a
 * table is complete exactly when its count reaches zero.  A Doc is either
 * in the HTTP engine, parked (waiting for a new token), or freed.
 */
#include "fetch-plan.h"

#include "mapping.h"

#include <string.h>

#include "core/sanitize.h"
#include "core/secret.h"

/* Token renewals in a row after which no request succeeded: then the
 * engine refuses our tokens, and waiting requests fail.  And a backstop:
 * the 401s one Doc may get in all. */
#define MAX_FRUITLESS_RENEWALS 3
#define MAX_UNAUTHORIZED 10
#define MAX_BUFFERED (64 * 1024 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)
#define QUEUE_HIGH (8 * 1024 * 1024)
#define QUEUE_LOW (2 * 1024 * 1024)
/* curl hands over 1-16 KB at a time on loopback: chunks are gathered into
 * blocks of this size before they go to a worker, so the hand-over (lock,
 * wake-up, allocation) is paid per block, not per chunk. */
#define BLOCK_SIZE (256 * 1024)
/* The VMs collection (the one that holds nearly all the bytes) is read in
 * pages of PAGE_SIZE VMs, PAGES_AHEAD of them requested ahead, so that its
 * parsing is spread over the cores (see Pager). */
#define PAGED_PATH "vms"
#define PAGES_AHEAD 3

typedef struct _Run Run;

/* The thread that parses one collection.  Fields below the lock are
 * guarded by it. */
typedef struct {
    VinvSecretThread *thread;    /* on a stack wiped after the join (secret.h) */
    GMutex lock;
    GCond cond;
    GQueue chunks;               /* of GBytes*, waiting to be parsed */
    gsize queued;                /* bytes in chunks */
    gboolean eof;                /* no more chunks will come */
    gboolean abandon;            /* stop now, the result is not wanted */
    gboolean paused;             /* the transfer is paused until queued < QUEUE_LOW */
    gboolean finished;           /* the thread has ended (it then only exits) */
    GError *error;               /* why parsing failed, or NULL */
    /* the downloading thread's own: the block being filled */
    char *fill;                  /* BLOCK_SIZE bytes, or NULL */
    gsize fill_len;
} Worker;

typedef struct {
    Run *run;
    const VinvOvirtDoc *doc;
    char *url;
    char *parent_id;             /* per-entity documents: the parent's id */
    guint tables;                /* bit per VinvTableKind fed */
    guint token_generation;      /* of the Authorization header sent */
    guint n_unauthorized;        /* 401s in all */
    VinvOvirtStore batch;        /* collections: this document's rows */
    VinvOvirtSink sink;
    VinvJsonParser *parser;      /* collections: created at the first byte */
    Worker *worker;              /* collections: parses into batch, or NULL */
    VinvHttpRequest *req;        /* the request in flight, or NULL */
    GByteArray *buffer;          /* per-entity documents: the whole body */
    guint64 received;            /* body bytes of the current attempt */
    guint page;                  /* a page of the paged collection (1-based), or 0 */
    gboolean per_entity;         /* a collection whose follow= was refused: its
                                  * per-entity documents are requested */
} Doc;

/* The paged collection: page 1 is requested alone (a small environment
 * costs one request, as unpaged); when page K comes back full, the pages up
 * to K + PAGES_AHEAD are requested, until a page comes back short.  Pages
 * are parsed side by side and merged in page order into a store of their
 * own, which goes into the load when the last page is in, so the rows are
 * in the order of one unpaged request.  An engine that refuses the search
 * (answers page 1 with an empty list or an HTTP error), or pages that
 * overlap (the same VM on two pages: the collection changed meanwhile),
 * make the pager give up: the collection is then requested once, unpaged,
 * and pages still in flight are dropped. */
typedef struct {
    const VinvOvirtDoc *doc;
    char *url;                   /* the unpaged URL */
    guint page_size;
    guint submitted;             /* pages 1 .. submitted were requested */
    guint merged;                /* pages 1 .. merged are merged (or failed) */
    guint last;                  /* the first short page, or 0 while unknown */
    gboolean gave_up;
    GPtrArray *done;             /* page - 1 -> Doc* parsed, not yet merged */
    VinvOvirtStore store;        /* pages 1 .. merged */
} Pager;

struct _Run {
    const VinvFetchPlan *plan;
    VinvOvirtLoad *load;
    guint outstanding[VINV_TABLE_LAST];
    char *errors[VINV_TABLE_LAST];      /* first failure per table */
    guint n_errors[VINV_TABLE_LAST];
    GError *first_failure;
    gboolean reauth_pending;
    GPtrArray *parked;                  /* of Doc*: waiting for a token */
    GPtrArray *streaming;               /* of Doc*: collections with a worker */
    guint fruitless_renewals;           /* renewals since the last 2xx */
    guint tables_done;
    const char *last_done;
    Pager *pager;                       /* or NULL */
    gint64 last_progress_us;
};

#define BIT(k) (1u << (k))

/* ---- progress ---------------------------------------------------------------------- */

static void
report (Run *run, gboolean force)
{
    const VinvFetchPlan *plan = run->plan;
    gint64 now = g_get_monotonic_time ();

    if (plan->progress == NULL)
        return;
    if (!force && now - run->last_progress_us < PROGRESS_INTERVAL_US)
        return;
    run->last_progress_us = now;
    VinvProgress p = {
        .source = run->load->source,
        .what = run->last_done,
        .done = run->tables_done,
        .total = VINV_TABLE_LAST,
        .bytes = vinv_http_get_bytes (plan->http),
    };
    plan->progress (&p, plan->progress_data);
}

/* ---- documents ------------------------------------------------------------------------ */

static void send_doc (Doc *d);

static void worker_stop (Doc *d);

static void
doc_reset (Doc *d)
{
    worker_stop (d);
    g_clear_pointer (&d->parser, vinv_json_parser_free);
    vinv_ovirt_store_clear (&d->batch);
    if (d->buffer != NULL)
        g_byte_array_set_size (d->buffer, 0);
    d->received = 0;
}

static void
doc_free (Doc *d)
{
    doc_reset (d);
    if (d->buffer != NULL)
        g_byte_array_unref (d->buffer);
    g_free (d->url);
    g_free (d->parent_id);
    g_free (d);
}

/* "GET /ovirt-engine/api/vms?follow=..." for messages. */
static char *
doc_describe (const Doc *d)
{
    const char *path = strstr (d->url, "://");
    path = path != NULL ? strchr (path + 3, '/') : NULL;
    return g_strconcat ("GET ", path != NULL ? path : d->url, NULL);
}

/* Ends @d: its tables have one document less to wait for. */
static void
doc_finish (Doc *d)
{
    Run *run = d->run;
    gboolean table_done = FALSE;

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (!(d->tables & BIT (k)))
            continue;
        g_assert (run->outstanding[k] > 0);
        if (--run->outstanding[k] == 0) {
            run->tables_done++;
            run->last_done = vinv_schema_get (k)->title;
            table_done = TRUE;
        }
    }
    doc_free (d);
    report (run, table_done);
}

/* Marks @d's tables failed with @message and ends it. */
static void
doc_fail (Doc *d, const char *message, const GError *error)
{
    Run *run = d->run;

    /* the VM pools feed no table: only the VMs' Pool column */
    if (d->tables == 0)
        run->load->pools_failed = TRUE;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (!(d->tables & BIT (k)))
            continue;
        if (run->errors[k] == NULL)
            run->errors[k] = g_strdup (message);
        run->n_errors[k]++;
    }
    if (run->first_failure == NULL)
        run->first_failure = error != NULL ? g_error_copy (error)
                           : g_error_new_literal (VINV_BACKEND_ERROR,
                                                  VINV_BACKEND_ERROR_PROTOCOL, message);
    doc_finish (d);
}

static void
doc_fail_error (Doc *d, const GError *error)
{
    /* transport errors already name the request */
    if (error->domain == VINV_BACKEND_ERROR) {
        doc_fail (d, error->message, error);
        return;
    }
    g_autofree char *what = doc_describe (d);
    g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);
    g_autoptr (GError) e = g_error_new_literal (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                                                message);
    doc_fail (d, message, e);
}

/* A new Doc for @doc at @url (taken), counted in its tables, not sent. */
static Doc *
doc_new (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id)
{
    Doc *d = g_new0 (Doc, 1);

    d->run = run;
    d->doc = doc;
    d->url = url;
    d->parent_id = g_strdup (parent_id);
    d->tables = doc->def->tables;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (d->tables & BIT (k))
            run->outstanding[k]++;
    }
    return d;
}

static Doc *
submit (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id)
{
    Doc *d = doc_new (run, doc, url, parent_id);

    send_doc (d);
    return d;
}

/* The URL of @child for the row @id of @d's elements: @d's URL (without
 * its query) + /ID/SEGMENT, the id escaped. */
static char *
child_url (const Doc *d, const char *id, const VinvOvirtDoc *child)
{
    const char *query = strchr (d->url, '?');
    GString *url = g_string_new_len (d->url, query != NULL ? query - d->url : -1);

    g_string_append_c (url, '/');
    g_string_append_uri_escaped (url, id, NULL, FALSE);
    g_string_append_printf (url, "/%s", child->segment);
    return g_string_free (url, FALSE);
}

/* Parallel strategy: the per-entity documents of @d's element rows from
 * @first on (in @store): for each row, each child document it wants. */
static void
submit_children (Run *run, Doc *d, const VinvOvirtStore *store, guint first)
{
    const VinvOvirtDoc *doc = d->doc;
    guint n;

    if (doc->row_table == VINV_TABLE_LAST || doc->children[0] == NULL)
        return;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (store, doc->row_table, &n);
    for (guint i = first; i < n; i++) {
        for (guint c = 0; doc->children[c] != NULL; c++) {
            const VinvOvirtDoc *child = doc->children[c];
            if (child->def->wanted == NULL || child->def->wanted (&l[i]))
                submit (run, child, child_url (d, l[i].id, child), l[i].id);
        }
    }
}

/* ---- parse workers -------------------------------------------------------------------- */

static gpointer
worker_main (gpointer data)
{
    Doc *d = data;
    Worker *w = d->worker;
    VinvHttp *http = d->run->plan->http;
    GError *error = NULL;

    for (;;) {
        g_mutex_lock (&w->lock);
        while (g_queue_is_empty (&w->chunks) && !w->eof && !w->abandon)
            g_cond_wait (&w->cond, &w->lock);
        if (w->abandon || g_queue_is_empty (&w->chunks)) {
            gboolean complete = !w->abandon;
            g_mutex_unlock (&w->lock);
            if (complete && error == NULL)
                vinv_json_parser_finish (d->parser, &error);
            break;
        }
        GBytes *chunk = g_queue_pop_head (&w->chunks);
        w->queued -= g_bytes_get_size (chunk);
        gboolean wake = w->paused && w->queued < QUEUE_LOW;
        g_mutex_unlock (&w->lock);
        if (wake)
            vinv_http_wakeup (http);

        if (error == NULL) {
            gsize len;
            const char *bytes = g_bytes_get_data (chunk, &len);
            if (!vinv_json_parser_feed (d->parser, bytes, len, &error)) {
                /* tell the downloader at once: it aborts the transfer */
                g_mutex_lock (&w->lock);
                w->error = g_error_copy (error);
                g_mutex_unlock (&w->lock);
                vinv_http_wakeup (http);
            }
        }
        g_bytes_unref (chunk);
    }

    g_mutex_lock (&w->lock);
    if (w->error == NULL && error != NULL)
        w->error = g_steal_pointer (&error);
    g_clear_error (&error);
    w->finished = TRUE;
    g_mutex_unlock (&w->lock);
    vinv_http_wakeup (http);
    return NULL;
}

/* Starts @d's worker with a fresh batch and parser. */
static void
worker_start (Doc *d)
{
    Worker *w = g_new0 (Worker, 1);

    vinv_ovirt_store_init (&d->batch);
    d->sink = (VinvOvirtSink) { d->run->load, &d->batch };
    d->parser = vinv_ovirt_doc_parser_new (d->doc, &d->sink, NULL);
    g_mutex_init (&w->lock);
    g_cond_init (&w->cond);
    g_queue_init (&w->chunks);
    d->worker = w;
    w->thread = vinv_secret_thread_new ("vinv-parse", worker_main, d);
    g_ptr_array_add (d->run->streaming, d);
}

/* Stops @d's worker, if any, and waits for it; its batch is then only the
 * main thread's. */
static void
worker_stop (Doc *d)
{
    Worker *w = d->worker;

    if (w == NULL)
        return;
    g_mutex_lock (&w->lock);
    w->abandon = !w->finished;
    g_cond_signal (&w->cond);
    g_mutex_unlock (&w->lock);
    vinv_secret_thread_join (w->thread);
    g_queue_clear_full (&w->chunks, (GDestroyNotify) g_bytes_unref);
    g_free (w->fill);
    g_clear_error (&w->error);
    g_mutex_clear (&w->lock);
    g_cond_clear (&w->cond);
    g_free (w);
    d->worker = NULL;
    g_ptr_array_remove_fast (d->run->streaming, d);
}

/* Parses a chunk on this thread (inline_parse). */
static VinvHttpBodyStatus
inline_feed (Doc *d, const char *data, gsize len, GError **error)
{
    if (d->parser == NULL) {
        vinv_ovirt_store_init (&d->batch);
        d->sink = (VinvOvirtSink) { d->run->load, &d->batch };
        d->parser = vinv_ovirt_doc_parser_new (d->doc, &d->sink, NULL);
    }
    return vinv_json_parser_feed (d->parser, data, len, error) ? VINV_HTTP_BODY_OK
                                                                : VINV_HTTP_BODY_ERROR;
}

/* Hands the block being filled (if any) to the worker. */
static void
worker_push (Worker *w)
{
    if (w->fill_len == 0)
        return;
    GBytes *block = g_bytes_new_take (g_steal_pointer (&w->fill), w->fill_len);

    g_mutex_lock (&w->lock);
    g_queue_push_tail (&w->chunks, block);
    w->queued += w->fill_len;
    g_cond_signal (&w->cond);
    g_mutex_unlock (&w->lock);
    w->fill_len = 0;
}

/* Hands a chunk of body to @d's worker (starting it at the first),
 * gathered into blocks. */
static VinvHttpBodyStatus
worker_feed (Doc *d, const char *data, gsize len, GError **error)
{
    if (d->run->plan->inline_parse)
        return inline_feed (d, data, len, error);
    if (d->worker == NULL)
        worker_start (d);
    Worker *w = d->worker;
    VinvHttpBodyStatus status = VINV_HTTP_BODY_OK;

    g_mutex_lock (&w->lock);
    if (w->error != NULL) {
        g_propagate_error (error, g_error_copy (w->error));
        status = VINV_HTTP_BODY_ERROR;
    } else if (w->queued >= QUEUE_HIGH) {
        w->paused = TRUE;
        status = VINV_HTTP_BODY_PAUSE;
    }
    g_mutex_unlock (&w->lock);
    if (status != VINV_HTTP_BODY_OK)
        return status;
    while (len > 0) {
        if (w->fill == NULL)
            w->fill = g_malloc (BLOCK_SIZE);
        gsize n = MIN (len, BLOCK_SIZE - w->fill_len);
        memcpy (w->fill + w->fill_len, data, n);
        w->fill_len += n;
        data += n;
        len -= n;
        if (w->fill_len == BLOCK_SIZE)
            worker_push (w);
    }
    return VINV_HTTP_BODY_OK;
}

static void complete_collection (Doc *d);
static void pager_page_done (Run *run, Doc *d, const GError *error, gboolean refused);

/* The HTTP engine's idle function: resumes transfers whose worker caught
 * up, and completes collections whose worker has finished.  TRUE while
 * some worker is still busy with a downloaded document. */
static gboolean
on_idle (gpointer user_data)
{
    Run *run = user_data;
    gboolean busy = FALSE;

    for (guint i = 0; i < run->streaming->len;) {
        Doc *d = g_ptr_array_index (run->streaming, i);
        Worker *w = d->worker;
        g_mutex_lock (&w->lock);
        gboolean finished = w->finished;
        gboolean resume = w->paused && w->queued < QUEUE_LOW;
        if (resume)
            w->paused = FALSE;
        g_mutex_unlock (&w->lock);
        if (d->req == NULL && finished) {
            complete_collection (d);     /* removes d from the list */
            continue;
        }
        if (resume && d->req != NULL)
            vinv_http_request_resume (d->req);
        busy |= d->req == NULL;
        i++;
    }
    return busy;
}

/* ---- the paged collection ------------------------------------------------------------- */

/* Marks a failed page in Pager.done. */
static Doc failed_page;

static void
pager_submit_page (Run *run)
{
    Pager *pg = run->pager;
    guint page = ++pg->submitted;
    char *url = g_strdup_printf ("%s%cmax=%u&search=page%%20%u", pg->url,
                                 strchr (pg->url, '?') != NULL ? '&' : '?', pg->page_size, page);
    Doc *d = doc_new (run, pg->doc, url, NULL);

    d->page = page;
    g_ptr_array_set_size (pg->done, MAX (pg->done->len, page));
    send_doc (d);
}

/* After a cancellation, pages parsed and not merged are dropped. */
static void
pager_free (Pager *pg)
{
    for (guint i = 0; i < pg->done->len; i++) {
        Doc *d = g_ptr_array_index (pg->done, i);
        if (d != NULL && d != &failed_page)
            doc_free (d);
    }
    g_free (pg->url);
    g_ptr_array_unref (pg->done);
    vinv_ovirt_store_clear (&pg->store);
    g_free (pg);
}

/* Gives paging up: the collection is requested once, unpaged; the pages
 * parsed and not merged are dropped (those in flight when they end). */
static void
pager_give_up (Run *run)
{
    Pager *pg = run->pager;

    pg->gave_up = TRUE;
    vinv_ovirt_store_clear (&pg->store);
    submit (run, pg->doc, g_strdup (pg->url), NULL);
    for (guint i = 0; i < pg->done->len; i++) {
        Doc *d = g_ptr_array_index (pg->done, i);
        g_ptr_array_index (pg->done, i) = NULL;
        if (d != NULL && d != &failed_page)
            doc_finish (d);
    }
}

/* Merges page @d into the pager's store; FALSE if one of its rows was on
 * an earlier page (then nothing is merged). */
static gboolean
pager_merge (Pager *pg, Doc *d)
{
    VinvTableKind kind = d->doc->row_table;
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (&d->batch, kind, &n);

    if (pg->store.tables[kind] != NULL) {
        const char *source = d->run->load->source;
        for (guint i = 0; i < n; i++) {
            if (vinv_table_find_row (pg->store.tables[kind], source, l[i].id) >= 0)
                return FALSE;
        }
    }
    vinv_ovirt_store_merge (&pg->store, &d->batch);
    return TRUE;
}

/* Page @d was parsed, or failed with @error (@refused: the engine answered
 * it with an HTTP error): request the next page if it was full, and merge
 * the pages that are now in order. */
static void
pager_page_done (Run *run, Doc *d, const GError *error, gboolean refused)
{
    Pager *pg = run->pager;
    guint n = error == NULL ? vinv_ovirt_store_n_rows (&d->batch, d->doc->row_table) : 0;

    if (pg->gave_up) {
        doc_finish (d);
        return;
    }
    if (refused || (d->page == 1 && error == NULL && n == 0)) {
        /* refused (an HTTP error on any page, or an empty page 1), or no
         * VMs at all: one unpaged request tells (and, if it is the follow=
         * that the engine refuses, falls back from that) */
        pager_give_up (run);
        doc_finish (d);
        return;
    }
    if (error != NULL || n < pg->page_size) {
        /* the end (a failed page ends paging too: its tables have failed) */
        if (pg->last == 0 || d->page < pg->last)
            pg->last = d->page;
    } else {
        /* full: the pages up to PAGES_AHEAD after it are wanted */
        while (pg->last == 0 && pg->submitted < d->page + PAGES_AHEAD)
            pager_submit_page (run);
    }
    g_ptr_array_index (pg->done, d->page - 1) = error != NULL ? &failed_page : d;

    /* merge in page order */
    while (pg->merged < pg->submitted) {
        Doc *next = g_ptr_array_index (pg->done, pg->merged);
        if (next == NULL)
            break;
        g_ptr_array_index (pg->done, pg->merged) = NULL;
        pg->merged++;
        if (next != &failed_page && !pager_merge (pg, next)) {
            pager_give_up (run);
            doc_finish (next);
            break;
        }
        if (pg->merged == pg->submitted && pg->last != 0)
            vinv_ovirt_store_merge (&run->load->store, &pg->store);
        if (next != &failed_page)
            doc_finish (next);
    }
    if (error != NULL && pg->gave_up)
        doc_finish (d);
    else if (error != NULL)
        doc_fail_error (d, error);
}

/* A collection's worker has finished parsing the whole body (or, inline,
 * the body is all in): merge its batch (or fail with the parse error). */
static void
complete_collection (Doc *d)
{
    Run *run = d->run;
    g_autoptr (GError) error = NULL;

    if (d->worker != NULL) {
        error = g_steal_pointer (&d->worker->error);
        worker_stop (d);
    } else {
        vinv_json_parser_finish (d->parser, &error);
    }
    if (d->page > 0) {
        pager_page_done (run, d, error, FALSE);
        return;
    }
    if (error != NULL) {
        doc_fail_error (d, error);
        return;
    }
    if (run->plan->strategy == VINV_FETCH_PARALLEL || d->per_entity)
        submit_children (run, d, &d->batch, 0);
    vinv_ovirt_store_merge (&run->load->store, &d->batch);
    doc_finish (d);
}

/* The body of a collection is all in: let its worker finish; on_idle()
 * completes the Doc when it has. */
static void
collection_downloaded (Doc *d)
{
    if (d->run->plan->inline_parse && d->parser != NULL) {
        complete_collection (d);
        return;
    }
    if (d->worker == NULL) {
        g_autoptr (GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                                        "empty response where JSON was "
                                                        "expected");
        if (d->page > 0)
            pager_page_done (d->run, d, error, FALSE);
        else
            doc_fail_error (d, error);
        return;
    }
    worker_push (d->worker);
    g_mutex_lock (&d->worker->lock);
    d->worker->eof = TRUE;
    g_cond_signal (&d->worker->cond);
    g_mutex_unlock (&d->worker->lock);
}

/* A per-entity document is in: parse it into the load. */
static void
complete_entity (Doc *d)
{
    Run *run = d->run;
    VinvOvirtSink sink = { run->load, &run->load->store };
    guint first = d->doc->row_table < VINV_TABLE_LAST
                  ? vinv_ovirt_store_n_rows (&run->load->store, d->doc->row_table) : 0;
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvJsonParser) parser = vinv_ovirt_doc_parser_new (d->doc, &sink, d->parent_id);

    if (!vinv_json_parser_feed (parser, (const char *) d->buffer->data, d->buffer->len, &error)
        || !vinv_json_parser_finish (parser, &error)) {
        doc_fail_error (d, error);
        return;
    }
    submit_children (run, d, &run->load->store, first);
    doc_finish (d);
}

static VinvHttpBodyStatus
on_body (gpointer user_data, const char *data, gsize len, GError **error)
{
    Doc *d = user_data;
    guint64 limit = d->run->plan->max_response != 0 ? d->run->plan->max_response
                                                    : VINV_FETCH_MAX_RESPONSE;

    d->received += len;
    if (d->received > limit) {
        g_autofree char *size = limit % (1u << 30) == 0
            ? g_strdup_printf ("%" G_GUINT64_FORMAT " GiB", limit >> 30)
            : limit % (1u << 20) == 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", limit >> 20)
            : g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", limit);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                     "response larger than the limit of %s", size);
        return VINV_HTTP_BODY_ERROR;
    }
    if (vinv_ovirt_doc_is_collection (d->doc))
        return worker_feed (d, data, len, error);
    if (d->buffer == NULL)
        d->buffer = g_byte_array_new ();
    if (d->buffer->len + len > MAX_BUFFERED) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                             "response too large");
        return VINV_HTTP_BODY_ERROR;
    }
    g_byte_array_append (d->buffer, (const guint8 *) data, (guint) len);
    return VINV_HTTP_BODY_OK;
}

static void
on_restart (gpointer user_data)
{
    doc_reset (user_data);
}

static void reauth_done (gpointer user_data, const GError *error);

/* A 401: the token expired.  Get a new one (once for all the Docs that hit
 * the same expiry) and send again; unless renewing has stopped helping. */
static void
unauthorized (Doc *d)
{
    Run *run = d->run;
    const VinvFetchPlan *plan = run->plan;

    doc_reset (d);
    if (++d->n_unauthorized > MAX_UNAUTHORIZED
        || (!run->reauth_pending && run->fruitless_renewals >= MAX_FRUITLESS_RENEWALS)) {
        g_autofree char *what = doc_describe (d);
        g_autofree char *message = g_strdup_printf ("%s: HTTP 401: the engine refused "
                                                    "freshly obtained tokens", what);
        g_autoptr (GError) e = g_error_new_literal (VINV_BACKEND_ERROR,
                                                    VINV_BACKEND_ERROR_AUTH, message);
        doc_fail (d, message, e);
        return;
    }
    if (d->token_generation < vinv_ovirt_auth_get_generation (plan->auth)) {
        send_doc (d);        /* renewed meanwhile */
        return;
    }
    g_ptr_array_add (run->parked, d);
    if (!run->reauth_pending) {
        run->reauth_pending = TRUE;
        run->fruitless_renewals++;
        vinv_http_hold (plan->http, TRUE);
        vinv_ovirt_auth_request_token (plan->auth, plan->http, reauth_done, run);
    }
}

static void
reauth_done (gpointer user_data, const GError *error)
{
    Run *run = user_data;
    g_autoptr (GPtrArray) parked = g_steal_pointer (&run->parked);

    run->parked = g_ptr_array_new ();
    run->reauth_pending = FALSE;
    vinv_http_hold (run->plan->http, FALSE);
    for (guint i = 0; i < parked->len; i++) {
        Doc *d = g_ptr_array_index (parked, i);
        if (error == NULL)
            send_doc (d);
        else if (g_error_matches (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED))
            doc_free (d);
        else
            doc_fail (d, error->message, error);
    }
}

/* The fault body of an error response, as " Reason: detail", or "". */
enum { FAULT_REASON, FAULT_DETAIL, FAULT_LAST };

static const VinvFieldSpec fault_fields[] = {
    { "reason", FAULT_REASON, NULL },
    { "detail", FAULT_DETAIL, NULL },
    { NULL, -1, NULL }
};

typedef struct {
    char *text;
} FaultText;

static void
fault_close (VinvRecord *r, gpointer user_data)
{
    FaultText *f = user_data;
    const char *reason = vinv_record_get (r, FAULT_REASON);
    const char *detail = vinv_record_get (r, FAULT_DETAIL);
    if (reason == NULL && detail == NULL)
        return;
    g_autofree char *text = g_strdup_printf ("%s%s%s", reason != NULL ? reason : "",
                                             reason != NULL && detail != NULL ? ": " : "",
                                             detail != NULL ? detail : "");
    g_autofree char *clean = vinv_sanitize_text (text, -1, 300);   /* the server's words */
    f->text = g_strconcat (" ", clean, NULL);
}

static const VinvRecordSpec fault_spec = {
    "fault", FAULT_LAST, fault_fields, fault_close, NULL
};

static char *
dup_fault_text (const VinvHttpResponse *response)
{
    FaultText f = { NULL };
    if (response->body != NULL && response->body_len > 0
        && (response->content_type == NULL || strstr (response->content_type, "json") != NULL)) {
        g_autoptr (VinvJsonParser) p = vinv_json_parser_new (&fault_spec, &f);
        if (!vinv_json_parser_feed (p, response->body, response->body_len, NULL)
            || !vinv_json_parser_finish (p, NULL))
            g_clear_pointer (&f.text, g_free);
    }
    return f.text != NULL ? f.text : g_strdup ("");
}

/* The engine answered @d, a collection with follow=, with HTTP 400 or 500
 * (@message): an engine or proxy that refuses the follow= (or one of its
 * names).  The collection is requested again without it, and what it
 * inlined is requested per entity, as the parallel strategy does; a note
 * says so. */
static void
follow_refused (Doc *d, const char *message)
{
    Run *run = d->run;
    const char *query = strstr (d->url, "?follow=");
    char *url = g_strndup (d->url, (gsize) (query - d->url));
    Doc *again = doc_new (run, d->doc, url, NULL);

    again->per_entity = TRUE;
    g_ptr_array_add (run->load->notes,
                     g_strdup_printf ("%s; loaded without follow=, with one request per "
                                      "entity instead", message));
    send_doc (again);
    doc_finish (d);
}

static void
on_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    Doc *d = user_data;

    d->req = NULL;
    if (error != NULL) {
        if (g_error_matches (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED))
            doc_free (d);
        else
            doc_fail_error (d, error);
        return;
    }
    if (response->status == 401) {
        unauthorized (d);
        return;
    }
    if (response->status >= 200 && response->status < 300) {
        d->run->fruitless_renewals = 0;
        if (vinv_ovirt_doc_is_collection (d->doc)) {
            collection_downloaded (d);
        } else {
            if (d->buffer == NULL)
                d->buffer = g_byte_array_new ();
            complete_entity (d);
        }
        return;
    }
    g_autofree char *what = doc_describe (d);
    g_autofree char *fault = dup_fault_text (response);
    g_autofree char *message = g_strdup_printf ("%s: HTTP %u%s%s", what, response->status,
                                                fault, response->attempts > 1
                                                ? " (after retries)" : "");
    VinvBackendErrorCode code = response->status == 403 ? VINV_BACKEND_ERROR_AUTH
                                                        : VINV_BACKEND_ERROR_PROTOCOL;
    g_autoptr (GError) e = g_error_new_literal (VINV_BACKEND_ERROR, code, message);
    if (d->page > 0) {
        pager_page_done (d->run, d, e, response->status >= 400);
        return;
    }
    if ((response->status == 400 || response->status == 500) && strstr (d->url, "?follow=")) {
        follow_refused (d, message);
        return;
    }
    doc_fail (d, message, e);
}

/* Puts the current token in, just before the request leaves: a request
 * that waited in the queue or for a retry goes out with the newest. */
static void
on_prepare (gpointer user_data, VinvHttpRequest *req)
{
    Doc *d = user_data;
    VinvOvirtAuth *auth = d->run->plan->auth;

    vinv_http_request_set_auth (req, vinv_ovirt_auth_get_header (auth));
    d->token_generation = vinv_ovirt_auth_get_generation (auth);
}

static void
send_doc (Doc *d)
{
    static const VinvHttpCallbacks callbacks = { on_prepare, on_body, on_restart, on_done };
    VinvHttpRequest *req = vinv_http_request_new ("GET", d->url);

    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    vinv_http_request_set_callbacks (req, &callbacks, d);
    d->req = req;
    vinv_http_submit (d->run->plan->http, req);
}

/* ---- the run -------------------------------------------------------------------------- */

gboolean
vinv_ovirt_fetch_plan_run (const VinvFetchPlan *plan, VinvOvirtLoad *load,
                           GCancellable *cancellable, GError **first_failure, guint *n_failed,
                           GError **error)
{
    Run run = { .plan = plan, .load = load };
    gboolean follow = plan->strategy == VINV_FETCH_FOLLOW;
    guint page_size = plan->page_size == 0 ? VINV_FETCH_PAGE_SIZE
                    : plan->page_size == G_MAXUINT ? 0 : plan->page_size;
    gboolean ok;

    run.parked = g_ptr_array_new ();
    run.streaming = g_ptr_array_new ();
    load->guest_ips = TRUE;
    vinv_http_set_idle_func (plan->http, on_idle, &run);
    report (&run, TRUE);
    for (const VinvOvirtDoc *const *doc = vinv_ovirt_docs (); *doc != NULL; doc++) {
        if (!vinv_ovirt_doc_is_collection (*doc))
            continue;
        const char *f = follow ? (*doc)->follow : NULL;
        char *url = f != NULL ? g_strconcat (plan->api, "/", (*doc)->def->path, "?follow=", f,
                                             NULL)
                              : g_strconcat (plan->api, "/", (*doc)->def->path, NULL);
        if (follow && page_size > 0 && strcmp ((*doc)->def->path, PAGED_PATH) == 0) {
            run.pager = g_new0 (Pager, 1);
            run.pager->doc = *doc;
            run.pager->url = url;
            run.pager->page_size = page_size;
            run.pager->done = g_ptr_array_new ();
            pager_submit_page (&run);
            continue;
        }
        submit (&run, *doc, url, NULL);
    }
    ok = vinv_http_run (plan->http, cancellable, error);
    vinv_http_set_idle_func (plan->http, NULL, NULL);
    /* after a cancel, collections may still be parsing: drop them */
    while (run.streaming->len > 0)
        doc_free (g_ptr_array_index (run.streaming, run.streaming->len - 1));

    guint failed = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (run.errors[k] == NULL)
            continue;
        failed++;
        VinvTable *t = vinv_ovirt_store_table (&load->store, k);
        if (run.n_errors[k] > 1) {
            g_autofree char *m = g_strdup_printf ("%s (and %u more failed requests)",
                                                  run.errors[k], run.n_errors[k] - 1);
            vinv_table_set_error (t, m);
        } else {
            vinv_table_set_error (t, run.errors[k]);
        }
        g_free (run.errors[k]);
    }
    if (ok)
        report (&run, TRUE);
    if (n_failed != NULL)
        *n_failed = failed;
    if (first_failure != NULL)
        *first_failure = g_steal_pointer (&run.first_failure);
    g_clear_error (&run.first_failure);
    g_ptr_array_unref (run.parked);
    g_ptr_array_unref (run.streaming);
    g_clear_pointer (&run.pager, pager_free);
    return ok;
}
