/* test-xml-desc.c — the libvirt back-end's XML readers (xml-desc.h) on
 * crafted documents: domains with several disks (files, block devices,
 * pool/volume references, network disks, an empty CD-ROM), the source
 * text of every disk source form libvirt documents, network,
 * bridge, direct and user interfaces, memory in various units; pools,
 * volumes, networks, snapshots, sysinfo; and malformed input.
 */
#include <string.h>

#include "xml-desc.h"

static const char domain_xml[] =
    "<domain type='kvm' id='7' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>\n"
    "  <name>db-prod-01</name>\n"
    "  <title>Production database</title>\n"
    "  <uuid>4dea22b3-1d52-d8f3-2516-782e98ab3fa0</uuid>\n"
    "  <description>Primary &amp; only &lt;database&gt;</description>\n"
    "  <metadata><app:info xmlns:app='urn:x'><app:name>not-the-name</app:name></app:info>"
    "</metadata>\n"
    "  <maxMemory slots='16' unit='GiB'>64</maxMemory>\n"
    "  <memory unit='MiB'>16384</memory>\n"
    "  <currentMemory>8388608</currentMemory>\n"
    "  <vcpu placement='static' current='4'>8</vcpu>\n"
    "  <os><type arch='x86_64' machine='pc-q35-7.2'>hvm</type><boot dev='hd'/></os>\n"
    "  <devices>\n"
    "    <emulator>/usr/bin/qemu-system-x86_64</emulator>\n"
    "    <disk type='file' device='disk'>\n"
    "      <driver name='qemu' type='qcow2'/>\n"
    "      <source file='/var/lib/libvirt/images/db-prod-01.qcow2'/>\n"
    "      <backingStore type='file'><format type='qcow2'/>"
    "<source file='/var/lib/libvirt/images/base.qcow2'/></backingStore>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "    </disk>\n"
    "    <disk type='volume' device='disk'>\n"
    "      <driver name='qemu' type='raw'/>\n"
    "      <source pool='fast-ssd' volume='db-data.raw'/>\n"
    "      <target dev='vdb' bus='virtio'/>\n"
    "      <shareable/>\n"
    "    </disk>\n"
    "    <disk type='block' device='lun'>\n"
    "      <source dev='/dev/mapper/mpatha'/>\n"
    "      <target dev='sda' bus='scsi'/>\n"
    "    </disk>\n"
    "    <disk type='network' device='disk'>\n"
    "      <driver name='qemu' type='raw'/>\n"
    "      <source protocol='rbd' name='rbdpool/db-img'>\n"
    "        <host name='ceph1.example.com' port='6789'/>\n"
    "        <host name='ceph2.example.com' port='6789'/>\n"
    "      </source>\n"
    "      <target dev='vdc' bus='virtio'/>\n"
    "    </disk>\n"
    "    <disk type='file' device='cdrom'>\n"
    "      <driver name='qemu' type='raw'/>\n"
    "      <target dev='sdb' bus='sata'/>\n"
    "      <readonly/>\n"
    "    </disk>\n"
    "    <disk device='floppy'>\n"
    "      <source file='/srv/floppy.img'/>\n"
    "      <target dev='fda'/>\n"
    "    </disk>\n"
    "    <interface type='network'>\n"
    "      <mac address='52:54:00:aa:00:01'/>\n"
    "      <source network='default' portid='x' bridge='virbr0'/>\n"
    "      <target dev='vnet3'/>\n"
    "      <model type='virtio'/>\n"
    "    </interface>\n"
    "    <interface type='bridge'>\n"
    "      <mac address='52:54:00:aa:00:02'/>\n"
    "      <source bridge='br-prod'/>\n"
    "      <model type='e1000e'/>\n"
    "      <link state='down'/>\n"
    "    </interface>\n"
    "    <interface type='direct'>\n"
    "      <mac address='52:54:00:aa:00:03'/>\n"
    "      <source dev='eno2' mode='bridge'/>\n"
    "      <link state='up'/>\n"
    "    </interface>\n"
    "    <interface type='user'>\n"
    "    </interface>\n"
    "    <graphics type='spice' autoport='yes'/>\n"
    "    <graphics type='vnc' port='5900'/>\n"
    "  </devices>\n"
    "  <qemu:commandline><qemu:arg value='-name'/></qemu:commandline>\n"
    "</domain>\n";

