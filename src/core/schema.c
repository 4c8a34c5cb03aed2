/* schema.c — name matching for tables and columns, and "did you mean"
 * suggestions.  Users type "max memory", "Max-Memory" or "max_memory"; all
 * name the column whose id is max_memory and whose title is "Max memory".
 */
#include "schema.h"

#include <string.h>

/* Folds one byte of a name: lower-case, and ' ' '-' '_' all to '_'. */
static inline char
fold (char c)
{
    if (c == ' ' || c == '-')
        return '_';
    return g_ascii_tolower (c);
}

gboolean
vinv_name_equal_len (const char *a, gsize a_len, const char *b)
{
    gsize i = 0;
    for (; i < a_len && b[i] != '\0'; i++) {
        if (fold (a[i]) != fold (b[i]))
            return FALSE;
    }
    return i == a_len && b[i] == '\0';
}

gboolean
vinv_name_equal (const char *a, const char *b)
{
    return vinv_name_equal_len (a, strlen (a), b);
}

int
vinv_schema_lookup_column_len (const VinvSchema *schema, const char *name, gsize len)
{
    for (guint i = 0; i < schema->n_columns; i++) {
        const VinvColumn *c = &schema->columns[i];
        if (vinv_name_equal_len (name, len, c->title) || vinv_name_equal_len (name, len, c->id))
            return (int) i;
    }
    return -1;
}

int
vinv_schema_lookup_column (const VinvSchema *schema, const char *name)
{
    return vinv_schema_lookup_column_len (schema, name, strlen (name));
}

guint
vinv_edit_distance (const char *a, const char *b)
{
    gsize la = strlen (a);
    gsize lb = strlen (b);
    g_autofree guint *prev = g_new (guint, lb + 1);
    g_autofree guint *cur = g_new (guint, lb + 1);

    for (gsize j = 0; j <= lb; j++)
        prev[j] = j;
    for (gsize i = 1; i <= la; i++) {
        cur[0] = i;
        for (gsize j = 1; j <= lb; j++) {
            guint cost = fold (a[i - 1]) == fold (b[j - 1]) ? 0 : 1;
            guint best = prev[j - 1] + cost;
            best = MIN (best, prev[j] + 1);
            best = MIN (best, cur[j - 1] + 1);
            cur[j] = best;
        }
        guint *tmp = prev;
        prev = cur;
        cur = tmp;
    }
    return prev[lb];
}

typedef struct {
    guint distance;
    const char *title;
} Candidate;

static int
candidate_cmp (gconstpointer a, gconstpointer b)
{
    const Candidate *x = a;
    const Candidate *y = b;
    if (x->distance != y->distance)
        return x->distance < y->distance ? -1 : 1;
    return strcmp (x->title, y->title);
}

/* A column is "close" when its title or id is within a third of the
 * typed name's length in edits (at least 1, at most 3), or when one name
 * starts with the other ("mem" -> "Memory"). */
char *
vinv_schema_dup_nearest_columns (const VinvSchema *schema, const char *name, guint max)
{
    g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (Candidate));
    gsize len = strlen (name);

    for (guint i = 0; i < schema->n_columns; i++) {
        const VinvColumn *c = &schema->columns[i];
        guint d = MIN (vinv_edit_distance (name, c->title), vinv_edit_distance (name, c->id));
        guint limit = CLAMP (len / 3, 1, 3);
        gboolean prefix = len >= 2 && (g_ascii_strncasecmp (c->title, name, len) == 0
                                       || g_ascii_strncasecmp (c->id, name, len) == 0);
        if (d <= limit || prefix) {
            Candidate cand = { prefix && d > limit ? limit : d, c->title };
            g_array_append_val (found, cand);
        }
    }
    if (found->len == 0)
        return NULL;
    g_array_sort (found, candidate_cmp);
    GString *out = g_string_new (NULL);
    for (guint i = 0; i < found->len && i < max; i++) {
        if (i > 0)
            g_string_append (out, ", ");
        g_string_append_printf (out, "'%s'", g_array_index (found, Candidate, i).title);
    }
    return g_string_free (out, FALSE);
}
