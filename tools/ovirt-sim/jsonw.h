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

#define JW_MAX_DEPTH 48

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

/* Containers. @key names the member in an object and must be NULL inside an
 * array or at the top level. */
void jw_obj_begin (JsonW *w, const char *key);
void jw_obj_end (JsonW *w);
void jw_arr_begin (JsonW *w, const char *key);
void jw_arr_end (JsonW *w);

/* Scalars; @key as for containers. */
void jw_str (JsonW *w, const char *key, const char *value);
void jw_str_len (JsonW *w, const char *key, const char *value, gsize len);
void jw_raw (JsonW *w, const char *key, const char *literal);
void jw_int_str (JsonW *w, const char *key, gint64 value);  /* "42" (engine style) */
void jw_bool_str (JsonW *w, const char *key, gboolean value); /* "true" */
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
