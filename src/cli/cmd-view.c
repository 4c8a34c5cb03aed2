/* cmd-view.c — from a TABLE argument and the view options to a core view,
 * for `show` and `export` alike (cmd-private.h).
 *
 * Before connecting, a TABLE is checked against the schemas and the view
 * options are tried on an empty table, so a typo fails at once instead of
 * after a slow load.  After loading, the table is looked up in the
 * inventory and the settings apply in a fixed order: the profile's saved
 * settings (a stale one is a warning), then --view (an error if it does
 * not apply: it was asked for by name), then -a, -o, -s and -f.  The view
 * itself (filter, sort, columns) is the core's; nothing here filters or
 * sorts.
 */
#include <string.h>
#include "cmd-private.h"

/* The ids of the present tables, joined by ", ". */
static char *
dup_table_ids (const VinvInventory *inventory)
{
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < n; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? ", " : "",
                                vinv_table_get_schema (tables[i])->id);
    if (n == 0)
        g_string_append (out, "none");
    return g_string_free (out, FALSE);
}

VinvTable *
vinv_cli_resolve_table (VinvCli *cli, const char *name)
{
    VinvTable *table = vinv_inventory_lookup_table (cli->inventory, name);
    g_autofree char *ids = NULL;

    if (table != NULL)
        return table;
    ids = dup_table_ids (cli->inventory);
    if (vinv_schema_lookup (name) != NULL)
        vinv_cli_error (cli, "table '%s' is not provided by these connections", name);
    else
        vinv_cli_error (cli, "unknown table '%s'", name);
    fprintf (cli->err, "  hint: tables present: %s\n", ids);
    return NULL;
}

void
vinv_cli_apply_saved_settings (VinvCli *cli, VinvView *view)
{
    const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (view));
    VinvTableSettings settings = { 0 };
    g_autoptr (GError) error = NULL;
    g_autofree char *scope = NULL;

    if (cli->profile == NULL)
        return;
    /* the profile's own settings (what the window saved for it), else [table ID] */
    scope = vinv_config_scope (cli->profile->name, NULL);
    if (!vinv_config_get_table_settings (cli->config, scope, schema->id, &settings))
        return;
    if (!vinv_table_settings_apply (&settings, view, &error))
        vinv_cli_warning (cli, "saved settings of table '%s' do not apply: %s",
                          schema->id, error->message);
    vinv_table_settings_clear (&settings);
}

gboolean
vinv_cli_named_view_is_for (VinvCli *cli, VinvTable *table)
{
    return cli->view != NULL
        && vinv_schema_lookup (cli->view->table) == vinv_table_get_schema (table);
}

gboolean
vinv_cli_apply_named_view (VinvCli *cli, VinvView *view)
{
    g_autoptr (GError) error = NULL;

    if (vinv_table_settings_apply (&cli->view->settings, view, &error))
        return TRUE;
    vinv_cli_error (cli, "view '%s' does not apply: %s", cli->view->name, error->message);
    return FALSE;
}

void
vinv_cli_report_table_error (VinvCli *cli, VinvTable *table)
{
    const VinvSchema *schema = vinv_table_get_schema (table);
    const char *error = vinv_table_get_error (table);

    if (error != NULL)
        vinv_cli_error (cli, "table '%s' failed to load: %s", schema->id, error);

    g_autofree gboolean *said = g_new0 (gboolean, schema->n_columns);
    for (guint c = 0; c < schema->n_columns; c++) {
        const char *reason = vinv_table_get_column_unavailable (table, c);
        if (reason == NULL || said[c])
            continue;
        g_autoptr (GString) columns = g_string_new (NULL);
        for (guint d = c; d < schema->n_columns; d++) {
            const char *other = vinv_table_get_column_unavailable (table, d);
            if (other == NULL || strcmp (other, reason) != 0)
                continue;
            said[d] = TRUE;
            g_string_append_printf (columns, "%s%s", columns->len > 0 ? ", " : "",
                                    schema->columns[d].id);
        }
        vinv_cli_warning (cli, "table '%s': no values in %s: %s", schema->id, columns->str,
                          reason);
    }
}

