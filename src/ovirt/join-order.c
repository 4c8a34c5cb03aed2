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

/* The owner tables' indexes, each built on first use: host NICs, the one
 * owner table that is also reordered, are reordered before their index is
 * first asked for. */
typedef struct {
    VinvOvirtStore *store;
    VinvOvirtIndex index[VINV_TABLE_LAST];
} Owners;

static const VinvOvirtIndex *
owners_index (Owners *o, VinvTableKind kind)
{
    if (o->index[kind].slots == NULL) {
        guint n;
        const VinvOvirtLinks *l = vinv_ovirt_store_links (o->store, kind, &n);
        vinv_ovirt_index_init (&o->index[kind], l, n);
    }
    return &o->index[kind];
}

#define ITEM_OWNER(items, item_size, owner_field, i)                                               \
    G_STRUCT_MEMBER (const char *, (const char *) (items) + (gsize) (i) * (item_size), owner_field)

/* TRUE when every one of the @n items has an owner row and the owners'
 * rows never go down from one item to the next: a walk along the owner
 * table beside the items, with no index (ids are interned, so a pointer
 * comparison finds the row).  FALSE says nothing: an owner not found, out
 * of order, or a table where an id may be on two rows (the index takes
 * the first; the walk could take a later one). */
static gboolean
in_owner_order (const VinvOvirtStore *store, VinvTableKind owner_kind, const void *items,
                gsize item_size, gsize owner_field, guint n)
{
    if (store->repeated_ids & (1u << owner_kind))
        return FALSE;
    guint n_owners;
    const VinvOvirtLinks *owners = vinv_ovirt_store_links (store, owner_kind, &n_owners);
    const char *prev = NULL;
    guint row = 0;
    for (guint i = 0; i < n; i++) {
        const char *owner = ITEM_OWNER (items, item_size, owner_field, i);
        if (owner == prev)
            continue;
        if (owner == NULL)
            return FALSE;
        while (row < n_owners && owners[row].id != owner)
            row++;
        if (row == n_owners)
            return FALSE;
        prev = owner;
    }
    return TRUE;
}

/* The @n items at @items (each @item_size bytes, the owner's interned id
 * at @owner_field) in owner order, as keys whose index is the item's old
 * position; NULL when they are in that order already (the follow
 * strategy's documents list every owner's items together, in owner
 * order: told by in_owner_order(), which needs no index; at 10,000 VMs the
 * step went from 3.4 to about 2 ms, BENCHMARKS.md round 7).  Owned by
 * caller. */
static OrderKey *
owner_order (Owners *o, VinvTableKind owner_kind, const void *items, gsize item_size,
             gsize owner_field, guint n)
{
    if (in_owner_order (o->store, owner_kind, items, item_size, owner_field, n))
        return NULL;
    const VinvOvirtIndex *index = owners_index (o, owner_kind);
    OrderKey *keys = g_new (OrderKey, n);
    gboolean sorted = TRUE;
    for (guint i = 0; i < n; i++) {
        const char *owner = ITEM_OWNER (items, item_size, owner_field, i);
        int row = vinv_ovirt_index_find (index, owner);
        keys[i] = (OrderKey) { row >= 0 ? (guint) row : G_MAXUINT, i };
        sorted &= i == 0 || keys[i - 1].owner <= keys[i].owner;
    }
    if (sorted) {
        g_free (keys);
        return NULL;
    }
    qsort (keys, n, sizeof *keys, order_key_cmp);
    return keys;
}

static void
order_child_rows (Owners *o, VinvTableKind kind, VinvTableKind owner_kind, gsize owner_field)
{
    VinvOvirtStore *store = o->store;
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (store, kind, &n);
    if (n < 2)
        return;
    g_autofree OrderKey *keys = owner_order (o, owner_kind, l, sizeof *l, owner_field, n);
    if (keys == NULL)
        return;

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
order_pairs (Owners *o, VinvPairKind kind, VinvTableKind owner_kind)
{
    VinvOvirtStore *store = o->store;
    guint n;
    const VinvOvirtPair *p = vinv_ovirt_store_pairs (store, kind, &n);
    if (n < 2)
        return;
    g_autofree OrderKey *keys = owner_order (o, owner_kind, p, sizeof *p,
                                             G_STRUCT_OFFSET (VinvOvirtPair, owner), n);
    if (keys == NULL)
        return;

    g_autofree VinvOvirtPair *old = g_memdup2 (p, n * sizeof *p);
    VinvOvirtPair *pairs = (VinvOvirtPair *) store->pairs[kind]->data;
    for (guint i = 0; i < n; i++)
        pairs[i] = old[keys[i].index];
}

void
vinv_ovirt_join_canonical_order (VinvOvirtStore *store)
{
    Owners o = { .store = store };

    order_child_rows (&o, VINV_TABLE_VMNIC, VINV_TABLE_VM,
                      G_STRUCT_OFFSET (VinvOvirtLinks, vm));
    order_child_rows (&o, VINV_TABLE_SNAP, VINV_TABLE_VM,
                      G_STRUCT_OFFSET (VinvOvirtLinks, vm));
    order_child_rows (&o, VINV_TABLE_HOSTNIC, VINV_TABLE_HOST,
                      G_STRUCT_OFFSET (VinvOvirtLinks, host));
    order_pairs (&o, VINV_PAIR_VM_DISK, VINV_TABLE_VM);
    order_pairs (&o, VINV_PAIR_TEMPLATE_DISK, VINV_TABLE_TEMPLATE);
    order_pairs (&o, VINV_PAIR_DISK_SD, VINV_TABLE_DISK);
    order_pairs (&o, VINV_PAIR_SD_DC, VINV_TABLE_SD);
    order_pairs (&o, VINV_PAIR_DC_SD, VINV_TABLE_DC);
    order_pairs (&o, VINV_PAIR_CLUSTER_NET, VINV_TABLE_CLUSTER);
    order_pairs (&o, VINV_PAIR_TEMPLATE_NIC, VINV_TABLE_TEMPLATE);
    order_pairs (&o, VINV_PAIR_GUEST_IP, VINV_TABLE_VM);
    order_pairs (&o, VINV_PAIR_BOND_SLAVE, VINV_TABLE_HOSTNIC);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        vinv_ovirt_index_clear (&o.index[k]);
}
