/* test-gui-table.c — the table page's cells and columns in the window,
 * under Xvfb (run-xvfb.sh), on the demo (libvirt test driver):
 *   - list cells read "first +n" with the count whole however narrow the
 *     column, long lists read "51 VMs", tooltips list the items, a cut
 *     text shows whole in its tooltip;
 *   - the row menu follows any link column of the row (the second one
 *     here), Menu/Shift+F10 open it from the keyboard;
 *   - "Not available from libvirt": a table (empty state), a column
 *     (header and "—" cells) and, with two back-ends, the rows of the one
 *     that does not fill a column;
 *   - columns by content: natural widths at 1280×800 (Name never
 *     narrower), the last column expands, header tooltips give the help
 *     text as `virt-inventory columns` prints it;
 *   - the Name column pinned at the left when the table scrolls sideways,
 *     row for row with the table, sorting through its header.
 * Expected values come from the loaded tables and the core, not written
 * in.  /gui-table/screenshot saves two pictures into tests/artifacts, or
 * into $VINV_SCREENSHOT_DIR (scripts/screenshot: docs/).
 */
#include "gui-test-util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "core/display.h"
#include "vinv-list-cell.h"


/* ---- helpers ------------------------------------------------------------ */










/* The rows' cells of @cv, in order: GtkColumnViewCell children. */
static void
collect_cells (GtkWidget *root, GPtrArray *out)
{
    if (g_strcmp0 (gtk_widget_get_css_name (root), "cell") == 0
        && gtk_widget_get_first_child (root) != NULL && gtk_widget_get_mapped (root)) {
        g_ptr_array_add (out, gtk_widget_get_first_child (root));
        return;
    }
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child))
        collect_cells (child, out);
}

/* The text a cell widget shows (a cell text, or a list cell's two parts
 * joined by a space). */
static char *
cell_text (GtkWidget *cell)
{
    if (VINV_IS_LIST_CELL (cell)) {
        GtkWidget *text = vinv_list_cell_get_text_widget (VINV_LIST_CELL (cell));
        GtkWidget *more = vinv_list_cell_get_more_widget (VINV_LIST_CELL (cell));
        const char *t = gtk_inscription_get_text (GTK_INSCRIPTION (text));
        if (!gtk_widget_get_visible (more))
            return g_strdup (t != NULL ? t : "");
        return g_strdup_printf ("%s %s", t, gtk_label_get_text (GTK_LABEL (more)));
    }
    GtkWidget *text = cell;
    if (!VINV_IS_CELL_TEXT (text)) {
        /* the Status column: icon + text */
        text = gtk_widget_get_last_child (cell);
    }
    const char *t = vinv_cell_text_get_text (VINV_CELL_TEXT (text));
    return g_strdup (t != NULL ? t : "");
}

/* The header title widget of column @title of @cv (GTK 4.8: the children
 * of the column view's first child, holding a label). */
static GtkWidget *
header_title (GtkColumnView *cv, const char *title)
{
    GtkWidget *header = gtk_widget_get_first_child (GTK_WIDGET (cv));
    for (GtkWidget *t = gtk_widget_get_first_child (header); t != NULL;
         t = gtk_widget_get_next_sibling (t)) {
        /* a box of the label and the sort arrow, in either order */
        GtkWidget *box = gtk_widget_get_first_child (t);
        for (GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;
             label != NULL; label = gtk_widget_get_next_sibling (label)) {
            if (GTK_IS_LABEL (label)
                && g_strcmp0 (gtk_label_get_text (GTK_LABEL (label)), title) == 0)
                return t;
        }
    }
    return NULL;
}

/* The cell widget of column @title in a row (a row's cells are not in
 * column order: they are matched to a header by their x). */
static GtkWidget *
row_cell (GtkColumnView *cv, GtkWidget *row, const char *title)
{
    GtkWidget *head = header_title (cv, title);
    graphene_rect_t h, c;
    g_assert_nonnull (head);
    g_assert_true (gtk_widget_compute_bounds (head, GTK_WIDGET (cv), &h));
    for (GtkWidget *slot = gtk_widget_get_first_child (row); slot != NULL;
         slot = gtk_widget_get_next_sibling (slot)) {
        if (gtk_widget_compute_bounds (slot, GTK_WIDGET (cv), &c)
            && fabs (c.origin.x - h.origin.x) < 2 && gtk_widget_get_first_child (slot) != NULL)
            return gtk_widget_get_first_child (slot);
    }
    return NULL;
}

static void
collect_rows (GtkWidget *root, GPtrArray *out)
{
    if (g_strcmp0 (gtk_widget_get_css_name (root), "row") == 0 && gtk_widget_get_mapped (root)) {
        g_ptr_array_add (out, root);
        return;
    }
    for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
         child = gtk_widget_get_next_sibling (child))
        collect_rows (child, out);
}

/* The mapped cell widget of column @title in the row whose column
 * @key_title reads @key, or NULL. */
static GtkWidget *
find_cell (GtkColumnView *cv, const char *title, const char *key_title, const char *key)
{
    g_autoptr (GPtrArray) rows = g_ptr_array_new ();
    collect_rows (GTK_WIDGET (cv), rows);
    for (guint i = 0; i < rows->len; i++) {
        GtkWidget *k = row_cell (cv, rows->pdata[i], key_title);
        if (k == NULL)
            continue;
        g_autofree char *text = cell_text (k);
        if (g_strcmp0 (text, key) == 0)
            return row_cell (cv, rows->pdata[i], title);
    }
    return NULL;
}

