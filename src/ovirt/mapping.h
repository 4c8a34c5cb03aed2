/* mapping.h — the oVirt mapping as data: which documents a fetch reads,
 * and for every kind of JSON record which paths feed which columns.
 *
 * The data lives in documents.c; this header defines its shape and the
 * machinery (mapping.c) that compiles it into the stream mapper's record
 * specs (json-map.h) and runs the generic close functions.  Three kinds of
 * things are declared, and nothing is written twice:
 *
 *  - a record map (VinvOvirtRecordMap) per kind of JSON object (a VM, a
 *    host NIC, a disk attachment): one row {JSON path, column id,
 *    conversion} per value it reads.  A record either makes rows of a table
 *    (it has an "id" row) or pairs of ids (VinvPairKind, load.h).  Child
 *    records (a VM's NICs) are listed with the path where they sit; a
 *    record with statistic rows reads "statistics.statistic" by itself.
 *    Hand-written code remains only for computed columns (the record's
 *    compute function, whose inputs are declared as INPUT rows) and for
 *    the relations the join builds (join.c; join-columns.c lists the
 *    columns it fills in vinv_ovirt_join_columns).
 *  - the document list (VinvOvirtDocument): every collection and
 *    per-entity sub-collection, the tables it feeds and where its data sits
 *    inline in its parent's record.  follow= values and the per-entity
 *    requests of the parallel strategy are derived from it.
 *  - the back-end's table description (VinvBackendClass.tables), derived
 *    from both: the columns of the rows, the computed columns and the
 *    join's columns, per table.
 *
 * Adding a plain oVirt column is one row.  Values are converted separately
 * from parsing (convert.h), and the parser only sees record specs whose
 * keys it matches through its trie, so the tokenizer under json-map.c can
 * change without touching the mapping.
 */
#pragma once

#include "load.h"

G_BEGIN_DECLS

/* How the value(s) at a row's path are used. */
typedef enum {
    /* Into column @column of the record's table.  Several rows may name the
     * same column: they are alternatives, and the first that gives a valid
     * value wins (disk name, else alias).  A value that does not convert
     * leaves the cell empty ("no value"). */
    VINV_OVIRT_TEXT,            /* text as it came */
    VINV_OVIRT_BOOL,            /* true / false (also "1" / "0") */
    VINV_OVIRT_INT,             /* a whole number */
    VINV_OVIRT_POSITIVE_INT,    /* a whole number > 0; 0 or less is no value */
    VINV_OVIRT_DOUBLE,          /* a number, for a DOUBLE column */
    VINV_OVIRT_QUANTITY,        /* a number already in the column's base unit */
    VINV_OVIRT_MHZ,             /* a number of MHz, stored in Hz */
    VINV_OVIRT_BYTES_AS_BITS,   /* bytes (per second), stored as bits */
    VINV_OVIRT_TIME_MS,         /* epoch milliseconds */
    VINV_OVIRT_TIME_S,          /* epoch seconds > 0 */
    VINV_OVIRT_TEXT_LIST,       /* every value, as a list of plain items */
    /* Not a cell of the record's own. */
    VINV_OVIRT_ID,              /* the row's id; @column NULL */
    VINV_OVIRT_LINK,            /* the id of a related entity, kept for the
                                 * join: @column names the VinvOvirtLinks field
                                 * ("cluster", "vm", "mac", ...) */
    VINV_OVIRT_INPUT,           /* a value the compute function reads: @column
                                 * names the computed column it feeds (one row
                                 * per input and column) */
    VINV_OVIRT_PAIR,            /* pair records: @column is "owner", "item",
                                 * "info1" or "info2" (first value) */
    VINV_OVIRT_PAIR_EACH,       /* the same, and one pair is made per value
                                 * (none when absent) */
} VinvOvirtConv;

/* A statistic of the record, by name, as a row's path:
 * STAT ("memory.used") reads the newest datum of that statistic from
 * "statistics.statistic" (inline, or the per-entity statistics document). */
#define VINV_OVIRT_STAT_PREFIX "statistic:"
#define STAT(name) VINV_OVIRT_STAT_PREFIX name

typedef struct {
    const char *path;           /* dotted JSON path inside the record, or STAT () */
    const char *column;         /* see VinvOvirtConv */
    VinvOvirtConv conv;
} VinvOvirtField;

typedef struct _VinvOvirtRecordMap VinvOvirtRecordMap;

typedef struct {
    const char *path;                   /* "nics.nic": objects there are records */
    const VinvOvirtRecordMap *record;
} VinvOvirtChild;

/* What a compute function sees: the record that just closed and its row. */
typedef struct {
    VinvOvirtSink *sink;
    const VinvRecord *record;
    gconstpointer compiled;     /* private */
    VinvTable *table;
    guint row;
    VinvOvirtLinks *links;      /* the row's links */
} VinvOvirtRow;

