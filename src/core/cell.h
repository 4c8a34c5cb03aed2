/* cell.h — the typed value in one table cell, and the column that types it.
 *
 * A cell is 12 bytes: a kind tag and a union, packed on 4 bytes (not 16 with
 * the union on 8: at 50,000 VMs the rows' cells are 300,000 arrays of 13 to
 * 65 cells, a third of the memory).  Read the union's members directly
 * (cell->v.d); never keep a pointer to one (&cell->v.i is not aligned
 * for a gint64 *).  Cells never own memory: the
 * strings, references and lists they point at live in their table's arena
 * (see table.h) and die with the table.  Every cell of a column is either of
 * the column's kind or VINV_CELL_NULL ("no value").
 *
 * Quantities hold a double in the base unit of the column's dimension
 * (bytes, percent, ...); timestamps hold milliseconds since the Unix epoch
 * (UTC); references and lists point at rows of another table by id.
 */
#pragma once

#include <glib.h>
#include "units.h"

G_BEGIN_DECLS

typedef enum {
    VINV_CELL_NULL,
    VINV_CELL_BOOL,
    VINV_CELL_INT,
    VINV_CELL_DOUBLE,
    VINV_CELL_STRING,
    VINV_CELL_QUANTITY,
    VINV_CELL_TIME,
    VINV_CELL_REF,
    VINV_CELL_LIST,
    VINV_CELL_LAST
} VinvCellKind;

/* One item of a reference or list cell.  @text is what is shown; @id is the
 * id of the linked row in the column's target table, or NULL for a plain
 * string item (a list of IP addresses has no target). */
typedef struct {
    const char *text;
    const char *id;
} VinvItem;

/* A list cell's items, in the order the back-end gave them.  An empty list
 * is a list with n == 0 (shown as ""), so that "disks = 0" holds for a VM
 * without disks; VINV_CELL_NULL means "not known". */
typedef struct {
    guint n;
    VinvItem items[];
} VinvList;

typedef struct __attribute__ ((packed, aligned (4))) {
    VinvCellKind kind;
    union {
        gboolean b;              /* BOOL */
        gint64 i;                /* INT; TIME (ms since epoch, UTC) */
        double d;                /* DOUBLE; QUANTITY (base unit) */
        const char *s;           /* STRING */
        const VinvItem *ref;     /* REF */
        const VinvList *list;    /* LIST */
    } v;
} VinvCell;
G_STATIC_ASSERT (sizeof (VinvCell) == 12);

/* Column flags. */
typedef enum {
    VINV_COL_DEFAULT  = 1 << 0,  /* shown by default (when available) */
    VINV_COL_SOURCE   = 1 << 1,  /* the Source column: shown when >1 source */
    VINV_COL_ROW_ID   = 1 << 2,  /* the ID column: holds the row id */
    /* Computed by the core from other columns and links (computed.c), for
     * every back-end alike: no back-end fills it, and it is available
     * whenever the columns it is computed from are
     * (vinv_computed_column_available()). */
    VINV_COL_COMPUTED = 1 << 3,
} VinvColumnFlags;

/* A column of a table schema.  Static data: schemas are defined once in
 * tables.c and tables-*.c and never change at run time.  @id is stable (config files and
 * exports use it); @title is what users read and type in filters. */
typedef struct {
    const char *id;
    const char *title;
    VinvCellKind kind;
    const VinvUnit *unit;        /* QUANTITY: display unit (value stored in base) */
    const char *target;          /* REF/LIST: target table id, or NULL */
    guint flags;                 /* VinvColumnFlags */
    const char *help;
} VinvColumn;

/* The name of a cell kind ("string", "quantity", ...). */
const char *vinv_cell_kind_name (VinvCellKind kind);

/* Display text of @cell in @column, as the text output shows it: numbers in
 * the column's display unit with the unit ("4096 MB"), booleans as
 * "true"/"false", timestamps as "YYYY-MM-DD HH:MM:SS" in local time,
 * references as their text, lists as "first (n)" where n counts the other
 * items ("Disk1 (2)" for three disks), with item @first shown first, an
 * empty list as "" and a one-item list as the item.  NULL cells give "".
 * Returns a newly allocated string. */
char *vinv_cell_dup_text (const VinvColumn *column, const VinvCell *cell, guint first);

/* Appends the display text (as vinv_cell_dup_text()) to @out. */
void vinv_cell_append_text (GString *out, const VinvColumn *column,
                            const VinvCell *cell, guint first);

/* Number of items of a list cell (1 for a reference, 0 for null). */
guint vinv_cell_count (const VinvCell *cell);

/* Formats a timestamp (ms since epoch) in local time as
 * "YYYY-MM-DD HH:MM:SS".  Owned by caller. */
char *vinv_time_format (gint64 ms);

/* Parses "2026-11-22", "2026-11-22 10:00", "2026-11-22T10:00:00Z",
 * "2026-11-22 10:00:00" (local time unless a zone is given).  Stores ms
 * since epoch.  Returns FALSE if @text is not such a date. */
gboolean vinv_time_parse (const char *text, gint64 *ms);

G_END_DECLS
