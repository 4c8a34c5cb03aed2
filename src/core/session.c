/* session.c — resolving what to open, and loading it: connections opened
 * and fetched on worker threads, tables merged in the order given as each
 * becomes complete.  See session.h for the contract.
 *
 * A load is a Run, shared (reference counted) between the thread that
 * called vinv_session_load() and the workers, so that a cancelled load can
 * return at once and leave slow workers to finish on their own.  Workers
 * take connections off a queue; each connection fetches into its own
 * inventory (its "part"), which only its worker fills.  When a back-end
 * reports a table complete, or a connection ends, the tables that every
 * connection has now finished are merged into the result: for each
 * connection in the order given, the rows of its part's table are moved
 * over (vinv_table_take_rows()).  A part's table is touched by another
 * thread only after its back-end reported it complete, and then only
 * under Run.lock.  A merged table is handed over once the tables its
 * computed columns read (computed.h) are merged too, right after those
 * columns are filled, so no table changes after it was handed over.
 * Callbacks run under Run.cb_lock, which serialises them and lets
 * vinv_session_load() switch them off before it returns.
 */
#include "session.h"

#include <string.h>
#include "computed.h"
#include "demo.h"
#include "secret.h"

G_DEFINE_QUARK (vinv-session-error-quark, vinv_session_error)

#define DEFAULT_MAX_PARALLEL 8

/* ---- what to open ------------------------------------------------------- */

void
vinv_session_plan_clear (VinvSessionPlan *plan)
{
    g_clear_pointer (&plan->uris, g_strfreev);
    g_clear_pointer (&plan->profile, vinv_profile_free);
    vinv_connect_options_clear (&plan->options);
    plan->from = VINV_SESSION_FROM_NOTHING;
}

gboolean
vinv_session_resolve (const VinvSessionRequest *request, const VinvConfig *config,
                      VinvSessionPlan *plan, GError **error)
{
    gboolean have_uris = request->uris != NULL && request->uris[0] != NULL;
    g_autofree char *profile_name = g_strdup (request->profile);
    gboolean is_default = FALSE;

    memset (plan, 0, sizeof *plan);
    if (profile_name == NULL && !have_uris && request->default_profile && config != NULL) {
        profile_name = vinv_config_get_default_profile (config);
        is_default = profile_name != NULL;
    }
    if (profile_name != NULL) {
        plan->profile = config != NULL ? vinv_config_get_profile (config, profile_name) : NULL;
        if (plan->profile == NULL) {
            g_set_error (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_PROFILE,
                         "%sprofile '%s' is not in %s", is_default ? "the default " : "",
                         profile_name,
                         config != NULL ? vinv_config_get_path (config) : "the configuration");
            return FALSE;
        }
    }

    if (have_uris) {
        plan->uris = g_strdupv ((char **) request->uris);
        plan->from = VINV_SESSION_FROM_URIS;
    } else if (plan->profile != NULL) {
        plan->uris = g_strdupv (plan->profile->uris);
        plan->from = is_default ? VINV_SESSION_FROM_DEFAULT_PROFILE : VINV_SESSION_FROM_PROFILE;
    } else if (request->demo) {
        g_autoptr (GError) local = NULL;
        plan->uris = vinv_demo_dup_uris (NULL, &local);
        if (plan->uris == NULL) {
            g_set_error_literal (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_DEMO,
                                 local->message);
            vinv_session_plan_clear (plan);
            return FALSE;
        }
        plan->from = VINV_SESSION_FROM_DEMO;
    }

    const VinvProfile *p = plan->profile;
    plan->options.user = g_strdup (request->user != NULL ? request->user
                                   : p != NULL ? p->user : NULL);
    plan->options.ca_file = g_strdup (request->ca_file != NULL ? request->ca_file
                                      : p != NULL ? p->ca_file : NULL);
    plan->options.insecure = request->insecure || (p != NULL && p->insecure);
    plan->options.timeout = request->timeout != 0 ? request->timeout
                          : p != NULL && p->timeout != 0 ? p->timeout
                          : VINV_SESSION_DEFAULT_TIMEOUT;
    return TRUE;
}

/* TRUE if @uri names a user of its own: "SCHEME://USER@HOST...". */
static gboolean
uri_has_user (const char *uri)
{
    const char *rest = strstr (uri, "://");

    if (rest == NULL)
        return FALSE;
    rest += 3;
    gsize authority = strcspn (rest, "/?#");
    return memchr (rest, '@', authority) != NULL;
}

