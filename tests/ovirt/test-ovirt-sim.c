/* test-ovirt-sim.c — the oVirt back-end against tools/ovirt-sim over real
 * HTTP and HTTPS: every table and column compared with the simulator's
 * ground truth under both fetch strategies, the request counts, the three
 * questions of DESIGN.md section 1, and the failures the simulator can
 * inject (wrong password, token expiry, 503s, truncated bodies, TLS with
 * and without the engine CA, an empty engine, a 10,000-VM engine).
 *
 * Each test starts its own simulator on port 0 and stops it at the end.
 */
#include <string.h>

#include "core/backend.h"
#include "core/view.h"
#include "ovirt-backend.h"
#include "sim.h"
#include "truth-check.h"

#define PASSWORD "ovirt"

typedef struct {
    const char *strategy;        /* NULL: the default */
    const char *password;        /* NULL: the simulator's */
    const char *ca_file;
    gboolean insecure;
    guint parallel;
} LoadOptions;

typedef struct {
    guint calls;
    guint last_done;
    guint last_total;
    guint64 last_bytes;
    gboolean monotonic;
    GCancellable *cancel_at_first_table;
} ProgressLog;

static void
on_progress (const VinvProgress *p, gpointer user_data)
{
    ProgressLog *log = user_data;
    if (p->done < log->last_done || p->bytes < log->last_bytes)
        log->monotonic = FALSE;
    log->calls++;
    log->last_done = p->done;
    log->last_total = p->total;
    log->last_bytes = p->bytes;
    if (log->cancel_at_first_table != NULL && p->done > 0)
        g_cancellable_cancel (log->cancel_at_first_table);
}

typedef struct {
    VinvInventory *inv;
    guint64 requests;            /* sent by the back-end, login and fetch */
    gint64 t0;                   /* wall clock around the fetch (ms) */
    gint64 t1;
    ProgressLog progress;
} Loaded;

static void
loaded_clear (Loaded *l)
{
    g_clear_pointer (&l->inv, vinv_inventory_free);
}

/* Opens @uri, fetches, closes.  Returns FALSE with @error if open or fetch
 * failed. */
static gboolean
load_uri (const char *uri, const LoadOptions *o, GCancellable *cancellable, Loaded *out,
          GError **error)
{
    VinvConnectOptions options = {
        .user = g_strdup ("admin@internal"),
        .password = g_strdup (o != NULL && o->password != NULL ? o->password : PASSWORD),
        .ca_file = g_strdup (o != NULL ? o->ca_file : NULL),
        .insecure = o != NULL && o->insecure,
        .parallel = o != NULL ? o->parallel : 0,
        .fetch_strategy = g_strdup (o != NULL ? o->strategy : NULL),
    };
    memset (out, 0, sizeof *out);
    out->progress.monotonic = TRUE;
    VinvBackend *backend = vinv_backend_open (uri, &options, cancellable, error);
    vinv_connect_options_clear (&options);
    if (backend == NULL)
        return FALSE;
    out->inv = vinv_inventory_new ();
    out->t0 = g_get_real_time () / 1000;
    gboolean ok = vinv_backend_fetch (backend, out->inv, on_progress, &out->progress,
                                      cancellable, error);
    out->t1 = g_get_real_time () / 1000 + 1;
    out->requests = vinv_ovirt_get_request_count (backend);
    vinv_backend_close (backend);
    if (!ok)
        loaded_clear (out);
    return ok;
}

static void
load_sim (const Sim *sim, const LoadOptions *o, Loaded *out)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *uri = sim_uri (sim);
    g_assert_true (load_uri (uri, o, NULL, out, &error));
    g_assert_no_error (error);
}

static guint
n_rows (const Loaded *l, VinvTableKind kind)
{
    return vinv_table_get_n_rows (vinv_inventory_get_table (l->inv, kind));
}

static const char *
table_error (const Loaded *l, VinvTableKind kind)
{
    return vinv_table_get_error (vinv_inventory_get_table (l->inv, kind));
}

static gint64
truth_count (const Sim *sim, const char *key)
{
    const char *path[] = { "counts", key, NULL };
    yajl_val v = yajl_tree_get (sim->truth, path, yajl_t_number);
    g_assert_nonnull (v);
    return YAJL_GET_INTEGER (v);
}

static const char *const count_keys[VINV_TABLE_LAST] = {
    "vms", "hosts", "disks", "storage_domains", "clusters", "data_centers", "networks",
    "vnic_profiles", "templates", "vm_nics", "host_nics", "snapshots",
};

/* ---- ground truth ------------------------------------------------------------------- */

typedef struct {
    const char *strategy;
    gboolean gzip;               /* ask for gzip (off by default on loopback) */
    gboolean inline_parse;       /* collections on the session thread, no lanes */
} TruthCase;

static const TruthCase truth_cases[] = {
    { "follow", TRUE, FALSE },
    { "parallel", FALSE, FALSE },
    { "follow", FALSE, TRUE },
};

