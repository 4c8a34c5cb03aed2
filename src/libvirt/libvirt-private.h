/* libvirt-private.h — what backend.c (connections) and the fetch (tables:
 * fetch.c and the files listed in fetch-private.h) share inside the
 * libvirt back-end.  Not for front ends.
 */
#pragma once

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "libvirt-backend.h"

G_BEGIN_DECLS

/* One open connection.  Invariant: @conn is open from open() to close();
 * @address is never NULL. */
typedef struct {
    VinvBackend parent;        /* must be first */
    virConnectPtr conn;
    gboolean is_test;          /* libvirt's test driver */
    gboolean read_write;       /* opened read-write (the guest agent needs it) */
    char *address;             /* URI host, or "localhost" */
} VinvLibvirtBackend;

/* The VM actions of the libvirt back-end (actions.c). */
extern const VinvBackendActions vinv_libvirt_actions;

/* Fills @inventory from @self's connection (the VinvBackendClass.fetch
 * contract: FALSE only when nothing at all could be read). */
gboolean vinv_libvirt_fetch (VinvBackend *backend, VinvInventory *inventory,
                             VinvProgressFunc progress, gpointer user_data,
                             GCancellable *cancellable, GError **error);

/* libvirt's last error message on this thread as one line ("unknown
 * error" if none).  Owned by caller. */
char *vinv_libvirt_dup_last_error (void);

/* The VINV_BACKEND_ERROR code for libvirt's last error on this thread. */
VinvBackendErrorCode vinv_libvirt_last_error_code (void);

G_END_DECLS
