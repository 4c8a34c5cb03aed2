/* vinv-app.c — command line, configuration, style sheet, app actions.
 *
 * The app is NON_UNIQUE (every start is its own process, like the CLI) and
 * handles its command line itself.  It owns the configuration; windows and
 * the login dialog borrow it.  What -c, --profile and --demo open is the
 * session's decision (core/session.h); with something to open it opens a
 * window that loads at once, unless a back-end needs a password and
 * $VIRT_INVENTORY_PASSWORD gives none: then the login dialog comes with
 * the fields filled in, since a password is never taken from argv.
 */
#include "vinv-app.h"

#include <stdio.h>
#include <stdlib.h>
#include "vinv-bench.h"
#include "vinv-config.h"
#include "core/demo.h"
#include "core/session.h"
#include "core/secret.h"
#include "vinv-gui-util.h"
#include "vinv-login-dialog.h"

struct _VinvApp {
    GtkApplication parent_instance;
    VinvConfig *config;
    char *config_warning;
};

G_DEFINE_FINAL_TYPE (VinvApp, vinv_app, GTK_TYPE_APPLICATION)

static const char app_css[] =
    ".numeric { font-feature-settings: \"tnum\"; }\n"
    /* theme colours mixed towards the text colour, so that they keep a
     * 4.5:1 contrast on the view in both Default (Adwaita) light and dark:
     * links 6.9:1 / 5.1:1 on the view, error text 10.3:1 / 5.0:1 on the
     * window (GTK 4.8 Default-light / Default-dark colours) */
    "columnview .vinv-link { color: mix(@theme_selected_bg_color, @theme_fg_color, 0.5); }\n"
    ".vinv-filter-error, .vinv-banner label, revealer.error .vinv-message label,"
    " .vinv-login-error label { color: mix(@error_color, @theme_fg_color, 0.6); }\n"
    "columnview .vinv-link:hover { text-decoration-line: underline; }\n"
    "columnview > listview > row:selected .vinv-link { color: inherit; }\n"
    "columnview .vinv-added { background-color: alpha(#2ec27e, 0.25); }\n"
    "columnview .vinv-changed { background-color: alpha(#f5c211, 0.35); }\n"
    ".vinv-banner { background-color: alpha(@error_color, 0.10); padding: 6px 12px;"
    " border-top: 1px solid alpha(@error_color, 0.25);"
    " border-bottom: 1px solid alpha(@error_color, 0.25); }\n"
    ".vinv-banner image { color: @error_color; }\n"
    ".vinv-filter-error { font-size: smaller; }\n"
    ".vinv-progress { padding: 6px 12px; border-bottom: 1px solid @borders; }\n"
    ".vinv-message { padding: 4px 6px 4px 12px; border-bottom: 1px solid @borders;"
    " background-color: alpha(@theme_selected_bg_color, 0.12); }\n"
    "revealer.error .vinv-message { background-color: alpha(@error_color, 0.12); }\n"
    ".vinv-sidebar { background-color: @theme_bg_color; }\n"
    ".vinv-status-icon { -gtk-icon-size: 12px; }\n"
    ".vinv-loaded { font-size: smaller; padding: 6px 12px; }\n"
    ".vinv-chip { border-radius: 9999px; padding: 0 2px 0 10px;"
    " background-color: alpha(@theme_selected_bg_color, 0.18); }\n"
    ".vinv-chip button { min-height: 20px; min-width: 20px; padding: 2px; }\n"
    ".vinv-status-icon.success { color: mix(@success_color, @theme_fg_color, 0.3); }\n"
    ".vinv-status-icon.warning { color: mix(@warning_color, @theme_fg_color, 0.3); }\n"
    ".vinv-status-icon.error { color: mix(@error_color, @theme_fg_color, 0.3); }\n"
    ".vinv-login-error { padding: 8px 10px; border-radius: 6px;"
    " background-color: alpha(@error_color, 0.10); }\n";

void
vinv_app_install_css (void)
{
    static gboolean installed;
    GdkDisplay *display = gdk_display_get_default ();

    if (installed || display == NULL)
        return;
    GtkCssProvider *provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_data (provider, app_css, -1);
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (provider);
    installed = TRUE;
}

