/* commands.c — the command table of virt-inventory and its handlers.
 *
 * Each command is a row of vinv_cli_command_table: its name, arguments,
 * help texts and a handler.  A handler validates what it can before
 * connecting (usage errors are cheap and must not wait for a slow
 * engine), then loads the inventory (connect.c), builds views through the
 * core (the same calls the GUI makes, so both agree on rows and order) and
 * prints them (printer.c).  vinv_cli_run() is the whole program: parse,
 * dispatch, map the outcome to an exit code.
 */
#include <stdarg.h>
#include <gio/gunixoutputstream.h>
#include <string.h>
#include <unistd.h>
#include "vinv-config.h"
#include "cli.h"
#include "core/export-files.h"

static int run_tables (VinvCli *cli);
static int run_columns (VinvCli *cli);
static int run_show (VinvCli *cli);
static int run_export (VinvCli *cli);
static int run_help (VinvCli *cli);

const VinvCommand vinv_cli_command_table[] = {
    { "tables", VINV_CMD_TABLES, "", 0, 0,
      "List the tables with their row counts and load errors",
      "Lists the tables the connections provide, one line each: the table id, its "
      "title for these connections (libvirt storage pools show as 'Storage pools') "
      "and its number of rows.  Every command that takes a TABLE accepts the id, "
      "the title or an alias ('vm', 'pools', 'nodes'), in any case.\n\n"
      "A table that failed to load shows its error in an Error column, and the "
      "exit status is then 3.",
      "virt-inventory tables\n"
      "The tables of the demo environment.\n"
      "virt-inventory -c qemu:///system tables --format json\n"
      "The tables of the local hypervisor, as JSON.\n",
      run_tables },
    { "columns", VINV_CMD_COLUMNS, "TABLE", 1, 1,
      "List the columns of a table",
      "Lists the columns of TABLE, one line each: the id and the title (filters, "
      "--columns and --sort accept both, in any case), the kind of value (string, "
      "integer, quantity, timestamp, reference, list, ...), the display unit of "
      "quantities (a filter value without a unit is in this unit: 'memory > 2048' "
      "means 2048 MB), whether the column is shown by default for these "
      "connections, whether the connected back-ends fill it at all, the table it "
      "links to, and what it means.",
      "virt-inventory columns vms\n"
      "The columns of the VMs table.\n"
      "virt-inventory columns 'storage pools' --format csv\n"
      "The columns of the storage table, as CSV.\n",
      run_columns },
    { "show", VINV_CMD_SHOW, "[TABLE]", 0, 1,
      "Print a table, filtered and sorted",
      "Prints the rows of TABLE as an aligned text table: a header of column "
      "titles, a separator line, then one line per row.  Numbers and sizes are "
      "right-aligned.  A cell that holds several items (a VM's disks) shows as "
      "'first (n)', where n counts the other items; when the filter matched an "
      "item, that item is shown first.  With --format csv or json the output is "
      "exactly what 'export' writes.\n\n"
      "When standard output is a terminal, '(N of M rows)' follows on standard "
      "error; scripts that read standard output get the table alone.\n\n"
      "With --profile, the table's saved columns, sort and filter apply first; "
      "--columns, --sort and --filter replace them.  With --view NAME the view's "
      "settings apply, and TABLE may be left out.",
      "virt-inventory show vms -f 'status = up, memory > 4GB' -s -memory\n"
      "Running VMs with more than 4 GB of memory, the biggest first.\n"
      "virt-inventory show vms -f 'storage domains = fast-ssd'\n"
      "VMs with a disk in the storage pool fast-ssd.\n"
      "virt-inventory show vms -f 'storage domains = fast-ssd' -o +storage_domains\n"
      "The same, with that column: the matched pool is shown first, 'fast-ssd (1)'.\n"
      "virt-inventory show vms -f 'disks > 1' -o name,disks,storage_domains\n"
      "VMs with more than one disk, three columns only.\n"
      "virt-inventory show hosts --all-columns --format json\n"
      "Every column of every host, as JSON.\n",
      run_show },
    { "export", VINV_CMD_EXPORT, "[TABLE]...", 0, G_MAXUINT,
      "Write tables to CSV or JSON files",
      "Writes the TABLEs (default: every table) to files.  As csv (the default): "
      "RFC" VINV_NBSP "4180, UTF-8, a header row of column titles with their units, one file "
      "TABLE.csv per table (TABLE is the table id) in the current directory or in "
      "--dir; --output writes a single table to a file or to standard output.  As "
      "json: one document holding every table ({\"tables\": [...]}), written to "
      "standard output, to --output FILE or to DIR/inventory.json.\n\n"
      "What is exported is what 'show' would print: the shown columns in their "
      "order, sorted and filtered by the saved settings of --profile and by "
      "--view.  --all exports every column and every row instead.\n\n"
      "An existing file is never overwritten unless --force is given; without it "
      "export refuses before writing anything.  Files are replaced atomically, all "
      "or none: after a failure the old files are intact.  A symbolic link at a "
      "file's name is refused, even with --force.",
      "virt-inventory export --format csv -d out/\n"
      "Every table of the demo as out/vms.csv, out/hosts.csv, ...\n"
      "virt-inventory export vms -o - > vms.csv\n"
      "The VMs table as CSV on standard output.\n"
      "virt-inventory export --format json --all -o inventory.json\n"
      "Everything, every column, in one JSON file.\n",
      run_export },
    { "fetch-ca", VINV_CMD_FETCH_CA, "ENGINE", 1, 1,
      "Download an oVirt engine's CA certificate for --ca-file",
      "Downloads the CA certificate of the oVirt engine ENGINE (HOST, HOST:PORT, "
      "http://HOST:PORT, ovirt+http://HOST:PORT, or ovirt://HOST, which uses port "
      "80) from its /ovirt-engine/services/pki-resource page and writes it to "
      "--output, by default HOST-ca.pem (HOST-PORT-ca.pem when a port is given) in "
      "the current directory.  An existing file is not overwritten without --force.  "
      "Connections then trust the engine with --ca-file FILE.\n\n"
      "The page is plain HTTP, so the download proves nothing by itself: the "
      "certificate's SHA-256 fingerprint is printed on standard error (even with "
      "-q), to be compared with what 'openssl x509 -in /etc/pki/ovirt-engine/ca.pem "
      "-noout -fingerprint -sha256' prints on the engine.",
      "virt-inventory fetch-ca engine.example.com\n"
      "Writes engine.example.com-ca.pem and prints its fingerprint.\n"
      "virt-inventory fetch-ca engine -o ca.pem\n"
      "Writes the CA of the engine 'engine' to ca.pem.\n"
      "virt-inventory -c ovirt://engine -u admin@internal --ca-file ca.pem tables\n"
      "Then connects to that engine, trusting that CA.\n",
      vinv_cli_run_fetch_ca },
    { "check", VINV_CMD_CHECK, "[RULE]...", 0, G_MAXUINT,
      "Run health checks and print the findings",
      "Runs the health-check rules (default: every enabled rule; or the RULEs "
      "named) on the inventory and prints a Findings table of the exceptions "
      "only: severity (critical, warning, info), rule, table, the object and a "
      "message stating the value found and the threshold.  Nothing is printed "
      "for what is fine.  Each rule is a filter in the filter language on one "
      "table, evaluated as 'show TABLE -f FILTER' is, so the two never "
      "disagree; rules about columns these connections never fill are not "
      "run.\n\n"
      "The built-in rules ship in one file (share/virt-inventory/checks/rules.ini); "
      "config.ini changes their thresholds, turns them off (enabled=false) and "
      "adds rules in [check NAME] sections.  A broken rule is reported as "
      "FILE:LINE and skipped; the others run.  --list shows every rule with "
      "its table, filter, thresholds and whether it is enabled.\n\n"
      "The exit status is 4 when a finding shown is at or above --fail-on "
      "(default warning), so cron and monitoring can act on it; 3 and the "
      "others keep their meaning and win over 4.  docs/health-checks.md "
      "lists the rules.",
      "virt-inventory check\n"
      "Every enabled rule on the demo.\n"
      "virt-inventory check sd-free-low sd-free-critical --fail-on critical\n"
      "Two rules; exit 4 only for a critical finding.\n"
      "virt-inventory check -f 'table = hosts' --format json\n"
      "The findings about hosts, as JSON.\n"
      "virt-inventory check --list\n"
      "The rules, their filters and thresholds.\n",
      vinv_cli_run_check },
    { "do", VINV_CMD_DO, "ACTION [TABLE]", 1, 2,
      "Act on VMs chosen by a filter: start, shutdown, stop, snapshot, ...",
      "Applies ACTION to exactly the rows of TABLE (default: vms; snapshots for "
      "snapshot-delete) that --filter or --ids choose.  ACTION is one of: start, "
      "shutdown (graceful: the guest must cooperate), stop (power off), reboot, "
      "suspend (oVirt: hibernate; libvirt: managed save), pause and resume "
      "(libvirt), snapshot (--description, --memory), snapshot-delete, migrate "
      "(oVirt: --host, or the engine chooses).\n\n"
      "Safety first.  Actions are off unless the profile says allow-actions=true "
      "or --allow-actions is given; --read-only (or read-only=true in the "
      "profile) refuses them in every case; saved inventories never act.  The "
      "plan - every VM that will be acted on, with its current state - is "
      "printed first.  On a terminal, type the number of VMs to confirm; "
      "--yes skips the question (for scripts), and without a terminal do "
      "refuses unless --yes is given.  --dry-run prints the plan and changes "
      "nothing.\n\n"
      "Actions run in parallel (at most --parallel per connection, default 4), "
      "then each VM is watched until it reaches its target state (up, down, "
      "suspended, paused; a new snapshot ready; a deleted one gone) or "
      "--wait passes.  A result table follows: done, failed (with the "
      "engine's or libvirt's reason) or timed out.  Every action is logged on "
      "standard error with the time, the user and the VM.  Exit status 0 when "
      "every action succeeded, 5 when any failed or timed out.",
      "virt-inventory --profile prod do shutdown -f 'pending restart = true'\n"
      "Shows the VMs that need a restart, asks, shuts them down and waits.\n"
      "virt-inventory do snapshot -f 'name = db.*' --description 'pre-upgrade' -n\n"
      "Rehearses: prints which VMs would get a snapshot, changes nothing.\n"
      "virt-inventory do snapshot-delete snapshots -f 'age > 30d' --yes\n"
      "Deletes snapshots older than 30 days, without asking (scripts).\n",
      vinv_cli_run_do },
    { "help", VINV_CMD_HELP, "[COMMAND]", 0, 1,
      "Show the help of a command",
      "Shows the help of COMMAND (the same as 'virt-inventory COMMAND --help'), or "
      "the general help.",
      "virt-inventory help show\n"
      "The options of 'show' and the filter language in brief.\n",
      run_help },
    /* saved inventories, diff and history: cmd-history.c */
    { "save", VINV_CMD_SAVE, "FILE", 1, 1,
      "Save the inventory to a file, to open or compare later",
      "Loads the connections and writes everything loaded — every table and column, "
      "the sources, load errors and the time — to FILE, an SQLite database "
      "(docs/snapshot-format.md describes it; sqlite3 FILE queries it).  "
      "'-c file:FILE' opens it again, offline, like the live connection; 'diff' "
      "compares it with another.  No password or token is ever written.\n\n"
      "An existing FILE is replaced only with --force, and then only once the new "
      "file is complete.  A table that failed to load is saved with its error, and "
      "the exit status is then 3.",
      "virt-inventory -c qemu:///system save monday.vinv\n"
      "Saves the local hypervisor's inventory.\n"
      "virt-inventory -c file:monday.vinv show vms\n"
      "Shows the VMs as they were saved.\n",
      vinv_cli_run_save },
    { "diff", VINV_CMD_DIFF, "A B [TABLE]...", 2, G_MAXUINT,
      "Show what changed between two inventories",
      "Compares inventory A (the older) with B (the newer), table by table (default: "
      "every table either has), keyed by each row's source and id, and prints the "
      "rows Added, Removed and Changed, and for each change the column with its old "
      "and new value.  A and B are saved files (see 'save'), history records "
      "(history:DB@N, or @N with --history), any connection URI, or '-' for the "
      "connections given with -c (or the profile, or the demo).\n\n"
      "Statistics (counters, rates, usage, uptime, ages) change on every load and "
      "are left out unless --all-columns; --columns counts only the columns named.  "
      "--filter compares only the rows it matches (in A or in B).\n\n"
      "Exit status: 0 when nothing differs, 6 when something does (like diff(1)'s "
      "1, which here means a usage error), 2 or 3 when a side failed to load.",
      "virt-inventory diff monday.vinv tuesday.vinv vms\n"
      "VMs added, removed and changed between two saved files.\n"
      "virt-inventory -c qemu:///system diff monday.vinv - --format json\n"
      "What changed since Monday, as JSON.\n"
      "virt-inventory diff @1 @7 vms -f 'cluster = prod' --columns memory,vcpus\n"
      "Memory and vCPU changes of production VMs between two history records.\n",
      vinv_cli_run_diff },
    { "record", VINV_CMD_RECORD, "", 0, 0,
      "Append the inventory to a history database",
      "Loads the connections and appends their inventory to the history database "
      "(--history; default $XDG_DATA_HOME/virt-inventory/history.db, or a "
      "postgresql:// URI for a history shared by several machines) as a new record.  "
      "Only rows that changed since that source's previous record are stored, so "
      "daily records stay small; statistics are not recorded.  Prints the record's "
      "number and what was stored.  Any record opens as -c history:DB@N.",
      "virt-inventory -c qemu:///system record\n"
      "Records the local hypervisor (e.g. daily from cron).\n"
      "virt-inventory --profile prod record --history postgresql://inv@db/inventory\n"
      "Records into a shared PostgreSQL history.\n",
      vinv_cli_run_record },
    { "history", VINV_CMD_HISTORY, "ACTION [TABLE ID]", 1, 3,
      "List the records of a history, or one entity's changes",
      "ACTION is list or show.  'history list' lists the records of the history database: number, time, "
      "sources, rows, rows stored and removed, and load errors.  'history show "
      "TABLE ID' prints how the entity ID of TABLE changed over the records: when it "
      "was added, each column's old and new value, when it was removed.\n\n"
      "-c history:DB@WHEN opens the inventory of a record, WHEN being a record "
      "number, 'latest', or a date and time (the last record at or before it).",
      "virt-inventory history list\n"
      "The records of the default history.\n"
      "virt-inventory history show vms 6f1c2b7e-0d43-4a8e-9b0e-2d1f7c9a1e55\n"
      "How one VM changed over time.\n"
      "virt-inventory -c 'history:@2026-11-01' show vms\n"
      "The VMs as recorded on 1 November.\n",
      vinv_cli_run_history },
    { NULL }
};

