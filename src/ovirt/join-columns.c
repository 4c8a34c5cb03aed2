/* join-columns.c — what the oVirt join fills, as data, and what becomes
 * of those columns when a table they draw on failed (join-private.h).
 *
 * vinv_ovirt_join_columns lists every column join.c builds from other
 * tables, with the tables each needs; mapping.c derives the back-end's
 * description from it, and after the join a column whose needed table
 * failed to load is emptied and marked unavailable with the reason, so a
 * failed Disks table never shows disk ids in place of names or an empty
 * list as "no disks".
 */
#include "join-private.h"

/* The columns join.c fills, for the back-end's description (mapping.h),
 * with the other tables each draws on: when one of those failed, the
 * column is marked unavailable (below) rather than showing ids for names
 * or empty lists. */
#define N(kind) (1u << VINV_TABLE_##kind)
const VinvOvirtJoinColumn vinv_ovirt_join_columns[] = {
    { VINV_TABLE_VM, "cluster", N (CLUSTER) },
    { VINV_TABLE_VM, "cluster_version", N (CLUSTER) },
    { VINV_TABLE_VM, "compatibility_version", N (CLUSTER) },
    { VINV_TABLE_VM, "data_center", N (CLUSTER) | N (DC) },
    { VINV_TABLE_VM, "host", N (HOST) },
    { VINV_TABLE_VM, "template", N (TEMPLATE) },
    { VINV_TABLE_VM, "pool", 0 },
    { VINV_TABLE_VM, "disks", N (DISK) },
    { VINV_TABLE_VM, "storage_domains", N (DISK) | N (SD) },
    { VINV_TABLE_VM, "nics", N (VMNIC) },
    { VINV_TABLE_VM, "networks", N (VMNIC) | N (PROFILE) | N (NET) },
    { VINV_TABLE_VM, "snapshots", N (SNAP) },
    { VINV_TABLE_VM, "ip_addresses", 0 },
    { VINV_TABLE_VM, "net_rx_rate", N (VMNIC) },
    { VINV_TABLE_VM, "net_tx_rate", N (VMNIC) },
    { VINV_TABLE_VM, "net_rx_bytes", N (VMNIC) },
    { VINV_TABLE_VM, "net_tx_bytes", N (VMNIC) },
    { VINV_TABLE_HOST, "cluster", N (CLUSTER) },
    { VINV_TABLE_HOST, "data_center", N (CLUSTER) | N (DC) },
    { VINV_TABLE_HOST, "vms", N (VM) },
    { VINV_TABLE_HOST, "running_vms", N (VM) },
    { VINV_TABLE_HOST, "nics", N (HOSTNIC) },
    { VINV_TABLE_HOST, "networks", N (HOSTNIC) | N (NET) },
    { VINV_TABLE_DISK, "vms", N (VM) },
    { VINV_TABLE_DISK, "bootable", N (VM) },
    { VINV_TABLE_DISK, "interface", N (VM) },
    { VINV_TABLE_DISK, "storage_domains", N (SD) },
    { VINV_TABLE_DISK, "template", N (TEMPLATE) },
    { VINV_TABLE_SD, "status", N (DC) },
    { VINV_TABLE_SD, "data_center", N (DC) },
    { VINV_TABLE_SD, "disks", N (DISK) },
    { VINV_TABLE_SD, "vms", N (DISK) | N (VM) },
    { VINV_TABLE_SD, "templates", N (DISK) | N (TEMPLATE) },
    { VINV_TABLE_CLUSTER, "data_center", N (DC) },
    { VINV_TABLE_CLUSTER, "hosts", N (HOST) },
    { VINV_TABLE_CLUSTER, "vms", N (VM) },
    { VINV_TABLE_CLUSTER, "networks", N (NET) },
    { VINV_TABLE_CLUSTER, "templates", N (TEMPLATE) },
    { VINV_TABLE_DC, "storage_domains", N (SD) },
    { VINV_TABLE_DC, "networks", N (NET) },
    { VINV_TABLE_DC, "clusters", N (CLUSTER) },
    { VINV_TABLE_DC, "templates", N (CLUSTER) | N (TEMPLATE) },
    { VINV_TABLE_NET, "data_center", N (DC) },
    { VINV_TABLE_NET, "vnic_profiles", N (PROFILE) },
    { VINV_TABLE_NET, "clusters", N (CLUSTER) },
    { VINV_TABLE_NET, "hosts", N (HOSTNIC) | N (HOST) },
    { VINV_TABLE_NET, "vms", N (PROFILE) | N (VMNIC) | N (VM) },
    { VINV_TABLE_NET, "nics", N (PROFILE) | N (VMNIC) },
    { VINV_TABLE_NET, "templates", N (PROFILE) | N (TEMPLATE) },
    { VINV_TABLE_PROFILE, "network", N (NET) },
    { VINV_TABLE_PROFILE, "data_center", N (NET) | N (DC) },
    { VINV_TABLE_PROFILE, "vms", N (VMNIC) | N (VM) },
    { VINV_TABLE_PROFILE, "nics", N (VMNIC) },
    { VINV_TABLE_PROFILE, "templates", N (TEMPLATE) },
    { VINV_TABLE_PROFILE, "hosts", N (HOSTNIC) | N (NET) | N (HOST) },
    { VINV_TABLE_TEMPLATE, "cluster", N (CLUSTER) },
    { VINV_TABLE_TEMPLATE, "data_center", N (CLUSTER) | N (DC) },
    { VINV_TABLE_TEMPLATE, "vms", N (VM) },
    { VINV_TABLE_TEMPLATE, "nics", 0 },
    { VINV_TABLE_TEMPLATE, "disks", N (DISK) },
    { VINV_TABLE_TEMPLATE, "networks", N (PROFILE) | N (NET) },
    { VINV_TABLE_TEMPLATE, "storage_domains", N (DISK) | N (SD) },
    { VINV_TABLE_VMNIC, "vm", N (VM) },
    { VINV_TABLE_VMNIC, "vnic_profile", N (PROFILE) },
    { VINV_TABLE_VMNIC, "network", N (PROFILE) | N (NET) },
    { VINV_TABLE_VMNIC, "host", N (VM) | N (HOST) },
    { VINV_TABLE_VMNIC, "ip_addresses", N (VM) },
    { VINV_TABLE_HOSTNIC, "host", N (HOST) },
    { VINV_TABLE_HOSTNIC, "network", N (NET) },
    { VINV_TABLE_HOSTNIC, "bond", 0 },
    { VINV_TABLE_SNAP, "vm", N (VM) },
    { VINV_TABLE_LAST, NULL, 0 }
};
#undef N

