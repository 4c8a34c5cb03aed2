/* history-bench.c — how big a history grows: daily records of an inventory
 * in which about 1 % of the VMs change each day.
 *
 * Usage: history-bench BASE.vinv DAYS CHANGED_PER_DAY ADDED_PER_DAY OUT.db
 *
 * Reads BASE (a saved inventory, e.g. of `ovirt-sim --vms 10000`), then
 * records it DAYS times into the new history OUT.db (SQLite), one record
 * per simulated day.  Before each record after the first, CHANGED_PER_DAY
 * VMs chosen by a fixed-seed generator get a new value in one of status,
 * memory, vCPUs, host or description, ADDED_PER_DAY new VMs are appended
 * and as many existing ones removed.  Statistics columns change on every
 * day for every row, as they do on a real engine (and are not recorded).
 * Prints, per 30 days and at the end: records, rows, versions stored, file
 * size, and the time per record.  Measures; asserts nothing.
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include "core/tables.h"
#include "snapshot/snapshot.h"

/* Copies row @r of @from into @to (same schema). */
static void
copy_row (VinvTable *to, const VinvTable *from, guint r)
{
    const VinvSchema *schema = vinv_table_get_schema (from);
    const VinvCell *cells = vinv_table_get_row (from, r);
    guint row = vinv_table_add_row (to, vinv_table_get_row_source (from, r),
                                    vinv_table_get_row_id (from, r));

    for (guint c = VINV_COLUMN_ID + 1; c < schema->n_columns; c++) {
        const VinvCell *cell = &cells[c];
        switch (cell->kind) {
        case VINV_CELL_BOOL: vinv_table_set_bool (to, row, c, cell->v.b); break;
        case VINV_CELL_INT: vinv_table_set_int (to, row, c, cell->v.i); break;
        case VINV_CELL_TIME: vinv_table_set_time (to, row, c, cell->v.i); break;
        case VINV_CELL_DOUBLE: vinv_table_set_double (to, row, c, cell->v.d); break;
        case VINV_CELL_QUANTITY: vinv_table_set_quantity (to, row, c, cell->v.d); break;
        case VINV_CELL_STRING: vinv_table_set_string (to, row, c, cell->v.s); break;
        case VINV_CELL_REF:
            vinv_table_set_ref (to, row, c, cell->v.ref->text, cell->v.ref->id);
            break;
        case VINV_CELL_LIST:
            vinv_table_set_list (to, row, c, cell->v.list->items, cell->v.list->n);
            break;
        default:
            break;
        }
    }
}

