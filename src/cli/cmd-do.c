/* cmd-do.c — `virt-inventory do ACTION [TABLE] -f FILTER`: VM actions with a
 * plan, a confirmation, a dry run and a result per VM (DESIGN §14).
 *
 * The order is the safety rule: everything that can be checked without the
 * engine is checked first (action, table, filter, options, whether actions
 * are allowed at all); then the inventory is loaded and the filter picks
 * the rows, exactly as `show` would; the plan is printed; a dry run stops
 * there; otherwise the user confirms by typing the number of VMs (or gave
 * --yes), and the core's executor (action.h) runs the action on read-write
 * connections opened for it alone.  Each action and its result are logged
 * on standard error with the time and the user.
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/action.h"
#include "core/tables.h"

#define DEFAULT_TIMEOUT 300

typedef struct {
    VinvCli *cli;
    VinvAction action;
    char *user;                  /* who acts, for the log */
} DoRun;

/* Refuses with a one-line reason; @code is the exit code. */
static int
refuse (VinvCli *cli, int code, const char *format, ...) G_GNUC_PRINTF (3, 4);

static int
refuse (VinvCli *cli, int code, const char *format, ...)
{
    va_list args;
    va_start (args, format);
    g_autofree char *message = g_strdup_vprintf (format, args);
    va_end (args);
    vinv_cli_error (cli, "%s", message);
    return code;
}

/* A filter text selecting the rows whose id is one of @ids (comma-separated):
 * `id = "A|B"`, each id regex-escaped and then escaped for a quoted string. */
static char *
ids_filter (const char *ids)
{
    g_auto (GStrv) parts = g_strsplit (ids, ",", -1);
    GString *out = g_string_new ("id = \"");
    gboolean first = TRUE;

    for (guint i = 0; parts[i] != NULL; i++) {
        g_autofree char *id = g_strstrip (g_strdup (parts[i]));
        if (*id == '\0')
            continue;
        g_autofree char *re = g_regex_escape_string (id, -1);
        if (!first)
            g_string_append_c (out, '|');
        first = FALSE;
        for (const char *p = re; *p != '\0'; p++) {
            if (*p == '\\' || *p == '"')
                g_string_append_c (out, '\\');
            g_string_append_c (out, *p);
        }
    }
    g_string_append_c (out, '"');
    if (first) {
        g_string_free (out, TRUE);
        return NULL;
    }
    return g_string_free (out, FALSE);
}

/* Sets @view's filter from --filter and --ids.  A --filter error is printed
 * with its caret (positions are the user's text). */
static gboolean
set_filter (VinvCli *cli, VinvView *view)
{
    VinvCliOptions *opts = &cli->opts;
    g_autoptr (VinvFilterError) error = NULL;
    g_autofree char *by_ids = opts->ids != NULL ? ids_filter (opts->ids) : NULL;

    if (opts->filter != NULL && !vinv_view_set_filter (view, opts->filter, &error)) {
        vinv_print_filter_error (cli->err, opts->filter, error);
        return FALSE;
    }
    if (by_ids != NULL) {
        g_autofree char *both = opts->filter != NULL
                                ? g_strdup_printf ("(%s) and %s", opts->filter, by_ids)
                                : g_strdup (by_ids);
        g_clear_pointer (&error, vinv_filter_error_free);
        if (!vinv_view_set_filter (view, both, &error)) {
            vinv_cli_error (cli, "--ids: %s", error->message);
            return FALSE;
        }
    }
    return TRUE;
}

/* A column the filter reads that holds no real value for some rows: its
 * reason (owned), or NULL.  Acting on such a filter would judge those rows
 * on "no value" (issue 10: never act on a wrong answer). */
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

/* The reason --filter cannot be trusted on these connections, or NULL. */
static char *
filter_problem (VinvCli *cli, const VinvSchema *schema)
{
    ColumnCheck cc = { cli->inventory, NULL };

    if (cli->opts.filter == NULL)
        return NULL;
    g_autoptr (VinvFilter) filter = vinv_filter_compile (cli->opts.filter, schema, NULL);
    if (filter != NULL)
        vinv_filter_foreach_column (filter, check_filter_column, &cc);
    return cc.problem;
}

