/* table.c — rows of cells and the arena that holds what they point at.
 *
 * Memory: each row is one g_malloc'd array of n_columns cells; strings,
 * items and lists are bump-allocated from 64 KiB arena blocks owned by the
 * table (large objects get a block of their own).  Freeing the table frees
 * every block at once, so back-ends never track cell memory.
 *
 * The id index (source + '\x1f' + id -> row + 1) is built on first lookup
 * (under a lock, so that threads that only read a table may look up rows
 * at once) and kept up to date by vinv_table_add_row() afterwards.
 */
#include "table.h"

#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)

typedef struct {
    GPtrArray *blocks;   /* of char*, each block owned */
    char *cur;           /* free space in the last block */
    gsize left;
} Arena;

struct _VinvTable {
    gatomicrefcount ref;
    const VinvSchema *schema;
    GPtrArray *rows;             /* of VinvCell[n_columns], owned */
    Arena arena;
    GPtrArray *adopted;          /* arenas' block arrays taken from merged tables */
    GHashTable *index;           /* "source\x1fid" -> GUINT_TO_POINTER (row + 1), or NULL */
    GString *error;              /* NULL when no error */
    GString **unavailable;       /* per column: why it has no values, or NULL;
                                  * the array itself NULL until one is set */
};

static gpointer
arena_alloc (Arena *arena, gsize size)
{
    size = (size + 7) & ~(gsize) 7;
    if (size > ARENA_BLOCK_SIZE / 4) {
        char *big = g_malloc (size);
        g_ptr_array_add (arena->blocks, big);
        return big;
    }
    if (size > arena->left) {
        arena->cur = g_malloc (ARENA_BLOCK_SIZE);
        arena->left = ARENA_BLOCK_SIZE;
        g_ptr_array_add (arena->blocks, arena->cur);
    }
    gpointer p = arena->cur;
    arena->cur += size;
    arena->left -= size;
    return p;
}

VinvTable *
vinv_table_new (const VinvSchema *schema)
{
    VinvTable *self = g_new0 (VinvTable, 1);
    g_atomic_ref_count_init (&self->ref);
    self->schema = schema;
    self->rows = g_ptr_array_new_with_free_func (g_free);
    self->arena.blocks = g_ptr_array_new_with_free_func (g_free);
    self->adopted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    return self;
}

VinvTable *
vinv_table_ref (VinvTable *self)
{
    g_atomic_ref_count_inc (&self->ref);
    return self;
}

void
vinv_table_unref (VinvTable *self)
{
    if (self == NULL || !g_atomic_ref_count_dec (&self->ref))
        return;
    g_ptr_array_unref (self->rows);
    g_ptr_array_unref (self->arena.blocks);
    g_ptr_array_unref (self->adopted);
    if (self->index != NULL)
        g_hash_table_unref (self->index);
    if (self->error != NULL)
        g_string_free (self->error, TRUE);
    if (self->unavailable != NULL) {
        for (guint c = 0; c < self->schema->n_columns; c++) {
            if (self->unavailable[c] != NULL)
                g_string_free (self->unavailable[c], TRUE);
        }
        g_free (self->unavailable);
    }
    g_free (self);
}

const VinvSchema *
vinv_table_get_schema (const VinvTable *self)
{
    return self->schema;
}

guint
vinv_table_get_n_rows (const VinvTable *self)
{
    return self->rows->len;
}

const VinvColumn *
vinv_table_get_column (const VinvTable *self, guint col)
{
    g_return_val_if_fail (col < self->schema->n_columns, NULL);
    return &self->schema->columns[col];
}

const char *
vinv_table_strdup_len (VinvTable *self, const char *s, gsize len)
{
    char *p = arena_alloc (&self->arena, len + 1);
    memcpy (p, s, len);
    p[len] = '\0';
    return p;
}

static const char *
arena_strdup (VinvTable *self, const char *s)
{
    return s != NULL ? vinv_table_strdup_len (self, s, strlen (s)) : NULL;
}

static char *
index_key (const char *source, const char *id)
{
    return g_strconcat (source != NULL ? source : "", "\x1f", id, NULL);
}

guint
vinv_table_add_row (VinvTable *self, const char *source, const char *id)
{
    VinvCell *cells = g_new0 (VinvCell, self->schema->n_columns);
    guint row = self->rows->len;

    g_ptr_array_add (self->rows, cells);
    cells[VINV_COLUMN_SOURCE].kind = VINV_CELL_STRING;
    cells[VINV_COLUMN_SOURCE].v.s = arena_strdup (self, source != NULL ? source : "");
    cells[VINV_COLUMN_ID].kind = VINV_CELL_STRING;
    cells[VINV_COLUMN_ID].v.s = arena_strdup (self, id != NULL ? id : "");
    if (self->index != NULL) {
        char *key = index_key (cells[VINV_COLUMN_SOURCE].v.s, cells[VINV_COLUMN_ID].v.s);
        if (!g_hash_table_contains (self->index, key))
            g_hash_table_insert (self->index, key, GUINT_TO_POINTER (row + 1));
        else
            g_free (key);
    }
    return row;
}

