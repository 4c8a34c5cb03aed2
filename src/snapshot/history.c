/* history.c — a history database: many records of the same sources, each
 * row stored once per version (format in docs/snapshot-format.md).
 *
 * A record is one `record` run: its sources, and per source the tables it
 * had.  The rows of table T live in the SQL table T, one line per version:
 * (source, id, first_record, until_record, pos, values...).  A version is
 * the row as it was in the records of its source from first_record up to,
 * not including, until_record (NULL: still current).  Recording a source
 * compares each row with its current version and stores a new version only
 * when a recorded value or its place in the table changed, so a history
 * grows by the changes, not by the size of the inventory.
 *
 * Row order: `pos` keeps each row's place with gaps between neighbours.
 * A new record keeps the positions of the longest run of rows that are
 * still in the same relative order and gives the others positions in the
 * gaps, so an inserted row costs one version, not a renumbering.
 *
 * Statistics columns are not recorded (they change on every load and
 * would make every row a new version); opened records show them empty.
 *
 * Works on SQLite (a path) and PostgreSQL (a postgresql:// URI) through
 * sql.h; writers are serialised (BEGIN IMMEDIATE, or an advisory lock).
 */
#include "history-private.h"

#include <errno.h>
#include <math.h>
#include <glib/gstdio.h>
#include <string.h>
#include "vinv-config.h"
#include "codec.h"
#include "core/diff.h"

#define POS_GAP ((gint64) 1 << 20)


void
vinv_history_db_free (History *h)
{
    if (h == NULL)
        return;
    vinv_sql_close (h->db);
    g_free (h->name);
    g_free (h);
}

static gboolean
is_pg_uri (const char *db)
{
    return g_str_has_prefix (db, "postgresql:") || g_str_has_prefix (db, "postgres:");
}

char *
vinv_history_dup_default_path (void)
{
    return g_build_filename (g_get_user_data_dir (), "virt-inventory", "history.db", NULL);
}

/* The database's name for messages: a path as is, a URI without password. */
static char *
dup_db_name (const char *db)
{
    g_autoptr (GUri) uri = NULL;

    if (!is_pg_uri (db))
        return g_strdup (db);
    uri = g_uri_parse (db, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
    return uri != NULL ? g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD)
                       : g_strdup ("postgresql://…");
}

gboolean
vinv_history_db_error (History *h, GError **error, GError *local)
{
    vinv_snapshot_set_db_error (error, h->name, local);
    g_error_free (local);
    return FALSE;
}

/* --- schema --- */

static char *
schema_sql (gboolean pg)
{
    GString *sql = g_string_new (NULL);

    g_string_append_printf (sql,
        "CREATE TABLE vinv_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
        "CREATE TABLE vinv_records (record %s PRIMARY KEY%s, taken_at BIGINT NOT NULL,\n"
        "    taken_by TEXT, program TEXT);\n"
        "CREATE TABLE vinv_record_sources (record BIGINT NOT NULL, position BIGINT NOT NULL,\n"
        "    name TEXT NOT NULL, uri TEXT, backend TEXT, error TEXT,\n"
        "    PRIMARY KEY (record, name));\n"
        "CREATE TABLE vinv_record_tables (record BIGINT NOT NULL, source TEXT NOT NULL,\n"
        "    table_id TEXT NOT NULL, n_rows BIGINT NOT NULL, n_added BIGINT NOT NULL,\n"
        "    n_removed BIGINT NOT NULL, error TEXT, PRIMARY KEY (record, source, table_id));\n"
        "CREATE TABLE vinv_columns (table_id TEXT NOT NULL, position BIGINT NOT NULL,\n"
        "    id TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT,\n"
        "    target TEXT, PRIMARY KEY (table_id, id));\n",
        pg ? "BIGSERIAL" : "INTEGER", pg ? "" : " AUTOINCREMENT");
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *schema = vinv_schema_get (k);
        g_autofree char *name = vinv_sql_quote_ident (schema->id);
        g_autofree char *current = g_strdup_printf ("\"%s_current\"", schema->id);
        g_autofree char *entity = g_strdup_printf ("\"%s_entity\"", schema->id);
        g_string_append_printf (sql,
            "CREATE TABLE %s (source TEXT NOT NULL, id TEXT NOT NULL,\n"
            "    first_record BIGINT NOT NULL, until_record BIGINT, pos BIGINT NOT NULL,\n"
            "    hash BIGINT NOT NULL", name);
        for (guint c = VINV_COLUMN_ID + 1; c < schema->n_columns; c++) {
            if (!vinv_column_is_statistic (schema, c))
                vinv_codec_append_defs (sql, &schema->columns[c], TRUE);
        }
        g_string_append_printf (sql, ");\n"
            "CREATE INDEX %s ON %s (source, until_record);\n"
            "CREATE INDEX %s ON %s (id);\n", current, name, entity, name);
    }
    return g_string_free (sql, FALSE);
}

