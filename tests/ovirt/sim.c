/* sim.c — the simulator fixture of the oVirt tests (see sim.h).
 *
 * The simulator binary is $VINV_BUILD_ROOT/tools/ovirt-sim/ovirt-sim (the
 * test environment sets VINV_BUILD_ROOT; meson builds the simulator before
 * the tests that depend on it).  Its plain-HTTP requests for /sim/stats go
 * through GIO sockets, so the fixture does not share code with the client
 * it tests.
 */
#include "sim.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

static char *
sim_binary (void)
{
    const char *root = g_getenv ("VINV_BUILD_ROOT");
    g_assert_nonnull (root);
    return g_build_filename (root, "tools", "ovirt-sim", "ovirt-sim", NULL);
}

/* In the child: die with the test, so a failed assertion (abort) never
 * leaves a simulator behind. */
static void
child_setup (gpointer data)
{
    prctl (PR_SET_PDEATHSIG, SIGTERM);
}

Sim *
sim_start_in (const char *dir, const char *const *args, gboolean truth)
{
    Sim *sim = g_new0 (Sim, 1);
    g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;

    sim->dir = g_strdup (dir);
    g_ptr_array_add (argv, sim_binary ());
    g_ptr_array_add (argv, g_strdup ("--port"));
    g_ptr_array_add (argv, g_strdup ("0"));
    g_ptr_array_add (argv, g_strdup ("-q"));
    for (guint i = 0; args != NULL && args[i] != NULL; i++)
        g_ptr_array_add (argv, g_strdup (args[i]));
    if (truth) {
        sim->truth_path = g_build_filename (sim->dir, "truth.json", NULL);
        g_ptr_array_add (argv, g_strdup ("--dump-truth"));
        g_ptr_array_add (argv, g_strdup (sim->truth_path));
    }
    g_ptr_array_add (argv, NULL);

    g_autoptr (GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
    g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
    sim->proc = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata,
                                              &error);
    g_assert_no_error (error);

    /* the readiness line; EOF (NULL) if the simulator died */
    g_autoptr (GDataInputStream) out =
        g_data_input_stream_new (g_subprocess_get_stdout_pipe (sim->proc));
    g_autofree char *line = g_data_input_stream_read_line (out, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (line);
    const char *url = strstr (line, "listening on ");
    g_assert_nonnull (url);
    url += strlen ("listening on ");
    const char *path = strstr (url, "/ovirt-engine");
    g_assert_nonnull (path);
    sim->origin = g_strndup (url, (gsize) (path - url));
    sim->hostport = g_strdup (strstr (sim->origin, "://") + 3);

    if (truth) {
        g_autofree char *text = NULL;
        char errbuf[256];
        g_file_get_contents (sim->truth_path, &text, NULL, &error);
        g_assert_no_error (error);
        sim->truth = yajl_tree_parse (text, errbuf, sizeof errbuf);
        g_assert_nonnull (sim->truth);
    }
    return sim;
}

Sim *
sim_start (const char *const *args, gboolean truth)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("ovirt-test-XXXXXX", &error);
    g_assert_no_error (error);
    Sim *sim = sim_start_in (dir, args, truth);
    return sim;
}

static void
remove_dir (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
    }
    g_rmdir (dir);
}

void
sim_stop (Sim *sim)
{
    if (sim == NULL)
        return;
    g_subprocess_send_signal (sim->proc, SIGTERM);
    g_subprocess_wait (sim->proc, NULL, NULL);
    g_object_unref (sim->proc);
    if (sim->truth != NULL)
        yajl_tree_free (sim->truth);
    remove_dir (sim->dir);
    g_free (sim->dir);
    g_free (sim->truth_path);
    g_free (sim->origin);
    g_free (sim->hostport);
    g_free (sim);
}

char *
sim_uri (const Sim *sim)
{
    gboolean tls = g_str_has_prefix (sim->origin, "https://");
    return g_strconcat (tls ? "ovirt://" : "ovirt+http://", sim->hostport, NULL);
}

char *
sim_get (const Sim *sim, const char *path)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GSocketClient) client = g_socket_client_new ();
    g_autoptr (GSocketConnection) conn =
        g_socket_client_connect_to_host (client, sim->hostport, 80, NULL, &error);
    g_assert_no_error (error);
    g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.0\r\nHost: %s\r\n\r\n", path,
                                                sim->hostport);
    GOutputStream *os = g_io_stream_get_output_stream (G_IO_STREAM (conn));
    g_output_stream_write_all (os, request, strlen (request), NULL, NULL, &error);
    g_assert_no_error (error);
    GInputStream *is = g_io_stream_get_input_stream (G_IO_STREAM (conn));
    g_autoptr (GByteArray) all = g_byte_array_new ();
    char buf[8192];
    gssize n;
    while ((n = g_input_stream_read (is, buf, sizeof buf, NULL, &error)) > 0)
        g_byte_array_append (all, (const guint8 *) buf, (guint) n);
    g_assert_no_error (error);
    g_byte_array_append (all, (const guint8 *) "", 1);
    const char *body = strstr ((const char *) all->data, "\r\n\r\n");
    g_assert_nonnull (body);
    return g_strdup (body + 4);
}

gint64
sim_stat (const Sim *sim, const char *klass)
{
    g_autofree char *text = sim_get (sim, "/sim/stats");
    char errbuf[256];
    yajl_val doc = yajl_tree_parse (text, errbuf, sizeof errbuf);
    g_assert_nonnull (doc);
    const char *top[] = { klass, NULL };
    const char *by_class[] = { "by_class", klass, NULL };
    yajl_val v = yajl_tree_get (doc, strchr (klass, ' ') == NULL ? top : by_class,
                                yajl_t_number);
    gint64 n = v != NULL ? YAJL_GET_INTEGER (v) : 0;
    yajl_tree_free (doc);
    return n;
}

/* ---- truth ------------------------------------------------------------------------- */

static yajl_val
member (yajl_val obj, const char *key)
{
    const char *path[] = { key, NULL };
    return yajl_tree_get (obj, path, yajl_t_any);
}

yajl_val
truth_array (yajl_val obj, const char *key)
{
    yajl_val v = member (obj, key);
    g_assert_true (v != NULL && YAJL_IS_ARRAY (v));
    return v;
}

const char *
truth_str (yajl_val obj, const char *key)
{
    yajl_val v = member (obj, key);
    return v != NULL && YAJL_IS_STRING (v) ? YAJL_GET_STRING (v) : NULL;
}

gboolean
truth_num (yajl_val obj, const char *key, double *out)
{
    yajl_val v = member (obj, key);
    if (v == NULL || !YAJL_IS_NUMBER (v))
        return FALSE;
    *out = YAJL_IS_INTEGER (v) ? (double) YAJL_GET_INTEGER (v) : YAJL_GET_DOUBLE (v);
    return TRUE;
}

gint64
truth_int (yajl_val obj, const char *key)
{
    yajl_val v = member (obj, key);
    g_assert_true (v != NULL && YAJL_IS_INTEGER (v));
    return YAJL_GET_INTEGER (v);
}

gboolean
truth_bool (yajl_val obj, const char *key)
{
    yajl_val v = member (obj, key);
    g_assert_true (v != NULL && (YAJL_IS_TRUE (v) || YAJL_IS_FALSE (v)));
    return YAJL_IS_TRUE (v);
}

gboolean
truth_is_null (yajl_val obj, const char *key)
{
    yajl_val v = member (obj, key);
    return v == NULL || YAJL_IS_NULL (v);
}
