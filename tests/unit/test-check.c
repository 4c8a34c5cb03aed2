/* test-check.c — health checks (src/core/check.h).
 *
 *  - the built-in rules file loads without a warning and has at least 15
 *    rules;
 *  - every built-in rule against its fixtures in tests/data/checks/
 *    rules.test: each positive reported (with its message), each negative
 *    not — and every rule has at least one of each;
 *  - config.ini: thresholds changed, rules turned off, user rules added,
 *    broken sections reported as FILE:LINE and skipped while the rest run;
 *  - a rule agrees with `show TABLE -f FILTER`; groups report an object
 *    once; a failed table is reported, not silently empty; rules about
 *    columns the back-ends never fill are not run;
 *  - docs/health-checks.md: its table of rules is the rules file, and its
 *    config examples load with exactly the warnings it shows.
 *
 * Needs VINV_SOURCE_ROOT (tests/meson.build sets it).
 */
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include "core/check.h"

static char *
source_path (const char *first, ...)
{
    const char *root = g_getenv ("VINV_SOURCE_ROOT");
    va_list args;
    if (root == NULL)
        g_error ("VINV_SOURCE_ROOT is not set; run the tests with 'meson test'");
    va_start (args, first);
    g_autofree char *rest = g_build_filename_valist (first, &args);
    va_end (args);
    return g_build_filename (root, rest, NULL);
}

static char *
builtin_path (void)
{
    return source_path ("data", "checks", "rules.ini", NULL);
}

static VinvCheckSet *
load_with_config (const char *config_text, GPtrArray *warnings)
{
    g_autofree char *builtin = builtin_path ();
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *config = NULL;

    if (config_text != NULL) {
        dir = g_dir_make_tmp ("vinv-check-XXXXXX", &error);
        g_assert_no_error (error);
        config = g_build_filename (dir, "config.ini", NULL);
        g_assert_true (g_file_set_contents (config, config_text, -1, &error));
    }
    VinvCheckSet *set = vinv_check_set_load (builtin, config, warnings, &error);
    g_assert_no_error (error);
    g_assert_nonnull (set);
    if (config != NULL) {
        g_unlink (config);
        g_rmdir (dir);
    }
    return set;
}

/* An inventory with every table, empty: rules about any table apply. */
static VinvInventory *
empty_inventory (void)
{
    VinvInventory *inv = vinv_inventory_new ();
    for (guint k = 0; k < VINV_TABLE_LAST; k++)
        vinv_inventory_ensure_table (inv, k);
    return inv;
}

/* Sets cell @col of @row from @text, written as the filter language takes
 * it (see rules.test). */
static void
set_cell (VinvTable *t, guint row, guint col, const char *text)
{
    const VinvColumn *column = vinv_table_get_column (t, col);
    switch (column->kind) {
    case VINV_CELL_STRING:
        vinv_table_set_string (t, row, col, text);
        break;
    case VINV_CELL_INT:
        vinv_table_set_int (t, row, col, g_ascii_strtoll (text, NULL, 10));
        break;
    case VINV_CELL_DOUBLE:
        vinv_table_set_double (t, row, col, g_ascii_strtod (text, NULL));
        break;
    case VINV_CELL_BOOL:
        vinv_table_set_bool (t, row, col, strcmp (text, "true") == 0);
        break;
    case VINV_CELL_QUANTITY: {
        double v = 0;
        gsize pos = 0;
        g_autofree char *message = NULL;
        if (!vinv_unit_parse (text, column->unit->dim, column->unit, &v, &pos, &message))
            g_error ("fixture value '%s' of %s: %s", text, column->id, message);
        vinv_table_set_quantity (t, row, col, v);
        break;
    }
    case VINV_CELL_TIME: {
        gint64 ms;
        g_assert_true (vinv_time_parse (text, &ms));
        vinv_table_set_time (t, row, col, ms);
        break;
    }
    case VINV_CELL_REF:
        vinv_table_set_ref (t, row, col, text, text);
        break;
    case VINV_CELL_LIST: {
        gsize n = strlen (text);
        g_assert_true (n >= 2 && text[0] == '[' && text[n - 1] == ']');
        g_autofree char *inner = g_strndup (text + 1, n - 2);
        g_auto (GStrv) parts = g_strsplit (inner, ",", -1);
        guint count = *g_strstrip (inner) != '\0' ? g_strv_length (parts) : 0;
        g_autofree VinvItem *items = g_new0 (VinvItem, MAX (count, 1));
        for (guint i = 0; i < count; i++) {
            g_strstrip (parts[i]);
            items[i] = (VinvItem) { parts[i], parts[i] };
        }
        vinv_table_set_list (t, row, col, items, count);
        break;
    }
    default:
        g_assert_not_reached ();
    }
}

