/* jsonw.h — a JSON writer that prints exactly like the oVirt engine.
 *
 * The engine serialises with Jackson's DefaultPrettyPrinter: two-space
 * indentation that grows only with objects, `"key" : value`, arrays inline as
 * `[ {` … `}, {` … `} ]`, empty containers as `{ }` and `[ ]`. This writer
 * reproduces that byte for byte into a GString and knows the engine's value
 * conventions (integers and booleans as strings, dates as epoch-ms numbers,
 * decimals rounded to two significant digits as java.math.BigDecimal prints
 * them). It knows nothing of oVirt entities or HTTP.
 *
 * Invariant: the stack holds one frame per open container; `count` is the
 * number of values already written in it, which decides the separator. */
#pragma once

#include <glib.h>
#include <string.h>

#define JW_MAX_DEPTH 48
#define JW_INDENT_SIZE 128

typedef struct {
    GString *out;            /* borrowed; bytes are appended */
    guint top;               /* number of open containers */
    guint nest;              /* Jackson's nesting level (objects only) */
    gboolean pretty;         /* FALSE: compact output, no whitespace */
    char kind[JW_MAX_DEPTH]; /* 'o' object, 'a' array */
    guint32 count[JW_MAX_DEPTH];
} JsonW;

/* Starts writing into @out (appending). The writer does not keep @out
 * NUL-terminated while writing; call jw_terminate() before using out->str
 * as a C string (out->len is always right). */
void jw_init (JsonW *w, GString *out, gboolean pretty);
void jw_terminate (JsonW *w);

/* Scalars that are not on the hot path; @key as for containers (below). */
void jw_num (JsonW *w, const char *key, gint64 value);      /* 42 */
void jw_bool (JsonW *w, const char *key, gboolean value);   /* true */
void jw_null (JsonW *w, const char *key);
void jw_decimal (JsonW *w, const char *key, double value);  /* 1.0E+2 */

/* Writes `{"href": "@prefix/@id", "id": "@id"}` (and "name" when non-NULL). */
void jw_ref (JsonW *w, const char *key, const char *prefix, const char *id,
             const char *name);

/* Formats @value as the engine does for a statistics datum:
 * new BigDecimal(value, new MathContext(2)).toString(). Writes into @buf
 * (at least 32 bytes) and returns it. Non-finite values give "0". */
char *jw_format_decimal (double value, char *buf);

/* ---- the hot path, inline --------------------------------------------- */

/* Support for the inline functions; not for direct use. */
extern const char jw_indent_buf[JW_INDENT_SIZE + 1];
void jw_grow (GString *s, gsize n);
void jw_append_escaped (GString *out, const char *s, gsize len);
void jw_append_int (GString *out, gint64 v);

/* Appends @n bytes. Does not maintain the terminating NUL (see jw_init). */
static inline void
jw_put (GString *s, const char *p, gsize n)
{
    if (G_UNLIKELY (s->len + n + 1 > s->allocated_len)) {
        jw_grow (s, n);
    }
    memcpy (s->str + s->len, p, n);
    s->len += n;
}

static inline void
jw_put_c (GString *s, char c)
{
    if (G_UNLIKELY (s->len + 2 > s->allocated_len)) {
        jw_grow (s, 1);
    }
    s->str[s->len++] = c;
}

static inline void
jw_newline_indent (JsonW *w)
{
    GString *s = w->out;
    gsize n = 1 + 2 * (gsize) w->nest;

    if (n > JW_INDENT_SIZE) {
        n = JW_INDENT_SIZE;
    }
    /* Copy a fixed 32 or 128 bytes (cheap vector moves) and advance by n:
     * a variable-length copy compiles to a slow "rep movs" here. */
    if (G_UNLIKELY (s->len + JW_INDENT_SIZE + 1 > s->allocated_len)) {
        jw_grow (s, JW_INDENT_SIZE);
    }
    if (n <= 32) {
        memcpy (s->str + s->len, jw_indent_buf, 32);
    } else {
        memcpy (s->str + s->len, jw_indent_buf, JW_INDENT_SIZE);
    }
    s->len += n;
}

