/* test-gui-actions.c — VM actions in the GTK window, under Xvfb
 * (run-xvfb.sh), on libvirt's test driver.
 *
 * The policy: the Actions button is insensitive, with a tooltip that says
 * why and how to enable, for a read-only profile, a profile without
 * allow-actions, no profile, and a saved inventory.  The dialog lists
 * exactly the rows selected (several, through the GtkMultiSelection).
 * Rehearse changes nothing: test:///default is one shared in-process
 * driver (while a connection to it stays open), so a reload sees what an
 * action did — after a rehearsal the VM
 * is still running, after Run (pause) it is paused and the window has
 * refreshed by itself.  A mixed batch on the demo files (start on a VM
 * that is down and on one that is up) ends with "done" for the first and
 * "failed: <libvirt's reason>" for the second.  A screenshot of the dialog
 * goes to tests/artifacts/action-dialog.png.
 *
 * Saved inventories (issue 12): a saved demo opens with the same rows and
 * no actions; compared with a file where one VM's status differs and one
 * VM is missing, the status cell is marked with the old value in its
 * tooltip, the extra row is marked added, and "changed only" shows just
 * those two rows.
 */
#include "gui-test-util.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "core/tables.h"
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"
#endif
#include "vinv-action-dialog.h"
#include "vinv-compare.h"
#include "vinv-login-dialog.h"

static char *tmp_dir;


static gboolean
dialog_finished (gpointer data)
{
    return vinv_action_dialog_is_finished (VINV_ACTION_DIALOG (data));
}



static GtkWidget *
actions_button (VinvWindow *window)
{
    /* the button is what install returned; find it through the action's
     * tooltip owner: the header bar holds it */
    GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (window));
    for (GtkWidget *w = gtk_widget_get_first_child (header); w != NULL;) {
        if (GTK_IS_MENU_BUTTON (w)
            && g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (w)), "Actions") == 0)
            return w;
        GtkWidget *child = gtk_widget_get_first_child (w);
        if (child != NULL) {
            w = child;
            continue;
        }
        while (w != NULL && gtk_widget_get_next_sibling (w) == NULL && w != header)
            w = gtk_widget_get_parent (w);
        w = (w == NULL || w == header) ? NULL : gtk_widget_get_next_sibling (w);
    }
    return NULL;
}

static gboolean
action_enabled (VinvWindow *window, const char *name)
{
    return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
assert_disabled (VinvWindow *window, const char *expected_words)
{
    const char *reason = vinv_actions_get_disabled_reason (window);
    GtkWidget *button = actions_button (window);

    g_assert_nonnull (reason);
    g_assert_nonnull (strstr (reason, expected_words));
    g_assert_nonnull (button);
    g_assert_false (gtk_widget_get_sensitive (button));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, reason);
    for (guint k = 0; k < VINV_ACTION_LAST; k++) {
        g_autofree char *name = g_strdup_printf ("act-%s", vinv_action_kind_to_string (k));
        g_assert_false (action_enabled (window, name));
    }
    /* choosing an action anyway opens nothing and says why */
    g_assert_null (vinv_actions_open_dialog (window, VINV_ACTION_START));
    g_assert_cmpstr (vinv_window_get_message (window), ==, reason);
}

static VinvProfile *
profile_new (const char *name, gboolean allow, gboolean read_only)
{
    VinvProfile *p = g_new0 (VinvProfile, 1);
    p->name = g_strdup (name);
    p->uris = g_new0 (char *, 2);
    p->uris[0] = g_strdup ("test:///default");
    p->allow_actions = allow;
    p->read_only = read_only;
    return p;
}

