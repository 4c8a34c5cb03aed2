/* mapping.c — compiles the oVirt mapping (mapping.h, data in documents.c)
 * into the stream mapper's record specs, and the generic close functions
 * that turn one finished JSON record into a row, links and pairs.
 *
 * Compiling: every record map becomes a VinvRecordSpec whose slots are the
 * distinct paths of its rows (two rows with the same path share a slot)
 * followed by its statistics; its fields name those paths, its children
 * and, when it has statistic rows, "statistics.statistic".  A per-entity
 * document's root spec has the slots of its parent's record, with the
 * parent's id preset, and one field: the key of its elements.  Everything
 * is compiled once and lives as long as the process (like the key tries in
 * json-map.c).
 *
 * How parents and children meet: a child record (a NIC inside a VM) makes
 * its row at once with the parent link left NULL, and leaves the parent a
 * deferred note; the parent's close, which knows its id whatever the key
 * order was, fills the link in.  A per-entity document's root plays the
 * parent.  Statistics never make rows: a statistic record adds its datum to
 * its parent's slot for that statistic name.
 */
#include "mapping.h"

#include <string.h>

#include "convert.h"

/* The most columns a table may have (apply_columns() keeps a bit per
 * column; checked when compiling). */
#define MAX_COLUMNS 256

/* The longest statistic name and the most statistics a record may read
 * (checked when compiling). */
#define MAX_STAT_NAME 63
#define MAX_STATS 255

/* Deferred note tags: a row (table and link field) or a pair that needs
 * its owner. */
#define TAG_ROW(kind, link) (1 + (guint) (kind) * 16 + (guint) (link))
#define TAG_PAIR_BASE 1000

static const struct {
    const char *name;
    gsize offset;
} link_fields[] = {
    { "cluster", G_STRUCT_OFFSET (VinvOvirtLinks, cluster) },
    { "dc", G_STRUCT_OFFSET (VinvOvirtLinks, dc) },
    { "host", G_STRUCT_OFFSET (VinvOvirtLinks, host) },
    { "vm", G_STRUCT_OFFSET (VinvOvirtLinks, vm) },
    { "template", G_STRUCT_OFFSET (VinvOvirtLinks, template) },
    { "pool", G_STRUCT_OFFSET (VinvOvirtLinks, pool) },
    { "network", G_STRUCT_OFFSET (VinvOvirtLinks, network) },
    { "profile", G_STRUCT_OFFSET (VinvOvirtLinks, profile) },
    { "mac", G_STRUCT_OFFSET (VinvOvirtLinks, mac) },
};
G_STATIC_ASSERT (G_N_ELEMENTS (link_fields) <= 16);

static const char *const pair_roles[] = { "owner", "item", "info1", "info2" };

/* One row of a record map, compiled. */
typedef struct {
    guint slot;
    int column;                 /* column index in the record's table, or -1 */
    VinvOvirtConv conv;
    int link;                   /* LINK: index in link_fields */
} Row;

typedef struct {
    const VinvOvirtRecordMap *map;
    VinvRecordSpec spec;
    Row *rows;
    guint n_rows;
    guint *column_rows;         /* the rows of column conversions, in order */
    guint n_column_rows;
    guint *link_rows;           /* the LINK rows, in order */
    guint n_link_rows;
    GHashTable *slots;          /* path -> slot + 1 */
    GHashTable *slots_by_ptr;   /* the same, by the rows' path pointers (what
                                 * compute functions pass, a string literal
                                 * of documents.c, is mostly one of them) */
    int id_slot;
    const char **stat_names;    /* stat_names[i] feeds slot stat_slots[i] */
    gsize *stat_lens;           /* strlen (stat_names[i]) */
    guint *stat_slots;
    guint n_stats;
    /* by length: 1 + the first statistic of that length, 0 if none; then
     * 1 + the next of the same length (stat_next) */
    guint8 stat_by_len[MAX_STAT_NAME + 1];
    guint8 *stat_next;
    int parent_link;            /* index in link_fields, or -1 */
    int role_slot[4];           /* pair records: slot per role, or -1 */
    int each_role;              /* pair records: the PAIR_EACH role, or -1 */
} Compiled;

static GHashTable *compiled_maps;               /* map -> Compiled* */
static GPtrArray *compiled_docs;                /* of VinvOvirtDoc*, NULL-ended */
VinvBackendTable vinv_ovirt_tables[VINV_TABLE_LAST + 1];   /* filled by describe () */

/* ---- rows and pairs in the store ----------------------------------------------- */

