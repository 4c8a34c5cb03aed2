/* check-command.c — `virt-inventory check [RULE...]`: health-check findings
 * and the rule listing (docs/health-checks.md).
 *
 * Everything a check is lives in the core (src/core/check.h): the rules,
 * how they are loaded and checked, the Findings table.  This file checks
 * the command line before connecting (RULE names, --filter on the findings,
 * --fail-on), prints the findings or the rules through the same printer as
 * `show`, and turns the worst finding into the exit status.
 */
#include <string.h>
#include "core/check.h"
#include "cli.h"

/* A rank per exit code: the higher one wins (cli.h). */
static int
worse (int a, int b)
{
    static const int rank[] = {
        [VINV_EXIT_OK] = 0, [VINV_EXIT_FINDINGS] = 1, [VINV_EXIT_PARTIAL] = 2,
        [VINV_EXIT_CONNECT] = 3, [VINV_EXIT_USAGE] = 4,
    };
    return rank[b] > rank[a] ? b : a;
}

static int
usage_error (VinvCli *cli, const char *message)
{
    vinv_cli_error (cli, "%s", message);
    fprintf (cli->err, "Try '%s check --help' for more information.\n", VINV_PROGRAM);
    return VINV_EXIT_USAGE;
}

/* The ids of the rules close to @name, "'sd-free-low', ..." or NULL. */
static char *
dup_nearest_rules (const VinvCheckSet *set, const char *name)
{
    GString *out = g_string_new (NULL);
    guint limit = CLAMP (strlen (name) / 3, 1, 4);
    for (guint i = 0; i < vinv_check_set_get_n_rules (set); i++) {
        const char *id = vinv_check_set_get_rule (set, i)->id;
        if (vinv_edit_distance (name, id) <= limit || strstr (id, name) != NULL)
            g_string_append_printf (out, "%s'%s'", out->len > 0 ? ", " : "", id);
    }
    if (out->len == 0) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

/* ---- --list ------------------------------------------------------------- */

enum {
    LR_SOURCE, LR_ID, LR_TABLE, LR_SEVERITY, LR_ENABLED, LR_FILTER, LR_THRESHOLDS,
    LR_DESCRIPTION, LR_MESSAGE, LR_GROUP, LR_ORIGIN, LR_N_COLUMNS
};

static const VinvColumn rules_listing_columns[] = {
    [LR_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL, VINV_COL_SOURCE, "" },
    [LR_ID] = { "id", "Rule", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID | VINV_COL_DEFAULT,
                "Rule id" },
    [LR_TABLE] = { "table", "Table", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                   "The table it looks at" },
    [LR_SEVERITY] = { "severity", "Severity", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                      "critical, warning or info" },
    [LR_ENABLED] = { "enabled", "Enabled", VINV_CELL_BOOL, NULL, NULL, VINV_COL_DEFAULT,
                     "Run by a plain 'check'" },
    [LR_FILTER] = { "filter", "Filter", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
                    "The rows it reports, {NAME} a threshold" },
    [LR_THRESHOLDS] = { "thresholds", "Thresholds", VINV_CELL_STRING, NULL, NULL,
                        VINV_COL_DEFAULT, "Its thresholds, NAME=VALUE" },
    [LR_DESCRIPTION] = { "description", "Description", VINV_CELL_STRING, NULL, NULL, 0,
                         "What it looks for" },
    [LR_MESSAGE] = { "message", "Message", VINV_CELL_STRING, NULL, NULL, 0,
                     "What a finding says" },
    [LR_GROUP] = { "group", "Group", VINV_CELL_STRING, NULL, NULL, 0,
                   "Rules of a group report an object once" },
    [LR_ORIGIN] = { "origin", "Origin", VINV_CELL_STRING, NULL, NULL, 0,
                    "FILE:LINE where it is defined (and overridden)" },
};

static const VinvSchema rules_listing_schema = {
    "rules", "Health-check rules", NULL, rules_listing_columns, LR_N_COLUMNS,
};

static int
print_rules (VinvCli *cli, const VinvCheckSet *set)
{
    g_autoptr (VinvTable) listing = vinv_table_new (&rules_listing_schema);
    g_autoptr (GError) error = NULL;

    for (guint i = 0; i < vinv_check_set_get_n_rules (set); i++) {
        const VinvCheckRule *rule = vinv_check_set_get_rule (set, i);
        g_autofree char *thresholds = vinv_check_rule_dup_thresholds (rule);
        guint row = vinv_table_add_row (listing, "", rule->id);
        vinv_table_set_string (listing, row, LR_TABLE, rule->table);
        vinv_table_set_string (listing, row, LR_SEVERITY, vinv_severity_name (rule->severity));
        vinv_table_set_bool (listing, row, LR_ENABLED, rule->enabled);
        vinv_table_set_string (listing, row, LR_FILTER, rule->filter);
        vinv_table_set_string (listing, row, LR_THRESHOLDS, thresholds);
        vinv_table_set_string (listing, row, LR_DESCRIPTION, rule->description);
        vinv_table_set_string (listing, row, LR_MESSAGE, rule->message);
        vinv_table_set_string (listing, row, LR_GROUP, rule->group);
        vinv_table_set_string (listing, row, LR_ORIGIN, rule->origin);
    }
    g_autoptr (VinvView) view = vinv_view_new (listing, NULL);
    /* csv and json are for programs: every column */
    if (cli->opts.format != NULL && strcmp (cli->opts.format, "text") != 0)
        vinv_view_set_columns_text (view, "id,table,severity,enabled,filter,thresholds,"
                                    "description,message,group,origin", NULL);
    if (!vinv_print_view (view, rules_listing_schema.title, cli->opts.format,
                          vinv_cli_export_flags (&cli->opts), cli->out,
                          &error)) {
        vinv_cli_error (cli, "cannot write the output: %s", error->message);
        return VINV_EXIT_USAGE;
    }
    return VINV_EXIT_OK;
}

/* ---- the findings ------------------------------------------------------- */

/* A view of @findings as `check` shows it: the default columns, Source
 * first when the inventory has several sources. */
static VinvView *
findings_view (const VinvInventory *inventory, VinvTable *findings)
{
    VinvView *view = vinv_view_new (findings, NULL);
    if (vinv_inventory_get_n_sources (inventory) > 1) {
        vinv_view_set_column_visible (view, VINV_FINDING_SOURCE, TRUE);
        vinv_view_move_column (view, VINV_FINDING_SOURCE, 0);
    }
    return view;
}

/* Loads the built-in rules and the config's, printing what is wrong in
 * them.  NULL with @error when the built-in file cannot be read. */
static VinvCheckSet *
load_rules (VinvCli *cli, GError **error)
{
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *builtin = vinv_check_dup_builtin_path ();
    VinvCheckSet *set = vinv_check_set_load (builtin, vinv_config_get_path (cli->config),
                                             warnings, error);
    for (guint i = 0; i < warnings->len; i++)
        vinv_cli_warning (cli, "%s", (const char *) warnings->pdata[i]);
    return set;
}

VinvView *
vinv_cli_health_view (VinvCli *cli, const VinvInventory *inventory)
{
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvCheckSet) set = load_rules (cli, &error);
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    gboolean incomplete = FALSE;

    if (set == NULL) {
        vinv_cli_warning (cli, "no Health sheet: %s", error->message);
        return NULL;
    }
    g_autoptr (VinvTable) findings = vinv_check_run (set, inventory, NULL, warnings,
                                                     &incomplete);
    for (guint i = 0; i < warnings->len; i++)
        vinv_cli_warning (cli, "%s", (const char *) warnings->pdata[i]);
    /* a rule whose table failed is said above; the export's exit status
     * already reports the failed table */
    return findings_view (inventory, findings);
}

