/* vinv-bench-load.c — frame gaps while the window loads real connections
 * (the hidden --bench-load option; bench/gui-load drives it against the
 * oVirt simulator).
 *
 * A tick callback keeps the window's frame clock running at its display
 * rate for the whole load, and records the time of every frame; the
 * longest interval between two frames is the longest the main loop was
 * blocked (or the longest a frame took to lay out and paint).  On a
 * machine shared with other work a gap can also be the main thread
 * waiting for a CPU, so the main thread's own CPU time within each gap
 * is recorded too: a long gap with little CPU in it is the machine, one
 * with as much CPU as time is our code.  Within a gap, the CPU of the
 * frame's own layout and paint (tick to after-paint) is told apart from
 * the window's steps (vinv_bench_step_end(): a table arriving, the
 * complete inventory shown), and the gaps with the most CPU are listed
 * with both.  After the load, the same is measured while the VMs table
 * goes from a filter that keeps 10 rows back to all of them (the filter
 * cleared).  Nothing here asserts: it prints figures.
 */
#include "vinv-bench.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "vinv-gui-util.h"

typedef struct {
    VinvWindow *window;
    gint64 start;            /* monotonic µs, the load's start */
    gint64 last;             /* the previous frame, or 0 */
    gint64 last_cpu;         /* the main thread's CPU time then, µs */
    gint64 max_gap_cpu;      /* µs of CPU within the longest gap */
    gint64 max_cpu;          /* the most CPU within one gap, µs */
    gint64 max_cpu_gap;      /* the length of that gap */
    gint64 max_gap;          /* µs */
    gint64 max_gap_at;       /* µs after start, of the frame ending it */
    gint64 vms_shown;        /* µs after start; 0 until the VMs page shows */
    guint frames;
    guint over_50;
    guint over_100;
    GArray *gaps;            /* of gint64 µs, every gap */
    gint64 paint_cpu;        /* the last frame's layout + paint CPU, µs */
    GString *steps;          /* steps within the current gap: "what ms; " */
    GArray *heavy;           /* of Heavy, every gap with 20 ms of CPU or more */
    guint tick;              /* the window's tick callback */
    gulong painted;          /* the frame clock's after-paint handler */
} Gaps;

/* A gap and what its CPU went to. */
typedef struct {
    gint64 gap;
    gint64 at;               /* µs after start, of the frame ending it */
    gint64 end;              /* monotonic µs, of the frame ending it */
    gint64 cpu;
    gint64 paint_cpu;        /* of it, the frame's layout and paint */
    char *steps;
} Heavy;

static Gaps *running;        /* the benchmark in progress, or NULL */

/* The calling thread's CPU time, µs. */
static gint64
thread_cpu (void)
{
    struct timespec t;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
    return (gint64) t.tv_sec * G_USEC_PER_SEC + t.tv_nsec / 1000;
}

static gboolean
on_tick (GtkWidget *widget, GdkFrameClock *clock, gpointer user_data)
{
    Gaps *g = user_data;
    gint64 now = g_get_monotonic_time ();
    gint64 cpu = thread_cpu ();

    if (g->start != 0 && g->last != 0) {
        gint64 gap = now - g->last;
        g_array_append_val (g->gaps, gap);
        if (gap > g->max_gap) {
            g->max_gap = gap;
            g->max_gap_at = now - g->start;
            g->max_gap_cpu = cpu - g->last_cpu;
        }
        if (cpu - g->last_cpu > g->max_cpu) {
            g->max_cpu = cpu - g->last_cpu;
            g->max_cpu_gap = gap;
        }
        g->over_50 += gap > 50000;
        g->over_100 += gap > 100000;
        g->frames++;
        if (cpu - g->last_cpu >= 20000) {
            Heavy h = { gap, now - g->start, now, cpu - g->last_cpu, g->paint_cpu,
                        g_strdup (g->steps->str) };
            g_array_append_val (g->heavy, h);
        }
    }
    g_string_truncate (g->steps, 0);
    g->paint_cpu = 0;
    g->last = now;
    g->last_cpu = cpu;
    if (g->start != 0 && g->vms_shown == 0) {
        VinvTablePage *page = vinv_window_get_page (g->window, VINV_TABLE_VM);
        if (page != NULL && vinv_table_page_get_view (page) != NULL
            && vinv_window_get_current_page (g->window) == page)
            g->vms_shown = now - g->start;
    }
    return G_SOURCE_CONTINUE;
}

/* The frame that began with the last tick is painted: its layout and
 * paint are the first part of the gap that tick opened. */