static GtkAdjustment *
adjustment_of (GtkWidget *scrolled_child, GtkOrientation orientation)
{
    GtkWidget *w = gtk_widget_get_parent (scrolled_child);
    while (w != NULL && !GTK_IS_SCROLLED_WINDOW (w))
        w = gtk_widget_get_parent (w);
    g_assert_nonnull (w);
    return orientation == GTK_ORIENTATION_HORIZONTAL
           ? gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (w))
           : gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (w));
}

/* The first VM position whose Disks list has more than one linked item
 * and whose row links at least @links columns among those shown. */
static int
vm_with_disks (VinvTablePage *vms, guint links)
{
    VinvTable *table = table_of (vms);
    VinvView *view = vinv_table_page_get_view (vms);
    for (guint i = 0; i < n_model (vms); i++) {
        const VinvCell *cell = vinv_table_get_cell (table, model_row (vms, i), VINV_VM_DISKS);
        if (cell->kind != VINV_CELL_LIST || cell->v.list->n < 2
            || cell->v.list->items[0].id == NULL)
            continue;
        guint n = 0;
        for (guint c = 0; c < vinv_view_get_n_columns (view); c++)
            n += vinv_table_page_cell_has_link (vms, i, vinv_view_get_column (view, c));
        if (n >= links)
            return (int) i;
    }
    return -1;
}

/* ---- list cells --------------------------------------------------------- */

static void
test_list_cells (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);
    VinvTable *table = table_of (vms);
    GtkColumnView *cv = vinv_table_page_get_column_view (vms);

    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_view_set_columns_text (view, "name,status,disks,networks", NULL));
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
    int pos = vm_with_disks (vms, 1);
    g_assert_cmpint (pos, >=, 0);
    guint row = model_row (vms, (guint) pos);
    const char *name = string_cell (table, row, VINV_VM_NAME);
    const VinvCell *disks = vinv_table_get_cell (table, row, VINV_VM_DISKS);
    g_autofree char *filter = g_strdup_printf ("name = \"%s\"", name);
    g_assert_true (vinv_table_page_set_filter (vms, filter));
    g_assert_cmpuint (n_model (vms), ==, 1);
    frames (GTK_WIDGET (window));

    /* "first +n" — the item and the count as two parts */
    GtkWidget *cell = find_cell (cv, "Disks", "Name", name);
    g_assert_nonnull (cell);
    g_assert_true (VINV_IS_LIST_CELL (cell));
    g_autofree char *shown = cell_text (cell);
    g_autofree char *want = g_strdup_printf ("%s +%u", disks->v.list->items[0].text,
                                             disks->v.list->n - 1);
    g_assert_cmpstr (shown, ==, want);
    g_assert_null (strchr (shown, '('));
    g_autofree char *items = vinv_cell_format_items (disks, 20);
    g_autofree char *tip = vinv_table_page_dup_cell_tooltip (vms, cell);
    g_assert_cmpstr (tip, ==, items);
    g_assert_nonnull (strchr (tip, '\n'));

    /* a narrow column cuts the item, never the count */
    GtkColumnViewColumn *column = column_titled (cv, "Disks");
    GtkWidget *text = vinv_list_cell_get_text_widget (VINV_LIST_CELL (cell));
    GtkWidget *more = vinv_list_cell_get_more_widget (VINV_LIST_CELL (cell));
    int more_nat;
    gtk_widget_measure (more, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &more_nat, NULL, NULL);
    for (int width = 200; width >= 40; width -= 40) {
        gtk_column_view_column_set_fixed_width (column, width);
        frames (GTK_WIDGET (window));
        graphene_rect_t r, c;
        g_assert_true (gtk_widget_compute_bounds (more, cell, &r));
        g_assert_true (gtk_widget_compute_bounds (cell, cell, &c));
        g_test_message ("Disks %d px: item %d px, count at %.0f..%.0f of %.0f", width,
                        gtk_widget_get_width (text), r.origin.x, r.origin.x + r.size.width,
                        c.size.width);
        g_assert_true (gtk_widget_get_mapped (more));
        g_assert_cmpint (gtk_widget_get_width (more), ==, more_nat);
        g_assert_cmpfloat (r.origin.x + r.size.width, <=, c.size.width + 0.5);
        g_assert_cmpfloat (r.origin.x, >=, gtk_widget_get_width (text));
    }
    /* the count sits right after the item when there is room */
    gtk_column_view_column_set_fixed_width (column, 400);
    frames (GTK_WIDGET (window));
    PangoLayout *layout = gtk_widget_create_pango_layout (text, disks->v.list->items[0].text);
    int item_width;
    pango_layout_get_pixel_size (layout, &item_width, NULL);
    g_object_unref (layout);
    g_assert_cmpint (gtk_widget_get_width (text), ==, item_width);
    gtk_column_view_column_set_fixed_width (column, -1);

    /* a cut text shows whole in its tooltip, an uncut one has none */
    GtkWidget *name_cell = find_cell (cv, "Name", "Name", name);
    g_assert_nonnull (name_cell);
    frames (GTK_WIDGET (window));
    g_autofree char *uncut = vinv_table_page_dup_cell_tooltip (vms, name_cell);
    g_assert_null (uncut);
    gtk_column_view_column_set_fixed_width (column_titled (cv, "Name"), 30);
    frames (GTK_WIDGET (window));
    g_autofree char *cut = vinv_table_page_dup_cell_tooltip (vms, name_cell);
    g_assert_cmpstr (cut, ==, name);
    gtk_column_view_column_set_fixed_width (column_titled (cv, "Name"), -1);

    /* every list of the table: "+n" or, long, a count with its noun */
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        const VinvCell *c = vinv_table_get_cell (table, r, VINV_VM_DISKS);
        g_autofree char *d = vinv_cell_format_display (
            vinv_table_get_column (table, VINV_VM_DISKS), c, 0);
        g_assert_null (strstr (d, " ("));
        if (c->kind == VINV_CELL_LIST && c->v.list->n > 1) {
            g_autofree char *tail = c->v.list->n >= VINV_LIST_COUNT_FROM
                ? g_strdup_printf ("%u disks", c->v.list->n)
                : g_strdup_printf (" +%u", c->v.list->n - 1);
            g_assert_true (g_str_has_suffix (d, tail));
        }
    }
    vinv_table_page_set_filter (vms, "");
    vinv_table_page_reset_columns (vms);

    /* a host's many VMs read as a count, their names in the tooltip */
    VinvTablePage *hosts = page_of (window, VINV_TABLE_HOST);
    vinv_window_show_table (window, VINV_TABLE_HOST);
    g_assert_true (vinv_view_set_columns_text (vinv_table_page_get_view (hosts), "name,vms",
                                               NULL));
    vinv_table_page_set_column_visible (hosts, VINV_HOST_NAME, TRUE);
    frames (GTK_WIDGET (window));
    VinvTable *host_table = table_of (hosts);
    guint counted = 0;
    for (guint i = 0; i < n_model (hosts); i++) {
        guint r = model_row (hosts, i);
        const VinvCell *list = vinv_table_get_cell (host_table, r, VINV_HOST_VMS);
        if (list->kind != VINV_CELL_LIST || list->v.list->n < VINV_LIST_COUNT_FROM)
            continue;
        GtkWidget *c = find_cell (vinv_table_page_get_column_view (hosts), "VMs", "Name",
                                  string_cell (host_table, r, VINV_HOST_NAME));
        g_assert_nonnull (c);
        g_autofree char *t = cell_text (c);
        g_autofree char *w = g_strdup_printf ("%u VMs", list->v.list->n);
        g_assert_cmpstr (t, ==, w);
        g_autofree char *host_tip = vinv_table_page_dup_cell_tooltip (hosts, c);
        g_autofree char *host_items = vinv_cell_format_items (list, 20);
        g_assert_cmpstr (host_tip, ==, host_items);
        counted++;
    }
    g_assert_cmpuint (counted, >, 0);
    vinv_table_page_reset_columns (hosts);
    vinv_window_show_table (window, VINV_TABLE_VM);
}

