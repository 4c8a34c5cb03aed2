/* export-xlsx.c — writes views as one XLSX workbook (libxlsxwriter).
 *
 * The workbook, for people and for the tools that import RVTools-shaped
 * spreadsheets:
 *   - A first sheet "Summary": what was exported and when (a real date, in
 *     UTC), the sources (name, URI, load error, notes) when the
 *     inventory is known (VinvExportOptions.inventory), and per table its
 *     sheet, the rows exported, the rows loaded and its load error.
 *   - One sheet per view, named by its title ("VMs", "Storage pools"),
 *     made valid (at most 31 characters, none of []:*?/\) and unique.
 *   - With VinvExportOptions.health, a last sheet "Health": the health
 *     checks' findings, exactly the rows and columns of that view (what
 *     `check` prints), written like any table sheet.
 *   - Each sheet: a bold header row of column titles (a quantity's title
 *     carries its display unit, "Memory (MB)", as in CSV), frozen so it
 *     stays in sight; an AutoFilter over the header and the data; column
 *     widths from the content (capped at 60 characters).
 *   - Typed cells: integers and doubles as numbers; quantities as numbers
 *     in the column's display unit with a number format that shows the
 *     unit ("4096 MB" with the value 4096); booleans as booleans;
 *     timestamps as real dates in UTC (format yyyy-mm-dd hh:mm:ss), or as
 *     ISO 8601 text before 1900 where Excel has no dates; references as
 *     their text; lists as their items joined by "; "; no value as an empty
 *     cell.  Integers beyond 2^53 (which a spreadsheet would round) and
 *     non-finite numbers are written as text.
 *   - Text cells that would run as formulas get a leading "'" as in CSV
 *     (vinv_export_text_is_formula()), unless VINV_EXPORT_FLAG_RAW_TEXT.
 *     Invalid UTF-8 becomes U+FFFD; text longer than Excel's 32,767
 *     characters is cut there.
 * What is written is the views: their rows in their order, their shown
 * columns; "everything" is a view showing every column.
 *
 * libxlsxwriter writes to a file name, so the workbook is built in a
 * private temporary directory (mode 0700) and then copied to the output
 * stream; the directory is removed whatever happens.  Rows are written in
 * order in libxlsxwriter's constant-memory mode, so memory does not grow
 * with the number of rows.
 */
#include "export-private.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <xlsxwriter.h>

#include "vinv-config.h"

#define MAX_SHEET_ROWS 1048576u  /* Excel's limit, header included */
#define MAX_WIDTH 60.0
#define MAX_CELL_CHARS 32767
#define MAX_EXACT_INT (G_GINT64_CONSTANT (1) << 53)   /* larger: a double rounds it */

/* Formats shared by every sheet of one workbook. */
typedef struct {
    lxw_format *header;
    lxw_format *date;
    lxw_format *title;
    GHashTable *units;           /* unit name -> lxw_format * ("General\" MB\"") */
} Formats;

static lxw_format *
unit_format (lxw_workbook *book, Formats *f, const char *unit)
{
    lxw_format *format = g_hash_table_lookup (f->units, unit);
    if (format == NULL) {
        g_autofree char *spec = g_strdup_printf ("General\" %s\"", unit);
        format = workbook_add_format (book);
        format_set_num_format (format, spec);
        g_hash_table_insert (f->units, g_strdup (unit), format);
    }
    return format;
}

/* Copies @text for a cell: valid UTF-8, at most MAX_CELL_CHARS characters,
 * with the formula guard when @guard.  Owned by caller. */
static char *
cell_string (const char *text, gboolean guard)
{
    g_autofree char *tmp = NULL;
    const char *valid = vinv_export_valid_utf8 (text, &tmp);
    gboolean formula = guard && vinv_export_text_is_formula (valid);
    glong chars = g_utf8_strlen (valid, -1);

    if (chars + (formula ? 1 : 0) > MAX_CELL_CHARS) {
        const char *end = g_utf8_offset_to_pointer (valid, MAX_CELL_CHARS - (formula ? 1 : 0));
        g_autofree char *cut = g_strndup (valid, end - valid);
        return formula ? g_strconcat ("'", cut, NULL) : g_steal_pointer (&cut);
    }
    return formula ? g_strconcat ("'", valid, NULL) : g_strdup (valid);
}

/* The header of @column: its title, with the display unit of a quantity. */
static char *
header_text (const VinvColumn *column)
{
    if (column->kind == VINV_CELL_QUANTITY && column->unit != NULL
        && column->unit->name[0] != '\0')
        return g_strdup_printf ("%s (%s)", column->title, column->unit->name);
    return g_strdup (column->title);
}

