/* options.c — the option table of virt-inventory, its parser and the help
 * text it generates.
 *
 * One table (vinv_cli_option_table) lists every option once: its names,
 * argument, the commands it belongs to, where it is stored in
 * VinvCliOptions, and its help.  The parser and `--help` both read it, so
 * an option cannot exist without being documented (tests/cli also checks
 * docs/cli.md against it).  Global options are accepted before and after
 * the command; command options only after it, so `-o` can mean "columns"
 * to `show` and "output file" to `export`.  Knows nothing of connections.
 */
#include <string.h>
#include "cli.h"

#define OPT(field) G_STRUCT_OFFSET (VinvCliOptions, field)
#define SHOW VINV_CMD_BIT (VINV_CMD_SHOW)
#define EXPORT VINV_CMD_BIT (VINV_CMD_EXPORT)
#define FETCH_CA VINV_CMD_BIT (VINV_CMD_FETCH_CA)
#define DO VINV_CMD_BIT (VINV_CMD_DO)
#define LISTS (VINV_CMD_BIT (VINV_CMD_TABLES) | VINV_CMD_BIT (VINV_CMD_COLUMNS))
#define CHECK VINV_CMD_BIT (VINV_CMD_CHECK)
#define SAVE VINV_CMD_BIT (VINV_CMD_SAVE)
#define DIFF VINV_CMD_BIT (VINV_CMD_DIFF)
#define HISTORY (VINV_CMD_BIT (VINV_CMD_RECORD) | VINV_CMD_BIT (VINV_CMD_HISTORY))

#define HELP_WIDTH 79           /* wrap help text before this column */
#define HELP_OPTION_COLUMN 26   /* option descriptions start here */
#define NBSP VINV_NBSP[0]       /* a space that append_wrapped() never breaks at */

/* The values of the options that take one of a few. */
static const char *const listing_formats[] = { "text", "csv", "json", NULL };
static const char *const show_formats[] = { "text", "csv", "json", "xlsx", NULL };
static const char *const fail_on_values[] = { "critical", "warning", "info", "never", NULL };
static const char *const export_formats[] = { "csv", "json", "xlsx", NULL };
static const char *const fetch_modes[] = { "follow", "parallel", NULL };

