/* export-files.c — the format table, the file layout of an export, and the
 * safe write (temporaries in the target directory, fsync, rename; abandon
 * and roll back on failure; no symlink following).  See export-files.h for
 * the rules; this file is how they are kept.
 *
 * Everything on disk is done relative to one directory file descriptor
 * (every file of a run lives in one directory), with lstat semantics on
 * the final names: fstatat (AT_SYMLINK_NOFOLLOW) to classify a name,
 * openat (O_CREAT | O_EXCL) for temporaries (which never follows a link),
 * renameat2 (RENAME_NOREPLACE) to publish without force.  The formats'
 * bytes come from the writers in the format table; this file knows
 * nothing of CSV or JSON.
 */
#define _GNU_SOURCE
#include "export-files.h"
#include "export-private.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <gio/gunixoutputstream.h>
#include <glib/gstdio.h>

/* ---- the format table ---- */

static gboolean
write_csv (VinvView *const *views, const char *const *titles, guint n,
           const VinvExportOptions *options, GOutputStream *out, GCancellable *cancellable,
           GError **error)
{
    g_return_val_if_fail (n == 1, FALSE);
    return vinv_export_view_full (views[0], titles != NULL ? titles[0] : NULL, VINV_EXPORT_CSV,
                                  options->flags, out, cancellable, error);
}

static gboolean
write_json (VinvView *const *views, const char *const *titles, guint n,
            const VinvExportOptions *options, GOutputStream *out, GCancellable *cancellable,
            GError **error)
{
    return vinv_export_views_json (views, titles, n, out, cancellable, error);
}

/* One row per format.  A format whose writer is NULL is listed (the
 * front ends show it, disabled) but not written. */
static const VinvExportFileFormat file_formats[VINV_EXPORT_LAST] = {
    [VINV_EXPORT_CSV] = { VINV_EXPORT_CSV, "CSV", VINV_EXPORT_LAYOUT_PER_TABLE, write_csv },
    [VINV_EXPORT_JSON] = { VINV_EXPORT_JSON, "JSON", VINV_EXPORT_LAYOUT_ONE_FILE, write_json },
    [VINV_EXPORT_XLSX] = { VINV_EXPORT_XLSX, "Excel (XLSX)", VINV_EXPORT_LAYOUT_ONE_FILE,
                           vinv_export_xlsx_write },
};

const VinvExportFileFormat *
vinv_export_file_format_get (VinvExportFormat format)
{
    g_return_val_if_fail (format < VINV_EXPORT_LAST, &file_formats[VINV_EXPORT_CSV]);
    return &file_formats[format];
}

gboolean
vinv_export_format_is_available (VinvExportFormat format)
{
    return format < VINV_EXPORT_LAST && file_formats[format].write != NULL;
}

gboolean
vinv_export_format_needs_dir (VinvExportFormat format, guint n_tables)
{
    return n_tables > 1
        && vinv_export_file_format_get (format)->layout == VINV_EXPORT_LAYOUT_PER_TABLE;
}

char *
vinv_export_dup_file_name (VinvExportFormat format, const VinvSchema *schema)
{
    return g_strdup_printf ("%s.%s", schema != NULL ? schema->id : "inventory",
                            vinv_export_format_extension (format));
}

/* ---- the plan ---- */

typedef enum {
    TARGET_NEW,       /* nothing at the name */
    TARGET_EXISTS,    /* a regular file, replaced (force) */
    TARGET_DIRECT,    /* a character device or FIFO, written directly */
} TargetKind;

/* One file of a run.  Between two calls, @temp and @backup are NULL: they
 * only name files on disk while a write is under way. */
typedef struct {
    char *path;                 /* as the user sees it: "out/vms.csv" */
    char *base;                 /* the name inside the directory */
    guint first;                /* its views: views[first .. first + n_views) */
    guint n_views;
    TargetKind kind;
    char *temp;                 /* temporary written, not yet renamed */
    char *backup;               /* hard link to the replaced file (rollback) */
    gboolean published;         /* renamed over @base */
} Target;

struct _VinvExportFiles {
    const VinvExportFileFormat *format;
    GPtrArray *views;           /* VinvView *, borrowed */
    GPtrArray *titles;          /* const char *, borrowed; may hold NULLs */
    char *dir;                  /* the directory of every target */
    gboolean make_dir;          /* create @dir if missing (a --dir export) */
    gboolean to_stdout;         /* "-": the one target is @stdout_stream */
    GOutputStream *stdout_stream;
    GArray *targets;            /* Target */
    VinvExportOptions options;  /* passed to the writer */
};

