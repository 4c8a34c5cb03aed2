/* sql.c — the SQL interface of sql.h: dispatch to the engine, and the
 * SQLite engine itself (the only file that calls SQLite).  The PostgreSQL
 * engine is in sql-pg.c.
 */
#include "sql-private.h"

#include <sqlite3.h>
#include <string.h>

G_DEFINE_QUARK (vinv-sql-error-quark, vinv_sql_error)

/* --- dispatch --- */

void
vinv_sql_close (VinvSql *db)
{
    if (db != NULL)
        db->engine->close (db);
}

gboolean
vinv_sql_is_pg (const VinvSql *db)
{
    return db->is_pg;
}

gboolean
vinv_sql_exec (VinvSql *db, const char *sql, GError **error)
{
    return db->engine->exec (db, sql, error);
}

VinvSqlStmt *
vinv_sql_prepare (VinvSql *db, const char *sql, GError **error)
{
    return db->engine->prepare (db, sql, error);
}

void
vinv_sql_stmt_free (VinvSqlStmt *stmt)
{
    if (stmt != NULL)
        stmt->engine->stmt_free (stmt);
}

void
vinv_sql_bind_null (VinvSqlStmt *stmt, guint i)
{
    stmt->engine->bind (stmt, i, VINV_SQL_NULL, 0, 0, NULL);
}

void
vinv_sql_bind_int (VinvSqlStmt *stmt, guint i, gint64 value)
{
    stmt->engine->bind (stmt, i, VINV_SQL_INT, value, 0, NULL);
}

void
vinv_sql_bind_double (VinvSqlStmt *stmt, guint i, double value)
{
    stmt->engine->bind (stmt, i, VINV_SQL_DOUBLE, 0, value, NULL);
}

void
vinv_sql_bind_text (VinvSqlStmt *stmt, guint i, const char *value)
{
    stmt->engine->bind (stmt, i, value != NULL ? VINV_SQL_TEXT : VINV_SQL_NULL, 0, 0, value);
}

VinvSqlStep
vinv_sql_step (VinvSqlStmt *stmt, GError **error)
{
    return stmt->engine->step (stmt, error);
}

void
vinv_sql_reset (VinvSqlStmt *stmt)
{
    stmt->engine->reset (stmt);
}

guint
vinv_sql_column_count (VinvSqlStmt *stmt)
{
    return stmt->engine->column_count (stmt);
}

VinvSqlType
vinv_sql_column_type (VinvSqlStmt *stmt, guint col)
{
    return stmt->engine->column_type (stmt, col);
}

gint64
vinv_sql_column_int (VinvSqlStmt *stmt, guint col)
{
    return stmt->engine->column_int (stmt, col);
}

double
vinv_sql_column_double (VinvSqlStmt *stmt, guint col)
{
    return stmt->engine->column_double (stmt, col);
}

const char *
vinv_sql_column_text (VinvSqlStmt *stmt, guint col)
{
    return stmt->engine->column_text (stmt, col);
}

char *
vinv_sql_query_text (VinvSql *db, const char *sql, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db, sql, error);
    VinvSqlStep step;

    if (stmt == NULL)
        return NULL;
    step = vinv_sql_step (stmt, error);
    if (step != VINV_SQL_STEP_ROW || vinv_sql_column_type (stmt, 0) == VINV_SQL_NULL)
        return NULL;
    return g_strdup (vinv_sql_column_text (stmt, 0));
}

char *
vinv_sql_quote_ident (const char *name)
{
    GString *out = g_string_new ("\"");

    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '"')
            g_string_append_c (out, '"');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
    return g_string_free (out, FALSE);
}

VinvSql *
vinv_sql_open_pg (const char *conninfo, GError **error)
{
    return vinv_sql_pg_open (conninfo, error);
}

/* --- SQLite --- */

typedef struct {
    VinvSql head;
    sqlite3 *db;
} Lite;

typedef struct {
    VinvSqlStmt head;
    Lite *lite;
    sqlite3_stmt *stmt;
} LiteStmt;

static const VinvSqlEngine lite_engine;

/* Sets @error from SQLite result code @rc and the connection's message. */
static void
lite_set_error (sqlite3 *db, int rc, GError **error)
{
    VinvSqlErrorCode code;
    const char *message = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

    switch (rc & 0xff) {
    case SQLITE_NOTADB:
        code = VINV_SQL_ERROR_NOT_DB;
        break;
    case SQLITE_CORRUPT:
    case SQLITE_IOERR:
    case SQLITE_FORMAT:
        code = VINV_SQL_ERROR_CORRUPT;
        break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        code = VINV_SQL_ERROR_BUSY;
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
        code = VINV_SQL_ERROR_OPEN;
        break;
    default:
        code = VINV_SQL_ERROR_FAILED;
        break;
    }
    g_set_error_literal (error, VINV_SQL_ERROR, code, message);
}

