/* computed.c — fills the columns flagged VINV_COL_COMPUTED (computed.h).
 *
 * Each table's computed columns are worked out in one pass over the rows
 * that link to it: the VMs a host runs are the VMs whose Host links to it,
 * a domain's disks the disks whose Storage domains list it, a VM's
 * snapshots the snapshots whose VM links to it.  Links are followed within
 * a source (a row's links point at rows of its own source), through the
 * table's resolved links (vinv_table_ref_links(): every item's target row,
 * resolved once per link column), so nothing is looked up by id here.
 * Clusters sum their hosts' figures, read from the hosts' computed cells,
 * so hosts are computed first (vinv_computed_fill() goes by table kind, as
 * the session does).
 *
 * A VM counts as running on its host when its Host links there and its
 * status is known and neither "down" nor "crashed" (oVirt gives a Host
 * only to VMs that run; libvirt gives every domain its host).
 *
 * Unknown in, unknown out: a computed cell is null when a table it reads
 * is absent or failed to load, or when a value it would sum or divide by
 * has no value — so a total is never quietly short.
 */
#include "computed.h"

#include <string.h>

/* ---- what each computed column is computed from ------------------------- */

typedef struct {
    VinvTableKind table;
    guint col;
} Input;

#define END { VINV_TABLE_LAST, 0 }
#define VM(c) { VINV_TABLE_VM, VINV_VM_##c }
#define HOST(c) { VINV_TABLE_HOST, VINV_HOST_##c }
#define DISK(c) { VINV_TABLE_DISK, VINV_DISK_##c }
#define SD(c) { VINV_TABLE_SD, VINV_SD_##c }
#define CLUSTER(c) { VINV_TABLE_CLUSTER, VINV_CLUSTER_##c }
#define SNAP(c) { VINV_TABLE_SNAP, VINV_SNAP_##c }

typedef struct {
    VinvTableKind table;
    guint col;
    Input inputs[8];             /* terminated by END */
} Computed;

