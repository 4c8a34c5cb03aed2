/* filter-subject.c — what the words before an operator name (part of the
 * second step, see filter-private.h): a column of the table, or a
 * related-table subject LINK.COLUMN, maybe after `all`, and the errors
 * with a hint when they name neither ("did you mean 'Memory'?", "table
 * Hosts has no column 'stauts'").  A column name may be several words
 * ("max memory"); of the words before an operator, the longest run ending
 * at the operator that names something wins, and the words before it are
 * free text.
 */
#include "filter-private.h"

#include <string.h>

/* Words [from, n) of @words joined by single spaces. */
char *
filter_join_words (const Parser *p, const Span *words, guint from, guint n)
{
    GString *s = g_string_new (NULL);
    for (guint i = from; i < n; i++) {
        if (s->len > 0)
            g_string_append_c (s, ' ');
        g_string_append_len (s, p->lx.text + words[i].start, words[i].end - words[i].start);
    }
    return g_string_free (s, FALSE);
}

/* The column named by the longest suffix of @words: returns its index and
 * stores in *from the first word of that suffix, or returns -1. */
static int
find_column (const Parser *p, const Span *words, guint n, guint *from)
{
    for (guint i = 0; i < n; i++) {
        g_autofree char *name = filter_join_words (p, words, i, n);
        int col = vinv_schema_lookup_column (p->schema, name);
        if (col >= 0) {
            *from = i;
            return col;
        }
    }
    return -1;
}

/* The error for words [0, n) that stand before an operator but name no
 * column. */
static void
unknown_column (Parser *p, const Span *words, guint n)
{
    /* Report the longest trailing run of words something is close to:
     * "max memry" -> 'Max memory', "web memry" -> 'memry' -> 'Memory'. */
    for (guint i = 0; i < n; i++) {
        g_autofree char *name = filter_join_words (p, words, i, n);
        g_autofree char *near = vinv_schema_dup_nearest_columns (p->schema, name, 3);
        if (near != NULL) {
            g_autofree char *message = g_strdup_printf ("unknown column '%s'", name);
            g_autofree char *hint = g_strdup_printf ("did you mean %s?", near);
            filter_parser_fail (p, words[i].start, hint, message);
            return;
        }
    }
    g_autofree char *name = filter_join_words (p, words, 0, n);
    g_autofree char *message = g_strdup_printf ("unknown column '%s'", name);
    filter_parser_fail (p, words[0].start, NULL, message);
}

/* ---- related-table predicates ------------------------------------------- */

void
filter_subject_clear (Subject *s)
{
    g_clear_pointer (&s->name, g_free);
}

static gboolean
is_link_column (const VinvColumn *column)
{
    return column->target != NULL
           && (column->kind == VINV_CELL_REF || column->kind == VINV_CELL_LIST)
           && vinv_schema_lookup (column->target) != NULL;
}

/* The titles of @schema's link columns, "'Cluster', 'Host', ...". */
static char *
dup_link_columns (const VinvSchema *schema)
{
    GString *out = g_string_new (NULL);
    for (guint c = 0; c < schema->n_columns; c++) {
        if (is_link_column (&schema->columns[c]))
            g_string_append_printf (out, "%s'%s'", out->len > 0 ? ", " : "",
                                    schema->columns[c].title);
    }
    return g_string_free (out, FALSE);
}

/* Up to 3 link columns of @schema whose name is close to @name, as
 * vinv_schema_dup_nearest_columns() spells them, or NULL. */
