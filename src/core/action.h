/* action.h — VM actions: what a back-end offers, and the core's executor
 * that runs one action on many VMs, in parallel, and waits for each to
 * reach its target state.
 *
 * Sits between the front ends (which choose the VMs from a view, show the
 * plan and ask for confirmation) and the back-ends (which implement
 * VinvBackendActions: start the action on a batch of VMs, then read their
 * states back).  The executor knows no protocol; a back-end knows nothing
 * of plans, confirmation or waiting.  States are the VMs table's Status
 * vocabulary ("up", "down", "paused", "suspended", ...), snapshot states
 * the Snapshots table's ("ok", "locked").
 *
 * Safety rules (DESIGN §14) are the front end's job before it calls
 * vinv_action_run(): a plan first, then confirmation or --yes, and actions
 * only on profiles that allow them.  This module never decides which VMs
 * to act on.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
    VINV_ACTION_START,
    VINV_ACTION_SHUTDOWN,        /* graceful, guest-cooperative */
    VINV_ACTION_STOP,            /* power off */
    VINV_ACTION_REBOOT,
    VINV_ACTION_SUSPEND,         /* oVirt: hibernate; libvirt: managed save */
    VINV_ACTION_PAUSE,           /* libvirt */
    VINV_ACTION_RESUME,          /* libvirt */
    VINV_ACTION_SNAPSHOT,        /* create, with a description */
    VINV_ACTION_SNAPSHOT_DELETE, /* acts on snapshots, not VMs */
    VINV_ACTION_MIGRATE,         /* to a named host, or the engine chooses */
    VINV_ACTION_LAST
} VinvActionKind;

#define VINV_ACTION_BIT(kind) (1u << (kind))

/* One action with its parameters.  Strings are borrowed. */
typedef struct {
    VinvActionKind kind;
    const char *description;     /* SNAPSHOT: required */
    gboolean memory;             /* SNAPSHOT: save the memory state too */
    const char *host;            /* MIGRATE: target host name or id; NULL = any */
} VinvAction;

typedef enum {
    VINV_ACTION_OUTCOME_PENDING, /* not finished (never in a final result) */
    VINV_ACTION_OUTCOME_DONE,
    VINV_ACTION_OUTCOME_FAILED,  /* refused or failed: @reason says why */
    VINV_ACTION_OUTCOME_TIMED_OUT,
    VINV_ACTION_OUTCOME_CANCELLED,
} VinvActionOutcome;

/* One object an action is applied to: a VM, or for SNAPSHOT_DELETE a
 * snapshot (@snapshot_id, of VM @vm_id).  The caller fills the first
 * block; back-ends fill @accepted/@reason/@new_id (perform) and @state
 * (poll); the executor fills @outcome.  Strings are owned by the item. */
typedef struct {
    char *source;                /* Source name of the row */
    char *vm_id;
    char *vm_name;               /* for messages */
    char *snapshot_id;           /* SNAPSHOT_DELETE only */
    char *state_before;          /* status when planned, or NULL */

    gboolean accepted;           /* the back-end started the action */
    char *reason;                /* why it failed (one line, from the engine) */
    char *new_id;                /* SNAPSHOT: the new snapshot's id */
    char *state;                 /* last state read by poll; NULL = gone */
    VinvActionOutcome outcome;
    gint64 elapsed_ms;           /* from start to the final outcome */
} VinvActionItem;

VinvActionItem *vinv_action_item_new (const char *source, const char *vm_id,
                                      const char *vm_name, const char *snapshot_id,
                                      const char *state_before);
/* The item for row @row of @table: a VM of the VMs table, or for
 * SNAPSHOT_DELETE a snapshot of the Snapshots table (labelled "VM: description"). */
typedef struct _VinvTable VinvTable;
VinvActionItem *vinv_action_item_new_for_row (VinvTable *table, guint row, VinvActionKind kind);
void vinv_action_item_free (VinvActionItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvActionItem, vinv_action_item_free)