const VinvCell *
vinv_table_get_row (const VinvTable *self, guint row)
{
    g_return_val_if_fail (row < self->rows->len, NULL);
    return g_ptr_array_index (self->rows, row);
}

const VinvCell *
vinv_table_get_cell (const VinvTable *self, guint row, guint col)
{
    g_return_val_if_fail (row < self->rows->len, NULL);
    g_return_val_if_fail (col < self->schema->n_columns, NULL);
    return &((const VinvCell *) g_ptr_array_index (self->rows, row))[col];
}

const char *
vinv_table_get_row_id (const VinvTable *self, guint row)
{
    return vinv_table_get_cell (self, row, VINV_COLUMN_ID)->v.s;
}

const char *
vinv_table_get_row_source (const VinvTable *self, guint row)
{
    return vinv_table_get_cell (self, row, VINV_COLUMN_SOURCE)->v.s;
}

/* Returns the cell to write, or NULL (after a critical) if @row/@col are
 * out of range or the column is not of @kind.  Source and ID are fixed. */
static VinvCell *
writable_cell (VinvTable *self, guint row, guint col, VinvCellKind kind)
{
    g_return_val_if_fail (row < self->rows->len, NULL);
    g_return_val_if_fail (col < self->schema->n_columns, NULL);
    g_return_val_if_fail (col != VINV_COLUMN_SOURCE && col != VINV_COLUMN_ID, NULL);
    if (kind != VINV_CELL_NULL && self->schema->columns[col].kind != kind) {
        g_critical ("%s.%s is a %s column, not %s", self->schema->id,
                    self->schema->columns[col].id,
                    vinv_cell_kind_name (self->schema->columns[col].kind),
                    vinv_cell_kind_name (kind));
        return NULL;
    }
    VinvCell *cell = &((VinvCell *) g_ptr_array_index (self->rows, row))[col];
    cell->kind = kind;
    return cell;
}

void
vinv_table_set_null (VinvTable *self, guint row, guint col)
{
    writable_cell (self, row, col, VINV_CELL_NULL);
}

void
vinv_table_set_bool (VinvTable *self, guint row, guint col, gboolean value)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_BOOL);
    if (c != NULL)
        c->v.b = value ? TRUE : FALSE;
}

void
vinv_table_set_int (VinvTable *self, guint row, guint col, gint64 value)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_INT);
    if (c != NULL)
        c->v.i = value;
}

void
vinv_table_set_double (VinvTable *self, guint row, guint col, double value)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_DOUBLE);
    if (c != NULL)
        c->v.d = value;
}

void
vinv_table_set_quantity (VinvTable *self, guint row, guint col, double value)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_QUANTITY);
    if (c != NULL)
        c->v.d = value;
}

void
vinv_table_set_time (VinvTable *self, guint row, guint col, gint64 ms)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_TIME);
    if (c != NULL)
        c->v.i = ms;
}

void
vinv_table_set_string_len (VinvTable *self, guint row, guint col, const char *value, gsize len)
{
    if (value == NULL) {
        vinv_table_set_null (self, row, col);
        return;
    }
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_STRING);
    if (c != NULL)
        c->v.s = vinv_table_strdup_len (self, value, len);
}

void
vinv_table_set_string (VinvTable *self, guint row, guint col, const char *value)
{
    vinv_table_set_string_len (self, row, col, value, value != NULL ? strlen (value) : 0);
}

void
vinv_table_set_ref (VinvTable *self, guint row, guint col, const char *text, const char *id)
{
    if (text == NULL && id == NULL) {
        vinv_table_set_null (self, row, col);
        return;
    }
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_REF);
    if (c == NULL)
        return;
    VinvItem *item = arena_alloc (&self->arena, sizeof *item);
    item->text = arena_strdup (self, text != NULL ? text : id);
    item->id = arena_strdup (self, id);
    c->v.ref = item;
}

void
vinv_table_set_list (VinvTable *self, guint row, guint col, const VinvItem *items, guint n)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_LIST);
    if (c == NULL)
        return;
    VinvList *list = arena_alloc (&self->arena, sizeof *list + n * sizeof (VinvItem));
    list->n = n;
    for (guint i = 0; i < n; i++) {
        const char *text = items[i].text != NULL ? items[i].text : items[i].id;
        list->items[i].text = arena_strdup (self, text != NULL ? text : "");
        list->items[i].id = arena_strdup (self, items[i].id);
    }
    c->v.list = list;
}

/* Guards building the index of a table that is only read: several
 * threads may read one (a window and its health checks) and the first
 * lookups of two of them must not both build it. */
G_LOCK_DEFINE_STATIC (build_index);

static GHashTable *
build_index (VinvTable *self)
{
    GHashTable *index = g_atomic_pointer_get (&self->index);
    if (index != NULL)
        return index;
    G_LOCK (build_index);
    index = self->index;
    if (index == NULL) {
        index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
        for (guint r = 0; r < self->rows->len; r++) {
            char *key = index_key (vinv_table_get_row_source (self, r),
                                   vinv_table_get_row_id (self, r));
            if (!g_hash_table_contains (index, key))
                g_hash_table_insert (index, key, GUINT_TO_POINTER (r + 1));
            else
                g_free (key);
        }
        g_atomic_pointer_set (&self->index, index);
    }
    G_UNLOCK (build_index);
    return index;
}

