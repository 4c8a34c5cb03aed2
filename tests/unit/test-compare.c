/* test-compare.c — natural order and typed cell comparison (compare.h). */
#include <string.h>
#include "core/compare.h"
#include "core/tables.h"

static void
test_natural (void)
{
    /* each string sorts strictly before the next */
    static const char *const order[] = {
        "", "1", "2", "10", "a", "B", "vm1", "vm2", "vm02x", "vm10", "vm10a", "web01",
        "web2", "web10", "zulu", "Ärger",
    };
    for (guint i = 0; i + 1 < G_N_ELEMENTS (order); i++) {
        for (guint j = i + 1; j < G_N_ELEMENTS (order); j++) {
            g_assert_cmpint (vinv_strnatcasecmp (order[i], order[j]), <, 0);
            g_assert_cmpint (vinv_strnatcasecmp (order[j], order[i]), >, 0);
        }
    }
    g_assert_cmpint (vinv_strnatcasecmp ("VM10", "vm10"), !=, 0);  /* total order */
    g_assert_cmpint (vinv_strnatcasecmp ("vm10", "vm10"), ==, 0);
    g_assert_cmpint (vinv_strnatcasecmp ("vm007", "vm7"), !=, 0);
    g_assert_cmpint (vinv_strnatcasecmp ("vm007", "vm8"), <, 0);
}

static int
sign (int x)
{
    return x < 0 ? -1 : (x > 0 ? 1 : 0);
}

/* Natural-order keys compare exactly like vinv_strnatcasecmp(): checked
 * on random strings over an alphabet that stresses digits, case, leading
 * zeros, punctuation around the digit range and non-ASCII letters. */
static void
test_natural_keys (void)
{
    static const char *const atoms[] = {
        "0", "00", "1", "7", "9", "10", "007", "a", "A", "b", "Z", "z", "-", ".", "/",
        ":", "_", " ", "vm", "VM", "é", "É", "ß", "日",
    };
    GRand *rand = g_rand_new_with_seed (20261122);
    char *strs[400];
    GString *ka = g_string_new (NULL);
    GString *kb = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (strs); i++) {
        GString *s = g_string_new (NULL);
        guint n = g_rand_int_range (rand, 0, 6);
        for (guint j = 0; j < n; j++)
            g_string_append (s, atoms[g_rand_int_range (rand, 0, G_N_ELEMENTS (atoms))]);
        strs[i] = g_string_free (s, FALSE);
    }
    for (guint i = 0; i < G_N_ELEMENTS (strs); i++) {
        for (guint j = 0; j < G_N_ELEMENTS (strs); j++) {
            g_string_truncate (ka, 0);
            g_string_truncate (kb, 0);
            vinv_natural_key_append (ka, strs[i]);
            vinv_natural_key_append (kb, strs[j]);
            int c = memcmp (ka->str, kb->str, MIN (ka->len, kb->len));
            if (c == 0)
                c = ka->len < kb->len ? -1 : (ka->len > kb->len ? 1 : 0);
            if (sign (c) != sign (vinv_strnatcasecmp (strs[i], strs[j])))
                g_error ("key order differs for '%s' vs '%s'", strs[i], strs[j]);
        }
    }
    for (guint i = 0; i < G_N_ELEMENTS (strs); i++)
        g_free (strs[i]);
    g_string_free (ka, TRUE);
    g_string_free (kb, TRUE);
    g_rand_free (rand);
}

