/* diff.h — what changed between two inventories, as data.
 *
 * Two tables of the same schema are compared row by row, keyed by (Source,
 * ID): a row only in the older is Removed, only in the newer Added, in both
 * with a different value in a counted column Changed, once per column with
 * the old and the new value.  The result is itself a table (the changes
 * table below), so the text printer and the CSV/JSON exporters serve it
 * like any other and the CLI and GUI can never disagree on it.
 *
 * Which rows and columns count is the caller's choice: rows come from
 * views (a filtered view compares only the rows it shows: an entity counts
 * if it is shown in either view), columns from a mask (by default every
 * column but Source, ID and the statistics, vinv_column_is_statistic()).
 * Pure data: no I/O.
 */
#pragma once

#include "view.h"

G_BEGIN_DECLS

/* Columns of the changes table. */
typedef enum {
    VINV_DIFF_COL_SOURCE,     /* the entity's source */
    VINV_DIFF_COL_ID,         /* the entity's id (repeats: one row per changed column) */
    VINV_DIFF_COL_TABLE,      /* table id ("vms") */
    VINV_DIFF_COL_CHANGE,     /* "added", "removed" or "changed" */
    VINV_DIFF_COL_NAME,       /* the entity's name (newer one if renamed) */
    VINV_DIFF_COL_COLUMN,     /* changed: the column id; else null */
    VINV_DIFF_COL_OLD,        /* changed: old value as text; else null */
    VINV_DIFF_COL_NEW,        /* changed: new value as text; else null */
    VINV_DIFF_N_COLUMNS
} VinvDiffColumn;

/* The schema of the changes table (static). */
const VinvSchema *vinv_diff_get_schema (void);

typedef struct {
    guint added;
    guint removed;
    guint changed;            /* entities with at least one changed column */
} VinvDiffCounts;

/* True if @a and @b hold the same value: same kind; strings, texts and ids
 * byte-equal; numbers equal (NaN equals NaN); lists with the same items in
 * the same order.  Two NULL cells are equal. */
gboolean vinv_cell_equal (const VinvCell *a, const VinvCell *b);

/* The text of @cell for a change report: as vinv_cell_dup_text(), except
 * that a list shows all its items ("disk1, disk2") and a reference its
 * text.  NULL for a NULL cell.  Owned by caller. */
char *vinv_diff_dup_value_text (const VinvColumn *column, const VinvCell *cell);

/* Fills @mask (n_columns of @schema) with the columns that count by
 * default: all but Source, ID and, unless @statistics, the statistics. */
void vinv_diff_default_columns (const VinvSchema *schema, gboolean statistics, gboolean *mask);

/* Compares the rows shown by @older and @newer (views of two tables of the
 * same schema) on the columns set in @mask, appends the differences to
 * @out (a table of vinv_diff_get_schema()) and adds them to @counts.
 * Rows are reported in @older's order (removed and changed), then added
 * rows in @newer's order. */
void vinv_diff_views (VinvView *older, VinvView *newer, const gboolean *mask, VinvTable *out,
                      VinvDiffCounts *counts);

G_END_DECLS
