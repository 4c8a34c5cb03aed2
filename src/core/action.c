/* action.c — runs one VM action on many VMs through the back-ends'
 * VinvBackendActions, and waits for each VM's target state.
 *
 * One worker thread per source: it opens a read-write back-end (the front
 * end's callback), asks it to perform the action on that source's items
 * (the back-end bounds its own parallelism), then polls the pending items
 * until each reached its target, the shared deadline passed, or the run
 * was cancelled.  Items of different sources never share a connection.
 */
#include "action.h"

#include "backend.h"
#include "secret.h"
#include "tables.h"

typedef struct {
    const char *name;
    const char *describe;
    const char *table;
    const char *target;
} KindInfo;

static const KindInfo kinds[VINV_ACTION_LAST] = {
    [VINV_ACTION_START] = { "start", "start (power on) the VM", "vms", "up" },
    [VINV_ACTION_SHUTDOWN] = { "shutdown", "shut the guest down gracefully (needs its "
                               "cooperation: ACPI or guest agent)", "vms", "down" },
    [VINV_ACTION_STOP] = { "stop", "power the VM off at once (like pulling the plug)",
                           "vms", "down" },
    [VINV_ACTION_REBOOT] = { "reboot", "reboot the guest", "vms", "up" },
    [VINV_ACTION_SUSPEND] = { "suspend", "save the VM's memory to disk and stop it "
                              "(oVirt: hibernate; libvirt: managed save)", "vms",
                              "suspended" },
    [VINV_ACTION_PAUSE] = { "pause", "pause the VM's CPUs, keeping it in memory (libvirt)",
                            "vms", "paused" },
    [VINV_ACTION_RESUME] = { "resume", "resume a paused VM (libvirt)", "vms", "up" },
    [VINV_ACTION_SNAPSHOT] = { "snapshot", "create a snapshot (--description, --memory)",
                               "vms", "ok" },
    [VINV_ACTION_SNAPSHOT_DELETE] = { "snapshot-delete", "delete snapshots (acts on the "
                                      "Snapshots table)", "snapshots", "removed" },
    [VINV_ACTION_MIGRATE] = { "migrate", "live-migrate the VM (--host, or the engine "
                              "chooses)", "vms", "up" },
};

const char *
vinv_action_kind_to_string (VinvActionKind kind)
{
    return kind < VINV_ACTION_LAST ? kinds[kind].name : NULL;
}

