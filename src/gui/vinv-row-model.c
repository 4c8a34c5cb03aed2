/* vinv-row-model.c — a GListModel over the rows of a VinvView.
 *
 * Items are made when GTK asks for them (get_item) and hold two integers,
 * so a 100,000-row view costs nothing until rows scroll into sight.  The
 * model caches its length: GTK must see items-changed before the length it
 * reports changes, so n_items is only updated inside vinv_row_model_reset().
 */
#include "vinv-row-model.h"

struct _VinvRowItem {
    GObject parent_instance;
    guint position;
    guint row;
};

G_DEFINE_FINAL_TYPE (VinvRowItem, vinv_row_item, G_TYPE_OBJECT)

static void
vinv_row_item_class_init (VinvRowItemClass *klass)
{
}

static void
vinv_row_item_init (VinvRowItem *self)
{
}

guint
vinv_row_item_get_position (VinvRowItem *self)
{
    g_return_val_if_fail (VINV_IS_ROW_ITEM (self), 0);
    return self->position;
}

guint
vinv_row_item_get_row (VinvRowItem *self)
{
    g_return_val_if_fail (VINV_IS_ROW_ITEM (self), 0);
    return self->row;
}

/* Invariant: n_items == (view ? vinv_view_get_n_rows (view) : 0) except
 * between a change of the view and the owner's call to reset(). */
struct _VinvRowModel {
    GObject parent_instance;
    VinvView *view;          /* borrowed */
    guint n_items;
};

static GType
row_model_get_item_type (GListModel *model)
{
    return VINV_TYPE_ROW_ITEM;
}

static guint
row_model_get_n_items (GListModel *model)
{
    return VINV_ROW_MODEL (model)->n_items;
}

static gpointer
row_model_get_item (GListModel *model, guint position)
{
    VinvRowModel *self = VINV_ROW_MODEL (model);

    if (self->view == NULL || position >= self->n_items
        || position >= vinv_view_get_n_rows (self->view))
        return NULL;
    VinvRowItem *item = g_object_new (VINV_TYPE_ROW_ITEM, NULL);
    item->position = position;
    item->row = vinv_view_get_row (self->view, position);
    return item;
}

static void
row_model_list_model_init (GListModelInterface *iface)
{
    iface->get_item_type = row_model_get_item_type;
    iface->get_n_items = row_model_get_n_items;
    iface->get_item = row_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VinvRowModel, vinv_row_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      row_model_list_model_init))

static void
vinv_row_model_class_init (VinvRowModelClass *klass)
{
}

static void
vinv_row_model_init (VinvRowModel *self)
{
}

VinvRowModel *
vinv_row_model_new (void)
{
    return g_object_new (VINV_TYPE_ROW_MODEL, NULL);
}

void
vinv_row_model_set_view (VinvRowModel *self, VinvView *view)
{
    g_return_if_fail (VINV_IS_ROW_MODEL (self));
    self->view = view;
    vinv_row_model_reset (self);
}

VinvView *
vinv_row_model_get_view (VinvRowModel *self)
{
    g_return_val_if_fail (VINV_IS_ROW_MODEL (self), NULL);
    return self->view;
}

void
vinv_row_model_reset (VinvRowModel *self)
{
    g_return_if_fail (VINV_IS_ROW_MODEL (self));
    guint old = self->n_items;
    self->n_items = self->view != NULL ? vinv_view_get_n_rows (self->view) : 0;
    if (old > 0 || self->n_items > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
}
