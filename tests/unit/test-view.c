/* test-view.c — views: stable typed sort, column flags, filters applied by
 * index, the matched list item shown first, and links (view.h). */
#include <string.h>
#include "core/view.h"

/* A small VMs table: name, status, memory (MB), disks, host. */
typedef struct {
    const char *id;
    const char *name;
    const char *status;
    double memory_mb;       /* < 0: null */
    const char *disks;      /* space-separated, NULL: null cell */
    const char *host;
} Row;

static const Row fixture[] = {
    { "u1", "vm10", "up", 4096, "Disk1 Disk2 Disk3", "hv01" },
    { "u2", "vm2", "down", 1024, "", NULL },
    { "u3", "web01", "up", -1, "Disk4", "hv02" },
    { "u4", "vm1", "up", 4096, "Disk5 Disk2", "hv01" },
    { "u5", "db01", "paused", 8192, NULL, "hv03" },
    { "u6", "VM3", "up", 2048, "Disk6", "hv02" },
};

static VinvTable *
make_table (void)
{
    VinvTable *t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    for (guint i = 0; i < G_N_ELEMENTS (fixture); i++) {
        const Row *f = &fixture[i];
        guint r = vinv_table_add_row (t, "test", f->id);
        vinv_table_set_string (t, r, VINV_VM_NAME, f->name);
        vinv_table_set_string (t, r, VINV_VM_STATUS, f->status);
        if (f->memory_mb >= 0)
            vinv_table_set_quantity (t, r, VINV_VM_MEMORY, f->memory_mb * 1048576);
        if (f->disks != NULL) {
            g_auto (GStrv) names = g_strsplit (f->disks, " ", -1);
            guint n = *f->disks ? g_strv_length (names) : 0;
            g_autofree VinvItem *items = g_new0 (VinvItem, MAX (n, 1));
            g_autofree char **ids = g_new0 (char *, n + 1);
            for (guint j = 0; j < n; j++) {
                ids[j] = g_ascii_strdown (names[j], -1);
                items[j] = (VinvItem) { names[j], ids[j] };
            }
            vinv_table_set_list (t, r, VINV_VM_DISKS, items, n);
            for (guint j = 0; j < n; j++)
                g_free (ids[j]);
        }
        if (f->host != NULL)
            vinv_table_set_ref (t, r, VINV_VM_HOST, f->host, f->host);
    }
    return t;
}

/* The view's rows as their names joined by ' '. */
static char *
names (VinvView *v)
{
    GString *s = g_string_new (NULL);
    VinvTable *t = vinv_view_get_table (v);
    for (guint i = 0; i < vinv_view_get_n_rows (v); i++) {
        if (i > 0)
            g_string_append_c (s, ' ');
        g_string_append (s, vinv_table_get_cell (t, vinv_view_get_row (v, i), VINV_VM_NAME)->v.s);
    }
    return g_string_free (s, FALSE);
}

#define ASSERT_NAMES(v, expect) \
    G_STMT_START { g_autofree char *got_ = names (v); g_assert_cmpstr (got_, ==, expect); } G_STMT_END

static void
test_sort (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    g_autoptr (GError) error = NULL;

    ASSERT_NAMES (v, "vm10 vm2 web01 vm1 db01 VM3");
    g_assert_true (vinv_view_set_sort_text (v, "name", &error));
    ASSERT_NAMES (v, "db01 vm1 vm2 VM3 vm10 web01");          /* natural, case-insensitive */
    g_assert_true (vinv_view_set_sort_text (v, "memory", &error));
    ASSERT_NAMES (v, "web01 vm2 VM3 vm10 vm1 db01");          /* null first; ties stable */
    g_assert_true (vinv_view_set_sort_text (v, "-memory, name", &error));
    ASSERT_NAMES (v, "db01 vm1 vm10 VM3 vm2 web01");
    g_autofree char *text = vinv_view_dup_sort_text (v);
    g_assert_cmpstr (text, ==, "-memory,name");
    g_assert_true (vinv_view_set_sort_text (v, "Disks", &error));
    ASSERT_NAMES (v, "db01 vm2 web01 VM3 vm1 vm10");          /* null, empty, by count */
    g_assert_true (vinv_view_set_sort_text (v, "", &error));
    ASSERT_NAMES (v, "vm10 vm2 web01 vm1 db01 VM3");

    g_assert_false (vinv_view_set_sort_text (v, "-memry", &error));
    g_assert_cmpstr (error->message, ==,
                     "unknown column 'memry' in table vms (did you mean 'Memory'?)");
    ASSERT_NAMES (v, "vm10 vm2 web01 vm1 db01 VM3");          /* unchanged */
}

