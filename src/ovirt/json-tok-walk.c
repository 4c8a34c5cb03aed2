/* json-tok-walk.c — the tokenizer's fast path: a structural index built 64
 * bytes at a time and walked token by token (see json-tok-private.h).
 *
 * Classifying (stage 1: AVX2, SSSE3 or SSE2, the best the CPU has, or
 * AVX-512BW when VINV_JSON_SIMD=avx512 asks for it) turns
 * 64 input bytes into one 64-bit mask of the positions the automaton has
 * to look at: the structural characters {}[]:, outside strings, every
 * quote, the first byte of each run of scalar bytes (a number or a
 * literal, or garbage) outside strings, and, inside strings, every
 * backslash and control character.  Which bytes lie inside a string is
 * the prefix XOR of the quote mask, carried from block to block
 * (simdjson's idea).  Escaped quotes are not worked out: a
 * backslash inside a string is a marked position at which the walker stops
 * and leaves the string to the byte automaton, so the mask past it (where
 * an escaped quote would have flipped the inside/outside state wrongly) is
 * never read.  Escapes are rare in the engine's documents.
 *
 * Walking (stage 2) visits the marked positions with the automaton's
 * states as code labels.  Between two marked positions there is only
 * whitespace or the inside of one string, number or literal, so whitespace
 * is never looked at, and a string's closing quote is the position after
 * its opening one (anything else there is a backslash or a control
 * character: stop).  Numbers and literals are checked where they start.
 * Every token is taken whole or not at all: when one is malformed, unusual
 * (an escape, a value over the size limit, nesting past the depth limit) or
 * runs past the end of the chunk, the walker returns the position before
 * it and the byte automaton of json-tok.c takes it (with its exact error
 * messages), so the two together accept exactly the same language.
 */
#include "json-tok-private.h"

#include <string.h>
/* x86-64 only (64-bit masks in general registers); elsewhere no walker */
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_X86_64 1
#endif

#ifdef HAVE_X86_64

/* 1: a byte that may end a number or literal: whitespace (as yajl has it),
 * structural characters and the quote */
static const uchar delim[256] = {
    ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
    ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, [':'] = 1, [','] = 1, ['"'] = 1,
};

/* Per 64-byte block, bit k for byte k: quotes, "bad" bytes (backslash,
 * control characters), structural characters and delimiters (whitespace,
 * structural, quote). */
typedef struct {
    guint64 quote, bad, op, delim;
} Masks;

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