/* The list's items joined by "; ", as CSV writes them. */
static void
join_items (GString *out, const VinvCell *cell)
{
    g_string_truncate (out, 0);
    if (cell->kind == VINV_CELL_REF) {
        g_string_append (out, cell->v.ref->text != NULL ? cell->v.ref->text : "");
        return;
    }
    for (guint i = 0; i < cell->v.list->n; i++) {
        const char *text = cell->v.list->items[i].text;
        if (i > 0)
            g_string_append (out, "; ");
        g_string_append (out, text != NULL ? text : "");
    }
}

/* Width in characters the cell needs (an estimate, for column widths). */
static double
cell_width (const VinvColumn *column, const VinvCell *cell, GString *scratch)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        return 0;
    case VINV_CELL_BOOL:
        return 5;
    case VINV_CELL_TIME:
        return 19;
    case VINV_CELL_INT:
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY: {
        g_string_truncate (scratch, 0);
        double v = cell->kind == VINV_CELL_INT ? (double) cell->v.i : cell->v.d;
        if (cell->kind == VINV_CELL_QUANTITY && column->unit != NULL)
            v /= column->unit->factor;
        if (isfinite (v))
            vinv_export_append_number_15 (scratch, v);
        return scratch->len + (column->unit != NULL ? strlen (column->unit->name) + 1 : 0);
    }
    case VINV_CELL_STRING:
        return g_utf8_strlen (cell->v.s, -1);
    case VINV_CELL_REF:
    case VINV_CELL_LIST:
        join_items (scratch, cell);
        return g_utf8_strlen (scratch->str, -1);
    case VINV_CELL_LAST:
        break;
    }
    return 0;
}

static lxw_error
write_time (lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col, gint64 ms, Formats *f,
            GString *scratch)
{
    gint64 secs = ms / 1000;
    int rem = (int) (ms % 1000);
    if (rem < 0) {
        rem += 1000;
        secs -= 1;
    }
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (secs);
    if (dt != NULL && g_date_time_get_year (dt) >= 1900) {
        lxw_datetime when = {
            g_date_time_get_year (dt), g_date_time_get_month (dt),
            g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
            g_date_time_get_minute (dt), g_date_time_get_second (dt) + rem / 1000.0,
        };
        return worksheet_write_datetime (sheet, row, col, &when, f->date);
    }
    g_string_truncate (scratch, 0);
    if (!vinv_export_append_time (scratch, ms))
        return LXW_NO_ERROR;     /* outside years 1-9999: no value, as in CSV */
    return worksheet_write_string (sheet, row, col, scratch->str, NULL);
}

static lxw_error
write_cell (lxw_workbook *book, lxw_worksheet *sheet, lxw_row_t row, lxw_col_t col,
            const VinvColumn *column, const VinvCell *cell, Formats *f, gboolean guard,
            GString *scratch)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        return LXW_NO_ERROR;
    case VINV_CELL_BOOL:
        return worksheet_write_boolean (sheet, row, col, cell->v.b, NULL);
    case VINV_CELL_INT:
        if (cell->v.i > MAX_EXACT_INT || cell->v.i < -MAX_EXACT_INT) {
            g_string_truncate (scratch, 0);
            vinv_export_append_int (scratch, cell->v.i);
            return worksheet_write_string (sheet, row, col, scratch->str, NULL);
        }
        return worksheet_write_number (sheet, row, col, (double) cell->v.i, NULL);
    case VINV_CELL_DOUBLE:
        if (!isfinite (cell->v.d))
            return LXW_NO_ERROR;
        return worksheet_write_number (sheet, row, col, cell->v.d, NULL);
    case VINV_CELL_QUANTITY: {
        double factor = column->unit != NULL ? column->unit->factor : 1.0;
        double v = cell->v.d / factor;
        if (!isfinite (v))
            return LXW_NO_ERROR;
        lxw_format *format = column->unit != NULL && column->unit->name[0] != '\0'
                             ? unit_format (book, f, column->unit->name) : NULL;
        return worksheet_write_number (sheet, row, col, v, format);
    }
    case VINV_CELL_TIME:
        return write_time (sheet, row, col, cell->v.i, f, scratch);
    case VINV_CELL_STRING: {
        g_autofree char *text = cell_string (cell->v.s, guard);
        return worksheet_write_string (sheet, row, col, text, NULL);
    }
    case VINV_CELL_REF:
    case VINV_CELL_LIST: {
        join_items (scratch, cell);
        g_autofree char *text = cell_string (scratch->str, guard);
        return worksheet_write_string (sheet, row, col, text, NULL);
    }
    case VINV_CELL_LAST:
        break;
    }
    g_assert_not_reached ();
}

