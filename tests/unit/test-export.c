/* test-export.c — the CSV and JSON exporters (export.h).
 *
 * A small table of tricky values (commas, quotes, CR LF, Unicode, invalid
 * UTF-8, control characters, empty strings next to nulls, lists of 0, 1
 * and 3 items, quantities in MB / GB / % / ms / count, huge and negative
 * integers, timestamps around the epoch) is exported as "everything" and
 * as a filtered, sorted column subset, and compared with golden files in
 * tests/data/golden/ (VINV_REGENERATE_GOLDEN=1 rewrites them).  The output
 * is also read back: CSV through a strict RFC 4180 reader and JSON through
 * a strict JSON parser, both here, so the formats are checked as formats
 * and not only as bytes.  Streaming is checked with a stream that counts
 * its writes; cancellation and write errors with real streams.
 *
 * TZ is set to a non-UTC zone before anything runs: the exports must not
 * depend on it.
 */
#include "core/export.h"
#include "core/export-private.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* ---- the fixture table ---- */

enum {
    T_SOURCE, T_ID, T_NAME, T_NOTE, T_MEMORY, T_DISK, T_CPU, T_LATENCY, T_ITEMS,
    T_VCPUS, T_COUNTER, T_RATIO, T_HA, T_CREATED, T_HOST, T_LABEL, T_DISKS, T_IPS,
    T_N
};

static const VinvColumn test_columns[T_N] = {
    [T_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL,
                   VINV_COL_SOURCE, "" },
    [T_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID, "" },
    [T_NAME] = { "name", "Name", VINV_CELL_STRING, NULL, NULL,
                 VINV_COL_DEFAULT, "" },
    [T_NOTE] = { "note", "Note, \"quoted\"", VINV_CELL_STRING, NULL, NULL,
                 VINV_COL_DEFAULT, "" },
    [T_MEMORY] = { "memory", "Memory", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MB], NULL,
                   VINV_COL_DEFAULT, "" },
    [T_DISK] = { "disk_size", "Disk size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_GB], NULL,
                 0, "" },
    [T_CPU] = { "cpu", "CPU", VINV_CELL_QUANTITY, &vinv_units[VINV_U_PERCENT], NULL,
                0, "" },
    [T_LATENCY] = { "latency", "Latency", VINV_CELL_QUANTITY, &vinv_units[VINV_U_MS], NULL,
                    0, "" },
    [T_ITEMS] = { "items", "Items", VINV_CELL_QUANTITY, &vinv_units[VINV_U_COUNT], NULL,
                  0, "" },
    [T_VCPUS] = { "vcpus", "vCPUs", VINV_CELL_INT, NULL, NULL, 0, "" },
    [T_COUNTER] = { "counter", "Counter", VINV_CELL_INT, NULL, NULL, 0, "" },
    [T_RATIO] = { "ratio", "Ratio", VINV_CELL_DOUBLE, NULL, NULL, 0, "" },
    [T_HA] = { "ha", "HA", VINV_CELL_BOOL, NULL, NULL, 0, "" },
    [T_CREATED] = { "created", "Created", VINV_CELL_TIME, NULL, NULL, 0, "" },
    [T_HOST] = { "host", "Host", VINV_CELL_REF, NULL, "hosts", 0, "" },
    [T_LABEL] = { "label", "Label", VINV_CELL_REF, NULL, NULL, 0, "" },
    [T_DISKS] = { "disks", "Disks", VINV_CELL_LIST, NULL, "disks", 0, "" },
    [T_IPS] = { "ips", "IP addresses", VINV_CELL_LIST, NULL, NULL, 0, "" },
};

static const VinvSchema test_schema = {
    "things", "Things", NULL, test_columns, T_N,
};

static const VinvColumn small_columns[] = {
    { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    { "id", "ID", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID, "" },
    { "name", "Name", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT, "" },
    { "size", "Size", VINV_CELL_QUANTITY, &vinv_units[VINV_U_KB], NULL,
      VINV_COL_DEFAULT, "" },
};

static const VinvSchema small_schema = {
    "small", "Small", NULL, small_columns, G_N_ELEMENTS (small_columns),
};

#define MB (1024.0 * 1024.0)
#define GB (1024.0 * MB)
#define T_2026 G_GINT64_CONSTANT (1795321764000)   /* 2026-11-22T04:29:24Z */

static VinvTable *
make_table (void)
{
    VinvTable *t = vinv_table_new (&test_schema);
    const VinvItem three_disks[] = {
        { "Disk1", "d-1" }, { "Disk2", "d-2" }, { "Disk 3; spare", "d-3" },
    };
    const VinvItem one_disk[] = { { "Disk4", "d-4" } };
    const VinvItem one_ip[] = { { "10.0.0.1", NULL } };
    const VinvItem three_ips[] = { { "10.0.0.3", NULL }, { "fe80::1", NULL },
                                   { "2001:db8::3", NULL } };
    guint r;

    r = vinv_table_add_row (t, "lab", "vm-1");
    vinv_table_set_string (t, r, T_NAME, "web1");
    vinv_table_set_string (t, r, T_NOTE, "plain");
    vinv_table_set_quantity (t, r, T_MEMORY, 4096 * MB);
    vinv_table_set_quantity (t, r, T_DISK, 1.5 * GB);
    vinv_table_set_quantity (t, r, T_CPU, 12.5);
    vinv_table_set_quantity (t, r, T_LATENCY, 0.5);
    vinv_table_set_quantity (t, r, T_ITEMS, 3);
    vinv_table_set_int (t, r, T_VCPUS, 4);
    vinv_table_set_int (t, r, T_COUNTER, -42);
    vinv_table_set_double (t, r, T_RATIO, 0.1);
    vinv_table_set_bool (t, r, T_HA, TRUE);
    vinv_table_set_time (t, r, T_CREATED, T_2026);
    vinv_table_set_ref (t, r, T_HOST, "hv1", "h-1");
    vinv_table_set_ref (t, r, T_LABEL, "gold", NULL);
    vinv_table_set_list (t, r, T_DISKS, three_disks, G_N_ELEMENTS (three_disks));
    vinv_table_set_list (t, r, T_IPS, one_ip, G_N_ELEMENTS (one_ip));

    r = vinv_table_add_row (t, "lab", "vm-2");
    vinv_table_set_string (t, r, T_NAME, "db, primary");
    vinv_table_set_string (t, r, T_NOTE, "say \"hi\"\r\nsecond line");
    vinv_table_set_quantity (t, r, T_MEMORY, 1.5 * GB);
    vinv_table_set_quantity (t, r, T_CPU, 0);
    vinv_table_set_quantity (t, r, T_LATENCY, 0.001234);
    vinv_table_set_quantity (t, r, T_ITEMS, 0);
    vinv_table_set_int (t, r, T_COUNTER, G_MAXINT64);
    vinv_table_set_double (t, r, T_RATIO, 1e300);
    vinv_table_set_bool (t, r, T_HA, FALSE);
    vinv_table_set_time (t, r, T_CREATED, T_2026 + 123);
    vinv_table_set_list (t, r, T_DISKS, NULL, 0);

    r = vinv_table_add_row (t, "lab", "vm-3");
    vinv_table_set_string (t, r, T_NAME, "Ünïcødé ☃ 日本");
    vinv_table_set_string (t, r, T_NOTE, "");
    vinv_table_set_quantity (t, r, T_DISK, 0.25 * GB);
    vinv_table_set_quantity (t, r, T_CPU, 100);
    vinv_table_set_int (t, r, T_COUNTER, G_MININT64);
    vinv_table_set_double (t, r, T_RATIO, -0.5);
    vinv_table_set_time (t, r, T_CREATED, -1500);
    vinv_table_set_ref (t, r, T_HOST, "hv2", "h-2");
    vinv_table_set_ref (t, r, T_LABEL, " padded ", NULL);
    vinv_table_set_list (t, r, T_DISKS, one_disk, G_N_ELEMENTS (one_disk));
    vinv_table_set_list (t, r, T_IPS, three_ips, G_N_ELEMENTS (three_ips));

    r = vinv_table_add_row (t, "lab", "vm-4");
    vinv_table_set_string (t, r, T_NAME, "tab\there\001ctl");
    vinv_table_set_string (t, r, T_NOTE, "bad\377 byte");
    vinv_table_set_quantity (t, r, T_MEMORY, 1e18);
    vinv_table_set_quantity (t, r, T_DISK, 1);
    vinv_table_set_quantity (t, r, T_CPU, 100.0 / 3.0);
    vinv_table_set_quantity (t, r, T_LATENCY, 0.0005);
    vinv_table_set_int (t, r, T_VCPUS, 0);
    vinv_table_set_int (t, r, T_COUNTER, 0);
    vinv_table_set_double (t, r, T_RATIO, 3.0);
    vinv_table_set_bool (t, r, T_HA, TRUE);
    vinv_table_set_time (t, r, T_CREATED, 0);
    vinv_table_set_ref (t, r, T_HOST, "hv\"3\"", "h-3");
    vinv_table_set_list (t, r, T_IPS, NULL, 0);
    return t;
}

/* The view of every column, unfiltered. */
static VinvView *
make_all_view (VinvTable *t)
{
    g_autoptr (GError) error = NULL;
    VinvView *view = vinv_view_new (t, NULL);

    g_assert_true (vinv_view_set_columns_text (view, "all", &error));
    g_assert_no_error (error);
    return view;
}

/* What you see: a column subset in a new order, a filter and a sort. */
static VinvView *
make_seen_view (VinvTable *t)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvFilterError) ferror = NULL;
    VinvView *view = vinv_view_new (t, NULL);

    g_assert_true (vinv_view_set_columns_text (view, "memory,name,disks,ha,created,note",
                                               &error));
    g_assert_no_error (error);
    if (!vinv_view_set_filter (view, "memory > 1GB", &ferror))
        g_error ("filter: %s", ferror->message);
    g_assert_true (vinv_view_set_sort_text (view, "-memory", &error));
    g_assert_no_error (error);
    /* vm-4 (1e18 B), vm-1 (4096 MB), vm-2 (1536 MB); vm-3 has no memory */
    g_assert_cmpuint (vinv_view_get_n_rows (view), ==, 3);
    g_assert_cmpuint (vinv_view_get_row (view, 0), ==, 3);
    g_assert_cmpuint (vinv_view_get_row (view, 1), ==, 0);
    g_assert_cmpuint (vinv_view_get_row (view, 2), ==, 1);
    return view;
}

