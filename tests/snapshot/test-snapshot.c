/* test-snapshot.c — saved inventories and histories (src/snapshot).
 *
 * The list-cell JSON codec; saving and reading back an inventory holding
 * every kind of cell, errors and several sources; files that are missing,
 * empty, foreign, truncated, corrupt, of the other kind or of a newer
 * format (each one line naming the file, the file never changed); and
 * histories: what each record stores, that every record opens as the
 * inventory it recorded, row order, one entity's changes, and WHEN.
 *
 * The history tests run on a temporary SQLite file, and also on
 * PostgreSQL when VINV_TEST_PG_URI names a server where databases may be
 * created (tests/snapshot/with-postgres.py starts one).
 */
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include "core/diff.h"
#include "snapshot.h"
#include "codec.h"
#include "sql.h"

/* Two registered back-ends by the names saved files use, so that a saved
 * source's back-end is found again on load (the real ones are not linked
 * into this test). */
static const char *const fake_columns[] = { "name", NULL };
static const VinvBackendTable fake_libvirt_tables[] = { { "vms", NULL, fake_columns }, { NULL } };
static const VinvBackendTable fake_ovirt_tables[] = { { "vms", NULL, fake_columns }, { NULL } };
static const VinvBackendClass fake_libvirt = { .name = "libvirt", .tables = fake_libvirt_tables };
static const VinvBackendClass fake_ovirt = { .name = "ovirt", .tables = fake_ovirt_tables };

static char *tmpdir;

static char *
tmp_path (const char *name)
{
    return g_build_filename (tmpdir, name, NULL);
}

/* --- a sample inventory --- */

/* Two sources (libvirt and oVirt), VMs with every kind of cell, hosts, an
 * empty disks table and a snapshots table that failed.  @variant changes
 * a few values (for history and diff tests): 0 is the base. */
static VinvInventory *
sample (guint variant)
{
    VinvInventory *inv = vinv_inventory_new ();
    vinv_inventory_add_source (inv, "hv01", "qemu+ssh://root@hv01/system",
                               fake_libvirt.tables);
    vinv_inventory_add_source (inv, "engine", "ovirt://engine.example.com",
                               fake_ovirt.tables);
    vinv_inventory_set_source_error (inv, "engine", variant == 2 ? "timed out" : NULL);

    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    for (guint i = 0; i < 20; i++) {
        g_autofree char *id = g_strdup_printf ("vm-%02u", i);
        g_autofree char *name = g_strdup_printf ("web%02u", i);
        if (variant == 1 && i == 3) {                   /* added, in the middle */
            guint r = vinv_table_add_row (vms, "hv01", "vm-new");
            vinv_table_set_string (vms, r, VINV_VM_NAME, "newcomer");
        }
        if (variant == 1 && i == 5)
            continue;                                   /* removed */
        /* rows of one source together, as merging connections makes them */
        guint r = vinv_table_add_row (vms, i >= 10 ? "engine" : "hv01", id);
        vinv_table_set_string (vms, r, VINV_VM_NAME, name);
        vinv_table_set_string (vms, r, VINV_VM_STATUS, i % 3 ? "up" : "down");
        vinv_table_set_int (vms, r, VINV_VM_VCPUS, variant == 1 && i == 7 ? 8 : i % 4 + 1);
        vinv_table_set_quantity (vms, r, VINV_VM_MEMORY, (double) (i + 1) * 1073741824.0);
        vinv_table_set_bool (vms, r, VINV_VM_HA, i % 2 == 0);
        vinv_table_set_time (vms, r, VINV_VM_CREATION_TIME, 1700000000123LL + i);
        vinv_table_set_quantity (vms, r, VINV_VM_UPTIME, 3600.5 * (i + variant)); /* statistic */
        vinv_table_set_ref (vms, r, VINV_VM_HOST, "host \"a\"", i % 5 ? "h-1" : NULL);
        if (i == 0)
            vinv_table_set_string (vms, r, VINV_VM_DESCRIPTION,
                                   "tab\there, newline\nquote\" back\\slash \x01 é 日 \xff\xfe");
        if (i % 3 == 0) {
            VinvItem disks[] = { { "disk [1]", "d-1" }, { "d,2", NULL }, { "{3}", "d\"3" } };
            vinv_table_set_list (vms, r, VINV_VM_DISKS, disks, i % 2 ? 3 : 0);
        }
        VinvItem ips[] = { { "10.0.0.1", NULL }, { "fe80::1", NULL } };
        vinv_table_set_list (vms, r, VINV_VM_IP_ADDRESSES, ips, 2);
    }
    VinvTable *hosts = vinv_inventory_ensure_table (inv, VINV_TABLE_HOST);
    guint h = vinv_table_add_row (hosts, "hv01", "h-1");
    vinv_table_set_string (hosts, h, VINV_HOST_NAME, "hv01");
    vinv_table_set_double (hosts, h, VINV_HOST_LOAD_AVG, 0.1 + 0.2);  /* statistic */
    vinv_table_set_quantity (hosts, h, VINV_HOST_CPU_SPEED, 1.0 / 3.0);
    vinv_inventory_ensure_table (inv, VINV_TABLE_DISK);
    VinvTable *snaps = vinv_inventory_ensure_table (inv, VINV_TABLE_SNAP);
    vinv_table_set_error (snaps, "HTTP 500 on /snapshots");
    return inv;
}

