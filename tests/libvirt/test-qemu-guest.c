/* test-qemu-guest.c — the libvirt back-end against a real libvirtd with a
 * real QEMU guest (TCG, no KVM needed), checked against virsh.
 *
 * Needs root.  If libvirtd is not running, the test starts virtlogd and
 * libvirtd itself (as its own children, logging to a temporary directory)
 * and stops exactly those at the end; daemons that were already running
 * are used and left alone.  It defines and starts a 64 MiB, 1 vCPU domain
 * with a unique name, an 8 MiB qcow2 disk (so that it can take internal
 * snapshots) and a tap NIC, waits for it by polling its state (bounded),
 * loads qemu:///system through the back-end and compares the VMs, Disks,
 * VM NICs and Hosts rows with `virsh dominfo`, `virsh dumpxml` and
 * `virsh domstats` taken before and after the load (counters must lie
 * between the two).  The guest has a guest-agent channel but runs no OS,
 * so no agent ever answers: its guest cells must stay empty, read-only and
 * read-write, as `virsh domifaddr` and `virsh guestinfo` find nothing
 * either.  Then it runs the VM actions through the core's executor on a
 * read-write connection — pause, resume, snapshot create and delete,
 * stop, start — each checked with `virsh domstate` / `virsh
 * snapshot-list`.  The checks run in a subprocess so that the domain, its
 * disk and the daemons are cleaned up (destroyed and undefined) even when
 * a check fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "lv-util.h"
#include "core/backend.h"
#include "libvirt/libvirt-backend.h"

#define URI "qemu:///system"
#define RUN_DIR "/var/run/libvirt"
#define IMAGE_DIR "/var/lib/libvirt/images"
/* Held while the test runs: two copies (two build directories) must not
 * start or stop daemons under each other. */
#define LOCK_FILE "/run/lock/virt-inventory-qemu-test.lock"

typedef struct {
    GPid virtlogd;            /* 0 unless this test started it */
    GPid libvirtd;
    char *log_dir;
    char *name;               /* the domain */
    char *disk;               /* its disk image */
    char *tap;                /* its tap device */
    gboolean created;
} Env;

/* ---- helpers ------------------------------------------------------------- */

static gboolean
run (const char *const *argv, char **out)
{
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                       | (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0)
                       | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, out, NULL, &status, &error)) {
        g_test_message ("%s: %s", argv[0], error->message);
        return FALSE;
    }
    return g_spawn_check_wait_status (status, NULL);
}

/* TRUE if something accepts connections on the unix socket @path. */
static gboolean
socket_alive (const char *path)
{
    g_autoptr(GSocketClient) client = g_socket_client_new ();
    g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
    g_autoptr(GSocketConnection) conn = NULL;

    conn = g_socket_client_connect (client, G_SOCKET_CONNECTABLE (address), NULL, NULL);
    return conn != NULL;
}

static gboolean
libvirtd_answers (void)
{
    g_autofree char *out = NULL;
    const char *argv[] = { "virsh", "-c", URI, "uri", NULL };

    return run (argv, &out) && g_str_has_prefix (out, "qemu:///system");
}

/* Starts @program as a child of this test, logging to the log directory.
 * Returns its pid, or 0 with @error. */
static GPid
start_daemon (Env *env, const char *program, GError **error)
{
    g_autofree char *log = g_strdup_printf ("%s/%s.log", env->log_dir, program);
    g_autofree char *outputs = g_strdup_printf ("3:file:%s", log);
    g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "LIBVIRT_LOG_OUTPUTS", outputs,
                                           TRUE);
    const char *argv[] = { program, NULL };
    GPid pid = 0;

    if (!g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_SEARCH_PATH
                        | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                        | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, error)) {
        g_prefix_error (error, "cannot start %s: ", program);
        return 0;
    }
    g_test_message ("started %s (pid %d), log %s", program, pid, log);
    return pid;
}

/* Stops a daemon this test started: SIGTERM, then SIGKILL if it has not
 * exited within 10 s (polled). */
