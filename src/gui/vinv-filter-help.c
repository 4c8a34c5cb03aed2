/* vinv-filter-help.c — the filter language on one card (see
 * vinv-filter-help.h).
 *
 * The card is a grid of (example, meaning) rows under section titles,
 * built from the items[] table; the units line and the footer are text.
 * Keep it in step with docs/filter-language.md ("Quick reference",
 * "Operators", "Numbers and units", "Conditions on linked rows").
 */
#include "vinv-filter-help.h"

static const VinvFilterHelpItem items[] = {
    { "Compare a column", "vms", "status = up",
      "the whole cell matches (a regular expression, any case)" },
    { NULL, "vms", "name ~ web", "matches somewhere in the text" },
    { NULL, "vms", "status != up", "does not match (also !~)" },
    { NULL, "vms", "memory > 4GB", "numbers compare by value, units converted" },
    { NULL, "vms", "memory <= 2048", "no unit: the column's own unit" },
    { NULL, "vms", "disks = 2", "a whole number counts a list's items" },
    { NULL, "vms", "creation time < 2024-01-01", "dates: < > <= >= = on the day" },
    { NULL, "vms", "host is empty", "no value (also: is not empty)" },
    { NULL, "vms", "memory < max memory", "one column with another" },
    { "Combine", "vms", "status = up, memory > 4GB", "both (a comma or and)" },
    { NULL, "vms", "status = down or name = web.*", "either" },
    { NULL, "vms", "not (status = up or status = down)", "not, and ( ) to group" },
    { "Regular expressions", "vms", "name = web.*", "web followed by anything" },
    { NULL, "vms", "host = hv0[1-3]", "hv01, hv02 or hv03" },
    { NULL, "vms", "name = vm1|vm2", "vm1 or vm2" },
    { NULL, "vms", "name = \"my vm\"", "quote a value with , ) and or in it, or a column's name" },
    { "Linked rows", "vms", "host.status = up", "VMs whose host is up" },
    { NULL, "hosts", "vms.pending restart = true", "hosts with some VM that waits for a restart" },
    { NULL, "hosts", "all vms.status = up", "hosts whose VMs are all up" },
    { "Free text", "vms", "web", "some shown column contains web" },
};

static const char units_text[] =
    "<b>Units</b>   B KB MB GB TB PB (KiB… the same: 1 KB = 1024 B) · % · "
    "s ms min h d · bps Kbps Mbps Gbps · B/s KB/s MB/s GB/s · Hz MHz GHz";

static const char footer_text[] =
    "Operators: <tt>=  !=  &lt;  &gt;  &lt;=  &gt;=  ~  !~  is empty  is not empty</tt>\n"
    "Columns by title or id, any case, with spaces or _: <tt>max memory</tt>, "
    "<tt>max_memory</tt>.  Tab completes a column's name; after a link column and "
    "<tt>.</tt>, the columns of the table it links to.\n"
    "The whole language: docs/filter-language.md, or "
    "<tt>virt-inventory columns TABLE</tt> for a table's columns.";

const VinvFilterHelpItem *
vinv_filter_help_get_items (guint *n)
{
    *n = G_N_ELEMENTS (items);
    return items;
}

static GtkWidget *
label_new (const char *markup, gboolean wrap)
{
    GtkWidget *label = gtk_label_new (NULL);
    gtk_label_set_markup (GTK_LABEL (label), markup);
    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    if (wrap) {
        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 70);
    }
    return label;
}

