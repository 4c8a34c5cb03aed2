/* tables.c — the schemas of the canonical tables (DESIGN.md section 6).
 *
 * Each table's identity is here: its id, title and aliases, and its
 * columns, which are static data in a file per group of tables
 * (tables-vms.c, tables-hosts.c, tables-storage.c, tables-networks.c;
 * what an entry holds is said in tables-private.h).  This file looks
 * schemas up by kind and by name, tells statistics columns apart, and
 * checks a back-end's description of what it fills against the schemas.
 * Nothing here names a back-end.
 */
#include "tables-private.h"

#include <gio/gio.h>
#include <string.h>

/* Other names a table answers to (vinv_schema_lookup()). */
static const char *const vms_aliases[] = { "vm", "domains", "domain", "virtual machines", NULL };
static const char *const hosts_aliases[] = { "host", "nodes", "node", "hypervisors", NULL };
static const char *const disks_aliases[] = { "disk", "volumes", "volume", NULL };
static const char *const storage_domains_aliases[] = {
    "storage domain", "sds", "sd", "storage pools", "storage pool", "pools", "pool", NULL
};
static const char *const clusters_aliases[] = { "cluster", NULL };
static const char *const data_centers_aliases[] = {
    "data center", "datacenters", "dcs", "dc", NULL
};
static const char *const networks_aliases[] = { "network", "nets", "net", NULL };
static const char *const vnic_profiles_aliases[] = {
    "vnic profile", "profiles", "profile", "vnics", NULL
};
static const char *const templates_aliases[] = { "template", NULL };
static const char *const vm_nics_aliases[] = { "vm nic", "nics", "nic", "interfaces", NULL };
static const char *const host_nics_aliases[] = { "host nic", "hnics", "host interfaces", NULL };
static const char *const snapshots_aliases[] = { "snapshot", "snaps", NULL };

static const VinvSchema schemas[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = {
        "vms", "VMs", vms_aliases,
        vinv_vms_columns, VINV_VM_N_COLUMNS
    },
    [VINV_TABLE_HOST] = {
        "hosts", "Hosts", hosts_aliases,
        vinv_hosts_columns, VINV_HOST_N_COLUMNS
    },
    [VINV_TABLE_DISK] = {
        "disks", "Disks", disks_aliases,
        vinv_disks_columns, VINV_DISK_N_COLUMNS
    },
    [VINV_TABLE_SD] = {
        "storage_domains", "Storage domains", storage_domains_aliases,
        vinv_storage_domains_columns, VINV_SD_N_COLUMNS
    },
    [VINV_TABLE_CLUSTER] = {
        "clusters", "Clusters", clusters_aliases,
        vinv_clusters_columns, VINV_CLUSTER_N_COLUMNS
    },
    [VINV_TABLE_DC] = {
        "data_centers", "Data centers", data_centers_aliases,
        vinv_data_centers_columns, VINV_DC_N_COLUMNS
    },
    [VINV_TABLE_NET] = {
        "networks", "Networks", networks_aliases,
        vinv_networks_columns, VINV_NET_N_COLUMNS
    },
    [VINV_TABLE_PROFILE] = {
        "vnic_profiles", "vNIC profiles", vnic_profiles_aliases,
        vinv_vnic_profiles_columns, VINV_PROFILE_N_COLUMNS
    },
    [VINV_TABLE_TEMPLATE] = {
        "templates", "Templates", templates_aliases,
        vinv_templates_columns, VINV_TEMPLATE_N_COLUMNS
    },
    [VINV_TABLE_VMNIC] = {
        "vm_nics", "VM NICs", vm_nics_aliases,
        vinv_vm_nics_columns, VINV_VMNIC_N_COLUMNS
    },
    [VINV_TABLE_HOSTNIC] = {
        "host_nics", "Host NICs", host_nics_aliases,
        vinv_host_nics_columns, VINV_HOSTNIC_N_COLUMNS
    },
    [VINV_TABLE_SNAP] = {
        "snapshots", "Snapshots", snapshots_aliases,
        vinv_snapshots_columns, VINV_SNAP_N_COLUMNS
    },
};

const VinvSchema *
vinv_schema_get (VinvTableKind kind)
{
    g_return_val_if_fail (kind < VINV_TABLE_LAST, NULL);
    return &schemas[kind];
}

VinvTableKind
vinv_schema_get_kind (const VinvSchema *schema)
{
    g_return_val_if_fail (schema >= schemas && schema < schemas + VINV_TABLE_LAST,
                          VINV_TABLE_LAST);
    return (VinvTableKind) (schema - schemas);
}

const VinvSchema *
vinv_schema_lookup (const char *name)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *s = &schemas[k];
        if (vinv_name_equal (name, s->id) || vinv_name_equal (name, s->title))
            return s;
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *s = &schemas[k];
        for (guint a = 0; s->aliases != NULL && s->aliases[a] != NULL; a++) {
            if (vinv_name_equal (name, s->aliases[a]))
                return s;
        }
    }
    return NULL;
}

gboolean
vinv_column_is_statistic (const VinvSchema *schema, guint col)
{
    static const guint *const lists[VINV_TABLE_LAST] = {
        [VINV_TABLE_VM] = vinv_vms_statistics,
        [VINV_TABLE_HOST] = vinv_hosts_statistics,
        [VINV_TABLE_DISK] = vinv_disks_statistics,
        [VINV_TABLE_SD] = vinv_storage_domains_statistics,
        [VINV_TABLE_VMNIC] = vinv_vm_nics_statistics,
        [VINV_TABLE_HOSTNIC] = vinv_host_nics_statistics,
        [VINV_TABLE_SNAP] = vinv_snapshots_statistics,
    };

    if (schema < schemas || schema >= schemas + VINV_TABLE_LAST)
        return FALSE;
    const guint *list = lists[schema - schemas];
    for (guint i = 0; list != NULL && list[i] != G_MAXUINT; i++) {
        if (list[i] == col)
            return TRUE;
    }
    return FALSE;
}

gboolean
vinv_backend_tables_check (const VinvBackendTable *tables, GError **error)
{
    gboolean seen[VINV_TABLE_LAST] = { FALSE };

    for (const VinvBackendTable *t = tables; t != NULL && t->table != NULL; t++) {
        const VinvSchema *schema = NULL;
        for (guint k = 0; k < VINV_TABLE_LAST && schema == NULL; k++) {
            if (strcmp (schemas[k].id, t->table) == 0)
                schema = &schemas[k];
        }
        if (schema == NULL) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no table '%s'", t->table);
            return FALSE;
        }
        if (seen[vinv_schema_get_kind (schema)]) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "table '%s' listed twice",
                         t->table);
            return FALSE;
        }
        seen[vinv_schema_get_kind (schema)] = TRUE;
        for (guint i = 0; t->columns != NULL && t->columns[i] != NULL; i++) {
            const char *id = t->columns[i];
            gboolean found = FALSE;
            for (guint c = 0; c < schema->n_columns && !found; c++)
                found = strcmp (schema->columns[c].id, id) == 0
                        && !(schema->columns[c].flags & (VINV_COL_SOURCE | VINV_COL_ROW_ID));
            for (guint j = 0; j < i && found; j++)
                found = strcmp (t->columns[j], id) != 0;
            if (!found) {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "table '%s': column '%s' is not a column of it, or is listed "
                             "twice", t->table, id);
                return FALSE;
            }
        }
    }
    return TRUE;
}
