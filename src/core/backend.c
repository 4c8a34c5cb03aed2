/* backend.c — the back-end registry, the matching of URIs against the
 * schemes back-ends declare, and the thin dispatch around a back-end
 * (with the table-done bookkeeping of a fetch).  See backend.h for the
 * contract every back-end follows.
 */
#include "backend.h"
#include "computed.h"

#include <string.h>

G_DEFINE_QUARK (vinv-backend-error-quark, vinv_backend_error)

static GPtrArray *registry;   /* of const VinvBackendClass*, newest last */
G_LOCK_DEFINE_STATIC (registry);

void
vinv_connect_options_clear (VinvConnectOptions *options)
{
    g_clear_pointer (&options->user, g_free);
    if (options->password != NULL) {
        memset (options->password, 0, strlen (options->password));
        g_clear_pointer (&options->password, g_free);
    }
    g_clear_pointer (&options->ca_file, g_free);
    g_clear_pointer (&options->fetch_strategy, g_free);
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
    dst->timeout = src->timeout;
    dst->deadline = src->deadline;
    dst->interactive = src->interactive;
    dst->fetch_once = src->fetch_once;
}

void
vinv_backend_register (const VinvBackendClass *klass)
{
    G_LOCK (registry);
    if (registry == NULL)
        registry = g_ptr_array_new ();
    if (!g_ptr_array_find (registry, klass, NULL))
        g_ptr_array_add (registry, (gpointer) klass);
    G_UNLOCK (registry);
}

/* The scheme of @uri (before the first ':'), or NULL if @uri does not
 * start with one.  Owned by caller, lower case. */
static char *
dup_scheme (const char *uri)
{
    const char *p = uri;

    if (!g_ascii_isalpha (*p))
        return NULL;
    while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
    if (*p != ':')
        return NULL;
    return g_ascii_strdown (uri, p - uri);
}

/* TRUE if @scheme (lower case) matches @pattern: equal, or, for a
 * pattern ending in '*', starting with what precedes the '*'. */
static gboolean
scheme_matches (const char *scheme, const char *pattern)
{
    gsize n = strlen (pattern);

    if (n > 0 && pattern[n - 1] == '*')
        return g_ascii_strncasecmp (scheme, pattern, n - 1) == 0;
    return g_ascii_strcasecmp (scheme, pattern) == 0;
}

const VinvBackendClass *
vinv_backend_class_for_tables (const VinvBackendTable *tables)
{
    const VinvBackendClass *klass = NULL;

    if (tables == NULL)
        return NULL;
    G_LOCK (registry);
    for (guint i = 0; registry != NULL && i < registry->len && klass == NULL; i++) {
        const VinvBackendClass *k = g_ptr_array_index (registry, i);
        if (k->tables == tables)
            klass = k;
    }
    G_UNLOCK (registry);
    return klass;
}

const VinvBackendClass *
vinv_backend_class_for_name (const char *name)
{
    const VinvBackendClass *klass = NULL;

    if (name == NULL)
        return NULL;
    G_LOCK (registry);
    for (guint i = 0; registry != NULL && i < registry->len && klass == NULL; i++) {
        const VinvBackendClass *k = g_ptr_array_index (registry, i);
        if (g_strcmp0 (k->name, name) == 0)
            klass = k;
    }
    G_UNLOCK (registry);
    return klass;
}

const VinvBackendClass *
vinv_backend_class_for_uri (const char *uri)
{
    g_autofree char *scheme = uri != NULL ? dup_scheme (uri) : NULL;
    const VinvBackendClass *klass = NULL;

    if (scheme == NULL)
        return NULL;
    G_LOCK (registry);
    for (guint i = registry != NULL ? registry->len : 0; i > 0 && klass == NULL; i--) {
        const VinvBackendClass *k = g_ptr_array_index (registry, i - 1);
        for (guint j = 0; k->schemes != NULL && k->schemes[j] != NULL; j++) {
            if (scheme_matches (scheme, k->schemes[j])) {
                klass = k;
                break;
            }
        }
    }
    G_UNLOCK (registry);
    return klass;
}

/* TRUE if @schemes lists @name + "+*". */
static gboolean
has_transport_form (const char *const *schemes, const char *name)
{
    for (guint i = 0; schemes[i] != NULL; i++) {
        gsize n = strlen (name);
        if (strncmp (schemes[i], name, n) == 0 && strcmp (schemes[i] + n, "+*") == 0)
            return TRUE;
    }
    return FALSE;
}

