/* vinv-window.c — the main window: sidebar of tables, a page per table,
 * header bar, progress, messages, history of link jumps, export and
 * configuration saving.
 *
 * State: the inventory shown (owned; the pages' views hold references to
 * its tables), the URIs and options refresh reloads, the load in flight
 * (its GCancellable), and the back/forward stacks of (table, filter)
 * places.  Invariant: there is a page for exactly the tables present in
 * the inventory, and the sidebar has one row per page.
 *
 * The actions, export, header bar, menu and status page are in
 * vinv-window-actions.c; the instance structure both files share is in
 * vinv-window-private.h.
 */
#include "vinv-window-private.h"

#include "vinv-action-dialog.h"
#include "vinv-bench.h"
#include "vinv-cache.h"
#include "vinv-loader.h"
#include "vinv-sidebar.h"


G_DEFINE_FINAL_TYPE (VinvWindow, vinv_window, GTK_TYPE_APPLICATION_WINDOW)

/* ---- messages and progress ---------------------------------------------- */

void
vinv_window_show_message (VinvWindow *self, const char *message, gboolean is_error)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    g_free (self->message);
    self->message = g_strdup (message);
    gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
    if (is_error)
        gtk_widget_add_css_class (self->message_revealer, "error");
    else
        gtk_widget_remove_css_class (self->message_revealer, "error");
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->message_revealer), message != NULL);
}

const char *
vinv_window_get_message (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return self->message;
}

static void
on_message_close (GtkButton *button, gpointer user_data)
{
    vinv_window_show_message (VINV_WINDOW (user_data), NULL, FALSE);
}

/* The empty state: a @title ("Could not connect"), the @text under it,
 * a spinner while @busy, and a Connect button when @offer_connect. */
void
win_set_status (VinvWindow *self, const char *title, const char *text, gboolean busy,
            gboolean offer_connect)
{
    gtk_label_set_text (GTK_LABEL (self->status_title), title);
    gtk_label_set_text (GTK_LABEL (self->status_label), text);
    gtk_widget_set_visible (self->status_label, text != NULL && *text != '\0');
    gtk_widget_set_visible (self->status_spinner, busy);
    gtk_spinner_set_spinning (GTK_SPINNER (self->status_spinner), busy);
    gtk_widget_set_visible (self->status_icon, !busy);
    gtk_widget_set_visible (self->status_button, offer_connect);
    if (offer_connect)
        gtk_widget_grab_focus (self->status_button);
}

const char *
vinv_window_get_status_text (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return gtk_label_get_text (GTK_LABEL (self->status_title));
}

const char *
vinv_window_get_status_detail (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return gtk_label_get_text (GTK_LABEL (self->status_label));
}

static void
set_progress (VinvWindow *self, const char *text, double fraction)
{
    g_free (self->progress_text);
    self->progress_text = g_strdup (text != NULL ? text : "");
    gtk_label_set_text (GTK_LABEL (self->progress_label), self->progress_text);
    if (fraction >= 0)
        gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), fraction);
    else
        gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress_bar));
}

const char *
vinv_window_get_progress_text (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return self->progress_text != NULL ? self->progress_text : "";
}

static void
update_subtitle (VinvWindow *self)
{
    g_autoptr (GString) text = g_string_new (NULL);
    guint n = self->inventory != NULL ? vinv_inventory_get_n_sources (self->inventory) : 0;

    for (guint i = 0; i < n; i++) {
        const VinvSource *source = vinv_inventory_get_source (self->inventory, i);
        if (text->len > 0)
            g_string_append (text, ", ");
        g_string_append (text, source->name);
    }
    gtk_label_set_text (GTK_LABEL (self->subtitle), text->str);
    gtk_widget_set_visible (self->subtitle, text->len > 0);
    g_autofree char *title = text->len > 0 ? g_strdup_printf ("virt-inventory — %s", text->str)
                                           : g_strdup ("virt-inventory");
    gtk_window_set_title (GTK_WINDOW (self), title);
}

/* The status line: when the data shown was loaded, and how long it took
 * (@seconds < 0: not timed, e.g. an inventory handed over ready). */
