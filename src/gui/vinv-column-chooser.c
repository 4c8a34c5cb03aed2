/* vinv-column-chooser.c — the column chooser popover of a table page.
 *
 * The list is rebuilt from the view after every change, so it can never
 * disagree with the view; the moved row's button keeps the focus so that
 * repeated up/down presses work from the keyboard.
 */
#include "vinv-column-chooser.h"

#include <string.h>
#include "vinv-table-page.h"

struct _VinvColumnChooser {
    GtkPopover parent_instance;
    VinvTablePage *page;     /* borrowed */
    GtkWidget *search;
    GtkWidget *list;         /* GtkBox of rows */
    gboolean rebuilding;
};

G_DEFINE_FINAL_TYPE (VinvColumnChooser, vinv_column_chooser, GTK_TYPE_POPOVER)

enum { FOCUS_NONE, FOCUS_CHECK, FOCUS_UP, FOCUS_DOWN };

static void rebuild (VinvColumnChooser *self, int focus_col, int focus_what);

static guint
widget_col (GtkWidget *widget)
{
    return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "vinv-col"));
}

static void
on_toggled (GtkCheckButton *check, gpointer user_data)
{
    VinvColumnChooser *self = user_data;
    if (self->rebuilding)
        return;
    guint col = widget_col (GTK_WIDGET (check));
    vinv_table_page_set_column_visible (self->page, col, gtk_check_button_get_active (check));
    rebuild (self, (int) col, FOCUS_CHECK);
}

static int
display_position (VinvView *view, guint col)
{
    for (guint i = 0; i < vinv_view_get_n_columns (view); i++) {
        if (vinv_view_get_column (view, i) == col)
            return (int) i;
    }
    return -1;
}

static void
move (VinvColumnChooser *self, GtkWidget *button, int delta)
{
    VinvView *view = vinv_table_page_get_view (self->page);
    guint col = widget_col (button);
    int pos = display_position (view, col);
    int n = (int) vinv_view_get_n_columns (view);

    if (pos < 0 || pos + delta < 0 || pos + delta >= n)
        return;
    vinv_table_page_move_column (self->page, col, (guint) (pos + delta));
    rebuild (self, (int) col, delta < 0 ? FOCUS_UP : FOCUS_DOWN);
}

static void
on_up (GtkButton *button, gpointer user_data)
{
    move (VINV_COLUMN_CHOOSER (user_data), GTK_WIDGET (button), -1);
}

static void
on_down (GtkButton *button, gpointer user_data)
{
    move (VINV_COLUMN_CHOOSER (user_data), GTK_WIDGET (button), +1);
}

static void
on_reset (GtkButton *button, gpointer user_data)
{
    VinvColumnChooser *self = user_data;
    vinv_table_page_reset_columns (self->page);
    rebuild (self, -1, FOCUS_NONE);
}

static GtkWidget *
arrow_button (const char *icon, const char *tip, guint col, gboolean sensitive)
{
    GtkWidget *button = gtk_button_new_from_icon_name (icon);
    gtk_widget_add_css_class (button, "flat");
    gtk_widget_set_tooltip_text (button, tip);
    gtk_widget_set_sensitive (button, sensitive);
    g_object_set_data (G_OBJECT (button), "vinv-col", GUINT_TO_POINTER (col));
    return button;
}

static void
add_row (VinvColumnChooser *self, VinvView *view, guint col, int pos, int n_shown,
         int focus_col, int focus_what)
{
    const VinvColumn *column = vinv_table_get_column (vinv_view_get_table (view), col);
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
    GtkWidget *check = gtk_check_button_new_with_label (column->title);
    GtkWidget *up;
    GtkWidget *down;

    g_object_set_data (G_OBJECT (row), "vinv-title", (gpointer) column->title);
    g_object_set_data (G_OBJECT (check), "vinv-col", GUINT_TO_POINTER (col));
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), pos >= 0);
    gtk_widget_set_hexpand (check, TRUE);
    if (column->help != NULL)
        gtk_widget_set_tooltip_text (check, column->help);
    g_signal_connect (check, "toggled", G_CALLBACK (on_toggled), self);
    gtk_box_append (GTK_BOX (row), check);

    up = arrow_button ("go-up-symbolic", "Move left", col, pos > 0);
    down = arrow_button ("go-down-symbolic", "Move right", col, pos >= 0 && pos + 1 < n_shown);
    g_signal_connect (up, "clicked", G_CALLBACK (on_up), self);
    g_signal_connect (down, "clicked", G_CALLBACK (on_down), self);
    gtk_box_append (GTK_BOX (row), up);
    gtk_box_append (GTK_BOX (row), down);
    gtk_box_append (GTK_BOX (self->list), row);

    if ((int) col == focus_col) {
        GtkWidget *target = focus_what == FOCUS_CHECK ? check
                          : focus_what == FOCUS_UP ? up : down;
        if (!gtk_widget_get_sensitive (target))
            target = focus_what == FOCUS_UP ? down : focus_what == FOCUS_DOWN ? up : check;
        gtk_widget_grab_focus (target);
    }
}

