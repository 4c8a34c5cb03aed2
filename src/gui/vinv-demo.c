/* vinv-demo.c — resolves the demo directory and reads demo.uris.
 * A deliberate twenty-line twin of the CLI's resolver (cli/connect.c): the
 * GUI does not link the CLI library.
 */
#include "vinv-demo.h"

#include <string.h>
#include "vinv-config.h"

char *
vinv_demo_dir (void)
{
    const char *env = g_getenv ("VINV_DEMO_DIR");
    if (env != NULL && *env != '\0')
        return g_strdup (env);
    g_autofree char *source = g_build_filename (VINV_SOURCE_DATADIR, "demo", NULL);
    if (g_file_test (source, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&source);
    return g_build_filename (VINV_DATADIR, "demo", NULL);
}

char **
vinv_demo_uris (GError **error)
{
    g_autofree char *dir = vinv_demo_dir ();
    g_autofree char *path = g_build_filename (dir, "demo.uris", NULL);
    g_autofree char *text = NULL;

    if (!g_file_get_contents (path, &text, NULL, error))
        return NULL;

    g_autoptr (GStrvBuilder) uris = g_strv_builder_new ();
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
    guint n = 0;
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = g_strstrip (lines[i]);
        if (*line == '\0' || *line == '#')
            continue;
        if (strstr (line, "://") != NULL || g_str_has_prefix (line, "file:")) {
            g_strv_builder_add (uris, line);
        } else {
            g_autofree char *file = g_build_filename (dir, line, NULL);
            g_autofree char *abs = g_canonicalize_filename (file, NULL);
            g_autofree char *uri = g_strconcat ("test://", abs, NULL);
            g_strv_builder_add (uris, uri);
        }
        n++;
    }
    if (n == 0) {
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                     "%s lists no connection", path);
        return NULL;
    }
    return g_strv_builder_end (uris);
}
