/* codec.c — cells to SQL values and back (see codec.h), including the
 * small strict JSON reader and writer for list cells.
 */
#include "codec.h"

#include <gio/gio.h>
#include <string.h>

const char *
vinv_codec_sql_type (VinvCellKind kind)
{
    switch (kind) {
    case VINV_CELL_BOOL:
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        return "BIGINT";
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        return "DOUBLE PRECISION";
    default:
        return "TEXT";
    }
}

guint
vinv_codec_n_sql_columns (const VinvColumn *column)
{
    return column->kind == VINV_CELL_REF ? 2 : 1;
}

static void
append_ident (GString *sql, const char *id, const char *suffix)
{
    g_autofree char *name = g_strconcat (id, suffix, NULL);
    g_autofree char *quoted = vinv_sql_quote_ident (name);
    g_string_append (sql, quoted);
}

void
vinv_codec_append_defs (GString *sql, const VinvColumn *column, gboolean comma)
{
    if (comma)
        g_string_append (sql, ", ");
    append_ident (sql, column->id, "");
    g_string_append_printf (sql, " %s", vinv_codec_sql_type (column->kind));
    if (column->kind == VINV_CELL_REF) {
        g_string_append (sql, ", ");
        append_ident (sql, column->id, "__id");
        g_string_append (sql, " TEXT");
    }
}

void
vinv_codec_append_names (GString *sql, const VinvColumn *column, gboolean comma)
{
    if (comma)
        g_string_append (sql, ", ");
    append_ident (sql, column->id, "");
    if (column->kind == VINV_CELL_REF) {
        g_string_append (sql, ", ");
        append_ident (sql, column->id, "__id");
    }
}

/* --- JSON of list cells --- */