/* TRUE if @pattern is "NAME+*" and @schemes also lists NAME bare. */
static gboolean
is_shown_with_bare (const char *const *schemes, const char *pattern)
{
    gsize n = strlen (pattern);

    if (n < 3 || strcmp (pattern + n - 2, "+*") != 0)
        return FALSE;
    for (guint i = 0; schemes[i] != NULL; i++) {
        if (strlen (schemes[i]) == n - 2 && strncmp (schemes[i], pattern, n - 2) == 0)
            return TRUE;
    }
    return FALSE;
}

char *
vinv_backend_dup_schemes_text (void)
{
    GString *names = g_string_new (NULL);
    GString *examples = g_string_new (NULL);

    G_LOCK (registry);
    for (guint i = 0; registry != NULL && i < registry->len; i++) {
        const VinvBackendClass *k = g_ptr_array_index (registry, i);
        for (guint j = 0; k->schemes != NULL && k->schemes[j] != NULL; j++) {
            const char *s = k->schemes[j];
            if (is_shown_with_bare (k->schemes, s))
                continue;
            g_string_append_printf (names, "%s%s%s", names->len > 0 ? ", " : "", s,
                                    has_transport_form (k->schemes, s) ? "[+*]" : "");
        }
        if (k->uri_example != NULL)
            g_string_append_printf (examples, "%s%s", examples->len > 0 ? ", " : "",
                                    k->uri_example);
    }
    G_UNLOCK (registry);

    if (names->len == 0)
        g_string_append (names, "none");
    if (examples->len > 0)
        g_string_append_printf (names, "; e.g. %s", examples->str);
    g_string_free (examples, TRUE);
    return g_string_free (names, FALSE);
}

VinvBackend *
vinv_backend_open (const char *uri, const VinvConnectOptions *options,
                   GCancellable *cancellable, GError **error)
{
    static const VinvConnectOptions no_options;
    const VinvBackendClass *klass = vinv_backend_class_for_uri (uri);

    if (klass == NULL) {
        g_autofree char *schemes = vinv_backend_dup_schemes_text ();
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "no back-end handles '%s' (schemes: %s)", uri, schemes);
        return NULL;
    }
    return klass->open (uri, options != NULL ? options : &no_options, cancellable, error);
}

gboolean
vinv_backend_fetch (VinvBackend *self, VinvInventory *inventory,
                    VinvProgressFunc progress, gpointer user_data,
                    GCancellable *cancellable, GError **error)
{
    if (!vinv_backend_fetch_full (self, inventory, progress, NULL, user_data, cancellable,
                                  error))
        return FALSE;
    /* the columns the core computes from links, alike for every back-end */
    vinv_computed_fill (inventory);
    return TRUE;
}

G_STATIC_ASSERT (VINV_TABLE_LAST <= 64);

gboolean
vinv_backend_fetch_full (VinvBackend *self, VinvInventory *inventory,
                         VinvProgressFunc progress, VinvTableDoneFunc table_done,
                         gpointer user_data, GCancellable *cancellable, GError **error)
{
    gboolean ok;

    self->table_done = table_done;
    self->table_done_data = user_data;
    self->tables_done = 0;
    ok = self->klass->fetch (self, inventory, progress, user_data, cancellable, error);
    /* the fallback: what the back-end did not report is complete now */
    for (guint k = 0; ok && k < VINV_TABLE_LAST; k++) {
        if (vinv_inventory_get_table (inventory, k) != NULL)
            vinv_backend_table_done (self, k);
    }
    self->table_done = NULL;
    self->table_done_data = NULL;
    return ok;
}

void
vinv_backend_table_done (VinvBackend *self, VinvTableKind kind)
{
    g_return_if_fail (kind < VINV_TABLE_LAST);
    guint64 bit = G_GUINT64_CONSTANT (1) << kind;

    if (self->tables_done & bit)
        return;
    self->tables_done |= bit;
    if (self->table_done != NULL)
        self->table_done (kind, self->table_done_data);
}

void
vinv_backend_close (VinvBackend *self)
{
    if (self != NULL)
        self->klass->close (self);
}

const char *
vinv_backend_get_source_name (const VinvBackend *self)
{
    return self->source_name;
}

void
vinv_backend_init (VinvBackend *self, const VinvBackendClass *klass,
                   const char *uri, const char *source_name)
{
    self->klass = klass;
    self->uri = g_strdup (uri);
    self->source_name = g_strdup (source_name);
}

void
vinv_backend_finalize (VinvBackend *self)
{
    g_clear_pointer (&self->uri, g_free);
    g_clear_pointer (&self->source_name, g_free);
}
