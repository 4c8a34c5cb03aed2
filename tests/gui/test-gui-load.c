/* test-gui-load.c — the window's loader tells the back-ends that an
 * interactive front end shares the machine's cores, and the command line
 * does not (issue 15 point 2: the window keeps painting at the end of a
 * 10,000-VM load, when the oVirt join would otherwise take the second
 * core).
 *
 * Against tools/ovirt-sim over real HTTP, with VINV_OVIRT_TRACE=1: the
 * oVirt join says how many threads it runs on and, when the hint reached
 * it, that a core is left to the front end.  The window's load
 * (vinv_load_async(), the loader every window load goes through) runs in
 * a subprocess so its trace can be read; the CLI runs as a program.
 * Nothing here needs a display: the loader does not touch GTK.
 */
#include <string.h>
#include "ovirt-backend.h"
#include "sim.h"
#include "vinv-loader.h"

#define PASSWORD "ovirt"
#define HINT "(a core left to the interactive front end)"

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvInventory **out = user_data;
    g_autoptr (GError) error = NULL;

    *out = vinv_load_finish (result, &error);
    g_assert_no_error (error);
}

/* In the subprocess: the window's loader on the simulator's URI. */
static void
load_as_window (const char *uri)
{
    const char *uris[] = { uri, NULL };
    VinvConnectOptions options = { .user = (char *) "admin@internal",
                                   .password = (char *) PASSWORD };
    VinvInventory *inventory = NULL;

    vinv_load_async (NULL, uris, &options, NULL, NULL, NULL, on_loaded, &inventory);
    while (inventory == NULL)
        g_main_context_iteration (NULL, TRUE);
    g_assert_cmpuint (vinv_table_get_n_rows (vinv_inventory_get_table (inventory,
                                                                       VINV_TABLE_VM)),
                      ==, 20);
    vinv_inventory_free (inventory);
}

static void
test_interactive_hint (void)
{
    if (g_test_subprocess ()) {
        load_as_window (g_getenv ("VINV_TEST_SIM_URI"));
        return;
    }
    /* before any thread: the subprocess and the CLI inherit them */
    g_setenv ("VINV_OVIRT_TRACE", "1", TRUE);
    g_unsetenv ("VINV_OVIRT_JOIN_THREADS");
    const char *args[] = { "--vms", "20", NULL };
    Sim *sim = sim_start (args, FALSE);
    g_autofree char *uri = sim_uri (sim);
    g_setenv ("VINV_TEST_SIM_URI", uri, TRUE);

    /* the window: the join is told, and keeps to one thread */
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stderr ("*vinv-ovirt-trace: * join: * rows on one thread " HINT "\n*");

    /* the command line: nothing said, the join decides by rows alone */
    const char *build = g_getenv ("VINV_BUILD_ROOT");
    g_assert_nonnull (build);
    g_autofree char *cli = g_build_filename (build, "src", "cli", "virt-inventory", NULL);
    const char *argv[] = { cli, "-q", "-c", uri, "-u", "admin@internal", "tables", NULL };
    g_auto (GStrv) env = g_get_environ ();
    env = g_environ_setenv (env, "VIRT_INVENTORY_PASSWORD", PASSWORD, TRUE);
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr (GError) error = NULL;
    int status = 0;
    g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_nonnull (strstr (err, " rows on one thread\n"));
    g_assert_null (strstr (err, HINT));

    sim_stop (sim);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_ovirt_register ();
    g_test_add_func ("/gui-load/interactive-hint", test_interactive_hint);
    return g_test_run ();
}
