/* model.h — the simulated oVirt environment as compact C structs.
 *
 * The generator (model.c) builds every entity from --seed and the counts into
 * flat arrays indexed by position; relations are indices into other arrays
 * (-1 when absent). Renderers (render.c) turn these into engine JSON and the
 * truth dump (truth.c) into typed JSON. Actions (VM power operations and
 * snapshots) are the only mutations; they happen under @lock held for writing,
 * while renderers hold it for reading around each element they print.
 *
 * Invariants: every entity has a unique UUID in `id`; `vm.host >= 0` exactly
 * when the VM's status is one that runs on a host; every index stored in a
 * relation is in range; `vm.disk_atts`, `vm.nics`, `vm.snaps` hold indices into
 * the model's attachment, NIC and snapshot arrays in display order. */
#pragma once

#include <glib.h>

#define SIM_API "/ovirt-engine/api"
#define SIM_BLANK_ID "00000000-0000-0000-0000-000000000000"
/* The simulation's "now" for generated dates: 2024-06-01T12:00:00Z. */
#define SIM_NOW_MS G_GINT64_CONSTANT (1717243200000)

/* The simulator's error domain (option, listen, TLS and file errors). */
#define SIM_ERROR (sim_error_quark ())
typedef enum {
    SIM_ERROR_FAILED,
    SIM_ERROR_INVALID,
} SimError;
GQuark sim_error_quark (void);

typedef struct {
    char s[37];
} SimId;

typedef enum {
    SIM_VM_DOWN,
    SIM_VM_UP,
    SIM_VM_PAUSED,
    SIM_VM_SUSPENDED,
    SIM_VM_MIGRATING,
    SIM_VM_POWERING_UP,
    SIM_VM_POWERING_DOWN,
    SIM_VM_SAVING_STATE,
    SIM_VM_RESTORING_STATE,
    SIM_VM_REBOOT_IN_PROGRESS,
    SIM_VM_NOT_RESPONDING,
    SIM_VM_STATUS_LAST
} SimVmStatus;

typedef struct {
    SimId id;
    char name[32];
    char description[48];
    const char *status;        /* up, maintenance, not_operational, uninitialized */
    int ver_major;
    int ver_minor;
    gboolean local;
    const char *quota_mode;
    SimId quota_id;
} SimDataCenter;

typedef struct {
    SimId id;
    char name[32];
    char description[48];
    int dc;
    const char *cpu_type;
    const char *arch;
    int ver_major;
    int ver_minor;
    const char *on_error;      /* migrate, migrate_highly_available, do_not_migrate */
    const char *firewall;
    int overcommit;            /* memory over-commit percent */
    SimId cpu_profile_id;
} SimCluster;

typedef struct {
    SimId id;
    char name[32];
    char address[32];
    int cluster;
    const char *status;        /* up, maintenance, non_responsive, ... */
    gint64 memory;
    gint64 max_sched_memory;
    const char *cpu_name;
    const char *cpu_type;
    int cpu_speed;             /* MHz */
    int sockets;
    int cores;
    int threads;
    const char *spm;           /* spm, contending, none */
    const char *vdsm;          /* full_version */
    const char *os_version;
    const char *type;          /* rhel, ovirt_node */
    gboolean update_available;
    gint64 boot_time;          /* epoch seconds */
    int first_nic;             /* host NICs are contiguous: first_nic .. +n_nics */
    int n_nics;
    int vms_active;            /* VMs with host == this one (kept by actions) */
    int vms_migrating;
} SimHost;

typedef struct {
    SimId id;
    char name[16];
    char mac[18];
    char ip[16];               /* "" when none */
    int host;
    int network;               /* -1 when none */
    gint64 speed;              /* bit/s */
    gboolean up;
    int mtu;
    int bond_first;            /* bond: first slave NIC index, else -1 */
    int bond_n;
    int vlan;                  /* 0 when none */
    int busy;                  /* traffic level 0..3 */
} SimHostNic;

typedef struct {
    SimId id;
    int host;
    int nic;
    int network;
    gboolean in_sync;
} SimNetAttachment;

typedef struct {
    SimId id;
    char name[32];
    char description[48];
    int dc;
    int vlan;                  /* 0 = none */
    int mtu;
    gboolean stp;
    gboolean required;
    guint usages;              /* bit 0 vm, 1 management, 2 display, 3 migration */
} SimNetwork;

typedef struct {
    SimId id;
    char name[48];
    int network;
    gboolean port_mirroring;
} SimVnicProfile;

