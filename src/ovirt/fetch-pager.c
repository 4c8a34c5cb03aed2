/* fetch-pager.c — the paged VMs collection of a follow fetch
 * (fetch-plan.h, fetch-private.h): which pages are requested, in what
 * order their rows are merged, and when paging is given up for one
 * unpaged request.
 *
 * Page 1 is requested alone (a small environment costs one request, as
 * unpaged); when page K comes back full, the pages up to K + PAGES_AHEAD
 * are requested, until a page comes back short.  Pages are parsed side by
 * side and merged in page order into a store of their own, which goes into
 * the load when the last page is in, so the rows are in the order of one
 * unpaged request.  An engine that refuses the search (answers page 1 with
 * an empty list or an HTTP error), or pages that overlap (the same VM on
 * two pages: the collection changed meanwhile), make the pager give up:
 * the collection is then requested once, unpaged, and pages still in
 * flight are dropped.
 *
 * Pages are asked for with "sortby name" (OVIRT-API.md: pages are slices
 * of the search's order, and a search without sortby has no defined
 * order); the engine's collation of names is its own (the database's), so
 * the rows are then put in our own name order (fetch_sort_by_name()),
 * which is also the order of an unpaged load: the rows never depend on
 * whether the collection was paged.
 */
#include "fetch-private.h"

#include <stdlib.h>
#include <string.h>

/* Pages requested ahead of the last full one, so that several are parsed
 * side by side. */
#define PAGES_AHEAD 3

struct _Pager {
    const VinvOvirtDoc *doc;
    char *url;                   /* the unpaged URL */
    guint page_size;
    guint submitted;             /* pages 1 .. submitted were requested */
    guint merged;                /* pages 1 .. merged are merged (or failed) */
    guint last;                  /* the first short page, or 0 while unknown */
    gboolean gave_up;
    GPtrArray *done;             /* page - 1 -> Doc* parsed, not yet merged */
    VinvOvirtStore store;        /* pages 1 .. merged */
    /* the first full page's size: the stores of the pages after it are
     * sized like it (no step-by-step growth of their arrays) */
    gboolean sized;
    VinvOvirtStoreSize size;
};

/* Marks a failed page in Pager.done. */
static Doc failed_page;

static void
pager_submit_page (Run *run)
{
    Pager *pg = run->pager;
    guint page = ++pg->submitted;
    char *url = g_strdup_printf ("%s%cmax=%u&search=sortby%%20name%%20page%%20%u", pg->url,
                                 strchr (pg->url, '?') != NULL ? '&' : '?', pg->page_size, page);
    Doc *d = fetch_doc_new (run, pg->doc, url, NULL);

    d->page = page;
    d->weight = MAX (1u, (guint) ((guint64) pg->doc->def->weight * pg->page_size / 1000));
    if (pg->sized)
        vinv_ovirt_store_reserve (&d->batch, &pg->size);
    g_ptr_array_set_size (pg->done, MAX (pg->done->len, page));
    fetch_send_doc (d);
}

void
fetch_pager_free (Pager *pg)
{
    for (guint i = 0; i < pg->done->len; i++) {
        Doc *d = g_ptr_array_index (pg->done, i);
        if (d != NULL && d != &failed_page)
            fetch_doc_free (d);
    }
    g_free (pg->url);
    g_ptr_array_unref (pg->done);
    vinv_ovirt_store_clear (&pg->store);
    g_free (pg);
}

/* Gives paging up: the collection is requested once, unpaged; the pages
 * parsed and not merged are dropped (those in flight when they end). */
static void
pager_give_up (Run *run)
{
    Pager *pg = run->pager;

    pg->gave_up = TRUE;
    vinv_ovirt_store_clear (&pg->store);
    fetch_submit (run, pg->doc, g_strdup (pg->url), NULL);
    for (guint i = 0; i < pg->done->len; i++) {
        Doc *d = g_ptr_array_index (pg->done, i);
        g_ptr_array_index (pg->done, i) = NULL;
        if (d != NULL && d != &failed_page)
            fetch_doc_finish (d);
    }
}

typedef struct {
    const char *name;            /* NULL sorts last */
    const char *id;
    guint index;                 /* row before sorting */
} NameKey;

static int
name_key_cmp (const void *a, const void *b)
{
    const NameKey *x = a;
    const NameKey *y = b;
    if ((x->name == NULL) != (y->name == NULL))
        return x->name == NULL ? 1 : -1;
    int r = x->name != NULL ? strcmp (x->name, y->name) : 0;
    if (r == 0)
        r = g_strcmp0 (x->id, y->id);
    return r != 0 ? r : (x->index > y->index) - (x->index < y->index);
}

