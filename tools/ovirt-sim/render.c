/* render.c — prints simulated entities the way the oVirt engine does.
 *
 * One table (kinds[]) describes the API surface: element keys, canonical
 * collection paths, sub-collections and followable references per kind.
 * Each kind has a render function that prints its attributes in the engine's
 * conventions (see OVIRT-API.md): integers and booleans as strings, dates as
 * epoch-ms numbers, null attributes omitted, references as {href, id}, then
 * actions, name, description, comment, href, id and the link list. Followed
 * sub-collections are inlined as {"wrapper": {"elem": [ … ]}} and followed
 * references replace {href, id} by the whole entity.
 *
 * Statistics are pure functions of (seed, owner, statistic) so responses stay
 * byte-identical between runs; decimals go through jw_decimal().
 *
 * This file holds the follow trees, the helpers every renderer uses
 * (references, inlined sub-collections, the tail of an entity), the API
 * table and the root, action and fault documents; the renderers of the
 * entities are in render-entities.c, the statistics in render-stats.c,
 * listing and lookup in render-list.c (shared through render-private.h). */
#include "render-private.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    RKind kind;
} RRef;

typedef struct {
    const char *elem;
    const char *coll;            /* canonical top-level segment, or NULL */
    const RSub *subs;            /* terminated by rel == NULL */
    const RRef *refs;            /* terminated by name == NULL */
    void (*render) (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
} KindDesc;

static const KindDesc *kind_desc (RKind kind);

/* ---- follow trees ------------------------------------------------------ */

static RFollow *
follow_new (const char *name)
{
    RFollow *f = g_new0 (RFollow, 1);

    f->name = g_strdup (name);
    f->children = g_ptr_array_new_with_free_func ((GDestroyNotify) r_follow_free);
    return f;
}

void
r_follow_free (RFollow *f)
{
    if (f == NULL) {
        return;
    }
    g_free (f->name);
    g_ptr_array_unref (f->children);
    g_free (f);
}

RFollow *
r_follow_child (const RFollow *f, const char *name)
{
    if (f == NULL || name == NULL) {
        return NULL;
    }
    for (guint i = 0; i < f->children->len; i++) {
        RFollow *c = g_ptr_array_index (f->children, i);
        if (g_str_equal (c->name, name)) {
            return c;
        }
    }
    return NULL;
}

RFollow *
r_follow_parse (const char *spec)
{
    RFollow *root = follow_new ("");
    g_auto (GStrv) paths = g_strsplit (spec != NULL ? spec : "", ",", -1);

    for (char **p = paths; *p != NULL; p++) {
        g_autofree char *path = g_strstrip (g_strdup (*p));
        if (*path == '\0') {
            continue;
        }
        g_auto (GStrv) names = g_strsplit (path, ".", -1);
        RFollow *at = root;
        for (char **n = names; *n != NULL; n++) {
            RFollow *next = r_follow_child (at, *n);
            if (next == NULL) {
                next = follow_new (*n);
                g_ptr_array_add (at->children, next);
            }
            at = next;
        }
    }
    return root;
}

/* Returns the kind that following @name from @kind leads to, or R_LAST. */
static RKind
follow_target (RKind kind, const char *name)
{
    const KindDesc *d = kind_desc (kind);

    for (const RSub *s = d->subs; s != NULL && s->rel != NULL; s++) {
        if (g_str_equal (s->follow, name)) {
            return s->child;
        }
    }
    for (const RRef *r = d->refs; r != NULL && r->name != NULL; r++) {
        if (g_str_equal (r->name, name)) {
            return r->kind;
        }
    }
    return R_LAST;
}

gboolean
r_follow_validate (const RFollow *f, RKind kind, GError **error)
{
    if (f == NULL) {
        return TRUE;
    }
    for (guint i = 0; i < f->children->len; i++) {
        RFollow *c = g_ptr_array_index (f->children, i);
        RKind next = follow_target (kind, c->name);
        if (next == R_LAST || *c->name == '\0') {
            g_set_error (error, SIM_ERROR, SIM_ERROR_INVALID,
                         "Link '%s' is not valid for entity of type '%s'.", c->name,
                         kind_desc (kind)->elem);
            return FALSE;
        }
        if (!r_follow_validate (c, next, error)) {
            return FALSE;
        }
    }
    return TRUE;
}

/* ---- helpers ----------------------------------------------------------- */

/* Writes @a "/" @b [ "/" @c ] into @out (@size bytes, truncating) and
 * returns @out. A memcpy-based snprintf("%s/%s/%s") for the hot paths. */
static char *
path_join (char *out, gsize size, const char *a, const char *b, const char *c)
{
    const char *parts[3] = { a, b, c };
    gsize at = 0;

    for (int i = 0; i < 3 && parts[i] != NULL; i++) {
        gsize n = strlen (parts[i]);
        if (i > 0 && at + 1 < size) {
            out[at++] = '/';
        }
        if (at + n >= size) {
            n = size - at - 1;
        }
        memcpy (out + at, parts[i], n);
        at += n;
    }
    out[at] = '\0';
    return out;
}

static const char *
coll_of (RKind kind)
{
    return kind_desc (kind)->coll;
}

/* Writes a reference to entity (@kind, @idx) as @key: the whole entity when
 * @f follows @key, else {href, id}. Nothing when @idx < 0. */
void
r_ref (RCtx *c, const RFollow *f, const char *key, RKind kind, int idx)
{
    char prefix[64];
    char buf[40];
    RItem it = { kind, idx, 0, 0 };

    if (idx < 0) {
        return;
    }
    const char *id = r_item_id (c->m, &it, buf);
    path_join (prefix, sizeof prefix, SIM_API, coll_of (kind), NULL);
    const RFollow *sub = r_follow_child (f, key);
    if (sub != NULL) {
        char href[128];
        path_join (href, sizeof href, prefix, id, NULL);
        c->followed++;
        r_render (c, &it, key, href, sub);
        return;
    }
    jw_ref (c->w, key, prefix, id, NULL);
}

/* A reference with id and name (events), never followed. */
void
r_ref_named (RCtx *c, const char *key, RKind kind, int idx)
{
    char prefix[64];
    char buf[40];
    RItem it = { kind, idx, 0, 0 };

    if (idx < 0) {
        return;
    }
    path_join (prefix, sizeof prefix, SIM_API, coll_of (kind), NULL);
    jw_ref (c->w, key, prefix, r_item_id (c->m, &it, buf), r_item_name (c->m, &it));
}

/* Inlines every sub-collection of @it that @f follows. */
void
r_inline_subs (RCtx *c, const RItem *it, const char *href, const RFollow *f)
{
    const KindDesc *d = kind_desc (it->kind);

    if (f == NULL || f->children->len == 0) {
        return;
    }
    for (const RSub *s = d->subs; s->rel != NULL; s++) {
        const RFollow *sf = r_follow_child (f, s->follow);
        if (sf == NULL) {
            continue;
        }
        g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (RItem));
        r_list (c->m, s, it, items);
        jw_obj_begin (c->w, s->follow);
        if (items->len > 0) {
            char chref[256];
            char buf[40];
            jw_arr_begin (c->w, r_elem_key (s->child));
            for (guint i = 0; i < items->len; i++) {
                RItem *ci = &g_array_index (items, RItem, i);
                path_join (chref, sizeof chref, href, s->rel, r_item_id (c->m, ci, buf));
                r_render (c, ci, NULL, chref, sf);
            }
            c->followed += items->len;
            jw_arr_end (c->w);
        }
        jw_obj_end (c->w);
    }
}

