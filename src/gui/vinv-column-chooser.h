/* vinv-column-chooser.h — the popover that shows, hides and orders the
 * columns of a table page.
 *
 * One row per column the inventory's back-ends fill (plus any column that
 * is shown anyway): a check button to show or hide it and up/down buttons
 * to move a shown column.  Shown columns come first, in display order, then
 * the hidden ones in schema order.  A search entry narrows the list; "Reset"
 * restores the default columns.  Every change goes to the page
 * (vinv_table_page_set_column_visible / _move_column), which changes the
 * core view.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _VinvTablePage VinvTablePage;

#define VINV_TYPE_COLUMN_CHOOSER (vinv_column_chooser_get_type ())
G_DECLARE_FINAL_TYPE (VinvColumnChooser, vinv_column_chooser, VINV, COLUMN_CHOOSER, GtkPopover)

/* A chooser for @page (borrowed: the page owns the popover). */
GtkWidget *vinv_column_chooser_new (VinvTablePage *page);

/* Rebuilds the rows from the page's view (done each time it is shown). */
void vinv_column_chooser_rebuild (VinvColumnChooser *self);

G_END_DECLS
