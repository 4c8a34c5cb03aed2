/* inventory.c — the set of tables from one or more connections, and the
 * per-inventory rules for titles and default columns.  See inventory.h.
 */
#include "inventory.h"
#include "computed.h"

#include <string.h>

struct _VinvInventory {
    gint ref_count;                       /* atomic */
    VinvTable *tables[VINV_TABLE_LAST];   /* NULL when not present */
    GPtrArray *sources;                   /* of VinvSource*, owned */
};

static void
source_free (VinvSource *s)
{
    g_free (s->name);
    g_free (s->uri);
    g_free (s->error);
    g_strfreev (s->notes);
    g_free (s);
}

VinvInventory *
vinv_inventory_new (void)
{
    VinvInventory *self = g_new0 (VinvInventory, 1);
    self->ref_count = 1;
    self->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
    return self;
}

VinvInventory *
vinv_inventory_ref (VinvInventory *self)
{
    g_return_val_if_fail (self != NULL, NULL);
    g_atomic_int_inc (&self->ref_count);
    return self;
}

void
vinv_inventory_free (VinvInventory *self)
{
    if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
        return;
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        vinv_table_unref (self->tables[k]);
    g_ptr_array_unref (self->sources);
    g_free (self);
}

VinvTable *
vinv_inventory_ensure_table (VinvInventory *self, VinvTableKind kind)
{
    g_return_val_if_fail (kind < VINV_TABLE_LAST, NULL);
    if (self->tables[kind] == NULL)
        self->tables[kind] = vinv_table_new (vinv_schema_get (kind));
    return self->tables[kind];
}

VinvTable *
vinv_inventory_get_table (const VinvInventory *self, VinvTableKind kind)
{
    g_return_val_if_fail (kind < VINV_TABLE_LAST, NULL);
    return self->tables[kind];
}

VinvTable *
vinv_inventory_lookup_table (const VinvInventory *self, const char *name)
{
    const VinvSchema *schema = vinv_schema_lookup (name);
    if (schema == NULL)
        return NULL;
    return self->tables[vinv_schema_get_kind (schema)];
}

guint
vinv_inventory_list_tables (const VinvInventory *self, VinvTable **out)
{
    guint n = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->tables[k] != NULL)
            out[n++] = self->tables[k];
    }
    return n;
}

static VinvSource *
find_source (const VinvInventory *self, const char *name)
{
    for (guint i = 0; i < self->sources->len; i++) {
        VinvSource *s = g_ptr_array_index (self->sources, i);
        if (strcmp (s->name, name) == 0)
            return s;
    }
    return NULL;
}

const VinvSource *
vinv_inventory_add_source (VinvInventory *self, const char *name, const char *uri,
                           const VinvBackendTable *tables)
{
    VinvSource *s = find_source (self, name);
    if (s != NULL)
        return s;
    s = g_new0 (VinvSource, 1);
    s->name = g_strdup (name);
    s->uri = g_strdup (uri);
    s->tables = tables;
    g_ptr_array_add (self->sources, s);
    return s;
}

void
vinv_inventory_set_source_error (VinvInventory *self, const char *name, const char *error)
{
    VinvSource *s = find_source (self, name);
    if (s == NULL)
        return;
    g_free (s->error);
    s->error = g_strdup (error);
}

void
vinv_inventory_add_source_note (VinvInventory *self, const char *name, const char *note)
{
    VinvSource *s = find_source (self, name);
    if (s == NULL)
        return;
    guint n = s->notes != NULL ? g_strv_length (s->notes) : 0;
    s->notes = g_renew (char *, s->notes, n + 2);
    s->notes[n] = g_strdup (note);
    s->notes[n + 1] = NULL;
}

guint
vinv_inventory_get_n_sources (const VinvInventory *self)
{
    return self->sources->len;
}

const VinvSource *
vinv_inventory_get_source (const VinvInventory *self, guint i)
{
    g_return_val_if_fail (i < self->sources->len, NULL);
    return g_ptr_array_index (self->sources, i);
}

