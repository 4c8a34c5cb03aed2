/* vinv-exporter.h — writing views to files off the main loop.
 *
 * The window builds fresh views (what you see: a copy of the page's
 * columns, sort and filter; everything: all columns, all rows) and hands
 * them here; a worker thread writes them through the core
 * (export-files.h: the file layout, the atomic all-or-nothing write, no
 * symlink following), so a 100,000-row export never freezes the window.
 * Tables are read-only once loaded, so reading them from the worker is
 * safe.  Which formats can be written is the core's answer
 * (vinv_export_format_is_available()), not this file's.
 */
#pragma once

#include <gio/gio.h>
#include "core/export-files.h"

G_BEGIN_DECLS

/* Writes @views (an array of VinvView *, taken over and freed) titled
 * @titles (taken over) in @format, to the local file or folder @dest:
 *   a folder when vinv_export_format_needs_dir() says so (several tables
 *   of a per-table format: DIR/TABLE-ID.EXT, the folder created if
 *   missing), else the one file @dest (one table, or every table in one
 *   JSON document).
 * Existing files are replaced (the file chooser asked); a symbolic link is
 * refused.  All files or none: on failure the old files stay as they were.
 * A @dest without a local path fails with G_IO_ERROR_NOT_SUPPORTED. */
void vinv_exporter_write_async (GPtrArray *views, char **titles,
                                VinvExportFormat format, GFile *dest,
                                GCancellable *cancellable,
                                GAsyncReadyCallback callback, gpointer user_data);

/* TRUE on success with *summary ("150 rows to /tmp/vms.csv"; owned by
 * caller; @summary may be NULL), else FALSE with @error. */
gboolean vinv_exporter_write_finish (GAsyncResult *result, char **summary, GError **error);

G_END_DECLS
