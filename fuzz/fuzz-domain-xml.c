/* fuzz-domain-xml.c — libFuzzer target for the libvirt XML readers
 * (src/libvirt/xml-desc.c): the first byte picks the document (domain,
 * pool, volume, network, snapshot, sysinfo), the rest is its XML.  A
 * document that parses must give strings that are valid UTF-8.
 */
#include <string.h>

#include "xml-desc.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_text (const char *s)
{
    g_assert_true (s == NULL || g_utf8_validate (s, -1, NULL));
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
    if (size < 1)
        return 0;
    g_autofree char *xml = g_strndup ((const char *) data + 1, size - 1);
    g_autoptr (GError) error = NULL;

    switch (data[0] % 6) {
    case 0: {
        VinvDomainDesc *d = vinv_domain_desc_parse (xml, &error);
        if (d != NULL) {
            check_text (d->name);
            check_text (d->description);
            for (guint i = 0; i < d->disks->len; i++) {
                VinvDiskDesc *disk = g_ptr_array_index (d->disks, i);
                check_text (disk->source);
                check_text (disk->target_dev);
            }
            for (guint i = 0; i < d->nics->len; i++)
                check_text (((VinvNicDesc *) g_ptr_array_index (d->nics, i))->mac);
            vinv_domain_desc_free (d);
        }
        break;
    }
    case 1:
        vinv_pool_desc_free (vinv_pool_desc_parse (xml, &error));
        break;
    case 2:
        vinv_volume_desc_free (vinv_volume_desc_parse (xml, &error));
        break;
    case 3:
        vinv_network_desc_free (vinv_network_desc_parse (xml, &error));
        break;
    case 4:
        vinv_snapshot_desc_free (vinv_snapshot_desc_parse (xml, &error));
        break;
    default:
        g_free (vinv_sysinfo_dup_uuid (xml));
        break;
    }
    return 0;
}
