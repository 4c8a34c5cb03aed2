/* backend.c — the oVirt back-end behind the core's VinvBackendClass: URI
 * parsing, connecting (an SSO token), fetching (the fetch plan, then the
 * join, then handing the tables to the inventory; a connection fetched
 * once revokes its token beside the join), closing (revoking the token, or
 * waiting for that), and fetching the engine CA for `virt-inventory
 * fetch-ca`.
 *
 * Relies on http.c for transport, auth.c for tokens, fetch-plan.c for
 * requests and join.c for links; knows the shape of oVirt URIs and how to
 * word connection errors (with a hint towards --ca-file/fetch-ca when the
 * certificate is not trusted).
 */
#include "ovirt-backend.h"

#include <string.h>

#include "auth.h"
#include "core/backend.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "fetch-plan.h"
#include "http.h"
#include "load.h"
#include "mapping.h"
#include "ovirt-private.h"

#define LOGOUT_TIMEOUT_US (5 * G_TIME_SPAN_SECOND)

/* The parts of an oVirt URI. */
typedef struct {
    gboolean tls;
    char *host;                  /* as it goes in a URL (IPv6 in brackets) */
    int port;                    /* -1 when not given */
    char *prefix;                /* "/ovirt-engine" */
    char *user;                  /* from the URI's user info, or NULL */
} EngineUri;

static void
engine_uri_clear (EngineUri *u)
{
    g_clear_pointer (&u->host, g_free);
    g_clear_pointer (&u->prefix, g_free);
    g_clear_pointer (&u->user, g_free);
}

static gboolean
has_scheme (const char *uri, const char *scheme)
{
    gsize n = strlen (scheme);
    return g_ascii_strncasecmp (uri, scheme, n) == 0 && strncmp (uri + n, "://", 3) == 0;
}

static gboolean
parse_engine_uri (const char *uri, EngineUri *out, GError **error)
{
    g_autoptr (GError) local = NULL;
    g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, &local);

    memset (out, 0, sizeof *out);
    if (parsed == NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "malformed oVirt URI '%s': %s", uri, local->message);
        return FALSE;
    }
    const char *scheme = g_uri_get_scheme (parsed);
    const char *host = g_uri_get_host (parsed);
    if (host == NULL || *host == '\0') {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "oVirt URI '%s' has no engine host (use ovirt://ENGINE or "
                     "ovirt+http://HOST:PORT)", uri);
        return FALSE;
    }
    if (g_uri_get_query (parsed) != NULL || g_uri_get_fragment (parsed) != NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "oVirt URI '%s': a query or fragment is not allowed", uri);
        return FALSE;
    }
    out->tls = g_ascii_strcasecmp (scheme, "ovirt+http") != 0;
    out->host = strchr (host, ':') != NULL ? g_strdup_printf ("[%s]", host) : g_strdup (host);
    out->port = g_uri_get_port (parsed);
    out->user = g_strdup (g_uri_get_user (parsed));

    /* the path may name the engine prefix, with or without "/api" */
    g_autofree char *path = g_strdup (g_uri_get_path (parsed));
    gsize len = strlen (path);
    while (len > 0 && path[len - 1] == '/')
        path[--len] = '\0';
    if (len >= 4 && strcmp (path + len - 4, "/api") == 0)
        path[len -= 4] = '\0';
    out->prefix = len > 0 ? g_strdup (path) : g_strdup ("/ovirt-engine");
    return TRUE;
}

static char *
engine_origin (const EngineUri *u, gboolean tls)
{
    return u->port > 0 ? g_strdup_printf ("%s://%s:%d", tls ? "https" : "http", u->host, u->port)
                       : g_strdup_printf ("%s://%s", tls ? "https" : "http", u->host);
}

/* Whether to ask for gzip.  It divides the bytes on the wire by ten but
 * costs the client about a second of CPU per 450 MB of JSON to inflate:
 * worth it on a network, pure cost on loopback (where the engine's own
 * tools and the simulator run).  VINV_OVIRT_GZIP=1/0 overrides. */
