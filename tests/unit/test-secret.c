/* test-secret.c — holding secrets (core/secret.h): the password variable
 * leaves the environment and its bytes, a password file is read, the
 * process cannot dump core once a secret is held, URIs with a password
 * are found, shown without it and refused, and a thread made to hold
 * secrets leaves no stack behind. */
#define _GNU_SOURCE 1       /* pthread_getattr_np, pthread_getname_np */
#include "core/secret.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

static void
test_take_env (void)
{
    char *raw;
    g_autofree char *got = NULL;

    g_assert_true (g_setenv ("VINV_TEST_SECRET", "hunter2-secret", TRUE));
    raw = getenv ("VINV_TEST_SECRET");
    got = vinv_secret_take_env ("VINV_TEST_SECRET");
    g_assert_cmpstr (got, ==, "hunter2-secret");
    g_assert_null (g_getenv ("VINV_TEST_SECRET"));
    /* the bytes where the value was are zeros now (GLib's setenv copy is
     * leaked by the C library on unsetenv, so it is still readable) */
    for (gsize i = 0; i < strlen ("hunter2-secret"); i++)
        g_assert_cmpint (raw[i], ==, 0);
    g_assert_null (vinv_secret_take_env ("VINV_TEST_SECRET"));

    g_assert_true (g_setenv ("VINV_TEST_SECRET", "", TRUE));
    g_assert_null (vinv_secret_take_env ("VINV_TEST_SECRET"));
    g_assert_null (g_getenv ("VINV_TEST_SECRET"));
}

