/* actions.c — VM actions on an oVirt engine through its REST action
 * endpoints (OVIRT-API.md "VM actions"), and reading the states back.
 *
 * perform: POST /vms/ID/{start|shutdown|stop|reboot|suspend|migrate} with a
 * JSON body ({} or {"host": …}), POST /vms/ID/snapshots to create a
 * snapshot, DELETE /vms/ID/snapshots/SID to remove one; every request of a
 * batch goes out at once on the back-end's HTTP engine (which bounds the
 * requests in flight).  A refusal is the engine's fault detail ("Cannot
 * run VM. VM is running.").  poll: GET /vms/ID (status) or the snapshot
 * (snapshot_status; 404 = gone).  Bodies are small (at most 1 MiB); the
 * one string member each needs is read with the streaming tokenizer
 * (json-tok.h), which skips everything else unread.
 */
#include <string.h>

#include "json-tok.h"
#include "ovirt-private.h"

#define MAX_BODY (1024 * 1024)

typedef struct {
    VinvActionItem *item;
    const VinvAction *action;
    VinvOvirtAuth *auth;
    gboolean poll;
    GString *body;               /* 2xx body */
    guint status;
    char *error;                 /* transport error */
    char *fault;                 /* non-2xx: the engine's words */
} Call;

static void
call_free (Call *c)
{
    g_string_free (c->body, TRUE);
    g_free (c->error);
    g_free (c->fault);
    g_free (c);
}

/* Appends @s to @out as a JSON string literal. */
static void
append_json_string (GString *out, const char *s)
{
    g_string_append_c (out, '"');
    for (const guchar *p = (const guchar *) s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_printf (out, "\\%c", *p);
        else if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
        else
            g_string_append_c (out, (char) *p);
    }
    g_string_append_c (out, '"');
}

/* vinv_ovirt_dup_json_member()'s scan: every container below the top-level
 * object is skipped unread, so keys only arrive at the top level. */
typedef struct {
    const char *key;
    gsize key_len;
    gboolean in_object;               /* the top-level object is open */
    gboolean seen;                    /* @key came (the first one decides) */
    gboolean at_value;                /* the value about to come is @key's */
    char *value;
} MemberScan;

static gboolean
member_start (gpointer user_data, gboolean is_map)
{
    MemberScan *m = user_data;
    if (!m->in_object && is_map) {
        m->in_object = TRUE;
        return FALSE;
    }
    m->at_value = FALSE;              /* @key's value is not a string */
    return TRUE;
}

static void
member_end (gpointer user_data, gboolean is_map)
{
}

/* Keys compare as C strings, as they did with yajl's tree: an escaped NUL
 * ends one. */
static gboolean
member_key (gpointer user_data, const char *key, gsize len)
{
    MemberScan *m = user_data;
    if (m->seen || len < m->key_len || memcmp (key, m->key, m->key_len) != 0
        || (len > m->key_len && key[m->key_len] != '\0'))
        return TRUE;
    m->seen = m->at_value = TRUE;
    return FALSE;
}

static void
member_scalar (gpointer user_data, VinvJsonKind kind, const char *text, gsize len)
{
    MemberScan *m = user_data;
    if (m->at_value && kind == VINV_JSON_STRING)
        m->value = g_strndup (text, len);   /* up to an escaped NUL */
    m->at_value = FALSE;
}

static const VinvJsonTokCallbacks member_callbacks = {
    .start = member_start,
    .end = member_end,
    .key = member_key,
    .scalar = member_scalar,
};

char *
vinv_ovirt_dup_json_member (const char *json, gsize len, const char *key)
{
    MemberScan m = { key, strlen (key), FALSE, FALSE, FALSE, NULL };
    g_autoptr (VinvJsonTok) tok = vinv_json_tok_new (&member_callbacks, &m);
    g_autofree char *value = NULL;

    len = strnlen (json, len);
    gboolean ok = vinv_json_tok_feed (tok, json, len, NULL) && vinv_json_tok_finish (tok, NULL);
    value = m.value;
    if (!ok || value == NULL || !g_utf8_validate (value, -1, NULL))
        return NULL;
    return g_steal_pointer (&value);
}

/* The engine's reason for a failed request: the fault's detail without its
 * brackets ("[Cannot run VM. VM is running.]"), else its reason, else the
 * HTTP status. */
