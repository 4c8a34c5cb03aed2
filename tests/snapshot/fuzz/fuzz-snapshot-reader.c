/* fuzz-snapshot-reader.c — libFuzzer target for the saved-inventory reader.
 *
 * Input: the bytes of a file.  The first byte chooses what reads it: even,
 * the whole file reader (vinv_snapshot_load: header checks, SQLite,
 * metadata, every value through codec.c); odd, the list-cell JSON parser
 * alone on the rest.  Whatever the input, the reader must return (TRUE,
 * or FALSE with a one-line message naming the file) without crashing,
 * leaking or tripping AddressSanitizer/UBSan.  Built and run by run.sh.
 */
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include "snapshot.h"
#include "codec.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static char *path;

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        g_autofree char *json = g_strndup ((const char *) data + 1, size - 1);
        g_autofree VinvItem *items = NULL;
        g_autofree char *storage = NULL;
        g_autoptr (GError) error = NULL;
        guint n = 0;
        if (!vinv_codec_list_from_json (json, &items, &n, &storage, &error))
            g_assert (error != NULL && strchr (error->message, '\n') == NULL);
        return 0;
    }
    if (path == NULL)
        path = g_strdup_printf ("/dev/shm/vinv-fuzz-%d.vinv", (int) getpid ());
    if (!g_file_set_contents (path, (const char *) data + 1, (gssize) size - 1, NULL))
        return 0;
    g_autoptr (VinvInventory) inventory = vinv_inventory_new ();
    g_autoptr (GError) error = NULL;
    if (!vinv_snapshot_load (path, inventory, NULL, &error)) {
        g_assert (error != NULL);
        g_assert (g_str_has_prefix (error->message, path));
        g_assert (strchr (error->message, '\n') == NULL);
    }
    return 0;
}
