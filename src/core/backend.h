/* backend.h — the interface every back-end implements, and the registry
 * that picks one for a URI.
 *
 * A back-end turns one connection into filled tables: open (connect and
 * authenticate), fetch (fill an inventory, reporting progress, cancellable),
 * close.  The core defines the interface and knows nothing of HTTP or
 * libvirt; front ends register the back-ends they link
 * (vinv_backend_register()) and open URIs through vinv_backend_open().
 *
 * Error contract: open and fetch return FALSE/NULL with a GError in
 * VINV_BACKEND_ERROR (codes below) and a one-line message that names the
 * URI and never contains a password or token.  A fetch that loads some
 * tables but not others returns TRUE and marks the failed tables with
 * vinv_table_set_error().
 */
#pragma once

#include <gio/gio.h>
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
} VinvConnectOptions;

void vinv_connect_options_clear (VinvConnectOptions *options);

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

/* One table a back-end fills, as data (see VinvBackendClass.tables). */
typedef struct {
    const char *table;              /* table id ("storage_domains") */
    const char *title;              /* title when only this back-end is open
                                     * ("Storage pools"), or NULL */
    const char *const *columns;     /* ids of the columns it fills,
                                     * NULL-terminated ("source" and "id" are
                                     * always filled and need not be listed) */
} VinvBackendTable;

typedef struct {
    const char *name;        /* "libvirt", "ovirt" */
    const char *description; /* one line for help: "oVirt engine (REST API v4)" */
    /* URI schemes it accepts, NULL-terminated; an entry ending in '*'
     * matches any scheme with that prefix ("qemu+*").  The core matches
     * URIs against these; nothing else looks at a scheme. */
    const char *const *schemes;
    const char *uri_example; /* "ovirt://ENGINE", for messages */
    gboolean needs_user;     /* a connection needs user@domain */
    gboolean needs_password; /* a connection needs a password */
    /* The tables it fills and their columns, terminated by {NULL}.  Tables
     * not listed are not available from this back-end. */
    const VinvBackendTable *tables;
    /* TRANSITIONAL (issue 9): replaced by @schemes and @tables. */
    guint origin;            /* VINV_COL_OVIRT or VINV_COL_LIBVIRT */
    gboolean (*accepts) (const char *uri);
    /* Connects; returns a new back-end instance or NULL with @error. */
    VinvBackend *(*open) (const char *uri, const VinvConnectOptions *options,
                          GCancellable *cancellable, GError **error);
    /* Fills @inventory with this connection's rows (Source = the source
     * name) and registers the source.  Called from any one thread. */
    gboolean (*fetch) (VinvBackend *self, VinvInventory *inventory,
                       VinvProgressFunc progress, gpointer user_data,
                       GCancellable *cancellable, GError **error);
    /* Disconnects (revoking tokens) and frees @self. */
    void (*close) (VinvBackend *self);
} VinvBackendClass;

/* The common head of every back-end instance; back-ends embed it first. */
struct _VinvBackend {
    const VinvBackendClass *klass;
    char *uri;               /* as opened, without credentials */
    char *source_name;       /* name shown in the Source column */
};

/* Registers @klass (static).  Later registrations are tried first. */
void vinv_backend_register (const VinvBackendClass *klass);

/* Opens @uri with the first registered back-end that accepts it.  Fails
 * with VINV_BACKEND_ERROR_URI naming the known schemes if none does. */
VinvBackend *vinv_backend_open (const char *uri, const VinvConnectOptions *options,
                                GCancellable *cancellable, GError **error);
/* Runs the back-end's fetch, then fills the computed columns of
 * @inventory (vinv_computed_fill()). */
gboolean vinv_backend_fetch (VinvBackend *self, VinvInventory *inventory,
                             VinvProgressFunc progress, gpointer user_data,
                             GCancellable *cancellable, GError **error);
void vinv_backend_close (VinvBackend *self);
const char *vinv_backend_get_source_name (const VinvBackend *self);

/* Helpers for back-end implementations: set up / tear down the common head. */
void vinv_backend_init (VinvBackend *self, const VinvBackendClass *klass,
                        const char *uri, const char *source_name);
void vinv_backend_finalize (VinvBackend *self);

G_END_DECLS
