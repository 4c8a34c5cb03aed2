/* export.h — writing views as CSV and JSON.
 *
 * Exporters take a view, so "what you see" (shown columns, filter, sort) and
 * "everything" (a fresh view with every column) are the same code.  They
 * write to a GOutputStream as they go, so no row cap and no whole-file
 * buffer.  Formats:
 *   CSV  — RFC 4180: CRLF line ends, fields with ',', '"', CR or LF quoted,
 *          quotes doubled; UTF-8 without BOM; header row of column titles,
 *          quantities as plain numbers in the column's display unit with the
 *          unit in the header ("Memory (MB)"), lists as items joined by "; ".
 *   JSON — see export-json.c: numbers as numbers, booleans as booleans,
 *          null as null, lists as arrays, quantities as numbers in the unit
 *          stated in the "columns" header.
 */
#pragma once

#include <gio/gio.h>
#include "view.h"

G_BEGIN_DECLS

typedef enum {
    VINV_EXPORT_CSV,
    VINV_EXPORT_JSON,
    VINV_EXPORT_XLSX,
    VINV_EXPORT_LAST
} VinvExportFormat;

/* Parses "csv", "json", "xlsx".  Returns FALSE if unknown. */
gboolean vinv_export_format_parse (const char *name, VinvExportFormat *out);
const char *vinv_export_format_name (VinvExportFormat format);
/* File extension without dot ("csv"). */
const char *vinv_export_format_extension (VinvExportFormat format);

/* Writes @view to @out in @format.  @title is the table title to name in
 * the output (JSON "title").  Returns FALSE with @error on a write error. */
gboolean vinv_export_view (VinvView *view, const char *title,
                           VinvExportFormat format, GOutputStream *out,
                           GCancellable *cancellable, GError **error);

/* Writes several views as one JSON document
 * {"tables": [ <view as vinv_export_view writes it>, ... ]}. */
gboolean vinv_export_views_json (VinvView *const *views, const char *const *titles,
                                 guint n, GOutputStream *out,
                                 GCancellable *cancellable, GError **error);

G_END_DECLS