void
vinv_cli_error (VinvCli *cli, const char *format, ...)
{
    va_list args;

    if (cli->progress_shown) {
        fputs ("\r\033[K", cli->err);
        cli->progress_shown = FALSE;
    }
    fprintf (cli->err, "%s: ", VINV_PROGRAM);
    va_start (args, format);
    vfprintf (cli->err, format, args);
    va_end (args);
    fputc ('\n', cli->err);
}

void
vinv_cli_warning (VinvCli *cli, const char *format, ...)
{
    va_list args;

    if (cli->progress_shown) {
        fputs ("\r\033[K", cli->err);
        cli->progress_shown = FALSE;
    }
    fprintf (cli->err, "%s: warning: ", VINV_PROGRAM);
    va_start (args, format);
    vfprintf (cli->err, format, args);
    va_end (args);
    fputc ('\n', cli->err);
}

/* Which exit code wins when several apply (cli.h). */
static int
worse (int a, int b)
{
    static const int rank[] = {
        [VINV_EXIT_OK] = 0, [VINV_EXIT_PARTIAL] = 1,
        [VINV_EXIT_CONNECT] = 2, [VINV_EXIT_USAGE] = 3,
    };
    return rank[b] > rank[a] ? b : a;
}

/* Prints a usage error with the "Try" line for @command (NULL: general). */
static int
usage_error (VinvCli *cli, const VinvCommand *command, const char *message)
{
    vinv_cli_error (cli, "%s", message);
    fprintf (cli->err, "Try '%s%s%s --help' for more information.\n", VINV_PROGRAM,
             command != NULL ? " " : "", command != NULL ? command->name : "");
    return VINV_EXIT_USAGE;
}

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
    usage_error (cli, cli->opts.command, message);
    return FALSE;
}

