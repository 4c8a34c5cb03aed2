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
 * intermediate states that settle after the configured delay. */
#include "model.h"

#include "sim-rng.h"

#include <stdio.h>
#include <string.h>

#define GIB G_GINT64_CONSTANT (1073741824)
#define TIB (GIB * 1024)
#define DAY_MS G_GINT64_CONSTANT (86400000)

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
static void
make_uuid (SimRng *rng, SimId *id)
{
    guint64 a = sim_rng_next (rng);
    guint64 b = sim_rng_next (rng);

    a = (a & ~G_GUINT64_CONSTANT (0xf000)) | 0x4000;
    b = (b & G_GUINT64_CONSTANT (0x3fffffffffffffff)) | G_GUINT64_CONSTANT (0x8000000000000000);
    snprintf (id->s, sizeof id->s, "%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x",
              (guint) (a >> 32), (guint) ((a >> 16) & 0xffff), (guint) (a & 0xffff),
              (guint) (b >> 48), b & G_GUINT64_CONSTANT (0xffffffffffff));
}

static void
index_id (SimModel *m, SimKind kind, const SimId *id, int index)
{
    g_hash_table_insert (m->by_id[kind], g_strdup (id->s), GINT_TO_POINTER (index + 1));
}

int
sim_model_find (SimModel *m, SimKind kind, const char *id)
{
    gpointer v = g_hash_table_lookup (m->by_id[kind], id);

    return v == NULL ? -1 : GPOINTER_TO_INT (v) - 1;
}

static GArray *
int_array (void)
{
    return g_array_new (FALSE, FALSE, sizeof (int));
}

static void
append_int (GArray *a, int v)
{
    g_array_append_val (a, v);
}

static gboolean
int_array_has (GArray *a, int v)
{
    for (guint i = 0; i < a->len; i++) {
        if (g_array_index (a, int, i) == v) {
            return TRUE;
        }
    }
    return FALSE;
}

static int
clamp_min (int v, int lo)
{
    return v < lo ? lo : v;
}

/* Replaces every 0 count in @c by a value scaled from c->vms. */
static void
derive_counts (SimCounts *c)
{
    int v = c->vms;

    if (c->datacenters <= 0) {
        c->datacenters = clamp_min (v / 2500, 1);
    }
    if (c->clusters <= 0) {
        c->clusters = clamp_min (v / 400, c->datacenters);
    }
    if (c->hosts <= 0) {
        c->hosts = clamp_min (v / 20, 2);
    }
    if (c->storage_domains <= 0) {
        c->storage_domains = clamp_min (v / 150 + 3, 4);
    }
    if (c->networks <= 0) {
        c->networks = clamp_min (v / 250 + c->datacenters, 2 * c->datacenters);
    }
    if (c->vnic_profiles <= 0) {
        c->vnic_profiles = c->networks + c->networks / 4;
    }
    if (c->templates <= 0) {
        c->templates = 1 + clamp_min (v / 100, 1);
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
        c->events = clamp_min (v, 50);
    }
    if (c->pools <= 0) {
        c->pools = clamp_min (v / 500, 1);
    }
    c->clusters = clamp_min (c->clusters, 1);
    c->datacenters = clamp_min (c->datacenters, 1);
    c->networks = clamp_min (c->networks, c->datacenters);
    c->vnic_profiles = clamp_min (c->vnic_profiles, c->networks);
    c->templates = clamp_min (c->templates, 1);
    c->host_nics = clamp_min (c->host_nics, c->hosts);
}

#define PICK(rng, arr) ((arr)[sim_rng_below ((rng), G_N_ELEMENTS (arr))])

static const char *const cpu_types[] = {
    "Intel Cascadelake Server Family", "Intel Icelake Server Family",
    "Secure Intel Skylake Server Family", "AMD EPYC", "Secure AMD EPYC",
};
static const char *const cpu_names[] = {
    "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz",
    "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
    "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz",
    "AMD EPYC 7543 32-Core Processor",
    "AMD EPYC 7302 16-Core Processor",
};
static const int cpu_speeds[] = { 2095, 2000, 2194, 2794, 2994 };

/* Appends counts.datacenters data centers; the first is "Default". */
static void
gen_datacenters (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.datacenters; i++) {
        SimDataCenter dc = { 0 };
        make_uuid (ids, &dc.id);
        make_uuid (ids, &dc.quota_id);
        if (i == 0) {
            g_strlcpy (dc.name, "Default", sizeof dc.name);
            g_strlcpy (dc.description, "The default Data Center", sizeof dc.description);
        } else {
            snprintf (dc.name, sizeof dc.name, "dc%02d", i + 1);
            snprintf (dc.description, sizeof dc.description, "Site %d", i + 1);
        }
        dc.status = "up";
        dc.ver_major = 4;
        dc.ver_minor = sim_rng_chance (r, 0.8) || i == 0 ? 7 : 6;
        dc.local = FALSE;
        dc.quota_mode = sim_rng_chance (r, 0.2) ? "audit" : "disabled";
        g_array_append_val (m->dcs, dc);
        index_id (m, SIM_KIND_DC, &dc.id, i);
    }
}

/* Appends the clusters, spread round-robin over the data centers. */
static void
gen_clusters (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.clusters; i++) {
        SimCluster c = { 0 };
        SimDataCenter *dc;
        make_uuid (ids, &c.id);
        make_uuid (ids, &c.cpu_profile_id);
        c.dc = i % m->counts.datacenters;
        dc = SIM_AT (m->dcs, SimDataCenter, c.dc);
        if (i == 0) {
            g_strlcpy (c.name, "Default", sizeof c.name);
            g_strlcpy (c.description, "The default server cluster", sizeof c.description);
        } else {
            snprintf (c.name, sizeof c.name, "cluster%02d", i + 1);
            snprintf (c.description, sizeof c.description, "Compute cluster %d", i + 1);
        }
        c.cpu_type = PICK (r, cpu_types);
        c.arch = "x86_64";
        c.ver_major = dc->ver_major;
        c.ver_minor = dc->ver_minor;
        c.on_error = sim_rng_chance (r, 0.8) ? "migrate" : "migrate_highly_available";
        c.firewall = sim_rng_chance (r, 0.9) ? "firewalld" : "iptables";
        c.overcommit = sim_rng_chance (r, 0.6) ? 100 : (sim_rng_chance (r, 0.5) ? 150 : 200);
        g_array_append_val (m->clusters, c);
        index_id (m, SIM_KIND_CLUSTER, &c.id, i);
        index_id (m, SIM_KIND_CPU_PROFILE, &c.cpu_profile_id, i);
    }
}

/* Appends ovirtmgmt for each data center, then VLAN and storage networks, then
 * one vNIC profile per network plus extra mirrored / QoS profiles. */
