/* json-map.c — the path-matching SAX mapper (see json-map.h).
 *
 * The streaming tokenizer of json-tok.c drives the handlers and skips
 * unnamed values unread.  Another engine may drive the same handlers
 * through json-map-engine.h: the tests and benchmarks plug in yajl there
 * (tests/ovirt/json-map-yajl.c), to prove both give the same records; the
 * product has no other engine.
 *
 * Specs are compiled once into tries of keys (one trie per spec, kept for
 * the life of the process; specs are static data).  A trie node knows the
 * slot its values go to and, when objects at that node are records of
 * their own, the spec they open.  Parsing keeps two stacks: one level per
 * open JSON container (the trie node its keys are matched against) and one
 * frame per open record.  A value under a key no node names is skipped:
 * the tokenizer checks it is well-formed but reports nothing of it, so it
 * costs no lookups.
 *
 * Invariants: levels[0 .. n_levels) are the open containers, innermost
 * last; records[0 .. n_records) the open records, records[0] the root; an
 * engine that cannot skip an unnamed value sends none of its events (it
 * counts the value's depth itself: see json-map-engine.h).
 */
#include "json-map.h"
#include "json-map-engine.h"
#include "json-tok.h"

#include <gio/gio.h>
#include <string.h>

typedef struct Node Node;
struct Node {
    char *key;
    gsize key_len;
    int slot;                         /* -1: values here are not wanted */
    const VinvRecordSpec *opens;      /* objects here open this record */
    const Node *inner;                /* trie for the keys of an object here */
    GPtrArray *children;              /* of Node*, or NULL */
    /* children by key length (never NULL: { NULL } for a leaf, so a
     * lookup checks the length alone): by_len[len] heads a list linked through
     * next_same_len, so a lookup compares at most a few keys, each by its
     * fingerprint (fp_a, fp_b: see fingerprint()) */
    Node **by_len;
    gsize max_len;
    Node *next_same_len;
    guint64 fp_a, fp_b;
};

typedef struct {
    guint slot;
    guint off;
    guint len;
    int next;                         /* next entry of the same slot, -1 */
} Entry;

struct _VinvRecord {
    const VinvRecordSpec *spec;
    VinvRecord *parent;
    char *text;                       /* values, each NUL-terminated */
    gsize text_len, text_cap;
    Entry *entries;
    guint n_entries, entries_cap;
    guint *deferred;                  /* (tag, index) pairs */
    guint n_deferred, deferred_cap;   /* in pairs */
    int first[VINV_RECORD_MAX_SLOTS];
    int last[VINV_RECORD_MAX_SLOTS];
};

typedef struct {
    const Node *node;                 /* maps: keys match its children;
                                       * arrays: the node of the elements */
    gboolean is_map;
    gboolean opened;                  /* this map opened a record */
    gboolean in_array;                /* an array lies between this level and
                                       * the innermost record's object */
} Level;

struct _VinvJsonParser {
    VinvJsonTok *tok;                 /* the tokenizer, */
    const VinvJsonEngine *engine;     /* or another engine (tests, benchmarks) */
    gpointer engine_state;
    gpointer user_data;
    Node root_entry;                  /* the document's value */
    Level *levels;                    /* the open containers, innermost last */
    guint n_levels, levels_cap;
    const Node *key_node;             /* node of the current map key, or NULL */
    GPtrArray *records;               /* of VinvRecord*, reused; owned */
    guint n_records;
    guint64 offset;
    gboolean finished;
};

/* ---- spec compilation ---------------------------------------------------- */

static GMutex compile_lock;
static GHashTable *compiled;          /* spec -> Node* (never freed) */

static const Node *compile (const VinvRecordSpec *spec);

/* The fingerprint of the @len bytes at @k (read in place, never past
 * them): up to 16 bytes, the bytes themselves in two words (overlapping
 * loads), so for keys of one length equal fingerprints mean equal keys;
 * longer keys also need a memcmp. */