static void
stop_daemon (GPid pid, const char *program)
{
    if (pid <= 0)
        return;
    kill (pid, SIGTERM);
    for (int i = 0; i < 200; i++) {
        if (waitpid (pid, NULL, WNOHANG) == pid) {
            g_test_message ("stopped %s (pid %d)", program, pid);
            return;
        }
        g_usleep (50 * 1000);
    }
    kill (pid, SIGKILL);
    waitpid (pid, NULL, 0);
    g_test_message ("killed %s (pid %d)", program, pid);
}

static void
ensure_qemu_user (void)
{
    const char *group[] = { "getent", "group", "libvirt-qemu", NULL };
    const char *user[] = { "getent", "passwd", "libvirt-qemu", NULL };
    const char *groupadd[] = { "groupadd", "-r", "libvirt-qemu", NULL };
    const char *useradd[] = {
        "useradd", "-r", "-g", "libvirt-qemu", "-d", "/var/lib/libvirt", "-s",
        "/usr/sbin/nologin", "libvirt-qemu", NULL
    };

    if (!run (group, NULL))
        g_assert_true (run (groupadd, NULL));
    if (!run (user, NULL))
        g_assert_true (run (useradd, NULL));
}

/* Starts virtlogd and libvirtd unless libvirtd already answers; waits
 * until libvirtd accepts connections (polled, at most 30 s).  Returns FALSE
 * with @error set if it cannot. */
static gboolean
ensure_daemons (Env *env, GError **error)
{
    if (libvirtd_answers ()) {
        g_test_message ("using the libvirtd already running");
        return TRUE;
    }
    ensure_qemu_user ();
    if (g_mkdir_with_parents ("/var/log/libvirt", 0755) != 0
        || g_mkdir_with_parents (RUN_DIR, 0755) != 0
        || g_mkdir_with_parents (IMAGE_DIR, 0711) != 0) {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                     "cannot create libvirt's directories: %s", g_strerror (errno));
        return FALSE;
    }
    if (!socket_alive (RUN_DIR "/virtlogd-sock")
        && (env->virtlogd = start_daemon (env, "virtlogd", error)) == 0)
        return FALSE;
    if ((env->libvirtd = start_daemon (env, "libvirtd", error)) == 0)
        return FALSE;
    for (int i = 0; i < 600; i++) {
        int status;

        if (waitpid (env->libvirtd, &status, WNOHANG) == env->libvirtd) {
            env->libvirtd = 0;
            g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                         "libvirtd exited at start-up (see %s/libvirtd.log)", env->log_dir);
            return FALSE;
        }
        if (socket_alive (RUN_DIR "/libvirt-sock") && libvirtd_answers ())
            return TRUE;
        g_usleep (50 * 1000);
    }
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                 "libvirtd did not answer within 30 s (see %s/libvirtd.log)", env->log_dir);
    return FALSE;
}

static const char domain_template[] =
    "<domain type='qemu'>\n"
    "  <name>%s</name>\n"
    "  <description>virt-inventory test guest</description>\n"
    "  <memory unit='MiB'>64</memory>\n"
    "  <vcpu>1</vcpu>\n"
    "  <os><type arch='x86_64' machine='pc'>hvm</type></os>\n"
    "  <devices>\n"
    "    <disk type='file' device='disk'>\n"
    "      <driver name='qemu' type='qcow2'/>\n"
    "      <source file='%s'/>\n"
    "      <target dev='vda' bus='virtio'/>\n"
    "    </disk>\n"
    "    <interface type='ethernet'>\n"
    "      <mac address='52:54:00:76:69:6e'/>\n"
    "      <target dev='%s' managed='yes'/>\n"
    "      <model type='virtio'/>\n"
    "    </interface>\n"
    "    <channel type='unix'>\n"
    "      <target type='virtio' name='org.qemu.guest_agent.0'/>\n"
    "    </channel>\n"
    "    <graphics type='vnc' listen='127.0.0.1' autoport='yes'/>\n"
    "    <memballoon model='virtio'/>\n"
    "  </devices>\n"
    "</domain>\n";