static char *
dup_fault (const VinvHttpResponse *response)
{
    g_autofree char *detail = NULL;
    g_autofree char *reason = NULL;

    if (response->body != NULL && response->body_len > 0) {
        detail = vinv_ovirt_dup_json_member (response->body, response->body_len, "detail");
        reason = vinv_ovirt_dup_json_member (response->body, response->body_len, "reason");
    }
    if (detail != NULL && *detail != '\0') {
        gsize n = strlen (detail);
        if (detail[0] == '[' && detail[n - 1] == ']')
            return g_strndup (detail + 1, n - 2);
        return g_steal_pointer (&detail);
    }
    if (reason != NULL && *reason != '\0')
        return g_strdup_printf ("HTTP %u: %s", response->status, reason);
    if (response->status == 401)
        return g_strdup ("HTTP 401: the engine refused the session's token");
    if (response->status == 404)
        return g_strdup ("HTTP 404: no such VM or snapshot on the engine");
    return g_strdup_printf ("HTTP %u", response->status);
}

static void
on_prepare (gpointer user_data, VinvHttpRequest *req)
{
    Call *c = user_data;
    vinv_http_request_set_auth (req, vinv_ovirt_auth_get_header (c->auth));
}

static VinvHttpBodyStatus
on_body (gpointer user_data, const char *data, gsize len, GError **error)
{
    Call *c = user_data;

    if (c->body->len + len > MAX_BODY) {
        g_set_error_literal (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_PROTOCOL,
                             "action response larger than 1 MiB");
        return VINV_HTTP_BODY_ERROR;
    }
    g_string_append_len (c->body, data, (gssize) len);
    return VINV_HTTP_BODY_OK;
}

static void
on_restart (gpointer user_data)
{
    Call *c = user_data;
    g_string_truncate (c->body, 0);
}

static void
on_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    Call *c = user_data;

    if (error != NULL) {
        c->error = g_strdup (error->message);
        return;
    }
    c->status = response->status;
    if (response->status < 200 || response->status > 299)
        c->fault = dup_fault (response);
}

static const VinvHttpCallbacks callbacks = { on_prepare, on_body, on_restart, on_done };

static gboolean
looks_like_uuid (const char *s)
{
    return strlen (s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-';
}

/* The request that performs @action on @item. */
static VinvHttpRequest *
action_request (OvirtBackend *self, const VinvAction *action, const VinvActionItem *item)
{
    g_autofree char *vm = g_uri_escape_string (item->vm_id, NULL, FALSE);
    g_autoptr (GString) body = g_string_new (NULL);
    g_autofree char *url = NULL;
    const char *method = "POST";

    switch (action->kind) {
    case VINV_ACTION_SNAPSHOT:
        url = g_strdup_printf ("%s/vms/%s/snapshots", self->api, vm);
        g_string_append (body, "{\"description\": ");
        append_json_string (body, action->description != NULL ? action->description : "");
        g_string_append_printf (body, ", \"persist_memorystate\": \"%s\"}",
                                action->memory ? "true" : "false");
        break;
    case VINV_ACTION_SNAPSHOT_DELETE: {
        g_autofree char *snap = g_uri_escape_string (item->snapshot_id, NULL, FALSE);
        url = g_strdup_printf ("%s/vms/%s/snapshots/%s", self->api, vm, snap);
        method = "DELETE";
        break;
    }
    case VINV_ACTION_MIGRATE:
        url = g_strdup_printf ("%s/vms/%s/migrate", self->api, vm);
        if (action->host != NULL) {
            g_string_append_printf (body, "{\"host\": {\"%s\": ",
                                    looks_like_uuid (action->host) ? "id" : "name");
            append_json_string (body, action->host);
            g_string_append (body, "}}");
        } else {
            g_string_append (body, "{}");
        }
        break;
    default:
        url = g_strdup_printf ("%s/vms/%s/%s", self->api, vm,
                               vinv_action_kind_to_string (action->kind));
        g_string_append (body, "{}");
        break;
    }
    VinvHttpRequest *req = vinv_http_request_new (method, url);
    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    /* an action is not idempotent: never send it twice */
    vinv_http_request_set_no_retry (req);
    if (body->len > 0)
        vinv_http_request_set_body (req, body->str, body->len, "application/json", FALSE);
    return req;
}

static VinvHttpRequest *
poll_request (OvirtBackend *self, const VinvAction *action, const VinvActionItem *item)
{
    g_autofree char *vm = g_uri_escape_string (item->vm_id, NULL, FALSE);
    g_autofree char *url = NULL;
    const char *snap_id = action->kind == VINV_ACTION_SNAPSHOT ? item->new_id
                          : action->kind == VINV_ACTION_SNAPSHOT_DELETE ? item->snapshot_id
                          : NULL;

    if (snap_id != NULL) {
        g_autofree char *snap = g_uri_escape_string (snap_id, NULL, FALSE);
        url = g_strdup_printf ("%s/vms/%s/snapshots/%s", self->api, vm, snap);
    } else {
        url = g_strdup_printf ("%s/vms/%s", self->api, vm);
    }
    VinvHttpRequest *req = vinv_http_request_new ("GET", url);
    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    return req;
}

/* Sends one request per item (perform or poll) and runs the engine until
 * all are answered; then hands each Call to @finish. */
static gboolean
run_batch (OvirtBackend *self, const VinvAction *action, VinvActionItem **items, guint n,
           gboolean poll, void (*finish) (Call *c), GCancellable *cancellable, GError **error)
{
    g_autoptr (GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify) call_free);

    for (guint i = 0; i < n; i++) {
        Call *c = g_new0 (Call, 1);
        c->item = items[i];
        c->action = action;
        c->auth = self->auth;
        c->poll = poll;
        c->body = g_string_new (NULL);
        g_ptr_array_add (calls, c);
        if (poll && action->kind == VINV_ACTION_SNAPSHOT && items[i]->new_id == NULL) {
            c->error = g_strdup ("the engine did not say which snapshot it created");
            continue;
        }
        VinvHttpRequest *req = poll ? poll_request (self, action, items[i])
                                    : action_request (self, action, items[i]);
        vinv_http_request_set_callbacks (req, &callbacks, c);
        vinv_http_submit (self->http, req);
    }
    gboolean ok = vinv_http_run (self->http, cancellable, error);
    for (guint i = 0; i < calls->len; i++)
        finish (g_ptr_array_index (calls, i));
    return ok;
}

