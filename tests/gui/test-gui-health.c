/* test-gui-health.c — the window's Health page and the sidebar's progress
 * per table, driven in-process under Xvfb (run-xvfb.sh).
 *
 * Health: on the demo, the page shows exactly the findings of
 * `virt-inventory check --format json` (the CLI run as a program, with the
 * same configuration and demo), counted by severity in the sidebar row;
 * activating a finding shows the object's table filtered to that one row
 * behind a chip, and Back returns to the Health page.  With Health shown,
 * Find is off and the Export dialog's "Current table" is off (findings
 * are not a table).
 *
 * Progress: a fake back-end ("part://") whose class says it fills VMs
 * and Hosts completes VMs and then waits until cancelled.  On a first
 * load the Hosts row is there, loading and without a page, while VMs
 * shows; on a refresh of a loaded window the VMs table is swapped in as it
 * arrives while the old Hosts rows stay, and a cancel puts the old VMs
 * back.  A table that failed shows an error icon whose tooltip is the
 * error.
 *
 * Arrival order: a fake back-end ("gate://") completes Disks, then waits
 * for the test before VMs, and again before the load ends.  While VMs is
 * still coming no other table is shown (a "Loading VMs…" placeholder;
 * Disks is in the sidebar) and no page nobody looked at has row widgets;
 * VMs shows when it comes; the complete inventory then takes the same
 * VMs rows over without re-reading the cells on screen.
 */
#include "gui-test-util.h"

#include <string.h>
#include <glib/gstdio.h>
#include "core/check.h"
#include "core/display.h"
#include "vinv-bench.h"
#include "vinv-export-dialog.h"
#include "vinv-sidebar.h"

static char *tmp_dir;

/* ---- the fake back-end -------------------------------------------------- */


/* Completes VMs (two rows; their computed columns' tables first), then
 * waits in the worker thread until cancelled. */
static gboolean
part_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    guint row = vinv_table_add_row (vms, "part", "vm-1");
    vinv_table_set_string (vms, row, VINV_VM_NAME, "arrived-1");
    row = vinv_table_add_row (vms, "part", "vm-2");
    vinv_table_set_string (vms, row, VINV_VM_NAME, "arrived-2");
    vinv_inventory_ensure_table (inventory, VINV_TABLE_DISK);
    vinv_inventory_ensure_table (inventory, VINV_TABLE_SNAP);
    vinv_backend_table_done (self, VINV_TABLE_DISK);
    vinv_backend_table_done (self, VINV_TABLE_SNAP);
    vinv_backend_table_done (self, VINV_TABLE_VM);

    VinvProgress p = { .source = "part", .what = "waiting for cancel", .done = 1, .total = 2 };
    progress (&p, user_data);
    wait_cancelled (cancellable);
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED, "cancelled");
    return FALSE;
}

static void
part_close (VinvBackend *self)
{
    vinv_backend_finalize (self);
    g_free (self);
}

static const char *const part_schemes[] = { "part", NULL };
static const VinvBackendTable part_tables[] = {
    { "vms", NULL, NULL },
    { "hosts", NULL, NULL },
    { "disks", NULL, NULL },
    { "snapshots", NULL, NULL },
    { NULL, NULL, NULL },
};

static VinvBackend *part_open (const char *uri, const VinvConnectOptions *options,
                               GCancellable *cancellable, GError **error);

static const VinvBackendClass part_class = {
    .name = "part",
    .title = "Part",
    .schemes = part_schemes,
    .tables = part_tables,
    .open = part_open,
    .fetch = part_fetch,
    .close = part_close,
};

static VinvBackend *
part_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &part_class, uri, "part");
    return self;
}

/* "gate://": Disks (two rows) and Snapshots (none), the tables VMs'
 * computed columns read, complete at once; VMs (one row) when the test
 * opens gate_vms; Hosts and the end of the load when it opens gate_end
 * (or on cancel). */
static GCancellable *gate_vms;
static GCancellable *gate_end;

static gboolean
wait_gate (GCancellable *gate, GCancellable *cancellable)
{
    while (!g_cancellable_is_cancelled (gate) && !g_cancellable_is_cancelled (cancellable))
        g_usleep (2000);
    return !g_cancellable_is_cancelled (cancellable);
}

