/* test-ovirt-json-diff.c — one parser, proven equal: the streaming
 * tokenizer (json-tok.c) against yajl.
 *
 * - tokens: tricky documents (escapes, surrogates, numbers, literals,
 *   whitespace yajl accepts) give the same event stream through both, cut
 *   at every byte; malformed ones fail in both; the depth and value-size
 *   limits fail with a clear message;
 * - documents: every document the simulator serves for a fetch (the
 *   collections with and without follow=, and per-entity documents of the
 *   parallel strategy), for several seeds and sizes, mapped through the
 *   back-end's own specs by yajl in one piece and by the tokenizer in one
 *   piece, in random chunks and byte by byte, must give identical tables;
 * - fetches: whole loads from the simulator over HTTP, follow and parallel,
 *   with each engine, must give equal inventories;
 * - walker: the fast path's edges (chunk ends, 64-byte blocks, escapes,
 *   skipped values, malformed skipped values), and the share it takes.
 *
 * yajl runs as a reader for the mapping through json-map-engine.h
 * (json-map-yajl.c, test code: the product does not link yajl); each
 * comparison checks that it really read the documents.
 *
 * Runs six times from meson: with the default scanning (the best the CPU
 * has up to AVX2), with VINV_JSON_SIMD=avx512 (the opt-in tier), avx2,
 * ssse3 and sse2 (each the best tier allowed) and with VINV_JSON_SCALAR=1;
 * a tier asked for must be the one that runs when the CPU has it (under
 * valgrind, which has no AVX-512, "avx512" runs AVX2).
 */
#include <string.h>

#include <curl/curl.h>
#include <gio/gio.h>
#include <yajl/yajl_parse.h>

#include "core/backend.h"

#include "json-map-yajl.h"
#include "json-map.h"
#include "json-tok.h"
#include "mapping.h"
#include "ovirt-backend.h"
#include "sim.h"
#include "truth-check.h"

/* ---- event streams -------------------------------------------------------------- */

static void
log_text (GString *out, char tag, const char *s, gsize len)
{
    g_string_append_c (out, tag);
    g_string_append_c (out, '(');
    for (gsize i = 0; i < len; i++)
        g_string_append_printf (out, "%02x", (guchar) s[i]);
    g_string_append (out, ")");
}

static int
y_null (void *ctx)
{
    g_string_append (ctx, "z");
    return 1;
}

static int
y_bool (void *ctx, int v)
{
    g_string_append (ctx, v ? "t" : "f");
    return 1;
}

static int
y_number (void *ctx, const char *s, size_t len)
{
    log_text (ctx, 'n', s, len);
    return 1;
}

static int
y_string (void *ctx, const unsigned char *s, size_t len)
{
    log_text (ctx, 's', (const char *) s, len);
    return 1;
}

static int
y_key (void *ctx, const unsigned char *s, size_t len)
{
    log_text (ctx, 'k', (const char *) s, len);
    return 1;
}

static int
y_start_map (void *ctx)
{
    g_string_append (ctx, "{");
    return 1;
}

static int
y_end_map (void *ctx)
{
    g_string_append (ctx, "}");
    return 1;
}

static int
y_start_array (void *ctx)
{
    g_string_append (ctx, "[");
    return 1;
}

static int
y_end_array (void *ctx)
{
    g_string_append (ctx, "]");
    return 1;
}

static const yajl_callbacks y_callbacks = {
    y_null, y_bool, NULL, NULL, y_number, y_string,
    y_start_map, y_key, y_end_map, y_start_array, y_end_array,
};