static gboolean
insert_columns (VinvSql *db, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "INSERT INTO vinv_columns (table_id, position, id, title, kind, unit, target) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);

    if (stmt == NULL)
        return FALSE;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *schema = vinv_schema_get (k);
        for (guint c = 0; c < schema->n_columns; c++) {
            const VinvColumn *column = &schema->columns[c];
            if (vinv_column_is_statistic (schema, c))
                continue;
            vinv_sql_bind_text (stmt, 1, schema->id);
            vinv_sql_bind_int (stmt, 2, c);
            vinv_sql_bind_text (stmt, 3, column->id);
            vinv_sql_bind_text (stmt, 4, column->title);
            vinv_sql_bind_text (stmt, 5, vinv_cell_kind_name (column->kind));
            vinv_sql_bind_text (stmt, 6, column->kind == VINV_CELL_QUANTITY
                                         && column->unit != NULL ? column->unit->name : NULL);
            vinv_sql_bind_text (stmt, 7, column->target);
            gboolean ok = vinv_sql_step (stmt, error) != VINV_SQL_STEP_ERROR;
            vinv_sql_reset (stmt);
            if (!ok)
                return FALSE;
        }
    }
    return TRUE;
}

/* Creates the schema in an empty database (inside the caller's
 * transaction). */
static gboolean
create_schema (VinvSql *db, GError **error)
{
    g_autofree char *sql = schema_sql (vinv_sql_is_pg (db));
    g_autofree char *meta = g_strdup_printf (
        "INSERT INTO vinv_meta (key, value) VALUES ('format', '%s'), "
        "('format_version', '%d'), ('program', 'virt-inventory %s')",
        VINV_HISTORY_FORMAT_NAME, VINV_HISTORY_FORMAT_VERSION, VINV_VERSION);

    if (!vinv_sql_is_pg (db)) {
        g_autofree char *pragmas = g_strdup_printf (
            "PRAGMA application_id = %d; PRAGMA user_version = %d;",
            VINV_SNAPSHOT_APPLICATION_ID, VINV_HISTORY_FORMAT_VERSION);
        if (!vinv_sql_exec (db, pragmas, error))
            return FALSE;
    }
    return vinv_sql_exec (db, sql, error) && vinv_sql_exec (db, meta, error)
        && insert_columns (db, error);
}

/* Checks the format of a PostgreSQL history; *@empty tells whether it has
 * no history yet. */
static gboolean
check_pg (History *h, gboolean *empty, GError **error)
{
    GError *local = NULL;
    g_autofree char *exists = vinv_sql_query_text (h->db,
        "SELECT to_regclass('vinv_meta')::text", &local);
    g_autofree char *format = NULL;
    g_autofree char *version = NULL;

    if (local != NULL)
        return vinv_history_db_error (h, error, local);
    *empty = exists == NULL;
    if (*empty)
        return TRUE;
    format = vinv_sql_query_text (h->db, "SELECT value FROM vinv_meta WHERE key = 'format'",
                                  &local);
    if (local == NULL)
        version = vinv_sql_query_text (h->db,
            "SELECT value FROM vinv_meta WHERE key = 'format_version'", &local);
    if (local != NULL)
        return vinv_history_db_error (h, error, local);
    if (g_strcmp0 (format, VINV_HISTORY_FORMAT_NAME) != 0) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN,
                     "%s holds a vinv_meta table, but not of a virt-inventory history", h->name);
        return FALSE;
    }
    if (version == NULL || g_ascii_strtoll (version, NULL, 10) > VINV_HISTORY_FORMAT_VERSION) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NEWER,
                     "%s was written by a newer virt-inventory (format %s; this version "
                     "reads up to format %d)", h->name, version != NULL ? version : "?",
                     VINV_HISTORY_FORMAT_VERSION);
        return FALSE;
    }
    return TRUE;
}

/* Opens the history @db.  For writing (@create), a missing SQLite file is
 * created with its folder, and an empty database gets the schema; for
 * reading, a missing or empty history is an error. */
