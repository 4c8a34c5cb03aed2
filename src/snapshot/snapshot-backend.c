/* snapshot-backend.c — saved inventories and history records as a
 * read-only back-end (backend.h), so `-c file:PATH` and
 * `-c history:DB@WHEN` open like any connection.
 *
 * URIs:  file:PATH, file://PATH (PATH taken as written, no %-decoding);
 *        history:DB, history:DB@WHEN — DB a path or a postgresql:// URI,
 *        WHEN a record number, "latest", or a date/time (the last record at
 *        or before it).  The text after the last '@' is WHEN only if it reads
 *        as one, so a PostgreSQL URI with user@host needs no @WHEN.
 * Open reads the whole file (so a bad file fails at open, with the file
 * named); fetch hands the rows over with their original sources, so a
 * saved inventory shows exactly as the live one did.
 */
#include "snapshot-private.h"

#include <string.h>

typedef struct {
    VinvBackend head;
    VinvInventory *inventory;    /* read at open, handed over by fetch */
} SnapshotBackend;

static gboolean
has_scheme (const char *uri, const char *scheme)
{
    gsize n = strlen (scheme);
    return g_ascii_strncasecmp (uri, scheme, n) == 0 && uri[n] == ':';
}

/* True if @when reads as a record number, "latest" or a date/time. */
static gboolean
is_when (const char *when)
{
    gint64 ms;

    return g_ascii_string_to_unsigned (when, 10, 1, G_MAXINT64, NULL, NULL)
        || g_ascii_strcasecmp (when, "latest") == 0 || vinv_time_parse (when, &ms);
}

/* Splits history:DB[@WHEN]. */
static void
split_history (const char *rest, char **db, char **when)
{
    const char *at = strrchr (rest, '@');

    if (at != NULL && is_when (at + 1)) {
        *db = g_strndup (rest, (gsize) (at - rest));
        *when = g_strdup (at + 1);
    } else {
        *db = g_strdup (rest);
        *when = g_strdup ("latest");
    }
}

/* @db with any password in a postgresql:// URI hidden, for messages. */
static char *
dup_safe_db (const char *db)
{
    g_autoptr (GUri) parsed = NULL;

    if (!g_str_has_prefix (db, "postgresql:") && !g_str_has_prefix (db, "postgres:"))
        return g_strdup (db);
    parsed = g_uri_parse (db, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_ENCODED, NULL);
    if (parsed == NULL)
        return g_strdup ("postgresql://…");
    return g_uri_to_string_partial (parsed, G_URI_HIDE_PASSWORD);
}

static VinvBackend *
snapshot_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
               GError **error);

static gboolean
snapshot_fetch (VinvBackend *backend, VinvInventory *inventory, VinvProgressFunc progress,
                gpointer user_data, GCancellable *cancellable, GError **error)
{
    SnapshotBackend *self = (SnapshotBackend *) backend;

    if (progress != NULL) {
        VinvProgress p = { backend->source_name, NULL, 1, 1, 0 };
        progress (&p, user_data);
    }
    vinv_inventory_merge (inventory, self->inventory);
    return TRUE;
}

static void
snapshot_close (VinvBackend *backend)
{
    SnapshotBackend *self = (SnapshotBackend *) backend;

    vinv_inventory_free (self->inventory);
    vinv_backend_finalize (backend);
    g_free (self);
}

static const char *const snapshot_schemes[] = { "file", "history", NULL };

static const VinvBackendClass snapshot_class = {
    .name = "snapshot",
    .title = "saved inventory",
    .description = "saved inventory (file:PATH) or history record (history:DB@WHEN)",
    .schemes = snapshot_schemes,
    .uri_example = "file:PATH",
    .needs_user = FALSE,
    .needs_password = FALSE,
    /* NULL: every table and column of the schemas.  Which columns the
     * original back-ends filled travels with each saved source. */
    .tables = NULL,
    .open = snapshot_open,
    .fetch = snapshot_fetch,
    .close = snapshot_close,
};

static VinvBackend *
snapshot_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
               GError **error)
{
    g_autoptr (VinvInventory) inventory = vinv_inventory_new ();
    g_autoptr (GError) local = NULL;
    g_autofree char *source_name = NULL;
    g_autofree char *safe_uri = g_strdup (uri);

    if (has_scheme (uri, "file")) {
        const char *path = uri + strlen ("file:");
        if (g_str_has_prefix (path, "//"))
            path += 2;
        if (path[0] == '\0') {
            g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                         "'%s' names no file (use file:PATH)", uri);
            return NULL;
        }
        if (!vinv_snapshot_load (path, inventory, NULL, &local)) {
            g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                                 local->message);
            return NULL;
        }
        source_name = g_path_get_basename (path);
    } else if (has_scheme (uri, "history")) {
        g_autofree char *db = NULL;
        g_autofree char *when = NULL;
        gint64 record = 0;
        split_history (uri + strlen ("history:"), &db, &when);
        if (db[0] == '\0') {
            g_free (db);
            db = vinv_history_dup_default_path ();
        }
        if (!vinv_history_load (db, when, inventory, &record, &local)) {
            g_set_error_literal (error, VINV_BACKEND_ERROR,
                                 g_error_matches (local, VINV_SNAPSHOT_ERROR,
                                                  VINV_SNAPSHOT_ERROR_FAILED)
                                 ? VINV_BACKEND_ERROR_CONNECT : VINV_BACKEND_ERROR_PROTOCOL,
                                 local->message);
            return NULL;
        }
        g_autofree char *safe = dup_safe_db (db);
        source_name = g_strdup_printf ("%s@%" G_GINT64_FORMAT, safe, record);
        g_free (safe_uri);
        safe_uri = g_strdup_printf ("history:%s", source_name);
    } else {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "'%s' is not a saved inventory (file:PATH) or history (history:DB@WHEN)",
                     uri);
        return NULL;
    }

    SnapshotBackend *self = g_new0 (SnapshotBackend, 1);
    vinv_backend_init (&self->head, &snapshot_class, safe_uri, source_name);
    self->inventory = g_steal_pointer (&inventory);
    return &self->head;
}

void
vinv_snapshot_register (void)
{
    vinv_backend_register (&snapshot_class);
}
