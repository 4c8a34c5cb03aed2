/* vinv-bench.c — synthetic tables and the GUI timing run.
 *
 * Each figure separates the core's work (the view filtering or sorting,
 * timed on a view of its own) from the GUI's (the page applying the same
 * change: core work plus the model reset and count), and from painting
 * (the time between the frame clock's before-paint and after-paint of the
 * next frame: layout, binding the rows that came into sight, snapshot and
 * render).  Scrolling is timed as the painting cost of frames while the
 * view jumps a page at a time through the whole table.
 */
#include "vinv-bench.h"

#include <stdio.h>
#include "vinv-gui-util.h"
#include "vinv-row-model.h"

#define N_HOSTS 100

static const char *statuses[] = { "up", "up", "up", "down", "paused", "suspended" };

VinvInventory *
vinv_bench_synth_inventory (guint n_vms)
{
    VinvInventory *inventory = vinv_inventory_new ();
    VinvTable *hosts = vinv_inventory_ensure_table (inventory, VINV_TABLE_HOST);
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    g_autoptr (GRand) rand = g_rand_new_with_seed (20260922);
    char id[64];
    char name[64];

    /* no description: every column counts as available */
    vinv_inventory_add_source (inventory, "bench", "bench://", NULL);
    for (guint h = 0; h < N_HOSTS; h++) {
        g_snprintf (id, sizeof id, "host-%04u", h);
        g_snprintf (name, sizeof name, "hv%03u", h);
        guint row = vinv_table_add_row (hosts, "bench", id);
        vinv_table_set_string (hosts, row, VINV_HOST_NAME, name);
        vinv_table_set_string (hosts, row, VINV_HOST_STATUS, h % 17 == 0 ? "maintenance" : "up");
        vinv_table_set_quantity (hosts, row, VINV_HOST_MEMORY,
                                 (double) (256u << (h % 3)) * 1024 * 1024 * 1024);
        vinv_table_set_int (hosts, row, VINV_HOST_CORES, 16 << (h % 3));
    }
    for (guint v = 0; v < n_vms; v++) {
        g_snprintf (id, sizeof id, "vm-%08u", v);
        g_snprintf (name, sizeof name, "%s%05u",
                    (const char *[]) { "web", "db", "app", "cache", "build" }[v % 5], v);
        guint row = vinv_table_add_row (vms, "bench", id);
        const char *status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
        vinv_table_set_string (vms, row, VINV_VM_NAME, name);
        vinv_table_set_string (vms, row, VINV_VM_STATUS, status);
        vinv_table_set_int (vms, row, VINV_VM_VCPUS, 1 << g_rand_int_range (rand, 0, 5));
        vinv_table_set_quantity (vms, row, VINV_VM_MEMORY,
                                 512.0 * g_rand_int_range (rand, 1, 65) * 1024 * 1024);
        vinv_table_set_ref (vms, row, VINV_VM_CLUSTER, v % 2 ? "prod" : "dev", NULL);
        if (g_str_equal (status, "up")) {
            guint h = g_rand_int_range (rand, 0, N_HOSTS);
            char host_id[32];
            char host_name[32];
            g_snprintf (host_id, sizeof host_id, "host-%04u", h);
            g_snprintf (host_name, sizeof host_name, "hv%03u", h);
            vinv_table_set_ref (vms, row, VINV_VM_HOST, host_name, host_id);
            vinv_table_set_quantity (vms, row, VINV_VM_CPU_TOTAL,
                                     g_rand_double_range (rand, 0, 100));
        }
        guint n_disks = g_rand_int_range (rand, 1, 4);
        VinvItem items[3];
        char disk_ids[3][32];
        char disk_names[3][48];
        for (guint d = 0; d < n_disks; d++) {
            g_snprintf (disk_ids[d], sizeof disk_ids[d], "disk-%08u-%u", v, d);
            g_snprintf (disk_names[d], sizeof disk_names[d], "%s_Disk%u", name, d + 1);
            items[d].text = disk_names[d];
            items[d].id = disk_ids[d];
        }
        vinv_table_set_list (vms, row, VINV_VM_DISKS, items, n_disks);
        vinv_table_set_time (vms, row, VINV_VM_CREATION_TIME,
                             G_GINT64_CONSTANT (1700000000000)
                             + (gint64) g_rand_int_range (rand, 0, 86400 * 700) * 1000);
    }
    return inventory;
}