static void
links (RCtx *c, const RItem *it, const char *href)
{
    const KindDesc *d = kind_desc (it->kind);
    char lhref[256];

    if (d->subs == NULL || d->subs->rel == NULL) {
        return;
    }
    jw_arr_begin (c->w, "link");
    for (const RSub *s = d->subs; s->rel != NULL; s++) {
        jw_obj_begin (c->w, NULL);
        path_join (lhref, sizeof lhref, href, s->rel, NULL);
        jw_str (c->w, "href", lhref);
        jw_str (c->w, "rel", s->rel);
        jw_obj_end (c->w);
    }
    jw_arr_end (c->w);
}

void
r_actions (RCtx *c, const char *href, const char *const *names)
{
    char ahref[256];

    jw_obj_begin (c->w, "actions");
    if (names != NULL && names[0] != NULL) {
        jw_arr_begin (c->w, "link");
        for (const char *const *n = names; *n != NULL; n++) {
            jw_obj_begin (c->w, NULL);
            path_join (ahref, sizeof ahref, href, *n, NULL);
            jw_str (c->w, "href", ahref);
            jw_str (c->w, "rel", *n);
            jw_obj_end (c->w);
        }
        jw_arr_end (c->w);
    }
    jw_obj_end (c->w);
}

/* Writes the trailer every entity shares: name, description, comment (each
 * when non-NULL), href, id and links. */
