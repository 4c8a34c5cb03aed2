/* convert.h — turning the text of an engine's JSON value into a typed
 * value, separately from parsing (the stream mapper hands over every
 * scalar as text: strings as they are, numbers as their literal).
 *
 * The engine sends integers and booleans as strings or as literals, and
 * decimals possibly in exponent form (shared/OVIRT-API.md).  A text that
 * is not such a value gives FALSE: the cell is then "no value", never a
 * wrong number.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A finite number ("1024", "1.0E+2", "-3.5"). */
gboolean vinv_ovirt_parse_double (const char *text, double *out);

/* A whole number: "123", or a decimal literal whose value is one within
 * the 64-bit range (statistics give 1.0E+2). */
gboolean vinv_ovirt_parse_int (const char *text, gint64 *out);

/* "true" / "false" (any case), or "1" / "0". */
gboolean vinv_ovirt_parse_bool (const char *text, gboolean *out);

G_END_DECLS
