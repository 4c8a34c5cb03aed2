/* test-gui-profile.c — the window's settings per connection, the Connect
 * dialog (last profile, readable errors from a real engine, what saving a
 * profile keeps), the configuration's lifetime, and the filter entry's
 * help and column completion; under Xvfb (run-xvfb.sh).
 *
 * Login errors come from tools/ovirt-sim over real HTTP: a wrong password,
 * and the port of a simulator that was stopped.  Connections are the demo
 * (libvirt test driver, several hosts), one demo host alone, and the
 * simulator.  Waiting is always for a condition, with a deadline.
 */
#include "gui-test-util.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>
#include "ovirt-backend.h"
#include "sim.h"
#include "vinv-filter-completion.h"
#include "vinv-filter-help.h"
#include "vinv-login-dialog.h"

static char *config_path;
static char **demo;

/* ---- helpers ------------------------------------------------------------ */



/* @data points at a dialog pointer cleared (weakly) when it closes. */
static gboolean
dialog_closed (gpointer data)
{
    return *(gpointer *) data == NULL;
}


static VinvTablePage *
vms_of (VinvWindow *window)
{
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_assert_nonnull (page);
    return page;
}

static const char *
filter_of (VinvWindow *window)
{
    return vinv_view_get_filter_text (vinv_table_page_get_view (vms_of (window)));
}

static char *
columns_of (VinvWindow *window)
{
    return vinv_view_dup_columns_text (vinv_table_page_get_view (vms_of (window)));
}

/* A fresh configuration for the app (and the file removed). */
static void
fresh_config (void)
{
    g_remove (config_path);
    vinv_app_set_config (app, vinv_config_load (config_path, NULL));
}

static gboolean
windows_of_app_gone (gpointer data)
{
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (VINV_IS_WINDOW (l->data))
            return FALSE;
    }
    return TRUE;
}


/* The texts of every GtkLabel under @root, one per line. */
static void
collect_labels (GtkWidget *root, GString *out)
{
    if (GTK_IS_LABEL (root))
        g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
    for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
         c = gtk_widget_get_next_sibling (c))
        collect_labels (c, out);
}