static void
update_loaded (VinvWindow *self, double seconds)
{
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *clock = g_date_time_format (now, "%H:%M");
    g_autofree char *full = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
    g_autofree char *text = NULL;

    if (seconds >= 0)
        text = g_strdup_printf ("Loaded %s in %.1f s", clock, seconds);
    else
        text = g_strdup_printf ("Loaded %s", clock);
    gtk_label_set_text (GTK_LABEL (self->loaded_label), text);
    g_autofree char *tip = g_strdup_printf ("Data as of %s", full);
    gtk_widget_set_tooltip_text (self->loaded_label, tip);
    gtk_widget_set_visible (self->loaded_label, TRUE);
}

const char *
vinv_window_get_loaded_text (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return gtk_label_get_text (GTK_LABEL (self->loaded_label));
}

/* ---- pages and sidebar -------------------------------------------------- */

static void
update_count (VinvWindow *self, VinvTableKind kind)
{
    VinvTablePage *page = self->pages[kind];
    VinvView *view = vinv_table_page_get_view (page);
    if (view == NULL)
        return;
    guint shown = vinv_view_get_n_rows (view);
    guint total = vinv_table_get_n_rows (vinv_view_get_table (view));
    g_autofree char *text = shown == total ? g_strdup_printf ("%u", total)
                                           : g_strdup_printf ("%u / %u", shown, total);
    vinv_sidebar_row_set_count (self->rows[kind], text);
}

static void
on_rows_changed (VinvTablePage *page, gpointer user_data)
{
    update_count (VINV_WINDOW (user_data), vinv_table_page_get_kind (page));
}

static void
on_link_activated (VinvTablePage *page, guint target, const char *filter, const char *label,
                   gpointer user_data)
{
    vinv_window_follow_link_labelled (VINV_WINDOW (user_data), (VinvTableKind) target, filter,
                                      label);
}

static int
sidebar_sort (GtkListBoxRow *a, GtkListBoxRow *b, gpointer user_data)
{
    int ka = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (a), "vinv-kind"));
    int kb = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "vinv-kind"));
    return ka - kb;
}

static void
on_sidebar_selected (GtkListBox *box, GtkListBoxRow *row, gpointer user_data)
{
    VinvWindow *self = user_data;
    if (row == NULL)
        return;
    VinvTableKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "vinv-kind"));
    if (kind == WIN_PLACE_HEALTH)
        gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (self->health));
    else if (kind < VINV_TABLE_LAST && self->pages[kind] != NULL)
        gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (self->pages[kind]));
}

static void
add_page (VinvWindow *self, VinvTableKind kind)
{
    GtkWidget *page = vinv_table_page_new (kind);

    self->pages[kind] = VINV_TABLE_PAGE (page);
    win_ensure_row (self, kind, TRUE);
    g_signal_connect (page, "rows-changed", G_CALLBACK (on_rows_changed), self);
    g_signal_connect (page, "link-activated", G_CALLBACK (on_link_activated), self);
    if (kind == VINV_TABLE_VM || kind == VINV_TABLE_SNAP)
        vinv_table_page_set_context_menu (VINV_TABLE_PAGE (page), vinv_actions_get_menu (self));
    gtk_stack_add_named (GTK_STACK (self->stack), page, vinv_schema_get (kind)->id);
}

static void
remove_page (VinvWindow *self, VinvTableKind kind)
{
    if (self->rows[kind] != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (self->sidebar), self->rows[kind]);
    if (self->pages[kind] != NULL)
        gtk_stack_remove (GTK_STACK (self->stack), GTK_WIDGET (self->pages[kind]));
    self->pages[kind] = NULL;
    self->rows[kind] = NULL;
    self->swapped[kind] = FALSE;
}

/* The sidebar row of @kind shows @table's title, count and error. */
static void
update_row (VinvWindow *self, VinvTableKind kind, VinvTable *table)
{
    vinv_sidebar_row_set_title (self->rows[kind], vinv_table_page_get_title (self->pages[kind]));
    vinv_sidebar_row_set_error (self->rows[kind], vinv_table_get_error (table));
    update_count (self, kind);
}