/* Loads the configuration and connects.  Returns VINV_EXIT_OK or the code
 * to exit with. */
static int
load (VinvCli *cli)
{
    int code = cli->config == NULL ? vinv_cli_prepare (cli) : VINV_EXIT_OK;

    if (code != VINV_EXIT_OK)
        return code;
    return vinv_cli_connect (cli);
}

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

/* Finds table @name in the inventory, or prints why not and returns NULL. */
static VinvTable *
resolve_table (VinvCli *cli, const char *name)
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

/* Applies the settings saved for @view's table when a profile is in use.
 * A setting that no longer applies is a warning: the rest still applies. */
static void
apply_saved_settings (VinvCli *cli, VinvView *view)
{
    const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (view));
    VinvTableSettings settings = { 0 };
    g_autoptr (GError) error = NULL;

    if (cli->profile == NULL
        || !vinv_config_get_table_settings (cli->config, schema->id, &settings))
        return;
    if (!vinv_table_settings_apply (&settings, view, &error))
        vinv_cli_warning (cli, "saved settings of table '%s' do not apply: %s",
                          schema->id, error->message);
    vinv_table_settings_clear (&settings);
}

/* True if --view was given and names @table's schema. */
static gboolean
named_view_is_for (VinvCli *cli, VinvTable *table)
{
    return cli->view != NULL
        && vinv_schema_lookup (cli->view->table) == vinv_table_get_schema (table);
}

