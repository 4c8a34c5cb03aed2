/* test-diff.c — comparing inventories by entity id (diff.h). */
#include <math.h>
#include <string.h>
#include "core/diff.h"
#include "core/tables.h"

/* A VMs table of source "s" with rows (id, name, memory MB, status, cpu %). */
typedef struct {
    const char *id;
    const char *name;
    double memory_mb;
    const char *status;
    double cpu;
} Vm;

static VinvTable *
vms_table (const Vm *vms, guint n)
{
    VinvTable *t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    for (guint i = 0; i < n; i++) {
        guint r = vinv_table_add_row (t, "s", vms[i].id);
        vinv_table_set_string (t, r, VINV_VM_NAME, vms[i].name);
        vinv_table_set_quantity (t, r, VINV_VM_MEMORY, vms[i].memory_mb * 1048576);
        vinv_table_set_string (t, r, VINV_VM_STATUS, vms[i].status);
        vinv_table_set_quantity (t, r, VINV_VM_CPU_TOTAL, vms[i].cpu);
    }
    return t;
}

/* The changes as "change id column old new" lines. */
static char *
dump (VinvTable *changes)
{
    GString *out = g_string_new (NULL);
    for (guint r = 0; r < vinv_table_get_n_rows (changes); r++) {
        for (guint c = VINV_DIFF_COL_ID; c < VINV_DIFF_N_COLUMNS; c++) {
            const VinvCell *cell = vinv_table_get_cell (changes, r, c);
            if (c == VINV_DIFF_COL_TABLE || c == VINV_DIFF_COL_NAME)
                continue;
            g_string_append_printf (out, "%s%s", c > VINV_DIFF_COL_ID ? " " : "",
                                    cell->kind == VINV_CELL_STRING ? cell->v.s : "-");
        }
        g_string_append_c (out, '\n');
    }
    return g_string_free (out, FALSE);
}

static char *
run_diff (VinvTable *a, VinvTable *b, const char *filter, gboolean statistics,
          const int *only, VinvDiffCounts *counts)
{
    const VinvSchema *schema = vinv_table_get_schema (a);
    g_autoptr (VinvView) va = vinv_view_new (a, NULL);
    g_autoptr (VinvView) vb = vinv_view_new (b, NULL);
    g_autoptr (VinvTable) changes = vinv_table_new (vinv_diff_get_schema ());
    g_autofree gboolean *mask = g_new0 (gboolean, schema->n_columns);

    if (filter != NULL) {
        g_assert_true (vinv_view_set_filter (va, filter, NULL));
        g_assert_true (vinv_view_set_filter (vb, filter, NULL));
    }
    vinv_diff_default_columns (schema, statistics, mask);
    if (only != NULL) {
        memset (mask, 0, schema->n_columns * sizeof *mask);
        for (guint i = 0; only[i] >= 0; i++)
            mask[only[i]] = TRUE;
    }
    memset (counts, 0, sizeof *counts);
    vinv_diff_views (va, vb, mask, changes, counts);
    return dump (changes);
}

static const Vm older[] = {
    { "1", "web1", 4096, "up", 10 },
    { "2", "web2", 2048, "up", 20 },
    { "3", "db1", 8192, "down", 0 },
};
static const Vm newer[] = {
    { "4", "new1", 1024, "up", 5 },
    { "3", "db1", 8192, "up", 50 },
    { "1", "web1", 8192, "up", 99 },
};

static void
test_added_removed_changed (void)
{
    g_autoptr (VinvTable) a = vms_table (older, G_N_ELEMENTS (older));
    g_autoptr (VinvTable) b = vms_table (newer, G_N_ELEMENTS (newer));
    VinvDiffCounts counts;
    g_autofree char *text = run_diff (a, b, NULL, FALSE, NULL, &counts);

    /* CPU total is a statistic: not counted by default */
    g_assert_cmpstr (text, ==,
                     "1 changed memory 4096 MB 8192 MB\n"
                     "2 removed - - -\n"
                     "3 changed status down up\n"
                     "4 added - - -\n");
    g_assert_cmpuint (counts.added, ==, 1);
    g_assert_cmpuint (counts.removed, ==, 1);
    g_assert_cmpuint (counts.changed, ==, 2);
}

