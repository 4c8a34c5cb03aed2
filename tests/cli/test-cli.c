/* test-cli.c — unit tests of libvinv_cli: the option parser, the help text
 * and its documentation, the exit-code rule (including exit 3, which the
 * libvirt test driver offers no honest way to provoke end to end), the text
 * printer, filter-error carets, progress lines, the demo list, the connect
 * options as a back-end receives them, and fetch-ca's files, exit codes
 * and fingerprint (with a fake download hook).
 *
 * The end-to-end behaviour of the executable is tested by the case files
 * in tests/cli/cases (run-cases.py); this file covers what is easier to
 * pin down from inside.
 */
#define _XOPEN_SOURCE 700   /* posix_openpt, grantpt, unlockpt, ptsname */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include "cli.h"
#include "core/export-files.h"
#include "core/demo.h"

/* --- option parsing --- */

typedef struct {
    const char *argv;            /* space-separated, '_' stands for a space */
    const char *error;           /* expected message, or NULL for success */
    const char *command;
    const char *uris;            /* joined by '|' */
    const char *args;            /* joined by '|' */
    const char *filter;
    const char *sort;
    const char *columns;
    const char *format;
    const char *output;
    gboolean quiet;
    gboolean all_columns;
} ParseCase;

static const ParseCase parse_cases[] = {
    { "tables", NULL, "tables", "", "" },
    { "-c a -c b show vms -f x -s -memory", NULL, "show", "a|b", "vms", "x", "-memory" },
    { "--connect=u1 --connect u2 tables", NULL, "tables", "u1|u2", "" },
    { "-cu1 tables", NULL, "tables", "u1", "" },
    { "show vms --format=csv", NULL, "show", "", "vms", .format = "csv" },
    { "-q show -a vms", NULL, "show", "", "vms", .quiet = TRUE, .all_columns = TRUE },
    { "show -qa vms", NULL, "show", "", "vms", .quiet = TRUE, .all_columns = TRUE },
    { "show vms -c u -o name,memory", NULL, "show", "u", "vms", .columns = "name,memory" },
    { "show vms -oname", NULL, "show", "", "vms", .columns = "name" },
    { "show vms -f status_=_up,_memory_>_4GB", NULL, "show", "", "vms",
      "status = up, memory > 4GB" },
    { "export -o f.csv vms", NULL, "export", "", "vms", .output = "f.csv" },
    { "export --format json -o - hosts vms", NULL, "export", "", "hosts|vms",
      .format = "json", .output = "-" },
    { "show -- -weird", NULL, "show", "", "-weird" },
    { "show vms -", NULL, "show", "", "vms|-" },
    { "help show", NULL, "help", "", "show" },
    { "show -f", "option '-f' needs a value (FILTER)" },
    { "show --sort", "option '--sort' needs a value (KEYS)" },
    { "-f x show", "option '-f' belongs to a command: put it after the command "
                   "(virt-inventory show ... -f)" },
    { "--all export", "option '--all' belongs to a command: put it after the command "
                      "(virt-inventory export ... --all)" },
    { "--frob", "unknown option '--frob'" },
    { "-z tables", "unknown option '-z'" },
    { "show --output x", "unknown option '--output' for 'show'" },
    { "tables -f x", "unknown option '-f' for 'tables'" },
    { "frob", "unknown command 'frob'" },
    { "--password secret tables", "unknown option '--password': passwords are never taken "
                                  "as arguments; use VIRT_INVENTORY_PASSWORD or --password-file" },
    { "--insecure=yes tables", "option '--insecure' takes no value" },
};

static char *
join_array (GPtrArray *array)
{
    g_autoptr (GString) out = g_string_new (NULL);

    for (guint i = 0; i < array->len; i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "",
                                (const char *) g_ptr_array_index (array, i));
    return g_strdup (out->str);
}

static void
test_parse (void)
{
    for (guint i = 0; i < G_N_ELEMENTS (parse_cases); i++) {
        const ParseCase *c = &parse_cases[i];
        g_autofree char *line = g_strconcat ("virt-inventory ", c->argv, NULL);
        g_auto (GStrv) argv = g_strsplit (line, " ", -1);
        VinvCliOptions opts;
        g_autoptr (GError) error = NULL;

        for (guint k = 0; argv[k] != NULL; k++)
            g_strdelimit (argv[k], "_", ' ');
        g_test_message ("case %u: %s", i, c->argv);
        vinv_cli_options_init (&opts);
        gboolean ok = vinv_cli_parse_args (g_strv_length (argv), argv, &opts, &error);
        if (c->error != NULL) {
            g_assert_false (ok);
            g_assert_cmpstr (error->message, ==, c->error);
            vinv_cli_options_clear (&opts);
            continue;
        }
        g_assert_no_error (error);
        g_assert_true (ok);
        g_assert_nonnull (opts.command);
        g_assert_cmpstr (opts.command->name, ==, c->command);
        g_autofree char *uris = join_array (opts.uris);
        g_autofree char *args = join_array (opts.args);
        g_assert_cmpstr (uris, ==, c->uris);
        g_assert_cmpstr (args, ==, c->args);
        g_assert_cmpstr (opts.filter, ==, c->filter);
        g_assert_cmpstr (opts.sort, ==, c->sort);
        g_assert_cmpstr (opts.columns, ==, c->columns);
        g_assert_cmpstr (opts.format, ==, c->format);
        g_assert_cmpstr (opts.output, ==, c->output);
        g_assert_cmpint (opts.quiet, ==, c->quiet);
        g_assert_cmpint (opts.all_columns, ==, c->all_columns);
        vinv_cli_options_clear (&opts);
    }
}

/* --- help and its documentation --- */

static void
assert_lines_fit (const char *text)
{
    g_auto (GStrv) lines = g_strsplit (text, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++) {
        if (vinv_text_width (lines[i]) >= 80)
            g_error ("help line longer than 79 columns: '%s'", lines[i]);
    }
}

static void
test_help_top (void)
{
    g_autofree char *help = vinv_cli_dup_help (NULL);

    g_assert_true (g_str_has_prefix (help, "Usage: virt-inventory [OPTION]... COMMAND"));
    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        g_autofree char *line = g_strdup_printf ("\n  %-10s%s\n", c->name, c->summary);
        g_assert_nonnull (strstr (help, line));
    }
    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        g_autofree char *name = g_strdup_printf ("--%s", o->long_name);
        if (o->commands == 0)
            g_assert_nonnull (strstr (help, name));
    }
    g_assert_nonnull (strstr (help, "Exit status:"));
    g_assert_nonnull (strstr (help, "  3  some tables failed to load"));
    g_assert_nonnull (strstr (help, "VIRT_INVENTORY_PASSWORD"));
    g_assert_nonnull (strstr (help, "Examples:"));
    g_assert_true (g_str_has_suffix (help, "\n"));
    assert_lines_fit (help);
}

