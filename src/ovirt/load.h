/* load.h — what one oVirt fetch builds before it hands tables over: rows,
 * the ids they refer to, and the many-to-many relations between them.
 *
 * Shared by the mapping (mapping.c and documents.c: JSON records -> rows,
 * links and pairs), the join (join.c: ids -> reference and list cells) and
 * the fetch plan (fetch-plan.c: which documents to get, and where they go).
 *
 * A store holds one table per kind plus, for every row, the ids it refers
 * to (links[kind][i] belongs to row i of tables[kind]: the two arrays grow
 * together), plus flat arrays of id pairs for many-to-many relations.  A
 * collection request streams into a store of its own (a "batch"), merged
 * into the load's store when the request succeeds and dropped when it
 * fails, so a failed or retried response never leaves half its rows.
 *
 * Every id held here is interned in its store: within a store the same id
 * is the same pointer.  Each store has its own table of interned texts, so
 * the lanes (fetch-lane.c) that parse share nothing and take no lock; a store belongs to one
 * thread at a time.  vinv_ovirt_store_merge() moves the texts with the rows
 * and re-points every link and pair of the source at the destination's
 * instance of its text, so after the last merge equal ids in the load's
 * store are one pointer (the join compares them by pointer).  Interned
 * texts live as long as the store that holds them (or that they were
 * merged into).
 */
#pragma once

#include "core/inventory.h"
#include "json-map.h"

G_BEGIN_DECLS

typedef struct _VinvOvirtStrings VinvOvirtStrings;   /* private (load.c) */

/* The ids a row refers to; NULL when it has no such reference.  Which
 * fields a table uses is noted on each. */
typedef struct {
    const char *id;          /* the row's own id */
    const char *cluster;     /* VMs, hosts, templates */
    const char *dc;          /* clusters, networks */
    const char *host;        /* VMs (while running), host NICs */
    const char *vm;          /* VM NICs, snapshots */
    const char *template;    /* VMs */
    const char *pool;        /* VMs in a pool */
    const char *network;     /* vNIC profiles, host NICs */
    const char *profile;     /* VM NICs */
    const char *mac;         /* VM NICs (to match guest-reported IPs) */
} VinvOvirtLinks;

/* Many-to-many relations, as (owner, item) id pairs with up to two extra
 * texts. */
typedef enum {
    VINV_PAIR_VM_DISK,       /* VM, disk; info1 bootable, info2 interface */
    VINV_PAIR_TEMPLATE_DISK, /* template, disk */
    VINV_PAIR_DISK_SD,       /* disk, storage domain */
    VINV_PAIR_SD_DC,         /* storage domain, data center (from /storagedomains) */
    VINV_PAIR_DC_SD,         /* data center, storage domain; info1 status there */
    VINV_PAIR_CLUSTER_NET,   /* cluster, network */
    VINV_PAIR_TEMPLATE_NIC,  /* template, vNIC profile (or NULL); info1 NIC name */
    VINV_PAIR_GUEST_IP,      /* VM, MAC; info1 an IP address the guest reports */
    VINV_PAIR_BOND_SLAVE,    /* bond host NIC, slave host NIC */
    VINV_PAIR_POOL,          /* VM pool, NULL; info1 its name (no table of its own) */
    VINV_PAIR_LAST
} VinvPairKind;

typedef struct {
    const char *owner;
    const char *item;
    const char *info1;
    const char *info2;
} VinvOvirtPair;

typedef struct {
    VinvTable *tables[VINV_TABLE_LAST];   /* NULL until the first row */
    GArray *links[VINV_TABLE_LAST];       /* of VinvOvirtLinks, or NULL */
    GArray *pairs[VINV_PAIR_LAST];        /* of VinvOvirtPair, or NULL */
    /* What the source is told about the data (see vinv_ovirt_load_notes()):
     * values out of range or malformed, left empty; rows whose id came
     * before in the same collection, dropped.  With the first of each. */
    guint n_rejected;
    char *first_rejected;
    guint n_duplicates;
    char *first_duplicate;
    /* Bit per VinvTableKind whose rows came from stores merged with an id
     * in common (vinv_ovirt_store_merge() keeps both rows): only in such a
     * table can an id be on two rows. */
    guint16 repeated_ids;
    /* The interned texts of this store (load.c), NULL until the first. */
    VinvOvirtStrings *strings;
} VinvOvirtStore;

typedef struct {
    char *source;            /* the Source of every row */
    gint64 now_ms;           /* "now" for ages and uptimes: when the fetch began */
    gboolean guest_ips;      /* guest devices were asked for: VMs and NICs
                              * without IPs get an empty list, not null */
    gboolean pools_failed;   /* the VM pools (which feed no table of their
                              * own) failed: VM Pool is unavailable */
    GPtrArray *notes;        /* of char*: what the fetch had to do otherwise
                              * ("... refused follow=, ..."), one line each */
    VinvOvirtStore store;    /* everything merged so far */
    gint64 start_us;         /* monotonic time of vinv_ovirt_load_init() */
    gboolean interactive;    /* a front end shares the cores
                              * (VinvConnectOptions.interactive): the join
                              * keeps to one thread */
} VinvOvirtLoad;

/* Where the rows of a document go: the parser's user data. */
typedef struct {
    VinvOvirtLoad *load;
    VinvOvirtStore *store;
} VinvOvirtSink;