/* ---- following any link ------------------------------------------------- */

static GMenuModel *
follow_submenu (GMenuModel *menu)
{
    for (int i = 0; i < g_menu_model_get_n_items (menu); i++) {
        GMenuModel *sub = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);
        if (sub != NULL)
            return sub;
        GMenuModel *section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
        if (section != NULL) {
            GMenuModel *found = follow_submenu (section);
            g_object_unref (section);
            if (found != NULL)
                return found;
        }
    }
    return NULL;
}



static void
test_follow_any_link (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);

    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_reset_columns (vms);
    g_assert_true (vinv_table_page_set_filter (vms, "vcpus >= 1"));
    int pos = vm_with_disks (vms, 2);
    g_assert_cmpint (pos, >=, 0);

    /* the row menu lists every link column of the row, in column order */
    g_autoptr (GMenuModel) menu = vinv_table_page_build_row_menu (vms, (guint) pos);
    g_autoptr (GMenuModel) follow = follow_submenu (menu);
    g_assert_nonnull (follow);
    guint link_cols[16];
    guint n_links = 0;
    for (guint i = 0; i < vinv_view_get_n_columns (view) && n_links < 16; i++) {
        guint col = vinv_view_get_column (view, i);
        if (vinv_table_page_cell_has_link (vms, (guint) pos, col))
            link_cols[n_links++] = col;
    }
    g_assert_cmpuint (n_links, >=, 2);
    g_assert_cmpint (g_menu_model_get_n_items (follow), ==, (int) n_links);

    /* its second item follows the second link column, not the first */
    g_autofree char *action = NULL;
    g_assert_true (g_menu_model_get_item_attribute (follow, 1, G_MENU_ATTRIBUTE_ACTION, "s",
                                                    &action));
    g_assert_cmpstr (action, ==, "page.follow");
    g_autoptr (GVariant) target = g_menu_model_get_item_attribute_value (
        follow, 1, G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE ("(uu)"));
    g_assert_nonnull (target);
    guint t_pos, t_col;
    g_variant_get (target, "(uu)", &t_pos, &t_col);
    g_assert_cmpuint (t_pos, ==, (guint) pos);
    g_assert_cmpuint (t_col, ==, link_cols[1]);
    g_autofree char *label = vinv_table_page_dup_link_label (vms, (guint) pos, link_cols[1]);
    g_autofree char *item_label = NULL;
    g_assert_true (g_menu_model_get_item_attribute (follow, 1, G_MENU_ATTRIBUTE_LABEL, "s",
                                                    &item_label));
    g_assert_cmpstr (item_label, ==, label);
    const VinvSchema *target_schema = vinv_schema_lookup (
        vinv_table_get_column (table_of (vms), link_cols[1])->target);
    g_assert_nonnull (target_schema);
    VinvTableKind target_kind = vinv_schema_get_kind (target_schema);
    const VinvSchema *first_schema = vinv_schema_lookup (
        vinv_table_get_column (table_of (vms), link_cols[0])->target);
    g_assert_true (first_schema != target_schema);

    g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (vms), "page.follow",
                                                      g_variant_ref (target)));
    VinvTablePage *followed = vinv_window_get_current_page (window);
    g_assert_true (followed == page_of (window, target_kind));
    g_assert_cmpstr (vinv_table_page_get_link_label (followed), ==, label);
    g_assert_cmpuint (n_model (followed), >=, 1);
    g_assert_cmpuint (n_model (followed), <, vinv_table_get_n_rows (table_of (followed)));
    vinv_window_go_back (window);
    g_assert_true (vinv_window_get_current_page (window) == vms);
    g_assert_cmpstr (vinv_view_get_filter_text (view), ==, "vcpus >= 1");

    /* Enter (row activation) follows the clicked cell's link column: a
     * press on the row's cell of the second link column, then Enter */
    const VinvColumn *second = vinv_table_get_column (table_of (vms), link_cols[1]);
    const char *vm_name = string_cell (table_of (vms), model_row (vms, (guint) pos),
                                       VINV_VM_NAME);
    g_autofree char *only = g_strdup_printf ("name = \"%s\"", vm_name);
    g_assert_true (vinv_table_page_set_filter (vms, only));
    frames (GTK_WIDGET (window));
    GtkWidget *clicked = find_cell (vinv_table_page_get_column_view (vms), second->title, "Name",
                                    vm_name);
    g_assert_nonnull (clicked);
    g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (clicked);
    gboolean pressed = FALSE;
    for (guint i = 0; i < g_list_model_get_n_items (controllers) && !pressed; i++) {
        g_autoptr (GtkEventController) c = g_list_model_get_item (controllers, i);
        if (GTK_IS_GESTURE_CLICK (c)) {
            g_signal_emit_by_name (c, "pressed", 1, 2.0, 2.0);
            pressed = TRUE;
        }
    }
    g_assert_true (pressed);
    g_signal_emit_by_name (vinv_table_page_get_column_view (vms), "activate", 0u);
    g_assert_true (vinv_window_get_current_page (window) == page_of (window, target_kind));
    g_autofree char *label0 = vinv_table_page_dup_link_label (vms, 0, link_cols[1]);
    g_assert_cmpstr (vinv_table_page_get_link_label (vinv_window_get_current_page (window)), ==,
                     label0);
    vinv_window_go_back (window);
    g_assert_true (vinv_table_page_set_filter (vms, "vcpus >= 1"));

    /* from the keyboard: Menu on the selected row opens the same menu */
    GtkColumnView *cv = vinv_table_page_get_column_view (vms);
    GtkSelectionModel *model = gtk_column_view_get_model (cv);
    gtk_selection_model_select_item (model, (guint) pos, TRUE);
    frames (GTK_WIDGET (window));
    g_assert_true (run_shortcut (GTK_WIDGET (cv), "Menu"));
    g_assert_true (run_shortcut (GTK_WIDGET (cv), "<Shift>F10"));
    GtkWidget *popover = find_type (GTK_WIDGET (vms), GTK_TYPE_POPOVER_MENU);
    g_assert_nonnull (popover);
    g_assert_true (gtk_widget_get_visible (popover));
    GMenuModel *shown = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (popover));
    g_autoptr (GMenuModel) shown_follow = follow_submenu (shown);
    g_assert_nonnull (shown_follow);
    g_assert_cmpint (g_menu_model_get_n_items (shown_follow), ==, (int) n_links);
    gtk_popover_popdown (GTK_POPOVER (popover));
    /* nothing selected: nothing to open */
    gtk_selection_model_unselect_all (model);
    g_assert_false (run_shortcut (GTK_WIDGET (cv), "Menu"));
    vinv_table_page_set_filter (vms, "");
}

