/* fetch.c — fills the inventory from one libvirt connection: Hosts (the
 * node), Networks, Storage domains (pools), Disks (domain disks joined with
 * storage volumes), VMs, VM NICs and Snapshots, linked both ways by id.
 *
 * The fetch runs in two halves.  First it reads everything into the small
 * structs below (Host, Net, Pool, DiskRow, Vm, NicRow, SnapRow), in phases
 * that report progress and check for cancellation: node, networks, pools
 * with their volumes, domains, snapshots.  Then, with every relation known,
 * it writes the rows, so each link can name its target's id.
 *
 * Cost per connection: a handful of calls for the node; per network and
 * pool a few calls; per volume its info and path, and the XML of the
 * volumes no domain uses (for their format); four virConnectListAllDomains
 * calls (all, transient, autostart, with snapshots) instead of per-domain
 * questions; ONE virConnectGetAllDomainStats for every statistic of every
 * domain; one virDomainGetXMLDesc per domain (the only per-domain call);
 * and, only for the domains that have snapshots, one listing plus one XML
 * and one "is current" call per snapshot.  Drivers without bulk statistics
 * fall back to virDomainGetInfo per domain.  The per-item calls (volume,
 * domain and snapshot XML, and its parsing) run on a few threads
 * (run_parallel): the test driver is CPU-bound in-process, remote drivers
 * wait on round trips; the structs are then linked on the calling thread
 * in listing order, so the result does not depend on the threads.
 *
 * Errors: a table whose listing fails gets the error (vinv_table_set_error)
 * and the others still load; the fetch fails only when nothing at all
 * could be read, or when cancelled.
 */
#include "libvirt-private.h"

#include <string.h>

#include "xml-desc.h"

#define PHASES 6

typedef struct _Vm Vm;
typedef struct _Pool Pool;

typedef struct {
    char *id;                  /* sysinfo UUID, else the source name */
    char *name;
    char *hypervisor;          /* "QEMU 7.2.0", or NULL */
    char *libvirt_version;     /* "9.0.0", or NULL */
    gboolean have_info;
    virNodeInfo info;
    gboolean have_mem;
    guint64 mem_total;         /* bytes */
    guint64 mem_free;
    guint64 mem_used;
} Host;

typedef struct {
    VinvNetworkDesc *desc;
    char *id;                  /* UUID, or the name when libvirt gives none */
    int active;                /* -1: not known */
    int autostart;
    GPtrArray *vms;            /* Vm*, each once */
    GPtrArray *nics;           /* NicRow* */
} Net;

struct _Pool {
    VinvPoolDesc *desc;
    char *id;
    gboolean have_info;
    virStoragePoolInfo info;
    int autostart;             /* -1: not known */
    int persistent;
    GPtrArray *disks;          /* DiskRow* on this pool */
    GPtrArray *vms;            /* Vm*, each once */
};

/* A row of the Disks table: a storage volume, a domain disk, or both
 * (joined by path).  A disk used by several domains is one row. */
typedef struct {
    char *id;                  /* volume key, else path, else VMUUID/target */
    char *name;
    char *path;                /* or NULL (empty CD-ROM) */
    char *format;
    char *storage_type;
    char *bus;                 /* of the first domain that attaches it */
    char *target;
    Pool *pool;                /* or NULL: not a volume of a known pool */
    gboolean is_volume;
    guint64 capacity;          /* volumes only */
    guint64 allocation;
    gboolean shareable;
    GPtrArray *vms;            /* Vm*, each once */
    gboolean have_stats;
    guint64 rd_bytes, wr_bytes, rd_reqs, wr_reqs;
} DiskRow;

typedef struct {
    char *id;                  /* VMUUID/MAC (or VMUUID/netN without a MAC) */
    char *name;
    const VinvNicDesc *desc;   /* borrowed from vm->desc */
    Vm *vm;
    Net *net;                  /* or NULL */
    gboolean have_stats;
    guint64 rx_bytes, tx_bytes, rx_errs, tx_errs, rx_drop, tx_drop;
} NicRow;

typedef struct {
    char *id;                  /* VMUUID/name */
    Vm *vm;
    VinvSnapshotDesc *desc;
    int current;               /* -1: not known */
} SnapRow;

/* Statistics of one block device or interface, from the bulk call. */
typedef struct {
    const char *name;          /* borrowed from the stats record */
    guint64 v[6];              /* rd.bytes, rd.reqs, wr.bytes, wr.reqs / rx, tx ... */
    guint have;                /* bit i set: v[i] was reported */
} DevStat;

enum { BLK_RD_BYTES, BLK_RD_REQS, BLK_WR_BYTES, BLK_WR_REQS };
enum { NET_RX_BYTES, NET_RX_ERRS, NET_RX_DROP, NET_TX_BYTES, NET_TX_ERRS, NET_TX_DROP };

/* VM-level statistics present in Vm.have. */
enum {
    HAVE_STATE = 1 << 0,
    HAVE_CPU_TIME = 1 << 1,
    HAVE_BALLOON_CURRENT = 1 << 2,
    HAVE_BALLOON_UNUSED = 1 << 3,
    HAVE_BALLOON_RSS = 1 << 4,
};

struct _Vm {
    virDomainPtr dom;          /* borrowed from Fetch.domains */
    char uuid[VIR_UUID_STRING_BUFLEN];
    guchar raw_uuid[VIR_UUID_BUFLEN];
    const char *name;          /* owned by @dom */
    VinvDomainDesc *desc;      /* NULL if its XML could not be read */
    gboolean active;
    int persistent;            /* -1: not known */
    int autostart;
    int state;                 /* virDomainState, -1: not known */
    guint have;
    guint64 cpu_time;          /* ns */
    guint64 balloon_current;   /* KiB */
    guint64 balloon_unused;
    guint64 balloon_rss;
    GArray *blocks;            /* DevStat, or NULL */
    GArray *nets;              /* DevStat, or NULL */
    GPtrArray *disks;          /* DiskRow*, in the domain's order */
    GPtrArray *nics;           /* NicRow* */
    GPtrArray *snaps;          /* SnapRow* (owned), or NULL if not known */
    gboolean has_snapshots;    /* worth listing (or not known) */
    gboolean gone;             /* undefined since the listing */
    char *error;               /* why its definition could not be read */
    char *snap_error;          /* why its snapshots could not be listed */
};

typedef struct {
    VinvLibvirtBackend *be;
    virConnectPtr conn;
    VinvInventory *inv;
    const char *source;
    VinvProgressFunc progress;
    gpointer user_data;
    GCancellable *cancellable;
    guint done;
    guint failed_phases;       /* phases that read nothing at all */
    guint n_threads;           /* for the per-item calls */

    Host host;
    GPtrArray *nets;           /* Net* */
    GHashTable *net_by_name;
    GHashTable *net_by_bridge;
    GPtrArray *pools;          /* Pool* */
    GHashTable *pool_by_name;
    GPtrArray *disk_rows;      /* DiskRow* */
    GHashTable *disk_by_path;  /* path → DiskRow* */
    GHashTable *disk_by_volume;/* "POOL\x1fVOLUME" → DiskRow* */
    GArray *vol_jobs;          /* VolJob, one per volume */
    GPtrArray *format_jobs;    /* VolJob* whose format no disk told */
    virDomainPtr *domains;     /* from virConnectListAllDomains */
    int n_domains;
    GPtrArray *vms;            /* Vm* */
    GHashTable *vm_by_uuid;    /* raw UUID → Vm* */
    virDomainStatsRecordPtr *stats;
    GPtrArray *nic_rows;       /* NicRow* */
    GPtrArray *snap_rows;      /* SnapRow*, borrowed from Vm.snaps */
    GPtrArray *item_buf;       /* scratch for list cells */
} Fetch;

/* ---- small helpers ------------------------------------------------------ */

static void
net_free (gpointer data)
{
    Net *n = data;

    vinv_network_desc_free (n->desc);
    g_free (n->id);
    g_ptr_array_unref (n->vms);
    g_ptr_array_unref (n->nics);
    g_free (n);
}

static void
pool_free (gpointer data)
{
    Pool *p = data;

    vinv_pool_desc_free (p->desc);
    g_free (p->id);
    g_ptr_array_unref (p->disks);
    g_ptr_array_unref (p->vms);
    g_free (p);
}

static void
disk_row_free (gpointer data)
{
    DiskRow *d = data;

    g_free (d->id);
    g_free (d->name);
    g_free (d->path);
    g_free (d->format);
    g_free (d->storage_type);
    g_free (d->bus);
    g_free (d->target);
    g_ptr_array_unref (d->vms);
    g_free (d);
}

static void
nic_row_free (gpointer data)
{
    NicRow *n = data;

    g_free (n->id);
    g_free (n->name);
    g_free (n);
}

static void
snap_row_free (gpointer data)
{
    SnapRow *s = data;

    g_free (s->id);
    vinv_snapshot_desc_free (s->desc);
    g_free (s);
}