const VinvOptionSpec vinv_cli_option_table[] = {
    /* global: connections */
    { "connect", 'c', VINV_OPT_LIST, "URI", 0, OPT (uris), "Connection options",
      "Connect to URI.  Repeat for several connections: their rows are merged into "
      "one set of tables with a Source column.  Any libvirt URI (qemu:///system, "
      "qemu+ssh://root@hv01/system, test:///PATH/TO/FILE.xml), ovirt://ENGINE and "
      "ovirt+http://HOST:PORT (when the oVirt back-end is built in), file:PATH "
      "(a saved inventory, see 'save') and history:DB@WHEN (a record of a history "
      "database, see 'record')." },
    { "user", 'u', VINV_OPT_STRING, "USER", 0, OPT (user), "Connection options",
      "User name for oVirt engines, as USER@DOMAIN (admin@internal)." },
    { "ca-file", 0, VINV_OPT_STRING, "FILE", 0, OPT (ca_file), "Connection options",
      "PEM file of CA certificates to trust for TLS (default: the system store).",
      NULL, "file" },
    { "insecure", 0, VINV_OPT_FLAG, NULL, 0, OPT (insecure), "Connection options",
      "Do not verify TLS certificates.  Anyone on the path can then read the "
      "password: prefer --ca-file." },
    { "password-file", 0, VINV_OPT_STRING, "FILE", 0, OPT (password_file),
      "Connection options",
      "Read the password from the first line of FILE.  Passwords are never taken "
      "as arguments; see also VIRT_INVENTORY_PASSWORD.", NULL, "file" },
    { "profile", 0, VINV_OPT_STRING, "NAME", 0, OPT (profile), "Connection options",
      "Use the connection profile NAME from the configuration (its URIs, user, CA "
      "file and insecure flag; -c and -u override them) and apply the saved "
      "per-table columns, sort and filter.", NULL, "profile" },
    { "parallel", 0, VINV_OPT_STRING, "N", 0, OPT (parallel), "Connection options",
      "oVirt: keep at most N requests in flight per engine, 1 to 64 (default 8)." },
    { "fetch", 0, VINV_OPT_STRING, "HOW", 0, OPT (fetch), "Connection options",
      "oVirt: how per-VM and per-host details (disk attachments, NICs, "
      "statistics) are fetched: 'follow' (one request per kind, the default) or "
      "'parallel' (one request per entity, --parallel at a time).", fetch_modes },

    { "timeout", 0, VINV_OPT_STRING, "SECONDS", 0, OPT (timeout), "Connection options",
      "Stop loading after SECONDS in all (default 600, or timeout= in the profile): "
      "an oVirt collection still coming then fails with a one-line error naming it "
      "and the limit, and the tables already loaded are shown (exit 3); a libvirt "
      "connection still loading 10 s later is given up (exit 2).  Separately, an "
      "oVirt response that brings less than 1 KiB/s for 60 s counts as stalled.  "
      "Not the time 'do' waits for VMs: that is --wait." },

    /* global: configuration */
    { "view", 0, VINV_OPT_STRING, "NAME", 0, OPT (view), "Configuration options",
      "Apply the saved view NAME (a table with its columns, sort and filter).  "
      "'show' without TABLE shows the view's table.", NULL, "view" },
    { "config", 0, VINV_OPT_STRING, "FILE", 0, OPT (config), "Configuration options",
      "Read the configuration from FILE instead of "
      "$XDG_CONFIG_HOME/virt-inventory/config.ini.", NULL, "file" },

    /* global: general */
    { "quiet", 'q', VINV_OPT_FLAG, NULL, 0, OPT (quiet), "General options",
      "Print no notes, progress or row counts on standard error (errors and "
      "warnings are still printed)." },
    { "help", 'h', VINV_OPT_FLAG, NULL, 0, OPT (help), "General options",
      "Show this help, or after a command that command's help, and exit." },
    { "version", 'V', VINV_OPT_FLAG, NULL, 0, OPT (version), "General options",
      "Print the version and exit." },

    /* tables, columns */
    { "format", 0, VINV_OPT_STRING, "FORMAT", LISTS, OPT (format), NULL,
      "Output format: text (an aligned table, the default), csv or json.",
      listing_formats },

    /* show */
    { "filter", 'f', VINV_OPT_STRING, "FILTER", SHOW, OPT (filter), NULL,
      "Show only the rows matching FILTER (see Filters below).  Replaces a "
      "saved filter.", NULL, "filter" },
    { "columns", 'o', VINV_OPT_STRING, "COLS", SHOW, OPT (columns), NULL,
      "Show the columns COLS (ids or titles, comma-separated) in that order.  "
      "'+COL' adds a column to the current set, '-COL' removes one, 'all' shows "
      "every column.  Replaces saved columns.", NULL, "columns" },
    { "sort", 's', VINV_OPT_STRING, "KEYS", SHOW, OPT (sort), NULL,
      "Sort by the columns KEYS (comma-separated, first key first); a '-' before "
      "a column sorts it in descending order.  List columns sort by their number "
      "of items, then by the item shown.  Replaces a saved sort.", NULL, "sort" },
    { "format", 0, VINV_OPT_STRING, "FORMAT", SHOW, OPT (format), NULL,
      "Output format: text (an aligned table, the default), csv (RFC" VINV_NBSP "4180), "
      "json or xlsx (a workbook, to standard output when it is not a terminal).",
      show_formats },
    { "all-columns", 'a', VINV_OPT_FLAG, NULL, SHOW, OPT (all_columns), NULL,
      "Show every column, including those hidden by default (applied before "
      "--columns)." },

    /* export */
    { "format", 0, VINV_OPT_STRING, "FORMAT", EXPORT, OPT (format), NULL,
      "csv (one file per table, the default), json (one document holding every "
      "table) or xlsx (one workbook: a Summary sheet and a sheet per table).",
      export_formats },
    { "output", 'o', VINV_OPT_STRING, "FILE", EXPORT, OPT (output), NULL,
      "Write to FILE, or to standard output if FILE is '-'.  With csv only for a "
      "single table.", NULL, "file" },
    { "dir", 'd', VINV_OPT_STRING, "DIR", EXPORT, OPT (dir), NULL,
      "Write into the directory DIR, created if missing (default: the current "
      "directory): csv as TABLE.csv per table, json as inventory.json.", NULL, "dir" },
    { "all", 0, VINV_OPT_FLAG, NULL, EXPORT, OPT (all), NULL,
      "Export every column and every row, ignoring saved columns, sort and "
      "filter (default: what 'show' would print)." },
    { "raw-csv", 0, VINV_OPT_FLAG, NULL, SHOW | EXPORT, OPT (raw_csv), NULL,
      "Write CSV and XLSX text cells exactly as they are.  By default a text cell that "
      "begins with '=', '+', '-', '@', TAB or CR (and is not simply a number) gets a "
      "leading \"'\", so that a spreadsheet shows it instead of running it as a "
      "formula." },
    { "anonymize", 0, VINV_OPT_FLAG, NULL, SHOW | EXPORT, OPT (anonymize), NULL,
      "Replace every name, description, address, path and URI by a stable "
      "pseudonym (vm-0001, host-003, 10.0.1.17, /dir-002/file-0007.qcow2): the "
      "same value gets the same pseudonym in every table, so links still line up.  "
      "Filters and sorts apply to the real values first." },
    { "anonymize-map", 0, VINV_OPT_STRING, "FILE", SHOW | EXPORT, OPT (anonymize_map), NULL,
      "With --anonymize (implied): write the mapping from real values to "
      "pseudonyms to FILE, readable by you only (mode 0600).  Keep it private.",
      NULL, "file" },
    /* check */
    { "filter", 'f', VINV_OPT_STRING, "FILTER", CHECK, OPT (filter), NULL,
      "Show only the findings matching FILTER, on the columns severity, rule, "
      "table, object and message ('severity = critical', 'table = hosts')." },
    { "format", 0, VINV_OPT_STRING, "FORMAT", CHECK, OPT (format), NULL,
      "Output format: text (an aligned table, the default), csv or json.",
      listing_formats },
    { "fail-on", 0, VINV_OPT_STRING, "SEVERITY", CHECK, OPT (fail_on), NULL,
      "Exit with status 4 when a finding shown is at least this severe: critical, "
      "warning (the default), info, or never.", fail_on_values },
    { "list", 0, VINV_OPT_FLAG, NULL, CHECK, OPT (list), NULL,
      "List the rules instead of running them: id, table, severity, whether it "
      "is enabled, filter and thresholds." },
    /* fetch-ca (and --force for export too) */
    { "output", 'o', VINV_OPT_STRING, "FILE", FETCH_CA, OPT (output), NULL,
      "Write the certificate to FILE, or to standard output if FILE is '-' "
      "(default: HOST-ca.pem, or HOST-PORT-ca.pem, in the current directory).",
      NULL, "file" },
    { "force", 0, VINV_OPT_FLAG, NULL, EXPORT | FETCH_CA | SAVE, OPT (force), NULL,
      "Overwrite files that already exist (default: refuse and change nothing)." },

    /* do */
    { "filter", 'f', VINV_OPT_STRING, "FILTER", DO, OPT (filter), NULL,
      "Act on the rows matching FILTER (the language of 'show').", NULL, "filter" },
    { "ids", 0, VINV_OPT_STRING, "IDS", DO, OPT (ids), NULL,
      "Act on the rows with these ids (comma-separated); with --filter, on rows "
      "that match both." },
    { "dry-run", 'n', VINV_OPT_FLAG, NULL, DO, OPT (dry_run), NULL,
      "Print the plan and change nothing." },
    { "yes", 'y', VINV_OPT_FLAG, NULL, DO, OPT (yes), NULL,
      "Do not ask for confirmation (for scripts)." },
    { "no-wait", 0, VINV_OPT_FLAG, NULL, DO, OPT (no_wait), NULL,
      "Return once the engine or libvirt accepted each action, without waiting "
      "for the target state." },
    { "wait", 0, VINV_OPT_STRING, "SECONDS", DO, OPT (wait), NULL,
      "Wait at most SECONDS in all for the VMs to reach their target state "
      "(default 300).  The load before the plan is limited by --timeout." },
    { "description", 0, VINV_OPT_STRING, "TEXT", DO, OPT (description), NULL,
      "snapshot: the snapshot's description (required)." },
    { "memory", 0, VINV_OPT_FLAG, NULL, DO, OPT (memory), NULL,
      "snapshot: also save the memory of running VMs." },
    { "host", 0, VINV_OPT_STRING, "HOST", DO, OPT (host), NULL,
      "migrate: the target host (name or id; default: the engine chooses)." },
    { "allow-actions", 0, VINV_OPT_FLAG, NULL, DO, OPT (allow_actions), NULL,
      "Permit actions for this run (as allow-actions=true in the profile)." },
    { "read-only", 0, VINV_OPT_FLAG, NULL, DO, OPT (read_only), NULL,
      "Refuse every action, whatever the profile says." },

    /* diff, record, history (cmd-history.c) */
    { "filter", 'f', VINV_OPT_STRING, "FILTER", DIFF, OPT (filter), NULL,
      "Compare only the rows matching FILTER in A or in B.", NULL, "filter" },
    { "columns", 'o', VINV_OPT_STRING, "COLS", DIFF, OPT (columns), NULL,
      "Count only changes in the columns COLS (ids or titles, comma-separated).", NULL,
      "columns" },
    { "all-columns", 'a', VINV_OPT_FLAG, NULL, DIFF, OPT (all_columns), NULL,
      "Count statistics too (counters, rates, usage, uptime, ages)." },
    { "format", 0, VINV_OPT_STRING, "FORMAT", DIFF | HISTORY, OPT (format), NULL,
      "Output format: text (the default), csv or json.", listing_formats },
    { "history", 0, VINV_OPT_STRING, "DB", DIFF | HISTORY, OPT (history), NULL,
      "The history database: a file (default "
      "$XDG_DATA_HOME/virt-inventory/history.db) or a postgresql:// URI.  For diff, "
      "where @N means record N.", NULL, "file" },

    { NULL }
};

