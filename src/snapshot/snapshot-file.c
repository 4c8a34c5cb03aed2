/* snapshot-file.c — saving an inventory to one SQLite file and reading it
 * back (format described in docs/snapshot-format.md; cells by codec.h).
 *
 * Writing builds the whole file in a temporary file beside the target, in
 * one transaction, syncs it and renames it into place: the target is
 * either untouched or complete.  Reading opens the file read-only, checks
 * what it is before trusting it (header, integrity, application id,
 * format name and version), and then checks every value it reads, so a
 * truncated, corrupt, foreign or newer file gives one line naming the file
 * and what is wrong.  Shared checks used by history.c live here too.
 */
#include "snapshot-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "vinv-config.h"
#include "codec.h"

G_DEFINE_QUARK (vinv-snapshot-error-quark, vinv_snapshot_error)

const char *
vinv_snapshot_backend_name (const VinvBackendTable *tables)
{
    const VinvBackendClass *klass = vinv_backend_class_for_tables (tables);
    return klass != NULL ? klass->name : NULL;
}

const VinvBackendTable *
vinv_snapshot_backend_tables (const char *name)
{
    const VinvBackendClass *klass = vinv_backend_class_for_name (name);
    return klass != NULL ? klass->tables : NULL;
}

int
vinv_snapshot_find_column (const VinvSchema *schema, const char *id)
{
    for (guint c = 0; c < schema->n_columns; c++) {
        if (strcmp (schema->columns[c].id, id) == 0)
            return (int) c;
    }
    return -1;
}

void
vinv_snapshot_set_db_error (GError **error, const char *path, const GError *local)
{
    VinvSnapshotErrorCode code = VINV_SNAPSHOT_ERROR_FAILED;
    const char *what = "";

    if (g_error_matches (local, VINV_SQL_ERROR, VINV_SQL_ERROR_CORRUPT)) {
        code = VINV_SNAPSHOT_ERROR_DAMAGED;
        what = "is truncated or corrupt: ";
    } else if (g_error_matches (local, VINV_SQL_ERROR, VINV_SQL_ERROR_NOT_DB)) {
        code = VINV_SNAPSHOT_ERROR_FOREIGN;
        what = "is not an SQLite database: ";
    } else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)) {
        code = VINV_SNAPSHOT_ERROR_DAMAGED;
        what = "is damaged: ";
    }
    g_set_error (error, VINV_SNAPSHOT_ERROR, code, "%s %s%s", path, what, local->message);
}

gboolean
vinv_snapshot_check_header (const char *path, const char *what, GError **error)
{
    static const char magic[16] = "SQLite format 3";
    char header[100];
    GStatBuf st;
    int fd;
    gssize n;

    if (g_stat (path, &st) != 0) {
        int saved = errno;
        if (saved == ENOENT)
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NOT_FOUND,
                         "%s does not exist", path);
        else
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED, "%s: %s", path,
                         g_strerror (saved));
        return FALSE;
    }
    if (!S_ISREG (st.st_mode)) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN,
                     "%s is not a %s (not a regular file)", path, what);
        return FALSE;
    }
    if (st.st_size == 0) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is empty (not a %s)", path, what);
        return FALSE;
    }
    fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
    if (fd < 0) {
        int saved = errno;
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED, "%s: %s", path,
                     g_strerror (saved));
        return FALSE;
    }
    n = read (fd, header, sizeof header);
    close (fd);
    if (n < (gssize) sizeof magic || memcmp (header, magic, sizeof magic) != 0) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN,
                     "%s is not a %s (not an SQLite database)", path, what);
        return FALSE;
    }
    if (n < (gssize) sizeof header) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is truncated (%" G_GSSIZE_FORMAT " bytes)", path, n);
        return FALSE;
    }
    /* The header says how big the file is (page size at 16, page count at
     * 28, valid when the change counter at 24 equals the one at 92): a
     * file cut short, even where SQLite would read zeros as free space, is
     * truncated. */
    const guchar *h = (const guchar *) header;
    guint64 page_size = h[16] == 0 && h[17] == 1 ? 65536 : ((guint64) h[16] << 8 | h[17]);
    guint64 n_pages = (guint64) h[28] << 24 | (guint64) h[29] << 16 | (guint64) h[30] << 8 | h[31];
    if (memcmp (h + 24, h + 92, 4) == 0 && n_pages > 0
        && (guint64) st.st_size < page_size * n_pages) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is truncated (%" G_GUINT64_FORMAT " bytes of %" G_GUINT64_FORMAT ")",
                     path, (guint64) st.st_size, page_size * n_pages);
        return FALSE;
    }
    return TRUE;
}