/* Whether actions are allowed: --read-only or read-only=true refuse them
 * always; else --allow-actions or allow-actions=true permit them. */
static int
check_allowed (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    gboolean profile_ro = cli->profile != NULL && cli->profile->read_only;
    gboolean profile_allows = cli->profile != NULL && cli->profile->allow_actions;

    if (opts->read_only || profile_ro)
        return refuse (cli, VINV_EXIT_USAGE, "actions are refused: %s",
                       opts->read_only ? "--read-only was given"
                                       : "the profile is read-only (read-only = true)");
    if (!opts->allow_actions && !profile_allows) {
        vinv_cli_error (cli, "actions are off: nothing was changed");
        fprintf (cli->err, "  hint: give --allow-actions, or set allow-actions = true in "
                 "the profile's section of %s\n", vinv_config_get_path (cli->config));
        return VINV_EXIT_USAGE;
    }
    return VINV_EXIT_OK;
}

/* The checks that need no connection.  Fills run->action. */
static int
check_before_connecting (VinvCli *cli, DoRun *run, const char **table_name, guint *timeout)
{
    VinvCliOptions *opts = &cli->opts;
    const char *name = g_ptr_array_index (opts->args, 0);
    VinvActionKind kind;
    int code;

    if (!vinv_action_kind_from_string (name, &kind)) {
        g_autoptr (GString) list = g_string_new (NULL);
        for (guint k = 0; k < VINV_ACTION_LAST; k++)
            g_string_append_printf (list, "%s%s", k > 0 ? ", " : "",
                                    vinv_action_kind_to_string (k));
        return refuse (cli, VINV_EXIT_USAGE, "unknown action '%s' (actions: %s)", name,
                       list->str);
    }
    run->action.kind = kind;
    *table_name = opts->args->len > 1 ? g_ptr_array_index (opts->args, 1)
                                      : vinv_action_kind_table (kind);
    const VinvSchema *schema = vinv_schema_lookup (*table_name);
    const VinvSchema *wanted = vinv_schema_lookup (vinv_action_kind_table (kind));
    if (schema == NULL)
        return refuse (cli, VINV_EXIT_USAGE, "unknown table '%s'", *table_name);
    if (schema != wanted)
        return refuse (cli, VINV_EXIT_USAGE, "'%s' acts on the %s table, not on '%s'",
                       vinv_action_kind_to_string (kind), wanted->id, *table_name);
    if (opts->filter == NULL && opts->ids == NULL)
        return refuse (cli, VINV_EXIT_USAGE, "'do' needs --filter or --ids: it never acts "
                       "on a whole table by default (use -f 'name = .*' to mean every row)");
    if (opts->ids != NULL) {
        g_autofree char *f = ids_filter (opts->ids);
        if (f == NULL)
            return refuse (cli, VINV_EXIT_USAGE, "--ids: no id given");
    }
    if (kind == VINV_ACTION_SNAPSHOT
        && (opts->description == NULL || *g_strstrip (opts->description) == '\0'))
        return refuse (cli, VINV_EXIT_USAGE, "snapshot needs --description TEXT");
    if (kind != VINV_ACTION_SNAPSHOT && (opts->description != NULL || opts->memory))
        return refuse (cli, VINV_EXIT_USAGE, "--description and --memory are for snapshot");
    if (kind != VINV_ACTION_MIGRATE && opts->host != NULL)
        return refuse (cli, VINV_EXIT_USAGE, "--host is for migrate");
    *timeout = DEFAULT_TIMEOUT;
    if (opts->wait != NULL) {
        guint64 t = 0;
        if (!g_ascii_string_to_unsigned (opts->wait, 10, 1, 86400, &t, NULL))
            return refuse (cli, VINV_EXIT_USAGE, "--wait: '%s' is not a number of "
                           "seconds from 1 to 86400", opts->wait);
        *timeout = (guint) t;
    }
    run->action.description = opts->description;
    run->action.memory = opts->memory;
    run->action.host = opts->host;

    /* the filter must parse before anything is opened: check it on an
     * empty table of the same schema */
    g_autoptr (VinvTable) empty = vinv_table_new (schema);
    g_autoptr (VinvInventory) none = vinv_inventory_new ();
    g_autoptr (VinvView) probe = vinv_view_new (empty, none);
    if (!set_filter (cli, probe))
        return VINV_EXIT_USAGE;

    if ((code = check_allowed (cli)) != VINV_EXIT_OK)
        return code;
    return VINV_EXIT_OK;
}

