/* connect.c — from the command line to one loaded inventory, through the
 * session (core/session.h).
 *
 * What is the CLI's own: loading the configuration, the command-line
 * wording of what the session reports (profile and demo errors with their
 * hints, the demo note, "cannot open 'URI': reason"), the usage checks
 * made before connecting (a back-end that needs a user, --insecure with
 * --ca-file), the password (VIRT_INVENTORY_PASSWORD, --password-file, or
 * a no-echo prompt on a terminal when a back-end asks for one), and the
 * progress line on stderr when it is a terminal.  Deciding what to open,
 * opening in parallel and merging in the order given are the session's.
 * Also holds the exit-code rule, so every command maps load failures the
 * same way.  Knows no back-end and no URI scheme.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "vinv-config.h"
#include "cli.h"
#include "core/secret.h"
#include "core/session.h"

#define DEMO_NOTE "no connection given; showing the built-in demo environment " \
                  "(use -c URI or --profile NAME)"

/* Joins @names (NULL-terminated) as "'a', 'b'", or "none". */
static char *
join_quoted (char **names)
{
    GString *out = g_string_new (NULL);

    for (guint i = 0; names != NULL && names[i] != NULL; i++)
        g_string_append_printf (out, "%s'%s'", i > 0 ? ", " : "", names[i]);
    if (out->len == 0)
        g_string_append (out, "none");
    return g_string_free (out, FALSE);
}

/* The -c URIs as a NULL-terminated array (owned by caller). */
static char **
dup_given_uris (VinvCli *cli)
{
    char **uris = g_new0 (char *, cli->opts.uris->len + 1);

    for (guint i = 0; i < cli->opts.uris->len; i++)
        uris[i] = g_strdup (g_ptr_array_index (cli->opts.uris, i));
    return uris;
}

/* Resolves what to open (session.h) from the command line: -c, else
 * --profile, else the default profile, else (with @demo) the demo. */
static gboolean
resolve (VinvCli *cli, gboolean demo, VinvSessionPlan *plan, GError **error)
{
    g_auto (GStrv) uris = dup_given_uris (cli);
    VinvSessionRequest request = {
        .uris = (const char *const *) uris,
        .profile = cli->opts.profile,
        .default_profile = TRUE,
        .demo = demo,
        .user = cli->opts.user,
        .ca_file = cli->opts.ca_file,
        .insecure = cli->opts.insecure,
        /* checked by the command-line checks before any command runs */
        .timeout = cli->opts.timeout != NULL
                   ? (guint) g_ascii_strtoull (cli->opts.timeout, NULL, 10) : 0,
    };

    return vinv_session_resolve (&request, cli->config, plan, error);
}

/* Prints a profile error of the session with the profiles there are. */
static void
report_profile_error (VinvCli *cli, const GError *error)
{
    g_auto (GStrv) names = vinv_config_list_profiles (cli->config);
    g_autofree char *list = join_quoted (names);

    vinv_cli_error (cli, "%s", error->message);
    fprintf (cli->err, "  hint: profiles: %s\n", list);
}

int
vinv_cli_prepare (VinvCli *cli)
{
    g_autofree char *warning = NULL;
    g_autoptr (GError) error = NULL;
    VinvSessionPlan plan;

    if (cli->opts.config != NULL && !g_file_test (cli->opts.config, G_FILE_TEST_EXISTS))
        vinv_cli_warning (cli, "configuration file '%s' does not exist", cli->opts.config);
    cli->config = vinv_config_load (cli->opts.config, &warning);
    if (warning != NULL)
        vinv_cli_warning (cli, "%s", warning);

    /* the profile now (its errors are usage errors); the demo when connecting */
    if (!resolve (cli, FALSE, &plan, &error)) {
        report_profile_error (cli, error);
        return VINV_EXIT_USAGE;
    }
    cli->profile = g_steal_pointer (&plan.profile);
    /* the same connection twice would show every row twice */
    for (guint i = 0; plan.uris != NULL && plan.uris[i] != NULL; i++) {
        for (guint j = 0; j < i; j++) {
            if (strcmp (plan.uris[i], plan.uris[j]) == 0) {
                vinv_cli_error (cli, "the URI '%s' is given twice", plan.uris[i]);
                fprintf (cli->err, "  hint: give each connection once\n");
                vinv_session_plan_clear (&plan);
                return VINV_EXIT_USAGE;
            }
        }
    }
    vinv_session_plan_clear (&plan);

    if (cli->opts.view != NULL) {
        cli->view = vinv_config_get_view (cli->config, cli->opts.view);
        if (cli->view == NULL) {
            g_auto (GStrv) names = vinv_config_list_views (cli->config);
            g_autofree char *list = join_quoted (names);
            vinv_cli_error (cli, "view '%s' is not in %s", cli->opts.view,
                            vinv_config_get_path (cli->config));
            fprintf (cli->err, "  hint: views: %s\n", list);
            return VINV_EXIT_USAGE;
        }
    }
    return VINV_EXIT_OK;
}