static gboolean
want_compression (const char *host)
{
    const char *env = g_getenv ("VINV_OVIRT_GZIP");
    if (env != NULL && *env != '\0')
        return strcmp (env, "0") != 0;
    return !(g_str_has_prefix (host, "127.") || g_str_equal (host, "[::1]")
             || g_ascii_strcasecmp (host, "localhost") == 0);
}

static void ovirt_close (VinvBackend *backend);
static const VinvBackendClass ovirt_class;

static VinvBackend *
ovirt_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
            GError **error)
{
    EngineUri u;
    VinvFetchStrategy strategy = VINV_FETCH_FOLLOW;

    if (!parse_engine_uri (uri, &u, error))
        return NULL;
    const char *user = options->user != NULL ? options->user : u.user;
    if (user == NULL || *user == '\0') {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                     "%s: a user is needed (-u USER@PROFILE, e.g. admin@internal)", uri);
        engine_uri_clear (&u);
        return NULL;
    }
    if (strchr (user, '@') == NULL) {
        /* the engine would refuse it with "access denied" after a round trip */
        g_autofree char *shown = vinv_sanitize_text (user, -1, 100);
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                     "the oVirt user '%s' has no @PROFILE: the engine needs USER@PROFILE, "
                     "e.g. -u %s@internal for the built-in admin", shown, shown);
        engine_uri_clear (&u);
        return NULL;
    }
    if (options->fetch_strategy != NULL) {
        if (g_ascii_strcasecmp (options->fetch_strategy, "parallel") == 0) {
            strategy = VINV_FETCH_PARALLEL;
        } else if (g_ascii_strcasecmp (options->fetch_strategy, "follow") != 0) {
            g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                         "unknown oVirt fetch strategy '%s' (use follow or parallel)",
                         options->fetch_strategy);
            engine_uri_clear (&u);
            return NULL;
        }
    }
    /* the front ends warn the user about --insecure; here it is only logged */
    if (u.tls && options->insecure)
        g_info ("TLS certificate verification is disabled for %s (insecure): "
                "the connection can be intercepted", u.host);

    OvirtBackend *self = g_new0 (OvirtBackend, 1);
    g_autofree char *origin = engine_origin (&u, u.tls);
    g_autofree char *source = u.port > 0 ? g_strdup_printf ("%s:%d", u.host, u.port)
                                         : g_strdup (u.host);
    g_autofree char *clean_uri = g_strdup_printf ("%s%s", origin, u.prefix);
    vinv_backend_init (&self->parent, &ovirt_class, uri, source);
    self->root = g_strconcat (origin, u.prefix, NULL);
    self->api = g_strconcat (self->root, "/api", NULL);
    self->strategy = strategy;
    self->interactive = options->interactive;
    self->fetch_once = options->fetch_once;

    g_autofree char *shown_uri = vinv_uri_strip_password (uri);
    g_autofree char *ca_hint = g_strdup_printf ("`virt-inventory fetch-ca %s` downloads it",
                                                shown_uri);
    VinvHttpOptions http_options = {
        .ca_hint = ca_hint,
        .parallel = options->parallel,
        .ca_file = options->ca_file,
        .insecure = options->insecure,
        .no_compression = !want_compression (u.host),
        .stall_timeout = (guint) g_ascii_strtoull (g_getenv ("VINV_OVIRT_STALL_TIMEOUT") != NULL
                                                   ? g_getenv ("VINV_OVIRT_STALL_TIMEOUT")
                                                   : "0", NULL, 10),
        /* for tests: a rate a simulator's --trickle stays under */
        .min_rate = (guint) g_ascii_strtoull (g_getenv ("VINV_OVIRT_MIN_RATE") != NULL
                                              ? g_getenv ("VINV_OVIRT_MIN_RATE") : "0",
                                              NULL, 10),
    };
    self->http = vinv_http_new (&http_options);
    /* the load time limit covers the login and every request of the fetch */
    vinv_http_set_deadline (self->http, options->deadline, options->timeout);
    self->auth = vinv_ovirt_auth_new (self->root, user, options->password);
    if (!vinv_ovirt_auth_login (self->auth, self->http, cancellable, error)) {
        g_prefix_error (error, "%s: ", clean_uri);
        ovirt_close (&self->parent);
        engine_uri_clear (&u);
        return NULL;
    }
    engine_uri_clear (&u);
    return &self->parent;
}

