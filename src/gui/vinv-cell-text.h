/* vinv-cell-text.h — one line of text in a table cell, measured and
 * drawn with the column view's own Pango context.
 *
 * What a GtkInscription does for a cell (min-chars and nat-chars,
 * ellipsizing, xalign), without a PangoContext of its own per widget:
 * GTK 4.8's GtkInscription makes one for every widget when it is created
 * and works out the font's metrics in it at its first measure, which was
 * the largest part of making and measuring a row of a wide table.  Every
 * cell of a column view has the same font, so these cells share the
 * column view's context and one layout kept with it.  Colour comes from
 * CSS; the "numeric" class's tabular figures and the underline of a
 * hovered "vinv-link" are applied here (the CSS of app.c asks for them).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define VINV_TYPE_CELL_TEXT (vinv_cell_text_get_type ())
G_DECLARE_FINAL_TYPE (VinvCellText, vinv_cell_text, VINV, CELL_TEXT, GtkWidget)

GtkWidget *vinv_cell_text_new (void);

/* The text shown (copied; NULL: none). */
void vinv_cell_text_set_text (VinvCellText *self, const char *text);
const char *vinv_cell_text_get_text (VinvCellText *self);

/* Widths, in characters, as GtkInscription's min-chars and nat-chars
 * (defaults 3 and 0). */
void vinv_cell_text_set_min_chars (VinvCellText *self, guint min_chars);
void vinv_cell_text_set_nat_chars (VinvCellText *self, guint nat_chars);
guint vinv_cell_text_get_nat_chars (VinvCellText *self);

/* 0.0 (start, the default) to 1.0 (end). */
void vinv_cell_text_set_xalign (VinvCellText *self, float xalign);

/* The text's whole width in pixels (not cut). */
int vinv_cell_text_get_text_width (VinvCellText *self);

G_END_DECLS
