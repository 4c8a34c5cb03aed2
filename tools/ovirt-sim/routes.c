/* routes.c — what each request means: SSO, PKI, the API tree, actions, /sim.
 *
 * Turns a SimRequest into a SimResponse following the engine's rules in
 * OVIRT-API.md: the token endpoint's form, scope and exact Accept checks with
 * 400 JSON errors; Bearer or Basic auth with 401 HTML; 404 with an empty body;
 * follow= validated per kind (500 on an unknown name); max= and a subset of
 * the search language (malformed -> 200 with {}); VM actions, snapshot
 * creation and removal (DELETE) with 409 faults. Collections are not rendered here: the response
 * carries the item list and server.c streams it. */
#include "server.h"

#include "sim-rng.h"

#include <stdio.h>
#include <string.h>
#include <yajl/yajl_tree.h>

#define JSON "application/json"
#define HTML "text/html;charset=utf-8"

static const char unauthorized_html[] =
    "<html><head><title>Error</title></head><body>Unauthorized</body></html>";

void
sim_response_clear (SimResponse *r)
{
    if (r->body != NULL) {
        g_string_free (r->body, TRUE);
    }
    if (r->items != NULL) {
        g_array_unref (r->items);
    }
    g_free (r->href_base);
    r_follow_free (r->follow);
    if (r->headers != NULL) {
        g_ptr_array_unref (r->headers);
    }
    g_free (r->path_class);
    memset (r, 0, sizeof *r);
}

void
sim_response_header (SimResponse *r, const char *name, const char *value)
{
    if (r->headers == NULL) {
        r->headers = g_ptr_array_new_with_free_func (g_free);
    }
    g_ptr_array_add (r->headers, g_strdup (name));
    g_ptr_array_add (r->headers, g_strdup (value));
}

static void
set_body (SimResponse *r, guint status, const char *type, const char *text)
{
    r->status = status;
    r->content_type = type;
    r->body = g_string_new (text);
}

static void
not_found (SimResponse *r)
{
    set_body (r, 404, NULL, "");
}

static SimServer *the_server;     /* for the --hostile knobs of fault() */

void
sim_response_fault (SimServer *s, SimResponse *r, guint status, const char *reason,
                    const char *detail)
{
    JsonW w;
    g_autofree char *hr = NULL;
    g_autofree char *hd = NULL;

    if (s != NULL && s->cfg.hostile_text) {
        reason = hr = g_strconcat (reason, SIM_HOSTILE_TEXT, NULL);
        detail = hd = g_strconcat (detail, SIM_HOSTILE_TEXT, NULL);
    }
    /* a response routing had already filled (an injected fault) */
    if (r->body != NULL)
        g_string_free (r->body, TRUE);
    g_clear_pointer (&r->items, g_array_unref);
    g_clear_pointer (&r->href_base, g_free);
    g_clear_pointer (&r->follow, r_follow_free);
    r->status = status;
    r->content_type = JSON;
    r->body = g_string_new (NULL);
    jw_init (&w, r->body, TRUE);
    r_render_fault (&w, reason, detail);
}

static void
fault (SimResponse *r, guint status, const char *reason, const char *detail)
{
    sim_response_fault (the_server, r, status, reason, detail);
}

/* A 400 from the SSO service: {"error_code": …, "error": …}. */
static void
sso_error (SimResponse *r, const char *code, const char *message)
{
    JsonW w;
    g_autofree char *hostile = NULL;

    if (the_server != NULL && the_server->cfg.hostile_text)
        message = hostile = g_strconcat (message, SIM_HOSTILE_TEXT, NULL);
    r->status = 400;
    r->content_type = JSON;
    r->body = g_string_new (NULL);
    jw_init (&w, r->body, FALSE);
    jw_obj_begin (&w, NULL);
    jw_str (&w, "error_code", code);
    jw_str (&w, "error", message);
    jw_obj_end (&w);
}

static void
unauthorized (SimResponse *r)
{
    set_body (r, 401, HTML, unauthorized_html);
    sim_response_header (r, "WWW-Authenticate", "Basic realm=\"RESTAPI\"");
}

/* ---- SSO -------------------------------------------------------------- */

/* Parses the form in the body (or, failing that, the query) into a table. */
static GHashTable *
form_params (const SimRequest *req)
{
    GHashTable *t = NULL;

    if (req->body_len > 0) {
        t = g_uri_parse_params (req->body, (gssize) req->body_len, "&",
                                G_URI_PARAMS_WWW_FORM, NULL);
    }
    if (t == NULL) {
        t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    }
    return t;
}

