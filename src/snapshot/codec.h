/* codec.h — how one cell is stored in SQL, for saved files and histories
 * alike (docs/snapshot-format.md is the user's description of the same
 * rules).
 *
 *   kind               SQL columns                   value
 *   bool               "COL" BIGINT                  0 or 1
 *   int                "COL" BIGINT
 *   double, quantity   "COL" DOUBLE PRECISION        quantities in the base unit
 *   time               "COL" BIGINT                  ms since 1970-01-01 UTC
 *   string             "COL" TEXT
 *   reference          "COL" TEXT, "COL__id" TEXT    shown text, linked row id
 *   list               "COL" TEXT                    JSON array, see below
 *
 * A cell without a value is SQL NULL (both columns of a reference).  A list
 * is a JSON array whose items are a string (an item without an id) or
 * {"text": T, "id": ID} (an item linking to row ID of the column's target
 * table); an empty list is "[]".  Strings in the JSON escape '"', '\\' and
 * control characters; other bytes are stored as they are.
 *
 * The decoder checks everything it reads (types, 0/1 booleans, the JSON
 * grammar) and fails with a one-line message naming the column, so a
 * damaged or hand-edited file is reported, never half-read.
 */
#pragma once

#include "core/table.h"
#include "sql.h"

G_BEGIN_DECLS

/* The SQL type of a column of @kind ("BIGINT", "DOUBLE PRECISION", "TEXT"). */
const char *vinv_codec_sql_type (VinvCellKind kind);

/* Number of SQL columns @column takes (2 for a reference, else 1). */
guint vinv_codec_n_sql_columns (const VinvColumn *column);

/* Appends the definitions of @column's SQL columns (", " before each
 * when @comma) as `"id" TYPE[, "id__id" TEXT]`. */
void vinv_codec_append_defs (GString *sql, const VinvColumn *column, gboolean comma);

/* Appends @column's SQL column names, `"id"[, "id__id"]` (", " before
 * each when @comma). */
void vinv_codec_append_names (GString *sql, const VinvColumn *column, gboolean comma);

/* Binds @cell of @column to parameters *@param, *@param + 1, ... and
 * advances *@param past them. */
void vinv_codec_bind (VinvSqlStmt *stmt, guint *param, const VinvColumn *column,
                      const VinvCell *cell);

/* Reads the value of column @col of @table's row @row from result columns
 * *@rcol, ... of @stmt's current row, sets the cell, and advances *@rcol.
 * Returns FALSE with a message (G_IO_ERROR_INVALID_DATA) if the stored
 * value is not a valid value of that kind. */
gboolean vinv_codec_read (VinvSqlStmt *stmt, guint *rcol, VinvTable *table, guint row,
                          guint col, GError **error);

/* The JSON text of a list's items (see above).  Owned by caller. */
char *vinv_codec_list_to_json (const VinvItem *items, guint n);

/* Parses @json as a list.  On success returns the items (texts and ids
 * point into *@storage, which the caller frees with g_free after copying
 * them) and their count; on failure FALSE with a message saying what is
 * wrong at which byte. */
gboolean vinv_codec_list_from_json (const char *json, VinvItem **items, guint *n,
                                    char **storage, GError **error);

G_END_DECLS
