/* json-map-engine.h — driving json-map.c's mapping from another JSON
 * parser.  For the reference engine in tests and benchmarks only: the
 * product reads every document with the streaming tokenizer (json-tok.h)
 * and links no other parser.  tests/ovirt/json-map-yajl.c plugs yajl in
 * here, so that tests/ovirt/test-ovirt-json-diff.c can prove both engines
 * map every document to the same records, and bench/json-bench can measure
 * both.
 *
 * An engine parses the bytes a parser is fed and reports each JSON event
 * to it through the vinv_json_map_*() entry points below (the ones the
 * tokenizer's callbacks call).  When vinv_json_map_start() answers "skip",
 * the engine sends no event of that container, its end included, until the
 * container has ended (yajl cannot skip: it counts the container's depth
 * and drops its events).  Keys may be reported whatever
 * vinv_json_map_key() answered: a value under a key the mapping does not
 * want is ignored (a scalar) or answered "skip" (a container).
 */
#pragma once

#include "json-map.h"

G_BEGIN_DECLS

typedef struct {
    const char *name;                 /* for messages, e.g. "yajl" */
    /* State for one document; its events go to @parser. */
    gpointer (*new) (VinvJsonParser *parser);
    void (*free) (gpointer state);
    /* Parses @len more bytes.  *offset counts the bytes accepted so far
     * (vinv_json_parser_get_offset()): on success it grows by @len, on
     * malformed JSON by what was accepted, and the engine returns FALSE
     * with a one-line @error (G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
     * "malformed JSON near byte N: ..."). */
    gboolean (*feed) (gpointer state, const char *data, gsize len, guint64 *offset,
                      GError **error);
    /* The document ended: FALSE if it is incomplete or malformed (the
     * parser then reports it truncated). */
    gboolean (*finish) (gpointer state);
} VinvJsonEngine;

/* A parser reading with @engine (NULL: the tokenizer). */
VinvJsonParser *vinv_json_parser_new_with_engine (const VinvRecordSpec *root,
                                                  gpointer user_data,
                                                  const VinvJsonEngine *engine);
/* The engine every parser made from now on by vinv_json_parser_new() uses,
 * in any thread (NULL: the tokenizer, the default).  Engines must outlive
 * their parsers. */
void vinv_json_parser_set_engine (const VinvJsonEngine *engine);

/* The events.  vinv_json_map_start() and vinv_json_map_key() return TRUE
 * for "skip the value" (see above); @is_map: object or array; texts are not
 * NUL-terminated and valid during the call; a scalar is a string's decoded
 * bytes, a number's literal text, "true" or "false" (null is not reported). */
gboolean vinv_json_map_start (VinvJsonParser *parser, gboolean is_map);
void vinv_json_map_end (VinvJsonParser *parser, gboolean is_map);
gboolean vinv_json_map_key (VinvJsonParser *parser, const char *key, gsize len);
void vinv_json_map_scalar (VinvJsonParser *parser, const char *text, gsize len);

G_END_DECLS