/* The settings scope of the connection being loaded: its profile's when
 * the profile's URIs are what loads (a saved file opened in a window of a
 * profile is not that profile), else its URIs'. */
static char *
load_scope (VinvWindow *self)
{
    gboolean through_profile = self->profile != NULL && self->uris != NULL
        && g_strv_equal ((const char *const *) self->profile->uris,
                         (const char *const *) self->uris);
    return vinv_config_scope (through_profile ? self->profile->name : NULL,
                              (const char *const *) self->uris);
}

/* Puts every page's columns, sort and filter into the config (not saved),
 * under the scope they belong to. */
static void
store_settings (VinvWindow *self)
{
    if (self->config == NULL || self->settings_scope == NULL)
        return;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->pages[k] == NULL || vinv_table_page_get_view (self->pages[k]) == NULL)
            continue;
        VinvTableSettings settings = { 0 };
        vinv_table_page_capture_settings (self->pages[k], &settings);
        vinv_config_set_table_settings (self->config, self->settings_scope,
                                        vinv_schema_get (k)->id, &settings);
        vinv_table_settings_clear (&settings);
    }
}

/* A load of another connection: what the pages showed is kept for the old
 * one, and the pages start over with the new one's settings. */
static void
change_scope (VinvWindow *self)
{
    g_autofree char *scope = load_scope (self);

    if (self->settings_scope != NULL && g_strcmp0 (scope, self->settings_scope) != 0) {
        store_settings (self);
        for (guint k = 0; k < VINV_TABLE_LAST; k++) {
            if (self->pages[k] != NULL)
                remove_page (self, (VinvTableKind) k);
        }
        win_places_truncate (self->back, 0);
        win_places_truncate (self->forward, 0);
        self->settings_restored = FALSE;
    }
    g_free (self->settings_scope);
    self->settings_scope = g_steal_pointer (&scope);
}

void
vinv_window_set_inventory (VinvWindow *self, VinvInventory *inventory)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    g_return_if_fail (inventory != NULL);

    gint64 bench_step = vinv_bench_step_start ();
    VinvInventory *old = self->inventory;
    VinvTable *tables[VINV_TABLE_LAST] = { NULL };
    VinvTable *list[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, list);

    change_scope (self);
    gboolean first = !self->settings_restored;

    for (guint i = 0; i < n; i++)
        tables[vinv_schema_get_kind (vinv_table_get_schema (list[i]))] = list[i];

    self->inventory = inventory;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (tables[k] == NULL) {
            if (self->pages[k] != NULL)
                remove_page (self, (VinvTableKind) k);
            continue;
        }
        if (self->pages[k] == NULL)
            add_page (self, (VinvTableKind) k);
        VinvTableSettings saved = { 0 };
        gboolean have = first && self->config != NULL
            && vinv_config_get_table_settings (self->config, self->settings_scope,
                                               vinv_schema_get (k)->id, &saved);
        gint64 step = vinv_bench_step_start ();
        vinv_table_page_set_table (self->pages[k], tables[k], inventory, have ? &saved : NULL);
        vinv_bench_step_end (vinv_schema_get (k)->id, step);
        /* shown on arrival without the inventory: its default columns were
         * the schema's, now the back-ends' ones apply */
        step = vinv_bench_step_start ();
        if (self->provisional[k] && !(have && saved.columns != NULL))
            vinv_table_page_reset_columns (self->pages[k]);
        vinv_bench_step_end ("reset-columns", step);
        self->provisional[k] = FALSE;
        self->swapped[k] = FALSE;
        vinv_table_settings_clear (&saved);
        update_row (self, (VinvTableKind) k, tables[k]);
    }
    self->settings_restored = TRUE;
    if (self->load_cancellable == NULL)
        win_unmark_expected (self);
    vinv_health_page_run (self->health, inventory, self->config_path);
    gtk_widget_set_visible (vinv_health_page_get_sidebar_row (self->health), TRUE);
    vinv_cache_forget_inventory (self, old);
    vinv_health_page_forget_inventory (self->health, old);
    vinv_inventory_free (old);   /* a check run or cache writer keeps its own reference */

    if (first && self->first_table < VINV_TABLE_LAST && self->pages[self->first_table] != NULL)
        vinv_window_show_table (self, self->first_table);
    if (gtk_list_box_get_selected_row (GTK_LIST_BOX (self->sidebar)) == NULL) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar), 0);
        if (row != NULL)
            gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar), row);
    }

    /* sources that failed while others loaded */
    g_autoptr (GString) failures = g_string_new (NULL);
    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        const VinvSource *source = vinv_inventory_get_source (inventory, i);
        if (source->error != NULL)
            g_string_append_printf (failures, "%s%s", failures->len > 0 ? "\n" : "",
                                    source->error);
    }
    if (failures->len > 0)
        vinv_window_show_message (self, failures->str, TRUE);

    if (n == 0)
        win_set_status (self, "No tables", "The connection returned no tables.", FALSE, TRUE);
    gtk_stack_set_visible_child_name (GTK_STACK (self->content), n > 0 ? "tables" : "status");
    update_subtitle (self);
    win_update_actions (self);
    vinv_bench_step_end ("set-inventory", bench_step);
}

