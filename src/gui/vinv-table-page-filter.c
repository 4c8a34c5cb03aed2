/* vinv-table-page-filter.c — the table page's filter entry, its error
 * line, the link chip and the empty state's Clear button.
 *
 * The typed filter is applied after FILTER_DELAY_MS of quiet (or at once
 * on Enter); a followed link is a separate filter shown as a removable
 * chip and combined with the typed one, so the entry never shows an
 * `id = "uuid|…"` expression.  Errors point at the byte in the entry.
 */
#include "vinv-table-page-private.h"

#include <string.h>

/* ---- filter ------------------------------------------------------------- */

static void
show_filter_error (VinvTablePage *self, const char *text, const VinvFilterError *error)
{
    GtkEntry *entry = GTK_ENTRY (self->filter_entry);
    gsize len = strlen (text);
    gsize start = MIN (error->offset, len);
    gsize end = start;

    /* underline the word at the offset; at the end of the text, the last
     * word (there is nothing at the offset itself to underline) */
    if (start == len) {
        while (start > 0 && g_ascii_isspace (text[start - 1]))
            start--;
        end = start;
        while (start > 0 && !g_ascii_isspace (text[start - 1]))
            start--;
    } else {
        while (end < len && !g_ascii_isspace (text[end]) && text[end] != ','
               && text[end] != ')')
            end++;
        if (end == start)
            end = g_utf8_next_char (text + start) - text;
    }
    PangoAttrList *attrs = pango_attr_list_new ();
    if (end > start) {
        PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_ERROR);
        underline->start_index = (guint) start;
        underline->end_index = (guint) end;
        pango_attr_list_insert (attrs, underline);
        PangoAttribute *color = pango_attr_underline_color_new (0xe000, 0x1b00, 0x2400);
        color->start_index = (guint) start;
        color->end_index = (guint) end;
        pango_attr_list_insert (attrs, color);
    }
    gtk_entry_set_attributes (entry, attrs);
    pango_attr_list_unref (attrs);
    gtk_widget_add_css_class (self->filter_entry, "error");

    g_free (self->filter_error_text);
    if (error->hint != NULL)
        self->filter_error_text = g_strdup_printf ("%s — %s", error->message, error->hint);
    else
        self->filter_error_text = g_strdup (error->message);
    gtk_label_set_text (GTK_LABEL (self->filter_error), self->filter_error_text);
    gtk_widget_set_visible (self->filter_error, TRUE);
}

static void
clear_filter_error (VinvTablePage *self)
{
    gtk_entry_set_attributes (GTK_ENTRY (self->filter_entry), NULL);
    gtk_widget_remove_css_class (self->filter_entry, "error");
    g_clear_pointer (&self->filter_error_text, g_free);
    gtk_widget_set_visible (self->filter_error, FALSE);
}

/* The filter the view gets: the link chip's and the typed one, both. */
static char *
compose_filter (VinvTablePage *self, const char *typed, gsize *prefix)
{
    gboolean has_typed = typed != NULL && typed[strspn (typed, " \t")] != '\0';
    *prefix = 0;
    if (self->link_filter == NULL)
        return g_strdup (typed != NULL ? typed : "");
    if (!has_typed)
        return g_strdup (self->link_filter);
    char *out = g_strdup_printf ("%s and (%s)", self->link_filter, typed);
    *prefix = strlen (self->link_filter) + strlen (" and (");
    return out;
}

static gboolean
apply_filter (VinvTablePage *self)
{
    g_clear_handle_id (&self->filter_timeout, g_source_remove);
    if (self->view == NULL)
        return TRUE;

    const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
    gsize prefix = 0;
    g_autofree char *full = compose_filter (self, text, &prefix);
    g_autoptr (VinvFilterError) error = NULL;
    if (!vinv_view_set_filter (self->view, full, &error)) {
        error->offset = error->offset > prefix ? error->offset - prefix : 0;
        show_filter_error (self, text, error);
        return FALSE;
    }
    clear_filter_error (self);
    page_sync_rows (self);
    return TRUE;
}

static gboolean
on_filter_timeout (gpointer user_data)
{
    VinvTablePage *self = user_data;
    self->filter_timeout = 0;
    apply_filter (self);
    return G_SOURCE_REMOVE;
}

void
page_on_filter_changed (GtkEditable *editable, gpointer user_data)
{
    VinvTablePage *self = user_data;

    if (self->setting_text)
        return;
    g_clear_handle_id (&self->filter_timeout, g_source_remove);
    self->filter_timeout = g_timeout_add (FILTER_DELAY_MS, on_filter_timeout, self);
}

void
page_on_filter_activate (GtkEntry *entry, gpointer user_data)
{
    apply_filter (VINV_TABLE_PAGE (user_data));
}

void
page_set_entry_text (VinvTablePage *self, const char *text)
{
    self->setting_text = TRUE;
    gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), text != NULL ? text : "");
    self->setting_text = FALSE;
}

gboolean
vinv_table_page_set_filter (VinvTablePage *self, const char *text)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), FALSE);
    page_set_link (self, NULL, NULL);
    page_set_entry_text (self, text);
    return apply_filter (self);
}

void
page_set_link (VinvTablePage *self, const char *filter, const char *label)
{
    /* @filter and @label may be our own strings */
    char *old_filter = self->link_filter;
    char *old_label = self->link_label;
    self->link_filter = filter != NULL && *filter != '\0' ? g_strdup (filter) : NULL;
    self->link_label = self->link_filter != NULL
        ? g_strdup (label != NULL && *label != '\0' ? label : filter) : NULL;
    g_free (old_filter);
    g_free (old_label);
    gtk_label_set_text (GTK_LABEL (self->chip_label),
                        self->link_label != NULL ? self->link_label : "");
    gtk_widget_set_tooltip_text (self->chip, self->link_filter);
    gtk_widget_set_visible (self->chip, self->link_filter != NULL);
}

gboolean
vinv_table_page_set_link_filter (VinvTablePage *self, const char *filter, const char *label,
                                 const char *typed)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), FALSE);
    page_set_link (self, filter, label);
    page_set_entry_text (self, typed);
    return apply_filter (self);
}

const char *
vinv_table_page_get_link_filter (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->link_filter;
}

const char *
vinv_table_page_get_link_label (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->link_label;
}

const char *
vinv_table_page_get_typed_filter (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
}

void
vinv_table_page_clear_filter (VinvTablePage *self)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self));
    vinv_table_page_set_link_filter (self, NULL, NULL, "");
}

void
page_on_chip_close (GtkButton *button, gpointer user_data)
{
    VinvTablePage *self = user_data;
    page_set_link (self, NULL, NULL);
    apply_filter (self);
    gtk_widget_grab_focus (self->filter_entry);
}

void
page_on_empty_clear (GtkButton *button, gpointer user_data)
{
    vinv_table_page_clear_filter (VINV_TABLE_PAGE (user_data));
}

const char *
vinv_table_page_get_filter_error (VinvTablePage *self)
{
    g_return_val_if_fail (VINV_IS_TABLE_PAGE (self), NULL);
    return self->filter_error_text;
}

void
vinv_table_page_focus_filter (VinvTablePage *self)
{
    g_return_if_fail (VINV_IS_TABLE_PAGE (self));
    gtk_widget_grab_focus (self->filter_entry);
    gtk_editable_select_region (GTK_EDITABLE (self->filter_entry), 0, -1);
}

