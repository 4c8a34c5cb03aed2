/* units.h — physical units of quantity cells.
 *
 * A quantity column stores its values as doubles in the *base unit* of its
 * dimension (bytes, percent, seconds, bits/s, bytes/s, Hz, count) and names a
 * *display unit* of the same dimension (MB for memory, GB for disk sizes).
 * The display unit is what the text output shows and what a filter value
 * without a unit means (`memory > 2048` on a column shown in MB is 2048 MB).
 * Sizes follow oVirt's convention: 1 KB = 1024 B; KiB/MiB/... spell the same.
 * This module is pure data and arithmetic: no I/O, no allocation but for
 * formatting.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
    VINV_DIM_COUNT,          /* plain number: vCPUs, items, operations */
    VINV_DIM_BYTES,
    VINV_DIM_PERCENT,
    VINV_DIM_SECONDS,
    VINV_DIM_BITS_PER_SEC,
    VINV_DIM_BYTES_PER_SEC,
    VINV_DIM_HERTZ,
    VINV_DIM_LAST
} VinvDimension;

/* A unit: a name as shown ("MB"), its dimension, and how many base units it
 * holds.  Units are static data; pointers to them stay valid forever. */
typedef struct {
    const char *name;
    VinvDimension dim;
    double factor;
} VinvUnit;

/* Indices into vinv_units[], so static schemas can name a unit as a
 * constant expression: &vinv_units[VINV_U_MB]. */
typedef enum {
    VINV_U_COUNT, VINV_U_B, VINV_U_KB, VINV_U_MB, VINV_U_GB, VINV_U_TB, VINV_U_PB,
    VINV_U_KIB, VINV_U_MIB, VINV_U_GIB, VINV_U_TIB, VINV_U_PIB, VINV_U_BYTES,
    VINV_U_PERCENT, VINV_U_S, VINV_U_MS, VINV_U_US, VINV_U_MIN, VINV_U_H, VINV_U_D,
    VINV_U_DAYS, VINV_U_BPS, VINV_U_KBPS, VINV_U_MBPS, VINV_U_GBPS,
    VINV_U_BYTES_S, VINV_U_KB_S, VINV_U_MB_S, VINV_U_GB_S,
    VINV_U_HZ, VINV_U_KHZ, VINV_U_MHZ, VINV_U_GHZ,
    VINV_U_LAST
} VinvUnitIndex;

extern const VinvUnit vinv_units[VINV_U_LAST];

/* The base unit of @dim (factor 1).  Never NULL. */
const VinvUnit *vinv_unit_base (VinvDimension dim);

/* Looks up a unit by name, case-insensitively for the letters that are not
 * ambiguous ("mb", "MiB", "GB", "%", "s", "min", "Mbps", "MHz", "B/s").
 * Returns NULL if @name is not a unit of any dimension. */
const VinvUnit *vinv_unit_lookup (const char *name);

/* Looks up a unit like vinv_unit_lookup() but only within @dim.  Returns
 * NULL when the name is unknown or of another dimension. */
const VinvUnit *vinv_unit_lookup_in (const char *name, VinvDimension dim);

/* Short human name of a dimension ("bytes", "percent", ...), for messages. */
const char *vinv_dimension_name (VinvDimension dim);

/* Names of all units of @dim joined with ", ", for hints.  Owned by caller. */
char *vinv_dimension_dup_unit_names (VinvDimension dim);

/* Formats @base_value (in base units) in @unit: the number with at most two
 * decimals, trailing zeros dropped, then a space and the unit name unless
 * the unit name is empty.  "4096 MB", "12.5 %", "3".  Owned by caller. */
char *vinv_unit_format (const VinvUnit *unit, double base_value);

/* Like vinv_unit_format() but only the number, without the unit. */
char *vinv_unit_format_number (const VinvUnit *unit, double base_value);

/* Parses "2GB", "2 GB", "2048", "1.5e3", "-3". When the text carries a unit
 * it must be of @dim; when it carries none, @default_unit applies.  On
 * success stores the value in base units in *out and returns TRUE.  On
 * failure returns FALSE and sets *error_pos (byte offset into @text of the
 * problem) and *message (owned by caller). */
gboolean vinv_unit_parse (const char *text,
                          VinvDimension dim,
                          const VinvUnit *default_unit,
                          double *out,
                          gsize *error_pos,
                          char **message);

G_END_DECLS
