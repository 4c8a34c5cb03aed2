/* test-anonymize.c — the pseudonymiser (anonymize.h) on a small inventory
 * of two sources: names by kind, links that still resolve, addresses that
 * keep their networks, paths that keep their directories, ids that are not
 * UUIDs, errors with originals replaced, stable numbering, and the map
 * file (mode 0600, never through a symlink, not overwritten by default).
 */
#include "core/anonymize.h"
#include "core/view.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UUID1 "11111111-2222-4333-8444-555555555555"

static VinvInventory *
make_inventory (void)
{
    VinvInventory *inv = vinv_inventory_new ();
    vinv_inventory_add_source (inv, "hv01.corp.example.com",
                               "qemu+ssh://root@hv01.corp.example.com/system", NULL);
    vinv_inventory_add_source (inv, "lab", "test:///srv/secret/lab.xml", NULL);
    vinv_inventory_set_source_error (inv, "lab", "cannot open test:///srv/secret/lab.xml");

    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    VinvTable *hosts = vinv_inventory_ensure_table (inv, VINV_TABLE_HOST);
    VinvTable *disks = vinv_inventory_ensure_table (inv, VINV_TABLE_DISK);
    VinvTable *nics = vinv_inventory_ensure_table (inv, VINV_TABLE_VMNIC);

    guint h = vinv_table_add_row (hosts, "hv01.corp.example.com", "hv01");
    vinv_table_set_string (hosts, h, VINV_HOST_NAME, "hv01");
    vinv_table_set_string (hosts, h, VINV_HOST_ADDRESS, "hv01.corp.example.com");
    vinv_table_set_string (hosts, h, VINV_HOST_STATUS, "up");

    const VinvItem web_disks[] = { { "web01-root.qcow2", "/var/lib/images/web01-root.qcow2" },
                                   { "shared.raw", "/mnt/nfs/shared.raw" } };
    const VinvItem web_ips[] = { { "192.168.10.5", NULL }, { "192.168.10.77", NULL },
                                 { "172.16.0.5", NULL }, { "2001:db8:1:2::10", NULL } };
    guint v = vinv_table_add_row (vms, "hv01.corp.example.com", UUID1);
    vinv_table_set_string (vms, v, VINV_VM_NAME, "web01");
    vinv_table_set_string (vms, v, VINV_VM_STATUS, "up");
    vinv_table_set_string (vms, v, VINV_VM_DESCRIPTION, "Payroll front end, call Bob");
    vinv_table_set_ref (vms, v, VINV_VM_HOST, "hv01", "hv01");
    vinv_table_set_list (vms, v, VINV_VM_DISKS, web_disks, G_N_ELEMENTS (web_disks));
    vinv_table_set_list (vms, v, VINV_VM_IP_ADDRESSES, web_ips, G_N_ELEMENTS (web_ips));
    vinv_table_set_quantity (vms, v, VINV_VM_MEMORY, 4294967296.0);

    guint v2 = vinv_table_add_row (vms, "lab", "lab-vm-2");
    vinv_table_set_string (vms, v2, VINV_VM_NAME, "db01");
    vinv_table_set_string (vms, v2, VINV_VM_DESCRIPTION, "Payroll front end, call Bob");

    const VinvItem web[] = { { "web01", UUID1 } };
    guint d = vinv_table_add_row (disks, "hv01.corp.example.com",
                                  "/var/lib/images/web01-root.qcow2");
    vinv_table_set_string (disks, d, VINV_DISK_NAME, "web01-root.qcow2");
    vinv_table_set_string (disks, d, VINV_DISK_PATH, "/var/lib/images/web01-root.qcow2");
    vinv_table_set_string (disks, d, VINV_DISK_FORMAT, "qcow2");
    vinv_table_set_list (disks, d, VINV_DISK_VMS, web, 1);
    d = vinv_table_add_row (disks, "hv01.corp.example.com", "/mnt/nfs/shared.raw");
    vinv_table_set_string (disks, d, VINV_DISK_NAME, "shared.raw");
    vinv_table_set_string (disks, d, VINV_DISK_PATH, "/mnt/nfs/shared.raw");
    vinv_table_set_error (disks, "pool /mnt/nfs on hv01.corp.example.com is inactive");

    guint n = vinv_table_add_row (nics, "hv01.corp.example.com", UUID1 "/52:54:00:ab:cd:ef");
    vinv_table_set_ref (nics, n, VINV_VMNIC_VM, "web01", UUID1);
    vinv_table_set_string (nics, n, VINV_VMNIC_MAC, "52:54:00:ab:cd:ef");
    vinv_table_set_string (nics, n, VINV_VMNIC_INTERFACE, "virtio");
    return inv;
}

