/* vinv-table-page-cells.c — the table page's rows and cells, links,
 * copying and row menu.
 *
 * Rows reach the column views only when the page is first shown, and in
 * steps: GTK 4.8 makes and binds a row widget for each of the first 200
 * rows of a model at once, shown or not, so a screenful goes first and
 * the rest follows in idle steps below redrawing (a GtkSliceListModel
 * between the row model and the selection).  A new view showing the same
 * rows as the old one (the complete inventory replacing a table shown on
 * arrival) is taken without re-reading a cell.
 *
 * Cells are GtkInscriptions bound by a signal list-item factory per
 * column; their text is the core's readable form, status cells carry an
 * icon, list cells are a VinvListCell ("db-01.qcow2 +3": the count kept
 * whole) with their items in a tooltip, and a value the back-ends never
 * fill reads "—" with the reason.  A cell whose text is cut shows it
 * whole in its tooltip.  A link cell follows its target table through the
 * page's "link-activated" signal: Enter or a double-click follows the
 * clicked cell's column, or the row's first link.  Ctrl+C copies the
 * selected rows (tab-separated, with a header); the row menu (right
 * click, Menu or Shift+F10) offers copy and "Follow Link ▸" with every
 * link column of the row.
 */
#include "vinv-table-page-private.h"

#include <string.h>
#include "core/display.h"
#include "vinv-bench.h"
#include "vinv-cell-text.h"
#include "vinv-gui-util.h"
#include "vinv-list-cell.h"

/* ---- rows handed to the column views ------------------------------------ */

/* TRUE if @b shows the rows @a shows, of the same table, in the same order
 * and (when filtered) with the same list items first. */
gboolean
page_views_show_same (VinvView *a, VinvView *b)
{
    VinvTable *table = vinv_view_get_table (a);
    guint n = vinv_view_get_n_rows (a);
    if (vinv_view_get_table (b) != table || vinv_view_get_n_rows (b) != n)
        return FALSE;
    gboolean filtered = *vinv_view_get_filter_text (a) != '\0'
                        || *vinv_view_get_filter_text (b) != '\0';
    const VinvSchema *schema = vinv_table_get_schema (table);
    for (guint i = 0; i < n; i++) {
        guint row = vinv_view_get_row (a, i);
        if (vinv_view_get_row (b, i) != row)
            return FALSE;
        for (guint col = 0; filtered && col < schema->n_columns; col++) {
            if (schema->columns[col].kind == VINV_CELL_LIST
                && vinv_view_get_first_item (a, row, col)
                       != vinv_view_get_first_item (b, row, col))
                return FALSE;
        }
    }
    return TRUE;
}

void
page_stage_stop (VinvTablePage *self)
{
    g_clear_handle_id (&self->stage_idle, g_source_remove);
    if (self->stage_tick != 0)
        gtk_widget_remove_tick_callback (self->column_view, self->stage_tick);
    self->stage_tick = 0;
}

/* Hands every row over now (a change of the rows, the page going). */
void
page_stage_finish (VinvTablePage *self)
{
    if (self->stage_tick == 0)
        return;
    page_stage_stop (self);
    gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
}

/* After a frame: STAGE_STEP more rows (made now, measured before the
 * next frame, laid out and painted in it), or all of them once GTK's row
 * widgets are all made. */
static gboolean
stage_step (gpointer user_data)
{
    VinvTablePage *self = user_data;
    gint64 bench_step = vinv_bench_step_start ();
    guint size = gtk_slice_list_model_get_size (self->slice) + STAGE_STEP;
    gboolean more = size < STAGE_ALL;
    self->stage_idle = 0;
    if (!more)
        page_stage_stop (self);
    gtk_slice_list_model_set_size (self->slice, more ? size : G_MAXUINT);
    vinv_bench_step_end ("rows staged", bench_step);
    return G_SOURCE_REMOVE;
}

/* At each frame: one step after it, below redrawing.  An idle source
 * alone could run two steps between two frames. */
