/* vinv-table-page.c — one table in a tab: filter entry, column chooser,
 * count, banner and a GtkColumnView over the core view.
 *
 * The page owns its VinvView and a VinvRowModel pointing at it.  Every
 * action that changes what is shown goes through the view (set_filter,
 * set_sort, set_columns) and ends in page_sync_rows(), which resets the model
 * and the count, or sync_columns(), which makes the column view's columns
 * match the view's shown columns.
 *
 * Sorting: each GtkColumnViewColumn carries a GtkCustomSorter that is only
 * a marker.  GTK 4.8 has no API to ask the column view's sorter which
 * column is primary, so on its "changed" signal we probe it: comparing two
 * distinct dummy items makes the primary column's marker record its column
 * and return "smaller"; the sorter inverts that when the column is
 * descending.
 * The keys go to vinv_view_set_sort() (the new primary first, earlier keys
 * after it, as GTK's own sorter does); nothing is ever sorted by GTK.
 *
 * Rows: the VinvRowModel re-points the items GTK holds when the view
 * changes and emits "rows-changed"; the page keeps the set of bound cells
 * and re-reads them then (see vinv-row-model.h for why).  A new table
 * whose view shows the same rows as before re-reads nothing; the column
 * view gets the rows when the page is first shown, in steps
 * (vinv-table-page-cells.c).
 *
 * Cells are GtkInscriptions (cheap to measure: their width comes from
 * nat-chars, computed per column from the title and a sample of rows, so
 * widths stay put while scrolling).  Their text is the core's readable
 * form (vinv_cell_format_display(): "32 GiB", "Yes", "Not responding",
 * "disk1 +3"); numbers are right-aligned in tabular figures, never padded.
 * Status cells carry a coloured icon by vinv_status_level(); list cells
 * (VinvListCell) cut the item in the middle and never the "+n", and show
 * their items in a tooltip.  Columns take their natural widths and the
 * table scrolls sideways (hscroll-policy natural); the last shown column
 * takes the spare width; the Name column is pinned while scrolled away
 * (vinv-table-page-columns.c).
 *
 * This file holds rows, sorting, columns, the table and construction; the
 * filter entry and link chip are in vinv-table-page-filter.c, cells, links,
 * copying and the row menu in vinv-table-page-cells.c, header tooltips,
 * values no back-end fills and the pinned Name in
 * vinv-table-page-columns.c, and the instance structure they share in
 * vinv-table-page-private.h.
 */
#include "vinv-table-page-private.h"

#include <string.h>
#include "core/display.h"
#include "vinv-column-chooser.h"
#include "vinv-filter-completion.h"
#include "vinv-filter-help.h"

G_DEFINE_FINAL_TYPE (VinvTablePage, vinv_table_page, GTK_TYPE_BOX)

guint vinv_table_page_signals[N_SIGNALS];

/* ---- rows and count ----------------------------------------------------- */

/* The first list view under @widget (the column view's rows). */
static GtkWidget *
find_list_view (GtkWidget *widget)
{
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        if (GTK_IS_LIST_VIEW (child))
            return child;
        GtkWidget *found = find_list_view (child);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* Table row ids of the selected rows (NULL-terminated, owned by caller);
 * only valid while the model matches the view. */
static char **
dup_selected_ids (VinvTablePage *self)
{
    GStrvBuilder *ids = g_strv_builder_new ();
    if (self->view != NULL) {
        g_autoptr (GtkBitset) set = gtk_selection_model_get_selection (
            GTK_SELECTION_MODEL (self->selection));
        VinvTable *table = vinv_view_get_table (self->view);
        guint n = vinv_view_get_n_rows (self->view);
        GtkBitsetIter iter;
        guint pos;
        for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok && pos < n;
             ok = gtk_bitset_iter_next (&iter, &pos))
            g_strv_builder_add (ids, vinv_table_get_row_id (table,
                                                             vinv_view_get_row (self->view, pos)));
    }
    char **out = g_strv_builder_end (ids);
    g_strv_builder_unref (ids);
    return out;
}

/* GTK 4.8's GtkSingleSelection does not implement unselect_all. */
static void
unselect_all (VinvTablePage *self)
{
    GtkSelectionModel *model = GTK_SELECTION_MODEL (self->selection);
    if (GTK_IS_SINGLE_SELECTION (model))
        gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model),
                                           GTK_INVALID_LIST_POSITION);
    else {
        /* GtkMultiSelection looks the selected items up while unselecting:
         * skip it when nothing is selected (the view may already have fewer
         * rows than the model until the model is reset) */
        g_autoptr (GtkBitset) set = gtk_selection_model_get_selection (model);
        if (!gtk_bitset_is_empty (set))
            gtk_selection_model_unselect_all (model);
    }
}

/* Selects the shown rows whose ids are in @ids; returns the first
 * position selected, or GTK_INVALID_LIST_POSITION. */
