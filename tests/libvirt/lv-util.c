/* lv-util.c — see lv-util.h.  virsh is run with g_spawn_sync and a fixed
 * locale so its output is parsed the same everywhere.
 */
#include "lv-util.h"

#include <string.h>

#include "core/backend.h"
#include "libvirt/libvirt-backend.h"

static VinvInventory *
load (const char *uri, gboolean read_write, char **source)
{
    g_autoptr(GError) error = NULL;
    VinvConnectOptions options = { .read_write = read_write };
    VinvInventory *inv = vinv_inventory_new ();
    VinvBackend *be;

    vinv_libvirt_register ();
    be = vinv_backend_open (uri, &options, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (be);
    g_assert_true (vinv_backend_fetch (be, inv, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    if (source != NULL)
        *source = g_strdup (vinv_backend_get_source_name (be));
    vinv_backend_close (be);
    return inv;
}

VinvInventory *
lv_load (const char *uri, char **source)
{
    return load (uri, FALSE, source);
}

VinvInventory *
lv_load_read_write (const char *uri, char **source)
{
    return load (uri, TRUE, source);
}

char *
lv_demo_uri (const char *file)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");

    g_assert_nonnull (root);
    return g_strconcat ("test://", root, "/data/demo/", file, NULL);
}

char *
lv_virsh (const char *uri, const char *command)
{
    const char *commands[] = { command, NULL };
    g_autoptr(GPtrArray) out = lv_virsh_batch (uri, commands);

    return g_strdup (g_ptr_array_index (out, 0));
}

#define MARKER "@@lv-util-end@@"

GPtrArray *
lv_virsh_batch (const char *uri, const char *const *commands)
{
    g_autoptr(GString) script = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_auto(GStrv) env = g_get_environ ();
    GPtrArray *result = g_ptr_array_new_with_free_func (g_free);
    const char *argv[] = { "virsh", "-q", "-c", uri, NULL, NULL };
    const char *p;
    int status = 0;
    guint n = 0;

    for (guint i = 0; commands[i] != NULL; i++) {
        g_string_append_printf (script, "%s; echo %s; ", commands[i], MARKER);
        n++;
    }
    argv[4] = script->str;
    env = g_environ_setenv (env, "LC_ALL", "C", TRUE);
    g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
        g_test_message ("virsh -c %s: %s", uri, err);

    p = out;
    for (guint i = 0; i < n; i++) {
        /* virsh's echo ends without a newline: the next command's output
         * follows the marker directly. */
        const char *end = strstr (p, MARKER);

        if (end == NULL)
            g_error ("virsh -c %s: no output for '%s' (%s)", uri, commands[i], err);
        g_ptr_array_add (result, g_strndup (p, end - p));
        p = end + strlen (MARKER);
    }
    return result;
}

GHashTable *
lv_parse_fields (const char *output)
{
    GHashTable *fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++) {
        char *colon = strchr (lines[i], ':');

        if (colon == NULL)
            continue;
        *colon = '\0';
        g_hash_table_insert (fields, g_strstrip (g_strdup (lines[i])),
                             g_strstrip (g_strdup (colon + 1)));
    }
    return fields;
}

GPtrArray *
lv_parse_table (const char *output, guint max_fields)
{
    GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
    gboolean body = strstr (output, "-----") == NULL;   /* virsh -q drops headers */

    for (guint i = 0; lines[i] != NULL; i++) {
        g_autoptr(GPtrArray) fields = NULL;
        char *p = g_strstrip (lines[i]);

        if (g_str_has_prefix (p, "---")) {
            body = TRUE;
            continue;
        }
        if (!body || *p == '\0')
            continue;
        fields = g_ptr_array_new ();
        while (*p != '\0') {
            char *end;

            if (fields->len + 1 == max_fields) {
                g_ptr_array_add (fields, g_strdup (p));
                break;
            }
            end = p;
            while (*end != '\0' && *end != ' ')
                end++;
            g_ptr_array_add (fields, g_strndup (p, end - p));
            while (*end == ' ')
                end++;
            p = end;
        }
        g_ptr_array_add (fields, NULL);
        g_ptr_array_add (rows, g_ptr_array_free (g_steal_pointer (&fields), FALSE));
    }
    return rows;
}

GPtrArray *
lv_lines (const char *output)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
    g_auto(GStrv) split = g_strsplit (output, "\n", -1);

    for (guint i = 0; split[i] != NULL; i++) {
        char *p = g_strstrip (split[i]);
        if (*p != '\0')
            g_ptr_array_add (lines, g_strdup (p));
    }
    return lines;
}

int
lv_find_row_by (const VinvTable *table, guint col, const char *text)
{
    for (guint r = 0; r < vinv_table_get_n_rows (table); r++) {
        const VinvCell *c = vinv_table_get_cell (table, r, col);
        if (c->kind == VINV_CELL_STRING && g_strcmp0 (c->v.s, text) == 0)
            return (int) r;
    }
    return -1;
}