typedef struct {
    const char *type;
    const char *device;
    const char *driver_type;
    const char *source;
    const char *source_pool;
    const char *source_volume;
    const char *target_dev;
    const char *target_bus;
    gboolean shareable;
    gboolean readonly;
} DiskCase;

static const DiskCase disk_cases[] = {
    { "file", "disk", "qcow2", "/var/lib/libvirt/images/db-prod-01.qcow2", NULL, NULL,
      "vda", "virtio", FALSE, FALSE },
    { "volume", "disk", "raw", NULL, "fast-ssd", "db-data.raw", "vdb", "virtio", TRUE, FALSE },
    { "block", "lun", NULL, "/dev/mapper/mpatha", NULL, NULL, "sda", "scsi", FALSE, FALSE },
    { "network", "disk", "raw",
      "rbd://ceph1.example.com:6789,ceph2.example.com:6789/rbdpool/db-img", NULL, NULL,
      "vdc", "virtio", FALSE, FALSE },
    { "file", "cdrom", "raw", NULL, NULL, NULL, "sdb", "sata", FALSE, TRUE },
    { "file", "floppy", NULL, "/srv/floppy.img", NULL, NULL, "fda", NULL, FALSE, FALSE },
};

typedef struct {
    const char *type;
    const char *mac;
    const char *network;
    const char *bridge;
    const char *dev;
    const char *target_dev;
    const char *model;
    gboolean link_up;
} NicCase;

static const NicCase nic_cases[] = {
    { "network", "52:54:00:aa:00:01", "default", "virbr0", NULL, "vnet3", "virtio", TRUE },
    { "bridge", "52:54:00:aa:00:02", NULL, "br-prod", NULL, NULL, "e1000e", FALSE },
    { "direct", "52:54:00:aa:00:03", NULL, NULL, "eno2", NULL, NULL, TRUE },
    { "user", NULL, NULL, NULL, NULL, NULL, NULL, TRUE },
};

