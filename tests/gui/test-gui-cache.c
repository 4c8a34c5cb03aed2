/* test-gui-cache.c — the inventory cache and Compare with a history
 * record, in the GTK window under Xvfb (run-xvfb.sh); XDG_CACHE_HOME is a
 * temporary folder.
 *
 * Against tools/ovirt-sim (real HTTP, a password that is not the
 * default, an added latency per request so that a live load takes a
 * while): after a load the cache file exists, mode 0600 in a 0700
 * folder, named by a hash, without the password; a second window shows
 * the cached rows with their age while its live load is still running
 * (waited for as a condition, no timing), then the live rows replace
 * them; with the simulator stopped the cached rows stay, with a message
 * that they are cached and why; a corrupt or truncated cache file is
 * ignored with a warning.  On the demo: `[ui] cache=false` writes no
 * cache; Compare with a history record lists the records and marks the
 * changed cell with the old value in its tooltip.
 */
#define _GNU_SOURCE   /* memmem */
#include "gui-test-util.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include "core/tables.h"
#include "snapshot/snapshot.h"
#ifdef VINV_HAVE_OVIRT
#include "ovirt/ovirt-backend.h"
#include "../ovirt/sim.h"
#endif
#include "vinv-action-dialog.h"
#include "vinv-cache.h"
#include "vinv-compare.h"
#include "vinv-record-chooser.h"

static char *tmp_dir;
static guint cache_warnings;   /* "ignoring the cached inventory" warnings seen */

/* Counts the cache's warnings (expected in the tests that corrupt the
 * file; GLib 2.74's g_test_expect_message() misses structured logging)
 * and hands every other message to the default writer, which makes
 * warnings fatal in tests. */
static GLogWriterOutput
log_writer (GLogLevelFlags level, const GLogField *fields, gsize n, gpointer data)
{
    for (gsize i = 0; i < n; i++) {
        if (strcmp (fields[i].key, "MESSAGE") == 0 && (level & G_LOG_LEVEL_WARNING)
            && g_str_has_prefix (fields[i].value, "ignoring the cached inventory: ")) {
            cache_warnings++;
            return G_LOG_WRITER_HANDLED;
        }
    }
    return g_log_writer_default (level, fields, n, data);
}

/* The load and the cache's reading and writing are over. */
static gboolean
settled (gpointer data)
{
    VinvWindow *window = data;
    return !vinv_window_is_loading (window) && !vinv_cache_is_busy (window);
}

static gboolean
cache_shown (gpointer data)
{
    return vinv_cache_is_shown (VINV_WINDOW (data));
}

static const char *
vm_string (VinvTablePage *page, guint position, guint col)
{
    VinvView *view = vinv_table_page_get_view (page);
    const VinvCell *cell = vinv_table_get_cell (vinv_view_get_table (view),
                                                vinv_view_get_row (view, position), col);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

/* The VM names @window shows, in order, joined by '\n'. */
static char *
vm_names (VinvWindow *window)
{
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_assert_nonnull (page);
    GString *out = g_string_new (NULL);
    VinvView *view = vinv_table_page_get_view (page);
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++)
        g_string_append_printf (out, "%s\n", vm_string (page, i, VINV_VM_NAME));
    return g_string_free (out, FALSE);
}

static VinvWindow *
start_window (const char *const *uris, const VinvConnectOptions *options)
{
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, options);
    return window;
}


/* ---- the cache, on the oVirt simulator --------------------------------- */

#ifdef VINV_HAVE_OVIRT
#define SIM_PASSWORD "Cache-Test-Pw-7f3a"
#define SIM_USER "admin@internal"

static gboolean
contains (const char *data, gsize len, const char *what)
{
    return memmem (data, len, what, strlen (what)) != NULL;
}

