/* schema.h — what a table is made of: its id, titles and columns.
 *
 * Schemas are static data defined in tables.c (columns in tables-*.c), one per kind of entity
 * (VMs, Hosts, ...), shared by every back-end: a back-end fills the columns
 * it knows and leaves the others null, and says which in its
 * VinvBackendTable list.  Column and table names typed by
 * users are matched case-insensitively, with spaces, '-' and '_' equal.
 */
#pragma once

#include "cell.h"

G_BEGIN_DECLS

typedef struct {
    const char *id;              /* "vms", "storage_domains" */
    const char *title;           /* "VMs", "Storage domains" */
    const char *const *aliases;  /* NULL-terminated extra names, or NULL */
    const VinvColumn *columns;
    guint n_columns;
} VinvSchema;

/* One table a back-end fills, as data: the back-end's class lists these
 * (VinvBackendClass.tables, terminated by {NULL}) and every source in an
 * inventory points at its back-end's list, so which columns are available
 * and what a table is called are computed from the back-ends in use (see
 * vinv_inventory_column_available()).  Schemas never name a back-end. */
typedef struct {
    const char *table;              /* table id ("storage_domains") */
    const char *title;              /* title when every open back-end that
                                     * fills the table says so ("Storage
                                     * pools"), or NULL for the schema's */
    const char *const *columns;     /* ids of the columns it fills,
                                     * NULL-terminated ("source" and "id" are
                                     * always filled and need not be listed) */
} VinvBackendTable;

/* The column index of "source" and "id", the same in every schema. */
#define VINV_COLUMN_SOURCE 0
#define VINV_COLUMN_ID     1

/* Finds a column by id or title (case-insensitive, ' ' '-' '_' alike).
 * Returns its index, or -1. */
int vinv_schema_lookup_column (const VinvSchema *schema, const char *name);

/* Like vinv_schema_lookup_column() for a name of @len bytes (not
 * NUL-terminated), as the filter lexer sees it. */
int vinv_schema_lookup_column_len (const VinvSchema *schema, const char *name, gsize len);

/* Up to @max column titles closest to @name (edit distance), best first,
 * joined as "'Name', 'Max memory'", for "did you mean" hints.  Returns NULL
 * when nothing is close.  Owned by caller. */
char *vinv_schema_dup_nearest_columns (const VinvSchema *schema, const char *name, guint max);

/* True if @a and @b are the same name under the matching rule above. */
gboolean vinv_name_equal (const char *a, const char *b);
gboolean vinv_name_equal_len (const char *a, gsize a_len, const char *b);

/* Levenshtein distance between @a and @b, case-insensitively. */
guint vinv_edit_distance (const char *a, const char *b);

G_END_DECLS