static void
test_help_commands (void)
{
    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        g_autofree char *help = vinv_cli_dup_help (c);
        g_autofree char *usage = g_strdup_printf ("Usage: virt-inventory [GLOBAL OPTION]... %s",
                                                  c->name);

        g_test_message ("help of %s", c->name);
        g_assert_true (g_str_has_prefix (help, usage));
        g_assert_nonnull (strstr (help, "Examples:"));
        g_assert_nonnull (strstr (help, "Global options (see 'virt-inventory --help'): -c URI,"));
        if (c->id != VINV_CMD_HELP)
            g_assert_nonnull (strstr (help, "Exit status:"));
        for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
            if ((o->commands & VINV_CMD_BIT (c->id)) == 0)
                continue;
            g_autofree char *spec = o->short_name != 0
                ? g_strdup_printf ("  -%c, --%s", o->short_name, o->long_name)
                : g_strdup_printf ("      --%s", o->long_name);
            g_assert_nonnull (strstr (help, spec));
        }
        assert_lines_fit (help);
    }
}

/* docs/cli.md must document every command, every option and every exit
 * code, so the reference cannot fall behind the option table. */
static void
test_docs_complete (void)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    g_autofree char *path = NULL;
    g_autofree char *doc = NULL;
    g_autoptr (GError) error = NULL;

    if (root == NULL) {
        g_test_skip ("VINV_SOURCE_ROOT not set");
        return;
    }
    path = g_build_filename (root, "docs", "cli.md", NULL);
    g_file_get_contents (path, &doc, NULL, &error);
    g_assert_no_error (error);

    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        g_autofree char *heading = g_strdup_printf ("\n### %s", c->name);
        g_test_message ("command %s", c->name);
        g_assert_nonnull (strstr (doc, heading));
    }
    for (const VinvOptionSpec *o = vinv_cli_option_table; o->long_name != NULL; o++) {
        g_autofree char *name = g_strdup_printf ("`--%s", o->long_name);
        g_test_message ("option --%s", o->long_name);
        g_assert_nonnull (strstr (doc, name));
        if (o->short_name != 0) {
            g_autofree char *short_name = g_strdup_printf ("`-%c", o->short_name);
            g_assert_nonnull (strstr (doc, short_name));
        }
    }
    const char *const codes[] = { "| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |",
                                  "VIRT_INVENTORY_PASSWORD", "XDG_CONFIG_HOME",
                                  "VINV_DEMO_DIR" };
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
        g_assert_nonnull (strstr (doc, codes[i]));
}

/* Every command with --format lists its formats in the option table:
 * check_format() and the completion read them there. */
static void
test_option_values (void)
{
    for (const VinvCommand *c = vinv_cli_command_table; c->name != NULL; c++) {
        const VinvOptionSpec *o = vinv_cli_lookup_option (c, "format");
        if (o == NULL) {
            g_assert_true (c->id != VINV_CMD_SHOW && c->id != VINV_CMD_EXPORT
                           && c->id != VINV_CMD_TABLES && c->id != VINV_CMD_COLUMNS);
            continue;
        }
        g_test_message ("--format of %s", c->name);
        g_assert_nonnull (o);
        g_assert_nonnull (o->values);
        g_assert_true (g_strv_contains (o->values, "csv"));
        g_assert_true (g_strv_contains (o->values, "json"));
    }
    /* export's formats are exactly those the core can write */
    const VinvOptionSpec *export_format = vinv_cli_lookup_option (
        vinv_cli_lookup_command ("export"), "format");
    guint n_values = g_strv_length ((char **) export_format->values);
    guint n_available = 0;
    for (guint f = 0; f < VINV_EXPORT_LAST; f++) {
        if (vinv_export_format_is_available ((VinvExportFormat) f)) {
            n_available++;
            g_assert_true (g_strv_contains (export_format->values,
                                            vinv_export_format_name ((VinvExportFormat) f)));
        }
    }
    g_assert_cmpuint (n_values, ==, n_available);
    g_assert_nonnull (vinv_cli_lookup_option (NULL, "connect"));
    g_assert_null (vinv_cli_lookup_option (NULL, "filter"));
    const VinvCommand *export = vinv_cli_lookup_command ("export");
    const VinvCommand *show = vinv_cli_lookup_command ("show");
    g_assert_cmpstr (vinv_cli_lookup_option (export, "output")->complete, ==, "file");
    g_assert_cmpstr (vinv_cli_lookup_option (show, "columns")->complete, ==, "columns");
}

/* --- exit codes --- */

static VinvInventory *
inventory_with_two_tables (void)
{
    VinvInventory *inventory = vinv_inventory_new ();
    vinv_inventory_add_source (inventory, "hv01", "test:///default", NULL);
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    vinv_table_add_row (vms, "hv01", "vm-1");
    VinvTable *disks = vinv_inventory_ensure_table (inventory, VINV_TABLE_DISK);
    vinv_table_add_row (disks, "hv01", "disk-1");
    return inventory;
}

static void
test_exit_code (void)
{
    g_autoptr (VinvInventory) inventory = inventory_with_two_tables ();
    VinvTable *vms = vinv_inventory_get_table (inventory, VINV_TABLE_VM);
    VinvTable *disks = vinv_inventory_get_table (inventory, VINV_TABLE_DISK);

    g_assert_cmpint (vinv_cli_exit_code (inventory, NULL, 0), ==, VINV_EXIT_OK);
    g_assert_cmpint (vinv_cli_exit_code (inventory, vms, 0), ==, VINV_EXIT_OK);
    g_assert_cmpint (vinv_cli_exit_code (NULL, NULL, 0), ==, VINV_EXIT_OK);

    /* A table failed to load: 3 for commands printing it or every table. */
    vinv_table_set_error (disks, "storage pool listing failed");
    g_assert_cmpint (vinv_cli_exit_code (inventory, NULL, 0), ==, VINV_EXIT_PARTIAL);
    g_assert_cmpint (vinv_cli_exit_code (inventory, disks, 0), ==, VINV_EXIT_PARTIAL);
    g_assert_cmpint (vinv_cli_exit_code (inventory, vms, 0), ==, VINV_EXIT_OK);
    g_assert_cmpint (VINV_EXIT_PARTIAL, ==, 3);

    /* A connection failed: 2, even when tables failed too. */
    g_assert_cmpint (vinv_cli_exit_code (inventory, NULL, 1), ==, VINV_EXIT_CONNECT);
    g_assert_cmpint (vinv_cli_exit_code (inventory, vms, 1), ==, VINV_EXIT_CONNECT);
    vinv_inventory_add_source (inventory, "hv02", "test:///nowhere.xml", NULL);
    vinv_inventory_set_source_error (inventory, "hv02", "cannot connect");
    g_assert_cmpint (vinv_cli_exit_code (inventory, vms, 0), ==, VINV_EXIT_CONNECT);
    g_assert_cmpint (VINV_EXIT_CONNECT, ==, 2);
}

/* --- text width and sanitizing --- */

