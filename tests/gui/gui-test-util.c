/* gui-test-util.c — helpers shared by the GUI test programs (see
 * gui-test-util.h).
 */
#include "gui-test-util.h"

#include <stdio.h>
#include "libvirt/libvirt-backend.h"
#include "vinv-compare.h"
#include "vinv-login-dialog.h"

VinvApp *app;
static VinvWindow *demo_window;

/* ---- the program -------------------------------------------------------- */

char *
gui_test_init (int *argc, char ***argv, const char *name)
{
    g_autoptr (GError) error = NULL;

    g_test_init (argc, argv, NULL);
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
    g_setenv ("GTK_A11Y", "none", FALSE);
    g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
    g_autofree char *pattern = g_strdup_printf ("vinv-%s-XXXXXX", name);
    char *tmp_dir = g_dir_make_tmp (pattern, &error);
    g_assert_no_error (error);
    g_setenv ("XDG_CONFIG_HOME", tmp_dir, TRUE);
    /* the inventory cache (vinv-cache.h) */
    g_autofree char *cache_home = g_build_filename (tmp_dir, "cache", NULL);
    g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);

    if (!gtk_init_check ()) {
        printf ("1..0 # SKIP no X server could be opened (DISPLAY=%s)\n",
                g_getenv ("DISPLAY") != NULL ? g_getenv ("DISPLAY") : "");
        g_free (tmp_dir);
        return NULL;
    }
    /* Without a window manager, focus moves between toplevels without
     * focus-out events, and a blinking cursor then warns (fatally, in a
     * test); a steady cursor has no timer to warn from. */
    g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
    /* revealers and stacks change at once: a picture never catches a
     * banner half-way (a cached load's message going away) */
    g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
    vinv_libvirt_register ();
    g_auto (GStrv) demo = vinv_demo_dup_uris (NULL, NULL);
    if (demo == NULL && g_getenv ("VINV_SOURCE_ROOT") != NULL) {
        g_autofree char *own = g_build_filename (g_getenv ("VINV_SOURCE_ROOT"), "tests", "gui",
                                                 "data", NULL);
        g_setenv ("VINV_DEMO_DIR", own, TRUE);
    }
    return tmp_dir;
}

void
gui_test_start_app (const char *config_path)
{
    g_autoptr (GError) error = NULL;
    app = vinv_app_new ();
    g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
    g_assert_no_error (error);
    vinv_app_set_config (app, vinv_config_load (config_path, NULL));
}

int
gui_test_run (void)
{
    int status = g_test_run ();
    if (demo_window != NULL)
        gtk_window_destroy (GTK_WINDOW (demo_window));
    g_clear_object (&app);
    return status;
}

/* ---- waiting ------------------------------------------------------------ */

gboolean
not_loading (gpointer window)
{
    return !vinv_window_is_loading (VINV_WINDOW (window));
}

gboolean
health_done (gpointer window)
{
    return !vinv_health_page_get_loading (vinv_window_get_health_page (VINV_WINDOW (window)));
}

void
wait_loaded (VinvWindow *window)
{
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_true (vinv_wait_until (health_done, window, DEADLINE_MS));
}

void
frames (GtkWidget *widget)
{
    g_assert_true (vinv_wait_frames (widget, 3, DEADLINE_MS));
}

static gboolean
quit_loop (GCancellable *cancellable, gpointer user_data)
{
    g_main_loop_quit (user_data);
    return G_SOURCE_REMOVE;
}

void
wait_cancelled (GCancellable *cancellable)
{
    GMainContext *context = g_main_context_new ();
    GMainLoop *loop = g_main_loop_new (context, FALSE);
    GSource *source = g_cancellable_source_new (cancellable);
    g_source_set_callback (source, G_SOURCE_FUNC (quit_loop), loop, NULL);
    g_source_attach (source, context);
    g_main_loop_run (loop);
    g_source_destroy (source);
    g_source_unref (source);
    g_main_loop_unref (loop);
    g_main_context_unref (context);
}

/* ---- windows ------------------------------------------------------------ */

char **
demo_uris (void)
{
    g_autoptr (GError) error = NULL;
    char **uris = vinv_demo_dup_uris (NULL, &error);
    g_assert_no_error (error);
    return uris;
}

