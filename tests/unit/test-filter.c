/* test-filter.c — the filter language, tested from data (like jq's tests).
 *
 * Four sources of cases, all against one small VMs table built here and
 * the Hosts and Disks tables its links point at (build_fixture(); docs/
 * filter-language.md shows the VMs and Hosts tables and this test checks
 * that it does):
 *
 *  - the .test files in tests/data/filter: plain-text cases, each a `filter:` line and
 *    either `rows:` (expected row ids in table order, plus optional
 *    `first:`, `table:` (default vms) and `visible:` lines) or `error:`
 *    (offset and exact message) with an optional `hint:` (absent means
 *    "no hint");
 *  - every example in docs/filter-language.md (```filter blocks of
 *    `FILTER → names` lines on the VMs table, ```filter hosts blocks on the
 *    Hosts table, ```filter-error blocks with a caret line);
 *  - a fuzzer: thousands of random and mutated filters must compile or fail
 *    cleanly (offset inside the text, message in our style), and compiled
 *    ones must evaluate on every row;
 *  - the fast regex subset checked against GRegex on fixed and random
 *    patterns (white box, through filter-private.h);
 *  - API cases (empty filter, text, counts) and a timing of 100,000 rows,
 *    reported and never asserted.
 *
 * Needs VINV_SOURCE_ROOT (tests/meson.build sets it) to find the data.
 */
#include "core/filter.h"
#include "core/filter-private.h"   /* white box: the fast regex subset */
#include "core/tables.h"

#include <math.h>
#include <string.h>

/* ---- the fixture -------------------------------------------------------- */

/* One VM of the fixture.  Lists are items joined with '|' ("" = empty
 * list, NULL = null); NAN / -1 / NULL mean a null cell. */
typedef struct {
    const char *id;
    const char *name;
    const char *status;
    const char *host;
    double memory_mb;
    double max_memory_mb;
    gint64 vcpus;
    const char *disks;
    const char *storage_domains;
    int pending_restart;
    const char *cluster_version;
    const char *compat_version;
    const char *created;
    double cpu_total;
    const char *description;
    const char *ips;
} FixtureVm;

static const FixtureVm fixture_vms[] = {
    { "vm-001", "vm1", "up", "hv01", 2048, 4096, 2, "vm1-os", "nfs-data", 0,
      "4.7", "4.7", "2024-01-10 09:00:00", 12.5, "test box", "10.0.0.1" },
    { "vm-002", "vm2", "up", "hv02", 8192, 8192, 4, "Disk1|Disk2|Disk3", "nfs-data|iscsi-fast", 1,
      "4.7", "4.6", "2024-02-01 12:30:00", 55, "build server", "10.0.0.2|192.168.1.2" },
    { "vm-003", "vm10", "down", NULL, 4096, 4096, 2, "", "", 0,
      "4.7", "4.7", "2023-12-24 18:00:00", NAN, NULL, "" },
    { "vm-004", "web01", "up", "hv01", 6144, 8192, 4, "web01-os|web01-data", "nfs-web", 1,
      "4.8", "4.7", "2024-03-05 08:15:00", 80, "frontend, a, b", "10.0.1.1" },
    { "vm-005", "web02", "up", "hv03", 4096, 8192, 4, "web02-os", "nfs-web", 0,
      "4.8", "4.8", "2024-03-05 08:20:00", 20, "frontend", "10.0.1.2" },
    { "vm-006", "web10", "paused", "hv04", 16384, 16384, 8, "web10-os|Disk2", "iscsi-fast", 0,
      "4.8", "4.8", "2024-03-06 10:00:00", 0, "", "" },
    { "vm-007", "my vm", "up", "hv05", 5120, 5120, 1, "my-disk", "local", -1,
      "4.8", "4.8", "2024-05-31 23:59:59", 3.75, "Jane's (and Bob's) VM", "" },
    { "vm-008", "db01", "up", "hv02", 32768, 65536, 16, "db01-os|db01-data|db01-log",
      "iscsi-fast|iscsi-slow", 1,
      "4.8", "4.7", "2023-06-01 00:00:00", 95, "database, primary", "10.0.2.1" },
    { "vm-009", "Db02", "down", NULL, 32768, 65536, 16, "db02-os", "iscsi-fast", 0,
      "4.8", "4.8", "2023-06-02 00:00:00", NAN, "database, standby", "" },
    { "vm-010", "backup", "migrating", "hv03", 1024, 2048, 1, NULL, NULL, 0,
      "4.6", "4.6", "2022-11-30 06:00:00", 1, NULL, NULL },
    { "vm-011", "Ünïcode", "up", "hv04", 3072, 3072, 2, "Ünï-disk", "nfs-data", 0,
      "4.8", "4.8", "2024-04-01 12:00:00", 7, "Ärger", NULL },
    { "vm-012", "orphan", NULL, NULL, NAN, NAN, -1, NULL, NULL, -1,
      NULL, NULL, NULL, NAN, NULL, NULL },
};

static void
set_list (VinvTable *table, guint row, guint col, const char *joined, const char *id_prefix)
{
    if (joined == NULL)
        return;
    g_auto (GStrv) texts = joined[0] != '\0' ? g_strsplit (joined, "|", -1)
                                             : g_new0 (char *, 1);
    guint n = g_strv_length (texts);
    g_autofree VinvItem *items = g_new0 (VinvItem, MAX (n, 1));
    g_auto (GStrv) ids = g_new0 (char *, n + 1);

    for (guint i = 0; i < n; i++) {
        ids[i] = id_prefix != NULL ? g_strconcat (id_prefix, texts[i], NULL) : NULL;
        items[i].text = texts[i];
        items[i].id = ids[i];
    }
    vinv_table_set_list (table, row, col, items, n);
}

