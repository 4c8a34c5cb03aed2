/* cli.h — the virt-inventory command-line tool, as a library.
 *
 * main.c registers the back-ends (and the fetch-ca hook,
 * vinv_cli_set_fetch_ca()) and calls vinv_cli_main(); everything else
 * lives in the static library libvinv_cli so that tests link exactly the
 * code the tool runs.  The pieces, curl-style:
 *
 *   options.c   the one option table: it drives parsing *and* --help text
 *   commands.c  the one command table (name, usage, help, handler), the
 *               checks every command shares, and vinv_cli_main()
 *   cmd-show.c  `tables`, `columns`, `show`; cmd-export.c `export`;
 *               cmd-view.c what both do with TABLE and the view options
 *               (shared through cmd-private.h); cmd-do.c `do`;
 *               cmd-history.c `save`, `diff`, `record`, `history`
 *   connect.c   turning -c/--profile/the demo into one merged inventory
 *               through the session (core/session.h): config, password,
 *               progress, messages
 *   printer.c   the aligned text table, filter-error carets, csv/json via
 *               the core exporters
 *   fetch-ca.c  `fetch-ca`: where the engine CA goes and its fingerprint;
 *               the download is a hook that main.c sets
 *   check-command.c  `check`: health-check findings and the rule listing, over
 *               the core's check module
 *
 * The CLI uses only the core (src/core) and the back-end interface
 * (backend.h); it never includes a back-end's own header.
 */
#pragma once

#include <stdio.h>
#include "core/backend.h"
#include "core/config.h"
#include "core/export.h"
#include "core/view.h"

G_BEGIN_DECLS

#define VINV_PROGRAM "virt-inventory"

/* --parallel accepts 1 to this (the oVirt back-end's own ceiling). */
#define VINV_CLI_MAX_PARALLEL 64
#define VINV_CLI_MAX_TIMEOUT 86400   /* --timeout, as timeout= in profiles */

/* In help texts: a space that word wrapping never breaks at ("RFC" VINV_NBSP
 * "4180"); printed as a plain space. */
#define VINV_NBSP "\001"

/* Exit codes (documented in --help and docs/cli.md).  When several apply,
 * the highest-priority one wins: USAGE before CONNECT before PARTIAL
 * before FINDINGS (findings on partial data may be incomplete); ACTION is
 * `do`'s own. */
typedef enum {
    VINV_EXIT_OK = 0,
    VINV_EXIT_USAGE = 1,     /* usage, filter, sort, column or output-file error */
    VINV_EXIT_CONNECT = 2,   /* a connection failed to open or load at all */
    VINV_EXIT_PARTIAL = 3,   /* some tables failed to load; the rest was printed */
    VINV_EXIT_FINDINGS = 4,  /* `check`: a finding at or above --fail-on */
    VINV_EXIT_ACTION = 5,    /* do: an action failed or timed out on some VM */
    VINV_EXIT_DIFFERENT = 6, /* diff: the inventories differ (nothing failed) */
} VinvExitCode;

typedef enum {
    VINV_CMD_TABLES,
    VINV_CMD_COLUMNS,
    VINV_CMD_SHOW,
    VINV_CMD_EXPORT,
    VINV_CMD_FETCH_CA,
    VINV_CMD_CHECK,
    VINV_CMD_DO,
    VINV_CMD_HELP,
    VINV_CMD_SAVE,
    VINV_CMD_DIFF,
    VINV_CMD_RECORD,
    VINV_CMD_HISTORY,
    VINV_CMD_LAST
} VinvCommandId;

#define VINV_CMD_BIT(id) (1u << (id))

/* Everything the command line said.  Filled by vinv_cli_parse_args();
 * strings are owned by the struct (vinv_cli_options_clear() frees them).
 * A NULL string or FALSE flag means "not given". */
