/* libvirt-backend.h — the libvirt back-end: any libvirt URI (qemu:///system,
 * qemu+ssh://host/system, test:///default, test:///ABS/PATH.xml, ...) as
 * inventory tables (DESIGN.md section 5.2).
 *
 * Front ends call vinv_libvirt_register() once at start-up; afterwards
 * vinv_backend_open() hands libvirt URIs to this back-end.  Only
 * src/libvirt/ includes libvirt's headers.
 */
#pragma once

#include "core/backend.h"

G_BEGIN_DECLS

extern const VinvBackendClass vinv_libvirt_backend_class;

/* Initialises libvirt for use from several threads, silences libvirt's
 * default printing of errors on stderr (our errors carry the message) and
 * registers vinv_libvirt_backend_class.  Safe to call more than once. */
void vinv_libvirt_register (void);

/* The built-in demo environment: the test:/// URIs of the node files named
 * in demo/demo.uris, resolved against the first data directory holding it:
 * $VINV_DEMO_DIR, then the source tree's data/demo (VINV_SOURCE_DATADIR),
 * then the installed one (VINV_DATADIR).  Returns a NULL-terminated array
 * (g_strfreev) or NULL with @error (G_FILE_ERROR) if no demo is found. */
char **vinv_libvirt_dup_demo_uris (GError **error);

G_END_DECLS
