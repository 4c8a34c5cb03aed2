/* vinv-export-dialog.c — the Export dialog.
 *
 * Choices are plain grouped check buttons.  "Export…" asks for a
 * destination with GtkFileChooserNative (GTK 4.8 has no GtkFileDialog): a
 * file for one table or for JSON (several tables in one document), a
 * folder for several CSV files.  The dialog closes as soon as a
 * destination is chosen; the window reports the result in its banner.
 * Which formats can be written, and whether a choice needs a folder, are
 * the core's answers (export-files.h); the dialog never tries an export.
 */
#include "vinv-export-dialog.h"

#include "vinv-exporter.h"

struct _VinvExportDialog {
    GtkWindow parent_instance;
    VinvWindow *window;                      /* borrowed (transient parent) */
    GtkWidget *formats[VINV_EXPORT_LAST];
    GtkWidget *current_table;
    GtkWidget *chosen_tables;
    GtkWidget *table_checks[VINV_TABLE_LAST];
    GtkWidget *what_you_see;
    GtkWidget *everything;
    GtkWidget *hint;
    GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (VinvExportDialog, vinv_export_dialog, GTK_TYPE_WINDOW)

GtkWidget *
vinv_export_dialog_get_current_button (VinvExportDialog *self)
{
    g_return_val_if_fail (VINV_IS_EXPORT_DIALOG (self), NULL);
    return self->current_table;
}

GtkWidget *
vinv_export_dialog_get_format_button (VinvExportDialog *self, VinvExportFormat format)
{
    g_return_val_if_fail (VINV_IS_EXPORT_DIALOG (self) && format < VINV_EXPORT_LAST, NULL);
    return self->formats[format];
}

guint
vinv_export_dialog_get_choice (VinvExportDialog *self, VinvExportFormat *format,
                               gboolean *everything, VinvTableKind *kinds)
{
    guint n = 0;

    *format = VINV_EXPORT_CSV;
    for (guint f = 0; f < VINV_EXPORT_LAST; f++) {
        if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->formats[f])))
            *format = (VinvExportFormat) f;
    }
    *everything = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->everything));
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->current_table))) {
        VinvTablePage *page = vinv_window_get_current_page (self->window);
        if (page != NULL)
            kinds[n++] = vinv_table_page_get_kind (page);
        return n;
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->table_checks[k] != NULL
            && gtk_check_button_get_active (GTK_CHECK_BUTTON (self->table_checks[k])))
            kinds[n++] = (VinvTableKind) k;
    }
    return n;
}

static void
update (VinvExportDialog *self)
{
    VinvExportFormat format;
    gboolean everything;
    VinvTableKind kinds[VINV_TABLE_LAST];
    if (self->hint == NULL)
        return;   /* still being built */
    gboolean chosen = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->chosen_tables));
    guint n = vinv_export_dialog_get_choice (self, &format, &everything, kinds);

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->table_checks[k] != NULL)
            gtk_widget_set_sensitive (self->table_checks[k], chosen);
    }
    g_autofree char *hint = NULL;
    if (n == 0)
        hint = g_strdup ("Choose at least one table.");
    else if (n == 1)
        hint = g_strdup ("You will choose the file to write.");
    else if (vinv_export_format_needs_dir (format, n))
        hint = g_strdup ("You will choose a folder; each table is written to its own file.");
    else
        hint = g_strdup_printf ("All tables go into one %s file.",
                                vinv_export_file_format_get (format)->label);
    gtk_label_set_text (GTK_LABEL (self->hint), hint);
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.run", n > 0);
}

static void
on_choice_toggled (GtkCheckButton *button, gpointer user_data)
{
    update (VINV_EXPORT_DIALOG (user_data));
}

static void
on_export_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvWindow *window = VINV_WINDOW (source);
    g_autofree char *summary = NULL;
    g_autoptr (GError) error = NULL;

    if (vinv_window_export_finish (window, result, &summary, &error))
        vinv_window_show_message (window, summary, FALSE);
    else
        vinv_window_show_message (window, error->message, TRUE);
}

static void
on_chooser_response (GtkNativeDialog *chooser, int response, gpointer user_data)
{
    VinvExportDialog *self = user_data;
    VinvExportFormat format;
    gboolean everything;
    VinvTableKind kinds[VINV_TABLE_LAST];

    if (response == GTK_RESPONSE_ACCEPT) {
        g_autoptr (GFile) dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
        guint n = vinv_export_dialog_get_choice (self, &format, &everything, kinds);
        vinv_window_show_message (self->window, "Exporting…", FALSE);
        vinv_window_export_async (self->window, kinds, n, format, everything, dest, NULL,
                                  on_export_done, NULL);
        gtk_window_destroy (GTK_WINDOW (self));
    }
    g_clear_object (&self->chooser);
}

static void
action_run (GtkWidget *widget, const char *name, GVariant *param)
{
    VinvExportDialog *self = VINV_EXPORT_DIALOG (widget);
    VinvExportFormat format;
    gboolean everything;
    VinvTableKind kinds[VINV_TABLE_LAST];
    guint n = vinv_export_dialog_get_choice (self, &format, &everything, kinds);
    gboolean folder = vinv_export_format_needs_dir (format, n);

    if (n == 0)
        return;
    self->chooser = gtk_file_chooser_native_new (
        folder ? "Export to Folder" : "Export to File", GTK_WINDOW (self),
        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_SAVE,
        "_Export", "_Cancel");
    if (!folder) {
        g_autofree char *file_name = vinv_export_dup_file_name (
            format, n == 1 ? vinv_schema_get (kinds[0]) : NULL);
        gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), file_name);
    }
    g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static GtkWidget *