void
vinv_cli_options_init (VinvCliOptions *opts)
{
    memset (opts, 0, sizeof *opts);
    opts->uris = g_ptr_array_new_with_free_func (g_free);
    opts->args = g_ptr_array_new_with_free_func (g_free);
}

void
vinv_cli_options_clear (VinvCliOptions *opts)
{
    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        gpointer field = G_STRUCT_MEMBER_P (opts, o->offset);
        if (o->type == VINV_OPT_STRING)
            g_clear_pointer ((char **) field, g_free);
    }
    g_clear_pointer (&opts->uris, g_ptr_array_unref);
    g_clear_pointer (&opts->args, g_ptr_array_unref);
}

guint
vinv_cli_export_flags (const VinvCliOptions *opts)
{
    return opts->raw_csv ? VINV_EXPORT_FLAG_RAW_TEXT : VINV_EXPORT_FLAG_NONE;
}

const VinvOptionSpec *
vinv_cli_lookup_option (const VinvCommand *command, const char *long_name)
{
    guint bit = command != NULL ? VINV_CMD_BIT (command->id) : 0;

    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        if (strcmp (o->long_name, long_name) == 0
            && (o->commands == 0 || (o->commands & bit) != 0))
            return o;
    }
    return NULL;
}

const VinvCommand *
vinv_cli_lookup_command (const char *name)
{
    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        if (strcmp (c->name, name) == 0)
            return c;
    }
    return NULL;
}

