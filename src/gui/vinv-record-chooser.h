/* vinv-record-chooser.h — choosing a record of a history database
 * (`virt-inventory record`) to compare the window with.
 *
 * A small modal window lists the records of the database, newest first,
 * as `virt-inventory history list` does (number, time, sources, rows,
 * rows stored, rows removed, errors); Compare (or activating a row)
 * starts vinv_compare_start_history() on the selected one and closes.
 * The list is read with the snapshot module; a build without it has no
 * chooser (vinv_record_chooser_new() fails and says why).
 */
#pragma once

#include <gtk/gtk.h>
#include "vinv-window.h"

G_BEGIN_DECLS

/* The chooser for history database @db (a path), transient for @window,
 * not yet shown; the newest record is selected.  NULL with @error when
 * @db cannot be read as a history or has no record. */
GtkWidget *vinv_record_chooser_new (VinvWindow *window, const char *db, GError **error);
/* Number of records listed. */
guint vinv_record_chooser_get_n_records (GtkWidget *chooser);
/* The text of the row of @record, or NULL if it is not listed. */
const char *vinv_record_chooser_get_text (GtkWidget *chooser, gint64 record);
/* Selects @record; FALSE if it is not listed. */
gboolean vinv_record_chooser_select (GtkWidget *chooser, gint64 record);
/* As the Compare button: compares @chooser's window with the selected
 * record and closes @chooser. */
void vinv_record_chooser_accept (GtkWidget *chooser);

G_END_DECLS