static void
gen_networks (SimModel *m, SimRng *ids, SimRng *r)
{
    int ndc = m->counts.datacenters;

    for (int i = 0; i < m->counts.networks; i++) {
        SimNetwork n = { 0 };
        make_uuid (ids, &n.id);
        n.dc = i % ndc;
        if (i < ndc) {
            g_strlcpy (n.name, "ovirtmgmt", sizeof n.name);
            g_strlcpy (n.description, "Management Network", sizeof n.description);
            n.usages = 0xf;
            n.mtu = 1500;
            n.required = TRUE;
        } else {
            n.vlan = 100 + (i - ndc);
            gboolean storage = sim_rng_chance (r, 0.15);
            snprintf (n.name, sizeof n.name, "%s%d", storage ? "storage" : "vlan", n.vlan);
            snprintf (n.description, sizeof n.description, "%s VLAN %d",
                      storage ? "Storage" : "VM", n.vlan);
            n.usages = storage ? 0 : 1;
            n.mtu = storage ? 9000 : 1500;
            n.required = sim_rng_chance (r, 0.5);
            n.stp = sim_rng_chance (r, 0.1);
        }
        g_array_append_val (m->networks, n);
        index_id (m, SIM_KIND_NETWORK, &n.id, i);
    }
    for (int i = 0; i < m->counts.vnic_profiles; i++) {
        SimVnicProfile p = { 0 };
        make_uuid (ids, &p.id);
        if (i < m->counts.networks) {
            SimNetwork *n = SIM_AT (m->networks, SimNetwork, i);
            p.network = i;
            g_strlcpy (p.name, n->name, sizeof p.name);
        } else {
            p.network = (int) sim_rng_below (r, (guint32) m->counts.networks);
            SimNetwork *n = SIM_AT (m->networks, SimNetwork, p.network);
            p.port_mirroring = sim_rng_chance (r, 0.5);
            snprintf (p.name, sizeof p.name, "%.24s-%s%d", n->name,
                      p.port_mirroring ? "mirror" : "qos", i);
        }
        g_array_append_val (m->profiles, p);
        index_id (m, SIM_KIND_PROFILE, &p.id, i);
    }
}

/* Appends the storage domains: data domains (one master per data center, some
 * nearly full), then an ISO domain and an unattached export domain. */
static void
gen_storage (SimModel *m, SimRng *ids, SimRng *r)
{
    int n = m->counts.storage_domains;
    int ndc = m->counts.datacenters;
    gboolean *has_master = g_new0 (gboolean, (gsize) ndc);
    int n_data = n >= 4 ? n - 2 : (n >= 3 ? n - 1 : n);

    for (int i = 0; i < n; i++) {
        SimStorageDomain sd = { 0 };
        make_uuid (ids, &sd.id);
        make_uuid (ids, &sd.disk_profile_id);
        sd.vms = int_array ();
        sd.disks = int_array ();
        sd.templates = int_array ();
        sd.external_status = "ok";
        if (i < n_data) {
            double u = sim_rng_unit (r);
            sd.type = "data";
            sd.storage_type = u < 0.5 ? "nfs" : u < 0.8 ? "iscsi" : u < 0.9 ? "fcp" : "glusterfs";
            sd.dc = i % ndc;
            snprintf (sd.name, sizeof sd.name, "%s_data%02d", sd.storage_type, i + 1);
            sd.dc_status = "active";
            if (!has_master[sd.dc]) {
                sd.master = TRUE;
                has_master[sd.dc] = TRUE;
            } else if (sim_rng_chance (r, 0.04)) {
                sd.dc_status = "maintenance";
            }
            gint64 total = sim_rng_range (r, 2, 40) * 512 * GIB;
            double full = sim_rng_chance (r, 0.1) ? 0.95 + 0.04 * sim_rng_unit (r)
                                                   : 0.2 + 0.6 * sim_rng_unit (r);
            sd.used = (gint64) ((double) total * full) / GIB * GIB;
            sd.available = total - sd.used;
            sd.committed = (gint64) ((double) sd.used * (1.0 + sim_rng_unit (r))) / GIB * GIB;
            if (full > 0.95) {
                sd.external_status = sim_rng_chance (r, 0.5) ? "warning" : "ok";
            }
        } else if (i == n_data) {
            sd.type = "iso";
            sd.storage_type = "nfs";
            sd.dc = 0;
            sd.dc_status = "active";
            g_strlcpy (sd.name, "ISO_DOMAIN", sizeof sd.name);
            sd.used = 60 * GIB;
            sd.available = 440 * GIB;
        } else {
            sd.type = "export";
            sd.storage_type = "nfs";
            sd.dc = -1;
            sd.dc_status = "unattached";
            g_strlcpy (sd.name, "export", sizeof sd.name);
            sd.used = 1200 * GIB;
            sd.available = 800 * GIB;
        }
        if (g_str_equal (sd.storage_type, "nfs") || g_str_equal (sd.storage_type, "glusterfs")) {
            snprintf (sd.address, sizeof sd.address, "nas%02d.storage.example.com",
                      (int) sim_rng_below (r, 8) + 1);
            snprintf (sd.path, sizeof sd.path, "/exports/ovirt/%s", sd.name);
        } else {
            snprintf (sd.address, sizeof sd.address, "10.20.%d.%d",
                      (int) sim_rng_below (r, 4), (int) sim_rng_below (r, 250) + 2);
        }
        g_array_append_val (m->sds, sd);
        index_id (m, SIM_KIND_SD, &sd.id, i);
        index_id (m, SIM_KIND_DISK_PROFILE, &sd.disk_profile_id, i);
    }
    g_free (has_master);
}

/* Returns a network of data center @dc: the @k-th one (wrapping), or -1. */
static int
dc_network (SimModel *m, int dc, int k)
{
    int found = -1;
    int seen = 0;

    for (guint i = 0; i < m->networks->len; i++) {
        if (SIM_AT (m->networks, SimNetwork, i)->dc == dc) {
            if (seen == k) {
                return (int) i;
            }
            if (found < 0) {
                found = (int) i;
            }
            seen++;
        }
    }
    if (seen > 0 && k >= seen) {
        return dc_network (m, dc, k % seen);
    }
    return found;
}

/* Appends a NIC of @host, with a network attachment when @network >= 0. */
static void
add_host_nic (SimModel *m, SimRng *ids, SimRng *r, int host, const char *name, int network)
{
    SimHostNic nic = { 0 };
    int index = (int) m->host_nics->len;

    make_uuid (ids, &nic.id);
    g_strlcpy (nic.name, name, sizeof nic.name);
    snprintf (nic.mac, sizeof nic.mac, "3c:ec:ef:%02x:%02x:%02x", (index >> 16) & 0xff,
              (index >> 8) & 0xff, index & 0xff);
    nic.host = host;
    nic.network = network;
    nic.speed = sim_rng_chance (r, 0.7) ? G_GINT64_CONSTANT (10000000000)
                                        : G_GINT64_CONSTANT (25000000000);
    nic.up = network >= 0 || sim_rng_chance (r, 0.3);
    nic.mtu = 1500;
    nic.bond_first = -1;
    nic.busy = sim_rng_chance (r, 0.1) ? 3 : (int) sim_rng_below (r, 3);
    if (network >= 0) {
        SimNetwork *net = SIM_AT (m->networks, SimNetwork, network);
        nic.mtu = net->mtu;
        nic.vlan = net->vlan;
    }
    g_array_append_val (m->host_nics, nic);
    index_id (m, SIM_KIND_HOST_NIC, &nic.id, index);
    if (network >= 0) {
        SimNetAttachment na = { 0 };
        make_uuid (ids, &na.id);
        na.host = host;
        na.nic = index;
        na.network = network;
        na.in_sync = sim_rng_chance (r, 0.97);
        g_array_append_val (m->net_atts, na);
        index_id (m, SIM_KIND_NET_ATT, &na.id, (int) m->net_atts->len - 1);
    }
}

