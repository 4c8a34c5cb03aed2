/* backend.c — the libvirt back-end's connection side: which URI schemes it
 * declares (the core matches them), opening a connection (read-only
 * unless actions are asked for), naming the source, turning libvirt errors
 * into VINV_BACKEND_ERROR codes with one clear line, and closing.
 *
 * The tables themselves are filled by fetch.c and its neighbours (see
 * fetch-private.h).  libvirt's own printing of errors on stderr is
 * silenced once for the process (libvirt_init): every failure
 * reaches the user through a GError instead.
 */
#include "libvirt-private.h"

#include <string.h>

/* ---- errors ------------------------------------------------------------ */

static void
silent_error_func (void *user_data, virErrorPtr err)
{
    /* libvirt's default handler prints every error on stderr; ours are
     * reported once, with context, through GError. */
}

/* libvirt set up for threads, its printing of errors silenced; once. */
static void
libvirt_init (void)
{
    static gsize done;

    if (g_once_init_enter (&done)) {
        virInitialize ();
        virSetErrorFunc (NULL, silent_error_func);
        g_once_init_leave (&done, 1);
    }
}

char *
vinv_libvirt_dup_last_error (void)
{
    virErrorPtr err = virGetLastError ();
    char *msg;

    if (err == NULL || err->message == NULL)
        return g_strdup ("unknown libvirt error");
    msg = g_strdup (err->message);
    g_strdelimit (msg, "\r\n", ' ');
    return g_strchomp (msg);
}

VinvBackendErrorCode
vinv_libvirt_last_error_code (void)
{
    virErrorPtr err = virGetLastError ();

    if (err == NULL)
        return VINV_BACKEND_ERROR_FAILED;
    switch (err->code) {
    case VIR_ERR_AUTH_FAILED:
    case VIR_ERR_AUTH_CANCELLED:
    case VIR_ERR_AUTH_UNAVAILABLE:
    case VIR_ERR_ACCESS_DENIED:
        return VINV_BACKEND_ERROR_AUTH;
    case VIR_ERR_NO_CONNECT:
    case VIR_ERR_SYSTEM_ERROR:
    case VIR_ERR_RPC:
    case VIR_ERR_OPERATION_TIMEOUT:
    case VIR_ERR_NO_SERVER:
        return VINV_BACKEND_ERROR_CONNECT;
    case VIR_ERR_INVALID_ARG:
        return VINV_BACKEND_ERROR_URI;
    case VIR_ERR_XML_ERROR:
    case VIR_ERR_XML_DETAIL:
        return VINV_BACKEND_ERROR_PROTOCOL;
    case VIR_ERR_OPERATION_ABORTED:
        return VINV_BACKEND_ERROR_CANCELLED;
    default:
        break;
    }
    if (err->domain == VIR_FROM_RPC || err->domain == VIR_FROM_REMOTE)
        return VINV_BACKEND_ERROR_CONNECT;
    return VINV_BACKEND_ERROR_FAILED;
}

/* ---- URIs --------------------------------------------------------------- */

/* @uri without a password in its user info, for display and storage. */
static char *
dup_safe_uri (const char *uri)
{
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED,
                                          NULL);

    if (parsed == NULL || g_uri_get_password (parsed) == NULL)
        return g_strdup (uri);
    return g_uri_to_string_partial (parsed, G_URI_HIDE_PASSWORD);
}

/* The host part of @uri, or "localhost" for local URIs. */
static char *
dup_address (const char *uri)
{
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
    const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

    return g_strdup (host != NULL && *host != '\0' ? host : "localhost");
}

/* The test driver's name for @uri: the node file's base name without
 * extension (test:///srv/hv01.xml → hv01), "test" for test:///default. */
static char *
dup_test_source_name (const char *uri)
{
    g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
    const char *path = parsed != NULL ? g_uri_get_path (parsed) : NULL;
    g_autofree char *base = NULL;
    char *dot;

    if (path == NULL || *path == '\0' || strcmp (path, "/default") == 0)
        return g_strdup ("test");
    base = g_path_get_basename (path);
    dot = strrchr (base, '.');
    if (dot != NULL && dot != base)
        *dot = '\0';
    return g_steal_pointer (&base);
}

/* For a local test:///PATH URI, checks that the node file exists, so that
 * the user reads "no such file" instead of libxml2's warning on stderr
 * and libvirt's parse error.  Other URIs pass. */
static gboolean
check_test_file (const char *uri, const char *safe_uri, GError **error)
{
    g_autoptr(GUri) parsed = NULL;
    const char *path;

    if (g_ascii_strncasecmp (uri, "test:///", 8) != 0)
        return TRUE;
    parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);
    path = parsed != NULL ? g_uri_get_path (parsed) : NULL;
    if (path == NULL || strcmp (path, "/default") == 0
        || g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return TRUE;
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                 "cannot connect to %s: no test driver file %s", safe_uri, path);
    return FALSE;
}

