/* columns.c — what the libvirt back-end fills, as data: the tables it
 * provides, the columns of each it fills, and its title override
 * ("Storage pools" for storage domains).  The core computes column
 * availability and titles from this list (VinvBackendClass.tables); a
 * column the fetch fills must be listed here (tests/libvirt checks that no
 * column outside this list has a value, on the demo hosts).
 */
#include "libvirt-backend.h"

static const char *const vms_columns[] = {
    "name", "status", "console", "host", "description", "type", "vcpus", "memory",
    "max_memory", "os", "architecture", "disks", "nics", "networks", "storage_domains",
    "snapshots", "persistent", "autostart", "mem_installed", "mem_unused", "mem_rss",
    "cpu_time", "net_rx_bytes", "net_tx_bytes", "block_rd_bytes", "block_wr_bytes",
    "block_rd_reqs", "block_wr_reqs", "machine", "title", "ip_addresses", "fqdn", "guest_os",
    NULL
};

static const char *const hosts_columns[] = {
    "name", "status", "address", "cpu_model", "cpu_speed", "sockets", "cores", "threads",
    "memory", "hypervisor", "libvirt_version", "vms", "running_vms", "networks",
    "mem_total", "mem_used", "mem_free", "uri", NULL
};

static const char *const disks_columns[] = {
    "name", "status", "actual_size", "provisioned_size", "format", "sparse", "storage_type",
    "vms", "storage_domains", "shareable", "interface", "target", "path", "rd_bytes",
    "wr_bytes", "rd_reqs", "wr_reqs", "device", "read_only", NULL
};

static const char *const storage_domains_columns[] = {
    "name", "status", "type", "storage_type", "storage_address", "path", "format", "total",
    "used", "available", "free_percent", "vms", "disks", "autostart", "persistent", NULL
};

static const char *const networks_columns[] = {
    "name", "mtu", "stp", "forward", "bridge", "address", "active", "autostart", "hosts",
    "vms", "nics", NULL
};

static const char *const vm_nics_columns[] = {
    "vm", "name", "mac", "interface", "network", "host", "type", "bridge", "linked",
    "rx_total", "tx_total", "rx_errors", "tx_errors", "rx_drops", "tx_drops", "ip_addresses",
    NULL
};

static const char *const snapshots_columns[] = {
    "vm", "name", "description", "date", "status", "type", "memory_saved", "age", "current",
    "parent", NULL
};

const VinvBackendTable vinv_libvirt_tables[] = {
    { "vms", NULL, vms_columns },
    { "hosts", NULL, hosts_columns },
    { "disks", NULL, disks_columns },
    { "storage_domains", "Storage pools", storage_domains_columns },
    { "networks", NULL, networks_columns },
    { "vm_nics", NULL, vm_nics_columns },
    { "snapshots", NULL, snapshots_columns },
    { NULL, NULL, NULL }
};

/* libvirt's drivers (its "driver[+transport]://" URIs, uri.html); the
 * hypervisor-side ones also through a transport (ssh, tls, tcp, unix,
 * libssh, libssh2, ext).  libvirt itself says which it was built with. */
const char *const vinv_libvirt_schemes[] = {
    "qemu", "qemu+*", "test", "test+*", "lxc", "lxc+*", "xen", "xen+*",
    "vbox", "vbox+*", "ch", "ch+*", "bhyve", "bhyve+*",
    "vz", "vz+*", "openvz", "openvz+*", "esx", "gsx", "vpx", "hyperv",
    "vmwareplayer", "vmwarews", "vmwarefusion",
    NULL,
};
