/* vinv-table-page-columns.c — what the table page's columns say about
 * themselves: header tooltips, values the back-ends never fill, and the
 * Name column kept in view when the table scrolls sideways.
 *
 * Headers: GTK 4.8 has no API for a column header's tooltip, so after the
 * columns change the page finds the header's title widgets (the children
 * of the column view's first child, CSS name "header", each holding a
 * label with its column's title, unique within a table) and gives each the
 * column's help as `virt-inventory columns` prints it; a column no
 * back-end in use fills is dimmed there and its tooltip says so.
 *
 * Missing values: a table no back-end of the connections fills reads "Not
 * available from libvirt" (the page's empty state); a cell left empty
 * because its column is not filled — by any back-end in use, or by the
 * back-end of its row's source when several are open — or because the
 * table it draws on failed, shows "—" with the reason in its tooltip.
 * The reasons come from the core (display.h), computed once per table.
 *
 * Pinned Name: GTK 4.8's GtkColumnView has no frozen columns.  A second
 * column view holding only a Name column lies on an overlay at the left
 * edge of the scrolled table and is shown once the real Name column's left
 * edge has scrolled out of view.  It shares the page's selection model
 * (selection and highlight are one; handed over when it is first shown,
 * so that no page makes its row widgets before that), its vertical
 * position is bound to
 * the table's both ways, it is exactly as tall as the table's viewport
 * (so both scroll the same range), and its cells come from the same
 * factory callbacks, so they read, link, tooltip and open the row menu
 * like the table's.  Its header sorts by Name through the table.
 */
#include "vinv-table-page-private.h"

#include "vinv-gui-util.h"

#include <math.h>
#include <string.h>
#include "core/display.h"

/* ---- values the back-ends never fill ------------------------------------ */

void
page_update_unavailable (VinvTablePage *self)
{
    VinvTable *table = vinv_view_get_table (self->view);
    const VinvInventory *inventory = self->inventory;

    g_clear_pointer (&self->table_unavailable, g_free);
    g_clear_pointer (&self->source_unavailable, g_hash_table_unref);
    for (guint col = 0; col < self->n_columns; col++) {
        ColumnInfo *info = &self->columns[col];
        const char *failed = vinv_table_get_column_unavailable (table, col);
        g_clear_pointer (&info->unavailable, g_free);
        if (failed != NULL)
            info->unavailable = g_strdup_printf ("No value: %s", failed);
        else if (inventory != NULL)
            info->unavailable = vinv_inventory_dup_unavailable (inventory, table, (int) col);
    }
    if (inventory == NULL)
        return;
    self->table_unavailable = vinv_inventory_dup_unavailable (inventory, table, -1);
    guint n_sources = vinv_inventory_get_n_sources (inventory);
    if (n_sources < 2)
        return;
    /* several connections, maybe of several back-ends: per source */
    self->source_unavailable = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      (GDestroyNotify) g_ptr_array_unref);
    for (guint i = 0; i < n_sources; i++) {
        const VinvSource *source = vinv_inventory_get_source (inventory, i);
        GPtrArray *reasons = NULL;
        for (guint col = 0; col < self->n_columns; col++) {
            char *reason = vinv_source_dup_unavailable (source, table, (int) col);
            if (reason == NULL)
                continue;
            if (reasons == NULL) {
                reasons = g_ptr_array_new_full (self->n_columns, g_free);
                g_ptr_array_set_size (reasons, (int) self->n_columns);
            }
            g_ptr_array_index (reasons, col) = reason;
        }
        if (reasons != NULL)
            g_hash_table_replace (self->source_unavailable, g_strdup (source->name), reasons);
    }
}

