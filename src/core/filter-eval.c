/* filter-eval.c — evaluates a compiled filter on one row (last step of
 * three, see filter-private.h), and frees filters.
 *
 * Evaluation cannot fail: every value was checked against its column when
 * the filter was compiled.  The rules it applies (docs/filter-language.md):
 *
 *  - a null cell ("no value") matches no comparison: not `=`, not `<`, not
 *    `>`, not `~`; the negated operators are exactly `not` of the positive
 *    ones, so `!=` and `!~` do match null cells.  `is empty` matches null,
 *    "" and lists without items;
 *  - `=` / `~` on a list holds when any item matches; that item is reported
 *    through the item callback so the view shows it first — unless the
 *    predicate is under `not`, where a match makes the row fail;
 *  - free text searches the visible columns, lists item by item;
 *  - `LINK.COLUMN op value` holds when some linked row satisfies
 *    `COLUMN op value`, `all LINK.COLUMN op value` (and the negated
 *    operators, which are `not` of the positive ones) when every linked
 *    row does; vinv_filter_prepare() answers the inner predicate once per
 *    linked row, and a row reads its items' answers by the linked rows'
 *    indexes, which the table resolved once (vinv_table_ref_links()).
 *
 * Hot path: predicates on text, numbers, booleans, dates and counts read
 * the cell where it lies and allocate nothing; regexes of the common
 * shapes (web.*, hv0[1-3], a|b) on ASCII text run in a small automaton
 * (FastRegex) instead of GRegex, which allocates match data per call.
 * Only `~` on a non-text column and free text format a cell, into the
 * filter's reused scratch string.
 */
#include "filter-private.h"
#include "compare.h"

#include <math.h>
#include <string.h>

typedef struct {
    const VinvFilter *filter;
    const VinvSchema *schema;
    const VinvTable *table;      /* the row's table and index (related predicates) */
    guint row;
    const VinvCell *cells;
    const gboolean *visible;
    VinvFilterItemFunc item_func;
    gpointer user_data;
    GString *scratch;
} Context;

/* ---- the fast regex subset (see FastRegex in filter-private.h) ---------- */

typedef guint64 Set128[2];   /* a set of ASCII bytes */

static void
set_add (Set128 set, guint c)
{
    set[c >> 6] |= G_GUINT64_CONSTANT (1) << (c & 63);
}

static gboolean
set_has (const Set128 set, guint c)
{
    return (set[c >> 6] >> (c & 63)) & 1;
}

static void
set_add_class (Set128 set, char kind)
{
    for (guint c = 1; c < 128; c++) {
        gboolean in;
        switch (g_ascii_tolower (kind)) {
        case 'd':
            in = g_ascii_isdigit (c);
            break;
        case 'w':
            in = g_ascii_isalnum (c) || c == '_';
            break;
        default:  /* 's': PCRE's white space */
            in = c == ' ' || (c >= '\t' && c <= '\r');
            break;
        }
        if (in != g_ascii_isupper (kind))   /* \D \W \S are the complements */
            set_add (set, c);
    }
}

/* Parses a class after its '[' at *pp into @set; leaves *pp after ']'.
 * Returns FALSE for what the subset lacks ([:alpha:], escapes in ranges). */
static gboolean
parse_class (const char **pp, Set128 set)
{
    const char *p = *pp;
    gboolean negate = FALSE;
    Set128 pos = { 0, 0 };

    if (*p == '^') {
        negate = TRUE;
        p++;
    }
    for (gboolean first = TRUE; first || *p != ']'; first = FALSE) {
        guint lo;
        if (*p == '\0' || (*p == '[' && p[1] == ':'))
            return FALSE;
        if (*p == '\\') {
            char e = p[1];
            if (strchr ("dwsDWS", e) != NULL && e != '\0') {
                set_add_class (pos, e);
                p += 2;
                continue;
            }
            if (e == '\0' || g_ascii_isalnum (e) || (guchar) e >= 0x80)
                return FALSE;
            lo = (guchar) e;
            p += 2;
        } else {
            lo = (guchar) *p++;
        }
        if (*p == '-' && p[1] != ']' && p[1] != '\0') {
            guint hi = (guchar) p[1];
            if (p[1] == '\\' || p[1] == '[' || hi < lo)
                return FALSE;
            for (guint c = lo; c <= hi; c++)
                set_add (pos, c);
            p += 2;
        } else {
            set_add (pos, lo);
        }
    }
    for (guint c = 'a'; c <= 'z'; c++) {   /* caseless */
        if (set_has (pos, c) || set_has (pos, c - 32)) {
            set_add (pos, c);
            set_add (pos, c - 32);
        }
    }
    for (guint c = 1; c < 128; c++) {
        if (set_has (pos, c) != negate)
            set_add (set, c);
    }
    *pp = p + 1;
    return TRUE;
}

