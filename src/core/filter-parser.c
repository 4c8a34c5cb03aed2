/* filter-parser.c — turns filter text into a tree of predicates for one
 * schema (second step of three, see filter-private.h).
 *
 * A recursive-descent parser over the lexer's tokens.  The grammar
 * (docs/filter-language.md has it for users):
 *
 *   filter    = [ or ] ;
 *   or        = and { "or" and } ;
 *   and       = unary { [ "," | "and" ] unary } ;     (adjacent terms: AND)
 *   unary     = "not" unary | primary ;
 *   primary   = "(" or ")" | predicate | text ;
 *   predicate = subject ( op value | "is" [ "not" ] "empty" ) ;
 *   subject   = column | [ "all" ] column "." column ;
 *   op        = "=" | "!=" | "<" | ">" | "<=" | ">=" | "~" | "!~" ;
 *   value     = quoted | column | raw ;
 *   text      = word | quoted ;
 *
 * A column name is a run of up to MAX_COLUMN_WORDS words ("max memory",
 * "storage domains"): of the words before an operator, the longest run
 * that ends at the operator and names a column is the column, and words
 * before it are free text (filter-subject.c decides).  An unquoted value that names a column exactly
 * makes a column-to-column comparison (not after '~' / '!~', which always
 * take a regex); a quoted value is always a value.
 *
 * A related-table predicate `LINK.COLUMN op value` names a reference or
 * list column of the table, a '.', and a column of the table it links to
 * (`host.status`, `storage domains.free %`): the comparison is bound to
 * that table's schema, and evaluation looks at the linked rows
 * (filter-eval.c).  A word `all` just before it asks for every linked row.
 *
 * Binding a predicate checks the value against the column's kind — numbers,
 * units, booleans, dates, regexes — so that evaluation cannot fail.  Every
 * error carries the byte offset it points at and, where it helps, a hint.
 */
#include "filter-private.h"
#include "tables.h"

#include <math.h>
#include <string.h>

/* At most this many words make a column name (the longest title has 3). */
#define MAX_COLUMN_WORDS 6
/* Deepest nesting of parentheses and 'not' we accept. */
#define MAX_DEPTH 100

static Node *parse_or (Parser *p, const char *context);

/* ---- small helpers ------------------------------------------------------ */

static Node *
node_new (NodeKind kind)
{
    Node *node = g_new0 (Node, 1);
    node->kind = kind;
    if (kind == NODE_AND || kind == NODE_OR || kind == NODE_NOT)
        node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) filter_node_free);
    return node;
}

/* Appends @child to the AND/OR chain *@chain of @kind, making the chain
 * node when *@chain is still a single term. */
static void
chain_add (Node **chain, NodeKind kind, Node *child)
{
    if ((*chain)->kind != kind || (*chain)->children == NULL) {
        Node *node = node_new (kind);
        g_ptr_array_add (node->children, *chain);
        *chain = node;
    }
    g_ptr_array_add ((*chain)->children, child);
}

gboolean
filter_parser_fail (Parser *p, gsize offset, const char *hint, const char *message)
{
    if (p->error == NULL)
        p->error = filter_error_new (offset, hint, "%s", message);
    return FALSE;
}

static gboolean
next_token (Parser *p, Token *tok)
{
    return filter_lexer_next (&p->lx, tok, &p->error);
}

static gboolean
is_connective (const Parser *p, const Token *tok)
{
    return filter_token_is_keyword (&p->lx, tok, "and")
           || filter_token_is_keyword (&p->lx, tok, "or")
           || filter_token_is_keyword (&p->lx, tok, "not");
}

/* Collapses runs of blanks to one space, so that an unquoted value such as
 * "cluster  version" can be looked up as a column name. */
static char *
normalize_name (const char *s)
{
    GString *out = g_string_new (NULL);
    gboolean blank = FALSE;
    for (const char *c = s; *c; c++) {
        if (g_ascii_isspace (*c)) {
            blank = TRUE;
            continue;
        }
        if (blank && out->len > 0)
            g_string_append_c (out, ' ');
        blank = FALSE;
        g_string_append_c (out, *c);
    }
    return g_string_free (out, FALSE);
}