void
vinv_window_set_loaded (VinvWindow *self, VinvInventory *inventory,
                        const char *const *uris, const VinvConnectOptions *options)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    g_strfreev (self->uris);
    self->uris = g_strdupv ((char **) uris);
    vinv_connect_options_clear (&self->options);
    vinv_connect_options_copy (&self->options, options);
    vinv_window_set_inventory (self, inventory);
    update_loaded (self, -1);
    vinv_cache_load_finished (self, inventory, NULL);   /* loaded by the login dialog */
}

void
vinv_window_set_profile (VinvWindow *self, const VinvProfile *profile)
{
    g_clear_pointer (&self->profile, vinv_profile_free);
    if (profile != NULL) {
        self->profile = g_new0 (VinvProfile, 1);
        self->profile->name = g_strdup (profile->name);
        self->profile->uris = g_strdupv (profile->uris);
        self->profile->user = g_strdup (profile->user);
        self->profile->ca_file = g_strdup (profile->ca_file);
        self->profile->insecure = profile->insecure;
        self->profile->allow_actions = profile->allow_actions;
        self->profile->read_only = profile->read_only;
        self->profile->timeout = profile->timeout;
    }
    vinv_actions_update (self);
}

const VinvProfile *
vinv_window_get_profile (VinvWindow *self)
{
    return self->profile;
}

const char *
vinv_window_get_config_path (VinvWindow *self)
{
    return self->config_path;
}

const char *const *
vinv_window_get_uris (VinvWindow *self)
{
    return (const char *const *) self->uris;
}

const VinvConnectOptions *
vinv_window_get_options (VinvWindow *self)
{
    return &self->options;
}

const VinvInventory *
vinv_window_get_inventory (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return self->inventory;
}

void
vinv_window_set_first_table (VinvWindow *self, VinvTableKind kind)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    self->first_table = kind;
}

VinvTablePage *
vinv_window_get_page (VinvWindow *self, VinvTableKind kind)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self) && kind < VINV_TABLE_LAST, NULL);
    return self->pages[kind];
}

VinvTablePage *
vinv_window_get_current_page (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (self->stack));
    return child != NULL && VINV_IS_TABLE_PAGE (child) ? VINV_TABLE_PAGE (child) : NULL;
}

VinvHealthPage *
vinv_window_get_health_page (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    return self->health;
}

gboolean
vinv_window_show_health (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), FALSE);
    if (self->inventory == NULL)
        return FALSE;
    GtkWidget *row = vinv_health_page_get_sidebar_row (self->health);
    gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar), GTK_LIST_BOX_ROW (row));
    gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (self->health));
    return TRUE;
}

GtkWidget *
vinv_window_get_sidebar_row (VinvWindow *self, VinvTableKind kind)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self) && kind < VINV_TABLE_LAST, NULL);
    return self->rows[kind];
}

guint
vinv_window_list_pages (VinvWindow *self, VinvTablePage **out)
{
    guint n = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->pages[k] != NULL)
            out[n++] = self->pages[k];
    }
    return n;
}

