/* cmd-show.c — `tables`, `columns` and `show`: the commands that print.
 *
 * `tables` and `columns` build their listings as small tables of their
 * own (a schema each below), so the same printer and exporters serve them
 * and --format csv|json works as for any table.  `show` checks the TABLE
 * and the view options before connecting, loads, builds the view
 * (cmd-view.c) and prints it with printer.c; with --format csv or json its
 * output is exactly what `export` writes.
 */
#include <string.h>
#include "cmd-private.h"

/* Checks a --format value against the formats the command accepts (the
 * values of its --format row in the option table). */
static gboolean
check_format (VinvCli *cli)
{
    const char *format = cli->opts.format;
    const VinvOptionSpec *spec = vinv_cli_lookup_option (cli->opts.command, "format");
    const char *const *accepted = spec->values;
    g_autofree char *message = NULL;

    if (format == NULL || g_strv_contains (accepted, format))
        return TRUE;
    if (strcmp (format, "xlsx") == 0) {
        message = g_strdup_printf ("xlsx output is not supported yet; use --format %s",
                                   accepted[0]);
    } else {
        g_autofree char *list = g_strjoinv (", ", (char **) accepted);
        message = g_strdup_printf ("unknown format '%s' (formats: %s)", format, list);
    }
    vinv_cli_usage_error (cli, cli->opts.command, message);
    return FALSE;
}

/* --- tables and columns: listings built as small tables of their own, so
 * the same printer and exporters serve them --- */

enum { LT_SOURCE, LT_ID, LT_TITLE, LT_ROWS, LT_ERROR, LT_N_COLUMNS };

static const VinvColumn tables_listing_columns[] = {
    [LT_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    [LT_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL,
                VINV_COL_ROW_ID | VINV_COL_DEFAULT, "Table id" },
    [LT_TITLE] = { "title", "Title", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                   "Table title for these connections" },
    [LT_ROWS] = { "rows", "Rows", VINV_CELL_INT, NULL, NULL, VINV_COL_DEFAULT,
                  "Number of rows" },
    [LT_ERROR] = { "error", "Error", VINV_CELL_STRING, NULL, NULL, 0,
                   "Why the table failed to load" },
};

static const VinvSchema tables_listing_schema = {
    "tables", "Tables", NULL, tables_listing_columns, LT_N_COLUMNS,
};

enum {
    LC_SOURCE, LC_ID, LC_TITLE, LC_KIND, LC_UNIT, LC_DEFAULT, LC_AVAILABLE, LC_LINK,
    LC_HELP, LC_N_COLUMNS
};

static const VinvColumn columns_listing_columns[] = {
    [LC_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    [LC_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL,
                VINV_COL_ROW_ID | VINV_COL_DEFAULT, "Column id" },
    [LC_TITLE] = { "title", "Title", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                   "Column title" },
    [LC_KIND] = { "kind", "Kind", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                  "Kind of value" },
    [LC_UNIT] = { "unit", "Unit", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                  "Display unit of a quantity" },
    [LC_DEFAULT] = { "default", "Default", VINV_CELL_BOOL, NULL, NULL, VINV_COL_DEFAULT,
                     "Shown by default for these connections" },
    [LC_AVAILABLE] = { "available", "Available", VINV_CELL_BOOL, NULL, NULL,
                       VINV_COL_DEFAULT, "Filled by a connected back-end" },
    [LC_LINK] = { "link", "Link", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                  "Table the column links to" },
    [LC_HELP] = { "help", "Help", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                  "What the column means" },
};

static const VinvSchema columns_listing_schema = {
    "columns", "Columns", NULL, columns_listing_columns, LC_N_COLUMNS,
};

/* Prints a view in the chosen format; a write error is reported. */
static int
print_view (VinvCli *cli, VinvView *view, const char *title)
{
    g_autoptr (GError) error = NULL;

    if (vinv_print_view (view, title, cli->opts.format, vinv_cli_export_flags (&cli->opts),
                         cli->out, &error))
        return VINV_EXIT_OK;
    vinv_cli_error (cli, "cannot write the output: %s", error->message);
    return VINV_EXIT_USAGE;
}

int
vinv_cli_run_tables (VinvCli *cli)
{
    VinvTable *tables[VINV_TABLE_LAST];
    gboolean any_error = FALSE;
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_load (cli)) != VINV_EXIT_OK)
        return code;

    g_autoptr (VinvTable) listing = vinv_table_new (&tables_listing_schema);
    guint n = vinv_inventory_list_tables (cli->inventory, tables);
    for (guint i = 0; i < n; i++) {
        const VinvSchema *schema = vinv_table_get_schema (tables[i]);
        guint row = vinv_table_add_row (listing, "", schema->id);
        vinv_table_set_string (listing, row, LT_TITLE,
                               vinv_inventory_get_table_title (cli->inventory, tables[i]));
        vinv_table_set_int (listing, row, LT_ROWS, vinv_table_get_n_rows (tables[i]));
        vinv_table_set_string (listing, row, LT_ERROR, vinv_table_get_error (tables[i]));
        any_error |= vinv_table_get_error (tables[i]) != NULL;
    }
    g_autoptr (VinvView) view = vinv_view_new (listing, NULL);
    if (any_error)
        vinv_view_set_column_visible (view, LT_ERROR, TRUE);

    code = print_view (cli, view, tables_listing_schema.title);
    return vinv_cli_worse (code, vinv_cli_exit_code (cli->inventory, NULL, cli->n_failed_sources));
}

