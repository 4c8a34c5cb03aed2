/* lv-util.c — see lv-util.h.  virsh is run with g_spawn_sync and a fixed
 * locale so its output is parsed the same everywhere.
 */
#include "lv-util.h"

#include <string.h>

#include "core/backend.h"
#include "libvirt/libvirt-backend.h"

VinvInventory *
lv_load (const char *uri, char **source)
{
    g_autoptr(GError) error = NULL;
    VinvConnectOptions options = { 0 };
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