static gboolean
gate_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    VinvTable *disks = vinv_inventory_ensure_table (inventory, VINV_TABLE_DISK);
    vinv_table_set_string (disks, vinv_table_add_row (disks, "gate", "d-1"), VINV_DISK_NAME,
                           "disk-1");
    vinv_table_set_string (disks, vinv_table_add_row (disks, "gate", "d-2"), VINV_DISK_NAME,
                           "disk-2");
    vinv_inventory_ensure_table (inventory, VINV_TABLE_SNAP);
    vinv_backend_table_done (self, VINV_TABLE_DISK);
    vinv_backend_table_done (self, VINV_TABLE_SNAP);
    if (wait_gate (gate_vms, cancellable)) {
        VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
        vinv_table_set_string (vms, vinv_table_add_row (vms, "gate", "vm-1"), VINV_VM_NAME,
                               "late-vm");
        vinv_backend_table_done (self, VINV_TABLE_VM);
        if (wait_gate (gate_end, cancellable)) {
            VinvTable *hosts = vinv_inventory_ensure_table (inventory, VINV_TABLE_HOST);
            vinv_table_set_string (hosts, vinv_table_add_row (hosts, "gate", "h-1"),
                                   VINV_HOST_NAME, "host-1");
            return TRUE;
        }
    }
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED, "cancelled");
    return FALSE;
}

static const char *const gate_schemes[] = { "gate", NULL };

static VinvBackend *gate_open (const char *uri, const VinvConnectOptions *options,
                               GCancellable *cancellable, GError **error);

static const VinvBackendClass gate_class = {
    .name = "gate",
    .title = "Gate",
    .schemes = gate_schemes,
    .tables = part_tables,
    .open = gate_open,
    .fetch = gate_fetch,
    .close = part_close,
};

static VinvBackend *
gate_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &gate_class, uri, "gate");
    return self;
}

/* ---- helpers ------------------------------------------------------------ */






/* One line per finding, "severity rule table object", in order. */
static char *
findings_lines (VinvTable *findings)
{
    GString *out = g_string_new (NULL);
    for (guint r = 0; r < vinv_table_get_n_rows (findings); r++) {
        g_autofree char *object = vinv_cell_format_display (
            vinv_table_get_column (findings, VINV_FINDING_OBJECT),
            vinv_table_get_cell (findings, r, VINV_FINDING_OBJECT), 0);
        g_string_append_printf (out, "%s %s %s %s\n",
                                string_cell (findings, r, VINV_FINDING_SEVERITY),
                                string_cell (findings, r, VINV_FINDING_RULE),
                                string_cell (findings, r, VINV_FINDING_TABLE), object);
    }
    return g_string_free (out, FALSE);
}

/* The same lines from `virt-inventory check --format json` on the demo,
 * and its counts by severity. */
static char *
cli_findings_lines (guint counts[VINV_SEVERITY_CRITICAL + 1])
{
    const char *build = g_getenv ("VINV_BUILD_ROOT");
    g_assert_nonnull (build);
    g_autofree char *cli = g_build_filename (build, "src", "cli", "virt-inventory", NULL);
    const char *argv[] = { cli, "check", "--format", "json", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr (GError) error = NULL;
    int status = 0;

    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                 &err, &status, &error));
    g_assert_no_error (error);
    /* 0: no finding, 4: findings (docs/health-checks.md) */
    g_assert_true (WIFEXITED (status));
    g_assert_true (WEXITSTATUS (status) == 0 || WEXITSTATUS (status) == 4);

    g_autoptr (GRegex) re = g_regex_new ("\"severity\":\"([a-z]+)\",\"rule\":\"([^\"]+)\","
                                         "\"table\":\"([^\"]+)\",\"object\":\"([^\"]*)\"",
                                         0, 0, NULL);
    GString *lines = g_string_new (NULL);
    g_autoptr (GMatchInfo) match = NULL;
    g_regex_match (re, out, 0, &match);
    while (g_match_info_matches (match)) {
        g_autofree char *severity = g_match_info_fetch (match, 1);
        g_autofree char *rule = g_match_info_fetch (match, 2);
        g_autofree char *table = g_match_info_fetch (match, 3);
        g_autofree char *object = g_match_info_fetch (match, 4);
        VinvSeverity s;
        g_assert_true (vinv_severity_parse (severity, &s));
        counts[s]++;
        g_string_append_printf (lines, "%s %s %s %s\n", severity, rule, table, object);
        g_match_info_next (match, NULL);
    }
    return g_string_free (lines, FALSE);
}

