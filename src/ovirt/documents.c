/* documents.c — the oVirt mapping, as data (shape and rules in mapping.h):
 * for every kind of JSON record the engine sends, which paths feed which
 * columns; the computed columns; and the list of documents a fetch reads.
 *
 * Knows the oVirt JSON rules (shared/OVIRT-API.md): numbers and booleans
 * may be strings or literals, decimals may use exponents, absent attributes
 * are omitted, a VM's statistics, NICs, disk attachments, snapshots and
 * guest devices may be inlined (follow=) or come as their own documents.
 * Values are stored in base units: bytes, percent, seconds, bit/s, B/s, Hz
 * and ms since the epoch.  Adding a plain column is one row here (and the
 * simulator and its ground truth in tools/ovirt-sim).
 */
#include "mapping.h"

#include "convert.h"

#define TEXT VINV_OVIRT_TEXT
#define BOOL VINV_OVIRT_BOOL
#define INT VINV_OVIRT_INT
#define QUANTITY VINV_OVIRT_QUANTITY
#define TIME_MS VINV_OVIRT_TIME_MS
#define ID VINV_OVIRT_ID
#define LINK VINV_OVIRT_LINK
#define INPUT VINV_OVIRT_INPUT
#define PAIR VINV_OVIRT_PAIR
#define EACH VINV_OVIRT_PAIR_EACH
#define END { NULL, NULL, 0 }

/* ---- computed columns --------------------------------------------------------------- */

/* sockets x cores x threads of "cpu.topology", each defaulting to 1, into
 * @col; nothing when none is given.  @n: how many of the three count (2:
 * cores).  A count below 1, or a product beyond 64 bits, is no value. */
static void
set_cpu_product (const VinvOvirtRow *r, guint n, guint col)
{
    static const char *const paths[] = {
        "cpu.topology.sockets", "cpu.topology.cores", "cpu.topology.threads"
    };
    gint64 product = 1;
    gboolean any = FALSE, ok = TRUE;

    for (guint i = 0; i < n; i++) {
        const char *text = vinv_ovirt_row_value (r, paths[i]);
        gint64 v;
        if (text == NULL)
            continue;
        any = TRUE;
        ok = ok && vinv_ovirt_parse_int (text, &v) && v >= 1
             && vinv_ovirt_checked_mul (product, v, &product);
    }
    if (any && ok)
        vinv_table_set_int (r->table, r->row, col, product);
    else if (any)
        vinv_ovirt_row_reject (r, col, "cpu.topology");
}

/* Sets @col to "A SEP B" from the values at @a and @b, "A" without B;
 * nothing without A. */
static void
set_joined (const VinvOvirtRow *r, guint col, const char *a, const char *sep, const char *b)
{
    const char *va = vinv_ovirt_row_value (r, a);
    const char *vb = vinv_ovirt_row_value (r, b);
    if (va == NULL)
        return;
    g_autofree char *text = vb != NULL ? g_strconcat (va, sep, vb, NULL) : g_strdup (va);
    vinv_table_set_string (r->table, r->row, col, text);
}

/* Seconds from the time at @path to the start of the fetch (both within
 * the years 1-9999: the difference cannot overflow).  An invalid time was
 * noted with its own column. */
static void
set_age (const VinvOvirtRow *r, guint col, const char *path)
{
    gint64 since;
    if (vinv_ovirt_row_time (r, path, &since))
        vinv_table_set_quantity (r->table, r->row, col,
                                 (double) (r->sink->load->now_ms - since) / 1000);
}

static void
vm_compute (const VinvOvirtRow *r)
{
    set_cpu_product (r, 3, VINV_VM_VCPUS);
    if (r->links->host != NULL)
        set_age (r, VINV_VM_UPTIME, "start_time");
    set_joined (r, VINV_VM_GUEST_OS, "guest_operating_system.distribution", " ",
                "guest_operating_system.version.full_version");
    set_joined (r, VINV_VM_COMPATIBILITY_VERSION, "custom_compatibility_version.major", ".",
                "custom_compatibility_version.minor");
}

static void
host_compute (const VinvOvirtRow *r)
{
    /* topology cores are per socket and threads per core */
    set_cpu_product (r, 2, VINV_HOST_CORES);
    set_cpu_product (r, 3, VINV_HOST_THREADS);
    set_joined (r, VINV_HOST_OS, "os.type", " ", "os.version.full_version");
}

