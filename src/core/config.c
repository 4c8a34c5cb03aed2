/* config.c — the user's configuration file: load, check, edit, save.
 *
 * The whole file lives in a GKeyFile loaded with its comments, so groups
 * and keys we do not know (and comments) survive a save; the accessors
 * below read and write only the groups and keys config.h documents:
 *
 *   [general]         default-profile, last-profile (strings)
 *   [ui]              cache (boolean; default true)
 *   [profile NAME]    uri (string list, at least one), user, ca-file
 *                     (strings), insecure, allow-actions, read-only (booleans),
 *                     timeout (seconds, 1 to 86400)
 *   [table ID]        columns (string list of column ids), sort, filter
 *   [table ID for SCOPE]  the same, for one connection (vinv_config_scope())
 *   [view NAME]       table (string, required), columns, sort, filter
 *
 * Loading checks the text before GKeyFile sees it (valid UTF-8, every line
 * a group, a key=value pair or a comment), removes all but the last copy
 * of a duplicate key (reported with its line: GKeyFile reads the last but
 * writes every copy back), and checks every documented key after, so a
 * problem is reported with its line.  Any problem makes the config
 * empty and read-only: vinv_config_save() then refuses, and the user's
 * file stays byte for byte as it was.
 *
 * Secrets: a profile never holds a password or token.  Keys that look like
 * one (their name contains "password", "passwd", "token" or "secret") and
 * the password part of a URI ("scheme://user:pw@host") are dropped on load
 * with a warning, and never written: the next save removes them from disk.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "secret.h"

#include "config-private.h"

/* Invariant: @problem is NULL, or @keys is empty and nothing will ever be
 * written to @path through this config. */
struct _VinvConfig {
    gatomicrefcount refs;
    char *path;
    GKeyFile *keys;
    char *problem;       /* "PATH:LINE: what is wrong", or NULL */
};

void
vinv_profile_free (VinvProfile *profile)
{
    if (profile == NULL)
        return;
    g_free (profile->name);
    g_strfreev (profile->uris);
    g_free (profile->user);
    g_free (profile->ca_file);
    g_free (profile);
}

void
vinv_table_settings_clear (VinvTableSettings *settings)
{
    if (settings == NULL)
        return;
    g_clear_pointer (&settings->columns, g_free);
    g_clear_pointer (&settings->sort, g_free);
    g_clear_pointer (&settings->filter, g_free);
}

void
vinv_named_view_free (VinvNamedView *view)
{
    if (view == NULL)
        return;
    g_free (view->name);
    g_free (view->table);
    vinv_table_settings_clear (&view->settings);
    g_free (view);
}

char *
vinv_config_default_path (void)
{
    return g_build_filename (g_get_user_config_dir (), "virt-inventory", "config.ini", NULL);
}

/* ---- secrets ---- */

static gboolean
is_secret_key (const char *key)
{
    g_autofree char *lower = g_ascii_strdown (key, -1);
    return strstr (lower, "password") != NULL || strstr (lower, "passwd") != NULL
           || strstr (lower, "token") != NULL || strstr (lower, "secret") != NULL;
}

/* @uri without the password of its user info ("ovirt://admin:pw@e" ->
 * "ovirt://admin@e").  Owned by caller.  *stripped tells whether one was
 * there. */
static char *
uri_without_password (const char *uri, gboolean *stripped)
{
    *stripped = vinv_uri_has_password (uri);
    return vinv_uri_strip_password (uri);
}

/* Removes secret keys and URI passwords from every profile group.  Returns
 * a description of what was dropped ("'password' in [profile lab]"), or
 * NULL if nothing was.  Never names a secret's value. */
