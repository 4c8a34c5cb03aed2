/* classify-bench.c — the tokenizer's stage 1 alone: each classifier of
 * src/ovirt/json-tok-walk.c on bytes that are in the cache.
 *
 *     classify-bench [--window BYTES] [--reps N] [--rounds R] FILE
 *
 * Classifies the first BYTES of FILE (default 262144: in the L2 cache, as
 * the bytes of a received chunk are) 64 bytes at a time, N times over
 * (default 2000), with every classifier this CPU runs (sse2, ssse3, avx2,
 * avx512), the classifiers taking turns R times (default 7); prints per
 * classifier the median and the smallest thread CPU time and MB/s (10^6
 * bytes).  It includes json-tok-walk.c itself, so it times the very
 * functions the walker calls (out of line, once per block).  The walk
 * (stage 2) is not in it: tok-bench times the whole tokenizer.  Never a
 * test: it measures, it asserts nothing.
 */
#include "json-tok-walk.c"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double
cpu_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int
cmp_double (const void *a, const void *b)
{
    double x = *(const double *) a, y = *(const double *) b;
    return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
    gint64 window = 262144;
    int reps = 2000, rounds = 7;
    g_autoptr (GError) error = NULL;
    GOptionEntry entries[] = {
        { "window", 0, 0, G_OPTION_ARG_INT64, &window, "Bytes classified (default 262144)", "B" },
        { "reps", 0, 0, G_OPTION_ARG_INT, &reps, "Passes per timing (default 2000)", "N" },
        { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timings per classifier (default 7)", "R" },
        { NULL },
    };
    g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE");
    g_option_context_add_main_entries (ctx, entries, NULL);
    char *data;
    gsize len;
    if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2 || window < 64
        || reps < 1 || rounds < 1 || !g_file_get_contents (argv[1], &data, &len, &error)) {
        fprintf (stderr, "usage: classify-bench [--window B] [--reps N] [--rounds R] FILE%s%s\n",
                 error != NULL ? ": " : "", error != NULL ? error->message : "");
        return 2;
    }
    len = MIN (len, (gsize) window) / 64 * 64;

#ifdef HAVE_X86_64
    __builtin_cpu_init ();
    gboolean pclmul = __builtin_cpu_supports ("pclmul");
    gboolean avx2 = __builtin_cpu_supports ("avx2") && pclmul && __builtin_cpu_supports ("bmi")
                    && __builtin_cpu_supports ("bmi2");
    const struct {
        const char *name;
        Classify f;
        gboolean runs;
    } tiers[] = {
        { "sse2", classify_sse2, TRUE },
        { "ssse3", classify_ssse3, __builtin_cpu_supports ("ssse3") && pclmul },
        { "avx2", classify_avx2, avx2 },
        { "avx512", classify_avx512,
          avx2 && __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
              && os_saves_avx512 () },
    };
    const guint n = G_N_ELEMENTS (tiers);
    double *t = g_new (double, n * (gsize) rounds);
    guint64 marks[G_N_ELEMENTS (tiers)] = { 0 };
    for (int r = 0; r < rounds; r++)
        for (guint k = 0; k < n; k++) {
            if (!tiers[k].runs)
                continue;
            guint64 sum = 0;
            double t0 = cpu_now ();
            for (int p = 0; p < reps; p++) {
                Carry c = { 0, 0 };
                const uchar *b = (const uchar *) data, *end = b + len;
                for (; b < end; b += 64)
                    sum += (guint64) __builtin_popcountll (tiers[k].f (b, end, &c));
            }
            t[k * (gsize) rounds + (gsize) r] = cpu_now () - t0;
            marks[k] = sum / (guint64) reps;
        }
    printf ("%" G_GSIZE_FORMAT " bytes of %s, %d passes, %d rounds\n", len, argv[1], reps, rounds);
    for (guint k = 0; k < n; k++) {
        if (!tiers[k].runs)
            continue;
        double *tk = t + k * (gsize) rounds;
        qsort (tk, (size_t) rounds, sizeof (double), cmp_double);
        double bytes = (double) len * reps / 1e6;
        printf ("%-6s median %.3f s %6.0f MB/s, min %.3f s %6.0f MB/s  (%" G_GUINT64_FORMAT
                " marks)\n", tiers[k].name, tk[rounds / 2], bytes / tk[rounds / 2], tk[0],
                bytes / tk[0], marks[k]);
    }
    g_free (t);
#else
    fprintf (stderr, "classify-bench: x86-64 only\n");
#endif
    g_free (data);
    return 0;
}
