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

/* The 16-bytes-at-a-time field scan (csv_scan_to()) where SSE2 is
 * there (every x86-64). */
#if defined(__SSE2__)
#include <emmintrin.h>
#define CSV_SIMD 1

/* The load of csv_scan_to(): 16 bytes at @p, which may run up to 15
 * bytes past a field's NUL but never across a 4096-byte boundary (pages
 * are 4096 bytes or a multiple, and mapped whole, so they are readable).
 * AddressSanitizer would report those bytes, so it is told not to check
 * this load; every store, and every other access, stays checked in its
 * builds. */
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

/* vinv_export_copy_scan() with the classes of byte_class[], into the
 * bytes from @dst up to @end (exclusive; @end itself is kept for a NUL and
 * must be writable), 16 bytes at a time where SSE2 is there (which then
 * sets both QUOTE and UTF8 in *flags when a byte has either: callers only
 * ask whether *flags is 0).  Returns the length copied, or -1 if @s does
 * not fit.  The common field is a short ASCII name, so the scan and copy
 * are one load, one store and a few compares.  A load starts only where
 * 16 bytes stay inside the page (see load16()) and a store only where 16
 * bytes stay at or before @end; the rest goes byte by byte. */
static inline gssize
csv_scan_to (char *dst, char *end, const char *s, guint *flags)
{
    char *start = dst;
    const char *p = s;
    guint f = 0;
#ifdef CSV_SIMD
    const __m128i zero = _mm_setzero_si128 ();
    const __m128i below = _mm_set1_epi8 (',' + 1);

    /* end - dst >= 16: the store fits, and a byte stays for the NUL
     * whatever the chunk holds */
    while (end - dst >= 16 && ((guintptr) p & 4095) <= 4096 - 16) {
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
    }
#endif
    /* the rest, byte by byte */
    while (*p != '\0') {
        if (G_UNLIKELY (dst == end))
            return -1;
        f |= byte_class[(guint8) *p];
        *dst++ = *p++;
    }
    *flags |= f;
    return dst - start;
}

/* csv_scan_to() past the end of @out, as vinv_export_copy_scan(): the
 * caller keeps the bytes with vinv_export_commit() or drops them with
 * vinv_export_discard(). */
