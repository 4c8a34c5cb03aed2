/* view.c — filter, sort and column flags over a table, by index only.
 *
 * State: the table (a reference), the compiled filter, the sort keys, the
 * shown columns in order, and rows[] — the indices of matching rows in
 * sort order.  firsts[col], when present, holds per table row the index of
 * the list item a filter matched in that column, so "disks = Disk2" shows
 * "Disk2 (2)".  linked[] holds a reference on every table of the
 * inventory the view was made for (and on its own table), for the
 * filter's related-table predicates.  Every setter re-establishes the
 * invariant of view.h before returning.
 */
#include "view.h"

#include <string.h>
#include <gio/gio.h>
#include "compare.h"

struct _VinvView {
    VinvTable *table;
    const VinvSchema *schema;
    VinvFilter *filter;          /* NULL: all rows */
    GArray *sort;                /* of VinvSortKey */
    GArray *columns;             /* of guint, shown columns in order */
    gboolean *visible;           /* n_columns flags, derived from columns */
    GArray *rows;                /* of guint */
    GPtrArray *firsts;           /* n_columns entries: guint32[n_rows] or NULL */
    VinvTable *linked[VINV_TABLE_LAST];  /* by kind, referenced; NULL: absent */
};

static void
sync_visible (VinvView *self)
{
    memset (self->visible, 0, self->schema->n_columns * sizeof (gboolean));
    for (guint i = 0; i < self->columns->len; i++)
        self->visible[g_array_index (self->columns, guint, i)] = TRUE;
}

VinvView *
vinv_view_new (VinvTable *table, const VinvInventory *inventory)
{
    VinvView *self = g_new0 (VinvView, 1);
    self->table = vinv_table_ref (table);
    self->schema = vinv_table_get_schema (table);
    self->sort = g_array_new (FALSE, FALSE, sizeof (VinvSortKey));
    self->columns = g_array_new (FALSE, FALSE, sizeof (guint));
    self->visible = g_new0 (gboolean, self->schema->n_columns);
    self->rows = g_array_new (FALSE, FALSE, sizeof (guint));
    self->firsts = g_ptr_array_new_full (self->schema->n_columns, g_free);
    g_ptr_array_set_size (self->firsts, self->schema->n_columns);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *t = inventory != NULL ? vinv_inventory_get_table (inventory, k) : NULL;
        if (t == NULL && vinv_schema_get (k) == self->schema)
            t = table;
        self->linked[k] = t != NULL ? vinv_table_ref (t) : NULL;
    }

    for (guint c = 0; c < self->schema->n_columns; c++) {
        gboolean show;
        if (inventory != NULL)
            show = vinv_inventory_column_default_visible (inventory, table, c);
        else
            show = (self->schema->columns[c].flags & VINV_COL_DEFAULT) != 0;
        if (show)
            g_array_append_val (self->columns, c);
    }
    sync_visible (self);
    vinv_view_refresh (self);
    return self;
}

VinvView *
vinv_view_dup_for_table (const VinvView *self, VinvTable *table)
{
    g_return_val_if_fail (vinv_table_get_schema (table) == self->schema, NULL);
    g_return_val_if_fail (vinv_table_get_n_rows (table) == vinv_table_get_n_rows (self->table),
                          NULL);

    VinvView *copy = g_new0 (VinvView, 1);
    guint n_rows = MAX (vinv_table_get_n_rows (table), 1);

    copy->table = vinv_table_ref (table);
    copy->schema = self->schema;
    copy->sort = g_array_copy (self->sort);
    copy->columns = g_array_copy (self->columns);
    copy->visible = g_memdup2 (self->visible, self->schema->n_columns * sizeof (gboolean));
    copy->rows = g_array_copy (self->rows);
    copy->firsts = g_ptr_array_new_full (self->schema->n_columns, g_free);
    g_ptr_array_set_size (copy->firsts, self->schema->n_columns);
    for (guint c = 0; c < self->firsts->len; c++) {
        if (self->firsts->pdata[c] != NULL)
            copy->firsts->pdata[c] = g_memdup2 (self->firsts->pdata[c], n_rows * sizeof (guint32));
    }
    return copy;
}

