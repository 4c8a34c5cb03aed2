/* http.c — the HTTP engine of the oVirt back-end, over the libcurl multi
 * interface.  The only file of virt-inventory that includes curl.
 *
 * One VinvHttp owns a multi handle (its connection and DNS caches give
 * keep-alive across requests) and a pool of spare easy handles; one
 * engine is run by one thread, and a sibling engine (the same options and
 * deadline, its own connections) lets another thread run requests of its
 * own while counting them with its parent's.  Requests wait in
 * a FIFO queue until one of `parallel` slots is free; a request that must be
 * retried waits in a list with the monotonic time it may start again.  The
 * loop in vinv_http_run() starts what it can, lets curl move bytes, finishes
 * what is done, and sleeps in curl_multi_poll() until a socket is ready, a
 * retry is due, or the GCancellable wakes it.
 *
 * Body bytes of a 2xx response go straight to the caller's body callback
 * from curl's write callback; bodies of other responses are kept (up to
 * 64 KiB) for error messages.  Nothing here logs a header or a body, so
 * tokens and passwords never reach a log.
 *
 * Secrets: libcurl copies what it sends (the login body, the Authorization
 * line) into buffers of its own.  It is given allocation functions that
 * wipe every block it frees or moves, so those copies do not outlive the
 * request in freed memory; and OpenSSL (libcurl4-openssl) is told to wipe
 * the plaintext of what it received once libcurl has it
 * (SSL_OP_CLEANSE_PLAINTEXT), or the token response would stay in its
 * read buffer.  A header that holds a line break or another
 * control character (a token from a hostile server could) is never sent:
 * the request fails instead, so no header can be injected.  Text from the
 * server or from curl that goes into a message is sanitized.
 */
#define _DEFAULT_SOURCE 1   /* explicit_bzero */
#include "http.h"

#include <curl/curl.h>
#include <malloc.h>
#include <openssl/ssl.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/backend.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "vinv-config.h"

#define MAX_PARALLEL 64
#define DEFAULT_PARALLEL 8
#define ERROR_BODY_MAX (64 * 1024)
#define MAX_BACKOFF_MS 2000

struct _VinvHttpRequest {
    char *method;
    char *url;
    struct curl_slist *headers;
    gboolean secret_headers;
    char *auth;               /* Authorization header line, secret, or NULL */
    struct curl_slist *sent_headers;   /* headers + auth of the current attempt */
    char *body;
    gsize body_len;
    gboolean secret_body;
    gboolean bad_header;      /* a header with a control character: never sent */
    gboolean no_retry;
    gboolean urgent;
    VinvHttpCallbacks callbacks;
    gpointer user_data;

    /* state of the current attempt */
    VinvHttp *http;
    CURL *easy;
    guint attempts;
    guint status;             /* 0 until the first body byte or the end */
    gboolean body_seen;       /* body() got bytes in this attempt */
    GByteArray *error_body;   /* non-2xx body, capped */
    GError *body_error;       /* what body() returned */
    gint64 due_us;            /* when a waiting retry may start */
    char errbuf[CURL_ERROR_SIZE];
};

/* What vinv_http_get_n_requests() and _get_bytes() count: an engine's own,
 * or for a sibling its parent's (then updated from two threads). */
typedef struct {
    atomic_uint_fast64_t requests;
    atomic_uint_fast64_t bytes;
} Counters;

struct _VinvHttp {
    CURLM *multi;
    guint parallel;
    char *ca_file;
    char *ca_hint;
    gboolean insecure;
    gboolean compression;
    long connect_timeout;
    long stall_timeout;
    long min_rate;
    gint64 deadline;          /* monotonic µs; 0: none */
    guint timeout_s;          /* what the deadline stands for, for messages */
    guint max_retries;
    guint retry_delay_ms;
    long buffer_size;         /* curl's receive buffer: vinv_http_set_buffer_size() */