static void
on_after_paint (GdkFrameClock *clock, gpointer user_data)
{
    Gaps *g = user_data;
    if (g->last != 0 && g->paint_cpu == 0)
        g->paint_cpu = thread_cpu () - g->last_cpu;
}

gint64
vinv_bench_step_start (void)
{
    return running != NULL ? thread_cpu () : 0;
}

void
vinv_bench_step_end (const char *what, gint64 start)
{
    if (running == NULL || start == 0)
        return;
    g_string_append_printf (running->steps, "%s %.1f; ", what, (thread_cpu () - start) / 1e3);
}

static int
cmp_heavy (gconstpointer a, gconstpointer b)
{
    const Heavy *x = a;
    const Heavy *y = b;
    return x->cpu > y->cpu ? -1 : x->cpu < y->cpu;
}

static gboolean
loaded (gpointer data)
{
    return !vinv_window_is_loading (VINV_WINDOW (data));
}

static int
cmp_gap (gconstpointer a, gconstpointer b)
{
    gint64 x = *(const gint64 *) a;
    gint64 y = *(const gint64 *) b;
    return x < y ? -1 : x > y;
}

static char *
dup_loadavg (void)
{
    g_autofree char *text = NULL;
    if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
        return g_strdup ("?");
    g_auto (GStrv) fields = g_strsplit (text, " ", 4);
    return g_strdup_printf ("%s %s %s", fields[0], fields[1] != NULL ? fields[1] : "",
                            fields[1] != NULL && fields[2] != NULL ? fields[2] : "");
}

/* Starts recording frames into @g (its frame clock and ticks). */
static void
gaps_begin (Gaps *g, VinvWindow *window)
{
    GtkWidget *widget = GTK_WIDGET (window);
    *g = (Gaps) { .window = window, .gaps = g_array_new (FALSE, FALSE, sizeof (gint64)),
                  .steps = g_string_new (NULL),
                  .heavy = g_array_new (FALSE, FALSE, sizeof (Heavy)) };
    g->tick = gtk_widget_add_tick_callback (widget, on_tick, g, NULL);
    g->painted = g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                                   G_CALLBACK (on_after_paint), g);
    vinv_wait_frames (widget, 2, 10000);
    running = g;
    g->start = g_get_monotonic_time ();
    g->last = 0;
}

/* Stops recording, after 30 more frames (the last changes laid out and
 * painted). */
static void
gaps_end (Gaps *g)
{
    GtkWidget *widget = GTK_WIDGET (g->window);
    vinv_wait_frames (widget, 30, 10000);
    running = NULL;
    gtk_widget_remove_tick_callback (widget, g->tick);
    g_signal_handler_disconnect (gtk_widget_get_frame_clock (widget), g->painted);
    g_array_sort (g->heavy, cmp_heavy);
}

static void
gaps_print_heavy (const Gaps *g, guint n)
{
    for (guint i = 0; i < MIN (g->heavy->len, n); i++) {
        Heavy *h = &g_array_index (g->heavy, Heavy, i);
        printf ("  gap %6.1f at %4.1f s: CPU %6.1f, layout+paint %6.1f; %s\n", h->gap / 1e3,
                h->at / 1e6, h->cpu / 1e3, h->paint_cpu / 1e3, h->steps);
        /* for perf record -k CLOCK_MONOTONIC: where the gap lies */
        if (g_getenv ("VINV_BENCH_GAP_TIMES") != NULL)
            printf ("    monotonic %.6f – %.6f s\n", (h->end - h->gap) / 1e6, h->end / 1e6);
    }
}

static void
gaps_clear (Gaps *g)
{
    for (guint i = 0; i < g->heavy->len; i++)
        g_free (g_array_index (g->heavy, Heavy, i).steps);
    g_array_unref (g->heavy);
    g_string_free (g->steps, TRUE);
    g_array_unref (g->gaps);
}

/* A filter of the VMs page that keeps its first 10 rows (by name), or
 * NULL. */
static char *
dup_ten_rows_filter (VinvTablePage *page)
{
    VinvView *view = page != NULL ? vinv_table_page_get_view (page) : NULL;
    if (view == NULL || vinv_view_get_n_rows (view) < 1000)
        return NULL;
    VinvTable *table = vinv_view_get_table (view);
    g_autoptr (GString) names = g_string_new ("name = \"");
    for (guint i = 0; i < 10; i++) {
        const VinvCell *cell = vinv_table_get_cell (table, vinv_view_get_row (view, i),
                                                    VINV_VM_NAME);
        if (cell->kind != VINV_CELL_STRING)
            return NULL;
        g_autofree char *escaped = g_regex_escape_string (cell->v.s, -1);
        if (strchr (escaped, '"') != NULL)
            return NULL;
        g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", escaped);
    }
    g_string_append_c (names, '"');
    return g_string_free (g_steal_pointer (&names), FALSE);
}