static gboolean
parse_number (const char *s, double *out)
{
    char *end = NULL;
    while (g_ascii_isspace (*s))
        s++;
    if (*s == '\0')
        return FALSE;
    double v = g_ascii_strtod (s, &end);
    if (end == s || !isfinite (v))
        return FALSE;
    while (g_ascii_isspace (*end))
        end++;
    if (*end != '\0')
        return FALSE;
    *out = v;
    return TRUE;
}

static gboolean
is_whole_number (const char *s)
{
    if (*s == '\0')
        return FALSE;
    for (; *s; s++) {
        if (!g_ascii_isdigit (*s))
            return FALSE;
    }
    return TRUE;
}

static gboolean
parse_bool (const char *s, gboolean *out)
{
    static const char *const yes[] = { "true", "yes", "on", "1" };
    static const char *const no[] = { "false", "no", "off", "0" };
    for (gsize i = 0; i < G_N_ELEMENTS (yes); i++) {
        if (g_ascii_strcasecmp (s, yes[i]) == 0) {
            *out = TRUE;
            return TRUE;
        }
        if (g_ascii_strcasecmp (s, no[i]) == 0) {
            *out = FALSE;
            return TRUE;
        }
    }
    return FALSE;
}

/* Parses a date or date-time and stores the period it names: a whole day
 * for "2024-05-31", a minute for "2024-05-31 14:30", a second otherwise.
 * Days are local days (23 or 25 hours across a DST change). */
static gboolean
parse_time_period (const char *s, gint64 *lo, gint64 *hi)
{
    g_autofree char *t = g_strstrip (g_strdup (s));
    gsize len = strlen (t);
    gint64 ms;

    if (!vinv_time_parse (t, &ms))
        return FALSE;
    *lo = ms;
    if (len == 10) {
        g_autoptr (GDateTime) day = g_date_time_new_from_unix_local (ms / 1000);
        g_autoptr (GDateTime) next = day != NULL ? g_date_time_add_days (day, 1) : NULL;
        *hi = next != NULL ? g_date_time_to_unix (next) * 1000 : ms + 86400000;
    } else if (len == 16) {
        *hi = ms + 60000;
    } else {
        *hi = ms + 1000;
    }
    return TRUE;
}

/* Pulls the PCRE reason out of GRegex's "Error while compiling regular
 * expression 'x' at char N: reason". */
static const char *
regex_reason (const GError *error)
{
    const char *at = strstr (error->message, " at char ");
    const char *colon = at != NULL ? strstr (at, ": ") : NULL;
    return colon != NULL ? colon + 2 : error->message;
}

/* Compiles @pattern caselessly; @whole anchors it to the whole text.  The
 * pattern is compiled alone first so that a stray ')' cannot escape the
 * anchoring group; '\E' ends a '\Q' the pattern may leave open. */
static GRegex *
compile_regex (Parser *p, const char *pattern, gboolean whole, gsize offset)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (GRegex) alone = g_regex_new (pattern, G_REGEX_CASELESS, 0, &error);
    GRegex *regex = NULL;

    if (alone != NULL && !whole)
        return g_steal_pointer (&alone);
    if (alone != NULL) {
        g_autofree char *wrapped = g_strdup_printf ("\\A(?:%s\\E)\\z", pattern);
        regex = g_regex_new (wrapped, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
    }
    if (regex == NULL && p->error == NULL) {
        g_autofree char *reason = g_strdup (regex_reason (error));
        p->error = filter_error_new (offset,
                                     "quote the value, or put '\\' before a special "
                                     "character to match it literally",
                                     "invalid regular expression: %s", reason);
    }
    return regex;
}

/* The set of alternatives of @pattern, case-folded, if it has at least two
 * and each is literal text ("a|b\\.c"); else NULL.  A backslash before a
 * punctuation character makes it literal, as in a regex; anything with
 * regex syntax, or a backslash before a letter or digit, is not literal. */