    GQueue queue;             /* of VinvHttpRequest*, ready to start; urgent first */
    gboolean held;            /* only urgent requests start */
    GPtrArray *waiting;       /* of VinvHttpRequest*, retries not yet due */
    GPtrArray *spare;         /* of CURL*, for reuse */
    GPtrArray *in_flight;     /* of VinvHttpRequest*, in the multi handle */
    Counters own;
    Counters *counters;       /* &own, or the parent's for a sibling */
    VinvHttpIdleFunc idle;
    gpointer idle_data;
};

void
vinv_secure_wipe (void *buf, gsize len)
{
    vinv_secret_wipe (buf, len);
}

/* libcurl's allocator: the C library's, except that a block is wiped
 * before it is freed or moved (malloc_usable_size() gives its size). */
static void
wiping_free (void *ptr)
{
    if (ptr != NULL) {
        explicit_bzero (ptr, malloc_usable_size (ptr));
        free (ptr);
    }
}

static void *
wiping_realloc (void *ptr, size_t size)
{
    if (ptr == NULL)
        return malloc (size);
    if (size == 0) {
        wiping_free (ptr);
        return NULL;
    }
    size_t old = malloc_usable_size (ptr);
    if (size <= old)
        return ptr;
    void *grown = malloc (size);
    if (grown == NULL)
        return NULL;
    memcpy (grown, ptr, old);
    wiping_free (ptr);
    return grown;
}

static gpointer
global_init (gpointer data)
{
    /* A no-op (and curl keeps its default allocator) if another library
     * of the process initialised curl first. */
    curl_global_init_mem (CURL_GLOBAL_DEFAULT, malloc, wiping_free, wiping_realloc, strdup,
                          calloc);
    return NULL;
}

/* CURLOPT_SSL_CTX_FUNCTION: OpenSSL wipes decrypted data after handing it
 * over. */
static CURLcode
ssl_ctx_setup (CURL *easy, void *ssl_ctx, void *user_data)
{
    SSL_CTX_set_options (ssl_ctx, SSL_OP_CLEANSE_PLAINTEXT);
    return CURLE_OK;
}

/* TRUE if @header may be sent: no control character but TAB (CR and LF
 * would start a header line of their own). */
static gboolean
header_is_safe (const char *header)
{
    for (const unsigned char *p = (const unsigned char *) header; *p != '\0'; p++) {
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return FALSE;
    }
    return TRUE;
}

VinvHttp *
vinv_http_new (const VinvHttpOptions *options)
{
    static GOnce once = G_ONCE_INIT;
    static const VinvHttpOptions defaults;
    VinvHttp *self = g_new0 (VinvHttp, 1);

    g_once (&once, global_init, NULL);
    if (options == NULL)
        options = &defaults;

    self->parallel = options->parallel != 0 ? MIN (options->parallel, MAX_PARALLEL)
                                            : DEFAULT_PARALLEL;
    self->ca_file = g_strdup (options->ca_file);
    self->ca_hint = g_strdup (options->ca_hint);
    self->insecure = options->insecure;
    self->compression = !options->no_compression;
    self->connect_timeout = options->connect_timeout != 0 ? options->connect_timeout : 15;
    self->stall_timeout = options->stall_timeout != 0 ? options->stall_timeout : 60;
    self->min_rate = options->min_rate != 0 ? options->min_rate : 1024;
    self->max_retries = options->max_retries != 0 ? options->max_retries : 5;
    self->retry_delay_ms = options->retry_delay_ms != 0 ? options->retry_delay_ms : 50;

    self->multi = curl_multi_init ();
    curl_multi_setopt (self->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long) self->parallel);
    curl_multi_setopt (self->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, (long) self->parallel);
    curl_multi_setopt (self->multi, CURLMOPT_MAXCONNECTS, (long) self->parallel);
    g_queue_init (&self->queue);
    self->waiting = g_ptr_array_new ();
    self->spare = g_ptr_array_new ();
    self->in_flight = g_ptr_array_new ();
    self->counters = &self->own;
    self->buffer_size = 128 * 1024;
    return self;
}

