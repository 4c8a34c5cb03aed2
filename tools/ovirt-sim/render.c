/* render.c — prints simulated entities the way the oVirt engine does.
 *
 * One table (kinds[]) describes the API surface: element keys, canonical
 * collection paths, sub-collections and followable references per kind.
 * Each kind has a render function that prints its attributes in the engine's
 * conventions (see OVIRT-API.md): integers and booleans as strings, dates as
 * epoch-ms numbers, null attributes omitted, references as {href, id}, then
 * actions, name, description, comment, href, id and the link list. Followed
 * sub-collections are inlined as {"wrapper": {"elem": [ … ]}} and followed
 * references replace {href, id} by the whole entity.
 *
 * Statistics are pure functions of (seed, owner, statistic) so responses stay
 * byte-identical between runs; decimals go through jw_decimal(). */
#include "render.h"

#include "sim-rng.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define GIB 1073741824.0

typedef struct {
    const char *name;
    RKind kind;
} RRef;

typedef struct {
    const char *elem;
    const char *coll;            /* canonical top-level segment, or NULL */
    const RSub *subs;            /* terminated by rel == NULL */
    const RRef *refs;            /* terminated by name == NULL */
    void (*render) (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
} KindDesc;

static const KindDesc *kind_desc (RKind kind);

/* ---- follow trees ------------------------------------------------------ */

static RFollow *
follow_new (const char *name)
{
    RFollow *f = g_new0 (RFollow, 1);

    f->name = g_strdup (name);
    f->children = g_ptr_array_new_with_free_func ((GDestroyNotify) r_follow_free);
    return f;
}

void
r_follow_free (RFollow *f)
{
    if (f == NULL) {
        return;
    }
    g_free (f->name);
    g_ptr_array_unref (f->children);
    g_free (f);
}

static RFollow *
follow_child (const RFollow *f, const char *name)
{
    if (f == NULL || name == NULL) {
        return NULL;
    }
    for (guint i = 0; i < f->children->len; i++) {
        RFollow *c = g_ptr_array_index (f->children, i);
        if (g_str_equal (c->name, name)) {
            return c;
        }
    }
    return NULL;
}

RFollow *
r_follow_parse (const char *spec)
{
    RFollow *root = follow_new ("");
    g_auto (GStrv) paths = g_strsplit (spec != NULL ? spec : "", ",", -1);

    for (char **p = paths; *p != NULL; p++) {
        g_autofree char *path = g_strstrip (g_strdup (*p));
        if (*path == '\0') {
            continue;
        }
        g_auto (GStrv) names = g_strsplit (path, ".", -1);
        RFollow *at = root;
        for (char **n = names; *n != NULL; n++) {
            RFollow *next = follow_child (at, *n);
            if (next == NULL) {
                next = follow_new (*n);
                g_ptr_array_add (at->children, next);
            }
            at = next;
        }
    }
    return root;
}

/* Returns the kind that following @name from @kind leads to, or R_LAST. */
static RKind
follow_target (RKind kind, const char *name)
{
    const KindDesc *d = kind_desc (kind);

    for (const RSub *s = d->subs; s != NULL && s->rel != NULL; s++) {
        if (g_str_equal (s->follow, name)) {
            return s->child;
        }
    }
    for (const RRef *r = d->refs; r != NULL && r->name != NULL; r++) {
        if (g_str_equal (r->name, name)) {
            return r->kind;
        }
    }
    return R_LAST;
}

gboolean
r_follow_validate (const RFollow *f, RKind kind, GError **error)
{
    if (f == NULL) {
        return TRUE;
    }
    for (guint i = 0; i < f->children->len; i++) {
        RFollow *c = g_ptr_array_index (f->children, i);
        RKind next = follow_target (kind, c->name);
        if (next == R_LAST || *c->name == '\0') {
            g_set_error (error, SIM_ERROR, SIM_ERROR_INVALID,
                         "Link '%s' is not valid for entity of type '%s'.", c->name,
                         kind_desc (kind)->elem);
            return FALSE;
        }
        if (!r_follow_validate (c, next, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- statistics -------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *desc;
    const char *kind;
    const char *type;
    const char *unit;
    char id[37];
} StatDef;

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
static void
name_uuid (const char *name, char *out)
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
            name_uuid (sets[s].defs[i].name, sets[s].defs[i].id);
        }
    }
}

static RKind
stat_owner (RKind stat_kind)
{
    switch (stat_kind) {
    case R_VM_STAT: return R_VM;
    case R_HOST_STAT: return R_HOST;
    case R_HOST_NIC_STAT: return R_HOST_NIC;
    case R_VM_NIC_STAT: return R_VM_NIC;
    default: return R_DISK;
    }
}

static const StatDef *
stat_defs (RKind owner, int *n)
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

    stat_defs (owner, &n);
    return n;
}

const char *
r_stat_name (RKind owner, int k)
{
    int n;

    return stat_defs (owner, &n)[k].name;
}

gboolean
r_stat_is_integer (RKind owner, int k)
{
    int n;

    return g_str_equal (stat_defs (owner, &n)[k].type, "integer");
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

/* ---- helpers ----------------------------------------------------------- */

/* Writes @a "/" @b [ "/" @c ] into @out (@size bytes, truncating) and
 * returns @out. A memcpy-based snprintf("%s/%s/%s") for the hot paths. */
static char *
path_join (char *out, gsize size, const char *a, const char *b, const char *c)
{
    const char *parts[3] = { a, b, c };
    gsize at = 0;

    for (int i = 0; i < 3 && parts[i] != NULL; i++) {
        gsize n = strlen (parts[i]);
        if (i > 0 && at + 1 < size) {
            out[at++] = '/';
        }
        if (at + n >= size) {
            n = size - at - 1;
        }
        memcpy (out + at, parts[i], n);
        at += n;
    }
    out[at] = '\0';
    return out;
}

static const char *
coll_of (RKind kind)
{
    return kind_desc (kind)->coll;
}

/* Writes a reference to entity (@kind, @idx) as @key: the whole entity when
 * @f follows @key, else {href, id}. Nothing when @idx < 0. */
static void
ref (RCtx *c, const RFollow *f, const char *key, RKind kind, int idx)
{
    char prefix[64];
    char buf[40];
    RItem it = { kind, idx, 0, 0 };

    if (idx < 0) {
        return;
    }
    const char *id = r_item_id (c->m, &it, buf);
    path_join (prefix, sizeof prefix, SIM_API, coll_of (kind), NULL);
    const RFollow *sub = follow_child (f, key);
    if (sub != NULL) {
        char href[128];
        path_join (href, sizeof href, prefix, id, NULL);
        c->followed++;
        r_render (c, &it, key, href, sub);
        return;
    }
    jw_ref (c->w, key, prefix, id, NULL);
}

/* A reference with id and name (events), never followed. */
static void
ref_named (RCtx *c, const char *key, RKind kind, int idx)
{
    char prefix[64];
    char buf[40];
    RItem it = { kind, idx, 0, 0 };

    if (idx < 0) {
        return;
    }
    path_join (prefix, sizeof prefix, SIM_API, coll_of (kind), NULL);
    jw_ref (c->w, key, prefix, r_item_id (c->m, &it, buf), r_item_name (c->m, &it));
}

/* Inlines every sub-collection of @it that @f follows. */
static void
inline_subs (RCtx *c, const RItem *it, const char *href, const RFollow *f)
{
    const KindDesc *d = kind_desc (it->kind);

    if (f == NULL || f->children->len == 0) {
        return;
    }
    for (const RSub *s = d->subs; s->rel != NULL; s++) {
        const RFollow *sf = follow_child (f, s->follow);
        if (sf == NULL) {
            continue;
        }
        g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (RItem));
        r_list (c->m, s, it, items);
        jw_obj_begin (c->w, s->follow);
        if (items->len > 0) {
            char chref[256];
            char buf[40];
            jw_arr_begin (c->w, r_elem_key (s->child));
            for (guint i = 0; i < items->len; i++) {
                RItem *ci = &g_array_index (items, RItem, i);
                path_join (chref, sizeof chref, href, s->rel, r_item_id (c->m, ci, buf));
                r_render (c, ci, NULL, chref, sf);
            }
            c->followed += items->len;
            jw_arr_end (c->w);
        }
        jw_obj_end (c->w);
    }
}

