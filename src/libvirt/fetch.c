/* fetch.c — fills the inventory from one libvirt connection: Hosts (the
 * node), Networks, Storage domains (pools), Disks (domain disks joined with
 * storage volumes), VMs, VM NICs and Snapshots, linked both ways by id.
 * This file drives the phases and holds the helpers they share; each
 * concept has its own file (see fetch-private.h for the map).
 *
 * The fetch runs in two halves.  First it reads everything into the small
 * structs of fetch-private.h, in phases that report progress and check
 * for cancellation: node, networks, pools with their volumes, domains,
 * snapshots.  Then, with every relation known, it writes the rows, so
 * each link can name its target's id.
 *
 * Cost per connection: a handful of calls for the node; per network and
 * pool a few calls; per volume its info and path, and the XML of the
 * volumes no domain uses (for their format); four virConnectListAllDomains
 * calls (all, transient, autostart, with snapshots) instead of per-domain
 * questions; ONE virConnectGetAllDomainStats for every statistic of every
 * domain; one virDomainGetXMLDesc per domain; per running domain one
 * virDomainInterfaceAddresses (DHCP leases; or, on a read-write connection
 * to a guest whose agent is connected, the agent's answers with a short
 * timeout, see guest.c); and, only for the domains that have snapshots,
 * one listing plus one XML and one "is current" call per snapshot.
 * Drivers without bulk statistics fall back to virDomainGetInfo per
 * domain.  The per-item calls (volume, domain and snapshot XML and its
 * parsing, the guest's addresses) run on a few threads
 * (fetch_run_parallel): the test driver is CPU-bound in-process, remote
 * drivers wait on round trips; the structs are then linked on the calling
 * thread in listing order, so the result does not depend on the threads.
 *
 * Errors: a table whose listing fails gets the error (vinv_table_set_error)
 * and the others still load; the fetch fails only when nothing at all
 * could be read, or when cancelled.
 */
#include "fetch-private.h"
#include "core/secret.h"

#include <string.h>

#define PHASES 6

/* ---- helpers shared by the phases (contracts in fetch-private.h) -------- */

void
fetch_add_once (GPtrArray *array, gpointer item)
{
    if (array->len == 0 || g_ptr_array_index (array, array->len - 1) != item)
        g_ptr_array_add (array, item);
}

gboolean
fetch_cancelled (Fetch *f, GError **error)
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
    if (fetch_cancelled (f, error))
        return FALSE;
    if (f->progress != NULL) {
        VinvProgress p = { f->source, what, f->done, PHASES, 0 };
        f->progress (&p, f->user_data);
    }
    f->done++;
    return TRUE;
}

/* ---- fetch_run_parallel ------------------------------------------------- */

/* The shared state of one fetch_run_parallel(): the next item to take. */
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

void
fetch_run_parallel (gpointer f, GCancellable *cancellable, guint n_threads, guint n,
                    ItemFunc fn)
{
    Work w = { f, cancellable, fn, n, 0 };
    VinvSecretThread *threads[16];
    guint extra = MIN (MIN (n_threads, G_N_ELEMENTS (threads)), n);

    extra = extra > 0 ? extra - 1 : 0;
    for (guint t = 0; t < extra; t++)
        threads[t] = vinv_secret_thread_new ("vinv-libvirt", work_loop, &w);
    work_loop (&w);
    for (guint t = 0; t < extra; t++)
        vinv_secret_thread_join (threads[t]);
}

void
fetch_table_error (Fetch *f, VinvTableKind kind, const char *what)
{
    g_autofree char *msg = vinv_libvirt_dup_last_error ();
    g_autofree char *line = g_strdup_printf ("%s of %s: %s", what, f->source, msg);

    vinv_table_set_error (vinv_inventory_ensure_table (f->inv, kind), line);
}

/* Hash table keys that are raw 16-byte UUIDs (no formatting needed). */
guint
fetch_uuid_hash (gconstpointer key)
{
    guint h;

    memcpy (&h, (const guchar *) key + VIR_UUID_BUFLEN - sizeof h, sizeof h);
    return h;
}

gboolean
fetch_uuid_equal (gconstpointer a, gconstpointer b)
{
    return memcmp (a, b, VIR_UUID_BUFLEN) == 0;
}

/* Scratch list builder: clears f->item_buf and returns it. */
GPtrArray *
fetch_items_begin (Fetch *f)
{
    g_ptr_array_set_size (f->item_buf, 0);
    return f->item_buf;
}

void
fetch_items_add (GPtrArray *buf, const char *text, const char *id)
{
    g_ptr_array_add (buf, (gpointer) text);
    g_ptr_array_add (buf, (gpointer) id);
}

/* Sets list cell @col of @row from the (text, id) pairs in @buf. */
void
fetch_items_set (VinvTable *t, guint row, guint col, GPtrArray *buf)
{
    guint n = buf->len / 2;
    g_autofree VinvItem *items = g_new (VinvItem, MAX (n, 1));

    for (guint i = 0; i < n; i++) {
        items[i].text = g_ptr_array_index (buf, 2 * i);
        items[i].id = g_ptr_array_index (buf, 2 * i + 1);
    }
    vinv_table_set_list (t, row, col, items, n);
}

void
fetch_set_bool_known (VinvTable *t, guint row, guint col, int value)
{
    if (value >= 0)
        vinv_table_set_bool (t, row, col, value != 0);
}

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

    f.nets = g_ptr_array_new_with_free_func (fetch_net_free);
    f.net_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    f.net_by_bridge = g_hash_table_new (g_str_hash, g_str_equal);
    f.pools = g_ptr_array_new_with_free_func (fetch_pool_free);
    f.pool_by_name = g_hash_table_new (g_str_hash, g_str_equal);
    f.disk_rows = g_ptr_array_new_with_free_func (fetch_disk_row_free);
    f.disk_by_path = g_hash_table_new (g_str_hash, g_str_equal);
    f.disk_by_volume = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    f.vol_jobs = g_array_new (FALSE, TRUE, sizeof (VolJob));
    f.format_jobs = g_ptr_array_new ();
    g_array_set_clear_func (f.vol_jobs, fetch_vol_job_clear);
    f.vms = g_ptr_array_new_with_free_func (fetch_vm_free);
    f.vm_by_uuid = g_hash_table_new (fetch_uuid_hash, fetch_uuid_equal);
    f.nic_rows = g_ptr_array_new_with_free_func (fetch_nic_row_free);
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
    fetch_emit_host (&f);
    vinv_backend_table_done (backend, VINV_TABLE_HOST);
    fetch_emit_networks (&f);
    vinv_backend_table_done (backend, VINV_TABLE_NET);
    fetch_emit_pools (&f);
    vinv_backend_table_done (backend, VINV_TABLE_SD);
    fetch_emit_disks (&f);
    vinv_backend_table_done (backend, VINV_TABLE_DISK);
    fetch_emit_vms (&f);
    vinv_backend_table_done (backend, VINV_TABLE_VM);
    fetch_emit_nics (&f);
    vinv_backend_table_done (backend, VINV_TABLE_VMNIC);
    fetch_emit_snapshots (&f);
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