/* The first check button under @root labelled @label. */
static GtkWidget *
find_check (GtkWidget *root, const char *label)
{
    if (GTK_IS_CHECK_BUTTON (root)
        && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (root)), label) == 0)
        return root;
    for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
         c = gtk_widget_get_next_sibling (c)) {
        GtkWidget *found = find_check (c, label);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* ---- settings per connection -------------------------------------------- */

/* The demo's filter and its Source column do not reappear on another
 * connection (one host, a profile, an oVirt engine); each gets its own
 * back when it is opened again. */
static void
test_settings_per_connection (void)
{
    const char *one[] = { demo[0], NULL };
    const char *const *all = (const char *const *) demo;
    Sim *sim = NULL;

    fresh_config ();
    g_assert_cmpuint (g_strv_length (demo), >, 1);

    /* the demo: several hosts, so a Source column; a filter */
    VinvWindow *window = load_window (all, NULL, NULL);
    g_autofree char *demo_columns = columns_of (window);
    g_assert_nonnull (strstr (demo_columns, "source"));
    vinv_table_page_move_column (vms_of (window), VINV_VM_MEMORY, 0);
    g_autofree char *moved = columns_of (window);
    g_assert_true (vinv_table_page_set_filter (vms_of (window), "memory > 1GB"));
    gtk_window_close (GTK_WINDOW (window));

    /* one host alone: neither the filter nor the Source column */
    window = load_window (one, NULL, NULL);
    g_assert_cmpstr (filter_of (window), ==, "");
    g_autofree char *single = columns_of (window);
    g_assert_null (strstr (single, "source"));
    g_assert_true (vinv_table_page_set_filter (vms_of (window), "status = up"));
    gtk_window_close (GTK_WINDOW (window));

    /* a profile of that same host: its own settings, not the host's */
    VinvProfile lab = { (char *) "lab", (char **) one, NULL, NULL, FALSE };
    vinv_config_set_profile (vinv_app_get_config (app), &lab);
    window = load_window (one, &lab, NULL);
    g_assert_cmpstr (filter_of (window), ==, "");
    g_assert_true (vinv_table_page_set_filter (vms_of (window), "vcpus > 1"));
    gtk_window_close (GTK_WINDOW (window));

    /* an oVirt engine (the simulator) */
    const char *sim_args[] = { "--vms", "20", NULL };
    sim = sim_start (sim_args, FALSE);
    g_autofree char *engine = sim_uri (sim);
    const char *engine_uris[] = { engine, NULL };
    VinvConnectOptions engine_options = { .user = (char *) "admin@internal",
                                          .password = (char *) "ovirt" };
    window = vinv_app_new_window (app);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_load (window, engine_uris, &engine_options);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_nonnull (vinv_window_get_inventory (window));
    g_assert_cmpstr (filter_of (window), ==, "");
    g_autofree char *engine_columns = columns_of (window);
    g_assert_null (strstr (engine_columns, "source"));
    gtk_window_close (GTK_WINDOW (window));

    /* each connection gets its own back */
    window = load_window (all, NULL, NULL);
    g_assert_cmpstr (filter_of (window), ==, "memory > 1GB");
    g_autofree char *again = columns_of (window);
    g_assert_cmpstr (again, ==, moved);
    gtk_window_close (GTK_WINDOW (window));
    window = load_window (one, NULL, NULL);
    g_assert_cmpstr (filter_of (window), ==, "status = up");
    gtk_window_close (GTK_WINDOW (window));
    window = load_window (one, &lab, NULL);
    g_assert_cmpstr (filter_of (window), ==, "vcpus > 1");

    /* the same window connecting elsewhere keeps the profile's settings
     * for it and starts over with the demo's */
    g_assert_true (vinv_table_page_set_filter (vms_of (window), "vcpus > 2"));
    vinv_window_set_profile (window, NULL);
    VinvConnectOptions none = { 0 };
    vinv_window_load (window, all, &none);
    g_assert_true (vinv_wait_until (not_loading, window, DEADLINE_MS));
    g_assert_cmpstr (filter_of (window), ==, "memory > 1GB");
    gtk_window_close (GTK_WINDOW (window));

    g_autoptr (VinvConfig) saved = vinv_config_load (config_path, NULL);
    g_autofree char *lab_scope = vinv_config_scope ("lab", NULL);
    VinvTableSettings s = { 0 };
    g_assert_true (vinv_config_get_table_settings (saved, lab_scope, "vms", &s));
    g_assert_cmpstr (s.filter, ==, "vcpus > 2");
    vinv_table_settings_clear (&s);
    /* nothing for every connection: [table vms] is never written */
    g_assert_false (vinv_config_get_table_settings (saved, NULL, "vms", &s));
    g_assert_true (vinv_wait_until (windows_of_app_gone, NULL, DEADLINE_MS));
    sim_stop (sim);
}

/* A followed link's chip is not saved as the page's filter: only what
 * was typed. */
static void
test_chip_not_saved (void)
{
    fresh_config ();
    VinvWindow *window = load_window ((const char *const *) demo, NULL, NULL);
    VinvTablePage *hosts = vinv_window_get_page (window, VINV_TABLE_HOST);
    g_assert_nonnull (hosts);

    g_assert_true (vinv_table_page_set_link_filter (hosts, "name = hv.*", "Some hosts", ""));
    VinvTableSettings s = { 0 };
    vinv_table_page_capture_settings (hosts, &s);
    g_assert_null (s.filter);
    g_assert_true (vinv_table_page_set_link_filter (hosts, "name = hv.*", "Some hosts",
                                                    "status = up"));
    vinv_table_page_capture_settings (hosts, &s);
    g_assert_cmpstr (s.filter, ==, "status = up");
    vinv_table_settings_clear (&s);

    g_autoptr (GError) error = NULL;
    g_assert_true (vinv_window_save_config (window, &error));
    g_assert_no_error (error);
    g_autoptr (VinvConfig) saved = vinv_config_load (config_path, NULL);
    g_autofree char *scope = vinv_config_scope (NULL, vinv_window_get_uris (window));
    g_assert_true (vinv_config_get_table_settings (saved, scope, "hosts", &s));
    g_assert_cmpstr (s.filter, ==, "status = up");
    vinv_table_settings_clear (&s);
    gtk_window_destroy (GTK_WINDOW (window));
}

/* A window keeps the configuration it was given after the app replaced
 * it: saving still works, into that configuration's file. */
static void
test_config_outlives_replacement (void)
{
    g_autofree char *dir = g_path_get_dirname (config_path);
    g_autofree char *other = g_build_filename (dir, "other.ini", NULL);
    fresh_config ();
    VinvWindow *window = load_window ((const char *const *) demo, NULL, NULL);
    g_assert_true (vinv_table_page_set_filter (vms_of (window), "memory > 3GB"));

    vinv_app_set_config (app, vinv_config_load (other, NULL));
    /* the app's old configuration is gone from the app, not from the window */
    g_autoptr (GError) error = NULL;
    g_assert_true (vinv_window_save_config (window, &error));
    g_assert_no_error (error);
    g_autoptr (VinvConfig) saved = vinv_config_load (config_path, NULL);
    g_autofree char *scope = vinv_config_scope (NULL, vinv_window_get_uris (window));
    VinvTableSettings s = { 0 };
    g_assert_true (vinv_config_get_table_settings (saved, scope, "vms", &s));
    g_assert_cmpstr (s.filter, ==, "memory > 3GB");
    vinv_table_settings_clear (&s);
    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
    gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the Connect dialog ------------------------------------------------- */

static VinvLoginDialog *
connect_dialog (void)
{
    return VINV_LOGIN_DIALOG (vinv_app_show_login (app, NULL));
}

/* The last profile connected through is preselected, its password field
 * focused; saving it again keeps what the dialog has no field for. */
static void
test_last_profile_and_save (void)
{
    const char *a_uris[] = { demo[0], NULL };
    const char *b_uris[] = { demo[1], NULL };
    VinvProfile a = { (char *) "alpha", (char **) a_uris, NULL, NULL, FALSE };
    VinvProfile b = { (char *) "beta", (char **) b_uris, NULL, NULL, FALSE, TRUE, FALSE };

    fresh_config ();
    vinv_config_set_profile (vinv_app_get_config (app), &a);
    vinv_config_set_profile (vinv_app_get_config (app), &b);
    vinv_config_set_default_profile (vinv_app_get_config (app), "alpha");

    /* the default profile first */
    VinvLoginDialog *dialog = connect_dialog ();
    g_assert_cmpstr (vinv_login_dialog_get_uri_text (dialog), ==, demo[0]);
    g_assert_cmpstr (vinv_login_dialog_get_focus_field (dialog), ==, "password");

    /* connect through beta, saving it as a profile again */
    g_assert_true (vinv_login_dialog_select_profile (dialog, "beta"));
    GtkWidget *save = find_check (GTK_WIDGET (dialog), "Save as p_rofile");
    g_assert_nonnull (save);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (save), TRUE);
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    vinv_login_dialog_connect (dialog);
    g_assert_true (vinv_wait_until (dialog_closed, &dialog, DEADLINE_MS));

    /* allow-actions survived the save */
    g_autoptr (VinvConfig) saved = vinv_config_load (config_path, NULL);
    g_autoptr (VinvProfile) kept = vinv_config_get_profile (saved, "beta");
    g_assert_nonnull (kept);
    g_assert_true (kept->allow_actions);
    g_assert_false (kept->read_only);
    g_autofree char *last = vinv_config_get_last_profile (saved);
    g_assert_cmpstr (last, ==, "beta");

    /* the next dialog (and the next start) preselects beta */
    dialog = connect_dialog ();
    g_assert_cmpstr (vinv_login_dialog_get_uri_text (dialog), ==, demo[1]);
    g_assert_cmpstr (vinv_login_dialog_get_focus_field (dialog), ==, "password");
    gtk_window_destroy (GTK_WINDOW (dialog));
    vinv_app_set_config (app, vinv_config_load (config_path, NULL));
    dialog = connect_dialog ();
    g_assert_cmpstr (vinv_login_dialog_get_uri_text (dialog), ==, demo[1]);
    gtk_window_destroy (GTK_WINDOW (dialog));

    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (VINV_IS_WINDOW (l->data)) {
            gtk_window_destroy (GTK_WINDOW (l->data));
            break;
        }
    }
}