int
vinv_table_find_row (const VinvTable *self, const char *source, const char *id)
{
    g_return_val_if_fail (id != NULL, -1);
    if (source == NULL) {
        for (guint r = 0; r < self->rows->len; r++) {
            if (strcmp (vinv_table_get_row_id (self, r), id) == 0)
                return (int) r;
        }
        return -1;
    }
    /* The index is a cache: building it does not change what the table
     * holds, so a const table may build it. */
    GHashTable *index = build_index ((VinvTable *) self);
    g_autofree char *key = index_key (source, id);
    gpointer hit = g_hash_table_lookup (index, key);
    return hit != NULL ? (int) GPOINTER_TO_UINT (hit) - 1 : -1;
}

const char *
vinv_table_get_error (const VinvTable *self)
{
    return self->error != NULL ? self->error->str : NULL;
}

void
vinv_table_set_error (VinvTable *self, const char *message)
{
    if (message == NULL)
        return;
    if (self->error == NULL) {
        self->error = g_string_new (message);
    } else {
        g_string_append (self->error, "; ");
        g_string_append (self->error, message);
    }
}

void
vinv_table_reorder (VinvTable *self, const guint *order)
{
    guint n = self->rows->len;
    g_autofree gpointer *old = g_memdup2 (self->rows->pdata, n * sizeof (gpointer));

    for (guint i = 0; i < n; i++) {
        g_return_if_fail (order[i] < n);
        self->rows->pdata[i] = old[order[i]];
    }
    if (self->index != NULL) {
        g_hash_table_unref (self->index);
        self->index = NULL;
    }
}

void
vinv_table_take_rows (VinvTable *self, VinvTable *src)
{
    g_return_if_fail (self->schema == src->schema);

    for (guint r = 0; r < src->rows->len; r++) {
        VinvCell *cells = g_ptr_array_index (src->rows, r);
        guint row = self->rows->len;
        g_ptr_array_add (self->rows, cells);
        if (self->index != NULL) {
            char *key = index_key (cells[VINV_COLUMN_SOURCE].v.s, cells[VINV_COLUMN_ID].v.s);
            if (!g_hash_table_contains (self->index, key))
                g_hash_table_insert (self->index, key, GUINT_TO_POINTER (row + 1));
            else
                g_free (key);
        }
    }
    /* the cells now belong to self->rows: empty src's array without freeing */
    g_ptr_array_set_free_func (src->rows, NULL);
    g_ptr_array_set_size (src->rows, 0);
    g_ptr_array_set_free_func (src->rows, g_free);

    g_ptr_array_add (self->adopted, src->arena.blocks);
    src->arena.blocks = g_ptr_array_new_with_free_func (g_free);
    src->arena.cur = NULL;
    src->arena.left = 0;
    g_ptr_array_extend_and_steal (self->adopted, g_steal_pointer (&src->adopted));
    src->adopted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    if (src->index != NULL) {
        g_hash_table_unref (src->index);
        src->index = NULL;
    }
    if (src->error != NULL)
        vinv_table_set_error (self, src->error->str);
    if (src->unavailable != NULL) {
        for (guint c = 0; c < src->schema->n_columns; c++) {
            if (src->unavailable[c] != NULL)
                vinv_table_set_column_unavailable (self, c, src->unavailable[c]->str);
        }
    }
}

void
vinv_table_set_column_unavailable (VinvTable *self, guint col, const char *reason)
{
    g_return_if_fail (col < self->schema->n_columns && reason != NULL);

    if (self->unavailable == NULL)
        self->unavailable = g_new0 (GString *, self->schema->n_columns);
    GString *r = self->unavailable[col];
    if (r == NULL) {
        self->unavailable[col] = g_string_new (reason);
        return;
    }
    /* the same reason from several places is said once */
    for (const char *p = strstr (r->str, reason); p != NULL; p = strstr (p + 1, reason)) {
        gsize len = strlen (reason);
        if ((p == r->str || (p >= r->str + 2 && p[-2] == ';')) && (p[len] == '\0' || p[len] == ';'))
            return;
    }
    g_string_append (r, "; ");
    g_string_append (r, reason);
}

const char *
vinv_table_get_column_unavailable (const VinvTable *self, guint col)
{
    if (self->unavailable == NULL || col >= self->schema->n_columns
        || self->unavailable[col] == NULL)
        return NULL;
    return self->unavailable[col]->str;
}

const char *
vinv_table_get_unavailable (const VinvTable *self, guint *col)
{
    if (self->unavailable != NULL) {
        for (guint c = 0; c < self->schema->n_columns; c++) {
            if (self->unavailable[c] != NULL) {
                if (col != NULL)
                    *col = c;
                return self->unavailable[c]->str;
            }
        }
    }
    return NULL;
}