static void
test_cells (void)
{
    const VinvSchema *vms = vinv_schema_get (VINV_TABLE_VM);
    const VinvColumn *memory = &vms->columns[VINV_VM_MEMORY];
    const VinvColumn *disks = &vms->columns[VINV_VM_DISKS];
    VinvCell null = { VINV_CELL_NULL, { 0 } };
    VinvCell small = { VINV_CELL_QUANTITY, { .d = 512.0 * 1048576 } };
    VinvCell big = { VINV_CELL_QUANTITY, { .d = 4096.0 * 1048576 } };

    g_assert_cmpint (vinv_cell_compare (memory, &null, 0, &small, 0), <, 0);
    g_assert_cmpint (vinv_cell_compare (memory, &small, 0, &null, 0), >, 0);
    g_assert_cmpint (vinv_cell_compare (memory, &null, 0, &null, 0), ==, 0);
    g_assert_cmpint (vinv_cell_compare (memory, &small, 0, &big, 0), <, 0);

    /* lists: by item count, then by the item shown first (issue 10) */
    g_autofree VinvList *l1 = g_malloc (sizeof (VinvList) + 3 * sizeof (VinvItem));
    g_autofree VinvList *l2 = g_malloc (sizeof (VinvList) + 1 * sizeof (VinvItem));
    g_autofree VinvList *l3 = g_malloc (sizeof (VinvList) + 3 * sizeof (VinvItem));
    g_autofree VinvList *l0 = g_malloc (sizeof (VinvList));
    l1->n = 3;
    l1->items[0] = (VinvItem) { "disk9", "d9" };
    l1->items[1] = (VinvItem) { "disk10", "d10" };
    l1->items[2] = (VinvItem) { "disk1", "d1" };
    l2->n = 1;
    l2->items[0] = (VinvItem) { "disk2", "d2" };
    l3->n = 3;
    l3->items[0] = (VinvItem) { "Disk10", "x10" };
    l3->items[1] = (VinvItem) { "a", "xa" };
    l3->items[2] = (VinvItem) { "b", "xb" };
    l0->n = 0;
    VinvCell a = { VINV_CELL_LIST, { .list = l1 } };
    VinvCell b = { VINV_CELL_LIST, { .list = l2 } };
    VinvCell c = { VINV_CELL_LIST, { .list = l3 } };
    VinvCell e = { VINV_CELL_LIST, { .list = l0 } };
    g_assert_cmpint (vinv_cell_compare (disks, &a, 0, &b, 0), >, 0);   /* 3 items > 1 */
    g_assert_cmpint (vinv_cell_compare (disks, &a, 2, &b, 0), >, 0);   /* ... whatever is shown */
    g_assert_cmpint (vinv_cell_compare (disks, &b, 0, &a, 0), <, 0);
    g_assert_cmpint (vinv_cell_compare (disks, &a, 0, &c, 0), <, 0);   /* disk9 < Disk10 */
    g_assert_cmpint (vinv_cell_compare (disks, &a, 2, &c, 0), <, 0);   /* disk1 < Disk10 */
    g_assert_cmpint (vinv_cell_compare (disks, &a, 0, &c, 1), >, 0);   /* disk9 > a */
    g_assert_cmpint (vinv_cell_compare (disks, &a, 0, &a, 0), ==, 0);
    g_assert_cmpint (vinv_cell_compare (disks, &e, 0, &b, 0), <, 0);   /* empty list first */
    g_assert_cmpint (vinv_cell_compare (disks, &null, 0, &e, 0), <, 0);   /* null before that */

    /* text of a list cell: first shown item and the count of the others */
    g_autofree char *t0 = vinv_cell_dup_text (disks, &a, 0);
    g_autofree char *t1 = vinv_cell_dup_text (disks, &a, 1);
    g_autofree char *t2 = vinv_cell_dup_text (disks, &b, 0);
    g_assert_cmpstr (t0, ==, "disk9 (2)");
    g_assert_cmpstr (t1, ==, "disk10 (2)");
    g_assert_cmpstr (t2, ==, "disk2");
}

static void
test_time (void)
{
    gint64 ms = 0;
    g_assert_true (vinv_time_parse ("2026-11-22", &ms));
    g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1795305600000));  /* TZ=UTC in tests */
    g_assert_true (vinv_time_parse ("2026-11-22 04:29", &ms));
    g_assert_cmpint (ms, ==, G_GINT64_CONSTANT (1795305600000) + (4 * 3600 + 29 * 60) * 1000);
    g_assert_true (vinv_time_parse ("2026-11-22T04:29:24Z", &ms));
    g_autofree char *s = vinv_time_format (ms);
    g_assert_cmpstr (s, ==, "2026-11-22 04:29:24");
    g_assert_false (vinv_time_parse ("yesterday", &ms));
    g_assert_false (vinv_time_parse ("2026-13-45", &ms));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/compare/natural", test_natural);
    g_test_add_func ("/compare/natural-keys", test_natural_keys);
    g_test_add_func ("/compare/cells", test_cells);
    g_test_add_func ("/compare/time", test_time);
    return g_test_run ();
}