/* Appends the hosts (every cluster gets an up host) with their NICs: eno1 on
 * ovirtmgmt, eno2 on a VM network, a bond of eno3+eno4 when there are 5+. */
static void
gen_hosts (SimModel *m, SimRng *ids, SimRng *r)
{
    int per_host = m->counts.host_nics / m->counts.hosts;
    int extra = m->counts.host_nics % m->counts.hosts;
    gboolean *has_spm = g_new0 (gboolean, (gsize) m->counts.datacenters);

    for (int i = 0; i < m->counts.hosts; i++) {
        SimHost h = { 0 };
        make_uuid (ids, &h.id);
        h.cluster = i % m->counts.clusters;
        SimCluster *c = SIM_AT (m->clusters, SimCluster, h.cluster);
        snprintf (h.name, sizeof h.name, "hv%03d", i + 1);
        snprintf (h.address, sizeof h.address, "10.1.%d.%d", (i / 250) % 256, i % 250 + 3);
        double u = sim_rng_unit (r);
        h.status = u < 0.92 ? "up" : u < 0.96 ? "maintenance" : u < 0.99 ? "non_responsive"
                                                                        : "installing";
        if (i < m->counts.clusters) {
            h.status = "up";    /* every cluster has at least one running host */
        }
        h.memory = sim_rng_range (r, 4, 16) * 64 * GIB;
        h.max_sched_memory = h.memory - sim_rng_range (r, 8, 48) * GIB;
        int cpu = (int) sim_rng_below (r, G_N_ELEMENTS (cpu_names));
        h.cpu_name = cpu_names[cpu];
        h.cpu_speed = cpu_speeds[cpu];
        h.cpu_type = c->cpu_type;
        h.sockets = sim_rng_chance (r, 0.8) ? 2 : 1;
        h.cores = 8 * (int) sim_rng_range (r, 1, 4);
        h.threads = 2;
        h.spm = "none";
        if (g_str_equal (h.status, "up") && !has_spm[c->dc]) {
            h.spm = "spm";
            has_spm[c->dc] = TRUE;
        }
        h.type = sim_rng_chance (r, 0.7) ? "rhel" : "ovirt_node";
        h.vdsm = sim_rng_chance (r, 0.8) ? "vdsm-4.50.3.4-1.el8" : "vdsm-4.50.1.3-1.el8";
        h.os_version = sim_rng_chance (r, 0.8) ? "8.7 - 1.el8" : "8.6 - 1.el8";
        h.update_available = sim_rng_chance (r, 0.25);
        h.boot_time = SIM_NOW_MS / 1000 - sim_rng_range (r, 3600, 200 * 86400);

        int n = per_host + (i < extra ? 1 : 0);
        h.first_nic = (int) m->host_nics->len;
        for (int k = 0; k < n; k++) {
            char name[16];
            int network = -1;
            if (k == 0) {
                network = dc_network (m, c->dc, 0);
            } else if (k == 1) {
                network = dc_network (m, c->dc, 1 + (int) sim_rng_below (r, 4));
            }
            if (n >= 5 && k == n - 1) {
                g_strlcpy (name, "bond0", sizeof name);
                network = dc_network (m, c->dc, 2);
            } else {
                snprintf (name, sizeof name, "eno%d", k + 1);
            }
            add_host_nic (m, ids, r, i, name, network);
        }
        h.n_nics = n;
        if (n >= 5) {
            SimHostNic *bond = SIM_AT (m->host_nics, SimHostNic, h.first_nic + n - 1);
            bond->bond_first = h.first_nic + 2;
            bond->bond_n = 2;
            bond->up = TRUE;
            for (int k = 2; k < 4; k++) {
                SIM_AT (m->host_nics, SimHostNic, h.first_nic + k)->up = TRUE;
            }
        }
        SimHostNic *mgmt = SIM_AT (m->host_nics, SimHostNic, h.first_nic);
        g_strlcpy (mgmt->ip, h.address, sizeof mgmt->ip);
        g_array_append_val (m->hosts, h);
        index_id (m, SIM_KIND_HOST, &h.id, i);
    }
    g_free (has_spm);
}

/* Picks a storage domain of data center @dc that can hold disks, preferring
 * active data domains. Returns -1 if there is none. */
static int
pick_data_sd (SimModel *m, SimRng *r, int dc)
{
    int cand[64];
    int n = 0;

    for (guint i = 0; i < m->sds->len && n < (int) G_N_ELEMENTS (cand); i++) {
        SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, i);
        if (sd->dc == dc && g_str_equal (sd->type, "data")) {
            cand[n++] = (int) i;
        }
    }
    if (n == 0) {
        for (guint i = 0; i < m->sds->len; i++) {
            if (g_str_equal (SIM_AT (m->sds, SimStorageDomain, i)->type, "data")) {
                return (int) i;
            }
        }
        return -1;
    }
    return cand[sim_rng_below (r, (guint32) n)];
}

/* Appends a disk on a data domain of @dc; returns its index. */
static int
new_disk (SimModel *m, SimRng *ids, SimRng *r, const char *name, int dc)
{
    SimDisk d = { 0 };
    int index = (int) m->disks->len;

    make_uuid (ids, &d.id);
    g_strlcpy (d.name, name, sizeof d.name);
    d.provisioned = sim_rng_range (r, 1, 50) * 10 * GIB;
    if (sim_rng_chance (r, 0.7)) {
        d.format = "cow";
        d.sparse = TRUE;
        d.actual = (gint64) ((double) d.provisioned * (0.05 + 0.9 * sim_rng_unit (r)))
                   / 4096 * 4096;
    } else {
        d.format = "raw";
        d.sparse = FALSE;
        d.actual = d.provisioned;
    }
    d.total = d.actual;
    double u = sim_rng_unit (r);
    d.status = u < 0.99 ? "ok" : u < 0.995 ? "locked" : "illegal";
    d.content_type = "data";
    d.sd[0] = pick_data_sd (m, r, dc);
    d.sd[1] = -1;
    d.template = -1;
    d.vms = int_array ();
    g_array_append_val (m->disks, d);
    index_id (m, SIM_KIND_DISK, &d.id, index);
    return index;
}

