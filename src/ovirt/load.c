/* load.c — the stores and the load of one fetch (see load.h): creating
 * tables on first use, merging a finished request's batch into the load,
 * interning ids.
 *
 * Interning: each store has a table of its texts (VinvOvirtStrings), an
 * open-addressing set of pointers to entries bump-allocated in 64 KiB
 * blocks.  An entry is a small header (its hash, which row kinds the store
 * has with this id, and a forwarding pointer used while merging) followed
 * by the text, so an interned pointer leads to its header in constant
 * time.  Merging @src into @dst: each of @src's entries is looked up in
 * @dst (its hash is kept, nothing is rehashed) and either joins @dst's set
 * or forwards to @dst's equal entry; @dst adopts @src's blocks; then every
 * pointer of @src's links and pairs is replaced by its entry's forward.
 * When @dst has no texts yet (the first batch merged into the load), it
 * takes @src's table as it is and nothing is re-pointed.
 *
 * Invariant: every non-NULL pointer in a store's links and pairs is the
 * text of an entry of that store's set.
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
    g_clear_pointer (&load->notes, g_ptr_array_unref);
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

/* ---- interned texts ------------------------------------------------------------ */

#define STRINGS_BLOCK_SIZE (64 * 1024)

G_STATIC_ASSERT (VINV_TABLE_LAST <= 16);
/* vinv_ovirt_store_merge() re-points each of the ten */
G_STATIC_ASSERT (sizeof (VinvOvirtLinks) == 10 * sizeof (const char *));

typedef struct {
    const char *forward;     /* while merging: the same text in the destination */
    guint32 hash;
    guint16 kinds;           /* bit per VinvTableKind: the store has such a row */
    guint16 unused;
    char text[];             /* NUL-terminated */
} Entry;

struct _VinvOvirtStrings {
    Entry **slots;           /* open addressing, linear probing; NULL: free */
    guint32 mask;            /* n slots - 1 (a power of two minus one) */
    guint32 n;               /* entries */
    GPtrArray *blocks;       /* of char*, owned (adopted ones too) */
    char *cur;               /* free space in the last block */
    gsize left;
};

static inline Entry *
entry_of (const char *text)
{
    return (Entry *) (gpointer) (text - G_STRUCT_OFFSET (Entry, text));
}

/* A 32-bit hash of @len bytes at @s, 8 bytes a step (ids are about 36). */
static inline guint32
hash_text (const char *s, gsize len)
{
    guint64 h = len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15), w;
    gsize i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy (&w, s + i, 8);
        h = (h ^ w) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
        h ^= h >> 29;
    }
    if (i < len) {
        if (len >= 8) {
            memcpy (&w, s + len - 8, 8);          /* the last 8, overlapping */
        } else {
            w = 0;
            memcpy (&w, s, len);
        }
        h = (h ^ w) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
    }
    h ^= h >> 32;
    h *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
    h ^= h >> 29;
    return (guint32) h;
}

static VinvOvirtStrings *
strings_new (void)
{
    VinvOvirtStrings *t = g_new0 (VinvOvirtStrings, 1);
    t->mask = 1023;
    t->slots = g_new0 (Entry *, t->mask + 1);
    t->blocks = g_ptr_array_new_with_free_func (g_free);
    return t;
}

static void
strings_free (VinvOvirtStrings *t)
{
    if (t == NULL)
        return;
    g_free (t->slots);
    g_clear_pointer (&t->blocks, g_ptr_array_unref);   /* NULL when merged */
    g_free (t);
}

/* Puts @e (not in @t) into a free slot of @t. */
static inline void
strings_place (VinvOvirtStrings *t, Entry *e)
{
    guint32 i = e->hash & t->mask;
    while (t->slots[i] != NULL)
        i = (i + 1) & t->mask;
    t->slots[i] = e;
}

/* Doubles the slots of @t. */
static G_GNUC_NO_INLINE void
strings_grow (VinvOvirtStrings *t)
{
    Entry **old = t->slots;
    guint32 old_n = t->mask + 1;
    t->mask = 2 * old_n - 1;
    t->slots = g_new0 (Entry *, t->mask + 1);
    for (guint32 i = 0; i < old_n; i++) {
        if (old[i] != NULL)
            strings_place (t, old[i]);
    }
    g_free (old);
}

/* Makes room for one more entry: at most half the slots are used. */
static inline void
strings_reserve (VinvOvirtStrings *t)
{
    if (G_UNLIKELY ((t->n + 1) * 2 > t->mask + 1))
        strings_grow (t);
}

/* The entry of @t whose text is @s (hash @h), or NULL. */
static inline Entry *
strings_find (const VinvOvirtStrings *t, const char *s, guint32 h)
{
    for (guint32 i = h & t->mask; t->slots[i] != NULL; i = (i + 1) & t->mask) {
        Entry *e = t->slots[i];
        if (e->hash == h && strcmp (e->text, s) == 0)
            return e;
    }
    return NULL;
}

