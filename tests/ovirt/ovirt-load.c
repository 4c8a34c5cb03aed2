/* ovirt-load.c — loads an oVirt engine (or the simulator) once through the
 * oVirt back-end and prints what it got: rows and errors per table, the
 * requests sent, and the wall time, CPU time and peak RSS of the load.
 * A measuring tool for bench/ and for debugging, not a test.
 *
 *   ovirt-load [--strategy follow|parallel] [--parallel N] [--dump TABLE]
 *              [--ca-file F] [--insecure] [-u USER] URI
 * The password comes from $VIRT_INVENTORY_PASSWORD (default "ovirt").
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "core/backend.h"
#include "ovirt-backend.h"

static double
cpu_seconds (void)
{
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    return (double) ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6
           + (double) ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static long
peak_rss_kb (void)
{
    struct rusage ru;
    getrusage (RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static void
dump_table (VinvTable *t)
{
    const VinvSchema *s = vinv_table_get_schema (t);
    for (guint c = 0; c < s->n_columns; c++)
        printf ("%s%s", c > 0 ? "\t" : "", s->columns[c].id);
    printf ("\n");
    for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
        for (guint c = 0; c < s->n_columns; c++) {
            g_autofree char *text = vinv_cell_dup_text (&s->columns[c],
                                                        vinv_table_get_cell (t, r, c), 0);
            printf ("%s%s", c > 0 ? "\t" : "", text);
        }
        printf ("\n");
    }
}

int
main (int argc, char **argv)
{
    g_autofree char *strategy = NULL;
    g_autofree char *dump = NULL;
    g_autofree char *ca_file = NULL;
    g_autofree char *user = NULL;
    int parallel = 0;
    gboolean insecure = FALSE;
    g_autoptr (GError) error = NULL;
    GOptionEntry entries[] = {
        { "strategy", 0, 0, G_OPTION_ARG_STRING, &strategy, "follow or parallel", "S" },
        { "parallel", 0, 0, G_OPTION_ARG_INT, &parallel, "requests in flight", "N" },
        { "dump", 0, 0, G_OPTION_ARG_STRING, &dump, "print this table as TSV", "TABLE" },
        { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, "CA bundle", "FILE" },
        { "insecure", 0, 0, G_OPTION_ARG_NONE, &insecure, "no TLS verification", NULL },
        { "user", 'u', 0, G_OPTION_ARG_STRING, &user, "USER@PROFILE", "USER" },
        { NULL },
    };
    g_autoptr (GOptionContext) ctx = g_option_context_new ("URI");
    g_option_context_add_main_entries (ctx, entries, NULL);
    if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc != 2) {
        g_printerr ("usage: ovirt-load [options] URI\n");
        return 1;
    }

    const char *password = g_getenv ("VIRT_INVENTORY_PASSWORD");
    VinvConnectOptions options = {
        .user = g_strdup (user != NULL ? user : "admin@internal"),
        .password = g_strdup (password != NULL ? password : "ovirt"),
        .ca_file = g_strdup (ca_file),
        .insecure = insecure,
        .parallel = (guint) parallel,
        .fetch_strategy = g_strdup (strategy),
    };
    vinv_ovirt_register ();

    gint64 t0 = g_get_monotonic_time ();
    double c0 = cpu_seconds ();
    VinvBackend *backend = vinv_backend_open (argv[1], &options, NULL, &error);
    vinv_connect_options_clear (&options);
    if (backend == NULL) {
        g_printerr ("ovirt-load: %s\n", error->message);
        return 2;
    }
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    if (!vinv_backend_fetch (backend, inv, NULL, NULL, NULL, &error)) {
        g_printerr ("ovirt-load: %s\n", error->message);
        vinv_backend_close (backend);
        return 2;
    }
    double wall = (double) (g_get_monotonic_time () - t0) / 1e6;
    double cpu = cpu_seconds () - c0;
    guint64 requests = vinv_ovirt_get_request_count (backend);
    vinv_backend_close (backend);

    int failed = 0;
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *t = vinv_inventory_get_table (inv, k);
        const char *err = t != NULL ? vinv_table_get_error (t) : NULL;
        g_printerr ("%-16s %8u%s%s\n", vinv_schema_get (k)->title,
                    t != NULL ? vinv_table_get_n_rows (t) : 0, err != NULL ? "  ERROR: " : "",
                    err != NULL ? err : "");
        failed += err != NULL;
        if (dump != NULL && t != NULL && vinv_name_equal (dump, vinv_schema_get (k)->id))
            dump_table (t);
    }
    g_printerr ("requests %" G_GUINT64_FORMAT "  wall %.3f s  cpu %.3f s  peak rss %.1f MB\n",
                requests, wall, cpu, peak_rss_kb () / 1024.0);
    return failed > 0 ? 3 : 0;
}