const char *
vinv_session_find_missing_user (const char *const *uris, const VinvConnectOptions *options,
                                const VinvBackendClass **klass)
{
    if (options != NULL && options->user != NULL && options->user[0] != '\0')
        return NULL;
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        const VinvBackendClass *k = vinv_backend_class_for_uri (uris[i]);
        if (k != NULL && k->needs_user && !uri_has_user (uris[i])) {
            if (klass != NULL)
                *klass = k;
            return uris[i];
        }
    }
    return NULL;
}

gboolean
vinv_session_needs_password (const char *const *uris, const VinvConnectOptions *options)
{
    if (options != NULL && options->password != NULL)
        return FALSE;
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        const VinvBackendClass *k = vinv_backend_class_for_uri (uris[i]);
        if (k != NULL && k->needs_password)
            return TRUE;
    }
    return FALSE;
}

/* ---- a load ------------------------------------------------------------- */

typedef enum {
    CONN_QUEUED,
    CONN_RUNNING,
    CONN_OK,                     /* fetched; every table of its part reported */
    CONN_FAILED,                 /* ended with @error */
    CONN_WANTS_PASSWORD,         /* failed for want of a password: may run again */
} ConnState;

/* One connection of a load.  Guarded by Run.lock, except @part's tables
 * that are not yet reported, which only the connection's worker touches. */
typedef struct {
    char *uri;
    ConnState state;
    VinvInventory *part;         /* what its fetch fills, or NULL */
    GError *error;               /* why it failed, or NULL */
    gboolean opened;             /* it failed while fetching */
    gboolean abandoned;          /* past the time limit: its worker's results
                                  * are no longer wanted */
    gboolean fetched;            /* its fetch has returned (it is closing or
                                  * done): @part is no longer written */
    gboolean fetch_ok;           /* with @fetched: how the fetch ended */
    GError *fetch_error;         /* with @fetched and not @fetch_ok */
    char *source_name;           /* of the opened back-end, or NULL */
    guint64 reported;            /* tables its back-end reported complete */
    double fraction;             /* its progress, 0 to 1 */
} Conn;

typedef struct {
    gint ref;

    GMutex lock;                 /* guards all but the callbacks */
    GCond cond;                  /* signalled when a worker ends or on cancel */
    Conn *conns;
    guint n_conns;
    GArray *queue;               /* of guint: connections waiting for a worker */
    guint n_workers;             /* workers still running */
    gboolean cancelled;
    gboolean over;               /* the load has returned: merge nothing more */
    gint64 hard_deadline;        /* when running connections are abandoned, or 0 */
    guint n_abandoned;           /* workers running abandoned connections */
    gboolean can_ask;            /* a password may be asked for */
    VinvConnectOptions options;  /* changed only while no worker runs */
    GCancellable *cancellable;   /* or NULL */
    VinvInventory *result;
    guint64 merged;              /* tables merged into @result */
    guint64 handed;              /* merged tables computed and handed over */

    GMutex cb_lock;              /* serialises the callbacks; guards @active */
    gboolean active;
    VinvSessionProgressFunc progress;
    VinvSessionTableFunc table_func;
    gpointer progress_data;
    gpointer table_data;
} Run;

/* What a back-end's callbacks get: the run and the connection. */
typedef struct {
    Run *run;
    guint index;
} ConnRef;

struct _VinvSession {
    char **uris;
    VinvConnectOptions options;
    guint max_parallel;
    VinvSessionProgressFunc progress;
    gpointer progress_data;
    VinvSessionTableFunc table_func;
    gpointer table_data;
    VinvSessionPasswordFunc password_func;
    gpointer password_data;

    /* after the load */
    gboolean loaded;
    Run *cancelled_run;          /* a cancelled load, for vinv_session_wait_closed() */
    GError **errors;             /* per connection, NULL if it loaded */
    gboolean *opened;
    char ***sources;             /* per connection, its sources' names */
    guint n_loaded;
};

static Run *
run_ref (Run *run)
{
    g_atomic_int_inc (&run->ref);
    return run;
}