static void
target_clear (gpointer data)
{
    Target *t = data;
    g_free (t->path);
    g_free (t->base);
    g_free (t->temp);
    g_free (t->backup);
}

static void
add_target (VinvExportFiles *self, const char *path, const char *base, guint first,
            guint n_views)
{
    Target t = { g_strdup (path), g_strdup (base), first, n_views };
    g_array_append_val (self->targets, t);
}

VinvExportFiles *
vinv_export_files_new (const VinvExportFileFormat *format, VinvView *const *views,
                       const char *const *titles, guint n, const char *output,
                       const char *dir, GError **error)
{
    g_return_val_if_fail (format != NULL, NULL);
    g_return_val_if_fail (n == 0 || views != NULL, NULL);

    if (format->write == NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     "%s export is not available yet", format->label);
        return NULL;
    }
    if (output != NULL && *output == '\0') {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "the output file name is empty");
        return NULL;
    }
    if (output != NULL && format->layout == VINV_EXPORT_LAYOUT_PER_TABLE && n != 1) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "%s puts one table in a file, not %u: write them to a directory",
                     vinv_export_format_name (format->format), n);
        return NULL;
    }

    g_autoptr (VinvExportFiles) self = g_new0 (VinvExportFiles, 1);
    self->format = format;
    self->views = g_ptr_array_new ();
    self->titles = g_ptr_array_new ();
    for (guint i = 0; i < n; i++) {
        g_ptr_array_add (self->views, views[i]);
        g_ptr_array_add (self->titles, titles != NULL ? (gpointer) titles[i] : NULL);
    }
    self->targets = g_array_new (FALSE, TRUE, sizeof (Target));
    g_array_set_clear_func (self->targets, target_clear);

    if (output != NULL && (strcmp (output, "-") == 0 || strcmp (output, "/dev/stdout") == 0)) {
        /* /dev/stdout is a link (to /proc/self/fd/1): what it means is our
         * standard output, whatever that is, so it is written as "-" */
        self->to_stdout = TRUE;
        add_target (self, output, "-", 0, n);
    } else if (output != NULL) {
        g_autofree char *base = g_path_get_basename (output);
        self->dir = g_path_get_dirname (output);
        add_target (self, output, base, 0, n);
    } else {
        self->dir = g_strdup (dir != NULL ? dir : ".");
        self->make_dir = dir != NULL;
        for (guint i = 0; i < (format->layout == VINV_EXPORT_LAYOUT_ONE_FILE ? 1 : n); i++) {
            const VinvSchema *schema = format->layout == VINV_EXPORT_LAYOUT_ONE_FILE
                ? NULL : vinv_table_get_schema (vinv_view_get_table (views[i]));
            g_autofree char *base = vinv_export_dup_file_name (format->format, schema);
            g_autofree char *path = dir != NULL ? g_build_filename (dir, base, NULL)
                                                : g_strdup (base);
            for (guint k = 0; k < self->targets->len; k++) {
                if (strcmp (g_array_index (self->targets, Target, k).base, base) == 0) {
                    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "two tables would be written to '%s'", path);
                    return NULL;
                }
            }
            if (format->layout == VINV_EXPORT_LAYOUT_ONE_FILE)
                add_target (self, path, base, 0, n);
            else
                add_target (self, path, base, i, 1);
        }
    }
    return g_steal_pointer (&self);
}

void
vinv_export_files_free (VinvExportFiles *self)
{
    if (self == NULL)
        return;
    g_ptr_array_unref (self->views);
    g_ptr_array_unref (self->titles);
    if (self->targets != NULL)
        g_array_unref (self->targets);
    g_clear_object (&self->stdout_stream);
    g_free (self->dir);
    g_free (self);
}

void
vinv_export_files_set_options (VinvExportFiles *self, const VinvExportOptions *options)
{
    self->options = *options;
}

void
vinv_export_files_set_stdout (VinvExportFiles *self, GOutputStream *stream)
{
    g_return_if_fail (self != NULL);
    g_set_object (&self->stdout_stream, stream);
}

guint
vinv_export_files_get_n_files (const VinvExportFiles *self)
{
    return self->targets->len;
}

const char *
vinv_export_files_get_path (const VinvExportFiles *self, guint i)
{
    g_return_val_if_fail (i < self->targets->len, NULL);
    return g_array_index (self->targets, Target, i).path;
}

