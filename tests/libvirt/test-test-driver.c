/* test-test-driver.c — the libvirt back-end against libvirt's test driver:
 * the bundled demo (data/demo/hv0N.xml) and test:///default.
 *
 * Every value is checked against what virsh prints for the same URI (each
 * virsh process loads the same node file into its own test driver, so both
 * see the same environment): domain names, states (dominfo and domstats),
 * vCPUs, memory, persistence, disks (domblklist), NICs (domiflist),
 * snapshots (snapshot-list, snapshot-current), pools (pool-info --bytes),
 * volumes (vol-list, vol-info --bytes), networks (net-list, net-info) and
 * the node (nodeinfo).  Relations are checked both ways and against what
 * virsh's listings imply (which VMs use a pool, a network, a volume).
 */
#include <string.h>

#include <glib/gstdio.h>

#include "lv-util.h"
#include "core/backend.h"
#include "libvirt/libvirt-backend.h"

#define MIB (1024.0 * 1024.0)

/* ---- helpers ------------------------------------------------------------- */

/* virsh's vshPrettyCapacity + "%.2lf %s". */
static char *
pretty_capacity (double bytes)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    guint u = 0;

    while (bytes >= 1024.0 && u + 1 < G_N_ELEMENTS (units)) {
        bytes /= 1024.0;
        u++;
    }
    return g_strdup_printf ("%.2f %s", bytes, units[u]);
}

/* virsh's state words → our VM status. */
static const char *
status_of_virsh_state (const char *state)
{
    static const struct {
        const char *virsh;
        const char *status;
    } map[] = {
        { "running", "up" }, { "idle", "blocked" }, { "paused", "paused" },
        { "in shutdown", "shutting_down" }, { "shut off", "down" },
        { "crashed", "crashed" }, { "pmsuspended", "suspended" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (map); i++) {
        if (strcmp (map[i].virsh, state) == 0)
            return map[i].status;
    }
    g_error ("unknown virsh state '%s'", state);
    return NULL;
}

/* virDomainState numbers (domstats state.state) → our VM status. */
static const char *
status_of_state_number (int state)
{
    static const char *const map[] = {
        "unknown", "up", "blocked", "paused", "shutting_down", "down", "crashed", "suspended"
    };

    g_assert_cmpint (state, >=, 0);
    g_assert_cmpint (state, <, (int) G_N_ELEMENTS (map));
    return map[state];
}

/* "4194304 KiB" → 4194304. */
static guint64
kib_value (const char *text)
{
    g_assert_nonnull (text);
    g_assert_true (g_str_has_suffix (text, " KiB"));
    return g_ascii_strtoull (text, NULL, 10);
}

static VinvTable *
table (VinvInventory *inv, VinvTableKind kind)
{
    VinvTable *t = vinv_inventory_get_table (inv, kind);

    g_assert_nonnull (t);
    g_assert_null (vinv_table_get_error (t));
    return t;
}

static gboolean
is_dash (const char *s)
{
    return s == NULL || strcmp (s, "-") == 0;
}

/* ---- domains ------------------------------------------------------------- */

typedef struct {
    GHashTable *used_paths;    /* volume path or name → GPtrArray of VM names */
    GHashTable *net_vms;       /* "NET\x1fVM" set, from domiflist */
    GHashTable *net_nics;      /* network name → count of NICs */
} Expect;

static void
add_user (GHashTable *used, const char *key, const char *vm)
{
    GPtrArray *vms = g_hash_table_lookup (used, key);

    if (vms == NULL) {
        vms = g_ptr_array_new_with_free_func (g_free);
        g_hash_table_insert (used, g_strdup (key), vms);
    }
    if (!g_ptr_array_find_with_equal_func (vms, vm, g_str_equal, NULL))
        g_ptr_array_add (vms, g_strdup (vm));
}

static void
check_domain_info (VinvTable *vms, guint row, const char *name, GHashTable *info,
                   int domstats_state)
{
    const char *status = status_of_virsh_state (g_hash_table_lookup (info, "State"));
    gboolean active = g_strcmp0 (g_hash_table_lookup (info, "Id"), "-") != 0;

    g_assert_cmpstr (vinv_table_get_row_id (vms, row), ==, g_hash_table_lookup (info, "UUID"));
    g_assert_cmpstr (lv_string (vms, row, VINV_VM_STATUS), ==, status);
    g_assert_cmpstr (status_of_state_number (domstats_state), ==, status);
    g_assert_cmpint (lv_int (vms, row, VINV_VM_VCPUS), ==,
                     g_ascii_strtoll (g_hash_table_lookup (info, "CPU(s)"), NULL, 10));
    g_assert_cmpfloat (lv_quantity (vms, row, VINV_VM_MEMORY), ==,
                       kib_value (g_hash_table_lookup (info, "Max memory")) * 1024.0);
    if (active)
        g_assert_cmpfloat (lv_quantity (vms, row, VINV_VM_MEM_INSTALLED), ==,
                           kib_value (g_hash_table_lookup (info, "Used memory")) * 1024.0);
    else
        g_assert_true (lv_is_null (vms, row, VINV_VM_MEM_INSTALLED));
    g_assert_cmpint (lv_bool (vms, row, VINV_VM_PERSISTENT), ==,
                     g_strcmp0 (g_hash_table_lookup (info, "Persistent"), "yes") == 0);
    g_assert_cmpint (lv_bool (vms, row, VINV_VM_AUTOSTART), ==,
                     g_strcmp0 (g_hash_table_lookup (info, "Autostart"), "enable") == 0);
    g_test_message ("  %s: %s, %" G_GINT64_FORMAT " vCPUs", name, status,
                    lv_int (vms, row, VINV_VM_VCPUS));
}

/* Columns read from the domain XML, against virsh dumpxml. */
static void
check_domain_xml (VinvTable *vms, guint row, const char *xml)
{
    g_autoptr(LvXml) dom = lv_xml_parse (xml);
    const char *machine = lv_xml_attr (lv_xml_find (dom, "os/type"), "machine");

    g_assert_cmpstr (dom->name, ==, "domain");
    if (machine != NULL)
        g_assert_cmpstr (lv_string (vms, row, VINV_VM_MACHINE), ==, machine);
    else
        g_assert_true (lv_is_null (vms, row, VINV_VM_MACHINE));
}

static void
free_string (gpointer s)
{
    g_string_free (s, TRUE);
}

/* The text of list cell @col of @row, items joined by ','; NULL if the
 * cell is null. */
static char *
dup_list_text (const VinvTable *t, guint row, guint col)
{
    const VinvList *list;
    g_autoptr(GString) s = g_string_new (NULL);

    if (lv_is_null (t, row, col))
        return NULL;
    list = lv_list (t, row, col);
    for (guint i = 0; i < list->n; i++)
        g_string_append_printf (s, "%s%s", i > 0 ? "," : "", list->items[i].text);
    return g_string_free (g_steal_pointer (&s), FALSE);
}

/* domifaddr --source lease rows: name, MAC, protocol, ADDRESS/PREFIX
 * (name and MAC are '-' on an interface's further addresses).  A VM's IP
 * addresses and its NICs' are what the leases say, and not known (empty
 * cells) where they say nothing — a shut-off domain among them. */
static void
check_domain_addresses (VinvInventory *inv, guint vm_row, const char *output)
{
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    VinvTable *nics = table (inv, VINV_TABLE_VMNIC);
    g_autoptr(GPtrArray) rows = lv_parse_table (output, 4);
    g_autoptr(GHashTable) by_mac = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          free_string);
    g_autoptr(GString) all = g_string_new (NULL);
    const VinvList *list = lv_list (vms, vm_row, VINV_VM_NICS);
    g_autofree char *vm_text = dup_list_text (vms, vm_row, VINV_VM_IP_ADDRESSES);
    g_autofree char *mac = NULL;

    for (guint i = 0; i < rows->len; i++) {
        char **f = g_ptr_array_index (rows, i);
        g_autofree char *addr = NULL;
        GString *s;

        g_assert_cmpuint (g_strv_length (f), ==, 4);
        if (strcmp (f[1], "-") != 0) {
            g_free (mac);
            mac = g_ascii_strdown (f[1], -1);
        }
        addr = g_strndup (f[3], strcspn (f[3], "/"));
        if ((s = g_hash_table_lookup (by_mac, mac)) == NULL)
            g_hash_table_insert (by_mac, g_strdup (mac), s = g_string_new (NULL));
        g_string_append_printf (s, "%s%s", s->len > 0 ? "," : "", addr);
        if (strstr (all->str, addr) == NULL)
            g_string_append_printf (all, "%s%s", all->len > 0 ? "," : "", addr);
    }
    g_assert_cmpstr (vm_text, ==, all->len > 0 ? all->str : NULL);
    for (guint i = 0; i < list->n; i++) {
        int n = vinv_table_find_row (nics, NULL, list->items[i].id);
        g_autofree char *nic_mac = NULL;
        g_autofree char *nic_text = NULL;
        GString *expected;

        g_assert_cmpint (n, >=, 0);
        nic_mac = g_ascii_strdown (lv_string (nics, n, VINV_VMNIC_MAC), -1);
        nic_text = dup_list_text (nics, n, VINV_VMNIC_IP_ADDRESSES);
        expected = g_hash_table_lookup (by_mac, nic_mac);
        g_assert_cmpstr (nic_text, ==, expected != NULL ? expected->str : NULL);
    }
    /* Only the agent knows the guest's host name and OS. */
    g_assert_true (lv_is_null (vms, vm_row, VINV_VM_FQDN));
    g_assert_true (lv_is_null (vms, vm_row, VINV_VM_GUEST_OS));
}

