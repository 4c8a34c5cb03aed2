/* vinv-filter-completion.h — column names completed while a filter is
 * typed.
 *
 * Attached to a table page's filter entry: when the word before the
 * cursor starts a column name (not a value after an operator, not inside
 * quotes), a popover under the word lists the matching columns of the
 * page's table — ids and titles, link columns too — and after "LINK." the
 * columns of the table the link points to ("host.status").  Tab or Enter
 * puts the chosen one in place of the word; Up and Down choose; Escape
 * closes the list.  With no list shown, Tab and Enter do what they always
 * do (Enter applies the filter).  The list only follows typing: text set
 * by the program while the entry does not have the focus opens nothing.
 */
#pragma once

#include <gtk/gtk.h>
#include "vinv-table-page.h"

G_BEGIN_DECLS

typedef struct _VinvFilterCompletion VinvFilterCompletion;

/* Attaches completion to @entry, the filter entry of @page (borrowed: the
 * entry is inside the page).  The completion lives as long as @entry. */
void vinv_filter_completion_attach (GtkEntry *entry, VinvTablePage *page);
/* The completion attached to @entry, or NULL. */
VinvFilterCompletion *vinv_filter_completion_get (GtkEntry *entry);

/* Recomputes the list from the entry's text and cursor (what typing does). */
void vinv_filter_completion_update (VinvFilterCompletion *self);
/* TRUE while the list is shown. */
gboolean vinv_filter_completion_is_shown (VinvFilterCompletion *self);
/* The texts the list offers, in order (what accepting one inserts), and
 * how many; 0 while the list is hidden. */
guint vinv_filter_completion_get_n_items (VinvFilterCompletion *self);
const char *vinv_filter_completion_get_item (VinvFilterCompletion *self, guint i);
/* The row chosen (Up/Down), or -1. */
int vinv_filter_completion_get_selected (VinvFilterCompletion *self);

/* What a key press in the entry does with the list: returns TRUE if it
 * was used (Up, Down, Tab, Enter, Escape while the list is shown), FALSE
 * if the entry should have it. */
gboolean vinv_filter_completion_key (VinvFilterCompletion *self, guint keyval,
                                     GdkModifierType state);

G_END_DECLS