typedef struct {
    SimId id;
    char name[32];
    const char *type;          /* data, iso, export */
    const char *storage_type;  /* nfs, iscsi, fcp, glusterfs, posixfs */
    char address[40];
    char path[48];
    gint64 available;
    gint64 used;
    gint64 committed;
    gboolean master;
    int dc;                    /* -1 when unattached */
    const char *dc_status;     /* status inside its data center */
    const char *external_status;
    SimId disk_profile_id;
    GArray *vms;               /* int: VMs with a disk here */
    GArray *disks;             /* int: disks stored here */
    GArray *templates;         /* int: templates with a disk here */
} SimStorageDomain;

typedef struct {
    SimId id;
    char name[48];
    char description[32];
    gint64 provisioned;
    gint64 actual;
    gint64 total;
    const char *format;        /* cow, raw */
    gboolean sparse;
    const char *status;        /* ok, locked, illegal */
    const char *content_type;  /* data, iso, memory_dump_volume, ... */
    gboolean shareable;
    int sd[2];                 /* storage domains; sd[1] == -1 when one */
    int template;              /* owning template, -1 when a VM disk or floating */
    GArray *vms;               /* int: VMs it is attached to (possibly none) */
} SimDisk;

typedef struct {
    int vm;                    /* owner VM, or -1 for a template attachment */
    int template;
    int disk;
    gboolean bootable;
    gboolean active;
    gboolean read_only;
    const char *iface;         /* virtio_scsi, virtio, ide, sata */
    char logical_name[12];
} SimDiskAttachment;

typedef struct {
    SimId id;
    char name[16];             /* "nic" and any int: no truncation */
    char mac[18];
    int vm;                    /* -1 for a template NIC */
    int template;
    int profile;               /* -1 for an empty profile */
    const char *iface;         /* virtio, e1000, rtl8139 */
    gboolean linked;
    gboolean plugged;
    int busy;                  /* traffic level 0..3 */
} SimNic;

typedef struct {
    SimId id;
    int vm;
    char description[48];
    gint64 date;
    const char *status;        /* ok, locked */
    const char *type;          /* active, regular */
    gboolean memory;           /* persist_memorystate */
    gint64 ready_at_us;        /* monotonic time the lock clears; 0 = never locked */
    gboolean removing;         /* locked for removal: gone when the lock clears */
    gboolean removed;          /* gone: in no VM's list and not found by id */
} SimSnapshot;

typedef struct {
    SimId id;
    char name[32];
    char description[48];
    int cluster;               /* -1 for Blank */
    const char *status;
    gint64 memory;
    int sockets;
    int cores;
    const char *os;
    int version;
    int base;                  /* base template index (itself for version 1) */
    gint64 creation_time;
    GArray *disk_atts;         /* int: template disk attachments */
    GArray *nics;              /* int */
} SimTemplate;

typedef struct {
    SimId id;
    char name[32];
    char description[48];
    int cluster;
    int template;
    int size;                  /* VMs the pool may hold */
    int members;               /* VMs generated in it */
    int prestarted;
    const char *type;          /* automatic, manual */
} SimPool;

typedef struct {
    SimId id;
    char name[24];
    char description[40];
    char comment[16];
    SimVmStatus status;
    const char *type;          /* server, desktop, high_performance */
    const char *os;
    const char *display;       /* spice, vnc */
    const char *guest_dist;    /* guest OS distribution (running with agent) */
    const char *guest_ver;
    const char *guest_kernel;
    gint64 memory;
    gint64 mem_guaranteed;
    gint64 mem_max;
    int sockets;
    int cores;
    int threads;
    gint64 creation_time;
    gint64 start_time;         /* 0 = absent */
    gint64 stop_time;          /* 0 = absent */
    gboolean next_run;
    gboolean ha;
    gboolean stateless;
    gboolean run_once;
    gboolean agent;            /* guest agent reports fqdn, IPs, guest OS */
    int ccv_major;             /* custom compatibility version, 0 = none */
    int ccv_minor;
    int cluster;
    int host;                  /* -1 unless running */
    int template;
    int orig_template;
    int pool;                  /* -1 unless a pool member */
    int busy;                  /* network load level 0..3 */
    GArray *disk_atts;         /* int */
    GArray *nics;              /* int */
    GArray *snaps;             /* int */
    /* pending action: status changes to next_status at due_us */
    gint64 due_us;             /* 0 = nothing pending */
    SimVmStatus next_status;
    int next_host;
} SimVm;

typedef struct {
    int index;
    int code;
    const char *severity;
    gint64 time;
    char description[96];
    int vm;
    int host;
    int cluster;
    int dc;
    int sd;
} SimEvent;