VinvConfig *
vinv_app_get_config (VinvApp *self)
{
    g_return_val_if_fail (VINV_IS_APP (self), NULL);
    return self->config;
}

void
vinv_app_set_config (VinvApp *self, VinvConfig *config)
{
    g_return_if_fail (VINV_IS_APP (self));
    if (self->config != config)
        vinv_config_free (self->config);
    self->config = config;
}

VinvWindow *
vinv_app_new_window (VinvApp *self)
{
    VinvWindow *window = vinv_window_new (GTK_APPLICATION (self), self->config);
    if (self->config_warning != NULL)
        vinv_window_show_message (window, self->config_warning, TRUE);
    return window;
}

/* ---- login -------------------------------------------------------------- */

static void
on_login_done (VinvLoginDialog *dialog, VinvInventory *inventory, const char *const *uris,
               const VinvConnectOptions *options, gpointer user_data)
{
    VinvApp *self = user_data;
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (dialog));
    VinvWindow *window = parent != NULL && VINV_IS_WINDOW (parent)
        ? VINV_WINDOW (parent) : vinv_app_new_window (self);

    /* the profile counts (for actions) only when its URIs are what loaded */
    const char *name = vinv_login_dialog_get_profile_name (dialog);
    g_autoptr (VinvProfile) profile = name != NULL && self->config != NULL
                                      ? vinv_config_get_profile (self->config, name) : NULL;
    if (profile != NULL && !g_strv_equal ((const char *const *) profile->uris, uris))
        g_clear_pointer (&profile, vinv_profile_free);
    vinv_window_set_profile (window, profile);
    vinv_window_set_loaded (window, inventory, uris, options);
    gtk_window_present (GTK_WINDOW (window));
}

GtkWidget *
vinv_app_show_login (VinvApp *self, VinvWindow *parent)
{
    g_return_val_if_fail (VINV_IS_APP (self), NULL);
    GtkWidget *dialog = vinv_login_dialog_new (GTK_APPLICATION (self), GTK_WINDOW (parent),
                                               self->config, on_login_done, self);
    gtk_window_present (GTK_WINDOW (dialog));
    return dialog;
}

/* ---- actions ------------------------------------------------------------ */

static VinvWindow *
active_main_window (VinvApp *self)
{
    GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
    return active != NULL && VINV_IS_WINDOW (active) ? VINV_WINDOW (active) : NULL;
}

static void
action_connect (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvApp *self = user_data;
    vinv_app_show_login (self, active_main_window (self));
}

static void
action_demo (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvApp *self = user_data;
    VinvWindow *window = active_main_window (self);
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) uris = vinv_demo_dup_uris (NULL, &error);

    if (window == NULL) {
        window = vinv_app_new_window (self);
        gtk_window_present (GTK_WINDOW (window));
    }
    if (uris == NULL) {
        g_autofree char *text = g_strdup_printf ("The demo is not available: %s",
                                                 error->message);
        vinv_window_show_message (window, text, TRUE);
        return;
    }
    VinvConnectOptions options = { 0 };
    vinv_window_load (window, (const char *const *) uris, &options);
}

static void
action_about (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvApp *self = user_data;
    static const char *authors[] = { "The virt-inventory developers", NULL };
    gtk_show_about_dialog (gtk_application_get_active_window (GTK_APPLICATION (self)),
                           "program-name", "virt-inventory",
                           "logo-icon-name", "virt-inventory",
                           "version", VINV_VERSION,
                           "comments", "Every entity of oVirt and libvirt as fast, "
                                       "linked tables",
                           "license-type", GTK_LICENSE_GPL_2_0,
                           "authors", authors,
                           NULL);
}

static void
action_quit (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    GtkApplication *app = user_data;
    GList *windows = g_list_copy (gtk_application_get_windows (app));

    /* closing through close-request saves each window's configuration */
    for (GList *l = windows; l != NULL; l = l->next)
        gtk_window_close (GTK_WINDOW (l->data));
    g_list_free (windows);
}

static const GActionEntry app_actions[] = {
    { .name = "connect", .activate = action_connect },
    { .name = "demo", .activate = action_demo },
    { .name = "about", .activate = action_about },
    { .name = "quit", .activate = action_quit },
};

