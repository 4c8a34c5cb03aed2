/* test-table.c — tables, the arena, the id index, inventories and merging
 * (table.h, inventory.h, tables.h). */
#include <string.h>
#include <gio/gio.h>
#include "core/inventory.h"

static void
test_schemas (void)
{
    /* every canonical schema: Source and ID first, ids unique, link
     * targets name real tables, quantities have a unit */
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *s = vinv_schema_get (k);
        g_assert_nonnull (s);
        g_assert_true (vinv_schema_lookup (s->id) == s);
        g_assert_true (vinv_schema_lookup (s->title) == s);
        g_assert_cmpstr (s->columns[VINV_COLUMN_SOURCE].id, ==, "source");
        g_assert_cmpstr (s->columns[VINV_COLUMN_ID].id, ==, "id");
        for (guint c = 0; c < s->n_columns; c++) {
            const VinvColumn *col = &s->columns[c];
            g_assert_nonnull (col->id);
            g_assert_nonnull (col->title);
            g_assert_cmpint (vinv_schema_lookup_column (s, col->id), ==, (int) c);
            g_assert_cmpint (vinv_schema_lookup_column (s, col->title), ==, (int) c);
            if (col->kind == VINV_CELL_QUANTITY)
                g_assert_nonnull (col->unit);
            if (col->kind == VINV_CELL_REF)
                g_assert_nonnull (col->target);
            if (col->target != NULL)
                g_assert_nonnull (vinv_schema_lookup (col->target));
        }
    }
    g_assert_true (vinv_schema_lookup ("Storage Pools") == vinv_schema_get (VINV_TABLE_SD));
    g_assert_true (vinv_schema_lookup ("vm-nics") == vinv_schema_get (VINV_TABLE_VMNIC));
    g_assert_null (vinv_schema_lookup ("no such table"));
    const VinvSchema *vms = vinv_schema_get (VINV_TABLE_VM);
    g_assert_cmpint (vinv_schema_lookup_column (vms, "MAX-memory"), ==, VINV_VM_MAX_MEMORY);
    g_assert_cmpint (vinv_schema_lookup_column (vms, "storage domains"), ==,
                     VINV_VM_STORAGE_DOMAINS);
    g_autofree char *near = vinv_schema_dup_nearest_columns (vms, "memry", 2);
    g_assert_cmpstr (near, ==, "'Memory'");
    g_assert_null (vinv_schema_dup_nearest_columns (vms, "zzzzzzzz", 3));
}