/* domblklist --details rows: type, device, target, source. */
static void
check_domain_disks (VinvInventory *inv, guint vm_row, const char *name, const char *output,
                    Expect *expect)
{
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    VinvTable *disks = table (inv, VINV_TABLE_DISK);
    const VinvList *list = lv_list (vms, vm_row, VINV_VM_DISKS);
    g_autoptr(GPtrArray) rows = lv_parse_table (output, 4);
    const char *vm_id = vinv_table_get_row_id (vms, vm_row);

    g_assert_cmpuint (list->n, ==, rows->len);
    for (guint i = 0; i < rows->len; i++) {
        char **f = g_ptr_array_index (rows, i);
        int d = vinv_table_find_row (disks, NULL, list->items[i].id);
        const VinvList *users;

        g_assert_cmpint (d, >=, 0);
        g_assert_cmpuint (g_strv_length (f), ==, 4);
        users = lv_list (disks, d, VINV_DISK_VMS);
        g_assert_true (lv_list_has_id (users, vm_id));
        g_assert_cmpstr (lv_string (disks, d, VINV_DISK_STATUS), ==, "ok");
        if (users->n == 1)
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_TARGET), ==, f[2]);
        if (users->n == 1 && strcmp (f[0], "volume") != 0)
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_STORAGE_TYPE), ==, f[0]);
        if (is_dash (f[3])) {
            g_assert_true (lv_is_null (disks, d, VINV_DISK_PATH));
        } else if (strcmp (f[0], "volume") == 0) {
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, f[3]);
            add_user (expect->used_paths, f[3], name);
        } else {
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_PATH), ==, f[3]);
            add_user (expect->used_paths, f[3], name);
        }
    }
}

/* domiflist rows: interface, type, source, model, MAC. */
static void
check_domain_nics (VinvInventory *inv, guint vm_row, const char *name, const char *output,
                   Expect *expect)
{
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    VinvTable *nics = table (inv, VINV_TABLE_VMNIC);
    const VinvList *list = lv_list (vms, vm_row, VINV_VM_NICS);
    g_autoptr(GPtrArray) rows = lv_parse_table (output, 5);
    const char *vm_id = vinv_table_get_row_id (vms, vm_row);

    g_assert_cmpuint (list->n, ==, rows->len);
    for (guint i = 0; i < rows->len; i++) {
        char **f = g_ptr_array_index (rows, i);
        int n = vinv_table_find_row (nics, NULL, list->items[i].id);

        g_assert_cmpint (n, >=, 0);
        g_assert_cmpuint (g_strv_length (f), ==, 5);
        g_assert_cmpstr (lv_ref (nics, n, VINV_VMNIC_VM)->id, ==, vm_id);
        g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_NAME), ==, f[0]);
        g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_TYPE), ==, f[1]);
        g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_MAC), ==, f[4]);
        if (!is_dash (f[3]))
            g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_INTERFACE), ==, f[3]);
        if (strcmp (f[1], "network") == 0) {
            g_autofree char *key = g_strconcat (f[2], "\x1f", name, NULL);
            g_assert_cmpstr (lv_ref (nics, n, VINV_VMNIC_NETWORK)->text, ==, f[2]);
            g_hash_table_add (expect->net_vms, g_steal_pointer (&key));
            g_hash_table_insert (expect->net_nics, g_strdup (f[2]), GUINT_TO_POINTER (
                GPOINTER_TO_UINT (g_hash_table_lookup (expect->net_nics, f[2])) + 1));
        } else {
            /* bridge and direct: the source is the bridge or device. */
            g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_BRIDGE), ==, f[2]);
            if (strcmp (f[1], "bridge") == 0) {
                g_autofree char *key = g_strconcat ("bridge:", f[2], "\x1f", name, NULL);
                g_hash_table_add (expect->net_vms, g_steal_pointer (&key));
            }
        }
    }
}