static ALWAYS_INLINE guint64
prefix_xor (guint64 x)
{
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

/* What classifying carries from one block to the next: all ones when the
 * previous block ended inside a string, 1 when it ended in a run of scalar
 * bytes. */
typedef struct {
    guint64 in_str, prev_other;
} Carry;

/* The marked positions of a block from its masks and @in_string (the
 * block's inside-a-string prefix XOR); updates the carries. */
static ALWAYS_INLINE guint64
marks (const Masks *k, guint64 in_string, Carry *c)
{
    guint64 s = in_string ^ c->in_str;
    c->in_str = (guint64) ((gint64) s >> 63);
    guint64 other = ~(k->delim | s);
    guint64 start = other & ~((other << 1) | c->prev_other);
    c->prev_other = other >> 63;
    return (k->op & ~s) | start | k->quote | (k->bad & s);
}

/* A classifier: the marked positions of the block at @b, 64 bytes or fewer
 * before @end (the rest counts as whitespace).  Out of line, once per
 * block: the walker keeps no vector register live across its callbacks,
 * and its code stays small enough for its variables to stay in registers.
 * (Four blocks per call took as many instructions and ran 5-10 % slower
 * on the test machine: not kept.) */
typedef guint64 (*Classify) (const uchar *b, const uchar *end, Carry *c);

/* A short last block through a full one's classifier @block. */
#define CLASSIFY_TAIL(block, b, end, c)                                                           \
    do {                                                                                          \
        uchar pad_[64];                                                                           \
        memset (pad_, ' ', sizeof pad_);                                                          \
        memcpy (pad_, (b), (size_t) ((end) - (b)));                                               \
        return block (pad_, (c));                                                                 \
    } while (0)

/* ---- SSE2 ---------------------------------------------------------------------- */

static ALWAYS_INLINE void
masks_sse2 (const uchar *b, Masks *k)
{
    const __m128i quote = _mm_set1_epi8 ('"'), bs = _mm_set1_epi8 ('\\');
    const __m128i c1f = _mm_set1_epi8 (0x1f), nine = _mm_set1_epi8 (9);
    const __m128i four = _mm_set1_epi8 (4), sp = _mm_set1_epi8 (' ');
    const __m128i x20 = _mm_set1_epi8 (0x20), obr = _mm_set1_epi8 ('{');
    const __m128i cbr = _mm_set1_epi8 ('}'), colon = _mm_set1_epi8 (':');
    const __m128i comma = _mm_set1_epi8 (',');
    guint64 q = 0, bad = 0, op = 0, del = 0;

    for (int n = 0; n < 4; n++) {
        __m128i v = _mm_loadu_si128 ((const __m128i *) (b + 16 * n));
        __m128i isq = _mm_cmpeq_epi8 (v, quote);
        __m128i ctrl = _mm_cmpeq_epi8 (_mm_min_epu8 (v, c1f), v);
        __m128i isbad = _mm_or_si128 (ctrl, _mm_cmpeq_epi8 (v, bs));
        __m128i w = _mm_sub_epi8 (v, nine);   /* \t \n \v \f \r: 0 .. 4 */
        __m128i isws = _mm_or_si128 (_mm_cmpeq_epi8 (v, sp),
                                     _mm_cmpeq_epi8 (_mm_min_epu8 (w, four), w));
        __m128i low = _mm_or_si128 (v, x20); /* '[' ']' as '{' '}' */
        __m128i isop = _mm_or_si128 (_mm_or_si128 (_mm_cmpeq_epi8 (low, obr),
                                                   _mm_cmpeq_epi8 (low, cbr)),
                                     _mm_or_si128 (_mm_cmpeq_epi8 (v, colon),
                                                   _mm_cmpeq_epi8 (v, comma)));
        __m128i isdel = _mm_or_si128 (_mm_or_si128 (isws, isop), isq);
        q |= (guint64) (unsigned) _mm_movemask_epi8 (isq) << (16 * n);
        bad |= (guint64) (unsigned) _mm_movemask_epi8 (isbad) << (16 * n);
        op |= (guint64) (unsigned) _mm_movemask_epi8 (isop) << (16 * n);
        del |= (guint64) (unsigned) _mm_movemask_epi8 (isdel) << (16 * n);
    }
    *k = (Masks) { q, bad, op, del };
}

static ALWAYS_INLINE guint64
block_sse2 (const uchar *b, Carry *c)
{
    Masks k;
    masks_sse2 (b, &k);
    return marks (&k, prefix_xor (k.quote), c);
}

static __attribute__ ((noinline)) guint64
classify_sse2 (const uchar *b, const uchar *end, Carry *c)
{
    if (G_LIKELY (end - b >= 64))
        return block_sse2 (b, c);
    CLASSIFY_TAIL (block_sse2, b, end, c);
}

/* ---- AVX2 ---------------------------------------------------------------------- */

#define AVX2_TARGET __attribute__ ((target ("avx2,pclmul,bmi,bmi2")))

/* Byte classes for AVX2, looked up by nibble (vpshufb) and ANDed: a class
 * bit is set for a byte when both its low-nibble and its high-nibble
 * entries have it.  C_CTRL is bit 7 and C_BS bit 6, so "bad" (control
 * character or backslash) is bit 7 of cl | cl + cl, and C_QUOTE bit 7 of
 * cl shifted by 2. */
enum {
    C_WS0 = 0x01,                     /* \t \n \v \f \r: high 0, low 9 .. d */
    C_WS2 = 0x02,                     /* ' ': 0x20 */
    C_OP2 = 0x04,                     /* ',': 0x2c */
    C_OP3 = 0x08,                     /* ':': 0x3a */
    C_OP57 = 0x10,                    /* '[' ']' '{' '}': high 5 or 7, low b or d */
    C_QUOTE = 0x20,                   /* '"': 0x22 */
    C_BS = 0x40,                      /* '\\': 0x5c */
    C_CTRL = 0x80,                    /* below 0x20: high 0 or 1 */
    C_OP = C_OP2 | C_OP3 | C_OP57,
    C_DELIM = C_WS0 | C_WS2 | C_OP | C_QUOTE,
};

#define C_ALL_LOW(x0, x2, x9, xa, xb, xc, xd)                                                     \
    (char) (C_CTRL | (x0)), (char) C_CTRL, (char) (C_CTRL | (x2)), (char) C_CTRL, (char) C_CTRL,  \
        (char) C_CTRL, (char) C_CTRL, (char) C_CTRL, (char) C_CTRL, (char) (C_CTRL | (x9)),       \
        (char) (C_CTRL | (xa)), (char) (C_CTRL | (xb)), (char) (C_CTRL | (xc)),                   \
        (char) (C_CTRL | (xd)), (char) C_CTRL, (char) C_CTRL
#define C_LOW                                                                                     \
    C_ALL_LOW (C_WS2, C_QUOTE, C_WS0, C_WS0 | C_OP3, C_WS0 | C_OP57, C_WS0 | C_OP2 | C_BS,        \
               C_WS0 | C_OP57)
#define C_HIGH                                                                                    \
    (char) (C_WS0 | C_CTRL), (char) C_CTRL, (char) (C_WS2 | C_OP2 | C_QUOTE), (char) C_OP3, 0,    \
        (char) (C_OP57 | C_BS), 0, (char) C_OP57, 0, 0, 0, 0, 0, 0, 0, 0

/* The four masks of 32 bytes, from the class of each byte. */
static ALWAYS_INLINE AVX2_TARGET void
masks32_avx2 (__m256i v, __m256i low_table, __m256i high_table, __m256i nibble, __m256i op,
              __m256i del, guint32 *q, guint32 *bad, guint32 *notop, guint32 *notdel)
{
    const __m256i zero = _mm256_setzero_si256 ();
    __m256i cl = _mm256_and_si256 (
        _mm256_shuffle_epi8 (low_table, _mm256_and_si256 (v, nibble)),
        _mm256_shuffle_epi8 (high_table, _mm256_and_si256 (_mm256_srli_epi16 (v, 4), nibble)));
    /* bit 5 to bit 7 (a 16-bit shift moves no bit into another byte's bit 7) */
    *q = (guint32) _mm256_movemask_epi8 (_mm256_slli_epi16 (cl, 2));
    *bad = (guint32) _mm256_movemask_epi8 (_mm256_or_si256 (cl, _mm256_add_epi8 (cl, cl)));
    *notop = (guint32) _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (_mm256_and_si256 (cl, op), zero));
    *notdel = (guint32) _mm256_movemask_epi8 (
        _mm256_cmpeq_epi8 (_mm256_and_si256 (cl, del), zero));
}

