/* truth-check.c — the column-by-column comparison of a loaded inventory
 * with the simulator's ground truth (see truth-check.h).
 *
 * For each table the expected value of every oVirt column is computed from
 * the truth (derived columns the way an administrator would define them:
 * a network's VMs are the VMs with a NIC on it, ...), and the columns the
 * core computes (computed.c) from the truth's own figures.  Each check marks
 * its column, and the run fails if any column the oVirt back-end lists
 * (VinvBackendClass.tables) or the core computes from them went unchecked,
 * or if another column has a value, so a column cannot slip through
 * untested or undescribed.  Mismatches are
 * collected and reported together (the first 30).
 */
#include "truth-check.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    GString *errors;
    guint n_errors;
    gboolean checked[VINV_TABLE_LAST][64];
    GHashTable *by_id[VINV_TABLE_LAST];        /* truth id -> yajl_val */
    GHashTable *template_nics;                 /* id -> yajl_val */
    GHashTable *vm_index;                      /* VM id -> index + 1 in truth order */
    yajl_val truth;
    gint64 now_min;
    gint64 now_max;
    gboolean partial;                          /* see truth_check_partial() */
} Check;

static const char *const truth_keys[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = "vms", [VINV_TABLE_HOST] = "hosts", [VINV_TABLE_DISK] = "disks",
    [VINV_TABLE_SD] = "storage_domains", [VINV_TABLE_CLUSTER] = "clusters",
    [VINV_TABLE_DC] = "data_centers", [VINV_TABLE_NET] = "networks",
    [VINV_TABLE_PROFILE] = "vnic_profiles", [VINV_TABLE_TEMPLATE] = "templates",
    [VINV_TABLE_VMNIC] = "vm_nics", [VINV_TABLE_HOSTNIC] = "host_nics",
    [VINV_TABLE_SNAP] = "snapshots",
};

static void G_GNUC_PRINTF (5, 6)
mismatch (Check *c, VinvTable *t, guint row, guint col, const char *fmt, ...)
{
    va_list ap;
    /* an explicit "no values, because" is not a wrong answer */
    if (c->partial && vinv_table_get_column_unavailable (t, col) != NULL
        && vinv_table_get_cell (t, row, col)->kind == VINV_CELL_NULL)
        return;
    c->n_errors++;
    if (c->n_errors > 30)
        return;
    g_string_append_printf (c->errors, "  %s.%s [%s]: ", vinv_table_get_schema (t)->id,
                            vinv_table_get_column (t, col)->id, vinv_table_get_row_id (t, row));
    va_start (ap, fmt);
    g_string_append_vprintf (c->errors, fmt, ap);
    va_end (ap);
    g_string_append_c (c->errors, '\n');
}

static const VinvCell *
mark (Check *c, VinvTable *t, guint row, guint col)
{
    c->checked[vinv_schema_get_kind (vinv_table_get_schema (t))][col] = TRUE;
    return vinv_table_get_cell (t, row, col);
}

static void
exp_str (Check *c, VinvTable *t, guint row, guint col, const char *expected)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (expected == NULL) {
        if (cell->kind != VINV_CELL_NULL)
            mismatch (c, t, row, col, "expected null, got '%s'",
                      cell->kind == VINV_CELL_STRING ? cell->v.s : "(not a string)");
    } else if (cell->kind != VINV_CELL_STRING || strcmp (cell->v.s, expected) != 0) {
        mismatch (c, t, row, col, "expected '%s', got '%s'", expected,
                  cell->kind == VINV_CELL_STRING ? cell->v.s : "(null)");
    }
}

static void
exp_int (Check *c, VinvTable *t, guint row, guint col, gboolean have, gint64 expected)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (!have) {
        if (cell->kind != VINV_CELL_NULL)
            mismatch (c, t, row, col, "expected null");
    } else if (cell->kind != VINV_CELL_INT || cell->v.i != expected) {
        mismatch (c, t, row, col, "expected %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT
                  " (kind %d)", expected, cell->v.i, cell->kind);
    }
}

static void
exp_time (Check *c, VinvTable *t, guint row, guint col, gboolean have, gint64 expected)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (!have) {
        if (cell->kind != VINV_CELL_NULL)
            mismatch (c, t, row, col, "expected null time");
    } else if (cell->kind != VINV_CELL_TIME || cell->v.i != expected) {
        mismatch (c, t, row, col, "expected time %" G_GINT64_FORMAT ", got %" G_GINT64_FORMAT,
                  expected, cell->v.i);
    }
}

static void
exp_bool (Check *c, VinvTable *t, guint row, guint col, gboolean expected)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (cell->kind != VINV_CELL_BOOL || cell->v.b != expected)
        mismatch (c, t, row, col, "expected %s", expected ? "true" : "false");
}

static gboolean
close_enough (double a, double b, double slack)
{
    return fabs (a - b) <= slack + 1e-9 * MAX (fabs (a), fabs (b));
}

/* A quantity or double within @slack (plus a relative 1e-9). */
static void
exp_num (Check *c, VinvTable *t, guint row, guint col, gboolean have, double expected,
         double slack)
{
    const VinvCell *cell = mark (c, t, row, col);
    VinvCellKind kind = vinv_table_get_column (t, col)->kind;
    if (!have) {
        if (cell->kind != VINV_CELL_NULL)
            mismatch (c, t, row, col, "expected null, got %g", cell->v.d);
    } else if (cell->kind != kind || !close_enough (cell->v.d, expected, slack)) {
        mismatch (c, t, row, col, "expected %.17g, got %.17g (kind %d)", expected,
                  cell->kind == kind ? cell->v.d : NAN, cell->kind);
    }
}

static void
exp_ref (Check *c, VinvTable *t, guint row, guint col, const char *id)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (id == NULL) {
        if (cell->kind != VINV_CELL_NULL)
            mismatch (c, t, row, col, "expected no reference, got %s", cell->v.ref->id);
        return;
    }
    if (cell->kind != VINV_CELL_REF || g_strcmp0 (cell->v.ref->id, id) != 0) {
        mismatch (c, t, row, col, "expected reference to %s, got %s", id,
                  cell->kind == VINV_CELL_REF ? cell->v.ref->id : "(none)");
        return;
    }
    /* the text is the target's name */
    const char *target = vinv_table_get_column (t, col)->target;
    g_assert_nonnull (target);
}

static int
compare_str (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The list cell's item ids must be exactly the set @ids (no duplicates). */
static void
exp_ids (Check *c, VinvTable *t, guint row, guint col, GPtrArray *ids)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (cell->kind != VINV_CELL_LIST) {
        mismatch (c, t, row, col, "expected a list of %u, got kind %d", ids->len, cell->kind);
        return;
    }
    g_autoptr (GPtrArray) got = g_ptr_array_new ();
    for (guint i = 0; i < cell->v.list->n; i++)
        g_ptr_array_add (got, (gpointer) cell->v.list->items[i].id);
    g_ptr_array_sort (got, compare_str);
    g_ptr_array_sort (ids, compare_str);
    gboolean same = got->len == ids->len;
    for (guint i = 0; same && i < got->len; i++)
        same = g_strcmp0 (g_ptr_array_index (got, i), g_ptr_array_index (ids, i)) == 0;
    if (!same)
        mismatch (c, t, row, col, "expected %u linked rows, got %u (or other ids)", ids->len,
                  got->len);
}

/* The list cell's texts, in order, must be @texts. */
static void
exp_texts (Check *c, VinvTable *t, guint row, guint col, GPtrArray *texts)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (cell->kind != VINV_CELL_LIST || cell->v.list->n != texts->len) {
        mismatch (c, t, row, col, "expected %u texts", texts->len);
        return;
    }
    for (guint i = 0; i < texts->len; i++) {
        if (strcmp (cell->v.list->items[i].text, g_ptr_array_index (texts, i)) != 0)
            mismatch (c, t, row, col, "item %u: expected '%s', got '%s'", i,
                      (const char *) g_ptr_array_index (texts, i), cell->v.list->items[i].text);
    }
}