static GHashTable *
literal_alternatives (const char *pattern)
{
    g_autoptr (GHashTable) set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    GString *text = g_string_new (NULL);
    guint n = 0;

    for (const char *c = pattern;; c++) {
        if (*c == '\0' || *c == '|') {
            g_hash_table_add (set, g_utf8_casefold (text->str, text->len));
            g_string_truncate (text, 0);
            n++;
            if (*c == '\0')
                break;
        } else if (*c == '\\') {
            guchar e = (guchar) c[1];
            if (e == '\0' || e >= 0x80 || g_ascii_isalnum (e)) {
                g_string_free (text, TRUE);
                return NULL;
            }
            g_string_append_c (text, (char) e);
            c++;
        } else if (strchr (".^$*+?()[]{}", *c) != NULL) {
            g_string_free (text, TRUE);
            return NULL;
        } else {
            g_string_append_c (text, *c);
        }
    }
    g_string_free (text, TRUE);
    return n >= 2 ? g_steal_pointer (&set) : NULL;
}

static gboolean
set_regex (Parser *p, Pred *pred, const char *value, gsize offset)
{
    gboolean whole = pred->op == OP_EQ || pred->op == OP_NE;
    if (whole && (pred->literals = literal_alternatives (value)) != NULL)
        return TRUE;
    pred->regex = compile_regex (p, value, whole, offset);
    if (pred->regex == NULL)
        return FALSE;
    pred->fast = filter_fast_regex_new (value, whole);
    return TRUE;
}

static gboolean
is_order_op (FilterOp op)
{
    return op == OP_LT || op == OP_GT || op == OP_LE || op == OP_GE;
}

/* ---- binding a predicate to its column ---------------------------------- */

/* Fills @pred for `column op value`.  @quoted tells a quoted value (always
 * text) from a bare one; @offset is where the value starts, @op_offset
 * where the operator does. */
static gboolean
bind_value (Parser *p, Pred *pred, const char *value, gboolean quoted, gsize offset,
            gsize op_offset)
{
    const VinvColumn *column = &p->schema->columns[pred->col];
    gboolean match_op = pred->op == OP_MATCH || pred->op == OP_NMATCH;
    const char *op = filter_op_name (pred->op);

    switch (column->kind) {
    case VINV_CELL_STRING:
    case VINV_CELL_REF:
        if (is_order_op (pred->op)) {
            pred->test = TEST_TEXT_ORDER;
            pred->text = g_strdup (value);
            return TRUE;
        }
        pred->test = TEST_REGEX;
        return set_regex (p, pred, value, offset);

    case VINV_CELL_LIST:
        if (!match_op && !quoted && is_whole_number (value)) {
            pred->test = TEST_COUNT;
            pred->number = g_ascii_strtod (value, NULL);
            return TRUE;
        }
        if (is_order_op (pred->op)) {
            g_autofree char *message = g_strdup_printf (
                "'%s' on list column '%s' compares the number of items, "
                "and '%s' is not a whole number", op, column->title, value);
            return filter_parser_fail (p, offset, "use '=' or '~' to match items by name", message);
        }
        pred->test = TEST_REGEX;
        return set_regex (p, pred, value, offset);

    case VINV_CELL_INT:
    case VINV_CELL_DOUBLE:
        if (match_op)
            break;
        pred->test = TEST_NUMBER;
        if (!parse_number (value, &pred->number)) {
            g_autofree char *message = g_strdup_printf (
                "column '%s' holds numbers, and '%s' is not a number", column->title, value);
            return filter_parser_fail (p, offset, "use '~' to match the text shown", message);
        }
        return TRUE;

    case VINV_CELL_QUANTITY: {
        if (match_op)
            break;
        const VinvUnit *unit = column->unit != NULL ? column->unit
                                                    : vinv_unit_base (VINV_DIM_COUNT);
        g_autofree char *message = NULL;
        gsize pos = 0;
        pred->test = TEST_NUMBER;
        if (!vinv_unit_parse (value, unit->dim, unit, &pred->number, &pos, &message)) {
            /* positions inside a quoted value are off by the quote and its
             * escapes: point at the value then */
            gsize at = quoted ? offset : offset + MIN (pos, strlen (value));
            if (strcmp (message, "expected a number") == 0) {
                g_free (message);
                message = g_strdup_printf ("column '%s' holds %s, and '%s' is not a number",
                                           column->title,
                                           vinv_dimension_name (unit->dim), value);
                return filter_parser_fail (p, at, "use '~' to match the text shown", message);
            }
            return filter_parser_fail (p, at, NULL, message);
        }
        return TRUE;
    }

    case VINV_CELL_BOOL:
        if (match_op)
            break;
        if (is_order_op (pred->op)) {
            g_autofree char *message = g_strdup_printf (
                "'%s' cannot compare booleans (column '%s')", op, column->title);
            return filter_parser_fail (p, op_offset, "use '= true' or '= false'", message);
        }
        pred->test = TEST_BOOL;
        if (!parse_bool (value, &pred->boolean)) {
            g_autofree char *message = g_strdup_printf (
                "column '%s' is true or false, and '%s' is neither", column->title, value);
            return filter_parser_fail (p, offset, "write true/false, yes/no, on/off or 1/0", message);
        }
        return TRUE;

    case VINV_CELL_TIME:
        if (match_op)
            break;
        pred->test = TEST_TIME;
        if (!parse_time_period (value, &pred->t_lo, &pred->t_hi)) {
            g_autofree char *message = g_strdup_printf (
                "column '%s' holds dates, and '%s' is not a date", column->title, value);
            return filter_parser_fail (p, offset,
                         "write 2024-05-31, 2024-05-31 14:30 or 2024-05-31 14:30:00; "
                         "use '~' to match the text shown", message);
        }
        return TRUE;

    case VINV_CELL_NULL:
    case VINV_CELL_LAST:
    default:
        g_assert_not_reached ();
    }

    /* ~ and !~ on booleans, numbers and dates: the text they are shown as */
    pred->test = TEST_DISPLAY;
    return set_regex (p, pred, value, offset);
}

