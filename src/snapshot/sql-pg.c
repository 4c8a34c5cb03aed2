/* sql-pg.c — the PostgreSQL engine of sql.h (the only file that calls
 * libpq), for a history database shared by several machines.
 *
 * Statements are prepared on the server; parameters travel as text (numbers
 * in a form that reads back exactly) and results come back as text, which
 * the column readers convert by the column's type.  A step runs the whole
 * statement and then walks its result rows.  Server notices are dropped:
 * messages reach the user only through GErrors, first line only.
 */
#include "sql-private.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    VinvSql head;
    PGconn *conn;
    guint n_prepared;          /* names statements "vinv_N" */
} Pg;

typedef struct {
    VinvSqlStmt head;
    Pg *pg;
    char *name;
    int n_params;
    char **params;             /* n_params values as text, NULL for SQL NULL */
    PGresult *result;          /* of the current run, or NULL */
    int row;                   /* current row of @result */
} PgStmt;

static const VinvSqlEngine pg_engine;

/* The first line of libpq's message for @conn. */
static char *
first_line (const char *message)
{
    const char *text = message != NULL && message[0] != '\0' ? message : "unknown error";
    return g_strndup (text, strcspn (text, "\n"));
}

static void
pg_set_error (Pg *pg, PGresult *result, GError **error)
{
    const char *message = result != NULL ? PQresultErrorMessage (result) : NULL;
    g_autofree char *line = first_line (message != NULL && message[0] != '\0'
                                        ? message : PQerrorMessage (pg->conn));
    const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
    VinvSqlErrorCode code = VINV_SQL_ERROR_FAILED;

    /* 40001 serialization failure, 40P01 deadlock, 55P03 lock not available */
    if (state != NULL && (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0
                          || strcmp (state, "55P03") == 0))
        code = VINV_SQL_ERROR_BUSY;
    if (PQstatus (pg->conn) != CONNECTION_OK)
        code = VINV_SQL_ERROR_OPEN;
    g_set_error_literal (error, VINV_SQL_ERROR, code, line);
}

static void
ignore_notice (void *arg, const char *message)
{
}

VinvSql *
vinv_sql_pg_open (const char *conninfo, GError **error)
{
    PGconn *conn = PQconnectdb (conninfo);

    if (conn == NULL || PQstatus (conn) != CONNECTION_OK) {
        g_autofree char *line = first_line (conn != NULL ? PQerrorMessage (conn) : NULL);
        g_set_error (error, VINV_SQL_ERROR, VINV_SQL_ERROR_OPEN, "%s", line);
        PQfinish (conn);
        return NULL;
    }
    PQsetNoticeProcessor (conn, ignore_notice, NULL);

    Pg *self = g_new0 (Pg, 1);
    self->head.engine = &pg_engine;
    self->head.is_pg = TRUE;
    self->conn = conn;
    return &self->head;
}

static void
pg_close (VinvSql *db)
{
    Pg *self = (Pg *) db;

    PQfinish (self->conn);
    g_free (self);
}

static gboolean
result_ok (PGresult *result)
{
    ExecStatusType status = PQresultStatus (result);
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
}

static gboolean
pg_exec (VinvSql *db, const char *sql, GError **error)
{
    Pg *self = (Pg *) db;
    PGresult *result = PQexec (self->conn, sql);
    gboolean ok = result_ok (result);

    if (!ok)
        pg_set_error (self, result, error);
    PQclear (result);
    return ok;
}

static VinvSqlStmt *
pg_prepare (VinvSql *db, const char *sql, GError **error)
{
    Pg *self = (Pg *) db;
    g_autofree char *name = g_strdup_printf ("vinv_%u", ++self->n_prepared);
    PGresult *result = PQprepare (self->conn, name, sql, 0, NULL);

    if (!result_ok (result)) {
        pg_set_error (self, result, error);
        PQclear (result);
        return NULL;
    }
    PQclear (result);
    result = PQdescribePrepared (self->conn, name);
    if (!result_ok (result)) {
        pg_set_error (self, result, error);
        PQclear (result);
        return NULL;
    }

    PgStmt *s = g_new0 (PgStmt, 1);
    s->head.engine = &pg_engine;
    s->pg = self;
    s->name = g_steal_pointer (&name);
    s->n_params = PQnparams (result);
    s->params = g_new0 (char *, s->n_params + 1);
    PQclear (result);
    return &s->head;
}

static void
pg_reset (VinvSqlStmt *stmt)
{
    PgStmt *s = (PgStmt *) stmt;

    g_clear_pointer (&s->result, PQclear);
    s->row = -1;
}

