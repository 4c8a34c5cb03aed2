/* fuzz-filter.c — libFuzzer target for the filter language: parse,
 * evaluate and sort over a small fixed VMs table.
 *
 * Input: the filter text, then (after the first newline) a sort text
 * ("-memory,name").  Both go through the same public calls `show -f -s`
 * uses (vinv_view_set_filter(), vinv_view_set_sort_text()); then every row
 * and the list item the filter shows first are read, so evaluation and
 * sorting run whatever the parser accepted.  A parse error must carry an
 * offset inside the text.
 */
#include <string.h>

#include "core/view.h"

typedef struct {
    const char *id;
    const char *name;
    const char *status;
    double memory_mb;       /* < 0: null */
    const char *disks;      /* space-separated; NULL: null cell */
    const char *host;       /* NULL: no reference */
    int cpus;               /* < 0: null */
    gint64 created_ms;      /* 0: null */
    int stateless;          /* < 0: null */
} Row;

static const Row fixture[] = {
    { "u1", "vm10", "up", 4096, "Disk1 Disk2 Disk3", "hv01", 4, 1472564909990, 1 },
    { "u2", "vm2", "down", 1024, "", NULL, 1, 0, 0 },
    { "u3", "web01", "up", -1, "Disk4", "hv02", -1, 1600000000000, -1 },
    { "u4", "vm1", "up", 4096, "Disk5 Disk2", "hv01", 2, 1, 0 },
    { "u5", "db01", "paused", 8192, NULL, "hv03", 16, -86400000, 1 },
    { "u6", "VM3", "up", 2048, "Disk6", "hv02", 0, 0, -1 },
    { "u7", "Ünïcode ☃", "migrating", 0.5, "a b c d e f", "hv01", 64, 4102444800000, 0 },
};

static VinvTable *
make_table (void)
{
    VinvTable *t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    for (guint i = 0; i < G_N_ELEMENTS (fixture); i++) {
        const Row *f = &fixture[i];
        guint r = vinv_table_add_row (t, "fuzz", f->id);
        vinv_table_set_string (t, r, VINV_VM_NAME, f->name);
        vinv_table_set_string (t, r, VINV_VM_STATUS, f->status);
        if (f->memory_mb >= 0)
            vinv_table_set_quantity (t, r, VINV_VM_MEMORY, f->memory_mb * 1048576);
        if (f->cpus >= 0)
            vinv_table_set_int (t, r, VINV_VM_VCPUS, f->cpus);
        if (f->created_ms != 0)
            vinv_table_set_time (t, r, VINV_VM_CREATION_TIME, f->created_ms);
        if (f->stateless >= 0)
            vinv_table_set_bool (t, r, VINV_VM_STATELESS, f->stateless);
        if (f->disks != NULL) {
            g_auto (GStrv) names = g_strsplit (f->disks, " ", -1);
            guint n = *f->disks ? g_strv_length (names) : 0;
            g_autofree VinvItem *items = g_new0 (VinvItem, MAX (n, 1));
            for (guint j = 0; j < n; j++)
                items[j] = (VinvItem) { names[j], names[j] };
            vinv_table_set_list (t, r, VINV_VM_DISKS, items, n);
        }
        if (f->host != NULL)
            vinv_table_set_ref (t, r, VINV_VM_HOST, f->host, f->host);
    }
    return t;
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
    static VinvTable *table;
    g_autofree char *text = g_strndup ((const char *) data, size);
    char *nl = strchr (text, '\n');
    const char *sort = NULL;
    g_autoptr (VinvFilterError) fe = NULL;
    g_autoptr (GError) error = NULL;

    if (table == NULL)
        table = make_table ();
    if (nl != NULL) {
        *nl = '\0';
        sort = nl + 1;
    }
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);
    if (!vinv_view_set_filter (view, text, &fe)) {
        g_assert_nonnull (fe);
        g_assert_cmpuint (fe->offset, <=, strlen (text));
    }
    if (sort != NULL)
        vinv_view_set_sort_text (view, sort, &error);
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        guint row = vinv_view_get_row (view, i);
        g_assert_cmpuint (row, <, vinv_table_get_n_rows (table));
        for (guint c = 0; c < vinv_view_get_n_columns (view); c++)
            (void) vinv_view_get_first_item (view, row, vinv_view_get_column (view, c));
    }
    return 0;
}
