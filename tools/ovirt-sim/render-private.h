/* render-private.h — what the files of the simulator's renderer share:
 * render.c (follow trees, the helpers below, the API table, root, actions
 * and faults), render-entities.c (one renderer per kind), render-stats.c
 * (statistics) and render-list.c (listing and lookup).  Private to
 * tools/ovirt-sim; everyone else uses render.h.
 *
 * Everything here writes to c->w and reads c->m only (the caller holds the
 * model's read lock) and can't fail.
 */
#pragma once

#include "render.h"

/* ---- render.c: helpers of every renderer ---- */

/* The child of follow tree @f named @name, or NULL (also when @f is NULL). */
RFollow *r_follow_child (const RFollow *f, const char *name);

/* Writes a reference to entity (@kind, @idx) as @key: the whole entity when
 * @f follows @key, else {href, id}.  Nothing when @idx < 0. */
void r_ref (RCtx *c, const RFollow *f, const char *key, RKind kind, int idx);

/* A reference with id and name (events), never followed. */
void r_ref_named (RCtx *c, const char *key, RKind kind, int idx);

/* Inlines every sub-collection of @it that @f follows. */
void r_inline_subs (RCtx *c, const RItem *it, const char *href, const RFollow *f);

/* Writes "actions": {"link": [...]} with a link under @href for each of
 * @names (NULL-terminated; NULL or empty: no links). */
void r_actions (RCtx *c, const char *href, const char *const *names);

/* Writes the trailer every entity shares: name, description, comment (each
 * when non-NULL), href, id and links. */
void r_tail (RCtx *c, const RItem *it, const char *href, const char *name, const char *desc,
             const char *comment);

/* Writes {"major", "minor"} as @key, {"cores", "sockets", "threads"} as
 * "topology", {"address"} as "mac", numbers as strings. */
void r_version (RCtx *c, const char *key, int major, int minor);
void r_topology (RCtx *c, int sockets, int cores, int threads);
void r_mac (RCtx *c, const char *address);

/* ---- render-stats.c ---- */

/* One statistic of an owner kind, as the engine describes it; @id is its
 * name-based UUID, filled by r_init(). */
typedef struct {
    const char *name;
    const char *desc;
    const char *kind;
    const char *type;
    const char *unit;
    char id[37];
} StatDef;

/* Java's UUID.nameUUIDFromBytes(): the MD5 (version 3) UUID of @name, which
 * is how the engine names statistics and guest devices; @out holds 37 bytes. */
void r_name_uuid (const char *name, char *out);

/* The owner kind of statistics kind @stat_kind (R_VM_STAT -> R_VM, ...). */
RKind r_stat_owner (RKind stat_kind);

/* The statistics of owner kind @owner and their number in *@n (NULL and 0
 * for a kind without statistics).  Static. */
const StatDef *r_stat_defs (RKind owner, int *n);

/* ---- render-entities.c and render-stats.c: one renderer per kind ----
 *
 * Every r_render_KIND (c, it, key, href, f) prints item @it as one JSON
 * object, as member @key (NULL inside an array), whose self link is @href,
 * inlining what the follow tree @f asks for (@f may be NULL), and adds the
 * number of followed items it printed to c->followed. */
void r_render_vm (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f);
void r_render_host (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
void r_render_cluster (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f);
void r_render_dc (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f);
void r_render_sd (RCtx *c, const RItem *it, const char *key, const char *href,
                  const RFollow *f);
void r_render_disk (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
void r_render_network (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f);
void r_render_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f);
void r_render_template (RCtx *c, const RItem *it, const char *key, const char *href,
                        const RFollow *f);
void r_render_event (RCtx *c, const RItem *it, const char *key, const char *href,
                     const RFollow *f);
void r_render_disk_att (RCtx *c, const RItem *it, const char *key, const char *href,
                        const RFollow *f);
void r_render_nic (RCtx *c, const RItem *it, const char *key, const char *href,
                   const RFollow *f);
void r_render_snapshot (RCtx *c, const RItem *it, const char *key, const char *href,
                        const RFollow *f);
void r_render_host_nic (RCtx *c, const RItem *it, const char *key, const char *href,
                        const RFollow *f);
void r_render_net_att (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f);
void r_render_stat (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
void r_render_reported_device (RCtx *c, const RItem *it, const char *key, const char *href,
                               const RFollow *f);
void r_render_console (RCtx *c, const RItem *it, const char *key, const char *href,
                       const RFollow *f);
void r_render_cdrom (RCtx *c, const RItem *it, const char *key, const char *href,
                     const RFollow *f);
void r_render_cpu_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                           const RFollow *f);
void r_render_disk_profile (RCtx *c, const RItem *it, const char *key, const char *href,
                            const RFollow *f);
void r_render_pool (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
void r_render_none (RCtx *c, const RItem *it, const char *key, const char *href,
                    const RFollow *f);