section_label (const char *text)
{
    GtkWidget *label = gtk_label_new (text);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_widget_add_css_class (label, "heading");
    gtk_widget_set_margin_top (label, 6);
    return label;
}

static GtkWidget *
radio (const char *label, GtkWidget *group, GtkWidget *box, gpointer self)
{
    GtkWidget *button = gtk_check_button_new_with_mnemonic (label);
    if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (button), GTK_CHECK_BUTTON (group));
    g_signal_connect (button, "toggled", G_CALLBACK (on_choice_toggled), self);
    gtk_box_append (GTK_BOX (box), button);
    return button;
}

GtkWidget *
vinv_export_dialog_new (VinvWindow *window)
{
    VinvExportDialog *self = g_object_new (VINV_TYPE_EXPORT_DIALOG,
                                           "transient-for", window,
                                           "modal", TRUE,
                                           "destroy-with-parent", TRUE,
                                           "title", "Export",
                                           "resizable", FALSE,
                                           NULL);
    VinvTablePage *current = vinv_window_get_current_page (window);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

    self->window = window;
    gtk_widget_set_margin_start (box, 24);
    gtk_widget_set_margin_end (box, 24);
    gtk_widget_set_margin_top (box, 12);
    gtk_widget_set_margin_bottom (box, 24);

    /* header bar: Cancel / Export… */
    GtkWidget *header = gtk_header_bar_new ();
    gtk_header_bar_set_show_title_buttons (GTK_HEADER_BAR (header), FALSE);
    GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
    gtk_header_bar_pack_start (GTK_HEADER_BAR (header), cancel);
    GtkWidget *run = gtk_button_new_with_mnemonic ("_Export…");
    gtk_widget_add_css_class (run, "suggested-action");
    gtk_actionable_set_action_name (GTK_ACTIONABLE (run), "export.run");
    gtk_header_bar_pack_end (GTK_HEADER_BAR (header), run);
    gtk_window_set_titlebar (GTK_WINDOW (self), header);

    gtk_box_append (GTK_BOX (box), section_label ("Format"));
    GtkWidget *formats = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
    for (guint f = 0; f < VINV_EXPORT_LAST; f++) {
        const VinvExportFileFormat *row = vinv_export_file_format_get ((VinvExportFormat) f);
        gboolean available = vinv_export_format_is_available ((VinvExportFormat) f);
        g_autofree char *label = available ? g_strdup (row->label)
                                           : g_strdup_printf ("%s — not available yet",
                                                              row->label);
        self->formats[f] = radio (label, f > 0 ? self->formats[0] : NULL, formats, self);
        if (!available) {
            gtk_widget_set_sensitive (self->formats[f], FALSE);
            gtk_widget_set_tooltip_text (self->formats[f],
                                         "Not available yet in this version");
        }
    }
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->formats[VINV_EXPORT_CSV]), TRUE);
    gtk_box_append (GTK_BOX (box), formats);

    gtk_box_append (GTK_BOX (box), section_label ("Tables"));
    g_autofree char *current_label = g_strdup_printf (
        "_Current table (%s)", current != NULL ? vinv_table_page_get_title (current) : "none");
    self->current_table = radio (current_label, NULL, box, self);
    self->chosen_tables = radio ("C_hosen tables:", self->current_table, box, self);
    GtkWidget *grid = gtk_flow_box_new ();
    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (grid), GTK_SELECTION_NONE);
    gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (grid), 3);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (grid), 3);
    gtk_widget_set_margin_start (grid, 24);
    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n_pages = vinv_window_list_pages (window, pages);
    for (guint i = 0; i < n_pages; i++) {
        VinvTableKind kind = vinv_table_page_get_kind (pages[i]);
        GtkWidget *check = gtk_check_button_new_with_label (vinv_table_page_get_title (pages[i]));
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), pages[i] == current);
        g_signal_connect (check, "toggled", G_CALLBACK (on_choice_toggled), self);
        gtk_flow_box_append (GTK_FLOW_BOX (grid), check);
        self->table_checks[kind] = check;
    }
    gtk_box_append (GTK_BOX (box), grid);
    if (current != NULL) {
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->current_table), TRUE);
    } else {
        /* the Health page (or none yet): its findings are not a table */
        gtk_widget_set_sensitive (self->current_table, FALSE);
        gtk_widget_set_tooltip_text (self->current_table,
                                     "The page shown is not a table (Health findings are "
                                     "not exported); choose the tables below");
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->chosen_tables), TRUE);
    }

    gtk_box_append (GTK_BOX (box), section_label ("Rows and columns"));
    self->what_you_see = radio ("_What you see: shown columns, filter and sort", NULL, box, self);
    self->everything = radio ("Every_thing: all columns and all rows", self->what_you_see,
                              box, self);
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->what_you_see), TRUE);

    self->hint = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->hint), 0.0);
    gtk_widget_add_css_class (self->hint, "dim-label");
    gtk_widget_set_margin_top (self->hint, 12);
    gtk_box_append (GTK_BOX (box), self->hint);

    gtk_window_set_child (GTK_WINDOW (self), box);
    update (self);
    return GTK_WIDGET (self);
}

static void
vinv_export_dialog_dispose (GObject *object)
{
    VinvExportDialog *self = VINV_EXPORT_DIALOG (object);
    if (self->chooser != NULL) {
        g_signal_handlers_disconnect_by_data (self->chooser, self);
        gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
        g_clear_object (&self->chooser);
    }
    G_OBJECT_CLASS (vinv_export_dialog_parent_class)->dispose (object);
}

static void
vinv_export_dialog_class_init (VinvExportDialogClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = vinv_export_dialog_dispose;
    gtk_widget_class_install_action (widget_class, "export.run", NULL, action_run);
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vinv_export_dialog_init (VinvExportDialog *self)
{
}