struct _VinvOvirtRecordMap {
    const char *name;           /* JSON element name ("vm", "host_nic") */
    VinvTableKind table;        /* the table it makes rows of, or VINV_TABLE_LAST */
    VinvPairKind pair;          /* or the pairs it makes (table VINV_TABLE_LAST) */
    /* Link field the enclosing record's id fills when the record does not
     * name its owner itself ("vm" for a VM's NICs), or NULL. */
    const char *parent_link;
    const VinvOvirtField *fields;       /* terminated by path == NULL */
    const VinvOvirtChild *children;     /* terminated by path == NULL, or NULL */
    /* Fills the computed columns (INPUT rows) of a new row; also runs when a
     * per-entity document updates the row, so it must set a cell only from
     * values that are present.  NULL when there are none. */
    void (*compute) (const VinvOvirtRow *row);
};

/* A document the fetch reads.  Collections ("vms") hold elements of
 * @record; per-entity documents ("vms/ * /nics", the star standing for the
 * parent's id) hold what sits at @inline_path in the parent document's
 * record, and are read either inlined by follow= or, in the parallel
 * strategy, one request per parent row. */
typedef struct {
    const char *path;                   /* under the API root, '*' for a parent id */
    guint tables;                       /* bit per VinvTableKind it feeds (fails) */
    const VinvOvirtRecordMap *record;   /* collections: the element record */
    const char *inline_path;            /* per-entity: where it sits in the parent */
    /* per-entity, parallel strategy: asked for this parent row? NULL: always */
    gboolean (*wanted) (const VinvOvirtLinks *parent);
    /* collections: about how many MB its body has per 1,000 VMs of the
     * environment (with its follow=; measured on the simulator), 0 for
     * those that do not grow with the VMs.  Only for keeping the big
     * bodies on different lanes (fetch-lane.c): a rough guess is enough. */
    guint weight;
} VinvOvirtDocument;

/* documents.c: the list, in request order, terminated by path == NULL. */
extern const VinvOvirtDocument vinv_ovirt_documents[];

/* join-columns.c: the columns the join fills, terminated by {VINV_TABLE_LAST},
 * with a bit per other table (1 << VinvTableKind) whose rows or ids the
 * column is built from. */
typedef struct {
    VinvTableKind table;
    const char *column;
    guint needs;
} VinvOvirtJoinColumn;
extern const VinvOvirtJoinColumn vinv_ovirt_join_columns[];

/* ---- the compiled mapping (mapping.c) ---------------------------------------- */

typedef struct _VinvOvirtDoc VinvOvirtDoc;
struct _VinvOvirtDoc {
    const VinvOvirtDocument *def;
    const VinvOvirtDoc *parent;         /* per-entity documents, else NULL */
    const VinvOvirtDoc *const *children;  /* per-entity documents under it, NULL-ended */
    const char *segment;                /* last path segment ("diskattachments") */
    const char *follow;                 /* collections: follow= value, or NULL */
    VinvTableKind row_table;            /* the table its elements make rows of, or
                                         * VINV_TABLE_LAST */
    const VinvRecordSpec *spec;         /* the parser's root spec */
    int parent_slot;                    /* per-entity: slot of the parent's id, else -1 */
};

/* Compiles everything once (thread-safe) and checks it: an unknown column,
 * link or pair role is a programming error (g_error).  The others call it. */
void vinv_ovirt_mapping_init (void);

/* The documents, in list order; NULL-terminated. */
const VinvOvirtDoc *const *vinv_ovirt_docs (void);
/* The document with @path ("vms/ * /nics" without spaces), or NULL. */
const VinvOvirtDoc *vinv_ovirt_doc_lookup (const char *path);
gboolean vinv_ovirt_doc_is_collection (const VinvOvirtDoc *doc);

/* A parser for one body of @doc into @sink; @parent_id for per-entity
 * documents (the id the star stands for). */
VinvJsonParser *vinv_ovirt_doc_parser_new (const VinvOvirtDoc *doc, VinvOvirtSink *sink,
                                           const char *parent_id);

/* The oVirt back-end's VinvBackendClass.tables, derived from the mapping
 * and the join's columns: vinv_ovirt_tables is empty ({NULL}) until
 * vinv_ovirt_mapping_init() fills it, and static afterwards. */
extern VinvBackendTable vinv_ovirt_tables[VINV_TABLE_LAST + 1];
const VinvBackendTable *vinv_ovirt_backend_tables (void);

/* For compute functions: the first value at @path (declared by an INPUT or
 * column row of the record), or NULL. */
const char *vinv_ovirt_row_value (const VinvOvirtRow *row, const char *path);
gboolean vinv_ovirt_row_int (const VinvOvirtRow *row, const char *path, gint64 *out);
gboolean vinv_ovirt_row_double (const VinvOvirtRow *row, const char *path, double *out);
/* A time in ms since the epoch, in the range convert.h accepts. */
gboolean vinv_ovirt_row_time (const VinvOvirtRow *row, const char *path, gint64 *out_ms);
/* Notes that computed column @col of the row got no value because its
 * inputs were out of range (@text: what they were, for the message). */
void vinv_ovirt_row_reject (const VinvOvirtRow *row, guint col, const char *text);

G_END_DECLS
