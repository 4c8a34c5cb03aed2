/* main.c — the virt-inventory-gtk executable: registers the back-ends this
 * build links (libvirt always; oVirt when src/ovirt is built; saved
 * inventories and history records, file: and history:, registered last
 * since libvirt takes any scheme) and runs the
 * GTK application (vinv-app.h).  Everything else lives in libvinv_gui,
 * which the GUI tests link too.
 */
#include <locale.h>
#include "libvirt/lazy.h"
#ifdef VINV_HAVE_OVIRT
#include "ovirt/ovirt-backend.h"
#endif
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"
#endif
#include "vinv-app.h"
#include "core/memory.h"

int
main (int argc, char **argv)
{
    vinv_memory_init ();
    setlocale (LC_ALL, "");
    g_set_prgname ("virt-inventory-gtk");
    vinv_libvirt_register_lazy ();
#ifdef VINV_HAVE_OVIRT
    vinv_ovirt_register ();
#endif
#ifdef VINV_HAVE_SNAPSHOT
    vinv_snapshot_register ();
#endif
    g_autoptr (VinvApp) app = vinv_app_new ();
    return g_application_run (G_APPLICATION (app), argc, argv);
}