void vinv_ovirt_load_init (VinvOvirtLoad *load, const char *source);
void vinv_ovirt_load_clear (VinvOvirtLoad *load);
void vinv_ovirt_store_init (VinvOvirtStore *store);
/* @s interned in @store: the same text always gives the same pointer,
 * valid as long as the store (or the store it is merged into). */
const char *vinv_ovirt_store_intern (VinvOvirtStore *store, const char *s);
/* The same for the text at @s, known to end at @len bytes if not before
 * (at a NUL among them). */
const char *vinv_ovirt_store_intern_len (VinvOvirtStore *store, const char *s, gsize len);
/* The most texts vinv_ovirt_store_intern_n() takes at once. */
#define VINV_OVIRT_INTERN_MAX 16
/* Interns the @n texts @texts (@lens as for vinv_ovirt_store_intern_len();
 * NULL texts give NULL) into @out: the same as one call each, but their
 * lookups overlap. */
void vinv_ovirt_store_intern_n (VinvOvirtStore *store, guint n, const char *const *texts,
                                const gsize *lens, const char **out);
/* Notes that @store has a row of @kind whose id is @id, interned in @store
 * by vinv_ovirt_store_intern(): TRUE the first time, FALSE when it had one
 * already.  Cheaper than looking the row up in the table (no key is made,
 * nothing is hashed); the notes move with the rows when stores merge, so
 * they match the rows of the store's tables as long as rows are only
 * added through the mapping and merges. */
gboolean vinv_ovirt_store_claim_id (VinvOvirtStore *store, VinvTableKind kind, const char *id);
/* TRUE if @store has a row of @kind with the id @id (any pointer), as
 * claimed by vinv_ovirt_store_claim_id(). */
gboolean vinv_ovirt_store_has_id (const VinvOvirtStore *store, VinvTableKind kind,
                                  const char *id);
void vinv_ovirt_store_clear (VinvOvirtStore *store);

/* What a store holds, to size another one like it. */
typedef struct {
    guint rows[VINV_TABLE_LAST];
    guint pairs[VINV_PAIR_LAST];
    guint texts;             /* interned */
} VinvOvirtStoreSize;

void vinv_ovirt_store_get_size (const VinvOvirtStore *store, VinvOvirtStoreSize *size);
/* Makes room in @store, which has no rows, pairs or texts yet, for @size
 * of them, so that filling it does not grow its arrays step by step (a
 * page of a paged collection sized like the page before).  A hint only:
 * the store still grows beyond it. */
void vinv_ovirt_store_reserve (VinvOvirtStore *store, const VinvOvirtStoreSize *size);
/* Moves every row, link and pair of @src to the end of @dst, with the
 * interned texts they point at (re-pointed at @dst's instances); @src is
 * left empty.  Row indices of @src shift by @dst's row counts. */
void vinv_ovirt_store_merge (VinvOvirtStore *dst, VinvOvirtStore *src);
/* The same result in @dst as vinv_ovirt_store_merge(), cheaper: a merge
 * looks up every text of the store merged, so when no table and no pair
 * kind has elements in both (no row or pair can change places) and @src
 * has more texts, @dst is merged into @src and the two swapped (the VMs
 * pages, merged into a load that holds the disks and hosts). */
void vinv_ovirt_store_merge_smaller (VinvOvirtStore *dst, VinvOvirtStore *src);
/* The table of @kind in @store, created on first use. */
VinvTable *vinv_ovirt_store_table (VinvOvirtStore *store, VinvTableKind kind);
guint vinv_ovirt_store_n_rows (const VinvOvirtStore *store, VinvTableKind kind);
const VinvOvirtLinks *vinv_ovirt_store_links (const VinvOvirtStore *store, VinvTableKind kind,
                                              guint *n);
const VinvOvirtPair *vinv_ovirt_store_pairs (const VinvOvirtStore *store, VinvPairKind kind,
                                             guint *n);
/* Notes a rejected value / a duplicate id: @what says which, e.g.
 * "vms.memory of VM_ID: '1e308'" (the engine's text is cut short and
 * stripped of control characters). */
void vinv_ovirt_store_reject (VinvOvirtStore *store, const char *what);
void vinv_ovirt_store_duplicate (VinvOvirtStore *store, const char *what);

/* A timeline of the fetch for measurements: when VINV_OVIRT_TRACE=1 is
 * set, prints "vinv-ovirt-trace: +MS ms (this thread's CPU MS ms) MESSAGE" to stderr, the
 * time since vinv_ovirt_load_init(); else does nothing (one test).  Never
 * prints values of the inventory, only what happened when. */
gboolean vinv_ovirt_trace_on (void);
void vinv_ovirt_trace (const VinvOvirtLoad *load, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* The notes of @load's store for its source, as one-line messages
 * (NULL-terminated; owned by caller), empty when all was well. */
char **vinv_ovirt_load_notes (const VinvOvirtLoad *load);

/* join.c — fills every reference and list cell (and the columns computed
 * from other tables: cluster version, data center, storage domain status,
 * network rates summed over NICs, ...) from the load's links and pairs.
 * Tables that are absent are created empty first.  Cannot fail: a missing
 * target shows its id as text. */
void vinv_ovirt_join (VinvOvirtLoad *load);

G_END_DECLS
