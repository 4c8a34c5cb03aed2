/* render-entities.c — one renderer per kind of simulated entity, printing
 * it as the oVirt engine does (OVIRT-API.md): VMs, hosts, clusters, data
 * centers, storage domains, disks, networks, vNIC profiles, templates,
 * events, attachments, NICs, snapshots, guest devices, consoles, pools.
 *
 * Each reads the model only and writes through the helpers of render.c
 * (render-private.h); the API table there says which renderer serves
 * which kind.  Statistics are rendered in render-stats.c.
 */
#include "render-private.h"

#include <stdio.h>
#include <string.h>

/* ---- entity renderers --------------------------------------------------
 *
 * Every render_KIND (c, it, key, href, f) has the same contract: it prints
 * item @it as one JSON object, as member @key (NULL inside an array), whose
 * self link is @href, inlining what the follow tree @f asks for (@f may be
 * NULL). It reads the model only (the caller holds the read lock), can't
 * fail, and adds the number of followed items it printed to c->followed. */

static const char *const vm_actions[] = {
    "migrate", "reboot", "shutdown", "start", "stop", "suspend", NULL,
};

void
r_render_vm (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    gboolean runs = v->host >= 0;

    jw_obj_begin (w, key);
    jw_obj_begin (w, "bios");
    jw_obj_begin (w, "boot_menu");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_str (w, "type", "q35_sea_bios");
    jw_obj_end (w);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", "x86_64");
    r_topology (c, v->sockets, v->cores, v->threads);
    jw_obj_end (w);
    jw_int_str (w, "cpu_shares", 0);
    jw_num (w, "creation_time", v->creation_time);
    if (v->ccv_major > 0) {
        r_version (c, "custom_compatibility_version", v->ccv_major, v->ccv_minor);
    }
    jw_bool_str (w, "delete_protected", FALSE);
    jw_obj_begin (w, "display");
    if (runs) {
        jw_str (w, "address", SIM_AT (c->m->hosts, SimHost, v->host)->address);
    }
    jw_bool_str (w, "allow_override", FALSE);
    jw_bool_str (w, "copy_paste_enabled", TRUE);
    jw_str (w, "disconnect_action", "LOCK_SCREEN");
    jw_bool_str (w, "file_transfer_enabled", TRUE);
    jw_int_str (w, "monitors", 1);
    jw_bool_str (w, "smartcard_enabled", FALSE);
    jw_str (w, "type", v->display);
    jw_obj_end (w);
    if (runs && v->agent) {
        char fqdn[80];
        snprintf (fqdn, sizeof fqdn, "%s.lab.example.com", v->name);
        jw_str (w, "fqdn", fqdn);
        jw_obj_begin (w, "guest_operating_system");
        jw_str (w, "architecture", "x86_64");
        jw_str (w, "distribution", v->guest_dist);
        jw_str (w, "family", g_str_has_prefix (v->os, "windows") ? "Windows" : "Linux");
        if (v->guest_kernel != NULL) {
            jw_obj_begin (w, "kernel");
            jw_obj_begin (w, "version");
            jw_str (w, "full_version", v->guest_kernel);
            jw_obj_end (w);
            jw_obj_end (w);
        }
        jw_obj_begin (w, "version");
        jw_str (w, "full_version", v->guest_ver);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_obj_begin (w, "high_availability");
    jw_bool_str (w, "enabled", v->ha);
    jw_int_str (w, "priority", v->ha ? 50 : 0);
    jw_obj_end (w);
    jw_int_str (w, "memory", v->memory);
    jw_obj_begin (w, "memory_policy");
    jw_bool_str (w, "ballooning", TRUE);
    jw_int_str (w, "guaranteed", v->mem_guaranteed);
    jw_int_str (w, "max", v->mem_max);
    jw_obj_end (w);
    jw_int_str (w, "migration_downtime", -1);
    jw_bool_str (w, "multi_queues_enabled", TRUE);
    jw_bool_str (w, "next_run_configuration_exists", v->next_run);
    jw_str (w, "origin", "ovirt");
    jw_obj_begin (w, "os");
    jw_obj_begin (w, "boot");
    jw_obj_begin (w, "devices");
    jw_arr_begin (w, "device");
    jw_str (w, NULL, "hd");
    jw_arr_end (w);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_str (w, "type", v->os);
    jw_obj_end (w);
    jw_obj_begin (w, "placement_policy");
    jw_str (w, "affinity", "migratable");
    jw_obj_end (w);
    jw_bool_str (w, "run_once", v->run_once);
    jw_bool_str (w, "start_paused", FALSE);
    if (runs && v->start_time > 0) {
        jw_num (w, "start_time", v->start_time);
    }
    jw_bool_str (w, "stateless", v->stateless);
    jw_str (w, "status", sim_vm_status_name (v->status));
    if (v->stop_time > 0) {
        jw_num (w, "stop_time", v->stop_time);
    }
    jw_obj_begin (w, "time_zone");
    jw_str (w, "name", g_str_has_prefix (v->os, "windows") ? "GMT Standard Time" : "Etc/GMT");
    jw_obj_end (w);
    jw_str (w, "type", v->type);
    jw_obj_begin (w, "usb");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    r_ref (c, f, "cluster", R_CLUSTER, v->cluster);
    {
        r_ref (c, f, "cpu_profile", R_CPU_PROFILE, v->cluster);
    }
    if (runs) {
        r_ref (c, f, "host", R_HOST, v->host);
    }
    r_ref (c, f, "original_template", R_TEMPLATE, v->orig_template);
    {
        const SimCluster *cl = SIM_AT (c->m->clusters, SimCluster, v->cluster);
        jw_obj_begin (w, "quota");
        jw_str (w, "id", SIM_AT (c->m->dcs, SimDataCenter, cl->dc)->quota_id.s);
        jw_obj_end (w);
    }
    r_ref (c, f, "template", R_TEMPLATE, v->template);
    r_ref (c, f, "vm_pool", R_POOL, v->pool);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, vm_actions);
    if (c->m->hostile_value > 0 && it->idx == 0) {
        /* --hostile huge-value: beyond any sane cap on one JSON value */
        g_autofree char *huge = g_malloc (c->m->hostile_value + 1);
        memset (huge, 'x', c->m->hostile_value);
        huge[c->m->hostile_value] = '\0';
        r_tail (c, it, href, v->name, huge, v->comment);
    } else {
        r_tail (c, it, href, v->name, v->description, v->comment);
    }
    jw_obj_end (w);
}

