/* load.c — the stores and the load of one fetch (see load.h): creating
 * tables on first use, merging a finished request's batch into the load,
 * interning ids.
 *
 * Interning: each store has a table of its texts (VinvOvirtStrings), an
 * open-addressing set of slots pointing at entries bump-allocated in 64 KiB
 * blocks.  An entry is a small header (its hash and length, which row
 * kinds the store has with this id, and a forwarding pointer used while
 * merging) followed by the text, so an interned pointer leads to its
 * header in constant time.  A slot is 8 bytes: the entry's hash, and its
 * block and offset (so a probe reads an entry only when the hashes
 * match).  Merging @src into @dst: @dst adopts @src's blocks and makes
 * room for all of its entries at once; each of @src's entries, walked in
 * the order they were made, is looked up in @dst (its hash is kept,
 * nothing is rehashed; the slots are prefetched a batch at a time) and
 * either joins @dst's set or forwards to @dst's equal entry; then, if any
 * forwarded elsewhere, every pointer of @src's links and pairs is replaced
 * by its entry's forward.  When @dst has no texts yet (the first batch
 * merged into the load), it takes @src's table as it is and nothing is
 * re-pointed.
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

/* Texts are bump-allocated in blocks of 2^BLOCK_SHIFT bytes (a longer one
 * gets a block of its own); an entry is found from a slot by its block
 * and its offset in 8-byte units (Ref). */
#define BLOCK_SHIFT 16
#define UNIT_SHIFT 3
#define OFFSET_BITS (BLOCK_SHIFT - UNIT_SHIFT)
#define STRINGS_BLOCK_SIZE ((gsize) 1 << BLOCK_SHIFT)
/* Refs are 32 bits and 0 means a free slot: the blocks a table may have
 * (2^19 x 64 KiB: far beyond what one load can hold) */
#define MAX_BLOCKS (G_MAXUINT32 >> OFFSET_BITS)
/* the slots of a new table (it holds half as many entries) */
#define STRINGS_MIN_SLOTS 1024

G_STATIC_ASSERT (VINV_TABLE_LAST <= 16);
/* vinv_ovirt_store_merge() re-points each of the ten */
G_STATIC_ASSERT (sizeof (VinvOvirtLinks) == 10 * sizeof (const char *));

typedef struct {
    const char *forward;     /* while merging: the same text in the destination */
    guint32 hash;
    guint32 len;             /* of the text */
    guint16 kinds;           /* bit per VinvTableKind: the store has such a row */
    char text[];             /* NUL-terminated */
} Entry;

/* A slot of the set: the entry's hash (so that a probe reads the entry
 * only when the hashes match) and where it lies, 1 + block << OFFSET_BITS
 * + offset in units; 0 for a free slot.  8 bytes: eight slots per cache
 * line. */
typedef struct {
    guint32 hash;
    guint32 ref;
} Slot;

typedef struct {
    char *base;
    gsize used;              /* bytes of entries from base (the open block's: see cur) */
} Block;

/* The entries interned last, direct-mapped by the top bits of their hash
 * (the slots are found from the bottom ones): the ids that repeat (a
 * VM's cluster, host and template, its id in each of its NICs and disk
 * attachments, "true") are found there without reading a slot of the
 * set, which is seldom in the cache when the set is large. */
#define RECENT_BITS 6

typedef struct {
    guint32 hash;
    Entry *e;                /* NULL: none */
} Recent;

struct _VinvOvirtStrings {
    Recent recent[1 << RECENT_BITS];
    Slot *slots;             /* open addressing, linear probing */
    guint32 mask;            /* n slots - 1 (a power of two minus one) */
    guint32 n;               /* entries */
    GArray *blocks;          /* of Block, owned (adopted ones too) */
    guint cur_block;         /* the block entries are bump-allocated from */
    char *cur;               /* its free space */
    gsize left;
};

static inline Entry *
entry_of (const char *text)
{
    return (Entry *) (gpointer) (text - G_STRUCT_OFFSET (Entry, text));
}

static inline gsize
entry_size (gsize len)
{
    return (G_STRUCT_OFFSET (Entry, text) + len + 1 + 7) & ~(gsize) 7;
}

static inline Entry *
entry_at (const VinvOvirtStrings *t, guint32 ref)
{
    ref--;
    const Block *b = &g_array_index (t->blocks, Block, ref >> OFFSET_BITS);
    return (Entry *) (gpointer) (b->base + ((gsize) (ref & ((1u << OFFSET_BITS) - 1))
                                            << UNIT_SHIFT));
}