static void
links (RCtx *c, const RItem *it, const char *href)
{
    const KindDesc *d = kind_desc (it->kind);
    char lhref[256];

    if (d->subs == NULL || d->subs->rel == NULL) {
        return;
    }
    jw_arr_begin (c->w, "link");
    for (const RSub *s = d->subs; s->rel != NULL; s++) {
        jw_obj_begin (c->w, NULL);
        path_join (lhref, sizeof lhref, href, s->rel, NULL);
        jw_str (c->w, "href", lhref);
        jw_str (c->w, "rel", s->rel);
        jw_obj_end (c->w);
    }
    jw_arr_end (c->w);
}

static void
actions (RCtx *c, const char *href, const char *const *names)
{
    char ahref[256];

    jw_obj_begin (c->w, "actions");
    if (names != NULL && names[0] != NULL) {
        jw_arr_begin (c->w, "link");
        for (const char *const *n = names; *n != NULL; n++) {
            jw_obj_begin (c->w, NULL);
            path_join (ahref, sizeof ahref, href, *n, NULL);
            jw_str (c->w, "href", ahref);
            jw_str (c->w, "rel", *n);
            jw_obj_end (c->w);
        }
        jw_arr_end (c->w);
    }
    jw_obj_end (c->w);
}

/* Writes the trailer every entity shares: name, description, comment (each
 * when non-NULL), href, id and links. */
static void
tail (RCtx *c, const RItem *it, const char *href, const char *name, const char *desc,
      const char *comment)
{
    char buf[40];

    if (name != NULL) {
        jw_str (c->w, "name", name);
    }
    if (desc != NULL) {
        jw_str (c->w, "description", desc);
    }
    if (comment != NULL) {
        jw_str (c->w, "comment", comment);
    }
    jw_str (c->w, "href", href);
    jw_str (c->w, "id", r_item_id (c->m, it, buf));
    links (c, it, href);
}

static void
version (RCtx *c, const char *key, int major, int minor)
{
    jw_obj_begin (c->w, key);
    jw_int_str (c->w, "major", major);
    jw_int_str (c->w, "minor", minor);
    jw_obj_end (c->w);
}

static void
topology (RCtx *c, int sockets, int cores, int threads)
{
    jw_obj_begin (c->w, "topology");
    jw_int_str (c->w, "cores", cores);
    jw_int_str (c->w, "sockets", sockets);
    jw_int_str (c->w, "threads", threads);
    jw_obj_end (c->w);
}

static void
mac (RCtx *c, const char *address)
{
    jw_obj_begin (c->w, "mac");
    jw_str (c->w, "address", address);
    jw_obj_end (c->w);
}

/* ---- entity renderers --------------------------------------------------
 *
 * Every render_KIND (c, it, key, href, f) has the same contract: it prints
 * item @it as one JSON object, as member @key (NULL inside an array), whose
 * self link is @href, inlining what the follow tree @f asks for (@f may be
 * NULL). It reads the model only (the caller holds the read lock), can't
 * fail, and adds the number of followed items it printed to c->followed. */

static const char *const vm_actions[] = {
    "migrate", "reboot", "shutdown", "start", "stop", "suspend", NULL,
};

static void
render_vm (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    gboolean runs = v->host >= 0;

    jw_obj_begin (w, key);
    jw_obj_begin (w, "bios");
    jw_obj_begin (w, "boot_menu");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_str (w, "type", "q35_sea_bios");
    jw_obj_end (w);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", "x86_64");
    topology (c, v->sockets, v->cores, v->threads);
    jw_obj_end (w);
    jw_int_str (w, "cpu_shares", 0);
    jw_num (w, "creation_time", v->creation_time);
    if (v->ccv_major > 0) {
        version (c, "custom_compatibility_version", v->ccv_major, v->ccv_minor);
    }
    jw_bool_str (w, "delete_protected", FALSE);
    jw_obj_begin (w, "display");
    if (runs) {
        jw_str (w, "address", SIM_AT (c->m->hosts, SimHost, v->host)->address);
    }
    jw_bool_str (w, "allow_override", FALSE);
    jw_bool_str (w, "copy_paste_enabled", TRUE);
    jw_str (w, "disconnect_action", "LOCK_SCREEN");
    jw_bool_str (w, "file_transfer_enabled", TRUE);
    jw_int_str (w, "monitors", 1);
    jw_bool_str (w, "smartcard_enabled", FALSE);
    jw_str (w, "type", v->display);
    jw_obj_end (w);
    if (runs && v->agent) {
        char fqdn[80];
        snprintf (fqdn, sizeof fqdn, "%s.lab.example.com", v->name);
        jw_str (w, "fqdn", fqdn);
        jw_obj_begin (w, "guest_operating_system");
        jw_str (w, "architecture", "x86_64");
        jw_str (w, "distribution", v->guest_dist);
        jw_str (w, "family", g_str_has_prefix (v->os, "windows") ? "Windows" : "Linux");
        if (v->guest_kernel != NULL) {
            jw_obj_begin (w, "kernel");
            jw_obj_begin (w, "version");
            jw_str (w, "full_version", v->guest_kernel);
            jw_obj_end (w);
            jw_obj_end (w);
        }
        jw_obj_begin (w, "version");
        jw_str (w, "full_version", v->guest_ver);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_obj_begin (w, "high_availability");
    jw_bool_str (w, "enabled", v->ha);
    jw_int_str (w, "priority", v->ha ? 50 : 0);
    jw_obj_end (w);
    jw_int_str (w, "memory", v->memory);
    jw_obj_begin (w, "memory_policy");
    jw_bool_str (w, "ballooning", TRUE);
    jw_int_str (w, "guaranteed", v->mem_guaranteed);
    jw_int_str (w, "max", v->mem_max);
    jw_obj_end (w);
    jw_int_str (w, "migration_downtime", -1);
    jw_bool_str (w, "multi_queues_enabled", TRUE);
    jw_bool_str (w, "next_run_configuration_exists", v->next_run);
    jw_str (w, "origin", "ovirt");
    jw_obj_begin (w, "os");
    jw_obj_begin (w, "boot");
    jw_obj_begin (w, "devices");
    jw_arr_begin (w, "device");
    jw_str (w, NULL, "hd");
    jw_arr_end (w);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_str (w, "type", v->os);
    jw_obj_end (w);
    jw_obj_begin (w, "placement_policy");
    jw_str (w, "affinity", "migratable");
    jw_obj_end (w);
    jw_bool_str (w, "run_once", v->run_once);
    jw_bool_str (w, "start_paused", FALSE);
    if (runs && v->start_time > 0) {
        jw_num (w, "start_time", v->start_time);
    }
    jw_bool_str (w, "stateless", v->stateless);
    jw_str (w, "status", sim_vm_status_name (v->status));
    if (v->stop_time > 0) {
        jw_num (w, "stop_time", v->stop_time);
    }
    jw_obj_begin (w, "time_zone");
    jw_str (w, "name", g_str_has_prefix (v->os, "windows") ? "GMT Standard Time" : "Etc/GMT");
    jw_obj_end (w);
    jw_str (w, "type", v->type);
    jw_obj_begin (w, "usb");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    ref (c, f, "cluster", R_CLUSTER, v->cluster);
    {
        ref (c, f, "cpu_profile", R_CPU_PROFILE, v->cluster);
    }
    if (runs) {
        ref (c, f, "host", R_HOST, v->host);
    }
    ref (c, f, "original_template", R_TEMPLATE, v->orig_template);
    {
        const SimCluster *cl = SIM_AT (c->m->clusters, SimCluster, v->cluster);
        jw_obj_begin (w, "quota");
        jw_str (w, "id", SIM_AT (c->m->dcs, SimDataCenter, cl->dc)->quota_id.s);
        jw_obj_end (w);
    }
    ref (c, f, "template", R_TEMPLATE, v->template);
    ref (c, f, "vm_pool", R_POOL, v->pool);
    inline_subs (c, it, href, f);
    actions (c, href, vm_actions);
    if (c->m->hostile_value > 0 && it->idx == 0) {
        /* --hostile huge-value: beyond any sane cap on one JSON value */
        g_autofree char *huge = g_malloc (c->m->hostile_value + 1);
        memset (huge, 'x', c->m->hostile_value);
        huge[c->m->hostile_value] = '\0';
        tail (c, it, href, v->name, huge, v->comment);
    } else {
        tail (c, it, href, v->name, v->description, v->comment);
    }
    jw_obj_end (w);
}

static void
render_host (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimHost *h = SIM_AT (c->m->hosts, SimHost, it->idx);

    jw_obj_begin (w, key);
    jw_str (w, "address", h->address);
    jw_str (w, "auto_numa_status", "disable");
    jw_obj_begin (w, "cpu");
    jw_str (w, "name", h->cpu_name);
    jw_num (w, "speed", h->cpu_speed);
    topology (c, h->sockets, h->cores, h->threads);
    jw_str (w, "type", h->cpu_type);
    jw_obj_end (w);
    jw_str (w, "external_status", "ok");
    jw_str (w, "kdump_status", "disabled");
    jw_obj_begin (w, "ksm");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_int_str (w, "max_scheduling_memory", h->max_sched_memory);
    jw_int_str (w, "memory", h->memory);
    jw_bool_str (w, "numa_supported", TRUE);
    jw_obj_begin (w, "os");
    jw_str (w, "type", "RHEL");
    jw_obj_begin (w, "version");
    jw_str (w, "full_version", h->os_version);
    jw_int_str (w, "major", 8);
    jw_int_str (w, "minor", h->os_version[2] - '0');
    jw_obj_end (w);
    jw_obj_end (w);
    jw_int_str (w, "port", 54321);
    jw_str (w, "protocol", "stomp");
    jw_obj_begin (w, "spm");
    jw_int_str (w, "priority", 5);
    jw_str (w, "status", h->spm);
    jw_obj_end (w);
    jw_str (w, "status", h->status);
    jw_obj_begin (w, "summary");
    jw_int_str (w, "active", h->vms_active);
    jw_int_str (w, "migrating", h->vms_migrating);
    jw_int_str (w, "total", h->vms_active);
    jw_obj_end (w);
    jw_str (w, "type", h->type);
    jw_bool_str (w, "update_available", h->update_available);
    jw_obj_begin (w, "version");
    jw_str (w, "full_version", h->vdsm);
    jw_int_str (w, "major", 4);
    jw_int_str (w, "minor", 50);
    jw_obj_end (w);
    ref (c, f, "cluster", R_CLUSTER, h->cluster);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, h->name, NULL, "");
    jw_obj_end (w);
}

