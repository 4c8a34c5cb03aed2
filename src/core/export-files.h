/* export-files.h — writing exports to files: the one place that does.
 *
 * The exporters (export.h) turn views into bytes on a stream; this module
 * decides which files an export writes and writes them safely.  Both front
 * ends call it, so the rules below hold for `virt-inventory export` and for
 * the window's Export dialog alike.
 *
 * Layout.  Each format has one row in a small table (export-files.c): a
 * "one file" format writes every table into a single file (JSON:
 * {"tables": [...]}); a "per table" format writes DIR/TABLE-ID.EXT for each
 * table (CSV).  With an explicit output file, a per-table format takes
 * exactly one table.  In a directory, a one-file format writes
 * DIR/inventory.EXT.  A row whose writer is NULL is a known format that is
 * not available yet (XLSX); a new writer is one row.
 *
 * Safety, for every file written:
 *   - Atomic: the content goes to a temporary file in the target's own
 *     directory, is flushed to disk (fsync), then renamed over the final
 *     name.  A reader sees the old file or the new one, never a mix.
 *   - Abandon on failure: any error — a writer that fails, a full disk, a
 *     file size limit, cancellation — removes the temporaries; the old
 *     files stay byte-identical and no temporary is left behind.
 *   - All or nothing per run: every temporary of a multi-file export is
 *     written before any is renamed; if a rename fails, the files already
 *     replaced are put back (from hard-linked backups) and the new ones
 *     removed.
 *   - No symlink following: the final name is looked at with lstat
 *     semantics.  A symbolic link there is refused, with or without force:
 *     it is never written through and never replaced.  (Directories on the
 *     way to the file, including --dir itself, are followed as usual.)  A
 *     link that resolves to a character device or FIFO (/dev/stdout on a
 *     terminal or a pipe) is the one exception: see "Devices".
 *   - No overwrite without force: an existing entry of any kind (a file,
 *     a dangling link) makes the check fail.  The pre-check and the write
 *     classify the name by the same function, and the final rename refuses
 *     to replace (RENAME_NOREPLACE) when force is off, so the two cannot
 *     disagree.
 *   - Permissions: a new or replaced file gets mode 0666 & ~umask, never
 *     wider (a replaced file's old mode, owner and hard links are not
 *     kept: it is a new file).
 *   - Devices: "-" (and "/dev/stdout", which means the same) is the
 *     stream set with vinv_export_files_set_stdout(); an existing
 *     character device or FIFO
 *     (/dev/null, /dev/stdout, a named pipe) is opened and written
 *     directly, without a temporary, and needs no force.  What was written
 *     to a stream cannot be taken back.
 *
 * Errors are G_IO_ERROR codes with a message that names the file:
 * G_IO_ERROR_EXISTS ("'out/vms.csv' already exists"),
 * G_IO_ERROR_NOT_REGULAR_FILE (a symbolic link, a socket),
 * G_IO_ERROR_IS_DIRECTORY, G_IO_ERROR_NOT_SUPPORTED (format not available),
 * G_IO_ERROR_INVALID_ARGUMENT (a layout the format cannot take), and the
 * system's errors as "cannot write 'PATH': REASON".
 */
#pragma once

#include <gio/gio.h>
#include "export.h"

G_BEGIN_DECLS

typedef enum {
    VINV_EXPORT_LAYOUT_ONE_FILE,    /* every table in one file */
    VINV_EXPORT_LAYOUT_PER_TABLE,   /* one file per table: DIR/TABLE-ID.EXT */
} VinvExportLayout;

/* Writes @n views titled @titles (may be NULL) to @out, which stays open,
 * as @options say (never NULL).  Called with n = 1 for each file of a
 * per-table format.  Returns FALSE with @error on a write error or
 * cancellation; what it wrote by then is abandoned by the caller. */
typedef gboolean (*VinvExportWriteFunc) (VinvView *const *views, const char *const *titles,
                                         guint n, const VinvExportOptions *options,
                                         GOutputStream *out, GCancellable *cancellable,
                                         GError **error);

