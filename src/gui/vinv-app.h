/* vinv-app.h — the GtkApplication of virt-inventory-gtk.
 *
 * Parses the command line (-c URI..., -u, --ca-file, --insecure, --profile,
 * --demo, --config; hidden: --bench-rows N, --screenshot FILE), loads the
 * configuration, installs the style sheet, and opens either the login
 * dialog (no connection given) or a main window that loads at once.  App
 * actions: connect, demo, about, quit.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/config.h"
#include "vinv-window.h"

G_BEGIN_DECLS

#define VINV_TYPE_APP (vinv_app_get_type ())
G_DECLARE_FINAL_TYPE (VinvApp, vinv_app, VINV, APP, GtkApplication)

VinvApp *vinv_app_new (void);

/* The configuration in use (loaded by the command line handler, or set
 * here by tests).  set takes over the caller's reference and drops the
 * app's to the old one: windows and dialogs opened before keep theirs
 * (and keep using the old config), new ones use @config. */
VinvConfig *vinv_app_get_config (VinvApp *self);
void vinv_app_set_config (VinvApp *self, VinvConfig *config);

/* A new main window of the app, not yet loading anything. */
VinvWindow *vinv_app_new_window (VinvApp *self);

/* Opens the login dialog over @parent (may be NULL); a successful
 * connection loads into @parent, or into a new window when NULL. */
GtkWidget *vinv_app_show_login (VinvApp *self, VinvWindow *parent);

/* Installs the application style sheet on the default display (once). */
void vinv_app_install_css (void);

G_END_DECLS
