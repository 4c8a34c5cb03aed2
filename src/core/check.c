/* check.c — loading health-check rules and running them (check.h).
 *
 * Files: the built-in rules file and the user's config.ini share one
 * format, read here line by line (not with GKeyFile) so that every problem
 * has a line number and values are taken literally — a filter's regex
 * keeps its backslashes.  A [check NAME] section holds key=value lines:
 * table, filter, severity, message, description, group, enabled; any other
 * key is a threshold, used as {key} in the filter and the message.  Other
 * sections (config.ini's profiles and views) are skipped.
 *
 * A rule is checked when it is loaded (its table exists, its filter
 * compiles against that table with the thresholds put in, each {name} of
 * the message is a threshold or a column), so running it cannot fail: it
 * is a view of its table with its filter set, as `show` builds one.
 */
#include "check.h"

#include <gio/gio.h>
#include <string.h>
#include "tables.h"
#include "vinv-config.h"

static const char *const severity_names[] = {
    [VINV_SEVERITY_INFO] = "info",
    [VINV_SEVERITY_WARNING] = "warning",
    [VINV_SEVERITY_CRITICAL] = "critical",
};

const char *
vinv_severity_name (VinvSeverity severity)
{
    g_return_val_if_fail (severity <= VINV_SEVERITY_CRITICAL, "");
    return severity_names[severity];
}

gboolean
vinv_severity_parse (const char *text, VinvSeverity *out)
{
    for (guint i = 0; i < G_N_ELEMENTS (severity_names); i++) {
        if (text != NULL && g_ascii_strcasecmp (text, severity_names[i]) == 0) {
            *out = (VinvSeverity) i;
            return TRUE;
        }
    }
    return FALSE;
}

