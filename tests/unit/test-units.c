/* test-units.c — parsing and formatting of quantities (units.h). */
#include <math.h>
#include "core/units.h"

static void
test_table_consistent (void)
{
    /* the enum and the table agree, and each dimension's base has factor 1 */
    g_assert_cmpstr (vinv_units[VINV_U_MB].name, ==, "MB");
    g_assert_cmpstr (vinv_units[VINV_U_GIB].name, ==, "GiB");
    g_assert_cmpstr (vinv_units[VINV_U_PERCENT].name, ==, "%");
    g_assert_cmpstr (vinv_units[VINV_U_MBPS].name, ==, "Mbps");
    g_assert_cmpstr (vinv_units[VINV_U_MB_S].name, ==, "MB/s");
    g_assert_cmpstr (vinv_units[VINV_U_GHZ].name, ==, "GHz");
    for (guint d = 0; d < VINV_DIM_LAST; d++)
        g_assert_cmpfloat (vinv_unit_base (d)->factor, ==, 1.0);
}

typedef struct {
    const char *text;
    VinvDimension dim;
    VinvUnitIndex default_unit;
    double expect;
} ParseCase;

static void
test_parse_ok (void)
{
    static const ParseCase cases[] = {
        { "2GB", VINV_DIM_BYTES, VINV_U_MB, 2147483648.0 },
        { "2 GB", VINV_DIM_BYTES, VINV_U_MB, 2147483648.0 },
        { "2gib", VINV_DIM_BYTES, VINV_U_MB, 2147483648.0 },
        { "2048", VINV_DIM_BYTES, VINV_U_MB, 2147483648.0 },
        { "1.5e3", VINV_DIM_BYTES, VINV_U_B, 1500.0 },
        { "512 KB", VINV_DIM_BYTES, VINV_U_MB, 524288.0 },
        { "-3", VINV_DIM_COUNT, VINV_U_COUNT, -3.0 },
        { "12.5%", VINV_DIM_PERCENT, VINV_U_PERCENT, 12.5 },
        { "7d", VINV_DIM_SECONDS, VINV_U_H, 604800.0 },
        { "2", VINV_DIM_SECONDS, VINV_U_H, 7200.0 },
        { "30 min", VINV_DIM_SECONDS, VINV_U_S, 1800.0 },
        { "100 Mbps", VINV_DIM_BITS_PER_SEC, VINV_U_MBPS, 1e8 },
        { "1 Gbps", VINV_DIM_BITS_PER_SEC, VINV_U_MBPS, 1e9 },
        { "2.4GHz", VINV_DIM_HERTZ, VINV_U_MHZ, 2.4e9 },
        { "  10 MB/s ", VINV_DIM_BYTES_PER_SEC, VINV_U_MB_S, 10485760.0 },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        double v = 0;
        gsize pos = 99;
        g_autofree char *msg = NULL;
        gboolean ok = vinv_unit_parse (cases[i].text, cases[i].dim,
                                       &vinv_units[cases[i].default_unit], &v, &pos, &msg);
        g_assert_true (ok);
        g_assert_cmpfloat_with_epsilon (v, cases[i].expect, 1e-6);
    }
}

typedef struct {
    const char *text;
    VinvDimension dim;
    gsize pos;
    const char *message;
} ParseFail;

static void
test_parse_errors (void)
{
    static const ParseFail cases[] = {
        { "", VINV_DIM_BYTES, 0, "expected a number" },
        { "abc", VINV_DIM_BYTES, 0, "expected a number" },
        { "2 XB", VINV_DIM_BYTES, 2, "unknown unit 'XB' (use B, KB, MB, GB, TB, PB, KiB, MiB, "
                                     "GiB, TiB, PiB, bytes)" },
        { "5%", VINV_DIM_BYTES, 1, "unit '%' is not a unit of bytes (use B, KB, MB, GB, TB, "
                                   "PB, KiB, MiB, GiB, TiB, PiB, bytes)" },
        { "3 apples", VINV_DIM_COUNT, 2, "unexpected 'apples' after the number" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        double v = 0;
        gsize pos = 99;
        g_autofree char *msg = NULL;
        g_assert_false (vinv_unit_parse (cases[i].text, cases[i].dim, NULL, &v, &pos, &msg));
        g_assert_cmpuint (pos, ==, cases[i].pos);
        g_assert_cmpstr (msg, ==, cases[i].message);
    }
}

static void
test_format (void)
{
    struct { VinvUnitIndex u; double v; const char *expect; } cases[] = {
        { VINV_U_MB, 4294967296.0, "4096 MB" },
        { VINV_U_GB, 1610612736.0, "1.5 GB" },
        { VINV_U_GB, 1073741824.0 / 3, "0.33 GB" },
        { VINV_U_PERCENT, 12.5, "12.5 %" },
        { VINV_U_COUNT, 3, "3" },
        { VINV_U_COUNT, -0.001, "0" },
        { VINV_U_MBPS, 2.5e6, "2.5 Mbps" },
        { VINV_U_H, 5400, "1.5 h" },
    };
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
        g_autofree char *s = vinv_unit_format (&vinv_units[cases[i].u], cases[i].v);
        g_assert_cmpstr (s, ==, cases[i].expect);
    }
    g_autofree char *n = vinv_unit_format_number (&vinv_units[VINV_U_MB], 1572864.0);
    g_assert_cmpstr (n, ==, "1.5");
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    g_test_add_func ("/units/table", test_table_consistent);
    g_test_add_func ("/units/parse", test_parse_ok);
    g_test_add_func ("/units/parse-errors", test_parse_errors);
    g_test_add_func ("/units/format", test_format);
    return g_test_run ();
}