static ALWAYS_INLINE AVX2_TARGET guint64
block_avx2 (const uchar *b, Carry *c)
{
    const __m256i low_table = _mm256_setr_epi8 (C_LOW, C_LOW);
    const __m256i high_table = _mm256_setr_epi8 (C_HIGH, C_HIGH);
    const __m256i nibble = _mm256_set1_epi8 (0x0f);
    const __m256i op = _mm256_set1_epi8 (C_OP), del = _mm256_set1_epi8 (C_DELIM);
    guint32 q0, bad0, nop0, ndel0, q1, bad1, nop1, ndel1;

    masks32_avx2 (_mm256_loadu_si256 ((const __m256i *) b), low_table, high_table, nibble, op,
                  del, &q0, &bad0, &nop0, &ndel0);
    masks32_avx2 (_mm256_loadu_si256 ((const __m256i *) (b + 32)), low_table, high_table, nibble,
                  op, del, &q1, &bad1, &nop1, &ndel1);
    Masks k = {
        q0 | (guint64) q1 << 32,
        bad0 | (guint64) bad1 << 32,
        ~(nop0 | (guint64) nop1 << 32),
        ~(ndel0 | (guint64) ndel1 << 32),
    };
    /* prefix XOR as a carry-less multiplication by all ones */
    __m128i x = _mm_clmulepi64_si128 (_mm_set_epi64x (0, (long long) k.quote),
                                      _mm_set1_epi8 ((char) 0xff), 0);
    return marks (&k, (guint64) _mm_cvtsi128_si64 (x), c);
}