/* Columns of the plan. */
static const char *
plan_columns (VinvActionKind kind)
{
    return kind == VINV_ACTION_SNAPSHOT_DELETE ? "vm,description,date,status"
                                               : "name,status,host";
}

/* The items of the plan, in the view's order. */
static GPtrArray *
build_items (VinvView *view, VinvActionKind kind)
{
    VinvTable *table = vinv_view_get_table (view);
    GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) vinv_action_item_free);

    for (guint i = 0; i < vinv_view_get_n_rows (view); i++) {
        guint row = vinv_view_get_row (view, i);
        g_ptr_array_add (items, vinv_action_item_new_for_row (table, row, kind));
    }
    return items;
}

/* Asks on the terminal for the number of items.  TRUE if typed exactly. */
static gboolean
confirm (VinvCli *cli, const DoRun *run, guint n)
{
    char line[64] = "";
    const char *noun = run->action.kind == VINV_ACTION_SNAPSHOT_DELETE
                       ? (n == 1 ? "snapshot" : "snapshots") : (n == 1 ? "VM" : "VMs");

    g_autofree char *prompt = g_strdup_printf (
        "Type %u to %s %s %s, anything else to cancel: ", n,
        vinv_action_kind_to_string (run->action.kind), n == 1 ? "this" : "these", noun);

    /* on the terminal that answers (as the password prompt), so it is seen
     * even when standard error is redirected */
    if (write (STDIN_FILENO, prompt, strlen (prompt)) < 0) {
        fputs (prompt, cli->err);
        fflush (cli->err);
    }
    if (fgets (line, sizeof line, stdin) == NULL)
        return FALSE;
    g_strstrip (line);
    guint64 typed = 0;
    return g_ascii_string_to_unsigned (line, 10, 0, G_MAXUINT, &typed, NULL) && typed == n;
}

static char *
now_text (void)
{
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
    return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

static const char *
outcome_text (VinvActionOutcome outcome)
{
    switch (outcome) {
    case VINV_ACTION_OUTCOME_DONE:
        return "done";
    case VINV_ACTION_OUTCOME_FAILED:
        return "failed";
    case VINV_ACTION_OUTCOME_TIMED_OUT:
        return "timed out";
    case VINV_ACTION_OUTCOME_CANCELLED:
        return "cancelled";
    default:
        return "pending";
    }
}

/* Logs one finished item on stderr: when, who, what, on which VM, result. */
static void
on_item_done (const VinvActionItem *item, gpointer user_data)
{
    DoRun *run = user_data;
    g_autofree char *when = now_text ();
    g_autofree char *name = vinv_text_sanitize (item->vm_name);
    g_autofree char *reason = item->reason != NULL ? vinv_text_sanitize (item->reason) : NULL;

    fprintf (run->cli->err, "%s: %s %s: %s %s [%s] on %s: %s%s%s\n", VINV_PROGRAM, when,
             run->user, vinv_action_kind_to_string (run->action.kind), name,
             item->snapshot_id != NULL ? item->snapshot_id : item->vm_id, item->source,
             outcome_text (item->outcome), reason != NULL ? ": " : "",
             reason != NULL ? reason : "");
    fflush (run->cli->err);
}

static VinvBackend *
open_for_action (const char *source, gpointer user_data, GError **error)
{
    DoRun *run = user_data;
    VinvCli *cli = run->cli;
    const char *uri = cli->source_uris != NULL ? g_hash_table_lookup (cli->source_uris, source)
                                               : NULL;
    VinvConnectOptions options = cli->connect_options;

    if (uri == NULL) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_FAILED,
                     "no connection is known for source '%s'", source);
        return NULL;
    }
    options.read_write = TRUE;
    return vinv_backend_open (uri, &options, NULL, error);
}