/* Exports @view and returns the output, NUL-terminated. */
static char *
export_to_string (VinvView *view, const char *title, VinvExportFormat format, gsize *len)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_export_view (view, title, format, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    g_autoptr (GBytes) bytes =
        g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
    gsize n = 0;
    const char *data = g_bytes_get_data (bytes, &n);
    if (len != NULL)
        *len = n;
    return g_strndup (data != NULL ? data : "", n);
}

/* Compares @data with tests/data/golden/@name, or rewrites the file when
 * VINV_REGENERATE_GOLDEN=1. */
static void
check_golden (const char *name, const char *data)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *dir = NULL;
    g_autofree char *path = NULL;
    g_autofree char *expected = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_nonnull (root);
    dir = g_build_filename (root, "tests", "data", "golden", NULL);
    path = g_build_filename (dir, name, NULL);
    if (g_strcmp0 (g_getenv ("VINV_REGENERATE_GOLDEN"), "1") == 0) {
        g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
        g_assert_true (g_file_set_contents (path, data, -1, &error));
        g_assert_no_error (error);
        g_test_message ("regenerated %s", path);
        return;
    }
    if (!g_file_get_contents (path, &expected, NULL, &error))
        g_error ("%s (run with VINV_REGENERATE_GOLDEN=1 to create it)", error->message);
    g_assert_cmpstr (data, ==, expected);
}

/* ---- a strict RFC 4180 reader ---- */

/* Parses @text into records (GPtrArray of GPtrArray of char *).  Requires
 * CRLF after every record, quotes only around whole fields, doubled quotes
 * inside.  Returns NULL on any violation. */
static GPtrArray *
csv_read (const char *text)
{
    g_autoptr (GPtrArray) records = g_ptr_array_new_with_free_func (
        (GDestroyNotify) g_ptr_array_unref);
    GPtrArray *record = NULL;
    const char *p = text;

    while (*p != '\0') {
        g_autoptr (GString) field = g_string_new (NULL);
        if (record == NULL) {
            record = g_ptr_array_new_with_free_func (g_free);
            g_ptr_array_add (records, record);
        }
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '\0')
                    return NULL;
                if (*p == '"' && p[1] == '"') {
                    g_string_append_c (field, '"');
                    p += 2;
                } else if (*p == '"') {
                    p++;
                    break;
                } else {
                    g_string_append_c (field, *p++);
                }
            }
        } else {
            while (*p != '\0' && *p != ',' && *p != '\r' && *p != '\n') {
                if (*p == '"')
                    return NULL;
                g_string_append_c (field, *p++);
            }
        }
        g_ptr_array_add (record, g_string_free (g_steal_pointer (&field), FALSE));
        if (*p == ',') {
            p++;
        } else if (p[0] == '\r' && p[1] == '\n') {
            p += 2;
            record = NULL;
        } else {
            return NULL;   /* bare LF, bare CR, text after a quote, or no final CRLF */
        }
    }
    if (record != NULL)
        return NULL;
    return g_steal_pointer (&records);
}

static const char *
csv_field (GPtrArray *records, guint r, guint c)
{
    GPtrArray *record = g_ptr_array_index (records, r);
    g_assert_cmpuint (c, <, record->len);
    return g_ptr_array_index (record, c);
}

/* ---- a strict JSON parser ---- */

typedef enum { J_NULL, J_BOOL, J_NUMBER, J_STRING, J_ARRAY, J_OBJECT } JsonKind;

typedef struct JsonNode JsonNode;
struct JsonNode {
    JsonKind kind;
    gboolean b;
    char *text;           /* NUMBER: as written; STRING: decoded */
    GPtrArray *items;     /* ARRAY, OBJECT: JsonNode * */
    GPtrArray *keys;      /* OBJECT: char * */
};