static const char *
cell_text (VinvInventory *inv, VinvTableKind kind, guint row, guint col)
{
    const VinvCell *cell = vinv_table_get_cell (vinv_inventory_get_table (inv, kind), row, col);
    return cell->kind == VINV_CELL_STRING ? cell->v.s
         : cell->kind == VINV_CELL_REF ? cell->v.ref->text : NULL;
}

static void
test_pseudonyms (void)
{
    g_autoptr (VinvInventory) inv = make_inventory ();
    g_autoptr (VinvAnonymizer) anon = vinv_anonymizer_new ();
    g_autoptr (VinvInventory) copy = vinv_anonymizer_dup_inventory (anon, inv);
    VinvTable *vms = vinv_inventory_get_table (copy, VINV_TABLE_VM);
    VinvTable *disks = vinv_inventory_get_table (copy, VINV_TABLE_DISK);

    /* names by kind, kept states, kept numbers */
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 0, VINV_VM_NAME), ==, "vm-0001");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 1, VINV_VM_NAME), ==, "vm-0002");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 0, VINV_VM_STATUS), ==, "up");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 0, VINV_VM_HOST), ==, "host-001");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_HOST, 0, VINV_HOST_NAME), ==, "host-001");
    g_assert_cmpfloat (vinv_table_get_cell (vms, 0, VINV_VM_MEMORY)->v.d, ==, 4294967296.0);
    /* one description, one pseudonym */
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 0, VINV_VM_DESCRIPTION), ==, "text-0001");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VM, 1, VINV_VM_DESCRIPTION), ==, "text-0001");
    /* sources and their URIs */
    g_assert_cmpstr (vinv_table_get_row_source (vms, 0), ==, "source-01");
    g_assert_cmpstr (vinv_table_get_row_source (vms, 1), ==, "source-02");
    g_assert_cmpstr (vinv_inventory_get_source (copy, 0)->uri, ==, "qemu+ssh://uri-001");
    g_assert_cmpstr (vinv_inventory_get_source (copy, 1)->uri, ==, "test://uri-002");
    g_assert_cmpstr (vinv_inventory_get_source (copy, 1)->error, ==, "cannot open test://uri-002");
    /* a FQDN */
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_HOST, 0, VINV_HOST_ADDRESS), ==,
                     "fqdn-0001.example");

    /* addresses: one /24 stays one /24, the host part kept */
    const VinvList *ips = vinv_table_get_cell (vms, 0, VINV_VM_IP_ADDRESSES)->v.list;
    g_assert_cmpuint (ips->n, ==, 4);
    g_assert_cmpstr (ips->items[0].text, ==, "10.0.1.5");
    g_assert_cmpstr (ips->items[1].text, ==, "10.0.1.77");
    g_assert_cmpstr (ips->items[2].text, ==, "10.0.2.5");
    g_assert_cmpstr (ips->items[3].text, ==, "fd00:0:0:1::1");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VMNIC, 0, VINV_VMNIC_MAC), ==,
                     "02:00:00:00:00:01");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_VMNIC, 0, VINV_VMNIC_INTERFACE), ==, "virtio");

    /* links: the ids agree, so a list item still finds its row */
    const VinvList *vm_disks = vinv_table_get_cell (vms, 0, VINV_VM_DISKS)->v.list;
    g_assert_cmpint (vinv_table_find_row (disks, NULL, vm_disks->items[0].id), ==, 0);
    g_assert_cmpint (vinv_table_find_row (disks, NULL, vm_disks->items[1].id), ==, 1);
    g_assert_cmpstr (vm_disks->items[0].text, ==, cell_text (copy, VINV_TABLE_DISK, 0,
                                                             VINV_DISK_NAME));
    g_assert_true (g_str_has_prefix (vm_disks->items[0].id, "id-"));
    /* a UUID stays */
    g_assert_cmpstr (vinv_table_get_row_id (vms, 0), ==, UUID1);
    g_assert_cmpstr (vinv_table_get_row_id (vms, 1), !=, "lab-vm-2");
    const VinvList *disk_vms = vinv_table_get_cell (disks, 0, VINV_DISK_VMS)->v.list;
    g_assert_cmpstr (disk_vms->items[0].text, ==, "vm-0001");
    g_assert_cmpstr (disk_vms->items[0].id, ==, UUID1);

    /* paths keep their directory apart from the file */
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_DISK, 0, VINV_DISK_PATH), ==,
                     "/dir-001/file-0001.qcow2");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_DISK, 1, VINV_DISK_PATH), ==,
                     "/dir-002/file-0002.raw");
    g_assert_cmpstr (cell_text (copy, VINV_TABLE_DISK, 0, VINV_DISK_FORMAT), ==, "qcow2");
    /* the error quotes the directory and the host: both replaced */
    g_assert_cmpstr (vinv_table_get_error (disks), ==,
                     "pool /dir-002 on fqdn-0001.example is inactive");

    /* the original is unchanged */
    g_assert_cmpstr (cell_text (inv, VINV_TABLE_VM, 0, VINV_VM_NAME), ==, "web01");

    /* a second copy by the same anonymiser: the same pseudonyms */
    g_autoptr (VinvInventory) again = vinv_anonymizer_dup_inventory (anon, inv);
    g_assert_cmpstr (cell_text (again, VINV_TABLE_VM, 1, VINV_VM_NAME), ==, "vm-0002");
    g_assert_cmpstr (vinv_anonymizer_lookup (anon, "vm", "db01"), ==, "vm-0002");
    g_assert_null (vinv_anonymizer_lookup (anon, "vm", "nothing"));
}

