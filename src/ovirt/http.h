/* http.h — the oVirt back-end's HTTP engine: many requests in flight over
 * keep-alive connections, bodies streamed to the caller as they arrive.
 *
 * The only part of virt-inventory that talks to libcurl (http.c).  It knows
 * HTTP and TLS, not oVirt: a caller builds requests (method, URL, headers,
 * body, callbacks), submits them and runs the engine until every request
 * has finished.  Callbacks run on the thread that calls vinv_http_run() and
 * may submit more requests.
 *
 * What the engine does by itself: at most `parallel` requests in flight,
 * connection reuse, gzip, connect and stall timeouts, a deadline for all
 * requests (vinv_http_set_deadline()), TLS verification (a CA
 * file or the system store, or none when insecure), and bounded retries with
 * exponential back-off on HTTP 502/503/504 and on transport errors (a
 * timed-out transfer is retried once only: each try costs the whole stall
 * timeout).  It does not retry other statuses: the caller decides about 401
 * and the rest.
 *
 * TLS failures (VINV_BACKEND_ERROR_TLS) say which of three things went
 * wrong, each with what to do: the certificate is not signed by a trusted
 * CA (--ca-file, --insecure last), it was issued for another host name
 * (use that name; no CA file helps), or the system CA store is missing
 * (install ca-certificates).
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _VinvHttp VinvHttp;
typedef struct _VinvHttpRequest VinvHttpRequest;

typedef struct {
    guint parallel;              /* requests in flight, 1..64; 0 = 8 */
    const char *ca_file;         /* PEM bundle, or NULL for the system store */
    gboolean insecure;           /* do not verify the peer (the caller warns) */
    guint connect_timeout;       /* seconds; 0 = 15 */
    guint stall_timeout;         /* seconds below min_rate: stalled; 0 = 60 */
    guint min_rate;              /* bytes a second under which a response counts
                                  * as stalled (for stall_timeout); 0 = 1024 */
    guint max_retries;           /* retries per request; 0 = 5 */
    guint retry_delay_ms;        /* first back-off; doubles each time; 0 = 50 */
    gboolean no_compression;     /* do not ask for gzip */
    /* How the server's CA can be had, for the message of an untrusted
     * certificate ("`virt-inventory fetch-ca ovirt://HOST` downloads it"), or NULL. */
    const char *ca_hint;
} VinvHttpOptions;

/* Requests still running at @deadline (g_get_monotonic_time(); 0: none)
 * are stopped, and those not started by then fail at once, none retried,
 * with VINV_BACKEND_ERROR_TIMEOUT: "GET URL: stopped at the load time
 * limit of @timeout_s s".  Applies to requests started from now on. */
void vinv_http_set_deadline (VinvHttp *self, gint64 deadline, guint timeout_s);

/* What a finished request got.  Valid during the done callback only. */
typedef struct {
    guint status;                /* HTTP status of the last attempt, 0 if none */
    const char *content_type;    /* or NULL */
    const char *body;            /* body of a non-2xx response (at most 64 KiB,
                                  * NUL-terminated), or NULL */
    gsize body_len;
    guint attempts;              /* 1 + retries */
} VinvHttpResponse;

/* What the body callback did with the bytes it was given. */
typedef enum {
    VINV_HTTP_BODY_OK,           /* taken */
    VINV_HTTP_BODY_ERROR,        /* refused: abort the request with the error */
} VinvHttpBodyStatus;

typedef struct {
    /* Called right before each attempt is sent (the first and every retry),
     * e.g. to put the current token in with vinv_http_request_set_auth().
     * May be NULL. */
    void (*prepare) (gpointer user_data, VinvHttpRequest *req);
    /* Body bytes of a 2xx response, as they arrive (decoded from gzip).
     * Return VINV_HTTP_BODY_ERROR with @error to abort the request (@error is
     * then the request's error).  May be NULL: the body is dropped. */
    VinvHttpBodyStatus (*body) (gpointer user_data, const char *data, gsize len,
                                GError **error);
    /* A retry is about to start after body() already saw bytes of a failed
     * attempt: forget them.  When NULL, such a request is not retried. */
    void (*restart) (gpointer user_data);
    /* The request finished: @error is a transport/TLS error (domain
     * VINV_BACKEND_ERROR, codes CONNECT, TLS, PROTOCOL, CANCELLED) or the
     * error body() returned; else @response holds the final status, which
     * may be any status (retries for 502/503/504 exhausted, 4xx, ...).
     * Called exactly once per submitted request. */
    void (*done) (gpointer user_data, const VinvHttpResponse *response, const GError *error);
} VinvHttpCallbacks;