/* Adds a row "COL=VALUE; COL=VALUE" with id @id. */
static void
add_row (VinvTable *t, const char *id, const char *spec)
{
    guint row = vinv_table_add_row (t, "test", id);
    g_auto (GStrv) cells = g_strsplit (spec, ";", -1);
    for (char **c = cells; *c != NULL; c++) {
        char *eq = strchr (*c, '=');
        g_assert_nonnull (eq);
        *eq = '\0';
        int col = vinv_schema_lookup_column (vinv_table_get_schema (t), g_strstrip (*c));
        if (col < 0)
            g_error ("fixture names an unknown column '%s' of %s", *c,
                     vinv_table_get_schema (t)->id);
        set_cell (t, row, (guint) col, g_strstrip (eq + 1));
    }
}

/* ---- the built-in rules ------------------------------------------------- */

static void
test_builtin_clean (void)
{
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, warnings);

    for (guint i = 0; i < warnings->len; i++)
        g_test_message ("warning: %s", (const char *) warnings->pdata[i]);
    g_assert_cmpuint (warnings->len, ==, 0);
    g_assert_cmpuint (vinv_check_set_get_n_rules (set), >=, 15);
    for (guint i = 0; i < vinv_check_set_get_n_rules (set); i++) {
        const VinvCheckRule *r = vinv_check_set_get_rule (set, i);
        g_assert_true (r->enabled);
        g_assert_nonnull (r->description);
        g_assert_true (g_str_has_prefix (r->origin, "rules.ini:"));
    }
}

typedef struct {
    char *rule;
    char *where;
    GPtrArray *positives;        /* of char *, row specs */
    GPtrArray *messages;         /* same length; NULL entries: not checked */
    GPtrArray *negatives;
} Fixture;

static void
fixture_free (gpointer data)
{
    Fixture *f = data;
    g_free (f->rule);
    g_free (f->where);
    g_ptr_array_unref (f->positives);
    g_ptr_array_unref (f->messages);
    g_ptr_array_unref (f->negatives);
    g_free (f);
}

static GPtrArray *fixtures;

static void
run_fixture (gconstpointer data)
{
    const Fixture *f = data;
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    const VinvCheckRule *rule = vinv_check_set_lookup (set, f->rule);
    g_autoptr (VinvInventory) inv = empty_inventory ();
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    gboolean incomplete = TRUE;

    g_test_message ("%s: rule %s", f->where, f->rule);
    g_assert_nonnull (rule);
    VinvTable *t = vinv_inventory_lookup_table (inv, rule->table);
    for (guint i = 0; i < f->positives->len; i++) {
        g_autofree char *id = g_strdup_printf ("pos-%u", i);
        add_row (t, id, f->positives->pdata[i]);
    }
    for (guint i = 0; i < f->negatives->len; i++) {
        g_autofree char *id = g_strdup_printf ("neg-%u", i);
        add_row (t, id, f->negatives->pdata[i]);
    }
    const char *only[] = { f->rule, NULL };
    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, only, warnings, &incomplete);
    g_assert_cmpuint (warnings->len, ==, 0);
    g_assert_false (incomplete);

    guint n = vinv_table_get_n_rows (findings);
    for (guint r = 0; r < n; r++) {
        const VinvCell *obj = vinv_table_get_cell (findings, r, VINV_FINDING_OBJECT);
        g_test_message ("finding: %s %s", obj->v.ref->id,
                        vinv_table_get_cell (findings, r, VINV_FINDING_MESSAGE)->v.s);
        if (g_str_has_prefix (obj->v.ref->id, "neg-"))
            g_error ("%s: false positive: %s reports the negative '%s'", f->where, f->rule,
                     (const char *) f->negatives->pdata[atoi (obj->v.ref->id + 4)]);
    }
    g_assert_cmpuint (n, ==, f->positives->len);
    for (guint i = 0; i < n; i++) {
        g_autofree char *id = g_strdup_printf ("pos-%u", i);
        const VinvCell *obj = vinv_table_get_cell (findings, i, VINV_FINDING_OBJECT);
        g_assert_cmpstr (obj->v.ref->id, ==, id);
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_RULE)->v.s, ==, f->rule);
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_TABLE)->v.s, ==,
                         rule->table);
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_SEVERITY)->v.s, ==,
                         vinv_severity_name (rule->severity));
        if (f->messages->pdata[i] != NULL)
            g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_MESSAGE)->v.s, ==,
                             f->messages->pdata[i]);
    }
}

