/* lazy.c — the libvirt back-end for the programs (CLI, window), loaded
 * when a libvirt URI is first opened.
 *
 * libvirt and the 16 libraries it alone brings (gnutls, libxml2, libssh,
 * libnl, ...) cost each start of the program about 6 ms of CPU and 7 ms of
 * wall time in the dynamic loader, whatever it does: an oVirt load, `columns`,
 * a shell completion.  So the programs register a stand-in class that
 * describes the back-end from data alone (columns.c: schemes, tables,
 * actions) and whose open() loads the module `vinv-libvirt.so` (built
 * from the same sources as the static library the tests use), then hands
 * over to the real class: the back-end it returns carries the real class,
 * so fetch, close and actions never pass through here.
 *
 * Where the module is: next to the static library in the build tree when
 * the running program is in the build tree, else in the installed
 * VINV_MODULEDIR; VINV_MODULE_DIR overrides both (for tests).  The module
 * resolves the core's functions against the program, which exports them.
 */
#include "lazy.h"

#include "libvirt-backend.h"
#include "vinv-config.h"

#include <gmodule.h>

#define MODULE_FILE "vinv-libvirt.so"

/* The directory of the module for this program. */
static char *
module_dir (void)
{
    const char *env = g_getenv ("VINV_MODULE_DIR");
    if (env != NULL && *env != '\0')
        return g_strdup (env);
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
    if (exe != NULL && g_str_has_prefix (exe, VINV_BUILD_TREE "/"))
        return g_strdup (VINV_BUILD_TREE "/src/libvirt");
    return g_strdup (VINV_MODULEDIR);
}

/* The real class, loaded on first use; NULL with @error when the module
 * cannot be loaded (the same error each time). */
static const VinvBackendClass *
real_class (GError **error)
{
    static gsize done;
    static const VinvBackendClass *klass;
    static char *failure;

    if (g_once_init_enter (&done)) {
        g_autofree char *dir = module_dir ();
        g_autofree char *path = g_build_filename (dir, MODULE_FILE, NULL);
        GModule *module = g_module_open (path, G_MODULE_BIND_LOCAL);
        gpointer entry = NULL;

        if (module != NULL && g_module_symbol (module, "vinv_libvirt_module_class", &entry)) {
            g_module_make_resident (module);
            klass = ((const VinvBackendClass *(*) (void)) entry) ();
        } else {
            /* g_module_error() names the file and what is missing */
            failure = g_strdup_printf ("cannot load the libvirt back-end: %s (is virt-inventory "
                                       "installed completely? the module belongs in %s)",
                                       g_module_error (), dir);
            g_strdelimit (failure, "\r\n", ' ');
            if (module != NULL)
                g_module_close (module);
        }
        g_once_init_leave (&done, 1);
    }
    if (klass == NULL)
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_FAILED, failure);
    return klass;
}

static VinvBackend *
lazy_open (const char *uri, const VinvConnectOptions *options, GCancellable *cancellable,
           GError **error)
{
    const VinvBackendClass *klass = real_class (error);
    return klass != NULL ? klass->open (uri, options, cancellable, error) : NULL;
}

/* Only what is read before a connection exists: the actions it supports
 * (the window offers them), and open.  fetch, close and the actions'
 * functions are the real class's: every back-end open() returns carries
 * it, and the core calls them through the back-end (backend->klass). */
static const VinvBackendActions lazy_actions = {
    .supported = VINV_LIBVIRT_ACTIONS_SUPPORTED,
};

static const VinvBackendClass lazy_class = {
    VINV_LIBVIRT_CLASS_INFO,
    .open = lazy_open,
    .actions = &lazy_actions,
};

void
vinv_libvirt_register_lazy (void)
{
    vinv_backend_register (&lazy_class);
}