void
fetch_sort_by_name (VinvOvirtStore *store)
{
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (store, VINV_TABLE_VM, &n);
    if (n < 2)
        return;
    VinvTable *t = vinv_ovirt_store_table (store, VINV_TABLE_VM);
    g_autofree NameKey *keys = g_new (NameKey, n);
    gboolean sorted = TRUE;

    for (guint i = 0; i < n; i++) {
        const VinvCell *name = vinv_table_get_cell (t, i, VINV_VM_NAME);
        keys[i] = (NameKey) { name->kind == VINV_CELL_STRING ? name->v.s : NULL, l[i].id, i };
        sorted = sorted && (i == 0 || name_key_cmp (&keys[i - 1], &keys[i]) < 0);
    }
    if (sorted)
        return;
    qsort (keys, n, sizeof *keys, name_key_cmp);
    g_autofree guint *order = g_new (guint, n);
    g_autofree VinvOvirtLinks *old = g_memdup2 (l, n * sizeof *l);
    VinvOvirtLinks *links = (VinvOvirtLinks *) store->links[VINV_TABLE_VM]->data;
    for (guint i = 0; i < n; i++) {
        order[i] = keys[i].index;
        links[i] = old[keys[i].index];
    }
    vinv_table_reorder (t, order);
}

/* Merges page @d into the pager's store; FALSE if one of its rows was on
 * an earlier page (then nothing is merged).  Each store interns its own
 * ids (load.h), so the page's ids are looked up by text in the pager's
 * store, which notes the ids of its rows. */
static gboolean
pager_merge (Pager *pg, Doc *d)
{
    VinvTableKind kind = d->doc->row_table;
    guint n;
    const VinvOvirtLinks *l = vinv_ovirt_store_links (&d->batch, kind, &n);

    for (guint i = 0; i < n; i++) {
        if (l[i].id != NULL && vinv_ovirt_store_has_id (&pg->store, kind, l[i].id))
            return FALSE;
    }
    vinv_ovirt_store_merge (&pg->store, &d->batch);
    return TRUE;
}

/* Requests the next page if @d was full, and merges the pages that are
 * now in order. */
void
fetch_pager_page_done (Run *run, Doc *d, const GError *error, gboolean refused)
{
    Pager *pg = run->pager;
    guint n = error == NULL ? vinv_ovirt_store_n_rows (&d->batch, d->doc->row_table) : 0;

    if (pg->gave_up) {
        fetch_doc_finish (d);
        return;
    }
    if (refused || (d->page == 1 && error == NULL && n == 0)) {
        /* refused (an HTTP error on any page, or an empty page 1), or no
         * VMs at all: one unpaged request tells (and, if it is the follow=
         * that the engine refuses, falls back from that) */
        pager_give_up (run);
        fetch_doc_finish (d);
        return;
    }
    if (error != NULL || n < pg->page_size) {
        /* the end (a failed page ends paging too: its tables have failed) */
        if (pg->last == 0 || d->page < pg->last)
            pg->last = d->page;
    } else {
        if (!pg->sized) {
            vinv_ovirt_store_get_size (&d->batch, &pg->size);
            pg->sized = TRUE;
        }
        /* full: the pages up to PAGES_AHEAD after it are wanted */
        while (pg->last == 0 && pg->submitted < d->page + PAGES_AHEAD)
            pager_submit_page (run);
    }
    g_ptr_array_index (pg->done, d->page - 1) = error != NULL ? &failed_page : d;

    /* merge in page order */
    while (pg->merged < pg->submitted) {
        Doc *next = g_ptr_array_index (pg->done, pg->merged);
        if (next == NULL)
            break;
        g_ptr_array_index (pg->done, pg->merged) = NULL;
        pg->merged++;
        if (next != &failed_page && !pager_merge (pg, next)) {
            pager_give_up (run);
            fetch_doc_finish (next);
            break;
        }
        if (pg->merged == pg->submitted && pg->last != 0) {
            fetch_sort_by_name (&pg->store);
            vinv_ovirt_store_merge_smaller (&run->load->store, &pg->store);
        }
        if (next != &failed_page)
            fetch_doc_finish (next);
    }
    if (error != NULL && pg->gave_up)
        fetch_doc_finish (d);
    else if (error != NULL)
        fetch_doc_fail_error (d, error);
}

Pager *
fetch_pager_new (Run *run, const VinvOvirtDoc *doc, char *url, guint page_size)
{
    Pager *pg = g_new0 (Pager, 1);

    pg->doc = doc;
    pg->url = url;
    pg->page_size = page_size;
    pg->done = g_ptr_array_new ();
    run->pager = pg;
    pager_submit_page (run);
    return pg;
}