/* Applies --view to @view.  The user asked for it by name, so a setting
 * that does not apply is an error. */
static gboolean
apply_named_view (VinvCli *cli, VinvView *view)
{
    g_autoptr (GError) error = NULL;

    if (vinv_table_settings_apply (&cli->view->settings, view, &error))
        return TRUE;
    vinv_cli_error (cli, "view '%s' does not apply: %s", cli->view->name, error->message);
    return FALSE;
}

/* Reports @table's load error, if any, on stderr, and its columns left
 * without values because a table they draw on failed: one line per
 * reason, naming the columns ("table 'vms': no values in disks,
 * storage_domains: table 'disks' of 'engine' failed to load"). */
static void
report_table_error (VinvCli *cli, VinvTable *table)
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

static int
run_tables (VinvCli *cli)
{
    VinvTable *tables[VINV_TABLE_LAST];
    gboolean any_error = FALSE;
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if ((code = load (cli)) != VINV_EXIT_OK)
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
    return worse (code, vinv_cli_exit_code (cli->inventory, NULL, cli->n_failed_sources));
}

/* The schema of table @name, or NULL after saying it is unknown (before
 * connecting: the hint lists every table there is). */
static const VinvSchema *
known_schema (VinvCli *cli, const char *name)
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

static int
run_columns (VinvCli *cli)
{
    int code;

    if (!check_format (cli))
        return VINV_EXIT_USAGE;
    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    if (known_schema (cli, g_ptr_array_index (cli->opts.args, 0)) == NULL)
        return VINV_EXIT_USAGE;
    if ((code = load (cli)) != VINV_EXIT_OK)
        return code;
    VinvTable *table = resolve_table (cli, g_ptr_array_index (cli->opts.args, 0));
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
    return worse (code, vinv_cli_exit_code (cli->inventory, table, cli->n_failed_sources));
}

