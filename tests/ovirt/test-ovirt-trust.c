/* test-ovirt-trust.c — the oVirt back-end against a hostile
 * tools/ovirt-sim (--hostile, --fault) and what it leaves in memory:
 *
 *   - error texts with escape sequences and line breaks (an SSO refusal,
 *     an engine fault) reach the error messages sanitized;
 *   - a token with CR LF or a NUL is refused, and the simulator's request
 *     log shows that no request carried an injected header;
 *   - a header with a line break given to the HTTP engine is never sent;
 *   - after a load, neither the password nor the login body is anywhere
 *     in this process's memory (libcurl's copies included): found by
 *     reading every writable mapping through /proc/self/mem.
 *
 * Each test starts its own simulator on port 0 and stops it at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/backend.h"
#include "core/sanitize.h"
#include "core/session.h"
#include "http.h"
#include "load.h"
#include "mapping.h"
#include "ovirt-backend.h"
#include "sim.h"

#define PASSWORD "ovirt"

/* The request log of @sim (--request-log in its directory). */
static char *
log_path (const Sim *sim)
{
    return g_build_filename (sim->dir, "requests.log", NULL);
}

static Sim *
start_logged (const char *const *extra)
{
    g_autofree char *dir = g_dir_make_tmp ("vinv-trust-XXXXXX", NULL);
    g_autofree char *log = g_build_filename (dir, "requests.log", NULL);
    g_autoptr (GPtrArray) args = g_ptr_array_new ();

    g_ptr_array_add (args, (gpointer) "--vms");
    g_ptr_array_add (args, (gpointer) "5");
    g_ptr_array_add (args, (gpointer) "--request-log");
    g_ptr_array_add (args, log);
    for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
        g_ptr_array_add (args, (gpointer) extra[i]);
    g_ptr_array_add (args, NULL);
    return sim_start_in (dir, (const char *const *) args->pdata, FALSE);
}

static char *
read_log (const Sim *sim)
{
    g_autofree char *path = log_path (sim);
    char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    return text;
}

/* Opens @uri as admin@internal with @password; on success fetches into
 * *inventory (when not NULL) and closes. */
static gboolean
load_as (const char *uri, const char *user, const char *password, gboolean insecure,
         const char *ca_file, VinvInventory **inventory, GError **error)
{
    VinvConnectOptions options = {
        .user = g_strdup (user),
        .password = g_strdup (password),
        .insecure = insecure,
        .ca_file = g_strdup (ca_file),
    };
    VinvBackend *backend = vinv_backend_open (uri, &options, NULL, error);
    vinv_connect_options_clear (&options);
    if (backend == NULL)
        return FALSE;
    gboolean ok = TRUE;
    if (inventory != NULL) {
        *inventory = vinv_inventory_new ();
        ok = vinv_backend_fetch (backend, *inventory, NULL, NULL, NULL, error);
    }
    vinv_backend_close (backend);
    return ok;
}

static gboolean
load_full (const char *uri, const char *password, gboolean insecure, VinvInventory **inventory,
           GError **error)
{
    return load_as (uri, "admin@internal", password, insecure, NULL, inventory, error);
}

static gboolean
load (const char *uri, const char *password, VinvInventory **inventory, GError **error)
{
    return load_full (uri, password, FALSE, inventory, error);
}

static void
assert_clean (const char *message)
{
    g_test_message ("%s", message);
    for (const char *p = message; *p != '\0'; p++) {
        g_assert_cmpint ((guchar) *p, >=, 0x20);
        g_assert_cmpint ((guchar) *p, !=, 0x7f);
    }
    g_assert_null (strstr (message, "\xc2\x9b"));        /* 8-bit CSI */
    g_assert_null (strstr (message, "\xe2\x80\xae"));    /* bidi override */
    g_assert_true (vinv_text_is_clean (message));
}