static guint
select_ids (VinvTablePage *self, char **ids)
{
    guint first = GTK_INVALID_LIST_POSITION;
    if (ids == NULL || ids[0] == NULL || self->view == NULL)
        return first;
    g_autoptr (GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
    for (guint i = 0; ids[i] != NULL; i++)
        g_hash_table_add (wanted, ids[i]);
    VinvTable *table = vinv_view_get_table (self->view);
    guint n = vinv_view_get_n_rows (self->view);
    for (guint pos = 0; pos < n; pos++) {
        const char *id = vinv_table_get_row_id (table, vinv_view_get_row (self->view, pos));
        if (id == NULL || !g_hash_table_contains (wanted, id))
            continue;
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos,
                                         first == GTK_INVALID_LIST_POSITION);
        if (first == GTK_INVALID_LIST_POSITION)
            first = pos;
    }
    return first;
}

/* Scrolls the rows to @position, or to the top when it is invalid. */
static void
scroll_to (VinvTablePage *self, guint position)
{
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (
        GTK_SCROLLED_WINDOW (self->scroller));
    if (position == GTK_INVALID_LIST_POSITION) {
        gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj));
        return;
    }
    GtkWidget *list = find_list_view (self->column_view);
    if (list != NULL)
        gtk_widget_activate_action (list, "list.scroll-to-item", "u", position);
}

static void
update_empty_state (VinvTablePage *self, guint shown, guint total)
{
    const char *filter = self->view != NULL ? vinv_view_get_filter_text (self->view) : "";
    gboolean empty = self->view != NULL && shown == 0;

    if (empty && total == 0 && self->table_unavailable != NULL) {
        /* "Not available from libvirt": no back-end in use fills it */
        gtk_label_set_text (GTK_LABEL (self->empty_title), self->table_unavailable);
        g_autofree char *text = g_strdup_printf (
            "The %s table is filled by other kinds of connections.",
            vinv_table_page_get_title (self));
        gtk_label_set_text (GTK_LABEL (self->empty_text), text);
        gtk_widget_set_visible (self->empty_button, FALSE);
    } else if (empty && total > 0) {
        gtk_label_set_text (GTK_LABEL (self->empty_title), "No rows match this filter");
        g_autofree char *text = g_strdup_printf ("None of the %u rows matches “%s”.", total,
                                                 self->link_label != NULL
                                                     && gtk_editable_get_text (GTK_EDITABLE (
                                                            self->filter_entry))[0] == '\0'
                                                     ? self->link_label : filter);
        gtk_label_set_text (GTK_LABEL (self->empty_text), text);
        gtk_widget_set_visible (self->empty_button, TRUE);
    } else if (empty) {
        gtk_label_set_text (GTK_LABEL (self->empty_title),
                            "This table is empty on this connection");
        gtk_label_set_text (GTK_LABEL (self->empty_text),
                            vinv_table_get_error (vinv_view_get_table (self->view)) != NULL
                                ? "It could not be loaded; see the message above."
                                : "The connection has no rows of this kind.");
        gtk_widget_set_visible (self->empty_button, FALSE);
    }
    gtk_stack_set_visible_child_name (GTK_STACK (self->body), empty ? "empty" : "table");
}

/* Shows the view's rows again.  @keep: a refresh of the same place (the
 * selection stays and keeps its place); otherwise a new filter or sort:
 * the selected rows stay selected if still shown and come into view,
 * else the list goes back to the top. */
static void
sync_rows_full (VinvTablePage *self, gboolean keep)
{
    guint shown = 0;
    guint total = 0;

    if (self->view != NULL) {
        shown = vinv_view_get_n_rows (self->view);
        total = vinv_table_get_n_rows (vinv_view_get_table (self->view));
    }
    self->resetting = TRUE;
    /* reset first: the selection model looks its selected items up in the
     * row model, which must already match the view */
    vinv_row_model_reset (self->model);
    /* then every row: a selected row must be one the selection has */
    page_stage_finish (self);
    unselect_all (self);
    guint first = select_ids (self, self->selected_ids);
    self->resetting = FALSE;
    if (!keep)
        scroll_to (self, first);
    g_free (self->count_text);
    self->count_text = g_strdup_printf ("%u / %u", shown, total);
    gtk_label_set_text (GTK_LABEL (self->count_label), self->count_text);
    g_autofree char *tip = g_strdup_printf ("%u of %u rows shown", shown, total);
    gtk_widget_set_tooltip_text (self->count_label, tip);
    update_empty_state (self, shown, total);
    g_signal_emit (self, vinv_table_page_signals[SIGNAL_ROWS_CHANGED], 0);
}

void
page_sync_rows (VinvTablePage *self)
{
    sync_rows_full (self, FALSE);
}

static void
on_selection_changed (GtkSelectionModel *model, guint position, guint n, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->resetting)
        return;
    g_strfreev (self->selected_ids);
    self->selected_ids = dup_selected_ids (self);
}

/* ---- sorting ------------------------------------------------------------ */

