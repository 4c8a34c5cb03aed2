/* filter-private.h — the types the filter lexer, parser and evaluator share.
 *
 * The filter language (docs/filter-language.md) is compiled in three steps,
 * one file each, like jq:
 *
 *   filter-lexer.c   text -> tokens.  Two modes: expression mode (words,
 *                    quoted strings, operators, ',', '(' and ')') and value
 *                    mode (everything after an operator up to the next
 *                    top-level ',' / ')' / ' and ' / ' or ').
 *   filter-parser.c  tokens -> tree, resolving column names against the
 *                    schema and binding each value to its column's kind
 *                    (numbers, units, dates, booleans, compiled regexes).
 *                    Every error is found here, with its byte offset.
 *                    filter-subject.c, part of this step, finds what the
 *                    words before an operator name: a column, or LINK.COLUMN.
 *   filter-eval.c    tree x row -> match.  Never fails, never allocates for
 *                    predicates on text, numbers, booleans, dates and counts.
 *                    Related-table predicates (`host.status = up`) are
 *                    evaluated once per linked row by vinv_filter_prepare(),
 *                    so a row only reads its linked rows' answers, by the
 *                    row indexes its table resolved (vinv_table_ref_links()).
 *
 * Nothing here is public: the contract is filter.h.
 */
#pragma once

#include "filter.h"
#include "tables.h"

G_BEGIN_DECLS

/* ---- errors ------------------------------------------------------------- */

/* A new error at byte @offset; @hint may be NULL.  The message is
 * printf-formatted and follows our rule: one line (control characters the
 * user typed are shown as escapes), lower-case start, no trailing period. */
VinvFilterError *filter_error_new (gsize offset, const char *hint,
                                   const char *format, ...) G_GNUC_PRINTF (3, 4);

/* ---- tokens ------------------------------------------------------------- */

typedef enum {
    TOK_END,       /* end of text; in value mode also "no value here" */
    TOK_WORD,      /* bare word; in value mode the whole unquoted value */
    TOK_QUOTED,    /* "..." or '...'; text holds the decoded string */
    TOK_OP,        /* a comparison operator, see op */
    TOK_COMMA,
    TOK_LPAREN,
    TOK_RPAREN,
} TokenKind;

typedef enum {
    OP_EQ,         /* =  */
    OP_NE,         /* != */
    OP_LT,         /* <  */
    OP_GT,         /* >  */
    OP_LE,         /* <= */
    OP_GE,         /* >= */
    OP_MATCH,      /* ~  */
    OP_NMATCH,     /* !~ */
} FilterOp;

/* The spelling of @op ("!="). */
const char *filter_op_name (FilterOp op);

/* A token.  [start, end) is its byte span in the filter text (for a quoted
 * string, the quotes included; for an unquoted value, trimmed of blanks).
 * @text is owned and set only for TOK_QUOTED. */
typedef struct {
    TokenKind kind;
    FilterOp op;
    gsize start;
    gsize end;
    char *text;
} Token;

void filter_token_clear (Token *tok);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Token, filter_token_clear)

/* The lexer: a cursor over the filter text.  The parser may save and
 * restore @pos to look ahead (word runs need it). */
typedef struct {
    const char *text;
    gsize len;
    gsize pos;
} Lexer;

void filter_lexer_init (Lexer *lx, const char *text);

/* Reads the next token in expression mode into *tok (cleared first).
 * Returns FALSE and sets *error on a lexical error (unterminated quote,
 * unknown operator, text glued to a closing quote). */
gboolean filter_lexer_next (Lexer *lx, Token *tok, VinvFilterError **error);

/* Reads a value, as after an operator: a quoted string (TOK_QUOTED) or the
 * raw text up to the next ',' or ')' outside brackets the value opened, or
 * up to ' and ' / ' or ', trimmed (TOK_WORD).  When no value is there,
 * returns TRUE with a TOK_END token whose start is where the value was
 * expected.  Returns FALSE and sets *error on a lexical error. */
gboolean filter_lexer_value (Lexer *lx, Token *tok, VinvFilterError **error);

/* True if @tok is a bare word spelling @keyword (ASCII, case-insensitive). */
gboolean filter_token_is_keyword (const Lexer *lx, const Token *tok, const char *keyword);

/* ---- the compiled tree -------------------------------------------------- */