static void
sd_compute (const VinvOvirtRow *r)
{
    double avail, used;

    if (vinv_ovirt_row_double (r, "available", &avail)
        && vinv_ovirt_row_double (r, "used", &used)) {
        vinv_table_set_quantity (r->table, r->row, VINV_SD_TOTAL, avail + used);
        if (avail + used > 0)
            vinv_table_set_quantity (r->table, r->row, VINV_SD_FREE_PERCENT,
                                     100.0 * avail / (avail + used));
    }
}

static void
cluster_compute (const VinvOvirtRow *r)
{
    set_joined (r, VINV_CLUSTER_VERSION, "version.major", ".", "version.minor");
}

static void
dc_compute (const VinvOvirtRow *r)
{
    set_joined (r, VINV_DC_VERSION, "version.major", ".", "version.minor");
}

static void
template_compute (const VinvOvirtRow *r)
{
    const char *name = vinv_ovirt_row_value (r, "version.version_name");
    const char *number = vinv_ovirt_row_value (r, "version.version_number");

    if (name != NULL && number != NULL) {
        g_autofree char *version = g_strdup_printf ("%s (%s)", name, number);
        vinv_table_set_string (r->table, r->row, VINV_TEMPLATE_VERSION, version);
    } else if (name != NULL || number != NULL) {
        vinv_table_set_string (r->table, r->row, VINV_TEMPLATE_VERSION,
                               name != NULL ? name : number);
    }
    set_cpu_product (r, 3, VINV_TEMPLATE_CPU_CORES);
}

static void
snapshot_compute (const VinvOvirtRow *r)
{
    set_age (r, VINV_SNAP_AGE, "date");
}

/* ---- records ---------------------------------------------------------------------------- */

/* NIC statistics, for VM NICs and host NICs (same names, same column ids).
 * Rates in bit/s: the .bps statistic, else bytes/s x 8. */
#define NIC_STATISTICS \
    { STAT ("data.current.rx.bps"), "rx_rate", QUANTITY }, \
    { STAT ("data.current.rx"), "rx_rate", VINV_OVIRT_BYTES_AS_BITS }, \
    { STAT ("data.current.tx.bps"), "tx_rate", QUANTITY }, \
    { STAT ("data.current.tx"), "tx_rate", VINV_OVIRT_BYTES_AS_BITS }, \
    { STAT ("data.total.rx"), "rx_total", QUANTITY }, \
    { STAT ("data.total.tx"), "tx_total", QUANTITY }, \
    { STAT ("errors.total.rx"), "rx_errors", INT }, \
    { STAT ("errors.total.tx"), "tx_errors", INT }

/* A disk attachment of a VM or a template: bootable and interface travel
 * with the pair (the disk shows those of its first attachment). */
#define DISK_ATTACHMENT(owner) \
    { owner, "owner", PAIR }, \
    { "disk.id", "item", EACH }, \
    { "bootable", "info1", PAIR }, \
    { "interface", "info2", PAIR }, \
    END

static const VinvOvirtRecordMap vm_disk_attachment = {
    "disk_attachment", VINV_TABLE_LAST, VINV_PAIR_VM_DISK, NULL,
    (const VinvOvirtField[]) { DISK_ATTACHMENT ("vm.id") },
};

static const VinvOvirtRecordMap template_disk_attachment = {
    "disk_attachment", VINV_TABLE_LAST, VINV_PAIR_TEMPLATE_DISK, NULL,
    (const VinvOvirtField[]) { DISK_ATTACHMENT ("template.id") },
};

static const VinvOvirtRecordMap vm_nic = {
    "nic", VINV_TABLE_VMNIC, VINV_PAIR_LAST, "vm",
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "mac.address", "mac", TEXT },
        { "interface", "interface", TEXT },
        { "linked", "linked", BOOL },
        { "plugged", "plugged", BOOL },
        { "vm.id", "vm", LINK },
        { "vnic_profile.id", "profile", LINK },
        { "mac.address", "mac", LINK },         /* to match guest-reported IPs */
        NIC_STATISTICS,
        END
    },
};

