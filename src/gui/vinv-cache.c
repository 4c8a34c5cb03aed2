/* vinv-cache.c — the per-connection inventory cache (see the header).
 *
 * The state hangs on the window ("vinv-cache"), made on first use.  Files
 * are read and written by the snapshot module in GTask threads whose
 * source object is the window, so the window outlives them; their results
 * come back on the main loop, where every field below is used.  The
 * writer holds its own reference to the inventory it writes
 * (vinv_inventory_ref()), so the window may move on to a newer one and
 * free the old one meanwhile (after vinv_cache_forget_inventory()).
 */
#include "vinv-cache.h"

#include <errno.h>
#include "core/secret.h"
#include "vinv-app.h"
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"
#endif

#define CACHE_KEY "vinv-cache"

/* Invariants: @shown implies the window's inventory is @cached (borrowed);
 * @writing (a reference of ours) is non-NULL exactly while a writer runs. */
typedef struct {
    GCancellable *read_cancellable;  /* non-NULL while a cache file is read */
    char *live_error;                /* why the live load failed, or NULL */
    gboolean shown;
    const VinvInventory *cached;
    gint64 shown_time;               /* ms since the epoch */
    char *message;                   /* the window message we put up */
    VinvInventory *writing;
} Cache;

static void
cache_free (gpointer data)
{
    Cache *c = data;
    if (c->read_cancellable != NULL)
        g_cancellable_cancel (c->read_cancellable);
    g_clear_object (&c->read_cancellable);
    g_free (c->live_error);
    g_free (c->message);
    g_free (c);
}

static Cache *
get_cache (VinvWindow *window, gboolean create)
{
    Cache *c = g_object_get_data (G_OBJECT (window), CACHE_KEY);
    if (c == NULL && create) {
        c = g_new0 (Cache, 1);
        g_object_set_data_full (G_OBJECT (window), CACHE_KEY, c, cache_free);
    }
    return c;
}

gboolean
vinv_cache_is_shown (VinvWindow *window)
{
    Cache *c = get_cache (window, FALSE);
    return c != NULL && c->shown;
}

gint64
vinv_cache_get_shown_time (VinvWindow *window)
{
    Cache *c = get_cache (window, FALSE);
    return c != NULL && c->shown ? c->shown_time : 0;
}

gboolean
vinv_cache_is_busy (VinvWindow *window)
{
    Cache *c = get_cache (window, FALSE);
    return c != NULL && (c->read_cancellable != NULL || c->writing != NULL);
}

void
vinv_cache_forget_inventory (VinvWindow *window, const VinvInventory *inventory)
{
    Cache *c = get_cache (window, FALSE);
    if (inventory != NULL && c != NULL && c->cached == inventory) {
        c->cached = NULL;
        c->shown = FALSE;
    }
}

#ifdef VINV_HAVE_SNAPSHOT

/* ---- where ---------------------------------------------------------- */

static char *
cache_dir (void)
{
    return g_build_filename (g_get_user_cache_dir (), "virt-inventory", NULL);
}

char *
vinv_cache_dup_path (const char *const *uris, const char *user)
{
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    g_autofree char *dir = cache_dir ();

    g_return_val_if_fail (uris != NULL, NULL);
    g_checksum_update (sum, (const guchar *) "virt-inventory cache 1\n", -1);
    for (guint i = 0; uris[i] != NULL; i++) {
        g_autofree char *uri = vinv_uri_strip_password (uris[i]);
        g_checksum_update (sum, (const guchar *) "uri=", -1);
        g_checksum_update (sum, (const guchar *) uri, -1);
        g_checksum_update (sum, (const guchar *) "\n", 1);
    }
    g_checksum_update (sum, (const guchar *) "user=", -1);
    if (user != NULL)
        g_checksum_update (sum, (const guchar *) user, -1);
    g_autofree char *name = g_strconcat (g_checksum_get_string (sum), ".vinv", NULL);
    return g_build_filename (dir, name, NULL);
}

/* The cache file of what @window loads, or NULL when it is not cached:
 * caching is off, nothing to load, or a source is a saved inventory or a
 * history record (back-ends without actions: the data is a file already). */
static char *
window_cache_path (VinvWindow *window)
{
    GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
    const char *const *uris = vinv_window_get_uris (window);

    if (app != NULL && VINV_IS_APP (app) && !vinv_config_get_cache (vinv_app_get_config (
                                                 VINV_APP (app))))
        return NULL;
    if (uris == NULL || uris[0] == NULL)
        return NULL;
    for (guint i = 0; uris[i] != NULL; i++) {
        const VinvBackendClass *klass = vinv_backend_class_for_uri (uris[i]);
        if (klass == NULL || klass->actions == NULL)
            return NULL;
    }
    return vinv_cache_dup_path (uris, vinv_window_get_options (window)->user);
}