/* ---- open / close ------------------------------------------------------- */

/* Supplies the user name and password of the connection options to
 * libvirt's authentication (SASL, ssh); any other question fails, since we
 * never prompt here (front ends ask before opening). */
static int
auth_callback (virConnectCredentialPtr creds, unsigned int ncreds, void *user_data)
{
    const VinvConnectOptions *options = user_data;

    for (unsigned int i = 0; i < ncreds; i++) {
        const char *answer = NULL;

        switch (creds[i].type) {
        case VIR_CRED_AUTHNAME:
        case VIR_CRED_USERNAME:
            answer = options->user != NULL ? options->user : creds[i].defresult;
            break;
        case VIR_CRED_PASSPHRASE:
            answer = options->password;
            break;
        default:
            break;
        }
        if (answer == NULL)
            return -1;
        creds[i].result = g_strdup (answer);
        creds[i].resultlen = (unsigned int) strlen (answer);
    }
    return 0;
}

/* libxml2, which libvirt uses to parse XML while opening (the whole node
 * file of the test driver), initialises its globals on first use without
 * a lock: two first opens on two threads race, and one set of globals
 * leaks (LeakSanitizer caught it when the CLI opened the demo's three
 * hosts in parallel).  So opens wait for the first successful one;
 * after it they run concurrently. */
static virConnectPtr
open_connection (const char *uri, virConnectAuthPtr auth, unsigned int flags)
{
    static GMutex first_open_lock;
    static gboolean first_open_done;
    virConnectPtr conn;

    g_mutex_lock (&first_open_lock);
    if (first_open_done) {
        g_mutex_unlock (&first_open_lock);
        return virConnectOpenAuth (uri, auth, flags);
    }
    conn = virConnectOpenAuth (uri, auth, flags);
    first_open_done = conn != NULL;
    g_mutex_unlock (&first_open_lock);
    return conn;
}

static VinvBackend *
libvirt_open (const char *uri, const VinvConnectOptions *options,
              GCancellable *cancellable, GError **error)
{
    int cred_types[] = { VIR_CRED_AUTHNAME, VIR_CRED_USERNAME, VIR_CRED_PASSPHRASE };
    virConnectAuth auth = { cred_types, G_N_ELEMENTS (cred_types), auth_callback,
                            (void *) options };
    g_autofree char *safe_uri = dup_safe_uri (uri);
    g_autofree char *source_name = NULL;
    VinvLibvirtBackend *self;
    virConnectPtr conn;
    const char *type;

    if (g_cancellable_set_error_if_cancelled (cancellable, NULL)) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED,
                     "connecting to %s cancelled", safe_uri);
        return NULL;
    }

    if (!check_test_file (uri, safe_uri, error))
        return NULL;
    libvirt_init ();
    conn = open_connection (uri, &auth, options->read_write ? 0 : VIR_CONNECT_RO);
    if (conn == NULL) {
        g_autofree char *msg = vinv_libvirt_dup_last_error ();
        VinvBackendErrorCode code = vinv_libvirt_last_error_code ();

        g_set_error (error, VINV_BACKEND_ERROR,
                     code == VINV_BACKEND_ERROR_FAILED ? VINV_BACKEND_ERROR_CONNECT : code,
                     "cannot connect to %s: %s", safe_uri, msg);
        return NULL;
    }

    type = virConnectGetType (conn);
    self = g_new0 (VinvLibvirtBackend, 1);
    self->conn = conn;
    self->is_test = type != NULL && g_ascii_strcasecmp (type, "TEST") == 0;
    self->read_write = options->read_write;
    self->address = dup_address (uri);
    if (self->is_test) {
        source_name = dup_test_source_name (uri);
    } else {
        char *hostname = virConnectGetHostname (conn);
        source_name = g_strdup (hostname != NULL ? hostname : self->address);
        free (hostname);
    }
    vinv_backend_init (&self->parent, &vinv_libvirt_backend_class, safe_uri, source_name);
    return &self->parent;
}

static void
libvirt_close (VinvBackend *backend)
{
    VinvLibvirtBackend *self = (VinvLibvirtBackend *) backend;

    if (self == NULL)
        return;
    if (self->conn != NULL)
        virConnectClose (self->conn);
    g_free (self->address);
    vinv_backend_finalize (&self->parent);
    g_free (self);
}

const VinvBackendClass vinv_libvirt_backend_class = {
    VINV_LIBVIRT_CLASS_INFO,
    .open = libvirt_open,
    .fetch = vinv_libvirt_fetch,
    .close = libvirt_close,
    .actions = &vinv_libvirt_actions,
};

void
vinv_libvirt_register (void)
{
    libvirt_init ();
    vinv_backend_register (&vinv_libvirt_backend_class);
}

const VinvBackendClass *
vinv_libvirt_module_class (void)
{
    libvirt_init ();
    return &vinv_libvirt_backend_class;
}
