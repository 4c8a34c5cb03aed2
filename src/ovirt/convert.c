/* convert.c — engine JSON values to typed values (see convert.h). */
#include "convert.h"

#include <math.h>
#include <string.h>

gboolean
vinv_ovirt_parse_double (const char *text, double *out)
{
    char *end = NULL;
    if (text == NULL || *text == '\0')
        return FALSE;
    double d = g_ascii_strtod (text, &end);
    if (end == text || *end != '\0' || !isfinite (d))
        return FALSE;
    *out = d;
    return TRUE;
}

gboolean
vinv_ovirt_parse_int (const char *text, gint64 *out)
{
    char *end = NULL;
    if (text == NULL || *text == '\0')
        return FALSE;
    gint64 v = g_ascii_strtoll (text, &end, 10);
    if (end != text && *end == '\0') {
        *out = v;
        return TRUE;
    }
    double d;
    if (!vinv_ovirt_parse_double (text, &d) || fabs (d) > 9.2e18)
        return FALSE;
    *out = (gint64) llround (d);
    return TRUE;
}

gboolean
vinv_ovirt_parse_bool (const char *text, gboolean *out)
{
    if (text == NULL)
        return FALSE;
    if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0) {
        *out = TRUE;
        return TRUE;
    }
    if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0) {
        *out = FALSE;
        return TRUE;
    }
    return FALSE;
}