static inline guint32
ref_of (guint block, gsize offset)
{
    if (G_UNLIKELY (block >= MAX_BLOCKS))
        g_error ("oVirt load: more than %u blocks of ids", (guint) MAX_BLOCKS);
    return 1 + ((guint32) block << OFFSET_BITS) + (guint32) (offset >> UNIT_SHIFT);
}

#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Non-zero if a byte of @w is 0. */
static inline guint64
zero_byte (guint64 w)
{
    return (w - ONES) & ~w & HIGHS;
}

/* A 32-bit hash of @len bytes at @s, 8 bytes a step (ids are about 36);
 * *nul is set non-zero if a byte among them is NUL. */
static inline guint32
hash_text (const char *s, gsize len, guint64 *nul)
{
    guint64 h = len * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15), w, z = 0;
    gsize i = 0;

    for (; i + 8 <= len; i += 8) {
        memcpy (&w, s + i, 8);
        z |= zero_byte (w);
        h = (h ^ w) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
        h ^= h >> 29;
    }
    if (i < len) {
        if (len >= 8) {
            memcpy (&w, s + len - 8, 8);          /* the last 8, overlapping */
            z |= zero_byte (w);
        } else {
            w = 0;
            memcpy (&w, s, len);
            z |= zero_byte (w | ~(G_MAXUINT64 >> (8 * (8 - len))));
        }
        h = (h ^ w) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
    }
    h ^= h >> 32;
    h *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
    h ^= h >> 29;
    *nul = z;
    return (guint32) h;
}

/* @n slots, free.  Written here, not calloc'ed: fresh zero pages that are
 * read first map the shared zero page, and the first write to each then
 * faults again and flushes the TLBs of the other threads. */
static Slot *
slots_new (guint32 n)
{
    Slot *slots = g_new (Slot, n);
    memset (slots, 0, n * sizeof *slots);
    return slots;
}

/* A table with room for @n entries. */
static VinvOvirtStrings *
strings_new (guint32 n)
{
    VinvOvirtStrings *t = g_new0 (VinvOvirtStrings, 1);
    guint32 slots = STRINGS_MIN_SLOTS;
    while (slots / 2 < n && slots < ((guint32) 1 << 30))
        slots *= 2;
    t->mask = slots - 1;
    t->slots = slots_new (t->mask + 1);
    t->blocks = g_array_new (FALSE, FALSE, sizeof (Block));
    return t;
}

static void
strings_free (VinvOvirtStrings *t)
{
    if (t == NULL)
        return;
    g_free (t->slots);
    for (guint i = 0; t->blocks != NULL && i < t->blocks->len; i++)
        g_free (g_array_index (t->blocks, Block, i).base);
    if (t->blocks != NULL)
        g_array_unref (t->blocks);
    g_free (t);
}

/* Puts @ref (an entry not in @t) with @hash into a free slot of @t. */
static inline void
strings_place (VinvOvirtStrings *t, guint32 hash, guint32 ref)
{
    guint32 i = hash & t->mask;
    while (t->slots[i].ref != 0)
        i = (i + 1) & t->mask;
    t->slots[i] = (Slot) { hash, ref };
}

/* Makes room for @more entries beyond @t's: at most half the slots are
 * used; grows to the size needed at once. */
static void
strings_reserve (VinvOvirtStrings *t, guint32 more)
{
    guint64 need = ((guint64) t->n + more) * 2;
    if (G_LIKELY (need <= (guint64) t->mask + 1))
        return;
    guint64 n = (guint64) t->mask + 1;
    while (n < need)
        n *= 2;
    if (n > ((guint64) 1 << 31))
        g_error ("oVirt load: too many ids");
    Slot *old = t->slots;
    guint32 old_n = t->mask + 1;
    t->mask = (guint32) n - 1;
    t->slots = slots_new ((guint32) n);
    for (guint32 i = 0; i < old_n; i++) {
        if (old[i].ref != 0)
            strings_place (t, old[i].hash, old[i].ref);
    }
    g_free (old);
}

