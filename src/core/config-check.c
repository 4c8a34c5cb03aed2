/* config-check.c — checks of a configuration file's text, for config.c:
 * valid UTF-8 and a group, key=value pair or comment on every line
 * (check_text()), CR line ends dropped (strip_line_end_crs()), all but the
 * last copy of a duplicate key removed and reported with its line
 * (drop_duplicate_keys()), and every documented key's value checked after
 * GKeyFile read the text (check_values()).  Problems are "PATH:LINE: what"
 * strings; config.c decides what a problem does to the config.
 */
#include "config-private.h"

#include <string.h>

/* ---- checking the text ---- */

static guint
line_of_offset (const char *data, gsize offset)
{
    guint line = 1;
    for (gsize i = 0; i < offset; i++) {
        if (data[i] == '\n')
            line++;
    }
    return line;
}

/* Checks that @data is UTF-8 without NUL and that every line is blank, a
 * comment, a group header or a key=value pair inside a group.  Returns
 * NULL, or the problem as "LINE: message" (owned by caller). */
char *
check_text (const char *data, gsize len)
{
    const char *end = NULL;
    gboolean in_group = FALSE;
    guint line = 0;

    if (!g_utf8_validate_len (data, len, &end)) {
        gsize offset = (gsize) (end - data);
        if (offset < len && data[offset] == '\0')
            return g_strdup_printf ("%u: NUL byte in the text", line_of_offset (data, offset));
        return g_strdup_printf ("%u: invalid UTF-8", line_of_offset (data, offset));
    }

    for (const char *p = data; p < data + len;) {
        const char *nl = memchr (p, '\n', (gsize) (data + len - p));
        const char *stop = nl != NULL ? nl : data + len;
        g_autofree char *text = g_strstrip (g_strndup (p, (gsize) (stop - p)));

        line++;
        p = nl != NULL ? nl + 1 : data + len;
        if (text[0] == '\0' || text[0] == '#')
            continue;
        if (text[0] == '[') {
            if (!g_str_has_suffix (text, "]") || strlen (text) < 3)
                return g_strdup_printf ("%u: bad group header '%s'", line, text);
            in_group = TRUE;
            continue;
        }
        if (strchr (text, '=') == NULL || text[0] == '=')
            return g_strdup_printf ("%u: '%s' is not a [group], a key=value pair "
                                    "or a # comment", line, text);
        if (!in_group)
            return g_strdup_printf ("%u: key=value before the first [group]", line);
    }
    return NULL;
}

/* The line of @key in [@group] in @data (its last one, the one used), or
 * 0 if not found. */
static guint
find_key_line (const char *data, const char *group, const char *key)
{
    gboolean in_group = FALSE;
    guint line = 0;
    guint found = 0;
    gsize key_len = strlen (key);

    for (const char *p = data; *p != '\0';) {
        const char *nl = strchr (p, '\n');
        const char *stop = nl != NULL ? nl : p + strlen (p);
        g_autofree char *text = g_strstrip (g_strndup (p, (gsize) (stop - p)));

        line++;
        p = nl != NULL ? nl + 1 : stop;
        if (text[0] == '[') {
            gsize n = strlen (text);
            in_group = n >= 2 && n - 2 == strlen (group)
                       && strncmp (text + 1, group, n - 2) == 0;
        } else if (in_group && strncmp (text, key, key_len) == 0) {
            const char *rest = text + key_len;
            while (*rest == ' ' || *rest == '\t')
                rest++;
            if (*rest == '=')
                found = line;
        }
    }
    return found;
}

/* @data with every line end made "\n" (a CR before a LF, or alone at the
 * end, removed): GKeyFile reads "x\r\n" as "x" but keeps a line of a
 * lone "\r" as it is and writes it back as "\r\n", so a file would only
 * settle after two saves.  Returns NULL if there is no CR at a line end. */
char *
strip_line_end_crs (const char *data, gsize len)
{
    GString *out = NULL;

    for (gsize i = 0; i < len; i++) {
        gboolean at_end = data[i] == '\r' && (i + 1 == len || data[i + 1] == '\n'
                                              || data[i + 1] == '\r');
        if (at_end && out == NULL)
            out = g_string_new_len (data, (gssize) i);
        if (out != NULL && !at_end)
            g_string_append_c (out, data[i]);
    }
    return out != NULL ? g_string_free (out, FALSE) : NULL;
}