/* A view carried over shows the same rows, in the same order, with the
 * same first list item. */
static void
test_view_carried_over (void)
{
    g_autoptr (VinvInventory) inv = make_inventory ();
    g_autoptr (VinvAnonymizer) anon = vinv_anonymizer_new ();
    g_autoptr (VinvFilterError) ferr = NULL;
    g_autoptr (GError) error = NULL;
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    g_autoptr (VinvView) view = vinv_view_new (vms, inv);

    g_assert_true (vinv_view_set_columns_text (view, "name,ip_addresses", &error));
    g_assert_true (vinv_view_set_filter (view, "ip addresses = 172.*", &ferr));
    g_assert_null (ferr);
    g_assert_cmpuint (vinv_view_get_n_rows (view), ==, 1);

    g_autoptr (VinvInventory) copy = vinv_anonymizer_dup_inventory (anon, inv);
    g_autoptr (VinvView) anon_view = vinv_view_dup_for_table (
        view, vinv_inventory_get_table (copy, VINV_TABLE_VM));
    g_assert_cmpuint (vinv_view_get_n_rows (anon_view), ==, 1);
    g_assert_cmpuint (vinv_view_get_row (anon_view, 0), ==, 0);
    g_assert_cmpstr (vinv_view_get_filter_text (anon_view), ==, "");
    g_autofree char *text = vinv_view_dup_cell_text (anon_view, 0, VINV_VM_IP_ADDRESSES);
    g_assert_cmpstr (text, ==, "10.0.2.5 (3)");
}

static void
test_map_file (void)
{
    g_autoptr (VinvInventory) inv = make_inventory ();
    g_autoptr (VinvAnonymizer) anon = vinv_anonymizer_new ();
    g_autoptr (VinvInventory) copy = vinv_anonymizer_dup_inventory (anon, inv);
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vinv-anon-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "map.tsv", NULL);
    g_autofree char *target = g_build_filename (dir, "elsewhere", NULL);
    GStatBuf st;

    mode_t old = umask (0);
    gboolean ok = vinv_anonymizer_write_map (anon, path, FALSE, &error);
    umask (old);
    g_assert_no_error (error);
    g_assert_true (ok);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    g_autofree char *text = NULL;
    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "\nvm\tweb01\tvm-0001\n"));
    g_assert_nonnull (strstr (text, "\nhost\thv01\thost-001\n"));
    g_assert_nonnull (strstr (text, "\nipv4\t192.168.10.77\t10.0.1.77\n"));
    g_assert_nonnull (strstr (text, "\ndir\t/var/lib/images\t/dir-001\n"));

    /* exists: refused, unless told to overwrite */
    g_assert_false (vinv_anonymizer_write_map (anon, path, FALSE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);

    /* a symlink is replaced, never followed */
    g_assert_cmpint (g_unlink (path), ==, 0);
    g_assert_cmpint (symlink (target, path), ==, 0);
    g_assert_true (vinv_anonymizer_write_map (anon, path, TRUE, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_lstat (path, &st), ==, 0);
    g_assert_true (S_ISREG (st.st_mode));

    /* an unwritable place: an error and nothing left */
    g_autofree char *bad = g_build_filename (dir, "no", "such", "map.tsv", NULL);
    g_assert_false (vinv_anonymizer_write_map (anon, bad, TRUE, &error));
    g_assert_nonnull (error);

    g_unlink (path);
    g_rmdir (dir);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/anonymize/pseudonyms", test_pseudonyms);
    g_test_add_func ("/anonymize/view", test_view_carried_over);
    g_test_add_func ("/anonymize/map-file", test_map_file);
    return g_test_run ();
}