static gboolean
stage_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->stage_idle == 0)
        self->stage_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, stage_step, self, NULL);
    return G_SOURCE_CONTINUE;
}

/* Shows the first @from rows (at least STAGE_FIRST) and the rest in steps,
 * one per frame, when there are more. */
static void
stage_from (VinvTablePage *self, guint from)
{
    if (self->stage_tick != 0)
        return;
    guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
    from = MAX (from, STAGE_FIRST);
    if (n <= from || from >= STAGE_ALL)
        return;
    gtk_slice_list_model_set_size (self->slice, from);
    self->stage_tick = gtk_widget_add_tick_callback (self->column_view, stage_tick, self, NULL);
}

void
page_on_first_map (GtkWidget *widget, gpointer user_data)
{
    VinvTablePage *self = VINV_TABLE_PAGE (widget);
    GtkColumnView *cv = GTK_COLUMN_VIEW (self->column_view);
    if (gtk_column_view_get_model (cv) != NULL)
        return;
    stage_from (self, STAGE_FIRST);
    gtk_column_view_set_model (cv, GTK_SELECTION_MODEL (self->selection));
}

/* ---- cells -------------------------------------------------------------- */

static gboolean
cell_links (const VinvColumn *column, const VinvCell *cell)
{
    if (column->target == NULL)
        return FALSE;
    if (cell->kind == VINV_CELL_REF)
        return cell->v.ref->id != NULL;
    if (cell->kind == VINV_CELL_LIST) {
        for (guint i = 0; i < cell->v.list->n; i++) {
            if (cell->v.list->items[i].id != NULL)
                return TRUE;
        }
    }
    return FALSE;
}

static void popup_row_menu (VinvTablePage *self, GtkWidget *cell, double x, double y);

static void
on_cell_pressed (GtkGestureClick *gesture, int n_press, double x, double y,
                 gpointer user_data)
{
    ColumnInfo *info = user_data;
    VinvTablePage *self = info->page;
    GtkWidget *cell = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
    GtkListItem *item = g_object_get_data (G_OBJECT (cell), "vinv-list-item");
    self->clicked_col = (int) info->col;
    self->clicked_position = gtk_list_item_get_position (item);
    if (gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture))
        != GDK_BUTTON_SECONDARY)
        return;
    if (!gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection),
                                          self->clicked_position))
        gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection),
                                         self->clicked_position, TRUE);
    popup_row_menu (self, cell, x, y);
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The whole text of @cell when its width cuts it, else NULL. */
static char *
dup_cut_text (GtkWidget *cell)
{
    GtkWidget *widget = g_object_get_data (G_OBJECT (cell), "vinv-text");
    const char *text = widget == NULL ? NULL
                       : VINV_IS_CELL_TEXT (widget)
                       ? vinv_cell_text_get_text (VINV_CELL_TEXT (widget))
                       : gtk_inscription_get_text (GTK_INSCRIPTION (widget));
    int width;

    if (text == NULL || *text == '\0')
        return NULL;
    if (VINV_IS_CELL_TEXT (widget)) {
        width = vinv_cell_text_get_text_width (VINV_CELL_TEXT (widget));
    } else {
        PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
        pango_layout_get_pixel_size (layout, &width, NULL);
        g_object_unref (layout);
    }
    return width > gtk_widget_get_width (widget) ? g_strdup (text) : NULL;
}

/* A tooltip set on the cell (items, a reason, a mark) shows as usual;
 * otherwise a cut text shows whole. */
static gboolean
on_cell_query_tooltip (GtkWidget *cell, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       gpointer user_data)
{
    if (vinv_widget_get_lazy_tooltip (cell) != NULL)
        return FALSE;
    g_autofree char *text = dup_cut_text (cell);
    if (text == NULL)
        return FALSE;
    gtk_tooltip_set_text (tooltip, text);
    return TRUE;
}

