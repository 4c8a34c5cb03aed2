/* json-tok-private.h — the tokenizer's state, shared by its two halves:
 * json-tok.c (the byte-at-a-time automaton, which can start and stop
 * anywhere, mid-token included) and json-tok-walk.c (the structural-index
 * walker, which runs whole tokens 64 bytes of classification at a time and
 * hands anything unusual back).  Not for use outside those two files.
 */
#pragma once

#include "json-tok.h"

typedef unsigned char uchar;

/* What may come next.  The states up to ST_AFTER_VALUE lie between tokens:
 * the walker may start in them; the others are inside a token. */
enum {
    ST_VALUE,                         /* a value (after ':', array ',', start) */
    ST_VALUE_OR_CLOSE,                /* after '[' */
    ST_KEY_OR_CLOSE,                  /* after '{' */
    ST_KEY,                           /* after ',' in an object */
    ST_COLON,
    ST_AFTER_VALUE,                   /* ',' or the close of the container */
    ST_STRING,
    ST_STR_ESC,                       /* after a backslash */
    ST_STR_HEX,                       /* in \uXXXX */
    ST_NUMBER,
    ST_LITERAL,
    ST_DONE,                          /* only whitespace may follow */
    ST_ERROR,
};

struct _VinvJsonTok {
    const VinvJsonTokCallbacks *cb;   /* &calls */
    VinvJsonTokCallbacks calls;       /* the caller's, no-ops for its NULLs */
    gpointer user_data;
    int state;
    guint depth;
    guint quiet_depth;
    guint max_depth;
    gsize max_value;
    gboolean skip_next;               /* the next value is quiet */
    /* the current string / number / literal */
    gboolean tok_quiet;
    gboolean str_key;
    gboolean in_spill;
    int num_state;
    gsize num_len;
    const char *lit;                  /* "true", "false", "null" */
    guint lit_pos;
    VinvJsonKind lit_kind;
    guint hex_count;
    guint hex_value;
    guint pending_high;               /* a \u high surrogate waiting */
    char *spill;
    gsize spill_len, spill_size;
    guint64 offset;                   /* bytes before the current chunk */
    guint64 walked;                   /* bytes the walker took */
    char *error;                      /* sticky, after a failure */
    uchar stack[VINV_JSON_TOK_MAX_DEPTH];
};

/* A walker: runs the automaton from @p (a between-token state, no token
 * begun) over whole tokens of [@p, @end) and returns the position where
 * the byte automaton must go on, with the struct's state exactly that of
 * this position (the walker never fails: what it does not like, malformed
 * or merely unusual such as an escape, it leaves to the byte automaton).
 * Sets *@retry to the first position from which calling it again may make
 * progress (past the token it stopped at, or @end when it stopped because
 * the chunk ended inside a token). */
typedef const uchar *(*VinvJsonWalker) (VinvJsonTok *t, const uchar *p, const uchar *end,
                                        const uchar **retry);

/* The walker for this CPU ("avx512", "avx2", "ssse3", "sse2"), or NULL
 * (portable scanning): chosen from the CPU and the environment
 * (VINV_JSON_SCALAR=1: none; VINV_JSON_SIMD=avx512, avx2, ssse3 or sse2:
 * that tier at most, avx2 when unset: AVX-512 only when asked for).
 * Sets *@name. */
VinvJsonWalker vinv_json_tok_choose_walker (const char **name);
