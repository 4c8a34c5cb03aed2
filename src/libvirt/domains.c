/* domains.c — the VMs table: every domain of the connection (running or
 * not, persistent or transient) with its state, statistics and
 * definition, linked to its disks, NICs, networks, pools and snapshots.
 *
 * Relies on virConnectListAllDomains (once for all domains, and with
 * filters for transient, autostart and with-snapshot ones instead of
 * per-domain questions), ONE virConnectGetAllDomainStats for every
 * statistic (stats.c reads the records), and one virDomainGetXMLDesc per
 * domain, read by xml-desc.c on several threads.  Drivers without bulk
 * statistics fall back to virDomainGetInfo per domain.
 */
#include "fetch-private.h"

#include <string.h>

void
fetch_vm_free (gpointer data)
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
    fetch_guest_clear (vm);
    g_free (vm->error);
    g_free (vm->snap_error);
    g_free (vm);
}

/* libvirt lists objects in hash order, which differs between runs; rows
 * come in name order instead, so the same connection always gives the same
 * table order (and "table order" ties in a sort are reproducible). */
static int
cmp_domain_name (const void *a, const void *b)
{
    return g_strcmp0 (virDomainGetName (*(virDomainPtr const *) a),
                      virDomainGetName (*(virDomainPtr const *) b));
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
    set = g_hash_table_new_full (fetch_uuid_hash, fetch_uuid_equal, g_free, NULL);
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
    else
        fetch_read_guest (f, vm);
}

gboolean
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
        fetch_table_error (f, VINV_TABLE_VM, "domains");
        f->failed_phases++;
        fetch_read_volume_formats (f);
        return !fetch_cancelled (f, error);
    }
    f->domains_listed = TRUE;
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
            fetch_take_stats (vm, f->stats[i]);
    }
    virResetLastError ();

    /* One XML per domain (the only per-domain call), on several threads;
     * then the links, in order. */
    fetch_run_parallel (f, f->cancellable, f->n_threads, f->vms->len, read_domain);
    if (fetch_cancelled (f, error))
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
        fetch_link_disks (f, vm);
        fetch_link_nics (f, vm);
    }
    fetch_read_volume_formats (f);
    if (fetch_cancelled (f, error))
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

/* ---- rows ---------------------------------------------------------------- */

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

static void
emit_vm_lists (Fetch *f, VinvTable *t, guint row, Vm *vm)
{
    GPtrArray *buf = fetch_items_begin (f);

    for (guint k = 0; k < vm->disks->len; k++) {
        DiskRow *d = g_ptr_array_index (vm->disks, k);
        fetch_items_add (buf, d->name, d->id);
    }
    fetch_items_set (t, row, VINV_VM_DISKS, buf);

    buf = fetch_items_begin (f);
    for (guint k = 0; k < vm->nics->len; k++) {
        NicRow *nic = g_ptr_array_index (vm->nics, k);
        fetch_items_add (buf, nic->name, nic->id);
    }
    fetch_items_set (t, row, VINV_VM_NICS, buf);

    /* Networks and pools, each once, in first-use order (few per VM). */
    buf = fetch_items_begin (f);
    for (guint k = 0; k < vm->nics->len; k++) {
        Net *net = ((NicRow *) g_ptr_array_index (vm->nics, k))->net;
        gboolean seen = FALSE;

        for (guint j = 1; net != NULL && j < buf->len && !seen; j += 2)
            seen = g_ptr_array_index (buf, j) == (gpointer) net->id;
        if (net != NULL && !seen)
            fetch_items_add (buf, net->desc->name, net->id);
    }
    fetch_items_set (t, row, VINV_VM_NETWORKS, buf);

    buf = fetch_items_begin (f);
    for (guint k = 0; k < vm->disks->len; k++) {
        Pool *pool = ((DiskRow *) g_ptr_array_index (vm->disks, k))->pool;
        gboolean seen = FALSE;

        for (guint j = 1; pool != NULL && j < buf->len && !seen; j += 2)
            seen = g_ptr_array_index (buf, j) == (gpointer) pool->id;
        if (pool != NULL && !seen)
            fetch_items_add (buf, pool->desc->name, pool->id);
    }
    fetch_items_set (t, row, VINV_VM_STORAGE_DOMAINS, buf);

    if (vm->snaps != NULL) {
        buf = fetch_items_begin (f);
        for (guint k = 0; k < vm->snaps->len; k++) {
            SnapRow *s = g_ptr_array_index (vm->snaps, k);
            fetch_items_add (buf, s->desc->name, s->id);
        }
        fetch_items_set (t, row, VINV_VM_SNAPSHOTS, buf);
    }

    /* What the guest reports, when known (guest.c). */
    {
        g_autoptr(GPtrArray) addrs = g_ptr_array_new ();

        if (fetch_guest_vm_addrs (vm, addrs)) {
            buf = fetch_items_begin (f);
            for (guint k = 0; k < addrs->len; k++)
                fetch_items_add (buf, g_ptr_array_index (addrs, k), NULL);
            fetch_items_set (t, row, VINV_VM_IP_ADDRESSES, buf);
        }
    }
}

void
fetch_emit_vms (Fetch *f)
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
        fetch_set_bool_known (t, row, VINV_VM_PERSISTENT, vm->persistent);
        fetch_set_bool_known (t, row, VINV_VM_AUTOSTART, vm->autostart);
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
        vinv_table_set_string (t, row, VINV_VM_TITLE, d->title);
        vinv_table_set_string (t, row, VINV_VM_DESCRIPTION, d->description);
        vinv_table_set_string (t, row, VINV_VM_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_VM_OS, d->os_type);
        vinv_table_set_string (t, row, VINV_VM_ARCHITECTURE, d->arch);
        vinv_table_set_string (t, row, VINV_VM_MACHINE, d->machine);
        vinv_table_set_string (t, row, VINV_VM_FQDN, vm->guest_hostname);
        vinv_table_set_string (t, row, VINV_VM_GUEST_OS, vm->guest_os);
        vinv_table_set_int (t, row, VINV_VM_VCPUS, d->vcpus_current);
        vinv_table_set_quantity (t, row, VINV_VM_MEMORY, (double) d->memory);
        vinv_table_set_quantity (t, row, VINV_VM_MAX_MEMORY,
                                 (double) (d->max_memory > 0 ? d->max_memory : d->memory));
        emit_vm_lists (f, t, row, vm);
    }
}