/* Guest IPs: the IPv4 items, in order, must be @v4; other items IPv6. */
static void
exp_ips (Check *c, VinvTable *t, guint row, guint col, GPtrArray *v4)
{
    const VinvCell *cell = mark (c, t, row, col);
    if (cell->kind != VINV_CELL_LIST) {
        mismatch (c, t, row, col, "expected an IP list");
        return;
    }
    guint k = 0;
    for (guint i = 0; i < cell->v.list->n; i++) {
        const char *ip = cell->v.list->items[i].text;
        if (strchr (ip, ':') != NULL)
            continue;
        if (k >= v4->len || strcmp (ip, g_ptr_array_index (v4, k)) != 0)
            mismatch (c, t, row, col, "unexpected IPv4 %s", ip);
        k++;
    }
    if (k != v4->len)
        mismatch (c, t, row, col, "expected %u IPv4 addresses, got %u", v4->len, k);
}

/* ---- truth helpers ------------------------------------------------------------------- */

static GPtrArray *
ids_of (yajl_val obj, const char *key)
{
    GPtrArray *out = g_ptr_array_new ();
    yajl_val arr = truth_array (obj, key);
    for (gsize i = 0; i < YAJL_GET_ARRAY (arr)->len; i++)
        g_ptr_array_add (out, YAJL_GET_STRING (YAJL_GET_ARRAY (arr)->values[i]));
    return out;
}

/* Adds @id to @set (array) unless present or NULL. */
static void
set_add (GPtrArray *set, const char *id)
{
    if (id == NULL)
        return;
    for (guint i = 0; i < set->len; i++) {
        if (strcmp (g_ptr_array_index (set, i), id) == 0)
            return;
    }
    g_ptr_array_add (set, (gpointer) id);
}

static yajl_val
lookup (Check *c, VinvTableKind kind, const char *id)
{
    return id != NULL ? g_hash_table_lookup (c->by_id[kind], id) : NULL;
}

static gboolean
stat (yajl_val obj, const char *name, double *out)
{
    const char *path[] = { "statistics", name, NULL };
    yajl_val v = yajl_tree_get (obj, path, yajl_t_any);
    if (v == NULL || !YAJL_IS_NUMBER (v))
        return FALSE;
    *out = YAJL_IS_INTEGER (v) ? (double) YAJL_GET_INTEGER (v) : YAJL_GET_DOUBLE (v);
    return TRUE;
}

static void
exp_stat (Check *c, VinvTable *t, guint row, guint col, yajl_val obj, const char *name,
          double scale)
{
    double v = 0;
    gboolean have = stat (obj, name, &v);
    if (vinv_table_get_column (t, col)->kind == VINV_CELL_INT)
        exp_int (c, t, row, col, have, (gint64) v);
    else
        exp_num (c, t, row, col, have, v * scale, 0);
}

static const char *
dc_of_cluster (Check *c, const char *cluster)
{
    yajl_val cl = lookup (c, VINV_TABLE_CLUSTER, cluster);
    return cl != NULL ? truth_str (cl, "data_center") : NULL;
}

