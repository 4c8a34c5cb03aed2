/* vinv-export-dialog.h — the Export dialog: format, which tables, what
 * you see or everything; then a file (or folder) chooser, and the export
 * runs in the background (vinv_window_export_async()).
 *
 * Formats the core cannot write yet (vinv_export_format_is_available():
 * XLSX for now) are shown disabled, with a tooltip saying so.  With no
 * table shown (the Health page: its findings are not a table), "Current
 * table" is disabled, with a tooltip saying so, and the tables are chosen.
 */
#pragma once

#include "vinv-window.h"

G_BEGIN_DECLS

#define VINV_TYPE_EXPORT_DIALOG (vinv_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VinvExportDialog, vinv_export_dialog, VINV, EXPORT_DIALOG, GtkWindow)

/* A modal dialog over @window, preset to the current table. */
GtkWidget *vinv_export_dialog_new (VinvWindow *window);

/* The "Current table" radio button (borrowed), to check its state. */
GtkWidget *vinv_export_dialog_get_current_button (VinvExportDialog *self);
/* The radio button of @format (borrowed), to check its state. */
GtkWidget *vinv_export_dialog_get_format_button (VinvExportDialog *self,
                                                 VinvExportFormat format);

/* What the dialog would export now: the chosen format, whether
 * "everything" is chosen, and the chosen tables (fills @kinds, size
 * VINV_TABLE_LAST; returns how many). */
guint vinv_export_dialog_get_choice (VinvExportDialog *self, VinvExportFormat *format,
                                     gboolean *everything, VinvTableKind *kinds);

G_END_DECLS