static void
test_rows (void)
{
    g_autoptr (VinvTable) t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    char buf[32];

    for (guint i = 0; i < 1000; i++) {
        g_snprintf (buf, sizeof buf, "id-%u", i);
        guint r = vinv_table_add_row (t, i % 2 ? "hv01" : "hv02", buf);
        g_assert_cmpuint (r, ==, i);
        g_snprintf (buf, sizeof buf, "vm%u", i);
        vinv_table_set_string (t, r, VINV_VM_NAME, buf);  /* buf is reused: must be copied */
        vinv_table_set_int (t, r, VINV_VM_VCPUS, i % 8 + 1);
        vinv_table_set_quantity (t, r, VINV_VM_MEMORY, (i + 1) * 1048576.0);
        vinv_table_set_bool (t, r, VINV_VM_PENDING_RESTART, i % 3 == 0);
        vinv_table_set_ref (t, r, VINV_VM_HOST, "hv01", "host-1");
        VinvItem items[2] = { { "disk-a", "da" }, { NULL, "db" } };
        vinv_table_set_list (t, r, VINV_VM_DISKS, items, i % 3);
    }
    g_assert_cmpuint (vinv_table_get_n_rows (t), ==, 1000);
    g_assert_cmpstr (vinv_table_get_cell (t, 500, VINV_VM_NAME)->v.s, ==, "vm500");
    g_assert_cmpstr (vinv_table_get_row_id (t, 500), ==, "id-500");
    g_assert_cmpstr (vinv_table_get_row_source (t, 501), ==, "hv01");
    g_assert_cmpint (vinv_table_get_cell (t, 7, VINV_VM_VCPUS)->v.i, ==, 8);
    g_assert_cmpint (vinv_table_get_cell (t, 9, VINV_VM_PENDING_RESTART)->v.b, ==, TRUE);
    g_assert_cmpint (vinv_table_get_cell (t, 9, VINV_VM_STATUS)->kind, ==, VINV_CELL_NULL);
    const VinvCell *d = vinv_table_get_cell (t, 2, VINV_VM_DISKS);
    g_assert_cmpint (d->kind, ==, VINV_CELL_LIST);
    g_assert_cmpuint (d->v.list->n, ==, 2);
    g_assert_cmpstr (d->v.list->items[1].text, ==, "db");  /* text defaults to the id */
    g_assert_cmpuint (vinv_table_get_cell (t, 0, VINV_VM_DISKS)->v.list->n, ==, 0);

    /* index: by source and id, kept current after rows are added */
    g_assert_cmpint (vinv_table_find_row (t, "hv02", "id-500"), ==, 500);
    g_assert_cmpint (vinv_table_find_row (t, "hv01", "id-500"), ==, -1);
    g_assert_cmpint (vinv_table_find_row (t, NULL, "id-999"), ==, 999);
    guint r = vinv_table_add_row (t, "hv01", "late");
    g_assert_cmpint (vinv_table_find_row (t, "hv01", "late"), ==, (int) r);

    /* reorder: row i becomes the old row order[i]; the index follows */
    g_autoptr (VinvTable) small = vinv_table_new (vinv_schema_get (VINV_TABLE_HOST));
    const char *ids[] = { "a", "b", "c", "d" };
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        vinv_table_add_row (small, "s", ids[i]);
    g_assert_cmpint (vinv_table_find_row (small, "s", "c"), ==, 2);   /* builds the index */
    const guint order[] = { 2, 0, 3, 1 };
    vinv_table_reorder (small, order);
    g_assert_cmpstr (vinv_table_get_row_id (small, 0), ==, "c");
    g_assert_cmpstr (vinv_table_get_row_id (small, 1), ==, "a");
    g_assert_cmpstr (vinv_table_get_row_id (small, 3), ==, "b");
    g_assert_cmpint (vinv_table_find_row (small, "s", "c"), ==, 0);
    g_assert_cmpint (vinv_table_find_row (small, "s", "b"), ==, 3);

    /* a big string goes to its own arena block */
    g_autofree char *big = g_strnfill (100000, 'x');
    vinv_table_set_string (t, r, VINV_VM_DESCRIPTION, big);
    g_assert_cmpuint (strlen (vinv_table_get_cell (t, r, VINV_VM_DESCRIPTION)->v.s), ==, 100000);
    vinv_table_set_string (t, r, VINV_VM_DESCRIPTION, NULL);
    g_assert_cmpint (vinv_table_get_cell (t, r, VINV_VM_DESCRIPTION)->kind, ==, VINV_CELL_NULL);
}

/* Cells that borrow another table's strings (vinv_table_keep_strings()):
 * they read as the copying setters make them, and stay valid after the
 * other table is freed, after their own rows are merged into a third
 * table, and when two tables borrow from each other.  Under ASan (the
 * unit suite runs there too) a string that was not kept is a
 * use-after-free. */
