/* cmd-private.h — what the command handlers of virt-inventory share:
 * exit-code ranking, usage errors, loading, and turning a TABLE argument
 * and the view options (--view, a profile's saved settings, -o, -s, -f)
 * into a core view.  Private to src/cli; commands.c and cmd-view.c define
 * these, the handlers in cmd-show.c and cmd-export.c use them, so `show`
 * and `export` resolve tables and apply settings by the same code and
 * never disagree on what a view holds.
 */
#pragma once

#include "cli.h"

G_BEGIN_DECLS

/* --- commands.c --- */

/* Which of two exit codes wins when both apply (cli.h): USAGE, then
 * CONNECT, then PARTIAL, then FINDINGS, then OK.  Only for those five. */
int vinv_cli_worse (int a, int b);

/* Prints "virt-inventory: MESSAGE" and the "Try ... --help" line for
 * @command (NULL: the general help).  Returns VINV_EXIT_USAGE. */
int vinv_cli_usage_error (VinvCli *cli, const VinvCommand *command, const char *message);

/* Loads the configuration (unless already loaded) and connects.  Returns
 * VINV_EXIT_OK, or the code to exit with after saying why. */
int vinv_cli_load (VinvCli *cli);

/* --- cmd-view.c: before connecting --- */

/* The schema of table @name (id, title or alias, any case), or NULL after
 * saying it is unknown; the hint lists every table there is. */
const VinvSchema *vinv_cli_known_schema (VinvCli *cli, const char *name);

/* Usage errors of a view of @schema, found before connecting: --view of
 * another table, and the options tried on an empty table of @schema, with
 * the messages the real one would give.  Returns an exit code. */
int vinv_cli_check_view_before_connecting (VinvCli *cli, const VinvSchema *schema);

/* --- cmd-view.c: after loading --- */

/* Table @name of cli->inventory (borrowed), or NULL after saying why
 * (unknown, or not provided by these connections) with the tables present
 * as a hint. */
VinvTable *vinv_cli_resolve_table (VinvCli *cli, const char *name);

/* Applies the settings saved for @view's table when a profile is in use:
 * the profile's own (what the window saved for it), else [table ID].  A
 * setting that no longer applies is a warning: the rest still applies. */
void vinv_cli_apply_saved_settings (VinvCli *cli, VinvView *view);

/* TRUE if --view was given and names @table's schema. */
gboolean vinv_cli_named_view_is_for (VinvCli *cli, VinvTable *table);

/* Applies --view to @view.  The user asked for it by name, so a setting
 * that does not apply is an error: FALSE after saying so. */
gboolean vinv_cli_apply_named_view (VinvCli *cli, VinvView *view);

/* Applies --view, --all-columns, --columns, --sort and --filter to @view,
 * reporting the first that does not apply.  Returns an exit code. */
int vinv_cli_setup_view (VinvCli *cli, VinvView *view);

/* Reports @table's load error, if any, on stderr, and its columns left
 * without values because a table they draw on failed: one line per
 * reason, naming the columns ("table 'vms': no values in disks,
 * storage_domains: table 'disks' of 'engine' failed to load"). */
void vinv_cli_report_table_error (VinvCli *cli, VinvTable *table);

/* Why a filter cannot be trusted on these connections, or NULL (owned):
 * the first column @text reads that holds no real value for some rows —
 * a table the connections do not provide, a column left without values
 * because a table it draws on failed, a column no back-end in use fills,
 * or one a source never fills ("the filter reads 'pending_restart', which
 * these connections never fill").  `do` refuses on it; show and export
 * warn (vinv_cli_warn_filter()). */
char *vinv_cli_filter_problem (VinvCli *cli, const VinvSchema *schema, const char *text);

/* Warns on stderr when @view's filter reads a column without values for
 * some rows (vinv_cli_filter_problem()), instead of silently matching
 * nothing. */
void vinv_cli_warn_filter (VinvCli *cli, VinvView *view);

G_END_DECLS
