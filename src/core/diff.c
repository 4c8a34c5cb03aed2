/* diff.c — comparing two tables by entity id (see diff.h).
 */
#include "diff.h"

#include <math.h>
#include <string.h>
#include "tables.h"

static const VinvColumn diff_columns[] = {
    [VINV_DIFF_COL_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_SOURCE, "Connection the entity comes from" },
    [VINV_DIFF_COL_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_ROW_ID | VINV_COL_DEFAULT, "Id of the entity" },
    [VINV_DIFF_COL_TABLE] = { "table", "Table", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "Table of the entity" },
    [VINV_DIFF_COL_CHANGE] = { "change", "Change", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "added, removed or changed" },
    [VINV_DIFF_COL_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "Name of the entity" },
    [VINV_DIFF_COL_COLUMN] = { "column", "Column", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "Column that changed" },
    [VINV_DIFF_COL_OLD] = { "old", "Old", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "Value before" },
    [VINV_DIFF_COL_NEW] = { "new", "New", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "Value after" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (diff_columns) == VINV_DIFF_N_COLUMNS);

static const VinvSchema diff_schema = {
    .id = "changes", .title = "Changes", .columns = diff_columns, .n_columns = VINV_DIFF_N_COLUMNS,
};

const VinvSchema *
vinv_diff_get_schema (void)
{
    return &diff_schema;
}

static gboolean
item_equal (const VinvItem *a, const VinvItem *b)
{
    return g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->id, b->id) == 0;
}

static gboolean
double_equal (double a, double b)
{
    return a == b || (isnan (a) && isnan (b));
}

gboolean
vinv_cell_equal (const VinvCell *a, const VinvCell *b)
{
    if (a->kind != b->kind)
        return FALSE;
    switch (a->kind) {
    case VINV_CELL_NULL:
        return TRUE;
    case VINV_CELL_BOOL:
        return !a->v.b == !b->v.b;
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        return a->v.i == b->v.i;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        return double_equal (a->v.d, b->v.d);
    case VINV_CELL_STRING:
        return strcmp (a->v.s, b->v.s) == 0;
    case VINV_CELL_REF:
        return item_equal (a->v.ref, b->v.ref);
    case VINV_CELL_LIST:
        if (a->v.list->n != b->v.list->n)
            return FALSE;
        for (guint i = 0; i < a->v.list->n; i++) {
            if (!item_equal (&a->v.list->items[i], &b->v.list->items[i]))
                return FALSE;
        }
        return TRUE;
    default:
        return FALSE;
    }
}

char *
vinv_diff_dup_value_text (const VinvColumn *column, const VinvCell *cell)
{
    if (cell->kind == VINV_CELL_NULL)
        return NULL;
    if (cell->kind != VINV_CELL_LIST)
        return vinv_cell_dup_text (column, cell, 0);

    GString *out = g_string_new (NULL);
    for (guint i = 0; i < cell->v.list->n; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", cell->v.list->items[i].text);
    return g_string_free (out, FALSE);
}

void
vinv_diff_default_columns (const VinvSchema *schema, gboolean statistics, gboolean *mask)
{
    for (guint c = 0; c < schema->n_columns; c++) {
        mask[c] = c != VINV_COLUMN_SOURCE && c != VINV_COLUMN_ID
               && (statistics || !vinv_column_is_statistic (schema, c));
    }
}

/* The entity's name: its "name" column, if it has one and a value. */
static const char *
row_name (const VinvTable *table, guint row)
{
    int col = vinv_schema_lookup_column (vinv_table_get_schema (table), "name");
    const VinvCell *cell;

    if (col < 0)
        return NULL;
    cell = vinv_table_get_cell (table, row, (guint) col);
    return cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
}

static guint
add_change (VinvTable *out, const VinvTable *table, guint row, const char *change)
{
    guint r = vinv_table_add_row (out, vinv_table_get_row_source (table, row),
                                  vinv_table_get_row_id (table, row));
    vinv_table_set_string (out, r, VINV_DIFF_COL_TABLE, vinv_table_get_schema (table)->id);
    vinv_table_set_string (out, r, VINV_DIFF_COL_CHANGE, change);
    vinv_table_set_string (out, r, VINV_DIFF_COL_NAME, row_name (table, row));
    return r;
}

/* Appends one "changed" row per differing column of @a's row @ra and
 * @b's row @rb.  Returns whether any differed. */
static gboolean
compare_rows (const VinvTable *a, guint ra, const VinvTable *b, guint rb, const gboolean *mask,
              VinvTable *out)
{
    const VinvSchema *schema = vinv_table_get_schema (a);
    const VinvCell *ca = vinv_table_get_row (a, ra);
    const VinvCell *cb = vinv_table_get_row (b, rb);
    gboolean any = FALSE;

    for (guint c = 0; c < schema->n_columns; c++) {
        if (!mask[c] || vinv_cell_equal (&ca[c], &cb[c]))
            continue;
        const VinvColumn *column = &schema->columns[c];
        g_autofree char *old_text = vinv_diff_dup_value_text (column, &ca[c]);
        g_autofree char *new_text = vinv_diff_dup_value_text (column, &cb[c]);
        guint r = add_change (out, b, rb, "changed");
        vinv_table_set_string (out, r, VINV_DIFF_COL_COLUMN, column->id);
        vinv_table_set_string (out, r, VINV_DIFF_COL_OLD, old_text);
        vinv_table_set_string (out, r, VINV_DIFF_COL_NEW, new_text);
        any = TRUE;
    }
    return any;
}

void
vinv_diff_views (VinvView *older, VinvView *newer, const gboolean *mask, VinvTable *out,
                 VinvDiffCounts *counts)
{
    VinvTable *a = vinv_view_get_table (older);
    VinvTable *b = vinv_view_get_table (newer);
    guint n_b = vinv_table_get_n_rows (b);
    g_autofree gboolean *done = g_new0 (gboolean, n_b);   /* rows of @b compared */

    g_return_if_fail (vinv_table_get_schema (a) == vinv_table_get_schema (b));

    for (guint i = 0; i < vinv_view_get_n_rows (older); i++) {
        guint ra = vinv_view_get_row (older, i);
        int rb = vinv_table_find_row (b, vinv_table_get_row_source (a, ra),
                                      vinv_table_get_row_id (a, ra));
        if (rb < 0) {
            add_change (out, a, ra, "removed");
            counts->removed++;
            continue;
        }
        done[rb] = TRUE;
        if (compare_rows (a, ra, b, (guint) rb, mask, out))
            counts->changed++;
    }
    for (guint i = 0; i < vinv_view_get_n_rows (newer); i++) {
        guint rb = vinv_view_get_row (newer, i);
        if (done[rb])
            continue;
        done[rb] = TRUE;
        int ra = vinv_table_find_row (a, vinv_table_get_row_source (b, rb),
                                      vinv_table_get_row_id (b, rb));
        if (ra < 0) {
            add_change (out, b, rb, "added");
            counts->added++;
        } else if (compare_rows (a, (guint) ra, b, rb, mask, out)) {
            counts->changed++;
        }
    }
}