static void
add_fixture_row (VinvTable *table, const FixtureVm *vm, const char *id, const char *name)
{
    guint row = vinv_table_add_row (table, "test", id);
    gint64 ms;

    vinv_table_set_string (table, row, VINV_VM_NAME, name);
    vinv_table_set_string (table, row, VINV_VM_STATUS, vm->status);
    if (vm->host != NULL) {
        g_autofree char *host_id = g_strconcat ("host-", vm->host, NULL);
        vinv_table_set_ref (table, row, VINV_VM_HOST, vm->host, host_id);
    }
    if (!isnan (vm->memory_mb))
        vinv_table_set_quantity (table, row, VINV_VM_MEMORY, vm->memory_mb * 1024 * 1024);
    if (!isnan (vm->max_memory_mb))
        vinv_table_set_quantity (table, row, VINV_VM_MAX_MEMORY,
                                 vm->max_memory_mb * 1024 * 1024);
    if (vm->vcpus >= 0)
        vinv_table_set_int (table, row, VINV_VM_VCPUS, vm->vcpus);
    set_list (table, row, VINV_VM_DISKS, vm->disks, "disk-");
    set_list (table, row, VINV_VM_STORAGE_DOMAINS, vm->storage_domains, "sd-");
    if (vm->pending_restart >= 0)
        vinv_table_set_bool (table, row, VINV_VM_PENDING_RESTART, vm->pending_restart);
    vinv_table_set_string (table, row, VINV_VM_CLUSTER_VERSION, vm->cluster_version);
    vinv_table_set_string (table, row, VINV_VM_COMPATIBILITY_VERSION, vm->compat_version);
    if (vm->created != NULL) {
        g_assert_true (vinv_time_parse (vm->created, &ms));
        vinv_table_set_time (table, row, VINV_VM_CREATION_TIME, ms);
    }
    if (!isnan (vm->cpu_total))
        vinv_table_set_quantity (table, row, VINV_VM_CPU_TOTAL, vm->cpu_total);
    vinv_table_set_string (table, row, VINV_VM_DESCRIPTION, vm->description);
    set_list (table, row, VINV_VM_IP_ADDRESSES, vm->ips, NULL);
}

/* The Hosts the VMs run on (their Host cells link to "host-NAME"), with
 * the VMs list each host shows; hv06 runs nothing, hv07 has no VMs cell. */
typedef struct {
    const char *name;
    const char *status;
    double memory_gb;
    gint64 cores;
    int update_available;
    const char *vms;          /* VM names joined with '|', NULL = null cell */
} FixtureHost;

static const FixtureHost fixture_hosts[] = {
    { "hv01", "up", 256, 32, 0, "vm1|web01" },
    { "hv02", "up", 512, 64, 1, "vm2|db01" },
    { "hv03", "maintenance", 256, 32, 0, "web02|backup" },
    { "hv04", "up", 128, 16, 1, "web10|Ünïcode" },
    { "hv05", "non_responsive", 64, 8, -1, "my vm" },
    { "hv06", "up", 64, 8, 0, "" },
    { "hv07", NULL, NAN, -1, -1, NULL },
};

/* The Disks, linked from the VMs' Disks cells by "disk-NAME".  Some disks
 * of the VMs are left out on purpose: a linked row that is not there. */
typedef struct {
    const char *name;
    double provisioned_gb;
    int sparse;
} FixtureDisk;

static const FixtureDisk fixture_disks[] = {
    { "vm1-os", 20, 1 }, { "Disk1", 100, 0 }, { "Disk2", 50, 1 }, { "Disk3", 10, 1 },
    { "web01-os", 20, 1 }, { "web01-data", 500, 0 }, { "web02-os", 20, 1 },
    { "web10-os", 20, 1 }, { "db01-os", 40, 0 }, { "db01-data", 2000, 0 },
    /* not here: db01-log, db02-os, my-disk, Ünï-disk */
};

static const char *
vm_id_by_name (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (fixture_vms); i++) {
        if (strcmp (fixture_vms[i].name, name) == 0)
            return fixture_vms[i].id;
    }
    g_error ("no fixture VM is named '%s'", name);
}

static VinvTable *
build_hosts (void)
{
    VinvTable *table = vinv_table_new (vinv_schema_get (VINV_TABLE_HOST));
    for (gsize i = 0; i < G_N_ELEMENTS (fixture_hosts); i++) {
        const FixtureHost *h = &fixture_hosts[i];
        g_autofree char *id = g_strconcat ("host-", h->name, NULL);
        guint row = vinv_table_add_row (table, "test", id);
        vinv_table_set_string (table, row, VINV_HOST_NAME, h->name);
        vinv_table_set_string (table, row, VINV_HOST_STATUS, h->status);
        if (!isnan (h->memory_gb))
            vinv_table_set_quantity (table, row, VINV_HOST_MEMORY, h->memory_gb * 1073741824.0);
        if (h->cores >= 0)
            vinv_table_set_int (table, row, VINV_HOST_CORES, h->cores);
        if (h->update_available >= 0)
            vinv_table_set_bool (table, row, VINV_HOST_UPDATE_AVAILABLE, h->update_available);
        if (h->vms == NULL)
            continue;
        g_auto (GStrv) names = h->vms[0] != '\0' ? g_strsplit (h->vms, "|", -1)
                                                 : g_new0 (char *, 1);
        guint n = g_strv_length (names);
        g_autofree VinvItem *items = g_new0 (VinvItem, MAX (n, 1));
        for (guint k = 0; k < n; k++)
            items[k] = (VinvItem) { names[k], vm_id_by_name (names[k]) };
        vinv_table_set_list (table, row, VINV_HOST_VMS, items, n);
    }
    return table;
}

static VinvTable *
build_disks (void)
{
    VinvTable *table = vinv_table_new (vinv_schema_get (VINV_TABLE_DISK));
    for (gsize i = 0; i < G_N_ELEMENTS (fixture_disks); i++) {
        const FixtureDisk *d = &fixture_disks[i];
        g_autofree char *id = g_strconcat ("disk-", d->name, NULL);
        guint row = vinv_table_add_row (table, "test", id);
        vinv_table_set_string (table, row, VINV_DISK_NAME, d->name);
        vinv_table_set_quantity (table, row, VINV_DISK_PROVISIONED_SIZE,
                                 d->provisioned_gb * 1073741824.0);
        vinv_table_set_bool (table, row, VINV_DISK_SPARSE, d->sparse);
    }
    return table;
}

static VinvTable *
build_fixture (void)
{
    VinvTable *table = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    for (gsize i = 0; i < G_N_ELEMENTS (fixture_vms); i++)
        add_fixture_row (table, &fixture_vms[i], fixture_vms[i].id, fixture_vms[i].name);
    return table;
}

static VinvTable *fixture;                            /* the VMs */
static VinvTable *fixture_tables[VINV_TABLE_LAST];    /* VMs, Hosts, Disks */

static const VinvSchema *
vm_schema (void)
{
    return vinv_schema_get (VINV_TABLE_VM);
}

/* The columns of @schema shown by default (the DEFAULT flag); free text
 * searches these unless a case says otherwise. */
static gboolean *
default_visible_of (const VinvSchema *schema)
{
    gboolean *visible = g_new0 (gboolean, schema->n_columns);
    for (guint c = 0; c < schema->n_columns; c++)
        visible[c] = (schema->columns[c].flags & VINV_COL_DEFAULT) != 0;
    return visible;
}

static gboolean *
default_visible (void)
{
    return default_visible_of (vm_schema ());
}

static const char *
source_root (void)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    if (root == NULL)
        g_error ("VINV_SOURCE_ROOT is not set; run the tests with 'meson test'");
    return root;
}