gboolean
vinv_export_files_is_stdout (const VinvExportFiles *self)
{
    return self->to_stdout;
}

/* ---- looking at names ---- */

static void
set_errno_error (GError **error, int errsv, const char *what, const char *path)
{
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errsv), "%s '%s': %s", what, path,
                 g_strerror (errsv));
}

/* Streams are written directly: there is nothing to replace atomically. */
static gboolean
is_stream_node (mode_t mode)
{
    return S_ISCHR (mode) || S_ISFIFO (mode);
}

/* Classifies what is at @t's name in @dirfd (-1: the directory does not
 * exist yet, so nothing is).  The one function both the check and the
 * write use.  A link is never followed to decide where to write; it is
 * only resolved to see whether it names a device (written directly). */
static gboolean
classify (int dirfd, Target *t, gboolean force, GError **error)
{
    struct stat st;

    if (dirfd < 0) {
        t->kind = TARGET_NEW;
        return TRUE;
    }
    if (fstatat (dirfd, t->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) {
            t->kind = TARGET_NEW;
            return TRUE;
        }
        set_errno_error (error, errno, "cannot write", t->path);
        return FALSE;
    }
    if (S_ISLNK (st.st_mode)) {
        struct stat target;
        if (fstatat (dirfd, t->base, &target, 0) == 0 && is_stream_node (target.st_mode)) {
            t->kind = TARGET_DIRECT;
            return TRUE;
        }
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     "'%s' is a symbolic link: exports never write through or replace a link",
                     t->path);
        return FALSE;
    }
    if (is_stream_node (st.st_mode)) {
        t->kind = TARGET_DIRECT;
        return TRUE;
    }
    if (S_ISDIR (st.st_mode)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "'%s' is a directory",
                     t->path);
        return FALSE;
    }
    if (!S_ISREG (st.st_mode)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     "'%s' is not a regular file", t->path);
        return FALSE;
    }
    if (!force) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "'%s' already exists", t->path);
        return FALSE;
    }
    t->kind = TARGET_EXISTS;
    return TRUE;
}

/* Opens the plan's directory, creating it first if @create.  Returns -1
 * with *missing = TRUE if it does not exist and !@create, -1 with @error
 * on any other failure. */
static int
open_dir (VinvExportFiles *self, gboolean create, gboolean *missing, GError **error)
{
    int fd;

    *missing = FALSE;
    if (create && g_mkdir_with_parents (self->dir, 0777) != 0) {
        set_errno_error (error, errno, "cannot create directory", self->dir);
        return -1;
    }
    fd = open (self->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT && !create) {
            *missing = TRUE;
            return -1;
        }
        set_errno_error (error, errno, "cannot write into", self->dir);
    }
    return fd;
}

gboolean
vinv_export_files_check (VinvExportFiles *self, gboolean force, GPtrArray *problems)
{
    GError *error = NULL;
    gboolean missing;
    int dirfd;

    g_return_val_if_fail (self != NULL && problems != NULL, FALSE);
    if (self->to_stdout)
        return TRUE;
    dirfd = open_dir (self, FALSE, &missing, &error);
    if (dirfd < 0 && !missing) {
        g_ptr_array_add (problems, error);
        return FALSE;
    }
    guint before = problems->len;
    for (guint i = 0; i < self->targets->len; i++) {
        if (!classify (dirfd, &g_array_index (self->targets, Target, i), force, &error))
            g_ptr_array_add (problems, g_steal_pointer (&error));
    }
    if (dirfd >= 0)
        close (dirfd);
    return problems->len == before;
}

/* ---- writing ---- */

/* A name for a temporary or backup of @base in the same directory:
 * ".BASE.XXXXXX" (hidden; BASE cut to stay within NAME_MAX). */
static char *
dup_side_name (const char *base)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    GString *name = g_string_new (".");

    g_string_append_len (name, base, MIN (strlen (base), 200));
    g_string_append_c (name, '.');
    for (guint i = 0; i < 6; i++)
        g_string_append_c (name, chars[g_random_int_range (0, sizeof chars - 1)]);
    return g_string_free (name, FALSE);
}

/* Creates a new temporary for @t with mode 0666 & ~umask.  Returns its fd
 * (and sets t->temp) or -1 with @error. */