static void
run_unref (Run *run)
{
    if (!g_atomic_int_dec_and_test (&run->ref))
        return;
    for (guint i = 0; i < run->n_conns; i++) {
        Conn *c = &run->conns[i];
        g_free (c->uri);
        g_clear_pointer (&c->part, vinv_inventory_free);
        g_clear_error (&c->error);
        g_clear_error (&c->fetch_error);
        g_free (c->source_name);
    }
    g_free (run->conns);
    g_array_unref (run->queue);
    vinv_connect_options_clear (&run->options);
    g_clear_object (&run->cancellable);
    g_clear_pointer (&run->result, vinv_inventory_free);
    g_mutex_clear (&run->lock);
    g_cond_clear (&run->cond);
    g_mutex_clear (&run->cb_lock);
    g_free (run);
}

static gboolean
is_cancelled (Run *run)
{
    return g_cancellable_is_cancelled (run->cancellable);
}

/* The whole load's progress.  Run.lock held. */
static double
overall_fraction (Run *run)
{
    double sum = 0;

    for (guint i = 0; i < run->n_conns; i++)
        sum += run->conns[i].fraction;
    return run->n_conns > 0 ? sum / run->n_conns : 1.0;
}

static void
emit_progress (Run *run, const VinvSessionProgress *p)
{
    g_mutex_lock (&run->cb_lock);
    if (run->active && run->progress != NULL)
        run->progress (p, run->progress_data);
    g_mutex_unlock (&run->cb_lock);
}

/* ---- merging tables as they complete ------------------------------------ */

/* TRUE if every connection has finished table @kind and it is not merged
 * yet.  Run.lock held. */
static gboolean
table_complete (Run *run, guint kind)
{
    guint64 bit = G_GUINT64_CONSTANT (1) << kind;

    if (run->merged & bit)
        return FALSE;
    for (guint i = 0; i < run->n_conns; i++) {
        const Conn *c = &run->conns[i];
        if (c->state != CONN_OK && c->state != CONN_FAILED && !(c->reported & bit))
            return FALSE;
    }
    return TRUE;
}

/* Moves the rows of table @kind of every connection that reported it, in
 * the order given, into the result.  Returns the merged table, or NULL if
 * no connection has one.  Run.lock held. */
static VinvTable *
merge_table (Run *run, guint kind)
{
    guint64 bit = G_GUINT64_CONSTANT (1) << kind;
    VinvTable *dst = NULL;

    run->merged |= bit;
    for (guint i = 0; i < run->n_conns; i++) {
        const Conn *c = &run->conns[i];
        VinvTable *src = c->part != NULL && (c->reported & bit)
                         ? vinv_inventory_get_table (c->part, kind) : NULL;
        if (src == NULL)
            continue;
        if (dst == NULL)
            dst = vinv_inventory_ensure_table (run->result, kind);
        vinv_table_take_rows (dst, src);
    }
    return dst;
}

/* Merges every table that is now complete; then fills the computed
 * columns of each merged table whose inputs are merged too and hands it to
 * the table callback.  Takes Run.lock.  Nothing happens once the load is
 * cancelled: its result is thrown away. */
static void
merge_complete_tables (Run *run)
{
    VinvTable *done[VINV_TABLE_LAST];
    guint kinds[VINV_TABLE_LAST];
    guint n = 0;

    g_mutex_lock (&run->lock);
    if (!is_cancelled (run) && !run->over) {
        for (guint k = 0; k < VINV_TABLE_LAST; k++) {
            if (table_complete (run, k))
                merge_table (run, k);
        }
        for (guint k = 0; k < VINV_TABLE_LAST; k++) {
            guint64 bit = G_GUINT64_CONSTANT (1) << k;
            guint64 inputs = vinv_computed_table_inputs (k);
            if (!(run->merged & bit) || (run->handed & bit) || (run->merged & inputs) != inputs)
                continue;
            run->handed |= bit;
            VinvTable *t = vinv_inventory_get_table (run->result, k);
            if (t == NULL)
                continue;
            vinv_computed_fill_table (run->result, k);
            kinds[n] = k;
            done[n++] = t;
        }
    }
    g_mutex_unlock (&run->lock);

    g_mutex_lock (&run->cb_lock);
    for (guint i = 0; i < n && run->active && run->table_func != NULL; i++)
        run->table_func (kinds[i], done[i], run->table_data);
    g_mutex_unlock (&run->cb_lock);
}

/* ---- one connection, on a worker ---------------------------------------- */