/* Applies --view, --all-columns, --columns, --sort and --filter to @view,
 * reporting the first that does not apply.  Returns an exit code. */
static int
setup_view (VinvCli *cli, VinvView *view)
{
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (GError) error = NULL;

    if (cli->view != NULL && !apply_named_view (cli, view))
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

/* Usage errors of a view of @schema, found before connecting: the options
 * are tried on an empty table of that schema, with the messages the real
 * one would give. */
static int
check_view_before_connecting (VinvCli *cli, const VinvSchema *schema)
{
    g_autoptr (VinvTable) empty = vinv_table_new (schema);
    g_autoptr (VinvView) view = vinv_view_new (empty, NULL);

    if (cli->view != NULL && vinv_schema_lookup (cli->view->table) != schema) {
        vinv_cli_error (cli, "view '%s' is of table '%s', not '%s'", cli->view->name,
                        cli->view->table, schema->id);
        return VINV_EXIT_USAGE;
    }
    return setup_view (cli, view);
}

static int
run_show (VinvCli *cli)
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
        return usage_error (cli, opts->command, "'show' needs a TABLE (or --view NAME)");
    const VinvSchema *schema = known_schema (cli, name);
    if (schema == NULL)
        return VINV_EXIT_USAGE;
    if ((code = check_view_before_connecting (cli, schema)) != VINV_EXIT_OK)
        return code;
    if ((code = load (cli)) != VINV_EXIT_OK)
        return code;

    VinvTable *table = resolve_table (cli, name);
    if (table == NULL)
        return VINV_EXIT_USAGE;

    g_autoptr (VinvView) view = vinv_view_new (table, cli->inventory);
    apply_saved_settings (cli, view);
    if ((code = setup_view (cli, view)) != VINV_EXIT_OK)
        return code;

    if (g_strcmp0 (opts->format, "xlsx") == 0 && cli->out_is_tty) {
        vinv_cli_error (cli, "xlsx is a binary file: redirect standard output to a file, "
                        "or use 'export --format xlsx -o FILE'");
        return VINV_EXIT_USAGE;
    }
    if (vinv_cli_anonymizing (cli)) {
        g_autoptr (VinvView) anonymous = vinv_cli_anonymize_view (cli, view);
        code = print_view (cli, anonymous, vinv_inventory_get_table_title (cli->inventory,
                                                                            table));
        code = worse (code, vinv_cli_write_anonymize_map (cli));
    } else {
        code = print_view (cli, view, vinv_inventory_get_table_title (cli->inventory, table));
    }
    if (cli->out_is_tty && !opts->quiet
        && (opts->format == NULL || strcmp (opts->format, "text") == 0))
        fprintf (cli->err, "(%u of %u rows)\n", vinv_view_get_n_rows (view),
                 vinv_table_get_n_rows (table));
    report_table_error (cli, table);
    return worse (code, vinv_cli_exit_code (cli->inventory, table, cli->n_failed_sources));
}

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
    usage_error (cli, cli->opts.command, message);
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
        const VinvSchema *schema = known_schema (cli, g_ptr_array_index (opts->args, i));
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
        const VinvSchema *schema = known_schema (cli, cli->view->table);
        if (schema == NULL)
            return VINV_EXIT_USAGE;
        schemas[(*n)++] = schema;
    }
    for (guint i = 0; i < *n && cli->view != NULL; i++) {
        if (vinv_schema_lookup (cli->view->table) != schemas[i])
            continue;
        int code = check_view_before_connecting (cli, schemas[i]);
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
    g_autoptr (GPtrArray) tables = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_table_unref);
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