void
r_render_host (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimHost *h = SIM_AT (c->m->hosts, SimHost, it->idx);

    jw_obj_begin (w, key);
    jw_str (w, "address", h->address);
    jw_str (w, "auto_numa_status", "disable");
    jw_obj_begin (w, "cpu");
    jw_str (w, "name", h->cpu_name);
    jw_num (w, "speed", h->cpu_speed);
    r_topology (c, h->sockets, h->cores, h->threads);
    jw_str (w, "type", h->cpu_type);
    jw_obj_end (w);
    jw_str (w, "external_status", "ok");
    jw_str (w, "kdump_status", "disabled");
    jw_obj_begin (w, "ksm");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_int_str (w, "max_scheduling_memory", h->max_sched_memory);
    jw_int_str (w, "memory", h->memory);
    jw_bool_str (w, "numa_supported", TRUE);
    jw_obj_begin (w, "os");
    jw_str (w, "type", "RHEL");
    jw_obj_begin (w, "version");
    jw_str (w, "full_version", h->os_version);
    jw_int_str (w, "major", 8);
    jw_int_str (w, "minor", h->os_version[2] - '0');
    jw_obj_end (w);
    jw_obj_end (w);
    jw_int_str (w, "port", 54321);
    jw_str (w, "protocol", "stomp");
    jw_obj_begin (w, "spm");
    jw_int_str (w, "priority", 5);
    jw_str (w, "status", h->spm);
    jw_obj_end (w);
    jw_str (w, "status", h->status);
    jw_obj_begin (w, "summary");
    jw_int_str (w, "active", h->vms_active);
    jw_int_str (w, "migrating", h->vms_migrating);
    jw_int_str (w, "total", h->vms_active);
    jw_obj_end (w);
    jw_str (w, "type", h->type);
    jw_bool_str (w, "update_available", h->update_available);
    jw_obj_begin (w, "version");
    jw_str (w, "full_version", h->vdsm);
    jw_int_str (w, "major", 4);
    jw_int_str (w, "minor", 50);
    jw_obj_end (w);
    r_ref (c, f, "cluster", R_CLUSTER, h->cluster);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, h->name, NULL, "");
    jw_obj_end (w);
}

