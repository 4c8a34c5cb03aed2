/* test-gui.c — the GTK window driven in-process, under Xvfb
 * (run-xvfb.sh): login dialog errors, loading off the main loop, tabs,
 * filter (typed, Enter, errors underlined), sort through the headers,
 * columns, links with back/forward, export, saved configuration, actions
 * and keys, cancelling, refresh keeping the old rows, 100,000 rows.
 *
 * The window is loaded from the demo environment (libvirt test driver,
 * data/demo or $VINV_DEMO_DIR; tests/gui/data, a smaller one, when neither
 * exists).  Expected values are computed from the
 * loaded tables, not written in, so the demo can grow without breaking
 * the tests; what is asserted is that the widgets show what the core says.
 * Waiting is always for a condition, with a deadline (vinv_wait_until).
 *
 * A fake back-end ("slow://") blocks in fetch until cancelled, so that
 * cancelling and refreshing can be tested without races.  A screenshot
 * of the demo window is saved to tests/artifacts/gui.png.
 */
#include "gui-test-util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "core/compare.h"
#include "core/display.h"
#include "core/export.h"
#include "vinv-bench.h"
#include "vinv-column-chooser.h"
#include "vinv-export-dialog.h"
#include "vinv-exporter.h"
#include "vinv-filter-help.h"
#include "vinv-loader.h"
#include "vinv-login-dialog.h"

static char *tmp_dir;
static char *config_path;

/* ---- the fake back-end -------------------------------------------------- */

static VinvBackend *slow_open (const char *uri, const VinvConnectOptions *options,
                               GCancellable *cancellable, GError **error);


/* Reports progress, then waits (in the worker thread) until cancelled. */
static gboolean
slow_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    VinvProgress p = { .source = "slow", .what = "waiting for cancel", .done = 0, .total = 2 };
    progress (&p, user_data);
    if (cancellable != NULL)
        wait_cancelled (cancellable);
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED, "cancelled");
    return FALSE;
}

/* "halfway://": completes the VMs table (one VM), then waits like slow.
 * The tables the VMs' computed columns read (disks, snapshots) are
 * reported complete and empty first, since the session hands VMs over only
 * after them. */
static gboolean
halfway_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
               gpointer user_data, GCancellable *cancellable, GError **error)
{
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    guint row = vinv_table_add_row (vms, "halfway", "vm-1");
    vinv_table_set_string (vms, row, VINV_VM_NAME, "first-vm");
    vinv_inventory_ensure_table (inventory, VINV_TABLE_DISK);
    vinv_inventory_ensure_table (inventory, VINV_TABLE_SNAP);
    vinv_backend_table_done (self, VINV_TABLE_DISK);
    vinv_backend_table_done (self, VINV_TABLE_SNAP);
    vinv_backend_table_done (self, VINV_TABLE_VM);
    return slow_fetch (self, inventory, progress, user_data, cancellable, error);
}

static void
slow_close (VinvBackend *self)
{
    vinv_backend_finalize (self);
    g_free (self);
}

static const char *const slow_schemes[] = { "slow", NULL };

static const VinvBackendClass slow_class = {
    .name = "slow",
    .title = "Slow",
    .schemes = slow_schemes,
    .open = slow_open,
    .fetch = slow_fetch,
    .close = slow_close,
};

static const char *const halfway_schemes[] = { "halfway", NULL };

static VinvBackend *
halfway_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
              GError **error);

static const VinvBackendClass halfway_class = {
    .name = "halfway",
    .title = "Halfway",
    .schemes = halfway_schemes,
    .open = halfway_open,
    .fetch = halfway_fetch,
    .close = slow_close,
};

static VinvBackend *
slow_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &slow_class, uri, "slow");
    return self;
}

static VinvBackend *
halfway_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
              GError **error)
{
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &halfway_class, uri, "halfway");
    return self;
}

/* ---- helpers ------------------------------------------------------------ */











/* The model shows exactly the view's rows, in the view's order. */
static void
assert_model_matches_view (VinvTablePage *page)
{
    VinvView *view = vinv_table_page_get_view (page);
    guint n = vinv_view_get_n_rows (view);
    g_assert_cmpuint (n_model (page), ==, n);
    for (guint i = 0; i < n; i++)
        g_assert_cmpuint (model_row (page, i), ==, vinv_view_get_row (view, i));
    g_autofree char *count = g_strdup_printf ("%u / %u", n,
                                              vinv_table_get_n_rows (vinv_view_get_table (view)));
    g_assert_cmpstr (vinv_table_page_get_count_text (page), ==, count);
}

/* Titles of the column view's columns, joined by ','. */
static char *
column_view_titles (VinvTablePage *page)
{
    GListModel *columns = gtk_column_view_get_columns (vinv_table_page_get_column_view (page));
    GString *out = g_string_new (NULL);
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++) {
        g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        g_string_append_printf (out, "%s%s", i > 0 ? "," : "",
                                gtk_column_view_column_get_title (column));
    }
    return g_string_free (out, FALSE);
}

/* The first widget of @type under @root whose label is @label. */
static GtkWidget *
find_labelled (GtkWidget *root, GType type, const char *label)
{
    if (G_TYPE_CHECK_INSTANCE_TYPE (root, type)) {
        const char *text = NULL;
        if (GTK_IS_CHECK_BUTTON (root))
            text = gtk_check_button_get_label (GTK_CHECK_BUTTON (root));
        else if (GTK_IS_BUTTON (root))
            text = gtk_button_get_label (GTK_BUTTON (root));
        if (g_strcmp0 (text, label) == 0)
            return root;
    }
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = find_labelled (child, type, label);
        if (found != NULL)
            return found;
    }
    return NULL;
}

static char *
view_titles (VinvView *view)
{
    GString *out = g_string_new (NULL);
    for (guint i = 0; i < vinv_view_get_n_columns (view); i++) {
        const VinvColumn *column = vinv_table_get_column (vinv_view_get_table (view),
                                                          vinv_view_get_column (view, i));
        g_string_append_printf (out, "%s%s", i > 0 ? "," : "", column->title);
    }
    return g_string_free (out, FALSE);
}

/* ---- login dialog ------------------------------------------------------- */

static const struct {
    const char *uri;
    const char *expect;     /* part of the message shown in the dialog */
} login_errors[] = {
    { "nosuch://engine.example.com", "nosuch://engine.example.com" },
    { "test:///nonexistent/vinv-node.xml", "nonexistent" },
};

static void
test_login_error_in_dialog (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (login_errors); i++) {
        guint windows = g_list_length (gtk_application_get_windows (GTK_APPLICATION (app)));
        GtkWidget *dialog = vinv_app_show_login (app, NULL);
        g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);

        vinv_login_dialog_prefill (VINV_LOGIN_DIALOG (dialog), login_errors[i].uri, NULL,
                                   NULL, FALSE, NULL);
        vinv_login_dialog_set_password (VINV_LOGIN_DIALOG (dialog), "secret-pw");
        vinv_login_dialog_connect (VINV_LOGIN_DIALOG (dialog));
        g_assert_true (vinv_wait_until (dialog_idle, dialog, DEADLINE_MS));

        /* the dialog is still there, saying why, and opened no window */
        g_assert_nonnull (dialog);
        const char *error = vinv_login_dialog_get_error (VINV_LOGIN_DIALOG (dialog));
        g_test_message ("%s -> %s", login_errors[i].uri, error);
        g_assert_nonnull (error);
        g_assert_nonnull (strstr (error, login_errors[i].expect));
        g_assert_null (strstr (error, "secret-pw"));
        g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))),
                          ==, windows + 1);   /* the dialog itself */
        gtk_window_destroy (GTK_WINDOW (dialog));
    }
}

static void
test_login_empty_uri (void)
{
    GtkWidget *dialog = vinv_app_show_login (app, NULL);
    vinv_login_dialog_prefill (VINV_LOGIN_DIALOG (dialog), "", NULL, NULL, FALSE, NULL);
    vinv_login_dialog_connect (VINV_LOGIN_DIALOG (dialog));
    g_assert_false (vinv_login_dialog_is_busy (VINV_LOGIN_DIALOG (dialog)));
    g_assert_nonnull (strstr (vinv_login_dialog_get_error (VINV_LOGIN_DIALOG (dialog)), "URI"));
    gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
has_loaded_window (gpointer data)
{
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (VINV_IS_WINDOW (l->data) && !g_list_find (data, l->data)
            && vinv_window_get_inventory (l->data) != NULL)
            return TRUE;
    }
    return FALSE;
}

static void
test_login_demo_and_profiles (void)
{
    /* a saved profile fills the fields; the password is never saved */
    VinvProfile profile = {
        .name = (char *) "lab",
        .uris = (char *[]) { (char *) "qemu+ssh://lab/system", NULL },
        .user = (char *) "root",
        .insecure = TRUE,
    };
    vinv_config_set_profile (vinv_app_get_config (app), &profile);
    GtkWidget *dialog = vinv_app_show_login (app, NULL);
    g_assert_true (vinv_login_dialog_select_profile (VINV_LOGIN_DIALOG (dialog), "lab"));
    g_assert_cmpstr (vinv_login_dialog_get_uri_text (VINV_LOGIN_DIALOG (dialog)), ==,
                     "qemu+ssh://lab/system");
    g_assert_cmpstr (vinv_login_dialog_get_user_text (VINV_LOGIN_DIALOG (dialog)), ==, "root");
    vinv_config_remove_profile (vinv_app_get_config (app), "lab");

    /* "Open Demo" loads in the dialog, then hands over to a new window */
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    GList *before = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
    vinv_login_dialog_open_demo (VINV_LOGIN_DIALOG (dialog));
    g_assert_true (vinv_wait_until (has_loaded_window, before, DEADLINE_MS));
    g_assert_null (dialog);   /* closed itself */
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (VINV_IS_WINDOW (l->data) && !g_list_find (before, l->data)) {
            VinvWindow *window = l->data;
            g_assert_nonnull (vinv_window_get_page (window, VINV_TABLE_VM));
            g_assert_nonnull (vinv_window_get_page (window, VINV_TABLE_HOST));
            gtk_window_destroy (GTK_WINDOW (window));
            break;
        }
    }
    g_list_free (before);
}