/* `virsh domstats --raw NAME` as field → value. */
static GHashTable *
domstats (const char *name)
{
    g_autofree char *cmd = g_strdup_printf ("domstats --raw %s", name);
    g_autofree char *out = lv_virsh (URI, cmd);
    g_autoptr(GPtrArray) lines = lv_lines (out);
    GHashTable *stats = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 0; i < lines->len; i++) {
        const char *line = g_ptr_array_index (lines, i);
        const char *eq = strchr (line, '=');

        if (eq != NULL)
            g_hash_table_insert (stats, g_strndup (line, eq - line), g_strdup (eq + 1));
    }
    return stats;
}

static double
stat_value (GHashTable *stats, const char *field)
{
    const char *v = g_hash_table_lookup (stats, field);

    if (v == NULL)
        g_error ("domstats has no %s", field);
    return g_ascii_strtod (v, NULL);
}

/* Creates the transient domain and waits until it runs with CPU time, the
 * balloon and block statistics reported (polled, at most 20 s). */
static gboolean
create_domain (Env *env, GError **error)
{
    g_autofree char *xml = g_strdup_printf (domain_template, env->name, env->disk, env->tap);
    g_autofree char *xml_file = g_build_filename (env->log_dir, "domain.xml", NULL);
    const char *define[] = { "virsh", "-c", URI, "define", xml_file, NULL };
    const char *start[] = { "virsh", "-c", URI, "start", env->name, NULL };
    const char *mkdisk[] = { "qemu-img", "create", "-q", "-f", "qcow2", env->disk, "8M", NULL };

    if (g_file_test (env->disk, G_FILE_TEST_EXISTS) || !run (mkdisk, NULL)) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                     "cannot create %s with qemu-img (scripts/deps installs qemu-utils)",
                     env->disk);
        return FALSE;
    }
    if (!g_file_set_contents (xml_file, xml, -1, error))
        return FALSE;
    if (!run (define, NULL)) {
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                     "virsh define %s failed (daemon logs in %s)", xml_file, env->log_dir);
        return FALSE;
    }
    env->created = TRUE;
    if (!run (start, NULL)) {
        g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                     "virsh start %s failed (daemon logs in %s)", env->name, env->log_dir);
        return FALSE;
    }

    for (int i = 0; i < 400; i++) {
        g_autoptr(GHashTable) stats = domstats (env->name);
        const char *state = g_hash_table_lookup (stats, "state.state");
        const char *cpu = g_hash_table_lookup (stats, "cpu.time");

        if (g_strcmp0 (state, "1") == 0 && cpu != NULL && g_ascii_strtoull (cpu, NULL, 10) > 0
            && g_hash_table_contains (stats, "balloon.current")
            && g_hash_table_contains (stats, "block.0.rd.bytes"))
            return TRUE;
        g_usleep (50 * 1000);
    }
    g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                 "domain %s did not start running within 20 s", env->name);
    return FALSE;
}

static void
cleanup (Env *env)
{
    if (env->created) {
        const char *state[] = { "virsh", "-c", URI, "domstate", env->name, NULL };
        const char *destroy[] = { "virsh", "-c", URI, "destroy", env->name, NULL };
        const char *undefine[] = { "virsh", "-c", URI, "undefine", env->name,
                                   "--snapshots-metadata", "--managed-save", NULL };
        g_autofree char *out = NULL;
        if (run (state, &out) && !g_str_has_prefix (out, "shut off") && !run (destroy, NULL))
            g_test_message ("virsh destroy %s failed", env->name);
        if (!run (undefine, NULL))
            g_test_message ("virsh undefine %s failed", env->name);
    }
    if (env->disk != NULL)
        g_unlink (env->disk);
    stop_daemon (env->libvirtd, "libvirtd");
    stop_daemon (env->virtlogd, "virtlogd");
}

/* Destroys and undefines the guests (and removes the disks) that a run of
 * this test which no longer exists left behind: one killed by meson on a
 * timeout never reaches cleanup(), and its paused guest would keep using
 * memory and CPU.  A guest is this test's by its name, vinv-test-PID-HEX;
 * it is left over when no process PID exists.  Called with the lock held. */
