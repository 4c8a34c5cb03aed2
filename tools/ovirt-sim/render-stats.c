/* render-stats.c — the statistics of simulated VMs, hosts, NICs and disks,
 * as the engine names, describes and reports them.
 *
 * Every value is a pure function of (seed, owner, statistic), so responses
 * stay byte-identical between runs and the truth dump (r_stat_value())
 * agrees with what the API serves.  Statistic ids are the engine's
 * name-based UUIDs, prepared once by r_init().
 */
#include "render-private.h"

#include "sim-rng.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define GIB 1073741824.0

/* ---- statistics -------------------------------------------------------- */

static StatDef vm_stats[] = {
    { "memory.installed", "Total memory configured", "gauge", "integer", "bytes", "" },
    { "memory.used", "Memory used (agent)", "gauge", "integer", "bytes", "" },
    { "cpu.current.guest", "CPU used by guest", "gauge", "decimal", "percent", "" },
    { "cpu.current.hypervisor", "CPU overhead", "gauge", "decimal", "percent", "" },
    { "cpu.current.total", "Total CPU used", "gauge", "decimal", "percent", "" },
    { "migration.progress", "Migration Progress", "gauge", "decimal", "percent", "" },
    { "memory.buffered", "Memory buffered (agent)", "gauge", "integer", "bytes", "" },
    { "memory.cached", "Memory cached (agent)", "gauge", "integer", "bytes", "" },
    { "memory.free", "Memory free (agent)", "gauge", "integer", "bytes", "" },
    { "memory.unused", "Memory unused (agent)", "gauge", "integer", "bytes", "" },
    { "elapsed.time", "Elapsed VM runtime", "gauge", "integer", "seconds", "" },
    { "cpu.usage.history", "List of CPU usage history, sorted by date from newest to "
      "oldest, at intervals of 30 seconds", "gauge", "integer", "percent", "" },
    { "memory.usage.history", "List of memory usage history, sorted by date from newest "
      "to oldest, at intervals of 30 seconds", "gauge", "integer", "percent", "" },
    { "network.usage.history", "List of network usage history, sorted by date from "
      "newest to oldest, at intervals of 30 seconds", "gauge", "integer", "percent", "" },
    { "disks.usage", "Disk usage, in bytes, per filesystem as JSON (agent)", "gauge",
      "string", "none", "" },
    { "network.current.total", "Total network used", "gauge", "decimal", "percent", "" },
};

static StatDef host_stats[] = {
    { "memory.total", "Total memory", "gauge", "integer", "bytes", "" },
    { "memory.used", "Used memory", "gauge", "integer", "bytes", "" },
    { "memory.free", "Free memory", "gauge", "integer", "bytes", "" },
    { "memory.shared", "Shared memory", "gauge", "integer", "bytes", "" },
    { "swap.total", "Total swap", "gauge", "integer", "bytes", "" },
    { "swap.free", "Free swap", "gauge", "integer", "bytes", "" },
    { "swap.used", "Used swap", "gauge", "integer", "bytes", "" },
    { "ksm.cpu.current", "KSM CPU usage", "gauge", "decimal", "percent", "" },
    { "cpu.current.user", "User CPU usage", "gauge", "decimal", "percent", "" },
    { "cpu.current.system", "System CPU usage", "gauge", "decimal", "percent", "" },
    { "cpu.current.idle", "Idle CPU usage", "gauge", "decimal", "percent", "" },
    { "cpu.load.avg.5m", "CPU 5 minute load average", "gauge", "decimal", "percent", "" },
    { "boot.time", "Boot time of the machine", "gauge", "integer", "none", "" },
};

static StatDef nic_stats[] = {
    { "data.current.rx", "Receive data rate", "gauge", "decimal", "bytes_per_second", "" },
    { "data.current.tx", "Transmit data rate", "gauge", "decimal", "bytes_per_second", "" },
    { "data.current.rx.bps", "Receive data rate", "gauge", "decimal", "bits_per_second", "" },
    { "data.current.tx.bps", "Transmit data rate", "gauge", "decimal", "bits_per_second",
      "" },
    { "data.total.rx", "Total received data", "counter", "integer", "bytes", "" },
    { "data.total.tx", "Total transmitted data", "counter", "integer", "bytes", "" },
    { "errors.total.rx", "Total receive errors", "counter", "integer", "none", "" },
    { "errors.total.tx", "Total transmit errors", "counter", "integer", "none", "" },
};

