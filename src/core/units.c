/* units.c — the unit tables and the parsing/formatting of quantities.
 * See units.h.  Pure functions over static tables; nothing here can fail
 * but the parser, which reports the byte where it stopped.
 */
#include "units.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define KB 1024.0

/* Every unit we know.  The first unit of each dimension is its base unit. */
const VinvUnit vinv_units[VINV_U_LAST] = {
    { "",      VINV_DIM_COUNT,         1.0 },
    { "B",     VINV_DIM_BYTES,         1.0 },
    { "KB",    VINV_DIM_BYTES,         KB },
    { "MB",    VINV_DIM_BYTES,         KB * KB },
    { "GB",    VINV_DIM_BYTES,         KB * KB * KB },
    { "TB",    VINV_DIM_BYTES,         KB * KB * KB * KB },
    { "PB",    VINV_DIM_BYTES,         KB * KB * KB * KB * KB },
    { "KiB",   VINV_DIM_BYTES,         KB },
    { "MiB",   VINV_DIM_BYTES,         KB * KB },
    { "GiB",   VINV_DIM_BYTES,         KB * KB * KB },
    { "TiB",   VINV_DIM_BYTES,         KB * KB * KB * KB },
    { "PiB",   VINV_DIM_BYTES,         KB * KB * KB * KB * KB },
    { "bytes", VINV_DIM_BYTES,         1.0 },
    { "%",     VINV_DIM_PERCENT,       1.0 },
    { "s",     VINV_DIM_SECONDS,       1.0 },
    { "ms",    VINV_DIM_SECONDS,       0.001 },
    { "us",    VINV_DIM_SECONDS,       0.000001 },
    { "min",   VINV_DIM_SECONDS,       60.0 },
    { "h",     VINV_DIM_SECONDS,       3600.0 },
    { "d",     VINV_DIM_SECONDS,       86400.0 },
    { "days",  VINV_DIM_SECONDS,       86400.0 },
    { "bps",   VINV_DIM_BITS_PER_SEC,  1.0 },
    { "Kbps",  VINV_DIM_BITS_PER_SEC,  1e3 },
    { "Mbps",  VINV_DIM_BITS_PER_SEC,  1e6 },
    { "Gbps",  VINV_DIM_BITS_PER_SEC,  1e9 },
    { "B/s",   VINV_DIM_BYTES_PER_SEC, 1.0 },
    { "KB/s",  VINV_DIM_BYTES_PER_SEC, KB },
    { "MB/s",  VINV_DIM_BYTES_PER_SEC, KB * KB },
    { "GB/s",  VINV_DIM_BYTES_PER_SEC, KB * KB * KB },
    { "Hz",    VINV_DIM_HERTZ,         1.0 },
    { "kHz",   VINV_DIM_HERTZ,         1e3 },
    { "MHz",   VINV_DIM_HERTZ,         1e6 },
    { "GHz",   VINV_DIM_HERTZ,         1e9 },
};

static const char *dimension_names[VINV_DIM_LAST] = {
    [VINV_DIM_COUNT] = "count",
    [VINV_DIM_BYTES] = "bytes",
    [VINV_DIM_PERCENT] = "percent",
    [VINV_DIM_SECONDS] = "seconds",
    [VINV_DIM_BITS_PER_SEC] = "bits per second",
    [VINV_DIM_BYTES_PER_SEC] = "bytes per second",
    [VINV_DIM_HERTZ] = "hertz",
};

const VinvUnit *
vinv_unit_base (VinvDimension dim)
{
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (vinv_units[i].dim == dim)
            return &vinv_units[i];
    }
    g_assert_not_reached ();
}

const char *
vinv_dimension_name (VinvDimension dim)
{
    g_return_val_if_fail (dim < VINV_DIM_LAST, "?");
    return dimension_names[dim];
}

/* Exact match first (so "ms" is milliseconds and "Ms" is not guessed), then
 * a case-insensitive match, which is unambiguous for our table except for
 * "MB" vs "Mb"-style bit units, which we do not have. */