static inline gssize
csv_copy_scan (GString *out, const char *s, guint *flags)
{
    return csv_scan_to (out->str + out->len, out->str + out->allocated_len - 1, s, flags);
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

/* True if dividing by @factor is exact (a power of two, 1 included). */
static gboolean
exact_factor (double factor)
{
    int exp;
    return factor > 0 && frexp (factor, &exp) == 0.5;
}

/* What row_cell() needs of a column, worked out once per export. */
typedef struct {
    const VinvColumn *column;
    guint index;                 /* in the table */
    double factor;               /* QUANTITY: base units per display unit */
    gboolean exact;              /* QUANTITY: dividing by @factor is exact */
} CsvColumn;

/* The writing end of a row: its bytes go to @p, in @out's allocation up
 * to @end (the allocation's last byte, kept for the NUL).  The row loop
 * writes through it without @out's length and bounds at every byte;
 * row_sync() gives @out its length back before anything else touches it,
 * row_load() takes it again. */
typedef struct {
    GString *out;
    char *p;
    char *end;
} Row;

static inline void
row_sync (Row *w)
{
    w->out->len = w->p - w->out->str;
    w->out->str[w->out->len] = '\0';
}

static inline void
row_load (Row *w)
{
    w->p = w->out->str + w->out->len;
    w->end = w->out->str + w->out->allocated_len - 1;
}

static __attribute__ ((noinline)) void
row_grow (Row *w, gsize n)
{
    row_sync (w);
    vinv_export_grow (w->out, n);
    row_load (w);
}

/* Makes room for @n bytes at w->p. */
static inline void
row_room (Row *w, gsize n)
{
    if (G_UNLIKELY ((gsize) (w->end - w->p) < n))
        row_grow (w, n);
}

/* Room row_cell() needs before a cell: a comma and the longest integer,
 * timestamp or boolean. */
#define CELL_ROOM (1 + MAX (VINV_EXPORT_INT_MAX, VINV_EXPORT_TIME_MAX))

/* append_field() for a text cell, through @w. */
static inline __attribute__ ((always_inline)) void
row_text (Row *w, const char *s, gboolean guard)
{
    guint flags = 0;
    gssize n = csv_scan_to (w->p, w->end, s != NULL ? s : "", &flags);

    if (G_LIKELY (n > 0 && field_is_plain (w->p, n, flags, guard))) {
        w->p += n;
        return;
    }
    row_sync (w);
    append_field_slow (w->out, s, TRUE, guard);
    row_load (w);
}

/* Writes a list cell's items joined by "; " as one field: straight through
 * @w when the result is plain; else joined in @scratch and passed to
 * append_field_slow().  An empty list is "" (what the slow path writes for
 * its empty text; CELL_ROOM has room for it). */
static void
row_list (Row *w, const VinvList *list, GString *scratch, gboolean guard)
{
    char *q = w->p;
    guint flags = 0;

    if (list->n == 0) {
        memcpy (w->p, "\"\"", 2);
        w->p += 2;
        return;
    }
    for (guint i = 0; i < list->n; i++) {
        const char *text = list->items[i].text;
        if (i > 0) {
            if (w->end - q < 2) {
                flags = QUOTE;      /* does not fit: take the slow path */
                break;
            }
            memcpy (q, "; ", 2);
            q += 2;
        }
        gssize n = csv_scan_to (q, w->end, text != NULL ? text : "", &flags);
        if (n < 0) {
            flags = QUOTE;
            break;
        }
        q += n;
    }
    if (field_is_plain (w->p, q - w->p, flags, guard)) {
        w->p = q;
        return;
    }

    row_sync (w);                   /* drops what was copied */
    g_string_truncate (scratch, 0);
    for (guint i = 0; i < list->n; i++) {
        const char *text = list->items[i].text;
        if (i > 0)
            g_string_append (scratch, "; ");
        g_string_append (scratch, text != NULL ? text : "");
    }
    append_field_slow (w->out, scratch->str, TRUE, guard);
    row_load (w);
}

/* Writes the field of @cell of @col at w->p, which has CELL_ROOM bytes of
 * room.  @scratch is a reusable buffer; @guard: neutralise text cells that
 * would run as formulas. */
static inline __attribute__ ((always_inline)) void
row_cell (Row *w, const CsvColumn *col, const VinvCell *cell, GString *scratch,
          gboolean guard)
{
    double v;

    switch (cell->kind) {
    case VINV_CELL_NULL:
        return;
    case VINV_CELL_BOOL:
        if (cell->v.b) {
            memcpy (w->p, "true", 4);
            w->p += 4;
        } else {
            memcpy (w->p, "false", 5);
            w->p += 5;
        }
        return;
    case VINV_CELL_INT:
        w->p += vinv_export_format_int (w->p, cell->v.i);
        return;
    case VINV_CELL_DOUBLE:
        v = cell->v.d;
        break;
    case VINV_CELL_QUANTITY:
        v = cell->v.d / col->factor;
        break;
    case VINV_CELL_TIME:
        w->p += vinv_export_format_time (w->p, cell->v.i);
        return;
    case VINV_CELL_STRING:
        row_text (w, cell->v.s, guard);
        return;
    case VINV_CELL_REF:
        row_text (w, cell->v.ref->text, guard);
        return;
    case VINV_CELL_LIST:
        row_list (w, cell->v.list, scratch, guard);
        return;
    case VINV_CELL_LAST:
    default:
        g_assert_not_reached ();
    }

    /* a double or a quantity in its display unit */
    if (!isfinite (v))
        return;
    if (fabs (v) < 9.2e18 && (double) (gint64) v == v) {
        /* integral: what the calls below would write, without them */
        w->p += vinv_export_format_int (w->p, (gint64) v);
        return;
    }
    row_sync (w);
    if (cell->kind == VINV_CELL_DOUBLE || col->exact)
        vinv_export_append_number (w->out, v);
    else
        vinv_export_append_number_15 (w->out, v);
    row_load (w);
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
    Row row = { .out = w->buf };
    row_load (&row);
    for (guint r = 0; r < n_rows; r++) {
        prefetch_rows (rows, order, n_rows, r, col_index, n_cols, text_cols, n_text);
        const VinvCell *cells = rows[order[r]];
        for (guint c = 0; c < n_cols; c++) {
            row_room (&row, CELL_ROOM);
            if (c > 0)
                *row.p++ = ',';
            row_cell (&row, &columns[c], &cells[columns[c].index], scratch, guard);
        }
        row_room (&row, 2);
        memcpy (row.p, "\r\n", 2);
        row.p += 2;
        /* what vinv_export_writer_row_done() would do, else nothing */
        if ((gsize) (row.p - row.out->str) >= VINV_EXPORT_BUFFER_SIZE
            || w->cancellable != NULL) {
            row_sync (&row);
            if (!vinv_export_writer_row_done (w, error))
                return FALSE;
            row_load (&row);
        }
    }
    row_sync (&row);
    return TRUE;
}