History *
vinv_history_db_open (const char *db, gboolean create, GError **error)
{
    g_autoptr (History) h = g_new0 (History, 1);
    GError *local = NULL;

    h->name = dup_db_name (db);
    if (is_pg_uri (db)) {
        gboolean empty = FALSE;
        h->db = vinv_sql_open_pg (db, &local);
        if (h->db == NULL) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                         "cannot connect to %s: %s", h->name, local->message);
            g_error_free (local);
            return NULL;
        }
        if (!check_pg (h, &empty, error))
            return NULL;
        if (empty && !create) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD,
                         "%s holds no history yet (use 'record' first)", h->name);
            return NULL;
        }
        if (empty) {
            /* serialised with other first recorders by the same lock */
            if (!vinv_sql_exec (h->db, "BEGIN; SELECT pg_advisory_xact_lock(1447644758)",
                                &local))
                return vinv_history_db_error (h, error, local), NULL;
            if (!check_pg (h, &empty, error))
                return NULL;
            if (empty && !create_schema (h->db, &local)) {
                vinv_sql_exec (h->db, "ROLLBACK", NULL);
                return vinv_history_db_error (h, error, local), NULL;
            }
            if (!vinv_sql_exec (h->db, "COMMIT", &local))
                return vinv_history_db_error (h, error, local), NULL;
        }
        return g_steal_pointer (&h);
    }

    if (create && !g_file_test (db, G_FILE_TEST_EXISTS)) {
        g_autofree char *dir = g_path_get_dirname (db);
        if (g_mkdir_with_parents (dir, 0700) != 0) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                         "cannot create the folder of %s: %s", h->name, g_strerror (errno));
            return NULL;
        }
        h->db = vinv_sql_open_sqlite (db, FALSE, TRUE, &local);
        if (h->db == NULL)
            return vinv_history_db_error (h, error, local), NULL;
        if (!vinv_sql_exec (h->db, "BEGIN IMMEDIATE", &local))
            return vinv_history_db_error (h, error, local), NULL;
        if (!create_schema (h->db, &local) || !vinv_sql_exec (h->db, "COMMIT", &local)) {
            vinv_sql_close (g_steal_pointer (&h->db));
            g_unlink (db);
            return vinv_history_db_error (h, error, local), NULL;
        }
        return g_steal_pointer (&h);
    }
    /* An existing file: check it read-only first, so a foreign or damaged
     * file is reported and never written to. */
    h->db = vinv_snapshot_open_checked (db, VINV_HISTORY_FORMAT_NAME,
                                        VINV_HISTORY_FORMAT_VERSION, error);
    if (h->db == NULL)
        return NULL;
    if (create) {
        vinv_sql_close (h->db);
        h->db = vinv_sql_open_sqlite (db, FALSE, FALSE, &local);
        if (h->db == NULL)
            return vinv_history_db_error (h, error, local), NULL;
    }
    return g_steal_pointer (&h);
}

/* --- reading versions --- */

/* The recorded columns of @schema that this database has, in schema order
 * (a database made by an older version may lack newer columns). */
GArray *
vinv_history_recorded_columns (History *h, const VinvSchema *schema, GError **error)
{
    GError *local = NULL;
    g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr (GHashTable) saved = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           g_free);
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (h->db,
        "SELECT id, kind FROM vinv_columns WHERE table_id = $1", &local);
    VinvSqlStep step;

    if (stmt == NULL)
        return vinv_history_db_error (h, error, local), NULL;
    vinv_sql_bind_text (stmt, 1, schema->id);
    while ((step = vinv_sql_step (stmt, &local)) == VINV_SQL_STEP_ROW) {
        const char *id = vinv_sql_column_text (stmt, 0);
        const char *kind = vinv_sql_column_text (stmt, 1);
        if (id != NULL && kind != NULL)
            g_hash_table_insert (saved, g_strdup (id), g_strdup (kind));
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local), NULL;
    for (guint c = VINV_COLUMN_ID + 1; c < schema->n_columns; c++) {
        const char *kind = g_hash_table_lookup (saved, schema->columns[c].id);
        if (!vinv_column_is_statistic (schema, c)
            && g_strcmp0 (kind, vinv_cell_kind_name (schema->columns[c].kind)) == 0)
            g_array_append_val (cols, c);
    }
    return g_steal_pointer (&cols);
}

/* Reads versions of @schema's table chosen by @where (SQL after WHERE,
 * with $1.. bound by @bind_source/@bind_id/@bind_record when not NULL/0)
 * into @table in pos order.  @extra (if not NULL) receives per row the
 * pos, first_record and until_record (-1 for NULL) as three gint64. */
