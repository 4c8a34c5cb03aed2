/* vinv-window.h — the main window: one tab per table of the inventory.
 *
 * A sidebar lists the tables (with their row counts; while loading a
 * spinner until each table has arrived, an error icon on a table that
 * failed) and, last, Health (vinv-health.h: the health checks' findings,
 * counted by severity); the stack beside it holds one VinvTablePage per
 * table and the Health page.  Tables are shown as they arrive, on a
 * refresh too: each replaces the old one when it is complete, the rest of
 * the old data stays until then (and all of it if the refresh fails).  On
 * a first load the VMs table (or the first table asked for) is shown when
 * it comes; until then a "Loading VMs…" placeholder stands, and the tables
 * that came first are in the sidebar.
 * The header bar has back/forward (between link jumps), refresh, export
 * and the main menu (connect, demo, export, save configuration, open/save
 * a saved inventory and compare with one (vinv-compare.h), about, quit)
 * and the Actions menu
 * (vinv-action-dialog.h).  Loading runs in a worker thread (vinv-loader.h); an
 * old table stays on screen until its new one arrives, progress shows
 * under the header bar with a Cancel button, and errors show in the window
 * (a banner, or the empty-state page when there is nothing to show yet).
 * A first load shows the cached inventory of the same connections, marked
 * with its age, until the live tables replace it (vinv-cache.h).
 *
 * Actions (win.*): refresh <Ctrl>R, cancel-load, find <Ctrl>F (the
 * filter of the table shown; off on Health, which has none), export
 * <Ctrl>E, save-config <Ctrl>S, back <Alt>Left, forward <Alt>Right, the
 * act-* actions (vinv-action-dialog.h) and the saved-inventory ones
 * (vinv-compare.h).
 */
#pragma once

#include <gtk/gtk.h>
#include "core/backend.h"
#include "core/config.h"
#include "core/export.h"
#include "vinv-health.h"
#include "vinv-table-page.h"

G_BEGIN_DECLS

#define VINV_TYPE_WINDOW (vinv_window_get_type ())
G_DECLARE_FINAL_TYPE (VinvWindow, vinv_window, VINV, WINDOW, GtkApplicationWindow)

/* A window of @app using @config (the window keeps a reference; may be
 * NULL: nothing restored or saved).  Per-table settings are restored and
 * saved per connection (vinv_config_scope(): the profile set with
 * vinv_window_set_profile() when its URIs are what loads, else the URIs);
 * loading another connection keeps the old one's settings and starts over
 * with the new one's.  Installs the window's keyboard shortcuts on @app. */
VinvWindow *vinv_window_new (GtkApplication *app, VinvConfig *config);

/* Remembers @uris and @options (copied; the password only in memory) as
 * what refresh reloads, and starts loading them. */
void vinv_window_load (VinvWindow *self, const char *const *uris,
                       const VinvConnectOptions *options);
/* The profile the window's connections came from (copied; NULL: none).
 * Its read-only and allow-actions decide whether VM actions are offered
 * (vinv-action-dialog.h). */
void vinv_window_set_profile (VinvWindow *self, const VinvProfile *profile);
const VinvProfile *vinv_window_get_profile (VinvWindow *self);
/* The path of the configuration given at creation (for messages), or NULL. */
const char *vinv_window_get_config_path (VinvWindow *self);
/* What refresh reloads: the URIs (NULL before any load) and the connect
 * options (password included, never shown) — actions open read-write
 * back-ends with the same. */
const char *const *vinv_window_get_uris (VinvWindow *self);
const VinvConnectOptions *vinv_window_get_options (VinvWindow *self);

/* Reloads the remembered connections (does nothing without any). */
void vinv_window_refresh (VinvWindow *self);
void vinv_window_cancel_load (VinvWindow *self);
gboolean vinv_window_is_loading (VinvWindow *self);

/* Shows @inventory (taken over), keeping each page's columns, sort and
 * filter; the first time, restores the saved per-table settings. */
void vinv_window_set_inventory (VinvWindow *self, VinvInventory *inventory);
/* Like set_inventory, and remembers @uris/@options for refresh. */
void vinv_window_set_loaded (VinvWindow *self, VinvInventory *inventory,
                             const char *const *uris, const VinvConnectOptions *options);
