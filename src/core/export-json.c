/* export-json.c — writes a view as one JSON object, row by row.
 *
 * The format (one column header per line, one row per line):
 *
 *   {"table":"vms","title":"VMs",
 *   "columns":[
 *   {"id":"name","title":"Name","kind":"string","unit":null,"target":null},
 *   {"id":"memory","title":"Memory","kind":"quantity","unit":"B","target":null},
 *   {"id":"disks","title":"Disks","kind":"list","unit":null,"target":"disks"}
 *   ],
 *   "rows":[
 *   {"name":"web1","memory":4294967296,"disks":[{"text":"Disk1","id":"d-1"}]}
 *   ]}
 *
 *   - "kind" is vinv_cell_kind_name() of the column's kind; "unit" is the
 *     name of the *base* unit of a quantity column's dimension ("B", "%",
 *     "s", "bps", "B/s", "Hz"; "" for plain counts), null for other kinds;
 *     "target" is the table id a reference or list column links to, or null.
 *   - A table that failed to load has "error" (the reason) after "title";
 *     a column left without values because a table it draws on failed
 *     (vinv_table_set_column_unavailable()) has "unavailable" (the reason)
 *     after "target", and null cells.  Both are absent otherwise.
 *   - Rows are objects keyed by column id, holding the shown columns in
 *     display order; rows come in the view's order.
 *   - Null is null; booleans true / false; integers as JSON integers;
 *     doubles and quantities as JSON numbers in the shortest form that
 *     reads back as the same double (integral values as plain integers, no
 *     ".0" or exponent); quantities in the base unit, as stored, so they are
 *     exact; NaN and infinities as null.
 *   - Timestamps as ISO 8601 UTC strings "2026-11-22T04:29:24Z" (".123"
 *     when there are milliseconds); null outside years 1-9999.
 *   - A column with a target: a reference is {"text": T, "id": ID-or-null}
 *     and a list an array of such objects.  A column without a target: a
 *     reference is its text as a string and a list an array of strings.  An
 *     empty list is [].  Items are in stored order.
 *   - Strings escape '"', '\\' and every control character below U+0020
 *     (\b \f \n \r \t, else \u00XX); other UTF-8 passes through as is, and
 *     invalid UTF-8 is replaced by U+FFFD, so the output is always UTF-8.
 * vinv_export_views_json() (export.c) wraps several such objects as
 * {"tables":[...]}.
 */
#include "export-private.h"

#include <math.h>
#include <string.h>

/* The two-character escape of @c, or NULL if it has none. */
static const char *
short_escape (unsigned char c)
{
    switch (c) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\b':
        return "\\b";
    case '\f':
        return "\\f";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

/* Appends @s as a JSON string; runs of plain bytes are copied at once. */
static void
append_string (GString *out, const char *s)
{
    g_autofree char *tmp = NULL;
    const char *text = vinv_export_valid_utf8 (s, &tmp);
    const char *run = text;
    const char *p;

    g_string_append_c (out, '"');
    for (p = text; *p != '\0'; p++) {
        unsigned char c = (unsigned char) *p;
        const char *esc;

        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        g_string_append_len (out, run, p - run);
        run = p + 1;
        esc = short_escape (c);
        if (esc != NULL)
            g_string_append (out, esc);
        else
            g_string_append_printf (out, "\\u%04x", c);
    }
    g_string_append_len (out, run, p - run);
    g_string_append_c (out, '"');
}

static void
append_item (GString *out, const VinvItem *item, gboolean linked)
{
    if (!linked) {
        append_string (out, item->text);
        return;
    }
    g_string_append (out, "{\"text\":");
    append_string (out, item->text);
    g_string_append (out, ",\"id\":");
    if (item->id != NULL)
        append_string (out, item->id);
    else
        g_string_append (out, "null");
    g_string_append_c (out, '}');
}

static void
append_double (GString *out, double v)
{
    if (isfinite (v))
        vinv_export_append_number (out, v);
    else
        g_string_append (out, "null");
}

static void
append_value (GString *out, const VinvColumn *column, const VinvCell *cell)
{
    gboolean linked = column->target != NULL;

    switch (cell->kind) {
    case VINV_CELL_NULL:
        g_string_append (out, "null");
        break;
    case VINV_CELL_BOOL:
        g_string_append (out, cell->v.b ? "true" : "false");
        break;
    case VINV_CELL_INT:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->v.i);
        break;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        append_double (out, cell->v.d);
        break;
    case VINV_CELL_TIME: {
        gsize start = out->len;
        g_string_append_c (out, '"');
        if (vinv_export_append_time (out, cell->v.i)) {
            g_string_append_c (out, '"');
        } else {
            g_string_truncate (out, start);
            g_string_append (out, "null");
        }
        break;
    }
    case VINV_CELL_STRING:
        append_string (out, cell->v.s);
        break;
    case VINV_CELL_REF:
        append_item (out, cell->v.ref, linked);
        break;
    case VINV_CELL_LIST:
        g_string_append_c (out, '[');
        for (guint i = 0; i < cell->v.list->n; i++) {
            if (i > 0)
                g_string_append_c (out, ',');
            append_item (out, &cell->v.list->items[i], linked);
        }
        g_string_append_c (out, ']');
        break;
    case VINV_CELL_LAST:
        g_assert_not_reached ();
    }
}