/* One row of the format table.  Rows are static; the name and extension
 * come from export.h (vinv_export_format_name/extension). */
typedef struct {
    VinvExportFormat format;
    const char *label;              /* for people: "CSV", "Excel (XLSX)" */
    VinvExportLayout layout;
    VinvExportWriteFunc write;      /* NULL: known, not available yet */
} VinvExportFileFormat;

/* The row of @format (static, never NULL for a valid format). */
const VinvExportFileFormat *vinv_export_file_format_get (VinvExportFormat format);

/* TRUE if @format can be written now (its row has a writer).  This is what
 * front ends ask; they never try an export to find out. */
gboolean vinv_export_format_is_available (VinvExportFormat format);

/* TRUE if exporting @n_tables tables in @format writes several files, so
 * the destination is a directory (a per-table format and n > 1). */
gboolean vinv_export_format_needs_dir (VinvExportFormat format, guint n_tables);

/* The file name an export of @format gets in a directory: "TABLE-ID.EXT"
 * for @schema, or "inventory.EXT" when @schema is NULL (every table in one
 * file).  Owned by caller. */
char *vinv_export_dup_file_name (VinvExportFormat format, const VinvSchema *schema);

typedef struct _VinvExportFiles VinvExportFiles;

/* Plans an export of @n views (borrowed, with their @titles, until the
 * plan is freed) in @format:
 *   @output non-NULL — one file, @output, or the standard-output stream
 *                      for "-" or "/dev/stdout"; a per-table format then
 *                      needs n = 1;
 *   @output NULL     — into @dir (NULL: the current directory; created with
 *                      its parents by the write if missing): DIR/inventory.EXT
 *                      or DIR/TABLE-ID.EXT per view.
 * Nothing is touched on disk.  Returns NULL with @error if @format is not
 * available (G_IO_ERROR_NOT_SUPPORTED) or the layout does not fit
 * (G_IO_ERROR_INVALID_ARGUMENT: several views for one per-table file, two
 * views of one table, an empty @output). */
VinvExportFiles *vinv_export_files_new (const VinvExportFileFormat *format,
                                        VinvView *const *views, const char *const *titles,
                                        guint n, const char *output, const char *dir,
                                        GError **error);
void vinv_export_files_free (VinvExportFiles *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvExportFiles, vinv_export_files_free)

/* The options every file of the plan is written with (copied; the
 * inventory and the health view are borrowed until the plan is freed).  Default: all zero. */
void vinv_export_files_set_options (VinvExportFiles *self, const VinvExportOptions *options);

/* The stream "-" writes to (referenced; flushed, never closed).  Without
 * one, writing to "-" fails with G_IO_ERROR_NOT_SUPPORTED. */
void vinv_export_files_set_stdout (VinvExportFiles *self, GOutputStream *stream);

/* The files the plan writes, in order (for standard output, "-" or
 * "/dev/stdout" as given); the path of file @i is borrowed. */
guint vinv_export_files_get_n_files (const VinvExportFiles *self);
const char *vinv_export_files_get_path (const VinvExportFiles *self, guint i);

/* TRUE if the plan writes to the standard-output stream (its one file is
 * "-" or "/dev/stdout"). */
gboolean vinv_export_files_is_stdout (const VinvExportFiles *self);

/* Looks at every target without writing: appends to @problems (a
 * GPtrArray of GError *, with g_error_free as its free function) one error
 * per file that the write would refuse — G_IO_ERROR_EXISTS without @force,
 * a symbolic link, a directory, a socket.  Returns TRUE if there is none.
 * A missing directory is not a problem (the write creates it). */
gboolean vinv_export_files_check (VinvExportFiles *self, gboolean force, GPtrArray *problems);

/* Writes every file of the plan, all or nothing (see the top of this
 * file).  Replaces existing files only with @force.  Returns FALSE with
 * @error (the first problem or failure, naming its file) if anything was
 * not written; the files on disk are then as they were.  Not thread-safe
 * for one plan; plans are independent. */
gboolean vinv_export_files_write (VinvExportFiles *self, gboolean force,
                                  GCancellable *cancellable, GError **error);

G_END_DECLS