/* ---- command line ------------------------------------------------------- */

static const GOptionEntry options[] = {
    { "connect", 'c', 0, G_OPTION_ARG_STRING_ARRAY, NULL,
      "Connect to URI (repeat for several; rows get a Source)", "URI" },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, "oVirt user (user@profile)", "USER" },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, NULL, "CA certificate bundle (PEM)", "FILE" },
    { "insecure", 0, 0, G_OPTION_ARG_NONE, NULL, "Do not verify TLS certificates", NULL },
    { "profile", 0, 0, G_OPTION_ARG_STRING, NULL, "Use the saved connection profile NAME",
      "NAME" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, "Open the built-in demo environment", NULL },
    { "config", 0, 0, G_OPTION_ARG_FILENAME, NULL, "Configuration file to use", "FILE" },
    { "table", 0, 0, G_OPTION_ARG_STRING, NULL, "Show table NAME first", "NAME" },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, "Print the version and exit", NULL },
    { "bench-rows", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, NULL,
      "Measure the GUI on a synthetic table of N VMs and exit", "N" },
    { "bench-load", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, NULL,
      "Measure frame gaps while loading the connections given, then exit", NULL },
    { "screenshot", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, NULL,
      "Save the window as a PNG once loaded, then exit", "FILE" },
    { NULL }
};

#define SCREENSHOT_WIDTH 1280
#define SCREENSHOT_HEIGHT 800

/* A job run once the window is up: the screenshot or the benchmark. */
typedef struct {
    VinvApp *app;
    VinvWindow *window;
    char *path;          /* screenshot file */
    char *table;         /* table to show in the screenshot, or NULL */
    guint bench_rows;
    char **uris;         /* --bench-load: what to load */
    VinvConnectOptions options;
} Job;

static void
job_finish (Job *job, int status)
{
    g_application_release (G_APPLICATION (job->app));
    g_application_quit (G_APPLICATION (job->app));
    g_free (job->path);
    g_free (job->table);
    g_strfreev (job->uris);
    vinv_connect_options_clear (&job->options);
    g_free (job);
    if (status != 0)
        exit (status);
}

static gboolean
window_settled (gpointer data)
{
    VinvWindow *window = data;
    return !vinv_window_is_loading (window);
}

/* Waits (bounded) for the load and a few painted frames, then saves the
 * window as a PNG and quits.  For scripts/screenshot. */
static gboolean
take_screenshot (gpointer user_data)
{
    Job *shot = user_data;
    g_autoptr (GError) error = NULL;

    vinv_wait_until (window_settled, shot->window, 60000);
    /* the window's content, not its surface (which has invisible resize
     * borders), is to be SCREENSHOT_WIDTH × SCREENSHOT_HEIGHT */
    vinv_wait_frames (GTK_WIDGET (shot->window), 2, 10000);
    int dw = SCREENSHOT_WIDTH - gtk_widget_get_width (GTK_WIDGET (shot->window));
    int dh = SCREENSHOT_HEIGHT - gtk_widget_get_height (GTK_WIDGET (shot->window));
    if (dw != 0 || dh != 0) {
        int w;
        int h;
        gtk_window_get_default_size (GTK_WINDOW (shot->window), &w, &h);
        gtk_window_set_default_size (GTK_WINDOW (shot->window), w + dw, h + dh);
    }
    if (shot->table != NULL) {
        const VinvSchema *schema = vinv_schema_lookup (shot->table);
        if (schema != NULL)
            vinv_window_show_table (shot->window, vinv_schema_get_kind (schema));
    }
    vinv_wait_frames (GTK_WIDGET (shot->window), 4, 10000);
    if (!vinv_widget_save_png (GTK_WIDGET (shot->window), shot->path, &error)) {
        g_printerr ("virt-inventory-gtk: screenshot failed: %s\n", error->message);
        job_finish (shot, 1);
        return G_SOURCE_REMOVE;
    }
    g_print ("%s\n", shot->path);
    job_finish (shot, 0);
    return G_SOURCE_REMOVE;
}