static void
test_hostile_sso_error (void)
{
    const char *args[] = { "--hostile", "escapes", NULL };
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;

    g_assert_false (load (uri, "wrong", NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH);
    g_assert_nonnull (strstr (error->message, "The username or password is incorrect."));
    g_assert_nonnull (strstr (error->message, "forged line"));   /* the text, made harmless */
    assert_clean (error->message);
    sim_stop (sim);
}

static void
test_hostile_fault (void)
{
    const char *args[] = { "--hostile", "escapes", "--fault", "*/hosts", NULL };
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;
    VinvInventory *inv = NULL;

    g_assert_true (load (uri, PASSWORD, &inv, &error));
    g_assert_no_error (error);
    const char *why = vinv_table_get_error (vinv_inventory_get_table (inv, VINV_TABLE_HOST));
    g_assert_nonnull (why);
    g_assert_nonnull (strstr (why, "HTTP 500 Operation Failed"));
    g_assert_nonnull (strstr (why, "injected by --fault"));
    assert_clean (why);
    g_assert_null (vinv_table_get_error (vinv_inventory_get_table (inv, VINV_TABLE_VM)));
    vinv_inventory_free (inv);
    sim_stop (sim);
}

/* A token the client must refuse: the load fails at login, and no request
 * after the token request was made (with or without the injected header). */
static void
test_hostile_token (gconstpointer data)
{
    const char *args[] = { "--hostile", data, NULL };
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;

    g_assert_false (load (uri, PASSWORD, NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "sent a token with a control character"));
    assert_clean (error->message);

    g_autofree char *log = read_log (sim);
    g_test_message ("request log:\n%s", log);
    g_assert_null (strstr (log, "X-Injected"));
    g_assert_null (strstr (log, "/ovirt-engine/api"));
    g_assert_nonnull (strstr (log, "POST\t/ovirt-engine/sso/oauth/token\t"));
    sim_stop (sim);
}

typedef struct {
    gboolean done;
    GError *error;
} Wait;

static void
on_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    Wait *w = user_data;
    w->done = TRUE;
    if (error != NULL)
        w->error = g_error_copy (error);
}

/* Sends GET /ovirt-engine/api with one extra header line or auth line. */
static void
send_with_header (const Sim *sim, const char *header, gboolean as_auth, Wait *w)
{
    static const VinvHttpCallbacks callbacks = { NULL, NULL, NULL, on_done };
    g_autofree char *url = g_strconcat (sim->origin, "/ovirt-engine/api", NULL);
    VinvHttp *http = vinv_http_new (NULL);
    VinvHttpRequest *req = vinv_http_request_new ("GET", url);

    if (as_auth)
        vinv_http_request_set_auth (req, header);
    else
        vinv_http_request_add_header (req, header, FALSE);
    vinv_http_request_set_callbacks (req, &callbacks, w);
    vinv_http_submit (http, req);
    g_assert_true (vinv_http_run (http, NULL, NULL));
    vinv_http_free (http);
    g_assert_true (w->done);
}

