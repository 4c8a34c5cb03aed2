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
    /* What its back-end fills (VinvBackendClass.tables, static, terminated
     * by {NULL}), or NULL when not known (a connection that failed before a
     * back-end was chosen, a test): such a source adds no column. */
    const VinvBackendTable *tables;
    char *error;       /* why it failed to load at all, or NULL */
    /* What the back-end says about the data it loaded, one line each
     * ("2 values out of range or malformed, left empty (first: ...)"):
     * NULL-terminated, or NULL when there is nothing to say. */
    char **notes;
} VinvSource;

VinvInventory *vinv_inventory_new (void);
/* Another reference to @self, for a reader in another thread (a health
 * run, a cache writer) that may outlive its owner's use of it.  The
 * inventory must no longer change once shared.  vinv_inventory_free()
 * drops one reference and frees at the last; with one reference, as
 * everywhere that never calls ref, it frees at once. */
VinvInventory *vinv_inventory_ref (VinvInventory *self);
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

/* Registers a source whose back-end fills @tables (its class's list; may
 * be NULL, see VinvSource).  A source of the same name is kept as it is.
 * Returns the stored source (borrowed). */
const VinvSource *vinv_inventory_add_source (VinvInventory *self, const char *name,
                                             const char *uri,
                                             const VinvBackendTable *tables);
void vinv_inventory_set_source_error (VinvInventory *self, const char *name,
                                      const char *error);
/* Adds a one-line note to source @name (see VinvSource.notes). */
void vinv_inventory_add_source_note (VinvInventory *self, const char *name, const char *note);
guint vinv_inventory_get_n_sources (const VinvInventory *self);
const VinvSource *vinv_inventory_get_source (const VinvInventory *self, guint i);

/* The title to show for @table: the back-ends' title override ("Storage
 * pools") when every source whose back-end fills the table gives the same
 * one, else the schema title. */
const char *vinv_inventory_get_table_title (const VinvInventory *self, const VinvTable *table);

/* True if @col of @table is shown by default in this inventory: its
 * DEFAULT flag is set and it is available; Source is shown by default when
 * there are several sources. */
gboolean vinv_inventory_column_default_visible (const VinvInventory *self,
                                                const VinvTable *table, guint col);

/* True if some source's back-end lists @col of @table among the columns
 * it fills (Source and ID always are).  When no source has a description
 * (no sources, or only unknown ones) every column is available. */
/* A column the core computes (VINV_COL_COMPUTED) is available when the
 * columns it is computed from are (vinv_computed_column_available()). */
gboolean vinv_inventory_column_available (const VinvInventory *self,
                                          const VinvTable *table, guint col);

/* The name of the first source whose back-end provides @table but does
 * not fill @col (so its rows have no value there whatever the data), or
 * NULL when every source that provides the table fills it.  Sources
 * without a description are not counted.  Source, ID and computed
 * columns (vinv_inventory_column_available() for those) are taken as
 * filled.  For front ends that must not act on "no value" (do). */
const char *vinv_inventory_find_source_without (const VinvInventory *self,
                                                const VinvTable *table, guint col);

/* Moves every table's rows and every source of @src into @self.  @src is
 * left empty (and may be freed). */
void vinv_inventory_merge (VinvInventory *self, VinvInventory *src);

/* Number of tables with a load error, and of sources that failed. */
guint vinv_inventory_count_failures (const VinvInventory *self);

G_END_DECLS