static void
render_cluster (RCtx *c, const RItem *it, const char *key, const char *href,
                const RFollow *f)
{
    JsonW *w = c->w;
    const SimCluster *cl = SIM_AT (c->m->clusters, SimCluster, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "ballooning_enabled", TRUE);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", cl->arch);
    jw_str (w, "type", cl->cpu_type);
    jw_obj_end (w);
    jw_obj_begin (w, "error_handling");
    jw_str (w, "on_error", cl->on_error);
    jw_obj_end (w);
    jw_str (w, "firewall_type", cl->firewall);
    jw_bool_str (w, "gluster_service", FALSE);
    jw_bool_str (w, "ha_reservation", FALSE);
    jw_obj_begin (w, "memory_policy");
    jw_obj_begin (w, "over_commit");
    jw_int_str (w, "percent", cl->overcommit);
    jw_obj_end (w);
    jw_obj_begin (w, "transparent_hugepages");
    jw_bool_str (w, "enabled", TRUE);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_str (w, "switch_type", "legacy");
    jw_bool_str (w, "threads_as_cores", FALSE);
    jw_bool_str (w, "trusted_service", FALSE);
    version (c, "version", cl->ver_major, cl->ver_minor);
    jw_bool_str (w, "virt_service", TRUE);
    ref (c, f, "data_center", R_DC, cl->dc);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, cl->name, cl->description, "");
    jw_obj_end (w);
}

static void
render_dc (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimDataCenter *dc = SIM_AT (c->m->dcs, SimDataCenter, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "local", dc->local);
    jw_str (w, "quota_mode", dc->quota_mode);
    jw_str (w, "status", dc->status);
    jw_str (w, "storage_format", "v5");
    jw_obj_begin (w, "supported_versions");
    jw_arr_begin (w, "version");
    for (int minor = 6; minor <= 7; minor++) {
        jw_obj_begin (w, NULL);
        jw_int_str (w, "major", 4);
        jw_int_str (w, "minor", minor);
        jw_obj_end (w);
    }
    jw_arr_end (w);
    jw_obj_end (w);
    version (c, "version", dc->ver_major, dc->ver_minor);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, dc->name, dc->description, "");
    jw_obj_end (w);
}

static void
render_sd (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimStorageDomain *sd = SIM_AT (c->m->sds, SimStorageDomain, it->idx);
    gboolean file = sd->path[0] != '\0';

    jw_obj_begin (w, key);
    jw_int_str (w, "available", sd->available);
    jw_bool_str (w, "backup", FALSE);
    jw_int_str (w, "block_size", 512);
    jw_int_str (w, "committed", sd->committed);
    jw_int_str (w, "critical_space_action_blocker", 5);
    jw_bool_str (w, "discard_after_delete", FALSE);
    jw_str (w, "external_status", sd->external_status);
    jw_bool_str (w, "master", sd->master);
    /* The engine omits status for attached domains in the top-level list. */
    if (sd->dc < 0 || it->ctx == 1) {
        jw_str (w, "status", sd->dc_status);
    }
    jw_obj_begin (w, "storage");
    if (file) {
        jw_str (w, "address", sd->address);
        if (g_str_equal (sd->storage_type, "nfs")) {
            jw_str (w, "nfs_version", "auto");
        }
        jw_str (w, "path", sd->path);
    }
    jw_str (w, "type", sd->storage_type);
    if (!file) {
        char seed[64];
        char vg[37];
        snprintf (seed, sizeof seed, "%s/volume-group", sd->id.s);
        name_uuid (seed, vg);
        jw_obj_begin (w, "volume_group");
        jw_str (w, "id", vg);
        jw_obj_begin (w, "logical_units");
        jw_arr_begin (w, "logical_unit");
        jw_obj_begin (w, NULL);
        jw_str (w, "address", sd->address);
        jw_int_str (w, "port", 3260);
        jw_str (w, "target", "iqn.2024-01.com.example:storage");
        jw_obj_end (w);
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_obj_end (w);
    jw_str (w, "storage_format", "v5");
    jw_bool_str (w, "supports_discard", FALSE);
    jw_str (w, "type", sd->type);
    jw_int_str (w, "used", sd->used);
    jw_int_str (w, "warning_low_space_indicator", 10);
    jw_bool_str (w, "wipe_after_delete", FALSE);
    if (sd->dc >= 0) {
        if (it->ctx == 1) {
            ref (c, f, "data_center", R_DC, sd->dc);
        }
        jw_obj_begin (w, "data_centers");
        jw_arr_begin (w, "data_center");
        ref (c, NULL, NULL, R_DC, sd->dc);
        jw_arr_end (w);
        jw_obj_end (w);
    }
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, sd->name, "", "");
    jw_obj_end (w);
}