/* Connects @dialog to @uri as admin@internal with @password; returns
 * when it has failed (the dialog stays). */
static void
connect_and_fail (VinvLoginDialog *dialog, const char *uri, const char *password)
{
    vinv_login_dialog_prefill (dialog, uri, "admin@internal", NULL, FALSE, NULL);
    vinv_login_dialog_set_password (dialog, password);
    vinv_login_dialog_connect (dialog);
    g_assert_true (vinv_wait_until (dialog_idle, dialog, DEADLINE_MS));
    g_test_message ("%s -> %s [%s]", uri, vinv_login_dialog_get_error (dialog),
                    vinv_login_dialog_get_error_detail (dialog));
}

/* A failed login is one sentence, the back-end's message is the detail,
 * and the cursor is in the field to fix. */
static void
test_login_errors (void)
{
    const char *no_args[] = { NULL };
    Sim *live = sim_start (no_args, FALSE);
    Sim *dead = sim_start (no_args, FALSE);
    g_autofree char *live_uri = sim_uri (live);
    g_autofree char *dead_uri = sim_uri (dead);
    g_autofree char *dead_place = g_strdup (dead->hostport);
    sim_stop (dead);

    fresh_config ();
    VinvLoginDialog *dialog = connect_dialog ();

    /* a wrong password: the password field, selected for retyping */
    connect_and_fail (dialog, live_uri, "wrong-password");
    g_autofree char *auth = g_strdup_printf ("Wrong user name or password for %s.",
                                             live->hostport);
    g_assert_cmpstr (vinv_login_dialog_get_error (dialog), ==, auth);
    g_assert_nonnull (vinv_login_dialog_get_error_detail (dialog));
    g_assert_nonnull (strstr (vinv_login_dialog_get_error_detail (dialog), "admin@internal"));
    g_assert_null (strstr (vinv_login_dialog_get_error_detail (dialog), "wrong-password"));
    g_assert_cmpstr (vinv_login_dialog_get_focus_field (dialog), ==, "password");

    /* a dead port: the URI field */
    connect_and_fail (dialog, dead_uri, "ovirt");
    g_autofree char *refused = g_strdup_printf ("Cannot reach %s: connection refused.",
                                                dead_place);
    g_assert_cmpstr (vinv_login_dialog_get_error (dialog), ==, refused);
    g_assert_nonnull (strstr (vinv_login_dialog_get_error_detail (dialog), dead_place));
    g_assert_cmpstr (vinv_login_dialog_get_focus_field (dialog), ==, "uri");

    /* the details are in a closed expander under the sentence */
    GString *labels = g_string_new (NULL);
    collect_labels (GTK_WIDGET (dialog), labels);
    g_assert_nonnull (strstr (labels->str, refused));
    g_assert_null (strstr (labels->str, vinv_login_dialog_get_error_detail (dialog)));
    GtkWidget *expander = find_type (GTK_WIDGET (dialog), GTK_TYPE_EXPANDER);
    g_assert_nonnull (expander);
    g_assert_true (gtk_widget_get_visible (expander));
    g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
    gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
    g_string_truncate (labels, 0);
    collect_labels (GTK_WIDGET (dialog), labels);
    g_assert_nonnull (strstr (labels->str, vinv_login_dialog_get_error_detail (dialog)));
    g_string_free (labels, TRUE);

    /* not a URI anyone handles: the URI field */
    connect_and_fail (dialog, "nosuch://engine.example.com", "x");
    g_assert_cmpstr (vinv_login_dialog_get_error (dialog), ==,
                     "nosuch://engine.example.com is not the URI of an oVirt engine or a "
                     "libvirt host.");
    g_assert_cmpstr (vinv_login_dialog_get_focus_field (dialog), ==, "uri");

    /* and the right password connects */
    g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
    vinv_login_dialog_prefill (dialog, live_uri, "admin@internal", NULL, FALSE, NULL);
    vinv_login_dialog_set_password (dialog, "ovirt");
    vinv_login_dialog_connect (dialog);
    g_assert_true (vinv_wait_until (dialog_closed, &dialog, DEADLINE_MS));
    for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next) {
        if (VINV_IS_WINDOW (l->data)) {
            gtk_window_destroy (GTK_WINDOW (l->data));
            break;
        }
    }
    sim_stop (live);
}