static void
test_statistics_and_columns (void)
{
    g_autoptr (VinvTable) a = vms_table (older, G_N_ELEMENTS (older));
    g_autoptr (VinvTable) b = vms_table (newer, G_N_ELEMENTS (newer));
    VinvDiffCounts counts;
    g_autofree char *all = run_diff (a, b, NULL, TRUE, NULL, &counts);
    static const int only_status[] = { VINV_VM_STATUS, -1 };
    g_autofree char *status = run_diff (a, b, NULL, FALSE, only_status, &counts);

    g_assert_nonnull (strstr (all, "1 changed cpu_total 10 % 99 %\n"));
    g_assert_nonnull (strstr (all, "3 changed cpu_total 0 % 50 %\n"));
    g_assert_true (vinv_column_is_statistic (vinv_schema_get (VINV_TABLE_VM), VINV_VM_UPTIME));
    g_assert_false (vinv_column_is_statistic (vinv_schema_get (VINV_TABLE_VM), VINV_VM_MEMORY));
    g_assert_cmpstr (status, ==, "2 removed - - -\n3 changed status down up\n4 added - - -\n");
    g_assert_cmpuint (counts.changed, ==, 1);
}

/* An entity counts when the filter matches it on either side. */
static void
test_filter (void)
{
    g_autoptr (VinvTable) a = vms_table (older, G_N_ELEMENTS (older));
    g_autoptr (VinvTable) b = vms_table (newer, G_N_ELEMENTS (newer));
    VinvDiffCounts counts;
    g_autofree char *down = run_diff (a, b, "status = down", FALSE, NULL, &counts);
    g_autofree char *same = run_diff (a, a, NULL, TRUE, NULL, &counts);

    g_assert_cmpstr (down, ==, "3 changed status down up\n");
    g_assert_cmpstr (same, ==, "");
    g_assert_cmpuint (counts.added + counts.removed + counts.changed, ==, 0);
}

static void
test_cell_equal (void)
{
    VinvTable *t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    VinvItem one[] = { { "d1", "id1" }, { "d2", NULL } };
    VinvItem other[] = { { "d1", "id1" }, { "d2", "x" } };
    for (guint i = 0; i < 4; i++)
        vinv_table_add_row (t, "s", "r");
    vinv_table_set_list (t, 0, VINV_VM_DISKS, one, 2);
    vinv_table_set_list (t, 1, VINV_VM_DISKS, one, 2);
    vinv_table_set_list (t, 2, VINV_VM_DISKS, other, 2);
    vinv_table_set_list (t, 3, VINV_VM_DISKS, one, 0);
    vinv_table_set_quantity (t, 0, VINV_VM_MEMORY, NAN);
    vinv_table_set_quantity (t, 1, VINV_VM_MEMORY, NAN);
    vinv_table_set_ref (t, 0, VINV_VM_HOST, "h", NULL);
    vinv_table_set_ref (t, 1, VINV_VM_HOST, "h", "h-id");

    const VinvCell *r0 = vinv_table_get_row (t, 0);
    const VinvCell *r1 = vinv_table_get_row (t, 1);
    const VinvCell *r2 = vinv_table_get_row (t, 2);
    const VinvCell *r3 = vinv_table_get_row (t, 3);
    g_assert_true (vinv_cell_equal (&r0[VINV_VM_DISKS], &r1[VINV_VM_DISKS]));
    g_assert_false (vinv_cell_equal (&r0[VINV_VM_DISKS], &r2[VINV_VM_DISKS]));
    g_assert_false (vinv_cell_equal (&r0[VINV_VM_DISKS], &r3[VINV_VM_DISKS]));
    g_assert_false (vinv_cell_equal (&r3[VINV_VM_DISKS], &r3[VINV_VM_NAME]));  /* [] vs null */
    g_assert_true (vinv_cell_equal (&r0[VINV_VM_MEMORY], &r1[VINV_VM_MEMORY]));
    g_assert_false (vinv_cell_equal (&r0[VINV_VM_HOST], &r1[VINV_VM_HOST]));
    g_assert_true (vinv_cell_equal (&r2[VINV_VM_NAME], &r3[VINV_VM_NAME]));

    g_autofree char *text = vinv_diff_dup_value_text (
        &vinv_schema_get (VINV_TABLE_VM)->columns[VINV_VM_DISKS], &r0[VINV_VM_DISKS]);
    g_assert_cmpstr (text, ==, "d1, d2");
    vinv_table_unref (t);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/diff/added-removed-changed", test_added_removed_changed);
    g_test_add_func ("/diff/statistics-and-columns", test_statistics_and_columns);
    g_test_add_func ("/diff/filter", test_filter);
    g_test_add_func ("/diff/cell-equal", test_cell_equal);
    return g_test_run ();
}