static void
render_disk (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimDisk *d = SIM_AT (c->m->disks, SimDisk, it->idx);

    jw_obj_begin (w, key);
    jw_int_str (w, "actual_size", d->actual);
    jw_str (w, "alias", d->name);
    jw_str (w, "backup", "none");
    jw_str (w, "content_type", d->content_type);
    jw_str (w, "format", d->format);
    jw_bool_str (w, "propagate_errors", FALSE);
    jw_int_str (w, "provisioned_size", d->provisioned);
    if (g_str_equal (d->format, "cow")) {
        jw_str (w, "qcow_version", "qcow2_v3");
    }
    jw_bool_str (w, "shareable", d->shareable);
    jw_bool_str (w, "sparse", d->sparse);
    jw_str (w, "status", d->status);
    jw_str (w, "storage_type", "image");
    jw_int_str (w, "total_size", d->total);
    jw_bool_str (w, "wipe_after_delete", FALSE);
    if (d->sd[0] >= 0) {
        const SimStorageDomain *sd = SIM_AT (c->m->sds, SimStorageDomain, d->sd[0]);
        ref (c, f, "disk_profile", R_DISK_PROFILE, d->sd[0]);
        if (sd->dc >= 0) {
            jw_obj_begin (w, "quota");
            jw_str (w, "id", SIM_AT (c->m->dcs, SimDataCenter, sd->dc)->quota_id.s);
            jw_obj_end (w);
        }
        const RFollow *sf = follow_child (f, "storage_domains");
        jw_obj_begin (w, "storage_domains");
        jw_arr_begin (w, "storage_domain");
        for (int k = 0; k < 2; k++) {
            if (d->sd[k] < 0) {
                continue;
            }
            if (sf != NULL) {
                char shref[128];
                RItem si = { R_SD, d->sd[k], 0, 0 };
                snprintf (shref, sizeof shref, SIM_API "/storagedomains/%s",
                          SIM_AT (c->m->sds, SimStorageDomain, d->sd[k])->id.s);
                c->followed++;
                r_render (c, &si, NULL, shref, sf);
            } else {
                ref (c, NULL, NULL, R_SD, d->sd[k]);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, d->name, "", NULL);
    jw_obj_end (w);
}

static void
render_network (RCtx *c, const RItem *it, const char *key, const char *href,
                const RFollow *f)
{
    JsonW *w = c->w;
    const SimNetwork *n = SIM_AT (c->m->networks, SimNetwork, it->idx);
    static const char *const usage_names[] = { "vm", "management", "display", "migration" };

    jw_obj_begin (w, key);
    if (it->ctx > 0) {
        jw_bool_str (w, "display", (n->usages & 4) != 0);
    }
    jw_int_str (w, "mtu", n->mtu);
    jw_bool_str (w, "required", n->required);
    jw_bool_str (w, "stp", n->stp);
    jw_obj_begin (w, "usages");
    if (n->usages != 0) {
        jw_arr_begin (w, "usage");
        for (int k = 0; k < 4; k++) {
            if (n->usages & (1u << k)) {
                jw_str (w, NULL, usage_names[k]);
            }
        }
        jw_arr_end (w);
    }
    jw_obj_end (w);
    if (n->vlan > 0) {
        jw_obj_begin (w, "vlan");
        jw_int_str (w, "id", n->vlan);
        jw_obj_end (w);
    }
    if (it->ctx > 0) {
        ref (c, f, "cluster", R_CLUSTER, it->ctx - 1);
    }
    ref (c, f, "data_center", R_DC, n->dc);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, n->name, n->description, "");
    jw_obj_end (w);
}

static void
render_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                const RFollow *f)
{
    JsonW *w = c->w;
    const SimVnicProfile *p = SIM_AT (c->m->profiles, SimVnicProfile, it->idx);

    jw_obj_begin (w, key);
    jw_obj_begin (w, "pass_through");
    jw_str (w, "mode", "disabled");
    jw_obj_end (w);
    jw_bool_str (w, "port_mirroring", p->port_mirroring);
    ref (c, f, "network", R_NETWORK, p->network);
    inline_subs (c, it, href, f);
    tail (c, it, href, p->name, "", NULL);
    jw_obj_end (w);
}

static void
render_template (RCtx *c, const RItem *it, const char *key, const char *href,
                 const RFollow *f)
{
    JsonW *w = c->w;
    const SimTemplate *t = SIM_AT (c->m->templates, SimTemplate, it->idx);

    jw_obj_begin (w, key);
    jw_obj_begin (w, "bios");
    jw_obj_begin (w, "boot_menu");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_str (w, "type", "q35_sea_bios");
    jw_obj_end (w);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", "x86_64");
    topology (c, t->sockets, t->cores, 1);
    jw_obj_end (w);
    jw_num (w, "creation_time", t->creation_time);
    jw_bool_str (w, "delete_protected", FALSE);
    jw_obj_begin (w, "display");
    jw_str (w, "type", "vnc");
    jw_obj_end (w);
    jw_obj_begin (w, "high_availability");
    jw_bool_str (w, "enabled", FALSE);
    jw_int_str (w, "priority", 0);
    jw_obj_end (w);
    jw_int_str (w, "memory", t->memory);
    jw_obj_begin (w, "memory_policy");
    jw_bool_str (w, "ballooning", TRUE);
    jw_int_str (w, "guaranteed", t->memory);
    jw_int_str (w, "max", 4 * t->memory);
    jw_obj_end (w);
    jw_str (w, "origin", "ovirt");
    jw_obj_begin (w, "os");
    jw_str (w, "type", t->os);
    jw_obj_end (w);
    jw_bool_str (w, "stateless", FALSE);
    jw_str (w, "status", t->status);
    jw_str (w, "type", "server");
    jw_obj_begin (w, "version");
    jw_str (w, "version_name", t->version == 1 ? "base version" : "updated");
    jw_int_str (w, "version_number", t->version);
    ref (c, NULL, "base_template", R_TEMPLATE, t->base);
    jw_obj_end (w);
    ref (c, f, "cluster", R_CLUSTER, t->cluster);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, t->name, t->description, "");
    jw_obj_end (w);
}

static void
render_event (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimEvent *e = SIM_AT (c->m->events, SimEvent, it->idx);

    jw_obj_begin (w, key);
    jw_int_str (w, "code", e->code);
    jw_int_str (w, "custom_id", -1);
    jw_int_str (w, "flood_rate", 30);
    jw_int_str (w, "index", e->index);
    jw_str (w, "origin", "oVirt");
    jw_str (w, "severity", e->severity);
    jw_num (w, "time", e->time);
    ref_named (c, "cluster", R_CLUSTER, e->cluster);
    ref_named (c, "data_center", R_DC, e->dc);
    ref_named (c, "host", R_HOST, e->host);
    ref_named (c, "storage_domain", R_SD, e->sd);
    ref_named (c, "vm", R_VM, e->vm);
    tail (c, it, href, NULL, e->description, NULL);
    jw_obj_end (w);
}

