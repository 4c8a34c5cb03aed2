/* test-session.c — the session (core/session.h) against a back-end that
 * the test steers: the order of merged rows whatever order connections
 * finish in, errors of some connections while others load, cancelling
 * (with a back-end that ignores it), tables handed over as they complete,
 * the password asked once, and resolving what to open.
 *
 * The back-end ("gate:NAME") is the core's interface under test, so a
 * test back-end is the real thing here.  Its fetch reports Disks and
 * Snapshots complete (it fills none), fills VMs (ROWS rows,
 * default 2), waits at gate "NAME:vms", reports VMs complete, fills one
 * Host, waits at gate "NAME:end" and returns (Hosts is then reported by
 * the core).  The test opens gates in the order it wants connections to
 * progress and waits for the events the back-end records ("NAME:open",
 * "NAME:vms", "NAME:end", "NAME:closed"), so nothing depends on timing.
 * Waits have a generous deadline only so that a bug fails instead of
 * hanging; no assertion is about time.
 *
 * Special names: "refuse" fails to open; "auth" opens only with the
 * password "pw"; "fetchfail" fails its fetch before reporting anything;
 * "latefail" fails after reporting VMs; "stubborn" waits at its gates
 * without regard to cancellation; "slowclose" waits at gate
 * "slowclose:close" when closed (an engine slow to log out).
 */
#include <string.h>
#include <glib/gstdio.h>
#include "core/session.h"

#define DEADLINE_S 30

/* ---- gates and events ----------------------------------------------------- */

static GMutex lock;
static GCond cond;
static GHashTable *gates;        /* names of open gates */
static GPtrArray *events;        /* what happened, in order */

static void
reset (void)
{
    g_mutex_lock (&lock);
    g_clear_pointer (&gates, g_hash_table_unref);
    g_clear_pointer (&events, g_ptr_array_unref);
    gates = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    events = g_ptr_array_new_with_free_func (g_free);
    g_mutex_unlock (&lock);
}

static void
open_gate (const char *name)
{
    g_mutex_lock (&lock);
    g_hash_table_add (gates, g_strdup (name));
    g_cond_broadcast (&cond);
    g_mutex_unlock (&lock);
}

static void
record (const char *format, ...) G_GNUC_PRINTF (1, 2);

static void
record (const char *format, ...)
{
    va_list args;

    va_start (args, format);
    char *text = g_strdup_vprintf (format, args);
    va_end (args);
    g_mutex_lock (&lock);
    g_ptr_array_add (events, text);
    g_cond_broadcast (&cond);
    g_mutex_unlock (&lock);
}

static gboolean
has_event_locked (const char *event)
{
    for (guint i = 0; i < events->len; i++) {
        if (strcmp (events->pdata[i], event) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean
has_event (const char *event)
{
    g_mutex_lock (&lock);
    gboolean found = has_event_locked (event);
    g_mutex_unlock (&lock);
    return found;
}

/* Waits until @event was recorded; FALSE at the deadline. */
static gboolean
wait_event (const char *event)
{
    gint64 deadline = g_get_monotonic_time () + DEADLINE_S * G_TIME_SPAN_SECOND;
    gboolean found;

    g_mutex_lock (&lock);
    while (!(found = has_event_locked (event)) && g_cond_wait_until (&cond, &lock, deadline))
        ;
    found = has_event_locked (event);
    g_mutex_unlock (&lock);
    return found;
}

static void
on_cancel_wake (GCancellable *cancellable, gpointer data)
{
    g_mutex_lock (&lock);
    g_cond_broadcast (&cond);
    g_mutex_unlock (&lock);
}

/* Waits until gate @name opens (TRUE) or, unless @stubborn, @cancellable
 * fires (FALSE). */
static gboolean
wait_gate (const char *name, GCancellable *cancellable, gboolean stubborn)
{
    gulong handler = 0;
    gboolean open;

    if (cancellable != NULL && !stubborn)
        handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancel_wake), NULL, NULL);
    g_mutex_lock (&lock);
    while (!(open = g_hash_table_contains (gates, name))
           && (stubborn || !g_cancellable_is_cancelled (cancellable)))
        g_cond_wait (&cond, &lock);
    g_mutex_unlock (&lock);
    if (handler != 0)
        g_cancellable_disconnect (cancellable, handler);
    return open;
}

/* ---- the back-end --------------------------------------------------------- */

static const VinvBackendClass gate_class;

static VinvBackend *
gate_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    const char *name = uri + strlen ("gate:");

    if (strcmp (name, "refuse") == 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT,
                     "%s: connection refused", uri);
        return NULL;
    }
    if (strcmp (name, "auth") == 0 && g_strcmp0 (options->password, "pw") != 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                     "%s: authentication failed", uri);
        return NULL;
    }
    VinvBackend *self = g_new0 (VinvBackend, 1);
    vinv_backend_init (self, &gate_class, uri, name);
    record ("%s:open", name);
    if (options->interactive)
        record ("%s:interactive", name);
    return self;
}