void
r_tail (RCtx *c, const RItem *it, const char *href, const char *name, const char *desc,
        const char *comment)
{
    char buf[40];

    if (name != NULL) {
        jw_str (c->w, "name", name);
    }
    if (desc != NULL) {
        jw_str (c->w, "description", desc);
    }
    if (comment != NULL) {
        jw_str (c->w, "comment", comment);
    }
    jw_str (c->w, "href", href);
    jw_str (c->w, "id", r_item_id (c->m, it, buf));
    links (c, it, href);
}

void
r_version (RCtx *c, const char *key, int major, int minor)
{
    jw_obj_begin (c->w, key);
    jw_int_str (c->w, "major", major);
    jw_int_str (c->w, "minor", minor);
    jw_obj_end (c->w);
}

void
r_topology (RCtx *c, int sockets, int cores, int threads)
{
    jw_obj_begin (c->w, "topology");
    jw_int_str (c->w, "cores", cores);
    jw_int_str (c->w, "sockets", sockets);
    jw_int_str (c->w, "threads", threads);
    jw_obj_end (c->w);
}

void
r_mac (RCtx *c, const char *address)
{
    jw_obj_begin (c->w, "mac");
    jw_str (c->w, "address", address);
    jw_obj_end (c->w);
}

/* ---- the API table ----------------------------------------------------- */

#define EMPTY(rel, follow) { rel, follow, R_NONE }
#define END { NULL, NULL, R_NONE }

