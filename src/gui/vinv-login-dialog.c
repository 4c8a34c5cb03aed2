/* vinv-login-dialog.c — the Connect dialog: fields, profiles, and the
 * background load with its error shown in place.
 *
 * The dialog owns the load it starts (its GCancellable); closing the
 * dialog cancels it.  The password lives in the GtkPasswordEntry and in
 * the connect options copied for the load, which wipe it when cleared;
 * profiles are saved without it.  A failed load is one sentence
 * (vinv-login-error.h) with the back-end's message under "Details", and
 * the cursor goes to the field that fixes it.
 */
#include "vinv-login-dialog.h"

#include "core/demo.h"
#include "core/secret.h"
#include "vinv-loader.h"
#include "vinv-login-error.h"

struct _VinvLoginDialog {
    GtkWindow parent_instance;

    VinvConfig *config;          /* a reference, may be NULL */
    VinvLoginDoneFunc done;
    gpointer done_data;
    GCancellable *cancellable;   /* non-NULL while connecting */
    char **uris;                 /* of the load in flight */
    VinvConnectOptions options;  /* of the load in flight */
    gboolean save_profile;       /* of the load in flight */
    char *profile_name;

    GtkStringList *profile_names;
    GtkWidget *profiles;
    GtkWidget *uri;
    GtkWidget *user;
    GtkWidget *password;
    GtkWidget *ca_file;
    GtkWidget *ca_button;
    GtkWidget *insecure;
    GtkWidget *save;
    GtkWidget *save_name;
    GtkWidget *error;
    GtkWidget *error_box;        /* the error and its details */
    GtkWidget *details;          /* GtkExpander */
    GtkWidget *details_label;
    GtkWidget *spinner;
    GtkWidget *status;
    GtkWidget *status_box;
    GtkWidget *connect;
    GtkWidget *demo;
    GtkWidget *cancel;
    GtkWidget *form;
    GtkFileChooserNative *chooser;
    char *error_text;
    char *error_detail;
};

G_DEFINE_FINAL_TYPE (VinvLoginDialog, vinv_login_dialog, GTK_TYPE_WINDOW)

/* Shows @message (NULL hides it) and, under "Details", @detail (NULL:
 * none). */
static void
show_error_detail (VinvLoginDialog *self, const char *message, const char *detail)
{
    g_free (self->error_text);
    self->error_text = g_strdup (message);
    g_free (self->error_detail);
    self->error_detail = message != NULL ? g_strdup (detail) : NULL;
    gtk_label_set_text (GTK_LABEL (self->error), message != NULL ? message : "");
    gtk_widget_set_visible (self->error_box, message != NULL);
    gtk_label_set_text (GTK_LABEL (self->details_label),
                        self->error_detail != NULL ? self->error_detail : "");
    gtk_expander_set_expanded (GTK_EXPANDER (self->details), FALSE);
    gtk_widget_set_visible (self->details, self->error_detail != NULL);
}

static void
show_error (VinvLoginDialog *self, const char *message)
{
    show_error_detail (self, message, NULL);
}

const char *
vinv_login_dialog_get_error_detail (VinvLoginDialog *self)
{
    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), NULL);
    return self->error_detail;
}

static GtkWidget *
field_widget (VinvLoginDialog *self, VinvLoginField field)
{
    switch (field) {
    case VINV_LOGIN_FIELD_USER:
        return self->user;
    case VINV_LOGIN_FIELD_PASSWORD:
        return self->password;
    case VINV_LOGIN_FIELD_CA_FILE:
        return self->ca_file;
    default:
        return self->uri;
    }
}

const char *
vinv_login_dialog_get_focus_field (VinvLoginDialog *self)
{
    static const char *const names[] = { "uri", "user", "password", "ca-file" };
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), NULL);
    for (guint i = 0; focus != NULL && i < G_N_ELEMENTS (names); i++) {
        GtkWidget *field = field_widget (self, (VinvLoginField) i);
        if (focus == field || gtk_widget_is_ancestor (focus, field))
            return names[i];
    }
    return NULL;
}

const char *
vinv_login_dialog_get_error (VinvLoginDialog *self)
{
    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), NULL);
    return self->error_text;
}

const char *
vinv_login_dialog_get_uri_text (VinvLoginDialog *self)
{
    return gtk_editable_get_text (GTK_EDITABLE (self->uri));
}