/* ---- the message ---------------------------------------------------- */

/* "14:02 (2 h ago)", or with the date when not today. */
static char *
describe_age (gint64 saved_ms)
{
    g_autoptr (GDateTime) then = g_date_time_new_from_unix_local (saved_ms / 1000);
    g_autoptr (GDateTime) now = g_date_time_new_now_local ();
    if (then == NULL)
        return g_strdup ("an unknown time");
    gint64 minutes = g_date_time_difference (now, then) / G_TIME_SPAN_MINUTE;
    gboolean today = g_date_time_get_year (now) == g_date_time_get_year (then)
                     && g_date_time_get_day_of_year (now) == g_date_time_get_day_of_year (then);
    g_autofree char *clock = g_date_time_format (then, today ? "%H:%M" : "%Y-%m-%d %H:%M");
    g_autofree char *ago = NULL;

    if (minutes < 1)
        ago = g_strdup ("less than a minute ago");
    else if (minutes < 60)
        ago = g_strdup_printf ("%" G_GINT64_FORMAT " min ago", minutes);
    else if (minutes < 48 * 60)
        ago = g_strdup_printf ("%" G_GINT64_FORMAT " h ago", minutes / 60);
    else
        ago = g_strdup_printf ("%" G_GINT64_FORMAT " days ago", minutes / (24 * 60));
    return g_strdup_printf ("%s (%s)", clock, ago);
}

static void
update_message (VinvWindow *window, Cache *c)
{
    g_autofree char *age = describe_age (c->shown_time);

    g_free (c->message);
    if (c->live_error == NULL)
        c->message = g_strdup_printf ("Showing cached data from %s — loading…", age);
    else
        c->message = g_strdup_printf ("Showing cached data from %s: the live load did not "
                                      "replace it.\n%s", age, c->live_error);
    vinv_window_show_message (window, c->message, c->live_error != NULL);
}

/* Takes our message back (only if it is still the one shown). */
static void
clear_message (VinvWindow *window, Cache *c)
{
    if (c->message != NULL && g_strcmp0 (vinv_window_get_message (window), c->message) == 0)
        vinv_window_show_message (window, NULL, FALSE);
    g_clear_pointer (&c->message, g_free);
}

/* ---- reading -------------------------------------------------------- */

typedef struct {
    VinvInventory *inventory;
    gint64 saved_at;
} Loaded;

static void
loaded_free (gpointer data)
{
    Loaded *l = data;
    vinv_inventory_free (l->inventory);
    g_free (l);
}

static void
read_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    const char *path = task_data;
    Loaded *l = g_new0 (Loaded, 1);
    GError *error = NULL;

    l->inventory = vinv_inventory_new ();
    if (!vinv_snapshot_load (path, l->inventory, &l->saved_at, &error)) {
        loaded_free (l);
        g_task_return_error (task, error);
        return;
    }
    g_task_return_pointer (task, l, loaded_free);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
    VinvWindow *window = VINV_WINDOW (source);
    Cache *c = get_cache (window, FALSE);
    g_autoptr (GError) error = NULL;
    Loaded *l = g_task_propagate_pointer (G_TASK (result), &error);

    if (c == NULL || g_task_get_cancellable (G_TASK (result)) != c->read_cancellable) {
        if (l != NULL)
            loaded_free (l);
        return;
    }
    g_clear_object (&c->read_cancellable);
    if (l == NULL) {
        if (!g_error_matches (error, VINV_SNAPSHOT_ERROR, VINV_SNAPSHOT_ERROR_NOT_FOUND)
            && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_warning ("ignoring the cached inventory: %s", error->message);
        return;
    }

    /* too late: live tables are shown already */
    VinvTablePage *pages[VINV_TABLE_LAST];
    if (vinv_window_get_inventory (window) != NULL || vinv_window_list_pages (window, pages) > 0) {
        loaded_free (l);
        return;
    }
    c->shown = TRUE;
    c->cached = l->inventory;
    c->shown_time = l->saved_at;
    vinv_window_set_inventory (window, g_steal_pointer (&l->inventory));
    loaded_free (l);
    update_message (window, c);
}