static void
load_fixtures (void)
{
    g_autofree char *path = source_path ("tests", "data", "checks", "rules.test", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    Fixture *current = NULL;

    fixtures = g_ptr_array_new_with_free_func (fixture_free);
    if (!g_file_get_contents (path, &contents, NULL, &error))
        g_error ("%s", error->message);
    g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        const char *line = lines[i];
        const char *colon = strchr (line, ':');
        if (line[0] == '#' || strspn (line, " \t") == strlen (line))
            continue;
        if (colon == NULL)
            g_error ("rules.test:%u: expected 'key: value'", i + 1);
        g_autofree char *key = g_strndup (line, colon - line);
        const char *value = colon[1] == ' ' ? colon + 2 : colon + 1;
        if (strcmp (key, "rule") == 0) {
            current = g_new0 (Fixture, 1);
            current->rule = g_strdup (value);
            current->where = g_strdup_printf ("rules.test:%u", i + 1);
            current->positives = g_ptr_array_new_with_free_func (g_free);
            current->messages = g_ptr_array_new_with_free_func (g_free);
            current->negatives = g_ptr_array_new_with_free_func (g_free);
            g_ptr_array_add (fixtures, current);
        } else if (current == NULL) {
            g_error ("rules.test:%u: '%s' before any 'rule:'", i + 1, key);
        } else if (strcmp (key, "positive") == 0) {
            g_ptr_array_add (current->positives, g_strdup (value));
            g_ptr_array_add (current->messages, NULL);
        } else if (strcmp (key, "message") == 0) {
            g_assert_cmpuint (current->messages->len, >, 0);
            g_free (current->messages->pdata[current->messages->len - 1]);
            current->messages->pdata[current->messages->len - 1] = g_strdup (value);
        } else if (strcmp (key, "negative") == 0) {
            g_ptr_array_add (current->negatives, g_strdup (value));
        } else {
            g_error ("rules.test:%u: unknown key '%s'", i + 1, key);
        }
    }
    for (guint i = 0; i < fixtures->len; i++) {
        Fixture *f = fixtures->pdata[i];
        g_autofree char *name = g_strdup_printf ("/check/rule/%s", f->rule);
        g_test_add_data_func (name, f, run_fixture);
    }
}

/* Every built-in rule has a positive and a negative fixture. */
static void
test_fixture_coverage (void)
{
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    for (guint i = 0; i < vinv_check_set_get_n_rules (set); i++) {
        const char *id = vinv_check_set_get_rule (set, i)->id;
        gboolean pos = FALSE;
        gboolean neg = FALSE;
        for (guint k = 0; k < fixtures->len; k++) {
            Fixture *f = fixtures->pdata[k];
            if (strcmp (f->rule, id) == 0) {
                pos |= f->positives->len > 0;
                neg |= f->negatives->len > 0;
            }
        }
        if (!pos || !neg)
            g_error ("rule %s has no %s fixture in tests/data/checks/rules.test", id,
                     pos ? "negative" : "positive");
    }
}

/* ---- config.ini --------------------------------------------------------- */

static guint
count_findings (const VinvCheckSet *set, VinvInventory *inv, const char *rule)
{
    const char *only[] = { rule, NULL };
    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, rule != NULL ? only : NULL,
                                                     NULL, NULL);
    return vinv_table_get_n_rows (findings);
}

