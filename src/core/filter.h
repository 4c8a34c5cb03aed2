/* filter.h — the filter language (DESIGN.md section 7, docs/filter-language.md).
 *
 * A filter is compiled once against a schema (lexer -> parser -> tree) and
 * then evaluated per row.  The language is the 2018 tool's `column op value`
 * list (',' = AND; '=' '<' '>'; '=' on text is a whole-cell, case-insensitive
 * regular expression; list cells compare their count with a number and match
 * any item with a regex) plus our extensions: != >= <= ~ !~, and/or/not,
 * parentheses, quoted values, `is empty` / `is not empty`, free text without
 * an operator (searches every visible column), column-to-column comparison,
 * and related-table predicates (`host.status = up`: a condition on the rows
 * a reference or list column links to, `all LINK.COLUMN op value` for
 * every one).
 *
 * Compile errors carry the byte offset in the filter text they point at and,
 * where it helps, a hint ("did you mean 'Memory'?").
 */
#pragma once

#include "table.h"
#include "tables.h"

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
 * matched item @item of the row (or, for `LINK.COLUMN op value` on a list,
 * when linked item @item satisfied it): the view shows that item first. */
typedef void (*VinvFilterItemFunc) (guint col, guint item, gpointer user_data);

/* Gives the filter the table it will be matched on (@table, of the
 * filter's schema; may be NULL) and the tables its related-table
 * predicates look at: @tables has VINV_TABLE_LAST entries indexed by kind,
 * NULL for a table that is not there (NULL @tables: none).  Evaluates each
 * related predicate once per row of its linked table, and takes @table's
 * links into it resolved to row indexes (vinv_table_ref_links(), kept by
 * the table between filters), so that matching a row of @table reads an
 * answer per linked item and looks nothing up; rows of another table look
 * their items up by id.  Call it before vinv_filter_match() and again
 * whenever those tables changed; the filter keeps a reference on the
 * tables until the next call or until it is freed.  Without it, every
 * linked row counts as a row without values.  Cheap for a filter without
 * related predicates (it does nothing). */
void vinv_filter_prepare (VinvFilter *self, VinvTable *table, VinvTable *const *tables);

/* True if the filter has related-table predicates (needs
 * vinv_filter_prepare() to see linked rows). */
gboolean vinv_filter_has_related (const VinvFilter *self);

/* Evaluates the filter on row @row of @table.  @visible has one entry per
 * column (TRUE = shown) and scopes free-text search; NULL means all
 * columns.  @item_func may be NULL. */
gboolean vinv_filter_match (const VinvFilter *self, const VinvTable *table, guint row,
                            const gboolean *visible,
                            VinvFilterItemFunc item_func, gpointer user_data);

/* Called for each column a predicate of the filter reads: @schema is the
 * filter's schema, or the linked table's for the COLUMN of a related
 * predicate (whose LINK column is reported with the filter's schema).
 * Free text, which searches whatever is shown, reports nothing. */
typedef void (*VinvFilterColumnFunc) (const VinvSchema *schema, guint col, gpointer user_data);
void vinv_filter_foreach_column (const VinvFilter *self, VinvFilterColumnFunc func,
                                 gpointer user_data);

/* The text the filter was compiled from. */
const char *vinv_filter_get_text (const VinvFilter *self);

G_END_DECLS