/* ---- running one filter ------------------------------------------------- */

/* The item each (row, column) showed first, as reported by the filter. */
typedef struct {
    guint row;
    GHashTable *firsts;   /* "row/col" -> item index + 1 */
} Reports;

static void
record_item (guint col, guint item, gpointer user_data)
{
    Reports *reports = user_data;
    g_hash_table_insert (reports->firsts, g_strdup_printf ("%u/%u", reports->row, col),
                         GUINT_TO_POINTER (item + 1));
}

/* Runs @filter over fixture table @table, prepared with every fixture
 * table as a view does, and with @table as the table matched (its links
 * resolved to row indexes) or NULL (every linked item looked up by id).
 * Returns the matching row ids joined with ' ', and fills @reports. */
static char *
run_filter_prepared (VinvFilter *filter, VinvTable *table, VinvTable *prepared,
                     const gboolean *visible, Reports *reports)
{
    GString *ids = g_string_new (NULL);
    guint n = vinv_table_get_n_rows (table);

    vinv_filter_prepare (filter, prepared, fixture_tables);
    for (guint r = 0; r < n; r++) {
        reports->row = r;
        if (vinv_filter_match (filter, table, r, visible, record_item, reports)) {
            if (ids->len > 0)
                g_string_append_c (ids, ' ');
            g_string_append (ids, vinv_table_get_row_id (table, r));
        }
    }
    return g_string_free (ids, FALSE);
}

/* Runs @filter over fixture table @table both ways (see above): the two
 * must agree on the rows and on the items shown first.  Returns the
 * matching row ids joined with ' ', and fills @reports. */