/* True if @b is string @a, or @a with its invalid UTF-8 replaced (what
 * PostgreSQL stores). */
static gboolean
same_text (const VinvCell *a, const VinvCell *b)
{
    if (a->kind != VINV_CELL_STRING || b->kind != VINV_CELL_STRING
        || g_utf8_validate (a->v.s, -1, NULL))
        return FALSE;
    g_autofree char *valid = g_utf8_make_valid (a->v.s, -1);
    return strcmp (valid, b->v.s) == 0;
}

static gboolean lossy_utf8;     /* the history under test is PostgreSQL */

/* Asserts @b holds what @a holds: sources, tables, errors, rows in order
 * and every cell — statistics only if @statistics (else they must be
 * null in @b). */
static void
assert_same (const VinvInventory *a, const VinvInventory *b, gboolean statistics)
{
    VinvTable *ta[VINV_TABLE_LAST];
    VinvTable *tb[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (a, ta);

    g_assert_cmpuint (vinv_inventory_get_n_sources (b), ==, vinv_inventory_get_n_sources (a));
    for (guint i = 0; i < vinv_inventory_get_n_sources (a); i++) {
        const VinvSource *sa = vinv_inventory_get_source (a, i);
        const VinvSource *sb = vinv_inventory_get_source (b, i);
        g_assert_cmpstr (sb->name, ==, sa->name);
        g_assert_cmpstr (sb->uri, ==, sa->uri);
        g_assert_cmpstr (sb->error, ==, sa->error);
        g_assert_true (sb->tables == sa->tables);
    }
    g_assert_cmpuint (vinv_inventory_list_tables (b, tb), ==, n);
    for (guint k = 0; k < n; k++) {
        const VinvSchema *schema = vinv_table_get_schema (ta[k]);
        g_assert_true (vinv_table_get_schema (tb[k]) == schema);
        g_assert_cmpstr (vinv_table_get_error (tb[k]), ==, vinv_table_get_error (ta[k]));
        g_assert_cmpuint (vinv_table_get_n_rows (tb[k]), ==, vinv_table_get_n_rows (ta[k]));
        for (guint r = 0; r < vinv_table_get_n_rows (ta[k]); r++) {
            const VinvCell *ca = vinv_table_get_row (ta[k], r);
            const VinvCell *cb = vinv_table_get_row (tb[k], r);
            for (guint c = 0; c < schema->n_columns; c++) {
                if (!statistics && vinv_column_is_statistic (schema, c)) {
                    g_assert_cmpint (cb[c].kind, ==, VINV_CELL_NULL);
                    continue;
                }
                if (!vinv_cell_equal (&ca[c], &cb[c]) && !(lossy_utf8 && same_text (&ca[c], &cb[c])))
                    g_error ("%s row %u column %s differs", schema->id, r, schema->columns[c].id);
            }
        }
    }
}

/* --- JSON of list cells --- */

static void
test_json_roundtrip (void)
{
    VinvItem items[] = { { "plain", NULL }, { "q\"uote\\ \n\t\x1f é", "id \"1\"" },
                         { "", "" }, { "\xff", NULL } };
    for (guint n = 0; n <= G_N_ELEMENTS (items); n++) {
        g_autofree char *json = vinv_codec_list_to_json (items, n);
        g_autofree VinvItem *back = NULL;
        g_autofree char *storage = NULL;
        guint m = 99;
        g_assert_true (vinv_codec_list_from_json (json, &back, &m, &storage, NULL));
        g_assert_cmpuint (m, ==, n);
        for (guint i = 0; i < n; i++) {
            g_assert_cmpstr (back[i].text, ==, items[i].text);
            g_assert_cmpstr (back[i].id, ==, items[i].id);
        }
    }
    g_autofree char *json = vinv_codec_list_to_json (items, 2);
    g_assert_cmpstr (json, ==, "[\"plain\",{\"text\":\"q\\\"uote\\\\ \\u000a\\u0009\\u001f é\","
                               "\"id\":\"id \\\"1\\\"\"}]");
}

static void
test_json_bad (void)
{
    static const struct {
        const char *json;
        const char *message;
    } cases[] = {
        { "", "expected '[' at byte 0" },
        { "[", "expected a string at byte 1" },
        { "[\"a\"", "expected ',' or ']' at byte 4" },
        { "[\"a\",]", "expected a string at byte 5" },
        { "[\"a\"] x", "text after the list at byte 6" },
        { "[\"a\\q\"]", "bad escape at byte 4" },
        { "[\"\\u00\"]", "bad \\u escape at byte 4" },
        { "[\"\\ud800\"]", "unpaired surrogate at byte 8" },
        { "[\"\\u0000\"]", "\\u0000 in a string at byte 8" },
        { "[\"a\nb\"]", "control character in a string at byte 3" },
        { "[{\"id\":\"x\"}]", "item without \"text\" at byte 11" },
        { "[{\"text\":\"a\",\"text\":\"b\"}]", "unknown or repeated key in an item at byte 20" },
        { "[{\"text\":1}]", "expected a string at byte 9" },
        { "[1]", "expected a string at byte 1" },
        { "[\"unterminated", "unterminated string at byte 14" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GError) error = NULL;
        g_autofree VinvItem *items = NULL;
        g_autofree char *storage = NULL;
        guint n = 0;
        g_test_message ("case %s", cases[i].json);
        g_assert_false (vinv_codec_list_from_json (cases[i].json, &items, &n, &storage, &error));
        g_assert_nonnull (error);
        g_assert_true (g_str_has_suffix (error->message, cases[i].message));
        g_assert_null (items);
    }
    /* surrogate pairs and spaces are fine */
    g_autofree VinvItem *items = NULL;
    g_autofree char *storage = NULL;
    guint n = 0;
    g_assert_true (vinv_codec_list_from_json (" [ \"\\ud83d\\ude00\" , { \"id\" : null , "
                                              "\"text\" : \"t\" } ] ", &items, &n, &storage,
                                              NULL));
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpstr (items[0].text, ==, "\xf0\x9f\x98\x80");
    g_assert_null (items[1].id);
}

/* --- saved files --- */

static void
test_file_roundtrip (void)
{
    g_autoptr (VinvInventory) inv = sample (0);
    g_autoptr (VinvInventory) back = vinv_inventory_new ();
    g_autofree char *path = tmp_path ("roundtrip.vinv");
    g_autoptr (GError) error = NULL;
    gint64 saved_at = 0;

    g_assert_true (vinv_snapshot_save (inv, path, FALSE, 1764000000123LL, &error));
    g_assert_no_error (error);
    g_assert_true (vinv_snapshot_load (path, back, &saved_at, &error));
    g_assert_no_error (error);
    g_assert_cmpint (saved_at, ==, 1764000000123LL);
    assert_same (inv, back, TRUE);

    /* the file answers plain SQL, as docs/snapshot-format.md says */
    g_autoptr (VinvSql) db = vinv_sql_open_sqlite (path, TRUE, FALSE, &error);
    g_assert_no_error (error);
    g_autofree char *memory = vinv_sql_query_text (db,
        "SELECT memory FROM vms WHERE name = 'web03'", &error);
    g_assert_cmpstr (memory, ==, "4294967296.0");
    g_autofree char *disk = vinv_sql_query_text (db,
        "SELECT json_extract(disks, '$[2].id') FROM vms WHERE name = 'web03'", &error);
    g_assert_cmpstr (disk, ==, "d\"3");
    g_autofree char *host = vinv_sql_query_text (db,
        "SELECT host || '/' || host__id FROM vms WHERE name = 'web01'", &error);
    g_assert_cmpstr (host, ==, "host \"a\"/h-1");
    g_autofree char *version = vinv_sql_query_text (db,
        "SELECT value FROM vinv_meta WHERE key = 'format_version'", &error);
    g_assert_cmpstr (version, ==, "1");
    g_autofree char *failed = vinv_sql_query_text (db,
        "SELECT error FROM vinv_tables WHERE id = 'snapshots'", &error);
    g_assert_cmpstr (failed, ==, "HTTP 500 on /snapshots");
    g_assert_no_error (error);
}

static char *
checksum (const char *path)
{
    g_autofree char *data = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &data, &len, NULL))
        return g_strdup ("missing");
    return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