/* What a predicate tests, decided when it is bound to its column. */
typedef enum {
    TEST_REGEX,        /* string/ref text, or any list item, against regex */
    TEST_TEXT_ORDER,   /* string/ref text against text, naturally (< > <= >=) */
    TEST_NUMBER,       /* int/double/quantity against number (base units) */
    TEST_COUNT,        /* number of list items against number */
    TEST_BOOL,         /* bool against boolean (= !=) */
    TEST_TIME,         /* timestamp against the period [t_lo, t_hi) */
    TEST_DISPLAY,      /* display text of any other kind against regex (~ !~) */
    TEST_EMPTY,        /* is empty (op OP_EQ) / is not empty (op OP_NE) */
    TEST_COLUMN,       /* cell against the cell of column col2 */
} TestKind;

/* How a column-to-column predicate compares. */
typedef enum {
    PAIR_NUMBERS,      /* ints, doubles, quantities (same dimension), list counts */
    PAIR_TIMES,
    PAIR_BOOLS,
    PAIR_TEXTS,        /* strings and references: natural, case-insensitive */
} PairKind;

/* A caseless matcher for the regexes people type most — literal text, '.',
 * classes like [1-3], \d \w \s, the quantifiers ? * +, '|' between
 * alternatives and '^' / '$' at their ends (web.*, hv0[1-3], a|b|c) — over
 * ASCII text.  It simulates the pattern's position automaton on a 64-bit
 * set: linear time, no backtracking, no allocation.  Anything else is left
 * to GRegex: filter_fast_regex_new() returns NULL for patterns outside the
 * subset, and filter_fast_regex_match() returns -1 for text that is not
 * plain printable ASCII (Unicode case folding, or newline rules for '.'
 * and '$', could then apply).
 *
 * Positions: alternative k owns bits [first_k, first_k + n_k]; bit
 * first_k + i stands before its atom i, bit first_k + n_k is its end. */
typedef struct {
    guint64 accepts[128];    /* positions whose atom accepts byte c */
    guint64 loop;            /* atoms under * or + (may repeat) */
    guint64 skip;            /* atoms under ? or * (may be skipped) */
    guint64 start;           /* first position of every alternative */
    guint64 start_anchored;  /* ... of those that begin with '^' */
    guint64 end;             /* end position of every alternative */
    guint64 end_anchored;    /* ... of those that finish with '$' */
    gboolean whole;          /* must match the whole text (= and !=) */
} FastRegex;

/* Compiles @pattern (already known to be a valid GRegex pattern) for a
 * whole-text (@whole) or anywhere match.  Returns NULL if the pattern is
 * outside the subset.  Free with g_free(). */
FastRegex *filter_fast_regex_new (const char *pattern, gboolean whole);

/* 1 if @text matches, 0 if not, -1 if undecided (a non-ASCII or control
 * byte other than tab in @text before the answer was known): ask GRegex. */
int filter_fast_regex_match (const FastRegex *self, const char *text);

/* One compiled predicate.  Invariants for TEST_REGEX and TEST_DISPLAY:
 * either @literals is set — the pattern of an = or != is nothing but
 * literal alternatives ("id-1|id-2|..."; the view's link filters list
 * thousands, more than GRegex compiles), held case-folded — or @regex is
 * (anchored as \A(?:...)\z for = and !=, unanchored for ~ and !~, always
 * caseless) and decides whenever @fast (same pattern, may be NULL) cannot.
 * Negated operators (!= !~) are evaluated as the negation of = and ~. */
typedef struct {
    TestKind test;
    FilterOp op;
    guint col;
    guint col2;              /* TEST_COLUMN */
    PairKind pair;           /* TEST_COLUMN */
    GRegex *regex;
    FastRegex *fast;
    GHashTable *literals;    /* set of g_utf8_casefold()ed texts */
    char *text;              /* TEST_TEXT_ORDER */
    double number;           /* TEST_NUMBER, TEST_COUNT */
    gboolean boolean;        /* TEST_BOOL */
    gint64 t_lo;             /* TEST_TIME: the period the value names, */
    gint64 t_hi;             /* [t_lo, t_hi) in ms since the epoch */
} Pred;

/* Free-text search of one word or quoted phrase in every visible column:
 * a case-insensitive substring of the display text (for lists, of any
 * item).  @regex (the escaped needle, caseless) decides whenever @fast
 * cannot.  @skip[col] is TRUE for columns whose display text cannot
 * contain the needle (a number column when the needle has letters that no
 * number or unit is written with), so they are never formatted. */
typedef struct {
    GRegex *regex;
    FastRegex *fast;
    gboolean *skip;
} TextSearch;