/* Appends a disk attachment of @disk to VM @vm or template @tpl. */
static int
new_disk_att (SimModel *m, int vm, int tpl, int disk, gboolean boot, SimRng *r)
{
    SimDiskAttachment a = { 0 };

    a.vm = vm;
    a.template = tpl;
    a.disk = disk;
    a.bootable = boot;
    a.active = sim_rng_chance (r, 0.98);
    a.read_only = FALSE;
    double u = sim_rng_unit (r);
    a.iface = u < 0.7 ? "virtio_scsi" : u < 0.95 ? "virtio" : "sata";
    g_array_append_val (m->disk_atts, a);
    return (int) m->disk_atts->len - 1;
}

/* Returns a vNIC profile on a network of data center @dc (mostly the
 * management network), or -1 if the data center has none. */
static int
pick_profile (SimModel *m, SimRng *r, int dc)
{
    int want = sim_rng_chance (r, 0.5) ? 0 : (int) sim_rng_below (r, 6);
    int net = dc_network (m, dc, want);

    for (guint i = 0; i < m->profiles->len; i++) {
        if (SIM_AT (m->profiles, SimVnicProfile, i)->network == net) {
            return (int) i;
        }
    }
    return -1;
}

/* Appends NIC number @k of VM @vm or template @tpl; returns its index. */
static int
new_nic (SimModel *m, SimRng *ids, SimRng *r, int vm, int tpl, int k, int dc)
{
    SimNic n = { 0 };
    int index = (int) m->nics->len;

    make_uuid (ids, &n.id);
    snprintf (n.name, sizeof n.name, "nic%d", k + 1);
    snprintf (n.mac, sizeof n.mac, "56:6f:%02x:%02x:%02x:%02x", (index >> 24) & 0xff,
              (index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff);
    n.vm = vm;
    n.template = tpl;
    n.profile = pick_profile (m, r, dc);
    double u = sim_rng_unit (r);
    n.iface = u < 0.9 ? "virtio" : u < 0.97 ? "e1000" : "rtl8139";
    n.linked = sim_rng_chance (r, 0.97);
    n.plugged = sim_rng_chance (r, 0.98);
    g_array_append_val (m->nics, n);
    index_id (m, SIM_KIND_NIC, &n.id, index);
    return index;
}

static const char *const os_types[] = {
    "rhel_8x64", "rhel_8x64", "rhel_9x64", "rhel_9x64", "windows_2019x64",
    "windows_2022", "other_linux", "ubuntu_22_04",
};

/* Appends Blank (the all-zero id) and the templates, each with one disk and
 * one NIC; some are newer versions of the previous one. */
static void
gen_templates (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.templates; i++) {
        SimTemplate t = { 0 };
        t.disk_atts = int_array ();
        t.nics = int_array ();
        t.status = "ok";
        t.version = 1;
        t.base = i;
        if (i == 0) {
            g_strlcpy (t.id.s, SIM_BLANK_ID, sizeof t.id.s);
            g_strlcpy (t.name, "Blank", sizeof t.name);
            g_strlcpy (t.description, "Blank template", sizeof t.description);
            t.cluster = -1;
            t.memory = GIB;
            t.sockets = 1;
            t.cores = 1;
            t.os = "other";
            t.creation_time = G_GINT64_CONSTANT (1207000800000);
            g_array_append_val (m->templates, t);
            index_id (m, SIM_KIND_TEMPLATE, &t.id, i);
            continue;
        }
        make_uuid (ids, &t.id);
        t.cluster = (int) sim_rng_below (r, (guint32) m->counts.clusters);
        t.os = PICK (r, os_types);
        SimTemplate *prev = i > 1 ? SIM_AT (m->templates, SimTemplate, i - 1) : NULL;
        if (prev != NULL && prev->version < 3 && sim_rng_chance (r, 0.2)) {
            /* a newer version of the previous template */
            t.base = prev->base;
            t.version = prev->version + 1;
            t.os = prev->os;
            t.cluster = prev->cluster;
            g_strlcpy (t.name, prev->name, sizeof t.name);
        } else {
            snprintf (t.name, sizeof t.name, "%s-tpl%02d",
                      g_str_has_prefix (t.os, "windows") ? "win" : "linux", i);
        }
        snprintf (t.description, sizeof t.description, "%s template v%d", t.os, t.version);
        t.status = sim_rng_chance (r, 0.97) ? "ok" : "locked";
        t.memory = (gint64) (1 << sim_rng_below (r, 4)) * 2 * GIB;
        t.sockets = 1;
        t.cores = (int) sim_rng_range (r, 1, 4);
        t.creation_time = SIM_NOW_MS - sim_rng_range (r, 30, 1000) * DAY_MS;
        int dc = SIM_AT (m->clusters, SimCluster, t.cluster)->dc;
        char dname[48];
        snprintf (dname, sizeof dname, "%s_Disk1", t.name);
        int disk = new_disk (m, ids, r, dname, dc);
        SimDisk *d = SIM_AT (m->disks, SimDisk, disk);
        d->template = i;
        if (sim_rng_chance (r, 0.2)) {
            int other = pick_data_sd (m, r, dc);
            if (other != d->sd[0]) {
                d->sd[1] = other;    /* template disk copied to a second domain */
            }
        }
        append_int (t.disk_atts, new_disk_att (m, -1, i, disk, TRUE, r));
        append_int (t.nics, new_nic (m, ids, r, -1, i, 0, dc));
        g_array_append_val (m->templates, t);
        index_id (m, SIM_KIND_TEMPLATE, &t.id, i);
    }
}

/* Appends the VM pools, one per cluster round-robin. */
static void
gen_pools (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.pools; i++) {
        SimPool p = { 0 };
        make_uuid (ids, &p.id);
        p.cluster = i % m->counts.clusters;
        int dc = SIM_AT (m->clusters, SimCluster, p.cluster)->dc;
        p.template = 0;
        for (guint t = 1; t < m->templates->len; t++) {
            SimTemplate *tpl = SIM_AT (m->templates, SimTemplate, t);
            if (SIM_AT (m->clusters, SimCluster, tpl->cluster)->dc == dc
                && sim_rng_chance (r, 0.5)) {
                p.template = (int) t;
                break;
            }
        }
        snprintf (p.name, sizeof p.name, "pool-%02d", i + 1);
        snprintf (p.description, sizeof p.description, "Desktop pool %d", i + 1);
        p.size = (int) sim_rng_range (r, 5, 20);
        p.prestarted = (int) sim_rng_range (r, 0, 2);
        p.type = sim_rng_chance (r, 0.8) ? "automatic" : "manual";
        g_array_append_val (m->pools, p);
        index_id (m, SIM_KIND_POOL, &p.id, i);
    }
}

/* Puts desktop VM @v into a pool of its cluster with room, renaming it
 * the way the engine names pool members; leaves it alone otherwise. */
