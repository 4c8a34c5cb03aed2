/* vinv-window-actions.c — the main window's actions (refresh, cancel,
 * find, export, save configuration, back/forward, table switching, the
 * shortcuts window), their accelerators, export through the exporter, and
 * the header bar, menu and status page whose buttons invoke them.
 *
 * Actions are enabled by win_update_actions() from the window's state
 * (loading, an inventory present, history); nothing here holds state of
 * its own.
 */
#include "vinv-window-private.h"

#include "vinv-action-dialog.h"
#include "vinv-compare.h"
#include "vinv-export-dialog.h"
#include "vinv-exporter.h"
#include "vinv-shortcuts.h"

/* ---- export ------------------------------------------------------------- */

/* A fresh view of @page's table: a copy of what it shows, or everything
 * (every column, all rows, table order — what `virt-inventory export
 * --all` writes). */
static VinvView *
export_view (VinvWindow *self, VinvTablePage *page, gboolean everything)
{
    VinvView *shown = vinv_table_page_get_view (page);
    VinvView *view = vinv_view_new (vinv_view_get_table (shown), self->inventory);

    if (everything) {
        vinv_view_set_columns_text (view, "all", NULL);
    } else {
        VinvTableSettings settings = { 0 };
        vinv_table_settings_capture (&settings, shown);
        vinv_table_settings_apply (&settings, view, NULL);
        vinv_table_settings_clear (&settings);
    }
    return view;
}

static void
on_export_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
    GTask *task = user_data;
    g_autofree char *summary = NULL;
    GError *error = NULL;

    if (vinv_exporter_write_finish (result, &summary, &error))
        g_task_return_pointer (task, g_steal_pointer (&summary), g_free);
    else
        g_task_return_error (task, error);
    g_object_unref (task);
}

void
vinv_window_export_async (VinvWindow *self, const VinvTableKind *kinds, guint n,
                          VinvExportFormat format, gboolean everything, GFile *dest,
                          GCancellable *cancellable,
                          GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (VINV_IS_WINDOW (self));
    GTask *task = g_task_new (self, cancellable, callback, user_data);
    GPtrArray *views = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_view_free);
    GStrvBuilder *titles = g_strv_builder_new ();
    VinvTablePage *current = vinv_window_get_current_page (self);

    g_task_set_source_tag (task, vinv_window_export_async);
    for (guint i = 0; i < MAX (n, 1); i++) {
        VinvTablePage *page = n > 0 ? self->pages[kinds[i]] : current;
        if (page == NULL || vinv_table_page_get_view (page) == NULL)
            continue;
        g_ptr_array_add (views, export_view (self, page, everything));
        g_strv_builder_add (titles, vinv_table_page_get_title (page));
    }
    vinv_exporter_write_async (views, g_strv_builder_end (titles), format, dest,
                               cancellable, on_export_written, task);
    g_strv_builder_unref (titles);
}

gboolean
vinv_window_export_finish (VinvWindow *self, GAsyncResult *result, char **summary,
                           GError **error)
{
    char *text = g_task_propagate_pointer (G_TASK (result), error);
    if (text == NULL)
        return FALSE;
    if (summary != NULL)
        *summary = text;
    else
        g_free (text);
    return TRUE;
}

/* ---- actions ------------------------------------------------------------ */

static void
set_enabled (VinvWindow *self, const char *name, gboolean enabled)
{
    GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
win_update_actions (VinvWindow *self)
{
    gboolean loaded = self->inventory != NULL;
    set_enabled (self, "back", self->back->len > 0);
    set_enabled (self, "forward", self->forward->len > 0);
    set_enabled (self, "refresh", self->uris != NULL && self->load_cancellable == NULL);
    set_enabled (self, "cancel-load", self->load_cancellable != NULL);
    set_enabled (self, "export", loaded);
    /* the filter of the table shown; the Health page has none */
    set_enabled (self, "find", loaded && vinv_window_get_current_page (self) != NULL);
    set_enabled (self, "save-config", loaded && self->config != NULL);
    vinv_actions_update (self);
    vinv_file_actions_update (self);
}

static void
action_refresh (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_refresh (VINV_WINDOW (user_data));
}

static void
action_cancel_load (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_cancel_load (VINV_WINDOW (user_data));
}

static void
action_find (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvTablePage *page = vinv_window_get_current_page (VINV_WINDOW (user_data));
    if (page != NULL)
        vinv_table_page_focus_filter (page);
}

static void
action_export (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvWindow *self = user_data;
    GtkWidget *dialog = vinv_export_dialog_new (self);
    gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_save_config (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvWindow *self = user_data;
    g_autoptr (GError) error = NULL;

    if (vinv_window_save_config (self, &error)) {
        g_autofree char *text = g_strdup_printf ("Configuration saved to %s",
                                                 vinv_config_get_path (self->config));
        vinv_window_show_message (self, text, FALSE);
    } else {
        vinv_window_show_message (self, error->message, TRUE);
    }
}

static void
action_back (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_go_back (VINV_WINDOW (user_data));
}

static void
action_forward (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_go_forward (VINV_WINDOW (user_data));
}

/* Shows the @n-th table of the sidebar (0-based); returns FALSE if none. */
gboolean
vinv_window_show_nth_table (VinvWindow *self, int n)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), FALSE);
    GtkListBoxRow *row = n >= 0 ? gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar), n)
                                : NULL;
    if (row == NULL)
        return FALSE;
    gtk_list_box_select_row (GTK_LIST_BOX (self->sidebar), row);
    return TRUE;
}