typedef enum {
    CLASS_NUMBER,
    CLASS_TIME,
    CLASS_BOOL,
    CLASS_TEXT,
} ValueClass;

static ValueClass
column_class (const VinvColumn *column, VinvDimension *dim)
{
    *dim = VINV_DIM_COUNT;
    switch (column->kind) {
    case VINV_CELL_QUANTITY:
        if (column->unit != NULL)
            *dim = column->unit->dim;
        return CLASS_NUMBER;
    case VINV_CELL_INT:
    case VINV_CELL_DOUBLE:
    case VINV_CELL_LIST:
        return CLASS_NUMBER;
    case VINV_CELL_TIME:
        return CLASS_TIME;
    case VINV_CELL_BOOL:
        return CLASS_BOOL;
    default:
        return CLASS_TEXT;
    }
}

static const char *
class_name (const VinvColumn *column, ValueClass class, VinvDimension dim)
{
    if (column->kind == VINV_CELL_LIST)
        return "list";
    if (class == CLASS_NUMBER && dim != VINV_DIM_COUNT)
        return vinv_dimension_name (dim);
    return vinv_cell_kind_name (column->kind);
}

/* Fills @pred for `column op column2`; @pred->op is not ~ or !~. */
static gboolean
bind_pair (Parser *p, Pred *pred, guint col2, gsize offset, gsize op_offset)
{
    const VinvColumn *a = &p->schema->columns[pred->col];
    const VinvColumn *b = &p->schema->columns[col2];
    VinvDimension dim_a;
    VinvDimension dim_b;
    ValueClass class_a = column_class (a, &dim_a);
    ValueClass class_b = column_class (b, &dim_b);

    pred->test = TEST_COLUMN;
    pred->col2 = col2;
    if (class_a != class_b || dim_a != dim_b) {
        g_autofree char *message = g_strdup_printf (
            "cannot compare column '%s' (%s) with column '%s' (%s)",
            a->title, class_name (a, class_a, dim_a), b->title, class_name (b, class_b, dim_b));
        g_autofree char *hint = g_strdup_printf (
            "quote the value to compare with the text \"%s\"", b->title);
        return filter_parser_fail (p, offset, hint, message);
    }
    switch (class_a) {
    case CLASS_NUMBER:
        pred->pair = PAIR_NUMBERS;
        break;
    case CLASS_TIME:
        pred->pair = PAIR_TIMES;
        break;
    case CLASS_BOOL:
        if (is_order_op (pred->op)) {
            g_autofree char *message = g_strdup_printf (
                "'%s' cannot compare booleans (column '%s')", filter_op_name (pred->op),
                a->title);
            return filter_parser_fail (p, op_offset, "use '=' or '!='", message);
        }
        pred->pair = PAIR_BOOLS;
        break;
    case CLASS_TEXT:
    default:
        pred->pair = PAIR_TEXTS;
        break;
    }
    return TRUE;
}

