/* compare.h — typed comparison of cells, for sorting and for < and >.
 *
 * DESIGN.md section 7.4: numbers numerically (quantities are stored in base
 * units, so units are already normalised), text case-insensitively with
 * natural order for embedded numbers (vm2 < vm10), timestamps by time,
 * booleans false < true, references by their text, lists by their number
 * of items and then by the item shown first, null before everything.
 */
#pragma once

#include "cell.h"

G_BEGIN_DECLS

/* Natural, case-insensitive comparison of two UTF-8 strings: runs of ASCII
 * digits compare by numeric value ("vm2" < "vm10"), the rest by
 * case-folded character; ties are broken bytewise so the order is total.
 * Returns <0, 0 or >0. */
int vinv_strnatcasecmp (const char *a, const char *b);

/* Appends to @out a sort key of @s: comparing two keys bytewise (memcmp,
 * then the shorter first) orders their strings exactly as
 * vinv_strnatcasecmp() does for valid UTF-8, so a sort can build each key
 * once instead of re-folding strings in every comparison.  The key holds
 * the case-folded text with digit runs as 0x30, their length and their
 * digits (leading zeros dropped), then a NUL and the original bytes as the
 * tie-breaker. */
void vinv_natural_key_append (GString *out, const char *s);

/* Compares two cells of @column.  @a_first / @b_first: index of the list
 * item shown first (0 normally).  Lists compare by their number of items,
 * then by the item shown first (so "Disk1 (2)" < "Disk2 (2)" < "A (3)"),
 * whatever the filter.  Null sorts first.  Returns <0, 0 or >0. */
int vinv_cell_compare (const VinvColumn *column,
                       const VinvCell *a, guint a_first,
                       const VinvCell *b, guint b_first);

G_END_DECLS
