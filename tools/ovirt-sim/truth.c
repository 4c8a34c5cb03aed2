/* truth.c — writes the generated environment as typed JSON (--dump-truth).
 *
 * The ground truth tests compare a client's tables against: every entity of
 * every kind with plain typed attributes (numbers as JSON numbers, booleans as
 * JSON booleans, absent values as null) and relations as ids. Statistics are
 * given as {name: value} with exactly the value the API prints (decimals
 * rounded as the engine rounds them). The format is documented in
 * tools/ovirt-sim/README.md; keep the two in step. */
#include "truth.h"

#include "jsonw.h"
#include "render.h"

#include <math.h>
#include <stdio.h>

static void
id_or_null (JsonW *w, const char *key, GArray *arr, gsize elem_size, int idx)
{
    if (idx < 0) {
        jw_null (w, key);
        return;
    }
    /* every entity struct starts with its SimId */
    const SimId *id = (const SimId *) (void *) (arr->data + elem_size * (gsize) idx);
    jw_str (w, key, id->s);
}

#define REF(w, key, arr, type, idx) id_or_null ((w), (key), (arr), sizeof (type), (idx))

static void
id_list (JsonW *w, const char *key, GArray *arr, gsize elem_size, GArray *ints)
{
    jw_arr_begin (w, key);
    for (guint i = 0; i < ints->len; i++) {
        id_or_null (w, NULL, arr, elem_size, g_array_index (ints, int, i));
    }
    jw_arr_end (w);
}

#define IDS(w, key, arr, type, ints) id_list ((w), (key), (arr), sizeof (type), (ints))

static void
stats (JsonW *w, SimModel *m, RKind owner, int idx)
{
    jw_obj_begin (w, "statistics");
    for (int k = 0; k < r_stat_count (owner); k++) {
        double v = r_stat_value (m, owner, idx, k);
        if (isnan (v)) {
            jw_null (w, r_stat_name (owner, k));
        } else if (r_stat_is_integer (owner, k)) {
            jw_num (w, r_stat_name (owner, k), (gint64) v);
        } else {
            jw_decimal (w, r_stat_name (owner, k), v);
        }
    }
    jw_obj_end (w);
}

static void
version_str (JsonW *w, const char *key, int major, int minor)
{
    char buf[16];

    snprintf (buf, sizeof buf, "%d.%d", major, minor);
    jw_str (w, key, buf);
}