static gboolean
fetch_cancelled (VinvBackend *self, GError **error)
{
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED,
                 "%s: cancelled", self->uri);
    return FALSE;
}

static gboolean
gate_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    const char *name = self->source_name;
    gboolean stubborn = strcmp (name, "stubborn") == 0;
    g_autofree char *vms_gate = g_strconcat (name, ":vms", NULL);
    g_autofree char *end_gate = g_strconcat (name, ":end", NULL);
    g_autofree char *host_id = g_strdup_printf ("%s-host", name);
    VinvProgress p = { .source = name, .what = "VMs", .done = 0, .total = 2 };

    progress (&p, user_data);
    if (strcmp (name, "fetchfail") == 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                     "%s: nonsense from the server", self->uri);
        return FALSE;
    }
    vinv_inventory_add_source (inventory, name, self->uri, self->klass->tables);
    /* it fills no disks and no snapshots: complete at once, so that VMs,
     * whose computed columns read them, can be handed over before the
     * connection ends */
    vinv_backend_table_done (self, VINV_TABLE_DISK);
    vinv_backend_table_done (self, VINV_TABLE_SNAP);
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    for (guint i = 1; i <= 2; i++) {
        g_autofree char *id = g_strdup_printf ("%s-vm%u", name, i);
        guint row = vinv_table_add_row (vms, name, id);
        vinv_table_set_string (vms, row, VINV_VM_NAME, id);
    }
    if (!wait_gate (vms_gate, cancellable, stubborn))
        return fetch_cancelled (self, error);
    record ("%s:vms", name);
    vinv_backend_table_done (self, VINV_TABLE_VM);
    p.done = 1;
    progress (&p, user_data);

    if (strcmp (name, "latefail") == 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT,
                     "%s: connection lost", self->uri);
        return FALSE;
    }
    VinvTable *hosts = vinv_inventory_ensure_table (inventory, VINV_TABLE_HOST);
    vinv_table_add_row (hosts, name, host_id);
    if (!wait_gate (end_gate, cancellable, stubborn))
        return fetch_cancelled (self, error);
    record ("%s:end", name);
    return TRUE;
}

static void
gate_close (VinvBackend *self)
{
    if (strcmp (self->source_name, "slowclose") == 0)
        wait_gate ("slowclose:close", NULL, TRUE);
    record ("%s:closed", self->source_name);
    vinv_backend_finalize (self);
    g_free (self);
}

static const char *const gate_schemes[] = { "gate", NULL };

static const VinvBackendClass gate_class = {
    .name = "gate",
    .title = "Gate",
    .schemes = gate_schemes,
    .uri_example = "gate:NAME",
    .open = gate_open,
    .fetch = gate_fetch,
    .close = gate_close,
};

/* A back-end that needs a user and a password, for any "needy" or
 * "needy+TRANSPORT" scheme.  Never opened. */
static const char *const needy_schemes[] = { "needy", "needy+*", NULL };

static const VinvBackendClass needy_class = {
    .name = "needy",
    .title = "Needy",
    .schemes = needy_schemes,
    .uri_example = "needy://HOST",
    .needs_user = TRUE,
    .user_hint = "USER@DOMAIN",
    .needs_password = TRUE,
    .open = gate_open,
    .fetch = gate_fetch,
    .close = gate_close,
};

/* ---- running a load in a thread ------------------------------------------ */

/* What the callbacks saw. */
typedef struct {
    GMutex lock;
    GPtrArray *tables;           /* "vms 6" for each table callback, in order */
    guint n_progress;
    gboolean bad_fraction;
    guint n_after_return;        /* callbacks after the load returned */
    gboolean returned;
    guint n_password;
    char *password_uri;
    char *password;              /* to answer, or NULL */
} Seen;

static void
seen_init (Seen *seen)
{
    memset (seen, 0, sizeof *seen);
    g_mutex_init (&seen->lock);
    seen->tables = g_ptr_array_new_with_free_func (g_free);
}

static void
seen_clear (Seen *seen)
{
    g_ptr_array_unref (seen->tables);
    g_free (seen->password_uri);
    g_free (seen->password);
    g_mutex_clear (&seen->lock);
}

static void
on_table (VinvTableKind kind, VinvTable *table, gpointer user_data)
{
    Seen *seen = user_data;

    g_mutex_lock (&seen->lock);
    if (seen->returned)
        seen->n_after_return++;
    /* handed over with its computed columns filled (no VM names a host
     * here: 0 running vCPUs), never to be changed after */
    if (kind == VINV_TABLE_HOST && vinv_table_get_n_rows (table) > 0)
        g_assert_cmpint (vinv_table_get_cell (table, 0, VINV_HOST_RUNNING_VCPUS)->kind, ==,
                         VINV_CELL_INT);
    g_ptr_array_add (seen->tables, g_strdup_printf ("%s %u", vinv_table_get_schema (table)->id,
                                                    vinv_table_get_n_rows (table)));
    g_mutex_unlock (&seen->lock);
    record ("table:%s", vinv_table_get_schema (table)->id);
}

