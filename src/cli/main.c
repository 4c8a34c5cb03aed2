/* main.c — the virt-inventory executable: registers the back-ends this
 * build links and hands over to the CLI library (src/cli/cli.h).
 *
 * Back-end hook: each back-end built into the tool is registered here, and
 * only here, before vinv_cli_main() parses anything.  The oVirt back-end
 * goes next to libvirt once it exists (#include "ovirt/ovirt-backend.h",
 * vinv_ovirt_register ()); until then ovirt:// URIs fail with the core's
 * "unsupported URI" error, exit status 2.
 */
#include <locale.h>
#include "cli.h"
#ifdef VINV_HAVE_LIBVIRT
#include "libvirt/libvirt-backend.h"
#endif

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
#ifdef VINV_HAVE_LIBVIRT
    vinv_libvirt_register ();
#endif
    return vinv_cli_main (argc, argv);
}