VinvWindow *
new_demo_window (void)
{
    g_auto (GStrv) uris = demo_uris ();
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { 0 };

    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, (const char *const *) uris, &options);
    wait_loaded (window);
    g_assert_nonnull (vinv_window_get_inventory (window));
    return window;
}

VinvWindow *
get_demo_window (void)
{
    if (demo_window == NULL)
        demo_window = new_demo_window ();
    return demo_window;
}

VinvWindow *
load_window (const char *const *uris, const VinvProfile *profile, const char *password)
{
    VinvWindow *window = vinv_app_new_window (app);
    VinvConnectOptions options = { .password = (char *) password };

    vinv_window_set_profile (window, profile);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, uris, &options);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_nonnull (vinv_window_get_inventory (window));
    return window;
}

/* ---- pages and rows ----------------------------------------------------- */

VinvTablePage *
page_of (VinvWindow *window, VinvTableKind kind)
{
    VinvTablePage *page = vinv_window_get_page (window, kind);
    g_assert_nonnull (page);
    return page;
}

VinvTable *
table_of (VinvTablePage *page)
{
    return vinv_view_get_table (vinv_table_page_get_view (page));
}

guint
n_model (VinvTablePage *page)
{
    return g_list_model_get_n_items (vinv_table_page_get_model (page));
}

guint
model_row (VinvTablePage *page, guint i)
{
    g_autoptr (VinvRowItem) item = g_list_model_get_item (vinv_table_page_get_model (page), i);
    g_assert_nonnull (item);
    g_assert_cmpuint (vinv_row_item_get_position (item), ==, i);
    return vinv_row_item_get_row (item);
}

const char *
string_cell (VinvTable *table, guint row, guint col)
{
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

/* ---- widgets ------------------------------------------------------------ */

GtkColumnViewColumn *
column_titled (GtkColumnView *cv, const char *title)
{
    GListModel *columns = gtk_column_view_get_columns (cv);
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++) {
        g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
            return column;   /* the column view keeps its own reference */
    }
    return NULL;
}

GtkWidget *
find_type (GtkWidget *root, GType type)
{
    if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
        return root;
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = find_type (child, type);
        if (found != NULL)
            return found;
    }
    return NULL;
}

void
collect_marked (GtkWidget *root, const char *css, GPtrArray *out)
{
    for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
         w = gtk_widget_get_next_sibling (w)) {
        if (gtk_widget_has_css_class (w, css) && gtk_widget_get_mapped (w))
            g_ptr_array_add (out, w);
        collect_marked (w, css, out);
    }
}

gboolean
compare_idle (gpointer window)
{
    return !vinv_compare_is_busy (VINV_WINDOW (window));
}

gboolean
dialog_idle (gpointer dialog)
{
    return !vinv_login_dialog_is_busy (VINV_LOGIN_DIALOG (dialog));
}

static gboolean
trigger_matches (GtkShortcutTrigger *trigger, GtkShortcutTrigger *want)
{
    if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
        return trigger_matches (
                   gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), want)
               || trigger_matches (
                   gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)),
                   want);
    return gtk_shortcut_trigger_equal (trigger, want);
}

gboolean
run_shortcut (GtkWidget *widget, const char *accel)
{
    guint key;
    GdkModifierType mods;
    g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
    g_autoptr (GtkShortcutTrigger) want = gtk_keyval_trigger_new (key, mods);
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++) {
        g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
        if (!GTK_IS_SHORTCUT_CONTROLLER (c))
            continue;
        for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)); j++) {
            g_autoptr (GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), j);
            if (trigger_matches (gtk_shortcut_get_trigger (sc), want))
                return gtk_shortcut_action_activate (gtk_shortcut_get_action (sc), 0, widget,
                                                     gtk_shortcut_get_arguments (sc));
        }
    }
    g_assert_not_reached ();
}

void
save_shot (VinvWindow *window, const char *dir, const char *name)
{
    g_autofree char *path = g_build_filename (dir, name, NULL);
    g_autoptr (GError) error = NULL;
    frames (GTK_WIDGET (window));
    g_assert_true (vinv_widget_save_png (GTK_WIDGET (window), path, &error));
    g_assert_no_error (error);
    g_test_message ("screenshot: %s", path);
}
