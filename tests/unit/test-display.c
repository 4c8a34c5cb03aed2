/* test-display.c — readable cell values (display.h): quantities,
 * numbers, statuses, cells, lists in two parts and as a count, column help
 * and "Not available from …" reasons (with back-ends registered here). */
#include <string.h>
#include "core/backend.h"
#include "core/display.h"
#include "core/tables.h"
#include "core/units.h"

typedef struct {
    VinvDimension dim;
    double value;
    const char *expect;
} QuantityCase;

static void
test_quantities (void)
{
    static const QuantityCase cases[] = {
        { VINV_DIM_BYTES, 0, "0 B" },
        { VINV_DIM_BYTES, 512, "512 B" },
        { VINV_DIM_BYTES, 100.0 * 1048576, "100 MiB" },
        { VINV_DIM_BYTES, 32.0 * 1073741824, "32 GiB" },
        { VINV_DIM_BYTES, 17.5 * 1099511627776.0, "17.5 TiB" },
        { VINV_DIM_BYTES, 4.6 * 1073741824, "4.6 GiB" },
        { VINV_DIM_BYTES, 14.28 * 1073741824, "14.3 GiB" },
        { VINV_DIM_BYTES, 922.0 * 1048576, "922 MiB" },
        { VINV_DIM_BYTES, 1023.99 * 1048576, "1 GiB" },
        { VINV_DIM_BYTES, 0.1 * 1073741824, "102 MiB" },
        { VINV_DIM_BYTES, 2048.0 * 1099511627776.0, "2 PiB" },
        { VINV_DIM_BYTES, 5000.0 * 1125899906842624.0, "5,000 PiB" },
        { VINV_DIM_BYTES, -3.0 * 1048576, "-3 MiB" },
        { VINV_DIM_BYTES_PER_SEC, 3.5 * 1048576, "3.5 MiB/s" },
        { VINV_DIM_BITS_PER_SEC, 940e6, "940 Mb/s" },
        { VINV_DIM_BITS_PER_SEC, 10e9, "10 Gb/s" },
        { VINV_DIM_BITS_PER_SEC, 1.26e9, "1.3 Gb/s" },
        { VINV_DIM_HERTZ, 2.4e9, "2.4 GHz" },
        { VINV_DIM_HERTZ, 2400e6, "2.4 GHz" },
        { VINV_DIM_PERCENT, 34.9, "34.9 %" },
        { VINV_DIM_PERCENT, 100, "100 %" },
        { VINV_DIM_PERCENT, 0.04, "0 %" },
        { VINV_DIM_SECONDS, 0.0042, "4.2 ms" },
        { VINV_DIM_SECONDS, 0, "0 s" },
        { VINV_DIM_SECONDS, 42, "42 s" },
        { VINV_DIM_SECONDS, 300, "5 min" },
        { VINV_DIM_SECONDS, 3 * 86400.0, "3 d" },
        { VINV_DIM_SECONDS, 150 * 86400.0, "5 mo" },
        { VINV_DIM_SECONDS, 800 * 86400.0, "2.2 y" },
        { VINV_DIM_COUNT, 1234567, "1,234,567" },
        { VINV_DIM_COUNT, 1234.5, "1,234.5" },
        { VINV_DIM_COUNT, 12, "12" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *s = vinv_format_quantity (cases[i].dim, cases[i].value);
        g_test_message ("case %u: %s", i, cases[i].expect);
        g_assert_cmpstr (s, ==, cases[i].expect);
    }
}

static void
test_numbers (void)
{
    static const struct { double v; guint d; const char *expect; } cases[] = {
        { 0, 0, "0" }, { 999, 0, "999" }, { 1000, 0, "1,000" }, { -1000000, 0, "-1,000,000" },
        { 12345.678, 2, "12,345.68" }, { 100000.5, 1, "100,000.5" }, { -0.001, 1, "0" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *s = vinv_format_number (cases[i].v, cases[i].d);
        g_assert_cmpstr (s, ==, cases[i].expect);
    }
}

static void
test_status (void)
{
    static const struct { const char *in, *label; VinvStatusLevel level; } cases[] = {
        { "up", "Up", VINV_STATUS_OK },
        { "non_responsive", "Not responding", VINV_STATUS_ERROR },
        { "maintenance", "Maintenance", VINV_STATUS_WARNING },
        { "image_locked", "Image locked", VINV_STATUS_WARNING },
        { "powering_up", "Powering up", VINV_STATUS_WARNING },
        { "down", "Down", VINV_STATUS_NEUTRAL },
        { "Running", "Running", VINV_STATUS_OK },
        { "shut_off", "Shut off", VINV_STATUS_NEUTRAL },
        { "ok", "OK", VINV_STATUS_OK },
        { "", "", VINV_STATUS_NEUTRAL },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *label = vinv_status_label (cases[i].in);
        g_assert_cmpstr (label, ==, cases[i].label);
        g_assert_cmpint (vinv_status_level (cases[i].in), ==, cases[i].level);
    }
}

static void
test_cells (void)
{
    static const VinvColumn memory = { "memory", "Memory", VINV_CELL_QUANTITY,
                                       &vinv_units[VINV_U_MB], NULL, 0, "" };
    static const VinvColumn status = { "status", "Status", VINV_CELL_STRING, NULL, NULL, 0, "" };
    static const VinvColumn os = { "os", "OS", VINV_CELL_STRING, NULL, NULL, 0, "" };
    static const VinvColumn disks = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks", 0, "" };
    static const VinvColumn flag = { "ha", "HA", VINV_CELL_BOOL, NULL, NULL, 0, "" };
    static const VinvColumn n = { "vcpus", "vCPUs", VINV_CELL_INT, NULL, NULL, 0, "" };

    VinvCell cell = { .kind = VINV_CELL_QUANTITY, .v.d = 4096.0 * 1048576 };
    g_autofree char *mem = vinv_cell_format_display (&memory, &cell, 0);
    g_assert_cmpstr (mem, ==, "4 GiB");
    /* the text output keeps the exact value in the display unit */
    g_autofree char *mem_text = vinv_cell_dup_text (&memory, &cell, 0);
    g_assert_cmpstr (mem_text, ==, "4096 MB");

    cell = (VinvCell) { .kind = VINV_CELL_STRING, .v.s = "non_responsive" };
    g_autofree char *st = vinv_cell_format_display (&status, &cell, 0);
    g_assert_cmpstr (st, ==, "Not responding");
    g_autofree char *plain = vinv_cell_format_display (&os, &cell, 0);
    g_assert_cmpstr (plain, ==, "non_responsive");

    cell = (VinvCell) { .kind = VINV_CELL_BOOL, .v.b = TRUE };
    g_autofree char *yes = vinv_cell_format_display (&flag, &cell, 0);
    g_assert_cmpstr (yes, ==, "Yes");
    cell.v.b = FALSE;
    g_autofree char *no = vinv_cell_format_display (&flag, &cell, 0);
    g_assert_cmpstr (no, ==, "No");

    cell = (VinvCell) { .kind = VINV_CELL_INT, .v.i = 12345 };
    g_autofree char *count = vinv_cell_format_display (&n, &cell, 0);
    g_assert_cmpstr (count, ==, "12,345");

    cell = (VinvCell) { .kind = VINV_CELL_NULL };
    g_autofree char *null = vinv_cell_format_display (&memory, &cell, 0);
    g_assert_cmpstr (null, ==, "");

    VinvList *list = g_malloc (sizeof (VinvList) + 4 * sizeof (VinvItem));
    list->n = 4;
    const char *names[] = { "db-prod-01.qcow2", "b", "c", "d" };
    for (guint i = 0; i < 4; i++)
        list->items[i] = (VinvItem) { names[i], "id" };
    cell = (VinvCell) { .kind = VINV_CELL_LIST, .v.list = list };
    g_autofree char *l0 = vinv_cell_format_display (&disks, &cell, 0);
    g_assert_cmpstr (l0, ==, "db-prod-01.qcow2 +3");
    g_autofree char *l2 = vinv_cell_format_display (&disks, &cell, 2);
    g_assert_cmpstr (l2, ==, "c +3");
    g_autofree char *items = vinv_cell_format_items (&cell, 3);
    g_assert_cmpstr (items, ==, "db-prod-01.qcow2\nb\nc\n… and 1 more");

    /* two parts: the count is its own part, never cut with the item */
    g_autofree char *more = NULL;
    g_autofree char *part = vinv_cell_format_list (&disks, &cell, 0, &more);
    g_assert_cmpstr (part, ==, "db-prod-01.qcow2");
    g_assert_cmpstr (more, ==, "+3");
    list->n = 1;
    static char sentinel[] = "x";   /* overwritten with NULL, not freed */
    char *more1 = sentinel;
    g_autofree char *part1 = vinv_cell_format_list (&disks, &cell, 0, &more1);
    g_assert_cmpstr (part1, ==, "db-prod-01.qcow2");
    g_assert_null (more1);
    g_autofree char *l1 = vinv_cell_format_display (&disks, &cell, 0);
    g_assert_cmpstr (l1, ==, "db-prod-01.qcow2");
    list->n = 0;
    g_autofree char *empty = vinv_cell_format_display (&disks, &cell, 0);
    g_assert_cmpstr (empty, ==, "");
    g_free (list);
}

/* Long lists read as a count with the column's noun. */
static void
test_long_lists (void)
{
    static const VinvColumn disks = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks", 0, "" };
    static const VinvColumn vms = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms", 0, "" };
    static const VinvColumn ips = { "ip_addresses", "IP addresses", VINV_CELL_LIST, NULL,
                                    NULL, 0, "" };
    guint n = 1234;
    VinvList *list = g_malloc (sizeof (VinvList) + n * sizeof (VinvItem));
    for (guint i = 0; i < n; i++)
        list->items[i] = (VinvItem) { "item", "id" };
    VinvCell cell = { .kind = VINV_CELL_LIST, .v.list = list };

    list->n = VINV_LIST_COUNT_FROM - 1;
    g_autofree char *nine = vinv_cell_format_display (&disks, &cell, 0);
    g_autofree char *want_nine = g_strdup_printf ("item +%u", VINV_LIST_COUNT_FROM - 2);
    g_assert_cmpstr (nine, ==, want_nine);
    list->n = VINV_LIST_COUNT_FROM;
    static char sentinel[] = "x";   /* overwritten with NULL, not freed */
    char *more = sentinel;
    g_autofree char *ten = vinv_cell_format_list (&disks, &cell, 0, &more);
    g_autofree char *want_ten = g_strdup_printf ("%u disks", VINV_LIST_COUNT_FROM);
    g_assert_cmpstr (ten, ==, want_ten);
    g_assert_null (more);
    g_autofree char *shown = vinv_cell_format_display (&disks, &cell, 0);
    g_assert_cmpstr (shown, ==, want_ten);
    list->n = n;
    g_autofree char *many_vms = vinv_cell_format_display (&vms, &cell, 0);
    g_assert_cmpstr (many_vms, ==, "1,234 VMs");
    g_autofree char *many_ips = vinv_cell_format_display (&ips, &cell, 0);
    g_assert_cmpstr (many_ips, ==, "1,234 IP addresses");
    g_assert_null (strchr (many_ips, '('));
    g_free (list);
}

static void
test_column_help (void)
{
    const VinvSchema *schema = vinv_schema_get (VINV_TABLE_VM);
    g_autofree char *memory = vinv_column_dup_help (&schema->columns[VINV_VM_MEMORY]);
    g_autofree char *want = g_strdup_printf ("%s\nmemory · quantity in MB",
                                             schema->columns[VINV_VM_MEMORY].help);
    g_assert_cmpstr (memory, ==, want);
    g_autofree char *disks = vinv_column_dup_help (&schema->columns[VINV_VM_DISKS]);
    g_autofree char *want_disks = g_strdup_printf ("%s\ndisks · list · links to disks",
                                                   schema->columns[VINV_VM_DISKS].help);
    g_assert_cmpstr (disks, ==, want_disks);
}

/* Two back-ends, described as data: one fills VMs (name, memory) only,
 * the other VMs (name, ha) and hosts. */
static const char *const one_vm_columns[] = { "name", "memory", NULL };
static const VinvBackendTable one_tables[] = {
    { "vms", NULL, one_vm_columns },
    { NULL, NULL, NULL },
};
static const char *const two_vm_columns[] = { "name", "ha", NULL };
static const char *const two_host_columns[] = { "name", NULL };
static const VinvBackendTable two_tables[] = {
    { "vms", NULL, two_vm_columns },
    { "hosts", NULL, two_host_columns },
    { NULL, NULL, NULL },
};
static const char *const one_schemes[] = { "one", NULL };
static const char *const two_schemes[] = { "two", NULL };
static const VinvBackendClass one_class = {
    .name = "one", .title = "Backend One", .schemes = one_schemes, .tables = one_tables,
};
static const VinvBackendClass two_class = {
    .name = "two", .title = "Backend Two", .schemes = two_schemes, .tables = two_tables,
};

static void
test_unavailable (void)
{
    static const VinvBackendTable unregistered[] = { { NULL, NULL, NULL } };
    vinv_backend_register (&one_class);
    vinv_backend_register (&two_class);

    /* one back-end */
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    vinv_inventory_add_source (inv, "a", "one://a", one_tables);
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    VinvTable *hosts = vinv_inventory_ensure_table (inv, VINV_TABLE_HOST);
    g_autofree char *ha = vinv_inventory_dup_unavailable (inv, vms, VINV_VM_HA);
    g_assert_cmpstr (ha, ==, "Not available from Backend One");
    g_assert_null (vinv_inventory_dup_unavailable (inv, vms, VINV_VM_MEMORY));
    g_assert_null (vinv_inventory_dup_unavailable (inv, vms, VINV_VM_NAME));
    g_assert_null (vinv_inventory_dup_unavailable (inv, vms, VINV_COLUMN_ID));
    g_assert_null (vinv_inventory_dup_unavailable (inv, vms, -1));
    g_autofree char *no_hosts = vinv_inventory_dup_unavailable (inv, hosts, -1);
    g_assert_cmpstr (no_hosts, ==, "Not available from Backend One");

    /* two back-ends: what one fills is available; the other's rows say */
    vinv_inventory_add_source (inv, "b", "two://b", two_tables);
    g_assert_null (vinv_inventory_dup_unavailable (inv, vms, VINV_VM_HA));
    g_assert_null (vinv_inventory_dup_unavailable (inv, hosts, -1));
    g_autofree char *pending = vinv_inventory_dup_unavailable (inv, vms,
                                                               VINV_VM_PENDING_RESTART);
    g_assert_cmpstr (pending, ==, "Not available from Backend One or Backend Two");
    const VinvSource *a = vinv_inventory_get_source (inv, 0);
    const VinvSource *b = vinv_inventory_get_source (inv, 1);
    g_autofree char *a_ha = vinv_source_dup_unavailable (a, vms, VINV_VM_HA);
    g_assert_cmpstr (a_ha, ==, "Not available from Backend One");
    g_assert_null (vinv_source_dup_unavailable (b, vms, VINV_VM_HA));
    g_autofree char *b_mem = vinv_source_dup_unavailable (b, vms, VINV_VM_MEMORY);
    g_assert_cmpstr (b_mem, ==, "Not available from Backend Two");
    g_autofree char *a_hosts = vinv_source_dup_unavailable (a, hosts, -1);
    g_assert_cmpstr (a_hosts, ==, "Not available from Backend One");
    g_assert_null (vinv_source_dup_unavailable (b, hosts, -1));

    /* a back-end that is not registered, and a source not described */
    g_autoptr (VinvInventory) other = vinv_inventory_new ();
    vinv_inventory_add_source (other, "c", "x://c", unregistered);
    VinvTable *t = vinv_inventory_ensure_table (other, VINV_TABLE_VM);
    g_autofree char *unknown = vinv_inventory_dup_unavailable (other, t, VINV_VM_HA);
    g_assert_cmpstr (unknown, ==, "Not available from these connections");
    g_autoptr (VinvInventory) bare = vinv_inventory_new ();
    vinv_inventory_add_source (bare, "d", "x://d", NULL);
    VinvTable *u = vinv_inventory_ensure_table (bare, VINV_TABLE_VM);
    g_assert_null (vinv_inventory_dup_unavailable (bare, u, VINV_VM_HA));
    g_assert_null (vinv_inventory_dup_unavailable (bare, u, -1));
    g_assert_null (vinv_source_dup_unavailable (vinv_inventory_get_source (bare, 0), u,
                                                VINV_VM_HA));
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/display/quantities", test_quantities);
    g_test_add_func ("/display/numbers", test_numbers);
    g_test_add_func ("/display/status", test_status);
    g_test_add_func ("/display/cells", test_cells);
    g_test_add_func ("/display/long-lists", test_long_lists);
    g_test_add_func ("/display/column-help", test_column_help);
    g_test_add_func ("/display/unavailable", test_unavailable);
    return g_test_run ();
}
