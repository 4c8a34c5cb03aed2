/* vinv-record-chooser.c — the list of a history database's records to
 * compare with (see the header).
 *
 * The records come from vinv_history_list() as a small table; each row
 * of the list box carries its record number ("vinv-record") and is
 * labelled from the table's cells with the diff module's value texts, so
 * times and lists read as they do in the CLI.  The chooser's state hangs
 * on it: the window to compare (a reference) and the database path.
 */
#include "vinv-record-chooser.h"

#include "core/diff.h"
#include "vinv-compare.h"
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"
#endif

#define STATE_KEY "vinv-record-chooser"

typedef struct {
    VinvWindow *window;          /* a reference */
    char *db;
    GtkWidget *list;
    GtkWidget *compare;
} Chooser;

static Chooser *
get_chooser (GtkWidget *widget)
{
    return g_object_get_data (G_OBJECT (widget), STATE_KEY);
}

static GtkListBoxRow *
row_of_record (Chooser *ch, gint64 record)
{
    for (int i = 0;; i++) {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (ch->list), i);
        if (row == NULL)
            return NULL;
        gint64 *number = g_object_get_data (G_OBJECT (row), "vinv-record");
        if (*number == record)
            return row;
    }
}

guint
vinv_record_chooser_get_n_records (GtkWidget *chooser)
{
    Chooser *ch = get_chooser (chooser);
    guint n = 0;
    while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (ch->list), (int) n) != NULL)
        n++;
    return n;
}

const char *
vinv_record_chooser_get_text (GtkWidget *chooser, gint64 record)
{
    GtkListBoxRow *row = row_of_record (get_chooser (chooser), record);
    if (row == NULL)
        return NULL;
    return gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
}

gboolean
vinv_record_chooser_select (GtkWidget *chooser, gint64 record)
{
    Chooser *ch = get_chooser (chooser);
    GtkListBoxRow *row = row_of_record (ch, record);
    if (row == NULL)
        return FALSE;
    gtk_list_box_select_row (GTK_LIST_BOX (ch->list), row);
    return TRUE;
}

void
vinv_record_chooser_accept (GtkWidget *chooser)
{
    Chooser *ch = get_chooser (chooser);
    GtkListBoxRow *row = gtk_list_box_get_selected_row (GTK_LIST_BOX (ch->list));

    if (row != NULL) {
        gint64 *number = g_object_get_data (G_OBJECT (row), "vinv-record");
        vinv_compare_start_history (ch->window, ch->db, *number);
    }
    gtk_window_destroy (GTK_WINDOW (chooser));
}

#ifdef VINV_HAVE_SNAPSHOT

static void
chooser_free (gpointer data)
{
    Chooser *ch = data;
    g_clear_object (&ch->window);
    g_free (ch->db);
    g_free (ch);
}

static void
on_compare (GtkButton *button, gpointer user_data)
{
    vinv_record_chooser_accept (GTK_WIDGET (user_data));
}

static void
on_cancel (GtkButton *button, gpointer user_data)
{
    gtk_window_destroy (GTK_WINDOW (user_data));
}

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, gpointer user_data)
{
    vinv_record_chooser_accept (GTK_WIDGET (user_data));
}

static void
on_selected (GtkListBox *box, GtkListBoxRow *row, gpointer user_data)
{
    Chooser *ch = user_data;
    gtk_widget_set_sensitive (ch->compare, row != NULL);
}

/* The text of cell @column_id of @row, or "?" (owned by caller). */
static char *
cell_text (VinvTable *table, guint row, const char *column_id)
{
    int col = vinv_schema_lookup_column (vinv_table_get_schema (table), column_id);
    if (col < 0)
        return g_strdup ("?");
    char *text = vinv_diff_dup_value_text (vinv_table_get_column (table, (guint) col),
                                           vinv_table_get_cell (table, row, (guint) col));
    return text != NULL ? text : g_strdup ("?");
}

/* "Record 3 — 2026-12-03 08:00:00 — hv01, hv02 — 1,204 rows, 12 stored,
 * 1 removed, 1 error" */
