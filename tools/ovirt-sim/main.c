/* main.c — ovirt-sim: an oVirt engine REST API simulator for tests and
 * benchmarks.
 *
 * Parses the options (one table drives parsing and --help), generates the
 * environment (model.c), optionally writes the ground truth (truth.c),
 * prepares certificates (tls.c), starts the HTTP server (server.c) and prints
 * the readiness line. Runs until SIGTERM or SIGINT, then stops cleanly. */
#include "model.h"
#include "render.h"
#include "server.h"
#include "tls.h"
#include "truth.h"

#include <errno.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_USER "admin@internal"
#define DEFAULT_PASSWORD "ovirt"

static const char description[] =
    "DESCRIPTION\n"
    "  Serves a deterministic, generated oVirt environment over the engine's REST API\n"
    "  (JSON, /ovirt-engine/api) with the engine's SSO token endpoint, so clients can be\n"
    "  tested and benchmarked without an engine. The same --seed and counts always give\n"
    "  byte-identical responses. Entity counts not given are scaled from --vms.\n"
    "\n"
    "ENDPOINTS\n"
    "  GET  /ovirt-engine/api                       API root: product_info, summary, links\n"
    "  GET  /ovirt-engine/api/{vms,hosts,clusters,datacenters,storagedomains,disks,\n"
    "       networks,vnicprofiles,templates,events,cpuprofiles,diskprofiles,\n"
    "       vmpools}[/ID]\n"
    "  GET  sub-collections: /vms/ID/{diskattachments,nics,snapshots,statistics,\n"
    "       reporteddevices,graphicsconsoles,cdroms}, /vms/ID/nics/ID/statistics,\n"
    "       /hosts/ID/{nics,networkattachments,statistics}, /hosts/ID/nics/ID/statistics,\n"
    "       /disks/ID/statistics, /storagedomains/ID/{vms,disks,templates},\n"
    "       /datacenters/ID/{storagedomains,clusters,networks}, /clusters/ID/networks,\n"
    "       /networks/ID/vnicprofiles, /templates/ID/{nics,diskattachments}; every member\n"
    "       by id (e.g. /vms/ID/statistics/ID). Other link rels answer an empty {}.\n"
    "  Query: follow=a,b.c (unknown name: 500), max=N, search= (name=web*, status=up,\n"
    "       id=, cluster=, host=, and/or, sortby FIELD [asc|desc], page N; anything\n"
    "       else: 200 with {}), case_sensitive=false. Accept-Encoding: gzip honoured.\n"
    "  POST /ovirt-engine/api/vms/ID/{start,stop,shutdown,suspend,reboot,migrate}\n"
    "  POST /ovirt-engine/api/vms/ID/snapshots     {\"description\": \"...\"}\n"
    "  POST /ovirt-engine/sso/oauth/token          grant_type=password&scope=ovirt-app-api\n"
    "       &username=...&password=..., header Accept: application/json exactly\n"
    "  POST /ovirt-engine/services/sso-logout      scope=ovirt-app-api&token=...\n"
    "  GET  /ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA\n"
    "  GET  /sim/stats, POST /sim/reset            request counters (no auth, not counted)\n"
    "  API requests need Authorization: Bearer TOKEN or Basic; otherwise 401 (HTML body).\n"
    "\n"
    "FAULT INJECTION\n"
    "  Injection is deterministic: request number n (counting every request except\n"
    "  /sim/*) is selected when a hash of (seed, n) falls below the fraction. SPEC for\n"
    "  --truncate and --stall is either a fraction (0.1) of the API requests or a glob\n"
    "  matched against any request path (\"*/statistics\"). Only 200 responses are\n"
    "  truncated or stalled; the cut is after half the body (half the elements of a\n"
    "  collection). A truncated response closes the connection there; a stalled one\n"
    "  pauses --stall-time ms and then completes. --trickle SPEC sends the whole of the\n"
    "  selected responses at --trickle-rate bytes a second (a slow, never silent, link).\n"
    "  --fail-rate applies to every request\n"
    "  but /sim/*, the SSO token endpoint included. --fault SPEC answers the selected\n"
    "  API requests with HTTP 500 and an engine fault body.\n"
    "\n"
    "HOSTILE SERVER\n"
    "  --hostile escapes appends terminal escape sequences, a line break and a forged\n"
    "  line to every error text (SSO errors, faults); token-crlf and token-nul issue\n"
    "  tokens a client must refuse (header injection); huge-value makes the first VM's\n"
    "  description 17 MiB long (beyond a client's cap on one value).\n"
    "  --request-log FILE records\n"
    "  every request's method, path, header names and search=, to see what a client\n"
    "  sent.\n"
    "\n"
    "CACHING\n"
    "  Rendered collection bodies are kept (up to --cache-mb) per path, query and\n"
    "  encoding and reused until an action changes the model; bytes are identical.\n"
    "\n"
    "NOT SIMULATED\n"
    "  XML output (JSON is sent whatever Accept says), all_content, /jobs (action\n"
    "  responses name a job that is not served), users, quotas (referenced by\n"
    "  id only, as the engine does), tags and permissions (empty collections), events\n"
    "  from=, creating or deleting entities.\n"
    "\n"
    "DETERMINISM\n"
    "  Responses depend only on --seed, the counts and the actions made. Exceptions:\n"
    "  the token response's exp (wall clock + 24 h), and the times an action sets\n"
    "  (start_time, stop_time, snapshot date) and elapsed.time of VMs started by one.\n"
    "\n"
    "OUTPUT\n"
    "  When listening, one line on standard output (flushed):\n"
    "    ovirt-sim: listening on http://127.0.0.1:PORT/ovirt-engine/api\n"
    "  (https:// with --tls). Errors go to standard error.\n"
    "\n"
    "EXAMPLES\n"
    "  ovirt-sim --vms 1000 --port 8443 --tls --ca-out /tmp/ca.pem\n"
    "  ovirt-sim --seed 7 --vms 50 --latency 1 --dump-truth /tmp/truth.json\n"
    "  ovirt-sim --vms 10 --fail-rate 0.05 --token-expiry 100 --truncate '*/nics'\n"
    "\n"
    "EXIT STATUS\n"
    "  0 after SIGTERM/SIGINT or --dump-only; 1 on bad options; 2 when it cannot listen,\n"
    "  create certificates or write the truth file.\n"
    "\n"
    "DEFAULT CREDENTIALS\n"
    "  user " DEFAULT_USER ", password " DEFAULT_PASSWORD "\n";