static void
check_domain_snapshots (VinvInventory *inv, guint vm_row, const char *list_out,
                        const char *current_out)
{
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    VinvTable *snaps = table (inv, VINV_TABLE_SNAP);
    const VinvList *list = lv_list (vms, vm_row, VINV_VM_SNAPSHOTS);
    g_autoptr(GPtrArray) names = lv_lines (list_out);
    g_autoptr(GPtrArray) current = lv_lines (current_out);

    g_assert_cmpuint (list->n, ==, names->len);
    for (guint i = 0; i < list->n; i++) {
        int s = vinv_table_find_row (snaps, NULL, list->items[i].id);
        const char *sname;

        g_assert_cmpint (s, >=, 0);
        sname = lv_string (snaps, s, VINV_SNAP_NAME);
        g_assert_true (g_ptr_array_find_with_equal_func (names, sname, g_str_equal, NULL));
        g_assert_cmpstr (lv_ref (snaps, s, VINV_SNAP_VM)->id, ==,
                         vinv_table_get_row_id (vms, vm_row));
        g_assert_cmpint (lv_bool (snaps, s, VINV_SNAP_CURRENT), ==,
                         current->len == 1
                         && strcmp (g_ptr_array_index (current, 0), sname) == 0);
    }
}

/* domstats --raw: "Domain: 'NAME'" then "  state.state=N". */
static GHashTable *
parse_domstats_states (const char *output)
{
    GHashTable *states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) lines = lv_lines (output);
    g_autofree char *current = NULL;

    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index (lines, i);

        if (g_str_has_prefix (line, "Domain: '")) {
            g_free (current);
            current = g_strndup (line + 9, strlen (line) - 10);
        } else if (g_str_has_prefix (line, "state.state=") && current != NULL) {
            g_hash_table_insert (states, g_strdup (current),
                                 GINT_TO_POINTER (atoi (line + 12) + 1));
        }
    }
    return states;
}

static void
check_domains (const char *uri, VinvInventory *inv, Expect *expect)
{
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    g_autofree char *names_out = lv_virsh (uri, "list --all --name");
    g_autofree char *stats_out = lv_virsh (uri, "domstats --raw");
    g_autoptr(GPtrArray) names = lv_lines (names_out);
    g_autoptr(GHashTable) states = parse_domstats_states (stats_out);
    g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) outputs = NULL;

    g_assert_cmpuint (names->len, >, 0);
    g_assert_cmpuint (vinv_table_get_n_rows (vms), ==, names->len);
    g_assert_cmpuint (g_hash_table_size (states), ==, names->len);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        g_ptr_array_add (commands, g_strdup_printf ("dominfo %s", name));
        g_ptr_array_add (commands, g_strdup_printf ("domblklist %s --details", name));
        g_ptr_array_add (commands, g_strdup_printf ("domiflist %s", name));
        g_ptr_array_add (commands, g_strdup_printf ("snapshot-list %s --name", name));
        g_ptr_array_add (commands, g_strdup_printf ("snapshot-current %s --name", name));
        g_ptr_array_add (commands, g_strdup_printf ("dumpxml %s", name));
        g_ptr_array_add (commands, g_strdup_printf ("domifaddr %s --source lease", name));
    }
    g_ptr_array_add (commands, NULL);
    outputs = lv_virsh_batch (uri, (const char *const *) commands->pdata);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        int row = lv_find_row_by (vms, VINV_VM_NAME, name);
        char **out = (char **) &g_ptr_array_index (outputs, 7 * i);
        g_autoptr(GHashTable) info = lv_parse_fields (out[0]);

        g_assert_cmpint (row, >=, 0);
        check_domain_info (vms, row, name, info,
                           GPOINTER_TO_INT (g_hash_table_lookup (states, name)) - 1);
        check_domain_disks (inv, row, name, out[1], expect);
        check_domain_nics (inv, row, name, out[2], expect);
        check_domain_snapshots (inv, row, out[3], out[4]);
        check_domain_xml (vms, row, out[5]);
        check_domain_addresses (inv, row, out[6]);
    }
}

/* ---- pools and volumes ------------------------------------------------- */

