/* view.h — what is shown of a table: filter, sort and column flags.
 *
 * A view never copies cells: it holds a reference to its table, a vector of
 * the row indices that pass the filter in sort order, and an ordered list of
 * the columns shown.  Hidden columns can still be filtered and sorted on.
 * The GUI and the CLI both show tables through views, so they can never
 * disagree about which rows match or in what order they come.
 *
 * Invariant: after every call that returns, rows[] holds exactly the table
 * rows that match the filter, ordered by the sort keys and, for ties, by
 * table order (the sort is stable).
 */
#pragma once

#include "filter.h"
#include "inventory.h"

G_BEGIN_DECLS

typedef struct _VinvView VinvView;

typedef struct {
    guint column;
    gboolean descending;
} VinvSortKey;

/* A view of all rows of @table, unsorted, showing @table's default
 * columns for @inventory (see vinv_inventory_column_default_visible());
 * @inventory may be NULL to show the columns with the DEFAULT flag.
 * Takes a reference on @table and on every table of @inventory: those are
 * the tables related-table predicates (`host.status = up`) look at, so
 * @inventory itself need not outlive the view.  Without @inventory only
 * links from @table to itself find their rows. */
VinvView *vinv_view_new (VinvTable *table, const VinvInventory *inventory);
void vinv_view_free (VinvView *self);

/* A view of @table — a table of the same schema whose row i stands for row
 * i of @self's table (an anonymised copy, see anonymize.h) — showing the
 * same rows in the same order, the same columns and the same first list
 * items, without filtering or sorting again.  It has no filter (its text
 * is "", since a filter names original values) and keeps the sort keys.
 * Takes a reference on @table. */
VinvView *vinv_view_dup_for_table (const VinvView *self, VinvTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvView, vinv_view_free)

VinvTable *vinv_view_get_table (const VinvView *self);

/* Compiles and applies @text ("" or NULL clears the filter).  On a compile
 * error returns FALSE, sets *error and keeps the previous filter. */
gboolean vinv_view_set_filter (VinvView *self, const char *text, VinvFilterError **error);
/* The current filter text ("" when none). */
const char *vinv_view_get_filter_text (const VinvView *self);

/* Sorts by @keys (first key first); n == 0 restores table order.  Cells
 * compare as vinv_cell_compare() says: lists by their number of items,
 * then by the item shown first. */
void vinv_view_set_sort (VinvView *self, const VinvSortKey *keys, guint n);
/* Parses "name", "-memory", "status,-memory" (column names as in filters,
 * '-' for descending) and applies it.  On error returns FALSE with a
 * G_IO_ERROR_INVALID_ARGUMENT message naming the column and a hint. */
gboolean vinv_view_set_sort_text (VinvView *self, const char *text, GError **error);
guint vinv_view_get_n_sort_keys (const VinvView *self);
const VinvSortKey *vinv_view_get_sort_keys (const VinvView *self);
/* The sort as text ("status,-memory"), with column ids.  Owned by caller. */
char *vinv_view_dup_sort_text (const VinvView *self);

/* Shown columns, in display order. */
guint vinv_view_get_n_columns (const VinvView *self);
guint vinv_view_get_column (const VinvView *self, guint i);
/* Replaces the shown columns with @cols (table column indices, in order;
 * duplicates are ignored). */
void vinv_view_set_columns (VinvView *self, const guint *cols, guint n);
/* Parses "name,status,memory" or "+snapshots" / "-host" (add to / remove
 * from the current set) and applies it; "all" shows every column.
 * On an unknown column returns FALSE with a message and hint. */
gboolean vinv_view_set_columns_text (VinvView *self, const char *text, GError **error);
/* Shows or hides one column (a newly shown column goes to the end). */
void vinv_view_set_column_visible (VinvView *self, guint col, gboolean visible);
gboolean vinv_view_is_column_visible (const VinvView *self, guint col);
/* Moves shown column @col to display position @pos. */
void vinv_view_move_column (VinvView *self, guint col, guint pos);
/* The shown columns as ids joined with ','.  Owned by caller. */
char *vinv_view_dup_columns_text (const VinvView *self);

/* Rows shown, in order; vinv_view_get_row() gives the table row index. */
guint vinv_view_get_n_rows (const VinvView *self);
guint vinv_view_get_row (const VinvView *self, guint i);
/* All vinv_view_get_row() values at once: vinv_view_get_n_rows() table
 * row indexes, for loops over every row (the exporters).  Borrowed; valid
 * until the view's filter or sort changes or it is refreshed. */
const guint *vinv_view_get_rows (const VinvView *self);

/* The list item shown first in cell (@row, @col) — @row is a table row
 * index: the item a filter matched, else 0. */
guint vinv_view_get_first_item (const VinvView *self, guint row, guint col);

/* Display text of cell (@row = table row index, @col), honouring the first
 * item.  Owned by caller. */
char *vinv_view_dup_cell_text (const VinvView *self, guint row, guint col);

/* Re-applies filter and sort; call after the table changed. */
void vinv_view_refresh (VinvView *self);

/* Resolves a link: the target table kind and a filter text selecting the
 * rows that cell (@row, @col) points at (`id = a|b|c` on the target's
 * ID column; for lists, all items).  Returns FALSE if the cell links
 * nowhere.  *filter is owned by caller. */
gboolean vinv_view_link_filter (const VinvView *self, guint row, guint col,
                                VinvTableKind *target, char **filter);

G_END_DECLS
