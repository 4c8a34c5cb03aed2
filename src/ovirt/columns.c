/* columns.c — what the oVirt back-end fills, as data (VinvBackendClass.tables).
 */
#include "core/backend.h"

extern const VinvBackendTable vinv_ovirt_tables[];

static const char *const vms_columns[] = {
    "name", "status", "console", "cluster", "cluster_version", "host", "data_center",
    "description", "type", "vcpus", "memory", "max_memory", "guaranteed_memory", "os",
    "architecture", "template", "disks", "nics", "networks", "storage_domains", "snapshots",
    "creation_time", "start_time", "uptime", "fqdn", "guest_os", "compatibility_version",
    "pending_restart", "ha", "stateless", "pool", "ip_addresses", "mem_installed",
    "mem_used", "mem_free", "mem_buffered", "mem_cached", "mem_unused", "cpu_guest",
    "cpu_hypervisor", "cpu_total", "network_usage", "migration_progress", "elapsed_time",
    "net_rx_rate", "net_tx_rate", "net_rx_bytes", "net_tx_bytes", NULL
};

static const char *const hosts_columns[] = {
    "name", "status", "address", "cluster", "data_center", "cpu_model", "cpu_speed",
    "sockets", "cores", "threads", "memory", "spm", "vdsm_version", "os",
    "update_available", "vms", "running_vms", "nics", "networks", "mem_total", "mem_used",
    "mem_free", "mem_shared", "swap_total", "swap_free", "swap_used", "ksm_cpu", "cpu_user",
    "cpu_system", "cpu_idle", "load_avg", "boot_time", NULL
};

static const char *const disks_columns[] = {
    "name", "status", "alias", "actual_size", "provisioned_size", "total_size", "format",
    "sparse", "content_type", "storage_type", "vms", "storage_domains", "template",
    "shareable", "bootable", "interface", "read_rate", "write_rate", "read_latency",
    "write_latency", "flush_latency", NULL
};

static const char *const storage_domains_columns[] = {
    "name", "status", "type", "storage_type", "storage_address", "path", "format", "total",
    "used", "available", "free_percent", "committed", "master", "data_center", "vms",
    "disks", "templates", NULL
};

static const char *const clusters_columns[] = {
    "name", "description", "version", "data_center", "hosts", "vms", "error_handling",
    "cpu", "architecture", "firewall", "memory_overcommit", "networks", "templates", NULL
};

static const char *const data_centers_columns[] = {
    "name", "description", "status", "version", "local", "quota_mode", "storage_format",
    "storage_domains", "networks", "clusters", "templates", NULL
};

static const char *const networks_columns[] = {
    "name", "description", "data_center", "vlan", "mtu", "stp", "usages", "required",
    "vnic_profiles", "clusters", "hosts", "vms", "nics", "templates", NULL
};

static const char *const vnic_profiles_columns[] = {
    "name", "data_center", "network", "pass_through", "port_mirroring", "vms", "nics",
    "templates", "hosts", NULL
};

static const char *const templates_columns[] = {
    "name", "description", "status", "version", "cluster", "data_center", "os", "memory",
    "cpu_cores", "creation_time", "vms", "nics", "disks", "networks", "storage_domains",
    NULL
};

static const char *const vm_nics_columns[] = {
    "vm", "name", "mac", "interface", "vnic_profile", "network", "host", "linked",
    "plugged", "ip_addresses", "rx_rate", "tx_rate", "rx_total", "tx_total", "rx_errors",
    "tx_errors", NULL
};

static const char *const host_nics_columns[] = {
    "host", "name", "mac", "ip", "speed", "status", "network", "bond", "vlan", "mtu",
    "rx_rate", "tx_rate", "rx_total", "tx_total", "rx_errors", "tx_errors", NULL
};

static const char *const snapshots_columns[] = {
    "vm", "name", "description", "date", "status", "type", "memory_saved", "age", NULL
};

const VinvBackendTable vinv_ovirt_tables[] = {
    { "vms", NULL, vms_columns },
    { "hosts", NULL, hosts_columns },
    { "disks", NULL, disks_columns },
    { "storage_domains", NULL, storage_domains_columns },
    { "clusters", NULL, clusters_columns },
    { "data_centers", NULL, data_centers_columns },
    { "networks", NULL, networks_columns },
    { "vnic_profiles", NULL, vnic_profiles_columns },
    { "templates", NULL, templates_columns },
    { "vm_nics", NULL, vm_nics_columns },
    { "host_nics", NULL, host_nics_columns },
    { "snapshots", NULL, snapshots_columns },
    { NULL, NULL, NULL }
};