static void
test_read_file (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vinv-secret-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "pw", NULL);
    g_autofree char *missing = g_build_filename (dir, "none", NULL);
    g_autoptr (GError) error = NULL;
    char *got = NULL;

    g_assert_true (g_file_set_contents (path, "first line\r\nsecond\n", -1, NULL));
    g_assert_true (vinv_secret_read_file (path, &got, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (got, ==, "first line");
    vinv_secret_free (got);

    g_assert_false (vinv_secret_read_file (missing, &got, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_null (got);
    g_unlink (path);
    g_rmdir (dir);
}

static void
test_protect (void)
{
    struct rlimit lim;

    /* a fresh process, with core dumps allowed as far as the hard limit lets */
    if (g_test_subprocess ()) {
        getrlimit (RLIMIT_CORE, &lim);
        lim.rlim_cur = lim.rlim_max;
        setrlimit (RLIMIT_CORE, &lim);
        prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
        g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 1);

        g_assert_true (g_setenv (VINV_PASSWORD_ENV, "pw", TRUE));
        g_autofree char *pw = vinv_secret_take_env (VINV_PASSWORD_ENV);
        g_assert_cmpstr (pw, ==, "pw");
        g_assert_cmpint (prctl (PR_GET_DUMPABLE, 0, 0, 0, 0), ==, 0);
        g_assert_cmpint (getrlimit (RLIMIT_CORE, &lim), ==, 0);
        g_assert_cmpuint (lim.rlim_cur, ==, 0);
        g_assert_true (vinv_secret_protect_process ());
        return;
    }
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
}

static void
test_uri (void)
{
    static const struct {
        const char *uri;
        gboolean has;
        const char *stripped;
    } cases[] = {
        { "ovirt://admin@internal:secret@engine", TRUE, "ovirt://admin@internal@engine" },
        { "ovirt://user:secret@host", TRUE, "ovirt://user@host" },
        { "ovirt://user:@host:443/ovirt-engine", TRUE, "ovirt://user@host:443/ovirt-engine" },
        { "ovirt://admin%40internal@engine:8443", FALSE, "ovirt://admin%40internal@engine:8443" },
        { "ovirt://engine:8443/x:y@z", FALSE, "ovirt://engine:8443/x:y@z" },
        { "qemu+ssh://root@hv01/system", FALSE, "qemu+ssh://root@hv01/system" },
        { "qemu:///system", FALSE, "qemu:///system" },
        { "test:///default", FALSE, "test:///default" },
        { "not a uri", FALSE, "not a uri" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *s = vinv_uri_strip_password (cases[i].uri);
        g_autoptr (GError) error = NULL;
        g_assert_cmpint (vinv_uri_has_password (cases[i].uri), ==, cases[i].has);
        g_assert_cmpstr (s, ==, cases[i].stripped);
        g_assert_cmpint (vinv_uri_check_no_password (cases[i].uri, &error), ==, !cases[i].has);
        if (cases[i].has) {
            g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
            g_assert_null (strstr (error->message, "secret"));
            g_assert_nonnull (strstr (error->message, cases[i].stripped));
            g_assert_nonnull (strstr (error->message, VINV_PASSWORD_ENV));
        }
    }
}

/* ---- threads on wiped stacks ---- */

/* What a secret thread saw of itself. */
typedef struct {
    guintptr stack_lo;           /* its stack, as pthread_getattr_np tells */
    guintptr stack_hi;
    guintptr local;              /* a local array it wrote */
    guintptr tls;                /* its copy of a thread-local array */
    char name[32];
    char below[8];               /* the permissions of the page below the stack */
} Seen;

static __thread char tls_secret[64];

/* The permissions ("rw-p") of the mapping that holds @addr, or "". */
static void
mapping_perms (guintptr addr, char out[8])
{
    g_autofree char *maps = NULL;
    g_auto (GStrv) lines = NULL;

    out[0] = '\0';
    g_assert_true (g_file_get_contents ("/proc/self/maps", &maps, NULL, NULL));
    lines = g_strsplit (maps, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        guint64 start;
        guint64 end;
        char perms[5] = "";
        if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x %4s", &start,
                    &end, perms) == 3 && addr >= start && addr < end) {
            g_strlcpy (out, perms, 8);
            return;
        }
    }
}

static gpointer
secret_body (gpointer data)
{
    Seen *seen = data;
    volatile char local[4096];
    pthread_attr_t attr;
    void *addr;
    size_t size;

    for (gsize i = 0; i < sizeof local; i++)
        local[i] = (char) ('a' + i % 26);
    memset (tls_secret, 'S', sizeof tls_secret);
    g_assert_cmpint (pthread_getattr_np (pthread_self (), &attr), ==, 0);
    g_assert_cmpint (pthread_attr_getstack (&attr, &addr, &size), ==, 0);
    pthread_attr_destroy (&attr);
    seen->stack_lo = (guintptr) addr;
    seen->stack_hi = (guintptr) addr + size;
    seen->local = (guintptr) local;
    seen->tls = (guintptr) tls_secret;
    pthread_getname_np (pthread_self (), seen->name, sizeof seen->name);
    mapping_perms (seen->stack_lo - 1, seen->below);
    return GINT_TO_POINTER (42);
}

/* TRUE if the page holding @addr is mapped in this process. */
static gboolean
is_mapped (guintptr addr)
{
    gsize page = (gsize) sysconf (_SC_PAGESIZE);
    unsigned char in_core;

    if (mincore ((void *) (addr & ~(guintptr) (page - 1)), 1, &in_core) == 0)
        return TRUE;
    g_assert_cmpint (errno, ==, ENOMEM);
    return FALSE;
}

/* The thread runs, is named, returns its value; its stack has a guard
 * page below it and holds its thread-local storage; after the join, none
 * of it is mapped any more (a thread of g_thread_new() leaves its stack
 * mapped, with what it wrote, for glibc to reuse). */
static void
test_thread (void)
{
    Seen seen = { 0 };
    VinvSecretThread *t = vinv_secret_thread_new ("vinv-a-long-thread-name", secret_body, &seen);

    g_assert_true (vinv_secret_thread_join (t) == GINT_TO_POINTER (42));
    g_assert_cmpstr (seen.name, ==, "vinv-a-long-thr");
    g_assert_cmpstr (seen.below, ==, "---p");
    g_assert_cmpuint (seen.stack_hi - seen.stack_lo, >=, 64 * 1024);
    g_assert_cmpuint (seen.local, >, seen.stack_lo);
    g_assert_cmpuint (seen.local, <, seen.stack_hi);
    g_assert_cmpuint (seen.tls, >, seen.stack_lo);
    g_assert_cmpuint (seen.tls, <, seen.stack_hi);
    g_assert_false (is_mapped (seen.local));
    g_assert_false (is_mapped (seen.tls));
    g_assert_false (is_mapped (seen.stack_lo - 1));       /* the guard page */
    g_assert_false (is_mapped (seen.stack_hi - 1));

    /* several at once, joined in another order than made */
    Seen many[4] = { { 0 } };
    VinvSecretThread *ts[G_N_ELEMENTS (many)];
    for (guint i = 0; i < G_N_ELEMENTS (many); i++)
        ts[i] = vinv_secret_thread_new ("vinv-test", secret_body, &many[i]);
    for (guint i = G_N_ELEMENTS (many); i-- > 0;) {
        g_assert_true (vinv_secret_thread_join (ts[i]) == GINT_TO_POINTER (42));
        g_assert_false (is_mapped (many[i].local));
    }
}

static gpointer
nothing (gpointer data)
{
    return data;
}

/* A detached thread's stack is freed once it has ended, by the next call
 * that makes, joins or detaches a thread. */
static void
test_thread_detach (void)
{
    Seen seen = { 0 };
    VinvSecretThread *t = vinv_secret_thread_new ("vinv-detached", secret_body, &seen);

    vinv_secret_thread_detach (t);
    /* it ends on its own; each round makes and joins another thread, which
     * frees the detached one's stack once it has ended (bounded: 10 s) */
    gboolean freed = FALSE;
    for (guint round = 0; round < 10000 && !freed; round++) {
        vinv_secret_thread_join (vinv_secret_thread_new ("vinv-test", nothing, NULL));
        freed = seen.local != 0 && !is_mapped (seen.local);
        if (!freed)
            g_usleep (1000);
    }
    g_assert_true (freed);
    g_assert_cmpstr (seen.name, ==, "vinv-detached");
    g_assert_false (is_mapped (seen.stack_hi - 1));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/secret/take-env", test_take_env);
    g_test_add_func ("/secret/read-file", test_read_file);
    g_test_add_func ("/secret/protect", test_protect);
    g_test_add_func ("/secret/uri", test_uri);
    g_test_add_func ("/secret/thread", test_thread);
    g_test_add_func ("/secret/thread-detach", test_thread_detach);
    return g_test_run ();
}
