/* cmd-export.c — `export [TABLE]...`: tables to CSV, JSON or XLSX files.
 *
 * Everything that can be refused is refused before connecting: the
 * format (from the core's format table), --output with --dir, unknown
 * tables, a --view of another table, and targets that exist without
 * --force (checked on empty tables of the schemas asked for).  Then the
 * views are built as `show` builds them (cmd-view.c), or with every column
 * for --all, and written through the core's export-files, which writes
 * all files or none.  This file never opens an output file itself.
 */
#include <gio/gunixoutputstream.h>
#include <string.h>
#include "cmd-private.h"
#include "core/export-files.h"

/* Checks --format for export against the core's format table: a format
 * it can write (default csv), or a usage error. */
static gboolean
check_export_format (VinvCli *cli, VinvExportFormat *format)
{
    const char *name = cli->opts.format;
    g_autofree char *message = NULL;

    *format = VINV_EXPORT_CSV;
    if (name == NULL)
        return TRUE;
    if (vinv_export_format_parse (name, format) && vinv_export_format_is_available (*format))
        return TRUE;
    if (vinv_export_format_parse (name, format)) {
        message = g_strdup_printf ("%s output is not supported yet; use --format csv",
                                   vinv_export_format_name (*format));
    } else {
        g_autoptr (GString) list = g_string_new (NULL);
        for (guint f = 0; f < VINV_EXPORT_LAST; f++) {
            if (vinv_export_format_is_available ((VinvExportFormat) f))
                g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "",
                                        vinv_export_format_name ((VinvExportFormat) f));
        }
        message = g_strdup_printf ("unknown format '%s' (formats: %s)", name, list->str);
    }
    vinv_cli_usage_error (cli, cli->opts.command, message);
    return FALSE;
}

/* Checks every target of @files (export-files.h), naming each one it
 * would refuse.  FALSE when something would be refused. */
static gboolean
check_export_files (VinvCli *cli, VinvExportFiles *files)
{
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (GPtrArray) problems =
        g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
    if (!vinv_export_files_check (files, opts->force, problems)) {
        gboolean existing = FALSE;
        for (guint i = 0; i < problems->len; i++) {
            const GError *problem = g_ptr_array_index (problems, i);
            vinv_cli_error (cli, "%s", problem->message);
            existing |= g_error_matches (problem, G_IO_ERROR, G_IO_ERROR_EXISTS);
        }
        if (existing)
            fprintf (cli->err, "  hint: nothing was written; use --force to overwrite, "
                     "or choose another %s\n", opts->output != NULL ? "--output" : "--dir");
        else
            fprintf (cli->err, "  hint: nothing was written; choose another %s\n",
                     opts->output != NULL ? "--output" : "--dir");
        return FALSE;
    }
    return TRUE;
}

/* Usage errors of an export, found before connecting: unknown tables, a
 * named view of another table, and targets that exist without --force
 * (checked with empty tables of the schemas asked for; with no TABLE, for
 * a one-file format only, whose name does not depend on the tables).
 * Fills @schemas (size VINV_TABLE_LAST) with the tables asked for, in
 * order, each once, and *@n with their number (0: all present). */