static void
test_config (void)
{
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (VinvInventory) inv = empty_inventory ();
    VinvTable *sds = vinv_inventory_get_table (inv, VINV_TABLE_SD);
    VinvTable *hosts = vinv_inventory_get_table (inv, VINV_TABLE_HOST);
    add_row (sds, "sd1", "name=sd1; free_percent=18 %");
    add_row (hosts, "hv1", "name=hv1; update_available=true; status=up; cores=4");
    add_row (hosts, "hv2", "name=hv2; update_available=true; status=up; cores=64");

    /* the built-ins: 18 % is fine, updates are reported */
    g_autoptr (VinvCheckSet) plain = load_with_config (NULL, NULL);
    g_assert_cmpuint (count_findings (plain, inv, "sd-free-low"), ==, 0);
    g_assert_cmpuint (count_findings (plain, inv, NULL), ==, 2);

    g_autoptr (VinvCheckSet) set = load_with_config (
        "[general]\n"
        "default-profile=lab\n"
        "\n"
        "[check sd-free-low]\n"                          /* 4 */
        "min_free = 20%\n"
        "\n"
        "[check host-update-available]\n"
        "enabled=false\n"
        "\n"                                             /* 9 */
        "[check small-host]\n"
        "table=hosts\n"
        "filter=cores < {min_cores}\n"
        "min_cores=8\n"
        "severity=info\n"                                /* 14 */
        "message={name} has {cores} cores, fewer than {min_cores}\n"
        "\n"
        "[check broken-filter]\n"
        "table=hosts\n"
        "filter=memry > 3\n"                             /* 19 */
        "\n"
        "[check no-table]\n"
        "filter=status = up\n"
        "\n"
        "[check bad-placeholder]\n"                      /* 24 */
        "table=vms\n"
        "filter=memory > {max_mem}\n"
        "\n"
        "[check sd-over-allocated]\n"
        "max_alloc=200%\n"                               /* 29 */
        "\n"
        "[check bad-line]\n"
        "this is not a key\n"
        "table=vms\n"
        "filter=status = up\n"                           /* 34 */
        "\n"
        "[check bad-severity]\n"
        "table=vms\n"
        "filter=status = up\n"
        "severity=fatal\n"                               /* 39 */
        "\n"
        "[profile lab]\n"
        "uri=test:///default\n",
        warnings);

    g_ptr_array_add (warnings, NULL);
    g_autofree char *joined = g_strjoinv ("\n", (char **) warnings->pdata);
    g_test_message ("warnings:\n%s", joined);
    g_auto (GStrv) got = g_strsplit (joined, "\n", -1);
    const char *const want[] = {
        "config.ini:32: [check bad-line]: 'this is not a key' is not a key=value line; the "
        "rule is skipped",
        "config.ini:19: [check broken-filter]: filter 'memry > 3': unknown column 'memry' (at "
        "byte 0); hint: did you mean 'Memory'?; the rule is skipped",
        "config.ini:21: [check no-table]: no table= (the table the rule looks at, e.g. "
        "table=vms); the rule is skipped",
        "config.ini:26: [check bad-placeholder]: filter: {max_mem} is not a threshold of the "
        "rule (add max_mem=VALUE); the rule is skipped",
        "config.ini:29: [check sd-over-allocated]: the rule has no threshold 'max_alloc' (it "
        "has max_allocation=150%); the override is skipped",
        "config.ini:39: [check bad-severity]: unknown severity 'fatal' (use critical, warning "
        "or info); the rule is skipped",
    };
    g_assert_cmpuint (g_strv_length (got), ==, G_N_ELEMENTS (want));
    for (guint i = 0; i < G_N_ELEMENTS (want); i++) {
        /* the path is the config's: compare from its base name on */
        const char *at = strstr (got[i], "config.ini:");
        g_assert_nonnull (at);
        g_assert_cmpstr (at, ==, want[i]);
    }

    /* the rest run: the changed threshold, the disabled rule, the new rule */
    const VinvCheckRule *low = vinv_check_set_lookup (set, "sd-free-low");
    g_autofree char *thresholds = vinv_check_rule_dup_thresholds (low);
    g_assert_cmpstr (thresholds, ==, "min_free=20%");
    g_assert_true (strstr (low->origin, "rules.ini:") == low->origin);
    g_assert_nonnull (strstr (low->origin, "config.ini:4"));
    g_assert_cmpuint (count_findings (set, inv, "sd-free-low"), ==, 1);
    g_assert_false (vinv_check_set_lookup (set, "host-update-available")->enabled);
    g_assert_null (vinv_check_set_lookup (set, "broken-filter"));
    g_assert_null (vinv_check_set_lookup (set, "bad-line"));
    g_assert_cmpstr (vinv_check_set_lookup (set, "sd-over-allocated")->threshold_values[0], ==,
                     "150%");

    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, NULL, NULL, NULL);
    g_assert_cmpuint (vinv_table_get_n_rows (findings), ==, 2);
    g_assert_cmpstr (vinv_table_get_cell (findings, 0, VINV_FINDING_RULE)->v.s, ==,
                     "sd-free-low");
    g_assert_cmpstr (vinv_table_get_cell (findings, 1, VINV_FINDING_RULE)->v.s, ==,
                     "small-host");
    g_assert_cmpstr (vinv_table_get_cell (findings, 1, VINV_FINDING_MESSAGE)->v.s, ==,
                     "hv1 has 4 cores, fewer than 8");
    g_assert_cmpstr (vinv_table_get_cell (findings, 1, VINV_FINDING_SEVERITY)->v.s, ==,
                     "info");
    /* a disabled rule still runs when named */
    g_assert_cmpuint (count_findings (set, inv, "host-update-available"), ==, 2);
}