static inline void
fingerprint (const char *k, gsize len, guint64 *a, guint64 *b)
{
    if (len >= 8) {
        memcpy (a, k, 8);
        memcpy (b, k + len - 8, 8);
    } else if (len >= 4) {
        guint32 x, y;
        memcpy (&x, k, 4);
        memcpy (&y, k + len - 4, 4);
        *a = x;
        *b = y;
    } else if (len > 0) {
        *a = (guint64) (guchar) k[0] | (guint64) (guchar) k[len / 2] << 8
             | (guint64) (guchar) k[len - 1] << 16;
        *b = 0;
    } else {
        *a = *b = 0;
    }
}

static Node *
node_new (const char *key, gsize len)
{
    Node *n = g_new0 (Node, 1);
    n->key = g_strndup (key, len);
    n->key_len = len;
    fingerprint (n->key, len, &n->fp_a, &n->fp_b);
    n->slot = -1;
    n->inner = n;
    n->by_len = g_new0 (Node *, 1);   /* max_len 0: no key of length 0 */
    return n;
}

/* node_child() for keys over 16 bytes (rare; kept out of line so that the
 * common path calls nothing). */
static G_GNUC_NO_INLINE Node *
node_child_long (Node *c, const char *key, gsize len)
{
    guint64 a, b;
    fingerprint (key, len, &a, &b);
    for (; c != NULL; c = c->next_same_len) {
        if (c->fp_a == a && c->fp_b == b && memcmp (c->key, key, len) == 0)
            return c;
    }
    return NULL;
}

/* The child of @node named by the @len bytes at @key, or NULL: matched in
 * place, no hashing and (for keys up to 16 bytes) no memcmp. */
static inline Node *
node_child (const Node *node, const char *key, gsize len)
{
    if (len > node->max_len)
        return NULL;
    Node *c = node->by_len[len];
    if (c == NULL)
        return NULL;
    if (len > 16)
        return node_child_long (c, key, len);
    guint64 a, b;
    fingerprint (key, len, &a, &b);
    for (; c != NULL; c = c->next_same_len) {
        if (c->fp_a == a && c->fp_b == b)
            return c;
    }
    return NULL;
}

static void
node_add_child (Node *node, Node *child)
{
    if (node->children == NULL)
        node->children = g_ptr_array_new ();
    g_ptr_array_add (node->children, child);
    if (child->key_len > node->max_len) {
        gsize old = node->max_len + 1;
        node->max_len = MAX (node->max_len, child->key_len);
        node->by_len = g_renew (Node *, node->by_len, node->max_len + 1);
        memset (node->by_len + old, 0, (node->max_len + 1 - old) * sizeof (Node *));
    }
    child->next_same_len = node->by_len[child->key_len];
    node->by_len[child->key_len] = child;
}

/* Compiles @spec; called with compile_lock held. */
static const Node *
compile (const VinvRecordSpec *spec)
{
    Node *root = g_hash_table_lookup (compiled, spec);
    if (root != NULL)
        return root;

    g_assert (spec->n_slots <= VINV_RECORD_MAX_SLOTS);
    root = node_new (spec->name, strlen (spec->name));
    g_hash_table_insert (compiled, (gpointer) spec, root);
    for (const VinvFieldSpec *f = spec->fields; f != NULL && f->path != NULL; f++) {
        Node *at = root;
        const char *p = f->path;
        while (*p != '\0') {
            const char *dot = strchr (p, '.');
            gsize len = dot != NULL ? (gsize) (dot - p) : strlen (p);
            Node *next = node_child (at, p, len);
            if (next == NULL) {
                next = node_new (p, len);
                node_add_child (at, next);
            }
            at = next;
            p += len;
            if (*p == '.')
                p++;
        }
        if (f->child != NULL) {
            at->opens = f->child;
            at->inner = compile (f->child);
        } else {
            g_assert (f->slot >= 0 && (guint) f->slot < spec->n_slots);
            at->slot = f->slot;
        }
    }
    return root;
}

static const Node *
compiled_root (const VinvRecordSpec *spec)
{
    g_mutex_lock (&compile_lock);
    if (compiled == NULL)
        compiled = g_hash_table_new (g_direct_hash, g_direct_equal);
    const Node *root = compile (spec);
    g_mutex_unlock (&compile_lock);
    return root;
}