/* A new row of @kind whose id is @id (interned in the sink's store). */
static guint
add_row (VinvOvirtSink *s, VinvTableKind kind, const char *id, VinvOvirtLinks **links)
{
    VinvTable *t = vinv_ovirt_store_table (s->store, kind);
    guint row = vinv_table_add_row (t, s->load->source, id);
    VinvOvirtLinks l = { .id = id };
    g_array_append_val (s->store->links[kind], l);
    *links = &g_array_index (s->store->links[kind], VinvOvirtLinks, row);
    return row;
}

/* A pair of @roles (@lens: their lengths). */
static guint
add_pair (VinvOvirtSink *s, VinvPairKind kind, const char *const roles[4], const gsize lens[4])
{
    const char *interned[4];

    vinv_ovirt_store_intern_n (s->store, 4, roles, lens, interned);
    VinvOvirtPair p = { interned[0], interned[1], interned[2], interned[3] };
    if (s->store->pairs[kind] == NULL)
        s->store->pairs[kind] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtPair));
    g_array_append_val (s->store->pairs[kind], p);
    return s->store->pairs[kind]->len - 1;
}

static void
defer_to_parent (VinvRecord *r, guint tag, guint index)
{
    VinvRecord *parent = vinv_record_get_parent (r);
    if (parent != NULL)
        vinv_record_defer (parent, tag, index);
}

/* Gives every child row and pair noted on @r the owner @owner (interned),
 * unless the child named its owner itself. */
static void
resolve_children (VinvOvirtSink *s, const VinvRecord *r, const char *owner)
{
    guint n = vinv_record_n_deferred (r);

    for (guint i = 0; i < n; i++) {
        guint tag, index;
        vinv_record_get_deferred (r, i, &tag, &index);
        if (tag >= TAG_PAIR_BASE) {
            GArray *pairs = s->store->pairs[tag - TAG_PAIR_BASE];
            VinvOvirtPair *p = &g_array_index (pairs, VinvOvirtPair, index);
            if (p->owner == NULL)
                p->owner = owner;
            continue;
        }
        VinvTableKind kind = (tag - 1) / 16;
        VinvOvirtLinks *l = &g_array_index (s->store->links[kind], VinvOvirtLinks, index);
        gsize offset = link_fields[(tag - 1) % 16].offset;
        const char **field = &G_STRUCT_MEMBER (const char *, l, offset);
        if (*field == NULL)
            *field = owner;
    }
}

/* ---- conversions ---------------------------------------------------------------- */

typedef enum {
    CONVERTED,      /* the cell is set */
    NO_VALUE,       /* a valid value that means "none" (an MTU of 0) */
    REJECTED,       /* not a value of that kind, or out of range */
} Converted;

/* Sets @col of @row from @text by @conv. */
static Converted
convert_set (VinvTable *t, guint row, guint col, VinvOvirtConv conv, const char *text,
             gsize len)
{
    gint64 i;
    double d;
    gboolean b;

    switch (conv) {
    case VINV_OVIRT_TEXT:
        vinv_table_set_string_len (t, row, col, text, len);
        return CONVERTED;
    case VINV_OVIRT_BOOL:
        if (!vinv_ovirt_parse_bool (text, &b))
            return REJECTED;
        vinv_table_set_bool (t, row, col, b);
        return CONVERTED;
    case VINV_OVIRT_INT:
    case VINV_OVIRT_POSITIVE_INT:
        if (!vinv_ovirt_parse_int (text, &i))
            return REJECTED;
        if (conv == VINV_OVIRT_POSITIVE_INT && i <= 0)
            return NO_VALUE;
        vinv_table_set_int (t, row, col, i);
        return CONVERTED;
    case VINV_OVIRT_DOUBLE:
        if (!vinv_ovirt_parse_double (text, &d))
            return REJECTED;
        vinv_table_set_double (t, row, col, d);
        return CONVERTED;
    case VINV_OVIRT_QUANTITY:
    case VINV_OVIRT_MHZ:
    case VINV_OVIRT_BYTES_AS_BITS:
        /* below 2^63, so the scaled value and any sum of them are finite */
        if (!vinv_ovirt_parse_double (text, &d))
            return REJECTED;
        d *= conv == VINV_OVIRT_MHZ ? 1e6 : conv == VINV_OVIRT_BYTES_AS_BITS ? 8 : 1;
        vinv_table_set_quantity (t, row, col, d);
        return CONVERTED;
    case VINV_OVIRT_TIME_MS:
        if (!vinv_ovirt_parse_time_ms (text, &i))
            return REJECTED;
        vinv_table_set_time (t, row, col, i);
        return CONVERTED;
    case VINV_OVIRT_TIME_S:
        /* 0 (or less) is what an engine sends for "not known" */
        if (vinv_ovirt_parse_int (text, &i) && i <= 0)
            return NO_VALUE;
        if (!vinv_ovirt_parse_time_s (text, &i))
            return REJECTED;
        vinv_table_set_time (t, row, col, i);
        return CONVERTED;
    default:
        return REJECTED;
    }
}