static const RSub root_subs[] = {
    { "clusters", "clusters", R_CLUSTER }, { "cpuprofiles", "cpu_profiles", R_CPU_PROFILE },
    { "datacenters", "data_centers", R_DC }, { "diskprofiles", "disk_profiles", R_DISK_PROFILE },
    { "disks", "disks", R_DISK }, { "events", "events", R_EVENT },
    { "hosts", "hosts", R_HOST }, { "networks", "networks", R_NETWORK },
    { "storagedomains", "storage_domains", R_SD }, { "templates", "templates", R_TEMPLATE },
    { "vmpools", "vm_pools", R_POOL }, { "vms", "vms", R_VM },
    { "vnicprofiles", "vnic_profiles", R_PROFILE }, END,
};
static const RSub vm_subs[] = {
    EMPTY ("affinitylabels", "affinity_labels"), EMPTY ("applications", "applications"),
    { "cdroms", "cdroms", R_CDROM },
    { "diskattachments", "disk_attachments", R_VM_DISK_ATT },
    { "graphicsconsoles", "graphics_consoles", R_CONSOLE },
    EMPTY ("hostdevices", "host_devices"), EMPTY ("mediateddevices", "mediated_devices"),
    { "nics", "nics", R_VM_NIC }, EMPTY ("numanodes", "numa_nodes"),
    EMPTY ("permissions", "permissions"),
    { "reporteddevices", "reported_devices", R_REPORTED_DEVICE },
    EMPTY ("sessions", "sessions"), { "snapshots", "snapshots", R_SNAPSHOT },
    { "statistics", "statistics", R_VM_STAT }, EMPTY ("tags", "tags"),
    EMPTY ("watchdogs", "watchdogs"), END,
};
static const RSub host_subs[] = {
    EMPTY ("affinitylabels", "affinity_labels"), EMPTY ("devices", "devices"),
    EMPTY ("fenceagents", "fence_agents"), EMPTY ("hooks", "hooks"),
    { "networkattachments", "network_attachments", R_NET_ATT },
    { "nics", "nics", R_HOST_NIC }, EMPTY ("numanodes", "numa_nodes"),
    EMPTY ("permissions", "permissions"), { "statistics", "statistics", R_HOST_STAT },
    EMPTY ("storage", "storages"), EMPTY ("tags", "tags"),
    EMPTY ("unmanagednetworks", "unmanaged_networks"), END,
};
static const RSub cluster_subs[] = {
    EMPTY ("affinitygroups", "affinity_groups"), EMPTY ("cpuprofiles", "cpu_profiles"),
    EMPTY ("enabledfeatures", "enabled_features"), EMPTY ("glustervolumes", "gluster_volumes"),
    EMPTY ("networkfilters", "network_filters"), { "networks", "networks", R_NETWORK },
    EMPTY ("permissions", "permissions"), END,
};
static const RSub dc_subs[] = {
    { "clusters", "clusters", R_CLUSTER }, EMPTY ("iscsibonds", "iscsi_bonds"),
    { "networks", "networks", R_NETWORK }, EMPTY ("permissions", "permissions"),
    EMPTY ("qoss", "qoss"), EMPTY ("quotas", "quotas"),
    { "storagedomains", "storage_domains", R_SD }, END,
};
static const RSub sd_subs[] = {
    { "disks", "disks", R_DISK }, EMPTY ("diskprofiles", "disk_profiles"),
    EMPTY ("disksnapshots", "disk_snapshots"), EMPTY ("images", "images"),
    EMPTY ("permissions", "permissions"), EMPTY ("storageconnections", "storage_connections"),
    { "templates", "templates", R_TEMPLATE }, { "vms", "vms", R_VM }, END,
};
static const RSub disk_subs[] = {
    EMPTY ("disksnapshots", "disk_snapshots"), EMPTY ("permissions", "permissions"),
    { "statistics", "statistics", R_DISK_STAT }, END,
};
static const RSub network_subs[] = {
    EMPTY ("networklabels", "network_labels"), EMPTY ("permissions", "permissions"),
    { "vnicprofiles", "vnic_profiles", R_PROFILE }, END,
};
static const RSub profile_subs[] = { EMPTY ("permissions", "permissions"), END };
static const RSub template_subs[] = {
    EMPTY ("cdroms", "cdroms"), { "diskattachments", "disk_attachments", R_TPL_DISK_ATT },
    EMPTY ("graphicsconsoles", "graphics_consoles"), { "nics", "nics", R_TPL_NIC },
    EMPTY ("permissions", "permissions"), EMPTY ("tags", "tags"),
    EMPTY ("watchdogs", "watchdogs"), END,
};
static const RSub vm_nic_subs[] = {
    EMPTY ("networkfilterparameters", "network_filter_parameters"),
    { "statistics", "statistics", R_VM_NIC_STAT }, END,
};
static const RSub tpl_nic_subs[] = {
    EMPTY ("networkfilterparameters", "network_filter_parameters"), END,
};
static const RSub host_nic_subs[] = {
    EMPTY ("networklabels", "network_labels"), { "statistics", "statistics", R_HOST_NIC_STAT },
    EMPTY ("virtualfunctionallowedlabels", "virtual_function_allowed_labels"),
    EMPTY ("virtualfunctionallowednetworks", "virtual_function_allowed_networks"), END,
};
static const RSub snapshot_subs[] = {
    EMPTY ("cdroms", "cdroms"), EMPTY ("disks", "disks"), EMPTY ("nics", "nics"), END,
};
static const RSub no_subs[] = { END };
static const RSub perm_subs[] = { EMPTY ("permissions", "permissions"), END };

static const RRef vm_refs[] = {
    { "cluster", R_CLUSTER }, { "cpu_profile", R_CPU_PROFILE }, { "host", R_HOST },
    { "original_template", R_TEMPLATE }, { "template", R_TEMPLATE }, { "vm_pool", R_POOL },
    { NULL, R_NONE },
};
static const RRef pool_refs[] = {
    { "cluster", R_CLUSTER }, { "template", R_TEMPLATE }, { NULL, R_NONE },
};
static const RRef cluster_refs[] = { { "cluster", R_CLUSTER }, { NULL, R_NONE } };
static const RRef dc_refs[] = { { "data_center", R_DC }, { NULL, R_NONE } };
static const RRef network_refs[] = {
    { "data_center", R_DC }, { "cluster", R_CLUSTER }, { NULL, R_NONE },
};
static const RRef disk_refs[] = {
    { "storage_domains", R_SD }, { "disk_profile", R_DISK_PROFILE }, { NULL, R_NONE },
};
static const RRef sd_refs[] = { { "storage_domain", R_SD }, { NULL, R_NONE } };
static const RRef profile_refs[] = { { "network", R_NETWORK }, { NULL, R_NONE } };
static const RRef att_refs[] = {
    { "disk", R_DISK }, { "vm", R_VM }, { "template", R_TEMPLATE }, { NULL, R_NONE },
};
static const RRef nic_refs[] = {
    { "vm", R_VM }, { "template", R_TEMPLATE }, { "vnic_profile", R_PROFILE },
    { NULL, R_NONE },
};
static const RRef vm_only_refs[] = { { "vm", R_VM }, { NULL, R_NONE } };
static const RRef host_nic_refs[] = {
    { "host", R_HOST }, { "network", R_NETWORK }, { NULL, R_NONE },
};
static const RRef no_refs[] = { { NULL, R_NONE } };

