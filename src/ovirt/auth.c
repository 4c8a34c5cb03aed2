/* auth.c — oVirt SSO tokens (see auth.h and shared/OVIRT-API.md).
 *
 * The token response is parsed with the stream mapper like every other
 * document (a one-record spec); it may be an object or a one-element array.
 * Refusals are HTTP 400 with {"error_code", "error"} or {"error",
 * "error_description"}: they become one AUTH line naming the user and what
 * the engine said (sanitized: it is the server's text).  Memory that held
 * the password or the token is wiped with vinv_secure_wipe() before it is
 * freed, buffers that hold one are sized once so that no copy is left
 * behind by a reallocation, and the process cannot dump core from the
 * first secret on (vinv_secret_protect_process()).  A token is used only
 * if it is printable ASCII without spaces (RFC 6750's b64token is less):
 * anything else could smuggle a header line into every request.
 */
#include "auth.h"

#include <string.h>

#include "core/backend.h"
#include "core/sanitize.h"
#include "core/secret.h"
#include "json-map.h"

#define MAX_TOKEN_RESPONSE (1024 * 1024)
#define MAX_TOKEN_LEN (64 * 1024)

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
    if (self->password[0] != '\0')
        vinv_secret_protect_process ();
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
    gboolean token_bad;      /* the token had a byte that may not be sent */
    char *error;
    char *error_code;
    char *description;
} TokenReply;

static void
token_close (VinvRecord *r, gpointer user_data)
{
    TokenReply *reply = user_data;
    const char *token = vinv_record_get (r, TK_ACCESS_TOKEN);
    gsize token_len = vinv_record_get_len (r, TK_ACCESS_TOKEN);

    if (token != NULL) {
        reply->token_bad = token_len > MAX_TOKEN_LEN;
        for (gsize i = 0; i < token_len && !reply->token_bad; i++)
            reply->token_bad = (guchar) token[i] <= 0x20 || (guchar) token[i] >= 0x7f;
        reply->token = g_strndup (token, token_len);
        /* the mapper's copy: borrowed, but ours to wipe before it is reused */
        vinv_secure_wipe ((char *) token, token_len);
    }
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
    char *body;              /* 200 body: holds the token; wiped */
    gsize body_len;
    gsize body_size;         /* allocated */
    VinvOvirtAuthDone done;
    gpointer user_data;
} TokenRequest;

static VinvHttpBodyStatus
token_body (gpointer user_data, const char *data, gsize len, GError **error)
{
    TokenRequest *tr = user_data;
    if (tr->body_len + len > MAX_TOKEN_RESPONSE) {
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                             "token response too large");
        return VINV_HTTP_BODY_ERROR;
    }
    if (tr->body_len + len + 1 > tr->body_size) {
        /* grown by hand, so the old buffer is wiped before it is freed */
        gsize size = MAX (MAX (tr->body_size * 2, tr->body_len + len + 1), 4096);
        char *grown = g_malloc (size);
        if (tr->body_len > 0)
            memcpy (grown, tr->body, tr->body_len);
        vinv_secure_wipe (tr->body, tr->body_size);
        g_free (tr->body);
        tr->body = grown;
        tr->body_size = size;
    }
    memcpy (tr->body + tr->body_len, data, len);
    tr->body_len += len;
    tr->body[tr->body_len] = '\0';
    return VINV_HTTP_BODY_OK;
}

static void
token_restart (gpointer user_data)
{
    TokenRequest *tr = user_data;
    vinv_secure_wipe (tr->body, tr->body_size);
    tr->body_len = 0;
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
    vinv_secret_protect_process ();
}

static GError *
refusal_error (VinvOvirtAuth *self, const TokenReply *reply, guint status)
{
    const char *why = reply->description != NULL ? reply->description
                    : reply->error != NULL ? reply->error
                    : reply->error_code != NULL ? reply->error_code
                    : "credentials refused";
    /* the engine's words, made safe for a terminal and kept short */
    g_autofree char *line = vinv_sanitize_text (why, -1, 300);
    g_autofree char *user = vinv_sanitize_text (self->user, -1, 100);
    return g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH,
                        "authentication of %s failed (HTTP %u): %s",
                        user, status, line[0] != '\0' ? line : "credentials refused");
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
        if (parse_token_reply (tr->body, tr->body_len, &reply) && reply.token != NULL
            && reply.token_bad) {
            failure = g_error_new (VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                                   "the SSO service of %s sent a token with a control "
                                   "character, a space or a byte that is not ASCII; it is "
                                   "not used (it could inject header lines)", self->root);
        } else if (reply.token != NULL && reply.token[0] != '\0') {
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
    vinv_secure_wipe (tr->body, tr->body_size);
    g_free (tr->body);
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
    /* sized for the worst case (every byte %-encoded): never reallocated */
    GString *form = g_string_sized_new (96 + 3 * (strlen (self->user) + strlen (self->password)));

    tr->auth = self;
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
    GString *form = g_string_sized_new (64 + 3 * strlen (self->token));
    g_string_append (form, "scope=ovirt-app-api&token=");
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