/* Empties column @col of table @kind in every row and marks it
 * unavailable with @reason. */
static void
empty_column (VinvOvirtStore *store, VinvTableKind kind, guint col, const char *reason)
{
    VinvTable *t = vinv_ovirt_store_table (store, kind);
    guint n;

    vinv_ovirt_store_links (store, kind, &n);
    for (guint r = 0; r < n; r++)
        vinv_table_set_null (t, r, col);
    vinv_table_set_column_unavailable (t, col, reason);
}

/* Marks every join column that draws on a table that failed unavailable
 * for this source, its cells emptied: a failed Disks table leaves the VMs'
 * Disks column without values (not disk ids in place of names) and says
 * why (vinv_table_set_column_unavailable()). */
void
vinv_ovirt_join_mark_unavailable (VinvOvirtLoad *load)
{
    VinvOvirtStore *store = &load->store;

    for (const VinvOvirtJoinColumn *c = vinv_ovirt_join_columns; c->table < VINV_TABLE_LAST;
         c++) {
        guint failed = VINV_TABLE_LAST;
        for (guint k = 0; k < VINV_TABLE_LAST && failed == VINV_TABLE_LAST; k++) {
            if ((c->needs & (1u << k))
                && vinv_table_get_error (vinv_ovirt_store_table (store, k)) != NULL)
                failed = k;
        }
        if (failed == VINV_TABLE_LAST)
            continue;
        const VinvSchema *schema =
            vinv_table_get_schema (vinv_ovirt_store_table (store, c->table));
        int col = vinv_schema_lookup_column (schema, c->column);
        g_return_if_fail (col >= 0);
        g_autofree char *reason = g_strdup_printf ("table '%s' of '%s' failed to load",
                                                   vinv_schema_get (failed)->id,
                                                   load->source);
        empty_column (store, c->table, (guint) col, reason);
    }
    /* pool names come from a document of their own */
    if (load->pools_failed) {
        g_autofree char *reason = g_strdup_printf ("the VM pools of '%s' failed to load",
                                                   load->source);
        empty_column (store, VINV_TABLE_VM, VINV_VM_POOL, reason);
    }
}
