/* model.c — generates the simulated environment and applies VM actions.
 *
 * The generator is a pure function of SimCounts: every random choice comes
 * from sim-rng.h streams seeded by counts.seed (one stream per entity kind),
 * so two runs with the same options build identical models. Counts left at 0
 * are derived from the number of VMs (see derive_counts()). The variety aims
 * at what an inventory tool must cope with: VMs in every state, pending
 * restarts, shared and floating disks, nearly full storage, hosts in
 * maintenance or not responding, busy NICs.
 *
 * The action half implements the engine's power state machine with
 * intermediate states that settle after the configured delay.
 *
 * This file holds what the whole model shares (statuses, ids, the counts,
 * building and freeing the model, the reverse relations and the events);
 * the generators are in model-infra.c (data centers, clusters, networks,
 * storage, hosts) and model-workload.c (templates, pools, VMs, disks,
 * snapshots), the actions in model-actions.c, sharing model-private.h. */
#include "model-private.h"

#include <stdio.h>
#include <string.h>

enum {
    STREAM_IDS = 1,
    STREAM_DC,
    STREAM_CLUSTER,
    STREAM_NET,
    STREAM_SD,
    STREAM_HOST,
    STREAM_TEMPLATE,
    STREAM_VM,
    STREAM_DISK,
    STREAM_NIC,
    STREAM_SNAP,
    STREAM_EVENT,
    STREAM_POOL,
};

G_DEFINE_QUARK (sim-error-quark, sim_error)

static const char *const vm_status_names[SIM_VM_STATUS_LAST] = {
    "down", "up", "paused", "suspended", "migrating", "powering_up",
    "powering_down", "saving_state", "restoring_state", "reboot_in_progress",
    "not_responding",
};

const char *
sim_vm_status_name (SimVmStatus status)
{
    return status < SIM_VM_STATUS_LAST ? vm_status_names[status] : "unknown";
}

gboolean
sim_vm_status_runs (SimVmStatus status)
{
    return status != SIM_VM_DOWN && status != SIM_VM_SUSPENDED;
}

/* Fills @id with a version-4 UUID drawn from @rng. */
void
sim_make_uuid (SimRng *rng, SimId *id)
{
    guint64 a = sim_rng_next (rng);
    guint64 b = sim_rng_next (rng);

    a = (a & ~G_GUINT64_CONSTANT (0xf000)) | 0x4000;
    b = (b & G_GUINT64_CONSTANT (0x3fffffffffffffff)) | G_GUINT64_CONSTANT (0x8000000000000000);
    snprintf (id->s, sizeof id->s, "%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x",
              (guint) (a >> 32), (guint) ((a >> 16) & 0xffff), (guint) (a & 0xffff),
              (guint) (b >> 48), b & G_GUINT64_CONSTANT (0xffffffffffff));
}

void
sim_index_id (SimModel *m, SimKind kind, const SimId *id, int index)
{
    g_hash_table_insert (m->by_id[kind], g_strdup (id->s), GINT_TO_POINTER (index + 1));
}

int
sim_model_find (SimModel *m, SimKind kind, const char *id)
{
    gpointer v = g_hash_table_lookup (m->by_id[kind], id);

    return v == NULL ? -1 : GPOINTER_TO_INT (v) - 1;
}

GArray *
sim_int_array (void)
{
    return g_array_new (FALSE, FALSE, sizeof (int));
}

void
sim_append_int (GArray *a, int v)
{
    g_array_append_val (a, v);
}

gboolean
sim_int_array_has (GArray *a, int v)
{
    for (guint i = 0; i < a->len; i++) {
        if (g_array_index (a, int, i) == v) {
            return TRUE;
        }
    }
    return FALSE;
}

int
sim_clamp_min (int v, int lo)
{
    return v < lo ? lo : v;
}

/* Replaces every 0 count in @c by a value scaled from c->vms. */
static void
derive_counts (SimCounts *c)
{
    int v = c->vms;

    if (c->datacenters <= 0) {
        c->datacenters = sim_clamp_min (v / 2500, 1);
    }
    if (c->clusters <= 0) {
        c->clusters = sim_clamp_min (v / 400, c->datacenters);
    }
    if (c->hosts <= 0) {
        c->hosts = sim_clamp_min (v / 20, 2);
    }
    if (c->storage_domains <= 0) {
        c->storage_domains = sim_clamp_min (v / 150 + 3, 4);
    }
    if (c->networks <= 0) {
        c->networks = sim_clamp_min (v / 250 + c->datacenters, 2 * c->datacenters);
    }
    if (c->vnic_profiles <= 0) {
        c->vnic_profiles = c->networks + c->networks / 4;
    }
    if (c->templates <= 0) {
        c->templates = 1 + sim_clamp_min (v / 100, 1);
    }
    if (c->disks <= 0) {
        c->disks = 2 * v + v / 10 + (c->templates - 1) + v / 50 + 1;
    }
    if (c->snapshots < 0 || (c->snapshots == 0 && v > 0)) {
        c->snapshots = v / 2;
    }
    if (c->host_nics <= 0) {
        c->host_nics = 5 * c->hosts;
    }
    if (c->events <= 0) {
        c->events = sim_clamp_min (v, 50);
    }
    if (c->pools <= 0) {
        c->pools = sim_clamp_min (v / 500, 1);
    }
    c->clusters = sim_clamp_min (c->clusters, 1);
    c->datacenters = sim_clamp_min (c->datacenters, 1);
    c->networks = sim_clamp_min (c->networks, c->datacenters);
    c->vnic_profiles = sim_clamp_min (c->vnic_profiles, c->networks);
    c->templates = sim_clamp_min (c->templates, 1);
    c->host_nics = sim_clamp_min (c->host_nics, c->hosts);
}

