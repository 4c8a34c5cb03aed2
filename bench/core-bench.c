/* core-bench.c — times the core on a large synthetic VM table: the filter
 * examples of DESIGN.md section 7.3, related-table predicates (against a
 * Hosts table of one host per 20 VMs, and from it to the VMs), sorts
 * (natural name order, memory, two keys) and CSV/JSON export.  In-process, so the figures are the core's
 * alone, without a back-end, a terminal or a window.
 *
 * bench/run starts it and reads its standard output, one JSON document:
 *   {"rows": N, "runs": R, "synth_ms": x,
 *    "results": [{"op": "filter", "what": "...", "matched": n,
 *                 "bytes": b (exports only), "cpu_ms": [..] (the thread's
 *                 CPU time: steadier than the wall time on a busy machine),
 *                 "ms": [r1, r2, ...]}, ...]}
 * Every operation is run R times; between two timed runs the view is put
 * back (filter cleared, table order restored) outside the timing.  The
 * table is a pure function of --rows and --seed.  --only PARTS runs some
 * of the parts: filter (VMs), hosts (filters on Hosts), first (related
 * filters as the first after a load), sort, export.
 *
 * Not a test: it asserts nothing about time, and meson does not register
 * it as one.
 */
#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/export.h"
#include "core/inventory.h"
#include "core/view.h"

/* What the benchmark does: filter texts, sort texts (as the CLI's -f and
 * -s take them) and the columns exported. */
static const char *const filters[] = {
    "status = up, memory > 4GB",
    "name = web.*",
    "disks = 2",
    "disks = Disk2",
    "storage domains = nfs.*",
    "pending restart = true",
    "host = hv0[1-3]",
    "host.status = up",
    "all host.status = up, status = up",
};

/* Filters timed on the Hosts table (n_rows / 20 rows), whose VMs cells
 * link to the 100,000 VMs: preparing them evaluates every VM once. */
static const char *const host_filters[] = {
    "vms.pending_restart = true",
    "vms.compatibility_version < cluster_version",
};

/* Related-table filters timed as the first filter after a load: before
 * each run the tables' resolved links (vinv_table_ref_links()) are dropped,
 * by reordering the rows in place (outside the timing), so the run pays
 * for resolving them.  The runs of the lists above find them resolved, as
 * every filter after the first does. */
static const struct {
    VinvTableKind table;
    const char *filter;
} first_filters[] = {
    { VINV_TABLE_VM, "host.status = up" },
    { VINV_TABLE_HOST, "vms.pending_restart = true" },
    { VINV_TABLE_HOST, "vms.compatibility_version < cluster_version" },
};

static const char *const sorts[] = {
    "name",
    "-memory",
    "status,-memory",
};

static const char *const export_columns =
    "name,status,host,cluster,vcpus,memory,os,disks,storage_domains,pending_restart,"
    "creation_time,ip_addresses";

static const char *const prefixes[] = {
    "web", "app", "api", "db-prod", "db-stage", "cache", "mq", "build-agent",
    "k8s-master", "k8s-worker", "vm", "win-desktop", "monitor", "backup", "dns",
};

static const char *const statuses[] = {
    "up", "up", "up", "up", "up", "up", "down", "down", "paused", "migrating", "suspended",
};

static const char *const oses[] = {
    "rhel_9x64", "rhel_8x64", "debian_12", "ubuntu_22_04", "windows_2022", "other_linux",
};

static const char *const host_statuses[] = {
    "up", "up", "up", "up", "up", "up", "up", "maintenance", "non_responsive", "error",
};

static const char *const domain_names[] = {
    "nfs-data-01", "nfs-data-02", "iscsi-fast-01", "iscsi-fast-02", "fc-bulk-01",
    "gluster-01", "nfs-archive", "local-ssd",
};

/* Builds the VMs table of @n_rows rows (and its inventory).  Deterministic
 * for a given @seed.  Returns the inventory (owned by caller). */
