/* ovirt-load.c — loads one oVirt engine through the oVirt back-end, as
 * `virt-inventory -q -c URI tables` does, and prints the row count of each
 * table.  bench/run uses it only when the virt-inventory it built cannot
 * open oVirt URIs yet (the back-end not registered in the CLI), so that the
 * back-end can be measured all the same; BENCHMARKS.md then says so.
 *
 * Usage: ovirt-load URI USER [follow|parallel [PARALLEL]]
 * The password comes from VIRT_INVENTORY_PASSWORD, as for virt-inventory.
 * Exit status 0 when every table loaded, 1 otherwise.
 */
#include <stdio.h>
#include <stdlib.h>

#include "core/backend.h"
#include "core/memory.h"
#include "ovirt/ovirt-backend.h"

int
main (int argc, char **argv)
{
    vinv_memory_init ();
    if (argc < 3) {
        g_printerr ("usage: ovirt-load URI USER [follow|parallel [PARALLEL]]\n");
        return 2;
    }
    VinvConnectOptions options = {
        .user = g_strdup (argv[2]),
        .password = g_strdup (g_getenv ("VIRT_INVENTORY_PASSWORD")),
        .fetch_strategy = argc > 3 ? g_strdup (argv[3]) : NULL,
        .parallel = argc > 4 ? (guint) atoi (argv[4]) : 0,
    };
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvInventory) inventory = vinv_inventory_new ();

    vinv_ovirt_register ();
    VinvBackend *backend = vinv_backend_open (argv[1], &options, NULL, &error);
    vinv_connect_options_clear (&options);
    if (backend == NULL) {
        g_printerr ("ovirt-load: %s\n", error->message);
        return 1;
    }
    gboolean ok = vinv_backend_fetch (backend, inventory, NULL, NULL, NULL, &error);
    vinv_backend_close (backend);
    if (!ok) {
        g_printerr ("ovirt-load: %s\n", error->message);
        return 1;
    }

    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);
    for (guint i = 0; i < n; i++)
        printf ("%s %u\n", vinv_table_get_schema (tables[i])->id,
                vinv_table_get_n_rows (tables[i]));
    return vinv_inventory_count_failures (inventory) == 0 ? 0 : 1;
}