/* ---- loading ------------------------------------------------------------ */

static void
test_load_demo (void)
{
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) uris = vinv_demo_dup_uris (NULL, &error);
    g_assert_no_error (error);
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { 0 };

    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, (const char *const *) uris, &options);
    /* the call returned at once; the load runs in a worker thread */
    g_assert_true (vinv_window_is_loading (window));
    g_assert_null (vinv_window_get_inventory (window));
    wait_loaded (window);

    /* one tab per table present, each showing all its rows */
    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n = vinv_window_list_pages (window, pages);
    VinvTable *tables[VINV_TABLE_LAST];
    g_assert_cmpuint (n, ==, vinv_inventory_list_tables (vinv_window_get_inventory (window),
                                                         tables));
    g_assert_cmpuint (n, >=, 5);
    for (guint i = 0; i < n; i++) {
        g_assert_true (table_of (pages[i]) == tables[i]);
        assert_model_matches_view (pages[i]);
        g_assert_cmpuint (n_model (pages[i]), ==, vinv_table_get_n_rows (tables[i]));
    }
    g_assert_cmpuint (n_model (page_of (window, VINV_TABLE_VM)), >=, 10);
    g_assert_cmpuint (vinv_inventory_get_n_sources (vinv_window_get_inventory (window)), ==,
                      g_strv_length (uris));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* The loader hands each table over on the main thread as it completes,
 * once, before the load finishes; the finished inventory holds the very
 * same tables. */
typedef struct {
    GThread *main_thread;
    VinvTable *tables[VINV_TABLE_LAST];
    guint calls;
    gboolean off_main;
    gboolean after_finish;
    gboolean finished;
    VinvInventory *inventory;
} TableArrivals;

static void
on_table_arrived (VinvTableKind kind, VinvTable *table, gpointer user_data)
{
    TableArrivals *t = user_data;
    t->off_main = t->off_main || g_thread_self () != t->main_thread;
    t->after_finish = t->after_finish || t->finished;
    g_assert_null (t->tables[kind]);
    t->tables[kind] = vinv_table_ref (table);
    t->calls++;
}

static void
on_arrivals_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    TableArrivals *t = user_data;
    g_autoptr (GError) error = NULL;
    t->inventory = vinv_load_finish (result, &error);
    g_assert_no_error (error);
    t->finished = TRUE;
}

static gboolean
arrivals_finished (gpointer data)
{
    return ((TableArrivals *) data)->finished;
}

static void
test_load_tables_as_they_complete (void)
{
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) uris = vinv_demo_dup_uris (NULL, &error);
    g_assert_no_error (error);
    g_autoptr (GObject) owner = g_object_new (G_TYPE_OBJECT, NULL);
    VinvConnectOptions options = { 0 };
    TableArrivals t = { .main_thread = g_thread_self () };

    vinv_load_async_full (owner, (const char *const *) uris, &options, NULL, NULL,
                          on_table_arrived, &t, NULL, on_arrivals_done, &t);
    g_assert_true (vinv_wait_until (arrivals_finished, &t, DEADLINE_MS));
    g_assert_nonnull (t.inventory);
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (t.inventory, tables);
    g_assert_cmpuint (t.calls, ==, n);
    g_assert_false (t.off_main);
    g_assert_false (t.after_finish);
    for (guint i = 0; i < n; i++)
        g_assert_true (t.tables[vinv_schema_get_kind (vinv_table_get_schema (tables[i]))]
                       == tables[i]);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_clear_pointer (&t.tables[k], vinv_table_unref);
    vinv_inventory_free (t.inventory);
}


static gboolean
vms_page_shown (gpointer data)
{
    VinvWindow *window = data;
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    return page != NULL && vinv_window_get_current_page (window) == page;
}

/* The VMs table shows as soon as it is complete, while the rest loads; a
 * load that then fails takes it away again. */
static void
test_tables_shown_as_they_arrive (void)
{
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { 0 };
    const char *uris[] = { "halfway://x", NULL };

    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, &options);
    g_assert_true (vinv_wait_until (vms_page_shown, window, DEADLINE_MS));
    g_assert_true (vinv_window_is_loading (window));
    g_assert_null (vinv_window_get_inventory (window));
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    g_assert_cmpuint (n_model (vms), ==, 1);
    g_assert_cmpstr (string_cell (table_of (vms), model_row (vms, 0), VINV_VM_NAME), ==,
                     "first-vm");
    g_assert_null (vinv_window_get_page (window, VINV_TABLE_HOST));

    vinv_window_cancel_load (window);
    wait_loaded (window);
    g_assert_null (vinv_window_get_page (window, VINV_TABLE_VM));
    g_assert_cmpstr (vinv_window_get_status_text (window), ==, "Loading cancelled.");
    gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_switch_tabs (void)
{
    VinvWindow *window = get_demo_window ();
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTablePage *page = vinv_window_get_page (window, (VinvTableKind) k);
        if (page == NULL) {
            g_assert_false (vinv_window_show_table (window, (VinvTableKind) k));
            continue;
        }
        g_assert_true (vinv_window_show_table (window, (VinvTableKind) k));
        g_assert_true (vinv_window_get_current_page (window) == page);
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
    }
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
}

/* ---- filter ------------------------------------------------------------- */

static guint
count_status (VinvTable *table, const char *status)
{
    guint n = 0;
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++)
        n += g_strcmp0 (string_cell (table, r, VINV_VM_STATUS), status) == 0;
    return n;
}

typedef struct {
    VinvTablePage *page;
    guint n;
} CountWait;

static gboolean
model_has_n (gpointer data)
{
    CountWait *w = data;
    return n_model (w->page) == w->n;
}

static void
test_filter (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvTable *table = table_of (page);
    guint total = vinv_table_get_n_rows (table);
    guint up = count_status (table, "up");
    guint down = count_status (table, "down");
    GtkEntry *entry = vinv_table_page_get_filter_entry (page);

    g_assert_cmpuint (up, >, 0);
    g_assert_cmpuint (up, <, total);

    /* applied at once, as with Enter */
    g_assert_true (vinv_table_page_set_filter (page, "status = up"));
    g_assert_cmpuint (n_model (page), ==, up);
    for (guint i = 0; i < up; i++)
        g_assert_cmpstr (string_cell (table, model_row (page, i), VINV_VM_STATUS), ==, "up");
    assert_model_matches_view (page);

    /* typing: applied after the pause, not on each key */
    gtk_editable_set_text (GTK_EDITABLE (entry), "status = down");
    g_assert_cmpuint (n_model (page), ==, up);
    CountWait w = { page, down };
    g_assert_true (vinv_wait_until (model_has_n, &w, DEADLINE_MS));
    g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (page)), ==,
                     "status = down");

    /* Enter applies at once */
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    g_signal_emit_by_name (entry, "activate");
    g_assert_cmpuint (n_model (page), ==, total);
    assert_model_matches_view (page);
}

static const struct {
    const char *filter;
    const char *message;
} filter_errors[] = {
    { "memry > 4GB", "memry" },
    { "status = up, nosuchcolumn = 1", "nosuchcolumn" },
    { "memory > lots", "lots" },
};

static void
test_filter_errors (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvTable *table = table_of (page);
    GtkEntry *entry = vinv_table_page_get_filter_entry (page);

    g_assert_true (vinv_table_page_set_filter (page, "status = up"));
    guint up = n_model (page);
    for (guint i = 0; i < G_N_ELEMENTS (filter_errors); i++) {
        const char *text = filter_errors[i].filter;
        g_autoptr (VinvFilterError) expected = NULL;
        g_assert_null (vinv_filter_compile (text, vinv_table_get_schema (table), &expected));
        g_assert_nonnull (expected);

        g_assert_false (vinv_table_page_set_filter (page, text));
        const char *shown = vinv_table_page_get_filter_error (page);
        g_test_message ("'%s' -> %s (offset %zu)", text, shown, expected->offset);
        g_assert_nonnull (shown);
        g_assert_nonnull (strstr (shown, expected->message));
        g_assert_nonnull (strstr (shown, filter_errors[i].message));
        g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
        /* drawn, and laid out without GTK complaining */
        g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));

        /* an error underline starting at the byte the core points at */
        PangoAttrList *attrs = gtk_entry_get_attributes (entry);
        g_assert_nonnull (attrs);
        g_autoptr (GSList) list = pango_attr_list_get_attributes (attrs);
        gboolean found = FALSE;
        for (GSList *l = list; l != NULL; l = l->next) {
            PangoAttribute *attr = l->data;
            if (attr->klass->type == PANGO_ATTR_UNDERLINE
                && ((PangoAttrInt *) attr)->value == PANGO_UNDERLINE_ERROR) {
                g_assert_cmpuint (attr->start_index, ==, expected->offset);
                g_assert_cmpuint (attr->end_index, >, attr->start_index);
                found = TRUE;
            }
        }
        g_slist_free_full (g_steal_pointer (&list), (GDestroyNotify) pango_attribute_destroy);
        g_assert_true (found);

        /* the previous filter stays applied */
        g_assert_cmpuint (n_model (page), ==, up);
        g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (page)), ==,
                         "status = up");
    }
    g_assert_true (vinv_table_page_set_filter (page, ""));
    g_assert_null (vinv_table_page_get_filter_error (page));
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
    g_assert_null (gtk_entry_get_attributes (entry));
}