char *
page_dup_unavailable_key (VinvTablePage *self)
{
    GString *key = g_string_new (NULL);
    g_autoptr (GList) sources = self->source_unavailable != NULL
                                ? g_hash_table_get_keys (self->source_unavailable) : NULL;
    sources = g_list_sort (sources, (GCompareFunc) strcmp);
    /* of the shown columns: a column shown later gets its cells then */
    for (guint i = 0; i < vinv_view_get_n_columns (self->view); i++) {
        guint col = vinv_view_get_column (self->view, i);
        const char *reason = self->columns[col].unavailable;
        g_string_append_printf (key, "%u\x1f%s\x1f", col, reason != NULL ? reason : "");
        for (GList *l = sources; l != NULL; l = l->next) {
            GPtrArray *reasons = g_hash_table_lookup (self->source_unavailable, l->data);
            reason = col < reasons->len ? reasons->pdata[col] : NULL;
            g_string_append_printf (key, "%s\x1f%s\x1f", (const char *) l->data,
                                    reason != NULL ? reason : "");
        }
    }
    return g_string_free (key, FALSE);
}

const char *
page_cell_unavailable (VinvTablePage *self, guint row, guint col)
{
    if (self->columns[col].unavailable != NULL)
        return self->columns[col].unavailable;
    if (self->source_unavailable == NULL)
        return NULL;
    const VinvCell *source = vinv_table_get_cell (vinv_view_get_table (self->view), row,
                                                  VINV_COLUMN_SOURCE);
    if (source->kind != VINV_CELL_STRING)
        return NULL;
    GPtrArray *reasons = g_hash_table_lookup (self->source_unavailable, source->v.s);
    return reasons != NULL ? g_ptr_array_index (reasons, col) : NULL;
}

/* ---- headers ------------------------------------------------------------ */

static GtkWidget *
find_label (GtkWidget *widget)
{
    if (GTK_IS_LABEL (widget))
        return widget;
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *found = find_label (child);
        if (found != NULL)
            return found;
    }
    return NULL;
}

/* The header title widget of @column in column view @cv, or NULL: the
 * one whose label reads the column's title (titles are unique within a
 * table; the title widgets are not always in column order). */
static GtkWidget *
header_title (GtkWidget *cv, GtkColumnViewColumn *column)
{
    GtkWidget *header = gtk_widget_get_first_child (cv);
    if (header == NULL || g_strcmp0 (gtk_widget_get_css_name (header), "header") != 0)
        return NULL;
    const char *title = gtk_column_view_column_get_title (column);
    for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL;
         child = gtk_widget_get_next_sibling (child)) {
        GtkWidget *label = find_label (child);
        if (label != NULL && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0)
            return child;
    }
    return NULL;
}

static void
decorate (VinvTablePage *self, GtkWidget *cv)
{
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (cv));
    for (guint i = 0; i < g_list_model_get_n_items (columns); i++) {
        g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
        ColumnInfo *info = g_object_get_data (G_OBJECT (column), "vinv-column");
        GtkWidget *title = header_title (cv, column);
        if (info == NULL || title == NULL)
            continue;
        const VinvColumn *schema_column = &page_schema (self)->columns[info->col];
        /* numbers are right-aligned: so is their title, the sort arrow
         * before it (with the spare width of the last column a
         * left-aligned title would be far from its numbers) */
        GtkWidget *label = find_label (title);
        GtkWidget *box = label != NULL ? gtk_widget_get_parent (label) : NULL;
        if (label != NULL && kind_is_numeric (schema_column->kind)) {
            gtk_widget_set_hexpand (label, TRUE);
            gtk_label_set_xalign (GTK_LABEL (label), 1.0);
            if (GTK_IS_BOX (box) && gtk_widget_get_last_child (box) != label)
                gtk_box_reorder_child_after (GTK_BOX (box), label,
                                             gtk_widget_get_last_child (box));
        }
        /* lazily: setting a tooltip text asks the X server where the
         * pointer is, for every header of every page, at every refresh */
        g_autofree char *help = vinv_column_dup_help (schema_column);
        if (info->unavailable != NULL) {
            g_autofree char *both = g_strconcat (help, "\n", info->unavailable, NULL);
            vinv_widget_set_lazy_tooltip (title, both);
            gtk_widget_add_css_class (title, "vinv-unavailable");
        } else {
            vinv_widget_set_lazy_tooltip (title, help);
            gtk_widget_remove_css_class (title, "vinv-unavailable");
        }
    }
}