static void
check_pools (const char *uri, VinvInventory *inv, Expect *expect)
{
    VinvTable *pools = table (inv, VINV_TABLE_SD);
    VinvTable *disks = table (inv, VINV_TABLE_DISK);
    g_autofree char *names_out = lv_virsh (uri, "pool-list --all --name");
    g_autoptr(GPtrArray) names = lv_lines (names_out);
    g_autoptr(GPtrArray) commands = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) outputs = NULL;
    guint unattached = 0;

    g_assert_cmpuint (vinv_table_get_n_rows (pools), ==, names->len);
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        g_ptr_array_add (commands, g_strdup_printf ("pool-info %s --bytes", name));
        g_ptr_array_add (commands, g_strdup_printf ("vol-list %s --details", name));
    }
    g_ptr_array_add (commands, NULL);
    outputs = lv_virsh_batch (uri, (const char *const *) commands->pdata);

    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        int p = lv_find_row_by (pools, VINV_SD_NAME, name);
        g_autoptr(GHashTable) info = lv_parse_fields (g_ptr_array_index (outputs, 2 * i));
        g_autoptr(GPtrArray) vols = lv_parse_table (g_ptr_array_index (outputs, 2 * i + 1), 4);
        g_autoptr(GPtrArray) pool_vms = g_ptr_array_new ();
        const char *pool_id;

        g_assert_cmpint (p, >=, 0);
        pool_id = vinv_table_get_row_id (pools, p);
        g_assert_cmpstr (pool_id, ==, g_hash_table_lookup (info, "UUID"));
        g_assert_cmpstr (lv_string (pools, p, VINV_SD_STATUS), ==,
                         g_strcmp0 (g_hash_table_lookup (info, "State"), "running") == 0
                         ? "active" : "inactive");
        g_assert_cmpfloat (lv_quantity (pools, p, VINV_SD_TOTAL), ==,
                           g_ascii_strtod (g_hash_table_lookup (info, "Capacity"), NULL));
        g_assert_cmpfloat (lv_quantity (pools, p, VINV_SD_USED), ==,
                           g_ascii_strtod (g_hash_table_lookup (info, "Allocation"), NULL));
        g_assert_cmpfloat (lv_quantity (pools, p, VINV_SD_AVAILABLE), ==,
                           g_ascii_strtod (g_hash_table_lookup (info, "Available"), NULL));
        g_assert_cmpint (lv_bool (pools, p, VINV_SD_PERSISTENT), ==,
                         g_strcmp0 (g_hash_table_lookup (info, "Persistent"), "yes") == 0);
        g_assert_cmpint (lv_bool (pools, p, VINV_SD_AUTOSTART), ==,
                         g_strcmp0 (g_hash_table_lookup (info, "Autostart"), "yes") == 0);
        g_assert_cmpuint (lv_list (pools, p, VINV_SD_DISKS)->n, ==, vols->len);

        /* vol-list --details rows: name, path, type, "capacity allocation". */
        for (guint v = 0; v < vols->len; v++) {
            char **f = g_ptr_array_index (vols, v);
            int d = lv_find_row_by (disks, VINV_DISK_PATH, f[1]);
            g_autofree char *cap = NULL;
            g_autofree char *alloc = NULL;
            GPtrArray *users;
            const VinvList *vm_list;

            g_assert_cmpint (d, >=, 0);
            g_assert_cmpuint (g_strv_length (f), ==, 4);
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_NAME), ==, f[0]);
            g_assert_cmpstr (lv_string (disks, d, VINV_DISK_STORAGE_TYPE), ==, f[2]);
            g_assert_true (lv_list_has_id (lv_list (disks, d, VINV_DISK_STORAGE_DOMAINS),
                                           pool_id));
            g_assert_true (lv_list_has_id (lv_list (pools, p, VINV_SD_DISKS),
                                           vinv_table_get_row_id (disks, d)));
            /* "20.00 GiB   1.00 GiB": capacity then allocation. */
            cap = pretty_capacity (lv_quantity (disks, d, VINV_DISK_PROVISIONED_SIZE));
            alloc = pretty_capacity (lv_quantity (disks, d, VINV_DISK_ACTUAL_SIZE));
            g_assert_true (g_str_has_prefix (f[3], cap));
            g_assert_true (g_str_has_suffix (f[3], alloc));

            /* Who uses the volume, by path or (type='volume' disks) by name. */
            users = g_hash_table_lookup (expect->used_paths, f[1]);
            if (users == NULL)
                users = g_hash_table_lookup (expect->used_paths, f[0]);
            vm_list = lv_list (disks, d, VINV_DISK_VMS);
            g_assert_cmpuint (vm_list->n, ==, users != NULL ? users->len : 0);
            for (guint u = 0; users != NULL && u < users->len; u++) {
                const char *vm = g_ptr_array_index (users, u);
                gboolean found = FALSE;

                for (guint k = 0; k < vm_list->n; k++)
                    found = found || strcmp (vm_list->items[k].text, vm) == 0;
                g_assert_true (found);
                if (!g_ptr_array_find_with_equal_func (pool_vms, vm, g_str_equal, NULL))
                    g_ptr_array_add (pool_vms, (gpointer) vm);
            }
            unattached += users == NULL;
        }
        g_assert_cmpuint (lv_list (pools, p, VINV_SD_VMS)->n, ==, pool_vms->len);
    }
    g_test_message ("  %u pools, %u volumes used by no VM", names->len, unattached);

    /* Exact sizes of one volume per pool. */
    for (guint i = 0; i < names->len; i++) {
        const char *name = g_ptr_array_index (names, i);
        int p = lv_find_row_by (pools, VINV_SD_NAME, name);
        const VinvList *vols = lv_list (pools, p, VINV_SD_DISKS);
        g_autofree char *cmd = NULL;
        g_autofree char *out = NULL;
        g_autoptr(GHashTable) info = NULL;
        int d;

        if (vols->n == 0)
            continue;
        cmd = g_strdup_printf ("vol-info --bytes --pool %s %s", name, vols->items[0].text);
        out = lv_virsh (uri, cmd);
        info = lv_parse_fields (out);
        d = vinv_table_find_row (disks, NULL, vols->items[0].id);
        g_assert_cmpfloat (lv_quantity (disks, d, VINV_DISK_PROVISIONED_SIZE), ==,
                           g_ascii_strtod (g_hash_table_lookup (info, "Capacity"), NULL));
        g_assert_cmpfloat (lv_quantity (disks, d, VINV_DISK_ACTUAL_SIZE), ==,
                           g_ascii_strtod (g_hash_table_lookup (info, "Allocation"), NULL));
    }
}

/* ---- networks and node ------------------------------------------------- */

static void
check_networks (const char *uri, VinvInventory *inv, Expect *expect)
{
    VinvTable *nets = table (inv, VINV_TABLE_NET);
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    g_autofree char *list_out = lv_virsh (uri, "net-list --all");
    g_autoptr(GPtrArray) rows = lv_parse_table (list_out, 4);

    g_assert_cmpuint (vinv_table_get_n_rows (nets), ==, rows->len);
    for (guint i = 0; i < rows->len; i++) {
        char **f = g_ptr_array_index (rows, i);
        int n = lv_find_row_by (nets, VINV_NET_NAME, f[0]);
        g_autofree char *cmd = g_strdup_printf ("net-info %s", f[0]);
        g_autofree char *info_out = lv_virsh (uri, cmd);
        g_autoptr(GHashTable) info = lv_parse_fields (info_out);
        const VinvList *net_vms;
        const char *bridge;
        guint expected = 0;

        g_assert_cmpint (n, >=, 0);
        g_assert_cmpstr (vinv_table_get_row_id (nets, n), ==, g_hash_table_lookup (info, "UUID"));
        g_assert_cmpint (lv_bool (nets, n, VINV_NET_ACTIVE), ==, strcmp (f[1], "active") == 0);
        g_assert_cmpint (lv_bool (nets, n, VINV_NET_AUTOSTART), ==, strcmp (f[2], "yes") == 0);
        bridge = g_hash_table_lookup (info, "Bridge");
        if (bridge != NULL)
            g_assert_cmpstr (lv_string (nets, n, VINV_NET_BRIDGE), ==, bridge);

        /* VMs: those with a NIC on the network, or bridged to its bridge. */
        net_vms = lv_list (nets, n, VINV_NET_VMS);
        for (guint r = 0; r < vinv_table_get_n_rows (vms); r++) {
            const char *vm = lv_string (vms, r, VINV_VM_NAME);
            g_autofree char *by_net = g_strconcat (f[0], "\x1f", vm, NULL);
            g_autofree char *by_bridge = g_strconcat ("bridge:", bridge != NULL ? bridge : "",
                                                      "\x1f", vm, NULL);
            gboolean uses = g_hash_table_contains (expect->net_vms, by_net)
                            || g_hash_table_contains (expect->net_vms, by_bridge);

            g_assert_cmpint (lv_list_has_id (net_vms, vinv_table_get_row_id (vms, r)), ==,
                             uses);
            expected += uses;
        }
        g_assert_cmpuint (net_vms->n, ==, expected);
        g_assert_cmpuint (lv_list (nets, n, VINV_NET_NICS)->n, >=,
                          GPOINTER_TO_UINT (g_hash_table_lookup (expect->net_nics, f[0])));
    }
}