static char *
run_filter_on (VinvFilter *filter, VinvTable *table, const gboolean *visible,
               Reports *reports)
{
    Reports by_id = { 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
    g_autofree char *looked_up = run_filter_prepared (filter, table, NULL, visible, &by_id);
    char *ids = run_filter_prepared (filter, table, table, visible, reports);
    GHashTableIter iter;
    gpointer key, value;

    g_assert_cmpstr (ids, ==, looked_up);
    g_assert_cmpuint (g_hash_table_size (by_id.firsts), ==, g_hash_table_size (reports->firsts));
    g_hash_table_iter_init (&iter, by_id.firsts);
    while (g_hash_table_iter_next (&iter, &key, &value))
        g_assert_true (g_hash_table_lookup (reports->firsts, key) == value);
    g_hash_table_unref (by_id.firsts);
    return ids;
}

static char *
run_filter (VinvFilter *filter, const gboolean *visible, Reports *reports)
{
    return run_filter_on (filter, fixture, visible, reports);
}

/* Reported first item of (@row, @col), or -1 when none was reported. */
static int
reported_item (Reports *reports, guint row, guint col)
{
    g_autofree char *key = g_strdup_printf ("%u/%u", row, col);
    gpointer v = g_hash_table_lookup (reports->firsts, key);
    return v != NULL ? (int) GPOINTER_TO_UINT (v) - 1 : -1;
}

static guint
column_of (const VinvSchema *schema, const char *name)
{
    int col = vinv_schema_lookup_column (schema, name);
    if (col < 0)
        g_error ("test data names an unknown column '%s' of %s", name, schema->id);
    return (guint) col;
}

static guint
row_by_id (VinvTable *table, const char *id)
{
    int row = vinv_table_find_row (table, NULL, id);
    if (row < 0)
        g_error ("test data names an unknown row '%s'", id);
    return (guint) row;
}

static int
item_index (VinvTable *table, guint row, guint col, const char *text)
{
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    g_assert_cmpint (cell->kind, ==, VINV_CELL_LIST);
    for (guint i = 0; i < cell->v.list->n; i++) {
        if (g_strcmp0 (cell->v.list->items[i].text, text) == 0)
            return (int) i;
    }
    g_error ("row %s has no item '%s'", vinv_table_get_row_id (table, row), text);
}

/* The fixture table named @name (an id, title or alias). */
static VinvTable *
fixture_table (const char *name)
{
    const VinvSchema *schema = vinv_schema_lookup (name);
    VinvTable *table = schema != NULL ? fixture_tables[vinv_schema_get_kind (schema)] : NULL;
    if (table == NULL)
        g_error ("test data names no fixture table '%s'", name);
    return table;
}

/* ---- cases from the .test files in tests/data/filter ------------------ */

typedef struct {
    char *where;          /* "basic.test:12" */
    char *filter;
    char *rows;           /* expected ids joined by ' ', or NULL for an error case */
    char *first;          /* "COLUMN ROW=ITEM ROW=- ...", or NULL */
    char *table;          /* fixture table, or NULL: vms */
    char *visible;        /* "COLUMN COLUMN" / "all", or NULL: default columns */
    gboolean is_error;
    gsize offset;
    char *message;
    char *hint;
} Case;

static void
case_free (gpointer data)
{
    Case *c = data;
    g_free (c->where);
    g_free (c->filter);
    g_free (c->rows);
    g_free (c->first);
    g_free (c->table);
    g_free (c->visible);
    g_free (c->message);
    g_free (c->hint);
    g_free (c);
}

static GPtrArray *all_cases;   /* of Case, for the fuzzer's seeds too */

static char *
normalize_ids (const char *s)
{
    g_auto (GStrv) parts = g_strsplit_set (s, " \t", -1);
    GString *out = g_string_new (NULL);
    for (char **p = parts; *p; p++) {
        if (**p == '\0')
            continue;
        if (out->len > 0)
            g_string_append_c (out, ' ');
        g_string_append (out, *p);
    }
    return g_string_free (out, FALSE);
}

static gboolean *
parse_visible (const VinvSchema *schema, const char *spec)
{
    if (spec == NULL)
        return default_visible_of (schema);
    if (strcmp (spec, "all") == 0)
        return NULL;
    gboolean *visible = g_new0 (gboolean, schema->n_columns);
    g_auto (GStrv) names = g_strsplit (spec, ",", -1);
    for (char **n = names; *n; n++)
        visible[column_of (schema, g_strstrip (*n))] = TRUE;
    return visible;
}

static void
check_first (VinvTable *table, const char *spec, Reports *reports)
{
    g_auto (GStrv) parts = g_strsplit_set (spec, " ", -1);
    guint col = column_of (vinv_table_get_schema (table), parts[0]);
    for (char **p = parts + 1; *p; p++) {
        if (**p == '\0')
            continue;
        char *eq = strchr (*p, '=');
        g_assert_nonnull (eq);
        *eq = '\0';
        guint row = row_by_id (table, *p);
        int expected = strcmp (eq + 1, "-") == 0 ? -1 : item_index (table, row, col, eq + 1);
        int got = reported_item (reports, row, col);
        if (got != expected)
            g_test_message ("first item of %s in column %s: expected %d, got %d", *p,
                            parts[0], expected, got);
        g_assert_cmpint (got, ==, expected);
    }
}

static void
run_case (gconstpointer data)
{
    const Case *c = data;
    VinvTable *table = fixture_table (c->table != NULL ? c->table : "vms");
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_autoptr (VinvFilterError) error = NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (c->filter, schema, &error);

    g_test_message ("%s: filter: %s", c->where, c->filter);
    if (c->is_error) {
        if (filter != NULL)
            g_test_message ("expected an error, but the filter compiled");
        g_assert_null (filter);
        g_assert_nonnull (error);
        g_test_message ("got error: %" G_GSIZE_FORMAT " %s / hint: %s", error->offset,
                        error->message, error->hint != NULL ? error->hint : "(none)");
        g_assert_cmpstr (error->message, ==, c->message);
        g_assert_cmpuint (error->offset, ==, c->offset);
        g_assert_cmpstr (error->hint, ==, c->hint);
        return;
    }

    if (filter == NULL)
        g_test_message ("unexpected error at %" G_GSIZE_FORMAT ": %s", error->offset,
                        error->message);
    g_assert_nonnull (filter);
    g_assert_cmpstr (vinv_filter_get_text (filter), ==, c->filter);

    g_autofree gboolean *visible = parse_visible (schema, c->visible);
    Reports reports = { 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
    g_autofree char *got = run_filter_on (filter, table, visible, &reports);
    g_assert_cmpstr (got, ==, c->rows);
    if (c->first != NULL)
        check_first (table, c->first, &reports);
    g_hash_table_unref (reports.firsts);
}

static void
load_case_file (const char *path, const char *base)
{
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    Case *current = NULL;

    if (!g_file_get_contents (path, &contents, NULL, &error))
        g_error ("%s", error->message);
    g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = lines[i];
        const char *colon = strchr (line, ':');

        if (line[0] == '#' || strspn (line, " \t\r") == strlen (line))
            continue;
        if (colon == NULL)
            g_error ("%s:%u: expected 'key: value'", base, i + 1);

        g_autofree char *key = g_strndup (line, colon - line);
        const char *value = colon + 1;
        if (*value == ' ')
            value++;

        if (strcmp (key, "filter") == 0) {
            current = g_new0 (Case, 1);
            current->where = g_strdup_printf ("%s:%u", base, i + 1);
            current->filter = g_strdup (value);
            g_ptr_array_add (all_cases, current);
            continue;
        }
        if (current == NULL)
            g_error ("%s:%u: '%s' before any 'filter:'", base, i + 1, key);
        if (strcmp (key, "rows") == 0) {
            current->rows = normalize_ids (value);
        } else if (strcmp (key, "first") == 0) {
            current->first = g_strdup (value);
        } else if (strcmp (key, "table") == 0) {
            current->table = g_strdup (value);
        } else if (strcmp (key, "visible") == 0) {
            current->visible = g_strdup (value);
        } else if (strcmp (key, "error") == 0) {
            char *end = NULL;
            current->is_error = TRUE;
            current->offset = g_ascii_strtoull (value, &end, 10);
            if (end == value || *end != ' ')
                g_error ("%s:%u: expected 'error: OFFSET MESSAGE'", base, i + 1);
            current->message = g_strdup (end + 1);
        } else if (strcmp (key, "hint") == 0) {
            current->hint = g_strdup (value);
        } else {
            g_error ("%s:%u: unknown key '%s'", base, i + 1, key);
        }
    }
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
register_case_files (void)
{
    g_autofree char *dir = g_build_filename (source_root (), "tests", "data", "filter", NULL);
    g_autoptr (GError) error = NULL;
    g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    if (d == NULL)
        g_error ("%s", error->message);
    while ((name = g_dir_read_name (d)) != NULL) {
        if (g_str_has_suffix (name, ".test"))
            g_ptr_array_add (names, g_strdup (name));
    }
    g_ptr_array_sort (names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
        load_case_file (path, names->pdata[i]);
    }
    for (guint i = 0; i < all_cases->len; i++) {
        Case *c = all_cases->pdata[i];
        if (c->rows == NULL && !c->is_error)
            g_error ("%s: a case needs 'rows:' or 'error:'", c->where);
        g_autofree char *path = g_strdup_printf ("/filter/case/%s", c->where);
        g_test_add_data_func (path, c, run_case);
    }
}

/* ---- examples from docs/filter-language.md ------------------------------ */

/* "vm2 {Disks: Disk2 (2)}": a row name, and optionally the text one of its
 * cells then shows. */
typedef struct {
    char *name;
    char *column;
    char *shows;
} ExpectedRow;

typedef struct {
    char *where;
    char *filter;
    VinvTable *table;     /* the fixture table it runs on */
    gboolean is_error;
    gboolean all_rows;
    GPtrArray *rows;      /* of ExpectedRow */
    gsize offset;
    char *message;
    char *hint;
} DocExample;

static void
expected_row_free (gpointer data)
{
    ExpectedRow *r = data;
    g_free (r->name);
    g_free (r->column);
    g_free (r->shows);
    g_free (r);
}

static void
doc_example_free (gpointer data)
{
    DocExample *e = data;
    g_free (e->where);
    g_free (e->filter);
    g_clear_pointer (&e->rows, g_ptr_array_unref);
    g_free (e->message);
    g_free (e->hint);
    g_free (e);
}

static GPtrArray *doc_examples;

static int
row_by_name (VinvTable *table, const char *name)
{
    guint name_col = column_of (vinv_table_get_schema (table), "name");
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        const VinvCell *cell = vinv_table_get_cell (table, r, name_col);
        if (cell->kind == VINV_CELL_STRING && strcmp (cell->v.s, name) == 0)
            return (int) r;
    }
    return -1;
}

static void
run_doc_example (gconstpointer data)
{
    const DocExample *e = data;
    VinvTable *table = e->table;
    const VinvSchema *schema = vinv_table_get_schema (table);
    g_autoptr (VinvFilterError) error = NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (e->filter, schema, &error);
    g_autofree gboolean *visible = default_visible_of (schema);

    g_test_message ("%s: %s", e->where, e->filter);
    if (e->is_error) {
        g_assert_null (filter);
        g_assert_nonnull (error);
        g_test_message ("got: %" G_GSIZE_FORMAT " %s / %s", error->offset, error->message,
                        error->hint != NULL ? error->hint : "(no hint)");
        g_assert_cmpstr (error->message, ==, e->message);
        g_assert_cmpuint (error->offset, ==, e->offset);
        g_assert_cmpstr (error->hint, ==, e->hint);
        return;
    }
    if (filter == NULL)
        g_test_message ("error at %" G_GSIZE_FORMAT ": %s", error->offset, error->message);
    g_assert_nonnull (filter);

    Reports reports = { 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
    g_autofree char *got = run_filter_on (filter, table, visible, &reports);
    GString *want = g_string_new (NULL);
    if (e->all_rows) {
        for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
            if (want->len > 0)
                g_string_append_c (want, ' ');
            g_string_append (want, vinv_table_get_row_id (table, r));
        }
    }
    for (guint i = 0; e->rows != NULL && i < e->rows->len; i++) {
        ExpectedRow *er = e->rows->pdata[i];
        int row = row_by_name (table, er->name);
        if (row < 0)
            g_error ("%s: no row of %s is named '%s'", e->where, schema->id, er->name);
        if (want->len > 0)
            g_string_append_c (want, ' ');
        g_string_append (want, vinv_table_get_row_id (table, row));
        if (er->column != NULL) {
            guint col = column_of (schema, er->column);
            int first = reported_item (&reports, row, col);
            g_autofree char *shown = vinv_cell_dup_text (&schema->columns[col],
                                                         vinv_table_get_cell (table, row, col),
                                                         first >= 0 ? (guint) first : 0);
            g_assert_cmpstr (shown, ==, er->shows);
        }
    }
    g_autofree char *want_s = g_string_free (want, FALSE);
    g_assert_cmpstr (got, ==, want_s);
    g_hash_table_unref (reports.firsts);
}

/* Parses "vm1, my vm {Disks: Disk2 (2)}, web01". */
static GPtrArray *
parse_expected_rows (const char *text, const char *where)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func (expected_row_free);
    const char *p = text;

    while (*p != '\0') {
        ExpectedRow *er = g_new0 (ExpectedRow, 1);
        const char *end = p;
        while (*end != '\0' && *end != ',' && *end != '{')
            end++;
        er->name = g_strstrip (g_strndup (p, end - p));
        if (*end == '{') {
            const char *close = strchr (end, '}');
            const char *colon = strchr (end, ':');
            if (close == NULL || colon == NULL || colon > close)
                g_error ("%s: expected '{Column: text}'", where);
            er->column = g_strstrip (g_strndup (end + 1, colon - end - 1));
            er->shows = g_strstrip (g_strndup (colon + 1, close - colon - 1));
            end = close + 1;
            while (*end == ' ')
                end++;
        }
        g_ptr_array_add (rows, er);
        if (*end == ',')
            end++;
        while (*end == ' ')
            end++;
        p = end;
    }
    return rows;
}