/* ---- sort --------------------------------------------------------------- */

static void
assert_sorted (VinvTablePage *page, guint col, gboolean descending)
{
    VinvTable *table = table_of (page);
    const VinvColumn *column = vinv_table_get_column (table, col);
    guint n = n_model (page);
    g_assert_cmpuint (n, >, 1);
    for (guint i = 1; i < n; i++) {
        const VinvCell *a = vinv_table_get_cell (table, model_row (page, i - 1), col);
        const VinvCell *b = vinv_table_get_cell (table, model_row (page, i), col);
        int c = vinv_cell_compare (column, a, 0, b, 0);
        if (descending)
            g_assert_cmpint (c, >=, 0);
        else
            g_assert_cmpint (c, <=, 0);
    }
}


static const struct {
    guint col;
    const char *title;
    gboolean descending;
} sorts[] = {
    { VINV_VM_MEMORY, "Memory", TRUE },
    { VINV_VM_NAME, "Name", FALSE },
    { VINV_VM_NAME, "Name", TRUE },
    { VINV_VM_VCPUS, "vCPUs", FALSE },
};

static void
test_sort (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);
    GtkColumnView *cv = vinv_table_page_get_column_view (page);

    for (guint i = 0; i < G_N_ELEMENTS (sorts); i++) {
        /* what a header click does: the column view's sorter changes */
        GtkColumnViewColumn *column = column_titled (vinv_table_page_get_column_view (page),
                                                     sorts[i].title);
        g_assert_nonnull (column);
        gtk_column_view_sort_by_column (cv, column, sorts[i].descending ? GTK_SORT_DESCENDING
                                                                         : GTK_SORT_ASCENDING);
        g_assert_cmpuint (vinv_view_get_n_sort_keys (view), >=, 1);
        g_assert_cmpuint (vinv_view_get_sort_keys (view)[0].column, ==, sorts[i].col);
        g_assert_cmpint (vinv_view_get_sort_keys (view)[0].descending, ==, sorts[i].descending);
        assert_sorted (page, sorts[i].col, sorts[i].descending);
        assert_model_matches_view (page);
    }
    /* earlier keys follow as tie-breakers, newest first, each column once */
    g_assert_cmpuint (vinv_view_get_n_sort_keys (view), ==, 3);
    g_autofree char *text = vinv_view_dup_sort_text (view);
    g_assert_cmpstr (text, ==, "vcpus,-name,-memory");

    /* the page's own entry point, and sorting with a filter on */
    vinv_table_page_set_filter (page, "status = up");
    vinv_table_page_sort_by (page, VINV_VM_MEMORY, FALSE);
    assert_sorted (page, VINV_VM_MEMORY, FALSE);
    assert_model_matches_view (page);
    vinv_table_page_set_filter (page, "");

    /* unsorted: table order */
    gtk_column_view_sort_by_column (cv, NULL, GTK_SORT_ASCENDING);
    g_assert_cmpuint (vinv_view_get_n_sort_keys (view), ==, 0);
    for (guint i = 0; i < n_model (page); i++)
        g_assert_cmpuint (model_row (page, i), ==, i);
}

/* ---- columns ------------------------------------------------------------ */

static void
test_columns (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);
    g_autofree char *initial = vinv_view_dup_columns_text (view);

    g_autofree char *a = column_view_titles (page);
    g_autofree char *b = view_titles (view);
    g_assert_cmpstr (a, ==, b);

    /* hide, show (goes to the end), move to the front */
    vinv_table_page_set_column_visible (page, VINV_VM_STATUS, FALSE);
    g_assert_null (column_titled (vinv_table_page_get_column_view (page), "Status"));
    vinv_table_page_set_column_visible (page, VINV_VM_VCPUS, FALSE);
    vinv_table_page_set_column_visible (page, VINV_VM_VCPUS, TRUE);
    vinv_table_page_move_column (page, VINV_VM_VCPUS, 0);
    g_assert_cmpuint (vinv_view_get_column (view, 0), ==, VINV_VM_VCPUS);
    g_autofree char *c = column_view_titles (page);
    g_autofree char *d = view_titles (view);
    g_assert_cmpstr (c, ==, d);
    g_assert_true (g_str_has_prefix (c, "vCPUs,"));

    /* hidden columns still filter */
    g_assert_true (vinv_table_page_set_filter (page, "status = up"));
    g_assert_cmpuint (n_model (page), ==, count_status (table_of (page), "up"));
    vinv_table_page_set_filter (page, "");

    vinv_table_page_reset_columns (page);
    g_autofree char *reset = vinv_view_dup_columns_text (view);
    g_assert_cmpstr (reset, ==, initial);

    /* the same through the chooser's check buttons and arrows */
    GtkWidget *chooser = vinv_table_page_get_column_chooser (page);
    vinv_column_chooser_rebuild (VINV_COLUMN_CHOOSER (chooser));
    GtkWidget *status = find_labelled (chooser, GTK_TYPE_CHECK_BUTTON, "Status");
    g_assert_nonnull (status);
    g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (status)));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (status), FALSE);
    g_assert_false (vinv_view_is_column_visible (view, VINV_VM_STATUS));
    g_assert_null (column_titled (vinv_table_page_get_column_view (page), "Status"));
    GtkWidget *name = find_labelled (chooser, GTK_TYPE_CHECK_BUTTON, "Name");
    guint name_pos = 0;
    while (vinv_view_get_column (view, name_pos) != VINV_VM_NAME)
        name_pos++;
    /* the row of a check button: check, up, down */
    GtkWidget *down = gtk_widget_get_next_sibling (gtk_widget_get_next_sibling (name));
    g_signal_emit_by_name (down, "clicked");
    g_assert_cmpuint (vinv_view_get_column (view, name_pos + 1), ==, VINV_VM_NAME);
    g_autofree char *e = column_view_titles (page);
    g_autofree char *f = view_titles (view);
    g_assert_cmpstr (e, ==, f);
    GtkWidget *reset_button = find_labelled (chooser, GTK_TYPE_BUTTON, "Reset to defaults");
    g_assert_nonnull (reset_button);
    g_signal_emit_by_name (reset_button, "clicked");
    g_autofree char *again = vinv_view_dup_columns_text (view);
    g_assert_cmpstr (again, ==, initial);
}

/* ---- links -------------------------------------------------------------- */

static int
first_link (VinvTablePage *page, guint col)
{
    for (guint i = 0; i < n_model (page); i++) {
        if (vinv_table_page_cell_has_link (page, i, col))
            return (int) i;
    }
    return -1;
}

static void
test_links_back_forward (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvTablePage *hosts = page_of (window, VINV_TABLE_HOST);
    VinvTable *vm_table = table_of (vms);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_table_page_set_filter (vms, "status = up"));
    guint shown = n_model (vms);

    /* a reference: the VM's host */
    int pos = first_link (vms, VINV_VM_HOST);
    g_assert_cmpint (pos, >=, 0);
    guint row = model_row (vms, (guint) pos);
    const VinvCell *host = vinv_table_get_cell (vm_table, row, VINV_VM_HOST);
    g_assert_cmpint (host->kind, ==, VINV_CELL_REF);
    g_assert_false (vinv_window_can_go_back (window));

    g_assert_true (vinv_table_page_activate_link (vms, (guint) pos, VINV_VM_HOST));
    g_assert_true (vinv_window_get_current_page (window) == hosts);
    g_assert_cmpuint (n_model (hosts), ==, 1);
    g_assert_cmpstr (vinv_table_get_row_id (table_of (hosts), model_row (hosts, 0)), ==,
                     host->v.ref->id);
    g_assert_true (vinv_window_can_go_back (window));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "back"));

    /* back (the action Alt+Left runs) restores the VMs tab and its filter */
    g_action_group_activate_action (G_ACTION_GROUP (window), "back", NULL);
    g_assert_true (vinv_window_get_current_page (window) == vms);
    g_assert_cmpuint (n_model (vms), ==, shown);
    g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (vms)), ==,
                     "status = up");
    g_assert_true (vinv_window_can_go_forward (window));

    /* forward goes to the host again */
    g_action_group_activate_action (G_ACTION_GROUP (window), "forward", NULL);
    g_assert_true (vinv_window_get_current_page (window) == hosts);
    g_assert_cmpuint (n_model (hosts), ==, 1);
    vinv_window_go_back (window);

    /* a list: the VM's disks (Enter/double-click = the row's activation) */
    VinvTablePage *disks = vinv_window_get_page (window, VINV_TABLE_DISK);
    g_assert_nonnull (disks);
    pos = first_link (vms, VINV_VM_DISKS);
    g_assert_cmpint (pos, >=, 0);
    const VinvCell *list = vinv_table_get_cell (vm_table, model_row (vms, (guint) pos),
                                                VINV_VM_DISKS);
    g_assert_cmpint (list->kind, ==, VINV_CELL_LIST);
    guint with_id = 0;
    for (guint i = 0; i < list->v.list->n; i++)
        with_id += list->v.list->items[i].id != NULL;
    g_assert_true (vinv_table_page_activate_link (vms, (guint) pos, VINV_VM_DISKS));
    g_assert_true (vinv_window_get_current_page (window) == disks);
    g_assert_cmpuint (n_model (disks), >=, 1);
    g_assert_cmpuint (n_model (disks), <=, with_id);
    vinv_window_go_back (window);

    /* the column view's "activate" (Enter, double-click) follows the first
     * shown link of the row */
    g_signal_emit_by_name (vinv_table_page_get_column_view (vms), "activate", 0u);
    g_assert_true (vinv_window_get_current_page (window) != vms);
    vinv_window_go_back (window);
    g_assert_true (vinv_window_get_current_page (window) == vms);

    /* link cells are styled: a bound Host cell carries the link class */
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    vinv_table_page_set_filter (vms, "");
}