/* ---- filter help and completion ----------------------------------------- */

static void
set_typed (GtkEntry *entry, const char *text)
{
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
    gtk_editable_set_position (GTK_EDITABLE (entry), -1);
    vinv_filter_completion_update (vinv_filter_completion_get (entry));
}

static gboolean
offers (VinvFilterCompletion *c, const char *text)
{
    for (guint i = 0; i < vinv_filter_completion_get_n_items (c); i++) {
        if (strcmp (vinv_filter_completion_get_item (c, i), text) == 0)
            return TRUE;
    }
    return FALSE;
}

static void
test_completion (void)
{
    fresh_config ();
    VinvWindow *window = load_window ((const char *const *) demo, NULL, NULL);
    VinvTablePage *vms = vms_of (window);
    GtkEntry *entry = vinv_table_page_get_filter_entry (vms);
    VinvFilterCompletion *c = vinv_filter_completion_get (entry);
    g_assert_nonnull (c);
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));
    gtk_widget_grab_focus (GTK_WIDGET (entry));

    /* "sta" offers status; Tab puts it in */
    set_typed (entry, "sta");
    g_assert_true (vinv_filter_completion_is_shown (c));
    g_assert_true (offers (c, "status"));
    int status = -1;
    for (guint i = 0; i < vinv_filter_completion_get_n_items (c); i++) {
        if (strcmp (vinv_filter_completion_get_item (c, i), "status") == 0)
            status = (int) i;
    }
    while (vinv_filter_completion_get_selected (c) != status)
        g_assert_true (vinv_filter_completion_key (c, GDK_KEY_Down, 0));
    g_assert_true (vinv_filter_completion_key (c, GDK_KEY_Tab, 0));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "status");
    g_assert_false (vinv_filter_completion_is_shown (c));
    /* nothing shown: Enter and Tab are the entry's (Enter applies) */
    g_assert_false (vinv_filter_completion_key (c, GDK_KEY_Return, 0));
    g_assert_false (vinv_filter_completion_key (c, GDK_KEY_Tab, 0));

    /* in the middle of a filter, after "and" */
    set_typed (entry, "status = up and mem");
    g_assert_true (offers (c, "memory"));
    g_assert_true (vinv_filter_completion_key (c, GDK_KEY_Return, 0));
    g_assert_true (g_str_has_prefix (gtk_editable_get_text (GTK_EDITABLE (entry)),
                                     "status = up and mem"));

    /* after "host.": the Hosts table's columns */
    set_typed (entry, "host.");
    g_assert_true (vinv_filter_completion_is_shown (c));
    g_assert_true (offers (c, "host.status"));
    g_assert_true (offers (c, "host.name"));
    for (guint i = 0; i < vinv_filter_completion_get_n_items (c); i++)
        g_assert_true (g_str_has_prefix (vinv_filter_completion_get_item (c, i), "host."));
    set_typed (entry, "host.sta");
    g_assert_true (offers (c, "host.status"));
    g_assert_false (offers (c, "host.name"));
    while (strcmp (vinv_filter_completion_get_item (
                       c, (guint) vinv_filter_completion_get_selected (c)), "host.status") != 0)
        g_assert_true (vinv_filter_completion_key (c, GDK_KEY_Down, 0));
    g_assert_true (vinv_filter_completion_key (c, GDK_KEY_KP_Enter, 0));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "host.status");
    /* the accepted text is a filter the language takes */
    gtk_editable_set_text (GTK_EDITABLE (entry), "host.status = up");
    g_signal_emit_by_name (entry, "activate");
    g_assert_null (vinv_table_page_get_filter_error (vms));

    /* a value, quoted text, a name that is no link: nothing offered */
    set_typed (entry, "status = up");
    g_assert_false (vinv_filter_completion_is_shown (c));
    set_typed (entry, "name = \"sta");
    g_assert_false (vinv_filter_completion_is_shown (c));
    set_typed (entry, "name.sta");
    g_assert_false (vinv_filter_completion_is_shown (c));

    /* Escape closes the list and leaves the filter alone */
    set_typed (entry, "sta");
    g_assert_true (vinv_filter_completion_is_shown (c));
    g_assert_true (vinv_filter_completion_key (c, GDK_KEY_Escape, 0));
    g_assert_false (vinv_filter_completion_is_shown (c));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "sta");

    /* text the program sets without the focus opens nothing */
    gtk_widget_grab_focus (GTK_WIDGET (vinv_table_page_get_column_view (vms)));
    set_typed (entry, "sta");
    g_assert_false (vinv_filter_completion_is_shown (c));
    vinv_table_page_set_filter (vms, "");
    gtk_window_destroy (GTK_WINDOW (window));
}

