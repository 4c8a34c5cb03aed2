/* auth.h — oVirt SSO: getting, renewing and revoking a bearer token.
 *
 * The engine's SSO service hands out a token for user@profile and password
 * (POST /ovirt-engine/sso/oauth/token, form body, Accept: application/json
 * exactly, scope=ovirt-app-api); API requests carry it as
 * "Authorization: Bearer TOKEN"; an expired token shows as a 401, after
 * which a new one is fetched once; vinv_ovirt_auth_logout() revokes it
 * (/ovirt-engine/services/sso-logout).
 *
 * The password is kept (to renew the token) in memory owned here and wiped
 * when the auth is freed; it never appears in an error message.  Requests
 * go through the caller's VinvHttp.
 */
#pragma once

#include "http.h"

G_BEGIN_DECLS

typedef struct _VinvOvirtAuth VinvOvirtAuth;

/* @engine_root is "https://HOST[:PORT]/ovirt-engine" (no trailing slash).
 * @user and @password are copied. */
VinvOvirtAuth *vinv_ovirt_auth_new (const char *engine_root, const char *user,
                                    const char *password);
/* Wipes the password and token and frees.  Does not revoke: call
 * vinv_ovirt_auth_logout() first. */
void vinv_ovirt_auth_free (VinvOvirtAuth *self);

typedef void (*VinvOvirtAuthDone) (gpointer user_data, const GError *error);

/* Submits a token request on @http; @done runs (from vinv_http_run()) with
 * NULL on success or a one-line error: VINV_BACKEND_ERROR_AUTH for refused
 * credentials, CONNECT/TLS for transport, PROTOCOL for anything else. */
void vinv_ovirt_auth_request_token (VinvOvirtAuth *self, VinvHttp *http,
                                    VinvOvirtAuthDone done, gpointer user_data);

/* Gets a token synchronously (runs @http until idle: call it when nothing
 * else is queued). */
gboolean vinv_ovirt_auth_login (VinvOvirtAuth *self, VinvHttp *http,
                                GCancellable *cancellable, GError **error);

/* "Authorization: Bearer TOKEN", or NULL before the first token.  Borrowed;
 * changes when the token is renewed. */
const char *vinv_ovirt_auth_get_header (const VinvOvirtAuth *self);

/* Counts tokens obtained: requests sent with an older generation's header
 * that get a 401 need no new token, only a resend. */
guint vinv_ovirt_auth_get_generation (const VinvOvirtAuth *self);

/* Revokes the token (best effort, synchronous, no retry) and forgets it. */
void vinv_ovirt_auth_logout (VinvOvirtAuth *self, VinvHttp *http);

/* Appends @s to @out form-encoded (application/x-www-form-urlencoded). */
void vinv_form_encode (GString *out, const char *s);

G_END_DECLS
