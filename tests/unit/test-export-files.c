/* test-export-files.c — writing export files (export-files.h).
 *
 * Everything runs on real files in a fresh temporary directory: the
 * format table and the layout, new files and their content, refusing to
 * overwrite without force, standard output, devices and a FIFO, symbolic
 * links (to a file outside, dangling, to a directory, to a device),
 * permissions under umask 022 and 077, and above all failures: a writer
 * that fails half-way (one file and a set of files), a file size limit
 * (RLIMIT_FSIZE), a full file system (a 64 KiB tmpfs, as root, in a child
 * process with its own mount namespace), cancellation and a rename that
 * fails after others succeeded.  After each failure the old files must be
 * byte-identical and the directory must hold no temporary.
 */
#define _GNU_SOURCE
#include "core/export-files.h"
#include "core/tables.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gstdio.h>

/* ---- fixtures ---- */

/* A table of @kind with @n_rows rows named "KIND-name-N" padded to about
 * 60 bytes, so the size of an export is easy to steer. */
static VinvTable *
make_table (VinvTableKind kind, guint name_column, guint n_rows)
{
    VinvTable *table = vinv_table_new (vinv_schema_get (kind));
    const VinvSchema *schema = vinv_schema_get (kind);

    for (guint i = 0; i < n_rows; i++) {
        g_autofree char *id = g_strdup_printf ("id-%u", i);
        g_autofree char *name = g_strdup_printf ("%s-name-%06u-%s", schema->id, i,
                                                 "padding-padding-padding-padding-pad");
        guint row = vinv_table_add_row (table, "src", id);
        vinv_table_set_string (table, row, name_column, name);
    }
    return table;
}

typedef struct {
    char *dir;                   /* fresh temporary directory */
    VinvTable *tables[3];        /* VMs (small), hosts (small), disks (big) */
    VinvView *views[3];
    const char *titles[3];
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;

    f->dir = g_dir_make_tmp ("vinv-export-files-XXXXXX", &error);
    g_assert_no_error (error);
    f->tables[0] = make_table (VINV_TABLE_VM, VINV_VM_NAME, 3);
    f->tables[1] = make_table (VINV_TABLE_HOST, VINV_HOST_NAME, 2);
    f->tables[2] = make_table (VINV_TABLE_DISK, VINV_DISK_NAME, 5000);   /* over 300 KB as CSV */
    for (guint i = 0; i < 3; i++) {
        f->views[i] = vinv_view_new (f->tables[i], NULL);
        f->titles[i] = vinv_table_get_schema (f->tables[i])->title;
    }
}

static void
remove_tree (const char *path)
{
    GDir *dir = g_dir_open (path, 0, NULL);
    const char *name;

    if (dir != NULL) {
        while ((name = g_dir_read_name (dir)) != NULL) {
            g_autofree char *child = g_build_filename (path, name, NULL);
            struct stat st;
            if (lstat (child, &st) == 0 && S_ISDIR (st.st_mode))
                remove_tree (child);
            else
                g_unlink (child);
        }
        g_dir_close (dir);
    }
    g_rmdir (path);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
    for (guint i = 0; i < 3; i++) {
        vinv_view_free (f->views[i]);
        vinv_table_unref (f->tables[i]);
    }
    remove_tree (f->dir);
    g_free (f->dir);
}