static int
create_temp (int dirfd, Target *t, GError **error)
{
    for (guint attempt = 0; attempt < 100; attempt++) {
        g_autofree char *name = dup_side_name (t->base);
        int fd = openat (dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                         0666);
        if (fd >= 0) {
            t->temp = g_steal_pointer (&name);
            return fd;
        }
        if (errno != EEXIST) {
            set_errno_error (error, errno, "cannot write", t->path);
            return -1;
        }
    }
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                 "cannot write '%s': no free temporary name", t->path);
    return -1;
}

/* Runs the format's writer for @t's views into @out. */
static gboolean
run_writer (VinvExportFiles *self, Target *t, GOutputStream *out, GCancellable *cancellable,
            GError **error)
{
    VinvView *const *views = (VinvView *const *) self->views->pdata + t->first;
    const char *const *titles = (const char *const *) self->titles->pdata + t->first;

    return self->format->write (views, titles, t->n_views, &self->options, out, cancellable,
                                error);
}

/* Writes @t's content to @fd (owned: closed here), syncing it to disk if
 * @sync.  What went wrong is prefixed with the file's name. */
static gboolean
write_fd (VinvExportFiles *self, Target *t, int fd, gboolean sync, GCancellable *cancellable,
          GError **error)
{
    g_autoptr (GOutputStream) out = g_unix_output_stream_new (fd, FALSE);
    gboolean ok = run_writer (self, t, out, cancellable, error)
                  && g_output_stream_close (out, cancellable, error);

    if (ok && sync && fsync (fd) != 0) {
        set_errno_error (error, errno, "cannot write", t->path);
        ok = FALSE;
    } else if (!ok) {
        g_prefix_error (error, "cannot write '%s': ", t->path);
    }
    if (close (fd) != 0 && ok) {
        set_errno_error (error, errno, "cannot write", t->path);
        ok = FALSE;
    }
    return ok;
}

/* Opens a device or FIFO (following links: it was classified as one) and
 * writes to it directly. */
static gboolean
write_direct (VinvExportFiles *self, int dirfd, Target *t, GCancellable *cancellable,
              GError **error)
{
    struct stat st;
    int fd = openat (dirfd, t->base, O_WRONLY | O_NOCTTY | O_CLOEXEC);

    if (fd < 0) {
        set_errno_error (error, errno, "cannot write", t->path);
        return FALSE;
    }
    if (fstat (fd, &st) != 0 || !is_stream_node (st.st_mode)) {
        /* it changed since it was classified: never write a file this way */
        close (fd);
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                     "'%s' changed during the export", t->path);
        return FALSE;
    }
    return write_fd (self, t, fd, FALSE, cancellable, error);
}

/* Renames @from to @to in @dirfd unless @to exists (EEXIST then).  Falls
 * back to link + unlink where the file system has no RENAME_NOREPLACE. */
static int
rename_noreplace (int dirfd, const char *from, const char *to)
{
#ifdef RENAME_NOREPLACE
    if (renameat2 (dirfd, from, dirfd, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
#endif
    if (linkat (dirfd, from, dirfd, to, 0) != 0)
        return -1;
    unlinkat (dirfd, from, 0);
    return 0;
}

/* Adds "; DETAIL" to the message of *@error (if set). */
static void
append_error (GError **error, const char *detail)
{
    if (error == NULL || *error == NULL)
        return;
    char *message = g_strdup_printf ("%s; %s", (*error)->message, detail);
    g_free ((*error)->message);
    (*error)->message = message;
}

/* Puts back what publish() changed for the targets before @end: a replaced
 * file from its backup, a new file removed.  A file that cannot be put
 * back keeps its backup (t->backup stays set) and is named in @error. */
static void
roll_back (VinvExportFiles *self, int dirfd, guint end, GError **error)
{
    for (guint i = 0; i < end; i++) {
        Target *t = &g_array_index (self->targets, Target, i);
        if (!t->published)
            continue;
        gboolean restored = t->backup != NULL
            ? renameat (dirfd, t->backup, dirfd, t->base) == 0
            : t->kind == TARGET_NEW && unlinkat (dirfd, t->base, 0) == 0;
        if (restored) {
            g_clear_pointer (&t->backup, g_free);
            t->published = FALSE;
        } else if (t->backup != NULL) {
            g_autofree char *detail = g_strdup_printf (
                "'%s' was already replaced and could not be put back (the old file is '%s' "
                "in the same directory)", t->path, t->backup);
            append_error (error, detail);
        } else {
            g_autofree char *detail = g_strdup_printf (
                "'%s' was already replaced and could not be put back", t->path);
            append_error (error, detail);
        }
    }
}

/* Renames every temporary over its final name, re-checking each name just
 * before.  With several files, a replaced file is first hard-linked to a
 * backup name, so that a failure half-way can put every file back. */
static gboolean
publish (VinvExportFiles *self, int dirfd, gboolean force, GError **error)
{
    gboolean several = self->targets->len > 1;

    for (guint i = 0; i < self->targets->len; i++) {
        Target *t = &g_array_index (self->targets, Target, i);
        gboolean ok;

        if (t->temp == NULL)
            continue;   /* written directly */
        if (!classify (dirfd, t, force, error)) {
            roll_back (self, dirfd, i, error);
            return FALSE;
        }
        if (t->kind == TARGET_DIRECT) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                         "'%s' changed during the export", t->path);
            roll_back (self, dirfd, i, error);
            return FALSE;
        }
        if (t->kind == TARGET_EXISTS && several) {
            g_autofree char *backup = dup_side_name (t->base);
            if (linkat (dirfd, t->base, dirfd, backup, 0) == 0)
                t->backup = g_steal_pointer (&backup);
        }
        if (t->kind == TARGET_EXISTS)
            ok = renameat (dirfd, t->temp, dirfd, t->base) == 0;
        else
            ok = rename_noreplace (dirfd, t->temp, t->base) == 0;
        if (!ok) {
            if (errno == EEXIST)
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "'%s' already exists",
                             t->path);
            else
                set_errno_error (error, errno, "cannot write", t->path);
            roll_back (self, dirfd, i, error);
            return FALSE;
        }
        g_clear_pointer (&t->temp, g_free);
        t->published = TRUE;
    }
    return TRUE;
}