static const Computed computed_columns[] = {
    { VINV_TABLE_VM, VINV_VM_SNAPSHOT_COUNT, { SNAP (VM), SNAP (TYPE), END } },
    { VINV_TABLE_VM, VINV_VM_OLDEST_SNAPSHOT_AGE, { SNAP (VM), SNAP (TYPE), SNAP (AGE), END } },
    { VINV_TABLE_VM, VINV_VM_DISKS_PROVISIONED, { VM (DISKS), DISK (PROVISIONED_SIZE), END } },
    { VINV_TABLE_VM, VINV_VM_DISKS_ACTUAL, { VM (DISKS), DISK (ACTUAL_SIZE), END } },
    { VINV_TABLE_HOST, VINV_HOST_RUNNING_VCPUS, { VM (HOST), VM (STATUS), VM (VCPUS), END } },
    { VINV_TABLE_HOST, VINV_HOST_VCPU_PER_CORE,
      { VM (HOST), VM (STATUS), VM (VCPUS), HOST (CORES), END } },
    { VINV_TABLE_HOST, VINV_HOST_RUNNING_MEMORY, { VM (HOST), VM (STATUS), VM (MEMORY), END } },
    { VINV_TABLE_HOST, VINV_HOST_MEMORY_COMMITTED,
      { VM (HOST), VM (STATUS), VM (MEMORY), HOST (MEMORY), END } },
    { VINV_TABLE_SD, VINV_SD_PROVISIONED,
      { DISK (STORAGE_DOMAINS), DISK (PROVISIONED_SIZE), END } },
    { VINV_TABLE_SD, VINV_SD_OVER_ALLOCATION,
      { DISK (STORAGE_DOMAINS), DISK (PROVISIONED_SIZE), SD (TOTAL), END } },
    { VINV_TABLE_SD, VINV_SD_VM_COUNT, { SD (VMS), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_RUNNING_VCPUS,
      { HOST (CLUSTER), VM (HOST), VM (STATUS), VM (VCPUS), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_VCPU_PER_CORE,
      { HOST (CLUSTER), VM (HOST), VM (STATUS), VM (VCPUS), HOST (CORES), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_RUNNING_MEMORY,
      { HOST (CLUSTER), VM (HOST), VM (STATUS), VM (MEMORY), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_MEMORY_COMMITTED,
      { HOST (CLUSTER), VM (HOST), VM (STATUS), VM (MEMORY), HOST (MEMORY), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_VM_COUNT, { CLUSTER (VMS), END } },
    { VINV_TABLE_CLUSTER, VINV_CLUSTER_RUNNING_VM_COUNT,
      { VM (CLUSTER), VM (HOST), VM (STATUS), END } },
    { VINV_TABLE_DC, VINV_DC_VM_COUNT, { VM (DATA_CENTER), END } },
    { VINV_TABLE_DC, VINV_DC_HOST_COUNT, { HOST (DATA_CENTER), END } },
};

gboolean
vinv_computed_column_available (const VinvInventory *inventory, VinvTableKind kind, guint col)
{
    for (gsize i = 0; i < G_N_ELEMENTS (computed_columns); i++) {
        const Computed *c = &computed_columns[i];
        if (c->table != kind || c->col != col)
            continue;
        for (const Input *in = c->inputs; in->table != VINV_TABLE_LAST; in++) {
            VinvTable *t = vinv_inventory_get_table (inventory, in->table);
            if (t == NULL || !vinv_inventory_column_available (inventory, t, in->col))
                return FALSE;
        }
        return TRUE;
    }
    return FALSE;
}

/* ---- helpers ------------------------------------------------------------ */

/* The table of @kind if it is there and loaded without error, else NULL. */
static VinvTable *
input_table (VinvInventory *inventory, VinvTableKind kind)
{
    VinvTable *t = vinv_inventory_get_table (inventory, kind);
    return t != NULL && vinv_table_get_error (t) == NULL ? t : NULL;
}

/* The row that reference @row of @links (a reference column resolved
 * with vinv_table_ref_links()) links to, or -1: no reference, no id, or
 * no such row in the row's source. */
static int
linked_row (const VinvLinks *links, guint row)
{
    if (links->offsets[row] == links->offsets[row + 1])
        return -1;
    guint32 target = links->rows[links->offsets[row]];
    return target != VINV_NO_ROW ? (int) target : -1;
}

static gboolean
vm_runs (const VinvCell *status, const VinvCell *host)
{
    return host->kind == VINV_CELL_REF && status->kind == VINV_CELL_STRING
           && strcmp (status->v.s, "down") != 0 && strcmp (status->v.s, "crashed") != 0;
}

/* A sum that becomes unknown as soon as one term is. */
typedef struct {
    double sum;
    gboolean unknown;
} Sum;

static void
sum_add (Sum *s, const VinvCell *cell)
{
    if (cell->kind == VINV_CELL_INT)
        s->sum += (double) cell->v.i;
    else if (cell->kind == VINV_CELL_QUANTITY || cell->kind == VINV_CELL_DOUBLE)
        s->sum += cell->v.d;
    else
        s->unknown = TRUE;
}

static void
set_int_sum (VinvTable *t, guint row, guint col, const Sum *s)
{
    if (s->unknown)
        vinv_table_set_null (t, row, col);
    else
        vinv_table_set_int (t, row, col, (gint64) s->sum);
}

static void
set_quantity_sum (VinvTable *t, guint row, guint col, const Sum *s)
{
    if (s->unknown)
        vinv_table_set_null (t, row, col);
    else
        vinv_table_set_quantity (t, row, col, s->sum);
}

/* @num / @den (times @scale) into a DOUBLE or QUANTITY cell; null unless
 * both are known and @den is positive. */
static void
set_ratio (VinvTable *t, guint row, guint col, const Sum *num, const Sum *den, double scale)
{
    if (num->unknown || den->unknown || !(den->sum > 0)) {
        vinv_table_set_null (t, row, col);
        return;
    }
    double v = num->sum / den->sum * scale;
    if (vinv_table_get_column (t, col)->kind == VINV_CELL_DOUBLE)
        vinv_table_set_double (t, row, col, v);
    else
        vinv_table_set_quantity (t, row, col, v);
}

static void
set_nulls (VinvTable *t, const guint *cols, guint n_cols)
{
    for (guint r = 0; t != NULL && r < vinv_table_get_n_rows (t); r++) {
        for (guint i = 0; i < n_cols; i++)
            vinv_table_set_null (t, r, cols[i]);
    }
}

/* ---- hosts and clusters ------------------------------------------------- */

/* Per host: the sums of its running VMs, and its own cores and memory. */
typedef struct {
    Sum vcpus;
    Sum memory;
    Sum cores;
    Sum host_memory;
} HostFigures;

/* The figures of every host (NULL when there is no Hosts table).  Reads
 * the Hosts and VMs tables only.  Owned by caller. */
static HostFigures *
host_figures (VinvInventory *inventory)
{
    VinvTable *hosts = vinv_inventory_get_table (inventory, VINV_TABLE_HOST);
    VinvTable *vms = input_table (inventory, VINV_TABLE_VM);

    if (hosts == NULL)
        return NULL;
    guint n = vinv_table_get_n_rows (hosts);
    HostFigures *f = g_new0 (HostFigures, MAX (n, 1));

    for (guint h = 0; h < n; h++) {
        f[h].vcpus.unknown = f[h].memory.unknown = vms == NULL;
        sum_add (&f[h].cores, vinv_table_get_cell (hosts, h, VINV_HOST_CORES));
        sum_add (&f[h].host_memory, vinv_table_get_cell (hosts, h, VINV_HOST_MEMORY));
    }
    g_autoptr (VinvLinks) vm_hosts = vms != NULL ? vinv_table_ref_links (vms, VINV_VM_HOST, hosts)
                                                 : NULL;
    for (guint v = 0; vms != NULL && v < vinv_table_get_n_rows (vms); v++) {
        const VinvCell *host = vinv_table_get_cell (vms, v, VINV_VM_HOST);
        if (!vm_runs (vinv_table_get_cell (vms, v, VINV_VM_STATUS), host))
            continue;
        int h = linked_row (vm_hosts, v);
        if (h < 0)
            continue;
        sum_add (&f[h].vcpus, vinv_table_get_cell (vms, v, VINV_VM_VCPUS));
        sum_add (&f[h].memory, vinv_table_get_cell (vms, v, VINV_VM_MEMORY));
    }
    return f;
}

static void
compute_hosts (VinvInventory *inventory)
{
    VinvTable *hosts = vinv_inventory_get_table (inventory, VINV_TABLE_HOST);
    g_autofree HostFigures *f = host_figures (inventory);

    for (guint h = 0; f != NULL && h < vinv_table_get_n_rows (hosts); h++) {
        set_int_sum (hosts, h, VINV_HOST_RUNNING_VCPUS, &f[h].vcpus);
        set_ratio (hosts, h, VINV_HOST_VCPU_PER_CORE, &f[h].vcpus, &f[h].cores, 1);
        set_quantity_sum (hosts, h, VINV_HOST_RUNNING_MEMORY, &f[h].memory);
        set_ratio (hosts, h, VINV_HOST_MEMORY_COMMITTED, &f[h].memory, &f[h].host_memory, 100);
    }
}

/* The figures of every host as compute_hosts() left them in its cells
 * (hosts are computed before clusters: the same sums, read back exactly —
 * whole vCPU counts below 2^53, memory as the double it was — instead of a
 * second pass over every VM).  A host column that compute_hosts() or
 * mark_unavailable() left null is unknown here, as it was there: the
 * cluster column reads the same inputs and more. */
static HostFigures *
host_figures_of_cells (VinvTable *hosts)
{
    guint n = vinv_table_get_n_rows (hosts);
    HostFigures *f = g_new0 (HostFigures, MAX (n, 1));

    for (guint h = 0; h < n; h++) {
        sum_add (&f[h].vcpus, vinv_table_get_cell (hosts, h, VINV_HOST_RUNNING_VCPUS));
        sum_add (&f[h].memory, vinv_table_get_cell (hosts, h, VINV_HOST_RUNNING_MEMORY));
        sum_add (&f[h].cores, vinv_table_get_cell (hosts, h, VINV_HOST_CORES));
        sum_add (&f[h].host_memory, vinv_table_get_cell (hosts, h, VINV_HOST_MEMORY));
    }
    return f;
}

static void
compute_clusters (VinvInventory *inventory)
{
    VinvTable *clusters = vinv_inventory_get_table (inventory, VINV_TABLE_CLUSTER);
    VinvTable *hosts = input_table (inventory, VINV_TABLE_HOST);
    VinvTable *vms = input_table (inventory, VINV_TABLE_VM);

    if (clusters == NULL)
        return;
    g_autofree HostFigures *hf = hosts != NULL ? host_figures_of_cells (hosts) : NULL;
    guint n = vinv_table_get_n_rows (clusters);
    g_autofree HostFigures *f = g_new0 (HostFigures, MAX (n, 1));
    g_autofree gint64 *running = g_new0 (gint64, MAX (n, 1));

    for (guint c = 0; c < n; c++) {
        gboolean unknown = hosts == NULL || hf == NULL;
        f[c].vcpus.unknown = f[c].memory.unknown = unknown;
        f[c].cores.unknown = f[c].host_memory.unknown = unknown;
    }
    g_autoptr (VinvLinks) host_clusters = hosts != NULL && hf != NULL
                                          ? vinv_table_ref_links (hosts, VINV_HOST_CLUSTER,
                                                                  clusters)
                                          : NULL;
    for (guint h = 0; hosts != NULL && hf != NULL && h < vinv_table_get_n_rows (hosts); h++) {
        int c = linked_row (host_clusters, h);
        if (c < 0)
            continue;
        const Sum *from[4] = { &hf[h].vcpus, &hf[h].memory, &hf[h].cores, &hf[h].host_memory };
        Sum *to[4] = { &f[c].vcpus, &f[c].memory, &f[c].cores, &f[c].host_memory };
        for (guint i = 0; i < 4; i++) {
            to[i]->sum += from[i]->sum;
            to[i]->unknown |= from[i]->unknown;
        }
    }
    g_autoptr (VinvLinks) vm_clusters = vms != NULL
                                        ? vinv_table_ref_links (vms, VINV_VM_CLUSTER, clusters)
                                        : NULL;
    for (guint v = 0; vms != NULL && v < vinv_table_get_n_rows (vms); v++) {
        if (!vm_runs (vinv_table_get_cell (vms, v, VINV_VM_STATUS),
                      vinv_table_get_cell (vms, v, VINV_VM_HOST)))
            continue;
        int c = linked_row (vm_clusters, v);
        if (c >= 0)
            running[c]++;
    }
    for (guint c = 0; c < n; c++) {
        const VinvCell *list = vinv_table_get_cell (clusters, c, VINV_CLUSTER_VMS);
        set_int_sum (clusters, c, VINV_CLUSTER_RUNNING_VCPUS, &f[c].vcpus);
        set_ratio (clusters, c, VINV_CLUSTER_VCPU_PER_CORE, &f[c].vcpus, &f[c].cores, 1);
        set_quantity_sum (clusters, c, VINV_CLUSTER_RUNNING_MEMORY, &f[c].memory);
        set_ratio (clusters, c, VINV_CLUSTER_MEMORY_COMMITTED, &f[c].memory,
                   &f[c].host_memory, 100);
        if (list->kind == VINV_CELL_LIST)
            vinv_table_set_int (clusters, c, VINV_CLUSTER_VM_COUNT, list->v.list->n);
        else
            vinv_table_set_null (clusters, c, VINV_CLUSTER_VM_COUNT);
        if (vms != NULL)
            vinv_table_set_int (clusters, c, VINV_CLUSTER_RUNNING_VM_COUNT, running[c]);
        else
            vinv_table_set_null (clusters, c, VINV_CLUSTER_RUNNING_VM_COUNT);
    }
}

/* ---- storage domains ---------------------------------------------------- */

static void
compute_sds (VinvInventory *inventory)
{
    VinvTable *sds = vinv_inventory_get_table (inventory, VINV_TABLE_SD);
    VinvTable *disks = input_table (inventory, VINV_TABLE_DISK);

    if (sds == NULL)
        return;
    guint n = vinv_table_get_n_rows (sds);
    g_autofree Sum *provisioned = g_new0 (Sum, MAX (n, 1));

    for (guint s = 0; s < n; s++)
        provisioned[s].unknown = disks == NULL;
    g_autoptr (VinvLinks) disk_sds = disks != NULL
                                     ? vinv_table_ref_links (disks, VINV_DISK_STORAGE_DOMAINS, sds)
                                     : NULL;
    for (guint d = 0; disks != NULL && d < vinv_table_get_n_rows (disks); d++) {
        for (guint32 i = disk_sds->offsets[d]; i < disk_sds->offsets[d + 1]; i++) {
            guint32 s = disk_sds->rows[i];
            if (s != VINV_NO_ROW)
                sum_add (&provisioned[s],
                         vinv_table_get_cell (disks, d, VINV_DISK_PROVISIONED_SIZE));
        }
    }
    for (guint s = 0; s < n; s++) {
        Sum total = { 0 };
        const VinvCell *vms = vinv_table_get_cell (sds, s, VINV_SD_VMS);
        sum_add (&total, vinv_table_get_cell (sds, s, VINV_SD_TOTAL));
        set_quantity_sum (sds, s, VINV_SD_PROVISIONED, &provisioned[s]);
        set_ratio (sds, s, VINV_SD_OVER_ALLOCATION, &provisioned[s], &total, 100);
        if (vms->kind == VINV_CELL_LIST)
            vinv_table_set_int (sds, s, VINV_SD_VM_COUNT, vms->v.list->n);
        else
            vinv_table_set_null (sds, s, VINV_SD_VM_COUNT);
    }
}

/* ---- VMs ---------------------------------------------------------------- */

static void
compute_vm_snapshots (VinvTable *vms, VinvTable *snaps)
{
    static const guint cols[] = { VINV_VM_SNAPSHOT_COUNT, VINV_VM_OLDEST_SNAPSHOT_AGE };
    guint n = vinv_table_get_n_rows (vms);

    if (snaps == NULL) {
        set_nulls (vms, cols, G_N_ELEMENTS (cols));
        return;
    }
    g_autofree gint64 *count = g_new0 (gint64, MAX (n, 1));
    g_autofree double *oldest = g_new0 (double, MAX (n, 1));
    g_autofree gboolean *age_unknown = g_new0 (gboolean, MAX (n, 1));

    g_autoptr (VinvLinks) snap_vms = vinv_table_ref_links (snaps, VINV_SNAP_VM, vms);
    for (guint s = 0; s < vinv_table_get_n_rows (snaps); s++) {
        const VinvCell *type = vinv_table_get_cell (snaps, s, VINV_SNAP_TYPE);
        const VinvCell *age = vinv_table_get_cell (snaps, s, VINV_SNAP_AGE);
        int v = linked_row (snap_vms, s);
        /* oVirt lists the VM's current state as a snapshot of type active */
        if (v < 0 || (type->kind == VINV_CELL_STRING && strcmp (type->v.s, "active") == 0))
            continue;
        count[v]++;
        if (age->kind == VINV_CELL_QUANTITY)
            oldest[v] = MAX (oldest[v], age->v.d);
        else
            age_unknown[v] = TRUE;
    }
    for (guint v = 0; v < n; v++) {
        vinv_table_set_int (vms, v, VINV_VM_SNAPSHOT_COUNT, count[v]);
        if (count[v] > 0 && !age_unknown[v])
            vinv_table_set_quantity (vms, v, VINV_VM_OLDEST_SNAPSHOT_AGE, oldest[v]);
        else
            vinv_table_set_null (vms, v, VINV_VM_OLDEST_SNAPSHOT_AGE);
    }
}

static void
compute_vm_disks (VinvTable *vms, VinvTable *disks)
{
    /* resolved before the loop sets cells of @vms (which drops its cache;
     * the reference stays valid) */
    g_autoptr (VinvLinks) vm_disks = disks != NULL
                                     ? vinv_table_ref_links (vms, VINV_VM_DISKS, disks) : NULL;
    for (guint v = 0; v < vinv_table_get_n_rows (vms); v++) {
        const VinvCell *list = vinv_table_get_cell (vms, v, VINV_VM_DISKS);
        Sum provisioned = { 0, disks == NULL || list->kind != VINV_CELL_LIST };
        Sum actual = provisioned;

        for (guint32 i = 0; !provisioned.unknown && i < list->v.list->n; i++) {
            guint32 d = vm_disks->rows[vm_disks->offsets[v] + i];
            if (d == VINV_NO_ROW) {
                provisioned.unknown = actual.unknown = TRUE;
                break;
            }
            sum_add (&provisioned, vinv_table_get_cell (disks, d, VINV_DISK_PROVISIONED_SIZE));
            sum_add (&actual, vinv_table_get_cell (disks, d, VINV_DISK_ACTUAL_SIZE));
        }
        set_quantity_sum (vms, v, VINV_VM_DISKS_PROVISIONED, &provisioned);
        set_quantity_sum (vms, v, VINV_VM_DISKS_ACTUAL, &actual);
    }
}

/* ---- data centers ------------------------------------------------------- */

/* Counts the rows of @from (NULL: unknown) per data center they link to
 * through @link into @col of the data centers. */
static void
count_per_dc (VinvTable *dcs, VinvTable *from, guint link, guint col)
{
    guint n = vinv_table_get_n_rows (dcs);
    g_autofree gint64 *count = g_new0 (gint64, MAX (n, 1));

    g_autoptr (VinvLinks) links = from != NULL ? vinv_table_ref_links (from, link, dcs) : NULL;
    for (guint r = 0; from != NULL && r < vinv_table_get_n_rows (from); r++) {
        int dc = linked_row (links, r);
        if (dc >= 0)
            count[dc]++;
    }
    for (guint d = 0; d < n; d++) {
        if (from != NULL)
            vinv_table_set_int (dcs, d, col, count[d]);
        else
            vinv_table_set_null (dcs, d, col);
    }
}

guint64
vinv_computed_table_inputs (VinvTableKind kind)
{
    guint64 inputs = 0;
    for (gsize i = 0; i < G_N_ELEMENTS (computed_columns); i++) {
        const Computed *c = &computed_columns[i];
        for (const Input *in = c->inputs; c->table == kind && in->table != VINV_TABLE_LAST; in++) {
            if (in->table != kind)
                inputs |= G_GUINT64_CONSTANT (1) << in->table;
        }
    }
    return inputs;
}

/* A computed column whose inputs come from a table that failed, or from a
 * column marked unavailable, is itself no value with the reason (never a
 * short count or sum): the rule of DESIGN §10 for columns built on a
 * failed part. */
/* "table 'disks' failed to load", worded as a back-end already marked a
 * column of @t for the same table when it did (one warning line, not two). */
static char *
dup_failed_reason (VinvTable *t, VinvTable *failed)
{
    g_autofree char *needle = g_strdup_printf ("table '%s'", vinv_table_get_schema (failed)->id);

    for (guint col = 0; col < vinv_table_get_schema (t)->n_columns; col++) {
        const char *r = vinv_table_get_column_unavailable (t, col);
        if (r != NULL && strstr (r, needle) != NULL)
            return g_strdup (r);
    }
    return g_strdup_printf ("%s failed to load", needle);
}

static void
mark_unavailable (VinvInventory *inventory, VinvTable *t, VinvTableKind kind)
{
    for (guint i = 0; i < G_N_ELEMENTS (computed_columns); i++) {
        const Computed *c = &computed_columns[i];
        g_autofree char *reason = NULL;

        if (c->table != kind)
            continue;
        for (const Input *in = c->inputs; in->table != VINV_TABLE_LAST && reason == NULL; in++) {
            VinvTable *src = vinv_inventory_get_table (inventory, in->table);
            if (src == NULL)
                continue;
            if (vinv_table_get_error (src) != NULL)
                reason = dup_failed_reason (t, src);
            else if (vinv_table_get_column_unavailable (src, in->col) != NULL)
                reason = g_strdup (vinv_table_get_column_unavailable (src, in->col));
        }
        if (reason == NULL)
            continue;
        for (guint row = 0; row < vinv_table_get_n_rows (t); row++)
            vinv_table_set_null (t, row, c->col);
        vinv_table_set_column_unavailable (t, c->col, reason);
    }
}

void
vinv_computed_fill_table (VinvInventory *inventory, VinvTableKind kind)
{
    VinvTable *t = vinv_inventory_get_table (inventory, kind);

    g_return_if_fail (inventory != NULL);
    if (t == NULL)
        return;
    switch (kind) {
    case VINV_TABLE_VM:
        compute_vm_snapshots (t, input_table (inventory, VINV_TABLE_SNAP));
        compute_vm_disks (t, input_table (inventory, VINV_TABLE_DISK));
        break;
    case VINV_TABLE_HOST:
        compute_hosts (inventory);
        break;
    case VINV_TABLE_CLUSTER:
        compute_clusters (inventory);
        break;
    case VINV_TABLE_SD:
        compute_sds (inventory);
        break;
    case VINV_TABLE_DC:
        count_per_dc (t, input_table (inventory, VINV_TABLE_VM), VINV_VM_DATA_CENTER,
                      VINV_DC_VM_COUNT);
        count_per_dc (t, input_table (inventory, VINV_TABLE_HOST), VINV_HOST_DATA_CENTER,
                      VINV_DC_HOST_COUNT);
        break;
    default:
        break;   /* no computed columns */
    }
    mark_unavailable (inventory, t, kind);
}

void
vinv_computed_fill (VinvInventory *inventory)
{
    g_return_if_fail (inventory != NULL);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        vinv_computed_fill_table (inventory, k);
}