static void
on_backend_progress (const VinvProgress *progress, gpointer user_data)
{
    ConnRef *ref = user_data;
    Run *run = ref->run;
    Conn *c = &run->conns[ref->index];
    VinvSessionProgress p = {
        .index = ref->index, .uri = c->uri, .stage = VINV_SESSION_LOADING,
        .backend = progress,
    };

    g_mutex_lock (&run->lock);
    if (progress->total > 0)
        c->fraction = MIN (1.0, (double) progress->done / progress->total);
    p.fraction = overall_fraction (run);
    g_mutex_unlock (&run->lock);
    emit_progress (run, &p);
}

static void
on_table_done (VinvTableKind kind, gpointer user_data)
{
    ConnRef *ref = user_data;
    Run *run = ref->run;

    g_mutex_lock (&run->lock);
    if (!run->conns[ref->index].abandoned)
        run->conns[ref->index].reported |= G_GUINT64_CONSTANT (1) << kind;
    g_mutex_unlock (&run->lock);
    merge_complete_tables (run);
}

/* Opens and fetches connection @index into its part, then records how it
 * ended and merges what that completed. */
static void
load_connection (Run *run, guint index)
{
    Conn *c = &run->conns[index];
    ConnRef ref = { run, index };
    g_autoptr (GError) error = NULL;
    VinvInventory *part = NULL;
    gboolean ok = FALSE;
    gboolean opened = FALSE;

    g_mutex_lock (&run->lock);
    VinvSessionProgress p = {
        .index = index, .uri = c->uri, .stage = VINV_SESSION_CONNECTING,
        .fraction = overall_fraction (run),
    };
    g_mutex_unlock (&run->lock);
    emit_progress (run, &p);

    VinvBackend *backend = vinv_backend_open (c->uri, &run->options, run->cancellable, &error);
    if (backend != NULL) {
        opened = TRUE;
        part = vinv_inventory_new ();
        g_mutex_lock (&run->lock);
        c->source_name = g_strdup (vinv_backend_get_source_name (backend));
        c->part = part;
        g_mutex_unlock (&run->lock);
        ok = vinv_backend_fetch_full (backend, part, on_backend_progress, on_table_done, &ref,
                                      run->cancellable, &error);
        /* closing (an oVirt logout) is not loading: a connection given up
         * while it closes keeps what it fetched */
        g_mutex_lock (&run->lock);
        c->fetched = TRUE;
        c->fetch_ok = ok;
        c->fetch_error = error != NULL ? g_error_copy (error) : NULL;
        g_mutex_unlock (&run->lock);
        vinv_backend_close (backend);
    }

    g_mutex_lock (&run->lock);
    if (c->abandoned) {
        /* the load went on without it; its part is the run's to free */
        run->n_abandoned--;
        g_mutex_unlock (&run->lock);
        return;
    }
    c->opened = opened;
    c->fraction = 1.0;
    if (ok) {
        c->state = CONN_OK;
    } else {
        c->error = g_steal_pointer (&error);
        c->state = g_error_matches (c->error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH)
                   && run->can_ask && run->options.password == NULL && c->reported == 0
                   ? CONN_WANTS_PASSWORD : CONN_FAILED;
    }
    g_mutex_unlock (&run->lock);
    merge_complete_tables (run);
}

static gpointer
worker (gpointer data)
{
    Run *run = data;

    for (;;) {
        g_mutex_lock (&run->lock);
        if (run->queue->len == 0 || run->cancelled) {
            run->n_workers--;
            g_cond_broadcast (&run->cond);
            g_mutex_unlock (&run->lock);
            break;
        }
        guint index = g_array_index (run->queue, guint, 0);
        g_array_remove_index (run->queue, 0);
        run->conns[index].state = CONN_RUNNING;
        g_mutex_unlock (&run->lock);
        load_connection (run, index);
    }
    run_unref (run);
    return NULL;
}

static void
on_cancelled (GCancellable *cancellable, gpointer data)
{
    Run *run = data;

    g_mutex_lock (&run->lock);
    run->cancelled = TRUE;
    g_cond_broadcast (&run->cond);
    g_mutex_unlock (&run->lock);
}

/* The time limit has passed and then the grace: the connections still
 * queued or running fail, and the load stops waiting for their workers
 * (which end on their own, unheard).  Run.lock held. */