const char *
vinv_login_dialog_get_user_text (VinvLoginDialog *self)
{
    return gtk_editable_get_text (GTK_EDITABLE (self->user));
}

static void
set_busy (VinvLoginDialog *self, gboolean busy, const char *status)
{
    gtk_widget_set_sensitive (self->form, !busy);
    gtk_widget_set_sensitive (self->connect, !busy);
    gtk_widget_set_sensitive (self->demo, !busy);
    gtk_widget_set_visible (self->cancel, busy);
    gtk_widget_set_visible (self->spinner, busy);
    gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
    gtk_label_set_text (GTK_LABEL (self->status), status != NULL ? status : "");
    gtk_widget_set_visible (self->status, busy);
    gtk_widget_set_visible (self->status_box, busy);
}

gboolean
vinv_login_dialog_is_busy (VinvLoginDialog *self)
{
    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), FALSE);
    return self->cancellable != NULL;
}

/* ---- fields ------------------------------------------------------------- */

static void on_profile_selected (GObject *dropdown, GParamSpec *pspec, gpointer user_data);

static void
set_field (GtkWidget *entry, const char *text)
{
    if (text != NULL)
        gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

void
vinv_login_dialog_prefill (VinvLoginDialog *self, const char *uris, const char *user,
                           const char *ca_file, gboolean insecure, const char *message)
{
    g_return_if_fail (VINV_IS_LOGIN_DIALOG (self));
    if (uris != NULL) {
        /* a connection of its own, not the preselected profile */
        g_signal_handlers_block_by_func (self->profiles, on_profile_selected, self);
        gtk_drop_down_set_selected (GTK_DROP_DOWN (self->profiles), 0);
        g_signal_handlers_unblock_by_func (self->profiles, on_profile_selected, self);
        gtk_editable_set_text (GTK_EDITABLE (self->save_name), "");
        gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    }
    set_field (self->uri, uris);
    set_field (self->user, user);
    set_field (self->ca_file, ca_file);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->insecure), insecure);
    show_error (self, message);
    /* with the URI given, what is left to type is the password */
    if (uris != NULL && *uris != '\0')
        gtk_widget_grab_focus (self->password);
}

void
vinv_login_dialog_set_password (VinvLoginDialog *self, const char *password)
{
    g_return_if_fail (VINV_IS_LOGIN_DIALOG (self));
    gtk_editable_set_text (GTK_EDITABLE (self->password), password != NULL ? password : "");
}

static void
fill_from_profile (VinvLoginDialog *self, const VinvProfile *profile)
{
    g_autofree char *uris = g_strjoinv (" ", profile->uris);
    gtk_editable_set_text (GTK_EDITABLE (self->uri), uris);
    gtk_editable_set_text (GTK_EDITABLE (self->user), profile->user != NULL ? profile->user : "");
    gtk_editable_set_text (GTK_EDITABLE (self->ca_file),
                           profile->ca_file != NULL ? profile->ca_file : "");
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->insecure), profile->insecure);
    gtk_editable_set_text (GTK_EDITABLE (self->password), "");
    gtk_editable_set_text (GTK_EDITABLE (self->save_name), profile->name);
}

static void
on_profile_selected (GObject *dropdown, GParamSpec *pspec, gpointer user_data)
{
    VinvLoginDialog *self = user_data;
    guint i = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->profiles));

    if (i == 0 || i == GTK_INVALID_LIST_POSITION || self->config == NULL)
        return;
    const char *name = gtk_string_list_get_string (self->profile_names, i);
    g_autoptr (VinvProfile) profile = vinv_config_get_profile (self->config, name);
    if (profile != NULL)
        fill_from_profile (self, profile);
    show_error (self, NULL);
}

gboolean
vinv_login_dialog_select_profile (VinvLoginDialog *self, const char *name)
{
    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), FALSE);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->profile_names));
    for (guint i = 1; i < n; i++) {
        if (g_strcmp0 (gtk_string_list_get_string (self->profile_names, i), name) == 0) {
            gtk_drop_down_set_selected (GTK_DROP_DOWN (self->profiles), i);
            on_profile_selected (NULL, NULL, self);
            return TRUE;
        }
    }
    return FALSE;
}

static void
on_ca_chosen (GtkNativeDialog *chooser, int response, gpointer user_data)
{
    VinvLoginDialog *self = user_data;
    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
        g_autofree char *path = g_file_get_path (file);
        if (path != NULL)
            gtk_editable_set_text (GTK_EDITABLE (self->ca_file), path);
    }
    g_clear_object (&self->chooser);
}

