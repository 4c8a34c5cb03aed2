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
 *   - Formula injection (OWASP): a text field (string, reference, list)
 *     that begins with '=', '+', '-', '@', TAB or CR and is not simply a
 *     number gets a leading "'", so a spreadsheet shows it as text instead
 *     of running it ("=HYPERLINK(...)" becomes "'=HYPERLINK(...)"; "-12"
 *     stays "-12").  Numbers, booleans and timestamps are never changed.
 *     VINV_EXPORT_FLAG_RAW_TEXT (--raw-csv) writes text as it is.
 * Only the view's rows, in its order, and its shown columns are written;
 * export-everything is a view showing every column.
 */
#include "export-private.h"

#include <math.h>
#include <string.h>

/* The 16-bytes-at-a-time field scan (csv_copy_scan()) where SSE2 is
 * there (every x86-64). */
#if defined(__SSE2__)
#include <emmintrin.h>
#define CSV_SIMD 1

/* The load of csv_copy_scan(): 16 bytes at @p, which may run up to 15
 * bytes past a field's NUL but never across a 4096-byte boundary (pages
 * are 4096 bytes or a multiple, and mapped whole, so they are readable).  AddressSanitizer would report
 * those bytes, so it is told not to check this load; every store, and
 * every other access, stays checked in its builds. */
static inline __attribute__ ((no_sanitize_address)) __m128i
load16 (const char *p)
{
    return _mm_loadu_si128 ((const __m128i *) p);
}
#endif

/* What a byte asks of a CSV field: QUOTE for ',', '"', CR and LF; UTF8
 * for bytes >= 0x80 (the field must then be checked for valid UTF-8).
 * Fields with either go through append_field_slow(). */
enum { QUOTE = 1, UTF8 = 2 };

static const guint8 byte_class[256] = {
    [','] = QUOTE, ['"'] = QUOTE, ['\r'] = QUOTE, ['\n'] = QUOTE,
#define U8(x) [x] = UTF8, [x + 1] = UTF8, [x + 2] = UTF8, [x + 3] = UTF8
#define U32(x) U8 (x), U8 (x + 4), U8 (x + 8), U8 (x + 12), U8 (x + 16), U8 (x + 20), \
    U8 (x + 24), U8 (x + 28)
    U32 (0x80), U32 (0xa0), U32 (0xc0), U32 (0xe0),
#undef U32
#undef U8
};

/* vinv_export_copy_scan() with the classes of byte_class[], 16 bytes at
 * a time where SSE2 is there (which then sets both QUOTE and UTF8 in
 * *flags when a byte has either: callers only ask whether *flags is 0).
 * The common field is a short ASCII name, so the scan and copy are one
 * load, one store and a few compares.  A load starts only where 16 bytes
 * stay inside the page (see load16()) and a store only where 16 bytes
 * stay inside @out's allocation; the rest goes byte by byte. */
