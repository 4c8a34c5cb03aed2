/* vinv-bench.h — a synthetic inventory of any size, and the GUI benchmark
 * behind the hidden --bench-rows option.
 *
 * The synthetic inventory has one source ("bench"), a Hosts table of 100
 * rows and a VMs table of @n_vms rows with names, statuses, memory, vCPUs,
 * a host reference (a link into Hosts), disks (lists), creation times and
 * CPU use, drawn from a fixed seed: the same @n_vms always gives the same
 * rows.
 */
#pragma once

#include "vinv-window.h"

G_BEGIN_DECLS

VinvInventory *vinv_bench_synth_inventory (guint n_vms);

/* Shows a synthetic inventory of @n_vms VMs in @window (which must be
 * presented), measures filter, sort, model rebuild and scrolling through
 * the GUI, and prints the figures to stdout.  Returns 0, or 1 if the
 * window could not be drawn. */
int vinv_bench_run (VinvWindow *window, guint n_vms);

/* Loads @uris with @options in @window (presented) as a user's load
 * would, recording the time of every frame (a tick callback keeps the
 * frame clock running), and prints the load time, when the VMs table
 * showed, and the longest gap between frames (vinv-bench-load.c).
 * Returns 0, or 1 if the window could not be drawn or the load failed. */
int vinv_bench_load_run (VinvWindow *window, const char *const *uris,
                         const VinvConnectOptions *options);

/* Steps of the window the load benchmark attributes frame gaps to: while
 * it runs, vinv_bench_step_start() gives the main thread's CPU clock (µs)
 * and vinv_bench_step_end() records that step @what (a label, copied)
 * took the CPU since @start in the current gap; otherwise both do
 * nothing. */
gint64 vinv_bench_step_start (void);
void vinv_bench_step_end (const char *what, gint64 start);

G_END_DECLS