static double
ms_since (gint64 start)
{
    return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct {
    gint64 before;
    GArray *costs;      /* of double, ms */
} FrameTimes;

static void
on_before_paint (GdkFrameClock *clock, gpointer user_data)
{
    ((FrameTimes *) user_data)->before = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
    FrameTimes *t = user_data;
    double cost = ms_since (t->before);
    g_array_append_val (t->costs, cost);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
    double x = *(const double *) a;
    double y = *(const double *) b;
    return x < y ? -1 : x > y;
}

/* Paint cost of the next frame, in ms. */
static double
next_frame_cost (GtkWidget *widget, FrameTimes *t)
{
    guint before = t->costs->len;
    vinv_wait_frames (widget, 1, 5000);
    return t->costs->len > before ? g_array_index (t->costs, double, t->costs->len - 1) : -1;
}

int
vinv_bench_run (VinvWindow *window, guint n_vms)
{
    GtkWidget *widget = GTK_WIDGET (window);
    FrameTimes times = { 0, g_array_new (FALSE, FALSE, sizeof (double)) };
    const char *filter = "status = up, memory > 4GB";
    gint64 t0;

    if (!vinv_wait_frames (widget, 2, 10000)) {
        g_printerr ("bench: the window is not being drawn\n");
        return 1;
    }
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &times);
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &times);

    t0 = g_get_monotonic_time ();
    VinvInventory *inventory = vinv_bench_synth_inventory (n_vms);
    double synth = ms_since (t0);
    VinvTable *table = vinv_inventory_get_table (inventory, VINV_TABLE_VM);

    t0 = g_get_monotonic_time ();
    vinv_window_set_inventory (window, inventory);
    double show = ms_since (t0);
    double show_paint = next_frame_cost (widget, &times);
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    vinv_window_show_table (window, VINV_TABLE_VM);
    next_frame_cost (widget, &times);

    /* core alone, on a view of its own */
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);
    t0 = g_get_monotonic_time ();
    vinv_view_set_filter (view, filter, NULL);
    double core_filter = ms_since (t0);
    guint filtered = vinv_view_get_n_rows (view);
    vinv_view_set_filter (view, NULL, NULL);
    VinvSortKey key = { VINV_VM_MEMORY, TRUE };
    t0 = g_get_monotonic_time ();
    vinv_view_set_sort (view, &key, 1);
    double core_sort = ms_since (t0);
    VinvSortKey name_key = { VINV_VM_NAME, FALSE };
    t0 = g_get_monotonic_time ();
    vinv_view_set_sort (view, &name_key, 1);
    double core_sort_name = ms_since (t0);

    /* through the page */
    t0 = g_get_monotonic_time ();
    vinv_table_page_set_filter (page, filter);
    double gui_filter = ms_since (t0);
    double filter_paint = next_frame_cost (widget, &times);

    t0 = g_get_monotonic_time ();
    vinv_table_page_set_filter (page, "");
    double gui_unfilter = ms_since (t0);
    double unfilter_paint = next_frame_cost (widget, &times);

    t0 = g_get_monotonic_time ();
    vinv_table_page_sort_by (page, VINV_VM_MEMORY, TRUE);
    double gui_sort = ms_since (t0);
    double sort_paint = next_frame_cost (widget, &times);

    VinvRowModel *model = VINV_ROW_MODEL (vinv_table_page_get_model (page));
    t0 = g_get_monotonic_time ();
    vinv_row_model_reset (model);
    double rebuild = ms_since (t0);
    double rebuild_paint = next_frame_cost (widget, &times);

    /* scrolling: a page at a time from top to bottom, 100 frames */
    GtkColumnView *cv = vinv_table_page_get_column_view (page);
    GtkWidget *scroller = gtk_widget_get_parent (GTK_WIDGET (cv));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
    guint first = times.costs->len;
    double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
    for (guint i = 1; i <= 100; i++) {
        gtk_adjustment_set_value (adj, upper * i / 100.0);
        vinv_wait_frames (widget, 1, 5000);
    }
    g_autoptr (GArray) scroll = g_array_new (FALSE, FALSE, sizeof (double));
    g_array_append_vals (scroll, &g_array_index (times.costs, double, first),
                         times.costs->len - first);
    g_array_sort (scroll, cmp_double);
    double median = scroll->len > 0 ? g_array_index (scroll, double, scroll->len / 2) : -1;
    double p95 = scroll->len > 0 ? g_array_index (scroll, double, scroll->len * 95 / 100) : -1;
    double max = scroll->len > 0 ? g_array_index (scroll, double, scroll->len - 1) : -1;

    g_signal_handlers_disconnect_by_data (clock, &times);
    g_array_unref (times.costs);

    printf ("GUI benchmark: %u VMs (synthetic), window %dx%d, GSK renderer %s\n",
            n_vms, gtk_widget_get_width (widget), gtk_widget_get_height (widget),
            G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
    printf ("%-46s %9s\n", "step", "ms");
    printf ("%-46s %9.1f\n", "synthesise table", synth);
    printf ("%-46s %9.1f\n", "show inventory (pages, views, model)", show);
    printf ("%-46s %9.1f\n", "  first frame paint", show_paint);
    printf ("%-46s %9.1f  (%u rows match)\n", "core filter 'status = up, memory > 4GB'",
            core_filter, filtered);
    printf ("%-46s %9.1f\n", "core sort by memory, descending", core_sort);
    printf ("%-46s %9.1f\n", "core sort by name (natural text order)", core_sort_name);
    printf ("%-46s %9.1f\n", "GUI apply filter (core + model reset)", gui_filter);
    printf ("%-46s %9.1f\n", "  next frame paint", filter_paint);
    printf ("%-46s %9.1f\n", "GUI clear filter (core + model reset)", gui_unfilter);
    printf ("%-46s %9.1f\n", "  next frame paint", unfilter_paint);
    printf ("%-46s %9.1f\n", "GUI header sort by memory (core + model reset)", gui_sort);
    printf ("%-46s %9.1f\n", "  next frame paint", sort_paint);
    printf ("%-46s %9.1f\n", "model reset alone (re-point rows on screen)", rebuild);
    printf ("%-46s %9.1f\n", "  next frame paint", rebuild_paint);
    printf ("%-46s %9.1f / %.1f / %.1f\n", "scroll frame paint median / p95 / max", median, p95,
            max);
    printf ("  (%u frames, one page jump each, top to bottom)\n", scroll->len);
    fflush (stdout);
    return 0;
}