static inline gssize
csv_copy_scan (GString *out, const char *s, guint *flags)
{
#ifdef CSV_SIMD
    char *start = out->str + out->len;
    char *dst = start;
    gsize room = out->allocated_len - out->len;     /* the NUL's byte included */
    const char *p = s;
    guint f = 0;
    const __m128i zero = _mm_setzero_si128 ();
    const __m128i below = _mm_set1_epi8 (',' + 1);

    /* room > 16: a byte stays for the NUL whatever the chunk holds */
    while (room > 16 && ((guintptr) p & 4095) <= 4096 - 16) {
        __m128i v = load16 (p);
        _mm_storeu_si128 ((__m128i *) dst, v);
        guint nul = (guint) _mm_movemask_epi8 (_mm_cmpeq_epi8 (v, zero));
        /* a first sieve, one compare: the bytes that need care (',', '"',
         * CR, LF and, as signed bytes, those >= 0x80) are all below ','
         * + 1, with NUL, space and a few other punctuation marks */
        guint low = (guint) _mm_movemask_epi8 (_mm_cmplt_epi8 (v, below));
        guint in_text = nul != 0 ? (nul ^ (nul - 1)) & ~nul : 0xffff;    /* before the NUL */
        if (G_UNLIKELY ((low & in_text) != 0)) {
            __m128i sp = _mm_or_si128 (
                _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 (',')),
                              _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('"'))),
                _mm_or_si128 (_mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\r')),
                              _mm_cmpeq_epi8 (v, _mm_set1_epi8 ('\n'))));
            /* QUOTE bytes are 0xff in sp, UTF8 bytes have their top bit */
            guint care = (guint) _mm_movemask_epi8 (_mm_or_si128 (sp, v));
            if ((care & in_text) != 0)
                f |= QUOTE | UTF8;
        }
        if (nul != 0) {
            *flags |= f;
            return dst - start + __builtin_ctz (nul);
        }
        p += 16;
        dst += 16;
        room -= 16;
    }
    /* the rest, byte by byte */
    char *limit = out->str + out->allocated_len - 1;   /* room for the NUL */
    while (*p != '\0') {
        if (G_UNLIKELY (dst == limit)) {
            *start = '\0';
            return -1;
        }
        f |= byte_class[(guint8) *p];
        *dst++ = *p++;
    }
    *flags |= f;
    return dst - start;
#else
    return vinv_export_copy_scan (out, s, byte_class, flags);
#endif
}

/* Bytes that change a field when they come first (EDGE_FIRST) or last
 * (EDGE_LAST): a space or tab at either end makes it quoted.  GUARD: a
 * first byte that may start a formula (TAB is EDGE_FIRST and CR QUOTE
 * already, so those fields take the slow path anyway). */
enum { EDGE_FIRST = 1, EDGE_LAST = 2, GUARD = 4 };

static const guint8 edge_class[256] = {
    [' '] = EDGE_FIRST | EDGE_LAST, ['\t'] = EDGE_FIRST | EDGE_LAST,
    ['='] = GUARD, ['+'] = GUARD, ['-'] = GUARD, ['@'] = GUARD,
};

/* Appends @s as one CSV field, the careful way: UTF-8 repair, the formula
 * guard (a leading "'" when @guard and the text would run as a formula),
 * quoting; @quote_empty writes "" for an empty @s. */
static void
append_field_slow (GString *out, const char *s, gboolean quote_empty, gboolean guard)
{
    g_autofree char *tmp = NULL;
    g_autofree char *guarded = NULL;
    const char *text = vinv_export_valid_utf8 (s, &tmp);

    if (guard && vinv_export_text_is_formula (text))
        text = guarded = g_strconcat ("'", text, NULL);
    gsize len = strlen (text);

    if (len == 0) {
        if (quote_empty)
            vinv_export_put (out, "\"\"", 2);
        return;
    }
    gboolean quote = strpbrk (text, ",\"\r\n") != NULL
                     || (edge_class[(guint8) text[0]] & EDGE_FIRST)
                     || (edge_class[(guint8) text[len - 1]] & EDGE_LAST);
    if (!quote) {
        vinv_export_put (out, text, len);
        return;
    }
    g_string_append_c (out, '"');
    const char *run = text;
    const char *q;
    while ((q = memchr (run, '"', len - (run - text))) != NULL) {
        vinv_export_put (out, run, q - run + 1);
        g_string_append_c (out, '"');   /* the quote, doubled */
        run = q + 1;
    }
    vinv_export_put (out, run, len - (run - text));
    g_string_append_c (out, '"');
}

/* True if the @n bytes at @f, copied by vinv_export_copy_scan() with
 * @flags, are a field as they are: not empty, plain ASCII, nothing to
 * quote, and (when @guard) no first byte that may start a formula. */
static inline gboolean
field_is_plain (const char *f, gsize n, guint flags, gboolean guard)
{
    guint first_mask = guard ? EDGE_FIRST | GUARD : EDGE_FIRST;
    return n > 0 && flags == 0 && !(edge_class[(guint8) f[0]] & first_mask)
           && !(edge_class[(guint8) f[n - 1]] & EDGE_LAST);
}

