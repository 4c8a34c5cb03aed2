/* table.h — one table of the inventory: a schema and its rows.
 *
 * Rows are stored once, as arrays of cells (see cell.h); views (view.h)
 * filter and sort by index and never copy them.  Every string, reference
 * and list a cell points at is copied into the table's arena, so a back-end
 * may pass temporary buffers and the whole table is freed at once; or, for
 * back-ends that link many rows to the same few (a join), borrowed from
 * the arena of a table whose strings it keeps (vinv_table_keep_strings()).
 *
 * Invariants: every row has n_columns cells; cell VINV_COLUMN_SOURCE holds
 * the row's source (connection name) and VINV_COLUMN_ID its id, both
 * strings, set by vinv_table_add_row(); a cell is NULL or of its column's
 * kind (the setters check it).  Ids are unique per source.
 *
 * Tables are reference counted so that a view (or a GUI tab) keeps the
 * rows it shows alive while a refresh builds a new inventory.  A table is
 * not thread-safe: one thread fills it, then it is only read.
 */
#pragma once

#include "schema.h"

G_BEGIN_DECLS

typedef struct _VinvTable VinvTable;

/* A new empty table of @schema (a static schema), with refcount 1. */
VinvTable *vinv_table_new (const VinvSchema *schema);
VinvTable *vinv_table_ref (VinvTable *self);
void vinv_table_unref (VinvTable *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvTable, vinv_table_unref)

const VinvSchema *vinv_table_get_schema (const VinvTable *self);
guint vinv_table_get_n_rows (const VinvTable *self);
const VinvColumn *vinv_table_get_column (const VinvTable *self, guint col);

/* Appends a row whose cells are all NULL but Source and ID, and returns
 * its index.  @source and @id are copied. */
guint vinv_table_add_row (VinvTable *self, const char *source, const char *id);

/* The cells of row @row (n_columns of them).  Borrowed. */
const VinvCell *vinv_table_get_row (const VinvTable *self, guint row);
const VinvCell *vinv_table_get_cell (const VinvTable *self, guint row, guint col);
/* The cells of every row: element r is vinv_table_get_row (@self, r), for
 * loops over many rows (the exporters).  Borrowed; valid until rows are
 * added, removed or reordered. */
const VinvCell *const *vinv_table_get_rows (const VinvTable *self);
const char *vinv_table_get_row_id (const VinvTable *self, guint row);
const char *vinv_table_get_row_source (const VinvTable *self, guint row);

/* Setters.  Each copies what it is given into the table's arena.  A NULL
 * string sets a NULL cell.  Setting a cell of another kind than its column
 * is a programming error (g_critical, cell unchanged). */
void vinv_table_set_null (VinvTable *self, guint row, guint col);
void vinv_table_set_bool (VinvTable *self, guint row, guint col, gboolean value);
void vinv_table_set_int (VinvTable *self, guint row, guint col, gint64 value);
void vinv_table_set_double (VinvTable *self, guint row, guint col, double value);
void vinv_table_set_string (VinvTable *self, guint row, guint col, const char *value);
void vinv_table_set_string_len (VinvTable *self, guint row, guint col,
                                const char *value, gsize len);
/* @value is in the base unit of the column's dimension (bytes, %, s, ...). */
void vinv_table_set_quantity (VinvTable *self, guint row, guint col, double value);
/* @ms: milliseconds since the Unix epoch, UTC. */
void vinv_table_set_time (VinvTable *self, guint row, guint col, gint64 ms);
/* @id may be NULL (a reference shown as text that links nowhere). */
void vinv_table_set_ref (VinvTable *self, guint row, guint col,
                         const char *text, const char *id);
/* Copies @n items (their texts and ids). @n may be 0: an empty list. */
void vinv_table_set_list (VinvTable *self, guint row, guint col,
                          const VinvItem *items, guint n);

/* As vinv_table_set_ref() and vinv_table_set_list(), for callers that
 * know the lengths already (a join that sets many cells from the same
 * few strings): @text_len and @id_len, or lens[2 * i] and lens[2 * i + 1]
 * for item i, are the strlen() of the text and of the id (0 for a NULL
 * id).  Texts must not be NULL.  The cells are the same as the unsized
 * setters make. */
void vinv_table_set_ref_len (VinvTable *self, guint row, guint col, const char *text,
                             guint32 text_len, const char *id, guint32 id_len);
void vinv_table_set_list_len (VinvTable *self, guint row, guint col, const VinvItem *items,
                              const guint32 *lens, guint n);

/* Copies @len bytes of @s into the arena, NUL-terminated; for back-ends
 * that build cells themselves.  Lives as long as the table. */
const char *vinv_table_strdup_len (VinvTable *self, const char *s, gsize len);