static gboolean
shown (GtkWidget *widget)
{
    return gtk_widget_get_child_visible (widget) && gtk_widget_is_visible (widget);
}

/* ---- Health ------------------------------------------------------------- */

static void
test_health_counts_match_check (void)
{
    VinvWindow *window = new_demo_window ();
    VinvHealthPage *health = vinv_window_get_health_page (window);
    guint counts[VINV_SEVERITY_CRITICAL + 1] = { 0 };
    g_autofree char *expected = cli_findings_lines (counts);

    VinvTable *findings = vinv_health_page_get_findings (health);
    g_assert_nonnull (findings);
    g_assert_cmpuint (vinv_table_get_n_rows (findings), >, 0);
    g_autofree char *got = findings_lines (findings);
    g_assert_cmpstr (got, ==, expected);
    g_assert_cmpuint (g_list_model_get_n_items (vinv_health_page_get_model (health)), ==,
                      vinv_table_get_n_rows (findings));
    for (int s = VINV_SEVERITY_INFO; s <= VINV_SEVERITY_CRITICAL; s++)
        g_assert_cmpuint (vinv_health_page_get_count (health, s), ==, counts[s]);

    /* the sidebar row says the same */
    GtkWidget *row = vinv_health_page_get_sidebar_row (health);
    g_assert_true (gtk_widget_is_visible (row));
    g_assert_false (vinv_health_page_get_loading (health));
    g_autofree char *warnings = g_strdup_printf ("%u warning%s", counts[VINV_SEVERITY_WARNING],
                                                 counts[VINV_SEVERITY_WARNING] == 1 ? "" : "s");
    g_assert_nonnull (strstr (vinv_health_page_get_summary (health), warnings));
    g_assert_true (gtk_widget_get_has_tooltip (row));
    g_assert_cmpstr (vinv_widget_get_lazy_tooltip (row), ==,
                     vinv_health_page_get_summary (health));

    /* a refresh runs them again, on the new inventory */
    const VinvInventory *before = vinv_window_get_inventory (window);
    vinv_window_refresh (window);
    g_assert_true (vinv_health_page_get_loading (health));
    wait_loaded (window);
    g_assert_true (vinv_window_get_inventory (window) != before);
    g_assert_true (vinv_health_page_get_findings (health) != findings);
    g_autofree char *again = findings_lines (vinv_health_page_get_findings (health));
    g_assert_cmpstr (again, ==, expected);
    gtk_window_destroy (GTK_WINDOW (window));
}

/* A user rule in the configuration runs too; a broken one is reported
 * with its line in the page's banner, the others still run. */
static void
test_health_user_rules (void)
{
    g_autofree char *dir = g_build_filename (tmp_dir, "virt-inventory", NULL);
    g_autofree char *path = g_build_filename (dir, "config.ini", NULL);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path,
                                        "[check every-host]\n"
                                        "table=hosts\n"
                                        "filter=name is not empty\n"
                                        "severity=critical\n"
                                        "message=host {name}\n"
                                        "\n"
                                        "[check broken]\n"
                                        "table=hosts\n"
                                        "filter=nosuchcolumn > 3\n"
                                        "severity=warning\n"
                                        "message=never\n", -1, NULL));
    VinvConfig *config = vinv_config_load (path, NULL);
    VinvWindow *window = vinv_window_new (GTK_APPLICATION (app), config);
    g_auto (GStrv) uris = vinv_demo_dup_uris (NULL, NULL);
    VinvConnectOptions options = { 0 };
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, (const char *const *) uris, &options);
    wait_loaded (window);

    VinvHealthPage *health = vinv_window_get_health_page (window);
    VinvTable *hosts = vinv_inventory_get_table (vinv_window_get_inventory (window),
                                                 VINV_TABLE_HOST);
    g_assert_cmpuint (vinv_health_page_get_count (health, VINV_SEVERITY_CRITICAL), ==,
                      vinv_table_get_n_rows (hosts));
    g_assert_cmpuint (vinv_health_page_get_count (health, VINV_SEVERITY_WARNING), >, 0);
    const char *banner = vinv_health_page_get_banner (health);
    g_assert_nonnull (banner);
    g_test_message ("banner: %s", banner);
    g_assert_nonnull (strstr (banner, "config.ini:9"));
    g_assert_nonnull (strstr (banner, "broken"));
    gtk_window_destroy (GTK_WINDOW (window));
    vinv_config_free (config);
    g_unlink (path);
}