/* yajl's events for @json, or NULL when yajl rejects it. */
static char *
yajl_events (const char *json, gsize len)
{
    GString *out = g_string_new (NULL);
    yajl_handle h = yajl_alloc (&y_callbacks, NULL, out);
    yajl_config (h, yajl_dont_validate_strings, 1);
    gboolean ok = yajl_parse (h, (const unsigned char *) json, len) == yajl_status_ok
                  && yajl_complete_parse (h) == yajl_status_ok;
    yajl_free (h);
    if (!ok) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

static gboolean
t_start (gpointer ctx, gboolean is_map)
{
    g_string_append (ctx, is_map ? "{" : "[");
    return FALSE;
}

static void
t_end (gpointer ctx, gboolean is_map)
{
    g_string_append (ctx, is_map ? "}" : "]");
}

static gboolean
t_key (gpointer ctx, const char *s, gsize len)
{
    log_text (ctx, 'k', s, len);
    return FALSE;
}

static void
t_scalar (gpointer ctx, VinvJsonKind kind, const char *s, gsize len)
{
    switch (kind) {
    case VINV_JSON_STRING:
        log_text (ctx, 's', s, len);
        break;
    case VINV_JSON_NUMBER:
        log_text (ctx, 'n', s, len);
        break;
    case VINV_JSON_TRUE:
        g_string_append (ctx, "t");
        break;
    case VINV_JSON_FALSE:
        g_string_append (ctx, "f");
        break;
    case VINV_JSON_NULL:
        g_string_append (ctx, "z");
        break;
    }
}

static const VinvJsonTokCallbacks t_callbacks = { t_start, t_end, t_key, t_scalar };

/* The tokenizer's events for @json fed in pieces of @cut bytes (0: whole),
 * or NULL with @error. */
static char *
tok_events (const char *json, gsize len, gsize cut, GError **error)
{
    GString *out = g_string_new (NULL);
    g_autoptr (VinvJsonTok) t = vinv_json_tok_new (&t_callbacks, out);
    gboolean ok = TRUE;
    for (gsize off = 0; ok && off < len; off += cut == 0 ? len : cut)
        ok = vinv_json_tok_feed (t, json + off, cut == 0 ? len : MIN (cut, len - off), error);
    if (ok)
        ok = vinv_json_tok_finish (t, error);
    if (!ok) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

/* Each with its length (some hold NUL bytes). */
#define J(s) { s, sizeof s - 1 }
static const struct {
    const char *json;
    gsize len;
} token_cases[] = {
    J ("{}"), J ("[]"), J ("  {\"a\" : [ ] , \"b\":{}}  \n"), J ("\v\f{\t\"a\"\r:\n1}\f"),
    J ("{\"a\": \"plain\", \"b\": \"esc \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}"),
    J ("[\"\\u0041\\u00e9\\u20ac\\u0000x\"]"),                   /* NUL kept */
    J ("[\"\\ud83d\\ude00\", \"\\ud83d\", \"\\ud83dx\", \"\\ud83d\\n\", \"\\ude00\"]"),
    J ("[\"\\ud800\\u0041\", \"\\uDBFF\\uDFFF\", \"a\\ud83d\"]"),
    J ("[0, -0, 1, -12, 3.25, -0.5e10, 1E+2, 2e-3, 123456789012345678901234567890]"),
    J ("[true, false, null, [true], {\"x\": null}]"),
    J ("{\"nested\": [[[[{\"a\": [[{}]]}]]]], \"k\\u00e9y\": 1}"),
    J ("\"top-level string\""), J ("42"), J ("-7.5e3 "), J ("true"), J ("null"),
    J ("[\"\xff\xfe invalid utf-8 \xc3\", \"\xe2\x82\xac\"]"),
    /* malformed: both must reject */
    J (""), J ("   "), J ("{"), J ("{\"a\"}"), J ("{\"a\":}"), J ("{\"a\":1,}"), J ("[1,]"),
    J ("[1 2]"), J ("{\"a\" 1}"), J ("{1: 2}"), J ("[01]"), J ("[-]"), J ("[1.]"), J ("[.5]"),
    J ("[1e]"), J ("[1e+]"), J ("[+1]"), J ("[tru]"), J ("[truex]"), J ("[nul]"),
    J ("[\"a\nb\"]"), J ("[\"\\x\"]"), J ("[\"\\u12g4\"]"), J ("[\"unterminated"),
    J ("{} {}"), J ("[] x"), J ("]"), J ("[}"), J ("{]"), J ("[\"a\" : 1]"),
    J ("{\"a\":1 \"b\":2}"), J ("\xef\xbb\xbf{}"), J ("[1]]"), J ("{\"a\":1}}"),
};

static void
test_tokens (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (token_cases); i++) {
        const char *json = token_cases[i].json;
        gsize len = token_cases[i].len;
        g_autofree char *want = yajl_events (json, len);
        for (gsize cut = 0; cut <= MAX (len, 1); cut++) {
            g_autoptr (GError) error = NULL;
            g_autofree char *got = tok_events (json, len, cut, &error);
            if (g_strcmp0 (want, got) != 0)
                g_error ("case %u (%s), pieces of %" G_GSIZE_FORMAT ": yajl %s, tokenizer %s%s",
                         i, json, cut, want != NULL ? want : "rejects",
                         got != NULL ? got : "rejects: ", error != NULL ? error->message : "");
            if (got == NULL) {
                /* one line, saying where */
                g_assert_nonnull (strstr (error->message, "JSON"));
                g_assert_null (strchr (error->message, '\n'));
            }
        }
    }
}

static void
test_limits (void)
{
    g_autoptr (GError) error = NULL;
    GString *deep = g_string_new (NULL);
    for (int i = 0; i < 100000; i++)
        g_string_append_c (deep, '[');
    /* the default limit */
    g_assert_null (tok_events (deep->str, deep->len, 4096, &error));
    g_assert_nonnull (strstr (error->message, "nested deeper than 1024 levels"));
    g_string_free (deep, TRUE);
    g_clear_error (&error);

    /* a reported value past the limit fails, a skipped one does not */
    GString *out = g_string_new (NULL);
    g_autoptr (VinvJsonTok) t = vinv_json_tok_new (&t_callbacks, out);
    vinv_json_tok_set_limits (t, 4, 100);
    GString *big = g_string_new ("{\"a\": \"");
    for (int i = 0; i < 101; i++)
        g_string_append_c (big, 'x');
    g_string_append (big, "\"}");
    gboolean ok = TRUE;
    for (gsize off = 0; ok && off < big->len; off += 7)
        ok = vinv_json_tok_feed (t, big->str + off, MIN (7, big->len - off), &error);
    g_assert_false (ok);
    g_assert_nonnull (strstr (error->message, "longer than the limit of 100 bytes"));
    g_clear_error (&error);
    /* sticky: a later feed fails the same way */
    g_assert_false (vinv_json_tok_feed (t, "}", 1, &error));
    g_assert_nonnull (strstr (error->message, "longer than the limit of 100 bytes"));
    g_clear_error (&error);
    g_string_free (big, TRUE);
    g_string_free (out, TRUE);

    /* a huge number in a value nobody reads is skipped, not stored */
    const VinvRecordSpec root = { "root", 0, (const VinvFieldSpec[]) { { NULL, -1, NULL } },
                                  NULL, NULL };
    g_autoptr (VinvJsonParser) p = vinv_json_parser_new_with_engine (&root, NULL, NULL);
    g_assert_true (vinv_json_parser_feed (p, "{\"skipped\": 1", 13, &error));
    char digits[65536];
    memset (digits, '7', sizeof digits);
    for (int i = 0; i < 512; i++)                 /* 32 MiB of digits */
        g_assert_true (vinv_json_parser_feed (p, digits, sizeof digits, &error));
    g_assert_true (vinv_json_parser_feed (p, "}", 1, &error));
    g_assert_true (vinv_json_parser_finish (p, &error));
    g_assert_no_error (error);
}

/* ---- the walker's fast paths at chunk and block edges ------------------------------ */

/* The walker (json-tok-walk.c) classifies 64 bytes at a time from where it
 * starts, and stops at chunk ends, escapes and anything malformed.  These
 * documents put long skipped values, escaped quotes (\" and \\"), nested
 * skipped containers and malformed skipped values at every offset from a
 * 64-byte edge (a pad of 0 .. 64 spaces at '@'), and every byte value in
 * and between tokens (byte_case()); they are fed in two pieces
 * split at every byte, and in pieces of 1, 63, 64 and 65 bytes.  Values of
 * keys starting with 's' are skipped; yajl's events, with the same values
 * left out, must equal the tokenizer's, and a malformed document must be
 * rejected by both, skipped or not. */

typedef struct {
    GString *out;
    guint skip;                       /* depth inside a left-out value */
    gboolean skip_next;               /* the next value is left out */
} YSkip;

/* TRUE if a scalar here is reported (not left out). */
static gboolean
ys_scalar (YSkip *y)
{
    if (y->skip > 0)
        return FALSE;
    if (y->skip_next) {
        y->skip_next = FALSE;
        return FALSE;
    }
    return TRUE;
}

static int
ys_null (void *ctx)
{
    if (ys_scalar (ctx))
        g_string_append (((YSkip *) ctx)->out, "z");
    return 1;
}

static int
ys_bool (void *ctx, int v)
{
    if (ys_scalar (ctx))
        g_string_append (((YSkip *) ctx)->out, v ? "t" : "f");
    return 1;
}

static int
ys_number (void *ctx, const char *s, size_t len)
{
    if (ys_scalar (ctx))
        log_text (((YSkip *) ctx)->out, 'n', s, len);
    return 1;
}

static int
ys_string (void *ctx, const unsigned char *s, size_t len)
{
    if (ys_scalar (ctx))
        log_text (((YSkip *) ctx)->out, 's', (const char *) s, len);
    return 1;
}

static int
ys_key (void *ctx, const unsigned char *s, size_t len)
{
    YSkip *y = ctx;
    if (y->skip == 0) {
        log_text (y->out, 'k', (const char *) s, len);
        y->skip_next = len > 0 && s[0] == 's';
    }
    return 1;
}

static int
ys_start (YSkip *y, const char *tag)
{
    if (y->skip > 0) {
        y->skip++;
    } else if (y->skip_next) {
        y->skip_next = FALSE;
        y->skip = 1;
    } else {
        g_string_append (y->out, tag);
    }
    return 1;
}

static int
ys_end (YSkip *y, const char *tag)
{
    if (y->skip > 0)
        y->skip--;
    else
        g_string_append (y->out, tag);
    return 1;
}

static int
ys_start_map (void *ctx)
{
    return ys_start (ctx, "{");
}

static int
ys_end_map (void *ctx)
{
    return ys_end (ctx, "}");
}

static int
ys_start_array (void *ctx)
{
    return ys_start (ctx, "[");
}

static int
ys_end_array (void *ctx)
{
    return ys_end (ctx, "]");
}

static const yajl_callbacks ys_callbacks = {
    ys_null, ys_bool, NULL, NULL, ys_number, ys_string,
    ys_start_map, ys_key, ys_end_map, ys_start_array, ys_end_array,
};

/* yajl's events for @json with the values of 's…' keys left out, or NULL
 * when yajl rejects it. */
static char *
yajl_events_skipping (const char *json, gsize len)
{
    YSkip y = { g_string_new (NULL), 0, FALSE };
    yajl_handle h = yajl_alloc (&ys_callbacks, NULL, &y);
    yajl_config (h, yajl_dont_validate_strings, 1);
    gboolean ok = yajl_parse (h, (const unsigned char *) json, len) == yajl_status_ok
                  && yajl_complete_parse (h) == yajl_status_ok;
    yajl_free (h);
    if (!ok) {
        g_string_free (y.out, TRUE);
        return NULL;
    }
    return g_string_free (y.out, FALSE);
}

static gboolean
t_key_skipping (gpointer ctx, const char *s, gsize len)
{
    log_text (ctx, 'k', s, len);
    return len > 0 && s[0] == 's';
}

static const VinvJsonTokCallbacks t_skipping = { t_start, t_end, t_key_skipping, t_scalar };

/* The tokenizer's events for @json fed as a first piece of @first bytes,
 * then pieces of @piece bytes (0: the rest in one), or NULL when it
 * rejects the document (the message must be one line, saying where). */
static char *
tok_events_pieces (const char *json, gsize len, const VinvJsonTokCallbacks *cbs, gsize first,
                   gsize piece)
{
    GString *out = g_string_new (NULL);
    g_autoptr (VinvJsonTok) t = vinv_json_tok_new (cbs, out);
    g_autoptr (GError) error = NULL;
    gboolean ok = TRUE;
    gsize off = 0;
    while (ok && off < len) {
        gsize n = off == 0 ? first : piece;
        n = n == 0 ? len - off : MIN (n, len - off);
        /* an exact copy, so that reading past a piece would be caught by
         * the sanitizers */
        g_autofree char *copy = g_memdup2 (json + off, n);
        ok = vinv_json_tok_feed (t, copy, n, &error);
        off += n;
    }
    if (ok)
        ok = vinv_json_tok_finish (t, &error);
    if (!ok) {
        g_assert_nonnull (strstr (error->message, "JSON"));
        g_assert_null (strchr (error->message, '\n'));
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

/* '@' is replaced by the pad; the rest is JSON (some malformed). */
static const char *const walk_cases[] = {
    /* skipped values with escapes before the close, and kept ones */
    "{\"s\":@[1, {\"a\": \"x\", \"b\": [[], {}]}, \"q\\\"uote\", \"bs\\\\\", -1.5e3, true, null],"
    " \"k\": \"v\", \"n\": 12}",
    "{\"k\":@\"esc\\\"aped\", \"s\": \"\\\\\", \"k2\": \"a\\\\\","
    " \"k3\": \"\\\\\\\"\", \"t\": [false]}",
    "[@\"a\\\"b\", \"\\\\\", \"c\\\\\\\"d\", \"\\u0041\", \"e\\/f\"]",
    /* long skipped strings and containers */
    "{\"s\": \"@xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\", \"k\": [1, 2.5, \"z\"],"
    " \"sx\": {\"deep\": [[[[\"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
    "yyyyyyyyyyy\", {\"q\": \"\\\"\"}]]]], \"t\": 123456789012}, \"last\": true}",
    /* nested skipped containers, inside kept ones */
    "{\"a\": {\"s\": {\"x\": [{\"y\": {\"z\": [1, [2, [3]]]}}]},@ \"b\": [{\"s\": [[[]]],"
    " \"c\": 1},"
    " {\"sq\": {\"\\\"\": \"\\\\\"}, \"d\": [null, -0, 0.5, 1E+2]}]}, \"e\": {}}",
    "[@{\"s1\": [], \"s2\": {}, \"s3\": \"\", \"s4\": 0, \"s5\": false}, [], {}, \"\", 0]",
    /* malformed inside skipped values: both must reject */
    "{\"s\": [1, 2,@]}", "{\"s\": {\"a\"@ 1}}", "{\"s\": \"bad@\x01ctrl\"}", "{\"s\": [@01]}",
    "{\"s\": [@tru]}", "{\"s\": \"@\\x\"}", "{\"s\": \"@\\u12g4\"}", "{\"s\": [1@}",
    "{\"s\": {\"a\": 1@]}", "{\"s\": [1@ 2]}", "{\"s\": [@truex]}", "{\"s\": @-}",
    "{\"s\": @1.}", "{\"s\": [1e+@]}", "{\"s\": \"a\\\"@}", "{\"s\": []@ x}",
    "{\"s\": [@\x7f]}", "{\"s\": [@\xc3\xa9]}", "{\"s\": {@\"a\": 1, \"b\"}}",
    "{\"s\": [\"a\"@:1]}", "{\"s\": @{\"a\" : 1,}}", "[@\"tab\there\"]", "{\"s\": \"@\\\"}",
    /* malformed kept values */
    "{\"k\": [1,@]}", "{\"k\": \"@\\q\"}", "[@1.5e]", "[@-01]", "[\"a\"@ \"b\"]",
};

/* Documents with byte @b (any of the 256) inside a string, between
 * tokens, after a number and in a skipped value: the classification of
 * every byte value, kept and skipped. */
static char *
byte_case (guint i, guint b, gsize *len)
{
    static const char *const forms[] = {
        "[\"a@b\", 1]", "[1,@2]", "[1@]", "{\"s\": [\"@\"], \"k\": \"@\"}", "{\"s\": [@]}",
        "{\"s\":@{}}", "[tru@]", "[\"@\"@]",
    };
    GString *out = g_string_new (NULL);
    for (const char *c = forms[i]; *c != '\0'; c++)
        g_string_append_c (out, *c == '@' ? (char) b : *c);
    *len = out->len;
    return g_string_free (out, FALSE);
}

static void
test_walker (void)
{
    for (guint c = 0; c < G_N_ELEMENTS (walk_cases) + 8 * 256; c++) {
        for (guint pad = 0; pad <= 64; pad += c < G_N_ELEMENTS (walk_cases) ? 1 : 21) {
            g_autofree char *spaces = g_strnfill (pad, ' ');
            g_autofree char *json = NULL;
            gsize len;
            if (c < G_N_ELEMENTS (walk_cases)) {
                g_auto (GStrv) parts = g_strsplit (walk_cases[c], "@", 2);
                json = g_strjoinv (spaces, parts);
                len = strlen (json);
            } else {
                guint n = c - G_N_ELEMENTS (walk_cases);
                gsize doc_len;
                g_autofree char *doc = byte_case (n / 256, n % 256, &doc_len);
                /* not g_strconcat: the byte may be NUL */
                GString *both = g_string_new (spaces);
                g_string_append_len (both, doc, (gssize) doc_len);
                len = both->len;
                json = g_string_free (both, FALSE);
            }
            g_autofree char *want = yajl_events (json, len);
            g_autofree char *want_skip = yajl_events_skipping (json, len);
            /* skipping changes the events, never the verdict */
            g_assert_true ((want == NULL) == (want_skip == NULL));
            for (gsize first = 0; first <= len + 3; first++) {
                /* two pieces split at every byte; then 1, 63, 64, 65 at a time */
                gsize piece = first <= len ? 0 : (gsize[]) { 1, 63, 64, 65 }[first - len];
                gsize head = first <= len ? first : piece;
                if (head == 0)
                    head = len;
                g_autofree char *got = tok_events_pieces (json, len, &t_callbacks, head, piece);
                g_autofree char *got_skip = tok_events_pieces (json, len, &t_skipping, head,
                                                               piece);
                if (g_strcmp0 (want, got) != 0 || g_strcmp0 (want_skip, got_skip) != 0)
                    g_error ("walker case %u, pad %u, pieces %" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT
                             " (%s): yajl %s / %s, tokenizer %s / %s",
                             c, pad, head, piece, g_strescape (json, NULL),
                             want ? want : "rejects",
                             want_skip ? want_skip : "rejects", got ? got : "rejects",
                             got_skip ? got_skip : "rejects");
            }
        }
    }
}


/* The walker takes nearly every byte of a plain document fed in network-
 * sized pieces (it would still be correct, only slower, if it gave up
 * early: e.g. at every 64-byte edge inside a string), and none when the
 * portable scanning is forced. */
static void
test_walker_share (void)
{
    GString *doc = g_string_new ("{\"vm\": [");
    for (int i = 0; i < 2000; i++)
        g_string_append_printf (doc, "%s\n  {\"id\": \"%08x-0000-4000-8000-%012d\",\n"
                                "    \"skipped\": {\"a\": [1, 2.5, {\"b\": \"%s\"}], "
                                "\"d\": \"the description of a virtual machine, long enough to "
                                "cross a 64-byte edge now and then\", \"e\": [[], {}, null]},\n"
                                "    \"name\": \"vm-%d\", \"n\": %d, \"up\": %s}",
                                i > 0 ? "," : "", i, i, i % 3 ? "x" : "", i, i * 7,
                                i % 2 ? "true" : "false");
    g_string_append (doc, "\n]}\n");
    GString *out = g_string_new (NULL);
    g_autoptr (VinvJsonTok) t = vinv_json_tok_new (&t_skipping, out);
    g_autoptr (GError) error = NULL;
    for (gsize off = 0; off < doc->len; off += 16384)
        g_assert_true (vinv_json_tok_feed (t, doc->str + off, MIN (16384, doc->len - off),
                                           &error));
    g_assert_true (vinv_json_tok_finish (t, &error));
    g_autofree char *want = yajl_events_skipping (doc->str, doc->len);
    g_assert_cmpstr (out->str, ==, want);
    guint64 walked = vinv_json_tok_get_walked (t);
    g_test_message ("%s: the walker took %" G_GUINT64_FORMAT " of %" G_GSIZE_FORMAT " bytes",
                    vinv_json_tok_implementation (), walked, doc->len);
    if (strcmp (vinv_json_tok_implementation (), "scalar") == 0)
        g_assert_cmpuint (walked, ==, 0);
    else
        g_assert_cmpuint (walked, >=, doc->len * 99 / 100);
    g_string_free (out, TRUE);
    g_string_free (doc, TRUE);
}

/* ---- documents through the mapping ------------------------------------------------ */

static size_t
collect (char *data, size_t size, size_t n, void *user_data)
{
    g_byte_array_append (user_data, (const guint8 *) data, (guint) (size * n));
    return size * n;
}

/* GET @path under the API with Basic authentication; the body. */
static GBytes *
api_get (const Sim *sim, const char *path)
{
    g_autofree char *url = g_strconcat (sim->origin, "/ovirt-engine/api/", path, NULL);
    GByteArray *body = g_byte_array_new ();
    CURL *c = curl_easy_init ();
    struct curl_slist *headers = curl_slist_append (NULL, "Accept: application/json");
    long status = 0;
    curl_easy_setopt (c, CURLOPT_URL, url);
    curl_easy_setopt (c, CURLOPT_USERPWD, "admin@internal:ovirt");
    curl_easy_setopt (c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt (c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt (c, CURLOPT_WRITEDATA, body);
    g_assert_cmpint (curl_easy_perform (c), ==, CURLE_OK);
    curl_easy_getinfo (c, CURLINFO_RESPONSE_CODE, &status);
    g_assert_cmpint (status, ==, 200);
    curl_slist_free_all (headers);
    curl_easy_cleanup (c);
    return g_byte_array_free_to_bytes (body);
}

typedef struct {
    const VinvOvirtDoc *doc;
    char *parent;                     /* per-entity: the parent's id */
    GBytes *body;
} Body;

static void
body_free (gpointer data)
{
    Body *b = data;
    g_free (b->parent);
    g_bytes_unref (b->body);
    g_free (b);
}

/* Feeds @body in pieces: @mode 0 whole, 1 byte by byte, else random sizes
 * up to @mode. */
static void
feed_body (VinvOvirtLoad *load, const Body *b, const VinvJsonEngine *engine, guint mode,
           GRand *rand)
{
    VinvOvirtStore batch;
    vinv_ovirt_store_init (&batch);
    VinvOvirtSink sink = { load, b->parent != NULL ? &load->store : &batch };
    g_autoptr (GError) error = NULL;
    vinv_json_parser_set_engine (engine);
    g_autoptr (VinvJsonParser) p = vinv_ovirt_doc_parser_new (b->doc, &sink, b->parent);
    gsize len;
    const char *data = g_bytes_get_data (b->body, &len);
    for (gsize off = 0; off < len;) {
        gsize n = mode == 0 ? len : mode == 1 ? 1 : (gsize) g_rand_int_range (rand, 1, mode + 1);
        n = MIN (n, len - off);
        g_assert_true (vinv_json_parser_feed (p, data + off, n, &error));
        off += n;
    }
    g_assert_true (vinv_json_parser_finish (p, &error));
    g_assert_no_error (error);
    vinv_ovirt_store_merge (&load->store, &batch);
    vinv_ovirt_store_clear (&batch);
}

/* Every table of @load as text, cell by cell. */
static char *
dump_tables (VinvOvirtLoad *load)
{
    GString *out = g_string_new (NULL);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *t = vinv_ovirt_store_table (&load->store, k);
        const VinvSchema *s = vinv_table_get_schema (t);
        g_string_append_printf (out, "== %s %u\n", s->id, vinv_table_get_n_rows (t));
        for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
            g_string_append (out, vinv_table_get_row_id (t, r));
            for (guint c = 0; c < s->n_columns; c++) {
                g_autofree char *text = vinv_cell_dup_text (&s->columns[c],
                                                            vinv_table_get_cell (t, r, c), 0);
                g_string_append_printf (out, "\t%s", text != NULL ? text : "");
            }
            g_string_append_c (out, '\n');
        }
    }
    g_string_append_printf (out, "rejected %u duplicates %u\n", load->store.n_rejected,
                            load->store.n_duplicates);
    return g_string_free (out, FALSE);
}

static char *
map_all (GPtrArray *bodies, const VinvJsonEngine *engine, guint mode, GRand *rand)
{
    VinvOvirtLoad load;
    guint64 yajl_before = vinv_json_engine_yajl_bytes ();
    guint64 total = 0;
    vinv_ovirt_load_init (&load, "engine");
    load.guest_ips = TRUE;
    load.now_ms = G_GINT64_CONSTANT (1800000000000);   /* ages and uptimes: one clock */
    for (guint i = 0; i < bodies->len; i++) {
        const Body *b = g_ptr_array_index (bodies, i);
        feed_body (&load, b, engine, mode, rand);
        total += g_bytes_get_size (b->body);
    }
    /* the reference engine read every byte, and only when asked */
    g_assert_cmpuint (vinv_json_engine_yajl_bytes () - yajl_before, ==,
                      engine == &vinv_json_engine_yajl ? total : 0);
    vinv_ovirt_join (&load);
    char *text = dump_tables (&load);
    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_VM), >, 0);
    vinv_ovirt_load_clear (&load);
    return text;
}

/* Up to 3 ids of the truth's array @key, with their @owner field. */
static void
add_per_entity (GPtrArray *bodies, const Sim *sim, const char *doc_path, const char *key,
                const char *owner, const char *owner_coll)
{
    const VinvOvirtDoc *doc = vinv_ovirt_doc_lookup (doc_path);
    g_assert_nonnull (doc);
    yajl_val arr = truth_array (sim->truth, key);
    for (guint i = 0; i < MIN (3, YAJL_GET_ARRAY (arr)->len); i++) {
        yajl_val e = YAJL_GET_ARRAY (arr)->values[i];
        const char *id = truth_str (e, "id");
        g_autofree char *path = NULL;
        if (owner != NULL) {
            /* vms/ * /nics/ * /statistics: owner id, then the NIC id */
            const char *seg = strrchr (doc_path, '/') + 1;
            path = g_strdup_printf ("%s/%s/nics/%s/%s", owner_coll, truth_str (e, owner), id,
                                    seg);
        } else {
            const char *rest = strchr (doc_path, '*') + 1;
            g_autofree char *coll = g_strndup (doc_path, (gsize) (strchr (doc_path, '*')
                                                                   - doc_path - 1));
            path = g_strdup_printf ("%s/%s%s", coll, id, rest);
        }
        Body *b = g_new0 (Body, 1);
        b->doc = doc;
        b->parent = g_strdup (id);
        b->body = api_get (sim, path);
        g_ptr_array_add (bodies, b);
    }
}

typedef struct {
    const char *seed;
    const char *vms;
} DocCase;

static const DocCase doc_cases[] = {
    { "1", "40" }, { "2", "40" }, { "3", "120" }, { "11", "300" },
};

static void
test_documents (gconstpointer data)
{
    const DocCase *dc = data;
    const char *args[] = { "--seed", dc->seed, "--vms", dc->vms, NULL };
    Sim *sim = sim_start (args, TRUE);
    g_autoptr (GPtrArray) follow = g_ptr_array_new_with_free_func (body_free);
    g_autoptr (GPtrArray) parallel = g_ptr_array_new_with_free_func (body_free);
    g_autoptr (GRand) rand = g_rand_new_with_seed ((guint32) atoi (dc->seed));

    for (const VinvOvirtDoc *const *d = vinv_ovirt_docs (); *d != NULL; d++) {
        if (!vinv_ovirt_doc_is_collection (*d))
            continue;
        g_autofree char *with = (*d)->follow != NULL
                                    ? g_strconcat ((*d)->def->path, "?follow=", (*d)->follow,
                                                   NULL)
                                    : g_strdup ((*d)->def->path);
        Body *b = g_new0 (Body, 1);
        b->doc = *d;
        b->body = api_get (sim, with);
        g_ptr_array_add (follow, b);
        b = g_new0 (Body, 1);
        b->doc = *d;
        b->body = api_get (sim, (*d)->def->path);
        g_ptr_array_add (parallel, b);
    }
    const char *const per_vm[] = { "vms/*/diskattachments", "vms/*/nics", "vms/*/statistics",
                                   "vms/*/snapshots", "vms/*/reporteddevices" };
    for (guint i = 0; i < G_N_ELEMENTS (per_vm); i++)
        add_per_entity (parallel, sim, per_vm[i], "vms", NULL, NULL);
    add_per_entity (parallel, sim, "hosts/*/nics", "hosts", NULL, NULL);
    add_per_entity (parallel, sim, "hosts/*/statistics", "hosts", NULL, NULL);
    add_per_entity (parallel, sim, "disks/*/statistics", "disks", NULL, NULL);
    add_per_entity (parallel, sim, "clusters/*/networks", "clusters", NULL, NULL);
    add_per_entity (parallel, sim, "datacenters/*/storagedomains", "data_centers", NULL, NULL);
    add_per_entity (parallel, sim, "templates/*/diskattachments", "templates", NULL, NULL);
    add_per_entity (parallel, sim, "templates/*/nics", "templates", NULL, NULL);
    add_per_entity (parallel, sim, "vms/*/nics/*/statistics", "vm_nics", "vm", "vms");
    add_per_entity (parallel, sim, "hosts/*/nics/*/statistics", "host_nics", "host", "hosts");

    GPtrArray *sets[] = { follow, parallel };
    for (guint s = 0; s < G_N_ELEMENTS (sets); s++) {
        g_autofree char *want = map_all (sets[s], &vinv_json_engine_yajl, 0, rand);
        const guint modes[] = { 0, 1, 7, 300, 70000 };
        for (guint m = 0; m < G_N_ELEMENTS (modes); m++) {
            /* byte by byte only on the smaller environments */
            if (modes[m] == 1 && atoi (dc->vms) > 120)
                continue;
            g_autofree char *got = map_all (sets[s], NULL, modes[m],
                                            rand);
            if (strcmp (want, got) != 0) {
                gsize i = 0;
                while (want[i] == got[i])
                    i++;
                g_test_message ("before: %s", g_strndup (want + (i > 300 ? i - 300 : 0),
                                                         MIN (i, 300)));
                g_error ("%s documents, pieces mode %u: tables differ at byte %" G_GSIZE_FORMAT
                         ": yajl \"%.80s\", tokenizer \"%.80s\"",
                         s == 0 ? "follow" : "parallel", modes[m], i, want + i, got + i);
            }
        }
    }
    vinv_json_parser_set_engine (NULL);
    sim_stop (sim);
}

/* ---- whole fetches over HTTP -------------------------------------------------------- */

static VinvInventory *
fetch (const Sim *sim, const char *strategy, const VinvJsonEngine *engine)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *uri = sim_uri (sim);
    VinvConnectOptions options = {
        .user = g_strdup ("admin@internal"),
        .password = g_strdup ("ovirt"),
        .fetch_strategy = g_strdup (strategy),
    };
    guint64 yajl_before = vinv_json_engine_yajl_bytes ();
    vinv_json_parser_set_engine (engine);
    VinvBackend *backend = vinv_backend_open (uri, &options, NULL, &error);
    vinv_connect_options_clear (&options);
    g_assert_no_error (error);
    VinvInventory *inv = vinv_inventory_new ();
    g_assert_true (vinv_backend_fetch (backend, inv, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    vinv_backend_close (backend);
    g_assert_cmpuint (vinv_table_get_n_rows (vinv_inventory_get_table (inv, VINV_TABLE_VM)), >,
                      0);
    /* the documents went through the engine asked for */
    guint64 yajl_read = vinv_json_engine_yajl_bytes () - yajl_before;
    if (engine == &vinv_json_engine_yajl)
        g_assert_cmpuint (yajl_read, >, 100000);
    else
        g_assert_cmpuint (yajl_read, ==, 0);
    return inv;
}

static void
test_fetch (gconstpointer data)
{
    const char *strategy = data;
    const char *args[] = { "--seed", "5", "--vms", "150", NULL };
    Sim *sim = sim_start (args, FALSE);
    VinvInventory *a = fetch (sim, strategy, &vinv_json_engine_yajl);
    VinvInventory *b = fetch (sim, strategy, NULL);
    /* ages and uptimes move with the clock between the two fetches */
    inventory_check_equal (a, b, 60);
    vinv_inventory_free (a);
    vinv_inventory_free (b);
    sim_stop (sim);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_ovirt_register ();
    g_test_message ("tokenizer scanning: %s", vinv_json_tok_implementation ());
#if defined(__x86_64__)
    /* the tier asked for runs when the CPU has it, not another one */
    const char *simd = g_getenv ("VINV_JSON_SIMD");
    __builtin_cpu_init ();
    gboolean pclmul = __builtin_cpu_supports ("pclmul");
    gboolean avx2 = __builtin_cpu_supports ("avx2") && pclmul && __builtin_cpu_supports ("bmi")
                    && __builtin_cpu_supports ("bmi2");
    if (g_strcmp0 (simd, "sse2") == 0
        || (g_strcmp0 (simd, "ssse3") == 0 && __builtin_cpu_supports ("ssse3") && pclmul)
        || (g_strcmp0 (simd, "avx2") == 0 && avx2)
        || (g_strcmp0 (simd, "avx512") == 0 && avx2 && __builtin_cpu_supports ("avx512f")
            && __builtin_cpu_supports ("avx512bw")))
        g_assert_cmpstr (vinv_json_tok_implementation (), ==, simd);
#endif

    g_test_add_func ("/ovirt/json-diff/tokens", test_tokens);
    g_test_add_func ("/ovirt/json-diff/limits", test_limits);
    g_test_add_func ("/ovirt/json-diff/walker", test_walker);
    g_test_add_func ("/ovirt/json-diff/walker-share", test_walker_share);
    for (guint i = 0; i < G_N_ELEMENTS (doc_cases); i++) {
        g_autofree char *name = g_strdup_printf ("/ovirt/json-diff/documents/seed%s-%svms",
                                                 doc_cases[i].seed, doc_cases[i].vms);
        g_test_add_data_func (name, &doc_cases[i], test_documents);
    }
    g_test_add_data_func ("/ovirt/json-diff/fetch/follow", "follow", test_fetch);
    g_test_add_data_func ("/ovirt/json-diff/fetch/parallel", "parallel", test_fetch);
    return g_test_run ();
}