int
page_marker_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
    ColumnInfo *info = user_data;
    info->page->probe_col = (int) info->col;
    return -1;
}

/* Makes the header indicator show the view's primary sort key. */
static void
sync_sort_indicator (VinvTablePage *self)
{
    GtkColumnView *cv = GTK_COLUMN_VIEW (self->column_view);
    guint n = self->view != NULL ? vinv_view_get_n_sort_keys (self->view) : 0;
    const VinvSortKey *keys = n > 0 ? vinv_view_get_sort_keys (self->view) : NULL;

    self->syncing++;
    if (n > 0 && vinv_view_is_column_visible (self->view, keys[0].column)
        && self->columns[keys[0].column].column != NULL) {
        gtk_column_view_sort_by_column (cv, self->columns[keys[0].column].column,
                                        keys[0].descending ? GTK_SORT_DESCENDING
                                                           : GTK_SORT_ASCENDING);
    } else {
        gtk_column_view_sort_by_column (cv, NULL, GTK_SORT_ASCENDING);
    }
    self->syncing--;
    page_pin_sync (self);
}

static void
apply_sort_keys (VinvTablePage *self)
{
    vinv_view_set_sort (self->view, (const VinvSortKey *) self->sort_keys->data,
                        self->sort_keys->len);
    page_pin_sync (self);
    page_sync_rows (self);
}

static void
on_sorter_changed (GtkSorter *sorter, GtkSorterChange change, gpointer user_data)
{
    VinvTablePage *self = user_data;

    if (self->syncing > 0 || self->view == NULL)
        return;
    self->probe_col = -1;
    GtkOrdering order = gtk_sorter_compare (sorter, self->dummy[0], self->dummy[1]);
    if (self->probe_col < 0) {
        g_array_set_size (self->sort_keys, 0);
    } else {
        VinvSortKey key = { (guint) self->probe_col, order == GTK_ORDERING_LARGER };
        for (guint i = 0; i < self->sort_keys->len; i++) {
            if (g_array_index (self->sort_keys, VinvSortKey, i).column == key.column) {
                g_array_remove_index (self->sort_keys, i);
                break;
            }
        }
        g_array_prepend_val (self->sort_keys, key);
        if (self->sort_keys->len > MAX_SORT_KEYS)
            g_array_set_size (self->sort_keys, MAX_SORT_KEYS);
    }
    apply_sort_keys (self);
}

void
vinv_table_page_sort_by (VinvTablePage *self, guint col, gboolean descending)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self) && self->view != NULL);
    g_return_if_fail (col < self->n_columns);

    ColumnInfo *info = &self->columns[col];
    if (info->column != NULL && vinv_view_is_column_visible (self->view, col)) {
        /* through GTK, exactly as a header click: on_sorter_changed follows */
        gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->column_view), info->column,
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        return;
    }
    VinvSortKey key = { col, descending };
    g_array_set_size (self->sort_keys, 0);
    g_array_append_val (self->sort_keys, key);
    apply_sort_keys (self);
    sync_sort_indicator (self);
}

/* ---- columns ------------------------------------------------------------ */

static int
text_chars (const char *s)
{
    return (int) g_utf8_strlen (s, -1);
}

/* Sets the width of column @col in characters: the title (plus room for
 * the sort arrow) or the widest of the first SAMPLE_ROWS cells as shown,
 * within limits (plus room for the icon of a Status column). */
static void
measure_column (VinvTablePage *self, guint col)
{
    ColumnInfo *info = &self->columns[col];
    const VinvColumn *column = &page_schema (self)->columns[col];
    int title = text_chars (column->title) + 3;
    int widest = MIN_CHARS;

    info->status = column->kind == VINV_CELL_STRING && g_strcmp0 (column->id, "status") == 0;
    if (self->view != NULL) {
        guint n = MIN (vinv_view_get_n_rows (self->view), SAMPLE_ROWS);
        for (guint i = 0; i < n; i++) {
            guint row = vinv_view_get_row (self->view, i);
            g_autofree char *text = page_dup_display_text (self, row, col);
            widest = MAX (widest, text_chars (text) + 1);
        }
    }
    info->nat_chars = MAX (title, MIN (widest, MAX_CHARS));
}

static ColumnInfo *
ensure_column (VinvTablePage *self, guint col)
{
    ColumnInfo *info = &self->columns[col];

    if (info->column != NULL)
        return info;
    const VinvColumn *column = &page_schema (self)->columns[col];
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    g_signal_connect (factory, "setup", G_CALLBACK (page_cell_setup), info);
    g_signal_connect (factory, "bind", G_CALLBACK (page_cell_bind), info);
    g_signal_connect (factory, "unbind", G_CALLBACK (page_cell_unbind), info);
    info->column = gtk_column_view_column_new (column->title, factory);
    g_object_set_data (G_OBJECT (info->column), "vinv-column", info);
    gtk_column_view_column_set_resizable (info->column, TRUE);
    GtkSorter *marker = GTK_SORTER (gtk_custom_sorter_new (page_marker_compare, info, NULL));
    gtk_column_view_column_set_sorter (info->column, marker);
    g_object_unref (marker);
    return info;
}