gboolean
vinv_window_show_table (VinvWindow *self, VinvTableKind kind)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self) && kind < VINV_TABLE_LAST, FALSE);
    if (self->pages[kind] == NULL)
        return FALSE;
    gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar), GTK_LIST_BOX_ROW (self->rows[kind]));
    gtk_stack_set_visible_child (GTK_STACK (self->stack), GTK_WIDGET (self->pages[kind]));
    return TRUE;
}

/* ---- loading ------------------------------------------------------------ */

static void
on_load_progress (const char *message, double fraction, gpointer user_data)
{
    VinvWindow *self = user_data;
    set_progress (self, message, fraction);
    if (self->inventory == NULL)
        win_set_status (self, "Loading…", message, TRUE, FALSE);
}

/* A table of a refresh is complete: it replaces the old one at once (its
 * links still resolve in the old inventory until the new one is shown),
 * and the rest of the old data stays until its own table arrives. */
static void
swap_in (VinvWindow *self, VinvTableKind kind, VinvTable *table)
{
    if (self->pages[kind] == NULL) {
        add_page (self, kind);
        self->provisional[kind] = TRUE;
    } else {
        self->swapped[kind] = TRUE;
    }
    vinv_table_page_set_table (self->pages[kind], table, self->inventory, NULL);
    vinv_sidebar_row_set_loading (self->rows[kind], FALSE);
    update_row (self, kind, table);
}

/* A refresh that did not complete: the tables swapped in go back to the
 * old inventory's, pages it added go. */
static void
swap_out (VinvWindow *self)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *old = vinv_inventory_get_table (self->inventory, k);
        if (self->provisional[k] && old == NULL)
            remove_page (self, (VinvTableKind) k);
        else if ((self->swapped[k] || self->provisional[k]) && old != NULL)
            swap_in (self, (VinvTableKind) k, old);
        self->provisional[k] = FALSE;
        self->swapped[k] = FALSE;
    }
}

/* A table is complete: show it now, before the others. */
static void
on_table_arrived (VinvTableKind kind, VinvTable *table, gpointer user_data)
{
    VinvWindow *self = user_data;
    /* cached data shown: live tables replace it as they arrive */
    gboolean over_cache = vinv_cache_is_shown (self);

    if (self->load_cancellable == NULL)
        return;
    if (self->inventory != NULL) {
        swap_in (self, kind, table);
        return;
    }
    gint64 bench_step = vinv_bench_step_start ();
    gboolean first_page = TRUE;
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        first_page = first_page && self->pages[k] == NULL;
    if (self->pages[kind] == NULL)
        add_page (self, kind);
    VinvTableSettings saved = { 0 };
    g_autofree char *scope = load_scope (self);
    gboolean have = !self->settings_restored && self->config != NULL
        && vinv_config_get_table_settings (self->config, scope, vinv_schema_get (kind)->id,
                                           &saved);
    vinv_table_page_set_table (self->pages[kind], table, NULL, have ? &saved : NULL);
    vinv_table_settings_clear (&saved);
    self->provisional[kind] = TRUE;
    vinv_sidebar_row_set_loading (self->rows[kind], FALSE);
    update_row (self, kind, table);

    VinvTableKind wanted = self->first_table < VINV_TABLE_LAST ? self->first_table
                                                               : VINV_TABLE_VM;
    /* the table to show first is still coming (its sidebar row waits for
     * it): another one is not shown for the moment until it comes, which
     * would make that page's row widgets for nothing; the sidebar offers
     * it meanwhile */
    gboolean wanted_coming = self->pages[wanted] == NULL && self->rows[wanted] != NULL;
    if (!over_cache && (kind == wanted || (first_page && !wanted_coming))) {
        vinv_window_show_table (self, kind);
    } else if (!over_cache && first_page) {
        g_autofree char *text = g_strdup_printf ("Loading %s…", vinv_schema_get (wanted)->title);
        gtk_label_set_text (GTK_LABEL (self->waiting_label), text);
        gtk_stack_set_visible_child (GTK_STACK (self->stack), self->waiting);
    }
    gtk_stack_set_visible_child_name (GTK_STACK (self->content), "tables");
    g_autofree char *what = g_strdup_printf ("arrived %s", vinv_schema_get (kind)->id);
    vinv_bench_step_end (what, bench_step);
}