/* The entry of @t whose text is the @len bytes at @s (hash @h), or NULL. */
static inline Entry *
strings_find (const VinvOvirtStrings *t, const char *s, gsize len, guint32 h)
{
    for (guint32 i = h & t->mask; t->slots[i].ref != 0; i = (i + 1) & t->mask) {
        if (t->slots[i].hash != h)
            continue;
        Entry *e = entry_at (t, t->slots[i].ref);
        if (e->len == len && memcmp (e->text, s, len) == 0)
            return e;
    }
    return NULL;
}

/* Room for an entry of @len bytes of text; *ref says where it is. */
static Entry *
strings_alloc (VinvOvirtStrings *t, gsize len, guint32 *ref)
{
    gsize size = entry_size (len);
    if (G_UNLIKELY (size > t->left)) {
        Block b = { g_malloc (MAX (size, STRINGS_BLOCK_SIZE)), 0 };
        if (size > STRINGS_BLOCK_SIZE) {
            /* a long text: a block of its own; the open one stays open */
            b.used = size;
            g_array_append_val (t->blocks, b);
            *ref = ref_of (t->blocks->len - 1, 0);
            return (Entry *) (gpointer) b.base;
        }
        if (t->cur != NULL)
            g_array_index (t->blocks, Block, t->cur_block).used = STRINGS_BLOCK_SIZE - t->left;
        g_array_append_val (t->blocks, b);
        t->cur_block = t->blocks->len - 1;
        t->cur = b.base;
        t->left = STRINGS_BLOCK_SIZE;
    }
    Entry *e = (Entry *) (gpointer) t->cur;
    *ref = ref_of (t->cur_block, STRINGS_BLOCK_SIZE - t->left);
    t->cur += size;
    t->left -= size;
    return e;
}

/* The hash of the text at @s, which ends at *len bytes or at a NUL before
 * (then *len is shortened to it). */
static inline guint32
hash_value (const char *s, gsize *len)
{
    guint64 nul;
    guint32 h = hash_text (s, *len, &nul);
    if (G_UNLIKELY (nul != 0)) {
        /* a value with a NUL ("\u0000"): the text ends there */
        *len = strlen (s);
        h = hash_text (s, *len, &nul);
    }
    return h;
}

/* The entry of the text of @len bytes at @s (hash @h) in @t, added if
 * new. */
static inline Entry *
strings_intern (VinvOvirtStrings *t, const char *s, gsize len, guint32 h)
{
    Entry *e = strings_find (t, s, len, h);

    if (e != NULL)
        return e;
    if (G_UNLIKELY (len > G_MAXUINT32 - 64))
        g_error ("oVirt load: an id of %" G_GSIZE_FORMAT " bytes", len);
    strings_reserve (t, 1);
    guint32 ref;
    e = strings_alloc (t, len, &ref);
    e->forward = NULL;
    e->hash = h;
    e->len = (guint32) len;
    e->kinds = 0;
    memcpy (e->text, s, len);
    e->text[len] = '\0';
    strings_place (t, h, ref);
    t->n++;
    return e;
}

static inline VinvOvirtStrings *
store_strings (VinvOvirtStore *store)
{
    if (G_UNLIKELY (store->strings == NULL))
        store->strings = strings_new (0);
    return store->strings;
}

const char *
vinv_ovirt_store_intern_len (VinvOvirtStore *store, const char *s, gsize len)
{
    VinvOvirtStrings *t = store_strings (store);
    guint32 h = hash_value (s, &len);
    return strings_intern (t, s, len, h)->text;
}

const char *
vinv_ovirt_store_intern (VinvOvirtStore *store, const char *s)
{
    return vinv_ovirt_store_intern_len (store, s, strlen (s));
}