void
r_render_cluster (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f)
{
    JsonW *w = c->w;
    const SimCluster *cl = SIM_AT (c->m->clusters, SimCluster, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "ballooning_enabled", TRUE);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", cl->arch);
    jw_str (w, "type", cl->cpu_type);
    jw_obj_end (w);
    jw_obj_begin (w, "error_handling");
    jw_str (w, "on_error", cl->on_error);
    jw_obj_end (w);
    jw_str (w, "firewall_type", cl->firewall);
    jw_bool_str (w, "gluster_service", FALSE);
    jw_bool_str (w, "ha_reservation", FALSE);
    jw_obj_begin (w, "memory_policy");
    jw_obj_begin (w, "over_commit");
    jw_int_str (w, "percent", cl->overcommit);
    jw_obj_end (w);
    jw_obj_begin (w, "transparent_hugepages");
    jw_bool_str (w, "enabled", TRUE);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_str (w, "switch_type", "legacy");
    jw_bool_str (w, "threads_as_cores", FALSE);
    jw_bool_str (w, "trusted_service", FALSE);
    r_version (c, "version", cl->ver_major, cl->ver_minor);
    jw_bool_str (w, "virt_service", TRUE);
    r_ref (c, f, "data_center", R_DC, cl->dc);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, cl->name, cl->description, "");
    jw_obj_end (w);
}

void
r_render_dc (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimDataCenter *dc = SIM_AT (c->m->dcs, SimDataCenter, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "local", dc->local);
    jw_str (w, "quota_mode", dc->quota_mode);
    jw_str (w, "status", dc->status);
    jw_str (w, "storage_format", "v5");
    jw_obj_begin (w, "supported_versions");
    jw_arr_begin (w, "version");
    for (int minor = 6; minor <= 7; minor++) {
        jw_obj_begin (w, NULL);
        jw_int_str (w, "major", 4);
        jw_int_str (w, "minor", minor);
        jw_obj_end (w);
    }
    jw_arr_end (w);
    jw_obj_end (w);
    r_version (c, "version", dc->ver_major, dc->ver_minor);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, dc->name, dc->description, "");
    jw_obj_end (w);
}