/* ---- export ------------------------------------------------------------- */

typedef struct {
    gboolean done;
    gboolean ok;
    char *summary;
    GError *error;
} ExportWait;

static void
on_exported (GObject *source, GAsyncResult *result, gpointer user_data)
{
    ExportWait *w = user_data;
    w->ok = vinv_window_export_finish (VINV_WINDOW (source), result, &w->summary, &w->error);
    w->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
    return ((ExportWait *) data)->done;
}

static gboolean
export_to (VinvWindow *window, const VinvTableKind *kinds, guint n, VinvExportFormat format,
           gboolean everything, const char *path, GError **error)
{
    g_autoptr (GFile) file = g_file_new_for_path (path);
    ExportWait w = { 0 };
    vinv_window_export_async (window, kinds, n, format, everything, file, NULL, on_exported, &w);
    g_assert_true (vinv_wait_until (export_done, &w, DEADLINE_MS));
    if (w.ok)
        g_test_message ("%s", w.summary);
    g_free (w.summary);
    if (w.error != NULL)
        g_propagate_error (error, w.error);
    return w.ok;
}

/* Number of CSV records (RFC 4180: CRLF outside quotes ends one). */
static guint
csv_records (const char *text)
{
    guint n = 0;
    gboolean quoted = FALSE;
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            quoted = !quoted;
        else if (!quoted && p[0] == '\r' && p[1] == '\n')
            n++;
    }
    return n;
}

static void
test_export (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvTable *vm_table = table_of (vms);
    g_autofree char *csv = g_build_filename (tmp_dir, "vms.csv", NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *content = NULL;

    /* what you see: exactly what the core writes for the page's view */
    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_set_filter (vms, "status = up");
    vinv_table_page_sort_by (vms, VINV_VM_NAME, TRUE);
    g_assert_true (export_to (window, NULL, 0, VINV_EXPORT_CSV, FALSE, csv, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv, &content, NULL, NULL));
    g_autoptr (GOutputStream) mem = g_memory_output_stream_new_resizable ();
    g_assert_true (vinv_export_view (vinv_table_page_get_view (vms), "VMs", VINV_EXPORT_CSV,
                                     mem, NULL, NULL));
    g_output_stream_close (mem, NULL, NULL);
    g_assert_cmpuint (g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem)), ==,
                      strlen (content));
    g_assert_true (memcmp (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem)),
                           content, strlen (content)) == 0);
    g_assert_cmpuint (csv_records (content), ==, n_model (vms) + 1);
    g_assert_true (g_str_has_prefix (content, "Source,Name,")
                   || g_str_has_prefix (content, "Name,"));
    g_clear_pointer (&content, g_free);

    /* everything: every row, more columns */
    g_assert_true (export_to (window, (VinvTableKind[]) { VINV_TABLE_VM }, 1, VINV_EXPORT_CSV,
                              TRUE, csv, &error));
    g_assert_true (g_file_get_contents (csv, &content, NULL, NULL));
    g_assert_cmpuint (csv_records (content), ==, vinv_table_get_n_rows (vm_table) + 1);
    const char *eol = strstr (content, "\r\n");
    guint fields = 1;
    for (const char *p = content; p < eol; p++)
        fields += *p == ',';
    g_assert_cmpuint (fields, >, vinv_view_get_n_columns (vinv_table_page_get_view (vms)));
    g_clear_pointer (&content, g_free);

    /* chosen tables: JSON in one file, CSV one file per table */
    VinvTableKind two[] = { VINV_TABLE_VM, VINV_TABLE_HOST };
    g_autofree char *json = g_build_filename (tmp_dir, "inventory.json", NULL);
    g_assert_true (export_to (window, two, 2, VINV_EXPORT_JSON, FALSE, json, &error));
    g_assert_true (g_file_get_contents (json, &content, NULL, NULL));
    g_assert_true (g_str_has_prefix (content, "{\"tables\""));
    g_assert_nonnull (strstr (content, "\"VMs\""));
    g_assert_nonnull (strstr (content, "\"Hosts\""));
    g_clear_pointer (&content, g_free);
    g_autofree char *dir = g_build_filename (tmp_dir, "csv-out", NULL);
    g_assert_true (export_to (window, two, 2, VINV_EXPORT_CSV, FALSE, dir, &error));
    g_autofree char *vms_csv = g_build_filename (dir, "vms.csv", NULL);
    g_autofree char *hosts_csv = g_build_filename (dir, "hosts.csv", NULL);
    g_assert_true (g_file_get_contents (hosts_csv, &content, NULL, NULL));
    g_assert_cmpuint (csv_records (content),
                      ==, n_model (page_of (window, VINV_TABLE_HOST)) + 1);
    g_assert_true (g_file_test (vms_csv, G_FILE_TEST_IS_REGULAR));

    /* XLSX: disabled in the dialog while the core does not write it */
    gboolean xlsx = vinv_export_format_is_available (VINV_EXPORT_XLSX);
    GtkWidget *dialog = vinv_export_dialog_new (window);
    gtk_window_present (GTK_WINDOW (dialog));
    g_assert_cmpint (gtk_widget_get_sensitive (vinv_export_dialog_get_format_button (
                         VINV_EXPORT_DIALOG (dialog), VINV_EXPORT_XLSX)), ==, xlsx);
    g_assert_true (gtk_widget_get_sensitive (vinv_export_dialog_get_format_button (
        VINV_EXPORT_DIALOG (dialog), VINV_EXPORT_CSV)));
    VinvExportFormat format;
    gboolean everything;
    VinvTableKind kinds[VINV_TABLE_LAST];
    g_assert_cmpuint (vinv_export_dialog_get_choice (VINV_EXPORT_DIALOG (dialog), &format,
                                                     &everything, kinds), ==, 1);
    g_assert_cmpint (kinds[0], ==, VINV_TABLE_VM);
    g_assert_cmpint (format, ==, VINV_EXPORT_CSV);
    g_assert_false (everything);
    gtk_window_destroy (GTK_WINDOW (dialog));
    if (!xlsx) {
        g_autofree char *path = g_build_filename (tmp_dir, "vms.xlsx", NULL);
        g_assert_false (export_to (window, NULL, 0, VINV_EXPORT_XLSX, FALSE, path, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
        g_clear_error (&error);
        g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
    vinv_table_page_set_filter (vms, "");
    gtk_column_view_sort_by_column (vinv_table_page_get_column_view (vms), NULL, 0);
}

/* ---- configuration ------------------------------------------------------ */

static void
test_config_save_restore (void)
{
    VinvWindow *window = new_demo_window ();
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (page);

    vinv_table_page_set_column_visible (page, VINV_VM_STATUS, FALSE);
    vinv_table_page_move_column (page, VINV_VM_MEMORY, 0);
    vinv_table_page_sort_by (page, VINV_VM_MEMORY, TRUE);
    g_assert_true (vinv_table_page_set_filter (page, "memory > 1GB"));
    g_autofree char *columns = vinv_view_dup_columns_text (view);
    g_autofree char *sort = vinv_view_dup_sort_text (view);

    /* "Save configuration" */
    g_action_group_activate_action (G_ACTION_GROUP (window), "save-config", NULL);
    g_assert_nonnull (strstr (vinv_window_get_message (window), "saved"));
    g_autoptr (VinvConfig) saved = vinv_config_load (config_path, NULL);
    VinvTableSettings settings = { 0 };
    /* kept for this connection (the demo's URIs: no profile) */
    g_autofree char *scope = vinv_config_scope (NULL, vinv_window_get_uris (window));
    g_assert_false (vinv_config_get_table_settings (saved, NULL, "vms", &settings));
    g_assert_true (vinv_config_get_table_settings (saved, scope, "vms", &settings));
    g_assert_cmpstr (settings.filter, ==, "memory > 1GB");
    vinv_table_settings_clear (&settings);

    /* closing saves too */
    g_assert_true (vinv_table_page_set_filter (page, "memory > 2GB"));
    gtk_window_close (GTK_WINDOW (window));
    g_autoptr (VinvConfig) closed = vinv_config_load (config_path, NULL);
    g_assert_true (vinv_config_get_table_settings (closed, scope, "vms", &settings));
    g_assert_cmpstr (settings.filter, ==, "memory > 2GB");
    vinv_table_settings_clear (&settings);

    /* the next start restores columns, order, sort and filter */
    vinv_app_set_config (app, vinv_config_load (config_path, NULL));
    VinvWindow *next = new_demo_window ();
    VinvView *restored = vinv_table_page_get_view (page_of (next, VINV_TABLE_VM));
    g_autofree char *columns2 = vinv_view_dup_columns_text (restored);
    g_autofree char *sort2 = vinv_view_dup_sort_text (restored);
    g_assert_cmpstr (columns2, ==, columns);
    g_assert_cmpstr (sort2, ==, sort);
    g_assert_cmpstr (vinv_view_get_filter_text (restored), ==, "memory > 2GB");
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vinv_table_page_get_filter_entry (
                         page_of (next, VINV_TABLE_VM)))), ==, "memory > 2GB");
    assert_model_matches_view (page_of (next, VINV_TABLE_VM));
    gtk_window_destroy (GTK_WINDOW (next));

    /* leave a clean configuration for the other tests */
    g_remove (config_path);
    vinv_app_set_config (app, vinv_config_load (config_path, NULL));
}

