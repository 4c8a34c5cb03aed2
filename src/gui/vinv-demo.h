/* vinv-demo.h — where the built-in demo environment lives, and its URIs.
 *
 * The same rules as the command-line tool: $VINV_DEMO_DIR if set, else the
 * source tree's data/demo when it exists (running from the build tree),
 * else the installed data directory's demo.  demo.uris lists one entry per
 * line ('#' comments and blank lines skipped); an entry with "://" or a
 * "file:" prefix is a URI, any other is a file name relative to the demo
 * directory, opened as test:///ABSOLUTE/PATH.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The demo directory.  Owned by caller; never NULL. */
char *vinv_demo_dir (void);

/* The demo's URIs (NULL-terminated, owned by caller), or NULL with @error
 * (G_FILE_ERROR) when demo.uris is missing, unreadable or empty. */
char **vinv_demo_uris (GError **error);

G_END_DECLS
