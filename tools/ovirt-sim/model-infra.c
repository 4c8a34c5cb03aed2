/* model-infra.c — generates the simulated infrastructure: data centers,
 * clusters, logical networks and vNIC profiles, storage domains, hosts and
 * their NICs (model-private.h).
 *
 * Each generator draws only from its own sim-rng stream, in a fixed order,
 * so a seed always builds the same infrastructure; the workload
 * (model-workload.c) is placed on it afterwards.
 */
#include "model-private.h"

#include <stdio.h>
#include <string.h>


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
void
sim_gen_datacenters (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.datacenters; i++) {
        SimDataCenter dc = { 0 };
        sim_make_uuid (ids, &dc.id);
        sim_make_uuid (ids, &dc.quota_id);
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
        sim_index_id (m, SIM_KIND_DC, &dc.id, i);
    }
}

/* Appends the clusters, spread round-robin over the data centers. */
void
sim_gen_clusters (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.clusters; i++) {
        SimCluster c = { 0 };
        SimDataCenter *dc;
        sim_make_uuid (ids, &c.id);
        sim_make_uuid (ids, &c.cpu_profile_id);
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
        sim_index_id (m, SIM_KIND_CLUSTER, &c.id, i);
        sim_index_id (m, SIM_KIND_CPU_PROFILE, &c.cpu_profile_id, i);
    }
}

/* Appends ovirtmgmt for each data center, then VLAN and storage networks, then
 * one vNIC profile per network plus extra mirrored / QoS profiles. */
void
sim_gen_networks (SimModel *m, SimRng *ids, SimRng *r)
{
    int ndc = m->counts.datacenters;

    for (int i = 0; i < m->counts.networks; i++) {
        SimNetwork n = { 0 };
        sim_make_uuid (ids, &n.id);
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
        sim_index_id (m, SIM_KIND_NETWORK, &n.id, i);
    }
    for (int i = 0; i < m->counts.vnic_profiles; i++) {
        SimVnicProfile p = { 0 };
        sim_make_uuid (ids, &p.id);
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
        sim_index_id (m, SIM_KIND_PROFILE, &p.id, i);
    }
}

/* Appends the storage domains: data domains (one master per data center, some
 * nearly full), then an ISO domain and an unattached export domain. */
void
sim_gen_storage (SimModel *m, SimRng *ids, SimRng *r)
{
    int n = m->counts.storage_domains;
    int ndc = m->counts.datacenters;
    gboolean *has_master = g_new0 (gboolean, (gsize) ndc);
    int n_data = n >= 4 ? n - 2 : (n >= 3 ? n - 1 : n);

    for (int i = 0; i < n; i++) {
        SimStorageDomain sd = { 0 };
        sim_make_uuid (ids, &sd.id);
        sim_make_uuid (ids, &sd.disk_profile_id);
        sd.vms = sim_int_array ();
        sd.disks = sim_int_array ();
        sd.templates = sim_int_array ();
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
        sim_index_id (m, SIM_KIND_SD, &sd.id, i);
        sim_index_id (m, SIM_KIND_DISK_PROFILE, &sd.disk_profile_id, i);
    }
    g_free (has_master);
}

/* Returns a network of data center @dc: the @k-th one (wrapping), or -1. */
int
sim_dc_network (SimModel *m, int dc, int k)
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
        return sim_dc_network (m, dc, k % seen);
    }
    return found;
}

/* Appends a NIC of @host, with a network attachment when @network >= 0. */
static void
add_host_nic (SimModel *m, SimRng *ids, SimRng *r, int host, const char *name, int network)
{
    SimHostNic nic = { 0 };
    int index = (int) m->host_nics->len;

    sim_make_uuid (ids, &nic.id);
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
    sim_index_id (m, SIM_KIND_HOST_NIC, &nic.id, index);
    if (network >= 0) {
        SimNetAttachment na = { 0 };
        sim_make_uuid (ids, &na.id);
        na.host = host;
        na.nic = index;
        na.network = network;
        na.in_sync = sim_rng_chance (r, 0.97);
        g_array_append_val (m->net_atts, na);
        sim_index_id (m, SIM_KIND_NET_ATT, &na.id, (int) m->net_atts->len - 1);
    }
}

/* Appends the hosts (every cluster gets an up host) with their NICs: eno1 on
 * ovirtmgmt, eno2 on a VM network, a bond of eno3+eno4 when there are 5+. */
void
sim_gen_hosts (SimModel *m, SimRng *ids, SimRng *r)
{
    int per_host = m->counts.host_nics / m->counts.hosts;
    int extra = m->counts.host_nics % m->counts.hosts;
    gboolean *has_spm = g_new0 (gboolean, (gsize) m->counts.datacenters);

    for (int i = 0; i < m->counts.hosts; i++) {
        SimHost h = { 0 };
        sim_make_uuid (ids, &h.id);
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
                network = sim_dc_network (m, c->dc, 0);
            } else if (k == 1) {
                network = sim_dc_network (m, c->dc, 1 + (int) sim_rng_below (r, 4));
            }
            if (n >= 5 && k == n - 1) {
                g_strlcpy (name, "bond0", sizeof name);
                network = sim_dc_network (m, c->dc, 2);
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
        sim_index_id (m, SIM_KIND_HOST, &h.id, i);
    }
    g_free (has_spm);
}