static void
json_node_free (JsonNode *node)
{
    if (node == NULL)
        return;
    g_free (node->text);
    if (node->items != NULL)
        g_ptr_array_unref (node->items);
    if (node->keys != NULL)
        g_ptr_array_unref (node->keys);
    g_free (node);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (JsonNode, json_node_free)

typedef struct {
    const char *p;
} JsonParser;

static JsonNode *json_parse_value (JsonParser *jp, guint depth);

static void
json_skip_ws (JsonParser *jp)
{
    while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r')
        jp->p++;
}

static int
hex4 (const char *p)
{
    int v = 0;
    for (int i = 0; i < 4; i++) {
        int d = g_ascii_xdigit_value (p[i]);
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static char *
json_parse_string (JsonParser *jp)
{
    g_autoptr (GString) s = g_string_new (NULL);

    if (*jp->p != '"')
        return NULL;
    jp->p++;
    for (;;) {
        unsigned char c = (unsigned char) *jp->p;
        if (c == '\0' || c < 0x20)
            return NULL;          /* unterminated or a raw control character */
        jp->p++;
        if (c == '"')
            break;
        if (c != '\\') {
            g_string_append_c (s, (char) c);
            continue;
        }
        c = (unsigned char) *jp->p++;
        switch (c) {
        case '"': g_string_append_c (s, '"'); break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/': g_string_append_c (s, '/'); break;
        case 'b': g_string_append_c (s, '\b'); break;
        case 'f': g_string_append_c (s, '\f'); break;
        case 'n': g_string_append_c (s, '\n'); break;
        case 'r': g_string_append_c (s, '\r'); break;
        case 't': g_string_append_c (s, '\t'); break;
        case 'u': {
            int u = hex4 (jp->p);
            if (u < 0)
                return NULL;
            jp->p += 4;
            if (u >= 0xd800 && u < 0xdc00) {
                int lo;
                if (jp->p[0] != '\\' || jp->p[1] != 'u')
                    return NULL;
                lo = hex4 (jp->p + 2);
                if (lo < 0xdc00 || lo >= 0xe000)
                    return NULL;
                jp->p += 6;
                u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
            } else if (u >= 0xdc00 && u < 0xe000) {
                return NULL;
            }
            g_string_append_unichar (s, (gunichar) u);
            break;
        }
        default:
            return NULL;
        }
    }
    return g_string_free (g_steal_pointer (&s), FALSE);
}

/* JSON's number grammar, exactly. */
static char *
json_parse_number (JsonParser *jp)
{
    const char *start = jp->p;
    const char *p = jp->p;

    if (*p == '-')
        p++;
    if (*p == '0') {
        p++;
    } else if (*p >= '1' && *p <= '9') {
        while (g_ascii_isdigit (*p))
            p++;
    } else {
        return NULL;
    }
    if (*p == '.') {
        p++;
        if (!g_ascii_isdigit (*p))
            return NULL;
        while (g_ascii_isdigit (*p))
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!g_ascii_isdigit (*p))
            return NULL;
        while (g_ascii_isdigit (*p))
            p++;
    }
    jp->p = p;
    return g_strndup (start, (gsize) (p - start));
}

static JsonNode *
json_parse_value (JsonParser *jp, guint depth)
{
    g_autoptr (JsonNode) node = g_new0 (JsonNode, 1);

    if (depth > 64)
        return NULL;
    json_skip_ws (jp);
    switch (*jp->p) {
    case 'n':
        if (strncmp (jp->p, "null", 4) != 0)
            return NULL;
        jp->p += 4;
        node->kind = J_NULL;
        break;
    case 't':
    case 'f': {
        gboolean t = *jp->p == 't';
        const char *word = t ? "true" : "false";
        if (strncmp (jp->p, word, strlen (word)) != 0)
            return NULL;
        jp->p += strlen (word);
        node->kind = J_BOOL;
        node->b = t;
        break;
    }
    case '"':
        node->kind = J_STRING;
        node->text = json_parse_string (jp);
        if (node->text == NULL)
            return NULL;
        break;
    case '[':
    case '{': {
        gboolean obj = *jp->p == '{';
        char close = obj ? '}' : ']';
        node->kind = obj ? J_OBJECT : J_ARRAY;
        node->items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_free);
        node->keys = g_ptr_array_new_with_free_func (g_free);
        jp->p++;
        json_skip_ws (jp);
        if (*jp->p == close) {
            jp->p++;
            break;
        }
        for (;;) {
            JsonNode *item;
            json_skip_ws (jp);
            if (obj) {
                char *key = json_parse_string (jp);
                if (key == NULL)
                    return NULL;
                g_ptr_array_add (node->keys, key);
                json_skip_ws (jp);
                if (*jp->p++ != ':')
                    return NULL;
            }
            item = json_parse_value (jp, depth + 1);
            if (item == NULL)
                return NULL;
            g_ptr_array_add (node->items, item);
            json_skip_ws (jp);
            if (*jp->p == ',') {
                jp->p++;
            } else if (*jp->p == close) {
                jp->p++;
                break;
            } else {
                return NULL;
            }
        }
        break;
    }
    default:
        node->kind = J_NUMBER;
        node->text = json_parse_number (jp);
        if (node->text == NULL)
            return NULL;
        break;
    }
    return g_steal_pointer (&node);
}

/* Parses a whole document; NULL if it is not valid UTF-8 JSON. */
static JsonNode *
json_parse (const char *text)
{
    JsonParser jp = { text };
    g_autoptr (JsonNode) root = NULL;

    if (!g_utf8_validate (text, -1, NULL))
        return NULL;
    root = json_parse_value (&jp, 0);
    if (root == NULL)
        return NULL;
    json_skip_ws (&jp);
    if (*jp.p != '\0')
        return NULL;
    return g_steal_pointer (&root);
}

static JsonNode *
jget (JsonNode *obj, const char *key)
{
    g_assert_nonnull (obj);
    g_assert_cmpint (obj->kind, ==, J_OBJECT);
    for (guint i = 0; i < obj->keys->len; i++) {
        if (strcmp (g_ptr_array_index (obj->keys, i), key) == 0)
            return g_ptr_array_index (obj->items, i);
    }
    g_error ("no key '%s'", key);
}

static JsonNode *
jidx (JsonNode *arr, guint i)
{
    g_assert_nonnull (arr);
    g_assert_cmpint (arr->kind, ==, J_ARRAY);
    g_assert_cmpuint (i, <, arr->items->len);
    return g_ptr_array_index (arr->items, i);
}

static const char *
jstr (JsonNode *node)
{
    g_assert_cmpint (node->kind, ==, J_STRING);
    return node->text;
}

static const char *
jnum (JsonNode *node)
{
    g_assert_cmpint (node->kind, ==, J_NUMBER);
    return node->text;
}

/* ---- tests ---- */

static void
test_format_names (void)
{
    static const struct {
        const char *name;
        gboolean ok;
        VinvExportFormat format;
    } cases[] = {
        { "csv", TRUE, VINV_EXPORT_CSV },
        { "json", TRUE, VINV_EXPORT_JSON },
        { "xlsx", TRUE, VINV_EXPORT_XLSX },
        { "CSV", TRUE, VINV_EXPORT_CSV },
        { "Json", TRUE, VINV_EXPORT_JSON },
        { "xls", FALSE, 0 },
        { "", FALSE, 0 },
        { "csv ", FALSE, 0 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        VinvExportFormat f = VINV_EXPORT_LAST;
        g_assert_cmpint (vinv_export_format_parse (cases[i].name, &f), ==, cases[i].ok);
        if (cases[i].ok)
            g_assert_cmpint (f, ==, cases[i].format);
        else
            g_assert_cmpint (f, ==, VINV_EXPORT_LAST);
    }
    g_assert_false (vinv_export_format_parse (NULL, NULL));
    g_assert_cmpstr (vinv_export_format_name (VINV_EXPORT_CSV), ==, "csv");
    g_assert_cmpstr (vinv_export_format_name (VINV_EXPORT_JSON), ==, "json");
    g_assert_cmpstr (vinv_export_format_name (VINV_EXPORT_XLSX), ==, "xlsx");
    g_assert_cmpstr (vinv_export_format_extension (VINV_EXPORT_CSV), ==, "csv");
    g_assert_cmpstr (vinv_export_format_extension (VINV_EXPORT_XLSX), ==, "xlsx");
}

static void
test_numbers (void)
{
    static const struct {
        double v;
        const char *shortest;
        const char *digits15;
    } cases[] = {
        { 0, "0", "0" },
        { -0.0, "0", "0" },
        { 4096, "4096", "4096" },
        { 1536, "1536", "1536" },
        { 4294967296.0, "4294967296", "4294967296" },
        { 1e18, "1000000000000000000", "1000000000000000000" },
        { 18446744073709551616.0, "18446744073709551616", "18446744073709551616" },
        { -42, "-42", "-42" },
        { 1.5, "1.5", "1.5" },
        { 12.5, "12.5", "12.5" },
        { 0.1, "0.1", "0.1" },
        { -0.5, "-0.5", "-0.5" },
        { 1.0 / 3.0, "0.3333333333333333", "0.333333333333333" },
        { 100.0 / 3.0, "33.333333333333336", "33.3333333333333" },
        { 0.5 / 0.001, "500", "500" },
        { 0.001234 / 0.001, NULL, "1.234" },
        { 1e21, "1e+21", "1e+21" },
        { 1e300, "1e+300", "1e+300" },
        { 5e-324, NULL, "4.94065645841247e-324" },
        { 953674316406.25, "953674316406.25", "953674316406.25" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GString) a = g_string_new (NULL);
        g_autoptr (GString) b = g_string_new (NULL);
        vinv_export_append_number (a, cases[i].v);
        vinv_export_append_number_15 (b, cases[i].v);
        if (cases[i].shortest != NULL)
            g_assert_cmpstr (a->str, ==, cases[i].shortest);
        /* whatever it prints, it reads back as the same double */
        g_assert_cmpfloat (g_ascii_strtod (a->str, NULL), ==, cases[i].v);
        g_assert_cmpstr (b->str, ==, cases[i].digits15);
    }
}

static void
test_times (void)
{
    static const struct {
        gint64 ms;
        const char *text;
    } cases[] = {
        { 0, "1970-01-01T00:00:00Z" },
        { T_2026, "2026-11-22T04:29:24Z" },
        { T_2026 + 123, "2026-11-22T04:29:24.123Z" },
        { T_2026 + 5, "2026-11-22T04:29:24.005Z" },
        { -1, "1969-12-31T23:59:59.999Z" },
        { -1500, "1969-12-31T23:59:58.500Z" },
        { G_GINT64_CONSTANT (-62135596800000), "0001-01-01T00:00:00Z" },
        { G_GINT64_CONSTANT (253402300799999), "9999-12-31T23:59:59.999Z" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GString) s = g_string_new (NULL);
        g_assert_true (vinv_export_append_time (s, cases[i].ms));
        g_assert_cmpstr (s->str, ==, cases[i].text);
    }
    g_autoptr (GString) s = g_string_new ("x");
    g_assert_false (vinv_export_append_time (s, G_GINT64_CONSTANT (253402300800000)));
    g_assert_false (vinv_export_append_time (s, G_MININT64));
    g_assert_cmpstr (s->str, ==, "x");
}

/* ---- the formatting before it was made fast, as the reference ----
 *
 * These are the printf/GDateTime versions the exporters used until the
 * value formatting was rewritten for speed (export.c); the fast versions
 * must write the same bytes for every value. */

static gboolean
ref_append_integral (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (v != trunc (v) || fabs (v) >= 1e21)
        return FALSE;
    if (v == 0) {
        g_string_append_c (out, '0');
        return TRUE;
    }
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.0f", v));
    return TRUE;
}

static void
ref_append_number (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };

    if (ref_append_integral (out, v))
        return;
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++) {
        g_ascii_formatd (buf, sizeof buf, formats[i], v);
        if (g_ascii_strtod (buf, NULL) == v)
            break;
    }
    g_string_append (out, buf);
}