void
r_render_sd (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimStorageDomain *sd = SIM_AT (c->m->sds, SimStorageDomain, it->idx);
    gboolean file = sd->path[0] != '\0';

    jw_obj_begin (w, key);
    jw_int_str (w, "available", sd->available);
    jw_bool_str (w, "backup", FALSE);
    jw_int_str (w, "block_size", 512);
    jw_int_str (w, "committed", sd->committed);
    jw_int_str (w, "critical_space_action_blocker", 5);
    jw_bool_str (w, "discard_after_delete", FALSE);
    jw_str (w, "external_status", sd->external_status);
    jw_bool_str (w, "master", sd->master);
    /* The engine omits status for attached domains in the top-level list. */
    if (sd->dc < 0 || it->ctx == 1) {
        jw_str (w, "status", sd->dc_status);
    }
    jw_obj_begin (w, "storage");
    if (file) {
        jw_str (w, "address", sd->address);
        if (g_str_equal (sd->storage_type, "nfs")) {
            jw_str (w, "nfs_version", "auto");
        }
        jw_str (w, "path", sd->path);
    }
    jw_str (w, "type", sd->storage_type);
    if (!file) {
        char seed[64];
        char vg[37];
        snprintf (seed, sizeof seed, "%s/volume-group", sd->id.s);
        r_name_uuid (seed, vg);
        jw_obj_begin (w, "volume_group");
        jw_str (w, "id", vg);
        jw_obj_begin (w, "logical_units");
        jw_arr_begin (w, "logical_unit");
        jw_obj_begin (w, NULL);
        jw_str (w, "address", sd->address);
        jw_int_str (w, "port", 3260);
        jw_str (w, "target", "iqn.2024-01.com.example:storage");
        jw_obj_end (w);
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_obj_end (w);
    jw_str (w, "storage_format", "v5");
    jw_bool_str (w, "supports_discard", FALSE);
    jw_str (w, "type", sd->type);
    jw_int_str (w, "used", sd->used);
    jw_int_str (w, "warning_low_space_indicator", 10);
    jw_bool_str (w, "wipe_after_delete", FALSE);
    if (sd->dc >= 0) {
        if (it->ctx == 1) {
            r_ref (c, f, "data_center", R_DC, sd->dc);
        }
        jw_obj_begin (w, "data_centers");
        jw_arr_begin (w, "data_center");
        r_ref (c, NULL, NULL, R_DC, sd->dc);
        jw_arr_end (w);
        jw_obj_end (w);
    }
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, sd->name, "", "");
    jw_obj_end (w);
}

void
r_render_disk (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimDisk *d = SIM_AT (c->m->disks, SimDisk, it->idx);

    jw_obj_begin (w, key);
    jw_int_str (w, "actual_size", d->actual);
    jw_str (w, "alias", d->name);
    jw_str (w, "backup", "none");
    jw_str (w, "content_type", d->content_type);
    jw_str (w, "format", d->format);
    jw_bool_str (w, "propagate_errors", FALSE);
    jw_int_str (w, "provisioned_size", d->provisioned);
    if (g_str_equal (d->format, "cow")) {
        jw_str (w, "qcow_version", "qcow2_v3");
    }
    jw_bool_str (w, "shareable", d->shareable);
    jw_bool_str (w, "sparse", d->sparse);
    jw_str (w, "status", d->status);
    jw_str (w, "storage_type", "image");
    jw_int_str (w, "total_size", d->total);
    jw_bool_str (w, "wipe_after_delete", FALSE);
    if (d->sd[0] >= 0) {
        const SimStorageDomain *sd = SIM_AT (c->m->sds, SimStorageDomain, d->sd[0]);
        r_ref (c, f, "disk_profile", R_DISK_PROFILE, d->sd[0]);
        if (sd->dc >= 0) {
            jw_obj_begin (w, "quota");
            jw_str (w, "id", SIM_AT (c->m->dcs, SimDataCenter, sd->dc)->quota_id.s);
            jw_obj_end (w);
        }
        const RFollow *sf = r_follow_child (f, "storage_domains");
        jw_obj_begin (w, "storage_domains");
        jw_arr_begin (w, "storage_domain");
        for (int k = 0; k < 2; k++) {
            if (d->sd[k] < 0) {
                continue;
            }
            if (sf != NULL) {
                char shref[128];
                RItem si = { R_SD, d->sd[k], 0, 0 };
                snprintf (shref, sizeof shref, SIM_API "/storagedomains/%s",
                          SIM_AT (c->m->sds, SimStorageDomain, d->sd[k])->id.s);
                c->followed++;
                r_render (c, &si, NULL, shref, sf);
            } else {
                r_ref (c, NULL, NULL, R_SD, d->sd[k]);
            }
        }
        jw_arr_end (w);
        jw_obj_end (w);
    }
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, d->name, "", NULL);
    jw_obj_end (w);
}