static void
test_policy (void)
{
    g_auto (GStrv) uris = demo_uris ();
    g_autoptr (VinvProfile) ro = profile_new ("lab", TRUE, TRUE);
    g_autoptr (VinvProfile) off = profile_new ("home", FALSE, FALSE);
    g_autoptr (VinvProfile) on = profile_new ("ops", TRUE, FALSE);

    VinvWindow *window = load_window ((const char *const *) uris, ro, NULL);
    assert_disabled (window, "profile 'lab' is read-only (read-only = true");
    gtk_window_destroy (GTK_WINDOW (window));

    window = load_window ((const char *const *) uris, off, NULL);
    assert_disabled (window, "set allow-actions = true in its section of");
    gtk_window_destroy (GTK_WINDOW (window));

    window = load_window ((const char *const *) uris, NULL, NULL);
    assert_disabled (window, "need a saved profile with allow-actions = true");
    gtk_window_destroy (GTK_WINDOW (window));

    window = load_window ((const char *const *) uris, on, NULL);
    g_assert_null (vinv_actions_get_disabled_reason (window));
    g_assert_true (gtk_widget_get_sensitive (actions_button (window)));
    g_assert_true (action_enabled (window, "act-start"));
    g_assert_true (action_enabled (window, "act-pause"));
    gtk_window_destroy (GTK_WINDOW (window));

    /* a saved inventory never offers actions, whatever the profile says */
    const char *saved[] = { "file:/srv/inventory.vinv", NULL };
    g_autofree char *why = vinv_actions_why_disabled (saved, on, NULL);
    g_assert_nonnull (why);
    g_assert_nonnull (strstr (why, "saved inventory"));
    g_autofree char *live = vinv_actions_why_disabled ((const char *const *) uris, on, NULL);
    g_assert_null (live);
}

static gboolean
login_done (gpointer data)
{
    return *(gboolean *) data;
}

static void
on_dialog_destroyed (GtkWidget *widget, gpointer data)
{
    *(gboolean *) data = TRUE;
}

/* Connecting through a profile in the login dialog carries the profile's
 * allow-actions to the window. */
static void
test_login_profile (void)
{
    g_auto (GStrv) uris = demo_uris ();
    VinvProfile ops = { .name = "ops", .uris = uris, .allow_actions = TRUE };
    vinv_config_set_profile (vinv_app_get_config (app), &ops);
    VinvProfile ro = { .name = "ro", .uris = uris, .allow_actions = TRUE, .read_only = TRUE };
    vinv_config_set_profile (vinv_app_get_config (app), &ro);
    const char *names[] = { "ops", "ro" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++) {
        gboolean gone = FALSE;
        GtkWidget *dialog = vinv_app_show_login (app, NULL);
        g_signal_connect (dialog, "destroy", G_CALLBACK (on_dialog_destroyed), &gone);
        g_assert_true (vinv_login_dialog_select_profile (VINV_LOGIN_DIALOG (dialog), names[i]));
        vinv_login_dialog_connect (VINV_LOGIN_DIALOG (dialog));
        g_assert_true (vinv_wait_until (login_done, &gone, DEADLINE_MS));
        GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
        g_assert_true (VINV_IS_WINDOW (window));
        g_assert_nonnull (vinv_window_get_inventory (VINV_WINDOW (window)));
        g_assert_cmpstr (vinv_window_get_profile (VINV_WINDOW (window))->name, ==, names[i]);
        if (i == 0)
            g_assert_null (vinv_actions_get_disabled_reason (VINV_WINDOW (window)));
        else
            assert_disabled (VINV_WINDOW (window), "profile 'ro' is read-only");
        gtk_window_destroy (window);
    }
}

/* Selects model positions @positions (n) of @page, as ctrl-clicks would. */
static void
select_positions (VinvTablePage *page, const guint *positions, guint n)
{
    GtkSelectionModel *selection = GTK_SELECTION_MODEL (
        gtk_column_view_get_model (vinv_table_page_get_column_view (page)));
    gtk_selection_model_unselect_all (selection);
    for (guint i = 0; i < n; i++)
        g_assert_true (gtk_selection_model_select_item (selection, positions[i], FALSE));
}