/* Revokes the token (a no-op without one).  The logout is not part of the
 * load: it gets a few seconds of its own, whatever the load's limit left. */
static void
logout (OvirtBackend *self)
{
    if (self->http != NULL)
        vinv_http_set_deadline (self->http, g_get_monotonic_time () + LOGOUT_TIMEOUT_US,
                                LOGOUT_TIMEOUT_US / G_TIME_SPAN_SECOND);
    if (self->auth != NULL)
        vinv_ovirt_auth_logout (self->auth, self->http);
}

static gpointer
logout_main (gpointer data)
{
    logout (data);
    return NULL;
}

static gboolean
ovirt_fetch (VinvBackend *backend, VinvInventory *inventory, VinvProgressFunc progress,
             gpointer user_data, GCancellable *cancellable, GError **error)
{
    OvirtBackend *self = (OvirtBackend *) backend;
    VinvOvirtLoad load;
    g_autoptr (GError) first_failure = NULL;
    guint n_failed = 0;

    if (self->logout != NULL) {
        /* a caller's mistake (fetch_once broken), not the engine's */
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_FAILED,
                     "%s: fetched once already, and logged out since", self->root);
        return FALSE;
    }
    VinvFetchPlan plan = {
        .http = self->http,
        .auth = self->auth,
        .api = self->api,
        .strategy = self->strategy,
        .inline_parse = g_strcmp0 (g_getenv ("VINV_OVIRT_PARSE_THREADS"), "0") == 0,
        .progress = progress,
        .progress_data = user_data,
        /* for tests: a small cap without gigabytes of data */
        .max_response = g_ascii_strtoull (g_getenv ("VINV_OVIRT_MAX_RESPONSE") != NULL
                                          ? g_getenv ("VINV_OVIRT_MAX_RESPONSE") : "0",
                                          NULL, 10),
        /* for tests and measurements: VMs per page, 0 for one request */
        .page_size = g_getenv ("VINV_OVIRT_PAGE_SIZE") == NULL ? 0
                     : g_ascii_strtoull (g_getenv ("VINV_OVIRT_PAGE_SIZE"), NULL, 10) == 0
                     ? G_MAXUINT : (guint) g_ascii_strtoull (g_getenv ("VINV_OVIRT_PAGE_SIZE"),
                                                             NULL, 10),
    };

    vinv_ovirt_load_init (&load, backend->source_name);
    load.interactive = self->interactive;
    if (!vinv_ovirt_fetch_plan_run (&plan, &load, cancellable, &first_failure, &n_failed,
                                    error)) {
        vinv_ovirt_load_clear (&load);
        return FALSE;
    }
    /* Nothing at all loaded for a connection-level reason: that is a failed
     * connection, not partial data. */
    if (n_failed == VINV_TABLE_LAST && first_failure != NULL
        && first_failure->domain == VINV_BACKEND_ERROR
        && (first_failure->code == VINV_BACKEND_ERROR_CONNECT
            || first_failure->code == VINV_BACKEND_ERROR_TLS
            || first_failure->code == VINV_BACKEND_ERROR_AUTH)) {
        g_propagate_error (error, g_steal_pointer (&first_failure));
        vinv_ovirt_load_clear (&load);
        return FALSE;
    }

    /* Every response is in: a connection fetched only once needs its token
     * no more, so the logout's round trip goes on beside the join instead
     * of after it (on a remote engine, one round trip less before the
     * tables are out). */
    if (self->fetch_once) {
        vinv_ovirt_trace (&load, "logout started");
        self->logout = vinv_secret_thread_new ("vinv-logout", logout_main, self);
    }
    vinv_ovirt_trace (&load, "fetch plan returned");
    vinv_ovirt_join (&load);
    vinv_ovirt_trace (&load, "joined");
    vinv_inventory_add_source (inventory, backend->source_name, self->root,
                               backend->klass->tables);
    g_auto (GStrv) notes = vinv_ovirt_load_notes (&load);
    for (guint i = 0; notes[i] != NULL; i++)
        vinv_inventory_add_source_note (inventory, backend->source_name, notes[i]);
    /* every table is complete here, not before: the join links them all */
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *dst = vinv_inventory_ensure_table (inventory, k);
        vinv_table_take_rows (dst, vinv_ovirt_store_table (&load.store, k));
        vinv_backend_table_done (backend, k);
        vinv_ovirt_trace (&load, "table %s handed over", vinv_schema_get (k)->id);
    }
    vinv_ovirt_trace (&load, "tables handed over (merged, computed columns filled)");
    vinv_ovirt_load_clear (&load);
    return TRUE;
}