void
r_render_network (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f)
{
    JsonW *w = c->w;
    const SimNetwork *n = SIM_AT (c->m->networks, SimNetwork, it->idx);
    static const char *const usage_names[] = { "vm", "management", "display", "migration" };

    jw_obj_begin (w, key);
    if (it->ctx > 0) {
        jw_bool_str (w, "display", (n->usages & 4) != 0);
    }
    jw_int_str (w, "mtu", n->mtu);
    jw_bool_str (w, "required", n->required);
    jw_bool_str (w, "stp", n->stp);
    jw_obj_begin (w, "usages");
    if (n->usages != 0) {
        jw_arr_begin (w, "usage");
        for (int k = 0; k < 4; k++) {
            if (n->usages & (1u << k)) {
                jw_str (w, NULL, usage_names[k]);
            }
        }
        jw_arr_end (w);
    }
    jw_obj_end (w);
    if (n->vlan > 0) {
        jw_obj_begin (w, "vlan");
        jw_int_str (w, "id", n->vlan);
        jw_obj_end (w);
    }
    if (it->ctx > 0) {
        r_ref (c, f, "cluster", R_CLUSTER, it->ctx - 1);
    }
    r_ref (c, f, "data_center", R_DC, n->dc);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, n->name, n->description, "");
    jw_obj_end (w);
}

void
r_render_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f)
{
    JsonW *w = c->w;
    const SimVnicProfile *p = SIM_AT (c->m->profiles, SimVnicProfile, it->idx);

    jw_obj_begin (w, key);
    jw_obj_begin (w, "pass_through");
    jw_str (w, "mode", "disabled");
    jw_obj_end (w);
    jw_bool_str (w, "port_mirroring", p->port_mirroring);
    r_ref (c, f, "network", R_NETWORK, p->network);
    r_inline_subs (c, it, href, f);
    r_tail (c, it, href, p->name, "", NULL);
    jw_obj_end (w);
}

void
r_render_template (RCtx *c, const RItem *it, const char *key, const char *href,
                   const RFollow *f)
{
    JsonW *w = c->w;
    const SimTemplate *t = SIM_AT (c->m->templates, SimTemplate, it->idx);

    jw_obj_begin (w, key);
    jw_obj_begin (w, "bios");
    jw_obj_begin (w, "boot_menu");
    jw_bool_str (w, "enabled", FALSE);
    jw_obj_end (w);
    jw_str (w, "type", "q35_sea_bios");
    jw_obj_end (w);
    jw_obj_begin (w, "cpu");
    jw_str (w, "architecture", "x86_64");
    r_topology (c, t->sockets, t->cores, 1);
    jw_obj_end (w);
    jw_num (w, "creation_time", t->creation_time);
    jw_bool_str (w, "delete_protected", FALSE);
    jw_obj_begin (w, "display");
    jw_str (w, "type", "vnc");
    jw_obj_end (w);
    jw_obj_begin (w, "high_availability");
    jw_bool_str (w, "enabled", FALSE);
    jw_int_str (w, "priority", 0);
    jw_obj_end (w);
    jw_int_str (w, "memory", t->memory);
    jw_obj_begin (w, "memory_policy");
    jw_bool_str (w, "ballooning", TRUE);
    jw_int_str (w, "guaranteed", t->memory);
    jw_int_str (w, "max", 4 * t->memory);
    jw_obj_end (w);
    jw_str (w, "origin", "ovirt");
    jw_obj_begin (w, "os");
    jw_str (w, "type", t->os);
    jw_obj_end (w);
    jw_bool_str (w, "stateless", FALSE);
    jw_str (w, "status", t->status);
    jw_str (w, "type", "server");
    jw_obj_begin (w, "version");
    jw_str (w, "version_name", t->version == 1 ? "base version" : "updated");
    jw_int_str (w, "version_number", t->version);
    r_ref (c, NULL, "base_template", R_TEMPLATE, t->base);
    jw_obj_end (w);
    r_ref (c, f, "cluster", R_CLUSTER, t->cluster);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, t->name, t->description, "");
    jw_obj_end (w);
}