void
vinv_ovirt_store_intern_n (VinvOvirtStore *store, guint n, const char *const *texts,
                           const gsize *lens, const char **out)
{
    VinvOvirtStrings *t = store_strings (store);
    guint32 h[VINV_OVIRT_INTERN_MAX];
    gsize len[VINV_OVIRT_INTERN_MAX];

    Entry *seen[VINV_OVIRT_INTERN_MAX];

    g_return_if_fail (n <= VINV_OVIRT_INTERN_MAX);
    /* the slots are far apart in a large table: all are asked for first,
     * then the entries they lead to, so the misses overlap; the texts
     * interned lately need neither */
    for (guint i = 0; i < n; i++) {
        if (texts[i] == NULL)
            continue;
        len[i] = lens[i];
        h[i] = hash_value (texts[i], &len[i]);
        const Recent *r = &t->recent[h[i] >> (32 - RECENT_BITS)];
        seen[i] = r->hash == h[i] ? r->e : NULL;
        if (seen[i] == NULL)
            __builtin_prefetch (&t->slots[h[i] & t->mask]);
    }
    for (guint i = 0; i < n; i++) {
        if (texts[i] == NULL || seen[i] != NULL)
            continue;
        for (guint32 j = h[i] & t->mask; t->slots[j].ref != 0; j = (j + 1) & t->mask) {
            if (t->slots[j].hash == h[i]) {
                __builtin_prefetch (entry_at (t, t->slots[j].ref));
                break;
            }
        }
    }
    for (guint i = 0; i < n; i++) {
        if (texts[i] == NULL) {
            out[i] = NULL;
            continue;
        }
        Entry *e = seen[i];
        if (e == NULL || e->len != len[i] || memcmp (e->text, texts[i], len[i]) != 0) {
            e = strings_intern (t, texts[i], len[i], h[i]);
            t->recent[h[i] >> (32 - RECENT_BITS)] = (Recent) { h[i], e };
        }
        out[i] = e->text;
    }
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
    guint64 nul;
    const Entry *e = strings_find (store->strings, id, len, hash_text (id, len, &nul));
    return e != NULL && (e->kinds & (1u << kind)) != 0;
}

/* How many entries strings_merge() asks the slots of at once, before it
 * probes them. */
#define MERGE_BATCH 16

/* Moves @src's texts into @dst (see the top of the file); TRUE when the
 * pointers of @src's links and pairs must then be re-pointed by
 * repoint() (some text was in @dst already). */
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
    guint base = to->blocks->len;       /* @from's block i is now @to's base + i */
    gboolean moved = FALSE;

    strings_reserve (to, from->n);
    if (from->cur != NULL)
        g_array_index (from->blocks, Block, from->cur_block).used
            = STRINGS_BLOCK_SIZE - from->left;
    g_array_append_vals (to->blocks, from->blocks->data, from->blocks->len);
    g_array_set_size (from->blocks, 0);
    /* @from's entries in the order they were made (sequential reads, not
     * slot order), MERGE_BATCH at a time: their slots in @to are asked for
     * first, then probed (the misses overlap) */
    Entry *batch[MERGE_BATCH];
    guint32 refs[MERGE_BATCH];
    guint b = base;
    gsize off = 0;
    for (;;) {
        guint n = 0;
        while (n < MERGE_BATCH && b < to->blocks->len) {
            const Block *blk = &g_array_index (to->blocks, Block, b);
            if (off >= blk->used) {
                b++;
                off = 0;
                continue;
            }
            Entry *e = (Entry *) (gpointer) (blk->base + off);
            __builtin_prefetch (&to->slots[e->hash & to->mask]);
            refs[n] = ref_of (b, off);
            batch[n++] = e;
            off += entry_size (e->len);
        }
        if (n == 0)
            break;
        /* then the entries of @to that the slots lead to (an id @to has
         * already: read to compare) */
        for (guint i = 0; i < n; i++) {
            guint32 h = batch[i]->hash;
            for (guint32 j = h & to->mask; to->slots[j].ref != 0; j = (j + 1) & to->mask) {
                if (to->slots[j].hash == h) {
                    __builtin_prefetch (entry_at (to, to->slots[j].ref));
                    break;
                }
            }
        }
        for (guint i = 0; i < n; i++) {
            Entry *e = batch[i];
            Entry *d = strings_find (to, e->text, e->len, e->hash);
            if (d != NULL) {
                dst->repeated_ids |= d->kinds & e->kinds;
                d->kinds |= e->kinds;
                e->forward = d->text;
                moved = TRUE;
            } else {
                strings_place (to, e->hash, refs[i]);
                to->n++;
                e->forward = e->text;
            }
        }
    }
    strings_free (g_steal_pointer (&src->strings));
    return moved;
}

/* How many rows ahead the re-pointing asks for an entry. */
#define REPOINT_AHEAD 8

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
        if (store->links[kind] == NULL)     /* else reserved */
            store->links[kind] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtLinks));
    }
    return store->tables[kind];
}

void
vinv_ovirt_store_get_size (const VinvOvirtStore *store, VinvOvirtStoreSize *size)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        size->rows[k] = store->links[k] != NULL ? store->links[k]->len : 0;
    for (guint p = 0; p < VINV_PAIR_LAST; p++)
        size->pairs[p] = store->pairs[p] != NULL ? store->pairs[p]->len : 0;
    size->texts = store->strings != NULL ? store->strings->n : 0;
}

