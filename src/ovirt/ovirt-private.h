/* ovirt-private.h — the oVirt back-end instance, shared by backend.c
 * (open, fetch, close) and actions.c (VM actions).  Not for front ends.
 */
#pragma once

#include "auth.h"
#include "core/backend.h"
#include "core/secret.h"
#include "fetch-plan.h"
#include "http.h"

G_BEGIN_DECLS

/* One open engine connection.  Invariant: from open() to close(), @http and
 * @auth exist, and @auth holds a token until @logout starts (then the
 * logout thread alone uses @http and @auth, until close() joins it). */
typedef struct {
    VinvBackend parent;          /* must be first */
    char *root;                  /* http(s)://HOST[:PORT]/ovirt-engine */
    char *api;                   /* root + "/api" */
    VinvHttp *http;
    VinvOvirtAuth *auth;
    VinvFetchStrategy strategy;
    gboolean interactive;        /* VinvConnectOptions.interactive */
    gboolean fetch_once;         /* VinvConnectOptions.fetch_once */
    VinvSecretThread *logout;    /* logging out since the fetch's data came
                                  * in (fetch_once), or NULL */
} OvirtBackend;

/* The string member @key of the top-level object of the action reply
 * @json (@len bytes; read up to the first NUL byte), decoded and newly
 * allocated; NULL when the reply is not one well-formed JSON object, has no
 * such key, or its value is not a valid UTF-8 string.  A key given twice:
 * the first decides.  (actions.c; exposed for tests/ovirt/test-ovirt-actions.c.) */
char *vinv_ovirt_dup_json_member (const char *json, gsize len, const char *key);

/* The VM actions of the oVirt back-end (actions.c). */
extern const VinvBackendActions vinv_ovirt_actions;

G_END_DECLS