static char *
drop_secrets (GKeyFile *keys)
{
    g_auto (GStrv) groups = g_key_file_get_groups (keys, NULL);
    g_autoptr (GString) dropped = g_string_new (NULL);

    for (guint i = 0; groups[i] != NULL; i++) {
        const char *g = groups[i];
        g_auto (GStrv) names = NULL;
        g_auto (GStrv) uris = NULL;
        gsize n_uris = 0;
        gboolean any_uri = FALSE;

        if (!g_str_has_prefix (g, PREFIX_PROFILE))
            continue;
        names = g_key_file_get_keys (keys, g, NULL, NULL);
        for (guint k = 0; names != NULL && names[k] != NULL; k++) {
            if (!is_secret_key (names[k]))
                continue;
            g_key_file_remove_key (keys, g, names[k], NULL);
            g_string_append_printf (dropped, "%s'%s' in [%s]",
                                    dropped->len > 0 ? ", " : "", names[k], g);
        }
        uris = g_key_file_get_string_list (keys, g, KEY_URI, &n_uris, NULL);
        for (gsize u = 0; u < n_uris; u++) {
            gboolean stripped;
            char *clean = uri_without_password (uris[u], &stripped);
            g_free (uris[u]);
            uris[u] = clean;
            any_uri |= stripped;
        }
        if (any_uri) {
            g_key_file_set_string_list (keys, g, KEY_URI, (const char *const *) uris, n_uris);
            g_string_append_printf (dropped, "%sa password in a uri of [%s]",
                                    dropped->len > 0 ? ", " : "", g);
        }
    }
    if (dropped->len == 0)
        return NULL;
    return g_string_free (g_steal_pointer (&dropped), FALSE);
}

/* ---- load and save ---- */

/* Empties @self and makes it read-only because of @problem (taken). */
static void
mark_broken (VinvConfig *self, char *problem, char **warning)
{
    g_key_file_free (self->keys);
    self->keys = g_key_file_new ();
    self->problem = problem;
    if (warning != NULL)
        *warning = g_strdup_printf ("%s; using defaults and leaving the file untouched",
                                    problem);
}

VinvConfig *
vinv_config_load (const char *path, char **warning)
{
    VinvConfig *self = g_new0 (VinvConfig, 1);
    g_autoptr (GError) error = NULL;
    g_autofree char *data = NULL;
    g_autofree char *problem = NULL;
    g_autofree char *dropped = NULL;
    g_autofree char *deduped = NULL;
    g_autofree char *duplicates = NULL;
    gsize len = 0;

    g_atomic_ref_count_init (&self->refs);
    self->path = path != NULL ? g_strdup (path) : vinv_config_default_path ();
    self->keys = g_key_file_new ();
    if (warning != NULL)
        *warning = NULL;

    if (!g_file_get_contents (self->path, &data, &len, &error)) {
        if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
            mark_broken (self, g_strdup (error->message), warning);
        return self;
    }

    problem = check_text (data, len);
    if (problem == NULL) {
        char *lf = strip_line_end_crs (data, len);
        if (lf != NULL) {
            g_free (data);
            data = lf;
            len = strlen (lf);
        }
        deduped = drop_duplicate_keys (self->path, data, len, &duplicates);
    }
    if (problem == NULL
        && !g_key_file_load_from_data (self->keys, deduped != NULL ? deduped : data,
                                       deduped != NULL ? strlen (deduped) : len,
                                       G_KEY_FILE_KEEP_COMMENTS
                                       | G_KEY_FILE_KEEP_TRANSLATIONS, &error))
        problem = g_strdup (error->message);
    if (problem == NULL)
        problem = check_values (self->keys, data);
    if (problem != NULL) {
        /* "PATH:LINE: ..." when the problem starts with a line number. */
        const char *sep = g_ascii_isdigit (problem[0]) ? ":" : ": ";
        mark_broken (self, g_strconcat (self->path, sep, problem, NULL), warning);
        return self;
    }

    dropped = drop_secrets (self->keys);
    if (warning != NULL && dropped != NULL)
        *warning = g_strdup_printf ("%s%s%s: ignored %s: passwords and tokens are never stored "
                                    "in the configuration (the next save removes them)",
                                    duplicates != NULL ? duplicates : "",
                                    duplicates != NULL ? "; " : "", self->path, dropped);
    else if (warning != NULL)
        *warning = g_steal_pointer (&duplicates);
    return self;
}

VinvConfig *
vinv_config_ref (VinvConfig *self)
{
    if (self != NULL)
        g_atomic_ref_count_inc (&self->refs);
    return self;
}

void
vinv_config_free (VinvConfig *self)
{
    if (self == NULL || !g_atomic_ref_count_dec (&self->refs))
        return;
    g_free (self->path);
    g_key_file_free (self->keys);
    g_free (self->problem);
    g_free (self);
}

const char *
vinv_config_get_path (const VinvConfig *self)
{
    return self->path;
}