gboolean
vinv_action_kind_from_string (const char *name, VinvActionKind *kind)
{
    g_autofree char *norm = g_ascii_strdown (name, -1);

    g_strdelimit (norm, "_", '-');
    for (guint k = 0; k < VINV_ACTION_LAST; k++) {
        if (g_str_equal (norm, kinds[k].name)) {
            *kind = k;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
vinv_action_kind_describe (VinvActionKind kind)
{
    return kind < VINV_ACTION_LAST ? kinds[kind].describe : NULL;
}

const char *
vinv_action_kind_table (VinvActionKind kind)
{
    return kind < VINV_ACTION_LAST ? kinds[kind].table : "vms";
}

const char *
vinv_action_target_name (const VinvAction *action)
{
    return kinds[action->kind].target;
}

gboolean
vinv_action_target_reached (const VinvAction *action, const VinvActionItem *item)
{
    switch (action->kind) {
    case VINV_ACTION_SNAPSHOT_DELETE:
        return item->state == NULL;
    case VINV_ACTION_SNAPSHOT:
        return g_strcmp0 (item->state, "ok") == 0;
    default:
        return g_strcmp0 (item->state, kinds[action->kind].target) == 0;
    }
}

VinvActionItem *
vinv_action_item_new (const char *source, const char *vm_id, const char *vm_name,
                      const char *snapshot_id, const char *state_before)
{
    VinvActionItem *item = g_new0 (VinvActionItem, 1);

    item->source = g_strdup (source);
    item->vm_id = g_strdup (vm_id);
    item->vm_name = g_strdup (vm_name);
    item->snapshot_id = g_strdup (snapshot_id);
    item->state_before = g_strdup (state_before);
    item->state = g_strdup (state_before);
    return item;
}

/* The text of a string or reference cell, or NULL. */
static char *
cell_text (VinvTable *table, guint row, guint col)
{
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    if (cell->kind == VINV_CELL_STRING)
        return g_strdup (cell->v.s);
    if (cell->kind == VINV_CELL_REF)
        return g_strdup (cell->v.ref->text);
    return NULL;
}

VinvActionItem *
vinv_action_item_new_for_row (VinvTable *table, guint row, VinvActionKind kind)
{
    const char *source = vinv_table_get_row_source (table, row);
    const char *id = vinv_table_get_row_id (table, row);

    if (kind == VINV_ACTION_SNAPSHOT_DELETE) {
        const VinvCell *vm = vinv_table_get_cell (table, row, VINV_SNAP_VM);
        g_autofree char *status = cell_text (table, row, VINV_SNAP_STATUS);
        g_autofree char *desc = cell_text (table, row, VINV_SNAP_DESCRIPTION);
        const char *vm_id = vm->kind == VINV_CELL_REF ? vm->v.ref->id : NULL;
        g_autofree char *label = g_strdup_printf (
            "%s: %s", vm->kind == VINV_CELL_REF ? vm->v.ref->text : "?", desc != NULL ? desc : id);
        return vinv_action_item_new (source, vm_id, label, id, status);
    }
    g_autofree char *name = cell_text (table, row, VINV_VM_NAME);
    g_autofree char *status = cell_text (table, row, VINV_VM_STATUS);
    return vinv_action_item_new (source, id, name != NULL ? name : id, NULL, status);
}

void
vinv_action_item_free (VinvActionItem *item)
{
    if (item == NULL)
        return;
    g_free (item->source);
    g_free (item->vm_id);
    g_free (item->vm_name);
    g_free (item->snapshot_id);
    g_free (item->state_before);
    g_free (item->reason);
    g_free (item->new_id);
    g_free (item->state);
    g_free (item);
}

/* ---- the run ------------------------------------------------------------ */

typedef struct {
    const VinvAction *action;
    const VinvActionRunOptions *options;
    VinvActionOpenFunc open;
    gpointer open_data;
    VinvActionNotifyFunc notify;
    gpointer notify_data;
    GCancellable *cancellable;
    gint64 start_us;
    gint64 deadline_us;          /* monotonic */
    GMutex notify_lock;
} Run;

typedef struct {
    Run *run;
    char *source;
    GPtrArray *items;            /* of VinvActionItem *, borrowed */
} SourceJob;

static void
finish (Run *run, VinvActionItem *item, VinvActionOutcome outcome, const char *reason)
{
    if (item->outcome != VINV_ACTION_OUTCOME_PENDING)
        return;
    item->outcome = outcome;
    if (reason != NULL && item->reason == NULL)
        item->reason = g_strdup (reason);
    item->elapsed_ms = (g_get_monotonic_time () - run->start_us) / 1000;
    if (run->notify != NULL) {
        g_mutex_lock (&run->notify_lock);
        run->notify (item, run->notify_data);
        g_mutex_unlock (&run->notify_lock);
    }
}

static void
fail_all (Run *run, GPtrArray *items, VinvActionOutcome outcome, const char *reason)
{
    for (guint i = 0; i < items->len; i++)
        finish (run, g_ptr_array_index (items, i), outcome, reason);
}

/* Sleeps about @ms, in slices, returning early if the run is cancelled. */
static void
nap (Run *run, guint ms)
{
    gint64 until = g_get_monotonic_time () + (gint64) ms * 1000;

    while (!g_cancellable_is_cancelled (run->cancellable)) {
        gint64 left = until - g_get_monotonic_time ();
        if (left <= 0)
            break;
        g_usleep ((gulong) MIN (left, 50 * 1000));
    }
}

static void
run_source (SourceJob *job)
{
    Run *run = job->run;
    const VinvActionRunOptions *o = run->options;
    g_autoptr (GError) error = NULL;
    VinvBackend *backend = run->open (job->source, run->open_data, &error);

    if (backend == NULL) {
        fail_all (run, job->items, VINV_ACTION_OUTCOME_FAILED,
                  error != NULL ? error->message : "cannot connect");
        return;
    }
    const VinvBackendActions *actions = backend->klass->actions;
    if (actions == NULL || (actions->supported & VINV_ACTION_BIT (run->action->kind)) == 0) {
        g_autofree char *why = g_strdup_printf ("the %s back-end cannot %s",
                                                backend->klass->name,
                                                kinds[run->action->kind].name);
        fail_all (run, job->items, VINV_ACTION_OUTCOME_FAILED, why);
        vinv_backend_close (backend);
        return;
    }

    guint parallel = o->parallel > 0 ? o->parallel : 4;
    if (!actions->perform (backend, run->action, (VinvActionItem **) job->items->pdata,
                           job->items->len, parallel, run->cancellable, &error)) {
        gboolean cancelled = g_cancellable_is_cancelled (run->cancellable);
        fail_all (run, job->items,
                  cancelled ? VINV_ACTION_OUTCOME_CANCELLED : VINV_ACTION_OUTCOME_FAILED,
                  error->message);
        vinv_backend_close (backend);
        return;
    }

    g_autoptr (GPtrArray) pending = g_ptr_array_new ();
    for (guint i = 0; i < job->items->len; i++) {
        VinvActionItem *item = g_ptr_array_index (job->items, i);
        if (!item->accepted)
            finish (run, item, VINV_ACTION_OUTCOME_FAILED,
                    item->reason != NULL ? item->reason : "refused");
        else if (!o->wait)
            finish (run, item, VINV_ACTION_OUTCOME_DONE, NULL);
        else
            g_ptr_array_add (pending, item);
    }

    guint interval = o->poll_interval_ms > 0 ? o->poll_interval_ms : 500;
    while (pending->len > 0) {
        if (g_cancellable_is_cancelled (run->cancellable)) {
            fail_all (run, pending, VINV_ACTION_OUTCOME_CANCELLED, "cancelled while waiting");
            break;
        }
        g_clear_error (&error);
        if (!actions->poll (backend, run->action, (VinvActionItem **) pending->pdata,
                            pending->len, parallel, run->cancellable, &error)) {
            if (g_cancellable_is_cancelled (run->cancellable))
                continue;
            g_debug ("polling %s: %s", job->source, error->message);
        }
        for (guint i = pending->len; i > 0; i--) {
            VinvActionItem *item = g_ptr_array_index (pending, i - 1);
            if (vinv_action_target_reached (run->action, item)) {
                finish (run, item, VINV_ACTION_OUTCOME_DONE, NULL);
                g_ptr_array_remove_index (pending, i - 1);
            }
        }
        if (pending->len == 0)
            break;
        if (g_get_monotonic_time () >= run->deadline_us) {
            for (guint i = 0; i < pending->len; i++) {
                VinvActionItem *item = g_ptr_array_index (pending, i);
                g_autofree char *why = g_strdup_printf (
                    "still %s after %u s (waiting for %s)",
                    item->state != NULL ? item->state : "gone",
                    o->timeout_s > 0 ? o->timeout_s : 300, kinds[run->action->kind].target);
                finish (run, item, VINV_ACTION_OUTCOME_TIMED_OUT, why);
            }
            break;
        }
        gint64 left_ms = (run->deadline_us - g_get_monotonic_time ()) / 1000;
        nap (run, (guint) MAX (1, MIN ((gint64) interval, left_ms)));
    }
    vinv_backend_close (backend);
}

static gpointer
source_thread (gpointer data)
{
    run_source (data);
    return NULL;
}

gboolean
vinv_action_run (const VinvAction *action, GPtrArray *items,
                 const VinvActionRunOptions *options, VinvActionOpenFunc open,
                 gpointer open_data, VinvActionNotifyFunc notify, gpointer notify_data,
                 GCancellable *cancellable)
{
    static const VinvActionRunOptions defaults = { .wait = TRUE };
    const VinvActionRunOptions *o = options != NULL ? options : &defaults;
    Run run = {
        .action = action,
        .options = o,
        .open = open,
        .open_data = open_data,
        .notify = notify,
        .notify_data = notify_data,
        .cancellable = cancellable,
        .start_us = g_get_monotonic_time (),
    };
    g_autoptr (GPtrArray) jobs = g_ptr_array_new ();
    g_autoptr (GPtrArray) threads = g_ptr_array_new ();
    gboolean all_done = TRUE;

    run.deadline_us = run.start_us + (gint64) (o->timeout_s > 0 ? o->timeout_s : 300)
                                     * G_USEC_PER_SEC;
    g_mutex_init (&run.notify_lock);

    /* group by source, keeping the order of first appearance */
    for (guint i = 0; i < items->len; i++) {
        VinvActionItem *item = g_ptr_array_index (items, i);
        SourceJob *job = NULL;
        item->outcome = VINV_ACTION_OUTCOME_PENDING;
        for (guint j = 0; j < jobs->len && job == NULL; j++) {
            SourceJob *candidate = g_ptr_array_index (jobs, j);
            if (g_strcmp0 (candidate->source, item->source) == 0)
                job = candidate;
        }
        if (job == NULL) {
            job = g_new0 (SourceJob, 1);
            job->run = &run;
            job->source = g_strdup (item->source);
            job->items = g_ptr_array_new ();
            g_ptr_array_add (jobs, job);
        }
        g_ptr_array_add (job->items, item);
    }

    for (guint j = 0; j < jobs->len; j++)
        g_ptr_array_add (threads, vinv_secret_thread_new ("vinv-action", source_thread,
                                                          g_ptr_array_index (jobs, j)));
    for (guint j = 0; j < threads->len; j++)
        vinv_secret_thread_join (g_ptr_array_index (threads, j));

    for (guint j = 0; j < jobs->len; j++) {
        SourceJob *job = g_ptr_array_index (jobs, j);
        g_ptr_array_unref (job->items);
        g_free (job->source);
        g_free (job);
    }
    for (guint i = 0; i < items->len; i++) {
        VinvActionItem *item = g_ptr_array_index (items, i);
        all_done = all_done && item->outcome == VINV_ACTION_OUTCOME_DONE;
    }
    g_mutex_clear (&run.notify_lock);
    return all_done;
}