static void
sweep_leftovers (void)
{
    const char *list[] = { "virsh", "-c", URI, "list", "--all", "--name", NULL };
    g_autofree char *out = NULL;

    if (!run (list, &out))
        return;
    g_auto (GStrv) names = g_strsplit (out, "\n", -1);
    for (guint i = 0; names[i] != NULL; i++) {
        const char *name = g_strstrip (names[i]);
        int pid = 0;
        unsigned hex = 0;
        char tail = 0;
        if (sscanf (name, "vinv-test-%d-%8x%c", &pid, &hex, &tail) != 2 || pid <= 0
            || kill (pid, 0) == 0 || errno != ESRCH)
            continue;
        const char *destroy[] = { "virsh", "-c", URI, "destroy", name, NULL };
        const char *undefine[] = { "virsh", "-c", URI, "undefine", name,
                                   "--snapshots-metadata", "--managed-save", NULL };
        run (destroy, NULL);
        if (!run (undefine, NULL))
            g_test_message ("virsh undefine %s (left over) failed", name);
        g_autofree char *disk = g_strdup_printf (IMAGE_DIR "/%s.raw", name);
        g_unlink (disk);
        g_test_message ("removed guest %s, left over by a run that was killed", name);
    }
}

/* ---- the checks (run in a subprocess) -------------------------------------- */

/* The guest of @name (UUID @id) has no agent answering and no lease:
 * virsh says so, and a read-write load leaves its guest cells empty. */
static void
check_silent_guest (const char *name, const char *id)
{
    g_autofree char *xml_cmd = g_strdup_printf ("dumpxml %s", name);
    g_autofree char *xml_out = lv_virsh (URI, xml_cmd);
    g_autoptr(LvXml) xml = lv_xml_parse (xml_out);
    g_autoptr(GPtrArray) channels = lv_xml_find_all (xml, "devices/channel/target");
    g_autofree char *lease_cmd = g_strdup_printf ("domifaddr %s --source lease", name);
    g_autofree char *lease_out = lv_virsh (URI, lease_cmd);
    g_autoptr(GPtrArray) leases = lv_parse_table (lease_out, 4);
    g_autofree char *info_cmd = g_strdup_printf ("guestinfo %s --hostname --os", name);
    g_autofree char *info_out = lv_virsh (URI, info_cmd);
    g_autoptr(GHashTable) info = lv_parse_fields (info_out);
    g_autoptr(VinvInventory) inv = lv_load_read_write (URI, NULL);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    VinvTable *nics = vinv_inventory_get_table (inv, VINV_TABLE_VMNIC);
    int vm = vinv_table_find_row (vms, NULL, id);
    const VinvList *list;
    const char *state = NULL;

    for (guint i = 0; i < channels->len; i++) {
        const LvXml *target = g_ptr_array_index (channels, i);
        if (g_strcmp0 (lv_xml_attr (target, "name"), "org.qemu.guest_agent.0") == 0)
            state = lv_xml_attr (target, "state");
    }
    g_printerr ("# agent channel state: %s, %u leases, guestinfo: %u fields\n", state,
                leases->len, g_hash_table_size (info));
    g_assert_cmpstr (state, ==, "disconnected");
    g_assert_cmpuint (leases->len, ==, 0);
    g_assert_null (g_hash_table_lookup (info, "hostname"));
    g_assert_null (g_hash_table_lookup (info, "os.name"));

    g_assert_cmpint (vm, >=, 0);
    g_assert_true (lv_is_null (vms, vm, VINV_VM_IP_ADDRESSES));
    g_assert_true (lv_is_null (vms, vm, VINV_VM_FQDN));
    g_assert_true (lv_is_null (vms, vm, VINV_VM_GUEST_OS));
    list = lv_list (vms, vm, VINV_VM_NICS);
    g_assert_cmpuint (list->n, ==, 1);
    g_assert_true (lv_is_null (nics, vinv_table_find_row (nics, NULL, list->items[0].id),
                               VINV_VMNIC_IP_ADDRESSES));
}

/* @low <= @value <= @high, for counters read before and after the load. */
static void
assert_between (const char *what, double low, double value, double high)
{
    /* The subprocess's stdout is not the TAP stream: report on stderr. */
    g_printerr ("# %s: %.0f <= %.0f <= %.0f\n", what, low, value, high);
    if (!(low <= value && value <= high))
        g_error ("%s: %.0f is not between %.0f and %.0f", what, value, low, high);
}