/* ---- not available from a back-end -------------------------------------- */

/* A second back-end for the mixed case: fills the VMs' name and
 * pending_restart, nothing else. */
static const char *const other_vm_columns[] = { "name", "pending_restart", NULL };
static const VinvBackendTable other_tables[] = {
    { "vms", NULL, other_vm_columns },
    { NULL, NULL, NULL },
};
static const char *const other_schemes[] = { "other", NULL };
static const VinvBackendClass other_class = {
    .name = "other", .title = "Other", .schemes = other_schemes, .tables = other_tables,
};

static VinvTablePage *
page_in_window (VinvTableKind kind, VinvTable *table, const VinvInventory *inventory,
                GtkWindow **window)
{
    GtkWidget *page = vinv_table_page_new (kind);
    *window = GTK_WINDOW (gtk_window_new ());
    gtk_window_set_default_size (*window, 900, 400);
    gtk_window_set_child (*window, page);
    gtk_window_present (*window);
    vinv_table_page_set_table (VINV_TABLE_PAGE (page), table, inventory, NULL);
    frames (page);
    return VINV_TABLE_PAGE (page);
}

static void
test_not_available (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    const VinvBackendClass *libvirt = vinv_backend_class_for_name ("libvirt");
    g_assert_nonnull (libvirt);
    g_autofree char *from = g_strdup_printf ("Not available from %s", libvirt->title);
    g_assert_cmpstr (from, ==, "Not available from libvirt");

    /* a column libvirt never fills: dimmed header saying so, "—" cells */
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_false (vinv_inventory_column_available (vinv_window_get_inventory (window),
                                                     table_of (vms), VINV_VM_PENDING_RESTART));
    vinv_table_page_set_column_visible (vms, VINV_VM_PENDING_RESTART, TRUE);
    frames (GTK_WIDGET (window));
    const VinvColumn *pending = vinv_table_get_column (table_of (vms), VINV_VM_PENDING_RESTART);
    g_autofree char *help = vinv_column_dup_help (pending);
    g_autofree char *want_tip = g_strconcat (help, "\n", from, NULL);
    g_assert_cmpstr (vinv_table_page_get_header_tooltip (vms, VINV_VM_PENDING_RESTART), ==,
                     want_tip);
    GtkColumnView *cv = vinv_table_page_get_column_view (vms);
    GtkWidget *title = header_title (cv, pending->title);
    g_assert_nonnull (title);
    g_assert_true (gtk_widget_has_css_class (title, "vinv-unavailable"));
    g_assert_true (gtk_widget_get_has_tooltip (title));
    g_assert_cmpstr (vinv_widget_get_lazy_tooltip (title), ==, want_tip);
    const char *name = string_cell (table_of (vms), model_row (vms, 0), VINV_VM_NAME);
    g_autofree char *one = g_strdup_printf ("name = \"%s\"", name);
    g_assert_true (vinv_table_page_set_filter (vms, one));
    frames (GTK_WIDGET (window));
    GtkWidget *cell = find_cell (cv, pending->title, "Name", name);
    g_assert_nonnull (cell);
    g_autofree char *dash = cell_text (cell);
    g_assert_cmpstr (dash, ==, "—");
    g_assert_true (gtk_widget_has_css_class (cell, "vinv-unavailable"));
    g_autofree char *cell_tip = vinv_table_page_dup_cell_tooltip (vms, cell);
    g_assert_cmpstr (cell_tip, ==, from);
    /* a column libvirt fills is not marked */
    GtkWidget *memory = header_title (cv, "Memory");
    g_assert_nonnull (memory);
    g_assert_false (gtk_widget_has_css_class (memory, "vinv-unavailable"));
    g_autofree char *copied = NULL;
    gtk_selection_model_select_item (gtk_column_view_get_model (cv), 0, TRUE);
    copied = vinv_table_page_dup_selection_text (vms);
    g_assert_null (strstr (copied, "—"));   /* copies have no value, not a dash */
    vinv_table_page_set_filter (vms, "");
    vinv_table_page_reset_columns (vms);

    /* a table libvirt does not provide: the page says so */
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    vinv_inventory_add_source (inv, "hv01", "test:///default", libvirt->tables);
    VinvTable *clusters = vinv_inventory_ensure_table (inv, VINV_TABLE_CLUSTER);
    GtkWindow *w1;
    VinvTablePage *page = page_in_window (VINV_TABLE_CLUSTER, clusters, inv, &w1);
    g_assert_cmpstr (vinv_table_page_get_empty_text (page), ==, from);
    /* …whereas an empty table libvirt provides is only empty */
    g_autoptr (VinvInventory) inv2 = vinv_inventory_new ();
    vinv_inventory_add_source (inv2, "hv01", "test:///default", libvirt->tables);
    VinvTable *snaps = vinv_inventory_ensure_table (inv2, VINV_TABLE_SNAP);
    GtkWindow *w2;
    VinvTablePage *page2 = page_in_window (VINV_TABLE_SNAP, snaps, inv2, &w2);
    g_assert_cmpstr (vinv_table_page_get_empty_text (page2), ==,
                     "This table is empty on this connection");
    gtk_window_destroy (w1);
    gtk_window_destroy (w2);

    /* two back-ends: the column is available, libvirt's rows say why not */
    vinv_backend_register (&other_class);
    g_autoptr (VinvInventory) mixed = vinv_inventory_new ();
    vinv_inventory_add_source (mixed, "hv01", "test:///default", libvirt->tables);
    vinv_inventory_add_source (mixed, "engine", "other://engine", other_tables);
    VinvTable *t = vinv_inventory_ensure_table (mixed, VINV_TABLE_VM);
    guint a = vinv_table_add_row (t, "hv01", "vm-a");
    vinv_table_set_string (t, a, VINV_VM_NAME, "libvirt-vm");
    guint b = vinv_table_add_row (t, "engine", "vm-b");
    vinv_table_set_string (t, b, VINV_VM_NAME, "other-vm");
    vinv_table_set_bool (t, b, VINV_VM_PENDING_RESTART, TRUE);
    GtkWindow *w3;
    VinvTablePage *mp = page_in_window (VINV_TABLE_VM, t, mixed, &w3);
    g_assert_true (vinv_view_set_columns_text (vinv_table_page_get_view (mp),
                                               "source,name,pending_restart", NULL));
    vinv_table_page_set_column_visible (mp, VINV_VM_NAME, TRUE);
    frames (GTK_WIDGET (w3));
    GtkColumnView *mcv = vinv_table_page_get_column_view (mp);
    GtkWidget *lv = find_cell (mcv, pending->title, "Name", "libvirt-vm");
    GtkWidget *ov = find_cell (mcv, pending->title, "Name", "other-vm");
    g_assert_nonnull (lv);
    g_assert_nonnull (ov);
    g_autofree char *lv_text = cell_text (lv);
    g_autofree char *ov_text = cell_text (ov);
    g_assert_cmpstr (lv_text, ==, "—");
    g_assert_cmpstr (ov_text, ==, "Yes");
    g_autofree char *lv_tip = vinv_table_page_dup_cell_tooltip (mp, lv);
    g_assert_cmpstr (lv_tip, ==, from);
    g_autofree char *ov_tip = vinv_table_page_dup_cell_tooltip (mp, ov);
    g_assert_null (ov_tip);
    g_assert_cmpstr (vinv_table_page_get_header_tooltip (mp, VINV_VM_PENDING_RESTART), ==,
                     help);
    /* the other back-end does not fill Memory: its row says so */
    vinv_table_page_set_column_visible (mp, VINV_VM_MEMORY, TRUE);
    frames (GTK_WIDGET (w3));
    GtkWidget *om = find_cell (mcv, "Memory", "Name", "other-vm");
    g_assert_nonnull (om);
    g_autofree char *om_tip = vinv_table_page_dup_cell_tooltip (mp, om);
    g_assert_cmpstr (om_tip, ==, "Not available from Other");
    GtkWidget *lm = find_cell (mcv, "Memory", "Name", "libvirt-vm");
    g_autofree char *lm_text = cell_text (lm);
    g_assert_cmpstr (lm_text, ==, "");   /* libvirt fills it; this VM has none */
    gtk_window_destroy (w3);
}

