/* tables-private.h — what tables.c (the schemas and their machinery)
 * and the column data files tables-{vms,hosts,storage,networks}.c share.
 * Private to src/core.
 *
 * Each table's columns are an array indexed by the constants of tables.h
 * with designated initializers, so a constant and its entry cannot drift
 * apart; a G_STATIC_ASSERT after each array checks it has exactly
 * TABLE_N_COLUMNS entries.  Columns 0 and 1 are SOURCE_COLUMN and
 * ID_COLUMN.  Each entry says whether the column is shown by default (when
 * a back-end in use fills it: back-ends list their columns themselves, see
 * VinvBackendTable) or that the core computes it from other columns and
 * links (VINV_COL_COMPUTED, computed.c); the help text is what
 * `virt-inventory columns TABLE` prints.  A table's statistics list (see
 * vinv_column_is_statistic()) holds column constants and ends with
 * G_MAXUINT; it is kept apart from the column entries so that a column's
 * entry says what it is and the list says how diff and history treat it.
 */
#pragma once

#include "tables.h"

G_BEGIN_DECLS

#define SOURCE_COLUMN(p) \
    [p##_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, \
                     VINV_COL_SOURCE, \
                     "Connection the row comes from (shown when several are open)" }
#define ID_COLUMN(p) \
    [p##_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, \
                 VINV_COL_ROW_ID, "Unique id (UUID) of the entity" }

extern const VinvColumn vinv_vms_columns[];
extern const VinvColumn vinv_hosts_columns[];
extern const VinvColumn vinv_disks_columns[];
extern const VinvColumn vinv_storage_domains_columns[];
extern const VinvColumn vinv_clusters_columns[];
extern const VinvColumn vinv_data_centers_columns[];
extern const VinvColumn vinv_networks_columns[];
extern const VinvColumn vinv_vnic_profiles_columns[];
extern const VinvColumn vinv_templates_columns[];
extern const VinvColumn vinv_vm_nics_columns[];
extern const VinvColumn vinv_host_nics_columns[];
extern const VinvColumn vinv_snapshots_columns[];

extern const guint vinv_vms_statistics[];
extern const guint vinv_hosts_statistics[];
extern const guint vinv_disks_statistics[];
extern const guint vinv_storage_domains_statistics[];
extern const guint vinv_vm_nics_statistics[];
extern const guint vinv_host_nics_statistics[];
extern const guint vinv_snapshots_statistics[];

G_END_DECLS