/* ---- actions, keys, refresh, cancel ------------------------------------- */

static const struct {
    const char *action;
    const char *accel;
} accels[] = {
    { "win.find", "<Control>f" },
    { "win.refresh", "<Control>r" },
    { "win.export", "<Control>e" },
    { "win.back", "<Alt>Left" },
    { "win.forward", "<Alt>Right" },
    { "win.save-config", "<Control>s" },
};

static void
test_actions_and_keys (void)
{
    VinvWindow *window = get_demo_window ();

    for (guint i = 0; i < G_N_ELEMENTS (accels); i++) {
        g_auto (GStrv) keys = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                     accels[i].action);
        g_assert_nonnull (keys);
        g_assert_true (g_strv_contains ((const char *const *) keys, accels[i].accel));
    }
    /* saved inventories: open and compare; nothing to end yet */
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "open-saved"));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compare-with"));
    g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "compare-stop"));
    g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));

    /* Ctrl+F puts the focus in the current tab's filter entry */
    vinv_window_show_table (window, VINV_TABLE_HOST);
    g_action_group_activate_action (G_ACTION_GROUP (window), "find", NULL);
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (vinv_table_page_get_filter_entry (
                       page_of (window, VINV_TABLE_HOST)))));
    vinv_window_show_table (window, VINV_TABLE_VM);

    /* Ctrl+R reloads in the background; the rows stay until it is done */
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    guint rows = n_model (vms);
    g_action_group_activate_action (G_ACTION_GROUP (window), "refresh", NULL);
    g_assert_true (vinv_window_is_loading (window));
    g_assert_cmpuint (n_model (vms), ==, rows);
    wait_loaded (window);
    g_assert_true (page_of (window, VINV_TABLE_VM) == vms);
    g_assert_cmpuint (n_model (vms), ==, rows);
    assert_model_matches_view (vms);
}

static gboolean
has_progress (gpointer data)
{
    return *vinv_window_get_progress_text (VINV_WINDOW (data)) != '\0'
           && strstr (vinv_window_get_progress_text (VINV_WINDOW (data)), "waiting") != NULL;
}

static void
test_cancel_and_failed_refresh (void)
{
    const char *slow[] = { "slow://forever", NULL };
    VinvConnectOptions options = { 0 };

    /* a first load that never ends: progress shows, the window stays
     * responsive (we are iterating its main loop), Cancel stops it */
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, slow, &options);
    g_assert_true (vinv_wait_until (has_progress, window, DEADLINE_MS));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    g_assert_true (vinv_window_is_loading (window));
    g_action_group_activate_action (G_ACTION_GROUP (window), "cancel-load", NULL);
    wait_loaded (window);
    g_assert_cmpstr (vinv_window_get_status_text (window), ==, "Loading cancelled.");
    g_assert_null (vinv_window_get_inventory (window));

    /* a first load that fails says why in the window */
    const char *missing[] = { "test:///nonexistent/vinv-node.xml", NULL };
    vinv_window_load (window, missing, &options);
    wait_loaded (window);
    g_assert_cmpstr (vinv_window_get_status_text (window), ==, "Could not connect");
    g_assert_nonnull (strstr (vinv_window_get_status_detail (window), "nonexistent"));
    gtk_window_destroy (GTK_WINDOW (window));

    /* a refresh of a loaded window: old rows stay while it runs and after
     * it is cancelled */
    window = new_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    const VinvInventory *before = vinv_window_get_inventory (window);
    guint rows = n_model (vms);
    vinv_window_load (window, slow, &options);
    g_assert_true (vinv_wait_until (has_progress, window, DEADLINE_MS));
    g_assert_cmpuint (n_model (vms), ==, rows);
    vinv_window_cancel_load (window);
    wait_loaded (window);
    g_assert_true (vinv_window_get_inventory (window) == before);
    g_assert_cmpuint (n_model (vms), ==, rows);
    g_assert_nonnull (strstr (vinv_window_get_message (window), "cancelled"));

    /* a refresh that fails: the error is shown in the window, rows stay */
    const char *bad[] = { "nosuch://engine", NULL };
    vinv_window_load (window, bad, &options);
    wait_loaded (window);
    g_assert_true (vinv_window_get_inventory (window) == before);
    g_assert_cmpuint (n_model (vms), ==, rows);
    g_assert_nonnull (strstr (vinv_window_get_message (window), "Refresh failed"));
    g_assert_nonnull (strstr (vinv_window_get_message (window), "nosuch://engine"));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- partial failures --------------------------------------------------- */

static void
test_partial_failures (void)
{
    /* one connection of two fails: the other loads, the failure is shown */
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) demo = vinv_demo_dup_uris (NULL, &error);
    g_assert_no_error (error);
    const char *uris[] = { demo[0], "test:///nonexistent/vinv-node.xml", NULL };
    VinvConnectOptions options = { 0 };
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, &options);
    wait_loaded (window);
    g_assert_nonnull (vinv_window_get_inventory (window));
    g_assert_nonnull (vinv_window_get_page (window, VINV_TABLE_VM));
    g_assert_nonnull (vinv_window_get_message (window));
    g_assert_nonnull (strstr (vinv_window_get_message (window), "nonexistent"));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    gtk_window_destroy (GTK_WINDOW (window));

    /* a table that failed to load says so in its tab; the others do not */
    VinvInventory *inventory = vinv_bench_synth_inventory (10);
    vinv_table_set_error (vinv_inventory_get_table (inventory, VINV_TABLE_HOST),
                          "HTTP 500 on /hosts");
    window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_set_inventory (window, inventory);
    g_assert_cmpstr (vinv_table_page_get_banner (page_of (window, VINV_TABLE_HOST)), ==,
                     "HTTP 500 on /hosts");
    vinv_window_show_table (window, VINV_TABLE_HOST);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    g_assert_null (vinv_table_page_get_banner (page_of (window, VINV_TABLE_VM)));
    g_assert_cmpuint (n_model (page_of (window, VINV_TABLE_VM)), ==, 10);
    gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- scale -------------------------------------------------------------- */

static void
test_100k_rows (void)
{
    const guint n = 100000;
    VinvWindow *window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_set_inventory (window, vinv_bench_synth_inventory (n));
    vinv_window_show_table (window, VINV_TABLE_VM);
    VinvTablePage *page = page_of (window, VINV_TABLE_VM);
    VinvTable *table = table_of (page);

    g_assert_cmpuint (n_model (page), ==, n);
    g_assert_true (vinv_table_page_set_filter (page, "status = up"));
    g_assert_cmpuint (n_model (page), ==, count_status (table, "up"));
    vinv_table_page_sort_by (page, VINV_VM_NAME, FALSE);
    assert_sorted (page, VINV_VM_NAME, FALSE);

    /* scroll to the end and back: frames keep coming */
    GtkColumnView *cv = vinv_table_page_get_column_view (page);
    GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (cv));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    gtk_adjustment_set_value (adj, 0);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows the column view shows (through the slice and the selection). */
static GListModel *
shown_rows (VinvTablePage *page)
{
    return G_LIST_MODEL (gtk_column_view_get_model (vinv_table_page_get_column_view (page)));
}

static gboolean
all_rows_shown (gpointer data)
{
    VinvTablePage *page = data;
    return g_list_model_get_n_items (shown_rows (page)) == n_model (page);
}

/* The column view shows the view's rows, in its order. */
static void
assert_shown_match_view (VinvTablePage *page)
{
    VinvView *view = vinv_table_page_get_view (page);
    GListModel *shown = shown_rows (page);
    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, vinv_view_get_n_rows (view));
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        g_autoptr (VinvRowItem) item = g_list_model_get_item (shown, i);
        g_assert_cmpuint (vinv_row_item_get_row (item), ==, vinv_view_get_row (view, i));
    }
}

/* A page hands its rows to its column view when first shown: a screenful
 * at once, the rest in steps after (GTK 4.8 makes a row widget for each
 * of the first 200 rows it is given, which kept a large table's window
 * from painting); a filter applied meanwhile shows every row it matches. */