/* The value of @key in vinv_meta, or NULL (with @error set only on a
 * database error). */
static char *
meta_get (VinvSql *db, const char *key, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "SELECT value FROM vinv_meta WHERE key = $1", error);

    if (stmt == NULL)
        return NULL;
    vinv_sql_bind_text (stmt, 1, key);
    if (vinv_sql_step (stmt, error) != VINV_SQL_STEP_ROW
        || vinv_sql_column_type (stmt, 0) != VINV_SQL_TEXT)
        return NULL;
    return g_strdup (vinv_sql_column_text (stmt, 0));
}

VinvSql *
vinv_snapshot_open_checked (const char *path, const char *format_name, guint max_version,
                            GError **error)
{
    const char *what = strcmp (format_name, VINV_SNAPSHOT_FORMAT_NAME) == 0
                     ? "saved inventory" : "history database";
    g_autoptr (GError) local = NULL;
    g_autofree char *check = NULL;
    g_autofree char *app_id = NULL;
    g_autofree char *format = NULL;
    g_autofree char *version = NULL;
    guint64 v = 0;

    if (!vinv_snapshot_check_header (path, what, error))
        return NULL;
    g_autoptr (VinvSql) db = vinv_sql_open_sqlite (path, TRUE, FALSE, &local);
    if (db == NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return NULL;
    }
    check = vinv_sql_query_text (db, "PRAGMA quick_check(1)", &local);
    if (local != NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return NULL;
    }
    if (g_strcmp0 (check, "ok") != 0) {
        /* SQLite's report may start with "*** in database main ***" and
         * span lines: keep its first finding, on one line */
        const char *finding = check != NULL ? check : "integrity check failed";
        const char *nl = strchr (finding, '\n');
        if (g_str_has_prefix (finding, "***") && nl != NULL)
            finding = nl + 1;
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is truncated or corrupt: %.*s", path, (int) strcspn (finding, "\n"),
                     finding);
        return NULL;
    }
    app_id = vinv_sql_query_text (db, "PRAGMA application_id", &local);
    if (local != NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return NULL;
    }
    if (app_id == NULL
        || g_ascii_strtoll (app_id, NULL, 10) != VINV_SNAPSHOT_APPLICATION_ID) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN,
                     "%s is an SQLite database, but not a %s of virt-inventory", path, what);
        return NULL;
    }
    format = meta_get (db, "format", &local);
    if (format == NULL) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is damaged: no format in its vinv_meta table%s%s", path,
                     local != NULL ? ": " : "", local != NULL ? local->message : "");
        return NULL;
    }
    if (strcmp (format, format_name) != 0) {
        gboolean is_history = strcmp (format, VINV_HISTORY_FORMAT_NAME) == 0;
        gboolean is_saved = strcmp (format, VINV_SNAPSHOT_FORMAT_NAME) == 0;
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN,
                     "%s is a %s, not a %s%s", path,
                     is_history ? "history database" : is_saved ? "saved inventory"
                                                                 : "file of another kind",
                     what,
                     is_history ? " (open it as history:PATH)"
                     : is_saved ? " (open it as file:PATH)" : "");
        return NULL;
    }
    version = meta_get (db, "format_version", &local);
    if (version == NULL || !g_ascii_string_to_unsigned (version, 10, 1, G_MAXUINT, &v, NULL)) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is damaged: no valid format_version in its vinv_meta table", path);
        return NULL;
    }
    if (v > max_version) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NEWER,
                     "%s was written by a newer virt-inventory (format %" G_GUINT64_FORMAT
                     "; this version reads up to format %u)", path, v, max_version);
        return NULL;
    }
    return g_steal_pointer (&db);
}

