/* json-tok.h — a streaming JSON tokenizer that skips what nobody wants.
 *
 * Bytes arrive in chunks of any size (as curl hands them over); the
 * tokenizer keeps its state across chunk boundaries and reports structure
 * and scalars through callbacks, like a SAX parser.  Two things make it
 * cheaper than a general parser for the oVirt documents, where most of the
 * bytes are values nobody reads:
 *
 * - a key callback may answer "skip": the key's value (scalar or whole
 *   container) is then checked for well-formedness but never decoded,
 *   copied or reported; a container callback may answer the same for the
 *   container it opens;
 * - strings without escapes that lie inside one chunk are reported as a
 *   pointer into the caller's chunk (no copy); only values split across
 *   chunks or carrying escapes go through a small spill buffer.
 *
 * It accepts exactly the language yajl 2 accepts with its default options
 * and string validation off (tests/ovirt/test-ovirt-json-diff.c checks it
 * against yajl): RFC 8259 JSON, whitespace also \v and \f, strings not
 * checked for valid UTF-8 (the caller checks the values it keeps), and
 * escapes decoded as yajl does (\u0000 is a NUL byte; a lone high surrogate
 * becomes '?').  Two limits yajl does not have bound its memory: nesting
 * depth and the length of a reported (not skipped) string or number; past
 * them the feed fails with a one-line error.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VinvJsonTok VinvJsonTok;

typedef enum {
    VINV_JSON_STRING,
    VINV_JSON_NUMBER,                 /* the literal text, e.g. "1.0E+2" */
    VINV_JSON_TRUE,                   /* text "true" */
    VINV_JSON_FALSE,                  /* text "false" */
    VINV_JSON_NULL,                   /* text "null" */
} VinvJsonKind;

typedef struct {
    /* A container opens.  Return TRUE to skip it: no events until after its
     * end (its end is not reported either). */
    gboolean (*start) (gpointer user_data, gboolean is_map);
    void (*end) (gpointer user_data, gboolean is_map);
    /* An object key (@key is not NUL-terminated; valid during the call).
     * Return TRUE to skip the key's value. */
    gboolean (*key) (gpointer user_data, const char *key, gsize len);
    /* A scalar value; @text (not NUL-terminated) is valid during the call. */
    void (*scalar) (gpointer user_data, VinvJsonKind kind, const char *text, gsize len);
} VinvJsonTokCallbacks;

/* Default limits: open containers, and bytes of one reported value. */
#define VINV_JSON_TOK_MAX_DEPTH 1024
#define VINV_JSON_TOK_MAX_VALUE (16u * 1024 * 1024)

VinvJsonTok *vinv_json_tok_new (const VinvJsonTokCallbacks *callbacks, gpointer user_data);
void vinv_json_tok_free (VinvJsonTok *tok);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvJsonTok, vinv_json_tok_free)

/* Lowers (or raises) the limits; for tests.  @max_depth is at most
 * VINV_JSON_TOK_MAX_DEPTH. */
void vinv_json_tok_set_limits (VinvJsonTok *tok, guint max_depth, gsize max_value);

/* Feeds @len bytes.  Returns FALSE with a one-line @error (G_IO_ERROR,
 * G_IO_ERROR_INVALID_DATA, "malformed JSON near byte N: …") on malformed
 * JSON or a limit; every later call then fails the same way. */
gboolean vinv_json_tok_feed (VinvJsonTok *tok, const char *data, gsize len, GError **error);

/* Ends the document.  Returns FALSE with @error if no complete value came
 * (empty, truncated) or after a feed error. */
gboolean vinv_json_tok_finish (VinvJsonTok *tok, GError **error);

/* Bytes accepted so far. */
guint64 vinv_json_tok_get_offset (const VinvJsonTok *tok);

/* Bytes of the offset the fast path (the structural-index walker) took;
 * the rest went byte by byte (for tests and measurements). */
guint64 vinv_json_tok_get_walked (const VinvJsonTok *tok);

/* Which scanning code runs: "avx2", "ssse3" (with PCLMUL), "sse2" (a
 * structural index built 64 bytes at a time, walked token by token, and
 * SIMD scans of whitespace and strings in between) or "scalar" (byte by
 * byte through tables).  Chosen once, at run time, from the CPU; in the
 * environment VINV_JSON_SCALAR=1 forces the portable one and
 * VINV_JSON_SIMD=ssse3 or sse2 allows that tier at most. */
const char *vinv_json_tok_implementation (void);

G_END_DECLS
