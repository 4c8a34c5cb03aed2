/* sim.h — starting and stopping tools/ovirt-sim for a test, and reading
 * its ground truth.
 *
 * A test starts the simulator on 127.0.0.1 port 0 and waits for its
 * readiness line on standard output (no sleeping); the simulator is
 * stopped with SIGTERM and waited for when the test is done.  The ground
 * truth (--dump-truth) is read with yajl's tree API: it is test input,
 * not something the back-end parses.
 */
#pragma once

#include <gio/gio.h>
#include <yajl/yajl_tree.h>

typedef struct {
    GSubprocess *proc;
    char *origin;        /* "http://127.0.0.1:PORT" or "https://..." */
    char *hostport;      /* "127.0.0.1:PORT" */
    char *dir;           /* temporary directory for truth, certificates */
    char *truth_path;    /* or NULL */
    yajl_val truth;      /* parsed ground truth, or NULL */
} Sim;

/* Starts the simulator with @args (NULL-terminated; --port 0 and -q are
 * added) and, when @truth, --dump-truth into a temporary file that is then
 * parsed.  Aborts the test when the simulator does not come up. */
Sim *sim_start (const char *const *args, gboolean truth);
/* Like sim_start() in an existing directory @dir (shared with another Sim). */
Sim *sim_start_in (const char *dir, const char *const *args, gboolean truth);
void sim_stop (Sim *sim);

/* "ovirt+http://127.0.0.1:PORT" (or ovirt://127.0.0.1:PORT for TLS). */
char *sim_uri (const Sim *sim);

/* GET @path (e.g. "/sim/stats") without authentication; the body.  Plain
 * HTTP simulators only. */
char *sim_get (const Sim *sim, const char *path);
/* A number from /sim/stats: a top-level one ("total_requests",
 * "bytes_sent") or, for a name with a space, a by_class entry
 * ("GET /ovirt-engine/api/vms"); 0 when absent. */
gint64 sim_stat (const Sim *sim, const char *klass);

/* Ground-truth helpers. */
yajl_val truth_array (yajl_val obj, const char *key);
const char *truth_str (yajl_val obj, const char *key);
gboolean truth_num (yajl_val obj, const char *key, double *out);
gint64 truth_int (yajl_val obj, const char *key);
gboolean truth_bool (yajl_val obj, const char *key);
gboolean truth_is_null (yajl_val obj, const char *key);
