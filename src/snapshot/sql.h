/* sql.h — the small SQL interface the saved-inventory back-end needs, over
 * SQLite or PostgreSQL.
 *
 * Saved files are SQLite; a history database is SQLite or PostgreSQL
 * (libpq).  Everything above this file speaks one dialect: statements use
 * $1, $2, ... placeholders numbered in the order they first appear (SQLite
 * reads them as named parameters, PostgreSQL natively), and the types
 * TEXT, BIGINT and DOUBLE PRECISION.  The few statements that differ
 * (auto-numbered keys, locking) ask vinv_sql_is_pg().  sql-sqlite.c is the
 * only file that calls SQLite, sql-pg.c the only one that calls libpq.
 *
 * Error contract: every function that can fail returns FALSE/NULL/
 * VINV_SQL_ERROR with a GError in VINV_SQL_ERROR whose message is the
 * database's own (callers prefix what they were doing).  A connection and
 * its statements are used from one thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define VINV_SQL_ERROR (vinv_sql_error_quark ())
GQuark vinv_sql_error_quark (void);

typedef enum {
    VINV_SQL_ERROR_OPEN,       /* cannot open or connect */
    VINV_SQL_ERROR_NOT_DB,     /* the file is not a database of this kind */
    VINV_SQL_ERROR_CORRUPT,    /* the database is damaged or truncated */
    VINV_SQL_ERROR_BUSY,       /* locked by another writer */
    VINV_SQL_ERROR_FAILED,     /* any other failure of a statement */
} VinvSqlErrorCode;

typedef enum {
    VINV_SQL_NULL,
    VINV_SQL_INT,
    VINV_SQL_DOUBLE,
    VINV_SQL_TEXT,
} VinvSqlType;

typedef enum {
    VINV_SQL_STEP_ERROR,
    VINV_SQL_STEP_ROW,         /* a result row is available */
    VINV_SQL_STEP_DONE,        /* no (more) rows */
} VinvSqlStep;

typedef struct _VinvSql VinvSql;
typedef struct _VinvSqlStmt VinvSqlStmt;

/* Opens the SQLite file @path: read-only (the file must exist; it is never
 * written, not even a journal), or read-write, creating it if @create.
 * Fails with VINV_SQL_ERROR_NOT_DB if the file exists but is not SQLite. */
VinvSql *vinv_sql_open_sqlite (const char *path, gboolean read_only, gboolean create,
                               GError **error);

/* Connects to PostgreSQL with @conninfo (a postgresql:// URI or key=value
 * string; the password comes from the URI, PGPASSWORD or ~/.pgpass and is
 * never repeated in messages).  NULL with VINV_SQL_ERROR_OPEN if this build
 * has no libpq or the server refuses. */
VinvSql *vinv_sql_open_pg (const char *conninfo, GError **error);

/* Closes @db (NULL is fine).  Statements must have been freed. */
void vinv_sql_close (VinvSql *db);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvSql, vinv_sql_close)

gboolean vinv_sql_is_pg (const VinvSql *db);

/* Runs @sql, one or more statements without parameters, discarding rows. */
gboolean vinv_sql_exec (VinvSql *db, const char *sql, GError **error);

/* Prepares one statement.  Parameters are unbound (NULL) until bound. */
VinvSqlStmt *vinv_sql_prepare (VinvSql *db, const char *sql, GError **error);
void vinv_sql_stmt_free (VinvSqlStmt *stmt);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvSqlStmt, vinv_sql_stmt_free)

/* Binds parameter @i (1-based).  Text is copied. */
void vinv_sql_bind_null (VinvSqlStmt *stmt, guint i);
void vinv_sql_bind_int (VinvSqlStmt *stmt, guint i, gint64 value);
void vinv_sql_bind_double (VinvSqlStmt *stmt, guint i, double value);
void vinv_sql_bind_text (VinvSqlStmt *stmt, guint i, const char *value);

/* Runs the statement (first call) or moves to its next row. */
VinvSqlStep vinv_sql_step (VinvSqlStmt *stmt, GError **error);

/* Ends the current run so the statement can be stepped again; bindings are
 * kept. */
void vinv_sql_reset (VinvSqlStmt *stmt);

/* Columns of the current row, 0-based.  Text is borrowed until the next
 * step or reset.  Reading a column of another type converts as SQL does. */
guint vinv_sql_column_count (VinvSqlStmt *stmt);
VinvSqlType vinv_sql_column_type (VinvSqlStmt *stmt, guint col);
gint64 vinv_sql_column_int (VinvSqlStmt *stmt, guint col);
double vinv_sql_column_double (VinvSqlStmt *stmt, guint col);
const char *vinv_sql_column_text (VinvSqlStmt *stmt, guint col);

/* Runs @sql with no parameters and returns the first column of its first
 * row as text (NULL if no row or SQL NULL, with @error unset).  Owned by
 * caller. */
char *vinv_sql_query_text (VinvSql *db, const char *sql, GError **error);

/* @name quoted as an SQL identifier ("vms", "a""b").  Owned by caller. */
char *vinv_sql_quote_ident (const char *name);

G_END_DECLS
