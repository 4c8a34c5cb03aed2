/* config-private.h — what config.c and config-check.c share: the names
 * of the file's groups and keys, and the checks that run on a file's text
 * before and after GKeyFile reads it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GROUP_GENERAL "general"
#define GROUP_UI "ui"
#define PREFIX_PROFILE "profile "
#define PREFIX_TABLE "table "
#define PREFIX_VIEW "view "

#define KEY_DEFAULT_PROFILE "default-profile"
#define KEY_LAST_PROFILE "last-profile"
#define SCOPE_PROFILE "profile "
#define KEY_URI "uri"
#define KEY_USER "user"
#define KEY_CA_FILE "ca-file"
#define KEY_INSECURE "insecure"
#define KEY_ALLOW_ACTIONS "allow-actions"
#define KEY_READ_ONLY "read-only"
#define KEY_TIMEOUT "timeout"
#define MAX_TIMEOUT 86400
#define KEY_TABLE "table"
#define KEY_COLUMNS "columns"
#define KEY_SORT "sort"
#define KEY_FILTER "filter"
#define KEY_CACHE "cache"

/* config-check.c (see config.c for where each runs) */
char *check_text (const char *data, gsize len);
char *strip_line_end_crs (const char *data, gsize len);
char *drop_duplicate_keys (const char *path, const char *data, gsize len, char **report);
char *check_values (GKeyFile *keys, const char *data);

G_END_DECLS
