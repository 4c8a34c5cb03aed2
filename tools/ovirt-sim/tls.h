/* tls.h — the simulated engine's PKI: a CA and a server certificate.
 *
 * Either generated at start with GnuTLS (an ECDSA P-256 CA and a server
 * certificate for 127.0.0.1, ::1 and localhost signed by it) or loaded from
 * PEM files given on the command line. The CA is what
 * /ovirt-engine/services/pki-resource hands out, as the real engine does. */
#pragma once

#include <glib.h>

typedef struct {
    char *ca_pem;      /* CA certificate (PEM), served by pki-resource */
    char *cert_pem;    /* server certificate (PEM) */
    char *key_pem;     /* server private key (PEM) */
} SimPki;

/* Generates a fresh CA and server certificate. Returns FALSE and sets @error
 * when GnuTLS fails. @pki must be zeroed or cleared. */
gboolean sim_pki_generate (SimPki *pki, GError **error);

/* Loads the PEM files; @ca may be NULL (then the server certificate stands
 * for the CA, as with a self-signed one). Returns FALSE with @error set when
 * a file can't be read. */
gboolean sim_pki_load (SimPki *pki, const char *cert, const char *key, const char *ca,
                       GError **error);

void sim_pki_clear (SimPki *pki);
