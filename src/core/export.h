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
 *          A text cell that a spreadsheet would run as a formula gets a
 *          leading "'" unless VINV_EXPORT_FLAG_RAW_TEXT is given (see
 *          export-csv.c).
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

/* How the exporters write; 0 is the default. */
typedef enum {
    VINV_EXPORT_FLAG_NONE = 0,
    /* Text cells exactly as they are (--raw-csv): no leading "'" before a
     * CSV or XLSX text cell that begins with '=', '+', '-', '@', TAB or CR.
     * JSON never changes text. */
    VINV_EXPORT_FLAG_RAW_TEXT = 1 << 0,
} VinvExportFlags;

/* Writes @view to @out in @format.  @title is the table title to name in
 * the output (JSON "title").  Returns FALSE with @error on a write error.
 * Same as vinv_export_view_full() with no flags. */
gboolean vinv_export_view (VinvView *view, const char *title,
                           VinvExportFormat format, GOutputStream *out,
                           GCancellable *cancellable, GError **error);

/* What an export needs besides its views (export-files passes it to every
 * format's writer).  Zero-initialised means the defaults. */
typedef struct {
    guint flags;                     /* VinvExportFlags */
    /* The inventory the views show, or NULL: XLSX's Summary sheet lists
     * its sources, their errors and its tables' row counts and errors. */
    const VinvInventory *inventory;
    /* The health checks' findings (a view of vinv_check_run()'s Findings
     * table, showing what `check` shows), or NULL: XLSX writes them as a
     * last sheet "Health", like RVTools' vHealth, and the Summary lists it.
     * Other formats ignore it. */
    VinvView *health;
} VinvExportOptions;

/* vinv_export_view() with @flags (VinvExportFlags). */
gboolean vinv_export_view_full (VinvView *view, const char *title,
                                VinvExportFormat format, guint flags,
                                GOutputStream *out, GCancellable *cancellable,
                                GError **error);

/* TRUE if a spreadsheet would take @text for a formula (or a command, as
 * DDE "=cmd|..." is): it begins with '=', '+', '-', '@', TAB or CR and is
 * not simply a number ("-12", "+1.5e3" are left alone).  CSV and XLSX put
 * a "'" before such text cells unless VINV_EXPORT_FLAG_RAW_TEXT is given
 * (OWASP's advice against CSV injection). */
gboolean vinv_export_text_is_formula (const char *text);

/* Writes several views as one JSON document
 * {"tables": [ <view as vinv_export_view writes it>, ... ]}. */
gboolean vinv_export_views_json (VinvView *const *views, const char *const *titles,
                                 guint n, GOutputStream *out,
                                 GCancellable *cancellable, GError **error);

G_END_DECLS