static void
test_borrowed_strings (void)
{
    VinvTable *hosts = vinv_table_new (vinv_schema_get (VINV_TABLE_HOST));
    VinvTable *vms = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    char buf[32];

    /* enough rows and strings to span several arena blocks */
    for (guint i = 0; i < 3000; i++) {
        g_snprintf (buf, sizeof buf, "host-id-%u", i);
        guint r = vinv_table_add_row (hosts, "engine", buf);
        g_snprintf (buf, sizeof buf, "hv%04u", i);
        vinv_table_set_string (hosts, r, VINV_HOST_NAME, buf);
    }
    VinvItem *host_items = vinv_table_alloc (hosts, 3000 * sizeof (VinvItem));
    for (guint i = 0; i < 3000; i++) {
        host_items[i].text = vinv_table_get_cell (hosts, i, VINV_HOST_NAME)->v.s;
        host_items[i].id = vinv_table_get_row_id (hosts, i);
    }
    for (guint i = 0; i < 2000; i++) {
        g_snprintf (buf, sizeof buf, "vm-id-%u", i);
        guint r = vinv_table_add_row (vms, "engine", buf);
        vinv_table_set_ref_item (vms, r, VINV_VM_HOST, &host_items[i % 3000]);
        VinvItem disks[3] = { host_items[i], host_items[i + 1], { "static text", NULL } };
        vinv_table_set_list_borrowed (vms, r, VINV_VM_DISKS, disks, i % 4 == 0 ? 0 : 3);
    }
    /* hosts list their VMs: each table borrows from the other */
    const VinvItem vm_item = { vinv_table_get_row_id (vms, 7), vinv_table_get_row_id (vms, 7) };
    vinv_table_set_list_borrowed (hosts, 0, VINV_HOST_VMS, &vm_item, 1);
    vinv_table_keep_strings (vms, hosts);
    vinv_table_keep_strings (vms, hosts);        /* twice: harmless */
    vinv_table_keep_strings (hosts, vms);
    vinv_table_keep_strings (hosts, hosts);      /* itself: nothing */
    /* allocated after the call: kept too */
    g_snprintf (buf, sizeof buf, "late-%d", 1);
    const char *late = vinv_table_strdup_len (hosts, buf, strlen (buf));
    VinvItem late_item = { late, late };
    vinv_table_set_list_borrowed (vms, 1, VINV_VM_NICS, &late_item, 1);

    /* merged into another table, then both sources freed */
    g_autoptr (VinvTable) merged = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    vinv_table_take_rows (merged, vms);
    g_assert_cmpuint (vinv_table_get_n_rows (vms), ==, 0);
    vinv_table_unref (vms);
    VinvTable *merged_hosts = vinv_table_new (vinv_schema_get (VINV_TABLE_HOST));
    vinv_table_take_rows (merged_hosts, hosts);
    vinv_table_unref (hosts);
    const VinvCell *host_vms = vinv_table_get_cell (merged_hosts, 0, VINV_HOST_VMS);
    g_assert_cmpstr (host_vms->v.list->items[0].text, ==, "vm-id-7");
    /* every host string is gone but those the VMs keep */
    vinv_table_unref (merged_hosts);

    g_autoptr (VinvTable) copied = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    for (guint i = 0; i < 2000; i++) {
        const VinvCell *host = vinv_table_get_cell (merged, i, VINV_VM_HOST);
        g_snprintf (buf, sizeof buf, "hv%04u", i);
        g_assert_cmpint (host->kind, ==, VINV_CELL_REF);
        g_assert_cmpstr (host->v.ref->text, ==, buf);
        g_snprintf (buf, sizeof buf, "host-id-%u", i);
        g_assert_cmpstr (host->v.ref->id, ==, buf);
        const VinvCell *disks = vinv_table_get_cell (merged, i, VINV_VM_DISKS);
        g_assert_cmpint (disks->kind, ==, VINV_CELL_LIST);
        g_assert_cmpuint (disks->v.list->n, ==, i % 4 == 0 ? 0 : 3);
        if (disks->v.list->n == 3) {
            g_snprintf (buf, sizeof buf, "host-id-%u", i + 1);
            g_assert_cmpstr (disks->v.list->items[1].id, ==, buf);
            g_assert_cmpstr (disks->v.list->items[2].text, ==, "static text");
            g_assert_null (disks->v.list->items[2].id);
        }
        /* the same cells as the copying setters make */
        guint r = vinv_table_add_row (copied, "engine", vinv_table_get_row_id (merged, i));
        vinv_table_set_ref (copied, r, VINV_VM_HOST, host->v.ref->text, host->v.ref->id);
        vinv_table_set_list (copied, r, VINV_VM_DISKS, disks->v.list->items, disks->v.list->n);
        for (guint c = VINV_VM_HOST; c <= VINV_VM_DISKS; c += VINV_VM_DISKS - VINV_VM_HOST) {
            g_autofree char *a = vinv_cell_dup_text (vinv_table_get_column (merged, c),
                                                     vinv_table_get_cell (merged, i, c), 0);
            g_autofree char *b = vinv_cell_dup_text (vinv_table_get_column (copied, c),
                                                     vinv_table_get_cell (copied, r, c), 0);
            g_assert_cmpstr (a, ==, b);
        }
    }
    g_assert_cmpstr (vinv_table_get_cell (merged, 1, VINV_VM_NICS)->v.list->items[0].text, ==,
                     "late-1");
}