static void
test_text_width (void)
{
    static const struct { const char *text; gsize width; } cases[] = {
        { "", 0 },
        { "abc", 3 },
        { "数据库", 6 },
        { "数据库 primary", 14 },
        { "café", 4 },
        { "cafe\xcc\x81", 4 },          /* e + combining acute accent */
        { "\xff", 1 },                  /* invalid byte */
        { "a\tb", 3 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        g_assert_cmpuint (vinv_text_width (cases[i].text), ==, cases[i].width);
    g_assert_cmpuint (vinv_text_width_len ("数据 > 3", 7), ==, 5);
}

static void
test_sanitize (void)
{
    static const struct { const char *in; const char *out; } cases[] = {
        { "plain", "plain" },
        { "two\nlines\r\tx", "two lines  x" },
        { "bell\a esc\x1b[31m", "bell? esc?[31m" },
        { "bad\xffutf8", "bad\xef\xbf\xbdutf8" },
        { "数据库", "数据库" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *s = vinv_text_sanitize (cases[i].in);
        g_assert_cmpstr (s, ==, cases[i].out);
        g_assert_cmpuint (vinv_text_width (s), ==, vinv_text_width (cases[i].in));
    }
}

/* --- the printer --- */

static char *
capture (void (*print) (gpointer data, FILE *out), gpointer data)
{
    FILE *f = tmpfile ();
    g_autofree char *text = NULL;
    long size;

    g_assert_nonnull (f);
    print (data, f);
    fflush (f);
    size = ftell (f);
    rewind (f);
    text = g_malloc0 (size + 1);
    g_assert_cmpuint (fread (text, 1, size, f), ==, (gsize) size);
    fclose (f);
    return g_steal_pointer (&text);
}

static void
print_text (gpointer data, FILE *out)
{
    vinv_print_view_text (data, out);
}

static VinvTable *
small_vm_table (void)
{
    VinvTable *table = vinv_table_new (vinv_schema_get (VINV_TABLE_VM));
    const VinvItem web_disks[] = { { "web-root", "d1" }, { "web-data", "d2" } };
    const VinvItem db_disks[] = { { "db-root", "d3" }, { "db-data", "d4" }, { "db-logs", "d5" } };
    guint r;

    r = vinv_table_add_row (table, "hv01", "vm-1");
    vinv_table_set_string (table, r, VINV_VM_NAME, "web01");
    vinv_table_set_quantity (table, r, VINV_VM_MEMORY, 4096.0 * 1024 * 1024);
    vinv_table_set_list (table, r, VINV_VM_DISKS, web_disks, 2);
    r = vinv_table_add_row (table, "hv01", "vm-2");
    vinv_table_set_string (table, r, VINV_VM_NAME, "数据库01");
    vinv_table_set_quantity (table, r, VINV_VM_MEMORY, 512.0 * 1024 * 1024);
    vinv_table_set_list (table, r, VINV_VM_DISKS, db_disks, 3);
    r = vinv_table_add_row (table, "hv01", "vm-3");
    vinv_table_set_string (table, r, VINV_VM_NAME, "empty");
    return table;
}

static void
test_print_text (void)
{
    g_autoptr (VinvTable) table = small_vm_table ();
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);
    g_autoptr (GError) error = NULL;

    g_assert_true (vinv_view_set_columns_text (view, "name,memory,disks", &error));
    g_assert_no_error (error);
    g_autofree char *text = capture (print_text, view);
    g_assert_cmpstr (text, ==,
        "Name       Memory  Disks\n"
        "--------  -------  ------------\n"
        "web01     4096 MB  web-root (1)\n"
        "数据库01   512 MB  db-root (2)\n"
        "empty\n");
}

static void
test_print_text_matched_item (void)
{
    g_autoptr (VinvTable) table = small_vm_table ();
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);
    g_autoptr (VinvFilterError) filter_error = NULL;

    g_assert_true (vinv_view_set_columns_text (view, "disks,name", NULL));
    g_assert_true (vinv_view_set_filter (view, "disks = db-logs", &filter_error));
    g_assert_null (filter_error);
    g_autofree char *text = capture (print_text, view);
    g_assert_cmpstr (text, ==,
        "Disks        Name\n"
        "-----------  --------\n"
        "db-logs (2)  数据库01\n");
}

static void
test_print_text_empty (void)
{
    g_autoptr (VinvTable) table = small_vm_table ();
    g_autoptr (VinvView) view = vinv_view_new (table, NULL);

    g_assert_true (vinv_view_set_columns_text (view, "name,vcpus", NULL));
    g_assert_true (vinv_view_set_filter (view, "name = nothing", NULL));
    g_autofree char *text = capture (print_text, view);
    g_assert_cmpstr (text, ==,
        "Name  vCPUs\n"
        "----  -----\n");
}

/* --- filter errors --- */

typedef struct {
    const char *filter;
    VinvFilterError error;
} FilterErrorData;

static void
print_filter_error (gpointer data, FILE *out)
{
    FilterErrorData *d = data;
    vinv_print_filter_error (out, d->filter, &d->error);
}

static void
test_filter_error_caret (void)
{
    FilterErrorData cases[] = {
        { "memry > 3", { 0, "unknown column 'memry'", "did you mean 'Memory'?" } },
        { "status = up, memory >", { 21, "expected a value after '>'", NULL } },
        { "数据 > 3", { 7, "something at '>'", NULL } },
        { "x\ty = 1", { 2, "unknown column 'y'", NULL } },
        { "name", { 99, "offset past the end", NULL } },
    };
    const char *expected[] = {
        "virt-inventory: error in filter: unknown column 'memry'\n"
        "  memry > 3\n"
        "  ^\n"
        "  hint: did you mean 'Memory'?\n",
        "virt-inventory: error in filter: expected a value after '>'\n"
        "  status = up, memory >\n"
        "                       ^\n",
        "virt-inventory: error in filter: something at '>'\n"
        "  数据 > 3\n"
        "       ^\n",
        "virt-inventory: error in filter: unknown column 'y'\n"
        "  x y = 1\n"
        "    ^\n",
        "virt-inventory: error in filter: offset past the end\n"
        "  name\n"
        "      ^\n",
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *text = capture (print_filter_error, &cases[i]);
        g_assert_cmpstr (text, ==, expected[i]);
    }
}

/* --- progress and the demo list --- */

static void
test_progress_line (void)
{
    VinvProgress known = { "hv01", "VMs", 3, 7, 0 };
    VinvProgress unknown = { "engine", "disks", 0, 0, 0 };
    VinvProgress nothing = { "hv02", NULL, 0, 0, 0 };
    VinvProgress count_only = { "hv03", NULL, 6, 6, 0 };
    g_autofree char *a = vinv_cli_format_progress (&known);
    g_autofree char *b = vinv_cli_format_progress (&unknown);
    g_autofree char *c = vinv_cli_format_progress (&nothing);
    g_autofree char *d = vinv_cli_format_progress (&count_only);

    g_assert_cmpstr (a, ==, "loading hv01: VMs 3/7…");
    g_assert_cmpstr (b, ==, "loading engine: disks…");
    g_assert_cmpstr (c, ==, "loading hv02…");
    g_assert_cmpstr (d, ==, "loading hv03: 6/6…");
}

static void
test_demo_uris (void)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vinv-demo-XXXXXX", &error);
    g_autofree char *list = g_build_filename (dir, "demo.uris", NULL);
    g_autofree char *expected1 = g_strconcat ("test://", dir, "/hv01.xml", NULL);
    g_autofree char *expected2 = g_strconcat ("test://", dir, "/sub/my%20host.xml", NULL);

    g_assert_no_error (error);
    g_file_set_contents (list,
                         "# the demo hypervisors\n"
                         "\n"
                         "hv01.xml\n"
                         "  sub/my host.xml  \n"
                         "test:///default\n", -1, &error);
    g_assert_no_error (error);

    g_auto (GStrv) uris = vinv_demo_dup_uris (dir, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (uris), ==, 3);
    g_assert_cmpstr (uris[0], ==, expected1);
    g_assert_cmpstr (uris[1], ==, expected2);
    g_assert_cmpstr (uris[2], ==, "test:///default");

    /* Only comments: an error, not an empty demo. */
    g_file_set_contents (list, "# nothing\n", -1, &error);
    g_assert_no_error (error);
    g_auto (GStrv) none = vinv_demo_dup_uris (dir, &error);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    g_clear_error (&error);

    g_unlink (list);
    g_auto (GStrv) missing = vinv_demo_dup_uris (dir, &error);
    g_assert_null (missing);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_rmdir (dir);
}