static void
check_guest (const char *name, const char *disk, const char *tap)
{
    g_autofree char *info_cmd = g_strdup_printf ("dominfo %s", name);
    g_autofree char *info_out = lv_virsh (URI, info_cmd);
    g_autoptr(GHashTable) info = lv_parse_fields (info_out);
    g_autofree char *hostname_out = lv_virsh (URI, "hostname");
    g_autofree char *xml_cmd = g_strdup_printf ("dumpxml %s", name);
    g_autofree char *xml_out = lv_virsh (URI, xml_cmd);
    g_autoptr(LvXml) xml = lv_xml_parse (xml_out);
    const char *machine = lv_xml_attr (lv_xml_find (xml, "os/type"), "machine");
    g_autoptr(GHashTable) before = domstats (name);
    g_autofree char *source = NULL;
    g_autoptr(VinvInventory) inv = lv_load (URI, &source);
    g_autoptr(GHashTable) after = domstats (name);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    VinvTable *disks = vinv_inventory_get_table (inv, VINV_TABLE_DISK);
    VinvTable *nics = vinv_inventory_get_table (inv, VINV_TABLE_VMNIC);
    VinvTable *hosts = vinv_inventory_get_table (inv, VINV_TABLE_HOST);
    const VinvList *list;
    const char *id;
    int vm, d, n;
    double rss;

    g_assert_null (vinv_table_get_error (vms));
    g_assert_cmpstr (source, ==, g_strstrip (hostname_out));
    vm = lv_find_row_by (vms, VINV_VM_NAME, name);
    g_assert_cmpint (vm, >=, 0);
    id = vinv_table_get_row_id (vms, vm);

    /* What dominfo says. */
    g_assert_cmpstr (id, ==, g_hash_table_lookup (info, "UUID"));
    g_assert_cmpstr (g_hash_table_lookup (info, "State"), ==, "running");
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_STATUS), ==, "up");
    g_assert_cmpint (lv_int (vms, vm, VINV_VM_VCPUS), ==,
                     g_ascii_strtoll (g_hash_table_lookup (info, "CPU(s)"), NULL, 10));
    g_assert_cmpint (lv_int (vms, vm, VINV_VM_VCPUS), ==, 1);
    g_assert_cmpfloat (lv_quantity (vms, vm, VINV_VM_MEMORY), ==,
                       g_ascii_strtod (g_hash_table_lookup (info, "Max memory"), NULL) * 1024);
    g_assert_cmpfloat (lv_quantity (vms, vm, VINV_VM_MEMORY), ==, 64.0 * 1024 * 1024);
    g_assert_true (lv_bool (vms, vm, VINV_VM_PERSISTENT));
    g_assert_false (lv_bool (vms, vm, VINV_VM_AUTOSTART));
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_TYPE), ==, "qemu");
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_CONSOLE), ==, "vnc");
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_ARCHITECTURE), ==, "x86_64");
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_DESCRIPTION), ==, "virt-inventory test guest");

    /* What dumpxml says: QEMU expands the machine alias 'pc' to a
     * versioned type (pc-i440fx-7.2). */
    g_assert_nonnull (machine);
    g_assert_true (g_str_has_prefix (machine, "pc-"));
    g_assert_cmpstr (lv_string (vms, vm, VINV_VM_MACHINE), ==, machine);

    /* What domstats says: equal for levels, between before and after for
     * counters. */
    g_assert_cmpfloat (stat_value (before, "vcpu.current"), ==, 1);
    g_assert_cmpfloat (lv_quantity (vms, vm, VINV_VM_MEM_INSTALLED), ==,
                       stat_value (after, "balloon.current") * 1024);
    rss = lv_quantity (vms, vm, VINV_VM_MEM_RSS);
    g_assert_cmpfloat (rss, >, 1024.0 * 1024);
    g_assert_cmpfloat (rss, <=, 4 * MAX (stat_value (before, "balloon.rss"),
                                         stat_value (after, "balloon.rss")) * 1024);
    assert_between ("cpu.time", stat_value (before, "cpu.time") / 1e9,
                    lv_quantity (vms, vm, VINV_VM_CPU_TIME), stat_value (after, "cpu.time") / 1e9);
    assert_between ("block rd.bytes", stat_value (before, "block.0.rd.bytes"),
                    lv_quantity (vms, vm, VINV_VM_BLOCK_RD_BYTES),
                    stat_value (after, "block.0.rd.bytes"));
    assert_between ("block rd.reqs", stat_value (before, "block.0.rd.reqs"),
                    (double) lv_int (vms, vm, VINV_VM_BLOCK_RD_REQS),
                    stat_value (after, "block.0.rd.reqs"));
    assert_between ("block wr.bytes", stat_value (before, "block.0.wr.bytes"),
                    lv_quantity (vms, vm, VINV_VM_BLOCK_WR_BYTES),
                    stat_value (after, "block.0.wr.bytes"));
    assert_between ("net rx.bytes", stat_value (before, "net.0.rx.bytes"),
                    lv_quantity (vms, vm, VINV_VM_NET_RX_BYTES),
                    stat_value (after, "net.0.rx.bytes"));
    assert_between ("net tx.bytes", stat_value (before, "net.0.tx.bytes"),
                    lv_quantity (vms, vm, VINV_VM_NET_TX_BYTES),
                    stat_value (after, "net.0.tx.bytes"));
    g_assert_cmpfloat (lv_quantity (vms, vm, VINV_VM_CPU_TIME), >, 0);
    g_assert_cmpfloat (lv_quantity (vms, vm, VINV_VM_BLOCK_RD_BYTES), >, 0);

    /* Its disk: one row, the same counters as the VM's sum. */
    list = lv_list (vms, vm, VINV_VM_DISKS);
    g_assert_cmpuint (list->n, ==, 1);
    d = vinv_table_find_row (disks, NULL, list->items[0].id);
    g_assert_cmpint (d, >=, 0);
    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_PATH), ==, disk);
    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_TARGET), ==, "vda");
    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_INTERFACE), ==, "virtio");
    g_assert_cmpstr (lv_string (disks, d, VINV_DISK_FORMAT), ==, "qcow2");
    g_assert_true (lv_list_has_id (lv_list (disks, d, VINV_DISK_VMS), id));
    g_assert_cmpfloat (lv_quantity (disks, d, VINV_DISK_RD_BYTES), ==,
                       lv_quantity (vms, vm, VINV_VM_BLOCK_RD_BYTES));
    g_assert_cmpint (lv_int (disks, d, VINV_DISK_RD_REQS), ==,
                     lv_int (vms, vm, VINV_VM_BLOCK_RD_REQS));

    /* Its NIC, with the tap device's counters. */
    list = lv_list (vms, vm, VINV_VM_NICS);
    g_assert_cmpuint (list->n, ==, 1);
    n = vinv_table_find_row (nics, NULL, list->items[0].id);
    g_assert_cmpint (n, >=, 0);
    g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_NAME), ==, tap);
    g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_MAC), ==, "52:54:00:76:69:6e");
    g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_TYPE), ==, "ethernet");
    g_assert_cmpstr (lv_string (nics, n, VINV_VMNIC_INTERFACE), ==, "virtio");
    g_assert_cmpstr (lv_ref (nics, n, VINV_VMNIC_VM)->id, ==, id);
    g_assert_cmpfloat (lv_quantity (nics, n, VINV_VMNIC_RX_TOTAL), ==,
                       lv_quantity (vms, vm, VINV_VM_NET_RX_BYTES));
    g_assert_cmpint (lv_int (nics, n, VINV_VMNIC_RX_ERRORS), ==,
                     (gint64) stat_value (after, "net.0.rx.errs"));
    g_assert_cmpint (lv_int (nics, n, VINV_VMNIC_TX_DROPS), ==,
                     (gint64) stat_value (after, "net.0.tx.drop"));

    /* What the guest says: it runs no OS, so its agent channel stays
     * disconnected and no DHCP lease names its NIC (an ethernet NIC, not
     * on a libvirt network).  The cells stay empty, on a read-only and on
     * a read-write connection (where the agent would be asked), as virsh
     * finds nothing either. */
    g_assert_true (lv_is_null (vms, vm, VINV_VM_IP_ADDRESSES));
    g_assert_true (lv_is_null (vms, vm, VINV_VM_FQDN));
    g_assert_true (lv_is_null (vms, vm, VINV_VM_GUEST_OS));
    g_assert_true (lv_is_null (nics, n, VINV_VMNIC_IP_ADDRESSES));
    check_silent_guest (name, id);

    /* The host it runs on. */
    g_assert_cmpuint (vinv_table_get_n_rows (hosts), ==, 1);
    g_assert_cmpstr (lv_ref (vms, vm, VINV_VM_HOST)->id, ==, vinv_table_get_row_id (hosts, 0));
    g_assert_true (lv_list_has_id (lv_list (hosts, 0, VINV_HOST_VMS), id));
    g_assert_cmpint (lv_int (hosts, 0, VINV_HOST_RUNNING_VMS), >=, 1);
    g_assert_true (g_str_has_prefix (lv_string (hosts, 0, VINV_HOST_HYPERVISOR), "QEMU "));
    g_assert_cmpfloat (lv_quantity (hosts, 0, VINV_HOST_MEM_TOTAL), >, 0);
}