/* @size bytes in the table's arena (8-byte aligned, not cleared), for
 * back-ends that build items themselves (vinv_table_set_ref_item()).
 * Lives as long as the table and the tables that keep its strings. */
gpointer vinv_table_alloc (VinvTable *self, gsize size);

/* Borrowing instead of copying.  vinv_table_keep_strings() makes @self keep
 * alive everything in @other's arena — what @other's cells point at, and
 * what vinv_table_strdup_len() and vinv_table_alloc() gave for @other,
 * before and after the call — for as long as @self lives, whatever
 * happens to @other (unref, vinv_table_take_rows()).  It keeps memory,
 * not @other itself: tables may keep each other's strings.  Calling it
 * again for the same pair costs a little memory, nothing else.
 *
 * Then the cells of @self may point at those strings without copies:
 * vinv_table_set_ref_item() sets reference cell @col of @row to @item
 * itself (not a copy; one item may serve many cells), and
 * vinv_table_set_list_borrowed() copies the @n items, not their strings.
 * Every text (never NULL) and id (NULL: links nowhere) must live as long
 * as @self: in @self's arena, in the arena of a table @self keeps the
 * strings of, or static; @item itself too.  The cells read exactly as the
 * copying setters make them. */
void vinv_table_keep_strings (VinvTable *self, const VinvTable *other);
void vinv_table_set_ref_item (VinvTable *self, guint row, guint col, const VinvItem *item);
void vinv_table_set_list_borrowed (VinvTable *self, guint row, guint col,
                                   const VinvItem *items, guint n);

/* Finds the row of @source with @id.  @source NULL matches any source
 * (the first row with that id).  Returns the row index or -1.  Builds an
 * index on first use; adding rows keeps it up to date. */
int vinv_table_find_row (const VinvTable *self, const char *source, const char *id);

/* Links resolved to rows.  Reference and list column @col of @self points
 * at rows of @target: row r's items are links->rows[offsets[r]] up to
 * links->rows[offsets[r + 1] - 1], in item order (a reference is one item,
 * a cell of no value has none), each the row of @target that
 * vinv_table_find_row (target, ROW'S SOURCE, ITEM'S ID) finds, or
 * VINV_NO_ROW (no id, or no such row: links never cross sources).
 *
 * Resolved on first use and kept in @self until @self or the rows of
 * @target change, so asking again costs a look-up and related-table
 * filters look nothing up by id.  Safe to call from several reading
 * threads.  Returns a new reference (vinv_links_unref()), valid as long as
 * it is held, whatever happens to the tables. */
#define VINV_NO_ROW G_MAXUINT32

typedef struct {
    guint n_rows;              /* rows of @self when resolved */
    const guint32 *offsets;    /* n_rows + 1 */
    const guint32 *rows;       /* offsets[n_rows] entries */
} VinvLinks;

VinvLinks *vinv_table_ref_links (const VinvTable *self, guint col, const VinvTable *target);
void vinv_links_unref (VinvLinks *links);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvLinks, vinv_links_unref)

/* Load error of this table for the whole table ("HTTP 500 on /disks"), or
 * NULL.  A failed table may still hold rows of other sources. */
const char *vinv_table_get_error (const VinvTable *self);
void vinv_table_set_error (VinvTable *self, const char *message);

/* Columns that could not be loaded.  A back-end marks column @col
 * unavailable when its content comes from a table that failed (the VMs'
 * Disks when Disks failed): the column then holds no value for that
 * back-end's rows — never a stand-in such as an id for a name — and
 * @reason says why, naming the failed table and the source ("Disks of
 * 'engine' failed to load").  Several reasons (sources) are joined with
 * "; ", each said once; vinv_table_take_rows() carries them over.
 * Front ends warn about them and exit as for a failed table. */
void vinv_table_set_column_unavailable (VinvTable *self, guint col, const char *reason);
/* Why @col is unavailable, or NULL. */
const char *vinv_table_get_column_unavailable (const VinvTable *self, guint col);
/* The reason of the first unavailable column (its index in *@col, may be
 * NULL), or NULL when every column is available. */
const char *vinv_table_get_unavailable (const VinvTable *self, guint *col);

/* Reorders the rows: row i becomes the old row @order[i].  @order must be
 * a permutation of 0 .. n_rows - 1.  For back-ends that receive rows in an
 * order that depends on timing (responses arriving in parallel). */
void vinv_table_reorder (VinvTable *self, const guint *order);

/* Moves all rows of @src to the end of @self (same schema), leaving @src
 * empty.  The cells keep pointing into @src's arena, which @self adopts
 * with the strings @src keeps (vinv_table_keep_strings()).
 * Errors of @src are appended to @self's. */
void vinv_table_take_rows (VinvTable *self, VinvTable *src);

G_END_DECLS