static gboolean
scope_has_api (const char *scope)
{
    g_auto (GStrv) parts = g_strsplit (scope, " ", -1);

    for (char **p = parts; *p != NULL; p++) {
        if (g_str_equal (*p, "ovirt-app-api")) {
            return TRUE;
        }
    }
    return FALSE;
}

static char *
b64url (const guint8 *data, gsize len)
{
    char *s = g_base64_encode (data, len);

    for (char *c = s; *c != '\0'; c++) {
        if (*c == '+') {
            *c = '-';
        } else if (*c == '/') {
            *c = '_';
        }
    }
    char *eq = strchr (s, '=');
    if (eq != NULL) {
        *eq = '\0';
    }
    return s;
}

/* Mints a token from the seed and the issue counter: 86 base64url
 * characters like the classic engine, or a ~1.5 KB JWT when jwt_tokens. */
static char *
mint_token (SimServer *s, guint64 serial, const char *user)
{
    SimRng rng;
    guint8 raw[64];

    sim_rng_stream (&rng, s->seed ^ G_GUINT64_CONSTANT (0x70ce11), serial);
    for (gsize i = 0; i < sizeof raw; i += 8) {
        guint64 v = sim_rng_next (&rng);
        memcpy (raw + i, &v, 8);
    }
    if (!s->cfg.jwt_tokens) {
        return b64url (raw, sizeof raw);
    }
    const char *header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"ovirt-sim\"}";
    g_autoptr (GString) payload = g_string_new (NULL);
    g_string_append_printf (payload, "{\"exp\":%" G_GINT64_FORMAT ",\"iat\":%" G_GINT64_FORMAT
                            ",\"jti\":\"%" G_GINT64_MODIFIER "x\",\"iss\":\"https://"
                            "localhost/ovirt-engine-auth/realms/ovirt-internal\","
                            "\"preferred_username\":\"%s\",\"scope\":\"openid "
                            "ovirt-app-api ovirt-ext=token:password-access\",\"groups\":[",
                            SIM_NOW_MS / 1000 + 86400, SIM_NOW_MS / 1000, serial, user);
    for (int g = 0; g < 12; g++) {
        g_string_append_printf (payload, "%s\"/ovirt-administrator-group-%02d\"",
                                g > 0 ? "," : "", g);
    }
    g_string_append (payload, "]}");
    g_autofree char *h64 = b64url ((const guint8 *) header, strlen (header));
    g_autofree char *p64 = b64url ((const guint8 *) payload->str, payload->len);
    guint8 sig[256];
    for (gsize i = 0; i < sizeof sig; i += 8) {
        guint64 v = sim_rng_next (&rng);
        memcpy (sig + i, &v, 8);
    }
    g_autofree char *s64 = b64url (sig, sizeof sig);
    return g_strdup_printf ("%s.%s.%s", h64, p64, s64);
}

static void
route_token (SimServer *s, const SimRequest *req, SimResponse *r)
{
    const char *accept = req->header (req->conn, "Accept");
    g_autoptr (GHashTable) form = NULL;

    if (!g_str_equal (req->method, "POST")) {
        sso_error (r, "invalid_request", "The token request must use POST.");
        return;
    }
    if (accept == NULL || !g_str_equal (accept, "application/json")) {
        sso_error (r, "invalid_request",
                   "The request must have the header 'Accept: application/json'.");
        return;
    }
    form = form_params (req);
    const char *grant = g_hash_table_lookup (form, "grant_type");
    const char *scope = g_hash_table_lookup (form, "scope");
    const char *user = g_hash_table_lookup (form, "username");
    const char *password = g_hash_table_lookup (form, "password");
    if (grant == NULL) {
        sso_error (r, "invalid_request", "The request is missing parameter 'grant_type'.");
        return;
    }
    if (!g_str_equal (grant, "password")) {
        sso_error (r, "unsupported_grant_type",
                   "The authorization grant type is not supported.");
        return;
    }
    if (scope == NULL || *scope == '\0') {
        sso_error (r, "invalid_request", "The request is missing parameter 'scope'.");
        return;
    }
    if (!scope_has_api (scope)) {
        sso_error (r, "invalid_scope", "The requested scope is invalid: it must include "
                   "'ovirt-app-api'.");
        return;
    }
    if (user == NULL || password == NULL) {
        sso_error (r, "invalid_request",
                   "The request is missing parameter 'username' or 'password'.");
        return;
    }
    if (!g_str_equal (user, s->cfg.user) || !g_str_equal (password, s->cfg.password)) {
        g_autofree char *msg = g_strdup_printf ("Cannot authenticate user '%s': The username "
                                                "or password is incorrect.", user);
        sso_error (r, "access_denied", msg);
        return;
    }

    SimToken *t = g_new0 (SimToken, 1);
    g_mutex_lock (&s->tokens_lock);
    guint64 serial = s->tokens_issued++;
    t->value = mint_token (s, serial, user);
    g_hash_table_replace (s->tokens, t->value, t);
    g_mutex_unlock (&s->tokens_lock);

    JsonW w;
    char exp[32];
    snprintf (exp, sizeof exp, "%" G_GINT64_FORMAT, g_get_real_time () / 1000 + 86400000);
    r->status = 200;
    r->content_type = JSON;
    r->body = g_string_new (NULL);
    jw_init (&w, r->body, FALSE);
    jw_obj_begin (&w, NULL);
    if (s->cfg.hostile_token_crlf) {
        g_autofree char *bad = g_strconcat (t->value, "\r\nX-Injected: 1", NULL);
        jw_str (&w, "access_token", bad);
    } else if (s->cfg.hostile_token_nul) {
        g_autofree char *bad = g_strconcat (t->value, "@X-Injected", NULL);
        bad[strlen (t->value)] = '\0';
        jw_str_len (&w, "access_token", bad, strlen (t->value) + strlen ("@X-Injected"));
    } else {
        jw_str (&w, "access_token", t->value);
    }
    jw_str (&w, "scope", scope);
    jw_str (&w, "exp", exp);
    jw_str (&w, "token_type", "bearer");
    jw_obj_end (&w);
}