static void
ref_append_number_15 (GString *out, double v)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (ref_append_integral (out, v))
        return;
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.15g", v));
}

static gboolean
ref_append_time (GString *out, gint64 ms)
{
    gint64 secs = ms / 1000;
    int rem = (int) (ms % 1000);
    int year;
    int month;
    int day;

    if (rem < 0) {
        rem += 1000;
        secs -= 1;
    }
    g_autoptr (GDateTime) dt = g_date_time_new_from_unix_utc (secs);
    if (dt == NULL)
        return FALSE;
    g_date_time_get_ymd (dt, &year, &month, &day);
    g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day,
                            g_date_time_get_hour (dt), g_date_time_get_minute (dt),
                            g_date_time_get_second (dt));
    if (rem != 0)
        g_string_append_printf (out, ".%03d", rem);
    g_string_append_c (out, 'Z');
    return TRUE;
}

/* Checks the fast and reference formatting of @v agree (both forms). */
static void
check_number (GString *a, GString *b, double v)
{
    g_string_truncate (a, 0);
    g_string_truncate (b, 0);
    vinv_export_append_number (a, v);
    ref_append_number (b, v);
    if (strcmp (a->str, b->str) != 0)
        g_error ("number %.17g (%a): fast \"%s\", reference \"%s\"", v, v, a->str, b->str);
    g_string_truncate (a, 0);
    g_string_truncate (b, 0);
    vinv_export_append_number_15 (a, v);
    ref_append_number_15 (b, v);
    if (strcmp (a->str, b->str) != 0)
        g_error ("number_15 %.17g (%a): fast \"%s\", reference \"%s\"", v, v, a->str, b->str);
}

static void
check_time (GString *a, GString *b, gint64 ms)
{
    g_string_truncate (a, 0);
    g_string_truncate (b, 0);
    gboolean fast_ok = vinv_export_append_time (a, ms);
    gboolean ref_ok = ref_append_time (b, ms);
    if (fast_ok != ref_ok || strcmp (a->str, b->str) != 0)
        g_error ("time %" G_GINT64_FORMAT ": fast %d \"%s\", reference %d \"%s\"", ms,
                 fast_ok, a->str, ref_ok, b->str);
}

/* A random double: every kind of value the columns hold, plus random bit
 * patterns. */
static double
random_double (GRand *rand)
{
    static const double divisors[] = {
        1.0, 10.0, 100.0, 1000.0, 1e6, 1e9, 1024.0, 1048576.0, 3.0, 7.0, 60.0, 3600.0,
    };
    switch (g_rand_int_range (rand, 0, 8)) {
    case 0: {                       /* any finite bit pattern */
        for (;;) {
            guint64 bits = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
            double v;
            memcpy (&v, &bits, sizeof v);
            if (isfinite (v))
                return v;
        }
    }
    case 1:                         /* a decimal with up to 6 places */
        return (double) (gint64) (g_rand_double_range (rand, -1e12, 1e12))
               / pow (10, g_rand_int_range (rand, 0, 7));
    case 2:                         /* a quantity in a display unit */
        return (double) ((guint64) g_rand_int (rand) * g_rand_int_range (rand, 1, 5000))
               / divisors[g_rand_int_range (rand, 0, G_N_ELEMENTS (divisors))];
    case 3:                         /* around the thresholds */
    {
        static const double edges[] = {
            1e-5, 1e-4, 1e-3, 0.1, 1, 1e14, 1e15, 1e16, 9007199254740992.0,
            9.2e18, 9223372036854775808.0, 1e21, 1e22,
        };
        double e = edges[g_rand_int_range (rand, 0, G_N_ELEMENTS (edges))];
        double v = e;
        for (int k = g_rand_int_range (rand, -3, 4); k != 0; k += k > 0 ? -1 : 1)
            v = nextafter (v, k > 0 ? INFINITY : 0);
        v += g_rand_boolean (rand) ? 0 : g_rand_double_range (rand, -2, 2);
        return g_rand_boolean (rand) ? v : -v;
    }
    case 4:                         /* an integer of any size */
        return ldexp ((double) g_rand_int (rand), g_rand_int_range (rand, 0, 75))
               * (g_rand_boolean (rand) ? 1 : -1);
    case 5:                         /* uniform in a random decade */
        return g_rand_double (rand) * pow (10, g_rand_int_range (rand, -8, 24));
    case 6:                         /* 15-digit decimals, the fast path's limit */
        return (double) (gint64) g_rand_double_range (rand, 1e14, 1e15)
               / pow (10, g_rand_int_range (rand, 0, 19));
    default:                        /* a percentage */
        return g_rand_double_range (rand, 0, 100);
    }
}

/* A random timestamp: anywhere in int64, inside years 1-9999, near the
 * ends of that range and near the epoch. */
static gint64
random_time (GRand *rand)
{
    const gint64 first = G_GINT64_CONSTANT (-62135596800000);
    const gint64 last = G_GINT64_CONSTANT (253402300799999);

    switch (g_rand_int_range (rand, 0, 5)) {
    case 0:
        return (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
    case 1:
        return first + (gint64) (g_rand_double (rand) * (double) (last - first));
    case 2:
        return first + g_rand_int_range (rand, -5000, 5000);
    case 3:
        return last + g_rand_int_range (rand, -5000, 5000);
    default:
        return (gint64) g_rand_int_range (rand, -100000, 100000) * 86400000
               + g_rand_int_range (rand, -100000, 100000);
    }
}

static void
test_fast_formatting (void)
{
    guint32 seed = g_test_rand_int ();
    g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
    g_autoptr (GString) a = g_string_new (NULL);
    g_autoptr (GString) b = g_string_new (NULL);
    guint n = g_test_slow () ? 2000000 : 200000;

    g_test_message ("seed %u, %u values of each kind", seed, n);
    /* the fixed edges first */
    static const double numbers[] = {
        0, -0.0, 1e-4, 9.999999999999999e-5, 0.0001000000000000001, 999999999999999.9,
        999999999999999.0, 1e15, 1e15 + 0.5, 9.2e18, 9223372036854775807.0, -9.2e18,
        1e21, 1e21 - 65536, 123.456, 0.1 + 0.2, 5e-324, DBL_MAX, DBL_MIN, -DBL_MAX,
    };
    for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
        check_number (a, b, numbers[i]);
    static const gint64 times[] = {
        0, -1, 1, -999, -1000, -1001, G_MININT64, G_MAXINT64,
        G_GINT64_CONSTANT (-62135596800000), G_GINT64_CONSTANT (-62135596800001),
        G_GINT64_CONSTANT (253402300799999), G_GINT64_CONSTANT (253402300800000),
        G_GINT64_CONSTANT (951782400000),    /* 2000-02-29 */
        G_GINT64_CONSTANT (4107542400000),   /* 2100-02-28, not a leap year */
    };
    for (guint i = 0; i < G_N_ELEMENTS (times); i++)
        check_time (a, b, times[i]);
    static const gint64 ints[] = { 0, -1, 9, 10, 99, 100, G_MININT64, G_MAXINT64 };
    for (guint i = 0; i < G_N_ELEMENTS (ints); i++) {
        g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, ints[i]);
        g_string_truncate (a, 0);
        vinv_export_append_int (a, ints[i]);
        g_assert_cmpstr (a->str, ==, expected);
    }

    for (guint i = 0; i < n; i++) {
        check_number (a, b, random_double (rand));
        check_time (a, b, random_time (rand));

        gint64 v = (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
        v >>= g_rand_int_range (rand, 0, 64);
        char expected[32];
        g_snprintf (expected, sizeof expected, "%" G_GINT64_FORMAT, v);
        g_string_truncate (a, 0);
        vinv_export_append_int (a, v);
        if (strcmp (a->str, expected) != 0)
            g_error ("int %s: fast \"%s\"", expected, a->str);
    }
}

/* Exports @view as CSV with @flags and returns the output. */
static char *
export_csv_flags (VinvView *view, guint flags)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_export_view_full (view, "Things", VINV_EXPORT_CSV, flags, out, NULL,
                                          &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (out, "", 1, NULL, NULL, NULL));
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (out));
}