char *
vinv_check_dup_builtin_path (void)
{
    const char *env = g_getenv ("VINV_CHECKS_FILE");
    g_autofree char *source = g_build_filename (VINV_SOURCE_DATADIR, "checks", "rules.ini",
                                                NULL);

    if (env != NULL && env[0] != '\0')
        return g_strdup (env);
    if (g_file_test (source, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&source);
    return g_build_filename (VINV_DATADIR, "checks", "rules.ini", NULL);
}

/* ---- the file format ---------------------------------------------------- */

typedef struct {
    char *key;
    char *value;
    guint line;
} Entry;

/* One [check NAME] section as read: its entries in file order. */
typedef struct {
    char *name;
    const char *file;            /* display name, borrowed from the loader */
    guint line;                  /* of the header */
    GArray *entries;             /* of Entry */
    gboolean broken;             /* a line of it could not be read */
} Section;

static void
entry_clear (gpointer data)
{
    Entry *e = data;
    g_free (e->key);
    g_free (e->value);
}

static void
section_free (gpointer data)
{
    Section *s = data;
    g_free (s->name);
    g_array_unref (s->entries);
    g_free (s);
}

static void G_GNUC_PRINTF (4, 5)
warn (GPtrArray *warnings, const char *file, guint line, const char *format, ...)
{
    va_list args;
    if (warnings == NULL)
        return;
    va_start (args, format);
    g_autofree char *what = g_strdup_vprintf (format, args);
    va_end (args);
    g_ptr_array_add (warnings, g_strdup_printf ("%s:%u: %s", file, line, what));
}

static gboolean
is_reserved (const char *key)
{
    static const char *const reserved[] = {
        "table", "filter", "severity", "message", "description", "group", "enabled",
    };
    for (guint i = 0; i < G_N_ELEMENTS (reserved); i++) {
        if (strcmp (key, reserved[i]) == 0)
            return TRUE;
    }
    return FALSE;
}

static gboolean
is_name (const char *s, gsize len)
{
    if (len == 0 || !(g_ascii_isalpha (s[0]) || s[0] == '_'))
        return FALSE;
    for (gsize i = 1; i < len; i++) {
        if (!(g_ascii_isalnum (s[i]) || s[i] == '_' || s[i] == '-'))
            return FALSE;
    }
    return TRUE;
}

/* Reads the [check NAME] sections of @contents (file @file). */
static GPtrArray *
read_sections (const char *contents, const char *file, GPtrArray *warnings)
{
    GPtrArray *sections = g_ptr_array_new_with_free_func (section_free);
    g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
    Section *current = NULL;
    gboolean in_other = FALSE;

    for (guint i = 0; lines[i] != NULL; i++) {
        char *text = g_strstrip (lines[i]);
        guint line = i + 1;

        if (text[0] == '\0' || text[0] == '#' || text[0] == ';')
            continue;
        if (text[0] == '[') {
            gsize n = strlen (text);
            current = NULL;
            in_other = TRUE;
            if (n < 2 || text[n - 1] != ']' || !g_str_has_prefix (text, "[check "))
                continue;   /* another section of config.ini: not ours */
            g_autofree char *name = g_strstrip (g_strndup (text + 7, n - 8));
            in_other = FALSE;
            current = g_new0 (Section, 1);
            current->name = g_steal_pointer (&name);
            current->file = file;
            current->line = line;
            current->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
            g_array_set_clear_func (current->entries, entry_clear);
            if (!is_name (current->name, strlen (current->name))) {
                warn (warnings, file, line, "[check %s]: a rule name is letters, digits, "
                      "'-' and '_'; the section is skipped", current->name);
                current->broken = TRUE;
            }
            g_ptr_array_add (sections, current);
            continue;
        }
        if (in_other || current == NULL)
            continue;
        char *eq = strchr (text, '=');
        if (eq == NULL) {
            warn (warnings, file, line, "[check %s]: '%s' is not a key=value line; the "
                  "rule is skipped", current->name, text);
            current->broken = TRUE;
            continue;
        }
        *eq = '\0';
        Entry e = {
            .key = g_strstrip (g_strdup (text)),
            .value = g_strstrip (g_strdup (eq + 1)),
            .line = line,
        };
        if (!is_name (e.key, strlen (e.key))) {
            warn (warnings, file, line, "[check %s]: '%s' is not a key name; the rule is "
                  "skipped", current->name, e.key);
            current->broken = TRUE;
        }
        /* a key given twice: the last wins, as in the rest of config.ini */
        for (guint k = 0; k < current->entries->len; k++) {
            Entry *old = &g_array_index (current->entries, Entry, k);
            if (strcmp (old->key, e.key) == 0) {
                warn (warnings, file, line, "[check %s]: %s is given twice (line %u); the "
                      "last one counts", current->name, e.key, old->line);
                g_array_remove_index (current->entries, k);
                break;
            }
        }
        g_array_append_val (current->entries, e);
    }
    return sections;
}

/* ---- rules -------------------------------------------------------------- */

struct _VinvCheckSet {
    GPtrArray *rules;            /* of VinvCheckRule, in file order */
};

static void
rule_free (gpointer data)
{
    VinvCheckRule *r = data;
    if (r == NULL)
        return;
    g_free (r->id);
    g_free (r->table);
    g_free (r->filter);
    g_free (r->message);
    g_free (r->description);
    g_free (r->group);
    g_strfreev (r->threshold_names);
    g_strfreev (r->threshold_values);
    g_free (r->origin);
    g_free (r);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvCheckRule, rule_free)

static VinvCheckRule *
rule_copy (const VinvCheckRule *r)
{
    VinvCheckRule *c = g_new0 (VinvCheckRule, 1);
    *c = *r;
    c->id = g_strdup (r->id);
    c->table = g_strdup (r->table);
    c->filter = g_strdup (r->filter);
    c->message = g_strdup (r->message);
    c->description = g_strdup (r->description);
    c->group = g_strdup (r->group);
    c->threshold_names = g_strdupv (r->threshold_names);
    c->threshold_values = g_strdupv (r->threshold_values);
    c->origin = g_strdup (r->origin);
    return c;
}

static const char *
threshold (const VinvCheckRule *rule, const char *name, gsize len)
{
    for (guint i = 0; rule->threshold_names != NULL && rule->threshold_names[i] != NULL; i++) {
        if (strlen (rule->threshold_names[i]) == len
            && strncmp (rule->threshold_names[i], name, len) == 0)
            return rule->threshold_values[i];
    }
    return NULL;
}

/* Calls @func for every {name} in @text (a name as is_name() says; other
 * braces, such as a regex's {1,2}, are text).  Stops and returns FALSE as
 * soon as @func does. */
typedef gboolean (*PlaceholderFunc) (const char *name, gsize len, gpointer data);

static gboolean
foreach_placeholder (const char *text, PlaceholderFunc func, gpointer data)
{
    for (const char *p = text; (p = strchr (p, '{')) != NULL; p++) {
        const char *close = strchr (p, '}');
        if (close != NULL && is_name (p + 1, close - p - 1) && !func (p + 1, close - p - 1, data))
            return FALSE;
    }
    return TRUE;
}

char *
vinv_check_rule_dup_filter (const VinvCheckRule *rule)
{
    GString *out = g_string_new (NULL);
    const char *p = rule->filter;

    while (*p != '\0') {
        const char *close = *p == '{' ? strchr (p, '}') : NULL;
        const char *value = close != NULL && is_name (p + 1, close - p - 1)
                            ? threshold (rule, p + 1, close - p - 1) : NULL;
        if (value != NULL) {
            g_string_append (out, value);
            p = close + 1;
        } else {
            g_string_append_c (out, *p++);
        }
    }
    return g_string_free (out, FALSE);
}

char *
vinv_check_rule_dup_thresholds (const VinvCheckRule *rule)
{
    GString *out = g_string_new (NULL);
    for (guint i = 0; rule->threshold_names != NULL && rule->threshold_names[i] != NULL; i++)
        g_string_append_printf (out, "%s%s=%s", i > 0 ? ", " : "", rule->threshold_names[i],
                                rule->threshold_values[i]);
    return g_string_free (out, FALSE);
}

/* State of the check of one rule's placeholders. */
typedef struct {
    const VinvCheckRule *rule;
    const VinvSchema *schema;    /* NULL: thresholds only (the filter) */
    const char *bad;             /* set to the name that names nothing */
    gsize bad_len;
} PlaceholderCheck;

static gboolean
placeholder_known (const char *name, gsize len, gpointer data)
{
    PlaceholderCheck *pc = data;
    if (threshold (pc->rule, name, len) != NULL
        || (pc->schema != NULL && vinv_schema_lookup_column_len (pc->schema, name, len) >= 0))
        return TRUE;
    pc->bad = name;
    pc->bad_len = len;
    return FALSE;
}

typedef struct {
    const char *name;
    gsize len;
    gboolean found;
} PlaceholderFind;

static gboolean
placeholder_is (const char *name, gsize len, gpointer data)
{
    PlaceholderFind *f = data;
    if (len == f->len && strncmp (name, f->name, len) == 0) {
        f->found = TRUE;
        return FALSE;
    }
    return TRUE;
}

static guint
entry_line (const Section *s, const char *key)
{
    for (guint i = 0; i < s->entries->len; i++) {
        const Entry *e = &g_array_index (s->entries, Entry, i);
        if (strcmp (e->key, key) == 0)
            return e->line;
    }
    return s->line;
}

/* Checks @rule (built from section @s) as check.h says.  Reports the
 * first problem against @s and returns FALSE. */
static gboolean
validate_rule (VinvCheckRule *rule, const Section *s, GPtrArray *warnings)
{
    const VinvSchema *schema = rule->table != NULL ? vinv_schema_lookup (rule->table) : NULL;

    if (rule->table == NULL) {
        warn (warnings, s->file, s->line, "[check %s]: no table= (the table the rule looks "
              "at, e.g. table=vms); the rule is skipped", s->name);
        return FALSE;
    }
    if (schema == NULL) {
        warn (warnings, s->file, entry_line (s, "table"), "[check %s]: unknown table '%s'; "
              "the rule is skipped", s->name, rule->table);
        return FALSE;
    }
    g_free (rule->table);
    rule->table = g_strdup (schema->id);
    if (rule->filter == NULL || rule->filter[0] == '\0') {
        warn (warnings, s->file, s->line, "[check %s]: no filter= (the rows to report, in "
              "the filter language); the rule is skipped", s->name);
        return FALSE;
    }
    PlaceholderCheck pc = { rule, NULL, NULL, 0 };
    if (!foreach_placeholder (rule->filter, placeholder_known, &pc)) {
        warn (warnings, s->file, entry_line (s, "filter"), "[check %s]: filter: {%.*s} is not "
              "a threshold of the rule (add %.*s=VALUE); the rule is skipped", s->name,
              (int) pc.bad_len, pc.bad, (int) pc.bad_len, pc.bad);
        return FALSE;
    }
    g_autofree char *filter = vinv_check_rule_dup_filter (rule);
    g_autoptr (VinvFilterError) ferr = NULL;
    g_autoptr (VinvFilter) compiled = vinv_filter_compile (filter, schema, &ferr);
    if (compiled == NULL) {
        warn (warnings, s->file, entry_line (s, "filter"), "[check %s]: filter '%s': %s (at "
              "byte %" G_GSIZE_FORMAT ")%s%s; the rule is skipped", s->name, filter,
              ferr->message, ferr->offset, ferr->hint != NULL ? "; hint: " : "",
              ferr->hint != NULL ? ferr->hint : "");
        return FALSE;
    }
    if (rule->message == NULL || rule->message[0] == '\0') {
        g_free (rule->message);
        rule->message = g_strdup (rule->description != NULL ? rule->description : filter);
    }
    pc = (PlaceholderCheck) { rule, schema, NULL, 0 };
    if (!foreach_placeholder (rule->message, placeholder_known, &pc)) {
        warn (warnings, s->file, entry_line (s, "message"), "[check %s]: message: {%.*s} is "
              "neither a threshold nor a column of %s; the rule is skipped", s->name,
              (int) pc.bad_len, pc.bad, schema->id);
        return FALSE;
    }
    for (guint i = 0; rule->threshold_names != NULL && rule->threshold_names[i] != NULL; i++) {
        PlaceholderFind f = { rule->threshold_names[i], strlen (rule->threshold_names[i]),
                              FALSE };
        foreach_placeholder (rule->filter, placeholder_is, &f);
        foreach_placeholder (rule->message, placeholder_is, &f);
        if (!f.found)
            warn (warnings, s->file, entry_line (s, rule->threshold_names[i]),
                  "[check %s]: threshold %s is used neither in the filter nor in the "
                  "message", s->name, rule->threshold_names[i]);
    }
    return TRUE;
}

static void
set_threshold (VinvCheckRule *rule, const char *name, const char *value)
{
    guint n = rule->threshold_names != NULL ? g_strv_length (rule->threshold_names) : 0;
    for (guint i = 0; i < n; i++) {
        if (strcmp (rule->threshold_names[i], name) == 0) {
            g_free (rule->threshold_values[i]);
            rule->threshold_values[i] = g_strdup (value);
            return;
        }
    }
    rule->threshold_names = g_renew (char *, rule->threshold_names, n + 2);
    rule->threshold_values = g_renew (char *, rule->threshold_values, n + 2);
    rule->threshold_names[n] = g_strdup (name);
    rule->threshold_values[n] = g_strdup (value);
    rule->threshold_names[n + 1] = NULL;
    rule->threshold_values[n + 1] = NULL;
}

/* Applies the entries of @s to @rule (a copy of the built-in one, or a
 * new rule).  An override may change a threshold only to one the rule
 * has, unless it also gives its own filter or message. */
static gboolean
apply_section (VinvCheckRule *rule, const Section *s, gboolean override, GPtrArray *warnings)
{
    gboolean own_text = FALSE;

    for (guint i = 0; i < s->entries->len; i++) {
        const char *key = g_array_index (s->entries, Entry, i).key;
        own_text |= strcmp (key, "filter") == 0 || strcmp (key, "message") == 0;
    }
    for (guint i = 0; i < s->entries->len; i++) {
        const Entry *e = &g_array_index (s->entries, Entry, i);
        char **field = NULL;

        if (strcmp (e->key, "table") == 0)
            field = &rule->table;
        else if (strcmp (e->key, "filter") == 0)
            field = &rule->filter;
        else if (strcmp (e->key, "message") == 0)
            field = &rule->message;
        else if (strcmp (e->key, "description") == 0)
            field = &rule->description;
        else if (strcmp (e->key, "group") == 0)
            field = &rule->group;
        if (field != NULL) {
            g_free (*field);
            *field = e->value[0] != '\0' ? g_strdup (e->value) : NULL;
        } else if (strcmp (e->key, "severity") == 0) {
            if (!vinv_severity_parse (e->value, &rule->severity)) {
                warn (warnings, s->file, e->line, "[check %s]: unknown severity '%s' (use "
                      "critical, warning or info); the rule is skipped", s->name, e->value);
                return FALSE;
            }
        } else if (strcmp (e->key, "enabled") == 0) {
            if (g_ascii_strcasecmp (e->value, "true") == 0
                || g_ascii_strcasecmp (e->value, "yes") == 0 || strcmp (e->value, "1") == 0) {
                rule->enabled = TRUE;
            } else if (g_ascii_strcasecmp (e->value, "false") == 0
                       || g_ascii_strcasecmp (e->value, "no") == 0
                       || strcmp (e->value, "0") == 0) {
                rule->enabled = FALSE;
            } else {
                warn (warnings, s->file, e->line, "[check %s]: enabled must be true or false, "
                      "not '%s'; the rule is skipped", s->name, e->value);
                return FALSE;
            }
        } else {
            g_assert (!is_reserved (e->key));
            if (override && !own_text && threshold (rule, e->key, strlen (e->key)) == NULL) {
                g_autofree char *known = vinv_check_rule_dup_thresholds (rule);
                g_autofree char *has = *known != '\0' ? g_strdup_printf (" (it has %s)", known)
                                                      : g_strdup ("");
                warn (warnings, s->file, e->line, "[check %s]: the rule has no threshold "
                      "'%s'%s; the override is skipped", s->name, e->key, has);
                return FALSE;
            }
            set_threshold (rule, e->key, e->value);
        }
    }
    return TRUE;
}

VinvCheckSet *
vinv_check_set_load (const char *builtin_path, const char *config_path, GPtrArray *warnings,
                     GError **error)
{
    g_autofree char *builtin = NULL;
    g_autofree char *user = NULL;
    g_autoptr (VinvCheckSet) self = g_new0 (VinvCheckSet, 1);
    g_autofree char *builtin_name = g_path_get_basename (builtin_path);
    g_autofree char *config_name = config_path != NULL ? g_strdup (config_path) : NULL;

    self->rules = g_ptr_array_new_with_free_func (rule_free);
    if (!g_file_get_contents (builtin_path, &builtin, NULL, error)) {
        g_prefix_error (error, "cannot read the built-in health checks: ");
        return NULL;
    }
    g_autoptr (GPtrArray) sections = read_sections (builtin, builtin_name, warnings);
    for (guint i = 0; i < sections->len; i++) {
        Section *s = sections->pdata[i];
        g_autoptr (VinvCheckRule) rule = g_new0 (VinvCheckRule, 1);
        rule->id = g_strdup (s->name);
        rule->severity = VINV_SEVERITY_WARNING;
        rule->enabled = TRUE;
        rule->origin = g_strdup_printf ("%s:%u", s->file, s->line);
        if (s->broken || vinv_check_set_lookup (self, s->name) != NULL
            || !apply_section (rule, s, FALSE, warnings) || !validate_rule (rule, s, warnings))
            continue;
        g_ptr_array_add (self->rules, g_steal_pointer (&rule));
    }

    if (config_path == NULL || !g_file_get_contents (config_path, &user, NULL, NULL))
        return g_steal_pointer (&self);
    g_autoptr (GPtrArray) user_sections = read_sections (user, config_name, warnings);
    for (guint i = 0; i < user_sections->len; i++) {
        Section *s = user_sections->pdata[i];
        const VinvCheckRule *builtin_rule = vinv_check_set_lookup (self, s->name);
        g_autoptr (VinvCheckRule) rule = NULL;

        if (s->broken)
            continue;
        if (builtin_rule != NULL) {
            rule = rule_copy (builtin_rule);
            g_free (rule->origin);
            rule->origin = g_strdup_printf ("%s + %s:%u", builtin_rule->origin, s->file,
                                            s->line);
        } else {
            rule = g_new0 (VinvCheckRule, 1);
            rule->id = g_strdup (s->name);
            rule->severity = VINV_SEVERITY_WARNING;
            rule->enabled = TRUE;
            rule->origin = g_strdup_printf ("%s:%u", s->file, s->line);
        }
        if (!apply_section (rule, s, builtin_rule != NULL, warnings)
            || !validate_rule (rule, s, warnings))
            continue;
        for (guint k = 0; k < self->rules->len; k++) {
            if (self->rules->pdata[k] == builtin_rule) {
                rule_free (self->rules->pdata[k]);
                self->rules->pdata[k] = g_steal_pointer (&rule);
                break;
            }
        }
        if (rule != NULL)
            g_ptr_array_add (self->rules, g_steal_pointer (&rule));
    }
    return g_steal_pointer (&self);
}

void
vinv_check_set_free (VinvCheckSet *self)
{
    if (self == NULL)
        return;
    g_clear_pointer (&self->rules, g_ptr_array_unref);
    g_free (self);
}

guint
vinv_check_set_get_n_rules (const VinvCheckSet *self)
{
    return self->rules->len;
}

const VinvCheckRule *
vinv_check_set_get_rule (const VinvCheckSet *self, guint i)
{
    g_return_val_if_fail (i < self->rules->len, NULL);
    return self->rules->pdata[i];
}

const VinvCheckRule *
vinv_check_set_lookup (const VinvCheckSet *self, const char *id)
{
    for (guint i = 0; i < self->rules->len; i++) {
        const VinvCheckRule *r = self->rules->pdata[i];
        if (strcmp (r->id, id) == 0)
            return r;
    }
    return NULL;
}

/* ---- running ------------------------------------------------------------ */

typedef struct {
    const VinvInventory *inventory;
    gboolean ok;
} AppliesState;

static void
column_applies (const VinvSchema *schema, guint col, gpointer data)
{
    AppliesState *st = data;
    VinvTable *t = vinv_inventory_get_table (st->inventory, vinv_schema_get_kind (schema));
    if (t == NULL || !vinv_inventory_column_available (st->inventory, t, col))
        st->ok = FALSE;
}

gboolean
vinv_check_rule_applies (const VinvCheckRule *rule, const VinvInventory *inventory)
{
    const VinvSchema *schema = vinv_schema_lookup (rule->table);
    g_autofree char *text = vinv_check_rule_dup_filter (rule);
    g_autoptr (VinvFilter) filter = schema != NULL ? vinv_filter_compile (text, schema, NULL)
                                                   : NULL;
    AppliesState st = { inventory, TRUE };

    if (filter == NULL || vinv_inventory_get_table (inventory, vinv_schema_get_kind (schema))
                          == NULL)
        return FALSE;
    vinv_filter_foreach_column (filter, column_applies, &st);
    return st.ok;
}

static const VinvColumn findings_columns[] = {
    [VINV_FINDING_SOURCE] = { "source", "Source", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_SOURCE, "Connection of the object (shown when several are open)" },
    [VINV_FINDING_ID] = { "id", "ID", VINV_CELL_STRING, NULL, NULL, VINV_COL_ROW_ID,
        "RULE/OBJECT-ID" },
    [VINV_FINDING_SEVERITY] = { "severity", "Severity", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "critical, warning or info" },
    [VINV_FINDING_RULE] = { "rule", "Rule", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
        "The rule that found it (virt-inventory check --list)" },
    [VINV_FINDING_TABLE] = { "table", "Table", VINV_CELL_STRING, NULL, NULL, VINV_COL_DEFAULT,
        "The table of the object" },
    [VINV_FINDING_OBJECT] = { "object", "Object", VINV_CELL_REF, NULL, NULL, VINV_COL_DEFAULT,
        "The object (a row of Table), by name" },
    [VINV_FINDING_MESSAGE] = { "message", "Message", VINV_CELL_STRING, NULL, NULL,
        VINV_COL_DEFAULT, "What was found, with the value and the threshold" },
};

static const VinvSchema findings_schema = {
    "findings", "Findings", NULL, findings_columns, VINV_FINDING_N_COLUMNS,
};

const VinvSchema *
vinv_check_findings_schema (void)
{
    return &findings_schema;
}

typedef struct {
    VinvSeverity severity;
    guint rule;                  /* index in the set */
    guint row;
    VinvTable *table;            /* borrowed */
    const char *group;           /* borrowed from the rule */
    char *message;
    gboolean dropped;
} Finding;

static int
finding_order (gconstpointer pa, gconstpointer pb)
{
    const Finding *a = pa;
    const Finding *b = pb;
    if (a->severity != b->severity)
        return a->severity > b->severity ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    return a->row < b->row ? -1 : (a->row > b->row ? 1 : 0);
}

/* The message of @rule for row @row of @view: each {name} replaced by the
 * threshold of that name, else by the cell as the view shows it. */
static char *
expand_message (const VinvCheckRule *rule, const VinvView *view, guint row)
{
    const VinvSchema *schema = vinv_table_get_schema (vinv_view_get_table (view));
    GString *out = g_string_new (NULL);
    const char *p = rule->message;

    while (*p != '\0') {
        const char *close = *p == '{' ? strchr (p, '}') : NULL;
        if (close != NULL && is_name (p + 1, close - p - 1)) {
            const char *value = threshold (rule, p + 1, close - p - 1);
            int col = vinv_schema_lookup_column_len (schema, p + 1, close - p - 1);
            if (value != NULL) {
                g_string_append (out, value);
                p = close + 1;
                continue;
            }
            if (col >= 0) {
                g_autofree char *text = vinv_view_dup_cell_text (view, row, (guint) col);
                g_string_append (out, *text != '\0' ? text : "(no value)");
                p = close + 1;
                continue;
            }
        }
        g_string_append_c (out, *p++);
    }
    return g_string_free (out, FALSE);
}

VinvTable *
vinv_check_run (const VinvCheckSet *self, const VinvInventory *inventory,
                const char *const *only, GPtrArray *warnings, gboolean *incomplete)
{
    g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (Finding));
    VinvTable *findings = vinv_table_new (&findings_schema);

    if (incomplete != NULL)
        *incomplete = FALSE;
    for (guint i = 0; i < self->rules->len; i++) {
        const VinvCheckRule *rule = self->rules->pdata[i];
        VinvTable *table = vinv_inventory_lookup_table (inventory, rule->table);

        if (only != NULL ? !g_strv_contains (only, rule->id) : !rule->enabled)
            continue;
        if (table == NULL || !vinv_check_rule_applies (rule, inventory))
            continue;
        if (vinv_table_get_error (table) != NULL) {
            if (warnings != NULL)
                g_ptr_array_add (warnings, g_strdup_printf (
                    "rule %s not run: table '%s' failed to load: %s", rule->id, rule->table,
                    vinv_table_get_error (table)));
            if (incomplete != NULL)
                *incomplete = TRUE;
            continue;
        }
        g_autofree char *filter = vinv_check_rule_dup_filter (rule);
        g_autoptr (VinvView) view = vinv_view_new (table, inventory);
        g_autoptr (VinvFilterError) ferr = NULL;
        if (!vinv_view_set_filter (view, filter, &ferr)) {
            /* checked when loaded: only a programming error gets here */
            g_critical ("rule %s: %s", rule->id, ferr->message);
            continue;
        }
        for (guint k = 0; k < vinv_view_get_n_rows (view); k++) {
            Finding f = {
                .severity = rule->severity,
                .rule = i,
                .row = vinv_view_get_row (view, k),
                .table = table,
                .group = rule->group,
            };
            f.message = expand_message (rule, view, f.row);
            g_array_append_val (found, f);
        }
    }
    g_array_sort (found, finding_order);

    /* within a group, an object is reported once: by its most severe rule,
     * which sorts first */
    g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < found->len; i++) {
        Finding *f = &g_array_index (found, Finding, i);
        if (f->group == NULL)
            continue;
        char *key = g_strdup_printf ("%s\x1f%s\x1f%s\x1f%s", f->group,
                                     vinv_table_get_schema (f->table)->id,
                                     vinv_table_get_row_source (f->table, f->row),
                                     vinv_table_get_row_id (f->table, f->row));
        if (g_hash_table_contains (seen, key)) {
            f->dropped = TRUE;
            g_free (key);
        } else {
            g_hash_table_add (seen, key);
        }
    }

    for (guint i = 0; i < found->len; i++) {
        Finding *f = &g_array_index (found, Finding, i);
        const VinvCheckRule *rule = self->rules->pdata[f->rule];
        const VinvSchema *schema = vinv_table_get_schema (f->table);
        const char *source = vinv_table_get_row_source (f->table, f->row);
        const char *id = vinv_table_get_row_id (f->table, f->row);
        int name_col = vinv_schema_lookup_column (schema, "name");
        const VinvCell *name = name_col >= 0 ? vinv_table_get_cell (f->table, f->row,
                                                                    (guint) name_col) : NULL;

        if (!f->dropped) {
            g_autofree char *finding_id = g_strdup_printf ("%s/%s", rule->id, id);
            guint r = vinv_table_add_row (findings, source, finding_id);
            vinv_table_set_string (findings, r, VINV_FINDING_SEVERITY,
                                   vinv_severity_name (f->severity));
            vinv_table_set_string (findings, r, VINV_FINDING_RULE, rule->id);
            vinv_table_set_string (findings, r, VINV_FINDING_TABLE, schema->id);
            vinv_table_set_ref (findings, r, VINV_FINDING_OBJECT,
                                name != NULL && name->kind == VINV_CELL_STRING ? name->v.s : id,
                                id);
            vinv_table_set_string (findings, r, VINV_FINDING_MESSAGE, f->message);
        }
        g_free (f->message);
    }
    return findings;
}

