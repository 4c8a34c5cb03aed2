/* vinv-row-model.c — a GListModel over the rows of a VinvView.
 *
 * Items are made when GTK asks for them (get_item) and hold two integers,
 * so a 100,000-row view costs nothing until rows scroll into sight.  Live
 * items are indexed by position in @live (no reference: an item removes
 * itself when GTK drops it), which is what lets reset() re-point them in
 * place.  The model caches its length: GTK must see items-changed before
 * the length it reports changes, so n_items only changes inside reset().
 */
#include "vinv-row-model.h"

struct _VinvRowItem {
    GObject parent_instance;
    VinvRowModel *model;     /* the model indexing this item, or NULL */
    guint position;
    guint row;
};

/* Invariants: n_items == (view ? vinv_view_get_n_rows (view) : 0) except
 * between a change of the view and the owner's call to reset(); every
 * item in @live has position < n_items, model == self, and is the only
 * live item of its position. */
struct _VinvRowModel {
    GObject parent_instance;
    VinvView *view;          /* borrowed */
    guint n_items;
    GHashTable *live;        /* position → VinvRowItem *, not referenced */
};

G_DEFINE_FINAL_TYPE (VinvRowItem, vinv_row_item, G_TYPE_OBJECT)

enum { SIGNAL_ROWS_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
vinv_row_item_finalize (GObject *object)
{
    VinvRowItem *self = VINV_ROW_ITEM (object);
    if (self->model != NULL)
        g_hash_table_remove (self->model->live, GUINT_TO_POINTER (self->position));
    G_OBJECT_CLASS (vinv_row_item_parent_class)->finalize (object);
}

static void
vinv_row_item_class_init (VinvRowItemClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vinv_row_item_finalize;
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
    VinvRowItem *item = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
    if (item != NULL)
        return g_object_ref (item);
    item = g_object_new (VINV_TYPE_ROW_ITEM, NULL);
    item->model = self;
    item->position = position;
    item->row = vinv_view_get_row (self->view, position);
    g_hash_table_insert (self->live, GUINT_TO_POINTER (position), item);
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
detach_all (VinvRowModel *self)
{
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        ((VinvRowItem *) value)->model = NULL;
        g_hash_table_iter_remove (&iter);
    }
}

static void
vinv_row_model_finalize (GObject *object)
{
    VinvRowModel *self = VINV_ROW_MODEL (object);
    detach_all (self);
    g_hash_table_unref (self->live);
    G_OBJECT_CLASS (vinv_row_model_parent_class)->finalize (object);
}

static void
vinv_row_model_class_init (VinvRowModelClass *klass)
{
    G_OBJECT_CLASS (klass)->finalize = vinv_row_model_finalize;

    /* Emitted after reset(): the rows of items already handed out changed. */
    signals[SIGNAL_ROWS_CHANGED] =
        g_signal_new ("rows-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                      0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
vinv_row_model_init (VinvRowModel *self)
{
    self->live = g_hash_table_new (g_direct_hash, g_direct_equal);
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

void
vinv_row_model_point_at (VinvRowModel *self, VinvView *view)
{
    g_return_if_fail (VINV_IS_ROW_MODEL (self));
    self->view = view;
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
    guint n = self->view != NULL ? vinv_view_get_n_rows (self->view) : 0;
    GHashTableIter iter;
    gpointer value;

    /* re-point the live slots; those past the new end leave the index (GTK
     * drops them on the items-changed below) */
    g_hash_table_iter_init (&iter, self->live);
    while (g_hash_table_iter_next (&iter, NULL, &value)) {
        VinvRowItem *item = value;
        if (item->position < n) {
            item->row = vinv_view_get_row (self->view, item->position);
        } else {
            item->model = NULL;
            g_hash_table_iter_remove (&iter);
        }
    }
    self->n_items = n;
    if (n < old)
        g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);
    else if (n > old)
        g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
    g_signal_emit (self, signals[SIGNAL_ROWS_CHANGED], 0);
}