/* The VMs table from 10 rows back to all: the gaps while the filter is
 * cleared. */
static void
bench_filter_clear (VinvWindow *window)
{
    VinvTablePage *page = vinv_window_get_page (window, VINV_TABLE_VM);
    g_autofree char *filter = dup_ten_rows_filter (page);
    if (filter == NULL || !vinv_table_page_set_filter (page, filter)) {
        printf ("filter cleared: not measured (no filter of 10 VMs)\n");
        return;
    }
    guint few = vinv_view_get_n_rows (vinv_table_page_get_view (page));
    vinv_wait_frames (GTK_WIDGET (window), 30, 10000);
    Gaps g;
    gaps_begin (&g, window);
    vinv_table_page_set_filter (page, "");
    gaps_end (&g);
    printf ("filter cleared (%u rows to %u): max main thread CPU between frames %.1f ms "
            "(in a gap of %.1f ms), max frame gap %.1f ms, gaps over 50 ms %u\n", few,
            vinv_view_get_n_rows (vinv_table_page_get_view (page)), g.max_cpu / 1e3,
            g.max_cpu_gap / 1e3, g.max_gap / 1e3, g.over_50);
    gaps_print_heavy (&g, 3);
    gaps_clear (&g);
}

int
vinv_bench_load_run (VinvWindow *window, const char *const *uris,
                     const VinvConnectOptions *options)
{
    GtkWidget *widget = GTK_WIDGET (window);
    Gaps g;

    if (!vinv_wait_frames (widget, 2, 10000)) {
        g_printerr ("bench: the window is not being drawn\n");
        return 1;
    }
    g_autofree char *load_before = dup_loadavg ();
    gaps_begin (&g, window);
    vinv_window_load (window, uris, options);
    vinv_wait_until (loaded, window, 15 * 60 * 1000);
    gint64 load = g_get_monotonic_time () - g.start;
    gaps_end (&g);
    g_autofree char *load_after = dup_loadavg ();

    const VinvInventory *inventory = vinv_window_get_inventory (window);
    VinvTable *vms = inventory != NULL ? vinv_inventory_get_table (inventory, VINV_TABLE_VM)
                                       : NULL;
    g_array_sort (g.gaps, cmp_gap);
    gint64 median = g.gaps->len > 0 ? g_array_index (g.gaps, gint64, g.gaps->len / 2) : 0;
    gint64 p99 = g.gaps->len > 0 ? g_array_index (g.gaps, gint64, g.gaps->len * 99 / 100) : 0;

    printf ("GUI load benchmark: %u VMs, window %dx%d, GSK renderer %s\n",
            vms != NULL ? vinv_table_get_n_rows (vms) : 0, gtk_widget_get_width (widget),
            gtk_widget_get_height (widget),
            G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
    printf ("load %s\n", inventory != NULL ? "complete" : "FAILED");
    printf ("%-40s %9.1f\n", "load time, s", load / 1e6);
    printf ("%-40s %9.1f\n", "VMs table shown after, s", g.vms_shown / 1e6);
    printf ("%-40s %9.1f  (at %.1f s; main thread CPU in it %.1f ms)\n", "max frame gap, ms",
            g.max_gap / 1e3, g.max_gap_at / 1e6, g.max_gap_cpu / 1e3);
    printf ("%-40s %9.1f  (in a gap of %.1f ms)\n", "max main thread CPU between frames, ms",
            g.max_cpu / 1e3, g.max_cpu_gap / 1e3);
    printf ("%-40s %9.1f / %.1f\n", "frame gap median / p99, ms", median / 1e3, p99 / 1e3);
    printf ("%-40s %9.1f\n", "health checks run (worker thread), ms",
            vinv_health_page_get_run_seconds (vinv_window_get_health_page (window)) * 1e3);
    printf ("%-40s %9u\n", "frames", g.frames);
    printf ("%-40s %9u / %u\n", "gaps over 50 ms / over 100 ms", g.over_50, g.over_100);
    printf ("gaps with the most main thread CPU (ms; layout+paint: the frame's own):\n");
    gaps_print_heavy (&g, 6);
    printf ("load average before / after: %s / %s\n", load_before, load_after);
    gaps_clear (&g);
    if (inventory != NULL)
        bench_filter_clear (window);
    fflush (stdout);
    return inventory != NULL ? 0 : 1;
}
