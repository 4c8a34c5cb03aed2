/* fetch-private.h — what fetch-plan.c shares with the pager of the VMs
 * collection (fetch-pager.c) and with the lanes that download and parse
 * collections (fetch-lane.c): the run of one fetch, its documents (one per
 * request), and the few operations on them these need.  Private to these
 * three files.
 */
#pragma once

#include "fetch-plan.h"
#include "mapping.h"

G_BEGIN_DECLS

typedef struct _Run Run;
typedef struct _Pager Pager;
typedef struct _Lane Lane;
typedef struct _Lanes Lanes;

/* What a request on a lane got, for the session thread (valid from the
 * lane's done callback until the session takes it). */
typedef struct {
    guint status;
    guint attempts;
    char *content_type;
    char *body;                  /* of a non-2xx response, NUL-terminated, or NULL */
    gsize body_len;
    GError *error;               /* as VinvHttpCallbacks.done's */
} Outcome;

/* The environment size a collection's weight is guessed at before its
 * body is in (VinvOvirtDocument.weight): the lanes' shares are even at
 * about this size, and only less even at others. */
#define REFERENCE_VMS 10000

/* One request: a document of the mapping at one URL. */
typedef struct {
    Run *run;
    const VinvOvirtDoc *doc;
    char *url;
    char *parent_id;             /* per-entity documents: the parent's id */
    guint tables;                /* bit per VinvTableKind fed */
    guint token_generation;      /* of the Authorization header sent */
    guint n_unauthorized;        /* 401s in all */
    VinvOvirtStore batch;        /* collections: this document's rows */
    VinvOvirtSink sink;
    VinvJsonParser *parser;      /* collections: created at the first byte */
    GByteArray *buffer;          /* per-entity documents: the whole body */
    guint64 received;            /* body bytes of the current attempt */
    guint page;                  /* a page of the paged collection (1-based), or 0 */
    gboolean per_entity;         /* a collection whose follow= was refused: its
                                  * per-entity documents are requested */
    guint weight;                /* about how many MB its body has (fetch_doc_new()) */
    Lane *lane;                  /* the lane it was handed to, or NULL */
    Outcome outcome;             /* its request's, when it is back from a lane */
} Doc;

struct _Run {
    const VinvFetchPlan *plan;
    VinvOvirtLoad *load;
    guint outstanding[VINV_TABLE_LAST];
    char *errors[VINV_TABLE_LAST];      /* first failure per table */
    guint n_errors[VINV_TABLE_LAST];
    GError *first_failure;
    gboolean reauth_pending;
    GPtrArray *parked;                  /* of Doc*: waiting for a token */
    guint fruitless_renewals;           /* renewals since the last 2xx */
    guint tables_done;
    const char *last_done;
    Pager *pager;                       /* or NULL */
    Lanes *lanes;                       /* or NULL: collections on plan->http */
    gint64 last_progress_us;
};

/* fetch-plan.c */

/* A new Doc for @doc at @url (taken), counted in its tables, not sent. */
Doc *fetch_doc_new (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id);
/* Sends @d; fetch_submit() is fetch_doc_new() then fetch_send_doc(). */
void fetch_send_doc (Doc *d);
Doc *fetch_submit (Run *run, const VinvOvirtDoc *doc, char *url, const char *parent_id);
/* Ends @d: its tables have one document less to wait for (frees it). */
void fetch_doc_finish (Doc *d);
/* Marks @d's tables failed with @error (named after @d's request) and
 * ends it. */
void fetch_doc_fail_error (Doc *d, const GError *error);
/* Frees @d without counting it (after a cancellation). */
void fetch_doc_free (Doc *d);
/* The body and restart callbacks of a Doc's request (VinvHttpCallbacks),
 * on whichever thread runs it: they touch only @d's parser, batch and
 * buffer (and intern ids in the load, which is locked). */
VinvHttpBodyStatus fetch_doc_body (gpointer d, const char *data, gsize len, GError **error);
void fetch_doc_restart (gpointer d);
/* What the session thread does when @d's request has finished (the done
 * callback's arguments): merges, fails, renews the token, retries. */
void fetch_doc_done (Doc *d, const VinvHttpResponse *response, const GError *error);

/* fetch-lane.c */

/* Starts the lanes of @run (threads with an HTTP engine each, siblings of
 * the plan's), which stop when @cancellable fires. */
Lanes *fetch_lanes_new (Run *run, GCancellable *cancellable);
/* Hands @d (a collection) to a lane, now or as soon as one is free and no
 * token is being renewed.  fetch_doc_done() runs for it on the session
 * thread, from fetch_lanes_idle(). */
void fetch_lanes_send (Lanes *lanes, Doc *d);
/* The session engine's idle function: takes the Docs back that lanes are
 * done with (fetch_doc_done()) and hands out waiting ones.  TRUE while
 * some Doc is out on a lane or waiting for one. */
gboolean fetch_lanes_idle (gpointer lanes);
/* While a token is renewed (@hold), no request starts on a lane. */
void fetch_lanes_hold (Lanes *lanes, gboolean hold);
/* Stops and joins the lanes, frees the Docs they still hold (after a
 * cancellation) without counting them. */
void fetch_lanes_free (Lanes *lanes);

/* fetch-pager.c */

/* The pager of the collection @doc at @url (taken, unpaged): requests
 * page 1 of @page_size elements. */
Pager *fetch_pager_new (Run *run, const VinvOvirtDoc *doc, char *url, guint page_size);
/* Page @d (Doc.page > 0) was parsed into its batch, or failed with @error
 * (@refused: the engine answered it with an HTTP error).  Takes @d. */
void fetch_pager_page_done (Run *run, Doc *d, const GError *error, gboolean refused);
/* Puts the VM rows of @store (and their links) in name order: the bytes of
 * the names, then the ids; VMs without a name last.  Other tables' rows
 * stay: the join puts rows owned by VMs in their owner's order. */
void fetch_sort_by_name (VinvOvirtStore *store);
/* After the run: drops the pages parsed and not merged. */
void fetch_pager_free (Pager *pg);

G_END_DECLS
