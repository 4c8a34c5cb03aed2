/* vinv-gui-util.h — small helpers shared by the app, the benchmark, the
 * screenshot script and the tests: rendering a widget to a PNG file, and
 * running the main loop until frames have been painted.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Renders @widget (realized, with a size) with its window's renderer and
 * saves it as a PNG at @path.  FALSE with @error when the widget has no
 * size or the file cannot be written. */
gboolean vinv_widget_save_png (GtkWidget *widget, const char *path, GError **error);

/* Iterates the default main context until @widget's frame clock has
 * painted @n more frames, or @timeout_ms passed.  Returns TRUE if the
 * frames were painted.  @widget must be realized. */
gboolean vinv_wait_frames (GtkWidget *widget, guint n, guint timeout_ms);

/* Iterates the default main context until @condition (@data) holds or
 * @timeout_ms passed; returns the last value of @condition. */
gboolean vinv_wait_until (gboolean (*condition) (gpointer data), gpointer data,
                          guint timeout_ms);

/* Gives @widget the tooltip @text (NULL: none), as
 * gtk_widget_set_tooltip_text() does, but without asking the display
 * where the pointer is: GTK 4.8 re-queries the tooltip at every
 * gtk_widget_set_tooltip_text(), a round trip to the X server each, which
 * for the cells of a list being bound by the hundred blocked the main loop
 * for seconds.  The text is handed over in "query-tooltip", when shown. */
void vinv_widget_set_lazy_tooltip (GtkWidget *widget, const char *text);
/* The text given to vinv_widget_set_lazy_tooltip(), or NULL. */
const char *vinv_widget_get_lazy_tooltip (GtkWidget *widget);

G_END_DECLS
