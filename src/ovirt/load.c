/* load.c — the stores and the load of one fetch (see load.h): creating
 * tables on first use, merging a finished request's batch into the load,
 * interning ids.
 */
#include "load.h"

#include "core/sanitize.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void
vinv_ovirt_load_init (VinvOvirtLoad *load, const char *source)
{
    load->source = g_strdup (source);
    load->start_us = g_get_monotonic_time ();
    load->now_ms = g_get_real_time () / 1000;
    load->strings = g_string_chunk_new (64 * 1024);
    g_mutex_init (&load->strings_lock);
    load->guest_ips = FALSE;
    load->pools_failed = FALSE;
    load->interactive = FALSE;
    load->notes = g_ptr_array_new_with_free_func (g_free);
    vinv_ovirt_store_init (&load->store);
}

void
vinv_ovirt_load_clear (VinvOvirtLoad *load)
{
    vinv_ovirt_store_clear (&load->store);
    g_clear_pointer (&load->strings, g_string_chunk_free);
    g_clear_pointer (&load->notes, g_ptr_array_unref);
    g_mutex_clear (&load->strings_lock);
    g_clear_pointer (&load->source, g_free);
}

gboolean
vinv_ovirt_trace_on (void)
{
    static gsize on;   /* 1 + whether tracing is on, once known */
    if (g_once_init_enter (&on))
        g_once_init_leave (&on, 1 + (g_strcmp0 (g_getenv ("VINV_OVIRT_TRACE"), "1") == 0));
    return on == 2;
}

void
vinv_ovirt_trace (const VinvOvirtLoad *load, const char *format, ...)
{
    if (!vinv_ovirt_trace_on ())
        return;
    gint64 now = g_get_monotonic_time ();
    va_list args;
    va_start (args, format);
    g_autofree char *raw = g_strdup_vprintf (format, args);
    va_end (args);
    /* a per-entity URL holds ids the engine sent */
    g_autofree char *message = vinv_sanitize_text (raw, -1, 0);
    struct timespec cpu = { 0 };
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu);
    fprintf (stderr, "vinv-ovirt-trace: %+10.3f ms (this thread's CPU %8.3f ms) %s\n",
             (now - load->start_us) / 1000.0, cpu.tv_sec * 1e3 + cpu.tv_nsec / 1e6, message);
}

const char *
vinv_ovirt_intern (VinvOvirtLoad *load, const char *s)
{
    g_mutex_lock (&load->strings_lock);
    const char *interned = g_string_chunk_insert_const (load->strings, s);
    g_mutex_unlock (&load->strings_lock);
    return interned;
}

void
vinv_ovirt_store_init (VinvOvirtStore *store)
{
    memset (store, 0, sizeof *store);
}

void
vinv_ovirt_store_clear (VinvOvirtStore *store)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        g_clear_pointer (&store->tables[k], vinv_table_unref);
        g_clear_pointer (&store->links[k], g_array_unref);
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++)
        g_clear_pointer (&store->pairs[p], g_array_unref);
    g_clear_pointer (&store->first_rejected, g_free);
    g_clear_pointer (&store->first_duplicate, g_free);
    store->n_rejected = 0;
    store->n_duplicates = 0;
}

/* @what for a message: at most 120 characters, made safe for a terminal
 * (it holds the engine's text). */
static char *
dup_what (const char *what)
{
    return vinv_sanitize_text (what, -1, 120);
}

void
vinv_ovirt_store_reject (VinvOvirtStore *store, const char *what)
{
    if (store->n_rejected++ == 0)
        store->first_rejected = dup_what (what);
}

void
vinv_ovirt_store_duplicate (VinvOvirtStore *store, const char *what)
{
    if (store->n_duplicates++ == 0)
        store->first_duplicate = dup_what (what);
}

char **
vinv_ovirt_load_notes (const VinvOvirtLoad *load)
{
    const VinvOvirtStore *s = &load->store;
    GPtrArray *notes = g_ptr_array_new ();

    if (s->n_rejected > 0)
        g_ptr_array_add (notes, g_strdup_printf ("%u value%s out of range or malformed, "
                                                 "left empty (first: %s)", s->n_rejected,
                                                 s->n_rejected > 1 ? "s" : "",
                                                 s->first_rejected));
    if (s->n_duplicates > 0)
        g_ptr_array_add (notes, g_strdup_printf ("%u row%s with an id seen before in the "
                                                 "same collection, kept once (first: %s)",
                                                 s->n_duplicates,
                                                 s->n_duplicates > 1 ? "s" : "",
                                                 s->first_duplicate));
    for (guint i = 0; load->notes != NULL && i < load->notes->len; i++)
        g_ptr_array_add (notes, g_strdup (g_ptr_array_index (load->notes, i)));
    g_ptr_array_add (notes, NULL);
    return (char **) g_ptr_array_free (notes, FALSE);
}

VinvTable *
vinv_ovirt_store_table (VinvOvirtStore *store, VinvTableKind kind)
{
    if (store->tables[kind] == NULL) {
        store->tables[kind] = vinv_table_new (vinv_schema_get (kind));
        store->links[kind] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtLinks));
    }
    return store->tables[kind];
}

guint
vinv_ovirt_store_n_rows (const VinvOvirtStore *store, VinvTableKind kind)
{
    return store->tables[kind] != NULL ? vinv_table_get_n_rows (store->tables[kind]) : 0;
}

const VinvOvirtLinks *
vinv_ovirt_store_links (const VinvOvirtStore *store, VinvTableKind kind, guint *n)
{
    *n = store->links[kind] != NULL ? store->links[kind]->len : 0;
    return store->links[kind] != NULL ? (const VinvOvirtLinks *) store->links[kind]->data
                                      : NULL;
}

const VinvOvirtPair *
vinv_ovirt_store_pairs (const VinvOvirtStore *store, VinvPairKind kind, guint *n)
{
    *n = store->pairs[kind] != NULL ? store->pairs[kind]->len : 0;
    return store->pairs[kind] != NULL ? (const VinvOvirtPair *) store->pairs[kind]->data
                                      : NULL;
}

void
vinv_ovirt_store_merge (VinvOvirtStore *dst, VinvOvirtStore *src)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (src->tables[k] == NULL)
            continue;
        VinvTable *t = vinv_ovirt_store_table (dst, k);
        vinv_table_take_rows (t, src->tables[k]);
        g_array_append_vals (dst->links[k], src->links[k]->data, src->links[k]->len);
        g_array_set_size (src->links[k], 0);
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++) {
        if (src->pairs[p] == NULL)
            continue;
        if (dst->pairs[p] == NULL)
            dst->pairs[p] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtPair));
        g_array_append_vals (dst->pairs[p], src->pairs[p]->data, src->pairs[p]->len);
        g_array_set_size (src->pairs[p], 0);
    }
    if (dst->first_rejected == NULL)
        dst->first_rejected = g_steal_pointer (&src->first_rejected);
    if (dst->first_duplicate == NULL)
        dst->first_duplicate = g_steal_pointer (&src->first_duplicate);
    dst->n_rejected += src->n_rejected;
    dst->n_duplicates += src->n_duplicates;
    g_clear_pointer (&src->first_rejected, g_free);
    g_clear_pointer (&src->first_duplicate, g_free);
    src->n_rejected = src->n_duplicates = 0;
}