static void
on_ca_choose (GtkButton *button, gpointer user_data)
{
    VinvLoginDialog *self = user_data;
    self->chooser = gtk_file_chooser_native_new ("Choose the Engine's CA Certificate",
                                                 GTK_WINDOW (self),
                                                 GTK_FILE_CHOOSER_ACTION_OPEN,
                                                 "_Choose", "_Cancel");
    g_signal_connect (self->chooser, "response", G_CALLBACK (on_ca_chosen), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_save_toggled (GtkCheckButton *check, gpointer user_data)
{
    VinvLoginDialog *self = user_data;
    gtk_widget_set_sensitive (self->save_name, gtk_check_button_get_active (check));
}

/* ---- connecting --------------------------------------------------------- */

static void
save_profile (VinvLoginDialog *self)
{
    g_autoptr (GError) error = NULL;
    VinvProfile profile = {
        .name = self->profile_name,
        .uris = self->uris,
        .user = self->options.user,
        .ca_file = self->options.ca_file,
        .insecure = self->options.insecure,
    };

    if (self->config == NULL || self->profile_name == NULL || *self->profile_name == '\0')
        return;
    /* what the dialog has no field for stays as it was */
    g_autoptr (VinvProfile) old = vinv_config_get_profile (self->config, self->profile_name);
    if (old != NULL) {
        profile.allow_actions = old->allow_actions;
        profile.read_only = old->read_only;
    }
    vinv_config_set_profile (self->config, &profile);
    if (!vinv_config_save (self->config, &error))
        g_printerr ("virt-inventory-gtk: profile not saved: %s\n", error->message);
}

static void
on_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvLoginDialog *self = VINV_LOGIN_DIALOG (source);
    g_autoptr (GError) error = NULL;
    VinvInventory *inventory = vinv_load_finish (result, &error);

    if (g_task_get_cancellable (G_TASK (result)) != self->cancellable) {
        /* cancelled and replaced, or the dialog is gone */
        if (inventory != NULL)
            vinv_inventory_free (inventory);
        return;
    }
    g_clear_object (&self->cancellable);
    set_busy (self, FALSE, NULL);

    if (inventory == NULL) {
        if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
            show_error (self, "Connection cancelled.");
        } else {
            VinvLoginField field;
            g_autofree char *sentence = vinv_login_error_sentence (
                error, (const char *const *) self->uris, self->options.password != NULL,
                &field);
            GtkWidget *fix = field_widget (self, field);
            show_error_detail (self, sentence, error->message);
            gtk_widget_grab_focus (fix);
            gtk_editable_select_region (GTK_EDITABLE (fix), 0, -1);
        }
        vinv_connect_options_clear (&self->options);
        return;
    }
    if (self->save_profile)
        save_profile (self);
    g_object_ref (self);
    if (self->done != NULL)
        self->done (self, inventory, (const char *const *) self->uris, &self->options,
                    self->done_data);
    else
        vinv_inventory_free (inventory);
    vinv_connect_options_clear (&self->options);
    gtk_window_destroy (GTK_WINDOW (self));
    g_object_unref (self);
}

static void
on_progress (const char *message, double fraction, gpointer user_data)
{
    VinvLoginDialog *self = user_data;
    gtk_label_set_text (GTK_LABEL (self->status), message);
}

static void
start (VinvLoginDialog *self, char **uris, VinvConnectOptions *options, gboolean save)
{
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    g_strfreev (self->uris);
    self->uris = uris;
    vinv_connect_options_clear (&self->options);
    self->options = *options;   /* taken over */
    self->save_profile = save;
    g_free (self->profile_name);
    self->profile_name = g_strstrip (g_strdup (gtk_editable_get_text (
        GTK_EDITABLE (self->save_name))));

    self->cancellable = g_cancellable_new ();
    show_error (self, NULL);
    set_busy (self, TRUE, "Connecting…");
    vinv_load_async (G_OBJECT (self), (const char *const *) self->uris, &self->options,
                     on_progress, self, self->cancellable, on_loaded, NULL);
}

