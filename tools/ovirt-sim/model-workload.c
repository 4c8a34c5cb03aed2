/* model-workload.c — generates what runs on the simulated infrastructure:
 * templates with their disks and NICs, VM pools, VMs in every state with
 * their NICs, disks (shared, floating, nearly full domains) and snapshots
 * (model-private.h).
 *
 * Each generator draws only from its own sim-rng stream, in a fixed order,
 * after model-infra.c has built the data centers, clusters, networks,
 * storage and hosts it places things on.
 */
#include "model-private.h"

#include <stdio.h>
#include <string.h>


/* Picks a storage domain of data center @dc that can hold disks, preferring
 * active data domains. Returns -1 if there is none. */
int
sim_pick_data_sd (SimModel *m, SimRng *r, int dc)
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

    sim_make_uuid (ids, &d.id);
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
    d.sd[0] = sim_pick_data_sd (m, r, dc);
    d.sd[1] = -1;
    d.template = -1;
    d.vms = sim_int_array ();
    g_array_append_val (m->disks, d);
    sim_index_id (m, SIM_KIND_DISK, &d.id, index);
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
    int net = sim_dc_network (m, dc, want);

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

    sim_make_uuid (ids, &n.id);
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
    sim_index_id (m, SIM_KIND_NIC, &n.id, index);
    return index;
}

static const char *const os_types[] = {
    "rhel_8x64", "rhel_8x64", "rhel_9x64", "rhel_9x64", "windows_2019x64",
    "windows_2022", "other_linux", "ubuntu_22_04",
};

/* Appends Blank (the all-zero id) and the templates, each with one disk and
 * one NIC; some are newer versions of the previous one. */
void
sim_gen_templates (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.templates; i++) {
        SimTemplate t = { 0 };
        t.disk_atts = sim_int_array ();
        t.nics = sim_int_array ();
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
            sim_index_id (m, SIM_KIND_TEMPLATE, &t.id, i);
            continue;
        }
        sim_make_uuid (ids, &t.id);
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
            int other = sim_pick_data_sd (m, r, dc);
            if (other != d->sd[0]) {
                d->sd[1] = other;    /* template disk copied to a second domain */
            }
        }
        sim_append_int (t.disk_atts, new_disk_att (m, -1, i, disk, TRUE, r));
        sim_append_int (t.nics, new_nic (m, ids, r, -1, i, 0, dc));
        g_array_append_val (m->templates, t);
        sim_index_id (m, SIM_KIND_TEMPLATE, &t.id, i);
    }
}

/* Appends the VM pools, one per cluster round-robin. */
void
sim_gen_pools (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.pools; i++) {
        SimPool p = { 0 };
        sim_make_uuid (ids, &p.id);
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
        sim_index_id (m, SIM_KIND_POOL, &p.id, i);
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
void
sim_gen_vms (SimModel *m, SimRng *ids, SimRng *r, SimRng *nr, SimRng *pr)
{
    int nvm = m->counts.vms;
    int role_count[G_N_ELEMENTS (roles)] = { 0 };
    UpHosts uh = { g_new0 (GArray *, (gsize) m->counts.clusters), m->counts.clusters };
    GArray **tpl_by_dc = g_new0 (GArray *, (gsize) m->counts.datacenters);

    for (int c = 0; c < m->counts.clusters; c++) {
        uh.up[c] = sim_int_array ();
    }
    for (int d = 0; d < m->counts.datacenters; d++) {
        tpl_by_dc[d] = sim_int_array ();
    }
    for (guint h = 0; h < m->hosts->len; h++) {
        SimHost *host = SIM_AT (m->hosts, SimHost, h);
        if (g_str_equal (host->status, "up")) {
            sim_append_int (uh.up[host->cluster], (int) h);
        }
    }
    for (guint t = 1; t < m->templates->len; t++) {
        SimTemplate *tpl = SIM_AT (m->templates, SimTemplate, t);
        sim_append_int (tpl_by_dc[SIM_AT (m->clusters, SimCluster, tpl->cluster)->dc], (int) t);
    }

    for (int i = 0; i < nvm; i++) {
        SimVm v = { 0 };
        sim_make_uuid (ids, &v.id);
        v.disk_atts = sim_int_array ();
        v.nics = sim_int_array ();
        v.snaps = sim_int_array ();
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
            sim_append_int (v.nics, nic);
        }
        g_array_append_val (m->vms, v);
        sim_index_id (m, SIM_KIND_VM, &v.id, i);
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
    sim_append_int (v->disk_atts, att);
    sim_append_int (d->vms, vm);
}

/* Distributes the disk budget: template disks already exist; then every VM
 * gets a first disk, some VMs more, a few shareable disks go to several VMs
 * of one cluster, and the rest float unattached. */
void
sim_gen_disks (SimModel *m, SimRng *ids, SimRng *dr)
{
    int nvm = m->counts.vms;
    int budget = m->counts.disks - (int) m->disks->len;
    int shared = nvm >= 2 ? sim_clamp_min (nvm / 100, 1) : 0;
    int floating = sim_clamp_min (nvm / 50, 1);
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
                && !sim_int_array_has (d->vms, other)) {
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

    sim_make_uuid (ids, &s.id);
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
    sim_index_id (m, SIM_KIND_SNAPSHOT, &s.id, index);
    /* the active snapshot is listed last, as the engine does */
    if (active || v->snaps->len == 0) {
        sim_append_int (v->snaps, index);
    } else {
        g_array_insert_val (v->snaps, v->snaps->len - 1, index);
    }
}

/* Gives every VM its active snapshot and spreads the regular ones. */
void
sim_gen_snapshots (SimModel *m, SimRng *ids, SimRng *r)
{
    for (int i = 0; i < m->counts.vms; i++) {
        add_snapshot (m, ids, r, i, TRUE);
    }
    for (int k = 0; k < m->counts.snapshots && m->counts.vms > 0; k++) {
        int vm = (int) sim_rng_below (r, (guint32) m->counts.vms);
        add_snapshot (m, ids, r, vm, FALSE);
    }
}