char *
vinv_table_page_dup_cell_tooltip (VinvTablePage *self, GtkWidget *cell)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self) && GTK_IS_WIDGET (cell), NULL);
    if (vinv_widget_get_lazy_tooltip (cell) != NULL)
        return g_strdup (vinv_widget_get_lazy_tooltip (cell));
    return dup_cut_text (cell);
}

void
page_cell_setup (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
    ColumnInfo *info = user_data;
    const VinvColumn *column = &page_schema (info->page)->columns[info->col];
    GtkWidget *text;
    GtkWidget *cell;

    if (column->kind == VINV_CELL_LIST) {
        cell = vinv_list_cell_new ();
        text = vinv_list_cell_get_text_widget (VINV_LIST_CELL (cell));
        gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text), info->nat_chars);
    } else {
        /* not a GtkInscription: no Pango context of its own to make */
        cell = text = vinv_cell_text_new ();
        vinv_cell_text_set_nat_chars (VINV_CELL_TEXT (text), info->nat_chars);
        if (kind_is_numeric (column->kind))
            vinv_cell_text_set_xalign (VINV_CELL_TEXT (text), 1.0);
    }
    if (kind_is_numeric (column->kind))
        gtk_widget_add_css_class (text, "numeric");
    if (info->status) {
        cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
        GtkWidget *icon = gtk_image_new ();
        gtk_widget_add_css_class (icon, "vinv-status-icon");
        gtk_box_append (GTK_BOX (cell), icon);
        gtk_widget_set_hexpand (text, TRUE);
        gtk_box_append (GTK_BOX (cell), text);
        g_object_set_data (G_OBJECT (cell), "vinv-icon", icon);
    }
    g_object_set_data (G_OBJECT (cell), "vinv-text", text);
    GtkGesture *click = gtk_gesture_click_new ();
    gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
    g_signal_connect (click, "pressed", G_CALLBACK (on_cell_pressed), info);
    gtk_widget_add_controller (cell, GTK_EVENT_CONTROLLER (click));
    g_signal_connect (cell, "query-tooltip", G_CALLBACK (on_cell_query_tooltip), NULL);
    g_object_set_data (G_OBJECT (cell), "vinv-list-item", item);
    g_object_set_data (G_OBJECT (cell), "vinv-column", info);
    gtk_list_item_set_child (item, cell);
}

static const char *const status_icons[] = {
    [VINV_STATUS_NEUTRAL] = "media-playback-stop-symbolic",
    [VINV_STATUS_OK] = "go-up-symbolic",
    [VINV_STATUS_WARNING] = "dialog-warning-symbolic",
    [VINV_STATUS_ERROR] = "dialog-error-symbolic",
};
static const char *const status_classes[] = {
    [VINV_STATUS_NEUTRAL] = "dim-label",
    [VINV_STATUS_OK] = "success",
    [VINV_STATUS_WARNING] = "warning",
    [VINV_STATUS_ERROR] = "error",
};

static void
set_status_icon (GtkWidget *icon, const VinvCell *cell)
{
    const char *value = cell->kind == VINV_CELL_STRING ? cell->v.s : NULL;
    VinvStatusLevel level = vinv_status_level (value);

    for (guint i = 0; i < G_N_ELEMENTS (status_classes); i++)
        gtk_widget_remove_css_class (icon, status_classes[i]);
    if (value == NULL) {
        gtk_image_clear (GTK_IMAGE (icon));
        return;
    }
    gtk_image_set_from_icon_name (GTK_IMAGE (icon), status_icons[level]);
    gtk_widget_add_css_class (icon, status_classes[level]);
}

/* Readable text of cell (@row = table row, @col) as the page shows it. */
char *
page_dup_display_text (VinvTablePage *self, guint row, guint col)
{
    VinvTable *table = vinv_view_get_table (self->view);
    return vinv_cell_format_display (vinv_table_get_column (table, col),
                                     vinv_table_get_cell (table, row, col),
                                     vinv_view_get_first_item (self->view, row, col));
}