#define ARROW "\xe2\x86\x92"   /* → */

static void
add_doc_example_line (const char *line, guint lineno, VinvTable *table)
{
    const char *arrow = strstr (line, ARROW);
    if (arrow == NULL)
        g_error ("filter-language.md:%u: expected 'FILTER " ARROW " ROWS'", lineno);

    DocExample *e = g_new0 (DocExample, 1);
    e->where = g_strdup_printf ("filter-language.md:%u", lineno);
    e->table = table;
    e->filter = g_strstrip (g_strndup (line, arrow - line));
    g_autofree char *result = g_strstrip (g_strdup (arrow + strlen (ARROW)));
    if (strcmp (result, "(no rows)") == 0)
        e->rows = g_ptr_array_new_with_free_func (expected_row_free);
    else if (strcmp (result, "(all rows)") == 0)
        e->all_rows = TRUE;
    else
        e->rows = parse_expected_rows (result, e->where);
    g_ptr_array_add (doc_examples, e);
}

/* An error example: the filter, a caret line "    ^ message" and an
 * optional "      hint: text" line. */
static guint
add_doc_error (char **lines, guint i)
{
    DocExample *e = g_new0 (DocExample, 1);
    e->where = g_strdup_printf ("filter-language.md:%u", i + 1);
    e->is_error = TRUE;
    e->table = fixture;
    e->filter = g_strdup (lines[i]);
    const char *caret = lines[i + 1] != NULL ? strchr (lines[i + 1], '^') : NULL;
    if (caret == NULL || caret[1] != ' ')
        g_error ("%s: expected a '^ message' line under the filter", e->where);
    e->offset = caret - lines[i + 1];
    e->message = g_strdup (caret + 2);
    i += 2;
    if (lines[i] != NULL) {
        const char *h = strstr (lines[i], "hint: ");
        if (h != NULL && strspn (lines[i], " ") == (gsize) (h - lines[i])) {
            e->hint = g_strdup (h + strlen ("hint: "));
            i++;
        }
    }
    g_ptr_array_add (doc_examples, e);
    return i;
}

/* The fixture tables the doc shows, each between <!-- fixture --> (VMs)
 * or <!-- fixture hosts --> and the end of the table: every cell must be
 * what the fixture holds.  Lists show all items joined by ", ", "(none)"
 * for an empty list, "–" for null. */
static GPtrArray *doc_table_lines[VINV_TABLE_LAST];

static char *
fixture_cell_text (VinvTable *table, guint row, guint col)
{
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    if (cell->kind == VINV_CELL_NULL)
        return g_strdup ("–");
    if (cell->kind == VINV_CELL_LIST) {
        if (cell->v.list->n == 0)
            return g_strdup ("(none)");
        GString *s = g_string_new (NULL);
        for (guint i = 0; i < cell->v.list->n; i++)
            g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", cell->v.list->items[i].text);
        return g_string_free (s, FALSE);
    }
    return vinv_cell_dup_text (vinv_table_get_column (table, col), cell, 0);
}

static char **
split_table_line (const char *line)
{
    g_autofree char *inner = g_strstrip (g_strdup (line));
    gsize len = strlen (inner);
    g_assert_true (len >= 2 && inner[0] == '|' && inner[len - 1] == '|');
    inner[len - 1] = '\0';
    char **cells = g_strsplit (inner + 1, "|", -1);
    for (char **c = cells; *c; c++) {
        g_strstrip (*c);
        /* `code` spans in the table are shown without their backticks */
        gsize n = strlen (*c);
        if (n >= 2 && (*c)[0] == '`' && (*c)[n - 1] == '`') {
            memmove (*c, *c + 1, n - 2);
            (*c)[n - 2] = '\0';
        }
    }
    return cells;
}

