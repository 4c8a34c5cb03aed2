/* vinv-table-page.h — one tab of the main window: one table of the
 * inventory shown through a core VinvView.
 *
 * The page has a filter entry (applied on Enter and after a 300 ms pause;
 * compile errors underlined at their byte offset, with the message below),
 * a column chooser, a "shown / total" count, a banner for load errors and a
 * GtkColumnView over a VinvRowModel.  Sorting by a header click goes to
 * vinv_view_set_sort(); the page never sorts or filters by itself.
 *
 * Reference and list cells that point at rows of another table are styled
 * as links; double-click or Enter on a row emits "link-activated" with the
 * target table kind and the filter vinv_view_link_filter() gives (the
 * clicked cell's column, else the row's first link); the row menu follows
 * any link column of the row.  The window follows it.
 *
 * Columns take their natural widths (by content) and the table scrolls
 * sideways when they do not fit; the last column takes the spare width;
 * the Name column stays in view, pinned at the left, while scrolled away.
 * Headers carry the column's help as a tooltip; a table, column or cell
 * the connections' back-ends never fill says "Not available from libvirt".
 *
 * Following a link shows a removable chip ("Disks of db-01 ✕") instead of
 * the id expression; what is typed in the entry narrows it further.
 * Escape clears chip and entry; Ctrl+C on the rows copies the selected
 * rows; a right click opens the row menu (copy, follow any link).  A
 * filter matching nothing, or an empty table, shows an empty state.
 *
 * Signals:
 *   "link-activated" (guint target_kind, const char *filter,
 *                     const char *label) — label: the chip text
 *   "rows-changed"   () — the shown rows or their count changed
 */
#pragma once

#include <gtk/gtk.h>
#include "core/config.h"
#include "core/view.h"

G_BEGIN_DECLS

#define VINV_TYPE_TABLE_PAGE (vinv_table_page_get_type ())
G_DECLARE_FINAL_TYPE (VinvTablePage, vinv_table_page, VINV, TABLE_PAGE, GtkBox)

/* A page for tables of @kind, empty until vinv_table_page_set_table(). */
GtkWidget *vinv_table_page_new (VinvTableKind kind);

VinvTableKind vinv_table_page_get_kind (VinvTablePage *self);

/* Shows @table (a reference is taken through the new view) of @inventory
 * (borrowed: it must outlive the table's use here, i.e. until the next
 * call).  The first time, @settings (may be NULL) are applied — saved
 * columns, sort, filter — and a setting that no longer applies is reported
 * in the page's banner.  Later calls (a refresh) carry the page's current
 * columns, sort and filter over to the new table. */
void vinv_table_page_set_table (VinvTablePage *self, VinvTable *table,
                                const VinvInventory *inventory,
                                const VinvTableSettings *settings);

/* The view shown (borrowed; replaced by set_table), or NULL before. */
VinvView *vinv_table_page_get_view (VinvTablePage *self);
const VinvInventory *vinv_table_page_get_inventory (VinvTablePage *self);
/* The table's title for this inventory ("VMs", "Storage pools"). */
const char *vinv_table_page_get_title (VinvTablePage *self);

/* The row model (one VinvRowItem per shown row), borrowed. */
GListModel *vinv_table_page_get_model (VinvTablePage *self);
GtkColumnView *vinv_table_page_get_column_view (VinvTablePage *self);
GtkEntry *vinv_table_page_get_filter_entry (VinvTablePage *self);
/* The column chooser popover (a VinvColumnChooser), borrowed. */
GtkWidget *vinv_table_page_get_column_chooser (VinvTablePage *self);

/* Puts @text in the filter entry and applies it at once, as Enter does.
 * Returns FALSE if it did not compile: the error is then shown and the
 * previous filter stays applied. */
gboolean vinv_table_page_set_filter (VinvTablePage *self, const char *text);
/* The empty state shown instead of the rows ("No rows match this
 * filter"), or NULL when rows are shown. */
const char *vinv_table_page_get_empty_text (VinvTablePage *self);
/* The filter error shown ("unknown column 'memry' — did you mean
 * 'Memory'?"), or NULL when none. */
const char *vinv_table_page_get_filter_error (VinvTablePage *self);
/* Moves the keyboard focus to the filter entry and selects its text. */
void vinv_table_page_focus_filter (VinvTablePage *self);

/* The count as shown: "42 / 150". */
const char *vinv_table_page_get_count_text (VinvTablePage *self);

/* Sorts by table column @col as a header click would (through the column
 * view's sorter, so the header shows the indicator when @col is shown). */
void vinv_table_page_sort_by (VinvTablePage *self, guint col, gboolean descending);

/* Shows or hides table column @col / moves shown column @col to display
 * position @pos, then updates the column view. */
