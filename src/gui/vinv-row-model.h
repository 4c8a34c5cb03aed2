/* vinv-row-model.h — the GListModel a table page shows: one item per row
 * of a core VinvView, in the view's order.
 *
 * The model holds no rows of its own.  Its length is the view's row count
 * and item i is a small VinvRowItem created on demand, naming view position
 * i and the table row index vinv_view_get_row() gives for it; cells are read
 * from the view when a list item is bound.  Whenever the view changes
 * (filter, sort, a new table after a refresh) the owner calls
 * vinv_row_model_reset(), which emits one items-changed for the whole
 * range.  The GUI never filters or sorts: the view does.
 */
#pragma once

#include <gio/gio.h>
#include "core/view.h"

G_BEGIN_DECLS

#define VINV_TYPE_ROW_ITEM (vinv_row_item_get_type ())
G_DECLARE_FINAL_TYPE (VinvRowItem, vinv_row_item, VINV, ROW_ITEM, GObject)

/* View position of the item (its index in the model when it was made). */
guint vinv_row_item_get_position (VinvRowItem *self);
/* Table row index the item shows. */
guint vinv_row_item_get_row (VinvRowItem *self);

#define VINV_TYPE_ROW_MODEL (vinv_row_model_get_type ())
G_DECLARE_FINAL_TYPE (VinvRowModel, vinv_row_model, VINV, ROW_MODEL, GObject)

VinvRowModel *vinv_row_model_new (void);

/* Points the model at @view (borrowed: the caller keeps it alive until it
 * sets another view or NULL) and emits items-changed for the whole range. */
void vinv_row_model_set_view (VinvRowModel *self, VinvView *view);
VinvView *vinv_row_model_get_view (VinvRowModel *self);

/* The view's rows changed: emits items-changed (0, old length, new
 * length). */
void vinv_row_model_reset (VinvRowModel *self);

G_END_DECLS