static __attribute__ ((noinline)) AVX2_TARGET guint64
classify_avx2 (const uchar *b, const uchar *end, Carry *c)
{
    if (G_LIKELY (end - b >= 64))
        return block_avx2 (b, c);
    CLASSIFY_TAIL (block_avx2, b, end, c);
}

/* ---- AVX-512 (BW): the AVX2 classification in one 64-byte register ------------------ */

#define AVX512_TARGET __attribute__ ((target ("avx512f,avx512bw,pclmul,bmi,bmi2")))

/* One load, the same nibble lookups (vpshufb works per 16-byte lane, so the
 * tables are broadcast to the four lanes), and each mask straight out of a
 * test into a mask register: no movemask per 32 bytes, no combining of
 * halves.  A short last block is a masked load over spaces (a masked load
 * reads nothing past @end), not a copy into a padded buffer. */
static ALWAYS_INLINE AVX512_TARGET guint64
block_avx512 (__m512i v, Carry *c)
{
    const __m512i low_table = _mm512_broadcast_i32x4 (_mm_setr_epi8 (C_LOW));
    const __m512i high_table = _mm512_broadcast_i32x4 (_mm_setr_epi8 (C_HIGH));
    const __m512i nibble = _mm512_set1_epi8 (0x0f);
    __m512i cl = _mm512_and_si512 (
        _mm512_shuffle_epi8 (low_table, _mm512_and_si512 (v, nibble)),
        _mm512_shuffle_epi8 (high_table, _mm512_and_si512 (_mm512_srli_epi16 (v, 4), nibble)));
    Masks k = {
        _mm512_test_epi8_mask (cl, _mm512_set1_epi8 (C_QUOTE)),
        _mm512_test_epi8_mask (cl, _mm512_set1_epi8 ((char) (C_BS | C_CTRL))),
        _mm512_test_epi8_mask (cl, _mm512_set1_epi8 (C_OP)),
        _mm512_test_epi8_mask (cl, _mm512_set1_epi8 (C_DELIM)),
    };
    __m128i x = _mm_clmulepi64_si128 (_mm_set_epi64x (0, (long long) k.quote),
                                      _mm_set1_epi8 ((char) 0xff), 0);
    return marks (&k, (guint64) _mm_cvtsi128_si64 (x), c);
}

static __attribute__ ((noinline)) AVX512_TARGET guint64
classify_avx512 (const uchar *b, const uchar *end, Carry *c)
{
    if (G_LIKELY (end - b >= 64))
        return block_avx512 (_mm512_loadu_si512 ((const void *) b), c);
    __mmask64 in = _bzhi_u64 (~0ull, (unsigned) (end - b));
    return block_avx512 (_mm512_mask_loadu_epi8 (_mm512_set1_epi8 (' '), in, b), c);
}

/* ---- SSSE3 (with PCLMUL): the AVX2 classification 16 bytes at a time ----------------- */

#define SSSE3_TARGET __attribute__ ((target ("ssse3,pclmul")))

static ALWAYS_INLINE SSSE3_TARGET void
masks16_ssse3 (__m128i v, __m128i low_table, __m128i high_table, __m128i nibble, __m128i op,
               __m128i del, guint32 *q, guint32 *bad, guint32 *notop, guint32 *notdel)
{
    const __m128i zero = _mm_setzero_si128 ();
    __m128i cl = _mm_and_si128 (_mm_shuffle_epi8 (low_table, _mm_and_si128 (v, nibble)),
                                _mm_shuffle_epi8 (high_table,
                                                  _mm_and_si128 (_mm_srli_epi16 (v, 4), nibble)));
    *q = (guint32) _mm_movemask_epi8 (_mm_slli_epi16 (cl, 2));
    *bad = (guint32) _mm_movemask_epi8 (_mm_or_si128 (cl, _mm_add_epi8 (cl, cl)));
    *notop = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_and_si128 (cl, op), zero));
    *notdel = (guint32) _mm_movemask_epi8 (_mm_cmpeq_epi8 (_mm_and_si128 (cl, del), zero));
}

