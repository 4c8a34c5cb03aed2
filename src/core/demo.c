/* demo.c — locating the built-in demo and reading its list of
 * connections.  See demo.h.  Reads one small file; knows no back-end.
 */
#include "demo.h"

#include <gio/gio.h>
#include <string.h>
#include "vinv-config.h"

char *
vinv_demo_dup_dir (void)
{
    const char *env = g_getenv ("VINV_DEMO_DIR");
    g_autofree char *source_demo = g_build_filename (VINV_SOURCE_DATADIR, "demo", NULL);

    if (env != NULL && env[0] != '\0')
        return g_strdup (env);
    if (g_file_test (source_demo, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&source_demo);
    return g_build_filename (VINV_DATADIR, "demo", NULL);
}

char **
vinv_demo_dup_uris (const char *demo_dir, GError **error)
{
    g_autofree char *default_dir = demo_dir == NULL ? vinv_demo_dup_dir () : NULL;
    const char *dir = demo_dir != NULL ? demo_dir : default_dir;
    g_autofree char *list_path = g_build_filename (dir, "demo.uris", NULL);
    g_autofree char *contents = NULL;
    g_autofree char *cwd = g_get_current_dir ();
    g_autofree char *abs_dir = g_canonicalize_filename (dir, cwd);
    g_autoptr (GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

    if (!g_file_get_contents (list_path, &contents, NULL, error))
        return NULL;

    g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        char *line = g_strstrip (lines[i]);
        if (line[0] == '\0' || line[0] == '#')
            continue;
        if (strstr (line, "://") != NULL || g_str_has_prefix (line, "file:")) {
            g_ptr_array_add (uris, g_strdup (line));
            continue;
        }
        g_autofree char *path = g_canonicalize_filename (line, abs_dir);
        g_autofree char *escaped = g_uri_escape_string (path, "/", TRUE);
        g_ptr_array_add (uris, g_strconcat ("test://", escaped, NULL));
    }
    if (uris->len == 0) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                     "%s lists no connection", list_path);
        return NULL;
    }
    g_ptr_array_add (uris, NULL);
    return (char **) g_ptr_array_free (g_steal_pointer (&uris), FALSE);
}
