/* test-disk-sources.c — every kind of disk source libvirt documents
 * (formatdomain: file, block, dir, volume, network with each protocol and
 * each form of host, nvme, vhostuser), read by the back-end from the
 * test-driver node tests/libvirt/data/disk-sources.xml (one domain per
 * kind) and compared, disk by disk, with what `virsh domblklist --details`
 * and `virsh dumpxml` print for the same file.
 *
 * The source text the back-end shows (Disks: Path, and Name for network,
 * nvme and vhost-user disks) is taken apart here — scheme, hosts, path,
 * query — and each part compared with the <source> element of virsh's
 * XML, so the test does not re-implement the formatting it checks.  The
 * new columns (Disks: Device, Read-only; VMs: Title, Machine type) are
 * compared with the same XML.
 */
#include <stdio.h>
#include <string.h>

#include "lv-util.h"
#include "libvirt/libvirt-backend.h"

typedef struct {
    GHashTable *types;         /* disk types seen */
    GHashTable *protocols;     /* network protocols seen */
    guint ipv4, ipv6, named, ported, unix_socket, several_hosts, no_export;
} Seen;

static VinvTable *
table (VinvInventory *inv, VinvTableKind kind)
{
    VinvTable *t = vinv_inventory_get_table (inv, kind);

    g_assert_nonnull (t);
    g_assert_null (vinv_table_get_error (t));
    return t;
}

static char *
fixture_uri (void)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");

    g_assert_nonnull (root);
    return g_strconcat ("test://", root, "/tests/libvirt/data/disk-sources.xml", NULL);
}

/* "HOST[:PORT]" of one <host> as a URI writes it: IPv6 in brackets. */
static char *
host_text (const LvXml *host)
{
    const char *name = lv_xml_attr (host, "name");
    const char *port = lv_xml_attr (host, "port");
    g_autofree char *bracketed = NULL;

    if (name != NULL && strchr (name, ':') != NULL)
        name = bracketed = g_strdup_printf ("[%s]", name);
    return g_strdup_printf ("%s%s%s", name != NULL ? name : "", port != NULL ? ":" : "",
                            port != NULL ? port : "");
}

/* Compares network source text @text with <source> element @src. */
static void
check_network_text (const char *text, const LvXml *src, Seen *seen)
{
    const char *protocol = lv_xml_attr (src, "protocol");
    const char *name = lv_xml_attr (src, "name");
    const char *query = lv_xml_attr (src, "query");
    g_autoptr(GPtrArray) hosts = lv_xml_find_all (src, "host");
    const LvXml *first = hosts->len > 0 ? g_ptr_array_index (hosts, 0) : NULL;
    const char *transport = lv_xml_attr (first, "transport");
    const char *socket = lv_xml_attr (first, "socket");
    g_autofree char *scheme = NULL;
    g_autofree char *authority = NULL;
    g_autofree char *path = NULL;
    g_autofree char *rest = NULL;
    g_autoptr(GString) expected_hosts = g_string_new (NULL);
    const char *sep = strstr (text, "://");
    const char *p;
    const char *q;

    g_assert_nonnull (protocol);
    g_assert_nonnull (sep);
    g_hash_table_add (seen->protocols, g_strdup (protocol));

    /* SCHEME "://" AUTHORITY [PATH] ["?" QUERY] */
    scheme = g_strndup (text, sep - text);
    p = sep + 3;
    q = p + strcspn (p, "/?");
    authority = g_strndup (p, q - p);
    p = q;
    q = p + strcspn (p, "?");
    path = g_strndup (p, q - p);
    rest = g_strdup (*q == '?' ? q + 1 : "");

    if (transport == NULL || strcmp (transport, "tcp") == 0) {
        g_assert_cmpstr (scheme, ==, protocol);
    } else {
        g_autofree char *with = g_strconcat (protocol, "+", transport, NULL);
        g_assert_cmpstr (scheme, ==, with);
    }

    for (guint i = 0; i < hosts->len; i++) {
        const LvXml *host = g_ptr_array_index (hosts, i);
        const char *host_name = lv_xml_attr (host, "name");
        g_autofree char *one = NULL;

        if (host_name == NULL && lv_xml_attr (host, "port") == NULL)
            continue;
        one = host_text (host);
        if (expected_hosts->len > 0)
            g_string_append_c (expected_hosts, ',');
        g_string_append (expected_hosts, one);
        seen->named += host_name != NULL && !g_ascii_isdigit (host_name[0])
                       && strchr (host_name, ':') == NULL;
        seen->ipv4 += host_name != NULL && g_hostname_is_ip_address (host_name)
                      && strchr (host_name, ':') == NULL;
        seen->ipv6 += host_name != NULL && strchr (host_name, ':') != NULL;
        seen->ported += lv_xml_attr (host, "port") != NULL;
    }
    seen->several_hosts += hosts->len > 1;
    if (g_strcmp0 (transport, "unix") == 0) {
        g_autofree char *socket_param = g_strconcat ("socket=", socket, NULL);

        g_assert_nonnull (socket);
        g_assert_cmpstr (authority, ==, "");
        g_assert_nonnull (strstr (rest, socket_param));
        seen->unix_socket++;
    } else {
        g_assert_cmpstr (authority, ==, expected_hosts->str);
    }

    if (name == NULL) {
        g_assert_cmpstr (path, ==, "");
        seen->no_export++;
    } else {
        g_assert_cmpstr (path + (name[0] == '/' ? 0 : 1), ==, name);
        if (name[0] != '/')
            g_assert_cmpint (path[0], ==, '/');
    }
    if (query != NULL)
        g_assert_true (g_str_has_prefix (rest, query));
    else if (g_strcmp0 (transport, "unix") != 0)
        g_assert_cmpstr (rest, ==, "");
}