/* ---- grammar ------------------------------------------------------------ */

/* `column op value`, with the operator token already read; @col is a
 * column of p->schema, named @name in the filter. */
static Node *
parse_comparison (Parser *p, guint col, const char *name, const Token *op_tok)
{
    g_auto (Token) value = { 0 };
    g_autoptr (Pred) pred = g_new0 (Pred, 1);
    gboolean ok;

    pred->col = col;
    pred->op = op_tok->op;
    if (!filter_lexer_value (&p->lx, &value, &p->error))
        return NULL;
    if (value.kind == TOK_END) {
        g_autofree char *message = g_strdup_printf ("missing value after '%s'",
                                                    filter_op_name (op_tok->op));
        g_autofree char *hint = NULL;
        if (op_tok->op == OP_EQ)
            hint = g_strdup_printf ("to find empty cells write '%s is empty'", name);
        filter_parser_fail (p, value.start, hint, message);
        return NULL;
    }
    if (value.kind == TOK_QUOTED) {
        ok = bind_value (p, pred, value.text, TRUE, value.start, op_tok->start);
    } else {
        g_autofree char *text = g_strndup (p->lx.text + value.start, value.end - value.start);
        g_autofree char *name2 = normalize_name (text);
        /* '~' and '!~' always take a regex: "disks ~ os" means the text "os",
         * not the OS column */
        gboolean match_op = op_tok->op == OP_MATCH || op_tok->op == OP_NMATCH;
        int col2 = match_op ? -1 : vinv_schema_lookup_column (p->schema, name2);
        if (col2 >= 0)
            ok = bind_pair (p, pred, (guint) col2, value.start, op_tok->start);
        else
            ok = bind_value (p, pred, text, FALSE, value.start, op_tok->start);
    }
    if (!ok)
        return NULL;
    Node *node = node_new (NODE_PRED);
    node->pred = g_steal_pointer (&pred);
    return node;
}

/* `column is [not] empty`, with "is" already read. */
static Node *
parse_is_empty (Parser *p, guint col)
{
    g_auto (Token) tok = { 0 };
    gboolean negate = FALSE;

    if (!next_token (p, &tok))
        return NULL;
    if (filter_token_is_keyword (&p->lx, &tok, "not")) {
        negate = TRUE;
        if (!next_token (p, &tok))
            return NULL;
    }
    if (!filter_token_is_keyword (&p->lx, &tok, "empty")) {
        g_autofree char *message = g_strdup_printf ("expected 'empty' after '%s'",
                                                    negate ? "is not" : "is");
        filter_parser_fail (p, tok.start, "write 'is empty' or 'is not empty'; compare values with '='",
              message);
        return NULL;
    }
    Node *node = node_new (NODE_PRED);
    node->pred = g_new0 (Pred, 1);
    node->pred->test = TEST_EMPTY;
    node->pred->op = negate ? OP_NE : OP_EQ;
    node->pred->col = col;
    return node;
}

/* The characters the display text of a cell of @column can hold, lower
 * case, or NULL when it can hold anything (text, references, lists).
 * Numbers may show as "NaN" / "inf"; times as "?" when out of range. */