/* Fills the reverse relations: storage domain -> VMs/disks/templates and the
 * per-host running VM counters. */
static void
link_relations (SimModel *m)
{
    for (guint i = 0; i < m->disks->len; i++) {
        SimDisk *d = SIM_AT (m->disks, SimDisk, i);
        for (int k = 0; k < 2; k++) {
            if (d->sd[k] < 0) {
                continue;
            }
            SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, d->sd[k]);
            sim_append_int (sd->disks, (int) i);
            if (d->template >= 0 && !sim_int_array_has (sd->templates, d->template)) {
                sim_append_int (sd->templates, d->template);
            }
        }
    }
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *v = SIM_AT (m->vms, SimVm, i);
        for (guint k = 0; k < v->disk_atts->len; k++) {
            int att = g_array_index (v->disk_atts, int, k);
            SimDisk *d = SIM_AT (m->disks, SimDisk,
                                 SIM_AT (m->disk_atts, SimDiskAttachment, att)->disk);
            for (int j = 0; j < 2; j++) {
                if (d->sd[j] >= 0) {
                    SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, d->sd[j]);
                    if (sd->vms->len == 0 || g_array_index (sd->vms, int, sd->vms->len - 1)
                        != (int) i) {
                        if (!sim_int_array_has (sd->vms, (int) i)) {
                            sim_append_int (sd->vms, (int) i);
                        }
                    }
                }
            }
        }
        if (v->host >= 0) {
            SimHost *h = SIM_AT (m->hosts, SimHost, v->host);
            h->vms_active++;
            if (v->status == SIM_VM_MIGRATING) {
                h->vms_migrating++;
            }
        }
    }
}

typedef struct {
    int code;
    const char *severity;
    const char *fmt;   /* "{vm}" and "{host}" stand for the names */
    gboolean vm;
} EventKind;

static const EventKind event_kinds[] = {
    { 32, "normal", "VM {vm} started on Host {host}", TRUE },
    { 33, "normal", "VM {vm} is down. Exit message: User shut down from within the guest",
      TRUE },
    { 62, "normal", "Migration completed (VM: {vm}, Source: {host})", TRUE },
    { 68, "normal", "Snapshot '{vm}-snap' creation for VM '{vm}' has been completed.", TRUE },
    { 9000, "warning", "Failed to verify Power Management configuration for Host {host}.",
      FALSE },
    { 524, "warning", "Available memory of host {host} is under defined threshold", FALSE },
    { 12, "error", "Host {host} is non responsive.", FALSE },
    { 119, "alert", "VM {vm} has been paused due to storage I/O problem.", TRUE },
    { 16, "normal", "Host {host} was activated by admin@internal-authz.", FALSE },
    { 153, "normal", "VM {vm} was started by admin@internal-authz (Host: {host}).", TRUE },
};

/* Writes @fmt into @out (of @size bytes) with {vm} and {host} replaced. */
static void
expand_event (char *out, gsize size, const char *fmt, const char *vm, const char *host)
{
    g_autoptr (GString) s = g_string_new (fmt);

    g_string_replace (s, "{vm}", vm, 0);
    g_string_replace (s, "{host}", host, 0);
    g_strlcpy (out, s->str, size);
}

/* Appends the events, oldest first, each naming a host and often a VM. */
static void
gen_events (SimModel *m, SimRng *r)
{
    int n = m->counts.events;
    gint64 t = SIM_NOW_MS - (gint64) n * 60000;

    for (int i = 0; i < n; i++) {
        SimEvent e = { 0 };
        const EventKind *k = &event_kinds[sim_rng_below (r, G_N_ELEMENTS (event_kinds))];
        e.index = i + 1;
        e.code = k->code;
        e.severity = k->severity;
        t += sim_rng_range (r, 1000, 119000);
        e.time = t;
        e.vm = k->vm && m->counts.vms > 0 ? (int) sim_rng_below (r, (guint32) m->counts.vms)
                                           : -1;
        e.host = (int) sim_rng_below (r, (guint32) m->counts.hosts);
        if (e.vm >= 0 && SIM_AT (m->vms, SimVm, e.vm)->host >= 0) {
            e.host = SIM_AT (m->vms, SimVm, e.vm)->host;
        }
        e.cluster = SIM_AT (m->hosts, SimHost, e.host)->cluster;
        e.dc = SIM_AT (m->clusters, SimCluster, e.cluster)->dc;
        e.sd = k->code == 119 ? sim_pick_data_sd (m, r, e.dc) : -1;
        expand_event (e.description, sizeof e.description, k->fmt,
                      e.vm >= 0 ? SIM_AT (m->vms, SimVm, e.vm)->name : "",
                      SIM_AT (m->hosts, SimHost, e.host)->name);
        g_array_append_val (m->events, e);
        char id[16];
        snprintf (id, sizeof id, "%d", e.index);
        g_hash_table_insert (m->by_id[SIM_KIND_EVENT], g_strdup (id), GINT_TO_POINTER (i + 1));
    }
}

