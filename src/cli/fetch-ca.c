/* fetch-ca.c — `virt-inventory fetch-ca ENGINE`: download an oVirt
 * engine's CA certificate so that `-c ovirt://ENGINE --ca-file FILE` can
 * verify the engine, and show its fingerprint for the user to check.
 *
 * The download itself belongs to the oVirt back-end, which libvinv_cli
 * never links: main.c hands its function over with vinv_cli_set_fetch_ca().
 * This file decides where the certificate goes (refusing to overwrite, as
 * export does), maps failures to exit codes, and computes the SHA-256
 * fingerprint (GChecksum over the DER, as `openssl x509 -fingerprint
 * -sha256` prints it), because the download is plain HTTP and proves
 * nothing by itself.
 */
#include <string.h>
#include <glib/gstdio.h>
#include "cli.h"

#define PEM_BEGIN "-----BEGIN CERTIFICATE-----"
#define PEM_END "-----END CERTIFICATE-----"
#define ENGINE_CA_PATH "/etc/pki/ovirt-engine/ca.pem"

static VinvCliFetchCaFunc fetch_ca_func;

void
vinv_cli_set_fetch_ca (VinvCliFetchCaFunc func)
{
    fetch_ca_func = func;
}

char *
vinv_cli_pem_fingerprint (const char *pem)
{
    const char *begin = strstr (pem, PEM_BEGIN);
    const char *end = begin != NULL ? strstr (begin, PEM_END) : NULL;
    gsize der_len = 0;

    if (end == NULL)
        return NULL;
    begin += strlen (PEM_BEGIN);
    /* g_base64_decode() skips what is not base64, line ends included */
    g_autofree char *body = g_strndup (begin, end - begin);
    g_autofree guchar *der = g_base64_decode (body, &der_len);
    if (der_len == 0)
        return NULL;

    guint8 digest[32];
    gsize digest_len = sizeof digest;
    g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
    g_checksum_update (checksum, der, der_len);
    g_checksum_get_digest (checksum, digest, &digest_len);

    GString *out = g_string_sized_new (3 * digest_len);
    for (gsize i = 0; i < digest_len; i++)
        g_string_append_printf (out, "%s%02X", i > 0 ? ":" : "", digest[i]);
    return g_string_free (out, FALSE);
}

/* Splits @engine (HOST, HOST:PORT, SCHEME://[USER@]HOST[:PORT][/PATH],
 * IPv6 in brackets) into its host (without brackets) and port (NULL if
 * none).  Both owned by caller; *host may be empty. */
static void
split_engine (const char *engine, char **host, char **port)
{
    const char *p = strstr (engine, "://");
    const char *start = p != NULL ? p + 3 : engine;
    const char *stop = start + strcspn (start, "/?#");
    const char *at = g_strstr_len (start, stop - start, "@");
    const char *colon;

    if (at != NULL)
        start = at + 1;
    if (*start == '[') {
        const char *close = g_strstr_len (start, stop - start, "]");
        if (close != NULL) {
            *host = g_strndup (start + 1, close - start - 1);
            *port = close[1] == ':' ? g_strndup (close + 2, stop - close - 2) : NULL;
            return;
        }
    }
    colon = g_strstr_len (start, stop - start, ":");
    *host = g_strndup (start, (colon != NULL ? colon : stop) - start);
    *port = colon != NULL ? g_strndup (colon + 1, stop - colon - 1) : NULL;
}

char *
vinv_cli_default_ca_path (const char *engine)
{
    g_autofree char *host = NULL;
    g_autofree char *port = NULL;

    split_engine (engine, &host, &port);
    GString *name = g_string_new (host[0] != '\0' ? host : "engine");
    if (port != NULL && port[0] != '\0')
        g_string_append_printf (name, "-%s", port);
    for (gsize i = 0; i < name->len; i++) {
        char c = name->str[i];
        if (!g_ascii_isalnum (c) && c != '.' && c != '-')
            name->str[i] = '_';
    }
    if (name->str[0] == '.')
        name->str[0] = '_';     /* never a hidden file, never ".." */
    g_string_append (name, "-ca.pem");
    return g_string_free (name, FALSE);
}