static const KindDesc kinds[R_LAST] = {
    [R_ROOT] = { "api", NULL, root_subs, no_refs, NULL },
    [R_VM] = { "vm", "vms", vm_subs, vm_refs, r_render_vm },
    [R_HOST] = { "host", "hosts", host_subs, cluster_refs, r_render_host },
    [R_CLUSTER] = { "cluster", "clusters", cluster_subs, dc_refs, r_render_cluster },
    [R_DC] = { "data_center", "datacenters", dc_subs, no_refs, r_render_dc },
    [R_SD] = { "storage_domain", "storagedomains", sd_subs, dc_refs, r_render_sd },
    [R_DISK] = { "disk", "disks", disk_subs, disk_refs, r_render_disk },
    [R_NETWORK] = { "network", "networks", network_subs, network_refs, r_render_network },
    [R_PROFILE] = { "vnic_profile", "vnicprofiles", profile_subs, profile_refs,
                    r_render_profile },
    [R_TEMPLATE] = { "template", "templates", template_subs, cluster_refs, r_render_template },
    [R_EVENT] = { "event", "events", no_subs, no_refs, r_render_event },
    [R_CPU_PROFILE] = { "cpu_profile", "cpuprofiles", perm_subs, cluster_refs,
                        r_render_cpu_profile },
    [R_DISK_PROFILE] = { "disk_profile", "diskprofiles", perm_subs, sd_refs,
                         r_render_disk_profile },
    [R_POOL] = { "vm_pool", "vmpools", perm_subs, pool_refs, r_render_pool },
    [R_VM_DISK_ATT] = { "disk_attachment", NULL, no_subs, att_refs, r_render_disk_att },
    [R_TPL_DISK_ATT] = { "disk_attachment", NULL, no_subs, att_refs, r_render_disk_att },
    [R_VM_NIC] = { "nic", NULL, vm_nic_subs, nic_refs, r_render_nic },
    [R_TPL_NIC] = { "nic", NULL, tpl_nic_subs, nic_refs, r_render_nic },
    [R_SNAPSHOT] = { "snapshot", NULL, snapshot_subs, vm_only_refs, r_render_snapshot },
    [R_HOST_NIC] = { "host_nic", NULL, host_nic_subs, host_nic_refs, r_render_host_nic },
    [R_NET_ATT] = { "network_attachment", NULL, no_subs, host_nic_refs, r_render_net_att },
    [R_VM_STAT] = { "statistic", NULL, no_subs, no_refs, r_render_stat },
    [R_HOST_STAT] = { "statistic", NULL, no_subs, no_refs, r_render_stat },
    [R_HOST_NIC_STAT] = { "statistic", NULL, no_subs, no_refs, r_render_stat },
    [R_VM_NIC_STAT] = { "statistic", NULL, no_subs, no_refs, r_render_stat },
    [R_DISK_STAT] = { "statistic", NULL, no_subs, no_refs, r_render_stat },
    [R_REPORTED_DEVICE] = { "reported_device", NULL, no_subs, vm_only_refs,
                            r_render_reported_device },
    [R_CONSOLE] = { "graphics_console", NULL, no_subs, vm_only_refs, r_render_console },
    [R_CDROM] = { "cdrom", NULL, no_subs, vm_only_refs, r_render_cdrom },
    [R_NONE] = { "none", NULL, no_subs, no_refs, r_render_none },
};

static const KindDesc *
kind_desc (RKind kind)
{
    return &kinds[kind];
}

const char *
r_elem_key (RKind kind)
{
    return kinds[kind].elem;
}