static StatDef disk_stats[] = {
    { "data.current.read", "Read data rate", "gauge", "decimal", "bytes_per_second", "" },
    { "data.current.write", "Write data rate", "gauge", "decimal", "bytes_per_second", "" },
    { "data.current.read_ops", "Read operations rate", "gauge", "decimal",
      "count_per_second", "" },
    { "data.current.write_ops", "Write operations rate", "gauge", "decimal",
      "count_per_second", "" },
    { "disk.read.latency", "Read latency", "gauge", "decimal", "seconds", "" },
    { "disk.write.latency", "Write latency", "gauge", "decimal", "seconds", "" },
    { "disk.flush.latency", "Flush latency", "gauge", "decimal", "seconds", "" },
};

/* Java's UUID.nameUUIDFromBytes(): an MD5 (version 3) UUID of @name, which
 * is how the engine names statistics and guest devices. */
void
r_name_uuid (const char *name, char *out)
{
    guint8 d[16];
    gsize len = sizeof d;
    g_autoptr (GChecksum) ck = g_checksum_new (G_CHECKSUM_MD5);

    g_checksum_update (ck, (const guchar *) name, -1);
    g_checksum_get_digest (ck, d, &len);
    d[6] = (guint8) ((d[6] & 0x0f) | 0x30);
    d[8] = (guint8) ((d[8] & 0x3f) | 0x80);
    snprintf (out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
              d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11],
              d[12], d[13], d[14], d[15]);
}

void
r_init (void)
{
    struct { StatDef *defs; gsize n; } sets[] = {
        { vm_stats, G_N_ELEMENTS (vm_stats) }, { host_stats, G_N_ELEMENTS (host_stats) },
        { nic_stats, G_N_ELEMENTS (nic_stats) }, { disk_stats, G_N_ELEMENTS (disk_stats) },
    };
    for (gsize s = 0; s < G_N_ELEMENTS (sets); s++) {
        for (gsize i = 0; i < sets[s].n; i++) {
            r_name_uuid (sets[s].defs[i].name, sets[s].defs[i].id);
        }
    }
}

RKind
r_stat_owner (RKind stat_kind)
{
    switch (stat_kind) {
    case R_VM_STAT: return R_VM;
    case R_HOST_STAT: return R_HOST;
    case R_HOST_NIC_STAT: return R_HOST_NIC;
    case R_VM_NIC_STAT: return R_VM_NIC;
    default: return R_DISK;
    }
}

const StatDef *
r_stat_defs (RKind owner, int *n)
{
    switch (owner) {
    case R_VM: *n = G_N_ELEMENTS (vm_stats); return vm_stats;
    case R_HOST: *n = G_N_ELEMENTS (host_stats); return host_stats;
    case R_HOST_NIC:
    case R_VM_NIC: *n = G_N_ELEMENTS (nic_stats); return nic_stats;
    case R_DISK: *n = G_N_ELEMENTS (disk_stats); return disk_stats;
    default: *n = 0; return NULL;
    }
}

int
r_stat_count (RKind owner)
{
    int n;

    r_stat_defs (owner, &n);
    return n;
}

const char *
r_stat_name (RKind owner, int k)
{
    int n;

    return r_stat_defs (owner, &n)[k].name;
}

gboolean
r_stat_is_integer (RKind owner, int k)
{
    int n;

    return g_str_equal (r_stat_defs (owner, &n)[k].type, "integer");
}

static gboolean
vm_running (const SimVm *v)
{
    return sim_vm_status_runs (v->status) && v->status != SIM_VM_NOT_RESPONDING;
}

/* A byte rate for traffic level @busy, scaled by @u in [0, 1). */
static double
traffic (int busy, double u)
{
    static const double lo[] = { 10, 1e4, 1e6, 5e7 };
    static const double hi[] = { 5e3, 1e6, 2e7, 1.15e8 };

    busy = CLAMP (busy, 0, 3);
    return lo[busy] + (hi[busy] - lo[busy]) * u;
}

/* Computes the values of statistic @k of owner (@owner, @idx): up to 8
 * datums in @v (returns how many), or a string in @detail (returns 0 and
 * sets *detail, possibly to @dbuf). Pure function of the seed and model. */
