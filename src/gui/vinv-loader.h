/* vinv-loader.h — loading an inventory off the main loop.
 *
 * vinv_load_async() runs a session (core/session.h) in a worker thread
 * (GTask): every URI opened and fetched in parallel, merged in the order
 * given, and hands the result back on the caller's main context.  The
 * window never blocks: completed tables are handed over one per main-loop
 * dispatch as they arrive, and the load finishes after the last.  Cancelling @cancellable finishes
 * the load at once with G_IO_ERROR_CANCELLED.
 *
 * A URI that fails while others load is recorded as a source with an error
 * (vinv_inventory_get_source()->error); only when every URI fails does the
 * load fail, with the back-ends' messages, one line per URI.
 */
#pragma once

#include <gio/gio.h>
#include "core/backend.h"

G_BEGIN_DECLS

/* Progress, called on the main context of the caller of vinv_load_async():
 * @message says what is loading ("hv01: VMs"), @fraction is 0..1 or -1
 * when unknown.  Progress is coalesced: only the latest state is
 * delivered, and nothing after the load was cancelled. */
typedef void (*VinvLoadProgressFunc) (const char *message, double fraction,
                                      gpointer user_data);

/* A table of the load is complete (every connection has finished it; see
 * VinvSessionTableFunc), on the caller's main context, before the load
 * finishes and never after it was cancelled.  @table is a reference the
 * callee may keep (vinv_table_ref()); it is the very table the finished
 * inventory will hold. */
typedef void (*VinvLoadTableFunc) (VinvTableKind kind, VinvTable *table, gpointer user_data);

/* Starts loading @uris (at least one) with @options (copied, password
 * included; the copy is wiped when the load ends).  @source_object is the
 * GTask's source object and stays alive until the load ends; @progress_data
 * must live as long (pass the source object). */
void vinv_load_async (GObject *source_object,
                      const char *const *uris,
                      const VinvConnectOptions *options,
                      VinvLoadProgressFunc progress, gpointer progress_data,
                      GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data);

/* vinv_load_async() that also hands over each table as it completes
 * (@table_func may be NULL; @table_data lives as long as @progress_data). */
void vinv_load_async_full (GObject *source_object,
                           const char *const *uris,
                           const VinvConnectOptions *options,
                           VinvLoadProgressFunc progress, gpointer progress_data,
                           VinvLoadTableFunc table_func, gpointer table_data,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data);

/* The loaded inventory (owned by caller), or NULL with @error: the
 * back-end's error when one URI was given, VINV_BACKEND_ERROR with all
 * messages when several failed, G_IO_ERROR_CANCELLED when cancelled. */
VinvInventory *vinv_load_finish (GAsyncResult *result, GError **error);

G_END_DECLS
