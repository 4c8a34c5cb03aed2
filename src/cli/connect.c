/* connect.c — from the command line to one loaded inventory.
 *
 * Decides which connections to open (-c URIs, else the profile's, else the
 * built-in demo listed in data/demo/demo.uris), gathers the credentials
 * (VIRT_INVENTORY_PASSWORD, --password-file, or a no-echo prompt on a
 * terminal when a back-end asks for one), opens and fetches each
 * connection into its own inventory through the back-end registry
 * (backend.h) — several at once on a thread pool — and merges them in the
 * order given, so rows of several connections carry their Source and the
 * output never depends on which finished first.  Progress goes to stderr
 * only when it is a terminal.  Also holds the exit-code rule, so every
 * command maps load failures the same way.  Of the back-ends it knows only
 * what the command line must check before connecting: an oVirt URI needs
 * a user.
 */
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "vinv-config.h"
#include "cli.h"
#include "core/demo.h"
#include "core/secret.h"

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

int
vinv_cli_prepare (VinvCli *cli)
{
    g_autofree char *warning = NULL;
    g_autofree char *profile_name = NULL;
    gboolean is_default = FALSE;

    if (cli->opts.config != NULL && !g_file_test (cli->opts.config, G_FILE_TEST_EXISTS))
        vinv_cli_warning (cli, "configuration file '%s' does not exist", cli->opts.config);
    cli->config = vinv_config_load (cli->opts.config, &warning);
    if (warning != NULL)
        vinv_cli_warning (cli, "%s", warning);

    profile_name = g_strdup (cli->opts.profile);
    if (profile_name == NULL && cli->opts.uris->len == 0) {
        profile_name = vinv_config_get_default_profile (cli->config);
        is_default = profile_name != NULL;
    }
    if (profile_name != NULL) {
        cli->profile = vinv_config_get_profile (cli->config, profile_name);
        if (cli->profile == NULL) {
            g_auto (GStrv) names = vinv_config_list_profiles (cli->config);
            g_autofree char *list = join_quoted (names);
            vinv_cli_error (cli, "%sprofile '%s' is not in %s",
                            is_default ? "the default " : "", profile_name,
                            vinv_config_get_path (cli->config));
            fprintf (cli->err, "  hint: profiles: %s\n", list);
            return VINV_EXIT_USAGE;
        }
    }

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

/* One connection being loaded: on a worker thread, then read by the main
 * thread once every worker is done.  On success @part holds its rows; on
 * failure @error says why and @opened tells whether it failed at fetch. */
typedef struct {
    VinvCli *cli;
    const char *uri;
    const VinvConnectOptions *options;    /* shared, read-only while loading */
    VinvInventory *part;
    GError *error;
    gboolean opened;
} Job;

/* Guards the progress line, which worker threads share. */
static GMutex progress_lock;

static gboolean
progress_enabled (VinvCli *cli)
{
    return cli->err_is_tty && !cli->opts.quiet;
}

/* Replaces the progress line on a terminal with @line, cut to the
 * terminal's width so that it never wraps (a wrapped line could not be
 * rewritten in place).  Any thread. */
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

    g_mutex_lock (&progress_lock);
    fprintf (cli->err, "\r\033[K%.*s", (int) (end - line), line);
    fflush (cli->err);
    cli->progress_shown = TRUE;
    g_mutex_unlock (&progress_lock);
}

static void
on_progress (const VinvProgress *progress, gpointer user_data)
{
    Job *job = user_data;
    g_autofree char *line = vinv_cli_format_progress (progress);

    show_progress_line (job->cli, line);
}

/* Opens and fetches one connection into job->part.  Runs on a worker
 * thread (or the main one); touches nothing shared but the progress line. */