static void
vm_free (gpointer data)
{
    Vm *vm = data;

    vinv_domain_desc_free (vm->desc);
    if (vm->blocks != NULL)
        g_array_unref (vm->blocks);
    if (vm->nets != NULL)
        g_array_unref (vm->nets);
    g_ptr_array_unref (vm->disks);
    g_ptr_array_unref (vm->nics);
    if (vm->snaps != NULL)
        g_ptr_array_unref (vm->snaps);
    g_free (vm->error);
    g_free (vm->snap_error);
    g_free (vm);
}

/* Appends @item to @array unless it is already its last element.  All the
 * links of one VM are made before the next VM's, so this keeps each VM
 * once in a pool's, network's or disk's list. */
static void
add_once (GPtrArray *array, gpointer item)
{
    if (array->len == 0 || g_ptr_array_index (array, array->len - 1) != item)
        g_ptr_array_add (array, item);
}

static gboolean
cancelled (Fetch *f, GError **error)
{
    if (!g_cancellable_is_cancelled (f->cancellable))
        return FALSE;
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED,
                 "loading %s cancelled", f->be->parent.uri);
    return TRUE;
}

/* Starts phase @what: reports progress; FALSE with @error if cancelled. */
static gboolean
phase (Fetch *f, const char *what, GError **error)
{
    if (cancelled (f, error))
        return FALSE;
    if (f->progress != NULL) {
        VinvProgress p = { f->source, what, f->done, PHASES, 0 };
        f->progress (&p, f->user_data);
    }
    f->done++;
    return TRUE;
}

/* Calls @fn (@f, i) for every i < @n on up to f->n_threads threads (the
 * calling one included), skipping the rest once the fetch is cancelled.
 * @fn may only touch item i and call libvirt (connections are
 * thread-safe; errors are per thread); everything shared is linked
 * afterwards on the calling thread, in order. */
typedef void (*ItemFunc) (gpointer f, guint i);

typedef struct {
    gpointer f;
    GCancellable *cancellable;
    ItemFunc fn;
    guint n;
    gint next;
} Work;

static gpointer
work_loop (gpointer data)
{
    Work *w = data;

    for (;;) {
        guint i = (guint) g_atomic_int_add (&w->next, 1);

        if (i >= w->n || g_cancellable_is_cancelled (w->cancellable))
            break;
        w->fn (w->f, i);
    }
    return NULL;
}

static void
run_parallel (gpointer f, GCancellable *cancellable, guint n_threads, guint n, ItemFunc fn)
{
    Work w = { f, cancellable, fn, n, 0 };
    GThread *threads[16];
    guint extra = MIN (MIN (n_threads, G_N_ELEMENTS (threads)), n);

    extra = extra > 0 ? extra - 1 : 0;
    for (guint t = 0; t < extra; t++)
        threads[t] = g_thread_new ("vinv-libvirt", work_loop, &w);
    work_loop (&w);
    for (guint t = 0; t < extra; t++)
        g_thread_join (threads[t]);
}

/* Marks @kind's table as failed with libvirt's last error. */
static void
table_error (Fetch *f, VinvTableKind kind, const char *what)
{
    g_autofree char *msg = vinv_libvirt_dup_last_error ();
    g_autofree char *line = g_strdup_printf ("%s of %s: %s", what, f->source, msg);

    vinv_table_set_error (vinv_inventory_ensure_table (f->inv, kind), line);
}

static char *
format_version (unsigned long v)
{
    return g_strdup_printf ("%lu.%lu.%lu", v / 1000000, (v / 1000) % 1000, v % 1000);
}

/* Reads a numeric typed parameter as an unsigned 64-bit value. */
static gboolean
param_u64 (const virTypedParameter *p, guint64 *out)
{
    switch (p->type) {
    case VIR_TYPED_PARAM_INT:
        *out = p->value.i < 0 ? 0 : (guint64) p->value.i;
        return TRUE;
    case VIR_TYPED_PARAM_UINT:
        *out = p->value.ui;
        return TRUE;
    case VIR_TYPED_PARAM_LLONG:
        *out = p->value.l < 0 ? 0 : (guint64) p->value.l;
        return TRUE;
    case VIR_TYPED_PARAM_ULLONG:
        *out = p->value.ul;
        return TRUE;
    case VIR_TYPED_PARAM_DOUBLE:
        *out = p->value.d < 0 ? 0 : (guint64) p->value.d;
        return TRUE;
    default:
        return FALSE;
    }
}

/* Hash table keys that are raw 16-byte UUIDs (no formatting needed). */
static guint
uuid_hash (gconstpointer key)
{
    guint h;

    memcpy (&h, (const guchar *) key + VIR_UUID_BUFLEN - sizeof h, sizeof h);
    return h;
}

static gboolean
uuid_equal (gconstpointer a, gconstpointer b)
{
    return memcmp (a, b, VIR_UUID_BUFLEN) == 0;
}

/* The raw UUIDs of the domains virConnectListAllDomains gives for @flags,
 * or NULL if the driver cannot filter so. */
static GHashTable *
list_uuid_set (virConnectPtr conn, unsigned int flags)
{
    virDomainPtr *doms = NULL;
    int n = virConnectListAllDomains (conn, &doms, flags);
    GHashTable *set;

    if (n < 0)
        return NULL;
    set = g_hash_table_new_full (uuid_hash, uuid_equal, g_free, NULL);
    for (int i = 0; i < n; i++) {
        guchar *uuid = g_malloc (VIR_UUID_BUFLEN);

        if (virDomainGetUUID (doms[i], uuid) == 0)
            g_hash_table_add (set, uuid);
        else
            g_free (uuid);
        virDomainFree (doms[i]);
    }
    free (doms);
    return set;
}

/* ---- phase 1: the node -------------------------------------------------- */

static void
fetch_host (Fetch *f)
{
    Host *h = &f->host;
    unsigned long version = 0;
    char *sysinfo;
    const char *type;
    int nparams = 0;

    h->name = g_strdup (f->source);
    sysinfo = virConnectGetSysinfo (f->conn, 0);
    h->id = sysinfo != NULL ? vinv_sysinfo_dup_uuid (sysinfo) : NULL;
    free (sysinfo);
    if (h->id == NULL)
        h->id = g_strdup (f->source);

    type = virConnectGetType (f->conn);
    if (type != NULL && virConnectGetVersion (f->conn, &version) == 0)
        h->hypervisor = g_strdup_printf ("%s %lu.%lu.%lu", type, version / 1000000,
                                         (version / 1000) % 1000, version % 1000);
    else if (type != NULL)
        h->hypervisor = g_strdup (type);
    if (virConnectGetLibVersion (f->conn, &version) == 0)
        h->libvirt_version = format_version (version);

    h->have_info = virNodeGetInfo (f->conn, &h->info) == 0;
    if (!h->have_info)
        table_error (f, VINV_TABLE_HOST, "node information");

    /* Memory statistics: total/free/buffers/cached where the driver has
     * them, else the node's memory and free memory. */
    if (virNodeGetMemoryStats (f->conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, NULL, &nparams, 0) == 0
        && nparams > 0) {
        g_autofree virNodeMemoryStatsPtr params = g_new0 (virNodeMemoryStats, nparams);
        guint64 total = 0, free_kib = 0, buffers = 0, cached = 0;

        if (virNodeGetMemoryStats (f->conn, VIR_NODE_MEMORY_STATS_ALL_CELLS, params,
                                   &nparams, 0) == 0) {
            for (int i = 0; i < nparams; i++) {
                if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_TOTAL) == 0)
                    total = params[i].value;
                else if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_FREE) == 0)
                    free_kib = params[i].value;
                else if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_BUFFERS) == 0)
                    buffers = params[i].value;
                else if (strcmp (params[i].field, VIR_NODE_MEMORY_STATS_CACHED) == 0)
                    cached = params[i].value;
            }
            if (total > 0) {
                h->have_mem = TRUE;
                h->mem_total = total * 1024;
                h->mem_free = free_kib * 1024;
                h->mem_used = total > free_kib + buffers + cached
                              ? (total - free_kib - buffers - cached) * 1024 : 0;
            }
        }
    }
    if (!h->have_mem && h->have_info) {
        unsigned long long free_bytes = virNodeGetFreeMemory (f->conn);

        if (free_bytes > 0 || virGetLastError () == NULL) {
            h->have_mem = TRUE;
            h->mem_total = (guint64) h->info.memory * 1024;
            h->mem_free = MIN (free_bytes, h->mem_total);
            h->mem_used = h->mem_total - h->mem_free;
        }
    }
    virResetLastError ();
}

/* ---- stable order ------------------------------------------------------- */

/* libvirt lists objects in hash order, which differs between runs; rows
 * come in name order instead, so the same connection always gives the same
 * table order (and "table order" ties in a sort are reproducible). */
static int
cmp_domain_name (const void *a, const void *b)
{
    return g_strcmp0 (virDomainGetName (*(virDomainPtr const *) a),
                      virDomainGetName (*(virDomainPtr const *) b));
}

static int
cmp_network_name (const void *a, const void *b)
{
    return g_strcmp0 (virNetworkGetName (*(virNetworkPtr const *) a),
                      virNetworkGetName (*(virNetworkPtr const *) b));
}