static void
abandon_running (Run *run)
{
    for (guint i = 0; i < run->n_conns; i++) {
        Conn *c = &run->conns[i];
        if (c->state != CONN_QUEUED && c->state != CONN_RUNNING)
            continue;
        if (c->state == CONN_RUNNING) {
            c->abandoned = TRUE;
            run->n_abandoned++;
        }
        c->fraction = 1.0;
        if (c->fetched) {
            /* it only closes: what it fetched stands */
            c->opened = TRUE;
            c->state = c->fetch_ok ? CONN_OK : CONN_FAILED;
            c->error = c->fetch_ok ? NULL : g_error_copy (c->fetch_error);
            continue;
        }
        c->state = CONN_FAILED;
        c->opened = c->part != NULL;
        c->error = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TIMEOUT,
                                "%s: not loaded within the load time limit of %u s", c->uri,
                                run->options.timeout);
    }
    g_array_set_size (run->queue, 0);
}

/* Starts workers for the queued connections (at most @max) and waits for
 * them all, or for a cancel.  Returns FALSE if cancelled; the workers of a
 * cancelled round are left to finish on their own. */
static gboolean
run_round (Run *run, guint max)
{
    g_autoptr (GPtrArray) threads = g_ptr_array_new ();
    gboolean cancelled;

    g_mutex_lock (&run->lock);
    guint n = run->cancelled ? 0 : MIN (run->queue->len, max);
    run->n_workers += n;
    if (run->options.timeout > 0) {
        /* no worker runs now: the options are ours to change */
        run->options.deadline = g_get_monotonic_time ()
                                + (gint64) run->options.timeout * G_TIME_SPAN_SECOND;
        run->hard_deadline = run->options.deadline
                             + (gint64) MIN (VINV_SESSION_GRACE_S, run->options.timeout)
                               * G_TIME_SPAN_SECOND;
    }
    g_mutex_unlock (&run->lock);
    for (guint i = 0; i < n; i++)
        g_ptr_array_add (threads, vinv_secret_thread_new ("vinv-session", worker, run_ref (run)));

    g_mutex_lock (&run->lock);
    while (run->n_workers > run->n_abandoned && !run->cancelled) {
        if (run->hard_deadline == 0)
            g_cond_wait (&run->cond, &run->lock);
        else if (!g_cond_wait_until (&run->cond, &run->lock, run->hard_deadline))
            abandon_running (run);
    }
    cancelled = run->cancelled;
    gboolean left = run->n_abandoned > 0;
    g_mutex_unlock (&run->lock);

    for (guint i = 0; i < threads->len; i++) {
        if (cancelled || left)
            vinv_secret_thread_detach (threads->pdata[i]);
        else
            vinv_secret_thread_join (threads->pdata[i]);
    }
    if (left && !cancelled)
        merge_complete_tables (run);    /* what the abandoned ones had reported */
    return !cancelled;
}

/* Asks for a password when connections wanted one, and queues them again
 * with it; or, without one, lets their failures stand.  Returns TRUE if
 * some were queued. */
static gboolean
retry_with_password (VinvSession *self, Run *run)
{
    const char *first = NULL;
    char *password = NULL;
    gboolean queued = FALSE;

    for (guint i = 0; i < run->n_conns && first == NULL; i++) {
        if (run->conns[i].state == CONN_WANTS_PASSWORD)
            first = run->conns[i].uri;
    }
    if (first == NULL)
        return FALSE;
    /* no worker runs now: the options and states are ours */
    password = self->password_func (first, run->options.user, self->password_data);

    g_mutex_lock (&run->lock);
    if (password != NULL)
        run->options.password = password;
    for (guint i = 0; i < run->n_conns; i++) {
        Conn *c = &run->conns[i];
        if (c->state != CONN_WANTS_PASSWORD)
            continue;
        if (password == NULL) {
            c->state = CONN_FAILED;
            continue;
        }
        c->state = CONN_QUEUED;
        c->opened = FALSE;
        c->fraction = 0;
        g_clear_error (&c->error);
        c->fetched = FALSE;
        g_clear_error (&c->fetch_error);
        g_clear_pointer (&c->part, vinv_inventory_free);
        g_clear_pointer (&c->source_name, g_free);
        g_array_append_val (run->queue, i);
        queued = TRUE;
    }
    g_mutex_unlock (&run->lock);
    if (!queued)
        merge_complete_tables (run);
    return queued;
}