/* Notes on the store that @text for @column of the row @id of @map's table
 * was rejected. */
static void
note_rejected (VinvOvirtStore *store, const VinvOvirtRecordMap *map, const char *column,
               const char *id, const char *text)
{
    g_autofree char *what = g_strdup_printf ("%s.%s of %s: '%.40s'",
                                             vinv_schema_get (map->table)->id, column,
                                             id != NULL ? id : "?", text != NULL ? text : "");
    vinv_ovirt_store_reject (store, what);
}

static gboolean
is_column_conv (VinvOvirtConv conv)
{
    return conv <= VINV_OVIRT_TEXT_LIST;
}

/* Applies the column rows of @c to @row; @fresh for a row just made (a
 * per-entity document only adds values to an existing row).  A rejected
 * value is noted on the store when no alternative filled its column. */
static void
apply_columns (VinvOvirtStore *store, const Compiled *c, const VinvRecord *r, VinvTable *t,
               guint row, gboolean fresh)
{
    int rejected[8];
    guint n_rejected = 0;

    /* fresh rows: the columns set so far (a new row's cells are null) */
    guint64 set[MAX_COLUMNS / 64] = { 0 };

    for (guint i = 0; i < c->n_column_rows; i++) {
        guint k = c->column_rows[i];
        const Row *w = &c->rows[k];
        if (w->conv == VINV_OVIRT_TEXT_LIST) {
            if (!fresh && vinv_record_get (r, w->slot) == NULL)
                continue;
            g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VinvItem));
            guint iter = 0;
            const char *v;
            while ((v = vinv_record_next (r, w->slot, &iter)) != NULL) {
                VinvItem item = { v, NULL };
                g_array_append_val (items, item);
            }
            vinv_table_set_list (t, row, (guint) w->column, (const VinvItem *) items->data,
                                 items->len);
            set[w->column / 64] |= G_GUINT64_CONSTANT (1) << (w->column % 64);
            continue;
        }
        /* an earlier alternative for the same column won */
        if (fresh ? (set[w->column / 64] >> (w->column % 64)) & 1
                  : vinv_table_get_cell (t, row, (guint) w->column)->kind != VINV_CELL_NULL)
            continue;
        gsize len;
        const char *v = vinv_record_get_with_len (r, w->slot, &len);
        if (v == NULL)
            continue;
        Converted done = convert_set (t, row, (guint) w->column, w->conv, v, len);
        if (done == CONVERTED)
            set[w->column / 64] |= G_GUINT64_CONSTANT (1) << (w->column % 64);
        else if (done == REJECTED && n_rejected < G_N_ELEMENTS (rejected))
            rejected[n_rejected++] = (int) k;
    }
    for (guint i = 0; i < n_rejected; i++) {
        const Row *w = &c->rows[rejected[i]];
        if (vinv_table_get_cell (t, row, (guint) w->column)->kind == VINV_CELL_NULL)
            note_rejected (store, c->map, vinv_table_get_column (t, (guint) w->column)->id,
                           vinv_table_get_row_id (t, row), vinv_record_get (r, w->slot));
    }
}

/* ---- close functions -------------------------------------------------------------- */

