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
