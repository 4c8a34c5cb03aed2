/* json-tok.c — the streaming JSON tokenizer (see json-tok.h).
 *
 * A pushdown automaton driven one token at a time: the state says what may
 * come next (a value, a key, a colon, a comma or close), and a token that a
 * chunk boundary cuts (string, number, literal, escape) keeps its partial
 * state in the struct and resumes with the next chunk.  Where the CPU has
 * SSE2 or AVX2, the walker of json-tok-walk.c takes whole tokens between
 * chunk ends from a structural index (most of the bytes), and this byte
 * automaton only takes what it leaves: tokens cut by a chunk boundary,
 * strings with escapes, and malformed input (so the error messages are
 * this file's); whitespace runs and string bodies are then scanned 16 bytes
 * at a time with SSE2.  Without SIMD everything goes byte by byte through
 * tables.
 *
 * "Quiet" values (skipped by a callback, or inside a skipped container) go
 * through the same automaton, so malformed JSON is rejected wherever it
 * is, but nothing is decoded, copied or reported.
 *
 * Invariants: stack[0 .. depth) are the open containers (1 = object),
 * innermost last; the innermost quiet_depth of them are quiet; the spill
 * buffer holds the start of the current reported token when it began in an
 * earlier chunk or has escapes (in_spill), and is empty otherwise.
 */
#include "json-tok-private.h"

#include <gio/gio.h>
#include <string.h>
#if defined(__SSE2__) && (defined(__x86_64__) || defined(__i386__))
#include <emmintrin.h>
#define HAVE_SSE2 1
#endif

/* number automaton: where we are in -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? */
enum { N_START, N_MINUS, N_ZERO, N_INT, N_DOT, N_FRAC, N_E, N_ESIGN, N_EXP };


/* ---- scanning ------------------------------------------------------------ */

/* 1: JSON (and yajl) whitespace */
static const uchar ws_table[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
};

/* 1: ends the plain run of a string: '"', '\\', control characters */
static const uchar str_table[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    ['"'] = 1, ['\\'] = 1,
};

/* Chosen once, at the first tokenizer: the walker (json-tok-walk.c) and
 * whether the byte automaton scans with SSE2 (it does whenever a walker
 * runs).  impl_name is "avx2", "ssse3", "sse2" or "scalar". */
static int use_sse2;
static VinvJsonWalker walker;
static const char *impl_name;

static void
choose_implementation (void)
{
    static gsize chosen;
    if (g_once_init_enter (&chosen)) {
        walker = vinv_json_tok_choose_walker (&impl_name);
        int sse2 = 0;
#ifdef HAVE_SSE2
        sse2 = walker != NULL;
#endif
        g_atomic_int_set (&use_sse2, sse2);
        g_once_init_leave (&chosen, 1);
    }
}

const char *
vinv_json_tok_implementation (void)
{
    choose_implementation ();
    return impl_name;
}

/* First byte at or after @p that is not whitespace, or @end.  Most calls
 * meet no whitespace or one space (": ", ", "): those are decided before
 * any vector work; runs (the engine's indentation) go 16 bytes at a time. */
static inline const uchar *
skip_ws (const uchar *p, const uchar *end)
{
    if (p == end || !ws_table[*p])
        return p;
    if (end - p >= 2 && !ws_table[p[1]])
        return p + 1;
#ifdef HAVE_SSE2
    if (use_sse2) {
        const __m128i sp = _mm_set1_epi8 (' '), nl = _mm_set1_epi8 ('\n');
        const __m128i cr = _mm_set1_epi8 ('\r'), tab = _mm_set1_epi8 ('\t');
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128 ((const __m128i *) p);
            __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, sp),
                                                    _mm_cmpeq_epi8 (v, nl)),
                                      _mm_or_si128 (_mm_cmpeq_epi8 (v, cr),
                                                    _mm_cmpeq_epi8 (v, tab)));
            unsigned mask = (unsigned) _mm_movemask_epi8 (m) ^ 0xffffu;
            if (mask != 0) {
                p += __builtin_ctz (mask);
                break;
            }
            p += 16;
        }
    }