static int
column_position (GListModel *columns, GtkColumnViewColumn *column)
{
    guint n = g_list_model_get_n_items (columns);
    for (guint i = 0; i < n; i++) {
        g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
        if (c == column)
            return (int) i;
    }
    return -1;
}

/* Makes the column view show exactly the view's columns, in its order. */
static void
sync_columns (VinvTablePage *self)
{
    GtkColumnView *cv = GTK_COLUMN_VIEW (self->column_view);
    GListModel *shown = gtk_column_view_get_columns (cv);

    self->syncing++;
    for (guint col = 0; col < self->n_columns; col++) {
        ColumnInfo *info = &self->columns[col];
        gboolean visible = self->view != NULL && vinv_view_is_column_visible (self->view, col);
        if (info->column != NULL && !visible
            && column_position (shown, info->column) >= 0)
            gtk_column_view_remove_column (cv, info->column);
    }
    /* columns take their natural widths (the view scrolls sideways when
     * they do not fit); the last one takes the width they leave, so that
     * the table fills the window */
    guint n = self->view != NULL ? vinv_view_get_n_columns (self->view) : 0;
    for (guint i = 0; i < n; i++) {
        ColumnInfo *info = ensure_column (self, vinv_view_get_column (self->view, i));
        gtk_column_view_column_set_expand (info->column, i + 1 == n);
        int pos = column_position (shown, info->column);
        if (pos == (int) i)
            continue;
        if (pos >= 0)
            gtk_column_view_remove_column (cv, info->column);
        gtk_column_view_insert_column (cv, i, info->column);
    }
    self->syncing--;
    sync_sort_indicator (self);
    page_decorate_headers (self);
}

/* The user dragged a header to another place: take the new order. */
static void
on_columns_reordered (GListModel *shown, guint position, guint removed, guint added,
                      gpointer user_data)
{
    VinvTablePage *self = user_data;

    if (self->syncing > 0 || self->view == NULL)
        return;
    guint n = g_list_model_get_n_items (shown);
    g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint i = 0; i < n; i++) {
        g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (shown, i);
        for (guint col = 0; col < self->n_columns; col++) {
            if (self->columns[col].column == c) {
                g_array_append_val (cols, col);
                break;
            }
        }
    }
    if (cols->len == vinv_view_get_n_columns (self->view))
        vinv_view_set_columns (self->view, (const guint *) cols->data, cols->len);
    for (guint i = 0; i < cols->len; i++) {
        GtkColumnViewColumn *c = self->columns[g_array_index (cols, guint, i)].column;
        if (gtk_column_view_column_get_expand (c) != (i + 1 == cols->len))
            gtk_column_view_column_set_expand (c, i + 1 == cols->len);
    }
    page_pin_sync (self);
}

void
vinv_table_page_set_column_visible (VinvTablePage *self, guint col, gboolean visible)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self) && self->view != NULL);
    g_return_if_fail (col < self->n_columns);
    vinv_view_set_column_visible (self->view, col, visible);
    if (visible)
        measure_column (self, col);
    sync_columns (self);
    page_sync_rows (self);   /* free text searches the shown columns */
}

void
vinv_table_page_move_column (VinvTablePage *self, guint col, guint pos)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self) && self->view != NULL);
    vinv_view_move_column (self->view, col, pos);
    sync_columns (self);
}

void
vinv_table_page_reset_columns (VinvTablePage *self)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self) && self->view != NULL);
    VinvTable *table = vinv_view_get_table (self->view);
    g_autoptr (GArray) cols = g_array_new (FALSE, FALSE, sizeof (guint));
    for (guint col = 0; col < self->n_columns; col++) {
        gboolean show = self->inventory != NULL
            ? vinv_inventory_column_default_visible (self->inventory, table, col)
            : (page_schema (self)->columns[col].flags & VINV_COL_DEFAULT) != 0;
        if (show)
            g_array_append_val (cols, col);
    }
    /* already those (a table shown on arrival whose back-ends' defaults
     * are the schema's): nothing to measure, rebind or scroll */
    gboolean same = cols->len == vinv_view_get_n_columns (self->view);
    for (guint i = 0; same && i < cols->len; i++)
        same = vinv_view_get_column (self->view, i) == g_array_index (cols, guint, i);
    if (same)
        return;
    vinv_view_set_columns (self->view, (const guint *) cols->data, cols->len);
    for (guint i = 0; i < cols->len; i++) {
        measure_column (self, g_array_index (cols, guint, i));
    }
    sync_columns (self);
    page_sync_rows (self);
}

/* ---- the table ---------------------------------------------------------- */

