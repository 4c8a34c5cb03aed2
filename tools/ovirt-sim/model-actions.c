/* model-actions.c — VM actions on the simulated model: the engine's power
 * state machine with intermediate states that settle after the configured
 * delay, migration, and snapshots added and removed (model.h).
 *
 * A state change is recorded with the time it settles, and
 * sim_model_settle() applies what is due; each entry point's locking is
 * as model.h says.
 */
#include "model-private.h"

#include <stdio.h>
#include <string.h>

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
    sim_append_int (m->pending, entry);
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
    sim_make_uuid (&ids, &s.id);
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
    sim_index_id (m, SIM_KIND_SNAPSHOT, &s.id, index);
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