static char *
record_text (VinvTable *records, guint row)
{
    g_autofree char *time = cell_text (records, row, "time");
    g_autofree char *sources = cell_text (records, row, "sources");
    g_autofree char *rows = cell_text (records, row, "rows");
    g_autofree char *stored = cell_text (records, row, "stored");
    g_autofree char *removed = cell_text (records, row, "removed");
    g_autofree char *errors = cell_text (records, row, "errors");
    gboolean failed = g_strcmp0 (errors, "0") != 0;

    return g_strdup_printf ("Record %s — %s — %s — %s rows, %s stored, %s removed%s%s%s",
                            vinv_table_get_row_id (records, row), time, sources, rows, stored,
                            removed, failed ? ", " : "", failed ? errors : "",
                            failed ? " errors" : "");
}

GtkWidget *
vinv_record_chooser_new (VinvWindow *window, const char *db, GError **error)
{
    g_autoptr (VinvTable) records = vinv_history_list (db, error);
    if (records == NULL)
        return NULL;
    guint n = vinv_table_get_n_rows (records);
    if (n == 0) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD,
                     "%s has no record yet (virt-inventory record --history %s)", db, db);
        return NULL;
    }

    GtkWidget *dialog = gtk_window_new ();
    Chooser *ch = g_new0 (Chooser, 1);
    ch->window = g_object_ref (window);
    ch->db = g_strdup (db);
    g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, ch, chooser_free);
    gtk_window_set_title (GTK_WINDOW (dialog), "Compare With History Record");
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
    gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
    gtk_window_set_default_size (GTK_WINDOW (dialog), 720, 420);

    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_margin_top (box, 12);
    gtk_widget_set_margin_bottom (box, 12);
    gtk_widget_set_margin_start (box, 12);
    gtk_widget_set_margin_end (box, 12);
    g_autofree char *title = g_strdup_printf ("Records of %s (newest first):", db);
    GtkWidget *heading = gtk_label_new (title);
    gtk_label_set_xalign (GTK_LABEL (heading), 0.0);
    gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
    gtk_box_append (GTK_BOX (box), heading);

    ch->list = gtk_list_box_new ();
    gtk_list_box_set_selection_mode (GTK_LIST_BOX (ch->list), GTK_SELECTION_SINGLE);
    gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (ch->list), FALSE);
    for (guint i = n; i-- > 0;) {
        g_autofree char *text = record_text (records, i);
        GtkWidget *label = gtk_label_new (text);
        gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        gtk_widget_add_css_class (label, "numeric");
        gtk_widget_set_margin_top (label, 4);
        gtk_widget_set_margin_bottom (label, 4);
        GtkWidget *row = gtk_list_box_row_new ();
        gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
        gint64 *number = g_new (gint64, 1);
        *number = g_ascii_strtoll (vinv_table_get_row_id (records, i), NULL, 10);
        g_object_set_data_full (G_OBJECT (row), "vinv-record", number, g_free);
        gtk_list_box_append (GTK_LIST_BOX (ch->list), row);
    }
    GtkWidget *scroller = gtk_scrolled_window_new ();
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), ch->list);
    gtk_widget_set_vexpand (scroller, TRUE);
    gtk_box_append (GTK_BOX (box), scroller);

    GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_set_halign (buttons, GTK_ALIGN_END);
    GtkWidget *cancel = gtk_button_new_with_mnemonic ("_Cancel");
    ch->compare = gtk_button_new_with_mnemonic ("C_ompare");
    gtk_widget_add_css_class (ch->compare, "suggested-action");
    gtk_box_append (GTK_BOX (buttons), cancel);
    gtk_box_append (GTK_BOX (buttons), ch->compare);
    gtk_box_append (GTK_BOX (box), buttons);
    gtk_window_set_child (GTK_WINDOW (dialog), box);
    gtk_window_set_default_widget (GTK_WINDOW (dialog), ch->compare);

    g_signal_connect (cancel, "clicked", G_CALLBACK (on_cancel), dialog);
    g_signal_connect (ch->compare, "clicked", G_CALLBACK (on_compare), dialog);
    g_signal_connect (ch->list, "row-activated", G_CALLBACK (on_row_activated), dialog);
    g_signal_connect (ch->list, "row-selected", G_CALLBACK (on_selected), ch);
    gtk_list_box_select_row (GTK_LIST_BOX (ch->list),
                             gtk_list_box_get_row_at_index (GTK_LIST_BOX (ch->list), 0));
    return dialog;
}

#else

GtkWidget *
vinv_record_chooser_new (VinvWindow *window, const char *db, GError **error)
{
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                 "this build has no history support (SQLite)");
    return NULL;
}

#endif
