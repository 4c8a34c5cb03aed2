/* table.c — rows of cells and the arena that holds what they point at.
 *
 * Memory: rows (arrays of n_columns cells) and the strings, items and lists
 * cells point at are bump-allocated from 64 KiB arena blocks owned by the
 * table (large objects get a block of their own); rows are cut from blocks
 * of their own, so that a pass over one column of every row reads cells
 * only.  Freeing the table frees every block at once, so back-ends never
 * track cell memory, and a row costs no allocation of its own (at 50,000
 * VMs, 310,000 rows).
 *
 * Blocks are listed in GPtrArrays, which are reference counted: a table
 * holds its own array, the arrays of the tables whose rows it took
 * (vinv_table_take_rows()) and the arrays of the tables whose strings its
 * cells borrow (vinv_table_keep_strings()), all in @adopted.  An array
 * holds blocks only, never another array, so tables that borrow from each
 * other (VMs name hosts, hosts name VMs) make no cycle.
 *
 * The id index (source + '\x1f' + id -> row + 1) is built on first lookup
 * (under a lock, so that threads that only read a table may look up rows
 * at once) and kept up to date by vinv_table_add_row() afterwards.
 *
 * Resolved links (vinv_table_ref_links()) are a cache too: per link column
 * and target table, the target row of every item, so that a related-table
 * filter run again (every keystroke in the window) looks nothing up by id.
 * An entry names its target by the target's stamp, a number drawn from one
 * process-wide counter whenever a table's rows were added, removed or
 * reordered since the last draw, so a stamp is never reused, not even by a
 * table allocated where a freed one was.  Changing any cell or row of a
 * table drops the links it holds.
 */
#include "table.h"

#include <string.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
/* The first blocks are smaller, doubling up to ARENA_BLOCK_SIZE: a fetch
 * fills many small tables (one per parsed batch, merged afterwards with
 * vinv_table_take_rows()), and each keeps the unused end of its last
 * blocks. */
#define ARENA_FIRST_BLOCK_SIZE (4 * 1024)

typedef struct {
    GPtrArray *blocks;   /* of char*, each block owned */
    char *cur;           /* free space in the current block of strings */
    gsize left;
    char *cells_cur;     /* free space in the current block of rows */
    gsize cells_left;
    gsize next_block;    /* size of the next block, 0 for the first */
} Arena;

struct _VinvTable {
    gatomicrefcount ref;
    const VinvSchema *schema;
    GPtrArray *rows;             /* of VinvCell[n_columns], in the arena */
    Arena arena;
    GPtrArray *adopted;          /* references to block arrays: of merged tables,
                                  * and of tables whose strings cells borrow */
    GHashTable *index;           /* "source\x1fid" -> GUINT_TO_POINTER (row + 1), or NULL */
    GString *error;              /* NULL when no error */
    GString **unavailable;       /* per column: why it has no values, or NULL;
                                  * the array itself NULL until one is set */
    GMutex links_lock;           /* guards links and stamp against readers */
    GPtrArray *links;            /* of LinksEntry, or NULL */
    guint64 stamp;               /* 0: rows changed since the last stamp */
};

/* A resolved link column: VinvLinks with its reference count and key. */
typedef struct {
    VinvLinks links;
    gatomicrefcount ref;
    guint col;
    guint64 target_stamp;
    guint32 *offsets;
    guint32 *rows;
} LinksEntry;

/* @size bytes (rounded up to 8) from the block at *@cur with *@left bytes
 * free, or from a new block. */
static gpointer
arena_alloc_from (Arena *arena, char **cur, gsize *left, gsize size)
{
    size = (size + 7) & ~(gsize) 7;
    if (size > ARENA_BLOCK_SIZE / 4) {
        char *big = g_malloc (size);
        g_ptr_array_add (arena->blocks, big);
        return big;
    }
    if (size > *left) {
        gsize block = MAX (arena->next_block, ARENA_FIRST_BLOCK_SIZE);
        arena->next_block = MIN (2 * block, ARENA_BLOCK_SIZE);
        block = MAX (block, size);
        *cur = g_malloc (block);
        *left = block;
        g_ptr_array_add (arena->blocks, *cur);
    }
    gpointer p = *cur;
    *cur += size;
    *left -= size;
    return p;
}

static gpointer
arena_alloc (Arena *arena, gsize size)
{
    return arena_alloc_from (arena, &arena->cur, &arena->left, size);
}

