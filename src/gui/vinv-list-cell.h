/* vinv-list-cell.h — a table cell showing a list: its first item, cut in
 * the middle when the column is narrow, and "+n" right after it, never
 * cut ("db-prod-01.qcow2 +3", "db-pr…cow2 +3").
 *
 * Its natural width is the column's (nat-chars, as GtkInscription's), so
 * a column's width does not change with the rows bound while scrolling;
 * its minimum keeps three characters of the item and the whole count.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VINV_TYPE_LIST_CELL (vinv_list_cell_get_type ())
G_DECLARE_FINAL_TYPE (VinvListCell, vinv_list_cell, VINV, LIST_CELL, GtkWidget)

GtkWidget *vinv_list_cell_new (void);

/* Shows @text (the first item, or a count such as "12 disks") and @more
 * ("+3", or NULL for none). */
void vinv_list_cell_set_text (VinvListCell *self, const char *text, const char *more);

/* The item's part (a GtkInscription: nat-chars, xalign, CSS classes go
 * there) and the count's part (a GtkLabel, hidden without a count);
 * borrowed. */
GtkWidget *vinv_list_cell_get_text_widget (VinvListCell *self);
GtkWidget *vinv_list_cell_get_more_widget (VinvListCell *self);

G_END_DECLS