typedef struct _VinvBackend VinvBackend;

/* What a back-end implements to offer actions (VinvBackendClass.actions;
 * NULL there means "no actions", e.g. saved inventories). */
typedef struct {
    guint supported;             /* VINV_ACTION_BIT()s */
    /* Starts @action on each of @items (all of this back-end's source), at
     * most @parallel at once, and returns when every one was accepted or
     * refused: sets item->accepted, or item->reason (the engine's or
     * libvirt's words, one line).  Does not wait for the target state.
     * Returns FALSE with @error only when nothing could be attempted (the
     * connection is gone, cancelled). */
    gboolean (*perform) (VinvBackend *self, const VinvAction *action,
                         VinvActionItem **items, guint n_items, guint parallel,
                         GCancellable *cancellable, GError **error);
    /* Reads the current state of each of @items into item->state (VM
     * status; for SNAPSHOT and SNAPSHOT_DELETE the snapshot's status, NULL
     * when it does not exist).  An item that cannot be read keeps its old
     * state.  FALSE with @error as for perform. */
    gboolean (*poll) (VinvBackend *self, const VinvAction *action,
                      VinvActionItem **items, guint n_items, guint parallel,
                      GCancellable *cancellable, GError **error);
} VinvBackendActions;

/* "start", "shutdown", ... "snapshot-delete", "migrate"; NULL if out of range. */
const char *vinv_action_kind_to_string (VinvActionKind kind);
/* The kind named @name (as above, case-insensitive, '_' or '-'); FALSE if none. */
gboolean vinv_action_kind_from_string (const char *name, VinvActionKind *kind);
/* One line of help for @kind. */
const char *vinv_action_kind_describe (VinvActionKind kind);
/* The table an action applies to: "snapshots" for SNAPSHOT_DELETE, else "vms". */
const char *vinv_action_kind_table (VinvActionKind kind);

/* TRUE when @item reached what @action aims at: the target VM status
 * (start/resume/reboot/migrate: up; shutdown/stop: down; suspend:
 * suspended; pause: paused), the new snapshot "ok" (SNAPSHOT), or the
 * snapshot gone (SNAPSHOT_DELETE). */
gboolean vinv_action_target_reached (const VinvAction *action, const VinvActionItem *item);

/* The description of the target for messages ("up", "removed"). */
const char *vinv_action_target_name (const VinvAction *action);

/* Opens a read-write back-end for @source (the front end knows the URI and
 * credentials).  NULL with @error if it cannot. */
typedef VinvBackend *(*VinvActionOpenFunc) (const char *source, gpointer user_data,
                                            GError **error);

/* Called (from any thread, serialised) each time an item reaches its
 * final outcome. */
typedef void (*VinvActionNotifyFunc) (const VinvActionItem *item, gpointer user_data);

typedef struct {
    guint parallel;              /* actions in flight per source; 0 = 4 */
    gboolean wait;               /* wait for the target state */
    guint timeout_s;             /* how long to wait in all; 0 = 300 */
    guint poll_interval_ms;      /* 0 = 500 */
} VinvActionRunOptions;

/* Runs @action on @items: groups them by source, opens one read-write
 * back-end per source with @open (sources in parallel), performs, then
 * (when @options->wait) polls until each item reached its target or the
 * timeout passed.  Every item ends DONE, FAILED (with a reason), TIMED_OUT
 * or CANCELLED; @notify hears of each.  Without wait, an accepted item is
 * DONE.  Returns TRUE when every item is DONE.  Never fails otherwise:
 * errors are per item (a source that cannot be opened fails its items). */
gboolean vinv_action_run (const VinvAction *action, GPtrArray *items,
                          const VinvActionRunOptions *options,
                          VinvActionOpenFunc open, gpointer open_data,
                          VinvActionNotifyFunc notify, gpointer notify_data,
                          GCancellable *cancellable);

G_END_DECLS