static void
on_load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvWindow *self = VINV_WINDOW (source);
    g_autoptr (GError) error = NULL;
    VinvInventory *inventory = vinv_load_finish (result, &error);
    GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

    /* a newer load may have replaced this one */
    if (cancellable != self->load_cancellable) {
        if (inventory != NULL)
            vinv_inventory_free (inventory);
        return;
    }
    gint64 bench_step = vinv_bench_step_start ();
    g_clear_object (&self->load_cancellable);
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->progress_revealer), FALSE);
    set_progress (self, "", 0);
    if (inventory == NULL && self->inventory != NULL)
        swap_out (self);
    win_unmark_expected (self);

    if (inventory == NULL && self->inventory == NULL) {
        /* tables shown as they arrived belong to a load that failed */
        for (guint k = 0; k < VINV_TABLE_LAST; k++) {
            if (self->provisional[k] && self->pages[k] != NULL)
                remove_page (self, (VinvTableKind) k);
            self->provisional[k] = FALSE;
        }
        gtk_stack_set_visible_child_name (GTK_STACK (self->content), "status");
        gtk_widget_set_visible (vinv_health_page_get_sidebar_row (self->health), FALSE);
    }
    if (inventory != NULL) {
        vinv_window_set_inventory (self, inventory);
        update_loaded (self, (double) (g_get_monotonic_time () - self->load_started) / 1e6);
        vinv_cache_load_finished (self, inventory, NULL);
    } else if (vinv_cache_load_finished (self, NULL, error)) {
        /* cached data stays on screen, and the cache said why */
    } else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
        if (self->inventory != NULL)
            vinv_window_show_message (self, "Refresh cancelled; showing the previous data.",
                                      FALSE);
        else
            win_set_status (self, "Loading cancelled.", NULL, FALSE, TRUE);
    } else if (self->inventory != NULL) {
        g_autofree char *text = g_strdup_printf ("Refresh failed; showing the previous data.\n%s",
                                                 error->message);
        vinv_window_show_message (self, text, TRUE);
    } else {
        win_set_status (self, "Could not connect", error->message, FALSE, TRUE);
    }
    win_update_actions (self);
    vinv_bench_step_end ("load done", bench_step);
}

static void
start_load (VinvWindow *self)
{
    if (self->uris == NULL || self->uris[0] == NULL)
        return;
    if (self->load_cancellable != NULL)
        g_cancellable_cancel (self->load_cancellable);
    g_clear_object (&self->load_cancellable);
    self->load_cancellable = g_cancellable_new ();
    self->load_started = g_get_monotonic_time ();

    set_progress (self, "Connecting…", 0);
    gtk_revealer_set_reveal_child (GTK_REVEALER (self->progress_revealer), TRUE);
    if (self->inventory == NULL) {
        win_set_status (self, "Loading…", "Connecting…", TRUE, FALSE);
        gtk_stack_set_visible_child_name (GTK_STACK (self->content), "status");
    }
    win_mark_expected (self, (const char *const *) self->uris);
    vinv_load_async_full (G_OBJECT (self), (const char *const *) self->uris, &self->options,
                          on_load_progress, self, on_table_arrived, self,
                          self->load_cancellable, on_load_done, NULL);
    win_update_actions (self);
}

void
vinv_window_load (VinvWindow *self, const char *const *uris, const VinvConnectOptions *options)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    g_return_if_fail (uris != NULL && uris[0] != NULL);
    g_strfreev (self->uris);
    self->uris = g_strdupv ((char **) uris);
    vinv_connect_options_clear (&self->options);
    vinv_connect_options_copy (&self->options, options);
    start_load (self);
    vinv_cache_load_started (self);
}

void
vinv_window_refresh (VinvWindow *self)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    start_load (self);
}

void
vinv_window_cancel_load (VinvWindow *self)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    if (self->load_cancellable != NULL)
        g_cancellable_cancel (self->load_cancellable);
}