static int
cmp_pool_name (const void *a, const void *b)
{
    return g_strcmp0 (virStoragePoolGetName (*(virStoragePoolPtr const *) a),
                      virStoragePoolGetName (*(virStoragePoolPtr const *) b));
}

static int
cmp_volume_name (const void *a, const void *b)
{
    return g_strcmp0 (virStorageVolGetName (*(virStorageVolPtr const *) a),
                      virStorageVolGetName (*(virStorageVolPtr const *) b));
}

static int
cmp_snapshot_name (const void *a, const void *b)
{
    return g_strcmp0 (virDomainSnapshotGetName (*(virDomainSnapshotPtr const *) a),
                      virDomainSnapshotGetName (*(virDomainSnapshotPtr const *) b));
}

/* ---- phase 2: networks -------------------------------------------------- */

static void
fetch_networks (Fetch *f)
{
    virNetworkPtr *list = NULL;
    int n = virConnectListAllNetworks (f->conn, &list, 0);

    if (n < 0) {
        table_error (f, VINV_TABLE_NET, "networks");
        f->failed_phases++;
        return;
    }
    qsort (list, n, sizeof *list, cmp_network_name);
    for (int i = 0; i < n; i++) {
        char *xml = virNetworkGetXMLDesc (list[i], 0);
        g_autoptr(VinvNetworkDesc) desc = xml != NULL ? vinv_network_desc_parse (xml, NULL)
                                                      : NULL;
        char uuid[VIR_UUID_STRING_BUFLEN];
        Net *net;

        free (xml);
        if (desc == NULL) {
            desc = g_new0 (VinvNetworkDesc, 1);
            desc->name = g_strdup (virNetworkGetName (list[i]));
            desc->stp = -1;
        }
        net = g_new0 (Net, 1);
        net->id = g_strdup (virNetworkGetUUIDString (list[i], uuid) == 0 ? uuid : desc->name);
        net->desc = g_steal_pointer (&desc);
        net->active = virNetworkIsActive (list[i]);
        if (virNetworkGetAutostart (list[i], &net->autostart) < 0)
            net->autostart = -1;
        net->vms = g_ptr_array_new ();
        net->nics = g_ptr_array_new ();
        g_ptr_array_add (f->nets, net);
        if (net->desc->name != NULL)
            g_hash_table_insert (f->net_by_name, net->desc->name, net);
        if (net->desc->bridge != NULL)
            g_hash_table_insert (f->net_by_bridge, net->desc->bridge, net);
        virNetworkFree (list[i]);
    }
    free (list);
    virResetLastError ();
}

/* ---- phase 3: storage pools and volumes --------------------------------- */

static char *
volume_key (const char *pool, const char *volume)
{
    return g_strconcat (pool, "\x1f", volume, NULL);
}

static DiskRow *
disk_row_new (Fetch *f, const char *id)
{
    DiskRow *d = g_new0 (DiskRow, 1);

    d->id = g_strdup (id);
    d->vms = g_ptr_array_new ();
    g_ptr_array_add (f->disk_rows, d);
    return d;
}

/* One volume: its pool and handle, then what virStorageVolGetInfo and
 * virStorageVolGetPath say (cheap calls: no XML), and its Disks row. */
typedef struct {
    Pool *pool;
    virStorageVolPtr handle;
    gboolean have_info;
    virStorageVolInfo info;
    char *path;                /* malloc'ed by libvirt, or NULL */
    DiskRow *row;
} VolJob;

static void
vol_job_clear (gpointer data)
{
    VolJob *job = data;

    free (job->path);
    if (job->handle != NULL)
        virStorageVolFree (job->handle);
}

static void
read_volume (gpointer data, guint i)
{
    Fetch *f = data;
    VolJob *job = &g_array_index (f->vol_jobs, VolJob, i);

    job->have_info = virStorageVolGetInfo (job->handle, &job->info) == 0;
    job->path = virStorageVolGetPath (job->handle);
    virResetLastError ();
}

static const char *
volume_type_name (int type)
{
    static const char *const names[] = { "file", "block", "dir", "network", "netdir", "ploop" };

    return type >= 0 && type < (int) G_N_ELEMENTS (names) ? names[type] : NULL;
}

/* Makes the Disks row of a volume, unless its path is already known (one
 * file seen through two pools: the first pool keeps it). */
static void
add_volume_row (Fetch *f, VolJob *job)
{
    const char *name = virStorageVolGetName (job->handle);
    const char *key = virStorageVolGetKey (job->handle);
    const char *path = job->path != NULL ? job->path : key;
    Pool *pool = job->pool;
    DiskRow *d;

    if (path != NULL && g_hash_table_contains (f->disk_by_path, path))
        return;
    d = disk_row_new (f, key != NULL ? key : path != NULL ? path : name);
    d->name = g_strdup (name);
    d->path = g_strdup (path);
    d->pool = pool;
    d->is_volume = TRUE;
    if (job->have_info) {
        d->storage_type = g_strdup (volume_type_name (job->info.type));
        d->capacity = job->info.capacity;
        d->allocation = job->info.allocation;
    }
    job->row = d;
    g_ptr_array_add (pool->disks, d);
    if (d->path != NULL)
        g_hash_table_insert (f->disk_by_path, d->path, d);
    if (name != NULL && pool->desc->name != NULL)
        g_hash_table_insert (f->disk_by_volume, volume_key (pool->desc->name, name), d);
}

/* A volume's format is what the disks using it say (their driver type);
 * only for volumes no disk names is the volume's XML read for it. */
static void
read_volume_format (gpointer data, guint i)
{
    Fetch *f = data;
    VolJob *job = g_ptr_array_index (f->format_jobs, i);
    char *xml = virStorageVolGetXMLDesc (job->handle, 0);
    g_autoptr(VinvVolumeDesc) desc = xml != NULL ? vinv_volume_desc_parse (xml, NULL) : NULL;

    free (xml);
    if (desc != NULL && job->row->format == NULL)
        job->row->format = g_steal_pointer (&desc->format);
    virResetLastError ();
}

static void
read_volume_formats (Fetch *f)
{
    for (guint i = 0; i < f->vol_jobs->len; i++) {
        VolJob *job = &g_array_index (f->vol_jobs, VolJob, i);
        if (job->row != NULL && job->row->format == NULL)
            g_ptr_array_add (f->format_jobs, job);
    }
    run_parallel (f, f->cancellable, f->n_threads, f->format_jobs->len, read_volume_format);
}

/* Lists the volumes of running pool @pool into f->vol_jobs. */
static void
list_volumes (Fetch *f, Pool *pool, virStoragePoolPtr handle)
{
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (handle, &vols, 0);

    if (n < 0) {
        g_autofree char *what = g_strdup_printf ("volumes of pool %s", pool->desc->name);
        table_error (f, VINV_TABLE_DISK, what);
        return;
    }
    qsort (vols, n, sizeof *vols, cmp_volume_name);
    for (int i = 0; i < n; i++) {
        VolJob job = { .pool = pool, .handle = vols[i] };
        g_array_append_val (f->vol_jobs, job);
    }
    free (vols);
}

static void
fetch_pools (Fetch *f)
{
    virStoragePoolPtr *list = NULL;
    int n = virConnectListAllStoragePools (f->conn, &list, 0);

    if (n < 0) {
        table_error (f, VINV_TABLE_SD, "storage pools");
        f->failed_phases++;
        return;
    }
    qsort (list, n, sizeof *list, cmp_pool_name);
    for (int i = 0; i < n; i++) {
        char *xml = virStoragePoolGetXMLDesc (list[i], 0);
        g_autoptr(VinvPoolDesc) desc = xml != NULL ? vinv_pool_desc_parse (xml, NULL) : NULL;
        char uuid[VIR_UUID_STRING_BUFLEN];
        Pool *pool;

        free (xml);
        if (desc == NULL) {
            desc = g_new0 (VinvPoolDesc, 1);
            desc->name = g_strdup (virStoragePoolGetName (list[i]));
        }
        pool = g_new0 (Pool, 1);
        pool->id = g_strdup (virStoragePoolGetUUIDString (list[i], uuid) == 0 ? uuid
                             : desc->name);
        pool->desc = g_steal_pointer (&desc);
        pool->have_info = virStoragePoolGetInfo (list[i], &pool->info) == 0;
        if (virStoragePoolGetAutostart (list[i], &pool->autostart) < 0)
            pool->autostart = -1;
        pool->persistent = virStoragePoolIsPersistent (list[i]);
        pool->disks = g_ptr_array_new ();
        pool->vms = g_ptr_array_new ();
        g_ptr_array_add (f->pools, pool);
        if (pool->desc->name != NULL)
            g_hash_table_insert (f->pool_by_name, pool->desc->name, pool);
        if (pool->have_info && pool->info.state == VIR_STORAGE_POOL_RUNNING)
            list_volumes (f, pool, list[i]);
        virStoragePoolFree (list[i]);
    }
    free (list);

    /* Size and path of every volume, on several threads; then the rows,
     * in order. */
    run_parallel (f, f->cancellable, f->n_threads, f->vol_jobs->len, read_volume);
    for (guint i = 0; i < f->vol_jobs->len; i++)
        add_volume_row (f, &g_array_index (f->vol_jobs, VolJob, i));
    virResetLastError ();
}