void
r_render_event (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimEvent *e = SIM_AT (c->m->events, SimEvent, it->idx);

    jw_obj_begin (w, key);
    jw_int_str (w, "code", e->code);
    jw_int_str (w, "custom_id", -1);
    jw_int_str (w, "flood_rate", 30);
    jw_int_str (w, "index", e->index);
    jw_str (w, "origin", "oVirt");
    jw_str (w, "severity", e->severity);
    jw_num (w, "time", e->time);
    r_ref_named (c, "cluster", R_CLUSTER, e->cluster);
    r_ref_named (c, "data_center", R_DC, e->dc);
    r_ref_named (c, "host", R_HOST, e->host);
    r_ref_named (c, "storage_domain", R_SD, e->sd);
    r_ref_named (c, "vm", R_VM, e->vm);
    r_tail (c, it, href, NULL, e->description, NULL);
    jw_obj_end (w);
}

void
r_render_disk_att (RCtx *c, const RItem *it, const char *key, const char *href,
                   const RFollow *f)
{
    JsonW *w = c->w;
    const SimDiskAttachment *a = SIM_AT (c->m->disk_atts, SimDiskAttachment, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "active", a->active);
    jw_bool_str (w, "bootable", a->bootable);
    jw_str (w, "interface", a->iface);
    if (a->vm >= 0) {
        const SimVm *v = SIM_AT (c->m->vms, SimVm, a->vm);
        if (v->host >= 0 && v->agent && a->logical_name[0] != '\0') {
            jw_str (w, "logical_name", a->logical_name);
        }
    }
    jw_bool_str (w, "pass_discard", FALSE);
    jw_bool_str (w, "read_only", a->read_only);
    jw_bool_str (w, "uses_scsi_reservation", FALSE);
    r_ref (c, f, "disk", R_DISK, a->disk);
    r_ref (c, f, "template", R_TEMPLATE, a->vm < 0 ? a->template : -1);
    r_ref (c, f, "vm", R_VM, a->vm);
    r_tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

void
r_render_nic (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimNic *n = SIM_AT (c->m->nics, SimNic, it->idx);

    jw_obj_begin (w, key);
    jw_str (w, "interface", n->iface);
    jw_bool_str (w, "linked", n->linked);
    r_mac (c, n->mac);
    jw_bool_str (w, "plugged", n->plugged);
    jw_bool_str (w, "synced", TRUE);
    r_ref (c, f, "template", R_TEMPLATE, n->vm < 0 ? n->template : -1);
    r_ref (c, f, "vm", R_VM, n->vm);
    r_ref (c, f, "vnic_profile", R_PROFILE, n->profile);
    r_inline_subs (c, it, href, f);
    r_tail (c, it, href, n->name, NULL, NULL);
    jw_obj_end (w);
}

void
r_render_snapshot (RCtx *c, const RItem *it, const char *key, const char *href,
                   const RFollow *f)
{
    JsonW *w = c->w;
    const SimSnapshot *s = SIM_AT (c->m->snaps, SimSnapshot, it->idx);
    static const char *const snap_actions[] = { "commit", "preview", "restore", "undo", NULL };

    jw_obj_begin (w, key);
    jw_num (w, "date", s->date);
    jw_bool_str (w, "persist_memorystate", s->memory);
    jw_str (w, "snapshot_status", s->status);
    jw_str (w, "snapshot_type", s->type);
    r_ref (c, f, "vm", R_VM, s->vm);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, snap_actions);
    r_tail (c, it, href, NULL, s->description, NULL);
    jw_obj_end (w);
}