/* ---- running ------------------------------------------------------------ */

/* What a rule reports is what `show TABLE -f FILTER` shows, with a related
 * predicate too. */
static void
test_same_as_show (void)
{
    g_autoptr (VinvInventory) inv = empty_inventory ();
    VinvTable *hosts = vinv_inventory_get_table (inv, VINV_TABLE_HOST);
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    add_row (hosts, "hv1", "name=hv1; status=up");
    add_row (hosts, "hv2", "name=hv2; status=maintenance");
    add_row (vms, "v1", "name=v1; host=hv1; pending_restart=true");
    add_row (vms, "v2", "name=v2; host=hv2; pending_restart=true");
    add_row (vms, "v3", "name=v3; host=hv2");

    g_autoptr (VinvCheckSet) set = load_with_config (
        "[check restart-on-maintenance]\n"
        "table=hosts\n"
        "filter=status != up, vms.pending_restart = true\n"
        "message={name}: {vms} waits for a restart\n", NULL);
    add_row (hosts, "hv3", "name=hv3; status=error; vms=[v3, v2]");
    /* the hosts' VMs cells */
    vinv_table_set_list (hosts, 0, VINV_HOST_VMS, (VinvItem[]) { { "v1", "v1" } }, 1);
    vinv_table_set_list (hosts, 1, VINV_HOST_VMS,
                         (VinvItem[]) { { "v3", "v3" }, { "v2", "v2" } }, 2);

    const char *only[] = { "restart-on-maintenance", NULL };
    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, only, NULL, NULL);
    g_autoptr (VinvView) view = vinv_view_new (hosts, inv);
    g_assert_true (vinv_view_set_filter (view, "status != up, vms.pending_restart = true", NULL));
    g_assert_cmpuint (vinv_table_get_n_rows (findings), ==, vinv_view_get_n_rows (view));
    g_assert_cmpuint (vinv_table_get_n_rows (findings), ==, 2);
    for (guint i = 0; i < vinv_view_get_n_rows (view); i++)
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_OBJECT)->v.ref->id, ==,
                         vinv_table_get_row_id (hosts, vinv_view_get_row (view, i)));
    /* the message shows the VMs cell as the view does: the match first */
    g_assert_cmpstr (vinv_table_get_cell (findings, 0, VINV_FINDING_MESSAGE)->v.s, ==,
                     "hv2: v2 (1) waits for a restart");

    /* and the finding links to its object */
    VinvTableKind kind;
    g_autofree char *link = NULL;
    g_assert_true (vinv_check_findings_link (findings, 0, &kind, &link));
    g_assert_cmpint (kind, ==, VINV_TABLE_HOST);
    g_assert_cmpstr (link, ==, "id = \"hv2\"");
    g_assert_cmpint (vinv_check_findings_worst (findings), ==, VINV_SEVERITY_WARNING);
}

/* sd-free-critical and sd-free-low share a group: a nearly full domain is
 * reported once, as critical; findings come most severe first. */
