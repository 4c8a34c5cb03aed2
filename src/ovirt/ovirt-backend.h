/* ovirt-backend.h — the oVirt engine back-end: registration and the
 * engine-CA helper, all a front end needs.
 *
 * URIs: ovirt://ENGINE[:PORT] (HTTPS, /ovirt-engine/api) and
 * ovirt+http://HOST:PORT (plain HTTP, for tests and the simulator);
 * ovirt+https:// is a synonym of ovirt://.  Connect options used: user
 * (USER@PROFILE, required), password, ca_file, insecure, parallel (requests
 * in flight, default 8, at most 64) and fetch_strategy ("follow", the
 * default, or "parallel").
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Registers the "ovirt" back-end with the core's registry
 * (vinv_backend_register()).  Safe to call more than once. */
void vinv_ovirt_register (void);

/* Downloads the engine's CA certificate (PEM) from
 * SCHEME://HOST[:PORT]/ovirt-engine/services/pki-resource?resource=
 * ca-certificate&format=X509-PEM-CA and writes it atomically to @out_path.
 * @engine keeps its scheme and port: HOST, HOST:PORT, http://HOST[:PORT] and
 * ovirt+http://HOST[:PORT] are plain HTTP; ovirt://HOST[:PORT][/PREFIX],
 * ovirt+https:// and https:// are HTTPS without verification (there is
 * nothing to verify with yet).  Either way the download is not
 * authenticated: the caller should tell the user to check the fingerprint.
 * On success sets *connect_uri (if not NULL; owned by the caller) to the
 * URI to connect to next with that CA: @engine itself when it was an HTTPS
 * one (without a password), else ovirt://HOST.  Returns FALSE with a
 * one-line @error (VINV_BACKEND_ERROR_URI, _CONNECT or _PROTOCOL, or
 * G_FILE_ERROR) on failure. */
gboolean vinv_ovirt_fetch_ca (const char *engine, const char *out_path, char **connect_uri,
                              GError **error);

/* HTTP requests an oVirt back-end instance has sent so far (each retry
 * counts), for tests and benchmarks.  @backend must be an oVirt one. */
typedef struct _VinvBackend VinvBackend;
guint64 vinv_ovirt_get_request_count (VinvBackend *backend);

G_END_DECLS
