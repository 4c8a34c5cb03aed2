/* test-computed.c — the columns the core computes from links (computed.h),
 * on a small hand-built inventory whose every expected value is worked
 * out by hand in the comments; then what becomes unknown when an input
 * table failed or is missing, availability, and that vinv_backend_fetch()
 * fills them for any back-end.
 */
#include <math.h>
#include <string.h>
#include "core/backend.h"
#include "core/computed.h"

#define GiB 1073741824.0
#define DAY 86400.0

static guint
row (VinvTable *t, const char *id)
{
    int r = vinv_table_find_row (t, "src", id);
    g_assert_cmpint (r, >=, 0);
    return (guint) r;
}

static void
ref (VinvTable *t, guint r, guint col, const char *id)
{
    if (id != NULL)
        vinv_table_set_ref (t, r, col, id, id);
}

/* @ids: space-separated; "" an empty list; NULL leaves the cell null. */
static void
list (VinvTable *t, guint r, guint col, const char *ids)
{
    if (ids == NULL)
        return;
    g_auto (GStrv) parts = g_strsplit (ids, " ", -1);
    guint n = *ids != '\0' ? g_strv_length (parts) : 0;
    g_autofree VinvItem *items = g_new0 (VinvItem, MAX (n, 1));
    for (guint i = 0; i < n; i++)
        items[i] = (VinvItem) { parts[i], parts[i] };
    vinv_table_set_list (t, r, col, items, n);
}

/* The inventory of the comments below.  Hosts h1 (8 cores, 64 GiB), h2 (4
 * cores, 32 GiB) in cluster c1 of data center d1; h3 (cores unknown,
 * 16 GiB) in c2 of d2. */
