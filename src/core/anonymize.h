/* anonymize.h — stable pseudonyms for an inventory that is to be shared.
 *
 * An anonymiser copies an inventory with every identifying text replaced
 * by a pseudonym: entity names by their kind ("vm-0001", "host-003",
 * "storage-002"), descriptions ("text-0004"), host names and FQDNs
 * ("fqdn-0002.example"), IPv4 addresses with their /24 kept together
 * ("10.0.1.17": every address of one original /24 lands in one pseudonymous
 * /24, the host part kept), IPv6 addresses by /64, MAC addresses
 * ("02:00:00:00:00:05"), paths ("/dir-002/file-0007.qcow2": a directory
 * keeps one pseudonym, so a disk still lies in its pool's directory),
 * URIs ("qemu+ssh://uri-001"), source names ("source-01") and row ids that
 * are not UUIDs (libvirt uses paths, names and MACs as ids: "id-00042").
 *
 * One original gives one pseudonym per kind, in every table and every call
 * on the same anonymiser, so references and lists still point at the rows
 * they pointed at: links line up, and an export of several tables stays
 * consistent.  Pseudonyms are numbered in the order values are met (tables
 * in canonical order, rows in table order), so the same inventory always
 * gives the same pseudonyms.
 *
 * Which text columns are identifying is decided per column id (see the
 * rules in anonymize.c); a text column the rules do not list as harmless
 * (status, type, versions, ...) is replaced as free text, so a column added
 * later is never leaked by default.  Numbers, booleans and timestamps are
 * kept.  Load errors are kept with every original found in them replaced.
 */
#pragma once

#include "inventory.h"

G_BEGIN_DECLS

typedef struct _VinvAnonymizer VinvAnonymizer;

VinvAnonymizer *vinv_anonymizer_new (void);
void vinv_anonymizer_free (VinvAnonymizer *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvAnonymizer, vinv_anonymizer_free)

/* A new inventory: the same tables, sources, errors and rows as
 * @inventory, row i of each table standing for row i of the original (so a
 * view can be carried over with vinv_view_dup_for_table()), with every
 * identifying text replaced.  Owned by caller; @inventory is unchanged. */
VinvInventory *vinv_anonymizer_dup_inventory (VinvAnonymizer *self,
                                              const VinvInventory *inventory);

/* The pseudonym given so far to @original of @kind ("vm", "host", "ipv4",
 * "path", ... as in the map), or NULL.  Borrowed. */
const char *vinv_anonymizer_lookup (const VinvAnonymizer *self, const char *kind,
                                    const char *original);

/* The mapping so far, as text: a comment line, then one line per value,
 * "KIND<TAB>ORIGINAL<TAB>PSEUDONYM", by kind and then pseudonym.  Owned by
 * caller. */
char *vinv_anonymizer_dup_map (const VinvAnonymizer *self);

/* Writes vinv_anonymizer_dup_map() to @path, readable by its owner only
 * (mode 0600 whatever the umask), atomically: a temporary file in the same
 * directory renamed over @path, so a symbolic link at @path is replaced,
 * never followed.  An existing @path is an error (G_IO_ERROR_EXISTS)
 * unless @overwrite.  FALSE with @error on failure, leaving nothing
 * behind. */
gboolean vinv_anonymizer_write_map (const VinvAnonymizer *self, const char *path,
                                    gboolean overwrite, GError **error);

G_END_DECLS
