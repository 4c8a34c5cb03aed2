/* vinv-cell-text.c — a table cell's line of text on the column view's
 * Pango context.  See vinv-cell-text.h.
 *
 * Measured as GtkInscription (GTK 4.8) measures: min-chars and nat-chars
 * times the wider of the font's average character and digit widths, and
 * one line's ascent + descent, from pango_context_get_metrics() on the
 * shared context (Pango keeps them with the context).  Drawn from one
 * PangoLayout per context, kept on the context itself: a cell borrows it
 * only while it draws (the text nodes copy the glyphs), setting its text,
 * width and attributes first.
 */
#include "vinv-cell-text.h"

#include <math.h>

struct _VinvCellText {
    GtkWidget parent_instance;

    char *text;
    guint min_chars;
    guint nat_chars;
    float xalign;
};

G_DEFINE_FINAL_TYPE (VinvCellText, vinv_cell_text, GTK_TYPE_WIDGET)

/* The context the cell measures and draws with: its column view's (the
 * same font in every cell), else its own. */
static PangoContext *
cell_context (VinvCellText *self)
{
    GtkWidget *owner = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);
    return gtk_widget_get_pango_context (owner != NULL ? owner : GTK_WIDGET (self));
}

/* The layout kept with @context, its text, attributes and width set for
 * @self (width -1: not cut). */
static PangoLayout *
cell_layout (VinvCellText *self, PangoContext *context, int width)
{
    static GQuark quark;
    if (quark == 0)
        quark = g_quark_from_static_string ("vinv-cell-text-layout");
    PangoLayout *layout = g_object_get_qdata (G_OBJECT (context), quark);
    if (layout == NULL) {
        layout = pango_layout_new (context);
        pango_layout_set_single_paragraph_mode (layout, TRUE);
        g_object_set_qdata_full (G_OBJECT (context), quark, layout, g_object_unref);
    }
    GtkWidget *widget = GTK_WIDGET (self);
    GtkWidget *parent = gtk_widget_get_parent (widget);
    PangoAttrList *attrs = NULL;
    if (gtk_widget_has_css_class (widget, "numeric")) {
        attrs = pango_attr_list_new ();
        pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
    }
    gboolean link = gtk_widget_has_css_class (widget, "vinv-link")
                    || (parent != NULL && gtk_widget_has_css_class (parent, "vinv-link"));
    if (link && (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT)) {
        if (attrs == NULL)
            attrs = pango_attr_list_new ();
        pango_attr_list_insert (attrs, pango_attr_underline_new (PANGO_UNDERLINE_SINGLE));
    }
    pango_layout_set_attributes (layout, attrs);
    if (attrs != NULL)
        pango_attr_list_unref (attrs);
    pango_layout_set_text (layout, self->text != NULL ? self->text : "", -1);
    pango_layout_set_ellipsize (layout, width >= 0 ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
    pango_layout_set_width (layout, width >= 0 ? width * PANGO_SCALE : -1);
    return layout;
}

static void
vinv_cell_text_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                        int *minimum, int *natural, int *minimum_baseline,
                        int *natural_baseline)
{
    VinvCellText *self = VINV_CELL_TEXT (widget);
    PangoFontMetrics *metrics = pango_context_get_metrics (cell_context (self), NULL, NULL);

    if (orientation == GTK_ORIENTATION_HORIZONTAL) {
        int char_width = MAX (pango_font_metrics_get_approximate_char_width (metrics),
                              pango_font_metrics_get_approximate_digit_width (metrics));
        *minimum = PANGO_PIXELS_CEIL ((gint64) self->min_chars * char_width);
        *natural = PANGO_PIXELS_CEIL ((gint64) MAX (self->nat_chars, self->min_chars)
                                      * char_width);
    } else {
        int line = pango_font_metrics_get_ascent (metrics)
                   + pango_font_metrics_get_descent (metrics);
        *minimum = *natural = PANGO_PIXELS_CEIL (line);
    }
    pango_font_metrics_unref (metrics);
}

