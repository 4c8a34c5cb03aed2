/* tok-bench.c — the JSON tokenizer alone, on the bodies of a whole load.
 *
 *     tok-bench [--runs N] [--chunk BYTES] [--copy] [--mode noop|map|both] FILE...
 *
 * Each FILE is a body the client fetches (bench/tok-bodies saves those of
 * a 10,000-VM simulator as DIR/NNN-DOC.json); all are read into memory
 * once, then tokenized RUNS times (default 5), fed in chunks of BYTES
 * (default 262144, the parse workers' block size in fetch-plan.c):
 *   noop  the tokenizer with every event reported to callbacks that do
 *         nothing (nothing skipped: the walker's cost per byte);
 *   map   the back-end's mapping on the tokenizer (DOC from the file name:
 *         keys nobody reads are skipped, as in a real load).
 * With --copy each chunk is first copied into one buffer of BYTES, reused,
 * as the kernel's receive copy puts it into curl's buffer in a load (the
 * lanes parse in curl's write callback): the tokenizer then reads bytes
 * that are in the cache, not 472 MB streamed from memory, and the copy is
 * the same cost for any tokenizer (use --chunk 16384, curl's buffer).
 * Prints per mode the median thread CPU time (CLOCK_THREAD_CPUTIME_ID; on
 * a shared machine steadier than wall time) and MB/s (10^6 bytes), and the
 * share of the bytes the walker took.  Instructions per byte: run it under
 * callgrind with --runs 1 and --toggle-collect=run_mode (BENCHMARKS.md).
 * Never a test: it measures, it asserts nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>

#include "json-map.h"
#include "json-tok.h"
#include "mapping.h"

typedef struct {
    const VinvOvirtDoc *doc;
    char *data;
    gsize len;
} Body;

static double
cpu_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static gboolean t_start (gpointer c, gboolean m) { return FALSE; }
static void t_end (gpointer c, gboolean m) { }
static gboolean t_key (gpointer c, const char *s, gsize l) { return FALSE; }
static void t_scalar (gpointer c, VinvJsonKind k, const char *s, gsize l) { }
static const VinvJsonTokCallbacks t_noop = { t_start, t_end, t_key, t_scalar };

static void
die (const char *what, const GError *error)
{
    fprintf (stderr, "tok-bench: %s: %s\n", what, error != NULL ? error->message : "failed");
    exit (1);
}

/* One pass over every body; the bytes the walker took (noop) into *walked. */
static gboolean copy_chunks;
static char *copy_buf;

/* @data + @off, or its copy in copy_buf (--copy). */
static inline const char *
chunk_at (const char *data, gsize off, gsize len)
{
    if (!copy_chunks)
        return data + off;
    memcpy (copy_buf, data + off, len);
    return copy_buf;
}

