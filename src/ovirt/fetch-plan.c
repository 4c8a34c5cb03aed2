/* fetch-plan.c — the requests of one fetch, under either strategy (see
 * fetch-plan.h), their bodies' way into the load, token renewal on 401,
 * failure marking and progress.  The pages of the VMs collection are
 * requested and merged by fetch-pager.c; collections are downloaded and
 * parsed on lanes (fetch-lane.c).
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
 * JSON at 10,000 VMs), so collections go to lanes: threads that each run
 * an HTTP engine of their own and parse each chunk in curl's write
 * callback, where it lies, never copied.  What a request got comes back to
 * this thread (the session thread), which does everything else: tokens,
 * failures, merging, the pager, progress.  With inline_parse there are no
 * lanes and collections are parsed on this thread the same way.
 *
 * Invariants: outstanding[t] counts the Docs not yet finished that feed
 * table t; a Doc's follow-up Docs are submitted before it finishes, so a
 * table is complete exactly when its count reaches zero.  A Doc is either
 * in the session's HTTP engine, on a lane (or waiting for one), parked
 * (waiting for a new token), or freed.
 */
#include "fetch-private.h"

#include <string.h>

#include "core/sanitize.h"

/* Token renewals in a row after which no request succeeded: then the
 * engine refuses our tokens, and waiting requests fail.  And a backstop:
 * the 401s one Doc may get in all. */
#define MAX_FRUITLESS_RENEWALS 3
#define MAX_UNAUTHORIZED 10
#define MAX_BUFFERED (64 * 1024 * 1024)
#define PROGRESS_INTERVAL_US (100 * 1000)
/* The VMs collection (the one that holds nearly all the bytes) is read in
 * pages, so that its parsing is spread over the cores (fetch-pager.c). */
#define PAGED_PATH "vms"

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

static void
doc_reset (Doc *d)
{
    g_clear_pointer (&d->parser, vinv_json_parser_free);
    vinv_ovirt_store_clear (&d->batch);
    if (d->buffer != NULL)
        g_byte_array_set_size (d->buffer, 0);
    d->received = 0;
}

void
fetch_doc_free (Doc *d)
{
    doc_reset (d);
    if (d->buffer != NULL)
        g_byte_array_unref (d->buffer);
    g_free (d->outcome.content_type);
    g_free (d->outcome.body);
    g_clear_error (&d->outcome.error);
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

void
fetch_doc_finish (Doc *d)
{
    Run *run = d->run;
    gboolean table_done = FALSE;

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (!(d->tables & BIT (k)))
            continue;
        g_assert (run->outstanding[k] > 0);
        if (--run->outstanding[k] == 0) {
            vinv_ovirt_trace (run->load, "table %s complete", vinv_schema_get (k)->id);
            run->tables_done++;
            run->last_done = vinv_schema_get (k)->title;
            table_done = TRUE;
        }
    }
    fetch_doc_free (d);
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
    fetch_doc_finish (d);
}

void
fetch_doc_fail_error (Doc *d, const GError *error)
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

Doc *
fetch_doc_new (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id)
{
    Doc *d = g_new0 (Doc, 1);

    d->run = run;
    d->doc = doc;
    d->url = url;
    d->parent_id = g_strdup (parent_id);
    d->tables = doc->def->tables;
    /* the weights are per 1,000 VMs: a whole collection is guessed at
     * REFERENCE_VMS (a page is resized by the pager) */
    d->weight = doc->def->weight * (REFERENCE_VMS / 1000);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (d->tables & BIT (k))
            run->outstanding[k]++;
    }
    return d;
}

Doc *
fetch_submit (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id)
{
    Doc *d = fetch_doc_new (run, doc, url, parent_id);

    fetch_send_doc (d);
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
                fetch_submit (run, child, child_url (d, l[i].id, child), l[i].id);
        }
    }
}

/* Parses a chunk of a collection where it lies, on the thread that
 * received it. */
static VinvHttpBodyStatus
inline_feed (Doc *d, const char *data, gsize len, GError **error)
{
    if (d->parser == NULL) {
        /* d->batch is empty (as made, or after doc_reset()), possibly
         * sized by the pager */
        d->sink = (VinvOvirtSink) { d->run->load, &d->batch };
        d->parser = vinv_ovirt_doc_parser_new (d->doc, &d->sink, NULL);
    }
    return vinv_json_parser_feed (d->parser, data, len, error) ? VINV_HTTP_BODY_OK
                                                                : VINV_HTTP_BODY_ERROR;
}

/* The body of a collection is all in and parsed but for its end: merge
 * its batch (or fail with the parse error). */