/* Entity kinds that have ids of their own (index into SimModel.by_id). */
typedef enum {
    SIM_KIND_DC,
    SIM_KIND_CLUSTER,
    SIM_KIND_HOST,
    SIM_KIND_HOST_NIC,
    SIM_KIND_NET_ATT,
    SIM_KIND_NETWORK,
    SIM_KIND_PROFILE,
    SIM_KIND_SD,
    SIM_KIND_DISK,
    SIM_KIND_NIC,
    SIM_KIND_SNAPSHOT,
    SIM_KIND_TEMPLATE,
    SIM_KIND_VM,
    SIM_KIND_EVENT,
    SIM_KIND_CPU_PROFILE,      /* one per cluster, indexed by cluster */
    SIM_KIND_DISK_PROFILE,     /* one per storage domain, indexed by domain */
    SIM_KIND_POOL,
    SIM_KIND_LAST
} SimKind;

/* The counts the generator works from; 0 means "derive from vms". */
typedef struct {
    guint64 seed;
    int vms;
    int datacenters;
    int clusters;
    int hosts;
    int storage_domains;
    int disks;
    int networks;
    int vnic_profiles;
    int templates;
    int snapshots;
    int host_nics;
    int events;
    int pools;
} SimCounts;

typedef struct {
    SimCounts counts;          /* after derivation: the real counts */
    GRWLock lock;
    GArray *dcs;               /* SimDataCenter */
    GArray *clusters;          /* SimCluster */
    GArray *hosts;             /* SimHost */
    GArray *host_nics;         /* SimHostNic */
    GArray *net_atts;          /* SimNetAttachment */
    GArray *networks;          /* SimNetwork */
    GArray *profiles;          /* SimVnicProfile */
    GArray *sds;               /* SimStorageDomain */
    GArray *disks;             /* SimDisk */
    GArray *disk_atts;         /* SimDiskAttachment */
    GArray *nics;              /* SimNic (VM and template NICs) */
    GArray *snaps;             /* SimSnapshot; grows with snapshot actions */
    GArray *templates;         /* SimTemplate; index 0 is Blank */
    GArray *vms;               /* SimVm */
    GArray *events;            /* SimEvent, newest last */
    GArray *pools;             /* SimPool */
    /* per SimKind: id string -> GINT_TO_POINTER (index + 1) */
    GHashTable *by_id[SIM_KIND_LAST];
    guint64 id_counter;        /* for UUIDs minted after generation */
    gint64 action_delay_us;
    GArray *pending;           /* int: VMs (>= 0) and snapshots (-i - 1) awaiting
                                * settle; changed only under the write lock */
    gint n_pending;            /* atomic mirror of pending->len */
    gsize hostile_value;       /* > 0 (--hostile huge-value): the first VM's
                                * description is rendered this long */
    gint generation;           /* atomic; bumped by every change after generation,
                                * so rendered bodies can be cached */
} SimModel;

#define SIM_AT(arr, type, i) (&g_array_index ((arr), type, (i)))

/* Builds the environment for @counts. Never fails (out-of-memory aborts);
 * the returned model is owned by the caller; free with sim_model_free(). */
SimModel *sim_model_new (const SimCounts *counts);
void sim_model_free (SimModel *m);

const char *sim_vm_status_name (SimVmStatus status);
gboolean sim_vm_status_runs (SimVmStatus status);

/* Looks an entity of kind @kind up by id; returns
 * its index or -1. Thread-safe (the tables are never modified after build,
 * except the snapshot table, which is only changed under the write lock). */
int sim_model_find (SimModel *m, SimKind kind, const char *id);

/* Applies every pending VM state change and snapshot unlock due at or before
 * @now_us (monotonic). Takes the write lock only when something is due. */
void sim_model_settle (SimModel *m, gint64 now_us);

/* The VM actions. Each takes the write lock, checks the transition and
 * either applies it (returning TRUE) or sets @detail to the engine's
 * "[Cannot ….]" text (owned by the caller) and returns FALSE.
 * @host_id may name the migration target (NULL: the scheduler picks). */
gboolean sim_model_vm_action (SimModel *m, int vm, const char *action,
                              const char *host_id, char **detail);

/* Adds a regular snapshot to @vm (locked for the action delay); returns the
 * new snapshot's index, or -1 with @detail set when the VM can't take one. */
int sim_model_add_snapshot (SimModel *m, int vm, const char *description,
                            gboolean memory, char **detail);

/* Starts removing snapshot @snap of @vm: it is locked for the action delay
 * and then gone (from the VM's list and from lookups by id), as the engine
 * does.  Returns FALSE with @detail set (the engine's text) for the active
 * snapshot, a locked one, or one that is not @vm's. */
gboolean sim_model_remove_snapshot (SimModel *m, int vm, int snap, char **detail);
