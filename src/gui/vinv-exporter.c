/* vinv-exporter.c — the export worker: views in, files out.
 * Knows files and threads; the formats are the core's business.
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

gboolean
vinv_exporter_format_available (VinvExportFormat format)
{
    static gint available[VINV_EXPORT_LAST];   /* 0 unknown, 1 yes, 2 no */

    g_return_val_if_fail (format < VINV_EXPORT_LAST, FALSE);
    if (g_atomic_int_get (&available[format]) == 0) {
        g_autoptr (VinvTable) table = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
        g_autoptr (VinvView) view = vinv_view_new (table, NULL);
        g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
        g_autoptr (GError) error = NULL;
        gboolean ok = vinv_export_view (view, "VMs", format, out, NULL, &error)
                      || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
        g_atomic_int_set (&available[format], ok ? 1 : 2);
    }
    return g_atomic_int_get (&available[format]) == 1;
}

/* Writes @views to @file.  An existing file is replaced atomically (GIO
 * writes beside it and renames on close); a new one is removed again when
 * writing fails, so a failed export never leaves a partial file. */
static gboolean
write_file (GFile *file, VinvView *const *views, char **titles, guint n,
            VinvExportFormat format, GCancellable *cancellable, GError **error)
{
    gboolean existed = g_file_query_exists (file, NULL);
    g_autoptr (GFileOutputStream) out =
        g_file_replace (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                        cancellable, error);
    gboolean ok;

    if (out == NULL)
        return FALSE;
    if (n == 1)
        ok = vinv_export_view (views[0], titles[0], format, G_OUTPUT_STREAM (out),
                               cancellable, error);
    else
        ok = vinv_export_views_json (views, (const char *const *) titles, n,
                                     G_OUTPUT_STREAM (out), cancellable, error);
    if (!ok) {
        /* closing after a failure would commit a partial file: abandon it */
        g_autoptr (GCancellable) abandon = g_cancellable_new ();
        g_cancellable_cancel (abandon);
        g_output_stream_close (G_OUTPUT_STREAM (out), abandon, NULL);
        if (!existed)
            g_file_delete (file, NULL, NULL);
        return FALSE;
    }
    return g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
}

static void
export_thread (GTask *task, gpointer source_object, gpointer task_data,
               GCancellable *cancellable)
{
    ExportData *d = task_data;
    VinvView **views = (VinvView **) d->views->pdata;
    guint n = d->views->len;
    guint64 rows = 0;
    GError *error = NULL;
    g_autofree char *where = g_file_get_parse_name (d->dest);

    for (guint i = 0; i < n; i++)
        rows += vinv_view_get_n_rows (views[i]);

    if (n == 1 || d->format == VINV_EXPORT_JSON) {
        if (!write_file (d->dest, views, d->titles, n, d->format, cancellable, &error)) {
            g_prefix_error (&error, "Cannot export to %s: ", where);
            g_task_return_error (task, error);
            return;
        }
    } else {
        if (!g_file_make_directory_with_parents (d->dest, cancellable, &error)) {
            if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS)) {
                g_prefix_error (&error, "Cannot create %s: ", where);
                g_task_return_error (task, error);
                return;
            }
            g_clear_error (&error);
        }
        for (guint i = 0; i < n; i++) {
            const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (views[i]));
            g_autofree char *name = g_strdup_printf ("%s.%s", schema->id,
                                                     vinv_export_format_extension (d->format));
            g_autoptr (GFile) file = g_file_get_child (d->dest, name);
            if (!write_file (file, &views[i], &d->titles[i], 1, d->format, cancellable,
                             &error)) {
                g_autofree char *path = g_file_get_parse_name (file);
                g_prefix_error (&error, "Cannot export to %s: ", path);
                g_task_return_error (task, error);
                return;
            }
        }
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