static gboolean
run_bench (gpointer user_data)
{
    Job *bench = user_data;
    job_finish (bench, vinv_bench_run (bench->window, bench->bench_rows));
    return G_SOURCE_REMOVE;
}

static gboolean
run_bench_load (gpointer user_data)
{
    Job *bench = user_data;
    job_finish (bench, vinv_bench_load_run (bench->window, (const char *const *) bench->uris,
                                            &bench->options));
    return G_SOURCE_REMOVE;
}

static int
vinv_app_command_line (GApplication *application, GApplicationCommandLine *cmdline)
{
    VinvApp *self = VINV_APP (application);
    GVariantDict *dict = g_application_command_line_get_options_dict (cmdline);
    g_auto (GStrv) uris = NULL;
    g_autofree char *user = NULL;
    g_autofree char *ca_file = NULL;
    g_autofree char *profile_name = NULL;
    g_autofree char *config_path = NULL;
    g_autofree char *screenshot = NULL;
    g_autofree char *table = NULL;
    gboolean insecure = FALSE;
    gboolean demo = FALSE;
    gint bench_rows = 0;
    gboolean bench_load = FALSE;

    g_variant_dict_lookup (dict, "connect", "^as", &uris);
    g_variant_dict_lookup (dict, "user", "s", &user);
    g_variant_dict_lookup (dict, "ca-file", "^ay", &ca_file);
    g_variant_dict_lookup (dict, "insecure", "b", &insecure);
    g_variant_dict_lookup (dict, "profile", "s", &profile_name);
    g_variant_dict_lookup (dict, "demo", "b", &demo);
    g_variant_dict_lookup (dict, "config", "^ay", &config_path);
    g_variant_dict_lookup (dict, "table", "s", &table);
    g_variant_dict_lookup (dict, "bench-rows", "i", &bench_rows);
    g_variant_dict_lookup (dict, "bench-load", "b", &bench_load);
    g_variant_dict_lookup (dict, "screenshot", "^ay", &screenshot);

    if (self->config == NULL) {
        self->config = vinv_config_load (config_path, &self->config_warning);
        if (self->config_warning != NULL)
            g_application_command_line_printerr (cmdline, "virt-inventory-gtk: warning: %s\n",
                                                 self->config_warning);
    }

    if (bench_rows > 0) {
        VinvWindow *window = vinv_app_new_window (self);
        Job *bench = g_new0 (Job, 1);
        bench->app = self;
        bench->window = window;
        bench->bench_rows = (guint) bench_rows;
        gtk_window_present (GTK_WINDOW (window));
        g_application_hold (application);
        g_idle_add (run_bench, bench);
        return 0;
    }

    /* what to open: -c, else --profile, else --demo (the session decides) */
    g_auto (VinvSessionPlan) plan = { 0 };
    g_autoptr (GError) error = NULL;
    g_autofree char *problem = NULL;
    VinvSessionRequest request = {
        .uris = (const char *const *) uris,
        .profile = profile_name,
        .demo = demo,
        .user = user,
        .ca_file = ca_file,
        .insecure = insecure,
    };

    if (!vinv_session_resolve (&request, self->config, &plan, &error)) {
        if (g_error_matches (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_PROFILE))
            problem = g_strdup_printf ("There is no saved profile '%s'.", profile_name);
        else
            problem = g_strdup_printf ("The demo is not available: %s", error->message);
        /* the dialog still shows what was given */
        plan.options.user = g_strdup (user);
        plan.options.ca_file = g_strdup (ca_file);
        plan.options.insecure = insecure;
    }
    VinvConnectOptions *connect = &plan.options;
    connect->password = vinv_secret_take_env (VINV_PASSWORD_ENV);
    for (guint i = 0; plan.uris != NULL && plan.uris[i] != NULL && problem == NULL; i++) {
        g_autoptr (GError) uri_error = NULL;
        if (!vinv_uri_check_no_password (plan.uris[i], &uri_error)) {
            problem = g_strdup (uri_error->message);
            g_clear_pointer (&plan.uris, g_strfreev);
        }
    }
    /* a password is never taken from argv: the login dialog asks */
    gboolean needs_password = vinv_session_needs_password ((const char *const *) plan.uris,
                                                           connect);

    if (bench_load) {
        if (plan.uris == NULL || problem != NULL) {
            g_application_command_line_printerr (cmdline, "virt-inventory-gtk: --bench-load: "
                                                 "%s\n", problem != NULL ? problem
                                                                          : "nothing to load");
            return 1;
        }
        Job *bench = g_new0 (Job, 1);
        bench->app = self;
        bench->window = vinv_app_new_window (self);
        bench->uris = g_strdupv (plan.uris);
        vinv_connect_options_copy (&bench->options, connect);
        gtk_window_present (GTK_WINDOW (bench->window));
        g_application_hold (application);
        g_idle_add (run_bench_load, bench);
        return 0;
    }

    if (plan.uris == NULL || needs_password || problem != NULL) {
        GtkWidget *dialog = vinv_app_show_login (self, NULL);
        const char *const *shown = plan.uris != NULL ? (const char *const *) plan.uris
                                                     : (const char *const *) uris;
        g_autofree char *joined = shown != NULL ? g_strjoinv (" ", (char **) shown) : NULL;
        if (needs_password && problem == NULL)
            problem = g_strdup ("Enter the password to connect.");
        if (joined != NULL || user != NULL || problem != NULL)
            vinv_login_dialog_prefill (VINV_LOGIN_DIALOG (dialog), joined, connect->user,
                                       connect->ca_file, connect->insecure, problem);
        return 0;
    }

    VinvWindow *window = vinv_app_new_window (self);
    gtk_window_present (GTK_WINDOW (window));
    vinv_window_set_profile (window, plan.profile);
    vinv_window_load (window, (const char *const *) plan.uris, connect);
    if (table != NULL) {
        const VinvSchema *schema = vinv_schema_lookup (table);
        if (schema == NULL)
            g_application_command_line_printerr (cmdline,
                                                 "virt-inventory-gtk: no table '%s'\n", table);
        else
            vinv_window_set_first_table (window, vinv_schema_get_kind (schema));
    }
    if (screenshot != NULL) {
        Job *shot = g_new0 (Job, 1);
        shot->app = self;
        shot->window = window;
        shot->path = g_steal_pointer (&screenshot);
        shot->table = g_steal_pointer (&table);
        g_application_hold (application);
        g_idle_add (take_screenshot, shot);
    }
    return 0;
}