void
vinv_table_page_set_banner (VinvTablePage *self, const char *message)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self));
    gtk_label_set_text (GTK_LABEL (self->banner_label), message != NULL ? message : "");
    gtk_widget_set_visible (self->banner, message != NULL && *message != '\0');
}

const char *
vinv_table_page_get_banner (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    if (!gtk_widget_get_visible (self->banner))
        return NULL;
    return gtk_label_get_text (GTK_LABEL (self->banner_label));
}

void
vinv_table_page_set_table (VinvTablePage *self, VinvTable *table,
                           const VinvInventory *inventory,
                           const VinvTableSettings *settings)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self));
    g_return_if_fail (vinv_table_get_schema (table) == page_schema (self));

    VinvView *old = self->view;
    VinvView *view = vinv_view_new (table, inventory);
    g_autoptr (GError) error = NULL;
    g_autoptr (GString) banner = g_string_new (vinv_table_get_error (table));
    /* columns left without values because a table they draw on failed */
    const VinvSchema *schema = vinv_table_get_schema (table);
    for (guint c = 0; c < schema->n_columns; c++) {
        const char *reason = vinv_table_get_column_unavailable (table, c);
        if (reason == NULL)
            continue;
        if (banner->len > 0)
            g_string_append_c (banner, '\n');
        g_string_append_printf (banner, "%s: no values: %s", schema->columns[c].title, reason);
    }

    if (old != NULL) {
        VinvTableSettings current = { 0 };
        vinv_table_settings_capture (&current, old);
        vinv_table_settings_apply (&current, view, NULL);
        vinv_table_settings_clear (&current);
    } else if (settings != NULL) {
        if (!vinv_table_settings_apply (settings, view, &error)) {
            if (banner->len > 0)
                g_string_append_c (banner, '\n');
            g_string_append_printf (banner, "Saved settings not restored: %s", error->message);
        }
    }

    g_autofree char *old_missing = old != NULL ? page_dup_unavailable_key (self) : NULL;
    g_autofree char *missing = NULL;
    self->view = view;
    self->inventory = inventory;
    page_update_unavailable (self);
    g_array_set_size (self->sort_keys, 0);
    g_array_append_vals (self->sort_keys, vinv_view_get_sort_keys (view),
                         vinv_view_get_n_sort_keys (view));
    if (old == NULL && self->link_filter == NULL)
        page_set_entry_text (self, vinv_view_get_filter_text (view));
    /* widths are measured on the first table; a refresh keeps them, so
     * columns do not jump (and user-resized ones keep their width) */
    for (guint i = 0; i < vinv_view_get_n_columns (view); i++) {
        guint col = vinv_view_get_column (view, i);
        if (!self->measured || self->columns[col].column == NULL)
            measure_column (self, col);
    }
    self->measured = self->measured || vinv_view_get_n_rows (view) > 0;
    /* columns first: inserting a column into a column view that has rows
     * makes a cell in every row widget and measures them all again */
    sync_columns (self);
    /* the same table with the same rows, as when the complete inventory
     * replaces a table shown on arrival: the row widgets already show
     * what the new view would, so they are neither rebound nor re-read */
    gboolean same_rows = old != NULL && page_views_show_same (old, view);
    if (same_rows)
        missing = page_dup_unavailable_key (self);
    vinv_row_model_point_at (self->model, view);
    vinv_view_free (old);
    if (!same_rows) {
        sync_rows_full (self, old != NULL);
    } else {
        if (g_strcmp0 (old_missing, missing) != 0)
            vinv_row_model_reset (self->model);   /* cells on screen say why not */
        /* "Not available from libvirt" now that the back-ends are known */
        update_empty_state (self, vinv_view_get_n_rows (view),
                            vinv_table_get_n_rows (table));
    }
    vinv_table_page_set_banner (self, banner->str);
}

VinvView *
vinv_table_page_get_view (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->view;
}

const VinvInventory *
vinv_table_page_get_inventory (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->inventory;
}

const char *
vinv_table_page_get_title (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    if (self->view != NULL && self->inventory != NULL)
        return vinv_inventory_get_table_title (self->inventory,
                                               vinv_view_get_table (self->view));
    return page_schema (self)->title;
}

VinvTableKind
vinv_table_page_get_kind (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), VINV_TABLE_LAST);
    return self->kind;
}

GListModel *
vinv_table_page_get_model (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return G_LIST_MODEL (self->model);
}

GtkColumnView *
vinv_table_page_get_column_view (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return GTK_COLUMN_VIEW (self->column_view);
}

GtkWidget *
vinv_table_page_get_column_chooser (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (self->columns_button)));
}

GtkEntry *
vinv_table_page_get_filter_entry (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return GTK_ENTRY (self->filter_entry);
}

const char *
vinv_table_page_get_count_text (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->count_text != NULL ? self->count_text : "";
}

