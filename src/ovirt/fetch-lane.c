/* fetch-lane.c — lanes: the threads that download and parse the
 * collections of a fetch (fetch-plan.c, fetch-private.h).
 *
 * A lane is a thread that runs an HTTP engine of its own (a sibling of the
 * session's: the same options and deadline, keep-alive connections of its
 * own).  A collection's Doc handed to a lane is requested there, and each
 * chunk curl delivers is parsed into the Doc's batch in the write
 * callback, where it lies: no copy, no hand-over per chunk.  When the
 * request ends, the lane records what it got (status, content type, error
 * body, error, attempts) in the Doc and posts the Doc back to the session
 * thread, which wakes up and does what it does for a request of its own
 * (fetch_doc_done(): token renewal and resending, faults, the follow=
 * fallback, pages, merging, progress).  All the bookkeeping of the run
 * stays on the session thread; a lane touches only the Docs it holds (their
 * parser, batch and received count; interning ids into the load is
 * locked), and the token and hold state below, under the lock.
 *
 * Tokens: a lane's request takes the current token just before it leaves
 * (the prepare callback reads the copy kept here, under the lock, which the
 * session thread updates when the token changes).  While the session
 * renews the token, no Doc is handed to a lane and lanes start no request
 * (each holds its engine from its next turn on), as vinv_http_hold() does
 * for the session engine; a request that went out with the old token meanwhile
 * gets a 401 and comes back to be sent again.
 *
 * Requests in flight: the plan's `parallel` bounds all of them.  Lanes
 * together hold at most that many Docs (more wait here, in order), and the
 * session engine (per-entity documents, tokens) gets what the lanes leave
 * (at least one, for a token request).
 *
 * Cancellation: every lane runs its engine with the run's GCancellable, so
 * a cancel ends the lanes' requests as the session's (their Docs come back
 * with the cancel error, or stay here, and are freed by fetch_lanes_free()).
 * The load deadline, retries (restarting the Doc's parse), the response
 * size limit and the parse itself are the same callbacks as on the session
 * engine.
 */
#include "fetch-private.h"

#include <string.h>

#include "core/secret.h"

/* One lane per core, up to this many: the session thread only moves Docs
 * and merges (a few % of the CPU), the lanes download and parse, so one
 * lane per core keeps every core parsing; at most 4, as the big
 * collections (VMs pages, disks, hosts, templates) in flight at once are
 * few. */
#define MAX_LANES 4

/* The weight of a big Doc (least_busy()): a VMs page of 1,000 VMs or more
 * (VinvOvirtDocument.weight, per 1,000 VMs) */
#define BIG_WEIGHT 32

struct _Lane {
    Lanes *lanes;
    VinvHttp *http;              /* run by the lane's thread only */
    VinvSecretThread *thread;    /* on a stack wiped after the join (secret.h) */
    GPtrArray *inbox;            /* of Doc*, to request: under Lanes.lock */
    GPtrArray *taking;           /* the lane's own: the inbox being taken */
    gboolean stop;               /* under Lanes.lock */
    guint out;                   /* the session's own: Docs handed, not back */
    guint weight;                /* the session's own: their weights, summed */
    guint big;                   /* the session's own: those of BIG_WEIGHT or more */
};

struct _Lanes {
    Run *run;
    GCancellable *cancellable;
    GMutex lock;
    /* under the lock */
    char *auth;                  /* "Authorization: Bearer ...", secret, or NULL */
    guint generation;            /* of auth */
    gboolean held;               /* a token is being renewed */
    GPtrArray *back;             /* of Doc*, finished on a lane */
    /* the session thread's own */
    GPtrArray *returned;         /* back, being taken */
    GQueue waiting;              /* of Doc*, not handed yet */
    gboolean holding;
    guint out;                   /* Docs on lanes */
    guint cap;                   /* at most out: the plan's parallel */
    guint n_lanes;
    Lane lane[MAX_LANES];
};

/* ---- on a lane -------------------------------------------------------------------------- */