/* ---- phase 4: domains ----------------------------------------------------- */

static DevStat *
dev_stat (GArray **array, guint index)
{
    if (*array == NULL)
        *array = g_array_new (FALSE, TRUE, sizeof (DevStat));
    if (index >= 4096)
        return NULL;       /* a driver gone mad; ignore */
    if ((*array)->len <= index)
        g_array_set_size (*array, index + 1);
    return &g_array_index (*array, DevStat, index);
}

/* Parses "PREFIX.N.FIELD" into N and FIELD; FALSE if @field is not so. */
static gboolean
split_indexed (const char *field, const char *prefix, guint *index, const char **rest)
{
    gsize len = strlen (prefix);
    char *end;

    if (strncmp (field, prefix, len) != 0 || !g_ascii_isdigit (field[len]))
        return FALSE;
    *index = (guint) g_ascii_strtoull (field + len, &end, 10);
    if (*end != '.')
        return FALSE;
    *rest = end + 1;
    return TRUE;
}

static void
set_dev_value (DevStat *s, guint which, const virTypedParameter *p)
{
    if (s != NULL && param_u64 (p, &s->v[which]))
        s->have |= 1u << which;
}

/* Takes a domain's statistics from its bulk record. */
static void
take_stats (Vm *vm, virDomainStatsRecordPtr rec)
{
    static const char *const block_fields[] = { "rd.bytes", "rd.reqs", "wr.bytes", "wr.reqs" };
    static const char *const net_fields[] = {
        "rx.bytes", "rx.errs", "rx.drop", "tx.bytes", "tx.errs", "tx.drop"
    };

    for (int i = 0; i < rec->nparams; i++) {
        const virTypedParameter *p = &rec->params[i];
        const char *field = p->field;
        const char *rest;
        guint64 v;
        guint index;

        if (split_indexed (field, "block.", &index, &rest)) {
            DevStat *s = dev_stat (&vm->blocks, index);
            if (s != NULL && strcmp (rest, "name") == 0 && p->type == VIR_TYPED_PARAM_STRING)
                s->name = p->value.s;
            for (guint k = 0; k < G_N_ELEMENTS (block_fields); k++) {
                if (strcmp (rest, block_fields[k]) == 0)
                    set_dev_value (s, k, p);
            }
        } else if (split_indexed (field, "net.", &index, &rest)) {
            DevStat *s = dev_stat (&vm->nets, index);
            if (s != NULL && strcmp (rest, "name") == 0 && p->type == VIR_TYPED_PARAM_STRING)
                s->name = p->value.s;
            for (guint k = 0; k < G_N_ELEMENTS (net_fields); k++) {
                if (strcmp (rest, net_fields[k]) == 0)
                    set_dev_value (s, k, p);
            }
        } else if (!param_u64 (p, &v)) {
            continue;
        } else if (strcmp (field, "state.state") == 0) {
            vm->state = (int) v;
            vm->have |= HAVE_STATE;
        } else if (strcmp (field, "cpu.time") == 0) {
            vm->cpu_time = v;
            vm->have |= HAVE_CPU_TIME;
        } else if (strcmp (field, "balloon.current") == 0) {
            vm->balloon_current = v;
            vm->have |= HAVE_BALLOON_CURRENT;
        } else if (strcmp (field, "balloon.unused") == 0) {
            vm->balloon_unused = v;
            vm->have |= HAVE_BALLOON_UNUSED;
        } else if (strcmp (field, "balloon.rss") == 0) {
            vm->balloon_rss = v;
            vm->have |= HAVE_BALLOON_RSS;
        }
    }
}

/* The statistics of block device @target of @vm, or NULL. */
static const DevStat *
find_dev_stat (GArray *stats, const char *name, guint fallback_index)
{
    if (stats == NULL)
        return NULL;
    for (guint i = 0; name != NULL && i < stats->len; i++) {
        const DevStat *s = &g_array_index (stats, DevStat, i);
        if (s->name != NULL && strcmp (s->name, name) == 0)
            return s;
    }
    /* Unnamed entries (some drivers) follow the device order. */
    if (fallback_index < stats->len) {
        const DevStat *s = &g_array_index (stats, DevStat, fallback_index);
        if (s->name == NULL && s->have != 0)
            return s;
    }
    return NULL;
}

/* The Disks row of domain disk @disk, created if no volume or earlier
 * domain has it. */
static DiskRow *
disk_row_for (Fetch *f, Vm *vm, const VinvDiskDesc *disk, guint index)
{
    DiskRow *d = NULL;
    g_autofree char *id = NULL;

    if (disk->source_pool != NULL && disk->source_volume != NULL) {
        g_autofree char *key = volume_key (disk->source_pool, disk->source_volume);
        d = g_hash_table_lookup (f->disk_by_volume, key);
        if (d == NULL) {
            /* A volume of a pool that is inactive or unknown. */
            d = disk_row_new (f, key);
            g_strdelimit (d->id, "\x1f", '/');
            d->name = g_strdup (disk->source_volume);
            d->storage_type = g_strdup (disk->type);
            d->pool = g_hash_table_lookup (f->pool_by_name, disk->source_pool);
            if (d->pool != NULL)
                g_ptr_array_add (d->pool->disks, d);
            g_hash_table_insert (f->disk_by_volume, g_steal_pointer (&key), d);
        }
    } else if (disk->source != NULL) {
        d = g_hash_table_lookup (f->disk_by_path, disk->source);
        if (d == NULL) {
            d = disk_row_new (f, disk->source);
            d->path = g_strdup (disk->source);
            d->name = strstr (d->path, "://") == NULL ? g_path_get_basename (d->path)
                      : g_strdup (d->path);
            d->storage_type = g_strdup (disk->type);
            g_hash_table_insert (f->disk_by_path, d->path, d);
        }
    } else {
        /* An empty drive: one row per domain and device. */
        id = disk->target_dev != NULL ? g_strdup_printf ("%s/%s", vm->uuid, disk->target_dev)
                                      : g_strdup_printf ("%s/disk%u", vm->uuid, index);
        d = disk_row_new (f, id);
        d->name = g_strdup_printf ("%s (empty %s)", disk->target_dev != NULL
                                   ? disk->target_dev : "drive", disk->device);
        d->storage_type = g_strdup (disk->type);
    }
    if (d->format == NULL)
        d->format = g_strdup (disk->driver_type);
    if (d->target == NULL) {
        d->target = g_strdup (disk->target_dev);
        d->bus = g_strdup (disk->target_bus);
    }
    d->shareable = d->shareable || disk->shareable;
    return d;
}

static void
link_disks (Fetch *f, Vm *vm)
{
    for (guint i = 0; i < vm->desc->disks->len; i++) {
        const VinvDiskDesc *disk = g_ptr_array_index (vm->desc->disks, i);
        DiskRow *d = disk_row_for (f, vm, disk, i);
        const DevStat *s = find_dev_stat (vm->blocks, disk->target_dev, i);

        g_ptr_array_add (vm->disks, d);
        add_once (d->vms, vm);
        if (d->pool != NULL)
            add_once (d->pool->vms, vm);
        if (s != NULL && s->have != 0) {
            d->have_stats = TRUE;
            d->rd_bytes += s->v[BLK_RD_BYTES];
            d->rd_reqs += s->v[BLK_RD_REQS];
            d->wr_bytes += s->v[BLK_WR_BYTES];
            d->wr_reqs += s->v[BLK_WR_REQS];
        }
    }
}

static void
link_nics (Fetch *f, Vm *vm)
{
    for (guint i = 0; i < vm->desc->nics->len; i++) {
        const VinvNicDesc *desc = g_ptr_array_index (vm->desc->nics, i);
        NicRow *nic = g_new0 (NicRow, 1);
        const DevStat *s = find_dev_stat (vm->nets, desc->target_dev, i);

        nic->vm = vm;
        nic->desc = desc;
        nic->id = desc->mac != NULL ? g_strdup_printf ("%s/%s", vm->uuid, desc->mac)
                                    : g_strdup_printf ("%s/net%u", vm->uuid, i);
        nic->name = desc->target_dev != NULL ? g_strdup (desc->target_dev)
                                             : g_strdup_printf ("net%u", i);
        if (desc->network != NULL)
            nic->net = g_hash_table_lookup (f->net_by_name, desc->network);
        if (nic->net == NULL && desc->bridge != NULL)
            nic->net = g_hash_table_lookup (f->net_by_bridge, desc->bridge);
        if (nic->net != NULL) {
            add_once (nic->net->vms, vm);
            g_ptr_array_add (nic->net->nics, nic);
        }
        if (s != NULL && s->have != 0) {
            nic->have_stats = TRUE;
            nic->rx_bytes = s->v[NET_RX_BYTES];
            nic->rx_errs = s->v[NET_RX_ERRS];
            nic->rx_drop = s->v[NET_RX_DROP];
            nic->tx_bytes = s->v[NET_TX_BYTES];
            nic->tx_errs = s->v[NET_TX_ERRS];
            nic->tx_drop = s->v[NET_TX_DROP];
        }
        g_ptr_array_add (vm->nics, nic);
        g_ptr_array_add (f->nic_rows, nic);
    }
}