static void
append_json_string (GString *out, const char *s)
{
    g_string_append_c (out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf (out, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
        else
            g_string_append_c (out, (char) *p);
    }
    g_string_append_c (out, '"');
}

char *
vinv_codec_list_to_json (const VinvItem *items, guint n)
{
    GString *out = g_string_new ("[");

    for (guint i = 0; i < n; i++) {
        if (i > 0)
            g_string_append_c (out, ',');
        if (items[i].id == NULL) {
            append_json_string (out, items[i].text);
            continue;
        }
        g_string_append (out, "{\"text\":");
        append_json_string (out, items[i].text);
        g_string_append (out, ",\"id\":");
        append_json_string (out, items[i].id);
        g_string_append_c (out, '}');
    }
    g_string_append_c (out, ']');
    return g_string_free (out, FALSE);
}

/* The reader.  Strings are decoded into @buf, NUL-terminated; items hold
 * offsets into it until the end, when @buf stops moving. */
typedef struct {
    const char *start;
    const char *p;
    GString *buf;
    GArray *items;       /* of gssize pairs: text offset, id offset or -1 */
    GError **error;
} Reader;

static gboolean
fail (Reader *r, const char *what)
{
    g_set_error (r->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "bad list value: %s at byte %" G_GSIZE_FORMAT, what,
                 (gsize) (r->p - r->start));
    return FALSE;
}

static void
skip_space (Reader *r)
{
    while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
        r->p++;
}

static int
hex_value (char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static gboolean
read_hex4 (Reader *r, gunichar *out)
{
    gunichar value = 0;

    for (int i = 0; i < 4; i++) {
        int h = hex_value (r->p[i]);
        if (h < 0)
            return fail (r, "bad \\u escape");
        value = value * 16 + (gunichar) h;
    }
    r->p += 4;
    *out = value;
    return TRUE;
}

/* Reads a JSON string at r->p into r->buf; stores its offset. */
static gboolean
read_string (Reader *r, gssize *offset)
{
    if (*r->p != '"')
        return fail (r, "expected a string");
    r->p++;
    *offset = (gssize) r->buf->len;
    for (;;) {
        unsigned char c = (unsigned char) *r->p;
        if (c == '\0')
            return fail (r, "unterminated string");
        if (c == '"')
            break;
        if (c < 0x20)
            return fail (r, "control character in a string");
        if (c != '\\') {
            g_string_append_c (r->buf, (char) c);
            r->p++;
            continue;
        }
        r->p++;
        switch (*r->p) {
        case '"': case '\\': case '/':
            g_string_append_c (r->buf, *r->p);
            break;
        case 'b': g_string_append_c (r->buf, '\b'); break;
        case 'f': g_string_append_c (r->buf, '\f'); break;
        case 'n': g_string_append_c (r->buf, '\n'); break;
        case 'r': g_string_append_c (r->buf, '\r'); break;
        case 't': g_string_append_c (r->buf, '\t'); break;
        case 'u': {
            gunichar u;
            r->p++;
            if (!read_hex4 (r, &u))
                return FALSE;
            if (u >= 0xd800 && u < 0xdc00) {
                gunichar low;
                if (r->p[0] != '\\' || r->p[1] != 'u')
                    return fail (r, "unpaired surrogate");
                r->p += 2;
                if (!read_hex4 (r, &low))
                    return FALSE;
                if (low < 0xdc00 || low > 0xdfff)
                    return fail (r, "unpaired surrogate");
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
            } else if (u >= 0xdc00 && u <= 0xdfff) {
                return fail (r, "unpaired surrogate");
            }
            if (u == 0)
                return fail (r, "\\u0000 in a string");
            g_string_append_unichar (r->buf, u);
            continue;           /* r->p is past the escape already */
        }
        default:
            return fail (r, "bad escape");
        }
        r->p++;
    }
    r->p++;
    g_string_append_c (r->buf, '\0');
    return TRUE;
}

/* Reads {"text": STRING, "id": STRING-or-null} (keys in any order; "id"
 * may be left out). */
static gboolean
read_object (Reader *r, gssize *text, gssize *id)
{
    *text = -1;
    *id = -1;
    r->p++;                     /* '{' */
    skip_space (r);
    gboolean seen_id = FALSE;
    for (;;) {
        gssize key;
        if (!read_string (r, &key))
            return FALSE;
        g_autofree char *name = g_strdup (r->buf->str + key);
        g_string_truncate (r->buf, (gsize) key);
        skip_space (r);
        if (*r->p != ':')
            return fail (r, "expected ':'");
        r->p++;
        skip_space (r);
        if (strcmp (name, "text") == 0 && *text < 0) {
            if (!read_string (r, text))
                return FALSE;
        } else if (strcmp (name, "id") == 0 && !seen_id) {
            seen_id = TRUE;
            if (strncmp (r->p, "null", 4) == 0)
                r->p += 4;
            else if (!read_string (r, id))
                return FALSE;
        } else {
            return fail (r, "unknown or repeated key in an item");
        }
        skip_space (r);
        if (*r->p == '}')
            break;
        if (*r->p != ',')
            return fail (r, "expected ',' or '}'");
        r->p++;
        skip_space (r);
    }
    r->p++;
    if (*text < 0)
        return fail (r, "item without \"text\"");
    return TRUE;
}

gboolean
vinv_codec_list_from_json (const char *json, VinvItem **items, guint *n, char **storage,
                           GError **error)
{
    g_autoptr (GString) buf = g_string_new (NULL);
    g_autoptr (GArray) offsets = g_array_new (FALSE, FALSE, sizeof (gssize));
    Reader r = { json, json, buf, offsets, error };

    skip_space (&r);
    if (*r.p != '[')
        return fail (&r, "expected '['");
    r.p++;
    skip_space (&r);
    if (*r.p != ']') {
        for (;;) {
            gssize text;
            gssize id = -1;
            if (*r.p == '{') {
                if (!read_object (&r, &text, &id))
                    return FALSE;
            } else if (!read_string (&r, &text)) {
                return FALSE;
            }
            g_array_append_val (offsets, text);
            g_array_append_val (offsets, id);
            skip_space (&r);
            if (*r.p == ']')
                break;
            if (*r.p != ',')
                return fail (&r, "expected ',' or ']'");
            r.p++;
            skip_space (&r);
        }
    }
    r.p++;
    skip_space (&r);
    if (*r.p != '\0')
        return fail (&r, "text after the list");

    *n = offsets->len / 2;
    *storage = g_string_free (g_steal_pointer (&buf), FALSE);
    *items = g_new (VinvItem, *n + 1);
    for (guint i = 0; i < *n; i++) {
        gssize text = g_array_index (offsets, gssize, 2 * i);
        gssize id = g_array_index (offsets, gssize, 2 * i + 1);
        (*items)[i].text = *storage + text;
        (*items)[i].id = id >= 0 ? *storage + id : NULL;
    }
    return TRUE;
}

/* --- binding and reading --- */

void
vinv_codec_bind (VinvSqlStmt *stmt, guint *param, const VinvColumn *column,
                 const VinvCell *cell)
{
    guint i = *param;

    *param += vinv_codec_n_sql_columns (column);
    if (cell->kind == VINV_CELL_NULL) {
        for (guint k = i; k < *param; k++)
            vinv_sql_bind_null (stmt, k);
        return;
    }
    switch (cell->kind) {
    case VINV_CELL_BOOL:
        vinv_sql_bind_int (stmt, i, cell->v.b ? 1 : 0);
        break;
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        vinv_sql_bind_int (stmt, i, cell->v.i);
        break;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        vinv_sql_bind_double (stmt, i, cell->v.d);
        break;
    case VINV_CELL_STRING:
        vinv_sql_bind_text (stmt, i, cell->v.s);
        break;
    case VINV_CELL_REF:
        vinv_sql_bind_text (stmt, i, cell->v.ref->text);
        vinv_sql_bind_text (stmt, i + 1, cell->v.ref->id);
        break;
    case VINV_CELL_LIST: {
        g_autofree char *json = vinv_codec_list_to_json (cell->v.list->items,
                                                         cell->v.list->n);
        vinv_sql_bind_text (stmt, i, json);
        break;
    }
    default:
        g_assert_not_reached ();
    }
}

static const char *
sql_type_name (VinvSqlType type)
{
    switch (type) {
    case VINV_SQL_INT:
        return "an integer";
    case VINV_SQL_DOUBLE:
        return "a real number";
    case VINV_SQL_TEXT:
        return "text";
    default:
        return "null";
    }
}

static gboolean
bad_type (const VinvColumn *column, VinvSqlType found, GError **error)
{
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                 "column '%s' holds %s where a %s is expected", column->id,
                 sql_type_name (found), vinv_cell_kind_name (column->kind));
    return FALSE;
}

gboolean
vinv_codec_read (VinvSqlStmt *stmt, guint *rcol, VinvTable *table, guint row, guint col,
                 GError **error)
{
    const VinvColumn *column = vinv_table_get_column (table, col);
    guint i = *rcol;
    VinvSqlType type = vinv_sql_column_type (stmt, i);

    *rcol += vinv_codec_n_sql_columns (column);
    if (column->kind == VINV_CELL_REF) {
        VinvSqlType id_type = vinv_sql_column_type (stmt, i + 1);
        if (type == VINV_SQL_NULL && id_type == VINV_SQL_NULL)
            return TRUE;
        if (type != VINV_SQL_TEXT)
            return bad_type (column, type, error);
        if (id_type != VINV_SQL_TEXT && id_type != VINV_SQL_NULL)
            return bad_type (column, id_type, error);
        vinv_table_set_ref (table, row, col, vinv_sql_column_text (stmt, i),
                            vinv_sql_column_text (stmt, i + 1));
        return TRUE;
    }
    if (type == VINV_SQL_NULL)
        return TRUE;

    switch (column->kind) {
    case VINV_CELL_BOOL: {
        gint64 v = vinv_sql_column_int (stmt, i);
        if (type != VINV_SQL_INT || (v != 0 && v != 1)) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "column '%s' holds something other than 0 or 1", column->id);
            return FALSE;
        }
        vinv_table_set_bool (table, row, col, v == 1);
        return TRUE;
    }
    case VINV_CELL_INT:
    case VINV_CELL_TIME:
        if (type != VINV_SQL_INT)
            return bad_type (column, type, error);
        if (column->kind == VINV_CELL_INT)
            vinv_table_set_int (table, row, col, vinv_sql_column_int (stmt, i));
        else
            vinv_table_set_time (table, row, col, vinv_sql_column_int (stmt, i));
        return TRUE;
    case VINV_CELL_DOUBLE:
    case VINV_CELL_QUANTITY:
        if (type != VINV_SQL_DOUBLE && type != VINV_SQL_INT)
            return bad_type (column, type, error);
        if (column->kind == VINV_CELL_DOUBLE)
            vinv_table_set_double (table, row, col, vinv_sql_column_double (stmt, i));
        else
            vinv_table_set_quantity (table, row, col, vinv_sql_column_double (stmt, i));
        return TRUE;
    case VINV_CELL_STRING:
        if (type != VINV_SQL_TEXT)
            return bad_type (column, type, error);
        vinv_table_set_string (table, row, col, vinv_sql_column_text (stmt, i));
        return TRUE;
    case VINV_CELL_LIST: {
        g_autofree VinvItem *items = NULL;
        g_autofree char *storage = NULL;
        guint n = 0;
        g_autoptr (GError) local = NULL;
        if (type != VINV_SQL_TEXT)
            return bad_type (column, type, error);
        if (!vinv_codec_list_from_json (vinv_sql_column_text (stmt, i), &items, &n, &storage,
                                        &local)) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "column '%s': %s",
                         column->id, local->message);
            return FALSE;
        }
        vinv_table_set_list (table, row, col, items, n);
        return TRUE;
    }
    default:
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "column '%s' has an unknown kind", column->id);
        return FALSE;
    }
}