/* Activating a finding shows its object's table with that one row behind
 * a chip; Back returns to Health. */
static void
test_health_finding_links (void)
{
    VinvWindow *window = new_demo_window ();
    VinvHealthPage *health = vinv_window_get_health_page (window);
    VinvTable *findings = vinv_health_page_get_findings (health);
    GListModel *model = vinv_health_page_get_model (health);

    g_assert_true (vinv_window_show_health (window));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    g_assert_true (shown (GTK_WIDGET (health)));
    g_assert_null (vinv_window_get_current_page (window));

    /* one finding of each table findings point into */
    gboolean seen[VINV_TABLE_LAST] = { FALSE };
    guint tried = 0;
    for (guint i = 0; i < g_list_model_get_n_items (model); i++) {
        g_autoptr (VinvRowItem) item = g_list_model_get_item (model, i);
        guint row = vinv_row_item_get_row (item);
        VinvTableKind kind;
        g_autofree char *filter = NULL;
        g_assert_true (vinv_check_findings_link (findings, row, &kind, &filter));
        if (seen[kind])
            continue;
        seen[kind] = TRUE;
        tried++;

        g_assert_true (vinv_health_page_activate (health, i));
        VinvTablePage *page = vinv_window_get_current_page (window);
        g_assert_nonnull (page);
        g_assert_cmpint (vinv_table_page_get_kind (page), ==, kind);
        VinvView *view = vinv_table_page_get_view (page);
        g_assert_cmpuint (vinv_view_get_n_rows (view), ==, 1);
        const VinvCell *object = vinv_table_get_cell (findings, row, VINV_FINDING_OBJECT);
        g_assert_cmpstr (string_cell (vinv_view_get_table (view), vinv_view_get_row (view, 0),
                                      VINV_COLUMN_ID), ==, object->v.ref->id);
        g_assert_cmpstr (string_cell (vinv_view_get_table (view), vinv_view_get_row (view, 0),
                                      VINV_COLUMN_SOURCE), ==,
                         string_cell (findings, row, VINV_FINDING_SOURCE));
        /* a chip naming the object, not an id expression in the entry */
        g_assert_nonnull (vinv_table_page_get_link_label (page));
        g_assert_nonnull (strstr (vinv_table_page_get_link_label (page), object->v.ref->text));
        g_assert_cmpstr (vinv_table_page_get_typed_filter (page), ==, "");

        g_assert_true (vinv_window_can_go_back (window));
        vinv_window_go_back (window);
        g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
        g_assert_null (vinv_window_get_current_page (window));
        g_assert_true (shown (GTK_WIDGET (health)));
        /* and Forward goes to the object again */
        vinv_window_go_forward (window);
        g_assert_true (vinv_window_get_current_page (window) == page);
        g_assert_cmpuint (vinv_view_get_n_rows (vinv_table_page_get_view (page)), ==, 1);
        vinv_window_go_back (window);
        g_assert_null (vinv_window_get_current_page (window));
    }
    g_assert_cmpuint (tried, >=, 2);

    /* Enter / double-click: the column view's "activate" does the same */
    g_assert_true (vinv_window_show_health (window));
    g_signal_emit_by_name (vinv_health_page_get_column_view (health), "activate", 0u);
    g_assert_nonnull (vinv_window_get_current_page (window));
    vinv_window_go_back (window);
    g_assert_null (vinv_window_get_current_page (window));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* With the Health page shown there is no table: Find (Ctrl+F) is off, and
 * the Export dialog's "Current table" is off, saying why, with the tables
 * to choose instead; with a table shown both are back. */
static void
test_find_and_export_on_health (void)
{
    VinvWindow *window = new_demo_window ();
    GActionGroup *actions = G_ACTION_GROUP (window);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (g_action_group_get_action_enabled (actions, "find"));
    g_assert_true (vinv_window_show_health (window));
    g_assert_false (g_action_group_get_action_enabled (actions, "find"));
    g_assert_true (g_action_group_get_action_enabled (actions, "export"));

    GtkWidget *dialog = vinv_export_dialog_new (window);
    GtkWidget *current = vinv_export_dialog_get_current_button (VINV_EXPORT_DIALOG (dialog));
    g_assert_false (gtk_widget_get_sensitive (current));
    g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (current)));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (current), "not a table"));
    VinvExportFormat format;
    gboolean everything;
    VinvTableKind kinds[VINV_TABLE_LAST];
    g_assert_cmpuint (vinv_export_dialog_get_choice (VINV_EXPORT_DIALOG (dialog), &format,
                                                     &everything, kinds), ==, 0);
    gtk_window_destroy (GTK_WINDOW (dialog));

    vinv_window_show_table (window, VINV_TABLE_HOST);
    g_assert_true (g_action_group_get_action_enabled (actions, "find"));
    dialog = vinv_export_dialog_new (window);
    current = vinv_export_dialog_get_current_button (VINV_EXPORT_DIALOG (dialog));
    g_assert_true (gtk_widget_get_sensitive (current));
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (current)));
    g_assert_cmpuint (vinv_export_dialog_get_choice (VINV_EXPORT_DIALOG (dialog), &format,
                                                     &everything, kinds), ==, 1);
    g_assert_cmpint (kinds[0], ==, VINV_TABLE_HOST);
    gtk_window_destroy (GTK_WINDOW (dialog));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- progress in the sidebar -------------------------------------------- */