/* ---- records ------------------------------------------------------------- */

static VinvRecord *
record_new (void)
{
    VinvRecord *r = g_new0 (VinvRecord, 1);
    r->text_cap = 256;
    r->text = g_malloc (r->text_cap);
    r->entries_cap = 32;
    r->entries = g_new (Entry, r->entries_cap);
    r->deferred_cap = 8;
    r->deferred = g_new (guint, 2 * r->deferred_cap);
    return r;
}

static void
record_free (VinvRecord *r)
{
    g_free (r->text);
    g_free (r->entries);
    g_free (r->deferred);
    g_free (r);
}

static void
record_reset (VinvRecord *r, const VinvRecordSpec *spec, VinvRecord *parent)
{
    r->spec = spec;
    r->parent = parent;
    r->text_len = 0;
    r->n_entries = 0;
    r->n_deferred = 0;
    if (spec->n_slots <= 4) {
        /* statistics and pairs: no call */
        for (guint i = 0; i < spec->n_slots; i++)
            r->first[i] = r->last[i] = -1;
    } else {
        memset (r->first, 0xff, spec->n_slots * sizeof (int));
        memset (r->last, 0xff, spec->n_slots * sizeof (int));
    }
}

/* True if @len bytes at @s are all ASCII (then valid UTF-8): most kept
 * values are ids, numbers and names, checked a word at a time. */
static inline gboolean
is_ascii (const char *s, gsize len)
{
    guint64 acc = 0, w;

    if (len >= 8) {
        /* whole words, the last one overlapping the one before */
        for (gsize i = 0; i + 8 < len; i += 8) {
            memcpy (&w, s + i, 8);
            acc |= w;
        }
        memcpy (&w, s + len - 8, 8);
        acc |= w;
    } else if (len >= 4) {
        guint32 x, y;
        memcpy (&x, s, 4);
        memcpy (&y, s + len - 4, 4);
        acc = x | y;
    } else {
        for (gsize i = 0; i < len; i++)
            acc |= (guchar) s[i];
    }
    return (acc & G_GUINT64_CONSTANT (0x8080808080808080)) == 0;
}

/* Copies @len bytes (the caller ensures room): inline for short values,
 * most of them (ids, numbers, names). */
static inline void
copy_value (char *to, const char *from, gsize len)
{
    if (len >= 8 && len <= 16) {
        guint64 a, b;
        memcpy (&a, from, 8);
        memcpy (&b, from + len - 8, 8);
        memcpy (to, &a, 8);
        memcpy (to + len - 8, &b, 8);
    } else if (len >= 4 && len < 8) {
        guint32 a, b;
        memcpy (&a, from, 4);
        memcpy (&b, from + len - 4, 4);
        memcpy (to, &a, 4);
        memcpy (to + len - 4, &b, 4);
    } else {
        memcpy (to, from, len);
    }
}

/* Appends a valid value to @slot. */
static inline void
record_append (VinvRecord *r, guint slot, const char *value, gsize len)
{
    int index = (int) r->n_entries;

    if (G_UNLIKELY (r->text_len + len + 1 > r->text_cap)) {
        while (r->text_len + len + 1 > r->text_cap)
            r->text_cap *= 2;
        r->text = g_realloc (r->text, r->text_cap);
    }
    if (G_UNLIKELY (r->n_entries == r->entries_cap)) {
        r->entries_cap *= 2;
        r->entries = g_renew (Entry, r->entries, r->entries_cap);
    }
    Entry *e = &r->entries[r->n_entries++];
    *e = (Entry) { slot, (guint) r->text_len, (guint) len, -1 };
    copy_value (r->text + r->text_len, value, len);
    r->text[r->text_len + len] = '\0';
    r->text_len += len + 1;
    if (r->last[slot] >= 0)
        r->entries[r->last[slot]].next = index;
    else
        r->first[slot] = index;
    r->last[slot] = index;
}

/* record_store() of a value that is not valid UTF-8 (out of line: no value
 * of the engine's takes this path). */