/* Appends @s as one CSV field; @quote_empty writes "" for an empty @s;
 * @guard neutralises a formula.  The common field is copied and checked
 * in one pass; anything else is left to append_field_slow().  Inlined:
 * it runs for most fields of an export. */
static inline __attribute__ ((always_inline)) void
append_field (GString *out, const char *s, gboolean quote_empty, gboolean guard)
{
    guint flags = 0;
    gssize n = csv_copy_scan (out, s != NULL ? s : "", &flags);

    if (G_LIKELY (n > 0 && field_is_plain (out->str + out->len, n, flags, guard))) {
        vinv_export_commit (out, n);
        return;
    }
    vinv_export_discard (out);
    append_field_slow (out, s, quote_empty, guard);
}

void
vinv_export_csv_append_text (GString *out, const char *s, gboolean guard)
{
    append_field (out, s, TRUE, guard);
}

/* Appends a list cell's items joined by "; " as one field.  Written
 * straight into @out when the result is plain; else joined in @scratch
 * and passed to append_field_slow().  An empty list is "" (what the slow
 * path writes for its empty text). */
static void
append_list (GString *out, const VinvList *list, GString *scratch, gboolean guard)
{
    gsize start = out->len;
    guint flags = 0;

    if (list->n == 0) {
        vinv_export_put (out, "\"\"", 2);
        return;
    }
    for (guint i = 0; i < list->n; i++) {
        const char *text = list->items[i].text;
        if (i > 0)
            vinv_export_put (out, "; ", 2);
        gssize n = csv_copy_scan (out, text != NULL ? text : "", &flags);
        if (n < 0) {
            flags = QUOTE;          /* did not fit: take the slow path */
            break;
        }
        vinv_export_commit (out, n);
    }
    if (field_is_plain (out->str + start, out->len - start, flags, guard))
        return;

    g_string_truncate (out, start);
    g_string_truncate (scratch, 0);
    for (guint i = 0; i < list->n; i++) {
        const char *text = list->items[i].text;
        if (i > 0)
            g_string_append (scratch, "; ");
        g_string_append (scratch, text != NULL ? text : "");
    }
    append_field_slow (out, scratch->str, TRUE, guard);
}

/* True if dividing by @factor is exact (a power of two, 1 included). */
static gboolean
exact_factor (double factor)
{
    int exp;
    return factor > 0 && frexp (factor, &exp) == 0.5;
}

/* What append_cell() needs of a column, worked out once per export. */
typedef struct {
    const VinvColumn *column;
    guint index;                 /* in the table */
    double factor;               /* QUANTITY: base units per display unit */
    gboolean exact;              /* QUANTITY: dividing by @factor is exact */
} CsvColumn;

/* Appends the field of @cell of @col.  @scratch is a reusable buffer;
 * @guard: neutralise text cells that would run as formulas. */
static inline __attribute__ ((always_inline)) void
append_cell (GString *out, const CsvColumn *col, const VinvCell *cell, GString *scratch,
             gboolean guard)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
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
        if (isfinite (cell->v.d))
            vinv_export_append_number (out, cell->v.d);
        break;
    case VINV_CELL_QUANTITY: {
        double v = cell->v.d / col->factor;
        if (!isfinite (v))
            break;
        if (fabs (v) < 9.2e18 && (double) (gint64) v == v) {
            /* integral: what both calls below would write, without them */
            vinv_export_append_int (out, (gint64) v);
            break;
        }
        if (col->exact)
            vinv_export_append_number (out, v);
        else
            vinv_export_append_number_15 (out, v);
        break;
    }
    case VINV_CELL_TIME:
        vinv_export_append_time (out, cell->v.i);
        break;
    case VINV_CELL_STRING:
        append_field (out, cell->v.s, TRUE, guard);
        break;
    case VINV_CELL_REF:
        append_field (out, cell->v.ref->text, TRUE, guard);
        break;
    case VINV_CELL_LIST:
        append_list (out, cell->v.list, scratch, guard);
        break;
    case VINV_CELL_LAST:
        g_assert_not_reached ();
    }
}