static void
on_progress (const VinvSessionProgress *progress, gpointer user_data)
{
    Seen *seen = user_data;

    g_mutex_lock (&seen->lock);
    if (seen->returned)
        seen->n_after_return++;
    seen->n_progress++;
    if (progress->fraction < 0 || progress->fraction > 1
        || (progress->stage == VINV_SESSION_LOADING) != (progress->backend != NULL))
        seen->bad_fraction = TRUE;
    g_mutex_unlock (&seen->lock);
}

static char *
on_password (const char *uri, const char *user, gpointer user_data)
{
    Seen *seen = user_data;

    seen->n_password++;
    g_free (seen->password_uri);
    seen->password_uri = g_strdup (uri);
    return g_strdup (seen->password);
}

typedef struct {
    VinvSession *session;
    GCancellable *cancellable;
    Seen *seen;
    VinvInventory *result;
    GError *error;
} Load;

static gpointer
load_thread (gpointer data)
{
    Load *load = data;

    load->result = vinv_session_load (load->session, load->cancellable, &load->error);
    g_mutex_lock (&load->seen->lock);
    load->seen->returned = TRUE;
    g_mutex_unlock (&load->seen->lock);
    record ("returned");
    return NULL;
}

/* Starts loading @uris in a thread, with the callbacks recording in @seen. */
static GThread *
start_load (Load *load, const char *const *uris, const VinvConnectOptions *options,
            Seen *seen)
{
    memset (load, 0, sizeof *load);
    load->session = vinv_session_new (uris, options);
    load->cancellable = g_cancellable_new ();
    load->seen = seen;
    vinv_session_set_table_func (load->session, on_table, seen);
    vinv_session_set_progress_func (load->session, on_progress, seen);
    return g_thread_new ("test-load", load_thread, load);
}

static void
load_clear (Load *load)
{
    vinv_session_free (load->session);
    g_object_unref (load->cancellable);
    g_clear_pointer (&load->result, vinv_inventory_free);
    g_clear_error (&load->error);
}

static void
open_all (const char *const *names)
{
    for (guint i = 0; names[i] != NULL; i++) {
        g_autofree char *vms = g_strconcat (names[i], ":vms", NULL);
        g_autofree char *end = g_strconcat (names[i], ":end", NULL);
        open_gate (vms);
        open_gate (end);
    }
}

/* The ids of @table's rows, joined by ' '. */
static char *
row_ids (const VinvInventory *inventory, VinvTableKind kind)
{
    VinvTable *table = vinv_inventory_get_table (inventory, kind);
    GString *out = g_string_new (NULL);

    for (guint r = 0; table != NULL && r < vinv_table_get_n_rows (table); r++)
        g_string_append_printf (out, "%s%s", r > 0 ? " " : "", vinv_table_get_row_id (table, r));
    return g_string_free (out, FALSE);
}

static char *
source_names (const VinvInventory *inventory)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        const VinvSource *s = vinv_inventory_get_source (inventory, i);
        g_string_append_printf (out, "%s%s%s", i > 0 ? " " : "", s->name,
                                s->error != NULL ? "(failed)" : "");
    }
    return g_string_free (out, FALSE);
}

static void
register_backends (void)
{
    vinv_backend_register (&gate_class);
    vinv_backend_register (&needy_class);
}

/* ---- order and per-table completion -------------------------------------- */

static void
test_order (void)
{
    const char *uris[] = { "gate:a", "gate:b", "gate:c", NULL };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    GThread *thread = start_load (&load, uris, NULL, &seen);

    /* all three run at once (up to 8 may): each is past open */
    g_assert_true (wait_event ("a:open"));
    g_assert_true (wait_event ("b:open"));
    g_assert_true (wait_event ("c:open"));

    /* c reports VMs first, then b: VMs is not complete while a has not */
    open_gate ("c:vms");
    g_assert_true (wait_event ("c:vms"));
    open_gate ("b:vms");
    g_assert_true (wait_event ("b:vms"));
    g_assert_false (has_event ("table:vms"));
    /* a completes VMs: the table is handed over at once, before any
     * connection has ended (Hosts is not complete) */
    open_gate ("a:vms");
    g_assert_true (wait_event ("table:vms"));
    g_assert_false (has_event ("table:hosts"));
    g_mutex_lock (&seen.lock);
    g_assert_cmpuint (seen.tables->len, ==, 1);
    g_assert_cmpstr (seen.tables->pdata[0], ==, "vms 6");
    g_mutex_unlock (&seen.lock);

    /* they end in the reverse of the order given */
    open_gate ("c:end");
    g_assert_true (wait_event ("c:closed"));
    open_gate ("b:end");
    g_assert_true (wait_event ("b:closed"));
    g_assert_false (has_event ("table:hosts"));
    open_gate ("a:end");
    g_thread_join (thread);

    g_assert_no_error (load.error);
    g_assert_nonnull (load.result);
    g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
    g_autofree char *hosts = row_ids (load.result, VINV_TABLE_HOST);
    g_autofree char *sources = source_names (load.result);
    g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 b-vm1 b-vm2 c-vm1 c-vm2");
    g_assert_cmpstr (hosts, ==, "a-host b-host c-host");
    g_assert_cmpstr (sources, ==, "a b c");
    /* each table once, complete */
    g_assert_cmpuint (seen.tables->len, ==, 2);
    g_assert_cmpstr (seen.tables->pdata[1], ==, "hosts 3");
    /* the tables handed over are the inventory's */
    g_assert_cmpuint (vinv_inventory_count_failures (load.result), ==, 0);
    g_assert_cmpuint (vinv_session_get_n_loaded (load.session), ==, 3);
    g_assert_cmpuint (seen.n_after_return, ==, 0);
    g_assert_cmpuint (seen.n_progress, >=, 3 * 3);
    g_assert_false (seen.bad_fraction);
    seen_clear (&seen);
    load_clear (&load);
}