static void
test_rows_in_steps (void)
{
    for (int filtered = 0; filtered < 2; filtered++) {
        VinvWindow *window = vinv_app_new_window (app);
        gtk_window_present (GTK_WINDOW (window));
        vinv_window_set_inventory (window, vinv_bench_synth_inventory (1000));
        vinv_window_show_table (window, VINV_TABLE_VM);
        VinvTablePage *page = page_of (window, VINV_TABLE_VM);
        g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
        g_assert_cmpuint (n_model (page), ==, 1000);
        guint first = g_list_model_get_n_items (shown_rows (page));
        g_test_message ("rows handed over first: %u of 1000", first);
        g_assert_cmpuint (first, >=, 20);
        g_assert_cmpuint (first, <, 200);
        if (filtered) {
            g_assert_true (vinv_table_page_set_filter (page, "vcpus >= 4"));
            g_assert_cmpuint (n_model (page), <, 1000);
            g_assert_cmpuint (n_model (page), >, 200);
            assert_shown_match_view (page);
        } else {
            g_assert_true (vinv_wait_until (all_rows_shown, page, DEADLINE_MS));
            assert_shown_match_view (page);
        }
        frames (GTK_WIDGET (window));
        gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* ---- readable values, links, empty states, keys (issue 15) ------------- */

/* Texts of the GtkInscriptions and cell texts under @root, appended to
 * @out. */
static void
collect_inscriptions (GtkWidget *root, GPtrArray *out)
{
    const char *text = !gtk_widget_get_mapped (root) ? NULL
                       : GTK_IS_INSCRIPTION (root)
                       ? gtk_inscription_get_text (GTK_INSCRIPTION (root))
                       : VINV_IS_CELL_TEXT (root)
                       ? vinv_cell_text_get_text (VINV_CELL_TEXT (root)) : NULL;
    if (text != NULL)
        g_ptr_array_add (out, g_strdup (text));
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child))
        collect_inscriptions (child, out);
}

/* Images with CSS class @css under @root. */
static guint
count_images_with_class (GtkWidget *root, const char *css)
{
    guint n = GTK_IS_IMAGE (root) && gtk_widget_get_mapped (root)
              && gtk_widget_has_css_class (root, css) ? 1 : 0;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child))
        n += count_images_with_class (child, css);
    return n;
}

static void
select_position (VinvTablePage *page, guint position)
{
    GtkSelectionModel *model = gtk_column_view_get_model (vinv_table_page_get_column_view (page));
    g_assert_true (gtk_selection_model_select_item (model, position, TRUE));
}

static void
test_readable_values (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);
    VinvTable *table = table_of (vms);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_view_set_columns_text (view, "name,status,memory,vcpus,ha,disks", NULL));
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
    g_assert_true (vinv_table_page_set_filter (vms, "status = up"));
    g_assert_cmpuint (n_model (vms), >, 0);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));

    /* what the cells show is the core's readable form */
    g_autoptr (GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
    collect_inscriptions (GTK_WIDGET (vinv_table_page_get_column_view (vms)), texts);
    g_assert_cmpuint (texts->len, >, 0);
    guint row = model_row (vms, 0);
    g_autofree char *memory = vinv_cell_format_display (
        vinv_table_get_column (table, VINV_VM_MEMORY),
        vinv_table_get_cell (table, row, VINV_VM_MEMORY), 0);
    g_assert_true (g_regex_match_simple ("^[0-9,]+(\\.[0-9])? (MiB|GiB|TiB)$", memory, 0, 0));
    gboolean seen_memory = FALSE, seen_up = FALSE;
    for (guint i = 0; i < texts->len; i++) {
        const char *t = texts->pdata[i];
        g_assert_null (strstr (t, "\u2007"));           /* no figure-space padding */
        g_assert_null (strstr (t, "  "));
        g_assert_false (g_str_has_suffix (t, " MB"));   /* never the raw unit */
        g_assert_cmpstr (t, !=, "true");
        g_assert_cmpstr (t, !=, "up");
        seen_memory = seen_memory || strcmp (t, memory) == 0;
        seen_up = seen_up || strcmp (t, "Up") == 0;
    }
    g_assert_true (seen_memory);
    g_assert_true (seen_up);
    /* every running VM's status carries the green icon */
    g_assert_cmpuint (count_images_with_class (GTK_WIDGET (vinv_table_page_get_column_view (vms)),
                                               "success"), >, 0);
    /* filters still compare exact values */
    g_assert_cmpstr (vinv_view_get_filter_text (view), ==, "status = up");

    /* Ctrl+C copies the selected rows: header and values as shown */
    select_position (vms, 0);
    g_autofree char *copied = vinv_table_page_dup_selection_text (vms);
    g_assert_nonnull (copied);
    g_auto (GStrv) lines = g_strsplit (copied, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* header, row, "" */
    g_assert_cmpstr (lines[0], ==, "Name\tStatus\tMemory\tvCPUs\tHA\tDisks");
    g_auto (GStrv) cells = g_strsplit (lines[1], "\t", -1);
    g_assert_cmpuint (g_strv_length (cells), ==, 6);
    g_assert_cmpstr (cells[0], ==, string_cell (table, row, VINV_VM_NAME));
    g_assert_cmpstr (cells[1], ==, "Up");
    g_assert_cmpstr (cells[2], ==, memory);
    g_assert_true (strcmp (cells[4], "Yes") == 0 || strcmp (cells[4], "No") == 0
                   || cells[4][0] == '\0');
    g_assert_cmpstr (lines[2], ==, "");
    vinv_table_page_set_filter (vms, "");
    vinv_table_page_reset_columns (vms);
}

static gboolean
clipboard_read (gpointer data)
{
    return *(char **) data != NULL;
}

static void
on_clipboard_text (GObject *source, GAsyncResult *result, gpointer user_data)
{
    char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
    *(char **) user_data = text != NULL ? text : g_strdup ("");
}


static void
test_keys_and_help (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    GtkWidget *cv = GTK_WIDGET (vinv_table_page_get_column_view (vms));

    vinv_window_show_table (window, VINV_TABLE_VM);
    /* Escape clears the filter */
    g_assert_true (vinv_table_page_set_filter (vms, "status = up"));
    guint all = vinv_table_get_n_rows (table_of (vms));
    g_assert_cmpuint (n_model (vms), <, all);
    g_assert_true (run_shortcut (GTK_WIDGET (vms), "Escape"));
    g_assert_cmpuint (n_model (vms), ==, all);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (vinv_table_page_get_filter_entry (vms))),
                     ==, "");
    g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (vms)), ==, "");
    /* nothing to clear: Escape is left to others (closing popovers) */
    g_assert_false (run_shortcut (GTK_WIDGET (vms), "Escape"));

    /* Ctrl+C on the rows puts the selected rows on the clipboard */
    select_position (vms, 2);
    g_assert_true (run_shortcut (cv, "<Control>c"));
    char *text = NULL;
    gdk_clipboard_read_text_async (gtk_widget_get_clipboard (cv), NULL, on_clipboard_text, &text);
    g_assert_true (vinv_wait_until (clipboard_read, &text, DEADLINE_MS));
    g_autofree char *expect = vinv_table_page_dup_selection_text (vms);
    g_assert_cmpstr (text, ==, expect);
    g_autofree char *titles = view_titles (vinv_table_page_get_view (vms));
    g_strdelimit (titles, ",", '\t');
    g_autofree char *header = g_strconcat (titles, "\n", NULL);
    g_assert_true (g_str_has_prefix (text, header));
    g_assert_nonnull (strstr (text, string_cell (table_of (vms), model_row (vms, 2),
                                                 VINV_VM_NAME)));
    g_free (text);

    /* Ctrl+1…9 and Ctrl+PgUp/PgDn switch tables */
    g_auto (GStrv) k2 = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "win.show-table-nth(1)");
    g_assert_true (g_strv_contains ((const char *const *) k2, "<Control>2"));
    g_auto (GStrv) kn = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "win.next-table");
    g_assert_true (g_strv_contains ((const char *const *) kn, "<Control>Page_Down"));
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-table-nth",
                                    g_variant_new_int32 (1));
    VinvTablePage *second = vinv_window_get_current_page (window);
    g_assert_true (second != vms);
    g_action_group_activate_action (G_ACTION_GROUP (window), "previous-table", NULL);
    g_assert_true (vinv_window_get_current_page (window) == vms);
    g_action_group_activate_action (G_ACTION_GROUP (window), "next-table", NULL);
    g_assert_true (vinv_window_get_current_page (window) == second);
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-table-nth",
                                    g_variant_new_int32 (0));
    g_assert_true (vinv_window_get_current_page (window) == vms);

    /* F1 / Ctrl+? open the shortcuts window */
    g_auto (GStrv) kh = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                               "win.shortcuts");
    g_assert_true (g_strv_contains ((const char *const *) kh, "F1"));
    g_assert_true (g_strv_contains ((const char *const *) kh, "<Control>question"));
    GtkWindow *help = vinv_window_show_shortcuts (window);
    g_assert_true (GTK_IS_SHORTCUTS_WINDOW (help));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
    g_assert_true (gtk_window_get_transient_for (help) == GTK_WINDOW (window));
    gtk_window_destroy (help);

    /* the title names the connection; the status line says when */
    const VinvInventory *inv = vinv_window_get_inventory (window);
    g_autoptr (GString) want = g_string_new ("virt-inventory — ");
    for (guint i = 0; i < vinv_inventory_get_n_sources (inv); i++)
        g_string_append_printf (want, "%s%s", i > 0 ? ", " : "",
                                vinv_inventory_get_source (inv, i)->name);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, want->str);
    g_assert_true (g_regex_match_simple ("^Loaded [0-9]{2}:[0-9]{2} in [0-9]+\\.[0-9] s$",
                                         vinv_window_get_loaded_text (window), 0, 0));
}

/* The first VM position with more than one linked disk, or -1. */
static int
vm_with_disks (VinvTablePage *vms)
{
    VinvTable *table = table_of (vms);
    for (guint i = 0; i < n_model (vms); i++) {
        const VinvCell *cell = vinv_table_get_cell (table, model_row (vms, i), VINV_VM_DISKS);
        if (cell->kind == VINV_CELL_LIST && cell->v.list->n > 1
            && cell->v.list->items[0].id != NULL)
            return (int) i;
    }
    return -1;
}