/* ---- actions (run in the same subprocess, after the inventory checks) ------ */

static VinvBackend *
open_read_write (const char *source, gpointer user_data, GError **error)
{
    VinvConnectOptions options = { .read_write = TRUE };
    return vinv_backend_open (URI, &options, NULL, error);
}

/* `virsh domstate NAME`, first line. */
static char *
virsh_state (const char *name)
{
    g_autofree char *cmd = g_strdup_printf ("domstate %s", name);
    g_autofree char *out = lv_virsh (URI, cmd);
    return g_strdup (g_strstrip (out));
}

/* Runs @kind on the guest through the executor; asserts it is DONE. */
static void
act (VinvActionKind kind, const char *vm_id, const char *name, const char *snapshot_id,
     const char *description, char **new_id)
{
    VinvAction action = { .kind = kind, .description = description };
    VinvActionRunOptions options = { .wait = TRUE, .timeout_s = 60, .poll_interval_ms = 100 };
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (
        (GDestroyNotify) vinv_action_item_free);
    VinvActionItem *item = vinv_action_item_new ("test", vm_id, name, snapshot_id, NULL);

    g_ptr_array_add (items, item);
    gboolean ok = vinv_action_run (&action, items, &options, open_read_write, NULL, NULL, NULL,
                                   NULL);
    g_printerr ("# %s: %s%s%s\n", vinv_action_kind_to_string (kind),
                item->outcome == VINV_ACTION_OUTCOME_DONE ? "done" : "not done",
                item->reason != NULL ? ": " : "", item->reason != NULL ? item->reason : "");
    g_assert_true (ok);
    g_assert_cmpint (item->outcome, ==, VINV_ACTION_OUTCOME_DONE);
    if (new_id != NULL)
        *new_id = g_strdup (item->new_id);
}