char *
vinv_cli_format_progress (const VinvProgress *progress)
{
    GString *line = g_string_new (NULL);

    g_string_append_printf (line, "loading %s", progress->source);
    if (progress->what != NULL || progress->total > 0)
        g_string_append_c (line, ':');
    if (progress->what != NULL)
        g_string_append_printf (line, " %s", progress->what);
    if (progress->total > 0)
        g_string_append_printf (line, " %u/%u", progress->done, progress->total);
    g_string_append (line, "…");
    return g_string_free (line, FALSE);
}

/* Asks for a password on the terminal that is stdin, without echo.  The
 * prompt goes to that terminal too (as getpass() does), so it is seen even
 * when stderr is redirected; echo is off before the prompt appears, so
 * nothing typed after it is shown or discarded.  Returns NULL if stdin is
 * not a terminal or nothing could be read. */
static char *
prompt_password (VinvCli *cli, const char *uri, const char *user)
{
    struct termios saved;
    struct termios quiet;
    char buf[1024];
    char *result = NULL;
    g_autofree char *prompt = NULL;

    if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &saved) != 0)
        return NULL;
    if (cli->progress_shown) {
        fputs ("\r\033[K", cli->err);
        fflush (cli->err);
        cli->progress_shown = FALSE;
    }

    quiet = saved;
    quiet.c_lflag &= ~(tcflag_t) ECHO;
    quiet.c_lflag |= ECHONL;
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    prompt = g_strdup_printf ("Password for %s%s%s: ", user != NULL ? user : "",
                              user != NULL ? " at " : "", uri);
    if (write (STDIN_FILENO, prompt, strlen (prompt)) < 0) {
        fputs (prompt, cli->err);
        fflush (cli->err);
    }
    if (fgets (buf, sizeof buf, stdin) != NULL) {
        buf[strcspn (buf, "\r\n")] = '\0';
        result = g_strdup (buf);
    }
    tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
    memset (buf, 0, sizeof buf);
    return result;
}

static gboolean
progress_enabled (VinvCli *cli)
{
    return cli->err_is_tty && !cli->opts.quiet;
}

/* Replaces the progress line on a terminal with @line, cut to the
 * terminal's width so that it never wraps (a wrapped line could not be
 * rewritten in place). */
static void
show_progress_line (VinvCli *cli, const char *line)
{
    struct winsize size = { 0 };
    gsize columns = 80;
    const char *end = line;

    if (!progress_enabled (cli))
        return;
    if (ioctl (fileno (cli->err), TIOCGWINSZ, &size) == 0 && size.ws_col > 1)
        columns = size.ws_col;
    while (*end != '\0' && vinv_text_width_len (line, g_utf8_next_char (end) - line) < columns)
        end = g_utf8_next_char (end);

    fprintf (cli->err, "\r\033[K%.*s", (int) (end - line), line);
    fflush (cli->err);
    cli->progress_shown = TRUE;
}

/* The session's progress: on its worker threads, one call at a time. */
static void
on_progress (const VinvSessionProgress *progress, gpointer user_data)
{
    VinvCli *cli = user_data;
    g_autofree char *line = progress->stage == VINV_SESSION_CONNECTING
                            ? g_strdup_printf ("connecting to %s…", progress->uri)
                            : vinv_cli_format_progress (progress->backend);

    show_progress_line (cli, line);
}

/* What the password question needs: where to prompt, and the options
 * that keep the answer for `do`. */
typedef struct {
    VinvCli *cli;
    VinvConnectOptions *options;
} PasswordAsk;

/* The session asks, once, when a back-end wanted a password. */
static char *
on_password (const char *uri, const char *user, gpointer user_data)
{
    PasswordAsk *ask = user_data;
    char *password = prompt_password (ask->cli, uri, user);

    if (password != NULL && ask->options->password == NULL)
        ask->options->password = g_strdup (password);
    return password;
}

/* Notes which URI each source came from (for `do`). */
static void
remember_sources (VinvCli *cli, const VinvSession *session)
{
    if (cli->source_uris == NULL)
        cli->source_uris = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (guint i = 0; i < vinv_session_get_n_connections (session); i++) {
        const char *const *names = vinv_session_get_sources (session, i);
        for (guint j = 0; names[j] != NULL; j++)
            g_hash_table_insert (cli->source_uris, g_strdup (names[j]),
                                 g_strdup (vinv_session_get_uri (session, i)));
    }
}