static int
stat_values (SimModel *m, RKind owner, int idx, int k, double *v, const char **detail,
             char *dbuf, gsize dlen)
{
    guint64 seed = m->counts.seed;
    guint64 key = ((guint64) owner << 40) | (guint64) idx;
#define U(j) sim_hash_unit (seed, key, (guint64) (k) * 16 + (j))
    *detail = NULL;

    if (owner == R_VM) {
        const SimVm *vm = SIM_AT (m->vms, SimVm, idx);
        gboolean run = vm_running (vm);
        double mem = (double) vm->memory;
        double used = run && vm->agent ? floor (mem * (0.2 + 0.7 * sim_hash_unit (seed, key, 1)))
                                       : 0;
        double guest = run ? 1 + 40 * sim_hash_unit (seed, key, 2) + 15 * vm->busy : 0;
        double hyp = run ? 0.5 + 3 * sim_hash_unit (seed, key, 3) : 0;
        switch (k) {
        case 0: v[0] = mem; return 1;
        case 1: v[0] = used; return 1;
        case 2: v[0] = guest; return 1;
        case 3: v[0] = hyp; return 1;
        case 4: v[0] = guest + hyp; return 1;
        case 5: v[0] = vm->status == SIM_VM_MIGRATING ? floor (10 + 80 * U (0)) : 0; return 1;
        case 6: v[0] = floor (used * 0.05); return 1;
        case 7: v[0] = floor (used * 0.3); return 1;
        case 8: v[0] = run && vm->agent ? mem - used : 0; return 1;
        case 9: v[0] = run && vm->agent ? floor ((mem - used) * 0.8) : 0; return 1;
        case 10: {
            gint64 now = vm->start_time > SIM_NOW_MS ? g_get_real_time () / 1000 : SIM_NOW_MS;
            v[0] = run && vm->start_time > 0 ? (double) ((now - vm->start_time) / 1000) : 0;
            return 1;
        }
        case 11: case 12: case 13: {
            if (!run) {
                return 0;
            }
            double base = k == 11 ? guest + hyp : k == 12 ? 100 * used / mem
                                                          : 10.0 * vm->busy * vm->busy;
            for (int j = 0; j < 5; j++) {
                v[j] = floor (CLAMP (base * (0.7 + 0.6 * U (j)), 0, 100));
            }
            return 5;
        }
        case 14:
            if (!run || !vm->agent) {
                return 0;
            }
            snprintf (dbuf, dlen, "[{\"path\":\"/\",\"total\":\"%.0f\",\"used\":\"%.0f\","
                      "\"fs\":\"xfs\"}]", 42949672960.0, floor (42949672960.0 * U (0)));
            *detail = dbuf;
            return 0;
        case 15: {
            static const double lo[] = { 0, 1, 10, 60 };
            static const double hi[] = { 0.5, 5, 40, 95 };
            v[0] = run ? lo[vm->busy] + (hi[vm->busy] - lo[vm->busy]) * U (0) : 0;
            return 1;
        }
        default: return 0;
        }
    }
    if (owner == R_HOST) {
        const SimHost *h = SIM_AT (m->hosts, SimHost, idx);
        gboolean up = g_str_equal (h->status, "up");
        double mem = (double) h->memory;
        double used = up ? floor (mem * (0.3 + 0.6 * sim_hash_unit (seed, key, 1))) : 0;
        double user = up ? 5 + 60 * sim_hash_unit (seed, key, 2) : 0;
        double sys = up ? 1 + 10 * sim_hash_unit (seed, key, 3) : 0;
        double swap_used = up ? floor (536870912.0 * sim_hash_unit (seed, key, 4)) : 0;
        switch (k) {
        case 0: v[0] = mem; return 1;
        case 1: v[0] = used; return 1;
        case 2: v[0] = mem - used; return 1;
        case 3: v[0] = floor (used * 0.02); return 1;
        case 4: v[0] = 16 * GIB; return 1;
        case 5: v[0] = 16 * GIB - swap_used; return 1;
        case 6: v[0] = swap_used; return 1;
        case 7: v[0] = up ? 2 * U (0) : 0; return 1;
        case 8: v[0] = user; return 1;
        case 9: v[0] = sys; return 1;
        case 10: v[0] = up ? 100 - user - sys : 0; return 1;
        case 11: v[0] = up ? h->cores * h->sockets * 0.5 * U (0) : 0; return 1;
        case 12: v[0] = (double) h->boot_time; return 1;
        default: return 0;
        }
    }
    if (owner == R_HOST_NIC || owner == R_VM_NIC) {
        int busy;
        gboolean active;
        if (owner == R_HOST_NIC) {
            const SimHostNic *n = SIM_AT (m->host_nics, SimHostNic, idx);
            active = n->up && g_str_equal (SIM_AT (m->hosts, SimHost, n->host)->status, "up");
            busy = n->busy;
        } else {
            const SimNic *n = SIM_AT (m->nics, SimNic, idx);
            active = n->vm >= 0 && vm_running (SIM_AT (m->vms, SimVm, n->vm)) && n->plugged;
            busy = n->busy;
        }
        double rx = active ? traffic (busy, sim_hash_unit (seed, key, 1)) : 0;
        double tx = active ? traffic (busy, sim_hash_unit (seed, key, 2)) * 0.6 : 0;
        switch (k) {
        case 0: v[0] = rx; return 1;
        case 1: v[0] = tx; return 1;
        case 2: v[0] = rx * 8; return 1;
        case 3: v[0] = tx * 8; return 1;
        case 4: v[0] = floor (rx * 86400 * (1 + 30 * U (0))); return 1;
        case 5: v[0] = floor (tx * 86400 * (1 + 30 * U (0))); return 1;
        case 6: v[0] = U (0) < 0.9 ? 0 : floor (100 * U (1)); return 1;
        case 7: v[0] = U (0) < 0.95 ? 0 : floor (10 * U (1)); return 1;
        default: return 0;
        }
    }
    if (owner == R_DISK) {
        const SimDisk *d = SIM_AT (m->disks, SimDisk, idx);
        gboolean active = FALSE;
        for (guint i = 0; i < d->vms->len && !active; i++) {
            active = vm_running (SIM_AT (m->vms, SimVm, g_array_index (d->vms, int, i)));
        }
        if (!active) {
            v[0] = 0;
            return 1;
        }
        switch (k) {
        case 0: v[0] = 1e3 + 5e7 * U (0) * U (1); return 1;
        case 1: v[0] = 1e3 + 3e7 * U (0) * U (1); return 1;
        case 2: v[0] = 1 + 2000 * U (0) * U (1); return 1;
        case 3: v[0] = 1 + 1000 * U (0) * U (1); return 1;
        default: v[0] = 0.0001 + 0.02 * U (0); return 1;
        }
    }
#undef U
    return 0;
}

