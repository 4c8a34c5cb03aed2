/* backend.h — the interface every back-end implements, and the registry
 * that picks one for a URI.
 *
 * A back-end turns one connection into filled tables: open (connect and
 * authenticate), fetch (fill an inventory, reporting progress and each
 * table as it completes, cancellable), close.  It describes itself as data
 * in its class: the URI schemes it accepts, whether a connection needs a
 * user and a password, the tables and columns it fills.  The core defines
 * the interface and knows nothing of HTTP or libvirt; front ends register
 * the back-ends they link (vinv_backend_register()) and open URIs through
 * the session (session.h), which uses vinv_backend_open().  Only this file
 * and backend.c look at a URI's scheme.
 *
 * Error contract: open and fetch return FALSE/NULL with a GError in
 * VINV_BACKEND_ERROR (codes below) and a one-line message that names the
 * URI and never contains a password or token.  A fetch that loads some
 * tables but not others returns TRUE and marks the failed tables with
 * vinv_table_set_error().
 */
#pragma once

#include <gio/gio.h>
#include "action.h"
#include "inventory.h"

G_BEGIN_DECLS

#define VINV_BACKEND_ERROR (vinv_backend_error_quark ())
GQuark vinv_backend_error_quark (void);

typedef enum {
    VINV_BACKEND_ERROR_URI,          /* malformed or unsupported URI */
    VINV_BACKEND_ERROR_CONNECT,      /* unreachable, refused, timed out */
    VINV_BACKEND_ERROR_TLS,          /* certificate not trusted, handshake */
    VINV_BACKEND_ERROR_AUTH,         /* wrong credentials, 401/403 */
    VINV_BACKEND_ERROR_PROTOCOL,     /* malformed response, unexpected status */
    VINV_BACKEND_ERROR_CANCELLED,
    VINV_BACKEND_ERROR_FAILED,       /* anything else */
    VINV_BACKEND_ERROR_TIMEOUT,      /* the load time limit passed (options.timeout) */
} VinvBackendErrorCode;

/* Options of a connection.  The password is held only in memory and is
 * wiped by vinv_connect_options_clear(). */
typedef struct {
    char *user;              /* oVirt user@profile, or NULL */
    char *password;          /* never logged, never stored */
    char *ca_file;           /* PEM CA bundle, or NULL for the system store */
    gboolean insecure;       /* skip TLS verification (warned about) */
    guint parallel;          /* requests in flight; 0 = back-end default */
    char *fetch_strategy;    /* back-end specific ("follow", "parallel"), or NULL */
    gboolean read_write;     /* open read-write (actions); default read-only */
    guint timeout;           /* seconds a whole load may take; 0 = no limit */
    gint64 deadline;         /* set by the session when a load starts: the
                              * g_get_monotonic_time() at which @timeout
                              * passes (0 = none).  A back-end stops there:
                              * what it has not loaded yet fails with a
                              * one-line error naming the table's request
                              * and the limit (the others stay loaded); one
                              * that cannot stop is abandoned by the session
                              * a little later (see session.h). */
    gboolean interactive;    /* set through the session
                              * (vinv_session_set_interactive()): a front
                              * end that must stay responsive runs on this
                              * machine's cores, so a back-end leaves it a
                              * core where it can (fewer threads of its own
                              * at the busiest moments); what that means is
                              * the back-end's to decide */
    gboolean fetch_once;     /* set by the session: the connection is
                              * fetched once, then closed, so a back-end may
                              * end its remote session (an oVirt logout)
                              * as soon as the fetch's data is in, while it
                              * builds the tables; close then waits for it */
} VinvConnectOptions;

void vinv_connect_options_clear (VinvConnectOptions *options);

/* Deep copy of @src (NULL: all unset) into @dst, which is overwritten, not
 * cleared. */
void vinv_connect_options_copy (VinvConnectOptions *dst, const VinvConnectOptions *src);

/* Progress of a fetch. */
typedef struct {
    const char *source;      /* source name */
    const char *what;        /* what is being loaded now ("VMs"), or NULL */
    guint done;              /* steps done */
    guint total;             /* steps in all (0 = unknown) */
    guint64 bytes;           /* bytes received so far (0 if not applicable) */
} VinvProgress;

typedef void (*VinvProgressFunc) (const VinvProgress *progress, gpointer user_data);

typedef struct _VinvBackend VinvBackend;

/* Called by a back-end, on the thread running its fetch, when table @kind
 * of the inventory being filled is complete (see vinv_backend_table_done()). */
typedef void (*VinvTableDoneFunc) (VinvTableKind kind, gpointer user_data);