static G_GNUC_NO_INLINE void
record_append_invalid (VinvRecord *r, guint slot, const char *value, gsize len)
{
    g_autofree char *valid = g_utf8_make_valid (value, (gssize) len);
    record_append (r, slot, valid, strlen (valid));
}

/* Adds @value to @slot, after dropping the slot's values if @replace.
 * The tokenizer does not validate UTF-8 (json-tok.h): the few values that
 * are kept are checked here, so cells are always UTF-8. */
static inline void
record_store (VinvRecord *r, guint slot, const char *value, gsize len, gboolean replace)
{
    if (replace)
        r->first[slot] = r->last[slot] = -1;
    if (G_UNLIKELY (!is_ascii (value, len) && !g_utf8_validate_len (value, len, NULL)))
        record_append_invalid (r, slot, value, len);
    else
        record_append (r, slot, value, len);
}

void
vinv_record_add (VinvRecord *r, guint slot, const char *value, gsize len)
{
    g_return_if_fail (slot < r->spec->n_slots);
    record_store (r, slot, value, len, FALSE);
}

void
vinv_record_set (VinvRecord *r, guint slot, const char *value, gsize len)
{
    g_return_if_fail (slot < r->spec->n_slots);
    record_store (r, slot, value, len, TRUE);
}

const char *
vinv_record_get (const VinvRecord *r, guint slot)
{
    g_return_val_if_fail (slot < r->spec->n_slots, NULL);
    if (r->first[slot] < 0)
        return NULL;
    return r->text + r->entries[r->first[slot]].off;
}

const char *
vinv_record_get_with_len (const VinvRecord *r, guint slot, gsize *len)
{
    g_return_val_if_fail (slot < r->spec->n_slots, NULL);
    if (r->first[slot] < 0) {
        *len = 0;
        return NULL;
    }
    const Entry *e = &r->entries[r->first[slot]];
    *len = e->len;
    return r->text + e->off;
}

gsize
vinv_record_get_len (const VinvRecord *r, guint slot)
{
    g_return_val_if_fail (slot < r->spec->n_slots, 0);
    if (r->first[slot] < 0)
        return 0;
    return r->entries[r->first[slot]].len;
}

/* *iter is 0 at the start, then the index of the next entry + 1, or
 * G_MAXUINT at the end. */
const char *
vinv_record_next (const VinvRecord *r, guint slot, guint *iter)
{
    int index;

    g_return_val_if_fail (slot < r->spec->n_slots, NULL);
    if (*iter == G_MAXUINT)
        return NULL;
    index = *iter == 0 ? r->first[slot] : (int) *iter - 1;
    if (index < 0) {
        *iter = G_MAXUINT;
        return NULL;
    }
    const Entry *e = &r->entries[index];
    *iter = e->next >= 0 ? (guint) e->next + 1 : G_MAXUINT;
    return r->text + e->off;
}

guint
vinv_record_count (const VinvRecord *r, guint slot)
{
    guint n = 0;
    guint iter = 0;
    while (vinv_record_next (r, slot, &iter) != NULL)
        n++;
    return n;
}

const VinvRecordSpec *
vinv_record_get_spec (const VinvRecord *r)
{
    return r->spec;
}

VinvRecord *
vinv_record_get_parent (VinvRecord *r)
{
    return r->parent;
}

void
vinv_record_defer (VinvRecord *r, guint tag, guint index)
{
    if (G_UNLIKELY (r->n_deferred == r->deferred_cap)) {
        r->deferred_cap *= 2;
        r->deferred = g_renew (guint, r->deferred, 2 * r->deferred_cap);
    }
    r->deferred[2 * r->n_deferred] = tag;
    r->deferred[2 * r->n_deferred + 1] = index;
    r->n_deferred++;
}

guint
vinv_record_n_deferred (const VinvRecord *r)
{
    return r->n_deferred;
}

void
vinv_record_get_deferred (const VinvRecord *r, guint i, guint *tag, guint *index)
{
    g_return_if_fail (i < r->n_deferred);
    *tag = r->deferred[2 * i];
    *index = r->deferred[2 * i + 1];
}