static ALWAYS_INLINE SSSE3_TARGET guint64
block_ssse3 (const uchar *b, Carry *c)
{
    const __m128i low_table = _mm_setr_epi8 (C_LOW);
    const __m128i high_table = _mm_setr_epi8 (C_HIGH);
    const __m128i nibble = _mm_set1_epi8 (0x0f);
    const __m128i op = _mm_set1_epi8 (C_OP), del = _mm_set1_epi8 (C_DELIM);
    guint64 q = 0, bad = 0, notop = 0, notdel = 0;

    for (int n = 0; n < 4; n++) {
        guint32 q16, bad16, nop16, ndel16;
        masks16_ssse3 (_mm_loadu_si128 ((const __m128i *) (b + 16 * n)), low_table, high_table,
                       nibble, op, del, &q16, &bad16, &nop16, &ndel16);
        q |= (guint64) q16 << (16 * n);
        bad |= (guint64) bad16 << (16 * n);
        notop |= (guint64) nop16 << (16 * n);
        notdel |= (guint64) ndel16 << (16 * n);
    }
    Masks k = { q, bad, ~notop, ~notdel };
    __m128i x = _mm_clmulepi64_si128 (_mm_set_epi64x (0, (long long) k.quote),
                                      _mm_set1_epi8 ((char) 0xff), 0);
    return marks (&k, (guint64) _mm_cvtsi128_si64 (x), c);
}

static __attribute__ ((noinline)) SSSE3_TARGET guint64
classify_ssse3 (const uchar *b, const uchar *end, Carry *c)
{
    if (G_LIKELY (end - b >= 64))
        return block_ssse3 (b, c);
    CLASSIFY_TAIL (block_ssse3, b, end, c);
}

#undef C_ALL_LOW
#undef C_LOW
#undef C_HIGH

/* ---- the walk -------------------------------------------------------------------- */

/* The walker (contract in json-tok-private.h), inlined into one function
 * per classifier.  Locals mirror the struct and are written back on exit;
 * `st` is set only on the way out (OUT, BAIL, NEXT): the state of `resume`,
 * the position after the last whole token.  A value or key the walk did
 * not finish leaves in ST_VALUE or ST_KEY even when it followed '[' or '{':
 * the byte there is not the close, and for any other byte the two states
 * behave alike. */