static VinvInventory *
synth_inventory (guint n_rows, guint32 seed)
{
    VinvInventory *inventory = vinv_inventory_new ();
    /* no description: every column counts as available */
    vinv_inventory_add_source (inventory, "bench", "bench://synthetic", NULL);
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    VinvTable *hosts = vinv_inventory_ensure_table (inventory, VINV_TABLE_HOST);
    g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
    /* a second stream for what was added later, so the VMs stay the same */
    g_autoptr (GRand) more = g_rand_new_with_seed (seed + 1);
    guint n_hosts = MAX (n_rows / 20, 2);
    guint serial[G_N_ELEMENTS (prefixes)] = { 0 };
    g_autoptr (GPtrArray) host_vms = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

    for (guint h = 0; h < n_hosts; h++) {
        char hname[32], hid[64];
        g_snprintf (hname, sizeof hname, "hv%02u", h + 1);
        g_snprintf (hid, sizeof hid, "10000000-0000-4000-8000-%012x", h);
        guint row = vinv_table_add_row (hosts, "bench", hid);
        vinv_table_set_string (hosts, row, VINV_HOST_NAME, hname);
        vinv_table_set_string (hosts, row, VINV_HOST_STATUS,
                               host_statuses[g_rand_int_range (more, 0,
                                                               G_N_ELEMENTS (host_statuses))]);
        g_ptr_array_add (host_vms, g_array_new (FALSE, FALSE, sizeof (guint)));
    }

    for (guint v = 0; v < n_rows; v++) {
        char id[64], name[64], host_name[32], host_id[64];
        guint p = g_rand_int_range (rand, 0, G_N_ELEMENTS (prefixes));
        const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];

        g_snprintf (id, sizeof id, "00000000-0000-4000-8000-%012x", v);
        g_snprintf (name, sizeof name, "%s%02u", prefixes[p], ++serial[p]);
        guint row = vinv_table_add_row (vms, "bench", id);
        vinv_table_set_string (vms, row, VINV_VM_NAME, name);
        vinv_table_set_string (vms, row, VINV_VM_STATUS, status);
        vinv_table_set_int (vms, row, VINV_VM_VCPUS, 1 << g_rand_int_range (rand, 0, 5));
        vinv_table_set_quantity (vms, row, VINV_VM_MEMORY,
                                 (double) (512u << g_rand_int_range (rand, 0, 8)) * 1048576.0);
        vinv_table_set_string (vms, row, VINV_VM_OS,
                               oses[g_rand_int_range (rand, 0, G_N_ELEMENTS (oses))]);
        vinv_table_set_ref (vms, row, VINV_VM_CLUSTER, v % 3 ? "prod" : "dev", NULL);
        if (strcmp (status, "up") == 0 || strcmp (status, "migrating") == 0) {
            guint h = g_rand_int_range (rand, 0, n_hosts);
            g_snprintf (host_name, sizeof host_name, "hv%02u", h + 1);
            g_snprintf (host_id, sizeof host_id, "10000000-0000-4000-8000-%012x", h);
            vinv_table_set_ref (vms, row, VINV_VM_HOST, host_name, host_id);
            g_array_append_val (g_ptr_array_index (host_vms, h), v);
        }

        VinvItem disks[3], sds[3], ips[2];
        char disk_names[3][80], disk_ids[3][64], ip_text[2][20];
        guint n_disks = g_rand_int_range (rand, 1, 4);
        for (guint d = 0; d < n_disks; d++) {
            g_snprintf (disk_names[d], sizeof disk_names[d], "Disk%u", d + 1);
            g_snprintf (disk_ids[d], sizeof disk_ids[d], "20000000-0000-4000-8000-%010x%02x",
                        v, d);
            disks[d] = (VinvItem) { disk_names[d], disk_ids[d] };
            sds[d] = (VinvItem) {
                domain_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (domain_names))], NULL
            };
        }
        vinv_table_set_list (vms, row, VINV_VM_DISKS, disks, n_disks);
        vinv_table_set_list (vms, row, VINV_VM_STORAGE_DOMAINS, sds, n_disks);
        guint n_ips = status[0] == 'u' ? g_rand_int_range (rand, 1, 3) : 0;
        for (guint i = 0; i < n_ips; i++) {
            g_snprintf (ip_text[i], sizeof ip_text[i], "10.%u.%u.%u", i, (v >> 8) & 255,
                        v & 255);
            ips[i] = (VinvItem) { ip_text[i], NULL };
        }
        vinv_table_set_list (vms, row, VINV_VM_IP_ADDRESSES, ips, n_ips);
        vinv_table_set_bool (vms, row, VINV_VM_PENDING_RESTART,
                             g_rand_int_range (rand, 0, 10) == 0);
        vinv_table_set_time (vms, row, VINV_VM_CREATION_TIME,
                             1600000000000 + (gint64) g_rand_int_range (rand, 0, 1 << 30) * 100);
        vinv_table_set_string (vms, row, VINV_VM_CLUSTER_VERSION, "4.8");
        vinv_table_set_string (vms, row, VINV_VM_COMPATIBILITY_VERSION,
                               g_rand_int_range (more, 0, 50) == 0 ? "4.7" : "4.8");
    }

    /* each host's VMs cell: the VMs whose Host is that host */
    for (guint h = 0; h < n_hosts; h++) {
        GArray *on = g_ptr_array_index (host_vms, h);
        g_autofree VinvItem *items = g_new0 (VinvItem, MAX (on->len, 1));
        for (guint i = 0; i < on->len; i++) {
            guint row = g_array_index (on, guint, i);
            items[i] = (VinvItem) { vinv_table_get_cell (vms, row, VINV_VM_NAME)->v.s,
                                    vinv_table_get_row_id (vms, row) };
        }
        vinv_table_set_list (hosts, h, VINV_HOST_VMS, items, on->len);
    }
    return inventory;
}