#define FOREACH_TRUTH(c, key, var) \
    for (gsize var##_i = 0, var##_n = YAJL_GET_ARRAY (truth_array ((c)->truth, key))->len; \
         var##_i < var##_n; var##_i++) \
        for (yajl_val var = YAJL_GET_ARRAY (truth_array ((c)->truth, key))->values[var##_i]; \
             var != NULL; var = NULL)

/* ---- computed columns (src/core/computed.c), worked out from the truth ------------------ */

/* A VM runs on its host when it has one and is neither down nor crashed. */
static gboolean
truth_vm_runs (yajl_val v)
{
    const char *status = truth_str (v, "status");
    return truth_str (v, "host") != NULL && status != NULL && strcmp (status, "down") != 0
           && strcmp (status, "crashed") != 0;
}

static gint64
truth_vcpus (yajl_val v)
{
    return truth_int (v, "cpu_sockets") * truth_int (v, "cpu_cores") * truth_int (v, "cpu_threads");
}

/* The vCPUs and memory of the VMs running on host @id. */
static void
truth_host_running (Check *c, const char *id, double *vcpus, double *memory)
{
    *vcpus = *memory = 0;
    FOREACH_TRUTH (c, "vms", v) {
        if (truth_vm_runs (v) && g_strcmp0 (truth_str (v, "host"), id) == 0) {
            *vcpus += (double) truth_vcpus (v);
            *memory += (double) truth_int (v, "memory");
        }
    }
}

static void
check_host_computed (Check *c, VinvTable *t, guint r, yajl_val h)
{
    double vcpus, memory;
    double cores = (double) (truth_int (h, "cpu_sockets") * truth_int (h, "cpu_cores"));
    double host_memory = (double) truth_int (h, "memory");

    truth_host_running (c, truth_str (h, "id"), &vcpus, &memory);
    exp_int (c, t, r, VINV_HOST_RUNNING_VCPUS, TRUE, (gint64) vcpus);
    exp_num (c, t, r, VINV_HOST_VCPU_PER_CORE, cores > 0, vcpus / cores, 0);
    exp_num (c, t, r, VINV_HOST_RUNNING_MEMORY, TRUE, memory, 0);
    exp_num (c, t, r, VINV_HOST_MEMORY_COMMITTED, host_memory > 0,
             100 * memory / host_memory, 0);
}

static void
check_cluster_computed (Check *c, VinvTable *t, guint r, yajl_val cl)
{
    const char *id = truth_str (cl, "id");
    double vcpus = 0, memory = 0, cores = 0, host_memory = 0;
    gint64 running = 0;

    FOREACH_TRUTH (c, "hosts", h) {
        double hv, hm;
        if (g_strcmp0 (truth_str (h, "cluster"), id) != 0)
            continue;
        truth_host_running (c, truth_str (h, "id"), &hv, &hm);
        vcpus += hv;
        memory += hm;
        cores += (double) (truth_int (h, "cpu_sockets") * truth_int (h, "cpu_cores"));
        host_memory += (double) truth_int (h, "memory");
    }
    FOREACH_TRUTH (c, "vms", v) {
        if (truth_vm_runs (v) && g_strcmp0 (truth_str (v, "cluster"), id) == 0)
            running++;
    }
    g_autoptr (GPtrArray) vms = ids_of (cl, "vms");
    exp_int (c, t, r, VINV_CLUSTER_RUNNING_VCPUS, TRUE, (gint64) vcpus);
    exp_num (c, t, r, VINV_CLUSTER_VCPU_PER_CORE, cores > 0, vcpus / cores, 0);
    exp_num (c, t, r, VINV_CLUSTER_RUNNING_MEMORY, TRUE, memory, 0);
    exp_num (c, t, r, VINV_CLUSTER_MEMORY_COMMITTED, host_memory > 0,
             100 * memory / host_memory, 0);
    exp_int (c, t, r, VINV_CLUSTER_VM_COUNT, TRUE, vms->len);
    exp_int (c, t, r, VINV_CLUSTER_RUNNING_VM_COUNT, TRUE, running);
}

static void
check_sd_computed (Check *c, VinvTable *t, guint r, yajl_val s)
{
    const char *id = truth_str (s, "id");
    double total = (double) (truth_int (s, "available") + truth_int (s, "used"));
    double provisioned = 0;

    FOREACH_TRUTH (c, "disks", d) {
        g_autoptr (GPtrArray) sds = ids_of (d, "storage_domains");
        for (guint i = 0; i < sds->len; i++) {
            if (g_strcmp0 (g_ptr_array_index (sds, i), id) == 0)
                provisioned += (double) truth_int (d, "provisioned_size");
        }
    }
    g_autoptr (GPtrArray) vms = ids_of (s, "vms");
    exp_num (c, t, r, VINV_SD_PROVISIONED, TRUE, provisioned, 0);
    exp_num (c, t, r, VINV_SD_OVER_ALLOCATION, total > 0, 100 * provisioned / total, 0);
    exp_int (c, t, r, VINV_SD_VM_COUNT, TRUE, vms->len);
}

static void
check_vm_computed (Check *c, VinvTable *t, guint r, yajl_val v)
{
    const char *id = truth_str (v, "id");
    gint64 count = 0;
    gint64 oldest = G_MAXINT64;
    double provisioned = 0, actual = 0;

    FOREACH_TRUTH (c, "snapshots", sn) {
        if (g_strcmp0 (truth_str (sn, "vm"), id) != 0
            || g_strcmp0 (truth_str (sn, "type"), "active") == 0)
            continue;
        count++;
        oldest = MIN (oldest, truth_int (sn, "date"));
    }
    exp_int (c, t, r, VINV_VM_SNAPSHOT_COUNT, TRUE, count);
    double lo = (double) (c->now_min - oldest) / 1000;
    double hi = (double) (c->now_max - oldest) / 1000;
    exp_num (c, t, r, VINV_VM_OLDEST_SNAPSHOT_AGE, count > 0, (lo + hi) / 2,
             (hi - lo) / 2 + 0.001);
    g_autoptr (GPtrArray) disks = ids_of (v, "disks");
    for (guint i = 0; i < disks->len; i++) {
        yajl_val d = lookup (c, VINV_TABLE_DISK, g_ptr_array_index (disks, i));
        provisioned += (double) truth_int (d, "provisioned_size");
        actual += (double) truth_int (d, "actual_size");
    }
    exp_num (c, t, r, VINV_VM_DISKS_PROVISIONED, TRUE, provisioned, 0);
    exp_num (c, t, r, VINV_VM_DISKS_ACTUAL, TRUE, actual, 0);
}

static void
check_dc_computed (Check *c, VinvTable *t, guint r, yajl_val dc)
{
    const char *id = truth_str (dc, "id");
    gint64 vms = 0, hosts = 0;

    FOREACH_TRUTH (c, "vms", v)
        vms += g_strcmp0 (dc_of_cluster (c, truth_str (v, "cluster")), id) == 0;
    FOREACH_TRUTH (c, "hosts", h)
        hosts += g_strcmp0 (dc_of_cluster (c, truth_str (h, "cluster")), id) == 0;
    exp_int (c, t, r, VINV_DC_VM_COUNT, TRUE, vms);
    exp_int (c, t, r, VINV_DC_HOST_COUNT, TRUE, hosts);
}

/* ---- per table --------------------------------------------------------------------------- */

static void
check_vm (Check *c, VinvTable *t, guint r, yajl_val v)
{
    const char *cluster = truth_str (v, "cluster");
    yajl_val cl = lookup (c, VINV_TABLE_CLUSTER, cluster);
    const char *host = truth_str (v, "host");

    exp_str (c, t, r, VINV_VM_NAME, truth_str (v, "name"));
    exp_str (c, t, r, VINV_VM_STATUS, truth_str (v, "status"));
    exp_str (c, t, r, VINV_VM_CONSOLE, truth_str (v, "display"));
    exp_ref (c, t, r, VINV_VM_CLUSTER, cluster);
    exp_str (c, t, r, VINV_VM_CLUSTER_VERSION, truth_str (cl, "version"));
    exp_ref (c, t, r, VINV_VM_HOST, host);
    exp_ref (c, t, r, VINV_VM_DATA_CENTER, dc_of_cluster (c, cluster));
    exp_str (c, t, r, VINV_VM_DESCRIPTION, truth_str (v, "description"));
    exp_str (c, t, r, VINV_VM_TYPE, truth_str (v, "type"));
    exp_int (c, t, r, VINV_VM_VCPUS, TRUE, truth_int (v, "cpu_sockets")
             * truth_int (v, "cpu_cores") * truth_int (v, "cpu_threads"));
    exp_num (c, t, r, VINV_VM_MEMORY, TRUE, (double) truth_int (v, "memory"), 0);
    exp_num (c, t, r, VINV_VM_MAX_MEMORY, TRUE, (double) truth_int (v, "memory_max"), 0);
    exp_num (c, t, r, VINV_VM_GUARANTEED_MEMORY, TRUE,
             (double) truth_int (v, "memory_guaranteed"), 0);
    exp_str (c, t, r, VINV_VM_OS, truth_str (v, "os"));
    exp_str (c, t, r, VINV_VM_ARCHITECTURE, "x86_64");
    exp_ref (c, t, r, VINV_VM_TEMPLATE, truth_str (v, "template"));
    g_autoptr (GPtrArray) disks = ids_of (v, "disks");
    exp_ids (c, t, r, VINV_VM_DISKS, disks);
    g_autoptr (GPtrArray) nics = ids_of (v, "nics");
    exp_ids (c, t, r, VINV_VM_NICS, nics);
    g_autoptr (GPtrArray) nets = g_ptr_array_new ();
    double sums[4] = { 0, 0, 0, 0 };
    static const char *const sum_stats[4] = {
        "data.current.rx.bps", "data.current.tx.bps", "data.total.rx", "data.total.tx"
    };
    for (guint i = 0; i < nics->len; i++) {
        yajl_val nic = lookup (c, VINV_TABLE_VMNIC, g_ptr_array_index (nics, i));
        set_add (nets, truth_str (nic, "network"));
        for (guint s = 0; s < 4; s++) {
            double x = 0;
            stat (nic, sum_stats[s], &x);
            sums[s] += x;
        }
    }
    exp_ids (c, t, r, VINV_VM_NETWORKS, nets);
    g_autoptr (GPtrArray) sds = ids_of (v, "storage_domains");
    exp_ids (c, t, r, VINV_VM_STORAGE_DOMAINS, sds);
    g_autoptr (GPtrArray) snaps = ids_of (v, "snapshots");
    exp_ids (c, t, r, VINV_VM_SNAPSHOTS, snaps);
    exp_time (c, t, r, VINV_VM_CREATION_TIME, TRUE, truth_int (v, "creation_time"));
    gboolean started = !truth_is_null (v, "start_time");
    exp_time (c, t, r, VINV_VM_START_TIME, started, started ? truth_int (v, "start_time") : 0);
    if (started && host != NULL) {
        double lo = (double) (c->now_min - truth_int (v, "start_time")) / 1000;
        double hi = (double) (c->now_max - truth_int (v, "start_time")) / 1000;
        exp_num (c, t, r, VINV_VM_UPTIME, TRUE, (lo + hi) / 2, (hi - lo) / 2 + 0.001);
    } else {
        exp_num (c, t, r, VINV_VM_UPTIME, FALSE, 0, 0);
    }
    exp_str (c, t, r, VINV_VM_FQDN, truth_str (v, "fqdn"));
    /* the distribution, then the version when the agent reports one */
    const char *guest = truth_str (v, "guest_os");
    const VinvCell *gcell = mark (c, t, r, VINV_VM_GUEST_OS);
    if (guest == NULL ? gcell->kind != VINV_CELL_NULL
                      : gcell->kind != VINV_CELL_STRING || !g_str_has_prefix (gcell->v.s, guest))
        mismatch (c, t, r, VINV_VM_GUEST_OS, "expected '%s...'", guest != NULL ? guest : "null");
    const char *ccv = truth_str (v, "custom_compatibility_version");
    exp_str (c, t, r, VINV_VM_COMPATIBILITY_VERSION, ccv != NULL ? ccv
                                                                 : truth_str (cl, "version"));
    exp_bool (c, t, r, VINV_VM_PENDING_RESTART, truth_bool (v, "next_run_configuration_exists"));
    exp_bool (c, t, r, VINV_VM_HA, truth_bool (v, "high_availability"));
    exp_bool (c, t, r, VINV_VM_STATELESS, truth_bool (v, "stateless"));
    const char *pool = truth_str (v, "pool");
    const char *pool_name = NULL;
    FOREACH_TRUTH (c, "vm_pools", p) {
        if (g_strcmp0 (truth_str (p, "id"), pool) == 0)
            pool_name = truth_str (p, "name");
    }
    exp_str (c, t, r, VINV_VM_POOL, pool_name);
    g_autoptr (GPtrArray) ips = ids_of (v, "ips");
    exp_ips (c, t, r, VINV_VM_IP_ADDRESSES, ips);
    exp_stat (c, t, r, VINV_VM_MEM_INSTALLED, v, "memory.installed", 1);
    exp_stat (c, t, r, VINV_VM_MEM_USED, v, "memory.used", 1);
    exp_stat (c, t, r, VINV_VM_MEM_FREE, v, "memory.free", 1);
    exp_stat (c, t, r, VINV_VM_MEM_BUFFERED, v, "memory.buffered", 1);
    exp_stat (c, t, r, VINV_VM_MEM_CACHED, v, "memory.cached", 1);
    exp_stat (c, t, r, VINV_VM_MEM_UNUSED, v, "memory.unused", 1);
    exp_stat (c, t, r, VINV_VM_CPU_GUEST, v, "cpu.current.guest", 1);
    exp_stat (c, t, r, VINV_VM_CPU_HYPERVISOR, v, "cpu.current.hypervisor", 1);
    exp_stat (c, t, r, VINV_VM_CPU_TOTAL, v, "cpu.current.total", 1);
    exp_stat (c, t, r, VINV_VM_NETWORK_USAGE, v, "network.current.total", 1);
    exp_stat (c, t, r, VINV_VM_MIGRATION_PROGRESS, v, "migration.progress", 1);
    exp_stat (c, t, r, VINV_VM_ELAPSED_TIME, v, "elapsed.time", 1);
    exp_num (c, t, r, VINV_VM_NET_RX_RATE, TRUE, sums[0], 0);
    exp_num (c, t, r, VINV_VM_NET_TX_RATE, TRUE, sums[1], 0);
    exp_num (c, t, r, VINV_VM_NET_RX_BYTES, TRUE, sums[2], 0);
    exp_num (c, t, r, VINV_VM_NET_TX_BYTES, TRUE, sums[3], 0);
    check_vm_computed (c, t, r, v);
}

static void
check_host (Check *c, VinvTable *t, guint r, yajl_val h)
{
    const char *cluster = truth_str (h, "cluster");
    gint64 s = truth_int (h, "cpu_sockets"), co = truth_int (h, "cpu_cores");
    gint64 th = truth_int (h, "cpu_threads");

    exp_str (c, t, r, VINV_HOST_NAME, truth_str (h, "name"));
    exp_str (c, t, r, VINV_HOST_STATUS, truth_str (h, "status"));
    exp_str (c, t, r, VINV_HOST_ADDRESS, truth_str (h, "address"));
    exp_ref (c, t, r, VINV_HOST_CLUSTER, cluster);
    exp_ref (c, t, r, VINV_HOST_DATA_CENTER, dc_of_cluster (c, cluster));
    exp_str (c, t, r, VINV_HOST_CPU_MODEL, truth_str (h, "cpu_model"));
    exp_num (c, t, r, VINV_HOST_CPU_SPEED, TRUE, (double) truth_int (h, "cpu_speed") * 1e6, 0);
    exp_int (c, t, r, VINV_HOST_SOCKETS, TRUE, s);
    exp_int (c, t, r, VINV_HOST_CORES, TRUE, s * co);
    exp_int (c, t, r, VINV_HOST_THREADS, TRUE, s * co * th);
    exp_num (c, t, r, VINV_HOST_MEMORY, TRUE, (double) truth_int (h, "memory"), 0);
    exp_str (c, t, r, VINV_HOST_SPM, truth_str (h, "spm"));
    exp_str (c, t, r, VINV_HOST_VDSM_VERSION, truth_str (h, "vdsm_version"));
    g_autofree char *os = g_strconcat ("RHEL ", truth_str (h, "os_version"), NULL);
    exp_str (c, t, r, VINV_HOST_OS, os);
    exp_bool (c, t, r, VINV_HOST_UPDATE_AVAILABLE, truth_bool (h, "update_available"));
    g_autoptr (GPtrArray) vms = ids_of (h, "vms");
    exp_ids (c, t, r, VINV_HOST_VMS, vms);
    exp_int (c, t, r, VINV_HOST_RUNNING_VMS, TRUE, truth_int (h, "vms_active"));
    g_autoptr (GPtrArray) nics = ids_of (h, "nics");
    exp_ids (c, t, r, VINV_HOST_NICS, nics);
    g_autoptr (GPtrArray) all_nets = ids_of (h, "networks");
    g_autoptr (GPtrArray) nets = g_ptr_array_new ();
    for (guint i = 0; i < all_nets->len; i++)
        set_add (nets, g_ptr_array_index (all_nets, i));
    exp_ids (c, t, r, VINV_HOST_NETWORKS, nets);
    exp_stat (c, t, r, VINV_HOST_MEM_TOTAL, h, "memory.total", 1);
    exp_stat (c, t, r, VINV_HOST_MEM_USED, h, "memory.used", 1);
    exp_stat (c, t, r, VINV_HOST_MEM_FREE, h, "memory.free", 1);
    exp_stat (c, t, r, VINV_HOST_MEM_SHARED, h, "memory.shared", 1);
    exp_stat (c, t, r, VINV_HOST_SWAP_TOTAL, h, "swap.total", 1);
    exp_stat (c, t, r, VINV_HOST_SWAP_FREE, h, "swap.free", 1);
    exp_stat (c, t, r, VINV_HOST_SWAP_USED, h, "swap.used", 1);
    exp_stat (c, t, r, VINV_HOST_KSM_CPU, h, "ksm.cpu.current", 1);
    exp_stat (c, t, r, VINV_HOST_CPU_USER, h, "cpu.current.user", 1);
    exp_stat (c, t, r, VINV_HOST_CPU_SYSTEM, h, "cpu.current.system", 1);
    exp_stat (c, t, r, VINV_HOST_CPU_IDLE, h, "cpu.current.idle", 1);
    exp_stat (c, t, r, VINV_HOST_LOAD_AVG, h, "cpu.load.avg.5m", 1);
    double boot = 0;
    gboolean have_boot = stat (h, "boot.time", &boot);
    exp_time (c, t, r, VINV_HOST_BOOT_TIME, have_boot, (gint64) boot * 1000);
    check_host_computed (c, t, r, h);
}

/* Whether VM @a comes before VM @b in the back-end's VM order: by name
 * (bytes), then id (fetch-plan.h), not the simulator's own order. */
static gboolean
vm_before (yajl_val a, yajl_val b)
{
    int r = strcmp (truth_str (a, "name"), truth_str (b, "name"));
    return r != 0 ? r < 0 : strcmp (truth_str (a, "id"), truth_str (b, "id")) < 0;
}

/* The first VM attachment of disk @id, in VM order (as the back-end's). */
static yajl_val
first_attachment (Check *c, const char *id)
{
    yajl_val first = NULL;
    yajl_val first_vm = NULL;

    FOREACH_TRUTH (c, "vms", v) {
        yajl_val atts = truth_array (v, "disk_attachments");
        for (gsize i = 0; i < YAJL_GET_ARRAY (atts)->len; i++) {
            yajl_val a = YAJL_GET_ARRAY (atts)->values[i];
            if (g_strcmp0 (truth_str (a, "disk"), id) == 0) {
                if (first_vm == NULL || vm_before (v, first_vm)) {
                    first = a;
                    first_vm = v;
                }
                break;
            }
        }
    }
    return first;
}

static void
check_disk (Check *c, VinvTable *t, guint r, yajl_val d)
{
    exp_str (c, t, r, VINV_DISK_NAME, truth_str (d, "name"));
    exp_str (c, t, r, VINV_DISK_ALIAS, truth_str (d, "name"));
    exp_str (c, t, r, VINV_DISK_STATUS, truth_str (d, "status"));
    exp_num (c, t, r, VINV_DISK_ACTUAL_SIZE, TRUE, (double) truth_int (d, "actual_size"), 0);
    exp_num (c, t, r, VINV_DISK_PROVISIONED_SIZE, TRUE,
             (double) truth_int (d, "provisioned_size"), 0);
    exp_num (c, t, r, VINV_DISK_TOTAL_SIZE, TRUE, (double) truth_int (d, "total_size"), 0);
    exp_str (c, t, r, VINV_DISK_FORMAT, truth_str (d, "format"));
    exp_bool (c, t, r, VINV_DISK_SPARSE, truth_bool (d, "sparse"));
    exp_str (c, t, r, VINV_DISK_CONTENT_TYPE, truth_str (d, "content_type"));
    exp_str (c, t, r, VINV_DISK_STORAGE_TYPE, truth_str (d, "storage_type"));
    g_autoptr (GPtrArray) vms = ids_of (d, "vms");
    exp_ids (c, t, r, VINV_DISK_VMS, vms);
    g_autoptr (GPtrArray) sds = ids_of (d, "storage_domains");
    exp_ids (c, t, r, VINV_DISK_STORAGE_DOMAINS, sds);
    exp_ref (c, t, r, VINV_DISK_TEMPLATE, truth_str (d, "template"));
    exp_bool (c, t, r, VINV_DISK_SHAREABLE, truth_bool (d, "shareable"));
    yajl_val att = first_attachment (c, truth_str (d, "id"));
    if (att != NULL) {
        exp_bool (c, t, r, VINV_DISK_BOOTABLE, truth_bool (att, "bootable"));
        exp_str (c, t, r, VINV_DISK_INTERFACE, truth_str (att, "interface"));
    } else {
        exp_int (c, t, r, VINV_DISK_BOOTABLE, FALSE, 0);
        exp_str (c, t, r, VINV_DISK_INTERFACE, NULL);
    }
    exp_stat (c, t, r, VINV_DISK_READ_RATE, d, "data.current.read", 1);
    exp_stat (c, t, r, VINV_DISK_WRITE_RATE, d, "data.current.write", 1);
    exp_stat (c, t, r, VINV_DISK_READ_LATENCY, d, "disk.read.latency", 1);
    exp_stat (c, t, r, VINV_DISK_WRITE_LATENCY, d, "disk.write.latency", 1);
    exp_stat (c, t, r, VINV_DISK_FLUSH_LATENCY, d, "disk.flush.latency", 1);
}

static void
check_sd (Check *c, VinvTable *t, guint r, yajl_val s)
{
    double avail = (double) truth_int (s, "available");
    double used = (double) truth_int (s, "used");

    exp_str (c, t, r, VINV_SD_NAME, truth_str (s, "name"));
    exp_str (c, t, r, VINV_SD_STATUS, truth_str (s, "status"));
    exp_str (c, t, r, VINV_SD_TYPE, truth_str (s, "type"));
    exp_str (c, t, r, VINV_SD_STORAGE_TYPE, truth_str (s, "storage_type"));
    exp_str (c, t, r, VINV_SD_STORAGE_ADDRESS, truth_str (s, "address"));
    exp_str (c, t, r, VINV_SD_PATH, truth_str (s, "path"));
    exp_str (c, t, r, VINV_SD_FORMAT, truth_str (s, "storage_format"));
    exp_num (c, t, r, VINV_SD_TOTAL, TRUE, avail + used, 0);
    exp_num (c, t, r, VINV_SD_USED, TRUE, used, 0);
    exp_num (c, t, r, VINV_SD_AVAILABLE, TRUE, avail, 0);
    exp_num (c, t, r, VINV_SD_FREE_PERCENT, avail + used > 0, 100 * avail / (avail + used), 0);
    exp_num (c, t, r, VINV_SD_COMMITTED, TRUE, (double) truth_int (s, "committed"), 0);
    exp_bool (c, t, r, VINV_SD_MASTER, truth_bool (s, "master"));
    exp_ref (c, t, r, VINV_SD_DATA_CENTER, truth_str (s, "data_center"));
    g_autoptr (GPtrArray) vms = ids_of (s, "vms");
    exp_ids (c, t, r, VINV_SD_VMS, vms);
    g_autoptr (GPtrArray) disks = ids_of (s, "disks");
    exp_ids (c, t, r, VINV_SD_DISKS, disks);
    g_autoptr (GPtrArray) templates = ids_of (s, "templates");
    exp_ids (c, t, r, VINV_SD_TEMPLATES, templates);
    check_sd_computed (c, t, r, s);
}

static void
check_cluster (Check *c, VinvTable *t, guint r, yajl_val cl)
{
    exp_str (c, t, r, VINV_CLUSTER_NAME, truth_str (cl, "name"));
    exp_str (c, t, r, VINV_CLUSTER_DESCRIPTION, truth_str (cl, "description"));
    exp_str (c, t, r, VINV_CLUSTER_VERSION, truth_str (cl, "version"));
    exp_ref (c, t, r, VINV_CLUSTER_DATA_CENTER, truth_str (cl, "data_center"));
    g_autoptr (GPtrArray) hosts = ids_of (cl, "hosts");
    exp_ids (c, t, r, VINV_CLUSTER_HOSTS, hosts);
    g_autoptr (GPtrArray) vms = ids_of (cl, "vms");
    exp_ids (c, t, r, VINV_CLUSTER_VMS, vms);
    exp_str (c, t, r, VINV_CLUSTER_ERROR_HANDLING, truth_str (cl, "error_handling"));
    exp_str (c, t, r, VINV_CLUSTER_CPU, truth_str (cl, "cpu_type"));
    exp_str (c, t, r, VINV_CLUSTER_ARCHITECTURE, truth_str (cl, "architecture"));
    exp_str (c, t, r, VINV_CLUSTER_FIREWALL, truth_str (cl, "firewall_type"));
    exp_num (c, t, r, VINV_CLUSTER_MEMORY_OVERCOMMIT, TRUE,
             (double) truth_int (cl, "memory_overcommit"), 0);
    g_autoptr (GPtrArray) nets = ids_of (cl, "networks");
    exp_ids (c, t, r, VINV_CLUSTER_NETWORKS, nets);
    g_autoptr (GPtrArray) templates = ids_of (cl, "templates");
    exp_ids (c, t, r, VINV_CLUSTER_TEMPLATES, templates);
    check_cluster_computed (c, t, r, cl);
}

static void
check_dc (Check *c, VinvTable *t, guint r, yajl_val dc)
{
    const char *id = truth_str (dc, "id");
    exp_str (c, t, r, VINV_DC_NAME, truth_str (dc, "name"));
    exp_str (c, t, r, VINV_DC_DESCRIPTION, truth_str (dc, "description"));
    exp_str (c, t, r, VINV_DC_STATUS, truth_str (dc, "status"));
    exp_str (c, t, r, VINV_DC_VERSION, truth_str (dc, "version"));
    exp_bool (c, t, r, VINV_DC_LOCAL, truth_bool (dc, "local"));
    exp_str (c, t, r, VINV_DC_QUOTA_MODE, truth_str (dc, "quota_mode"));
    exp_str (c, t, r, VINV_DC_STORAGE_FORMAT, truth_str (dc, "storage_format"));
    g_autoptr (GPtrArray) sds = ids_of (dc, "storage_domains");
    exp_ids (c, t, r, VINV_DC_STORAGE_DOMAINS, sds);
    g_autoptr (GPtrArray) nets = ids_of (dc, "networks");
    exp_ids (c, t, r, VINV_DC_NETWORKS, nets);
    g_autoptr (GPtrArray) clusters = ids_of (dc, "clusters");
    exp_ids (c, t, r, VINV_DC_CLUSTERS, clusters);
    g_autoptr (GPtrArray) templates = g_ptr_array_new ();
    FOREACH_TRUTH (c, "templates", tp) {
        if (g_strcmp0 (dc_of_cluster (c, truth_str (tp, "cluster")), id) == 0)
            set_add (templates, truth_str (tp, "id"));
    }
    exp_ids (c, t, r, VINV_DC_TEMPLATES, templates);
    check_dc_computed (c, t, r, dc);
}

static void
check_network (Check *c, VinvTable *t, guint r, yajl_val n)
{
    const char *id = truth_str (n, "id");
    double vlan;

    exp_str (c, t, r, VINV_NET_NAME, truth_str (n, "name"));
    exp_str (c, t, r, VINV_NET_DESCRIPTION, truth_str (n, "description"));
    exp_ref (c, t, r, VINV_NET_DATA_CENTER, truth_str (n, "data_center"));
    gboolean have_vlan = truth_num (n, "vlan", &vlan);
    exp_int (c, t, r, VINV_NET_VLAN, have_vlan, (gint64) vlan);
    gint64 mtu = truth_int (n, "mtu");
    exp_int (c, t, r, VINV_NET_MTU, mtu > 0, mtu);
    exp_bool (c, t, r, VINV_NET_STP, truth_bool (n, "stp"));
    g_autoptr (GPtrArray) usages = ids_of (n, "usages");
    exp_texts (c, t, r, VINV_NET_USAGES, usages);
    exp_bool (c, t, r, VINV_NET_REQUIRED, truth_bool (n, "required"));
    g_autoptr (GPtrArray) profiles = ids_of (n, "vnic_profiles");
    exp_ids (c, t, r, VINV_NET_VNIC_PROFILES, profiles);

    g_autoptr (GPtrArray) clusters = g_ptr_array_new ();
    FOREACH_TRUTH (c, "clusters", cl) {
        g_autoptr (GPtrArray) nets = ids_of (cl, "networks");
        for (guint i = 0; i < nets->len; i++) {
            if (strcmp (g_ptr_array_index (nets, i), id) == 0)
                set_add (clusters, truth_str (cl, "id"));
        }
    }
    exp_ids (c, t, r, VINV_NET_CLUSTERS, clusters);
    g_autoptr (GPtrArray) hosts = g_ptr_array_new ();
    FOREACH_TRUTH (c, "host_nics", hn) {
        if (g_strcmp0 (truth_str (hn, "network"), id) == 0)
            set_add (hosts, truth_str (hn, "host"));
    }
    exp_ids (c, t, r, VINV_NET_HOSTS, hosts);
    g_autoptr (GPtrArray) vms = g_ptr_array_new ();
    g_autoptr (GPtrArray) nics = g_ptr_array_new ();
    FOREACH_TRUTH (c, "vm_nics", vn) {
        if (g_strcmp0 (truth_str (vn, "network"), id) == 0) {
            set_add (vms, truth_str (vn, "vm"));
            set_add (nics, truth_str (vn, "id"));
        }
    }
    exp_ids (c, t, r, VINV_NET_VMS, vms);
    exp_ids (c, t, r, VINV_NET_NICS, nics);
    g_autoptr (GPtrArray) templates = g_ptr_array_new ();
    FOREACH_TRUTH (c, "template_nics", tn) {
        if (g_strcmp0 (truth_str (tn, "network"), id) == 0)
            set_add (templates, truth_str (tn, "template"));
    }
    exp_ids (c, t, r, VINV_NET_TEMPLATES, templates);
}

static void
check_profile (Check *c, VinvTable *t, guint r, yajl_val p)
{
    const char *id = truth_str (p, "id");
    const char *net = truth_str (p, "network");
    yajl_val n = lookup (c, VINV_TABLE_NET, net);

    exp_str (c, t, r, VINV_PROFILE_NAME, truth_str (p, "name"));
    exp_ref (c, t, r, VINV_PROFILE_DATA_CENTER, n != NULL ? truth_str (n, "data_center") : NULL);
    exp_ref (c, t, r, VINV_PROFILE_NETWORK, net);
    exp_str (c, t, r, VINV_PROFILE_PASS_THROUGH, truth_str (p, "pass_through"));
    exp_bool (c, t, r, VINV_PROFILE_PORT_MIRRORING, truth_bool (p, "port_mirroring"));
    g_autoptr (GPtrArray) vms = g_ptr_array_new ();
    g_autoptr (GPtrArray) nics = g_ptr_array_new ();
    FOREACH_TRUTH (c, "vm_nics", vn) {
        if (g_strcmp0 (truth_str (vn, "vnic_profile"), id) == 0) {
            set_add (vms, truth_str (vn, "vm"));
            set_add (nics, truth_str (vn, "id"));
        }
    }
    exp_ids (c, t, r, VINV_PROFILE_VMS, vms);
    exp_ids (c, t, r, VINV_PROFILE_NICS, nics);
    g_autoptr (GPtrArray) templates = g_ptr_array_new ();
    FOREACH_TRUTH (c, "template_nics", tn) {
        if (g_strcmp0 (truth_str (tn, "vnic_profile"), id) == 0)
            set_add (templates, truth_str (tn, "template"));
    }
    exp_ids (c, t, r, VINV_PROFILE_TEMPLATES, templates);
    g_autoptr (GPtrArray) hosts = g_ptr_array_new ();
    FOREACH_TRUTH (c, "host_nics", hn) {
        if (net != NULL && g_strcmp0 (truth_str (hn, "network"), net) == 0)
            set_add (hosts, truth_str (hn, "host"));
    }
    exp_ids (c, t, r, VINV_PROFILE_HOSTS, hosts);
}

static void
check_template (Check *c, VinvTable *t, guint r, yajl_val tp)
{
    const char *id = truth_str (tp, "id");
    const char *cluster = truth_str (tp, "cluster");
    gint64 version = truth_int (tp, "version");

    exp_str (c, t, r, VINV_TEMPLATE_NAME, truth_str (tp, "name"));
    exp_str (c, t, r, VINV_TEMPLATE_DESCRIPTION, truth_str (tp, "description"));
    exp_str (c, t, r, VINV_TEMPLATE_STATUS, truth_str (tp, "status"));
    g_autofree char *vtext = g_strdup_printf ("%s (%" G_GINT64_FORMAT ")",
                                              version == 1 ? "base version" : "updated", version);
    exp_str (c, t, r, VINV_TEMPLATE_VERSION, vtext);
    exp_ref (c, t, r, VINV_TEMPLATE_CLUSTER, cluster);
    exp_ref (c, t, r, VINV_TEMPLATE_DATA_CENTER, dc_of_cluster (c, cluster));
    exp_str (c, t, r, VINV_TEMPLATE_OS, truth_str (tp, "os"));
    exp_num (c, t, r, VINV_TEMPLATE_MEMORY, TRUE, (double) truth_int (tp, "memory"), 0);
    exp_int (c, t, r, VINV_TEMPLATE_CPU_CORES, TRUE,
             truth_int (tp, "cpu_sockets") * truth_int (tp, "cpu_cores"));
    exp_time (c, t, r, VINV_TEMPLATE_CREATION_TIME, TRUE, truth_int (tp, "creation_time"));
    g_autoptr (GPtrArray) vms = g_ptr_array_new ();
    FOREACH_TRUTH (c, "vms", v) {
        if (g_strcmp0 (truth_str (v, "template"), id) == 0)
            set_add (vms, truth_str (v, "id"));
    }
    exp_ids (c, t, r, VINV_TEMPLATE_VMS, vms);
    g_autoptr (GPtrArray) nic_ids = ids_of (tp, "nics");
    g_autoptr (GPtrArray) nic_names = g_ptr_array_new ();
    g_autoptr (GPtrArray) nets = g_ptr_array_new ();
    for (guint i = 0; i < nic_ids->len; i++) {
        yajl_val tn = g_hash_table_lookup (c->template_nics, g_ptr_array_index (nic_ids, i));
        g_ptr_array_add (nic_names, (gpointer) truth_str (tn, "name"));
        set_add (nets, truth_str (tn, "network"));
    }
    exp_texts (c, t, r, VINV_TEMPLATE_NICS, nic_names);
    g_autoptr (GPtrArray) disks = ids_of (tp, "disks");
    exp_ids (c, t, r, VINV_TEMPLATE_DISKS, disks);
    exp_ids (c, t, r, VINV_TEMPLATE_NETWORKS, nets);
    g_autoptr (GPtrArray) sds = g_ptr_array_new ();
    for (guint i = 0; i < disks->len; i++) {
        yajl_val d = lookup (c, VINV_TABLE_DISK, g_ptr_array_index (disks, i));
        g_autoptr (GPtrArray) dsds = ids_of (d, "storage_domains");
        for (guint k = 0; k < dsds->len; k++)
            set_add (sds, g_ptr_array_index (dsds, k));
    }
    exp_ids (c, t, r, VINV_TEMPLATE_STORAGE_DOMAINS, sds);
}

static void
check_vm_nic (Check *c, VinvTable *t, guint r, yajl_val n)
{
    const char *vm_id = truth_str (n, "vm");
    yajl_val vm = lookup (c, VINV_TABLE_VM, vm_id);

    exp_ref (c, t, r, VINV_VMNIC_VM, vm_id);
    exp_str (c, t, r, VINV_VMNIC_NAME, truth_str (n, "name"));
    exp_str (c, t, r, VINV_VMNIC_MAC, truth_str (n, "mac"));
    exp_str (c, t, r, VINV_VMNIC_INTERFACE, truth_str (n, "interface"));
    exp_ref (c, t, r, VINV_VMNIC_VNIC_PROFILE, truth_str (n, "vnic_profile"));
    exp_ref (c, t, r, VINV_VMNIC_NETWORK, truth_str (n, "network"));
    exp_ref (c, t, r, VINV_VMNIC_HOST, truth_str (vm, "host"));
    exp_bool (c, t, r, VINV_VMNIC_LINKED, truth_bool (n, "linked"));
    exp_bool (c, t, r, VINV_VMNIC_PLUGGED, truth_bool (n, "plugged"));
    /* the guest reports the k-th IP for the VM's k-th NIC */
    g_autoptr (GPtrArray) vm_nics = ids_of (vm, "nics");
    g_autoptr (GPtrArray) vm_ips = ids_of (vm, "ips");
    g_autoptr (GPtrArray) ips = g_ptr_array_new ();
    for (guint k = 0; k < vm_nics->len && k < vm_ips->len; k++) {
        if (strcmp (g_ptr_array_index (vm_nics, k), truth_str (n, "id")) == 0)
            g_ptr_array_add (ips, g_ptr_array_index (vm_ips, k));
    }
    exp_ips (c, t, r, VINV_VMNIC_IP_ADDRESSES, ips);
    exp_stat (c, t, r, VINV_VMNIC_RX_RATE, n, "data.current.rx.bps", 1);
    exp_stat (c, t, r, VINV_VMNIC_TX_RATE, n, "data.current.tx.bps", 1);
    exp_stat (c, t, r, VINV_VMNIC_RX_TOTAL, n, "data.total.rx", 1);
    exp_stat (c, t, r, VINV_VMNIC_TX_TOTAL, n, "data.total.tx", 1);
    exp_stat (c, t, r, VINV_VMNIC_RX_ERRORS, n, "errors.total.rx", 1);
    exp_stat (c, t, r, VINV_VMNIC_TX_ERRORS, n, "errors.total.tx", 1);
}

static void
check_host_nic (Check *c, VinvTable *t, guint r, yajl_val n)
{
    double vlan;

    exp_ref (c, t, r, VINV_HOSTNIC_HOST, truth_str (n, "host"));
    exp_str (c, t, r, VINV_HOSTNIC_NAME, truth_str (n, "name"));
    exp_str (c, t, r, VINV_HOSTNIC_MAC, truth_str (n, "mac"));
    exp_str (c, t, r, VINV_HOSTNIC_IP, truth_str (n, "ip"));
    exp_num (c, t, r, VINV_HOSTNIC_SPEED, TRUE, (double) truth_int (n, "speed"), 0);
    exp_str (c, t, r, VINV_HOSTNIC_STATUS, truth_str (n, "status"));
    exp_ref (c, t, r, VINV_HOSTNIC_NETWORK, truth_str (n, "network"));
    /* a bond names its slaves; the truth only says which NICs are bonds */
    const VinvCell *bond = mark (c, t, r, VINV_HOSTNIC_BOND);
    if (truth_bool (n, "bond") && bond->kind != VINV_CELL_STRING)
        mismatch (c, t, r, VINV_HOSTNIC_BOND, "a bond without slaves");
    gboolean have_vlan = truth_num (n, "vlan", &vlan);
    exp_int (c, t, r, VINV_HOSTNIC_VLAN, have_vlan, (gint64) vlan);
    exp_int (c, t, r, VINV_HOSTNIC_MTU, TRUE, truth_int (n, "mtu"));
    exp_stat (c, t, r, VINV_HOSTNIC_RX_RATE, n, "data.current.rx.bps", 1);
    exp_stat (c, t, r, VINV_HOSTNIC_TX_RATE, n, "data.current.tx.bps", 1);
    exp_stat (c, t, r, VINV_HOSTNIC_RX_TOTAL, n, "data.total.rx", 1);
    exp_stat (c, t, r, VINV_HOSTNIC_TX_TOTAL, n, "data.total.tx", 1);
    exp_stat (c, t, r, VINV_HOSTNIC_RX_ERRORS, n, "errors.total.rx", 1);
    exp_stat (c, t, r, VINV_HOSTNIC_TX_ERRORS, n, "errors.total.tx", 1);
}

static void
check_snapshot (Check *c, VinvTable *t, guint r, yajl_val s)
{
    gint64 date = truth_int (s, "date");
    double lo = (double) (c->now_min - date) / 1000;
    double hi = (double) (c->now_max - date) / 1000;

    exp_ref (c, t, r, VINV_SNAP_VM, truth_str (s, "vm"));
    exp_str (c, t, r, VINV_SNAP_NAME, truth_str (s, "description"));
    exp_str (c, t, r, VINV_SNAP_DESCRIPTION, truth_str (s, "description"));
    exp_time (c, t, r, VINV_SNAP_DATE, TRUE, date);
    exp_str (c, t, r, VINV_SNAP_STATUS, truth_str (s, "status"));
    exp_str (c, t, r, VINV_SNAP_TYPE, truth_str (s, "type"));
    exp_bool (c, t, r, VINV_SNAP_MEMORY_SAVED, truth_bool (s, "persist_memorystate"));
    exp_num (c, t, r, VINV_SNAP_AGE, TRUE, (lo + hi) / 2, (hi - lo) / 2 + 0.001);
}

typedef void (*RowCheck) (Check *c, VinvTable *t, guint row, yajl_val obj);

static const RowCheck row_checks[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = check_vm, [VINV_TABLE_HOST] = check_host, [VINV_TABLE_DISK] = check_disk,
    [VINV_TABLE_SD] = check_sd, [VINV_TABLE_CLUSTER] = check_cluster,
    [VINV_TABLE_DC] = check_dc, [VINV_TABLE_NET] = check_network,
    [VINV_TABLE_PROFILE] = check_profile, [VINV_TABLE_TEMPLATE] = check_template,
    [VINV_TABLE_VMNIC] = check_vm_nic, [VINV_TABLE_HOSTNIC] = check_host_nic,
    [VINV_TABLE_SNAP] = check_snapshot,
};

static guint
check (const VinvInventory *inv, yajl_val truth, gint64 now_min_ms, gint64 now_max_ms,
       gboolean partial)
{
    Check c = { .errors = g_string_new (NULL), .truth = truth,
                .now_min = now_min_ms, .now_max = now_max_ms, .partial = partial };
    guint n_marked = 0;

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        c.by_id[k] = g_hash_table_new (g_str_hash, g_str_equal);
        FOREACH_TRUTH (&c, truth_keys[k], obj)
            g_hash_table_insert (c.by_id[k], (gpointer) truth_str (obj, "id"), obj);
    }
    c.template_nics = g_hash_table_new (g_str_hash, g_str_equal);
    FOREACH_TRUTH (&c, "template_nics", tn)
        g_hash_table_insert (c.template_nics, (gpointer) truth_str (tn, "id"), tn);

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *t = vinv_inventory_get_table (inv, k);
        g_assert_nonnull (t);
        if (partial && vinv_table_get_error (t) != NULL) {
            /* a failed table may hold what loaded, but never a row twice
             * (half a document merged, then all of it again) */
            g_autoptr (GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
            for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
                if (!g_hash_table_add (ids, (gpointer) vinv_table_get_row_id (t, r)))
                    g_string_append_printf (c.errors, "  %s: row %s twice in a failed table\n",
                                            vinv_table_get_schema (t)->id,
                                            vinv_table_get_row_id (t, r)), c.n_errors++;
            }
            n_marked++;
            continue;
        }
        g_assert_null (vinv_table_get_error (t));
        if (vinv_table_get_unavailable (t, NULL) != NULL) {
            g_assert_true (partial);
            n_marked++;
        }
        guint expected = g_hash_table_size (c.by_id[k]);
        if (vinv_table_get_n_rows (t) != expected)
            g_string_append_printf (c.errors, "  %s: %u rows, expected %u\n",
                                    vinv_table_get_schema (t)->id, vinv_table_get_n_rows (t),
                                    expected), c.n_errors++;
        for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
            yajl_val obj = g_hash_table_lookup (c.by_id[k], vinv_table_get_row_id (t, r));
            if (obj == NULL) {
                g_string_append_printf (c.errors, "  %s: row %s not in the truth\n",
                                        vinv_table_get_schema (t)->id,
                                        vinv_table_get_row_id (t, r));
                c.n_errors++;
                continue;
            }
            row_checks[k] (&c, t, r, obj);
        }
        /* every column the oVirt back-end says it fills must have been
         * compared (tables with rows), and every other column is empty */
        const VinvSchema *s = vinv_schema_get (k);
        for (guint col = 2; col < s->n_columns && vinv_table_get_n_rows (t) > 0; col++) {
            gboolean listed = vinv_inventory_column_available (inv, t, col);
            if (listed && !c.checked[k][col]) {
                g_string_append_printf (c.errors, "  %s.%s: oVirt column not checked\n",
                                        s->id, s->columns[col].id);
                c.n_errors++;
            }
            for (guint r = 0; !listed && r < vinv_table_get_n_rows (t); r++) {
                if (vinv_table_get_cell (t, r, col)->kind != VINV_CELL_NULL) {
                    g_string_append_printf (c.errors, "  %s.%s: filled but not in the oVirt "
                                            "back-end's description\n", s->id,
                                            s->columns[col].id);
                    c.n_errors++;
                    break;
                }
            }
        }
    }
    /* the simulator's data is well-formed: nothing to note */
    for (guint i = 0; i < vinv_inventory_get_n_sources (inv); i++) {
        const VinvSource *src = vinv_inventory_get_source (inv, i);
        for (guint n = 0; src->notes != NULL && src->notes[n] != NULL; n++) {
            g_string_append_printf (c.errors, "  source %s: note: %s\n", src->name,
                                    src->notes[n]);
            c.n_errors++;
        }
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_hash_table_unref (c.by_id[k]);
    g_hash_table_unref (c.template_nics);
    if (c.n_errors > 0)
        g_error ("%u mismatches with the ground truth:\n%s", c.n_errors, c.errors->str);
    g_string_free (c.errors, TRUE);
    return n_marked;
}