static ALWAYS_INLINE const uchar *
walk (VinvJsonTok *t, const uchar *p, const uchar *end, const uchar **retry, Classify classify)
{
#define cb (&t->calls)
#define ud (t->user_data)
    guint depth = t->depth;
    /* twice the quiet depth, plus 1 when the next value is skipped (only
     * ever at quiet depth 0): a value is quiet when q != 0 */
    guint q = t->quiet_depth * 2 + (t->skip_next ? 1 : 0);
    /* the innermost open container is an object (stack[depth - 1]) */
    gboolean in_map = depth > 0 && t->stack[depth - 1];
    const uchar *blk = p, *i = p, *resume = p;
    Carry carry = { 0, 0 };
    guint64 m = classify (blk, end, &carry); /* blk's marks not walked yet */
    int st = t->state;
    gboolean quiet;
    gsize len;

    /* Leaving in state S: the state of resume (set only on the way out) */
#define OUT(S)                                                                                    \
    do {                                                                                          \
        st = (S);                                                                                 \
        goto out;                                                                                 \
    } while (0)
#define BAIL(S)                                                                                   \
    do {                                                                                          \
        st = (S);                                                                                 \
        goto bail;                                                                                \
    } while (0)

    /* i = the next marked position; leaves in state S when the chunk has
     * no more */
#define NEXT(S)                                                                                   \
    do {                                                                                          \
        while (m == 0) {                                                                          \
            if (end - blk <= 64)                                                                  \
                OUT (S);                                                                          \
            blk += 64;                                                                            \
            m = classify (blk, end, &carry);                                                      \
        }                                                                                         \
        i = blk + __builtin_ctzll (m);                                                            \
        m &= m - 1;                                                                               \
    } while (0)

    switch (st) {
    case ST_VALUE:
        if (depth == 0)
            goto top;
        goto value;
    case ST_VALUE_OR_CLOSE:
        goto value_or_close;
    case ST_KEY_OR_CLOSE:
        goto key_or_close;
    case ST_KEY:
        goto key;
    case ST_COLON:
        goto colon;
    case ST_AFTER_VALUE:
        goto after_value;
    default:
        goto out;
    }

value_or_close:
    NEXT (ST_VALUE_OR_CLOSE);
    if (*i == ']')
        goto close;
    goto value_at;
value:
    NEXT (ST_VALUE);
value_at:
    quiet = q != 0;
    switch (*i) {
    case '{':
    case '[': {
        gboolean is_map = *i == '{';
        if (depth >= t->max_depth)
            BAIL (ST_VALUE);
        t->stack[depth++] = (uchar) is_map;
        in_map = is_map;
        q &= ~1u;
        if (quiet || cb->start (ud, is_map))
            q += 2;
        resume = i + 1;
        if (is_map)
            goto key_or_close;
        goto value_or_close;
    }
    case '"': {
        const uchar *s = i + 1;
        NEXT (ST_VALUE);
        if (*i != '"')
            BAIL (ST_VALUE);
        len = (gsize) (i - s);
        if (!quiet) {
            if (len > t->max_value)
                BAIL (ST_VALUE);
            cb->scalar (ud, VINV_JSON_STRING, (const char *) s, len);
        }
        q &= ~1u;
        resume = i + 1;
        goto after_value;
    }
    case 't':
    case 'f':
    case 'n': {
        static const char *const text[] = { "true", "false", "null" };
        static const VinvJsonKind kind[] = { VINV_JSON_TRUE, VINV_JSON_FALSE, VINV_JSON_NULL };
        int which = *i == 't' ? 0 : *i == 'f' ? 1 : 2;
        len = which == 1 ? 5 : 4;
        if ((gsize) (end - i) <= len)
            OUT (ST_VALUE);
        if (memcmp (i, text[which], len) != 0 || !delim[i[len]])
            BAIL (ST_VALUE);
        if (!quiet)
            cb->scalar (ud, kind[which], text[which], len);
        q &= ~1u;
        resume = i + len;
        goto after_value;
    }
    default: {
        /* -?(0|[1-9]d*)(.d+)?([eE][+-]?d+)? then a delimiter */
        const uchar *n = i;
        if (*n == '-')
            n++;
        if (n == end)
            OUT (ST_VALUE);
        if (*n == '0')
            n++;
        else if ((uchar) (*n - '1') < 9)
            do
                n++;
            while (n < end && (uchar) (*n - '0') < 10);
        else
            BAIL (ST_VALUE);
        if (n < end && *n == '.') {
            if (++n == end)
                OUT (ST_VALUE);
            if ((uchar) (*n - '0') >= 10)
                BAIL (ST_VALUE);
            do
                n++;
            while (n < end && (uchar) (*n - '0') < 10);
        }
        if (n < end && (*n | 0x20) == 'e') {
            if (++n < end && (*n == '+' || *n == '-'))
                n++;
            if (n == end)
                OUT (ST_VALUE);
            if ((uchar) (*n - '0') >= 10)
                BAIL (ST_VALUE);
            do
                n++;
            while (n < end && (uchar) (*n - '0') < 10);
        }
        if (n == end)
            OUT (ST_VALUE);
        if (!delim[*n])
            BAIL (ST_VALUE);
        len = (gsize) (n - i);
        if (!quiet) {
            if (len > t->max_value)
                BAIL (ST_VALUE);
            cb->scalar (ud, VINV_JSON_NUMBER, (const char *) i, len);
        }
        q &= ~1u;
        resume = n;
        goto after_value;
    }
    }

after_value:                          /* depth > 0 */
    NEXT (ST_AFTER_VALUE);
    if (*i == ',') {
        resume = i + 1;
        if (in_map)
            goto key;
        goto value;
    }
    if (*i != (in_map ? '}' : ']'))
        BAIL (ST_AFTER_VALUE);
close: {
    gboolean is_map = in_map;
    if (--depth > 0)
        in_map = t->stack[depth - 1];
    if (q > 0)
        q -= 2;
    else
        cb->end (ud, is_map);
    resume = i + 1;
    if (depth > 0)
        goto after_value;
    OUT (ST_DONE);
}

key_or_close:
    NEXT (ST_KEY_OR_CLOSE);
    if (*i == '}')
        goto close;
    goto key_at;
key:
    NEXT (ST_KEY);
key_at:
    if (*i != '"')
        BAIL (ST_KEY);
    {
        const uchar *s = i + 1;
        NEXT (ST_KEY);
        if (*i != '"')
            BAIL (ST_KEY);
        if (q == 0) {
            len = (gsize) (i - s);
            if (len > t->max_value)
                BAIL (ST_KEY);
            q = cb->key (ud, (const char *) s, len) ? 1 : 0;
        }
        resume = i + 1;
    }
colon:
    NEXT (ST_COLON);
    if (*i != ':')
        BAIL (ST_COLON);
    resume = i + 1;
    goto value;

top:
    /* the document's value (once per document): the byte automaton takes
     * its first byte, so that the walk never has a value at depth 0 */
    NEXT (ST_VALUE);
    BAIL (ST_VALUE);
bail:
    *retry = i + 1;
    goto leave;
out:
    *retry = end;
leave:
    t->state = st;
    t->depth = depth;
    t->quiet_depth = q >> 1;
    t->skip_next = q & 1;
    return resume;
#undef NEXT
#undef OUT
#undef BAIL
#undef cb
#undef ud
}