/* A sheet name from @title: valid for Excel and not in @used (which it is
 * added to).  Owned by caller. */
static char *
sheet_name (const char *title, GHashTable *used)
{
    g_autofree char *tmp = NULL;
    GString *name = g_string_new (NULL);
    const char *valid = vinv_export_valid_utf8 (title != NULL ? title : "Sheet", &tmp);

    for (const char *p = valid; *p != '\0' && g_utf8_strlen (name->str, -1) < 31;
         p = g_utf8_next_char (p)) {
        if (strchr ("[]:*?/\\", *p) != NULL)
            g_string_append_c (name, '_');
        else
            g_string_append_len (name, p, g_utf8_next_char (p) - p);
    }
    if (name->len == 0 || name->str[0] == '\'')
        g_string_prepend (name, "Sheet ");
    g_autofree char *base = g_string_free (name, FALSE);
    char *candidate = g_strdup (base);
    for (guint n = 2; g_hash_table_contains (used, candidate); n++) {
        g_free (candidate);
        g_autofree char *suffix = g_strdup_printf (" (%u)", n);
        glong keep = 31 - (glong) strlen (suffix);
        const char *end = g_utf8_strlen (base, -1) > keep ? g_utf8_offset_to_pointer (base, keep)
                                                           : base + strlen (base);
        candidate = g_strdup_printf ("%.*s%s", (int) (end - base), base, suffix);
    }
    g_hash_table_add (used, g_ascii_strdown (candidate, -1));
    /* Excel compares sheet names without case */
    return candidate;
}

static gboolean
check (lxw_error err, const char *what, GError **error)
{
    if (err == LXW_NO_ERROR)
        return TRUE;
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "XLSX: %s: %s", what, lxw_strerror (err));
    return FALSE;
}