static void
test_truth (gconstpointer data)
{
    const TruthCase *tc = data;
    const char *args[] = { "--seed", "7", "--vms", "150", NULL };
    Sim *sim = sim_start (args, TRUE);
    LoadOptions o = { .strategy = tc->strategy };
    Loaded l;

    g_setenv ("VINV_OVIRT_GZIP", tc->gzip ? "1" : "0", TRUE);
    if (tc->inline_parse)
        g_setenv ("VINV_OVIRT_PARSE_THREADS", "0", TRUE);
    load_sim (sim, &o, &l);
    g_unsetenv ("VINV_OVIRT_GZIP");
    g_unsetenv ("VINV_OVIRT_PARSE_THREADS");

    truth_check (l.inv, sim->truth, l.t0, l.t1);
    g_assert_cmpuint (l.progress.last_done, ==, VINV_TABLE_LAST);
    g_assert_cmpuint (l.progress.last_total, ==, VINV_TABLE_LAST);
    g_assert_true (l.progress.monotonic);
    g_assert_cmpuint (l.progress.last_bytes, >, 0);
    if (g_str_equal (tc->strategy, "follow")) {
        /* one token request, nine collections and the VM pools */
        g_assert_cmpuint (l.requests, ==, 11);
    }
    /* with gzip, fewer bytes on the wire than the decoded bodies */
    if (tc->gzip)
        g_assert_cmpint (sim_stat (sim, "bytes_sent"), <, (gint64) l.progress.last_bytes);
    else
        g_assert_cmpint (sim_stat (sim, "bytes_sent"), >=, (gint64) l.progress.last_bytes);
    g_assert_cmpint (sim_stat (sim, "POST /ovirt-engine/services/sso-logout"), ==, 1);
    g_assert_cmpint (sim_stat (sim, "total_requests"), ==, (gint64) l.requests + 1);
    loaded_clear (&l);
    sim_stop (sim);
}

/* Both strategies give the same tables. */
static void
test_strategies_agree (void)
{
    const char *args[] = { "--seed", "11", "--vms", "80", NULL };
    Sim *sim = sim_start (args, FALSE);
    LoadOptions follow = { .strategy = "follow" };
    LoadOptions parallel = { .strategy = "parallel", .parallel = 16 };
    Loaded a, b;

    load_sim (sim, &follow, &a);
    load_sim (sim, &parallel, &b);
    inventory_check_equal (a.inv, b.inv, 60);
    g_assert_cmpuint (b.requests, >, 10 * a.requests);
    loaded_clear (&a);
    loaded_clear (&b);
    sim_stop (sim);
}

/* The join on two threads (VMs, VM NICs and snapshots beside the other
 * tables, join.c) gives the tables of the join on one, and the truth, on
 * a simulator with latency so that responses come in another order; both
 * strategies.  (By default two threads are used from 20,000 rows on.) */
static void
test_join_threads_agree (gconstpointer data)
{
    const char *args[] = { "--seed", "5", "--vms", "120", "--latency", "3", NULL };
    Sim *sim = sim_start (args, TRUE);
    LoadOptions o = { .strategy = data, .parallel = 16 };
    Loaded one, two;

    g_setenv ("VINV_OVIRT_JOIN_THREADS", "1", TRUE);
    load_sim (sim, &o, &one);
    g_setenv ("VINV_OVIRT_JOIN_THREADS", "2", TRUE);
    load_sim (sim, &o, &two);
    g_unsetenv ("VINV_OVIRT_JOIN_THREADS");

    truth_check (two.inv, sim->truth, two.t0, two.t1);
    inventory_check_equal (one.inv, two.inv, 60);
    loaded_clear (&one);
    loaded_clear (&two);
    sim_stop (sim);
}

/* With follow, the number of requests does not grow with the environment,
 * but for the pages of the VMs collection: 1,500 VMs are two pages of
 * 1,000, and page 1 coming back full asks for pages 2 to 4 ahead
 * (fetch-plan.c, PAGES_AHEAD); 10 VMs are one page. */
static void
test_follow_requests_constant (void)
{
    const char *small[] = { "--vms", "10", NULL };
    const char *big[] = { "--vms", "1500", NULL };
    guint64 counts[2];

    for (guint i = 0; i < 2; i++) {
        Sim *sim = sim_start (i == 0 ? small : big, FALSE);
        Loaded l;
        load_sim (sim, NULL, &l);
        counts[i] = l.requests;
        g_assert_cmpint (sim_stat (sim, "total_requests"), ==, (gint64) l.requests + 1);
        loaded_clear (&l);
        sim_stop (sim);
    }
    g_assert_cmpuint (counts[1], ==, counts[0] + 3);
    g_assert_cmpuint (counts[1], <=, 40);
}