static void
load_job (gpointer data, gpointer unused)
{
    Job *job = data;
    g_autofree char *line = g_strdup_printf ("connecting to %s…", job->uri);
    VinvBackend *backend;

    show_progress_line (job->cli, line);
    g_clear_error (&job->error);
    g_clear_pointer (&job->part, vinv_inventory_free);
    job->opened = FALSE;

    backend = vinv_backend_open (job->uri, job->options, NULL, &job->error);
    if (backend == NULL) {
        if (g_error_matches (job->error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI)
            && g_str_has_prefix (job->uri, "file:")) {
            g_clear_error (&job->error);
            g_set_error (&job->error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                         "snapshot files are not supported yet");
        }
        return;
    }
    job->opened = TRUE;
    job->part = vinv_inventory_new ();
    if (!vinv_backend_fetch (backend, job->part, on_progress, job, NULL, &job->error))
        g_clear_pointer (&job->part, vinv_inventory_free);
    vinv_backend_close (backend);
}

/* True if @job failed only for want of a password. */
static gboolean
job_wants_password (const Job *job)
{
    return g_error_matches (job->error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH)
        && job->options->password == NULL;
}

/* Loads every job: in parallel (at most MAX_PARALLEL at once) when there
 * are several, then once more for those that wanted a password, if one
 * can be asked for on the terminal. */
#define MAX_PARALLEL 8

static void
load_jobs (VinvCli *cli, Job *jobs, guint n, VinvConnectOptions *options)
{
    if (n == 1) {
        load_job (&jobs[0], NULL);
    } else {
        GThreadPool *pool = g_thread_pool_new (load_job, NULL, MIN (n, MAX_PARALLEL),
                                               FALSE, NULL);
        for (guint i = 0; i < n; i++)
            g_thread_pool_push (pool, &jobs[i], NULL);
        g_thread_pool_free (pool, FALSE, TRUE);
    }

    for (guint i = 0; i < n; i++) {
        if (!job_wants_password (&jobs[i]))
            continue;
        if (options->password == NULL) {
            options->password = prompt_password (cli, jobs[i].uri, options->user);
            if (options->password == NULL)
                return;         /* no terminal: the auth errors stand */
        }
        load_job (&jobs[i], NULL);
    }
}

/* True if @uri is an oVirt one (ovirt://, ovirt+http://, ovirt+https://)
 * with no USER@ of its own.  The CLI knows this much of oVirt URIs so that
 * a missing user is a usage error, not a password prompt followed by
 * "authentication failed". */
static gboolean
ovirt_uri_without_user (const char *uri)
{
    static const char *const schemes[] = { "ovirt://", "ovirt+http://", "ovirt+https://" };
    const char *rest = NULL;

    for (guint i = 0; i < G_N_ELEMENTS (schemes) && rest == NULL; i++) {
        if (g_ascii_strncasecmp (uri, schemes[i], strlen (schemes[i])) == 0)
            rest = uri + strlen (schemes[i]);
    }
    if (rest == NULL)
        return FALSE;
    gsize authority = strcspn (rest, "/?#");
    return memchr (rest, '@', authority) == NULL;
}