/* Writes whatever must precede a new value: the separator for the enclosing
 * container and, inside an object, the quoted key and " : ". Keys are
 * identifiers or statistic names: they are never escaped. */
static inline void
jw_before_value (JsonW *w, const char *key)
{
    if (w->top == 0) {
        return;
    }
    guint t = w->top - 1;
    if (w->kind[t] == 'o') {
        if (w->count[t] > 0) {
            jw_put_c (w->out, ',');
        }
        if (w->pretty) {
            jw_newline_indent (w);
        }
        const char *k = key != NULL ? key : "";   /* NULL only by caller error */
        jw_put_c (w->out, '"');
        jw_put (w->out, k, strlen (k));
        if (w->pretty) {
            jw_put (w->out, "\" : ", 4);
        } else {
            jw_put (w->out, "\":", 2);
        }
    } else if (w->pretty) {
        if (w->count[t] > 0) {
            jw_put (w->out, ", ", 2);
        } else {
            jw_put_c (w->out, ' ');
        }
    } else if (w->count[t] > 0) {
        jw_put_c (w->out, ',');
    }
    w->count[t]++;
}

static inline void
jw_push (JsonW *w, char kind)
{
    g_assert (w->top < JW_MAX_DEPTH);
    w->kind[w->top] = kind;
    w->count[w->top] = 0;
    w->top++;
}

/* Containers. @key names the member in an object and must be NULL inside an
 * array or at the top level. */
static inline void
jw_obj_begin (JsonW *w, const char *key)
{
    jw_before_value (w, key);
    jw_put_c (w->out, '{');
    jw_push (w, 'o');
    w->nest++;
}

static inline void
jw_obj_end (JsonW *w)
{
    g_assert (w->top > 0 && w->kind[w->top - 1] == 'o');
    w->top--;
    w->nest--;
    if (w->pretty) {
        if (w->count[w->top] > 0) {
            jw_newline_indent (w);
        } else {
            jw_put_c (w->out, ' ');
        }
    }
    jw_put_c (w->out, '}');
}

static inline void
jw_arr_begin (JsonW *w, const char *key)
{
    jw_before_value (w, key);
    jw_put_c (w->out, '[');
    jw_push (w, 'a');
}

static inline void
jw_arr_end (JsonW *w)
{
    g_assert (w->top > 0 && w->kind[w->top - 1] == 'a');
    w->top--;
    if (w->pretty) {
        jw_put_c (w->out, ' ');
    }
    jw_put_c (w->out, ']');
}

/* A string value, escaped. */
static inline void
jw_str_len (JsonW *w, const char *key, const char *value, gsize len)
{
    jw_before_value (w, key);
    jw_put_c (w->out, '"');
    jw_append_escaped (w->out, value, len);
    jw_put_c (w->out, '"');
}

static inline void
jw_str (JsonW *w, const char *key, const char *value)
{
    jw_str_len (w, key, value, strlen (value));
}

/* @literal as is (a number or true/false/null). */
static inline void
jw_raw (JsonW *w, const char *key, const char *literal)
{
    jw_before_value (w, key);
    jw_put (w->out, literal, strlen (literal));
}

/* An integer as the engine sends it: a string, "42". */
static inline void
jw_int_str (JsonW *w, const char *key, gint64 value)
{
    jw_before_value (w, key);
    jw_put_c (w->out, '"');
    jw_append_int (w->out, value);
    jw_put_c (w->out, '"');
}

/* A boolean as the engine sends it: "true" or "false". */
static inline void
jw_bool_str (JsonW *w, const char *key, gboolean value)
{
    jw_raw (w, key, value ? "\"true\"" : "\"false\"");
}