static void
test_groups_and_order (void)
{
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    g_autoptr (VinvInventory) inv = empty_inventory ();
    VinvTable *sds = vinv_inventory_get_table (inv, VINV_TABLE_SD);
    VinvTable *hosts = vinv_inventory_get_table (inv, VINV_TABLE_HOST);
    add_row (sds, "a", "name=a; free_percent=10 %");
    add_row (sds, "b", "name=b; free_percent=2 %");
    add_row (hosts, "h", "name=h; status=up; update_available=true");

    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, NULL, NULL, NULL);
    g_assert_cmpuint (vinv_table_get_n_rows (findings), ==, 3);
    const char *const rules[] = { "sd-free-critical", "sd-free-low", "host-update-available" };
    const char *const objects[] = { "b", "a", "h" };
    for (guint i = 0; i < 3; i++) {
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_RULE)->v.s, ==,
                         rules[i]);
        g_assert_cmpstr (vinv_table_get_cell (findings, i, VINV_FINDING_OBJECT)->v.ref->text,
                         ==, objects[i]);
    }
    g_assert_cmpint (vinv_check_findings_worst (findings), ==, VINV_SEVERITY_CRITICAL);
}

/* A rule on a table that failed to load is not run, and says so. */
static void
test_failed_table (void)
{
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    g_autoptr (VinvInventory) inv = empty_inventory ();
    g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
    gboolean incomplete = FALSE;
    VinvTable *sds = vinv_inventory_get_table (inv, VINV_TABLE_SD);
    add_row (sds, "b", "name=b; free_percent=2 %");
    vinv_table_set_error (sds, "HTTP 500 on /storagedomains");

    const char *only[] = { "sd-free-critical", NULL };
    g_autoptr (VinvTable) findings = vinv_check_run (set, inv, only, warnings, &incomplete);
    g_assert_true (incomplete);
    g_assert_cmpuint (vinv_table_get_n_rows (findings), ==, 0);
    g_assert_cmpuint (warnings->len, ==, 1);
    g_assert_cmpstr (warnings->pdata[0], ==, "rule sd-free-critical not run: table "
                     "'storage_domains' failed to load: HTTP 500 on /storagedomains");
}

/* A back-end that fills no guest-agent IP column (libvirt without an
 * agent): the rule that looks for empty ones would report every running
 * VM, so it does not run. */
static const char *const like_libvirt_vms[] = { "name", "status", "disks", NULL };
static const VinvBackendTable like_libvirt[] = { { "vms", NULL, like_libvirt_vms }, { NULL } };

static void
test_applies (void)
{
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    g_autoptr (VinvInventory) inv = empty_inventory ();
    VinvTable *vms = vinv_inventory_get_table (inv, VINV_TABLE_VM);
    add_row (vms, "v", "name=v; status=up; disks=[]");

    g_assert_cmpuint (count_findings (set, inv, "vm-no-guest-agent"), ==, 1);
    vinv_inventory_add_source (inv, "test", "test:///default", like_libvirt);
    g_assert_false (vinv_check_rule_applies (vinv_check_set_lookup (set, "vm-no-guest-agent"),
                                             inv));
    g_assert_true (vinv_check_rule_applies (vinv_check_set_lookup (set, "vm-no-disks"), inv));
    g_assert_cmpuint (count_findings (set, inv, "vm-no-guest-agent"), ==, 0);
    g_assert_cmpuint (count_findings (set, inv, "vm-no-disks"), ==, 1);
}

/* ---- docs/health-checks.md ---------------------------------------------- */

static char *
doc_text (void)
{
    g_autofree char *path = source_path ("docs", "health-checks.md", NULL);
    g_autoptr (GError) error = NULL;
    char *doc = NULL;
    if (!g_file_get_contents (path, &doc, NULL, &error))
        g_error ("%s", error->message);
    return doc;
}

/* Splits a Markdown table line at the '|' that are not written '\|'. */
static char **
split_cells (const char *line)
{
    GPtrArray *cells = g_ptr_array_new ();
    GString *cell = g_string_new (NULL);
    for (const char *p = line;; p++) {
        if (*p == '\0' || (*p == '|' && (p == line || p[-1] != '\\'))) {
            g_ptr_array_add (cells, g_string_free (cell, FALSE));
            if (*p == '\0')
                break;
            cell = g_string_new (NULL);
        } else {
            g_string_append_c (cell, *p);
        }
    }
    g_ptr_array_add (cells, NULL);
    return (char **) g_ptr_array_free (cells, FALSE);
}

/* The table after <!-- rules --> lists every built-in rule, in file order,
 * as | `id` | table | severity | `filter` | thresholds |. */