double
r_stat_value (SimModel *m, RKind owner, int idx, int k)
{
    double v[8];
    const char *detail;
    char dbuf[160];

    if (stat_values (m, owner, idx, k, v, &detail, dbuf, sizeof dbuf) == 0) {
        return NAN;
    }
    return v[0];
}

void
r_render_stat (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    RKind owner = r_stat_owner (it->kind);
    int n;
    const StatDef *d = &r_stat_defs (owner, &n)[it->sub];
    double v[8];
    const char *detail;
    char dbuf[160];
    int nv = stat_values (c->m, owner, it->idx, it->sub, v, &detail, dbuf, sizeof dbuf);
    gboolean integer = g_str_equal (d->type, "integer");

    jw_obj_begin (w, key);
    jw_str (w, "kind", d->kind);
    jw_str (w, "type", d->type);
    jw_str (w, "unit", d->unit);
    jw_obj_begin (w, "values");
    if (nv > 0 || detail != NULL) {
        jw_arr_begin (w, "value");
        if (detail != NULL) {
            jw_obj_begin (w, NULL);
            jw_str (w, "detail", detail);
            jw_obj_end (w);
        }
        for (int j = 0; j < nv; j++) {
            jw_obj_begin (w, NULL);
            if (integer) {
                jw_num (w, "datum", (gint64) v[j]);
            } else {
                jw_decimal (w, "datum", v[j]);
            }
            jw_obj_end (w);
        }
        jw_arr_end (w);
    }
    jw_obj_end (w);
    if (owner == R_VM) {
        r_ref (c, NULL, "vm", R_VM, it->idx);
    } else if (owner == R_HOST) {
        r_ref (c, NULL, "host", R_HOST, it->idx);
    } else if (owner == R_DISK) {
        r_ref (c, NULL, "disk", R_DISK, it->idx);
    } else {
        /* the owner's href is this statistic's href minus "/statistics/ID" */
        char prefix[256];
        char buf[40];
        RItem o = { owner, it->idx, 0, 0 };
        g_strlcpy (prefix, href, sizeof prefix);
        char *cut = g_strrstr (prefix, "/statistics/");
        if (cut != NULL) {
            *cut = '\0';
        }
        const char *oid = r_item_id (c->m, &o, buf);
        char *slash = strrchr (prefix, '/');
        if (slash != NULL) {
            *slash = '\0';
        }
        jw_ref (w, owner == R_HOST_NIC ? "host_nic" : "nic", prefix, oid, NULL);
    }
    r_tail (c, it, href, d->name, d->desc, NULL);
    jw_obj_end (w);
}