static void
check_node (const char *uri, VinvInventory *inv, const char *source)
{
    VinvTable *hosts = table (inv, VINV_TABLE_HOST);
    VinvTable *vms = table (inv, VINV_TABLE_VM);
    g_autofree char *out = lv_virsh (uri, "nodeinfo");
    g_autofree char *active_out = lv_virsh (uri, "list --uuid");
    g_autofree char *running_out = lv_virsh (uri, "list --state-running --uuid");
    g_autofree char *all_out = lv_virsh (uri, "list --all --uuid");
    g_autoptr(GHashTable) info = lv_parse_fields (out);
    g_autoptr(GPtrArray) active = lv_lines (active_out);
    g_autoptr(GPtrArray) running = lv_lines (running_out);
    g_autoptr(GPtrArray) all = lv_lines (all_out);
    const VinvList *host_vms;
    guint up = 0;
    gint64 cells = g_ascii_strtoll (g_hash_table_lookup (info, "NUMA cell(s)"), NULL, 10);
    gint64 sockets = cells * g_ascii_strtoll (g_hash_table_lookup (info, "CPU socket(s)"),
                                              NULL, 10);

    g_assert_cmpuint (vinv_table_get_n_rows (hosts), ==, 1);
    g_assert_cmpstr (lv_string (hosts, 0, VINV_HOST_NAME), ==, source);
    g_assert_cmpstr (lv_string (hosts, 0, VINV_HOST_STATUS), ==, "up");
    g_assert_cmpstr (lv_string (hosts, 0, VINV_HOST_ADDRESS), ==, "localhost");
    g_assert_cmpstr (lv_string (hosts, 0, VINV_HOST_URI), ==, uri);
    g_assert_cmpstr (lv_string (hosts, 0, VINV_HOST_CPU_MODEL), ==,
                     g_hash_table_lookup (info, "CPU model"));
    g_assert_cmpint (lv_int (hosts, 0, VINV_HOST_THREADS), ==,
                     g_ascii_strtoll (g_hash_table_lookup (info, "CPU(s)"), NULL, 10));
    g_assert_cmpint (lv_int (hosts, 0, VINV_HOST_SOCKETS), ==, sockets);
    g_assert_cmpint (lv_int (hosts, 0, VINV_HOST_CORES), ==,
                     sockets * g_ascii_strtoll (g_hash_table_lookup (info, "Core(s) per socket"),
                                                NULL, 10));
    g_assert_cmpfloat (lv_quantity (hosts, 0, VINV_HOST_CPU_SPEED), ==,
                       g_ascii_strtod (g_hash_table_lookup (info, "CPU frequency"), NULL) * 1e6);
    g_assert_cmpfloat (lv_quantity (hosts, 0, VINV_HOST_MEMORY), ==,
                       kib_value (g_hash_table_lookup (info, "Memory size")) * 1024.0);

    /* VMs: what `virsh list` shows (the active domains, paused ones too);
     * Running VMs: `virsh list --state-running`, the VMs with status up;
     * every domain of `virsh list --all` has the host as its Host. */
    host_vms = lv_list (hosts, 0, VINV_HOST_VMS);
    g_assert_cmpuint (host_vms->n, ==, active->len);
    for (guint i = 0; i < active->len; i++)
        g_assert_true (lv_list_has_id (host_vms, g_ptr_array_index (active, i)));
    g_assert_cmpint (lv_int (hosts, 0, VINV_HOST_RUNNING_VMS), ==, running->len);
    g_assert_cmpuint (vinv_table_get_n_rows (vms), ==, all->len);
    for (guint r = 0; r < vinv_table_get_n_rows (vms); r++) {
        g_assert_cmpstr (lv_ref (vms, r, VINV_VM_HOST)->id, ==,
                         vinv_table_get_row_id (hosts, 0));
        up += strcmp (lv_string (vms, r, VINV_VM_STATUS), "up") == 0;
    }
    g_assert_cmpuint (up, ==, running->len);
    g_test_message ("  host: %u VMs defined, %u active, %u running", all->len, active->len,
                    running->len);
    g_assert_cmpuint (lv_list (hosts, 0, VINV_HOST_NETWORKS)->n, ==,
                      vinv_table_get_n_rows (table (inv, VINV_TABLE_NET)));
    g_assert_true (g_str_has_prefix (lv_string (hosts, 0, VINV_HOST_HYPERVISOR), "TEST "));
    g_assert_nonnull (lv_string (hosts, 0, VINV_HOST_LIBVIRT_VERSION));
}

/* ---- links --------------------------------------------------------------- */

/* Ids named by a reference or list cell. */
static GPtrArray *
cell_ids (const VinvTable *t, guint row, guint col)
{
    const VinvCell *c = vinv_table_get_cell (t, row, col);
    GPtrArray *ids = g_ptr_array_new ();

    if (c->kind == VINV_CELL_REF && c->v.ref->id != NULL)
        g_ptr_array_add (ids, (gpointer) c->v.ref->id);
    if (c->kind == VINV_CELL_LIST) {
        for (guint i = 0; i < c->v.list->n; i++) {
            if (c->v.list->items[i].id != NULL)
                g_ptr_array_add (ids, (gpointer) c->v.list->items[i].id);
        }
    }
    return ids;
}

/* Every link of (from, col) has a row in (to) that links back in (back). */
typedef struct {
    VinvTableKind from;
    guint col;
    VinvTableKind to;
    guint back;
} LinkPair;

