/* gui-test-util.h — what the GUI test programs (tests/gui) share: setting
 * a program up under Xvfb (run-xvfb.sh) with a private configuration and
 * the demo, waiting for windows to load and paint, and finding pages,
 * rows, columns, widgets and shortcuts in them.
 *
 * Waiting is always for a condition with a deadline (DEADLINE_MS), never
 * for a time.  Helpers that look something up assert that it is there.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/demo.h"
#include "vinv-app.h"
#include "vinv-cell-text.h"
#include "vinv-gui-util.h"
#include "vinv-row-model.h"

G_BEGIN_DECLS

/* How long a wait may take before the test fails (a loaded machine). */
#define DEADLINE_MS 60000

/* The test program's application (gui_test_start_app()). */
extern VinvApp *app;

/* Sets a GUI test program up: g_test_init(), the cairo renderer, no
 * accessibility bus, GSettings in memory, XDG_CONFIG_HOME in a new
 * temporary directory named after @name and XDG_CACHE_HOME in its
 * "cache", GTK with a steady cursor and no animations, the libvirt
 * back-end, and the demo
 * (tests/gui/data when none is installed).  Returns the temporary
 * directory (owned by caller), or NULL when no X server could be opened:
 * a TAP skip line was printed and the program returns 0. */
char *gui_test_init (int *argc, char ***argv, const char *name);
/* Makes and registers `app`, with the configuration file @config_path. */
void gui_test_start_app (const char *config_path);
/* Runs the tests, then closes the demo window (if one was made) and
 * releases `app`; returns g_test_run()'s status. */
int gui_test_run (void);

/* Conditions for vinv_wait_until() on a VinvWindow. */
gboolean not_loading (gpointer window);
gboolean health_done (gpointer window);
/* Waits for @window's load and the health checks it started. */
void wait_loaded (VinvWindow *window);
/* Waits until @widget's window painted three more frames. */
void frames (GtkWidget *widget);
/* Runs a nested main loop until @cancellable is cancelled (a fake
 * back-end's fetch that waits to be cancelled, on its worker thread). */
void wait_cancelled (GCancellable *cancellable);

/* The demo's URIs (owned by caller). */
char **demo_uris (void);
/* A new window of `app`, presented, showing the demo, loaded. */
VinvWindow *new_demo_window (void);
/* One such window shared by the program's tests (closed by gui_test_run()). */
VinvWindow *get_demo_window (void);
/* A new window loading @uris through @profile (may be NULL) with
 * @password (may be NULL), presented and loaded. */
VinvWindow *load_window (const char *const *uris, const VinvProfile *profile,
                         const char *password);

/* The page of table @kind (asserted to exist), its table, its row model's
 * size, the table row at model position @i, a string cell or NULL. */
VinvTablePage *page_of (VinvWindow *window, VinvTableKind kind);
VinvTable *table_of (VinvTablePage *page);
guint n_model (VinvTablePage *page);
guint model_row (VinvTablePage *page, guint i);
const char *string_cell (VinvTable *table, guint row, guint col);

/* The column of @cv titled @title, or NULL (the column view keeps it). */
GtkColumnViewColumn *column_titled (GtkColumnView *cv, const char *title);
/* The first widget of @type under @root (itself included), or NULL. */
GtkWidget *find_type (GtkWidget *root, GType type);
/* The mapped widgets under @root with CSS class @css, into @out. */
void collect_marked (GtkWidget *root, const char *css, GPtrArray *out);
/* For vinv_wait_until() on a VinvWindow doing a Compare, a dialog connecting. */
gboolean compare_idle (gpointer window);
gboolean dialog_idle (gpointer dialog);
/* Runs the shortcut of @widget's shortcut controllers that @accel
 * triggers (either half of an alternative trigger), as pressing the keys
 * does; returns what its action returned.  Asserts there is one. */
gboolean run_shortcut (GtkWidget *widget, const char *accel);
/* Saves @window as @dir/@name after the next frames. */
void save_shot (VinvWindow *window, const char *dir, const char *name);

G_END_DECLS