/* ---- column widths, headers, the pinned Name ---------------------------- */

static int
natural_width (GtkWidget *widget)
{
    int nat;
    gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat, NULL, NULL);
    return nat;
}

static void
test_columns_sized (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);
    GtkColumnView *cv = vinv_table_page_get_column_view (vms);

    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_set_filter (vms, "");
    vinv_table_page_reset_columns (vms);
    frames (GTK_WIDGET (window));
    int dw, dh;
    gtk_window_get_default_size (GTK_WINDOW (window), &dw, &dh);
    g_assert_cmpint (dw, ==, 1280);
    g_assert_cmpint (dh, ==, 800);
    g_test_message ("window %dx%d (its frame included)",
                    gtk_widget_get_width (GTK_WIDGET (window)),
                    gtk_widget_get_height (GTK_WIDGET (window)));

    for (int all = 0; all <= 1; all++) {
        if (all) {
            g_assert_true (vinv_view_set_columns_text (view, "all", NULL));
            vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
            frames (GTK_WIDGET (window));
        }
        /* the last shown column alone expands */
        GListModel *columns = gtk_column_view_get_columns (cv);
        guint n = g_list_model_get_n_items (columns);
        g_assert_cmpuint (n, ==, vinv_view_get_n_columns (view));
        for (guint i = 0; i < n; i++) {
            g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
            g_assert_cmpint (gtk_column_view_column_get_expand (c), ==, i + 1 == n);
            /* header tooltip: the help as `virt-inventory columns` prints it */
            guint col = vinv_view_get_column (view, i);
            const VinvColumn *column = vinv_table_get_column (table_of (vms), col);
            GtkWidget *title = header_title (cv, column->title);
            g_assert_nonnull (title);
            g_assert_true (gtk_widget_get_has_tooltip (title));
            const char *tip = vinv_widget_get_lazy_tooltip (title);
            g_assert_nonnull (tip);
            g_autofree char *help = vinv_column_dup_help (column);
            g_assert_true (g_str_has_prefix (tip, help));
            g_assert_true (g_str_has_prefix (tip, column->help));
            g_assert_cmpstr (tip, ==, vinv_table_page_get_header_tooltip (vms, col));
        }
        /* Name is never narrower than its natural width */
        const char *name = string_cell (table_of (vms), model_row (vms, 0), VINV_VM_NAME);
        GtkWidget *cell = find_cell (cv, "Name", "Name", name);
        g_assert_nonnull (cell);
        GtkWidget *slot = gtk_widget_get_parent (cell);
        g_test_message ("%s columns: Name %d px, natural %d px, table %d px of %d",
                        all ? "all" : "default", gtk_widget_get_width (slot),
                        natural_width (cell),
                        (int) gtk_adjustment_get_upper (
                            adjustment_of (GTK_WIDGET (cv), GTK_ORIENTATION_HORIZONTAL)),
                        gtk_widget_get_width (GTK_WIDGET (cv)));
        g_assert_cmpint (gtk_widget_get_width (cell), >=, natural_width (cell));
        GtkAdjustment *h = adjustment_of (GTK_WIDGET (cv), GTK_ORIENTATION_HORIZONTAL);
        if (all)   /* more than fits: the table scrolls sideways */
            g_assert_cmpfloat (gtk_adjustment_get_upper (h), >,
                               gtk_adjustment_get_page_size (h));
        else       /* the default columns fit, the last one fills the rest */
            g_assert_cmpfloat (gtk_adjustment_get_upper (h), ==,
                               gtk_adjustment_get_page_size (h));
    }
    vinv_table_page_reset_columns (vms);
}

