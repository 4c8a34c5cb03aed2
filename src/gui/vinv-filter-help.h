/* vinv-filter-help.h — the filter language on one card.
 *
 * A "?" icon at the end of a table page's filter entry (and Shift+F1 in
 * the page) opens a popover with the language's summary: comparisons and
 * operators, and / or / not, units, regular expressions, conditions on
 * linked rows and free text, each with an example, as
 * docs/filter-language.md's quick reference says them.  The examples are
 * data (vinv_filter_help_get_items()), so a test can check that every one
 * is a filter the language accepts.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
    const char *section;         /* starts a new section when not NULL */
    const char *table;           /* the table the example is for ("vms") */
    const char *example;         /* a filter */
    const char *meaning;         /* what it keeps */
} VinvFilterHelpItem;

/* The examples shown, in order; *n is set to how many. */
const VinvFilterHelpItem *vinv_filter_help_get_items (guint *n);

/* Puts the "?" icon in @entry and Shift+F1 in @scope (the page, so the key
 * works wherever the focus is in it); both open the help. */
void vinv_filter_help_attach (GtkEntry *entry, GtkWidget *scope);

/* Opens the help under @entry's icon and returns the popover (owned by
 * the entry). */
GtkPopover *vinv_filter_help_show (GtkEntry *entry);

/* The help popover of @entry (made when first shown), or NULL. */
GtkPopover *vinv_filter_help_get_popover (GtkEntry *entry);

G_END_DECLS