static void
test_header_injection (void)
{
    static const char *const bad[] = {
        "Accept: application/json\r\nX-Injected: 1",
        "Accept: application/json\nX-Injected: 1",
        "Accept: application/json\rX-Injected: 1",
        "Accept: text/\x01plain",
    };
    Sim *sim = start_logged (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        for (int as_auth = 0; as_auth < 2; as_auth++) {
            Wait w = { 0 };
            send_with_header (sim, bad[i], as_auth, &w);
            g_assert_error (w.error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL);
            g_assert_nonnull (strstr (w.error->message, "not sent"));
            g_clear_error (&w.error);
        }
    }
    /* a clean header still goes out (the log proves the log works) */
    Wait ok = { 0 };
    send_with_header (sim, "X-Clean: yes\tand tab", FALSE, &ok);
    g_assert_no_error (ok.error);

    g_autofree char *log = read_log (sim);
    g_test_message ("request log:\n%s", log);
    g_assert_null (strstr (log, "X-Injected"));
    g_assert_nonnull (strstr (log, "X-Clean"));
    g_auto (GStrv) lines = g_strsplit (log, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    sim_stop (sim);
}

/* ---- secrets left in memory --------------------------------------------------------- */

#define MASK 0x5a

/* Counts the places in this process's writable memory that hold one of
 * the WINDOW-byte pieces at offsets 0, WINDOW, 2 WINDOW … of the secret
 * @masked (each byte XORed with MASK, so that the needle itself is never
 * in memory in clear).  Any copy of 2 WINDOW bytes or more holds such a
 * piece: a part of a copy counts too, since freeing a block overwrites
 * its first bytes.  Pieces are indexed by their first two bytes, so a scan
 * is linear in the memory size. */
#define WINDOW 12
#define CHUNK (1024 * 1024)

/* Counts the pieces of the secret in @buf (@got bytes at @offset of the
 * mapping described by @where). */
static guint
count_in (const guint8 *buf, gsize got, const guint8 *masked, const int *head, const int *next,
          const char *where, guint64 offset)
{
    guint found = 0;

    for (gsize p = 0; p + WINDOW <= got; p++) {
        guint key = (guint) (buf[p] ^ MASK) << 8 | (guint) (buf[p + 1] ^ MASK);
        for (int w = head[key]; w >= 0; w = next[w]) {
            const guint8 *piece = masked + (gsize) w * WINDOW;
            gsize n = 2;
            while (n < WINDOW && (buf[p + n] ^ MASK) == piece[n])
                n++;
            if (n < WINDOW)
                continue;
            {
                /* where, and the bytes before it, to tell whose copy it is */
                GString *ctx = g_string_new (NULL);
                for (gsize c = p >= 48 ? p - 48 : 0; c < p; c++)
                    g_string_append_c (ctx, g_ascii_isprint (buf[c]) ? (char) buf[c] : '.');
                g_test_message ("piece %d at %s +%" G_GUINT64_FORMAT " after '%s'", w, where,
                                offset + p, ctx->str);
                g_string_free (ctx, TRUE);
            }
            found++;
            break;
        }
    }
    return found;
}

static guint
count_in_memory (const guint8 *masked, gsize len)
{
    g_autofree guint8 *buf = g_malloc (CHUNK);
    g_autofree char *maps = NULL;
    g_auto (GStrv) lines = NULL;
    g_autofree int *head = g_new (int, 65536);
    g_autofree int *next = g_new (int, len / WINDOW + 1);
    guint found = 0;
    int fd = open ("/proc/self/mem", O_RDONLY);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpuint (len, >=, 2 * WINDOW);
    for (guint i = 0; i < 65536; i++)
        head[i] = -1;
    for (gsize k = 0; k + WINDOW <= len; k += WINDOW) {
        guint key = (guint) masked[k] << 8 | masked[k + 1];
        next[k / WINDOW] = head[key];
        head[key] = (int) (k / WINDOW);
    }
    g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
    lines = g_strsplit (maps, "\n", -1);
    for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
        guint64 start;
        guint64 end;
        char perms[5] = "";
        if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %4s",
                    &start, &end, perms) != 3 || perms[0] != 'r' || perms[1] != 'w')
            continue;
        if (strstr (lines[i], "[vvar]") != NULL || strstr (lines[i], "[vsyscall]") != NULL)
            continue;
        /* huge mappings are reservations (AddressSanitizer's shadow), not data */
        if (end - start > G_GUINT64_CONSTANT (1) << 32)
            continue;
        /* read in pieces that overlap by WINDOW - 1 bytes */
        for (guint64 at = start; at < end; at += CHUNK - (WINDOW - 1)) {
            ssize_t got = pread (fd, buf, (gsize) MIN ((guint64) CHUNK, end - at), (off_t) at);
            if (got <= 0)
                break;
            found += count_in (buf, (gsize) got, masked, head, next, lines[i], at - start);
            if (at + (guint64) got >= end)
                break;
        }
    }
    /* the buffer itself may hold a match now: wipe it */
    memset (buf, 0, CHUNK);
    close (fd);
    return found;
}