test_file_replace (void)
{
    g_autoptr (VinvInventory) inv = sample (0);
    g_autofree char *path = tmp_path ("replace.vinv");
    g_autoptr (GError) error = NULL;

    g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
    g_assert_false (vinv_snapshot_save (inv, path, FALSE, 0, &error));
    g_assert_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_EXISTS);
    g_autofree char *kept = NULL;
    g_assert_true (g_file_get_contents (path, &kept, NULL, NULL));
    g_assert_cmpstr (kept, ==, "precious");
    g_clear_error (&error);

    g_assert_true (vinv_snapshot_save (inv, path, TRUE, 0, &error));
    g_autoptr (VinvInventory) back = vinv_inventory_new ();
    g_assert_true (vinv_snapshot_load (path, back, NULL, &error));
    assert_same (inv, back, TRUE);

    /* no temporary file is left behind */
    g_autoptr (GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (dir)) != NULL)
        g_assert_false (g_str_has_prefix (name, ".replace.vinv."));

    /* a directory is not replaced */
    g_clear_error (&error);
    g_assert_false (vinv_snapshot_save (inv, tmpdir, TRUE, 0, &error));
    g_assert_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FAILED);
}

/* Opens @path, expecting error @code with a message that starts with the
 * path and contains @what; the file must be unchanged. */
