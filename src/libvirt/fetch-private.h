/* fetch-private.h — what the files of the libvirt fetch share: the
 * structs one fetch reads a connection into, and the functions each file
 * gives the others.  Private to src/libvirt (and its tests); the contract
 * for everyone else is vinv_libvirt_fetch() in libvirt-private.h.
 *
 * The fetch runs in two halves (fetch.c drives them).  First every phase
 * reads its objects into the structs below — host.c the node, networks.c
 * the virtual networks, storage.c the pools and their volumes, domains.c
 * the domains with their statistics (stats.c), definitions and what
 * their guests say (guest.c), snapshots.c their snapshots — and links them to each other
 * (fetch_link_disks, fetch_link_nics).  Then, with every relation known,
 * each file writes its rows (fetch_emit_*), so every link can name its
 * target's id.
 *
 * Invariants: every struct below lives until fetch_clear() at the end of
 * the fetch; the arrays of links (vms, disks, nics) borrow their elements
 * from the owning arrays of Fetch (nets, pools, disk_rows, vms, nic_rows);
 * a link array holds each element once (fetch_add_once).  Only the calling
 * thread links and writes; the per-item readers that run on several
 * threads (fetch_run_parallel) touch only their own item.
 */
#pragma once

#include "libvirt-private.h"
#include "xml-desc.h"

G_BEGIN_DECLS

typedef struct _Vm Vm;
typedef struct _Pool Pool;

typedef struct {
    char *id;                  /* sysinfo UUID, else the source name */
    char *name;
    char *hypervisor;          /* "QEMU 7.2.0", or NULL */
    char *libvirt_version;     /* "9.0.0", or NULL */
    gboolean have_info;
    virNodeInfo info;
    gboolean have_mem;
    guint64 mem_total;         /* bytes */
    guint64 mem_free;
    guint64 mem_used;
} Host;

typedef struct {
    VinvNetworkDesc *desc;
    char *id;                  /* UUID, or the name when libvirt gives none */
    int active;                /* -1: not known */
    int autostart;
    GPtrArray *vms;            /* Vm*, each once */
    GPtrArray *nics;           /* NicRow* */
} Net;

struct _Pool {
    VinvPoolDesc *desc;
    char *id;
    gboolean have_info;
    virStoragePoolInfo info;
    int autostart;             /* -1: not known */
    int persistent;
    GPtrArray *disks;          /* DiskRow* on this pool */
    GPtrArray *vms;            /* Vm*, each once */
};

/* A row of the Disks table: a storage volume, a domain disk, or both
 * (joined by path).  A disk used by several domains is one row. */
typedef struct {
    char *id;                  /* volume key, else path, else VMUUID/target */
    char *name;
    char *path;                /* or NULL (empty CD-ROM) */
    char *format;
    char *storage_type;
    /* Bus, target, device (disk, cdrom, ...) and read-only: as the first
     * domain that attaches it does; NULL / -1 for volumes no domain uses. */
    char *bus;
    char *target;
    char *device;
    int read_only;
    Pool *pool;                /* or NULL: not a volume of a known pool */
    gboolean is_volume;
    guint64 capacity;          /* volumes only */
    guint64 allocation;
    gboolean shareable;
    GPtrArray *vms;            /* Vm*, each once */
    gboolean have_stats;
    guint64 rd_bytes, wr_bytes, rd_reqs, wr_reqs;
} DiskRow;

typedef struct {
    char *id;                  /* VMUUID/MAC (or VMUUID/netN without a MAC) */
    char *name;
    const VinvNicDesc *desc;   /* borrowed from vm->desc */
    Vm *vm;
    Net *net;                  /* or NULL */
    gboolean have_stats;
    guint64 rx_bytes, tx_bytes, rx_errs, tx_errs, rx_drop, tx_drop;
} NicRow;

