/* computed.h — columns the core computes from other columns and links.
 *
 * Overcommit, over-allocation, snapshot counts and ages, totals: columns
 * flagged VINV_COL_COMPUTED in tables.c, which no back-end fills.  They are
 * computed here, once per load, from the cells the back-ends filled and
 * the links between rows (a VM's Host, a disk's Storage domains, a
 * snapshot's VM), so every back-end and every saved inventory gets them
 * alike.  vinv_backend_fetch() calls vinv_computed_fill() after each
 * successful fetch; links never cross sources, so a part computed before
 * merging stays right after it.
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

/* True if column @col of table @kind is computed and each column it is
 * computed from is available in @inventory
 * (vinv_inventory_column_available()); FALSE for a column that is not
 * computed. */
gboolean vinv_computed_column_available (const VinvInventory *inventory, VinvTableKind kind,
                                         guint col);

G_END_DECLS