/* SIGTERM/SIGINT handler: ends the main loop; the caller then stops. */
static gboolean
on_signal (gpointer loop)
{
    g_main_loop_quit (loop);
    return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
    SimCounts counts = { 0 };
    SimServer srv = { 0 };
    gint64 seed = 1;
    double action_delay_ms = 1000;
    g_autofree char *truth = NULL;
    g_autofree char *cert = NULL;
    g_autofree char *key = NULL;
    g_autofree char *ca = NULL;
    g_autofree char *ca_out = NULL;
    g_autofree char *cert_out = NULL;
    g_autofree char *key_out = NULL;
    g_autofree char *token_style = NULL;
    g_autofree char *hostile = NULL;
    g_autofree char *password_file = NULL;
    gboolean dump_only = FALSE;
    int rc = 0;
    g_autoptr (GError) error = NULL;

    counts.vms = 100;
    /* string options start NULL: GOption does not free a default it replaces */
    srv.cfg.stall_ms = 30000;
    srv.cfg.trickle_rate = 200;
    srv.cfg.max_connections = 256;
    srv.cfg.gzip_level = 1;
    srv.cfg.cache_mb = 1024;

    GOptionEntry entries[] = {
        { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
          "Seed of the generated environment (default 1)", "S" },
        { "vms", 'n', 0, G_OPTION_ARG_INT, &counts.vms,
          "Number of VMs (default 100); other counts scale from it", "N" },
        { "datacenters", 0, 0, G_OPTION_ARG_INT, &counts.datacenters,
          "Data centers (default max(1, N/2500))", "N" },
        { "clusters", 0, 0, G_OPTION_ARG_INT, &counts.clusters,
          "Clusters (default max(data centers, N/400))", "N" },
        { "hosts", 0, 0, G_OPTION_ARG_INT, &counts.hosts, "Hosts (default max(2, N/20))", "N" },
        { "storage-domains", 0, 0, G_OPTION_ARG_INT, &counts.storage_domains,
          "Storage domains, incl. one ISO and one unattached export domain "
          "(default max(4, N/150+3))", "N" },
        { "disks", 0, 0, G_OPTION_ARG_INT, &counts.disks,
          "Disks in total: template, VM, shared and floating (default ~2.1 N)", "N" },
        { "networks", 0, 0, G_OPTION_ARG_INT, &counts.networks,
          "Logical networks, incl. ovirtmgmt per data center (default N/250 + DCs)", "N" },
        { "vnic-profiles", 0, 0, G_OPTION_ARG_INT, &counts.vnic_profiles,
          "vNIC profiles (default networks * 1.25)", "N" },
        { "templates", 0, 0, G_OPTION_ARG_INT, &counts.templates,
          "Templates incl. Blank (default 1 + max(1, N/100))", "N" },
        { "snapshots", 0, 0, G_OPTION_ARG_INT, &counts.snapshots,
          "Regular snapshots besides each VM's 'Active VM' (default N/2)", "N" },
        { "host-nics", 0, 0, G_OPTION_ARG_INT, &counts.host_nics,
          "Host NICs in total (default 5 per host)", "N" },
        { "events", 0, 0, G_OPTION_ARG_INT, &counts.events, "Events (default max(50, N))",
          "N" },
        { "pools", 0, 0, G_OPTION_ARG_INT, &counts.pools,
          "VM pools; some desktop VMs become their members (default max(1, N/500))", "N" },
        { "address", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.address,
          "Address to bind (default 127.0.0.1; use ::1 for IPv6)", "ADDR" },
        { "port", 'p', 0, G_OPTION_ARG_INT, &srv.cfg.port,
          "TCP port (default 0: any free port, printed on the readiness line)", "PORT" },
        { "user", 'u', 0, G_OPTION_ARG_STRING, &srv.cfg.user,
          "Accepted user name (default " DEFAULT_USER ")", "USER@PROFILE" },
        { "password", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.password,
          "Accepted password (default \"" DEFAULT_PASSWORD "\")", "PASSWORD" },
        { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
          "Accepted password: the first line of FILE (keeps it off the command line)",
          "FILE" },
        { "tls", 0, 0, G_OPTION_ARG_NONE, &srv.cfg.tls,
          "Serve HTTPS; the CA and server certificate are generated at start unless "
          "--cert/--key are given", NULL },
        { "cert", 0, 0, G_OPTION_ARG_FILENAME, &cert, "Server certificate (PEM)", "FILE" },
        { "key", 0, 0, G_OPTION_ARG_FILENAME, &key, "Server private key (PEM)", "FILE" },
        { "ca", 0, 0, G_OPTION_ARG_FILENAME, &ca,
          "CA certificate served by pki-resource (PEM; default: --cert)", "FILE" },
        { "ca-out", 0, 0, G_OPTION_ARG_FILENAME, &ca_out,
          "Write the CA certificate (PEM) to FILE before listening", "FILE" },
        { "cert-out", 0, 0, G_OPTION_ARG_FILENAME, &cert_out,
          "Write the server certificate (PEM) to FILE before listening", "FILE" },
        { "key-out", 0, 0, G_OPTION_ARG_FILENAME, &key_out,
          "Write the server private key (PEM, mode 0600) to FILE before listening", "FILE" },
        { "action-delay", 0, 0, G_OPTION_ARG_DOUBLE, &action_delay_ms,
          "Time a VM spends in an intermediate state after an action (default 1000)", "MS" },
        { "latency", 0, 0, G_OPTION_ARG_DOUBLE, &srv.cfg.latency_ms,
          "Added delay before answering each request (default 0)", "MS" },
        { "follow-cost", 0, 0, G_OPTION_ARG_DOUBLE, &srv.cfg.follow_cost_us,
          "Added delay per item inlined by follow= (default 0)", "US" },
        { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &srv.cfg.fail_rate,
          "Fraction of requests answered 503 (deterministic from the seed)", "F" },
        { "token-expiry", 0, 0, G_OPTION_ARG_INT, &srv.cfg.token_expiry,
          "A token is rejected (401) after N requests made with it (default 0: never)",
          "N" },
        { "truncate", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.truncate,
          "Truncate the selected responses: a fraction or a path glob", "SPEC" },
        { "stall", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.stall,
          "Stall the selected responses halfway: a fraction or a path glob", "SPEC" },
        { "trickle", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.trickle,
          "Send the selected responses at --trickle-rate bytes a second: a fraction or a "
          "path glob", "SPEC" },
        { "trickle-rate", 0, 0, G_OPTION_ARG_INT, &srv.cfg.trickle_rate,
          "Bytes a second of a trickled response (default 200)", "N" },
        { "fault", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.fault,
          "Answer the selected API requests 500 with an engine fault: a fraction or a "
          "path glob", "SPEC" },
        { "hostile", 0, 0, G_OPTION_ARG_STRING, &hostile,
          "Attack the client, a comma list of: escapes (error texts carry terminal "
          "escape sequences and line breaks), token-crlf (tokens end in "
          "\"\\r\\nX-Injected: 1\"), token-nul (tokens hold a \\u0000), huge-value (a "
          "17 MiB VM description)", "KINDS" },
        { "refuse-paging", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.refuse_paging,
          "Refuse paged searches (search=page K) as older engines do: empty (answer an "
          "empty list) or error (answer HTTP 400)", "HOW" },
        { "shift-pages", 0, 0, G_OPTION_ARG_NONE, &srv.cfg.shift_pages,
          "Start each page after the first of a paged search one element early, as when "
          "an entity was added between two page queries (each repeats the previous "
          "page's last element)", NULL },
        { "refuse-follow", 0, 0, G_OPTION_ARG_STRING, &srv.cfg.refuse_follow,
          "Answer requests whose follow= holds one of these names (comma list) with "
          "HTTP 500, as the engine does for a link it does not know", "NAMES" },
        { "request-log", 0, 0, G_OPTION_ARG_FILENAME, &srv.cfg.request_log,
          "Append one line per request to FILE: method, path and the names of the "
          "headers received and the search= text if any, tab-separated", "FILE" },
        { "stall-time", 0, 0, G_OPTION_ARG_INT, &srv.cfg.stall_ms,
          "How long a stalled response pauses (default 30000)", "MS" },
        { "max-connections", 0, 0, G_OPTION_ARG_INT, &srv.cfg.max_connections,
          "Concurrent connections accepted; more are refused (default 256)", "N" },
        { "gzip-level", 0, 0, G_OPTION_ARG_INT, &srv.cfg.gzip_level,
          "zlib level for gzip responses, 0 disables gzip (default 1)", "0-9" },
        { "cache-mb", 0, 0, G_OPTION_ARG_INT, &srv.cfg.cache_mb,
          "Memory for caching rendered collection bodies, reused until the model "
          "changes; 0 disables (default 1024)", "MB" },
        { "token-style", 0, 0, G_OPTION_ARG_STRING, &token_style,
          "classic: 86-character tokens (default); jwt: ~1.5 KB Keycloak-like JWTs",
          "STYLE" },
        { "dump-truth", 0, 0, G_OPTION_ARG_FILENAME, &truth,
          "Write the generated environment as typed JSON to FILE", "FILE" },
        { "dump-only", 0, 0, G_OPTION_ARG_NONE, &dump_only,
          "Exit after --dump-truth instead of serving", NULL },
        { "quiet", 'q', 0, G_OPTION_ARG_NONE, &srv.cfg.quiet,
          "Print nothing but the readiness line and errors", NULL },
        { NULL },
    };
    g_autoptr (GOptionContext) ctx = g_option_context_new ("- simulate an oVirt engine REST API");
    g_option_context_set_summary (ctx, "Serves a generated oVirt environment over HTTP(S) "
                                  "for tests and benchmarks of oVirt clients.");
    g_option_context_set_description (ctx, description);
    g_option_context_add_main_entries (ctx, entries, NULL);
    if (!g_option_context_parse (ctx, &argc, &argv, &error)) {
        g_printerr ("ovirt-sim: %s (try --help)\n", error->message);
        rc = 1;
        goto out;
    }
    if (srv.cfg.address == NULL)
        srv.cfg.address = g_strdup ("127.0.0.1");
    if (srv.cfg.user == NULL)
        srv.cfg.user = g_strdup (DEFAULT_USER);
    if (srv.cfg.password == NULL)
        srv.cfg.password = g_strdup (DEFAULT_PASSWORD);
    if (counts.vms < 0 || srv.cfg.max_connections < 1 || srv.cfg.fail_rate < 0
        || srv.cfg.gzip_level < 0 || srv.cfg.gzip_level > 9 || action_delay_ms < 0
        || srv.cfg.port < 0 || srv.cfg.port > 65535 || srv.cfg.cache_mb < 0 || argc > 1) {
        g_printerr ("ovirt-sim: invalid option value (try --help)\n");
        rc = 1;
        goto out;
    }
    if (token_style != NULL && !g_str_equal (token_style, "classic")
        && !g_str_equal (token_style, "jwt")) {
        g_printerr ("ovirt-sim: --token-style must be classic or jwt\n");
        rc = 1;
        goto out;
    }
    if (srv.cfg.refuse_paging != NULL && !g_str_equal (srv.cfg.refuse_paging, "empty")
        && !g_str_equal (srv.cfg.refuse_paging, "error")) {
        g_printerr ("ovirt-sim: --refuse-paging must be empty or error\n");
        rc = 1;
        goto out;
    }
    if ((cert == NULL) != (key == NULL)) {
        g_printerr ("ovirt-sim: --cert and --key go together\n");
        rc = 1;
        goto out;
    }
    if (password_file != NULL) {
        g_autofree char *text = NULL;
        if (!g_file_get_contents (password_file, &text, NULL, &error)) {
            g_printerr ("ovirt-sim: %s\n", error->message);
            rc = 1;
            goto out;
        }
        g_free (srv.cfg.password);
        srv.cfg.password = g_strndup (text, strcspn (text, "\r\n"));
    }
    srv.cfg.jwt_tokens = token_style != NULL && g_str_equal (token_style, "jwt");
    if (hostile != NULL) {
        g_auto (GStrv) kinds = g_strsplit (hostile, ",", -1);
        for (char **k = kinds; *k != NULL; k++) {
            if (g_str_equal (*k, "escapes")) {
                srv.cfg.hostile_text = TRUE;
            } else if (g_str_equal (*k, "token-crlf")) {
                srv.cfg.hostile_token_crlf = TRUE;
            } else if (g_str_equal (*k, "token-nul")) {
                srv.cfg.hostile_token_nul = TRUE;
            } else if (g_str_equal (*k, "huge-value")) {
                srv.cfg.hostile_value = 17u << 20;
            } else {
                g_printerr ("ovirt-sim: --hostile: unknown kind '%s' (escapes, token-crlf, "
                            "token-nul, huge-value)\n", *k);
                rc = 1;
                goto out;
            }
        }
    }

    counts.seed = (guint64) seed;
    srv.seed = (guint64) seed;
    r_init ();
    gint64 t0 = g_get_monotonic_time ();
    srv.model = sim_model_new (&counts);
    srv.model->action_delay_us = (gint64) (action_delay_ms * 1000);
    srv.model->hostile_value = srv.cfg.hostile_value;
    if (!srv.cfg.quiet) {
        g_printerr ("ovirt-sim: generated %d VMs, %d hosts, %d disks in %.2f s\n",
                    srv.model->counts.vms, srv.model->counts.hosts, srv.model->counts.disks,
                    (double) (g_get_monotonic_time () - t0) / 1e6);
    }
    if (truth != NULL && !sim_truth_write (srv.model, truth, &error)) {
        g_printerr ("ovirt-sim: %s\n", error->message);
        rc = 2;
        goto out;
    }
    if (dump_only) {
        rc = 0;
        goto out;
    }

    gboolean pki_ok = cert != NULL ? sim_pki_load (&srv.pki, cert, key, ca, &error)
                                   : sim_pki_generate (&srv.pki, &error);
    if (!pki_ok) {
        g_printerr ("ovirt-sim: %s\n", error->message);
        rc = 2;
        goto out;
    }
    if ((ca_out != NULL && !g_file_set_contents (ca_out, srv.pki.ca_pem, -1, &error))
        || (cert_out != NULL && !g_file_set_contents (cert_out, srv.pki.cert_pem, -1, &error))
        || (key_out != NULL && !g_file_set_contents_full (key_out, srv.pki.key_pem, -1,
                                                          G_FILE_SET_CONTENTS_CONSISTENT,
                                                          0600, &error))) {
        g_printerr ("ovirt-sim: %s\n", error->message);
        rc = 2;
        goto out;
    }

    sim_server_init (&srv);
    if (srv.cfg.request_log != NULL) {
        srv.log = fopen (srv.cfg.request_log, "a");
        if (srv.log == NULL) {
            g_printerr ("ovirt-sim: cannot open %s: %s\n", srv.cfg.request_log,
                        g_strerror (errno));
            sim_server_clear (&srv);
            rc = 2;
            goto out;
        }
    }

    signal (SIGPIPE, SIG_IGN);
    if (!sim_server_start (&srv, &error)) {
        g_printerr ("ovirt-sim: %s\n", error->message);
        sim_server_clear (&srv);
        rc = 2;
        goto out;
    }
    gboolean v6 = strchr (srv.cfg.address, ':') != NULL;
    printf ("ovirt-sim: listening on %s://%s%s%s:%d/ovirt-engine/api\n",
            srv.cfg.tls ? "https" : "http", v6 ? "[" : "", srv.cfg.address, v6 ? "]" : "",
            srv.cfg.port);
    fflush (stdout);

    {
        /* a block, so the goto-out paths above never skip an autoptr */
        g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
        g_unix_signal_add (SIGTERM, on_signal, loop);
        g_unix_signal_add (SIGINT, on_signal, loop);
        g_main_loop_run (loop);
    }

    sim_server_stop (&srv);
    if (!srv.cfg.quiet) {
        g_printerr ("ovirt-sim: stopped after %" G_GUINT64_FORMAT " requests\n",
                    (guint64) srv.request_serial);
    }
    sim_server_clear (&srv);
    rc = 0;
out:
    sim_pki_clear (&srv.pki);
    sim_model_free (srv.model);
    g_free (srv.cfg.address);
    g_free (srv.cfg.user);
    g_free (srv.cfg.password);
    g_free (srv.cfg.truncate);
    g_free (srv.cfg.refuse_paging);
    g_free (srv.cfg.refuse_follow);
    g_free (srv.cfg.stall);
    g_free (srv.cfg.trickle);
    g_free (srv.cfg.fault);
    g_free (srv.cfg.request_log);
    return rc;
}
