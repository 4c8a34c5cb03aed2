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

/* What a byte asks of a JSON string: ESCAPE for '"', '\\' and control
 * characters; UTF8 for bytes >= 0x80 (the string must then be checked for
 * valid UTF-8). */
enum { ESCAPE = 1, UTF8 = 2 };

static const guint8 byte_class[256] = {
#define E4(x) [x] = ESCAPE, [x + 1] = ESCAPE, [x + 2] = ESCAPE, [x + 3] = ESCAPE
    E4 (0x00), E4 (0x04), E4 (0x08), E4 (0x0c), E4 (0x10), E4 (0x14), E4 (0x18), E4 (0x1c),
#undef E4
    ['"'] = ESCAPE, ['\\'] = ESCAPE,
#define U8(x) [x] = UTF8, [x + 1] = UTF8, [x + 2] = UTF8, [x + 3] = UTF8
#define U32(x) U8 (x), U8 (x + 4), U8 (x + 8), U8 (x + 12), U8 (x + 16), U8 (x + 20), \
    U8 (x + 24), U8 (x + 28)
    U32 (0x80), U32 (0xa0), U32 (0xc0), U32 (0xe0),
#undef U32
#undef U8
};

/* Appends @s as a JSON string, the careful way: UTF-8 repair, then runs
 * of plain bytes copied between escapes. */
static void
append_string_slow (GString *out, const char *s)
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
        vinv_export_put (out, run, p - run);
        run = p + 1;
        esc = short_escape (c);
        if (esc != NULL)
            vinv_export_put (out, esc, 2);
        else
            g_string_append_printf (out, "\\u%04x", c);
    }
    vinv_export_put (out, run, p - run);
    g_string_append_c (out, '"');
}

/* Appends @s as a JSON string.  A string with nothing to escape (the
 * common case) is copied and checked in one pass; non-ASCII text is then
 * checked for valid UTF-8 where it lies.  Anything else is left to
 * append_string_slow(). */
static void
append_string (GString *out, const char *s)
{
    gsize start = out->len;
    guint flags = 0;

    g_string_append_c (out, '"');
    gssize n = vinv_export_copy_scan (out, s != NULL ? s : "", byte_class, &flags);
    if (n >= 0 && !(flags & ESCAPE)
        && (!(flags & UTF8) || g_utf8_validate_len (out->str + out->len, n, NULL))) {
        vinv_export_commit (out, n);
        g_string_append_c (out, '"');
        return;
    }
    g_string_truncate (out, start);
    append_string_slow (out, s);
}

static void
append_item (GString *out, const VinvItem *item, gboolean linked)
{
    if (!linked) {
        append_string (out, item->text);
        return;
    }
    vinv_export_put (out, "{\"text\":", 8);
    append_string (out, item->text);
    vinv_export_put (out, ",\"id\":", 6);
    if (item->id != NULL)
        append_string (out, item->id);
    else
        vinv_export_put (out, "null", 4);
    g_string_append_c (out, '}');
}

static void
append_double (GString *out, double v)
{
    if (isfinite (v))
        vinv_export_append_number (out, v);
    else
        vinv_export_put (out, "null", 4);
}

static void
append_value (GString *out, const VinvColumn *column, const VinvCell *cell)
{
    gboolean linked = column->target != NULL;

    switch (cell->kind) {
    case VINV_CELL_NULL:
        vinv_export_put (out, "null", 4);
        break;
    case VINV_CELL_BOOL:
        if (cell->v.b)
            vinv_export_put (out, "true", 4);
        else
            vinv_export_put (out, "false", 5);
        break;
    case VINV_CELL_INT:
        vinv_export_append_int (out, cell->v.i);
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
            vinv_export_put (out, "null", 4);
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
    /* each row's '"id":' prefixes, escaped once, one after the other in
     * @keys: ",\"name\":" (the first without the comma) */
    g_autoptr (GString) keys = g_string_new (NULL);
    g_autofree gsize *key_end = g_new (gsize, MAX (n_cols, 1));

    for (guint c = 0; c < n_cols; c++) {
        col_index[c] = vinv_view_get_column (view, c);
        columns[c] = vinv_table_get_column (table, col_index[c]);
        if (c > 0)
            g_string_append_c (keys, ',');
        append_string (keys, columns[c]->id);
        g_string_append_c (keys, ':');
        key_end[c] = keys->len;
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
        vinv_export_prefetch_row (view, r + VINV_EXPORT_AHEAD, col_index, n_cols, FALSE);
        vinv_export_prefetch_row (view, r + VINV_EXPORT_AHEAD / 2, col_index, n_cols, TRUE);
        const VinvCell *cells = vinv_table_get_row (table, vinv_view_get_row (view, r));
        if (r > 0)
            vinv_export_put (w->buf, ",\n{", 3);
        else
            vinv_export_put (w->buf, "\n{", 2);
        for (guint c = 0; c < n_cols; c++) {
            gsize key_start = c > 0 ? key_end[c - 1] : 0;
            vinv_export_put (w->buf, keys->str + key_start, key_end[c] - key_start);
            append_value (w->buf, columns[c], &cells[col_index[c]]);
        }
        g_string_append_c (w->buf, '}');
        if (!vinv_export_writer_row_done (w, error))
            return FALSE;
    }
    g_string_append (w->buf, n_rows > 0 ? "\n]}" : "]}");
    return TRUE;
}