/* --- writing --- */

#define CREATE_META \
    "CREATE TABLE vinv_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n" \
    "CREATE TABLE vinv_sources (position BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE,\n" \
    "    uri TEXT, backend TEXT, error TEXT);\n" \
    "CREATE TABLE vinv_tables (id TEXT PRIMARY KEY, position BIGINT NOT NULL,\n" \
    "    title TEXT NOT NULL, n_rows BIGINT NOT NULL, error TEXT);\n" \
    "CREATE TABLE vinv_columns (table_id TEXT NOT NULL, position BIGINT NOT NULL,\n" \
    "    id TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, unit TEXT,\n" \
    "    target TEXT, PRIMARY KEY (table_id, id));\n"

static gboolean
exec_bound (VinvSqlStmt *stmt, GError **error)
{
    gboolean ok = vinv_sql_step (stmt, error) != VINV_SQL_STEP_ERROR;
    vinv_sql_reset (stmt);
    return ok;
}

static gboolean
put_meta (VinvSql *db, const char *key, const char *value, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "INSERT INTO vinv_meta (key, value) VALUES ($1, $2)", error);

    if (stmt == NULL)
        return FALSE;
    vinv_sql_bind_text (stmt, 1, key);
    vinv_sql_bind_text (stmt, 2, value);
    return exec_bound (stmt, error);
}

static gboolean
write_columns (VinvSql *db, const VinvSchema *schema, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "INSERT INTO vinv_columns (table_id, position, id, title, kind, unit, target) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)", error);

    if (stmt == NULL)
        return FALSE;
    for (guint c = 0; c < schema->n_columns; c++) {
        const VinvColumn *column = &schema->columns[c];
        vinv_sql_bind_text (stmt, 1, schema->id);
        vinv_sql_bind_int (stmt, 2, c);
        vinv_sql_bind_text (stmt, 3, column->id);
        vinv_sql_bind_text (stmt, 4, column->title);
        vinv_sql_bind_text (stmt, 5, vinv_cell_kind_name (column->kind));
        vinv_sql_bind_text (stmt, 6, column->kind == VINV_CELL_QUANTITY && column->unit != NULL
                                     ? column->unit->name : NULL);
        vinv_sql_bind_text (stmt, 7, column->target);
        if (!exec_bound (stmt, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
write_table (VinvSql *db, const VinvInventory *inventory, VinvTable *table, guint position,
             GError **error)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_autofree char *name = vinv_sql_quote_ident (schema->id);
    g_autoptr (GString) sql = g_string_new (NULL);
    guint n_params = 1;

    g_string_printf (sql, "CREATE TABLE %s (_row BIGINT PRIMARY KEY", name);
    for (guint c = 0; c < schema->n_columns; c++)
        vinv_codec_append_defs (sql, &schema->columns[c], TRUE);
    g_string_append (sql, ")");
    if (!vinv_sql_exec (db, sql->str, error) || !write_columns (db, schema, error))
        return FALSE;

    g_string_printf (sql, "INSERT INTO %s (_row", name);
    for (guint c = 0; c < schema->n_columns; c++) {
        vinv_codec_append_names (sql, &schema->columns[c], TRUE);
        n_params += vinv_codec_n_sql_columns (&schema->columns[c]);
    }
    g_string_append (sql, ") VALUES ($1");
    for (guint i = 2; i <= n_params; i++)
        g_string_append_printf (sql, ", $%u", i);
    g_string_append (sql, ")");
    g_autoptr (VinvSqlStmt) insert = vinv_sql_prepare (db, sql->str, error);
    if (insert == NULL)
        return FALSE;
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        const VinvCell *cells = vinv_table_get_row (table, r);
        guint param = 2;
        vinv_sql_bind_int (insert, 1, r);
        for (guint c = 0; c < schema->n_columns; c++)
            vinv_codec_bind (insert, &param, &schema->columns[c], &cells[c]);
        if (!exec_bound (insert, error))
            return FALSE;
    }

    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "INSERT INTO vinv_tables (id, position, title, n_rows, error) "
        "VALUES ($1, $2, $3, $4, $5)", error);
    if (stmt == NULL)
        return FALSE;
    vinv_sql_bind_text (stmt, 1, schema->id);
    vinv_sql_bind_int (stmt, 2, position);
    vinv_sql_bind_text (stmt, 3, vinv_inventory_get_table_title (inventory, table));
    vinv_sql_bind_int (stmt, 4, vinv_table_get_n_rows (table));
    vinv_sql_bind_text (stmt, 5, vinv_table_get_error (table));
    return exec_bound (stmt, error);
}