static void
fill_source (VinvInventory *inv, const char *source, const VinvBackendTable *tables, guint n)
{
    vinv_inventory_add_source (inv, source, "test:///x", tables);
    VinvTable *t = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    for (guint i = 0; i < n; i++) {
        g_autofree char *id = g_strdup_printf ("%s-%u", source, i);
        guint r = vinv_table_add_row (t, source, id);
        vinv_table_set_string (t, r, VINV_VM_NAME, id);
    }
}

/* Two made-up back-ends describing themselves: a hypervisor one (with a
 * title override) and an engine one. */
static const char *const hv_vm_columns[] = { "name", "status", "cpu_time", NULL };
static const char *const hv_sd_columns[] = { "name", NULL };
static const VinvBackendTable hv_tables[] = {
    { "vms", NULL, hv_vm_columns },
    { "storage_domains", "Storage pools", hv_sd_columns },
    { NULL, NULL, NULL }
};
static const char *const engine_vm_columns[] = { "name", "cluster", "pending_restart", NULL };
static const VinvBackendTable engine_tables[] = {
    { "vms", NULL, engine_vm_columns },
    { "storage_domains", NULL, hv_sd_columns },
    { NULL, NULL, NULL }
};

/* The rows of @links for row @row, as "r r -" (VINV_NO_ROW as "-"). */
static char *
links_text (const VinvLinks *links, guint row)
{
    GString *out = g_string_new (NULL);
    for (guint32 k = links->offsets[row]; k < links->offsets[row + 1]; k++) {
        if (out->len > 0)
            g_string_append_c (out, ' ');
        if (links->rows[k] == VINV_NO_ROW)
            g_string_append_c (out, '-');
        else
            g_string_append_printf (out, "%u", links->rows[k]);
    }
    return g_string_free (out, FALSE);
}