static int
check_export_before_connecting (VinvCli *cli, VinvExportFormat format, gboolean per_table,
                                const VinvSchema **schemas, guint *n)
{
    VinvCliOptions *opts = &cli->opts;
    *n = 0;
    for (guint i = 0; i < opts->args->len; i++) {
        const VinvSchema *schema = vinv_cli_known_schema (cli, g_ptr_array_index (opts->args, i));
        gboolean seen = FALSE;
        if (schema == NULL)
            return VINV_EXIT_USAGE;
        for (guint k = 0; k < *n; k++)
            seen |= schemas[k] == schema;
        if (!seen && *n < VINV_TABLE_LAST)
            schemas[(*n)++] = schema;
    }
    /* --view NAME without TABLE: that view's table only */
    if (*n == 0 && cli->view != NULL) {
        const VinvSchema *schema = vinv_cli_known_schema (cli, cli->view->table);
        if (schema == NULL)
            return VINV_EXIT_USAGE;
        schemas[(*n)++] = schema;
    }
    for (guint i = 0; i < *n && cli->view != NULL; i++) {
        if (vinv_schema_lookup (cli->view->table) != schemas[i])
            continue;
        int code = vinv_cli_check_view_before_connecting (cli, schemas[i]);
        if (code != VINV_EXIT_OK)
            return code;
    }

    guint m = *n;
    const VinvSchema *all[VINV_TABLE_LAST];
    if (m == 0 && !per_table) {
        for (guint k = 0; k < VINV_TABLE_LAST; k++)
            all[k] = vinv_schema_get (k);
        m = VINV_TABLE_LAST;
    } else {
        memcpy (all, schemas, m * sizeof *all);
    }
    if (m == 0)
        return VINV_EXIT_OK;
    const char *output = opts->output;
    if (output == NULL && opts->dir == NULL && !per_table)
        output = "-";
    g_autoptr (GPtrArray) tables =
        g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_table_unref);
    g_autoptr (GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_view_free);
    g_autofree const char **titles = g_new0 (const char *, m + 1);
    for (guint i = 0; i < m; i++) {
        VinvTable *t = vinv_table_new (all[i]);
        g_ptr_array_add (tables, t);
        g_ptr_array_add (views, vinv_view_new (t, NULL));
        titles[i] = all[i]->title;
    }
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvExportFiles) files = vinv_export_files_new (
        vinv_export_file_format_get (format), (VinvView *const *) views->pdata, titles, m,
        output, opts->dir, &error);
    if (files == NULL) {
        vinv_cli_error (cli, "%s", error->message);
        return VINV_EXIT_USAGE;
    }
    if (vinv_export_files_is_stdout (files))
        return VINV_EXIT_OK;
    return check_export_files (cli, files) ? VINV_EXIT_OK : VINV_EXIT_USAGE;
}

/* Writes the export through the core (export-files.h): checks every
 * target first and names each one it would refuse, then writes all files
 * or none.  Returns an exit code. */
static int
write_export (VinvCli *cli, VinvExportFormat format, VinvView *const *views,
              const char *const *titles, guint n, const char *output, VinvView *health)
{
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvExportFiles) files = vinv_export_files_new (
        vinv_export_file_format_get (format), views, titles, n, output, opts->dir, &error);

    if (files == NULL) {
        vinv_cli_error (cli, "%s", error->message);
        return VINV_EXIT_USAGE;
    }
    VinvExportOptions options = {
        .flags = vinv_cli_export_flags (opts),
        .inventory = cli->anonymous != NULL ? cli->anonymous : cli->inventory,
        .health = health,
    };
    vinv_export_files_set_options (files, &options);
    fflush (cli->out);
    g_autoptr (GOutputStream) out = g_unix_output_stream_new (fileno (cli->out), FALSE);
    vinv_export_files_set_stdout (files, out);

    if (!check_export_files (cli, files))
        return VINV_EXIT_USAGE;
    if (!vinv_export_files_write (files, opts->force, NULL, &error)) {
        vinv_cli_error (cli, "%s", error->message);
        return VINV_EXIT_USAGE;
    }
    for (guint i = 0; i < vinv_export_files_get_n_files (files); i++) {
        if (cli->err_is_tty && !opts->quiet && !vinv_export_files_is_stdout (files))
            fprintf (cli->err, "wrote %s\n", vinv_export_files_get_path (files, i));
    }
    return VINV_EXIT_OK;
}

