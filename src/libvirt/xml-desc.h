/* xml-desc.h — the facts the libvirt back-end reads from libvirt's XML
 * documents (domain, storage pool, storage volume, network, snapshot,
 * sysinfo), as plain structs.
 *
 * Private to src/libvirt and its tests.  The parsers use GLib's GMarkup
 * (no libxml2), stream through the document once and keep only the fields
 * below; elements they do not know, and namespaced (prefixed) elements with
 * their contents, are skipped.  They know nothing of libvirt's C API: the
 * back-end fetches the XML, these functions read it.
 *
 * Every parser returns a new struct (free it with its _free function) or
 * NULL with @error set (G_MARKUP_ERROR) when the document is not
 * well-formed or its root element is not the expected one.  Missing
 * elements leave their fields NULL / 0 / -1 as documented per field.
 * Sizes are in bytes, converted from libvirt's `unit` attributes.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One <disk> of a domain. */
typedef struct {
    /* file, block, dir, volume, network, nvme, vhostuser; "file" if absent */
    char *type;
    char *device;          /* disk, cdrom, floppy, lun; "disk" if absent */
    char *driver_type;     /* <driver type=>: qcow2, raw, ...; or NULL */
    /* What the disk points at, as one text that identifies it: the file,
     * block device or directory path; for network disks a URI listing
     * every host ("nbd://example.org:6000/export", "rbd://m1:6789,
     * [2001:db8::1]:6789/pool/image", "nbd+unix:///export?socket=/run/
     * nbd.sock", "iscsi://192.0.2.1:3260/IQN/LUN"); "nvme://0000:01:00.0/1"
     * (PCI address and namespace); "vhostuser:/run/vhost1.sock".  NULL
     * for an empty drive (a CD-ROM without medium) and for type='volume'
     * disks. */
    char *source;
    char *source_pool;     /* type='volume': pool name, else NULL */
    char *source_volume;   /* type='volume': volume name, else NULL */
    char *target_dev;      /* vda, sdb, ...; or NULL */
    char *target_bus;      /* virtio, sata, scsi, ide, ...; or NULL */
    gboolean shareable;
    gboolean readonly;
} VinvDiskDesc;

/* One <interface> of a domain. */
typedef struct {
    char *type;            /* network, bridge, direct, user, ethernet, ... */
    char *mac;             /* or NULL */
    char *network;         /* <source network=>, or NULL */
    char *bridge;          /* <source bridge=> (or the bridge libvirt put in a
                              live network interface's source), or NULL */
    char *dev;             /* <source dev=> (direct/macvtap), or NULL */
    char *target_dev;      /* vnet0, ...; NULL for inactive domains */
    char *model;           /* virtio, e1000, ...; or NULL */
    gboolean link_up;      /* FALSE only for <link state='down'/> */
} VinvNicDesc;

typedef struct {
    char *type;            /* <domain type=>: kvm, qemu, test, xen, ... */
    char *name;
    char *uuid;
    char *title;           /* <title>: a short description, or NULL */
    char *description;     /* or NULL */
    char *os_type;         /* hvm, linux, exe; or NULL */
    char *arch;            /* x86_64, aarch64, ...; or NULL */
    char *machine;         /* <os><type machine=>: pc-q35-7.2, virt, ...; or NULL */
    char *console;         /* type of the first <graphics>: vnc, spice; or NULL */
    guint64 memory;        /* <memory>: boot-time maximum, bytes (0 if absent) */
    guint64 max_memory;    /* <maxMemory>: hot-plug limit, bytes (0 if absent) */
    guint64 current_memory;/* <currentMemory>, bytes (0 if absent) */
    guint vcpus;           /* <vcpu> value: maximum vCPUs (0 if absent) */
    guint vcpus_current;   /* <vcpu current=>, or vcpus when absent */
    /* A QEMU guest agent channel (<channel><target type='virtio'
     * name='org.qemu.guest_agent.0'>) whose live state libvirt reports as
     * connected: an agent is listening in the guest. */
    gboolean agent_connected;
    GPtrArray *disks;      /* VinvDiskDesc, in document order */
    GPtrArray *nics;       /* VinvNicDesc, in document order */
} VinvDomainDesc;

VinvDomainDesc *vinv_domain_desc_parse (const char *xml, GError **error);
void vinv_domain_desc_free (VinvDomainDesc *desc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvDomainDesc, vinv_domain_desc_free)

typedef struct {
    char *type;            /* dir, netfs, logical, iscsi, rbd, ... */
    char *name;
    char *uuid;
    char *target_path;     /* or NULL */
    char *source_host;     /* first <source><host name=>, or NULL */
    char *source_dir;      /* <source><dir path=>, or NULL */
    char *source_device;   /* first <source><device path=>, or NULL */
    char *source_name;     /* <source><name> (VG, RBD pool), or NULL */
    char *source_format;   /* <source><format type=>, or NULL */
} VinvPoolDesc;

VinvPoolDesc *vinv_pool_desc_parse (const char *xml, GError **error);
void vinv_pool_desc_free (VinvPoolDesc *desc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvPoolDesc, vinv_pool_desc_free)

typedef struct {
    char *type;            /* <volume type=>: file, block, dir, network, ...; or NULL */
    char *name;
    char *key;             /* or NULL */
    char *path;            /* <target><path>, or NULL */
    char *format;          /* <target><format type=>, or NULL */
    guint64 capacity;      /* bytes */
    guint64 allocation;    /* bytes */
} VinvVolumeDesc;

VinvVolumeDesc *vinv_volume_desc_parse (const char *xml, GError **error);
void vinv_volume_desc_free (VinvVolumeDesc *desc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvVolumeDesc, vinv_volume_desc_free)

typedef struct {
    char *name;
    char *uuid;
    /* Forward mode: nat, route, bridge, open, passthrough, ...; "isolated"
     * when there is no <forward>, "nat" for a <forward> without mode. */
    char *forward;
    char *bridge;          /* <bridge name=>, or NULL */
    int stp;               /* <bridge stp=>: 1 on, 0 off, -1 not said */
    guint mtu;             /* <mtu size=>, 0 if absent */
    char *address;         /* first <ip>: "ADDRESS/PREFIX", or NULL */
} VinvNetworkDesc;

VinvNetworkDesc *vinv_network_desc_parse (const char *xml, GError **error);
void vinv_network_desc_free (VinvNetworkDesc *desc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvNetworkDesc, vinv_network_desc_free)

typedef struct {
    char *name;
    char *description;     /* or NULL */
    char *state;           /* domain state saved: running, shutoff, ...; or NULL */
    char *parent;          /* parent snapshot name, or NULL */
    gint64 creation_time;  /* seconds since the epoch, -1 if absent */
    char *memory;          /* <memory snapshot=>: no, internal, external; or NULL */
    gboolean disk_external;/* some <disks><disk snapshot='external'> */
} VinvSnapshotDesc;

VinvSnapshotDesc *vinv_snapshot_desc_parse (const char *xml, GError **error);
void vinv_snapshot_desc_free (VinvSnapshotDesc *desc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvSnapshotDesc, vinv_snapshot_desc_free)

/* The <system><entry name='uuid'> of virConnectGetSysinfo()'s document, or
 * NULL if it has none (or is not a sysinfo document).  Never fails. */
char *vinv_sysinfo_dup_uuid (const char *xml);

/* Multiplier of a libvirt `unit` attribute value ("KiB", "M", "GB",
 * "bytes", ...; case as libvirt accepts it), or 0 if unknown.  NULL gives
 * @default_factor. */
guint64 vinv_xml_unit_factor (const char *unit, guint64 default_factor);

G_END_DECLS