static char *
display_alphabet (const VinvColumn *column)
{
    switch (column->kind) {
    case VINV_CELL_BOOL:
        return g_strdup ("truefals");
    case VINV_CELL_INT:
        return g_strdup ("0123456789-");
    case VINV_CELL_DOUBLE:
        return g_strdup ("0123456789.-naif");
    case VINV_CELL_QUANTITY: {
        const char *unit = column->unit != NULL ? column->unit->name : "";
        g_autofree char *lower = g_ascii_strdown (unit, -1);
        return g_strconcat ("0123456789.-naif ", lower, NULL);
    }
    case VINV_CELL_TIME:
        return g_strdup ("0123456789-: ?");
    default:
        return NULL;
    }
}

static Node *
text_node (Parser *p, const char *needle, gsize offset)
{
    g_autofree char *escaped = g_regex_escape_string (needle, -1);
    GRegex *regex = compile_regex (p, escaped, FALSE, offset);
    if (regex == NULL)
        return NULL;

    TextSearch *search = g_new0 (TextSearch, 1);
    search->regex = regex;
    search->fast = filter_fast_regex_new (escaped, FALSE);
    search->skip = g_new0 (gboolean, p->schema->n_columns);
    for (guint c = 0; c < p->schema->n_columns; c++) {
        g_autofree char *alphabet = display_alphabet (&p->schema->columns[c]);
        if (alphabet == NULL)
            continue;
        for (const char *n = needle; *n; n++) {
            if (strchr (alphabet, g_ascii_tolower (*n)) == NULL) {
                search->skip[c] = TRUE;   /* also for non-ASCII bytes */
                break;
            }
        }
    }
    Node *node = node_new (NODE_TEXT);
    node->search = search;
    return node;
}

/* Wraps @pred (bound to the linked table of @s) into a RELATED node. */
static Node *
related_node (Parser *p, const Subject *s, Node *pred_node)
{
    Related *rel = g_new0 (Related, 1);
    /* != !~ and 'is not empty' are `not` of = ~ and 'is empty' */
    gboolean negated = pred_node->pred->op == OP_NE || pred_node->pred->op == OP_NMATCH;

    rel->link = s->col;
    rel->target = s->target;
    rel->target_kind = vinv_schema_get_kind (s->target);
    rel->inner = g_steal_pointer (&pred_node->pred);
    rel->every = s->all || negated;
    rel->report = !rel->every && p->schema->columns[s->col].kind == VINV_CELL_LIST;
    filter_related_init (rel);
    filter_node_free (pred_node);

    Node *node = g_new0 (Node, 1);
    node->kind = NODE_RELATED;
    node->related = rel;
    g_ptr_array_add (p->related, rel);
    return node;
}

/* Parses what follows the subject @s (an operator token @tok, or 'is'
 * already read when @tok is NULL), against the linked table's schema for
 * a related predicate. */
static Node *
parse_predicate (Parser *p, const Subject *s, const Token *tok)
{
    const VinvSchema *schema = p->schema;
    guint col = s->related ? s->target_col : s->col;
    Node *node;

    if (s->related)
        p->schema = s->target;
    node = tok != NULL ? parse_comparison (p, col, s->name, tok) : parse_is_empty (p, col);
    p->schema = schema;
    if (node == NULL || !s->related)
        return node;
    return related_node (p, s, node);
}

/* A primary that starts with the bare word @first: a predicate if a run of
 * words starting here names a column (or LINK.COLUMN) and is followed by
 * an operator or "is"; otherwise @first alone is free text. */