int
vinv_cli_run_columns (VinvCli *cli)
{
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    if (vinv_cli_known_schema (cli, g_ptr_array_index (cli->opts.args, 0)) == NULL)
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_load (cli)) != VINV_EXIT_OK)
        return code;
    VinvTable *table = vinv_cli_resolve_table (cli, g_ptr_array_index (cli->opts.args, 0));
    if (table == NULL)
        return VINV_EXIT_USAGE;

    const VinvSchema *schema = vinv_table_get_schema (table);
    g_autoptr (VinvTable) listing = vinv_table_new (&columns_listing_schema);
    for (guint c = 0; c < schema->n_columns; c++) {
        const VinvColumn *column = &schema->columns[c];
        guint row = vinv_table_add_row (listing, "", column->id);
        vinv_table_set_string (listing, row, LC_TITLE, column->title);
        vinv_table_set_string (listing, row, LC_KIND, vinv_cell_kind_name (column->kind));
        if (column->kind == VINV_CELL_QUANTITY && column->unit != NULL)
            vinv_table_set_string (listing, row, LC_UNIT, column->unit->name);
        vinv_table_set_bool (listing, row, LC_DEFAULT,
                             vinv_inventory_column_default_visible (cli->inventory, table, c));
        vinv_table_set_bool (listing, row, LC_AVAILABLE,
                             vinv_inventory_column_available (cli->inventory, table, c));
        vinv_table_set_string (listing, row, LC_LINK, column->target);
        vinv_table_set_string (listing, row, LC_HELP, column->help);
    }
    g_autoptr (VinvView) view = vinv_view_new (listing, NULL);
    g_autofree char *title = g_strdup_printf ("Columns of %s",
        vinv_inventory_get_table_title (cli->inventory, table));

    code = print_view (cli, view, title);
    return vinv_cli_worse (code,
                           vinv_cli_exit_code (cli->inventory, table, cli->n_failed_sources));
}

int
vinv_cli_run_show (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    const char *name;
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    if ((code = vinv_cli_check_anonymize_map (cli)) != VINV_EXIT_OK)
        return code;
    name = opts->args->len > 0 ? g_ptr_array_index (opts->args, 0)
         : cli->view != NULL ? cli->view->table : NULL;
    if (name == NULL)
        return vinv_cli_usage_error (cli, opts->command, "'show' needs a TABLE (or --view NAME)");
    const VinvSchema *schema = vinv_cli_known_schema (cli, name);
    if (schema == NULL)
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_check_view_before_connecting (cli, schema)) != VINV_EXIT_OK)
        return code;
    if ((code = vinv_cli_load (cli)) != VINV_EXIT_OK)
        return code;

    VinvTable *table = vinv_cli_resolve_table (cli, name);
    if (table == NULL)
        return VINV_EXIT_USAGE;

    g_autoptr (VinvView) view = vinv_view_new (table, cli->inventory);
    vinv_cli_apply_saved_settings (cli, view);
    if ((code = vinv_cli_setup_view (cli, view)) != VINV_EXIT_OK)
        return code;
    vinv_cli_warn_filter (cli, view);

    if (g_strcmp0 (opts->format, "xlsx") == 0 && cli->out_is_tty) {
        vinv_cli_error (cli, "xlsx is a binary file: redirect standard output to a file, "
                        "or use 'export --format xlsx -o FILE'");
        return VINV_EXIT_USAGE;
    }
    if (vinv_cli_anonymizing (cli)) {
        g_autoptr (VinvView) anonymous = vinv_cli_anonymize_view (cli, view);
        code = print_view (cli, anonymous, vinv_inventory_get_table_title (cli->inventory,
                                                                            table));
        code = vinv_cli_worse (code, vinv_cli_write_anonymize_map (cli));
    } else {
        code = print_view (cli, view, vinv_inventory_get_table_title (cli->inventory, table));
    }
    if (cli->out_is_tty && !opts->quiet
        && (opts->format == NULL || strcmp (opts->format, "text") == 0))
        fprintf (cli->err, "(%u of %u rows)\n", vinv_view_get_n_rows (view),
                 vinv_table_get_n_rows (table));
    vinv_cli_report_table_error (cli, table);
    return vinv_cli_worse (code,
                           vinv_cli_exit_code (cli->inventory, table, cli->n_failed_sources));
}