/* "nvme://DDDD:BB:SS.F/NS" against <source namespace=><address .../>. */
static void
check_nvme_text (const char *text, const LvXml *src)
{
    const LvXml *address = lv_xml_find (src, "address");
    guint domain, bus, slot, function, ns;

    g_assert_nonnull (address);
    g_assert_cmpint (sscanf (text, "nvme://%x:%x:%x.%x/%u", &domain, &bus, &slot, &function,
                             &ns), ==, 5);
    g_assert_cmpuint (domain, ==, g_ascii_strtoull (lv_xml_attr (address, "domain"), NULL, 0));
    g_assert_cmpuint (bus, ==, g_ascii_strtoull (lv_xml_attr (address, "bus"), NULL, 0));
    g_assert_cmpuint (slot, ==, g_ascii_strtoull (lv_xml_attr (address, "slot"), NULL, 0));
    g_assert_cmpuint (function, ==,
                      g_ascii_strtoull (lv_xml_attr (address, "function"), NULL, 0));
    g_assert_cmpuint (ns, ==, g_ascii_strtoull (lv_xml_attr (src, "namespace"), NULL, 10));
}

/* One disk: its row in Disks against domblklist's fields @f (type,
 * device, target, source) and dumpxml's <disk> element @xml. */
static void
check_disk (VinvInventory *inv, guint d, char **f, const LvXml *xml, GHashTable *pools,
            Seen *seen)
{
    VinvTable *disks = table (inv, VINV_TABLE_DISK);
    const LvXml *src = lv_xml_find (xml, "source");
    const char *type = lv_xml_attr (xml, "type");
    const char *device = lv_xml_attr (xml, "device");
    gboolean read_only = lv_xml_find (xml, "readonly") != NULL;

    g_assert_cmpstr (f[0], ==, type);
    g_assert_cmpstr (f[1], ==, device != NULL ? device : "disk");
    g_hash_table_add (seen->types, g_strdup (type));

    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_DEVICE), ==, f[1]);
    g_assert_cmpint (lv_bool (disks, d, VINV_DISK_READ_ONLY), ==, read_only);
    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_TARGET), ==, f[2]);
    g_test_message ("  %-9s %-6s %s → %s", f[0], f[1], f[3],
                    lv_is_null (disks, d, VINV_DISK_PATH)
                    ? "(no path)" : lv_string (disks, d, VINV_DISK_PATH));

    if (strcmp (f[3], "-") == 0 && src == NULL) {
        /* An empty drive. */
        g_autofree char *name = g_strdup_printf ("%s (empty %s)", f[2], f[1]);
        g_assert_true (lv_is_null (disks, d, VINV_DISK_PATH));
        g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, name);
        return;
    }
    g_assert_nonnull (src);
    if (strcmp (type, "volume") == 0) {
        const char *pool = lv_xml_attr (src, "pool");
        const char *path = g_hash_table_lookup (pools, f[3]);

        g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, f[3]);
        g_assert_cmpstr (lv_xml_attr (src, "volume"), ==, f[3]);
        if (path != NULL) {
            /* A volume of a pool libvirt knows: its path, its pool. */
            const VinvList *sd = lv_list (disks, d, VINV_DISK_STORAGE_DOMAINS);
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_PATH), ==, path);
            g_assert_cmpuint (sd->n, ==, 1);
            g_assert_cmpstr (sd->items[0].text, ==, pool);
        } else {
            /* Its pool is unknown: no path to show, the id names both. */
            g_autofree char *id = g_strdup_printf ("%s/%s", pool, f[3]);
            g_assert_true (lv_is_null (disks, d, VINV_DISK_PATH));
            g_assert_cmpstr (vinv_table_get_row_id (disks, d), ==, id);
        }
        return;
    }

    /* Every other kind: a source text that identifies it, which is also
     * the row's id. */
    {
        const char *text = lv_string (disks, d, VINV_DISK_PATH);
        g_autofree char *base = g_path_get_basename (text);

        g_assert_cmpstr (vinv_table_get_row_id (disks, d), ==, text);
        g_assert_cmpstr (lv_string (disks, d, VINV_DISK_STORAGE_TYPE), ==, type);
        if (strcmp (type, "file") == 0 || strcmp (type, "block") == 0
            || strcmp (type, "dir") == 0) {
            const char *attr = strcmp (type, "file") == 0 ? "file"
                               : strcmp (type, "block") == 0 ? "dev" : "dir";
            g_assert_cmpstr (text, ==, f[3]);
            g_assert_cmpstr (text, ==, lv_xml_attr (src, attr));
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, base);
            return;
        }
        g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, text);
        if (strcmp (type, "network") == 0) {
            /* virsh shows the name only ('-' without one). */
            if (strcmp (f[3], "-") != 0)
                g_assert_cmpstr (f[3], ==, lv_xml_attr (src, "name"));
            check_network_text (text, src, seen);
        } else if (strcmp (type, "nvme") == 0) {
            g_assert_cmpstr (text, ==, f[3]);   /* virsh prints nvme:// itself */
            check_nvme_text (text, src);
        } else if (strcmp (type, "vhostuser") == 0) {
            g_autofree char *expected = g_strconcat ("vhostuser:", f[3], NULL);
            g_assert_cmpstr (f[3], ==, lv_xml_attr (src, "path"));
            g_assert_cmpstr (text, ==, expected);
        } else {
            g_error ("disk type %s is not in the fixture's plan", type);
        }
    }
}