static void
test_doc_rules (void)
{
    g_autoptr (VinvCheckSet) set = load_with_config (NULL, NULL);
    g_autofree char *doc = doc_text ();
    const char *at = strstr (doc, "<!-- rules -->\n");
    guint n = 0;

    g_assert_nonnull (at);
    g_auto (GStrv) lines = g_strsplit (at + strlen ("<!-- rules -->\n"), "\n", -1);
    for (guint i = 2; lines[i] != NULL && lines[i][0] == '|'; i++, n++) {
        g_auto (GStrv) cells = split_cells (lines[i]);
        g_assert_cmpuint (g_strv_length (cells), ==, 7);
        for (char **c = cells; *c; c++)
            g_strstrip (*c);
        g_assert_cmpuint (n, <, vinv_check_set_get_n_rules (set));
        const VinvCheckRule *r = vinv_check_set_get_rule (set, n);
        g_autofree char *id = g_strdup_printf ("`%s`", r->id);
        g_autofree char *filter = g_strdup_printf ("`%s`", r->filter);
        g_autofree char *thresholds = vinv_check_rule_dup_thresholds (r);
        g_test_message ("doc row %u: %s", n, lines[i]);
        g_assert_cmpstr (cells[1], ==, id);
        g_assert_cmpstr (cells[2], ==, r->table);
        g_assert_cmpstr (cells[3], ==, vinv_severity_name (r->severity));
        g_assert_cmpstr (cells[4], ==, filter);
        /* "|" inside the thresholds is written "\|" in the Markdown table */
        g_autofree char *doc_thresholds = g_strdup (cells[5]);
        GString *unescaped = g_string_new (NULL);
        for (const char *p = doc_thresholds; *p; p++) {
            if (p[0] == '\\' && p[1] == '|')
                continue;
            g_string_append_c (unescaped, *p);
        }
        g_autofree char *plain = g_string_free (unescaped, FALSE);
        g_assert_cmpstr (plain, ==, *thresholds != '\0' ? thresholds : "–");
    }
    g_assert_cmpuint (n, ==, vinv_check_set_get_n_rules (set));
}

/* Every ```ini block of the doc loads as config.ini with exactly the
 * warnings of the ```warnings block that follows it (none if there is
 * none). */
static void
test_doc_config_examples (void)
{
    g_autofree char *doc = doc_text ();
    g_auto (GStrv) lines = g_strsplit (doc, "\n", -1);
    guint n_examples = 0;

    for (guint i = 0; lines[i] != NULL; i++) {
        if (strcmp (lines[i], "```ini") != 0)
            continue;
        GString *ini = g_string_new (NULL);
        for (i++; lines[i] != NULL && strcmp (lines[i], "```") != 0; i++)
            g_string_append_printf (ini, "%s\n", lines[i]);
        g_autoptr (GPtrArray) want = g_ptr_array_new_with_free_func (g_free);
        guint j = i + 1;
        while (lines[j] != NULL && lines[j][0] == '\0')
            j++;
        if (lines[j] != NULL && strcmp (lines[j], "```warnings") == 0) {
            for (j++; lines[j] != NULL && strcmp (lines[j], "```") != 0; j++)
                g_ptr_array_add (want, g_strdup (lines[j]));
        }
        g_autoptr (GPtrArray) got = g_ptr_array_new_with_free_func (g_free);
        g_autofree char *text = g_string_free (ini, FALSE);
        g_autoptr (VinvCheckSet) set = load_with_config (text, got);
        g_test_message ("example %u:\n%s", ++n_examples, text);
        g_assert_cmpuint (got->len, ==, want->len);
        for (guint k = 0; k < got->len; k++) {
            const char *at = strstr (got->pdata[k], "config.ini:");
            g_assert_nonnull (at);
            g_assert_cmpstr (at, ==, want->pdata[k]);
        }
    }
    g_assert_cmpuint (n_examples, >=, 2);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);

    g_test_add_func ("/check/builtin-clean", test_builtin_clean);
    load_fixtures ();
    g_test_add_func ("/check/fixture-coverage", test_fixture_coverage);
    g_test_add_func ("/check/config", test_config);
    g_test_add_func ("/check/same-as-show", test_same_as_show);
    g_test_add_func ("/check/groups-and-order", test_groups_and_order);
    g_test_add_func ("/check/failed-table", test_failed_table);
    g_test_add_func ("/check/applies", test_applies);
    g_test_add_func ("/check/doc/rules", test_doc_rules);
    g_test_add_func ("/check/doc/config-examples", test_doc_config_examples);

    int status = g_test_run ();
    g_ptr_array_unref (fixtures);
    return status;
}