typedef struct {
    /* global options */
    GPtrArray *uris;             /* -c, in order (char *), never NULL */
    char *user;
    char *ca_file;
    gboolean insecure;
    char *password_file;
    char *profile;
    char *parallel;              /* --parallel N, checked to be 1..64 before use */
    char *timeout;               /* --timeout SECONDS (the load), checked before use */
    char *fetch;                 /* --fetch follow|parallel, checked before use */
    char *view;
    char *config;
    gboolean quiet;
    gboolean help;
    gboolean version;

    /* the command (NULL: none given) and its positional arguments */
    const struct _VinvCommand *command;
    GPtrArray *args;             /* char *, never NULL */

    /* command options */
    char *filter;                /* show -f */
    char *columns;               /* show -o */
    char *sort;                  /* show -s */
    char *format;                /* tables, columns, show, export --format */
    gboolean all_columns;        /* show -a */
    char *output;                /* export -o, fetch-ca -o */
    char *dir;                   /* export -d */
    gboolean all;                /* export --all */
    gboolean force;              /* export --force, fetch-ca --force, save --force */
    gboolean raw_csv;            /* show, export --raw-csv */
    gboolean anonymize;          /* show, export --anonymize */
    char *anonymize_map;         /* show, export --anonymize-map FILE */
    gboolean list;               /* check --list */
    char *fail_on;               /* check --fail-on SEVERITY, checked before use */

    /* do */
    char *ids;                   /* --ids ID,ID */
    gboolean dry_run;
    gboolean yes;
    gboolean no_wait;
    char *wait;                  /* --wait SECONDS, checked before use */
    char *description;           /* snapshot */
    gboolean memory;             /* snapshot */
    char *host;                  /* migrate */
    gboolean allow_actions;
    gboolean read_only;
    char *history;               /* record, history, diff --history DB */
} VinvCliOptions;

void vinv_cli_options_init (VinvCliOptions *opts);
void vinv_cli_options_clear (VinvCliOptions *opts);

/* How an option stores what it is given. */
typedef enum {
    VINV_OPT_FLAG,               /* gboolean set to TRUE */
    VINV_OPT_STRING,             /* char *, the last occurrence wins */
    VINV_OPT_LIST,               /* GPtrArray * of char *, each occurrence appended */
} VinvOptionType;

/* One row of the option table.  @commands is a mask of VINV_CMD_BIT()s the
 * option belongs to, or 0 for a global option (valid before and after the
 * command).  @section groups global options in the top-level help.
 * @values and @complete are for the shell completion and the man page
 * (docs.c); @values is also what the command accepts (--format). */
typedef struct {
    const char *long_name;
    char short_name;             /* or 0 */
    VinvOptionType type;
    const char *arg_name;        /* "URI"; NULL for flags */
    guint commands;
    gsize offset;                /* offsetof (VinvCliOptions, field) */
    const char *section;         /* global options only: "Connection options" */
    const char *help;
    const char *const *values;   /* the only values accepted, NULL-terminated, or NULL */
    /* What the argument is, for completion: "file", "dir", "profile",
     * "view", "columns" (a -o list), "sort" (a -s list), "filter", or NULL
     * (nothing to offer, or @values). */
    const char *complete;
} VinvOptionSpec;

/* The option table, terminated by an entry with long_name NULL. */
extern const VinvOptionSpec vinv_cli_option_table[];

/* The option of @command (NULL: a global one) named --@long_name, or NULL. */
const VinvOptionSpec *vinv_cli_lookup_option (const struct _VinvCommand *command,
                                              const char *long_name);

/* Texts shared by --help, the man page (docs.c) and docs/cli.md's
 * checks.  Paragraphs are separated by blank lines; examples are pairs of
 * lines, a command and then what it does. */
extern const char vinv_cli_summary[];       /* one line, for NAME */
extern const char vinv_cli_description[];
extern const char vinv_cli_examples[];
extern const char vinv_cli_filters_help[];

/* A term and its explanation: exit codes, environment variables. */
typedef struct {
    const char *term;
    const char *text;
} VinvCliDocItem;

/* Both terminated by an entry with term NULL. */
extern const VinvCliDocItem vinv_cli_exit_codes[];
extern const VinvCliDocItem vinv_cli_environment[];

typedef struct _VinvCli VinvCli;
typedef int (*VinvCommandFunc) (VinvCli *cli);

/* One row of the command table.  The texts make up `COMMAND --help`:
 * usage line, description paragraphs (blank-line separated), examples
 * (pairs of lines: a command, then what it does). */
typedef struct _VinvCommand {
    const char *name;
    VinvCommandId id;
    const char *args;            /* positional part of the usage line */
    guint min_args;
    guint max_args;              /* G_MAXUINT: any number */
    const char *summary;         /* one line, for the command list */
    const char *description;
    const char *examples;
    VinvCommandFunc run;
} VinvCommand;

/* The command table, terminated by an entry with name NULL. */
extern const VinvCommand vinv_cli_command_table[];