static void
lane_prepare (gpointer user_data, VinvHttpRequest *req)
{
    Doc *d = user_data;
    Lanes *lanes = d->lane->lanes;

    g_mutex_lock (&lanes->lock);
    vinv_http_request_set_auth (req, lanes->auth);
    d->token_generation = lanes->generation;
    g_mutex_unlock (&lanes->lock);
}

/* The request of @d ended: what it got goes with @d to the session
 * thread. */
static void
lane_done (gpointer user_data, const VinvHttpResponse *response, const GError *error)
{
    Doc *d = user_data;
    Lanes *lanes = d->lane->lanes;
    Outcome *o = &d->outcome;

    if (error != NULL) {
        o->error = g_error_copy (error);
    } else {
        o->status = response->status;
        o->attempts = response->attempts;
        o->content_type = g_strdup (response->content_type);
        if (response->body != NULL) {
            o->body = g_strndup (response->body, response->body_len);
            o->body_len = response->body_len;
        }
    }
    g_mutex_lock (&lanes->lock);
    g_ptr_array_add (lanes->back, d);
    g_mutex_unlock (&lanes->lock);
    vinv_http_wakeup (lanes->run->plan->http);
}

static void
lane_submit (Lane *lane, Doc *d)
{
    static const VinvHttpCallbacks callbacks = {
        lane_prepare, fetch_doc_body, fetch_doc_restart, lane_done
    };
    VinvHttpRequest *req = vinv_http_request_new ("GET", d->url);

    vinv_http_request_add_header (req, "Accept: application/json", FALSE);
    vinv_http_request_set_callbacks (req, &callbacks, d);
    vinv_http_submit (lane->http, req);
}

/* The lane engine's idle function: takes the Docs handed over, applies
 * the hold.  TRUE until the lane is told to stop. */
static gboolean
lane_idle (gpointer user_data)
{
    Lane *lane = user_data;
    Lanes *lanes = lane->lanes;

    g_mutex_lock (&lanes->lock);
    GPtrArray *taken = lane->inbox;
    lane->inbox = lane->taking;
    lane->taking = taken;
    gboolean held = lanes->held;
    gboolean stop = lane->stop;
    g_mutex_unlock (&lanes->lock);

    vinv_http_hold (lane->http, held);
    for (guint i = 0; i < taken->len; i++)
        lane_submit (lane, g_ptr_array_index (taken, i));
    g_ptr_array_set_size (taken, 0);
    return !stop;
}

static gpointer
lane_main (gpointer data)
{
    Lane *lane = data;

    vinv_http_run (lane->http, lane->lanes->cancellable, NULL);
    return NULL;
}

/* ---- on the session thread ---------------------------------------------------------- */

/* Puts the current token in the copy the lanes read, if it changed. */
static void
sync_token (Lanes *lanes)
{
    VinvOvirtAuth *auth = lanes->run->plan->auth;
    guint generation = vinv_ovirt_auth_get_generation (auth);

    g_mutex_lock (&lanes->lock);
    if (generation != lanes->generation || lanes->auth == NULL) {
        if (lanes->auth != NULL) {
            vinv_secure_wipe (lanes->auth, strlen (lanes->auth));
            g_free (lanes->auth);
        }
        lanes->auth = g_strdup (vinv_ovirt_auth_get_header (auth));
        lanes->generation = generation;
    }
    g_mutex_unlock (&lanes->lock);
}

/* The session engine gets the slots the lanes do not use. */
static void
share_slots (Lanes *lanes)
{
    vinv_http_set_parallel (lanes->run->plan->http, MAX (1u, lanes->cap - lanes->out));
}

/* The least busy lane: the one holding the fewest big Docs (BIG_WEIGHT or
 * more), then the least weight, then the fewest Docs. */