gboolean
vinv_history_read_versions (History *h, const VinvSchema *schema, const char *where, const char *bind1,
               gint64 bind2, VinvTable *table, GArray *extra, GError **error)
{
    GError *local = NULL;
    g_autoptr (GArray) cols = vinv_history_recorded_columns (h, schema, error);
    g_autoptr (GString) sql = g_string_new ("SELECT source, id, pos, first_record, until_record");
    g_autofree char *name = vinv_sql_quote_ident (schema->id);
    VinvSqlStep step;

    if (cols == NULL)
        return FALSE;
    for (guint i = 0; i < cols->len; i++)
        vinv_codec_append_names (sql, &schema->columns[g_array_index (cols, guint, i)], TRUE);
    g_string_append_printf (sql, " FROM %s WHERE %s ORDER BY source, pos, first_record", name,
                            where);
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (h->db, sql->str, &local);
    if (stmt == NULL)
        return vinv_history_db_error (h, error, local);
    vinv_sql_bind_text (stmt, 1, bind1);
    if (bind2 != 0)
        vinv_sql_bind_int (stmt, 2, bind2);
    while ((step = vinv_sql_step (stmt, &local)) == VINV_SQL_STEP_ROW) {
        if (vinv_sql_column_type (stmt, 0) != VINV_SQL_TEXT
            || vinv_sql_column_type (stmt, 1) != VINV_SQL_TEXT
            || vinv_sql_column_type (stmt, 2) != VINV_SQL_INT) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                         "%s is damaged: a row of table '%s' has no source, id or position",
                         h->name, schema->id);
            return FALSE;
        }
        guint row = vinv_table_add_row (table, vinv_sql_column_text (stmt, 0),
                                        vinv_sql_column_text (stmt, 1));
        guint rcol = 5;
        for (guint i = 0; i < cols->len; i++) {
            if (!vinv_codec_read (stmt, &rcol, table, row, g_array_index (cols, guint, i),
                                  &local)) {
                g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                             "%s is damaged: table '%s': %s", h->name, schema->id,
                             local->message);
                g_error_free (local);
                return FALSE;
            }
        }
        if (extra != NULL) {
            gint64 v[3] = {
                vinv_sql_column_int (stmt, 2), vinv_sql_column_int (stmt, 3),
                vinv_sql_column_type (stmt, 4) == VINV_SQL_NULL ? -1
                                                                : vinv_sql_column_int (stmt, 4),
            };
            g_array_append_vals (extra, v, 3);
        }
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local);
    return TRUE;
}

/* --- recording --- */

/* Positions for the rows of the new order: old[i] is the current position
 * of new row i, or G_MININT64 if it had none.  Keeps the positions of a
 * longest strictly increasing run of old positions and fits the others in
 * the gaps; if a gap is too small, renumbers everything.  Fills @pos. */