/* Shows the cell of @item's row in @info's column in @cell. */
static void
update_cell (ColumnInfo *info, GtkListItem *item, GtkWidget *cell)
{
    VinvTablePage *self = info->page;
    VinvRowItem *row_item = gtk_list_item_get_item (item);
    GtkWidget *text_widget = g_object_get_data (G_OBJECT (cell), "vinv-text");
    VinvTable *table;
    guint row;

    if (self->view == NULL || row_item == NULL)
        return;
    table = vinv_view_get_table (self->view);
    row = vinv_row_item_get_row (row_item);
    if (row >= vinv_table_get_n_rows (table))
        return;

    const VinvColumn *column = vinv_table_get_column (table, info->col);
    const VinvCell *value = vinv_table_get_cell (table, row, info->col);
    const char *missing = value->kind == VINV_CELL_NULL
                          ? page_cell_unavailable (self, row, info->col) : NULL;
    g_autofree char *tip = NULL;

    /* a value no back-end gives: a dash, and why in the tooltip */
    if (missing != NULL) {
        tip = g_strdup (missing);
        gtk_widget_add_css_class (cell, "vinv-unavailable");
    } else {
        gtk_widget_remove_css_class (cell, "vinv-unavailable");
    }
    if (VINV_IS_LIST_CELL (cell)) {
        g_autofree char *more = NULL;
        g_autofree char *text = missing != NULL
            ? g_strdup ("—")
            : vinv_cell_format_list (column, value,
                                     vinv_view_get_first_item (self->view, row, info->col),
                                     &more);
        vinv_list_cell_set_text (VINV_LIST_CELL (cell), text, more);
        if (missing == NULL && value->kind == VINV_CELL_LIST && value->v.list->n > 1)
            tip = vinv_cell_format_items (value, 20);
    } else {
        g_autofree char *text = missing != NULL ? g_strdup ("—")
                                                : page_dup_display_text (self, row, info->col);
        vinv_cell_text_set_text (VINV_CELL_TEXT (text_widget), text);
        vinv_cell_text_set_nat_chars (VINV_CELL_TEXT (text_widget), info->nat_chars);
    }
    if (VINV_IS_LIST_CELL (cell)
        && gtk_inscription_get_nat_chars (GTK_INSCRIPTION (text_widget))
               != (guint) info->nat_chars)
        gtk_inscription_set_nat_chars (GTK_INSCRIPTION (text_widget), info->nat_chars);
    if (info->status)
        set_status_icon (g_object_get_data (G_OBJECT (cell), "vinv-icon"), value);

    if (cell_links (column, value))
        gtk_widget_add_css_class (cell, "vinv-link");
    else
        gtk_widget_remove_css_class (cell, "vinv-link");

    g_autofree char *mark_tip = NULL;
    const char *mark = self->mark_func != NULL
                       ? self->mark_func (table, row, info->col, &mark_tip, self->mark_data)
                       : NULL;
    gtk_widget_remove_css_class (cell, "vinv-added");
    gtk_widget_remove_css_class (cell, "vinv-changed");
    if (mark != NULL)
        gtk_widget_add_css_class (cell, mark);
    /* handed over lazily (setting a tooltip text costs a round trip to the
     * X server); with none of its own a cut text still shows whole */
    vinv_widget_set_lazy_tooltip (cell, mark_tip != NULL ? mark_tip : tip);
    gtk_widget_set_has_tooltip (cell, TRUE);
}

void
page_cell_bind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
    ColumnInfo *info = user_data;
    GtkWidget *cell = gtk_list_item_get_child (item);
    update_cell (info, item, cell);
    g_hash_table_add (info->page->bound, cell);
}

void
page_cell_unbind (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
    ColumnInfo *info = user_data;
    g_hash_table_remove (info->page->bound, gtk_list_item_get_child (item));
}

/* The model re-pointed its items at other rows: re-read the cells on
 * screen (GTK does not rebind items it already holds). */
