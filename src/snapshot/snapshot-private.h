/* snapshot-private.h — what the saved-file, history and back-end parts of
 * src/snapshot share.
 */
#pragma once

#include "snapshot.h"
#include "sql.h"

G_BEGIN_DECLS

/* PRAGMA application_id of our SQLite files: "VINV". */
#define VINV_SNAPSHOT_APPLICATION_ID 0x56494e56

/* vinv_meta "format" values. */
#define VINV_SNAPSHOT_FORMAT_NAME "virt-inventory saved inventory"
#define VINV_HISTORY_FORMAT_NAME "virt-inventory history"

/* The back-end a source came from, as the files name it ("ovirt",
 * "libvirt"), from the source's description (VinvSource.tables), and back
 * to the registered back-end's description, so a reopened file offers the
 * same columns as the live source.  NULL if unknown (then every column). */
const char *vinv_snapshot_backend_name (const VinvBackendTable *tables);
const VinvBackendTable *vinv_snapshot_backend_tables (const char *name);

/* Checks that @path is a readable SQLite file before SQLite sees it, so
 * that a missing, empty, truncated-to-nothing or foreign file gets a
 * precise message.  @what is "saved inventory" or "history". */
gboolean vinv_snapshot_check_header (const char *path, const char *what, GError **error);

/* Opens @path read-only, checks its integrity, application id and
 * vinv_meta "format" (@format_name), and that its format version is at
 * most @max_version.  Error messages name @path. */
VinvSql *vinv_snapshot_open_checked (const char *path, const char *format_name,
                                     guint max_version, GError **error);

/* Sets @error from a database error @local, prefixed with @path, mapping
 * corrupt/not-a-database to DAMAGED/FOREIGN. */
void vinv_snapshot_set_db_error (GError **error, const char *path, const GError *local);

/* The canonical column of @schema with id @id, or -1. */
int vinv_snapshot_find_column (const VinvSchema *schema, const char *id);

G_END_DECLS