int
vinv_cli_run_export (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    VinvExportFormat format;
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = 0;
    int code;

    if (!check_export_format (cli, &format))
        return VINV_EXIT_USAGE;
    if (opts->output != NULL && opts->dir != NULL)
        return vinv_cli_usage_error (cli, opts->command, "--output and --dir exclude each other");
    gboolean per_table = vinv_export_file_format_get (format)->layout
                         == VINV_EXPORT_LAYOUT_PER_TABLE;
    if (per_table && opts->output != NULL && opts->args->len != 1) {
        g_autofree char *message = g_strdup_printf (
            "%s puts one table in a file: name one TABLE for --output, or use --dir",
            vinv_export_format_name (format));
        return vinv_cli_usage_error (cli, opts->command, message);
    }
    const VinvSchema *schemas[VINV_TABLE_LAST];
    guint n_asked;
    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    if ((code = vinv_cli_check_anonymize_map (cli)) != VINV_EXIT_OK)
        return code;
    if ((code = check_export_before_connecting (cli, format, per_table, schemas, &n_asked))
        != VINV_EXIT_OK)
        return code;
    if ((code = vinv_cli_load (cli)) != VINV_EXIT_OK)
        return code;

    /* The tables, in the order asked (each once), or all present. */
    if (n_asked == 0) {
        n = vinv_inventory_list_tables (cli->inventory, tables);
    } else {
        for (guint i = 0; i < n_asked; i++) {
            VinvTable *table = vinv_cli_resolve_table (cli, schemas[i]->id);
            if (table == NULL)
                return VINV_EXIT_USAGE;
            tables[n++] = table;
        }
    }

    /* The views: what `show` would print, or everything with --all. */
    g_autoptr (GPtrArray) views = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_view_free);
    g_autofree const char **titles = g_new0 (const char *, n + 1);
    for (guint i = 0; i < n; i++) {
        VinvView *view = vinv_view_new (tables[i], cli->inventory);
        g_ptr_array_add (views, view);
        titles[i] = vinv_inventory_get_table_title (cli->inventory, tables[i]);
        if (opts->all) {
            vinv_view_set_columns_text (view, "all", NULL);
            continue;
        }
        vinv_cli_apply_saved_settings (cli, view);
        if (vinv_cli_named_view_is_for (cli, tables[i]) && !vinv_cli_apply_named_view (cli, view))
            return VINV_EXIT_USAGE;
    }
    if (vinv_cli_anonymizing (cli)) {
        for (guint i = 0; i < n; i++) {
            VinvView *anonymous = vinv_cli_anonymize_view (cli, views->pdata[i]);
            vinv_view_free (views->pdata[i]);
            views->pdata[i] = anonymous;
        }
    }

    /* A one-file format without -o or -d goes to standard output. */
    const char *output = opts->output;
    if (output == NULL && opts->dir == NULL && !per_table)
        output = "-";
    if (format == VINV_EXPORT_XLSX && cli->out_is_tty && output != NULL
        && (strcmp (output, "-") == 0 || strcmp (output, "/dev/stdout") == 0)) {
        vinv_cli_error (cli, "xlsx is a binary file: give --output FILE or --dir DIR");
        return VINV_EXIT_USAGE;
    }
    /* the whole inventory as XLSX: a Health sheet with what `check` prints
     * (of the anonymised copy with --anonymize, so no name leaks there) */
    g_autoptr (VinvView) health = NULL;
    if (format == VINV_EXPORT_XLSX && n_asked == 0)
        health = vinv_cli_health_view (cli, cli->anonymous != NULL ? cli->anonymous
                                                                   : cli->inventory);
    code = write_export (cli, format, (VinvView *const *) views->pdata, titles, n, output,
                         health);
    if (code != VINV_EXIT_OK)
        return code;

    code = vinv_cli_write_anonymize_map (cli);
    for (guint i = 0; i < n; i++) {
        vinv_cli_report_table_error (cli, tables[i]);
        code = vinv_cli_worse (code, vinv_cli_exit_code (cli->inventory, tables[i],
                                                cli->n_failed_sources));
    }
    return vinv_cli_worse (code, vinv_cli_exit_code (NULL, NULL, cli->n_failed_sources));
}