/* ---- the command -------------------------------------------------------- */

int
vinv_cli_run_check (VinvCli *cli)
{
    static const char *const formats[] = { "text", "csv", "json", NULL };
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GError) error = NULL;
    int fail_on = VINV_SEVERITY_WARNING;
    int code;

    if (opts->format != NULL && !g_strv_contains (formats, opts->format)) {
        g_autofree char *message = g_strdup_printf (
            "unknown format '%s' (formats: text, csv, json)", opts->format);
        return usage_error (cli, message);
    }
    if (opts->fail_on != NULL) {
        VinvSeverity severity;
        if (g_ascii_strcasecmp (opts->fail_on, "never") == 0) {
            fail_on = G_MAXINT;
        } else if (vinv_severity_parse (opts->fail_on, &severity)) {
            fail_on = (int) severity;
        } else {
            g_autofree char *message = g_strdup_printf (
                "--fail-on: unknown severity '%s' (critical, warning, info or never)",
                opts->fail_on);
            return usage_error (cli, message);
        }
    }
    if (opts->list && (opts->filter != NULL || opts->args->len > 0))
        return usage_error (cli, "--list lists every rule: it takes no RULE and no --filter");

    /* the rules: built-in, then the config's [check NAME] sections */
    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    g_autoptr (VinvCheckSet) set = load_rules (cli, &error);
    if (set == NULL) {
        vinv_cli_error (cli, "%s", error->message);
        fprintf (cli->err, "  hint: set VINV_CHECKS_FILE to the rules file, or reinstall\n");
        return VINV_EXIT_USAGE;
    }
    if (opts->list)
        return print_rules (cli, set);

    /* RULEs and --filter are usage errors, found before connecting */
    for (guint i = 0; i < opts->args->len; i++) {
        const char *name = g_ptr_array_index (opts->args, i);
        if (vinv_check_set_lookup (set, name) == NULL) {
            g_autofree char *near = dup_nearest_rules (set, name);
            vinv_cli_error (cli, "unknown rule '%s'", name);
            if (near != NULL)
                fprintf (cli->err, "  hint: did you mean %s?\n", near);
            else
                fprintf (cli->err, "  hint: 'virt-inventory check --list' lists the rules\n");
            return VINV_EXIT_USAGE;
        }
    }
    if (opts->filter != NULL) {
        g_autoptr (VinvFilterError) ferr = NULL;
        g_autoptr (VinvFilter) f = vinv_filter_compile (opts->filter,
                                                        vinv_check_findings_schema (), &ferr);
        if (f == NULL) {
            vinv_print_filter_error (cli->err, opts->filter, ferr);
            return VINV_EXIT_USAGE;
        }
    }

    if ((code = vinv_cli_connect (cli)) != VINV_EXIT_OK)
        return code;
    g_ptr_array_add (opts->args, NULL);
    const char *const *only = opts->args->len > 1 ? (const char *const *) opts->args->pdata
                                                  : NULL;
    for (guint i = 0; only != NULL && only[i] != NULL; i++) {
        if (!vinv_check_rule_applies (vinv_check_set_lookup (set, only[i]), cli->inventory))
            vinv_cli_warning (cli, "rule %s does not apply to these connections: its table "
                              "or a column it reads is not there", only[i]);
    }
    gboolean incomplete = FALSE;
    g_autoptr (VinvTable) findings = vinv_check_run (set, cli->inventory, only, warnings,
                                                     &incomplete);
    g_ptr_array_remove_index (opts->args, opts->args->len - 1);
    for (guint i = 0; i < warnings->len; i++)
        vinv_cli_warning (cli, "%s", (const char *) warnings->pdata[i]);

    g_autoptr (VinvView) view = findings_view (cli->inventory, findings);
    if (opts->filter != NULL)
        vinv_view_set_filter (view, opts->filter, NULL);   /* compiled above */
    code = VINV_EXIT_OK;
    if (!vinv_print_view (view, vinv_check_findings_schema ()->title, opts->format,
                          vinv_cli_export_flags (opts), cli->out,
                          &error)) {
        vinv_cli_error (cli, "cannot write the output: %s", error->message);
        return VINV_EXIT_USAGE;
    }

    guint counts[VINV_SEVERITY_CRITICAL + 1] = { 0 };
    int worst = -1;
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        const VinvCell *cell = vinv_table_get_cell (findings, vinv_view_get_row (view, i),
                                                    VINV_FINDING_SEVERITY);
        VinvSeverity s;
        if (cell->kind == VINV_CELL_STRING && vinv_severity_parse (cell->v.s, &s)) {
            counts[s]++;
            worst = MAX (worst, (int) s);
        }
    }
    if (cli->out_is_tty && !opts->quiet
        && (opts->format == NULL || strcmp (opts->format, "text") == 0))
        fprintf (cli->err, "(%u critical, %u warning, %u info)\n",
                 counts[VINV_SEVERITY_CRITICAL], counts[VINV_SEVERITY_WARNING],
                 counts[VINV_SEVERITY_INFO]);
    if (worst >= fail_on)
        code = VINV_EXIT_FINDINGS;
    if (incomplete)
        code = worse (code, VINV_EXIT_PARTIAL);
    return worse (code, vinv_cli_exit_code (cli->inventory, NULL, cli->n_failed_sources));
}
