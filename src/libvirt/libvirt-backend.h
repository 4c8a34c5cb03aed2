/* libvirt-backend.h — the libvirt back-end: any libvirt URI (qemu:///system,
 * qemu+ssh://host/system, test:///default, test:///ABS/PATH.xml, ...) as
 * inventory tables (DESIGN.md section 5.2).
 *
 * Front ends call vinv_libvirt_register() once at start-up; afterwards
 * vinv_backend_open() hands libvirt URIs to this back-end.  Only
 * src/libvirt/ includes libvirt's headers.
 */
#pragma once

#include "core/action.h"
#include "core/backend.h"

#include <gmodule.h>

G_BEGIN_DECLS

extern const VinvBackendClass vinv_libvirt_backend_class;

/* The tables and columns it fills (columns.c): the class's @tables. */
extern const VinvBackendTable vinv_libvirt_tables[];
/* The URI schemes it takes (columns.c): the class's @schemes. */
extern const char *const vinv_libvirt_schemes[];

/* What the class says of itself, as data (columns.c, no libvirt call):
 * shared by the class and by its stand-in in lazy.c. */
#define VINV_LIBVIRT_CLASS_INFO                                                                   \
    .name = "libvirt", .title = "libvirt",                                                        \
    .description = "libvirt hosts: QEMU/KVM, Xen, LXC, ... and the test driver",                  \
    .schemes = vinv_libvirt_schemes, .uri_example = "qemu:///system", .needs_user = FALSE,        \
    .needs_password = FALSE, .tables = vinv_libvirt_tables

/* The VM actions it performs (actions.c). */
#define VINV_LIBVIRT_ACTIONS_SUPPORTED                                                            \
    (VINV_ACTION_BIT (VINV_ACTION_START) | VINV_ACTION_BIT (VINV_ACTION_SHUTDOWN)                 \
     | VINV_ACTION_BIT (VINV_ACTION_STOP) | VINV_ACTION_BIT (VINV_ACTION_REBOOT)                  \
     | VINV_ACTION_BIT (VINV_ACTION_SUSPEND) | VINV_ACTION_BIT (VINV_ACTION_PAUSE)                \
     | VINV_ACTION_BIT (VINV_ACTION_RESUME) | VINV_ACTION_BIT (VINV_ACTION_SNAPSHOT)              \
     | VINV_ACTION_BIT (VINV_ACTION_SNAPSHOT_DELETE))

/* Initialises libvirt for use from several threads, silences libvirt's
 * default printing of errors on stderr (our errors carry the message) and
 * registers vinv_libvirt_backend_class.  Safe to call more than once.
 * (Programs that are not linked with libvirt call
 * vinv_libvirt_register_lazy() of lazy.h instead.) */
void vinv_libvirt_register (void);

/* The entry point of the back-end built as a module (lazy.c loads it):
 * libvirt initialised as by vinv_libvirt_register(), the class, which is
 * not registered. */
G_MODULE_EXPORT const VinvBackendClass *vinv_libvirt_module_class (void);

G_END_DECLS