/* ---- the parser ------------------------------------------------------------ */

static inline void
push_level (VinvJsonParser *p, Level level)
{
    if (G_UNLIKELY (p->n_levels == p->levels_cap)) {
        p->levels_cap *= 2;
        p->levels = g_renew (Level, p->levels, p->levels_cap);
    }
    p->levels[p->n_levels++] = level;
}

static VinvRecord *
open_record (VinvJsonParser *p, const VinvRecordSpec *spec)
{
    VinvRecord *parent = p->n_records > 0 ? g_ptr_array_index (p->records, p->n_records - 1)
                                          : NULL;
    if (p->n_records == p->records->len)
        g_ptr_array_add (p->records, record_new ());
    VinvRecord *r = g_ptr_array_index (p->records, p->n_records);
    p->n_records++;
    record_reset (r, spec, parent);
    return r;
}

static void
close_record (VinvJsonParser *p)
{
    VinvRecord *r = g_ptr_array_index (p->records, p->n_records - 1);
    if (r->spec->close != NULL)
        r->spec->close (r, p->user_data);
    p->n_records--;
}

/* The trie node of the value about to come, or NULL if it is not wanted. */
static const Node *
value_node (const VinvJsonParser *p)
{
    if (p->n_levels == 0)
        return &p->root_entry;
    const Level *top = &p->levels[p->n_levels - 1];
    return top->is_map ? p->key_node : top->node;
}

/* True if a container opened now lies inside an array of the innermost
 * record (so its values are several, not one given twice). */
static gboolean
inside_array (const VinvJsonParser *p)
{
    if (p->n_levels == 0)
        return FALSE;
    const Level *top = &p->levels[p->n_levels - 1];
    return !top->is_map || top->in_array;
}

/* A value inside an array adds to its slot; a value under a key given
 * twice in one object replaces the first (the last wins). */
static void
on_scalar (VinvJsonParser *p, const char *value, gsize len)
{
    const Node *node = value_node (p);
    if (node == NULL || node->slot < 0)
        return;
    VinvRecord *r = g_ptr_array_index (p->records, p->n_records - 1);
    record_store (r, (guint) node->slot, value, len, !inside_array (p));
}

/* The engine-independent handlers.  Those that return gboolean answer
 * "skip the value": the tokenizer then skips it unread; an engine that
 * cannot sends none of its events (json-map-engine.h). */

static gboolean
on_start (VinvJsonParser *p, gboolean is_map)
{
    const Node *node = value_node (p);
    if (node == NULL)
        return TRUE;
    if (!is_map) {
        push_level (p, (Level) { node, FALSE, FALSE, TRUE });
        return FALSE;
    }
    Level level = { node->inner, TRUE, FALSE, inside_array (p) };
    if (node->opens != NULL) {
        open_record (p, node->opens);
        level.opened = TRUE;
        level.in_array = FALSE;
    }
    push_level (p, level);
    p->key_node = NULL;
    return FALSE;
}

static void
on_end (VinvJsonParser *p, gboolean is_map)
{
    gboolean opened = p->levels[--p->n_levels].opened;
    if (!is_map)
        return;
    p->key_node = NULL;
    if (opened)
        close_record (p);
}

static gboolean
on_key (VinvJsonParser *p, const char *key, gsize len)
{
    const Level *top = &p->levels[p->n_levels - 1];
    p->key_node = node_child (top->node, key, len);
    return p->key_node == NULL;
}

/* ---- the tokenizer engine ---------------------------------------------------- */

static gboolean
tok_start (gpointer ctx, gboolean is_map)
{
    return on_start (ctx, is_map);
}

static void
tok_end (gpointer ctx, gboolean is_map)
{
    on_end (ctx, is_map);
}

static gboolean
tok_key (gpointer ctx, const char *key, gsize len)
{
    return on_key (ctx, key, len);
}

static void
tok_scalar (gpointer ctx, VinvJsonKind kind, const char *text, gsize len)
{
    if (kind != VINV_JSON_NULL)
        on_scalar (ctx, text, len);
}

