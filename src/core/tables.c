/* tables.c — the schemas of the canonical tables (DESIGN.md section 6).
 *
 * Static data only.  Each column says whether it is shown by default (when
 * a back-end in use fills it: back-ends list their columns themselves, see
 * VinvBackendTable) or that the core computes it from other columns and
 * links (VINV_COL_COMPUTED, computed.c); the help text is what
 * `virt-inventory columns TABLE` prints.  Nothing here names a back-end.
 */
#include "tables.h"

#include <gio/gio.h>
#include <string.h>

#define SOURCE_COLUMN(p) \
    [p##_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, \
                     VINV_COL_SOURCE, \
                     "Connection the row comes from (shown when several are open)" }
#define ID_COLUMN(p) \
    [p##_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, \
                 VINV_COL_ROW_ID, "Unique id (UUID) of the entity" }

static const VinvColumn vms_columns[] = {
    SOURCE_COLUMN (VINV_VM),
    ID_COLUMN (VINV_VM),
    [VINV_VM_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Name of the virtual machine" },
    [VINV_VM_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Run state: up, down, paused, migrating, suspended, ..." },
    [VINV_VM_CONSOLE] = { "console", "Console", VINV_CELL_STRING, NULL, NULL,
        0,
        "Graphics console protocol (vnc, spice)" },
    [VINV_VM_CLUSTER] = { "cluster", "Cluster", VINV_CELL_REF, NULL, "clusters",
        VINV_COL_DEFAULT,
        "Cluster the VM belongs to" },
    [VINV_VM_CLUSTER_VERSION] = { "cluster_version", "Cluster version", VINV_CELL_STRING, NULL, NULL,
        0,
        "Compatibility version of the VM's cluster" },
    [VINV_VM_HOST] = { "host", "Host", VINV_CELL_REF, NULL, "hosts",
        VINV_COL_DEFAULT,
        "Host the VM runs on (oVirt: empty when not running; libvirt: the host it is defined on)" },
    [VINV_VM_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        0,
        "Data center of the VM's cluster" },
    [VINV_VM_TITLE] = { "title", "Title", VINV_CELL_STRING, NULL, NULL,
        0,
        "Short description (libvirt: the domain's <title>)" },
    [VINV_VM_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        0,
        "Free-text description" },
    [VINV_VM_TYPE] = { "type", "Type", VINV_CELL_STRING, NULL, NULL,
        0,
        "oVirt: server/desktop/high_performance; libvirt: domain type (kvm, qemu)" },
    [VINV_VM_VCPUS] = { "vcpus", "vCPUs", VINV_CELL_INT, NULL, NULL,
        VINV_COL_DEFAULT,
        "Number of virtual CPUs" },
    [VINV_VM_MEMORY] = { "memory", "Memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        VINV_COL_DEFAULT,
        "Defined memory" },
    [VINV_VM_MAX_MEMORY] = { "max_memory", "Max memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Maximum memory (hot-plug limit)" },
    [VINV_VM_GUARANTEED_MEMORY] = { "guaranteed_memory", "Guaranteed memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Memory guaranteed by the memory policy" },
    [VINV_VM_OS] = { "os", "OS", VINV_CELL_STRING, NULL, NULL,
        0,
        "Operating system type as configured (oVirt os.type; libvirt os type/arch)" },
    [VINV_VM_ARCHITECTURE] = { "architecture", "Architecture", VINV_CELL_STRING, NULL, NULL,
        0,
        "CPU architecture" },
    [VINV_VM_MACHINE] = { "machine", "Machine type", VINV_CELL_STRING, NULL, NULL,
        0,
        "Emulated machine type (libvirt: <os><type machine=>, e.g. pc-q35-7.2)" },
    [VINV_VM_TEMPLATE] = { "template", "Template", VINV_CELL_REF, NULL, "templates",
        0,
        "Template the VM was created from" },
    [VINV_VM_DISKS] = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks",
        VINV_COL_DEFAULT,
        "Disks attached to the VM" },
    [VINV_VM_NICS] = { "nics", "NICs", VINV_CELL_LIST, NULL, "vm_nics",
        0,
        "Network interfaces of the VM" },
    [VINV_VM_NETWORKS] = { "networks", "Networks", VINV_CELL_LIST, NULL, "networks",
        VINV_COL_DEFAULT,
        "Networks the VM's NICs are connected to" },
    [VINV_VM_STORAGE_DOMAINS] = { "storage_domains", "Storage domains", VINV_CELL_LIST, NULL, "storage_domains",
        0,
        "Storage domains (libvirt: pools) holding the VM's disks" },
    [VINV_VM_SNAPSHOTS] = { "snapshots", "Snapshots", VINV_CELL_LIST, NULL, "snapshots",
        0,
        "Snapshots of the VM" },
    [VINV_VM_CREATION_TIME] = { "creation_time", "Creation time", VINV_CELL_TIME, NULL, NULL,
        0,
        "When the VM was created" },
    [VINV_VM_START_TIME] = { "start_time", "Start time", VINV_CELL_TIME, NULL, NULL,
        0,
        "When the VM was last started" },
    [VINV_VM_UPTIME] = { "uptime", "Uptime", VINV_CELL_QUANTITY, &vinv_units[VINV_U_H], NULL,
        0,
        "Time since the VM was started" },
    [VINV_VM_FQDN] = { "fqdn", "FQDN", VINV_CELL_STRING, NULL, NULL,
        0,
        "Fully qualified domain name reported by the guest agent" },
    [VINV_VM_GUEST_OS] = { "guest_os", "Guest OS", VINV_CELL_STRING, NULL, NULL,
        0,
        "Operating system reported by the guest agent" },
    [VINV_VM_COMPATIBILITY_VERSION] = { "compatibility_version", "Compatibility version", VINV_CELL_STRING, NULL, NULL,
        0,
        "Custom compatibility version, else the cluster's" },
    [VINV_VM_PENDING_RESTART] = { "pending_restart", "Pending restart", VINV_CELL_BOOL, NULL, NULL,
        0,
        "A next-run configuration waits for a restart" },
    [VINV_VM_HA] = { "ha", "HA", VINV_CELL_BOOL, NULL, NULL,
        0,
        "High availability enabled" },
    [VINV_VM_STATELESS] = { "stateless", "Stateless", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Stateless VM" },
    [VINV_VM_POOL] = { "pool", "Pool", VINV_CELL_STRING, NULL, NULL,
        0,
        "VM pool the VM belongs to" },
    [VINV_VM_IP_ADDRESSES] = { "ip_addresses", "IP addresses", VINV_CELL_LIST, NULL, NULL,
        0,
        "Guest IP addresses reported by the guest agent" },
    [VINV_VM_PERSISTENT] = { "persistent", "Persistent", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Domain has a persistent definition" },
    [VINV_VM_AUTOSTART] = { "autostart", "Autostart", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Domain starts with the host" },
    [VINV_VM_MEM_INSTALLED] = { "mem_installed", "Memory installed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Memory seen by the guest (libvirt: balloon current)" },
    [VINV_VM_MEM_USED] = { "mem_used", "Memory used", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Memory used by the guest" },
    [VINV_VM_MEM_FREE] = { "mem_free", "Memory free", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Free guest memory" },
    [VINV_VM_MEM_BUFFERED] = { "mem_buffered", "Memory buffered", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Buffered guest memory" },
    [VINV_VM_MEM_CACHED] = { "mem_cached", "Memory cached", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Cached guest memory" },
    [VINV_VM_MEM_UNUSED] = { "mem_unused", "Memory unused", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Unused guest memory (libvirt: balloon unused)" },
    [VINV_VM_MEM_RSS] = { "mem_rss", "Memory RSS", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Resident memory of the hypervisor process" },
    [VINV_VM_CPU_GUEST] = { "cpu_guest", "CPU guest", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "CPU used by the guest" },
    [VINV_VM_CPU_HYPERVISOR] = { "cpu_hypervisor", "CPU hypervisor", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "CPU used by the hypervisor for the VM" },
    [VINV_VM_CPU_TOTAL] = { "cpu_total", "CPU total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "Total CPU use" },
    [VINV_VM_CPU_TIME] = { "cpu_time", "CPU time", VINV_CELL_QUANTITY, &vinv_units[VINV_U_S], NULL,
        0,
        "CPU time consumed since start" },
    [VINV_VM_NETWORK_USAGE] = { "network_usage", "Network %", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "Network use" },
    [VINV_VM_MIGRATION_PROGRESS] = { "migration_progress", "Migration progress", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "Migration progress" },
    [VINV_VM_ELAPSED_TIME] = { "elapsed_time", "Elapsed time", VINV_CELL_QUANTITY, &vinv_units[VINV_U_S], NULL,
        0,
        "Time the VM has been running (statistic)" },
    [VINV_VM_NET_RX_RATE] = { "net_rx_rate", "Network rx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        0,
        "Receive rate summed over the VM's NICs" },
    [VINV_VM_NET_TX_RATE] = { "net_tx_rate", "Network tx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        0,
        "Transmit rate summed over the VM's NICs" },
    [VINV_VM_NET_RX_BYTES] = { "net_rx_bytes", "Network received", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes received, summed over the VM's NICs" },
    [VINV_VM_NET_TX_BYTES] = { "net_tx_bytes", "Network sent", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes sent, summed over the VM's NICs" },
    [VINV_VM_BLOCK_RD_BYTES] = { "block_rd_bytes", "Disk read", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes read, summed over the VM's disks" },
    [VINV_VM_BLOCK_WR_BYTES] = { "block_wr_bytes", "Disk written", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes written, summed over the VM's disks" },
    [VINV_VM_BLOCK_RD_REQS] = { "block_rd_reqs", "Disk read requests", VINV_CELL_INT, NULL, NULL,
        0,
        "Read requests, summed over the VM's disks" },
    [VINV_VM_BLOCK_WR_REQS] = { "block_wr_reqs", "Disk write requests", VINV_CELL_INT, NULL, NULL,
        0,
        "Write requests, summed over the VM's disks" },
    [VINV_VM_SNAPSHOT_COUNT] = { "snapshot_count", "Snapshot count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Snapshots of the VM, the current state (oVirt's 'Active VM') not counted (computed)" },
    [VINV_VM_OLDEST_SNAPSHOT_AGE] = { "oldest_snapshot_age", "Oldest snapshot age", VINV_CELL_QUANTITY, &vinv_units[VINV_U_D], NULL,
        VINV_COL_COMPUTED,
        "Age of the VM's oldest snapshot at load time; empty without snapshots (computed)" },
    [VINV_VM_DISKS_PROVISIONED] = { "disks_provisioned", "Disks provisioned", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_COMPUTED,
        "Provisioned (virtual) size of the VM's disks, summed (computed)" },
    [VINV_VM_DISKS_ACTUAL] = { "disks_actual", "Disks actual size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_COMPUTED,
        "Space the VM's disks take on storage, summed (computed)" },
};

static const char *const vms_aliases[] = { "vm", "domains", "domain", "virtual machines", NULL };

static const VinvColumn hosts_columns[] = {
    SOURCE_COLUMN (VINV_HOST),
    ID_COLUMN (VINV_HOST),
    [VINV_HOST_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Host name" },
    [VINV_HOST_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "up, maintenance, non_responsive, ..." },
    [VINV_HOST_ADDRESS] = { "address", "Address", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Address the engine (or libvirt URI) reaches the host at" },
    [VINV_HOST_CLUSTER] = { "cluster", "Cluster", VINV_CELL_REF, NULL, "clusters",
        VINV_COL_DEFAULT,
        "Cluster of the host" },
    [VINV_HOST_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        0,
        "Data center of the host's cluster" },
    [VINV_HOST_CPU_MODEL] = { "cpu_model", "CPU model", VINV_CELL_STRING, NULL, NULL,
        0,
        "CPU model name" },
    [VINV_HOST_CPU_SPEED] = { "cpu_speed", "CPU speed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MHZ], NULL,
        0,
        "CPU clock speed" },
    [VINV_HOST_SOCKETS] = { "sockets", "Sockets", VINV_CELL_INT, NULL, NULL,
        0,
        "CPU sockets" },
    [VINV_HOST_CORES] = { "cores", "Cores", VINV_CELL_INT, NULL, NULL,
        VINV_COL_DEFAULT,
        "CPU cores in all" },
    [VINV_HOST_THREADS] = { "threads", "Threads", VINV_CELL_INT, NULL, NULL,
        0,
        "CPU threads in all (logical CPUs)" },
    [VINV_HOST_MEMORY] = { "memory", "Memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Physical memory" },
    [VINV_HOST_SPM] = { "spm", "SPM", VINV_CELL_STRING, NULL, NULL,
        0,
        "Storage pool manager role: spm, contending, none" },
    [VINV_HOST_VDSM_VERSION] = { "vdsm_version", "VDSM version", VINV_CELL_STRING, NULL, NULL,
        0,
        "VDSM version" },
    [VINV_HOST_HYPERVISOR] = { "hypervisor", "Hypervisor", VINV_CELL_STRING, NULL, NULL,
        0,
        "Hypervisor and version (e.g. QEMU 7.2.0)" },
    [VINV_HOST_LIBVIRT_VERSION] = { "libvirt_version", "libvirt version", VINV_CELL_STRING, NULL, NULL,
        0,
        "libvirt version on the host" },
    [VINV_HOST_OS] = { "os", "OS", VINV_CELL_STRING, NULL, NULL,
        0,
        "Host operating system" },
    [VINV_HOST_UPDATE_AVAILABLE] = { "update_available", "Update available", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Package updates are available" },
    [VINV_HOST_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs running on the host" },
    [VINV_HOST_RUNNING_VMS] = { "running_vms", "Running VMs", VINV_CELL_INT, NULL, NULL,
        VINV_COL_DEFAULT,
        "Number of running VMs" },
    [VINV_HOST_NICS] = { "nics", "NICs", VINV_CELL_LIST, NULL, "host_nics",
        0,
        "Network interfaces of the host" },
    [VINV_HOST_NETWORKS] = { "networks", "Networks", VINV_CELL_LIST, NULL, "networks",
        0,
        "Networks attached to the host" },
    [VINV_HOST_MEM_TOTAL] = { "mem_total", "Memory total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Total memory (statistic)" },
    [VINV_HOST_MEM_USED] = { "mem_used", "Memory used", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Used memory" },
    [VINV_HOST_MEM_FREE] = { "mem_free", "Memory free", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Free memory" },
    [VINV_HOST_MEM_SHARED] = { "mem_shared", "Memory shared", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Shared memory" },
    [VINV_HOST_SWAP_TOTAL] = { "swap_total", "Swap total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Total swap" },
    [VINV_HOST_SWAP_FREE] = { "swap_free", "Swap free", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Free swap" },
    [VINV_HOST_SWAP_USED] = { "swap_used", "Swap used", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Used swap" },
    [VINV_HOST_KSM_CPU] = { "ksm_cpu", "KSM CPU", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "CPU used by KSM" },
    [VINV_HOST_CPU_USER] = { "cpu_user", "CPU user", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "CPU in user mode" },
    [VINV_HOST_CPU_SYSTEM] = { "cpu_system", "CPU system", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "CPU in system mode" },
    [VINV_HOST_CPU_IDLE] = { "cpu_idle", "CPU idle", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "Idle CPU" },
    [VINV_HOST_LOAD_AVG] = { "load_avg", "Load average", VINV_CELL_DOUBLE, NULL, NULL,
        0,
        "CPU load average over 5 minutes" },
    [VINV_HOST_BOOT_TIME] = { "boot_time", "Boot time", VINV_CELL_TIME, NULL, NULL,
        0,
        "When the host booted" },
    [VINV_HOST_URI] = { "uri", "URI", VINV_CELL_STRING, NULL, NULL,
        0,
        "libvirt connection URI" },
    [VINV_HOST_RUNNING_VCPUS] = { "running_vcpus", "Running vCPUs", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "vCPUs of the VMs running on the host: those whose Host it is and that are not down or crashed (computed)" },
    [VINV_HOST_VCPU_PER_CORE] = { "vcpu_per_core", "vCPU per core", VINV_CELL_DOUBLE, NULL, NULL,
        VINV_COL_COMPUTED,
        "Running vCPUs per physical core, the CPU overcommit ratio (computed)" },
    [VINV_HOST_RUNNING_MEMORY] = { "running_memory", "Running VMs memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_COMPUTED,
        "Defined memory of the VMs running on the host, summed (computed)" },
    [VINV_HOST_MEMORY_COMMITTED] = { "memory_committed", "Memory committed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        VINV_COL_COMPUTED,
        "Running VMs memory as a share of the host's physical memory (computed)" },
};

static const char *const hosts_aliases[] = { "host", "nodes", "node", "hypervisors", NULL };

static const VinvColumn disks_columns[] = {
    SOURCE_COLUMN (VINV_DISK),
    ID_COLUMN (VINV_DISK),
    [VINV_DISK_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Disk name (libvirt: volume name or source file)" },
    [VINV_DISK_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "ok, locked, illegal" },
    [VINV_DISK_ALIAS] = { "alias", "Alias", VINV_CELL_STRING, NULL, NULL,
        0,
        "Disk alias" },
    [VINV_DISK_ACTUAL_SIZE] = { "actual_size", "Actual size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Space the disk takes on storage" },
    [VINV_DISK_PROVISIONED_SIZE] = { "provisioned_size", "Provisioned size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Virtual size seen by the guest" },
    [VINV_DISK_TOTAL_SIZE] = { "total_size", "Total size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        0,
        "Actual size including snapshots" },
    [VINV_DISK_FORMAT] = { "format", "Format", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "cow/raw (libvirt: qcow2, raw, ...)" },
    [VINV_DISK_SPARSE] = { "sparse", "Sparse", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Thin provisioned" },
    [VINV_DISK_CONTENT_TYPE] = { "content_type", "Content type", VINV_CELL_STRING, NULL, NULL,
        0,
        "data, iso, memory_dump, ..." },
    [VINV_DISK_STORAGE_TYPE] = { "storage_type", "Storage type", VINV_CELL_STRING, NULL, NULL,
        0,
        "image, lun, cinder (libvirt: file, block, dir)" },
    [VINV_DISK_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs the disk is attached to" },
    [VINV_DISK_STORAGE_DOMAINS] = { "storage_domains", "Storage domains", VINV_CELL_LIST, NULL, "storage_domains",
        VINV_COL_DEFAULT,
        "Storage domains (libvirt: pools) holding the disk" },
    [VINV_DISK_TEMPLATE] = { "template", "Template", VINV_CELL_REF, NULL, "templates",
        0,
        "Template the disk belongs to" },
    [VINV_DISK_SHAREABLE] = { "shareable", "Shareable", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Can be attached to several VMs" },
    [VINV_DISK_BOOTABLE] = { "bootable", "Bootable", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Bootable (from the VM attachment)" },
    [VINV_DISK_INTERFACE] = { "interface", "Interface", VINV_CELL_STRING, NULL, NULL,
        0,
        "virtio, virtio_scsi, ide, sata (libvirt: bus)" },
    [VINV_DISK_TARGET] = { "target", "Target", VINV_CELL_STRING, NULL, NULL,
        0,
        "Guest device name (vda, sdb)" },
    [VINV_DISK_PATH] = { "path", "Path", VINV_CELL_STRING, NULL, NULL,
        0,
        "Where the disk is: a file or device path, a pool/volume, or a URI for network, NVMe and vhost-user disks (nbd://host:port/export, nvme://0000:01:00.0/1, vhostuser:/run/sock)" },
    [VINV_DISK_DEVICE] = { "device", "Device", VINV_CELL_STRING, NULL, NULL,
        0,
        "How the guest sees the disk: disk, cdrom, floppy, lun" },
    [VINV_DISK_READ_ONLY] = { "read_only", "Read-only", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Attached read-only (libvirt: <readonly/>)" },
    [VINV_DISK_READ_RATE] = { "read_rate", "Read rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB_S], NULL,
        0,
        "Read rate" },
    [VINV_DISK_WRITE_RATE] = { "write_rate", "Write rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB_S], NULL,
        0,
        "Write rate" },
    [VINV_DISK_READ_LATENCY] = { "read_latency", "Read latency", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MS], NULL,
        0,
        "Read latency" },
    [VINV_DISK_WRITE_LATENCY] = { "write_latency", "Write latency", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MS], NULL,
        0,
        "Write latency" },
    [VINV_DISK_FLUSH_LATENCY] = { "flush_latency", "Flush latency", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MS], NULL,
        0,
        "Flush latency" },
    [VINV_DISK_RD_BYTES] = { "rd_bytes", "Bytes read", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes read since the VM started" },
    [VINV_DISK_WR_BYTES] = { "wr_bytes", "Bytes written", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes written since the VM started" },
    [VINV_DISK_RD_REQS] = { "rd_reqs", "Read requests", VINV_CELL_INT, NULL, NULL,
        0,
        "Read requests since the VM started" },
    [VINV_DISK_WR_REQS] = { "wr_reqs", "Write requests", VINV_CELL_INT, NULL, NULL,
        0,
        "Write requests since the VM started" },
};

static const char *const disks_aliases[] = { "disk", "volumes", "volume", NULL };

static const VinvColumn storage_domains_columns[] = {
    SOURCE_COLUMN (VINV_SD),
    ID_COLUMN (VINV_SD),
    [VINV_SD_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Storage domain (libvirt: pool) name" },
    [VINV_SD_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "active, inactive, maintenance, unattached (libvirt: running, inactive)" },
    [VINV_SD_TYPE] = { "type", "Type", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "data, iso, export (libvirt: pool type dir, logical, netfs, ...)" },
    [VINV_SD_STORAGE_TYPE] = { "storage_type", "Storage type", VINV_CELL_STRING, NULL, NULL,
        0,
        "nfs, iscsi, fcp, glusterfs, localfs (libvirt: pool type)" },
    [VINV_SD_STORAGE_ADDRESS] = { "storage_address", "Storage address", VINV_CELL_STRING, NULL, NULL,
        0,
        "Server address (NFS/iSCSI host; libvirt source host)" },
    [VINV_SD_PATH] = { "path", "Path", VINV_CELL_STRING, NULL, NULL,
        0,
        "Export path (libvirt: target path)" },
    [VINV_SD_FORMAT] = { "format", "Format", VINV_CELL_STRING, NULL, NULL,
        0,
        "Storage format (v1..v5; libvirt source format)" },
    [VINV_SD_TOTAL] = { "total", "Total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Total space" },
    [VINV_SD_USED] = { "used", "Used space", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Used space" },
    [VINV_SD_AVAILABLE] = { "available", "Available space", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_DEFAULT,
        "Available space" },
    [VINV_SD_FREE_PERCENT] = { "free_percent", "Free %", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        VINV_COL_DEFAULT,
        "Available space as a share of the total" },
    [VINV_SD_COMMITTED] = { "committed", "Committed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        0,
        "Space promised to disks (overcommit)" },
    [VINV_SD_MASTER] = { "master", "Master", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Master storage domain of its data center" },
    [VINV_SD_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        VINV_COL_DEFAULT,
        "Data center the domain is attached to" },
    [VINV_SD_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs with disks on the domain" },
    [VINV_SD_DISKS] = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks",
        VINV_COL_DEFAULT,
        "Disks on the domain" },
    [VINV_SD_TEMPLATES] = { "templates", "Templates", VINV_CELL_LIST, NULL, "templates",
        0,
        "Templates with disks on the domain" },
    [VINV_SD_AUTOSTART] = { "autostart", "Autostart", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Pool starts with the host" },
    [VINV_SD_PERSISTENT] = { "persistent", "Persistent", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Pool has a persistent definition" },
    [VINV_SD_PROVISIONED] = { "provisioned", "Provisioned", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_COMPUTED,
        "Provisioned (virtual) size of the disks on the domain, summed (computed)" },
    [VINV_SD_OVER_ALLOCATION] = { "over_allocation", "Over-allocation", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        VINV_COL_COMPUTED,
        "Provisioned as a share of the total space; above 100 % the disks could outgrow the domain (computed)" },
    [VINV_SD_VM_COUNT] = { "vm_count", "VM count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Number of VMs with disks on the domain (computed)" },
};

static const char *const storage_domains_aliases[] = { "storage domain", "sds", "sd", "storage pools", "storage pool", "pools", "pool", NULL };

static const VinvColumn clusters_columns[] = {
    SOURCE_COLUMN (VINV_CLUSTER),
    ID_COLUMN (VINV_CLUSTER),
    [VINV_CLUSTER_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Cluster name" },
    [VINV_CLUSTER_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        0,
        "Description" },
    [VINV_CLUSTER_VERSION] = { "version", "Version", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Compatibility version" },
    [VINV_CLUSTER_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        VINV_COL_DEFAULT,
        "Data center of the cluster" },
    [VINV_CLUSTER_HOSTS] = { "hosts", "Hosts", VINV_CELL_LIST, NULL, "hosts",
        VINV_COL_DEFAULT,
        "Hosts of the cluster" },
    [VINV_CLUSTER_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs of the cluster" },
    [VINV_CLUSTER_ERROR_HANDLING] = { "error_handling", "Error handling", VINV_CELL_STRING, NULL, NULL,
        0,
        "What happens to VMs when a host fails (migrate, do_not_migrate, ...)" },
    [VINV_CLUSTER_CPU] = { "cpu", "CPU", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Cluster CPU type" },
    [VINV_CLUSTER_ARCHITECTURE] = { "architecture", "Architecture", VINV_CELL_STRING, NULL, NULL,
        0,
        "CPU architecture" },
    [VINV_CLUSTER_FIREWALL] = { "firewall", "Firewall", VINV_CELL_STRING, NULL, NULL,
        0,
        "Firewall type (iptables, firewalld)" },
    [VINV_CLUSTER_MEMORY_OVERCOMMIT] = { "memory_overcommit", "Memory overcommit", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        0,
        "Memory overcommit" },
    [VINV_CLUSTER_NETWORKS] = { "networks", "Networks", VINV_CELL_LIST, NULL, "networks",
        VINV_COL_DEFAULT,
        "Networks of the cluster" },
    [VINV_CLUSTER_TEMPLATES] = { "templates", "Templates", VINV_CELL_LIST, NULL, "templates",
        0,
        "Templates of the cluster" },
    [VINV_CLUSTER_RUNNING_VCPUS] = { "running_vcpus", "Running vCPUs", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Running vCPUs of the cluster's hosts, summed (computed)" },
    [VINV_CLUSTER_VCPU_PER_CORE] = { "vcpu_per_core", "vCPU per core", VINV_CELL_DOUBLE, NULL, NULL,
        VINV_COL_COMPUTED,
        "Running vCPUs per physical core over the cluster's hosts (computed)" },
    [VINV_CLUSTER_RUNNING_MEMORY] = { "running_memory", "Running VMs memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
        VINV_COL_COMPUTED,
        "Memory of the VMs running on the cluster's hosts, summed (computed)" },
    [VINV_CLUSTER_MEMORY_COMMITTED] = { "memory_committed", "Memory committed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
        VINV_COL_COMPUTED,
        "Running VMs memory as a share of the hosts' physical memory (computed)" },
    [VINV_CLUSTER_VM_COUNT] = { "vm_count", "VM count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Number of VMs of the cluster (computed)" },
    [VINV_CLUSTER_RUNNING_VM_COUNT] = { "running_vm_count", "Running VM count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Number of VMs of the cluster running on a host (computed)" },
};

static const char *const clusters_aliases[] = { "cluster", NULL };

static const VinvColumn data_centers_columns[] = {
    SOURCE_COLUMN (VINV_DC),
    ID_COLUMN (VINV_DC),
    [VINV_DC_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Data center name" },
    [VINV_DC_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        0,
        "Description" },
    [VINV_DC_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "up, maintenance, not_operational, uninitialized, ..." },
    [VINV_DC_VERSION] = { "version", "Version", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Compatibility version" },
    [VINV_DC_LOCAL] = { "local", "Local", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Local storage data center" },
    [VINV_DC_QUOTA_MODE] = { "quota_mode", "Quota mode", VINV_CELL_STRING, NULL, NULL,
        0,
        "disabled, audit, enabled" },
    [VINV_DC_STORAGE_FORMAT] = { "storage_format", "Storage format", VINV_CELL_STRING, NULL, NULL,
        0,
        "Storage format version" },
    [VINV_DC_STORAGE_DOMAINS] = { "storage_domains", "Storage domains", VINV_CELL_LIST, NULL, "storage_domains",
        VINV_COL_DEFAULT,
        "Storage domains attached" },
    [VINV_DC_NETWORKS] = { "networks", "Networks", VINV_CELL_LIST, NULL, "networks",
        VINV_COL_DEFAULT,
        "Networks of the data center" },
    [VINV_DC_CLUSTERS] = { "clusters", "Clusters", VINV_CELL_LIST, NULL, "clusters",
        VINV_COL_DEFAULT,
        "Clusters of the data center" },
    [VINV_DC_TEMPLATES] = { "templates", "Templates", VINV_CELL_LIST, NULL, "templates",
        0,
        "Templates in the data center" },
    [VINV_DC_VM_COUNT] = { "vm_count", "VM count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Number of VMs in the data center (computed)" },
    [VINV_DC_HOST_COUNT] = { "host_count", "Host count", VINV_CELL_INT, NULL, NULL,
        VINV_COL_COMPUTED,
        "Number of hosts in the data center (computed)" },
};

static const char *const data_centers_aliases[] = { "data center", "datacenters", "dcs", "dc", NULL };

static const VinvColumn networks_columns[] = {
    SOURCE_COLUMN (VINV_NET),
    ID_COLUMN (VINV_NET),
    [VINV_NET_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Network name" },
    [VINV_NET_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        0,
        "Description" },
    [VINV_NET_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        VINV_COL_DEFAULT,
        "Data center of the network" },
    [VINV_NET_VLAN] = { "vlan", "VLAN", VINV_CELL_INT, NULL, NULL,
        VINV_COL_DEFAULT,
        "VLAN tag" },
    [VINV_NET_MTU] = { "mtu", "MTU", VINV_CELL_INT, NULL, NULL,
        0,
        "MTU (empty: default)" },
    [VINV_NET_STP] = { "stp", "STP", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Spanning tree protocol enabled" },
    [VINV_NET_USAGES] = { "usages", "Usages", VINV_CELL_LIST, NULL, NULL,
        0,
        "vm, display, migration, management, ..." },
    [VINV_NET_REQUIRED] = { "required", "Required", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Required on every host of a cluster" },
    [VINV_NET_FORWARD] = { "forward", "Forward", VINV_CELL_STRING, NULL, NULL,
        0,
        "libvirt forward mode (nat, route, bridge, isolated)" },
    [VINV_NET_BRIDGE] = { "bridge", "Bridge", VINV_CELL_STRING, NULL, NULL,
        0,
        "Bridge device" },
    [VINV_NET_ADDRESS] = { "address", "Address", VINV_CELL_STRING, NULL, NULL,
        0,
        "IP address and prefix of the network" },
    [VINV_NET_ACTIVE] = { "active", "Active", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Network is running" },
    [VINV_NET_AUTOSTART] = { "autostart", "Autostart", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Network starts with the host" },
    [VINV_NET_VNIC_PROFILES] = { "vnic_profiles", "vNIC profiles", VINV_CELL_LIST, NULL, "vnic_profiles",
        VINV_COL_DEFAULT,
        "vNIC profiles of the network" },
    [VINV_NET_CLUSTERS] = { "clusters", "Clusters", VINV_CELL_LIST, NULL, "clusters",
        VINV_COL_DEFAULT,
        "Clusters the network is attached to" },
    [VINV_NET_HOSTS] = { "hosts", "Hosts", VINV_CELL_LIST, NULL, "hosts",
        VINV_COL_DEFAULT,
        "Hosts the network is attached to" },
    [VINV_NET_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs with a NIC on the network" },
    [VINV_NET_NICS] = { "nics", "NICs", VINV_CELL_LIST, NULL, "vm_nics",
        0,
        "VM NICs on the network" },
    [VINV_NET_TEMPLATES] = { "templates", "Templates", VINV_CELL_LIST, NULL, "templates",
        0,
        "Templates with a NIC on the network" },
};

static const char *const networks_aliases[] = { "network", "nets", "net", NULL };

static const VinvColumn vnic_profiles_columns[] = {
    SOURCE_COLUMN (VINV_PROFILE),
    ID_COLUMN (VINV_PROFILE),
    [VINV_PROFILE_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Profile name" },
    [VINV_PROFILE_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        VINV_COL_DEFAULT,
        "Data center of the profile's network" },
    [VINV_PROFILE_NETWORK] = { "network", "Network", VINV_CELL_REF, NULL, "networks",
        VINV_COL_DEFAULT,
        "Network of the profile" },
    [VINV_PROFILE_PASS_THROUGH] = { "pass_through", "Pass-through", VINV_CELL_STRING, NULL, NULL,
        0,
        "Pass-through mode" },
    [VINV_PROFILE_PORT_MIRRORING] = { "port_mirroring", "Port mirroring", VINV_CELL_BOOL, NULL, NULL,
        0,
        "Port mirroring enabled" },
    [VINV_PROFILE_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs with a NIC using the profile" },
    [VINV_PROFILE_NICS] = { "nics", "NICs", VINV_CELL_LIST, NULL, "vm_nics",
        0,
        "VM NICs using the profile" },
    [VINV_PROFILE_TEMPLATES] = { "templates", "Templates", VINV_CELL_LIST, NULL, "templates",
        VINV_COL_DEFAULT,
        "Templates with a NIC using the profile" },
    [VINV_PROFILE_HOSTS] = { "hosts", "Hosts", VINV_CELL_LIST, NULL, "hosts",
        VINV_COL_DEFAULT,
        "Hosts attached to the profile's network" },
};

static const char *const vnic_profiles_aliases[] = { "vnic profile", "profiles", "profile", "vnics", NULL };

static const VinvColumn templates_columns[] = {
    SOURCE_COLUMN (VINV_TEMPLATE),
    ID_COLUMN (VINV_TEMPLATE),
    [VINV_TEMPLATE_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Template name" },
    [VINV_TEMPLATE_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        0,
        "Description" },
    [VINV_TEMPLATE_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "ok, locked, illegal" },
    [VINV_TEMPLATE_VERSION] = { "version", "Version", VINV_CELL_STRING, NULL, NULL,
        0,
        "Template version name/number" },
    [VINV_TEMPLATE_CLUSTER] = { "cluster", "Cluster", VINV_CELL_REF, NULL, "clusters",
        VINV_COL_DEFAULT,
        "Cluster of the template" },
    [VINV_TEMPLATE_DATA_CENTER] = { "data_center", "Data center", VINV_CELL_REF, NULL, "data_centers",
        0,
        "Data center of the template's cluster" },
    [VINV_TEMPLATE_OS] = { "os", "OS", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Operating system type" },
    [VINV_TEMPLATE_MEMORY] = { "memory", "Memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        VINV_COL_DEFAULT,
        "Memory" },
    [VINV_TEMPLATE_CPU_CORES] = { "cpu_cores", "CPU cores", VINV_CELL_INT, NULL, NULL,
        VINV_COL_DEFAULT,
        "Virtual CPU cores" },
    [VINV_TEMPLATE_CREATION_TIME] = { "creation_time", "Creation time", VINV_CELL_TIME, NULL, NULL,
        0,
        "When the template was created" },
    [VINV_TEMPLATE_VMS] = { "vms", "VMs", VINV_CELL_LIST, NULL, "vms",
        VINV_COL_DEFAULT,
        "VMs created from the template" },
    [VINV_TEMPLATE_NICS] = { "nics", "NICs", VINV_CELL_LIST, NULL, NULL,
        0,
        "NICs of the template" },
    [VINV_TEMPLATE_DISKS] = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks",
        VINV_COL_DEFAULT,
        "Disks of the template" },
    [VINV_TEMPLATE_NETWORKS] = { "networks", "Networks", VINV_CELL_LIST, NULL, "networks",
        0,
        "Networks of the template's NICs" },
    [VINV_TEMPLATE_STORAGE_DOMAINS] = { "storage_domains", "Storage domains", VINV_CELL_LIST, NULL, "storage_domains",
        0,
        "Storage domains holding the template's disks" },
};

static const char *const templates_aliases[] = { "template", NULL };

static const VinvColumn vm_nics_columns[] = {
    SOURCE_COLUMN (VINV_VMNIC),
    ID_COLUMN (VINV_VMNIC),
    [VINV_VMNIC_VM] = { "vm", "VM", VINV_CELL_REF, NULL, "vms",
        VINV_COL_DEFAULT,
        "VM the NIC belongs to" },
    [VINV_VMNIC_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "NIC name (libvirt: target device, e.g. vnet0)" },
    [VINV_VMNIC_MAC] = { "mac", "MAC address", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "MAC address" },
    [VINV_VMNIC_INTERFACE] = { "interface", "Interface", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Model: virtio, e1000, rtl8139" },
    [VINV_VMNIC_VNIC_PROFILE] = { "vnic_profile", "vNIC profile", VINV_CELL_REF, NULL, "vnic_profiles",
        VINV_COL_DEFAULT,
        "vNIC profile" },
    [VINV_VMNIC_NETWORK] = { "network", "Network", VINV_CELL_REF, NULL, "networks",
        VINV_COL_DEFAULT,
        "Network" },
    [VINV_VMNIC_HOST] = { "host", "Host", VINV_CELL_REF, NULL, "hosts",
        0,
        "Host the NIC's VM runs on" },
    [VINV_VMNIC_TYPE] = { "type", "Type", VINV_CELL_STRING, NULL, NULL,
        0,
        "Interface type (network, bridge, direct, user)" },
    [VINV_VMNIC_BRIDGE] = { "bridge", "Bridge", VINV_CELL_STRING, NULL, NULL,
        0,
        "Bridge or source device" },
    [VINV_VMNIC_LINKED] = { "linked", "Linked", VINV_CELL_BOOL, NULL, NULL,
        VINV_COL_DEFAULT,
        "Link is up" },
    [VINV_VMNIC_PLUGGED] = { "plugged", "Plugged", VINV_CELL_BOOL, NULL, NULL,
        0,
        "NIC is plugged" },
    [VINV_VMNIC_IP_ADDRESSES] = { "ip_addresses", "IP addresses", VINV_CELL_LIST, NULL, NULL,
        0,
        "Guest IP addresses on the NIC" },
    [VINV_VMNIC_RX_RATE] = { "rx_rate", "Rx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        VINV_COL_DEFAULT,
        "Receive rate" },
    [VINV_VMNIC_TX_RATE] = { "tx_rate", "Tx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        VINV_COL_DEFAULT,
        "Transmit rate" },
    [VINV_VMNIC_RX_TOTAL] = { "rx_total", "Rx total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        VINV_COL_DEFAULT,
        "Bytes received" },
    [VINV_VMNIC_TX_TOTAL] = { "tx_total", "Tx total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        VINV_COL_DEFAULT,
        "Bytes sent" },
    [VINV_VMNIC_RX_ERRORS] = { "rx_errors", "Rx errors", VINV_CELL_INT, NULL, NULL,
        0,
        "Receive errors" },
    [VINV_VMNIC_TX_ERRORS] = { "tx_errors", "Tx errors", VINV_CELL_INT, NULL, NULL,
        0,
        "Transmit errors" },
    [VINV_VMNIC_RX_DROPS] = { "rx_drops", "Rx drops", VINV_CELL_INT, NULL, NULL,
        0,
        "Received packets dropped" },
    [VINV_VMNIC_TX_DROPS] = { "tx_drops", "Tx drops", VINV_CELL_INT, NULL, NULL,
        0,
        "Sent packets dropped" },
};

static const char *const vm_nics_aliases[] = { "vm nic", "nics", "nic", "interfaces", NULL };

static const VinvColumn host_nics_columns[] = {
    SOURCE_COLUMN (VINV_HOSTNIC),
    ID_COLUMN (VINV_HOSTNIC),
    [VINV_HOSTNIC_HOST] = { "host", "Host", VINV_CELL_REF, NULL, "hosts",
        VINV_COL_DEFAULT,
        "Host the NIC belongs to" },
    [VINV_HOSTNIC_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Interface name" },
    [VINV_HOSTNIC_MAC] = { "mac", "MAC address", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "MAC address" },
    [VINV_HOSTNIC_IP] = { "ip", "IP address", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "IPv4 address" },
    [VINV_HOSTNIC_SPEED] = { "speed", "Speed", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        VINV_COL_DEFAULT,
        "Link speed" },
    [VINV_HOSTNIC_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "up, down" },
    [VINV_HOSTNIC_NETWORK] = { "network", "Network", VINV_CELL_REF, NULL, "networks",
        VINV_COL_DEFAULT,
        "Network attached to the NIC" },
    [VINV_HOSTNIC_BOND] = { "bond", "Bond", VINV_CELL_STRING, NULL, NULL,
        0,
        "Bond the NIC belongs to, or its slaves for a bond" },
    [VINV_HOSTNIC_VLAN] = { "vlan", "VLAN", VINV_CELL_INT, NULL, NULL,
        0,
        "VLAN id" },
    [VINV_HOSTNIC_MTU] = { "mtu", "MTU", VINV_CELL_INT, NULL, NULL,
        0,
        "MTU" },
    [VINV_HOSTNIC_RX_RATE] = { "rx_rate", "Rx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        VINV_COL_DEFAULT,
        "Receive rate" },
    [VINV_HOSTNIC_TX_RATE] = { "tx_rate", "Tx rate", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MBPS], NULL,
        VINV_COL_DEFAULT,
        "Transmit rate" },
    [VINV_HOSTNIC_RX_TOTAL] = { "rx_total", "Rx total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes received" },
    [VINV_HOSTNIC_TX_TOTAL] = { "tx_total", "Tx total", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
        0,
        "Bytes sent" },
    [VINV_HOSTNIC_RX_ERRORS] = { "rx_errors", "Rx errors", VINV_CELL_INT, NULL, NULL,
        0,
        "Receive errors" },
    [VINV_HOSTNIC_TX_ERRORS] = { "tx_errors", "Tx errors", VINV_CELL_INT, NULL, NULL,
        0,
        "Transmit errors" },
};

static const char *const host_nics_aliases[] = { "host nic", "hnics", "host interfaces", NULL };

static const VinvColumn snapshots_columns[] = {
    SOURCE_COLUMN (VINV_SNAP),
    ID_COLUMN (VINV_SNAP),
    [VINV_SNAP_VM] = { "vm", "VM", VINV_CELL_REF, NULL, "vms",
        VINV_COL_DEFAULT,
        "VM the snapshot belongs to" },
    [VINV_SNAP_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Snapshot name (oVirt: the description)" },
    [VINV_SNAP_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "Description" },
    [VINV_SNAP_DATE] = { "date", "Date", VINV_CELL_TIME, NULL, NULL,
        VINV_COL_DEFAULT,
        "When the snapshot was taken" },
    [VINV_SNAP_STATUS] = { "status", "Status", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT,
        "ok, locked, in_preview (libvirt: the VM state saved)" },
    [VINV_SNAP_TYPE] = { "type", "Type", VINV_CELL_STRING, NULL, NULL,
        0,
        "active, regular, preview, stateless (libvirt: internal/external)" },
    [VINV_SNAP_MEMORY_SAVED] = { "memory_saved", "Memory saved", VINV_CELL_BOOL, NULL, NULL,
        VINV_COL_DEFAULT,
        "Memory state is part of the snapshot" },
    [VINV_SNAP_AGE] = { "age", "Age", VINV_CELL_QUANTITY, &vinv_units[VINV_U_D], NULL,
        VINV_COL_DEFAULT,
        "Time since the snapshot was taken (at load time)" },
    [VINV_SNAP_CURRENT] = { "current", "Current", VINV_CELL_BOOL, NULL, NULL,
        0,
        "The domain's current snapshot" },
    [VINV_SNAP_PARENT] = { "parent", "Parent", VINV_CELL_STRING, NULL, NULL,
        0,
        "Parent snapshot" },
};

static const char *const snapshots_aliases[] = { "snapshot", "snaps", NULL };

static const VinvSchema schemas[VINV_TABLE_LAST] = {
    [VINV_TABLE_VM] = {
        "vms", "VMs", vms_aliases,
        vms_columns, G_N_ELEMENTS (vms_columns)
    },
    [VINV_TABLE_HOST] = {
        "hosts", "Hosts", hosts_aliases,
        hosts_columns, G_N_ELEMENTS (hosts_columns)
    },
    [VINV_TABLE_DISK] = {
        "disks", "Disks", disks_aliases,
        disks_columns, G_N_ELEMENTS (disks_columns)
    },
    [VINV_TABLE_SD] = {
        "storage_domains", "Storage domains", storage_domains_aliases,
        storage_domains_columns, G_N_ELEMENTS (storage_domains_columns)
    },
    [VINV_TABLE_CLUSTER] = {
        "clusters", "Clusters", clusters_aliases,
        clusters_columns, G_N_ELEMENTS (clusters_columns)
    },
    [VINV_TABLE_DC] = {
        "data_centers", "Data centers", data_centers_aliases,
        data_centers_columns, G_N_ELEMENTS (data_centers_columns)
    },
    [VINV_TABLE_NET] = {
        "networks", "Networks", networks_aliases,
        networks_columns, G_N_ELEMENTS (networks_columns)
    },
    [VINV_TABLE_PROFILE] = {
        "vnic_profiles", "vNIC profiles", vnic_profiles_aliases,
        vnic_profiles_columns, G_N_ELEMENTS (vnic_profiles_columns)
    },
    [VINV_TABLE_TEMPLATE] = {
        "templates", "Templates", templates_aliases,
        templates_columns, G_N_ELEMENTS (templates_columns)
    },
    [VINV_TABLE_VMNIC] = {
        "vm_nics", "VM NICs", vm_nics_aliases,
        vm_nics_columns, G_N_ELEMENTS (vm_nics_columns)
    },
    [VINV_TABLE_HOSTNIC] = {
        "host_nics", "Host NICs", host_nics_aliases,
        host_nics_columns, G_N_ELEMENTS (host_nics_columns)
    },
    [VINV_TABLE_SNAP] = {
        "snapshots", "Snapshots", snapshots_aliases,
        snapshots_columns, G_N_ELEMENTS (snapshots_columns)
    },
};

G_STATIC_ASSERT (G_N_ELEMENTS (vms_columns) == VINV_VM_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (hosts_columns) == VINV_HOST_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (disks_columns) == VINV_DISK_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (storage_domains_columns) == VINV_SD_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (clusters_columns) == VINV_CLUSTER_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (data_centers_columns) == VINV_DC_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (networks_columns) == VINV_NET_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (vnic_profiles_columns) == VINV_PROFILE_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (templates_columns) == VINV_TEMPLATE_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (vm_nics_columns) == VINV_VMNIC_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (host_nics_columns) == VINV_HOSTNIC_N_COLUMNS);
G_STATIC_ASSERT (G_N_ELEMENTS (snapshots_columns) == VINV_SNAP_N_COLUMNS);

const VinvSchema *
vinv_schema_get (VinvTableKind kind)
{
    g_return_val_if_fail (kind < VINV_TABLE_LAST, NULL);
    return &schemas[kind];
}

VinvTableKind
vinv_schema_get_kind (const VinvSchema *schema)
{
    g_return_val_if_fail (schema >= schemas && schema < schemas + VINV_TABLE_LAST,
                          VINV_TABLE_LAST);
    return (VinvTableKind) (schema - schemas);
}

const VinvSchema *
vinv_schema_lookup (const char *name)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *s = &schemas[k];
        if (vinv_name_equal (name, s->id) || vinv_name_equal (name, s->title))
            return s;
    }
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        const VinvSchema *s = &schemas[k];
        for (guint a = 0; s->aliases != NULL && s->aliases[a] != NULL; a++) {
            if (vinv_name_equal (name, s->aliases[a]))
                return s;
        }
    }
    return NULL;
}

/* The statistics columns of each table (see vinv_column_is_statistic()),
 * kept apart from the column entries so that a column's entry says what
 * it is and this list says how diff and history treat it. */
static const guint vm_statistics[] = {
    VINV_VM_UPTIME, VINV_VM_MEM_INSTALLED, VINV_VM_MEM_USED, VINV_VM_MEM_FREE,
    VINV_VM_MEM_BUFFERED, VINV_VM_MEM_CACHED, VINV_VM_MEM_UNUSED, VINV_VM_MEM_RSS,
    VINV_VM_CPU_GUEST, VINV_VM_CPU_HYPERVISOR, VINV_VM_CPU_TOTAL, VINV_VM_CPU_TIME,
    VINV_VM_NETWORK_USAGE, VINV_VM_MIGRATION_PROGRESS, VINV_VM_ELAPSED_TIME,
    VINV_VM_NET_RX_RATE, VINV_VM_NET_TX_RATE, VINV_VM_NET_RX_BYTES, VINV_VM_NET_TX_BYTES,
    VINV_VM_BLOCK_RD_BYTES, VINV_VM_BLOCK_WR_BYTES, VINV_VM_BLOCK_RD_REQS,
    VINV_VM_BLOCK_WR_REQS,
    /* computed from the moment of loading and from disk statistics */
    VINV_VM_OLDEST_SNAPSHOT_AGE, VINV_VM_DISKS_ACTUAL, G_MAXUINT
};
static const guint host_statistics[] = {
    VINV_HOST_MEM_USED, VINV_HOST_MEM_FREE, VINV_HOST_MEM_SHARED, VINV_HOST_SWAP_FREE,
    VINV_HOST_SWAP_USED, VINV_HOST_KSM_CPU, VINV_HOST_CPU_USER, VINV_HOST_CPU_SYSTEM,
    VINV_HOST_CPU_IDLE, VINV_HOST_LOAD_AVG, G_MAXUINT
};
static const guint disk_statistics[] = {
    VINV_DISK_ACTUAL_SIZE, VINV_DISK_TOTAL_SIZE, VINV_DISK_READ_RATE, VINV_DISK_WRITE_RATE,
    VINV_DISK_READ_LATENCY, VINV_DISK_WRITE_LATENCY, VINV_DISK_FLUSH_LATENCY,
    VINV_DISK_RD_BYTES, VINV_DISK_WR_BYTES, VINV_DISK_RD_REQS, VINV_DISK_WR_REQS, G_MAXUINT
};
static const guint sd_statistics[] = {
    VINV_SD_USED, VINV_SD_AVAILABLE, VINV_SD_FREE_PERCENT, G_MAXUINT
};
static const guint vmnic_statistics[] = {
    VINV_VMNIC_RX_RATE, VINV_VMNIC_TX_RATE, VINV_VMNIC_RX_TOTAL, VINV_VMNIC_TX_TOTAL,
    VINV_VMNIC_RX_ERRORS, VINV_VMNIC_TX_ERRORS, VINV_VMNIC_RX_DROPS, VINV_VMNIC_TX_DROPS,
    G_MAXUINT
};
static const guint hostnic_statistics[] = {
    VINV_HOSTNIC_RX_RATE, VINV_HOSTNIC_TX_RATE, VINV_HOSTNIC_RX_TOTAL, VINV_HOSTNIC_TX_TOTAL,
    VINV_HOSTNIC_RX_ERRORS, VINV_HOSTNIC_TX_ERRORS, G_MAXUINT
};
static const guint snap_statistics[] = { VINV_SNAP_AGE, G_MAXUINT };

gboolean
vinv_column_is_statistic (const VinvSchema *schema, guint col)
{
    static const guint *const lists[VINV_TABLE_LAST] = {
        [VINV_TABLE_VM] = vm_statistics,
        [VINV_TABLE_HOST] = host_statistics,
        [VINV_TABLE_DISK] = disk_statistics,
        [VINV_TABLE_SD] = sd_statistics,
        [VINV_TABLE_VMNIC] = vmnic_statistics,
        [VINV_TABLE_HOSTNIC] = hostnic_statistics,
        [VINV_TABLE_SNAP] = snap_statistics,
    };

    if (schema < schemas || schema >= schemas + VINV_TABLE_LAST)
        return FALSE;
    const guint *list = lists[schema - schemas];
    for (guint i = 0; list != NULL && list[i] != G_MAXUINT; i++) {
        if (list[i] == col)
            return TRUE;
    }
    return FALSE;
}

gboolean
vinv_backend_tables_check (const VinvBackendTable *tables, GError **error)
{
    gboolean seen[VINV_TABLE_LAST] = { FALSE };

    for (const VinvBackendTable *t = tables; t != NULL && t->table != NULL; t++) {
        const VinvSchema *schema = NULL;
        for (guint k = 0; k < VINV_TABLE_LAST && schema == NULL; k++) {
            if (strcmp (schemas[k].id, t->table) == 0)
                schema = &schemas[k];
        }
        if (schema == NULL) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "no table '%s'", t->table);
            return FALSE;
        }
        if (seen[vinv_schema_get_kind (schema)]) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "table '%s' listed twice",
                         t->table);
            return FALSE;
        }
        seen[vinv_schema_get_kind (schema)] = TRUE;
        for (guint i = 0; t->columns != NULL && t->columns[i] != NULL; i++) {
            const char *id = t->columns[i];
            gboolean found = FALSE;
            for (guint c = 0; c < schema->n_columns && !found; c++)
                found = strcmp (schema->columns[c].id, id) == 0
                        && !(schema->columns[c].flags & (VINV_COL_SOURCE | VINV_COL_ROW_ID));
            for (guint j = 0; j < i && found; j++)
                found = strcmp (t->columns[j], id) != 0;
            if (!found) {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "table '%s': column '%s' is not a column of it, or is listed "
                             "twice", t->table, id);
                return FALSE;
            }
        }
    }
    return TRUE;
}
