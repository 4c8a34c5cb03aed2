/* auth.c — oVirt SSO tokens (see auth.h and shared/OVIRT-API.md).
 *
 * The token response is parsed with the stream mapper like every other
 * document (a one-record spec); it may be an object or a one-element array.
 * Refusals are HTTP 400 with {"error_code", "error"} or {"error",
 * "error_description"}: they become one AUTH line naming the user and what
 * the engine said.  Memory that held the password or the token is wiped
 * with vinv_secure_wipe() before it is freed.
 */
#include "auth.h"

#include <string.h>

#include "core/backend.h"
#include "json-map.h"

struct _VinvOvirtAuth {
    char *root;              /* https://HOST[:PORT]/ovirt-engine */
    char *user;
    char *password;          /* secret */
    char *header;            /* "Authorization: Bearer TOKEN", secret */
    char *token;             /* secret */
    guint generation;
};

static void
wipe_free (char **s)
{
    if (*s != NULL) {
        vinv_secure_wipe (*s, strlen (*s));
        g_clear_pointer (s, g_free);
    }
}

VinvOvirtAuth *
vinv_ovirt_auth_new (const char *engine_root, const char *user, const char *password)
{
    VinvOvirtAuth *self = g_new0 (VinvOvirtAuth, 1);
    self->root = g_strdup (engine_root);
    self->user = g_strdup (user != NULL ? user : "");
    self->password = g_strdup (password != NULL ? password : "");
    return self;
}

void
vinv_ovirt_auth_free (VinvOvirtAuth *self)
{
    if (self == NULL)
        return;
    wipe_free (&self->password);
    wipe_free (&self->header);
    wipe_free (&self->token);
    g_free (self->root);
    g_free (self->user);
    g_free (self);
}

const char *
vinv_ovirt_auth_get_header (const VinvOvirtAuth *self)
{
    return self->header;
}

guint
vinv_ovirt_auth_get_generation (const VinvOvirtAuth *self)
{
    return self->generation;
}

void
vinv_form_encode (GString *out, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *) s; *p != '\0'; p++) {
        if (g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
            g_string_append_c (out, (char) *p);
        } else {
            g_string_append_c (out, '%');
            g_string_append_c (out, hex[*p >> 4]);
            g_string_append_c (out, hex[*p & 15]);
        }
    }
}

/* Frees a GString that held a secret. */
static void
secret_string_free (GString *s)
{
    vinv_secure_wipe (s->str, s->allocated_len);
    g_string_free (s, TRUE);
}

/* ---- the token document ---------------------------------------------------------- */

enum { TK_ACCESS_TOKEN, TK_EXP, TK_ERROR, TK_ERROR_CODE, TK_ERROR_DESCRIPTION, TK_LAST };

typedef struct {
    char *token;             /* secret */
    char *error;
    char *error_code;
    char *description;
} TokenReply;

static void
token_close (VinvRecord *r, gpointer user_data)
{
    TokenReply *reply = user_data;
    reply->token = g_strdup (vinv_record_get (r, TK_ACCESS_TOKEN));
    reply->error = g_strdup (vinv_record_get (r, TK_ERROR));
    reply->error_code = g_strdup (vinv_record_get (r, TK_ERROR_CODE));
    reply->description = g_strdup (vinv_record_get (r, TK_ERROR_DESCRIPTION));
}

static const VinvFieldSpec token_fields[] = {
    { "access_token", TK_ACCESS_TOKEN, NULL },
    { "exp", TK_EXP, NULL },
    { "error", TK_ERROR, NULL },
    { "error_code", TK_ERROR_CODE, NULL },
    { "error_description", TK_ERROR_DESCRIPTION, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec token_spec = {
    "token", TK_LAST, token_fields, token_close, NULL
};

static void
token_reply_clear (TokenReply *reply)
{
    wipe_free (&reply->token);
    g_clear_pointer (&reply->error, g_free);
    g_clear_pointer (&reply->error_code, g_free);
    g_clear_pointer (&reply->description, g_free);
}

/* Parses a complete token (or error) body; FALSE if it is not JSON. */
static gboolean
parse_token_reply (const char *body, gsize len, TokenReply *reply)
{
    g_autoptr (VinvJsonParser) p = vinv_json_parser_new (&token_spec, reply);
    return body != NULL && vinv_json_parser_feed (p, body, len, NULL)
           && vinv_json_parser_finish (p, NULL);
}

/* ---- requesting a token ------------------------------------------------------------ */

typedef struct {
    VinvOvirtAuth *auth;
    GByteArray *body;        /* 200 body: holds the token, wiped */
    VinvOvirtAuthDone done;
    gpointer user_data;
} TokenRequest;

static VinvHttpBodyStatus
token_body (gpointer user_data, const char *data, gsize len, GError **error)
{
    TokenRequest *tr = user_data;
    if (tr->body->len + len > 1024 * 1024) {
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                             "token response too large");
        return VINV_HTTP_BODY_ERROR;
    }
    g_byte_array_append (tr->body, (const guint8 *) data, (guint) len);
    return VINV_HTTP_BODY_OK;
}

static void
token_restart (gpointer user_data)
{
    TokenRequest *tr = user_data;
    vinv_secure_wipe (tr->body->data, tr->body->len);
    g_byte_array_set_size (tr->body, 0);
}

/* Takes @reply's token as the current one. */
static void
adopt_token (VinvOvirtAuth *self, TokenReply *reply)
{
    wipe_free (&self->token);
    wipe_free (&self->header);
    self->token = g_steal_pointer (&reply->token);
    self->header = g_strconcat ("Authorization: Bearer ", self->token, NULL);
    self->generation++;
}

static GError *
refusal_error (VinvOvirtAuth *self, const TokenReply *reply, guint status)
{
    const char *why = reply->description != NULL ? reply->description
                    : reply->error != NULL ? reply->error
                    : reply->error_code != NULL ? reply->error_code
                    : "credentials refused";
    g_autofree char *line = g_strdup (why);
    g_strdelimit (line, "\r\n", ' ');
    g_strstrip (line);
    return g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                        "authentication of %s failed (HTTP %u): %s",
                        self->user, status, line);
}