static gboolean
pinned_shown (gpointer data)
{
    GtkWidget *pinned = data;
    return gtk_widget_get_visible (pinned) && gtk_widget_get_mapped (pinned);
}

static gboolean
pinned_hidden (gpointer data)
{
    return !pinned_shown (data);
}

static void
test_pinned_name (void)
{
    VinvWindow *window = get_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);
    GtkColumnView *cv = vinv_table_page_get_column_view (vms);
    GtkColumnView *pinned = vinv_table_page_get_pinned_view (vms);

    g_assert_nonnull (pinned);
    vinv_window_show_table (window, VINV_TABLE_VM);
    vinv_table_page_set_filter (vms, "");
    g_assert_true (vinv_view_set_columns_text (view, "all", NULL));
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
    frames (GTK_WIDGET (window));
    GtkAdjustment *h = adjustment_of (GTK_WIDGET (cv), GTK_ORIENTATION_HORIZONTAL);
    GtkAdjustment *v = adjustment_of (GTK_WIDGET (cv), GTK_ORIENTATION_VERTICAL);
    g_assert_cmpfloat (gtk_adjustment_get_upper (h), >, gtk_adjustment_get_page_size (h));
    g_assert_true (pinned_hidden (pinned));

    /* scrolled to the far right: Name stays at the left edge */
    gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h));
    g_assert_true (vinv_wait_until (pinned_shown, pinned, DEADLINE_MS));
    frames (GTK_WIDGET (window));
    graphene_rect_t pr, cr;
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (pinned), GTK_WIDGET (window), &pr));
    g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (cv), GTK_WIDGET (window), &cr));
    g_assert_cmpfloat (fabs (pr.origin.x - cr.origin.x), <, 1);
    g_assert_cmpfloat (fabs (pr.origin.y - cr.origin.y), <, 1);
    g_assert_cmpfloat (fabs (pr.size.height - cr.size.height), <, 1);
    GtkWidget *ptitle = header_title (pinned, "Name");
    g_assert_nonnull (ptitle);
    g_assert_true (gtk_widget_get_has_tooltip (ptitle));
    g_assert_cmpstr (vinv_widget_get_lazy_tooltip (ptitle), ==,
                     vinv_table_page_get_header_tooltip (vms, VINV_VM_NAME));

    /* row for row with the table, also after scrolling down */
    for (int step = 0; step < 2; step++) {
        if (step == 1) {
            gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) / 2);
            frames (GTK_WIDGET (window));
        }
        GtkAdjustment *pv = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (pinned));
        g_assert_cmpfloat (fabs (gtk_adjustment_get_value (pv) - gtk_adjustment_get_value (v)),
                           <, 1);
        g_autoptr (GPtrArray) pcells = g_ptr_array_new ();
        collect_cells (GTK_WIDGET (pinned), pcells);
        g_assert_cmpuint (pcells->len, >, 5);
        guint checked = 0;
        for (guint i = 0; i < pcells->len; i++) {
            g_autofree char *name = cell_text (pcells->pdata[i]);
            /* the table's cell of the same row (any column; Source here) */
            GtkWidget *same = find_cell (cv, "ID", "Name", name);
            if (same == NULL)
                continue;   /* scrolled out of the table's bound rows */
            graphene_rect_t a, b;
            g_assert_true (gtk_widget_compute_bounds (pcells->pdata[i], GTK_WIDGET (window), &a));
            g_assert_true (gtk_widget_compute_bounds (same, GTK_WIDGET (window), &b));
            if (a.origin.y < cr.origin.y || a.origin.y > cr.origin.y + cr.size.height)
                continue;   /* above or below the viewport */
            g_assert_cmpfloat (fabs (a.origin.y - b.origin.y), <, 1);
            checked++;
        }
        g_test_message ("step %d: %u pinned rows on the table's rows", step, checked);
        g_assert_cmpuint (checked, >, 5);
    }

    /* its header sorts by Name, through the table */
    gtk_column_view_sort_by_column (pinned, column_titled (pinned, "Name"), GTK_SORT_DESCENDING);
    g_assert_cmpuint (vinv_view_get_n_sort_keys (view), >=, 1);
    g_assert_cmpuint (vinv_view_get_sort_keys (view)[0].column, ==, VINV_VM_NAME);
    g_assert_true (vinv_view_get_sort_keys (view)[0].descending);
    vinv_table_page_sort_by (vms, VINV_VM_MEMORY, FALSE);
    g_assert_cmpuint (vinv_view_get_sort_keys (view)[0].column, ==, VINV_VM_MEMORY);

    /* one selection for both */
    GtkSelectionModel *model = gtk_column_view_get_model (cv);
    g_assert_true (gtk_column_view_get_model (pinned) == model);

    /* back at the left: the table's own Name shows, the pin goes */
    gtk_adjustment_set_value (h, 0);
    g_assert_true (vinv_wait_until (pinned_hidden, pinned, DEADLINE_MS));
    /* Name hidden: nothing to pin */
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, FALSE);
    gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h));
    frames (GTK_WIDGET (window));
    g_assert_true (pinned_hidden (pinned));

    /* fewer columns while scrolled far right: the table is drawn where
     * the narrower scroll range puts it, not left off-screen */
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
    frames (GTK_WIDGET (window));
    gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h));
    frames (GTK_WIDGET (window));
    vinv_table_page_reset_columns (vms);
    frames (GTK_WIDGET (window));
    GtkWidget *first = header_title (cv, "Name");
    graphene_rect_t fr;
    g_assert_nonnull (first);
    g_assert_true (gtk_widget_compute_bounds (first, GTK_WIDGET (cv), &fr));
    g_test_message ("after reset: value %.0f of %.0f - %.0f, Name title at %.0f",
                    gtk_adjustment_get_value (h), gtk_adjustment_get_upper (h),
                    gtk_adjustment_get_page_size (h), fr.origin.x);
    g_assert_cmpfloat (fr.origin.x + gtk_adjustment_get_value (h), >=, 0);
    g_assert_cmpfloat (fr.origin.x, >=, -gtk_adjustment_get_value (h) - 1);
    g_assert_cmpfloat (fr.origin.x, <, gtk_adjustment_get_page_size (h));
    vinv_table_page_sort_by (vms, VINV_VM_NAME, FALSE);
}