/* The option of @command (NULL: before any command, so global only) named
 * by @long_name (with @long_len bytes) or by @short_name.  NULL if none. */
static const VinvOptionSpec *
find_option (const VinvCommand *command, const char *long_name, gsize long_len,
             char short_name)
{
    guint bit = command != NULL ? VINV_CMD_BIT (command->id) : 0;

    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        if (o->commands != 0 && (o->commands & bit) == 0)
            continue;
        if (long_name != NULL) {
            if (strlen (o->long_name) == long_len
                && strncmp (o->long_name, long_name, long_len) == 0)
                return o;
        } else if (short_name != 0 && o->short_name == short_name) {
            return o;
        }
    }
    return NULL;
}

/* The first command that has an option so named, for "put it after the
 * command" hints.  NULL if no command has it. */
static const VinvCommand *
command_owning (const char *long_name, gsize long_len, char short_name)
{
    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        const VinvOptionSpec *o = find_option (c, long_name, long_len, short_name);
        if (o != NULL && o->commands != 0)
            return c;
    }
    return NULL;
}

static void
store_option (VinvCliOptions *opts, const VinvOptionSpec *o, const char *value)
{
    gpointer field = G_STRUCT_MEMBER_P (opts, o->offset);

    switch (o->type) {
    case VINV_OPT_FLAG:
        *(gboolean *) field = TRUE;
        break;
    case VINV_OPT_STRING:
        g_free (*(char **) field);
        *(char **) field = g_strdup (value);
        break;
    case VINV_OPT_LIST:
        g_ptr_array_add (*(GPtrArray **) field, g_strdup (value));
        break;
    }
}