static gboolean
write_view_sheet (lxw_workbook *book, lxw_worksheet *sheet, VinvView *view, Formats *f,
                  gboolean guard, GCancellable *cancellable, GError **error)
{
    VinvTable *table = vinv_view_get_table (view);
    guint n_cols = vinv_view_get_n_columns (view);
    guint n_rows = vinv_view_get_n_rows (view);
    g_autoptr (GString) scratch = g_string_new (NULL);
    g_autofree double *widths = g_new0 (double, MAX (n_cols, 1));

    if (n_rows + 1 > MAX_SHEET_ROWS) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "XLSX: %u rows do not fit in a sheet (at most %u); filter them or use "
                     "CSV", n_rows, MAX_SHEET_ROWS - 1);
        return FALSE;
    }
    /* widths first: constant-memory mode wants the columns set before the rows */
    for (guint c = 0; c < n_cols; c++) {
        guint col = vinv_view_get_column (view, c);
        g_autofree char *header = header_text (vinv_table_get_column (table, col));
        widths[c] = g_utf8_strlen (header, -1) + 3;     /* room for the filter button */
    }
    for (guint r = 0; r < n_rows; r++) {
        const VinvCell *cells = vinv_table_get_row (table, vinv_view_get_row (view, r));
        for (guint c = 0; c < n_cols; c++) {
            guint col = vinv_view_get_column (view, c);
            widths[c] = MAX (widths[c], cell_width (vinv_table_get_column (table, col),
                                                    &cells[col], scratch) + 1);
        }
    }
    for (guint c = 0; c < n_cols; c++) {
        if (!check (worksheet_set_column (sheet, c, c, MIN (widths[c], MAX_WIDTH), NULL),
                    "column width", error))
            return FALSE;
    }

    for (guint c = 0; c < n_cols; c++) {
        guint col = vinv_view_get_column (view, c);
        g_autofree char *header = header_text (vinv_table_get_column (table, col));
        if (!check (worksheet_write_string (sheet, 0, c, header, f->header), "header", error))
            return FALSE;
    }
    worksheet_freeze_panes (sheet, 1, 0);
    if (n_cols > 0 && !check (worksheet_autofilter (sheet, 0, 0, n_rows, n_cols - 1),
                              "autofilter", error))
        return FALSE;

    for (guint r = 0; r < n_rows; r++) {
        const VinvCell *cells = vinv_table_get_row (table, vinv_view_get_row (view, r));
        for (guint c = 0; c < n_cols; c++) {
            guint col = vinv_view_get_column (view, c);
            lxw_error err = write_cell (book, sheet, r + 1, c, vinv_table_get_column (table, col),
                                        &cells[col], f, guard, scratch);
            if (!check (err, "cell", error))
                return FALSE;
        }
        if ((r & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
    }
    return TRUE;
}

/* The Summary sheet: what, when, from where; per table its sheet, rows and
 * error. */
static gboolean
write_summary (lxw_worksheet *sheet, VinvView *const *views, char **names, guint n,
               const char *health_name, const VinvExportOptions *options, Formats *f,
               GError **error)
{
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    lxw_datetime when = {
        g_date_time_get_year (now), g_date_time_get_month (now),
        g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
        g_date_time_get_minute (now), g_date_time_get_second (now),
    };
    const VinvInventory *inv = options->inventory;
    gboolean guard = !(options->flags & VINV_EXPORT_FLAG_RAW_TEXT);
    lxw_row_t row = 0;
    lxw_error err = LXW_NO_ERROR;

    worksheet_set_column (sheet, 0, 0, 24, NULL);
    worksheet_set_column (sheet, 1, 1, 40, NULL);
    worksheet_set_column (sheet, 2, 4, 16, NULL);
    worksheet_set_column (sheet, 5, 5, 60, NULL);
    err |= worksheet_write_string (sheet, row++, 0, "virt-inventory export", f->title);
    err |= worksheet_write_string (sheet, row, 0, "Version", NULL);
    err |= worksheet_write_string (sheet, row++, 1, VINV_VERSION, NULL);
    err |= worksheet_write_string (sheet, row, 0, "Exported (UTC)", NULL);
    err |= worksheet_write_datetime (sheet, row++, 1, &when, f->date);
    row++;

    if (inv != NULL) {
        err |= worksheet_write_string (sheet, row, 0, "Source", f->header);
        err |= worksheet_write_string (sheet, row, 1, "URI", f->header);
        err |= worksheet_write_string (sheet, row, 2, "Load error", f->header);
        err |= worksheet_write_string (sheet, row++, 3, "Notes", f->header);
        for (guint i = 0; i < vinv_inventory_get_n_sources (inv); i++) {
            const VinvSource *s = vinv_inventory_get_source (inv, i);
            g_autofree char *name = cell_string (s->name, guard);
            g_autofree char *uri = cell_string (s->uri != NULL ? s->uri : "", guard);
            err |= worksheet_write_string (sheet, row, 0, name, NULL);
            err |= worksheet_write_string (sheet, row, 1, uri, NULL);
            if (s->error != NULL) {
                g_autofree char *text = cell_string (s->error, guard);
                err |= worksheet_write_string (sheet, row, 2, text, NULL);
            }
            if (s->notes != NULL && s->notes[0] != NULL) {
                g_autofree char *joined = g_strjoinv ("; ", s->notes);
                g_autofree char *text = cell_string (joined, guard);
                err |= worksheet_write_string (sheet, row, 3, text, NULL);
            }
            row++;
        }
        row++;
    }

    err |= worksheet_write_string (sheet, row, 0, "Table", f->header);
    err |= worksheet_write_string (sheet, row, 1, "Sheet", f->header);
    err |= worksheet_write_string (sheet, row, 2, "Rows exported", f->header);
    err |= worksheet_write_string (sheet, row, 3, "Rows loaded", f->header);
    err |= worksheet_write_string (sheet, row, 4, "Table id", f->header);
    err |= worksheet_write_string (sheet, row++, 5, "Load error", f->header);
    for (guint i = 0; i < n; i++) {
        VinvTable *table = vinv_view_get_table (views[i]);
        const VinvSchema *schema = vinv_table_get_schema (table);
        const char *title = inv != NULL ? vinv_inventory_get_table_title (inv, table)
                                        : schema->title;
        err |= worksheet_write_string (sheet, row, 0, title, NULL);
        err |= worksheet_write_string (sheet, row, 1, names[i], NULL);
        err |= worksheet_write_number (sheet, row, 2, vinv_view_get_n_rows (views[i]), NULL);
        err |= worksheet_write_number (sheet, row, 3, vinv_table_get_n_rows (table), NULL);
        err |= worksheet_write_string (sheet, row, 4, schema->id, NULL);
        /* the table's error, then each column left without values */
        g_autoptr (GString) problems = g_string_new (vinv_table_get_error (table));
        for (guint c = 0; c < schema->n_columns; c++) {
            const char *reason = vinv_table_get_column_unavailable (table, c);
            if (reason != NULL)
                g_string_append_printf (problems, "%sno values in %s: %s",
                                        problems->len > 0 ? "; " : "", schema->columns[c].id,
                                        reason);
        }
        if (problems->len > 0) {
            g_autofree char *text = cell_string (problems->str, guard);
            err |= worksheet_write_string (sheet, row, 5, text, NULL);
        }
        row++;
    }
    if (options->health != NULL) {
        VinvTable *findings = vinv_view_get_table (options->health);
        const VinvSchema *schema = vinv_table_get_schema (findings);
        err |= worksheet_write_string (sheet, row, 0, schema->title, NULL);
        err |= worksheet_write_string (sheet, row, 1, health_name, NULL);
        err |= worksheet_write_number (sheet, row, 2, vinv_view_get_n_rows (options->health),
                                       NULL);
        err |= worksheet_write_number (sheet, row, 3, vinv_table_get_n_rows (findings), NULL);
        err |= worksheet_write_string (sheet, row, 4, schema->id, NULL);
        row++;
    }
    return check (err, "summary", error);
}

/* Copies the file @path to @out. */
static gboolean
copy_to_stream (const char *path, GOutputStream *out, GCancellable *cancellable,
                GError **error)
{
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (GFileInputStream) in = g_file_read (file, cancellable, error);

    if (in == NULL)
        return FALSE;
    return g_output_stream_splice (out, G_INPUT_STREAM (in),
                                   G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, cancellable, error) >= 0
        && g_output_stream_flush (out, cancellable, error);
}

/* Builds the workbook in @dir and copies it to @out. */
static gboolean
write_workbook (const char *dir, VinvView *const *views, const char *const *titles, guint n,
                const VinvExportOptions *options, GOutputStream *out,
                GCancellable *cancellable, GError **error)
{
    g_autofree char *path = g_build_filename (dir, "export.xlsx", NULL);
    lxw_workbook_options book_options = { .constant_memory = LXW_TRUE, .tmpdir = (char *) dir };
    lxw_workbook *book = workbook_new_opt (path, &book_options);
    g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_auto (GStrv) names = g_new0 (char *, n + 1);
    g_autoptr (GHashTable) units = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    Formats f = { .units = units };
    gboolean ok;

    if (book == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "XLSX: cannot create a workbook");
        return FALSE;
    }
    f.header = workbook_add_format (book);
    format_set_bold (f.header);
    f.title = workbook_add_format (book);
    format_set_bold (f.title);
    format_set_font_size (f.title, 14);
    f.date = workbook_add_format (book);
    format_set_num_format (f.date, "yyyy-mm-dd hh:mm:ss");

    g_hash_table_add (used, g_strdup ("summary"));
    lxw_worksheet *summary = workbook_add_worksheet (book, "Summary");
    for (guint i = 0; i < n; i++) {
        const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (views[i]));
        const char *title = titles != NULL && titles[i] != NULL ? titles[i] : schema->title;
        names[i] = sheet_name (title, used);
    }
    g_autofree char *health_name = options->health != NULL ? sheet_name ("Health", used) : NULL;
    ok = write_summary (summary, views, names, n, health_name, options, &f, error);
    for (guint i = 0; i <= n && ok; i++) {
        VinvView *view = i < n ? views[i] : options->health;
        const char *name = i < n ? names[i] : health_name;
        if (view == NULL)
            break;
        lxw_worksheet *sheet = workbook_add_worksheet (book, name);
        ok = sheet != NULL
             ? write_view_sheet (book, sheet, view, &f,
                                 !(options->flags & VINV_EXPORT_FLAG_RAW_TEXT), cancellable, error)
             : check (LXW_ERROR_SHEETNAME_ALREADY_USED, name, error);
    }
    lxw_error err = workbook_close (book);          /* frees the formats too */
    if (ok)
        ok = check (err, "write", error);
    return ok && copy_to_stream (path, out, cancellable, error);
}

/* Removes @dir and whatever libxlsxwriter left in it. */
static void
remove_dir (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    const char *entry;

    while (d != NULL && (entry = g_dir_read_name (d)) != NULL) {
        g_autofree char *p = g_build_filename (dir, entry, NULL);
        g_unlink (p);
    }
    g_rmdir (dir);
}

gboolean
vinv_export_xlsx_write (VinvView *const *views, const char *const *titles, guint n,
                        const VinvExportOptions *options, GOutputStream *out,
                        GCancellable *cancellable, GError **error)
{
    static const VinvExportOptions defaults = { 0 };
    g_autofree char *dir = g_dir_make_tmp ("virt-inventory-xlsx-XXXXXX", error);
    gboolean ok;

    if (options == NULL)
        options = &defaults;
    if (dir == NULL)
        return FALSE;
    ok = write_workbook (dir, views, titles, n, options, out, cancellable, error);
    remove_dir (dir);
    return ok;
}

