/* vinv-shortcuts.c — the Keyboard Shortcuts window, built from a table of
 * (group, title, accelerators) so that the list reads as data; the window
 * itself is GTK's GtkShortcutsWindow, made through GtkBuilder.
 */
#include "vinv-shortcuts.h"

static const struct {
    const char *group;          /* starts a new group when not NULL */
    const char *title;
    const char *accel;          /* GtkShortcutsShortcut accelerator syntax */
} shortcuts[] = {
    { "Tables", "Show table 1…9", "<Control>1...9" },
    { NULL, "Next / previous table", "<Control>Page_Down <Control>Page_Up" },
    { NULL, "Back / forward after a link", "<Alt>Left <Alt>Right" },
    { NULL, "Refresh", "<Control>r F5" },
    { "Filter and rows", "Filter the table shown (Health has no filter)", "<Control>f" },
    { NULL, "Clear the filter", "Escape" },
    { NULL, "Filter language help", "<Shift>F1" },
    { NULL, "Complete a column name in the filter", "Tab" },
    { NULL, "Follow the row's link (right click: any link)", "Return" },
    { NULL, "Copy the selected rows", "<Control>c" },
    { "General", "Export", "<Control>e" },
    { NULL, "Save configuration", "<Control>s" },
    { NULL, "Keyboard shortcuts", "F1 <Control>question" },
};

GtkWindow *
vinv_shortcuts_window_new (GtkWindow *parent)
{
    g_autoptr (GString) ui = g_string_new (
        "<interface><object class='GtkShortcutsWindow' id='w'>"
        "<property name='modal'>1</property>"
        "<child><object class='GtkShortcutsSection'>"
        "<property name='section-name'>main</property>");
    for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++) {
        if (shortcuts[i].group != NULL) {
            if (i > 0)
                g_string_append (ui, "</object></child>");
            g_autofree char *group = g_markup_escape_text (shortcuts[i].group, -1);
            g_string_append_printf (ui, "<child><object class='GtkShortcutsGroup'>"
                                        "<property name='title'>%s</property>", group);
        }
        g_autofree char *title = g_markup_escape_text (shortcuts[i].title, -1);
        g_autofree char *accel = g_markup_escape_text (shortcuts[i].accel, -1);
        g_string_append_printf (ui, "<child><object class='GtkShortcutsShortcut'>"
                                    "<property name='title'>%s</property>"
                                    "<property name='accelerator'>%s</property>"
                                    "</object></child>", title, accel);
    }
    g_string_append (ui, "</object></child></object></child></object></interface>");

    g_autoptr (GtkBuilder) builder = gtk_builder_new_from_string (ui->str, -1);
    GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "w"));
    if (parent != NULL)
        gtk_window_set_transient_for (window, parent);
    return window;
}