static gboolean
unknown_option_error (const VinvCommand *command, const char *shown,
                      const char *long_name, gsize long_len, char short_name,
                      GError **error)
{
    if (long_name != NULL
        && (strncmp (long_name, "password", long_len) == 0 && long_len == 8)) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown option '%s': passwords are never taken as arguments; "
                     "use VIRT_INVENTORY_PASSWORD or --password-file", shown);
        return FALSE;
    }
    if (command == NULL) {
        const VinvCommand *owner = command_owning (long_name, long_len, short_name);
        if (owner != NULL) {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         "option '%s' belongs to a command: put it after the command "
                         "(virt-inventory %s ... %s)", shown, owner->name, shown);
            return FALSE;
        }
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                     "unknown option '%s'", shown);
        return FALSE;
    }
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                 "unknown option '%s' for '%s'", shown, command->name);
    return FALSE;
}

gboolean
vinv_cli_parse_args (int argc, char **argv, VinvCliOptions *opts, GError **error)
{
    gboolean options_done = FALSE;

    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];

        if (options_done || arg[0] != '-' || arg[1] == '\0') {
            /* A positional argument: the command, then its arguments. */
            if (opts->command == NULL) {
                opts->command = vinv_cli_lookup_command (arg);
                if (opts->command == NULL) {
                    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "unknown command '%s'", arg);
                    return FALSE;
                }
            } else {
                g_ptr_array_add (opts->args, g_strdup (arg));
            }
            continue;
        }
        if (strcmp (arg, "--") == 0) {
            options_done = TRUE;
            continue;
        }

        if (arg[1] == '-') {
            /* --name or --name=value */
            const char *name = arg + 2;
            const char *eq = strchr (name, '=');
            gsize len = eq != NULL ? (gsize) (eq - name) : strlen (name);
            g_autofree char *shown = g_strndup (arg, len + 2);
            const VinvOptionSpec *o = find_option (opts->command, name, len, 0);

            if (o == NULL)
                return unknown_option_error (opts->command, shown, name, len, 0, error);
            if (o->type == VINV_OPT_FLAG) {
                if (eq != NULL) {
                    g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "option '%s' takes no value", shown);
                    return FALSE;
                }
                store_option (opts, o, NULL);
            } else if (eq != NULL) {
                store_option (opts, o, eq + 1);
            } else if (i + 1 < argc) {
                store_option (opts, o, argv[++i]);
            } else {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "option '%s' needs a value (%s)", shown, o->arg_name);
                return FALSE;
            }
            continue;
        }

        /* -x, -xyz (flags), -xVALUE, -x VALUE */
        for (const char *p = arg + 1; *p != '\0'; p++) {
            char shown[3] = { '-', *p, '\0' };
            const VinvOptionSpec *o = find_option (opts->command, NULL, 0, *p);

            if (o == NULL)
                return unknown_option_error (opts->command, shown, NULL, 0, *p, error);
            if (o->type == VINV_OPT_FLAG) {
                store_option (opts, o, NULL);
                continue;
            }
            if (p[1] != '\0') {
                store_option (opts, o, p + 1);
            } else if (i + 1 < argc) {
                store_option (opts, o, argv[++i]);
            } else {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                             "option '%s' needs a value (%s)", shown, o->arg_name);
                return FALSE;
            }
            break;
        }
    }
    return TRUE;
}

