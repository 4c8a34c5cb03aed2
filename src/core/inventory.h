/* inventory.h — all the tables loaded from one or more connections.
 *
 * An inventory holds at most one table per canonical kind (tables.h) and
 * the list of sources (connections) that filled it.  Back-ends fill a fresh
 * inventory each; vinv_inventory_merge() moves one inventory's rows into
 * another, so several connections show as one set of tables with a Source
 * column.  An inventory is filled by one thread and then only read.
 */
#pragma once

#include "table.h"
#include "tables.h"

G_BEGIN_DECLS

typedef struct _VinvInventory VinvInventory;

/* A connection that contributed rows. */
typedef struct {
    char *name;        /* short name shown in the Source column */
    char *uri;         /* URI it was opened with (no password, ever) */
    guint origin;      /* VINV_COL_OVIRT or VINV_COL_LIBVIRT */
    char *error;       /* why it failed to load at all, or NULL */
} VinvSource;

VinvInventory *vinv_inventory_new (void);
void vinv_inventory_free (VinvInventory *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvInventory, vinv_inventory_free)

/* The table of @kind, creating it empty if absent.  Borrowed. */
VinvTable *vinv_inventory_ensure_table (VinvInventory *self, VinvTableKind kind);

/* The table of @kind or NULL if no back-end provided it.  Borrowed. */
VinvTable *vinv_inventory_get_table (const VinvInventory *self, VinvTableKind kind);

/* Finds a present table by id, title or alias (see vinv_schema_lookup()).
 * Returns NULL if no such table exists or it is not present. */
VinvTable *vinv_inventory_lookup_table (const VinvInventory *self, const char *name);

/* Present tables, in canonical order.  Fills @out (size VINV_TABLE_LAST)
 * and returns how many. */
guint vinv_inventory_list_tables (const VinvInventory *self, VinvTable **out);

/* Registers a source.  Returns the stored source (borrowed). */
const VinvSource *vinv_inventory_add_source (VinvInventory *self, const char *name,
                                             const char *uri, guint origin);
void vinv_inventory_set_source_error (VinvInventory *self, const char *name,
                                      const char *error);
guint vinv_inventory_get_n_sources (const VinvInventory *self);
const VinvSource *vinv_inventory_get_source (const VinvInventory *self, guint i);

/* OR of the origins of all sources (VINV_COL_OVIRT | VINV_COL_LIBVIRT). */
guint vinv_inventory_get_origins (const VinvInventory *self);

/* The title to show for @table: the libvirt title ("Storage pools") when
 * only libvirt sources are open, else the schema title. */
const char *vinv_inventory_get_table_title (const VinvInventory *self, const VinvTable *table);

/* True if @col of @table is shown by default in this inventory: its
 * DEFAULT flag is set and some source's back-end fills it; Source is shown
 * by default when there are several sources. */
gboolean vinv_inventory_column_default_visible (const VinvInventory *self,
                                                const VinvTable *table, guint col);

/* True if some source's back-end fills @col of @table; for a column the
 * core computes (VINV_COL_COMPUTED), if the columns it is computed from
 * are available (vinv_computed_column_available()). */
gboolean vinv_inventory_column_available (const VinvInventory *self,
                                          const VinvTable *table, guint col);

/* Moves every table's rows and every source of @src into @self.  @src is
 * left empty (and may be freed). */
void vinv_inventory_merge (VinvInventory *self, VinvInventory *src);

/* Number of tables with a load error, and of sources that failed. */
guint vinv_inventory_count_failures (const VinvInventory *self);

G_END_DECLS