void
vinv_table_page_capture_settings (VinvTablePage *self, VinvTableSettings *out)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self) && self->view != NULL);
    vinv_table_settings_capture (out, self->view);
    /* a followed link's chip is not a setting: only what was typed (the
     * view's filter is both), and only if it applied */
    if (self->link_filter != NULL) {
        const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
        g_clear_pointer (&out->filter, g_free);
        if (typed[strspn (typed, " \t")] != '\0' && self->filter_error_text == NULL)
            out->filter = g_strdup (typed);
    }
}

/* ---- construction ------------------------------------------------------- */

static void
build (VinvTablePage *self)
{
    GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    gtk_widget_add_css_class (bar, "vinv-page-bar");
    gtk_widget_set_margin_start (bar, 8);
    gtk_widget_set_margin_end (bar, 8);
    gtk_widget_set_margin_top (bar, 8);
    gtk_widget_set_margin_bottom (bar, 6);

    self->chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
    gtk_widget_add_css_class (self->chip, "vinv-chip");
    gtk_widget_set_valign (self->chip, GTK_ALIGN_CENTER);
    self->chip_label = gtk_label_new (NULL);
    gtk_label_set_ellipsize (GTK_LABEL (self->chip_label), PANGO_ELLIPSIZE_MIDDLE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->chip_label), 40);
    gtk_box_append (GTK_BOX (self->chip), self->chip_label);
    GtkWidget *chip_close = gtk_button_new_from_icon_name ("window-close-symbolic");
    gtk_widget_add_css_class (chip_close, "flat");
    gtk_widget_add_css_class (chip_close, "circular");
    gtk_widget_set_tooltip_text (chip_close, "Remove this filter");
    g_signal_connect (chip_close, "clicked", G_CALLBACK (page_on_chip_close), self);
    gtk_box_append (GTK_BOX (self->chip), chip_close);
    gtk_widget_set_visible (self->chip, FALSE);
    gtk_box_append (GTK_BOX (bar), self->chip);

    self->filter_entry = gtk_entry_new ();
    gtk_widget_set_hexpand (self->filter_entry, TRUE);
    gtk_entry_set_icon_from_icon_name (GTK_ENTRY (self->filter_entry),
                                       GTK_ENTRY_ICON_PRIMARY, "edit-find-symbolic");
    gtk_entry_set_placeholder_text (GTK_ENTRY (self->filter_entry),
                                    "Filter, e.g. status = up, memory > 4GB");
    gtk_widget_set_tooltip_text (self->filter_entry,
                                 "column op value, … — ops = != < > <= >= ~ !~; "
                                 "and / or / not; text alone searches every shown column");
    g_signal_connect (self->filter_entry, "changed", G_CALLBACK (page_on_filter_changed), self);
    g_signal_connect (self->filter_entry, "activate", G_CALLBACK (page_on_filter_activate), self);
    vinv_filter_help_attach (GTK_ENTRY (self->filter_entry), GTK_WIDGET (self));
    vinv_filter_completion_attach (GTK_ENTRY (self->filter_entry), self);
    gtk_box_append (GTK_BOX (bar), self->filter_entry);

    self->count_label = gtk_label_new ("0 / 0");
    gtk_widget_add_css_class (self->count_label, "dim-label");
    gtk_widget_add_css_class (self->count_label, "numeric");
    gtk_widget_set_margin_start (self->count_label, 6);
    gtk_widget_set_margin_end (self->count_label, 6);
    gtk_box_append (GTK_BOX (bar), self->count_label);

    self->columns_button = gtk_menu_button_new ();
    gtk_menu_button_set_label (GTK_MENU_BUTTON (self->columns_button), "Columns");
    gtk_widget_set_tooltip_text (self->columns_button, "Show, hide and order columns");
    gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->columns_button),
                                 vinv_column_chooser_new (self));
    gtk_box_append (GTK_BOX (bar), self->columns_button);
    gtk_box_append (GTK_BOX (self), bar);

    self->filter_error = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->filter_error), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->filter_error), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->filter_error), TRUE);
    gtk_widget_add_css_class (self->filter_error, "error");
    gtk_widget_add_css_class (self->filter_error, "vinv-filter-error");
    gtk_widget_set_margin_start (self->filter_error, 12);
    gtk_widget_set_margin_end (self->filter_error, 12);
    gtk_widget_set_margin_bottom (self->filter_error, 6);
    gtk_widget_set_visible (self->filter_error, FALSE);
    gtk_box_append (GTK_BOX (self), self->filter_error);

    self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
    gtk_widget_add_css_class (self->banner, "vinv-banner");
    gtk_widget_add_css_class (self->banner, "error");
    GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
    gtk_widget_set_valign (icon, GTK_ALIGN_START);
    gtk_box_append (GTK_BOX (self->banner), icon);
    self->banner_label = gtk_label_new (NULL);
    gtk_label_set_xalign (GTK_LABEL (self->banner_label), 0.0);
    gtk_label_set_wrap (GTK_LABEL (self->banner_label), TRUE);
    gtk_label_set_selectable (GTK_LABEL (self->banner_label), TRUE);
    gtk_widget_set_hexpand (self->banner_label, TRUE);
    gtk_widget_set_valign (self->banner_label, GTK_ALIGN_START);
    /* a floor above one line's height: GTK 4.8 measures a one-line wrapping
     * label a pixel differently with and without a width, and complains */
    gtk_widget_set_size_request (self->banner_label, -1, 20);
    gtk_box_append (GTK_BOX (self->banner), self->banner_label);
    gtk_widget_set_visible (self->banner, FALSE);
    gtk_box_append (GTK_BOX (self), self->banner);

    self->model = vinv_row_model_new ();
    g_signal_connect (self->model, "rows-changed", G_CALLBACK (page_on_model_rows_changed), self);
    self->slice = gtk_slice_list_model_new (G_LIST_MODEL (g_object_ref (self->model)), 0,
                                            G_MAXUINT);
    self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->slice)));
    g_signal_connect (self->selection, "selection-changed",
                      G_CALLBACK (on_selection_changed), self);
    /* the rows are handed to the column view when the page is first
     * shown: GTK makes and measures row widgets for a model even on a page
     * nobody sees, which for a dozen tables arriving at once kept the
     * window from painting */
    self->column_view = gtk_column_view_new (NULL);
    g_signal_connect (self, "map", G_CALLBACK (page_on_first_map), NULL);
    gtk_widget_add_css_class (self->column_view, "data-table");
    gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->column_view), TRUE);
    gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (self->column_view), FALSE);
    gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (self->column_view), TRUE);
    /* every column at least its natural width: scroll sideways instead */
    gtk_scrollable_set_hscroll_policy (GTK_SCROLLABLE (self->column_view), GTK_SCROLL_NATURAL);
    page_setup_column_view (self, self->column_view);
    g_signal_connect (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->column_view)),
                      "changed", G_CALLBACK (on_sorter_changed), self);
    g_signal_connect (gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view)),
                      "items-changed", G_CALLBACK (on_columns_reordered), self);

    self->scroller = gtk_scrolled_window_new ();
    gtk_widget_set_vexpand (self->scroller, TRUE);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->column_view);
    GtkWidget *table_area = page_pin_build (self, self->scroller);

    GtkWidget *empty = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
    gtk_widget_set_valign (empty, GTK_ALIGN_CENTER);
    gtk_widget_set_halign (empty, GTK_ALIGN_CENTER);
    GtkWidget *empty_icon = gtk_image_new_from_icon_name ("edit-find-symbolic");
    gtk_image_set_pixel_size (GTK_IMAGE (empty_icon), 64);
    gtk_widget_add_css_class (empty_icon, "dim-label");
    gtk_box_append (GTK_BOX (empty), empty_icon);
    self->empty_title = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->empty_title, "title-2");
    gtk_box_append (GTK_BOX (empty), self->empty_title);
    self->empty_text = gtk_label_new (NULL);
    gtk_label_set_wrap (GTK_LABEL (self->empty_text), TRUE);
    gtk_label_set_max_width_chars (GTK_LABEL (self->empty_text), 60);
    gtk_label_set_justify (GTK_LABEL (self->empty_text), GTK_JUSTIFY_CENTER);
    gtk_widget_add_css_class (self->empty_text, "dim-label");
    gtk_box_append (GTK_BOX (empty), self->empty_text);
    self->empty_button = gtk_button_new_with_mnemonic ("C_lear Filter");
    gtk_widget_set_halign (self->empty_button, GTK_ALIGN_CENTER);
    gtk_widget_add_css_class (self->empty_button, "pill");
    g_signal_connect (self->empty_button, "clicked", G_CALLBACK (page_on_empty_clear), self);
    gtk_box_append (GTK_BOX (empty), self->empty_button);

    self->body = gtk_stack_new ();
    gtk_widget_set_vexpand (self->body, TRUE);
    gtk_stack_add_named (GTK_STACK (self->body), table_area, "table");
    gtk_stack_add_named (GTK_STACK (self->body), empty, "empty");
    gtk_stack_set_visible_child_name (GTK_STACK (self->body), "table");
    gtk_box_append (GTK_BOX (self), self->body);

    GtkShortcutController *page_keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
    gtk_shortcut_controller_add_shortcut (page_keys, gtk_shortcut_new (
        gtk_shortcut_trigger_parse_string ("Escape"),
        gtk_callback_action_new (page_escape_shortcut, self, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (page_keys));

    page_install_actions (self);
}

guint *
vinv_table_page_get_selected_rows (VinvTablePage *self, guint *n)
{
    g_autoptr (GtkBitset) set = gtk_selection_model_get_selection (
        GTK_SELECTION_MODEL (self->selection));
    guint64 size = gtk_bitset_get_size (set);
    guint *rows = g_new (guint, size + 1);
    guint count = 0;
    GtkBitsetIter iter;
    guint position;

    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
         ok = gtk_bitset_iter_next (&iter, &position))
        if (self->view != NULL && position < vinv_view_get_n_rows (self->view))
            rows[count++] = vinv_view_get_row (self->view, position);
    *n = count;
    return rows;
}

