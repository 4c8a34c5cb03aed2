/* vinv-exporter.c — the export worker: views in, files out.
 * Knows threads and GFile; the file layout, the safe write and the formats
 * are the core's business (export-files.h).
 */
#include "vinv-exporter.h"

typedef struct {
    GPtrArray *views;
    char **titles;
    VinvExportFormat format;
    GFile *dest;
} ExportData;

static void
export_data_free (gpointer data)
{
    ExportData *d = data;
    g_ptr_array_unref (d->views);
    g_strfreev (d->titles);
    g_object_unref (d->dest);
    g_free (d);
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data,
               GCancellable *cancellable)
{
    ExportData *d = task_data;
    guint n = d->views->len;
    guint64 rows = 0;
    GError *error = NULL;
    g_autofree char *path = g_file_get_path (d->dest);
    g_autofree char *where = g_file_get_parse_name (d->dest);

    for (guint i = 0; i < n; i++)
        rows += vinv_view_get_n_rows (g_ptr_array_index (d->views, i));
    if (path == NULL) {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 "Cannot export to %s: only local files can be written",
                                 where);
        return;
    }

    gboolean folder = vinv_export_format_needs_dir (d->format, n);
    g_autoptr (VinvExportFiles) files = vinv_export_files_new (
        vinv_export_file_format_get (d->format), (VinvView *const *) d->views->pdata,
        (const char *const *) d->titles, n, folder ? NULL : path, folder ? path : NULL,
        &error);
    if (files == NULL || !vinv_export_files_write (files, TRUE, cancellable, &error)) {
        g_prefix_error (&error, "Export failed: ");
        g_task_return_error (task, error);
        return;
    }
    char *summary = g_strdup_printf ("Exported %u %s (%" G_GUINT64_FORMAT " %s) to %s",
                                     n, n == 1 ? "table" : "tables",
                                     rows, rows == 1 ? "row" : "rows", where);
    g_task_return_pointer (task, summary, g_free);
}

void
vinv_exporter_write_async (GPtrArray *views, char **titles,
                           VinvExportFormat format, GFile *dest,
                           GCancellable *cancellable,
                           GAsyncReadyCallback callback, gpointer user_data)
{
    GTask *task = g_task_new (NULL, cancellable, callback, user_data);
    ExportData *d = g_new0 (ExportData, 1);

    d->views = views;
    d->titles = titles;
    d->format = format;
    d->dest = g_object_ref (dest);
    g_task_set_task_data (task, d, export_data_free);
    g_task_set_source_tag (task, vinv_exporter_write_async);
    if (views->len == 0) {
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "No table to export");
    } else {
        g_task_run_in_thread (task, export_thread);
    }
    g_object_unref (task);
}

gboolean
vinv_exporter_write_finish (GAsyncResult *result, char **summary, GError **error)
{
    char *text = g_task_propagate_pointer (G_TASK (result), error);
    if (text == NULL)
        return FALSE;
    if (summary != NULL)
        *summary = text;
    else
        g_free (text);
    return TRUE;
}