static void
append_column (GString *out, const VinvColumn *column, const char *unavailable)
{
    g_string_append (out, "{\"id\":");
    append_string (out, column->id);
    g_string_append (out, ",\"title\":");
    append_string (out, column->title);
    g_string_append (out, ",\"kind\":");
    append_string (out, vinv_cell_kind_name (column->kind));
    g_string_append (out, ",\"unit\":");
    if (column->kind == VINV_CELL_QUANTITY) {
        VinvDimension dim = column->unit != NULL ? column->unit->dim : VINV_DIM_COUNT;
        append_string (out, vinv_unit_base (dim)->name);
    } else {
        g_string_append (out, "null");
    }
    g_string_append (out, ",\"target\":");
    if (column->target != NULL)
        append_string (out, column->target);
    else
        g_string_append (out, "null");
    if (unavailable != NULL) {
        g_string_append (out, ",\"unavailable\":");
        append_string (out, unavailable);
    }
    g_string_append_c (out, '}');
}

/* Writes the object without a trailing newline, so callers can follow it
 * with ',' or end the document. */
gboolean
vinv_export_json_write_view (VinvView *view, const char *title, VinvExportWriter *w,
                             GError **error)
{
    VinvTable *table = vinv_view_get_table (view);
    const VinvSchema *schema = vinv_table_get_schema (table);
    guint n_cols = vinv_view_get_n_columns (view);
    guint n_rows = vinv_view_get_n_rows (view);
    g_autofree const VinvColumn **columns = g_new (const VinvColumn *, MAX (n_cols, 1));
    g_autofree guint *col_index = g_new (guint, MAX (n_cols, 1));

    for (guint c = 0; c < n_cols; c++) {
        col_index[c] = vinv_view_get_column (view, c);
        columns[c] = vinv_table_get_column (table, col_index[c]);
    }

    g_string_append (w->buf, "{\"table\":");
    append_string (w->buf, schema->id);
    g_string_append (w->buf, ",\"title\":");
    append_string (w->buf, title != NULL ? title : schema->title);
    if (vinv_table_get_error (table) != NULL) {
        g_string_append (w->buf, ",\"error\":");
        append_string (w->buf, vinv_table_get_error (table));
    }
    g_string_append (w->buf, ",\n\"columns\":[\n");
    for (guint c = 0; c < n_cols; c++) {
        append_column (w->buf, columns[c],
                       vinv_table_get_column_unavailable (table, col_index[c]));
        g_string_append (w->buf, c + 1 < n_cols ? ",\n" : "\n");
    }
    g_string_append (w->buf, "],\n\"rows\":[");
    if (!vinv_export_writer_row_done (w, error))
        return FALSE;

    for (guint r = 0; r < n_rows; r++) {
        const VinvCell *cells = vinv_table_get_row (table, vinv_view_get_row (view, r));
        g_string_append (w->buf, r > 0 ? ",\n{" : "\n{");
        for (guint c = 0; c < n_cols; c++) {
            if (c > 0)
                g_string_append_c (w->buf, ',');
            append_string (w->buf, columns[c]->id);
            g_string_append_c (w->buf, ':');
            append_value (w->buf, columns[c], &cells[col_index[c]]);
        }
        g_string_append_c (w->buf, '}');
        if (!vinv_export_writer_row_done (w, error))
            return FALSE;
    }
    g_string_append (w->buf, n_rows > 0 ? "\n]}" : "]}");
    return TRUE;
}