static Entry *
strings_alloc (VinvOvirtStrings *t, gsize len)
{
    gsize size = (G_STRUCT_OFFSET (Entry, text) + len + 1 + 7) & ~(gsize) 7;
    if (size > t->left) {
        gsize block = MAX (size, STRINGS_BLOCK_SIZE);
        t->cur = g_malloc (block);
        t->left = block;
        g_ptr_array_add (t->blocks, t->cur);
    }
    Entry *e = (Entry *) (gpointer) t->cur;
    t->cur += size;
    t->left -= size;
    return e;
}

const char *
vinv_ovirt_store_intern (VinvOvirtStore *store, const char *s)
{
    if (store->strings == NULL)
        store->strings = strings_new ();
    VinvOvirtStrings *t = store->strings;
    gsize len = strlen (s);
    guint32 h = hash_text (s, len);
    Entry *e = strings_find (t, s, h);

    if (e != NULL)
        return e->text;
    strings_reserve (t);
    e = strings_alloc (t, len);
    e->forward = NULL;
    e->hash = h;
    e->kinds = 0;
    e->unused = 0;
    memcpy (e->text, s, len + 1);
    strings_place (t, e);
    t->n++;
    return e->text;
}

gboolean
vinv_ovirt_store_claim_id (VinvOvirtStore *store, VinvTableKind kind, const char *id)
{
    Entry *e = entry_of (id);
    guint16 bit = (guint16) (1u << kind);

    if (e->kinds & bit)
        return FALSE;
    e->kinds |= bit;
    return TRUE;
}

gboolean
vinv_ovirt_store_has_id (const VinvOvirtStore *store, VinvTableKind kind, const char *id)
{
    if (store->strings == NULL)
        return FALSE;
    gsize len = strlen (id);
    const Entry *e = strings_find (store->strings, id, hash_text (id, len));
    return e != NULL && (e->kinds & (1u << kind)) != 0;
}

/* Moves @src's texts into @dst (see the top of the file); TRUE when the
 * pointers of @src's links and pairs must then be re-pointed by
 * repoint(). */
static gboolean
strings_merge (VinvOvirtStore *dst, VinvOvirtStore *src)
{
    VinvOvirtStrings *from = src->strings;

    if (from == NULL)
        return FALSE;
    if (dst->strings == NULL) {
        dst->strings = g_steal_pointer (&src->strings);
        return FALSE;
    }
    VinvOvirtStrings *to = dst->strings;
    for (guint32 i = 0; i <= from->mask; i++) {
        Entry *e = from->slots[i];
        if (e == NULL)
            continue;
        Entry *d = strings_find (to, e->text, e->hash);
        if (d != NULL) {
            d->kinds |= e->kinds;
            e->forward = d->text;
        } else {
            strings_reserve (to);
            strings_place (to, e);
            to->n++;
            e->forward = e->text;
        }
    }
    g_ptr_array_extend_and_steal (to->blocks, g_steal_pointer (&from->blocks));
    strings_free (g_steal_pointer (&src->strings));
    return TRUE;
}

static inline void
repoint (const char **p)
{
    if (*p != NULL)
        *p = entry_of (*p)->forward;
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
    g_clear_pointer (&store->strings, strings_free);
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
    gboolean moved = strings_merge (dst, src);

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (src->tables[k] == NULL)
            continue;
        VinvTable *t = vinv_ovirt_store_table (dst, k);
        vinv_table_take_rows (t, src->tables[k]);
        VinvOvirtLinks *l = (VinvOvirtLinks *) (gpointer) src->links[k]->data;
        for (guint i = 0; moved && i < src->links[k]->len; i++) {
            repoint (&l[i].id);
            repoint (&l[i].cluster);
            repoint (&l[i].dc);
            repoint (&l[i].host);
            repoint (&l[i].vm);
            repoint (&l[i].template);
            repoint (&l[i].pool);
            repoint (&l[i].network);
            repoint (&l[i].profile);
            repoint (&l[i].mac);
        }
        g_array_append_vals (dst->links[k], src->links[k]->data, src->links[k]->len);
        g_array_set_size (src->links[k], 0);
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++) {
        if (src->pairs[p] == NULL)
            continue;
        if (dst->pairs[p] == NULL)
            dst->pairs[p] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtPair));
        VinvOvirtPair *pr = (VinvOvirtPair *) (gpointer) src->pairs[p]->data;
        for (guint i = 0; moved && i < src->pairs[p]->len; i++) {
            repoint (&pr[i].owner);
            repoint (&pr[i].item);
            repoint (&pr[i].info1);
            repoint (&pr[i].info2);
        }
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