const VinvSchema *
vinv_cli_known_schema (VinvCli *cli, const char *name)
{
    const VinvSchema *schema = vinv_schema_lookup (name);

    if (schema != NULL)
        return schema;
    g_autoptr (GString) ids = g_string_new (NULL);
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        g_string_append_printf (ids, "%s%s", k > 0 ? ", " : "", vinv_schema_get (k)->id);
    vinv_cli_error (cli, "unknown table '%s'", name);
    fprintf (cli->err, "  hint: tables: %s\n", ids->str);
    return NULL;
}

int
vinv_cli_setup_view (VinvCli *cli, VinvView *view)
{
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (GError) error = NULL;

    if (cli->view != NULL && !vinv_cli_apply_named_view (cli, view))
        return VINV_EXIT_USAGE;
    if (opts->all_columns)
        vinv_view_set_columns_text (view, "all", NULL);
    if (opts->columns != NULL && !vinv_view_set_columns_text (view, opts->columns, &error)) {
        vinv_cli_error (cli, "--columns: %s", error->message);
        return VINV_EXIT_USAGE;
    }
    if (opts->sort != NULL && !vinv_view_set_sort_text (view, opts->sort, &error)) {
        vinv_cli_error (cli, "--sort: %s", error->message);
        return VINV_EXIT_USAGE;
    }
    if (opts->filter != NULL) {
        g_autoptr (VinvFilterError) filter_error = NULL;
        if (!vinv_view_set_filter (view, opts->filter, &filter_error)) {
            vinv_print_filter_error (cli->err, opts->filter, filter_error);
            return VINV_EXIT_USAGE;
        }
    }
    return VINV_EXIT_OK;
}

int
vinv_cli_check_view_before_connecting (VinvCli *cli, const VinvSchema *schema)
{
    g_autoptr (VinvTable) empty = vinv_table_new (schema);
    g_autoptr (VinvView) view = vinv_view_new (empty, NULL);

    if (cli->view != NULL && vinv_schema_lookup (cli->view->table) != schema) {
        vinv_cli_error (cli, "view '%s' is of table '%s', not '%s'", cli->view->name,
                        cli->view->table, schema->id);
        return VINV_EXIT_USAGE;
    }
    return vinv_cli_setup_view (cli, view);
}

/* The first column a filter reads that holds no real value for some rows,
 * said as a reason (vinv_cli_filter_problem()). */
typedef struct {
    const VinvInventory *inventory;
    char *problem;
} ColumnCheck;

static void
check_filter_column (const VinvSchema *schema, guint col, gpointer user_data)
{
    ColumnCheck *cc = user_data;
    VinvTable *t = vinv_inventory_get_table (cc->inventory, vinv_schema_get_kind (schema));
    const char *id = schema->columns[col].id;
    const char *source;
    const char *reason;

    if (cc->problem != NULL)
        return;
    if (t == NULL)
        cc->problem = g_strdup_printf ("the filter reads '%s' of the %s table, which these "
                                       "connections do not provide", id, schema->id);
    else if ((reason = vinv_table_get_column_unavailable (t, col)) != NULL)
        cc->problem = g_strdup_printf ("the filter reads '%s', which has no values (%s)", id,
                                       reason);
    else if (!vinv_inventory_column_available (cc->inventory, t, col))
        cc->problem = g_strdup_printf ("the filter reads '%s', which these connections never "
                                       "fill", id);
    else if ((source = vinv_inventory_find_source_without (cc->inventory, t, col)) != NULL)
        cc->problem = g_strdup_printf ("the filter reads '%s', which '%s' never fills (its "
                                       "rows would be judged on no value)", id, source);
}

char *
vinv_cli_filter_problem (VinvCli *cli, const VinvSchema *schema, const char *text)
{
    ColumnCheck cc = { cli->inventory, NULL };

    if (text == NULL || *text == '\0' || cli->inventory == NULL)
        return NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (text, schema, NULL);
    if (filter != NULL)
        vinv_filter_foreach_column (filter, check_filter_column, &cc);
    return cc.problem;
}

void
vinv_cli_warn_filter (VinvCli *cli, VinvView *view)
{
    g_autofree char *problem = vinv_cli_filter_problem (
        cli, vinv_table_get_schema (vinv_view_get_table (view)), vinv_view_get_filter_text (view));
    if (problem != NULL)
        vinv_cli_warning (cli, "%s: rows are judged on no value for it", problem);
}
