/* join-order.c — puts the rows and pairs of one oVirt fetch in a
 * canonical order before the join (join-private.h).
 *
 * The parallel strategy adds the rows of per-entity documents (a VM's NICs
 * and snapshots, a host's NICs) and their pairs (disk attachments, ...) in
 * the order the responses arrive.  Before joining, rows and pairs are put
 * in owner order — the owner's row in its own table, which comes from one
 * collection document and so is the engine's order — keeping each owner's
 * items in document order.  Tables and lists then never depend on timing,
 * and the follow strategy (already in that order) is unchanged.  Works on
 * the store alone (load.h): the links, pairs and the tables' rows, which
 * vinv_table_reorder() moves together with their links.
 */
#include "join-private.h"

#include <stdlib.h>

typedef struct {
    guint owner;       /* row of the owner, G_MAXUINT if unknown */
    guint index;       /* position before sorting */
} OrderKey;

static int
order_key_cmp (gconstpointer a, gconstpointer b)
{
    const OrderKey *x = a;
    const OrderKey *y = b;
    if (x->owner != y->owner)
        return x->owner < y->owner ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

/* id (interned) -> row + 1 of table @kind. */
static GHashTable *
id_rows (VinvOvirtStore *store, VinvTableKind kind)
{
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (store, kind, &n);
    GHashTable *rows = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (guint r = 0; r < n; r++) {
        if (l[r].id != NULL && !g_hash_table_contains (rows, l[r].id))
            g_hash_table_insert (rows, (gpointer) l[r].id, GUINT_TO_POINTER (r + 1));
    }
    return rows;
}

static guint
owner_row (GHashTable *rows, const char *id)
{
    gpointer hit = id != NULL ? g_hash_table_lookup (rows, id) : NULL;
    return hit != NULL ? GPOINTER_TO_UINT (hit) - 1 : G_MAXUINT;
}

/* The @n items at @items (each @item_size bytes, the owner's interned id
 * at @owner_field) in owner order, as keys whose index is the item's old
 * position.  Owned by caller. */
static OrderKey *
owner_order (VinvOvirtStore *store, VinvTableKind owner_kind, const void *items,
             gsize item_size, gsize owner_field, guint n)
{
    g_autoptr (GHashTable) rows = id_rows (store, owner_kind);
    OrderKey *keys = g_new (OrderKey, n);
    for (guint i = 0; i < n; i++) {
        const char *owner = G_STRUCT_MEMBER (const char *, (const char *) items + i * item_size,
                                             owner_field);
        keys[i] = (OrderKey) { owner_row (rows, owner), i };
    }
    qsort (keys, n, sizeof *keys, order_key_cmp);
    return keys;
}

static void
order_child_rows (VinvOvirtStore *store, VinvTableKind kind, VinvTableKind owner_kind,
                  gsize owner_field)
{
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (store, kind, &n);
    if (n < 2)
        return;
    g_autofree OrderKey *keys = owner_order (store, owner_kind, l, sizeof *l, owner_field, n);

    g_autofree guint *order = g_new (guint, n);
    g_autofree VinvOvirtLinks *old = g_memdup2 (l, n * sizeof *l);
    VinvOvirtLinks *links = (VinvOvirtLinks *) store->links[kind]->data;
    for (guint i = 0; i < n; i++) {
        order[i] = keys[i].index;
        links[i] = old[keys[i].index];
    }
    vinv_table_reorder (vinv_ovirt_store_table (store, kind), order);
}

static void
order_pairs (VinvOvirtStore *store, VinvPairKind kind, VinvTableKind owner_kind)
{
    guint n;
    const VinvOvirtPair *p = vinv_ovirt_store_pairs (store, kind, &n);
    if (n < 2)
        return;
    g_autofree OrderKey *keys = owner_order (store, owner_kind, p, sizeof *p,
                                             G_STRUCT_OFFSET (VinvOvirtPair, owner), n);

    g_autofree VinvOvirtPair *old = g_memdup2 (p, n * sizeof *p);
    VinvOvirtPair *pairs = (VinvOvirtPair *) store->pairs[kind]->data;
    for (guint i = 0; i < n; i++)
        pairs[i] = old[keys[i].index];
}

void
vinv_ovirt_join_canonical_order (VinvOvirtStore *store)
{
    order_child_rows (store, VINV_TABLE_VMNIC, VINV_TABLE_VM,
                      G_STRUCT_OFFSET (VinvOvirtLinks, vm));
    order_child_rows (store, VINV_TABLE_SNAP, VINV_TABLE_VM,
                      G_STRUCT_OFFSET (VinvOvirtLinks, vm));
    order_child_rows (store, VINV_TABLE_HOSTNIC, VINV_TABLE_HOST,
                      G_STRUCT_OFFSET (VinvOvirtLinks, host));
    order_pairs (store, VINV_PAIR_VM_DISK, VINV_TABLE_VM);
    order_pairs (store, VINV_PAIR_TEMPLATE_DISK, VINV_TABLE_TEMPLATE);
    order_pairs (store, VINV_PAIR_DISK_SD, VINV_TABLE_DISK);
    order_pairs (store, VINV_PAIR_SD_DC, VINV_TABLE_SD);
    order_pairs (store, VINV_PAIR_DC_SD, VINV_TABLE_DC);
    order_pairs (store, VINV_PAIR_CLUSTER_NET, VINV_TABLE_CLUSTER);
    order_pairs (store, VINV_PAIR_TEMPLATE_NIC, VINV_TABLE_TEMPLATE);
    order_pairs (store, VINV_PAIR_GUEST_IP, VINV_TABLE_VM);
    order_pairs (store, VINV_PAIR_BOND_SLAVE, VINV_TABLE_HOSTNIC);
}