/* Finds a command by exact name.  NULL if there is none. */
const VinvCommand *vinv_cli_lookup_command (const char *name);

/* Parses @argv (argv[0] is the program) into @opts, which must have been
 * initialised.  Global options may come before or after the command;
 * command options only after it.  Stops at "--" (the rest is positional).
 * On a usage error returns FALSE with a one-line message in @error; opts
 * then tells which command (if any) was recognised, for the "Try" line. */
gboolean vinv_cli_parse_args (int argc, char **argv, VinvCliOptions *opts, GError **error);

/* The help text of @command, or the top-level help if NULL.  Ends with a
 * newline.  Owned by caller. */
char *vinv_cli_dup_help (const VinvCommand *command);

/* --- docs.c: generated at build time by gen-docs (meson custom_target) --- */

/* The man page virt-inventory(1) in roff (man macros), for @version: the
 * same option and command tables as --help, laid out for man.  Owned by
 * caller. */
char *vinv_cli_dup_man_page (const char *version);

/* The bash completion script: commands, options per command, option
 * values (@values), table ids and aliases and their column ids (from the
 * schemas, as `columns` lists them), profile and view names read from the
 * configuration file when completing.  Owned by caller. */
char *vinv_cli_dup_bash_completion (void);

/* The state of one run: the options, where output goes, and what was
 * loaded.  The handlers of the command table work on it. */
struct _VinvCli {
    VinvCliOptions opts;
    FILE *out;                   /* standard output (or a test's file) */
    FILE *err;                   /* standard error (or a test's file) */
    gboolean out_is_tty;
    gboolean err_is_tty;

    VinvConfig *config;          /* loaded by vinv_cli_prepare() */
    VinvProfile *profile;        /* the profile in use, or NULL */
    VinvNamedView *view;         /* --view, or NULL */
    VinvInventory *inventory;    /* filled by vinv_cli_connect() */
    guint n_failed_sources;      /* connections that failed to open or load */
    /* kept after loading for `do`, which opens read-write connections: */
    VinvConnectOptions connect_options;  /* cleared (password wiped) at exit */
    GHashTable *source_uris;     /* Source name -> the URI it was loaded from */
    gboolean progress_shown;     /* a progress line is on stderr */
    struct _VinvAnonymizer *anonymizer;  /* --anonymize: made on first use */
    VinvInventory *anonymous;    /* --anonymize: the anonymised copy of inventory */
};

/* Runs the tool on @argv, writing to @out and @err.  Returns the exit
 * code.  Back-ends must have been registered before. */
int vinv_cli_run (int argc, char **argv, FILE *out, FILE *err);

/* vinv_cli_run() on stdout/stderr, for main(), which then exits: the
 * inventory is left to the exit, not freed. */
int vinv_cli_main (int argc, char **argv);

/* --- cmd-show.c, cmd-export.c, commands.c: the handlers of `tables`,
 * `columns TABLE`, `show [TABLE]`, `export [TABLE]...` and `help [COMMAND]`
 * (their help is in the command table) --- */
int vinv_cli_run_tables (VinvCli *cli);
int vinv_cli_run_columns (VinvCli *cli);
int vinv_cli_run_show (VinvCli *cli);
int vinv_cli_run_export (VinvCli *cli);
int vinv_cli_run_help (VinvCli *cli);

/* --- cmd-do.c --- */

/* The handler of `do ACTION [TABLE] [-f FILTER | --ids IDS]`. */
int vinv_cli_run_do (VinvCli *cli);

/* --- fetch-ca.c --- */

/* Downloads an engine's CA certificate (PEM) to @out_path, replacing it
 * atomically, and sets *connect_uri to the URI to connect to with it;
 * returns FALSE with a one-line @error in VINV_BACKEND_ERROR (URI, CONNECT
 * or PROTOCOL) or G_FILE_ERROR (cannot write @out_path).
 * vinv_ovirt_fetch_ca() has this shape. */
typedef gboolean (*VinvCliFetchCaFunc) (const char *engine, const char *out_path,
                                        char **connect_uri, GError **error);

/* Sets what `fetch-ca` calls: main.c passes the oVirt back-end's function
 * when the tool is built with it, so libvinv_cli itself never links the
 * back-end (the tests link it alone).  Without a hook (or with NULL),
 * `fetch-ca` says the build has no oVirt back-end and exits 2. */
