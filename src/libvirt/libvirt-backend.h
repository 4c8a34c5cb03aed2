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

/* The tables and columns it fills (columns.c): the class's @tables. */
extern const VinvBackendTable vinv_libvirt_tables[];

/* Initialises libvirt for use from several threads, silences libvirt's
 * default printing of errors on stderr (our errors carry the message) and
 * registers vinv_libvirt_backend_class.  Safe to call more than once. */
void vinv_libvirt_register (void);

G_END_DECLS