void
page_on_model_rows_changed (VinvRowModel *model, gpointer user_data)
{
    VinvTablePage *self = user_data;
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, self->bound);
    while (g_hash_table_iter_next (&iter, &key, NULL)) {
        GtkWidget *cell = key;
        update_cell (g_object_get_data (G_OBJECT (cell), "vinv-column"),
                     g_object_get_data (G_OBJECT (cell), "vinv-list-item"), cell);
    }
}

/* ---- links -------------------------------------------------------------- */

gboolean
vinv_table_page_cell_has_link (VinvTablePage *self, guint position, guint col)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), FALSE);
    if (self->view == NULL || position >= vinv_view_get_n_rows (self->view)
        || col >= self->n_columns)
        return FALSE;
    VinvTable *table = vinv_view_get_table (self->view);
    guint row = vinv_view_get_row (self->view, position);
    return cell_links (vinv_table_get_column (table, col), vinv_table_get_cell (table, row, col));
}

char *
vinv_table_page_dup_link_label (VinvTablePage *self, guint position, guint col)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    if (!vinv_table_page_cell_has_link (self, position, col))
        return NULL;
    VinvTable *table = vinv_view_get_table (self->view);
    guint row = vinv_view_get_row (self->view, position);
    const VinvColumn *column = vinv_table_get_column (table, col);
    const VinvCell *cell = vinv_table_get_cell (table, row, col);
    const VinvSchema *target = vinv_schema_lookup (column->target);

    if (cell->kind == VINV_CELL_REF)
        return g_strdup_printf ("%s: %s", target != NULL ? target->title : column->title,
                                cell->v.ref->text != NULL ? cell->v.ref->text : "");
    int name_col = vinv_schema_lookup_column (page_schema (self), "name");
    const char *name = NULL;
    if (name_col >= 0) {
        const VinvCell *n = vinv_table_get_cell (table, row, (guint) name_col);
        if (n->kind == VINV_CELL_STRING)
            name = n->v.s;
    }
    if (name == NULL)
        name = vinv_table_get_row_id (table, row);
    return g_strdup_printf ("%s of %s", column->title, name != NULL ? name : "?");
}

gboolean
vinv_table_page_activate_link (VinvTablePage *self, guint position, guint col)
{
    VinvTableKind target;
    g_autofree char *filter = NULL;

    if (!vinv_table_page_cell_has_link (self, position, col))
        return FALSE;
    guint row = vinv_view_get_row (self->view, position);
    if (!vinv_view_link_filter (self->view, row, col, &target, &filter))
        return FALSE;
    g_autofree char *label = vinv_table_page_dup_link_label (self, position, col);
    g_signal_emit (self, vinv_table_page_signals[SIGNAL_LINK_ACTIVATED], 0, (guint) target, filter, label);
    return TRUE;
}

gboolean
vinv_table_page_activate_row (VinvTablePage *self, guint position)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), FALSE);
    if (self->view == NULL)
        return FALSE;
    if (self->clicked_col >= 0 && self->clicked_position == position
        && vinv_table_page_activate_link (self, position, (guint) self->clicked_col))
        return TRUE;
    guint n = vinv_view_get_n_columns (self->view);
    for (guint i = 0; i < n; i++) {
        if (vinv_table_page_activate_link (self, position, vinv_view_get_column (self->view, i)))
            return TRUE;
    }
    return FALSE;
}

void
page_on_row_activate (GtkColumnView *cv, guint position, gpointer user_data)
{
    vinv_table_page_activate_row (VINV_TABLE_PAGE (user_data), position);
}

/* ---- copying and the row menu ------------------------------------------ */