static void
test_formula_detect (void)
{
    static const struct {
        const char *text;
        gboolean formula;
    } cases[] = {
        { "=1+2", TRUE }, { "=", TRUE }, { "@SUM(A1)", TRUE }, { "+cmd|' /C calc'!A0", TRUE },
        { "-2+3", TRUE }, { "-", TRUE }, { "+", TRUE }, { "--help", TRUE }, { "\tx", TRUE },
        { "\rx", TRUE }, { "-1e", TRUE }, { "-.", TRUE }, { "+1x", TRUE },
        { "-12", FALSE }, { "+1.5e3", FALSE }, { "-0.25", FALSE }, { "-.5", FALSE },
        { "-5.", FALSE }, { "1-2", FALSE }, { "a=b", FALSE }, { "", FALSE }, { " =x", FALSE },
        { "'=x", FALSE }, { "web-01", FALSE }, { "-1E-7", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        if (vinv_export_text_is_formula (cases[i].text) != cases[i].formula)
            g_error ("'%s': expected formula=%d", cases[i].text, cases[i].formula);
    }
    g_assert_false (vinv_export_text_is_formula (NULL));
}

/* Text cells that a spreadsheet would run get a leading "'" in CSV
 * (strings, references, lists — by the list's first item); numbers,
 * including negative ones, and number-like text stay as they are; with
 * VINV_EXPORT_FLAG_RAW_TEXT everything is written as it is. */
static void
test_csv_formula (void)
{
    g_autoptr (VinvTable) t = vinv_table_new (&test_schema);
    g_autoptr (GError) error = NULL;
    const VinvItem evil_first[] = { { "=cmd|' /C calc'!A0", "d-1" }, { "Disk2", "d-2" } };
    const VinvItem evil_second[] = { { "Disk1", "d-1" }, { "@x", "d-2" } };
    const VinvItem plain_ip[] = { { "-10.0.0.1", NULL } };
    guint r;

    r = vinv_table_add_row (t, "lab", "vm-1");
    vinv_table_set_string (t, r, T_NAME, "=HYPERLINK(\"http://evil\",\"a,b\")");
    vinv_table_set_string (t, r, T_NOTE, "+SUM(1)");
    vinv_table_set_ref (t, r, T_LABEL, "@label", NULL);
    vinv_table_set_list (t, r, T_DISKS, evil_first, G_N_ELEMENTS (evil_first));
    vinv_table_set_list (t, r, T_IPS, plain_ip, G_N_ELEMENTS (plain_ip));
    vinv_table_set_int (t, r, T_COUNTER, -42);
    vinv_table_set_quantity (t, r, T_CPU, -12.5);
    vinv_table_set_double (t, r, T_RATIO, -0.5);

    r = vinv_table_add_row (t, "lab", "vm-2");
    vinv_table_set_string (t, r, T_NAME, "-12");
    vinv_table_set_string (t, r, T_NOTE, "\tindented");
    vinv_table_set_ref (t, r, T_LABEL, "\rcr", NULL);
    vinv_table_set_list (t, r, T_DISKS, evil_second, G_N_ELEMENTS (evil_second));

    g_autoptr (VinvView) view = vinv_view_new (t, NULL);
    g_assert_true (vinv_view_set_columns_text (view, "name,note,label,disks,ips,counter,cpu,ratio",
                                               &error));
    g_assert_no_error (error);

    g_autofree char *guarded = export_csv_flags (view, 0);
    g_assert_cmpstr (guarded, ==,
                     "Name,\"Note, \"\"quoted\"\"\",Label,Disks,IP addresses,Counter,CPU (%),"
                     "Ratio\r\n"
                     "\"'=HYPERLINK(\"\"http://evil\"\",\"\"a,b\"\")\",'+SUM(1),'@label,"
                     "'=cmd|' /C calc'!A0; Disk2,'-10.0.0.1,-42,-12.5,-0.5\r\n"
                     "-12,'\tindented,\"'\rcr\",Disk1; @x,,,,\r\n");

    g_autofree char *raw = export_csv_flags (view, VINV_EXPORT_FLAG_RAW_TEXT);
    g_assert_cmpstr (raw, ==,
                     "Name,\"Note, \"\"quoted\"\"\",Label,Disks,IP addresses,Counter,CPU (%),"
                     "Ratio\r\n"
                     "\"=HYPERLINK(\"\"http://evil\"\",\"\"a,b\"\")\",+SUM(1),@label,"
                     "=cmd|' /C calc'!A0; Disk2,-10.0.0.1,-42,-12.5,-0.5\r\n"
                     "-12,\"\tindented\",\"\rcr\",Disk1; @x,,,,\r\n");

    /* JSON never changes text */
    g_autofree char *json = export_to_string (view, "Things", VINV_EXPORT_JSON, NULL);
    g_assert_nonnull (strstr (json, "\"name\":\"=HYPERLINK(\\\"http://evil\\\",\\\"a,b\\\")\""));
    g_assert_nonnull (strstr (json, "\"note\":\"+SUM(1)\""));
}

static void
test_golden (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvTable) small = vinv_table_new (&small_schema);
    g_autoptr (VinvView) all = make_all_view (t);
    g_autoptr (VinvView) seen = make_seen_view (t);
    g_autoptr (VinvView) empty = vinv_view_new (small, NULL);
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (GError) error = NULL;
    g_autofree char *all_csv = export_to_string (all, NULL, VINV_EXPORT_CSV, NULL);
    g_autofree char *all_json = export_to_string (all, NULL, VINV_EXPORT_JSON, NULL);
    g_autofree char *seen_csv = export_to_string (seen, "Things", VINV_EXPORT_CSV, NULL);
    g_autofree char *seen_json = export_to_string (seen, "Some things", VINV_EXPORT_JSON, NULL);

    check_golden ("export-all.csv", all_csv);
    check_golden ("export-all.json", all_json);
    check_golden ("export-view.csv", seen_csv);
    check_golden ("export-view.json", seen_json);

    VinvView *views[] = { seen, empty };
    const char *titles[] = { "Some things", NULL };
    g_assert_true (vinv_export_views_json (views, titles, 2, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    g_autoptr (GBytes) bytes = g_memory_output_stream_steal_as_bytes (
        G_MEMORY_OUTPUT_STREAM (out));
    g_autofree char *tables = g_strndup (g_bytes_get_data (bytes, NULL),
                                         g_bytes_get_size (bytes));
    check_golden ("export-tables.json", tables);
}

/* Every CSV export reads back through a strict reader, field for field. */
static void
test_csv_read_back (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) all = make_all_view (t);
    g_autoptr (VinvView) seen = make_seen_view (t);
    g_autofree char *all_csv = export_to_string (all, NULL, VINV_EXPORT_CSV, NULL);
    g_autofree char *seen_csv = export_to_string (seen, NULL, VINV_EXPORT_CSV, NULL);
    g_autoptr (GPtrArray) records = csv_read (all_csv);
    g_autoptr (GPtrArray) seen_records = csv_read (seen_csv);

    g_assert_nonnull (records);
    g_assert_true (g_utf8_validate (all_csv, -1, NULL));
    g_assert_cmpuint (records->len, ==, 1 + vinv_table_get_n_rows (t));
    for (guint r = 0; r < records->len; r++)
        g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (records, r))->len, ==, T_N);

    /* header: titles, the display unit of quantities (none for counts) */
    g_assert_cmpstr (csv_field (records, 0, T_NOTE), ==, "Note, \"quoted\"");
    g_assert_cmpstr (csv_field (records, 0, T_MEMORY), ==, "Memory (MB)");
    g_assert_cmpstr (csv_field (records, 0, T_DISK), ==, "Disk size (GB)");
    g_assert_cmpstr (csv_field (records, 0, T_CPU), ==, "CPU (%)");
    g_assert_cmpstr (csv_field (records, 0, T_LATENCY), ==, "Latency (ms)");
    g_assert_cmpstr (csv_field (records, 0, T_ITEMS), ==, "Items");

    /* values: record r + 1 is table row r */
    g_assert_cmpstr (csv_field (records, 1, T_MEMORY), ==, "4096");
    g_assert_cmpstr (csv_field (records, 1, T_DISK), ==, "1.5");
    g_assert_cmpstr (csv_field (records, 1, T_CPU), ==, "12.5");
    g_assert_cmpstr (csv_field (records, 1, T_LATENCY), ==, "500");
    g_assert_cmpstr (csv_field (records, 1, T_RATIO), ==, "0.1");
    g_assert_cmpstr (csv_field (records, 1, T_HA), ==, "true");
    g_assert_cmpstr (csv_field (records, 1, T_CREATED), ==, "2026-11-22T04:29:24Z");
    g_assert_cmpstr (csv_field (records, 1, T_DISKS), ==, "Disk1; Disk2; Disk 3; spare");
    g_assert_cmpstr (csv_field (records, 1, T_IPS), ==, "10.0.0.1");
    g_assert_cmpstr (csv_field (records, 1, T_HOST), ==, "hv1");
    g_assert_cmpstr (csv_field (records, 2, T_NAME), ==, "db, primary");
    g_assert_cmpstr (csv_field (records, 2, T_NOTE), ==, "say \"hi\"\r\nsecond line");
    g_assert_cmpstr (csv_field (records, 2, T_MEMORY), ==, "1536");
    g_assert_cmpstr (csv_field (records, 2, T_LATENCY), ==, "1.234");
    g_assert_cmpstr (csv_field (records, 2, T_COUNTER), ==, "9223372036854775807");
    g_assert_cmpstr (csv_field (records, 2, T_HA), ==, "false");
    g_assert_cmpstr (csv_field (records, 2, T_CREATED), ==, "2026-11-22T04:29:24.123Z");
    g_assert_cmpstr (csv_field (records, 2, T_VCPUS), ==, "");
    g_assert_cmpstr (csv_field (records, 3, T_NAME), ==, "Ünïcødé ☃ 日本");
    g_assert_cmpstr (csv_field (records, 3, T_COUNTER), ==, "-9223372036854775808");
    g_assert_cmpstr (csv_field (records, 3, T_LABEL), ==, " padded ");
    g_assert_cmpstr (csv_field (records, 3, T_CREATED), ==, "1969-12-31T23:59:58.500Z");
    g_assert_cmpstr (csv_field (records, 3, T_IPS), ==, "10.0.0.3; fe80::1; 2001:db8::3");
    g_assert_cmpstr (csv_field (records, 3, T_DISK), ==, "0.25");
    g_assert_cmpstr (csv_field (records, 4, T_NAME), ==, "tab\there\001ctl");
    g_assert_cmpstr (csv_field (records, 4, T_NOTE), ==, "bad\xef\xbf\xbd byte");
    g_assert_cmpstr (csv_field (records, 4, T_MEMORY), ==, "953674316406.25");
    g_assert_cmpstr (csv_field (records, 4, T_CPU), ==, "33.333333333333336");
    g_assert_cmpstr (csv_field (records, 4, T_LATENCY), ==, "0.5");
    g_assert_cmpstr (csv_field (records, 4, T_RATIO), ==, "3");

    /* quantities with a power-of-two unit read back exactly */
    for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
        static const guint exact[] = { T_MEMORY, T_DISK, T_CPU, T_ITEMS };
        for (guint k = 0; k < G_N_ELEMENTS (exact); k++) {
            const VinvCell *cell = vinv_table_get_cell (t, r, exact[k]);
            const char *field = csv_field (records, r + 1, exact[k]);
            if (cell->kind == VINV_CELL_NULL) {
                g_assert_cmpstr (field, ==, "");
                continue;
            }
            double factor = test_columns[exact[k]].unit->factor;
            g_assert_cmpfloat (g_ascii_strtod (field, NULL) * factor, ==, cell->v.d);
        }
    }

    /* empty string and empty list are "" on the wire; null is nothing */
    g_assert_nonnull (strstr (all_csv, "\r\nlab,vm-3,Ünïcødé ☃ 日本,\"\",,0.25,100,"));
    g_assert_nonnull (strstr (all_csv, ",1e+300,false,2026-11-22T04:29:24.123Z,,,\"\",\r\n"));

    /* the view: its columns, in its order, its rows in its order */
    g_assert_nonnull (seen_records);
    g_assert_cmpuint (seen_records->len, ==, 4);
    g_assert_cmpstr (csv_field (seen_records, 0, 0), ==, "Memory (MB)");
    g_assert_cmpstr (csv_field (seen_records, 0, 1), ==, "Name");
    g_assert_cmpstr (csv_field (seen_records, 1, 1), ==, "tab\there\001ctl");
    g_assert_cmpstr (csv_field (seen_records, 2, 1), ==, "web1");
    g_assert_cmpstr (csv_field (seen_records, 3, 1), ==, "db, primary");
    g_assert_cmpstr (csv_field (seen_records, 3, 5), ==, "say \"hi\"\r\nsecond line");
    g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (seen_records, 3))->len, ==, 6);
}

