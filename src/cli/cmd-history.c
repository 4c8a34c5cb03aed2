/* cmd-history.c — the commands about inventories over time: `save`,
 * `diff`, `record` and `history`.
 *
 * `diff` opens each side through the back-end registry (a saved file, a
 * history record, any URI, or '-' for the connections of the command
 * line), compares them with the core (diff.h) and prints the changes table
 * as text, CSV or JSON.  `save`, `record` and `history` write or read
 * through hooks that main.c sets to the saved-inventory back-end, so this
 * library links no back-end.  Usage errors are found before anything is
 * opened.
 */
#include <string.h>
#include <unistd.h>
#include "cli.h"
#include "core/diff.h"

static const VinvCliHistoryHooks *history_hooks;

void
vinv_cli_set_history_hooks (const VinvCliHistoryHooks *hooks)
{
    history_hooks = hooks;
}

static const char *const formats[] = { "text", "csv", "json", NULL };

static int
usage (VinvCli *cli, const char *format, ...) G_GNUC_PRINTF (2, 3);

static int
usage (VinvCli *cli, const char *format, ...)
{
    va_list args;
    g_autofree char *message = NULL;

    va_start (args, format);
    message = g_strdup_vprintf (format, args);
    va_end (args);
    vinv_cli_error (cli, "%s", message);
    fprintf (cli->err, "Try '%s %s --help' for more information.\n", VINV_PROGRAM,
             cli->opts.command->name);
    return VINV_EXIT_USAGE;
}

static gboolean
check_format (VinvCli *cli)
{
    if (cli->opts.format == NULL || g_strv_contains (formats, cli->opts.format))
        return TRUE;
    usage (cli, "unknown format '%s' (formats: text, csv, json)", cli->opts.format);
    return FALSE;
}

static gboolean
have_hooks (VinvCli *cli)
{
    if (history_hooks != NULL)
        return TRUE;
    vinv_cli_error (cli, "this build has no saved-inventory back-end (SQLite)");
    return FALSE;
}

/* Loads the configuration and the connections of the command line. */
static int
load_live (VinvCli *cli)
{
    int code = cli->config == NULL ? vinv_cli_prepare (cli) : VINV_EXIT_OK;

    if (code != VINV_EXIT_OK)
        return code;
    return vinv_cli_connect (cli);
}

static gint64
now_ms (void)
{
    return g_get_real_time () / 1000;
}

/* The exit code for what was loaded, whatever the command did with it. */
static int
load_exit_code (VinvCli *cli)
{
    return vinv_cli_exit_code (cli->inventory, NULL, cli->n_failed_sources);
}

/* Reports every table of @inventory that failed to load. */
static void
report_failed_tables (VinvCli *cli, const VinvInventory *inventory, const char *what)
{
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);

    for (guint i = 0; i < n; i++) {
        const char *error = vinv_table_get_error (tables[i]);
        if (error != NULL)
            vinv_cli_error (cli, "%s%stable '%s' failed to load: %s", what != NULL ? what : "",
                            what != NULL ? ": " : "", vinv_table_get_schema (tables[i])->id,
                            error);
    }
}

/* --- save --- */

int
vinv_cli_run_save (VinvCli *cli)
{
    const char *path = g_ptr_array_index (cli->opts.args, 0);
    g_autoptr (GError) error = NULL;
    int code;

    if (!have_hooks (cli))
        return VINV_EXIT_CONNECT;
    if (!cli->opts.force && g_file_test (path, G_FILE_TEST_EXISTS)) {
        vinv_cli_error (cli, "'%s' already exists", path);
        fprintf (cli->err, "  hint: nothing was written; use --force to replace it\n");
        return VINV_EXIT_USAGE;
    }
    if ((code = load_live (cli)) != VINV_EXIT_OK)
        return code;
    if (!history_hooks->save (cli->inventory, path, cli->opts.force, now_ms (), &error)) {
        vinv_cli_error (cli, "cannot save: %s", error->message);
        return VINV_EXIT_USAGE;
    }
    if (cli->err_is_tty && !cli->opts.quiet)
        fprintf (cli->err, "saved %s\n", path);
    report_failed_tables (cli, cli->inventory, NULL);
    return load_exit_code (cli);
}

/* --- record and history --- */

static char *
dup_history_db (VinvCli *cli)
{
    if (cli->opts.history != NULL)
        return g_strdup (cli->opts.history);
    return history_hooks->dup_default_db ();
}

