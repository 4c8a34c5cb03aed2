/* vinv-login-error.c — a failed connection said in one sentence (see
 * vinv-login-error.h).  Presentation only: what failed is the back-end's
 * error code; nothing here decides anything about the connection.
 */
#include "vinv-login-error.h"

#include <gio/gio.h>
#include <string.h>
#include "core/backend.h"

/* Short reasons of an unreachable host, found in the message (curl's,
 * libvirt's, the system's words), most specific first. */
static const struct {
    const char *found;          /* lower case */
    const char *reason;
} reasons[] = {
    { "no route to host", "no route to host" },
    { "network is unreachable", "network unreachable" },
    { "timed out", "timed out" },
    { "timeout", "timed out" },
    { "could not resolve", "unknown host name" },
    { "name or service not known", "unknown host name" },
    { "refused", "connection refused" },
    { "couldn't connect to server", "connection refused" },
    { "no test driver file", "no such file" },
    { "no such file", "no such file" },
    { "permission denied", "permission denied" },
};

static const char *
find_reason (const char *message)
{
    g_autofree char *lower = g_utf8_strdown (message, -1);
    for (guint i = 0; i < G_N_ELEMENTS (reasons); i++) {
        if (strstr (lower, reasons[i].found) != NULL)
            return reasons[i].reason;
    }
    return NULL;
}

/* "engine.example.com", "127.0.0.1:8443" for a URI with a host, else the
 * URI itself (qemu:///system, test:///path). */
static char *
dup_place (const char *uri)
{
    g_autoptr (GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NON_DNS, NULL);
    const char *host = parsed != NULL ? g_uri_get_host (parsed) : NULL;

    if (host == NULL || *host == '\0')
        return g_strdup (uri);
    if (g_uri_get_port (parsed) > 0)
        return g_strdup_printf (strchr (host, ':') != NULL ? "[%s]:%d" : "%s:%d", host,
                                g_uri_get_port (parsed));
    return g_strdup (host);
}

char *
vinv_login_error_sentence (const GError *error, const char *const *uris,
                           gboolean had_password, VinvLoginField *field)
{
    guint n = uris != NULL ? g_strv_length ((char **) uris) : 0;
    int code = error->domain == VINV_BACKEND_ERROR ? error->code : VINV_BACKEND_ERROR_FAILED;
    g_autofree char *place = n > 0 ? dup_place (uris[0]) : g_strdup ("the host");
    const char *reason = NULL;

    *field = VINV_LOGIN_FIELD_URI;
    if (n > 1)
        return g_strdup_printf ("None of the %u connections could be opened.", n);
    switch (code) {
    case VINV_BACKEND_ERROR_URI:
        return g_strdup_printf ("%s is not the URI of an oVirt engine or a libvirt host.",
                                uris[0]);
    case VINV_BACKEND_ERROR_CONNECT:
        reason = find_reason (error->message);
        if (reason != NULL)
            return g_strdup_printf ("Cannot reach %s: %s.", place, reason);
        return g_strdup_printf ("Cannot reach %s.", place);
    case VINV_BACKEND_ERROR_TLS:
        *field = VINV_LOGIN_FIELD_CA_FILE;
        return g_strdup_printf ("The certificate of %s is not trusted: choose its CA file.",
                                place);
    case VINV_BACKEND_ERROR_AUTH:
        *field = VINV_LOGIN_FIELD_PASSWORD;
        if (!had_password)
            return g_strdup_printf ("A password is needed for %s.", place);
        return g_strdup_printf ("Wrong user name or password for %s.", place);
    case VINV_BACKEND_ERROR_PROTOCOL:
        return g_strdup_printf ("Unexpected answer from %s.", place);
    case VINV_BACKEND_ERROR_CANCELLED:
        return g_strdup ("Connection cancelled.");
    default:
        return g_strdup_printf ("Cannot connect to %s.", place);
    }
}