/* ---- duplicate keys ---- */

/* The group name of header line @text ("[profile a]" -> "profile a"). */
static char *
header_name (const char *text)
{
    const char *end = strrchr (text, ']');
    return g_strndup (text + 1, (gsize) (end - text - 1));
}

/* The key of key=value line @text, as GKeyFile reads it (white space
 * before '=' is not part of it). */
static char *
key_name (const char *text)
{
    return g_strchomp (g_strndup (text, (gsize) (strchr (text, '=') - text)));
}

/* Finds keys given more than once in a group (a group may also appear
 * more than once: GKeyFile merges them).  GKeyFile would read the last
 * one but keep every copy in the text it writes back, so a value nobody
 * sees (a password in an earlier uri=) would survive every save.
 * Returns NULL if there is none; else @data without the earlier copies
 * (their lines removed), and *report says, for @path, where the first one
 * is and how many there are.  @data has passed check_text(). */
char *
drop_duplicate_keys (const char *path, const char *data, gsize len, char **report)
{
    g_autoptr (GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    g_auto (GStrv) lines = g_strsplit (data, "\n", -1);
    g_autofree char *group = NULL;
    g_autoptr (GString) out = NULL;
    guint n_dropped = 0;

    *report = NULL;
    /* the line of the last copy of every group/key */
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *text = g_strstrip (g_strdup (lines[i]));
        if (text[0] == '[') {
            g_free (group);
            group = header_name (text);
        } else if (text[0] != '\0' && text[0] != '#' && group != NULL) {
            g_autofree char *key = key_name (text);
            g_hash_table_insert (last, g_strconcat (group, "\n", key, NULL),
                                 GUINT_TO_POINTER (i + 1));
        }
    }
    g_clear_pointer (&group, g_free);
    out = g_string_sized_new (len);
    for (guint i = 0; lines[i] != NULL; i++) {
        g_autofree char *text = g_strstrip (g_strdup (lines[i]));
        gboolean keep = TRUE;
        if (text[0] == '[') {
            g_free (group);
            group = header_name (text);
        } else if (text[0] != '\0' && text[0] != '#' && group != NULL) {
            g_autofree char *key = key_name (text);
            g_autofree char *id = g_strconcat (group, "\n", key, NULL);
            guint used = GPOINTER_TO_UINT (g_hash_table_lookup (last, id));
            if (used != i + 1) {
                keep = FALSE;
                if (n_dropped++ == 0)
                    *report = g_strdup_printf ("%s:%u: duplicate key '%s' in [%s]: line %u is "
                                               "used, and the next save keeps only that one",
                                               path, i + 1, key, group, used);
            }
        }
        if (keep) {
            g_string_append (out, lines[i]);
            if (lines[i + 1] != NULL)
                g_string_append_c (out, '\n');
        }
    }
    if (n_dropped == 0)
        return NULL;
    if (n_dropped > 1) {
        char *more = g_strdup_printf ("%s (and %u more duplicate key%s)", *report,
                                      n_dropped - 1, n_dropped > 2 ? "s" : "");
        g_free (*report);
        *report = more;
    }
    return g_string_free (g_steal_pointer (&out), FALSE);
}

/* "LINE: [group] key: what" (or without LINE if not found). */
static char *
key_problem (const char *data, const char *group, const char *key, const char *what)
{
    guint line = find_key_line (data, group, key);
    if (line > 0)
        return g_strdup_printf ("%u: [%s] %s: %s", line, group, key, what);
    return g_strdup_printf ("[%s] %s: %s", group, key, what);
}

static char *
check_string (GKeyFile *keys, const char *data, const char *group, const char *key)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *value = NULL;

    if (!g_key_file_has_key (keys, group, key, NULL))
        return NULL;
    /* GKeyFile may return a value and an error (a bad escape) */
    value = g_key_file_get_string (keys, group, key, &error);
    if (error != NULL)
        return key_problem (data, group, key, error->message);
    return NULL;
}