/* The big collections go to different lanes (fetch-lane.c, dispatch()):
 * the first VMs page and the disks, asked for at once, are parsed on two
 * lanes side by side (handed out by count, both went to lane 0, which
 * parsed them one after the other while lane 1 had only the small
 * collections).  In a subprocess, for its trace. */
static void
test_lanes_share (void)
{
    if (g_test_subprocess ()) {
        const char *args[] = { "--vms", "1500", NULL };
        Sim *sim = sim_start (args, FALSE);
        Loaded l;
        g_setenv ("VINV_OVIRT_LANES", "2", TRUE);
        g_setenv ("VINV_OVIRT_TRACE", "1", TRUE);
        load_sim (sim, NULL, &l);
        g_assert_cmpuint (vinv_table_get_n_rows (vinv_inventory_get_table (l.inv,
                                                                           VINV_TABLE_VM)),
                          ==, 1500);
        loaded_clear (&l);
        sim_stop (sim);
        return;
    }
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stderr ("*lane 0 takes /vms?*page%201 (weight 32,*");
    g_test_trap_assert_stderr ("*lane 1 takes /disks?*");
    g_test_trap_assert_stderr_unmatched ("*lane 0 takes /disks?*");
    /* opened without fetch_once: the logout waits for the close */
    g_test_trap_assert_stderr_unmatched ("*logout started*");
}

/* A connection opened to be fetched once (as the session opens them) logs
 * out as soon as every response is in, beside the join, not after it:
 * the tables come out one round trip earlier from a remote engine.  The
 * token is revoked by the time close returns, and a second fetch is
 * refused, not sent without a token.  In a subprocess, for its trace. */