static void
route_logout (SimServer *s, const SimRequest *req, SimResponse *r)
{
    g_autoptr (GHashTable) form = form_params (req);
    const char *token = g_hash_table_lookup (form, "token");

    if (token != NULL) {
        g_mutex_lock (&s->tokens_lock);
        SimToken *t = g_hash_table_lookup (s->tokens, token);
        if (t != NULL) {
            t->revoked = TRUE;
        }
        g_mutex_unlock (&s->tokens_lock);
    }
    set_body (r, 200, JSON, "{ }");
}

/* Checks the request's credentials. Bearer tokens count one use per
 * request and expire after cfg.token_expiry uses. */
static gboolean
authorized (SimServer *s, const SimRequest *req)
{
    const char *auth = req->header (req->conn, "Authorization");

    if (auth == NULL) {
        return FALSE;
    }
    if (g_ascii_strncasecmp (auth, "Bearer ", 7) == 0) {
        gboolean ok = FALSE;
        g_mutex_lock (&s->tokens_lock);
        SimToken *t = g_hash_table_lookup (s->tokens, auth + 7);
        if (t != NULL && !t->revoked) {
            t->uses++;
            ok = s->cfg.token_expiry <= 0 || t->uses <= s->cfg.token_expiry;
        }
        g_mutex_unlock (&s->tokens_lock);
        return ok;
    }
    if (g_ascii_strncasecmp (auth, "Basic ", 6) == 0) {
        gsize len = 0;
        g_autofree guchar *raw = g_base64_decode (auth + 6, &len);
        g_autofree char *expect = g_strdup_printf ("%s:%s", s->cfg.user, s->cfg.password);
        return len == strlen (expect) && memcmp (raw, expect, len) == 0;
    }
    return FALSE;
}

/* ---- search ------------------------------------------------------------ */

typedef struct {
    char *field;
    char *value;
    gboolean negate;
} Cond;

typedef struct {
    GPtrArray *groups;         /* GPtrArray of Cond* (AND), groups are ORed */
    char *sort_field;
    gboolean sort_desc;
    int page;                  /* 0 = none */
} Search;

static void
cond_free (Cond *c)
{
    g_free (c->field);
    g_free (c->value);
    g_free (c);
}

static void
search_clear (Search *q)
{
    if (q->groups != NULL) {
        g_ptr_array_unref (q->groups);
    }
    g_free (q->sort_field);
}

/* Splits @s into words, operators (= !=) and quoted strings. */
static GPtrArray *
tokenize (const char *s)
{
    GPtrArray *t = g_ptr_array_new_with_free_func (g_free);

    while (*s != '\0') {
        if (g_ascii_isspace (*s)) {
            s++;
        } else if (*s == '"') {
            const char *end = strchr (s + 1, '"');
            if (end == NULL) {
                g_ptr_array_unref (t);
                return NULL;
            }
            g_ptr_array_add (t, g_strdup_printf ("\x01%.*s", (int) (end - s - 1), s + 1));
            s = end + 1;
        } else if (*s == '=' || (*s == '!' && s[1] == '=')) {
            g_ptr_array_add (t, g_strdup (*s == '=' ? "=" : "!="));
            s += *s == '=' ? 1 : 2;
        } else if (strchr ("<>()!", *s) != NULL) {
            g_ptr_array_unref (t);   /* not in our subset: treated as malformed */
            return NULL;
        } else {
            const char *start = s;
            while (*s != '\0' && !g_ascii_isspace (*s) && strchr ("=!\"<>()", *s) == NULL) {
                s++;
            }
            g_ptr_array_add (t, g_strndup (start, (gsize) (s - start)));
        }
    }
    return t;
}