static const uchar *
walk_sse2 (VinvJsonTok *t, const uchar *p, const uchar *end, const uchar **retry)
{
    return walk (t, p, end, retry, classify_sse2);
}

static AVX512_TARGET const uchar *
walk_avx512 (VinvJsonTok *t, const uchar *p, const uchar *end, const uchar **retry)
{
    return walk (t, p, end, retry, classify_avx512);
}

static SSSE3_TARGET const uchar *
walk_ssse3 (VinvJsonTok *t, const uchar *p, const uchar *end, const uchar **retry)
{
    return walk (t, p, end, retry, classify_ssse3);
}

static AVX2_TARGET const uchar *
walk_avx2 (VinvJsonTok *t, const uchar *p, const uchar *end, const uchar **retry)
{
    return walk (t, p, end, retry, classify_avx2);
}

/* TRUE when the OS saves the AVX-512 registers (XCR0: SSE, AVX, opmask,
 * the upper halves of zmm0-15 and zmm16-31), so that the instructions do
 * not fault even where the CPU has them. */
static gboolean
os_saves_avx512 (void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid (1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
        return FALSE;
    unsigned lo, hi;
    __asm__ ("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xe6) == 0xe6;
}

VinvJsonWalker
vinv_json_tok_choose_walker (const char **name)
{
    const char *scalar = g_getenv ("VINV_JSON_SCALAR");
    const char *simd = g_getenv ("VINV_JSON_SIMD");

    __builtin_cpu_init ();
    if ((scalar != NULL && g_strcmp0 (scalar, "0") != 0) || !__builtin_cpu_supports ("sse2")) {
        *name = "scalar";
        return NULL;
    }
    /* VINV_JSON_SIMD names the best tier allowed: sse2 < ssse3 < avx2 <
     * avx512; unset (or anything else) means avx2.  AVX-512 is opt-in: on
     * the AMD EPYC (Zen 4) it was measured on, it classified 3 % faster
     * alone but made the tokenizer no faster, under the mapping slower in
     * 8 of 10 alternating pairs (BENCHMARKS.md, issue 16 round 5). */
    static const char *const tiers[] = { "sse2", "ssse3", "avx2", "avx512" };
    guint best = 2;
    for (guint n = 0; n < G_N_ELEMENTS (tiers); n++)
        if (g_strcmp0 (simd, tiers[n]) == 0)
            best = n;
    gboolean pclmul = __builtin_cpu_supports ("pclmul");
    gboolean avx2 = __builtin_cpu_supports ("avx2") && pclmul && __builtin_cpu_supports ("bmi")
                    && __builtin_cpu_supports ("bmi2");
    if (best >= 3 && avx2 && __builtin_cpu_supports ("avx512f")
        && __builtin_cpu_supports ("avx512bw") && os_saves_avx512 ()) {
        *name = "avx512";
        return walk_avx512;
    }
    if (best >= 2 && avx2) {
        *name = "avx2";
        return walk_avx2;
    }
    if (best >= 1 && __builtin_cpu_supports ("ssse3") && pclmul) {
        *name = "ssse3";
        return walk_ssse3;
    }
    *name = "sse2";
    return walk_sse2;
}

#else /* !HAVE_X86_64 */

VinvJsonWalker
vinv_json_tok_choose_walker (const char **name)
{
    *name = "scalar";
    return NULL;
}

#endif