static void
test_logout_early (void)
{
    if (g_test_subprocess ()) {
        const char *args[] = { "--seed", "5", "--vms", "200", NULL };
        Sim *sim = sim_start (args, TRUE);
        g_autofree char *uri = sim_uri (sim);
        g_autoptr (GError) error = NULL;
        VinvConnectOptions options = {
            .user = g_strdup ("admin@internal"),
            .password = g_strdup (PASSWORD),
            .fetch_once = TRUE,
        };
        g_setenv ("VINV_OVIRT_TRACE", "1", TRUE);
        VinvBackend *backend = vinv_backend_open (uri, &options, NULL, &error);
        vinv_connect_options_clear (&options);
        g_assert_no_error (error);
        g_autoptr (VinvInventory) inv = vinv_inventory_new ();
        gint64 t0 = g_get_real_time () / 1000;
        g_assert_true (vinv_backend_fetch (backend, inv, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        truth_check (inv, sim->truth, t0, g_get_real_time () / 1000 + 1);
        g_autoptr (VinvInventory) again = vinv_inventory_new ();
        g_assert_false (vinv_backend_fetch (backend, again, NULL, NULL, NULL, &error));
        g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_FAILED);
        g_assert_nonnull (strstr (error->message, "fetched once already"));
        vinv_backend_close (backend);
        g_assert_cmpint (sim_stat (sim, "POST /ovirt-engine/services/sso-logout"), ==, 1);
        /* the login, the fetch's requests and the logout: nothing for the
         * refused second fetch */
        g_assert_cmpint (sim_stat (sim, "GET /ovirt-engine/api/hosts"), ==, 1);
        sim_stop (sim);
        return;
    }
    g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed ();
    g_test_trap_assert_stderr ("*logout started*fetch plan returned*joined*");
}

/* ---- the three questions (DESIGN.md section 1) ----------------------------------------- */

static VinvView *
view_of (const Loaded *l, VinvTableKind kind, const char *filter)
{
    VinvView *view = vinv_view_new (vinv_inventory_get_table (l->inv, kind), l->inv);
    g_autoptr (VinvFilterError) error = NULL;
    g_assert_true (vinv_view_set_filter (view, filter, &error));
    return view;
}

static void
test_questions (void)
{
    const char *args[] = { "--seed", "3", "--vms", "300", NULL };
    Sim *sim = sim_start (args, TRUE);
    Loaded l;
    yajl_val vms = truth_array (sim->truth, "vms");
    gsize n_vms = YAJL_GET_ARRAY (vms)->len;

    load_sim (sim, NULL, &l);
    VinvTable *t = vinv_inventory_get_table (l.inv, VINV_TABLE_VM);

    /* 1. VMs that wait for a restart, and their hosts: one filter */
    g_autoptr (VinvView) q1 = view_of (&l, VINV_TABLE_VM, "pending restart = true");
    guint expected = 0;
    for (gsize i = 0; i < n_vms; i++)
        expected += truth_bool (YAJL_GET_ARRAY (vms)->values[i], "next_run_configuration_exists");
    g_assert_cmpuint (expected, >, 0);
    g_assert_cmpuint (vinv_view_get_n_rows (q1), ==, expected);
    for (guint i = 0; i < vinv_view_get_n_rows (q1); i++) {
        guint row = vinv_view_get_row (q1, i);
        const char *id = vinv_table_get_row_id (t, row);
        for (gsize k = 0; k < n_vms; k++) {
            yajl_val v = YAJL_GET_ARRAY (vms)->values[k];
            if (strcmp (truth_str (v, "id"), id) != 0)
                continue;
            g_assert_true (truth_bool (v, "next_run_configuration_exists"));
            const VinvCell *host = vinv_table_get_cell (t, row, VINV_VM_HOST);
            const char *truth_host = truth_str (v, "host");
            if (truth_host == NULL)
                g_assert_cmpint (host->kind, ==, VINV_CELL_NULL);
            else
                g_assert_cmpstr (host->v.ref->id, ==, truth_host);
        }
    }

    /* 2. the storage domains of a VM: one filter, one column */
    yajl_val pick = NULL;
    for (gsize i = 0; i < n_vms && pick == NULL; i++) {
        yajl_val v = YAJL_GET_ARRAY (vms)->values[i];
        if (YAJL_GET_ARRAY (truth_array (v, "storage_domains"))->len >= 2)
            pick = v;
    }
    g_assert_nonnull (pick);
    g_autofree char *f2 = g_strdup_printf ("name = \"%s\"", truth_str (pick, "name"));
    g_autoptr (VinvView) q2 = view_of (&l, VINV_TABLE_VM, f2);
    g_assert_cmpuint (vinv_view_get_n_rows (q2), ==, 1);
    const VinvCell *sds = vinv_table_get_cell (t, vinv_view_get_row (q2, 0),
                                               VINV_VM_STORAGE_DOMAINS);
    yajl_val truth_sds = truth_array (pick, "storage_domains");
    g_assert_cmpint (sds->kind, ==, VINV_CELL_LIST);
    g_assert_cmpuint (sds->v.list->n, ==, YAJL_GET_ARRAY (truth_sds)->len);
    for (guint i = 0; i < sds->v.list->n; i++) {
        gboolean found = FALSE;
        for (gsize k = 0; k < YAJL_GET_ARRAY (truth_sds)->len; k++)
            found |= g_strcmp0 (YAJL_GET_STRING (YAJL_GET_ARRAY (truth_sds)->values[k]),
                                sds->v.list->items[i].id) == 0;
        g_assert_true (found);
    }

    /* 3. the VM with the most network traffic: one sort */
    g_autoptr (VinvView) q3 = view_of (&l, VINV_TABLE_VM, NULL);
    g_autoptr (GError) error = NULL;
    g_assert_true (vinv_view_set_sort_text (q3, "-net_rx_rate", &error));
    g_assert_no_error (error);
    yajl_val nics = truth_array (sim->truth, "vm_nics");
    g_autoptr (GHashTable) rx = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
    for (gsize i = 0; i < YAJL_GET_ARRAY (nics)->len; i++) {
        yajl_val n = YAJL_GET_ARRAY (nics)->values[i];
        const char *path[] = { "statistics", "data.current.rx.bps", NULL };
        yajl_val d = yajl_tree_get (n, path, yajl_t_number);
        double *sum = g_hash_table_lookup (rx, truth_str (n, "vm"));
        if (sum == NULL) {
            sum = g_new0 (double, 1);
            g_hash_table_insert (rx, (gpointer) truth_str (n, "vm"), sum);
        }
        *sum += d != NULL ? YAJL_GET_DOUBLE (d) : 0;
    }
    const char *top = NULL;
    double top_rx = -1;
    GHashTableIter iter;
    gpointer key, value;
    g_hash_table_iter_init (&iter, rx);
    while (g_hash_table_iter_next (&iter, &key, &value)) {
        if (*(double *) value > top_rx) {
            top_rx = *(double *) value;
            top = key;
        }
    }
    g_assert_cmpstr (vinv_table_get_row_id (t, vinv_view_get_row (q3, 0)), ==, top);
    /* and the order is by the summed rate */
    for (guint i = 1; i < vinv_view_get_n_rows (q3); i++) {
        const VinvCell *a = vinv_table_get_cell (t, vinv_view_get_row (q3, i - 1),
                                                 VINV_VM_NET_RX_RATE);
        const VinvCell *b = vinv_table_get_cell (t, vinv_view_get_row (q3, i),
                                                 VINV_VM_NET_RX_RATE);
        g_assert_cmpfloat (a->v.d, >=, b->v.d);
    }
    loaded_clear (&l);
    sim_stop (sim);
}

/* ---- failures -------------------------------------------------------------------------- */

static void
test_wrong_password (void)
{
    Sim *sim = sim_start (NULL, FALSE);
    LoadOptions o = { .password = "s3cret-but-wrong" };
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;
    Loaded l;

    g_assert_false (load_uri (uri, &o, NULL, &l, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_AUTH);
    g_assert_null (strchr (error->message, '\n'));
    g_assert_null (strstr (error->message, "s3cret"));
    g_assert_nonnull (strstr (error->message, "admin@internal"));
    g_assert_nonnull (strstr (error->message, sim->hostport));
    g_test_message ("%s", error->message);
    /* no API request was made */
    g_assert_cmpint (sim_stat (sim, "GET /ovirt-engine/api/vms"), ==, 0);
    sim_stop (sim);
}

static void
test_unreachable (void)
{
    g_autoptr (GError) error = NULL;
    Loaded l;

    /* port 1 on loopback: nothing listens there */
    g_assert_false (load_uri ("ovirt+http://127.0.0.1:1", NULL, NULL, &l, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_assert_null (strchr (error->message, '\n'));
    g_test_message ("%s", error->message);
}

static void
test_bad_uri (void)
{
    static const char *const uris[] = { "ovirt://", "ovirt+http://host:80/x?y=1" };
    for (guint i = 0; i < G_N_ELEMENTS (uris); i++) {
        g_autoptr (GError) error = NULL;
        Loaded l;
        g_assert_false (load_uri (uris[i], NULL, NULL, &l, &error));
        g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI);
    }
    LoadOptions o = { .strategy = "sideways" };
    g_autoptr (GError) error = NULL;
    Loaded l;
    g_assert_false (load_uri ("ovirt+http://127.0.0.1:1", &o, NULL, &l, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI);
}

/* Tokens that expire mid-load: renewed, same data. */
static void
test_token_expiry (gconstpointer data)
{
    const char *strategy = data;
    const char *args[] = { "--seed", "5", "--vms", "40", "--token-expiry", "4", NULL };
    Sim *sim = sim_start (args, TRUE);
    LoadOptions o = { .strategy = strategy };
    Loaded l;

    load_sim (sim, &o, &l);
    truth_check (l.inv, sim->truth, l.t0, l.t1);
    g_assert_cmpint (sim_stat (sim, "POST /ovirt-engine/sso/oauth/token"), >, 1);
    loaded_clear (&l);
    sim_stop (sim);
}

/* Pages and collections downloaded and parsed on lanes (fetch-lane.c)
 * while their tokens expire and 503s come: each 401 on a lane goes back to
 * the session thread, which renews the token and hands the page out again
 * (with the new token, read by the lane), and a 503 restarts the page's
 * parse on its lane; the tables are complete and equal to the truth.  Six
 * pages of 10 VMs (and the empty seventh), a token good for 5 requests. */
static void
test_lanes_renew_retry (void)
{
    const char *args[] = { "--seed", "3", "--vms", "60", "--token-expiry", "5",
                           "--fail-rate", "0.1", NULL };
    Sim *sim = sim_start (args, TRUE);
    Loaded l;

    g_setenv ("VINV_OVIRT_PAGE_SIZE", "10", TRUE);
    load_sim (sim, NULL, &l);
    g_unsetenv ("VINV_OVIRT_PAGE_SIZE");
    truth_check (l.inv, sim->truth, l.t0, l.t1);
    g_assert_cmpuint (vinv_inventory_count_failures (l.inv), ==, 0);
    g_assert_cmpint (sim_stat (sim, "POST /ovirt-engine/sso/oauth/token"), >=, 4);
    g_autofree char *stats = sim_get (sim, "/sim/stats");
    g_assert_nonnull (strstr (stats, "\"503\""));
    g_assert_nonnull (strstr (stats, "\"401\""));
    /* every request counted, those of the lanes too */
    g_assert_cmpint (sim_stat (sim, "total_requests"), ==, (gint64) l.requests + 1);
    loaded_clear (&l);
    sim_stop (sim);
}

/* 503s: retried with back-off, same data as a fault-free run.  Rates are
 * such that six 503s in a row for one request (which would fail it) are
 * out of reach: 0.1^6 x 12 requests, 0.05^6 x 900 requests.  Injection is
 * a function of the seed and the request number, so with follow= (a fixed
 * number of requests) seed 1 always gets its two 503s. */
static void
test_fail_rate (gconstpointer data)
{
    const char *strategy = data;
    gboolean parallel = g_str_equal (strategy, "parallel");
    const char *args[] = { "--seed", "1", "--vms", "40", "--fail-rate",
                           parallel ? "0.05" : "0.1", NULL };
    Sim *sim = sim_start (args, TRUE);
    LoadOptions o = { .strategy = strategy };
    Loaded l;

    load_sim (sim, &o, &l);
    truth_check (l.inv, sim->truth, l.t0, l.t1);
    g_autofree char *stats = sim_get (sim, "/sim/stats");
    g_assert_nonnull (strstr (stats, "\"503\""));
    loaded_clear (&l);
    sim_stop (sim);
}

/* A body cut short: that table fails with a one-line message, the others
 * load completely. */
static void
test_truncated (gconstpointer data)
{
    const char *strategy = data;
    gboolean parallel = g_str_equal (strategy, "parallel");
    const char *args[] = { "--seed", "4", "--vms", "60", "--truncate",
                           parallel ? "*/nics" : "*/disks", NULL };
    Sim *sim = sim_start (args, TRUE);
    LoadOptions o = { .strategy = strategy };
    Loaded l;

    load_sim (sim, &o, &l);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        /* the glob on nics cuts VM, host and template NIC lists */
        gboolean should_fail = parallel ? k == VINV_TABLE_VMNIC || k == VINV_TABLE_HOSTNIC
                                          || k == VINV_TABLE_TEMPLATE
                                        : k == VINV_TABLE_DISK;
        const char *err = table_error (&l, k);
        if (should_fail) {
            g_assert_nonnull (err);
            g_assert_null (strchr (err, '\n'));
            g_assert_nonnull (strstr (err, parallel ? "/nics" : "/disks"));
            g_test_message ("%s: %s", vinv_schema_get (k)->title, err);
            if (!parallel)
                g_assert_cmpuint (n_rows (&l, k), ==, 0);
        } else {
            g_assert_null (err);
            g_assert_cmpint (n_rows (&l, k), ==, truth_count (sim, count_keys[k]));
        }
    }
    g_assert_cmpuint (vinv_inventory_count_failures (l.inv), ==, parallel ? 3 : 1);
    loaded_clear (&l);
    sim_stop (sim);
}

/* A response that stops coming: the stall timeout ends it, retries stall
 * again, and that table fails while the others load. */
static void
test_stalled (void)
{
    const char *args[] = { "--vms", "20", "--stall", "*/disks", "--stall-time", "20000", NULL };
    Sim *sim = sim_start (args, FALSE);
    Loaded l;

    g_setenv ("VINV_OVIRT_STALL_TIMEOUT", "1", TRUE);
    load_sim (sim, NULL, &l);
    g_unsetenv ("VINV_OVIRT_STALL_TIMEOUT");
    const char *err = table_error (&l, VINV_TABLE_DISK);
    g_assert_nonnull (err);
    g_assert_nonnull (strstr (err, "/disks: stalled: less than 1024 bytes/s for 1 s (the minimum "
                                   "transfer rate)"));
    g_test_message ("%s", err);
    g_assert_cmpuint (vinv_inventory_count_failures (l.inv), ==, 1);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VM), ==, 20);
    loaded_clear (&l);
    sim_stop (sim);
}

/* ---- every collection failing in turn ---------------------------------------- */

typedef struct {
    const char *fault;           /* "--truncate" or "--stall" */
    const char *strategy;
} FaultCase;

static const FaultCase fault_cases[] = {
    { "--truncate", "follow" }, { "--stall", "follow" }, { "--truncate", "parallel" },
};

/* Each collection of the simulator cut short (or stalled past the stall
 * timeout) in turn: every table either has exactly the simulator's
 * content, or says it failed, or marks the columns it could not fill —
 * never an id in place of a name or an empty list in place of a failed
 * one.  Something is always marked, since something always failed. */
static void
test_each_collection_fails (gconstpointer data)
{
    const FaultCase *fc = data;
    static const char *const follow[] = {
        "vms", "hosts", "disks", "storagedomains", "clusters", "datacenters", "networks",
        "vnicprofiles", "templates", "vmpools", NULL
    };
    /* per-entity documents of the parallel strategy */
    static const char *const parallel[] = {
        "diskattachments", "nics", "statistics", "snapshots", "reporteddevices",
        "networks", "storagedomains", NULL
    };
    gboolean is_parallel = g_str_equal (fc->strategy, "parallel");

    if (g_str_equal (fc->fault, "--stall"))
        g_setenv ("VINV_OVIRT_STALL_TIMEOUT", "1", TRUE);
    for (const char *const *c = is_parallel ? parallel : follow; *c != NULL; c++) {
        g_autofree char *glob = g_strdup_printf ("*/%s", *c);
        const char *args[] = { "--seed", "5", "--vms", "12", fc->fault, glob,
                               "--stall-time", "20000", NULL };
        Sim *sim = sim_start (args, TRUE);
        LoadOptions o = { .strategy = fc->strategy };
        Loaded l;

        load_sim (sim, &o, &l);
        guint marked = truth_check_partial (l.inv, sim->truth, l.t0, l.t1);
        g_test_message ("%s %s: %u tables failed or marked", fc->fault, glob, marked);
        g_assert_cmpuint (marked, >, 0);
        loaded_clear (&l);
        sim_stop (sim);
    }
    g_unsetenv ("VINV_OVIRT_STALL_TIMEOUT");
}

/* A response bigger than the cap fails its tables with a one-line error
 * naming the request and the limit; the small collections load right. */
static void
test_response_cap (void)
{
    const char *args[] = { "--seed", "5", "--vms", "20", NULL };
    Sim *sim = sim_start (args, TRUE);
    Loaded l;

    g_setenv ("VINV_OVIRT_MAX_RESPONSE", "20000", TRUE);
    load_sim (sim, NULL, &l);
    g_unsetenv ("VINV_OVIRT_MAX_RESPONSE");
    const char *err = table_error (&l, VINV_TABLE_VM);
    g_assert_nonnull (err);
    g_test_message ("%s", err);
    g_assert_null (strchr (err, '\n'));
    g_assert_nonnull (strstr (err, "/vms"));
    g_assert_nonnull (strstr (err, "larger than the limit of 20000 bytes"));
    g_assert_null (table_error (&l, VINV_TABLE_CLUSTER));
    g_assert_cmpuint (truth_check_partial (l.inv, sim->truth, l.t0, l.t1), >, 0);
    loaded_clear (&l);
    sim_stop (sim);
}

/* An engine without VMs: empty collections come as {}. */
static void
test_empty (void)
{
    const char *args[] = { "--vms", "0", "--snapshots", "0", "--events", "0", NULL };
    Sim *sim = sim_start (args, TRUE);
    Loaded l;

    load_sim (sim, NULL, &l);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VM), ==, 0);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VMNIC), ==, 0);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_SNAP), ==, 0);
    g_assert_cmpuint (vinv_inventory_count_failures (l.inv), ==, 0);
    truth_check (l.inv, sim->truth, l.t0, l.t1);
    loaded_clear (&l);
    sim_stop (sim);
}