#endif
    while (p < end && ws_table[*p])
        p++;
    return p;
}

/* First byte at or after @p that ends a string's plain run, or @end. */
static inline const uchar *
scan_string (const uchar *p, const uchar *end)
{
#ifdef HAVE_SSE2
    if (use_sse2) {
        const __m128i q = _mm_set1_epi8 ('"'), bs = _mm_set1_epi8 ('\\');
        const __m128i c1f = _mm_set1_epi8 (0x1f);
        while (end - p >= 16) {
            __m128i v = _mm_loadu_si128 ((const __m128i *) p);
            __m128i m = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (v, q),
                                                    _mm_cmpeq_epi8 (v, bs)),
                                      _mm_cmpeq_epi8 (_mm_max_epu8 (v, c1f), c1f));
            unsigned mask = (unsigned) _mm_movemask_epi8 (m);
            if (mask != 0)
                return p + __builtin_ctz (mask);
            p += 16;
        }
    }
#endif
    while (p < end && !str_table[*p])
        p++;
    return p;
}

/* ---- the automaton --------------------------------------------------------- */

static gboolean
no_start (gpointer user_data, gboolean is_map)
{
    return FALSE;
}

static void
no_end (gpointer user_data, gboolean is_map)
{
}

static gboolean
no_key (gpointer user_data, const char *key, gsize len)
{
    return FALSE;
}

static void
no_scalar (gpointer user_data, VinvJsonKind kind, const char *text, gsize len)
{
}

VinvJsonTok *
vinv_json_tok_new (const VinvJsonTokCallbacks *callbacks, gpointer user_data)
{
    choose_implementation ();
    VinvJsonTok *t = g_new0 (VinvJsonTok, 1);
    /* a call per event, never a test for NULL */
    t->calls.start = callbacks->start != NULL ? callbacks->start : no_start;
    t->calls.end = callbacks->end != NULL ? callbacks->end : no_end;
    t->calls.key = callbacks->key != NULL ? callbacks->key : no_key;
    t->calls.scalar = callbacks->scalar != NULL ? callbacks->scalar : no_scalar;
    t->cb = &t->calls;
    t->user_data = user_data;
    t->state = ST_VALUE;
    t->max_depth = VINV_JSON_TOK_MAX_DEPTH;
    t->max_value = VINV_JSON_TOK_MAX_VALUE;
    return t;
}

void
vinv_json_tok_free (VinvJsonTok *t)
{
    if (t == NULL)
        return;
    g_free (t->spill);
    g_free (t->error);
    g_free (t);
}

void
vinv_json_tok_set_limits (VinvJsonTok *t, guint max_depth, gsize max_value)
{
    t->max_depth = MIN (max_depth, VINV_JSON_TOK_MAX_DEPTH);
    t->max_value = max_value;
}

guint64
vinv_json_tok_get_offset (const VinvJsonTok *t)
{
    return t->offset;
}

guint64
vinv_json_tok_get_walked (const VinvJsonTok *t)
{
    return t->walked;
}

