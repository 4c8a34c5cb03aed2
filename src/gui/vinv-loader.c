/* vinv-loader.c — the worker thread that opens and fetches connections.
 *
 * The thread owns everything it fills: a fresh inventory per URI, merged
 * into the result as each finishes.  Progress from the back-ends (called
 * in the thread) is stored under a mutex and delivered by one idle source
 * on the caller's context at a time, so a chatty back-end cannot flood the
 * main loop.  Nothing here touches GTK.
 */
#include "vinv-loader.h"

#include <string.h>

typedef struct {
    char **uris;
    VinvConnectOptions options;
    VinvLoadProgressFunc progress;
    gpointer progress_data;

    /* progress hand-over, guarded by lock */
    GMutex lock;
    char *message;
    double fraction;
    gboolean scheduled;

    /* the worker's position, for the overall fraction (thread only) */
    guint index;
    guint n_uris;
} LoadData;

static void
load_data_free (gpointer data)
{
    LoadData *d = data;
    g_strfreev (d->uris);
    vinv_connect_options_clear (&d->options);
    g_mutex_clear (&d->lock);
    g_free (d->message);
    g_free (d);
}

void
vinv_connect_options_copy (VinvConnectOptions *dst, const VinvConnectOptions *src)
{
    memset (dst, 0, sizeof *dst);
    if (src == NULL)
        return;
    dst->user = g_strdup (src->user);
    dst->password = g_strdup (src->password);
    dst->ca_file = g_strdup (src->ca_file);
    dst->insecure = src->insecure;
    dst->parallel = src->parallel;
    dst->fetch_strategy = g_strdup (src->fetch_strategy);
    dst->read_write = src->read_write;
}

/* ---- the load itself ---------------------------------------------------- */

/* Loads @uris one after the other; *@index (if not NULL) holds the index
 * of the URI being loaded, for the progress callback. */
static VinvInventory *
load_uris (const char *const *uris, const VinvConnectOptions *options,
           VinvProgressFunc progress, gpointer progress_data, guint *index,
           GCancellable *cancellable, GError **error)
{
    g_autoptr (VinvInventory) result = vinv_inventory_new ();
    g_autoptr (GError) first_error = NULL;
    g_autoptr (GString) messages = g_string_new (NULL);
    g_autoptr (GPtrArray) failed = g_ptr_array_new_with_free_func (g_free);
    guint n = 0;

    for (; uris[n] != NULL; n++) {
        const char *uri = uris[n];
        g_autoptr (GError) local = NULL;

        if (index != NULL)
            *index = n;
        if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
        if (progress != NULL) {
            VinvProgress p = { .source = uri, .what = "connecting" };
            progress (&p, progress_data);
        }
        VinvBackend *backend = vinv_backend_open (uri, options, cancellable, &local);
        if (backend != NULL) {
            g_autoptr (VinvInventory) part = vinv_inventory_new ();
            gboolean ok = vinv_backend_fetch (backend, part, progress, progress_data,
                                              cancellable, &local);
            vinv_backend_close (backend);
            if (ok)
                vinv_inventory_merge (result, part);
        }
        if (local == NULL)
            continue;
        if (g_cancellable_is_cancelled (cancellable)) {
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Loading cancelled");
            return NULL;
        }
        if (messages->len > 0)
            g_string_append_c (messages, '\n');
        g_string_append (messages, local->message);
        g_ptr_array_add (failed, g_strdup (uri));
        g_ptr_array_add (failed, g_strdup (local->message));
        if (first_error == NULL)
            first_error = g_steal_pointer (&local);
    }

    if (failed->len / 2 == n) {
        if (n == 1)
            g_propagate_error (error, g_steal_pointer (&first_error));
        else
            g_set_error_literal (error, VINV_BACKEND_ERROR, first_error->code, messages->str);
        return NULL;
    }
    for (guint i = 0; i + 1 < failed->len; i += 2) {
        const char *uri = failed->pdata[i];
        vinv_inventory_add_source (result, uri, uri, NULL);
        vinv_inventory_set_source_error (result, uri, failed->pdata[i + 1]);
    }
    return g_steal_pointer (&result);
}

VinvInventory *
vinv_load_sync (const char *const *uris, const VinvConnectOptions *options,
                VinvProgressFunc progress, gpointer progress_data,
                GCancellable *cancellable, GError **error)
{
    g_return_val_if_fail (uris != NULL && uris[0] != NULL, NULL);
    return load_uris (uris, options, progress, progress_data, NULL, cancellable, error);
}

/* ---- the thread and its progress ---------------------------------------- */

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
    d->scheduled = FALSE;
    g_mutex_unlock (&d->lock);

    if (d->progress != NULL && !g_task_get_completed (task)
        && !g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        d->progress (message != NULL ? message : "", fraction, d->progress_data);
    return G_SOURCE_REMOVE;
}

/* Called in the worker thread by the back-end. */
static void
thread_progress (const VinvProgress *p, gpointer user_data)
{
    GTask *task = user_data;
    LoadData *d = g_task_get_task_data (task);
    double part = p->total > 0 ? MIN (1.0, (double) p->done / p->total) : 0.0;
    double fraction = (d->index + part) / MAX (d->n_uris, 1);
    char *message;

    if (p->what != NULL && p->total > 0)
        message = g_strdup_printf ("%s: %s (%u/%u)", p->source, p->what, p->done, p->total);
    else if (p->what != NULL)
        message = g_strdup_printf ("%s: %s", p->source, p->what);
    else
        message = g_strdup (p->source != NULL ? p->source : "");

    g_mutex_lock (&d->lock);
    g_free (d->message);
    d->message = message;
    d->fraction = fraction;
    gboolean schedule = !d->scheduled;
    d->scheduled = TRUE;
    g_mutex_unlock (&d->lock);

    if (schedule) {
        GSource *source = g_idle_source_new ();
        g_source_set_priority (source, G_PRIORITY_DEFAULT);
        g_source_set_callback (source, deliver_progress, g_object_ref (task), g_object_unref);
        g_source_attach (source, g_task_get_context (task));
        g_source_unref (source);
    }
}

static void
load_thread (GTask *task, gpointer source_object, gpointer task_data,
             GCancellable *cancellable)
{
    LoadData *d = task_data;
    GError *error = NULL;

    d->n_uris = g_strv_length (d->uris);
    VinvInventory *result = load_uris ((const char *const *) d->uris, &d->options,
                                       thread_progress, task, &d->index,
                                       cancellable, &error);
    if (result == NULL)
        g_task_return_error (task, error);
    else
        g_task_return_pointer (task, result, (GDestroyNotify) vinv_inventory_free);
}

void
vinv_load_async (GObject *source_object, const char *const *uris,
                 const VinvConnectOptions *options,
                 VinvLoadProgressFunc progress, gpointer progress_data,
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
    d->fraction = -1;
    g_mutex_init (&d->lock);
    g_task_set_task_data (task, d, load_data_free);
    g_task_set_source_tag (task, vinv_load_async);
    g_task_set_return_on_cancel (task, FALSE);
    g_task_run_in_thread (task, load_thread);
    g_object_unref (task);
}

VinvInventory *
vinv_load_finish (GAsyncResult *result, GError **error)
{
    g_return_val_if_fail (G_IS_TASK (result), NULL);
    return g_task_propagate_pointer (G_TASK (result), error);
}