void
r_render_host_nic (RCtx *c, const RItem *it, const char *key, const char *href,
                   const RFollow *f)
{
    JsonW *w = c->w;
    const SimHostNic *n = SIM_AT (c->m->host_nics, SimHostNic, it->idx);

    jw_obj_begin (w, key);
    if (n->bond_first >= 0) {
        char prefix[96];
        jw_obj_begin (w, "bonding");
        jw_obj_begin (w, "options");
        jw_arr_begin (w, "option");
        jw_obj_begin (w, NULL);
        jw_str (w, "name", "mode");
        jw_str (w, "type", "Dynamic link aggregation (802.3ad)");
        jw_str (w, "value", "4");
        jw_obj_end (w);
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_begin (w, "slaves");
        jw_arr_begin (w, "host_nic");
        snprintf (prefix, sizeof prefix, SIM_API "/hosts/%s/nics",
                  SIM_AT (c->m->hosts, SimHost, n->host)->id.s);
        for (int k = 0; k < n->bond_n; k++) {
            jw_ref (w, NULL, prefix,
                    SIM_AT (c->m->host_nics, SimHostNic, n->bond_first + k)->id.s, NULL);
        }
        jw_arr_end (w);
        jw_obj_end (w);
        jw_obj_end (w);
    }
    jw_str (w, "boot_protocol", n->ip[0] != '\0' ? "static" : "none");
    jw_bool_str (w, "bridged", n->network >= 0);
    jw_bool_str (w, "custom_configuration", FALSE);
    if (n->ip[0] != '\0') {
        char gw[20];
        g_strlcpy (gw, n->ip, sizeof gw);
        char *dot = strrchr (gw, '.');
        g_strlcpy (dot + 1, "1", sizeof gw - (gsize) (dot + 1 - gw));
        jw_obj_begin (w, "ip");
        jw_str (w, "address", n->ip);
        jw_str (w, "gateway", gw);
        jw_str (w, "netmask", "255.255.0.0");
        jw_str (w, "version", "v4");
        jw_obj_end (w);
    }
    r_mac (c, n->mac);
    jw_int_str (w, "mtu", n->mtu);
    jw_int_str (w, "speed", n->speed);
    jw_str (w, "status", n->up ? "up" : "down");
    if (n->vlan > 0) {
        jw_obj_begin (w, "vlan");
        jw_int_str (w, "id", n->vlan);
        jw_obj_end (w);
    }
    r_ref (c, f, "host", R_HOST, n->host);
    r_ref (c, f, "network", R_NETWORK, n->network);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, n->name, NULL, NULL);
    jw_obj_end (w);
}