/* Removes every temporary left, and every backup that is no longer
 * needed: all of them after a success, after a failure all but those of
 * files that could not be put back (roll_back() names them). */
static void
clean_up (VinvExportFiles *self, int dirfd, gboolean success)
{
    for (guint i = 0; i < self->targets->len; i++) {
        Target *t = &g_array_index (self->targets, Target, i);
        if (t->temp != NULL)
            unlinkat (dirfd, t->temp, 0);
        if (t->backup != NULL && (success || !t->published))
            unlinkat (dirfd, t->backup, 0);
        g_clear_pointer (&t->temp, g_free);
        g_clear_pointer (&t->backup, g_free);
        t->published = FALSE;
    }
}

static gboolean
write_stdout (VinvExportFiles *self, GCancellable *cancellable, GError **error)
{
    Target *t = &g_array_index (self->targets, Target, 0);

    if (self->stdout_stream == NULL) {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                             "there is no standard output to write '-' to");
        return FALSE;
    }
    if (!run_writer (self, t, self->stdout_stream, cancellable, error)
        || !g_output_stream_flush (self->stdout_stream, cancellable, error)) {
        g_prefix_error (error, "cannot write to standard output: ");
        return FALSE;
    }
    return TRUE;
}

gboolean
vinv_export_files_write (VinvExportFiles *self, gboolean force, GCancellable *cancellable,
                         GError **error)
{
    gboolean ok = TRUE;
    gboolean missing;
    gboolean dir_existed;
    int dirfd;

    g_return_val_if_fail (self != NULL, FALSE);
    if (self->to_stdout)
        return write_stdout (self, cancellable, error);

    dir_existed = !self->make_dir || g_file_test (self->dir, G_FILE_TEST_EXISTS);
    dirfd = open_dir (self, self->make_dir, &missing, error);
    if (dirfd < 0) {
        if (missing)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         "cannot write '%s': directory '%s' does not exist",
                         vinv_export_files_get_path (self, 0), self->dir);
        return FALSE;
    }

    /* Every name is acceptable before anything is written. */
    for (guint i = 0; i < self->targets->len && ok; i++)
        ok = classify (dirfd, &g_array_index (self->targets, Target, i), force, error);

    /* Every temporary (and device) is written before any name changes. */
    for (guint i = 0; i < self->targets->len && ok; i++) {
        Target *t = &g_array_index (self->targets, Target, i);
        if (t->kind == TARGET_DIRECT) {
            ok = write_direct (self, dirfd, t, cancellable, error);
        } else {
            int fd = create_temp (dirfd, t, error);
            ok = fd >= 0 && write_fd (self, t, fd, TRUE, cancellable, error);
        }
    }
    if (ok)
        ok = publish (self, dirfd, force, error);
    clean_up (self, dirfd, ok);
    close (dirfd);
    if (!ok && !dir_existed)
        g_rmdir (self->dir);    /* only if still empty */
    return ok;
}