/* The volumes of the node's pools: name → path (vol-list). */
static GHashTable *
volume_paths (const char *uri)
{
    g_autofree char *names_out = lv_virsh (uri, "pool-list --all --name");
    g_autoptr(GPtrArray) names = lv_lines (names_out);
    GHashTable *paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; i < names->len; i++) {
        g_autofree char *cmd = g_strdup_printf ("vol-list %s", (char *) names->pdata[i]);
        g_autofree char *out = lv_virsh (uri, cmd);
        g_autoptr(GPtrArray) rows = lv_parse_table (out, 2);

        for (guint r = 0; r < rows->len; r++) {
            char **v = g_ptr_array_index (rows, r);
            g_hash_table_insert (paths, g_strdup (v[0]), g_strdup (v[1]));
        }
    }
    return paths;
}

static void
test_disk_sources (void)
{
    static const char *const types[] = {
        "file", "block", "dir", "volume", "network", "nvme", "vhostuser"
    };
    static const char *const protocols[] = {
        "nbd", "iscsi", "rbd", "sheepdog", "gluster", "vxhs", "nfs", "http", "https", "ftp",
        "ftps", "tftp", "ssh"
    };
    /* The issue's own examples of what a source must read like. */
    static const char *const examples[] = {
        "nbd://example.org:6000/export", "nvme://0000:01:00.0/1", "vhostuser:/run/vhost1.sock"
    };
    g_autofree char *uri = fixture_uri ();
    g_autoptr(VinvInventory) inv = lv_load (uri, NULL);
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    VinvTable *disks = table (inv, VINV_TABLE_DISK);
    g_autofree char *names_out = lv_virsh (uri, "list --all --name");
    g_autoptr(GPtrArray) names = lv_lines (names_out);
    g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) outputs = NULL;
    g_autoptr(GHashTable) pools = volume_paths (uri);
    Seen seen = {
        .types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
        .protocols = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    };
    guint n_disks = 0;

    g_assert_cmpuint (names->len, >=, 20);
    g_assert_cmpuint (vinv_table_get_n_rows (vms), ==, names->len);
    for (guint i = 0; i < names->len; i++) {
        g_ptr_array_add (commands, g_strdup_printf ("domblklist %s --details",
                                                    (char *) names->pdata[i]));
        g_ptr_array_add (commands, g_strdup_printf ("dumpxml %s", (char *) names->pdata[i]));
    }
    g_ptr_array_add (commands, NULL);
    outputs = lv_virsh_batch (uri, (const char *const *) commands->pdata);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        int vm = lv_find_row_by (vms, VINV_VM_NAME, name);
        g_autoptr(GPtrArray) rows = lv_parse_table (g_ptr_array_index (outputs, 2 * i), 4);
        g_autoptr(LvXml) dom = lv_xml_parse (g_ptr_array_index (outputs, 2 * i + 1));
        g_autoptr(GPtrArray) xml_disks = lv_xml_find_all (dom, "devices/disk");
        const LvXml *title = lv_xml_find (dom, "title");
        const char *machine = lv_xml_attr (lv_xml_find (dom, "os/type"), "machine");
        const VinvList *list;

        g_test_message ("%s", name);
        g_assert_cmpint (vm, >=, 0);
        if (title != NULL)
            g_assert_cmpstr (lv_string (vms, vm, VINV_VM_TITLE), ==, title->text);
        else
            g_assert_true (lv_is_null (vms, vm, VINV_VM_TITLE));
        if (machine != NULL)
            g_assert_cmpstr (lv_string (vms, vm, VINV_VM_MACHINE), ==, machine);
        else
            g_assert_true (lv_is_null (vms, vm, VINV_VM_MACHINE));

        list = lv_list (vms, vm, VINV_VM_DISKS);
        g_assert_cmpuint (list->n, ==, rows->len);
        g_assert_cmpuint (xml_disks->len, ==, rows->len);
        for (guint k = 0; k < rows->len; k++) {
            int d = vinv_table_find_row (disks, NULL, list->items[k].id);

            g_assert_cmpint (d, >=, 0);
            g_assert_cmpuint (g_strv_length (g_ptr_array_index (rows, k)), ==, 4);
            g_assert_true (lv_list_has_id (lv_list (disks, d, VINV_DISK_VMS),
                                           vinv_table_get_row_id (vms, vm)));
            check_disk (inv, d, g_ptr_array_index (rows, k), g_ptr_array_index (xml_disks, k),
                        pools, &seen);
            n_disks++;
        }
    }

    /* The fixture covers what libvirt documents. */
    g_test_message ("%u disks; hosts: %u named, %u IPv4, %u IPv6, %u with a port, %u unix "
                    "sockets, %u sources with several hosts, %u without a name", n_disks,
                    seen.named, seen.ipv4, seen.ipv6, seen.ported, seen.unix_socket,
                    seen.several_hosts, seen.no_export);
    for (guint i = 0; i < G_N_ELEMENTS (types); i++) {
        if (!g_hash_table_contains (seen.types, types[i]))
            g_error ("no disk of type %s in the fixture", types[i]);
    }
    for (guint i = 0; i < G_N_ELEMENTS (protocols); i++) {
        if (!g_hash_table_contains (seen.protocols, protocols[i]))
            g_error ("no network disk with protocol %s in the fixture", protocols[i]);
    }
    g_assert_cmpuint (seen.named, >, 0);
    g_assert_cmpuint (seen.ipv4, >, 0);
    g_assert_cmpuint (seen.ipv6, >, 0);
    g_assert_cmpuint (seen.ported, >, 0);
    g_assert_cmpuint (seen.unix_socket, >, 0);
    g_assert_cmpuint (seen.several_hosts, >, 0);
    g_assert_cmpuint (seen.no_export, >, 0);
    for (guint i = 0; i < G_N_ELEMENTS (examples); i++) {
        if (lv_find_row_by (disks, VINV_DISK_PATH, examples[i]) < 0)
            g_error ("no disk shows as %s", examples[i]);
    }
    g_hash_table_unref (seen.types);
    g_hash_table_unref (seen.protocols);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_libvirt_register ();
    g_test_add_func ("/libvirt/disk-sources", test_disk_sources);
    return g_test_run ();
}
