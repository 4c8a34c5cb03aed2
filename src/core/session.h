/* session.h — what to open and how: the one place that turns what a front
 * end was asked for into one loaded inventory.
 *
 * Two steps.  vinv_session_resolve() decides WHAT to open: the URIs given
 * (-c), else those of the profile named, else those of the configuration's
 * default profile, else the built-in demo (demo.h) — each step only when
 * the request allows it — with the connect options of the request over
 * those of the profile.  A VinvSession then opens and fetches every URI
 * through the back-end interface (backend.h) on worker threads, a bounded
 * number at once, and merges the rows into one inventory in the ORDER
 * GIVEN, never in the order the connections finished, so output never
 * depends on timing.  As soon as every connection has finished a table
 * (its back-end reported it complete, or the connection ended), that
 * table is merged and handed to the table callback, so a front end can
 * show tables as they arrive.
 *
 * Time limit: with options.timeout, a load sets options.deadline for the
 * back-ends when it starts (backend.h: each stops there, failing only what
 * it has not loaded).  A connection still running VINV_SESSION_GRACE_S
 * seconds (or the timeout, if shorter) after the deadline (a back-end
 * blocked in a call it cannot
 * interrupt) is abandoned like a cancelled one: it fails with "URI: not
 * loaded within the load time limit of N s", the tables it reported
 * complete before stay, and the load returns.
 *
 * Errors: a connection that fails to open or to fetch does not stop the
 * others; it is recorded as a source with an error in the inventory
 * (VinvSource.error) and its error is kept for the front end
 * (vinv_session_get_error()).  A table that failed in one back-end carries
 * that back-end's error (vinv_table_get_error()).  The load as a whole
 * fails only when every connection failed, or when it was cancelled.
 *
 * The session knows no back-end and no URI scheme: back-ends say which
 * schemes they take and whether they need a user or a password
 * (VinvBackendClass), and the queries below read that.  Uses GLib/GIO
 * only.
 */
#pragma once

#include <gio/gio.h>
#include "backend.h"
#include "config.h"

G_BEGIN_DECLS

#define VINV_SESSION_ERROR (vinv_session_error_quark ())
GQuark vinv_session_error_quark (void);

typedef enum {
    VINV_SESSION_ERROR_PROFILE,  /* the profile named (or the default one) does not exist */
    VINV_SESSION_ERROR_DEMO,     /* the demo's list of connections cannot be read */
} VinvSessionErrorCode;

/* ---- what to open ------------------------------------------------------- */

/* Where the URIs of a plan came from. */
typedef enum {
    VINV_SESSION_FROM_NOTHING,          /* nothing asked for and no fallback allowed */
    VINV_SESSION_FROM_URIS,             /* the URIs given */
    VINV_SESSION_FROM_PROFILE,          /* the profile named */
    VINV_SESSION_FROM_DEFAULT_PROFILE,  /* the configuration's default profile */
    VINV_SESSION_FROM_DEMO,             /* the built-in demo */
} VinvSessionFrom;

/* What a front end was asked for (all borrowed; NULL/FALSE: not given). */
typedef struct {
    const char *const *uris;     /* URIs given (-c), in order; NULL or empty: none */
    const char *profile;         /* a profile by name */
    gboolean default_profile;    /* with no URI and no profile: the default profile */
    gboolean demo;               /* with nothing else: the built-in demo */
    const char *user;            /* connect options given; they win over the */
    const char *ca_file;         /* profile's */
    gboolean insecure;
    guint timeout;               /* seconds for the whole load; 0: not given */
} VinvSessionRequest;

/* The load time limit when neither the request nor the profile gives one. */
#define VINV_SESSION_DEFAULT_TIMEOUT 600
/* How long after the deadline a connection still running is abandoned. */
#define VINV_SESSION_GRACE_S 10

/* What to open.  Owned by the caller; vinv_session_plan_clear() frees it. */
typedef struct {
    VinvSessionFrom from;
    char **uris;                 /* NULL-terminated, at least one; NULL when
                                  * @from is VINV_SESSION_FROM_NOTHING */
    VinvProfile *profile;        /* the profile in use (named or default; also
                                  * with URIs given), or NULL */
    VinvConnectOptions options;  /* user, ca_file, insecure, timeout: the
                                  * request's, else the profile's (timeout:
                                  * else VINV_SESSION_DEFAULT_TIMEOUT); the
                                  * rest zero */
} VinvSessionPlan;

/* Resolves @request against @config (may be NULL: no profiles) into
 * @plan.  The profile is the one named, else — when @request allows it
 * and gives no URI — the default one; the URIs are the request's, else
 * the profile's, else the demo's when allowed, else none
 * (VINV_SESSION_FROM_NOTHING, not an error).  Fails with
 * VINV_SESSION_ERROR_PROFILE ("profile 'NAME' is not in PATH", "the
 * default profile 'NAME' is not in PATH") or VINV_SESSION_ERROR_DEMO (the
 * reason the demo's list cannot be read), leaving @plan empty.  @plan is
 * overwritten (not cleared) first. */
gboolean vinv_session_resolve (const VinvSessionRequest *request, const VinvConfig *config,
                               VinvSessionPlan *plan, GError **error);
void vinv_session_plan_clear (VinvSessionPlan *plan);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (VinvSessionPlan, vinv_session_plan_clear)

/* The first of @uris whose back-end needs a user (VinvBackendClass
 * needs_user) that neither @options->user nor the URI's own USER@ gives;
 * NULL if there is none.  *@klass (may be NULL) is set to that back-end.
 * For a usage error before anything is opened. */