const VinvUnit *
vinv_unit_lookup (const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (strcmp (vinv_units[i].name, name) == 0)
            return &vinv_units[i];
    }
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (vinv_units[i].name[0] != '\0' && g_ascii_strcasecmp (vinv_units[i].name, name) == 0)
            return &vinv_units[i];
    }
    return NULL;
}

const VinvUnit *
vinv_unit_lookup_in (const char *name, VinvDimension dim)
{
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (vinv_units[i].dim == dim && strcmp (vinv_units[i].name, name) == 0)
            return &vinv_units[i];
    }
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (vinv_units[i].dim == dim && g_ascii_strcasecmp (vinv_units[i].name, name) == 0)
            return &vinv_units[i];
    }
    return NULL;
}

char *
vinv_dimension_dup_unit_names (VinvDimension dim)
{
    GString *s = g_string_new (NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (vinv_units); i++) {
        if (vinv_units[i].dim != dim || vinv_units[i].name[0] == '\0')
            continue;
        if (s->len > 0)
            g_string_append (s, ", ");
        g_string_append (s, vinv_units[i].name);
    }
    return g_string_free (s, FALSE);
}

char *
vinv_unit_format_number (const VinvUnit *unit, double base_value)
{
    double v = base_value / unit->factor;
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (!isfinite (v))
        return g_strdup (isnan (v) ? "NaN" : (v > 0 ? "inf" : "-inf"));
    if (fabs (v) < 1e15 && v == floor (v))
        return g_strdup_printf ("%.0f", v);
    g_ascii_formatd (buf, sizeof buf, "%.2f", v);
    /* drop trailing zeros of the fraction: 12.50 -> 12.5, 3.00 -> 3 */
    char *dot = strchr (buf, '.');
    if (dot != NULL) {
        char *end = buf + strlen (buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp (buf, "-0") == 0)
        return g_strdup ("0");
    return g_strdup (buf);
}

char *
vinv_unit_format (const VinvUnit *unit, double base_value)
{
    g_autofree char *num = vinv_unit_format_number (unit, base_value);
    if (unit->name[0] == '\0')
        return g_steal_pointer (&num);
    return g_strconcat (num, " ", unit->name, NULL);
}

gboolean
vinv_unit_parse (const char *text,
                 VinvDimension dim,
                 const VinvUnit *default_unit,
                 double *out,
                 gsize *error_pos,
                 char **message)
{
    const char *p = text;
    char *end = NULL;
    double v;

    while (g_ascii_isspace (*p))
        p++;
    if (*p == '\0' || !(g_ascii_isdigit (*p) || *p == '-' || *p == '+' || *p == '.')) {
        *error_pos = p - text;
        *message = g_strdup ("expected a number");
        return FALSE;
    }
    v = g_ascii_strtod (p, &end);
    if (end == p || !isfinite (v)) {
        *error_pos = p - text;
        *message = g_strdup ("expected a number");
        return FALSE;
    }
    p = end;
    while (g_ascii_isspace (*p))
        p++;
    const char *unit_start = p;
    const char *unit_end = p + strlen (p);
    while (unit_end > unit_start && g_ascii_isspace (unit_end[-1]))
        unit_end--;

    const VinvUnit *unit = default_unit != NULL ? default_unit : vinv_unit_base (dim);
    if (unit_end > unit_start) {
        g_autofree char *name = g_strndup (unit_start, unit_end - unit_start);
        const VinvUnit *u = vinv_unit_lookup_in (name, dim);
        if (u == NULL) {
            g_autofree char *names = vinv_dimension_dup_unit_names (dim);
            *error_pos = unit_start - text;
            if (vinv_unit_lookup (name) != NULL)
                *message = g_strdup_printf ("unit '%s' is not a unit of %s (use %s)",
                                            name, vinv_dimension_name (dim),
                                            names[0] ? names : "a plain number");
            else if (names[0] != '\0')
                *message = g_strdup_printf ("unknown unit '%s' (use %s)", name, names);
            else
                *message = g_strdup_printf ("unexpected '%s' after the number", name);
            return FALSE;
        }
        unit = u;
    }
    *out = v * unit->factor;
    return TRUE;
}