/* The same rows in the same order whichever connection ends first. */
static void
test_order_any_finish (void)
{
    static const char *const orders[][3] = {
        { "a", "b", "c" }, { "c", "b", "a" }, { "b", "c", "a" }, { "a", "c", "b" },
    };
    const char *uris[] = { "gate:a", "gate:b", "gate:c", NULL };

    for (guint o = 0; o < G_N_ELEMENTS (orders); o++) {
        Seen seen;
        Load load;

        reset ();
        seen_init (&seen);
        GThread *thread = start_load (&load, uris, NULL, &seen);
        for (guint i = 0; i < 3; i++) {
            g_autofree char *closed = g_strconcat (orders[o][i], ":closed", NULL);
            const char *names[] = { orders[o][i], NULL };
            open_all (names);
            g_assert_true (wait_event (closed));
        }
        g_thread_join (thread);
        g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
        g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 b-vm1 b-vm2 c-vm1 c-vm2");
        g_assert_cmpuint (seen.tables->len, ==, 2);
        seen_clear (&seen);
        load_clear (&load);
    }
}

/* At most max_parallel connections run at once. */
static void
test_bounded (void)
{
    const char *uris[] = { "gate:a", "gate:b", "gate:c", NULL };
    const char *names[] = { "a", "b", "c", NULL };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    memset (&load, 0, sizeof load);
    load.session = vinv_session_new (uris, NULL);
    load.cancellable = g_cancellable_new ();
    load.seen = &seen;
    vinv_session_set_max_parallel (load.session, 2);
    vinv_session_set_table_func (load.session, on_table, &seen);
    GThread *thread = g_thread_new ("test-load", load_thread, &load);

    g_assert_true (wait_event ("a:open"));
    g_assert_true (wait_event ("b:open"));
    /* a and b wait at their gates: c has no worker yet */
    g_assert_false (has_event ("c:open"));
    open_all (names);
    g_thread_join (thread);
    g_assert_true (has_event ("c:closed"));
    g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
    g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 b-vm1 b-vm2 c-vm1 c-vm2");
    seen_clear (&seen);
    load_clear (&load);
}

/* ---- errors --------------------------------------------------------------- */