/* 10,000 VMs: every table with the right number of rows. */
static void
test_large (void)
{
    const char *args[] = { "--vms", "10000", NULL };
    Sim *sim = sim_start (args, TRUE);
    Loaded l;

    load_sim (sim, NULL, &l);
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        g_assert_null (table_error (&l, k));
        g_assert_cmpint (n_rows (&l, k), ==, truth_count (sim, count_keys[k]));
    }
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VM), ==, 10000);
    g_assert_cmpuint (l.requests, <=, 40);
    loaded_clear (&l);
    sim_stop (sim);
}

/* ---- TLS --------------------------------------------------------------------------------- */

static void
test_tls_with_ca (void)
{
    g_autoptr (GError) error = NULL;
    g_autofree char *dir = g_dir_make_tmp ("ovirt-tls-XXXXXX", &error);
    g_autofree char *ca = g_build_filename (dir, "ca.pem", NULL);
    g_autofree char *cert = g_build_filename (dir, "cert.pem", NULL);
    g_autofree char *key = g_build_filename (dir, "key.pem", NULL);
    g_autofree char *fetched = g_build_filename (dir, "fetched.pem", NULL);
    const char *tls_args[] = { "--tls", "--vms", "20", "--ca-out", ca, "--cert-out", cert,
                               "--key-out", key, NULL };
    Sim *tls = sim_start_in (dir, tls_args, FALSE);
    /* the same PKI served over plain HTTP, where fetch-ca gets the CA */
    g_autofree char *dir2 = g_dir_make_tmp ("ovirt-tls-XXXXXX", &error);
    const char *plain_args[] = { "--vms", "1", "--cert", cert, "--key", key, "--ca", ca, NULL };
    Sim *plain = sim_start_in (dir2, plain_args, FALSE);

    g_autofree char *engine = g_strconcat ("ovirt+http://", plain->hostport, NULL);
    g_assert_true (vinv_ovirt_fetch_ca (engine, fetched, NULL, &error));
    g_assert_no_error (error);
    g_autofree char *want = NULL;
    g_autofree char *got = NULL;
    g_file_get_contents (ca, &want, NULL, &error);
    g_file_get_contents (fetched, &got, NULL, &error);
    g_assert_cmpstr (got, ==, want);
    /* HOST:PORT works as well */
    g_assert_true (vinv_ovirt_fetch_ca (plain->hostport, fetched, NULL, &error));
    g_assert_no_error (error);

    LoadOptions o = { .ca_file = fetched };
    Loaded l;
    load_sim (tls, &o, &l);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VM), ==, 20);
    g_assert_cmpuint (vinv_inventory_count_failures (l.inv), ==, 0);
    loaded_clear (&l);
    sim_stop (plain);
    sim_stop (tls);
}

