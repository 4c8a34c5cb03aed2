/* convert.h — turning the text of an engine's JSON value into a typed
 * value, separately from parsing (the stream mapper hands over every
 * scalar as text: strings as they are, numbers as their literal).
 *
 * The engine sends integers and booleans as strings or as literals, and
 * decimals possibly in exponent form (shared/OVIRT-API.md).  A text that
 * is not such a value, or one out of range, gives FALSE: the cell is then
 * "no value", never a wrong number (the rules are in convert.c).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Times accepted: 0001-01-01 to 9999-12-31 (UTC), in ms since the epoch. */
#define VINV_OVIRT_TIME_MIN_MS G_GINT64_CONSTANT (-62135596800000)
#define VINV_OVIRT_TIME_MAX_MS G_GINT64_CONSTANT (253402300799999)

/* A JSON number below 2^63 in magnitude, not -0 ("1024", "1.0E+2", "-3.5"). */
gboolean vinv_ovirt_parse_double (const char *text, double *out);

/* A whole number within 64 bits ("123"), or a decimal one rounded
 * (statistics give 1.0E+2). */
gboolean vinv_ovirt_parse_int (const char *text, gint64 *out);

/* A time in ms since the epoch, in the range above; and one given in
 * seconds (stored in ms). */
gboolean vinv_ovirt_parse_time_ms (const char *text, gint64 *out);
gboolean vinv_ovirt_parse_time_s (const char *text, gint64 *out_ms);

/* *out = a * b; FALSE (and *out undefined) when that overflows. */
gboolean vinv_ovirt_checked_mul (gint64 a, gint64 b, gint64 *out);

/* "true" / "false" (any case), or "1" / "0". */
gboolean vinv_ovirt_parse_bool (const char *text, gboolean *out);

G_END_DECLS