static gboolean
vms_arrived (gpointer data)
{
    GtkWidget *row = vinv_window_get_sidebar_row (VINV_WINDOW (data), VINV_TABLE_VM);
    return vinv_window_get_page (VINV_WINDOW (data), VINV_TABLE_VM) != NULL && row != NULL
           && !vinv_sidebar_row_get_loading (row);
}

static guint
n_shown (VinvWindow *window, VinvTableKind kind)
{
    return vinv_view_get_n_rows (vinv_table_page_get_view (vinv_window_get_page (window, kind)));
}

static void
test_sidebar_progress_first_load (void)
{
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { 0 };
    const char *uris[] = { "part://x", NULL };

    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, &options);
    /* before anything arrived: a loading row per table the back-end fills */
    GtkWidget *hosts = vinv_window_get_sidebar_row (window, VINV_TABLE_HOST);
    g_assert_nonnull (hosts);
    g_assert_true (vinv_sidebar_row_get_loading (hosts));
    g_assert_false (gtk_widget_get_sensitive (hosts));
    g_assert_true (vinv_sidebar_row_get_loading (vinv_window_get_sidebar_row (window,
                                                                             VINV_TABLE_VM)));

    g_assert_true (vinv_wait_until (vms_arrived, window, DEADLINE_MS));
    GtkWidget *vms = vinv_window_get_sidebar_row (window, VINV_TABLE_VM);
    g_assert_cmpstr (vinv_sidebar_row_get_count (vms), ==, "2");
    g_assert_true (gtk_widget_get_sensitive (vms));
    g_assert_true (vinv_sidebar_row_get_loading (hosts));
    g_assert_null (vinv_window_get_page (window, VINV_TABLE_HOST));
    g_assert_true (vinv_window_is_loading (window));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));

    /* cancelled: the tables that never came leave no row */
    vinv_window_cancel_load (window);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_null (vinv_window_get_sidebar_row (window, VINV_TABLE_HOST));
    gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_arrived (VinvWindow *window, VinvTableKind kind)
{
    GtkWidget *row = vinv_window_get_sidebar_row (window, kind);
    return vinv_window_get_page (window, kind) != NULL && row != NULL
           && !vinv_sidebar_row_get_loading (row);
}