static void
test_link_chip (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvTablePage *disks = page_of (window, VINV_TABLE_DISK);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_table_page_set_filter (vms, "vcpus >= 1"));
    int pos = vm_with_disks (vms);
    g_assert_cmpint (pos, >=, 0);
    guint row = model_row (vms, (guint) pos);
    const char *name = string_cell (table_of (vms), row, VINV_VM_NAME);
    const VinvCell *list = vinv_table_get_cell (table_of (vms), row, VINV_VM_DISKS);

    /* the cell reads "first +n"; its tooltip lists the items */
    g_autofree char *shown = vinv_cell_format_display (
        vinv_table_get_column (table_of (vms), VINV_VM_DISKS), list, 0);
    g_autofree char *plus = g_strdup_printf (" +%u", list->v.list->n - 1);
    g_assert_true (g_str_has_suffix (shown, plus));

    /* the row menu offers every link column of the row */
    g_autoptr (GMenuModel) menu = vinv_table_page_build_row_menu (vms, (guint) pos);
    g_autoptr (GMenuModel) follow = NULL;
    for (int i = 0; i < g_menu_model_get_n_items (menu) && follow == NULL; i++)
        follow = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
    g_assert_nonnull (follow);
    guint links = 0;
    VinvView *view = vinv_table_page_get_view (vms);
    for (guint i = 0; i < vinv_view_get_n_columns (view); i++)
        links += vinv_table_page_cell_has_link (vms, (guint) pos, vinv_view_get_column (view, i));
    g_assert_cmpuint ((guint) g_menu_model_get_n_items (follow), ==, links);
    g_assert_cmpuint (links, >=, 2);

    /* following Disks shows a chip, not an id expression */
    g_assert_true (vinv_table_page_activate_link (vms, (guint) pos, VINV_VM_DISKS));
    g_assert_true (vinv_window_get_current_page (window) == disks);
    g_autofree char *label = g_strdup_printf ("Disks of %s", name);
    g_assert_cmpstr (vinv_table_page_get_link_label (disks), ==, label);
    GtkEntry *disk_entry = vinv_table_page_get_filter_entry (disks);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (disk_entry)), ==, "");
    g_assert_cmpuint (n_model (disks), ==, list->v.list->n);
    guint linked = n_model (disks);

    /* typing narrows within the chip */
    g_assert_true (vinv_table_page_set_link_filter (disks,
                                                    vinv_table_page_get_link_filter (disks),
                                                    label, "name = \"no-such-disk\""));
    g_assert_cmpuint (n_model (disks), ==, 0);
    g_assert_true (vinv_table_page_set_link_filter (disks,
                                                    vinv_table_page_get_link_filter (disks),
                                                    label, ""));
    g_assert_cmpuint (n_model (disks), ==, linked);

    /* Back restores the VMs filter; Forward the chip */
    vinv_window_go_back (window);
    g_assert_true (vinv_window_get_current_page (window) == vms);
    g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (vms)), ==,
                     "vcpus >= 1");
    g_assert_null (vinv_table_page_get_link_label (vms));
    vinv_window_go_forward (window);
    g_assert_cmpstr (vinv_table_page_get_link_label (disks), ==, label);
    g_assert_cmpuint (n_model (disks), ==, linked);

    /* removing the chip (its ✕, or Escape) shows every disk */
    vinv_table_page_clear_filter (disks);
    g_assert_null (vinv_table_page_get_link_label (disks));
    g_assert_cmpuint (n_model (disks), ==, vinv_table_get_n_rows (table_of (disks)));
    vinv_window_go_back (window);
    vinv_table_page_set_filter (vms, "");
}

static void
test_empty_states (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_null (vinv_table_page_get_empty_text (vms));
    g_assert_true (vinv_table_page_set_filter (vms, "name = \"no-such-vm\""));
    g_assert_cmpuint (n_model (vms), ==, 0);
    g_assert_cmpstr (vinv_table_page_get_empty_text (vms), ==, "No rows match this filter");
    GtkWidget *clear = find_labelled (GTK_WIDGET (vms), GTK_TYPE_BUTTON, "C_lear Filter");
    g_assert_nonnull (clear);
    g_signal_emit_by_name (clear, "clicked");
    g_assert_null (vinv_table_page_get_empty_text (vms));
    g_assert_cmpuint (n_model (vms), ==, vinv_table_get_n_rows (table_of (vms)));

    /* a table with no rows at all */
    GtkWidget *page = g_object_ref_sink (vinv_table_page_new (VINV_TABLE_SNAP));
    VinvTable *empty = vinv_table_new (vinv_schema_get (VINV_TABLE_SNAP));
    vinv_table_page_set_table (VINV_TABLE_PAGE (page), empty, NULL, NULL);
    g_assert_cmpstr (vinv_table_page_get_empty_text (VINV_TABLE_PAGE (page)), ==,
                     "This table is empty on this connection");
    vinv_table_unref (empty);
    g_object_unref (page);
}

static GtkAdjustment *
page_vadjustment (VinvTablePage *page)
{
    GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (vinv_table_page_get_column_view (page)));
    while (w != NULL && !GTK_IS_SCROLLED_WINDOW (w))
        w = gtk_widget_get_parent (w);
    g_assert_nonnull (w);
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));
}

static void
test_lists_predictable (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    GtkSelectionModel *model = gtk_column_view_get_model (vinv_table_page_get_column_view (vms));

    vinv_window_show_table (window, VINV_TABLE_VM);
    /* (a row that gets the keyboard focus is selected: keep it away) */
    vinv_table_page_focus_filter (vms);
    if (GTK_IS_SINGLE_SELECTION (model))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model),
                                           GTK_INVALID_LIST_POSITION);
    else
        gtk_selection_model_unselect_all (model);
    vinv_table_page_set_filter (vms, "");
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    GtkAdjustment *adj = page_vadjustment (vms);
    g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));

    /* a new filter scrolls back to the top */
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), >, 0);
    g_assert_true (vinv_table_page_set_filter (vms, "vcpus >= 1"));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, gtk_adjustment_get_lower (adj));

    /* the selection follows its row through a sort and a refresh */
    select_position (vms, 3);
    /* (a copy: the refresh below frees the old table) */
    g_autofree char *id = g_strdup (vinv_table_get_row_id (table_of (vms), model_row (vms, 3)));
    vinv_table_page_sort_by (vms, VINV_VM_NAME, TRUE);
    g_autoptr (GtkBitset) after_sort = gtk_selection_model_get_selection (model);
    g_assert_cmpuint (gtk_bitset_get_size (after_sort), ==, 1);
    guint pos = gtk_bitset_get_nth (after_sort, 0);
    g_assert_cmpstr (vinv_table_get_row_id (table_of (vms), model_row (vms, pos)), ==, id);

    /* a user-resized column keeps its width through a refresh */
    GListModel *columns = gtk_column_view_get_columns (vinv_table_page_get_column_view (vms));
    g_autoptr (GtkColumnViewColumn) first = g_list_model_get_item (columns, 0);
    gtk_column_view_column_set_fixed_width (first, 321);
    vinv_window_refresh (window);
    wait_loaded (window);
    g_assert_cmpint (gtk_column_view_column_get_fixed_width (first), ==, 321);
    g_autoptr (GtkBitset) after_refresh = gtk_selection_model_get_selection (model);
    g_assert_cmpuint (gtk_bitset_get_size (after_refresh), ==, 1);
    pos = gtk_bitset_get_nth (after_refresh, 0);
    g_assert_cmpstr (vinv_table_get_row_id (table_of (vms), model_row (vms, pos)), ==, id);
    gtk_column_view_column_set_fixed_width (first, -1);
    vinv_table_page_sort_by (vms, VINV_VM_NAME, FALSE);
    vinv_table_page_set_filter (vms, "");
}