/* Rows ahead that the row loop fetches (see VINV_EXPORT_AHEAD): the cells
 * of row r + AHEAD, and what the text cells of row r + AHEAD / 2 point at,
 * while row r is written.  Here with the view's and the table's row arrays
 * at hand, so a fetch is an index and a load, not two calls. */
static inline void
prefetch_rows (const VinvCell *const *rows, const guint *order, guint n_rows, guint r,
               const guint *cols, guint n_cols, const guint *text_cols, guint n_text)
{
    if (r + VINV_EXPORT_AHEAD < n_rows) {
        const VinvCell *cells = rows[order[r + VINV_EXPORT_AHEAD]];
        for (guint c = 0; c < n_cols; c++)
            __builtin_prefetch (&cells[cols[c]]);
    }
    if (r + VINV_EXPORT_AHEAD / 2 < n_rows) {
        const VinvCell *cells = rows[order[r + VINV_EXPORT_AHEAD / 2]];
        for (guint c = 0; c < n_text; c++) {
            const VinvCell *cell = &cells[text_cols[c]];
            if (cell->kind != VINV_CELL_NULL)
                __builtin_prefetch (cell->v.s);
        }
    }
}

gboolean
vinv_export_csv_write (VinvView *view, VinvExportWriter *w, GError **error)
{
    VinvTable *table = vinv_view_get_table (view);
    guint n_cols = vinv_view_get_n_columns (view);
    guint n_rows = vinv_view_get_n_rows (view);
    g_autoptr (GString) scratch = g_string_new (NULL);
    g_autofree CsvColumn *columns = g_new0 (CsvColumn, MAX (n_cols, 1));
    g_autofree guint *col_index = g_new0 (guint, MAX (n_cols, 1));
    g_autofree guint *text_cols = g_new0 (guint, MAX (n_cols, 1));
    guint n_text = 0;
    gboolean guard = !(w->flags & VINV_EXPORT_FLAG_RAW_TEXT);

    for (guint c = 0; c < n_cols; c++) {
        CsvColumn *col = &columns[c];
        col->index = col_index[c] = vinv_view_get_column (view, c);
        col->column = vinv_table_get_column (table, col->index);
        col->factor = col->column->unit != NULL ? col->column->unit->factor : 1.0;
        col->exact = exact_factor (col->factor);
        if (col->column->kind == VINV_CELL_STRING || col->column->kind == VINV_CELL_REF
            || col->column->kind == VINV_CELL_LIST)
            text_cols[n_text++] = col->index;
    }

    for (guint c = 0; c < n_cols; c++) {
        const VinvColumn *column = columns[c].column;
        if (c > 0)
            g_string_append_c (w->buf, ',');
        g_string_assign (scratch, column->title);
        if (column->kind == VINV_CELL_QUANTITY && column->unit != NULL
            && column->unit->name[0] != '\0')
            g_string_append_printf (scratch, " (%s)", column->unit->name);
        append_field (w->buf, scratch->str, TRUE, FALSE);   /* our titles */
    }
    g_string_append (w->buf, "\r\n");
    if (!vinv_export_writer_row_done (w, error))
        return FALSE;

    const VinvCell *const *rows = vinv_table_get_rows (table);
    const guint *order = vinv_view_get_rows (view);
    GString *out = w->buf;
    for (guint r = 0; r < n_rows; r++) {
        prefetch_rows (rows, order, n_rows, r, col_index, n_cols, text_cols, n_text);
        const VinvCell *cells = rows[order[r]];
        for (guint c = 0; c < n_cols; c++) {
            if (c > 0)
                g_string_append_c (out, ',');
            append_cell (out, &columns[c], &cells[columns[c].index], scratch, guard);
        }
        vinv_export_put (out, "\r\n", 2);
        /* what vinv_export_writer_row_done() would do, else nothing */
        if ((out->len >= VINV_EXPORT_BUFFER_SIZE || w->cancellable != NULL)
            && !vinv_export_writer_row_done (w, error))
            return FALSE;
    }
    return TRUE;
}