void
page_decorate_headers (VinvTablePage *self)
{
    decorate (self, self->column_view);
    if (self->pin_view != NULL)
        decorate (self, self->pin_view);
}

const char *
vinv_table_page_get_header_tooltip (VinvTablePage *self, guint col)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self) && col < self->n_columns, NULL);
    GtkColumnViewColumn *column = self->columns[col].column;
    GtkWidget *title = column != NULL ? header_title (self->column_view, column) : NULL;
    return title != NULL ? vinv_widget_get_lazy_tooltip (title) : NULL;
}

/* ---- the pinned Name column --------------------------------------------- */

static const char pin_css[] =
    ".vinv-pinned { background-color: @theme_base_color;"
    " box-shadow: 1px 0 0 0 @borders, 3px 0 6px -3px alpha(black, 0.35); }\n"
    ".vinv-unavailable { opacity: 0.55; }\n"
    "columnview vinv-list-cell.vinv-link:hover > label { text-decoration-line: underline; }\n";

static void
install_css (void)
{
    static gboolean installed;
    GdkDisplay *display = gdk_display_get_default ();
    if (installed || display == NULL)
        return;
    GtkCssProvider *provider = gtk_css_provider_new ();
    gtk_css_provider_load_from_data (provider, pin_css, -1);
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref (provider);
    installed = TRUE;
}

static GtkAdjustment *
main_hadjustment (VinvTablePage *self)
{
    return gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scroller));
}

/* Shows the pinned view while the Name column's left edge is scrolled
 * out of view, as wide as the Name column. */
static gboolean
pin_update (gpointer user_data)
{
    VinvTablePage *self = user_data;
    gboolean show = FALSE;

    self->pin_idle = 0;
    /* GTK 4.8's column view places its rows with the scroll position it
     * had before it clamped it to a narrower range (fewer or narrower
     * columns while scrolled right), and does not come back: the table
     * would stay off-screen.  Laid out again, it uses the clamped one. */
    if (self->h_range_changed) {
        self->h_range_changed = FALSE;
        gtk_widget_queue_allocate (self->column_view);
    }
    if (self->pin_view == NULL)
        return G_SOURCE_REMOVE;
    ColumnInfo *info = &self->columns[self->name_col];
    if (self->view != NULL && info->column != NULL
        && vinv_view_is_column_visible (self->view, (guint) self->name_col)) {
        GtkWidget *title = header_title (self->column_view, info->column);
        graphene_rect_t r;
        double x = gtk_adjustment_get_value (main_hadjustment (self));
        /* (a title not laid out yet has no width) */
        if (title != NULL && x > 0 && gtk_widget_get_width (title) > 0
            && gtk_widget_compute_bounds (title, gtk_widget_get_parent (title), &r))
            show = x > r.origin.x + 0.5;
        int fixed = gtk_column_view_column_get_fixed_width (info->column);
        if (gtk_column_view_column_get_fixed_width (self->pin_column) != fixed)
            gtk_column_view_column_set_fixed_width (self->pin_column, fixed);
    }
    /* its rows only when first shown: GTK 4.8 makes and binds up to 200
     * row widgets for a model as soon as it has one, shown or not */
    if (show && gtk_column_view_get_model (GTK_COLUMN_VIEW (self->pin_view)) == NULL)
        gtk_column_view_set_model (GTK_COLUMN_VIEW (self->pin_view),
                                   GTK_SELECTION_MODEL (self->selection));
    if (gtk_widget_get_visible (self->pin_view) != show)
        gtk_widget_set_visible (self->pin_view, show);
    return G_SOURCE_REMOVE;
}