static void
expect_bad (const char *path, VinvSnapshotErrorCode code, const char *what)
{
    g_autofree char *before = checksum (path);
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_autoptr (GError) error = NULL;

    g_test_message ("%s: expecting '%s'", path, what);
    g_assert_false (vinv_snapshot_load (path, inv, NULL, &error));
    g_assert_nonnull (error);
    g_test_message ("got: %s", error->message);
    g_assert_true (error->domain == VINV_SNAPSHOT_ERROR);
    g_assert_cmpint (error->code, ==, code);
    g_assert_true (g_str_has_prefix (error->message, path));
    g_assert_nonnull (strstr (error->message, what));
    g_assert_null (strchr (error->message, '\n'));
    g_autofree char *after = checksum (path);
    g_assert_cmpstr (after, ==, before);
}

/* A copy of a good saved file, changed by @sql. */
static char *
altered (const char *good, const char *name, const char *sql)
{
    char *path = tmp_path (name);
    g_autofree char *data = NULL;
    gsize len = 0;
    g_autoptr (GError) error = NULL;

    g_assert_true (g_file_get_contents (good, &data, &len, NULL));
    g_assert_true (g_file_set_contents (path, data, (gssize) len, NULL));
    g_autoptr (VinvSql) db = vinv_sql_open_sqlite (path, FALSE, FALSE, &error);
    g_assert_no_error (error);
    g_assert_true (vinv_sql_exec (db, sql, &error));
    g_assert_no_error (error);
    return path;
}

