/* vinv-loader.c — a session (core/session.h) in a GTask thread, with its
 * callbacks marshalled to the caller's main context.
 *
 * The session's callbacks run on its worker threads.  Progress is stored
 * under a mutex and delivered by one idle source on the caller's context
 * at a time, so a chatty back-end cannot flood the main loop; completed
 * tables are queued (with a reference each) and delivered in order by
 * another, ONE table per dispatch and below the priority of redrawing, so
 * that the window paints between two tables however many arrive at once.
 * The caller's task (the one vinv_load_finish() reads) is returned only
 * after the last queued table was delivered: the thread's own task ends
 * first, then the queue drains.  Nothing is delivered once the caller's
 * task is completed or cancelled.  The session is told that a window
 * which must keep painting shares the machine's cores
 * (vinv_session_set_interactive()).  Nothing here touches GTK.
 */
#include "vinv-loader.h"

#include "core/session.h"

typedef struct {
    char **uris;
    VinvConnectOptions options;
    VinvLoadProgressFunc progress;
    gpointer progress_data;
    VinvLoadTableFunc table_func;
    gpointer table_data;

    /* hand-over to the main context, guarded by lock */
    GMutex lock;
    char *message;
    double fraction;
    gboolean progress_scheduled;
    GPtrArray *tables;           /* of VinvTable* (a reference each), in order */
    GArray *kinds;               /* of VinvTableKind, alongside */
    gboolean tables_scheduled;

    /* on the main context: the thread's task has ended with this */
    gboolean worker_done;
    VinvInventory *result;
    GError *error;
} LoadData;

static void
load_data_free (gpointer data)
{
    LoadData *d = data;
    g_strfreev (d->uris);
    vinv_connect_options_clear (&d->options);
    g_mutex_clear (&d->lock);
    g_free (d->message);
    g_ptr_array_unref (d->tables);
    g_array_unref (d->kinds);
    if (d->result != NULL)
        vinv_inventory_free (d->result);
    g_clear_error (&d->error);
    g_free (d);
}

/* TRUE while what the task delivers is still wanted. */
static gboolean
task_wanted (GTask *task)
{
    return !g_task_get_completed (task)
           && !g_cancellable_is_cancelled (g_task_get_cancellable (task));
}

static void
schedule (GTask *task, GSourceFunc func, int priority)
{
    GSource *source = g_idle_source_new ();
    g_source_set_priority (source, priority);
    g_source_set_callback (source, func, g_object_ref (task), g_object_unref);
    g_source_attach (source, g_task_get_context (task));
    g_source_unref (source);
}

/* ---- progress ----------------------------------------------------------- */

static gboolean
deliver_progress (gpointer user_data)
{
    GTask *task = user_data;
    LoadData *d = g_task_get_task_data (task);
    g_autofree char *message = NULL;
    double fraction;

    g_mutex_lock (&d->lock);
    message = g_steal_pointer (&d->message);
    fraction = d->fraction;
    d->progress_scheduled = FALSE;
    g_mutex_unlock (&d->lock);

    if (d->progress != NULL && task_wanted (task))
        d->progress (message != NULL ? message : "", fraction, d->progress_data);
    return G_SOURCE_REMOVE;
}

/* On a session worker thread. */
static void
thread_progress (const VinvSessionProgress *sp, gpointer user_data)
{
    GTask *task = user_data;
    LoadData *d = g_task_get_task_data (task);
    const VinvProgress *p = sp->backend;
    char *message;

    if (sp->stage == VINV_SESSION_CONNECTING)
        message = g_strdup_printf ("%s: connecting", sp->uri);
    else if (p->what != NULL && p->total > 0)
        message = g_strdup_printf ("%s: %s (%u/%u)", p->source, p->what, p->done, p->total);
    else if (p->what != NULL)
        message = g_strdup_printf ("%s: %s", p->source, p->what);
    else
        message = g_strdup (p->source != NULL ? p->source : "");

    g_mutex_lock (&d->lock);
    g_free (d->message);
    d->message = message;
    d->fraction = sp->fraction;
    gboolean first = !d->progress_scheduled;
    d->progress_scheduled = TRUE;
    g_mutex_unlock (&d->lock);
    if (first)
        schedule (task, deliver_progress, G_PRIORITY_DEFAULT);
}

/* ---- completed tables --------------------------------------------------- */

/* Returns the caller's task with what the thread's task ended with. */
static void
return_task (GTask *task)
{
    LoadData *d = g_task_get_task_data (task);
    if (d->result != NULL)
        g_task_return_pointer (task, g_steal_pointer (&d->result),
                               (GDestroyNotify) vinv_inventory_free);
    else
        g_task_return_error (task, g_steal_pointer (&d->error));
}

