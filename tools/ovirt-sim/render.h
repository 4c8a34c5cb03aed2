/* render.h — engine JSON for every simulated entity, with follow= support.
 *
 * The API is described by a table of kinds (render.c): each kind knows its
 * element key ("vm"), how to print one item, its sub-collections (URL segment,
 * follow name, child kind, how to list the children of a parent) and which
 * references may be followed. The router walks URLs through this table and
 * the renderers inline followed data through it, so there is one place that
 * says what /vms/ID/nics is. Relies on model.h for data and jsonw.h for bytes;
 * knows nothing of HTTP.
 *
 * Callers hold the model's read lock while listing or rendering. */
#pragma once

#include "jsonw.h"
#include "model.h"

typedef enum {
    R_ROOT,
    R_VM,
    R_HOST,
    R_CLUSTER,
    R_DC,
    R_SD,
    R_DISK,
    R_NETWORK,
    R_PROFILE,
    R_TEMPLATE,
    R_EVENT,
    R_CPU_PROFILE,      /* idx: the cluster */
    R_DISK_PROFILE,     /* idx: the storage domain */
    R_POOL,
    R_VM_DISK_ATT,
    R_TPL_DISK_ATT,
    R_VM_NIC,
    R_TPL_NIC,
    R_SNAPSHOT,
    R_HOST_NIC,
    R_NET_ATT,
    R_VM_STAT,
    R_HOST_STAT,
    R_HOST_NIC_STAT,
    R_VM_NIC_STAT,
    R_DISK_STAT,
    R_REPORTED_DEVICE,
    R_CONSOLE,
    R_CDROM,
    R_NONE,             /* element kind of collections that are always empty */
    R_LAST
} RKind;

/* One thing that can be printed. @idx indexes the model array of @kind (for
 * statistics, devices, consoles and CD-ROMs: the owner); @sub numbers the
 * statistic/device/console; @ctx selects a context variant: for R_SD inside
 * its data center 1, for R_NETWORK inside a cluster the cluster index + 1. */
typedef struct {
    RKind kind;
    int idx;
    int sub;
    int ctx;
} RItem;

typedef struct {
    const char *rel;        /* URL segment and link rel, "diskattachments" */
    const char *follow;     /* follow= name, "disk_attachments" */
    RKind child;
} RSub;

/* A parsed follow= value: a tree of names ("a.b,c" -> a{b}, c). */
typedef struct RFollow RFollow;
struct RFollow {
    char *name;
    GPtrArray *children;    /* RFollow *, owned */
};

typedef struct {
    JsonW *w;
    SimModel *m;
    guint64 followed;       /* items printed because of follow= (for --follow-cost) */
} RCtx;

/* Parses @spec (NULL or "" gives an empty tree). Never fails: syntax is
 * checked by r_follow_validate(). Free with r_follow_free(). */
RFollow *r_follow_parse (const char *spec);
void r_follow_free (RFollow *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RFollow, r_follow_free)

/* Checks that every name in @f can be followed from @kind (nested names from
 * the kind they lead to). On failure returns FALSE and sets @error to the
 * engine's message. */
gboolean r_follow_validate (const RFollow *f, RKind kind, GError **error);

/* The sub-collection of @kind named @rel in a URL, or NULL. */
const RSub *r_find_sub (RKind kind, const char *rel);

/* Appends the members of @sub under @parent to @out (RItem). */
void r_list (SimModel *m, const RSub *sub, const RItem *parent, GArray *out);

/* Finds the member of @sub under @parent whose id is @id; returns FALSE when
 * there is none. */
gboolean r_find_member (SimModel *m, const RSub *sub, const RItem *parent,
                        const char *id, RItem *out);

/* The element key of @kind in collections ("vm", "host_nic"). */
const char *r_elem_key (RKind kind);

/* The id of @item; may point into @buf (at least 40 bytes). */
const char *r_item_id (SimModel *m, const RItem *item, char *buf);

/* The name and status of @item for search, or NULL when it has none. */
const char *r_item_name (SimModel *m, const RItem *item);
const char *r_item_status (SimModel *m, const RItem *item);

/* Prints @item as member @key (NULL in an array) with self link @href, with
 * the followed data in @follow (may be NULL). */
void r_render (RCtx *c, const RItem *item, const char *key, const char *href,
               const RFollow *follow);

/* Prints the API root object (product info, summary, links). */
void r_render_root (RCtx *c);

/* Prints the response to @action on VM @vm_id: {"status": "complete", job}. */
void r_render_action (RCtx *c, const char *vm_id, const char *action);

/* Prints a fault {"reason", "detail"}. */
void r_render_fault (JsonW *w, const char *reason, const char *detail);

/* Statistics definitions for the truth dump: for owner kind @kind (R_VM,
 * R_HOST, R_HOST_NIC, R_VM_NIC, R_DISK) the number of statistics, and for
 * each its name and its first value (NAN when it has only a string). */
int r_stat_count (RKind owner);
const char *r_stat_name (RKind owner, int k);
double r_stat_value (SimModel *m, RKind owner, int idx, int k);
gboolean r_stat_is_integer (RKind owner, int k);

/* Prepares the statistics ids; call once before any rendering. */
void r_init (void);