void
vinv_view_free (VinvView *self)
{
    if (self == NULL)
        return;
    vinv_table_unref (self->table);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_clear_pointer (&self->linked[k], vinv_table_unref);
    vinv_filter_free (self->filter);
    g_array_unref (self->sort);
    g_array_unref (self->columns);
    g_free (self->visible);
    g_array_unref (self->rows);
    g_ptr_array_unref (self->firsts);
    g_free (self);
}

VinvTable *
vinv_view_get_table (const VinvView *self)
{
    return self->table;
}

/* ---- filtering ---------------------------------------------------------- */

typedef struct {
    VinvView *view;
    guint row;
} MatchContext;

static void
record_first (guint col, guint item, gpointer user_data)
{
    MatchContext *ctx = user_data;
    VinvView *self = ctx->view;
    guint32 *firsts = g_ptr_array_index (self->firsts, col);
    if (firsts == NULL) {
        firsts = g_new0 (guint32, MAX (vinv_table_get_n_rows (self->table), 1));
        self->firsts->pdata[col] = firsts;
    }
    firsts[ctx->row] = item;
}

static void
apply_filter (VinvView *self)
{
    guint n = vinv_table_get_n_rows (self->table);

    for (guint c = 0; c < self->firsts->len; c++) {
        g_free (self->firsts->pdata[c]);
        self->firsts->pdata[c] = NULL;
    }
    g_array_set_size (self->rows, 0);
    if (self->filter == NULL) {
        g_array_set_size (self->rows, n);
        for (guint r = 0; r < n; r++)
            g_array_index (self->rows, guint, r) = r;
        return;
    }
    MatchContext ctx = { self, 0 };
    vinv_filter_prepare (self->filter, self->table, self->linked);
    for (guint r = 0; r < n; r++) {
        ctx.row = r;
        if (vinv_filter_match (self->filter, self->table, r, self->visible, record_first, &ctx))
            g_array_append_val (self->rows, r);
    }
}

/* ---- sorting ------------------------------------------------------------ */

/* What a sort needs per key, computed once per sort rather than in every
 * comparison: the column, its "first item" vector, and for text columns (strings, references) a natural-order
 * key per row (see vinv_natural_key_append()), so comparing two rows is a
 * memcmp. */
typedef struct {
    guint column;
    gboolean descending;
    const VinvColumn *def;
    const guint32 *firsts;
    guint32 *key_offset;         /* per table row, or NULL: no precomputed keys */
    guint32 *key_len;
} SortKeyInfo;

typedef struct {
    SortKeyInfo *keys;
    guint n_keys;
    const VinvCell **rows;       /* per table row: its cells */
    GString *key_buf;            /* all precomputed keys */
} SortContext;

static int
row_compare (gconstpointer pa, gconstpointer pb, gpointer user_data)
{
    const SortContext *ctx = user_data;
    guint ra = *(const guint *) pa;
    guint rb = *(const guint *) pb;

    for (guint k = 0; k < ctx->n_keys; k++) {
        const SortKeyInfo *key = &ctx->keys[k];
        const VinvCell *a = &ctx->rows[ra][key->column];
        const VinvCell *b = &ctx->rows[rb][key->column];
        int c;
        if (key->key_offset != NULL && a->kind != VINV_CELL_NULL && b->kind != VINV_CELL_NULL) {
            guint32 la = key->key_len[ra];
            guint32 lb = key->key_len[rb];
            c = memcmp (ctx->key_buf->str + key->key_offset[ra],
                        ctx->key_buf->str + key->key_offset[rb], MIN (la, lb));
            if (c == 0)
                c = la < lb ? -1 : (la > lb ? 1 : 0);
        } else {
            c = vinv_cell_compare (key->def,
                                   a, key->firsts != NULL ? key->firsts[ra] : 0,
                                   b, key->firsts != NULL ? key->firsts[rb] : 0);
        }
        if (c != 0)
            return key->descending ? -c : c;
    }
    return ra < rb ? -1 : (ra > rb ? 1 : 0);   /* stable: table order */
}