int
vinv_cli_run_record (VinvCli *cli)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *db = NULL;
    g_autofree char *summary = NULL;
    int code;

    if (!have_hooks (cli))
        return VINV_EXIT_CONNECT;
    db = dup_history_db (cli);
    if ((code = load_live (cli)) != VINV_EXIT_OK)
        return code;
    if (!history_hooks->record (db, cli->inventory, now_ms (), &summary, &error)) {
        vinv_cli_error (cli, "cannot record: %s", error->message);
        return VINV_EXIT_CONNECT;
    }
    if (!cli->opts.quiet)
        fprintf (cli->out, "%s\n", summary);
    report_failed_tables (cli, cli->inventory, NULL);
    return load_exit_code (cli);
}

/* Prints @table in --format; its Source column too if @show_source. */
static int
print_table (VinvCli *cli, VinvTable *table, gboolean show_source)
{
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);
    g_autoptr (GError) error = NULL;

    if (show_source) {
        vinv_view_set_column_visible (view, VINV_COLUMN_SOURCE, TRUE);
        vinv_view_move_column (view, VINV_COLUMN_SOURCE, 0);
    }

    if (vinv_print_view (view, vinv_table_get_schema (table)->title, cli->opts.format,
                         vinv_cli_export_flags (&cli->opts), cli->out, &error))
        return VINV_EXIT_OK;
    vinv_cli_error (cli, "cannot write the output: %s", error->message);
    return VINV_EXIT_USAGE;
}

int
vinv_cli_run_history (VinvCli *cli)
{
    GPtrArray *args = cli->opts.args;
    const char *what = g_ptr_array_index (args, 0);
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvTable) table = NULL;
    g_autofree char *db = NULL;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if (strcmp (what, "list") == 0) {
        if (args->len != 1)
            return usage (cli, "'history list' takes no arguments");
    } else if (strcmp (what, "show") == 0) {
        if (args->len != 3)
            return usage (cli, "'history show' needs TABLE and ID");
        if (vinv_schema_lookup (g_ptr_array_index (args, 1)) == NULL)
            return usage (cli, "unknown table '%s'", (char *) g_ptr_array_index (args, 1));
    } else {
        return usage (cli, "unknown history command '%s' (list or show)", what);
    }
    if (!have_hooks (cli))
        return VINV_EXIT_CONNECT;

    db = dup_history_db (cli);
    if (strcmp (what, "list") == 0)
        table = history_hooks->list (db, &error);
    else
        table = history_hooks->show (db, vinv_schema_lookup (g_ptr_array_index (args, 1))->id,
                                     g_ptr_array_index (args, 2), &error);
    if (table == NULL) {
        vinv_cli_error (cli, "%s", error->message);
        return VINV_EXIT_CONNECT;
    }
    return print_table (cli, table, FALSE);
}

/* --- diff --- */

/* Opens one side of a diff: @arg is '-' (the live connections), @N (a
 * record of --history), an existing file (a saved inventory) or a URI.
 * Returns the inventory (borrowed from cli for '-', else owned via
 * *@owned) or NULL after printing why, with *@code set. */
static VinvInventory *
open_side (VinvCli *cli, const char *arg, VinvInventory **owned, int *code)
{
    g_autofree char *uri = NULL;
    g_autoptr (GError) error = NULL;

    *owned = NULL;
    if (strcmp (arg, "-") == 0) {
        *code = load_live (cli);
        return *code == VINV_EXIT_OK ? cli->inventory : NULL;
    }
    if (arg[0] == '@' && history_hooks != NULL) {
        g_autofree char *db = dup_history_db (cli);
        uri = g_strdup_printf ("history:%s%s", db, arg);
    } else if (g_file_test (arg, G_FILE_TEST_EXISTS)) {
        uri = g_strdup_printf ("file:%s", arg);
    } else {
        uri = g_strdup (arg);
    }

    VinvBackend *backend = vinv_backend_open (uri, NULL, NULL, &error);
    if (backend != NULL) {
        *owned = vinv_inventory_new ();
        if (!vinv_backend_fetch (backend, *owned, NULL, NULL, NULL, &error))
            g_clear_pointer (owned, vinv_inventory_free);
        vinv_backend_close (backend);
    }
    if (*owned == NULL) {
        vinv_cli_error (cli, "cannot open '%s': %s", arg, error->message);
        *code = VINV_EXIT_CONNECT;
        return NULL;
    }
    *code = VINV_EXIT_OK;
    return *owned;
}