static void
test_links (void)
{
    g_autoptr (VinvTable) hosts = vinv_table_new (vinv_schema_get (VINV_TABLE_HOST));
    g_autoptr (VinvTable) vms = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));

    /* two sources with the same ids; a duplicate id in one source */
    vinv_table_add_row (vms, "a", "vm-1");                 /* 0 */
    vinv_table_add_row (vms, "a", "vm-2");                 /* 1 */
    vinv_table_add_row (vms, "b", "vm-1");                 /* 2 */
    vinv_table_add_row (vms, "b", "vm-3");                 /* 3 */
    vinv_table_add_row (vms, "a", "vm-2");                 /* 4: a duplicate */
    VinvItem a_items[] = { { "x", "vm-2" }, { "y", "vm-3" }, { "z", NULL }, { "w", "vm-1" } };
    VinvItem b_items[] = { { "x", "vm-1" }, { "y", "vm-3" }, { "z", "vm-2" } };
    vinv_table_add_row (hosts, "a", "h1");
    vinv_table_set_list (hosts, 0, VINV_HOST_VMS, a_items, G_N_ELEMENTS (a_items));
    vinv_table_add_row (hosts, "b", "h1");
    vinv_table_set_list (hosts, 1, VINV_HOST_VMS, b_items, G_N_ELEMENTS (b_items));
    vinv_table_add_row (hosts, "c", "h2");                 /* no VMs cell */
    vinv_table_add_row (hosts, "a", "h3");
    vinv_table_set_list (hosts, 3, VINV_HOST_VMS, NULL, 0);
    vinv_table_add_row (hosts, "c", "h4");                 /* a source without VMs */
    vinv_table_set_list (hosts, 4, VINV_HOST_VMS, b_items, 1);

    g_autoptr (VinvLinks) links = vinv_table_ref_links (hosts, VINV_HOST_VMS, vms);
    g_assert_cmpuint (links->n_rows, ==, 5);
    const char *expected[] = { "1 - - 0", "2 3 -", "", "", "-" };
    for (guint r = 0; r < G_N_ELEMENTS (expected); r++) {
        g_autofree char *got = links_text (links, r);
        g_assert_cmpstr (got, ==, expected[r]);
        /* the same answer as a look-up by id, item by item */
        const VinvCell *cell = vinv_table_get_cell (hosts, r, VINV_HOST_VMS);
        for (guint i = 0; cell->kind == VINV_CELL_LIST && i < cell->v.list->n; i++) {
            const char *id = cell->v.list->items[i].id;
            int row = id != NULL ? vinv_table_find_row (vms, vinv_table_get_row_source (hosts, r),
                                                        id)
                                 : -1;
            guint32 k = links->offsets[r] + i;
            g_assert_cmpint (row, ==, links->rows[k] == VINV_NO_ROW ? -1 : (int) links->rows[k]);
        }
    }

    /* kept: asking again gives the same resolution */
    g_autoptr (VinvLinks) again = vinv_table_ref_links (hosts, VINV_HOST_VMS, vms);
    g_assert_true (again == links);

    /* a row added to the target is seen; the old resolution stays valid */
    vinv_table_add_row (vms, "c", "vm-1");                 /* 5 */
    g_autoptr (VinvLinks) grown = vinv_table_ref_links (hosts, VINV_HOST_VMS, vms);
    g_assert_true (grown != links);
    g_autofree char *h4 = links_text (grown, 4);
    g_assert_cmpstr (h4, ==, "5");
    g_autofree char *old_h4 = links_text (links, 4);
    g_assert_cmpstr (old_h4, ==, "-");

    /* reordering the target moves the answers */
    guint order[] = { 5, 4, 3, 2, 1, 0 };
    vinv_table_reorder (vms, order);
    g_autoptr (VinvLinks) reordered = vinv_table_ref_links (hosts, VINV_HOST_VMS, vms);
    g_autofree char *h1 = links_text (reordered, 0);
    g_assert_cmpstr (h1, ==, "1 - - 5");   /* the first a/vm-2 is now row 1 */

    /* a changed cell of the linking table is seen */
    vinv_table_set_list (hosts, 2, VINV_HOST_VMS, b_items, 1);
    g_autoptr (VinvLinks) changed = vinv_table_ref_links (hosts, VINV_HOST_VMS, vms);
    g_autofree char *h2 = links_text (changed, 2);
    g_assert_cmpstr (h2, ==, "0");

    /* a reference is one item */
    vinv_table_set_ref (vms, 5, VINV_VM_HOST, "h1", "h1");     /* a/vm-1 */
    vinv_table_set_ref (vms, 3, VINV_VM_HOST, "h1", "h1");     /* b/vm-1 */
    vinv_table_set_ref (vms, 1, VINV_VM_HOST, "gone", "h9");
    vinv_table_set_ref (vms, 0, VINV_VM_HOST, "h1", NULL);     /* c/vm-1: text only */
    g_autoptr (VinvLinks) refs = vinv_table_ref_links (vms, VINV_VM_HOST, hosts);
    const char *ref_expected[] = { "-", "-", "", "1", "", "0" };
    g_assert_cmpuint (refs->n_rows, ==, G_N_ELEMENTS (ref_expected));
    for (guint r = 0; r < G_N_ELEMENTS (ref_expected); r++) {
        g_autofree char *got = links_text (refs, r);
        g_assert_cmpstr (got, ==, ref_expected[r]);
    }
}