void vinv_table_page_set_column_visible (VinvTablePage *self, guint col, gboolean visible);
void vinv_table_page_move_column (VinvTablePage *self, guint col, guint pos);
/* Back to the inventory's default columns. */
void vinv_table_page_reset_columns (VinvTablePage *self);

/* True if cell (@position in the view, table column @col) links to rows
 * of another table. */
gboolean vinv_table_page_cell_has_link (VinvTablePage *self, guint position, guint col);
/* Follows the link of cell (@position, @col): emits "link-activated" and
 * returns TRUE, or returns FALSE when the cell links nowhere. */
gboolean vinv_table_page_activate_link (VinvTablePage *self, guint position, guint col);
/* What Enter or a double-click on row @position does: follows the link of
 * the column last clicked in that row if it has one, else of the first
 * shown column that has one.  Returns FALSE if the row has no link. */
gboolean vinv_table_page_activate_row (VinvTablePage *self, guint position);

/* The table rows (vinv_table_get_cell() indices) of the rows selected
 * (several may be: ctrl/shift-click), in the order shown; *@n of them.
 * Owned by caller. */
guint *vinv_table_page_get_selected_rows (VinvTablePage *self, guint *n);
/* The menu a right click on a row shows (the row is selected first);
 * NULL: none. */
void vinv_table_page_set_context_menu (VinvTablePage *self, GMenuModel *menu);

/* How a cell is marked (a comparison): returns "vinv-added",
 * "vinv-changed" or NULL, and may set *@tooltip (owned by the page). */
typedef const char *(*VinvCellMarkFunc) (VinvTable *table, guint row, guint col,
                                         char **tooltip, gpointer data);
/* Sets (NULL: removes) the cell marker, and redraws the rows. */
void vinv_table_page_set_cell_mark_func (VinvTablePage *self, VinvCellMarkFunc func,
                                         gpointer data, GDestroyNotify destroy);

/* A readable name for the rows cell (@position, @col) links to: "Hosts:
 * hv01" for a reference, "Disks of db-01" for a list; NULL when the cell
 * links nowhere.  Owned by caller. */
char *vinv_table_page_dup_link_label (VinvTablePage *self, guint position, guint col);

/* Shows a followed link: the chip reads @label and stands for @filter
 * (NULL removes it), the entry holds @typed, and the view gets both.
 * Returns FALSE if the result did not compile (the error is shown). */
gboolean vinv_table_page_set_link_filter (VinvTablePage *self, const char *filter,
                                          const char *label, const char *typed);
/* The chip's filter and label, NULL when there is no chip. */
const char *vinv_table_page_get_link_filter (VinvTablePage *self);
const char *vinv_table_page_get_link_label (VinvTablePage *self);
/* What is typed in the filter entry. */
const char *vinv_table_page_get_typed_filter (VinvTablePage *self);
/* Removes the chip and empties the entry (what Escape does). */
void vinv_table_page_clear_filter (VinvTablePage *self);

/* The selected rows as Ctrl+C copies them: the shown column titles, then
 * one line per row, values as shown, tab-separated.  NULL when nothing is
 * selected.  Owned by caller. */
char *vinv_table_page_dup_selection_text (VinvTablePage *self);
/* The row context menu for row @position (copy, "Follow Link" with one
 * item per link column of the row).  Owned by caller. */
GMenuModel *vinv_table_page_build_row_menu (VinvTablePage *self, guint position);

/* The tooltip of table column @col's header: its help as `virt-inventory
 * columns` prints it (vinv_column_dup_help()), then why no back-end in use
 * fills it, if so; NULL when the column is not shown.  Borrowed. */
const char *vinv_table_page_get_header_tooltip (VinvTablePage *self, guint col);
/* What hovering cell widget @cell (a column view cell's child) shows: the
 * list's items, why it has no value, the comparison's mark, or its whole
 * text when cut; NULL when nothing.  Owned by caller. */
char *vinv_table_page_dup_cell_tooltip (VinvTablePage *self, GtkWidget *cell);
/* The Name column pinned at the left while the table is scrolled
 * sideways: a column view of its own, shown only then (NULL for a table
 * without a Name column).  Borrowed. */
GtkColumnView *vinv_table_page_get_pinned_view (VinvTablePage *self);

/* Shows @message in the page's banner (NULL hides it). */
void vinv_table_page_set_banner (VinvTablePage *self, const char *message);
const char *vinv_table_page_get_banner (VinvTablePage *self);

/* Captures columns, sort and the typed filter into @out (cleared first):
 * a followed link's chip is not saved. */
void vinv_table_page_capture_settings (VinvTablePage *self, VinvTableSettings *out);

G_END_DECLS