static gboolean
write_sources (VinvSql *db, const VinvInventory *inventory, GError **error)
{
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "INSERT INTO vinv_sources (position, name, uri, backend, error) "
        "VALUES ($1, $2, $3, $4, $5)", error);

    if (stmt == NULL)
        return FALSE;
    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        const VinvSource *source = vinv_inventory_get_source (inventory, i);
        vinv_sql_bind_int (stmt, 1, i);
        vinv_sql_bind_text (stmt, 2, source->name);
        vinv_sql_bind_text (stmt, 3, source->uri);
        vinv_sql_bind_text (stmt, 4, vinv_snapshot_backend_name (source->tables));
        vinv_sql_bind_text (stmt, 5, source->error);
        if (!exec_bound (stmt, error))
            return FALSE;
    }
    return TRUE;
}

static gboolean
write_all (VinvSql *db, const VinvInventory *inventory, gint64 saved_at, GError **error)
{
    g_autofree char *pragmas = g_strdup_printf (
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
        "PRAGMA application_id = %d; PRAGMA user_version = %d;",
        VINV_SNAPSHOT_APPLICATION_ID, VINV_SNAPSHOT_FORMAT_VERSION);
    g_autoptr (GDateTime) when = g_date_time_new_from_unix_utc (saved_at / 1000);
    g_autofree char *iso = g_date_time_format (when, "%Y-%m-%dT%H:%M:%SZ");
    g_autofree char *ms = g_strdup_printf ("%" G_GINT64_FORMAT, saved_at);
    g_autofree char *version = g_strdup_printf ("%d", VINV_SNAPSHOT_FORMAT_VERSION);
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);

    if (!vinv_sql_exec (db, pragmas, error) || !vinv_sql_exec (db, "BEGIN", error)
        || !vinv_sql_exec (db, CREATE_META, error)
        || !put_meta (db, "format", VINV_SNAPSHOT_FORMAT_NAME, error)
        || !put_meta (db, "format_version", version, error)
        || !put_meta (db, "program", "virt-inventory " VINV_VERSION, error)
        || !put_meta (db, "saved_at", iso, error)
        || !put_meta (db, "saved_at_ms", ms, error)
        || !write_sources (db, inventory, error))
        return FALSE;
    for (guint i = 0; i < n; i++) {
        if (!write_table (db, inventory, tables[i], i, error))
            return FALSE;
    }
    return vinv_sql_exec (db, "COMMIT", error);
}

static gboolean
sync_file (const char *path, GError **error)
{
    int fd = g_open (path, O_RDWR | O_CLOEXEC, 0);
    int saved;

    if (fd >= 0 && fsync (fd) == 0) {
        close (fd);
        return TRUE;
    }
    saved = errno;
    if (fd >= 0)
        close (fd);
    g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                 "cannot write %s: %s", path, g_strerror (saved));
    return FALSE;
}

gboolean
vinv_snapshot_save (const VinvInventory *inventory, const char *path, gboolean force,
                    gint64 saved_at, GError **error)
{
    return vinv_snapshot_save_with_mode (inventory, path, force, saved_at, 0666, error);
}