static void
test_domain (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VinvDomainDesc) dom = vinv_domain_desc_parse (domain_xml, &error);

    g_assert_no_error (error);
    g_assert_nonnull (dom);
    g_assert_cmpstr (dom->type, ==, "kvm");
    g_assert_cmpstr (dom->name, ==, "db-prod-01");
    g_assert_cmpstr (dom->uuid, ==, "4dea22b3-1d52-d8f3-2516-782e98ab3fa0");
    g_assert_cmpstr (dom->title, ==, "Production database");
    g_assert_cmpstr (dom->description, ==, "Primary & only <database>");
    g_assert_cmpstr (dom->os_type, ==, "hvm");
    g_assert_cmpstr (dom->arch, ==, "x86_64");
    g_assert_cmpstr (dom->machine, ==, "pc-q35-7.2");
    g_assert_cmpstr (dom->console, ==, "spice");
    g_assert_cmpuint (dom->memory, ==, 16384ULL << 20);
    g_assert_cmpuint (dom->max_memory, ==, 64ULL << 30);
    g_assert_cmpuint (dom->current_memory, ==, 8388608ULL * 1024);   /* KiB by default */
    g_assert_cmpuint (dom->vcpus, ==, 8);
    g_assert_cmpuint (dom->vcpus_current, ==, 4);

    g_assert_cmpuint (dom->disks->len, ==, G_N_ELEMENTS (disk_cases));
    for (guint i = 0; i < G_N_ELEMENTS (disk_cases); i++) {
        const DiskCase *c = &disk_cases[i];
        const VinvDiskDesc *d = g_ptr_array_index (dom->disks, i);

        g_test_message ("disk %u", i);
        g_assert_cmpstr (d->type, ==, c->type);
        g_assert_cmpstr (d->device, ==, c->device);
        g_assert_cmpstr (d->driver_type, ==, c->driver_type);
        g_assert_cmpstr (d->source, ==, c->source);
        g_assert_cmpstr (d->source_pool, ==, c->source_pool);
        g_assert_cmpstr (d->source_volume, ==, c->source_volume);
        g_assert_cmpstr (d->target_dev, ==, c->target_dev);
        g_assert_cmpstr (d->target_bus, ==, c->target_bus);
        g_assert_cmpint (d->shareable, ==, c->shareable);
        g_assert_cmpint (d->readonly, ==, c->readonly);
    }

    g_assert_cmpuint (dom->nics->len, ==, G_N_ELEMENTS (nic_cases));
    for (guint i = 0; i < G_N_ELEMENTS (nic_cases); i++) {
        const NicCase *c = &nic_cases[i];
        const VinvNicDesc *n = g_ptr_array_index (dom->nics, i);

        g_test_message ("nic %u", i);
        g_assert_cmpstr (n->type, ==, c->type);
        g_assert_cmpstr (n->mac, ==, c->mac);
        g_assert_cmpstr (n->network, ==, c->network);
        g_assert_cmpstr (n->bridge, ==, c->bridge);
        g_assert_cmpstr (n->dev, ==, c->dev);
        g_assert_cmpstr (n->target_dev, ==, c->target_dev);
        g_assert_cmpstr (n->model, ==, c->model);
        g_assert_cmpint (n->link_up, ==, c->link_up);
    }
}

/* Disk sources as written by hand or by other tools (libvirt itself
 * fills in default ports and the iSCSI LUN): the text of each, and the
 * elements around <source> that must not change it. */
typedef struct {
    const char *disk;          /* the <disk> element */
    const char *source;        /* expected VinvDiskDesc.source */
} SourceCase;