static int
run_export (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    VinvExportFormat format;
    VinvTable *tables[VINV_TABLE_LAST];
    guint n = 0;
    int code;

    if (!check_export_format (cli, &format))
        return VINV_EXIT_USAGE;
    if (opts->output != NULL && opts->dir != NULL)
        return usage_error (cli, opts->command, "--output and --dir exclude each other");
    gboolean per_table = vinv_export_file_format_get (format)->layout
                         == VINV_EXPORT_LAYOUT_PER_TABLE;
    if (per_table && opts->output != NULL && opts->args->len != 1) {
        g_autofree char *message = g_strdup_printf (
            "%s puts one table in a file: name one TABLE for --output, or use --dir",
            vinv_export_format_name (format));
        return usage_error (cli, opts->command, message);
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
    if ((code = load (cli)) != VINV_EXIT_OK)
        return code;

    /* The tables, in the order asked (each once), or all present. */
    if (n_asked == 0) {
        n = vinv_inventory_list_tables (cli->inventory, tables);
    } else {
        for (guint i = 0; i < n_asked; i++) {
            VinvTable *table = resolve_table (cli, schemas[i]->id);
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
        apply_saved_settings (cli, view);
        if (named_view_is_for (cli, tables[i]) && !apply_named_view (cli, view))
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
        report_table_error (cli, tables[i]);
        code = worse (code, vinv_cli_exit_code (cli->inventory, tables[i],
                                                cli->n_failed_sources));
    }
    return worse (code, vinv_cli_exit_code (NULL, NULL, cli->n_failed_sources));
}

static int
run_help (VinvCli *cli)
{
    const VinvCommand *command = NULL;

    if (cli->opts.args->len > 0) {
        const char *name = g_ptr_array_index (cli->opts.args, 0);
        command = vinv_cli_lookup_command (name);
        if (command == NULL) {
            g_autofree char *message = g_strdup_printf ("unknown command '%s'", name);
            return usage_error (cli, NULL, message);
        }
    }
    g_autofree char *help = vinv_cli_dup_help (command);
    fputs (help, cli->out);
    return VINV_EXIT_OK;
}

/* The checks every command shares, before it runs: argument count and
 * options that exclude each other. */
static int
check_command_line (VinvCli *cli)
{
    const VinvCommand *command = cli->opts.command;
    guint n_args = cli->opts.args->len;

    if (n_args < command->min_args) {
        g_autofree char *message = g_strdup_printf ("missing %s for '%s'", command->args,
                                                    command->name);
        return usage_error (cli, command, message);
    }
    if (n_args > command->max_args) {
        g_autofree char *message = g_strdup_printf (
            "too many arguments for '%s': '%s'", command->name,
            (const char *) g_ptr_array_index (cli->opts.args, command->max_args));
        return usage_error (cli, command, message);
    }
    if (cli->opts.insecure && cli->opts.ca_file != NULL)
        return usage_error (cli, command, "--insecure and --ca-file exclude each other");
    if (cli->opts.parallel != NULL
        && !g_ascii_string_to_unsigned (cli->opts.parallel, 10, 1, VINV_CLI_MAX_PARALLEL,
                                        NULL, NULL)) {
        g_autofree char *message = g_strdup_printf (
            "--parallel: '%s' is not a number from 1 to %d", cli->opts.parallel,
            VINV_CLI_MAX_PARALLEL);
        return usage_error (cli, command, message);
    }
    if (cli->opts.timeout != NULL
        && !g_ascii_string_to_unsigned (cli->opts.timeout, 10, 1, VINV_CLI_MAX_TIMEOUT,
                                        NULL, NULL)) {
        g_autofree char *message = g_strdup_printf (
            "--timeout: '%s' is not a number of seconds from 1 to %d", cli->opts.timeout,
            VINV_CLI_MAX_TIMEOUT);
        return usage_error (cli, command, message);
    }
    if (cli->opts.fetch != NULL && g_ascii_strcasecmp (cli->opts.fetch, "follow") != 0
        && g_ascii_strcasecmp (cli->opts.fetch, "parallel") != 0) {
        g_autofree char *message = g_strdup_printf (
            "--fetch: unknown way '%s' (follow or parallel)", cli->opts.fetch);
        return usage_error (cli, command, message);
    }
    return VINV_EXIT_OK;
}

int
vinv_cli_run (int argc, char **argv, FILE *out, FILE *err)
{
    VinvCli cli = { 0 };
    g_autoptr (GError) error = NULL;
    int code;

    vinv_cli_options_init (&cli.opts);
    cli.out = out;
    cli.err = err;
    cli.out_is_tty = isatty (fileno (out));
    cli.err_is_tty = isatty (fileno (err));

    if (!vinv_cli_parse_args (argc, argv, &cli.opts, &error)) {
        code = usage_error (&cli, cli.opts.command, error->message);
    } else if (cli.opts.version) {
        fprintf (out, "%s %s\n", VINV_PROGRAM, VINV_VERSION);
        code = VINV_EXIT_OK;
    } else if (cli.opts.help) {
        g_autofree char *help = vinv_cli_dup_help (cli.opts.command);
        fputs (help, out);
        code = VINV_EXIT_OK;
    } else if (cli.opts.command == NULL) {
        g_autoptr (GString) message = g_string_new ("no command given (");
        for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++)
            g_string_append_printf (message, "%s%s", c->name, c[1].name != NULL ? ", " : ")");
        code = usage_error (&cli, NULL, message->str);
    } else if ((code = check_command_line (&cli)) == VINV_EXIT_OK) {
        code = cli.opts.command->run (&cli);
    }

    fflush (out);
    fflush (err);
    vinv_cli_clear_anonymize (&cli);
    g_clear_pointer (&cli.inventory, vinv_inventory_free);
    vinv_connect_options_clear (&cli.connect_options);
    g_clear_pointer (&cli.source_uris, g_hash_table_unref);
    g_clear_pointer (&cli.view, vinv_named_view_free);
    g_clear_pointer (&cli.profile, vinv_profile_free);
    g_clear_pointer (&cli.config, vinv_config_free);
    vinv_cli_options_clear (&cli.opts);
    return code;
}

int
vinv_cli_main (int argc, char **argv)
{
    return vinv_cli_run (argc, argv, stdout, stderr);
}