static void
test_inventory_merge (void)
{
    g_autoptr (VinvInventory) all = vinv_inventory_new ();
    g_autoptr (VinvInventory) a = vinv_inventory_new ();
    g_autoptr (VinvInventory) b = vinv_inventory_new ();

    fill_source (a, "hv01", hv_tables, 3);
    fill_source (b, "hv02", hv_tables, 2);
    vinv_table_set_error (vinv_inventory_ensure_table (b, VINV_TABLE_SD), "pools: broken");
    vinv_inventory_add_source_note (b, "hv02", "1 value out of range");
    vinv_inventory_add_source_note (b, "hv02", "2 rows twice");
    vinv_inventory_add_source_note (b, "nosuch", "ignored");
    vinv_inventory_merge (all, a);
    vinv_inventory_merge (all, b);
    g_clear_pointer (&a, vinv_inventory_free);   /* rows must survive their donor */
    g_clear_pointer (&b, vinv_inventory_free);

    VinvTable *vms = vinv_inventory_lookup_table (all, "VMs");
    g_assert_nonnull (vms);
    g_assert_cmpuint (vinv_table_get_n_rows (vms), ==, 5);
    g_assert_cmpstr (vinv_table_get_cell (vms, 4, VINV_VM_NAME)->v.s, ==, "hv02-1");
    g_assert_cmpstr (vinv_table_get_row_source (vms, 4), ==, "hv02");
    g_assert_cmpint (vinv_table_find_row (vms, "hv02", "hv02-1"), ==, 4);
    g_assert_cmpuint (vinv_inventory_get_n_sources (all), ==, 2);
    g_assert_cmpuint (vinv_inventory_count_failures (all), ==, 1);
    /* notes travel with their source */
    g_assert_null (vinv_inventory_get_source (all, 0)->notes);
    const char *const *notes = (const char *const *) vinv_inventory_get_source (all, 1)->notes;
    g_assert_cmpuint (g_strv_length ((char **) notes), ==, 2);
    g_assert_cmpstr (notes[0], ==, "1 value out of range");
    g_assert_cmpstr (notes[1], ==, "2 rows twice");

    VinvTable *sd = vinv_inventory_get_table (all, VINV_TABLE_SD);
    g_assert_cmpstr (vinv_table_get_error (sd), ==, "pools: broken");
    g_assert_cmpstr (vinv_inventory_get_table_title (all, sd), ==, "Storage pools");

    /* Source shows with two sources; oVirt-only columns are not available */
    g_assert_true (vinv_inventory_column_default_visible (all, vms, VINV_COLUMN_SOURCE));
    g_assert_false (vinv_inventory_column_default_visible (all, vms, VINV_VM_CLUSTER));
    g_assert_false (vinv_inventory_column_available (all, vms, VINV_VM_PENDING_RESTART));
    g_assert_true (vinv_inventory_column_available (all, vms, VINV_VM_CPU_TIME));
    g_assert_true (vinv_inventory_column_default_visible (all, vms, VINV_VM_NAME));
    g_assert_false (vinv_inventory_column_default_visible (all, vms, VINV_COLUMN_ID));

    VinvTable *list[VINV_TABLE_LAST];
    g_assert_cmpuint (vinv_inventory_list_tables (all, list), ==, 2);
    g_assert_true (list[0] == vms);
}

/* Availability and titles come from the descriptions of the back-ends in
 * use, and only from them. */