static Lane *
least_busy (Lanes *lanes)
{
    Lane *lane = &lanes->lane[0];
    for (guint i = 1; i < lanes->n_lanes; i++) {
        const Lane *l = &lanes->lane[i];
        if (l->big != lane->big ? l->big < lane->big
            : l->weight != lane->weight ? l->weight < lane->weight : l->out < lane->out)
            lane = &lanes->lane[i];
    }
    return lane;
}

/* Hands waiting Docs to the least busy lanes, in order, as far as the cap
 * lets.  A lane parses its bodies on one core, so the big ones go to
 * different lanes: handed out by number alone, the first VMs page and the
 * disks went to one lane, which parsed both one after the other while the
 * other had only the small collections (at 10,000 VMs on loopback, idle
 * for 160 ms of 420).  By weight alone, the VMs pages then all went to the
 * lane without the disks; when the engine takes its time over each page
 * (ovirt-sim --follow-cost), their bodies came at once and that lane parsed
 * them one after the other (9 % slower than by number).  Counting big Docs
 * first spreads both (10 alternating rounds, 10,000 VMs: on loopback as
 * fast as by weight, 15 % faster than by number; with --latency 1
 * --follow-cost 5, 5 % faster than by weight, 3 % slower than by number).
 * Every Doc is requested at once: a page held back until a lane was free
 * left the engine one page per lane to work on (40 % slower with
 * --follow-cost 5, 3 % faster on loopback). */
static void
dispatch (Lanes *lanes)
{
    if (lanes->holding || g_queue_is_empty (&lanes->waiting))
        return;
    sync_token (lanes);
    while (lanes->out < lanes->cap && !g_queue_is_empty (&lanes->waiting)) {
        Doc *d = g_queue_pop_head (&lanes->waiting);
        Lane *lane = least_busy (lanes);

        d->lane = lane;
        lane->out++;
        lane->weight += d->weight;
        lane->big += d->weight >= BIG_WEIGHT;
        lanes->out++;
        vinv_ovirt_trace (lanes->run->load, "lane %u takes %s (weight %u, the lane's %u)",
                          (guint) (lane - lanes->lane), d->url + strlen (lanes->run->plan->api),
                          d->weight, lane->weight);
        g_mutex_lock (&lanes->lock);
        g_ptr_array_add (lane->inbox, d);
        g_mutex_unlock (&lanes->lock);
        vinv_http_wakeup (lane->http);
    }
    share_slots (lanes);
}

void
fetch_lanes_send (Lanes *lanes, Doc *d)
{
    g_queue_push_tail (&lanes->waiting, d);
    dispatch (lanes);
}

void
fetch_lanes_hold (Lanes *lanes, gboolean hold)
{
    lanes->holding = hold;
    if (!hold)
        sync_token (lanes);        /* for the retries waiting on lanes too */
    g_mutex_lock (&lanes->lock);
    lanes->held = hold;
    g_mutex_unlock (&lanes->lock);
    for (guint i = 0; i < lanes->n_lanes; i++)
        vinv_http_wakeup (lanes->lane[i].http);
    dispatch (lanes);
}

gboolean
fetch_lanes_idle (gpointer user_data)
{
    Lanes *lanes = user_data;

    g_mutex_lock (&lanes->lock);
    GPtrArray *taken = lanes->back;
    lanes->back = lanes->returned;
    lanes->returned = taken;
    g_mutex_unlock (&lanes->lock);

    /* the lanes these Docs leave take waiting ones first, before this
     * thread merges a page (milliseconds each, while the lane would wait
     * for its next request); not when one came back with an error, which
     * may hold the lanes (a token to renew) */
    gboolean all_ok = TRUE;
    for (guint i = 0; i < taken->len; i++) {
        Doc *d = g_ptr_array_index (taken, i);
        d->lane->out--;
        d->lane->weight -= d->weight;
        d->lane->big -= d->weight >= BIG_WEIGHT;
        d->lane = NULL;
        lanes->out--;
        all_ok = all_ok && d->outcome.error == NULL && d->outcome.status / 100 == 2;
    }
    if (taken->len > 0 && all_ok)
        dispatch (lanes);
    for (guint i = 0; i < taken->len; i++) {
        Doc *d = g_ptr_array_index (taken, i);
        Outcome o = d->outcome;

        memset (&d->outcome, 0, sizeof d->outcome);
        VinvHttpResponse response = {
            .status = o.status,
            .content_type = o.content_type,
            .body = o.body,
            .body_len = o.body_len,
            .attempts = o.attempts,
        };
        fetch_doc_done (d, o.error == NULL ? &response : NULL, o.error);   /* may free d */
        g_free (o.content_type);
        g_free (o.body);
        g_clear_error (&o.error);
    }
    if (taken->len > 0) {
        g_ptr_array_set_size (taken, 0);
        dispatch (lanes);
        share_slots (lanes);
    }
    return lanes->out > 0 || !g_queue_is_empty (&lanes->waiting);
}

