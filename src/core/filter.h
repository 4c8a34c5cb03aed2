/* filter.h — the filter language (DESIGN.md section 7, docs/filter-language.md).
 *
 * A filter is compiled once against a schema (lexer -> parser -> tree) and
 * then evaluated per row.  The language is the 2018 tool's `column op value`
 * list (',' = AND; '=' '<' '>'; '=' on text is a whole-cell, case-insensitive
 * regular expression; list cells compare their count with a number and match
 * any item with a regex) plus our extensions: != >= <= ~ !~, and/or/not,
 * parentheses, quoted values, `is empty` / `is not empty`, free text without
 * an operator (searches every visible column), column-to-column comparison.
 *
 * Compile errors carry the byte offset in the filter text they point at and,
 * where it helps, a hint ("did you mean 'Memory'?").
 */
#pragma once

#include "table.h"

G_BEGIN_DECLS

typedef struct _VinvFilter VinvFilter;

typedef struct {
    gsize offset;        /* byte offset into the filter text */
    char *message;       /* "unknown column 'memry'" */
    char *hint;          /* "did you mean 'Memory'?", or NULL */
} VinvFilterError;

void vinv_filter_error_free (VinvFilterError *error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvFilterError, vinv_filter_error_free)

/* Compiles @text for tables of @schema.  An empty or all-blank @text gives
 * a filter that matches every row.  On failure returns NULL and sets
 * *error (owned by caller). */
VinvFilter *vinv_filter_compile (const char *text, const VinvSchema *schema,
                                 VinvFilterError **error);
void vinv_filter_free (VinvFilter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvFilter, vinv_filter_free)

/* Called during evaluation when a regex predicate on list column @col
 * matched item @item of the row: the view shows that item first. */
typedef void (*VinvFilterItemFunc) (guint col, guint item, gpointer user_data);

/* Evaluates the filter on row @row of @table.  @visible has one entry per
 * column (TRUE = shown) and scopes free-text search; NULL means all
 * columns.  @item_func may be NULL. */
gboolean vinv_filter_match (const VinvFilter *self, const VinvTable *table, guint row,
                            const gboolean *visible,
                            VinvFilterItemFunc item_func, gpointer user_data);

/* True if the filter compares the item count of list column @col (as in
 * `disks > 1`), so that sorting on it may sort by count. */
gboolean vinv_filter_counts_column (const VinvFilter *self, guint col);

/* The text the filter was compiled from. */
const char *vinv_filter_get_text (const VinvFilter *self);

G_END_DECLS