/* Sets @mask for @schema from --columns and --all-columns. */
static gboolean
column_mask (VinvCli *cli, const VinvSchema *schema, gboolean *mask)
{
    if (cli->opts.columns == NULL) {
        vinv_diff_default_columns (schema, cli->opts.all_columns, mask);
        return TRUE;
    }
    memset (mask, 0, schema->n_columns * sizeof *mask);
    g_auto (GStrv) names = g_strsplit (cli->opts.columns, ",", -1);
    for (guint i = 0; names[i] != NULL; i++) {
        const char *name = g_strstrip (names[i]);
        int c = vinv_schema_lookup_column (schema, name);
        if (c < 0) {
            vinv_cli_error (cli, "--columns: table '%s' has no column '%s'", schema->id, name);
            return FALSE;
        }
        mask[c] = TRUE;
    }
    return TRUE;
}

/* A view of @table (or of an empty table of @schema when absent) with
 * --filter applied.  NULL after printing the filter error. */
static VinvView *
side_view (VinvCli *cli, const VinvInventory *inventory, const VinvSchema *schema,
           VinvTable **empty)
{
    VinvTable *table = vinv_inventory_get_table (inventory, vinv_schema_get_kind (schema));
    g_autoptr (VinvFilterError) filter_error = NULL;

    if (table == NULL) {
        if (*empty == NULL)
            *empty = vinv_table_new (schema);
        table = *empty;
    }
    VinvView *view = vinv_view_new (table, inventory);
    if (cli->opts.filter != NULL && !vinv_view_set_filter (view, cli->opts.filter,
                                                           &filter_error)) {
        vinv_print_filter_error (cli->err, cli->opts.filter, filter_error);
        vinv_view_free (view);
        return NULL;
    }
    return view;
}

/* Prints the changes of one table as text. */
static void
print_text (VinvCli *cli, VinvTable *changes, guint from, guint to, const char *title,
            const VinvDiffCounts *counts, gboolean show_source)
{
    static const char *const kinds[] = { "added", "removed", "changed" };
    static const char marks[] = { '+', '-', '~' };
    FILE *out = cli->out;

    fprintf (out, "%s: %u added, %u removed, %u changed\n", title, counts->added,
             counts->removed, counts->changed);
    for (guint k = 0; k < G_N_ELEMENTS (kinds); k++) {
        const char *last_id = NULL;
        const char *last_source = NULL;
        for (guint r = from; r < to; r++) {
            const VinvCell *cells = vinv_table_get_row (changes, r);
            if (strcmp (cells[VINV_DIFF_COL_CHANGE].v.s, kinds[k]) != 0)
                continue;
            const char *id = cells[VINV_DIFF_COL_ID].v.s;
            const char *source = cells[VINV_DIFF_COL_SOURCE].v.s;
            if (last_id == NULL || strcmp (id, last_id) != 0 || strcmp (source, last_source) != 0) {
                const VinvCell *name = &cells[VINV_DIFF_COL_NAME];
                g_autofree char *safe_name = vinv_text_sanitize (
                    name->kind == VINV_CELL_STRING ? name->v.s : id);
                g_autofree char *safe_id = vinv_text_sanitize (id);
                g_autofree char *safe_source = vinv_text_sanitize (source);
                fprintf (out, "%c %s%s%s (%s)\n", marks[k], show_source ? safe_source : "",
                         show_source ? ": " : "", safe_name, safe_id);
                last_id = id;
                last_source = source;
            }
            if (k != 2)
                continue;
            const VinvCell *old_cell = &cells[VINV_DIFF_COL_OLD];
            const VinvCell *new_cell = &cells[VINV_DIFF_COL_NEW];
            g_autofree char *col = vinv_text_sanitize (cells[VINV_DIFF_COL_COLUMN].v.s);
            g_autofree char *old_text = vinv_text_sanitize (
                old_cell->kind == VINV_CELL_STRING ? old_cell->v.s : "(no value)");
            g_autofree char *new_text = vinv_text_sanitize (
                new_cell->kind == VINV_CELL_STRING ? new_cell->v.s : "(no value)");
            fprintf (out, "    %s: %s → %s\n", col, old_text, new_text);
        }
    }
}

