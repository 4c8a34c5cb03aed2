/* vinv-compare.h — saved inventories in the window: Open saved
 * inventory, Save inventory, and Compare with a saved file or with a
 * record of a history database (vinv-record-chooser.h).
 *
 * Open loads `file:PATH` through the window's own loader (the saved
 * inventory back-end, found through the registry like any URI).  Save
 * writes the window's inventory with the snapshot module (when built with
 * it; otherwise the item is off and says why).  Compare loads the saved
 * file beside the live inventory and marks, in every table, the rows added
 * since (green), the cells changed since (yellow, old value in the
 * tooltip) and lists the rows removed since in the table's banner; the
 * window's message gives the counts.  "Changed only" narrows every
 * compared table to the added and changed rows through the page's filter
 * (the core filters; the GUI only writes the filter text).  Statistics
 * columns (counters that move all the time) are not compared, as in
 * `virt-inventory diff` (vinv_diff_default_columns()).
 *
 * Window actions: win.open-saved, win.save-saved, win.compare-with,
 * win.compare-history, win.compare-changed-only (boolean state),
 * win.compare-stop.
 */
#pragma once

#include <gtk/gtk.h>
#include "vinv-window.h"

G_BEGIN_DECLS

/* Adds the actions above to @window; returns the File menu section (owned
 * by the window).  Call once, when building. */
GMenuModel *vinv_file_actions_install (VinvWindow *window);
/* Enables what applies (something loaded, not loading, snapshot support). */
void vinv_file_actions_update (VinvWindow *window);

/* Loads the saved inventory at @path into @window (as `file:PATH`). */
void vinv_window_open_saved (VinvWindow *window, const char *path);
/* Saves @window's inventory to @path (replacing it).  FALSE with @error. */
gboolean vinv_window_save_inventory (VinvWindow *window, const char *path, GError **error);

/* Starts comparing @window's tables with the saved file at @path (loaded
 * off the main loop); a previous comparison ends. */
void vinv_compare_start (VinvWindow *window, const char *path);
/* The same with record @record of the history database @db (a path; the
 * record is opened as `history:DB@RECORD`).  Tooltips and messages name
 * it "record N of DB". */
void vinv_compare_start_history (VinvWindow *window, const char *db, gint64 record);
gboolean vinv_compare_is_busy (VinvWindow *window);
/* TRUE once the saved file is loaded and the tables are marked. */
gboolean vinv_compare_is_active (VinvWindow *window);
/* Counts of table @kind at the time of the comparison; FALSE if @kind was
 * not compared (no such table in one of the two). */
gboolean vinv_compare_get_counts (VinvWindow *window, VinvTableKind kind, guint *added,
                                  guint *removed, guint *changed);
/* Shows only added and changed rows in every compared table (or back). */
void vinv_compare_set_changed_only (VinvWindow *window, gboolean changed_only);
/* Ends the comparison: marks, banners and the changed-only filter go. */
void vinv_compare_stop (VinvWindow *window);

G_END_DECLS