/* ---- screenshots -------------------------------------------------------- */


/* docs/ (scripts/screenshot) or tests/artifacts: the hosts with their VMs
 * counted, and the VMs scrolled sideways (Name pinned, a column libvirt
 * never fills). */
static void
test_screenshot (void)
{
    /* scripts/screenshot sets the directory; otherwise tests/artifacts */
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *artifacts = g_build_filename (root != NULL ? root : ".", "tests",
                                                   "artifacts", NULL);
    const char *dir = g_getenv ("VINV_SCREENSHOT_DIR") != NULL
                      ? g_getenv ("VINV_SCREENSHOT_DIR") : artifacts;
    GtkSettings *settings = gtk_settings_get_default ();
    gboolean dark = g_strcmp0 (g_getenv ("VINV_SCREENSHOT_DARK"), "1") == 0;
    g_object_set (settings, "gtk-application-prefer-dark-theme", dark, NULL);
    g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);

    /* each picture from a window of its own: nothing left from another */
    VinvWindow *window = new_demo_window ();
    vinv_window_show_table (window, VINV_TABLE_HOST);
    save_shot (window, dir, dark ? "screenshot-lists-dark.png" : "screenshot-lists.png");
    gtk_window_destroy (GTK_WINDOW (window));

    window = new_demo_window ();
    VinvTablePage *vms = page_of (window, VINV_TABLE_VM);
    VinvView *view = vinv_table_page_get_view (vms);
    vinv_window_show_table (window, VINV_TABLE_VM);
    g_assert_true (vinv_table_page_set_filter (vms, "status = up"));
    g_assert_true (vinv_view_set_columns_text (
        view, "name,status,host,vcpus,memory,disks,networks,storage_domains,"
              "snapshots,os,machine,pending_restart,ha,ip_addresses,disks_provisioned", NULL));
    vinv_table_page_set_column_visible (vms, VINV_VM_NAME, TRUE);
    frames (GTK_WIDGET (window));
    GtkAdjustment *h = adjustment_of (GTK_WIDGET (vinv_table_page_get_column_view (vms)),
                                      GTK_ORIENTATION_HORIZONTAL);
    gtk_adjustment_set_value (h, gtk_adjustment_get_upper (h));
    g_assert_true (vinv_wait_until (pinned_shown, vinv_table_page_get_pinned_view (vms),
                                    DEADLINE_MS));
    save_shot (window, dir, dark ? "screenshot-scrolled-dark.png" : "screenshot-scrolled.png");
    gtk_window_destroy (GTK_WINDOW (window));
    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

int
main (int argc, char **argv)
{
    g_autofree char *tmp_dir = gui_test_init (&argc, &argv, "gui-table");
    if (tmp_dir == NULL)
        return 0;
    g_autofree char *config = g_build_filename (tmp_dir, "config.ini", NULL);
    gui_test_start_app (config);

    g_test_add_func ("/gui-table/list-cells", test_list_cells);
    g_test_add_func ("/gui-table/follow-any-link", test_follow_any_link);
    g_test_add_func ("/gui-table/not-available", test_not_available);
    g_test_add_func ("/gui-table/columns-sized", test_columns_sized);
    g_test_add_func ("/gui-table/pinned-name", test_pinned_name);
    g_test_add_func ("/gui-table/screenshot", test_screenshot);
    return gui_test_run ();
}