void
vinv_ovirt_store_reserve (VinvOvirtStore *store, const VinvOvirtStoreSize *size)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (store->links[k] == NULL && size->rows[k] > 0)
            store->links[k] = g_array_sized_new (FALSE, FALSE, sizeof (VinvOvirtLinks),
                                                 size->rows[k]);
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++) {
        if (store->pairs[p] == NULL && size->pairs[p] > 0)
            store->pairs[p] = g_array_sized_new (FALSE, FALSE, sizeof (VinvOvirtPair),
                                                 size->pairs[p]);
    }
    if (store->strings == NULL && size->texts > 0)
        store->strings = strings_new (size->texts);
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

/* Moves the elements of @src to the end of *@dst, leaving @src empty: when
 * *@dst is empty the arrays are swapped (nothing copied; the first batch
 * of each kind merged into the load). */
static void
steal_or_append (GArray **dst, GArray **src)
{
    if ((*dst)->len == 0) {
        GArray *empty = *dst;
        *dst = *src;
        *src = empty;
        return;
    }
    g_array_append_vals (*dst, (*src)->data, (*src)->len);
    g_array_set_size (*src, 0);
}

void
vinv_ovirt_store_merge (VinvOvirtStore *dst, VinvOvirtStore *src)
{
    dst->repeated_ids |= src->repeated_ids;
    gboolean moved = strings_merge (dst, src);

    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (src->tables[k] == NULL)
            continue;
        VinvTable *t = vinv_ovirt_store_table (dst, k);
        vinv_table_take_rows (t, src->tables[k]);
        VinvOvirtLinks *l = (VinvOvirtLinks *) (gpointer) src->links[k]->data;
        guint n = src->links[k]->len;
        for (guint i = 0; moved && i < n; i++) {
            /* the row's own id is the text least likely in the cache */
            if (i + REPOINT_AHEAD < n)
                __builtin_prefetch (entry_of (l[i + REPOINT_AHEAD].id));
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
        steal_or_append (&dst->links[k], &src->links[k]);
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++) {
        if (src->pairs[p] == NULL)
            continue;
        if (dst->pairs[p] == NULL)
            dst->pairs[p] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtPair));
        VinvOvirtPair *pr = (VinvOvirtPair *) (gpointer) src->pairs[p]->data;
        guint n = src->pairs[p]->len;
        for (guint i = 0; moved && i < n; i++) {
            if (i + REPOINT_AHEAD < n && pr[i + REPOINT_AHEAD].item != NULL)
                __builtin_prefetch (entry_of (pr[i + REPOINT_AHEAD].item));
            repoint (&pr[i].owner);
            repoint (&pr[i].item);
            repoint (&pr[i].info1);
            repoint (&pr[i].info2);
        }
        steal_or_append (&dst->pairs[p], &src->pairs[p]);
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

/* TRUE when no table and no pair kind has elements in both @a and @b. */
static gboolean
stores_disjoint (const VinvOvirtStore *a, const VinvOvirtStore *b)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        if (vinv_ovirt_store_n_rows (a, k) > 0 && vinv_ovirt_store_n_rows (b, k) > 0)
            return FALSE;
    }
    for (guint p = 0; p < VINV_PAIR_LAST; p++) {
        if (a->pairs[p] != NULL && a->pairs[p]->len > 0 && b->pairs[p] != NULL
            && b->pairs[p]->len > 0)
            return FALSE;
    }
    return TRUE;
}

void
vinv_ovirt_store_merge_smaller (VinvOvirtStore *dst, VinvOvirtStore *src)
{
    guint n_dst = dst->strings != NULL ? dst->strings->n : 0;
    guint n_src = src->strings != NULL ? src->strings->n : 0;

    if (n_src > n_dst && stores_disjoint (dst, src)) {
        VinvOvirtStore big = *src;
        *src = *dst;
        *dst = big;
        /* the notes name the first value each store rejected: @dst's, as
         * vinv_ovirt_store_merge() keeps them */
        char *first = dst->first_rejected;
        dst->first_rejected = src->first_rejected;
        src->first_rejected = first;
        first = dst->first_duplicate;
        dst->first_duplicate = src->first_duplicate;
        src->first_duplicate = first;
    }
    vinv_ovirt_store_merge (dst, src);
}
