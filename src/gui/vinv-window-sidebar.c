/* vinv-window-sidebar.c — the sidebar's rows while loading: a row (with
 * a spinner) for every table the back-ends of a load fill, before it
 * arrives; the spinners of the tables shown during a refresh; and, when
 * the load is over, no row for a table that did not come.
 */
#include "vinv-window-private.h"

#include "vinv-sidebar.h"

/* A sidebar row for table @kind (kept if there is one: a table expected
 * while loading), selectable once its page exists. */
GtkWidget *
win_ensure_row (VinvWindow *self, VinvTableKind kind, gboolean with_page)
{
    if (self->rows[kind] == NULL) {
        self->rows[kind] = vinv_sidebar_row_new (kind, vinv_schema_get (kind)->title);
        gtk_list_box_append (GTK_LIST_BOX (self->sidebar), self->rows[kind]);
    }
    gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self->rows[kind]), with_page);
    gtk_widget_set_sensitive (self->rows[kind], with_page);
    return self->rows[kind];
}

/* Marks the tables the back-ends of @uris fill as loading: the rows of
 * those shown get a spinner, the others a row without a page. */
void
win_mark_expected (VinvWindow *self, const char *const *uris)
{
    for (guint i = 0; uris[i] != NULL; i++) {
        const VinvBackendClass *klass = vinv_backend_class_for_uri (uris[i]);
        for (guint t = 0; klass != NULL && klass->tables != NULL
                          && klass->tables[t].table != NULL; t++) {
            const VinvSchema *schema = vinv_schema_lookup (klass->tables[t].table);
            if (schema == NULL)
                continue;
            VinvTableKind kind = vinv_schema_get_kind (schema);
            vinv_sidebar_row_set_loading (win_ensure_row (self, kind, self->pages[kind] != NULL),
                                          TRUE);
        }
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->pages[k] != NULL)
            vinv_sidebar_row_set_loading (self->rows[k], TRUE);
    }
    vinv_health_page_set_loading (self->health, TRUE);
}

/* The load is over: no spinner, and no row for a table that did not come. */
void
win_unmark_expected (VinvWindow *self)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (self->rows[k] == NULL)
            continue;
        if (self->pages[k] == NULL) {
            gtk_list_box_remove (GTK_LIST_BOX (self->sidebar), self->rows[k]);
            self->rows[k] = NULL;
        } else {
            vinv_sidebar_row_set_loading (self->rows[k], FALSE);
        }
    }
    vinv_health_page_set_loading (self->health, FALSE);
}
