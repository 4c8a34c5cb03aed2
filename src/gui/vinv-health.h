/* vinv-health.h — the window's Health page: the findings of the health
 * checks (DESIGN.md section 12) on the inventory shown, and their entry in
 * the sidebar with counts by severity.
 *
 * The findings are exactly those of `virt-inventory check`: the rules are
 * loaded and run by the core (core/check.h) — the built-in rules file,
 * then the [check NAME] sections of the configuration in use — and the
 * page only shows the Findings table through a core view.  Nothing is
 * evaluated here.
 *
 * The sidebar row ("Health  2 ⛔ 5 ⚠") is the page's own
 * (vinv_health_page_get_sidebar_row()); the window adds it to its sidebar.
 * A double-click or Enter on a finding emits "finding-activated" with the
 * object's table, a filter that selects it and a label for the chip
 * ("Storage domains: iso-data"); the window follows it as a link.
 *
 * Signals:
 *   "finding-activated" (guint table_kind, const char *filter,
 *                        const char *label)
 */
#pragma once

#include <gtk/gtk.h>
#include "core/check.h"

G_BEGIN_DECLS

#define VINV_TYPE_HEALTH_PAGE (vinv_health_page_get_type ())
G_DECLARE_FINAL_TYPE (VinvHealthPage, vinv_health_page, VINV, HEALTH_PAGE, GtkBox)

/* A page showing nothing yet; its sidebar row has key @row_key. */
GtkWidget *vinv_health_page_new (int row_key);
GtkWidget *vinv_health_page_get_sidebar_row (VinvHealthPage *self);

/* Runs every enabled rule that applies on @inventory with the rules of
 * the built-in file and of @config_path (NULL: none), as `virt-inventory
 * check` does, in a worker thread, and then shows the findings (the
 * loading spinner turns meanwhile; a later run wins over an earlier one).
 * @inventory is only read; the run takes its own reference, so it may be
 * freed meanwhile (after vinv_health_page_forget_inventory()).  Problems with the
 * rules (a broken user rule, with FILE:LINE) and rules skipped because
 * their table failed show in the page's banner. */
void vinv_health_page_run (VinvHealthPage *self, const VinvInventory *inventory,
                           const char *config_path);
/* The window is about to free @inventory (may be NULL): the page stops
 * using it for table titles.  A run still reading it holds a reference. */
void vinv_health_page_forget_inventory (VinvHealthPage *self, const VinvInventory *inventory);
/* Forgets the findings (the inventory is going away). */
void vinv_health_page_clear (VinvHealthPage *self);
/* A spinner in the sidebar row while the inventory is (re)loading or the
 * checks run; the old findings stay until the run ends. */
void vinv_health_page_set_loading (VinvHealthPage *self, gboolean loading);
gboolean vinv_health_page_get_loading (VinvHealthPage *self);

/* The findings shown (borrowed), or NULL before a run. */
VinvTable *vinv_health_page_get_findings (VinvHealthPage *self);
/* How many findings of @severity. */
guint vinv_health_page_get_count (VinvHealthPage *self, VinvSeverity severity);
/* What the sidebar row says after the title ("2 critical, 5 warnings",
 * "no findings"), as its tooltip. */
const char *vinv_health_page_get_summary (VinvHealthPage *self);
/* The banner text, or NULL. */
const char *vinv_health_page_get_banner (VinvHealthPage *self);
/* The row model of the list (one VinvRowItem per finding), borrowed. */
GListModel *vinv_health_page_get_model (VinvHealthPage *self);
GtkColumnView *vinv_health_page_get_column_view (VinvHealthPage *self);
/* Seconds the last run took. */
double vinv_health_page_get_run_seconds (VinvHealthPage *self);

/* What a double-click or Enter on finding @position does: emits
 * "finding-activated".  FALSE if the finding points nowhere. */
gboolean vinv_health_page_activate (VinvHealthPage *self, guint position);

G_END_DECLS