/* A new engine.  Never fails (curl's global init is done once). */
VinvHttp *vinv_http_new (const VinvHttpOptions *options);
void vinv_http_free (VinvHttp *self);

/* A new engine with @parent's options and deadline, and connections of
 * its own, for another thread to run (each engine is used by one thread at
 * a time).  What it sends and receives is counted in @parent's
 * vinv_http_get_n_requests() and _get_bytes(), which may be read while the
 * sibling runs.  Free it before @parent. */
VinvHttp *vinv_http_new_sibling (VinvHttp *parent);

/* Changes the number of requests in flight (1..64) for the requests
 * started from now on. */
void vinv_http_set_parallel (VinvHttp *self, guint parallel);
guint vinv_http_get_parallel (const VinvHttp *self);

/* Sets the size of curl's receive buffer (16 KiB .. 512 KiB, 128 KiB by
 * default) for the requests started from now on: the most body bytes one
 * body() call gets.  The buffer is allocated for each transfer and wiped
 * when it is freed, so a large one pays only for large bodies. */
void vinv_http_set_buffer_size (VinvHttp *self, gsize bytes);

/* A new request for @method ("GET", "POST") and the full @url.  Owned by
 * the caller until vinv_http_submit(). */
VinvHttpRequest *vinv_http_request_new (const char *method, const char *url);
void vinv_http_request_free (VinvHttpRequest *req);

/* Adds a header line ("Accept: application/json").  A @secret header (a
 * bearer token) is wiped from memory when the request is freed. */
void vinv_http_request_add_header (VinvHttpRequest *req, const char *header, gboolean secret);

/* Sets (or replaces) the request's Authorization header line, e.g.
 * "Authorization: Bearer TOKEN".  Kept secret: wiped when replaced or
 * freed.  Usually called from the prepare callback. */
void vinv_http_request_set_auth (VinvHttpRequest *req, const char *header);

/* Sets the request body (copied).  A @secret body (one that holds a
 * password) is wiped from memory when the request is freed. */
void vinv_http_request_set_body (VinvHttpRequest *req, const char *body, gsize len,
                                 const char *content_type, gboolean secret);

void vinv_http_request_set_callbacks (VinvHttpRequest *req, const VinvHttpCallbacks *callbacks,
                                      gpointer user_data);

/* A request that must not be retried at all (a logout). */
void vinv_http_request_set_no_retry (VinvHttpRequest *req);

/* An urgent request (a token request) goes to the head of the queue and
 * starts even while the engine is held. */
void vinv_http_request_set_urgent (VinvHttpRequest *req);

/* While held, queued requests do not start (urgent ones and those in
 * flight go on): used while a token is renewed, so that requests do not go
 * out with a token known to have expired. */
void vinv_http_hold (VinvHttp *self, gboolean hold);

/* Wakes vinv_http_run() up so that it calls the idle function soon.  Any
 * thread may call it (as it may read the counters below); nothing else
 * here is thread-safe. */
void vinv_http_wakeup (VinvHttp *self);

/* A function vinv_http_run() calls on its own thread at every turn of its
 * loop (after a wake-up, a finished request, or at least once a second).
 * It returns TRUE while work outside the engine is pending (parsing in
 * another thread), which keeps vinv_http_run() from returning. */
typedef gboolean (*VinvHttpIdleFunc) (gpointer user_data);
void vinv_http_set_idle_func (VinvHttp *self, VinvHttpIdleFunc func, gpointer user_data);

/* Queues @req (taking it).  Its done callback runs from vinv_http_run(). */
void vinv_http_submit (VinvHttp *self, VinvHttpRequest *req);

/* Runs until no request is queued, in flight or waiting for a retry.
 * Returns FALSE with VINV_BACKEND_ERROR_CANCELLED if @cancellable fired;
 * the requests still pending are then finished with that error. */
gboolean vinv_http_run (VinvHttp *self, GCancellable *cancellable, GError **error);

/* Counters since vinv_http_new(): requests started (each attempt counts)
 * and body bytes received (decoded), with those of its siblings.  Any
 * thread may read them. */
guint64 vinv_http_get_n_requests (const VinvHttp *self);
guint64 vinv_http_get_bytes (const VinvHttp *self);

/* Fills @buf with @len zero bytes in a way the compiler cannot drop. */
void vinv_secure_wipe (void *buf, gsize len);

G_END_DECLS