static __attribute__ ((noinline)) void
run_mode (int mode, const Body *b, guint n, gsize chunk, guint64 *walked)
{
    g_autoptr (GError) error = NULL;
    *walked = 0;
    if (mode == 0) {
        for (guint i = 0; i < n; i++) {
            VinvJsonTok *t = vinv_json_tok_new (&t_noop, NULL);
            for (gsize off = 0; off < b[i].len; off += chunk)
                if (!vinv_json_tok_feed (t, chunk_at (b[i].data, off, MIN (chunk, b[i].len - off)),
                                         MIN (chunk, b[i].len - off), &error))
                    die ("noop", error);
            if (!vinv_json_tok_finish (t, &error))
                die ("noop", error);
            *walked += vinv_json_tok_get_walked (t);
            vinv_json_tok_free (t);
        }
        return;
    }
    VinvOvirtLoad load;
    vinv_ovirt_load_init (&load, "engine");
    for (guint i = 0; i < n; i++) {
        VinvOvirtStore batch;
        vinv_ovirt_store_init (&batch);
        VinvOvirtSink sink = { &load, &batch };
        VinvJsonParser *p = vinv_ovirt_doc_parser_new (b[i].doc, &sink, NULL);
        for (gsize off = 0; off < b[i].len; off += chunk)
            if (!vinv_json_parser_feed (p, chunk_at (b[i].data, off, MIN (chunk, b[i].len - off)),
                                        MIN (chunk, b[i].len - off), &error))
                die ("map", error);
        if (!vinv_json_parser_finish (p, &error))
            die ("map", error);
        vinv_json_parser_free (p);
        vinv_ovirt_store_merge (&load.store, &batch);
        vinv_ovirt_store_clear (&batch);
    }
    vinv_ovirt_load_clear (&load);
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
    static const char *const names[] = { "noop", "map" };
    int runs = 5;
    gint64 chunk = 262144;
    const char *mode = "both";
    g_autoptr (GError) error = NULL;
    GOptionEntry entries[] = {
        { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Passes per mode (default 5)", "N" },
        { "chunk", 0, 0, G_OPTION_ARG_INT64, &chunk, "Bytes per feed (default 262144)", "B" },
        { "copy", 0, 0, G_OPTION_ARG_NONE, &copy_chunks, "Copy each chunk into one buffer first",
          NULL },
        { "mode", 0, 0, G_OPTION_ARG_STRING, &mode, "noop, map or both (default)", "M" },
        { NULL },
    };
    g_autoptr (GOptionContext) ctx = g_option_context_new ("FILE...");
    g_option_context_add_main_entries (ctx, entries, NULL);
    if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc < 2 || runs < 1
        || chunk < 1) {
        fprintf (stderr, "usage: tok-bench [--runs N] [--chunk B] [--copy] [--mode M] FILE...\n");
        return 2;
    }
    copy_buf = g_malloc ((gsize) chunk);

    guint n = (guint) argc - 1;
    Body *b = g_new0 (Body, n);
    gsize total = 0;
    for (guint i = 0; i < n; i++) {
        if (!g_file_get_contents (argv[i + 1], &b[i].data, &b[i].len, &error))
            die (argv[i + 1], error);
        /* NNN-DOC.json */
        g_autofree char *base = g_path_get_basename (argv[i + 1]);
        const char *dash = strchr (base, '-');
        g_autofree char *doc = g_strndup (dash != NULL ? dash + 1 : base,
                                          strcspn (dash != NULL ? dash + 1 : base, "."));
        b[i].doc = vinv_ovirt_doc_lookup (doc);
        if (b[i].doc == NULL && strcmp (mode, "noop") != 0) {
            fprintf (stderr, "tok-bench: %s: no document '%s'\n", argv[i + 1], doc);
            return 2;
        }
        total += b[i].len;
    }

    gboolean on[2] = { strcmp (mode, "map") != 0, strcmp (mode, "noop") != 0 };
    double *t[2] = { g_new (double, runs), g_new (double, runs) };
    guint64 walked = 0, w;
    for (int r = 0; r < runs; r++)
        for (int m = 0; m < 2; m++) {
            if (!on[m])
                continue;
            double t0 = cpu_now ();
            run_mode (m, b, n, (gsize) chunk, &w);
            t[m][r] = cpu_now () - t0;
            if (m == 0)
                walked = w;
        }
    printf ("%u bodies, %" G_GSIZE_FORMAT " bytes, %s, %d runs, chunks of %" G_GINT64_FORMAT
            " bytes%s\n", n, total, vinv_json_tok_implementation (), runs, chunk,
            copy_chunks ? ", each copied first" : "");
    for (int m = 0; m < 2; m++) {
        if (!on[m])
            continue;
        qsort (t[m], (size_t) runs, sizeof (double), cmp_double);
        double med = t[m][runs / 2];
        printf ("%-5s %.3f s CPU (min %.3f, max %.3f)  %.0f MB/s", names[m], med, t[m][0],
                t[m][runs - 1], (double) total / 1e6 / med);
        if (m == 0)
            printf ("  (walker took %.2f %% of the bytes)", 100.0 * (double) walked
                                                                / (double) total);
        printf ("\n");
    }
    for (guint i = 0; i < n; i++)
        g_free (b[i].data);
    g_free (b);
    g_free (copy_buf);
    return 0;
}