typedef struct {
    const char *name;        /* "libvirt", "ovirt" */
    const char *title;       /* for people, in messages: "oVirt", "libvirt" */
    const char *description; /* one line for help: "oVirt engine (REST API v4)" */
    /* URI schemes it accepts, NULL-terminated; an entry ending in '*'
     * matches any scheme with that prefix ("qemu+*").  Matched without
     * regard to case.  The core matches URIs against these; nothing else
     * looks at a scheme. */
    const char *const *schemes;
    const char *uri_example; /* "ovirt://ENGINE", for messages */
    gboolean needs_user;     /* a connection needs a user, from the connect
                              * options or the URI's USER@ */
    const char *user_hint;   /* with @needs_user: how a user is written, for
                              * messages: "USER@DOMAIN (e.g. admin@internal)" */
    gboolean needs_password; /* a connection needs a password */
    /* The tables it fills and their columns (schema.h), terminated by
     * {NULL}.  Tables not listed are not available from this back-end.
     * fetch passes it to vinv_inventory_add_source(). */
    const VinvBackendTable *tables;
    /* Connects; returns a new back-end instance or NULL with @error. */
    VinvBackend *(*open) (const char *uri, const VinvConnectOptions *options,
                          GCancellable *cancellable, GError **error);
    /* Fills @inventory with this connection's rows (Source = the source
     * name) and registers the source (before reporting any table done).
     * Called from any one thread.  Calls vinv_backend_table_done() for each
     * table as soon as it is complete (rows, links and errors), where the
     * back-end knows; the core reports the rest when fetch returns TRUE. */
    gboolean (*fetch) (VinvBackend *self, VinvInventory *inventory,
                       VinvProgressFunc progress, gpointer user_data,
                       GCancellable *cancellable, GError **error);
    /* Disconnects (revoking tokens) and frees @self. */
    void (*close) (VinvBackend *self);
    /* VM actions (action.h) on a connection opened with read_write, or
     * NULL when the back-end offers none (saved inventories). */
    const VinvBackendActions *actions;
} VinvBackendClass;

/* The common head of every back-end instance; back-ends embed it first. */
struct _VinvBackend {
    const VinvBackendClass *klass;
    char *uri;               /* as opened, without credentials */
    char *source_name;       /* name shown in the Source column */
    /* Private to backend.c, valid during vinv_backend_fetch_full(): where
     * completed tables go, and which were reported (bit 1 << kind). */
    VinvTableDoneFunc table_done;
    gpointer table_done_data;
    guint64 tables_done;
};

/* Registers @klass (static).  Later registrations are tried first. */
void vinv_backend_register (const VinvBackendClass *klass);

/* The registered back-end whose schemes match @uri's scheme (the text
 * before the first ':', letters, digits, '+', '-', '.'; any case), the
 * latest registered first; NULL if none does or @uri has no scheme. */
const VinvBackendClass *vinv_backend_class_for_uri (const char *uri);

/* The registered back-end whose description is @tables (a source's
 * VinvSource.tables), or the one named @name ("ovirt"); NULL if none.
 * Saved inventories record a source's back-end by name with these. */
const VinvBackendClass *vinv_backend_class_for_tables (const VinvBackendTable *tables);
const VinvBackendClass *vinv_backend_class_for_name (const char *name);

/* One line for messages naming the schemes that work, from the registry,
 * in registration order: "qemu[+*], test[+*], ovirt, ovirt+http; e.g.
 * qemu:///system, ovirt://ENGINE" (a scheme listed bare and with "+*"
 * shows once as "NAME[+*]").  "none" with no back-end.  Owned by caller. */
char *vinv_backend_dup_schemes_text (void);

/* Opens @uri with vinv_backend_class_for_uri()'s back-end.  Fails with
 * VINV_BACKEND_ERROR_URI ("no back-end handles 'URI' (schemes: ...)") if
 * there is none. */
VinvBackend *vinv_backend_open (const char *uri, const VinvConnectOptions *options,
                                GCancellable *cancellable, GError **error);

/* vinv_backend_fetch_full() without a table-done callback, then the
 * computed columns of @inventory (vinv_computed_fill()): what a caller
 * that loads one connection alone wants.  The session, which merges
 * tables as they complete, computes them once the whole load has ended. */
gboolean vinv_backend_fetch (VinvBackend *self, VinvInventory *inventory,
                             VinvProgressFunc progress, gpointer user_data,
                             GCancellable *cancellable, GError **error);

/* Fetches into @inventory (the class's fetch).  @table_done (may be NULL)
 * is called on the fetching thread, with @user_data, at most once per
 * table kind: when the back-end reports the table complete, and — when
 * the fetch returns TRUE — for every table of @inventory not reported yet,
 * before this function returns.  Once reported, a table is never touched
 * by the back-end again, so the caller may move its rows away at once.
 * Tables reported before a fetch that returns FALSE stay reported; the
 * others of @inventory are to be dropped.  One fetch per instance at a
 * time. */
gboolean vinv_backend_fetch_full (VinvBackend *self, VinvInventory *inventory,
                                  VinvProgressFunc progress, VinvTableDoneFunc table_done,
                                  gpointer user_data, GCancellable *cancellable,
                                  GError **error);
void vinv_backend_close (VinvBackend *self);
const char *vinv_backend_get_source_name (const VinvBackend *self);

/* For back-ends, inside fetch: table @kind of the inventory being filled
 * is complete — its rows, links and error are final and the back-end will
 * not touch it again.  Register the source before the first call.  A
 * second report of the same kind is ignored. */
void vinv_backend_table_done (VinvBackend *self, VinvTableKind kind);

/* Helpers for back-end implementations: set up / tear down the common head. */
void vinv_backend_init (VinvBackend *self, const VinvBackendClass *klass,
                        const char *uri, const char *source_name);
void vinv_backend_finalize (VinvBackend *self);

G_END_DECLS