FastRegex *
filter_fast_regex_new (const char *pattern, gboolean whole)
{
    g_autofree FastRegex *self = g_new0 (FastRegex, 1);
    const char *p = pattern;
    guint pos = 0;            /* the next free position bit */
    gboolean at_start = TRUE; /* nothing yet in this alternative */
    int last = -1;            /* position of the last atom, if quantifiable */

    for (const char *c = pattern; *c; c++) {
        if ((guchar) *c >= 0x80)
            return NULL;
    }
    self->whole = whole;
    self->start |= G_GUINT64_CONSTANT (1);
    for (;;) {
        char c = *p;
        Set128 set = { 0, 0 };

        if (c == '\0' || c == '|') {
            self->end |= G_GUINT64_CONSTANT (1) << pos;
            if (c == '\0')
                break;
            if (++pos >= 64)
                return NULL;
            self->start |= G_GUINT64_CONSTANT (1) << pos;
            at_start = TRUE;
            last = -1;
            p++;
            continue;
        }
        if (c == '^' && at_start) {
            self->start_anchored |= G_GUINT64_CONSTANT (1) << pos;
            at_start = FALSE;
            p++;
            continue;
        }
        if (c == '$' && (p[1] == '\0' || p[1] == '|')) {
            self->end_anchored |= G_GUINT64_CONSTANT (1) << pos;
            last = -1;
            p++;
            continue;
        }
        if (c == '*' || c == '+' || c == '?') {
            if (last < 0)
                return NULL;
            guint64 bit = G_GUINT64_CONSTANT (1) << last;
            if (c != '?')
                self->loop |= bit;
            if (c != '+')
                self->skip |= bit;
            p++;
            if (*p == '?')
                p++;          /* lazy: the same for "does it match" */
            else if (*p == '+' || *p == '*')
                return NULL;  /* possessive or a repeated quantifier */
            last = -1;
            continue;
        }
        if (strchr ("()[]{}^$", c) != NULL && c != '[')
            return NULL;

        if (c == '.') {
            for (guint b = 1; b < 128; b++)
                if (b != '\n')
                    set_add (set, b);
            p++;
        } else if (c == '[') {
            p++;
            if (!parse_class (&p, set))
                return NULL;
        } else if (c == '\\') {
            char e = p[1];
            if (e != '\0' && strchr ("dwsDWS", e) != NULL)
                set_add_class (set, e);
            else if (e == '\0' || g_ascii_isalnum (e))
                return NULL;  /* \b, \A, \Q, \x... */
            else
                set_add (set, (guchar) e);
            p += 2;
        } else {
            set_add (set, (guchar) c);
            if (g_ascii_isalpha (c))
                set_add (set, (guchar) (c ^ 0x20));
            p++;
        }
        if (pos + 1 >= 64)
            return NULL;
        for (guint b = 1; b < 128; b++) {
            if (set_has (set, b))
                self->accepts[b] |= G_GUINT64_CONSTANT (1) << pos;
        }
        last = (int) pos++;
        at_start = FALSE;
    }
    return g_steal_pointer (&self);
}

/* Adds the positions reachable by skipping optional atoms. */
static inline guint64
fast_closure (const FastRegex *self, guint64 set)
{
    for (;;) {
        guint64 next = set | ((set & self->skip) << 1);
        if (next == set)
            return set;
        set = next;
    }
}

