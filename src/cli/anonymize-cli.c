/* anonymize-cli.c — `--anonymize` and `--anonymize-map FILE` for show and
 * export.
 *
 * The command builds its views on the real inventory as always (so
 * filters, sorts and saved settings mean what the user typed); then each
 * view is carried over to an anonymised copy of the inventory, made once
 * per run by the core (anonymize.h), which keeps rows in place: the same
 * rows in the same order, every identifying text a stable pseudonym, the
 * same pseudonym for the same value in every table of the run.  Whatever
 * format is printed from those views is anonymised alike.  The map is
 * written last, once the output is.
 */
#include "cli.h"
#include "core/anonymize.h"

gboolean
vinv_cli_anonymizing (const VinvCli *cli)
{
    return cli->opts.anonymize || cli->opts.anonymize_map != NULL;
}

int
vinv_cli_check_anonymize_map (VinvCli *cli)
{
    const char *path = cli->opts.anonymize_map;

    if (path == NULL || cli->opts.force
        || !g_file_test (path, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        return VINV_EXIT_OK;
    vinv_cli_error (cli, "'%s' already exists", path);
    fprintf (cli->err, "  hint: nothing was written; choose another --anonymize-map%s\n",
             cli->opts.command != NULL && cli->opts.command->id == VINV_CMD_EXPORT
             ? " or use --force" : "");
    return VINV_EXIT_USAGE;
}

VinvView *
vinv_cli_anonymize_view (VinvCli *cli, const VinvView *view)
{
    if (cli->anonymizer == NULL) {
        cli->anonymizer = vinv_anonymizer_new ();
        cli->anonymous = vinv_anonymizer_dup_inventory (cli->anonymizer, cli->inventory);
    }
    const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (view));
    VinvTable *table = vinv_inventory_get_table (cli->anonymous, vinv_schema_get_kind (schema));
    return vinv_view_dup_for_table (view, table);
}

int
vinv_cli_write_anonymize_map (VinvCli *cli)
{
    g_autoptr (GError) error = NULL;

    if (cli->opts.anonymize_map == NULL || cli->anonymizer == NULL)
        return VINV_EXIT_OK;
    if (vinv_anonymizer_write_map (cli->anonymizer, cli->opts.anonymize_map, TRUE, &error))
        return VINV_EXIT_OK;
    vinv_cli_error (cli, "--anonymize-map: %s", error->message);
    return VINV_EXIT_USAGE;
}

void
vinv_cli_clear_anonymize (VinvCli *cli)
{
    g_clear_pointer (&cli->anonymous, vinv_inventory_free);
    g_clear_pointer (&cli->anonymizer, vinv_anonymizer_free);
}