static void
assign_positions (const gint64 *old, guint n, gint64 *pos)
{
    g_autofree guint *tail = g_new (guint, n + 1);    /* index ending a run of length k+1 */
    g_autofree guint *prev = g_new (guint, n + 1);
    g_autofree gboolean *keep = g_new0 (gboolean, n + 1);
    guint len = 0;

    for (guint i = 0; i < n; i++) {
        if (old[i] == G_MININT64)
            continue;
        guint lo = 0;
        guint hi = len;
        while (lo < hi) {
            guint mid = (lo + hi) / 2;
            if (old[tail[mid]] < old[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        prev[i] = lo > 0 ? tail[lo - 1] : G_MAXUINT;
        tail[lo] = i;
        if (lo == len)
            len++;
    }
    for (guint i = len > 0 ? tail[len - 1] : G_MAXUINT; i != G_MAXUINT; i = prev[i])
        keep[i] = TRUE;

    /* Fill each run of non-kept rows between kept neighbours. */
    guint i = 0;
    while (i < n) {
        if (keep[i]) {
            pos[i] = old[i];
            i++;
            continue;
        }
        guint j = i;
        while (j < n && !keep[j])
            j++;
        guint k = j - i;
        gint64 lo = i > 0 ? pos[i - 1] : (j < n ? old[j] - (gint64) (k + 1) * POS_GAP : 0);
        gint64 hi = j < n ? old[j] : lo + (gint64) (k + 1) * POS_GAP;
        gint64 step = (hi - lo) / (gint64) (k + 1);
        if (step < 1) {
            for (guint r = 0; r < n; r++)
                pos[r] = (gint64) (r + 1) * POS_GAP;
            return;
        }
        for (guint r = 0; r < k; r++)
            pos[i + r] = lo + (gint64) (r + 1) * step;
        i = j;
    }
}

typedef struct {
    History *h;
    gint64 record;               /* the record being written */
} Recorder;

/* FNV-1a, 64 bits, over the recorded values of a row: a new version is
 * stored when this or the row's position differs from the current
 * version's.  (A collision would hide one change: about 1 in 2^64.) */
typedef struct {
    guint64 h;
} Hash;

static void
hash_bytes (Hash *hash, const void *data, gsize len)
{
    const guchar *p = data;
    for (gsize i = 0; i < len; i++) {
        hash->h ^= p[i];
        hash->h *= 0x100000001b3ULL;
    }
}

static void
hash_text (Hash *hash, const char *text)
{
    static const guchar none = 0xff;    /* not a byte of any string */
    if (text == NULL)
        hash_bytes (hash, &none, 1);
    else
        hash_bytes (hash, text, strlen (text) + 1);
}

static gint64
row_hash (const VinvCell *cells, GArray *cols)
{
    Hash hash = { 0xcbf29ce484222325ULL };

    for (guint k = 0; k < cols->len; k++) {
        const VinvCell *cell = &cells[g_array_index (cols, guint, k)];
        guchar kind = (guchar) cell->kind;
        gint64 i = 0;
        hash_bytes (&hash, &kind, 1);
        switch (cell->kind) {
        case VINV_CELL_BOOL:
            i = cell->v.b ? 1 : 0;
            hash_bytes (&hash, &i, sizeof i);
            break;
        case VINV_CELL_INT:
        case VINV_CELL_TIME:
            hash_bytes (&hash, &cell->v.i, sizeof cell->v.i);
            break;
        case VINV_CELL_DOUBLE:
        case VINV_CELL_QUANTITY: {
            double d = isnan (cell->v.d) ? NAN : cell->v.d == 0 ? 0.0 : cell->v.d;
            hash_bytes (&hash, &d, sizeof d);
            break;
        }
        case VINV_CELL_STRING:
            hash_text (&hash, cell->v.s);
            break;
        case VINV_CELL_REF:
            hash_text (&hash, cell->v.ref->text);
            hash_text (&hash, cell->v.ref->id);
            break;
        case VINV_CELL_LIST:
            hash_bytes (&hash, &cell->v.list->n, sizeof cell->v.list->n);
            for (guint n = 0; n < cell->v.list->n; n++) {
                hash_text (&hash, cell->v.list->items[n].text);
                hash_text (&hash, cell->v.list->items[n].id);
            }
            break;
        default:
            break;
        }
    }
    return (gint64) hash.h;
}

/* A current version, while recording. */
typedef struct {
    gint64 pos;
    gint64 hash;
    gboolean kept;        /* the row is still there */
} Current;

static gboolean
run (VinvSqlStmt *stmt, GError **error)
{
    gboolean ok = vinv_sql_step (stmt, error) != VINV_SQL_STEP_ERROR;
    vinv_sql_reset (stmt);
    return ok;
}

/* Records the rows of @source in @table: compares them with the current
 * versions and stores what changed.  Adds to @info. */
static gboolean
record_table (Recorder *rec, const char *source, VinvTable *table, gboolean with_error,
              VinvHistoryRecordInfo *info, GError **error)
{
    History *h = rec->h;
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_autofree char *name = vinv_sql_quote_ident (schema->id);
    g_autoptr (GArray) cols = vinv_history_recorded_columns (h, schema, error);
    g_autoptr (GString) sql = g_string_new (NULL);
    g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr (GHashTable) current = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                            g_free);
    GError *local = NULL;
    VinvSqlStep step;
    guint n_added = 0;
    guint n_removed = 0;
    guint n_rows = 0;
    guint n_duplicates = 0;

    if (cols == NULL)
        return FALSE;

    /* The current versions: id -> position and hash. */
    g_string_printf (sql, "SELECT id, pos, hash FROM %s WHERE source = $1 "
                     "AND until_record IS NULL", name);
    g_autoptr (VinvSqlStmt) select = vinv_sql_prepare (h->db, sql->str, &local);
    if (select == NULL)
        return vinv_history_db_error (h, error, local);
    vinv_sql_bind_text (select, 1, source);
    while ((step = vinv_sql_step (select, &local)) == VINV_SQL_STEP_ROW) {
        Current *c = g_new0 (Current, 1);
        c->pos = vinv_sql_column_int (select, 1);
        c->hash = vinv_sql_column_int (select, 2);
        g_hash_table_insert (current, g_strdup (vinv_sql_column_text (select, 0)), c);
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local);

    /* This source's rows, in table order, first of each id only. */
    g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        if (strcmp (vinv_table_get_row_source (table, r), source) != 0)
            continue;
        if (!g_hash_table_add (seen, (gpointer) vinv_table_get_row_id (table, r))) {
            n_duplicates++;
            continue;
        }
        g_array_append_val (rows, r);
    }
    n_rows = rows->len;

    g_autofree gint64 *old_pos = g_new (gint64, rows->len + 1);
    g_autofree gint64 *new_pos = g_new (gint64, rows->len + 1);
    g_autofree Current **was = g_new0 (Current *, rows->len + 1);
    for (guint i = 0; i < rows->len; i++) {
        guint r = g_array_index (rows, guint, i);
        was[i] = g_hash_table_lookup (current, vinv_table_get_row_id (table, r));
        old_pos[i] = was[i] != NULL ? was[i]->pos : G_MININT64;
    }
    assign_positions (old_pos, rows->len, new_pos);

    g_string_printf (sql, "UPDATE %s SET until_record = $1 WHERE source = $2 AND id = $3 "
                     "AND until_record IS NULL", name);
    g_autoptr (VinvSqlStmt) close_one = vinv_sql_prepare (h->db, sql->str, &local);
    guint n_params = 5;
    g_string_printf (sql, "INSERT INTO %s (source, id, first_record, pos, hash", name);
    for (guint i = 0; i < cols->len; i++) {
        const VinvColumn *column = &schema->columns[g_array_index (cols, guint, i)];
        vinv_codec_append_names (sql, column, TRUE);
        n_params += vinv_codec_n_sql_columns (column);
    }
    g_string_append (sql, ") VALUES ($1");
    for (guint i = 2; i <= n_params; i++)
        g_string_append_printf (sql, ", $%u", i);
    g_string_append (sql, ")");
    g_autoptr (VinvSqlStmt) insert = close_one != NULL
                                   ? vinv_sql_prepare (h->db, sql->str, &local) : NULL;
    if (insert == NULL)
        return vinv_history_db_error (h, error, local);

    for (guint i = 0; i < rows->len; i++) {
        guint r = g_array_index (rows, guint, i);
        const VinvCell *cells = vinv_table_get_row (table, r);
        gint64 hash = row_hash (cells, cols);
        if (was[i] != NULL) {
            was[i]->kept = TRUE;
            if (old_pos[i] == new_pos[i] && was[i]->hash == hash)
                continue;
            vinv_sql_bind_int (close_one, 1, rec->record);
            vinv_sql_bind_text (close_one, 2, source);
            vinv_sql_bind_text (close_one, 3, vinv_table_get_row_id (table, r));
            if (!run (close_one, &local))
                return vinv_history_db_error (h, error, local);
        }
        guint param = 6;
        vinv_sql_bind_text (insert, 1, source);
        vinv_sql_bind_text (insert, 2, vinv_table_get_row_id (table, r));
        vinv_sql_bind_int (insert, 3, rec->record);
        vinv_sql_bind_int (insert, 4, new_pos[i]);
        vinv_sql_bind_int (insert, 5, hash);
        for (guint k = 0; k < cols->len; k++) {
            guint c = g_array_index (cols, guint, k);
            vinv_codec_bind (insert, &param, &schema->columns[c], &cells[c]);
        }
        if (!run (insert, &local))
            return vinv_history_db_error (h, error, local);
        n_added++;
    }
    GHashTableIter iter;
    gpointer key;
    gpointer value;
    g_hash_table_iter_init (&iter, current);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        if (((Current *) value)->kept)
            continue;
        vinv_sql_bind_int (close_one, 1, rec->record);
        vinv_sql_bind_text (close_one, 2, source);
        vinv_sql_bind_text (close_one, 3, key);
        if (!run (close_one, &local))
            return vinv_history_db_error (h, error, local);
        n_removed++;
    }

    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (h->db,
        "INSERT INTO vinv_record_tables (record, source, table_id, n_rows, n_added, n_removed, "
        "error) VALUES ($1, $2, $3, $4, $5, $6, $7)", &local);
    if (stmt == NULL)
        return vinv_history_db_error (h, error, local);
    g_autofree char *note = n_duplicates > 0
        ? g_strdup_printf ("%u rows with a repeated id were not recorded", n_duplicates) : NULL;
    /* A table's load error is the merged inventory's, not one source's: it
     * is stored with the first source, so opening the record restores it
     * once. */
    const char *load_error = with_error ? vinv_table_get_error (table) : NULL;
    g_autofree char *table_error = load_error != NULL && note != NULL
        ? g_strdup_printf ("%s; %s", load_error, note)
        : g_strdup (note != NULL ? note : load_error);
    vinv_sql_bind_int (stmt, 1, rec->record);
    vinv_sql_bind_text (stmt, 2, source);
    vinv_sql_bind_text (stmt, 3, schema->id);
    vinv_sql_bind_int (stmt, 4, n_rows);
    vinv_sql_bind_int (stmt, 5, n_added);
    vinv_sql_bind_int (stmt, 6, n_removed);
    vinv_sql_bind_text (stmt, 7, table_error);
    if (!run (stmt, &local))
        return vinv_history_db_error (h, error, local);
    info->n_rows += n_rows;
    info->n_added += n_added;
    info->n_removed += n_removed;
    return TRUE;
}