static const VinvOvirtRecordMap snapshot = {
    "snapshot", VINV_TABLE_SNAP, VINV_PAIR_LAST, "vm",
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "description", "name", TEXT },
        { "description", "description", TEXT },
        { "date", "date", TIME_MS },
        { "snapshot_status", "status", TEXT },
        { "snapshot_type", "type", TEXT },
        { "persist_memorystate", "memory_saved", BOOL },
        { "vm.id", "vm", LINK },
        { "date", "age", INPUT },
        END
    },
    NULL, snapshot_compute
};

/* Guest-reported devices: one pair per IP address (VM, MAC, IP). */
static const VinvOvirtRecordMap reported_device = {
    "reported_device", VINV_TABLE_LAST, VINV_PAIR_GUEST_IP, NULL,
    (const VinvOvirtField[]) {
        { "vm.id", "owner", PAIR },
        { "mac.address", "item", PAIR },
        { "ips.ip.address", "info1", EACH },
        END
    },
};

static const VinvOvirtRecordMap vm = {
    "vm", VINV_TABLE_VM, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "description", "description", TEXT },
        { "status", "status", TEXT },
        { "type", "type", TEXT },
        { "display.type", "console", TEXT },
        { "memory", "memory", QUANTITY },
        { "memory_policy.max", "max_memory", QUANTITY },
        { "memory_policy.guaranteed", "guaranteed_memory", QUANTITY },
        { "os.type", "os", TEXT },
        { "cpu.architecture", "architecture", TEXT },
        { "creation_time", "creation_time", TIME_MS },
        { "start_time", "start_time", TIME_MS },
        { "fqdn", "fqdn", TEXT },
        { "next_run_configuration_exists", "pending_restart", BOOL },
        { "high_availability.enabled", "ha", BOOL },
        { "stateless", "stateless", BOOL },
        { "cluster.id", "cluster", LINK },
        { "host.id", "host", LINK },            /* only while running */
        { "template.id", "template", LINK },
        { "vm_pool.id", "pool", LINK },
        { "cpu.topology.sockets", "vcpus", INPUT },
        { "cpu.topology.cores", "vcpus", INPUT },
        { "cpu.topology.threads", "vcpus", INPUT },
        { "start_time", "uptime", INPUT },      /* while running */
        { "guest_operating_system.distribution", "guest_os", INPUT },
        { "guest_operating_system.version.full_version", "guest_os", INPUT },
        { "custom_compatibility_version.major", "compatibility_version", INPUT },
        { "custom_compatibility_version.minor", "compatibility_version", INPUT },
        { STAT ("memory.installed"), "mem_installed", QUANTITY },
        { STAT ("memory.used"), "mem_used", QUANTITY },
        { STAT ("memory.free"), "mem_free", QUANTITY },
        { STAT ("memory.buffered"), "mem_buffered", QUANTITY },
        { STAT ("memory.cached"), "mem_cached", QUANTITY },
        { STAT ("memory.unused"), "mem_unused", QUANTITY },
        { STAT ("cpu.current.guest"), "cpu_guest", QUANTITY },
        { STAT ("cpu.current.hypervisor"), "cpu_hypervisor", QUANTITY },
        { STAT ("cpu.current.total"), "cpu_total", QUANTITY },
        { STAT ("network.current.total"), "network_usage", QUANTITY },
        { STAT ("migration.progress"), "migration_progress", QUANTITY },
        { STAT ("elapsed.time"), "elapsed_time", QUANTITY },
        END
    },
    (const VinvOvirtChild[]) {
        { "disk_attachments.disk_attachment", &vm_disk_attachment },
        { "nics.nic", &vm_nic },
        { "snapshots.snapshot", &snapshot },
        { "reported_devices.reported_device", &reported_device },
        { NULL, NULL }
    },
    vm_compute
};

/* A bond's slaves: (bond, slave) pairs. */
static const VinvOvirtRecordMap bond_slave = {
    "host_nic", VINV_TABLE_LAST, VINV_PAIR_BOND_SLAVE, NULL,
    (const VinvOvirtField[]) { { "id", "item", EACH }, END },
};