int
filter_fast_regex_match (const FastRegex *self, const char *text)
{
    guint64 restart = self->whole ? 0 : fast_closure (self, self->start & ~self->start_anchored);
    guint64 anywhere = self->whole ? 0 : self->end & ~self->end_anchored;
    guint64 state = fast_closure (self, self->start);

    if (state & anywhere)
        return 1;
    for (const guchar *t = (const guchar *) text; *t; t++) {
        if (*t >= 0x80 || (*t < 0x20 && *t != '\t'))
            return -1;   /* Unicode folding, or newline rules for '.' and '$' */
        guint64 moved = state & self->accepts[*t];
        state = fast_closure (self, (moved << 1) | (moved & self->loop)) | restart;
        if (state & anywhere)
            return 1;
        if (state == 0)
            return 0;   /* an ASCII prefix no alternative can continue */
    }
    return (state & self->end) != 0;
}

/* ---- text matching ------------------------------------------------------ */

/* g_ascii_tolower() is a function call; this runs once per byte per row. */
static inline char
lower (char c)
{
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

/* True if @s, case-folded, is in @set.  ASCII text is folded on the
 * stack; only longer or non-ASCII text allocates. */
static gboolean
literal_set_contains (GHashTable *set, const char *s)
{
    char buf[256];
    gsize i = 0;

    for (; s[i] != '\0' && i < sizeof buf - 1; i++) {
        if ((guchar) s[i] >= 0x80)
            break;
        buf[i] = lower (s[i]);
    }
    if (s[i] == '\0') {
        buf[i] = '\0';
        return g_hash_table_contains (set, buf);
    }
    g_autofree char *folded = g_utf8_casefold (s, -1);
    return g_hash_table_contains (set, folded);
}

/* True if @s matches the pattern of @pred (= and != whole, ~ and !~
 * anywhere). */
static gboolean
pred_text_matches (const Pred *pred, const char *s)
{
    if (s == NULL)
        s = "";
    if (pred->literals != NULL)
        return literal_set_contains (pred->literals, s);
    if (pred->fast != NULL) {
        int r = filter_fast_regex_match (pred->fast, s);
        if (r >= 0)
            return r;
    }
    return g_regex_match (pred->regex, s, 0, NULL);
}

static gboolean
search_matches (const TextSearch *search, const char *s)
{
    if (s == NULL)
        s = "";
    if (search->fast != NULL) {
        int r = filter_fast_regex_match (search->fast, s);
        if (r >= 0)
            return r;
    }
    return g_regex_match (search->regex, s, 0, NULL);
}

/* Case-insensitive equality of two UTF-8 strings. */
static gboolean
text_equal (const char *a, const char *b)
{
    const char *x = a;
    const char *y = b;
    for (; *x && *y; x++, y++) {
        if ((guchar) *x >= 0x80 || (guchar) *y >= 0x80) {
            g_autofree char *fa = g_utf8_casefold (a, -1);
            g_autofree char *fb = g_utf8_casefold (b, -1);
            return strcmp (fa, fb) == 0;
        }
        if (lower (*x) != lower (*y))
            return FALSE;
    }
    return *x == *y;
}

/* The text of a string or reference cell, or NULL. */
static const char *
cell_text (const VinvCell *cell)
{
    if (cell->kind == VINV_CELL_STRING)
        return cell->v.s;
    if (cell->kind == VINV_CELL_REF)
        return cell->v.ref->text != NULL ? cell->v.ref->text : "";
    return NULL;
}

/* ---- comparisons -------------------------------------------------------- */

/* Whether @op holds between two values that compare as @cmp (<0, 0, >0)
 * and are @equal or not. */
static gboolean
order_holds (FilterOp op, int cmp, gboolean equal)
{
    switch (op) {
    case OP_EQ:
        return equal;
    case OP_NE:
        return !equal;
    case OP_LT:
        return !equal && cmp < 0;
    case OP_LE:
        return equal || cmp < 0;
    case OP_GT:
        return !equal && cmp > 0;
    case OP_GE:
        return equal || cmp > 0;
    case OP_MATCH:
    case OP_NMATCH:
    default:
        return FALSE;
    }
}

/* Numbers are equal when they differ by less than a billionth: quantities
 * converted from "2.5GB" must equal the bytes a back-end stored. */
static gboolean
numbers_hold (FilterOp op, double a, double b)
{
    gboolean equal = a == b || fabs (a - b) <= 1e-9 * MAX (fabs (a), fabs (b));
    return order_holds (op, a < b ? -1 : (a > b ? 1 : 0), equal);
}

static gboolean
texts_hold (FilterOp op, const char *a, const char *b)
{
    gboolean equal = text_equal (a, b);
    return order_holds (op, equal ? 0 : vinv_strnatcasecmp (a, b), equal);
}

static gboolean
cell_number (const VinvCell *cell, double *out)
{
    switch (cell->kind) {
    case VINV_CELL_INT:
        *out = (double) cell->v.i;
        return TRUE;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        *out = cell->v.d;
        return TRUE;
    case VINV_CELL_LIST:
        *out = cell->v.list->n;
        return TRUE;
    default:
        return FALSE;
    }
}

static gboolean
is_negated (FilterOp op)
{
    return op == OP_NE || op == OP_NMATCH;
}

/* The positive form of a negated operator (= for !=, ~ for !~). */
static FilterOp
positive_op (FilterOp op)
{
    return op == OP_NE ? OP_EQ : (op == OP_NMATCH ? OP_MATCH : op);
}

static gboolean
eval_pair (const Pred *pred, const Context *ctx)
{
    const VinvCell *a = &ctx->cells[pred->col];
    const VinvCell *b = &ctx->cells[pred->col2];
    FilterOp op = positive_op (pred->op);
    gboolean positive = FALSE;

    if (a->kind == VINV_CELL_NULL || b->kind == VINV_CELL_NULL)
        return is_negated (pred->op);

    switch (pred->pair) {
    case PAIR_NUMBERS: {
        double x = 0;
        double y = 0;
        if (!cell_number (a, &x) || !cell_number (b, &y))
            return is_negated (pred->op);
        positive = numbers_hold (op, x, y);
        break;
    }
    case PAIR_TIMES:
        positive = order_holds (op, a->v.i < b->v.i ? -1 : (a->v.i > b->v.i ? 1 : 0),
                                a->v.i == b->v.i);
        break;
    case PAIR_BOOLS:
        positive = (a->v.b != 0) == (b->v.b != 0);
        break;
    case PAIR_TEXTS:
    default: {
        const char *ta = cell_text (a);
        const char *tb = cell_text (b);
        if (ta == NULL || tb == NULL)
            return is_negated (pred->op);
        positive = texts_hold (op, ta, tb);
        break;
    }
    }
    return positive != is_negated (pred->op);
}

static gboolean
eval_time (const Pred *pred, gint64 t)
{
    switch (pred->op) {
    case OP_EQ:
        return t >= pred->t_lo && t < pred->t_hi;
    case OP_NE:
        return !(t >= pred->t_lo && t < pred->t_hi);
    case OP_LT:
        return t < pred->t_lo;
    case OP_LE:
        return t < pred->t_hi;
    case OP_GT:
        return t >= pred->t_hi;
    case OP_GE:
        return t >= pred->t_lo;
    case OP_MATCH:
    case OP_NMATCH:
    default:
        return FALSE;
    }
}

static gboolean
is_empty (const VinvCell *cell)
{
    switch (cell->kind) {
    case VINV_CELL_NULL:
        return TRUE;
    case VINV_CELL_STRING:
        return cell->v.s == NULL || cell->v.s[0] == '\0';
    case VINV_CELL_REF:
        return cell->v.ref->text == NULL || cell->v.ref->text[0] == '\0';
    case VINV_CELL_LIST:
        return cell->v.list->n == 0;
    default:
        return FALSE;
    }
}

static gboolean
eval_pred (const Pred *pred, const Context *ctx, gboolean report)
{
    const VinvCell *cell = &ctx->cells[pred->col];
    gboolean negated = is_negated (pred->op);
    gboolean positive = FALSE;

    switch (pred->test) {
    case TEST_REGEX:
        if (cell->kind == VINV_CELL_LIST) {
            const VinvList *list = cell->v.list;
            for (guint i = 0; i < list->n; i++) {
                if (pred_text_matches (pred, list->items[i].text)) {
                    positive = TRUE;
                    if (report && !negated && ctx->item_func != NULL)
                        ctx->item_func (pred->col, i, ctx->user_data);
                    break;
                }
            }
        } else if (cell->kind != VINV_CELL_NULL) {
            positive = pred_text_matches (pred, cell_text (cell));
        }
        return positive != negated;

    case TEST_TEXT_ORDER: {
        const char *s = cell_text (cell);
        return s != NULL && texts_hold (pred->op, s, pred->text);
    }

    case TEST_NUMBER:
    case TEST_COUNT: {
        double x;
        if (cell->kind == VINV_CELL_NULL || !cell_number (cell, &x))
            return negated;
        return numbers_hold (pred->op, x, pred->number);
    }

    case TEST_BOOL:
        if (cell->kind != VINV_CELL_BOOL)
            return negated;
        positive = (cell->v.b != 0) == (pred->boolean != 0);
        return positive != negated;

    case TEST_TIME:
        if (cell->kind != VINV_CELL_TIME)
            return negated;
        return eval_time (pred, cell->v.i);

    case TEST_DISPLAY:
        if (cell->kind != VINV_CELL_NULL) {
            g_string_truncate (ctx->scratch, 0);
            vinv_cell_append_text (ctx->scratch, &ctx->schema->columns[pred->col], cell, 0);
            positive = pred_text_matches (pred, ctx->scratch->str);
        }
        return positive != negated;

    case TEST_EMPTY:
        return is_empty (cell) == (pred->op == OP_EQ);

    case TEST_COLUMN:
        return eval_pair (pred, ctx);

    default:
        g_assert_not_reached ();
    }
}

static gboolean
eval_text (const TextSearch *search, const Context *ctx, gboolean report)
{
    for (guint c = 0; c < ctx->schema->n_columns; c++) {
        const VinvCell *cell = &ctx->cells[c];

        if ((ctx->visible != NULL && !ctx->visible[c]) || search->skip[c])
            continue;
        switch (cell->kind) {
        case VINV_CELL_NULL:
            break;
        case VINV_CELL_STRING:
        case VINV_CELL_REF:
            if (search_matches (search, cell_text (cell)))
                return TRUE;
            break;
        case VINV_CELL_LIST:
            for (guint i = 0; i < cell->v.list->n; i++) {
                if (search_matches (search, cell->v.list->items[i].text)) {
                    if (report && ctx->item_func != NULL)
                        ctx->item_func (c, i, ctx->user_data);
                    return TRUE;
                }
            }
            break;
        default:
            g_string_truncate (ctx->scratch, 0);
            vinv_cell_append_text (ctx->scratch, &ctx->schema->columns[c], cell, 0);
            if (search_matches (search, ctx->scratch->str))
                return TRUE;
            break;
        }
    }
    return FALSE;
}

/* ---- related-table predicates ------------------------------------------ */

/* Whether linked row @row (VINV_NO_ROW: none) satisfies @rel's inner
 * predicate; a row that cannot be found counts as a row without values. */
static inline gboolean
linked_row_matches (const Related *rel, guint32 row)
{
    return row < rel->n_matches ? rel->matches[row] : rel->on_null;
}

static gboolean
eval_related (const Related *rel, const Context *ctx, gboolean report)
{
    const VinvCell *cell = &ctx->cells[rel->link];
    const VinvItem *items = NULL;
    guint n = 0;

    if (cell->kind == VINV_CELL_REF) {
        items = cell->v.ref;
        n = 1;
    } else if (cell->kind == VINV_CELL_LIST) {
        items = cell->v.list->items;
        n = cell->v.list->n;
    }
    /* the rows of the items: resolved for the prepared table, otherwise
     * looked up one by one */
    const guint32 *rows = NULL;
    if (rel->links != NULL && ctx->table == ctx->filter->prepared
        && ctx->row < rel->links->n_rows
        && rel->links->offsets[ctx->row + 1] - rel->links->offsets[ctx->row] == n)
        rows = &rel->links->rows[rel->links->offsets[ctx->row]];
    for (guint i = 0; i < n; i++) {
        guint32 row = VINV_NO_ROW;
        if (rows != NULL) {
            row = rows[i];
        } else if (rel->table != NULL && items[i].id != NULL) {
            int found = vinv_table_find_row (rel->table, ctx->cells[VINV_COLUMN_SOURCE].v.s,
                                             items[i].id);
            row = found >= 0 ? (guint32) found : VINV_NO_ROW;
        }
        gboolean holds = linked_row_matches (rel, row);
        if (rel->every && !holds)
            return FALSE;
        if (!rel->every && holds) {
            if (report && rel->report && ctx->item_func != NULL)
                ctx->item_func (rel->link, i, ctx->user_data);
            return TRUE;
        }
    }
    return rel->every;
}

void
filter_related_init (Related *rel)
{
    g_autofree VinvCell *nulls = g_new0 (VinvCell, rel->target->n_columns);
    g_autoptr (GString) scratch = g_string_new (NULL);
    Context ctx = { .schema = rel->target, .cells = nulls, .scratch = scratch };

    G_STATIC_ASSERT (VINV_CELL_NULL == 0);
    rel->on_null = eval_pred (rel->inner, &ctx, FALSE);
}

/* Evaluates @node.  @report is FALSE under 'not', where a matched list
 * item must not be shown first. */
static gboolean
eval_node (const Node *node, const Context *ctx, gboolean report)
{
    switch (node->kind) {
    case NODE_AND:
        for (guint i = 0; i < node->children->len; i++) {
            if (!eval_node (g_ptr_array_index (node->children, i), ctx, report))
                return FALSE;
        }
        return TRUE;
    case NODE_OR:
        for (guint i = 0; i < node->children->len; i++) {
            if (eval_node (g_ptr_array_index (node->children, i), ctx, report))
                return TRUE;
        }
        return FALSE;
    case NODE_NOT:
        return !eval_node (g_ptr_array_index (node->children, 0), ctx, FALSE);
    case NODE_PRED:
        return eval_pred (node->pred, ctx, report);
    case NODE_TEXT:
        return eval_text (node->search, ctx, report);
    case NODE_RELATED:
        return eval_related (node->related, ctx, report);
    default:
        g_assert_not_reached ();
    }
}

gboolean
vinv_filter_match (const VinvFilter *self, const VinvTable *table, guint row,
                   const gboolean *visible,
                   VinvFilterItemFunc item_func, gpointer user_data)
{
    g_return_val_if_fail (self != NULL, FALSE);
    g_return_val_if_fail (table != NULL, FALSE);
    g_return_val_if_fail (vinv_table_get_schema (table)->n_columns == self->schema->n_columns,
                          FALSE);

    if (self->root == NULL)
        return TRUE;
    Context ctx = {
        .filter = self,
        .schema = self->schema,
        .table = table,
        .row = row,
        .cells = vinv_table_get_row (table, row),
        .visible = visible,
        .item_func = item_func,
        .user_data = user_data,
        .scratch = self->scratch,
    };
    g_return_val_if_fail (ctx.cells != NULL, FALSE);
    return eval_node (self->root, &ctx, TRUE);
}

static void
release_linked (VinvFilter *self)
{
    for (guint i = 0; self->related != NULL && i < self->related->len; i++) {
        Related *rel = g_ptr_array_index (self->related, i);
        g_clear_pointer (&rel->matches, g_free);
        rel->n_matches = 0;
        g_clear_pointer (&rel->links, vinv_links_unref);
        g_clear_pointer (&rel->table, vinv_table_unref);
    }
    g_clear_pointer (&self->prepared, vinv_table_unref);
}

/* Answering a related predicate on every row of a large linked table is
 * bound by cache misses (each row's cells are an allocation of their own,
 * each text a string elsewhere), so the rows AHEAD rows on are fetched
 * while a row is answered: the cells @pred reads (@pointee FALSE), or what
 * those cells point at (TRUE, once the cells are in). */
#define AHEAD 16

static inline void
prefetch_pred (const Pred *pred, const VinvCell *cells, gboolean pointee)
{
    guint cols[2] = { pred->col, pred->test == TEST_COLUMN ? pred->col2 : pred->col };

    for (guint i = 0; i < (cols[1] != cols[0] ? 2u : 1u); i++) {
        const VinvCell *cell = &cells[cols[i]];
        if (!pointee)
            __builtin_prefetch (cell);
        else if (cell->kind == VINV_CELL_STRING || cell->kind == VINV_CELL_REF
                 || cell->kind == VINV_CELL_LIST)
            __builtin_prefetch (cell->v.s);
    }
}

void
vinv_filter_prepare (VinvFilter *self, VinvTable *table, VinvTable *const *tables)
{
    g_return_if_fail (self != NULL);

    if (self->related->len == 0)
        return;
    release_linked (self);
    if (table != NULL && vinv_table_get_schema (table) == self->schema)
        self->prepared = vinv_table_ref (table);
    for (guint i = 0; i < self->related->len; i++) {
        Related *rel = g_ptr_array_index (self->related, i);
        VinvTable *target = tables != NULL ? tables[rel->target_kind] : NULL;

        if (target == NULL || vinv_table_get_schema (target) != rel->target)
            continue;
        /* the same inner predicate twice (`vms.x = 1 or all vms.x = 1`)
         * could share its answers; rare enough to answer twice */
        guint n_rows = vinv_table_get_n_rows (target);
        Context ctx = {
            .filter = self,
            .schema = rel->target,
            .table = target,
            .scratch = self->scratch,
        };
        rel->table = vinv_table_ref (target);
        rel->matches = g_new (guint8, MAX (n_rows, 1));
        rel->n_matches = n_rows;
        for (guint r = 0; r < n_rows; r++) {
            /* each row is an allocation of its own: fetch ahead */
            if (r + 2 * AHEAD < n_rows)
                prefetch_pred (rel->inner, vinv_table_get_row (target, r + 2 * AHEAD), FALSE);
            if (r + AHEAD < n_rows)
                prefetch_pred (rel->inner, vinv_table_get_row (target, r + AHEAD), TRUE);
            ctx.row = r;
            ctx.cells = vinv_table_get_row (target, r);
            rel->matches[r] = eval_pred (rel->inner, &ctx, FALSE);
        }
        if (self->prepared != NULL)
            rel->links = vinv_table_ref_links (self->prepared, rel->link, target);
    }
}

gboolean
vinv_filter_has_related (const VinvFilter *self)
{
    g_return_val_if_fail (self != NULL, FALSE);
    return self->related->len > 0;
}

static void
pred_columns (const Pred *pred, const VinvSchema *schema, VinvFilterColumnFunc func,
              gpointer user_data)
{
    func (schema, pred->col, user_data);
    if (pred->test == TEST_COLUMN)
        func (schema, pred->col2, user_data);
}

static void
node_columns (const Node *node, const VinvSchema *schema, VinvFilterColumnFunc func,
              gpointer user_data)
{
    switch (node->kind) {
    case NODE_AND:
    case NODE_OR:
    case NODE_NOT:
        for (guint i = 0; i < node->children->len; i++)
            node_columns (g_ptr_array_index (node->children, i), schema, func, user_data);
        break;
    case NODE_PRED:
        pred_columns (node->pred, schema, func, user_data);
        break;
    case NODE_RELATED:
        func (schema, node->related->link, user_data);
        pred_columns (node->related->inner, node->related->target, func, user_data);
        break;
    case NODE_TEXT:
    default:
        break;
    }
}

void
vinv_filter_foreach_column (const VinvFilter *self, VinvFilterColumnFunc func,
                            gpointer user_data)
{
    g_return_if_fail (self != NULL && func != NULL);
    if (self->root != NULL)
        node_columns (self->root, self->schema, func, user_data);
}

const char *
vinv_filter_get_text (const VinvFilter *self)
{
    g_return_val_if_fail (self != NULL, NULL);
    return self->text;
}

/* ---- freeing ------------------------------------------------------------ */

void
filter_pred_free (Pred *pred)
{
    if (pred == NULL)
        return;
    g_clear_pointer (&pred->regex, g_regex_unref);
    g_clear_pointer (&pred->literals, g_hash_table_unref);
    g_free (pred->fast);
    g_free (pred->text);
    g_free (pred);
}

void
filter_node_free (Node *node)
{
    if (node == NULL)
        return;
    g_clear_pointer (&node->children, g_ptr_array_unref);
    filter_pred_free (node->pred);
    if (node->related != NULL) {
        filter_pred_free (node->related->inner);
        g_free (node->related->matches);
        g_clear_pointer (&node->related->links, vinv_links_unref);
        g_clear_pointer (&node->related->table, vinv_table_unref);
        g_free (node->related);
    }
    if (node->search != NULL) {
        g_clear_pointer (&node->search->regex, g_regex_unref);
        g_free (node->search->fast);
        g_free (node->search->skip);
        g_free (node->search);
    }
    g_free (node);
}

void
vinv_filter_free (VinvFilter *self)
{
    if (self == NULL)
        return;
    release_linked (self);
    filter_node_free (self->root);
    g_clear_pointer (&self->related, g_ptr_array_unref);
    if (self->scratch != NULL)
        g_string_free (self->scratch, TRUE);
    g_free (self->text);
    g_free (self);
}