VinvTable *
vinv_table_new (const VinvSchema *schema)
{
    VinvTable *self = g_new0 (VinvTable, 1);
    g_atomic_ref_count_init (&self->ref);
    self->schema = schema;
    self->rows = g_ptr_array_new ();
    self->arena.blocks = g_ptr_array_new_with_free_func (g_free);
    self->adopted = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    g_mutex_init (&self->links_lock);
    return self;
}

void
vinv_links_unref (VinvLinks *links)
{
    LinksEntry *entry = (LinksEntry *) links;
    if (entry == NULL || !g_atomic_ref_count_dec (&entry->ref))
        return;
    g_free (entry->offsets);
    g_free (entry->rows);
    g_free (entry);
}

/* Called by every change of @self: its rows' links and its stamp are no
 * longer right.  Changes never run beside readers (table.h), so the lock
 * is not needed, and the common case costs one test. */
static inline void
changed (VinvTable *self, gboolean rows)
{
    if (G_UNLIKELY (self->links != NULL))
        g_clear_pointer (&self->links, g_ptr_array_unref);
    if (rows)
        self->stamp = 0;
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
    if (self->links != NULL)
        g_ptr_array_unref (self->links);
    g_mutex_clear (&self->links_lock);
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
    gsize size = self->schema->n_columns * sizeof (VinvCell);
    VinvCell *cells = arena_alloc_from (&self->arena, &self->arena.cells_cur,
                                        &self->arena.cells_left, size);
    guint row = self->rows->len;

    memset (cells, 0, size);

    changed (self, TRUE);
    g_ptr_array_add (self->rows, cells);
    cells[VINV_COLUMN_SOURCE].kind = VINV_CELL_STRING;
    /* rows of one source share its string: less memory, and a pointer
     * comparison tells most rows' sources apart (resolve_links()) */
    const char *last = row > 0 ? vinv_table_get_row_source (self, row - 1) : NULL;
    if (last != NULL && strcmp (last, source != NULL ? source : "") == 0)
        cells[VINV_COLUMN_SOURCE].v.s = last;
    else
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

const VinvCell *const *
vinv_table_get_rows (const VinvTable *self)
{
    return (const VinvCell *const *) self->rows->pdata;
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
    changed (self, FALSE);
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

/* @len bytes of @s and a NUL at @dst; returns where the next string goes. */
static inline char *
copy_string (char *dst, const char *s, gsize len)
{
    memcpy (dst, s, len);
    dst[len] = '\0';
    return dst + len + 1;
}

void
vinv_table_set_ref_len (VinvTable *self, guint row, guint col, const char *text,
                        guint32 text_len, const char *id, guint32 id_len)
{
    g_return_if_fail (text != NULL);
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_REF);
    if (c == NULL)
        return;
    /* the item and its strings in one allocation */
    VinvItem *item = arena_alloc (&self->arena, sizeof *item + text_len + 1
                                                + (id != NULL ? id_len + 1 : 0));
    char *p = (char *) (item + 1);
    item->text = p;
    p = copy_string (p, text, text_len);
    item->id = id != NULL ? p : NULL;
    if (id != NULL)
        copy_string (p, id, id_len);
    c->v.ref = item;
}

void
vinv_table_set_list_len (VinvTable *self, guint row, guint col, const VinvItem *items,
                         const guint32 *lens, guint n)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_LIST);
    if (c == NULL)
        return;
    gsize size = sizeof (VinvList) + n * sizeof (VinvItem);
    for (guint i = 0; i < n; i++)
        size += lens[2 * i] + 1 + (items[i].id != NULL ? lens[2 * i + 1] + 1 : 0);
    /* the list and its strings in one allocation */
    VinvList *list = arena_alloc (&self->arena, size);
    char *p = (char *) &list->items[n];
    list->n = n;
    for (guint i = 0; i < n; i++) {
        list->items[i].text = p;
        p = copy_string (p, items[i].text, lens[2 * i]);
        list->items[i].id = items[i].id != NULL ? p : NULL;
        if (items[i].id != NULL)
            p = copy_string (p, items[i].id, lens[2 * i + 1]);
    }
    c->v.list = list;
}

gpointer
vinv_table_alloc (VinvTable *self, gsize size)
{
    return arena_alloc (&self->arena, size);
}

void
vinv_table_keep_strings (VinvTable *self, const VinvTable *other)
{
    g_return_if_fail (self != NULL && other != NULL);
    if (self == other)
        return;
    g_ptr_array_add (self->adopted, g_ptr_array_ref (other->arena.blocks));
    for (guint i = 0; i < other->adopted->len; i++)
        g_ptr_array_add (self->adopted, g_ptr_array_ref (g_ptr_array_index (other->adopted, i)));
}