static const VinvCell *
cell_of_kind (const VinvTable *t, guint row, guint col, VinvCellKind kind)
{
    const VinvCell *c = vinv_table_get_cell (t, row, col);

    if (c->kind != kind)
        g_error ("row %s column %s: expected a %s cell, found %s",
                 vinv_table_get_row_id (t, row), vinv_table_get_column (t, col)->id,
                 vinv_cell_kind_name (kind), vinv_cell_kind_name (c->kind));
    return c;
}

const char *
lv_string (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_STRING)->v.s;
}

double
lv_quantity (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_QUANTITY)->v.d;
}

gint64
lv_int (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_INT)->v.i;
}

gboolean
lv_bool (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_BOOL)->v.b;
}

const VinvList *
lv_list (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_LIST)->v.list;
}

const VinvItem *
lv_ref (const VinvTable *t, guint row, guint col)
{
    return cell_of_kind (t, row, col, VINV_CELL_REF)->v.ref;
}

gboolean
lv_is_null (const VinvTable *t, guint row, guint col)
{
    return vinv_table_get_cell (t, row, col)->kind == VINV_CELL_NULL;
}

gboolean
lv_list_has_id (const VinvList *list, const char *id)
{
    for (guint i = 0; i < list->n; i++) {
        if (g_strcmp0 (list->items[i].id, id) == 0)
            return TRUE;
    }
    return FALSE;
}

/* ---- XML tree ------------------------------------------------------------ */

typedef struct {
    LvXml *root;
    GPtrArray *stack;          /* open elements */
    GString *text;
} XmlBuild;

static void
xml_start (GMarkupParseContext *context, const char *name, const char **names,
           const char **values, gpointer user_data, GError **error)
{
    XmlBuild *b = user_data;
    LvXml *e = g_new0 (LvXml, 1);

    e->name = g_strdup (name);
    e->attrs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    e->children = g_ptr_array_new_with_free_func ((GDestroyNotify) lv_xml_free);
    for (guint i = 0; names[i] != NULL; i++)
        g_hash_table_insert (e->attrs, g_strdup (names[i]), g_strdup (values[i]));
    if (b->stack->len > 0)
        g_ptr_array_add (((LvXml *) g_ptr_array_index (b->stack, b->stack->len - 1))->children,
                         e);
    else
        b->root = e;
    g_ptr_array_add (b->stack, e);
    g_string_truncate (b->text, 0);
}

static void
xml_end (GMarkupParseContext *context, const char *name, gpointer user_data, GError **error)
{
    XmlBuild *b = user_data;
    LvXml *e = g_ptr_array_steal_index (b->stack, b->stack->len - 1);

    e->text = g_strstrip (g_strdup (e->children->len == 0 ? b->text->str : ""));
    g_string_truncate (b->text, 0);
}

static void
xml_text (GMarkupParseContext *context, const char *text, gsize len, gpointer user_data,
          GError **error)
{
    g_string_append_len (((XmlBuild *) user_data)->text, text, (gssize) len);
}

LvXml *
lv_xml_parse (const char *xml)
{
    static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();
    g_autoptr(GString) text = g_string_new (NULL);
    XmlBuild b = { NULL, stack, text };
    g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &b, NULL);

    if (!g_markup_parse_context_parse (context, xml, -1, &error)
        || !g_markup_parse_context_end_parse (context, &error))
        g_error ("not well-formed XML: %s\n%s", error->message, xml);
    g_assert_nonnull (b.root);
    return b.root;
}

void
lv_xml_free (LvXml *e)
{
    if (e == NULL)
        return;
    g_free (e->name);
    g_hash_table_unref (e->attrs);
    g_ptr_array_unref (e->children);
    g_free (e->text);
    g_free (e);
}

static void
xml_collect (const LvXml *e, char **steps, GPtrArray *out, gboolean first_only)
{
    if (steps[0] == NULL) {
        g_ptr_array_add (out, (gpointer) e);
        return;
    }
    for (guint i = 0; i < e->children->len; i++) {
        const LvXml *c = g_ptr_array_index (e->children, i);

        if (first_only && out->len > 0)
            return;
        if (strcmp (c->name, steps[0]) == 0)
            xml_collect (c, steps + 1, out, first_only);
    }
}

GPtrArray *
lv_xml_find_all (const LvXml *e, const char *path)
{
    g_auto(GStrv) steps = g_strsplit (path, "/", -1);
    GPtrArray *out = g_ptr_array_new ();

    if (e != NULL)
        xml_collect (e, steps, out, FALSE);
    return out;
}

const LvXml *
lv_xml_find (const LvXml *e, const char *path)
{
    g_auto(GStrv) steps = g_strsplit (path, "/", -1);
    g_autoptr(GPtrArray) out = g_ptr_array_new ();

    if (e != NULL)
        xml_collect (e, steps, out, TRUE);
    return out->len > 0 ? g_ptr_array_index (out, 0) : NULL;
}

const char *
lv_xml_attr (const LvXml *e, const char *name)
{
    return e != NULL ? g_hash_table_lookup (e->attrs, name) : NULL;
}