static void
test_file_bad (void)
{
    g_autoptr (VinvInventory) inv = sample (0);
    g_autofree char *good = tmp_path ("good.vinv");
    g_autofree char *data = NULL;
    gsize len = 0;

    g_assert_true (vinv_snapshot_save (inv, good, FALSE, 0, NULL));
    g_assert_true (g_file_get_contents (good, &data, &len, NULL));

    g_autofree char *missing = tmp_path ("missing.vinv");
    expect_bad (missing, VINV_SNAPSHOT_ERROR_NOT_FOUND, "does not exist");
    g_autofree char *empty = tmp_path ("empty.vinv");
    g_file_set_contents (empty, "", 0, NULL);
    expect_bad (empty, VINV_SNAPSHOT_ERROR_DAMAGED, "is empty");
    g_autofree char *text = tmp_path ("text.vinv");
    g_file_set_contents (text, "name,memory\nweb1,4096\n", -1, NULL);
    expect_bad (text, VINV_SNAPSHOT_ERROR_FOREIGN, "not an SQLite database");
    expect_bad (tmpdir, VINV_SNAPSHOT_ERROR_FOREIGN, "not a regular file");

    /* truncated anywhere: never read as if whole */
    g_autofree char *cut = tmp_path ("cut.vinv");
    for (gsize size = 16; size < len; size += len / 23 + 1) {
        g_file_set_contents (cut, data, (gssize) size, NULL);
        g_autoptr (VinvInventory) part = vinv_inventory_new ();
        g_autoptr (GError) error = NULL;
        g_test_message ("truncated to %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, size, len);
        g_assert_false (vinv_snapshot_load (cut, part, NULL, &error));
        g_assert_true (g_str_has_prefix (error->message, cut));
        g_assert_true (error->code == VINV_SNAPSHOT_ERROR_DAMAGED
                       || error->code == VINV_SNAPSHOT_ERROR_FOREIGN);
    }
    /* corrupt pages */
    g_autofree char *corrupt = tmp_path ("corrupt.vinv");
    g_autofree char *bytes = g_memdup2 (data, len);
    for (gsize i = 4096; i + 512 < len; i += 4096)
        memset (bytes + i + 100, 0x5a, 400);
    g_file_set_contents (corrupt, bytes, (gssize) len, NULL);
    expect_bad (corrupt, VINV_SNAPSHOT_ERROR_DAMAGED, "corrupt");

    /* SQLite, but not ours; ours, but changed */
    g_autofree char *foreign = tmp_path ("foreign.db");
    {
        g_autoptr (VinvSql) db = vinv_sql_open_sqlite (foreign, FALSE, TRUE, NULL);
        g_assert_true (vinv_sql_exec (db, "CREATE TABLE t (a); INSERT INTO t VALUES (1)", NULL));
    }
    expect_bad (foreign, VINV_SNAPSHOT_ERROR_FOREIGN, "but not a saved inventory");
    g_autofree char *newer = altered (good, "newer.vinv",
        "UPDATE vinv_meta SET value = '2' WHERE key = 'format_version'");
    expect_bad (newer, VINV_SNAPSHOT_ERROR_NEWER, "newer virt-inventory (format 2; this "
                                                  "version reads up to format 1)");
    g_autofree char *lost_row = altered (good, "lost-row.vinv",
                                         "DELETE FROM vms WHERE name = 'web03'");
    expect_bad (lost_row, VINV_SNAPSHOT_ERROR_DAMAGED, "table 'vms' has 19 rows, but 20");
    g_autofree char *bad_list = altered (good, "bad-list.vinv",
        "UPDATE vms SET disks = '[\"a\",' WHERE name = 'web03'");
    expect_bad (bad_list, VINV_SNAPSHOT_ERROR_DAMAGED, "column 'disks': bad list value");
    g_autofree char *bad_bool = altered (good, "bad-bool.vinv",
                                         "UPDATE vms SET ha = 2 WHERE name = 'web03'");
    expect_bad (bad_bool, VINV_SNAPSHOT_ERROR_DAMAGED, "column 'ha' holds something other");
    g_autofree char *bad_type = altered (good, "bad-type.vinv",
                                         "UPDATE vms SET vcpus = 'many' WHERE name = 'web03'");
    expect_bad (bad_type, VINV_SNAPSHOT_ERROR_DAMAGED,
                "column 'vcpus' holds text where a integer is expected");
    g_autofree char *no_meta = altered (good, "no-meta.vinv", "DROP TABLE vinv_meta");
    expect_bad (no_meta, VINV_SNAPSHOT_ERROR_DAMAGED, "no format in its vinv_meta table");

    /* a history is not a saved file (and says how to open it) */
    g_autofree char *history = tmp_path ("history-as-file.db");
    g_assert_true (vinv_history_record (history, inv, 1, NULL, NULL));
    expect_bad (history, VINV_SNAPSHOT_ERROR_FOREIGN, "is a history database, not a saved "
                                                      "inventory (open it as history:PATH)");
}

/* A column saved with another kind than this version's is left empty and
 * said so in the table's error; unknown columns and tables are ignored. */
static void
test_file_schema_drift (void)
{
    g_autoptr (VinvInventory) inv = sample (0);
    g_autofree char *good = tmp_path ("drift-good.vinv");
    g_assert_true (vinv_snapshot_save (inv, good, FALSE, 0, NULL));
    g_autofree char *drift = altered (good, "drift.vinv",
        "UPDATE vinv_columns SET kind = 'string' WHERE table_id = 'vms' AND id = 'vcpus';"
        "INSERT INTO vinv_columns VALUES ('vms', 99, 'future', 'Future', 'string', NULL, NULL);"
        "INSERT INTO vinv_tables VALUES ('future_table', 99, 'Future', 0, NULL);");
    g_autoptr (VinvInventory) back = vinv_inventory_new ();
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_snapshot_load (drift, back, NULL, &error));
    g_assert_no_error (error);
    VinvTable *vms = vinv_inventory_get_table (back, VINV_TABLE_VM);
    g_assert_cmpstr (vinv_table_get_error (vms), ==,
                     "column 'vcpus' was saved as string, not integer: left empty");
    g_assert_cmpint (vinv_table_get_cell (vms, 0, VINV_VM_VCPUS)->kind, ==, VINV_CELL_NULL);
    g_assert_cmpstr (vinv_table_get_cell (vms, 0, VINV_VM_NAME)->v.s, ==, "web00");
}

