/* truth-check.h — compares a loaded inventory with the simulator's ground
 * truth, column by column: every column of the twelve oVirt tables that the
 * oVirt back-end lists as filled, values in base units, links by row id.
 */
#pragma once

#include "core/inventory.h"
#include "sim.h"

/* Checks every row and OVIRT column of @inv against @truth.  @now_min_ms /
 * @now_max_ms bracket the fetch (for ages and uptimes).  Fails the test
 * with the first mismatches listed. */
void truth_check (const VinvInventory *inv, yajl_val truth, gint64 now_min_ms,
                  gint64 now_max_ms);

/* Like truth_check() for a load where something failed: a table with a
 * load error is skipped, and a column marked unavailable
 * (vinv_table_get_column_unavailable()) may be null; every other value
 * must be right.  Returns how many tables failed or have an unavailable
 * column. */
guint truth_check_partial (const VinvInventory *inv, yajl_val truth, gint64 now_min_ms,
                           gint64 now_max_ms);

/* Column-by-column comparison of two inventories of the same environment
 * (ages and uptimes, which depend on the load time, within @slack_s). */
void inventory_check_equal (const VinvInventory *a, const VinvInventory *b, double slack_s);
