/* secret.c — holding passwords and tokens (secret.h).
 *
 * Linux specifics (prctl) are behind __linux__; the rest is POSIX.  The
 * URI functions look only at the authority of "scheme://authority/...":
 * that is where every URI syntax we accept puts a user and password.
 */
#define _DEFAULT_SOURCE 1   /* explicit_bzero */
#include "secret.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void
vinv_secret_wipe (void *buf, gsize len)
{
    if (buf != NULL && len > 0)
        explicit_bzero (buf, len);
}

void
vinv_secret_free (char *secret)
{
    if (secret == NULL)
        return;
    vinv_secret_wipe (secret, strlen (secret));
    g_free (secret);
}

static gpointer
protect_once (gpointer unused)
{
    struct rlimit none = { 0, 0 };
    gboolean ok = setrlimit (RLIMIT_CORE, &none) == 0;
#ifdef __linux__
    ok = prctl (PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && ok;
#endif
    return GINT_TO_POINTER (ok ? 1 : 2);
}

gboolean
vinv_secret_protect_process (void)
{
    static GOnce once = G_ONCE_INIT;
    g_once (&once, protect_once, NULL);
    return GPOINTER_TO_INT (once.retval) == 1;
}

char *
vinv_secret_take_env (const char *name)
{
    char *value = getenv (name);
    char *copy = NULL;
    gsize name_len = strlen (name);

    if (value == NULL)
        return NULL;
    if (value[0] != '\0') {
        vinv_secret_protect_process ();
        copy = g_strdup (value);
    }
    /* "NAME=value" is one string: out of environ first, then wiped whole
     * (wiping the name first would hide it from unsetenv) */
    char *entry = value - name_len - 1;
    gboolean whole = strncmp (entry, name, name_len) == 0 && entry[name_len] == '=';
    unsetenv (name);
    if (whole)
        vinv_secret_wipe (entry, name_len + 1 + strlen (value));
    else
        vinv_secret_wipe (value, strlen (value));
    return copy;
}

gboolean
vinv_secret_read_file (const char *path, char **out, GError **error)
{
    char *contents = NULL;
    gsize len = 0;

    *out = NULL;
    if (!g_file_get_contents (path, &contents, &len, error))
        return FALSE;
    vinv_secret_protect_process ();
    *out = g_strndup (contents, strcspn (contents, "\r\n"));
    vinv_secret_wipe (contents, len);
    g_free (contents);
    return TRUE;
}

/* The user info of @uri: sets *start and *end (the '@') and returns TRUE,
 * or FALSE when the authority has no '@'. */
static gboolean
find_userinfo (const char *uri, const char **start, const char **end)
{
    const char *auth = strstr (uri, "://");
    const char *stop;
    const char *at = NULL;

    if (auth == NULL)
        return FALSE;
    auth += 3;
    stop = auth + strcspn (auth, "/?#");
    for (const char *p = auth; p < stop; p++) {
        if (*p == '@')
            at = p;                     /* the last '@' ends the user info */
    }
    if (at == NULL)
        return FALSE;
    *start = auth;
    *end = at;
    return TRUE;
}

gboolean
vinv_uri_has_password (const char *uri)
{
    const char *start;
    const char *end;

    return uri != NULL && find_userinfo (uri, &start, &end)
           && memchr (start, ':', (gsize) (end - start)) != NULL;
}

char *
vinv_uri_strip_password (const char *uri)
{
    const char *start;
    const char *end;
    const char *colon;

    if (!find_userinfo (uri, &start, &end))
        return g_strdup (uri);
    colon = memchr (start, ':', (gsize) (end - start));
    if (colon == NULL)
        return g_strdup (uri);
    GString *out = g_string_new_len (uri, colon - uri);
    g_string_append (out, end);
    return g_string_free (out, FALSE);
}

gboolean
vinv_uri_check_no_password (const char *uri, GError **error)
{
    if (!vinv_uri_has_password (uri))
        return TRUE;
    g_autofree char *shown = vinv_uri_strip_password (uri);
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "'%s' with a password after the user name: a password is never "
                 "taken from a URI, where other users can read it; give it apart "
                 "(" VINV_PASSWORD_ENV ", --password-file or the password prompt)",
                 shown);
    return FALSE;
}
