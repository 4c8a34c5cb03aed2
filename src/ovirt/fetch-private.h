/* fetch-private.h — what fetch-plan.c shares with the pager of the VMs
 * collection (fetch-pager.c): the run of one fetch, its documents (one per
 * request), and the few operations on them the pager needs.  Private to
 * these two files.
 */
#pragma once

#include "fetch-plan.h"
#include "mapping.h"

G_BEGIN_DECLS

typedef struct _Run Run;
typedef struct _Worker Worker;
typedef struct _Pager Pager;
typedef struct _Blocks Blocks;

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
    Worker *worker;              /* collections: parses into batch, or NULL */
    VinvHttpRequest *req;        /* the request in flight, or NULL */
    GByteArray *buffer;          /* per-entity documents: the whole body */
    guint64 received;            /* body bytes of the current attempt */
    guint page;                  /* a page of the paged collection (1-based), or 0 */
    gboolean per_entity;         /* a collection whose follow= was refused: its
                                  * per-entity documents are requested */
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
    GPtrArray *streaming;               /* of Doc*: collections with a worker */
    guint fruitless_renewals;           /* renewals since the last 2xx */
    guint tables_done;
    const char *last_done;
    Pager *pager;                       /* or NULL */
    Blocks *blocks;                     /* for the workers' queues */
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