static void
test_demo_dir_env (void)
{
    g_setenv ("VINV_DEMO_DIR", "/some/where", TRUE);
    g_autofree char *dir = vinv_demo_dup_dir ();
    g_assert_cmpstr (dir, ==, "/some/where");
    g_unsetenv ("VINV_DEMO_DIR");
    g_autofree char *fallback = vinv_demo_dup_dir ();
    g_assert_true (g_str_has_suffix (fallback, "/demo"));
}


/* --- whole commands against a fake back-end ---
 *
 * libvirt's test driver cannot make one table fail while the others load,
 * and test-cli links no oVirt back-end.  This back-end, for URIs
 * "fake:WHAT", can: "fake:partial" loads VMs and marks Disks failed;
 * "fake:fetchfail" opens but fails to fetch; "fake:auth" wants the password
 * "s3cret"; "fake:options" names its VMs after the connect options it was
 * given, so the wiring of -u, --ca-file, --parallel and --fetch shows in
 * the output.  The commands run through vinv_cli_run() exactly as main()
 * runs them. */

typedef struct {
    VinvBackend parent;
    char *options_seen;          /* "fake:options": what open() was given */
} FakeBackend;

static const VinvBackendClass fake_class;

static VinvBackend *
fake_open (const char *uri, const VinvConnectOptions *options,
           GCancellable *cancellable, GError **error)
{
    if (strcmp (uri, "fake:auth") == 0 && g_strcmp0 (options->password, "s3cret") != 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                     "%s: authentication failed", uri);
        return NULL;
    }
    FakeBackend *self = g_new0 (FakeBackend, 1);
    vinv_backend_init (&self->parent, &fake_class, uri, uri + strlen ("fake:"));
    self->options_seen = g_strdup_printf ("user=%s ca=%s insecure=%d parallel=%u fetch=%s",
                                          options->user, options->ca_file, options->insecure,
                                          options->parallel, options->fetch_strategy);
    return &self->parent;
}

static gboolean
fake_fetch (VinvBackend *self, VinvInventory *inventory, VinvProgressFunc progress,
            gpointer user_data, GCancellable *cancellable, GError **error)
{
    const char *source = vinv_backend_get_source_name (self);

    if (strcmp (self->uri, "fake:fetchfail") == 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                     "%s: the server answered nonsense", self->uri);
        return FALSE;
    }
    vinv_inventory_add_source (inventory, source, self->uri, self->klass->tables);
    VinvTable *vms = vinv_inventory_ensure_table (inventory, VINV_TABLE_VM);
    if (strcmp (self->uri, "fake:options") == 0) {
        guint row = vinv_table_add_row (vms, source, "vm-o");
        vinv_table_set_string (vms, row, VINV_VM_NAME, ((FakeBackend *) self)->options_seen);
        return TRUE;
    }
    guint r = vinv_table_add_row (vms, source, "vm-1");
    vinv_table_set_string (vms, r, VINV_VM_NAME, "alpha");
    r = vinv_table_add_row (vms, source, "vm-2");
    vinv_table_set_string (vms, r, VINV_VM_NAME, "beta");
    VinvTable *disks = vinv_inventory_ensure_table (inventory, VINV_TABLE_DISK);
    if (strcmp (self->uri, "fake:partial") == 0)
        vinv_table_set_error (disks, "disk listing failed: boom");
    return TRUE;
}

static void
fake_close (VinvBackend *self)
{
    g_free (((FakeBackend *) self)->options_seen);
    vinv_backend_finalize (self);
    g_free (self);
}

/* What the fake back-end fills: a libvirt-like subset of VMs. */
static const char *const fake_vm_columns[] = {
    "name", "status", "host", "vcpus", "memory", "disks", "networks", NULL
};
static const char *const fake_disk_columns[] = { "name", NULL };
static const VinvBackendTable fake_tables[] = {
    { "vms", NULL, fake_vm_columns },
    { "disks", NULL, fake_disk_columns },
    { NULL, NULL, NULL }
};

static const char *const fake_schemes[] = { "fake", NULL };

static const VinvBackendClass fake_class = {
    .name = "fake",
    .title = "Fake",
    .schemes = fake_schemes,
    .uri_example = "fake:ok",
    .tables = fake_tables,
    .open = fake_open,
    .fetch = fake_fetch,
    .close = fake_close,
};

/* A back-end that says, as data, what the oVirt one says: its schemes and
 * that it needs a user.  It never connects.  The CLI's "needs a user"
 * check must come from this data, not from a scheme the CLI knows. */
static VinvBackend *
fake_engine_open (const char *uri, const VinvConnectOptions *options,
                  GCancellable *cancellable, GError **error)
{
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT,
                 "%s: no engine here", uri);
    return NULL;
}

static const char *const fake_engine_schemes[] = { "ovirt", "ovirt+http", "ovirt+https",
                                                   NULL };

static const VinvBackendClass fake_engine_class = {
    .name = "fake-engine",
    .title = "oVirt",
    .schemes = fake_engine_schemes,
    .uri_example = "ovirt://ENGINE",
    .needs_user = TRUE,
    .user_hint = "USER@DOMAIN (e.g. admin@internal)",
    .needs_password = TRUE,
    .open = fake_engine_open,
    .fetch = fake_fetch,
    .close = fake_close,
};

typedef struct {
    const char *argv;            /* space-separated; @DIR@ is a fresh directory */
    int exit;
    const char *out;             /* exact stdout, or NULL: not checked */
    const char *err;             /* exact stderr, or NULL: not checked */
    const char *password;        /* VIRT_INVENTORY_PASSWORD, or NULL */
} RunCase;

