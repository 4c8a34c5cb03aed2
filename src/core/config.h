/* config.h — the user's saved configuration: an INI file (GKeyFile) at
 * $XDG_CONFIG_HOME/virt-inventory/config.ini.
 *
 * Holds connection profiles (URIs, user, CA file, insecure flag — never a
 * password or token), per-table settings (shown columns in order, sort,
 * filter) and named views (a table plus such settings).  Groups:
 *
 *   [general]            default-profile=NAME
 *   [ui]                 cache=false  (the GUI keeps no cached inventories)
 *   [profile NAME]       uri=URI;URI;  user=admin@internal  ca-file=PATH
 *                        insecure=false  allow-actions=false  read-only=false
 *   [table ID]           columns=name;status;memory;  sort=-memory
 *                        filter=status = up
 *   [view NAME]          table=vms  columns=...  sort=...  filter=...
 *
 * A key given twice in a group (or in two copies of a group) is reported
 * with its file and line as a warning; the last one wins everywhere, and
 * the next save keeps only it.  A file that cannot be parsed is reported
 * once as a warning, defaults are used, and the file is never written
 * over (saving fails with a message until the user fixes or removes it).  Saving is atomic (write to a
 * temporary file in the same directory, then rename).
 */
#pragma once

#include "view.h"

G_BEGIN_DECLS

typedef struct _VinvConfig VinvConfig;

typedef struct {
    char *name;
    char **uris;         /* NULL-terminated, at least one */
    char *user;          /* or NULL */
    char *ca_file;       /* or NULL */
    gboolean insecure;
    gboolean allow_actions; /* allow-actions=true: VM actions permitted (§14) */
    gboolean read_only;     /* read-only=true: VM actions refused, always */
    guint timeout;          /* timeout=SECONDS: the load time limit; 0 = not set */
} VinvProfile;

typedef struct {
    char *columns;       /* ids joined by ',' or NULL (defaults) */
    char *sort;          /* as vinv_view_set_sort_text(), or NULL */
    char *filter;        /* filter text, or NULL */
} VinvTableSettings;

typedef struct {
    char *name;
    char *table;         /* table id */
    VinvTableSettings settings;
} VinvNamedView;

void vinv_profile_free (VinvProfile *profile);
void vinv_table_settings_clear (VinvTableSettings *settings);
void vinv_named_view_free (VinvNamedView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvProfile, vinv_profile_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvNamedView, vinv_named_view_free)

/* The default path: $XDG_CONFIG_HOME/virt-inventory/config.ini (GLib's
 * g_get_user_config_dir()).  Owned by caller. */
char *vinv_config_default_path (void);

/* Loads @path (NULL: the default path).  Never fails: a missing file gives
 * an empty config; an unreadable or corrupt one gives an empty config, sets
 * *warning (one line naming the file and the problem; owned by caller;
 * @warning may be NULL) and marks the config read-only so the file is left
 * untouched. */
VinvConfig *vinv_config_load (const char *path, char **warning);
void vinv_config_free (VinvConfig *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvConfig, vinv_config_free)

const char *vinv_config_get_path (const VinvConfig *self);

/* Writes the config atomically, creating the directory.  Fails (without
 * touching the file) if the loaded file was corrupt. */
gboolean vinv_config_save (VinvConfig *self, GError **error);

/* Profiles.  get returns a copy or NULL. */
char **vinv_config_list_profiles (const VinvConfig *self);
VinvProfile *vinv_config_get_profile (const VinvConfig *self, const char *name);
void vinv_config_set_profile (VinvConfig *self, const VinvProfile *profile);
gboolean vinv_config_remove_profile (VinvConfig *self, const char *name);
/* The default profile's name, or NULL. */
char *vinv_config_get_default_profile (const VinvConfig *self);
void vinv_config_set_default_profile (VinvConfig *self, const char *name);

/* [ui] cache: whether the GUI keeps the last inventory of each connection
 * in its cache and shows it while loading (vinv-cache.h).  TRUE when not
 * set, and for a NULL config. */
gboolean vinv_config_get_cache (const VinvConfig *self);
/* Sets it (TRUE removes the key: the default). */
void vinv_config_set_cache (VinvConfig *self, gboolean enabled);

/* Per-table settings (by table id).  get fills @out (cleared first) and
 * returns FALSE if nothing is saved for the table. */
gboolean vinv_config_get_table_settings (const VinvConfig *self, const char *table_id,
                                         VinvTableSettings *out);
void vinv_config_set_table_settings (VinvConfig *self, const char *table_id,
                                     const VinvTableSettings *settings);

/* Named views. */
char **vinv_config_list_views (const VinvConfig *self);
VinvNamedView *vinv_config_get_view (const VinvConfig *self, const char *name);
void vinv_config_set_view (VinvConfig *self, const VinvNamedView *view);
gboolean vinv_config_remove_view (VinvConfig *self, const char *name);

/* Applies @settings to @view: columns, then sort, then filter.  A setting
 * that no longer applies (a column that disappeared) fails with a message
 * and leaves the view's other settings applied. */
gboolean vinv_table_settings_apply (const VinvTableSettings *settings, VinvView *view,
                                    GError **error);
/* Captures @view's columns, sort and filter into @out (cleared first). */
void vinv_table_settings_capture (VinvTableSettings *out, const VinvView *view);

G_END_DECLS