/* Logs in with a fresh password, once refused and once accepted (then
 * out again): the password went through every buffer a login uses (the
 * form, the request body, libcurl's request buffer), and after close no
 * part of it is left in memory.  The simulator reads it from a file, so
 * that no copy of its command line is in this process either. */
static void
test_password_wiped (gconstpointer data)
{
    gboolean accepted = GPOINTER_TO_INT (data);
    guint8 masked[64];
    char password[sizeof masked + 1];
    g_autofree char *dir = g_dir_make_tmp ("vinv-trust-XXXXXX", NULL);
    g_autofree char *file = g_build_filename (dir, "password", NULL);
    const char *args[] = { "--password-file", file, NULL };
    g_autoptr (GError) error = NULL;

    for (gsize i = 0; i < sizeof masked; i++) {
        password[i] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
                          [g_random_int_range (0, 57)];
        masked[i] = (guint8) password[i] ^ MASK;
    }
    password[sizeof masked] = '\0';
    if (accepted)
        g_assert_true (g_file_set_contents (file, password, -1, NULL));
    else
        g_assert_true (g_file_set_contents (file, "another", -1, NULL));
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);

    if (accepted) {
        g_assert_true (load (uri, password, NULL, &error));
        g_assert_no_error (error);
    } else {
        g_assert_false (load (uri, password, NULL, &error));
        g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH);
    }
    memset (password, 0, sizeof password);
    sim_stop (sim);
    g_unlink (file);
    g_rmdir (dir);
    g_assert_cmpuint (count_in_memory (masked, sizeof masked), ==, 0);
}

/* A secret body POSTed through the HTTP engine: after vinv_http_free()
 * no part of it is in memory, so libcurl's copies were wiped too. */
static void
test_secret_body_wiped (void)
{
    static const VinvHttpCallbacks callbacks = { NULL, NULL, NULL, on_done };
    guint8 masked[64];
    char secret[sizeof masked + 1];
    Sim *sim = start_logged (NULL);
    g_autofree char *url = g_strconcat (sim->origin, "/ovirt-engine/services/sso-logout", NULL);
    Wait w = { 0 };

    for (gsize i = 0; i < sizeof masked; i++) {
        secret[i] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
                        [g_random_int_range (0, 57)];
        masked[i] = (guint8) secret[i] ^ MASK;
    }
    secret[sizeof masked] = '\0';
    VinvHttp *http = vinv_http_new (NULL);
    VinvHttpRequest *req = vinv_http_request_new ("POST", url);
    vinv_http_request_set_body (req, secret, strlen (secret),
                                "application/x-www-form-urlencoded", TRUE);
    memset (secret, 0, sizeof secret);
    vinv_http_request_set_callbacks (req, &callbacks, &w);
    vinv_http_submit (http, req);
    g_assert_true (vinv_http_run (http, NULL, NULL));
    g_assert_true (w.done);
    g_assert_no_error (w.error);
    vinv_http_free (http);
    sim_stop (sim);
    g_assert_cmpuint (count_in_memory (masked, sizeof masked), ==, 0);
}

/* The token the simulator @sim issues first, masked into @masked (at most
 * @size bytes); returns its length.  Asked by curl(1) into a file, so that
 * no buffer of this process but ours (wiped) ever holds it: the simulator
 * is deterministic, so a second one started like the first issues the
 * same first token. */