static void
test_cache_ovirt (void)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *pw_file = g_build_filename (tmp_dir, "sim-password", NULL);
    g_assert_true (g_file_set_contents (pw_file, SIM_PASSWORD "\n", -1, &error));
    /* every request answered after 1 s: a live load takes seconds, reading
     * the cache milliseconds */
    const char *args[] = { "--vms", "30", "--password-file", pw_file, "--latency", "1000", NULL };
    Sim *sim = sim_start (args, FALSE);
    g_autofree char *uri = sim_uri (sim);
    const char *uris[] = { uri, NULL };
    VinvConnectOptions options = { .user = (char *) SIM_USER, .password = (char *) SIM_PASSWORD };
    g_autofree char *path = vinv_cache_dup_path (uris, SIM_USER);
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);

    /* the name is a hash: nothing of the URI, user or password in it */
    g_assert_cmpuint (strlen (base), ==, 64 + strlen (".vinv"));
    g_assert_true (g_str_has_suffix (base, ".vinv"));
    for (guint i = 0; i < 64; i++)
        g_assert_true (g_ascii_isxdigit (base[i]));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

    /* first start: nothing cached; the load writes the cache */
    VinvWindow *first = start_window (uris, &options);
    g_assert_false (vinv_cache_is_shown (first));
    g_assert_true (vinv_wait_until (settled, first, DEADLINE_MS));
    g_assert_nonnull (vinv_window_get_inventory (first));
    g_assert_cmpuint (vinv_inventory_count_failures (vinv_window_get_inventory (first)), ==, 0);
    g_autofree char *live_names = vm_names (first);
    g_assert_cmpuint (strlen (live_names), >, 0);
    GStatBuf st;
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_autofree char *data = NULL;
    gsize len = 0;
    g_assert_true (g_file_get_contents (path, &data, &len, &error));
    g_assert_cmpuint (len, >, 0);
    g_assert_false (contains (data, len, SIM_PASSWORD));
    /* and it is a saved inventory of the same rows */
    g_autoptr (VinvInventory) saved = vinv_inventory_new ();
    gint64 saved_at = 0;
    g_assert_true (vinv_snapshot_load (path, saved, &saved_at, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_table_get_n_rows (vinv_inventory_get_table (saved, VINV_TABLE_VM)),
                      ==, vinv_table_get_n_rows (vinv_inventory_get_table (
                              vinv_window_get_inventory (first), VINV_TABLE_VM)));
    gtk_window_destroy (GTK_WINDOW (first));

    /* second start: the cached rows at once, with their age, while loading */
    VinvWindow *second = start_window (uris, &options);
    g_assert_true (vinv_wait_until (cache_shown, second, DEADLINE_MS));
    g_assert_true (vinv_window_is_loading (second));
    g_assert_cmpint (vinv_cache_get_shown_time (second), ==, saved_at);
    /* the VMs page shows the cached table (the window's inventory is the
     * cached one while it is shown) */
    VinvTablePage *vms_page = vinv_window_get_page (second, VINV_TABLE_VM);
    g_assert_true (vinv_view_get_table (vinv_table_page_get_view (vms_page))
                   == vinv_inventory_get_table (vinv_window_get_inventory (second),
                                                VINV_TABLE_VM));
    g_autofree char *cached_names = vm_names (second);
    g_assert_cmpstr (cached_names, ==, live_names);
    const char *message = vinv_window_get_message (second);
    g_assert_nonnull (message);
    g_assert_true (g_str_has_prefix (message, "Showing cached data from "));
    g_assert_nonnull (strstr (message, "(less than a minute ago) — loading…"));
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *shot = g_build_filename (root != NULL ? root : ".", "tests", "artifacts",
                                              "cached.png", NULL);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (second), 2, DEADLINE_MS));
    g_assert_true (vinv_widget_save_png (GTK_WIDGET (second), shot, &error));
    g_assert_no_error (error);
    /* then the live tables replace them, and the message goes */
    g_assert_true (vinv_wait_until (settled, second, DEADLINE_MS));
    g_assert_false (vinv_cache_is_shown (second));
    g_assert_null (vinv_window_get_message (second));
    g_assert_true (g_str_has_prefix (vinv_window_get_loaded_text (second), "Loaded "));
    g_autofree char *second_names = vm_names (second);
    g_assert_cmpstr (second_names, ==, live_names);
    gtk_window_destroy (GTK_WINDOW (second));

    /* the engine is gone: the cached rows stay, marked, with the reason */
    sim_stop (sim);
    VinvWindow *third = start_window (uris, &options);
    g_assert_true (vinv_wait_until (settled, third, DEADLINE_MS));
    g_assert_true (vinv_cache_is_shown (third));
    g_autofree char *third_names = vm_names (third);
    g_assert_cmpstr (third_names, ==, live_names);
    message = vinv_window_get_message (third);
    g_assert_nonnull (message);
    g_assert_true (g_str_has_prefix (message, "Showing cached data from "));
    g_assert_nonnull (strstr (message, "the live load did not replace it.\nLoading failed: "));
    /* never act on cached rows: actions are off even through a profile
     * that allows them */
    VinvProfile ops = { .name = "ops", .uris = (char **) uris, .allow_actions = TRUE };
    vinv_window_set_profile (third, &ops);
    vinv_actions_update (third);
    g_assert_cmpstr (vinv_actions_get_disabled_reason (third), ==,
                     "Actions are off: the window shows cached data; they act on freshly "
                     "loaded data only.");
    gtk_window_destroy (GTK_WINDOW (third));

    /* a corrupt cache file, then a truncated one: ignored, with a warning */
    g_autofree char *good = NULL;
    gsize good_len = 0;
    g_assert_true (g_file_get_contents (path, &good, &good_len, &error));
    for (guint round = 0; round < 2; round++) {
        if (round == 0)
            g_assert_true (g_file_set_contents (path, "this is not a database\n", -1, &error));
        else
            g_assert_true (g_file_set_contents (path, good, (gssize) good_len / 2, &error));
        guint warnings = cache_warnings;
        VinvWindow *window = start_window (uris, &options);
        g_assert_true (vinv_wait_until (settled, window, DEADLINE_MS));
        g_assert_cmpuint (cache_warnings, ==, warnings + 1);
        g_assert_false (vinv_cache_is_shown (window));
        g_assert_null (vinv_window_get_inventory (window));
        g_assert_cmpstr (vinv_window_get_status_text (window), ==, "Could not connect");
        gtk_window_destroy (GTK_WINDOW (window));
    }
}
#endif