VinvSql *
vinv_sql_open_sqlite (const char *path, gboolean read_only, gboolean create, GError **error)
{
    int flags = read_only ? SQLITE_OPEN_READONLY
              : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2 (path, &db, flags | SQLITE_OPEN_NOFOLLOW, NULL);

    if (rc != SQLITE_OK) {
        lite_set_error (db, rc, error);
        sqlite3_close (db);
        return NULL;
    }
    sqlite3_extended_result_codes (db, 0);
    sqlite3_busy_timeout (db, 10000);
    /* A hostile file must not make us run forever or use unbounded memory
     * on its account: bound what one value and one statement may be. */
    sqlite3_limit (db, SQLITE_LIMIT_LENGTH, 256 * 1024 * 1024);
    sqlite3_limit (db, SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024);
    sqlite3_limit (db, SQLITE_LIMIT_COLUMN, 2000);
    sqlite3_limit (db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
    sqlite3_db_config (db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);

    Lite *self = g_new0 (Lite, 1);
    self->head.engine = &lite_engine;
    self->db = db;
    return &self->head;
}

static void
lite_close (VinvSql *db)
{
    Lite *self = (Lite *) db;

    sqlite3_close (self->db);
    g_free (self);
}

static gboolean
lite_exec (VinvSql *db, const char *sql, GError **error)
{
    Lite *self = (Lite *) db;
    int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

    if (rc == SQLITE_OK)
        return TRUE;
    lite_set_error (self->db, rc, error);
    return FALSE;
}

static VinvSqlStmt *
lite_prepare (VinvSql *db, const char *sql, GError **error)
{
    Lite *self = (Lite *) db;
    sqlite3_stmt *stmt = NULL;
    int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

    if (rc != SQLITE_OK) {
        lite_set_error (self->db, rc, error);
        return NULL;
    }
    LiteStmt *s = g_new0 (LiteStmt, 1);
    s->head.engine = &lite_engine;
    s->lite = self;
    s->stmt = stmt;
    return &s->head;
}

static void
lite_stmt_free (VinvSqlStmt *stmt)
{
    LiteStmt *s = (LiteStmt *) stmt;

    sqlite3_finalize (s->stmt);
    g_free (s);
}

static void
lite_bind (VinvSqlStmt *stmt, guint i, VinvSqlType type, gint64 i64, double d, const char *text)
{
    LiteStmt *s = (LiteStmt *) stmt;

    switch (type) {
    case VINV_SQL_NULL:
        sqlite3_bind_null (s->stmt, (int) i);
        break;
    case VINV_SQL_INT:
        sqlite3_bind_int64 (s->stmt, (int) i, i64);
        break;
    case VINV_SQL_DOUBLE:
        sqlite3_bind_double (s->stmt, (int) i, d);
        break;
    case VINV_SQL_TEXT:
        sqlite3_bind_text (s->stmt, (int) i, text, -1, SQLITE_TRANSIENT);
        break;
    }
}

static VinvSqlStep
lite_step (VinvSqlStmt *stmt, GError **error)
{
    LiteStmt *s = (LiteStmt *) stmt;
    int rc = sqlite3_step (s->stmt);

    if (rc == SQLITE_ROW)
        return VINV_SQL_STEP_ROW;
    if (rc == SQLITE_DONE)
        return VINV_SQL_STEP_DONE;
    lite_set_error (s->lite->db, rc, error);
    return VINV_SQL_STEP_ERROR;
}

static void
lite_reset (VinvSqlStmt *stmt)
{
    sqlite3_reset (((LiteStmt *) stmt)->stmt);
}

static guint
lite_column_count (VinvSqlStmt *stmt)
{
    return (guint) sqlite3_column_count (((LiteStmt *) stmt)->stmt);
}

static VinvSqlType
lite_column_type (VinvSqlStmt *stmt, guint col)
{
    switch (sqlite3_column_type (((LiteStmt *) stmt)->stmt, (int) col)) {
    case SQLITE_INTEGER:
        return VINV_SQL_INT;
    case SQLITE_FLOAT:
        return VINV_SQL_DOUBLE;
    case SQLITE_NULL:
        return VINV_SQL_NULL;
    default:
        return VINV_SQL_TEXT;  /* TEXT, and BLOB read as bytes */
    }
}

static gint64
lite_column_int (VinvSqlStmt *stmt, guint col)
{
    return sqlite3_column_int64 (((LiteStmt *) stmt)->stmt, (int) col);
}

static double
lite_column_double (VinvSqlStmt *stmt, guint col)
{
    return sqlite3_column_double (((LiteStmt *) stmt)->stmt, (int) col);
}

static const char *
lite_column_text (VinvSqlStmt *stmt, guint col)
{
    return (const char *) sqlite3_column_text (((LiteStmt *) stmt)->stmt, (int) col);
}

static const VinvSqlEngine lite_engine = {
    .close = lite_close,
    .exec = lite_exec,
    .prepare = lite_prepare,
    .stmt_free = lite_stmt_free,
    .bind = lite_bind,
    .step = lite_step,
    .reset = lite_reset,
    .column_count = lite_column_count,
    .column_type = lite_column_type,
    .column_int = lite_column_int,
    .column_double = lite_column_double,
    .column_text = lite_column_text,
};