void vinv_cli_set_fetch_ca (VinvCliFetchCaFunc func);

/* The handler of `fetch-ca ENGINE [-o FILE] [--force]`: downloads the CA
 * through the hook to FILE (default vinv_cli_default_ca_path(), refusing
 * to overwrite without --force; "-" for standard output) and prints its
 * SHA-256 fingerprint with how to check it on stderr.  Returns VINV_EXIT_OK,
 * VINV_EXIT_USAGE (the file exists or cannot be written) or
 * VINV_EXIT_CONNECT (bad ENGINE, unreachable, not a certificate, or no
 * hook). */
int vinv_cli_run_fetch_ca (VinvCli *cli);

/* The SHA-256 fingerprint of the first certificate in @pem, as OpenSSL
 * prints it: 32 upper-case hex byte pairs joined by ':'.  NULL if @pem
 * holds no BEGIN/END CERTIFICATE block.  Owned by caller. */
char *vinv_cli_pem_fingerprint (const char *pem);

/* The file name fetch-ca writes by default for @engine: its host, with
 * "-PORT" when a port is given, then "-ca.pem" ("engine.example.com-ca.pem",
 * "127.0.0.1-8080-ca.pem").  Characters other than letters, digits, '.'
 * and '-' become '_'.  Owned by caller. */
char *vinv_cli_default_ca_path (const char *engine);

