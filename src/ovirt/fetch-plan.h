/* fetch-plan.h — which requests one oVirt fetch makes, and where their
 * bodies go.
 *
 * Two strategies fill the same load:
 *  - follow: the nine table collections plus /vmpools (for pool names), in
 *    parallel, with their per-entity data inlined by follow= (VM disk
 *    attachments, NICs and their statistics, statistics, snapshots, guest
 *    devices; host NICs and their statistics, host statistics; disk
 *    statistics; data center storage domains; cluster networks; template
 *    disk attachments and NICs).  Ten requests, plus the pages of the VMs
 *    collection (one per VINV_FETCH_PAGE_SIZE VMs and a few asked ahead,
 *    parsed side by side; one unpaged request when the engine refuses
 *    paging).  A collection whose follow= the engine answers with HTTP 400
 *    or 500 is requested again without it, its per-entity data as in the
 *    parallel strategy, and the load gets a note saying so.
 *  - parallel: the same ten collections without follow=, then one request
 *    per entity and sub-collection (and per NIC for NIC statistics), at
 *    most `parallel` in flight.  For engines or proxies where follow= is
 *    slow or refused.  About 9 requests per VM.
 * Both stream collections into per-request batches, downloaded and parsed
 * chunk by chunk on lanes (one thread and HTTP engine per core, at most 4:
 * fetch-lane.c) unless inline_parse; per-entity documents are small,
 * requested on the plan's engine and parsed when complete.  Never all_content.  Measured on the simulator at 1,000
 * VMs with 1 ms latency: follow 0.2-0.26 s (11 requests with the token),
 * parallel 1.8 s (8,778 requests, 8 in flight): follow is the default.
 *
 * Order: the VMs are in name order (the bytes of the names, then the ids),
 * whichever way they were loaded (paged, unpaged, per entity): pages are
 * asked for "sortby name" (OVIRT-API.md), and the rows are then sorted by
 * the client, as the engine's own collation and its order without sortby
 * are not ours to rely on.  The rows of the other collections are in the
 * engine's order; rows owned by a VM (NICs, snapshots, disk attachments)
 * in their VM's order (join-order.c).
 *
 * Failures: a request that fails (after the HTTP engine's retries, and a
 * token renewal on 401) marks the tables it feeds with a one-line error;
 * the others load.  A failed /vmpools only leaves pool ids unnamed.  Only
 * cancellation stops a fetch.
 */
#pragma once

#include "auth.h"
#include "core/backend.h"
#include "http.h"
#include "load.h"

G_BEGIN_DECLS

typedef enum {
    VINV_FETCH_FOLLOW,
    VINV_FETCH_PARALLEL,
} VinvFetchStrategy;

typedef struct {
    VinvHttp *http;                  /* the session engine; lanes run siblings
                                      * of it, and `parallel` bounds them all */
    VinvOvirtAuth *auth;
    const char *api;                 /* ".../ovirt-engine/api", no trailing slash */
    VinvFetchStrategy strategy;
    gboolean inline_parse;           /* request and parse collections on the
                                      * calling thread, not on lanes */
    VinvProgressFunc progress;       /* may be NULL */
    gpointer progress_data;
    guint64 max_response;            /* bytes of one response body (decoded);
                                      * 0: VINV_FETCH_MAX_RESPONSE */
    /* follow strategy: VMs per page of the VMs collection; 0:
     * VINV_FETCH_PAGE_SIZE; G_MAXUINT: not paged */
    guint page_size;
} VinvFetchPlan;

/* About 32 MB of JSON per page with follow= (10,000 VMs: 10 pages). */
#define VINV_FETCH_PAGE_SIZE 1000

/* The default cap on one response: a bigger one fails its tables with
 * "GET URL: response larger than the limit of 4 GiB", the others load. */
#define VINV_FETCH_MAX_RESPONSE (G_GUINT64_CONSTANT (4) << 30)

/* Loads everything into @load (rows, links, pairs; failed tables get their
 * error set).  Returns FALSE only when @cancellable fired
 * (VINV_BACKEND_ERROR_CANCELLED).  On return *first_failure holds a copy of
 * the first request failure (or NULL), and *n_failed the number of tables
 * that failed, so the caller can tell "nothing loaded because the engine
 * went away" from partial data. */
gboolean vinv_ovirt_fetch_plan_run (const VinvFetchPlan *plan, VinvOvirtLoad *load,
                                    GCancellable *cancellable, GError **first_failure,
                                    guint *n_failed, GError **error);

G_END_DECLS
