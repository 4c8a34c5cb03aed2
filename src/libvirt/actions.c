/* actions.c — VM actions through libvirt's domain API, on a connection
 * the executor opened read-write for the action only.
 *
 * start → virDomainCreate (which also restores a managed-save image),
 * shutdown → virDomainShutdown (ACPI or agent: the guest must cooperate),
 * stop → virDomainDestroy, reboot → virDomainReboot, suspend →
 * virDomainManagedSave, pause/resume → virDomainSuspend/virDomainResume,
 * snapshot → virDomainSnapshotCreateXML, snapshot-delete →
 * virDomainSnapshotDelete.  Migration needs a destination libvirt URI and
 * is not offered here.  Calls that block (start, managed save, snapshots)
 * run on up to `parallel` threads; libvirt connections are thread-safe.
 *
 * States read back use the VMs table's vocabulary (fetch.c): a shut-off
 * domain with a managed-save image reads "suspended", as the target of
 * suspend; snapshots read "ok" while they exist.
 */
#include <string.h>

#include "libvirt-private.h"
#include "core/secret.h"

typedef struct {
    VinvLibvirtBackend *self;
    const VinvAction *action;
    VinvActionItem **items;
    guint n_items;
    gboolean poll;
    gint next;                   /* atomic: next item to take */
} Batch;

static const char *
state_name (virDomainPtr dom)
{
    int state = VIR_DOMAIN_NOSTATE;
    int reason = 0;

    if (virDomainGetState (dom, &state, &reason, 0) < 0)
        return NULL;
    switch (state) {
    case VIR_DOMAIN_RUNNING:
        return "up";
    case VIR_DOMAIN_BLOCKED:
        return "blocked";
    case VIR_DOMAIN_PAUSED:
        return "paused";
    case VIR_DOMAIN_SHUTDOWN:
        return "shutting_down";
    case VIR_DOMAIN_SHUTOFF:
        return virDomainHasManagedSaveImage (dom, 0) == 1 ? "suspended" : "down";
    case VIR_DOMAIN_CRASHED:
        return "crashed";
    case VIR_DOMAIN_PMSUSPENDED:
        return "suspended";
    default:
        return "unknown";
    }
}

/* The snapshot name in a Snapshots row id ("UUID/NAME"). */
static const char *
snapshot_name (const char *id)
{
    const char *slash = id != NULL ? strchr (id, '/') : NULL;
    return slash != NULL ? slash + 1 : id;
}

static char *
snapshot_xml (const VinvAction *action, gboolean running)
{
    g_autofree char *desc = g_markup_escape_text (action->description != NULL
                                                  ? action->description : "", -1);
    return g_strdup_printf ("<domainsnapshot><description>%s</description>%s"
                            "</domainsnapshot>", desc,
                            action->memory && running ? "<memory snapshot='internal'/>" : "");
}

static void
perform_one (Batch *b, VinvActionItem *item)
{
    virDomainPtr dom = virDomainLookupByUUIDString (b->self->conn, item->vm_id);
    int rc = -1;

    if (dom == NULL) {
        item->reason = vinv_libvirt_dup_last_error ();
        return;
    }
    switch (b->action->kind) {
    case VINV_ACTION_START:
        rc = virDomainCreate (dom);
        break;
    case VINV_ACTION_SHUTDOWN:
        rc = virDomainShutdown (dom);
        break;
    case VINV_ACTION_STOP:
        rc = virDomainDestroy (dom);
        break;
    case VINV_ACTION_REBOOT:
        rc = virDomainReboot (dom, 0);
        break;
    case VINV_ACTION_SUSPEND:
        rc = virDomainManagedSave (dom, 0);
        break;
    case VINV_ACTION_PAUSE:
        rc = virDomainSuspend (dom);
        break;
    case VINV_ACTION_RESUME:
        rc = virDomainResume (dom);
        break;
    case VINV_ACTION_SNAPSHOT: {
        g_autofree char *xml = snapshot_xml (b->action, virDomainIsActive (dom) == 1);
        virDomainSnapshotPtr snap = virDomainSnapshotCreateXML (dom, xml, 0);
        if (snap != NULL) {
            item->new_id = g_strdup_printf ("%s/%s", item->vm_id, virDomainSnapshotGetName (snap));
            virDomainSnapshotFree (snap);
            rc = 0;
        }
        break;
    }
    case VINV_ACTION_SNAPSHOT_DELETE: {
        virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (
            dom, snapshot_name (item->snapshot_id), 0);
        if (snap != NULL) {
            rc = virDomainSnapshotDelete (snap, 0);
            virDomainSnapshotFree (snap);
        }
        break;
    }
    default:
        item->reason = g_strdup_printf ("libvirt cannot %s here",
                                        vinv_action_kind_to_string (b->action->kind));
        virDomainFree (dom);
        return;
    }
    if (rc < 0)
        item->reason = vinv_libvirt_dup_last_error ();
    else
        item->accepted = TRUE;
    virDomainFree (dom);
}

