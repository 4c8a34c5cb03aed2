/* export.c — format names, the dispatch from vinv_export_view() to the
 * CSV and JSON writers, the several-tables JSON document, and what both
 * writers share: the buffered stream writer, number and timestamp
 * formatting and UTF-8 repair (export-private.h).
 *
 * XLSX (export-xlsx.c) writes whole workbooks; vinv_export_view() hands
 * it the one view.
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
    w->flags = 0;
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

void
vinv_export_grow (GString *out, gsize n)
{
    gsize len = out->len;
    g_string_set_size (out, len + n);   /* grows the allocation */
    g_string_truncate (out, len);
}

/* ---- values ----
 *
 * These run once per cell of every export, so they avoid printf and
 * GDateTime: integers, timestamps and the common doubles are formatted by
 * hand, and the rare doubles that need more care fall back to
 * g_ascii_formatd().  tests/unit/test-export.c compares them, on random
 * and edge values, with straightforward printf/GDateTime versions. */

/* "00" "01" ... "99": two digits at a time. */
static const char digit_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Writes the decimal digits of @v so that they end just before @end and
 * returns where they start (at most 20 bytes before @end). */
static char *
format_u64 (char *end, guint64 v)
{
    char *p = end;

    while (v >= 100) {
        p -= 2;
        memcpy (p, digit_pairs + (v % 100) * 2, 2);    /* one 16-bit move */
        v /= 100;
    }
    if (v >= 10) {
        p -= 2;
        memcpy (p, digit_pairs + v * 2, 2);
    } else {
        *--p = (char) ('0' + v);
    }
    return p;
}

/* Writes @v (0-99) as two digits at @p. */
static inline void
put2 (char *p, guint v)
{
    memcpy (p, digit_pairs + v * 2, 2);    /* one 16-bit move */
}

/* Powers of ten 10^0 .. 10^19, the thresholds of count_digits(). */
static const guint64 pow10_u64[] = {
    G_GUINT64_CONSTANT (1), G_GUINT64_CONSTANT (10), G_GUINT64_CONSTANT (100),
    G_GUINT64_CONSTANT (1000), G_GUINT64_CONSTANT (10000), G_GUINT64_CONSTANT (100000),
    G_GUINT64_CONSTANT (1000000), G_GUINT64_CONSTANT (10000000),
    G_GUINT64_CONSTANT (100000000), G_GUINT64_CONSTANT (1000000000),
    G_GUINT64_CONSTANT (10000000000), G_GUINT64_CONSTANT (100000000000),
    G_GUINT64_CONSTANT (1000000000000), G_GUINT64_CONSTANT (10000000000000),
    G_GUINT64_CONSTANT (100000000000000), G_GUINT64_CONSTANT (1000000000000000),
    G_GUINT64_CONSTANT (10000000000000000), G_GUINT64_CONSTANT (100000000000000000),
    G_GUINT64_CONSTANT (1000000000000000000), G_GUINT64_CONSTANT (10000000000000000000),
};

/* The number of decimal digits of @v (1 for 0), at most 20.  Counted up
 * from one digit: the integers exported are mostly small. */
static inline guint
count_digits (guint64 v)
{
    guint n = 1;
    while (n < 20 && v >= pow10_u64[n])
        n++;
    return n;
}

/* Digits counted first, then formatted from the last one back into their
 * place, so no copy. */
gsize
vinv_export_format_int (char *dst, gint64 v)
{
    /* negating in unsigned arithmetic, so G_MININT64 is no overflow */
    guint64 u = v < 0 ? 0 - (guint64) v : (guint64) v;
    gsize n = count_digits (u) + (v < 0);

    format_u64 (dst + n, u);
    if (v < 0)
        dst[0] = '-';
    return n;
}

void
vinv_export_append_int (GString *out, gint64 v)
{
    char *dst = vinv_export_reserve (out, VINV_EXPORT_INT_MAX);
    vinv_export_commit (out, vinv_export_format_int (dst, v));
}

/* Integral doubles below 1e21 print exactly with "%.0f" (as JavaScript
 * does), which avoids exponents for every byte count we will ever see. */
static gboolean
append_integral (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (fabs (v) < 9.2e18) {
        /* the common case without trunc(), a libm call before SSE4.1:
         * below 2^63 the conversion is defined and exact for integers */
        gint64 i = (gint64) v;
        if ((double) i != v)
            return FALSE;
        vinv_export_append_int (out, i);            /* -0 gives "0" too */
        return TRUE;
    }
    if (v != trunc (v) || fabs (v) >= 1e21)
        return FALSE;
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.0f", v));
    return TRUE;
}