static char *
dup_field (GtkWidget *entry)
{
    g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
    return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

void
vinv_login_dialog_connect (VinvLoginDialog *self)
{
    g_return_if_fail (VINV_IS_LOGIN_DIALOG (self));
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->uri));
    g_auto (GStrv) parts = g_regex_split_simple ("[\\s;]+", text, 0, 0);
    g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
    guint n = 0;

    for (guint i = 0; parts[i] != NULL; i++) {
        g_autoptr (GError) error = NULL;
        if (!vinv_uri_check_no_password (parts[i], &error)) {
            show_error (self, error->message);
            gtk_widget_grab_focus (self->uri);
            return;
        }
        if (*parts[i] != '\0') {
            g_strv_builder_add (builder, parts[i]);
            n++;
        }
    }
    if (n == 0) {
        show_error (self, "Enter the URI of an oVirt engine (ovirt://engine.example.com) "
                          "or of a libvirt host (qemu:///system, qemu+ssh://host/system).");
        gtk_widget_grab_focus (self->uri);
        return;
    }
    VinvConnectOptions options = {
        .user = dup_field (self->user),
        .password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password))),
        .ca_file = dup_field (self->ca_file),
        .insecure = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->insecure)),
    };
    if (options.password != NULL && *options.password == '\0')
        g_clear_pointer (&options.password, g_free);
    start (self, g_strv_builder_end (builder), &options,
           gtk_check_button_get_active (GTK_CHECK_BUTTON (self->save)));
}

void
vinv_login_dialog_open_demo (VinvLoginDialog *self)
{
    g_return_if_fail (VINV_IS_LOGIN_DIALOG (self));
    g_autoptr (GError) error = NULL;
    char **uris = vinv_demo_dup_uris (NULL, &error);

    if (uris == NULL) {
        g_autofree char *text = g_strdup_printf ("The demo is not available: %s",
                                                 error->message);
        show_error (self, text);
        return;
    }
    VinvConnectOptions options = { 0 };
    start (self, uris, &options, FALSE);
}

void
vinv_login_dialog_cancel (VinvLoginDialog *self)
{
    g_return_if_fail (VINV_IS_LOGIN_DIALOG (self));
    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
}

static void
on_connect_clicked (GtkButton *button, gpointer user_data)
{
    vinv_login_dialog_connect (VINV_LOGIN_DIALOG (user_data));
}

static void
on_demo_clicked (GtkButton *button, gpointer user_data)
{
    vinv_login_dialog_open_demo (VINV_LOGIN_DIALOG (user_data));
}

static void
on_cancel_clicked (GtkButton *button, gpointer user_data)
{
    vinv_login_dialog_cancel (VINV_LOGIN_DIALOG (user_data));
}

static void
on_entry_activate (GtkWidget *entry, gpointer user_data)
{
    vinv_login_dialog_connect (VINV_LOGIN_DIALOG (user_data));
}

/* ---- construction ------------------------------------------------------- */

static void
attach_row (GtkGrid *grid, int row, const char *label_text, GtkWidget *field)
{
    GtkWidget *label = gtk_label_new_with_mnemonic (label_text);
    gtk_label_set_xalign (GTK_LABEL (label), 1.0);
    gtk_widget_add_css_class (label, "dim-label");
    gtk_label_set_mnemonic_widget (GTK_LABEL (label), field);
    gtk_grid_attach (grid, label, 0, row, 1, 1);
    gtk_widget_set_hexpand (field, TRUE);
    gtk_grid_attach (grid, field, 1, row, 1, 1);
}