static void
poll_one (Batch *b, VinvActionItem *item)
{
    virDomainPtr dom = virDomainLookupByUUIDString (b->self->conn, item->vm_id);
    const char *snap_id = b->action->kind == VINV_ACTION_SNAPSHOT ? item->new_id
                          : b->action->kind == VINV_ACTION_SNAPSHOT_DELETE ? item->snapshot_id
                          : NULL;

    if (dom == NULL)
        return;
    if (snap_id != NULL) {
        virDomainSnapshotPtr snap = virDomainSnapshotLookupByName (dom, snapshot_name (snap_id),
                                                                   0);
        g_free (item->state);
        item->state = snap != NULL ? g_strdup ("ok") : NULL;
        if (snap != NULL)
            virDomainSnapshotFree (snap);
    } else {
        const char *state = state_name (dom);
        if (state != NULL) {
            g_free (item->state);
            item->state = g_strdup (state);
        }
    }
    virDomainFree (dom);
}

static gpointer
worker (gpointer data)
{
    Batch *b = data;

    for (;;) {
        gint i = g_atomic_int_add (&b->next, 1);
        if (i >= (gint) b->n_items)
            break;
        if (b->poll)
            poll_one (b, b->items[i]);
        else
            perform_one (b, b->items[i]);
    }
    return NULL;
}

static gboolean
run_batch (VinvBackend *backend, const VinvAction *action, VinvActionItem **items,
           guint n_items, guint parallel, gboolean poll, GCancellable *cancellable,
           GError **error)
{
    Batch b = { (VinvLibvirtBackend *) backend, action, items, n_items, poll, 0 };
    guint n_threads = MIN (MAX (parallel, 1u), n_items);
    g_autoptr (GPtrArray) threads = g_ptr_array_new ();

    if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    for (guint t = 0; t < n_threads; t++)
        g_ptr_array_add (threads, vinv_secret_thread_new ("vinv-lv-action", worker, &b));
    for (guint t = 0; t < threads->len; t++)
        vinv_secret_thread_join (g_ptr_array_index (threads, t));
    return TRUE;
}

static gboolean
libvirt_perform (VinvBackend *backend, const VinvAction *action, VinvActionItem **items,
                 guint n_items, guint parallel, GCancellable *cancellable, GError **error)
{
    return run_batch (backend, action, items, n_items, parallel, FALSE, cancellable, error);
}

static gboolean
libvirt_poll (VinvBackend *backend, const VinvAction *action, VinvActionItem **items,
              guint n_items, guint parallel, GCancellable *cancellable, GError **error)
{
    return run_batch (backend, action, items, n_items, parallel, TRUE, cancellable, error);
}

const VinvBackendActions vinv_libvirt_actions = {
    .supported = VINV_LIBVIRT_ACTIONS_SUPPORTED,
    .perform = libvirt_perform,
    .poll = libvirt_poll,
};
