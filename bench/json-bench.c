/* json-bench.c — in-process throughput of the oVirt JSON path, per engine.
 *
 *     json-bench FILE DOC [RUNS [ENGINE]]
 *
 * FILE holds the body of the collection DOC ("vms", as fetched with its
 * follow=); it is read into memory once and fed in 16 KiB chunks (curl's
 * write-callback size) through, in turn:
 *   yajl-noop   yajl with callbacks that do nothing (the parser alone)
 *   tok-noop    the tokenizer, every event reported, nothing skipped
 *   map-yajl    the back-end's mapping (vinv_ovirt_doc_parser_new) on yajl
 *               (the tests' reference engine, tests/ovirt/json-map-yajl.c:
 *               the product has no yajl; one call more per event than when
 *               json-map.c had it built in)
 *   map-tok     the same on the tokenizer (skips what the mapping does not name)
 * (or only ENGINE, e.g. under callgrind) RUNS times each, interleaved, and
 * prints one line per engine: median CPU
 * seconds of the thread (CLOCK_THREAD_CPUTIME_ID) and MB/s (10^6 bytes).
 * Under load, wall times mean little; thread CPU time is steadier.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>
#include <yajl/yajl_parse.h>

#include "json-map-yajl.h"
#include "json-map.h"
#include "json-tok.h"
#include "mapping.h"

#define CHUNK 16384

static double
cpu_now (void)
{
    struct timespec ts;
    clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static int y_ok0 (void *c) { return 1; }
static int y_ok1 (void *c, int v) { return 1; }
static int y_ok2 (void *c, const char *s, size_t l) { return 1; }
static int y_ok3 (void *c, const unsigned char *s, size_t l) { return 1; }
static const yajl_callbacks y_noop = {
    y_ok0, y_ok1, NULL, NULL, y_ok2, y_ok3, y_ok0, y_ok3, y_ok0, y_ok0, y_ok0,
};

static gboolean t_start (gpointer c, gboolean m) { return FALSE; }
static void t_end (gpointer c, gboolean m) { }
static gboolean t_key (gpointer c, const char *s, gsize l) { return FALSE; }
static void t_scalar (gpointer c, VinvJsonKind k, const char *s, gsize l) { }
static const VinvJsonTokCallbacks t_noop = { t_start, t_end, t_key, t_scalar };

static double
run_one (int mode, const VinvOvirtDoc *doc, const char *data, gsize len)
{
    g_autoptr (GError) error = NULL;
    double t0 = cpu_now ();
    gboolean ok = TRUE;
    if (mode == 0) {
        yajl_handle h = yajl_alloc (&y_noop, NULL, NULL);
        yajl_config (h, yajl_dont_validate_strings, 1);
        for (gsize off = 0; ok && off < len; off += CHUNK)
            ok = yajl_parse (h, (const unsigned char *) data + off, MIN (CHUNK, len - off))
                 == yajl_status_ok;
        ok = ok && yajl_complete_parse (h) == yajl_status_ok;
        yajl_free (h);
    } else if (mode == 1) {
        VinvJsonTok *t = vinv_json_tok_new (&t_noop, NULL);
        for (gsize off = 0; ok && off < len; off += CHUNK)
            ok = vinv_json_tok_feed (t, data + off, MIN (CHUNK, len - off), &error);
        ok = ok && vinv_json_tok_finish (t, &error);
        vinv_json_tok_free (t);
    } else {
        VinvOvirtLoad load;
        VinvOvirtStore batch;
        vinv_ovirt_load_init (&load, "engine");
        vinv_ovirt_store_init (&batch);
        VinvOvirtSink sink = { &load, &batch };
        vinv_json_parser_set_engine (mode == 2 ? &vinv_json_engine_yajl : NULL);
        VinvJsonParser *p = vinv_ovirt_doc_parser_new (doc, &sink, NULL);
        for (gsize off = 0; ok && off < len; off += CHUNK)
            ok = vinv_json_parser_feed (p, data + off, MIN (CHUNK, len - off), &error);
        ok = ok && vinv_json_parser_finish (p, &error);
        vinv_json_parser_free (p);
        vinv_ovirt_store_merge (&load.store, &batch);
        vinv_ovirt_store_clear (&batch);
        vinv_ovirt_load_clear (&load);
    }
    if (!ok) {
        fprintf (stderr, "json-bench: %s\n", error != NULL ? error->message : "yajl failed");
        exit (1);
    }
    return cpu_now () - t0;
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
    static const char *const names[] = { "yajl-noop", "tok-noop", "map-yajl", "map-tok" };
    char *data;
    gsize len;
    g_autoptr (GError) error = NULL;

    if (argc < 3) {
        fprintf (stderr, "usage: json-bench FILE DOC [RUNS]\n");
        return 2;
    }
    if (!g_file_get_contents (argv[1], &data, &len, &error)) {
        fprintf (stderr, "json-bench: %s\n", error->message);
        return 1;
    }
    const VinvOvirtDoc *doc = vinv_ovirt_doc_lookup (argv[2]);
    if (doc == NULL) {
        fprintf (stderr, "json-bench: no document '%s'\n", argv[2]);
        return 2;
    }
    int runs = argc > 3 ? atoi (argv[3]) : 5;
    double *t[4];
    for (int m = 0; m < 4; m++)
        t[m] = g_new (double, runs);
    const char *only = argc > 4 ? argv[4] : NULL;
    for (int r = 0; r < runs; r++)
        for (int m = 0; m < 4; m++)
            t[m][r] = only == NULL || strcmp (only, names[m]) == 0
                          ? run_one (m, doc, data, len) : 0;
    printf ("%" G_GSIZE_FORMAT " bytes, %s scanning, %d runs, chunks of %d bytes\n", len,
            vinv_json_tok_implementation (), runs, CHUNK);
    for (int m = 0; m < 4; m++) {
        qsort (t[m], (size_t) runs, sizeof (double), cmp_double);
        double med = t[m][runs / 2];
        printf ("%-10s %.3f s CPU (min %.3f, max %.3f)  %.0f MB/s\n", names[m], med, t[m][0],
                t[m][runs - 1], (double) len / 1e6 / med);
    }
    g_free (data);
    return 0;
}