static GtkWidget *
build_form (VinvLoginDialog *self)
{
    GtkWidget *grid = gtk_grid_new ();
    int row = 0;

    gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
    gtk_grid_set_column_spacing (GTK_GRID (grid), 12);

    self->profile_names = gtk_string_list_new (NULL);
    gtk_string_list_append (self->profile_names, "New connection");
    self->profiles = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->profile_names)), NULL);
    attach_row (GTK_GRID (grid), row++, "_Profile", self->profiles);

    self->uri = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->uri),
                                    "ovirt://engine.example.com or qemu+ssh://host/system");
    gtk_widget_set_tooltip_text (self->uri,
                                 "An oVirt engine (ovirt://HOST) or any libvirt URI; "
                                 "several, separated by spaces, are merged");
    g_signal_connect (self->uri, "activate", G_CALLBACK (on_entry_activate), self);
    attach_row (GTK_GRID (grid), row++, "_URI", self->uri);

    self->user = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->user), "admin@internal (oVirt)");
    g_signal_connect (self->user, "activate", G_CALLBACK (on_entry_activate), self);
    attach_row (GTK_GRID (grid), row++, "U_ser", self->user);

    self->password = gtk_password_entry_new ();
    gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (self->password), TRUE);
    g_object_set (self->password, "placeholder-text", "never saved", NULL);
    g_signal_connect (self->password, "activate", G_CALLBACK (on_entry_activate), self);
    attach_row (GTK_GRID (grid), row++, "Pass_word", self->password);

    GtkWidget *ca_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    self->ca_file = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->ca_file), "system certificates");
    gtk_widget_set_hexpand (self->ca_file, TRUE);
    self->ca_button = gtk_button_new_with_mnemonic ("C_hoose…");
    g_signal_connect (self->ca_button, "clicked", G_CALLBACK (on_ca_choose), self);
    gtk_box_append (GTK_BOX (ca_box), self->ca_file);
    gtk_box_append (GTK_BOX (ca_box), self->ca_button);
    attach_row (GTK_GRID (grid), row++, "_CA file", ca_box);

    self->insecure = gtk_check_button_new_with_mnemonic (
        "Do not verify the server certificate (_insecure)");
    gtk_grid_attach (GTK_GRID (grid), self->insecure, 1, row++, 1, 1);

    GtkWidget *save_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    self->save = gtk_check_button_new_with_mnemonic ("Save as p_rofile");
    self->save_name = gtk_entry_new ();
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->save_name), "profile name");
    gtk_widget_set_hexpand (self->save_name, TRUE);
    gtk_widget_set_sensitive (self->save_name, FALSE);
    g_signal_connect (self->save, "toggled", G_CALLBACK (on_save_toggled), self);
    gtk_box_append (GTK_BOX (save_box), self->save);
    gtk_box_append (GTK_BOX (save_box), self->save_name);
    gtk_grid_attach (GTK_GRID (grid), save_box, 1, row++, 1, 1);
    if (self->config == NULL)
        gtk_widget_set_sensitive (save_box, FALSE);
    return grid;
}