/* Fills the natural-order keys of text column @info for the rows shown. */
static void
build_text_keys (const VinvView *self, SortContext *ctx, SortKeyInfo *info)
{
    guint n_rows = vinv_table_get_n_rows (self->table);

    info->key_offset = g_new (guint32, n_rows);
    info->key_len = g_new (guint32, n_rows);
    for (guint i = 0; i < self->rows->len; i++) {
        guint r = g_array_index (self->rows, guint, i);
        const VinvCell *cell = &ctx->rows[r][info->column];
        gsize start = ctx->key_buf->len;
        if (cell->kind == VINV_CELL_STRING)
            vinv_natural_key_append (ctx->key_buf, cell->v.s);
        else if (cell->kind == VINV_CELL_REF)
            vinv_natural_key_append (ctx->key_buf,
                                     cell->v.ref->text != NULL ? cell->v.ref->text : "");
        info->key_offset[r] = (guint32) start;
        info->key_len[r] = (guint32) (ctx->key_buf->len - start);
    }
}

static void
apply_sort (VinvView *self)
{
    guint n_rows = vinv_table_get_n_rows (self->table);

    if (self->sort->len == 0 || self->rows->len < 2)
        return;   /* rows[] is already in table order */

    SortContext ctx = { 0 };
    ctx.n_keys = self->sort->len;
    ctx.keys = g_new0 (SortKeyInfo, ctx.n_keys);
    ctx.rows = g_new (const VinvCell *, n_rows);
    ctx.key_buf = g_string_new (NULL);
    for (guint r = 0; r < n_rows; r++)
        ctx.rows[r] = vinv_table_get_row (self->table, r);

    for (guint k = 0; k < ctx.n_keys; k++) {
        const VinvSortKey *key = &g_array_index (self->sort, VinvSortKey, k);
        SortKeyInfo *info = &ctx.keys[k];
        info->column = key->column;
        info->descending = key->descending;
        info->def = &self->schema->columns[key->column];
        info->firsts = g_ptr_array_index (self->firsts, key->column);
        /* keys are offsets into one buffer: it must stay under 4 GiB */
        if ((info->def->kind == VINV_CELL_STRING || info->def->kind == VINV_CELL_REF)
            && ctx.key_buf->len < G_MAXUINT32 / 2)
            build_text_keys (self, &ctx, info);
    }

    g_array_sort_with_data (self->rows, row_compare, &ctx);

    for (guint k = 0; k < ctx.n_keys; k++) {
        g_free (ctx.keys[k].key_offset);
        g_free (ctx.keys[k].key_len);
    }
    g_free (ctx.keys);
    g_free (ctx.rows);
    g_string_free (ctx.key_buf, TRUE);
}

void
vinv_view_refresh (VinvView *self)
{
    apply_filter (self);
    apply_sort (self);
}

gboolean
vinv_view_set_filter (VinvView *self, const char *text, VinvFilterError **error)
{
    VinvFilter *filter = NULL;

    if (text != NULL && *text != '\0') {
        filter = vinv_filter_compile (text, self->schema, error);
        if (filter == NULL)
            return FALSE;
    }
    vinv_filter_free (self->filter);
    self->filter = filter;
    vinv_view_refresh (self);
    return TRUE;
}

const char *
vinv_view_get_filter_text (const VinvView *self)
{
    return self->filter != NULL ? vinv_filter_get_text (self->filter) : "";
}

void
vinv_view_set_sort (VinvView *self, const VinvSortKey *keys, guint n)
{
    g_array_set_size (self->sort, 0);
    for (guint i = 0; i < n; i++) {
        g_return_if_fail (keys[i].column < self->schema->n_columns);
        g_array_append_val (self->sort, keys[i]);
    }
    vinv_view_refresh (self);
}

static gboolean
unknown_column_error (const VinvView *self, const char *name, GError **error)
{
    g_autofree char *near = vinv_schema_dup_nearest_columns (self->schema, name, 3);
    if (near != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown column '%s' in table %s (did you mean %s?)",
                     name, self->schema->id, near);
    else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown column '%s' in table %s (see 'virt-inventory columns %s')",
                     name, self->schema->id, self->schema->id);
    return FALSE;
}