static void
action_show_nth (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_show_nth_table (VINV_WINDOW (user_data), g_variant_get_int32 (param));
}

static void
step_table (VinvWindow *self, int step)
{
    GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (self->sidebar));
    int n = 0;
    while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->sidebar), n) != NULL)
        n++;
    if (row == NULL || n == 0)
        return;
    vinv_window_show_nth_table (self, (gtk_list_box_row_get_index (row) + step + n) % n);
}

static void
action_next_table (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    step_table (VINV_WINDOW (user_data), 1);
}

static void
action_previous_table (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    step_table (VINV_WINDOW (user_data), -1);
}

GtkWindow *
vinv_window_show_shortcuts (VinvWindow *self)
{
    g_return_val_if_fail (VINV_IS_WINDOW (self), NULL);
    GtkWindow *window = vinv_shortcuts_window_new (GTK_WINDOW (self));
    gtk_window_present (window);
    return window;
}

static void
action_shortcuts (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    vinv_window_show_shortcuts (VINV_WINDOW (user_data));
}

static const GActionEntry win_actions[] = {
    { .name = "refresh", .activate = action_refresh },
    { .name = "cancel-load", .activate = action_cancel_load },
    { .name = "find", .activate = action_find },
    { .name = "export", .activate = action_export },
    { .name = "save-config", .activate = action_save_config },
    { .name = "back", .activate = action_back },
    { .name = "forward", .activate = action_forward },
    { .name = "show-table-nth", .activate = action_show_nth, .parameter_type = "i" },
    { .name = "next-table", .activate = action_next_table },
    { .name = "previous-table", .activate = action_previous_table },
    { .name = "shortcuts", .activate = action_shortcuts },
};

static const struct {
    const char *action;
    const char *accels[3];
} accels[] = {
    { "win.refresh", { "<Control>r", "F5", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.save-config", { "<Control>s", NULL } },
    { "win.back", { "<Alt>Left", NULL } },
    { "win.forward", { "<Alt>Right", NULL } },
    { "win.next-table", { "<Control>Page_Down", NULL } },
    { "win.previous-table", { "<Control>Page_Up", NULL } },
    { "win.shortcuts", { "F1", "<Control>question", NULL } },
};

/* ---- construction ------------------------------------------------------- */

static GMenuModel *
build_menu (VinvWindow *self)
{
    GMenu *menu = g_menu_new ();
    GMenu *section;

    section = g_menu_new ();
    g_menu_append (section, "_Connect…", "app.connect");
    g_menu_append (section, "Open _Demo", "app.demo");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    g_object_unref (section);

    section = g_menu_new ();
    g_menu_append (section, "_Export…", "win.export");
    g_menu_append (section, "_Save Configuration", "win.save-config");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    g_object_unref (section);

    g_menu_append_section (menu, NULL, vinv_file_actions_install (self));

    section = g_menu_new ();
    g_menu_append (section, "_Keyboard Shortcuts", "win.shortcuts");
    g_menu_append (section, "_About virt-inventory", "app.about");
    g_menu_append (section, "_Quit", "app.quit");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    g_object_unref (section);
    return G_MENU_MODEL (menu);
}

static GtkWidget *
icon_button (const char *icon, const char *action, const char *tip)
{
    GtkWidget *button = gtk_button_new_from_icon_name (icon);
    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
    gtk_widget_set_tooltip_text (button, tip);
    return button;
}

static void
on_status_connect (GtkButton *button, gpointer user_data)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (user_data));
    if (app != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (app), "connect", NULL);
}