static void
append_row_text (VinvTablePage *self, GString *out, guint row)
{
    guint n = vinv_view_get_n_columns (self->view);
    for (guint i = 0; i < n; i++) {
        g_autofree char *text = page_dup_display_text (self, row, vinv_view_get_column (self->view, i));
        if (i > 0)
            g_string_append_c (out, '\t');
        /* a tab or newline inside a value would split it */
        for (const char *p = text; *p != '\0'; p++)
            g_string_append_c (out, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
    }
    g_string_append_c (out, '\n');
}

char *
vinv_table_page_dup_selection_text (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    if (self->view == NULL)
        return NULL;
    g_autoptr (GtkBitset) set = gtk_selection_model_get_selection (
        GTK_SELECTION_MODEL (self->selection));
    if (gtk_bitset_is_empty (set))
        return NULL;
    VinvTable *table = vinv_view_get_table (self->view);
    GString *out = g_string_new (NULL);
    guint n = vinv_view_get_n_columns (self->view);
    for (guint i = 0; i < n; i++) {
        const VinvColumn *column = vinv_table_get_column (table,
                                                          vinv_view_get_column (self->view, i));
        g_string_append_printf (out, "%s%s", i > 0 ? "\t" : "", column->title);
    }
    g_string_append_c (out, '\n');
    guint rows = vinv_view_get_n_rows (self->view);
    GtkBitsetIter iter;
    guint pos;
    for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &pos); ok && pos < rows;
         ok = gtk_bitset_iter_next (&iter, &pos))
        append_row_text (self, out, vinv_view_get_row (self->view, pos));
    return g_string_free (out, FALSE);
}

static void
set_clipboard (VinvTablePage *self, const char *text)
{
    if (text != NULL)
        gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

gboolean
page_copy_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data)
{
    VinvTablePage *self = user_data;
    g_autofree char *text = vinv_table_page_dup_selection_text (self);
    set_clipboard (self, text);
    return text != NULL;
}

gboolean
page_escape_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->link_filter == NULL
        && gtk_editable_get_text (GTK_EDITABLE (self->filter_entry))[0] == '\0')
        return FALSE;
    vinv_table_page_clear_filter (self);
    return TRUE;
}

static void
action_copy (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    page_copy_shortcut (NULL, NULL, user_data);
}

static void
action_copy_cell (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvTablePage *self = user_data;
    if (self->view == NULL || self->clicked_position >= vinv_view_get_n_rows (self->view)
        || vinv_view_get_n_columns (self->view) == 0)
        return;
    /* opened from the keyboard: no cell was clicked, the row's first */
    guint col = self->clicked_col >= 0 ? (guint) self->clicked_col
                                       : vinv_view_get_column (self->view, 0);
    g_autofree char *text = page_dup_display_text (
        self, vinv_view_get_row (self->view, self->clicked_position), col);
    set_clipboard (self, text);
}

/* page.follow((position, column)): the row menu's "Follow Link" items */
static void
action_follow (GSimpleAction *action, GVariant *param, gpointer user_data)
{
    VinvTablePage *self = user_data;
    guint position, col;
    g_variant_get (param, "(uu)", &position, &col);
    vinv_table_page_activate_link (self, position, col);
}

static const GActionEntry page_actions[] = {
    { .name = "copy", .activate = action_copy },
    { .name = "copy-cell", .activate = action_copy_cell },
    { .name = "follow", .activate = action_follow, .parameter_type = "(uu)" },
};

void
page_install_actions (VinvTablePage *self)
{
    GSimpleActionGroup *group = g_simple_action_group_new ();
    g_action_map_add_action_entries (G_ACTION_MAP (group), page_actions,
                                     G_N_ELEMENTS (page_actions), self);
    gtk_widget_insert_action_group (GTK_WIDGET (self), "page", G_ACTION_GROUP (group));
    g_object_unref (group);
}