/* Removes the temporary directory of a download to standard output. */
static void
remove_temp (const char *dir, const char *path)
{
    if (path != NULL)
        g_unlink (path);
    if (dir != NULL)
        g_rmdir (dir);
}

int
vinv_cli_run_fetch_ca (VinvCli *cli)
{
    VinvCliOptions *opts = &cli->opts;
    const char *engine = g_ptr_array_index (opts->args, 0);
    g_autofree char *path = g_strdup (opts->output);
    g_autofree char *temp_dir = NULL;
    g_autofree char *target = NULL;
    g_autofree char *pem = NULL;
    g_autofree char *connect_uri = NULL;
    g_autoptr (GError) error = NULL;

    if (fetch_ca_func == NULL) {
        vinv_cli_error (cli, "this build has no oVirt back-end: fetch-ca is not available");
        return VINV_EXIT_CONNECT;
    }
    if (path == NULL)
        path = vinv_cli_default_ca_path (engine);

    gboolean to_stdout = strcmp (path, "-") == 0;
    if (to_stdout) {
        temp_dir = g_dir_make_tmp ("virt-inventory-ca-XXXXXX", &error);
        if (temp_dir == NULL) {
            vinv_cli_error (cli, "cannot create a temporary directory: %s", error->message);
            return VINV_EXIT_USAGE;
        }
        target = g_build_filename (temp_dir, "ca.pem", NULL);
    } else {
        if (!opts->force && g_file_test (path, G_FILE_TEST_EXISTS)) {
            vinv_cli_error (cli, "'%s' already exists", path);
            fprintf (cli->err, "  hint: nothing was written; use --force to overwrite, "
                     "or choose another --output\n");
            return VINV_EXIT_USAGE;
        }
        target = g_strdup (path);
    }

    if (!fetch_ca_func (engine, target, &connect_uri, &error)) {
        remove_temp (temp_dir, NULL);
        if (error->domain == G_FILE_ERROR) {
            vinv_cli_error (cli, "cannot write '%s': %s", path, error->message);
            return VINV_EXIT_USAGE;
        }
        vinv_cli_error (cli, "%s", error->message);
        return VINV_EXIT_CONNECT;
    }
    if (!g_file_get_contents (target, &pem, NULL, &error)) {
        remove_temp (temp_dir, to_stdout ? target : NULL);
        vinv_cli_error (cli, "cannot read back '%s': %s", path, error->message);
        return VINV_EXIT_USAGE;
    }
    if (to_stdout) {
        fputs (pem, cli->out);
        remove_temp (temp_dir, target);
    }

    /* The fingerprint is the point of the command: printed even with -q. */
    g_autofree char *fingerprint = vinv_cli_pem_fingerprint (pem);
    if (!opts->quiet) {
        if (to_stdout)
            fprintf (cli->err, "%s: the CA certificate of %s\n", VINV_PROGRAM, engine);
        else
            fprintf (cli->err, "%s: wrote the CA certificate of %s to %s\n", VINV_PROGRAM,
                     engine, path);
    }
    fprintf (cli->err, "SHA-256 fingerprint: %s\n", fingerprint != NULL ? fingerprint : "?");
    if (!opts->quiet) {
        fprintf (cli->err,
                 "The download was not authenticated: before trusting the certificate,\n"
                 "compare this fingerprint with the one the engine's own CA file gives,\n"
                 "on the engine:\n"
                 "  openssl x509 -in " ENGINE_CA_PATH " -noout -fingerprint -sha256\n"
                 "Then connect with:\n"
                 "  virt-inventory -c %s -u USER@DOMAIN --ca-file %s tables\n",
                 connect_uri != NULL ? connect_uri : "ovirt://ENGINE",
                 to_stdout ? "FILE" : path);
    }
    return VINV_EXIT_OK;
}