/* Appends @text to @out word-wrapped: the first line continues at column
 * @col (where the caller already is), later lines start at @indent.  A
 * "\n" in @text forces a new line; NBSP joins two words with a space that
 * is never broken. */
static void
append_wrapped (GString *out, const char *text, gsize col, gsize indent)
{
    const char *p = text;

    while (*p != '\0') {
        if (*p == '\n') {
            g_string_append_c (out, '\n');
            for (gsize k = 0; k < indent; k++)
                g_string_append_c (out, ' ');
            col = indent;
            p++;
            continue;
        }
        const char *word_end = p;
        while (*word_end != '\0' && *word_end != ' ' && *word_end != '\n')
            word_end++;
        gsize word_width = vinv_text_width_len (p, word_end - p);

        if (col > indent && col + 1 + word_width > HELP_WIDTH) {
            g_string_append_c (out, '\n');
            for (gsize k = 0; k < indent; k++)
                g_string_append_c (out, ' ');
            col = indent;
        } else if (col > indent) {
            g_string_append_c (out, ' ');
            col++;
        }
        gsize word_start = out->len;
        g_string_append_len (out, p, word_end - p);
        for (gsize k = word_start; k < out->len; k++) {
            if (out->str[k] == NBSP)
                out->str[k] = ' ';
        }
        col += word_width;
        p = word_end;
        while (*p == ' ')
            p++;
    }
    g_string_append_c (out, '\n');
}

/* Appends a paragraph block: paragraphs separated by blank lines in @text,
 * each wrapped at @indent. */
static void
append_paragraphs (GString *out, const char *text, gsize indent)
{
    g_auto (GStrv) paragraphs = g_strsplit (text, "\n\n", -1);

    for (guint i = 0; paragraphs[i] != NULL; i++) {
        if (i > 0)
            g_string_append_c (out, '\n');
        for (gsize k = 0; k < indent; k++)
            g_string_append_c (out, ' ');
        append_wrapped (out, paragraphs[i], indent, indent);
    }
}

static void
append_option (GString *out, const VinvOptionSpec *o)
{
    gsize start = out->len;

    if (o->short_name != 0)
        g_string_append_printf (out, "  -%c, --%s", o->short_name, o->long_name);
    else
        g_string_append_printf (out, "      --%s", o->long_name);
    if (o->arg_name != NULL)
        g_string_append_printf (out, "=%s", o->arg_name);

    gsize col = out->len - start;
    if (col + 2 > HELP_OPTION_COLUMN) {
        g_string_append_c (out, '\n');
        col = 0;
    }
    while (col < HELP_OPTION_COLUMN) {
        g_string_append_c (out, ' ');
        col++;
    }
    append_wrapped (out, o->help, col, HELP_OPTION_COLUMN);
}

