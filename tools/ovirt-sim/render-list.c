/* render-list.c — the members of every collection and sub-collection of
 * the simulated API, and lookup of one member by id, with the ids, names
 * and statuses that search and the routes need.  Reads the model only.
 */
#include "render-private.h"

#include <stdio.h>
#include <string.h>

/* ---- listing and lookup ------------------------------------------------ */

static void
push (GArray *out, RKind kind, int idx, int sub, int ctx)
{
    RItem it = { kind, idx, sub, ctx };

    g_array_append_val (out, it);
}

static void
push_all (GArray *out, RKind kind, guint n)
{
    for (guint i = 0; i < n; i++) {
        push (out, kind, (int) i, 0, 0);
    }
}

static void
push_ints (GArray *out, RKind kind, GArray *ints)
{
    for (guint i = 0; i < ints->len; i++) {
        push (out, kind, g_array_index (ints, int, i), 0, 0);
    }
}

void
r_list (SimModel *m, const RSub *sub, const RItem *parent, GArray *out)
{
    RKind child = sub->child;
    int p = parent->idx;

    if (child == R_NONE) {
        return;
    }
    switch (parent->kind) {
    case R_ROOT:
        switch (child) {
        case R_VM: push_all (out, child, m->vms->len); break;
        case R_HOST: push_all (out, child, m->hosts->len); break;
        case R_CLUSTER: push_all (out, child, m->clusters->len); break;
        case R_CPU_PROFILE: push_all (out, child, m->clusters->len); break;
        case R_DISK_PROFILE: push_all (out, child, m->sds->len); break;
        case R_POOL: push_all (out, child, m->pools->len); break;
        case R_DC: push_all (out, child, m->dcs->len); break;
        case R_SD: push_all (out, child, m->sds->len); break;
        case R_DISK: push_all (out, child, m->disks->len); break;
        case R_NETWORK: push_all (out, child, m->networks->len); break;
        case R_PROFILE: push_all (out, child, m->profiles->len); break;
        case R_TEMPLATE: push_all (out, child, m->templates->len); break;
        case R_EVENT:
            for (guint i = m->events->len; i > 0; i--) {   /* newest first */
                push (out, child, (int) i - 1, 0, 0);
            }
            break;
        default: break;
        }
        return;
    case R_VM: {
        const SimVm *v = SIM_AT (m->vms, SimVm, p);
        switch (child) {
        case R_VM_DISK_ATT: push_ints (out, child, v->disk_atts); break;
        case R_VM_NIC: push_ints (out, child, v->nics); break;
        case R_SNAPSHOT: push_ints (out, child, v->snaps); break;
        case R_CDROM: push (out, child, p, 0, 0); break;
        case R_CONSOLE: push (out, child, p, 0, 0); break;
        case R_REPORTED_DEVICE:
            if (v->host >= 0 && v->agent) {
                for (guint i = 0; i < v->nics->len; i++) {
                    push (out, child, p, (int) i, 0);
                }
            }
            break;
        default: break;
        }
        break;
    }
    case R_HOST: {
        const SimHost *h = SIM_AT (m->hosts, SimHost, p);
        if (child == R_HOST_NIC) {
            for (int i = 0; i < h->n_nics; i++) {
                push (out, child, h->first_nic + i, 0, 0);
            }
        } else if (child == R_NET_ATT) {
            for (guint i = 0; i < m->net_atts->len; i++) {
                if (SIM_AT (m->net_atts, SimNetAttachment, i)->host == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        }
        break;
    }
    case R_CLUSTER:
        if (child == R_NETWORK) {
            int dc = SIM_AT (m->clusters, SimCluster, p)->dc;
            for (guint i = 0; i < m->networks->len; i++) {
                if (SIM_AT (m->networks, SimNetwork, i)->dc == dc) {
                    push (out, child, (int) i, 0, p + 1);
                }
            }
        }
        break;
    case R_DC:
        if (child == R_SD) {
            for (guint i = 0; i < m->sds->len; i++) {
                if (SIM_AT (m->sds, SimStorageDomain, i)->dc == p) {
                    push (out, child, (int) i, 0, 1);
                }
            }
        } else if (child == R_CLUSTER) {
            for (guint i = 0; i < m->clusters->len; i++) {
                if (SIM_AT (m->clusters, SimCluster, i)->dc == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        } else if (child == R_NETWORK) {
            for (guint i = 0; i < m->networks->len; i++) {
                if (SIM_AT (m->networks, SimNetwork, i)->dc == p) {
                    push (out, child, (int) i, 0, 0);
                }
            }
        }
        break;
    case R_SD: {
        const SimStorageDomain *sd = SIM_AT (m->sds, SimStorageDomain, p);
        if (child == R_VM) {
            push_ints (out, child, sd->vms);
        } else if (child == R_DISK) {
            push_ints (out, child, sd->disks);
        } else if (child == R_TEMPLATE) {
            push_ints (out, child, sd->templates);
        }
        break;
    }
    case R_NETWORK:
        for (guint i = 0; i < m->profiles->len; i++) {
            if (SIM_AT (m->profiles, SimVnicProfile, i)->network == p) {
                push (out, child, (int) i, 0, 0);
            }
        }
        break;
    case R_TEMPLATE: {
        const SimTemplate *t = SIM_AT (m->templates, SimTemplate, p);
        if (child == R_TPL_DISK_ATT) {
            push_ints (out, child, t->disk_atts);
        } else if (child == R_TPL_NIC) {
            push_ints (out, child, t->nics);
        }
        break;
    }
    default:
        break;
    }
    switch (child) {
    case R_VM_STAT:
    case R_HOST_STAT:
    case R_HOST_NIC_STAT:
    case R_VM_NIC_STAT:
    case R_DISK_STAT:
        for (int k = 0; k < r_stat_count (r_stat_owner (child)); k++) {
            push (out, child, p, k, 0);
        }
        break;
    default:
        break;
    }
}

static SimKind
sim_kind_of (RKind kind)
{
    switch (kind) {
    case R_VM: return SIM_KIND_VM;
    case R_HOST: return SIM_KIND_HOST;
    case R_CLUSTER: return SIM_KIND_CLUSTER;
    case R_DC: return SIM_KIND_DC;
    case R_SD: return SIM_KIND_SD;
    case R_DISK: return SIM_KIND_DISK;
    case R_NETWORK: return SIM_KIND_NETWORK;
    case R_PROFILE: return SIM_KIND_PROFILE;
    case R_TEMPLATE: return SIM_KIND_TEMPLATE;
    case R_EVENT: return SIM_KIND_EVENT;
    case R_CPU_PROFILE: return SIM_KIND_CPU_PROFILE;
    case R_DISK_PROFILE: return SIM_KIND_DISK_PROFILE;
    case R_POOL: return SIM_KIND_POOL;
    default: return SIM_KIND_LAST;
    }
}

gboolean
r_find_member (SimModel *m, const RSub *sub, const RItem *parent, const char *id,
               RItem *out)
{
    char buf[40];

    if (parent->kind == R_ROOT) {
        int idx = sim_model_find (m, sim_kind_of (sub->child), id);
        if (idx < 0) {
            return FALSE;
        }
        *out = (RItem) { sub->child, idx, 0, 0 };
        return TRUE;
    }
    g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (RItem));
    r_list (m, sub, parent, items);
    for (guint i = 0; i < items->len; i++) {
        RItem *it = &g_array_index (items, RItem, i);
        if (g_str_equal (r_item_id (m, it, buf), id)) {
            *out = *it;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
r_item_id (SimModel *m, const RItem *it, char *buf)
{
    switch (it->kind) {
    case R_VM: return SIM_AT (m->vms, SimVm, it->idx)->id.s;
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->id.s;
    case R_CLUSTER: return SIM_AT (m->clusters, SimCluster, it->idx)->id.s;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->id.s;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->id.s;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->id.s;
    case R_NETWORK: return SIM_AT (m->networks, SimNetwork, it->idx)->id.s;
    case R_PROFILE: return SIM_AT (m->profiles, SimVnicProfile, it->idx)->id.s;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->id.s;
    case R_CPU_PROFILE: return SIM_AT (m->clusters, SimCluster, it->idx)->cpu_profile_id.s;
    case R_POOL: return SIM_AT (m->pools, SimPool, it->idx)->id.s;
    case R_DISK_PROFILE:
        return SIM_AT (m->sds, SimStorageDomain, it->idx)->disk_profile_id.s;
    case R_EVENT:
        snprintf (buf, 40, "%d", SIM_AT (m->events, SimEvent, it->idx)->index);
        return buf;
    case R_VM_DISK_ATT:
    case R_TPL_DISK_ATT: {
        int disk = SIM_AT (m->disk_atts, SimDiskAttachment, it->idx)->disk;
        return SIM_AT (m->disks, SimDisk, disk)->id.s;
    }
    case R_VM_NIC:
    case R_TPL_NIC: return SIM_AT (m->nics, SimNic, it->idx)->id.s;
    case R_SNAPSHOT: return SIM_AT (m->snaps, SimSnapshot, it->idx)->id.s;
    case R_HOST_NIC: return SIM_AT (m->host_nics, SimHostNic, it->idx)->id.s;
    case R_NET_ATT: return SIM_AT (m->net_atts, SimNetAttachment, it->idx)->id.s;
    case R_VM_STAT:
    case R_HOST_STAT:
    case R_HOST_NIC_STAT:
    case R_VM_NIC_STAT:
    case R_DISK_STAT: {
        int n;
        return r_stat_defs (r_stat_owner (it->kind), &n)[it->sub].id;
    }
    case R_REPORTED_DEVICE: {
        char name[64];
        snprintf (name, sizeof name, "%s/eth%d", SIM_AT (m->vms, SimVm, it->idx)->id.s,
                  it->sub);
        r_name_uuid (name, buf);
        return buf;
    }
    case R_CONSOLE: {
        /* the engine's console id is the protocol name in hex */
        const char *p = SIM_AT (m->vms, SimVm, it->idx)->display;
        char *o = buf;
        for (; *p != '\0'; p++) {
            o += snprintf (o, 3, "%02x", (unsigned char) *p);
        }
        return buf;
    }
    case R_CDROM: return SIM_BLANK_ID;
    default: return "";
    }
}

const char *
r_item_name (SimModel *m, const RItem *it)
{
    switch (it->kind) {
    case R_VM: return SIM_AT (m->vms, SimVm, it->idx)->name;
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->name;
    case R_CLUSTER: return SIM_AT (m->clusters, SimCluster, it->idx)->name;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->name;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->name;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->name;
    case R_NETWORK: return SIM_AT (m->networks, SimNetwork, it->idx)->name;
    case R_PROFILE: return SIM_AT (m->profiles, SimVnicProfile, it->idx)->name;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->name;
    case R_EVENT: return SIM_AT (m->events, SimEvent, it->idx)->description;
    case R_CPU_PROFILE: return SIM_AT (m->clusters, SimCluster, it->idx)->name;
    case R_POOL: return SIM_AT (m->pools, SimPool, it->idx)->name;
    case R_DISK_PROFILE: return SIM_AT (m->sds, SimStorageDomain, it->idx)->name;
    case R_VM_NIC:
    case R_TPL_NIC: return SIM_AT (m->nics, SimNic, it->idx)->name;
    case R_HOST_NIC: return SIM_AT (m->host_nics, SimHostNic, it->idx)->name;
    case R_SNAPSHOT: return SIM_AT (m->snaps, SimSnapshot, it->idx)->description;
    default: return NULL;
    }
}

const char *
r_item_status (SimModel *m, const RItem *it)
{
    switch (it->kind) {
    case R_VM: return sim_vm_status_name (SIM_AT (m->vms, SimVm, it->idx)->status);
    case R_HOST: return SIM_AT (m->hosts, SimHost, it->idx)->status;
    case R_DC: return SIM_AT (m->dcs, SimDataCenter, it->idx)->status;
    case R_SD: return SIM_AT (m->sds, SimStorageDomain, it->idx)->dc_status;
    case R_DISK: return SIM_AT (m->disks, SimDisk, it->idx)->status;
    case R_TEMPLATE: return SIM_AT (m->templates, SimTemplate, it->idx)->status;
    case R_EVENT: return SIM_AT (m->events, SimEvent, it->idx)->severity;
    default: return NULL;
    }
}