static void
test_doc_fixture_table (gconstpointer data)
{
    VinvTable *table = (VinvTable *) data;
    const VinvSchema *schema = vinv_table_get_schema (table);
    GPtrArray *lines = doc_table_lines[vinv_schema_get_kind (schema)];

    g_assert_nonnull (lines);
    g_assert_cmpuint (lines->len, ==, 2 + vinv_table_get_n_rows (table));
    g_auto (GStrv) header = split_table_line (lines->pdata[0]);
    guint n_cols = g_strv_length (header);
    g_autofree guint *cols = g_new0 (guint, n_cols);

    g_assert_cmpstr (header[0], ==, "ID");
    for (guint c = 0; c < n_cols; c++)
        cols[c] = column_of (schema, header[c]);
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        g_auto (GStrv) cells = split_table_line (lines->pdata[r + 2]);
        g_assert_cmpuint (g_strv_length (cells), ==, n_cols);
        for (guint c = 0; c < n_cols; c++) {
            g_autofree char *want = fixture_cell_text (table, r, cols[c]);
            if (strcmp (cells[c], want) != 0)
                g_test_message ("doc %s table row %u column %s: '%s', fixture has '%s'",
                                schema->id, r + 1, header[c], cells[c], want);
            g_assert_cmpstr (cells[c], ==, want);
        }
    }
}

static void
register_doc_examples (void)
{
    g_autofree char *path = g_build_filename (source_root (), "docs", "filter-language.md", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    enum { TEXT, EXAMPLES, ERRORS } mode = TEXT;
    GPtrArray *in_table = NULL;
    VinvTable *table = fixture;

    if (!g_file_get_contents (path, &contents, NULL, &error))
        g_error ("%s", error->message);
    g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL;) {
        const char *line = lines[i];
        if (mode == TEXT) {
            if (g_str_has_prefix (line, "<!-- fixture") && g_str_has_suffix (line, "-->")) {
                g_autofree char *name = g_strstrip (g_strndup (line + 12, strlen (line) - 15));
                guint kind = vinv_schema_get_kind (
                    vinv_table_get_schema (fixture_table (*name != '\0' ? name : "vms")));
                g_assert_null (doc_table_lines[kind]);
                in_table = doc_table_lines[kind] = g_ptr_array_new_with_free_func (g_free);
            } else if (in_table != NULL && line[0] == '|') {
                g_ptr_array_add (in_table, g_strdup (line));
            } else if (in_table != NULL && in_table->len > 0) {
                in_table = NULL;
            }
            if (strcmp (line, "```filter") == 0) {
                mode = EXAMPLES;
                table = fixture;
            } else if (g_str_has_prefix (line, "```filter ")) {
                mode = EXAMPLES;
                table = fixture_table (line + strlen ("```filter "));
            } else if (strcmp (line, "```filter-error") == 0) {
                mode = ERRORS;
            }
            i++;
            continue;
        }
        if (g_str_has_prefix (line, "```")) {
            mode = TEXT;
            i++;
            continue;
        }
        if (line[0] == '\0' || line[0] == '#') {
            i++;
            continue;
        }
        if (mode == EXAMPLES) {
            add_doc_example_line (line, i + 1, table);
            i++;
        } else {
            i = add_doc_error (lines, i);
        }
    }
    if (mode != TEXT)
        g_error ("filter-language.md: a ```filter block is not closed");
    for (guint i = 0; i < doc_examples->len; i++) {
        DocExample *e = doc_examples->pdata[i];
        g_autofree char *tpath = g_strdup_printf ("/filter/doc/%s", e->where);
        g_test_add_data_func (tpath, e, run_doc_example);
    }
    g_test_add_data_func ("/filter/doc/fixture-table/vms", fixture, test_doc_fixture_table);
    g_test_add_data_func ("/filter/doc/fixture-table/hosts", fixture_tables[VINV_TABLE_HOST],
                          test_doc_fixture_table);
}

/* ---- API ---------------------------------------------------------------- */

static void
test_empty_filter (void)
{
    const char *texts[] = { "", "   ", "\t\n" };
    for (gsize i = 0; i < G_N_ELEMENTS (texts); i++) {
        g_autoptr (VinvFilterError) error = NULL;
        g_autoptr (VinvFilter) filter = vinv_filter_compile (texts[i], vm_schema (), &error);
        g_assert_nonnull (filter);
        g_assert_null (error);
        g_assert_cmpstr (vinv_filter_get_text (filter), ==, texts[i]);
        for (guint r = 0; r < vinv_table_get_n_rows (fixture); r++)
            g_assert_true (vinv_filter_match (filter, fixture, r, NULL, NULL, NULL));
    }
}

static void
test_error_out_is_optional (void)
{
    g_assert_null (vinv_filter_compile ("memry > 3", vm_schema (), NULL));
    g_assert_null (vinv_filter_compile ("(", vm_schema (), NULL));
}

/* item_func may be NULL, and the same filter evaluates the same way with
 * and without it. */
static void
test_item_func_optional (void)
{
    g_autoptr (VinvFilter) filter = vinv_filter_compile ("disks = Disk2", vm_schema (), NULL);
    guint n = 0;
    g_assert_nonnull (filter);
    for (guint r = 0; r < vinv_table_get_n_rows (fixture); r++)
        n += vinv_filter_match (filter, fixture, r, NULL, NULL, NULL);
    g_assert_cmpuint (n, ==, 2);
}

/* A compiled filter outlives the text it was compiled from. */
static void
test_text_is_copied (void)
{
    char *text = g_strdup ("name = vm1");
    g_autoptr (VinvFilter) filter = vinv_filter_compile (text, vm_schema (), NULL);
    memset (text, 'x', strlen (text));
    g_free (text);
    g_assert_cmpstr (vinv_filter_get_text (filter), ==, "name = vm1");
    g_assert_true (vinv_filter_match (filter, fixture, 0, NULL, NULL, NULL));
    g_assert_false (vinv_filter_match (filter, fixture, 1, NULL, NULL, NULL));
}

/* The filter "jump to related" builds (view.c): ids regex-escaped, then
 * '\' and '"' escaped for the quoted string.  Thousands of ids must work
 * (more than GRegex compiles as one pattern). */