static void
test_inventory_describe (void)
{
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    VinvTable *sd = vinv_inventory_ensure_table (inv, VINV_TABLE_SD);

    /* no sources: everything available, schema titles */
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_CLUSTER));
    g_assert_true (vinv_inventory_column_default_visible (inv, vms, VINV_VM_CLUSTER));
    g_assert_cmpstr (vinv_inventory_get_table_title (inv, sd), ==, "Storage domains");

    /* a source without a description adds nothing but changes nothing */
    vinv_inventory_add_source (inv, "broken", "nosuch://x", NULL);
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_CLUSTER));

    /* the hypervisor back-end: its columns, its title */
    vinv_inventory_add_source (inv, "hv01", "test:///x", hv_tables);
    g_assert_false (vinv_inventory_column_available (inv, vms, VINV_VM_CLUSTER));
    g_assert_false (vinv_inventory_column_default_visible (inv, vms, VINV_VM_CLUSTER));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_CPU_TIME));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_COLUMN_ID));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_COLUMN_SOURCE));
    g_assert_false (vinv_inventory_column_available (inv, sd, vinv_schema_lookup_column (
                                                         vinv_schema_get (VINV_TABLE_SD),
                                                         "status")));
    g_assert_cmpstr (vinv_inventory_get_table_title (inv, sd), ==, "Storage pools");
    g_assert_cmpstr (vinv_inventory_get_table_title (inv, vms), ==, "VMs");

    /* and an engine: the union of the columns; titles disagree: the schema's */
    vinv_inventory_add_source (inv, "engine", "ovirt://e", engine_tables);
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_CLUSTER));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_CPU_TIME));
    g_assert_false (vinv_inventory_column_available (inv, vms, VINV_VM_HA));
    g_assert_cmpstr (vinv_inventory_get_table_title (inv, sd), ==, "Storage domains");
}

/* vinv_backend_tables_check() catches what a description can get wrong. */
static void
test_backend_tables_check (void)
{
    static const char *const ok_cols[] = { "name", "memory", NULL };
    static const char *const unknown_col[] = { "name", "memroy", NULL };
    static const char *const twice[] = { "name", "memory", "name", NULL };
    static const char *const row_id[] = { "id", NULL };
    static const VinvBackendTable good[] = { { "vms", NULL, ok_cols }, { NULL, NULL, NULL } };
    static const VinvBackendTable bad_table[] = { { "vmz", NULL, ok_cols }, { NULL, NULL, NULL } };
    static const VinvBackendTable bad_col[] = {
        { "vms", NULL, unknown_col }, { NULL, NULL, NULL }
    };
    static const VinvBackendTable dup_col[] = { { "vms", NULL, twice }, { NULL, NULL, NULL } };
    static const VinvBackendTable id_col[] = { { "vms", NULL, row_id }, { NULL, NULL, NULL } };
    static const VinvBackendTable dup_table[] = {
        { "vms", NULL, ok_cols }, { "vms", NULL, ok_cols }, { NULL, NULL, NULL }
    };
    /* a column of another table */
    static const char *const host_cols[] = { "sockets", NULL };
    static const VinvBackendTable wrong_table[] = {
        { "vms", NULL, host_cols }, { NULL, NULL, NULL }
    };
    const VinvBackendTable *bad[] = {
        bad_table, bad_col, dup_col, id_col, dup_table, wrong_table
    };

    g_assert_true (vinv_backend_tables_check (good, NULL));
    g_assert_true (vinv_backend_tables_check (NULL, NULL));
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
        g_autoptr (GError) error = NULL;
        g_assert_false (vinv_backend_tables_check (bad[i], &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/table/schemas", test_schemas);
    g_test_add_func ("/table/rows", test_rows);
    g_test_add_func ("/table/borrowed-strings", test_borrowed_strings);
    g_test_add_func ("/table/links", test_links);
    g_test_add_func ("/table/inventory-merge", test_inventory_merge);
    g_test_add_func ("/table/inventory-describe", test_inventory_describe);
    g_test_add_func ("/table/backend-tables-check", test_backend_tables_check);
    return g_test_run ();
}