gboolean
vinv_window_is_loading (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), FALSE);
    return self->load_cancellable != NULL;
}

/* ---- configuration ------------------------------------------------------ */

gboolean
vinv_window_save_config (VinvWindow *self, GError **error)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), FALSE);
    if (self->config == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                             "No configuration file in use");
        return FALSE;
    }
    store_settings (self);
    return vinv_config_save (self->config, error);
}


static void
build (VinvWindow *self)
{
    GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_window_set_titlebar (GTK_WINDOW (self), win_build_header (self));
    gtk_window_set_title (GTK_WINDOW (self), "virt-inventory");
    gtk_window_set_icon_name (GTK_WINDOW (self), "virt-inventory");
    gtk_window_set_default_size (GTK_WINDOW (self), 1280, 800);

    /* progress */
    GtkWidget *progress = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class (progress, "vinv-progress");
    self->progress_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->progress_label), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (self->progress_label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_set_hexpand (self->progress_label, TRUE);
    self->progress_bar = gtk_progress_bar_new ();
    gtk_widget_set_valign (self->progress_bar, GTK_ALIGN_CENTER);
    gtk_widget_set_size_request (self->progress_bar, 240, -1);
    GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "win.cancel-load");
    gtk_box_append (GTK_BOX (progress), self->progress_label);
    gtk_box_append (GTK_BOX (progress), self->progress_bar);
    gtk_box_append (GTK_BOX (progress), cancel);
    self->progress_revealer = gtk_revealer_new ();
    gtk_revealer_set_child (GTK_REVEALER (self->progress_revealer), progress);
    gtk_box_append (GTK_BOX (outer), self->progress_revealer);

    /* message banner */
    GtkWidget *message = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    gtk_widget_add_css_class (message, "vinv-message");
    self->message_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->message_label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->message_label), TRUE);
    gtk_widget_set_hexpand (self->message_label, TRUE);
    GtkWidget *close = gtk_button_new_from_icon_name ("window-close-symbolic");
    gtk_widget_add_css_class (close, "flat");
    gtk_widget_set_valign (close, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (close, "Dismiss");
    g_signal_connect (close, "clicked", G_CALLBACK (on_message_close), self);
    gtk_box_append (GTK_BOX (message), self->message_label);
    gtk_box_append (GTK_BOX (message), close);
    self->message_revealer = gtk_revealer_new ();
    gtk_revealer_set_child (GTK_REVEALER (self->message_revealer), message);
    gtk_box_append (GTK_BOX (outer), self->message_revealer);

    /* sidebar + pages */
    GtkWidget *tables = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    self->sidebar = gtk_list_box_new ();
    gtk_widget_add_css_class (self->sidebar, "navigation-sidebar");
    gtk_list_box_set_sort_func (GTK_LIST_BOX (self->sidebar), sidebar_sort, NULL, NULL);
    g_signal_connect (self->sidebar, "row-selected", G_CALLBACK (on_sidebar_selected), self);
    GtkWidget *side_scroller = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (side_scroller), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (side_scroller), self->sidebar);
    gtk_widget_set_vexpand (side_scroller, TRUE);
    GtkWidget *side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_size_request (side, 200, -1);
    gtk_widget_add_css_class (side, "vinv-sidebar");
    gtk_box_append (GTK_BOX (side), side_scroller);
    self->loaded_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->loaded_label), 0.0);
    gtk_widget_add_css_class (self->loaded_label, "dim-label");
    gtk_widget_add_css_class (self->loaded_label, "vinv-loaded");
    gtk_widget_set_visible (self->loaded_label, FALSE);
    gtk_box_append (GTK_BOX (side), self->loaded_label);
    gtk_box_append (GTK_BOX (tables), side);
    gtk_box_append (GTK_BOX (tables), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
    self->stack = gtk_stack_new ();
    gtk_widget_set_hexpand (self->stack, TRUE);
    gtk_box_append (GTK_BOX (tables), self->stack);
    self->waiting = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (self->waiting, GTK_ALIGN_CENTER);
    GtkWidget *spinner = gtk_spinner_new ();
    gtk_spinner_start (GTK_SPINNER (spinner));
    gtk_widget_set_size_request (spinner, 32, 32);
    gtk_box_append (GTK_BOX (self->waiting), spinner);
    self->waiting_label = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->waiting_label, "title-2");
    gtk_box_append (GTK_BOX (self->waiting), self->waiting_label);
    gtk_stack_add_named (GTK_STACK (self->stack), self->waiting, "waiting");
    /* Find is the shown table's; Health has no filter */
    g_signal_connect_swapped (self->stack, "notify::visible-child",
                              G_CALLBACK (win_update_actions), self);
    self->health = g_object_ref (VINV_HEALTH_PAGE (vinv_health_page_new (WIN_PLACE_HEALTH)));
    g_signal_connect (self->health, "finding-activated", G_CALLBACK (on_link_activated), self);
    gtk_stack_add_named (GTK_STACK (self->stack), GTK_WIDGET (self->health), "health");
    GtkWidget *health_row = vinv_health_page_get_sidebar_row (self->health);
    gtk_widget_set_visible (health_row, FALSE);
    gtk_list_box_append (GTK_LIST_BOX (self->sidebar), health_row);

    self->content = gtk_stack_new ();
    gtk_widget_set_vexpand (self->content, TRUE);
    gtk_stack_add_named (GTK_STACK (self->content), win_build_status (self), "status");
    gtk_stack_add_named (GTK_STACK (self->content), tables, "tables");
    gtk_stack_set_visible_child_name (GTK_STACK (self->content), "status");
    gtk_box_append (GTK_BOX (outer), self->content);

    gtk_window_set_child (GTK_WINDOW (self), outer);
    win_set_status (self, "Not connected", NULL, FALSE, TRUE);
}

