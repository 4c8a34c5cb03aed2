/* commands.c — the command table of virt-inventory, and the program.
 *
 * Each command is a row of vinv_cli_command_table: its name, arguments,
 * help texts and a handler.  A handler validates what it can before
 * connecting (usage errors are cheap and must not wait for a slow
 * engine), then loads the inventory (connect.c), builds views through the
 * core (the same calls the GUI makes, so both agree on rows and order) and
 * prints them (printer.c).  The handlers live in a file per command family
 * (cmd-show.c, cmd-export.c, cmd-do.c, cmd-history.c, check-command.c,
 * fetch-ca.c); what they share is here and in cmd-view.c (cmd-private.h).
 * vinv_cli_run() is the whole program: parse, check what every command
 * checks, dispatch, map the outcome to an exit code.
 */
#include <stdarg.h>
#include <unistd.h>
#include "vinv-config.h"
#include "cli.h"
#include "cmd-private.h"

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
      vinv_cli_run_tables },
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
      vinv_cli_run_columns },
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
      vinv_cli_run_show },
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
      vinv_cli_run_export },
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
      vinv_cli_run_help },
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

int
vinv_cli_worse (int a, int b)
{
    static const int rank[] = {
        [VINV_EXIT_OK] = 0, [VINV_EXIT_FINDINGS] = 1, [VINV_EXIT_PARTIAL] = 2,
        [VINV_EXIT_CONNECT] = 3, [VINV_EXIT_USAGE] = 4,
    };
    return rank[b] > rank[a] ? b : a;
}

int
vinv_cli_usage_error (VinvCli *cli, const VinvCommand *command, const char *message)
{
    vinv_cli_error (cli, "%s", message);
    fprintf (cli->err, "Try '%s%s%s --help' for more information.\n", VINV_PROGRAM,
             command != NULL ? " " : "", command != NULL ? command->name : "");
    return VINV_EXIT_USAGE;
}

int
vinv_cli_load (VinvCli *cli)
{
    int code = cli->config == NULL ? vinv_cli_prepare (cli) : VINV_EXIT_OK;

    if (code != VINV_EXIT_OK)
        return code;
    return vinv_cli_connect (cli);
}

int
vinv_cli_run_help (VinvCli *cli)
{
    const VinvCommand *command = NULL;

    if (cli->opts.args->len > 0) {
        const char *name = g_ptr_array_index (cli->opts.args, 0);
        command = vinv_cli_lookup_command (name);
        if (command == NULL) {
            g_autofree char *message = g_strdup_printf ("unknown command '%s'", name);
            return vinv_cli_usage_error (cli, NULL, message);
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
        return vinv_cli_usage_error (cli, command, message);
    }
    if (n_args > command->max_args) {
        g_autofree char *message = g_strdup_printf (
            "too many arguments for '%s': '%s'", command->name,
            (const char *) g_ptr_array_index (cli->opts.args, command->max_args));
        return vinv_cli_usage_error (cli, command, message);
    }
    if (cli->opts.insecure && cli->opts.ca_file != NULL)
        return vinv_cli_usage_error (cli, command, "--insecure and --ca-file exclude each other");
    if (cli->opts.parallel != NULL
        && !g_ascii_string_to_unsigned (cli->opts.parallel, 10, 1, VINV_CLI_MAX_PARALLEL,
                                        NULL, NULL)) {
        g_autofree char *message = g_strdup_printf (
            "--parallel: '%s' is not a number from 1 to %d", cli->opts.parallel,
            VINV_CLI_MAX_PARALLEL);
        return vinv_cli_usage_error (cli, command, message);
    }
    if (cli->opts.timeout != NULL
        && !g_ascii_string_to_unsigned (cli->opts.timeout, 10, 1, VINV_CLI_MAX_TIMEOUT,
                                        NULL, NULL)) {
        g_autofree char *message = g_strdup_printf (
            "--timeout: '%s' is not a number of seconds from 1 to %d", cli->opts.timeout,
            VINV_CLI_MAX_TIMEOUT);
        return vinv_cli_usage_error (cli, command, message);
    }
    if (cli->opts.fetch != NULL && g_ascii_strcasecmp (cli->opts.fetch, "follow") != 0
        && g_ascii_strcasecmp (cli->opts.fetch, "parallel") != 0) {
        g_autofree char *message = g_strdup_printf (
            "--fetch: unknown way '%s' (follow or parallel)", cli->opts.fetch);
        return vinv_cli_usage_error (cli, command, message);
    }
    return VINV_EXIT_OK;
}

/* The program's inventory, kept to the end (vinv_cli_main()): freeing
 * it block by block before the exit is work the kernel does at once when
 * the process ends (at 10,000 VMs, about 6 ms between the last line
 * printed and the exit).  Reachable from here, so leak checkers (ASan,
 * valgrind) do not count it as lost. */
static VinvInventory *kept_inventory;

static int
cli_run (int argc, char **argv, FILE *out, FILE *err, gboolean keep_inventory)
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
        code = vinv_cli_usage_error (&cli, cli.opts.command, error->message);
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
        code = vinv_cli_usage_error (&cli, NULL, message->str);
    } else if ((code = check_command_line (&cli)) == VINV_EXIT_OK) {
        code = cli.opts.command->run (&cli);
    }

    fflush (out);
    fflush (err);
    vinv_cli_clear_anonymize (&cli);
    if (keep_inventory && kept_inventory == NULL)
        kept_inventory = g_steal_pointer (&cli.inventory);
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
vinv_cli_run (int argc, char **argv, FILE *out, FILE *err)
{
    return cli_run (argc, argv, out, err, FALSE);
}

int
vinv_cli_main (int argc, char **argv)
{
    return cli_run (argc, argv, stdout, stderr, TRUE);
}