typedef struct {
    char *id;                  /* VMUUID/name */
    Vm *vm;
    VinvSnapshotDesc *desc;
    int current;               /* -1: not known */
} SnapRow;

/* Statistics of one block device or interface, from the bulk call. */
typedef struct {
    const char *name;          /* borrowed from the stats record */
    guint64 v[6];              /* rd.bytes, rd.reqs, wr.bytes, wr.reqs / rx, tx ... */
    guint have;                /* bit i set: v[i] was reported */
} DevStat;

enum { BLK_RD_BYTES, BLK_RD_REQS, BLK_WR_BYTES, BLK_WR_REQS };
enum { NET_RX_BYTES, NET_RX_ERRS, NET_RX_DROP, NET_TX_BYTES, NET_TX_ERRS, NET_TX_DROP };

/* VM-level statistics present in Vm.have. */
enum {
    HAVE_STATE = 1 << 0,
    HAVE_CPU_TIME = 1 << 1,
    HAVE_BALLOON_CURRENT = 1 << 2,
    HAVE_BALLOON_UNUSED = 1 << 3,
    HAVE_BALLOON_RSS = 1 << 4,
};

/* One interface of what the guest reports (guest.c): its MAC and its
 * addresses ("192.0.2.7", "2001:db8::7"; no prefix), loopback left out. */
typedef struct {
    char *mac;                 /* lower case, or NULL */
    GPtrArray *addrs;          /* char* */
} GuestIface;

/* Where a VM's addresses came from. */
typedef enum {
    GUEST_NONE,                /* not asked or not answered: not known */
    GUEST_LEASE,               /* libvirt's DHCP leases: only NICs on its networks */
    GUEST_AGENT,               /* the guest agent: every interface of the guest */
} GuestSource;

struct _Vm {
    virDomainPtr dom;          /* borrowed from Fetch.domains */
    char uuid[VIR_UUID_STRING_BUFLEN];
    guchar raw_uuid[VIR_UUID_BUFLEN];
    const char *name;          /* owned by @dom */
    VinvDomainDesc *desc;      /* NULL if its XML could not be read */
    gboolean active;
    int persistent;            /* -1: not known */
    int autostart;
    int state;                 /* virDomainState, -1: not known */
    guint have;
    guint64 cpu_time;          /* ns */
    guint64 balloon_current;   /* KiB */
    guint64 balloon_unused;
    guint64 balloon_rss;
    GArray *blocks;            /* DevStat, or NULL */
    GArray *nets;              /* DevStat, or NULL */
    GPtrArray *disks;          /* DiskRow*, in the domain's order */
    GPtrArray *nics;           /* NicRow* */
    GPtrArray *snaps;          /* SnapRow* (owned), or NULL if not known */
    gboolean has_snapshots;    /* worth listing (or not known) */
    gboolean gone;             /* undefined since the listing */
    GuestSource guest_source;
    GPtrArray *guest_ifaces;   /* GuestIface*, NULL unless guest_source says */
    char *guest_hostname;      /* from the agent, or NULL */
    char *guest_os;            /* from the agent, or NULL */
    char *error;               /* why its definition could not be read */
    char *snap_error;          /* why its snapshots could not be listed */
};

/* One volume: its pool and handle, then what virStorageVolGetInfo and
 * virStorageVolGetPath say (cheap calls: no XML), and its Disks row. */
typedef struct {
    Pool *pool;
    virStorageVolPtr handle;
    gboolean have_info;
    virStorageVolInfo info;
    char *path;                /* malloc'ed by libvirt, or NULL */
    DiskRow *row;
} VolJob;