static const RunCase run_cases[] = {
    /* the VMs' disk totals are computed from Disks, which failed: the
     * table has columns without values, so it says so and exits 3 */
    { "-c fake:partial show vms -o name", VINV_EXIT_PARTIAL,
      "Name\n-----\nalpha\nbeta\n",
      "virt-inventory: warning: table 'vms': no values in disks_provisioned, disks_actual: "
      "table 'disks' failed to load\n" },
    { "-c fake:partial show disks -o name", VINV_EXIT_PARTIAL,
      "Name\n----\n",
      "virt-inventory: table 'disks' failed to load: disk listing failed: boom\n" },
    { "-c fake:partial tables", VINV_EXIT_PARTIAL,
      "ID     Title  Rows  Error\n"
      "-----  -----  ----  -------------------------\n"
      "vms    VMs       2\n"
      "disks  Disks     0  disk listing failed: boom\n", "" },
    { "-c fake:ok tables", VINV_EXIT_OK,
      "ID     Title  Rows\n-----  -----  ----\nvms    VMs       2\ndisks  Disks     0\n", "" },
    { "-c fake:partial export -d @DIR@", VINV_EXIT_PARTIAL, "",
      "virt-inventory: warning: table 'vms': no values in disks_provisioned, disks_actual: "
      "table 'disks' failed to load\n"
      "virt-inventory: table 'disks' failed to load: disk listing failed: boom\n" },
    { "-c fake:partial export vms -d @DIR@", VINV_EXIT_PARTIAL, "",
      "virt-inventory: warning: table 'vms': no values in disks_provisioned, disks_actual: "
      "table 'disks' failed to load\n" },
    { "-c fake:partial columns disks --format csv", VINV_EXIT_PARTIAL, NULL, "" },
    { "-c fake:partial -c fake:fetchfail show vms -o name", VINV_EXIT_CONNECT,
      "Name\n-----\nalpha\nbeta\n",
      "virt-inventory: cannot load 'fake:fetchfail': fake:fetchfail: the server answered "
      "nonsense\n"
      "virt-inventory: warning: table 'vms': no values in disks_provisioned, disks_actual: "
      "table 'disks' failed to load\n" },
    { "-c fake:fetchfail show vms", VINV_EXIT_CONNECT, "",
      "virt-inventory: cannot load 'fake:fetchfail': fake:fetchfail: the server answered "
      "nonsense\n" },
    /* Connection failure outranks a failed table. */
    { "-c fake:partial -c fake:fetchfail show disks -o name", VINV_EXIT_CONNECT, NULL, NULL },
    /* No password and no terminal to ask on: the back-end's error, exit 2. */
    { "-c fake:auth show vms -o name", VINV_EXIT_CONNECT, "",
      "virt-inventory: cannot open 'fake:auth': fake:auth: authentication failed\n" },
    { "-c fake:auth show vms -o name", VINV_EXIT_OK, "Name\n-----\nalpha\nbeta\n", "",
      "s3cret" },
    { "-c fake:auth --password-file @DIR@/pw show vms -o name", VINV_EXIT_OK,
      "Name\n-----\nalpha\nbeta\n", "" },
    /* The connect options as the back-end receives them. */
    { "-c fake:options show vms -o name --format csv", VINV_EXIT_OK,
      "Name\r\nuser=(null) ca=(null) insecure=0 parallel=0 fetch=(null)\r\n", "" },
    { "-c fake:options -u admin@internal --ca-file /etc/ca.pem --parallel 12 --fetch PARALLEL "
      "show vms -o name --format csv", VINV_EXIT_OK,
      "Name\r\nuser=admin@internal ca=/etc/ca.pem insecure=0 parallel=12 fetch=parallel\r\n",
      "" },
    { "-c fake:options --insecure --parallel=64 --fetch=follow show vms -o name --format csv",
      VINV_EXIT_OK, "Name\r\nuser=(null) ca=(null) insecure=1 parallel=64 fetch=follow\r\n",
      "virt-inventory: warning: TLS certificates are not verified (--insecure)\n" },
    /* --parallel and --fetch are checked before connecting. */
    { "-c fake:fetchfail --parallel 0 tables", VINV_EXIT_USAGE, "",
      "virt-inventory: --parallel: '0' is not a number from 1 to 64\n"
      "Try 'virt-inventory tables --help' for more information.\n" },
    { "-c fake:fetchfail --parallel 65 tables", VINV_EXIT_USAGE, "", NULL },
    { "-c fake:fetchfail --parallel 8x tables", VINV_EXIT_USAGE, "", NULL },
    { "-c fake:fetchfail --fetch all tables", VINV_EXIT_USAGE, "",
      "virt-inventory: --fetch: unknown way 'all' (follow or parallel)\n"
      "Try 'virt-inventory tables --help' for more information.\n" },
    /* oVirt needs a user: said before anything is opened. */
    { "-c fake:ok -c ovirt://engine.example.com tables", VINV_EXIT_USAGE, "",
      "virt-inventory: oVirt needs a user: -u USER@DOMAIN (e.g. admin@internal)\n" },
    { "-c OVIRT+HTTP://127.0.0.1:1/ovirt-engine tables", VINV_EXIT_USAGE, "", NULL },
    /* with a user (-u or in the URI) it is opened: the fake engine refuses */
    { "-u admin@internal -c ovirt://engine.example.com tables", VINV_EXIT_CONNECT, "", NULL },
    { "-c ovirt+https://admin%40internal@engine.example.com tables", VINV_EXIT_CONNECT, "",
      NULL },
    /* fetch-ca in a build without the hook */
    { "fetch-ca engine.example.com", VINV_EXIT_CONNECT, "",
      "virt-inventory: this build has no oVirt back-end: fetch-ca is not available\n" },
    /* Two sources: Source is shown by default. */
    { "-c fake:one -c fake:two show vms -s -name", VINV_EXIT_OK,
      "Source  Name   Status  Host  vCPUs  Memory  Disks  Networks\n"
      "------  -----  ------  ----  -----  ------  -----  --------\n"
      "one     beta\ntwo     beta\none     alpha\ntwo     alpha\n",
      "" },
};

static char *
read_stream (FILE *f)
{
    long size;
    char *text;

    fflush (f);
    size = ftell (f);
    rewind (f);
    text = g_malloc0 (size + 1);
    g_assert_cmpuint (fread (text, 1, size, f), ==, (gsize) size);
    return text;
}

static void
register_fake (void)
{
    static gboolean registered;

    if (!registered) {
        vinv_backend_register (&fake_class);
        vinv_backend_register (&fake_engine_class);
        registered = TRUE;
    }
}

