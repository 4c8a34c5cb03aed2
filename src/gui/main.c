/* main.c — the virt-inventory-gtk executable: registers the back-ends this
 * build links and runs the GTK application (vinv-app.h).  Everything else
 * lives in libvinv_gui, which the GUI tests link too.
 */
#include <locale.h>
#include "libvirt/libvirt-backend.h"
#include "vinv-app.h"

int
main (int argc, char **argv)
{
    setlocale (LC_ALL, "");
    g_set_prgname ("virt-inventory-gtk");
    vinv_libvirt_register ();
    g_autoptr (VinvApp) app = vinv_app_new ();
    return g_application_run (G_APPLICATION (app), argc, argv);
}