/* Issue 10: a list column sorts by its item count, then by the item shown
 * first — whatever the filter (before, `-s -disks` sorted by text unless
 * the filter compared the count). */
static void
test_sort_lists (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    g_autoptr (VinvFilterError) ferr = NULL;

    g_assert_true (vinv_view_set_sort_text (v, "-disks", NULL));
    ASSERT_NAMES (v, "vm10 vm1 VM3 web01 vm2 db01");          /* most disks first */
    g_assert_true (vinv_view_set_filter (v, "status = up", &ferr));
    ASSERT_NAMES (v, "vm10 vm1 VM3 web01");
    g_assert_true (vinv_view_set_filter (v, "disks > 0", &ferr));
    ASSERT_NAMES (v, "vm10 vm1 VM3 web01");
    /* the matched item is shown first, and ties of the count sort by it */
    g_assert_true (vinv_view_set_filter (v, "disks ~ disk2", &ferr));
    g_assert_true (vinv_view_set_sort_text (v, "disks", NULL));
    ASSERT_NAMES (v, "vm1 vm10");
    g_autofree char *shown = vinv_view_dup_cell_text (v, 3, VINV_VM_DISKS);
    g_assert_cmpstr (shown, ==, "Disk2 (1)");
    /* equal counts: by the text shown (Disk4 < Disk6), then table order */
    g_assert_true (vinv_view_set_filter (v, "disks = 1", &ferr));
    g_assert_true (vinv_view_set_sort_text (v, "-disks", NULL));
    ASSERT_NAMES (v, "VM3 web01");
}

/* A view made for an inventory sees the inventory's other tables:
 * related-table predicates look at their rows, refreshed with the view. */