static const char *const search_fields[] = { "name", "status", "id", "cluster", "host",
                                              "description", NULL };

/* Parses @text into @q. Returns FALSE when it is not in the supported subset
 * (the caller then answers 200 with an empty list, as the engine does for a
 * malformed query). */
static gboolean
search_parse (const char *text, Search *q)
{
    g_autoptr (GPtrArray) t = tokenize (text);
    guint i = 0;
    GPtrArray *group;

    memset (q, 0, sizeof *q);
    if (t == NULL) {
        return FALSE;
    }
    q->groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
    group = g_ptr_array_new_with_free_func ((GDestroyNotify) cond_free);
    g_ptr_array_add (q->groups, group);
    /* an optional "Vms:" style prefix is accepted */
    if (i < t->len && g_str_has_suffix (g_ptr_array_index (t, i), ":")) {
        i++;
    }
    while (i < t->len) {
        const char *w = g_ptr_array_index (t, i);
        if (g_ascii_strcasecmp (w, "and") == 0) {
            i++;
            continue;
        }
        if (g_ascii_strcasecmp (w, "or") == 0) {
            group = g_ptr_array_new_with_free_func ((GDestroyNotify) cond_free);
            g_ptr_array_add (q->groups, group);
            i++;
            continue;
        }
        if (g_ascii_strcasecmp (w, "sortby") == 0) {
            if (i + 1 >= t->len) {
                return FALSE;
            }
            q->sort_field = g_ascii_strdown (g_ptr_array_index (t, i + 1), -1);
            if (!g_strv_contains (search_fields, q->sort_field)) {
                return FALSE;
            }
            i += 2;
            if (i < t->len && (g_ascii_strcasecmp (g_ptr_array_index (t, i), "asc") == 0
                               || g_ascii_strcasecmp (g_ptr_array_index (t, i), "desc") == 0)) {
                q->sort_desc = g_ascii_strcasecmp (g_ptr_array_index (t, i), "desc") == 0;
                i++;
            }
            continue;
        }
        if (g_ascii_strcasecmp (w, "page") == 0) {
            char *end = NULL;
            if (i + 1 >= t->len) {
                return FALSE;
            }
            q->page = (int) g_ascii_strtoll (g_ptr_array_index (t, i + 1), &end, 10);
            if (end == NULL || *end != '\0' || q->page < 1) {
                return FALSE;
            }
            i += 2;
            continue;
        }
        /* field op value */
        if (i + 2 >= t->len) {
            return FALSE;
        }
        const char *op = g_ptr_array_index (t, i + 1);
        const char *value = g_ptr_array_index (t, i + 2);
        g_autofree char *field = g_ascii_strdown (w, -1);
        if (value == NULL || !g_strv_contains (search_fields, field)
            || (!g_str_equal (op, "=") && !g_str_equal (op, "!="))
            || g_str_equal (value, "=") || g_str_equal (value, "!=")) {
            return FALSE;
        }
        Cond *c = g_new0 (Cond, 1);
        c->field = g_steal_pointer (&field);
        c->value = g_strdup (value[0] == '\x01' ? value + 1 : value);
        c->negate = g_str_equal (op, "!=");
        g_ptr_array_add (group, c);
        i += 3;
    }
    return TRUE;
}

/* Glob match with '*' only, optionally case-insensitive. */
static gboolean
glob_match (const char *pat, const char *s, gboolean icase)
{
    while (*pat != '\0') {
        if (*pat == '*') {
            while (*pat == '*') {
                pat++;
            }
            if (*pat == '\0') {
                return TRUE;
            }
            for (; *s != '\0'; s++) {
                if (glob_match (pat, s, icase)) {
                    return TRUE;
                }
            }
            return FALSE;
        }
        if (*s == '\0') {
            return FALSE;
        }
        if (icase ? g_ascii_tolower (*pat) != g_ascii_tolower (*s) : *pat != *s) {
            return FALSE;
        }
        pat++;
        s++;
    }
    return *s == '\0';
}

