/* fuzz-ovirt-json.c — libFuzzer target for the oVirt JSON mapping: any
 * sequence of documents of any kind, each fed to the stream mapper in
 * chunks split at input-chosen places, then the join and the CSV and JSON
 * exports of every table.
 *
 * Input: records of [document byte][length, 2 bytes big-endian][split
 * seed byte][that many bytes of JSON] until the input ends.  The document
 * byte indexes vinv_ovirt_docs() (modulo their number); a per-entity
 * document gets a parent id, as the fetch plan gives it.  A document
 * the mapper refuses is dropped whole (its batch is discarded), as a
 * failed response is; one it accepts is merged into the load.
 *
 * Written against the narrowest stable API (mapping.h: the document list
 * and a parser per document; load.h: store, join); the mapping's insides
 * may change under it.
 */
#include <string.h>

#include <gio/gio.h>

#include "core/export.h"
#include "core/view.h"
#include "load.h"
#include "mapping.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* Feeds @json to a parser of @doc in chunks whose sizes come from @seed;
 * merges the rows into @load when the mapper accepts the whole document. */
static void
feed (VinvOvirtLoad *load, const VinvOvirtDoc *doc, const char *json, gsize len, guint seed)
{
    VinvOvirtStore batch;
    VinvOvirtSink sink = { load, &batch };
    g_autoptr (VinvJsonParser) p = NULL;
    gboolean ok = TRUE;
    guint32 state = seed * 2654435761u + 1;

    vinv_ovirt_store_init (&batch);
    p = vinv_ovirt_doc_parser_new (doc, &sink, vinv_ovirt_doc_is_collection (doc)
                                               ? NULL : "parent-0001");
    for (gsize off = 0; ok && off < len;) {
        state = state * 1103515245u + 12345u;
        gsize n = MIN (len - off, (gsize) (state >> 16) % (seed % 7 == 0 ? 4096 : 17) + 1);
        ok = vinv_json_parser_feed (p, json + off, n, NULL);
        off += n;
    }
    if (ok && vinv_json_parser_finish (p, NULL))
        vinv_ovirt_store_merge (&load->store, &batch);
    vinv_ovirt_store_clear (&batch);
}

static void
export_all (VinvOvirtLoad *load)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvTable *table = vinv_ovirt_store_table (&load->store, (VinvTableKind) k);
        g_autoptr (VinvView) view = vinv_view_new (table, NULL);
        for (guint f = 0; f < 2; f++) {
            g_autoptr (GOutputStream) out = g_memory_output_stream_new_resizable ();
            g_autoptr (GError) error = NULL;
            g_assert_true (vinv_export_view (view, "fuzz", f == 0 ? VINV_EXPORT_CSV
                                                                  : VINV_EXPORT_JSON,
                                             out, NULL, &error));
            g_assert_no_error (error);
            g_output_stream_close (out, NULL, NULL);
            gsize n = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (out));
            const char *text = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (out));
            g_assert_true (n == 0 || g_utf8_validate_len (text, n, NULL));
        }
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
    static const VinvOvirtDoc *const *docs;
    static guint n_docs;
    VinvOvirtLoad load;
    gsize off = 0;

    if (docs == NULL) {
        vinv_ovirt_mapping_init ();
        docs = vinv_ovirt_docs ();
        while (docs[n_docs] != NULL)
            n_docs++;
    }
    vinv_ovirt_load_init (&load, "fuzz");
    load.guest_ips = (size & 1) != 0;
    while (off + 4 <= size) {
        const VinvOvirtDoc *doc = docs[data[off] % n_docs];
        gsize len = MIN ((gsize) data[off + 1] << 8 | data[off + 2], size - off - 4);
        guint seed = data[off + 3];
        feed (&load, doc, (const char *) data + off + 4, len, seed);
        off += 4 + len;
    }
    vinv_ovirt_join (&load);
    export_all (&load);
    vinv_ovirt_load_clear (&load);
    return 0;
}
