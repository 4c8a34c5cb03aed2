/* secret.c — holding passwords and tokens (secret.h).
 *
 * Linux specifics (prctl, mincore) are behind __linux__; the rest is
 * POSIX, and pthread_setname_np a GNU extension (glibc, musl).  The
 * URI functions look only at the authority of "scheme://authority/...":
 * that is where every URI syntax we accept puts a user and password.
 */
#define _GNU_SOURCE 1       /* explicit_bzero, pthread_setname_np, MAP_STACK */
#include "secret.h"

#include <errno.h>
#include <gio/gio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
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

/* ---- threads on wiped stacks ---------------------------------------------------------- */

struct _VinvSecretThread {
    pthread_t thread;
    char name[16];               /* the kernel keeps 15 bytes of a thread name */
    GThreadFunc func;
    gpointer data;
    guint8 *map;                 /* guard page, then the stack */
    gsize map_size;
    gsize guard;
};

/* Detached threads not yet ended, and their lock. */
static GMutex detached_lock;
static GSList *detached;

static void free_ended (VinvSecretThread *t);

/* Frees the stacks of the detached threads that have ended. */
static void
reap_detached (void)
{
    g_mutex_lock (&detached_lock);
    for (GSList *l = detached, *next; l != NULL; l = next) {
        VinvSecretThread *t = l->data;
        next = l->next;
        if (pthread_tryjoin_np (t->thread, NULL) == 0) {
            detached = g_slist_delete_link (detached, l);
            free_ended (t);
        }
    }
    g_mutex_unlock (&detached_lock);
}

static void *
secret_thread_main (void *arg)
{
    VinvSecretThread *t = arg;

    pthread_setname_np (pthread_self (), t->name);
    return t->func (t->data);
}

VinvSecretThread *
vinv_secret_thread_new (const char *name, GThreadFunc func, gpointer data)
{
    VinvSecretThread *t;
    gsize page = (gsize) sysconf (_SC_PAGESIZE);
    pthread_attr_t attr;
    size_t size = 0;
    int err;

    reap_detached ();
    t = g_new0 (VinvSecretThread, 1);
    g_strlcpy (t->name, name, sizeof t->name);
    t->func = func;
    t->data = data;
    pthread_attr_init (&attr);
    /* the size a thread gets by default (RLIMIT_STACK, usually 8 MiB): the
     * pages a thread never touches cost nothing */
    pthread_attr_getstacksize (&attr, &size);
    t->guard = page;
    t->map_size = t->guard + (size + page - 1) / page * page;
    t->map = mmap (NULL, t->map_size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (t->map == MAP_FAILED)
        g_error ("creating thread '%s' failed: no memory for its stack: %s", name,
                 g_strerror (errno));
    /* stacks grow down: the guard page is the lowest */
    if (mprotect (t->map, t->guard, PROT_NONE) != 0)
        g_error ("creating thread '%s' failed: guard page: %s", name, g_strerror (errno));
    pthread_attr_setstack (&attr, t->map + t->guard, t->map_size - t->guard);
    err = pthread_create (&t->thread, &attr, secret_thread_main, t);
    pthread_attr_destroy (&attr);
    if (err != 0)
        g_error ("creating thread '%s' failed: %s", name, g_strerror (err));
    return t;
}

/* Wipes the pages of @len bytes at @start (page-aligned) that are in
 * memory: the others were never touched, or are in swap, where wiping
 * would not reach the copy anyway (unmapping frees it). */
static void
wipe_resident (guint8 *start, gsize len)
{
#ifdef __linux__
    gsize page = (gsize) sysconf (_SC_PAGESIZE);
    gsize n = len / page;
    g_autofree unsigned char *in_core = g_malloc (n);

    if (mincore (start, len, in_core) == 0) {
        for (gsize i = 0; i < n; i++) {
            if (in_core[i] & 1)
                vinv_secret_wipe (start + i * page, page);
        }
        return;
    }
#endif
    vinv_secret_wipe (start, len);
}

/* Wipes and frees the stack of @t, which has ended and was joined (the
 * kernel cleared its thread id, which joining waits for: nothing runs on
 * this stack any more), and @t. */
static void
free_ended (VinvSecretThread *t)
{
    wipe_resident (t->map + t->guard, t->map_size - t->guard);
    munmap (t->map, t->map_size);
    g_free (t);
}

gpointer
vinv_secret_thread_join (VinvSecretThread *t)
{
    void *result = NULL;
    int err = pthread_join (t->thread, &result);

    if (err != 0)
        g_error ("joining thread '%s' failed: %s", t->name, g_strerror (err));
    free_ended (t);
    reap_detached ();
    return result;
}

void
vinv_secret_thread_detach (VinvSecretThread *t)
{
    g_mutex_lock (&detached_lock);
    detached = g_slist_prepend (detached, t);
    g_mutex_unlock (&detached_lock);
    reap_detached ();
}