static const SourceCase source_cases[] = {
    /* the examples */
    { "<disk type='network'><source protocol='nbd' name='export'>"
      "<host name='example.org' port='6000'/></source></disk>",
      "nbd://example.org:6000/export" },
    { "<disk type='nvme'><source type='pci' managed='yes' namespace='1'>"
      "<address type='pci' domain='0x0000' bus='0x01' slot='0x00' function='0x0'/>"
      "</source></disk>", "nvme://0000:01:00.0/1" },
    { "<disk type='vhostuser'><source type='unix' path='/run/vhost1.sock'>"
      "<reconnect enabled='yes' timeout='10'/></source></disk>",
      "vhostuser:/run/vhost1.sock" },
    /* nbd without an export name, with IPv4, IPv6 and a unix socket */
    { "<disk type='network'><source protocol='nbd'><host name='192.0.2.1'/></source></disk>",
      "nbd://192.0.2.1" },
    { "<disk type='network'><source protocol='nbd' name='d'><host name='::1' port='10809'/>"
      "</source></disk>", "nbd://[::1]:10809/d" },
    { "<disk type='network'><source protocol='nbd' name='e' tls='yes'>"
      "<host transport='unix' socket='/run/nbd.sock'/></source></disk>",
      "nbd+unix:///e?socket=/run/nbd.sock" },
    { "<disk type='network'><source protocol='nbd'>"
      "<host transport='unix' socket='/run/nbd.sock'/></source></disk>",
      "nbd+unix://?socket=/run/nbd.sock" },
    /* iSCSI: the default LUN is 0; auth and initiator are not the source */
    { "<disk type='network' device='lun'><source protocol='iscsi' name='iqn.2013-07.com.ex:t'>"
      "<host name='san.example.com' port='3260'/><auth username='u'><secret type='iscsi' "
      "usage='x'/></auth><initiator><iqn name='iqn.2013-07.com.ex:client'/></initiator>"
      "</source></disk>", "iscsi://san.example.com:3260/iqn.2013-07.com.ex:t/0" },
    { "<disk type='network'><source protocol='iscsi' name='iqn.2013-07.com.ex:t/5'>"
      "<host name='san.example.com'/></source></disk>",
      "iscsi://san.example.com/iqn.2013-07.com.ex:t/5" },
    /* several hosts, in order; a host with a port only */
    { "<disk type='network'><source protocol='gluster' name='v/i.img'>"
      "<host name='g1' port='24007' transport='tcp'/><host name='fe80::1'/><host port='1'/>"
      "</source></disk>", "gluster://g1:24007,[fe80::1],:1/v/i.img" },
    { "<disk type='network'><source protocol='gluster' name='v/i.img'>"
      "<host name='g1' transport='rdma'/></source></disk>", "gluster+rdma://g1/v/i.img" },
    /* no host at all (sheepdog's default server) */
    { "<disk type='network'><source protocol='sheepdog' name='img'/></disk>",
      "sheepdog:///img" },
    /* paths that already start with '/', a query, cookies and ssl */
    { "<disk type='network' device='cdrom'><source protocol='https' name='/a/b.iso' "
      "query='x=1&amp;y=2'><host name='h' port='443'/><ssl verify='no'/><cookies>"
      "<cookie name='c'>v</cookie></cookies></source></disk>",
      "https://h:443/a/b.iso?x=1&y=2" },
    { "<disk type='network'><source protocol='nfs' name='/export/d.raw'><host name='n'/>"
      "<identity user='u' group='g'/></source></disk>", "nfs://n/export/d.raw" },
    { "<disk type='network'><source protocol='vxhs' name='eb90327c'>"
      "<host name='192.0.2.3' port='9999'/></source></disk>", "vxhs://192.0.2.3:9999/eb90327c" },
    /* a backing store and reservations are not the source */
    { "<disk type='file'><source file='/a.qcow2'><reservations managed='no'>"
      "<source type='unix' path='/pr.sock' mode='client'/></reservations></source>"
      "<backingStore type='network'><source protocol='nbd' name='base'>"
      "<host name='b'/></source></backingStore></disk>", "/a.qcow2" },
    { "<disk type='block'><source dev='/dev/sdz'/></disk>", "/dev/sdz" },
    { "<disk type='dir' device='floppy'><source dir='/srv/d'/></disk>", "/srv/d" },
    /* nvme without a namespace; an empty drive */
    { "<disk type='nvme'><source type='pci'><address domain='0x0001' bus='0x3a' slot='0x1f' "
      "function='0x7'/></source></disk>", "nvme://0001:3a:1f.7" },
    { "<disk type='file' device='cdrom'><target dev='hdc'/></disk>", NULL },
};

static void
test_disk_sources (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (source_cases); i++) {
        g_autofree char *xml = g_strdup_printf ("<domain><name>d</name><devices>%s<disk "
                                                "type='file'><source file='/next'/></disk>"
                                                "</devices></domain>", source_cases[i].disk);
        g_autoptr(GError) error = NULL;
        g_autoptr(VinvDomainDesc) dom = vinv_domain_desc_parse (xml, &error);
        const VinvDiskDesc *d;

        g_test_message ("%s", source_cases[i].disk);
        g_assert_no_error (error);
        g_assert_cmpuint (dom->disks->len, ==, 2);
        d = g_ptr_array_index (dom->disks, 0);
        g_assert_cmpstr (d->source, ==, source_cases[i].source);
        /* nothing of this disk leaks into the next */
        d = g_ptr_array_index (dom->disks, 1);
        g_assert_cmpstr (d->source, ==, "/next");
    }
}