static const VinvOvirtRecordMap host_nic = {
    "host_nic", VINV_TABLE_HOSTNIC, VINV_PAIR_LAST, "host",
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "mac.address", "mac", TEXT },
        { "ip.address", "ip", TEXT },
        { "speed", "speed", QUANTITY },
        { "status", "status", TEXT },
        { "mtu", "mtu", INT },
        { "vlan.id", "vlan", INT },
        { "host.id", "host", LINK },
        { "network.id", "network", LINK },
        NIC_STATISTICS,
        END
    },
    (const VinvOvirtChild[]) {
        { "bonding.slaves.host_nic", &bond_slave },
        { NULL, NULL }
    },
};

static const VinvOvirtRecordMap host = {
    "host", VINV_TABLE_HOST, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "address", "address", TEXT },
        { "status", "status", TEXT },
        { "cpu.name", "cpu_model", TEXT },
        { "cpu.speed", "cpu_speed", VINV_OVIRT_MHZ },
        { "cpu.topology.sockets", "sockets", INT },
        { "memory", "memory", QUANTITY },
        { "spm.status", "spm", TEXT },
        { "version.full_version", "vdsm_version", TEXT },
        { "update_available", "update_available", BOOL },
        { "summary.active", "running_vms", INT },
        { "cluster.id", "cluster", LINK },
        { "cpu.topology.sockets", "cores", INPUT },
        { "cpu.topology.cores", "cores", INPUT },
        { "cpu.topology.sockets", "threads", INPUT },
        { "cpu.topology.cores", "threads", INPUT },
        { "cpu.topology.threads", "threads", INPUT },
        { "os.type", "os", INPUT },
        { "os.version.full_version", "os", INPUT },
        { STAT ("memory.total"), "mem_total", QUANTITY },
        { STAT ("memory.used"), "mem_used", QUANTITY },
        { STAT ("memory.free"), "mem_free", QUANTITY },
        { STAT ("memory.shared"), "mem_shared", QUANTITY },
        { STAT ("swap.total"), "swap_total", QUANTITY },
        { STAT ("swap.free"), "swap_free", QUANTITY },
        { STAT ("swap.used"), "swap_used", QUANTITY },
        { STAT ("ksm.cpu.current"), "ksm_cpu", QUANTITY },
        { STAT ("cpu.current.user"), "cpu_user", QUANTITY },
        { STAT ("cpu.current.system"), "cpu_system", QUANTITY },
        { STAT ("cpu.current.idle"), "cpu_idle", QUANTITY },
        { STAT ("cpu.load.avg.5m"), "load_avg", VINV_OVIRT_DOUBLE },
        { STAT ("boot.time"), "boot_time", VINV_OVIRT_TIME_S },
        END
    },
    (const VinvOvirtChild[]) {
        { "nics.host_nic", &host_nic },
        { NULL, NULL }
    },
    host_compute
};

static const VinvOvirtRecordMap disk_storage_domain = {
    "storage_domain", VINV_TABLE_LAST, VINV_PAIR_DISK_SD, NULL,
    (const VinvOvirtField[]) { { "id", "item", EACH }, END },
};

static const VinvOvirtRecordMap disk = {
    "disk", VINV_TABLE_DISK, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "alias", "name", TEXT },              /* a disk without a name */
        { "alias", "alias", TEXT },
        { "status", "status", TEXT },
        { "actual_size", "actual_size", QUANTITY },
        { "provisioned_size", "provisioned_size", QUANTITY },
        { "total_size", "total_size", QUANTITY },
        { "format", "format", TEXT },
        { "sparse", "sparse", BOOL },
        { "content_type", "content_type", TEXT },
        { "storage_type", "storage_type", TEXT },
        { "shareable", "shareable", BOOL },
        { STAT ("data.current.read"), "read_rate", QUANTITY },
        { STAT ("data.current.write"), "write_rate", QUANTITY },
        { STAT ("disk.read.latency"), "read_latency", QUANTITY },
        { STAT ("disk.write.latency"), "write_latency", QUANTITY },
        { STAT ("disk.flush.latency"), "flush_latency", QUANTITY },
        END
    },
    (const VinvOvirtChild[]) {
        { "storage_domains.storage_domain", &disk_storage_domain },
        { NULL, NULL }
    },
};

static const VinvOvirtRecordMap storage_domain_dc = {
    "data_center", VINV_TABLE_LAST, VINV_PAIR_SD_DC, NULL,
    (const VinvOvirtField[]) { { "id", "item", EACH }, END },
};

