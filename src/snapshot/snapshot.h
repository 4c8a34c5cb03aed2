/* snapshot.h — saved inventories and inventory histories: the back-end for
 * `file:PATH` and `history:DB@WHEN`, and what `save`, `record` and
 * `history` do.
 *
 * A saved inventory is one SQLite file holding every table of an inventory
 * with its schema, sources, load errors and time (snapshot-file.c).  A
 * history is a database (SQLite file, or PostgreSQL for a team) holding
 * many records of the same sources, each row stored once per version
 * (history.c).  Both formats are documented for users in
 * docs/snapshot-format.md.  This folder is the only code that talks to
 * SQLite or libpq (through sql.h).
 *
 * Errors are in VINV_SNAPSHOT_ERROR with a one-line message that names the
 * file or database and says what is wrong; a database password is never
 * part of a message.
 */
#pragma once

#include "core/backend.h"

G_BEGIN_DECLS

#define VINV_SNAPSHOT_ERROR (vinv_snapshot_error_quark ())
GQuark vinv_snapshot_error_quark (void);

typedef enum {
    VINV_SNAPSHOT_ERROR_NOT_FOUND,   /* no such file */
    VINV_SNAPSHOT_ERROR_EXISTS,      /* refusing to replace an existing file */
    VINV_SNAPSHOT_ERROR_FOREIGN,     /* not a file of ours (or of the other kind) */
    VINV_SNAPSHOT_ERROR_NEWER,       /* written by a newer format version */
    VINV_SNAPSHOT_ERROR_DAMAGED,     /* truncated or corrupt */
    VINV_SNAPSHOT_ERROR_NO_RECORD,   /* a history has no such record */
    VINV_SNAPSHOT_ERROR_FAILED,      /* cannot write, database refused, ... */
} VinvSnapshotErrorCode;

/* The format versions this build writes and reads. */
#define VINV_SNAPSHOT_FORMAT_VERSION 1
#define VINV_HISTORY_FORMAT_VERSION 1

/* --- saved inventories (snapshot-file.c) --- */

/* Writes @inventory to @path as a new SQLite file: built in a temporary
 * file next to it, then renamed over @path, so @path is either the old
 * file or the complete new one.  An existing @path is replaced only if
 * @force (a symbolic link is replaced, never followed).  @saved_at is the
 * time to record (ms since the epoch). */
gboolean vinv_snapshot_save (const VinvInventory *inventory, const char *path,
                             gboolean force, gint64 saved_at, GError **error);
/* The same, the file created with @mode (minus the umask) instead of
 * 0666: 0600 for a file only its owner may read (the GUI's cache).  The
 * file has that mode from its creation on, before anything is written. */
gboolean vinv_snapshot_save_with_mode (const VinvInventory *inventory, const char *path,
                                       gboolean force, gint64 saved_at, int mode,
                                       GError **error);

/* Reads the saved inventory at @path into @inventory (which should be
 * empty): its sources, tables, rows and load errors, as they were saved.
 * Never writes to @path.  Fails with NOT_FOUND, FOREIGN, NEWER or DAMAGED;
 * @inventory may then hold part of the file and should be freed.
 * *@saved_at (if not NULL) receives the time it was saved. */
gboolean vinv_snapshot_load (const char *path, VinvInventory *inventory, gint64 *saved_at,
                             GError **error);

/* --- histories (history.c) --- */

/* The default history database: $XDG_DATA_HOME/virt-inventory/history.db.
 * Owned by caller. */
char *vinv_history_dup_default_path (void);

typedef struct {
    gint64 record;            /* the new record's number */
    guint n_sources;
    guint n_rows;             /* rows in the inventory */
    guint n_added;            /* row versions stored (new or changed rows) */
    guint n_removed;          /* rows that are gone since the previous record */
} VinvHistoryRecordInfo;

/* Appends @inventory to the history @db (a path, created if missing, or a
 * postgresql:// URI): a new record holding each source's tables, storing
 * only the rows that differ from that source's previous record.
 * Statistics columns (vinv_column_is_statistic()) are not recorded.
 * Several recorders may share one database; records are serialised. */
gboolean vinv_history_record (const char *db, const VinvInventory *inventory, gint64 taken_at,
                              VinvHistoryRecordInfo *info, GError **error);

/* A table listing the records of @db (record, time, sources, rows,
 * changes, errors), oldest first.  Owned by caller. */
VinvTable *vinv_history_list (const char *db, GError **error);

/* A table of the versions of entity @id of table @table_id over time: one
 * row per change (added, removed, or a column's old and new value).
 * Owned by caller. */
VinvTable *vinv_history_show (const char *db, const char *table_id, const char *id,
                              GError **error);

/* Reads record @when of @db into @inventory: a record number, "latest",
 * or a date/time (the last record at or before it; see vinv_time_parse()).
 * *@record receives the record number. */
gboolean vinv_history_load (const char *db, const char *when, VinvInventory *inventory,
                            gint64 *record, GError **error);

/* --- the back-end (snapshot-backend.c) --- */

/* Registers the back-end for file:PATH and history:DB[@WHEN].  Register it
 * after libvirt's: libvirt takes any other scheme. */
void vinv_snapshot_register (void);

G_END_DECLS
