/* sql-private.h — what sql.c (dispatch and SQLite) and sql-pg.c (libpq)
 * share: a connection and a statement are a table of functions plus the
 * engine's own state, which each engine file defines for itself.
 */
#pragma once

#include "sql.h"

typedef struct {
    void (*close) (VinvSql *db);
    gboolean (*exec) (VinvSql *db, const char *sql, GError **error);
    VinvSqlStmt *(*prepare) (VinvSql *db, const char *sql, GError **error);
    void (*stmt_free) (VinvSqlStmt *stmt);
    void (*bind) (VinvSqlStmt *stmt, guint i, VinvSqlType type, gint64 i64, double d,
                  const char *text);
    VinvSqlStep (*step) (VinvSqlStmt *stmt, GError **error);
    void (*reset) (VinvSqlStmt *stmt);
    guint (*column_count) (VinvSqlStmt *stmt);
    VinvSqlType (*column_type) (VinvSqlStmt *stmt, guint col);
    gint64 (*column_int) (VinvSqlStmt *stmt, guint col);
    double (*column_double) (VinvSqlStmt *stmt, guint col);
    const char *(*column_text) (VinvSqlStmt *stmt, guint col);
} VinvSqlEngine;

/* The head of every connection and statement. */
struct _VinvSql {
    const VinvSqlEngine *engine;
    gboolean is_pg;
};

struct _VinvSqlStmt {
    const VinvSqlEngine *engine;
};

/* sql-pg.c: connects, or fails with VINV_SQL_ERROR_OPEN. */
VinvSql *vinv_sql_pg_open (const char *conninfo, GError **error);
