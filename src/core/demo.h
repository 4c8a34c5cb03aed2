/* demo.h — where the built-in demo environment lives, and its URIs.
 *
 * The demo is a folder with demo.uris (one connection per line) and the
 * libvirt test-driver files it names.  Both front ends open it the same
 * way through these two functions.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The demo directory: $VINV_DEMO_DIR if set, else the source tree's
 * data/demo if it exists (running from the build tree), else the installed
 * data directory's demo.  Owned by caller. */
char *vinv_demo_dup_dir (void);

/* Reads @demo_dir/demo.uris (@demo_dir NULL: vinv_demo_dup_dir()): one
 * entry per line, '#' comments and blank lines skipped; an entry with
 * "://" or "file:" is a URI, any other a file name relative to the
 * directory, turned into test:///ABSOLUTE/PATH.  Returns a NULL-terminated
 * array (owned by caller), or NULL with @error: G_FILE_ERROR when the file
 * cannot be read, G_IO_ERROR_INVALID_DATA when it lists nothing. */
char **vinv_demo_dup_uris (const char *demo_dir, GError **error);

G_END_DECLS