static void
join_pool (SimModel *m, SimVm *v, SimRng *r)
{
    v->pool = -1;
    if (!g_str_equal (v->type, "desktop") || !sim_rng_chance (r, 0.6)) {
        return;
    }
    for (guint i = 0; i < m->pools->len; i++) {
        SimPool *p = SIM_AT (m->pools, SimPool, i);
        if (p->cluster == v->cluster && p->members < p->size) {
            v->pool = (int) i;
            p->members++;
            g_snprintf (v->name, sizeof v->name, "%s-%d", p->name, p->members);
            if (p->template > 0) {
                v->template = p->template;
                v->orig_template = p->template;
            }
            return;
        }
    }
}

static const char *const roles[] = {
    "web", "db", "app", "mail", "dns", "proxy", "k8s-node", "ci-runner", "ldap", "backup",
};

/* Host indices per cluster whose status is up, built once for placement. */
typedef struct {
    GArray **up;      /* per cluster: int host indices */
    int n;
} UpHosts;

static int
place_vm (SimModel *m, UpHosts *uh, SimRng *r, int cluster)
{
    GArray *a = uh->up[cluster];

    if (a->len == 0) {
        return -1;
    }
    return g_array_index (a, int, sim_rng_below (r, a->len));
}

/* Appends the VMs with their NICs: states, placement on up hosts of their
 * cluster, templates of their data center, pending restarts, traffic. */
static void
gen_vms (SimModel *m, SimRng *ids, SimRng *r, SimRng *nr, SimRng *pr)
{
    int nvm = m->counts.vms;
    int role_count[G_N_ELEMENTS (roles)] = { 0 };
    UpHosts uh = { g_new0 (GArray *, (gsize) m->counts.clusters), m->counts.clusters };
    GArray **tpl_by_dc = g_new0 (GArray *, (gsize) m->counts.datacenters);

    for (int c = 0; c < m->counts.clusters; c++) {
        uh.up[c] = int_array ();
    }
    for (int d = 0; d < m->counts.datacenters; d++) {
        tpl_by_dc[d] = int_array ();
    }
    for (guint h = 0; h < m->hosts->len; h++) {
        SimHost *host = SIM_AT (m->hosts, SimHost, h);
        if (g_str_equal (host->status, "up")) {
            append_int (uh.up[host->cluster], (int) h);
        }
    }
    for (guint t = 1; t < m->templates->len; t++) {
        SimTemplate *tpl = SIM_AT (m->templates, SimTemplate, t);
        append_int (tpl_by_dc[SIM_AT (m->clusters, SimCluster, tpl->cluster)->dc], (int) t);
    }

    for (int i = 0; i < nvm; i++) {
        SimVm v = { 0 };
        make_uuid (ids, &v.id);
        v.disk_atts = int_array ();
        v.nics = int_array ();
        v.snaps = int_array ();
        v.cluster = (int) sim_rng_below (r, (guint32) m->counts.clusters);
        SimCluster *c = SIM_AT (m->clusters, SimCluster, v.cluster);
        if (sim_rng_chance (r, 0.3)) {
            int k = (int) sim_rng_below (r, G_N_ELEMENTS (roles));
            snprintf (v.name, sizeof v.name, "%s%02d", roles[k], ++role_count[k]);
            snprintf (v.description, sizeof v.description, "%s server", roles[k]);
        } else {
            snprintf (v.name, sizeof v.name, "vm-%04d", i + 1);
        }
        if (sim_rng_chance (r, 0.1)) {
            g_strlcpy (v.comment, "owner: ops", sizeof v.comment);
        }
        double u = sim_rng_unit (r);
        v.status = u < 0.80 ? SIM_VM_UP : u < 0.90 ? SIM_VM_DOWN : u < 0.92 ? SIM_VM_PAUSED
                   : u < 0.94 ? SIM_VM_MIGRATING : u < 0.97 ? SIM_VM_SUSPENDED
                   : u < 0.98 ? SIM_VM_POWERING_UP : u < 0.99 ? SIM_VM_REBOOT_IN_PROGRESS
                   : SIM_VM_NOT_RESPONDING;
        v.host = -1;
        if (sim_vm_status_runs (v.status)) {
            v.host = place_vm (m, &uh, r, v.cluster);
            if (v.host < 0) {
                v.status = SIM_VM_DOWN;
            }
        }
        v.type = sim_rng_chance (r, 0.85) ? "server"
                 : sim_rng_chance (r, 0.7) ? "desktop" : "high_performance";
        GArray *tpls = tpl_by_dc[c->dc];
        v.template = tpls->len > 0 && sim_rng_chance (r, 0.6)
                     ? g_array_index (tpls, int, sim_rng_below (r, tpls->len)) : 0;
        v.orig_template = v.template;
        join_pool (m, &v, pr);
        SimTemplate *tpl = SIM_AT (m->templates, SimTemplate, v.template);
        v.os = v.template > 0 ? tpl->os : PICK (r, os_types);
        v.display = g_str_has_prefix (v.os, "windows") || sim_rng_chance (r, 0.3) ? "spice"
                                                                                  : "vnc";
        v.memory = (gint64) (1 << sim_rng_below (r, 6)) * GIB;
        v.mem_guaranteed = sim_rng_chance (r, 0.7) ? v.memory : v.memory / 2;
        v.mem_max = 4 * v.memory;
        v.sockets = (int) sim_rng_range (r, 1, 4);
        v.cores = sim_rng_chance (r, 0.8) ? 1 : 2;
        v.threads = 1;
        v.creation_time = SIM_NOW_MS - sim_rng_range (r, DAY_MS / 1000, 1000 * DAY_MS / 1000)
                          * 1000 - sim_rng_range (r, 0, 999);
        if (v.host >= 0) {
            v.start_time = SIM_NOW_MS - sim_rng_range (r, 60, 120 * 86400) * 1000;
            if (v.start_time < v.creation_time) {
                v.start_time = v.creation_time + 60000;
            }
            v.agent = sim_rng_chance (r, 0.9) && v.status != SIM_VM_POWERING_UP;
        }
        if (v.host < 0 || sim_rng_chance (r, 0.5)) {
            v.stop_time = v.creation_time + sim_rng_range (r, 1, 600) * 60000;
            if (v.start_time != 0 && v.stop_time > v.start_time) {
                v.stop_time = v.start_time - 3600000;
            }
        }
        gboolean windows = g_str_has_prefix (v.os, "windows");
        if (windows) {
            v.guest_dist = "Microsoft Windows Server";
            v.guest_ver = g_str_equal (v.os, "windows_2022") ? "10.0.20348" : "10.0.17763";
            v.guest_kernel = NULL;
        } else if (g_str_has_prefix (v.os, "rhel_9")) {
            v.guest_dist = "Red Hat Enterprise Linux";
            v.guest_ver = "9.2";
            v.guest_kernel = "5.14.0-284.11.1.el9_2.x86_64";
        } else if (g_str_has_prefix (v.os, "ubuntu")) {
            v.guest_dist = "Ubuntu";
            v.guest_ver = "22.04";
            v.guest_kernel = "5.15.0-91-generic";
        } else {
            v.guest_dist = "Red Hat Enterprise Linux";
            v.guest_ver = "8.8";
            v.guest_kernel = "4.18.0-477.10.1.el8_8.x86_64";
        }
        if (sim_rng_chance (r, 0.07)) {
            v.ccv_major = 4;
            v.ccv_minor = c->ver_minor - 1;
            v.next_run = sim_rng_chance (r, 0.6);
        }
        if (!v.next_run) {
            v.next_run = sim_rng_chance (r, 0.05) && v.host >= 0;
        }
        v.ha = sim_rng_chance (r, 0.2);
        v.stateless = sim_rng_chance (r, 0.03);
        v.run_once = v.host >= 0 && sim_rng_chance (r, 0.01);
        u = sim_rng_unit (r);
        v.busy = v.host < 0 ? 0 : u < 0.05 ? 3 : u < 0.15 ? 2 : u < 0.6 ? 1 : 0;

        int nn = sim_rng_chance (r, 0.7) ? 1 : sim_rng_chance (r, 0.8) ? 2 : 3;
        for (int k = 0; k < nn; k++) {
            int nic = new_nic (m, ids, nr, i, -1, k, c->dc);
            SIM_AT (m->nics, SimNic, nic)->busy = v.busy > 0 && k == 0 ? v.busy
                                                  : (int) sim_rng_below (nr, 2);
            append_int (v.nics, nic);
        }
        g_array_append_val (m->vms, v);
        index_id (m, SIM_KIND_VM, &v.id, i);
    }

    for (int c = 0; c < m->counts.clusters; c++) {
        g_array_unref (uh.up[c]);
    }
    g_free (uh.up);
    for (int d = 0; d < m->counts.datacenters; d++) {
        g_array_unref (tpl_by_dc[d]);
    }
    g_free (tpl_by_dc);
}

