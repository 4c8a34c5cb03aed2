/* vinv-row-model.h — the GListModel a table page shows: one item per row
 * of a core VinvView, in the view's order.
 *
 * The model holds no rows of its own.  Its length is the view's row count
 * and item i is a small VinvRowItem naming view position i and the table
 * row vinv_view_get_row() gives for it; cells are read from the view when
 * a list item is bound.  The GUI never filters or sorts: the view does.
 *
 * Items are *slots*: while GTK holds the item of a position, asking again
 * gives the same object, and when the view changes (filter, sort, a new
 * table after a refresh) vinv_row_model_reset() re-points the live slots
 * at their new rows, emits items-changed only for positions that appeared
 * or disappeared at the end, and then emits "rows-changed" so the owner
 * re-reads the cells on screen.  A full items-changed over 100,000 rows
 * would make GTK 4.8 fetch every item and rebuild every row widget; this
 * way a re-sort costs the rows on screen.
 */
#pragma once

#include <gio/gio.h>
#include "core/view.h"

G_BEGIN_DECLS

#define VINV_TYPE_ROW_ITEM (vinv_row_item_get_type ())
G_DECLARE_FINAL_TYPE (VinvRowItem, vinv_row_item, VINV, ROW_ITEM, GObject)

/* View position of the item (its index in the model). */
guint vinv_row_item_get_position (VinvRowItem *self);
/* Table row index the item shows now. */
guint vinv_row_item_get_row (VinvRowItem *self);

#define VINV_TYPE_ROW_MODEL (vinv_row_model_get_type ())
G_DECLARE_FINAL_TYPE (VinvRowModel, vinv_row_model, VINV, ROW_MODEL, GObject)

VinvRowModel *vinv_row_model_new (void);

/* Points the model at @view (borrowed: the caller keeps it alive until it
 * sets another view or NULL) and resets as vinv_row_model_reset() does. */
void vinv_row_model_set_view (VinvRowModel *self, VinvView *view);
VinvView *vinv_row_model_get_view (VinvRowModel *self);

/* Points the model at @view (borrowed, as above) without telling GTK
 * anything: either @view shows exactly the rows of the previous view, in
 * the same order (a new view of the same table, as when the complete
 * inventory replaces a table shown on arrival: nothing needs re-reading),
 * or the caller calls vinv_row_model_reset() next. */
void vinv_row_model_point_at (VinvRowModel *self, VinvView *view);

/* The view's rows changed: re-points live items, emits items-changed for
 * the positions added or removed at the end (if the count changed), then
 * "rows-changed". */
void vinv_row_model_reset (VinvRowModel *self);

G_END_DECLS