static char *
check_list (GKeyFile *keys, const char *data, const char *group, const char *key,
            gboolean required)
{
    g_autoptr (GError) error = NULL;
    g_auto (GStrv) value = NULL;
    gsize n = 0;

    if (!g_key_file_has_key (keys, group, key, NULL)) {
        if (required)
            return g_strdup_printf ("[%s] has no %s=", group, key);
        return NULL;
    }
    value = g_key_file_get_string_list (keys, group, key, &n, &error);
    if (error != NULL)
        return key_problem (data, group, key, error->message);
    if (required && (n == 0 || value[0][0] == '\0'))
        return key_problem (data, group, key, "must not be empty");
    return NULL;
}

static char *
check_boolean (GKeyFile *keys, const char *data, const char *group, const char *key)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *raw = NULL;

    if (!g_key_file_has_key (keys, group, key, NULL))
        return NULL;
    g_key_file_get_boolean (keys, group, key, &error);
    if (error == NULL)
        return NULL;
    raw = g_key_file_get_value (keys, group, key, NULL);
    g_autofree char *what = g_strdup_printf ("'%s' is not true or false", raw != NULL ? raw : "");
    return key_problem (data, group, key, what);
}

static char *
check_seconds (GKeyFile *keys, const char *data, const char *group, const char *key)
{
    g_autofree char *raw = NULL;
    guint64 value = 0;

    if (!g_key_file_has_key (keys, group, key, NULL))
        return NULL;
    raw = g_key_file_get_value (keys, group, key, NULL);
    if (raw != NULL && g_ascii_string_to_unsigned (raw, 10, 1, MAX_TIMEOUT, &value, NULL))
        return NULL;
    g_autofree char *what = g_strdup_printf ("'%s' is not a number of seconds from 1 to %u",
                                             raw != NULL ? raw : "", MAX_TIMEOUT);
    return key_problem (data, group, key, what);
}

/* Checks every documented key of every documented group.  Returns NULL or
 * the first problem (owned by caller). */
char *
check_values (GKeyFile *keys, const char *data)
{
    g_auto (GStrv) groups = g_key_file_get_groups (keys, NULL);
    char *problem = NULL;

    for (guint i = 0; groups[i] != NULL && problem == NULL; i++) {
        const char *g = groups[i];

        if (strcmp (g, GROUP_GENERAL) == 0) {
            problem = check_string (keys, data, g, KEY_DEFAULT_PROFILE);
            if (problem == NULL)
                problem = check_string (keys, data, g, KEY_LAST_PROFILE);
        } else if (strcmp (g, GROUP_UI) == 0) {
            problem = check_boolean (keys, data, g, KEY_CACHE);
        } else if (g_str_has_prefix (g, PREFIX_PROFILE)) {
            problem = check_list (keys, data, g, KEY_URI, TRUE);
            if (problem == NULL)
                problem = check_string (keys, data, g, KEY_USER);
            if (problem == NULL)
                problem = check_string (keys, data, g, KEY_CA_FILE);
            if (problem == NULL)
                problem = check_boolean (keys, data, g, KEY_INSECURE);
            if (problem == NULL)
                problem = check_boolean (keys, data, g, KEY_ALLOW_ACTIONS);
            if (problem == NULL)
                problem = check_boolean (keys, data, g, KEY_READ_ONLY);
            if (problem == NULL)
                problem = check_seconds (keys, data, g, KEY_TIMEOUT);
        } else if (g_str_has_prefix (g, PREFIX_TABLE) || g_str_has_prefix (g, PREFIX_VIEW)) {
            gboolean is_view = g_str_has_prefix (g, PREFIX_VIEW);
            if (is_view && !g_key_file_has_key (keys, g, KEY_TABLE, NULL))
                problem = g_strdup_printf ("[%s] has no %s=", g, KEY_TABLE);
            if (problem == NULL && is_view)
                problem = check_string (keys, data, g, KEY_TABLE);
            if (problem == NULL)
                problem = check_list (keys, data, g, KEY_COLUMNS, FALSE);
            if (problem == NULL)
                problem = check_string (keys, data, g, KEY_SORT);
            if (problem == NULL)
                problem = check_string (keys, data, g, KEY_FILTER);
        }
    }
    return problem;
}