static void
token_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    TokenRequest *tr = user_data;
    VinvOvirtAuth *self = tr->auth;
    g_autoptr (GError) failure = NULL;
    TokenReply reply = { 0 };

    if (error != NULL) {
        failure = g_error_copy (error);
        g_prefix_error (&failure, "cannot get an SSO token: ");
    } else if (response->status == 200) {
        if (parse_token_reply ((const char *) tr->body->data, tr->body->len, &reply)
            && reply.token != NULL && reply.token[0] != '\0') {
            adopt_token (self, &reply);
        } else if (reply.error != NULL || reply.error_code != NULL) {
            failure = refusal_error (self, &reply, response->status);
        } else {
            failure = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                                   "the SSO token response of %s has no access_token",
                                   self->root);
        }
    } else if (response->status == 400 || response->status == 401
               || response->status == 403) {
        parse_token_reply (response->body, response->body_len, &reply);
        failure = refusal_error (self, &reply, response->status);
    } else if (response->status == 404) {
        failure = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                               "no oVirt SSO service at %s/sso/oauth/token (HTTP 404): "
                               "is this an oVirt engine?", self->root);
    } else {
        failure = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                               "the SSO service of %s answered HTTP %u",
                               self->root, response->status);
    }
    token_reply_clear (&reply);
    vinv_secure_wipe (tr->body->data, tr->body->len);
    g_byte_array_unref (tr->body);
    if (tr->done != NULL)
        tr->done (tr->user_data, failure);
    g_free (tr);
}

void
vinv_ovirt_auth_request_token (VinvOvirtAuth *self, VinvHttp *http, VinvOvirtAuthDone done,
                               gpointer user_data)
{
    static const VinvHttpCallbacks callbacks = {
        NULL, token_body, token_restart, token_done
    };
    g_autofree char *url = g_strconcat (self->root, "/sso/oauth/token", NULL);
    VinvHttpRequest *req = vinv_http_request_new ("POST", url);
    TokenRequest *tr = g_new0 (TokenRequest, 1);
    GString *form = g_string_sized_new (256);

    tr->auth = self;
    tr->body = g_byte_array_new ();
    tr->done = done;
    tr->user_data = user_data;

    g_string_append (form, "grant_type=password&scope=ovirt-app-api&username=");
    vinv_form_encode (form, self->user);
    g_string_append (form, "&password=");
    vinv_form_encode (form, self->password);
    vinv_http_request_set_body (req, form->str, form->len,
                                "application/x-www-form-urlencoded", TRUE);
    secret_string_free (form);
    /* the engine rejects any other Accept value, even with a charset */
    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    vinv_http_request_set_urgent (req);
    vinv_http_request_set_callbacks (req, &callbacks, tr);
    vinv_http_submit (http, req);
}

typedef struct {
    GError *error;
    gboolean finished;
} LoginWait;

static void
login_done (gpointer user_data, const GError *error)
{
    LoginWait *w = user_data;
    w->finished = TRUE;
    if (error != NULL)
        w->error = g_error_copy (error);
}

gboolean
vinv_ovirt_auth_login (VinvOvirtAuth *self, VinvHttp *http, GCancellable *cancellable,
                       GError **error)
{
    LoginWait w = { 0 };

    vinv_ovirt_auth_request_token (self, http, login_done, &w);
    if (!vinv_http_run (http, cancellable, error)) {
        g_clear_error (&w.error);
        return FALSE;
    }
    if (w.error != NULL) {
        g_propagate_error (error, w.error);
        return FALSE;
    }
    return TRUE;
}

void
vinv_ovirt_auth_logout (VinvOvirtAuth *self, VinvHttp *http)
{
    static const VinvHttpCallbacks callbacks = { NULL, NULL, NULL, NULL };

    if (self->token == NULL)
        return;
    g_autofree char *url = g_strconcat (self->root, "/services/sso-logout", NULL);
    VinvHttpRequest *req = vinv_http_request_new ("POST", url);
    GString *form = g_string_new ("scope=ovirt-app-api&token=");
    vinv_form_encode (form, self->token);
    vinv_http_request_set_body (req, form->str, form->len,
                                "application/x-www-form-urlencoded", TRUE);
    secret_string_free (form);
    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    vinv_http_request_set_no_retry (req);
    vinv_http_request_set_callbacks (req, &callbacks, NULL);
    vinv_http_submit (http, req);
    vinv_http_run (http, NULL, NULL);
    wipe_free (&self->token);
    wipe_free (&self->header);
}