static void
test_tls_untrusted (void)
{
    const char *args[] = { "--tls", "--vms", "5", NULL };
    Sim *sim = sim_start (args, FALSE);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GError) error = NULL;
    Loaded l;

    g_assert_false (load_uri (uri, NULL, NULL, &l, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_TLS);
    g_assert_null (strchr (error->message, '\n'));
    g_assert_nonnull (strstr (error->message, "--ca-file"));
    g_assert_nonnull (strstr (error->message, "fetch-ca"));
    g_test_message ("%s", error->message);

    /* --insecure: no verification, the load works */
    LoadOptions insecure = { .insecure = TRUE };
    load_sim (sim, &insecure, &l);
    g_assert_cmpuint (n_rows (&l, VINV_TABLE_VM), ==, 5);
    loaded_clear (&l);
    sim_stop (sim);
}

static void
test_fetch_ca_errors (void)
{
    g_autoptr (GError) error = NULL;
    g_assert_false (vinv_ovirt_fetch_ca ("127.0.0.1:1", "/nonexistent/ca.pem", NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CONNECT);
    g_clear_error (&error);
    g_assert_false (vinv_ovirt_fetch_ca ("ovirt://", "/nonexistent/ca.pem", NULL, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_URI);
}

/* ---- progress and cancellation ------------------------------------------------------ */

static void
test_cancel (void)
{
    const char *args[] = { "--vms", "200", NULL };
    Sim *sim = sim_start (args, FALSE);
    g_autofree char *uri = sim_uri (sim);
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (GError) error = NULL;
    VinvConnectOptions options = {
        .user = g_strdup ("admin@internal"),
        .password = g_strdup (PASSWORD),
        .fetch_strategy = g_strdup ("parallel"),
    };
    ProgressLog log = { .monotonic = TRUE, .cancel_at_first_table = cancellable };

    VinvBackend *backend = vinv_backend_open (uri, &options, NULL, &error);
    vinv_connect_options_clear (&options);
    g_assert_no_error (error);
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    g_assert_false (vinv_backend_fetch (backend, inv, on_progress, &log, cancellable, &error));
    g_assert_error (error, VINV_BACKEND_ERROR, VINV_BACKEND_ERROR_CANCELLED);
    g_assert_cmpuint (vinv_inventory_list_tables (inv, (VinvTable *[VINV_TABLE_LAST]) { 0 }),
                      ==, 0);
    vinv_backend_close (backend);
    sim_stop (sim);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_ovirt_register ();

    g_test_add_data_func ("/ovirt/sim/truth/follow-gzip", &truth_cases[0], test_truth);
    g_test_add_data_func ("/ovirt/sim/truth/parallel", &truth_cases[1], test_truth);
    g_test_add_data_func ("/ovirt/sim/truth/follow-inline-parse", &truth_cases[2], test_truth);
    g_test_add_func ("/ovirt/sim/strategies-agree", test_strategies_agree);
    g_test_add_data_func ("/ovirt/sim/join-threads-agree/follow", "follow",
                          test_join_threads_agree);
    g_test_add_data_func ("/ovirt/sim/join-threads-agree/parallel", "parallel",
                          test_join_threads_agree);
    g_test_add_func ("/ovirt/sim/follow-requests-constant", test_follow_requests_constant);
    g_test_add_func ("/ovirt/sim/lanes-share", test_lanes_share);
    g_test_add_func ("/ovirt/sim/logout-early", test_logout_early);
    g_test_add_func ("/ovirt/sim/questions", test_questions);
    g_test_add_func ("/ovirt/sim/wrong-password", test_wrong_password);
    g_test_add_func ("/ovirt/sim/unreachable", test_unreachable);
    g_test_add_func ("/ovirt/sim/bad-uri", test_bad_uri);
    g_test_add_data_func ("/ovirt/sim/token-expiry/follow", "follow", test_token_expiry);
    g_test_add_data_func ("/ovirt/sim/token-expiry/parallel", "parallel", test_token_expiry);
    g_test_add_func ("/ovirt/sim/lanes-renew-retry", test_lanes_renew_retry);
    g_test_add_data_func ("/ovirt/sim/fail-rate/follow", "follow", test_fail_rate);
    g_test_add_data_func ("/ovirt/sim/fail-rate/parallel", "parallel", test_fail_rate);
    g_test_add_data_func ("/ovirt/sim/truncated/follow", "follow", test_truncated);
    g_test_add_data_func ("/ovirt/sim/truncated/parallel", "parallel", test_truncated);
    g_test_add_func ("/ovirt/sim/empty", test_empty);
    g_test_add_func ("/ovirt/sim/response-cap", test_response_cap);
    g_test_add_data_func ("/ovirt/sim/each-collection-fails/truncate-follow", &fault_cases[0],
                          test_each_collection_fails);
    g_test_add_data_func ("/ovirt/sim/each-collection-fails/stall-follow", &fault_cases[1],
                          test_each_collection_fails);
    g_test_add_data_func ("/ovirt/sim/each-collection-fails/truncate-parallel",
                          &fault_cases[2], test_each_collection_fails);
    g_test_add_func ("/ovirt/sim/stalled", test_stalled);
    g_test_add_func ("/ovirt/sim/tls-with-ca", test_tls_with_ca);
    g_test_add_func ("/ovirt/sim/tls-untrusted", test_tls_untrusted);
    g_test_add_func ("/ovirt/sim/fetch-ca-errors", test_fetch_ca_errors);
    g_test_add_func ("/ovirt/sim/cancel", test_cancel);
    g_test_add_func ("/ovirt/sim/large", test_large);
    return g_test_run ();
}