static char *
path_in (const Fixture *f, const char *name)
{
    return g_build_filename (f->dir, name, NULL);
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* The names in @dir, sorted and joined by " " ("" if empty): hidden
 * temporaries and backups show here. */
static char *
list_dir (const char *dir)
{
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    GDir *d = g_dir_open (dir, 0, NULL);
    const char *name;

    g_assert_nonnull (d);
    while ((name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_dir_close (d);
    g_ptr_array_sort (names, compare_names);
    g_ptr_array_add (names, NULL);
    return g_strjoinv (" ", (char **) names->pdata);
}

/* Writes @len bytes of a fixed pseudo-random pattern (NULs and high bytes
 * included) to @path, and returns them (owned) for comparison. */
static GBytes *
write_old_file (const char *path, gsize len)
{
    guint8 *data = g_malloc (len);
    GRand *rand = g_rand_new_with_seed ((guint32) len);
    g_autoptr (GError) error = NULL;

    for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_rand_int_range (rand, 0, 256);
    g_rand_free (rand);
    g_file_set_contents (path, (const char *) data, (gssize) len, &error);
    g_assert_no_error (error);
    return g_bytes_new_take (data, len);
}

static void
assert_file_is (const char *path, GBytes *expected)
{
    g_autofree char *content = NULL;
    gsize len = 0;
    g_autoptr (GError) error = NULL;

    g_file_get_contents (path, &content, &len, &error);
    g_assert_no_error (error);
    g_assert_cmpmem (content, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
}

/* What the core's exporters write for @views in @format, to compare. */
static GBytes *
expected_export (VinvExportFormat format, VinvView *const *views, const char *const *titles,
                 guint n)
{
    g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
    g_autoptr (GError) error = NULL;

    if (format == VINV_EXPORT_JSON)
        vinv_export_views_json (views, titles, n, out, NULL, &error);
    else
        vinv_export_view (views[0], titles[0], format, out, NULL, &error);
    g_assert_no_error (error);
    g_output_stream_close (out, NULL, NULL);
    return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static VinvExportFiles *
plan (const VinvExportFileFormat *format, VinvView *const *views, const char *const *titles,
      guint n, const char *output, const char *dir)
{
    g_autoptr (GError) error = NULL;
    VinvExportFiles *files = vinv_export_files_new (format, views, titles, n, output, dir,
                                                    &error);
    g_assert_no_error (error);
    g_assert_nonnull (files);
    return files;
}

#define CSV vinv_export_file_format_get (VINV_EXPORT_CSV)
#define JSON vinv_export_file_format_get (VINV_EXPORT_JSON)

/* ---- the format table and the layout ---- */

static void
test_formats (void)
{
    g_assert_true (vinv_export_format_is_available (VINV_EXPORT_CSV));
    g_assert_true (vinv_export_format_is_available (VINV_EXPORT_JSON));
    g_assert_true (vinv_export_format_is_available (VINV_EXPORT_XLSX));
    g_assert_false (vinv_export_format_needs_dir (VINV_EXPORT_XLSX, 7));
    g_assert_cmpint (CSV->layout, ==, VINV_EXPORT_LAYOUT_PER_TABLE);
    g_assert_cmpint (JSON->layout, ==, VINV_EXPORT_LAYOUT_ONE_FILE);
    g_assert_cmpstr (vinv_export_file_format_get (VINV_EXPORT_XLSX)->label, ==, "Excel (XLSX)");
    for (guint f = 0; f < VINV_EXPORT_LAST; f++)
        g_assert_cmpint (vinv_export_file_format_get ((VinvExportFormat) f)->format, ==, f);

    g_assert_true (vinv_export_format_needs_dir (VINV_EXPORT_CSV, 2));
    g_assert_false (vinv_export_format_needs_dir (VINV_EXPORT_CSV, 1));
    g_assert_false (vinv_export_format_needs_dir (VINV_EXPORT_JSON, 7));

    g_autofree char *vms = vinv_export_dup_file_name (VINV_EXPORT_CSV,
                                                      vinv_schema_get (VINV_TABLE_VM));
    g_autofree char *all = vinv_export_dup_file_name (VINV_EXPORT_JSON, NULL);
    g_assert_cmpstr (vms, ==, "vms.csv");
    g_assert_cmpstr (all, ==, "inventory.json");
}

static void
test_layout (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;

    /* per table in a directory, in the order given */
    g_autoptr (VinvExportFiles) csv = plan (CSV, f->views, f->titles, 3, NULL, "out/x");
    g_assert_cmpuint (vinv_export_files_get_n_files (csv), ==, 3);
    g_assert_cmpstr (vinv_export_files_get_path (csv, 0), ==, "out/x/vms.csv");
    g_assert_cmpstr (vinv_export_files_get_path (csv, 1), ==, "out/x/hosts.csv");
    g_assert_cmpstr (vinv_export_files_get_path (csv, 2), ==, "out/x/disks.csv");
    g_assert_false (vinv_export_files_is_stdout (csv));

    /* the current directory: plain names */
    g_autoptr (VinvExportFiles) cwd = plan (CSV, f->views + 1, f->titles + 1, 1, NULL, NULL);
    g_assert_cmpstr (vinv_export_files_get_path (cwd, 0), ==, "hosts.csv");

    /* one file for every table */
    g_autoptr (VinvExportFiles) json = plan (JSON, f->views, f->titles, 3, NULL, "out");
    g_assert_cmpuint (vinv_export_files_get_n_files (json), ==, 1);
    g_assert_cmpstr (vinv_export_files_get_path (json, 0), ==, "out/inventory.json");
    g_autoptr (VinvExportFiles) named = plan (JSON, f->views, f->titles, 3, "a/b.json", NULL);
    g_assert_cmpstr (vinv_export_files_get_path (named, 0), ==, "a/b.json");
    g_autoptr (VinvExportFiles) dash = plan (JSON, f->views, f->titles, 3, "-", NULL);
    g_assert_true (vinv_export_files_is_stdout (dash));
    g_autoptr (VinvExportFiles) dev = plan (CSV, f->views, f->titles, 1, "/dev/stdout", NULL);
    g_assert_true (vinv_export_files_is_stdout (dev));

    /* what a format cannot take */
    g_assert_null (vinv_export_files_new (CSV, f->views, f->titles, 2, "x.csv", NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    VinvView *twice[] = { f->views[0], f->views[0] };
    g_assert_null (vinv_export_files_new (CSV, twice, NULL, 2, NULL, "out", &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_null (vinv_export_files_new (CSV, f->views, f->titles, 1, "", NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    /* XLSX has its writer (export-xlsx.c): one workbook for every table */
    g_assert_true (vinv_export_format_is_available (VINV_EXPORT_XLSX));
    VinvExportFiles *xlsx = vinv_export_files_new (vinv_export_file_format_get (VINV_EXPORT_XLSX),
                                                   f->views, f->titles, 2, "x.xlsx", NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (vinv_export_files_get_n_files (xlsx), ==, 1);
    vinv_export_files_free (xlsx);
}

/* ---- writing ---- */

static void
test_new_files (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *out = path_in (f, "a/b");

    /* a directory that does not exist is created, with its parents */
    g_autoptr (VinvExportFiles) csv = plan (CSV, f->views, f->titles, 3, NULL, out);
    g_autoptr (GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
    g_assert_true (vinv_export_files_check (csv, FALSE, problems));
    g_assert_cmpuint (problems->len, ==, 0);
    g_assert_true (vinv_export_files_write (csv, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_autofree char *names = list_dir (out);
    g_assert_cmpstr (names, ==, "disks.csv hosts.csv vms.csv");
    for (guint i = 0; i < 3; i++) {
        g_autoptr (GBytes) expected = expected_export (VINV_EXPORT_CSV, &f->views[i],
                                                       &f->titles[i], 1);
        assert_file_is (vinv_export_files_get_path (csv, i), expected);
    }

    /* one JSON document in a directory */
    g_autoptr (VinvExportFiles) json = plan (JSON, f->views, f->titles, 2, NULL, out);
    g_assert_true (vinv_export_files_write (json, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_autoptr (GBytes) expected = expected_export (VINV_EXPORT_JSON, f->views, f->titles, 2);
    g_autofree char *inventory = g_build_filename (out, "inventory.json", NULL);
    assert_file_is (inventory, expected);
    g_clear_pointer (&names, g_free);
    names = list_dir (out);
    g_assert_cmpstr (names, ==, "disks.csv hosts.csv inventory.json vms.csv");

    /* -o FILE whose directory does not exist: not created */
    g_autofree char *lost = path_in (f, "missing/x.csv");
    g_autoptr (VinvExportFiles) one = plan (CSV, f->views, f->titles, 1, lost, NULL);
    g_assert_false (vinv_export_files_write (one, FALSE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_autofree char *missing = path_in (f, "missing");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
}

static void
test_refuse_without_force (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *hosts = path_in (f, "hosts.csv");
    g_autofree char *vms = path_in (f, "vms.csv");
    g_autoptr (GBytes) old = write_old_file (hosts, 1000);
    g_autoptr (VinvExportFiles) files = plan (CSV, f->views, f->titles, 2, NULL, f->dir);
    g_autoptr (GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

    /* the check names exactly the file that exists */
    g_assert_false (vinv_export_files_check (files, FALSE, problems));
    g_assert_cmpuint (problems->len, ==, 1);
    const GError *problem = g_ptr_array_index (problems, 0);
    g_assert_error (problem, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_autofree char *message = g_strdup_printf ("'%s' already exists", hosts);
    g_assert_cmpstr (problem->message, ==, message);

    /* the write refuses too, and writes nothing at all */
    g_assert_false (vinv_export_files_write (files, FALSE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
    g_clear_error (&error);
    assert_file_is (hosts, old);
    g_assert_false (g_file_test (vms, G_FILE_TEST_EXISTS));
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "hosts.csv");

    /* with force: both written */
    g_ptr_array_set_size (problems, 0);
    g_assert_true (vinv_export_files_check (files, TRUE, problems));
    g_assert_true (vinv_export_files_write (files, TRUE, NULL, &error));
    g_assert_no_error (error);
    g_autoptr (GBytes) expected = expected_export (VINV_EXPORT_CSV, &f->views[1],
                                                   &f->titles[1], 1);
    assert_file_is (hosts, expected);
    g_assert_true (g_file_test (vms, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&names, g_free);
    names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "hosts.csv vms.csv");
}

/* ---- failures ---- */

/* A writer that writes 64 KiB of the real export's kind, then fails: for
 * the view named "hosts" when given, else always. */
static gboolean fail_only_hosts;

static gboolean
failing_writer (VinvView *const *views, const char *const *titles, guint n,
                const VinvExportOptions *options, GOutputStream *out,
                GCancellable *cancellable, GError **error)
{
    const char *id = vinv_table_get_schema (vinv_view_get_table (views[0]))->id;
    g_autofree char *chunk = g_strnfill (64 * 1024, 'x');

    if (!g_output_stream_write_all (out, chunk, strlen (chunk), NULL, cancellable, error))
        return FALSE;
    if (fail_only_hosts && strcmp (id, "hosts") != 0)
        return TRUE;
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the writer gave up");
    return FALSE;
}

static const VinvExportFileFormat failing_one_file = {
    VINV_EXPORT_JSON, "Failing", VINV_EXPORT_LAYOUT_ONE_FILE, failing_writer,
};
static const VinvExportFileFormat failing_per_table = {
    VINV_EXPORT_CSV, "Failing", VINV_EXPORT_LAYOUT_PER_TABLE, failing_writer,
};

static void
test_failing_writer_one_file (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *path = path_in (f, "inventory.json");
    g_autoptr (GBytes) old = write_old_file (path, 5000);

    fail_only_hosts = FALSE;
    g_autoptr (VinvExportFiles) files = plan (&failing_one_file, f->views, f->titles, 3,
                                              path, NULL);
    g_assert_false (vinv_export_files_write (files, TRUE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    g_autofree char *message = g_strdup_printf ("cannot write '%s': the writer gave up", path);
    g_assert_cmpstr (error->message, ==, message);
    assert_file_is (path, old);
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "inventory.json");

    /* a new file: nothing is left at all */
    g_autofree char *fresh = path_in (f, "new.json");
    g_autoptr (VinvExportFiles) again = plan (&failing_one_file, f->views, f->titles, 3,
                                              fresh, NULL);
    g_clear_error (&error);
    g_assert_false (vinv_export_files_write (again, FALSE, NULL, &error));
    g_clear_pointer (&names, g_free);
    names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "inventory.json");
}

static void
test_failing_writer_per_table (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *out = path_in (f, "out");
    g_autofree char *vms = path_in (f, "out/vms.csv");
    g_autofree char *hosts = path_in (f, "out/hosts.csv");

    g_assert_cmpint (g_mkdir (out, 0777), ==, 0);
    g_autoptr (GBytes) old_vms = write_old_file (vms, 3000);
    g_autoptr (GBytes) old_hosts = write_old_file (hosts, 4000);

    /* vms is written in full, hosts fails: the run is abandoned as a whole */
    fail_only_hosts = TRUE;
    g_autoptr (VinvExportFiles) files = plan (&failing_per_table, f->views, f->titles, 3,
                                              NULL, out);
    g_assert_false (vinv_export_files_write (files, TRUE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
    assert_file_is (vms, old_vms);
    assert_file_is (hosts, old_hosts);
    g_autofree char *names = list_dir (out);
    g_assert_cmpstr (names, ==, "hosts.csv vms.csv");

    /* into a directory the run created: the directory goes too */
    g_autofree char *fresh = path_in (f, "fresh");
    g_autoptr (VinvExportFiles) again = plan (&failing_per_table, f->views, f->titles, 3,
                                              NULL, fresh);
    g_clear_error (&error);
    g_assert_false (vinv_export_files_write (again, FALSE, NULL, &error));
    g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
    fail_only_hosts = FALSE;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *path = path_in (f, "disks.csv");
    g_autoptr (GBytes) old = write_old_file (path, 100);
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (VinvExportFiles) files = plan (CSV, &f->views[2], &f->titles[2], 1, path, NULL);

    g_cancellable_cancel (cancellable);
    g_assert_false (vinv_export_files_write (files, TRUE, cancellable, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    assert_file_is (path, old);
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "disks.csv");
}

/* A writer that, while the last file's temporary is written, puts a
 * directory where that file goes: the renames then fail at the last file,
 * after the first ones were published, and must be undone. */
static char *sabotage_path;

static gboolean
sabotaging_writer (VinvView *const *views, const char *const *titles, guint n,
                   const VinvExportOptions *options, GOutputStream *out,
                   GCancellable *cancellable, GError **error)
{
    const char *id = vinv_table_get_schema (vinv_view_get_table (views[0]))->id;

    if (strcmp (id, "disks") == 0) {
        g_unlink (sabotage_path);
        g_assert_cmpint (g_mkdir (sabotage_path, 0777), ==, 0);
    }
    return vinv_export_view (views[0], titles[0], VINV_EXPORT_CSV, out, cancellable, error);
}

static void
test_rename_fails_rolls_back (Fixture *f, gconstpointer data)
{
    static const VinvExportFileFormat sabotaging = {
        VINV_EXPORT_CSV, "Sabotaged", VINV_EXPORT_LAYOUT_PER_TABLE, sabotaging_writer,
    };
    g_autoptr (GError) error = NULL;
    g_autofree char *vms = path_in (f, "vms.csv");
    g_autofree char *hosts = path_in (f, "hosts.csv");
    g_autofree char *disks = path_in (f, "disks.csv");
    g_autoptr (GBytes) old_vms = write_old_file (vms, 2000);

    /* vms replaced, hosts new, disks fails: vms back, hosts removed */
    sabotage_path = disks;
    g_autoptr (VinvExportFiles) files = plan (&sabotaging, f->views, f->titles, 3, NULL, f->dir);
    g_assert_false (vinv_export_files_write (files, TRUE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
    assert_file_is (vms, old_vms);
    g_assert_false (g_file_test (hosts, G_FILE_TEST_EXISTS));
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "disks.csv vms.csv");
    sabotage_path = NULL;
}

/* A file size limit makes write() fail with EFBIG half-way, as a full disk
 * would — without root. */
static void
test_file_size_limit (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *path = path_in (f, "disks.csv");
    g_autoptr (GBytes) old = write_old_file (path, 1000);
    g_autoptr (VinvExportFiles) files = plan (CSV, &f->views[2], &f->titles[2], 1, path, NULL);
    struct rlimit saved;
    struct rlimit limit;

    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    limit = saved;
    limit.rlim_cur = 100 * 1024;    /* the export is over 300 KB */
    void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    gboolean ok = vinv_export_files_write (files, TRUE, NULL, &error);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    signal (SIGXFSZ, old_handler);

    g_assert_false (ok);
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
    assert_file_is (path, old);
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "disks.csv");
}

/* The full-file-system case, run in a child: its own mount namespace (so
 * the tmpfs can never outlive it), a 64 KiB tmpfs, an old file, then an
 * export of over 300 KB.  Exits 0 if every check held, 77 if mounting is
 * not permitted here; a failed check aborts. */
static int
full_filesystem_child (Fixture *f)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *mnt = path_in (f, "tiny");

    if (unshare (CLONE_NEWNS) == 0)
        mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
    g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
    if (mount ("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0) {
        g_printerr ("cannot mount a tmpfs: %s\n", g_strerror (errno));
        return 77;
    }

    /* one file */
    g_autofree char *disks = g_build_filename (mnt, "disks.csv", NULL);
    g_autoptr (GBytes) old_disks = write_old_file (disks, 20000);
    g_autoptr (VinvExportFiles) one = plan (CSV, &f->views[2], &f->titles[2], 1, disks, NULL);
    g_assert_false (vinv_export_files_write (one, TRUE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    assert_file_is (disks, old_disks);
    g_autofree char *names = list_dir (mnt);
    g_assert_cmpstr (names, ==, "disks.csv");

    /* a set of files: vms and hosts fit, disks does not */
    g_autofree char *vms = g_build_filename (mnt, "vms.csv", NULL);
    g_autoptr (GBytes) old_vms = write_old_file (vms, 3000);
    g_autoptr (VinvExportFiles) set = plan (CSV, f->views, f->titles, 3, NULL, mnt);
    g_clear_error (&error);
    g_assert_false (vinv_export_files_write (set, TRUE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    assert_file_is (disks, old_disks);
    assert_file_is (vms, old_vms);
    g_clear_pointer (&names, g_free);
    names = list_dir (mnt);
    g_assert_cmpstr (names, ==, "disks.csv vms.csv");

    g_assert_cmpint (umount (mnt), ==, 0);
    return 0;
}

static void
test_full_filesystem (Fixture *f, gconstpointer data)
{
    int status;

    if (geteuid () != 0) {
        g_test_skip ("needs root to mount a small tmpfs (CI runs as root); "
                     "/export-files/file-size-limit covers a failing write() without it");
        return;
    }
    pid_t pid = fork ();
    g_assert_cmpint (pid, >=, 0);
    if (pid == 0)
        _exit (full_filesystem_child (f));
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status));
    if (WEXITSTATUS (status) == 77) {
        g_test_skip ("mounting a tmpfs is not permitted here, even as root");
        return;
    }
    g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

/* ---- links, streams, devices ---- */

static void
assert_refused_link (VinvExportFiles *files, gboolean force)
{
    g_autoptr (GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
    g_autoptr (GError) error = NULL;

    g_assert_false (vinv_export_files_check (files, force, problems));
    g_assert_cmpuint (problems->len, ==, 1);
    const GError *problem = g_ptr_array_index (problems, 0);
    g_assert_error (problem, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
    g_assert_nonnull (strstr (problem->message, "is a symbolic link"));
    g_assert_false (vinv_export_files_write (files, force, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE);
}

static void
test_symlinks (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *outside_dir = g_dir_make_tmp ("vinv-outside-XXXXXX", &error);
    g_autofree char *outside = g_build_filename (outside_dir, "precious", NULL);
    g_autoptr (GBytes) precious = write_old_file (outside, 777);
    g_autofree char *link = path_in (f, "vms.csv");
    g_autofree char *dangling = path_in (f, "hosts.csv");
    g_autofree char *dir_link = path_in (f, "disks.csv");
    g_autofree char *subdir = path_in (f, "sub");
    g_autofree char *nowhere = path_in (f, "nowhere");

    g_assert_cmpint (symlink (outside, link), ==, 0);
    g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);
    g_assert_cmpint (g_mkdir (subdir, 0777), ==, 0);
    g_assert_cmpint (symlink ("sub", dir_link), ==, 0);

    for (int force = 0; force <= 1; force++) {
        for (guint i = 0; i < 3; i++) {
            g_autoptr (VinvExportFiles) one = plan (CSV, &f->views[i], &f->titles[i], 1,
                                                    NULL, f->dir);
            assert_refused_link (one, force);
        }
        /* the three at once: nothing written either */
        g_autoptr (VinvExportFiles) all = plan (CSV, f->views, f->titles, 3, NULL, f->dir);
        g_autoptr (GPtrArray) problems =
            g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
        g_assert_false (vinv_export_files_check (all, force, problems));
        g_assert_cmpuint (problems->len, ==, 3);
        g_assert_false (vinv_export_files_write (all, force, NULL, &error));
        g_clear_error (&error);
        /* -o LINK as well */
        g_autoptr (VinvExportFiles) named = plan (JSON, f->views, f->titles, 3, dangling, NULL);
        assert_refused_link (named, force);
    }

    /* nothing moved: the outside file, the links, the link targets */
    assert_file_is (outside, precious);
    g_autofree char *target = g_file_read_link (link, NULL);
    g_assert_cmpstr (target, ==, outside);
    g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
    g_autofree char *sub_names = list_dir (subdir);
    g_assert_cmpstr (sub_names, ==, "");
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "disks.csv hosts.csv sub vms.csv");
    g_autofree char *outside_names = list_dir (outside_dir);
    g_assert_cmpstr (outside_names, ==, "precious");
    remove_tree (outside_dir);

    /* a link to a device is written through: /dev/null stays a device */
    g_autofree char *to_null = path_in (f, "null.json");
    g_assert_cmpint (symlink ("/dev/null", to_null), ==, 0);
    g_autoptr (VinvExportFiles) devnull = plan (JSON, f->views, f->titles, 1, to_null, NULL);
    g_assert_true (vinv_export_files_write (devnull, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (to_null, G_FILE_TEST_IS_SYMLINK));
    struct stat st;
    g_assert_cmpint (stat ("/dev/null", &st), ==, 0);
    g_assert_true (S_ISCHR (st.st_mode));
}

static void
test_stdout (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < 2; i++) {
        const char *name = i == 0 ? "-" : "/dev/stdout";
        g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
        g_autoptr (VinvExportFiles) files = plan (JSON, f->views, f->titles, 2, name, NULL);
        g_autoptr (GPtrArray) problems =
            g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

        vinv_export_files_set_stdout (files, out);
        g_assert_true (vinv_export_files_check (files, FALSE, problems));
        g_assert_true (vinv_export_files_write (files, FALSE, NULL, &error));
        g_assert_no_error (error);
        g_output_stream_close (out, NULL, NULL);
        g_autoptr (GBytes) got =
            g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
        g_autoptr (GBytes) expected = expected_export (VINV_EXPORT_JSON, f->views, f->titles, 2);
        g_assert_true (g_bytes_equal (got, expected));
    }

    /* no standard output to write to (the GUI) */
    g_autoptr (VinvExportFiles) none = plan (CSV, f->views, f->titles, 1, "-", NULL);
    g_assert_false (vinv_export_files_write (none, FALSE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
}

static gpointer
read_fifo (gpointer path)
{
    char *content = NULL;
    g_file_get_contents (path, &content, NULL, NULL);
    return content;
}

static void
test_devices (Fixture *f, gconstpointer data)
{
    g_autoptr (GError) error = NULL;
    struct stat st;

    /* /dev/null: no force needed, nothing replaced */
    g_autoptr (VinvExportFiles) null = plan (CSV, &f->views[2], &f->titles[2], 1, "/dev/null",
                                             NULL);
    g_autoptr (GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
    g_assert_true (vinv_export_files_check (null, FALSE, problems));
    g_assert_true (vinv_export_files_write (null, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (stat ("/dev/null", &st), ==, 0);
    g_assert_true (S_ISCHR (st.st_mode));

    /* /dev/full: the write error is reported */
    g_autoptr (VinvExportFiles) full = plan (CSV, &f->views[2], &f->titles[2], 1, "/dev/full",
                                             NULL);
    g_assert_false (vinv_export_files_write (full, FALSE, NULL, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_assert_true (g_str_has_prefix (error->message, "cannot write '/dev/full': "));
    g_clear_error (&error);

    /* a named pipe is written directly, whole */
    g_autofree char *fifo = path_in (f, "pipe.csv");
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    GThread *reader = g_thread_new ("fifo", read_fifo, fifo);
    g_autoptr (VinvExportFiles) piped = plan (CSV, &f->views[2], &f->titles[2], 1, fifo, NULL);
    g_assert_true (vinv_export_files_write (piped, FALSE, NULL, &error));
    g_assert_no_error (error);
    g_autofree char *got = g_thread_join (reader);
    g_assert_nonnull (got);
    g_autoptr (GBytes) expected = expected_export (VINV_EXPORT_CSV, &f->views[2],
                                                   &f->titles[2], 1);
    g_assert_cmpmem (got, strlen (got), g_bytes_get_data (expected, NULL),
                     g_bytes_get_size (expected));
    g_autofree char *names = list_dir (f->dir);
    g_assert_cmpstr (names, ==, "pipe.csv");
}

static void
test_permissions (Fixture *f, gconstpointer data)
{
    static const struct {
        mode_t umask;
        mode_t mode;
    } cases[] = { { 022, 0644 }, { 077, 0600 }, { 002, 0664 } };
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *name = g_strdup_printf ("%03o.csv", (unsigned) cases[i].umask);
        g_autofree char *path = path_in (f, name);
        struct stat st;
        mode_t saved = umask (cases[i].umask);

        /* a new file, then the same file replaced (the old one 0666) */
        for (guint replace = 0; replace <= 1; replace++) {
            g_autoptr (VinvExportFiles) files = plan (CSV, f->views, f->titles, 1, path, NULL);
            if (replace)
                g_assert_cmpint (g_chmod (path, 0666), ==, 0);
            g_assert_true (vinv_export_files_write (files, replace, NULL, &error));
            g_assert_no_error (error);
            g_assert_cmpint (stat (path, &st), ==, 0);
            g_assert_cmpint (st.st_mode & 07777, ==, cases[i].mode);
        }
        umask (saved);
    }
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/export-files/formats", test_formats);
#define ADD(path, func) \
    g_test_add ("/export-files/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
    ADD ("layout", test_layout);
    ADD ("new-files", test_new_files);
    ADD ("refuse-without-force", test_refuse_without_force);
    ADD ("failing-writer/one-file", test_failing_writer_one_file);
    ADD ("failing-writer/per-table", test_failing_writer_per_table);
    ADD ("cancel", test_cancel);
    ADD ("rename-fails-rolls-back", test_rename_fails_rolls_back);
    ADD ("file-size-limit", test_file_size_limit);
    ADD ("full-filesystem", test_full_filesystem);
    ADD ("symlinks", test_symlinks);
    ADD ("stdout", test_stdout);
    ADD ("devices", test_devices);
    ADD ("permissions", test_permissions);
#undef ADD
    return g_test_run ();
}