GtkWidget *
vinv_login_dialog_new (GtkApplication *app, GtkWindow *parent, VinvConfig *config,
                       VinvLoginDoneFunc done, gpointer user_data)
{
    VinvLoginDialog *self = g_object_new (VINV_TYPE_LOGIN_DIALOG,
                                          "application", app,
                                          "title", "Connect",
                                          "icon-name", "virt-inventory",
                                          "default-width", 560,
                                          "resizable", FALSE,
                                          NULL);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    GtkWidget *header = gtk_header_bar_new ();

    gtk_window_set_titlebar (GTK_WINDOW (self), header);
    self->config = vinv_config_ref (config);
    self->done = done;
    self->done_data = user_data;
    if (parent != NULL) {
        gtk_window_set_transient_for (GTK_WINDOW (self), parent);
        gtk_window_set_modal (GTK_WINDOW (self), TRUE);
    }

    gtk_widget_set_margin_start (box, 24);
    gtk_widget_set_margin_end (box, 24);
    gtk_widget_set_margin_top (box, 18);
    gtk_widget_set_margin_bottom (box, 18);

    GtkWidget *heading = gtk_label_new ("Connect to an oVirt engine or libvirt hosts");
    gtk_widget_add_css_class (heading, "title-4");
    gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
    gtk_box_append (GTK_BOX (box), heading);

    self->form = build_form (self);
    gtk_box_append (GTK_BOX (box), self->form);

    self->error_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
    gtk_widget_add_css_class (self->error_box, "vinv-login-error");
    self->error = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->error), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->error), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (self->error), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (self->error), 60);
    gtk_label_set_selectable (GTK_LABEL (self->error), TRUE);
    gtk_widget_add_css_class (self->error, "error");
    gtk_box_append (GTK_BOX (self->error_box), self->error);
    self->details_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->details_label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->details_label), TRUE);
    gtk_label_set_wrap_mode (GTK_LABEL (self->details_label), PANGO_WRAP_WORD_CHAR);
    gtk_label_set_max_width_chars (GTK_LABEL (self->details_label), 60);
    gtk_label_set_selectable (GTK_LABEL (self->details_label), TRUE);
    gtk_widget_add_css_class (self->details_label, "dim-label");
    gtk_widget_add_css_class (self->details_label, "caption");
    self->details = gtk_expander_new_with_mnemonic ("_Details");
    gtk_expander_set_child (GTK_EXPANDER (self->details), self->details_label);
    gtk_box_append (GTK_BOX (self->error_box), self->details);
    gtk_widget_set_visible (self->error_box, FALSE);
    gtk_box_append (GTK_BOX (box), self->error_box);

    self->status_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    self->spinner = gtk_spinner_new ();
    self->status = gtk_label_new (NULL);
    gtk_label_set_ellipsize (GTK_LABEL (self->status), PANGO_ELLIPSIZE_MIDDLE);
    gtk_widget_add_css_class (self->status, "dim-label");
    gtk_box_append (GTK_BOX (self->status_box), self->spinner);
    gtk_box_append (GTK_BOX (self->status_box), self->status);
    gtk_box_append (GTK_BOX (box), self->status_box);

    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_set_margin_top (buttons, 6);
    self->demo = gtk_button_new_with_mnemonic ("Open _Demo");
    gtk_widget_set_tooltip_text (self->demo, "Three libvirt test-driver hosts, no server needed");
    g_signal_connect (self->demo, "clicked", G_CALLBACK (on_demo_clicked), self);
    gtk_box_append (GTK_BOX (buttons), self->demo);
    GtkWidget *spacer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_widget_set_hexpand (spacer, TRUE);
    gtk_box_append (GTK_BOX (buttons), spacer);
    self->cancel = gtk_button_new_with_mnemonic ("_Cancel");
    g_signal_connect (self->cancel, "clicked", G_CALLBACK (on_cancel_clicked), self);
    gtk_box_append (GTK_BOX (buttons), self->cancel);
    self->connect = gtk_button_new_with_mnemonic ("C_onnect");
    gtk_widget_add_css_class (self->connect, "suggested-action");
    g_signal_connect (self->connect, "clicked", G_CALLBACK (on_connect_clicked), self);
    gtk_box_append (GTK_BOX (buttons), self->connect);
    gtk_box_append (GTK_BOX (box), buttons);

    gtk_window_set_child (GTK_WINDOW (self), box);
    gtk_window_set_default_widget (GTK_WINDOW (self), self->connect);
    set_busy (self, FALSE, NULL);

    /* profiles: the last one used selected, else the default one */
    gboolean selected = FALSE;
    if (config != NULL) {
        g_auto (GStrv) names = vinv_config_list_profiles (config);
        g_autofree char *last = vinv_config_get_last_profile (config);
        g_autofree char *preferred = vinv_config_get_default_profile (config);
        for (guint i = 0; names != NULL && names[i] != NULL; i++)
            gtk_string_list_append (self->profile_names, names[i]);
        g_signal_connect (self->profiles, "notify::selected",
                          G_CALLBACK (on_profile_selected), self);
        selected = (last != NULL && vinv_login_dialog_select_profile (self, last))
                   || (preferred != NULL && vinv_login_dialog_select_profile (self, preferred));
    }
    /* with a profile's URI filled in, what is left to type is the password */
    gtk_widget_grab_focus (selected ? self->password : self->uri);
    return GTK_WIDGET (self);
}

static void
vinv_login_dialog_dispose (GObject *object)
{
    VinvLoginDialog *self = VINV_LOGIN_DIALOG (object);

    if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
    g_clear_object (&self->cancellable);
    if (self->chooser != NULL) {
        g_signal_handlers_disconnect_by_data (self->chooser, self);
        gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
        g_clear_object (&self->chooser);
    }
    G_OBJECT_CLASS (vinv_login_dialog_parent_class)->dispose (object);
}

static void
vinv_login_dialog_finalize (GObject *object)
{
    VinvLoginDialog *self = VINV_LOGIN_DIALOG (object);

    g_strfreev (self->uris);
    vinv_connect_options_clear (&self->options);
    g_free (self->profile_name);
    g_free (self->error_text);
    g_free (self->error_detail);
    vinv_config_free (self->config);
    g_clear_object (&self->profile_names);
    G_OBJECT_CLASS (vinv_login_dialog_parent_class)->finalize (object);
}

static void
vinv_login_dialog_class_init (VinvLoginDialogClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);
    object_class->dispose = vinv_login_dialog_dispose;
    object_class->finalize = vinv_login_dialog_finalize;
}

static void
vinv_login_dialog_init (VinvLoginDialog *self)
{
}

const char *
vinv_login_dialog_get_profile_name (VinvLoginDialog *self)
{
    g_return_val_if_fail (VINV_IS_LOGIN_DIALOG (self), NULL);
    return self->profile_name != NULL && *self->profile_name != '\0' ? self->profile_name
                                                                      : NULL;
}