/* --- histories --- */

/* The history database of one test: a fresh SQLite file, or a fresh
 * PostgreSQL database when @pg. */
static char *
fresh_db (gboolean pg, const char *name)
{
    static guint counter;
    const char *server = g_getenv ("VINV_TEST_PG_URI");
    g_autoptr (GError) error = NULL;

    lossy_utf8 = pg;
    if (!pg)
        return tmp_path (name);
    g_autofree char *db = g_strdup_printf ("vinv_test_%u_%u", (guint) getpid (), ++counter);
    g_autoptr (VinvSql) admin = vinv_sql_open_pg (server, &error);
    g_assert_no_error (error);
    g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", db);
    g_assert_true (vinv_sql_exec (admin, sql, &error));
    g_assert_no_error (error);
    /* the server URI ends with /postgres */
    g_autoptr (GString) uri = g_string_new (server);
    g_string_truncate (uri, (gsize) (strrchr (uri->str, '/') - uri->str + 1));
    g_string_append (uri, db);
    return g_string_free (g_steal_pointer (&uri), FALSE);
}

static void
test_history_records (gconstpointer data)
{
    gboolean pg = GPOINTER_TO_INT (data);
    g_autofree char *db = fresh_db (pg, "records.db");
    g_autoptr (VinvInventory) v0 = sample (0);
    g_autoptr (VinvInventory) v1 = sample (1);
    g_autoptr (VinvInventory) v2 = sample (2);
    const VinvInventory *sequence[] = { v0, v0, v1, v0, v2 };
    VinvHistoryRecordInfo info;
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (sequence); i++) {
        vinv_history_record (db, sequence[i], 1764000000000LL + i * 86400000LL, &info, &error);
        g_assert_no_error (error);
        g_assert_cmpint (info.record, ==, i + 1);
        g_assert_cmpuint (info.n_sources, ==, 2);
        switch (i) {
        case 0:    /* everything is new */
            g_assert_cmpuint (info.n_rows, ==, 21);
            g_assert_cmpuint (info.n_added, ==, 21);
            break;
        case 1:    /* nothing changed: only the uptime statistic did */
            g_assert_cmpuint (info.n_added, ==, 0);
            g_assert_cmpuint (info.n_removed, ==, 0);
            break;
        case 2:    /* vm-05 removed, vm-07 changed, vm-new added in the middle */
            g_assert_cmpuint (info.n_added, ==, 2);
            g_assert_cmpuint (info.n_removed, ==, 1);
            break;
        case 3:    /* back: vm-05 again (one version), vm-07 back, vm-new gone */
            g_assert_cmpuint (info.n_added, ==, 2);
            g_assert_cmpuint (info.n_removed, ==, 1);
            break;
        default:   /* only a source error changed */
            g_assert_cmpuint (info.n_added, ==, 0);
            break;
        }
    }
    /* every record opens as what it recorded, statistics left out */
    for (guint i = 0; i < G_N_ELEMENTS (sequence); i++) {
        g_autoptr (VinvInventory) back = vinv_inventory_new ();
        g_autofree char *when = g_strdup_printf ("%u", i + 1);
        gint64 record = 0;
        g_assert_true (vinv_history_load (db, when, back, &record, &error));
        g_assert_no_error (error);
        g_assert_cmpint (record, ==, i + 1);
        assert_same (sequence[i], back, FALSE);
    }

    /* WHEN: latest, a date (the end of that day), a date and time */
    static const struct {
        const char *when;
        gint64 record;
    } whens[] = {
        { "latest", 5 }, { "2025-11-24", 1 }, { "2025-11-25 16:00", 2 },
        { "2025-11-26T16:00:00Z", 3 }, { "2025-12-30", 5 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (whens); i++) {
        g_autoptr (VinvInventory) back = vinv_inventory_new ();
        gint64 record = 0;
        g_test_message ("when %s", whens[i].when);
        g_assert_true (vinv_history_load (db, whens[i].when, back, &record, &error));
        g_assert_no_error (error);
        g_assert_cmpint (record, ==, whens[i].record);
    }
    static const char *const bad_whens[] = { "6", "2020-01-01", "yesterday" };
    for (guint i = 0; i < G_N_ELEMENTS (bad_whens); i++) {
        g_autoptr (VinvInventory) back = vinv_inventory_new ();
        gint64 record = 0;
        g_assert_false (vinv_history_load (db, bad_whens[i], back, &record, &error));
        g_assert_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NO_RECORD);
        g_clear_error (&error);
    }

    /* the list */
    g_autoptr (VinvTable) list = vinv_history_list (db, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_table_get_n_rows (list), ==, 5);
    g_assert_cmpstr (vinv_table_get_row_id (list, 2), ==, "3");
    g_assert_cmpint (vinv_table_get_cell (list, 2, 3)->v.list->n, ==, 2);     /* sources */
    g_assert_cmpint (vinv_table_get_cell (list, 2, 4)->v.i, ==, 21);          /* rows */
    g_assert_cmpint (vinv_table_get_cell (list, 2, 5)->v.i, ==, 2);           /* stored */
    g_assert_cmpint (vinv_table_get_cell (list, 2, 6)->v.i, ==, 1);           /* removed */
    g_assert_cmpint (vinv_table_get_cell (list, 0, 7)->v.i, ==, 1);           /* errors */
    g_assert_cmpint (vinv_table_get_cell (list, 4, 7)->v.i, ==, 2);

    /* one entity over time */
    g_autoptr (VinvTable) seven = vinv_history_show (db, "vms", "vm-07", &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_table_get_n_rows (seven), ==, 3);
    g_assert_cmpstr (vinv_table_get_cell (seven, 0, 4)->v.s, ==, "added");
    g_assert_cmpint (vinv_table_get_cell (seven, 1, 2)->v.i, ==, 3);
    g_assert_cmpstr (vinv_table_get_cell (seven, 1, 5)->v.s, ==, "vcpus");
    g_assert_cmpstr (vinv_table_get_cell (seven, 1, 6)->v.s, ==, "4");
    g_assert_cmpstr (vinv_table_get_cell (seven, 1, 7)->v.s, ==, "8");
    g_assert_cmpstr (vinv_table_get_cell (seven, 2, 7)->v.s, ==, "4");
    g_autoptr (VinvTable) five = vinv_history_show (db, "vm", "vm-05", &error);
    g_assert_cmpuint (vinv_table_get_n_rows (five), ==, 3);
    g_assert_cmpstr (vinv_table_get_cell (five, 1, 4)->v.s, ==, "removed");
    g_assert_cmpint (vinv_table_get_cell (five, 1, 2)->v.i, ==, 3);
    g_assert_cmpstr (vinv_table_get_cell (five, 2, 4)->v.s, ==, "added");
    g_assert_cmpint (vinv_table_get_cell (five, 2, 2)->v.i, ==, 4);
}