/* A related-table predicate: `LINK.COLUMN op value` holds when some row
 * that the reference or list column @link points at satisfies @inner
 * (`COLUMN op value`, bound to the linked table's schema @target);
 * `all LINK.COLUMN op value` when every one does.  With a negated
 * operator (!= !~) the any-form is `not` of the positive one, which is the
 * same as requiring every linked row to satisfy @inner; so @every is set
 * for `all` and for negated operators, and the result is "every linked row
 * satisfies @inner" (true for none) or "some linked row does".
 *
 * A linked row that cannot be found (an item without an id, an id not in
 * the linked table, no linked table at all) counts as a row without
 * values: it satisfies @inner exactly when @on_null says so.
 *
 * After vinv_filter_prepare(): @table is the linked table given to it (a
 * reference; NULL before, or when it gave none), @matches holds per row of
 * @table whether @inner holds on it, and @links the rows of @table that
 * the prepared table's @link items point at (NULL without a prepared
 * table; rows of another table look their items up by id in @table). */
typedef struct {
    guint link;
    VinvTableKind target_kind;
    const VinvSchema *target;
    gboolean every;
    gboolean report;         /* positive any-form on a list: show the match first */
    Pred *inner;
    gboolean on_null;
    VinvTable *table;
    guint8 *matches;
    guint n_matches;
    VinvLinks *links;
} Related;

/* Computes @rel->on_null (filter-eval.c); the parser calls it once
 * @rel->inner and @rel->target are set. */
void filter_related_init (Related *rel);

typedef enum {
    NODE_AND,
    NODE_OR,
    NODE_NOT,
    NODE_PRED,
    NODE_TEXT,
    NODE_RELATED,
} NodeKind;

/* A node of the tree.  AND and OR hold two or more children (a chain of
 * ',' / 'and' / 'or' is one node, so recursion depth follows nesting, not
 * length); NOT holds exactly one; PRED and TEXT are leaves. */
typedef struct _Node Node;
struct _Node {
    NodeKind kind;
    GPtrArray *children;     /* AND, OR, NOT: of Node, owned */
    Pred *pred;              /* PRED */
    TextSearch *search;      /* TEXT */
    Related *related;        /* RELATED */
};

void filter_pred_free (Pred *pred);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pred, filter_pred_free)
void filter_node_free (Node *node);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Node, filter_node_free)

/* ---- the parser's state (filter-parser.c, filter-subject.c) ----------- */

/* The parser: the lexer, the schema names are resolved against (the
 * linked table's while a related predicate is bound), the related nodes
 * made so far, the nesting depth, and the first error. */
typedef struct {
    Lexer lx;
    const VinvSchema *schema;
    GPtrArray *related;       /* Related nodes made so far (borrowed) */
    guint depth;
    VinvFilterError *error;   /* set exactly when a parse function fails */
} Parser;

/* The byte span of a word. */
typedef struct {
    gsize start;
    gsize end;
} Span;

/* Records the first error (later ones are dropped) and returns FALSE. */
gboolean filter_parser_fail (Parser *p, gsize offset, const char *hint, const char *message);

/* Words [from, n) of @words joined by single spaces.  Owned by caller. */
char *filter_join_words (const Parser *p, const Span *words, guint from, guint n);

/* What the words before an operator (or 'is') name: a column of the table,
 * or LINK.COLUMN (@related), maybe after 'all'. */
typedef struct {
    guint from;                 /* index of the predicate's first word */
    guint col;                  /* the column, or the link column */
    gboolean related;
    gboolean all;
    const VinvSchema *target;   /* related: the linked table's schema */
    guint target_col;           /* related: the column there */
    char *name;                 /* for hints: the title, or LINK.COLUMN as typed */
} Subject;

void filter_subject_clear (Subject *s);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Subject, filter_subject_clear)

/* Finds the subject of a predicate in words [0, n) before an operator or
 * 'is'.  Returns TRUE with *s filled; FALSE when nothing there names a
 * column — with p->error set when @strict (an operator follows, so the
 * words must name something) or when a LINK.COLUMN is wrong in a way
 * that leaves no doubt it was meant as one. */
gboolean filter_find_subject (Parser *p, const Span *words, guint n, gboolean strict,
                              Subject *s);

/* A compiled filter.  @root is NULL for the empty filter (matches all).
 * @related lists the tree's related-table predicates (borrowed from the
 * tree) and @prepared is the table vinv_filter_prepare() was given (a
 * reference), whose rows read their links by index.
 * @scratch is reused by evaluation to format non-text cells, which is why
 * one filter must not be evaluated by two threads at once. */
struct _VinvFilter {
    char *text;
    const VinvSchema *schema;
    Node *root;
    GPtrArray *related;
    VinvTable *prepared;
    GString *scratch;
};

G_END_DECLS