VinvHttp *
vinv_http_new_sibling (VinvHttp *parent)
{
    VinvHttpOptions options = {
        .parallel = parent->parallel,
        .ca_file = parent->ca_file,
        .insecure = parent->insecure,
        .connect_timeout = (guint) parent->connect_timeout,
        .stall_timeout = (guint) parent->stall_timeout,
        .min_rate = (guint) parent->min_rate,
        .max_retries = parent->max_retries,
        .retry_delay_ms = parent->retry_delay_ms,
        .no_compression = !parent->compression,
        .ca_hint = parent->ca_hint,
    };
    VinvHttp *self = vinv_http_new (&options);

    self->deadline = parent->deadline;
    self->timeout_s = parent->timeout_s;
    self->counters = parent->counters;
    return self;
}

void
vinv_http_set_parallel (VinvHttp *self, guint parallel)
{
    self->parallel = CLAMP (parallel, 1, MAX_PARALLEL);
}

guint
vinv_http_get_parallel (const VinvHttp *self)
{
    return self->parallel;
}

void
vinv_http_set_buffer_size (VinvHttp *self, gsize bytes)
{
    self->buffer_size = (long) CLAMP (bytes, 16 * 1024, 512 * 1024);
}

static void
finish (VinvHttp *self, VinvHttpRequest *req, const VinvHttpResponse *response,
        const GError *error)
{
    if (req->callbacks.done != NULL)
        req->callbacks.done (req->user_data, response, error);
    vinv_http_request_free (req);
}

static void
cancel_all (VinvHttp *self)
{
    g_autoptr (GError) error = g_error_new_literal (VINV_BACKEND_ERROR,
                                                     VINV_BACKEND_ERROR_CANCELLED,
                                                     "cancelled");
    VinvHttpRequest *req;

    while ((req = g_queue_pop_head (&self->queue)) != NULL)
        finish (self, req, NULL, error);
    for (guint i = 0; i < self->waiting->len; i++)
        finish (self, g_ptr_array_index (self->waiting, i), NULL, error);
    g_ptr_array_set_size (self->waiting, 0);
}

void
vinv_http_free (VinvHttp *self)
{
    if (self == NULL)
        return;
    g_warn_if_fail (self->in_flight->len == 0);
    cancel_all (self);
    for (guint i = 0; i < self->spare->len; i++)
        curl_easy_cleanup (g_ptr_array_index (self->spare, i));
    g_ptr_array_unref (self->spare);
    g_ptr_array_unref (self->waiting);
    g_ptr_array_unref (self->in_flight);
    curl_multi_cleanup (self->multi);
    g_free (self->ca_file);
    g_free (self->ca_hint);
    g_free (self);
}

VinvHttpRequest *
vinv_http_request_new (const char *method, const char *url)
{
    VinvHttpRequest *req = g_new0 (VinvHttpRequest, 1);

    req->method = g_strdup (method);
    req->url = g_strdup (url);
    return req;
}

/* Frees the header list of the last attempt, wiping the token in it. */
static void
free_sent_headers (VinvHttpRequest *req)
{
    for (struct curl_slist *h = req->sent_headers; h != NULL; h = h->next)
        vinv_secure_wipe (h->data, strlen (h->data));
    curl_slist_free_all (req->sent_headers);
    req->sent_headers = NULL;
}

void
vinv_http_request_free (VinvHttpRequest *req)
{
    if (req == NULL)
        return;
    if (req->secret_headers) {
        for (struct curl_slist *h = req->headers; h != NULL; h = h->next)
            vinv_secure_wipe (h->data, strlen (h->data));
    }
    curl_slist_free_all (req->headers);
    free_sent_headers (req);
    if (req->auth != NULL) {
        vinv_secure_wipe (req->auth, strlen (req->auth));
        g_free (req->auth);
    }
    if (req->secret_body)
        vinv_secure_wipe (req->body, req->body_len);
    g_free (req->body);
    g_free (req->method);
    g_free (req->url);
    if (req->error_body != NULL)
        g_byte_array_unref (req->error_body);
    g_clear_error (&req->body_error);
    g_free (req);
}