/* Exact powers of ten 10^0 .. 10^18 (all below 2^63, exact as doubles). */
static const double pow10_table[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
    1e14, 1e15, 1e16, 1e17, 1e18,
};

/* Appends "%.15g" of @v, the fast way, if @v (finite, not integral) reads
 * back from its 15 significant digits and "%.15g" writes it without an
 * exponent (1e-4 <= |v| < 1e15); returns FALSE (appending nothing)
 * otherwise, and the caller asks printf.
 *
 * Why this gives printf's bytes: with k = 14 - (decimal exponent of |v|),
 * m = round(|v| * 10^k) is a 15-digit candidate.  m and 10^k are exact
 * doubles (m < 10^15 < 2^53, k <= 18), so the IEEE division m / 10^k is
 * the double nearest to the decimal m * 10^-k — what strtod would read.
 * If that equals |v|, the decimal reads back as |v|; and since DBL_DIG is
 * 15, two 15-digit decimals never read back as the same double, so it is
 * the one "%.15g" prints.  A candidate that is off by one in a rounding
 * corner fails the check and takes the slow path: never a wrong digit. */
static gboolean
append_15_fast (GString *out, double v)
{
    double a = fabs (v);
    int e;
    char digits[24];
    char *end = digits + sizeof digits;
    char text[48];
    char *t = text;

    if (!(a >= 1e-4 && a < 1e15))
        return FALSE;
    /* the decimal exponent e: 10^e <= a < 10^(e+1), from the table (exact
     * for e >= 0; for e < 0 a wrong guess only fails the range check) */
    if (a >= 1.0) {
        e = 0;
        while (e < 14 && a >= pow10_table[e + 1])
            e++;
    } else {
        e = -1;
        while (e > -4 && a * pow10_table[-e] < 1.0)
            e--;
    }
    int k = 14 - e;                 /* 0 .. 18 */
    double scaled = nearbyint (a * pow10_table[k]);
    if (!(scaled >= 1e14 && scaled < 1e15))
        return FALSE;
    if (scaled / pow10_table[k] != a)
        return FALSE;

    guint64 m = (guint64) scaled;
    char *d = format_u64 (end, m);  /* exactly 15 digits */
    int n = 15;
    while (n > 1 && d[n - 1] == '0')
        n--;                        /* %g drops trailing zeros */

    if (v < 0)
        *t++ = '-';
    if (e >= 0) {
        int int_digits = e + 1;
        memcpy (t, d, int_digits);
        t += int_digits;
        if (n > int_digits) {
            *t++ = '.';
            memcpy (t, d + int_digits, n - int_digits);
            t += n - int_digits;
        }
    } else {
        *t++ = '0';
        *t++ = '.';
        for (int z = -1; z > e; z--)
            *t++ = '0';
        memcpy (t, d, n);
        t += n;
    }
    vinv_export_put (out, text, t - text);
    return TRUE;
}

