/* jsonw.c — Jackson-compatible pretty JSON writer (see jsonw.h).
 *
 * The hot path (containers, keys, strings, integers) is inline in
 * jsonw.h so that key lengths fold to constants; this file has the rest:
 * buffer growth, escaping with a word-at-a-time scan, integer digits,
 * BigDecimal-style decimals and references. */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "\n" followed by enough spaces for the deepest indentation. */
const char jw_indent_buf[JW_INDENT_SIZE + 1] =
    "\n                                                                "
    "                                                                ";

void
jw_init (JsonW *w, GString *out, gboolean pretty)
{
    memset (w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

void
jw_grow (GString *s, gsize n)
{
    gsize len = s->len;

    g_string_set_size (s, len + n + 4096);
    s->len = len;
}

void
jw_terminate (JsonW *w)
{
    if (w->out->len + 1 > w->out->allocated_len) {
        jw_grow (w->out, 1);
    }
    w->out->str[w->out->len] = '\0';
}

/* TRUE when one of the 8 bytes of @x is < 0x20, '"' or '\\'. */
static inline gboolean
word_needs_escape (guint64 x)
{
    const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101);
    const guint64 highs = G_GUINT64_CONSTANT (0x8080808080808080);
    guint64 q = x ^ (ones * '"');
    guint64 b = x ^ (ones * '\\');
    guint64 lt = (x - ones * 0x20) & ~x;
    guint64 zq = (q - ones) & ~q;
    guint64 zb = (b - ones) & ~b;

    return ((lt | zq | zb) & highs) != 0;
}

/* Bytes that need a JSON escape: control characters, '"' and '\\'. */
static const guint8 needs_escape[256] = {
    [0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

void
jw_append_escaped (GString *out, const char *s, gsize len)
{
    gsize start = 0;
    gsize i = 0;

    /* fast path: whole words without anything to escape */
    while (i + 8 <= len) {
        guint64 x;
        memcpy (&x, s + i, 8);
        if (word_needs_escape (x)) {
            break;
        }
        i += 8;
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char) s[i];
        if (G_LIKELY (!needs_escape[c])) {
            continue;
        }
        g_string_append_len (out, s + start, (gssize) (i - start));
        switch (c) {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        default: g_string_append_printf (out, "\\u%04X", c); break;
        }
        start = i + 1;
    }
    jw_put (out, s + start, len - start);
}

/* Appends the decimal digits of @v without printf (this is hot). */
void
jw_append_int (GString *out, gint64 v)
{
    char buf[24];
    int i = sizeof buf;
    guint64 u = v < 0 ? (guint64) (-(v + 1)) + 1 : (guint64) v;

    do {
        buf[--i] = (char) ('0' + u % 10);
        u /= 10;
    } while (u != 0);
    if (v < 0) {
        buf[--i] = '-';
    }
    jw_put (out, buf + i, sizeof buf - (gsize) i);
}

void
jw_num (JsonW *w, const char *key, gint64 value)
{
    jw_before_value (w, key);
    jw_append_int (w->out, value);
}

void
jw_bool (JsonW *w, const char *key, gboolean value)
{
    jw_raw (w, key, value ? "true" : "false");
}

void
jw_null (JsonW *w, const char *key)
{
    jw_raw (w, key, "null");
}

char *
jw_format_decimal (double value, char *buf)
{
    char digits[96];
    gboolean neg = value < 0;
    long long unscaled;
    int scale;

    if (!isfinite (value) || value == 0) {
        strcpy (buf, "0");
        return buf;
    }
    if (neg) {
        value = -value;
    }
    if (value == floor (value) && value < 9.0e15) {
        /* new BigDecimal(integral double) has scale 0. */
        unscaled = (long long) value;
        scale = 0;
        int prec = snprintf (digits, sizeof digits, "%lld", unscaled);
        if (prec > 2) {
            int drop = prec - 2;
            long long p10 = 1;
            for (int i = 0; i < drop; i++) {
                p10 *= 10;
            }
            long long q = unscaled / p10;
            long long r = unscaled % p10;
            if (r * 2 >= p10) {  /* HALF_UP */
                q++;
            }
            scale = -drop;
            if (q == 100) {
                q = 10;
                scale--;
            }
            unscaled = q;
        }
    } else {
        /* The decimal expansion of the binary value (18 significant digits:
         * exact for short expansions, and enough to round the rest), then
         * HALF_UP to two digits. */
        snprintf (digits, sizeof digits, "%.17e", value);
        char *e = strchr (digits, 'e');
        int exp10 = atoi (e + 1);
        char mant[80];
        int p = 0;
        for (const char *c = digits; c < e; c++) {
            if (*c >= '0' && *c <= '9') {
                mant[p++] = *c;
            }
        }
        while (p > 1 && mant[p - 1] == '0') {
            p--;
        }
        if (p <= 2) {
            unscaled = mant[0] - '0';
            if (p == 2) {
                unscaled = unscaled * 10 + (mant[1] - '0');
            }
            scale = p - 1 - exp10;
        } else {
            unscaled = (mant[0] - '0') * 10 + (mant[1] - '0');
            if (mant[2] >= '5') {
                unscaled++;
            }
            scale = 1 - exp10;
            if (unscaled == 100) {
                unscaled = 10;
                scale--;
            }
        }
    }

    /* BigDecimal.toString(): plain when scale >= 0 and the adjusted exponent
     * is >= -6, scientific otherwise. */
    char u[24];
    int ulen = snprintf (u, sizeof u, "%lld", unscaled);
    int adjusted = -scale + (ulen - 1);
    char *o = buf;
    if (neg) {
        *o++ = '-';
    }
    if (scale == 0) {
        strcpy (o, u);
    } else if (scale > 0 && adjusted >= -6) {
        if (ulen > scale) {
            memcpy (o, u, (size_t) (ulen - scale));
            o += ulen - scale;
            *o++ = '.';
            strcpy (o, u + ulen - scale);
        } else {
            *o++ = '0';
            *o++ = '.';
            for (int i = 0; i < scale - ulen; i++) {
                *o++ = '0';
            }
            strcpy (o, u);
        }
    } else {
        *o++ = u[0];
        if (ulen > 1) {
            *o++ = '.';
            memcpy (o, u + 1, (size_t) (ulen - 1));
            o += ulen - 1;
        }
        sprintf (o, "E%c%d", adjusted >= 0 ? '+' : '-', adjusted >= 0 ? adjusted : -adjusted);
    }
    return buf;
}

void
jw_decimal (JsonW *w, const char *key, double value)
{
    char buf[40];

    jw_raw (w, key, jw_format_decimal (value, buf));
}

void
jw_ref (JsonW *w, const char *key, const char *prefix, const char *id, const char *name)
{
    jw_obj_begin (w, key);
    jw_before_value (w, "href");
    jw_put_c (w->out, '"');
    jw_put (w->out, prefix, strlen (prefix));
    jw_put_c (w->out, '/');
    jw_put (w->out, id, strlen (id));
    jw_put_c (w->out, '"');
    jw_str (w, "id", id);
    if (name != NULL) {
        jw_str (w, "name", name);
    }
    jw_obj_end (w);
}