/* A guest agent is asked only when libvirt says its channel is connected. */
static void
test_agent_channel (void)
{
    static const struct {
        const char *channels;
        gboolean connected;
    } cases[] = {
        { "", FALSE },
        { "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/>"
          "</channel>", FALSE },
        { "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' "
          "state='disconnected'/></channel>", FALSE },
        { "<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0' "
          "state='connected'/></channel>", TRUE },
        { "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0' "
          "state='connected'/></channel><channel type='unix'><target type='virtio' "
          "name='org.qemu.guest_agent.0' state='connected'/></channel>", TRUE },
        { "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0' "
          "state='connected'/></channel>", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *xml = g_strdup_printf ("<domain><name>d</name><devices>%s</devices>"
                                                "</domain>", cases[i].channels);
        g_autoptr(VinvDomainDesc) dom = vinv_domain_desc_parse (xml, NULL);

        g_assert_nonnull (dom);
        g_assert_cmpint (dom->agent_connected, ==, cases[i].connected);
    }
}

static void
test_domain_minimal (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VinvDomainDesc) dom = vinv_domain_desc_parse (
        "<domain type='test'><name>t</name><memory>1024</memory><vcpu>2</vcpu></domain>", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (dom->name, ==, "t");
    g_assert_null (dom->uuid);
    g_assert_null (dom->title);
    g_assert_null (dom->machine);
    g_assert_null (dom->description);
    g_assert_null (dom->console);
    g_assert_cmpuint (dom->memory, ==, 1024 * 1024);
    g_assert_cmpuint (dom->max_memory, ==, 0);
    g_assert_cmpuint (dom->vcpus, ==, 2);
    g_assert_cmpuint (dom->vcpus_current, ==, 2);
    g_assert_cmpuint (dom->disks->len, ==, 0);
    g_assert_cmpuint (dom->nics->len, ==, 0);
}

typedef struct {
    const char *xml;
    const char *what;
} BadCase;

static void
test_malformed (void)
{
    static const BadCase cases[] = {
        { "", "empty" },
        { "<domain><name>x</name>", "unclosed" },
        { "<domain><name>x</nam></domain>", "mismatched tags" },
        { "<pool><name>x</name></pool>", "wrong root" },
        { "<domain>&bogus;</domain>", "unknown entity" },
        { "not xml at all", "text" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VinvDomainDesc) dom = vinv_domain_desc_parse (cases[i].xml, &error);

        g_test_message ("%s", cases[i].what);
        g_assert_null (dom);
        g_assert_nonnull (error);
        g_assert_true (error->domain == G_MARKUP_ERROR);
    }
    {
        g_autoptr(GError) error = NULL;
        g_assert_null (vinv_domain_desc_parse (NULL, &error));
        g_assert_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_EMPTY);
    }
}

static void
test_pool (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VinvPoolDesc) netfs = vinv_pool_desc_parse (
        "<pool type='netfs'><name>nfs-data</name>"
        "<uuid>33333333-0000-0000-0000-000000000002</uuid>"
        "<capacity unit='bytes'>107374182400</capacity>"
        "<source><host name='nfs01.example.com'/><host name='nfs02.example.com'/>"
        "<dir path='/export/data'/><format type='nfs'/></source>"
        "<target><path>/mnt/nfs-data</path><permissions><mode>0755</mode></permissions>"
        "</target></pool>", &error);
    g_autoptr(VinvPoolDesc) logical = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (netfs->type, ==, "netfs");
    g_assert_cmpstr (netfs->name, ==, "nfs-data");
    g_assert_cmpstr (netfs->uuid, ==, "33333333-0000-0000-0000-000000000002");
    g_assert_cmpstr (netfs->source_host, ==, "nfs01.example.com");
    g_assert_cmpstr (netfs->source_dir, ==, "/export/data");
    g_assert_cmpstr (netfs->source_format, ==, "nfs");
    g_assert_cmpstr (netfs->target_path, ==, "/mnt/nfs-data");
    g_assert_null (netfs->source_device);

    logical = vinv_pool_desc_parse (
        "<pool type='logical'><name>backup</name><source><device path='/dev/sdb'/>"
        "<device path='/dev/sdc'/><name>vg_backup</name><format type='lvm2'/></source>"
        "<target><path>/dev/vg_backup</path></target></pool>", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (logical->source_device, ==, "/dev/sdb");
    g_assert_cmpstr (logical->source_name, ==, "vg_backup");
    g_assert_cmpstr (logical->source_format, ==, "lvm2");
    g_assert_null (logical->source_host);
}