static gsize
first_token (const Sim *sim, guint8 *masked, gsize size)
{
    g_autofree char *file = g_build_filename (sim->dir, "token.json", NULL);
    g_autofree char *url = g_strconcat (sim->origin, "/ovirt-engine/sso/oauth/token", NULL);
    const char *argv[] = {
        "curl", "-s", "-k", "-o", file, "-H", "Accept: application/json", "-d",
        "grant_type=password&scope=ovirt-app-api&username=admin%40internal&password=ovirt",
        url, NULL,
    };
    int status = -1;
    char buf[4096];
    gsize len = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    int fd = open (file, O_RDONLY);
    g_assert_cmpint (fd, >=, 0);
    ssize_t got = read (fd, buf, sizeof buf - 1);
    close (fd);
    g_unlink (file);
    g_assert_cmpint (got, >, 0);
    buf[got] = '\0';
    char *start = strstr (buf, "\"access_token\":\"");
    g_assert_nonnull (start);
    start += strlen ("\"access_token\":\"");
    while (start[len] != '"' && start[len] != '\0' && len < size) {
        masked[len] = (guint8) start[len] ^ MASK;
        len++;
    }
    memset (buf, 0, sizeof buf);
    g_assert_cmpuint (len, >=, 40);
    return len;
}

/* A whole load (login, every collection, logout): after close, no part
 * of the token is in memory (it went into every request's header). */
static void
test_token_wiped (gconstpointer data)
{
    gboolean tls = GPOINTER_TO_INT (data);
    const char *args[] = { "--token-style", "jwt", tls ? "--tls" : NULL, NULL };
    Sim *twin = start_logged (args);
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;
    VinvInventory *inv = NULL;
    guint8 masked[4096];
    gsize len = first_token (twin, masked, sizeof masked);

    sim_stop (twin);
    /* Parse threads on (the default).  Over HTTPS, this once found pieces
     * of the token near the top of an ended parse thread's stack in about
     * 1 run in 20 under AddressSanitizer: the thread that created it had
     * just copied a request through its AVX-512 registers (glibc's memcpy),
     * the new thread started with a copy of them, and its first call
     * through a lazily bound PLT entry saved them on its stack, which glibc
     * kept for reuse.  Parse threads now run on stacks wiped and unmapped
     * after the join (vinv_secret_thread_new, secret.h).  They are now
     * lanes (fetch-lane.c), which also hold the token themselves: each
     * puts it in its requests' Authorization header. */
    g_unsetenv ("VINV_OVIRT_PARSE_THREADS");
    g_assert_true (load_full (uri, PASSWORD, tls, &inv, &error));
    g_assert_no_error (error);
    vinv_inventory_free (inv);
    g_autofree char *log = read_log (sim);
    g_assert_nonnull (strstr (log, "POST\t/ovirt-engine/services/sso-logout"));
    sim_stop (sim);
    g_assert_cmpuint (count_in_memory (masked, len), ==, 0);
}

/* The same through a session (as the CLI and the GUI load): the load runs
 * on the session's worker threads, which ended before the scan. */
