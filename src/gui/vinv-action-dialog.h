/* vinv-action-dialog.h — VM actions in the window: the Actions menu, the
 * policy that greys it out, and the confirmation dialog that runs one.
 *
 * The menu (header-bar button and the rows' context menu) offers each
 * action of core/action.h as a window action "win.act-NAME" ("act-start",
 * "act-snapshot-delete", ...).  Choosing one takes the rows selected in the
 * table the action applies to (VMs, or Snapshots for snapshot-delete) and
 * opens the dialog: it lists exactly those rows and the action, asks for
 * the parameters (snapshot description and memory, migrate target), and
 * offers Rehearse (shows the plan, changes nothing, opens nothing) and
 * Run.  Run calls vinv_action_run() on a GTask thread; each finished item
 * is marshalled to the main loop into the per-row result column, and the
 * dialog emits "finished" at the end (the window then refreshes).
 *
 * Safety (DESIGN §14): actions are off unless the profile says
 * allow-actions = true, always off for read-only = true, and always off
 * when a loaded URI's back-end offers no actions (saved inventories).  The
 * menu is then insensitive with a tooltip that says why and how to enable.
 * Read-write back-ends are opened with the URIs and connect options the
 * window loaded with (vinv_window_get_uris(), vinv_window_get_options()).
 */
#pragma once

#include <gtk/gtk.h>
#include "core/action.h"
#include "core/config.h"
#include "vinv-window.h"

G_BEGIN_DECLS

/* ---- the policy and the menu ------------------------------------------- */

/* Why actions are off for a window that loaded @uris (may be NULL) under
 * @profile (may be NULL: none) with its configuration at @config_path (may
 * be NULL), as one line with the hint how to enable them; NULL when they
 * are allowed.  Owned by caller. */
char *vinv_actions_why_disabled (const char *const *uris, const VinvProfile *profile,
                                 const char *config_path);

/* Adds the win.act-* actions to @window and returns the header bar's
 * Actions button (a GtkMenuButton).  Call once, when building. */
GtkWidget *vinv_actions_install (VinvWindow *window);
/* The rows' context-menu section (same actions), owned by the window. */
GMenuModel *vinv_actions_get_menu (VinvWindow *window);
/* Re-reads the policy (profile, loaded URIs, loading state) and enables
 * or disables the actions, the button and its tooltip. */
void vinv_actions_update (VinvWindow *window);
/* The reason shown on the Actions button, or NULL when enabled. */
const char *vinv_actions_get_disabled_reason (VinvWindow *window);

/* Opens the dialog for @kind on the rows selected in the table @kind acts
 * on.  Returns the dialog (owned by GTK), or NULL after saying in the
 * window banner why not (actions off, nothing selected). */
GtkWidget *vinv_actions_open_dialog (VinvWindow *window, VinvActionKind kind);

/* ---- the dialog --------------------------------------------------------- */

#define VINV_TYPE_ACTION_DIALOG (vinv_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VinvActionDialog, vinv_action_dialog, VINV, ACTION_DIALOG, GtkWindow)

/* A dialog over @window for @kind on @items (of VinvActionItem, taken). */
GtkWidget *vinv_action_dialog_new (VinvWindow *window, VinvActionKind kind, GPtrArray *items);

VinvActionKind vinv_action_dialog_get_kind (VinvActionDialog *self);
guint vinv_action_dialog_get_n_items (VinvActionDialog *self);
/* Name shown for item @i (the VM, or "VM: snapshot"). */
const char *vinv_action_dialog_get_item_name (VinvActionDialog *self, guint i);
/* What the result column of item @i says: "" before anything, "would
 * become up" after a rehearsal, "running…", "done", "failed: REASON",
 * "timed out", "cancelled". */
const char *vinv_action_dialog_get_result_text (VinvActionDialog *self, guint i);
/* The text under the list (the plan after a rehearsal, the summary after
 * a run, or what is missing). */
const char *vinv_action_dialog_get_status_text (VinvActionDialog *self);

/* Fills the parameter fields as a user would. */
void vinv_action_dialog_set_parameters (VinvActionDialog *self, const char *description,
                                        gboolean memory, const char *host);
/* As the Rehearse button: shows the plan; opens and changes nothing. */
void vinv_action_dialog_rehearse (VinvActionDialog *self);
/* As the Run button.  FALSE (and the reason in the status) when a
 * parameter is missing or a run was already made. */
gboolean vinv_action_dialog_run (VinvActionDialog *self);
gboolean vinv_action_dialog_is_running (VinvActionDialog *self);
/* TRUE once a run has ended (every item has its final result). */
gboolean vinv_action_dialog_is_finished (VinvActionDialog *self);

G_END_DECLS