static void
test_volume (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VinvVolumeDesc) vol = vinv_volume_desc_parse (
        "<volume type='file'><name>web01.qcow2</name>"
        "<key>/var/lib/libvirt/images/web01.qcow2</key>"
        "<capacity unit='G'>40</capacity><allocation unit='KiB'>1024</allocation>"
        "<physical unit='bytes'>1</physical>"
        "<target><path>/var/lib/libvirt/images/web01.qcow2</path><format type='qcow2'/>"
        "</target><backingStore><path>/x</path><format type='raw'/></backingStore></volume>",
        &error);
    g_autoptr(VinvVolumeDesc) bare = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (vol->type, ==, "file");
    g_assert_cmpstr (vol->name, ==, "web01.qcow2");
    g_assert_cmpstr (vol->key, ==, "/var/lib/libvirt/images/web01.qcow2");
    g_assert_cmpstr (vol->path, ==, "/var/lib/libvirt/images/web01.qcow2");
    g_assert_cmpstr (vol->format, ==, "qcow2");
    g_assert_cmpuint (vol->capacity, ==, 40ULL << 30);
    g_assert_cmpuint (vol->allocation, ==, 1024ULL * 1024);

    /* Sizes without a unit are bytes. */
    bare = vinv_volume_desc_parse ("<volume><name>v</name><capacity>12345</capacity></volume>",
                                   &error);
    g_assert_no_error (error);
    g_assert_cmpuint (bare->capacity, ==, 12345);
    g_assert_null (bare->type);
    g_assert_null (bare->format);
}

typedef struct {
    const char *xml;
    const char *forward;
    const char *bridge;
    int stp;
    guint mtu;
    const char *address;
} NetworkCase;

static void
test_network (void)
{
    static const NetworkCase cases[] = {
        { "<network><name>default</name><uuid>u1</uuid><forward mode='nat'/>"
          "<bridge name='virbr0' stp='on' delay='0'/><mtu size='9000'/>"
          "<ip address='192.168.122.1' netmask='255.255.255.0'><dhcp/></ip>"
          "<ip family='ipv6' address='fd00::1' prefix='64'/></network>",
          "nat", "virbr0", 1, 9000, "192.168.122.1/24" },
        { "<network><name>isolated</name><bridge name='virbr9' stp='off'/>"
          "<ip address='10.0.0.1' prefix='16'/></network>",
          "isolated", "virbr9", 0, 0, "10.0.0.1/16" },
        { "<network><name>host-bridge</name><forward mode='bridge'/>"
          "<bridge name='br-prod'/></network>",
          "bridge", "br-prod", -1, 0, NULL },
        { "<network><name>plain</name><forward/></network>", "nat", NULL, -1, 0, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(VinvNetworkDesc) net = vinv_network_desc_parse (cases[i].xml, &error);

        g_test_message ("network %u", i);
        g_assert_no_error (error);
        g_assert_cmpstr (net->forward, ==, cases[i].forward);
        g_assert_cmpstr (net->bridge, ==, cases[i].bridge);
        g_assert_cmpint (net->stp, ==, cases[i].stp);
        g_assert_cmpuint (net->mtu, ==, cases[i].mtu);
        g_assert_cmpstr (net->address, ==, cases[i].address);
    }
}

static void
test_snapshot (void)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(VinvSnapshotDesc) snap = vinv_snapshot_desc_parse (
        "<domainsnapshot><name>pre-patch</name><description>Before patching</description>"
        "<state>running</state><parent><name>golden</name></parent>"
        "<creationTime>1700000000</creationTime>"
        "<memory snapshot='external' file='/var/lib/libvirt/qemu/snapshot/x.mem'/>"
        "<disks><disk name='vda' snapshot='external'><source file='/x.snap'/></disk>"
        "<disk name='vdb' snapshot='no'/></disks>"
        "<domain type='kvm'><name>web01</name><description>not mine</description>"
        "<devices><disk><source file='/nope'/></disk></devices></domain>"
        "</domainsnapshot>", &error);
    g_autoptr(VinvSnapshotDesc) bare = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (snap->name, ==, "pre-patch");
    g_assert_cmpstr (snap->description, ==, "Before patching");
    g_assert_cmpstr (snap->state, ==, "running");
    g_assert_cmpstr (snap->parent, ==, "golden");
    g_assert_cmpint (snap->creation_time, ==, 1700000000);
    g_assert_cmpstr (snap->memory, ==, "external");
    g_assert_true (snap->disk_external);

    bare = vinv_snapshot_desc_parse ("<domainsnapshot><name>s</name>"
                                     "<creationTime>soon</creationTime></domainsnapshot>", &error);
    g_assert_no_error (error);
    g_assert_cmpint (bare->creation_time, ==, -1);
    g_assert_null (bare->memory);
    g_assert_null (bare->parent);
    g_assert_false (bare->disk_external);
}