static void
dump_vms (JsonW *w, SimModel *m)
{
    jw_arr_begin (w, "vms");
    for (guint i = 0; i < m->vms->len; i++) {
        SimVm *v = SIM_AT (m->vms, SimVm, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", v->id.s);
        jw_str (w, "name", v->name);
        jw_str (w, "description", v->description);
        jw_str (w, "comment", v->comment);
        jw_str (w, "status", sim_vm_status_name (v->status));
        jw_str (w, "type", v->type);
        jw_str (w, "os", v->os);
        jw_str (w, "display", v->display);
        jw_num (w, "memory", v->memory);
        jw_num (w, "memory_guaranteed", v->mem_guaranteed);
        jw_num (w, "memory_max", v->mem_max);
        jw_num (w, "cpu_sockets", v->sockets);
        jw_num (w, "cpu_cores", v->cores);
        jw_num (w, "cpu_threads", v->threads);
        jw_num (w, "creation_time", v->creation_time);
        if (v->host >= 0 && v->start_time > 0) {
            jw_num (w, "start_time", v->start_time);
        } else {
            jw_null (w, "start_time");
        }
        if (v->stop_time > 0) {
            jw_num (w, "stop_time", v->stop_time);
        } else {
            jw_null (w, "stop_time");
        }
        if (v->host >= 0 && v->agent) {
            char fqdn[80];
            snprintf (fqdn, sizeof fqdn, "%s.lab.example.com", v->name);
            jw_str (w, "fqdn", fqdn);
            jw_str (w, "guest_os", v->guest_dist);
        } else {
            jw_null (w, "fqdn");
            jw_null (w, "guest_os");
        }
        jw_bool (w, "next_run_configuration_exists", v->next_run);
        if (v->ccv_major > 0) {
            version_str (w, "custom_compatibility_version", v->ccv_major, v->ccv_minor);
        } else {
            jw_null (w, "custom_compatibility_version");
        }
        jw_bool (w, "high_availability", v->ha);
        jw_bool (w, "stateless", v->stateless);
        jw_bool (w, "run_once", v->run_once);
        REF (w, "cluster", m->clusters, SimCluster, v->cluster);
        REF (w, "host", m->hosts, SimHost, v->host);
        REF (w, "template", m->templates, SimTemplate, v->template);
        REF (w, "original_template", m->templates, SimTemplate, v->orig_template);
        REF (w, "pool", m->pools, SimPool, v->pool);
        jw_arr_begin (w, "disks");
        for (guint k = 0; k < v->disk_atts->len; k++) {
            SimDiskAttachment *a = SIM_AT (m->disk_atts, SimDiskAttachment,
                                           g_array_index (v->disk_atts, int, k));
            jw_str (w, NULL, SIM_AT (m->disks, SimDisk, a->disk)->id.s);
        }
        jw_arr_end (w);
        jw_arr_begin (w, "disk_attachments");
        for (guint k = 0; k < v->disk_atts->len; k++) {
            SimDiskAttachment *a = SIM_AT (m->disk_atts, SimDiskAttachment,
                                           g_array_index (v->disk_atts, int, k));
            jw_obj_begin (w, NULL);
            jw_str (w, "disk", SIM_AT (m->disks, SimDisk, a->disk)->id.s);
            jw_bool (w, "bootable", a->bootable);
            jw_bool (w, "active", a->active);
            jw_bool (w, "read_only", a->read_only);
            jw_str (w, "interface", a->iface);
            jw_obj_end (w);
        }
        jw_arr_end (w);
        IDS (w, "nics", m->nics, SimNic, v->nics);
        IDS (w, "snapshots", m->snaps, SimSnapshot, v->snaps);
        jw_arr_begin (w, "storage_domains");
        {
            g_autoptr (GArray) seen = g_array_new (FALSE, FALSE, sizeof (int));
            for (guint k = 0; k < v->disk_atts->len; k++) {
                SimDiskAttachment *a = SIM_AT (m->disk_atts, SimDiskAttachment,
                                               g_array_index (v->disk_atts, int, k));
                SimDisk *d = SIM_AT (m->disks, SimDisk, a->disk);
                for (int j = 0; j < 2; j++) {
                    gboolean dup = FALSE;
                    for (guint q = 0; q < seen->len; q++) {
                        dup |= g_array_index (seen, int, q) == d->sd[j];
                    }
                    if (d->sd[j] >= 0 && !dup) {
                        g_array_append_val (seen, d->sd[j]);
                        jw_str (w, NULL, SIM_AT (m->sds, SimStorageDomain, d->sd[j])->id.s);
                    }
                }
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "ips");
        if (v->host >= 0 && v->agent) {
            for (guint k = 0; k < v->nics->len; k++) {
                char ip[32];
                snprintf (ip, sizeof ip, "10.%u.%d.%d", 100 + k, ((int) i / 250) % 256,
                          (int) i % 250 + 2);
                jw_str (w, NULL, ip);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "consoles");
        jw_str (w, NULL, v->display);
        jw_arr_end (w);
        stats (w, m, R_VM, (int) i);
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

static void
dump_hosts (JsonW *w, SimModel *m)
{
    jw_arr_begin (w, "hosts");
    for (guint i = 0; i < m->hosts->len; i++) {
        SimHost *h = SIM_AT (m->hosts, SimHost, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", h->id.s);
        jw_str (w, "name", h->name);
        jw_str (w, "address", h->address);
        jw_str (w, "status", h->status);
        REF (w, "cluster", m->clusters, SimCluster, h->cluster);
        jw_num (w, "memory", h->memory);
        jw_num (w, "max_scheduling_memory", h->max_sched_memory);
        jw_str (w, "cpu_model", h->cpu_name);
        jw_str (w, "cpu_type", h->cpu_type);
        jw_num (w, "cpu_speed", h->cpu_speed);
        jw_num (w, "cpu_sockets", h->sockets);
        jw_num (w, "cpu_cores", h->cores);
        jw_num (w, "cpu_threads", h->threads);
        jw_str (w, "spm", h->spm);
        jw_str (w, "vdsm_version", h->vdsm);
        jw_str (w, "os_version", h->os_version);
        jw_str (w, "type", h->type);
        jw_bool (w, "update_available", h->update_available);
        jw_num (w, "vms_active", h->vms_active);
        jw_num (w, "vms_migrating", h->vms_migrating);
        jw_arr_begin (w, "nics");
        for (int k = 0; k < h->n_nics; k++) {
            jw_str (w, NULL, SIM_AT (m->host_nics, SimHostNic, h->first_nic + k)->id.s);
        }
        jw_arr_end (w);
        jw_arr_begin (w, "vms");
        for (guint k = 0; k < m->vms->len; k++) {
            if (SIM_AT (m->vms, SimVm, k)->host == (int) i) {
                jw_str (w, NULL, SIM_AT (m->vms, SimVm, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "networks");
        for (int k = 0; k < h->n_nics; k++) {
            SimHostNic *n = SIM_AT (m->host_nics, SimHostNic, h->first_nic + k);
            if (n->network >= 0) {
                jw_str (w, NULL, SIM_AT (m->networks, SimNetwork, n->network)->id.s);
            }
        }
        jw_arr_end (w);
        stats (w, m, R_HOST, (int) i);
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

static void
dump_storage (JsonW *w, SimModel *m)
{
    jw_arr_begin (w, "disks");
    for (guint i = 0; i < m->disks->len; i++) {
        SimDisk *d = SIM_AT (m->disks, SimDisk, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", d->id.s);
        jw_str (w, "name", d->name);
        jw_str (w, "status", d->status);
        jw_num (w, "provisioned_size", d->provisioned);
        jw_num (w, "actual_size", d->actual);
        jw_num (w, "total_size", d->total);
        jw_str (w, "format", d->format);
        jw_bool (w, "sparse", d->sparse);
        jw_bool (w, "shareable", d->shareable);
        jw_str (w, "storage_type", "image");
        jw_str (w, "content_type", d->content_type);
        jw_arr_begin (w, "storage_domains");
        for (int k = 0; k < 2; k++) {
            if (d->sd[k] >= 0) {
                jw_str (w, NULL, SIM_AT (m->sds, SimStorageDomain, d->sd[k])->id.s);
            }
        }
        jw_arr_end (w);
        IDS (w, "vms", m->vms, SimVm, d->vms);
        REF (w, "template", m->templates, SimTemplate, d->template);
        stats (w, m, R_DISK, (int) i);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "storage_domains");
    for (guint i = 0; i < m->sds->len; i++) {
        SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", sd->id.s);
        jw_str (w, "name", sd->name);
        jw_str (w, "type", sd->type);
        jw_str (w, "storage_type", sd->storage_type);
        jw_str (w, "address", sd->address);
        if (sd->path[0] != '\0') {
            jw_str (w, "path", sd->path);
        } else {
            jw_null (w, "path");
        }
        jw_num (w, "available", sd->available);
        jw_num (w, "used", sd->used);
        jw_num (w, "committed", sd->committed);
        jw_bool (w, "master", sd->master);
        jw_str (w, "storage_format", "v5");
        jw_str (w, "status", sd->dc_status);
        jw_str (w, "external_status", sd->external_status);
        REF (w, "data_center", m->dcs, SimDataCenter, sd->dc);
        IDS (w, "vms", m->vms, SimVm, sd->vms);
        IDS (w, "disks", m->disks, SimDisk, sd->disks);
        IDS (w, "templates", m->templates, SimTemplate, sd->templates);
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

static void
dump_infra (JsonW *w, SimModel *m)
{
    jw_arr_begin (w, "data_centers");
    for (guint i = 0; i < m->dcs->len; i++) {
        SimDataCenter *dc = SIM_AT (m->dcs, SimDataCenter, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", dc->id.s);
        jw_str (w, "name", dc->name);
        jw_str (w, "description", dc->description);
        jw_str (w, "status", dc->status);
        version_str (w, "version", dc->ver_major, dc->ver_minor);
        jw_bool (w, "local", dc->local);
        jw_str (w, "quota_mode", dc->quota_mode);
        jw_str (w, "storage_format", "v5");
        jw_arr_begin (w, "clusters");
        for (guint k = 0; k < m->clusters->len; k++) {
            if (SIM_AT (m->clusters, SimCluster, k)->dc == (int) i) {
                jw_str (w, NULL, SIM_AT (m->clusters, SimCluster, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "storage_domains");
        for (guint k = 0; k < m->sds->len; k++) {
            if (SIM_AT (m->sds, SimStorageDomain, k)->dc == (int) i) {
                jw_str (w, NULL, SIM_AT (m->sds, SimStorageDomain, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "networks");
        for (guint k = 0; k < m->networks->len; k++) {
            if (SIM_AT (m->networks, SimNetwork, k)->dc == (int) i) {
                jw_str (w, NULL, SIM_AT (m->networks, SimNetwork, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "clusters");
    for (guint i = 0; i < m->clusters->len; i++) {
        SimCluster *c = SIM_AT (m->clusters, SimCluster, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", c->id.s);
        jw_str (w, "name", c->name);
        jw_str (w, "description", c->description);
        REF (w, "data_center", m->dcs, SimDataCenter, c->dc);
        version_str (w, "version", c->ver_major, c->ver_minor);
        jw_str (w, "cpu_type", c->cpu_type);
        jw_str (w, "architecture", c->arch);
        jw_str (w, "error_handling", c->on_error);
        jw_str (w, "firewall_type", c->firewall);
        jw_num (w, "memory_overcommit", c->overcommit);
        jw_arr_begin (w, "hosts");
        for (guint k = 0; k < m->hosts->len; k++) {
            if (SIM_AT (m->hosts, SimHost, k)->cluster == (int) i) {
                jw_str (w, NULL, SIM_AT (m->hosts, SimHost, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "vms");
        for (guint k = 0; k < m->vms->len; k++) {
            if (SIM_AT (m->vms, SimVm, k)->cluster == (int) i) {
                jw_str (w, NULL, SIM_AT (m->vms, SimVm, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "networks");
        for (guint k = 0; k < m->networks->len; k++) {
            if (SIM_AT (m->networks, SimNetwork, k)->dc == c->dc) {
                jw_str (w, NULL, SIM_AT (m->networks, SimNetwork, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "templates");
        for (guint k = 0; k < m->templates->len; k++) {
            if (SIM_AT (m->templates, SimTemplate, k)->cluster == (int) i) {
                jw_str (w, NULL, SIM_AT (m->templates, SimTemplate, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "networks");
    for (guint i = 0; i < m->networks->len; i++) {
        static const char *const usage_names[] = { "vm", "management", "display", "migration" };
        SimNetwork *n = SIM_AT (m->networks, SimNetwork, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", n->id.s);
        jw_str (w, "name", n->name);
        jw_str (w, "description", n->description);
        REF (w, "data_center", m->dcs, SimDataCenter, n->dc);
        if (n->vlan > 0) {
            jw_num (w, "vlan", n->vlan);
        } else {
            jw_null (w, "vlan");
        }
        jw_num (w, "mtu", n->mtu);
        jw_bool (w, "stp", n->stp);
        jw_bool (w, "required", n->required);
        jw_arr_begin (w, "usages");
        for (int k = 0; k < 4; k++) {
            if (n->usages & (1u << k)) {
                jw_str (w, NULL, usage_names[k]);
            }
        }
        jw_arr_end (w);
        jw_arr_begin (w, "vnic_profiles");
        for (guint k = 0; k < m->profiles->len; k++) {
            if (SIM_AT (m->profiles, SimVnicProfile, k)->network == (int) i) {
                jw_str (w, NULL, SIM_AT (m->profiles, SimVnicProfile, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "vm_pools");
    for (guint i = 0; i < m->pools->len; i++) {
        SimPool *p = SIM_AT (m->pools, SimPool, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", p->id.s);
        jw_str (w, "name", p->name);
        jw_str (w, "description", p->description);
        REF (w, "cluster", m->clusters, SimCluster, p->cluster);
        REF (w, "template", m->templates, SimTemplate, p->template);
        jw_num (w, "size", p->size);
        jw_num (w, "prestarted_vms", p->prestarted);
        jw_str (w, "type", p->type);
        jw_arr_begin (w, "vms");
        for (guint k = 0; k < m->vms->len; k++) {
            if (SIM_AT (m->vms, SimVm, k)->pool == (int) i) {
                jw_str (w, NULL, SIM_AT (m->vms, SimVm, k)->id.s);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "vnic_profiles");
    for (guint i = 0; i < m->profiles->len; i++) {
        SimVnicProfile *p = SIM_AT (m->profiles, SimVnicProfile, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", p->id.s);
        jw_str (w, "name", p->name);
        REF (w, "network", m->networks, SimNetwork, p->network);
        jw_bool (w, "port_mirroring", p->port_mirroring);
        jw_str (w, "pass_through", "disabled");
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "templates");
    for (guint i = 0; i < m->templates->len; i++) {
        SimTemplate *t = SIM_AT (m->templates, SimTemplate, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", t->id.s);
        jw_str (w, "name", t->name);
        jw_str (w, "description", t->description);
        jw_str (w, "status", t->status);
        REF (w, "cluster", m->clusters, SimCluster, t->cluster);
        jw_num (w, "memory", t->memory);
        jw_num (w, "cpu_sockets", t->sockets);
        jw_num (w, "cpu_cores", t->cores);
        jw_str (w, "os", t->os);
        jw_num (w, "version", t->version);
        REF (w, "base_template", m->templates, SimTemplate, t->base);
        jw_num (w, "creation_time", t->creation_time);
        jw_arr_begin (w, "disks");
        for (guint k = 0; k < t->disk_atts->len; k++) {
            SimDiskAttachment *a = SIM_AT (m->disk_atts, SimDiskAttachment,
                                           g_array_index (t->disk_atts, int, k));
            jw_str (w, NULL, SIM_AT (m->disks, SimDisk, a->disk)->id.s);
        }
        jw_arr_end (w);
        IDS (w, "nics", m->nics, SimNic, t->nics);
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

static void
dump_nics (JsonW *w, SimModel *m, gboolean of_vms)
{
    jw_arr_begin (w, of_vms ? "vm_nics" : "template_nics");
    for (guint i = 0; i < m->nics->len; i++) {
        SimNic *n = SIM_AT (m->nics, SimNic, i);
        if ((n->vm >= 0) != of_vms) {
            continue;
        }
        jw_obj_begin (w, NULL);
        jw_str (w, "id", n->id.s);
        if (of_vms) {
            REF (w, "vm", m->vms, SimVm, n->vm);
        } else {
            REF (w, "template", m->templates, SimTemplate, n->template);
        }
        jw_str (w, "name", n->name);
        jw_str (w, "mac", n->mac);
        jw_str (w, "interface", n->iface);
        REF (w, "vnic_profile", m->profiles, SimVnicProfile, n->profile);
        REF (w, "network", m->networks, SimNetwork,
             n->profile >= 0 ? SIM_AT (m->profiles, SimVnicProfile, n->profile)->network : -1);
        jw_bool (w, "linked", n->linked);
        jw_bool (w, "plugged", n->plugged);
        if (of_vms) {
            stats (w, m, R_VM_NIC, (int) i);
        }
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

static void
dump_rest (JsonW *w, SimModel *m)
{
    jw_arr_begin (w, "host_nics");
    for (guint i = 0; i < m->host_nics->len; i++) {
        SimHostNic *n = SIM_AT (m->host_nics, SimHostNic, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", n->id.s);
        REF (w, "host", m->hosts, SimHost, n->host);
        jw_str (w, "name", n->name);
        jw_str (w, "mac", n->mac);
        if (n->ip[0] != '\0') {
            jw_str (w, "ip", n->ip);
        } else {
            jw_null (w, "ip");
        }
        jw_num (w, "speed", n->speed);
        jw_str (w, "status", n->up ? "up" : "down");
        jw_num (w, "mtu", n->mtu);
        REF (w, "network", m->networks, SimNetwork, n->network);
        jw_bool (w, "bond", n->bond_first >= 0);
        if (n->vlan > 0) {
            jw_num (w, "vlan", n->vlan);
        } else {
            jw_null (w, "vlan");
        }
        stats (w, m, R_HOST_NIC, (int) i);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "network_attachments");
    for (guint i = 0; i < m->net_atts->len; i++) {
        SimNetAttachment *a = SIM_AT (m->net_atts, SimNetAttachment, i);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", a->id.s);
        REF (w, "host", m->hosts, SimHost, a->host);
        REF (w, "host_nic", m->host_nics, SimHostNic, a->nic);
        REF (w, "network", m->networks, SimNetwork, a->network);
        jw_bool (w, "in_sync", a->in_sync);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "snapshots");
    for (guint i = 0; i < m->snaps->len; i++) {
        SimSnapshot *s = SIM_AT (m->snaps, SimSnapshot, i);
        if (s->removed) {
            continue;
        }
        jw_obj_begin (w, NULL);
        jw_str (w, "id", s->id.s);
        REF (w, "vm", m->vms, SimVm, s->vm);
        jw_str (w, "description", s->description);
        jw_num (w, "date", s->date);
        jw_str (w, "status", s->status);
        jw_str (w, "type", s->type);
        jw_bool (w, "persist_memorystate", s->memory);
        jw_obj_end (w);
    }
    jw_arr_end (w);

    jw_arr_begin (w, "events");
    for (guint i = m->events->len; i > 0; i--) {
        SimEvent *e = SIM_AT (m->events, SimEvent, i - 1);
        char id[16];
        snprintf (id, sizeof id, "%d", e->index);
        jw_obj_begin (w, NULL);
        jw_str (w, "id", id);
        jw_num (w, "index", e->index);
        jw_num (w, "code", e->code);
        jw_str (w, "severity", e->severity);
        jw_num (w, "time", e->time);
        jw_str (w, "description", e->description);
        REF (w, "vm", m->vms, SimVm, e->vm);
        REF (w, "host", m->hosts, SimHost, e->host);
        REF (w, "cluster", m->clusters, SimCluster, e->cluster);
        REF (w, "data_center", m->dcs, SimDataCenter, e->dc);
        REF (w, "storage_domain", m->sds, SimStorageDomain, e->sd);
        jw_obj_end (w);
    }
    jw_arr_end (w);
}

gboolean
sim_truth_write (SimModel *m, const char *path, GError **error)
{
    g_autoptr (GString) out = g_string_sized_new (1 << 20);
    JsonW w;

    g_rw_lock_reader_lock (&m->lock);
    jw_init (&w, out, FALSE);
    jw_obj_begin (&w, NULL);
    jw_num (&w, "format", 1);
    jw_num (&w, "seed", (gint64) m->counts.seed);
    jw_str (&w, "api", SIM_API);
    jw_obj_begin (&w, "counts");
    jw_num (&w, "vms", m->vms->len);
    jw_num (&w, "hosts", m->hosts->len);
    jw_num (&w, "clusters", m->clusters->len);
    jw_num (&w, "data_centers", m->dcs->len);
    jw_num (&w, "storage_domains", m->sds->len);
    jw_num (&w, "disks", m->disks->len);
    jw_num (&w, "networks", m->networks->len);
    jw_num (&w, "vnic_profiles", m->profiles->len);
    jw_num (&w, "templates", m->templates->len);
    int snapshots = 0;
    for (guint i = 0; i < m->snaps->len; i++) {
        snapshots += !SIM_AT (m->snaps, SimSnapshot, i)->removed;
    }
    jw_num (&w, "snapshots", snapshots);
    jw_num (&w, "host_nics", m->host_nics->len);
    int vm_nics = 0;
    for (guint i = 0; i < m->nics->len; i++) {
        vm_nics += SIM_AT (m->nics, SimNic, i)->vm >= 0;
    }
    jw_num (&w, "vm_nics", vm_nics);
    jw_num (&w, "template_nics", (gint64) m->nics->len - vm_nics);
    jw_num (&w, "events", m->events->len);
    jw_num (&w, "vm_pools", m->pools->len);
    jw_obj_end (&w);
    dump_infra (&w, m);
    dump_hosts (&w, m);
    dump_vms (&w, m);
    dump_storage (&w, m);
    dump_nics (&w, m, TRUE);
    dump_nics (&w, m, FALSE);
    dump_rest (&w, m);
    jw_obj_end (&w);
    g_rw_lock_reader_unlock (&m->lock);
    g_string_append_c (out, '\n');

    if (!g_file_set_contents (path, out->str, (gssize) out->len, error)) {
        g_prefix_error (error, "writing the ground truth: ");
        return FALSE;
    }
    return TRUE;
}
