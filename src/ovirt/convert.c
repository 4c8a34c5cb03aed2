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

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAGNITUDE_LIMIT 9223372036854775808.0          /* 2^63 */

/* True if @text is a JSON number; *integral when it has no fraction and no
 * exponent. */
static gboolean
is_json_number (const char *text, gboolean *integral)
{
    const char *p = text;

    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (g_ascii_isdigit (*p))
            p++;
    else
        return FALSE;
    *integral = TRUE;
    if (*p == '.') {
        p++;
        if (!g_ascii_isdigit (*p))
            return FALSE;
        while (g_ascii_isdigit (*p))
            p++;
        *integral = FALSE;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!g_ascii_isdigit (*p))
            return FALSE;
        while (g_ascii_isdigit (*p))
            p++;
        *integral = FALSE;
    }
    return *p == '\0';
}

/* The exact value of a plain decimal (digits, an optional fraction, no
 * exponent) of at most 15 significant digits, in *out: the digits as an
 * integer below 2^53 (exact in a double) divided by a power of ten up to
 * 10^22 (exact too), one correctly rounded division, so the same double as
 * strtod gives (Clinger's fast path).  FALSE for anything else.  Most
 * statistics ("8058351", "2.9") take this path. */
static gboolean
fast_decimal (const char *text, double *out)
{
    static const double pow10[] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    const char *p = text;
    gboolean negative = *p == '-';
    guint64 m = 0;
    guint digits = 0, decimals = 0;

    if (negative)
        p++;
    for (; g_ascii_isdigit (*p); p++) {
        if (digits > 0 || *p != '0')
            digits++;
        m = m * 10 + (guint64) (*p - '0');
        if (digits > 15)
            return FALSE;
    }
    if (*p == '.') {
        for (p++; g_ascii_isdigit (*p); p++) {
            if (digits > 0 || *p != '0')
                digits++;
            m = m * 10 + (guint64) (*p - '0');
            decimals++;
            if (digits > 15 || decimals >= G_N_ELEMENTS (pow10))
                return FALSE;
        }
    }
    if (*p != '\0')
        return FALSE;
    double d = (double) m / pow10[decimals];
    *out = negative ? -d : d;
    return TRUE;
}

gboolean
vinv_ovirt_parse_double (const char *text, double *out)
{
    gboolean integral;

    if (text == NULL || !is_json_number (text, &integral))
        return FALSE;
    double d;
    if (!fast_decimal (text, &d))
        d = g_ascii_strtod (text, NULL);
    if (!isfinite (d) || fabs (d) >= MAGNITUDE_LIMIT || (d == 0 && signbit (d)))
        return FALSE;
    *out = d;
    return TRUE;
}

gboolean
vinv_ovirt_parse_int (const char *text, gint64 *out)
{
    gboolean integral;

    if (text == NULL || !is_json_number (text, &integral))
        return FALSE;
    if (integral) {
        if (text[0] == '-' && text[1] == '0')
            return FALSE;                               /* "-0" */
        errno = 0;
        gint64 v = g_ascii_strtoll (text, NULL, 10);
        if (errno == ERANGE)
            return FALSE;
        *out = v;
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

gboolean
vinv_ovirt_parse_bool (const char *text, gboolean *out)
{
    if (text == NULL)
        return FALSE;
    if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0) {
        *out = TRUE;
        return TRUE;
    }
    if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0) {
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
