/* fuzz-config.c — libFuzzer target for the configuration file: any bytes
 * are loaded; a file that loads is saved, and the saved file must load
 * again without any warning and save to the very same bytes, with the
 * same profiles and views (the round trip is stable).
 *
 * Uses one file in a private temporary directory (made once per process).
 */
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *
names (char **list)
{
    g_autofree char *joined = g_strjoinv ("\n", list);
    g_strfreev (list);
    return g_steal_pointer (&joined);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
    static char *path;
    g_autofree char *warning = NULL;
    g_autofree char *again_warning = NULL;
    g_autofree char *first = NULL;
    g_autofree char *second = NULL;
    g_autoptr (GError) error = NULL;

    if (path == NULL) {
        g_autofree char *dir = g_dir_make_tmp ("fuzz-config-XXXXXX", NULL);
        g_assert_nonnull (dir);
        path = g_build_filename (dir, "config.ini", NULL);
    }
    g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) size, NULL));
    g_autoptr (VinvConfig) config = vinv_config_load (path, &warning);
    if (!vinv_config_save (config, &error)) {
        /* refused only for a file that did not load, and then untouched */
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
        g_assert_nonnull (warning);
        gsize len = 0;
        g_autofree char *kept = NULL;
        g_assert_true (g_file_get_contents (path, &kept, &len, NULL));
        g_assert_true (len == size && memcmp (kept, data, size) == 0);
        return 0;
    }
    g_assert_true (g_file_get_contents (path, &first, NULL, NULL));

    g_autoptr (VinvConfig) again = vinv_config_load (path, &again_warning);
    if (again_warning != NULL)
        g_error ("the saved file does not load cleanly: %s\n--- saved:\n%s", again_warning,
                 first);
    g_autofree char *p1 = names (vinv_config_list_profiles (config));
    g_autofree char *p2 = names (vinv_config_list_profiles (again));
    g_assert_cmpstr (p1, ==, p2);
    g_autofree char *v1 = names (vinv_config_list_views (config));
    g_autofree char *v2 = names (vinv_config_list_views (again));
    g_assert_cmpstr (v1, ==, v2);
    g_autofree char *d1 = vinv_config_get_default_profile (config);
    g_autofree char *d2 = vinv_config_get_default_profile (again);
    g_assert_cmpstr (d1, ==, d2);

    g_assert_true (vinv_config_save (again, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &second, NULL, NULL));
    g_assert_cmpstr (first, ==, second);
    return 0;
}