static const LinkPair link_pairs[] = {
    /* A shut-off domain names the host it is defined on, which does not
     * list it among the VMs running on it (check_node checks both). */
    { VINV_TABLE_VM, VINV_VM_HOST, VINV_TABLE_HOST, VINV_COLUMN_ID },
    { VINV_TABLE_HOST, VINV_HOST_VMS, VINV_TABLE_VM, VINV_VM_HOST },
    { VINV_TABLE_VM, VINV_VM_DISKS, VINV_TABLE_DISK, VINV_DISK_VMS },
    { VINV_TABLE_DISK, VINV_DISK_VMS, VINV_TABLE_VM, VINV_VM_DISKS },
    { VINV_TABLE_VM, VINV_VM_NICS, VINV_TABLE_VMNIC, VINV_VMNIC_VM },
    { VINV_TABLE_VMNIC, VINV_VMNIC_VM, VINV_TABLE_VM, VINV_VM_NICS },
    { VINV_TABLE_VM, VINV_VM_NETWORKS, VINV_TABLE_NET, VINV_NET_VMS },
    { VINV_TABLE_NET, VINV_NET_VMS, VINV_TABLE_VM, VINV_VM_NETWORKS },
    { VINV_TABLE_VM, VINV_VM_STORAGE_DOMAINS, VINV_TABLE_SD, VINV_SD_VMS },
    { VINV_TABLE_SD, VINV_SD_VMS, VINV_TABLE_VM, VINV_VM_STORAGE_DOMAINS },
    { VINV_TABLE_VM, VINV_VM_SNAPSHOTS, VINV_TABLE_SNAP, VINV_SNAP_VM },
    { VINV_TABLE_SNAP, VINV_SNAP_VM, VINV_TABLE_VM, VINV_VM_SNAPSHOTS },
    { VINV_TABLE_HOST, VINV_HOST_NETWORKS, VINV_TABLE_NET, VINV_NET_HOSTS },
    { VINV_TABLE_NET, VINV_NET_HOSTS, VINV_TABLE_HOST, VINV_HOST_NETWORKS },
    { VINV_TABLE_SD, VINV_SD_DISKS, VINV_TABLE_DISK, VINV_DISK_STORAGE_DOMAINS },
    { VINV_TABLE_DISK, VINV_DISK_STORAGE_DOMAINS, VINV_TABLE_SD, VINV_SD_DISKS },
    { VINV_TABLE_NET, VINV_NET_NICS, VINV_TABLE_VMNIC, VINV_VMNIC_NETWORK },
    { VINV_TABLE_VMNIC, VINV_VMNIC_NETWORK, VINV_TABLE_NET, VINV_NET_NICS },
    { VINV_TABLE_VMNIC, VINV_VMNIC_HOST, VINV_TABLE_HOST, VINV_COLUMN_ID },
};

static void
check_links (VinvInventory *inv)
{
    guint checked = 0;

    for (guint i = 0; i < G_N_ELEMENTS (link_pairs); i++) {
        const LinkPair *lp = &link_pairs[i];
        VinvTable *from = table (inv, lp->from);
        VinvTable *to = table (inv, lp->to);

        g_assert_cmpstr (vinv_table_get_column (from, lp->col)->target, ==,
                         vinv_table_get_schema (to)->id);
        for (guint r = 0; r < vinv_table_get_n_rows (from); r++) {
            g_autoptr(GPtrArray) ids = cell_ids (from, r, lp->col);

            for (guint k = 0; k < ids->len; k++) {
                int target = vinv_table_find_row (to, vinv_table_get_row_source (from, r),
                                                  g_ptr_array_index (ids, k));
                g_autoptr(GPtrArray) back = NULL;

                if (target < 0)
                    g_error ("%s %s: %s links to missing %s %s", vinv_table_get_schema (from)->id,
                             vinv_table_get_row_id (from, r), vinv_table_get_column (from,
                             lp->col)->id, vinv_table_get_schema (to)->id,
                             (char *) g_ptr_array_index (ids, k));
                if (lp->back == VINV_COLUMN_ID)
                    continue;
                back = cell_ids (to, target, lp->back);
                g_assert_true (g_ptr_array_find_with_equal_func (
                    back, vinv_table_get_row_id (from, r), g_str_equal, NULL));
                checked++;
            }
        }
    }
    g_assert_cmpuint (checked, >, 0);
}

/* The back-end's description (columns.c) is valid, and every column that
 * has a value somewhere is one it lists. */
static void
check_description (VinvInventory *inv)
{
    g_autoptr (GError) error = NULL;
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inv, tables);

    g_assert_true (vinv_backend_tables_check (vinv_libvirt_tables, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++) {
        const VinvSchema *s = vinv_table_get_schema (tables[i]);
        for (guint c = 0; c < s->n_columns; c++) {
            if (vinv_inventory_column_available (inv, tables[i], c))
                continue;
            for (guint r = 0; r < vinv_table_get_n_rows (tables[i]); r++) {
                if (vinv_table_get_cell (tables[i], r, c)->kind != VINV_CELL_NULL)
                    g_error ("%s.%s is filled but not listed in src/libvirt/columns.c",
                             s->id, s->columns[c].id);
            }
        }
    }
}

/* ---- the tests ----------------------------------------------------------- */

static void
check_uri (const char *uri, const char *expected_source)
{
    g_autofree char *source = NULL;
    g_autoptr(VinvInventory) inv = lv_load (uri, &source);
    Expect expect = {
        .used_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref),
        .net_vms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
        .net_nics = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL),
    };
    const VinvSource *src;

    g_assert_cmpstr (source, ==, expected_source);
    g_assert_cmpuint (vinv_inventory_get_n_sources (inv), ==, 1);
    src = vinv_inventory_get_source (inv, 0);
    g_assert_cmpstr (src->name, ==, expected_source);
    g_assert_true (src->tables == vinv_libvirt_backend_class.tables);
    g_assert_cmpstr (vinv_inventory_get_table_title (inv, table (inv, VINV_TABLE_SD)), ==,
                     "Storage pools");

    check_domains (uri, inv, &expect);
    check_pools (uri, inv, &expect);
    check_networks (uri, inv, &expect);
    check_node (uri, inv, expected_source);
    check_links (inv);
    check_description (inv);

    g_hash_table_unref (expect.used_paths);
    g_hash_table_unref (expect.net_vms);
    g_hash_table_unref (expect.net_nics);
}