/* The position in @page of the VM named @name, or -1. */
static int
find_vm (VinvTablePage *page, const char *name)
{
    VinvView *view = vinv_table_page_get_view (page);
    VinvTable *table = vinv_view_get_table (view);
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        const VinvCell *cell = vinv_table_get_cell (table, vinv_view_get_row (view, i),
                                                    VINV_VM_NAME);
        if (cell->kind == VINV_CELL_STRING && g_strcmp0 (cell->v.s, name) == 0)
            return (int) i;
    }
    return -1;
}

static const char *
vm_status (VinvTablePage *page, guint position)
{
    VinvView *view = vinv_table_page_get_view (page);
    const VinvCell *cell = vinv_table_get_cell (vinv_view_get_table (view),
                                                vinv_view_get_row (view, position),
                                                VINV_VM_STATUS);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

static const char *
vm_name (VinvTablePage *page, guint position)
{
    VinvView *view = vinv_table_page_get_view (page);
    const VinvCell *cell = vinv_table_get_cell (vinv_view_get_table (view),
                                                vinv_view_get_row (view, position),
                                                VINV_VM_NAME);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

static void
test_dialog_lists_selection_and_screenshot (void)
{
    g_auto (GStrv) uris = demo_uris ();
    g_autoptr (VinvProfile) on = profile_new ("ops", TRUE, FALSE);
    VinvWindow *window = load_window ((const char *const *) uris, on, NULL);
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    guint n_rows = vinv_view_get_n_rows (vinv_table_page_get_view (page));

    g_assert_cmpuint (n_rows, >=, 3);
    /* nothing selected: no dialog, and the banner says what to do */
    g_assert_null (vinv_actions_open_dialog (window, VINV_ACTION_SHUTDOWN));
    g_assert_nonnull (strstr (vinv_window_get_message (window), "Select one or more rows"));

    guint picked[] = { 0, 2, n_rows - 1 };
    select_positions (page, picked, G_N_ELEMENTS (picked));
    GtkWidget *dialog = vinv_actions_open_dialog (window, VINV_ACTION_SNAPSHOT);
    g_assert_nonnull (dialog);
    VinvActionDialog *d = VINV_ACTION_DIALOG (dialog);
    g_assert_cmpuint (vinv_action_dialog_get_kind (d), ==, VINV_ACTION_SNAPSHOT);
    g_assert_cmpuint (vinv_action_dialog_get_n_items (d), ==, G_N_ELEMENTS (picked));
    for (guint i = 0; i < G_N_ELEMENTS (picked); i++)
        g_assert_cmpstr (vinv_action_dialog_get_item_name (d, i), ==,
                         vm_name (page, picked[i]));

    /* a snapshot without a description is refused before anything runs */
    g_assert_false (vinv_action_dialog_run (d));
    g_assert_false (vinv_action_dialog_is_running (d));
    g_assert_nonnull (strstr (vinv_action_dialog_get_status_text (d), "needs a description"));

    vinv_action_dialog_set_parameters (d, "before the upgrade", TRUE, NULL);
    vinv_action_dialog_rehearse (d);
    g_assert_nonnull (strstr (vinv_action_dialog_get_status_text (d), "nothing was changed"));
    g_assert_nonnull (strstr (vinv_action_dialog_get_status_text (d),
                              "\"before the upgrade\" (with memory)"));
    g_assert_true (g_str_has_prefix (vinv_action_dialog_get_result_text (d, 0),
                                     "would get a new snapshot (now "));

    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *dir = g_build_filename (root != NULL ? root : ".", "tests", "artifacts",
                                             NULL);
    g_autofree char *path = g_build_filename (dir, "action-dialog.png", NULL);
    g_autoptr (GError) error = NULL;
    g_assert_true (vinv_wait_frames (dialog, 3, DEADLINE_MS));
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (vinv_widget_save_png (dialog, path, &error));
    g_assert_no_error (error);
    g_test_message ("screenshot: %s", path);

    gtk_window_destroy (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* On test:///default (shared in the process): rehearse then run pause,
 * read back through the window's own refresh; then resume. */
static void
test_rehearse_changes_nothing_run_does (void)
{
    const char *uris[] = { "test:///default", NULL };
    g_autoptr (VinvProfile) on = profile_new ("ops", TRUE, FALSE);
    VinvConnectOptions options = { 0 };
    g_autoptr (GError) error = NULL;
    /* libvirt keeps the default test driver's state only while some
     * connection to it is open: hold one for the whole test */
    VinvBackend *keep = vinv_backend_open (uris[0], &options, NULL, &error);
    g_assert_no_error (error);
    VinvWindow *window = load_window (uris, on, NULL);
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    int pos = find_vm (page, "test");

    g_assert_cmpint (pos, >=, 0);
    g_assert_cmpstr (vm_status (page, pos), ==, "up");
    guint picked[] = { (guint) pos };
    select_positions (page, picked, 1);
    VinvActionDialog *d = VINV_ACTION_DIALOG (vinv_actions_open_dialog (window,
                                                                        VINV_ACTION_PAUSE));
    g_assert_cmpuint (vinv_action_dialog_get_n_items (d), ==, 1);
    g_assert_cmpstr (vinv_action_dialog_get_item_name (d, 0), ==, "test");
    vinv_action_dialog_rehearse (d);
    g_assert_cmpstr (vinv_action_dialog_get_result_text (d, 0), ==,
                     "would become paused (now up)");
    g_assert_false (vinv_action_dialog_is_running (d));
    vinv_window_refresh (window);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    pos = find_vm (page, "test");
    g_assert_cmpstr (vm_status (page, pos), ==, "up");

    g_assert_true (vinv_action_dialog_run (d));
    g_assert_true (vinv_wait_until (dialog_finished, d, DEADLINE_MS));
    g_assert_cmpstr (vinv_action_dialog_get_result_text (d, 0), ==, "done");
    g_assert_nonnull (strstr (vinv_action_dialog_get_status_text (d), "1 done, 0 failed"));
    /* a dialog runs once */
    g_assert_false (vinv_action_dialog_run (d));
    /* the window refreshed by itself */
    g_assert_true (vinv_window_is_loading (window));
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    pos = find_vm (page, "test");
    g_assert_cmpstr (vm_status (page, pos), ==, "paused");
    gtk_window_destroy (GTK_WINDOW (d));

    /* and back */
    select_positions (page, (guint[]) { (guint) pos }, 1);
    d = VINV_ACTION_DIALOG (vinv_actions_open_dialog (window, VINV_ACTION_RESUME));
    g_assert_true (vinv_action_dialog_run (d));
    g_assert_true (vinv_wait_until (dialog_finished, d, DEADLINE_MS));
    g_assert_cmpstr (vinv_action_dialog_get_result_text (d, 0), ==, "done");
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_cmpstr (vm_status (page, find_vm (page, "test")), ==, "up");
    gtk_window_destroy (GTK_WINDOW (d));
    gtk_window_destroy (GTK_WINDOW (window));
    vinv_backend_close (keep);
}

/* On the demo files: start on a VM that is down (done) and one that is up
 * (failed, with libvirt's reason). */
static void
test_mixed_batch_results (void)
{
    g_auto (GStrv) uris = demo_uris ();
    g_autoptr (VinvProfile) on = profile_new ("ops", TRUE, FALSE);
    VinvWindow *window = load_window ((const char *const *) uris, on, NULL);
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);
    int down = -1, up = -1;

    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        if (down < 0 && g_strcmp0 (vm_status (page, i), "down") == 0)
            down = (int) i;
        if (up < 0 && g_strcmp0 (vm_status (page, i), "up") == 0)
            up = (int) i;
    }
    g_assert_cmpint (down, >=, 0);
    g_assert_cmpint (up, >=, 0);
    guint picked[] = { (guint) MIN (down, up), (guint) MAX (down, up) };
    select_positions (page, picked, 2);
    VinvActionDialog *d = VINV_ACTION_DIALOG (vinv_actions_open_dialog (window,
                                                                        VINV_ACTION_START));
    g_assert_cmpuint (vinv_action_dialog_get_n_items (d), ==, 2);
    g_assert_true (vinv_action_dialog_run (d));
    g_assert_true (vinv_action_dialog_is_running (d));
    g_assert_true (vinv_wait_until (dialog_finished, d, DEADLINE_MS));
    guint i_down = down < up ? 0 : 1;
    g_assert_cmpstr (vinv_action_dialog_get_item_name (d, i_down), ==, vm_name (page, down));
    g_assert_cmpstr (vinv_action_dialog_get_result_text (d, i_down), ==, "done");
    const char *failed = vinv_action_dialog_get_result_text (d, 1 - i_down);
    g_test_message ("start on a running VM: %s", failed);
    g_assert_true (g_str_has_prefix (failed, "failed: "));
    g_assert_cmpuint (strlen (failed), >, strlen ("failed: "));
    g_assert_nonnull (strstr (vinv_action_dialog_get_status_text (d), "1 done, 1 failed"));
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    gtk_window_destroy (GTK_WINDOW (d));
    gtk_window_destroy (GTK_WINDOW (window));
}

#ifdef VINV_HAVE_SNAPSHOT
/* ---- saved inventories: open, save, compare ----------------------------- */



/* Saves the demo (file A); writes file B: A with the status of the first
 * VM changed and one VM added. */
static void
test_open_save_compare (void)
{
    g_auto (GStrv) uris = demo_uris ();
    g_autoptr (GError) error = NULL;
    VinvWindow *live = load_window ((const char *const *) uris, NULL, NULL);
    g_autofree char *a = g_build_filename (tmp_dir, "a.vinv", NULL);
    g_autofree char *b = g_build_filename (tmp_dir, "b.vinv", NULL);

    g_assert_true (vinv_window_save_inventory (live, a, &error));
    g_assert_no_error (error);
    VinvTablePage *live_page = vinv_window_get_page (live, VINV_TABLE_VM);
    guint n_live = vinv_view_get_n_rows (vinv_table_page_get_view (live_page));

    /* open shows the saved rows, and a saved file offers no actions */
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_open_saved (window, a);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_assert_nonnull (page);
    g_assert_cmpuint (vinv_view_get_n_rows (vinv_table_page_get_view (page)), ==, n_live);
    for (guint i = 0; i < n_live; i++)
        g_assert_cmpstr (vm_name (page, i), ==, vm_name (live_page, i));
    g_assert_nonnull (strstr (vinv_actions_get_disabled_reason (window), "saved inventory"));

    /* B: A changed */
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_assert_true (vinv_snapshot_load (a, inv, NULL, &error));
    g_assert_no_error (error);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);
    guint first = vinv_view_get_row (view, 0);
    int row = vinv_table_find_row (vms, vinv_table_get_row_source (vinv_view_get_table (view),
                                                                   first),
                                   vinv_table_get_row_id (vinv_view_get_table (view), first));
    g_assert_cmpint (row, >=, 0);
    /* a copy: the table goes when the window opens B */
    g_autofree char *was = g_strdup (vm_status (page, 0));
    const char *now = g_strcmp0 (was, "paused") == 0 ? "up" : "paused";
    vinv_table_set_string (vms, (guint) row, VINV_VM_STATUS, now);
    guint extra = vinv_table_add_row (vms, vinv_table_get_row_source (vms, 0), "added-vm-id");
    vinv_table_set_string (vms, extra, VINV_VM_NAME, "zz-added");
    g_assert_true (vinv_snapshot_save (inv, b, FALSE, 0, &error));
    g_assert_no_error (error);

    /* the window shows B; compared with A (another file is another
     * connection: its pages start over with its own settings) */
    vinv_window_open_saved (window, b);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_assert_nonnull (page);
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_cmpstr (vm_status (page, 0), ==, now);
    vinv_compare_start (window, a);
    g_assert_true (vinv_wait_until (compare_idle, window, DEADLINE_MS));
    g_assert_true (vinv_compare_is_active (window));
    guint added = 0, removed = 0, changed = 0;
    g_assert_true (vinv_compare_get_counts (window, VINV_TABLE_VM, &added, &removed, &changed));
    g_assert_cmpuint (added, ==, 1);
    g_assert_cmpuint (removed, ==, 0);
    g_assert_cmpuint (changed, ==, 1);
    g_assert_nonnull (strstr (vinv_window_get_message (window), "1 added, 0 removed, 1 changed"));

    /* the changed cell is marked, the old value in its tooltip */
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
    GtkWidget *column_view = GTK_WIDGET (vinv_table_page_get_column_view (page));
    g_autoptr (GPtrArray) marked = g_ptr_array_new ();
    collect_marked (column_view, "vinv-changed", marked);
    g_assert_cmpuint (marked->len, ==, 1);
    g_autofree char *tip = g_strdup_printf ("Was (in a.vinv): %s", was);
    g_assert_cmpstr (vinv_widget_get_lazy_tooltip (marked->pdata[0]), ==, tip);
    /* the cell shows the status as a label ("Paused" for paused) */
    g_assert_cmpint (g_ascii_strcasecmp (vinv_cell_text_get_text (g_object_get_data (
                         marked->pdata[0], "vinv-text")), now), ==, 0);

    /* changed only: the changed and the added row, through the filter */
    vinv_compare_set_changed_only (window, TRUE);
    g_assert_cmpuint (vinv_view_get_n_rows (vinv_table_page_get_view (page)), ==, 2);
    g_assert_true (find_vm (page, "zz-added") >= 0);
    g_assert_cmpstr (vm_status (page, (guint) find_vm (page, vm_name (live_page, 0))), ==, now);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
    g_ptr_array_set_size (marked, 0);
    collect_marked (column_view, "vinv-added", marked);
    g_assert_cmpuint (marked->len, >, 0);
    for (guint i = 0; i < marked->len; i++)
        g_assert_cmpstr (vinv_widget_get_lazy_tooltip (marked->pdata[i]), ==,
                         "Added since a.vinv");
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *shot = g_build_filename (root != NULL ? root : ".", "tests", "artifacts",
                                              "compare.png", NULL);
    g_assert_true (vinv_widget_save_png (GTK_WIDGET (window), shot, &error));
    g_assert_no_error (error);
    vinv_compare_set_changed_only (window, FALSE);
    g_assert_cmpuint (vinv_view_get_n_rows (vinv_table_page_get_view (page)), ==, n_live + 1);

    /* the end of the comparison removes the marks */
    vinv_compare_stop (window);
    g_assert_false (vinv_compare_is_active (window));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
    g_ptr_array_set_size (marked, 0);
    collect_marked (column_view, "vinv-changed", marked);
    g_assert_cmpuint (marked->len, ==, 0);

    gtk_window_destroy (GTK_WINDOW (window));
    gtk_window_destroy (GTK_WINDOW (live));
}
#endif

int
main (int argc, char **argv)
{
    tmp_dir = gui_test_init (&argc, &argv, "gui-act");
    if (tmp_dir == NULL)
        return 0;
#ifdef VINV_HAVE_SNAPSHOT
    vinv_snapshot_register ();
#endif
    g_autofree char *config_path = g_build_filename (tmp_dir, "config.ini", NULL);
    gui_test_start_app (config_path);

    g_test_add_func ("/gui-actions/policy", test_policy);
    g_test_add_func ("/gui-actions/login-profile", test_login_profile);
    g_test_add_func ("/gui-actions/dialog-lists-selection",
                     test_dialog_lists_selection_and_screenshot);
    g_test_add_func ("/gui-actions/rehearse-then-run", test_rehearse_changes_nothing_run_does);
    g_test_add_func ("/gui-actions/mixed-batch", test_mixed_batch_results);
#ifdef VINV_HAVE_SNAPSHOT
    g_test_add_func ("/gui-actions/open-save-compare", test_open_save_compare);
#endif
    return gui_test_run ();
}