static void
append_global_options (GString *out)
{
    const char *section = NULL;

    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        if (o->commands != 0)
            continue;
        if (section == NULL || g_strcmp0 (section, o->section) != 0) {
            section = o->section;
            g_string_append_printf (out, "\n%s:\n", section);
        }
        append_option (out, o);
    }
}

/* "Global options (see ...): -c URI, -u USER, ...", from the table. */
static void
append_global_summary (GString *out)
{
    g_autoptr (GString) list = g_string_new ("Global options (see 'virt-inventory --help'):");

    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        if (o->commands != 0)
            continue;
        if (o->short_name != 0)
            g_string_append_printf (list, " -%c", o->short_name);
        else
            g_string_append_printf (list, " --%s", o->long_name);
        if (o->arg_name != NULL)
            g_string_append_printf (list, "%c%s", NBSP, o->arg_name);
        g_string_append_c (list, o[1].long_name != NULL && o[1].commands == 0 ? ',' : '.');
    }
    g_string_append_c (out, '\n');
    append_wrapped (out, list->str, 0, 0);
}

static void
append_examples (GString *out, const char *examples)
{
    g_auto (GStrv) lines = g_strsplit (examples, "\n", -1);

    g_string_append (out, "\nExamples:\n");
    for (guint i = 0; lines[i] != NULL; i++) {
        if (lines[i][0] == '\0')
            continue;
        /* Commands flush at 2, explanations at 6. */
        if (g_str_has_prefix (lines[i], "virt-inventory")) {
            g_string_append_printf (out, "%s  %s\n", i > 0 ? "\n" : "", lines[i]);
        } else {
            g_string_append (out, "      ");
            append_wrapped (out, lines[i], 6, 6);
        }
    }
}

const char vinv_cli_summary[] =
    "list and export every object of oVirt engines and libvirt hypervisors as tables";

const char vinv_cli_description[] =
    "List and export every object of oVirt engines and libvirt hypervisors "
    "(VMs, hosts, disks, storage, networks, ...) as tables that can be "
    "filtered, sorted and exported.  Several connections merge into one set "
    "of tables.\n\n"
    "Without -c and without a default profile, virt-inventory shows a "
    "built-in demo environment, so every example below works as is.";

const char vinv_cli_examples[] =
    "virt-inventory tables\n"
    "List the tables of the demo environment with their row counts.\n"
    "virt-inventory show vms -f 'status = up, memory > 4GB' -s -memory\n"
    "Running VMs with more than 4 GB of memory, the biggest first.\n"
    "virt-inventory -c qemu:///system -c qemu+ssh://root@hv02/system show vms\n"
    "The VMs of two hypervisors in one table, with a Source column.\n"
    "virt-inventory export --format csv -d out/\n"
    "Every table as out/TABLE.csv.\n";

const char vinv_cli_filters_help[] =
    "A filter is one or more terms 'COLUMN OP VALUE' separated by ',' (all must "
    "hold); COLUMN is a column title or id in any case.  OP is = != < > <= >= "
    "~ (regex contains) or !~.  '=' on text is a case-insensitive regular "
    "expression matching the whole cell.  On list cells (Disks, Networks) a "
    "number compares the count of items (disks > 1) and text matches any item, "
    "which is then shown first.  Sizes take units (memory > 4GB; "
    "1" VINV_NBSP "KB" VINV_NBSP "=" VINV_NBSP "1024" VINV_NBSP "B).  Also: and, or, not, "
    "parentheses, \"quoted values\", 'is empty', 'is not empty', free text "
    "that searches every shown column, and conditions on linked rows: "
    "'host.status = up' (the VM's host is up), 'vms.pending_restart = true' "
    "(some VM on the host), 'all vms.status = up' (every VM on the host).  The "
    "full language: docs/filter-language.md.";

