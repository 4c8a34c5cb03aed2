/* history-private.h — what history.c (opening, recording, loading) and
 * history-report.c (`history list`, `history show`) share.  Not for front
 * ends.
 */
#pragma once

#include "snapshot-private.h"

G_BEGIN_DECLS

/* An open history database.  @name is for messages and never holds a
 * password. */
typedef struct {
    VinvSql *db;
    char *name;                  /* the database for messages (no password) */
} History;

void vinv_history_db_free (History *h);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, vinv_history_db_free)

/* Opens @db (a path or a postgresql:// URI), creating the schema when
 * @create; NULL with a one-line @error naming the database. */
History *vinv_history_db_open (const char *db, gboolean create, GError **error);

/* Sets @error from the database error @local (which it frees); FALSE. */
gboolean vinv_history_db_error (History *h, GError **error, GError *local);

/* The recorded columns of @schema that this database has, in schema order;
 * NULL with @error. */
GArray *vinv_history_recorded_columns (History *h, const VinvSchema *schema, GError **error);

/* Reads versions of @schema's table chosen by @where (SQL after WHERE, $1
 * bound to @bind1 and $2 to @bind2 when set) into @table in pos order;
 * @extra (if not NULL) receives per row pos, first_record and until_record
 * (-1 for NULL) as three gint64. */
gboolean vinv_history_read_versions (History *h, const VinvSchema *schema, const char *where,
                                     const char *bind1, gint64 bind2, VinvTable *table,
                                     GArray *extra, GError **error);

G_END_DECLS