static const VinvJsonTokCallbacks tok_callbacks = {
    .start = tok_start,
    .end = tok_end,
    .key = tok_key,
    .scalar = tok_scalar,
};

/* ---- other engines (json-map-engine.h) ------------------------------------------ */

gboolean
vinv_json_map_start (VinvJsonParser *p, gboolean is_map)
{
    return on_start (p, is_map);
}

void
vinv_json_map_end (VinvJsonParser *p, gboolean is_map)
{
    on_end (p, is_map);
}

gboolean
vinv_json_map_key (VinvJsonParser *p, const char *key, gsize len)
{
    return on_key (p, key, len);
}

void
vinv_json_map_scalar (VinvJsonParser *p, const char *text, gsize len)
{
    on_scalar (p, text, len);
}

static const VinvJsonEngine *default_engine;    /* NULL: the tokenizer */

void
vinv_json_parser_set_engine (const VinvJsonEngine *engine)
{
    g_atomic_pointer_set (&default_engine, engine);
}

VinvJsonParser *
vinv_json_parser_new (const VinvRecordSpec *root, gpointer user_data)
{
    return vinv_json_parser_new_with_engine (root, user_data,
                                             g_atomic_pointer_get (&default_engine));
}

VinvJsonParser *
vinv_json_parser_new_with_engine (const VinvRecordSpec *root, gpointer user_data,
                                  const VinvJsonEngine *engine)
{
    static Node *no_children[1];
    VinvJsonParser *p = g_new0 (VinvJsonParser, 1);

    p->user_data = user_data;
    p->root_entry.slot = -1;
    p->root_entry.by_len = no_children;   /* keys are never matched here */
    p->root_entry.inner = compiled_root (root);
    p->levels_cap = 16;
    p->levels = g_new (Level, p->levels_cap);
    p->records = g_ptr_array_new_with_free_func ((GDestroyNotify) record_free);
    if (engine != NULL) {
        p->engine = engine;
        p->engine_state = engine->new (p);
    } else {
        p->tok = vinv_json_tok_new (&tok_callbacks, p);
    }
    open_record (p, root);
    return p;
}

void
vinv_json_parser_free (VinvJsonParser *p)
{
    if (p == NULL)
        return;
    if (p->engine != NULL)
        p->engine->free (p->engine_state);
    vinv_json_tok_free (p->tok);
    g_free (p->levels);
    g_ptr_array_unref (p->records);
    g_free (p);
}

VinvRecord *
vinv_json_parser_get_root (VinvJsonParser *p)
{
    return g_ptr_array_index (p->records, 0);
}

guint64
vinv_json_parser_get_offset (const VinvJsonParser *p)
{
    return p->offset;
}

gboolean
vinv_json_parser_feed (VinvJsonParser *p, const char *data, gsize len, GError **error)
{
    if (p->tok != NULL) {
        gboolean ok = vinv_json_tok_feed (p->tok, data, len, error);
        p->offset = vinv_json_tok_get_offset (p->tok);
        return ok;
    }
    return p->engine->feed (p->engine_state, data, len, &p->offset, error);
}

gboolean
vinv_json_parser_finish (VinvJsonParser *p, GError **error)
{
    g_return_val_if_fail (!p->finished, FALSE);
    if (p->offset == 0) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "empty response where JSON was expected");
        return FALSE;
    }
    if (p->tok != NULL) {
        GError *local = NULL;
        if (!vinv_json_tok_finish (p->tok, &local)) {
            /* a malformed document keeps its own message */
            if (g_str_has_prefix (local->message, "malformed")) {
                g_propagate_error (error, local);
                return FALSE;
            }
            g_clear_error (&local);
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "JSON document ends early after %" G_GUINT64_FORMAT
                         " bytes (truncated response?)", p->offset);
            return FALSE;
        }
    } else if (!p->engine->finish (p->engine_state) || p->n_levels != 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "JSON document ends early after %" G_GUINT64_FORMAT
                     " bytes (truncated response?)", p->offset);
        return FALSE;
    }
    p->finished = TRUE;
    while (p->n_records > 0)
        close_record (p);
    return TRUE;
}
