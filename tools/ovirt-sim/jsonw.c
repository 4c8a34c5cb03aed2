/* jsonw.c — Jackson-compatible pretty JSON writer (see jsonw.h).
 *
 * Hot path of every response: it appends straight to a GString with
 * precomputed indentation and a fast scan for characters needing escapes. */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "\n" followed by enough spaces for the deepest indentation. */
static const char indent_buf[] =
    "\n                                                                "
    "                                                                ";

void
jw_init (JsonW *w, GString *out, gboolean pretty)
{
    memset (w, 0, sizeof *w);
    w->out = out;
    w->pretty = pretty;
}

/* Grows @s so that @n more bytes fit. */
static __attribute__ ((noinline)) void
grow (GString *s, gsize n)
{
    gsize len = s->len;

    g_string_set_size (s, len + n + 4096);
    s->len = len;
}

/* Appends @n bytes; the hot replacement for g_string_append_len(). It does
 * not maintain the terminating NUL: users of the writer's output read
 * (str, len), and jw_terminate() restores it. */
static inline void
put (GString *s, const char *p, gsize n)
{
    if (G_UNLIKELY (s->len + n + 1 > s->allocated_len)) {
        grow (s, n);
    }
    memcpy (s->str + s->len, p, n);
    s->len += n;
}

static inline void
put_c (GString *s, char c)
{
    if (G_UNLIKELY (s->len + 2 > s->allocated_len)) {
        grow (s, 1);
    }
    s->str[s->len++] = c;
}

void
jw_terminate (JsonW *w)
{
    if (w->out->len + 1 > w->out->allocated_len) {
        grow (w->out, 1);
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

static inline void
newline_indent (JsonW *w)
{
    GString *s = w->out;
    gsize n = 1 + 2 * (gsize) w->nest;

    if (n > sizeof indent_buf - 1) {
        n = sizeof indent_buf - 1;
    }
    /* Copy a fixed 32 or 129 bytes (cheap vector moves) and advance by n:
     * a variable-length copy compiles to a slow "rep movs" here. */
    if (G_UNLIKELY (s->len + sizeof indent_buf + 1 > s->allocated_len)) {
        grow (s, sizeof indent_buf);
    }
    if (n <= 32) {
        memcpy (s->str + s->len, indent_buf, 32);
    } else {
        memcpy (s->str + s->len, indent_buf, sizeof indent_buf - 1);
    }
    s->len += n;
}

/* Bytes that need a JSON escape: control characters, '"' and '\\'. */
static const guint8 needs_escape[256] = {
    [0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

static void
append_escaped (GString *out, const char *s, gsize len)
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
    put (out, s + start, len - start);
}

/* Writes whatever must precede a new value: the separator for the enclosing
 * container and, inside an object, the quoted key and " : ". */
static void
before_value (JsonW *w, const char *key)
{
    if (w->top == 0) {
        return;
    }
    guint t = w->top - 1;
    if (w->kind[t] == 'o') {
        if (w->count[t] > 0) {
            put_c (w->out, ',');
        }
        if (w->pretty) {
            newline_indent (w);
        }
        /* keys are identifiers or stat names: nothing to escape */
        put_c (w->out, '"');
        put (w->out, key, strlen (key));
        if (w->pretty) {
            put (w->out, "\" : ", 4);
        } else {
            put (w->out, "\":", 2);
        }
    } else if (w->pretty) {
        if (w->count[t] > 0) {
            put (w->out, ", ", 2);
        } else {
            put_c (w->out, ' ');
        }
    } else if (w->count[t] > 0) {
        put_c (w->out, ',');
    }
    w->count[t]++;
}

static void
push (JsonW *w, char kind)
{
    g_assert (w->top < JW_MAX_DEPTH);
    w->kind[w->top] = kind;
    w->count[w->top] = 0;
    w->top++;
}

void
jw_obj_begin (JsonW *w, const char *key)
{
    before_value (w, key);
    put_c (w->out, '{');
    push (w, 'o');
    w->nest++;
}

void
jw_obj_end (JsonW *w)
{
    g_assert (w->top > 0 && w->kind[w->top - 1] == 'o');
    w->top--;
    w->nest--;
    if (w->pretty) {
        if (w->count[w->top] > 0) {
            newline_indent (w);
        } else {
            put_c (w->out, ' ');
        }
    }
    put_c (w->out, '}');
}

void
jw_arr_begin (JsonW *w, const char *key)
{
    before_value (w, key);
    put_c (w->out, '[');
    push (w, 'a');
}

void
jw_arr_end (JsonW *w)
{
    g_assert (w->top > 0 && w->kind[w->top - 1] == 'a');
    w->top--;
    if (w->pretty) {
        put_c (w->out, ' ');
    }
    put_c (w->out, ']');
}

void
jw_str_len (JsonW *w, const char *key, const char *value, gsize len)
{
    before_value (w, key);
    put_c (w->out, '"');
    append_escaped (w->out, value, len);
    put_c (w->out, '"');
}

void
jw_str (JsonW *w, const char *key, const char *value)
{
    jw_str_len (w, key, value, strlen (value));
}

void
jw_raw (JsonW *w, const char *key, const char *literal)
{
    before_value (w, key);
    put (w->out, literal, strlen (literal));
}

/* Appends the decimal digits of @v without printf (this is hot). */
static void
append_int (GString *out, gint64 v)
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
    put (out, buf + i, sizeof buf - (gsize) i);
}

void
jw_int_str (JsonW *w, const char *key, gint64 value)
{
    before_value (w, key);
    put_c (w->out, '"');
    append_int (w->out, value);
    put_c (w->out, '"');
}

void
jw_bool_str (JsonW *w, const char *key, gboolean value)
{
    jw_raw (w, key, value ? "\"true\"" : "\"false\"");
}

void
jw_num (JsonW *w, const char *key, gint64 value)
{
    before_value (w, key);
    append_int (w->out, value);
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
    before_value (w, "href");
    put_c (w->out, '"');
    put (w->out, prefix, strlen (prefix));
    put_c (w->out, '/');
    put (w->out, id, strlen (id));
    put_c (w->out, '"');
    jw_str (w, "id", id);
    if (name != NULL) {
        jw_str (w, "name", name);
    }
    jw_obj_end (w);
}
