/* convert.c — engine JSON values to typed values (see convert.h).
 *
 * Numbers must be JSON numbers (RFC 8259 grammar: no hex, no leading '+'
 * or zeros, no spaces, no inf or NaN), given as a string or a literal, and
 * within range: whole numbers fit in 64 bits, decimals are below 2^63 in
 * magnitude (so sums, bits from bytes and Hz from MHz stay finite), a
 * negative zero is refused, and times lie between the years 1 and 9999.
 * Everything else is "not a value": the caller leaves the cell empty.
 */
#include "convert.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAGNITUDE_LIMIT 9223372036854775808.0          /* 2^63 */

/* What scan_number() read of a JSON number: its value is
 * (negative ? -1 : 1) x mantissa x 10^exponent as long as digits <= 19
 * (the mantissa holds every digit read until then). */
typedef struct {
    gboolean negative;
    gboolean integral;          /* no fraction and no exponent */
    guint64 mantissa;
    guint digits;               /* significant digits (from the first non-zero) */
    int exponent;               /* clamped to +-100000 */
} Number;

static inline gboolean
is_digit (char c)
{
    return (guint) (c - '0') < 10;
}

/* Reads @text in one pass: TRUE if it is a JSON number, then *n says what
 * it is. */
static gboolean
scan_number (const char *text, Number *n)
{
    const char *p = text;
    guint64 m = 0;
    guint digits = 0;
    int decimals = 0;

    n->negative = *p == '-';
    if (n->negative)
        p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        for (; is_digit (*p) && digits < 19; p++, digits++)
            m = m * 10 + (guint64) (*p - '0');
        for (; is_digit (*p); p++)
            digits++;
    } else {
        return FALSE;
    }
    /* more than 19 digits: the mantissa stops, the exponent counts them */
    int exponent = digits > 19 ? (int) MIN (digits - 19, 100000u) : 0;
    n->integral = TRUE;
    if (*p == '.') {
        p++;
        if (!is_digit (*p))
            return FALSE;
        for (; is_digit (*p); p++) {
            if (digits > 0 || *p != '0')
                digits++;
            if (digits <= 19) {
                m = m * 10 + (guint64) (*p - '0');
                decimals = MIN (decimals + 1, 100000);
            }
        }
        n->integral = FALSE;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        gboolean minus = *p == '-';
        if (*p == '+' || *p == '-')
            p++;
        if (!is_digit (*p))
            return FALSE;
        int e = 0;
        for (; is_digit (*p); p++)
            e = MIN (e * 10 + (*p - '0'), 100000);
        exponent += minus ? -e : e;
        n->integral = FALSE;
    }
    if (*p != '\0')
        return FALSE;
    n->mantissa = m;
    n->digits = digits;
    n->exponent = CLAMP (exponent - decimals, -100000, 100000);
    return TRUE;
}

/* 10^0 .. 10^22: exact in a double */
static const double exact_pow10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
    1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/* The common case of both parsers, in one short loop: @text is at most
 * @max characters, digits with at most one '.' between digits, no sign,
 * no exponent, no leading zero before a digit ("8058351", "2.9", "0.05").
 * Then TRUE, with its digits as a whole number in *m and the digits after
 * the point in *decimals: the same mantissa and exponent as scan_number()
 * gives.  FALSE says only "not this case". */
static inline gboolean
scan_plain (const char *text, guint max, guint64 *m, guint *decimals)
{
    guint64 v = 0;
    int dot = -1;
    guint i = 0;

    if (!is_digit (text[0]) || (text[0] == '0' && is_digit (text[1])))
        return FALSE;
    for (;; i++) {
        char c = text[i];
        if (c == '\0')
            break;
        if (i == max)
            return FALSE;
        if (is_digit (c))
            v = v * 10 + (guint64) (c - '0');
        else if (c == '.' && dot < 0 && is_digit (text[i + 1]))
            dot = (int) i;
        else
            return FALSE;
    }
    *m = v;
    *decimals = dot < 0 ? 0 : i - (guint) dot - 1;
    return TRUE;
}