void
vinv_table_set_ref_item (VinvTable *self, guint row, guint col, const VinvItem *item)
{
    g_return_if_fail (item != NULL && item->text != NULL);
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_REF);
    if (c != NULL)
        c->v.ref = item;
}

void
vinv_table_set_list_borrowed (VinvTable *self, guint row, guint col, const VinvItem *items,
                              guint n)
{
    VinvCell *c = writable_cell (self, row, col, VINV_CELL_LIST);
    if (c == NULL)
        return;
    VinvList *list = arena_alloc (&self->arena, sizeof *list + n * sizeof (VinvItem));
    list->n = n;
    for (guint i = 0; i < n; i++) {
        g_return_if_fail (items[i].text != NULL);
        list->items[i] = items[i];
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

/* ---- links resolved to rows --------------------------------------------- */

/* splitmix64's finalizer: every input bit flips about half the output. */
static inline guint64
mix64 (guint64 x)
{
    x ^= x >> 30;
    x *= G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
    x ^= x >> 27;
    x *= G_GUINT64_CONSTANT (0x94D049BB133111EB);
    return x ^ (x >> 31);
}

/* A hash of a row id: ids are mostly UUIDs, whose first and last eight
 * bytes differ between rows, so a long id is hashed by those two words and
 * its length (g_str_hash's byte-serial loop cost a third of resolving); a
 * short one byte by byte. */
static guint32
id_hash (const char *s)
{
    gsize len = strlen (s);
    guint64 h = len;

    if (len >= 16) {
        guint64 a;
        guint64 b;
        memcpy (&a, s, 8);
        memcpy (&b, s + len - 8, 8);
        h = mix64 (mix64 (h ^ a) ^ b);
    } else {
        for (gsize i = 0; i < len; i++)
            h = (h ^ (guchar) s[i]) * G_GUINT64_CONSTANT (0x100000001B3);
        h = mix64 (h);
    }
    return (guint32) h;
}

/* Resolving is bound by cache misses, not by instructions: 100,000 ids
 * are spread over the table's memory (each row is an allocation of its
 * own, each id a string in the arena) and the index is probed at random.
 * So every pass runs over arrays in order and prefetches what a later
 * step of the same pass will read, AHEAD steps before, letting the misses
 * of many rows overlap instead of paying them one after the other
 * (without it, 100,000 VMs linked from 5,000 hosts took twice as long). */
#define AHEAD 16

static inline const VinvCell *
row_cells (const VinvTable *table, guint row)
{
    return g_ptr_array_index (table->rows, row);
}

/* Prefetches cell @col of row @row, if there is such a row. */
static inline void
prefetch_cell (const VinvTable *table, guint row, guint col)
{
    if (row < table->rows->len)
        __builtin_prefetch (&row_cells (table, row)[col]);
}

/* Prefetches what cell @col of row @row points at (string, reference or
 * list), if there is such a row. */
static inline void
prefetch_pointee (const VinvTable *table, guint row, guint col)
{
    if (row < table->rows->len) {
        const VinvCell *cell = &row_cells (table, row)[col];
        if (cell->kind == VINV_CELL_STRING || cell->kind == VINV_CELL_REF
            || cell->kind == VINV_CELL_LIST)
            __builtin_prefetch (cell->v.s);
    }
}

/* A throw-away index of a target table's rows by id, for one resolution:
 * open addressing over @slots (a power of two, at least twice the rows),
 * each the id's hash in the high half and row + 1 in the low half, 0 for
 * empty, so a probe reads one slot and only a hash hit reads the id.
 * Every row is entered, so rows sharing an id (one per source) are all
 * found, in table order along their probe chain.  @ids are the rows' ids,
 * borrowed; @source is the one source of every row, or NULL when they
 * differ. */
typedef struct {
    const VinvTable *table;
    guint64 *slots;
    guint32 mask;
    const char **ids;
    const char *source;
} IdIndex;

#define SLOT(hash, row) (((guint64) (hash) << 32) | ((guint64) (row) + 1))
#define SLOT_HASH(slot) ((guint32) ((slot) >> 32))
#define SLOT_ROW(slot) ((guint32) (slot) - 1)

static void
id_index_init (IdIndex *index, const VinvTable *table)
{
    guint n_rows = table->rows->len;
    guint32 size = 16;
    g_autofree guint32 *hashes = g_new (guint32, MAX (n_rows, 1));

    while (size < 2 * (guint64) n_rows)
        size *= 2;
    index->table = table;
    index->slots = g_new0 (guint64, size);
    index->mask = size - 1;
    index->ids = g_new (const char *, MAX (n_rows, 1));
    index->source = n_rows > 0 ? vinv_table_get_row_source (table, 0) : NULL;
    /* the ids in row order (Source and ID share a cache line, and the
     * arena holds a row's source and id side by side) */
    for (guint r = 0; r < n_rows; r++) {
        prefetch_cell (table, r + 2 * AHEAD, VINV_COLUMN_ID);
        prefetch_pointee (table, r + AHEAD, VINV_COLUMN_ID);
        const VinvCell *cells = row_cells (table, r);
        const char *source = cells[VINV_COLUMN_SOURCE].v.s;

        if (index->source != NULL && source != index->source
            && strcmp (source, index->source) != 0)
            index->source = NULL;
        index->ids[r] = cells[VINV_COLUMN_ID].v.s;
        hashes[r] = id_hash (index->ids[r]);
    }
    /* then into their slots */
    for (guint r = 0; r < n_rows; r++) {
        if (r + AHEAD < n_rows)
            __builtin_prefetch (&index->slots[hashes[r + AHEAD] & index->mask], 1);
        guint32 i = hashes[r] & index->mask;
        while (index->slots[i] != 0)
            i = (i + 1) & index->mask;
        index->slots[i] = SLOT (hashes[r], r);
    }
}

static void
id_index_clear (IdIndex *index)
{
    g_free (index->slots);
    g_free (index->ids);
}

/* Prefetches, for a look-up of hash @h: its first slot (@step 0), the id
 * pointer of the row found there (@step 1, once the slot is in), or that
 * id (@step 2, once the pointer is in). */
static inline void
id_index_prefetch (const IdIndex *index, guint32 h, int step)
{
    const guint64 *slot = &index->slots[h & index->mask];

    if (step == 0)
        __builtin_prefetch (slot);
    else if (*slot != 0 && step == 1)
        __builtin_prefetch (&index->ids[SLOT_ROW (*slot)]);
    else if (*slot != 0)
        __builtin_prefetch (index->ids[SLOT_ROW (*slot)]);
}

/* The first row with @id (whose hash is @h) and @source (any source when
 * @source is NULL, as vinv_table_find_row()), or VINV_NO_ROW.  When every
 * row has one source (index->source), the caller checks @source against
 * it and passes NULL. */
static guint32
id_index_find (const IdIndex *index, const char *source, const char *id, guint32 h)
{
    for (guint32 i = h & index->mask;; i = (i + 1) & index->mask) {
        guint64 slot = index->slots[i];
        if (slot == 0)
            return VINV_NO_ROW;
        if (SLOT_HASH (slot) != h)
            continue;
        guint32 row = SLOT_ROW (slot);
        if (strcmp (index->ids[row], id) != 0)
            continue;
        if (source == NULL || strcmp (vinv_table_get_row_source (index->table, row), source) == 0)
            return row;
    }
}

/* The stamp of @table's rows (see the top of the file). */
static guint64
table_stamp (const VinvTable *table)
{
    static guint64 counter;   /* under counter_lock */
    G_LOCK_DEFINE_STATIC (counter_lock);
    VinvTable *mutable_table = (VinvTable *) table;
    guint64 stamp;

    g_mutex_lock (&mutable_table->links_lock);
    if (mutable_table->stamp == 0) {
        G_LOCK (counter_lock);
        mutable_table->stamp = ++counter;
        G_UNLOCK (counter_lock);
    }
    stamp = mutable_table->stamp;
    g_mutex_unlock (&mutable_table->links_lock);
    return stamp;
}

/* Appends @value to the array *@a of *@n entries (room for *@size). */
static inline void
push_pointer (const char ***a, guint *n, guint *size, const char *value)
{
    if (*n == *size) {
        *size = MAX (*size * 2, 64);
        *a = g_renew (const char *, *a, *size);
    }
    (*a)[(*n)++] = value;
}

/* Resolves column @col of @self into @target. */
static LinksEntry *
resolve_links (const VinvTable *self, guint col, const VinvTable *target)
{
    guint n_rows = self->rows->len;
    LinksEntry *entry = g_new0 (LinksEntry, 1);
    /* per item: its id (NULL: links nowhere) and its row's source */
    g_autofree const char **id = NULL;
    g_autofree const char **source = NULL;
    guint n_items = 0;
    guint size = 0;
    guint n_sources = 0;
    guint sources_size = 0;
    IdIndex index;

    g_atomic_ref_count_init (&entry->ref);
    entry->col = col;
    entry->offsets = g_new (guint32, n_rows + 1);
    id_index_init (&index, target);
    /* whether a row's source has rows in @target, asked once per run of
     * rows that share the source's string (vinv_table_add_row() shares it) */
    const char *last_source = NULL;
    gboolean last_ok = TRUE;
    for (guint r = 0; r < n_rows; r++) {
        prefetch_cell (self, r + 2 * AHEAD, col);
        prefetch_pointee (self, r + AHEAD, col);
        const VinvCell *cells = row_cells (self, r);
        const VinvCell *cell = &cells[col];
        const char *row_source = cells[VINV_COLUMN_SOURCE].v.s;
        const VinvItem *items = NULL;
        guint n = 0;

        entry->offsets[r] = n_items;
        if (cell->kind == VINV_CELL_REF) {
            items = cell->v.ref;
            n = 1;
        } else if (cell->kind == VINV_CELL_LIST) {
            items = cell->v.list->items;
            n = cell->v.list->n;
        }
        if (n > 0 && row_source != last_source) {
            last_source = row_source;
            last_ok = index.source == NULL || strcmp (row_source, index.source) == 0;
        }
        for (guint i = 0; i < n; i++) {
            push_pointer (&id, &n_items, &size, last_ok ? items[i].id : NULL);
            if (index.source == NULL)
                push_pointer (&source, &n_sources, &sources_size, row_source);
        }
    }
    entry->offsets[n_rows] = n_items;
    entry->rows = g_new (guint32, MAX (n_items, 1));

    g_autofree guint32 *hashes = g_new (guint32, MAX (n_items, 1));
    for (guint k = 0; k < n_items; k++) {
        if (k + AHEAD < n_items && id[k + AHEAD] != NULL)
            __builtin_prefetch (id[k + AHEAD]);
        hashes[k] = id[k] != NULL ? id_hash (id[k]) : 0;
    }
    for (guint k = 0; k < n_items; k++) {
        if (k + 3 * AHEAD < n_items)
            id_index_prefetch (&index, hashes[k + 3 * AHEAD], 0);
        if (k + 2 * AHEAD < n_items)
            id_index_prefetch (&index, hashes[k + 2 * AHEAD], 1);
        if (k + AHEAD < n_items)
            id_index_prefetch (&index, hashes[k + AHEAD], 2);
        entry->rows[k] = id[k] == NULL ? VINV_NO_ROW
                                       : id_index_find (&index,
                                                        source != NULL ? source[k] : NULL,
                                                        id[k], hashes[k]);
    }
    id_index_clear (&index);

    entry->links.n_rows = n_rows;
    entry->links.offsets = entry->offsets;
    entry->links.rows = entry->rows;
    return entry;
}

VinvLinks *
vinv_table_ref_links (const VinvTable *self, guint col, const VinvTable *target)
{
    g_return_val_if_fail (self != NULL && target != NULL, NULL);
    g_return_val_if_fail (col < self->schema->n_columns, NULL);

    /* The cache does not change what the table holds, so a const table
     * keeps it; the lock lets several readers (threads) ask at once. */
    VinvTable *mutable_self = (VinvTable *) self;
    LinksEntry *found = NULL;
    /* taken before self's lock: one lock at a time, so readers resolving
     * VMs -> Hosts and Hosts -> VMs at once cannot deadlock */
    guint64 target_stamp = table_stamp (target);

    g_mutex_lock (&mutable_self->links_lock);
    if (self->links == NULL)
        mutable_self->links = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_links_unref);
    for (guint i = 0; i < self->links->len; i++) {
        LinksEntry *entry = g_ptr_array_index (self->links, i);
        if (entry->col != col)
            continue;
        if (entry->target_stamp == target_stamp) {
            found = entry;
        } else {
            /* links into an older state of the target: never asked again */
            g_ptr_array_remove_index_fast (self->links, i);
        }
        break;
    }
    if (found == NULL) {
        found = resolve_links (self, col, target);
        found->target_stamp = target_stamp;
        g_ptr_array_add (self->links, found);
    }
    g_atomic_ref_count_inc (&found->ref);
    g_mutex_unlock (&mutable_self->links_lock);
    return &found->links;
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

    changed (self, TRUE);
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

    changed (self, TRUE);
    changed (src, TRUE);
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
    /* the rows live in src's arena, which self adopts */
    g_ptr_array_set_size (src->rows, 0);

    g_ptr_array_add (self->adopted, src->arena.blocks);
    src->arena = (Arena) { .blocks = g_ptr_array_new_with_free_func (g_free) };
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