gboolean
vinv_view_set_sort_text (VinvView *self, const char *text, GError **error)
{
    g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
    g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (VinvSortKey));

    for (guint i = 0; parts[i] != NULL; i++) {
        char *name = g_strstrip (parts[i]);
        VinvSortKey key = { 0, FALSE };
        if (*name == '\0')
            continue;
        if (*name == '-' || *name == '+') {
            key.descending = *name == '-';
            name = g_strstrip (name + 1);
        }
        int col = vinv_schema_lookup_column (self->schema, name);
        if (col < 0)
            return unknown_column_error (self, name, error);
        key.column = (guint) col;
        g_array_append_val (keys, key);
    }
    vinv_view_set_sort (self, (const VinvSortKey *) keys->data, keys->len);
    return TRUE;
}

guint
vinv_view_get_n_sort_keys (const VinvView *self)
{
    return self->sort->len;
}

const VinvSortKey *
vinv_view_get_sort_keys (const VinvView *self)
{
    return (const VinvSortKey *) self->sort->data;
}

char *
vinv_view_dup_sort_text (const VinvView *self)
{
    GString *out = g_string_new (NULL);
    for (guint k = 0; k < self->sort->len; k++) {
        const VinvSortKey *key = &g_array_index (self->sort, VinvSortKey, k);
        if (k > 0)
            g_string_append_c (out, ',');
        if (key->descending)
            g_string_append_c (out, '-');
        g_string_append (out, self->schema->columns[key->column].id);
    }
    return g_string_free (out, FALSE);
}

/* ---- columns ------------------------------------------------------------ */

guint
vinv_view_get_n_columns (const VinvView *self)
{
    return self->columns->len;
}

guint
vinv_view_get_column (const VinvView *self, guint i)
{
    g_return_val_if_fail (i < self->columns->len, 0);
    return g_array_index (self->columns, guint, i);
}

static void
columns_changed (VinvView *self)
{
    sync_visible (self);
    /* free-text search covers the shown columns: its result may change */
    if (self->filter != NULL)
        vinv_view_refresh (self);
}

void
vinv_view_set_columns (VinvView *self, const guint *cols, guint n)
{
    g_array_set_size (self->columns, 0);
    memset (self->visible, 0, self->schema->n_columns * sizeof (gboolean));
    for (guint i = 0; i < n; i++) {
        g_return_if_fail (cols[i] < self->schema->n_columns);
        if (self->visible[cols[i]])
            continue;
        self->visible[cols[i]] = TRUE;
        g_array_append_val (self->columns, cols[i]);
    }
    columns_changed (self);
}

gboolean
vinv_view_is_column_visible (const VinvView *self, guint col)
{
    g_return_val_if_fail (col < self->schema->n_columns, FALSE);
    return self->visible[col];
}

void
vinv_view_set_column_visible (VinvView *self, guint col, gboolean visible)
{
    g_return_if_fail (col < self->schema->n_columns);
    if (self->visible[col] == !!visible)
        return;
    if (visible) {
        g_array_append_val (self->columns, col);
    } else {
        for (guint i = 0; i < self->columns->len; i++) {
            if (g_array_index (self->columns, guint, i) == col) {
                g_array_remove_index (self->columns, i);
                break;
            }
        }
    }
    columns_changed (self);
}

void
vinv_view_move_column (VinvView *self, guint col, guint pos)
{
    for (guint i = 0; i < self->columns->len; i++) {
        if (g_array_index (self->columns, guint, i) == col) {
            g_array_remove_index (self->columns, i);
            pos = MIN (pos, self->columns->len);
            g_array_insert_val (self->columns, pos, col);
            return;
        }
    }
}