static double
ms_between (gint64 t0, gint64 t1)
{
    return (double) (t1 - t0) / 1000.0;
}

/* Appends `"ms": [..]` for @times to @json. */
static void
append_times (GString *json, const double *times, guint n)
{
    g_string_append (json, "\"ms\": [");
    for (guint i = 0; i < n; i++)
        g_string_append_printf (json, "%s%.3f", i ? ", " : "", times[i]);
    g_string_append (json, "]}");
}

/* Appends `"cpu_ms": [..], ` for @times to @json. */
static void
append_cpu_times (GString *json, const double *times, guint n)
{
    g_string_append (json, "\"cpu_ms\": [");
    for (guint i = 0; i < n; i++)
        g_string_append_printf (json, "%s%.3f", i ? ", " : "", times[i]);
    g_string_append (json, "], ");
}

/* Appends a JSON string literal of @s (the texts here are ASCII). */
static void
append_quoted (GString *json, const char *s)
{
    g_string_append_c (json, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            g_string_append_c (json, '\\');
        g_string_append_c (json, *s);
    }
    g_string_append_c (json, '"');
}

/* CPU time (user + system) of the calling thread, in milliseconds. */
static double
thread_cpu_ms (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec * 1000.0 + (double) ts.tv_nsec / 1e6;
}

/* Exports @view as @format to a new file @path, returning the milliseconds
 * it took (wall clock) and the file size in *bytes, or a negative time on
 * error.  *cpu_ms is the thread's CPU time over the same span: on a busy
 * machine it varies less than the wall time. */
static double
time_export (VinvView *view, VinvExportFormat format, const char *path, goffset *bytes,
             double *cpu_ms)
{
    g_autoptr (GFile) file = g_file_new_for_path (path);
    g_autoptr (GError) error = NULL;
    double cpu0 = thread_cpu_ms ();
    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (GFileOutputStream) out = g_file_replace (file, NULL, FALSE,
                                                        G_FILE_CREATE_REPLACE_DESTINATION,
                                                        NULL, &error);
    if (out == NULL
        || !vinv_export_view (view, "VMs", format, G_OUTPUT_STREAM (out), NULL, &error)
        || !g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error)) {
        g_printerr ("core-bench: export to %s: %s\n", path, error->message);
        return -1;
    }
    double ms = ms_between (t0, g_get_monotonic_time ());
    *cpu_ms = thread_cpu_ms () - cpu0;
    g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                    G_FILE_QUERY_INFO_NONE, NULL, NULL);
    *bytes = info != NULL ? g_file_info_get_size (info) : -1;
    g_unlink (path);
    return ms;
}