void
vinv_table_page_set_cell_mark_func (VinvTablePage *self, VinvCellMarkFunc func,
                                    gpointer data, GDestroyNotify destroy)
{
    if (self->mark_destroy != NULL)
        self->mark_destroy (self->mark_data);
    self->mark_func = func;
    self->mark_data = data;
    self->mark_destroy = destroy;
    if (self->model != NULL)
        page_sync_rows (self);
}

void
vinv_table_page_set_context_menu (VinvTablePage *self, GMenuModel *menu)
{
    g_set_object (&self->context_menu, menu);
}

GtkWidget *
vinv_table_page_new (VinvTableKind kind)
{
    g_return_val_if_fail (kind < VINV_TABLE_LAST, NULL);
    VinvTablePage *self = g_object_new (VINV_TYPE_TABLE_PAGE,
                                        "orientation", GTK_ORIENTATION_VERTICAL,
                                        NULL);
    self->kind = kind;
    self->n_columns = vinv_schema_get (kind)->n_columns;
    self->columns = g_new0 (ColumnInfo, self->n_columns);
    for (guint col = 0; col < self->n_columns; col++) {
        self->columns[col].page = self;
        self->columns[col].col = col;
        self->columns[col].nat_chars = MIN_CHARS;
        self->columns[col].status = g_strcmp0 (vinv_schema_get (kind)->columns[col].id,
                                               "status") == 0;
    }
    self->name_col = vinv_schema_lookup_column (vinv_schema_get (kind), "name");
    build (self);
    return GTK_WIDGET (self);
}