/* Reads domain i's state (only if the bulk statistics lacked it) and
 * definition. */
static void
read_domain (gpointer data, guint i)
{
    Fetch *f = data;
    Vm *vm = g_ptr_array_index (f->vms, i);
    g_autoptr(GError) parse_error = NULL;
    char *xml;

    if (!(vm->have & HAVE_STATE)) {
        /* No bulk statistics from this driver: one call per domain. */
        virDomainInfo info;
        if (virDomainGetInfo (vm->dom, &info) == 0) {
            vm->state = info.state;
            vm->have |= HAVE_STATE;
            if (vm->active) {
                vm->cpu_time = info.cpuTime;
                vm->have |= HAVE_CPU_TIME;
            }
        }
    }
    xml = virDomainGetXMLDesc (vm->dom, 0);
    if (xml == NULL) {
        if (virGetLastErrorCode () == VIR_ERR_NO_DOMAIN)
            vm->gone = TRUE;
        else
            vm->error = vinv_libvirt_dup_last_error ();
        virResetLastError ();
        return;
    }
    vm->desc = vinv_domain_desc_parse (xml, &parse_error);
    free (xml);
    if (vm->desc == NULL)
        vm->error = g_strdup (parse_error->message);
}

static gboolean
fetch_domains (Fetch *f, GError **error)
{
    const unsigned int stats_kinds = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL
                                     | VIR_DOMAIN_STATS_BALLOON | VIR_DOMAIN_STATS_VCPU
                                     | VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
    g_autoptr(GHashTable) transient = NULL;
    g_autoptr(GHashTable) autostart = NULL;
    g_autoptr(GHashTable) with_snapshots = NULL;
    guint n_xml_errors = 0;
    g_autofree char *xml_error = NULL;
    int n_stats;

    f->n_domains = virConnectListAllDomains (f->conn, &f->domains, 0);
    if (f->n_domains < 0) {
        f->n_domains = 0;
        table_error (f, VINV_TABLE_VM, "domains");
        f->failed_phases++;
        read_volume_formats (f);
        return !cancelled (f, error);
    }
    qsort (f->domains, f->n_domains, sizeof *f->domains, cmp_domain_name);
    /* The filtered lists are the short ones (transient rather than
     * persistent domains): libvirt makes a handle for every match. */
    transient = list_uuid_set (f->conn, VIR_CONNECT_LIST_DOMAINS_TRANSIENT);
    autostart = list_uuid_set (f->conn, VIR_CONNECT_LIST_DOMAINS_AUTOSTART);
    with_snapshots = list_uuid_set (f->conn, VIR_CONNECT_LIST_DOMAINS_HAS_SNAPSHOT);

    for (int i = 0; i < f->n_domains; i++) {
        Vm *vm = g_new0 (Vm, 1);

        vm->dom = f->domains[i];
        if (virDomainGetUUID (vm->dom, vm->raw_uuid) < 0)
            memset (vm->raw_uuid, 0xff, sizeof vm->raw_uuid);
        if (virDomainGetUUIDString (vm->dom, vm->uuid) < 0)
            g_snprintf (vm->uuid, sizeof vm->uuid, "domain-%d", i);
        vm->name = virDomainGetName (vm->dom);
        vm->active = virDomainGetID (vm->dom) != (unsigned int) -1;
        vm->state = -1;
        vm->persistent = transient != NULL
                         ? !g_hash_table_contains (transient, vm->raw_uuid) : -1;
        vm->autostart = autostart != NULL ? g_hash_table_contains (autostart, vm->raw_uuid) : -1;
        vm->has_snapshots = with_snapshots == NULL
                            || g_hash_table_contains (with_snapshots, vm->raw_uuid);
        vm->disks = g_ptr_array_new ();
        vm->nics = g_ptr_array_new ();
        g_ptr_array_add (f->vms, vm);
        g_hash_table_insert (f->vm_by_uuid, vm->raw_uuid, vm);
    }

    /* Every statistic of every domain in one call. */
    /* NOWAIT: a domain busy with a long job (migration, dump) gives what
     * it can without waiting, instead of stalling the whole inventory. */
    n_stats = virConnectGetAllDomainStats (f->conn, stats_kinds, &f->stats,
                                           VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT);
    for (int i = 0; i < n_stats; i++) {
        guchar uuid[VIR_UUID_BUFLEN];
        Vm *vm;

        if (virDomainGetUUID (f->stats[i]->dom, uuid) == 0
            && (vm = g_hash_table_lookup (f->vm_by_uuid, uuid)) != NULL)
            take_stats (vm, f->stats[i]);
    }
    virResetLastError ();

    /* One XML per domain (the only per-domain call), on several threads;
     * then the links, in order. */
    run_parallel (f, f->cancellable, f->n_threads, f->vms->len, read_domain);
    if (cancelled (f, error))
        return FALSE;
    for (guint i = f->vms->len; i > 0; i--) {
        Vm *vm = g_ptr_array_index (f->vms, i - 1);

        if (vm->gone) {
            g_hash_table_remove (f->vm_by_uuid, vm->raw_uuid);
            g_ptr_array_remove_index (f->vms, i - 1);
        }
    }
    for (guint i = 0; i < f->vms->len; i++) {
        Vm *vm = g_ptr_array_index (f->vms, i);

        if (vm->error != NULL) {
            n_xml_errors++;
            if (xml_error == NULL)
                xml_error = g_strdup (vm->error);
        }
        if (vm->desc == NULL)
            continue;
        link_disks (f, vm);
        link_nics (f, vm);
    }
    read_volume_formats (f);
    if (cancelled (f, error))
        return FALSE;
    if (n_xml_errors > 0) {
        g_autofree char *msg = g_strdup_printf ("definitions of %u domains of %s could not "
                                                "be read: %s", n_xml_errors, f->source,
                                                xml_error);
        vinv_table_set_error (vinv_inventory_ensure_table (f->inv, VINV_TABLE_VM), msg);
    }
    virResetLastError ();
    return TRUE;
}

/* ---- phase 5: snapshots --------------------------------------------------- */

/* Lists domain i's snapshots with their definitions into vm->snaps (left
 * NULL with vm->snap_error set if they cannot be listed). */
static void
read_snapshots (gpointer data, guint i)
{
    Fetch *f = data;
    Vm *vm = g_ptr_array_index (f->vms, i);
    virDomainSnapshotPtr *snaps = NULL;
    int n;

    if (!vm->has_snapshots) {
        vm->snaps = g_ptr_array_new_with_free_func (snap_row_free);
        return;
    }
    n = virDomainListAllSnapshots (vm->dom, &snaps, 0);
    if (n < 0) {
        if (virGetLastErrorCode () != VIR_ERR_NO_DOMAIN)
            vm->snap_error = vinv_libvirt_dup_last_error ();
        virResetLastError ();
        return;
    }
    qsort (snaps, n, sizeof *snaps, cmp_snapshot_name);
    vm->snaps = g_ptr_array_new_with_free_func (snap_row_free);
    for (int k = 0; k < n; k++) {
        char *xml = virDomainSnapshotGetXMLDesc (snaps[k], 0);
        SnapRow *s = g_new0 (SnapRow, 1);

        s->vm = vm;
        s->desc = xml != NULL ? vinv_snapshot_desc_parse (xml, NULL) : NULL;
        free (xml);
        if (s->desc == NULL) {
            s->desc = g_new0 (VinvSnapshotDesc, 1);
            s->desc->creation_time = -1;
        }
        if (s->desc->name == NULL)
            s->desc->name = g_strdup (virDomainSnapshotGetName (snaps[k]));
        s->id = g_strdup_printf ("%s/%s", vm->uuid, s->desc->name);
        s->current = virDomainSnapshotIsCurrent (snaps[k], 0);
        g_ptr_array_add (vm->snaps, s);
        virDomainSnapshotFree (snaps[k]);
    }
    free (snaps);
    virResetLastError ();
}

static gboolean
fetch_snapshots (Fetch *f, GError **error)
{
    guint failures = 0;
    const char *first_error = NULL;

    run_parallel (f, f->cancellable, f->n_threads, f->vms->len, read_snapshots);
    if (cancelled (f, error))
        return FALSE;
    for (guint i = 0; i < f->vms->len; i++) {
        Vm *vm = g_ptr_array_index (f->vms, i);

        if (vm->snap_error != NULL) {
            failures++;
            if (first_error == NULL)
                first_error = vm->snap_error;
        }
        for (guint k = 0; vm->snaps != NULL && k < vm->snaps->len; k++)
            g_ptr_array_add (f->snap_rows, g_ptr_array_index (vm->snaps, k));
    }
    if (failures > 0) {
        g_autofree char *msg = g_strdup_printf ("snapshots of %u domains of %s could not be "
                                                "listed: %s", failures, f->source,
                                                first_error);
        vinv_table_set_error (vinv_inventory_ensure_table (f->inv, VINV_TABLE_SNAP), msg);
    }
    return TRUE;
}