/* A record that makes a row. */
static void
record_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = user_data;
    const Compiled *c = vinv_record_get_spec (r)->data;
    /* the id, then the links' values: interned together */
    const char *texts[VINV_OVIRT_INTERN_MAX];
    const char *interned[VINV_OVIRT_INTERN_MAX];
    gsize lens[VINV_OVIRT_INTERN_MAX];
    VinvOvirtLinks *l;

    texts[0] = vinv_record_get_with_len (r, (guint) c->id_slot, &lens[0]);
    if (texts[0] == NULL)
        return;
    for (guint i = 0; i < c->n_link_rows; i++)
        texts[1 + i] = vinv_record_get_with_len (r, c->rows[c->link_rows[i]].slot, &lens[1 + i]);
    vinv_ovirt_store_intern_n (s->store, 1 + c->n_link_rows, texts, lens, interned);
    VinvTableKind kind = c->map->table;
    const char *self_id = interned[0];
    if (!vinv_ovirt_store_claim_id (s->store, kind, self_id)) {
        /* the same id again in one collection: the first is kept; what was
         * inside this one still belongs to that id */
        g_autofree char *what = g_strdup_printf ("%s %s", vinv_schema_get (kind)->id, self_id);
        vinv_ovirt_store_duplicate (s->store, what);
        resolve_children (s, r, self_id);
        return;
    }
    guint row = add_row (s, kind, self_id, &l);
    for (guint i = 0; i < c->n_link_rows; i++) {
        if (interned[1 + i] != NULL)
            G_STRUCT_MEMBER (const char *, l, link_fields[c->rows[c->link_rows[i]].link].offset)
                = interned[1 + i];
    }
    VinvTable *t = s->store->tables[kind];
    apply_columns (s->store, c, r, t, row, TRUE);
    if (c->map->compute != NULL) {
        VinvOvirtRow ctx = { s, r, c, t, row, l };
        c->map->compute (&ctx);
    }
    if (c->parent_link >= 0)
        defer_to_parent (r, TAG_ROW (kind, c->parent_link), row);
    resolve_children (s, r, self_id);
}

/* A record that makes pairs. */
static void
pair_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = user_data;
    const Compiled *c = vinv_record_get_spec (r)->data;
    VinvPairKind kind = c->map->pair;
    const char *roles[4];
    gsize lens[4] = { 0 };

    for (guint i = 0; i < 4; i++)
        roles[i] = c->role_slot[i] >= 0
                   ? vinv_record_get_with_len (r, (guint) c->role_slot[i], &lens[i]) : NULL;
    if (c->each_role < 0) {
        defer_to_parent (r, TAG_PAIR_BASE + kind, add_pair (s, kind, roles, lens));
        return;
    }
    guint iter = 0;
    const char *v;
    while ((v = vinv_record_next (r, (guint) c->role_slot[c->each_role], &iter)) != NULL) {
        roles[c->each_role] = v;
        lens[c->each_role] = strlen (v);
        defer_to_parent (r, TAG_PAIR_BASE + kind, add_pair (s, kind, roles, lens));
    }
}

/* The root of a per-entity document: stands for the parent record (whose id
 * is preset) and adds to the parent's existing row. */
static void
update_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = user_data;
    const Compiled *c = vinv_record_get_spec (r)->data;
    gsize id_len;
    const char *id = vinv_record_get_with_len (r, (guint) c->id_slot, &id_len);

    if (id == NULL)
        return;
    const char *owner = vinv_ovirt_store_intern_len (s->store, id, id_len);
    resolve_children (s, r, owner);
    VinvTableKind kind = c->map->table;
    if (kind == VINV_TABLE_LAST || s->store->tables[kind] == NULL)
        return;
    int row = vinv_table_find_row (s->store->tables[kind], s->load->source, owner);
    if (row < 0)
        return;
    VinvTable *t = s->store->tables[kind];
    apply_columns (s->store, c, r, t, (guint) row, FALSE);
    if (c->map->compute != NULL) {
        VinvOvirtRow ctx = { s, r, c, t, (guint) row,
                             &g_array_index (s->store->links[kind], VinvOvirtLinks, row) };
        c->map->compute (&ctx);
    }
}

/* ---- statistics ----------------------------------------------------------------------- */

enum { ST_NAME, ST_DATUM, ST_LAST };

/* memcmp (@a, @b, @len) == 0, inline: words of 8 bytes, the last one
 * overlapping (statistic names are 8 to 30 bytes). */
static inline gboolean
same_bytes (const char *a, const char *b, gsize len)
{
    guint64 x, y;

    if (len < 8)
        return memcmp (a, b, len) == 0;
    for (gsize i = 0; i + 8 < len; i += 8) {
        memcpy (&x, a + i, 8);
        memcpy (&y, b + i, 8);
        if (x != y)
            return FALSE;
    }
    memcpy (&x, a + len - 8, 8);
    memcpy (&y, b + len - 8, 8);
    return x == y;
}