void
vinv_http_request_add_header (VinvHttpRequest *req, const char *header, gboolean secret)
{
    if (!header_is_safe (header)) {
        req->bad_header = TRUE;
        return;
    }
    req->headers = curl_slist_append (req->headers, header);
    req->secret_headers |= secret;
}

void
vinv_http_request_set_auth (VinvHttpRequest *req, const char *header)
{
    if (req->auth != NULL) {
        vinv_secure_wipe (req->auth, strlen (req->auth));
        g_clear_pointer (&req->auth, g_free);
    }
    if (header != NULL && !header_is_safe (header)) {
        req->bad_header = TRUE;
        return;
    }
    req->auth = g_strdup (header);
}

void
vinv_http_request_set_body (VinvHttpRequest *req, const char *body, gsize len,
                            const char *content_type, gboolean secret)
{
    if (req->secret_body)
        vinv_secure_wipe (req->body, req->body_len);
    g_free (req->body);
    req->body = g_malloc (len + 1);
    memcpy (req->body, body, len);
    req->body[len] = '\0';
    req->body_len = len;
    req->secret_body = secret;
    if (content_type != NULL) {
        g_autofree char *h = g_strconcat ("Content-Type: ", content_type, NULL);
        vinv_http_request_add_header (req, h, FALSE);
    }
}

void
vinv_http_request_set_callbacks (VinvHttpRequest *req, const VinvHttpCallbacks *callbacks,
                                 gpointer user_data)
{
    req->callbacks = *callbacks;
    req->user_data = user_data;
}

void
vinv_http_request_set_no_retry (VinvHttpRequest *req)
{
    req->no_retry = TRUE;
}

void
vinv_http_request_set_urgent (VinvHttpRequest *req)
{
    req->urgent = TRUE;
}

void
vinv_http_hold (VinvHttp *self, gboolean hold)
{
    self->held = hold;
}

void
vinv_http_submit (VinvHttp *self, VinvHttpRequest *req)
{
    req->http = self;
    if (req->urgent)
        g_queue_push_head (&self->queue, req);
    else
        g_queue_push_tail (&self->queue, req);
}

/* The next request that may start now, or NULL. */
static VinvHttpRequest *
next_startable (VinvHttp *self)
{
    VinvHttpRequest *head = g_queue_peek_head (&self->queue);
    if (head == NULL || (self->held && !head->urgent))
        return NULL;
    return g_queue_pop_head (&self->queue);
}

guint64
vinv_http_get_n_requests (const VinvHttp *self)
{
    return atomic_load_explicit (&self->counters->requests, memory_order_relaxed);
}

guint64
vinv_http_get_bytes (const VinvHttp *self)
{
    return atomic_load_explicit (&self->counters->bytes, memory_order_relaxed);
}

/* curl's write callback: the first call of an attempt learns the status;
 * 2xx bytes go to the caller, others are kept for the error message. */
static size_t
write_cb (char *data, size_t size, size_t nmemb, void *user_data)
{
    VinvHttpRequest *req = user_data;
    gsize len = size * nmemb;

    if (req->status == 0) {
        long code = 0;
        curl_easy_getinfo (req->easy, CURLINFO_RESPONSE_CODE, &code);
        req->status = (guint) code;
    }
    if (req->status >= 200 && req->status < 300) {
        if (req->callbacks.body == NULL) {
            atomic_fetch_add_explicit (&req->http->counters->bytes, len, memory_order_relaxed);
            return len;
        }
        switch (req->callbacks.body (req->user_data, data, len, &req->body_error)) {
        case VINV_HTTP_BODY_ERROR:
            atomic_fetch_add_explicit (&req->http->counters->bytes, len, memory_order_relaxed);
            return 0;   /* any count but len makes curl stop with CURLE_WRITE_ERROR */
        default:
            atomic_fetch_add_explicit (&req->http->counters->bytes, len, memory_order_relaxed);
            req->body_seen = TRUE;
            return len;
        }
    }
    if (req->error_body == NULL)
        req->error_body = g_byte_array_new ();
    if (req->error_body->len < ERROR_BODY_MAX) {
        gsize n = MIN (len, ERROR_BODY_MAX - req->error_body->len);
        g_byte_array_append (req->error_body, (const guint8 *) data, (guint) n);
    }
    return len;
}