/* Adds the sources of every connection to the result, in the order given:
 * a loaded one's as its back-end registered them, a failed one as a
 * source with its error.  No worker runs any more. */
static void
add_sources (Run *run)
{
    for (guint i = 0; i < run->n_conns; i++) {
        const Conn *c = &run->conns[i];
        /* the part of a connection abandoned while fetching is still its
         * worker's */
        guint n = c->part != NULL && (!c->abandoned || c->fetched)
                  ? vinv_inventory_get_n_sources (c->part) : 0;
        const char *name = c->source_name != NULL ? c->source_name : c->uri;
        gboolean named = FALSE;

        for (guint j = 0; j < n; j++) {
            const VinvSource *s = vinv_inventory_get_source (c->part, j);
            vinv_inventory_add_source (run->result, s->name, s->uri, s->tables);
            for (guint k = 0; s->notes != NULL && s->notes[k] != NULL; k++)
                vinv_inventory_add_source_note (run->result, s->name, s->notes[k]);
            if (s->error != NULL)
                vinv_inventory_set_source_error (run->result, s->name, s->error);
            named = named || strcmp (s->name, name) == 0;
        }
        if (c->state == CONN_OK)
            continue;
        if (!named)
            vinv_inventory_add_source (run->result, name, c->uri, 0);
        vinv_inventory_set_source_error (run->result, name, c->error->message);
    }
}

/* The error of a load in which every connection failed. */
static GError *
all_failed_error (Run *run)
{
    g_autoptr (GString) lines = g_string_new (NULL);
    const GError *first = run->conns[0].error;

    if (run->n_conns == 1)
        return g_error_copy (first);
    for (guint i = 0; i < run->n_conns; i++)
        g_string_append_printf (lines, "%s%s", i > 0 ? "\n" : "", run->conns[i].error->message);
    return g_error_new_literal (VINV_BACKEND_ERROR,
                                first->domain == VINV_BACKEND_ERROR ? first->code
                                : VINV_BACKEND_ERROR_FAILED, lines->str);
}

/* Keeps what the front end may ask after the load. */
static void
keep_outcome (VinvSession *self, Run *run)
{
    self->loaded = TRUE;
    self->errors = g_new0 (GError *, run->n_conns);
    self->opened = g_new0 (gboolean, run->n_conns);
    self->sources = g_new0 (char **, run->n_conns);
    for (guint i = 0; i < run->n_conns; i++) {
        const Conn *c = &run->conns[i];
        guint n = c->state == CONN_OK ? vinv_inventory_get_n_sources (c->part) : 0;
        if (c->state == CONN_OK)
            self->n_loaded++;
        else
            self->errors[i] = g_error_copy (c->error);
        self->opened[i] = c->opened;
        self->sources[i] = g_new0 (char *, n + 1);
        for (guint j = 0; j < n; j++)
            self->sources[i][j] = g_strdup (vinv_inventory_get_source (c->part, j)->name);
    }
}

VinvInventory *
vinv_session_load (VinvSession *self, GCancellable *cancellable, GError **error)
{
    g_return_val_if_fail (!self->loaded, NULL);
    Run *run = g_new0 (Run, 1);
    gulong handler = 0;
    gboolean completed = TRUE;

    run->ref = 1;
    g_mutex_init (&run->lock);
    g_cond_init (&run->cond);
    g_mutex_init (&run->cb_lock);
    run->n_conns = g_strv_length (self->uris);
    run->conns = g_new0 (Conn, run->n_conns);
    run->queue = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint i = 0; i < run->n_conns; i++) {
        run->conns[i].uri = g_strdup (self->uris[i]);
        g_array_append_val (run->queue, i);
    }
    vinv_connect_options_copy (&run->options, &self->options);
    /* load_connection() opens, fetches once and closes */
    run->options.fetch_once = TRUE;
    run->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
    run->result = vinv_inventory_new ();
    run->active = TRUE;
    run->progress = self->progress;
    run->progress_data = self->progress_data;
    run->table_func = self->table_func;
    run->table_data = self->table_data;
    run->can_ask = self->password_func != NULL;

    if (cancellable != NULL)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled),
                                         run_ref (run), (GDestroyNotify) run_unref);
    do {
        completed = run_round (run, self->max_parallel);
    } while (completed && retry_with_password (self, run));

    g_mutex_lock (&run->lock);
    run->over = TRUE;
    g_mutex_unlock (&run->lock);
    /* from here on no callback runs: those in progress have ended */
    g_mutex_lock (&run->cb_lock);
    run->active = FALSE;
    g_mutex_unlock (&run->cb_lock);
    if (handler != 0)
        g_cancellable_disconnect (cancellable, handler);

    if (!completed || g_cancellable_is_cancelled (cancellable)) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Loading cancelled");
        self->cancelled_run = run;
        return NULL;
    }

    /* every connection has ended, so every table is merged, computed and
     * handed over: only the sources are left */
    keep_outcome (self, run);
    if (self->n_loaded == 0) {
        g_propagate_error (error, all_failed_error (run));
        run_unref (run);
        return NULL;
    }
    add_sources (run);
    VinvInventory *result = g_steal_pointer (&run->result);
    run_unref (run);
    return result;
}