static void
ovirt_close (VinvBackend *backend)
{
    OvirtBackend *self = (OvirtBackend *) backend;

    if (self == NULL)
        return;
    if (self->logout != NULL)
        vinv_secret_thread_join (self->logout);
    else
        logout (self);
    vinv_ovirt_auth_free (self->auth);
    vinv_http_free (self->http);
    g_free (self->root);
    g_free (self->api);
    vinv_backend_finalize (&self->parent);
    g_free (self);
}

static const char *const ovirt_schemes[] = { "ovirt", "ovirt+http", "ovirt+https", NULL };

static const VinvBackendClass ovirt_class = {
    .name = "ovirt",
    .title = "oVirt",
    .description = "oVirt engine (REST API v4)",
    .schemes = ovirt_schemes,
    .uri_example = "ovirt://ENGINE",
    .needs_user = TRUE,
    .user_hint = "USER@DOMAIN (e.g. admin@internal)",
    .needs_password = TRUE,
    .tables = vinv_ovirt_tables,
    .open = ovirt_open,
    .fetch = ovirt_fetch,
    .close = ovirt_close,
    .actions = &vinv_ovirt_actions,
};

void
vinv_ovirt_register (void)
{
    vinv_ovirt_mapping_init ();     /* fills ovirt_class.tables */
    vinv_backend_register (&ovirt_class);
}

guint64
vinv_ovirt_get_request_count (VinvBackend *backend)
{
    g_return_val_if_fail (backend != NULL && backend->klass == &ovirt_class, 0);
    return vinv_http_get_n_requests (((OvirtBackend *) backend)->http);
}

/* ---- fetch-ca --------------------------------------------------------------------------- */

typedef struct {
    GByteArray *body;
    guint status;
    GError *error;
} CaDownload;

static VinvHttpBodyStatus
ca_body (gpointer user_data, const char *data, gsize len, GError **error)
{
    CaDownload *dl = user_data;
    if (dl->body->len + len > 1024 * 1024) {
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                             "CA certificate response too large");
        return VINV_HTTP_BODY_ERROR;
    }
    g_byte_array_append (dl->body, (const guint8 *) data, (guint) len);
    return VINV_HTTP_BODY_OK;
}

static void
ca_restart (gpointer user_data)
{
    CaDownload *dl = user_data;
    g_byte_array_set_size (dl->body, 0);
}

static void
ca_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    CaDownload *dl = user_data;
    if (error != NULL)
        dl->error = g_error_copy (error);
    else
        dl->status = response->status;
}

/* Where the CA of @engine is downloaded from (see vinv_ovirt_fetch_ca()):
 * sets *root to "http(s)://HOST[:PORT]/PREFIX", *tls, and *connect to the
 * URI to connect with afterwards.  FALSE with @error for a bad @engine. */
