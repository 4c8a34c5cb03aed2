/* computed.h — columns the core computes from other columns and links.
 *
 * Overcommit, over-allocation, snapshot counts and ages, totals: columns
 * flagged VINV_COL_COMPUTED in tables-*.c, which no back-end fills.  They are
 * computed here, once per load, from the cells the back-ends filled and
 * the links between rows (a VM's Host, a disk's Storage domains, a
 * snapshot's VM), so every back-end and every saved inventory gets them
 * alike.  vinv_backend_fetch() calls vinv_computed_fill() after a
 * successful fetch; the session, which merges tables as they complete,
 * calls vinv_computed_fill_table() on each merged table before handing it
 * over.
 *
 * No silent wrong answer: a computed cell is "no value" when an input it
 * needs is unknown — the input table is absent or failed to load, a
 * linked row is missing, or a value it sums has no value — never a sum of
 * what happened to be there.
 */
#pragma once

#include "inventory.h"

G_BEGIN_DECLS

/* (Re)computes every computed column of every table of @inventory,
 * overwriting what was there.  Can't fail. */
void vinv_computed_fill (VinvInventory *inventory);

/* The other tables whose cells the computed columns of table @kind are
 * computed from, as a mask of (1 << VinvTableKind); 0 for a table without
 * computed columns.  The graph has no cycle. */
guint64 vinv_computed_table_inputs (VinvTableKind kind);

/* (Re)computes the computed columns of table @kind alone (nothing when
 * absent).  Writes only that table and reads only it and the tables of
 * vinv_computed_table_inputs(), which must be complete, their own computed
 * columns included (clusters sum their hosts' computed figures; tables in
 * the order of VinvTableKind satisfy this): a loader that
 * hands tables over as they complete (the session) computes a table just
 * before handing it over, once its inputs are complete too, so nothing
 * writes a table another thread may already read. */
void vinv_computed_fill_table (VinvInventory *inventory, VinvTableKind kind);

/* True if column @col of table @kind is computed and each column it is
 * computed from is available in @inventory
 * (vinv_inventory_column_available()); FALSE for a column that is not
 * computed. */
gboolean vinv_computed_column_available (const VinvInventory *inventory, VinvTableKind kind,
                                         guint col);

G_END_DECLS