static VinvInventory *
build (void)
{
    VinvInventory *inv = vinv_inventory_new ();
    VinvTable *hosts = vinv_inventory_ensure_table (inv, VINV_TABLE_HOST);
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    VinvTable *disks = vinv_inventory_ensure_table (inv, VINV_TABLE_DISK);
    VinvTable *sds = vinv_inventory_ensure_table (inv, VINV_TABLE_SD);
    VinvTable *clusters = vinv_inventory_ensure_table (inv, VINV_TABLE_CLUSTER);
    VinvTable *dcs = vinv_inventory_ensure_table (inv, VINV_TABLE_DC);
    VinvTable *snaps = vinv_inventory_ensure_table (inv, VINV_TABLE_SNAP);

    static const struct {
        const char *id, *cluster, *dc;
        gint64 cores;
        double mem_gib;
    } H[] = {
        { "h1", "c1", "d1", 8, 64 }, { "h2", "c1", "d1", 4, 32 }, { "h3", "c2", "d2", -1, 16 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (H); i++) {
        guint r = vinv_table_add_row (hosts, "src", H[i].id);
        ref (hosts, r, VINV_HOST_CLUSTER, H[i].cluster);
        ref (hosts, r, VINV_HOST_DATA_CENTER, H[i].dc);
        if (H[i].cores >= 0)
            vinv_table_set_int (hosts, r, VINV_HOST_CORES, H[i].cores);
        vinv_table_set_quantity (hosts, r, VINV_HOST_MEMORY, H[i].mem_gib * GiB);
    }

    /* v3 is down and v7 crashed (libvirt keeps their host): not running */
    static const struct {
        const char *id, *status, *host, *cluster, *dc, *disks;
        gint64 vcpus;
        double mem_gib;
    } V[] = {
        { "v1", "up", "h1", "c1", "d1", "k1 k2", 4, 8 },
        { "v2", "up", "h1", "c1", "d1", "k3", 8, 16 },
        { "v3", "down", "h1", "c1", "d1", "", 16, 32 },
        { "v4", "paused", "h2", "c1", "d1", "k4", 2, 4 },
        { "v5", "up", "h3", "c2", "d2", NULL, 2, -1 },
        { "v6", "down", NULL, "c2", "d2", "k1", 1, 1 },
        { "v7", "crashed", "h2", "c1", "d1", "", 4, 4 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (V); i++) {
        guint r = vinv_table_add_row (vms, "src", V[i].id);
        vinv_table_set_string (vms, r, VINV_VM_STATUS, V[i].status);
        ref (vms, r, VINV_VM_HOST, V[i].host);
        ref (vms, r, VINV_VM_CLUSTER, V[i].cluster);
        ref (vms, r, VINV_VM_DATA_CENTER, V[i].dc);
        list (vms, r, VINV_VM_DISKS, V[i].disks);
        vinv_table_set_int (vms, r, VINV_VM_VCPUS, V[i].vcpus);
        if (V[i].mem_gib >= 0)
            vinv_table_set_quantity (vms, r, VINV_VM_MEMORY, V[i].mem_gib * GiB);
    }

    /* k4 is linked from v4 but not in the table; k5 belongs to no VM */
    static const struct {
        const char *id, *sds;
        double prov_gib, actual_gib;
    } D[] = {
        { "k1", "s1", 10, 2 }, { "k2", "s1 s2", 100, 50 }, { "k3", "s2", 40, -1 },
        { "k5", "s3", 1000, 1 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (D); i++) {
        guint r = vinv_table_add_row (disks, "src", D[i].id);
        list (disks, r, VINV_DISK_STORAGE_DOMAINS, D[i].sds);
        vinv_table_set_quantity (disks, r, VINV_DISK_PROVISIONED_SIZE, D[i].prov_gib * GiB);
        if (D[i].actual_gib >= 0)
            vinv_table_set_quantity (disks, r, VINV_DISK_ACTUAL_SIZE, D[i].actual_gib * GiB);
    }

    static const struct {
        const char *id, *vms;
        double total_gib;
    } S[] = {
        { "s1", "v1 v6", 100 }, { "s2", NULL, 50 }, { "s3", "", -1 }, { "s4", "", 10 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (S); i++) {
        guint r = vinv_table_add_row (sds, "src", S[i].id);
        list (sds, r, VINV_SD_VMS, S[i].vms);
        if (S[i].total_gib >= 0)
            vinv_table_set_quantity (sds, r, VINV_SD_TOTAL, S[i].total_gib * GiB);
    }

    guint r = vinv_table_add_row (clusters, "src", "c1");
    list (clusters, r, VINV_CLUSTER_VMS, "v1 v2 v3 v4 v7");
    vinv_table_add_row (clusters, "src", "c2");
    vinv_table_add_row (dcs, "src", "d1");
    vinv_table_add_row (dcs, "src", "d2");

    /* the active snapshot (oVirt's current state) does not count */
    static const struct {
        const char *id, *vm, *type;
        double age_days;
    } N[] = {
        { "n0", "v1", "active", 1 }, { "n1", "v1", "regular", 20 }, { "n2", "v1", "regular", 3 },
        { "n3", "v2", "regular", -1 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (N); i++) {
        guint sr = vinv_table_add_row (snaps, "src", N[i].id);
        ref (snaps, sr, VINV_SNAP_VM, N[i].vm);
        vinv_table_set_string (snaps, sr, VINV_SNAP_TYPE, N[i].type);
        if (N[i].age_days >= 0)
            vinv_table_set_quantity (snaps, sr, VINV_SNAP_AGE, N[i].age_days * DAY);
    }
    return inv;
}

static void
assert_null (VinvInventory *inv, VinvTableKind kind, const char *id, guint col)
{
    VinvTable *t = vinv_inventory_get_table (inv, kind);
    const VinvCell *cell = vinv_table_get_cell (t, row (t, id), col);
    if (cell->kind != VINV_CELL_NULL)
        g_test_message ("%s.%s of %s: expected no value", vinv_table_get_schema (t)->id,
                        vinv_table_get_column (t, col)->id, id);
    g_assert_cmpint (cell->kind, ==, VINV_CELL_NULL);
}

static void
assert_int (VinvInventory *inv, VinvTableKind kind, const char *id, guint col, gint64 want)
{
    VinvTable *t = vinv_inventory_get_table (inv, kind);
    const VinvCell *cell = vinv_table_get_cell (t, row (t, id), col);
    g_assert_cmpint (cell->kind, ==, VINV_CELL_INT);
    g_assert_cmpint (cell->v.i, ==, want);
}

/* A QUANTITY (or DOUBLE) cell equal to @want within a relative 1e-12. */
static void
assert_num (VinvInventory *inv, VinvTableKind kind, const char *id, guint col, double want)
{
    VinvTable *t = vinv_inventory_get_table (inv, kind);
    const VinvCell *cell = vinv_table_get_cell (t, row (t, id), col);
    g_assert_cmpint (cell->kind, ==, vinv_table_get_column (t, col)->kind);
    g_assert_cmpfloat_with_epsilon (cell->v.d, want, fabs (want) * 1e-12 + 1e-12);
}

static void
test_hand_computed (void)
{
    g_autoptr (VinvInventory) inv = build ();
    vinv_computed_fill (inv);

    /* h1 runs v1 (4 vCPUs, 8 GiB) and v2 (8, 16); v3 is down */
    assert_int (inv, VINV_TABLE_HOST, "h1", VINV_HOST_RUNNING_VCPUS, 12);
    assert_num (inv, VINV_TABLE_HOST, "h1", VINV_HOST_VCPU_PER_CORE, 12.0 / 8);
    assert_num (inv, VINV_TABLE_HOST, "h1", VINV_HOST_RUNNING_MEMORY, 24 * GiB);
    assert_num (inv, VINV_TABLE_HOST, "h1", VINV_HOST_MEMORY_COMMITTED, 37.5);
    /* h2 runs v4 (paused counts: 2 vCPUs, 4 GiB); v7 crashed */
    assert_int (inv, VINV_TABLE_HOST, "h2", VINV_HOST_RUNNING_VCPUS, 2);
    assert_num (inv, VINV_TABLE_HOST, "h2", VINV_HOST_VCPU_PER_CORE, 0.5);
    assert_num (inv, VINV_TABLE_HOST, "h2", VINV_HOST_RUNNING_MEMORY, 4 * GiB);
    assert_num (inv, VINV_TABLE_HOST, "h2", VINV_HOST_MEMORY_COMMITTED, 12.5);
    /* h3: cores unknown, v5's memory unknown */
    assert_int (inv, VINV_TABLE_HOST, "h3", VINV_HOST_RUNNING_VCPUS, 2);
    assert_null (inv, VINV_TABLE_HOST, "h3", VINV_HOST_VCPU_PER_CORE);
    assert_null (inv, VINV_TABLE_HOST, "h3", VINV_HOST_RUNNING_MEMORY);
    assert_null (inv, VINV_TABLE_HOST, "h3", VINV_HOST_MEMORY_COMMITTED);

    /* c1 = h1 + h2: 14 vCPUs on 12 cores, 28 GiB of 96 GiB */
    assert_int (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_RUNNING_VCPUS, 14);
    assert_num (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_VCPU_PER_CORE, 14.0 / 12);
    assert_num (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_RUNNING_MEMORY, 28 * GiB);
    assert_num (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_MEMORY_COMMITTED, 2800.0 / 96);
    assert_int (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_VM_COUNT, 5);
    assert_int (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_RUNNING_VM_COUNT, 3);
    /* c2 = h3, whose unknowns carry over; its VMs cell is null */
    assert_int (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_RUNNING_VCPUS, 2);
    assert_null (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_VCPU_PER_CORE);
    assert_null (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_RUNNING_MEMORY);
    assert_null (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_MEMORY_COMMITTED);
    assert_null (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_VM_COUNT);
    assert_int (inv, VINV_TABLE_CLUSTER, "c2", VINV_CLUSTER_RUNNING_VM_COUNT, 1);

    /* s1 holds k1 (10) and k2 (100) of 100 GiB; s2 k2 (100) and k3 (40)
     * of 50 GiB; s3 k5 of an unknown total; s4 nothing */
    assert_num (inv, VINV_TABLE_SD, "s1", VINV_SD_PROVISIONED, 110 * GiB);
    assert_num (inv, VINV_TABLE_SD, "s1", VINV_SD_OVER_ALLOCATION, 110);
    assert_int (inv, VINV_TABLE_SD, "s1", VINV_SD_VM_COUNT, 2);
    assert_num (inv, VINV_TABLE_SD, "s2", VINV_SD_PROVISIONED, 140 * GiB);
    assert_num (inv, VINV_TABLE_SD, "s2", VINV_SD_OVER_ALLOCATION, 280);
    assert_null (inv, VINV_TABLE_SD, "s2", VINV_SD_VM_COUNT);
    assert_num (inv, VINV_TABLE_SD, "s3", VINV_SD_PROVISIONED, 1000 * GiB);
    assert_null (inv, VINV_TABLE_SD, "s3", VINV_SD_OVER_ALLOCATION);
    assert_int (inv, VINV_TABLE_SD, "s3", VINV_SD_VM_COUNT, 0);
    assert_num (inv, VINV_TABLE_SD, "s4", VINV_SD_PROVISIONED, 0);
    assert_num (inv, VINV_TABLE_SD, "s4", VINV_SD_OVER_ALLOCATION, 0);

    /* v1: k1 + k2; v2: k3, whose actual size is unknown; v3: no disks;
     * v4: k4 is not loaded; v5: disks unknown */
    assert_num (inv, VINV_TABLE_VM, "v1", VINV_VM_DISKS_PROVISIONED, 110 * GiB);
    assert_num (inv, VINV_TABLE_VM, "v1", VINV_VM_DISKS_ACTUAL, 52 * GiB);
    assert_num (inv, VINV_TABLE_VM, "v2", VINV_VM_DISKS_PROVISIONED, 40 * GiB);
    assert_null (inv, VINV_TABLE_VM, "v2", VINV_VM_DISKS_ACTUAL);
    assert_num (inv, VINV_TABLE_VM, "v3", VINV_VM_DISKS_PROVISIONED, 0);
    assert_num (inv, VINV_TABLE_VM, "v3", VINV_VM_DISKS_ACTUAL, 0);
    assert_null (inv, VINV_TABLE_VM, "v4", VINV_VM_DISKS_PROVISIONED);
    assert_null (inv, VINV_TABLE_VM, "v4", VINV_VM_DISKS_ACTUAL);
    assert_null (inv, VINV_TABLE_VM, "v5", VINV_VM_DISKS_PROVISIONED);

    /* v1: n1 (20 days) and n2 (3), n0 is the active state; v2: n3, age
     * unknown; v3: none */
    assert_int (inv, VINV_TABLE_VM, "v1", VINV_VM_SNAPSHOT_COUNT, 2);
    assert_num (inv, VINV_TABLE_VM, "v1", VINV_VM_OLDEST_SNAPSHOT_AGE, 20 * DAY);
    assert_int (inv, VINV_TABLE_VM, "v2", VINV_VM_SNAPSHOT_COUNT, 1);
    assert_null (inv, VINV_TABLE_VM, "v2", VINV_VM_OLDEST_SNAPSHOT_AGE);
    assert_int (inv, VINV_TABLE_VM, "v3", VINV_VM_SNAPSHOT_COUNT, 0);
    assert_null (inv, VINV_TABLE_VM, "v3", VINV_VM_OLDEST_SNAPSHOT_AGE);

    /* d1: v1 v2 v3 v4 v7 and h1 h2; d2: v5 v6 and h3 */
    assert_int (inv, VINV_TABLE_DC, "d1", VINV_DC_VM_COUNT, 5);
    assert_int (inv, VINV_TABLE_DC, "d1", VINV_DC_HOST_COUNT, 2);
    assert_int (inv, VINV_TABLE_DC, "d2", VINV_DC_VM_COUNT, 2);
    assert_int (inv, VINV_TABLE_DC, "d2", VINV_DC_HOST_COUNT, 1);

    /* computing again changes nothing */
    vinv_computed_fill (inv);
    assert_int (inv, VINV_TABLE_HOST, "h1", VINV_HOST_RUNNING_VCPUS, 12);
    assert_int (inv, VINV_TABLE_VM, "v1", VINV_VM_SNAPSHOT_COUNT, 2);
}

/* A table that failed to load makes what is computed from it unknown —
 * never a short sum. */
static void
test_failed_inputs (void)
{
    g_autoptr (VinvInventory) inv = build ();
    vinv_table_set_error (vinv_inventory_get_table (inv, VINV_TABLE_DISK), "HTTP 500 on /disks");
    vinv_table_set_error (vinv_inventory_get_table (inv, VINV_TABLE_VM), "stalled");
    vinv_computed_fill (inv);

    assert_null (inv, VINV_TABLE_SD, "s1", VINV_SD_PROVISIONED);
    assert_null (inv, VINV_TABLE_SD, "s1", VINV_SD_OVER_ALLOCATION);
    assert_int (inv, VINV_TABLE_SD, "s1", VINV_SD_VM_COUNT, 2);   /* its own list */
    assert_null (inv, VINV_TABLE_VM, "v1", VINV_VM_DISKS_PROVISIONED);
    assert_null (inv, VINV_TABLE_HOST, "h1", VINV_HOST_RUNNING_VCPUS);
    assert_null (inv, VINV_TABLE_HOST, "h1", VINV_HOST_MEMORY_COMMITTED);
    assert_null (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_RUNNING_VCPUS);
    assert_null (inv, VINV_TABLE_CLUSTER, "c1", VINV_CLUSTER_RUNNING_VM_COUNT);
    assert_null (inv, VINV_TABLE_DC, "d1", VINV_DC_VM_COUNT);
    assert_int (inv, VINV_TABLE_DC, "d1", VINV_DC_HOST_COUNT, 2);
    assert_int (inv, VINV_TABLE_VM, "v1", VINV_VM_SNAPSHOT_COUNT, 2);
}

static void
test_missing_inputs (void)
{
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    guint r = vinv_table_add_row (vms, "src", "v1");
    list (vms, r, VINV_VM_DISKS, "");
    vinv_computed_fill (inv);   /* no Snapshots, Disks, Hosts tables */
    assert_null (inv, VINV_TABLE_VM, "v1", VINV_VM_SNAPSHOT_COUNT);
    assert_null (inv, VINV_TABLE_VM, "v1", VINV_VM_DISKS_PROVISIONED);
}

/* Computed columns are available when what they are computed from is:
 * for a libvirt-like source a host's overcommit is (VMs' host, status,
 * vCPUs, memory and the host's cores are filled), a cluster's running VMs
 * are not (no VM Cluster column). */
static const char *const like_libvirt_vms[] = {
    "name", "status", "host", "vcpus", "memory", "disks", "snapshots", NULL
};
static const char *const like_libvirt_hosts[] = { "name", "status", "cores", "memory", NULL };
static const char *const like_libvirt_snaps[] = { "vm", "name", "type", "age", NULL };
static const char *const like_libvirt_clusters[] = { "name", "vms", NULL };

/* What a libvirt-like back-end says it fills (no VM Cluster column). */
static const VinvBackendTable like_libvirt[] = {
    { "vms", NULL, like_libvirt_vms },
    { "hosts", NULL, like_libvirt_hosts },
    { "snapshots", NULL, like_libvirt_snaps },
    { "clusters", NULL, like_libvirt_clusters },
    { NULL },
};

static void
test_available (void)
{
    g_autoptr (VinvInventory) inv = build ();
    vinv_inventory_add_source (inv, "src", "test:///default", like_libvirt);
    VinvTable *hosts = vinv_inventory_get_table (inv, VINV_TABLE_HOST);
    VinvTable *clusters = vinv_inventory_get_table (inv, VINV_TABLE_CLUSTER);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);

    g_assert_true (vinv_inventory_column_available (inv, hosts, VINV_HOST_MEMORY_COMMITTED));
    g_assert_true (vinv_inventory_column_available (inv, hosts, VINV_HOST_VCPU_PER_CORE));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_SNAPSHOT_COUNT));
    g_assert_false (vinv_inventory_column_available (inv, clusters,
                                                     VINV_CLUSTER_RUNNING_VM_COUNT));
    g_assert_false (vinv_computed_column_available (inv, VINV_TABLE_HOST, VINV_HOST_NAME));

    /* without the Snapshots table, snapshot counts cannot be computed */
    g_autoptr (VinvInventory) bare = vinv_inventory_new ();
    VinvTable *only = vinv_inventory_ensure_table (bare, VINV_TABLE_VM);
    g_assert_false (vinv_inventory_column_available (bare, only, VINV_VM_SNAPSHOT_COUNT));
}

/* ---- through vinv_backend_fetch(), as every front end loads ------------- */

static VinvBackend *
fake_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error);

static gboolean
fake_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    g_autoptr (VinvInventory) built = build ();
    vinv_inventory_merge (inventory, built);
    return TRUE;
}

