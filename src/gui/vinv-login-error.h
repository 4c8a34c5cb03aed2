/* vinv-login-error.h — a failed connection said in one sentence.
 *
 * The back-ends' messages are exact but long ("http://e/ovirt-engine:
 * cannot get an SSO token: POST …: Failed to connect to e port 443 after
 * 0 ms: Couldn't connect to server, after retries").  The Connect dialog
 * shows one readable sentence ("Cannot reach e: connection refused."),
 * keeps the message as the detail, and puts the cursor in the field that
 * fixes it.  The sentence is built from the error's code
 * (VinvBackendErrorCode) and the host of the URI; only the short reason
 * of an unreachable host is read from the message.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The field of the Connect dialog to fix. */
typedef enum {
    VINV_LOGIN_FIELD_URI,
    VINV_LOGIN_FIELD_USER,
    VINV_LOGIN_FIELD_PASSWORD,
    VINV_LOGIN_FIELD_CA_FILE,
} VinvLoginField;

/* One sentence (ending with '.') for @error, a load of @uris (at least one)
 * that failed, with or without @had_password.  *field is the field to fix.
 * Owned by caller. */
char *vinv_login_error_sentence (const GError *error, const char *const *uris,
                                 gboolean had_password, VinvLoginField *field);

G_END_DECLS