int
vinv_cli_connect (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    VinvConnectOptions options = { 0 };
    g_auto (GStrv) uris = NULL;
    guint n_loaded = 0;

    if (opts->uris->len > 0) {
        uris = g_new0 (char *, opts->uris->len + 1);
        for (guint i = 0; i < opts->uris->len; i++)
            uris[i] = g_strdup (g_ptr_array_index (opts->uris, i));
        for (guint i = 0; uris[i] != NULL; i++) {
            g_autoptr (GError) error = NULL;
            if (!vinv_uri_check_no_password (uris[i], &error)) {
                vinv_cli_error (cli, "-c: %s", error->message);
                return VINV_EXIT_USAGE;
            }
        }
    } else if (cli->profile != NULL) {
        uris = g_strdupv (cli->profile->uris);
    } else {
        g_autofree char *demo_dir = vinv_demo_dup_dir ();
        g_autoptr (GError) error = NULL;
        uris = vinv_demo_dup_uris (demo_dir, &error);
        if (uris == NULL) {
            vinv_cli_error (cli, "cannot open the built-in demo: %s", error->message);
            fprintf (cli->err, "  hint: connect with -c URI, or set VINV_DEMO_DIR\n");
            return VINV_EXIT_CONNECT;
        }
        if (!opts->quiet)
            fprintf (cli->err, "%s: %s\n", VINV_PROGRAM, DEMO_NOTE);
    }

    options.user = g_strdup (opts->user != NULL ? opts->user
                             : cli->profile != NULL ? cli->profile->user : NULL);
    options.ca_file = g_strdup (opts->ca_file != NULL ? opts->ca_file
                                : cli->profile != NULL ? cli->profile->ca_file : NULL);
    options.insecure = opts->insecure || (cli->profile != NULL && cli->profile->insecure);
    if (options.user == NULL) {
        for (guint i = 0; uris[i] != NULL; i++) {
            if (ovirt_uri_without_user (uris[i])) {
                vinv_cli_error (cli, "oVirt needs a user: -u USER@DOMAIN (e.g. admin@internal)");
                vinv_connect_options_clear (&options);
                return VINV_EXIT_USAGE;
            }
        }
    }
    if (options.insecure && options.ca_file != NULL) {
        vinv_cli_error (cli, "--insecure and --ca-file exclude each other");
        vinv_connect_options_clear (&options);
        return VINV_EXIT_USAGE;
    }
    if (options.insecure)
        vinv_cli_warning (cli, "TLS certificates are not verified (--insecure)");
    /* both checked by the command-line checks before any command runs */
    if (opts->parallel != NULL)
        options.parallel = (guint) g_ascii_strtoull (opts->parallel, NULL, 10);
    if (opts->fetch != NULL)
        options.fetch_strategy = g_ascii_strdown (opts->fetch, -1);

    options.password = vinv_secret_take_env (VINV_PASSWORD_ENV);
    if (options.password == NULL && opts->password_file != NULL) {
        g_autoptr (GError) error = NULL;
        if (!vinv_secret_read_file (opts->password_file, &options.password, &error)) {
            vinv_cli_error (cli, "cannot read the password file: %s", error->message);
            vinv_connect_options_clear (&options);
            return VINV_EXIT_USAGE;
        }
    }

    guint n = g_strv_length (uris);
    g_autofree Job *jobs = g_new0 (Job, n);
    for (guint i = 0; i < n; i++)
        jobs[i] = (Job) { .cli = cli, .uri = uris[i], .options = &options };
    load_jobs (cli, jobs, n, &options);
    if (cli->progress_shown) {
        fputs ("\r\033[K", cli->err);
        fflush (cli->err);
        cli->progress_shown = FALSE;
    }

    /* Reported and merged in the order given, whatever order they finished
     * in, so output never depends on timing. */
    cli->inventory = vinv_inventory_new ();
    for (guint i = 0; i < n; i++) {
        Job *job = &jobs[i];
        if (job->error != NULL) {
            vinv_cli_error (cli, "cannot %s '%s': %s", job->opened ? "load" : "open",
                            job->uri, job->error->message);
            cli->n_failed_sources++;
        } else {
            vinv_inventory_merge (cli->inventory, job->part);
            n_loaded++;
        }
        g_clear_error (&job->error);
        g_clear_pointer (&job->part, vinv_inventory_free);
    }
    vinv_connect_options_clear (&options);
    return n_loaded > 0 ? VINV_EXIT_OK : VINV_EXIT_CONNECT;
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
    if (table != NULL)
        return vinv_table_get_error (table) != NULL ? VINV_EXIT_PARTIAL : VINV_EXIT_OK;

    VinvTable *tables[VINV_TABLE_LAST];
    guint n = vinv_inventory_list_tables (inventory, tables);
    for (guint i = 0; i < n; i++) {
        if (vinv_table_get_error (tables[i]) != NULL)
            return VINV_EXIT_PARTIAL;
    }
    return VINV_EXIT_OK;
}
