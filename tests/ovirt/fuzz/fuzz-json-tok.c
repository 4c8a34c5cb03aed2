/* fuzz-json-tok.c — libFuzzer target for the streaming JSON tokenizer
 * (src/ovirt/json-tok.c), differential against yajl.
 *
 * The first two bytes of an input choose how the rest is cut into chunks
 * (a seed for chunk sizes 1 .. 2^k) and which keys' values are skipped;
 * the rest is the document.  Checked for every input:
 * - no crash, no sanitizer report, memory bounded by the limits;
 * - the tokenizer accepts exactly what yajl accepts (string validation off),
 *   whether values are skipped or not, except past its own limits (nesting
 *   deeper than its maximum, which yajl does not bound) and for garbage
 *   after a complete document, which yajl lets pass when it is an
 *   unterminated token ('{} "x') and the tokenizer rejects;
 * - without skipping, the event stream equals yajl's.
 * The scanning is chosen as in the product (the AVX2 walker where the CPU
 * has it); VINV_JSON_SIMD=avx512 (the opt-in tier), ssse3 or sse2 (the
 * best tier allowed) or VINV_JSON_SCALAR=1 in the environment fuzz the
 * others; the
 * tier that runs is printed once at start ("json-tok tier: ...").  The seed
 * corpus has skipped values with escapes, deep nesting inside skipped
 * values (under and over the depth limit) and malformed skipped values.  Built and run by tests/ovirt/fuzz/run (clang,
 * -fsanitize=fuzzer).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gio/gio.h>
#include <yajl/yajl_parse.h>

#include "json-tok.h"

static void
log_text (GString *out, char tag, const char *s, size_t len)
{
    g_string_append_c (out, tag);
    g_string_append_c (out, '(');
    g_string_append_len (out, s, (gssize) len);
    g_string_append_printf (out, ")%zu", len);
}

static int y_null (void *c) { g_string_append (c, "z"); return 1; }
static int y_bool (void *c, int v) { g_string_append (c, v ? "t" : "f"); return 1; }
static int y_num (void *c, const char *s, size_t l) { log_text (c, 'n', s, l); return 1; }
static int
y_str (void *c, const unsigned char *s, size_t l)
{
    log_text (c, 's', (const char *) s, l);
    return 1;
}
static int
y_key (void *c, const unsigned char *s, size_t l)
{
    log_text (c, 'k', (const char *) s, l);
    return 1;
}
static int y_sm (void *c) { g_string_append (c, "{"); return 1; }
static int y_em (void *c) { g_string_append (c, "}"); return 1; }
static int y_sa (void *c) { g_string_append (c, "["); return 1; }
static int y_ea (void *c) { g_string_append (c, "]"); return 1; }

static const yajl_callbacks y_cb = {
    y_null, y_bool, NULL, NULL, y_num, y_str, y_sm, y_key, y_em, y_sa, y_ea,
};

typedef struct {
    GString *out;
    unsigned skip_mask;               /* skip values of keys whose first byte & mask */
} Ctx;

static gboolean
t_start (gpointer c, gboolean m)
{
    Ctx *x = c;
    g_string_append (x->out, m ? "{" : "[");
    return FALSE;
}

static void
t_end (gpointer c, gboolean m)
{
    Ctx *x = c;
    g_string_append (x->out, m ? "}" : "]");
}

static gboolean
t_key (gpointer c, const char *s, gsize l)
{
    Ctx *x = c;
    log_text (x->out, 'k', s, l);
    return x->skip_mask != 0 && l > 0 && ((guchar) s[0] & x->skip_mask) != 0;
}

static void
t_scalar (gpointer c, VinvJsonKind k, const char *s, gsize l)
{
    Ctx *x = c;
    switch (k) {
    case VINV_JSON_STRING: log_text (x->out, 's', s, l); break;
    case VINV_JSON_NUMBER: log_text (x->out, 'n', s, l); break;
    case VINV_JSON_TRUE: g_string_append (x->out, "t"); break;
    case VINV_JSON_FALSE: g_string_append (x->out, "f"); break;
    case VINV_JSON_NULL: g_string_append (x->out, "z"); break;
    }
}

static const VinvJsonTokCallbacks t_cb = { t_start, t_end, t_key, t_scalar };

/* Returns TRUE if accepted; *limit set when it failed on a limit. */
static gboolean
run_tok (const uint8_t *data, size_t len, unsigned seed, unsigned bits, unsigned skip_mask,
         GString *out, gboolean *limit)
{
    Ctx x = { out, skip_mask };
    VinvJsonTok *t = vinv_json_tok_new (&t_cb, &x);
    GError *error = NULL;
    gboolean ok = TRUE;
    size_t off = 0;
    while (ok && off < len) {
        seed = seed * 1103515245u + 12345u;
        size_t n = 1 + ((seed >> 16) & ((1u << bits) - 1));
        n = n < len - off ? n : len - off;
        /* a copy of exactly n bytes, so reading past a chunk is caught */
        char *chunk = malloc (n);
        memcpy (chunk, data + off, n);
        ok = vinv_json_tok_feed (t, chunk, n, &error);
        free (chunk);
        off += n;
    }
    if (ok)
        ok = vinv_json_tok_finish (t, &error);
    if (!ok) {
        if (strchr (error->message, '\n') != NULL || strstr (error->message, "JSON") == NULL)
            abort ();
        /* limits yajl does not have; and yajl's one leniency: after a
         * complete document it accepts an unterminated token ('{} "x',
         * '1 tr'), which its lexer reports as "need more input" */
        *limit = strstr (error->message, "nested deeper") != NULL
                 || strstr (error->message, "after the end of the document") != NULL;
        g_error_free (error);
    }
    vinv_json_tok_free (t);
    return ok;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
    fprintf (stderr, "json-tok tier: %s\n", vinv_json_tok_implementation ());
    return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned seed = data[0];
    unsigned bits = data[1] % 13;     /* chunks up to 4 KiB */
    unsigned skip_mask = data[1] >> 4;
    data += 2;
    size -= 2;

    GString *want = g_string_new (NULL);
    yajl_handle h = yajl_alloc (&y_cb, NULL, want);
    yajl_config (h, yajl_dont_validate_strings, 1);
    gboolean y_ok = yajl_parse (h, data, size) == yajl_status_ok
                    && yajl_complete_parse (h) == yajl_status_ok;
    yajl_free (h);

    GString *got = g_string_new (NULL);
    gboolean limit = FALSE;
    gboolean t_ok = run_tok (data, size, seed, bits, 0, got, &limit);
    if (t_ok != y_ok && !(limit && y_ok))
        abort ();                     /* accepts a different language */
    if (t_ok && strcmp (want->str, got->str) != 0)
        abort ();                     /* different events */

    /* skipping changes the events, never the verdict */
    GString *skipped = g_string_new (NULL);
    gboolean limit2 = FALSE;
    gboolean s_ok = run_tok (data, size, seed ^ 0x5a, bits, skip_mask | 1, skipped, &limit2);
    if (s_ok != t_ok && !(limit || limit2))
        abort ();

    g_string_free (want, TRUE);
    g_string_free (got, TRUE);
    g_string_free (skipped, TRUE);
    return 0;
}
