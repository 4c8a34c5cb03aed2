/* tls.c — generates or loads the simulator's certificates (see tls.h).
 *
 * Uses only GnuTLS's x509 API; the keys live in memory for the life of the
 * process and the PEM text is what libmicrohttpd and pki-resource use. */
#include "tls.h"

#include "model.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <time.h>

#define CHECK(expr, what)                                                         \
    do {                                                                          \
        int rc_ = (expr);                                                         \
        if (rc_ < 0) {                                                            \
            g_set_error (error, SIM_ERROR, SIM_ERROR_FAILED, "%s: %s", (what),  \
                         gnutls_strerror (rc_));                                  \
            goto out;                                                             \
        }                                                                         \
    } while (0)

static char *
datum_to_string (gnutls_datum_t *d)
{
    char *s = g_strndup ((const char *) d->data, d->size);

    gnutls_free (d->data);
    d->data = NULL;
    return s;
}

/* Sets the fields both certificates share: version, serial, validity. */
static int
common_fields (gnutls_x509_crt_t crt, gnutls_x509_privkey_t key, unsigned char serial)
{
    unsigned char sn[8] = { 0x01, 0x5a, 0x1a, 0x7e, 0, 0, 0, serial };
    time_t now = time (NULL);
    int rc;

    if ((rc = gnutls_x509_crt_set_version (crt, 3)) < 0
        || (rc = gnutls_x509_crt_set_key (crt, key)) < 0
        || (rc = gnutls_x509_crt_set_serial (crt, sn, sizeof sn)) < 0
        || (rc = gnutls_x509_crt_set_activation_time (crt, now - 86400)) < 0
        || (rc = gnutls_x509_crt_set_expiration_time (crt, now + 365 * 86400)) < 0) {
        return rc;
    }
    return 0;
}

gboolean
sim_pki_generate (SimPki *pki, GError **error)
{
    gnutls_x509_privkey_t ca_key = NULL;
    gnutls_x509_privkey_t srv_key = NULL;
    gnutls_x509_crt_t ca = NULL;
    gnutls_x509_crt_t srv = NULL;
    gnutls_datum_t out_d = { NULL, 0 };
    unsigned char ip4[4] = { 127, 0, 0, 1 };
    unsigned char ip6[16] = { 0 };
    unsigned char keyid[64];
    size_t keyid_len = sizeof keyid;
    gboolean ok = FALSE;
    const char *ca_dn = "C=US,O=ovirt-sim,CN=ovirt-sim CA";
    const char *srv_dn = "C=US,O=ovirt-sim,CN=localhost";

    ip6[15] = 1;
    CHECK (gnutls_x509_privkey_init (&ca_key), "CA key");
    CHECK (gnutls_x509_privkey_generate (ca_key, GNUTLS_PK_ECDSA,
                                         GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
           "CA key generation");
    CHECK (gnutls_x509_privkey_init (&srv_key), "server key");
    CHECK (gnutls_x509_privkey_generate (srv_key, GNUTLS_PK_ECDSA,
                                         GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0),
           "server key generation");

    CHECK (gnutls_x509_crt_init (&ca), "CA certificate");
    CHECK (common_fields (ca, ca_key, 1), "CA fields");
    CHECK (gnutls_x509_crt_set_dn (ca, ca_dn, NULL), "CA name");
    CHECK (gnutls_x509_crt_set_basic_constraints (ca, 1, -1), "CA constraints");
    CHECK (gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN),
           "CA key usage");
    CHECK (gnutls_x509_crt_get_key_id (ca, 0, keyid, &keyid_len), "CA key id");
    CHECK (gnutls_x509_crt_set_subject_key_id (ca, keyid, keyid_len), "CA subject key id");
    CHECK (gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0), "CA signature");

    CHECK (gnutls_x509_crt_init (&srv), "server certificate");
    CHECK (common_fields (srv, srv_key, 2), "server fields");
    CHECK (gnutls_x509_crt_set_dn (srv, srv_dn, NULL), "server name");
    CHECK (gnutls_x509_crt_set_basic_constraints (srv, 0, -1), "server constraints");
    CHECK (gnutls_x509_crt_set_key_usage (srv, GNUTLS_KEY_DIGITAL_SIGNATURE
                                               | GNUTLS_KEY_KEY_ENCIPHERMENT),
           "server key usage");
    CHECK (gnutls_x509_crt_set_key_purpose_oid (srv, GNUTLS_KP_TLS_WWW_SERVER, 0),
           "server purpose");
    CHECK (gnutls_x509_crt_set_subject_alt_name (srv, GNUTLS_SAN_DNSNAME, "localhost", 9,
                                                 GNUTLS_FSAN_APPEND), "server DNS name");
    CHECK (gnutls_x509_crt_set_subject_alt_name (srv, GNUTLS_SAN_IPADDRESS, ip4, 4,
                                                 GNUTLS_FSAN_APPEND), "server IPv4");
    CHECK (gnutls_x509_crt_set_subject_alt_name (srv, GNUTLS_SAN_IPADDRESS, ip6, 16,
                                                 GNUTLS_FSAN_APPEND), "server IPv6");
    CHECK (gnutls_x509_crt_set_authority_key_id (srv, keyid, keyid_len), "authority key id");
    CHECK (gnutls_x509_crt_sign2 (srv, ca, ca_key, GNUTLS_DIG_SHA256, 0), "server signature");

    CHECK (gnutls_x509_crt_export2 (ca, GNUTLS_X509_FMT_PEM, &out_d), "CA export");
    pki->ca_pem = datum_to_string (&out_d);
    CHECK (gnutls_x509_crt_export2 (srv, GNUTLS_X509_FMT_PEM, &out_d), "server export");
    pki->cert_pem = datum_to_string (&out_d);
    CHECK (gnutls_x509_privkey_export2 (srv_key, GNUTLS_X509_FMT_PEM, &out_d), "key export");
    pki->key_pem = datum_to_string (&out_d);
    ok = TRUE;
out:
    if (ca != NULL) {
        gnutls_x509_crt_deinit (ca);
    }
    if (srv != NULL) {
        gnutls_x509_crt_deinit (srv);
    }
    if (ca_key != NULL) {
        gnutls_x509_privkey_deinit (ca_key);
    }
    if (srv_key != NULL) {
        gnutls_x509_privkey_deinit (srv_key);
    }
    if (!ok) {
        sim_pki_clear (pki);
    }
    return ok;
}

gboolean
sim_pki_load (SimPki *pki, const char *cert, const char *key, const char *ca, GError **error)
{
    if (!g_file_get_contents (cert, &pki->cert_pem, NULL, error)
        || !g_file_get_contents (key, &pki->key_pem, NULL, error)
        || !g_file_get_contents (ca != NULL ? ca : cert, &pki->ca_pem, NULL, error)) {
        g_prefix_error (error, "loading certificates: ");
        sim_pki_clear (pki);
        return FALSE;
    }
    return TRUE;
}

void
sim_pki_clear (SimPki *pki)
{
    g_clear_pointer (&pki->ca_pem, g_free);
    g_clear_pointer (&pki->cert_pem, g_free);
    if (pki->key_pem != NULL) {
        memset (pki->key_pem, 0, strlen (pki->key_pem));
    }
    g_clear_pointer (&pki->key_pem, g_free);
}