static void
test_related (void)
{
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    VinvTable *hosts = vinv_inventory_ensure_table (inv, VINV_TABLE_HOST);
    g_autoptr (VinvTable) alone = make_table ();
    g_autoptr (VinvFilterError) ferr = NULL;
    static const char *const host_status[][2] = {
        { "hv01", "up" }, { "hv02", "maintenance" }, { "hv03", "up" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (host_status); i++) {
        guint r = vinv_table_add_row (hosts, "test", host_status[i][0]);
        vinv_table_set_string (hosts, r, VINV_HOST_NAME, host_status[i][0]);
        vinv_table_set_string (hosts, r, VINV_HOST_STATUS, host_status[i][1]);
    }
    vinv_table_take_rows (vms, alone);

    g_autoptr (VinvView) v = vinv_view_new (vms, inv);
    g_assert_true (vinv_view_set_filter (v, "host.status = up", &ferr));
    ASSERT_NAMES (v, "vm10 vm1 db01");
    g_assert_true (vinv_view_set_filter (v, "host.status != up", &ferr));
    ASSERT_NAMES (v, "vm2 web01 VM3");

    /* the view holds the tables, not the inventory */
    g_autoptr (VinvView) w = vinv_view_new (vms, inv);
    g_clear_pointer (&inv, vinv_inventory_free);
    g_assert_true (vinv_view_set_filter (w, "host.status = maint.*", &ferr));
    ASSERT_NAMES (w, "web01 VM3");

    /* without an inventory, linked rows are not known */
    g_autoptr (VinvView) x = vinv_view_new (vms, NULL);
    g_assert_true (vinv_view_set_filter (x, "host.status = up", &ferr));
    ASSERT_NAMES (x, "");
    g_assert_true (vinv_view_set_filter (x, "all host.status = up", &ferr));
    ASSERT_NAMES (x, "vm2");
}

static void
test_columns (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_view_is_column_visible (v, VINV_VM_NAME));
    g_assert_false (vinv_view_is_column_visible (v, VINV_COLUMN_ID));
    g_assert_true (vinv_view_set_columns_text (v, "name,memory,status", &error));
    g_autofree char *c1 = vinv_view_dup_columns_text (v);
    g_assert_cmpstr (c1, ==, "name,memory,status");
    g_assert_true (vinv_view_set_columns_text (v, "+id,-memory", &error));
    g_autofree char *c2 = vinv_view_dup_columns_text (v);
    g_assert_cmpstr (c2, ==, "name,status,id");
    vinv_view_move_column (v, VINV_COLUMN_ID, 0);
    g_autofree char *c3 = vinv_view_dup_columns_text (v);
    g_assert_cmpstr (c3, ==, "id,name,status");
    vinv_view_set_column_visible (v, VINV_VM_NAME, FALSE);
    g_assert_cmpuint (vinv_view_get_n_columns (v), ==, 2);
    g_assert_cmpuint (vinv_view_get_column (v, 1), ==, VINV_VM_STATUS);
    g_assert_true (vinv_view_set_columns_text (v, "all", &error));
    g_assert_cmpuint (vinv_view_get_n_columns (v), ==, vinv_schema_get (VINV_TABLE_VM)->n_columns);
    g_assert_false (vinv_view_set_columns_text (v, "name,bogus", &error));
    g_assert_nonnull (strstr (error->message, "unknown column 'bogus'"));
}

static void
test_filter_first_item (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    g_autoptr (VinvFilterError) ferr = NULL;

    g_assert_true (vinv_view_set_filter (v, "disks = Disk2", &ferr));
    ASSERT_NAMES (v, "vm10 vm1");
    g_autofree char *a = vinv_view_dup_cell_text (v, 0, VINV_VM_DISKS);
    g_autofree char *b = vinv_view_dup_cell_text (v, 3, VINV_VM_DISKS);
    g_assert_cmpstr (a, ==, "Disk2 (2)");
    g_assert_cmpstr (b, ==, "Disk2 (1)");
    g_assert_cmpstr (vinv_view_get_filter_text (v), ==, "disks = Disk2");

    /* a hidden column filters too */
    vinv_view_set_column_visible (v, VINV_VM_MEMORY, FALSE);
    g_assert_true (vinv_view_set_filter (v, "memory > 2GB", &ferr));
    ASSERT_NAMES (v, "vm10 vm1 db01");

    /* a bad filter keeps the previous one */
    g_assert_false (vinv_view_set_filter (v, "memry > 2", &ferr));
    g_assert_nonnull (ferr);
    g_assert_cmpuint (ferr->offset, ==, 0);
    ASSERT_NAMES (v, "vm10 vm1 db01");

    /* filter and sort together; clearing the filter */
    g_assert_true (vinv_view_set_sort_text (v, "name", NULL));
    ASSERT_NAMES (v, "db01 vm1 vm10");
    g_assert_true (vinv_view_set_filter (v, "", NULL));
    ASSERT_NAMES (v, "db01 vm1 vm2 VM3 vm10 web01");
}

