/* main.c — the virt-inventory executable: registers the back-ends this
 * build links and hands over to the CLI library (src/cli/cli.h).
 *
 * Back-end hook: each back-end built into the tool is registered here, and
 * only here, before vinv_cli_main() parses anything.  The oVirt back-end
 * also provides `fetch-ca` (vinv_cli_set_fetch_ca()); a build without it
 * fails ovirt:// URIs with the core's "unsupported URI" error and fetch-ca
 * with "no oVirt back-end", both exit status 2.  The saved-inventory
 * back-end (file:, history:) is registered last, since libvirt takes any
 * scheme, and provides what `save`, `record` and `history` call.
 */
#include <locale.h>
#include "cli.h"
#include "core/memory.h"
#ifdef VINV_HAVE_LIBVIRT
#include "libvirt/lazy.h"
#endif
#ifdef VINV_HAVE_OVIRT
#include "ovirt/ovirt-backend.h"
#endif
#ifdef VINV_HAVE_SNAPSHOT
#include "snapshot/snapshot.h"

/* vinv_history_record() with the one-line summary `record` prints. */
static gboolean
record_with_summary (const char *db, const VinvInventory *inventory, gint64 taken_at,
                     char **summary, GError **error)
{
    VinvHistoryRecordInfo info;

    if (!vinv_history_record (db, inventory, taken_at, &info, error))
        return FALSE;
    *summary = g_strdup_printf ("record %" G_GINT64_FORMAT ": %u source%s, %u rows, %u stored "
                                "(new or changed), %u removed", info.record, info.n_sources,
                                info.n_sources == 1 ? "" : "s", info.n_rows, info.n_added,
                                info.n_removed);
    return TRUE;
}

static const VinvCliHistoryHooks history_hooks = {
    .save = vinv_snapshot_save,
    .record = record_with_summary,
    .list = vinv_history_list,
    .show = vinv_history_show,
    .dup_default_db = vinv_history_dup_default_path,
};
#endif

int
main (int argc, char **argv)
{
    vinv_memory_init ();
    setlocale (LC_ALL, "");
#ifdef VINV_HAVE_LIBVIRT
    vinv_libvirt_register_lazy ();
#endif
#ifdef VINV_HAVE_OVIRT
    vinv_ovirt_register ();
    vinv_cli_set_fetch_ca (vinv_ovirt_fetch_ca);
#endif
#ifdef VINV_HAVE_SNAPSHOT
    vinv_snapshot_register ();
    vinv_cli_set_history_hooks (&history_hooks);
#endif
    return vinv_cli_main (argc, argv);
}