/* The reader itself must reject what RFC 4180 forbids, or the test above
 * proves nothing. */
static void
test_csv_reader_strict (void)
{
    static const struct {
        const char *text;
        gboolean ok;
    } cases[] = {
        { "a,b\r\n", TRUE },
        { "\"a\r\nb\",\"\"\"\"\r\n", TRUE },
        { "a,b\n", FALSE },
        { "a,b", FALSE },
        { "a\"b\r\n", FALSE },
        { "\"a\"b\r\n", FALSE },
        { "\"a\r\n", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (GPtrArray) records = csv_read (cases[i].text);
        g_assert_cmpint (records != NULL, ==, cases[i].ok);
    }
}

static void
test_json_parser_strict (void)
{
    static const struct {
        const char *text;
        gboolean ok;
    } cases[] = {
        { "{\"a\":[1,-2.5e+3,true,false,null,\"x\\u00e9\\ud83d\\ude00\"]}", TRUE },
        { "{\"a\":1,}", FALSE },
        { "[01]", FALSE },
        { "[1.]", FALSE },
        { "[\"a\nb\"]", FALSE },
        { "[\"\\x\"]", FALSE },
        { "[NaN]", FALSE },
        { "{} x", FALSE },
        { "[\"\xff\"]", FALSE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (JsonNode) node = json_parse (cases[i].text);
        g_assert_cmpint (node != NULL, ==, cases[i].ok);
    }
}

/* The JSON export parses, and holds the values with their JSON types. */
static void
test_json_read_back (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) all = make_all_view (t);
    g_autoptr (VinvView) seen = make_seen_view (t);
    g_autofree char *text = export_to_string (all, NULL, VINV_EXPORT_JSON, NULL);
    g_autofree char *seen_text = export_to_string (seen, "Mine", VINV_EXPORT_JSON, NULL);
    g_autoptr (JsonNode) doc = json_parse (text);
    g_autoptr (JsonNode) seen_doc = json_parse (seen_text);
    JsonNode *columns;
    JsonNode *rows;
    JsonNode *row;

    g_assert_nonnull (doc);
    g_assert_cmpstr (jstr (jget (doc, "table")), ==, "things");
    g_assert_cmpstr (jstr (jget (doc, "title")), ==, "Things");

    columns = jget (doc, "columns");
    g_assert_cmpuint (columns->items->len, ==, T_N);
    for (guint c = 0; c < T_N; c++) {
        JsonNode *col = jidx (columns, c);
        JsonNode *unit = jget (col, "unit");
        JsonNode *target = jget (col, "target");
        g_assert_cmpstr (jstr (jget (col, "id")), ==, test_columns[c].id);
        g_assert_cmpstr (jstr (jget (col, "title")), ==, test_columns[c].title);
        g_assert_cmpstr (jstr (jget (col, "kind")), ==,
                         vinv_cell_kind_name (test_columns[c].kind));
        if (test_columns[c].kind == VINV_CELL_QUANTITY)
            g_assert_cmpstr (jstr (unit), ==,
                             vinv_unit_base (test_columns[c].unit->dim)->name);
        else
            g_assert_cmpint (unit->kind, ==, J_NULL);
        if (test_columns[c].target != NULL)
            g_assert_cmpstr (jstr (target), ==, test_columns[c].target);
        else
            g_assert_cmpint (target->kind, ==, J_NULL);
    }
    g_assert_cmpstr (jstr (jget (jidx (columns, T_MEMORY), "unit")), ==, "B");
    g_assert_cmpstr (jstr (jget (jidx (columns, T_CPU), "unit")), ==, "%");
    g_assert_cmpstr (jstr (jget (jidx (columns, T_LATENCY), "unit")), ==, "s");

    rows = jget (doc, "rows");
    g_assert_cmpuint (rows->items->len, ==, 4);

    row = jidx (rows, 0);
    g_assert_cmpuint (row->keys->len, ==, T_N);
    g_assert_cmpstr (jstr (jget (row, "id")), ==, "vm-1");
    g_assert_cmpstr (jnum (jget (row, "memory")), ==, "4294967296");
    g_assert_cmpstr (jnum (jget (row, "disk_size")), ==, "1610612736");
    g_assert_cmpstr (jnum (jget (row, "cpu")), ==, "12.5");
    g_assert_cmpstr (jnum (jget (row, "latency")), ==, "0.5");
    g_assert_cmpstr (jnum (jget (row, "vcpus")), ==, "4");
    g_assert_cmpstr (jnum (jget (row, "counter")), ==, "-42");
    g_assert_true (jget (row, "ha")->kind == J_BOOL && jget (row, "ha")->b);
    g_assert_cmpstr (jstr (jget (row, "created")), ==, "2026-11-22T04:29:24Z");
    g_assert_cmpstr (jstr (jget (jget (row, "host"), "text")), ==, "hv1");
    g_assert_cmpstr (jstr (jget (jget (row, "host"), "id")), ==, "h-1");
    g_assert_cmpstr (jstr (jget (row, "label")), ==, "gold");
    g_assert_cmpuint (jget (row, "disks")->items->len, ==, 3);
    g_assert_cmpstr (jstr (jget (jidx (jget (row, "disks"), 2), "text")), ==, "Disk 3; spare");
    g_assert_cmpstr (jstr (jget (jidx (jget (row, "disks"), 2), "id")), ==, "d-3");
    g_assert_cmpuint (jget (row, "ips")->items->len, ==, 1);
    g_assert_cmpstr (jstr (jidx (jget (row, "ips"), 0)), ==, "10.0.0.1");

    row = jidx (rows, 1);
    g_assert_cmpstr (jstr (jget (row, "note")), ==, "say \"hi\"\r\nsecond line");
    g_assert_cmpstr (jnum (jget (row, "counter")), ==, "9223372036854775807");
    g_assert_cmpstr (jnum (jget (row, "ratio")), ==, "1e+300");
    g_assert_true (jget (row, "ha")->kind == J_BOOL && !jget (row, "ha")->b);
    g_assert_cmpint (jget (row, "vcpus")->kind, ==, J_NULL);
    g_assert_cmpint (jget (row, "host")->kind, ==, J_NULL);
    g_assert_cmpint (jget (row, "disks")->kind, ==, J_ARRAY);
    g_assert_cmpuint (jget (row, "disks")->items->len, ==, 0);
    g_assert_cmpint (jget (row, "ips")->kind, ==, J_NULL);
    g_assert_cmpstr (jstr (jget (row, "created")), ==, "2026-11-22T04:29:24.123Z");

    row = jidx (rows, 2);
    g_assert_cmpstr (jstr (jget (row, "name")), ==, "Ünïcødé ☃ 日本");
    g_assert_cmpstr (jstr (jget (row, "note")), ==, "");
    g_assert_cmpint (jget (row, "memory")->kind, ==, J_NULL);
    g_assert_cmpint (jget (row, "ha")->kind, ==, J_NULL);
    g_assert_cmpstr (jnum (jget (row, "counter")), ==, "-9223372036854775808");
    g_assert_cmpstr (jstr (jget (row, "label")), ==, " padded ");
    g_assert_cmpuint (jget (row, "ips")->items->len, ==, 3);
    g_assert_cmpstr (jstr (jidx (jget (row, "ips"), 2)), ==, "2001:db8::3");

    row = jidx (rows, 3);
    g_assert_cmpstr (jstr (jget (row, "name")), ==, "tab\there\001ctl");
    g_assert_cmpstr (jstr (jget (row, "note")), ==, "bad\xef\xbf\xbd byte");
    g_assert_cmpstr (jnum (jget (row, "memory")), ==, "1000000000000000000");
    g_assert_cmpstr (jstr (jget (jget (row, "host"), "text")), ==, "hv\"3\"");
    g_assert_cmpstr (jnum (jget (row, "ratio")), ==, "3");
    g_assert_cmpstr (jstr (jget (row, "created")), ==, "1970-01-01T00:00:00Z");

    /* every number reads back as the very double stored */
    for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
        row = jidx (rows, r);
        for (guint c = 0; c < T_N; c++) {
            const VinvCell *cell = vinv_table_get_cell (t, r, c);
            if (cell->kind != VINV_CELL_DOUBLE && cell->kind != VINV_CELL_QUANTITY)
                continue;
            g_assert_cmpfloat (g_ascii_strtod (jnum (jget (row, test_columns[c].id)), NULL),
                               ==, cell->v.d);
        }
    }

    /* the view: its title, its columns in order, its rows in order */
    g_assert_nonnull (seen_doc);
    g_assert_cmpstr (jstr (jget (seen_doc, "title")), ==, "Mine");
    columns = jget (seen_doc, "columns");
    g_assert_cmpuint (columns->items->len, ==, 6);
    g_assert_cmpstr (jstr (jget (jidx (columns, 0), "id")), ==, "memory");
    g_assert_cmpstr (jstr (jget (jidx (columns, 5), "id")), ==, "note");
    rows = jget (seen_doc, "rows");
    g_assert_cmpuint (rows->items->len, ==, 3);
    g_assert_cmpstr (jstr (jget (jidx (rows, 0), "name")), ==, "tab\there\001ctl");
    g_assert_cmpstr (jstr (jget (jidx (rows, 1), "name")), ==, "web1");
    g_assert_cmpstr (jstr (jget (jidx (rows, 2), "name")), ==, "db, primary");
    g_assert_cmpstr (g_ptr_array_index (jidx (rows, 0)->keys, 0), ==, "memory");
    g_assert_cmpuint (jidx (rows, 0)->keys->len, ==, 6);
}

