/* json-map.h — a small path-matching SAX mapper: streams a JSON
 * document and hands the values at known paths to "records".
 *
 * A record spec describes one kind of JSON object (a VM, a statistic):
 * which paths inside it hold values it wants (`"cluster.id"` into slot
 * VM_CLUSTER), and which paths hold objects that are records of their own
 * (`"statistics.statistic"` -> the statistic spec).  Arrays are transparent:
 * a path names the values of an array the same way as a single value, so
 * `"usages.usage"` collects every usage string and `"statistics.statistic"`
 * opens one record per element.  Everything not named is skipped cheaply.
 *
 * A record collects its values while its object streams by, in any key
 * order, and its close function runs when the object ends: that is where
 * rows are made.  Child records close before their parent, and may add
 * values to the parent (a statistic becomes a value of its VM) or leave
 * "deferred" notes the parent resolves when it knows its own id.
 *
 * A key given twice in one object: the last value wins (values under an
 * array below the record all count).
 *
 * Values are text: JSON strings as they are, numbers as their literal text
 * (so "1073741824", 1073741824 and 1.0E+2 all arrive as text), booleans as
 * "true"/"false"; null is treated as absent.  Knows nothing of oVirt or
 * HTTP.  No allocation per value or per record once the buffers have grown.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _VinvRecord VinvRecord;
typedef struct _VinvRecordSpec VinvRecordSpec;
typedef struct _VinvJsonParser VinvJsonParser;

typedef struct {
    const char *path;                 /* dotted keys relative to the record */
    int slot;                         /* slot for the value(s) there, or -1 */
    const VinvRecordSpec *child;      /* or: objects there are child records */
} VinvFieldSpec;

struct _VinvRecordSpec {
    const char *name;                 /* for messages and debugging */
    guint n_slots;                    /* slots are 0 .. n_slots - 1 */
    const VinvFieldSpec *fields;      /* terminated by path == NULL */
    /* Called when the record's object ends (for the root: at the end of the
     * document).  @user_data is the parser's. */
    void (*close) (VinvRecord *record, gpointer user_data);
    gconstpointer data;               /* for the close function (stat tables) */
};

/* The most slots a spec may have. */
#define VINV_RECORD_MAX_SLOTS 96

/* The first value in @slot (text, NUL-terminated), or NULL if none came.
 * Borrowed: valid until the record closes. */
const char *vinv_record_get (const VinvRecord *record, guint slot);
/* Length of vinv_record_get()'s value (0 when absent). */
gsize vinv_record_get_len (const VinvRecord *record, guint slot);
/* vinv_record_get() and vinv_record_get_len() in one call. */
const char *vinv_record_get_with_len (const VinvRecord *record, guint slot, gsize *len);

/* Iterates the values of @slot in document order: start with *iter = 0;
 * returns NULL when there are no more. */
const char *vinv_record_next (const VinvRecord *record, guint slot, guint *iter);
guint vinv_record_count (const VinvRecord *record, guint slot);

/* Adds a value to @slot (copied), as if it had come in the document. */
void vinv_record_add (VinvRecord *record, guint slot, const char *value, gsize len);
/* Replaces the values of @slot by @value (copied). */
void vinv_record_set (VinvRecord *record, guint slot, const char *value, gsize len);

const VinvRecordSpec *vinv_record_get_spec (const VinvRecord *record);
/* The enclosing record, or NULL for the root. */
VinvRecord *vinv_record_get_parent (VinvRecord *record);

/* Leaves a note (@tag, @index) for this record's close function, e.g. "VM
 * NIC row 17 needs my id".  Notes are kept in order. */
void vinv_record_defer (VinvRecord *record, guint tag, guint index);
guint vinv_record_n_deferred (const VinvRecord *record);
void vinv_record_get_deferred (const VinvRecord *record, guint i, guint *tag, guint *index);

/* A parser for one document whose top-level object is a record of @root.
 * The root record is open from the start (so values may be preset with
 * vinv_record_add() on vinv_json_parser_get_root()); a top-level array is
 * transparent (`[{...}]` is read like `{...}`).  @user_data goes to every
 * close function.  Specs must outlive the parser.  The bytes are read by
 * the streaming tokenizer (json-tok.h); tests may plug in another engine
 * (json-map-engine.h). */
VinvJsonParser *vinv_json_parser_new (const VinvRecordSpec *root, gpointer user_data);

void vinv_json_parser_free (VinvJsonParser *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvJsonParser, vinv_json_parser_free)

VinvRecord *vinv_json_parser_get_root (VinvJsonParser *self);

/* Feeds @len bytes.  Returns FALSE with a one-line @error (domain
 * G_IO_ERROR, G_IO_ERROR_INVALID_DATA) on malformed JSON. */
gboolean vinv_json_parser_feed (VinvJsonParser *self, const char *data, gsize len,
                                GError **error);

/* Ends the document: checks it is complete, then closes the root record.
 * Returns FALSE with @error if the document is incomplete or malformed
 * (the root is then not closed). */
gboolean vinv_json_parser_finish (VinvJsonParser *self, GError **error);

/* Bytes fed so far. */
guint64 vinv_json_parser_get_offset (const VinvJsonParser *self);

G_END_DECLS