static void
test_token_wiped_session (void)
{
    const char *args[] = { "--token-style", "jwt", "--tls", NULL };
    Sim *twin = start_logged (args);
    Sim *sim = start_logged (args);
    g_autofree char *uri = sim_uri (sim);
    const char *uris[] = { uri, NULL };
    VinvConnectOptions options = {
        .user = g_strdup ("admin@internal"),
        .password = g_strdup (PASSWORD),
        .insecure = TRUE,
    };
    g_autoptr (GError) error = NULL;
    guint8 masked[4096];
    gsize len = first_token (twin, masked, sizeof masked);

    sim_stop (twin);
    g_unsetenv ("VINV_OVIRT_PARSE_THREADS");
    VinvSession *session = vinv_session_new (uris, &options);
    vinv_connect_options_clear (&options);
    VinvInventory *inv = vinv_session_load (session, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (inv);
    g_assert_cmpuint (vinv_session_get_n_loaded (session), ==, 1);
    vinv_session_free (session);
    vinv_inventory_free (inv);
    g_autofree char *log = read_log (sim);
    g_assert_nonnull (strstr (log, "POST\t/ovirt-engine/services/sso-logout"));
    sim_stop (sim);
    g_assert_cmpuint (count_in_memory (masked, len), ==, 0);
}

/* ---- clear messages ----------------------------------------------------------------- */

/* -u admin (no @PROFILE): refused before any request, with the hint. */
static void
test_user_without_profile (void)
{
    Sim *sim = start_logged (NULL);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;

    g_assert_false (load_as (uri, "admin", PASSWORD, FALSE, NULL, NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "'admin' has no @PROFILE"));
    g_assert_nonnull (strstr (error->message, "-u admin@internal"));
    g_autofree char *log = read_log (sim);
    g_assert_cmpstr (log, ==, "");
    sim_stop (sim);
}

/* fetch-ca of ovirt://HOST:PORT downloads over HTTPS from that port and
 * names that same URI to connect to, which then works with the CA. */
static void
test_fetch_ca_https (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vinv-trust-XXXXXX", NULL);
    g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
    g_autofree char *fetched = g_build_filename (dir, "fetched.pem", NULL);
    const char *args[] = { "--tls", "--ca-out", ca, NULL };
    Sim *sim = start_logged (args);
    g_autofree char *uri = g_strdup_printf ("ovirt://%s", sim->hostport);
    g_autofree char *connect = NULL;
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    g_autoptr (GError) error = NULL;
    VinvInventory *inv = NULL;

    g_assert_true (vinv_ovirt_fetch_ca (uri, fetched, &connect, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (connect, ==, uri);
    g_assert_true (g_file_get_contents (ca, &want, NULL, NULL));
    g_assert_true (g_file_get_contents (fetched, &got, NULL, NULL));
    g_assert_cmpstr (got, ==, want);
    g_assert_true (load_as (connect, "admin@internal", PASSWORD, FALSE, fetched, &inv, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_table_get_n_rows (vinv_inventory_get_table (inv, VINV_TABLE_VM)),
                      ==, 5);
    vinv_inventory_free (inv);

    /* a plain-HTTP address: the HTTPS port is not known, the default is named */
    g_clear_pointer (&connect, g_free);
    g_autofree char *https_uri = g_strdup_printf ("https://%s/ovirt-engine/api", sim->hostport);
    g_assert_true (vinv_ovirt_fetch_ca (https_uri, fetched, &connect, &error));
    g_assert_no_error (error);
    g_autofree char *want_connect = g_strdup_printf ("ovirt://%s/ovirt-engine/api",
                                                     sim->hostport);
    g_assert_cmpstr (connect, ==, want_connect);
    sim_stop (sim);
    g_unlink (ca);
    g_unlink (fetched);
    g_rmdir (dir);
}

/* A certificate for another host name: said so, and --insecure is not
 * offered; a CA file that is not the engine's: said so. */
static void
test_tls_messages (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vinv-trust-XXXXXX", NULL);
    g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
    g_autofree char *other_ca = g_build_filename (dir, "other-ca.pem", NULL);
    const char *args[] = { "--tls", "--address", "0.0.0.0", "--ca-out", ca, NULL };
    const char *other_args[] = { "--tls", "--ca-out", other_ca, NULL };
    Sim *sim = start_logged (args);
    Sim *other = start_logged (other_args);
    g_autoptr (GError) error = NULL;
    const char *port = strrchr (sim->hostport, ':') + 1;

    sim_stop (other);        /* only its CA was wanted */
    /* the certificate names localhost, 127.0.0.1 and ::1, not 127.0.0.2 */
    g_autofree char *wrong_name = g_strdup_printf ("ovirt://127.0.0.2:%s", port);
    g_assert_false (load_as (wrong_name, "admin@internal", PASSWORD, FALSE, ca, NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TLS);
    g_test_message ("%s", error->message);
    g_assert_nonnull (strstr (error->message, "issued for another host name"));
    g_assert_null (strstr (error->message, "--insecure"));
    g_clear_error (&error);

    g_autofree char *right = g_strdup_printf ("ovirt://127.0.0.1:%s", port);
    g_assert_false (load_as (right, "admin@internal", PASSWORD, FALSE, other_ca, NULL,
                             &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TLS);
    g_test_message ("%s", error->message);
    g_autofree char *not_signed = g_strdup_printf ("not signed by the CA in %s", other_ca);
    g_assert_nonnull (strstr (error->message, not_signed));
    g_autofree char *hint = g_strdup_printf ("`virt-inventory fetch-ca %s` downloads it", right);
    g_assert_nonnull (strstr (error->message, hint));
    g_assert_null (strstr (error->message, "--insecure"));
    g_clear_error (&error);

    g_assert_true (load_as (right, "admin@internal", PASSWORD, FALSE, ca, NULL, &error));
    g_assert_no_error (error);
    sim_stop (sim);
    g_unlink (ca);
    g_unlink (other_ca);
    g_rmdir (dir);
}

/* A value the mapping rejects is named in a note: made harmless there too. */
static void
test_hostile_value_note (void)
{
    static const char doc[] =
        "{\"vm\": [{\"id\": \"v1\", \"name\": \"a\", \"memory\": "
        "\"1\\u001b]0;pwned\\u0007\\u009b2J\\u202e9\"}]}";
    VinvOvirtLoad load;
    VinvOvirtStore batch;
    VinvOvirtSink sink = { &load, &batch };
    g_autoptr (GError) error = NULL;

    vinv_ovirt_mapping_init ();
    vinv_ovirt_load_init (&load, "engine");
    vinv_ovirt_store_init (&batch);
    const VinvOvirtDoc *vms = vinv_ovirt_doc_lookup ("vms");
    g_assert_nonnull (vms);
    {
        g_autoptr (VinvJsonParser) p = vinv_ovirt_doc_parser_new (vms, &sink, NULL);
        g_assert_true (vinv_json_parser_feed (p, doc, strlen (doc), &error));
        g_assert_true (vinv_json_parser_finish (p, &error));
        g_assert_no_error (error);
    }
    vinv_ovirt_store_merge (&load.store, &batch);
    vinv_ovirt_store_clear (&batch);
    g_auto (GStrv) notes = vinv_ovirt_load_notes (&load);
    g_assert_cmpuint (g_strv_length (notes), ==, 1);
    g_test_message ("%s", notes[0]);
    g_assert_nonnull (strstr (notes[0], "memory"));
    assert_clean (notes[0]);
    vinv_ovirt_load_clear (&load);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_ovirt_register ();

    g_test_add_func ("/ovirt/trust/hostile-sso-error", test_hostile_sso_error);
    g_test_add_func ("/ovirt/trust/hostile-fault", test_hostile_fault);
    g_test_add_func ("/ovirt/trust/hostile-value-note", test_hostile_value_note);
    g_test_add_data_func ("/ovirt/trust/token-crlf", "token-crlf", test_hostile_token);
    g_test_add_data_func ("/ovirt/trust/token-nul", "token-nul", test_hostile_token);
    g_test_add_func ("/ovirt/trust/header-injection", test_header_injection);
    g_test_add_func ("/ovirt/trust/user-without-profile", test_user_without_profile);
    g_test_add_func ("/ovirt/trust/fetch-ca-https", test_fetch_ca_https);
    g_test_add_func ("/ovirt/trust/tls-messages", test_tls_messages);
    g_test_add_func ("/ovirt/trust/secret-body-wiped", test_secret_body_wiped);
    g_test_add_data_func ("/ovirt/trust/token-wiped/http", GINT_TO_POINTER (FALSE),
                          test_token_wiped);
    g_test_add_data_func ("/ovirt/trust/token-wiped/https", GINT_TO_POINTER (TRUE),
                          test_token_wiped);
    g_test_add_func ("/ovirt/trust/token-wiped/session", test_token_wiped_session);
    g_test_add_data_func ("/ovirt/trust/password-wiped/refused", GINT_TO_POINTER (FALSE),
                          test_password_wiped);
    g_test_add_data_func ("/ovirt/trust/password-wiped/accepted", GINT_TO_POINTER (TRUE),
                          test_password_wiped);
    return g_test_run ();
}