void
vinv_export_append_number (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

    if (append_integral (out, v))
        return;
    /* the fast "%.15g" is only taken when it reads back, as the loop's
     * first round would */
    if (append_15_fast (out, v))
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
    if (append_15_fast (out, v))
        return;
    /* %.15g uses no exponent between 1e-4 and 1e15, so "500" stays "500" */
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

/* Seconds of 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years
 * GDateTime (and ISO 8601 without an extension) covers. */
#define FIRST_SECOND G_GINT64_CONSTANT (-62135596800)
#define LAST_SECOND G_GINT64_CONSTANT (253402300799)

/* The proleptic Gregorian date of day @days since 0001-01-01, by Neri and
 * Schneider's "Euclidean affine functions" (Software: Practice and
 * Experience 53(4), 2023): days counted from 0000-03-01, so that every
 * quantity is unsigned and fits 32 bits for years 1-9999, and divisions by
 * 146097 and multiplications in place of the others. */
static inline void
civil_from_days (guint32 days, guint *year, guint *month, guint *day)
{
    guint32 n = days + 306;                 /* 0000-03-01 .. 0001-01-01 */
    guint32 n1 = 4 * n + 3;
    guint32 century = n1 / 146097;
    guint32 nc = n1 % 146097 / 4;           /* day of the century */
    guint32 n2 = 4 * nc + 3;
    guint64 p2 = (guint64) 2939745 * n2;
    guint32 z = (guint32) (p2 >> 32);       /* year of the century */
    guint32 ny = (guint32) p2 / 2939745 / 4;    /* day of the year, March 1 = 0 */
    guint32 n3 = 2141 * ny + 197913;
    guint32 m = n3 >> 16;                   /* 3 .. 14 */
    guint32 j = ny >= 306;                  /* January or February: next year */

    *year = 100 * century + z + j;
    *month = j ? m - 12 : m;
    *day = (n3 & 0xffff) / 2141 + 1;
}

gsize
vinv_export_format_time (char *text, gint64 ms)
{
    guint year;
    guint month;
    guint day;

    /* the range check on the milliseconds, then only unsigned divisions
     * (cheaper than signed ones and their rounding toward zero) */
    if (ms < FIRST_SECOND * 1000 || ms > LAST_SECOND * 1000 + 999)
        return 0;
    guint64 since_first = (guint64) ms - (guint64) (FIRST_SECOND * 1000);
    guint64 secs = since_first / 1000;
    guint rem = (guint) (since_first - secs * 1000);
    guint32 days = (guint32) (secs / 86400);
    guint32 sod = (guint32) (secs - (guint64) days * 86400);
    guint32 minutes = sod / 60;
    civil_from_days (days, &year, &month, &day);

    /* "YYYY-MM-DDTHH:MM:SS[.mmm]Z" */
    put2 (text, year / 100);
    put2 (text + 2, year % 100);
    text[4] = '-';
    put2 (text + 5, month);
    text[7] = '-';
    put2 (text + 8, day);
    text[10] = 'T';
    put2 (text + 11, minutes / 60);
    text[13] = ':';
    put2 (text + 14, minutes % 60);
    text[16] = ':';
    put2 (text + 17, sod - minutes * 60);
    gsize len = 19;
    if (rem != 0) {
        text[len++] = '.';
        text[len++] = (char) ('0' + rem / 100);
        put2 (text + len, rem % 100);
        len += 2;
    }
    text[len++] = 'Z';
    return len;
}

gboolean
vinv_export_append_time (GString *out, gint64 ms)
{
    char *text = vinv_export_reserve (out, VINV_EXPORT_TIME_MAX);
    gsize len = vinv_export_format_time (text, ms);

    if (len == 0)
        return FALSE;
    vinv_export_commit (out, len);
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

/* TRUE if all of @text is a decimal number as a spreadsheet reads one:
 * [+-] digits [. digits] [e [+-] digits], or with the digits only after
 * the point. */
static gboolean
is_plain_number (const char *text)
{
    const char *p = text;
    gboolean digits = FALSE;

    if (*p == '+' || *p == '-')
        p++;
    while (g_ascii_isdigit (*p)) {
        p++;
        digits = TRUE;
    }
    if (*p == '.') {
        p++;
        while (g_ascii_isdigit (*p)) {
            p++;
            digits = TRUE;
        }
    }
    if (!digits)
        return FALSE;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!g_ascii_isdigit (*p))
            return FALSE;
        while (g_ascii_isdigit (*p))
            p++;
    }
    return *p == '\0';
}

gboolean
vinv_export_text_is_formula (const char *text)
{
    if (text == NULL)
        return FALSE;
    switch (text[0]) {
    case '=':
    case '@':
    case '\t':
    case '\r':
        return TRUE;
    case '+':
    case '-':
        return !is_plain_number (text);
    default:
        return FALSE;
    }
}

/* ---- dispatch ---- */

gboolean
vinv_export_view (VinvView *view, const char *title, VinvExportFormat format,
                  GOutputStream *out, GCancellable *cancellable, GError **error)
{
    return vinv_export_view_full (view, title, format, 0, out, cancellable, error);
}

gboolean
vinv_export_view_full (VinvView *view, const char *title, VinvExportFormat format,
                       guint flags, GOutputStream *out, GCancellable *cancellable,
                       GError **error)
{
    VinvExportWriter w;
    gboolean ok = FALSE;

    g_return_val_if_fail (view != NULL, FALSE);
    g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

    if (format == VINV_EXPORT_XLSX) {
        VinvExportOptions options = { .flags = flags };
        const char *titles[] = { title };
        return vinv_export_xlsx_write (&view, titles, 1, &options, out, cancellable, error);
    }
    if (format >= VINV_EXPORT_LAST) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown export format %d", (int) format);
        return FALSE;
    }

    vinv_export_writer_init (&w, out, cancellable);
    w.flags = flags;
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