static void
check_actions (const char *name)
{
    g_autofree char *uuid_cmd = g_strdup_printf ("domuuid %s", name);
    g_autofree char *uuid_out = lv_virsh (URI, uuid_cmd);
    const char *id = g_strstrip (uuid_out);
    g_autofree char *snap_id = NULL;
    g_autofree char *list_cmd = g_strdup_printf ("snapshot-list %s --name", name);
    char *state;

    act (VINV_ACTION_PAUSE, id, name, NULL, NULL, NULL);
    state = virsh_state (name);
    g_assert_cmpstr (state, ==, "paused");
    g_free (state);

    act (VINV_ACTION_RESUME, id, name, NULL, NULL, NULL);
    state = virsh_state (name);
    g_assert_cmpstr (state, ==, "running");
    g_free (state);

    act (VINV_ACTION_SNAPSHOT, id, name, NULL, "virt-inventory test", &snap_id);
    g_assert_nonnull (snap_id);
    g_assert_true (g_str_has_prefix (snap_id, id));
    {
        g_autofree char *list = lv_virsh (URI, list_cmd);
        g_assert_nonnull (strstr (list, strchr (snap_id, '/') + 1));
        g_autofree char *dump_cmd = g_strdup_printf ("snapshot-dumpxml %s %s", name,
                                                     strchr (snap_id, '/') + 1);
        g_autofree char *dump = lv_virsh (URI, dump_cmd);
        g_assert_nonnull (strstr (dump, "<description>virt-inventory test</description>"));
    }

    act (VINV_ACTION_SNAPSHOT_DELETE, id, name, snap_id, NULL, NULL);
    {
        g_autofree char *list = lv_virsh (URI, list_cmd);
        g_assert_null (strstr (list, strchr (snap_id, '/') + 1));
    }

    act (VINV_ACTION_STOP, id, name, NULL, NULL, NULL);
    state = virsh_state (name);
    g_assert_cmpstr (state, ==, "shut off");
    g_free (state);

    act (VINV_ACTION_START, id, name, NULL, NULL, NULL);
    state = virsh_state (name);
    g_assert_cmpstr (state, ==, "running");
    g_free (state);
}