static gboolean
record_source (Recorder *rec, const VinvInventory *inventory, guint position,
               VinvHistoryRecordInfo *info, GError **error)
{
    const VinvSource *source = vinv_inventory_get_source (inventory, position);
    GError *local = NULL;
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);
    gboolean present[VINV_TABLE_LAST] = { FALSE };
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (rec->h->db,
        "INSERT INTO vinv_record_sources (record, position, name, uri, backend, error) "
        "VALUES ($1, $2, $3, $4, $5, $6)", &local);

    if (stmt == NULL)
        return vinv_history_db_error (rec->h, error, local);
    vinv_sql_bind_int (stmt, 1, rec->record);
    vinv_sql_bind_int (stmt, 2, position);
    vinv_sql_bind_text (stmt, 3, source->name);
    vinv_sql_bind_text (stmt, 4, source->uri);
    vinv_sql_bind_text (stmt, 5, vinv_snapshot_backend_name (source->tables));
    vinv_sql_bind_text (stmt, 6, source->error);
    if (!run (stmt, &local))
        return vinv_history_db_error (rec->h, error, local);

    for (guint i = 0; i < n; i++) {
        present[vinv_schema_get_kind (vinv_table_get_schema (tables[i]))] = TRUE;
        if (!record_table (rec, source->name, tables[i], position == 0, info, error))
            return FALSE;
    }
    /* Tables the source no longer has: their rows are gone. */
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (present[k])
            continue;
        g_autofree char *name = vinv_sql_quote_ident (vinv_schema_get (k)->id);
        g_autofree char *sql = g_strdup_printf (
            "UPDATE %s SET until_record = $1 WHERE source = $2 AND until_record IS NULL", name);
        g_autoptr (VinvSqlStmt) close_all = vinv_sql_prepare (rec->h->db, sql, &local);
        if (close_all == NULL)
            return vinv_history_db_error (rec->h, error, local);
        vinv_sql_bind_int (close_all, 1, rec->record);
        vinv_sql_bind_text (close_all, 2, source->name);
        if (!run (close_all, &local))
            return vinv_history_db_error (rec->h, error, local);
    }
    info->n_sources++;
    return TRUE;
}