/* ---- Ctrl-C and SIGTERM during a load ----------------------------------
 *
 * While a load runs, SIGINT and SIGTERM are caught once (SA_RESETHAND: a
 * second one kills at once): the handler writes the signal number into a
 * pipe, and a watcher thread cancels the load.  The CLI then clears the
 * progress line, lets the connections close for at most
 * INTERRUPT_GRACE_MS (the oVirt back-end revokes its token on close), and
 * dies of the same signal. */

#define INTERRUPT_GRACE_MS 2000

static int interrupt_pipe[2] = { -1, -1 };

static void
on_interrupt_signal (int sig)
{
    int saved = errno;
    unsigned char c = (unsigned char) sig;
    if (write (interrupt_pipe[1], &c, 1) < 0) {
        /* nothing to do in a signal handler */
    }
    errno = saved;
}

typedef struct {
    GCancellable *cancellable;
    VinvSecretThread *thread;
    int signal;                  /* the signal received, or 0 */
    struct sigaction old_int, old_term;
} Interrupt;

static gpointer
interrupt_watch (gpointer data)
{
    Interrupt *in = data;
    unsigned char c;
    ssize_t n;

    while ((n = read (interrupt_pipe[0], &c, 1)) < 0 && errno == EINTR)
        ;
    if (n == 1) {
        g_atomic_int_set (&in->signal, c);
        g_cancellable_cancel (in->cancellable);
    }
    return NULL;
}

static gboolean
interrupt_begin (Interrupt *in)
{
    memset (in, 0, sizeof *in);
    if (pipe (interrupt_pipe) != 0)
        return FALSE;
    in->cancellable = g_cancellable_new ();
    in->thread = vinv_secret_thread_new ("vinv-interrupt", interrupt_watch, in);
    struct sigaction sa = { 0 };
    sa.sa_handler = on_interrupt_signal;
    sa.sa_flags = SA_RESETHAND | SA_RESTART;
    sigemptyset (&sa.sa_mask);
    sigaction (SIGINT, &sa, &in->old_int);
    sigaction (SIGTERM, &sa, &in->old_term);
    return TRUE;
}

/* Restores the handlers and ends the watcher.  Returns the signal
 * received during the load, or 0. */
static int
interrupt_end (Interrupt *in)
{
    if (in->cancellable == NULL)
        return 0;
    sigaction (SIGINT, &in->old_int, NULL);
    sigaction (SIGTERM, &in->old_term, NULL);
    close (interrupt_pipe[1]);             /* the watcher reads EOF, if still waiting */
    vinv_secret_thread_join (in->thread);
    close (interrupt_pipe[0]);
    interrupt_pipe[0] = interrupt_pipe[1] = -1;
    g_clear_object (&in->cancellable);
    return g_atomic_int_get (&in->signal);
}