static const char *
field_value (SimModel *m, const RItem *it, const char *field, char *buf)
{
    if (g_str_equal (field, "name")) {
        return r_item_name (m, it);
    }
    if (g_str_equal (field, "status")) {
        return r_item_status (m, it);
    }
    if (g_str_equal (field, "id")) {
        return r_item_id (m, it, buf);
    }
    if (g_str_equal (field, "cluster")) {
        int c = it->kind == R_VM ? SIM_AT (m->vms, SimVm, it->idx)->cluster
                : it->kind == R_HOST ? SIM_AT (m->hosts, SimHost, it->idx)->cluster
                : it->kind == R_TEMPLATE ? SIM_AT (m->templates, SimTemplate, it->idx)->cluster
                : -1;
        return c >= 0 ? SIM_AT (m->clusters, SimCluster, c)->name : NULL;
    }
    if (g_str_equal (field, "host")) {
        int h = it->kind == R_VM ? SIM_AT (m->vms, SimVm, it->idx)->host : -1;
        return h >= 0 ? SIM_AT (m->hosts, SimHost, h)->name : NULL;
    }
    if (g_str_equal (field, "description")) {
        return it->kind == R_VM ? SIM_AT (m->vms, SimVm, it->idx)->description : NULL;
    }
    return NULL;
}

static gboolean
search_matches (SimModel *m, const Search *q, const RItem *it, gboolean icase)
{
    char buf[40];

    for (guint g = 0; g < q->groups->len; g++) {
        GPtrArray *group = g_ptr_array_index (q->groups, g);
        gboolean all = TRUE;
        for (guint k = 0; k < group->len && all; k++) {
            Cond *c = g_ptr_array_index (group, k);
            const char *v = field_value (m, it, c->field, buf);
            gboolean fold = icase || g_str_equal (c->field, "status");
            gboolean hit = v != NULL && glob_match (c->value, v, fold);
            all = c->negate ? !hit : hit;
        }
        if (all) {
            return TRUE;
        }
    }
    return FALSE;
}

typedef struct {
    SimModel *m;
    const char *field;
    gboolean desc;
} SortCtx;

static gint
sort_cmp (gconstpointer a, gconstpointer b, gpointer data)
{
    const SortCtx *sc = data;
    char ba[40];
    char bb[40];
    const char *va = field_value (sc->m, a, sc->field, ba);
    const char *vb = field_value (sc->m, b, sc->field, bb);
    int r = g_strcmp0 (va, vb);

    if (r == 0) {
        r = ((const RItem *) a)->idx - ((const RItem *) b)->idx;   /* stable */
    }
    return sc->desc ? -r : r;
}

/* Filters, sorts and pages @items by the query's search= (top-level
 * collections only, as in the engine) and max=. A malformed search empties
 * @items: the engine answers such a query with 200 and an empty list. */
static void
apply_query (SimServer *s, const SimRequest *req, GArray *items, gboolean top_level)
{
    const char *search = req->arg (req->conn, "search");
    const char *max = req->arg (req->conn, "max");
    const char *cs = req->arg (req->conn, "case_sensitive");
    int page = 0;
    long limit = -1;

    if (max != NULL) {
        char *end = NULL;
        limit = strtol (max, &end, 10);
        if (end == max || limit < 0) {
            limit = -1;
        }
    }
    if (top_level && search != NULL && *search != '\0') {
        Search q;
        if (!search_parse (search, &q)) {
            g_array_set_size (items, 0);
            search_clear (&q);
            return;
        }
        gboolean icase = cs != NULL && g_ascii_strcasecmp (cs, "false") == 0;
        guint out = 0;
        for (guint i = 0; i < items->len; i++) {
            RItem *it = &g_array_index (items, RItem, i);
            if (search_matches (s->model, &q, it, icase)) {
                g_array_index (items, RItem, out++) = *it;
            }
        }
        g_array_set_size (items, out);
        if (q.sort_field != NULL) {
            SortCtx sc = { s->model, q.sort_field, q.sort_desc };
            g_array_sort_with_data (items, sort_cmp, &sc);
        }
        page = q.page;
        search_clear (&q);
    }
    if (page > 0) {
        long size = limit > 0 ? limit : 100;
        long skip = (long) (page - 1) * size;
        if (s->cfg.shift_pages && page > 1) {
            skip--;
        }
        if (skip >= (long) items->len) {
            g_array_set_size (items, 0);
        } else {
            g_array_remove_range (items, 0, (guint) skip);
        }
    }
    if (limit >= 0 && (guint) limit < items->len) {
        g_array_set_size (items, (guint) limit);
    }
}

/* ---- the API tree ------------------------------------------------------ */