static void
test_json_several (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvTable) small = vinv_table_new (&small_schema);
    g_autoptr (VinvView) all = make_all_view (t);
    g_autoptr (VinvView) empty = vinv_view_new (small, NULL);
    g_autoptr (GError) error = NULL;
    VinvView *views[] = { all, empty };

    for (guint n = 0; n <= 2; n++) {
        g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
        g_assert_true (vinv_export_views_json (views, NULL, n, out, NULL, &error));
        g_assert_no_error (error);
        g_assert_true (g_output_stream_close (out, NULL, NULL));
        g_autoptr (GBytes) bytes = g_memory_output_stream_steal_as_bytes (
            G_MEMORY_OUTPUT_STREAM (out));
        g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes));
        g_autoptr (JsonNode) doc = json_parse (text);
        g_assert_nonnull (doc);
        JsonNode *tables = jget (doc, "tables");
        g_assert_cmpuint (tables->items->len, ==, n);
        if (n == 2) {
            JsonNode *second = jidx (tables, 1);
            g_assert_cmpstr (jstr (jget (second, "table")), ==, "small");
            g_assert_cmpstr (jstr (jget (second, "title")), ==, "Small");
            g_assert_cmpuint (jget (second, "rows")->items->len, ==, 0);
            /* the default columns of the schema */
            g_assert_cmpuint (jget (second, "columns")->items->len, ==, 2);
        }
    }
}

