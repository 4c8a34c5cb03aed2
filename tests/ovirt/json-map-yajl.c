/* json-map-yajl.c — yajl driving json-map.c's mapping (see json-map-yajl.h).
 *
 * yajl cannot skip a value: inside one the mapping answered "skip" for,
 * skip counts the open containers and every event is dropped until it is
 * back to 0.  Error messages are yajl's, on one line, with the byte offset
 * as the tokenizer gives it.
 */
#include "json-map-yajl.h"

#include <gio/gio.h>
#include <yajl/yajl_parse.h>

typedef struct {
    yajl_handle yajl;
    VinvJsonParser *parser;
    guint skip;                       /* > 0: inside a skipped container */
} YajlEngine;

static gsize bytes_parsed;              /* g_atomic_pointer_add(): pointer-sized */

static int
cb_null (void *ctx)
{
    return 1;
}

static int
cb_scalar (YajlEngine *e, const char *value, gsize len)
{
    if (e->skip == 0)
        vinv_json_map_scalar (e->parser, value, len);
    return 1;
}

static int
cb_boolean (void *ctx, int value)
{
    return cb_scalar (ctx, value ? "true" : "false", value ? 4 : 5);
}

static int
cb_number (void *ctx, const char *value, size_t len)
{
    return cb_scalar (ctx, value, len);
}

static int
cb_string (void *ctx, const unsigned char *value, size_t len)
{
    return cb_scalar (ctx, (const char *) value, len);
}

static int
cb_start (YajlEngine *e, gboolean is_map)
{
    if (e->skip > 0)
        e->skip++;
    else if (vinv_json_map_start (e->parser, is_map))
        e->skip = 1;
    return 1;
}

static int
cb_end (YajlEngine *e, gboolean is_map)
{
    if (e->skip > 0)
        e->skip--;
    else
        vinv_json_map_end (e->parser, is_map);
    return 1;
}

static int
cb_start_map (void *ctx)
{
    return cb_start (ctx, TRUE);
}

static int
cb_end_map (void *ctx)
{
    return cb_end (ctx, TRUE);
}

static int
cb_start_array (void *ctx)
{
    return cb_start (ctx, FALSE);
}

static int
cb_end_array (void *ctx)
{
    return cb_end (ctx, FALSE);
}

/* The key's answer is not needed: a scalar under an unwanted key is
 * ignored by the mapping, a container under one answered "skip". */
static int
cb_map_key (void *ctx, const unsigned char *key, size_t len)
{
    YajlEngine *e = ctx;
    if (e->skip == 0)
        vinv_json_map_key (e->parser, (const char *) key, len);
    return 1;
}

static const yajl_callbacks callbacks = {
    .yajl_null = cb_null,
    .yajl_boolean = cb_boolean,
    .yajl_number = cb_number,
    .yajl_string = cb_string,
    .yajl_start_map = cb_start_map,
    .yajl_map_key = cb_map_key,
    .yajl_end_map = cb_end_map,
    .yajl_start_array = cb_start_array,
    .yajl_end_array = cb_end_array,
};

static gpointer
engine_new (VinvJsonParser *parser)
{
    YajlEngine *e = g_new0 (YajlEngine, 1);
    e->parser = parser;
    e->yajl = yajl_alloc (&callbacks, NULL, e);
    /* Most strings are skipped: validating them all costs more than
     * checking the ones kept (json-map.c's record_store()), as the
     * tokenizer does. */
    yajl_config (e->yajl, yajl_dont_validate_strings, 1);
    return e;
}

static void
engine_free (gpointer state)
{
    YajlEngine *e = state;
    yajl_free (e->yajl);
    g_free (e);
}

/* A one-line message from yajl's (which ends in newlines and may carry a
 * context excerpt we do not want in a table error). */
static void
set_yajl_error (YajlEngine *e, guint64 offset, const unsigned char *data, gsize len,
                GError **error)
{
    unsigned char *msg = yajl_get_error (e->yajl, 0, data, len);
    g_autofree char *text = g_strdup ((const char *) msg);
    yajl_free_error (e->yajl, msg);
    g_strstrip (text);
    for (char *c = text; *c != '\0'; c++) {
        if (*c == '\n' || *c == '\r')
            *c = ' ';
    }
    const char *what = g_str_has_prefix (text, "parse error: ") ? text + 13 : text;
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "malformed JSON near byte %" G_GUINT64_FORMAT ": %s", offset, what);
}

static gboolean
engine_feed (gpointer state, const char *data, gsize len, guint64 *offset, GError **error)
{
    YajlEngine *e = state;
    yajl_status st = yajl_parse (e->yajl, (const unsigned char *) data, len);
    if (st != yajl_status_ok) {
        gsize consumed = yajl_get_bytes_consumed (e->yajl);
        *offset += consumed;
        g_atomic_pointer_add (&bytes_parsed, consumed);
        set_yajl_error (e, *offset, (const unsigned char *) data, len, error);
        return FALSE;
    }
    *offset += len;
    g_atomic_pointer_add (&bytes_parsed, len);
    return TRUE;
}

static gboolean
engine_finish (gpointer state)
{
    YajlEngine *e = state;
    return yajl_complete_parse (e->yajl) == yajl_status_ok;
}

const VinvJsonEngine vinv_json_engine_yajl = {
    .name = "yajl",
    .new = engine_new,
    .free = engine_free,
    .feed = engine_feed,
    .finish = engine_finish,
};

guint64
vinv_json_engine_yajl_bytes (void)
{
    return (guint64) (gsize) g_atomic_pointer_get (&bytes_parsed);
}
