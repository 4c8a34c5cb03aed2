/* printer.c — how virt-inventory prints: the aligned text table, the
 * filter error with its caret, and csv/json through the core exporters.
 *
 * Text output is for people: columns aligned by display width (a CJK
 * character takes two cells), numbers right-aligned, one line per row
 * (control characters in cells are replaced so a description with a newline
 * or an escape sequence cannot break the table or the terminal).  csv and
 * json are for programs and come from src/core/export*.c unchanged, so the
 * CLI, the GUI and the exporters agree on every byte.
 */
#include <errno.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include "cli.h"

#define COLUMN_GAP "  "

/* Width of one character in terminal cells. */
static guint
char_width (gunichar c)
{
    if (g_unichar_iszerowidth (c))
        return 0;
    if (g_unichar_iswide (c))
        return 2;
    return 1;
}

gsize
vinv_text_width_len (const char *text, gsize len)
{
    const char *p = text;
    const char *end = text + len;
    gsize width = 0;

    while (p < end && *p != '\0') {
        gunichar c = g_utf8_get_char_validated (p, end - p);
        if (c == (gunichar) -1 || c == (gunichar) -2) {
            width++;                /* an invalid byte: shown as U+FFFD */
            p++;
            continue;
        }
        width += char_width (c);
        p = g_utf8_next_char (p);
    }
    return width;
}

gsize
vinv_text_width (const char *text)
{
    return vinv_text_width_len (text, strlen (text));
}

char *
vinv_text_sanitize (const char *text)
{
    GString *out = g_string_sized_new (strlen (text));
    const char *p = text;

    while (*p != '\0') {
        gunichar c = g_utf8_get_char_validated (p, -1);
        if (c == (gunichar) -1 || c == (gunichar) -2) {
            g_string_append (out, "\xef\xbf\xbd");      /* U+FFFD */
            p++;
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r')
            g_string_append_c (out, ' ');
        else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
            g_string_append_c (out, '?');
        else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        p = g_utf8_next_char (p);
    }
    return g_string_free (out, FALSE);
}

static gboolean
column_is_numeric (const VinvColumn *column)
{
    return column->kind == VINV_CELL_INT
        || column->kind == VINV_CELL_DOUBLE
        || column->kind == VINV_CELL_QUANTITY;
}

/* Appends @text padded to @width to @line; @right aligns it right. */
static void
put_cell (GString *line, const char *text, gsize text_width, gsize width, gboolean right)
{
    gsize pad = width > text_width ? width - text_width : 0;

    if (right)
        g_string_append_printf (line, "%*s", (int) pad, "");
    g_string_append (line, text);
    if (!right)
        g_string_append_printf (line, "%*s", (int) pad, "");
}

/* Writes @line without its trailing spaces (empty cells at the end of a
 * row leave none), then a newline, and empties @line. */
static void
flush_line (GString *line, FILE *out)
{
    gsize len = line->len;

    while (len > 0 && line->str[len - 1] == ' ')
        len--;
    fwrite (line->str, 1, len, out);
    fputc ('\n', out);
    g_string_truncate (line, 0);
}

void
vinv_print_view_text (VinvView *view, FILE *out)
{
    VinvTable *table = vinv_view_get_table (view);
    guint n_cols = vinv_view_get_n_columns (view);
    guint n_rows = vinv_view_get_n_rows (view);
    g_autofree gsize *widths = g_new0 (gsize, n_cols);
    g_autofree gboolean *right = g_new0 (gboolean, n_cols);
    g_autofree char **titles = g_new0 (char *, n_cols);
    g_autoptr (GString) line = g_string_new (NULL);
    /* cells[r * n_cols + c]: the sanitized text; cell_widths likewise */
    char **cells = g_new0 (char *, (gsize) n_rows * n_cols);
    gsize *cell_widths = g_new0 (gsize, (gsize) n_rows * n_cols);

    for (guint c = 0; c < n_cols; c++) {
        const VinvColumn *column = vinv_table_get_column (table, vinv_view_get_column (view, c));
        titles[c] = vinv_text_sanitize (column->title);
        widths[c] = vinv_text_width (titles[c]);
        right[c] = column_is_numeric (column);
    }
    for (guint r = 0; r < n_rows; r++) {
        guint row = vinv_view_get_row (view, r);
        for (guint c = 0; c < n_cols; c++) {
            g_autofree char *raw = vinv_view_dup_cell_text (view, row,
                                                            vinv_view_get_column (view, c));
            gsize k = (gsize) r * n_cols + c;
            cells[k] = vinv_text_sanitize (raw);
            cell_widths[k] = vinv_text_width (cells[k]);
            widths[c] = MAX (widths[c], cell_widths[k]);
        }
    }

    for (guint c = 0; c < n_cols; c++) {
        if (c > 0)
            g_string_append (line, COLUMN_GAP);
        put_cell (line, titles[c], vinv_text_width (titles[c]), widths[c], right[c]);
    }
    flush_line (line, out);
    for (guint c = 0; c < n_cols; c++) {
        if (c > 0)
            g_string_append (line, COLUMN_GAP);
        for (gsize k = 0; k < widths[c]; k++)
            g_string_append_c (line, '-');
    }
    flush_line (line, out);
    for (guint r = 0; r < n_rows; r++) {
        for (guint c = 0; c < n_cols; c++) {
            gsize k = (gsize) r * n_cols + c;
            if (c > 0)
                g_string_append (line, COLUMN_GAP);
            put_cell (line, cells[k], cell_widths[k], widths[c], right[c]);
        }
        flush_line (line, out);
    }

    for (gsize k = 0; k < (gsize) n_rows * n_cols; k++)
        g_free (cells[k]);
    g_free (cells);
    g_free (cell_widths);
    for (guint c = 0; c < n_cols; c++)
        g_free (titles[c]);
}

gboolean
vinv_print_view (VinvView *view, const char *title, const char *format,
                 guint export_flags, FILE *out, GError **error)
{
    VinvExportFormat export_format;

    if (format == NULL || strcmp (format, "text") == 0) {
        vinv_print_view_text (view, out);
        if (fflush (out) != 0) {
            g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                         "cannot write: %s", g_strerror (errno));
            return FALSE;
        }
        return TRUE;
    }
    if (!vinv_export_format_parse (format, &export_format)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown format '%s'", format);
        return FALSE;
    }

    /* The exporters write to a GOutputStream: hand them the FILE's
     * descriptor, after flushing what stdio buffered. */
    fflush (out);
    g_autoptr (GOutputStream) stream = g_unix_output_stream_new (fileno (out), FALSE);
    if (!vinv_export_view_full (view, title, export_format, export_flags, stream, NULL,
                                error))
        return FALSE;
    return g_output_stream_flush (stream, NULL, error);
}

void
vinv_print_filter_error (FILE *err, const char *filter, const VinvFilterError *error)
{
    g_autofree char *shown = vinv_text_sanitize (filter);
    gsize len = strlen (filter);
    gsize offset = MIN (error->offset, len);
    /* Display columns up to the offset: sanitizing keeps every character's
     * width, so measuring the original prefix is measuring the shown one. */
    gsize caret = vinv_text_width_len (filter, offset);

    fprintf (err, "%s: error in filter: %s\n", VINV_PROGRAM, error->message);
    fprintf (err, "  %s\n  ", shown);
    for (gsize k = 0; k < caret; k++)
        fputc (' ', err);
    fputs ("^\n", err);
    if (error->hint != NULL)
        fprintf (err, "  hint: %s\n", error->hint);
}