int
vinv_cli_connect (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    g_auto (VinvSessionPlan) plan = { 0 };
    g_autoptr (VinvSession) session = NULL;
    g_autoptr (GError) error = NULL;
    const VinvBackendClass *klass = NULL;
    VinvConnectOptions *options = &plan.options;

    /* a password in a -c URI is refused before anything else, unechoed */
    for (guint i = 0; i < opts->uris->len; i++) {
        if (!vinv_uri_check_no_password (g_ptr_array_index (opts->uris, i), &error)) {
            vinv_cli_error (cli, "-c: %s", error->message);
            return VINV_EXIT_USAGE;
        }
    }
    if (!resolve (cli, TRUE, &plan, &error)) {
        if (g_error_matches (error, VINV_SESSION_ERROR, VINV_SESSION_ERROR_PROFILE)) {
            report_profile_error (cli, error);
            return VINV_EXIT_USAGE;
        }
        vinv_cli_error (cli, "cannot open the built-in demo: %s", error->message);
        fprintf (cli->err, "  hint: connect with -c URI, or set VINV_DEMO_DIR\n");
        return VINV_EXIT_CONNECT;
    }
    if (plan.from == VINV_SESSION_FROM_DEMO && !opts->quiet)
        fprintf (cli->err, "%s: %s\n", VINV_PROGRAM, DEMO_NOTE);

    /* said before anything is opened: the engine would only answer
     * "authentication failed" */
    if (vinv_session_find_missing_user ((const char *const *) plan.uris, options, &klass)) {
        vinv_cli_error (cli, "%s needs a user: -u %s", klass->title,
                        klass->user_hint != NULL ? klass->user_hint : "USER");
        return VINV_EXIT_USAGE;
    }
    if (options->insecure && options->ca_file != NULL) {
        vinv_cli_error (cli, "--insecure and --ca-file exclude each other");
        return VINV_EXIT_USAGE;
    }
    if (options->insecure)
        vinv_cli_warning (cli, "TLS certificates are not verified (--insecure)");
    /* both checked by the command-line checks before any command runs */
    if (opts->parallel != NULL)
        options->parallel = (guint) g_ascii_strtoull (opts->parallel, NULL, 10);
    if (opts->fetch != NULL)
        options->fetch_strategy = g_ascii_strdown (opts->fetch, -1);

    options->password = vinv_secret_take_env (VINV_PASSWORD_ENV);
    if (options->password == NULL && opts->password_file != NULL) {
        if (!vinv_secret_read_file (opts->password_file, &options->password, &error)) {
            vinv_cli_error (cli, "cannot read the password file: %s", error->message);
            return VINV_EXIT_USAGE;
        }
    }

    PasswordAsk ask = { cli, options };
    session = vinv_session_new ((const char *const *) plan.uris, options);
    vinv_session_set_progress_func (session, on_progress, cli);
    vinv_session_set_password_func (session, on_password, &ask);
    Interrupt interrupt;
    gboolean catching = interrupt_begin (&interrupt);
    cli->inventory = vinv_session_load (session, catching ? interrupt.cancellable : NULL, NULL);
    int sig = catching ? interrupt_end (&interrupt) : 0;
    if (cli->progress_shown) {
        fputs ("\r\033[K", cli->err);
        fflush (cli->err);
        cli->progress_shown = FALSE;
    }
    if (sig != 0) {
        /* the connections close (tokens revoked), then we die of @sig */
        vinv_cli_error (cli, "interrupted: closing the connections");
        fflush (cli->err);
        vinv_session_wait_closed (session, INTERRUPT_GRACE_MS);
        g_clear_pointer (&cli->inventory, vinv_inventory_free);
        signal (sig, SIG_DFL);
        raise (sig);
        return VINV_EXIT_CONNECT;
    }

    /* reported in the order given, whatever order they finished in */
    for (guint i = 0; i < vinv_session_get_n_connections (session); i++) {
        gboolean opened = FALSE;
        const GError *failure = vinv_session_get_error (session, i, &opened);
        if (failure == NULL)
            continue;
        vinv_cli_error (cli, "cannot %s '%s': %s", opened ? "load" : "open",
                        vinv_session_get_uri (session, i), failure->message);
        cli->n_failed_sources++;
    }
    /* what the back-ends had to do otherwise or leave out (a refused
     * follow=, values out of range): a note each, unless -q */
    for (guint i = 0; !cli->opts.quiet && cli->inventory != NULL
                      && i < vinv_inventory_get_n_sources (cli->inventory); i++) {
        const VinvSource *s = vinv_inventory_get_source (cli->inventory, i);
        for (guint n = 0; s->notes != NULL && s->notes[n] != NULL; n++)
            fprintf (cli->err, "%s: note: %s: %s\n", VINV_PROGRAM, s->name, s->notes[n]);
    }
    remember_sources (cli, session);
    /* kept (password and all) for `do`; vinv_cli_run() wipes it */
    vinv_connect_options_clear (&cli->connect_options);
    cli->connect_options = *options;
    memset (options, 0, sizeof *options);
    return vinv_session_get_n_loaded (session) > 0 ? VINV_EXIT_OK : VINV_EXIT_CONNECT;
}

int
vinv_cli_exit_code (const VinvInventory *inventory, const VinvTable *table,
                    guint n_failed_sources)
{
    if (n_failed_sources > 0)
        return VINV_EXIT_CONNECT;
    if (inventory == NULL)
        return VINV_EXIT_OK;
    for (guint i = 0; i < vinv_inventory_get_n_sources (inventory); i++) {
        if (vinv_inventory_get_source (inventory, i)->error != NULL)
            return VINV_EXIT_CONNECT;
    }
    /* a column without values because another table failed counts as a
     * failure of its table */
    if (table != NULL)
        return vinv_table_get_error (table) != NULL
               || vinv_table_get_unavailable (table, NULL) != NULL ? VINV_EXIT_PARTIAL
                                                                   : VINV_EXIT_OK;

    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);
    for (guint i = 0; i < n; i++) {
        if (vinv_table_get_error (tables[i]) != NULL
            || vinv_table_get_unavailable (tables[i], NULL) != NULL)
            return VINV_EXIT_PARTIAL;
    }
    return VINV_EXIT_OK;
}