static void
render_disk_att (RCtx *c, const RItem *it, const char *key, const char *href,
                 const RFollow *f)
{
    JsonW *w = c->w;
    const SimDiskAttachment *a = SIM_AT (c->m->disk_atts, SimDiskAttachment, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "active", a->active);
    jw_bool_str (w, "bootable", a->bootable);
    jw_str (w, "interface", a->iface);
    if (a->vm >= 0) {
        const SimVm *v = SIM_AT (c->m->vms, SimVm, a->vm);
        if (v->host >= 0 && v->agent && a->logical_name[0] != '\0') {
            jw_str (w, "logical_name", a->logical_name);
        }
    }
    jw_bool_str (w, "pass_discard", FALSE);
    jw_bool_str (w, "read_only", a->read_only);
    jw_bool_str (w, "uses_scsi_reservation", FALSE);
    ref (c, f, "disk", R_DISK, a->disk);
    ref (c, f, "template", R_TEMPLATE, a->vm < 0 ? a->template : -1);
    ref (c, f, "vm", R_VM, a->vm);
    tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

static void
render_nic (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimNic *n = SIM_AT (c->m->nics, SimNic, it->idx);

    jw_obj_begin (w, key);
    jw_str (w, "interface", n->iface);
    jw_bool_str (w, "linked", n->linked);
    mac (c, n->mac);
    jw_bool_str (w, "plugged", n->plugged);
    jw_bool_str (w, "synced", TRUE);
    ref (c, f, "template", R_TEMPLATE, n->vm < 0 ? n->template : -1);
    ref (c, f, "vm", R_VM, n->vm);
    ref (c, f, "vnic_profile", R_PROFILE, n->profile);
    inline_subs (c, it, href, f);
    tail (c, it, href, n->name, NULL, NULL);
    jw_obj_end (w);
}

static void
render_snapshot (RCtx *c, const RItem *it, const char *key, const char *href,
                 const RFollow *f)
{
    JsonW *w = c->w;
    const SimSnapshot *s = SIM_AT (c->m->snaps, SimSnapshot, it->idx);
    static const char *const snap_actions[] = { "commit", "preview", "restore", "undo", NULL };

    jw_obj_begin (w, key);
    jw_num (w, "date", s->date);
    jw_bool_str (w, "persist_memorystate", s->memory);
    jw_str (w, "snapshot_status", s->status);
    jw_str (w, "snapshot_type", s->type);
    ref (c, f, "vm", R_VM, s->vm);
    inline_subs (c, it, href, f);
    actions (c, href, snap_actions);
    tail (c, it, href, NULL, s->description, NULL);
    jw_obj_end (w);
}

static void
render_host_nic (RCtx *c, const RItem *it, const char *key, const char *href,
                 const RFollow *f)
{
    JsonW *w = c->w;
    const SimHostNic *n = SIM_AT (c->m->host_nics, SimHostNic, it->idx);

    jw_obj_begin (w, key);
    if (n->bond_first >= 0) {
        char prefix[96];
        jw_obj_begin (w, "bonding");
        jw_obj_begin (w, "options");
        jw_arr_begin (w, "option");
        jw_obj_begin (w, NULL);
        jw_str (w, "name", "mode");
        jw_str (w, "type", "Dynamic link aggregation (802.3ad)");
        jw_str (w, "value", "4");
        jw_obj_end (w);
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_begin (w, "slaves");
        jw_arr_begin (w, "host_nic");
        snprintf (prefix, sizeof prefix, SIM_API "/hosts/%s/nics",
                  SIM_AT (c->m->hosts, SimHost, n->host)->id.s);
        for (int k = 0; k < n->bond_n; k++) {
            jw_ref (w, NULL, prefix,
                    SIM_AT (c->m->host_nics, SimHostNic, n->bond_first + k)->id.s, NULL);
        }
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_str (w, "boot_protocol", n->ip[0] != '\0' ? "static" : "none");
    jw_bool_str (w, "bridged", n->network >= 0);
    jw_bool_str (w, "custom_configuration", FALSE);
    if (n->ip[0] != '\0') {
        char gw[20];
        g_strlcpy (gw, n->ip, sizeof gw);
        char *dot = strrchr (gw, '.');
        g_strlcpy (dot + 1, "1", sizeof gw - (gsize) (dot + 1 - gw));
        jw_obj_begin (w, "ip");
        jw_str (w, "address", n->ip);
        jw_str (w, "gateway", gw);
        jw_str (w, "netmask", "255.255.0.0");
        jw_str (w, "version", "v4");
        jw_obj_end (w);
    }
    mac (c, n->mac);
    jw_int_str (w, "mtu", n->mtu);
    jw_int_str (w, "speed", n->speed);
    jw_str (w, "status", n->up ? "up" : "down");
    if (n->vlan > 0) {
        jw_obj_begin (w, "vlan");
        jw_int_str (w, "id", n->vlan);
        jw_obj_end (w);
    }
    ref (c, f, "host", R_HOST, n->host);
    ref (c, f, "network", R_NETWORK, n->network);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, n->name, NULL, NULL);
    jw_obj_end (w);
}

static void
render_net_att (RCtx *c, const RItem *it, const char *key, const char *href,
                const RFollow *f)
{
    JsonW *w = c->w;
    const SimNetAttachment *a = SIM_AT (c->m->net_atts, SimNetAttachment, it->idx);
    const SimHostNic *n = SIM_AT (c->m->host_nics, SimHostNic, a->nic);
    char prefix[96];

    jw_obj_begin (w, key);
    jw_bool_str (w, "in_sync", a->in_sync);
    jw_obj_begin (w, "ip_address_assignments");
    jw_arr_begin (w, "ip_address_assignment");
    jw_obj_begin (w, NULL);
    jw_str (w, "assignment_method", n->ip[0] != '\0' ? "static" : "none");
    jw_obj_end (w);
    jw_arr_end (w);
    jw_obj_end (w);
    ref (c, f, "host", R_HOST, a->host);
    snprintf (prefix, sizeof prefix, SIM_API "/hosts/%s/nics",
              SIM_AT (c->m->hosts, SimHost, a->host)->id.s);
    jw_ref (w, "host_nic", prefix, n->id.s, NULL);
    ref (c, f, "network", R_NETWORK, a->network);
    tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

static void
render_stat (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    RKind owner = stat_owner (it->kind);
    int n;
    const StatDef *d = &stat_defs (owner, &n)[it->sub];
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
        ref (c, NULL, "vm", R_VM, it->idx);
    } else if (owner == R_HOST) {
        ref (c, NULL, "host", R_HOST, it->idx);
    } else if (owner == R_DISK) {
        ref (c, NULL, "disk", R_DISK, it->idx);
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
    tail (c, it, href, d->name, d->desc, NULL);
    jw_obj_end (w);
}

static void
render_reported_device (RCtx *c, const RItem *it, const char *key, const char *href,
                        const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    const SimNic *n = SIM_AT (c->m->nics, SimNic, g_array_index (v->nics, int, it->sub));
    char ip[48];
    char name[8];

    jw_obj_begin (w, key);
    jw_obj_begin (w, "ips");
    jw_arr_begin (w, "ip");
    jw_obj_begin (w, NULL);
    snprintf (ip, sizeof ip, "10.%d.%d.%d", 100 + it->sub, (it->idx / 250) % 256,
              it->idx % 250 + 2);
    jw_str (w, "address", ip);
    jw_str (w, "version", "v4");
    jw_obj_end (w);
    jw_obj_begin (w, NULL);
    snprintf (ip, sizeof ip, "fe80::546f:%xff:fe%02x:%x", it->sub, (it->idx >> 16) & 0xff,
              it->idx & 0xffff);
    jw_str (w, "address", ip);
    jw_str (w, "version", "v6");
    jw_obj_end (w);
    jw_arr_end (w);
    jw_obj_end (w);
    mac (c, n->mac);
    jw_str (w, "type", "network");
    ref (c, f, "vm", R_VM, it->idx);
    snprintf (name, sizeof name, "eth%d", it->sub);
    tail (c, it, href, name, "guest reported data", NULL);
    jw_obj_end (w);
}

static void
render_console (RCtx *c, const RItem *it, const char *key, const char *href,
                const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    gboolean spice = g_str_equal (v->display, "spice");

    jw_obj_begin (w, key);
    if (v->host >= 0) {
        jw_str (w, "address", SIM_AT (c->m->hosts, SimHost, v->host)->address);
        jw_int_str (w, "port", 5900 + (it->idx % 100) * 2);
        if (spice) {
            jw_int_str (w, "tls_port", 5901 + (it->idx % 100) * 2);
        }
    }
    jw_str (w, "protocol", v->display);
    ref (c, f, "vm", R_VM, it->idx);
    tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

static void
render_cdrom (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    jw_obj_begin (c->w, key);
    ref (c, f, "vm", R_VM, it->idx);
    tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (c->w);
}

static void
render_cpu_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f)
{
    jw_obj_begin (c->w, key);
    ref (c, f, "cluster", R_CLUSTER, it->idx);
    tail (c, it, href, SIM_AT (c->m->clusters, SimCluster, it->idx)->name, "", NULL);
    jw_obj_end (c->w);
}

static void
render_disk_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                     const RFollow *f)
{
    jw_obj_begin (c->w, key);
    ref (c, f, "storage_domain", R_SD, it->idx);
    tail (c, it, href, SIM_AT (c->m->sds, SimStorageDomain, it->idx)->name, "", NULL);
    jw_obj_end (c->w);
}

static void
render_pool (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimPool *p = SIM_AT (c->m->pools, SimPool, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "auto_storage_select", FALSE);
    jw_int_str (w, "max_user_vms", 1);
    jw_int_str (w, "prestarted_vms", p->prestarted);
    jw_int_str (w, "size", p->size);
    jw_bool_str (w, "stateful", FALSE);
    jw_str (w, "type", p->type);
    ref (c, f, "cluster", R_CLUSTER, p->cluster);
    ref (c, f, "template", R_TEMPLATE, p->template);
    inline_subs (c, it, href, f);
    actions (c, href, NULL);
    tail (c, it, href, p->name, p->description, "");
    jw_obj_end (w);
}

static void
render_none (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    jw_obj_begin (c->w, key);
    jw_obj_end (c->w);
}

/* ---- the API table ----------------------------------------------------- */

#define EMPTY(rel, follow) { rel, follow, R_NONE }
#define END { NULL, NULL, R_NONE }

static const RSub root_subs[] = {
    { "clusters", "clusters", R_CLUSTER }, { "cpuprofiles", "cpu_profiles", R_CPU_PROFILE },
    { "datacenters", "data_centers", R_DC }, { "diskprofiles", "disk_profiles", R_DISK_PROFILE },
    { "disks", "disks", R_DISK }, { "events", "events", R_EVENT },
    { "hosts", "hosts", R_HOST }, { "networks", "networks", R_NETWORK },
    { "storagedomains", "storage_domains", R_SD }, { "templates", "templates", R_TEMPLATE },
    { "vmpools", "vm_pools", R_POOL }, { "vms", "vms", R_VM },
    { "vnicprofiles", "vnic_profiles", R_PROFILE }, END,
};
static const RSub vm_subs[] = {
    EMPTY ("affinitylabels", "affinity_labels"), EMPTY ("applications", "applications"),
    { "cdroms", "cdroms", R_CDROM },
    { "diskattachments", "disk_attachments", R_VM_DISK_ATT },
    { "graphicsconsoles", "graphics_consoles", R_CONSOLE },
    EMPTY ("hostdevices", "host_devices"), EMPTY ("mediateddevices", "mediated_devices"),
    { "nics", "nics", R_VM_NIC }, EMPTY ("numanodes", "numa_nodes"),
    EMPTY ("permissions", "permissions"),
    { "reporteddevices", "reported_devices", R_REPORTED_DEVICE },
    EMPTY ("sessions", "sessions"), { "snapshots", "snapshots", R_SNAPSHOT },
    { "statistics", "statistics", R_VM_STAT }, EMPTY ("tags", "tags"),
    EMPTY ("watchdogs", "watchdogs"), END,
};
static const RSub host_subs[] = {
    EMPTY ("affinitylabels", "affinity_labels"), EMPTY ("devices", "devices"),
    EMPTY ("fenceagents", "fence_agents"), EMPTY ("hooks", "hooks"),
    { "networkattachments", "network_attachments", R_NET_ATT },
    { "nics", "nics", R_HOST_NIC }, EMPTY ("numanodes", "numa_nodes"),
    EMPTY ("permissions", "permissions"), { "statistics", "statistics", R_HOST_STAT },
    EMPTY ("storage", "storages"), EMPTY ("tags", "tags"),
    EMPTY ("unmanagednetworks", "unmanaged_networks"), END,
};
static const RSub cluster_subs[] = {
    EMPTY ("affinitygroups", "affinity_groups"), EMPTY ("cpuprofiles", "cpu_profiles"),
    EMPTY ("enabledfeatures", "enabled_features"), EMPTY ("glustervolumes", "gluster_volumes"),
    EMPTY ("networkfilters", "network_filters"), { "networks", "networks", R_NETWORK },
    EMPTY ("permissions", "permissions"), END,
};
static const RSub dc_subs[] = {
    { "clusters", "clusters", R_CLUSTER }, EMPTY ("iscsibonds", "iscsi_bonds"),
    { "networks", "networks", R_NETWORK }, EMPTY ("permissions", "permissions"),
    EMPTY ("qoss", "qoss"), EMPTY ("quotas", "quotas"),
    { "storagedomains", "storage_domains", R_SD }, END,
};
static const RSub sd_subs[] = {
    { "disks", "disks", R_DISK }, EMPTY ("diskprofiles", "disk_profiles"),
    EMPTY ("disksnapshots", "disk_snapshots"), EMPTY ("images", "images"),
    EMPTY ("permissions", "permissions"), EMPTY ("storageconnections", "storage_connections"),
    { "templates", "templates", R_TEMPLATE }, { "vms", "vms", R_VM }, END,
};
static const RSub disk_subs[] = {
    EMPTY ("disksnapshots", "disk_snapshots"), EMPTY ("permissions", "permissions"),
    { "statistics", "statistics", R_DISK_STAT }, END,
};
static const RSub network_subs[] = {
    EMPTY ("networklabels", "network_labels"), EMPTY ("permissions", "permissions"),
    { "vnicprofiles", "vnic_profiles", R_PROFILE }, END,
};
static const RSub profile_subs[] = { EMPTY ("permissions", "permissions"), END };
static const RSub template_subs[] = {
    EMPTY ("cdroms", "cdroms"), { "diskattachments", "disk_attachments", R_TPL_DISK_ATT },
    EMPTY ("graphicsconsoles", "graphics_consoles"), { "nics", "nics", R_TPL_NIC },
    EMPTY ("permissions", "permissions"), EMPTY ("tags", "tags"),
    EMPTY ("watchdogs", "watchdogs"), END,
};
static const RSub vm_nic_subs[] = {
    EMPTY ("networkfilterparameters", "network_filter_parameters"),
    { "statistics", "statistics", R_VM_NIC_STAT }, END,
};
static const RSub tpl_nic_subs[] = {
    EMPTY ("networkfilterparameters", "network_filter_parameters"), END,
};
static const RSub host_nic_subs[] = {
    EMPTY ("networklabels", "network_labels"), { "statistics", "statistics", R_HOST_NIC_STAT },
    EMPTY ("virtualfunctionallowedlabels", "virtual_function_allowed_labels"),
    EMPTY ("virtualfunctionallowednetworks", "virtual_function_allowed_networks"), END,
};
static const RSub snapshot_subs[] = {
    EMPTY ("cdroms", "cdroms"), EMPTY ("disks", "disks"), EMPTY ("nics", "nics"), END,
};
static const RSub no_subs[] = { END };
static const RSub perm_subs[] = { EMPTY ("permissions", "permissions"), END };

static const RRef vm_refs[] = {
    { "cluster", R_CLUSTER }, { "cpu_profile", R_CPU_PROFILE }, { "host", R_HOST },
    { "original_template", R_TEMPLATE }, { "template", R_TEMPLATE }, { "vm_pool", R_POOL },
    { NULL, R_NONE },
};
static const RRef pool_refs[] = {
    { "cluster", R_CLUSTER }, { "template", R_TEMPLATE }, { NULL, R_NONE },
};
static const RRef cluster_refs[] = { { "cluster", R_CLUSTER }, { NULL, R_NONE } };
static const RRef dc_refs[] = { { "data_center", R_DC }, { NULL, R_NONE } };
static const RRef network_refs[] = {
    { "data_center", R_DC }, { "cluster", R_CLUSTER }, { NULL, R_NONE },
};
static const RRef disk_refs[] = {
    { "storage_domains", R_SD }, { "disk_profile", R_DISK_PROFILE }, { NULL, R_NONE },
};
static const RRef sd_refs[] = { { "storage_domain", R_SD }, { NULL, R_NONE } };
static const RRef profile_refs[] = { { "network", R_NETWORK }, { NULL, R_NONE } };
static const RRef att_refs[] = {
    { "disk", R_DISK }, { "vm", R_VM }, { "template", R_TEMPLATE }, { NULL, R_NONE },
};
static const RRef nic_refs[] = {
    { "vm", R_VM }, { "template", R_TEMPLATE }, { "vnic_profile", R_PROFILE },
    { NULL, R_NONE },
};
static const RRef vm_only_refs[] = { { "vm", R_VM }, { NULL, R_NONE } };
static const RRef host_nic_refs[] = {
    { "host", R_HOST }, { "network", R_NETWORK }, { NULL, R_NONE },
};
static const RRef no_refs[] = { { NULL, R_NONE } };

static const KindDesc kinds[R_LAST] = {
    [R_ROOT] = { "api", NULL, root_subs, no_refs, NULL },
    [R_VM] = { "vm", "vms", vm_subs, vm_refs, render_vm },
    [R_HOST] = { "host", "hosts", host_subs, cluster_refs, render_host },
    [R_CLUSTER] = { "cluster", "clusters", cluster_subs, dc_refs, render_cluster },
    [R_DC] = { "data_center", "datacenters", dc_subs, no_refs, render_dc },
    [R_SD] = { "storage_domain", "storagedomains", sd_subs, dc_refs, render_sd },
    [R_DISK] = { "disk", "disks", disk_subs, disk_refs, render_disk },
    [R_NETWORK] = { "network", "networks", network_subs, network_refs, render_network },
    [R_PROFILE] = { "vnic_profile", "vnicprofiles", profile_subs, profile_refs,
                    render_profile },
    [R_TEMPLATE] = { "template", "templates", template_subs, cluster_refs, render_template },
    [R_EVENT] = { "event", "events", no_subs, no_refs, render_event },
    [R_CPU_PROFILE] = { "cpu_profile", "cpuprofiles", perm_subs, cluster_refs,
                        render_cpu_profile },
    [R_DISK_PROFILE] = { "disk_profile", "diskprofiles", perm_subs, sd_refs,
                         render_disk_profile },
    [R_POOL] = { "vm_pool", "vmpools", perm_subs, pool_refs, render_pool },
    [R_VM_DISK_ATT] = { "disk_attachment", NULL, no_subs, att_refs, render_disk_att },
    [R_TPL_DISK_ATT] = { "disk_attachment", NULL, no_subs, att_refs, render_disk_att },
    [R_VM_NIC] = { "nic", NULL, vm_nic_subs, nic_refs, render_nic },
    [R_TPL_NIC] = { "nic", NULL, tpl_nic_subs, nic_refs, render_nic },
    [R_SNAPSHOT] = { "snapshot", NULL, snapshot_subs, vm_only_refs, render_snapshot },
    [R_HOST_NIC] = { "host_nic", NULL, host_nic_subs, host_nic_refs, render_host_nic },
    [R_NET_ATT] = { "network_attachment", NULL, no_subs, host_nic_refs, render_net_att },
    [R_VM_STAT] = { "statistic", NULL, no_subs, no_refs, render_stat },
    [R_HOST_STAT] = { "statistic", NULL, no_subs, no_refs, render_stat },
    [R_HOST_NIC_STAT] = { "statistic", NULL, no_subs, no_refs, render_stat },
    [R_VM_NIC_STAT] = { "statistic", NULL, no_subs, no_refs, render_stat },
    [R_DISK_STAT] = { "statistic", NULL, no_subs, no_refs, render_stat },
    [R_REPORTED_DEVICE] = { "reported_device", NULL, no_subs, vm_only_refs,
                            render_reported_device },
    [R_CONSOLE] = { "graphics_console", NULL, no_subs, vm_only_refs, render_console },
    [R_CDROM] = { "cdrom", NULL, no_subs, vm_only_refs, render_cdrom },
    [R_NONE] = { "none", NULL, no_subs, no_refs, render_none },
};

static const KindDesc *
kind_desc (RKind kind)
{
    return &kinds[kind];
}

const char *
r_elem_key (RKind kind)
{
    return kinds[kind].elem;
}

const RSub *
r_find_sub (RKind kind, const char *rel)
{
    for (const RSub *s = kinds[kind].subs; s != NULL && s->rel != NULL; s++) {
        if (g_str_equal (s->rel, rel)) {
            return s;
        }
    }
    return NULL;
}

void
r_render (RCtx *c, const RItem *item, const char *key, const char *href,
          const RFollow *follow)
{
    kinds[item->kind].render (c, item, key, href, follow);
}

/* ---- listing and lookup ------------------------------------------------ */

static void
push (GArray *out, RKind kind, int idx, int sub, int ctx)
{
    RItem it = { kind, idx, sub, ctx };

    g_array_append_val (out, it);
}

static void
push_all (GArray *out, RKind kind, guint n)
{
    for (guint i = 0; i < n; i++) {
        push (out, kind, (int) i, 0, 0);
    }
}

static void
push_ints (GArray *out, RKind kind, GArray *ints)
{
    for (guint i = 0; i < ints->len; i++) {
        push (out, kind, g_array_index (ints, int, i), 0, 0);
    }
}

void
r_list (SimModel *m, const RSub *sub, const RItem *parent, GArray *out)
{
    RKind child = sub->child;
    int p = parent->idx;

    if (child == R_NONE) {
        return;
    }
    switch (parent->kind) {
    case R_ROOT:
        switch (child) {
        case R_VM: push_all (out, child, m->vms->len); break;
        case R_HOST: push_all (out, child, m->hosts->len); break;
        case R_CLUSTER: push_all (out, child, m->clusters->len); break;
        case R_CPU_PROFILE: push_all (out, child, m->clusters->len); break;
        case R_DISK_PROFILE: push_all (out, child, m->sds->len); break;
        case R_POOL: push_all (out, child, m->pools->len); break;
        case R_DC: push_all (out, child, m->dcs->len); break;
        case R_SD: push_all (out, child, m->sds->len); break;
        case R_DISK: push_all (out, child, m->disks->len); break;
        case R_NETWORK: push_all (out, child, m->networks->len); break;
        case R_PROFILE: push_all (out, child, m->profiles->len); break;
        case R_TEMPLATE: push_all (out, child, m->templates->len); break;
        case R_EVENT:
            for (guint i = m->events->len; i > 0; i--) {   /* newest first */
                push (out, child, (int) i - 1, 0, 0);
            }
            break;
        default: break;
        }
        return;
    case R_VM: {
        const SimVm *v = SIM_AT (m->vms, SimVm, p);
        switch (child) {
        case R_VM_DISK_ATT: push_ints (out, child, v->disk_atts); break;
        case R_VM_NIC: push_ints (out, child, v->nics); break;
        case R_SNAPSHOT: push_ints (out, child, v->snaps); break;
        case R_CDROM: push (out, child, p, 0, 0); break;
        case R_CONSOLE: push (out, child, p, 0, 0); break;
        case R_REPORTED_DEVICE:
            if (v->host >= 0 && v->agent) {
                for (guint i = 0; i < v->nics->len; i++) {
                    push (out, child, p, (int) i, 0);
                }
            }
            break;
        default: break;
        }
        break;
    }
    case R_HOST: {
        const SimHost *h = SIM_AT (m->hosts, SimHost, p);
        if (child == R_HOST_NIC) {
            for (int i = 0; i < h->n_nics; i++) {
                push (out, child, h->first_nic + i, 0, 0);
            }
        } else if (child == R_NET_ATT) {
            for (guint i = 0; i < m->net_atts->len; i++) {
                if (SIM_AT (m->net_atts, SimNetAttachment, i)->host == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        }
        break;
    }
    case R_CLUSTER:
        if (child == R_NETWORK) {
            int dc = SIM_AT (m->clusters, SimCluster, p)->dc;
            for (guint i = 0; i < m->networks->len; i++) {
                if (SIM_AT (m->networks, SimNetwork, i)->dc == dc) {
                    push (out, child, (int) i, 0, p + 1);
                }
            }
        }
        break;
    case R_DC:
        if (child == R_SD) {
            for (guint i = 0; i < m->sds->len; i++) {
                if (SIM_AT (m->sds, SimStorageDomain, i)->dc == p) {
                    push (out, child, (int) i, 0, 1);
                }
            }
        } else if (child == R_CLUSTER) {
            for (guint i = 0; i < m->clusters->len; i++) {
                if (SIM_AT (m->clusters, SimCluster, i)->dc == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        } else if (child == R_NETWORK) {
            for (guint i = 0; i < m->networks->len; i++) {
                if (SIM_AT (m->networks, SimNetwork, i)->dc == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        }
        break;
    case R_SD: {
        const SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, p);
        if (child == R_VM) {
            push_ints (out, child, sd->vms);
        } else if (child == R_DISK) {
            push_ints (out, child, sd->disks);
        } else if (child == R_TEMPLATE) {
            push_ints (out, child, sd->templates);
        }
        break;
    }
    case R_NETWORK:
        for (guint i = 0; i < m->profiles->len; i++) {
            if (SIM_AT (m->profiles, SimVnicProfile, i)->network == p) {
                push (out, child, (int) i, 0, 0);
            }
        }
        break;
    case R_TEMPLATE: {
        const SimTemplate *t = SIM_AT (m->templates, SimTemplate, p);
        if (child == R_TPL_DISK_ATT) {
            push_ints (out, child, t->disk_atts);
        } else if (child == R_TPL_NIC) {
            push_ints (out, child, t->nics);
        }
        break;
    }
    default:
        break;
    }
    switch (child) {
    case R_VM_STAT:
    case R_HOST_STAT:
    case R_HOST_NIC_STAT:
    case R_VM_NIC_STAT:
    case R_DISK_STAT:
        for (int k = 0; k < r_stat_count (stat_owner (child)); k++) {
            push (out, child, p, k, 0);
        }
        break;
    default:
        break;
    }
}

static SimKind
sim_kind_of (RKind kind)
{
    switch (kind) {
    case R_VM: return SIM_KIND_VM;
    case R_HOST: return SIM_KIND_HOST;
    case R_CLUSTER: return SIM_KIND_CLUSTER;
    case R_DC: return SIM_KIND_DC;
    case R_SD: return SIM_KIND_SD;
    case R_DISK: return SIM_KIND_DISK;
    case R_NETWORK: return SIM_KIND_NETWORK;
    case R_PROFILE: return SIM_KIND_PROFILE;
    case R_TEMPLATE: return SIM_KIND_TEMPLATE;
    case R_EVENT: return SIM_KIND_EVENT;
    case R_CPU_PROFILE: return SIM_KIND_CPU_PROFILE;
    case R_DISK_PROFILE: return SIM_KIND_DISK_PROFILE;
    case R_POOL: return SIM_KIND_POOL;
    default: return SIM_KIND_LAST;
    }
}

gboolean
r_find_member (SimModel *m, const RSub *sub, const RItem *parent, const char *id,
               RItem *out)
{
    char buf[40];

    if (parent->kind == R_ROOT) {
        int idx = sim_model_find (m, sim_kind_of (sub->child), id);
        if (idx < 0) {
            return FALSE;
        }
        *out = (RItem) { sub->child, idx, 0, 0 };
        return TRUE;
    }
    g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (RItem));
    r_list (m, sub, parent, items);
    for (guint i = 0; i < items->len; i++) {
        RItem *it = &g_array_index (items, RItem, i);
        if (g_str_equal (r_item_id (m, it, buf), id)) {
            *out = *it;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
r_item_id (SimModel *m, const RItem *it, char *buf)
{
    switch (it->kind) {
    case R_VM: return SIM_AT (m->vms, SimVm, it->idx)->id.s;
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->id.s;
    case R_CLUSTER: return SIM_AT (m->clusters, SimCluster, it->idx)->id.s;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->id.s;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->id.s;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->id.s;
    case R_NETWORK: return SIM_AT (m->networks, SimNetwork, it->idx)->id.s;
    case R_PROFILE: return SIM_AT (m->profiles, SimVnicProfile, it->idx)->id.s;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->id.s;
    case R_CPU_PROFILE: return SIM_AT (m->clusters, SimCluster, it->idx)->cpu_profile_id.s;
    case R_POOL: return SIM_AT (m->pools, SimPool, it->idx)->id.s;
    case R_DISK_PROFILE:
        return SIM_AT (m->sds, SimStorageDomain, it->idx)->disk_profile_id.s;
    case R_EVENT:
        snprintf (buf, 40, "%d", SIM_AT (m->events, SimEvent, it->idx)->index);
        return buf;
    case R_VM_DISK_ATT:
    case R_TPL_DISK_ATT: {
        int disk = SIM_AT (m->disk_atts, SimDiskAttachment, it->idx)->disk;
        return SIM_AT (m->disks, SimDisk, disk)->id.s;
    }
    case R_VM_NIC:
    case R_TPL_NIC: return SIM_AT (m->nics, SimNic, it->idx)->id.s;
    case R_SNAPSHOT: return SIM_AT (m->snaps, SimSnapshot, it->idx)->id.s;
    case R_HOST_NIC: return SIM_AT (m->host_nics, SimHostNic, it->idx)->id.s;
    case R_NET_ATT: return SIM_AT (m->net_atts, SimNetAttachment, it->idx)->id.s;
    case R_VM_STAT:
    case R_HOST_STAT:
    case R_HOST_NIC_STAT:
    case R_VM_NIC_STAT:
    case R_DISK_STAT: {
        int n;
        return stat_defs (stat_owner (it->kind), &n)[it->sub].id;
    }
    case R_REPORTED_DEVICE: {
        char name[64];
        snprintf (name, sizeof name, "%s/eth%d", SIM_AT (m->vms, SimVm, it->idx)->id.s,
                  it->sub);
        name_uuid (name, buf);
        return buf;
    }
    case R_CONSOLE: {
        /* the engine's console id is the protocol name in hex */
        const char *p = SIM_AT (m->vms, SimVm, it->idx)->display;
        char *o = buf;
        for (; *p != '\0'; p++) {
            o += snprintf (o, 3, "%02x", (unsigned char) *p);
        }
        return buf;
    }
    case R_CDROM: return SIM_BLANK_ID;
    default: return "";
    }
}

const char *
r_item_name (SimModel *m, const RItem *it)
{
    switch (it->kind) {
    case R_VM: return SIM_AT (m->vms, SimVm, it->idx)->name;
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->name;
    case R_CLUSTER: return SIM_AT (m->clusters, SimCluster, it->idx)->name;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->name;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->name;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->name;
    case R_NETWORK: return SIM_AT (m->networks, SimNetwork, it->idx)->name;
    case R_PROFILE: return SIM_AT (m->profiles, SimVnicProfile, it->idx)->name;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->name;
    case R_EVENT: return SIM_AT (m->events, SimEvent, it->idx)->description;
    case R_CPU_PROFILE: return SIM_AT (m->clusters, SimCluster, it->idx)->name;
    case R_POOL: return SIM_AT (m->pools, SimPool, it->idx)->name;
    case R_DISK_PROFILE: return SIM_AT (m->sds, SimStorageDomain, it->idx)->name;
    case R_VM_NIC:
    case R_TPL_NIC: return SIM_AT (m->nics, SimNic, it->idx)->name;
    case R_HOST_NIC: return SIM_AT (m->host_nics, SimHostNic, it->idx)->name;
    case R_SNAPSHOT: return SIM_AT (m->snaps, SimSnapshot, it->idx)->description;
    default: return NULL;
    }
}

const char *
r_item_status (SimModel *m, const RItem *it)
{
    switch (it->kind) {
    case R_VM: return sim_vm_status_name (SIM_AT (m->vms, SimVm, it->idx)->status);
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->status;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->status;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->dc_status;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->status;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->status;
    case R_EVENT: return SIM_AT (m->events, SimEvent, it->idx)->severity;
    default: return NULL;
    }
}

/* ---- root, actions, faults -------------------------------------------- */

static void
summary_pair (RCtx *c, const char *key, int active, int total)
{
    jw_obj_begin (c->w, key);
    jw_int_str (c->w, "active", active);
    jw_int_str (c->w, "total", total);
    jw_obj_end (c->w);
}

void
r_render_root (RCtx *c)
{
    JsonW *w = c->w;
    SimModel *m = c->m;
    int hosts_up = 0;
    int vms_up = 0;
    int sds_up = 0;
    char href[128];

    for (guint i = 0; i < m->hosts->len; i++) {
        hosts_up += g_str_equal (SIM_AT (m->hosts, SimHost, i)->status, "up");
    }
    for (guint i = 0; i < m->vms->len; i++) {
        vms_up += SIM_AT (m->vms, SimVm, i)->host >= 0;
    }
    for (guint i = 0; i < m->sds->len; i++) {
        sds_up += g_str_equal (SIM_AT (m->sds, SimStorageDomain, i)->dc_status, "active");
    }
    jw_obj_begin (w, NULL);
    jw_obj_begin (w, "product_info");
    jw_str (w, "instance_id", "5b1ee2d4-0a31-4b63-9a6b-4c1d8c7d6e10");
    jw_str (w, "name", "oVirt Engine");
    jw_str (w, "vendor", "ovirt.org");
    jw_obj_begin (w, "version");
    jw_int_str (w, "build", 4);
    jw_str (w, "full_version", "4.5.4-1.el8");
    jw_int_str (w, "major", 4);
    jw_int_str (w, "minor", 5);
    jw_int_str (w, "revision", 0);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_obj_begin (w, "special_objects");
    ref (c, NULL, "blank_template", R_TEMPLATE, 0);
    jw_obj_end (w);
    jw_obj_begin (w, "summary");
    summary_pair (c, "hosts", hosts_up, (int) m->hosts->len);
    summary_pair (c, "storage_domains", sds_up, (int) m->sds->len);
    summary_pair (c, "users", 1, 1);
    summary_pair (c, "vms", vms_up, (int) m->vms->len);
    jw_obj_end (w);
    jw_num (w, "time", SIM_NOW_MS);
    jw_arr_begin (w, "link");
    for (const RSub *s = root_subs; s->rel != NULL; s++) {
        for (int search = 0; search < 2; search++) {
            jw_obj_begin (w, NULL);
            snprintf (href, sizeof href, SIM_API "/%s%s", s->rel,
                      search ? "?search={query}" : "");
            jw_str (w, "href", href);
            snprintf (href, sizeof href, "%s%s", s->rel, search ? "/search" : "");
            jw_str (w, "rel", href);
            jw_obj_end (w);
        }
    }
    jw_arr_end (w);
    jw_obj_end (w);
}

void
r_render_action (RCtx *c, const char *vm_id, const char *action)
{
    JsonW *w = c->w;
    char seed[96];
    char jid[37];

    /* a stable job id derived from the VM and the action (not served) */
    snprintf (seed, sizeof seed, "%s/%s", vm_id, action);
    name_uuid (seed, jid);
    jw_obj_begin (w, NULL);
    jw_bool_str (w, "async", FALSE);
    jw_obj_begin (w, "grace_period");
    jw_int_str (w, "expiry", 10);
    jw_obj_end (w);
    jw_ref (w, "job", SIM_API "/jobs", jid, NULL);
    jw_str (w, "status", "complete");
    jw_ref (w, "vm", SIM_API "/vms", vm_id, NULL);
    jw_obj_end (w);
}

void
r_render_fault (JsonW *w, const char *reason, const char *detail)
{
    jw_obj_begin (w, NULL);
    jw_str (w, "detail", detail);
    jw_str (w, "reason", reason);
    jw_obj_end (w);
}
