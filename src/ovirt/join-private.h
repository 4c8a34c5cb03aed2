/* join-private.h — the two steps of the oVirt join that live outside
 * join.c.  Private to src/ovirt; the contract for everyone else is
 * vinv_ovirt_join() in load.h.
 *
 * vinv_ovirt_join() runs, on one source's store: the canonical order
 * (join-order.c), then the relations (join.c), then the unavailable
 * columns (join-columns.c).
 */
#pragma once

#include "mapping.h"

G_BEGIN_DECLS

/* Interned id -> row of one table: open addressing over a power of two of
 * slots, at least twice the rows.  Ids are interned (load.h), so
 * comparing pointers compares ids.  The first row with an id wins, as in
 * a table's own index. */
typedef struct {
    const char *key;         /* NULL: free */
    guint32 row;
} VinvOvirtSlot;

typedef struct {
    VinvOvirtSlot *slots;
    guint32 mask;
} VinvOvirtIndex;

static inline guint32
vinv_ovirt_index_hash (const char *key)
{
    guint64 x = (guintptr) key;
    x ^= x >> 33;
    x *= G_GUINT64_CONSTANT (0xFF51AFD7ED558CCD);
    x ^= x >> 33;
    return (guint32) x;
}

/* Indexes the @n rows of @links by their ids. */
static inline void
vinv_ovirt_index_init (VinvOvirtIndex *index, const VinvOvirtLinks *links, guint n)
{
    guint32 size = 16;
    while (size < 2 * (guint64) n)
        size *= 2;
    index->slots = g_new0 (VinvOvirtSlot, size);
    index->mask = size - 1;
    for (guint row = 0; row < n; row++) {
        const char *key = links[row].id;
        if (key == NULL)
            continue;
        guint32 i = vinv_ovirt_index_hash (key) & index->mask;
        while (index->slots[i].key != NULL && index->slots[i].key != key)
            i = (i + 1) & index->mask;
        if (index->slots[i].key == NULL)
            index->slots[i] = (VinvOvirtSlot) { key, row };
    }
}

static inline void
vinv_ovirt_index_clear (VinvOvirtIndex *index)
{
    g_clear_pointer (&index->slots, g_free);
}

/* The row of interned @id, or -1 (also for NULL). */
static inline int
vinv_ovirt_index_find (const VinvOvirtIndex *index, const char *id)
{
    if (id == NULL)
        return -1;
    for (guint32 i = vinv_ovirt_index_hash (id) & index->mask;; i = (i + 1) & index->mask) {
        if (index->slots[i].key == id)
            return (int) index->slots[i].row;
        if (index->slots[i].key == NULL)
            return -1;
    }
}

/* Puts the rows of per-entity documents (VM NICs, snapshots, host NICs)
 * and every kind of pair in the order of their owners' rows, keeping each
 * owner's items in document order, so that tables and lists never depend
 * on the order responses arrived in.  Items whose owner is unknown go
 * last.  Can't fail. */
void vinv_ovirt_join_canonical_order (VinvOvirtStore *store);

/* After the relations are built: every column of vinv_ovirt_join_columns
 * that needs a table that failed to load (and VMs' Pool when the pools
 * failed) is emptied in every row and marked unavailable with the reason
 * ("table 'disks' of 'engine' failed to load").  Can't fail. */
void vinv_ovirt_join_mark_unavailable (VinvOvirtLoad *load);

G_END_DECLS
