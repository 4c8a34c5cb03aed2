/* join.c — turns the ids a fetch collected into links: every reference
 * and list column of the twelve oVirt tables, plus the columns computed
 * from other tables (cluster version and data center of a VM, status of an
 * attached storage domain, network rates summed over a VM's NICs, ...).
 * Which columns those are, and what each needs, is listed in
 * join-columns.c; rows and pairs are first put in a canonical order
 * (join-order.c).
 *
 * Runs once, after every document of a fetch is in.  Works on interned ids
 * (pointer equality) through one index per table (id -> row, built once)
 * with every row's label (name and id, and their lengths) gathered once in
 * row order, and on groups built by counting sort (children of every
 * owner, without an allocation per row).  From 20,000 rows on, VMs, VM
 * NICs and snapshots are joined on the calling thread and the other
 * tables beside them on a second one (see Half).  Lists that draw on a
 * table that failed to load are left null ("not known") rather than shown
 * empty; a target row that is missing shows its id as text.  Memory:
 * O(rows + pairs); time: O(rows + pairs + items).
 *
 * Why not earlier, table by table as collections complete (issue 16)?
 * Every table but data centers and host NICs lists VMs, VM NICs or the
 * VMs' disk attachments, which come with the last bytes (the VMs pages);
 * those two cost about 1 ms of the 75 ms at 10,000 VMs.
 */
#include "join-private.h"

#include <string.h>

#include "core/secret.h"

static const guint name_column[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = VINV_VM_NAME,
    [VINV_TABLE_HOST] = VINV_HOST_NAME,
    [VINV_TABLE_DISK] = VINV_DISK_NAME,
    [VINV_TABLE_SD] = VINV_SD_NAME,
    [VINV_TABLE_CLUSTER] = VINV_CLUSTER_NAME,
    [VINV_TABLE_DC] = VINV_DC_NAME,
    [VINV_TABLE_NET] = VINV_NET_NAME,
    [VINV_TABLE_PROFILE] = VINV_PROFILE_NAME,
    [VINV_TABLE_TEMPLATE] = VINV_TEMPLATE_NAME,
    [VINV_TABLE_VMNIC] = VINV_VMNIC_NAME,
    [VINV_TABLE_HOSTNIC] = VINV_HOSTNIC_NAME,
    [VINV_TABLE_SNAP] = VINV_SNAP_NAME,
};


/* Members of each owner: members[start[o] .. start[o + 1]) are the indices
 * (rows or pairs) whose owner is row o; key[i] is the owner row of member
 * i (or -1), kept so that lists naming a member's owner need not look it
 * up again. */
typedef struct {
    guint *start;
    guint *members;
    int *key;
} Groups;

/* One table's rows as the join reads them.  An index from interned id to
 * row (join-private.h), and every
 * row's label: its name (NULL when it has none) and its id, with their
 * lengths, copied side by side into @pool in row order.  The many list
 * items that name a row then read these small arrays instead of the row's
 * cells and strings, scattered over the table's memory (at 10,000 VMs,
 * reading the target row's name cell was 90 % of the time spent adding an
 * item, and measuring its strings again for every copy most of the rest). */
typedef struct {
    VinvOvirtIndex index;
    const char **name;       /* per row, in @pool, or NULL */
    const char **id;         /* per row, in @pool */
    guint32 *name_len;
    guint32 *id_len;
    char *pool;
    gboolean unique;         /* no id is on two rows: row r is its id's row */
} Rows;

/* The list being built: items and, per item, the lengths of its text and
 * id (for vinv_table_set_list_len()). */
typedef struct {
    VinvItem *v;
    guint32 *lens;
    guint n;
    guint size;
} Items;

typedef struct {
    VinvOvirtLoad *load;
    VinvTable *t[VINV_TABLE_LAST];
    const VinvOvirtLinks *links[VINV_TABLE_LAST];
    guint n[VINV_TABLE_LAST];
    gboolean ok[VINV_TABLE_LAST];             /* loaded without error */
    Rows rows[VINV_TABLE_LAST];
    GHashTable *pool_names;                   /* interned pool id -> name */
    const VinvOvirtPair *pairs[VINV_PAIR_LAST];
    guint n_pairs[VINV_PAIR_LAST];
    guint *stamp[VINV_TABLE_LAST];            /* for unique lists: last epoch a row was added */
    guint epoch;
    Items items;                              /* the list being built */
} Join;

static void
rows_build (Rows *r, VinvTable *t, const VinvOvirtLinks *links, guint n, guint name_col)
{
    gsize pool_size = 0;

    vinv_ovirt_index_init (&r->index, links, n);
    r->unique = TRUE;
    for (guint row = 0; row < n && r->unique; row++)
        r->unique = links[row].id != NULL
                    && vinv_ovirt_index_find (&r->index, links[row].id) == (int) row;
    r->name = g_new (const char *, MAX (n, 1));
    r->id = g_new (const char *, MAX (n, 1));
    r->name_len = g_new (guint32, MAX (n, 1));
    r->id_len = g_new (guint32, MAX (n, 1));
    for (guint row = 0; row < n; row++) {
        if (row + 8 < n)
            __builtin_prefetch (&vinv_table_get_row (t, row + 8)[name_col]);
        const VinvCell *c = &vinv_table_get_row (t, row)[name_col];
        r->name[row] = c->kind == VINV_CELL_STRING ? c->v.s : NULL;
        r->name_len[row] = r->name[row] != NULL ? strlen (r->name[row]) : 0;
        r->id_len[row] = links[row].id != NULL ? strlen (links[row].id) : 0;
        pool_size += r->name_len[row] + r->id_len[row] + 2;
    }
    char *p = r->pool = g_malloc (MAX (pool_size, 1));
    for (guint row = 0; row < n; row++) {
        if (r->name[row] != NULL) {
            memcpy (p, r->name[row], r->name_len[row] + 1);
            r->name[row] = p;
            p += r->name_len[row] + 1;
        }
        memcpy (p, links[row].id != NULL ? links[row].id : "", r->id_len[row] + 1);
        r->id[row] = p;
        p += r->id_len[row] + 1;
    }
}