static char *
dup_nearest_links (const VinvSchema *schema, const char *name)
{
    GString *out = g_string_new (NULL);
    gsize len = strlen (name);
    guint limit = CLAMP (len / 3, 1, 3);
    guint n = 0;

    for (guint d = 0; d <= limit; d++) {
        for (guint c = 0; c < schema->n_columns && n < 3; c++) {
            const VinvColumn *col = &schema->columns[c];
            if (!is_link_column (col))
                continue;
            guint dist = MIN (vinv_edit_distance (name, col->title),
                              vinv_edit_distance (name, col->id));
            if (dist == d) {
                g_string_append_printf (out, "%s'%s'", n > 0 ? ", " : "", col->title);
                n++;
            }
        }
    }
    if (n == 0) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

/* The text of words [from, k) followed by the bytes [words[k].start, end),
 * joined by single spaces. */
static char *
join_up_to (const Parser *p, const Span *words, guint from, guint k, gsize end)
{
    GString *s = g_string_new (NULL);
    for (guint i = from; i < k; i++)
        g_string_append_printf (s, "%s%.*s", s->len > 0 ? " " : "",
                                (int) (words[i].end - words[i].start),
                                p->lx.text + words[i].start);
    if (end > words[k].start)
        g_string_append_printf (s, "%s%.*s", s->len > 0 ? " " : "",
                                (int) (end - words[k].start), p->lx.text + words[k].start);
    return g_string_free (s, FALSE);
}

typedef enum {
    RELATED_NONE,     /* no LINK.COLUMN here (no dot, or nothing before it names a column) */
    RELATED_FOUND,
    RELATED_ERROR,    /* p->error is set */
} RelatedResult;

/* Reads words [0, n) as `[all] LINK.COLUMN`: the last word with a '.'
 * holds the dot; LINK is the longest run of words ending at it that names
 * a column, COLUMN everything after it up to the operator. */
static RelatedResult
find_related (Parser *p, const Span *words, guint n, Subject *s)
{
    const char *dot = NULL;
    guint k = n;

    while (k > 0 && dot == NULL) {
        k--;
        dot = memchr (p->lx.text + words[k].start, '.', words[k].end - words[k].start);
    }
    if (dot == NULL)
        return RELATED_NONE;

    gsize dot_at = dot - p->lx.text;
    for (guint j = 0; j <= k; j++) {
        g_autofree char *link = join_up_to (p, words, j, k, dot_at);
        int col = *link != '\0' ? vinv_schema_lookup_column (p->schema, link) : -1;
        if (col < 0)
            continue;

        const VinvColumn *column = &p->schema->columns[col];
        if (!is_link_column (column)) {
            g_autofree char *message = g_strdup_printf (
                "column '%s' does not link to another table", column->title);
            g_autofree char *links = dup_link_columns (p->schema);
            g_autofree char *hint = g_strdup_printf ("columns that link from %s: %s",
                                                     p->schema->title, links);
            filter_parser_fail (p, words[j].start, hint, message);
            return RELATED_ERROR;
        }
        const VinvSchema *target = vinv_schema_lookup (column->target);
        /* COLUMN: the rest of the dotted word, then the words after it */
        GString *rest_s = g_string_new_len (dot + 1, words[k].end - dot_at - 1);
        for (guint i = k + 1; i < n; i++)
            g_string_append_printf (rest_s, "%s%.*s", rest_s->len > 0 ? " " : "",
                                    (int) (words[i].end - words[i].start),
                                    p->lx.text + words[i].start);
        g_autofree char *rest = g_string_free (rest_s, FALSE);
        const char *dot2 = strchr (rest, '.');
        if (*rest == '\0') {
            g_autofree char *message = g_strdup_printf ("missing column of %s after '%s.'",
                                                        target->title, link);
            g_autofree char *hint = g_strdup_printf ("for example '%s.name'", link);
            filter_parser_fail (p, dot_at + 1, hint, message);
            return RELATED_ERROR;
        }
        if (dot2 != NULL) {
            const char *in_word = memchr (dot + 1, '.', words[k].end - dot_at - 1);
            g_autofree char *hint = g_strdup_printf ("filter the %s table itself for the "
                                                     "next link", target->title);
            filter_parser_fail (p, in_word != NULL ? (gsize) (in_word - p->lx.text) : dot_at, hint,
                  "a related-table predicate follows one link only");
            return RELATED_ERROR;
        }
        int tcol = vinv_schema_lookup_column (target, rest);
        if (tcol < 0) {
            g_autofree char *message = g_strdup_printf ("table %s has no column '%s'",
                                                        target->title, rest);
            g_autofree char *near = vinv_schema_dup_nearest_columns (target, rest, 3);
            g_autofree char *hint = near != NULL
                ? g_strdup_printf ("did you mean %s?", near)
                : g_strdup_printf ("see 'virt-inventory columns %s'", target->id);
            filter_parser_fail (p, dot_at + 1, hint, message);
            return RELATED_ERROR;
        }
        s->from = j;
        s->col = (guint) col;
        s->related = TRUE;
        s->target = target;
        s->target_col = (guint) tcol;
        s->name = g_strdup_printf ("%s.%s", link, rest);
        if (j > 0 && vinv_name_equal_len (p->lx.text + words[j - 1].start,
                                          words[j - 1].end - words[j - 1].start, "all")) {
            s->all = TRUE;
            s->from = j - 1;
        }
        return RELATED_FOUND;
    }
    return RELATED_NONE;
}

/* The error for words [0, n) that hold a '.' but name no LINK.COLUMN and
 * no column. */
static void
unknown_link (Parser *p, const Span *words, guint n)
{
    guint k = n;
    const char *dot = NULL;
    while (k > 0 && dot == NULL) {
        k--;
        dot = memchr (p->lx.text + words[k].start, '.', words[k].end - words[k].start);
    }
    g_assert (dot != NULL);
    /* as unknown_column(): the longest run before the dot something is
     * close to, else the dotted word's own head */
    for (guint j = 0; j <= k; j++) {
        g_autofree char *link = join_up_to (p, words, j, k, dot - p->lx.text);
        g_autofree char *near = *link != '\0' ? dup_nearest_links (p->schema, link) : NULL;
        if (near != NULL || j == k) {
            g_autofree char *message = g_strdup_printf ("unknown link column '%s'", link);
            g_autofree char *links = dup_link_columns (p->schema);
            g_autofree char *hint = near != NULL
                ? g_strdup_printf ("did you mean %s?", near)
                : g_strdup_printf ("columns that link from %s: %s", p->schema->title, links);
            filter_parser_fail (p, words[j].start, hint, message);
            return;
        }
    }
}

gboolean
filter_find_subject (Parser *p, const Span *words, guint n, gboolean strict, Subject *s)
{
    guint from = 0;
    int col;

    switch (find_related (p, words, n, s)) {
    case RELATED_FOUND:
        return TRUE;
    case RELATED_ERROR:
        return FALSE;
    case RELATED_NONE:
    default:
        break;
    }
    col = find_column (p, words, n, &from);
    if (col >= 0) {
        s->from = from;
        s->col = (guint) col;
        s->name = g_strdup (p->schema->columns[col].title);
        return TRUE;
    }
    if (!strict)
        return FALSE;
    for (guint i = 0; i < n; i++) {
        if (memchr (p->lx.text + words[i].start, '.', words[i].end - words[i].start) != NULL) {
            unknown_link (p, words, n);
            return FALSE;
        }
    }
    unknown_column (p, words, n);
    return FALSE;
}

