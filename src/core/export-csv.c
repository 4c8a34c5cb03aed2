/* export-csv.c — writes a view as CSV (RFC 4180), row by row.
 *
 * The format, for machines first:
 *   - UTF-8 without BOM (invalid UTF-8 in a cell becomes U+FFFD); every
 *     record, the last one too, ends in CRLF.
 *   - The first record holds the shown columns' titles in display order;
 *     a quantity column's title carries its display unit: "Memory (MB)".
 *   - A field is quoted when it contains ',', '"', CR or LF, or starts or
 *     ends with a space or tab; quotes inside are doubled.
 *   - Null (no value) is an empty field; a value whose text is empty (the
 *     empty string, an empty list) is written "" so the two stay apart.
 *   - Integers in decimal; booleans true / false; doubles in the shortest
 *     form that reads back exactly; quantities as plain numbers in the
 *     column's display unit (exact when the unit is a power-of-two multiple
 *     of the base unit, as sizes are, else 15 significant digits), with no
 *     exponent noise for integral values; NaN and infinities as null.
 *   - Timestamps ISO 8601 in UTC, "2026-11-22T04:29:24Z" (".123" added
 *     when there are milliseconds), whatever the local zone; null outside
 *     years 1-9999.
 *   - References as their text; lists as all their items' texts in stored
 *     order joined by "; " (not the "first (n)" display form).
 * Only the view's rows, in its order, and its shown columns are written;
 * export-everything is a view showing every column.
 */
#include "export-private.h"

#include <math.h>
#include <string.h>

/* Appends @s as one CSV field; @quote_empty writes "" for an empty @s. */
static void
append_field (GString *out, const char *s, gboolean quote_empty)
{
    g_autofree char *tmp = NULL;
    const char *text = vinv_export_valid_utf8 (s, &tmp);
    gsize len = strlen (text);
    gboolean quote = strpbrk (text, ",\"\r\n") != NULL;

    if (len == 0) {
        if (quote_empty)
            g_string_append (out, "\"\"");
        return;
    }
    if (text[0] == ' ' || text[0] == '\t' || text[len - 1] == ' ' || text[len - 1] == '\t')
        quote = TRUE;
    if (!quote) {
        g_string_append_len (out, text, len);
        return;
    }
    g_string_append_c (out, '"');
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"')
            g_string_append_c (out, '"');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
}

/* True if dividing by @factor is exact (a power of two, 1 included). */
static gboolean
exact_factor (double factor)
{
    int exp;
    return factor > 0 && frexp (factor, &exp) == 0.5;
}

/* Appends the field of @cell of @column.  @scratch is a reusable buffer. */
static void
append_cell (GString *out, const VinvColumn *column, const VinvCell *cell, GString *scratch)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        break;
    case VINV_CELL_BOOL:
        g_string_append (out, cell->v.b ? "true" : "false");
        break;
    case VINV_CELL_INT:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->v.i);
        break;
    case VINV_CELL_DOUBLE:
        if (isfinite (cell->v.d))
            vinv_export_append_number (out, cell->v.d);
        break;
    case VINV_CELL_QUANTITY: {
        double factor = column->unit != NULL ? column->unit->factor : 1.0;
        double v = cell->v.d / factor;
        if (!isfinite (v))
            break;
        if (exact_factor (factor))
            vinv_export_append_number (out, v);
        else
            vinv_export_append_number_15 (out, v);
        break;
    }
    case VINV_CELL_TIME:
        vinv_export_append_time (out, cell->v.i);
        break;
    case VINV_CELL_STRING:
        append_field (out, cell->v.s, TRUE);
        break;
    case VINV_CELL_REF:
        append_field (out, cell->v.ref->text, TRUE);
        break;
    case VINV_CELL_LIST:
        g_string_truncate (scratch, 0);
        for (guint i = 0; i < cell->v.list->n; i++) {
            const char *text = cell->v.list->items[i].text;
            if (i > 0)
                g_string_append (scratch, "; ");
            g_string_append (scratch, text != NULL ? text : "");
        }
        append_field (out, scratch->str, TRUE);
        break;
    case VINV_CELL_LAST:
        g_assert_not_reached ();
    }
}

gboolean
vinv_export_csv_write (VinvView *view, VinvExportWriter *w, GError **error)
{
    VinvTable *table = vinv_view_get_table (view);
    guint n_cols = vinv_view_get_n_columns (view);
    guint n_rows = vinv_view_get_n_rows (view);
    g_autoptr (GString) scratch = g_string_new (NULL);
    g_autofree const VinvColumn **columns = g_new (const VinvColumn *, MAX (n_cols, 1));
    g_autofree guint *col_index = g_new (guint, MAX (n_cols, 1));

    for (guint c = 0; c < n_cols; c++) {
        col_index[c] = vinv_view_get_column (view, c);
        columns[c] = vinv_table_get_column (table, col_index[c]);
    }

    for (guint c = 0; c < n_cols; c++) {
        const VinvColumn *column = columns[c];
        if (c > 0)
            g_string_append_c (w->buf, ',');
        g_string_assign (scratch, column->title);
        if (column->kind == VINV_CELL_QUANTITY && column->unit != NULL
            && column->unit->name[0] != '\0')
            g_string_append_printf (scratch, " (%s)", column->unit->name);
        append_field (w->buf, scratch->str, TRUE);
    }
    g_string_append (w->buf, "\r\n");
    if (!vinv_export_writer_row_done (w, error))
        return FALSE;

    for (guint r = 0; r < n_rows; r++) {
        const VinvCell *cells = vinv_table_get_row (table, vinv_view_get_row (view, r));
        for (guint c = 0; c < n_cols; c++) {
            if (c > 0)
                g_string_append_c (w->buf, ',');
            append_cell (w->buf, columns[c], &cells[col_index[c]], scratch);
        }
        g_string_append (w->buf, "\r\n");
        if (!vinv_export_writer_row_done (w, error))
            return FALSE;
    }
    return TRUE;
}