typedef struct {
    VinvLibvirtBackend *be;
    virConnectPtr conn;
    VinvInventory *inv;
    const char *source;
    VinvProgressFunc progress;
    gpointer user_data;
    GCancellable *cancellable;
    guint done;
    guint failed_phases;       /* phases that read nothing at all */
    guint n_threads;           /* for the per-item calls */

    Host host;
    GPtrArray *nets;           /* Net* */
    GHashTable *net_by_name;
    GHashTable *net_by_bridge;
    GPtrArray *pools;          /* Pool* */
    GHashTable *pool_by_name;
    GPtrArray *disk_rows;      /* DiskRow* */
    GHashTable *disk_by_path;  /* path → DiskRow* */
    GHashTable *disk_by_volume;/* "POOL\x1fVOLUME" → DiskRow* */
    GArray *vol_jobs;          /* VolJob, one per volume */
    GPtrArray *format_jobs;    /* VolJob* whose format no disk told */
    virDomainPtr *domains;     /* from virConnectListAllDomains */
    int n_domains;
    gboolean domains_listed;   /* FALSE if the listing failed */
    GPtrArray *vms;            /* Vm* */
    GHashTable *vm_by_uuid;    /* raw UUID → Vm* */
    virDomainStatsRecordPtr *stats;
    GPtrArray *nic_rows;       /* NicRow* */
    GPtrArray *snap_rows;      /* SnapRow*, borrowed from Vm.snaps */
    GPtrArray *item_buf;       /* scratch for list cells */
} Fetch;

/* ---- helpers (fetch.c) ---------------------------------------------------- */

/* Appends @item to @array unless it is already its last element.  All the
 * links of one VM are made before the next VM's, so this keeps each VM
 * once in a pool's, network's or disk's list. */
void fetch_add_once (GPtrArray *array, gpointer item);

/* TRUE, with @error set, if the fetch has been cancelled. */
gboolean fetch_cancelled (Fetch *f, GError **error);

/* Calls @fn (@f, i) for every i < @n on up to @n_threads threads (the
 * calling one included), skipping the rest once @cancellable is
 * cancelled.  @fn may only touch item i and call libvirt (connections are
 * thread-safe; errors are per thread); everything shared is linked
 * afterwards on the calling thread, in order. */
typedef void (*ItemFunc) (gpointer f, guint i);
void fetch_run_parallel (gpointer f, GCancellable *cancellable, guint n_threads, guint n,
                         ItemFunc fn);

/* Marks @kind's table as failed with libvirt's last error, as
 * "@what of SOURCE: MESSAGE". */
void fetch_table_error (Fetch *f, VinvTableKind kind, const char *what);

/* Hash and equality of raw 16-byte UUIDs as hash table keys. */
guint fetch_uuid_hash (gconstpointer key);
gboolean fetch_uuid_equal (gconstpointer a, gconstpointer b);

/* Builds list cells: fetch_items_begin() clears and returns the scratch
 * array f->item_buf, fetch_items_add() appends one (text, id) item (both
 * borrowed, they must live until fetch_items_set()), fetch_items_set()
 * sets list cell @col of @row from them. */
GPtrArray *fetch_items_begin (Fetch *f);
void fetch_items_add (GPtrArray *buf, const char *text, const char *id);
void fetch_items_set (VinvTable *t, guint row, guint col, GPtrArray *buf);

/* Sets boolean cell @col unless @value is -1 (not known). */
void fetch_set_bool_known (VinvTable *t, guint row, guint col, int value);

/* ---- the node (host.c) ---------------------------------------------------- */

/* Reads the node into f->host; a failure marks the Hosts table. */
void fetch_host (Fetch *f);
/* The Hosts row (needs the VMs and networks read). */
void fetch_emit_host (Fetch *f);

/* ---- networks and NICs (networks.c) --------------------------------------- */

void fetch_net_free (gpointer data);
void fetch_nic_row_free (gpointer data);
/* Reads the virtual networks into f->nets (and its indexes by name and
 * bridge); a failed listing marks the Networks table and counts as a
 * failed phase. */
void fetch_networks (Fetch *f);
/* Makes the NIC rows of @vm (its definition read), linked to their
 * networks, with their statistics. */