static void
test_links (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    VinvTableKind target;
    g_autofree char *f1 = NULL;
    g_autofree char *f2 = NULL;
    char *f3 = NULL;

    g_assert_true (vinv_view_link_filter (v, 0, VINV_VM_DISKS, &target, &f1));
    g_assert_cmpint (target, ==, VINV_TABLE_DISK);
    g_assert_cmpstr (f1, ==, "id = \"disk1|disk2|disk3\"");
    g_assert_true (vinv_view_link_filter (v, 0, VINV_VM_HOST, &target, &f2));
    g_assert_cmpint (target, ==, VINV_TABLE_HOST);
    g_assert_cmpstr (f2, ==, "id = \"hv01\"");
    g_assert_false (vinv_view_link_filter (v, 1, VINV_VM_DISKS, &target, &f3));  /* empty */
    g_assert_false (vinv_view_link_filter (v, 0, VINV_VM_NAME, &target, &f3));   /* no target */
    g_assert_null (f3);

    /* the link filter selects exactly the linked rows in the target table */
    g_autoptr (VinvTable) disks = vinv_table_new (vinv_schema_get (VINV_TABLE_DISK));
    const char *ids[] = { "disk1", "disk2", "disk3", "disk4", "disk10", "xdisk1" };
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        vinv_table_add_row (disks, "test", ids[i]);
    g_autoptr (VinvView) dv = vinv_view_new (disks, NULL);
    g_autoptr (VinvFilterError) ferr = NULL;
    g_assert_true (vinv_view_set_filter (dv, f1, &ferr));
    g_assert_cmpuint (vinv_view_get_n_rows (dv), ==, 3);
    g_assert_cmpuint (vinv_view_get_row (dv, 2), ==, 2);

    /* ids with regex and quote characters match literally */
    g_autoptr (VinvTable) t2 = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    guint r = vinv_table_add_row (t2, "test", "x");
    VinvItem odd[] = { { "odd", "/var/lib/a.b \"c\" (1),[2]" } };
    vinv_table_set_list (t2, r, VINV_VM_DISKS, odd, 1);
    g_autoptr (VinvView) v2 = vinv_view_new (t2, NULL);
    g_assert_true (vinv_view_link_filter (v2, 0, VINV_VM_DISKS, &target, &f3));
    vinv_table_add_row (disks, "test", "/var/lib/a.b \"c\" (1),[2]");
    vinv_table_add_row (disks, "test", "/var/lib/aXb \"c\" (1),[2]");
    g_assert_true (vinv_view_set_filter (dv, f3, &ferr));
    g_assert_cmpuint (vinv_view_get_n_rows (dv), ==, 1);
    g_assert_cmpuint (vinv_view_get_row (dv, 0), ==, G_N_ELEMENTS (ids));
    g_free (f3);
}

static void
test_scale (void)
{
    /* 100,000 rows: sort and filter give the right order (timings are
     * measured in bench/, not asserted here) */
    g_autoptr (VinvTable) t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    char buf[32];
    for (guint i = 0; i < 100000; i++) {
        g_snprintf (buf, sizeof buf, "u%u", i);
        guint r = vinv_table_add_row (t, "s", buf);
        g_snprintf (buf, sizeof buf, "vm%u", (i * 7919) % 100000);
        vinv_table_set_string (t, r, VINV_VM_NAME, buf);
        vinv_table_set_quantity (t, r, VINV_VM_MEMORY, (double) (i % 64) * 1048576 * 512);
    }
    g_autoptr (VinvView) v = vinv_view_new (t, NULL);
    vinv_view_set_sort_text (v, "name", NULL);
    for (guint i = 0; i < 100000; i += 9973) {
        const char *name = vinv_table_get_cell (t, vinv_view_get_row (v, i), VINV_VM_NAME)->v.s;
        g_snprintf (buf, sizeof buf, "vm%u", i);
        g_assert_cmpstr (name, ==, buf);
    }
    g_assert_true (vinv_view_set_filter (v, "memory >= 31GB", NULL));
    g_assert_cmpuint (vinv_view_get_n_rows (v), ==, 100000 / 64 * 2 + 2 * (100000 % 64 > 62));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/view/sort", test_sort);
    g_test_add_func ("/view/sort-lists", test_sort_lists);
    g_test_add_func ("/view/related", test_related);
    g_test_add_func ("/view/columns", test_columns);
    g_test_add_func ("/view/filter-first-item", test_filter_first_item);
    g_test_add_func ("/view/links", test_links);
    g_test_add_func ("/view/scale", test_scale);
    return g_test_run ();
}
