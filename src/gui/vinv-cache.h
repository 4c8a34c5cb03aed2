/* vinv-cache.h — the last inventory of each connection, kept so that the
 * window opens at once with it while the live load runs.
 *
 * After a complete load (every connection and every table loaded), the
 * window's inventory is saved as a saved-inventory file (snapshot.h) in
 * $XDG_CACHE_HOME/virt-inventory/, named by a SHA-256 of the URIs and
 * the user (never a password: URIs are stripped of one first, and a saved
 * file never holds one), created with mode 0600 in a 0700 folder, written
 * off the main loop into a temporary file and renamed into place.  A load
 * that failed, in whole or in part, leaves the previous cache file as it
 * was.  Saved inventories and history records (back-ends without actions)
 * are not cached.
 *
 * When a window starts its first load, the cache file of those
 * connections is read off the main loop; if it arrives before the first
 * live table, the window shows it with a message giving its age
 * ("Showing cached data from 14:02 (2 h ago) — loading…").  Live tables
 * replace the cached ones as they arrive; when the load finishes the
 * message goes.  If the live load fails or is cancelled, the cached data
 * stays, with a message that says it is cached, how old, and why the live
 * load did not replace it.  A cache file that cannot be read (corrupt, of
 * a newer format, foreign) is ignored with a warning in the log.
 *
 * Off with `[ui] cache=false` in the configuration (config.h).  Without
 * the snapshot module (built without SQLite) there is no cache: every
 * function below does nothing.
 *
 * The window calls the hooks below; everything else is kept here, on the
 * window's object data.
 */
#pragma once

#include "vinv-window.h"

G_BEGIN_DECLS

/* The cache file for @uris (NULL-terminated) loaded as @user (may be
 * NULL), or NULL when this build keeps no cache.  Owned by caller. */
char *vinv_cache_dup_path (const char *const *uris, const char *user);

/* Hook: @window has started loading its URIs (vinv_window_get_uris()).
 * When it shows nothing yet, reads their cache file to show meanwhile. */
void vinv_cache_load_started (VinvWindow *window);

/* Hook: the load of @window has finished with @inventory (borrowed, now
 * shown) or failed with @error (cancelled included).  Writes the cache
 * after a complete load and takes back the cached-data message.  Returns
 * TRUE when it has said what happened (cached data still shown: the
 * window says nothing more), FALSE when the window should. */
gboolean vinv_cache_load_finished (VinvWindow *window, const VinvInventory *inventory,
                                   const GError *error);

/* TRUE while @window shows cached data that its live load has not yet
 * replaced (tables may already be live, as they arrive). */
gboolean vinv_cache_is_shown (VinvWindow *window);
/* When the cached data shown was saved (ms since the epoch), or 0. */
gint64 vinv_cache_get_shown_time (VinvWindow *window);
/* TRUE while a cache file is being read or written for @window. */
gboolean vinv_cache_is_busy (VinvWindow *window);

/* Hook: @window is about to free @inventory (may be NULL), which it no
 * longer shows; a cache writer still reading it holds its own reference. */
void vinv_cache_forget_inventory (VinvWindow *window, const VinvInventory *inventory);

G_END_DECLS