/* ---- phase 6: rows ------------------------------------------------------ */

static const char *
vm_status (int state)
{
    switch (state) {
    case VIR_DOMAIN_RUNNING:
        return "up";
    case VIR_DOMAIN_BLOCKED:
        return "blocked";
    case VIR_DOMAIN_PAUSED:
        return "paused";
    case VIR_DOMAIN_SHUTDOWN:
        return "shutting_down";
    case VIR_DOMAIN_SHUTOFF:
        return "down";
    case VIR_DOMAIN_CRASHED:
        return "crashed";
    case VIR_DOMAIN_PMSUSPENDED:
        return "suspended";
    case VIR_DOMAIN_NOSTATE:
        return "unknown";
    default:
        return NULL;
    }
}

static const char *
pool_status (int state)
{
    switch (state) {
    case VIR_STORAGE_POOL_RUNNING:
        return "active";
    case VIR_STORAGE_POOL_INACTIVE:
        return "inactive";
    case VIR_STORAGE_POOL_BUILDING:
        return "building";
    case VIR_STORAGE_POOL_DEGRADED:
        return "degraded";
    case VIR_STORAGE_POOL_INACCESSIBLE:
        return "inaccessible";
    default:
        return NULL;
    }
}

/* Scratch list builder: clears f->item_buf and returns it. */
static GPtrArray *
items_begin (Fetch *f)
{
    g_ptr_array_set_size (f->item_buf, 0);
    return f->item_buf;
}

static void
items_add (GPtrArray *buf, const char *text, const char *id)
{
    g_ptr_array_add (buf, (gpointer) text);
    g_ptr_array_add (buf, (gpointer) id);
}

/* Sets list cell @col of @row from the (text, id) pairs in @buf. */
static void
items_set (VinvTable *t, guint row, guint col, GPtrArray *buf)
{
    guint n = buf->len / 2;
    g_autofree VinvItem *items = g_new (VinvItem, MAX (n, 1));

    for (guint i = 0; i < n; i++) {
        items[i].text = g_ptr_array_index (buf, 2 * i);
        items[i].id = g_ptr_array_index (buf, 2 * i + 1);
    }
    vinv_table_set_list (t, row, col, items, n);
}

static void
set_bool_known (VinvTable *t, guint row, guint col, int value)
{
    if (value >= 0)
        vinv_table_set_bool (t, row, col, value != 0);
}

static void
emit_host (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_HOST);
    Host *h = &f->host;
    guint row = vinv_table_add_row (t, f->source, h->id);
    GPtrArray *buf;
    gint64 running = 0;

    vinv_table_set_string (t, row, VINV_HOST_NAME, h->name);
    vinv_table_set_string (t, row, VINV_HOST_STATUS, "up");
    vinv_table_set_string (t, row, VINV_HOST_ADDRESS, f->be->address);
    vinv_table_set_string (t, row, VINV_HOST_URI, f->be->parent.uri);
    vinv_table_set_string (t, row, VINV_HOST_HYPERVISOR, h->hypervisor);
    vinv_table_set_string (t, row, VINV_HOST_LIBVIRT_VERSION, h->libvirt_version);
    if (h->have_info) {
        const virNodeInfo *in = &h->info;
        gint64 sockets = (gint64) in->nodes * in->sockets;

        vinv_table_set_string (t, row, VINV_HOST_CPU_MODEL, in->model);
        vinv_table_set_quantity (t, row, VINV_HOST_CPU_SPEED, in->mhz * 1e6);
        vinv_table_set_int (t, row, VINV_HOST_SOCKETS, sockets);
        vinv_table_set_int (t, row, VINV_HOST_CORES, sockets * in->cores);
        vinv_table_set_int (t, row, VINV_HOST_THREADS, in->cpus);
        vinv_table_set_quantity (t, row, VINV_HOST_MEMORY, (double) in->memory * 1024.0);
    }
    if (h->have_mem) {
        vinv_table_set_quantity (t, row, VINV_HOST_MEM_TOTAL, (double) h->mem_total);
        vinv_table_set_quantity (t, row, VINV_HOST_MEM_FREE, (double) h->mem_free);
        vinv_table_set_quantity (t, row, VINV_HOST_MEM_USED, (double) h->mem_used);
    }

    buf = items_begin (f);
    for (guint i = 0; i < f->vms->len; i++) {
        Vm *vm = g_ptr_array_index (f->vms, i);
        items_add (buf, vm->name, vm->uuid);
        running += vm->active;
    }
    items_set (t, row, VINV_HOST_VMS, buf);
    vinv_table_set_int (t, row, VINV_HOST_RUNNING_VMS, running);

    buf = items_begin (f);
    for (guint i = 0; i < f->nets->len; i++) {
        Net *net = g_ptr_array_index (f->nets, i);
        items_add (buf, net->desc->name, net->id);
    }
    items_set (t, row, VINV_HOST_NETWORKS, buf);
}

static void
emit_networks (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_NET);

    for (guint i = 0; i < f->nets->len; i++) {
        Net *net = g_ptr_array_index (f->nets, i);
        guint row = vinv_table_add_row (t, f->source, net->id);
        VinvItem host = { f->host.name, f->host.id };
        GPtrArray *buf;

        vinv_table_set_string (t, row, VINV_NET_NAME, net->desc->name);
        vinv_table_set_string (t, row, VINV_NET_FORWARD, net->desc->forward);
        vinv_table_set_string (t, row, VINV_NET_BRIDGE, net->desc->bridge);
        vinv_table_set_string (t, row, VINV_NET_ADDRESS, net->desc->address);
        if (net->desc->mtu > 0)
            vinv_table_set_int (t, row, VINV_NET_MTU, net->desc->mtu);
        set_bool_known (t, row, VINV_NET_STP, net->desc->stp);
        set_bool_known (t, row, VINV_NET_ACTIVE, net->active);
        set_bool_known (t, row, VINV_NET_AUTOSTART, net->autostart);
        vinv_table_set_list (t, row, VINV_NET_HOSTS, &host, 1);

        buf = items_begin (f);
        for (guint k = 0; k < net->vms->len; k++) {
            Vm *vm = g_ptr_array_index (net->vms, k);
            items_add (buf, vm->name, vm->uuid);
        }
        items_set (t, row, VINV_NET_VMS, buf);

        buf = items_begin (f);
        for (guint k = 0; k < net->nics->len; k++) {
            NicRow *nic = g_ptr_array_index (net->nics, k);
            items_add (buf, nic->name, nic->id);
        }
        items_set (t, row, VINV_NET_NICS, buf);
    }
}

static void
emit_pools (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_SD);

    for (guint i = 0; i < f->pools->len; i++) {
        Pool *pool = g_ptr_array_index (f->pools, i);
        guint row = vinv_table_add_row (t, f->source, pool->id);
        const VinvPoolDesc *d = pool->desc;
        GPtrArray *buf;

        vinv_table_set_string (t, row, VINV_SD_NAME, d->name);
        vinv_table_set_string (t, row, VINV_SD_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_SD_STORAGE_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_SD_STORAGE_ADDRESS, d->source_host);
        vinv_table_set_string (t, row, VINV_SD_PATH, d->target_path);
        vinv_table_set_string (t, row, VINV_SD_FORMAT, d->source_format);
        if (pool->have_info) {
            const virStoragePoolInfo *in = &pool->info;

            vinv_table_set_string (t, row, VINV_SD_STATUS, pool_status (in->state));
            if (in->state == VIR_STORAGE_POOL_RUNNING) {
                vinv_table_set_quantity (t, row, VINV_SD_TOTAL, (double) in->capacity);
                vinv_table_set_quantity (t, row, VINV_SD_USED, (double) in->allocation);
                vinv_table_set_quantity (t, row, VINV_SD_AVAILABLE, (double) in->available);
                if (in->capacity > 0)
                    vinv_table_set_quantity (t, row, VINV_SD_FREE_PERCENT,
                                             100.0 * (double) in->available
                                             / (double) in->capacity);
            }
        }
        set_bool_known (t, row, VINV_SD_AUTOSTART, pool->autostart);
        set_bool_known (t, row, VINV_SD_PERSISTENT, pool->persistent);

        buf = items_begin (f);
        for (guint k = 0; k < pool->vms->len; k++) {
            Vm *vm = g_ptr_array_index (pool->vms, k);
            items_add (buf, vm->name, vm->uuid);
        }
        items_set (t, row, VINV_SD_VMS, buf);

        buf = items_begin (f);
        for (guint k = 0; k < pool->disks->len; k++) {
            DiskRow *disk = g_ptr_array_index (pool->disks, k);
            items_add (buf, disk->name, disk->id);
        }
        items_set (t, row, VINV_SD_DISKS, buf);
    }
}