/* Prints the result table: one line per item, aligned. */
static void
print_results (VinvCli *cli, GPtrArray *items)
{
    const char *titles[] = { "VM", "Source", "Result", "State", "Time", "Reason" };
    guint n_cols = G_N_ELEMENTS (titles);
    g_autoptr (GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
    gsize widths[6];

    for (guint c = 0; c < n_cols; c++) {
        widths[c] = vinv_text_width (titles[c]);
        g_ptr_array_add (cells, g_strdup (titles[c]));
    }
    for (guint i = 0; i < items->len; i++) {
        const VinvActionItem *item = g_ptr_array_index (items, i);
        char *row[] = {
            vinv_text_sanitize (item->vm_name),
            vinv_text_sanitize (item->source),
            g_strdup (outcome_text (item->outcome)),
            vinv_text_sanitize (item->state != NULL ? item->state : "(gone)"),
            g_strdup_printf ("%.1f s", item->elapsed_ms / 1000.0),
            vinv_text_sanitize (item->reason != NULL ? item->reason : ""),
        };
        for (guint c = 0; c < n_cols; c++) {
            widths[c] = MAX (widths[c], vinv_text_width (row[c]));
            g_ptr_array_add (cells, row[c]);
        }
    }
    for (guint r = 0; r <= items->len; r++) {
        GString *line = g_string_new (NULL);
        for (guint c = 0; c < n_cols; c++) {
            const char *text = g_ptr_array_index (cells, r * n_cols + c);
            g_string_append (line, text);
            if (c + 1 < n_cols)
                for (gsize w = vinv_text_width (text); w < widths[c] + 2; w++)
                    g_string_append_c (line, ' ');
        }
        while (line->len > 0 && line->str[line->len - 1] == ' ')
            g_string_truncate (line, line->len - 1);
        fprintf (cli->out, "%s\n", line->str);
        if (r == 0) {
            gsize total = 0;
            for (guint c = 0; c < n_cols; c++)
                total += widths[c] + (c + 1 < n_cols ? 2 : 0);
            g_string_truncate (line, 0);
            for (gsize w = 0; w < MIN (total, 100); w++)
                g_string_append (line, "-");
            fprintf (cli->out, "%s\n", line->str);
        }
        g_string_free (line, TRUE);
    }
}

int
vinv_cli_run_do (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    DoRun run = { .cli = cli };
    const char *table_name = NULL;
    guint timeout = DEFAULT_TIMEOUT;
    int code;

    if ((code = vinv_cli_prepare (cli)) != VINV_EXIT_OK)
        return code;
    if ((code = check_before_connecting (cli, &run, &table_name, &timeout)) != VINV_EXIT_OK)
        return code;
    if ((code = vinv_cli_connect (cli)) != VINV_EXIT_OK)
        return code;

    VinvTable *table = vinv_inventory_lookup_table (cli->inventory, table_name);
    if (table == NULL)
        return refuse (cli, VINV_EXIT_USAGE, "table '%s' is not provided by these "
                       "connections: nothing was changed", table_name);
    if (vinv_table_get_error (table) != NULL)
        return refuse (cli, VINV_EXIT_PARTIAL, "table '%s' failed to load (%s): nothing "
                       "was changed", vinv_table_get_schema (table)->id,
                       vinv_table_get_error (table));
    if (cli->n_failed_sources > 0)
        return refuse (cli, VINV_EXIT_CONNECT, "a connection failed: nothing was changed");

    /* a connection that cannot act (a saved inventory, a history record)
     * is refused before any plan: nothing there ever changes */
    if (cli->source_uris != NULL) {
        GHashTableIter iter;
        gpointer name, uri;
        g_hash_table_iter_init (&iter, cli->source_uris);
        while (g_hash_table_iter_next (&iter, &name, &uri)) {
            const VinvBackendClass *klass = vinv_backend_class_for_uri (uri);
            if (klass != NULL && klass->actions == NULL)
                return refuse (cli, VINV_EXIT_USAGE, "'%s' cannot act (%s): nothing was "
                               "changed", (const char *) uri,
                               klass->description != NULL ? klass->description : klass->name);
        }
    }

    g_autoptr (VinvView) view = vinv_view_new (table, cli->inventory);
    vinv_view_set_columns_text (view, plan_columns (run.action.kind), NULL);
    if (!set_filter (cli, view))
        return VINV_EXIT_USAGE;
    g_autofree char *problem = filter_problem (cli, vinv_table_get_schema (table));
    if (problem != NULL)
        return refuse (cli, VINV_EXIT_USAGE, "%s: nothing was changed", problem);
    guint n = vinv_view_get_n_rows (view);
    const char *what = run.action.kind == VINV_ACTION_SNAPSHOT_DELETE ? "snapshots" : "VMs";
    if (n == 0) {
        fprintf (cli->err, "%s: no %s match: nothing to do\n", VINV_PROGRAM, what);
        return VINV_EXIT_OK;
    }

    fprintf (cli->out, "Plan: %s %u %s%s%s\n", vinv_action_kind_to_string (run.action.kind),
             n, n == 1 ? (run.action.kind == VINV_ACTION_SNAPSHOT_DELETE ? "snapshot" : "VM")
                       : what,
             run.action.kind == VINV_ACTION_MIGRATE && opts->host != NULL ? " to host " : "",
             run.action.kind == VINV_ACTION_MIGRATE && opts->host != NULL ? opts->host : "");
    vinv_print_view_text (view, cli->out);
    fflush (cli->out);

    if (opts->dry_run) {
        fprintf (cli->err, "%s: dry run: nothing was changed\n", VINV_PROGRAM);
        return VINV_EXIT_OK;
    }
    if (!opts->yes) {
        if (!isatty (STDIN_FILENO))
            return refuse (cli, VINV_EXIT_USAGE, "not asking without a terminal: give --yes "
                           "to act without confirmation (nothing was changed)");
        if (!confirm (cli, &run, n))
            return refuse (cli, VINV_EXIT_USAGE, "cancelled: nothing was changed");
    }

    g_autoptr (GPtrArray) items = build_items (view, run.action.kind);
    run.user = g_strdup_printf ("%s%s%s%s", g_get_user_name (),
                                cli->connect_options.user != NULL ? " (" : "",
                                cli->connect_options.user != NULL ? cli->connect_options.user
                                                                  : "",
                                cli->connect_options.user != NULL ? ")" : "");
    g_autofree char *when = now_text ();
    fprintf (cli->err, "%s: %s %s: %s %u %s\n", VINV_PROGRAM, when, run.user,
             vinv_action_kind_to_string (run.action.kind), n,
             n > 1 ? what : run.action.kind == VINV_ACTION_SNAPSHOT_DELETE ? "snapshot" : "VM");

    VinvActionRunOptions options = {
        .parallel = opts->parallel != NULL ? (guint) g_ascii_strtoull (opts->parallel, NULL, 10)
                                           : 4,
        .wait = !opts->no_wait,
        .timeout_s = timeout,
    };
    gboolean all = vinv_action_run (&run.action, items, &options, open_for_action, &run,
                                    on_item_done, &run, NULL);
    print_results (cli, items);
    g_free (run.user);
    return all ? VINV_EXIT_OK : VINV_EXIT_ACTION;
}