/* The next day's inventory: @inv with its VMs changed as described above. */
static VinvInventory *
next_day (VinvInventory *inv, guint day, guint changed, guint added, GRand *rand)
{
    VinvInventory *next = vinv_inventory_new ();
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inv, tables);

    for (guint i = 0; i < vinv_inventory_get_n_sources (inv); i++) {
        const VinvSource *s = vinv_inventory_get_source (inv, i);
        vinv_inventory_add_source (next, s->name, s->uri, s->tables);
    }
    for (guint k = 0; k < n; k++) {
        const VinvSchema *schema = vinv_table_get_schema (tables[k]);
        VinvTableKind kind = vinv_schema_get_kind (schema);
        VinvTable *to = vinv_inventory_ensure_table (next, kind);
        guint n_rows = vinv_table_get_n_rows (tables[k]);
        g_autofree gboolean *drop = g_new0 (gboolean, n_rows + 1);

        if (kind == VINV_TABLE_VM) {
            for (guint a = 0; a < added && n_rows > 0; a++)
                drop[g_rand_int_range (rand, 0, (gint32) n_rows)] = TRUE;
        }
        for (guint r = 0; r < n_rows; r++) {
            if (drop[r])
                continue;
            copy_row (to, tables[k], r);
            guint row = vinv_table_get_n_rows (to) - 1;
            /* statistics move every day, for every row */
            for (guint c = 0; c < schema->n_columns; c++) {
                const VinvCell *cell = vinv_table_get_cell (to, row, c);
                if (vinv_column_is_statistic (schema, c) && cell->kind == VINV_CELL_QUANTITY)
                    vinv_table_set_quantity (to, row, c, cell->v.d + day);
            }
        }
        if (kind != VINV_TABLE_VM)
            continue;
        guint rows = vinv_table_get_n_rows (to);
        for (guint i = 0; i < changed && rows > 0; i++) {
            guint r = (guint) g_rand_int_range (rand, 0, (gint32) rows);
            g_autofree char *text = g_strdup_printf ("changed on day %u", day);
            switch (g_rand_int_range (rand, 0, 5)) {
            case 0:
                vinv_table_set_string (to, r, VINV_VM_STATUS,
                                       g_rand_boolean (rand) ? "up" : "down");
                break;
            case 1:
                vinv_table_set_quantity (to, r, VINV_VM_MEMORY,
                                         (double) g_rand_int_range (rand, 1, 64) * 1073741824.0);
                break;
            case 2:
                vinv_table_set_int (to, r, VINV_VM_VCPUS, g_rand_int_range (rand, 1, 32));
                break;
            case 3: {
                g_autofree char *host = g_strdup_printf ("hv%03d", g_rand_int_range (rand, 1, 500));
                vinv_table_set_ref (to, r, VINV_VM_HOST, host, host);
                break;
            }
            default:
                vinv_table_set_string (to, r, VINV_VM_DESCRIPTION, text);
                break;
            }
        }
        const char *source = rows > 0 ? vinv_table_get_row_source (to, 0) : "bench";
        for (guint a = 0; a < added; a++) {
            g_autofree char *id = g_strdup_printf ("bench-%u-%u", day, a);
            g_autofree char *name = g_strdup_printf ("new-%u-%u", day, a);
            guint r = vinv_table_add_row (to, source, id);
            vinv_table_set_string (to, r, VINV_VM_NAME, name);
            vinv_table_set_string (to, r, VINV_VM_STATUS, "up");
            vinv_table_set_int (to, r, VINV_VM_VCPUS, 2);
            vinv_table_set_quantity (to, r, VINV_VM_MEMORY, 4294967296.0);
        }
    }
    return next;
}

static guint64
file_size (const char *path)
{
    GStatBuf st;
    return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

int
main (int argc, char **argv)
{
    g_autoptr (GError) error = NULL;

    if (argc != 6) {
        fprintf (stderr, "usage: history-bench BASE.vinv DAYS CHANGED ADDED OUT.db\n");
        return 2;
    }
    guint days = (guint) atoi (argv[2]);
    guint changed = (guint) atoi (argv[3]);
    guint added = (guint) atoi (argv[4]);
    const char *out = argv[5];
    VinvInventory *inv = vinv_inventory_new ();
    if (!vinv_snapshot_load (argv[1], inv, NULL, &error)) {
        fprintf (stderr, "history-bench: %s\n", error->message);
        return 1;
    }
    g_unlink (out);

    GRand *rand = g_rand_new_with_seed (20261203);
    guint64 versions = 0;
    double seconds = 0;
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    printf ("base: %s, %u VMs; %u days, %u VMs changed and %u added and removed per day\n",
            argv[1], vms != NULL ? vinv_table_get_n_rows (vms) : 0, days, changed, added);
    printf ("%6s %9s %10s %12s %12s %10s\n", "day", "rows", "stored", "versions", "bytes",
            "s/record");
    for (guint day = 1; day <= days; day++) {
        if (day > 1) {
            VinvInventory *next = next_day (inv, day, changed, added, rand);
            vinv_inventory_free (inv);
            inv = next;
        }
        VinvHistoryRecordInfo info;
        gint64 t0 = g_get_monotonic_time ();
        if (!vinv_history_record (out, inv, 1764000000000LL + (gint64) day * 86400000LL, &info,
                                  &error)) {
            fprintf (stderr, "history-bench: %s\n", error->message);
            return 1;
        }
        double dt = (double) (g_get_monotonic_time () - t0) / 1e6;
        seconds += dt;
        versions += info.n_added;
        if (day == 1 || day % 30 == 0 || day == days)
            printf ("%6u %9u %10u %12" G_GUINT64_FORMAT " %12" G_GUINT64_FORMAT " %10.2f\n",
                    day, info.n_rows, info.n_added, versions, file_size (out), dt);
        fflush (stdout);
    }
    printf ("total: %u records, %" G_GUINT64_FORMAT " row versions, %.1f MB, %.2f s per record "
            "on average\n", days, versions, (double) file_size (out) / 1048576.0,
            seconds / days);
    vinv_inventory_free (inv);
    g_rand_free (rand);
    return 0;
}