static gboolean
ca_location (const char *engine, char **root, gboolean *tls, char **connect, GError **error)
{
    g_autofree char *uri = NULL;
    EngineUri u;

    *tls = FALSE;
    if (has_scheme (engine, "https") || has_scheme (engine, "ovirt")
        || has_scheme (engine, "ovirt+https")) {
        *tls = TRUE;
        uri = g_strdup (engine);
    } else if (has_scheme (engine, "http") || has_scheme (engine, "ovirt+http")) {
        uri = g_strdup (engine);
    } else if (strstr (engine, "://") == NULL) {
        uri = g_strconcat ("http://", engine, NULL);
    }
    if (uri == NULL || !parse_engine_uri (uri, &u, NULL)) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "'%s' is not an engine (give HOST, HOST:PORT, ovirt+http://HOST:PORT "
                     "or ovirt://HOST[:PORT])", engine);
        return FALSE;
    }
    g_autofree char *origin = engine_origin (&u, *tls);
    *root = g_strconcat (origin, u.prefix, NULL);
    if (*tls) {
        /* connect exactly where the CA came from */
        g_autofree char *clean = vinv_uri_strip_password (engine);
        *connect = has_scheme (clean, "https") ? g_strconcat ("ovirt", clean + 5, NULL)
                                               : g_steal_pointer (&clean);
    } else {
        /* the port of a plain-HTTP address says nothing of the HTTPS one */
        *connect = g_strdup_printf ("ovirt://%s%s", u.host,
                                    g_str_equal (u.prefix, "/ovirt-engine") ? "" : u.prefix);
    }
    engine_uri_clear (&u);
    return TRUE;
}

gboolean
vinv_ovirt_fetch_ca (const char *engine, const char *out_path, char **connect_uri,
                     GError **error)
{
    static const VinvHttpCallbacks callbacks = { NULL, ca_body, ca_restart, ca_done };
    CaDownload dl = { NULL, 0, NULL };
    g_autofree char *origin = NULL;
    g_autofree char *connect = NULL;
    gboolean tls = FALSE;
    gboolean ok = FALSE;

    if (connect_uri != NULL)
        *connect_uri = NULL;
    if (!ca_location (engine, &origin, &tls, &connect, error))
        return FALSE;
    dl.body = g_byte_array_new ();
    g_autofree char *url = g_strconcat (origin, "/services/pki-resource"
                                        "?resource=ca-certificate&format=X509-PEM-CA", NULL);
    /* Over HTTPS the engine's certificate cannot be checked yet (that is
     * what the CA is for): the download is as unauthenticated as over
     * HTTP, and the caller shows the fingerprint to check either way. */
    VinvHttpOptions options = { .insecure = tls };
    VinvHttp *http = vinv_http_new (&options);
    VinvHttpRequest *req = vinv_http_request_new ("GET", url);
    vinv_http_request_set_callbacks (req, &callbacks, &dl);
    vinv_http_submit (http, req);
    vinv_http_run (http, NULL, NULL);
    vinv_http_free (http);

    g_byte_array_append (dl.body, (const guint8 *) "", 1);
    const char *pem = (const char *) dl.body->data;
    if (dl.error != NULL) {
        g_propagate_error (error, g_steal_pointer (&dl.error));
        g_prefix_error (error, "cannot download the engine CA: ");
    } else if (dl.status != 200) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                     "cannot download the engine CA: HTTP %u from %s", dl.status, origin);
    } else if (strstr (pem, "-----BEGIN CERTIFICATE-----") == NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                     "cannot download the engine CA: %s did not send a PEM certificate",
                     origin);
    } else if (g_file_set_contents (out_path, pem, (gssize) strlen (pem), error)) {
        ok = TRUE;
        if (connect_uri != NULL)
            *connect_uri = g_steal_pointer (&connect);
    }
    g_byte_array_unref (dl.body);
    return ok;
}