static char *describe (const VinvHttpRequest *req);

void
vinv_http_set_deadline (VinvHttp *self, gint64 deadline, guint timeout_s)
{
    self->deadline = deadline;
    self->timeout_s = timeout_s;
}

/* The error of a request stopped by the deadline. */
static GError *
deadline_error (const VinvHttp *self, const VinvHttpRequest *req)
{
    g_autofree char *what = describe (req);
    return g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TIMEOUT,
                        "%s: stopped at the load time limit of %u s", what, self->timeout_s);
}

static void
start (VinvHttp *self, VinvHttpRequest *req)
{
    CURL *easy;
    gint64 left_us = self->deadline != 0 ? self->deadline - g_get_monotonic_time () : 0;

    if (self->deadline != 0 && left_us <= 0) {
        g_autoptr (GError) error = deadline_error (self, req);
        finish (self, req, NULL, error);
        return;
    }
    if (req->callbacks.prepare != NULL)
        req->callbacks.prepare (req->user_data, req);
    if (req->bad_header) {
        g_autofree char *what = describe (req);
        g_autoptr (GError) error = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                                                "%s: not sent: a header value holds a line "
                                                "break or a control character", what);
        finish (self, req, NULL, error);
        return;
    }
    if (self->spare->len > 0) {
        easy = g_ptr_array_steal_index_fast (self->spare, self->spare->len - 1);
        curl_easy_reset (easy);
    } else {
        easy = curl_easy_init ();
    }
    free_sent_headers (req);
    for (struct curl_slist *h = req->headers; h != NULL; h = h->next)
        req->sent_headers = curl_slist_append (req->sent_headers, h->data);
    if (req->auth != NULL)
        req->sent_headers = curl_slist_append (req->sent_headers, req->auth);

    req->easy = easy;
    req->attempts++;
    req->status = 0;
    req->body_seen = FALSE;
    req->errbuf[0] = '\0';
    if (req->error_body != NULL)
        g_byte_array_set_size (req->error_body, 0);

    curl_easy_setopt (easy, CURLOPT_URL, req->url);
    curl_easy_setopt (easy, CURLOPT_PRIVATE, req);
    curl_easy_setopt (easy, CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt (easy, CURLOPT_WRITEDATA, req);
    curl_easy_setopt (easy, CURLOPT_ERRORBUFFER, req->errbuf);
    curl_easy_setopt (easy, CURLOPT_HTTPHEADER, req->sent_headers);
    if (self->compression)
        curl_easy_setopt (easy, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt (easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt (easy, CURLOPT_CONNECTTIMEOUT, self->connect_timeout);
    curl_easy_setopt (easy, CURLOPT_LOW_SPEED_LIMIT, self->min_rate);
    curl_easy_setopt (easy, CURLOPT_LOW_SPEED_TIME, self->stall_timeout);
    if (self->deadline != 0)
        curl_easy_setopt (easy, CURLOPT_TIMEOUT_MS, (long) ((left_us + 999) / 1000));
    curl_easy_setopt (easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt (easy, CURLOPT_BUFFERSIZE, self->buffer_size);
    curl_easy_setopt (easy, CURLOPT_USERAGENT, "virt-inventory/" VINV_VERSION);
    curl_easy_setopt (easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt (easy, CURLOPT_FOLLOWLOCATION, 0L);
    /* not built in with another TLS library than OpenSSL: then ignored */
    curl_easy_setopt (easy, CURLOPT_SSL_CTX_FUNCTION, ssl_ctx_setup);
    if (self->ca_file != NULL)
        curl_easy_setopt (easy, CURLOPT_CAINFO, self->ca_file);
    if (self->insecure) {
        curl_easy_setopt (easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt (easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (g_str_equal (req->method, "POST")) {
        curl_easy_setopt (easy, CURLOPT_POST, 1L);
        curl_easy_setopt (easy, CURLOPT_POSTFIELDS, req->body != NULL ? req->body : "");
        curl_easy_setopt (easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) req->body_len);
    } else if (!g_str_equal (req->method, "GET")) {
        curl_easy_setopt (easy, CURLOPT_CUSTOMREQUEST, req->method);
    }

    atomic_fetch_add_explicit (&self->counters->requests, 1, memory_order_relaxed);
    g_ptr_array_add (self->in_flight, req);
    curl_multi_add_handle (self->multi, easy);
}

/* Detaches the easy handle of @req and keeps it for reuse. */
static void
release (VinvHttp *self, VinvHttpRequest *req)
{
    curl_multi_remove_handle (self->multi, req->easy);
    g_ptr_array_add (self->spare, req->easy);
    req->easy = NULL;
    g_ptr_array_remove_fast (self->in_flight, req);
}

static gboolean
transient_status (guint status)
{
    return status == 502 || status == 503 || status == 504;
}

static gboolean
transient_result (CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return TRUE;
    default:
        return FALSE;
    }
}

static VinvBackendErrorCode
error_code_for (CURLcode code)
{
    switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_CRL_BADFILE:
        return VINV_BACKEND_ERROR_TLS;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return VINV_BACKEND_ERROR_URI;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
        return VINV_BACKEND_ERROR_CONNECT;
    default:
        return VINV_BACKEND_ERROR_PROTOCOL;
    }
}

/* "GET http://host/path" without the query: the part of a URL a message
 * may show (queries could hold search terms; never credentials, but keep
 * messages short). */
static char *
describe (const VinvHttpRequest *req)
{
    const char *q = strchr (req->url, '?');
    gsize len = q != NULL ? (gsize) (q - req->url) : strlen (req->url);
    g_autofree char *url = vinv_sanitize_text (req->url, (gssize) len, 0);
    return g_strdup_printf ("%s %s", req->method, url);
}

/* What to do about a failed TLS handshake or verification, in words:
 * " (…)" to append to the message, or "" when there is nothing to add. */
static char *
tls_advice (const VinvHttp *self, CURLcode result, const char *why)
{
    if (result == CURLE_SSL_CACERT_BADFILE) {
        if (self->ca_file != NULL)
            return g_strdup_printf (" (cannot use the CA file %s: is it a PEM certificate?)",
                                    self->ca_file);
        const char *store = curl_version_info (CURLVERSION_NOW)->cainfo;
        return g_strdup_printf (" (the system's CA certificates are missing%s%s: install "
                                "the ca-certificates package, or pass --ca-file FILE with "
                                "the engine CA)", store != NULL ? ", no " : "",
                                store != NULL ? store : "");
    }
    if (result != CURLE_PEER_FAILED_VERIFICATION)
        return g_strdup ("");
    /* OpenSSL: "no alternative certificate subject name matches target host
     * name 'X'", "certificate subject name 'Y' does not match target host
     * name 'X'"; GnuTLS: "certificate subject name (Y) does not match
     * target host name 'X'" */
    if (strstr (why, "host name") != NULL || strstr (why, "hostname") != NULL)
        return g_strdup (" (the certificate was issued for another host name: connect with "
                         "a name it was issued for, the one in the engine's web address; "
                         "a CA file does not help)");
    if (self->ca_file != NULL)
        return g_strdup_printf (" (the certificate is not signed by the CA in %s: is that "
                                "this engine's CA?%s%s)", self->ca_file,
                                self->ca_hint != NULL ? " " : "",
                                self->ca_hint != NULL ? self->ca_hint : "");
    return g_strdup_printf (" (the engine's certificate is not trusted: pass --ca-file FILE "
                            "with the engine CA%s%s%s, or --insecure)",
                            self->ca_hint != NULL ? " (" : "",
                            self->ca_hint != NULL ? self->ca_hint : "",
                            self->ca_hint != NULL ? ")" : "");
}

static void
schedule_retry (VinvHttp *self, VinvHttpRequest *req)
{
    guint shift = MIN (req->attempts - 1, 10u);
    guint64 delay = MIN ((guint64) self->retry_delay_ms << shift, (guint64) MAX_BACKOFF_MS);

    /* a little jitter so that parallel retries do not arrive together */
    delay += g_random_int_range (0, (gint32) (delay / 4 + 1));
    if (req->body_seen && req->callbacks.restart != NULL)
        req->callbacks.restart (req->user_data);
    req->due_us = g_get_monotonic_time () + (gint64) delay * 1000;
    g_ptr_array_add (self->waiting, req);
}

static void
handle_done (VinvHttp *self, VinvHttpRequest *req, CURLcode result)
{
    gboolean may_retry = !req->no_retry && req->attempts <= self->max_retries;

    if (req->status == 0) {
        long code = 0;
        curl_easy_getinfo (req->easy, CURLINFO_RESPONSE_CODE, &code);
        req->status = (guint) code;
    }

    if (req->body_error != NULL) {
        /* the caller refused the body (malformed JSON): not transient */
        g_autoptr (GError) error = g_steal_pointer (&req->body_error);
        release (self, req);
        finish (self, req, NULL, error);
        return;
    }

    if (result == CURLE_OPERATION_TIMEDOUT && self->deadline != 0
        && g_get_monotonic_time () >= self->deadline - 10 * 1000) {
        g_autoptr (GError) error = deadline_error (self, req);
        release (self, req);
        finish (self, req, NULL, error);
        return;
    }
    if (result != CURLE_OK) {
        /* a stalled transfer already cost a stall timeout: retry it once */
        if (result == CURLE_OPERATION_TIMEDOUT && req->attempts > 1)
            may_retry = FALSE;
        if (may_retry && transient_result (result)
            && (!req->body_seen || req->callbacks.restart != NULL)) {
            release (self, req);
            schedule_retry (self, req);
            return;
        }
        g_autofree char *what = describe (req);
        g_autofree char *why = vinv_sanitize_text (req->errbuf[0] != '\0' ? req->errbuf
                                                   : curl_easy_strerror (result), -1, 300);
        g_autofree char *tls = tls_advice (self, result, why);
        /* curl says "Operation too slow. Less than N bytes/sec transferred
         * the last M seconds": said in our words, with the limit */
        gboolean stalled = strstr (why, "too slow") != NULL;
        if (stalled) {
            g_free (why);
            why = g_strdup_printf ("stalled: less than %ld bytes/s for %ld s (the minimum "
                                   "transfer rate)", self->min_rate, self->stall_timeout);
        }
        const char *hint = result == CURLE_PARTIAL_FILE ? " (the response was cut short)"
                         : result == CURLE_OPERATION_TIMEDOUT && !stalled ? " (timed out)"
                         : tls;
        g_autoptr (GError) error = g_error_new (VINV_BACKEND_ERROR, error_code_for (result),
                                                "%s: %s%s%s", what, why, hint,
                                                req->attempts > 1 ? ", after retries" : "");
        release (self, req);
        finish (self, req, NULL, error);
        return;
    }

    if (transient_status (req->status) && may_retry) {
        release (self, req);
        schedule_retry (self, req);
        return;
    }

    VinvHttpResponse response = { .status = req->status, .attempts = req->attempts };
    char *ct = NULL;
    curl_easy_getinfo (req->easy, CURLINFO_CONTENT_TYPE, &ct);
    g_autofree char *content_type = g_strdup (ct);
    response.content_type = content_type;
    if (req->error_body != NULL && (req->status < 200 || req->status >= 300)) {
        g_byte_array_append (req->error_body, (const guint8 *) "", 1);
        response.body = (const char *) req->error_body->data;
        response.body_len = req->error_body->len - 1;
    }
    release (self, req);
    finish (self, req, &response, NULL);
}

void
vinv_http_wakeup (VinvHttp *self)
{
    curl_multi_wakeup (self->multi);
}

void
vinv_http_set_idle_func (VinvHttp *self, VinvHttpIdleFunc func, gpointer user_data)
{
    self->idle = func;
    self->idle_data = user_data;
}

static void
wake (GCancellable *cancellable, gpointer user_data)
{
    VinvHttp *self = user_data;
    curl_multi_wakeup (self->multi);
}

/* Moves the retries that are due to the queue; returns the milliseconds
 * until the next one is due (or @cap). */
static long
promote_due (VinvHttp *self, long cap)
{
    gint64 now = g_get_monotonic_time ();
    long next = cap;

    for (guint i = 0; i < self->waiting->len;) {
        VinvHttpRequest *req = g_ptr_array_index (self->waiting, i);
        if (req->due_us <= now || (self->deadline != 0 && now >= self->deadline)) {
            g_ptr_array_remove_index (self->waiting, i);
            if (req->urgent)
                g_queue_push_head (&self->queue, req);
            else
                g_queue_push_tail (&self->queue, req);
            next = 0;
            continue;
        }
        next = MIN (next, (long) ((req->due_us - now + 999) / 1000));
        i++;
    }
    /* a retry due after the deadline starts (and fails) at the deadline */
    if (self->deadline != 0 && self->waiting->len > 0)
        next = MIN (next, (long) MAX (0, (self->deadline - now + 999) / 1000));
    return next;
}

static void
abort_active (VinvHttp *self)
{
    g_autoptr (GError) error = g_error_new_literal (VINV_BACKEND_ERROR,
                                                     VINV_BACKEND_ERROR_CANCELLED,
                                                     "cancelled");

    while (self->in_flight->len > 0) {
        VinvHttpRequest *req = g_ptr_array_index (self->in_flight, self->in_flight->len - 1);
        release (self, req);
        finish (self, req, NULL, error);
    }
}

gboolean
vinv_http_run (VinvHttp *self, GCancellable *cancellable, GError **error)
{
    gulong handler = 0;

    if (cancellable != NULL)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (wake), self, NULL);

    for (;;) {
        if (g_cancellable_is_cancelled (cancellable)) {
            abort_active (self);
            cancel_all (self);
            if (handler != 0)
                g_cancellable_disconnect (cancellable, handler);
            g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED,
                                 "cancelled");
            return FALSE;
        }

        gboolean pending = self->idle != NULL && self->idle (self->idle_data);
        long timeout = promote_due (self, 1000);
        VinvHttpRequest *next;
        while (self->in_flight->len < self->parallel && (next = next_startable (self)) != NULL)
            start (self, next);
        if (self->in_flight->len == 0 && g_queue_is_empty (&self->queue)
            && self->waiting->len == 0) {
            if (!pending)
                break;
            /* only the idle function's work is left: sleep until woken */
            curl_multi_poll (self->multi, NULL, 0, (int) timeout, NULL);
            continue;
        }

        int running = 0;
        curl_multi_perform (self->multi, &running);

        gboolean finished = FALSE;
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read (self->multi, &left)) != NULL) {
            if (msg->msg != CURLMSG_DONE)
                continue;
            VinvHttpRequest *req = NULL;
            CURL *easy = msg->easy_handle;
            CURLcode result = msg->data.result;
            curl_easy_getinfo (easy, CURLINFO_PRIVATE, (char **) &req);
            handle_done (self, req, result);
            finished = TRUE;
        }
        if (finished)
            continue;
        if (self->in_flight->len == 0 && !g_queue_is_empty (&self->queue) && !self->held)
            continue;
        curl_multi_poll (self->multi, NULL, 0, (int) MAX (timeout, 0), NULL);
    }

    if (handler != 0)
        g_cancellable_disconnect (cancellable, handler);
    return TRUE;
}