/* ---- streaming, cancellation, errors ---- */

/* An output stream that counts its writes, keeps the largest, and can
 * cancel a cancellable after its first write. */
#define TEST_TYPE_COUNTING_STREAM (test_counting_stream_get_type ())
G_DECLARE_FINAL_TYPE (TestCountingStream, test_counting_stream, TEST, COUNTING_STREAM,
                      GOutputStream)

struct _TestCountingStream {
    GOutputStream parent;
    guint n_writes;
    gsize largest;
    gsize total;
    GCancellable *cancel_after_first;
};

G_DEFINE_TYPE (TestCountingStream, test_counting_stream, G_TYPE_OUTPUT_STREAM)

static gssize
counting_write (GOutputStream *stream, const void *buffer, gsize count,
                GCancellable *cancellable, GError **error)
{
    TestCountingStream *self = TEST_COUNTING_STREAM (stream);
    self->n_writes++;
    self->largest = MAX (self->largest, count);
    self->total += count;
    if (self->cancel_after_first != NULL)
        g_cancellable_cancel (self->cancel_after_first);
    return (gssize) count;
}

static void
test_counting_stream_class_init (TestCountingStreamClass *klass)
{
    G_OUTPUT_STREAM_CLASS (klass)->write_fn = counting_write;
}

static void
test_counting_stream_init (TestCountingStream *self)
{
}

#define BIG_ROWS 20000

static VinvView *
make_big_view (VinvTable **table)
{
    VinvTable *t = vinv_table_new (&small_schema);
    for (guint i = 0; i < BIG_ROWS; i++) {
        g_autofree char *id = g_strdup_printf ("row-%05u", i);
        guint r = vinv_table_add_row (t, "big", id);
        vinv_table_set_string (t, r, 2, "some name, with a comma");
        vinv_table_set_quantity (t, r, 3, i * 1024.0);
    }
    *table = t;
    return vinv_view_new (t, NULL);
}

/* Big exports go out in buffer-sized writes, never as one whole file. */
static void
test_streaming (void)
{
    g_autoptr (VinvTable) t = NULL;
    g_autoptr (VinvView) view = make_big_view (&t);

    for (VinvExportFormat f = VINV_EXPORT_CSV; f <= VINV_EXPORT_JSON; f++) {
        g_autoptr (TestCountingStream) out = g_object_new (TEST_TYPE_COUNTING_STREAM, NULL);
        g_autoptr (GError) error = NULL;
        gsize len = 0;
        g_autofree char *text = export_to_string (view, NULL, f, &len);

        g_assert_true (vinv_export_view (view, NULL, f, G_OUTPUT_STREAM (out), NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpuint (len, >, 4 * VINV_EXPORT_BUFFER_SIZE);
        g_assert_cmpuint (out->total, ==, len);
        g_assert_cmpuint (out->n_writes, >=, len / (VINV_EXPORT_BUFFER_SIZE + 1024));
        g_assert_cmpuint (out->n_writes, <=, len / VINV_EXPORT_BUFFER_SIZE + 1);
        g_assert_cmpuint (out->largest, <, VINV_EXPORT_BUFFER_SIZE + 1024);
    }
}

static void
test_cancel (void)
{
    g_autoptr (VinvTable) t = NULL;
    g_autoptr (VinvView) view = make_big_view (&t);

    for (VinvExportFormat f = VINV_EXPORT_CSV; f <= VINV_EXPORT_JSON; f++) {
        g_autoptr (GCancellable) cancellable = g_cancellable_new ();
        g_autoptr (TestCountingStream) out = g_object_new (TEST_TYPE_COUNTING_STREAM, NULL);
        g_autoptr (GError) error = NULL;

        /* cancelled before: nothing is written */
        g_cancellable_cancel (cancellable);
        g_assert_false (vinv_export_view (view, NULL, f, G_OUTPUT_STREAM (out), cancellable,
                                          &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_cmpuint (out->total, ==, 0);
    }
    for (VinvExportFormat f = VINV_EXPORT_CSV; f <= VINV_EXPORT_JSON; f++) {
        g_autoptr (GCancellable) cancellable = g_cancellable_new ();
        g_autoptr (TestCountingStream) out = g_object_new (TEST_TYPE_COUNTING_STREAM, NULL);
        g_autoptr (GError) error = NULL;

        /* cancelled during: stops after the first buffer */
        out->cancel_after_first = cancellable;
        g_assert_false (vinv_export_view (view, NULL, f, G_OUTPUT_STREAM (out), cancellable,
                                          &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
        g_assert_cmpuint (out->n_writes, ==, 1);
    }
    {
        g_autoptr (GCancellable) cancellable = g_cancellable_new ();
        g_autoptr (TestCountingStream) out = g_object_new (TEST_TYPE_COUNTING_STREAM, NULL);
        g_autoptr (GError) error = NULL;
        VinvView *views[] = { view };

        g_cancellable_cancel (cancellable);
        g_assert_false (vinv_export_views_json (views, NULL, 1, G_OUTPUT_STREAM (out),
                                                cancellable, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    }
}

/* A stream that fills up: the error comes back, no crash, no hang. */
static void
test_write_error (void)
{
    g_autoptr (VinvTable) t = NULL;
    g_autoptr (VinvView) view = make_big_view (&t);

    for (VinvExportFormat f = VINV_EXPORT_CSV; f <= VINV_EXPORT_JSON; f++) {
        g_autofree char *space = g_malloc (1000);
        g_autoptr (GOutputStream) out = g_memory_output_stream_new (space, 1000, NULL, NULL);
        g_autoptr (GError) error = NULL;

        g_assert_false (vinv_export_view (view, NULL, f, out, NULL, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    }
}

/* XLSX through vinv_export_view(): a ZIP archive (the workbook) on the
 * stream, whatever the fixture's values (invalid UTF-8, control
 * characters, huge integers); its content is read back by real readers in
 * tests/cli/test-xlsx.py. */
static void
test_xlsx_stream (void)
{
    g_autoptr (VinvTable) t = make_table ();
    g_autoptr (VinvView) view = make_all_view (t);
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_export_view (view, "Things: [all]", VINV_EXPORT_XLSX, out, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_output_stream_close (out, NULL, NULL));
    gsize n = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
    const char *data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
    g_assert_cmpuint (n, >, 1000);
    g_assert_cmpmem (data, 4, "PK\003\004", 4);

    /* a write error reaches the caller */
    g_autoptr (GFile) file = g_file_new_for_path ("/dev/full");
    g_autoptr (GFileOutputStream) full = g_file_append_to (file, G_FILE_CREATE_NONE, NULL,
                                                           &error);
    g_assert_no_error (error);
    g_assert_false (vinv_export_view (view, NULL, VINV_EXPORT_XLSX, G_OUTPUT_STREAM (full),
                                      NULL, &error));
    g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
    /* A zone far from UTC (+05:45): exports must not depend on it. */
    g_setenv ("TZ", "Asia/Kathmandu", TRUE);
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/export/format-names", test_format_names);
    g_test_add_func ("/export/numbers", test_numbers);
    g_test_add_func ("/export/times", test_times);
    g_test_add_func ("/export/fast-formatting", test_fast_formatting);
    g_test_add_func ("/export/golden", test_golden);
    g_test_add_func ("/export/csv/formula-detect", test_formula_detect);
    g_test_add_func ("/export/csv/formula", test_csv_formula);
    g_test_add_func ("/export/csv/reader-strict", test_csv_reader_strict);
    g_test_add_func ("/export/csv/read-back", test_csv_read_back);
    g_test_add_func ("/export/json/parser-strict", test_json_parser_strict);
    g_test_add_func ("/export/json/read-back", test_json_read_back);
    g_test_add_func ("/export/json/several", test_json_several);
    g_test_add_func ("/export/streaming", test_streaming);
    g_test_add_func ("/export/cancel", test_cancel);
    g_test_add_func ("/export/write-error", test_write_error);
    g_test_add_func ("/export/xlsx-stream", test_xlsx_stream);
    return g_test_run ();
}