static void
test_sysinfo (void)
{
    g_autofree char *uuid = vinv_sysinfo_dup_uuid (
        "<sysinfo type='smbios'><bios><entry name='vendor'>LENOVO</entry></bios>"
        "<system><entry name='manufacturer'>Dell</entry>"
        "<entry name='uuid'> 4c4c4544-0051-3610-8057-b4c04f4a4b32 </entry></system></sysinfo>");
    g_autofree char *none = vinv_sysinfo_dup_uuid (
        "<sysinfo type='smbios'><bios><entry name='uuid'>bios-only</entry></bios></sysinfo>");
    g_autofree char *bad = vinv_sysinfo_dup_uuid ("<sysinfo><system>");

    g_assert_cmpstr (uuid, ==, "4c4c4544-0051-3610-8057-b4c04f4a4b32");
    g_assert_null (none);
    g_assert_null (bad);
}

typedef struct {
    const char *unit;
    guint64 factor;
} UnitCase;

static void
test_units (void)
{
    static const UnitCase cases[] = {
        { NULL, 7 }, { "b", 1 }, { "bytes", 1 }, { "KB", 1000 }, { "k", 1024 },
        { "KiB", 1024 }, { "K", 1024 }, { "MB", 1000000 }, { "M", 1 << 20 }, { "m", 1 << 20 },
        { "MiB", 1 << 20 }, { "GiB", 1ULL << 30 }, { "g", 1ULL << 30 }, { "TB", 1000000000000ULL },
        { "kb", 1000 }, { "kib", 1024 }, { "Kx", 0 }, { "", 7 }, { "iB", 0 },
        { "TiB", 1ULL << 40 }, { "PiB", 1ULL << 50 }, { "EiB", 1ULL << 60 }, { "parsecs", 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_test_message ("%s", cases[i].unit);
        g_assert_cmpuint (vinv_xml_unit_factor (cases[i].unit, 7), ==, cases[i].factor);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/xml-desc/domain", test_domain);
    g_test_add_func ("/xml-desc/domain-minimal", test_domain_minimal);
    g_test_add_func ("/xml-desc/disk-sources", test_disk_sources);
    g_test_add_func ("/xml-desc/agent-channel", test_agent_channel);
    g_test_add_func ("/xml-desc/malformed", test_malformed);
    g_test_add_func ("/xml-desc/pool", test_pool);
    g_test_add_func ("/xml-desc/volume", test_volume);
    g_test_add_func ("/xml-desc/network", test_network);
    g_test_add_func ("/xml-desc/snapshot", test_snapshot);
    g_test_add_func ("/xml-desc/sysinfo", test_sysinfo);
    g_test_add_func ("/xml-desc/units", test_units);
    return g_test_run ();
}
