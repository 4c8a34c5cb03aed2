/* check.h — health checks: rules written in the filter language, and the
 * Findings table they produce (DESIGN.md section 12, docs/health-checks.md).
 *
 * A rule is data: a table, a filter with {threshold} placeholders, a
 * severity, a message template with {column} and {threshold}
 * placeholders, named thresholds, and optionally a group (of the rules in
 * one group, an object is reported once, by the most severe).  The
 * built-in rules live in one data file (data/checks/rules.ini, installed
 * with the program); a user's config.ini overrides them and adds rules in
 * [check NAME] sections.  Both are read here, line by line, so every
 * problem is reported with FILE:LINE; a broken rule is skipped and the
 * rest run.
 *
 * A rule is evaluated through a view of its table with the filter set
 * exactly as `show TABLE -f FILTER` does, so a check can never disagree
 * with the table it reports on.  The result is only the exceptions: one
 * Findings row per matching object.
 */
#pragma once

#include "view.h"

G_BEGIN_DECLS

typedef enum {
    VINV_SEVERITY_INFO,
    VINV_SEVERITY_WARNING,
    VINV_SEVERITY_CRITICAL,
} VinvSeverity;

/* "info", "warning", "critical". */
const char *vinv_severity_name (VinvSeverity severity);
/* Parses a severity name (any case).  Returns FALSE if it is none. */
gboolean vinv_severity_parse (const char *text, VinvSeverity *out);

/* One rule, as loaded.  Strings are owned by the rule set. */
typedef struct {
    char *id;
    char *table;                 /* a table id ("storage_domains") */
    VinvSeverity severity;
    char *filter;                /* with {threshold} placeholders */
    char *message;               /* with {column} / {threshold} placeholders */
    char *description;           /* one line, or NULL */
    char *group;                 /* or NULL */
    gboolean enabled;
    char **threshold_names;      /* NULL-terminated, in file order */
    char **threshold_values;     /* same length: the values as written */
    char *origin;                /* "rules.ini:12", "+ config.ini:40" when overridden */
} VinvCheckRule;

typedef struct _VinvCheckSet VinvCheckSet;

/* The path of the built-in rules: $VINV_CHECKS_FILE if set, else the
 * source tree's data/checks/rules.ini when running from the build tree,
 * else the installed one.  Owned by caller. */
char *vinv_check_dup_builtin_path (void);

/* Loads the rules of @builtin_path, then the [check NAME] sections of
 * @config_path (NULL or a missing file: none).  Every problem — a section
 * that names no table, a filter that does not compile, a placeholder that
 * names nothing, an unknown severity, a line that is not key=value — is
 * appended to @warnings (may be NULL) as one line "FILE:LINE: [check NAME]
 * what", and that section is skipped (an override leaves the built-in rule
 * as it was).  Returns NULL with @error only when @builtin_path cannot be
 * read. */
VinvCheckSet *vinv_check_set_load (const char *builtin_path, const char *config_path,
                                   GPtrArray *warnings, GError **error);
void vinv_check_set_free (VinvCheckSet *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvCheckSet, vinv_check_set_free)

guint vinv_check_set_get_n_rules (const VinvCheckSet *self);
const VinvCheckRule *vinv_check_set_get_rule (const VinvCheckSet *self, guint i);
/* The rule with id @id (exactly), or NULL. */
const VinvCheckRule *vinv_check_set_lookup (const VinvCheckSet *self, const char *id);

/* The rule's filter with its thresholds put in.  Owned by caller. */
char *vinv_check_rule_dup_filter (const VinvCheckRule *rule);
/* "min_free=15%, max=4" (empty when none).  Owned by caller. */
char *vinv_check_rule_dup_thresholds (const VinvCheckRule *rule);

/* True if the rule can say something about @inventory: its table is there
 * and every column its filter reads is available
 * (vinv_inventory_column_available()).  A rule about a column no open
 * back-end fills would otherwise report every row (`x is empty`) or none. */
gboolean vinv_check_rule_applies (const VinvCheckRule *rule, const VinvInventory *inventory);

/* The columns of the Findings table. */
typedef enum {
    VINV_FINDING_SOURCE,
    VINV_FINDING_ID,
    VINV_FINDING_SEVERITY,
    VINV_FINDING_RULE,
    VINV_FINDING_TABLE,
    VINV_FINDING_OBJECT,         /* reference to the object's row (id) in TABLE */
    VINV_FINDING_MESSAGE,
    VINV_FINDING_N_COLUMNS
} VinvFindingColumn;

const VinvSchema *vinv_check_findings_schema (void);

/* Runs the rules named in @only (NULL-terminated ids; NULL: every enabled
 * rule) that apply to @inventory, and returns the Findings table: one row
 * per object a rule's filter keeps, most severe first, then in rule order,
 * then in table order; within a group an object is reported once, by its
 * most severe rule.  A rule whose table failed to load is skipped with a
 * line in @warnings and sets *@incomplete.  @only must name rules of
 * @self.  Owned by caller. */
VinvTable *vinv_check_run (const VinvCheckSet *self, const VinvInventory *inventory,
                           const char *const *only, GPtrArray *warnings,
                           gboolean *incomplete);

/* The most severe finding in @findings, or -1 when there is none. */
int vinv_check_findings_worst (const VinvTable *findings);

/* Where finding @row points: the table and a filter (`id = "..."`) that
 * selects its object, as vinv_view_link_filter() does for link cells.
 * *filter owned by caller.  FALSE if the row points nowhere. */
gboolean vinv_check_findings_link (const VinvTable *findings, guint row,
                                   VinvTableKind *table, char **filter);

G_END_DECLS