/* ---- the session object ------------------------------------------------- */

VinvSession *
vinv_session_new (const char *const *uris, const VinvConnectOptions *options)
{
    g_return_val_if_fail (uris != NULL && uris[0] != NULL, NULL);
    VinvSession *self = g_new0 (VinvSession, 1);

    self->uris = g_strdupv ((char **) uris);
    vinv_connect_options_copy (&self->options, options);
    self->max_parallel = DEFAULT_MAX_PARALLEL;
    return self;
}

void
vinv_session_free (VinvSession *self)
{
    if (self == NULL)
        return;
    for (guint i = 0; self->errors != NULL && self->uris[i] != NULL; i++) {
        g_clear_error (&self->errors[i]);
        g_strfreev (self->sources[i]);
    }
    g_free (self->errors);
    g_free (self->sources);
    g_free (self->opened);
    g_strfreev (self->uris);
    vinv_connect_options_clear (&self->options);
    if (self->cancelled_run != NULL)
        run_unref (self->cancelled_run);
    g_free (self);
}

gboolean
vinv_session_wait_closed (VinvSession *self, guint timeout_ms)
{
    Run *run = self->cancelled_run;
    if (run == NULL)
        return TRUE;

    gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
    g_mutex_lock (&run->lock);
    while (run->n_workers > 0 && g_cond_wait_until (&run->cond, &run->lock, deadline))
        ;
    gboolean done = run->n_workers == 0;
    g_mutex_unlock (&run->lock);
    return done;
}

void
vinv_session_set_max_parallel (VinvSession *self, guint n)
{
    self->max_parallel = n > 0 ? n : DEFAULT_MAX_PARALLEL;
}

void
vinv_session_set_interactive (VinvSession *self, gboolean interactive)
{
    g_return_if_fail (!self->loaded);
    self->options.interactive = interactive;
}

void
vinv_session_set_progress_func (VinvSession *self, VinvSessionProgressFunc func,
                                gpointer user_data)
{
    self->progress = func;
    self->progress_data = user_data;
}

void
vinv_session_set_table_func (VinvSession *self, VinvSessionTableFunc func, gpointer user_data)
{
    self->table_func = func;
    self->table_data = user_data;
}

void
vinv_session_set_password_func (VinvSession *self, VinvSessionPasswordFunc func,
                                gpointer user_data)
{
    self->password_func = func;
    self->password_data = user_data;
}

guint
vinv_session_get_n_connections (const VinvSession *self)
{
    return g_strv_length (self->uris);
}

guint
vinv_session_get_n_loaded (const VinvSession *self)
{
    return self->n_loaded;
}

const char *
vinv_session_get_uri (const VinvSession *self, guint index)
{
    g_return_val_if_fail (index < g_strv_length (self->uris), NULL);
    return self->uris[index];
}

const GError *
vinv_session_get_error (const VinvSession *self, guint index, gboolean *opened)
{
    g_return_val_if_fail (index < g_strv_length (self->uris), NULL);
    if (opened != NULL)
        *opened = self->opened != NULL && self->opened[index];
    return self->errors != NULL ? self->errors[index] : NULL;
}

const char *const *
vinv_session_get_sources (const VinvSession *self, guint index)
{
    static const char *const none[] = { NULL };

    g_return_val_if_fail (index < g_strv_length (self->uris), none);
    return self->sources != NULL ? (const char *const *) self->sources[index] : none;
}
