/* model-private.h — what the files of the simulator's model share:
 * model.c (ids, counts, building and freeing the model, relations,
 * events), model-infra.c and model-workload.c (the generators) and
 * model-actions.c (the VM state machine).  Private to tools/ovirt-sim;
 * everyone else uses model.h.
 *
 * The generators run once, in sim_model_new(), in a fixed order, each on
 * its own sim-rng stream (@r; @ids for UUIDs), so a seed always builds the
 * same model; each appends its entities and indexes their ids.
 */
#pragma once

#include "model.h"

#include "sim-rng.h"

#define GIB G_GINT64_CONSTANT (1073741824)
#define TIB (GIB * 1024)
#define DAY_MS G_GINT64_CONSTANT (86400000)

/* A random element of the array @arr (not a pointer). */
#define PICK(rng, arr) ((arr)[sim_rng_below ((rng), G_N_ELEMENTS (arr))])

/* ---- model.c ---- */

/* Fills @id with a version-4 UUID drawn from @rng. */
void sim_make_uuid (SimRng *rng, SimId *id);

/* Makes entity @index of @kind findable by its id (sim_model_find()). */
void sim_index_id (SimModel *m, SimKind kind, const SimId *id, int index);

/* An empty GArray of int (owned by caller); appending to it; whether it
 * holds @v. */
GArray *sim_int_array (void);
void sim_append_int (GArray *a, int v);
gboolean sim_int_array_has (GArray *a, int v);

/* @v, or @lo when @v is smaller. */
int sim_clamp_min (int v, int lo);

/* ---- model-infra.c, in the order sim_model_new() calls them ---- */

void sim_gen_datacenters (SimModel *m, SimRng *ids, SimRng *r);
void sim_gen_clusters (SimModel *m, SimRng *ids, SimRng *r);
void sim_gen_networks (SimModel *m, SimRng *ids, SimRng *r);
void sim_gen_storage (SimModel *m, SimRng *ids, SimRng *r);
void sim_gen_hosts (SimModel *m, SimRng *ids, SimRng *r);

/* A network of data center @dc: the @k-th one (wrapping), or -1. */
int sim_dc_network (SimModel *m, int dc, int k);

/* ---- model-workload.c, in the order sim_model_new() calls them ---- */

void sim_gen_templates (SimModel *m, SimRng *ids, SimRng *r);
void sim_gen_pools (SimModel *m, SimRng *ids, SimRng *r);
/* @nr draws the VMs' NICs, @pr their pools. */
void sim_gen_vms (SimModel *m, SimRng *ids, SimRng *r, SimRng *nr, SimRng *pr);
void sim_gen_disks (SimModel *m, SimRng *ids, SimRng *dr);
void sim_gen_snapshots (SimModel *m, SimRng *ids, SimRng *r);

/* A storage domain of data center @dc that can hold disks, preferring
 * active data domains, or -1 if there is none. */
int sim_pick_data_sd (SimModel *m, SimRng *r, int dc);
