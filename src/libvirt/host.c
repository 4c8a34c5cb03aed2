/* host.c — the Hosts row of a libvirt connection: the node itself (CPU,
 * memory, hypervisor and libvirt versions) with the VMs and networks
 * defined on it.
 *
 * Relies on virNodeGetInfo, virNodeGetMemoryStats (or the node's free
 * memory where a driver lacks statistics) and the sysinfo document for a
 * stable id; the VMs and networks come from the structs the other phases
 * read (fetch-private.h).
 */
#include "fetch-private.h"

#include <string.h>

static char *
format_version (unsigned long v)
{
    return g_strdup_printf ("%lu.%lu.%lu", v / 1000000, (v / 1000) % 1000, v % 1000);
}

void
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
        fetch_table_error (f, VINV_TABLE_HOST, "node information");

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

void
fetch_emit_host (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_HOST);
    Host *h = &f->host;
    guint row = vinv_table_add_row (t, f->source, h->id);
    GPtrArray *buf;
    gint64 running = 0;
    gboolean states_known = TRUE;

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

    /* VMs: the domains running on the host in the wide sense of `virsh
     * list` (active: running, paused, blocked, shutting down, ...), not
     * every domain defined on it.  Running VMs: those whose state is
     * running (status up; `virsh list --state-running`).  Neither is
     * known when the domains could not be listed, and the count not when
     * a domain's state is unknown. */
    if (f->domains_listed) {
        buf = fetch_items_begin (f);
        for (guint i = 0; i < f->vms->len; i++) {
            Vm *vm = g_ptr_array_index (f->vms, i);

            if (vm->active)
                fetch_items_add (buf, vm->name, vm->uuid);
            if (vm->have & HAVE_STATE)
                running += vm->state == VIR_DOMAIN_RUNNING;
            else
                states_known = FALSE;
        }
        fetch_items_set (t, row, VINV_HOST_VMS, buf);
        if (states_known)
            vinv_table_set_int (t, row, VINV_HOST_RUNNING_VMS, running);
    }

    buf = fetch_items_begin (f);
    for (guint i = 0; i < f->nets->len; i++) {
        Net *net = g_ptr_array_index (f->nets, i);
        fetch_items_add (buf, net->desc->name, net->id);
    }
    fetch_items_set (t, row, VINV_HOST_NETWORKS, buf);
}