static void
queue_pin_update (VinvTablePage *self)
{
    if (self->pin_idle == 0)
        self->pin_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, pin_update, self, NULL);
}

static void
on_hadjustment_value (GtkAdjustment *adjustment, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->pin_view != NULL)
        queue_pin_update (self);
}

static void
on_hadjustment_range (GtkAdjustment *adjustment, gpointer user_data)
{
    VinvTablePage *self = user_data;
    self->h_range_changed = TRUE;
    queue_pin_update (self);
}

static GtkAdjustment *
main_vadjustment (VinvTablePage *self)
{
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
}

/* The pinned view's list was laid out (rows arrived, it was shown): it
 * takes the table's vertical position, which it may not have reached
 * while it had no height. */
static void
on_pin_vadjustment_changed (GtkAdjustment *pin, gpointer user_data)
{
    GtkAdjustment *main = main_vadjustment (user_data);
    if (fabs (gtk_adjustment_get_value (pin) - gtk_adjustment_get_value (main)) > 0.5)
        gtk_adjustment_set_value (pin, gtk_adjustment_get_value (main));
}

/* The wheel over the pinned view scrolls the table (as a scrolled window
 * does: a step grows with the page). */
static gboolean
on_pin_scroll (GtkEventControllerScroll *controller, double dx, double dy, gpointer user_data)
{
    GtkAdjustment *main = main_vadjustment (user_data);
    double step = pow (gtk_adjustment_get_page_size (main), 2.0 / 3.0);
    gtk_adjustment_set_value (main, gtk_adjustment_get_value (main) + dy * step);
    return TRUE;
}

/* Places the pinned view exactly over the table's viewport, at its left. */
static gboolean
on_get_child_position (GtkOverlay *overlay, GtkWidget *widget, GdkRectangle *allocation,
                       gpointer user_data)
{
    VinvTablePage *self = user_data;
    graphene_rect_t cv;
    int min, nat, min_height;

    if (widget != self->pin_view)
        return FALSE;
    if (!gtk_widget_compute_bounds (self->column_view, GTK_WIDGET (overlay), &cv))
        graphene_rect_init (&cv, 0, 0, (float) gtk_widget_get_width (GTK_WIDGET (overlay)),
                            (float) gtk_widget_get_height (GTK_WIDGET (overlay)));
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
    allocation->x = (int) cv.origin.x;
    allocation->y = (int) cv.origin.y;
    allocation->width = MAX (min, MIN (nat, gtk_widget_get_width (GTK_WIDGET (overlay))));
    /* never less than the pinned view's header (a list view measures as
     * tall as all its rows: no help here) */
    gtk_widget_measure (gtk_widget_get_first_child (widget), GTK_ORIENTATION_VERTICAL,
                        allocation->width, &min_height, NULL, NULL, NULL);
    allocation->height = MAX (min_height, (int) cv.size.height);
    return TRUE;
}

static void
on_pin_sorter_changed (GtkSorter *sorter, GtkSorterChange change, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->syncing > 0 || self->view == NULL)
        return;
    self->probe_col = -1;
    GtkOrdering order = gtk_sorter_compare (sorter, self->dummy[0], self->dummy[1]);
    if (self->probe_col == self->name_col)
        vinv_table_page_sort_by (self, (guint) self->name_col, order == GTK_ORDERING_LARGER);
}