const RSub *
r_find_sub (RKind kind, const char *rel)
{
    for (const RSub *s = kinds[kind].subs; s != NULL && s->rel != NULL; s++) {
        if (g_str_equal (s->rel, rel)) {
            return s;
        }
    }
    return NULL;
}

void
r_render (RCtx *c, const RItem *item, const char *key, const char *href,
          const RFollow *follow)
{
    kinds[item->kind].render (c, item, key, href, follow);
}

/* ---- root, actions, faults -------------------------------------------- */

static void
summary_pair (RCtx *c, const char *key, int active, int total)
{
    jw_obj_begin (c->w, key);
    jw_int_str (c->w, "active", active);
    jw_int_str (c->w, "total", total);
    jw_obj_end (c->w);
}

void
r_render_root (RCtx *c)
{
    JsonW *w = c->w;
    SimModel *m = c->m;
    int hosts_up = 0;
    int vms_up = 0;
    int sds_up = 0;
    char href[128];

    for (guint i = 0; i < m->hosts->len; i++) {
        hosts_up += g_str_equal (SIM_AT (m->hosts, SimHost, i)->status, "up");
    }
    for (guint i = 0; i < m->vms->len; i++) {
        vms_up += SIM_AT (m->vms, SimVm, i)->host >= 0;
    }
    for (guint i = 0; i < m->sds->len; i++) {
        sds_up += g_str_equal (SIM_AT (m->sds, SimStorageDomain, i)->dc_status, "active");
    }
    jw_obj_begin (w, NULL);
    jw_obj_begin (w, "product_info");
    jw_str (w, "instance_id", "5b1ee2d4-0a31-4b63-9a6b-4c1d8c7d6e10");
    jw_str (w, "name", "oVirt Engine");
    jw_str (w, "vendor", "ovirt.org");
    jw_obj_begin (w, "version");
    jw_int_str (w, "build", 4);
    jw_str (w, "full_version", "4.5.4-1.el8");
    jw_int_str (w, "major", 4);
    jw_int_str (w, "minor", 5);
    jw_int_str (w, "revision", 0);
    jw_obj_end (w);
    jw_obj_end (w);
    jw_obj_begin (w, "special_objects");
    r_ref (c, NULL, "blank_template", R_TEMPLATE, 0);
    jw_obj_end (w);
    jw_obj_begin (w, "summary");
    summary_pair (c, "hosts", hosts_up, (int) m->hosts->len);
    summary_pair (c, "storage_domains", sds_up, (int) m->sds->len);
    summary_pair (c, "users", 1, 1);
    summary_pair (c, "vms", vms_up, (int) m->vms->len);
    jw_obj_end (w);
    jw_num (w, "time", SIM_NOW_MS);
    jw_arr_begin (w, "link");
    for (const RSub *s = root_subs; s->rel != NULL; s++) {
        for (int search = 0; search < 2; search++) {
            jw_obj_begin (w, NULL);
            snprintf (href, sizeof href, SIM_API "/%s%s", s->rel,
                      search ? "?search={query}" : "");
            jw_str (w, "href", href);
            snprintf (href, sizeof href, "%s%s", s->rel, search ? "/search" : "");
            jw_str (w, "rel", href);
            jw_obj_end (w);
        }
    }
    jw_arr_end (w);
    jw_obj_end (w);
}

void
r_render_action (RCtx *c, const char *vm_id, const char *action)
{
    JsonW *w = c->w;
    char seed[96];
    char jid[37];

    /* a stable job id derived from the VM and the action (not served) */
    snprintf (seed, sizeof seed, "%s/%s", vm_id, action);
    r_name_uuid (seed, jid);
    jw_obj_begin (w, NULL);
    jw_bool_str (w, "async", FALSE);
    jw_obj_begin (w, "grace_period");
    jw_int_str (w, "expiry", 10);
    jw_obj_end (w);
    jw_ref (w, "job", SIM_API "/jobs", jid, NULL);
    jw_str (w, "status", "complete");
    jw_ref (w, "vm", SIM_API "/vms", vm_id, NULL);
    jw_obj_end (w);
}

void
r_render_fault (JsonW *w, const char *reason, const char *detail)
{
    jw_obj_begin (w, NULL);
    jw_str (w, "detail", detail);
    jw_str (w, "reason", reason);
    jw_obj_end (w);
}