/* Attaches @disk to @vm (the first attachment is bootable). */
static void
attach_vm_disk (SimModel *m, SimRng *dr, int vm, int disk)
{
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    SimDisk *d = SIM_AT (m->disks, SimDisk, disk);
    int att = new_disk_att (m, vm, -1, disk, v->disk_atts->len == 0, dr);
    SimDiskAttachment *a = SIM_AT (m->disk_atts, SimDiskAttachment, att);

    snprintf (a->logical_name, sizeof a->logical_name, "/dev/sd%c",
              'a' + (int) MIN (v->disk_atts->len, 25));
    append_int (v->disk_atts, att);
    append_int (d->vms, vm);
}

/* Distributes the disk budget: template disks already exist; then every VM
 * gets a first disk, some VMs more, a few shareable disks go to several VMs
 * of one cluster, and the rest float unattached. */
static void
gen_disks (SimModel *m, SimRng *ids, SimRng *dr)
{
    int nvm = m->counts.vms;
    int budget = m->counts.disks - (int) m->disks->len;
    int shared = nvm >= 2 ? clamp_min (nvm / 100, 1) : 0;
    int floating = clamp_min (nvm / 50, 1);
    int own = budget - shared - floating;
    char name[48];

    if (own < 0) {
        own = MAX (budget, 0);
        shared = 0;
        floating = 0;
    }
    for (int k = 0; k < own; k++) {
        int vm = k < nvm ? k : (int) sim_rng_below (dr, (guint32) nvm);
        SimVm *v = SIM_AT (m->vms, SimVm, vm);
        int dc = SIM_AT (m->clusters, SimCluster, v->cluster)->dc;
        snprintf (name, sizeof name, "%s_Disk%u", v->name, v->disk_atts->len + 1);
        int disk = new_disk (m, ids, dr, name, dc);
        attach_vm_disk (m, dr, vm, disk);
    }
    for (int k = 0; k < shared; k++) {
        int vm = (int) sim_rng_below (dr, (guint32) nvm);
        SimVm *v = SIM_AT (m->vms, SimVm, vm);
        int dc = SIM_AT (m->clusters, SimCluster, v->cluster)->dc;
        snprintf (name, sizeof name, "shared-%02d", k + 1);
        int disk = new_disk (m, ids, dr, name, dc);
        SimDisk *d = SIM_AT (m->disks, SimDisk, disk);
        d->shareable = TRUE;
        d->format = "raw";
        d->sparse = FALSE;
        d->actual = d->total = d->provisioned;
        attach_vm_disk (m, dr, vm, disk);
        int want = (int) sim_rng_range (dr, 1, 2);
        for (int j = 0; j < nvm && want > 0; j++) {
            int other = (vm + 1 + j * 7) % nvm;
            if (other != vm && SIM_AT (m->vms, SimVm, other)->cluster == v->cluster
                && !int_array_has (d->vms, other)) {
                attach_vm_disk (m, dr, other, disk);
                want--;
            }
        }
    }
    for (int k = 0; k < floating; k++) {
        int dc = (int) sim_rng_below (dr, (guint32) m->counts.datacenters);
        gboolean iso = sim_rng_chance (dr, 0.3);
        snprintf (name, sizeof name, iso ? "upload-%03d.iso" : "detached-%03d", k + 1);
        int disk = new_disk (m, ids, dr, name, dc);
        SimDisk *d = SIM_AT (m->disks, SimDisk, disk);
        if (iso) {
            d->content_type = "iso";
            d->format = "raw";
            d->sparse = FALSE;
            d->provisioned = d->actual = d->total = sim_rng_range (dr, 300, 9000) * 1048576;
        }
    }
}

static const char *const snap_desc[] = {
    "before upgrade", "pre-patch", "backup", "known good", "before kernel update",
    "weekly", "migration test",
};

/* Appends a snapshot of @vm: "Active VM" when @active (kept last in the
 * VM's list), else a regular one inserted before it. */
static void
add_snapshot (SimModel *m, SimRng *ids, SimRng *r, int vm, gboolean active)
{
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    SimSnapshot s = { 0 };
    int index = (int) m->snaps->len;

    make_uuid (ids, &s.id);
    s.vm = vm;
    s.status = "ok";
    if (active) {
        g_strlcpy (s.description, "Active VM", sizeof s.description);
        s.type = "active";
        s.date = v->start_time != 0 ? v->start_time : v->creation_time;
    } else {
        s.type = "regular";
        s.date = SIM_NOW_MS - sim_rng_range (r, 3600, 400 * 86400) * 1000;
        if (s.date < v->creation_time) {
            s.date = v->creation_time + 3600000;
        }
        snprintf (s.description, sizeof s.description, "%s", PICK (r, snap_desc));
        s.memory = sim_rng_chance (r, 0.1);
    }
    g_array_append_val (m->snaps, s);
    index_id (m, SIM_KIND_SNAPSHOT, &s.id, index);
    /* the active snapshot is listed last, as the engine does */
    if (active || v->snaps->len == 0) {
        append_int (v->snaps, index);
    } else {
        g_array_insert_val (v->snaps, v->snaps->len - 1, index);
    }
}