static void
test_run_commands (void)
{
    /* stdin is never a terminal here, whoever runs the test: without a
     * password "fake:auth" must fail, not prompt. */
    int saved_stdin = dup (STDIN_FILENO);
    int null_fd = open ("/dev/null", O_RDONLY);

    g_assert_cmpint (dup2 (null_fd, STDIN_FILENO), ==, STDIN_FILENO);
    close (null_fd);
    register_fake ();
    for (guint i = 0; i < G_N_ELEMENTS (run_cases); i++) {
        const RunCase *c = &run_cases[i];
        g_autoptr (GError) error = NULL;
        g_autofree char *dir = g_dir_make_tmp ("vinv-cli-XXXXXX", &error);
        g_autofree char *pw = g_build_filename (dir, "pw", NULL);
        g_autofree char *line = NULL;
        GString *expanded = g_string_new ("virt-inventory --config /nonexistent/vinv.ini -q ");

        g_assert_no_error (error);
        g_file_set_contents (pw, "s3cret\nsecond line\n", -1, &error);
        g_assert_no_error (error);
        g_string_append (expanded, c->argv);
        g_string_replace (expanded, "@DIR@", dir, 0);
        line = g_string_free (expanded, FALSE);
        g_auto (GStrv) argv = g_strsplit (line, " ", -1);

        g_test_message ("run case %u: %s", i, c->argv);
        if (c->password != NULL)
            g_setenv ("VIRT_INVENTORY_PASSWORD", c->password, TRUE);
        else
            g_unsetenv ("VIRT_INVENTORY_PASSWORD");
        FILE *out = tmpfile ();
        FILE *err = tmpfile ();
        int code = vinv_cli_run (g_strv_length (argv), argv, out, err);
        g_autofree char *out_text = read_stream (out);
        g_autofree char *err_text = read_stream (err);
        fclose (out);
        fclose (err);

        /* --config names a missing file on purpose: skip that warning. */
        const char *err_rest = err_text;
        if (g_str_has_prefix (err_rest, "virt-inventory: warning: configuration file"))
            err_rest = strchr (err_rest, '\n') + 1;
        if (c->out != NULL)
            g_assert_cmpstr (out_text, ==, c->out);
        if (c->err != NULL)
            g_assert_cmpstr (err_rest, ==, c->err);
        g_assert_cmpint (code, ==, c->exit);

        /* export to @DIR@ wrote complete files, even for exit 3 */
        g_autofree char *vms_csv = g_build_filename (dir, "vms.csv", NULL);
        if (strstr (c->argv, "export") != NULL) {
            g_autofree char *csv = NULL;
            g_file_get_contents (vms_csv, &csv, NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpstr (csv, ==, "Name,Status,Host,vCPUs,Memory (MB),Disks,Networks\r\n"
                                      "alpha,,,,,,\r\nbeta,,,,,,\r\n");
        }
        g_unlink (vms_csv);
        g_autofree char *disks_csv = g_build_filename (dir, "disks.csv", NULL);
        g_unlink (disks_csv);
        g_unlink (pw);
        g_assert_cmpint (g_rmdir (dir), ==, 0);
    }
    g_unsetenv ("VIRT_INVENTORY_PASSWORD");
    dup2 (saved_stdin, STDIN_FILENO);
    close (saved_stdin);
}

/* `export --force` whose write fails half-way (here: a file size limit,
 * which fails write() with EFBIG as a full disk fails it with ENOSPC)
 * leaves the old file byte-identical, exits 1 with one line, and leaves no
 * temporary.  The CLI once closed GIO's replace stream after the failed
 * write, which renamed the partial file over the old one. */
static void
test_export_failure_keeps_old_file (void)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("vinv-cli-export-XXXXXX", &error);
    g_autofree char *full = g_build_filename (dir, "full.csv", NULL);
    g_autofree char *target = g_build_filename (dir, "vms.csv", NULL);
    g_autofree char *old = NULL;
    g_autofree char *after = NULL;
    gsize full_size = 0;
    struct rlimit saved;
    struct rlimit limit;

    register_fake ();
    g_assert_no_error (error);

    /* the export in full, to know its size */
    char *argv_full[] = { "virt-inventory", "--config", "/nonexistent/vinv.ini", "-q",
                          "-c", "fake:ok", "export", "vms", "--all", "-o", full, NULL };
    FILE *out = tmpfile ();
    FILE *err = tmpfile ();
    g_assert_cmpint (vinv_cli_run (G_N_ELEMENTS (argv_full) - 1, argv_full, out, err), ==, 0);
    fclose (out);
    fclose (err);
    g_autofree char *full_text = NULL;
    g_assert_true (g_file_get_contents (full, &full_text, &full_size, NULL));
    g_assert_cmpuint (full_size, >, 600);

    /* the same over an old file, with room for half of it */
    old = g_strnfill (200, 'o');
    g_assert_true (g_file_set_contents (target, old, -1, NULL));
    char *argv[] = { "virt-inventory", "--config", "/nonexistent/vinv.ini", "-q",
                     "-c", "fake:ok", "export", "vms", "--all", "--force", "-o", target, NULL };
    out = tmpfile ();
    err = tmpfile ();
    g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    limit = saved;
    limit.rlim_cur = full_size / 2;     /* still room for the error line */
    void (*old_handler) (int) = signal (SIGXFSZ, SIG_IGN);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
    int code = vinv_cli_run (G_N_ELEMENTS (argv) - 1, argv, out, err);
    g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
    signal (SIGXFSZ, old_handler);
    g_autofree char *err_text = read_stream (err);
    fclose (out);
    fclose (err);

    g_assert_true (g_file_get_contents (target, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, old);
    g_assert_cmpint (code, ==, VINV_EXIT_USAGE);
    g_autofree char *expected = g_strdup_printf (
        "virt-inventory: cannot write '%s': Error writing to file descriptor: %s\n", target,
        g_strerror (EFBIG));
    g_assert_true (g_str_has_suffix (err_text, expected));

    /* only the two files: no temporary left */
    GDir *d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;
    while ((name = g_dir_read_name (d)) != NULL) {
        g_assert_true (strcmp (name, "vms.csv") == 0 || strcmp (name, "full.csv") == 0);
        n++;
    }
    g_dir_close (d);
    g_assert_cmpuint (n, ==, 2);
    g_unlink (full);
    g_unlink (target);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* The password prompt, on a real pseudo-terminal as stdin: the back-end
 * wants a password, none is given, so the CLI asks on the terminal with
 * echo off, and retries with the answer.  A thread plays the user: it
 * waits for the prompt on the terminal, then types. */

typedef struct {
    int master;
    GString *seen;               /* everything the terminal showed */
} Typist;

static gpointer
typist_thread (gpointer data)
{
    Typist *t = data;
    char buf[256];
    ssize_t n;

    while ((n = read (t->master, buf, sizeof buf)) > 0) {
        g_string_append_len (t->seen, buf, n);
        if (strstr (t->seen->str, "Password for ") != NULL
            && g_str_has_suffix (t->seen->str, ": ")) {
            g_assert_cmpint (write (t->master, "s3cret\n", 7), ==, 7);
            return NULL;
        }
    }
    return NULL;
}

static void
test_password_prompt (void)
{
    int master = posix_openpt (O_RDWR | O_NOCTTY);
    int saved_stdin = dup (STDIN_FILENO);
    Typist typist = { master, g_string_new (NULL) };
    char rest[256];
    ssize_t n;

    g_assert_cmpint (master, >=, 0);
    g_assert_cmpint (grantpt (master), ==, 0);
    g_assert_cmpint (unlockpt (master), ==, 0);
    int slave = open (ptsname (master), O_RDWR | O_NOCTTY);
    g_assert_cmpint (slave, >=, 0);
    g_assert_cmpint (dup2 (slave, STDIN_FILENO), ==, STDIN_FILENO);
    close (slave);
    register_fake ();
    g_unsetenv ("VIRT_INVENTORY_PASSWORD");

    GThread *thread = g_thread_new ("typist", typist_thread, &typist);
    char *argv[] = { "virt-inventory", "--config", "/nonexistent/vinv.ini", "-u",
                     "admin@internal", "-c", "fake:auth", "show", "vms", "-o", "name", NULL };
    FILE *out = tmpfile ();
    FILE *err = tmpfile ();
    int code = vinv_cli_run (G_N_ELEMENTS (argv) - 1, argv, out, err);
    g_thread_join (thread);
    g_autofree char *out_text = read_stream (out);
    fclose (out);
    fclose (err);

    /* What else the terminal showed after the answer: ECHONL's newline,
     * never the password. */
    g_unix_set_fd_nonblocking (master, TRUE, NULL);
    while ((n = read (master, rest, sizeof rest)) > 0)
        g_string_append_len (typist.seen, rest, n);
    dup2 (saved_stdin, STDIN_FILENO);
    close (saved_stdin);
    clearerr (stdin);
    close (master);

    g_assert_cmpint (code, ==, VINV_EXIT_OK);
    g_assert_cmpstr (out_text, ==, "Name\n-----\nalpha\nbeta\n");
    g_assert_nonnull (strstr (typist.seen->str, "Password for admin@internal at fake:auth: "));
    g_assert_null (strstr (typist.seen->str, "s3cret"));
    g_string_free (typist.seen, TRUE);
}

/* --- fetch-ca, with a fake download hook ---
 *
 * The real download is the oVirt back-end's (tested against the simulator
 * in test-ovirt-cli.py); here the hook stands in for it so that file
 * handling, exit codes and the fingerprint text are pinned down exactly. */

/* The simulator's CA; `openssl x509 -noout -fingerprint -sha256` prints
 * TEST_CA_FINGERPRINT for it. */
#define TEST_CA_PEM \
    "-----BEGIN CERTIFICATE-----\n" \
    "MIIBpzCCAU6gAwIBAgIIAVoafgAAAAEwCgYIKoZIzj0EAwIwODEVMBMGA1UEAxMM\n" \
    "b3ZpcnQtc2ltIENBMRIwEAYDVQQKEwlvdmlydC1zaW0xCzAJBgNVBAYTAlVTMB4X\n" \
    "DTI2MTEyMTA1NDIzMFoXDTI3MTEyMjA1NDIzMFowODEVMBMGA1UEAxMMb3ZpcnQt\n" \
    "c2ltIENBMRIwEAYDVQQKEwlvdmlydC1zaW0xCzAJBgNVBAYTAlVTMFkwEwYHKoZI\n" \
    "zj0CAQYIKoZIzj0DAQcDQgAECL4P554tdCgZtYOXs54RnkKkhi/RqWjShhlEw4f7\n" \
    "rAdH+oSDpIY3vxv4mQVR72bgXjA8MROPw1Vh644X5WT7vKNCMEAwDwYDVR0TAQH/\n" \
    "BAUwAwEB/zAOBgNVHQ8BAf8EBAMCAQYwHQYDVR0OBBYEFHzs0yJoaHT/HdZ6prrD\n" \
    "+T0lgvfGMAoGCCqGSM49BAMCA0cAMEQCIA3KqhPaXR1hr0+jcBCT1MZuzMpe/Go4\n" \
    "NWyWVrW43IC5AiBiu7m84luggtFlVIDuCQ0ywT4JhlEsNw+NbFZ5rpaHcw==\n" \
    "-----END CERTIFICATE-----\n"
#define TEST_CA_FINGERPRINT \
    "0B:81:6B:57:C2:5A:D7:88:AC:5B:B8:35:C2:52:30:63:" \
    "D5:8A:7D:4B:8F:1F:4F:BD:20:B2:52:24:D4:F2:B8:9E"

static void
test_pem_fingerprint (void)
{
    static const struct {
        const char *pem;
        const char *fingerprint;
    } cases[] = {
        { TEST_CA_PEM, TEST_CA_FINGERPRINT },
        /* text around it, a second certificate: the first counts */
        { "Subject: x\r\n" TEST_CA_PEM "-----BEGIN CERTIFICATE-----\nAAAA\n"
          "-----END CERTIFICATE-----\n", TEST_CA_FINGERPRINT },
        { "", NULL },
        { "<html>not found</html>", NULL },
        { "-----BEGIN CERTIFICATE-----\nno end", NULL },
        { "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = vinv_cli_pem_fingerprint (cases[i].pem);
        g_test_message ("case %u", i);
        g_assert_cmpstr (got, ==, cases[i].fingerprint);
    }
    /* CRLF line ends: the same DER */
    g_autoptr (GString) crlf = g_string_new (TEST_CA_PEM);
    g_string_replace (crlf, "\n", "\r\n", 0);
    g_autofree char *got = vinv_cli_pem_fingerprint (crlf->str);
    g_assert_cmpstr (got, ==, TEST_CA_FINGERPRINT);
}

static void
test_default_ca_path (void)
{
    static const char *const cases[][2] = {
        { "engine.example.com", "engine.example.com-ca.pem" },
        { "engine.example.com:8080", "engine.example.com-8080-ca.pem" },
        { "ovirt://engine.example.com", "engine.example.com-ca.pem" },
        { "ovirt://engine.example.com:8443/ovirt-engine/api", "engine.example.com-8443-ca.pem" },
        { "ovirt+http://127.0.0.1:40123", "127.0.0.1-40123-ca.pem" },
        { "http://admin@engine/x?y", "engine-ca.pem" },
        { "[::1]:8080", "__1-8080-ca.pem" },
        { "ovirt+http://[fe80::1]/", "fe80__1-ca.pem" },
        { "../../etc/passwd", "_.-ca.pem" },          /* never a path */
        { "ovirt://", "engine-ca.pem" },
        { "", "engine-ca.pem" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *got = vinv_cli_default_ca_path (cases[i][0]);
        g_test_message ("'%s'", cases[i][0]);
        g_assert_cmpstr (got, ==, cases[i][1]);
    }
}

/* The hook: "good..." writes TEST_CA_PEM, "refused" cannot connect,
 * anything else is not an engine. */
static gboolean
fake_fetch_ca (const char *engine, const char *out_path, char **connect_uri, GError **error)
{
    if (g_str_has_prefix (engine, "good") || g_str_has_prefix (engine, "ovirt+http://good")) {
        *connect_uri = g_strdup ("ovirt://good");
        return g_file_set_contents (out_path, TEST_CA_PEM, -1, error);
    }
    if (strcmp (engine, "refused") == 0) {
        g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT,
                     "cannot download the engine CA: refused");
        return FALSE;
    }
    g_set_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI,
                 "'%s' is not an engine", engine);
    return FALSE;
}

typedef struct {
    const char *argv;            /* space-separated, after "virt-inventory" */
    int exit;
    const char *out;             /* exact stdout */
    const char *err;             /* exact stderr, or a prefix when it ends in "..." */
    const char *existing;        /* "NAME=CONTENT" created before, or NULL */
    const char *files;           /* the directory afterwards: "NAME=CONTENT|..." by name */
} FetchCaCase;

#define NOTE(file) \
    "The download was not authenticated: before trusting the certificate,\n" \
    "compare this fingerprint with the one the engine's own CA file gives,\n" \
    "on the engine:\n" \
    "  openssl x509 -in /etc/pki/ovirt-engine/ca.pem -noout -fingerprint -sha256\n" \
    "Then connect with:\n" \
    "  virt-inventory -c ovirt://good -u USER@DOMAIN --ca-file " file " tables\n"

static const FetchCaCase fetch_ca_cases[] = {
    { "fetch-ca good", VINV_EXIT_OK, "",
      "virt-inventory: wrote the CA certificate of good to good-ca.pem\n"
      "SHA-256 fingerprint: " TEST_CA_FINGERPRINT "\n" NOTE ("good-ca.pem"),
      NULL, "good-ca.pem=" TEST_CA_PEM },
    { "-q fetch-ca ovirt+http://good:8080 -o x.pem", VINV_EXIT_OK, "",
      "SHA-256 fingerprint: " TEST_CA_FINGERPRINT "\n", NULL, "x.pem=" TEST_CA_PEM },
    { "fetch-ca good", VINV_EXIT_USAGE, "",
      "virt-inventory: 'good-ca.pem' already exists\n"
      "  hint: nothing was written; use --force to overwrite, or choose another --output\n",
      "good-ca.pem=old", "good-ca.pem=old" },
    { "-q fetch-ca --force good", VINV_EXIT_OK, "",
      "SHA-256 fingerprint: " TEST_CA_FINGERPRINT "\n", "good-ca.pem=old",
      "good-ca.pem=" TEST_CA_PEM },
    { "fetch-ca -o - good", VINV_EXIT_OK, TEST_CA_PEM,
      "virt-inventory: the CA certificate of good\n"
      "SHA-256 fingerprint: " TEST_CA_FINGERPRINT "\n" NOTE ("FILE"), NULL, "" },
    { "fetch-ca refused", VINV_EXIT_CONNECT, "",
      "virt-inventory: cannot download the engine CA: refused\n", NULL, "" },
    { "fetch-ca -o - refused", VINV_EXIT_CONNECT, "",
      "virt-inventory: cannot download the engine CA: refused\n", NULL, "" },
    { "fetch-ca nowhere", VINV_EXIT_CONNECT, "",
      "virt-inventory: 'nowhere' is not an engine\n", NULL, "" },
    { "fetch-ca good -o no/such/dir.pem", VINV_EXIT_USAGE, "",
      "virt-inventory: cannot write 'no/such/dir.pem': ...", NULL, "" },
    { "fetch-ca", VINV_EXIT_USAGE, "",
      "virt-inventory: missing ENGINE for 'fetch-ca'\n"
      "Try 'virt-inventory fetch-ca --help' for more information.\n", NULL, "" },
    { "fetch-ca good other", VINV_EXIT_USAGE, "", "virt-inventory: too many arguments ...",
      NULL, "" },
};

static int
compare_names (gconstpointer a, gconstpointer b)
{
    return strcmp (*(char *const *) a, *(char *const *) b);
}

/* "NAME=CONTENT|..." of the files in @dir, by name; removes them. */
static char *
describe_dir (const char *dir)
{
    g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    GString *out = g_string_new (NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
    g_ptr_array_sort (names, compare_names);
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename (dir, names->pdata[i], NULL);
        g_autofree char *content = NULL;
        g_file_get_contents (path, &content, NULL, NULL);
        g_string_append_printf (out, "%s%s=%s", i > 0 ? "|" : "", (char *) names->pdata[i],
                                content);
        g_unlink (path);
    }
    return g_string_free (out, FALSE);
}

static void
test_fetch_ca (void)
{
    g_autofree char *cwd = g_get_current_dir ();

    vinv_cli_set_fetch_ca (fake_fetch_ca);
    for (guint i = 0; i < G_N_ELEMENTS (fetch_ca_cases); i++) {
        const FetchCaCase *c = &fetch_ca_cases[i];
        g_autoptr (GError) error = NULL;
        g_autofree char *dir = g_dir_make_tmp ("vinv-fetch-ca-XXXXXX", &error);
        g_autofree char *line = g_strconcat ("virt-inventory ", c->argv, NULL);
        g_auto (GStrv) argv = g_strsplit (line, " ", -1);

        g_test_message ("fetch-ca case %u: %s", i, c->argv);
        g_assert_no_error (error);
        g_assert_cmpint (g_chdir (dir), ==, 0);
        if (c->existing != NULL) {
            g_auto (GStrv) kv = g_strsplit (c->existing, "=", 2);
            g_file_set_contents (kv[0], kv[1], -1, &error);
            g_assert_no_error (error);
        }
        FILE *out = tmpfile ();
        FILE *err = tmpfile ();
        int code = vinv_cli_run (g_strv_length (argv), argv, out, err);
        g_autofree char *out_text = read_stream (out);
        g_autofree char *err_text = read_stream (err);
        fclose (out);
        fclose (err);
        g_assert_cmpint (g_chdir (cwd), ==, 0);
        g_autofree char *files = describe_dir (dir);
        g_rmdir (dir);

        g_assert_cmpstr (out_text, ==, c->out);
        if (g_str_has_suffix (c->err, "...")) {
            g_autofree char *prefix = g_strndup (c->err, strlen (c->err) - 3);
            if (!g_str_has_prefix (err_text, prefix))
                g_assert_cmpstr (err_text, ==, c->err);
        } else {
            g_assert_cmpstr (err_text, ==, c->err);
        }
        g_assert_cmpint (code, ==, c->exit);
        g_assert_cmpstr (files, ==, c->files);
    }
    vinv_cli_set_fetch_ca (NULL);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/cli/parse", test_parse);
    g_test_add_func ("/cli/help/top", test_help_top);
    g_test_add_func ("/cli/help/commands", test_help_commands);
    g_test_add_func ("/cli/help/docs-complete", test_docs_complete);
    g_test_add_func ("/cli/options/values", test_option_values);
    g_test_add_func ("/cli/exit-code", test_exit_code);
    g_test_add_func ("/cli/text/width", test_text_width);
    g_test_add_func ("/cli/text/sanitize", test_sanitize);
    g_test_add_func ("/cli/print/text", test_print_text);
    g_test_add_func ("/cli/print/matched-item", test_print_text_matched_item);
    g_test_add_func ("/cli/print/empty", test_print_text_empty);
    g_test_add_func ("/cli/print/filter-error", test_filter_error_caret);
    g_test_add_func ("/cli/progress", test_progress_line);
    g_test_add_func ("/cli/demo/uris", test_demo_uris);
    g_test_add_func ("/cli/demo/dir", test_demo_dir_env);
    g_test_add_func ("/cli/run/commands", test_run_commands);
    g_test_add_func ("/cli/run/password-prompt", test_password_prompt);
    g_test_add_func ("/cli/run/export-failure-keeps-old-file",
                     test_export_failure_keeps_old_file);
    g_test_add_func ("/cli/fetch-ca/fingerprint", test_pem_fingerprint);
    g_test_add_func ("/cli/fetch-ca/default-path", test_default_ca_path);
    g_test_add_func ("/cli/fetch-ca/run", test_fetch_ca);
    return g_test_run ();
}