gboolean
vinv_snapshot_save_with_mode (const VinvInventory *inventory, const char *path,
                              gboolean force, gint64 saved_at, int mode, GError **error)
{
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *base = g_path_get_basename (path);
    g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
    g_autoptr (GError) local = NULL;
    GStatBuf st;
    int fd;

    if (g_lstat (path, &st) == 0) {
        if (S_ISDIR (st.st_mode)) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                         "%s is a directory", path);
            return FALSE;
        }
        if (!force) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_EXISTS,
                         "%s already exists", path);
            return FALSE;
        }
    }
    fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, mode);
    if (fd < 0) {
        int saved = errno;
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                     "cannot write %s: %s", path, g_strerror (saved));
        return FALSE;
    }
    close (fd);

    VinvSql *db = vinv_sql_open_sqlite (tmp, FALSE, FALSE, &local);
    gboolean ok = db != NULL && write_all (db, inventory, saved_at, &local);
    vinv_sql_close (db);
    if (!ok) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                     "cannot write %s: %s", path, local->message);
        g_unlink (tmp);
        return FALSE;
    }
    if (!sync_file (tmp, error)) {
        g_unlink (tmp);
        return FALSE;
    }
    if (g_rename (tmp, path) != 0) {
        int saved = errno;
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED,
                     "cannot write %s: %s", path, g_strerror (saved));
        g_unlink (tmp);
        return FALSE;
    }
    return TRUE;
}

/* --- reading --- */

/* Reads the rows of table @id (saved with @n_rows rows and @table_error)
 * into @inventory. */
static gboolean
read_table (VinvSql *db, const char *path, const char *id, gint64 n_rows,
            const char *table_error, VinvInventory *inventory, GError **error)
{
    const VinvSchema *schema = vinv_schema_lookup (id);
    g_autoptr (GError) local = NULL;
    g_autoptr (GString) sql = g_string_new (NULL);
    g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autoptr (GString) notes = g_string_new (NULL);

    /* A table this version does not know (from a newer one) cannot be shown. */
    if (schema == NULL || strcmp (schema->id, id) != 0)
        return TRUE;
    VinvTable *table = vinv_inventory_ensure_table (inventory, vinv_schema_get_kind (schema));

    /* The saved columns this version has, with the kind it has. */
    g_autoptr (VinvSqlStmt) columns = vinv_sql_prepare (db,
        "SELECT id, kind FROM vinv_columns WHERE table_id = $1 ORDER BY position", &local);
    if (columns == NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    vinv_sql_bind_text (columns, 1, id);
    VinvSqlStep step;
    while ((step = vinv_sql_step (columns, &local)) == VINV_SQL_STEP_ROW) {
        const char *cid = vinv_sql_column_text (columns, 0);
        const char *kind = vinv_sql_column_text (columns, 1);
        int c = cid != NULL ? vinv_snapshot_find_column (schema, cid) : -1;
        if (c <= VINV_COLUMN_ID)
            continue;
        if (g_strcmp0 (kind, vinv_cell_kind_name (schema->columns[c].kind)) != 0) {
            g_string_append_printf (notes, "%scolumn '%s' was saved as %s, not %s: left empty",
                                    notes->len > 0 ? "; " : "", cid, kind != NULL ? kind : "?",
                                    vinv_cell_kind_name (schema->columns[c].kind));
            continue;
        }
        guint uc = (guint) c;
        g_array_append_val (cols, uc);
    }
    if (step == VINV_SQL_STEP_ERROR) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }

    g_autofree char *name = vinv_sql_quote_ident (id);
    g_string_append (sql, "SELECT source, id");
    for (guint i = 0; i < cols->len; i++)
        vinv_codec_append_names (sql, &schema->columns[g_array_index (cols, guint, i)], TRUE);
    g_string_append_printf (sql, " FROM %s ORDER BY _row", name);
    g_autoptr (VinvSqlStmt) rows = vinv_sql_prepare (db, sql->str, &local);
    if (rows == NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    gint64 n = 0;
    while ((step = vinv_sql_step (rows, &local)) == VINV_SQL_STEP_ROW) {
        if (vinv_sql_column_type (rows, 0) != VINV_SQL_TEXT
            || vinv_sql_column_type (rows, 1) != VINV_SQL_TEXT) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                         "%s is damaged: row %" G_GINT64_FORMAT " of table '%s' has no "
                         "source or id", path, n + 1, id);
            return FALSE;
        }
        guint row = vinv_table_add_row (table, vinv_sql_column_text (rows, 0),
                                        vinv_sql_column_text (rows, 1));
        guint rcol = 2;
        for (guint i = 0; i < cols->len; i++) {
            if (!vinv_codec_read (rows, &rcol, table, row, g_array_index (cols, guint, i),
                                  &local)) {
                g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                             "%s is damaged: table '%s', row %" G_GINT64_FORMAT ": %s",
                             path, id, n + 1, local->message);
                return FALSE;
            }
        }
        n++;
    }
    if (step == VINV_SQL_STEP_ERROR) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    if (n != n_rows) {
        g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                     "%s is damaged: table '%s' has %" G_GINT64_FORMAT " rows, but %"
                     G_GINT64_FORMAT " were saved", path, id, n, n_rows);
        return FALSE;
    }
    vinv_table_set_error (table, table_error);
    if (notes->len > 0)
        vinv_table_set_error (table, notes->str);
    return TRUE;
}