static GtkWidget *
build_card (void)
{
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
    GtkWidget *grid = gtk_grid_new ();
    int row = 0;

    gtk_widget_set_margin_start (box, 6);
    gtk_widget_set_margin_end (box, 6);
    gtk_widget_set_margin_top (box, 6);
    gtk_widget_set_margin_bottom (box, 6);
    GtkWidget *title = gtk_label_new ("Filter language");
    gtk_widget_add_css_class (title, "title-4");
    gtk_label_set_xalign (GTK_LABEL (title), 0.0);
    gtk_box_append (GTK_BOX (box), title);

    gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
    gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
    for (guint i = 0; i < G_N_ELEMENTS (items); i++) {
        if (items[i].section != NULL) {
            g_autofree char *markup = g_markup_printf_escaped ("<b>%s</b>", items[i].section);
            GtkWidget *section = label_new (markup, FALSE);
            if (row > 0)
                gtk_widget_set_margin_top (section, 6);
            gtk_grid_attach (GTK_GRID (grid), section, 0, row++, 2, 1);
        }
        g_autofree char *example = g_markup_printf_escaped ("<tt>%s</tt>", items[i].example);
        GtkWidget *left = label_new (example, FALSE);
        gtk_widget_set_margin_start (left, 12);
        g_autofree char *meaning = g_markup_escape_text (items[i].meaning, -1);
        GtkWidget *right = label_new (meaning, FALSE);
        gtk_widget_add_css_class (right, "dim-label");
        gtk_grid_attach (GTK_GRID (grid), left, 0, row, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), right, 1, row++, 1, 1);
    }
    gtk_box_append (GTK_BOX (box), grid);
    gtk_box_append (GTK_BOX (box), label_new (units_text, TRUE));
    GtkWidget *footer = label_new (footer_text, TRUE);
    gtk_widget_add_css_class (footer, "dim-label");
    gtk_box_append (GTK_BOX (box), footer);
    return box;
}

static void
on_entry_destroy (GtkWidget *entry, gpointer user_data)
{
    GtkWidget *popover = g_object_get_data (G_OBJECT (entry), "vinv-filter-help");
    if (popover != NULL) {
        gtk_widget_unparent (popover);
        g_object_set_data (G_OBJECT (entry), "vinv-filter-help", NULL);
    }
}

GtkPopover *
vinv_filter_help_get_popover (GtkEntry *entry)
{
    g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);
    return g_object_get_data (G_OBJECT (entry), "vinv-filter-help");
}

GtkPopover *
vinv_filter_help_show (GtkEntry *entry)
{
    g_return_val_if_fail (GTK_IS_ENTRY (entry), NULL);
    GtkWidget *popover = GTK_WIDGET (vinv_filter_help_get_popover (entry));
    if (popover == NULL) {
        popover = gtk_popover_new ();
        gtk_widget_add_css_class (popover, "vinv-filter-help");
        gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
        /* the icon is at the entry's end: the card opens towards the start */
        gtk_widget_set_halign (popover, GTK_ALIGN_END);
        gtk_popover_set_child (GTK_POPOVER (popover), build_card ());
        gtk_widget_set_parent (popover, GTK_WIDGET (entry));
        g_object_set_data (G_OBJECT (entry), "vinv-filter-help", popover);
        g_signal_connect (entry, "destroy", G_CALLBACK (on_entry_destroy), NULL);
    }
    GdkRectangle icon;
    gtk_entry_get_icon_area (entry, GTK_ENTRY_ICON_SECONDARY, &icon);
    if (icon.width > 0)
        gtk_popover_set_pointing_to (GTK_POPOVER (popover), &icon);
    gtk_popover_popup (GTK_POPOVER (popover));
    return GTK_POPOVER (popover);
}

static void
on_icon_press (GtkEntry *entry, GtkEntryIconPosition position, gpointer user_data)
{
    if (position == GTK_ENTRY_ICON_SECONDARY)
        vinv_filter_help_show (entry);
}

static gboolean
on_help_key (GtkWidget *widget, GVariant *args, gpointer user_data)
{
    vinv_filter_help_show (GTK_ENTRY (user_data));
    return TRUE;
}

void
vinv_filter_help_attach (GtkEntry *entry, GtkWidget *scope)
{
    gtk_entry_set_icon_from_icon_name (entry, GTK_ENTRY_ICON_SECONDARY,
                                       "dialog-question-symbolic");
    gtk_entry_set_icon_tooltip_text (entry, GTK_ENTRY_ICON_SECONDARY,
                                     "Filter language (Shift+F1)");
    gtk_entry_set_icon_activatable (entry, GTK_ENTRY_ICON_SECONDARY, TRUE);
    g_signal_connect (entry, "icon-press", G_CALLBACK (on_icon_press), NULL);

    GtkShortcutController *keys = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
    gtk_shortcut_controller_add_shortcut (keys, gtk_shortcut_new (
        gtk_shortcut_trigger_parse_string ("<Shift>F1"),
        gtk_callback_action_new (on_help_key, entry, NULL)));
    gtk_widget_add_controller (scope, GTK_EVENT_CONTROLLER (keys));
}
