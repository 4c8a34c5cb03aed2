/* test-config.c — the configuration file (config.h).
 *
 * $XDG_CONFIG_HOME is set to a temporary directory before GLib reads it,
 * and every test starts with no virt-inventory directory in it, so the
 * default path is used for real and nothing touches the user's files.
 * (Not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks there, which would
 * fail sanitizer runs.)  Covers the round
 * trip of every group, the file's mode and atomic replacement, corrupt
 * files (reported with their line, left byte-identical, saving refused),
 * secrets never stored, unknown groups/keys/comments kept, and applying
 * and capturing settings on a real view of the VMs table.
 */
#include "core/config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Removes @path and everything under it. */
static void
remove_tree (const char *path)
{
    if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)) {
        g_autoptr (GDir) d = g_dir_open (path, 0, NULL);
        const char *name;
        while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
            g_autofree char *child = g_build_filename (path, name, NULL);
            remove_tree (child);
        }
        g_assert_cmpint (g_rmdir (path), ==, 0);
    } else if (g_file_test (path, G_FILE_TEST_EXISTS)) {
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static char *config_dir (void);

/* Every test starts without $XDG_CONFIG_HOME/virt-inventory. */
static void
fresh_setup (gpointer fixture, gconstpointer data)
{
    g_autofree char *dir = config_dir ();
    remove_tree (dir);
}

static void
fresh_teardown (gpointer fixture, gconstpointer data)
{
    g_autofree char *dir = config_dir ();
    remove_tree (dir);
}

static char *
config_dir (void)
{
    return g_build_filename (g_get_user_config_dir (), "virt-inventory", NULL);
}

static char *
write_config (const char *text, gssize len)
{
    g_autofree char *dir = config_dir ();
    char *path = g_build_filename (dir, "config.ini", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
    g_assert_true (g_file_set_contents (path, text, len, &error));
    g_assert_no_error (error);
    return path;
}

static char *
read_file (const char *path, gsize *len)
{
    g_autoptr (GError) error = NULL;
    char *text = NULL;

    g_assert_true (g_file_get_contents (path, &text, len, &error));
    g_assert_no_error (error);
    return text;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted, joined with ' '. */
static char *
list_dir (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    const char *name;

    g_assert_nonnull (d);
    while ((name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_default_path (gpointer fixture, gconstpointer data)
{
    g_autofree char *path = vinv_config_default_path ();
    g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "virt-inventory",
                                                  "config.ini", NULL);
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);

    g_assert_cmpstr (path, ==, expected);
    g_assert_cmpstr (vinv_config_get_path (config), ==, expected);
}

static void
test_missing_file (gpointer fixture, gconstpointer data)
{
    char *warning = (char *) "stale";   /* an out parameter: overwritten, not freed */
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, &warning);
    g_auto (GStrv) profiles = vinv_config_list_profiles (config);
    g_auto (GStrv) views = vinv_config_list_views (config);
    g_autofree char *def = vinv_config_get_default_profile (config);
    VinvTableSettings settings = { g_strdup ("x"), NULL, NULL };
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = config_dir ();
    g_autofree char *listing = NULL;
    struct stat st;

    g_assert_null (warning);
    g_assert_cmpuint (g_strv_length (profiles), ==, 0);
    g_assert_cmpuint (g_strv_length (views), ==, 0);
    g_assert_null (def);
    g_assert_null (vinv_config_get_profile (config, "lab"));
    g_assert_null (vinv_config_get_view (config, "mine"));
    g_assert_false (vinv_config_get_table_settings (config, "vms", &settings));
    g_assert_null (settings.columns);

    /* saving creates the directory (0700) and the file (0600) */
    g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (dir, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_cmpint (g_stat (vinv_config_get_path (config), &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    listing = list_dir (dir);
    g_assert_cmpstr (listing, ==, "config.ini");
}

static void
test_round_trip (gpointer fixture, gconstpointer data)
{
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);
    g_autoptr (GError) error = NULL;
    const char *lab_uris[] = { "ovirt://engine.example.com", "qemu+ssh://root@hv1/system;x",
                               NULL };
    const char *home_uris[] = { "qemu:///system", NULL };
    VinvProfile lab = { "lab", (char **) lab_uris, "admin@internal", "/etc/pki/ca.pem", FALSE };
    VinvProfile home = { "home sweet home", (char **) home_uris, NULL, NULL, TRUE };
    VinvTableSettings vms = { "name,status,memory", "-memory,name",
                              "status = up, memory > 4GB", };
    VinvTableSettings hosts = { NULL, "name", NULL };
    VinvNamedView view = { "big ones", "vms", { "name,memory", NULL,
                                                 " name = \"a;b\"\tand # not a comment\n" } };

    home.timeout = 90;
    vinv_config_set_profile (config, &lab);
    vinv_config_set_profile (config, &home);
    vinv_config_set_default_profile (config, "lab");
    vinv_config_set_table_settings (config, "vms", &vms);
    vinv_config_set_table_settings (config, "hosts", &hosts);
    vinv_config_set_view (config, &view);
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);

    g_autofree char *warning = NULL;
    g_autoptr (VinvConfig) again = vinv_config_load (NULL, &warning);
    g_assert_null (warning);

    g_auto (GStrv) profiles = vinv_config_list_profiles (again);
    g_assert_cmpuint (g_strv_length (profiles), ==, 2);
    g_assert_cmpstr (profiles[0], ==, "lab");
    g_assert_cmpstr (profiles[1], ==, "home sweet home");
    g_autofree char *def = vinv_config_get_default_profile (again);
    g_assert_cmpstr (def, ==, "lab");

    g_autoptr (VinvProfile) p = vinv_config_get_profile (again, "lab");
    g_assert_nonnull (p);
    g_assert_cmpstr (p->name, ==, "lab");
    g_assert_cmpstrv (p->uris, lab_uris);
    g_assert_cmpstr (p->user, ==, "admin@internal");
    g_assert_cmpstr (p->ca_file, ==, "/etc/pki/ca.pem");
    g_assert_false (p->insecure);
    g_assert_cmpuint (p->timeout, ==, 0);                /* not set: not written */
    g_autoptr (VinvProfile) h = vinv_config_get_profile (again, "home sweet home");
    g_assert_nonnull (h);
    g_assert_cmpstrv (h->uris, home_uris);
    g_assert_null (h->user);
    g_assert_null (h->ca_file);
    g_assert_true (h->insecure);
    g_assert_cmpuint (h->timeout, ==, 90);

    VinvTableSettings s = { NULL, NULL, NULL };
    g_assert_true (vinv_config_get_table_settings (again, "vms", &s));
    g_assert_cmpstr (s.columns, ==, vms.columns);
    g_assert_cmpstr (s.sort, ==, vms.sort);
    g_assert_cmpstr (s.filter, ==, vms.filter);
    g_assert_true (vinv_config_get_table_settings (again, "hosts", &s));
    g_assert_null (s.columns);
    g_assert_cmpstr (s.sort, ==, "name");
    g_assert_null (s.filter);
    g_assert_false (vinv_config_get_table_settings (again, "disks", &s));
    g_assert_null (s.sort);

    g_auto (GStrv) views = vinv_config_list_views (again);
    g_assert_cmpuint (g_strv_length (views), ==, 1);
    g_assert_cmpstr (views[0], ==, "big ones");
    g_autoptr (VinvNamedView) v = vinv_config_get_view (again, "big ones");
    g_assert_nonnull (v);
    g_assert_cmpstr (v->table, ==, "vms");
    g_assert_cmpstr (v->settings.columns, ==, "name,memory");
    g_assert_null (v->settings.sort);
    g_assert_cmpstr (v->settings.filter, ==, view.settings.filter);

    /* the documented layout */
    g_autofree char *text = read_file (vinv_config_get_path (again), NULL);
    g_assert_nonnull (strstr (text, "[general]\ndefault-profile=lab\n"));
    g_assert_nonnull (strstr (text, "[profile lab]\nuri=ovirt://engine.example.com;"));
    g_assert_nonnull (strstr (text, "user=admin@internal\n"));
    g_assert_nonnull (strstr (text, "ca-file=/etc/pki/ca.pem\ninsecure=false\n"));
    g_assert_nonnull (strstr (text, "insecure=true\ntimeout=90\n"));
    g_assert_null (strstr (text, "timeout=0"));
    g_assert_nonnull (strstr (text, "[table vms]\ncolumns=name;status;memory;\nsort=-memory,name\n"
                                    "filter=status = up, memory > 4GB\n"));
    g_assert_nonnull (strstr (text, "[view big ones]\ntable=vms\n"));

    /* removing */
    g_assert_true (vinv_config_remove_profile (again, "lab"));
    g_assert_false (vinv_config_remove_profile (again, "lab"));
    g_autofree char *def2 = vinv_config_get_default_profile (again);
    g_assert_null (def2);
    g_assert_true (vinv_config_remove_view (again, "big ones"));
    g_assert_false (vinv_config_remove_view (again, "big ones"));
    vinv_config_set_table_settings (again, "vms", NULL);
    g_assert_false (vinv_config_get_table_settings (again, "vms", &s));
    g_assert_true (vinv_config_save (again, &error));
    g_assert_no_error (error);
    g_autofree char *text2 = read_file (vinv_config_get_path (again), NULL);
    g_assert_null (strstr (text2, "[profile lab]"));
    g_assert_null (strstr (text2, "[table vms]"));
    g_assert_null (strstr (text2, "[view big ones]"));
    g_assert_nonnull (strstr (text2, "[profile home sweet home]"));
    vinv_table_settings_clear (&s);
}

/* Every save replaces the file whole: no temporary file is left, the mode
 * becomes 0600, and a file in GKeyFile's canonical form (a blank line
 * after the head comment) saved unchanged is byte-identical. */
static void
test_atomic_save (gpointer fixture, gconstpointer data)
{
    static const char canonical[] =
        "# virt-inventory configuration\n"
        "\n"
        "[general]\n"
        "default-profile=lab\n"
        "\n"
        "[profile lab]\n"
        "uri=qemu:///system;\n"
        "insecure=false\n";
    g_autofree char *path = write_config (canonical, -1);
    g_autofree char *dir = config_dir ();
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);
    g_autoptr (GError) error = NULL;
    struct stat st;

    g_assert_cmpint (g_chmod (path, 0644), ==, 0);
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_autofree char *same = read_file (path, NULL);
    g_assert_cmpstr (same, ==, canonical);
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    for (guint i = 0; i < 20; i++) {
        g_autofree char *name = g_strdup_printf ("p%u", i);
        const char *uris[] = { "test:///default", NULL };
        VinvProfile p = { name, (char **) uris, NULL, NULL, FALSE };
        vinv_config_set_profile (config, &p);
        g_assert_true (vinv_config_save (config, &error));
        g_assert_no_error (error);
    }
    g_autofree char *listing = list_dir (dir);
    g_assert_cmpstr (listing, ==, "config.ini");
    g_autoptr (VinvConfig) again = vinv_config_load (path, NULL);
    g_auto (GStrv) profiles = vinv_config_list_profiles (again);
    g_assert_cmpuint (g_strv_length (profiles), ==, 21);
}

/* Corrupt files: the warning names the file, the line and the problem;
 * the config is empty; saving fails and the file stays as it was. */
static void
test_corrupt (gpointer fixture, gconstpointer data)
{
    static const struct {
        const char *text;
        gsize len;               /* 0: strlen */
        const char *where;       /* after the path: ":LINE: ..." or ": ..." */
    } cases[] = {
        { "[general]\ndefault-profile=lab\nthis is junk\n", 0,
          ":3: 'this is junk' is not a [group], a key=value pair or a # comment" },
        { "default-profile=lab\n[general]\n", 0, ":1: key=value before the first [group]" },
        { "[general\ndefault-profile=lab\n", 0, ":1: bad group header '[general'" },
        { "[general]\ndefault-profile=l\xff" "ab\n", 0, ":2: invalid UTF-8" },
        { "[general]\ndefault-profile=l\0ab\n", 31, ":2: NUL byte in the text" },
        { "[profile lab]\nuri=qemu:///system\n\ninsecure = maybe\n", 0,
          ":4: [profile lab] insecure: 'maybe' is not true or false" },
        { "[profile lab]\nuri=qemu:///system\ntimeout=0\n", 0,
          ":3: [profile lab] timeout: '0' is not a number of seconds from 1 to 86400" },
        { "[profile lab]\nuri=qemu:///system\ntimeout=1 min\n", 0,
          ":3: [profile lab] timeout: '1 min' is not a number of seconds from 1 to 86400" },
        { "[profile lab]\nuser=admin\n", 0, ": [profile lab] has no uri=" },
        { "[profile lab]\nuri=\n", 0, ":2: [profile lab] uri: must not be empty" },
        { "[view mine]\ncolumns=name;\n", 0, ": [view mine] has no table=" },
        { "[table vms]\nsort=name\nfilter=a\\qb\n", 0, ":3: [table vms] filter: " },
        { "[ui]\ncache=sometimes\n", 0, ":2: [ui] cache: 'sometimes' is not true or false" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        gsize len = cases[i].len != 0 ? cases[i].len : strlen (cases[i].text);
        g_autofree char *path = write_config (cases[i].text, (gssize) len);
        g_autofree char *dir = config_dir ();
        g_autofree char *warning = NULL;
        g_autofree char *expected = g_strconcat (path, cases[i].where, NULL);
        g_autoptr (VinvConfig) config = vinv_config_load (path, &warning);
        g_autoptr (GError) error = NULL;
        const char *uris[] = { "test:///default", NULL };
        VinvProfile p = { "new", (char **) uris, NULL, NULL, FALSE };
        VinvTableSettings s = { NULL, NULL, NULL };

        g_test_message ("case %u: %s", i, warning);
        g_assert_nonnull (warning);
        g_assert_true (g_str_has_prefix (warning, expected));
        g_assert_nonnull (strstr (warning, "leaving the file untouched"));

        g_auto (GStrv) profiles = vinv_config_list_profiles (config);
        g_assert_cmpuint (g_strv_length (profiles), ==, 0);
        g_assert_false (vinv_config_get_table_settings (config, "vms", &s));

        vinv_config_set_profile (config, &p);
        g_assert_false (vinv_config_save (config, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
        g_assert_nonnull (strstr (error->message, path));
        g_assert_nonnull (strstr (error->message, "fix or remove"));

        gsize after_len = 0;
        g_autofree char *after = read_file (path, &after_len);
        g_assert_cmpmem (after, after_len, cases[i].text, len);
        g_autofree char *listing = list_dir (dir);
        g_assert_cmpstr (listing, ==, "config.ini");
    }
}

/* A path that cannot be read as a file is reported and never written. */
static void
test_unreadable (gpointer fixture, gconstpointer data)
{
    g_autofree char *dir = config_dir ();
    g_autofree char *path = g_build_filename (dir, "config.ini", NULL);
    g_autofree char *warning = NULL;
    g_autoptr (GError) error = NULL;

    g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
    g_autoptr (VinvConfig) config = vinv_config_load (path, &warning);
    g_assert_nonnull (warning);
    g_assert_nonnull (strstr (warning, path));
    g_assert_false (vinv_config_save (config, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY);
    g_assert_true (g_file_test (path, G_FILE_TEST_IS_DIR));
}

/* Password-like keys and URI passwords are dropped with a warning that
 * does not repeat them, and are never written. */
static void
test_secrets (gpointer fixture, gconstpointer data)
{
    static const char text[] =
        "[profile lab]\n"
        "uri=ovirt://admin%40internal:s3cr3t-uri@engine.example.com/;qemu:///system;\n"
        "user=admin@internal\n"
        "password=hunter2-pw\n"
        "Token = tok-abc-123\n"
        "insecure=true\n"
        "\n"
        "[profile other]\n"
        "uri=test:///default\n"
        "api_secret=sec-xyz\n"
        "\n"
        "[notes]\n"
        "remember=this\n";
    g_autofree char *path = write_config (text, -1);
    g_autofree char *warning = NULL;
    g_autoptr (VinvConfig) config = vinv_config_load (path, &warning);
    g_autoptr (GError) error = NULL;
    static const char *const secrets[] = { "hunter2-pw", "tok-abc-123", "s3cr3t-uri",
                                           "sec-xyz" };

    g_assert_nonnull (warning);
    g_test_message ("%s", warning);
    g_assert_true (g_str_has_prefix (warning, path));
    g_assert_nonnull (strstr (warning, "'password' in [profile lab]"));
    g_assert_nonnull (strstr (warning, "'Token' in [profile lab]"));
    g_assert_nonnull (strstr (warning, "'api_secret' in [profile other]"));
    g_assert_nonnull (strstr (warning, "a password in a uri of [profile lab]"));
    for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        g_assert_null (strstr (warning, secrets[i]));

    g_autoptr (VinvProfile) p = vinv_config_get_profile (config, "lab");
    g_assert_nonnull (p);
    g_assert_cmpstr (p->uris[0], ==, "ovirt://admin%40internal@engine.example.com/");
    g_assert_cmpstr (p->uris[1], ==, "qemu:///system");
    g_assert_cmpstr (p->user, ==, "admin@internal");
    g_assert_true (p->insecure);

    /* a password given in a URI through the API is not stored either */
    const char *uris[] = { "ovirt+http://bob:pw-in-api@127.0.0.1:8080", NULL };
    VinvProfile bob = { "bob", (char **) uris, NULL, NULL, FALSE };
    vinv_config_set_profile (config, &bob);
    g_autoptr (VinvProfile) b = vinv_config_get_profile (config, "bob");
    g_assert_cmpstr (b->uris[0], ==, "ovirt+http://bob@127.0.0.1:8080");

    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_autofree char *saved = read_file (path, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
        g_assert_null (strstr (saved, secrets[i]));
    g_assert_null (strstr (saved, "pw-in-api"));
    g_assert_null (strstr (saved, "password"));
    g_assert_null (strstr (saved, "Token"));
    g_assert_nonnull (strstr (saved, "[notes]\nremember=this\n"));

    /* the saved file loads without a warning */
    g_autofree char *warning2 = NULL;
    g_autoptr (VinvConfig) again = vinv_config_load (path, &warning2);
    g_assert_null (warning2);
}

/* URIs without a password are stored exactly as given. */
static void
test_uri_kept (gpointer fixture, gconstpointer data)
{
    static const char *const uris[] = {
        "qemu:///system", "qemu+ssh://root@hv1.example.com/system?keyfile=/k:x",
        "ovirt://engine.example.com:8443", "file:/tmp/snap:1.json", "test:///default",
        "ovirt://[::1]:8443/", NULL,
    };
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);
    VinvProfile p = { "many", (char **) uris, NULL, NULL, FALSE };
    g_autofree char *warning = NULL;
    g_autoptr (GError) error = NULL;

    vinv_config_set_profile (config, &p);
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_autoptr (VinvConfig) again = vinv_config_load (NULL, &warning);
    g_assert_null (warning);
    g_autoptr (VinvProfile) q = vinv_config_get_profile (again, "many");
    g_assert_cmpstrv (q->uris, uris);
}

/* Groups and keys we do not know, and comments, survive a save. */
static void
test_unknown_kept (gpointer fixture, gconstpointer data)
{
    static const char text[] =
        "# top comment\n"
        "[general]\n"
        "default-profile=lab\n"
        "theme=dark\n"
        "\n"
        "# the lab\n"
        "[profile lab]\n"
        "uri=qemu:///system;\n"
        "color=blue\n"
        "\n"
        "[plugins]\n"
        "# enabled plugins\n"
        "enabled=a;b;\n"
        "name[de]=Erweiterungen\n";
    g_autofree char *path = write_config (text, -1);
    g_autoptr (VinvConfig) config = vinv_config_load (path, NULL);
    g_autoptr (GError) error = NULL;
    const char *uris[] = { "test:///default", NULL };
    VinvProfile lab = { "lab", (char **) uris, "me", NULL, TRUE };
    VinvTableSettings s = { "name", NULL, NULL };

    vinv_config_set_profile (config, &lab);
    vinv_config_set_default_profile (config, "lab");
    vinv_config_set_table_settings (config, "vms", &s);
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);

    g_autofree char *saved = read_file (path, NULL);
    g_test_message ("%s", saved);
    /* comments stay (GKeyFile may move blank lines around them) */
    g_assert_true (g_str_has_prefix (saved, "# top comment\n"));
    g_assert_nonnull (strstr (saved, "# the lab\n"));
    g_assert_nonnull (strstr (saved, "[plugins]\n# enabled plugins\nenabled=a;b;\n"
                                     "name[de]=Erweiterungen\n"));

    /* unknown keys stay in their groups, known ones changed */
    g_autoptr (GKeyFile) kf = g_key_file_new ();
    g_assert_true (g_key_file_load_from_data (kf, saved, (gsize) -1, G_KEY_FILE_NONE, &error));
    g_assert_no_error (error);
    g_autofree char *theme = g_key_file_get_string (kf, "general", "theme", NULL);
    g_autofree char *color = g_key_file_get_string (kf, "profile lab", "color", NULL);
    g_autofree char *uri = g_key_file_get_value (kf, "profile lab", "uri", NULL);
    g_autofree char *user = g_key_file_get_string (kf, "profile lab", "user", NULL);
    g_autofree char *enabled = g_key_file_get_value (kf, "plugins", "enabled", NULL);
    g_autofree char *columns = g_key_file_get_value (kf, "table vms", "columns", NULL);
    g_assert_cmpstr (theme, ==, "dark");
    g_assert_cmpstr (color, ==, "blue");
    g_assert_cmpstr (uri, ==, "test:///default;");
    g_assert_cmpstr (user, ==, "me");
    g_assert_cmpstr (enabled, ==, "a;b;");
    g_assert_cmpstr (columns, ==, "name;");

    /* and the result is stable: loading and saving it again changes nothing */
    g_autoptr (VinvConfig) again = vinv_config_load (path, NULL);
    g_assert_true (vinv_config_save (again, &error));
    g_assert_no_error (error);
    g_autofree char *saved2 = read_file (path, NULL);
    g_assert_cmpstr (saved2, ==, saved);
}

/* ---- settings on a real view ---- */

static VinvTable *
make_vms (void)
{
    VinvTable *t = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    static const struct {
        const char *name;
        const char *status;
        double mb;
    } vms[] = {
        { "web1", "up", 4096 }, { "web2", "down", 2048 }, { "db1", "up", 16384 },
        { "db2", "up", 1024 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (vms); i++) {
        g_autofree char *id = g_strdup_printf ("vm-%u", i);
        guint r = vinv_table_add_row (t, "lab", id);
        vinv_table_set_string (t, r, VINV_VM_NAME, vms[i].name);
        vinv_table_set_string (t, r, VINV_VM_STATUS, vms[i].status);
        vinv_table_set_quantity (t, r, VINV_VM_MEMORY, vms[i].mb * 1024 * 1024);
    }
    return t;
}

static void
test_apply_capture (gpointer fixture, gconstpointer data)
{
    g_autoptr (VinvTable) t = make_vms ();
    g_autoptr (VinvView) view = vinv_view_new (t, NULL);
    g_autoptr (VinvView) fresh = vinv_view_new (t, NULL);
    g_autoptr (GError) error = NULL;
    VinvTableSettings in = { "name,memory,status", "-memory", "status = up" };
    VinvTableSettings out = { NULL, NULL, NULL };
    VinvTableSettings back = { NULL, NULL, NULL };

    g_assert_true (vinv_table_settings_apply (&in, view, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_view_get_n_columns (view), ==, 3);
    g_assert_cmpuint (vinv_view_get_column (view, 0), ==, VINV_VM_NAME);
    g_assert_cmpuint (vinv_view_get_column (view, 1), ==, VINV_VM_MEMORY);
    g_assert_cmpuint (vinv_view_get_column (view, 2), ==, VINV_VM_STATUS);
    g_assert_cmpuint (vinv_view_get_n_rows (view), ==, 3);
    g_assert_cmpuint (vinv_view_get_row (view, 0), ==, 2);   /* db1, 16 GB */
    g_assert_cmpuint (vinv_view_get_row (view, 1), ==, 0);   /* web1 */
    g_assert_cmpuint (vinv_view_get_row (view, 2), ==, 3);   /* db2 */

    vinv_table_settings_capture (&out, view);
    g_assert_cmpstr (out.columns, ==, in.columns);
    g_assert_cmpstr (out.sort, ==, in.sort);
    g_assert_cmpstr (out.filter, ==, in.filter);

    /* through the file and onto another view */
    {
        g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);
        vinv_config_set_table_settings (config, "vms", &out);
        g_assert_true (vinv_config_save (config, &error));
        g_assert_no_error (error);
    }
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, NULL);
    g_assert_true (vinv_config_get_table_settings (config, "vms", &back));
    g_assert_true (vinv_table_settings_apply (&back, fresh, &error));
    g_assert_no_error (error);
    g_autofree char *c1 = vinv_view_dup_columns_text (fresh);
    g_autofree char *s1 = vinv_view_dup_sort_text (fresh);
    g_assert_cmpstr (c1, ==, "name,memory,status");
    g_assert_cmpstr (s1, ==, "-memory");
    g_assert_cmpstr (vinv_view_get_filter_text (fresh), ==, "status = up");
    g_assert_cmpuint (vinv_view_get_n_rows (fresh), ==, 3);

    /* an empty view captures as columns only */
    g_autoptr (VinvView) plain = vinv_view_new (t, NULL);
    vinv_table_settings_capture (&out, plain);
    g_assert_nonnull (out.columns);
    g_assert_null (out.sort);
    g_assert_null (out.filter);

    vinv_table_settings_clear (&out);
    vinv_table_settings_clear (&back);
    vinv_table_settings_clear (&back);   /* clearing twice is fine */
}

/* A failing part is reported (the first one) and the others still apply. */
static void
test_apply_partial (gpointer fixture, gconstpointer data)
{
    static const struct {
        VinvTableSettings s;
        const char *error_prefix;
        guint n_columns;         /* after apply */
        guint n_sort_keys;
        const char *filter;
    } cases[] = {
        { { "name,no_such_column", "-memory", "status = up" }, "columns: ", 0, 1,
          "status = up" },
        { { "name,status", "-no_such_column", "status = up" }, "sort: ", 2, 0,
          "status = up" },
        { { "name,status", "-memory", "(status = up" }, "filter: ", 2, 1, "" },
        { { "bogus", "bogus", "(" }, "columns: ", 0, 0, "" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autoptr (VinvTable) t = make_vms ();
        g_autoptr (VinvView) view = vinv_view_new (t, NULL);
        g_autoptr (GError) error = NULL;
        guint n_default = vinv_view_get_n_columns (view);

        g_assert_false (vinv_table_settings_apply (&cases[i].s, view, &error));
        g_assert_nonnull (error);
        g_test_message ("case %u: %s", i, error->message);
        g_assert_true (g_str_has_prefix (error->message, cases[i].error_prefix));
        if (i == 0)
            g_assert_nonnull (strstr (error->message, "no_such_column"));
        g_assert_cmpuint (vinv_view_get_n_columns (view), ==,
                          cases[i].n_columns != 0 ? cases[i].n_columns : n_default);
        g_assert_cmpuint (vinv_view_get_n_sort_keys (view), ==, cases[i].n_sort_keys);
        g_assert_cmpstr (vinv_view_get_filter_text (view), ==, cases[i].filter);
    }
}

/* Each test runs between fresh_setup() and fresh_teardown(). */
/* Duplicate keys: each is reported with its file and line, the last one
 * wins in every accessor and check (the password check included), and the
 * saved file keeps only that one, so a password hidden in an earlier
 * duplicate never survives a save and the file reloads whole. */
static void
test_duplicates (gpointer fixture, gconstpointer data)
{
    static const char text[] =
        "[profile lab]\n"                                    /* 1 */
        "uri=ovirt://admin:dup-s3cret@engine.example.com\n"  /* 2: hidden by line 5 */
        "user=admin@internal\n"                              /* 3 */
        "# the one that counts\n"                            /* 4 */
        "uri=ovirt://engine.example.com\n"                   /* 5 */
        "[view mine]\n"                                      /* 6 */
        "table=hosts\n"                                      /* 7 */
        "table=vms\n"                                        /* 8 */
        "filter=status = up\n"                               /* 9 */
        "[profile lab]\n"                                    /* 10: the same group again */
        "insecure=true\n"                                    /* 11 */
        "user=root@internal\n"                               /* 12 */
        "[profile other]\n"                                  /* 13 */
        "uri=qemu:///system\n"                               /* 14 */
        "uri=ovirt://x:last-s3cret@e2\n";                    /* 15: wins, password dropped */
    g_autofree char *path = write_config (text, -1);
    g_autofree char *warning = NULL;
    g_autoptr (VinvConfig) config = vinv_config_load (NULL, &warning);
    g_autoptr (GError) error = NULL;

    g_assert_nonnull (warning);
    g_test_message ("%s", warning);
    g_assert_null (strchr (warning, '\n'));
    g_assert_null (strstr (warning, "s3cret"));
    g_autofree char *line2 = g_strdup_printf ("%s:2: duplicate key 'uri' in [profile lab]",
                                              path);
    g_assert_nonnull (strstr (warning, line2));
    g_assert_nonnull (strstr (warning, "line 5 is used"));
    g_assert_nonnull (strstr (warning, "3 more"));
    g_assert_nonnull (strstr (warning, "a password in a uri of [profile other]"));

    g_autoptr (VinvProfile) lab = vinv_config_get_profile (config, "lab");
    g_assert_nonnull (lab);
    const char *const lab_uris[] = { "ovirt://engine.example.com", NULL };
    g_assert_cmpstrv (lab->uris, lab_uris);
    g_assert_cmpstr (lab->user, ==, "root@internal");
    g_assert_true (lab->insecure);
    g_autoptr (VinvProfile) other = vinv_config_get_profile (config, "other");
    const char *const other_uris[] = { "ovirt://x@e2", NULL };
    g_assert_cmpstrv (other->uris, other_uris);
    g_autoptr (VinvNamedView) view = vinv_config_get_view (config, "mine");
    g_assert_cmpstr (view->table, ==, "vms");

    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_autofree char *saved = read_file (path, NULL);
    g_test_message ("saved:\n%s", saved);
    g_assert_null (strstr (saved, "s3cret"));
    g_assert_null (strstr (saved, "table=hosts"));
    g_assert_null (strstr (saved, "user=admin@internal"));

    g_autofree char *again_warning = NULL;
    g_autoptr (VinvConfig) again = vinv_config_load (NULL, &again_warning);
    g_assert_null (again_warning);
    g_auto (GStrv) names = vinv_config_list_profiles (again);
    const char *const want_names[] = { "lab", "other", NULL };
    g_assert_cmpstrv (names, want_names);
    g_autoptr (VinvProfile) lab2 = vinv_config_get_profile (again, "lab");
    g_assert_cmpstrv (lab2->uris, lab_uris);
    g_assert_cmpstr (lab2->user, ==, "root@internal");
}

/* A duplicate whose last value is broken breaks the file (the last one
 * is the one checked); one whose earlier value is broken does not. */
static void
test_duplicate_checked (gpointer fixture, gconstpointer data)
{
    g_autofree char *warning = NULL;

    g_free (write_config ("[profile a]\nuri=qemu:///system\ninsecure=maybe\ninsecure=true\n", -1));
    g_autoptr (VinvConfig) ok = vinv_config_load (NULL, &warning);
    g_assert_nonnull (warning);
    g_assert_nonnull (strstr (warning, ":3: duplicate key 'insecure' in [profile a]"));
    g_autoptr (VinvProfile) a = vinv_config_get_profile (ok, "a");
    g_assert_nonnull (a);
    g_assert_true (a->insecure);
    g_clear_pointer (&warning, g_free);

    g_free (write_config ("[profile a]\nuri=qemu:///system\ninsecure=true\ninsecure=maybe\n", -1));
    g_autoptr (VinvConfig) bad = vinv_config_load (NULL, &warning);
    g_assert_nonnull (warning);
    g_assert_nonnull (strstr (warning, ":4: [profile a] insecure: 'maybe' is not true or false"));
    g_assert_null (vinv_config_get_profile (bad, "a"));
}

/* Line ends: CR LF, and stray CRs at a line end (found by fuzz-config),
 * are saved as LF at once, so load -> save -> load -> save changes
 * nothing the second time. */
static void
test_line_ends (gpointer fixture, gconstpointer data)
{
    static const char *const texts[] = {
        "\r",
        "\r\r\n\r",
        "[general]\r\ndefault-profile=lab\r\n\r\n[profile lab]\r\nuri=qemu:///system\r\r\n",
        "# comment\r\n[table vms]\nsort=name\r",
    };
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
        g_autofree char *path = write_config (texts[i], -1);
        g_autofree char *warning = NULL;
        g_autoptr (GError) error = NULL;
        g_autoptr (VinvConfig) config = vinv_config_load (NULL, &warning);
        g_assert_null (warning);
        g_assert_true (vinv_config_save (config, &error));
        g_autofree char *first = read_file (path, NULL);
        g_assert_null (strchr (first, '\r'));
        g_autoptr (VinvConfig) again = vinv_config_load (NULL, &warning);
        g_assert_null (warning);
        g_assert_true (vinv_config_save (again, &error));
        g_autofree char *second = read_file (path, NULL);
        g_assert_cmpstr (first, ==, second);
    }
    g_autoptr (VinvConfig) last = vinv_config_load (NULL, NULL);
    VinvTableSettings settings = { 0 };
    g_assert_true (vinv_config_get_table_settings (last, "vms", &settings));
    g_assert_cmpstr (settings.sort, ==, "name");
    vinv_table_settings_clear (&settings);
}

/* [ui] cache: on unless set to false; set writes it, TRUE removes it. */
static void
test_cache_setting (gpointer fixture, gconstpointer data)
{
    g_autofree char *path = write_config ("[ui]\ncache=false\n", -1);
    g_autoptr (VinvConfig) config = vinv_config_load (path, NULL);
    g_autofree char *dir = config_dir ();
    g_autofree char *missing = g_build_filename (dir, "missing.ini", NULL);
    g_autoptr (VinvConfig) empty = vinv_config_load (missing, NULL);
    g_autoptr (GError) error = NULL;
    g_autofree char *text = NULL;

    g_assert_false (vinv_config_get_cache (config));
    g_assert_true (vinv_config_get_cache (empty));
    g_assert_true (vinv_config_get_cache (NULL));
    vinv_config_set_cache (config, TRUE);
    g_assert_true (vinv_config_get_cache (config));
    g_assert_true (vinv_config_save (config, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &text, NULL, &error));
    g_assert_null (strstr (text, "cache="));
    vinv_config_set_cache (config, FALSE);
    g_assert_true (vinv_config_save (config, &error));
    g_autoptr (VinvConfig) again = vinv_config_load (path, NULL);
    g_assert_false (vinv_config_get_cache (again));
}

#define ADD(path, func) g_test_add_vtable (path, 0, NULL, fresh_setup, func, fresh_teardown)

int
main (int argc, char **argv)
{
    g_autofree char *home = g_dir_make_tmp ("test-config-XXXXXX", NULL);
    int status;

    g_assert_nonnull (home);
    g_setenv ("XDG_CONFIG_HOME", home, TRUE);
    g_test_init (&argc, &argv, NULL);
    g_assert_true (g_str_has_prefix (g_get_user_config_dir (), home));

    ADD ("/config/default-path", test_default_path);
    ADD ("/config/missing-file", test_missing_file);
    ADD ("/config/round-trip", test_round_trip);
    ADD ("/config/atomic-save", test_atomic_save);
    ADD ("/config/corrupt", test_corrupt);
    ADD ("/config/unreadable", test_unreadable);
    ADD ("/config/secrets", test_secrets);
    ADD ("/config/uri-kept", test_uri_kept);
    ADD ("/config/duplicates", test_duplicates);
    ADD ("/config/duplicate-checked", test_duplicate_checked);
    ADD ("/config/line-ends", test_line_ends);
    ADD ("/config/unknown-kept", test_unknown_kept);
    ADD ("/config/apply-capture", test_apply_capture);
    ADD ("/config/apply-partial", test_apply_partial);
    ADD ("/config/cache-setting", test_cache_setting);
    status = g_test_run ();
    remove_tree (home);
    return status;
}