const VinvInventory *vinv_window_get_inventory (VinvWindow *self);

/* The table to show when the first inventory arrives (default: the first). */
void vinv_window_set_first_table (VinvWindow *self, VinvTableKind kind);

/* The page of @kind, or NULL if the inventory has no such table. */
VinvTablePage *vinv_window_get_page (VinvWindow *self, VinvTableKind kind);
VinvTablePage *vinv_window_get_current_page (VinvWindow *self);
/* Pages in tab order: fills @out (VINV_TABLE_LAST entries), returns how many. */
guint vinv_window_list_pages (VinvWindow *self, VinvTablePage **out);
/* Switches to the tab of @kind.  Returns FALSE if there is none. */
gboolean vinv_window_show_table (VinvWindow *self, VinvTableKind kind);

/* Jumps to table @target with @filter applied, remembering where we were
 * for back().  Returns FALSE (and says why in the banner) if the inventory
 * has no such table. */
gboolean vinv_window_follow_link (VinvWindow *self, VinvTableKind target, const char *filter);
/* The same, the target page showing @filter as a removable chip reading
 * @label ("Disks of db-01"; NULL: the filter itself). */
gboolean vinv_window_follow_link_labelled (VinvWindow *self, VinvTableKind target,
                                          const char *filter, const char *label);
/* The Health page (vinv-health.h): its findings are re-run whenever an
 * inventory is shown.  show_health switches to it; FALSE when there is
 * no inventory yet. */
VinvHealthPage *vinv_window_get_health_page (VinvWindow *self);
gboolean vinv_window_show_health (VinvWindow *self);
/* The sidebar row of table @kind (vinv-sidebar.h: title, count, loading
 * spinner, error icon), or NULL. */
GtkWidget *vinv_window_get_sidebar_row (VinvWindow *self, VinvTableKind kind);

/* Shows the @n-th table of the sidebar (0-based; Ctrl+1…9).  Returns
 * FALSE if there is none. */
gboolean vinv_window_show_nth_table (VinvWindow *self, int n);
/* Opens the Keyboard Shortcuts window (F1, Ctrl+?) and returns it. */
GtkWindow *vinv_window_show_shortcuts (VinvWindow *self);
/* The status line: "Loaded 14:02 in 1.4 s" ("" before the first load). */
const char *vinv_window_get_loaded_text (VinvWindow *self);
gboolean vinv_window_can_go_back (VinvWindow *self);
gboolean vinv_window_can_go_forward (VinvWindow *self);
void vinv_window_go_back (VinvWindow *self);
void vinv_window_go_forward (VinvWindow *self);

/* Stores every page's columns, sort and filter in the config and saves it.
 * FALSE with @error if it could not be written (or there is no config). */
gboolean vinv_window_save_config (VinvWindow *self, GError **error);

/* Exports tables @kinds (n of them; the current one when @n is 0) in
 * @format to @dest (see vinv_exporter_write_async() for file vs folder),
 * either what each page shows or everything. */
void vinv_window_export_async (VinvWindow *self, const VinvTableKind *kinds, guint n,
                               VinvExportFormat format, gboolean everything, GFile *dest,
                               GCancellable *cancellable,
                               GAsyncReadyCallback callback, gpointer user_data);
gboolean vinv_window_export_finish (VinvWindow *self, GAsyncResult *result,
                                    char **summary, GError **error);

/* The window-wide message shown in the banner (a load or export result),
 * or NULL. */
const char *vinv_window_get_message (VinvWindow *self);
void vinv_window_show_message (VinvWindow *self, const char *message, gboolean is_error);
/* What the empty state says: its title ("Could not connect", "Loading
 * cancelled.") and the detail under it (the error message, progress). */
const char *vinv_window_get_status_text (VinvWindow *self);
const char *vinv_window_get_status_detail (VinvWindow *self);
/* Progress text shown while loading ("" when idle). */
const char *vinv_window_get_progress_text (VinvWindow *self);

G_END_DECLS
