/* vinv-login-dialog.h — the Connect dialog.
 *
 * Saved profiles (config.h), the URI(s) (an oVirt engine or any libvirt
 * URI; several separated by spaces), user, password (kept in memory only,
 * never saved), CA file or "insecure", an optional "save as profile", and
 * "Open Demo".  Connecting loads the inventory right here, in the
 * background (vinv-loader.h), with a spinner and a Cancel button; when it
 * fails the error is shown in the dialog as one sentence with the detail
 * expandable, the cursor goes to the field to fix, and the user can
 * correct and retry.  When it succeeds the dialog calls its done-callback with the
 * inventory and closes.
 */
#pragma once

#include <gtk/gtk.h>
#include "core/backend.h"
#include "core/config.h"

G_BEGIN_DECLS

#define VINV_TYPE_LOGIN_DIALOG (vinv_login_dialog_get_type ())
G_DECLARE_FINAL_TYPE (VinvLoginDialog, vinv_login_dialog, VINV, LOGIN_DIALOG, GtkWindow)

/* Called once a connection loaded: @inventory is the callee's, @uris and
 * @options are borrowed (copy them to refresh later). */
typedef void (*VinvLoginDoneFunc) (VinvLoginDialog *dialog, VinvInventory *inventory,
                                   const char *const *uris,
                                   const VinvConnectOptions *options,
                                   gpointer user_data);

/* A dialog for @app listing the profiles of @config (the dialog keeps a
 * reference; may be NULL), with the profile last connected through
 * preselected (else the default profile) and the cursor in its password
 * field.  @parent may be NULL. */
GtkWidget *vinv_login_dialog_new (GtkApplication *app, GtkWindow *parent, VinvConfig *config,
                                  VinvLoginDoneFunc done, gpointer user_data);

/* Fills the fields (NULL leaves one as it is) and shows @message (may be
 * NULL) where errors go. */
void vinv_login_dialog_prefill (VinvLoginDialog *self, const char *uris, const char *user,
                                const char *ca_file, gboolean insecure, const char *message);
/* Selects saved profile @name and fills the fields from it.  FALSE if
 * there is no such profile. */
gboolean vinv_login_dialog_select_profile (VinvLoginDialog *self, const char *name);
void vinv_login_dialog_set_password (VinvLoginDialog *self, const char *password);

/* What the Connect and Open Demo buttons do. */
void vinv_login_dialog_connect (VinvLoginDialog *self);
void vinv_login_dialog_open_demo (VinvLoginDialog *self);
/* Cancels a connection in progress. */
void vinv_login_dialog_cancel (VinvLoginDialog *self);

gboolean vinv_login_dialog_is_busy (VinvLoginDialog *self);
/* The error shown in the dialog (one sentence), or NULL. */
const char *vinv_login_dialog_get_error (VinvLoginDialog *self);
/* The back-end's message under "Details" of a failed connection, or NULL. */
const char *vinv_login_dialog_get_error_detail (VinvLoginDialog *self);
/* The field that has the keyboard focus: "uri", "user", "password",
 * "ca-file", or NULL (another widget, or none). */
const char *vinv_login_dialog_get_focus_field (VinvLoginDialog *self);
const char *vinv_login_dialog_get_uri_text (VinvLoginDialog *self);
const char *vinv_login_dialog_get_user_text (VinvLoginDialog *self);
/* The profile name of the last connection (the "save as" field), or NULL. */
const char *vinv_login_dialog_get_profile_name (VinvLoginDialog *self);

G_END_DECLS