gboolean
vinv_history_record (const char *db, const VinvInventory *inventory, gint64 taken_at,
                     VinvHistoryRecordInfo *info, GError **error)
{
    g_autoptr (History) h = vinv_history_db_open (db, TRUE, error);
    GError *local = NULL;
    VinvHistoryRecordInfo dummy;
    Recorder rec = { 0 };

    if (h == NULL)
        return FALSE;
    if (info == NULL)
        info = &dummy;
    memset (info, 0, sizeof *info);
    if (!vinv_sql_exec (h->db, vinv_sql_is_pg (h->db)
                        ? "BEGIN; SELECT pg_advisory_xact_lock(1447644758)"
                        : "BEGIN IMMEDIATE", &local))
        return vinv_history_db_error (h, error, local);

    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (h->db,
        "INSERT INTO vinv_records (taken_at, taken_by, program) VALUES ($1, $2, $3) "
        "RETURNING record", &local);
    if (stmt == NULL)
        goto failed;
    vinv_sql_bind_int (stmt, 1, taken_at);
    vinv_sql_bind_text (stmt, 2, g_get_host_name ());
    vinv_sql_bind_text (stmt, 3, "virt-inventory " VINV_VERSION);
    if (vinv_sql_step (stmt, &local) != VINV_SQL_STEP_ROW)
        goto failed;
    rec.h = h;
    rec.record = vinv_sql_column_int (stmt, 0);
    g_clear_pointer (&stmt, vinv_sql_stmt_free);
    info->record = rec.record;

    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        if (!record_source (&rec, inventory, i, info, error)) {
            vinv_sql_exec (h->db, "ROLLBACK", NULL);
            return FALSE;
        }
    }
    if (!vinv_sql_exec (h->db, "COMMIT", &local))
        goto failed;
    return TRUE;

failed:
    if (local == NULL)
        local = g_error_new_literal (VINV_SQL_ERROR, VINV_SQL_ERROR_FAILED, "no record number");
    g_clear_pointer (&stmt, vinv_sql_stmt_free);
    vinv_sql_exec (h->db, "ROLLBACK", NULL);
    return vinv_history_db_error (h, error, local);
}

/* --- opening a record --- */

