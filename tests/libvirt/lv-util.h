/* lv-util.h — helpers shared by the libvirt back-end's tests: load an
 * inventory from a URI through the back-end, run virsh against the same URI
 * and parse what it prints, and read cells back by row and column.
 *
 * Every helper that can fail asserts (g_assert_*) instead of returning an
 * error: a test that cannot run its setup has failed.
 */
#pragma once

#include <glib.h>

#include "core/inventory.h"

G_BEGIN_DECLS

/* Opens @uri with the libvirt back-end and fetches it into a new inventory;
 * stores the source name in *@source (may be NULL).  Asserts success. */
VinvInventory *lv_load (const char *uri, char **source);

/* lv_load() on a read-write connection (what guest agent calls need). */
VinvInventory *lv_load_read_write (const char *uri, char **source);

/* The absolute test:/// URI of a demo node file ("hv01.xml"). */
char *lv_demo_uri (const char *file);

/* Runs `virsh -c URI` with each of @commands (a NULL-terminated list of
 * virsh command lines) in one process and returns their outputs, one
 * string per command, in a GPtrArray of char*.  Asserts virsh ran. */
GPtrArray *lv_virsh_batch (const char *uri, const char *const *commands);

/* Runs one virsh command line; returns its standard output. */
char *lv_virsh (const char *uri, const char *command);

/* Parses "Key:   value" lines (dominfo, nodeinfo, pool-info, ...) into a
 * table key → value (both stripped). */
GHashTable *lv_parse_fields (const char *output);

/* Rows of a virsh table (list, domblklist, pool-list ...): the lines after
 * the "-----" ruler, each split on runs of spaces into at most @max_fields
 * fields (the last keeps its spaces).  Returns a GPtrArray of GStrv. */
GPtrArray *lv_parse_table (const char *output, guint max_fields);

/* Non-empty lines of @output, stripped. */
GPtrArray *lv_lines (const char *output);

/* The row of @table whose @col (a string column) is @text, or -1. */
int lv_find_row_by (const VinvTable *table, guint col, const char *text);

/* Cell accessors; each asserts the cell has the expected kind (or is
 * NULL, for the _or_ variants). */
const char *lv_string (const VinvTable *t, guint row, guint col);
double lv_quantity (const VinvTable *t, guint row, guint col);
gint64 lv_int (const VinvTable *t, guint row, guint col);
gboolean lv_bool (const VinvTable *t, guint row, guint col);
const VinvList *lv_list (const VinvTable *t, guint row, guint col);
const VinvItem *lv_ref (const VinvTable *t, guint row, guint col);
gboolean lv_is_null (const VinvTable *t, guint row, guint col);

/* TRUE if list cell @list has an item with id @id. */
gboolean lv_list_has_id (const VinvList *list, const char *id);

/* An XML element as a tree (what `virsh dumpxml` prints), for tests to
 * read libvirt's documents independently of the back-end's streaming
 * reader.  Prefixed (namespaced) elements are kept like the others. */
typedef struct _LvXml LvXml;
struct _LvXml {
    char *name;
    GHashTable *attrs;         /* name → value */
    GPtrArray *children;       /* LvXml*, in document order */
    char *text;                /* text content, stripped */
};

/* Parses @xml; asserts it is well-formed.  Free with lv_xml_free. */
LvXml *lv_xml_parse (const char *xml);
void lv_xml_free (LvXml *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LvXml, lv_xml_free)

/* The first descendant of @e at @path ("os/type", names separated by
 * '/'), or NULL.  @e may be NULL. */
const LvXml *lv_xml_find (const LvXml *e, const char *path);

/* Every descendant of @e at @path, in document order (borrowed). */
GPtrArray *lv_xml_find_all (const LvXml *e, const char *path);

/* Attribute @name of @e, or NULL (also when @e is NULL). */
const char *lv_xml_attr (const LvXml *e, const char *name);

G_END_DECLS
