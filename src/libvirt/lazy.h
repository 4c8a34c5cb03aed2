/* lazy.h — the libvirt back-end for programs not linked with libvirt:
 * registered as data, loaded as a module on first use (see lazy.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the libvirt back-end; libvirt itself is loaded when a libvirt
 * URI is first opened.  Call once at start-up, like vinv_libvirt_register(). */
void vinv_libvirt_register_lazy (void);

G_END_DECLS
