/* main.c — the virt-inventory executable: registers the back-ends this
 * build links and hands over to the CLI library (src/cli/cli.h).
 *
 * Back-end hook: each back-end built into the tool is registered here, and
 * only here, before vinv_cli_main() parses anything.  The oVirt back-end
 * also provides `fetch-ca` (vinv_cli_set_fetch_ca()); a build without it
 * fails ovirt:// URIs with the core's "unsupported URI" error and fetch-ca
 * with "no oVirt back-end", both exit status 2.
 */
#include <locale.h>
#include "cli.h"
#ifdef VINV_HAVE_LIBVIRT
#include "libvirt/libvirt-backend.h"
#endif
#ifdef VINV_HAVE_OVIRT
#include "ovirt/ovirt-backend.h"
#endif

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
#ifdef VINV_HAVE_LIBVIRT
    vinv_libvirt_register ();
#endif
#ifdef VINV_HAVE_OVIRT
    vinv_ovirt_register ();
    vinv_cli_set_fetch_ca (vinv_ovirt_fetch_ca);
#endif
    return vinv_cli_main (argc, argv);
}
