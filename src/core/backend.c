/* backend.c — the back-end registry and the thin dispatch around it.
 * See backend.h for the contract every back-end follows.
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
vinv_backend_register (const VinvBackendClass *klass)
{
    G_LOCK (registry);
    if (registry == NULL)
        registry = g_ptr_array_new ();
    if (!g_ptr_array_find (registry, klass, NULL))
        g_ptr_array_add (registry, (gpointer) klass);
    G_UNLOCK (registry);
}

VinvBackend *
vinv_backend_open (const char *uri, const VinvConnectOptions *options,
                   GCancellable *cancellable, GError **error)
{
    const VinvBackendClass *klass = NULL;
    static const VinvConnectOptions no_options;

    G_LOCK (registry);
    for (guint i = registry != NULL ? registry->len : 0; i > 0; i--) {
        const VinvBackendClass *k = g_ptr_array_index (registry, i - 1);
        if (k->accepts (uri)) {
            klass = k;
            break;
        }
    }
    G_UNLOCK (registry);

    if (klass == NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                     "no back-end handles '%s' (use a libvirt URI such as "
                     "qemu:///system or test:///default, or ovirt://ENGINE)", uri);
        return NULL;
    }
    return klass->open (uri, options != NULL ? options : &no_options, cancellable, error);
}

gboolean
vinv_backend_fetch (VinvBackend *self, VinvInventory *inventory,
                    VinvProgressFunc progress, gpointer user_data,
                    GCancellable *cancellable, GError **error)
{
    if (!self->klass->fetch (self, inventory, progress, user_data, cancellable, error))
        return FALSE;
    /* the columns the core computes from links, alike for every back-end */
    vinv_computed_fill (inventory);
    return TRUE;
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