static void
vinv_cell_text_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
    VinvCellText *self = VINV_CELL_TEXT (widget);
    int width = gtk_widget_get_width (widget);
    int height = gtk_widget_get_height (widget);
    PangoRectangle logical;
    GdkRGBA color;

    if (self->text == NULL || *self->text == '\0' || width <= 0)
        return;
    PangoLayout *layout = cell_layout (self, cell_context (self), width);
    pango_layout_get_pixel_extents (layout, NULL, &logical);
    float xalign = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL ? 1.0f - self->xalign
                                                                         : self->xalign;
    int x = (int) floor ((width - logical.width) * xalign) - logical.x;
    int y = (int) floor ((height - logical.height) * 0.5) - logical.y;

    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
    G_GNUC_END_IGNORE_DEPRECATIONS
    gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
    gtk_snapshot_save (snapshot);
    gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
    gtk_snapshot_append_layout (snapshot, layout, &color);
    gtk_snapshot_restore (snapshot);
    gtk_snapshot_pop (snapshot);
}

/* A hovered link gains its underline. */
static void
vinv_cell_text_state_flags_changed (GtkWidget *widget, GtkStateFlags previous)
{
    GTK_WIDGET_CLASS (vinv_cell_text_parent_class)->state_flags_changed (widget, previous);
    if ((previous ^ gtk_widget_get_state_flags (widget)) & GTK_STATE_FLAG_PRELIGHT)
        gtk_widget_queue_draw (widget);
}

static void
vinv_cell_text_finalize (GObject *object)
{
    g_free (VINV_CELL_TEXT (object)->text);
    G_OBJECT_CLASS (vinv_cell_text_parent_class)->finalize (object);
}

static void
vinv_cell_text_class_init (VinvCellTextClass *klass)
{
    GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
    G_OBJECT_CLASS (klass)->finalize = vinv_cell_text_finalize;
    widget_class->measure = vinv_cell_text_measure;
    widget_class->snapshot = vinv_cell_text_snapshot;
    widget_class->state_flags_changed = vinv_cell_text_state_flags_changed;
    gtk_widget_class_set_css_name (widget_class, "vinv-cell-text");
}

static void
vinv_cell_text_init (VinvCellText *self)
{
    self->min_chars = 3;
}

GtkWidget *
vinv_cell_text_new (void)
{
    return g_object_new (VINV_TYPE_CELL_TEXT, NULL);
}

void
vinv_cell_text_set_text (VinvCellText *self, const char *text)
{
    g_return_if_fail (VINV_IS_CELL_TEXT (self));
    if (g_strcmp0 (self->text, text) == 0)
        return;
    g_free (self->text);
    self->text = g_strdup (text);
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
vinv_cell_text_get_text (VinvCellText *self)
{
    g_return_val_if_fail (VINV_IS_CELL_TEXT (self), NULL);
    return self->text;
}

void
vinv_cell_text_set_min_chars (VinvCellText *self, guint min_chars)
{
    g_return_if_fail (VINV_IS_CELL_TEXT (self));
    if (self->min_chars != min_chars) {
        self->min_chars = min_chars;
        gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

void
vinv_cell_text_set_nat_chars (VinvCellText *self, guint nat_chars)
{
    g_return_if_fail (VINV_IS_CELL_TEXT (self));
    if (self->nat_chars != nat_chars) {
        self->nat_chars = nat_chars;
        gtk_widget_queue_resize (GTK_WIDGET (self));
    }
}

guint
vinv_cell_text_get_nat_chars (VinvCellText *self)
{
    g_return_val_if_fail (VINV_IS_CELL_TEXT (self), 0);
    return self->nat_chars;
}

void
vinv_cell_text_set_xalign (VinvCellText *self, float xalign)
{
    g_return_if_fail (VINV_IS_CELL_TEXT (self));
    self->xalign = CLAMP (xalign, 0.0f, 1.0f);
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
vinv_cell_text_get_text_width (VinvCellText *self)
{
    g_return_val_if_fail (VINV_IS_CELL_TEXT (self), 0);
    int width = 0;
    pango_layout_get_pixel_size (cell_layout (self, cell_context (self), -1), &width, NULL);
    return width;
}