GtkWidget *
win_build_header (VinvWindow *self)
{
    GtkWidget *header = gtk_header_bar_new ();
    GtkWidget *nav = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_add_css_class (nav, "linked");
    gtk_box_append (GTK_BOX (nav), icon_button ("go-previous-symbolic", "win.back",
                                                "Back (Alt+Left)"));
    gtk_box_append (GTK_BOX (nav), icon_button ("go-next-symbolic", "win.forward",
                                                "Forward (Alt+Right)"));
    gtk_header_bar_pack_start (GTK_HEADER_BAR (header), nav);
    gtk_header_bar_pack_start (GTK_HEADER_BAR (header),
                               icon_button ("view-refresh-symbolic", "win.refresh",
                                            "Refresh (Ctrl+R)"));

    GtkWidget *titles = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_widget_set_valign (titles, GTK_ALIGN_CENTER);
    self->title = gtk_label_new ("virt-inventory");
    gtk_widget_add_css_class (self->title, "title");
    self->subtitle = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->subtitle, "subtitle");
    gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
    gtk_widget_set_visible (self->subtitle, FALSE);
    gtk_box_append (GTK_BOX (titles), self->title);
    gtk_box_append (GTK_BOX (titles), self->subtitle);
    gtk_header_bar_set_title_widget (GTK_HEADER_BAR (header), titles);

    GtkWidget *menu_button = gtk_menu_button_new ();
    gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu_button), "open-menu-symbolic");
    gtk_widget_set_tooltip_text (menu_button, "Main menu");
    g_autoptr (GMenuModel) menu = build_menu (self);
    gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), menu);
    gtk_menu_button_set_primary (GTK_MENU_BUTTON (menu_button), TRUE);
    gtk_header_bar_pack_end (GTK_HEADER_BAR (header), menu_button);
    gtk_header_bar_pack_end (GTK_HEADER_BAR (header),
                             icon_button ("document-save-as-symbolic", "win.export",
                                          "Export (Ctrl+E)"));
    gtk_header_bar_pack_end (GTK_HEADER_BAR (header), vinv_actions_install (self));
    return header;
}

GtkWidget *
win_build_status (VinvWindow *self)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
    gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
    gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
    gtk_widget_set_margin_start (box, 48);
    gtk_widget_set_margin_end (box, 48);

    self->status_icon = gtk_image_new_from_icon_name ("network-server-symbolic");
    gtk_image_set_pixel_size (GTK_IMAGE (self->status_icon), 96);
    gtk_widget_add_css_class (self->status_icon, "dim-label");
    gtk_box_append (GTK_BOX (box), self->status_icon);
    self->status_spinner = gtk_spinner_new ();
    gtk_widget_set_size_request (self->status_spinner, 48, 48);
    gtk_box_append (GTK_BOX (box), self->status_spinner);

    self->status_title = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->status_title, "title-2");
    gtk_label_set_wrap (GTK_LABEL (self->status_title), TRUE);
    gtk_label_set_justify (GTK_LABEL (self->status_title), GTK_JUSTIFY_CENTER);
    gtk_box_append (GTK_BOX (box), self->status_title);

    self->status_label = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
    gtk_label_set_justify (GTK_LABEL (self->status_label), GTK_JUSTIFY_CENTER);
    gtk_label_set_selectable (GTK_LABEL (self->status_label), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->status_label), 70);
    gtk_box_append (GTK_BOX (box), self->status_label);

    self->status_button = gtk_button_new_with_mnemonic ("_Connect…");
    gtk_widget_set_halign (self->status_button, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (self->status_button, "suggested-action");
    gtk_widget_add_css_class (self->status_button, "pill");
    g_signal_connect (self->status_button, "clicked", G_CALLBACK (on_status_connect), self);
    gtk_box_append (GTK_BOX (box), self->status_button);
    return box;
}

void
win_install_actions (VinvWindow *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions,
                                     G_N_ELEMENTS (win_actions), self);
}

void
win_set_accels (GtkApplication *app)
{
    for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
        gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
    for (int i = 0; i < 9; i++) {
        g_autofree char *action = g_strdup_printf ("win.show-table-nth(%d)", i);
        g_autofree char *key = g_strdup_printf ("<Control>%d", i + 1);
        const char *keys[] = { key, NULL };
        gtk_application_set_accels_for_action (app, action, keys);
    }
}