static gboolean
read_sources (VinvSql *db, const char *path, VinvInventory *inventory, GError **error)
{
    g_autoptr (GError) local = NULL;
    g_autoptr (VinvSqlStmt) stmt = vinv_sql_prepare (db,
        "SELECT name, uri, backend, error FROM vinv_sources ORDER BY position", &local);
    VinvSqlStep step;

    if (stmt == NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    while ((step = vinv_sql_step (stmt, &local)) == VINV_SQL_STEP_ROW) {
        const char *name = vinv_sql_column_text (stmt, 0);
        if (vinv_sql_column_type (stmt, 0) != VINV_SQL_TEXT) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                         "%s is damaged: a source without a name", path);
            return FALSE;
        }
        vinv_inventory_add_source (inventory, name, vinv_sql_column_text (stmt, 1),
                                   vinv_snapshot_backend_tables (
                                       vinv_sql_column_text (stmt, 2)));
        if (vinv_sql_column_type (stmt, 3) == VINV_SQL_TEXT)
            vinv_inventory_set_source_error (inventory, name, vinv_sql_column_text (stmt, 3));
    }
    if (step == VINV_SQL_STEP_ERROR) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    return TRUE;
}

gboolean
vinv_snapshot_load (const char *path, VinvInventory *inventory, gint64 *saved_at,
                    GError **error)
{
    g_autoptr (GError) local = NULL;
    g_autoptr (VinvSql) db = vinv_snapshot_open_checked (path, VINV_SNAPSHOT_FORMAT_NAME,
                                                         VINV_SNAPSHOT_FORMAT_VERSION, error);
    VinvSqlStep step;

    if (db == NULL)
        return FALSE;
    if (saved_at != NULL) {
        g_autofree char *ms = meta_get (db, "saved_at_ms", NULL);
        *saved_at = ms != NULL ? g_ascii_strtoll (ms, NULL, 10) : 0;
    }
    if (!read_sources (db, path, inventory, error))
        return FALSE;

    g_autoptr (VinvSqlStmt) tables = vinv_sql_prepare (db,
        "SELECT id, n_rows, error FROM vinv_tables ORDER BY position", &local);
    if (tables == NULL) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    while ((step = vinv_sql_step (tables, &local)) == VINV_SQL_STEP_ROW) {
        if (vinv_sql_column_type (tables, 0) != VINV_SQL_TEXT
            || vinv_sql_column_type (tables, 1) != VINV_SQL_INT) {
            g_set_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_DAMAGED,
                         "%s is damaged: bad entry in its vinv_tables table", path);
            return FALSE;
        }
        g_autofree char *id = g_strdup (vinv_sql_column_text (tables, 0));
        g_autofree char *table_error = g_strdup (vinv_sql_column_text (tables, 2));
        if (!read_table (db, path, id, vinv_sql_column_int (tables, 1), table_error, inventory,
                         error))
            return FALSE;
    }
    if (step == VINV_SQL_STEP_ERROR) {
        vinv_snapshot_set_db_error (error, path, local);
        return FALSE;
    }
    return TRUE;
}