static void
test_link_filter (void)
{
    GString *text = g_string_new ("id = \"");
    for (guint i = 0; i < 3000; i++) {
        g_autofree char *id = i == 1000 ? g_strdup ("vm-003")
                              : i == 2000 ? g_strdup ("VM-011")
                              : g_strdup_printf ("a.b+%u-%08x", i, g_test_rand_int ());
        g_autofree char *re = g_regex_escape_string (id, -1);
        if (i > 0)
            g_string_append_c (text, '|');
        for (const char *p = re; *p; p++) {
            if (*p == '\\' || *p == '"')
                g_string_append_c (text, '\\');
            g_string_append_c (text, *p);
        }
    }
    g_string_append_c (text, '"');

    g_autoptr (VinvFilterError) error = NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (text->str, vm_schema (), &error);
    g_string_free (text, TRUE);
    if (filter == NULL)
        g_test_message ("error: %s", error->message);
    g_assert_nonnull (filter);
    Reports reports = { 0, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
    g_autofree char *got = run_filter (filter, NULL, &reports);
    g_assert_cmpstr (got, ==, "vm-003 vm-011");
    g_hash_table_unref (reports.firsts);

    /* the escaped punctuation is literal: "a.b+1" is not "aXb+1" */
    g_autoptr (VinvTable) table = vinv_table_new (vm_schema ());
    vinv_table_add_row (table, "test", "a.b+1");
    vinv_table_add_row (table, "test", "aXb+1");
    g_autoptr (VinvFilter) dots = vinv_filter_compile ("id = \"a\\\\.b\\\\+1|zz\"",
                                                       vm_schema (), NULL);
    g_assert_nonnull (dots);
    g_assert_true (vinv_filter_match (dots, table, 0, NULL, NULL, NULL));
    g_assert_false (vinv_filter_match (dots, table, 1, NULL, NULL, NULL));
}

/* ---- robustness --------------------------------------------------------- */

static const char *const fragments[] = {
    "name", "status", "memory", "max memory", "disks", "storage domains", "host",
    "pending restart", "creation time", "cpu total", "vcpus", "description", "ip addresses",
    "cluster version", "compatibility version", "host.status", "memry",
    "all", "all ", "disks.provisioned size", "host.", ".status", "host.vms.name", "disks.sparse",
    "storage domains.name", "host.memory", "name.x", "hots.status", "host.stauts",
    "=", "!=", "<", ">", "<=", ">=", "~", "!~", "==", "!", "=~",
    "up", "web.*", "hv0[1-3]", "2", "Disk2", "4GB", "2048", "true", "maybe", "1.5e3",
    "2024-03-05", "2024-03-05 08:15", "nfs.*", "[", "(?", "\\", "\\Q", "*",
    " and ", " or ", " not ", "not ", "is", "empty", "is not empty",
    ",", "(", ")", "\"", "'", "\"my vm\"", "'a\\'b'", " ", "  ", "\t",
    "Ünï", "é", "\xff", "\xc3", "%", "GB", "XB", "{2,1}", "|",
};

static void
check_robust (const char *text, const gboolean *visible)
{
    g_autoptr (VinvFilterError) error = NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (text, vm_schema (), &error);

    if (filter == NULL) {
        if (error == NULL)
            g_test_message ("no error for failed filter: %s", text);
        g_assert_nonnull (error);
        g_assert_cmpuint (error->offset, <=, strlen (text));
        g_assert_nonnull (error->message);
        g_assert_cmpuint (strlen (error->message), >, 0);
        g_assert_null (strchr (error->message, '\n'));
        g_assert_false (g_str_has_suffix (error->message, "."));
        g_assert_false (g_ascii_isupper (error->message[0]));
        g_assert_true (error->hint == NULL || strchr (error->hint, '\n') == NULL);
        return;
    }
    g_assert_null (error);
    if (g_test_rand_bit ())
        vinv_filter_prepare (filter, g_test_rand_bit () ? fixture : NULL, fixture_tables);
    for (guint r = 0; r < vinv_table_get_n_rows (fixture); r++) {
        vinv_filter_match (filter, fixture, r, NULL, NULL, NULL);
        vinv_filter_match (filter, fixture, r, visible, NULL, NULL);
    }
}

static void
test_fuzz (void)
{
    g_autofree gboolean *visible = default_visible ();
    GString *s = g_string_new (NULL);
    guint n_seeds = all_cases->len;

    /* random concatenations of fragments */
    for (guint i = 0; i < 3000; i++) {
        g_string_truncate (s, 0);
        guint n = g_test_rand_int_range (1, 12);
        for (guint k = 0; k < n; k++) {
            g_string_append (s, fragments[g_test_rand_int_range (0, G_N_ELEMENTS (fragments))]);
            if (g_test_rand_bit ())
                g_string_append_c (s, ' ');
        }
        check_robust (s->str, visible);
    }
    /* byte-level mutations of the test cases' filters */
    for (guint i = 0; i < 3000 && n_seeds > 0; i++) {
        const Case *c = all_cases->pdata[g_test_rand_int_range (0, n_seeds)];
        g_string_assign (s, c->filter);
        guint n = g_test_rand_int_range (1, 4);
        for (guint k = 0; k < n; k++) {
            guint pos = s->len > 0 ? g_test_rand_int_range (0, s->len + 1) : 0;
            switch (g_test_rand_int_range (0, 4)) {
            case 0:
                if (pos < s->len)
                    g_string_erase (s, pos, 1);
                break;
            case 1:
                g_string_insert_c (s, pos, (char) g_test_rand_int_range (1, 256));
                break;
            case 2:
                g_string_insert (s, pos,
                                 fragments[g_test_rand_int_range (0, G_N_ELEMENTS (fragments))]);
                break;
            default:
                if (pos < s->len)
                    s->str[pos] = "=<>!~(),\"' \\[]{}.*|"[g_test_rand_int_range (0, 19)];
                break;
            }
        }
        check_robust (s->str, visible);
    }
    /* deep nesting and long chains must neither overflow nor crawl */
    g_string_truncate (s, 0);
    for (guint i = 0; i < 5000; i++)
        g_string_append (s, "not (");
    check_robust (s->str, visible);
    g_string_truncate (s, 0);
    for (guint i = 0; i < 5000; i++)
        g_string_append (s, i % 2 ? "web and " : "name = vm.*, ");
    g_string_append (s, "up");
    check_robust (s->str, visible);
    g_string_free (s, TRUE);
}

/* ---- the fast regex subset against GRegex -------------------------------- */

/* Checks filter_fast_regex_match() against GRegex for @pattern on @text,
 * whole and anywhere.  Returns how many answers the fast path gave. */
static guint
check_fast_regex (const char *pattern, const char *text)
{
    guint decided = 0;
    for (int whole = 0; whole <= 1; whole++) {
        g_autoptr (GRegex) alone = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
        if (alone == NULL)
            return 0;
        g_autofree char *wrapped = whole ? g_strdup_printf ("\\A(?:%s\\E)\\z", pattern)
                                         : g_strdup (pattern);
        g_autoptr (GRegex) regex = g_regex_new (wrapped, G_REGEX_CASELESS, 0, NULL);
        g_autofree FastRegex *fast = filter_fast_regex_new (pattern, whole);
        if (regex == NULL || fast == NULL)
            continue;
        int got = filter_fast_regex_match (fast, text);
        if (got < 0)
            continue;
        gboolean want = g_regex_match (regex, text, 0, NULL);
        if (got != want)
            g_test_message ("pattern '%s' %s on '%s': fast %d, GRegex %d", pattern,
                            whole ? "whole" : "anywhere", text, got, want);
        g_assert_cmpint (got, ==, want);
        decided++;
    }
    return decided;
}

static void
test_fast_regex_fixed (void)
{
    static const char *const patterns[] = {
        "web.*", "hv0[1-3]", "nfs.*", "vm1|vm2", "", "a|", "^W", "eb$", "^a|b$", "x?y+z*",
        "[^a-c]+", "[]a]", "[a-]", "\\d+", "\\w\\s\\W", "a.c", "A*?b", "[\\d.]+",
        "id-1|id-2|id-3", "\\.", "a\\|b", "colou?r", "(web|db)0.*", "a{2}", "\\bvm",
    };
    static const char *const texts[] = {
        "web01", "WEB", "hv02", "hv04", "nfs-data", "vm1", "vm2", "vm12", "", "a", "b",
        "wEB", "xyz", "yyy", "xz", "def", "]", "-", "123", "a b!", "abc", "aXC", "b",
        "1.5", "id-2", ".", "a|b", "color", "colour", "web01\n", "tab\there",
    };
    guint decided = 0;

    for (gsize p = 0; p < G_N_ELEMENTS (patterns); p++) {
        for (gsize t = 0; t < G_N_ELEMENTS (texts); t++)
            decided += check_fast_regex (patterns[p], texts[t]);
    }
    g_test_message ("fast path decided %u answers", decided);
    g_assert_cmpuint (decided, >, 500);
    /* outside the subset: left to GRegex */
    g_assert_null (filter_fast_regex_new ("(web|db)0.*", TRUE));
    g_assert_null (filter_fast_regex_new ("a{2}", TRUE));
    g_assert_null (filter_fast_regex_new ("\\bvm", FALSE));
    g_assert_null (filter_fast_regex_new ("ünï", FALSE));
    /* non-ASCII text is left to GRegex */
    g_autofree FastRegex *fast = filter_fast_regex_new ("k", TRUE);
    g_assert_cmpint (filter_fast_regex_match (fast, "\xe2\x84\xaa"), ==, -1);   /* Kelvin */
}

static void
test_fast_regex_random (void)
{
    static const char pattern_chars[] = "ab.|*+?^$[]-\\dwsAB";
    static const char text_chars[] = "abAB- 1_.";
    guint decided = 0;

    for (guint i = 0; i < 20000; i++) {
        char pattern[9];
        char text[9];
        guint np = g_test_rand_int_range (0, sizeof pattern);
        guint nt = g_test_rand_int_range (0, sizeof text);
        for (guint k = 0; k < np; k++)
            pattern[k] = pattern_chars[g_test_rand_int_range (0, sizeof pattern_chars - 1)];
        pattern[np] = '\0';
        for (guint k = 0; k < nt; k++)
            text[k] = text_chars[g_test_rand_int_range (0, sizeof text_chars - 1)];
        text[nt] = '\0';
        decided += check_fast_regex (pattern, text);
    }
    g_test_message ("fast path decided %u random answers", decided);
    g_assert_cmpuint (decided, >, 5000);
}

/* ---- timing (reported, never asserted) ---------------------------------- */

static void
test_timing (void)
{
    const guint n_rows = 100000;
    const guint n_fixture = G_N_ELEMENTS (fixture_vms);
    g_autoptr (VinvTable) big = vinv_table_new (vm_schema ());
    g_autofree gboolean *visible = default_visible ();
    static const char *const filters[] = {
        "status = up, memory > 4GB", "name = web.*", "disks = 2", "disks = Disk2",
        "storage domains = nfs.*", "pending restart = true", "host = hv0[1-3]",
        "vcpus >= 4", "name ~ eb", "creation time > 2024-01-01", "web",
    };

    for (guint i = 0; i < n_rows; i++) {
        const FixtureVm *vm = &fixture_vms[i % n_fixture];
        g_autofree char *id = g_strdup_printf ("%s-%u", vm->id, i);
        add_fixture_row (big, vm, id, vm->name);
    }
    for (gsize f = 0; f < G_N_ELEMENTS (filters); f++) {
        g_autoptr (VinvFilter) filter = vinv_filter_compile (filters[f], vm_schema (), NULL);
        guint small = 0;
        guint n = 0;

        g_assert_nonnull (filter);
        for (guint r = 0; r < n_fixture; r++)
            small += vinv_filter_match (filter, fixture, r, visible, NULL, NULL);
        g_test_timer_start ();
        for (guint r = 0; r < n_rows; r++)
            n += vinv_filter_match (filter, big, r, visible, NULL, NULL);
        double secs = g_test_timer_elapsed ();
        g_test_message ("%-30s %6u of %u rows in %6.2f ms", filters[f], n, n_rows, secs * 1000);
        /* the big table repeats the fixture, so the counts must agree */
        guint expected = small * (n_rows / n_fixture);
        for (guint r = 0; r < n_rows % n_fixture; r++)
            expected += vinv_filter_match (filter, fixture, r, visible, NULL, NULL);
        g_assert_cmpuint (n, ==, expected);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    fixture = build_fixture ();
    fixture_tables[VINV_TABLE_VM] = fixture;
    fixture_tables[VINV_TABLE_HOST] = build_hosts ();
    fixture_tables[VINV_TABLE_DISK] = build_disks ();
    all_cases = g_ptr_array_new_with_free_func (case_free);
    doc_examples = g_ptr_array_new_with_free_func (doc_example_free);

    g_test_add_func ("/filter/api/empty", test_empty_filter);
    g_test_add_func ("/filter/api/error-optional", test_error_out_is_optional);
    g_test_add_func ("/filter/api/item-func-optional", test_item_func_optional);
    g_test_add_func ("/filter/api/text-copied", test_text_is_copied);
    g_test_add_func ("/filter/api/link-filter", test_link_filter);
    register_case_files ();
    register_doc_examples ();
    g_test_add_func ("/filter/fast-regex/fixed", test_fast_regex_fixed);
    g_test_add_func ("/filter/fast-regex/random", test_fast_regex_random);
    g_test_add_func ("/filter/fuzz", test_fuzz);
    g_test_add_func ("/filter/timing", test_timing);

    int status = g_test_run ();

    g_ptr_array_unref (doc_examples);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_clear_pointer (&doc_table_lines[k], g_ptr_array_unref);
    vinv_table_unref (fixture_tables[VINV_TABLE_HOST]);
    vinv_table_unref (fixture_tables[VINV_TABLE_DISK]);
    g_ptr_array_unref (all_cases);
    vinv_table_unref (fixture);
    return status;
}
