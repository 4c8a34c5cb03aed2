/* storage.c — the Storage domains table (libvirt storage pools) and the
 * Disks table: storage volumes and domain disks joined into one row per
 * thing stored (by volume key, pool + volume name, or path), so volumes
 * that no domain uses appear too — that is how unattached disks are found.
 *
 * Relies on virConnectListAllStoragePools and the pools' XML,
 * virStoragePoolListAllVolumes with virStorageVolGetInfo/GetPath (and a
 * volume's XML only when no disk tells its format), the domain
 * definitions domains.c read and the block statistics of the bulk call
 * (stats.c).
 */
#include "fetch-private.h"

#include <string.h>

void
fetch_pool_free (gpointer data)
{
    Pool *p = data;

    vinv_pool_desc_free (p->desc);
    g_free (p->id);
    g_ptr_array_unref (p->disks);
    g_ptr_array_unref (p->vms);
    g_free (p);
}

void
fetch_disk_row_free (gpointer data)
{
    DiskRow *d = data;

    g_free (d->id);
    g_free (d->name);
    g_free (d->path);
    g_free (d->format);
    g_free (d->storage_type);
    g_free (d->bus);
    g_free (d->target);
    g_free (d->device);
    g_ptr_array_unref (d->vms);
    g_free (d);
}

/* libvirt lists objects in hash order, which differs between runs; rows
 * come in name order instead, so the same connection always gives the same
 * table order. */

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

/* ---- pools and volumes -------------------------------------------------- */

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
    d->read_only = -1;
    d->vms = g_ptr_array_new ();
    g_ptr_array_add (f->disk_rows, d);
    return d;
}

void
fetch_vol_job_clear (gpointer data)
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

void
fetch_read_volume_formats (Fetch *f)
{
    for (guint i = 0; i < f->vol_jobs->len; i++) {
        VolJob *job = &g_array_index (f->vol_jobs, VolJob, i);
        if (job->row != NULL && job->row->format == NULL)
            g_ptr_array_add (f->format_jobs, job);
    }
    fetch_run_parallel (f, f->cancellable, f->n_threads, f->format_jobs->len, read_volume_format);
}

/* Lists the volumes of running pool @pool into f->vol_jobs. */
static void
list_volumes (Fetch *f, Pool *pool, virStoragePoolPtr handle)
{
    virStorageVolPtr *vols = NULL;
    int n = virStoragePoolListAllVolumes (handle, &vols, 0);

    if (n < 0) {
        g_autofree char *what = g_strdup_printf ("volumes of pool %s", pool->desc->name);
        fetch_table_error (f, VINV_TABLE_DISK, what);
        return;
    }
    qsort (vols, n, sizeof *vols, cmp_volume_name);
    for (int i = 0; i < n; i++) {
        VolJob job = { .pool = pool, .handle = vols[i] };
        g_array_append_val (f->vol_jobs, job);
    }
    free (vols);
}

void
fetch_pools (Fetch *f)
{
    virStoragePoolPtr *list = NULL;
    int n = virConnectListAllStoragePools (f->conn, &list, 0);

    if (n < 0) {
        fetch_table_error (f, VINV_TABLE_SD, "storage pools");
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
    fetch_run_parallel (f, f->cancellable, f->n_threads, f->vol_jobs->len, read_volume);
    for (guint i = 0; i < f->vol_jobs->len; i++)
        add_volume_row (f, &g_array_index (f->vol_jobs, VolJob, i));
    virResetLastError ();
}

/* ---- domain disks -------------------------------------------------------- */

/* TRUE if @disk's source is a path in the host's file system. */
static gboolean
has_path_source (const VinvDiskDesc *disk)
{
    return strcmp (disk->type, "file") == 0 || strcmp (disk->type, "block") == 0
           || strcmp (disk->type, "dir") == 0;
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
            /* Files, devices and directories by their base name; network,
             * nvme and vhost-user sources by their whole text. */
            d->name = has_path_source (disk) ? g_path_get_basename (d->path)
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
    if (d->device == NULL) {
        /* The first domain that attaches it (the reader always says). */
        d->device = g_strdup (disk->device);
        d->read_only = disk->readonly;
    }
    d->shareable = d->shareable || disk->shareable;
    return d;
}

void
fetch_link_disks (Fetch *f, Vm *vm)
{
    for (guint i = 0; i < vm->desc->disks->len; i++) {
        const VinvDiskDesc *disk = g_ptr_array_index (vm->desc->disks, i);
        DiskRow *d = disk_row_for (f, vm, disk, i);
        const DevStat *s = fetch_find_dev_stat (vm->blocks, disk->target_dev, i);

        g_ptr_array_add (vm->disks, d);
        fetch_add_once (d->vms, vm);
        if (d->pool != NULL)
            fetch_add_once (d->pool->vms, vm);
        if (s != NULL && s->have != 0) {
            d->have_stats = TRUE;
            d->rd_bytes += s->v[BLK_RD_BYTES];
            d->rd_reqs += s->v[BLK_RD_REQS];
            d->wr_bytes += s->v[BLK_WR_BYTES];
            d->wr_reqs += s->v[BLK_WR_REQS];
        }
    }
}

/* ---- rows ---------------------------------------------------------------- */

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

void
fetch_emit_pools (Fetch *f)
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
        fetch_set_bool_known (t, row, VINV_SD_AUTOSTART, pool->autostart);
        fetch_set_bool_known (t, row, VINV_SD_PERSISTENT, pool->persistent);

        buf = fetch_items_begin (f);
        for (guint k = 0; k < pool->vms->len; k++) {
            Vm *vm = g_ptr_array_index (pool->vms, k);
            fetch_items_add (buf, vm->name, vm->uuid);
        }
        fetch_items_set (t, row, VINV_SD_VMS, buf);

        buf = fetch_items_begin (f);
        for (guint k = 0; k < pool->disks->len; k++) {
            DiskRow *disk = g_ptr_array_index (pool->disks, k);
            fetch_items_add (buf, disk->name, disk->id);
        }
        fetch_items_set (t, row, VINV_SD_DISKS, buf);
    }
}

void
fetch_emit_disks (Fetch *f)
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
        vinv_table_set_string (t, row, VINV_DISK_DEVICE, d->device);
        fetch_set_bool_known (t, row, VINV_DISK_READ_ONLY, d->read_only);
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

        buf = fetch_items_begin (f);
        for (guint k = 0; k < d->vms->len; k++) {
            Vm *vm = g_ptr_array_index (d->vms, k);
            fetch_items_add (buf, vm->name, vm->uuid);
        }
        fetch_items_set (t, row, VINV_DISK_VMS, buf);

        buf = fetch_items_begin (f);
        if (d->pool != NULL)
            fetch_items_add (buf, d->pool->desc->name, d->pool->id);
        fetch_items_set (t, row, VINV_DISK_STORAGE_DOMAINS, buf);
    }
}