Lanes *
fetch_lanes_new (Run *run, GCancellable *cancellable)
{
    Lanes *lanes = g_new0 (Lanes, 1);

    lanes->run = run;
    lanes->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
    g_mutex_init (&lanes->lock);
    lanes->back = g_ptr_array_new ();
    lanes->returned = g_ptr_array_new ();
    g_queue_init (&lanes->waiting);
    lanes->cap = vinv_http_get_parallel (run->plan->http);
    /* VINV_OVIRT_LANES=N sets it, for tests and measurements */
    guint n = g_getenv ("VINV_OVIRT_LANES") != NULL
              ? (guint) g_ascii_strtoull (g_getenv ("VINV_OVIRT_LANES"), NULL, 10)
              : g_get_num_processors ();
    lanes->n_lanes = CLAMP (n, 1u, MAX_LANES);
    for (guint i = 0; i < lanes->n_lanes; i++) {
        Lane *lane = &lanes->lane[i];
        lane->lanes = lanes;
        lane->http = vinv_http_new_sibling (run->plan->http);
        /* a lane's bodies are whole collections, parsed where curl puts
         * them: at 10,000 VMs a 128 KiB buffer was filled by nearly every
         * recv (3,700 calls), and 512 KiB, curl's largest, cut the
         * client's CPU by about a sixth (fewer recv calls, wake-ups and
         * chunk boundaries) */
        vinv_http_set_buffer_size (lane->http, 512 * 1024);
        lane->inbox = g_ptr_array_new ();
        lane->taking = g_ptr_array_new ();
        vinv_http_set_idle_func (lane->http, lane_idle, lane);
        lane->thread = vinv_secret_thread_new ("vinv-lane", lane_main, lane);
    }
    return lanes;
}

static void
free_docs (GPtrArray *docs)
{
    for (guint i = 0; i < docs->len; i++)
        fetch_doc_free (g_ptr_array_index (docs, i));
    g_ptr_array_unref (docs);
}

void
fetch_lanes_free (Lanes *lanes)
{
    Doc *d;

    for (guint i = 0; i < lanes->n_lanes; i++) {
        Lane *lane = &lanes->lane[i];
        g_mutex_lock (&lanes->lock);
        lane->stop = TRUE;
        g_mutex_unlock (&lanes->lock);
        vinv_http_wakeup (lane->http);
    }
    for (guint i = 0; i < lanes->n_lanes; i++) {
        Lane *lane = &lanes->lane[i];
        vinv_secret_thread_join (lane->thread);
        vinv_http_free (lane->http);
        free_docs (lane->inbox);
        free_docs (lane->taking);
    }
    free_docs (lanes->back);
    free_docs (lanes->returned);
    while ((d = g_queue_pop_head (&lanes->waiting)) != NULL)
        fetch_doc_free (d);
    vinv_http_set_parallel (lanes->run->plan->http, lanes->cap);
    if (lanes->auth != NULL) {
        vinv_secure_wipe (lanes->auth, strlen (lanes->auth));
        g_free (lanes->auth);
    }
    g_mutex_clear (&lanes->lock);
    g_clear_object (&lanes->cancellable);
    g_free (lanes);
}