int
main (int argc, char **argv)
{
    gint rows = 100000, runs = 5, seed = 42;
    g_autofree char *tmpdir = NULL;
    g_autofree char *only = NULL;
    GOptionEntry entries[] = {
        { "rows", 'n', 0, G_OPTION_ARG_INT, &rows, "Rows of the VMs table (100000)", "N" },
        { "runs", 'r', 0, G_OPTION_ARG_INT, &runs, "Timed runs of each operation (5)", "R" },
        { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Seed of the synthetic table (42)", "S" },
        { "tmpdir", 0, 0, G_OPTION_ARG_FILENAME, &tmpdir,
          "Directory for the export files (default: the system's)", "DIR" },
        { "only", 0, 0, G_OPTION_ARG_STRING, &only,
          "Only these parts, comma-separated: filter, hosts, first, sort, export (default: all)",
          "PARTS" },
        { NULL },
    };
    g_autoptr (GOptionContext) context = g_option_context_new ("- time the core");
    g_autoptr (GError) error = NULL;

    g_option_context_add_main_entries (context, entries, NULL);
    if (!g_option_context_parse (context, &argc, &argv, &error) || rows < 1 || runs < 1) {
        g_printerr ("core-bench: %s\n", error != NULL ? error->message : "bad --rows or --runs");
        return 2;
    }

    gint64 t0 = g_get_monotonic_time ();
    g_autoptr (VinvInventory) inventory = synth_inventory (rows, seed);
    double synth_ms = ms_between (t0, g_get_monotonic_time ());
    VinvTable *vms = vinv_inventory_get_table (inventory, VINV_TABLE_VM);
    g_autoptr (VinvView) view = vinv_view_new (vms, inventory);
    g_autoptr (GString) json = g_string_new (NULL);
    g_autofree double *times = g_new (double, runs);
    g_autofree double *cpu_times = g_new (double, runs);
    int status = 0;

    g_string_append_printf (json, "{\"rows\": %d, \"runs\": %d, \"seed\": %d, "
                            "\"synth_ms\": %.3f, \"results\": [", rows, runs, seed, synth_ms);
    gboolean first = TRUE;
    g_auto (GStrv) parts = g_strsplit (only != NULL ? only : "filter,hosts,first,sort,export", ",", -1);
#define PART(name) g_strv_contains ((const char *const *) parts, (name))

    for (guint f = 0; PART ("filter") && f < G_N_ELEMENTS (filters); f++) {
        for (int r = 0; r < runs; r++) {
            g_autoptr (VinvFilterError) ferr = NULL;
            vinv_view_set_filter (view, NULL, NULL);
            double cpu0 = thread_cpu_ms ();
            gint64 a = g_get_monotonic_time ();
            gboolean ok = vinv_view_set_filter (view, filters[f], &ferr);
            times[r] = ms_between (a, g_get_monotonic_time ());
            cpu_times[r] = thread_cpu_ms () - cpu0;
            if (!ok) {
                g_printerr ("core-bench: filter '%s': %s\n", filters[f], ferr->message);
                return 1;
            }
        }
        g_string_append_printf (json, "%s{\"op\": \"filter\", \"what\": ", first ? "" : ", ");
        append_quoted (json, filters[f]);
        g_string_append_printf (json, ", \"matched\": %u, ", vinv_view_get_n_rows (view));
        append_cpu_times (json, cpu_times, runs);
        append_times (json, times, runs);
        first = FALSE;
    }
    vinv_view_set_filter (view, NULL, NULL);

    VinvTable *hosts = vinv_inventory_get_table (inventory, VINV_TABLE_HOST);
    g_autoptr (VinvView) host_view = vinv_view_new (hosts, inventory);
    for (guint f = 0; PART ("hosts") && f < G_N_ELEMENTS (host_filters); f++) {
        for (int r = 0; r < runs; r++) {
            g_autoptr (VinvFilterError) ferr = NULL;
            vinv_view_set_filter (host_view, NULL, NULL);
            double cpu0 = thread_cpu_ms ();
            gint64 a = g_get_monotonic_time ();
            gboolean ok = vinv_view_set_filter (host_view, host_filters[f], &ferr);
            times[r] = ms_between (a, g_get_monotonic_time ());
            cpu_times[r] = thread_cpu_ms () - cpu0;
            if (!ok) {
                g_printerr ("core-bench: filter '%s': %s\n", host_filters[f], ferr->message);
                return 1;
            }
        }
        g_string_append_printf (json, "%s{\"op\": \"filter hosts\", \"what\": ",
                                first ? "" : ", ");
        first = FALSE;
        append_quoted (json, host_filters[f]);
        g_string_append_printf (json, ", \"matched\": %u, ", vinv_view_get_n_rows (host_view));
        append_cpu_times (json, cpu_times, runs);
        append_times (json, times, runs);
    }

    for (guint f = 0; PART ("first") && f < G_N_ELEMENTS (first_filters); f++) {
        VinvTable *table = vinv_inventory_get_table (inventory, first_filters[f].table);
        g_autoptr (VinvView) first_view = vinv_view_new (table, inventory);
        guint n_vms = vinv_table_get_n_rows (vms);
        g_autofree guint *same = g_new (guint, n_vms);
        for (guint r = 0; r < n_vms; r++)
            same[r] = r;
        for (int r = 0; r < runs; r++) {
            g_autoptr (VinvFilterError) ferr = NULL;
            vinv_view_set_filter (first_view, NULL, NULL);
            vinv_table_reorder (vms, same);     /* drops every link into or out of VMs */
            double cpu0 = thread_cpu_ms ();
            gint64 a = g_get_monotonic_time ();
            gboolean ok = vinv_view_set_filter (first_view, first_filters[f].filter, &ferr);
            times[r] = ms_between (a, g_get_monotonic_time ());
            cpu_times[r] = thread_cpu_ms () - cpu0;
            if (!ok) {
                g_printerr ("core-bench: filter '%s': %s\n", first_filters[f].filter,
                            ferr->message);
                return 1;
            }
        }
        g_string_append_printf (json, "%s{\"op\": \"first filter%s\", \"what\": ",
                                first ? "" : ", ",
                                first_filters[f].table == VINV_TABLE_VM ? "" : " hosts");
        first = FALSE;
        append_quoted (json, first_filters[f].filter);
        g_string_append_printf (json, ", \"matched\": %u, ", vinv_view_get_n_rows (first_view));
        append_cpu_times (json, cpu_times, runs);
        append_times (json, times, runs);
    }

    for (guint s = 0; PART ("sort") && s < G_N_ELEMENTS (sorts); s++) {
        for (int r = 0; r < runs; r++) {
            vinv_view_set_sort (view, NULL, 0);
            double cpu0 = thread_cpu_ms ();
            gint64 a = g_get_monotonic_time ();
            if (!vinv_view_set_sort_text (view, sorts[s], &error)) {
                g_printerr ("core-bench: sort '%s': %s\n", sorts[s], error->message);
                return 1;
            }
            times[r] = ms_between (a, g_get_monotonic_time ());
            cpu_times[r] = thread_cpu_ms () - cpu0;
        }
        g_string_append_printf (json, "%s{\"op\": \"sort\", \"what\": ", first ? "" : ", ");
        first = FALSE;
        append_quoted (json, sorts[s]);
        g_string_append_printf (json, ", \"matched\": %u, ", vinv_view_get_n_rows (view));
        append_cpu_times (json, cpu_times, runs);
        append_times (json, times, runs);
    }
    vinv_view_set_sort (view, NULL, 0);

    if (!vinv_view_set_columns_text (view, export_columns, &error)) {
        g_printerr ("core-bench: columns: %s\n", error->message);
        return 1;
    }
    for (VinvExportFormat fmt = VINV_EXPORT_CSV; PART ("export") && fmt <= VINV_EXPORT_JSON;
         fmt++) {
        g_autofree char *path = g_build_filename (tmpdir != NULL ? tmpdir : g_get_tmp_dir (),
                                                  fmt == VINV_EXPORT_CSV ? "core-bench.csv"
                                                                         : "core-bench.json",
                                                  NULL);
        goffset bytes = 0;
        for (int r = 0; r < runs; r++) {
            times[r] = time_export (view, fmt, path, &bytes, &cpu_times[r]);
            if (times[r] < 0)
                status = 1;
        }
        g_string_append_printf (json, "%s{\"op\": \"export\", \"what\": ", first ? "" : ", ");
        first = FALSE;
        append_quoted (json, vinv_export_format_name (fmt));
        g_string_append_printf (json, ", \"matched\": %u, \"bytes\": %" G_GINT64_FORMAT ", ",
                                vinv_view_get_n_rows (view), (gint64) bytes);
        g_string_append (json, "\"cpu_ms\": [");
        for (int r = 0; r < runs; r++)
            g_string_append_printf (json, "%s%.3f", r ? ", " : "", cpu_times[r]);
        g_string_append (json, "], ");
        append_cpu_times (json, cpu_times, runs);
        append_times (json, times, runs);
    }

    g_string_append (json, "], \"columns\": ");
    append_quoted (json, export_columns);
    g_string_append (json, "}\n");
    fputs (json->str, stdout);
    return status;
}