/* Row order costs one version per moved or inserted row, not a
 * renumbering of the table. */
static void
test_history_order (gconstpointer data)
{
    gboolean pg = GPOINTER_TO_INT (data);
    g_autofree char *db = fresh_db (pg, "order.db");
    static const char *const orders[] = {
        "abcdefghij",       /* first record */
        "abcXdefghij",      /* X inserted in the middle: 1 */
        "YabcXdefghij",     /* Y inserted first: 1 */
        "YabcXdefghijZ",    /* Z appended: 1 */
        "YabcXdfghijZe",    /* e moved to the end: 1 */
        "ZjihgfdXcbaYe",    /* reversed but e: all but one of a longest run */
    };
    static const guint stored[] = { 10, 1, 1, 1, 1, 11 };
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (orders); i++) {
        g_autoptr (VinvInventory) inv = vinv_inventory_new ();
        vinv_inventory_add_source (inv, "s", "test:///default", NULL);
        VinvTable *t = vinv_inventory_ensure_table (inv, VINV_TABLE_NET);
        for (const char *p = orders[i]; *p != '\0'; p++) {
            char id[2] = { *p, '\0' };
            guint r = vinv_table_add_row (t, "s", id);
            vinv_table_set_string (t, r, VINV_NET_NAME, id);
        }
        VinvHistoryRecordInfo info;
        vinv_history_record (db, inv, 1000 + i, &info, &error);
        g_assert_no_error (error);
        g_test_message ("order %s stored %u", orders[i], info.n_added);
        g_assert_cmpuint (info.n_added, ==, stored[i]);

        g_autoptr (VinvInventory) back = vinv_inventory_new ();
        gint64 record;
        g_assert_true (vinv_history_load (db, "latest", back, &record, &error));
        assert_same (inv, back, FALSE);
    }
}