static void
rows_clear (Rows *r)
{
    vinv_ovirt_index_clear (&r->index);
    g_free (r->name);
    g_free (r->id);
    g_free (r->name_len);
    g_free (r->id_len);
    g_free (r->pool);
}

static int
row_of (const Join *j, VinvTableKind kind, const char *id)
{
    return vinv_ovirt_index_find (&j->rows[kind].index, id);
}

/* The name of @row of @kind, or NULL. */
static const char *
name_of (const Join *j, VinvTableKind kind, int row)
{
    return row >= 0 ? j->rows[kind].name[row] : NULL;
}

static const char *
cell_string (const Join *j, VinvTableKind kind, int row, guint col)
{
    if (row < 0)
        return NULL;
    const VinvCell *c = vinv_table_get_cell (j->t[kind], (guint) row, col);
    return c->kind == VINV_CELL_STRING ? c->v.s : NULL;
}

/* ---- groups ----------------------------------------------------------------------- */

/* Groups @n members by owner, where owner_of[i] is the owner row of member
 * i (or -1). */
static void
groups_build (Groups *g, guint n_owners, int *owner_of, guint n)
{
    g->key = owner_of;
    g->start = g_new0 (guint, n_owners + 2);
    g->members = g_new (guint, MAX (n, 1));
    for (guint i = 0; i < n; i++) {
        if (owner_of[i] >= 0)
            g->start[owner_of[i] + 2]++;
    }
    for (guint o = 0; o < n_owners; o++)
        g->start[o + 2] += g->start[o + 1];
    /* start[o + 1] is now where owner o's members begin; filling advances it
     * to where they end, which is start[o + 1] of the final layout */
    for (guint i = 0; i < n; i++) {
        if (owner_of[i] >= 0)
            g->members[g->start[owner_of[i] + 1]++] = i;
    }
}

static void
groups_clear (Groups *g)
{
    g_clear_pointer (&g->start, g_free);
    g_clear_pointer (&g->members, g_free);
    g_clear_pointer (&g->key, g_free);
}

