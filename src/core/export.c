/* export.c — format names, the dispatch from vinv_export_view() to the
 * CSV and JSON writers, the several-tables JSON document, and what both
 * writers share: the buffered stream writer, number and timestamp
 * formatting and UTF-8 repair (export-private.h).
 *
 * XLSX is a known format name but not written yet: vinv_export_view()
 * fails with G_IO_ERROR_NOT_SUPPORTED until libxlsxwriter is wired in.
 */
#include "export-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *format_names[VINV_EXPORT_LAST] = {
    [VINV_EXPORT_CSV] = "csv",
    [VINV_EXPORT_JSON] = "json",
    [VINV_EXPORT_XLSX] = "xlsx",
};

/* Names are matched case-insensitively, so "CSV" and "csv" both work. */
gboolean
vinv_export_format_parse (const char *name, VinvExportFormat *out)
{
    if (name == NULL)
        return FALSE;
    for (guint i = 0; i < VINV_EXPORT_LAST; i++) {
        if (g_ascii_strcasecmp (name, format_names[i]) == 0) {
            if (out != NULL)
                *out = (VinvExportFormat) i;
            return TRUE;
        }
    }
    return FALSE;
}

const char *
vinv_export_format_name (VinvExportFormat format)
{
    g_return_val_if_fail (format < VINV_EXPORT_LAST, "?");
    return format_names[format];
}

const char *
vinv_export_format_extension (VinvExportFormat format)
{
    return vinv_export_format_name (format);
}

/* ---- the writer ---- */

void
vinv_export_writer_init (VinvExportWriter *w, GOutputStream *out, GCancellable *cancellable)
{
    w->out = out;
    w->cancellable = cancellable;
    w->buf = g_string_sized_new (VINV_EXPORT_BUFFER_SIZE + 4096);
}

void
vinv_export_writer_clear (VinvExportWriter *w)
{
    if (w->buf != NULL)
        g_string_free (w->buf, TRUE);
    w->buf = NULL;
}

static gboolean
write_buffer (VinvExportWriter *w, GError **error)
{
    if (w->buf->len == 0)
        return TRUE;
    if (!g_output_stream_write_all (w->out, w->buf->str, w->buf->len, NULL,
                                    w->cancellable, error))
        return FALSE;
    g_string_truncate (w->buf, 0);
    return TRUE;
}

gboolean
vinv_export_writer_row_done (VinvExportWriter *w, GError **error)
{
    if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
        return FALSE;
    if (w->buf->len >= VINV_EXPORT_BUFFER_SIZE)
        return write_buffer (w, error);
    return TRUE;
}

gboolean
vinv_export_writer_finish (VinvExportWriter *w, GError **error)
{
    if (!write_buffer (w, error))
        return FALSE;
    return g_output_stream_flush (w->out, w->cancellable, error);
}

/* ---- values ---- */

/* Integral doubles below 1e21 print exactly with "%.0f" (as JavaScript
 * does), which avoids exponents for every byte count we will ever see. */
static gboolean
append_integral (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (v != trunc (v) || fabs (v) >= 1e21)
        return FALSE;
    if (v == 0) {
        g_string_append_c (out, '0');
        return TRUE;
    }
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.0f", v));
    return TRUE;
}

void
vinv_export_append_number (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

    if (append_integral (out, v))
        return;
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
        g_ascii_formatd (buf, sizeof buf, formats[i], v);
        if (g_ascii_strtod (buf, NULL) == v)
            break;
    }
    g_string_append (out, buf);
}

void
vinv_export_append_number_15 (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (append_integral (out, v))
        return;
    /* %.15g uses no exponent between 1e-4 and 1e15, so "500" stays "500" */
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

gboolean
vinv_export_append_time (GString *out, gint64 ms)
{
    gint64 secs = ms / 1000;
    int rem = (int) (ms % 1000);
    int year;
    int month;
    int day;

    if (rem < 0) {
        rem += 1000;
        secs -= 1;
    }
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (secs);
    if (dt == NULL)
        return FALSE;
    g_date_time_get_ymd (dt, &year, &month, &day);
    g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                            g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                            g_date_time_get_second (dt));
    if (rem != 0)
        g_string_append_printf (out, ".%03d", rem);
    g_string_append_c (out, 'Z');
    return TRUE;
}

const char *
vinv_export_valid_utf8 (const char *s, char **tmp)
{
    *tmp = NULL;
    if (s == NULL)
        return "";
    if (g_utf8_validate (s, -1, NULL))
        return s;
    *tmp = g_utf8_make_valid (s, -1);
    return *tmp;
}

/* ---- dispatch ---- */

gboolean
vinv_export_view (VinvView *view, const char *title, VinvExportFormat format,
                  GOutputStream *out, GCancellable *cancellable, GError **error)
{
    VinvExportWriter w;
    gboolean ok = FALSE;

    g_return_val_if_fail (view != NULL, FALSE);
    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

    if (format == VINV_EXPORT_XLSX) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             "XLSX export is not available yet");
        return FALSE;
    }
    if (format >= VINV_EXPORT_LAST) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown export format %d", (int) format);
        return FALSE;
    }

    vinv_export_writer_init (&w, out, cancellable);
    if (format == VINV_EXPORT_CSV) {
        ok = vinv_export_csv_write (view, &w, error);
    } else {
        ok = vinv_export_json_write_view (view, title, &w, error);
        g_string_append_c (w.buf, '\n');
    }
    if (ok)
        ok = vinv_export_writer_finish (&w, error);
    vinv_export_writer_clear (&w);
    return ok;
}

gboolean
vinv_export_views_json (VinvView *const *views, const char *const *titles, guint n,
                        GOutputStream *out, GCancellable *cancellable, GError **error)
{
    VinvExportWriter w;
    gboolean ok = TRUE;

    g_return_val_if_fail (n == 0 || views != NULL, FALSE);
    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

    vinv_export_writer_init (&w, out, cancellable);
    g_string_append (w.buf, "{\"tables\":[\n");
    for (guint i = 0; i < n && ok; i++) {
        ok = vinv_export_json_write_view (views[i], titles != NULL ? titles[i] : NULL,
                                          &w, error);
        if (ok)
            g_string_append (w.buf, i + 1 < n ? ",\n" : "\n");
    }
    if (ok) {
        g_string_append (w.buf, "]}\n");
        ok = vinv_export_writer_finish (&w, error);
    }
    vinv_export_writer_clear (&w);
    return ok;
}