static void
test_default (void)
{
    check_uri ("test:///default", "test");
}

static void
test_demo_host (gconstpointer data)
{
    const char *name = data;
    g_autofree char *file = g_strconcat (name, ".xml", NULL);
    g_autofree char *uri = lv_demo_uri (file);

    check_uri (uri, name);
}

/* What the demo is made of, as DESIGN.md and data/demo/README.md promise:
 * every run state, unattached volumes, a shared disk, disks outside pools,
 * empty CD-ROMs, direct NICs, a link down, snapshots with a current one. */
static void
test_demo_makeup (void)
{
    static const char *const statuses[] = {
        "up", "down", "paused", "suspended", "shutting_down", "crashed", "blocked"
    };
    static const char *const hosts[] = { "hv01.xml", "hv02.xml", "hv03.xml" };
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_vms = 0, unattached = 0, shared = 0, outside = 0, empty = 0, direct = 0;
    guint link_down = 0, n_snaps = 0, current = 0, memory = 0, transient = 0;
    g_autoptr(VinvInventory) all = vinv_inventory_new ();

    for (guint h = 0; h < G_N_ELEMENTS (hosts); h++) {
        g_autofree char *uri = lv_demo_uri (hosts[h]);
        g_autoptr(VinvInventory) inv = lv_load (uri, NULL);
        vinv_inventory_merge (all, inv);
    }
    {
        VinvTable *vms = table (all, VINV_TABLE_VM);
        VinvTable *disks = table (all, VINV_TABLE_DISK);
        VinvTable *nics = table (all, VINV_TABLE_VMNIC);
        VinvTable *snaps = table (all, VINV_TABLE_SNAP);

        g_assert_cmpuint (vinv_inventory_get_n_sources (all), ==, 3);
        n_vms = vinv_table_get_n_rows (vms);
        for (guint r = 0; r < n_vms; r++) {
            g_hash_table_add (seen, (gpointer) lv_string (vms, r, VINV_VM_STATUS));
            transient += !lv_bool (vms, r, VINV_VM_PERSISTENT);
            g_assert_cmpfloat (lv_quantity (vms, r, VINV_VM_MEMORY), >=, 512.0 * MIB);
            g_assert_cmpfloat (lv_quantity (vms, r, VINV_VM_MEMORY), <=, 32.0 * 1024 * MIB);
        }
        for (guint r = 0; r < vinv_table_get_n_rows (disks); r++) {
            guint users = lv_list (disks, r, VINV_DISK_VMS)->n;
            guint pools = lv_list (disks, r, VINV_DISK_STORAGE_DOMAINS)->n;

            unattached += users == 0;
            shared += users > 1 && lv_bool (disks, r, VINV_DISK_SHAREABLE);
            outside += users > 0 && pools == 0 && !lv_is_null (disks, r, VINV_DISK_PATH);
            empty += lv_is_null (disks, r, VINV_DISK_PATH);
        }
        for (guint r = 0; r < vinv_table_get_n_rows (nics); r++) {
            direct += strcmp (lv_string (nics, r, VINV_VMNIC_TYPE), "direct") == 0;
            link_down += !lv_bool (nics, r, VINV_VMNIC_LINKED);
        }
        n_snaps = vinv_table_get_n_rows (snaps);
        for (guint r = 0; r < n_snaps; r++) {
            current += lv_bool (snaps, r, VINV_SNAP_CURRENT);
            memory += lv_bool (snaps, r, VINV_SNAP_MEMORY_SAVED);
            g_assert_cmpfloat (lv_quantity (snaps, r, VINV_SNAP_AGE), >, 0);
        }
    }
    g_test_message ("demo: %u VMs, %u unattached volumes, %u shared disks, %u disks outside "
                    "pools, %u empty drives, %u direct NICs, %u links down, %u snapshots "
                    "(%u current, %u with memory), %u transient VMs", n_vms, unattached,
                    shared, outside, empty, direct, link_down, n_snaps, current, memory,
                    transient);
    g_assert_cmpuint (n_vms, >=, 150);
    for (guint i = 0; i < G_N_ELEMENTS (statuses); i++) {
        if (!g_hash_table_contains (seen, statuses[i]))
            g_error ("no demo VM is %s", statuses[i]);
    }
    g_assert_cmpuint (unattached, >=, 9);
    g_assert_cmpuint (shared, >=, 1);
    g_assert_cmpuint (outside, >=, 1);
    g_assert_cmpuint (empty, >=, 1);
    g_assert_cmpuint (direct, >=, 1);
    g_assert_cmpuint (link_down, >=, 1);
    g_assert_cmpuint (n_snaps, >=, 20);
    g_assert_cmpuint (current, >=, 10);
    g_assert_cmpuint (memory, >=, 1);
    g_assert_cmpuint (memory, <, n_snaps);
    g_assert_cmpuint (transient, >=, 1);
}

/* data/demo/demo.uris names the three node files, relative to itself;
 * each opens, with its base name as the source name. */
static void
test_demo_uris (void)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *dir = g_build_filename (root, "data", "demo", NULL);
    g_autofree char *list_path = g_build_filename (dir, "demo.uris", NULL);
    g_autofree char *list = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    guint n = 0;

    g_assert_true (g_file_get_contents (list_path, &list, NULL, NULL));
    lines = lv_lines (list);
    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index (lines, i);
        g_autofree char *expected = g_strdup_printf ("hv%02u", n + 1);
        g_autofree char *path = NULL;
        g_autofree char *uri = NULL;
        g_autofree char *source = NULL;
        g_autoptr(VinvInventory) inv = NULL;

        if (line[0] == '#')
            continue;
        g_assert_false (g_path_is_absolute (line));
        path = g_canonicalize_filename (line, dir);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        uri = g_strconcat ("test://", path, NULL);
        inv = lv_load (uri, &source);
        g_assert_cmpstr (source, ==, expected);
        n++;
    }
    g_assert_cmpuint (n, ==, 3);
}

typedef struct {
    const char *uri;
    gboolean accepted;
} AcceptCase;