/* Whether @req's search= asks for a page ("page K" among its words). */
static gboolean
asks_page (const SimRequest *req)
{
    const char *search = req->arg (req->conn, "search");
    if (search == NULL) {
        return FALSE;
    }
    g_auto (GStrv) words = g_strsplit_set (search, " \t", -1);
    for (guint i = 0; words[i] != NULL; i++) {
        if (g_ascii_strcasecmp (words[i], "page") == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* The follow= item of @req that --refuse-follow names, or NULL. */
static char *
refused_follow (const SimServer *s, const SimRequest *req)
{
    const char *spec = req->arg (req->conn, "follow");

    if (s->cfg.refuse_follow == NULL || spec == NULL) {
        return NULL;
    }
    g_auto (GStrv) refused = g_strsplit (s->cfg.refuse_follow, ",", -1);
    g_auto (GStrv) items = g_strsplit (spec, ",", -1);
    for (guint i = 0; items[i] != NULL; i++) {
        g_autofree char *first = g_strndup (items[i], strcspn (items[i], "."));
        for (guint j = 0; refused[j] != NULL; j++) {
            if (g_str_equal (items[i], refused[j]) || g_str_equal (first, refused[j])) {
                return g_strdup (refused[j]);
            }
        }
    }
    return NULL;
}

static gboolean
validate_follow (const SimServer *s, const SimRequest *req, SimResponse *r, const RFollow *f,
                 RKind kind)
{
    g_autoptr (GError) error = NULL;

    if (s->cfg.refuse_follow != NULL) {
        g_autofree char *name = refused_follow (s, req);
        if (name != NULL) {
            g_autofree char *detail = g_strdup_printf ("Link '%s' is not valid for entity "
                                                       "of type '%s'.", name,
                                                       r_elem_key (kind));
            fault (r, 500, "Operation Failed", detail);
            return FALSE;
        }
    }
    if (r_follow_validate (f, kind, &error)) {
        return TRUE;
    }
    fault (r, 500, "Operation Failed", error->message);
    return FALSE;
}

static void
render_entity (SimServer *s, SimResponse *r, const RItem *it, const char *href,
               RFollow *follow)
{
    JsonW w;
    RCtx c = { &w, s->model, 0 };

    r->status = 200;
    r->content_type = JSON;
    r->body = g_string_new (NULL);
    jw_init (&w, r->body, TRUE);
    r_render (&c, it, NULL, href, follow);
    r->followed = c.followed;
}

/* Extracts host.id (or host.name) from a migrate action body (JSON or XML). */
static char *
migrate_target (const SimRequest *req)
{
    if (req->body_len == 0) {
        return NULL;
    }
    if (req->body[0] == '<') {
        const char *h = strstr (req->body, "<host");
        const char *id = h != NULL ? strstr (h, "id=\"") : NULL;
        if (id != NULL) {
            const char *end = strchr (id + 4, '"');
            if (end != NULL) {
                return g_strndup (id + 4, (gsize) (end - id - 4));
            }
        }
        return NULL;
    }
    char err[128];
    yajl_val root = yajl_tree_parse (req->body, err, sizeof err);
    if (root == NULL) {
        return NULL;
    }
    const char *id_path[] = { "host", "id", NULL };
    const char *name_path[] = { "host", "name", NULL };
    yajl_val v = yajl_tree_get (root, id_path, yajl_t_string);
    if (v == NULL) {
        v = yajl_tree_get (root, name_path, yajl_t_string);
    }
    char *out = v != NULL ? g_strdup (YAJL_GET_STRING (v)) : NULL;
    yajl_tree_free (root);
    return out;
}

static void
vm_action (SimServer *s, const SimRequest *req, SimResponse *r, int vm, const char *action)
{
    g_autofree char *detail = NULL;
    g_autofree char *target = NULL;

    if (g_str_equal (action, "migrate")) {
        target = migrate_target (req);
    }
    if (!sim_model_vm_action (s->model, vm, action, target, &detail)) {
        fault (r, 409, "Operation Failed", detail);
        return;
    }
    JsonW w;
    RCtx c = { &w, s->model, 0 };
    r->status = 200;
    r->content_type = JSON;
    r->body = g_string_new (NULL);
    jw_init (&w, r->body, TRUE);
    r_render_action (&c, SIM_AT (s->model->vms, SimVm, vm)->id.s, action);
}

static void
create_snapshot (SimServer *s, const SimRequest *req, SimResponse *r, int vm,
                 const char *coll_href)
{
    g_autofree char *description = NULL;
    g_autofree char *detail = NULL;
    gboolean memory = FALSE;
    char err[128];

    yajl_val root = req->body_len > 0 && req->body[0] == '{'
                    ? yajl_tree_parse (req->body, err, sizeof err) : NULL;
    if (root != NULL) {
        const char *dp[] = { "description", NULL };
        const char *mp[] = { "persist_memorystate", NULL };
        yajl_val d = yajl_tree_get (root, dp, yajl_t_string);
        yajl_val mv = yajl_tree_get (root, mp, yajl_t_any);
        if (d != NULL) {
            description = g_strdup (YAJL_GET_STRING (d));
        }
        memory = mv != NULL && (YAJL_IS_TRUE (mv)
                                || (YAJL_IS_STRING (mv)
                                    && g_strcmp0 (YAJL_GET_STRING (mv), "true") == 0));
        yajl_tree_free (root);
    } else if (req->body_len > 0 && req->body[0] == '<') {
        const char *d = strstr (req->body, "<description>");
        const char *e = d != NULL ? strstr (d, "</description>") : NULL;
        if (e != NULL) {
            description = g_strndup (d + 13, (gsize) (e - d - 13));
        }
        memory = strstr (req->body, "<persist_memorystate>true") != NULL;
    }
    if (description == NULL) {
        fault (r, 400, "Incomplete parameters", "Snapshot [description] required for add");
        return;
    }
    int snap = sim_model_add_snapshot (s->model, vm, description, memory, &detail);
    if (snap < 0) {
        fault (r, 409, "Operation Failed", detail);
        return;
    }
    char href[256];
    RItem it = { R_SNAPSHOT, snap, 0, 0 };
    g_rw_lock_reader_lock (&s->model->lock);
    snprintf (href, sizeof href, "%s/%s", coll_href,
              SIM_AT (s->model->snaps, SimSnapshot, snap)->id.s);
    render_entity (s, r, &it, href, NULL);
    g_rw_lock_reader_unlock (&s->model->lock);
    r->status = 201;
    sim_response_header (r, "Location", href);
}

/* DELETE /vms/ID/snapshots/SID: 200 with an empty body; the snapshot is
 * locked while the engine removes it, then gone. */
static void
remove_snapshot (SimServer *s, SimResponse *r, int vm, int snap)
{
    g_autofree char *detail = NULL;

    if (!sim_model_remove_snapshot (s->model, vm, snap, &detail)) {
        fault (r, 409, "Operation Failed", detail);
        return;
    }
    set_body (r, 200, NULL, "");
}

static gboolean
is_vm_action (const char *name)
{
    static const char *const names[] = { "start", "stop", "shutdown", "suspend", "reboot",
                                         "migrate", NULL };
    return g_strv_contains (names, name);
}

static void
route_api (SimServer *s, const SimRequest *req, SimResponse *r, const char *rest)
{
    g_auto (GStrv) segs = g_strsplit (*rest == '/' ? rest + 1 : rest, "/", -1);
    guint n = g_strv_length (segs);
    RItem item = { R_ROOT, 0, 0, 0 };
    g_autoptr (GString) href = g_string_new (SIM_API);
    gboolean get = g_str_equal (req->method, "GET") || g_str_equal (req->method, "HEAD");
    SimModel *m = s->model;

    if (n > 0 && *segs[n - 1] == '\0') {
        n--;    /* trailing slash */
    }

    if (n == 0) {
        if (!get) {
            set_body (r, 405, NULL, "");
            return;
        }
        JsonW w;
        RCtx c = { &w, m, 0 };
        r->status = 200;
        r->content_type = JSON;
        r->body = g_string_new (NULL);
        jw_init (&w, r->body, TRUE);
        g_rw_lock_reader_lock (&m->lock);
        r_render_root (&c);
        g_rw_lock_reader_unlock (&m->lock);
        return;
    }

    g_autoptr (RFollow) follow = r_follow_parse (req->arg (req->conn, "follow"));
    g_rw_lock_reader_lock (&m->lock);
    for (guint i = 0; i < n; i += 2) {
        const RSub *sub = r_find_sub (item.kind, segs[i]);
        if (sub == NULL) {
            g_rw_lock_reader_unlock (&m->lock);
            if (item.kind == R_VM && i == n - 1 && is_vm_action (segs[i])) {
                if (!g_str_equal (req->method, "POST")) {
                    set_body (r, 405, NULL, "");
                    return;
                }
                vm_action (s, req, r, item.idx, segs[i]);
                return;
            }
            not_found (r);
            return;
        }
        g_string_append_printf (href, "/%s", segs[i]);
        if (i + 1 == n) {
            /* a collection */
            if (item.kind == R_VM && sub->child == R_SNAPSHOT
                && g_str_equal (req->method, "POST")) {
                g_rw_lock_reader_unlock (&m->lock);
                create_snapshot (s, req, r, item.idx, href->str);
                return;
            }
            if (!get) {
                g_rw_lock_reader_unlock (&m->lock);
                set_body (r, 405, NULL, "");
                return;
            }
            if (!validate_follow (s, req, r, follow, sub->child)) {
                g_rw_lock_reader_unlock (&m->lock);
                return;
            }
            gboolean paged = item.kind == R_ROOT && asks_page (req);
            if (paged && g_strcmp0 (s->cfg.refuse_paging, "error") == 0) {
                g_rw_lock_reader_unlock (&m->lock);
                fault (r, 400, "Operation Failed", "[Cannot search: paging is not allowed.]");
                return;
            }
            r->items = g_array_new (FALSE, FALSE, sizeof (RItem));
            r_list (m, sub, &item, r->items);
            apply_query (s, req, r->items, item.kind == R_ROOT);
            if (paged && g_strcmp0 (s->cfg.refuse_paging, "empty") == 0) {
                g_array_set_size (r->items, 0);
            }
            g_rw_lock_reader_unlock (&m->lock);
            r->status = 200;
            r->content_type = JSON;
            r->elem_kind = sub->child;
            r->href_base = g_strdup (href->str);
            r->follow = g_steal_pointer (&follow);
            return;
        }
        RItem next;
        if (!r_find_member (m, sub, &item, segs[i + 1], &next)) {
            g_rw_lock_reader_unlock (&m->lock);
            not_found (r);
            return;
        }
        if (i + 2 == n && next.kind == R_SNAPSHOT && item.kind == R_VM
            && g_str_equal (req->method, "DELETE")) {
            g_rw_lock_reader_unlock (&m->lock);
            remove_snapshot (s, r, item.idx, next.idx);
            return;
        }
        item = next;
        g_string_append_printf (href, "/%s", segs[i + 1]);
    }
    if (!get) {
        g_rw_lock_reader_unlock (&m->lock);
        set_body (r, 405, NULL, "");
        return;
    }
    if (validate_follow (s, req, r, follow, item.kind)) {
        render_entity (s, r, &item, href->str, follow);
    }
    g_rw_lock_reader_unlock (&m->lock);
}

/* ---- entry point ------------------------------------------------------- */

char *
sim_path_class (const char *method, const char *path)
{
    if (!g_str_has_prefix (path, SIM_API "/")) {
        return g_strdup_printf ("%s %s", method, path);
    }
    g_auto (GStrv) segs = g_strsplit (path + strlen (SIM_API "/"), "/", -1);
    GString *cls = g_string_new (method);
    g_string_append (cls, " " SIM_API);
    for (guint i = 0; segs[i] != NULL; i++) {
        if (*segs[i] == '\0' && segs[i + 1] == NULL) {
            break;    /* trailing slash */
        }
        g_string_append_c (cls, '/');
        g_string_append (cls, i % 2 == 1 ? "ID" : segs[i]);
    }
    return g_string_free (cls, FALSE);
}

void
sim_route (SimServer *s, const SimRequest *req, SimResponse *r)
{
    const char *path = req->path;

    the_server = s;
    if (g_str_has_prefix (path, "/sim/")) {
        r->no_count = TRUE;
        if (g_str_equal (path, "/sim/stats") && g_str_equal (req->method, "GET")) {
            r->status = 200;
            r->content_type = JSON;
            r->body = g_string_new (NULL);
            sim_server_stats (s, r->body);
        } else if (g_str_equal (path, "/sim/reset") && g_str_equal (req->method, "POST")) {
            sim_server_reset (s);
            set_body (r, 200, JSON, "{ }");
        } else {
            not_found (r);
        }
        return;
    }
    r->path_class = sim_path_class (req->method, path);
    if (g_str_equal (path, "/ovirt-engine/sso/oauth/token")) {
        route_token (s, req, r);
        return;
    }
    if (g_str_equal (path, "/ovirt-engine/services/sso-logout")) {
        route_logout (s, req, r);
        return;
    }
    if (g_str_equal (path, "/ovirt-engine/services/pki-resource")) {
        const char *res = req->arg (req->conn, "resource");
        const char *fmt = req->arg (req->conn, "format");
        if (g_strcmp0 (res, "ca-certificate") == 0 && g_strcmp0 (fmt, "X509-PEM-CA") == 0
            && s->pki.ca_pem != NULL) {
            set_body (r, 200, "application/x-x509-ca-cert", s->pki.ca_pem);
        } else {
            not_found (r);
        }
        return;
    }
    if (g_str_equal (path, SIM_API) || g_str_has_prefix (path, SIM_API "/")) {
        if (!authorized (s, req)) {
            unauthorized (r);
            return;
        }
        sim_model_settle (s->model, g_get_monotonic_time ());
        route_api (s, req, r, path + strlen (SIM_API));
        return;
    }
    not_found (r);
}