const char *vinv_session_find_missing_user (const char *const *uris,
                                            const VinvConnectOptions *options,
                                            const VinvBackendClass **klass);

/* TRUE if @options has no password and the back-end of some of @uris
 * needs one (VinvBackendClass needs_password). */
gboolean vinv_session_needs_password (const char *const *uris,
                                      const VinvConnectOptions *options);

/* ---- opening and fetching ----------------------------------------------- */

typedef struct _VinvSession VinvSession;

typedef enum {
    VINV_SESSION_CONNECTING,     /* the connection is being opened */
    VINV_SESSION_LOADING,        /* its back-end reports progress */
} VinvSessionStage;

/* Progress of one connection of a load. */
typedef struct {
    guint index;                 /* the connection, in the order given */
    const char *uri;
    VinvSessionStage stage;
    const VinvProgress *backend; /* VINV_SESSION_LOADING: what the back-end
                                  * said; otherwise NULL */
    double fraction;             /* of the whole load, 0 to 1 */
} VinvSessionProgress;

/* Callbacks of a load.  THREADS: they run on the session's worker threads
 * (and the table callback, for the last tables, on the thread that called
 * vinv_session_load()), never two at once (the session serialises them),
 * and never after vinv_session_load() has returned.  A GUI marshals what
 * it needs to its main loop.  They must not call into the session. */
typedef void (*VinvSessionProgressFunc) (const VinvSessionProgress *progress,
                                         gpointer user_data);
/* @table is complete — every connection has finished it and its rows are
 * merged in the order given, and its computed columns (computed.h) are
 * filled, which waits for the tables they read to be complete too — and
 * the session never changes it again.
 * Borrowed: it belongs to the inventory the load returns; take a
 * reference (vinv_table_ref()) to keep it beyond that, or if the load may
 * be cancelled.  Called at most once per table kind, only for tables some
 * connection provided. */
typedef void (*VinvSessionTableFunc) (VinvTableKind kind, VinvTable *table,
                                      gpointer user_data);
/* Asked once per load, on the thread that called vinv_session_load(),
 * after every connection has finished, when some failed only for want of
 * a password (VINV_BACKEND_ERROR_AUTH without one, before reporting any
 * table): @uri is the first of them, @user the connect options' user (or
 * NULL).  Returns the password (owned; the session wipes it) or NULL to
 * let the failures stand.  Those connections are then loaded again with
 * it. */
typedef char *(*VinvSessionPasswordFunc) (const char *uri, const char *user,
                                          gpointer user_data);

/* A session for @uris (at least one) with @options (copied, password
 * included; the copy is wiped when the session is freed). */
VinvSession *vinv_session_new (const char *const *uris, const VinvConnectOptions *options);
void vinv_session_free (VinvSession *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VinvSession, vinv_session_free)

/* At most @n connections load at once (default 8; 0 means the default). */
void vinv_session_set_max_parallel (VinvSession *self, guint n);
/* Whether an interactive front end (a window that must keep painting) runs
 * on this machine's cores while the load runs (default FALSE: a
 * command-line tool, which wants the load done soonest).  Passed to every
 * back-end as VinvConnectOptions.interactive; each decides what it means
 * (e.g. not taking a second core for its own work at the end of a load,
 * when the window has the most to show).  Call before vinv_session_load(). */
void vinv_session_set_interactive (VinvSession *self, gboolean interactive);
void vinv_session_set_progress_func (VinvSession *self, VinvSessionProgressFunc func,
                                     gpointer user_data);
void vinv_session_set_table_func (VinvSession *self, VinvSessionTableFunc func,
                                  gpointer user_data);
void vinv_session_set_password_func (VinvSession *self, VinvSessionPasswordFunc func,
                                     gpointer user_data);

/* Opens and fetches every connection and returns the merged inventory
 * (owned by caller): tables and sources in the order the URIs were given,
 * a failed connection as a source with an error.  Blocks the calling
 * thread (run it in a GTask thread to keep a main loop going).
 *
 * Returns NULL with @error when every connection failed (the back-end's
 * error when there was one URI, else VINV_BACKEND_ERROR with one line per
 * failure) or when @cancellable was cancelled (G_IO_ERROR_CANCELLED).
 * Cancelling returns at once, without waiting for back-ends that are slow
 * to notice: their threads finish on their own and nothing of them is
 * merged or reported afterwards.  Call once per session. */
VinvInventory *vinv_session_load (VinvSession *self, GCancellable *cancellable,
                                  GError **error);

/* After a cancelled vinv_session_load(): waits at most @timeout_ms for
 * the connections still ending to close their back-ends (the oVirt one
 * revokes its token then), so that a program interrupted by a signal can
 * let them before it exits.  TRUE when every one has closed (at once when
 * the load was not cancelled). */
gboolean vinv_session_wait_closed (VinvSession *self, guint timeout_ms);

/* After vinv_session_load() (unless cancelled): the number of
 * connections, how many loaded, and why connection @index failed (NULL if
 * it loaded), with *@opened (may be NULL) TRUE when it failed while
 * fetching rather than opening.  The URIs are those given. */
guint vinv_session_get_n_connections (const VinvSession *self);
guint vinv_session_get_n_loaded (const VinvSession *self);
const char *vinv_session_get_uri (const VinvSession *self, guint index);
const GError *vinv_session_get_error (const VinvSession *self, guint index, gboolean *opened);
/* The names of the sources connection @index registered (usually one; none
 * if it failed), NULL-terminated: which URI to open again for a row whose
 * Source is one of them (actions). */
const char *const *vinv_session_get_sources (const VinvSession *self, guint index);

G_END_DECLS