static const VinvOvirtRecordMap storage_domain = {
    "storage_domain", VINV_TABLE_SD, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "status", "status", TEXT },   /* absent when attached: see the join */
        { "type", "type", TEXT },
        { "storage.type", "storage_type", TEXT },
        { "storage.address", "storage_address", TEXT },
        { "storage.volume_group.logical_units.logical_unit.address", "storage_address", TEXT },
        { "storage.path", "path", TEXT },
        { "storage_format", "format", TEXT },
        { "available", "available", QUANTITY },
        { "used", "used", QUANTITY },
        { "committed", "committed", QUANTITY },
        { "master", "master", BOOL },
        { "available", "total", INPUT },
        { "used", "total", INPUT },
        { "available", "free_percent", INPUT },
        { "used", "free_percent", INPUT },
        END
    },
    (const VinvOvirtChild[]) {
        { "data_centers.data_center", &storage_domain_dc },
        { NULL, NULL }
    },
    sd_compute
};

static const VinvOvirtRecordMap cluster_network = {
    "network", VINV_TABLE_LAST, VINV_PAIR_CLUSTER_NET, NULL,
    (const VinvOvirtField[]) { { "id", "item", EACH }, END },
};

static const VinvOvirtRecordMap cluster = {
    "cluster", VINV_TABLE_CLUSTER, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "description", "description", TEXT },
        { "error_handling.on_error", "error_handling", TEXT },
        { "cpu.type", "cpu", TEXT },
        { "cpu.architecture", "architecture", TEXT },
        { "firewall_type", "firewall", TEXT },
        { "memory_policy.over_commit.percent", "memory_overcommit", QUANTITY },
        { "data_center.id", "dc", LINK },
        { "version.major", "version", INPUT },
        { "version.minor", "version", INPUT },
        END
    },
    (const VinvOvirtChild[]) {
        { "networks.network", &cluster_network },
        { NULL, NULL }
    },
    cluster_compute
};

/* A storage domain as its data center lists it, with its status there. */
static const VinvOvirtRecordMap dc_storage_domain = {
    "storage_domain", VINV_TABLE_LAST, VINV_PAIR_DC_SD, NULL,
    (const VinvOvirtField[]) {
        { "id", "item", EACH },
        { "status", "info1", PAIR },
        END
    },
};

static const VinvOvirtRecordMap data_center = {
    "data_center", VINV_TABLE_DC, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "description", "description", TEXT },
        { "status", "status", TEXT },
        { "local", "local", BOOL },
        { "quota_mode", "quota_mode", TEXT },
        { "storage_format", "storage_format", TEXT },
        { "version.major", "version", INPUT },
        { "version.minor", "version", INPUT },
        END
    },
    (const VinvOvirtChild[]) {
        { "storage_domains.storage_domain", &dc_storage_domain },
        { NULL, NULL }
    },
    dc_compute
};

static const VinvOvirtRecordMap network = {
    "network", VINV_TABLE_NET, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "description", "description", TEXT },
        { "vlan.id", "vlan", INT },
        { "mtu", "mtu", VINV_OVIRT_POSITIVE_INT },      /* 0 means "the default" */
        { "stp", "stp", BOOL },
        { "usages.usage", "usages", VINV_OVIRT_TEXT_LIST },
        { "required", "required", BOOL },
        { "data_center.id", "dc", LINK },
        END
    },
};

static const VinvOvirtRecordMap vnic_profile = {
    "vnic_profile", VINV_TABLE_PROFILE, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "pass_through.mode", "pass_through", TEXT },
        { "port_mirroring", "port_mirroring", BOOL },
        { "network.id", "network", LINK },
        END
    },
};

/* A template's NIC: (template, vNIC profile or NULL, NIC name). */
static const VinvOvirtRecordMap template_nic = {
    "nic", VINV_TABLE_LAST, VINV_PAIR_TEMPLATE_NIC, NULL,
    (const VinvOvirtField[]) {
        { "template.id", "owner", PAIR },
        { "vnic_profile.id", "item", PAIR },
        { "name", "info1", PAIR },
        END
    },
};

