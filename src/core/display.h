/* display.h — cell values as people read them in a window.
 *
 * The text output and the exports show exact values in the column's
 * display unit ("4096 MB", "true"; see cell.h).  A window wants them
 * readable at a glance, the way GNOME's own list views show them: sizes
 * auto-scaled with binary prefixes ("32 GiB", "17.5 TiB"), counts with
 * thousands separators ("12,345"), rates in b/s multiples ("940 Mb/s"),
 * durations as ages ("3 d", "5 mo"), booleans as "Yes"/"No", statuses as
 * labels ("Not responding") with a level for a coloured icon, and lists
 * as "first +3".  These functions are that formatting, kept in the core
 * so every front end can adopt it; filters keep comparing exact values.
 * Pure functions: no I/O, nothing but the returned strings allocated.
 */
#pragma once

#include "cell.h"
#include "inventory.h"

G_BEGIN_DECLS

/* How a status reads: fine, needs a look, broken, or neither (stopped,
 * unknown).  Front ends colour an icon by it. */
typedef enum {
    VINV_STATUS_NEUTRAL,
    VINV_STATUS_OK,
    VINV_STATUS_WARNING,
    VINV_STATUS_ERROR,
} VinvStatusLevel;

/* Readable text of @cell in @column.  NULL cells give "".  Rules:
 * - bool: "Yes" / "No";
 * - integer, count quantities and plain numbers: thousands separated by
 *   ',' ("12,345", "1,234.5");
 * - bytes: the largest binary prefix that keeps the number >= 1 (B, KiB,
 *   MiB, GiB, TiB, PiB); bytes/s the same with "/s"; bits/s and hertz the
 *   decimal prefixes (b/s, Kb/s, Mb/s, Gb/s; Hz, kHz, MHz, GHz);
 * - seconds: below one second in ms ("4.2 ms"), then s, min, h, d, mo
 *   (30 d) and y (365 d) — the largest unit the value reaches;
 * - percent: "34.9 %";
 * - every scaled number: one decimal below 100, none from 100 on, a
 *   trailing ".0" dropped ("32 GiB", "4.6 GiB", "512 MiB");
 * - the Status column (id "status"): vinv_status_label();
 * - timestamps: as vinv_time_format() without the seconds;
 * - references: their text; lists: vinv_cell_format_list()'s parts
 *   joined by a space ("db-01.qcow2 +3", "12 disks").
 * Returns a newly allocated string. */
char *vinv_cell_format_display (const VinvColumn *column, const VinvCell *cell, guint first);

/* From this many items on, a list reads as its count ("12 disks"). */
#define VINV_LIST_COUNT_FROM 10

/* A list cell of @column as two parts, so that a window can keep the
 * second whole and shorten only the first: item @first and, in *@more,
 * "+n" for the n other items ("db-01.qcow2", "+3"); one item alone (*@more
 * NULL); from VINV_LIST_COUNT_FROM items on the count and the column's
 * title in lower case, unless it starts with an acronym ("12 disks",
 * "14 VMs"), *@more NULL.  "" for an empty list or another kind of cell.
 * Never "(3)", which reads like a total.  Returns a newly allocated
 * string; *@more is newly allocated or NULL (@more may be NULL). */
char *vinv_cell_format_list (const VinvColumn *column, const VinvCell *cell, guint first,
                             char **more);

/* @value in base units of @dim, scaled and formatted as above
 * ("1.5 GiB").  Returns a newly allocated string. */
char *vinv_format_quantity (VinvDimension dim, double value);

/* @value with thousands separators and at most @decimals decimals, trailing
 * zeros of the fraction dropped ("1,234,567", "-1,234.5"). */
char *vinv_format_number (double value, guint decimals);

/* A status as a label: "non_responsive" and "not_responding" read "Not
 * responding", "ok" reads "OK", "up" reads "Up", "image_locked" reads "Image locked"
 * (underscores become spaces, the first letter is capitalised). */
char *vinv_status_label (const char *status);

/* The level of a status value (case-insensitive): "up", "ok", "active",
 * "running" are OK; "maintenance", "paused", "migrating", "locked",
 * "powering_up" and other transitions are WARNING; "non_responsive",
 * "error", "failed", "crashed", "install_failed" are ERROR; anything else,
 * "down" included, is NEUTRAL. */
VinvStatusLevel vinv_status_level (const char *status);

/* A list cell's items as lines (one per item, "\n"-separated, at most
 * @max items, then "… and n more"), for tooltips.  "" for other kinds. */
char *vinv_cell_format_items (const VinvCell *cell, guint max);

/* What a window says about @column (a header's tooltip): its help text as
 * `virt-inventory columns` prints it, then a line with the name filters
 * and sorting take, the kind (and the unit of a quantity) and the table
 * it links to: "Defined memory\nmemory · quantity in MB".  Newly
 * allocated. */
char *vinv_column_dup_help (const VinvColumn *column);

/* Why column @col of @table (@col < 0: the table itself) has no values
 * on @inventory's connections: "Not available from libvirt" when none of
 * their back-ends fills it (the back-ends' titles, in source order, joined
 * by " or "; "these connections" when a back-end is not registered), or
 * NULL when one does or nothing is known of the back-ends (no described
 * source: see vinv_inventory_column_available()).  Newly allocated. */
char *vinv_inventory_dup_unavailable (const VinvInventory *inventory, const VinvTable *table,
                                      int col);

/* The same for the rows of @source alone: "Not available from libvirt"
 * when its back-end does not fill column @col of @table; NULL when it
 * does, when its back-end is not described, or for a computed column
 * (available or not by the columns it is computed from, for all sources
 * at once).  Newly allocated. */
char *vinv_source_dup_unavailable (const VinvSource *source, const VinvTable *table, int col);

G_END_DECLS