static void
emit_disks (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_DISK);

    for (guint i = 0; i < f->disk_rows->len; i++) {
        DiskRow *d = g_ptr_array_index (f->disk_rows, i);
        guint row = vinv_table_add_row (t, f->source, d->id);
        GPtrArray *buf;

        vinv_table_set_string (t, row, VINV_DISK_NAME, d->name);
        vinv_table_set_string (t, row, VINV_DISK_STATUS, "ok");
        vinv_table_set_string (t, row, VINV_DISK_FORMAT, d->format);
        vinv_table_set_string (t, row, VINV_DISK_STORAGE_TYPE, d->storage_type);
        vinv_table_set_string (t, row, VINV_DISK_INTERFACE, d->bus);
        vinv_table_set_string (t, row, VINV_DISK_TARGET, d->target);
        vinv_table_set_string (t, row, VINV_DISK_PATH, d->path);
        vinv_table_set_bool (t, row, VINV_DISK_SHAREABLE, d->shareable);
        if (d->is_volume) {
            vinv_table_set_quantity (t, row, VINV_DISK_ACTUAL_SIZE, (double) d->allocation);
            vinv_table_set_quantity (t, row, VINV_DISK_PROVISIONED_SIZE, (double) d->capacity);
            vinv_table_set_bool (t, row, VINV_DISK_SPARSE, d->allocation < d->capacity);
        }
        if (d->have_stats) {
            vinv_table_set_quantity (t, row, VINV_DISK_RD_BYTES, (double) d->rd_bytes);
            vinv_table_set_quantity (t, row, VINV_DISK_WR_BYTES, (double) d->wr_bytes);
            vinv_table_set_int (t, row, VINV_DISK_RD_REQS, (gint64) d->rd_reqs);
            vinv_table_set_int (t, row, VINV_DISK_WR_REQS, (gint64) d->wr_reqs);
        }

        buf = items_begin (f);
        for (guint k = 0; k < d->vms->len; k++) {
            Vm *vm = g_ptr_array_index (d->vms, k);
            items_add (buf, vm->name, vm->uuid);
        }
        items_set (t, row, VINV_DISK_VMS, buf);

        buf = items_begin (f);
        if (d->pool != NULL)
            items_add (buf, d->pool->desc->name, d->pool->id);
        items_set (t, row, VINV_DISK_STORAGE_DOMAINS, buf);
    }
}

static void
emit_vm_lists (Fetch *f, VinvTable *t, guint row, Vm *vm)
{
    GPtrArray *buf = items_begin (f);

    for (guint k = 0; k < vm->disks->len; k++) {
        DiskRow *d = g_ptr_array_index (vm->disks, k);
        items_add (buf, d->name, d->id);
    }
    items_set (t, row, VINV_VM_DISKS, buf);

    buf = items_begin (f);
    for (guint k = 0; k < vm->nics->len; k++) {
        NicRow *nic = g_ptr_array_index (vm->nics, k);
        items_add (buf, nic->name, nic->id);
    }
    items_set (t, row, VINV_VM_NICS, buf);

    /* Networks and pools, each once, in first-use order (few per VM). */
    buf = items_begin (f);
    for (guint k = 0; k < vm->nics->len; k++) {
        Net *net = ((NicRow *) g_ptr_array_index (vm->nics, k))->net;
        gboolean seen = FALSE;

        for (guint j = 1; net != NULL && j < buf->len && !seen; j += 2)
            seen = g_ptr_array_index (buf, j) == (gpointer) net->id;
        if (net != NULL && !seen)
            items_add (buf, net->desc->name, net->id);
    }
    items_set (t, row, VINV_VM_NETWORKS, buf);

    buf = items_begin (f);
    for (guint k = 0; k < vm->disks->len; k++) {
        Pool *pool = ((DiskRow *) g_ptr_array_index (vm->disks, k))->pool;
        gboolean seen = FALSE;

        for (guint j = 1; pool != NULL && j < buf->len && !seen; j += 2)
            seen = g_ptr_array_index (buf, j) == (gpointer) pool->id;
        if (pool != NULL && !seen)
            items_add (buf, pool->desc->name, pool->id);
    }
    items_set (t, row, VINV_VM_STORAGE_DOMAINS, buf);

    if (vm->snaps != NULL) {
        buf = items_begin (f);
        for (guint k = 0; k < vm->snaps->len; k++) {
            SnapRow *s = g_ptr_array_index (vm->snaps, k);
            items_add (buf, s->desc->name, s->id);
        }
        items_set (t, row, VINV_VM_SNAPSHOTS, buf);
    }
}

static void
emit_vms (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_VM);

    for (guint i = 0; i < f->vms->len; i++) {
        Vm *vm = g_ptr_array_index (f->vms, i);
        guint row = vinv_table_add_row (t, f->source, vm->uuid);
        const VinvDomainDesc *d = vm->desc;

        vinv_table_set_string (t, row, VINV_VM_NAME, vm->name);
        if (vm->have & HAVE_STATE)
            vinv_table_set_string (t, row, VINV_VM_STATUS, vm_status (vm->state));
        vinv_table_set_ref (t, row, VINV_VM_HOST, f->host.name, f->host.id);
        set_bool_known (t, row, VINV_VM_PERSISTENT, vm->persistent);
        set_bool_known (t, row, VINV_VM_AUTOSTART, vm->autostart);
        if (vm->have & HAVE_CPU_TIME)
            vinv_table_set_quantity (t, row, VINV_VM_CPU_TIME, (double) vm->cpu_time / 1e9);
        if (vm->have & HAVE_BALLOON_CURRENT)
            vinv_table_set_quantity (t, row, VINV_VM_MEM_INSTALLED,
                                     (double) vm->balloon_current * 1024.0);
        else if (d != NULL && vm->active && d->current_memory > 0)
            vinv_table_set_quantity (t, row, VINV_VM_MEM_INSTALLED,
                                     (double) d->current_memory);
        if (vm->have & HAVE_BALLOON_UNUSED)
            vinv_table_set_quantity (t, row, VINV_VM_MEM_UNUSED,
                                     (double) vm->balloon_unused * 1024.0);
        if (vm->have & HAVE_BALLOON_RSS)
            vinv_table_set_quantity (t, row, VINV_VM_MEM_RSS, (double) vm->balloon_rss * 1024.0);
        if (vm->blocks != NULL) {
            guint64 sums[4] = { 0 };
            for (guint k = 0; k < vm->blocks->len; k++) {
                const DevStat *s = &g_array_index (vm->blocks, DevStat, k);
                for (guint j = 0; j < 4; j++)
                    sums[j] += s->v[j];
            }
            vinv_table_set_quantity (t, row, VINV_VM_BLOCK_RD_BYTES, (double) sums[BLK_RD_BYTES]);
            vinv_table_set_quantity (t, row, VINV_VM_BLOCK_WR_BYTES, (double) sums[BLK_WR_BYTES]);
            vinv_table_set_int (t, row, VINV_VM_BLOCK_RD_REQS, (gint64) sums[BLK_RD_REQS]);
            vinv_table_set_int (t, row, VINV_VM_BLOCK_WR_REQS, (gint64) sums[BLK_WR_REQS]);
        }
        if (vm->nets != NULL) {
            guint64 rx = 0, tx = 0;
            for (guint k = 0; k < vm->nets->len; k++) {
                const DevStat *s = &g_array_index (vm->nets, DevStat, k);
                rx += s->v[NET_RX_BYTES];
                tx += s->v[NET_TX_BYTES];
            }
            vinv_table_set_quantity (t, row, VINV_VM_NET_RX_BYTES, (double) rx);
            vinv_table_set_quantity (t, row, VINV_VM_NET_TX_BYTES, (double) tx);
        }
        if (d == NULL)
            continue;
        vinv_table_set_string (t, row, VINV_VM_CONSOLE, d->console);
        vinv_table_set_string (t, row, VINV_VM_DESCRIPTION, d->description);
        vinv_table_set_string (t, row, VINV_VM_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_VM_OS, d->os_type);
        vinv_table_set_string (t, row, VINV_VM_ARCHITECTURE, d->arch);
        vinv_table_set_int (t, row, VINV_VM_VCPUS, d->vcpus_current);
        vinv_table_set_quantity (t, row, VINV_VM_MEMORY, (double) d->memory);
        vinv_table_set_quantity (t, row, VINV_VM_MAX_MEMORY,
                                 (double) (d->max_memory > 0 ? d->max_memory : d->memory));
        emit_vm_lists (f, t, row, vm);
    }
}