void fetch_link_nics (Fetch *f, Vm *vm);
void fetch_emit_networks (Fetch *f);
void fetch_emit_nics (Fetch *f);

/* ---- pools, volumes and disks (storage.c) --------------------------------- */

void fetch_pool_free (gpointer data);
void fetch_disk_row_free (gpointer data);
void fetch_vol_job_clear (gpointer data);
/* Reads the storage pools and the volumes of the running ones (their size
 * and path) into f->pools and f->disk_rows; a failed pool listing marks
 * the Storage domains table and counts as a failed phase. */
void fetch_pools (Fetch *f);
/* Makes or finds the Disks rows of @vm's disks (its definition read) and
 * links them both ways, with their statistics. */
void fetch_link_disks (Fetch *f, Vm *vm);
/* Reads the format of the volumes no domain disk told (their XML), on
 * several threads; call after every domain's disks are linked. */
void fetch_read_volume_formats (Fetch *f);
void fetch_emit_pools (Fetch *f);
void fetch_emit_disks (Fetch *f);

/* ---- domains (domains.c) -------------------------------------------------- */

void fetch_vm_free (gpointer data);
/* Lists the domains with their statistics and definitions into f->vms,
 * then links their disks and NICs.  A failed listing marks the VMs table
 * and counts as a failed phase.  FALSE with @error only when cancelled. */
gboolean fetch_domains (Fetch *f, GError **error);
void fetch_emit_vms (Fetch *f);

/* ---- what the guest says (guest.c) ---------------------------------------- */

/* Asks about running domain @vm (its definition read): its addresses from
 * the guest agent when the connection is read-write and an agent is
 * connected (answers bounded by a short timeout), else from libvirt's
 * DHCP leases; its host name and OS from the agent.  Runs on a worker
 * thread (fetch_run_parallel); failures leave the fields unset. */
void fetch_read_guest (Fetch *f, Vm *vm);

/* The mappings fetch_read_guest() applies, apart for tests: @ifaces (@n
 * of them, from virDomainInterfaceAddresses; borrowed) into
 * vm->guest_ifaces with @source; virDomainGetGuestInfo's @params into
 * vm->guest_hostname and vm->guest_os. */
void fetch_take_interfaces (Vm *vm, virDomainInterfacePtr *ifaces, int n, GuestSource source);
void fetch_take_guest_info (Vm *vm, virTypedParameterPtr params, int nparams);

/* The addresses the guest reports for the NIC with MAC @mac (any case):
 * TRUE with *@addrs (borrowed; NULL meaning none) when known, FALSE when
 * not (no answer, or leases that know nothing of this NIC). */
gboolean fetch_guest_nic_addrs (const Vm *vm, const char *mac, const GPtrArray **addrs);

/* Appends every address the guest reports, each once, to @out (borrowed
 * strings); FALSE (nothing appended) when they are not known. */
gboolean fetch_guest_vm_addrs (const Vm *vm, GPtrArray *out);

void fetch_guest_clear (Vm *vm);

/* ---- statistics (stats.c) ------------------------------------------------- */

/* Takes a domain's statistics from its record of the bulk call. */
void fetch_take_stats (Vm *vm, virDomainStatsRecordPtr rec);
/* The statistics of the device named @name in @stats (vm->blocks or
 * vm->nets), else of the unnamed entry at @fallback_index; or NULL. */
const DevStat *fetch_find_dev_stat (GArray *stats, const char *name, guint fallback_index);

/* ---- snapshots (snapshots.c) ---------------------------------------------- */

/* Lists the snapshots of the domains that have any into vm->snaps and
 * f->snap_rows; domains whose snapshots cannot be listed mark the
 * Snapshots table.  FALSE with @error only when cancelled. */
gboolean fetch_snapshots (Fetch *f, GError **error);
void fetch_emit_snapshots (Fetch *f);

G_END_DECLS
