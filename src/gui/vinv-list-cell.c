/* vinv-list-cell.c — the item and its "+n" side by side.  See
 * vinv-list-cell.h.
 *
 * A GtkBox would put the spare width after the count or between the two
 * parts, and its natural width would follow each row's text; this widget
 * measures like the item's inscription (the column's nat-chars) and
 * allocates the item its text's own width, at most what the count leaves,
 * then the count just after it.
 */
#include "vinv-list-cell.h"

#define GAP 4   /* pixels between the item and the count, about a space */

struct _VinvListCell {
    GtkWidget parent_instance;

    GtkWidget *text;   /* GtkInscription */
    GtkWidget *more;   /* GtkLabel */
    int text_width;    /* pixel width of the item's whole text, -1: unknown */
};

G_DEFINE_FINAL_TYPE (VinvListCell, vinv_list_cell, GTK_TYPE_WIDGET)

static int
text_width (VinvListCell *self)
{
    if (self->text_width < 0) {
        const char *text = gtk_inscription_get_text (GTK_INSCRIPTION (self->text));
        PangoLayout *layout = gtk_widget_create_pango_layout (self->text,
                                                              text != NULL ? text : "");
        pango_layout_get_pixel_size (layout, &self->text_width, NULL);
        g_object_unref (layout);
    }
    return self->text_width;
}

static void
vinv_list_cell_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline,
                        int *natural_baseline)
{
    VinvListCell *self = VINV_LIST_CELL (widget);
    int text_min, text_nat, more_min = 0, more_nat = 0;

    gtk_widget_measure (self->text, orientation, -1, &text_min, &text_nat, NULL, NULL);
    if (gtk_widget_get_visible (self->more))
        gtk_widget_measure (self->more, orientation, -1, &more_min, &more_nat, NULL, NULL);
    if (orientation == GTK_ORIENTATION_HORIZONTAL) {
        int count = more_nat > 0 ? more_nat + GAP : 0;
        *minimum = text_min + count;
        *natural = MAX (text_nat, *minimum);
    } else {
        *minimum = MAX (text_min, more_min);
        *natural = MAX (text_nat, more_nat);
    }
}

static void
vinv_list_cell_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
    VinvListCell *self = VINV_LIST_CELL (widget);
    int more_width = 0;
    int text_min;

    if (gtk_widget_get_visible (self->more))
        gtk_widget_measure (self->more, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &more_width,
                            NULL, NULL);
    gtk_widget_measure (self->text, GTK_ORIENTATION_HORIZONTAL, -1, &text_min, NULL, NULL,
                        NULL);
    int room = width - (more_width > 0 ? more_width + GAP : 0);
    int item = MAX (MIN (text_width (self), room), text_min);
    gtk_widget_size_allocate (self->text, &(GtkAllocation) { 0, 0, item, height }, -1);
    if (more_width > 0)
        gtk_widget_size_allocate (self->more,
                                  &(GtkAllocation) { item + GAP, 0, more_width, height }, -1);
}

static void
vinv_list_cell_dispose (GObject *object)
{
    VinvListCell *self = VINV_LIST_CELL (object);
    g_clear_pointer (&self->text, gtk_widget_unparent);
    g_clear_pointer (&self->more, gtk_widget_unparent);
    G_OBJECT_CLASS (vinv_list_cell_parent_class)->dispose (object);
}

static void
vinv_list_cell_class_init (VinvListCellClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->dispose = vinv_list_cell_dispose;
    widget_class->measure = vinv_list_cell_measure;
    widget_class->size_allocate = vinv_list_cell_size_allocate;
    gtk_widget_class_set_css_name (widget_class, "vinv-list-cell");
}

static void
vinv_list_cell_init (VinvListCell *self)
{
    self->text = gtk_inscription_new (NULL);
    gtk_inscription_set_text_overflow (GTK_INSCRIPTION (self->text),
                                       GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_MIDDLE);
    gtk_inscription_set_min_chars (GTK_INSCRIPTION (self->text), 3);
    gtk_widget_set_parent (self->text, GTK_WIDGET (self));
    self->more = gtk_label_new (NULL);
    gtk_widget_add_css_class (self->more, "numeric");
    gtk_widget_set_visible (self->more, FALSE);
    gtk_widget_set_parent (self->more, GTK_WIDGET (self));
    gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
    self->text_width = -1;
}

GtkWidget *
vinv_list_cell_new (void)
{
    return g_object_new (VINV_TYPE_LIST_CELL, NULL);
}

void
vinv_list_cell_set_text (VinvListCell *self, const char *text, const char *more)
{
    g_return_if_fail (VINV_IS_LIST_CELL (self));
    if (g_strcmp0 (gtk_inscription_get_text (GTK_INSCRIPTION (self->text)), text) != 0) {
        gtk_inscription_set_text (GTK_INSCRIPTION (self->text), text);
        self->text_width = -1;
        gtk_widget_queue_allocate (GTK_WIDGET (self));
    }
    gboolean has_more = more != NULL && *more != '\0';
    if (has_more && g_strcmp0 (gtk_label_get_text (GTK_LABEL (self->more)), more) != 0)
        gtk_label_set_text (GTK_LABEL (self->more), more);
    gtk_widget_set_visible (self->more, has_more);
}

GtkWidget *
vinv_list_cell_get_text_widget (VinvListCell *self)
{
    g_return_val_if_fail (VINV_IS_LIST_CELL (self), NULL);
    return self->text;
}

GtkWidget *
vinv_list_cell_get_more_widget (VinvListCell *self)
{
    g_return_val_if_fail (VINV_IS_LIST_CELL (self), NULL);
    return self->more;
}