GtkWidget *
page_pin_build (VinvTablePage *self, GtkWidget *scroller)
{
    install_css ();
    self->overlay = gtk_overlay_new ();
    gtk_overlay_set_child (GTK_OVERLAY (self->overlay), scroller);
    GtkAdjustment *hadj = main_hadjustment (self);
    g_signal_connect (hadj, "value-changed", G_CALLBACK (on_hadjustment_value), self);
    g_signal_connect (hadj, "changed", G_CALLBACK (on_hadjustment_range), self);
    if (self->name_col < 0)
        return self->overlay;

    ColumnInfo *info = &self->columns[self->name_col];
    self->pin_view = gtk_column_view_new (NULL);   /* rows when first shown */
    gtk_widget_add_css_class (self->pin_view, "data-table");
    gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (self->pin_view), FALSE);
    GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
    g_signal_connect (factory, "setup", G_CALLBACK (page_cell_setup), info);
    g_signal_connect (factory, "bind", G_CALLBACK (page_cell_bind), info);
    g_signal_connect (factory, "unbind", G_CALLBACK (page_cell_unbind), info);
    const char *title = page_schema (self)->columns[self->name_col].title;
    self->pin_column = gtk_column_view_column_new (title, factory);
    g_object_set_data (G_OBJECT (self->pin_column), "vinv-column", info);
    GtkSorter *marker = GTK_SORTER (gtk_custom_sorter_new (page_marker_compare, info, NULL));
    gtk_column_view_column_set_sorter (self->pin_column, marker);
    g_object_unref (marker);
    gtk_column_view_append_column (GTK_COLUMN_VIEW (self->pin_view), self->pin_column);
    g_signal_connect (gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->pin_view)), "changed",
                      G_CALLBACK (on_pin_sorter_changed), self);
    page_setup_column_view (self, self->pin_view);

    /* no scrolled window of its own: its vertical position is the table's */
    gtk_widget_add_css_class (self->pin_view, "vinv-pinned");
    gtk_widget_set_overflow (self->pin_view, GTK_OVERFLOW_HIDDEN);
    gtk_widget_set_halign (self->pin_view, GTK_ALIGN_START);
    gtk_widget_set_valign (self->pin_view, GTK_ALIGN_START);
    gtk_widget_set_visible (self->pin_view, FALSE);
    GtkAdjustment *vpin = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
    gtk_scrollable_set_vadjustment (GTK_SCROLLABLE (self->pin_view), vpin);
    gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->pin_view);
    g_signal_connect (self->overlay, "get-child-position", G_CALLBACK (on_get_child_position),
                      self);
    GtkEventController *wheel = gtk_event_controller_scroll_new (
        GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
    g_signal_connect (wheel, "scroll", G_CALLBACK (on_pin_scroll), self);
    gtk_widget_add_controller (self->pin_view, wheel);

    g_object_bind_property (main_vadjustment (self), "value", vpin, "value",
                            G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
    g_signal_connect (vpin, "changed", G_CALLBACK (on_pin_vadjustment_changed), self);
    return self->overlay;
}

void
page_pin_sync (VinvTablePage *self)
{
    if (self->pin_view == NULL)
        return;
    guint n = self->view != NULL ? vinv_view_get_n_sort_keys (self->view) : 0;
    const VinvSortKey *keys = n > 0 ? vinv_view_get_sort_keys (self->view) : NULL;
    self->syncing++;
    if (n > 0 && (int) keys[0].column == self->name_col)
        gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->pin_view), self->pin_column,
                                        keys[0].descending ? GTK_SORT_DESCENDING
                                                           : GTK_SORT_ASCENDING);
    else
        gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (self->pin_view), NULL,
                                        GTK_SORT_ASCENDING);
    self->syncing--;
    queue_pin_update (self);
}

void
page_pin_dispose (VinvTablePage *self)
{
    g_clear_handle_id (&self->pin_idle, g_source_remove);
    if (self->scroller != NULL)
        g_signal_handlers_disconnect_by_data (main_hadjustment (self), self);
    if (self->pin_view != NULL) {
        g_signal_handlers_disconnect_by_data (
            gtk_column_view_get_sorter (GTK_COLUMN_VIEW (self->pin_view)), self);
        g_signal_handlers_disconnect_by_data (
            gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->pin_view)), self);
        self->pin_view = NULL;
    }
    g_clear_object (&self->pin_column);
}

GtkColumnView *
vinv_table_page_get_pinned_view (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->pin_view != NULL ? GTK_COLUMN_VIEW (self->pin_view) : NULL;
}
