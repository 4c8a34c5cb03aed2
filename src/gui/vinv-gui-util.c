/* vinv-gui-util.c — widget to PNG through GTK's own renderer (no X
 * screenshot tool needed), and bounded main-loop waits.
 */
#include "vinv-gui-util.h"

gboolean
vinv_widget_save_png (GtkWidget *widget, const char *path, GError **error)
{
    int width = gtk_widget_get_width (widget);
    int height = gtk_widget_get_height (widget);
    GtkNative *native = gtk_widget_get_native (widget);

    if (width <= 0 || height <= 0 || native == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "cannot render a widget that is not shown (%d×%d)", width, height);
        return FALSE;
    }
    g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
    GtkSnapshot *snapshot = gtk_snapshot_new ();
    /* an opaque background, so that the PNG looks as the window does */
    GdkRGBA white = { 1, 1, 1, 1 };
    gtk_snapshot_append_color (snapshot, &white, &GRAPHENE_RECT_INIT (0, 0, width, height));
    gdk_paintable_snapshot (paintable, snapshot, width, height);
    g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
    if (node == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "nothing was drawn");
        return FALSE;
    }
    GskRenderer *renderer = gtk_native_get_renderer (native);
    g_autoptr (GdkTexture) texture =
        gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
    if (!gdk_texture_save_to_png (texture, path)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", path);
        return FALSE;
    }
    return TRUE;
}

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
    guint *painted = user_data;
    (*painted)++;
}

static gboolean
on_timeout (gpointer user_data)
{
    gboolean *expired = user_data;
    *expired = TRUE;
    return G_SOURCE_REMOVE;
}

gboolean
vinv_wait_frames (GtkWidget *widget, guint n, guint timeout_ms)
{
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    guint painted = 0;
    gboolean expired = FALSE;

    if (clock == NULL)
        return FALSE;
    gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint),
                                       &painted);
    guint timer = g_timeout_add (timeout_ms, on_timeout, &expired);
    while (painted < n && !expired) {
        gtk_widget_queue_draw (widget);
        g_main_context_iteration (NULL, TRUE);
    }
    if (!expired)
        g_source_remove (timer);
    g_signal_handler_disconnect (clock, handler);
    return painted >= n;
}

gboolean
vinv_wait_until (gboolean (*condition) (gpointer data), gpointer data, guint timeout_ms)
{
    gboolean expired = FALSE;
    guint timer;

    if (condition (data))
        return TRUE;
    timer = g_timeout_add (timeout_ms, on_timeout, &expired);
    while (!condition (data) && !expired)
        g_main_context_iteration (NULL, TRUE);
    if (!expired)
        g_source_remove (timer);
    return condition (data);
}

static gboolean
on_lazy_query_tooltip (GtkWidget *widget, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                       gpointer user_data)
{
    const char *text = vinv_widget_get_lazy_tooltip (widget);
    if (text == NULL)
        return FALSE;
    gtk_tooltip_set_text (tooltip, text);
    return TRUE;
}

void
vinv_widget_set_lazy_tooltip (GtkWidget *widget, const char *text)
{
    g_return_if_fail (GTK_IS_WIDGET (widget));
    if (g_object_get_data (G_OBJECT (widget), "vinv-lazy-tooltip-handler") == NULL) {
        gulong id = g_signal_connect (widget, "query-tooltip",
                                      G_CALLBACK (on_lazy_query_tooltip), NULL);
        g_object_set_data (G_OBJECT (widget), "vinv-lazy-tooltip-handler",
                           GSIZE_TO_POINTER ((gsize) id));
    }
    if (g_strcmp0 (text, vinv_widget_get_lazy_tooltip (widget)) != 0)
        g_object_set_data_full (G_OBJECT (widget), "vinv-lazy-tooltip", g_strdup (text), g_free);
    gtk_widget_set_has_tooltip (widget, text != NULL);
}

const char *
vinv_widget_get_lazy_tooltip (GtkWidget *widget)
{
    g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
    return g_object_get_data (G_OBJECT (widget), "vinv-lazy-tooltip");
}