static gboolean
disks_arrived (gpointer data)
{
    return page_arrived (data, VINV_TABLE_DISK);
}

static gboolean
vms_shown (gpointer data)
{
    VinvTablePage *vms = vinv_window_get_page (data, VINV_TABLE_VM);
    return vms != NULL && vinv_window_get_current_page (data) == vms;
}

/* A mapped widget of @type under @root showing @text (a label's, an
 * inscription's or a table cell's), or NULL. */
static GtkWidget *
find_text (GtkWidget *root, GType type, const char *text)
{
    if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && gtk_widget_get_mapped (root)) {
        const char *shown = GTK_IS_LABEL (root) ? gtk_label_get_text (GTK_LABEL (root))
                            : GTK_IS_INSCRIPTION (root)
                                ? gtk_inscription_get_text (GTK_INSCRIPTION (root))
                            : VINV_IS_CELL_TEXT (root)
                                ? vinv_cell_text_get_text (VINV_CELL_TEXT (root)) : NULL;
        if (g_strcmp0 (shown, text) == 0)
            return root;
    }
    for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
         c = gtk_widget_get_next_sibling (c)) {
        GtkWidget *found = find_text (c, type, text);
        if (found != NULL)
            return found;
    }
    return NULL;
}

static void
test_first_table_waits (void)
{
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { 0 };
    const char *uris[] = { "gate://x", NULL };

    gate_vms = g_cancellable_new ();
    gate_end = g_cancellable_new ();
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, &options);
    g_assert_true (vinv_wait_until (disks_arrived, window, DEADLINE_MS));
    frames (GTK_WIDGET (window));
    /* VMs is still coming: nothing else is shown meanwhile, Disks is
     * offered in the sidebar, and no page has made row widgets */
    g_assert_null (vinv_window_get_current_page (window));
    g_assert_nonnull (find_text (GTK_WIDGET (window), GTK_TYPE_LABEL, "Loading VMs…"));
    g_assert_true (gtk_widget_get_sensitive (vinv_window_get_sidebar_row (window,
                                                                          VINV_TABLE_DISK)));
    VinvTablePage *disks = page_of (window, VINV_TABLE_DISK);
    g_assert_null (gtk_column_view_get_model (vinv_table_page_get_column_view (disks)));
    g_assert_null (gtk_column_view_get_model (vinv_table_page_get_pinned_view (disks)));
    g_assert_null (gtk_column_view_get_model (
        vinv_health_page_get_column_view (vinv_window_get_health_page (window))));

    g_cancellable_cancel (gate_vms);
    g_assert_true (vinv_wait_until (vms_shown, window, DEADLINE_MS));
    g_assert_true (vinv_window_is_loading (window));
    frames (GTK_WIDGET (window));
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    g_assert_nonnull (gtk_column_view_get_model (vinv_table_page_get_column_view (vms)));
    GtkWidget *cell = find_text (GTK_WIDGET (vinv_table_page_get_column_view (vms)),
                                 VINV_TYPE_CELL_TEXT, "late-vm");
    g_assert_nonnull (cell);
    /* the complete inventory brings the same VMs rows: what is on screen
     * stays as it is (a cell changed here is not read again) */
    vinv_cell_text_set_text (VINV_CELL_TEXT (cell), "not read again");
    g_cancellable_cancel (gate_end);
    wait_loaded (window);
    frames (GTK_WIDGET (window));
    g_assert_true (vinv_table_page_get_inventory (vms) == vinv_window_get_inventory (window));
    g_assert_true (vinv_window_get_current_page (window) == vms);
    g_assert_cmpstr (vinv_cell_text_get_text (VINV_CELL_TEXT (cell)), ==, "not read again");
    g_assert_cmpstr (vinv_table_page_get_count_text (vms), ==, "1 / 1");
    /* Disks gets its rows when first shown */
    vinv_window_show_table (window, VINV_TABLE_DISK);
    frames (GTK_WIDGET (window));
    g_assert_nonnull (find_text (GTK_WIDGET (window), VINV_TYPE_CELL_TEXT, "disk-2"));
    gtk_window_destroy (GTK_WINDOW (window));
    g_clear_object (&gate_vms);
    g_clear_object (&gate_end);
}