gboolean
vinv_ovirt_parse_double (const char *text, double *out)
{
    Number n;
    guint64 m;
    guint decimals;

    if (text == NULL)
        return FALSE;
    /* at most 15 characters: at most 15 digits and 14 decimals, so the
     * fast path below applies and gives the same double */
    if (scan_plain (text, 15, &m, &decimals)) {
        *out = (double) m / exact_pow10[decimals];
        return TRUE;
    }
    if (!scan_number (text, &n))
        return FALSE;
    double d;
    if (n.digits <= 15 && n.exponent >= -22 && n.exponent <= 22) {
        /* the mantissa is below 2^53 and the power of ten exact, so one
         * correctly rounded operation gives the same double as strtod
         * (Clinger's fast path): most statistics ("8058351", "2.9",
         * "6.4E+6") take it */
        d = (double) n.mantissa;
        d = n.exponent < 0 ? d / exact_pow10[-n.exponent] : d * exact_pow10[n.exponent];
        if (n.negative)
            d = -d;
    } else {
        d = g_ascii_strtod (text, NULL);
    }
    if (!isfinite (d) || fabs (d) >= MAGNITUDE_LIMIT || (d == 0 && signbit (d)))
        return FALSE;
    *out = d;
    return TRUE;
}

gboolean
vinv_ovirt_parse_int (const char *text, gint64 *out)
{
    Number n;
    guint64 m;
    guint decimals;

    if (text == NULL)
        return FALSE;
    /* at most 18 digits: below 2^63 */
    if (scan_plain (text, 18, &m, &decimals) && decimals == 0) {
        *out = (gint64) m;
        return TRUE;
    }
    if (!scan_number (text, &n))
        return FALSE;
    if (n.integral) {
        /* "-0" is refused; beyond 64 bits is out of range */
        if ((n.negative && n.mantissa == 0) || n.digits > 19)
            return FALSE;
        if (n.negative) {
            if (n.mantissa > (guint64) G_MAXINT64 + 1)
                return FALSE;
            *out = n.mantissa == (guint64) G_MAXINT64 + 1 ? G_MININT64 : -(gint64) n.mantissa;
        } else {
            if (n.mantissa > (guint64) G_MAXINT64)
                return FALSE;
            *out = (gint64) n.mantissa;
        }
        return TRUE;
    }
    /* a decimal statistic (1.0E+2): its value, rounded */
    double d;
    if (!vinv_ovirt_parse_double (text, &d) || fabs (d) >= 9.2e18)
        return FALSE;
    *out = (gint64) llround (d);
    return TRUE;
}

gboolean
vinv_ovirt_parse_time_ms (const char *text, gint64 *out)
{
    gint64 ms;
    if (!vinv_ovirt_parse_int (text, &ms) || ms < VINV_OVIRT_TIME_MIN_MS
        || ms > VINV_OVIRT_TIME_MAX_MS)
        return FALSE;
    *out = ms;
    return TRUE;
}

gboolean
vinv_ovirt_parse_time_s (const char *text, gint64 *out_ms)
{
    gint64 s;
    if (!vinv_ovirt_parse_int (text, &s) || s < VINV_OVIRT_TIME_MIN_MS / 1000
        || s > VINV_OVIRT_TIME_MAX_MS / 1000)
        return FALSE;
    *out_ms = s * 1000;
    return TRUE;
}

/* True if @text is @word (lower-case letters) in any case. */
static inline gboolean
is_word (const char *text, const char *word)
{
    for (; *word != '\0'; text++, word++) {
        /* @word's letters differ from their capitals by this bit only */
        if ((*text | 0x20) != *word)
            return FALSE;
    }
    return *text == '\0';
}

gboolean
vinv_ovirt_parse_bool (const char *text, gboolean *out)
{
    if (text == NULL)
        return FALSE;
    if (is_word (text, "true") || strcmp (text, "1") == 0) {
        *out = TRUE;
        return TRUE;
    }
    if (is_word (text, "false") || strcmp (text, "0") == 0) {
        *out = FALSE;
        return TRUE;
    }
    return FALSE;
}

gboolean
vinv_ovirt_checked_mul (gint64 a, gint64 b, gint64 *out)
{
    return !__builtin_mul_overflow (a, b, out);
}