SimModel *
sim_model_new (const SimCounts *counts)
{
    SimModel *m = g_new0 (SimModel, 1);
    SimRng ids;
    SimRng r[STREAM_POOL + 1];

    m->counts = *counts;
    m->counts.vms = MAX (m->counts.vms, 0);
    derive_counts (&m->counts);
    g_rw_lock_init (&m->lock);
    m->pending = sim_int_array ();
    for (int k = 0; k < SIM_KIND_LAST; k++) {
        m->by_id[k] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
#define NEW_ARRAY(type) g_array_new (FALSE, TRUE, sizeof (type))
    m->dcs = NEW_ARRAY (SimDataCenter);
    m->clusters = NEW_ARRAY (SimCluster);
    m->hosts = NEW_ARRAY (SimHost);
    m->host_nics = NEW_ARRAY (SimHostNic);
    m->net_atts = NEW_ARRAY (SimNetAttachment);
    m->networks = NEW_ARRAY (SimNetwork);
    m->profiles = NEW_ARRAY (SimVnicProfile);
    m->sds = NEW_ARRAY (SimStorageDomain);
    m->disks = NEW_ARRAY (SimDisk);
    m->disk_atts = NEW_ARRAY (SimDiskAttachment);
    m->nics = NEW_ARRAY (SimNic);
    m->snaps = NEW_ARRAY (SimSnapshot);
    m->templates = NEW_ARRAY (SimTemplate);
    m->vms = NEW_ARRAY (SimVm);
    m->events = NEW_ARRAY (SimEvent);
    m->pools = NEW_ARRAY (SimPool);
#undef NEW_ARRAY

    sim_rng_stream (&ids, counts->seed, STREAM_IDS);
    for (int k = 0; k <= STREAM_POOL; k++) {
        sim_rng_stream (&r[k], counts->seed, (guint64) k);
    }
    sim_gen_datacenters (m, &ids, &r[STREAM_DC]);
    sim_gen_clusters (m, &ids, &r[STREAM_CLUSTER]);
    sim_gen_networks (m, &ids, &r[STREAM_NET]);
    sim_gen_storage (m, &ids, &r[STREAM_SD]);
    sim_gen_hosts (m, &ids, &r[STREAM_HOST]);
    sim_gen_templates (m, &ids, &r[STREAM_TEMPLATE]);
    sim_gen_pools (m, &ids, &r[STREAM_POOL]);
    sim_gen_vms (m, &ids, &r[STREAM_VM], &r[STREAM_NIC], &r[STREAM_POOL]);
    sim_gen_disks (m, &ids, &r[STREAM_DISK]);
    sim_gen_snapshots (m, &ids, &r[STREAM_SNAP]);
    link_relations (m);
    gen_events (m, &r[STREAM_EVENT]);
    m->counts.disks = (int) m->disks->len;
    m->id_counter = sim_rng_next (&ids);
    return m;
}

void
sim_model_free (SimModel *m)
{
    if (m == NULL) {
        return;
    }
    for (guint i = 0; i < m->sds->len; i++) {
        SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, i);
        g_array_unref (sd->vms);
        g_array_unref (sd->disks);
        g_array_unref (sd->templates);
    }
    for (guint i = 0; i < m->disks->len; i++) {
        g_array_unref (SIM_AT (m->disks, SimDisk, i)->vms);
    }
    for (guint i = 0; i < m->templates->len; i++) {
        g_array_unref (SIM_AT (m->templates, SimTemplate, i)->disk_atts);
        g_array_unref (SIM_AT (m->templates, SimTemplate, i)->nics);
    }
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *v = SIM_AT (m->vms, SimVm, i);
        g_array_unref (v->disk_atts);
        g_array_unref (v->nics);
        g_array_unref (v->snaps);
    }
    GArray *arrays[] = {
        m->dcs, m->clusters, m->hosts, m->host_nics, m->net_atts, m->networks,
        m->profiles, m->sds, m->disks, m->disk_atts, m->nics, m->snaps, m->templates,
        m->vms, m->events, m->pending, m->pools,
    };
    for (guint i = 0; i < G_N_ELEMENTS (arrays); i++) {
        g_array_unref (arrays[i]);
    }
    for (int k = 0; k < SIM_KIND_LAST; k++) {
        g_hash_table_unref (m->by_id[k]);
    }
    g_rw_lock_clear (&m->lock);
    g_free (m);
}