/* Many inserts at one place exhaust the gaps: the table is renumbered
 * once and still opens in order. */
static void
test_history_renumber (void)
{
    g_autofree char *db = fresh_db (FALSE, "renumber.db");
    g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    gboolean renumbered = FALSE;

    g_ptr_array_add (ids, g_strdup ("first"));
    g_ptr_array_add (ids, g_strdup ("last"));
    for (guint i = 0; i < 30; i++) {
        g_autoptr (VinvInventory) inv = vinv_inventory_new ();
        vinv_inventory_add_source (inv, "s", "test:///default", NULL);
        VinvTable *t = vinv_inventory_ensure_table (inv, VINV_TABLE_NET);
        for (guint k = 0; k < ids->len; k++)
            vinv_table_add_row (t, "s", g_ptr_array_index (ids, k));
        VinvHistoryRecordInfo info;
        g_assert_true (vinv_history_record (db, inv, i, &info, &error));
        g_assert_no_error (error);
        renumbered |= i > 0 && info.n_added > 1;
        g_autoptr (VinvInventory) back = vinv_inventory_new ();
        gint64 record;
        g_assert_true (vinv_history_load (db, "latest", back, &record, &error));
        assert_same (inv, back, FALSE);
        /* always insert right after "first" */
        g_ptr_array_insert (ids, 1, g_strdup_printf ("n%02u", i));
    }
    g_assert_true (renumbered);
}

static void
test_history_bad (void)
{
    g_autofree char *missing = tmp_path ("no-history.db");
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_autoptr (GError) error = NULL;
    gint64 record;

    g_assert_false (vinv_history_load (missing, "latest", inv, &record, &error));
    g_assert_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NOT_FOUND);
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
    g_clear_error (&error);

    /* a saved file is not a history, and recording does not touch it */
    g_autoptr (VinvInventory) sample0 = sample (0);
    g_autofree char *saved = tmp_path ("saved-not-history.vinv");
    g_assert_true (vinv_snapshot_save (sample0, saved, FALSE, 0, NULL));
    g_autofree char *before = checksum (saved);
    g_assert_false (vinv_history_record (saved, sample0, 0, NULL, &error));
    g_assert_error (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_FOREIGN);
    g_assert_nonnull (strstr (error->message, "(open it as file:PATH)"));
    g_autofree char *after = checksum (saved);
    g_assert_cmpstr (after, ==, before);
    g_clear_error (&error);

    /* an empty history: no record */
    g_autofree char *db = tmp_path ("empty-history.db");
    g_autoptr (VinvInventory) nothing = vinv_inventory_new ();
    g_assert_true (vinv_history_record (db, nothing, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (vinv_history_load (db, "1", inv, &record, &error));
    g_assert_cmpuint (vinv_inventory_get_n_sources (inv), ==, 0);
}

int
main (int argc, char **argv)
{
    g_autoptr (GError) error = NULL;
    int status;

    g_test_init (&argc, &argv, NULL);
    vinv_backend_register (&fake_libvirt);
    vinv_backend_register (&fake_ovirt);
    tmpdir = g_dir_make_tmp ("test-snapshot-XXXXXX", &error);
    g_assert_no_error (error);

    g_test_add_func ("/snapshot/json/roundtrip", test_json_roundtrip);
    g_test_add_func ("/snapshot/json/bad", test_json_bad);
    g_test_add_func ("/snapshot/file/roundtrip", test_file_roundtrip);
    g_test_add_func ("/snapshot/file/replace", test_file_replace);
    g_test_add_func ("/snapshot/file/bad", test_file_bad);
    g_test_add_func ("/snapshot/file/schema-drift", test_file_schema_drift);
    g_test_add_data_func ("/history/sqlite/records", GINT_TO_POINTER (FALSE),
                          test_history_records);
    g_test_add_data_func ("/history/sqlite/order", GINT_TO_POINTER (FALSE), test_history_order);
    g_test_add_func ("/history/sqlite/renumber", test_history_renumber);
    g_test_add_func ("/history/sqlite/bad", test_history_bad);
    if (g_getenv ("VINV_TEST_PG_URI") != NULL) {
        g_test_add_data_func ("/history/postgresql/records", GINT_TO_POINTER (TRUE),
                              test_history_records);
        g_test_add_data_func ("/history/postgresql/order", GINT_TO_POINTER (TRUE),
                              test_history_order);
    }
    status = g_test_run ();

    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmpdir);
    if (system (cmd) != 0)
        g_printerr ("could not remove %s\n", tmpdir);
    return status;
}