int
vinv_check_findings_worst (const VinvTable *findings)
{
    int worst = -1;
    for (guint r = 0; r < vinv_table_get_n_rows (findings); r++) {
        const VinvCell *cell = vinv_table_get_cell (findings, r, VINV_FINDING_SEVERITY);
        VinvSeverity s;
        if (cell->kind == VINV_CELL_STRING && vinv_severity_parse (cell->v.s, &s))
            worst = MAX (worst, (int) s);
    }
    return worst;
}

gboolean
vinv_check_findings_link (const VinvTable *findings, guint row, VinvTableKind *table,
                          char **filter)
{
    const VinvCell *t = vinv_table_get_cell (findings, row, VINV_FINDING_TABLE);
    const VinvCell *o = vinv_table_get_cell (findings, row, VINV_FINDING_OBJECT);
    const VinvSchema *schema = t->kind == VINV_CELL_STRING ? vinv_schema_lookup (t->v.s) : NULL;

    if (schema == NULL || o->kind != VINV_CELL_REF || o->v.ref->id == NULL)
        return FALSE;
    g_autofree char *re = g_regex_escape_string (o->v.ref->id, -1);
    GString *out = g_string_new ("id = \"");
    for (const char *p = re; *p; p++) {
        if (*p == '\\' || *p == '"')
            g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
    }
    g_string_append_c (out, '"');
    *table = vinv_schema_get_kind (schema);
    *filter = g_string_free (out, FALSE);
    return TRUE;
}