void
vinv_cache_load_started (VinvWindow *window)
{
    Cache *c = get_cache (window, TRUE);

    if (c->read_cancellable != NULL)
        g_cancellable_cancel (c->read_cancellable);
    g_clear_object (&c->read_cancellable);
    g_clear_pointer (&c->live_error, g_free);
    if (c->shown) {
        /* other connections now: what is shown is just the previous data */
        c->shown = FALSE;
        c->cached = NULL;
        clear_message (window, c);
    }
    if (vinv_window_get_inventory (window) != NULL)
        return;
    char *path = window_cache_path (window);
    if (path == NULL)
        return;
    c->read_cancellable = g_cancellable_new ();
    GTask *task = g_task_new (window, c->read_cancellable, on_read, NULL);
    g_task_set_task_data (task, path, g_free);
    g_task_run_in_thread (task, read_thread);
    g_object_unref (task);
}

/* ---- writing -------------------------------------------------------- */

typedef struct {
    char *path;
    const VinvInventory *inventory;  /* the window's; see Cache.writing */
} Writing;

static void
writing_free (gpointer data)
{
    Writing *w = data;
    g_free (w->path);
    g_free (w);
}

static void
write_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
    const Writing *w = task_data;
    g_autofree char *dir = cache_dir ();
    GError *error = NULL;

    if (g_mkdir_with_parents (dir, 0700) != 0) {
        int saved = errno;
        g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                                 "cannot create %s: %s", dir, g_strerror (saved));
        return;
    }
    if (!vinv_snapshot_save_with_mode (w->inventory, w->path, TRUE, g_get_real_time () / 1000,
                                       0600, &error)) {
        g_task_return_error (task, error);
        return;
    }
    g_task_return_boolean (task, TRUE);
}

static void
on_written (GObject *source, GAsyncResult *result, gpointer user_data)
{
    Cache *c = get_cache (VINV_WINDOW (source), FALSE);
    g_autoptr (GError) error = NULL;

    if (!g_task_propagate_boolean (G_TASK (result), &error))
        g_warning ("the inventory was not cached: %s", error->message);
    g_clear_pointer (&c->writing, vinv_inventory_free);
}

/* Writes @inventory (the window's) to the cache, when it loaded whole. */
static void
write_cache (VinvWindow *window, Cache *c, const VinvInventory *inventory)
{
    g_autofree char *path = window_cache_path (window);

    if (path == NULL || vinv_inventory_count_failures (inventory) > 0)
        return;
    if (c->writing != NULL) {
        g_debug ("cache: a write is running; %s not written this time", path);
        return;
    }
    /* our own reference: the window may free its one meanwhile */
    c->writing = vinv_inventory_ref ((VinvInventory *) inventory);
    Writing *w = g_new0 (Writing, 1);
    w->path = g_steal_pointer (&path);
    w->inventory = inventory;
    GTask *task = g_task_new (window, NULL, on_written, NULL);
    g_task_set_task_data (task, w, writing_free);
    g_task_run_in_thread (task, write_thread);
    g_object_unref (task);
}

/* Puts the cached tables back on the pages a failed load replaced. */
static void
restore_cached_tables (VinvWindow *window, Cache *c)
{
    VinvTablePage *pages[VINV_TABLE_LAST];
    guint n = vinv_window_list_pages (window, pages);

    for (guint i = 0; i < n; i++) {
        VinvTable *table = vinv_inventory_get_table (c->cached,
                                                     vinv_table_page_get_kind (pages[i]));
        VinvView *view = vinv_table_page_get_view (pages[i]);
        if (table != NULL && (view == NULL || vinv_view_get_table (view) != table))
            vinv_table_page_set_table (pages[i], table, c->cached, NULL);
    }
}

gboolean
vinv_cache_load_finished (VinvWindow *window, const VinvInventory *inventory,
                          const GError *error)
{
    Cache *c = get_cache (window, TRUE);

    if (inventory != NULL) {
        if (c->read_cancellable != NULL)
            g_cancellable_cancel (c->read_cancellable);
        g_clear_object (&c->read_cancellable);
        g_clear_pointer (&c->live_error, g_free);
        c->shown = FALSE;
        c->cached = NULL;
        clear_message (window, c);
        write_cache (window, c, inventory);
        return FALSE;
    }
    g_free (c->live_error);
    c->live_error = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                    ? g_strdup ("Loading was cancelled.")
                    : g_strdup_printf ("Loading failed: %s", error->message);
    if (!c->shown || vinv_window_get_inventory (window) != c->cached)
        return FALSE;
    restore_cached_tables (window, c);
    update_message (window, c);
    return TRUE;
}

#else /* no snapshot module: no cache */

char *
vinv_cache_dup_path (const char *const *uris, const char *user)
{
    return NULL;
}

void
vinv_cache_load_started (VinvWindow *window)
{
}

gboolean
vinv_cache_load_finished (VinvWindow *window, const VinvInventory *inventory,
                          const GError *error)
{
    return FALSE;
}

#endif