static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
    VinvWindow *self = VINV_WINDOW (window);
    g_autoptr (GError) error = NULL;

    vinv_window_cancel_load (self);
    if (self->config != NULL && self->inventory != NULL
        && !vinv_window_save_config (self, &error))
        g_printerr ("virt-inventory-gtk: configuration not saved: %s\n", error->message);
    return FALSE;
}

VinvWindow *
vinv_window_new (GtkApplication *app, VinvConfig *config)
{
    VinvWindow *self = g_object_new (VINV_TYPE_WINDOW, "application", app, NULL);
    self->config = vinv_config_ref (config);
    self->config_path = config != NULL ? g_strdup (vinv_config_get_path (config)) : NULL;
    win_set_accels (app);
    win_update_actions (self);
    return self;
}

static void
vinv_window_dispose (GObject *object)
{
    VinvWindow *self = VINV_WINDOW (object);

    if (self->load_cancellable != NULL)
        g_cancellable_cancel (self->load_cancellable);
    g_clear_object (&self->load_cancellable);
    G_OBJECT_CLASS (vinv_window_parent_class)->dispose (object);
}

static void
vinv_window_finalize (GObject *object)
{
    VinvWindow *self = VINV_WINDOW (object);

    vinv_cache_forget_inventory (self, self->inventory);
    vinv_health_page_forget_inventory (self->health, self->inventory);
    vinv_inventory_free (self->inventory);
    g_object_unref (self->health);
    g_strfreev (self->uris);
    vinv_connect_options_clear (&self->options);
    g_clear_pointer (&self->profile, vinv_profile_free);
    g_free (self->config_path);
    g_free (self->settings_scope);
    vinv_config_free (self->config);
    win_places_truncate (self->back, 0);
    win_places_truncate (self->forward, 0);
    g_array_unref (self->back);
    g_array_unref (self->forward);
    g_free (self->progress_text);
    g_free (self->message);
    G_OBJECT_CLASS (vinv_window_parent_class)->finalize (object);
}

static void
vinv_window_class_init (VinvWindowClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->dispose = vinv_window_dispose;
    object_class->finalize = vinv_window_finalize;
}

static void
vinv_window_init (VinvWindow *self)
{
    self->first_table = VINV_TABLE_LAST;
    self->back = win_places_new ();
    self->forward = win_places_new ();
    win_install_actions (self);
    build (self);
    g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
}