void
r_render_net_att (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f)
{
    JsonW *w = c->w;
    const SimNetAttachment *a = SIM_AT (c->m->net_atts, SimNetAttachment, it->idx);
    const SimHostNic *n = SIM_AT (c->m->host_nics, SimHostNic, a->nic);
    char prefix[96];

    jw_obj_begin (w, key);
    jw_bool_str (w, "in_sync", a->in_sync);
    jw_obj_begin (w, "ip_address_assignments");
    jw_arr_begin (w, "ip_address_assignment");
    jw_obj_begin (w, NULL);
    jw_str (w, "assignment_method", n->ip[0] != '\0' ? "static" : "none");
    jw_obj_end (w);
    jw_arr_end (w);
    jw_obj_end (w);
    r_ref (c, f, "host", R_HOST, a->host);
    snprintf (prefix, sizeof prefix, SIM_API "/hosts/%s/nics",
              SIM_AT (c->m->hosts, SimHost, a->host)->id.s);
    jw_ref (w, "host_nic", prefix, n->id.s, NULL);
    r_ref (c, f, "network", R_NETWORK, a->network);
    r_tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

void
r_render_reported_device (RCtx *c, const RItem *it, const char *key, const char *href,
                          const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    const SimNic *n = SIM_AT (c->m->nics, SimNic, g_array_index (v->nics, int, it->sub));
    char ip[48];
    char name[8];

    jw_obj_begin (w, key);
    jw_obj_begin (w, "ips");
    jw_arr_begin (w, "ip");
    jw_obj_begin (w, NULL);
    snprintf (ip, sizeof ip, "10.%d.%d.%d", 100 + it->sub, (it->idx / 250) % 256,
              it->idx % 250 + 2);
    jw_str (w, "address", ip);
    jw_str (w, "version", "v4");
    jw_obj_end (w);
    jw_obj_begin (w, NULL);
    snprintf (ip, sizeof ip, "fe80::546f:%xff:fe%02x:%x", it->sub, (it->idx >> 16) & 0xff,
              it->idx & 0xffff);
    jw_str (w, "address", ip);
    jw_str (w, "version", "v6");
    jw_obj_end (w);
    jw_arr_end (w);
    jw_obj_end (w);
    r_mac (c, n->mac);
    jw_str (w, "type", "network");
    r_ref (c, f, "vm", R_VM, it->idx);
    snprintf (name, sizeof name, "eth%d", it->sub);
    r_tail (c, it, href, name, "guest reported data", NULL);
    jw_obj_end (w);
}

void
r_render_console (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f)
{
    JsonW *w = c->w;
    const SimVm *v = SIM_AT (c->m->vms, SimVm, it->idx);
    gboolean spice = g_str_equal (v->display, "spice");

    jw_obj_begin (w, key);
    if (v->host >= 0) {
        jw_str (w, "address", SIM_AT (c->m->hosts, SimHost, v->host)->address);
        jw_int_str (w, "port", 5900 + (it->idx % 100) * 2);
        if (spice) {
            jw_int_str (w, "tls_port", 5901 + (it->idx % 100) * 2);
        }
    }
    jw_str (w, "protocol", v->display);
    r_ref (c, f, "vm", R_VM, it->idx);
    r_tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (w);
}

void
r_render_cdrom (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    jw_obj_begin (c->w, key);
    r_ref (c, f, "vm", R_VM, it->idx);
    r_tail (c, it, href, NULL, NULL, NULL);
    jw_obj_end (c->w);
}

void
r_render_cpu_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                      const RFollow *f)
{
    jw_obj_begin (c->w, key);
    r_ref (c, f, "cluster", R_CLUSTER, it->idx);
    r_tail (c, it, href, SIM_AT (c->m->clusters, SimCluster, it->idx)->name, "", NULL);
    jw_obj_end (c->w);
}

void
r_render_disk_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f)
{
    jw_obj_begin (c->w, key);
    r_ref (c, f, "storage_domain", R_SD, it->idx);
    r_tail (c, it, href, SIM_AT (c->m->sds, SimStorageDomain, it->idx)->name, "", NULL);
    jw_obj_end (c->w);
}

void
r_render_pool (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    JsonW *w = c->w;
    const SimPool *p = SIM_AT (c->m->pools, SimPool, it->idx);

    jw_obj_begin (w, key);
    jw_bool_str (w, "auto_storage_select", FALSE);
    jw_int_str (w, "max_user_vms", 1);
    jw_int_str (w, "prestarted_vms", p->prestarted);
    jw_int_str (w, "size", p->size);
    jw_bool_str (w, "stateful", FALSE);
    jw_str (w, "type", p->type);
    r_ref (c, f, "cluster", R_CLUSTER, p->cluster);
    r_ref (c, f, "template", R_TEMPLATE, p->template);
    r_inline_subs (c, it, href, f);
    r_actions (c, href, NULL);
    r_tail (c, it, href, p->name, p->description, "");
    jw_obj_end (w);
}

void
r_render_none (RCtx *c, const RItem *it, const char *key, const char *href, const RFollow *f)
{
    jw_obj_begin (c->w, key);
    jw_obj_end (c->w);
}

