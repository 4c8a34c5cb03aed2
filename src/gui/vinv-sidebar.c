/* vinv-sidebar.c — a sidebar row: title, error icon, spinner, count.
 *
 * The parts are children of the row's box, found again through object
 * data; the error text is kept as data too (the icon's tooltip is lazy,
 * see vinv_widget_set_lazy_tooltip()).
 */
#include "vinv-sidebar.h"

#include "vinv-gui-util.h"

static GtkWidget *
part (GtkWidget *row, const char *name)
{
    return g_object_get_data (G_OBJECT (row), name);
}

GtkWidget *
vinv_sidebar_row_new (int key, const char *title)
{
    GtkWidget *row = gtk_list_box_row_new ();
    GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *label = gtk_label_new (title);
    GtkWidget *error = gtk_image_new_from_icon_name ("dialog-error-symbolic");
    GtkWidget *spinner = gtk_spinner_new ();
    GtkWidget *count = gtk_label_new (NULL);

    gtk_label_set_xalign (GTK_LABEL (label), 0.0);
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    gtk_widget_set_hexpand (label, TRUE);
    gtk_widget_add_css_class (error, "vinv-status-icon");
    gtk_widget_add_css_class (error, "error");
    gtk_widget_set_visible (error, FALSE);
    gtk_widget_set_visible (spinner, FALSE);
    gtk_widget_set_tooltip_text (spinner, "Loading…");
    gtk_widget_add_css_class (count, "dim-label");
    gtk_widget_add_css_class (count, "numeric");
    gtk_box_append (GTK_BOX (box), label);
    gtk_box_append (GTK_BOX (box), error);
    gtk_box_append (GTK_BOX (box), spinner);
    gtk_box_append (GTK_BOX (box), count);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

    g_object_set_data (G_OBJECT (row), "vinv-kind", GINT_TO_POINTER (key));
    g_object_set_data (G_OBJECT (row), "vinv-title", label);
    g_object_set_data (G_OBJECT (row), "vinv-error", error);
    g_object_set_data (G_OBJECT (row), "vinv-spinner", spinner);
    g_object_set_data (G_OBJECT (row), "vinv-count", count);
    return row;
}

int
vinv_sidebar_row_get_key (GtkWidget *row)
{
    return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "vinv-kind"));
}

void
vinv_sidebar_row_set_title (GtkWidget *row, const char *title)
{
    gtk_label_set_text (GTK_LABEL (part (row, "vinv-title")), title);
}

const char *
vinv_sidebar_row_get_title (GtkWidget *row)
{
    return gtk_label_get_text (GTK_LABEL (part (row, "vinv-title")));
}

void
vinv_sidebar_row_set_count (GtkWidget *row, const char *count)
{
    GtkWidget *label = part (row, "vinv-count");
    gtk_label_set_text (GTK_LABEL (label), count != NULL ? count : "");
    gtk_widget_set_visible (label, count != NULL && *count != '\0');
}

const char *
vinv_sidebar_row_get_count (GtkWidget *row)
{
    return gtk_label_get_text (GTK_LABEL (part (row, "vinv-count")));
}

void
vinv_sidebar_row_set_loading (GtkWidget *row, gboolean loading)
{
    GtkWidget *spinner = part (row, "vinv-spinner");
    gtk_widget_set_visible (spinner, loading);
    gtk_spinner_set_spinning (GTK_SPINNER (spinner), loading);
}

gboolean
vinv_sidebar_row_get_loading (GtkWidget *row)
{
    return gtk_spinner_get_spinning (GTK_SPINNER (part (row, "vinv-spinner")));
}

void
vinv_sidebar_row_set_error (GtkWidget *row, const char *error)
{
    GtkWidget *icon = part (row, "vinv-error");
    vinv_widget_set_lazy_tooltip (icon, error);
    gtk_widget_set_visible (icon, error != NULL);
}

const char *
vinv_sidebar_row_get_error (GtkWidget *row)
{
    return vinv_widget_get_lazy_tooltip (part (row, "vinv-error"));
}