/* Resolves @when to a record number. */
static gboolean
resolve_record (History *h, const char *when, gint64 *record, GError **error)
{
    GError *local = NULL;
    guint64 number = 0;
    gint64 ms = 0;
    g_autoptr (VinvSqlStmt) stmt = NULL;

    if (g_ascii_string_to_unsigned (when, 10, 1, G_MAXINT64, &number, NULL)) {
        stmt = vinv_sql_prepare (h->db, "SELECT record FROM vinv_records WHERE record = $1",
                                 &local);
        if (stmt != NULL)
            vinv_sql_bind_int (stmt, 1, (gint64) number);
    } else if (g_ascii_strcasecmp (when, "latest") == 0) {
        stmt = vinv_sql_prepare (h->db, "SELECT max(record) FROM vinv_records", &local);
    } else if (vinv_time_parse (when, &ms)) {
        /* a date alone means the end of that day */
        if (strlen (when) == 10)
            ms += 24 * 3600 * 1000 - 1;
        stmt = vinv_sql_prepare (h->db,
            "SELECT max(record) FROM vinv_records WHERE taken_at <= $1", &local);
        if (stmt != NULL)
            vinv_sql_bind_int (stmt, 1, ms);
    } else {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD,
                     "'%s' is not a record number, 'latest' or a date (2026-11-22 10:00)",
                     when);
        return FALSE;
    }
    if (stmt == NULL)
        return vinv_history_db_error (h, error, local);
    VinvSqlStep step = vinv_sql_step (stmt, &local);
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local);
    if (step != VINV_SQL_STEP_ROW || vinv_sql_column_type (stmt, 0) != VINV_SQL_INT) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD,
                     "%s has no record %s%s", h->name, ms != 0 ? "at or before " : "", when);
        return FALSE;
    }
    *record = vinv_sql_column_int (stmt, 0);
    return TRUE;
}

gboolean
vinv_history_load (const char *db, const char *when, VinvInventory *inventory, gint64 *record,
                   GError **error)
{
    g_autoptr (History) h = vinv_history_db_open (db, FALSE, error);
    GError *local = NULL;
    VinvSqlStep step;

    if (h == NULL || !resolve_record (h, when, record, error))
        return FALSE;

    g_autoptr (VinvSqlStmt) sources = vinv_sql_prepare (h->db,
        "SELECT name, uri, backend, error FROM vinv_record_sources WHERE record = $1 "
        "ORDER BY position", &local);
    g_autoptr (VinvSqlStmt) tables = sources == NULL ? NULL : vinv_sql_prepare (h->db,
        "SELECT table_id, n_rows, error FROM vinv_record_tables WHERE record = $1 "
        "AND source = $2 ORDER BY table_id", &local);
    if (tables == NULL)
        return vinv_history_db_error (h, error, local);
    vinv_sql_bind_int (sources, 1, *record);
    while ((step = vinv_sql_step (sources, &local)) == VINV_SQL_STEP_ROW) {
        g_autofree char *name = g_strdup (vinv_sql_column_text (sources, 0));
        if (name == NULL) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                         "%s is damaged: a source without a name", h->name);
            return FALSE;
        }
        vinv_inventory_add_source (inventory, name, vinv_sql_column_text (sources, 1),
                                   vinv_snapshot_backend_tables (
                                       vinv_sql_column_text (sources, 2)));
        vinv_inventory_set_source_error (inventory, name, vinv_sql_column_text (sources, 3));

        vinv_sql_reset (tables);
        vinv_sql_bind_int (tables, 1, *record);
        vinv_sql_bind_text (tables, 2, name);
        while ((step = vinv_sql_step (tables, &local)) == VINV_SQL_STEP_ROW) {
            const VinvSchema *schema = vinv_schema_lookup (vinv_sql_column_text (tables, 0));
            gint64 n_rows = vinv_sql_column_int (tables, 1);
            g_autofree char *table_error = g_strdup (vinv_sql_column_text (tables, 2));
            if (schema == NULL || strcmp (schema->id, vinv_sql_column_text (tables, 0)) != 0)
                continue;       /* a table of a newer version */
            VinvTable *table = vinv_inventory_ensure_table (inventory,
                                                            vinv_schema_get_kind (schema));
            g_autoptr (VinvTable) part = vinv_table_new (schema);
            if (!vinv_history_read_versions (h, schema,
                                "source = $1 AND first_record <= $2 AND "
                                "(until_record IS NULL OR until_record > $2)",
                                name, *record, part, NULL, error))
                return FALSE;
            if ((gint64) vinv_table_get_n_rows (part) != n_rows) {
                g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                             "%s is damaged: record %" G_GINT64_FORMAT " of %s has %u rows in "
                             "table '%s', but %" G_GINT64_FORMAT " were recorded", h->name,
                             *record, name, vinv_table_get_n_rows (part), schema->id, n_rows);
                return FALSE;
            }
            vinv_table_take_rows (table, part);
            vinv_table_set_error (table, table_error);
        }
        if (step == VINV_SQL_STEP_ERROR)
            return vinv_history_db_error (h, error, local);
    }
    if (step == VINV_SQL_STEP_ERROR)
        return vinv_history_db_error (h, error, local);
    return TRUE;
}