static void
complete_collection (Doc *d)
{
    Run *run = d->run;
    g_autoptr (GError) error = NULL;

    if (d->parser == NULL) {
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                                     "empty response where JSON was expected");
    } else {
        vinv_json_parser_finish (d->parser, &error);
    }
    if (d->page > 0) {
        fetch_pager_page_done (run, d, error, FALSE);
        return;
    }
    if (error != NULL) {
        fetch_doc_fail_error (d, error);
        return;
    }
    if (run->plan->strategy == VINV_FETCH_PARALLEL || d->per_entity)
        submit_children (run, d, &d->batch, 0);
    if (strcmp (d->doc->def->path, PAGED_PATH) == 0)
        fetch_sort_by_name (&d->batch);     /* as a paged load's (fetch-pager.c) */
    vinv_ovirt_store_merge_smaller (&run->load->store, &d->batch);
    fetch_doc_finish (d);
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
        fetch_doc_fail_error (d, error);
        return;
    }
    submit_children (run, d, &run->load->store, first);
    fetch_doc_finish (d);
}

VinvHttpBodyStatus
fetch_doc_body (gpointer user_data, const char *data, gsize len, GError **error)
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
        return inline_feed (d, data, len, error);
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

void
fetch_doc_restart (gpointer user_data)
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
        fetch_send_doc (d);        /* renewed meanwhile */
        return;
    }
    g_ptr_array_add (run->parked, d);
    if (!run->reauth_pending) {
        run->reauth_pending = TRUE;
        run->fruitless_renewals++;
        vinv_http_hold (plan->http, TRUE);
        if (run->lanes != NULL)
            fetch_lanes_hold (run->lanes, TRUE);
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
    if (run->lanes != NULL)
        fetch_lanes_hold (run->lanes, FALSE);
    for (guint i = 0; i < parked->len; i++) {
        Doc *d = g_ptr_array_index (parked, i);
        if (error == NULL)
            fetch_send_doc (d);
        else if (g_error_matches (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED))
            fetch_doc_free (d);
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
    Doc *again = fetch_doc_new (run, d->doc, url, NULL);

    again->per_entity = TRUE;
    g_ptr_array_add (run->load->notes,
                     g_strdup_printf ("%s; loaded without follow=, with one request per "
                                      "entity instead", message));
    fetch_send_doc (again);
    fetch_doc_finish (d);
}

void
fetch_doc_done (Doc *d, const VinvHttpResponse *response, const GError *error)
{
    vinv_ovirt_trace (d->run->load, "response in: %s", d->url + strlen (d->run->plan->api));
    if (error != NULL) {
        if (g_error_matches (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED))
            fetch_doc_free (d);
        else
            fetch_doc_fail_error (d, error);
        return;
    }
    if (response->status == 401) {
        unauthorized (d);
        return;
    }
    if (response->status >= 200 && response->status < 300) {
        d->run->fruitless_renewals = 0;
        if (vinv_ovirt_doc_is_collection (d->doc)) {
            complete_collection (d);
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
        fetch_pager_page_done (d->run, d, e, response->status >= 400);
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
on_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    fetch_doc_done (user_data, response, error);
}

void
fetch_send_doc (Doc *d)
{
    static const VinvHttpCallbacks callbacks = {
        on_prepare, fetch_doc_body, fetch_doc_restart, on_done
    };

    if (d->run->lanes != NULL && vinv_ovirt_doc_is_collection (d->doc)) {
        fetch_lanes_send (d->run->lanes, d);
        return;
    }
    VinvHttpRequest *req = vinv_http_request_new ("GET", d->url);
    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    vinv_http_request_set_callbacks (req, &callbacks, d);
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
    load->guest_ips = TRUE;
    if (!plan->inline_parse) {
        run.lanes = fetch_lanes_new (&run, cancellable);
        vinv_http_set_idle_func (plan->http, fetch_lanes_idle, run.lanes);
    }
    report (&run, TRUE);
    for (const VinvOvirtDoc *const *doc = vinv_ovirt_docs (); *doc != NULL; doc++) {
        if (!vinv_ovirt_doc_is_collection (*doc))
            continue;
        const char *f = follow ? (*doc)->follow : NULL;
        char *url = f != NULL ? g_strconcat (plan->api, "/", (*doc)->def->path, "?follow=", f,
                                             NULL)
                              : g_strconcat (plan->api, "/", (*doc)->def->path, NULL);
        if (follow && page_size > 0 && strcmp ((*doc)->def->path, PAGED_PATH) == 0) {
            fetch_pager_new (&run, *doc, url, page_size);
            continue;
        }
        fetch_submit (&run, *doc, url, NULL);
    }
    ok = vinv_http_run (plan->http, cancellable, error);
    vinv_http_set_idle_func (plan->http, NULL, NULL);
    /* after a cancel, lanes may still hold Docs: dropped */
    g_clear_pointer (&run.lanes, fetch_lanes_free);

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
    g_clear_pointer (&run.pager, fetch_pager_free);
    return ok;
}