gboolean
vinv_view_set_columns_text (VinvView *self, const char *text, GError **error)
{
    g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
    g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
    gboolean relative = FALSE;

    /* "+a,-b" edits the current set; a plain list replaces it */
    for (guint i = 0; parts[i] != NULL; i++) {
        const char *p = g_strstrip (parts[i]);
        if (*p == '+' || *p == '-')
            relative = TRUE;
    }
    if (relative)
        g_array_append_vals (cols, self->columns->data, self->columns->len);

    for (guint i = 0; parts[i] != NULL; i++) {
        char *name = parts[i];
        char op = '=';
        if (*name == '\0')
            continue;
        if (g_ascii_strcasecmp (name, "all") == 0) {
            g_array_set_size (cols, 0);
            for (guint c = 0; c < self->schema->n_columns; c++)
                g_array_append_val (cols, c);
            continue;
        }
        if (*name == '+' || *name == '-') {
            op = *name;
            name = g_strstrip (name + 1);
        }
        int col = vinv_schema_lookup_column (self->schema, name);
        if (col < 0)
            return unknown_column_error (self, name, error);
        guint c = (guint) col;
        if (op == '-') {
            for (guint j = 0; j < cols->len; j++) {
                if (g_array_index (cols, guint, j) == c) {
                    g_array_remove_index (cols, j);
                    break;
                }
            }
        } else {
            g_array_append_val (cols, c);
        }
    }
    vinv_view_set_columns (self, (const guint *) cols->data, cols->len);
    return TRUE;
}

char *
vinv_view_dup_columns_text (const VinvView *self)
{
    GString *out = g_string_new (NULL);
    for (guint i = 0; i < self->columns->len; i++) {
        if (i > 0)
            g_string_append_c (out, ',');
        g_string_append (out, self->schema->columns[g_array_index (self->columns, guint, i)].id);
    }
    return g_string_free (out, FALSE);
}

/* ---- rows and cells ----------------------------------------------------- */

guint
vinv_view_get_n_rows (const VinvView *self)
{
    return self->rows->len;
}

guint
vinv_view_get_row (const VinvView *self, guint i)
{
    g_return_val_if_fail (i < self->rows->len, 0);
    return g_array_index (self->rows, guint, i);
}

const guint *
vinv_view_get_rows (const VinvView *self)
{
    return (const guint *) self->rows->data;
}

guint
vinv_view_get_first_item (const VinvView *self, guint row, guint col)
{
    g_return_val_if_fail (col < self->schema->n_columns, 0);
    const guint32 *firsts = g_ptr_array_index (self->firsts, col);
    if (firsts == NULL || row >= vinv_table_get_n_rows (self->table))
        return 0;
    return firsts[row];
}

char *
vinv_view_dup_cell_text (const VinvView *self, guint row, guint col)
{
    return vinv_cell_dup_text (&self->schema->columns[col],
                               vinv_table_get_cell (self->table, row, col),
                               vinv_view_get_first_item (self, row, col));
}

/* Appends @s as a quoted filter value matching it literally: regex-escaped,
 * then '\' and '"' escaped for the quoted-string lexer. */
static void
append_literal_alternative (GString *out, const char *s)
{
    g_autofree char *re = g_regex_escape_string (s, -1);
    for (const char *p = re; *p; p++) {
        if (*p == '\\' || *p == '"')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
    }
}

gboolean
vinv_view_link_filter (const VinvView *self, guint row, guint col,
                       VinvTableKind *target, char **filter)
{
    const VinvColumn *column = &self->schema->columns[col];
    const VinvCell *cell = vinv_table_get_cell (self->table, row, col);
    const VinvSchema *target_schema;
    const VinvItem *items;
    guint n;

    if (column->target == NULL)
        return FALSE;
    target_schema = vinv_schema_lookup (column->target);
    g_return_val_if_fail (target_schema != NULL, FALSE);
    if (cell->kind == VINV_CELL_REF) {
        items = cell->v.ref;
        n = 1;
    } else if (cell->kind == VINV_CELL_LIST) {
        items = cell->v.list->items;
        n = cell->v.list->n;
    } else {
        return FALSE;
    }

    GString *out = g_string_new ("id = \"");
    guint added = 0;
    for (guint i = 0; i < n; i++) {
        if (items[i].id == NULL)
            continue;
        if (added++ > 0)
            g_string_append_c (out, '|');
        append_literal_alternative (out, items[i].id);
    }
    g_string_append_c (out, '"');
    if (added == 0) {
        g_string_free (out, TRUE);
        return FALSE;
    }
    *target = vinv_schema_get_kind (target_schema);
    *filter = g_string_free (out, FALSE);
    return TRUE;
}