static void
test_sidebar_progress_refresh (void)
{
    VinvWindow *window = new_demo_window ();
    VinvConnectOptions options = { 0 };
    const char *uris[] = { "part://x", NULL };
    guint old_vms = n_shown (window, VINV_TABLE_VM);
    guint old_hosts = n_shown (window, VINV_TABLE_HOST);
    GtkWidget *hosts = vinv_window_get_sidebar_row (window, VINV_TABLE_HOST);
    g_autofree char *hosts_count = g_strdup (vinv_sidebar_row_get_count (hosts));
    g_assert_cmpuint (old_vms, !=, 2);

    vinv_window_show_table (window, VINV_TABLE_HOST);
    vinv_window_load (window, uris, &options);
    g_assert_true (vinv_sidebar_row_get_loading (hosts));
    g_assert_true (vinv_sidebar_row_get_loading (vinv_window_get_sidebar_row (window,
                                                                             VINV_TABLE_VM)));
    /* VMs is swapped in as it arrives; Hosts keeps the old rows meanwhile */
    g_assert_true (vinv_wait_until (vms_arrived, window, DEADLINE_MS));
    g_assert_cmpuint (n_shown (window, VINV_TABLE_VM), ==, 2);
    g_assert_cmpstr (vinv_sidebar_row_get_count (vinv_window_get_sidebar_row (window,
                                                                             VINV_TABLE_VM)),
                     ==, "2");
    g_assert_cmpuint (n_shown (window, VINV_TABLE_HOST), ==, old_hosts);
    g_assert_true (vinv_sidebar_row_get_loading (hosts));
    g_assert_cmpstr (vinv_sidebar_row_get_count (hosts), ==, hosts_count);
    g_assert_true (vinv_window_get_current_page (window)
                   == vinv_window_get_page (window, VINV_TABLE_HOST));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));

    /* cancelled: the old VMs come back, as the message says */
    vinv_window_cancel_load (window);
    wait_loaded (window);
    g_assert_cmpuint (n_shown (window, VINV_TABLE_VM), ==, old_vms);
    g_assert_false (vinv_sidebar_row_get_loading (hosts));
    g_assert_nonnull (strstr (vinv_window_get_message (window), "previous data"));
    gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_sidebar_error_icon (void)
{
    VinvInventory *inventory = vinv_bench_synth_inventory (10);
    vinv_table_set_error (vinv_inventory_get_table (inventory, VINV_TABLE_HOST),
                          "HTTP 500 on /hosts");
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_set_inventory (window, inventory);
    g_assert_cmpstr (vinv_sidebar_row_get_error (vinv_window_get_sidebar_row (
                         window, VINV_TABLE_HOST)), ==, "HTTP 500 on /hosts");
    g_assert_null (vinv_sidebar_row_get_error (vinv_window_get_sidebar_row (window,
                                                                           VINV_TABLE_VM)));
    g_assert_cmpstr (vinv_sidebar_row_get_count (vinv_window_get_sidebar_row (window,
                                                                             VINV_TABLE_VM)),
                     ==, "10");
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
    tmp_dir = gui_test_init (&argc, &argv, "gui-health");
    if (tmp_dir == NULL)
        return 0;
    vinv_backend_register (&part_class);
    vinv_backend_register (&gate_class);
    g_autofree char *config = g_build_filename (tmp_dir, "virt-inventory", "config.ini", NULL);
    gui_test_start_app (config);

    g_test_add_func ("/gui-health/counts-match-check", test_health_counts_match_check);
    g_test_add_func ("/gui-health/user-rules", test_health_user_rules);
    g_test_add_func ("/gui-health/finding-links", test_health_finding_links);
    g_test_add_func ("/gui-health/find-and-export-on-health", test_find_and_export_on_health);
    g_test_add_func ("/gui-health/sidebar-progress-first-load",
                     test_sidebar_progress_first_load);
    g_test_add_func ("/gui-health/sidebar-progress-refresh", test_sidebar_progress_refresh);
    g_test_add_func ("/gui-health/first-table-waits", test_first_table_waits);
    g_test_add_func ("/gui-health/sidebar-error-icon", test_sidebar_error_icon);
    return gui_test_run ();
}