/* --version needs no display: answered before GTK starts. */
static int
vinv_app_handle_local_options (GApplication *application, GVariantDict *dict)
{
    if (g_variant_dict_contains (dict, "version")) {
        g_print ("virt-inventory-gtk %s\n", VINV_VERSION);
        return 0;
    }
    return -1;
}

static void
vinv_app_startup (GApplication *application)
{
    G_APPLICATION_CLASS (vinv_app_parent_class)->startup (application);
    vinv_app_install_css ();
    gtk_window_set_default_icon_name ("virt-inventory");
    const char *quit[] = { "<Control>q", NULL };
    const char *connect[] = { "<Control>n", NULL };
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit);
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.connect",
                                           connect);
}

static void
vinv_app_activate (GApplication *application)
{
    VinvApp *self = VINV_APP (application);
    if (self->config == NULL)
        self->config = vinv_config_load (NULL, &self->config_warning);
    vinv_app_show_login (self, NULL);
}

static void
vinv_app_finalize (GObject *object)
{
    VinvApp *self = VINV_APP (object);
    vinv_config_free (self->config);
    g_free (self->config_warning);
    G_OBJECT_CLASS (vinv_app_parent_class)->finalize (object);
}

static void
vinv_app_class_init (VinvAppClass *klass)
{
    GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = vinv_app_finalize;
    app_class->startup = vinv_app_startup;
    app_class->activate = vinv_app_activate;
    app_class->command_line = vinv_app_command_line;
    app_class->handle_local_options = vinv_app_handle_local_options;
}

static void
vinv_app_init (VinvApp *self)
{
    g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                     G_N_ELEMENTS (app_actions), self);
    g_application_add_main_option_entries (G_APPLICATION (self), options);
}

VinvApp *
vinv_app_new (void)
{
    return g_object_new (VINV_TYPE_APP,
                         "application-id", "org.virtinventory.VirtInventory",
                         "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                         NULL);
}