#define GROUP_FOREACH(g, owner, var) \
    for (guint var##_k = (g)->start[(owner)], var; \
         var##_k < (g)->start[(owner) + 1] && ((var = (g)->members[var##_k]), TRUE); \
         var##_k++)

static int *
owners_buffer (guint n)
{
    return g_new (int, MAX (n, 1));
}

/* Groups the rows of @member_kind by the row of @owner_kind their links
 * name in the field at @field_offset. */
static void
group_rows (Join *j, Groups *g, VinvTableKind owner_kind, VinvTableKind member_kind,
            gsize field_offset)
{
    guint n = j->n[member_kind];
    int *owner_of = owners_buffer (n);
    for (guint i = 0; i < n; i++) {
        const char *id = G_STRUCT_MEMBER (const char *, &j->links[member_kind][i], field_offset);
        owner_of[i] = row_of (j, owner_kind, id);
    }
    groups_build (g, j->n[owner_kind], owner_of, n);
}

#define LINK(field) G_STRUCT_OFFSET (VinvOvirtLinks, field)

/* Groups the pairs of @pk by the row of @owner_kind named by their owner
 * (by_item FALSE) or item (by_item TRUE). */
static void
group_pairs (Join *j, Groups *g, VinvPairKind pk, VinvTableKind owner_kind, gboolean by_item)
{
    guint n = j->n_pairs[pk];
    int *owner_of = owners_buffer (n);
    for (guint i = 0; i < n; i++) {
        const VinvOvirtPair *p = &j->pairs[pk][i];
        owner_of[i] = row_of (j, owner_kind, by_item ? p->item : p->owner);
    }
    groups_build (g, j->n[owner_kind], owner_of, n);
}

/* ---- building cells ------------------------------------------------------------------ */

/* Sets reference @col of @row to the row @id of @target: its name, or
 * its id when it has none or is missing. */
static void
set_ref (Join *j, VinvTableKind kind, guint row, guint col, VinvTableKind target,
         const char *id)
{
    if (id == NULL)
        return;
    int r = row_of (j, target, id);
    if (r < 0) {
        gsize len = strlen (id);
        vinv_table_set_ref_len (j->t[kind], row, col, id, len, id, len);
        return;
    }
    const Rows *t = &j->rows[target];
    const char *name = t->name[r];
    vinv_table_set_ref_len (j->t[kind], row, col, name != NULL ? name : t->id[r],
                            name != NULL ? t->name_len[r] : t->id_len[r], t->id[r], t->id_len[r]);
}

static void
items_begin (Join *j)
{
    j->items.n = 0;
    j->epoch++;
}

static inline void
items_push (Join *j, const char *text, guint32 text_len, const char *id, guint32 id_len)
{
    Items *it = &j->items;
    if (it->n == it->size) {
        it->size = MAX (2 * it->size, 64);
        it->v = g_renew (VinvItem, it->v, it->size);
        it->lens = g_renew (guint32, it->lens, 2 * it->size);
    }
    it->v[it->n] = (VinvItem) { text, id };
    it->lens[2 * it->n] = text_len;
    it->lens[2 * it->n + 1] = id_len;
    it->n++;
}

/* Adds the row @id of @target, which is @row (-1: missing), to the list
 * being built, once. */
static void
items_add_row (Join *j, VinvTableKind target, int row, const char *id)
{
    if (id == NULL)
        return;
    if (row >= 0) {
        if (j->stamp[target][row] == j->epoch)
            return;
        j->stamp[target][row] = j->epoch;
        const Rows *t = &j->rows[target];
        const char *name = t->name[row];
        items_push (j, name != NULL ? name : t->id[row],
                    name != NULL ? t->name_len[row] : t->id_len[row], t->id[row],
                    t->id_len[row]);
        return;
    }
    /* a missing row: its id as text, once (ids are interned) */
    for (guint i = 0; i < j->items.n; i++) {
        if (j->items.v[i].id == id)
            return;
    }
    gsize len = strlen (id);
    items_push (j, id, len, id, len);
}

/* Adds the row @id of @target to the list being built, once. */
static void
items_add (Join *j, VinvTableKind target, const char *id)
{
    items_add_row (j, target, row_of (j, target, id), id);
}

/* Adds row @row of @target itself. */
static void
items_add_member (Join *j, VinvTableKind target, guint row)
{
    const char *id = j->links[target][row].id;
    items_add_row (j, target, j->rows[target].unique ? (int) row : row_of (j, target, id), id);
}

static void
items_add_text (Join *j, const char *text)
{
    if (text == NULL)
        text = "";
    items_push (j, text, strlen (text), NULL, 0);
}

/* Sets the list built since items_begin() when @known, else leaves the
 * cell null. */
static void
items_set (Join *j, VinvTableKind kind, guint row, guint col, gboolean known)
{
    if (known)
        vinv_table_set_list_len (j->t[kind], row, col, j->items.v, j->items.lens, j->items.n);
}

static const VinvCell *
cell (const Join *j, VinvTableKind kind, guint row, guint col)
{
    return vinv_table_get_cell (j->t[kind], row, col);
}

/* ---- per table ----------------------------------------------------------------------- */

typedef struct {
    Groups vm_nics, vm_snaps, vm_disks, disk_vms, disk_sds, sd_disks, tpl_disks, disk_tpls;
    Groups host_vms, host_nics, cluster_hosts, cluster_vms, cluster_tpls, cluster_nets;
    Groups net_clusters, dc_clusters, dc_nets, dc_sds, sd_dc_status, sd_dcs, dc_sds_own;
    Groups net_profiles, profile_vmnics, net_hostnics, tpl_nics, profile_tplnics, tpl_vms;
    Groups vm_ips, bond_slaves, slave_bonds;
} AllGroups;

static void
build_groups (Join *j, AllGroups *g)
{
    group_rows (j, &g->vm_nics, VINV_TABLE_VM, VINV_TABLE_VMNIC, LINK (vm));
    group_rows (j, &g->vm_snaps, VINV_TABLE_VM, VINV_TABLE_SNAP, LINK (vm));
    group_rows (j, &g->host_vms, VINV_TABLE_HOST, VINV_TABLE_VM, LINK (host));
    group_rows (j, &g->host_nics, VINV_TABLE_HOST, VINV_TABLE_HOSTNIC, LINK (host));
    group_rows (j, &g->cluster_hosts, VINV_TABLE_CLUSTER, VINV_TABLE_HOST, LINK (cluster));
    group_rows (j, &g->cluster_vms, VINV_TABLE_CLUSTER, VINV_TABLE_VM, LINK (cluster));
    group_rows (j, &g->cluster_tpls, VINV_TABLE_CLUSTER, VINV_TABLE_TEMPLATE, LINK (cluster));
    group_rows (j, &g->dc_clusters, VINV_TABLE_DC, VINV_TABLE_CLUSTER, LINK (dc));
    group_rows (j, &g->dc_nets, VINV_TABLE_DC, VINV_TABLE_NET, LINK (dc));
    group_rows (j, &g->net_profiles, VINV_TABLE_NET, VINV_TABLE_PROFILE, LINK (network));
    group_rows (j, &g->profile_vmnics, VINV_TABLE_PROFILE, VINV_TABLE_VMNIC, LINK (profile));
    group_rows (j, &g->net_hostnics, VINV_TABLE_NET, VINV_TABLE_HOSTNIC, LINK (network));
    group_rows (j, &g->tpl_vms, VINV_TABLE_TEMPLATE, VINV_TABLE_VM, LINK (template));
    group_pairs (j, &g->vm_disks, VINV_PAIR_VM_DISK, VINV_TABLE_VM, FALSE);
    group_pairs (j, &g->disk_vms, VINV_PAIR_VM_DISK, VINV_TABLE_DISK, TRUE);
    group_pairs (j, &g->disk_sds, VINV_PAIR_DISK_SD, VINV_TABLE_DISK, FALSE);
    group_pairs (j, &g->sd_disks, VINV_PAIR_DISK_SD, VINV_TABLE_SD, TRUE);
    group_pairs (j, &g->tpl_disks, VINV_PAIR_TEMPLATE_DISK, VINV_TABLE_TEMPLATE, FALSE);
    group_pairs (j, &g->disk_tpls, VINV_PAIR_TEMPLATE_DISK, VINV_TABLE_DISK, TRUE);
    group_pairs (j, &g->cluster_nets, VINV_PAIR_CLUSTER_NET, VINV_TABLE_CLUSTER, FALSE);
    group_pairs (j, &g->net_clusters, VINV_PAIR_CLUSTER_NET, VINV_TABLE_NET, TRUE);
    group_pairs (j, &g->dc_sds, VINV_PAIR_DC_SD, VINV_TABLE_DC, FALSE);
    group_pairs (j, &g->sd_dc_status, VINV_PAIR_DC_SD, VINV_TABLE_SD, TRUE);
    group_pairs (j, &g->sd_dcs, VINV_PAIR_SD_DC, VINV_TABLE_SD, FALSE);
    group_pairs (j, &g->dc_sds_own, VINV_PAIR_SD_DC, VINV_TABLE_DC, TRUE);
    group_pairs (j, &g->tpl_nics, VINV_PAIR_TEMPLATE_NIC, VINV_TABLE_TEMPLATE, FALSE);
    group_pairs (j, &g->profile_tplnics, VINV_PAIR_TEMPLATE_NIC, VINV_TABLE_PROFILE, TRUE);
    group_pairs (j, &g->vm_ips, VINV_PAIR_GUEST_IP, VINV_TABLE_VM, FALSE);
    group_pairs (j, &g->bond_slaves, VINV_PAIR_BOND_SLAVE, VINV_TABLE_HOSTNIC, FALSE);
    group_pairs (j, &g->slave_bonds, VINV_PAIR_BOND_SLAVE, VINV_TABLE_HOSTNIC, TRUE);
}

static void
clear_groups (AllGroups *g)
{
    Groups *all = (Groups *) g;
    for (gsize i = 0; i < sizeof *g / sizeof (Groups); i++)
        groups_clear (&all[i]);
}

/* The network id of vNIC profile @profile_id, or NULL. */
static const char *
profile_network (const Join *j, const char *profile_id)
{
    int p = row_of (j, VINV_TABLE_PROFILE, profile_id);
    return p >= 0 ? j->links[VINV_TABLE_PROFILE][p].network : NULL;
}

static const char *
cluster_dc (const Join *j, const char *cluster_id)
{
    int c = row_of (j, VINV_TABLE_CLUSTER, cluster_id);
    return c >= 0 ? j->links[VINV_TABLE_CLUSTER][c].dc : NULL;
}

/* Adds the storage domains of disk row @d (-1: missing). */
static void
add_disk_sds (Join *j, const AllGroups *g, int d)
{
    if (d < 0)
        return;
    GROUP_FOREACH (&g->disk_sds, (guint) d, i)
        items_add_row (j, VINV_TABLE_SD, g->sd_disks.key[i], j->pairs[VINV_PAIR_DISK_SD][i].item);
}

/* Sums quantity column @col of the VM NICs in @nics of VM @vm; FALSE when
 * none has a value. */
static gboolean
sum_nics (const Join *j, const Groups *nics, guint vm, guint col, double *sum)
{
    gboolean any = FALSE;
    *sum = 0;
    GROUP_FOREACH (nics, vm, n) {
        const VinvCell *c = cell (j, VINV_TABLE_VMNIC, n, col);
        if (c->kind == VINV_CELL_QUANTITY) {
            *sum += c->v.d;
            any = TRUE;
        }
    }
    return any;
}

static void
join_vms (Join *j, const AllGroups *g)
{
    static const guint nic_cols[][2] = {
        { VINV_VMNIC_RX_RATE, VINV_VM_NET_RX_RATE },
        { VINV_VMNIC_TX_RATE, VINV_VM_NET_TX_RATE },
        { VINV_VMNIC_RX_TOTAL, VINV_VM_NET_RX_BYTES },
        { VINV_VMNIC_TX_TOTAL, VINV_VM_NET_TX_BYTES },
    };
    const VinvTableKind K = VINV_TABLE_VM;

    for (guint vm = 0; vm < j->n[K]; vm++) {
        const VinvOvirtLinks *l = &j->links[K][vm];
        int cl = row_of (j, VINV_TABLE_CLUSTER, l->cluster);

        set_ref (j, K, vm, VINV_VM_CLUSTER, VINV_TABLE_CLUSTER, l->cluster);
        const char *cversion = cell_string (j, VINV_TABLE_CLUSTER, cl, VINV_CLUSTER_VERSION);
        if (cversion != NULL) {
            vinv_table_set_string (j->t[K], vm, VINV_VM_CLUSTER_VERSION, cversion);
            if (cell (j, K, vm, VINV_VM_COMPATIBILITY_VERSION)->kind == VINV_CELL_NULL)
                vinv_table_set_string (j->t[K], vm, VINV_VM_COMPATIBILITY_VERSION, cversion);
        }
        set_ref (j, K, vm, VINV_VM_DATA_CENTER, VINV_TABLE_DC, cluster_dc (j, l->cluster));
        set_ref (j, K, vm, VINV_VM_HOST, VINV_TABLE_HOST, l->host);
        set_ref (j, K, vm, VINV_VM_TEMPLATE, VINV_TABLE_TEMPLATE, l->template);
        if (l->pool != NULL) {
            const char *pool = g_hash_table_lookup (j->pool_names, l->pool);
            vinv_table_set_string (j->t[K], vm, VINV_VM_POOL, pool != NULL ? pool : l->pool);
        }

        items_begin (j);
        GROUP_FOREACH (&g->vm_disks, vm, p)
            items_add_row (j, VINV_TABLE_DISK, g->disk_vms.key[p],
                           j->pairs[VINV_PAIR_VM_DISK][p].item);
        items_set (j, K, vm, VINV_VM_DISKS, j->ok[K]);

        items_begin (j);
        GROUP_FOREACH (&g->vm_disks, vm, p)
            add_disk_sds (j, g, g->disk_vms.key[p]);
        items_set (j, K, vm, VINV_VM_STORAGE_DOMAINS, j->ok[K] && j->ok[VINV_TABLE_DISK]);

        items_begin (j);
        GROUP_FOREACH (&g->vm_nics, vm, n)
            items_add_member (j, VINV_TABLE_VMNIC, n);
        items_set (j, K, vm, VINV_VM_NICS, j->ok[VINV_TABLE_VMNIC]);

        items_begin (j);
        GROUP_FOREACH (&g->vm_nics, vm, n)
            items_add (j, VINV_TABLE_NET,
                       profile_network (j, j->links[VINV_TABLE_VMNIC][n].profile));
        items_set (j, K, vm, VINV_VM_NETWORKS,
                   j->ok[VINV_TABLE_VMNIC] && j->ok[VINV_TABLE_PROFILE]);

        items_begin (j);
        GROUP_FOREACH (&g->vm_snaps, vm, s)
            items_add_member (j, VINV_TABLE_SNAP, s);
        items_set (j, K, vm, VINV_VM_SNAPSHOTS, j->ok[VINV_TABLE_SNAP]);

        /* guest-reported IPs; an empty list when the devices were asked
         * for and none came */
        items_begin (j);
        GROUP_FOREACH (&g->vm_ips, vm, p)
            items_add_text (j, j->pairs[VINV_PAIR_GUEST_IP][p].info1);
        items_set (j, K, vm, VINV_VM_IP_ADDRESSES,
                   j->items.n > 0 || (j->load->guest_ips && j->ok[K]));

        /* network use summed over the VM's NICs; 0 for a VM without NICs */
        for (guint c = 0; c < G_N_ELEMENTS (nic_cols); c++) {
            double sum;
            if (sum_nics (j, &g->vm_nics, vm, nic_cols[c][0], &sum)
                || (j->ok[VINV_TABLE_VMNIC] && g->vm_nics.start[vm] == g->vm_nics.start[vm + 1]))
                vinv_table_set_quantity (j->t[K], vm, nic_cols[c][1], sum);
        }
    }
}

static void
join_hosts (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_HOST;

    for (guint h = 0; h < j->n[K]; h++) {
        const VinvOvirtLinks *l = &j->links[K][h];
        set_ref (j, K, h, VINV_HOST_CLUSTER, VINV_TABLE_CLUSTER, l->cluster);
        set_ref (j, K, h, VINV_HOST_DATA_CENTER, VINV_TABLE_DC, cluster_dc (j, l->cluster));

        items_begin (j);
        GROUP_FOREACH (&g->host_vms, h, v)
            items_add_member (j, VINV_TABLE_VM, v);
        items_set (j, K, h, VINV_HOST_VMS, j->ok[VINV_TABLE_VM]);
        if (cell (j, K, h, VINV_HOST_RUNNING_VMS)->kind == VINV_CELL_NULL && j->ok[VINV_TABLE_VM])
            vinv_table_set_int (j->t[K], h, VINV_HOST_RUNNING_VMS, j->items.n);

        items_begin (j);
        GROUP_FOREACH (&g->host_nics, h, n)
            items_add_member (j, VINV_TABLE_HOSTNIC, n);
        items_set (j, K, h, VINV_HOST_NICS, j->ok[VINV_TABLE_HOSTNIC]);

        items_begin (j);
        GROUP_FOREACH (&g->host_nics, h, n)
            items_add_row (j, VINV_TABLE_NET, g->net_hostnics.key[n],
                           j->links[VINV_TABLE_HOSTNIC][n].network);
        items_set (j, K, h, VINV_HOST_NETWORKS, j->ok[VINV_TABLE_HOSTNIC]);
    }
}

static void
join_disks (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_DISK;

    for (guint d = 0; d < j->n[K]; d++) {
        items_begin (j);
        GROUP_FOREACH (&g->disk_vms, d, p)
            items_add_row (j, VINV_TABLE_VM, g->vm_disks.key[p],
                           j->pairs[VINV_PAIR_VM_DISK][p].owner);
        items_set (j, K, d, VINV_DISK_VMS, j->ok[VINV_TABLE_VM]);

        /* bootable and interface are attributes of the first attachment */
        if (g->disk_vms.start[d] < g->disk_vms.start[d + 1]) {
            const VinvOvirtPair *p = &j->pairs[VINV_PAIR_VM_DISK][g->disk_vms.members
                                                                  [g->disk_vms.start[d]]];
            if (p->info1 != NULL)
                vinv_table_set_bool (j->t[K], d, VINV_DISK_BOOTABLE,
                                     g_str_equal (p->info1, "true"));
            if (p->info2 != NULL)
                vinv_table_set_string (j->t[K], d, VINV_DISK_INTERFACE, p->info2);
        }

        items_begin (j);
        GROUP_FOREACH (&g->disk_sds, d, p)
            items_add_row (j, VINV_TABLE_SD, g->sd_disks.key[p],
                           j->pairs[VINV_PAIR_DISK_SD][p].item);
        items_set (j, K, d, VINV_DISK_STORAGE_DOMAINS, j->ok[K]);

        GROUP_FOREACH (&g->disk_tpls, d, p) {
            set_ref (j, K, d, VINV_DISK_TEMPLATE, VINV_TABLE_TEMPLATE,
                     j->pairs[VINV_PAIR_TEMPLATE_DISK][p].owner);
            break;
        }
    }
}

static void
join_sds (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_SD;

    for (guint s = 0; s < j->n[K]; s++) {
        /* an attached domain's status is only known inside its data center */
        GROUP_FOREACH (&g->sd_dc_status, s, p) {
            const VinvOvirtPair *pair = &j->pairs[VINV_PAIR_DC_SD][p];
            if (pair->info1 != NULL && cell (j, K, s, VINV_SD_STATUS)->kind == VINV_CELL_NULL)
                vinv_table_set_string (j->t[K], s, VINV_SD_STATUS, pair->info1);
            break;
        }
        const char *dc = NULL;
        GROUP_FOREACH (&g->sd_dcs, s, p) {
            dc = j->pairs[VINV_PAIR_SD_DC][p].item;
            break;
        }
        if (dc == NULL) {
            GROUP_FOREACH (&g->sd_dc_status, s, p) {
                dc = j->pairs[VINV_PAIR_DC_SD][p].owner;
                break;
            }
        }
        set_ref (j, K, s, VINV_SD_DATA_CENTER, VINV_TABLE_DC, dc);

        items_begin (j);
        GROUP_FOREACH (&g->sd_disks, s, p)
            items_add_row (j, VINV_TABLE_DISK, g->disk_sds.key[p],
                           j->pairs[VINV_PAIR_DISK_SD][p].owner);
        items_set (j, K, s, VINV_SD_DISKS, j->ok[VINV_TABLE_DISK]);

        items_begin (j);
        GROUP_FOREACH (&g->sd_disks, s, p) {
            int d = g->disk_sds.key[p];
            if (d < 0)
                continue;
            GROUP_FOREACH (&g->disk_vms, (guint) d, q)
                items_add_row (j, VINV_TABLE_VM, g->vm_disks.key[q],
                               j->pairs[VINV_PAIR_VM_DISK][q].owner);
        }
        items_set (j, K, s, VINV_SD_VMS, j->ok[VINV_TABLE_DISK] && j->ok[VINV_TABLE_VM]);

        items_begin (j);
        GROUP_FOREACH (&g->sd_disks, s, p) {
            int d = g->disk_sds.key[p];
            if (d < 0)
                continue;
            GROUP_FOREACH (&g->disk_tpls, (guint) d, q)
                items_add_row (j, VINV_TABLE_TEMPLATE, g->tpl_disks.key[q],
                               j->pairs[VINV_PAIR_TEMPLATE_DISK][q].owner);
        }
        items_set (j, K, s, VINV_SD_TEMPLATES,
                   j->ok[VINV_TABLE_DISK] && j->ok[VINV_TABLE_TEMPLATE]);
    }
}

static void
join_clusters (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_CLUSTER;

    for (guint c = 0; c < j->n[K]; c++) {
        set_ref (j, K, c, VINV_CLUSTER_DATA_CENTER, VINV_TABLE_DC, j->links[K][c].dc);

        items_begin (j);
        GROUP_FOREACH (&g->cluster_hosts, c, h)
            items_add_member (j, VINV_TABLE_HOST, h);
        items_set (j, K, c, VINV_CLUSTER_HOSTS, j->ok[VINV_TABLE_HOST]);

        items_begin (j);
        GROUP_FOREACH (&g->cluster_vms, c, v)
            items_add_member (j, VINV_TABLE_VM, v);
        items_set (j, K, c, VINV_CLUSTER_VMS, j->ok[VINV_TABLE_VM]);

        items_begin (j);
        GROUP_FOREACH (&g->cluster_nets, c, p)
            items_add_row (j, VINV_TABLE_NET, g->net_clusters.key[p],
                           j->pairs[VINV_PAIR_CLUSTER_NET][p].item);
        items_set (j, K, c, VINV_CLUSTER_NETWORKS, j->ok[K]);

        items_begin (j);
        GROUP_FOREACH (&g->cluster_tpls, c, t)
            items_add_member (j, VINV_TABLE_TEMPLATE, t);
        items_set (j, K, c, VINV_CLUSTER_TEMPLATES, j->ok[VINV_TABLE_TEMPLATE]);
    }
}

static void
join_dcs (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_DC;

    for (guint d = 0; d < j->n[K]; d++) {
        /* storage domains from the data center's own list; else from the
         * domains' data_centers references */
        items_begin (j);
        GROUP_FOREACH (&g->dc_sds, d, p)
            items_add_row (j, VINV_TABLE_SD, g->sd_dc_status.key[p],
                           j->pairs[VINV_PAIR_DC_SD][p].item);
        GROUP_FOREACH (&g->dc_sds_own, d, p)
            items_add_row (j, VINV_TABLE_SD, g->sd_dcs.key[p],
                           j->pairs[VINV_PAIR_SD_DC][p].owner);
        items_set (j, K, d, VINV_DC_STORAGE_DOMAINS, j->ok[K] || j->ok[VINV_TABLE_SD]);

        items_begin (j);
        GROUP_FOREACH (&g->dc_nets, d, n)
            items_add_member (j, VINV_TABLE_NET, n);
        items_set (j, K, d, VINV_DC_NETWORKS, j->ok[VINV_TABLE_NET]);

        items_begin (j);
        GROUP_FOREACH (&g->dc_clusters, d, c)
            items_add_member (j, VINV_TABLE_CLUSTER, c);
        items_set (j, K, d, VINV_DC_CLUSTERS, j->ok[VINV_TABLE_CLUSTER]);

        items_begin (j);
        GROUP_FOREACH (&g->dc_clusters, d, c) {
            GROUP_FOREACH (&g->cluster_tpls, c, t)
                items_add_member (j, VINV_TABLE_TEMPLATE, t);
        }
        items_set (j, K, d, VINV_DC_TEMPLATES,
                   j->ok[VINV_TABLE_CLUSTER] && j->ok[VINV_TABLE_TEMPLATE]);
    }
}

static void
join_networks (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_NET;
    gboolean vm_nics_ok = j->ok[VINV_TABLE_PROFILE] && j->ok[VINV_TABLE_VMNIC];

    for (guint n = 0; n < j->n[K]; n++) {
        set_ref (j, K, n, VINV_NET_DATA_CENTER, VINV_TABLE_DC, j->links[K][n].dc);

        items_begin (j);
        GROUP_FOREACH (&g->net_profiles, n, p)
            items_add_member (j, VINV_TABLE_PROFILE, p);
        items_set (j, K, n, VINV_NET_VNIC_PROFILES, j->ok[VINV_TABLE_PROFILE]);

        items_begin (j);
        GROUP_FOREACH (&g->net_clusters, n, p)
            items_add_row (j, VINV_TABLE_CLUSTER, g->cluster_nets.key[p],
                           j->pairs[VINV_PAIR_CLUSTER_NET][p].owner);
        items_set (j, K, n, VINV_NET_CLUSTERS, j->ok[VINV_TABLE_CLUSTER]);

        items_begin (j);
        GROUP_FOREACH (&g->net_hostnics, n, h)
            items_add_row (j, VINV_TABLE_HOST, g->host_nics.key[h],
                           j->links[VINV_TABLE_HOSTNIC][h].host);
        items_set (j, K, n, VINV_NET_HOSTS, j->ok[VINV_TABLE_HOSTNIC]);

        items_begin (j);
        GROUP_FOREACH (&g->net_profiles, n, p) {
            GROUP_FOREACH (&g->profile_vmnics, p, v)
                items_add_row (j, VINV_TABLE_VM, g->vm_nics.key[v],
                               j->links[VINV_TABLE_VMNIC][v].vm);
        }
        items_set (j, K, n, VINV_NET_VMS, vm_nics_ok);

        items_begin (j);
        GROUP_FOREACH (&g->net_profiles, n, p) {
            GROUP_FOREACH (&g->profile_vmnics, p, v)
                items_add_member (j, VINV_TABLE_VMNIC, v);
        }
        items_set (j, K, n, VINV_NET_NICS, vm_nics_ok);

        items_begin (j);
        GROUP_FOREACH (&g->net_profiles, n, p) {
            GROUP_FOREACH (&g->profile_tplnics, p, t)
                items_add_row (j, VINV_TABLE_TEMPLATE, g->tpl_nics.key[t],
                               j->pairs[VINV_PAIR_TEMPLATE_NIC][t].owner);
        }
        items_set (j, K, n, VINV_NET_TEMPLATES,
                   j->ok[VINV_TABLE_PROFILE] && j->ok[VINV_TABLE_TEMPLATE]);
    }
}

static void
join_profiles (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_PROFILE;

    for (guint p = 0; p < j->n[K]; p++) {
        const char *net = j->links[K][p].network;
        int net_row = row_of (j, VINV_TABLE_NET, net);
        set_ref (j, K, p, VINV_PROFILE_NETWORK, VINV_TABLE_NET, net);
        if (net_row >= 0)
            set_ref (j, K, p, VINV_PROFILE_DATA_CENTER, VINV_TABLE_DC,
                     j->links[VINV_TABLE_NET][net_row].dc);

        items_begin (j);
        GROUP_FOREACH (&g->profile_vmnics, p, v)
            items_add_row (j, VINV_TABLE_VM, g->vm_nics.key[v], j->links[VINV_TABLE_VMNIC][v].vm);
        items_set (j, K, p, VINV_PROFILE_VMS, j->ok[VINV_TABLE_VMNIC]);

        items_begin (j);
        GROUP_FOREACH (&g->profile_vmnics, p, v)
            items_add_member (j, VINV_TABLE_VMNIC, v);
        items_set (j, K, p, VINV_PROFILE_NICS, j->ok[VINV_TABLE_VMNIC]);

        items_begin (j);
        GROUP_FOREACH (&g->profile_tplnics, p, t)
            items_add_row (j, VINV_TABLE_TEMPLATE, g->tpl_nics.key[t],
                           j->pairs[VINV_PAIR_TEMPLATE_NIC][t].owner);
        items_set (j, K, p, VINV_PROFILE_TEMPLATES, j->ok[VINV_TABLE_TEMPLATE]);

        items_begin (j);
        if (net_row >= 0) {
            GROUP_FOREACH (&g->net_hostnics, (guint) net_row, h)
                items_add_row (j, VINV_TABLE_HOST, g->host_nics.key[h],
                               j->links[VINV_TABLE_HOSTNIC][h].host);
        }
        items_set (j, K, p, VINV_PROFILE_HOSTS,
                   j->ok[VINV_TABLE_HOSTNIC] && j->ok[VINV_TABLE_NET]);
    }
}

static void
join_templates (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_TEMPLATE;

    for (guint t = 0; t < j->n[K]; t++) {
        const char *cluster = j->links[K][t].cluster;
        set_ref (j, K, t, VINV_TEMPLATE_CLUSTER, VINV_TABLE_CLUSTER, cluster);
        set_ref (j, K, t, VINV_TEMPLATE_DATA_CENTER, VINV_TABLE_DC, cluster_dc (j, cluster));

        items_begin (j);
        GROUP_FOREACH (&g->tpl_vms, t, v)
            items_add_member (j, VINV_TABLE_VM, v);
        items_set (j, K, t, VINV_TEMPLATE_VMS, j->ok[VINV_TABLE_VM]);

        items_begin (j);
        GROUP_FOREACH (&g->tpl_nics, t, n) {
            const char *name = j->pairs[VINV_PAIR_TEMPLATE_NIC][n].info1;
            items_add_text (j, name != NULL ? name : "");
        }
        items_set (j, K, t, VINV_TEMPLATE_NICS, j->ok[K]);

        items_begin (j);
        GROUP_FOREACH (&g->tpl_disks, t, p)
            items_add_row (j, VINV_TABLE_DISK, g->disk_tpls.key[p],
                           j->pairs[VINV_PAIR_TEMPLATE_DISK][p].item);
        items_set (j, K, t, VINV_TEMPLATE_DISKS, j->ok[K]);

        items_begin (j);
        GROUP_FOREACH (&g->tpl_nics, t, n)
            items_add (j, VINV_TABLE_NET,
                       profile_network (j, j->pairs[VINV_PAIR_TEMPLATE_NIC][n].item));
        items_set (j, K, t, VINV_TEMPLATE_NETWORKS, j->ok[K] && j->ok[VINV_TABLE_PROFILE]);

        items_begin (j);
        GROUP_FOREACH (&g->tpl_disks, t, p)
            add_disk_sds (j, g, g->disk_tpls.key[p]);
        items_set (j, K, t, VINV_TEMPLATE_STORAGE_DOMAINS, j->ok[K] && j->ok[VINV_TABLE_DISK]);
    }
}

static void
join_vm_nics (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_VMNIC;

    for (guint n = 0; n < j->n[K]; n++) {
        const VinvOvirtLinks *l = &j->links[K][n];
        int vm = row_of (j, VINV_TABLE_VM, l->vm);
        set_ref (j, K, n, VINV_VMNIC_VM, VINV_TABLE_VM, l->vm);
        set_ref (j, K, n, VINV_VMNIC_VNIC_PROFILE, VINV_TABLE_PROFILE, l->profile);
        set_ref (j, K, n, VINV_VMNIC_NETWORK, VINV_TABLE_NET, profile_network (j, l->profile));
        if (vm >= 0)
            set_ref (j, K, n, VINV_VMNIC_HOST, VINV_TABLE_HOST, j->links[VINV_TABLE_VM][vm].host);

        items_begin (j);
        if (vm >= 0 && l->mac != NULL) {
            GROUP_FOREACH (&g->vm_ips, (guint) vm, p) {
                const VinvOvirtPair *pair = &j->pairs[VINV_PAIR_GUEST_IP][p];
                if (pair->item != NULL && g_ascii_strcasecmp (pair->item, l->mac) == 0)
                    items_add_text (j, pair->info1);
            }
        }
        items_set (j, K, n, VINV_VMNIC_IP_ADDRESSES,
                   j->items.n > 0 || (j->load->guest_ips && j->ok[VINV_TABLE_VM]));
    }
}

static void
join_host_nics (Join *j, const AllGroups *g)
{
    const VinvTableKind K = VINV_TABLE_HOSTNIC;

    for (guint n = 0; n < j->n[K]; n++) {
        const VinvOvirtLinks *l = &j->links[K][n];
        set_ref (j, K, n, VINV_HOSTNIC_HOST, VINV_TABLE_HOST, l->host);
        set_ref (j, K, n, VINV_HOSTNIC_NETWORK, VINV_TABLE_NET, l->network);

        /* a bond shows its slaves, a slave its bond */
        g_autoptr (GString) bond = g_string_new (NULL);
        GROUP_FOREACH (&g->bond_slaves, n, p) {
            int s = row_of (j, K, j->pairs[VINV_PAIR_BOND_SLAVE][p].item);
            const char *name = name_of (j, K, s);
            if (bond->len > 0)
                g_string_append (bond, ", ");
            g_string_append (bond, name != NULL ? name : j->pairs[VINV_PAIR_BOND_SLAVE][p].item);
        }
        GROUP_FOREACH (&g->slave_bonds, n, p) {
            int b = row_of (j, K, j->pairs[VINV_PAIR_BOND_SLAVE][p].owner);
            const char *name = name_of (j, K, b);
            if (bond->len > 0)
                g_string_append (bond, ", ");
            g_string_append (bond, name != NULL ? name : j->pairs[VINV_PAIR_BOND_SLAVE][p].owner);
        }
        if (bond->len > 0)
            vinv_table_set_string (j->t[K], n, VINV_HOSTNIC_BOND, bond->str);
    }
}

static void
join_snapshots (Join *j)
{
    const VinvTableKind K = VINV_TABLE_SNAP;
    for (guint s = 0; s < j->n[K]; s++)
        set_ref (j, K, s, VINV_SNAP_VM, VINV_TABLE_VM, j->links[K][s].vm);
}

/* The join of every table but VMs, VM NICs and snapshots, with a Join of
 * its own (stamps, epoch and items; the rest is shared and only read), so
 * that it may run beside them on another thread.  Each half writes the
 * cells of its own tables only, and reads no cell the other half writes
 * (VMs read their clusters' version, which the clusters' join leaves
 * alone). */
typedef struct {
    Join j;
    const AllGroups *g;
} Half;

#define MIN_ROWS_FOR_THREAD 20000

static void
half_init (Half *h)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        h->j.stamp[k] = g_new0 (guint, MAX (h->j.n[k], 1));
    h->j.epoch = 0;
    h->j.items = (Items) { 0 };
}