/* Records the failure at @at (an offset in the document); always FALSE. */
static gboolean
fail (VinvJsonTok *t, guint64 at, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (VinvJsonTok *t, guint64 at, const char *format, ...)
{
    va_list ap;
    va_start (ap, format);
    g_autofree char *what = g_strdup_vprintf (format, ap);
    va_end (ap);
    t->error = g_strdup_printf ("malformed JSON near byte %" G_GUINT64_FORMAT ": %s", at, what);
    t->state = ST_ERROR;
    return FALSE;
}

/* A printable description of byte @c for messages. */
static const char *
describe (uchar c, char buf[16])
{
    if (c >= 0x21 && c < 0x7f)
        g_snprintf (buf, 16, "'%c'", c);
    else
        g_snprintf (buf, 16, "byte 0x%02x", c);
    return buf;
}

static gboolean
spill_append (VinvJsonTok *t, const uchar *data, gsize len)
{
    if (len == 0)
        return TRUE;
    if (t->spill_len + len > t->max_value)
        return FALSE;
    if (t->spill_len + len > t->spill_size) {
        t->spill_size = MAX (t->spill_len + len, MAX (256, 2 * t->spill_size));
        t->spill = g_realloc (t->spill, t->spill_size);
    }
    memcpy (t->spill + t->spill_len, data, len);
    t->spill_len += len;
    return TRUE;
}

/* Appends code point @cp as yajl's Utf32toUtf8 does. */
static gboolean
spill_code_point (VinvJsonTok *t, guint cp)
{
    uchar b[4];
    gsize n;
    if (cp < 0x80) {
        b[0] = (uchar) cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (uchar) (0xc0 | (cp >> 6));
        b[1] = (uchar) (0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (uchar) (0xe0 | (cp >> 12));
        b[1] = (uchar) (0x80 | ((cp >> 6) & 0x3f));
        b[2] = (uchar) (0x80 | (cp & 0x3f));
        n = 3;
    } else if (cp < 0x200000) {
        b[0] = (uchar) (0xf0 | (cp >> 18));
        b[1] = (uchar) (0x80 | ((cp >> 12) & 0x3f));
        b[2] = (uchar) (0x80 | ((cp >> 6) & 0x3f));
        b[3] = (uchar) (0x80 | (cp & 0x3f));
        n = 4;
    } else {
        b[0] = '?';
        n = 1;
    }
    return spill_append (t, b, n);
}

/* A value ended: what comes next depends on the container. */
static inline void
after_value (VinvJsonTok *t)
{
    t->state = t->depth == 0 ? ST_DONE : ST_AFTER_VALUE;
}

/* Opens a container; @quiet if the value is skipped. */
static inline gboolean
push (VinvJsonTok *t, gboolean is_map, gboolean quiet, guint64 at)
{
    if (t->depth >= t->max_depth)
        return fail (t, at, "nested deeper than %u levels", t->max_depth);
    t->stack[t->depth++] = (uchar) is_map;
    if (quiet || t->cb->start (t->user_data, is_map))
        t->quiet_depth++;
    t->state = is_map ? ST_KEY_OR_CLOSE : ST_VALUE_OR_CLOSE;
    return TRUE;
}

static inline void
pop (VinvJsonTok *t)
{
    gboolean is_map = t->stack[--t->depth];
    if (t->quiet_depth > 0)
        t->quiet_depth--;
    else
        t->cb->end (t->user_data, is_map);
    after_value (t);
}

static void
deliver_string (VinvJsonTok *t, const char *s, gsize len)
{
    if (t->str_key) {
        t->skip_next = t->cb->key (t->user_data, s, len);
        t->state = ST_COLON;
    } else {
        t->cb->scalar (t->user_data, VINV_JSON_STRING, s, len);
        after_value (t);
    }
}

/* One step of the number automaton: the next state, -1 if @c ends the
 * number here, -2 if @c cannot follow. */
static inline int
num_step (int st, uchar c)
{
    gboolean digit = c >= '0' && c <= '9';
    switch (st) {
    case N_START:
        return c == '-' ? N_MINUS : c == '0' ? N_ZERO : digit ? N_INT : -2;
    case N_MINUS:
        return c == '0' ? N_ZERO : digit ? N_INT : -2;
    case N_ZERO:
        return c == '.' ? N_DOT : (c == 'e' || c == 'E') ? N_E : -1;
    case N_INT:
        return digit ? N_INT : c == '.' ? N_DOT : (c == 'e' || c == 'E') ? N_E : -1;
    case N_DOT:
        return digit ? N_FRAC : -2;
    case N_FRAC:
        return digit ? N_FRAC : (c == 'e' || c == 'E') ? N_E : -1;
    case N_E:
        return (c == '+' || c == '-') ? N_ESIGN : digit ? N_EXP : -2;
    case N_ESIGN:
        return digit ? N_EXP : -2;
    default:
        return digit ? N_EXP : -1;
    }
}

static gboolean
number_done (VinvJsonTok *t, const uchar *s, gsize len)
{
    if (!t->tok_quiet) {
        if (t->in_spill) {
            if (!spill_append (t, s, len))
                return FALSE;
            t->cb->scalar (t->user_data, VINV_JSON_NUMBER, t->spill, t->spill_len);
            t->spill_len = 0;
            t->in_spill = FALSE;
        } else {
            t->cb->scalar (t->user_data, VINV_JSON_NUMBER, (const char *) s, len);
        }
    }
    after_value (t);
    return TRUE;
}

/* Starts the value whose first byte is *p (ST_VALUE, ST_VALUE_OR_CLOSE);
 * returns the position after what it consumed, or NULL on error. */
static inline const uchar *
start_value (VinvJsonTok *t, const uchar *p, const uchar *base)
{
    gboolean quiet = t->quiet_depth > 0 || t->skip_next;
    uchar c = *p;
    t->skip_next = FALSE;
    switch (c) {
    case '{':
    case '[':
        return push (t, c == '{', quiet, t->offset + (guint64) (p - base)) ? p + 1 : NULL;
    case '"':
        t->tok_quiet = quiet;
        t->str_key = FALSE;
        t->in_spill = FALSE;
        t->state = ST_STRING;
        return p + 1;
    case 't':
    case 'f':
    case 'n':
        t->lit = c == 't' ? "true" : c == 'f' ? "false" : "null";
        t->lit_kind = c == 't' ? VINV_JSON_TRUE : c == 'f' ? VINV_JSON_FALSE : VINV_JSON_NULL;
        t->lit_pos = 1;
        t->tok_quiet = quiet;
        t->state = ST_LITERAL;
        return p + 1;
    default:
        if (c == '-' || (c >= '0' && c <= '9')) {
            t->tok_quiet = quiet;
            t->in_spill = FALSE;
            t->num_state = N_START;
            t->num_len = 0;
            t->state = ST_NUMBER;
            return p;                 /* the number loop takes the first byte again */
        }
        char b[16];
        fail (t, t->offset + (guint64) (p - base), "unexpected %s where a value was expected",
              describe (c, b));
        return NULL;
    }
}

/* "a single value longer than the limit of 16 MiB, near byte N": the cap,
 * not malformed JSON. */
static char *
too_long_text (const VinvJsonTok *t, guint64 at)
{
    g_autofree char *limit = t->max_value % (1u << 20) == 0
        ? g_strdup_printf ("%" G_GSIZE_FORMAT " MiB", t->max_value >> 20)
        : g_strdup_printf ("%" G_GSIZE_FORMAT " bytes", t->max_value);
    return g_strdup_printf ("a single value longer than the limit of %s, near byte %"
                            G_GUINT64_FORMAT, limit, at);
}

static gboolean
too_long (VinvJsonTok *t, guint64 at)
{
    t->error = too_long_text (t, at);
    t->state = ST_ERROR;
    return FALSE;
}

gboolean
vinv_json_tok_feed (VinvJsonTok *t, const char *data, gsize len, GError **error)
{
    const uchar *base = (const uchar *) data;
    const uchar *p = base, *end = base + len;
    char b[16];

#define AT ((guint64) (t->offset + (guint64) (p - base)))
#define FAIL(...) do { fail (t, AT, __VA_ARGS__); goto failed; } while (0)

    if (t->state == ST_ERROR)
        goto failed;
    /* the walker takes whole tokens from between-token states; it leaves
     * to the switch below what it cannot take, up to *retry */
    const uchar *retry = base;
    while (p < end) {
        if (walker != NULL && t->state <= ST_AFTER_VALUE && p >= retry) {
            const uchar *from = p;
            p = walker (t, p, end, &retry);
            t->walked += (guint64) (p - from);
            if (p == end)
                break;
        }
        switch (t->state) {
        case ST_VALUE:
        case ST_VALUE_OR_CLOSE:
            p = skip_ws (p, end);
            if (p == end)
                break;
            if (*p == ']' && t->state == ST_VALUE_OR_CLOSE) {
                pop (t);
                p++;
                break;
            }
            if ((p = start_value (t, p, base)) == NULL)
                goto failed;
            break;
        case ST_KEY_OR_CLOSE:
        case ST_KEY:
            p = skip_ws (p, end);
            if (p == end)
                break;
            if (*p == '"') {
                t->tok_quiet = t->quiet_depth > 0;
                t->str_key = TRUE;
                t->in_spill = FALSE;
                t->state = ST_STRING;
                p++;
            } else if (*p == '}' && t->state == ST_KEY_OR_CLOSE) {
                pop (t);
                p++;
            } else {
                FAIL ("unexpected %s where an object key was expected", describe (*p, b));
            }
            break;
        case ST_COLON:
            p = skip_ws (p, end);
            if (p == end)
                break;
            if (*p != ':')
                FAIL ("unexpected %s where ':' was expected", describe (*p, b));
            t->state = ST_VALUE;
            p++;
            break;
        case ST_AFTER_VALUE:
            p = skip_ws (p, end);
            if (p == end)
                break;
            if (*p == ',') {
                t->state = t->stack[t->depth - 1] ? ST_KEY : ST_VALUE;
            } else if (*p == (t->stack[t->depth - 1] ? '}' : ']')) {
                pop (t);
            } else {
                FAIL ("unexpected %s after a value (expected ',' or '%c')", describe (*p, b),
                      t->stack[t->depth - 1] ? '}' : ']');
            }
            p++;
            break;
        case ST_DONE:
            p = skip_ws (p, end);
            if (p != end)
                FAIL ("unexpected %s after the end of the document", describe (*p, b));
            break;
        case ST_STRING: {
            if (t->pending_high != 0) {
                if (*p != '\\') {
                    if (!spill_append (t, (const uchar *) "?", 1)) {
                        too_long (t, AT);
                        goto failed;
                    }
                    t->pending_high = 0;
                }
            }
            const uchar *s = p;
            p = scan_string (p, end);
            if (p == end) {
                if (!t->tok_quiet) {
                    if (!spill_append (t, s, (gsize) (p - s))) {
                        too_long (t, AT);
                        goto failed;
                    }
                    t->in_spill = TRUE;
                }
                break;
            }
            if (*p == '"') {
                p++;
                if (!t->tok_quiet) {
                    if (!t->in_spill) {
                        if ((gsize) (p - 1 - s) > t->max_value) {
                            too_long (t, AT);
                            goto failed;
                        }
                        deliver_string (t, (const char *) s, (gsize) (p - 1 - s));
                    } else {
                        if (!spill_append (t, s, (gsize) (p - 1 - s))) {
                            too_long (t, AT);
                            goto failed;
                        }
                        deliver_string (t, t->spill, t->spill_len);
                        t->spill_len = 0;
                        t->in_spill = FALSE;
                    }
                } else if (t->str_key) {
                    t->state = ST_COLON;
                } else {
                    after_value (t);
                }
            } else if (*p == '\\') {
                if (!t->tok_quiet) {
                    if (!spill_append (t, s, (gsize) (p - s))) {
                        too_long (t, AT);
                        goto failed;
                    }
                    t->in_spill = TRUE;
                }
                t->state = ST_STR_ESC;
                p++;
            } else {
                FAIL ("control character (byte 0x%02x) inside a string", *p);
            }
            break;
        }
        case ST_STR_ESC: {
            uchar c = *p;
            uchar out;
            if (t->pending_high != 0 && c != 'u') {
                if (!spill_append (t, (const uchar *) "?", 1)) {
                    too_long (t, AT);
                    goto failed;
                }
                t->pending_high = 0;
            }
            switch (c) {
            case '"': case '\\': case '/': out = c; break;
            case 'b': out = '\b'; break;
            case 'f': out = '\f'; break;
            case 'n': out = '\n'; break;
            case 'r': out = '\r'; break;
            case 't': out = '\t'; break;
            case 'u':
                t->hex_count = 0;
                t->hex_value = 0;
                t->state = ST_STR_HEX;
                p++;
                continue;
            default:
                FAIL ("invalid escape \\%c inside a string", c >= 0x21 && c < 0x7f ? c : '?');
            }
            if (!t->tok_quiet && !spill_append (t, &out, 1)) {
                too_long (t, AT);
                goto failed;
            }
            t->state = ST_STRING;
            p++;
            break;
        }
        case ST_STR_HEX: {
            uchar c = *p;
            guint d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                FAIL ("invalid hex digit %s in a \\u escape", describe (c, b));
            t->hex_value = (t->hex_value << 4) | d;
            p++;
            if (++t->hex_count < 4)
                break;
            t->state = ST_STRING;
            if (t->tok_quiet)
                break;
            guint cp = t->hex_value;
            gboolean ok = TRUE;
            if (t->pending_high != 0) {
                guint hi = t->pending_high;
                t->pending_high = 0;
                cp = ((hi & 0x3f) << 10) | ((((hi >> 6) & 0xf) + 1) << 16) | (cp & 0x3ff);
                ok = spill_code_point (t, cp);
            } else if ((cp & 0xfc00) == 0xd800) {
                t->pending_high = cp;
            } else {
                ok = spill_code_point (t, cp);
            }
            if (!ok) {
                too_long (t, AT);
                goto failed;
            }
            break;
        }
        case ST_NUMBER: {
            const uchar *s = p;
            int st = t->num_state;
            for (; p < end; p++) {
                int next = num_step (st, *p);
                if (next < 0) {
                    if (next == -2 || st == N_START || st == N_MINUS || st == N_DOT
                        || st == N_E || st == N_ESIGN)
                        FAIL ("malformed number (unexpected %s)", describe (*p, b));
                    break;
                }
                st = next;
            }
            t->num_state = st;
            t->num_len += (gsize) (p - s);
            if (!t->tok_quiet && t->num_len > t->max_value) {
                too_long (t, AT);
                goto failed;
            }
            if (p == end) {
                if (!t->tok_quiet) {
                    if (!spill_append (t, s, (gsize) (p - s))) {
                        too_long (t, AT);
                        goto failed;
                    }
                    t->in_spill = TRUE;
                }
                break;
            }
            if (!number_done (t, s, (gsize) (p - s))) {
                too_long (t, AT);
                goto failed;
            }
            break;
        }
        case ST_LITERAL: {
            while (p < end && t->lit[t->lit_pos] != '\0') {
                if (*p != (uchar) t->lit[t->lit_pos])
                    FAIL ("unexpected %s inside the literal '%s'", describe (*p, b), t->lit);
                p++;
                t->lit_pos++;
            }
            if (t->lit[t->lit_pos] == '\0') {
                if (!t->tok_quiet)
                    t->cb->scalar (t->user_data, t->lit_kind, t->lit, t->lit_pos);
                after_value (t);
            }
            break;
        }
        default:
            g_assert_not_reached ();
        }
    }
    t->offset += len;
    return TRUE;

failed:
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, t->error);
    return FALSE;
#undef AT
#undef FAIL
}

gboolean
vinv_json_tok_finish (VinvJsonTok *t, GError **error)
{
    if (t->state == ST_ERROR) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, t->error);
        return FALSE;
    }
    /* a number at the very end of the document ends there */
    if (t->state == ST_NUMBER && t->depth == 0
        && (t->num_state == N_ZERO || t->num_state == N_INT || t->num_state == N_FRAC
            || t->num_state == N_EXP)) {
        if (!number_done (t, (const uchar *) "", 0)) {
            g_autofree char *text = too_long_text (t, t->offset);
            g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, text);
            return FALSE;
        }
    }
    if (t->state != ST_DONE) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "JSON document ends early after %" G_GUINT64_FORMAT
                     " bytes (truncated response?)", t->offset);
        return FALSE;
    }
    return TRUE;
}