static double
relative_luminance (const GdkRGBA *c)
{
    double v[3] = { c->red, c->green, c->blue };
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.03928 ? v[i] / 12.92 : pow ((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

static double
contrast (const GdkRGBA *a, const GdkRGBA *b)
{
    double la = relative_luminance (a), lb = relative_luminance (b);
    return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

/* The first widget under @root carrying CSS class @css. */
static GtkWidget *
find_with_class (GtkWidget *root, const char *css)
{
    if (gtk_widget_has_css_class (root, css) && gtk_widget_get_mapped (root))
        return root;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = find_with_class (child, css);
        if (found != NULL)
            return found;
    }
    return NULL;
}

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static double
widget_contrast (GtkWidget *widget, const char *background)
{
    GtkStyleContext *context = gtk_widget_get_style_context (widget);
    GdkRGBA fg, bg;
    gtk_style_context_get_color (context, &fg);
    g_assert_true (gtk_style_context_lookup_color (context, background, &bg));
    return contrast (&fg, &bg);
}
G_GNUC_END_IGNORE_DEPRECATIONS

/* Link and error text keep 4.5:1 against their background in the light
 * and the dark theme. */
static void
test_theme_contrast (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    GtkSettings *settings = gtk_settings_get_default ();

    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_set_filter (vms, "");
    for (int dark = 0; dark <= 1; dark++) {
        g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
        g_assert_false (vinv_table_page_set_filter (vms, "memry > 1"));   /* an error */
        g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
        GtkWidget *link = find_with_class (GTK_WIDGET (vinv_table_page_get_column_view (vms)),
                                           "vinv-link");
        GtkWidget *error = find_with_class (GTK_WIDGET (vms), "vinv-filter-error");
        g_assert_nonnull (link);
        g_assert_nonnull (error);
        double cl = widget_contrast (link, "theme_base_color");
        double ce = widget_contrast (error, "theme_bg_color");
        g_test_message ("%s: link %.2f:1, error %.2f:1", dark ? "dark" : "light", cl, ce);
        g_assert_cmpfloat (cl, >=, 4.5);
        g_assert_cmpfloat (ce, >=, 4.5);
        vinv_table_page_set_filter (vms, "");
    }
    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

/* ---- screenshot --------------------------------------------------------- */



/* Saves @window with @popover (a popup surface of its own, which the
 * window's rendering does not include) drawn where it is on the screen,
 * as @dir/@name after the next frames. */
static void
save_shot_with_popover (VinvWindow *window, GtkWidget *popover, const char *dir,
                        const char *name)
{
    g_autofree char *path = g_build_filename (dir, name, NULL);
    GtkWidget *w = GTK_WIDGET (window);
    int width = gtk_widget_get_width (w);
    int height = gtk_widget_get_height (w);
    double wx, wy, px, py;

    g_assert_true (vinv_wait_frames (w, 3, DEADLINE_MS));
    g_assert_true (vinv_wait_frames (popover, 2, DEADLINE_MS));
    gtk_native_get_surface_transform (GTK_NATIVE (window), &wx, &wy);
    gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
    GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (popover));
    float x = (float) (gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx);
    float y = (float) (gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy);

    g_autoptr (GdkPaintable) under = gtk_widget_paintable_new (w);
    g_autoptr (GdkPaintable) over = gtk_widget_paintable_new (popover);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    GdkRGBA white = { 1, 1, 1, 1 };
    gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (0, 0, width, height));
    gdk_paintable_snapshot (under, snapshot, width, height);
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
    gdk_paintable_snapshot (over, snapshot, gtk_widget_get_width (popover),
                            gtk_widget_get_height (popover));
    gtk_snapshot_restore (snapshot);
    g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
    g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (
        gtk_native_get_renderer (GTK_NATIVE (window)), node,
        &GRAPHENE_RECT_INIT (0, 0, width, height));
    g_assert_true (gdk_texture_save_to_png (texture, path));
    g_test_message ("screenshot: %s", path);
}

/* Nothing is left from an earlier picture: no table has a filter or a
 * followed link's chip, and there is no history to go back or forward in. */
static void
assert_clean (VinvWindow *window)
{
    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n = vinv_window_list_pages (window, pages);
    for (guint i = 0; i < n; i++) {
        g_assert_null (vinv_table_page_get_link_filter (pages[i]));
        g_assert_cmpstr (vinv_view_get_filter_text (vinv_table_page_get_view (pages[i])), ==, "");
    }
    g_assert_false (vinv_window_can_go_back (window));
    g_assert_false (vinv_window_can_go_forward (window));
}

/* A demo window for one picture (or a picture and its dark twin), in a
 * clean state: each picture starts from a window of its own. */
static VinvWindow *
shot_window (void)
{
    VinvWindow *window = new_demo_window ();
    assert_clean (window);
    return window;
}

/* The VMs page showing the running VMs, the most memory first. */
static VinvTablePage *
running_vms (VinvWindow *window)
{
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_table_page_set_filter (vms, "status = up"));
    vinv_table_page_sort_by (vms, VINV_VM_MEMORY, TRUE);
    return vms;
}

static void
save_shot_and_dark (VinvWindow *window, const char *dir, const char *name, const char *dark)
{
    GtkSettings *settings = gtk_settings_get_default ();
    save_shot (window, dir, name);
    g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
    save_shot (window, dir, dark);
    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

/* The README's pictures: running VMs by memory, a followed link's chip,
 * an empty state, the filter language card, the Health page, the same in
 * dark mode; each from a clean window (a chip followed for one picture
 * showed in the next one's sidebar). */
static void
save_doc_screenshots (const char *dir)
{
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

    VinvWindow *window = shot_window ();
    running_vms (window);
    save_shot_and_dark (window, dir, "screenshot.png", "screenshot-dark.png");
    gtk_window_destroy (GTK_WINDOW (window));

    window = shot_window ();
    VinvTablePage *vms = running_vms (window);
    int pos = vm_with_disks (vms);
    g_assert_cmpint (pos, >=, 0);
    g_assert_true (vinv_table_page_activate_link (vms, (guint) pos, VINV_VM_DISKS));
    save_shot (window, dir, "screenshot-link-chip.png");
    gtk_window_destroy (GTK_WINDOW (window));

    window = shot_window ();
    vms = page_of (window, VINV_TABLE_VM);
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_table_page_set_filter (vms, "status = up and memory > 1TB"));
    save_shot (window, dir, "screenshot-empty.png");
    gtk_window_destroy (GTK_WINDOW (window));

    window = shot_window ();
    vms = running_vms (window);
    GtkPopover *help = vinv_filter_help_show (vinv_table_page_get_filter_entry (vms));
    save_shot_with_popover (window, GTK_WIDGET (help), dir, "screenshot-filter-help.png");
    if (g_getenv ("VINV_SCREENSHOT_DARK_HELP") != NULL) {   /* to look at, not for docs/ */
        GtkSettings *settings = gtk_settings_get_default ();
        g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
        save_shot_with_popover (window, GTK_WIDGET (help), dir,
                                "screenshot-filter-help-dark.png");
        g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
    }
    gtk_popover_popdown (help);
    gtk_window_destroy (GTK_WINDOW (window));

    window = shot_window ();
    g_assert_true (vinv_window_show_health (window));
    g_assert_true (vinv_wait_until (health_done, window, DEADLINE_MS));
    save_shot_and_dark (window, dir, "screenshot-health.png", "screenshot-health-dark.png");
    gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_screenshot (void)
{
    VinvWindow *window = get_demo_window ();
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *dir = g_build_filename (root != NULL ? root : ".", "tests", "artifacts",
                                             NULL);
    g_autofree char *path = g_build_filename (dir, "gui.png", NULL);
    g_autoptr (GError) error = NULL;

    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_set_filter (page_of (window, VINV_TABLE_VM), "");
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 3, DEADLINE_MS));
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
    g_assert_true (vinv_widget_save_png (GTK_WIDGET (window), path, &error));
    g_assert_no_error (error);
    g_autoptr (GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (texture), ==,
                     gtk_widget_get_width (GTK_WIDGET (window)));
    g_test_message ("screenshot: %s", path);

    /* the pictures of docs/ (scripts/screenshot), else into the artifacts */
    const char *docs = g_getenv ("VINV_SCREENSHOT_DIR");
    g_autofree char *own = g_build_filename (dir, "docs", NULL);
    save_doc_screenshots (docs != NULL ? docs : own);
}

int
main (int argc, char **argv)
{
    tmp_dir = gui_test_init (&argc, &argv, "gui");
    if (tmp_dir == NULL)
        return 0;
    config_path = g_build_filename (tmp_dir, "virt-inventory", "config.ini", NULL);
    vinv_backend_register (&slow_class);
    vinv_backend_register (&halfway_class);
    g_autofree char *demo_dir = vinv_demo_dup_dir ();
    g_test_message ("demo: %s", demo_dir);
    gui_test_start_app (config_path);

    g_test_add_func ("/gui/login-error-in-dialog", test_login_error_in_dialog);
    g_test_add_func ("/gui/login-empty-uri", test_login_empty_uri);
    g_test_add_func ("/gui/load-demo", test_load_demo);
    g_test_add_func ("/gui/load-tables-as-they-complete", test_load_tables_as_they_complete);
    g_test_add_func ("/gui/login-profiles-and-demo", test_login_demo_and_profiles);
    g_test_add_func ("/gui/tables-shown-as-they-arrive", test_tables_shown_as_they_arrive);
    g_test_add_func ("/gui/switch-tabs", test_switch_tabs);
    g_test_add_func ("/gui/filter", test_filter);
    g_test_add_func ("/gui/filter-errors", test_filter_errors);
    g_test_add_func ("/gui/sort", test_sort);
    g_test_add_func ("/gui/columns", test_columns);
    g_test_add_func ("/gui/links-back-forward", test_links_back_forward);
    g_test_add_func ("/gui/export", test_export);
    g_test_add_func ("/gui/config-save-restore", test_config_save_restore);
    g_test_add_func ("/gui/actions-and-keys", test_actions_and_keys);
    g_test_add_func ("/gui/cancel-and-failed-refresh", test_cancel_and_failed_refresh);
    g_test_add_func ("/gui/partial-failures", test_partial_failures);
    g_test_add_func ("/gui/100k-rows", test_100k_rows);
    g_test_add_func ("/gui/rows-in-steps", test_rows_in_steps);
    g_test_add_func ("/gui/readable-values", test_readable_values);
    g_test_add_func ("/gui/keys-and-help", test_keys_and_help);
    g_test_add_func ("/gui/link-chip", test_link_chip);
    g_test_add_func ("/gui/empty-states", test_empty_states);
    g_test_add_func ("/gui/lists-predictable", test_lists_predictable);
    g_test_add_func ("/gui/theme-contrast", test_theme_contrast);
    g_test_add_func ("/gui/screenshot", test_screenshot);
    return gui_test_run ();
}