static void
half_clear (Half *h)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_free (h->j.stamp[k]);
    g_free (h->j.items.v);
    g_free (h->j.items.lens);
}

static void
join_other_tables (Join *j, const AllGroups *g)
{
    join_hosts (j, g);
    join_disks (j, g);
    join_sds (j, g);
    join_clusters (j, g);
    join_dcs (j, g);
    join_networks (j, g);
    join_profiles (j, g);
    join_templates (j, g);
    join_host_nics (j, g);
    vinv_ovirt_trace (j->load, "join: the other tables");
}

static gpointer
half_main (gpointer data)
{
    Half *h = data;
    join_other_tables (&h->j, h->g);
    return NULL;
}

void
vinv_ovirt_join (VinvOvirtLoad *load)
{
    Join j = { .load = load };
    AllGroups g = { 0 };
    VinvOvirtStore *store = &load->store;

    vinv_ovirt_join_canonical_order (store);
    vinv_ovirt_trace (load, "join: canonical order");
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        j.t[k] = vinv_ovirt_store_table (store, k);
        j.links[k] = vinv_ovirt_store_links (store, k, &j.n[k]);
        j.ok[k] = vinv_table_get_error (j.t[k]) == NULL;
        rows_build (&j.rows[k], j.t[k], j.links[k], j.n[k], name_column[k]);
        j.stamp[k] = g_new0 (guint, MAX (j.n[k], 1));
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++)
        j.pairs[p] = vinv_ovirt_store_pairs (store, p, &j.n_pairs[p]);
    j.pool_names = g_hash_table_new (g_direct_hash, g_direct_equal);
    for (guint i = 0; i < j.n_pairs[VINV_PAIR_POOL]; i++) {
        const VinvOvirtPair *p = &j.pairs[VINV_PAIR_POOL][i];
        if (p->info1 != NULL)
            g_hash_table_insert (j.pool_names, (gpointer) p->owner, (gpointer) p->info1);
    }

    vinv_ovirt_trace (load, "join: indexes");
    build_groups (&j, &g);
    vinv_ovirt_trace (load, "join: groups");

    /* the other tables on a second thread, when there are enough rows to
     * pay for it and no interactive front end (a window painting while
     * the tables arrive) needs that core now (VINV_OVIRT_JOIN_THREADS=1
     * or 2 decides, for tests and measurements) */
    guint n_rows = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        n_rows += j.n[k];
    const char *threads = g_getenv ("VINV_OVIRT_JOIN_THREADS");
    gboolean forced = g_strcmp0 (threads, "1") == 0 || g_strcmp0 (threads, "2") == 0;
    gboolean two = forced ? g_strcmp0 (threads, "2") == 0
                          : n_rows >= MIN_ROWS_FOR_THREAD && !load->interactive;
    vinv_ovirt_trace (load, "join: %u rows on %s%s", n_rows, two ? "two threads" : "one thread",
                      !forced && load->interactive ? " (a core left to the interactive front end)"
                      : "");
    Half other = { .j = j, .g = &g };
    /* on a stack wiped after the join (secret.h): it starts with the
     * registers of the session thread, which has just sent requests */
    VinvSecretThread *thread = NULL;
    if (two) {
        half_init (&other);
        thread = vinv_secret_thread_new ("vinv-join", half_main, &other);
    }
    join_vms (&j, &g);
    join_vm_nics (&j, &g);
    join_snapshots (&j);
    vinv_ovirt_trace (load, "join: vms, vm nics, snapshots");
    if (thread != NULL) {
        vinv_secret_thread_join (thread);
        half_clear (&other);
    } else {
        join_other_tables (&j, &g);
    }
    vinv_ovirt_join_mark_unavailable (load);

    clear_groups (&g);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        rows_clear (&j.rows[k]);
        g_free (j.stamp[k]);
    }
    g_hash_table_unref (j.pool_names);
    g_free (j.items.v);
    g_free (j.items.lens);
    vinv_ovirt_trace (load, "join: freed");
}