static void
test_accepts (void)
{
    static const AcceptCase cases[] = {
        { "qemu:///system", TRUE },
        { "qemu:///session", TRUE },
        { "qemu+ssh://root@hv01.example.com/system", TRUE },
        { "test:///default", TRUE },
        { "test:///srv/demo/hv01.xml", TRUE },
        { "xen:///", TRUE },
        { "QEMU+SSH://root@hv01.example.com/system", TRUE },   /* any case */
        { "qemux:///system", FALSE },           /* "qemu+*" is not "qemu*" */
        { "qemu", FALSE },                      /* no scheme at all */
        { "ovirt://engine.example.com", FALSE },
        { "ovirt+http://127.0.0.1:8080", FALSE },
        { "ovirt+https://engine", FALSE },
        { "file:/tmp/inventory.json", FALSE },
        { "https://engine/ovirt-engine/api", FALSE },
        { "just-a-name", FALSE },
        { "", FALSE },
        { "://nothing", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_test_message ("%s", cases[i].uri);
        g_assert_cmpint (vinv_backend_class_for_uri (cases[i].uri)
                         == &vinv_libvirt_backend_class, ==, cases[i].accepted);
    }
}

typedef struct {
    const char *uri;
    VinvBackendErrorCode code;
    const char *must_contain;      /* in the message, besides the URI */
    const char *must_not_contain;
} OpenErrorCase;

static void
test_open_errors (void)
{
    static const OpenErrorCase cases[] = {
        /* A node file that does not exist. */
        { "test:///nonexistent/dir/hv99.xml", VINV_BACKEND_ERROR_URI,
          "test:///nonexistent/dir/hv99.xml", NULL },
        /* A node file that is not XML (written by the test). */
        { "@BROKEN@", VINV_BACKEND_ERROR_PROTOCOL, "broken.xml", NULL },
        /* A scheme no back-end declares (the registry says so). */
        { "nosuchdriver:///system", VINV_BACKEND_ERROR_URI, "qemu", NULL },
        /* A driver the back-end declares but this libvirt lacks or refuses. */
        { "bhyve:///system", VINV_BACKEND_ERROR_CONNECT, "bhyve:///system", NULL },
        /* Nothing listens on port 1 of 127.0.0.1: refused, password hidden. */
        { "qemu+tcp://admin:s3cret@127.0.0.1:1/system", VINV_BACKEND_ERROR_CONNECT,
          "127.0.0.1", "s3cret" },
        /* Not a libvirt URI at all. */
        { "ovirt://engine.example.com", VINV_BACKEND_ERROR_URI, "ovirt://engine", NULL },
    };

    g_autofree char *dir = g_dir_make_tmp ("vinv-libvirt-XXXXXX", NULL);
    g_autofree char *broken = g_build_filename (dir, "broken.xml", NULL);
    g_autofree char *broken_uri = g_strconcat ("test://", broken, NULL);

    g_assert_true (g_file_set_contents (broken, "<node><domain>", -1, NULL));
    vinv_libvirt_register ();
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr(GError) error = NULL;
        VinvConnectOptions options = { 0 };
        const char *uri = strcmp (cases[i].uri, "@BROKEN@") == 0 ? broken_uri : cases[i].uri;
        VinvBackend *be = vinv_backend_open (uri, &options, NULL, &error);

        g_assert_null (be);
        g_assert_nonnull (error);
        g_test_message ("%s → %s", uri, error->message);
        g_assert_true (error->domain == VINV_BACKEND_ERROR);
        g_assert_cmpint (error->code, ==, cases[i].code);
        g_assert_nonnull (strstr (error->message, cases[i].must_contain));
        g_assert_null (strchr (error->message, '\n'));
        if (cases[i].must_not_contain != NULL)
            g_assert_null (strstr (error->message, cases[i].must_not_contain));
    }
    g_assert_cmpint (g_remove (broken), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
}

typedef struct {
    guint calls;
    guint last_done;
    guint total;
    gboolean cancel_at_vms;
    GCancellable *cancellable;
    GPtrArray *phases;
} ProgressLog;

static void
on_progress (const VinvProgress *p, gpointer user_data)
{
    ProgressLog *log = user_data;

    g_assert_cmpstr (p->source, ==, "hv01");
    if (log->calls > 0)
        g_assert_cmpuint (p->done, >=, log->last_done);
    log->calls++;
    log->last_done = p->done;
    log->total = p->total;
    if (p->what != NULL)
        g_ptr_array_add (log->phases, g_strdup (p->what));
    if (log->cancel_at_vms && g_strcmp0 (p->what, "VMs") == 0)
        g_cancellable_cancel (log->cancellable);
}

static void
test_progress_and_cancel (void)
{
    g_autofree char *uri = lv_demo_uri ("hv01.xml");
    VinvConnectOptions options = { 0 };

    for (int cancel = 0; cancel <= 1; cancel++) {
        g_autoptr(GError) error = NULL;
        g_autoptr(GCancellable) cancellable = g_cancellable_new ();
        g_autoptr(GPtrArray) phases = g_ptr_array_new_with_free_func (g_free);
        ProgressLog log = { 0, 0, 0, cancel, cancellable, phases };
        g_autoptr(VinvInventory) inv = vinv_inventory_new ();
        VinvBackend *be = vinv_backend_open (uri, &options, NULL, &error);
        gboolean ok;

        g_assert_no_error (error);
        ok = vinv_backend_fetch (be, inv, on_progress, &log, cancellable, &error);
        vinv_backend_close (be);
        if (cancel) {
            g_assert_false (ok);
            g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED);
            g_assert_cmpstr (g_ptr_array_index (phases, phases->len - 1), ==, "VMs");
        } else {
            g_assert_true (ok);
            g_assert_no_error (error);
            g_assert_cmpuint (log.last_done, ==, log.total);
            g_assert_cmpuint (phases->len, ==, 6);
            g_assert_cmpstr (g_ptr_array_index (phases, 0), ==, "Host");
            g_assert_cmpstr (g_ptr_array_index (phases, 3), ==, "VMs");
            g_assert_cmpuint (vinv_table_get_n_rows (table (inv, VINV_TABLE_VM)), ==, 55);
        }
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_libvirt_register ();

    g_test_add_func ("/libvirt/accepts", test_accepts);
    g_test_add_func ("/libvirt/open-errors", test_open_errors);
    g_test_add_func ("/libvirt/default", test_default);
    g_test_add_data_func ("/libvirt/demo/hv01", "hv01", test_demo_host);
    g_test_add_data_func ("/libvirt/demo/hv02", "hv02", test_demo_host);
    g_test_add_data_func ("/libvirt/demo/hv03", "hv03", test_demo_host);
    g_test_add_func ("/libvirt/demo/makeup", test_demo_makeup);
    g_test_add_func ("/libvirt/demo/uris", test_demo_uris);
    g_test_add_func ("/libvirt/progress-and-cancel", test_progress_and_cancel);
    return g_test_run ();
}