/* Gives every VM its active snapshot and spreads the regular ones. */
static void
gen_snapshots (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.vms; i++) {
        add_snapshot (m, ids, r, i, TRUE);
    }
    for (int k = 0; k < m->counts.snapshots && m->counts.vms > 0; k++) {
        int vm = (int) sim_rng_below (r, (guint32) m->counts.vms);
        add_snapshot (m, ids, r, vm, FALSE);
    }
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
            append_int (sd->disks, (int) i);
            if (d->template >= 0 && !int_array_has (sd->templates, d->template)) {
                append_int (sd->templates, d->template);
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
                        if (!int_array_has (sd->vms, (int) i)) {
                            append_int (sd->vms, (int) i);
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
        e.sd = k->code == 119 ? pick_data_sd (m, r, e.dc) : -1;
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
    m->pending = int_array ();
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
    gen_datacenters (m, &ids, &r[STREAM_DC]);
    gen_clusters (m, &ids, &r[STREAM_CLUSTER]);
    gen_networks (m, &ids, &r[STREAM_NET]);
    gen_storage (m, &ids, &r[STREAM_SD]);
    gen_hosts (m, &ids, &r[STREAM_HOST]);
    gen_templates (m, &ids, &r[STREAM_TEMPLATE]);
    gen_pools (m, &ids, &r[STREAM_POOL]);
    gen_vms (m, &ids, &r[STREAM_VM], &r[STREAM_NIC], &r[STREAM_POOL]);
    gen_disks (m, &ids, &r[STREAM_DISK]);
    gen_snapshots (m, &ids, &r[STREAM_SNAP]);
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

/* ---- actions ---------------------------------------------------------- */

/* Moves @vm to @status on @host, keeping the hosts' counters right. Caller
 * holds the write lock. */
static void
set_vm_state (SimModel *m, SimVm *v, SimVmStatus status, int host)
{
    g_atomic_int_inc (&m->generation);
    if (v->host >= 0) {
        SimHost *h = SIM_AT (m->hosts, SimHost, v->host);
        h->vms_active--;
        if (v->status == SIM_VM_MIGRATING) {
            h->vms_migrating--;
        }
    }
    if (!sim_vm_status_runs (status)) {
        host = -1;
    }
    v->status = status;
    v->host = host;
    if (host >= 0) {
        SimHost *h = SIM_AT (m->hosts, SimHost, host);
        h->vms_active++;
        if (status == SIM_VM_MIGRATING) {
            h->vms_migrating++;
        }
    }
}

/* Queues a VM (entry >= 0) or snapshot (-index - 1) for sim_model_settle().
 * Caller holds the write lock. */
static void
add_pending (SimModel *m, int entry)
{
    append_int (m->pending, entry);
    g_atomic_int_set (&m->n_pending, (gint) m->pending->len);
}

/* Takes snapshot @index out of its VM's list and out of the id index.  Its
 * slot in m->snaps stays (indexes of the others must not move), marked
 * removed.  Caller holds the write lock. */
static void
drop_snapshot (SimModel *m, int index)
{
    SimSnapshot *s = SIM_AT (m->snaps, SimSnapshot, index);
    SimVm *v = SIM_AT (m->vms, SimVm, s->vm);

    for (guint i = 0; i < v->snaps->len; i++) {
        if (g_array_index (v->snaps, int, i) == index) {
            g_array_remove_index (v->snaps, i);
            break;
        }
    }
    g_hash_table_remove (m->by_id[SIM_KIND_SNAPSHOT], s->id.s);
    s->removed = TRUE;
}

void
sim_model_settle (SimModel *m, gint64 now_us)
{
    if (g_atomic_int_get (&m->n_pending) == 0) {
        return;
    }
    g_rw_lock_writer_lock (&m->lock);
    for (guint i = 0; i < m->pending->len;) {
        int e = g_array_index (m->pending, int, i);
        gboolean done = FALSE;
        if (e >= 0) {
            SimVm *v = SIM_AT (m->vms, SimVm, e);
            if (v->due_us == 0) {
                done = TRUE;
            } else if (v->due_us <= now_us) {
                set_vm_state (m, v, v->next_status, v->next_host);
                if (v->status == SIM_VM_DOWN) {
                    v->stop_time = g_get_real_time () / 1000;
                }
                v->due_us = 0;
                done = TRUE;
            }
        } else {
            SimSnapshot *s = SIM_AT (m->snaps, SimSnapshot, -e - 1);
            if (s->ready_at_us <= now_us) {
                if (s->removing) {
                    drop_snapshot (m, -e - 1);
                } else {
                    s->status = "ok";
                }
                g_atomic_int_inc (&m->generation);
                done = TRUE;
            }
        }
        if (done) {
            g_array_remove_index_fast (m->pending, i);
        } else {
            i++;
        }
    }
    g_atomic_int_set (&m->n_pending, (gint) m->pending->len);
    g_rw_lock_writer_unlock (&m->lock);
}

/* Picks an up host of @cluster other than @exclude, round-robin by a
 * counter so repeated actions spread; returns -1 if there is none. */
static int
schedule_host (SimModel *m, int cluster, int exclude)
{
    int cand[512];
    int n = 0;

    for (guint i = 0; i < m->hosts->len && n < (int) G_N_ELEMENTS (cand); i++) {
        SimHost *h = SIM_AT (m->hosts, SimHost, i);
        if (h->cluster == cluster && (int) i != exclude && g_str_equal (h->status, "up")) {
            cand[n++] = (int) i;
        }
    }
    if (n == 0) {
        return -1;
    }
    return cand[(m->id_counter++) % (guint64) n];
}

/* Starts a transition of @v to @target through @via, due after the action
 * delay. Caller holds the write lock. */
static void
begin_transition (SimModel *m, int vm, SimVmStatus via, int via_host,
                  SimVmStatus target, int target_host)
{
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    gboolean queued = v->due_us != 0;

    set_vm_state (m, v, via, via_host);
    v->next_status = target;
    v->next_host = target_host;
    v->due_us = g_get_monotonic_time () + m->action_delay_us;
    if (v->due_us == 0) {
        v->due_us = 1;
    }
    if (!queued) {
        add_pending (m, vm);
    }
}

/* Applies @action to @vm or explains in @detail why not (see
 * sim_model_vm_action()). Caller holds the write lock. */
static gboolean
vm_action_locked (SimModel *m, int vm, const char *action, const char *host_id,
                  char **detail)
{
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    SimVmStatus s = v->status;

    if (g_str_equal (action, "start")) {
        if (s != SIM_VM_DOWN && s != SIM_VM_SUSPENDED && s != SIM_VM_PAUSED) {
            *detail = g_strdup ("[Cannot run VM. VM is running.]");
            return FALSE;
        }
        int host = s == SIM_VM_PAUSED ? v->host : schedule_host (m, v->cluster, -1);
        if (host < 0) {
            *detail = g_strdup ("[Cannot run VM. There is no host that satisfies current "
                                "scheduling constraints.]");
            return FALSE;
        }
        if (s != SIM_VM_PAUSED) {
            v->start_time = g_get_real_time () / 1000;
        }
        begin_transition (m, vm, s == SIM_VM_SUSPENDED ? SIM_VM_RESTORING_STATE
                                                       : SIM_VM_POWERING_UP,
                          host, SIM_VM_UP, host);
        return TRUE;
    }
    if (g_str_equal (action, "stop")) {
        if (s == SIM_VM_DOWN) {
            *detail = g_strdup ("[Cannot stop VM. VM is not running.]");
            return FALSE;
        }
        begin_transition (m, vm, s == SIM_VM_SUSPENDED ? SIM_VM_SUSPENDED
                                                       : SIM_VM_POWERING_DOWN,
                          v->host, SIM_VM_DOWN, -1);
        return TRUE;
    }
    if (g_str_equal (action, "shutdown")) {
        if (s == SIM_VM_DOWN || s == SIM_VM_SUSPENDED) {
            *detail = g_strdup ("[Cannot shutdown VM. VM is not running.]");
            return FALSE;
        }
        begin_transition (m, vm, SIM_VM_POWERING_DOWN, v->host, SIM_VM_DOWN, -1);
        return TRUE;
    }
    if (g_str_equal (action, "suspend")) {
        if (s != SIM_VM_UP) {
            *detail = g_strdup ("[Cannot hibernate VM. VM is not up.]");
            return FALSE;
        }
        begin_transition (m, vm, SIM_VM_SAVING_STATE, v->host, SIM_VM_SUSPENDED, -1);
        return TRUE;
    }
    if (g_str_equal (action, "reboot")) {
        if (s != SIM_VM_UP) {
            *detail = g_strdup ("[Cannot reboot VM. VM is not up.]");
            return FALSE;
        }
        begin_transition (m, vm, SIM_VM_REBOOT_IN_PROGRESS, v->host, SIM_VM_UP, v->host);
        return TRUE;
    }
    if (g_str_equal (action, "migrate")) {
        int target;
        if (s != SIM_VM_UP) {
            *detail = g_strdup ("[Cannot migrate VM. VM is not running.]");
            return FALSE;
        }
        if (host_id != NULL) {
            target = sim_model_find (m, SIM_KIND_HOST, host_id);
            if (target < 0) {
                for (guint i = 0; i < m->hosts->len && target < 0; i++) {
                    if (g_str_equal (SIM_AT (m->hosts, SimHost, i)->name, host_id)) {
                        target = (int) i;
                    }
                }
            }
            if (target < 0) {
                *detail = g_strdup ("[Cannot migrate VM. Destination host doesn't exist.]");
                return FALSE;
            }
            SimHost *h = SIM_AT (m->hosts, SimHost, target);
            if (target == v->host) {
                *detail = g_strdup ("[Cannot migrate VM. The destination host is the same as "
                                    "the source host.]");
                return FALSE;
            }
            if (h->cluster != v->cluster) {
                *detail = g_strdup ("[Cannot migrate VM. Destination host is in a different "
                                    "cluster.]");
                return FALSE;
            }
            if (!g_str_equal (h->status, "up")) {
                *detail = g_strdup ("[Cannot migrate VM. Destination host is not up.]");
                return FALSE;
            }
        } else {
            target = schedule_host (m, v->cluster, v->host);
            if (target < 0) {
                *detail = g_strdup ("[Cannot migrate VM. There is no host that satisfies "
                                    "current scheduling constraints.]");
                return FALSE;
            }
        }
        begin_transition (m, vm, SIM_VM_MIGRATING, v->host, SIM_VM_UP, target);
        return TRUE;
    }
    *detail = g_strdup_printf ("[Unknown action %s.]", action);
    return FALSE;
}

gboolean
sim_model_vm_action (SimModel *m, int vm, const char *action, const char *host_id,
                     char **detail)
{
    gboolean ok;

    sim_model_settle (m, g_get_monotonic_time ());
    g_rw_lock_writer_lock (&m->lock);
    ok = vm_action_locked (m, vm, action, host_id, detail);
    g_rw_lock_writer_unlock (&m->lock);
    return ok;
}

int
sim_model_add_snapshot (SimModel *m, int vm, const char *description, gboolean memory,
                        char **detail)
{
    SimRng ids;
    int index;

    sim_model_settle (m, g_get_monotonic_time ());
    g_rw_lock_writer_lock (&m->lock);
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    for (guint i = 0; i < v->snaps->len; i++) {
        SimSnapshot *s = SIM_AT (m->snaps, SimSnapshot, g_array_index (v->snaps, int, i));
        if (g_str_equal (s->status, "locked")) {
            *detail = g_strdup_printf ("[Cannot create Snapshot. Snapshot is currently being "
                                       "created for VM %s.]", v->name);
            g_rw_lock_writer_unlock (&m->lock);
            return -1;
        }
    }
    SimSnapshot s = { 0 };
    sim_rng_stream (&ids, m->counts.seed, m->id_counter++);
    make_uuid (&ids, &s.id);
    s.vm = vm;
    g_strlcpy (s.description, description, sizeof s.description);
    s.date = g_get_real_time () / 1000;
    s.status = "locked";
    s.type = "regular";
    s.memory = memory && sim_vm_status_runs (v->status);
    s.ready_at_us = g_get_monotonic_time () + m->action_delay_us;
    index = (int) m->snaps->len;
    g_atomic_int_inc (&m->generation);
    g_array_append_val (m->snaps, s);
    index_id (m, SIM_KIND_SNAPSHOT, &s.id, index);
    g_array_insert_val (v->snaps, v->snaps->len > 0 ? v->snaps->len - 1 : 0, index);
    add_pending (m, -index - 1);
    g_rw_lock_writer_unlock (&m->lock);
    return index;
}

gboolean
sim_model_remove_snapshot (SimModel *m, int vm, int snap, char **detail)
{
    sim_model_settle (m, g_get_monotonic_time ());
    g_rw_lock_writer_lock (&m->lock);
    SimSnapshot *s = SIM_AT (m->snaps, SimSnapshot, snap);
    SimVm *v = SIM_AT (m->vms, SimVm, vm);
    const char *why = NULL;

    if (s->removed || s->vm != vm) {
        why = "[Cannot remove Snapshot. Snapshot does not exist.]";
    } else if (g_str_equal (s->type, "active")) {
        why = "[Cannot remove Snapshot. The active snapshot of a VM cannot be removed.]";
    } else if (g_str_equal (s->status, "locked")) {
        *detail = g_strdup_printf ("[Cannot remove Snapshot. Snapshot is currently being "
                                   "modified for VM %s.]", v->name);
        g_rw_lock_writer_unlock (&m->lock);
        return FALSE;
    }
    if (why != NULL) {
        *detail = g_strdup (why);
        g_rw_lock_writer_unlock (&m->lock);
        return FALSE;
    }
    s->status = "locked";
    s->removing = TRUE;
    s->ready_at_us = g_get_monotonic_time () + m->action_delay_us;
    g_atomic_int_inc (&m->generation);
    add_pending (m, -snap - 1);
    g_rw_lock_writer_unlock (&m->lock);
    return TRUE;
}