/* @source's description of the table with id @table_id, or NULL. */
static const VinvBackendTable *
source_table (const VinvSource *source, const char *table_id)
{
    for (const VinvBackendTable *t = source->tables; t != NULL && t->table != NULL; t++) {
        if (strcmp (t->table, table_id) == 0)
            return t;
    }
    return NULL;
}

const char *
vinv_inventory_get_table_title (const VinvInventory *self, const VinvTable *table)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    const char *title = NULL;

    for (guint i = 0; i < self->sources->len; i++) {
        const VinvBackendTable *t = source_table (g_ptr_array_index (self->sources, i),
                                                  schema->id);
        if (t == NULL)
            continue;
        if (t->title == NULL || (title != NULL && strcmp (title, t->title) != 0))
            return schema->title;
        title = t->title;
    }
    return title != NULL ? title : schema->title;
}

gboolean
vinv_inventory_column_available (const VinvInventory *self, const VinvTable *table, guint col)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    const VinvColumn *c = vinv_table_get_column (table, col);
    gboolean described = FALSE;

    if (c->flags & (VINV_COL_SOURCE | VINV_COL_ROW_ID))
        return TRUE;
    if (c->flags & VINV_COL_COMPUTED)
        return vinv_computed_column_available (self, vinv_schema_get_kind (schema), col);
    for (guint i = 0; i < self->sources->len; i++) {
        const VinvSource *s = g_ptr_array_index (self->sources, i);
        described |= s->tables != NULL;
        const VinvBackendTable *t = source_table (s, schema->id);
        for (guint k = 0; t != NULL && t->columns != NULL && t->columns[k] != NULL; k++) {
            if (strcmp (t->columns[k], c->id) == 0)
                return TRUE;
        }
    }
    /* an inventory without described sources (a test, an empty snapshot)
     * shows all */
    return !described;
}

const char *
vinv_inventory_find_source_without (const VinvInventory *self, const VinvTable *table,
                                    guint col)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    const VinvColumn *c = vinv_table_get_column (table, col);

    if (c->flags & (VINV_COL_SOURCE | VINV_COL_ROW_ID | VINV_COL_COMPUTED))
        return NULL;
    for (guint i = 0; i < self->sources->len; i++) {
        const VinvSource *s = g_ptr_array_index (self->sources, i);
        const VinvBackendTable *t = source_table (s, schema->id);
        gboolean fills = FALSE;
        if (t == NULL)
            continue;
        for (guint k = 0; t->columns != NULL && t->columns[k] != NULL && !fills; k++)
            fills = strcmp (t->columns[k], c->id) == 0;
        if (!fills)
            return s->name;
    }
    return NULL;
}

gboolean
vinv_inventory_column_default_visible (const VinvInventory *self, const VinvTable *table,
                                       guint col)
{
    const VinvColumn *c = vinv_table_get_column (table, col);
    if (c->flags & VINV_COL_SOURCE)
        return self->sources->len > 1;
    return (c->flags & VINV_COL_DEFAULT) && vinv_inventory_column_available (self, table, col);
}

void
vinv_inventory_merge (VinvInventory *self, VinvInventory *src)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (src->tables[k] == NULL)
            continue;
        VinvTable *dst = vinv_inventory_ensure_table (self, k);
        vinv_table_take_rows (dst, src->tables[k]);
    }
    for (guint i = 0; i < src->sources->len; i++) {
        VinvSource *s = g_ptr_array_index (src->sources, i);
        const VinvSource *added = vinv_inventory_add_source (self, s->name, s->uri, s->tables);
        if (s->error != NULL && added->error == NULL)
            vinv_inventory_set_source_error (self, s->name, s->error);
        for (guint n = 0; s->notes != NULL && s->notes[n] != NULL; n++)
            vinv_inventory_add_source_note (self, s->name, s->notes[n]);
    }
    g_ptr_array_set_size (src->sources, 0);
}

guint
vinv_inventory_count_failures (const VinvInventory *self)
{
    guint n = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->tables[k] != NULL && vinv_table_get_error (self->tables[k]) != NULL)
            n++;
    }
    for (guint i = 0; i < self->sources->len; i++) {
        if (((VinvSource *) g_ptr_array_index (self->sources, i))->error != NULL)
            n++;
    }
    return n;
}