static Node *
parse_word_run (Parser *p, const Token *first)
{
    Span words[MAX_COLUMN_WORDS + 1];
    guint n = 0;
    gsize after_first = p->lx.pos;
    g_auto (Token) tok = { 0 };
    g_auto (Subject) subject = { 0 };

    words[n++] = (Span) { first->start, first->end };
    for (;;) {
        gsize save = p->lx.pos;
        if (!next_token (p, &tok))
            return NULL;
        if (tok.kind == TOK_WORD && filter_token_is_keyword (&p->lx, &tok, "is")) {
            filter_subject_clear (&subject);
            subject = (Subject) { 0 };
            if (filter_find_subject (p, words, n, FALSE, &subject)) {
                if (subject.from == 0)
                    return parse_predicate (p, &subject, NULL);
                break;   /* the words before the subject are free text */
            }
            if (p->error != NULL)
                return NULL;
        }
        if (tok.kind != TOK_WORD || is_connective (p, &tok) || n == MAX_COLUMN_WORDS + 1) {
            p->lx.pos = save;
            break;
        }
        words[n++] = (Span) { tok.start, tok.end };
    }

    if (tok.kind == TOK_OP && n <= MAX_COLUMN_WORDS) {
        filter_subject_clear (&subject);
        subject = (Subject) { 0 };
        if (!filter_find_subject (p, words, n, TRUE, &subject))
            return NULL;
        if (subject.from == 0) {
            if (!next_token (p, &tok))
                return NULL;
            return parse_predicate (p, &subject, &tok);
        }
    }

    p->lx.pos = after_first;
    g_autofree char *needle = g_strndup (p->lx.text + first->start, first->end - first->start);
    return text_node (p, needle, first->start);
}

static Node *
missing_filter (Parser *p, const Token *tok, const char *context)
{
    g_autofree char *message = NULL;
    if (context != NULL)
        message = g_strdup_printf ("missing filter %s", context);
    else if (tok->kind == TOK_RPAREN)
        message = g_strdup ("unexpected ')'");
    else
        message = g_strdup_printf ("missing filter before '%.*s'", (int) (tok->end - tok->start),
                                   p->lx.text + tok->start);
    filter_parser_fail (p, tok->start, tok->kind == TOK_RPAREN && context == NULL
                             ? "there is no '(' for it to close" : NULL, message);
    return NULL;
}

static Node *
parse_primary (Parser *p, const char *context)
{
    g_auto (Token) tok = { 0 };

    if (!next_token (p, &tok))
        return NULL;
    switch (tok.kind) {
    case TOK_LPAREN: {
        g_autoptr (Node) inner = parse_or (p, "after '('");
        if (inner == NULL)
            return NULL;
        g_auto (Token) close = { 0 };
        if (!next_token (p, &close))
            return NULL;
        if (close.kind != TOK_RPAREN) {
            filter_parser_fail (p, tok.start, "add ')' where the group ends", "'(' is never closed");
            return NULL;
        }
        return g_steal_pointer (&inner);
    }
    case TOK_QUOTED: {
        gsize save = p->lx.pos;
        g_auto (Token) after = { 0 };
        if (!next_token (p, &after))
            return NULL;
        if (after.kind == TOK_OP) {
            g_autofree char *message = g_strdup_printf ("unexpected '%s' after quoted text",
                                                        filter_op_name (after.op));
            filter_parser_fail (p, after.start, "column names are written without quotes", message);
            return NULL;
        }
        p->lx.pos = save;
        return text_node (p, tok.text, tok.start);
    }
    case TOK_OP: {
        g_autofree char *message = g_strdup_printf ("missing column name before '%s'",
                                                    filter_op_name (tok.op));
        filter_parser_fail (p, tok.start, NULL, message);
        return NULL;
    }
    case TOK_WORD:
        if (!filter_token_is_keyword (&p->lx, &tok, "and")
            && !filter_token_is_keyword (&p->lx, &tok, "or"))
            return parse_word_run (p, &tok);
        return missing_filter (p, &tok, context);
    case TOK_END:
    case TOK_COMMA:
    case TOK_RPAREN:
    default:
        return missing_filter (p, &tok, context);
    }
}

static Node *
parse_unary (Parser *p, const char *context)
{
    g_auto (Token) tok = { 0 };
    gsize save = p->lx.pos;

    if (p->depth >= MAX_DEPTH) {
        filter_parser_fail (p, save, "use fewer parentheses or 'not'", "filter nested too deeply");
        return NULL;
    }
    if (!next_token (p, &tok))
        return NULL;
    if (filter_token_is_keyword (&p->lx, &tok, "not")) {
        p->depth++;
        Node *child = parse_unary (p, "after 'not'");
        p->depth--;
        if (child == NULL)
            return NULL;
        Node *node = node_new (NODE_NOT);
        g_ptr_array_add (node->children, child);
        return node;
    }
    p->lx.pos = save;
    if (tok.kind == TOK_LPAREN) {
        p->depth++;
        Node *node = parse_primary (p, context);
        p->depth--;
        return node;
    }
    return parse_primary (p, context);
}