/* ---- the cache setting, on the demo ------------------------------------ */

static void
test_cache_off (void)
{
    g_auto (GStrv) uris = demo_uris ();
    VinvConnectOptions options = { 0 };
    g_autofree char *path = vinv_cache_dup_path ((const char *const *) uris, NULL);
    VinvConfig *config = vinv_app_get_config (app);

    g_unlink (path);
    vinv_config_set_cache (config, FALSE);
    VinvWindow *window = start_window ((const char *const *) uris, &options);
    g_assert_true (vinv_wait_until (settled, window, DEADLINE_MS));
    g_assert_nonnull (vinv_window_get_inventory (window));
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (window));

    vinv_config_set_cache (config, TRUE);
    window = start_window ((const char *const *) uris, &options);
    g_assert_true (vinv_wait_until (settled, window, DEADLINE_MS));
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- compare with a history record -------------------------------------- */



/* Record 1: the demo with the first VM's status changed; record 2: the
 * demo as it is.  The window compared with record 1 marks that cell. */
static void
test_compare_history (void)
{
    g_auto (GStrv) uris = demo_uris ();
    VinvConnectOptions options = { 0 };
    g_autoptr (GError) error = NULL;
    VinvWindow *window = start_window ((const char *const *) uris, &options);
    g_assert_true (vinv_wait_until (settled, window, DEADLINE_MS));
    g_assert_false (vinv_cache_is_shown (window));
    vinv_window_show_table (window, VINV_TABLE_VM);
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_autofree char *was = g_strdup (vm_string (page, 0, VINV_VM_STATUS));
    const char *then = g_strcmp0 (was, "paused") == 0 ? "up" : "paused";

    g_autofree char *file = g_build_filename (tmp_dir, "now.vinv", NULL);
    g_autofree char *db = g_build_filename (tmp_dir, "history.db", NULL);
    g_assert_true (vinv_window_save_inventory (window, file, &error));
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_assert_true (vinv_snapshot_load (file, inv, NULL, &error));
    g_assert_no_error (error);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);
    guint first = vinv_view_get_row (view, 0);
    int row = vinv_table_find_row (vms, vinv_table_get_row_source (vinv_view_get_table (view),
                                                                   first),
                                   vinv_table_get_row_id (vinv_view_get_table (view), first));
    g_assert_cmpint (row, >=, 0);
    vinv_table_set_string (vms, (guint) row, VINV_VM_STATUS, then);
    VinvHistoryRecordInfo info;
    g_assert_true (vinv_history_record (db, inv, 1000, &info, &error));
    g_assert_no_error (error);
    g_assert_cmpint (info.record, ==, 1);
    g_autoptr (VinvInventory) now = vinv_inventory_new ();
    g_assert_true (vinv_snapshot_load (file, now, NULL, &error));
    g_assert_true (vinv_history_record (db, now, 2000, &info, &error));
    g_assert_no_error (error);
    g_assert_cmpint (info.record, ==, 2);

    /* a file that is not a history: no chooser, a clear reason */
    GtkWidget *chooser = vinv_record_chooser_new (window, file, &error);
    g_assert_null (chooser);
    g_assert_nonnull (error);
    g_clear_error (&error);

    /* the chooser lists both records, newest first; compare with record 1 */
    chooser = vinv_record_chooser_new (window, db, &error);
    g_assert_no_error (error);
    g_assert_nonnull (chooser);
    gtk_window_present (GTK_WINDOW (chooser));
    g_assert_cmpuint (vinv_record_chooser_get_n_records (chooser), ==, 2);
    g_assert_true (g_str_has_prefix (vinv_record_chooser_get_text (chooser, 1), "Record 1 — "));
    g_assert_true (g_str_has_prefix (vinv_record_chooser_get_text (chooser, 2), "Record 2 — "));
    g_assert_null (vinv_record_chooser_get_text (chooser, 3));
    g_assert_true (vinv_record_chooser_select (chooser, 1));
    vinv_record_chooser_accept (chooser);
    g_assert_true (vinv_wait_until (compare_idle, window, DEADLINE_MS));
    g_assert_true (vinv_compare_is_active (window));
    guint added = 0, removed = 0, changed = 0;
    g_assert_true (vinv_compare_get_counts (window, VINV_TABLE_VM, &added, &removed, &changed));
    g_assert_cmpuint (added, ==, 0);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_cmpuint (changed, ==, 1);
    g_assert_true (g_str_has_prefix (vinv_window_get_message (window),
                                     "Compared with record 1 of history.db:"));

    /* the changed cell is marked, the old value in its tooltip */
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
    GtkWidget *column_view = GTK_WIDGET (vinv_table_page_get_column_view (page));
    g_autoptr (GPtrArray) marked = g_ptr_array_new ();
    collect_marked (column_view, "vinv-changed", marked);
    g_assert_cmpuint (marked->len, ==, 1);
    g_autofree char *tip = g_strdup_printf ("Was (in record 1 of history.db): %s", then);
    g_assert_cmpstr (vinv_widget_get_lazy_tooltip (marked->pdata[0]), ==, tip);

    /* record 2 is the same as the window */
    chooser = vinv_record_chooser_new (window, db, &error);
    g_assert_true (vinv_record_chooser_select (chooser, 2));
    vinv_record_chooser_accept (chooser);
    g_assert_true (vinv_wait_until (compare_idle, window, DEADLINE_MS));
    g_assert_true (vinv_compare_get_counts (window, VINV_TABLE_VM, &added, &removed, &changed));
    g_assert_cmpuint (added + removed + changed, ==, 0);
    vinv_compare_stop (window);
    gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
    tmp_dir = gui_test_init (&argc, &argv, "gui-cache");
    if (tmp_dir == NULL)
        return 0;
    g_log_set_writer_func (log_writer, NULL, NULL);
#ifdef VINV_HAVE_OVIRT
    vinv_ovirt_register ();
#endif
    vinv_snapshot_register ();
    g_autofree char *config_path = g_build_filename (tmp_dir, "config.ini", NULL);
    gui_test_start_app (config_path);

#ifdef VINV_HAVE_OVIRT
    g_test_add_func ("/gui-cache/ovirt", test_cache_ovirt);
#endif
    g_test_add_func ("/gui-cache/off", test_cache_off);
    g_test_add_func ("/gui-cache/compare-history", test_compare_history);
    return gui_test_run ();
}