static void
test_source_errors (void)
{
    const char *uris[] = { "gate:a", "nosuch:x", "gate:refuse", "gate:fetchfail",
                           "gate:latefail", "gate:b", NULL };
    const char *names[] = { "a", "latefail", "b", NULL };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    open_all (names);
    GThread *thread = start_load (&load, uris, NULL, &seen);
    g_thread_join (thread);

    g_assert_no_error (load.error);
    g_assert_nonnull (load.result);
    VinvSession *s = load.session;
    g_assert_cmpuint (vinv_session_get_n_connections (s), ==, 6);
    g_assert_cmpuint (vinv_session_get_n_loaded (s), ==, 2);

    gboolean opened = TRUE;
    g_assert_null (vinv_session_get_error (s, 0, &opened));
    const GError *e = vinv_session_get_error (s, 1, &opened);
    g_assert_error (e, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI);
    g_assert_false (opened);
    g_assert_nonnull (strstr (e->message, "no back-end handles 'nosuch:x'"));
    g_assert_nonnull (strstr (e->message, "gate"));      /* names what works */
    g_assert_nonnull (strstr (e->message, "needy[+*]"));
    g_assert_null (strchr (e->message, '\n'));
    e = vinv_session_get_error (s, 2, &opened);
    g_assert_error (e, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_assert_false (opened);
    e = vinv_session_get_error (s, 3, &opened);
    g_assert_error (e, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL);
    g_assert_true (opened);
    e = vinv_session_get_error (s, 4, &opened);
    g_assert_error (e, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_assert_true (opened);
    g_assert_null (vinv_session_get_error (s, 5, NULL));

    /* the failures are sources with an error, in the order given; rows
     * come from the connections that loaded, and from the tables the late
     * failure had reported complete (VMs, not Hosts) */
    g_autofree char *sources = source_names (load.result);
    g_assert_cmpstr (sources, ==, "a nosuch:x(failed) gate:refuse(failed) fetchfail(failed) "
                                  "latefail(failed) b");
    g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
    g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 latefail-vm1 latefail-vm2 b-vm1 b-vm2");
    g_autofree char *hosts = row_ids (load.result, VINV_TABLE_HOST);
    g_assert_cmpstr (hosts, ==, "a-host b-host");
    const VinvSource *refused = vinv_inventory_get_source (load.result, 2);
    g_assert_cmpstr (refused->uri, ==, "gate:refuse");
    g_assert_nonnull (strstr (refused->error, "connection refused"));
    g_assert_null (refused->tables);
    g_assert_cmpuint (vinv_inventory_count_failures (load.result), ==, 4);
    g_assert_cmpuint (seen.tables->len, ==, 2);
    seen_clear (&seen);
    load_clear (&load);
}

static void
test_all_failed (void)
{
    const char *one[] = { "gate:refuse", NULL };
    const char *two[] = { "gate:refuse", "nosuch:x", NULL };
    g_autoptr (GError) error = NULL;

    reset ();
    g_autoptr (VinvSession) s1 = vinv_session_new (one, NULL);
    g_assert_null (vinv_session_load (s1, NULL, &error));
    /* one URI: the back-end's own error */
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_assert_cmpstr (error->message, ==, "gate:refuse: connection refused");
    g_assert_cmpuint (vinv_session_get_n_loaded (s1), ==, 0);
    g_clear_error (&error);

    /* several: one line each, in the order given */
    g_autoptr (VinvSession) s2 = vinv_session_new (two, NULL);
    g_assert_null (vinv_session_load (s2, NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_auto (GStrv) lines = g_strsplit (error->message, "\n", -1);
    g_assert_cmpuint (g_strv_length (lines), ==, 2);
    g_assert_cmpstr (lines[0], ==, "gate:refuse: connection refused");
    g_assert_true (g_str_has_prefix (lines[1], "no back-end handles 'nosuch:x'"));
    g_assert_nonnull (vinv_session_get_error (s2, 1, NULL));
}

/* ---- cancel --------------------------------------------------------------- */

static void
test_cancel (void)
{
    const char *uris[] = { "gate:a", "gate:b", "gate:stubborn", NULL };
    const char *a[] = { "a", NULL };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    GThread *thread = start_load (&load, uris, NULL, &seen);
    /* a ends; b waits at its gates (it notices cancellation); stubborn
     * waits at its gates and does not */
    open_all (a);
    g_assert_true (wait_event ("a:closed"));
    g_assert_true (wait_event ("b:open"));
    g_assert_true (wait_event ("stubborn:open"));
    g_cancellable_cancel (load.cancellable);

    /* the load returns while stubborn still waits: if it waited for it,
     * this would never come (its gate opens only after) */
    g_assert_true (wait_event ("returned"));
    g_assert_false (has_event ("stubborn:closed"));
    g_thread_join (thread);
    g_assert_error (load.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_null (load.result);
    /* nothing half-merged was handed over: no table was complete */
    g_assert_cmpuint (seen.tables->len, ==, 0);

    /* stubborn goes on, then ends: nothing reaches the callbacks */
    open_gate ("stubborn:vms");
    open_gate ("stubborn:end");
    g_assert_true (wait_event ("stubborn:closed"));
    g_assert_true (wait_event ("b:closed"));
    g_mutex_lock (&seen.lock);
    g_assert_cmpuint (seen.n_after_return, ==, 0);
    g_assert_cmpuint (seen.tables->len, ==, 0);
    g_mutex_unlock (&seen.lock);
    seen_clear (&seen);
    load_clear (&load);
}

static void
test_cancel_before (void)
{
    const char *uris[] = { "gate:a", NULL };
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvSession) session = vinv_session_new (uris, NULL);

    reset ();
    g_cancellable_cancel (cancellable);
    g_assert_null (vinv_session_load (session, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_false (has_event ("a:open"));
}

/* ---- the time limit ------------------------------------------------------- */

/* A back-end that ignores the deadline (stubborn, as a libvirt call that
 * does not return) is abandoned a little after it: its connection fails
 * naming the limit, the tables it had reported complete and the other
 * connection's rows stay, and it is never heard of again. */
static void
test_time_limit (void)
{
    const char *uris[] = { "gate:a", "gate:stubborn", NULL };
    const char *a[] = { "a", NULL };
    VinvConnectOptions options = { .timeout = 1 };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    open_all (a);
    GThread *thread = start_load (&load, uris, &options, &seen);
    g_assert_true (wait_event ("returned"));
    g_thread_join (thread);
    g_assert_no_error (load.error);
    g_assert_nonnull (load.result);
    g_assert_false (has_event ("stubborn:vms"));

    const GError *e = vinv_session_get_error (load.session, 1, NULL);
    g_assert_error (e, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TIMEOUT);
    g_assert_cmpstr (e->message, ==, "gate:stubborn: not loaded within the load time limit "
                     "of 1 s");
    g_assert_null (vinv_session_get_error (load.session, 0, NULL));
    g_assert_cmpuint (vinv_session_get_n_loaded (load.session), ==, 1);
    g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
    g_assert_cmpstr (vms, ==, "a-vm1 a-vm2");
    g_autofree char *hosts = row_ids (load.result, VINV_TABLE_HOST);
    g_assert_cmpstr (hosts, ==, "a-host");
    g_autofree char *sources = source_names (load.result);
    g_assert_cmpstr (sources, ==, "a stubborn(failed)");

    /* stubborn goes on and ends: nothing reaches the callbacks */
    open_all ((const char *[]) { "stubborn", NULL });
    g_assert_true (wait_event ("stubborn:closed"));
    g_mutex_lock (&seen.lock);
    g_assert_cmpuint (seen.n_after_return, ==, 0);
    g_mutex_unlock (&seen.lock);
    seen_clear (&seen);
    load_clear (&load);
}

/* A connection given up while it closes (its fetch had returned) keeps
 * what it fetched: no error, its rows merged. */
static void
test_time_limit_closing (void)
{
    const char *uris[] = { "gate:a", "gate:slowclose", NULL };
    const char *open[] = { "a", "slowclose", NULL };
    VinvConnectOptions options = { .timeout = 1 };
    Seen seen;
    Load load;

    reset ();
    seen_init (&seen);
    open_all (open);
    GThread *thread = start_load (&load, uris, &options, &seen);
    g_assert_true (wait_event ("returned"));
    g_thread_join (thread);
    g_assert_no_error (load.error);
    g_assert_false (has_event ("slowclose:closed"));
    g_assert_null (vinv_session_get_error (load.session, 1, NULL));
    g_assert_cmpuint (vinv_session_get_n_loaded (load.session), ==, 2);
    g_autofree char *vms = row_ids (load.result, VINV_TABLE_VM);
    g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 slowclose-vm1 slowclose-vm2");
    g_autofree char *sources = source_names (load.result);
    g_assert_cmpstr (sources, ==, "a slowclose");
    open_gate ("slowclose:close");
    g_assert_true (wait_event ("slowclose:closed"));
    seen_clear (&seen);
    load_clear (&load);
}

/* ---- password ------------------------------------------------------------- */

static void
test_password (void)
{
    const char *uris[] = { "gate:a", "gate:auth", NULL };
    const char *names[] = { "a", "auth", NULL };
    VinvConnectOptions options = { .user = (char *) "admin@internal" };

    for (guint answer = 0; answer < 3; answer++) {
        Seen seen;
        g_autoptr (GError) error = NULL;
        g_autoptr (VinvSession) session = vinv_session_new (uris, &options);

        reset ();
        seen_init (&seen);
        open_all (names);
        seen.password = answer == 1 ? g_strdup ("pw") : answer == 2 ? g_strdup ("wrong") : NULL;
        vinv_session_set_password_func (session, on_password, &seen);
        vinv_session_set_table_func (session, on_table, &seen);
        g_autoptr (VinvInventory) inv = vinv_session_load (session, NULL, &error);
        g_assert_no_error (error);
        /* asked once, for the connection that wanted it */
        g_assert_cmpuint (seen.n_password, ==, 1);
        g_assert_cmpstr (seen.password_uri, ==, "gate:auth");
        g_autofree char *vms = row_ids (inv, VINV_TABLE_VM);
        if (answer == 1) {
            g_assert_cmpstr (vms, ==, "a-vm1 a-vm2 auth-vm1 auth-vm2");
            g_assert_cmpuint (vinv_session_get_n_loaded (session), ==, 2);
        } else {
            g_assert_cmpstr (vms, ==, "a-vm1 a-vm2");
            g_assert_error (vinv_session_get_error (session, 1, NULL), VINV_BACKEND_ERROR,
                            VINV_BACKEND_ERROR_AUTH);
        }
        /* the tables waited for the retry: handed over once, complete */
        g_assert_cmpuint (seen.tables->len, ==, 2);
        g_assert_cmpstr (seen.tables->pdata[0], ==, answer == 1 ? "vms 4" : "vms 2");
        seen_clear (&seen);
    }

    /* without a password function the failure stands, nothing is asked */
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvSession) session = vinv_session_new (uris, NULL);
    reset ();
    open_all (names);
    g_autoptr (VinvInventory) inv = vinv_session_load (session, NULL, &error);
    g_assert_nonnull (inv);
    g_assert_error (vinv_session_get_error (session, 1, NULL), VINV_BACKEND_ERROR,
                    VINV_BACKEND_ERROR_AUTH);
}

/* ---- back-ends as data ---------------------------------------------------- */

static void
test_schemes (void)
{
    g_assert_true (vinv_backend_class_for_uri ("gate:a") == &gate_class);
    g_assert_true (vinv_backend_class_for_uri ("GATE:a") == &gate_class);
    g_assert_true (vinv_backend_class_for_uri ("needy://h") == &needy_class);
    g_assert_true (vinv_backend_class_for_uri ("needy+ssh://h") == &needy_class);
    g_assert_null (vinv_backend_class_for_uri ("needyx://h"));
    g_assert_null (vinv_backend_class_for_uri ("gates:a"));
    g_assert_null (vinv_backend_class_for_uri ("file:/tmp/x"));
    g_assert_null (vinv_backend_class_for_uri ("no-scheme"));
    g_assert_null (vinv_backend_class_for_uri (""));
    g_assert_null (vinv_backend_class_for_uri ("1x:y"));

    g_autofree char *text = vinv_backend_dup_schemes_text ();
    g_assert_cmpstr (text, ==, "gate, needy[+*]; e.g. gate:NAME, needy://HOST");

    const VinvBackendClass *klass = NULL;
    VinvConnectOptions none = { 0 };
    VinvConnectOptions user = { .user = (char *) "admin@internal" };
    VinvConnectOptions password = { .password = (char *) "pw" };
    const char *uris[] = { "gate:a", "needy://h", "needy+ssh://u@h", NULL };
    const char *with_user[] = { "gate:a", "NEEDY+SSH://u@h/path", NULL };
    const char *at_in_path[] = { "needy://h/x@y", NULL };
    g_assert_cmpstr (vinv_session_find_missing_user (uris, &none, &klass), ==, "needy://h");
    g_assert_true (klass == &needy_class);
    g_assert_null (vinv_session_find_missing_user (uris, &user, NULL));
    g_assert_null (vinv_session_find_missing_user (with_user, &none, NULL));
    g_assert_nonnull (vinv_session_find_missing_user (at_in_path, &none, NULL));
    g_assert_true (vinv_session_needs_password (uris, &none));
    g_assert_false (vinv_session_needs_password (uris, &password));
    const char *gates_only[] = { "gate:a", "unknown:b", NULL };
    g_assert_false (vinv_session_needs_password (gates_only, &none));
    g_assert_null (vinv_session_find_missing_user (gates_only, &none, NULL));
}

/* ---- what to open --------------------------------------------------------- */

static void
test_resolve (void)
{
    g_autofree char *dir = g_dir_make_tmp ("vinv-session-XXXXXX", NULL);
    g_autofree char *config_path = g_build_filename (dir, "config.ini", NULL);
    g_autofree char *demo_list = g_build_filename (dir, "demo.uris", NULL);
    g_assert_true (g_file_set_contents (config_path,
        "[general]\ndefault-profile=lab\n\n"
        "[profile lab]\nuri=gate:a;gate:b;\nuser=lab-user\nca-file=/lab/ca.pem\n\n"
        "[profile other]\nuri=gate:c;\ninsecure=true\ntimeout=30\n", -1, NULL));
    g_assert_true (g_file_set_contents (demo_list, "# demo\nhv01.xml\novirt://engine\n", -1,
                                        NULL));
    g_setenv ("VINV_DEMO_DIR", dir, TRUE);
    g_autoptr (VinvConfig) config = vinv_config_load (config_path, NULL);
    g_auto (VinvSessionPlan) plan = { 0 };
    g_autoptr (GError) error = NULL;
    const char *given[] = { "gate:x", NULL };

    /* URIs given win; the default profile still gives the options */
    VinvSessionRequest r1 = { .uris = given, .default_profile = TRUE, .demo = TRUE };
    g_assert_true (vinv_session_resolve (&r1, config, &plan, &error));
    g_assert_cmpint (plan.from, ==, VINV_SESSION_FROM_URIS);
    g_assert_cmpstr (plan.uris[0], ==, "gate:x");
    g_assert_null (plan.uris[1]);
    g_assert_null (plan.profile);            /* a default profile only without URIs */
    g_assert_null (plan.options.user);
    g_assert_cmpuint (plan.options.timeout, ==, VINV_SESSION_DEFAULT_TIMEOUT);
    vinv_session_plan_clear (&plan);

    /* nothing given: the default profile */
    VinvSessionRequest r2 = { .default_profile = TRUE, .demo = TRUE, .ca_file = "/mine.pem" };
    g_assert_true (vinv_session_resolve (&r2, config, &plan, &error));
    g_assert_cmpint (plan.from, ==, VINV_SESSION_FROM_DEFAULT_PROFILE);
    g_assert_cmpstr (plan.profile->name, ==, "lab");
    g_assert_cmpuint (g_strv_length (plan.uris), ==, 2);
    g_assert_cmpstr (plan.options.user, ==, "lab-user");
    g_assert_cmpstr (plan.options.ca_file, ==, "/mine.pem");   /* the request wins */
    vinv_session_plan_clear (&plan);

    /* a profile named, with URIs given: the URIs, the profile's options */
    VinvSessionRequest r3 = { .uris = given, .profile = "other", .user = "me" };
    g_assert_true (vinv_session_resolve (&r3, config, &plan, &error));
    g_assert_cmpint (plan.from, ==, VINV_SESSION_FROM_URIS);
    g_assert_cmpstr (plan.profile->name, ==, "other");
    g_assert_cmpstr (plan.options.user, ==, "me");
    g_assert_true (plan.options.insecure);
    g_assert_cmpuint (plan.options.timeout, ==, 30);     /* the profile's */
    vinv_session_plan_clear (&plan);
    r3.timeout = 5;
    g_assert_true (vinv_session_resolve (&r3, config, &plan, &error));
    g_assert_cmpuint (plan.options.timeout, ==, 5);      /* the request wins */
    vinv_session_plan_clear (&plan);

    /* the demo when nothing else, when allowed */
    VinvSessionRequest r4 = { .demo = TRUE };
    g_assert_true (vinv_session_resolve (&r4, config, &plan, &error));
    g_assert_cmpint (plan.from, ==, VINV_SESSION_FROM_DEMO);
    g_assert_true (g_str_has_prefix (plan.uris[0], "test://"));
    g_assert_true (g_str_has_suffix (plan.uris[0], "/hv01.xml"));
    g_assert_cmpstr (plan.uris[1], ==, "ovirt://engine");
    vinv_session_plan_clear (&plan);

    /* nothing at all is not an error */
    VinvSessionRequest r5 = { 0 };
    g_assert_true (vinv_session_resolve (&r5, config, &plan, &error));
    g_assert_cmpint (plan.from, ==, VINV_SESSION_FROM_NOTHING);
    g_assert_null (plan.uris);
    vinv_session_plan_clear (&plan);

    /* errors */
    VinvSessionRequest r6 = { .profile = "gone", .demo = TRUE };
    g_assert_false (vinv_session_resolve (&r6, config, &plan, &error));
    g_assert_error (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_PROFILE);
    g_autofree char *expected = g_strdup_printf ("profile 'gone' is not in %s", config_path);
    g_assert_cmpstr (error->message, ==, expected);
    g_assert_null (plan.uris);
    g_clear_error (&error);

    g_autoptr (VinvConfig) broken_default = vinv_config_load (config_path, NULL);
    vinv_config_set_default_profile (broken_default, "vanished");
    VinvSessionRequest r7 = { .default_profile = TRUE, .demo = TRUE };
    g_assert_false (vinv_session_resolve (&r7, broken_default, &plan, &error));
    g_assert_error (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_PROFILE);
    g_assert_true (g_str_has_prefix (error->message, "the default profile 'vanished' is not"));
    g_clear_error (&error);

    g_assert_cmpint (g_remove (demo_list), ==, 0);
    VinvSessionRequest r8 = { .demo = TRUE };
    g_assert_false (vinv_session_resolve (&r8, config, &plan, &error));
    g_assert_error (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_DEMO);
    g_assert_nonnull (strstr (error->message, "demo.uris"));
    g_clear_error (&error);

    g_unsetenv ("VINV_DEMO_DIR");
    g_assert_cmpint (g_remove (config_path), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A front end's "interactive" hint reaches every back-end's open (with the
 * password asked for and the connection opened again too); by default it
 * is not given. */
static void
test_interactive (void)
{
    const char *uris[] = { "gate:a", "gate:auth", NULL };

    for (gboolean hint = FALSE; hint <= TRUE; hint++) {
        Seen seen;
        Load load;
        reset ();
        seen_init (&seen);
        seen.password = g_strdup ("pw");
        memset (&load, 0, sizeof load);
        load.session = vinv_session_new (uris, NULL);
        load.cancellable = g_cancellable_new ();
        load.seen = &seen;
        if (hint)
            vinv_session_set_interactive (load.session, TRUE);
        vinv_session_set_password_func (load.session, on_password, &seen);
        open_all ((const char *[]) { "a", "auth", NULL });
        load_thread (&load);
        g_assert_no_error (load.error);
        g_assert_cmpuint (vinv_session_get_n_loaded (load.session), ==, 2);
        g_assert_cmpuint (seen.n_password, ==, 1);
        g_assert_true (has_event ("a:open"));
        g_assert_true (has_event ("auth:open"));
        g_assert_true (has_event ("a:interactive") == hint);
        g_assert_true (has_event ("auth:interactive") == hint);
        load_clear (&load);
        seen_clear (&seen);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    register_backends ();
    /* first: it sets VINV_DEMO_DIR, which is only safe before any thread */
    g_test_add_func ("/session/resolve", test_resolve);
    g_test_add_func ("/session/order", test_order);
    g_test_add_func ("/session/order-any-finish", test_order_any_finish);
    g_test_add_func ("/session/bounded", test_bounded);
    g_test_add_func ("/session/source-errors", test_source_errors);
    g_test_add_func ("/session/all-failed", test_all_failed);
    g_test_add_func ("/session/cancel", test_cancel);
    g_test_add_func ("/session/cancel-before", test_cancel_before);
    g_test_add_func ("/session/time-limit", test_time_limit);
    g_test_add_func ("/session/time-limit-closing", test_time_limit_closing);
    g_test_add_func ("/session/password", test_password);
    g_test_add_func ("/session/schemes", test_schemes);
    g_test_add_func ("/session/interactive", test_interactive);
    return g_test_run ();
}