/* ---- the test -------------------------------------------------------------- */

static void
remove_dir (const char *path)
{
    g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
        g_autofree char *file = g_build_filename (path, name, NULL);
        g_unlink (file);
    }
    g_rmdir (path);
}

static void
test_qemu_guest (void)
{
    g_autoptr(GError) error = NULL;
    Env env = { 0 };
    int lock_fd;

    if (g_test_subprocess ()) {
        check_guest (g_getenv ("VINV_TEST_DOMAIN"), g_getenv ("VINV_TEST_DISK"),
                     g_getenv ("VINV_TEST_TAP"));
        check_actions (g_getenv ("VINV_TEST_DOMAIN"));
        return;
    }
    if (geteuid () != 0) {
        g_test_skip ("not root");
        return;
    }
    if (g_find_program_in_path ("libvirtd") == NULL
        && !g_file_test ("/usr/sbin/libvirtd", G_FILE_TEST_IS_EXECUTABLE))
        g_error ("libvirtd is not installed (scripts/deps installs libvirt-daemon)");

    g_mkdir_with_parents ("/run/lock", 0755);
    lock_fd = open (LOCK_FILE, O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    g_assert_cmpint (lock_fd, >=, 0);
    g_assert_cmpint (flock (lock_fd, LOCK_EX), ==, 0);

    env.log_dir = g_dir_make_tmp ("vinv-qemu-XXXXXX", NULL);
    env.name = g_strdup_printf ("vinv-test-%d-%08x", (int) getpid (), g_random_int ());
    env.disk = g_strdup_printf (IMAGE_DIR "/%s.raw", env.name);
    env.tap = g_strdup_printf ("vinvt%06x", g_random_int () & 0xffffff);

    if (!ensure_daemons (&env, &error)) {
        cleanup (&env);
        close (lock_fd);
        g_test_fail_printf ("setting up the guest: %s", error->message);
        return;
    }
    sweep_leftovers ();
    if (!create_domain (&env, &error)) {
        cleanup (&env);
        close (lock_fd);
        g_test_fail_printf ("setting up the guest: %s", error->message);
        return;
    }
    g_setenv ("VINV_TEST_DOMAIN", env.name, TRUE);
    g_setenv ("VINV_TEST_DISK", env.disk, TRUE);
    g_setenv ("VINV_TEST_TAP", env.tap, TRUE);
    g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
    cleanup (&env);
    close (lock_fd);
    if (!g_test_trap_has_passed ()) {
        g_test_message ("daemon logs (if started here): %s", env.log_dir);
        g_test_trap_assert_passed ();
        return;
    }
    remove_dir (env.log_dir);

    g_free (env.name);
    g_free (env.disk);
    g_free (env.tap);
    g_free (env.log_dir);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_libvirt_register ();
    g_test_add_func ("/libvirt/qemu-guest", test_qemu_guest);
    return g_test_run ();
}