static void
finish_perform (Call *c)
{
    VinvActionItem *item = c->item;

    if (c->error != NULL) {
        item->reason = g_strdup (c->error);
        return;
    }
    if (c->fault != NULL) {
        item->reason = g_strdup (c->fault);
        return;
    }
    /* an action answered 200 may still say it failed ("status": "failed"
     * with an embedded fault) */
    g_autofree char *status = vinv_ovirt_dup_json_member (c->body->str, c->body->len, "status");
    if (g_strcmp0 (status, "failed") == 0) {
        item->reason = g_strdup ("the engine reports the action failed");
        return;
    }
    if (c->action->kind == VINV_ACTION_SNAPSHOT)
        item->new_id = vinv_ovirt_dup_json_member (c->body->str, c->body->len, "id");
    item->accepted = TRUE;
}

static void
finish_poll (Call *c)
{
    VinvActionItem *item = c->item;
    gboolean snapshot = c->action->kind == VINV_ACTION_SNAPSHOT
                        || c->action->kind == VINV_ACTION_SNAPSHOT_DELETE;

    if (c->error != NULL)
        return;
    if (c->status == 404 && snapshot) {
        g_clear_pointer (&item->state, g_free);
        return;
    }
    if (c->fault != NULL)
        return;
    char *state = vinv_ovirt_dup_json_member (c->body->str, c->body->len,
                              snapshot ? "snapshot_status" : "status");
    if (state != NULL) {
        g_free (item->state);
        item->state = state;
    }
}

static gboolean
ovirt_perform (VinvBackend *backend, const VinvAction *action, VinvActionItem **items,
               guint n_items, guint parallel, GCancellable *cancellable, GError **error)
{
    return run_batch ((OvirtBackend *) backend, action, items, n_items, FALSE, finish_perform,
                      cancellable, error);
}

static gboolean
ovirt_poll (VinvBackend *backend, const VinvAction *action, VinvActionItem **items,
            guint n_items, guint parallel, GCancellable *cancellable, GError **error)
{
    return run_batch ((OvirtBackend *) backend, action, items, n_items, TRUE, finish_poll,
                      cancellable, error);
}

const VinvBackendActions vinv_ovirt_actions = {
    .supported = VINV_ACTION_BIT (VINV_ACTION_START) | VINV_ACTION_BIT (VINV_ACTION_SHUTDOWN)
                 | VINV_ACTION_BIT (VINV_ACTION_STOP) | VINV_ACTION_BIT (VINV_ACTION_REBOOT)
                 | VINV_ACTION_BIT (VINV_ACTION_SUSPEND) | VINV_ACTION_BIT (VINV_ACTION_SNAPSHOT)
                 | VINV_ACTION_BIT (VINV_ACTION_SNAPSHOT_DELETE)
                 | VINV_ACTION_BIT (VINV_ACTION_MIGRATE),
    .perform = ovirt_perform,
    .poll = ovirt_poll,
};