static void
fake_close (VinvBackend *self)
{
    vinv_backend_finalize (self);
    g_free (self);
}

static const char *const fake_schemes[] = { "computed-test", NULL };

static const VinvBackendClass fake_class = {
    .name = "computed-test",
    .schemes = fake_schemes,
    .open = fake_open,
    .fetch = fake_fetch,
    .close = fake_close,
};

static VinvBackend *
fake_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &fake_class, uri, "src");
    return self;
}

static void
test_backend_fetch (void)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();

    vinv_backend_register (&fake_class);
    VinvBackend *backend = vinv_backend_open ("computed-test:x", NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (vinv_backend_fetch (backend, inv, NULL, NULL, NULL, &error));
    vinv_backend_close (backend);
    assert_int (inv, VINV_TABLE_HOST, "h1", VINV_HOST_RUNNING_VCPUS, 12);
    assert_num (inv, VINV_TABLE_SD, "s2", VINV_SD_OVER_ALLOCATION, 280);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/computed/hand-computed", test_hand_computed);
    g_test_add_func ("/computed/failed-inputs", test_failed_inputs);
    g_test_add_func ("/computed/missing-inputs", test_missing_inputs);
    g_test_add_func ("/computed/available", test_available);
    g_test_add_func ("/computed/backend-fetch", test_backend_fetch);
    return g_test_run ();
}