static void
stat_close (VinvRecord *r, gpointer user_data)
{
    VinvRecord *parent = vinv_record_get_parent (r);
    gsize len, datum_len;
    const char *name = vinv_record_get_with_len (r, ST_NAME, &len);
    const char *datum = vinv_record_get_with_len (r, ST_DATUM, &datum_len);

    if (parent == NULL || name == NULL || datum == NULL || len > MAX_STAT_NAME)
        return;
    const Compiled *c = vinv_record_get_spec (parent)->data;
    if (c == NULL)
        return;
    /* the names of that length (one or two), compared a word at a time */
    for (guint i = c->stat_by_len[len]; i != 0; i = c->stat_next[i - 1]) {
        if (c->stat_names[i - 1][0] == name[0] && same_bytes (c->stat_names[i - 1], name, len)) {
            vinv_record_add (parent, c->stat_slots[i - 1], datum, datum_len);
            return;
        }
    }
}

/* The first datum is the newest value (history statistics list several). */
static const VinvFieldSpec stat_fields[] = {
    { "name", ST_NAME, NULL },
    { "values.value.datum", ST_DATUM, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec stat_spec = {
    "statistic", ST_LAST, stat_fields, stat_close, NULL
};

/* ---- compiling --------------------------------------------------------------------------- */

static int
link_index (const char *name)
{
    for (guint i = 0; i < G_N_ELEMENTS (link_fields); i++) {
        if (strcmp (link_fields[i].name, name) == 0)
            return (int) i;
    }
    g_error ("oVirt mapping: no link field '%s'", name);
    return -1;
}

static int
column_index (const VinvOvirtRecordMap *map, const char *id)
{
    const VinvSchema *schema = map->table < VINV_TABLE_LAST ? vinv_schema_get (map->table)
                                                            : NULL;
    for (guint c = 0; schema != NULL && id != NULL && c < schema->n_columns; c++) {
        if (strcmp (schema->columns[c].id, id) == 0)
            return (int) c;
    }
    g_error ("oVirt mapping: record '%s': no column '%s'", map->name, id);
    return -1;
}

static Compiled *compile_map (const VinvOvirtRecordMap *map);

static guint
path_slot (Compiled *c, const char *path, GArray *fields)
{
    gpointer hit = g_hash_table_lookup (c->slots, path);
    if (hit != NULL)
        return GPOINTER_TO_UINT (hit) - 1;
    guint slot = g_hash_table_size (c->slots);
    g_hash_table_insert (c->slots, (gpointer) path, GUINT_TO_POINTER (slot + 1));
    if (g_str_has_prefix (path, VINV_OVIRT_STAT_PREFIX)) {
        c->stat_names = g_renew (const char *, c->stat_names, c->n_stats + 1);
        c->stat_slots = g_renew (guint, c->stat_slots, c->n_stats + 1);
        c->stat_lens = g_renew (gsize, c->stat_lens, c->n_stats + 1);
        c->stat_names[c->n_stats] = path + strlen (VINV_OVIRT_STAT_PREFIX);
        c->stat_lens[c->n_stats] = strlen (c->stat_names[c->n_stats]);
        c->stat_slots[c->n_stats] = slot;
        gsize len = c->stat_lens[c->n_stats];
        if (len > MAX_STAT_NAME || len == 0 || c->n_stats >= MAX_STATS)
            g_error ("oVirt mapping: record '%s': statistic '%s' beyond the limits",
                     c->map->name, path);
        c->stat_next = g_renew (guint8, c->stat_next, c->n_stats + 1);
        c->stat_next[c->n_stats] = c->stat_by_len[len];
        c->stat_by_len[len] = (guint8) (c->n_stats + 1);
        c->n_stats++;
    } else {
        VinvFieldSpec f = { path, (int) slot, NULL };
        g_array_append_val (fields, f);
    }
    return slot;
}

static Compiled *
compile_map (const VinvOvirtRecordMap *map)
{
    Compiled *c = g_hash_table_lookup (compiled_maps, map);
    if (c != NULL)
        return c;
    c = g_new0 (Compiled, 1);
    g_hash_table_insert (compiled_maps, (gpointer) map, c);
    c->map = map;
    c->slots = g_hash_table_new (g_str_hash, g_str_equal);
    c->slots_by_ptr = g_hash_table_new (g_direct_hash, g_direct_equal);
    c->id_slot = -1;
    c->parent_link = map->parent_link != NULL ? link_index (map->parent_link) : -1;
    c->each_role = -1;
    for (guint i = 0; i < 4; i++)
        c->role_slot[i] = -1;

    GArray *fields = g_array_new (FALSE, FALSE, sizeof (VinvFieldSpec));
    guint n = 0;
    while (map->fields[n].path != NULL)
        n++;
    c->rows = g_new0 (Row, n);
    c->n_rows = n;
    c->column_rows = g_new (guint, MAX (n, 1));
    c->link_rows = g_new (guint, MAX (n, 1));
    for (guint k = 0; k < n; k++) {
        const VinvOvirtField *f = &map->fields[k];
        Row *w = &c->rows[k];
        w->slot = path_slot (c, f->path, fields);
        g_hash_table_insert (c->slots_by_ptr, (gpointer) f->path, GUINT_TO_POINTER (w->slot + 1));
        w->conv = f->conv;
        w->column = -1;
        w->link = -1;
        if (is_column_conv (f->conv) || f->conv == VINV_OVIRT_INPUT)
            w->column = column_index (map, f->column);
        if (is_column_conv (f->conv))
            c->column_rows[c->n_column_rows++] = k;
        if (f->conv == VINV_OVIRT_LINK)
            c->link_rows[c->n_link_rows++] = k;
        if (1 + c->n_link_rows > VINV_OVIRT_INTERN_MAX)
            g_error ("oVirt mapping: record '%s' has more than %d links", map->name,
                     VINV_OVIRT_INTERN_MAX - 1);
        switch (f->conv) {
        case VINV_OVIRT_ID:
            c->id_slot = (int) w->slot;
            break;
        case VINV_OVIRT_LINK:
            w->link = link_index (f->column);
            break;
        case VINV_OVIRT_PAIR:
        case VINV_OVIRT_PAIR_EACH: {
            int role = -1;
            for (guint i = 0; i < G_N_ELEMENTS (pair_roles); i++) {
                if (strcmp (pair_roles[i], f->column) == 0)
                    role = (int) i;
            }
            if (role < 0 || map->pair >= VINV_PAIR_LAST)
                g_error ("oVirt mapping: record '%s': bad pair role '%s'", map->name,
                         f->column);
            c->role_slot[role] = (int) w->slot;
            if (f->conv == VINV_OVIRT_PAIR_EACH)
                c->each_role = role;
            break;
        }
        default:
            break;
        }
    }
    if (map->table < VINV_TABLE_LAST && vinv_schema_get (map->table)->n_columns > MAX_COLUMNS)
        g_error ("oVirt mapping: table of '%s' has more than %d columns", map->name,
                 MAX_COLUMNS);
    if (map->table < VINV_TABLE_LAST && c->id_slot < 0)
        g_error ("oVirt mapping: record '%s' makes rows but has no id", map->name);
    for (const VinvOvirtChild *ch = map->children; ch != NULL && ch->path != NULL; ch++) {
        VinvFieldSpec f = { ch->path, -1, &compile_map (ch->record)->spec };
        g_array_append_val (fields, f);
    }
    if (c->n_stats > 0) {
        VinvFieldSpec f = { "statistics.statistic", -1, &stat_spec };
        g_array_append_val (fields, f);
    }
    VinvFieldSpec end = { NULL, -1, NULL };
    g_array_append_val (fields, end);

    c->spec.name = map->name;
    c->spec.n_slots = g_hash_table_size (c->slots);
    c->spec.fields = (const VinvFieldSpec *) g_array_free (fields, FALSE);
    c->spec.close = map->table < VINV_TABLE_LAST ? record_close : pair_close;
    c->spec.data = c;
    g_assert (c->spec.n_slots <= VINV_RECORD_MAX_SLOTS);
    return c;
}

/* The spec of the records at @path in @parent (a child, or the statistics). */
static const VinvRecordSpec *
child_spec (const Compiled *parent, const char *path)
{
    if (strcmp (path, "statistics.statistic") == 0 && parent->n_stats > 0)
        return &stat_spec;
    for (const VinvOvirtChild *ch = parent->map->children; ch != NULL && ch->path != NULL;
         ch++) {
        if (strcmp (ch->path, path) == 0)
            return &compile_map (ch->record)->spec;
    }
    g_error ("oVirt mapping: record '%s' has nothing at '%s'", parent->map->name, path);
    return NULL;
}

/* The record compiled for the elements of @doc, or NULL (statistics). */
static const Compiled *
element_of (const VinvOvirtDoc *doc)
{
    const VinvRecordSpec *spec = doc->spec->fields[0].child;
    return spec != &stat_spec ? spec->data : NULL;
}

/* "disk_attachments" of "disk_attachments.disk_attachment". */
static char *
first_key (const char *path)
{
    const char *dot = strchr (path, '.');
    return dot != NULL ? g_strndup (path, (gsize) (dot - path)) : g_strdup (path);
}

static char *
derive_follow (const VinvOvirtDoc *doc)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; doc->children[i] != NULL; i++) {
        const VinvOvirtDoc *ch = doc->children[i];
        g_autofree char *key = first_key (ch->def->inline_path);
        if (ch->children[0] == NULL) {
            g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", key);
            continue;
        }
        for (guint j = 0; ch->children[j] != NULL; j++) {
            g_autofree char *sub = first_key (ch->children[j]->def->inline_path);
            g_string_append_printf (out, "%s%s.%s", out->len > 0 ? "," : "", key, sub);
        }
    }
    if (out->len == 0) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

static void
compile_docs (void)
{
    compiled_docs = g_ptr_array_new ();
    for (const VinvOvirtDocument *def = vinv_ovirt_documents; def->path != NULL; def++) {
        VinvOvirtDoc *doc = g_new0 (VinvOvirtDoc, 1);
        const char *slash = strrchr (def->path, '/');
        doc->def = def;
        doc->segment = slash != NULL ? slash + 1 : def->path;
        doc->parent_slot = -1;
        VinvRecordSpec *root = g_new0 (VinvRecordSpec, 1);
        VinvFieldSpec *fields = g_new0 (VinvFieldSpec, 2);
        root->fields = fields;
        if (def->record != NULL) {
            /* a collection: {"vm": [ ... ]}, {} when empty */
            Compiled *element = compile_map (def->record);
            root->name = def->path;
            fields[0] = (VinvFieldSpec) { def->record->name, -1, &element->spec };
        } else {
            /* a per-entity document: its parent is the document whose path
             * is this one's without "/ * /SEGMENT" */
            g_autofree char *parent_path = g_strndup (def->path,
                                                      (gsize) (slash - def->path) - 2);
            for (guint i = 0; i < compiled_docs->len && doc->parent == NULL; i++) {
                const VinvOvirtDoc *p = g_ptr_array_index (compiled_docs, i);
                if (strcmp (p->def->path, parent_path) == 0)
                    doc->parent = p;
            }
            if (doc->parent == NULL || def->inline_path == NULL)
                g_error ("oVirt mapping: document '%s' has no parent", def->path);
            const Compiled *owner = element_of (doc->parent);
            const char *key = strrchr (def->inline_path, '.');
            root->name = def->path;
            root->n_slots = owner->spec.n_slots;
            root->close = update_close;
            root->data = owner;
            fields[0] = (VinvFieldSpec) { key != NULL ? key + 1 : def->inline_path, -1,
                                          child_spec (owner, def->inline_path) };
            doc->parent_slot = owner->id_slot;
        }
        fields[1] = (VinvFieldSpec) { NULL, -1, NULL };
        doc->spec = root;
        const Compiled *element = element_of (doc);
        doc->row_table = element != NULL ? element->map->table : VINV_TABLE_LAST;
        g_ptr_array_add (compiled_docs, doc);
    }
    g_ptr_array_add (compiled_docs, NULL);

    /* children, then follow= of the collections */
    for (guint i = 0; i + 1 < compiled_docs->len; i++) {
        VinvOvirtDoc *doc = g_ptr_array_index (compiled_docs, i);
        GPtrArray *children = g_ptr_array_new ();
        for (guint j = 0; j + 1 < compiled_docs->len; j++) {
            const VinvOvirtDoc *ch = g_ptr_array_index (compiled_docs, j);
            if (ch->parent == doc)
                g_ptr_array_add (children, (gpointer) ch);
        }
        g_ptr_array_add (children, NULL);
        doc->children = (const VinvOvirtDoc *const *) g_ptr_array_free (children, FALSE);
    }
    for (guint i = 0; i + 1 < compiled_docs->len; i++) {
        VinvOvirtDoc *doc = g_ptr_array_index (compiled_docs, i);
        if (doc->parent == NULL)
            doc->follow = derive_follow (doc);
    }
}

/* The description: per table, in schema order, the columns some row,
 * computed column or the join fills. */
static void
describe (void)
{
    gboolean *filled[VINV_TABLE_LAST];
    GHashTableIter it;
    gpointer value;
    guint n = 0;

    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        filled[k] = g_new0 (gboolean, vinv_schema_get (k)->n_columns);
    g_hash_table_iter_init (&it, compiled_maps);
    while (g_hash_table_iter_next (&it, NULL, &value)) {
        const Compiled *c = value;
        for (guint r = 0; r < c->n_rows; r++) {
            if (c->rows[r].column >= 0)
                filled[c->map->table][c->rows[r].column] = TRUE;
        }
    }
    for (const VinvOvirtJoinColumn *j = vinv_ovirt_join_columns; j->table < VINV_TABLE_LAST;
         j++) {
        VinvOvirtRecordMap fake = { .name = "join", .table = j->table };
        filled[j->table][column_index (&fake, j->column)] = TRUE;
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *schema = vinv_schema_get (k);
        GPtrArray *columns = g_ptr_array_new ();
        for (guint col = 0; col < schema->n_columns; col++) {
            if (filled[k][col] && !(schema->columns[col].flags
                                    & (VINV_COL_SOURCE | VINV_COL_ROW_ID)))
                g_ptr_array_add (columns, (gpointer) schema->columns[col].id);
        }
        g_free (filled[k]);
        if (columns->len == 0) {
            g_ptr_array_free (columns, TRUE);
            continue;
        }
        g_ptr_array_add (columns, NULL);
        vinv_ovirt_tables[n++] = (VinvBackendTable) {
            schema->id, NULL, (const char *const *) g_ptr_array_free (columns, FALSE)
        };
    }
    vinv_ovirt_tables[n] = (VinvBackendTable) { NULL, NULL, NULL };
}

void
vinv_ovirt_mapping_init (void)
{
    static gsize done;

    if (g_once_init_enter (&done)) {
        compiled_maps = g_hash_table_new (g_direct_hash, g_direct_equal);
        compile_docs ();
        describe ();
        g_once_init_leave (&done, 1);
    }
}

const VinvOvirtDoc *const *
vinv_ovirt_docs (void)
{
    vinv_ovirt_mapping_init ();
    return (const VinvOvirtDoc *const *) compiled_docs->pdata;
}

const VinvOvirtDoc *
vinv_ovirt_doc_lookup (const char *path)
{
    for (const VinvOvirtDoc *const *d = vinv_ovirt_docs (); *d != NULL; d++) {
        if (strcmp ((*d)->def->path, path) == 0)
            return *d;
    }
    return NULL;
}

gboolean
vinv_ovirt_doc_is_collection (const VinvOvirtDoc *doc)
{
    return doc->parent == NULL;
}

VinvJsonParser *
vinv_ovirt_doc_parser_new (const VinvOvirtDoc *doc, VinvOvirtSink *sink, const char *parent_id)
{
    VinvJsonParser *parser = vinv_json_parser_new (doc->spec, sink);
    if (doc->parent_slot >= 0 && parent_id != NULL)
        vinv_record_add (vinv_json_parser_get_root (parser), (guint) doc->parent_slot,
                         parent_id, strlen (parent_id));
    return parser;
}

const VinvBackendTable *
vinv_ovirt_backend_tables (void)
{
    vinv_ovirt_mapping_init ();
    return vinv_ovirt_tables;
}

/* ---- for compute functions -------------------------------------------------------------- */

const char *
vinv_ovirt_row_value (const VinvOvirtRow *row, const char *path)
{
    const Compiled *c = row->compiled;
    gpointer hit = g_hash_table_lookup (c->slots_by_ptr, path);
    if (hit == NULL)
        hit = g_hash_table_lookup (c->slots, path);
    if (hit == NULL) {
        g_critical ("oVirt mapping: record '%s' does not read '%s'", c->map->name, path);
        return NULL;
    }
    return vinv_record_get (row->record, GPOINTER_TO_UINT (hit) - 1);
}

gboolean
vinv_ovirt_row_int (const VinvOvirtRow *row, const char *path, gint64 *out)
{
    return vinv_ovirt_parse_int (vinv_ovirt_row_value (row, path), out);
}

gboolean
vinv_ovirt_row_double (const VinvOvirtRow *row, const char *path, double *out)
{
    return vinv_ovirt_parse_double (vinv_ovirt_row_value (row, path), out);
}

gboolean
vinv_ovirt_row_time (const VinvOvirtRow *row, const char *path, gint64 *out_ms)
{
    return vinv_ovirt_parse_time_ms (vinv_ovirt_row_value (row, path), out_ms);
}

void
vinv_ovirt_row_reject (const VinvOvirtRow *row, guint col, const char *text)
{
    const Compiled *c = row->compiled;
    note_rejected (row->sink->store, c->map, vinv_table_get_column (row->table, col)->id,
                   vinv_table_get_row_id (row->table, row->row), text);
}