static void
emit_nics (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_VMNIC);

    for (guint i = 0; i < f->nic_rows->len; i++) {
        NicRow *nic = g_ptr_array_index (f->nic_rows, i);
        const VinvNicDesc *d = nic->desc;
        guint row = vinv_table_add_row (t, f->source, nic->id);
        const char *bridge = d->bridge != NULL ? d->bridge : d->dev;

        if (bridge == NULL && nic->net != NULL)
            bridge = nic->net->desc->bridge;
        vinv_table_set_ref (t, row, VINV_VMNIC_VM, nic->vm->name, nic->vm->uuid);
        vinv_table_set_string (t, row, VINV_VMNIC_NAME, nic->name);
        vinv_table_set_string (t, row, VINV_VMNIC_MAC, d->mac);
        vinv_table_set_string (t, row, VINV_VMNIC_INTERFACE, d->model);
        vinv_table_set_string (t, row, VINV_VMNIC_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_VMNIC_BRIDGE, bridge);
        vinv_table_set_bool (t, row, VINV_VMNIC_LINKED, d->link_up);
        vinv_table_set_ref (t, row, VINV_VMNIC_HOST, f->host.name, f->host.id);
        if (nic->net != NULL)
            vinv_table_set_ref (t, row, VINV_VMNIC_NETWORK, nic->net->desc->name, nic->net->id);
        else if (d->network != NULL)
            vinv_table_set_ref (t, row, VINV_VMNIC_NETWORK, d->network, NULL);
        if (nic->have_stats) {
            vinv_table_set_quantity (t, row, VINV_VMNIC_RX_TOTAL, (double) nic->rx_bytes);
            vinv_table_set_quantity (t, row, VINV_VMNIC_TX_TOTAL, (double) nic->tx_bytes);
            vinv_table_set_int (t, row, VINV_VMNIC_RX_ERRORS, (gint64) nic->rx_errs);
            vinv_table_set_int (t, row, VINV_VMNIC_TX_ERRORS, (gint64) nic->tx_errs);
            vinv_table_set_int (t, row, VINV_VMNIC_RX_DROPS, (gint64) nic->rx_drop);
            vinv_table_set_int (t, row, VINV_VMNIC_TX_DROPS, (gint64) nic->tx_drop);
        }
    }
}

static void
emit_snapshots (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_SNAP);
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;

    for (guint i = 0; i < f->snap_rows->len; i++) {
        SnapRow *s = g_ptr_array_index (f->snap_rows, i);
        const VinvSnapshotDesc *d = s->desc;
        guint row = vinv_table_add_row (t, f->source, s->id);
        gboolean external = d->disk_external
                            || (d->memory != NULL && strcmp (d->memory, "external") == 0);

        vinv_table_set_ref (t, row, VINV_SNAP_VM, s->vm->name, s->vm->uuid);
        vinv_table_set_string (t, row, VINV_SNAP_NAME, d->name);
        vinv_table_set_string (t, row, VINV_SNAP_DESCRIPTION, d->description);
        vinv_table_set_string (t, row, VINV_SNAP_STATUS, d->state);
        vinv_table_set_string (t, row, VINV_SNAP_TYPE, external ? "external" : "internal");
        vinv_table_set_string (t, row, VINV_SNAP_PARENT, d->parent);
        set_bool_known (t, row, VINV_SNAP_CURRENT, s->current);
        if (d->memory != NULL)
            vinv_table_set_bool (t, row, VINV_SNAP_MEMORY_SAVED, strcmp (d->memory, "no") != 0);
        else if (d->state != NULL)
            /* Older snapshots say nothing: memory went with running guests. */
            vinv_table_set_bool (t, row, VINV_SNAP_MEMORY_SAVED,
                                 strcmp (d->state, "running") == 0
                                 || strcmp (d->state, "paused") == 0);
        if (d->creation_time >= 0) {
            vinv_table_set_time (t, row, VINV_SNAP_DATE, d->creation_time * 1000);
            vinv_table_set_quantity (t, row, VINV_SNAP_AGE,
                                     (double) MAX (now - d->creation_time, 0));
        }
    }
}

/* ---- the fetch ---------------------------------------------------------- */

static void
fetch_clear (Fetch *f)
{
    g_free (f->host.id);
    g_free (f->host.name);
    g_free (f->host.hypervisor);
    g_free (f->host.libvirt_version);
    g_clear_pointer (&f->snap_rows, g_ptr_array_unref);
    g_clear_pointer (&f->nic_rows, g_ptr_array_unref);
    g_clear_pointer (&f->vm_by_uuid, g_hash_table_unref);
    g_clear_pointer (&f->vms, g_ptr_array_unref);
    if (f->stats != NULL)
        virDomainStatsRecordListFree (f->stats);
    for (int i = 0; i < f->n_domains; i++)
        virDomainFree (f->domains[i]);
    free (f->domains);
    g_clear_pointer (&f->format_jobs, g_ptr_array_unref);
    g_clear_pointer (&f->vol_jobs, g_array_unref);
    g_clear_pointer (&f->disk_by_volume, g_hash_table_unref);
    g_clear_pointer (&f->disk_by_path, g_hash_table_unref);
    g_clear_pointer (&f->disk_rows, g_ptr_array_unref);
    g_clear_pointer (&f->pool_by_name, g_hash_table_unref);
    g_clear_pointer (&f->pools, g_ptr_array_unref);
    g_clear_pointer (&f->net_by_bridge, g_hash_table_unref);
    g_clear_pointer (&f->net_by_name, g_hash_table_unref);
    g_clear_pointer (&f->nets, g_ptr_array_unref);
    g_clear_pointer (&f->item_buf, g_ptr_array_unref);
}

gboolean
vinv_libvirt_fetch (VinvBackend *backend, VinvInventory *inventory,
                    VinvProgressFunc progress, gpointer user_data,
                    GCancellable *cancellable, GError **error)
{
    static const VinvTableKind kinds[] = {
        VINV_TABLE_VM, VINV_TABLE_HOST, VINV_TABLE_DISK, VINV_TABLE_SD,
        VINV_TABLE_NET, VINV_TABLE_VMNIC, VINV_TABLE_SNAP,
    };
    VinvLibvirtBackend *be = (VinvLibvirtBackend *) backend;
    Fetch f = {
        .be = be, .conn = be->conn, .inv = inventory, .source = backend->source_name,
        .progress = progress, .user_data = user_data, .cancellable = cancellable,
    };
    gboolean ok = FALSE;

    f.nets = g_ptr_array_new_with_free_func (net_free);
    f.net_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    f.net_by_bridge = g_hash_table_new (g_str_hash, g_str_equal);
    f.pools = g_ptr_array_new_with_free_func (pool_free);
    f.pool_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    f.disk_rows = g_ptr_array_new_with_free_func (disk_row_free);
    f.disk_by_path = g_hash_table_new (g_str_hash, g_str_equal);
    f.disk_by_volume = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    f.vol_jobs = g_array_new (FALSE, TRUE, sizeof (VolJob));
    f.format_jobs = g_ptr_array_new ();
    g_array_set_clear_func (f.vol_jobs, vol_job_clear);
    f.vms = g_ptr_array_new_with_free_func (vm_free);
    f.vm_by_uuid = g_hash_table_new (uuid_hash, uuid_equal);
    f.nic_rows = g_ptr_array_new_with_free_func (nic_row_free);
    f.snap_rows = g_ptr_array_new ();        /* borrowed from the VMs */
    f.item_buf = g_ptr_array_new ();
    /* In-process drivers (test) are CPU-bound: one thread per core; remote
     * ones wait on round trips: a few calls in flight. */
    f.n_threads = be->is_test ? CLAMP (g_get_num_processors (), 1, 8) : 8;

    vinv_inventory_add_source (inventory, f.source, backend->uri, backend->klass->tables);
    for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        vinv_inventory_ensure_table (inventory, kinds[i]);

    if (!phase (&f, "Host", error))
        goto out;
    fetch_host (&f);
    if (!phase (&f, "Networks", error))
        goto out;
    fetch_networks (&f);
    if (!phase (&f, "Storage pools", error))
        goto out;
    fetch_pools (&f);
    if (!phase (&f, "VMs", error) || !fetch_domains (&f, error))
        goto out;
    if (!phase (&f, "Snapshots", error) || !fetch_snapshots (&f, error))
        goto out;
    if (!phase (&f, "Tables", error))
        goto out;

    if (f.failed_phases == 3 && virConnectIsAlive (f.conn) != 1) {
        g_autofree char *msg = g_strdup_printf ("connection to %s lost",
                                                backend->uri);
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT, msg);
        vinv_inventory_set_source_error (inventory, f.source, msg);
        goto out;
    }
    /* each table is complete once written (vinv_backend_table_done) */
    emit_host (&f);
    vinv_backend_table_done (backend, VINV_TABLE_HOST);
    emit_networks (&f);
    vinv_backend_table_done (backend, VINV_TABLE_NET);
    emit_pools (&f);
    vinv_backend_table_done (backend, VINV_TABLE_SD);
    emit_disks (&f);
    vinv_backend_table_done (backend, VINV_TABLE_DISK);
    emit_vms (&f);
    vinv_backend_table_done (backend, VINV_TABLE_VM);
    emit_nics (&f);
    vinv_backend_table_done (backend, VINV_TABLE_VMNIC);
    emit_snapshots (&f);
    vinv_backend_table_done (backend, VINV_TABLE_SNAP);
    ok = TRUE;
    if (progress != NULL) {
        VinvProgress p = { f.source, NULL, PHASES, PHASES, 0 };
        progress (&p, user_data);
    }

out:
    fetch_clear (&f);
    return ok;
}