/* The file is written whole to a temporary file in its directory, synced,
 * and renamed over the old one (G_FILE_SET_CONTENTS_CONSISTENT), so a
 * reader sees the old file or the new one, never a part. */
gboolean
vinv_config_save (VinvConfig *self, GError **error)
{
    g_autofree char *dir = NULL;
    g_autofree char *data = NULL;
    gsize len = 0;

    g_return_val_if_fail (self != NULL, FALSE);

    if (self->problem != NULL) {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY,
                     "Not saving the configuration, because %s could not be read (%s); "
                     "fix or remove the file first", self->path, self->problem);
        return FALSE;
    }
    dir = g_path_get_dirname (self->path);
    if (g_mkdir_with_parents (dir, 0700) != 0) {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "Cannot create the directory %s: %s", dir, g_strerror (saved));
        return FALSE;
    }
    data = g_key_file_to_data (self->keys, &len, NULL);
    return g_file_set_contents_full (self->path, data, (gssize) len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* ---- accessors ---- */

/* Names that can follow "profile " or "view " in a group header. */
static gboolean
valid_name (const char *name)
{
    if (name == NULL || name[0] == '\0' || !g_utf8_validate (name, -1, NULL))
        return FALSE;
    for (const char *p = name; *p != '\0'; p++) {
        if (*p == '[' || *p == ']' || g_ascii_iscntrl (*p))
            return FALSE;
    }
    return TRUE;
}

static char **
list_groups (GKeyFile *keys, const char *prefix)
{
    g_auto (GStrv) groups = g_key_file_get_groups (keys, NULL);
    GPtrArray *names = g_ptr_array_new ();
    gsize plen = strlen (prefix);

    for (guint i = 0; groups[i] != NULL; i++) {
        if (g_str_has_prefix (groups[i], prefix) && groups[i][plen] != '\0')
            g_ptr_array_add (names, g_strdup (groups[i] + plen));
    }
    g_ptr_array_add (names, NULL);
    return (char **) g_ptr_array_free (names, FALSE);
}

/* A string value, or NULL when absent or empty. */
static char *
get_nonempty (GKeyFile *keys, const char *group, const char *key)
{
    char *value = g_key_file_get_string (keys, group, key, NULL);
    if (value != NULL && value[0] == '\0')
        g_clear_pointer (&value, g_free);
    return value;
}

static void
set_or_remove (GKeyFile *keys, const char *group, const char *key, const char *value)
{
    if (value != NULL)
        g_key_file_set_string (keys, group, key, value);
    else
        g_key_file_remove_key (keys, group, key, NULL);
}

char **
vinv_config_list_profiles (const VinvConfig *self)
{
    return list_groups (self->keys, PREFIX_PROFILE);
}

VinvProfile *
vinv_config_get_profile (const VinvConfig *self, const char *name)
{
    g_autofree char *group = g_strconcat (PREFIX_PROFILE, name, NULL);
    g_autoptr (VinvProfile) profile = NULL;
    gsize n = 0;

    if (!g_key_file_has_group (self->keys, group))
        return NULL;
    profile = g_new0 (VinvProfile, 1);
    profile->name = g_strdup (name);
    profile->uris = g_key_file_get_string_list (self->keys, group, KEY_URI, &n, NULL);
    if (profile->uris == NULL || n == 0)
        return NULL;
    profile->user = get_nonempty (self->keys, group, KEY_USER);
    profile->ca_file = get_nonempty (self->keys, group, KEY_CA_FILE);
    profile->insecure = g_key_file_get_boolean (self->keys, group, KEY_INSECURE, NULL);
    profile->allow_actions = g_key_file_get_boolean (self->keys, group, KEY_ALLOW_ACTIONS,
                                                     NULL);
    profile->read_only = g_key_file_get_boolean (self->keys, group, KEY_READ_ONLY, NULL);
    g_autofree char *timeout = g_key_file_get_value (self->keys, group, KEY_TIMEOUT, NULL);
    guint64 seconds = 0;
    if (timeout != NULL
        && g_ascii_string_to_unsigned (timeout, 10, 1, MAX_TIMEOUT, &seconds, NULL))
        profile->timeout = (guint) seconds;
    return g_steal_pointer (&profile);
}

/* Keys of the group other than the documented ones are kept.  A password
 * in a URI is dropped; @profile has no field for any other secret. */
void
vinv_config_set_profile (VinvConfig *self, const VinvProfile *profile)
{
    g_autofree char *group = NULL;
    g_autoptr (GPtrArray) uris = g_ptr_array_new_with_free_func (g_free);

    g_return_if_fail (profile != NULL && valid_name (profile->name));
    g_return_if_fail (profile->uris != NULL && profile->uris[0] != NULL);

    group = g_strconcat (PREFIX_PROFILE, profile->name, NULL);
    for (guint i = 0; profile->uris[i] != NULL; i++) {
        gboolean stripped;
        g_ptr_array_add (uris, uri_without_password (profile->uris[i], &stripped));
    }
    g_key_file_set_string_list (self->keys, group, KEY_URI,
                                (const char *const *) uris->pdata, uris->len);
    set_or_remove (self->keys, group, KEY_USER, profile->user);
    set_or_remove (self->keys, group, KEY_CA_FILE, profile->ca_file);
    g_key_file_set_boolean (self->keys, group, KEY_INSECURE, profile->insecure);
    /* written only when set, so files without them stay as they were */
    if (profile->allow_actions)
        g_key_file_set_boolean (self->keys, group, KEY_ALLOW_ACTIONS, TRUE);
    else
        g_key_file_remove_key (self->keys, group, KEY_ALLOW_ACTIONS, NULL);
    if (profile->read_only)
        g_key_file_set_boolean (self->keys, group, KEY_READ_ONLY, TRUE);
    else
        g_key_file_remove_key (self->keys, group, KEY_READ_ONLY, NULL);
    if (profile->timeout != 0)
        g_key_file_set_uint64 (self->keys, group, KEY_TIMEOUT, profile->timeout);
    else
        g_key_file_remove_key (self->keys, group, KEY_TIMEOUT, NULL);
}

/* Also forgets it as the default and the last profile. */
gboolean
vinv_config_remove_profile (VinvConfig *self, const char *name)
{
    g_autofree char *group = g_strconcat (PREFIX_PROFILE, name, NULL);
    g_autofree char *def = vinv_config_get_default_profile (self);

    g_autofree char *last = vinv_config_get_last_profile (self);

    if (!g_key_file_remove_group (self->keys, group, NULL))
        return FALSE;
    if (def != NULL && strcmp (def, name) == 0)
        vinv_config_set_default_profile (self, NULL);
    if (last != NULL && strcmp (last, name) == 0)
        vinv_config_set_last_profile (self, NULL);
    return TRUE;
}

char *
vinv_config_get_default_profile (const VinvConfig *self)
{
    return get_nonempty (self->keys, GROUP_GENERAL, KEY_DEFAULT_PROFILE);
}

void
vinv_config_set_default_profile (VinvConfig *self, const char *name)
{
    set_or_remove (self->keys, GROUP_GENERAL, KEY_DEFAULT_PROFILE, name);
}

char *
vinv_config_get_last_profile (const VinvConfig *self)
{
    return get_nonempty (self->keys, GROUP_GENERAL, KEY_LAST_PROFILE);
}

void
vinv_config_set_last_profile (VinvConfig *self, const char *name)
{
    set_or_remove (self->keys, GROUP_GENERAL, KEY_LAST_PROFILE, name);
}

gboolean
vinv_config_get_cache (const VinvConfig *self)
{
    /* checked on load: a value that is not a boolean made the config empty */
    if (self == NULL || !g_key_file_has_key (self->keys, GROUP_UI, KEY_CACHE, NULL))
        return TRUE;
    return g_key_file_get_boolean (self->keys, GROUP_UI, KEY_CACHE, NULL);
}

void
vinv_config_set_cache (VinvConfig *self, gboolean enabled)
{
    if (enabled)
        g_key_file_remove_key (self->keys, GROUP_UI, KEY_CACHE, NULL);
    else
        g_key_file_set_boolean (self->keys, GROUP_UI, KEY_CACHE, FALSE);
}

/* Reads columns/sort/filter of @group into @out (cleared first).  Returns
 * FALSE if none of the three keys is there. */
static gboolean
read_settings (GKeyFile *keys, const char *group, VinvTableSettings *out)
{
    gboolean found = FALSE;

    vinv_table_settings_clear (out);
    if (!g_key_file_has_group (keys, group))
        return FALSE;
    if (g_key_file_has_key (keys, group, KEY_COLUMNS, NULL)) {
        g_auto (GStrv) ids = g_key_file_get_string_list (keys, group, KEY_COLUMNS, NULL, NULL);
        out->columns = ids != NULL ? g_strjoinv (",", ids) : g_strdup ("");
        found = TRUE;
    }
    out->sort = get_nonempty (keys, group, KEY_SORT);
    out->filter = get_nonempty (keys, group, KEY_FILTER);
    return found || g_key_file_has_key (keys, group, KEY_SORT, NULL)
           || g_key_file_has_key (keys, group, KEY_FILTER, NULL);
}

/* Writes @settings into @group: a NULL field removes its key.  Other keys
 * of the group stay. */
static void
write_settings (GKeyFile *keys, const char *group, const VinvTableSettings *settings)
{
    if (settings->columns != NULL) {
        g_auto (GStrv) ids = g_strsplit (settings->columns, ",", -1);
        GPtrArray *list = g_ptr_array_new ();
        for (guint i = 0; ids[i] != NULL; i++) {
            g_strstrip (ids[i]);
            if (ids[i][0] != '\0')
                g_ptr_array_add (list, ids[i]);
        }
        g_key_file_set_string_list (keys, group, KEY_COLUMNS,
                                    (const char *const *) list->pdata, list->len);
        g_ptr_array_free (list, TRUE);
    } else {
        g_key_file_remove_key (keys, group, KEY_COLUMNS, NULL);
    }
    set_or_remove (keys, group, KEY_SORT, settings->sort);
    set_or_remove (keys, group, KEY_FILTER, settings->filter);
}

/* A scope is a group name's tail: URIs lose their password, and the
 * brackets of an IPv6 host (which a group name cannot hold) are escaped. */
static char *
scope_uri (const char *uri)
{
    gboolean stripped;
    g_autofree char *clean = uri_without_password (uri, &stripped);
    GString *out = g_string_new (NULL);

    for (const char *p = clean; *p != '\0'; p++) {
        if (*p == '[')
            g_string_append (out, "%5B");
        else if (*p == ']')
            g_string_append (out, "%5D");
        else if (!g_ascii_iscntrl (*p))
            g_string_append_c (out, *p);
    }
    return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a, gconstpointer b)
{
    return strcmp (*(const char *const *) a, *(const char *const *) b);
}

char *
vinv_config_scope (const char *profile, const char *const *uris)
{
    g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

    if (profile != NULL && valid_name (profile))
        return g_strconcat (SCOPE_PROFILE, profile, NULL);
    for (guint i = 0; uris != NULL && uris[i] != NULL; i++) {
        char *uri = scope_uri (uris[i]);
        gboolean seen = FALSE;
        for (guint j = 0; j < list->len && !seen; j++)
            seen = strcmp (list->pdata[j], uri) == 0;
        if (seen || uri[0] == '\0')
            g_free (uri);
        else
            g_ptr_array_add (list, uri);
    }
    if (list->len == 0)
        return NULL;
    g_ptr_array_sort (list, compare_strings);
    g_ptr_array_add (list, NULL);
    return g_strjoinv (" ", (char **) list->pdata);
}

static char *
settings_group (const char *scope, const char *table_id)
{
    if (scope == NULL)
        return g_strconcat (PREFIX_TABLE, table_id, NULL);
    return g_strconcat (PREFIX_TABLE, table_id, " for ", scope, NULL);
}

gboolean
vinv_config_get_table_settings (const VinvConfig *self, const char *scope,
                                const char *table_id, VinvTableSettings *out)
{
    g_autofree char *group = settings_group (scope, table_id);
    g_autofree char *shared = NULL;

    if (read_settings (self->keys, group, out))
        return TRUE;
    if (scope == NULL || !g_str_has_prefix (scope, SCOPE_PROFILE))
        return FALSE;
    shared = settings_group (NULL, table_id);
    return read_settings (self->keys, shared, out);
}

/* @settings NULL, or with every field NULL, forgets the table (and the
 * group goes when nothing else is left in it). */
void
vinv_config_set_table_settings (VinvConfig *self, const char *scope, const char *table_id,
                                const VinvTableSettings *settings)
{
    static const VinvTableSettings none = { NULL, NULL, NULL };
    g_autofree char *group = NULL;
    g_auto (GStrv) left = NULL;
    gsize n_left = 0;

    g_return_if_fail (valid_name (table_id) && strchr (table_id, ' ') == NULL);
    g_return_if_fail (scope == NULL || valid_name (scope));

    group = settings_group (scope, table_id);
    write_settings (self->keys, group, settings != NULL ? settings : &none);
    left = g_key_file_get_keys (self->keys, group, &n_left, NULL);
    if (left != NULL && n_left == 0)
        g_key_file_remove_group (self->keys, group, NULL);
}

char **
vinv_config_list_views (const VinvConfig *self)
{
    return list_groups (self->keys, PREFIX_VIEW);
}

VinvNamedView *
vinv_config_get_view (const VinvConfig *self, const char *name)
{
    g_autofree char *group = g_strconcat (PREFIX_VIEW, name, NULL);
    g_autofree char *table = NULL;
    VinvNamedView *view;

    table = get_nonempty (self->keys, group, KEY_TABLE);
    if (table == NULL)
        return NULL;
    view = g_new0 (VinvNamedView, 1);
    view->name = g_strdup (name);
    view->table = g_steal_pointer (&table);
    read_settings (self->keys, group, &view->settings);
    return view;
}

void
vinv_config_set_view (VinvConfig *self, const VinvNamedView *view)
{
    g_autofree char *group = NULL;

    g_return_if_fail (view != NULL && valid_name (view->name));
    g_return_if_fail (view->table != NULL && view->table[0] != '\0');

    group = g_strconcat (PREFIX_VIEW, view->name, NULL);
    g_key_file_set_string (self->keys, group, KEY_TABLE, view->table);
    write_settings (self->keys, group, &view->settings);
}

gboolean
vinv_config_remove_view (VinvConfig *self, const char *name)
{
    g_autofree char *group = g_strconcat (PREFIX_VIEW, name, NULL);
    return g_key_file_remove_group (self->keys, group, NULL);
}

/* ---- settings <-> view ---- */

/* A NULL field leaves that part of the view as it is; columns "" shows no
 * column.  Each part is tried even when an earlier one failed; the first
 * failure is returned, prefixed with what it was about. */
gboolean
vinv_table_settings_apply (const VinvTableSettings *settings, VinvView *view, GError **error)
{
    g_autoptr (GError) first = NULL;

    g_return_val_if_fail (settings != NULL && view != NULL, FALSE);

    if (settings->columns != NULL) {
        g_autoptr (GError) e = NULL;
        if (settings->columns[0] == '\0')
            vinv_view_set_columns (view, NULL, 0);
        else if (!vinv_view_set_columns_text (view, settings->columns, &e))
            g_prefix_error (&e, "columns: ");
        if (e != NULL && first == NULL)
            first = g_steal_pointer (&e);
    }
    if (settings->sort != NULL) {
        g_autoptr (GError) e = NULL;
        if (!vinv_view_set_sort_text (view, settings->sort, &e))
            g_prefix_error (&e, "sort: ");
        if (e != NULL && first == NULL)
            first = g_steal_pointer (&e);
    }
    if (settings->filter != NULL) {
        g_autoptr (VinvFilterError) fe = NULL;
        if (!vinv_view_set_filter (view, settings->filter, &fe) && first == NULL) {
            first = g_error_new (G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                 "filter: %s at character %" G_GSIZE_FORMAT "%s%s",
                                 fe != NULL ? fe->message : "invalid filter",
                                 fe != NULL ? fe->offset + 1 : 0,
                                 fe != NULL && fe->hint != NULL ? "; " : "",
                                 fe != NULL && fe->hint != NULL ? fe->hint : "");
        }
    }
    if (first != NULL) {
        g_propagate_error (error, g_steal_pointer (&first));
        return FALSE;
    }
    return TRUE;
}

/* An empty sort or filter is captured as NULL. */
void
vinv_table_settings_capture (VinvTableSettings *out, const VinvView *view)
{
    const char *filter = vinv_view_get_filter_text (view);

    vinv_table_settings_clear (out);
    out->columns = vinv_view_dup_columns_text (view);
    out->sort = vinv_view_dup_sort_text (view);
    if (out->sort != NULL && out->sort[0] == '\0')
        g_clear_pointer (&out->sort, g_free);
    out->filter = filter != NULL && filter[0] != '\0' ? g_strdup (filter) : NULL;
}