static gboolean
deliver_tables (gpointer user_data)
{
    GTask *task = user_data;
    LoadData *d = g_task_get_task_data (task);
    g_autoptr (VinvTable) table = NULL;
    VinvTableKind kind = VINV_TABLE_LAST;
    gboolean more;

    g_mutex_lock (&d->lock);
    if (d->tables->len > 0) {
        table = g_ptr_array_steal_index (d->tables, 0);
        kind = g_array_index (d->kinds, VinvTableKind, 0);
        g_array_remove_index (d->kinds, 0);
    }
    more = d->tables->len > 0;
    d->tables_scheduled = more;
    g_mutex_unlock (&d->lock);

    if (table != NULL && task_wanted (task))
        d->table_func (kind, table, d->table_data);
    if (more && task_wanted (task))
        return G_SOURCE_CONTINUE;
    /* the queue is drained (or no longer wanted): a load that ended
     * meanwhile can return now */
    if (d->worker_done && !g_task_get_completed (task))
        return_task (task);
    return G_SOURCE_REMOVE;
}

/* On a session worker thread (or the task's thread). */
static void
thread_table (VinvTableKind kind, VinvTable *table, gpointer user_data)
{
    GTask *task = user_data;
    LoadData *d = g_task_get_task_data (task);

    g_mutex_lock (&d->lock);
    g_ptr_array_add (d->tables, vinv_table_ref (table));
    g_array_append_val (d->kinds, kind);
    gboolean first = !d->tables_scheduled;
    d->tables_scheduled = TRUE;
    g_mutex_unlock (&d->lock);
    if (first)
        schedule (task, deliver_tables, G_PRIORITY_DEFAULT_IDLE);
}

/* ---- the task ----------------------------------------------------------- */

static void
load_thread (GTask *worker, gpointer source_object, gpointer task_data,
             GCancellable *cancellable)
{
    GTask *task = task_data;              /* the caller's */
    LoadData *d = g_task_get_task_data (task);
    g_autoptr (VinvSession) session = vinv_session_new ((const char *const *) d->uris,
                                                        &d->options);
    GError *error = NULL;

    /* the window shares the machine's cores with the load: back-ends
     * leave it one where they can */
    vinv_session_set_interactive (session, TRUE);
    vinv_session_set_progress_func (session, thread_progress, task);
    if (d->table_func != NULL)
        vinv_session_set_table_func (session, thread_table, task);
    VinvInventory *result = vinv_session_load (session, cancellable, &error);
    if (result == NULL)
        g_task_return_error (worker, error);
    else
        g_task_return_pointer (worker, result, (GDestroyNotify) vinv_inventory_free);
}

/* On the caller's context: the thread has ended.  The caller's task
 * returns now, unless tables are still queued: then after the last. */
static void
on_worker_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
    g_autoptr (GTask) task = user_data;
    LoadData *d = g_task_get_task_data (task);

    d->result = g_task_propagate_pointer (G_TASK (result), &d->error);
    d->worker_done = TRUE;
    g_mutex_lock (&d->lock);
    gboolean queued = d->tables_scheduled && task_wanted (task);
    g_mutex_unlock (&d->lock);
    if (!queued)
        return_task (task);
}

void
vinv_load_async_full (GObject *source_object, const char *const *uris,
                      const VinvConnectOptions *options,
                      VinvLoadProgressFunc progress, gpointer progress_data,
                      VinvLoadTableFunc table_func, gpointer table_data,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
    g_return_if_fail (uris != NULL && uris[0] != NULL);

    GTask *task = g_task_new (source_object, cancellable, callback, user_data);
    LoadData *d = g_new0 (LoadData, 1);
    d->uris = g_strdupv ((char **) uris);
    vinv_connect_options_copy (&d->options, options);
    d->progress = progress;
    d->progress_data = progress_data;
    d->table_func = table_func;
    d->table_data = table_data;
    d->fraction = -1;
    d->tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_table_unref);
    d->kinds = g_array_new (FALSE, FALSE, sizeof (VinvTableKind));
    g_mutex_init (&d->lock);
    g_task_set_task_data (task, d, load_data_free);
    g_task_set_source_tag (task, vinv_load_async);

    /* the thread's task holds the caller's until it ends */
    GTask *worker = g_task_new (NULL, cancellable, on_worker_done, g_object_ref (task));
    g_task_set_task_data (worker, task, NULL);
    /* the session itself returns at once when cancelled */
    g_task_set_return_on_cancel (worker, FALSE);
    g_task_run_in_thread (worker, load_thread);
    g_object_unref (worker);
    g_object_unref (task);
}

void
vinv_load_async (GObject *source_object, const char *const *uris,
                 const VinvConnectOptions *options,
                 VinvLoadProgressFunc progress, gpointer progress_data,
                 GCancellable *cancellable,
                 GAsyncReadyCallback callback, gpointer user_data)
{
    vinv_load_async_full (source_object, uris, options, progress, progress_data, NULL, NULL,
                          cancellable, callback, user_data);
}

VinvInventory *
vinv_load_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (G_IS_TASK (result), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