void
truth_check (const VinvInventory *inv, yajl_val truth, gint64 now_min_ms, gint64 now_max_ms)
{
    check (inv, truth, now_min_ms, now_max_ms, FALSE);
}

guint
truth_check_partial (const VinvInventory *inv, yajl_val truth, gint64 now_min_ms,
                     gint64 now_max_ms)
{
    return check (inv, truth, now_min_ms, now_max_ms, TRUE);
}

/* ---- two inventories ------------------------------------------------------------------ */

static gboolean
cells_equal (const VinvColumn *col, const VinvCell *a, const VinvCell *b, double slack)
{
    if (a->kind != b->kind)
        return FALSE;
    switch (a->kind) {
    case VINV_CELL_NULL:
        return TRUE;
    case VINV_CELL_BOOL:
        return a->v.b == b->v.b;
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        return a->v.i == b->v.i;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        return close_enough (a->v.d, b->v.d,
                             g_str_equal (col->id, "age") || g_str_equal (col->id, "uptime")
                             || g_str_equal (col->id, "oldest_snapshot_age")
                             ? slack : 0);
    case VINV_CELL_STRING:
        return strcmp (a->v.s, b->v.s) == 0;
    case VINV_CELL_REF:
        return strcmp (a->v.ref->text, b->v.ref->text) == 0
               && g_strcmp0 (a->v.ref->id, b->v.ref->id) == 0;
    case VINV_CELL_LIST: {
        if (a->v.list->n != b->v.list->n)
            return FALSE;
        /* same items, in any order (row order may differ between strategies) */
        for (guint i = 0; i < a->v.list->n; i++) {
            gboolean found = FALSE;
            for (guint j = 0; j < b->v.list->n && !found; j++)
                found = strcmp (a->v.list->items[i].text, b->v.list->items[j].text) == 0
                        && g_strcmp0 (a->v.list->items[i].id, b->v.list->items[j].id) == 0;
            if (!found)
                return FALSE;
        }
        return TRUE;
    }
    default:
        return FALSE;
    }
}

void
inventory_check_equal (const VinvInventory *a, const VinvInventory *b, double slack_s)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *ta = vinv_inventory_get_table (a, k);
        VinvTable *tb = vinv_inventory_get_table (b, k);
        g_assert_nonnull (ta);
        g_assert_nonnull (tb);
        g_assert_cmpuint (vinv_table_get_n_rows (ta), ==, vinv_table_get_n_rows (tb));
        const VinvSchema *s = vinv_table_get_schema (ta);
        for (guint r = 0; r < vinv_table_get_n_rows (ta); r++) {
            const char *id = vinv_table_get_row_id (ta, r);
            int rb = vinv_table_find_row (tb, vinv_table_get_row_source (ta, r), id);
            g_assert_cmpint (rb, >=, 0);
            for (guint col = 2; col < s->n_columns; col++) {
                if (!cells_equal (&s->columns[col], vinv_table_get_cell (ta, r, col),
                                  vinv_table_get_cell (tb, (guint) rb, col), slack_s))
                    g_error ("%s.%s differs for %s", s->id, s->columns[col].id, id);
            }
        }
    }
}