static void
vinv_table_page_dispose (GObject *object)
{
    VinvTablePage *self = VINV_TABLE_PAGE (object);

    g_clear_handle_id (&self->filter_timeout, g_source_remove);
    g_clear_pointer (&self->row_menu, gtk_widget_unparent);
    page_pin_dispose (self);
    if (self->selection != NULL)
        g_signal_handlers_disconnect_by_data (self->selection, self);
    if (self->column_view != NULL) {
        page_stage_stop (self);
        g_signal_handlers_disconnect_by_data (
            gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->column_view)), self);
        g_signal_handlers_disconnect_by_data (
            gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view)), self);
        self->column_view = NULL;
    }
    G_OBJECT_CLASS (vinv_table_page_parent_class)->dispose (object);
}

static void
vinv_table_page_finalize (GObject *object)
{
    VinvTablePage *self = VINV_TABLE_PAGE (object);

    for (guint col = 0; col < self->n_columns; col++) {
        g_clear_object (&self->columns[col].column);
        g_free (self->columns[col].unavailable);
    }
    g_free (self->columns);
    g_free (self->table_unavailable);
    g_clear_pointer (&self->source_unavailable, g_hash_table_unref);
    g_clear_object (&self->selection);
    g_clear_object (&self->slice);
    g_clear_object (&self->context_menu);
    if (self->mark_destroy != NULL)
        self->mark_destroy (self->mark_data);
    if (self->model != NULL) {
        g_signal_handlers_disconnect_by_data (self->model, self);
        vinv_row_model_set_view (self->model, NULL);
    }
    g_clear_object (&self->model);
    g_hash_table_unref (self->bound);
    vinv_view_free (self->view);
    g_array_unref (self->sort_keys);
    g_clear_object (&self->dummy[0]);
    g_clear_object (&self->dummy[1]);
    g_free (self->filter_error_text);
    g_free (self->count_text);
    g_free (self->link_filter);
    g_free (self->link_label);
    g_strfreev (self->selected_ids);
    G_OBJECT_CLASS (vinv_table_page_parent_class)->finalize (object);
}

static void
vinv_table_page_class_init (VinvTablePageClass *klass)
{
    GObjectClass *object_class = G_OBJECT_CLASS (klass);

    object_class->dispose = vinv_table_page_dispose;
    object_class->finalize = vinv_table_page_finalize;

    vinv_table_page_signals[SIGNAL_LINK_ACTIVATED] =
        g_signal_new ("link-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_STRING,
                      G_TYPE_STRING);
    vinv_table_page_signals[SIGNAL_ROWS_CHANGED] =
        g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vinv_table_page_init (VinvTablePage *self)
{
    self->sort_keys = g_array_new (FALSE, FALSE, sizeof (VinvSortKey));
    self->bound = g_hash_table_new (g_direct_hash, g_direct_equal);
    self->dummy[0] = g_object_new (VINV_TYPE_ROW_ITEM, NULL);
    self->dummy[1] = g_object_new (VINV_TYPE_ROW_ITEM, NULL);
    self->clicked_col = -1;
}

const char *
vinv_table_page_get_empty_text (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    if (g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->body)), "empty") != 0)
        return NULL;
    return gtk_label_get_text (GTK_LABEL (self->empty_title));
}