static Node *
parse_and (Parser *p, const char *context)
{
    g_autoptr (Node) left = parse_unary (p, context);
    if (left == NULL)
        return NULL;
    for (;;) {
        g_auto (Token) tok = { 0 };
        gsize save = p->lx.pos;
        Node *right;

        if (!next_token (p, &tok))
            return NULL;
        if (tok.kind == TOK_END || tok.kind == TOK_RPAREN
            || filter_token_is_keyword (&p->lx, &tok, "or")) {
            p->lx.pos = save;
            return g_steal_pointer (&left);
        }
        if (tok.kind == TOK_OP) {
            g_autofree char *message = g_strdup_printf ("unexpected '%s'",
                                                        filter_op_name (tok.op));
            filter_parser_fail (p, tok.start, "put ',' or 'and' between two comparisons", message);
            return NULL;
        }
        if (tok.kind == TOK_COMMA) {
            right = parse_unary (p, "after ','");
        } else if (filter_token_is_keyword (&p->lx, &tok, "and")) {
            right = parse_unary (p, "after 'and'");
        } else {
            p->lx.pos = save;   /* adjacent terms: "web prod" */
            right = parse_unary (p, context);
        }
        if (right == NULL)
            return NULL;
        chain_add (&left, NODE_AND, right);
    }
}

static Node *
parse_or (Parser *p, const char *context)
{
    g_autoptr (Node) left = parse_and (p, context);
    if (left == NULL)
        return NULL;
    for (;;) {
        g_auto (Token) tok = { 0 };
        gsize save = p->lx.pos;

        if (!next_token (p, &tok))
            return NULL;
        if (!filter_token_is_keyword (&p->lx, &tok, "or")) {
            p->lx.pos = save;
            return g_steal_pointer (&left);
        }
        Node *right = parse_and (p, "after 'or'");
        if (right == NULL)
            return NULL;
        chain_add (&left, NODE_OR, right);
    }
}

/* ---- entry point -------------------------------------------------------- */

static gboolean
is_blank_text (const char *s)
{
    for (; *s; s++) {
        if (!g_ascii_isspace (*s))
            return FALSE;
    }
    return TRUE;
}

VinvFilter *
vinv_filter_compile (const char *text, const VinvSchema *schema, VinvFilterError **error)
{
    g_autoptr (VinvFilter) filter = NULL;
    Parser p = { 0 };
    const char *bad = NULL;

    g_return_val_if_fail (text != NULL, NULL);
    g_return_val_if_fail (schema != NULL, NULL);

    if (!g_utf8_validate (text, -1, &bad)) {
        if (error != NULL)
            *error = filter_error_new (bad - text, NULL, "the filter is not valid UTF-8");
        return NULL;
    }

    filter = g_new0 (VinvFilter, 1);
    filter->text = g_strdup (text);
    filter->schema = schema;
    filter->related = g_ptr_array_new ();
    filter->scratch = g_string_new (NULL);
    if (is_blank_text (text))
        return g_steal_pointer (&filter);

    filter_lexer_init (&p.lx, filter->text);
    p.schema = schema;
    p.related = filter->related;
    filter->root = parse_or (&p, NULL);
    if (filter->root != NULL) {
        g_auto (Token) tok = { 0 };
        if (next_token (&p, &tok) && tok.kind != TOK_END)
            missing_filter (&p, &tok, NULL);   /* only a stray ')' gets here */
    }
    if (p.error != NULL) {
        /* the related nodes went with the parts of the tree freed on the
         * way out */
        g_ptr_array_set_size (filter->related, 0);
        if (error != NULL)
            *error = p.error;
        else
            vinv_filter_error_free (p.error);
        return NULL;
    }
    return g_steal_pointer (&filter);
}