int
vinv_cli_run_diff (VinvCli *cli)
{
    GPtrArray *args = cli->opts.args;
    const VinvSchema *schemas[VINV_TABLE_LAST];
    guint n_schemas = 0;
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if (strcmp (g_ptr_array_index (args, 0), "-") == 0
        && strcmp (g_ptr_array_index (args, 1), "-") == 0)
        return usage (cli, "only one side can be '-' (the live connections)");
    for (guint i = 2; i < args->len; i++) {
        const VinvSchema *schema = vinv_schema_lookup (g_ptr_array_index (args, i));
        if (schema == NULL)
            return usage (cli, "unknown table '%s'", (char *) g_ptr_array_index (args, i));
        gboolean seen = FALSE;
        for (guint k = 0; k < n_schemas; k++)
            seen |= schemas[k] == schema;
        if (!seen)
            schemas[n_schemas++] = schema;
    }
    /* --columns must name columns of every table compared: check what can
     * be checked before opening anything. */
    for (guint k = 0; k < n_schemas; k++) {
        g_autofree gboolean *mask = g_new0 (gboolean, schemas[k]->n_columns);
        if (!column_mask (cli, schemas[k], mask))
            return VINV_EXIT_USAGE;
    }

    g_autoptr (VinvInventory) owned_a = NULL;
    g_autoptr (VinvInventory) owned_b = NULL;
    VinvInventory *a = open_side (cli, g_ptr_array_index (args, 0), &owned_a, &code);
    if (a == NULL)
        return code;
    VinvInventory *b = open_side (cli, g_ptr_array_index (args, 1), &owned_b, &code);
    if (b == NULL)
        return code;

    if (n_schemas == 0) {
        for (guint k = 0; k < VINV_TABLE_LAST; k++) {
            if (vinv_inventory_get_table (a, k) != NULL || vinv_inventory_get_table (b, k) != NULL)
                schemas[n_schemas++] = vinv_schema_get (k);
        }
    }

    g_autoptr (VinvTable) changes = vinv_table_new (vinv_diff_get_schema ());
    guint from[VINV_TABLE_LAST + 1];
    VinvDiffCounts counts[VINV_TABLE_LAST];
    gboolean failed = FALSE;
    memset (counts, 0, sizeof counts);
    for (guint k = 0; k < n_schemas; k++) {
        g_autofree gboolean *mask = g_new0 (gboolean, schemas[k]->n_columns);
        g_autoptr (VinvTable) empty_a = NULL;
        g_autoptr (VinvTable) empty_b = NULL;
        if (!column_mask (cli, schemas[k], mask))
            return VINV_EXIT_USAGE;
        g_autoptr (VinvView) view_a = side_view (cli, a, schemas[k], &empty_a);
        if (view_a == NULL)
            return VINV_EXIT_USAGE;
        g_autoptr (VinvView) view_b = side_view (cli, b, schemas[k], &empty_b);
        if (view_b == NULL)
            return VINV_EXIT_USAGE;
        from[k] = vinv_table_get_n_rows (changes);
        vinv_diff_views (view_a, view_b, mask, changes, &counts[k]);
        failed |= vinv_table_get_error (vinv_view_get_table (view_a)) != NULL
               || vinv_table_get_error (vinv_view_get_table (view_b)) != NULL;
    }
    from[n_schemas] = vinv_table_get_n_rows (changes);

    gboolean show_source = vinv_inventory_get_n_sources (a) > 1
                        || vinv_inventory_get_n_sources (b) > 1;
    if (cli->opts.format == NULL || strcmp (cli->opts.format, "text") == 0) {
        for (guint k = 0; k < n_schemas; k++) {
            if (from[k] == from[k + 1])
                continue;
            print_text (cli, changes, from[k], from[k + 1], schemas[k]->title, &counts[k],
                        show_source);
        }
        fflush (cli->out);
    } else if ((code = print_table (cli, changes, show_source)) != VINV_EXIT_OK) {
        return code;
    }

    report_failed_tables (cli, a, g_ptr_array_index (args, 0));
    report_failed_tables (cli, b, g_ptr_array_index (args, 1));
    code = vinv_cli_exit_code (NULL, NULL, cli->n_failed_sources);
    if (code == VINV_EXIT_OK && failed)
        code = VINV_EXIT_PARTIAL;
    if (code == VINV_EXIT_OK && vinv_table_get_n_rows (changes) > 0)
        code = VINV_EXIT_DIFFERENT;
    return code;
}