static const VinvOvirtRecordMap template = {
    "template", VINV_TABLE_TEMPLATE, VINV_PAIR_LAST, NULL,
    (const VinvOvirtField[]) {
        { "id", NULL, ID },
        { "name", "name", TEXT },
        { "description", "description", TEXT },
        { "status", "status", TEXT },
        { "os.type", "os", TEXT },
        { "memory", "memory", QUANTITY },
        { "creation_time", "creation_time", TIME_MS },
        { "cluster.id", "cluster", LINK },
        { "version.version_name", "version", INPUT },
        { "version.version_number", "version", INPUT },
        { "cpu.topology.sockets", "cpu_cores", INPUT },
        { "cpu.topology.cores", "cpu_cores", INPUT },
        { "cpu.topology.threads", "cpu_cores", INPUT },
        END
    },
    (const VinvOvirtChild[]) {
        { "disk_attachments.disk_attachment", &template_disk_attachment },
        { "nics.nic", &template_nic },
        { NULL, NULL }
    },
    template_compute
};

/* VM pools give only the names for the VMs' Pool column. */
static const VinvOvirtRecordMap vm_pool = {
    "vm_pool", VINV_TABLE_LAST, VINV_PAIR_POOL, NULL,
    (const VinvOvirtField[]) {
        { "id", "owner", EACH },
        { "name", "info1", PAIR },
        END
    },
};

/* ---- documents ------------------------------------------------------------------------ */

/* Only a running guest reports devices. */
static gboolean
vm_running (const VinvOvirtLinks *vm_links)
{
    return vm_links->host != NULL;
}

#define T(kind) (1u << VINV_TABLE_##kind)

/* The collections in the order they are requested (all at once), each
 * followed by its per-entity documents; follow= of a collection names the
 * first key of each per-entity document's inline path, in this order
 * ("disk_attachments,nics.statistics,statistics,snapshots,reported_devices"). */
const VinvOvirtDocument vinv_ovirt_documents[] = {
    { "vms", T (VM) | T (VMNIC) | T (SNAP), &vm, NULL, NULL, 32 },
    { "vms/*/diskattachments", T (VM), NULL, "disk_attachments.disk_attachment", NULL, 0 },
    { "vms/*/nics", T (VMNIC), NULL, "nics.nic", NULL, 0 },
    { "vms/*/nics/*/statistics", T (VMNIC), NULL, "statistics.statistic", NULL, 0 },
    { "vms/*/statistics", T (VM), NULL, "statistics.statistic", NULL, 0 },
    { "vms/*/snapshots", T (SNAP), NULL, "snapshots.snapshot", NULL, 0 },
    { "vms/*/reporteddevices", T (VM), NULL, "reported_devices.reported_device", vm_running, 0 },
    { "hosts", T (HOST) | T (HOSTNIC), &host, NULL, NULL, 3 },
    { "hosts/*/nics", T (HOSTNIC), NULL, "nics.host_nic", NULL, 0 },
    { "hosts/*/nics/*/statistics", T (HOSTNIC), NULL, "statistics.statistic", NULL, 0 },
    { "hosts/*/statistics", T (HOST), NULL, "statistics.statistic", NULL, 0 },
    { "disks", T (DISK), &disk, NULL, NULL, 13 },
    { "disks/*/statistics", T (DISK), NULL, "statistics.statistic", NULL, 0 },
    { "storagedomains", T (SD), &storage_domain, NULL, NULL, 0 },
    { "clusters", T (CLUSTER), &cluster, NULL, NULL, 0 },
    { "clusters/*/networks", T (CLUSTER), NULL, "networks.network", NULL, 0 },
    { "datacenters", T (DC), &data_center, NULL, NULL, 0 },
    { "datacenters/*/storagedomains", T (DC), NULL, "storage_domains.storage_domain", NULL, 0 },
    { "networks", T (NET), &network, NULL, NULL, 0 },
    { "vnicprofiles", T (PROFILE), &vnic_profile, NULL, NULL, 0 },
    { "templates", T (TEMPLATE), &template, NULL, NULL, 0 },
    { "templates/*/diskattachments", T (TEMPLATE), NULL, "disk_attachments.disk_attachment",
      NULL, 0 },
    { "templates/*/nics", T (TEMPLATE), NULL, "nics.nic", NULL, 0 },
    { "vmpools", 0, &vm_pool, NULL, NULL, 0 },     /* a failure only leaves pool ids unnamed */
    { NULL, 0, NULL, NULL, NULL, 0 }
};