const VinvCliDocItem vinv_cli_exit_codes[] = {
    { "0", "success" },
    { "1", "usage error: unknown command, option, table or column; bad filter or "
           "sort; an output file exists (without --force) or cannot be written" },
    { "2", "a connection failed to open or load (bad URI, unreachable host, TLS or "
           "authentication failure); other connections are still shown" },
    { "3", "some tables failed to load; the rest was printed" },
    { "4", "check: a finding at or above --fail-on (1, 2 and 3 win over 4)" },
    { "5", "do: an action failed or timed out on some row (the others were done)" },
    { "6", "diff: the inventories differ" },
    { NULL, NULL }
};

const VinvCliDocItem vinv_cli_environment[] = {
    { "VIRT_INVENTORY_PASSWORD",
      "the password for connections that need one (oVirt), instead of a prompt" },
    { "XDG_CONFIG_HOME",
      "where virt-inventory/config.ini is looked for (default: ~/.config)" },
    { "VINV_DEMO_DIR", "the directory of the built-in demo environment" },
    { NULL, NULL }
};

/* "  TERM  text" lines, the texts starting at column @indent and wrapped
 * there. */
static void
append_items (GString *out, const VinvCliDocItem *items, gsize indent)
{
    for (const VinvCliDocItem *it = items; it->term != NULL; it++) {
        gsize start = out->len;
        g_string_append_printf (out, "  %s", it->term);
        gsize col = out->len - start;
        if (col + 2 > indent) {
            g_string_append_c (out, '\n');
            col = 0;
        }
        for (; col < indent; col++)
            g_string_append_c (out, ' ');
        append_wrapped (out, it->text, indent, indent);
    }
}

static void
append_exit_status (GString *out)
{
    g_string_append (out, "\nExit status:\n");
    append_items (out, vinv_cli_exit_codes, 5);
}

char *
vinv_cli_dup_help (const VinvCommand *command)
{
    GString *out = g_string_new (NULL);

    if (command == NULL) {
        g_string_append (out,
            "Usage: virt-inventory [OPTION]... COMMAND [ARG]...\n"
            "\n");
        append_paragraphs (out, vinv_cli_description, 0);
        g_string_append (out, "\nCommands:\n");
        for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++)
            g_string_append_printf (out, "  %-10s%s\n", c->name, c->summary);
        append_global_options (out);
        append_examples (out, vinv_cli_examples);
        append_exit_status (out);
        g_string_append (out, "\nEnvironment:\n");
        append_items (out, vinv_cli_environment, 27);
        g_string_append (out,
            "\nRun 'virt-inventory COMMAND --help' for the options of a command.\n"
            "Full reference: docs/cli.md.\n");
        return g_string_free (out, FALSE);
    }

    g_string_append_printf (out, "Usage: virt-inventory [GLOBAL OPTION]... %s", command->name);
    gboolean has_options = FALSE;
    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++)
        has_options |= (o->commands & VINV_CMD_BIT (command->id)) != 0;
    if (has_options)
        g_string_append (out, " [OPTION]...");
    if (command->args[0] != '\0')
        g_string_append_printf (out, " %s", command->args);
    g_string_append (out, "\n\n");
    append_paragraphs (out, command->description, 0);

    if (has_options) {
        g_string_append (out, "\nOptions:\n");
        for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
            if (o->commands & VINV_CMD_BIT (command->id))
                append_option (out, o);
        }
    }
    append_global_summary (out);
    if (command->id == VINV_CMD_SHOW) {
        g_string_append (out, "\nFilters:\n  ");
        append_wrapped (out, vinv_cli_filters_help, 2, 2);
    }
    if (command->examples != NULL)
        append_examples (out, command->examples);
    if (command->id != VINV_CMD_HELP)
        append_exit_status (out);
    return g_string_free (out, FALSE);
}
