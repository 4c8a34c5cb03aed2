/* vinv-exporter.h — writing views to files off the main loop.
 *
 * The window builds fresh views (what you see: a copy of the page's
 * columns, sort and filter; everything: all columns, all rows) and hands
 * them here; a worker thread writes them with the core exporters
 * (export.h), so a 100,000-row export never freezes the window.  Tables are
 * read-only once loaded, so reading them from the worker is safe.
 */
#pragma once

#include <gio/gio.h>
#include "core/export.h"

G_BEGIN_DECLS

/* True if the core can write @format (XLSX is a known format that the core
 * refuses with G_IO_ERROR_NOT_SUPPORTED until it is implemented).  Probed
 * once on an empty table and cached. */
gboolean vinv_exporter_format_available (VinvExportFormat format);

/* Writes @views (an array of VinvView *, taken over and freed) titled
 * @titles (taken over) in @format:
 *   one view           → the file @dest;
 *   several, JSON      → one document in the file @dest;
 *   several, CSV/XLSX  → one file per table, DIR/TABLE-ID.EXT, @dest a
 *                        directory (created if missing).
 * Files are replaced atomically (written beside, then renamed). */
void vinv_exporter_write_async (GPtrArray *views, char **titles,
                                VinvExportFormat format, GFile *dest,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);

/* TRUE on success with *summary ("150 rows to /tmp/vms.csv"; owned by
 * caller; @summary may be NULL), else FALSE with @error. */
gboolean vinv_exporter_write_finish (GAsyncResult *result, char **summary, GError **error);

G_END_DECLS