static void
apply_search (VinvColumnChooser *self)
{
    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));
    g_autofree char *needle = g_utf8_casefold (text, -1);

    for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
         row = gtk_widget_get_next_sibling (row)) {
        const char *title = g_object_get_data (G_OBJECT (row), "vinv-title");
        g_autofree char *folded = g_utf8_casefold (title != NULL ? title : "", -1);
        gtk_widget_set_visible (row, *needle == '\0' || strstr (folded, needle) != NULL);
    }
}

static void
rebuild (VinvColumnChooser *self, int focus_col, int focus_what)
{
    VinvView *view = vinv_table_page_get_view (self->page);
    GtkWidget *child;

    self->rebuilding = TRUE;
    while ((child = gtk_widget_get_first_child (self->list)) != NULL)
        gtk_box_remove (GTK_BOX (self->list), child);
    if (view == NULL) {
        self->rebuilding = FALSE;
        return;
    }

    VinvTable *table = vinv_view_get_table (view);
    const VinvInventory *inventory = vinv_table_page_get_inventory (self->page);
    guint n_shown = vinv_view_get_n_columns (view);
    guint n_all = vinv_table_get_schema (table)->n_columns;

    for (guint i = 0; i < n_shown; i++)
        add_row (self, view, vinv_view_get_column (view, i), (int) i, (int) n_shown,
                 focus_col, focus_what);
    for (guint col = 0; col < n_all; col++) {
        if (vinv_view_is_column_visible (view, col))
            continue;
        if (inventory != NULL && !vinv_inventory_column_available (inventory, table, col))
            continue;
        add_row (self, view, col, -1, (int) n_shown, focus_col, focus_what);
    }
    apply_search (self);
    self->rebuilding = FALSE;
}

void
vinv_column_chooser_rebuild (VinvColumnChooser *self)
{
    g_return_if_fail (VINV_IS_COLUMN_CHOOSER (self));
    rebuild (self, -1, FOCUS_NONE);
}

static void
on_show (GtkWidget *widget, gpointer user_data)
{
    VinvColumnChooser *self = VINV_COLUMN_CHOOSER (widget);
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
    rebuild (self, -1, FOCUS_NONE);
    gtk_widget_grab_focus (self->search);
}

static void
on_search_changed (GtkSearchEntry *entry, gpointer user_data)
{
    apply_search (VINV_COLUMN_CHOOSER (user_data));
}

GtkWidget *
vinv_column_chooser_new (VinvTablePage *page)
{
    VinvColumnChooser *self = g_object_new (VINV_TYPE_COLUMN_CHOOSER, NULL);
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *scroller = gtk_scrolled_window_new ();
    GtkWidget *reset = gtk_button_new_with_label ("Reset to defaults");

    self->page = page;
    self->search = gtk_search_entry_new ();
    g_object_set (self->search, "placeholder-text", "Find a column", NULL);
    g_signal_connect (self->search, "search-changed", G_CALLBACK (on_search_changed), self);
    gtk_box_append (GTK_BOX (box), self->search);

    self->list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->list);
    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                    GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 200);
    gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 480);
    gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
    gtk_box_append (GTK_BOX (box), scroller);

    g_signal_connect (reset, "clicked", G_CALLBACK (on_reset), self);
    gtk_box_append (GTK_BOX (box), reset);
    gtk_popover_set_child (GTK_POPOVER (self), box);
    g_signal_connect (self, "show", G_CALLBACK (on_show), NULL);
    return GTK_WIDGET (self);
}

static void
vinv_column_chooser_class_init (VinvColumnChooserClass *klass)
{
}

static void
vinv_column_chooser_init (VinvColumnChooser *self)
{
}