GMenuModel *
vinv_table_page_build_row_menu (VinvTablePage *self, guint position)
{
    GMenu *menu = g_menu_new ();
    /* the window's section (VM actions) first, when it set one */
    if (self->context_menu != NULL)
        g_menu_append_section (menu, NULL, self->context_menu);
    GMenu *section = g_menu_new ();
    g_menu_append (section, "_Copy Rows", "page.copy");
    g_menu_append (section, "Copy C_ell", "page.copy-cell");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    g_object_unref (section);

    GMenu *links = g_menu_new ();
    guint n = self->view != NULL ? vinv_view_get_n_columns (self->view) : 0;
    for (guint i = 0; i < n; i++) {
        guint col = vinv_view_get_column (self->view, i);
        g_autofree char *label = vinv_table_page_dup_link_label (self, position, col);
        if (label == NULL)
            continue;
        g_autoptr (GMenuItem) item = g_menu_item_new (label, NULL);
        g_menu_item_set_action_and_target_value (item, "page.follow",
                                                 g_variant_new ("(uu)", position, col));
        g_menu_append_item (links, item);
    }
    if (g_menu_model_get_n_items (G_MENU_MODEL (links)) > 0)
        g_menu_append_submenu (menu, "_Follow Link", G_MENU_MODEL (links));
    g_object_unref (links);
    return G_MENU_MODEL (menu);
}

static void
popup_row_menu (VinvTablePage *self, GtkWidget *cell, double x, double y)
{
    g_autoptr (GMenuModel) menu = vinv_table_page_build_row_menu (self, self->clicked_position);
    graphene_point_t at;

    if (!gtk_widget_compute_point (cell, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &at))
        return;
    if (self->row_menu == NULL) {
        self->row_menu = gtk_popover_menu_new_from_model (menu);
        gtk_widget_set_parent (self->row_menu, GTK_WIDGET (self));
        gtk_popover_set_has_arrow (GTK_POPOVER (self->row_menu), FALSE);
        gtk_widget_set_halign (self->row_menu, GTK_ALIGN_START);
    } else {
        gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->row_menu), menu);
    }
    gtk_popover_set_pointing_to (GTK_POPOVER (self->row_menu),
                                 &(GdkRectangle) { (int) at.x, (int) at.y, 1, 1 });
    gtk_popover_popup (GTK_POPOVER (self->row_menu));
}


/* Menu or Shift+F10 on the rows: the row menu of the first selected row
 * (the row with the keyboard focus is selected), under that row. */
gboolean
page_menu_shortcut (GtkWidget *widget, GVariant *args, gpointer user_data)
{
    VinvTablePage *self = user_data;
    g_autoptr (GtkBitset) set = gtk_selection_model_get_selection (
        GTK_SELECTION_MODEL (self->selection));

    if (self->view == NULL || gtk_bitset_is_empty (set))
        return FALSE;
    guint position = gtk_bitset_get_minimum (set);
    if (position >= vinv_view_get_n_rows (self->view))
        return FALSE;
    if (self->clicked_position != position)
        self->clicked_col = -1;
    self->clicked_position = position;

    /* a cell of that row in the column view the keys were pressed in */
    GtkWidget *anchor = NULL;
    GHashTableIter iter;
    gpointer key;
    g_hash_table_iter_init (&iter, self->bound);
    while (anchor == NULL && g_hash_table_iter_next (&iter, &key, NULL)) {
        GtkWidget *cell = key;
        GtkListItem *item = g_object_get_data (G_OBJECT (cell), "vinv-list-item");
        if (gtk_list_item_get_position (item) == position && gtk_widget_get_mapped (cell)
            && gtk_widget_is_ancestor (cell, widget))
            anchor = cell;
    }
    if (anchor != NULL)
        popup_row_menu (self, anchor, 0, gtk_widget_get_height (anchor));
    else
        popup_row_menu (self, widget, 0, 0);
    return TRUE;
}

void
page_setup_column_view (VinvTablePage *self, GtkWidget *column_view)
{
    g_signal_connect (column_view, "activate", G_CALLBACK (page_on_row_activate), self);
    GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
    gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (
        gtk_shortcut_trigger_parse_string ("<Control>c"),
        gtk_callback_action_new (page_copy_shortcut, self, NULL)));
    gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (
        gtk_shortcut_trigger_parse_string ("<Shift>F10|Menu"),
        gtk_callback_action_new (page_menu_shortcut, self, NULL)));
    gtk_widget_add_controller (column_view, GTK_EVENT_CONTROLLER (keys));
}