static void
pg_stmt_free (VinvSqlStmt *stmt)
{
    PgStmt *s = (PgStmt *) stmt;
    g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", s->name);

    pg_reset (stmt);
    PQclear (PQexec (s->pg->conn, sql));
    for (int i = 0; i < s->n_params; i++)
        g_free (s->params[i]);
    g_free (s->params);
    g_free (s->name);
    g_free (s);
}

static void
pg_bind (VinvSqlStmt *stmt, guint i, VinvSqlType type, gint64 i64, double d, const char *text)
{
    PgStmt *s = (PgStmt *) stmt;
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    g_return_if_fail (i >= 1 && (int) i <= s->n_params);
    g_clear_pointer (&s->params[i - 1], g_free);
    switch (type) {
    case VINV_SQL_NULL:
        break;
    case VINV_SQL_INT:
        s->params[i - 1] = g_strdup_printf ("%" G_GINT64_FORMAT, i64);
        break;
    case VINV_SQL_DOUBLE:
        if (isnan (d))
            s->params[i - 1] = g_strdup ("NaN");
        else if (isinf (d))
            s->params[i - 1] = g_strdup (d > 0 ? "Infinity" : "-Infinity");
        else
            s->params[i - 1] = g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
        break;
    case VINV_SQL_TEXT:
        /* PostgreSQL text must be valid UTF-8: invalid bytes become U+FFFD
         * (history.c compares with this in mind) */
        s->params[i - 1] = g_utf8_validate (text, -1, NULL) ? g_strdup (text)
                                                            : g_utf8_make_valid (text, -1);
        break;
    }
}

static VinvSqlStep
pg_step (VinvSqlStmt *stmt, GError **error)
{
    PgStmt *s = (PgStmt *) stmt;

    if (s->result == NULL) {
        s->result = PQexecPrepared (s->pg->conn, s->name, s->n_params,
                                    (const char *const *) s->params, NULL, NULL, 0);
        s->row = -1;
        if (!result_ok (s->result)) {
            pg_set_error (s->pg, s->result, error);
            pg_reset (stmt);
            return VINV_SQL_STEP_ERROR;
        }
    }
    if (s->row + 1 < PQntuples (s->result)) {
        s->row++;
        return VINV_SQL_STEP_ROW;
    }
    return VINV_SQL_STEP_DONE;
}

static guint
pg_column_count (VinvSqlStmt *stmt)
{
    PgStmt *s = (PgStmt *) stmt;
    return s->result != NULL ? (guint) PQnfields (s->result) : 0;
}

/* Type OIDs of pg_type.h (stable across releases). */
enum { OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_FLOAT4 = 700, OID_FLOAT8 = 701,
       OID_NUMERIC = 1700 };

static VinvSqlType
pg_column_type (VinvSqlStmt *stmt, guint col)
{
    PgStmt *s = (PgStmt *) stmt;

    if (PQgetisnull (s->result, s->row, (int) col))
        return VINV_SQL_NULL;
    switch (PQftype (s->result, (int) col)) {
    case OID_INT8:
    case OID_INT2:
    case OID_INT4:
        return VINV_SQL_INT;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
        return VINV_SQL_DOUBLE;
    default:
        return VINV_SQL_TEXT;
    }
}

static const char *
pg_column_text (VinvSqlStmt *stmt, guint col)
{
    PgStmt *s = (PgStmt *) stmt;

    if (PQgetisnull (s->result, s->row, (int) col))
        return NULL;
    return PQgetvalue (s->result, s->row, (int) col);
}

static gint64
pg_column_int (VinvSqlStmt *stmt, guint col)
{
    const char *text = pg_column_text (stmt, col);
    return text != NULL ? g_ascii_strtoll (text, NULL, 10) : 0;
}

static double
pg_column_double (VinvSqlStmt *stmt, guint col)
{
    const char *text = pg_column_text (stmt, col);

    if (text == NULL)
        return 0;
    if (g_ascii_strcasecmp (text, "NaN") == 0)
        return NAN;
    if (g_ascii_strcasecmp (text, "Infinity") == 0)
        return INFINITY;
    if (g_ascii_strcasecmp (text, "-Infinity") == 0)
        return -INFINITY;
    return g_ascii_strtod (text, NULL);
}

static const VinvSqlEngine pg_engine = {
    .close = pg_close,
    .exec = pg_exec,
    .prepare = pg_prepare,
    .stmt_free = pg_stmt_free,
    .bind = pg_bind,
    .step = pg_step,
    .reset = pg_reset,
    .column_count = pg_column_count,
    .column_type = pg_column_type,
    .column_int = pg_column_int,
    .column_double = pg_column_double,
    .column_text = pg_column_text,
};