/* Prints "virt-inventory: MESSAGE" and a newline on @cli's stderr. */
void vinv_cli_error (VinvCli *cli, const char *format, ...) G_GNUC_PRINTF (2, 3);
/* Prints "virt-inventory: warning: MESSAGE" and a newline. */
void vinv_cli_warning (VinvCli *cli, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* --- anonymize-cli.c --- */

/* TRUE if --anonymize or --anonymize-map was given. */
gboolean vinv_cli_anonymizing (const VinvCli *cli);

/* Before connecting: VINV_EXIT_USAGE (after saying so) if the
 * --anonymize-map file exists and --force was not given. */
int vinv_cli_check_anonymize_map (VinvCli *cli);

/* @view (of cli->inventory) carried over to the anonymised copy of the
 * inventory, which is made on the first call.  Owned by caller. */
VinvView *vinv_cli_anonymize_view (VinvCli *cli, const VinvView *view);

/* After the output is written: writes the --anonymize-map file (mode
 * 0600).  VINV_EXIT_OK, or VINV_EXIT_USAGE after saying why. */
int vinv_cli_write_anonymize_map (VinvCli *cli);

/* Frees what vinv_cli_anonymize_view() made. */
void vinv_cli_clear_anonymize (VinvCli *cli);

/* --- check.c --- */

/* The handler of `check [RULE...]`: loads the rules (built-in, then the
 * config's [check NAME] sections, each problem a warning with FILE:LINE),
 * checks the RULEs, --filter and --fail-on before connecting, then prints
 * the Findings (or, with --list, the rules).  Returns VINV_EXIT_FINDINGS
 * when a finding shown is at or above --fail-on (default warning), unless
 * a worse code applies. */
int vinv_cli_run_check (VinvCli *cli);
/* The Findings of every enabled rule on @inventory, as a view that shows
 * what `check` prints (the same core run, the same columns), for the
 * Health sheet of an XLSX export.  Rule warnings are printed as `check`
 * prints them.  NULL (after a warning) when the rules cannot be read.
 * Needs vinv_cli_prepare() (the config). */
VinvView *vinv_cli_health_view (VinvCli *cli, const VinvInventory *inventory);

/* --- cmd-history.c: save, diff, record, history --- */

/* What `save`, `record` and `history` call: main.c sets the saved-inventory
 * back-end's functions (src/snapshot), so libvinv_cli links no back-end.
 * Without hooks these commands say the build lacks them and exit 2.
 * @record returns a one-line summary of what it stored. */
typedef struct {
    gboolean (*save) (const VinvInventory *inventory, const char *path, gboolean force,
                      gint64 saved_at, GError **error);
    gboolean (*record) (const char *db, const VinvInventory *inventory, gint64 taken_at,
                        char **summary, GError **error);
    VinvTable *(*list) (const char *db, GError **error);
    VinvTable *(*show) (const char *db, const char *table, const char *id, GError **error);
    char *(*dup_default_db) (void);
} VinvCliHistoryHooks;

/* Sets the hooks (a static struct, or NULL for none). */
void vinv_cli_set_history_hooks (const VinvCliHistoryHooks *hooks);

/* The handlers of `save FILE`, `diff A B [TABLE...]`, `record` and
 * `history list|show TABLE ID` (see their help in commands.c). */
int vinv_cli_run_save (VinvCli *cli);
int vinv_cli_run_diff (VinvCli *cli);
int vinv_cli_run_record (VinvCli *cli);
int vinv_cli_run_history (VinvCli *cli);

/* --- connect.c --- */


/* Loads the configuration (a corrupt one is warned about on stderr and
 * replaced by defaults), then resolves --profile (or the default profile
 * when no -c is given) and --view.  Returns VINV_EXIT_OK, or
 * VINV_EXIT_USAGE after printing why (unknown profile or view). */
int vinv_cli_prepare (VinvCli *cli);

/* Opens and fetches every connection — -c URIs, else the profile's, else
 * the demo's (with a note on stderr) — through the session
 * (core/session.h: in parallel, merged into cli->inventory in the order
 * given).  A back-end that reports VINV_BACKEND_ERROR_AUTH without a
 * password gets one asked for on the terminal (once) and is retried.  A
 * connection that fails is reported ("cannot open 'URI': reason"),
 * recorded as a source with an error in cli->inventory and counted in
 * cli->n_failed_sources; the others still load.  Returns VINV_EXIT_OK if
 * at least one connection loaded, VINV_EXIT_CONNECT if none did (then
 * cli->inventory is NULL), VINV_EXIT_USAGE if a password file could not
 * be read or a back-end that needs a user (VinvBackendClass.needs_user)
 * has none (-u, the profile's user or USER@ in the URI) — checked before
 * anything is opened, since the engine would only answer "authentication
 * failed". */
int vinv_cli_connect (VinvCli *cli);

/* The progress line for @progress: "loading hv01: VMs 3/7…", without the
 * counts when the total is unknown, without the "VMs" when nothing is
 * named ("loading hv01: 6/6…", "loading hv01…").  Owned by caller. */
char *vinv_cli_format_progress (const VinvProgress *progress);

/* The exit code for the data a command printed: VINV_EXIT_CONNECT if
 * @n_failed_sources > 0 or a source of @inventory carries an error, else
 * VINV_EXIT_PARTIAL if @table (or, when @table is NULL, any table of
 * @inventory) has a load error or a column marked unavailable
 * (vinv_table_get_unavailable()), else VINV_EXIT_OK. */
int vinv_cli_exit_code (const VinvInventory *inventory, const VinvTable *table,
                        guint n_failed_sources);

/* --- printer.c --- */

/* Display width of UTF-8 @text in terminal cells: wide (East Asian)
 * characters count 2, zero-width ones 0, others 1.  Invalid UTF-8 bytes
 * count 1 each. */
gsize vinv_text_width (const char *text);

/* Width of the first @len bytes of @text, as vinv_text_width(). */
gsize vinv_text_width_len (const char *text, gsize len);

/* A copy of @text that is safe to print in one terminal line: invalid
 * UTF-8 replaced by U+FFFD, tab/CR/LF by a space, other control characters
 * by '?'.  Every character maps to one of the same width.  Owned by caller. */
char *vinv_text_sanitize (const char *text);

/* Prints @view as an aligned text table: a header row of column titles, a
 * separator line, one line per row; numbers and quantities right-aligned,
 * list cells as "first (n)" with the filter's matched item first. */
void vinv_print_view_text (VinvView *view, FILE *out);

/* Prints @view in @format ("text", "csv", "json") to @out.  csv and json
 * go through the core exporters (vinv_export_view_full()) with @title and
 * @export_flags (VinvExportFlags).  Returns FALSE with @error on a write
 * error. */
gboolean vinv_print_view (VinvView *view, const char *title, const char *format,
                          guint export_flags, FILE *out, GError **error);

/* The VinvExportFlags the options ask for (--raw-csv). */
guint vinv_cli_export_flags (const VinvCliOptions *opts);

/* Prints a filter compile error as
 *     virt-inventory: error in filter: MESSAGE
 *       FILTER
 *       ^
 *       hint: HINT
 * with the caret under the display column of the error's byte offset. */
void vinv_print_filter_error (FILE *err, const char *filter, const VinvFilterError *error);

G_END_DECLS