static void
find_shortcut_accels (GtkWidget *root, GString *out)
{
    if (GTK_IS_SHORTCUTS_SHORTCUT (root)) {
        g_autofree char *accel = NULL;
        g_autofree char *title = NULL;
        g_object_get (root, "accelerator", &accel, "title", &title, NULL);
        g_string_append_printf (out, "%s=%s\n", title, accel);
    }
    for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
         c = gtk_widget_get_next_sibling (c))
        find_shortcut_accels (c, out);
}

static void
test_filter_help (void)
{
    fresh_config ();
    VinvWindow *window = load_window ((const char *const *) demo, NULL, NULL);
    VinvTablePage *vms = vms_of (window);
    GtkEntry *entry = vinv_table_page_get_filter_entry (vms);
    const VinvInventory *inventory = vinv_window_get_inventory (window);

    /* the "?" in the entry; Shift+F1 in the page opens the card */
    g_assert_cmpstr (gtk_entry_get_icon_name (entry, GTK_ENTRY_ICON_SECONDARY), ==,
                     "dialog-question-symbolic");
    g_assert_null (vinv_filter_help_get_popover (entry));
    g_assert_true (run_shortcut (GTK_WIDGET (vms), "<Shift>F1"));
    GtkPopover *help = vinv_filter_help_get_popover (entry);
    g_assert_nonnull (help);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
    g_assert_true (vinv_wait_frames (GTK_WIDGET (window), 2, DEADLINE_MS));

    /* the operator summary, and every example on the card */
    GString *labels = g_string_new (NULL);
    collect_labels (GTK_WIDGET (help), labels);
    g_assert_nonnull (strstr (labels->str, "=  !=  <  >  <=  >=  ~  !~  is empty  is not empty"));
    g_assert_nonnull (strstr (labels->str, "all vms.status = up"));
    g_assert_nonnull (strstr (labels->str, "KiB"));
    g_assert_nonnull (strstr (labels->str, "Mbps"));
    guint n = 0;
    const VinvFilterHelpItem *items = vinv_filter_help_get_items (&n);
    g_assert_cmpuint (n, >, 10);
    for (guint i = 0; i < n; i++) {
        g_assert_nonnull (strstr (labels->str, items[i].example));
        /* and each is a filter the language takes, on its table */
        VinvTable *table = vinv_inventory_lookup_table (inventory, items[i].table);
        g_assert_nonnull (table);
        g_autoptr (VinvView) view = vinv_view_new (table, inventory);
        g_autoptr (VinvFilterError) error = NULL;
        if (!vinv_view_set_filter (view, items[i].example, &error))
            g_error ("help example '%s': %s", items[i].example, error->message);
    }
    g_string_free (labels, TRUE);
    gtk_popover_popdown (help);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (help)));

    /* clicking the icon does the same */
    g_signal_emit_by_name (entry, "icon-press", GTK_ENTRY_ICON_SECONDARY);
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (help)));
    gtk_popover_popdown (help);

    /* and the shortcuts window lists it */
    GtkWindow *shortcuts = vinv_window_show_shortcuts (window);
    GString *accels = g_string_new (NULL);
    find_shortcut_accels (GTK_WIDGET (shortcuts), accels);
    g_assert_nonnull (strstr (accels->str, "Filter language help=<Shift>F1\n"));
    g_assert_nonnull (strstr (accels->str, "Complete a column name in the filter=Tab\n"));
    g_string_free (accels, TRUE);
    gtk_window_destroy (shortcuts);
    gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *tmp_dir = gui_test_init (&argc, &argv, "gui-profile");
    if (tmp_dir == NULL)
        return 0;
    config_path = g_build_filename (tmp_dir, "virt-inventory", "config.ini", NULL);
    vinv_ovirt_register ();
    demo = vinv_demo_dup_uris (NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (demo);
    gui_test_start_app (config_path);

    g_test_add_func ("/gui-profile/settings-per-connection", test_settings_per_connection);
    g_test_add_func ("/gui-profile/chip-not-saved", test_chip_not_saved);
    g_test_add_func ("/gui-profile/config-outlives-replacement",
                     test_config_outlives_replacement);
    g_test_add_func ("/gui-profile/last-profile-and-save", test_last_profile_and_save);
    g_test_add_func ("/gui-profile/login-errors", test_login_errors);
    g_test_add_func ("/gui-profile/completion", test_completion);
    g_test_add_func ("/gui-profile/filter-help", test_filter_help);
    int status = gui_test_run ();
    g_strfreev (demo);
    return status;
}
