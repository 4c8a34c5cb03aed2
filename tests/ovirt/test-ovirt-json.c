/* test-ovirt-json.c — the streaming JSON mapper (json-map.c) and the oVirt
 * stream mapping (records.c + join.c), without a server.
 *
 * The mapper cases are triples (spec, JSON, expected records) fed whole,
 * byte by byte and in odd-sized chunks: the result must not depend on
 * where the network splits the body.  The oVirt cases feed engine-shaped
 * documents (numbers as strings or literals, exponent decimals, {} for an
 * empty collection, keys in any order, unknown attributes) through the
 * back-end's own specs and check the cells that come out.
 */
#include <string.h>

#include <gio/gio.h>

#include "join-private.h"
#include "json-map.h"
#include "json-tok.h"
#include "mapping.h"

/* ---- a small spec: items with a child "stat" record ------------------------------ */

enum { I_ID, I_NAME, I_SPEED, I_FLAG, I_TAG, I_STAT, I_LAST };
enum { ST_NAME, ST_VALUE, ST_LAST };

static void
stat_close (VinvRecord *r, gpointer user_data)
{
    VinvRecord *parent = vinv_record_get_parent (r);
    g_autofree char *s = g_strdup_printf ("%s=%s", vinv_record_get (r, ST_NAME),
                                          vinv_record_get (r, ST_VALUE));
    vinv_record_add (parent, I_STAT, s, strlen (s));
}

static const VinvFieldSpec stat_fields[] = {
    { "name", ST_NAME, NULL },
    { "values.value.datum", ST_VALUE, NULL },
    { NULL, -1, NULL },
};
static const VinvRecordSpec stat_spec = { "stat", ST_LAST, stat_fields, stat_close, NULL };

static void
append_slot (GString *out, const VinvRecord *r, guint slot)
{
    const char *v;
    guint iter = 0;
    gboolean first = TRUE;
    while ((v = vinv_record_next (r, slot, &iter)) != NULL) {
        g_string_append_printf (out, "%s%s", first ? "" : ",", v);
        first = FALSE;
    }
    if (first)
        g_string_append (out, "-");
}

static void
item_close (VinvRecord *r, gpointer user_data)
{
    GString *out = user_data;
    g_string_append (out, "[");
    for (guint s = 0; s < I_LAST; s++) {
        if (s > 0)
            g_string_append (out, "|");
        append_slot (out, r, s);
    }
    g_string_append (out, "]");
}

static const VinvFieldSpec item_fields[] = {
    { "id", I_ID, NULL },
    { "name", I_NAME, NULL },
    { "cpu.speed", I_SPEED, NULL },
    { "flag", I_FLAG, NULL },
    { "tags.tag", I_TAG, NULL },
    { "stats.stat", -1, &stat_spec },
    { NULL, -1, NULL },
};
static const VinvRecordSpec item_spec = { "item", I_LAST, item_fields, item_close, NULL };
static const VinvFieldSpec root_fields[] = {
    { "item", -1, &item_spec },
    { NULL, -1, NULL },
};
static const VinvRecordSpec root_spec = { "items", 0, root_fields, NULL, NULL };

typedef struct {
    const char *name;
    const char *json;
    const char *expected;        /* records, or NULL when the document must fail */
    const char *error;           /* substring of the error, when it must fail */
} MapCase;

static const MapCase map_cases[] = {
    { "empty-collection", "{}", "", NULL },
    { "empty-collection-spaces", "{ }", "", NULL },
    { "empty-array", "{\"item\": []}", "", NULL },
    { "strings", "{\"item\": [{\"id\": \"a\", \"name\": \"x\", \"flag\": \"true\"}]}",
      "[a|x|-|true|-|-]", NULL },
    { "literals", "{\"item\": [{\"id\": \"a\", \"cpu\": {\"speed\": 2000}, \"flag\": false}]}",
      "[a|-|2000|false|-|-]", NULL },
    { "exponent", "{\"item\": [{\"cpu\": {\"speed\": 1.0E+2}, \"id\": \"b\"}]}",
      "[b|-|1.0E+2|-|-|-]", NULL },
    { "key-order", "{\"item\": [{\"stats\": {\"stat\": [{\"values\": {\"value\": "
      "[{\"datum\": 5}]}, \"name\": \"cpu\"}]}, \"name\": \"n\", \"id\": \"c\"}]}",
      "[c|n|-|-|-|cpu=5]", NULL },
    { "history-first", "{\"item\": [{\"id\": \"d\", \"stats\": {\"stat\": [{\"name\": \"h\", "
      "\"values\": {\"value\": [{\"datum\": 1}, {\"datum\": 2}, {\"datum\": 3}]}}]}}]}",
      "[d|-|-|-|-|h=1]", NULL },
    { "primitive-list",
      "{\"item\": [{\"id\": \"e\", \"tags\": {\"tag\": [\"x\", \"y\", \"z\"]}}]}",
      "[e|-|-|-|x,y,z|-]", NULL },
    { "unknown-skipped", "{\"item\": [{\"junk\": {\"a\": [1, {\"id\": \"no\"}, [2, 3]]}, "
      "\"id\": \"f\", \"link\": [{\"href\": \"/x\", \"rel\": \"y\"}],"
      " \"cpu\": {\"x\": {\"speed\": 9},"
      " \"speed\": \"7\"}}], \"other\": {\"item\": [{\"id\": \"no\"}]}}",
      "[f|-|7|-|-|-]", NULL },
    { "null-absent", "{\"item\": [{\"id\": \"g\", \"name\": null}]}", "[g|-|-|-|-|-]", NULL },
    { "escapes", "{\"item\": [{\"id\": \"h\", \"name\": \"a\\\"b\\u00e9\"}]}",
      "[h|a\"b\xc3\xa9|-|-|-|-]", NULL },
    { "invalid-utf8", "{\"item\": [{\"id\": \"u\", \"name\": \"a\xff\", \"junk\": \"\xfe\"}]}",
      "[u|a\xef\xbf\xbd|-|-|-|-]", NULL },
    { "two-items", "{\"item\": [{\"id\": \"1\"}, {\"id\": \"2\", \"tags\": {}}]}",
      "[1|-|-|-|-|-][2|-|-|-|-|-]", NULL },
    { "top-array", "[{\"item\": [{\"id\": \"t\"}]}]", "[t|-|-|-|-|-]", NULL },
    { "truncated", "{\"item\": [{\"id\": \"1\"}, {\"id\": \"2\"", NULL, "ends early" },
    { "malformed", "{\"item\": [{\"id\": \"1\",, }]}", NULL, "malformed JSON" },
    { "empty", "", NULL, "empty response" },
};

static gboolean
run_map (const MapCase *c, gsize chunk, GString *out, GError **error)
{
    g_autoptr (VinvJsonParser) p = vinv_json_parser_new (&root_spec, out);
    gsize len = strlen (c->json);

    g_string_truncate (out, 0);
    for (gsize off = 0; off < len; off += chunk) {
        if (!vinv_json_parser_feed (p, c->json + off, MIN (chunk, len - off), error))
            return FALSE;
    }
    return vinv_json_parser_finish (p, error);
}

static void
test_map_case (gconstpointer data)
{
    const MapCase *c = data;
    static const gsize chunks[] = { G_MAXSIZE, 1, 2, 3, 7 };
    g_autoptr (GString) out = g_string_new (NULL);

    for (guint i = 0; i < G_N_ELEMENTS (chunks); i++) {
        g_autoptr (GError) error = NULL;
        gboolean ok = run_map (c, chunks[i], out, &error);
        if (c->expected != NULL) {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpstr (out->str, ==, c->expected);
        } else {
            g_assert_false (ok);
            g_assert_nonnull (error);
            g_assert_nonnull (strstr (error->message, c->error));
            g_assert_null (strchr (error->message, '\n'));
        }
    }
}

/* ---- the oVirt mapping ------------------------------------------------------------- */

#define VM1 "11111111-0000-0000-0000-000000000001"
#define VM2 "11111111-0000-0000-0000-000000000002"
#define CL1 "22222222-0000-0000-0000-000000000001"
#define DC1 "33333333-0000-0000-0000-000000000001"
#define H1 "44444444-0000-0000-0000-000000000001"
#define D1 "55555555-0000-0000-0000-000000000001"
#define SD1 "66666666-0000-0000-0000-000000000001"
#define N1 "77777777-0000-0000-0000-000000000001"
#define P1 "88888888-0000-0000-0000-000000000001"
#define NIC1 "99999999-0000-0000-0000-000000000001"

/* VM1: everything inlined, keys in a "wrong" order (children and stats
 * before the id), numbers as strings and as literals, exponent decimals. */
static const char vms_doc[] =
    "{\"vm\": ["
    " {\"statistics\": {\"statistic\": ["
    "    {\"values\": {\"value\": [{\"datum\": 1.5E+1}]}, \"name\": \"cpu.current.total\"},"
    "    {\"name\": \"memory.used\", \"values\": {\"value\": [{\"datum\": 536870912}]}},"
    "    {\"name\": \"unknown.stat\", \"values\": {\"value\": [{\"datum\": 3}]}}]},"
    "  \"nics\": {\"nic\": [{\"name\": \"nic1\", \"id\": \"" NIC1 "\","
    "    \"mac\": {\"address\": \"56:6f:00:00:00:01\"}, \"linked\": \"true\","
    "    \"vnic_profile\": {\"id\": \"" P1 "\"},"
    "    \"statistics\": {\"statistic\": ["
    "      {\"name\": \"data.current.rx.bps\", \"values\": {\"value\": [{\"datum\": 8.0E+3}]}},"
    "      {\"name\": \"data.current.tx\", \"values\": {\"value\": [{\"datum\": 100}]}}]}}]},"
    "  \"disk_attachments\": {\"disk_attachment\": [{\"bootable\": \"true\","
    "    \"interface\": \"virtio_scsi\", \"disk\": {\"href\": \"/d\", \"id\": \"" D1 "\"}}]},"
    "  \"reported_devices\": {\"reported_device\": [{\"ips\": {\"ip\": ["
    "    {\"address\": \"10.0.0.5\", \"version\": \"v4\"}]},"
    "    \"mac\": {\"address\": \"56:6f:00:00:00:01\"}}]},"
    "  \"snapshots\": {},"
    "  \"memory\": \"1073741824\", \"cpu\": {\"topology\": {\"sockets\": 2, \"cores\": \"2\","
    "    \"threads\": \"1\"}}, \"next_run_configuration_exists\": \"true\","
    "  \"start_time\": 1717243140000, \"creation_time\": 1472564909990,"
    "  \"cluster\": {\"href\": \"/c\", \"id\": \"" CL1 "\"}, \"host\": {\"id\": \"" H1 "\"},"
    "  \"name\": \"vm1\", \"status\": \"up\", \"some_new_attribute\": {\"x\": [1, 2]},"
    "  \"id\": \"" VM1 "\"},"
    " {\"id\": \"" VM2 "\", \"name\": \"vm2\", \"status\": \"down\", \"memory\": 2147483648,"
    "  \"custom_compatibility_version\": {\"major\": \"4\", \"minor\": \"6\"},"
    "  \"cluster\": {\"id\": \"" CL1 "\"}, \"nics\": {}, \"disk_attachments\": {}}"
    "]}";

static const char clusters_doc[] =
    "{\"cluster\": [{\"id\": \"" CL1 "\", \"name\": \"Default\", \"version\": {\"major\": \"4\","
    " \"minor\": \"7\"}, \"data_center\": {\"id\": \"" DC1 "\"},"
    " \"networks\": {\"network\": [{\"id\": \"" N1 "\", \"name\": \"ovirtmgmt\"}]}}]}";
static const char dcs_doc[] =
    "{\"data_center\": [{\"name\": \"DC\", \"id\": \"" DC1 "\", \"local\": \"false\","
    " \"storage_domains\": {\"storage_domain\": [{\"id\": \"" SD1 "\","
    " \"status\": \"active\"}]}}]}";
static const char hosts_doc[] =
    "{\"host\": [{\"id\": \"" H1 "\", \"name\": \"hv1\", \"cpu\": {\"speed\": 2.4E+3,"
    " \"topology\": {\"sockets\": \"2\", \"cores\": \"8\", \"threads\": \"2\"}},"
    " \"cluster\": {\"id\": \"" CL1 "\"}, \"statistics\": {\"statistic\": ["
    "  {\"name\": \"boot.time\", \"values\": {\"value\": [{\"datum\": 1700000000}]}},"
    "  {\"name\": \"cpu.load.avg.5m\", \"values\": {\"value\": [{\"datum\": 0.25}]}}]}}]}";
static const char disks_doc[] =
    "{\"disk\": [{\"id\": \"" D1 "\", \"alias\": \"vm1_Disk1\","
    " \"provisioned_size\": \"10737418240\","
    " \"storage_domains\": {\"storage_domain\": [{\"id\": \"" SD1 "\"}]}}]}";
static const char sds_doc[] =
    "{\"storage_domain\": [{\"id\": \"" SD1 "\", \"name\": \"data1\", \"available\": \"300\","
    " \"used\": \"100\", \"data_centers\": {\"data_center\": [{\"id\": \"" DC1 "\"}]}}]}";
static const char networks_doc[] =
    "{\"network\": [{\"id\": \"" N1 "\", \"name\": \"ovirtmgmt\", \"mtu\": \"0\","
    " \"usages\": {\"usage\": [\"vm\", \"management\"]},"
    " \"data_center\": {\"id\": \"" DC1 "\"}}]}";
static const char profiles_doc[] =
    "{\"vnic_profile\": [{\"id\": \"" P1 "\", \"name\": \"ovirtmgmt\","
    " \"network\": {\"id\": \"" N1 "\"}}]}";
static const char empty_doc[] = "{}";

/* Feeds @json as the document at @path ("vms/ * /nics" for the NICs of
 * VM @parent) into @load, as the fetch plan does. */
static void
feed_doc (VinvOvirtLoad *load, const char *path, const char *json, const char *parent)
{
    const VinvOvirtDoc *doc = vinv_ovirt_doc_lookup (path);
    g_assert_nonnull (doc);
    g_assert_true (vinv_ovirt_doc_is_collection (doc) == (parent == NULL));
    VinvOvirtStore batch;
    vinv_ovirt_store_init (&batch);
    VinvOvirtSink sink = { load, parent != NULL ? &load->store : &batch };
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvJsonParser) p = vinv_ovirt_doc_parser_new (doc, &sink, parent);

    /* in small pieces, as a network would deliver it */
    for (gsize off = 0, len = strlen (json); off < len; off += 5)
        g_assert_true (vinv_json_parser_feed (p, json + off, MIN (5, len - off), &error));
    g_assert_true (vinv_json_parser_finish (p, &error));
    g_assert_no_error (error);
    vinv_ovirt_store_merge (&load->store, &batch);
    vinv_ovirt_store_clear (&batch);
}

static const VinvCell *
cell_of (VinvOvirtLoad *load, VinvTableKind kind, const char *id, guint col)
{
    VinvTable *t = vinv_ovirt_store_table (&load->store, kind);
    int row = vinv_table_find_row (t, load->source, id);
    g_assert_cmpint (row, >=, 0);
    return vinv_table_get_cell (t, (guint) row, col);
}

static char *
text_of (VinvOvirtLoad *load, VinvTableKind kind, const char *id, guint col)
{
    const VinvColumn *column = &vinv_schema_get (kind)->columns[col];
    return vinv_cell_dup_text (column, cell_of (load, kind, id, col), 0);
}

#define assert_text(load, kind, id, col, expected) G_STMT_START { \
        g_autofree char *t_ = text_of ((load), (kind), (id), (col)); \
        g_assert_cmpstr (t_, ==, (expected)); \
    } G_STMT_END

static double
quantity_of (VinvOvirtLoad *load, VinvTableKind kind, const char *id, guint col)
{
    const VinvCell *c = cell_of (load, kind, id, col);
    g_assert_cmpint (c->kind, ==, VINV_CELL_QUANTITY);
    return c->v.d;
}

static void
load_all (VinvOvirtLoad *load)
{
    vinv_ovirt_load_init (load, "engine");
    load->guest_ips = TRUE;
    feed_doc (load, "vms", vms_doc, NULL);
    feed_doc (load, "clusters", clusters_doc, NULL);
    feed_doc (load, "datacenters", dcs_doc, NULL);
    feed_doc (load, "hosts", hosts_doc, NULL);
    feed_doc (load, "disks", disks_doc, NULL);
    feed_doc (load, "storagedomains", sds_doc, NULL);
    feed_doc (load, "networks", networks_doc, NULL);
    feed_doc (load, "vnicprofiles", profiles_doc, NULL);
    feed_doc (load, "templates", empty_doc, NULL);
    vinv_ovirt_join (load);
}

static void
test_ovirt_values (void)
{
    VinvOvirtLoad load;
    load_all (&load);

    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_VM), ==, 2);
    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_TEMPLATE), ==, 0);
    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_SNAP), ==, 0);
    /* numbers as strings and literals, in base units */
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_MEMORY), ==, 1073741824.0);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM2, VINV_VM_MEMORY), ==, 2147483648.0);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_VCPUS)->v.i, ==, 4);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_CPU_TOTAL), ==, 15.0);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_MEM_USED), ==,
                       536870912.0);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_CREATION_TIME)->v.i, ==,
                     G_GINT64_CONSTANT (1472564909990));
    g_assert_true (cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_PENDING_RESTART)->v.b);
    /* MHz -> Hz; topology cores are per socket */
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_CPU_SPEED), ==, 2.4e9);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_CORES)->v.i, ==, 16);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_THREADS)->v.i, ==, 32);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_BOOT_TIME)->v.i, ==,
                     G_GINT64_CONSTANT (1700000000000));
    g_assert_cmpfloat (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_LOAD_AVG)->v.d, ==, 0.25);
    /* NIC rates in bit/s: the .bps statistic, else bytes/s x 8 */
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_RX_RATE), ==, 8000);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_TX_RATE), ==, 800);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_NET_RX_RATE), ==, 8000);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM2, VINV_VM_NET_RX_RATE), ==, 0);
    /* storage domain sizes */
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_SD, SD1, VINV_SD_TOTAL), ==, 400);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_SD, SD1, VINV_SD_FREE_PERCENT), ==, 75);
    /* an MTU of 0 is "default": null */
    g_assert_cmpint (cell_of (&load, VINV_TABLE_NET, N1, VINV_NET_MTU)->kind, ==, VINV_CELL_NULL);
    assert_text (&load, VINV_TABLE_NET, N1, VINV_NET_USAGES, "vm (1)");
    vinv_ovirt_load_clear (&load);
}

static void
test_ovirt_links (void)
{
    VinvOvirtLoad load;
    load_all (&load);

    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_CLUSTER, "Default");
    g_assert_cmpstr (cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_CLUSTER)->v.ref->id, ==, CL1);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_CLUSTER_VERSION, "4.7");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_COMPATIBILITY_VERSION, "4.7");
    assert_text (&load, VINV_TABLE_VM, VM2, VINV_VM_COMPATIBILITY_VERSION, "4.6");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_DATA_CENTER, "DC");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_HOST, "hv1");
    g_assert_cmpint (cell_of (&load, VINV_TABLE_VM, VM2, VINV_VM_HOST)->kind, ==, VINV_CELL_NULL);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_DISKS, "vm1_Disk1");
    assert_text (&load, VINV_TABLE_VM, VM2, VINV_VM_DISKS, "");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_STORAGE_DOMAINS, "data1");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_NETWORKS, "ovirtmgmt");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_NICS, "nic1");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_SNAPSHOTS, "");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_IP_ADDRESSES, "10.0.0.5");
    assert_text (&load, VINV_TABLE_VM, VM2, VINV_VM_IP_ADDRESSES, "");
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_VM, "vm1");
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_NETWORK, "ovirtmgmt");
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_HOST, "hv1");
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_IP_ADDRESSES, "10.0.0.5");
    assert_text (&load, VINV_TABLE_DISK, D1, VINV_DISK_NAME, "vm1_Disk1");
    assert_text (&load, VINV_TABLE_DISK, D1, VINV_DISK_VMS, "vm1");
    assert_text (&load, VINV_TABLE_DISK, D1, VINV_DISK_INTERFACE, "virtio_scsi");
    g_assert_true (cell_of (&load, VINV_TABLE_DISK, D1, VINV_DISK_BOOTABLE)->v.b);
    assert_text (&load, VINV_TABLE_SD, SD1, VINV_SD_STATUS, "active");
    assert_text (&load, VINV_TABLE_SD, SD1, VINV_SD_DATA_CENTER, "DC");
    assert_text (&load, VINV_TABLE_SD, SD1, VINV_SD_VMS, "vm1");
    assert_text (&load, VINV_TABLE_HOST, H1, VINV_HOST_VMS, "vm1");
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_RUNNING_VMS)->v.i, ==, 1);
    assert_text (&load, VINV_TABLE_CLUSTER, CL1, VINV_CLUSTER_VMS, "vm1 (1)");
    assert_text (&load, VINV_TABLE_CLUSTER, CL1, VINV_CLUSTER_NETWORKS, "ovirtmgmt");
    assert_text (&load, VINV_TABLE_DC, DC1, VINV_DC_STORAGE_DOMAINS, "data1");
    assert_text (&load, VINV_TABLE_DC, DC1, VINV_DC_CLUSTERS, "Default");
    assert_text (&load, VINV_TABLE_NET, N1, VINV_NET_CLUSTERS, "Default");
    assert_text (&load, VINV_TABLE_NET, N1, VINV_NET_VMS, "vm1");
    assert_text (&load, VINV_TABLE_NET, N1, VINV_NET_VNIC_PROFILES, "ovirtmgmt");
    assert_text (&load, VINV_TABLE_PROFILE, P1, VINV_PROFILE_VMS, "vm1");
    assert_text (&load, VINV_TABLE_PROFILE, P1, VINV_PROFILE_DATA_CENTER, "DC");
    vinv_ovirt_load_clear (&load);
}

/* The same data through per-entity documents (the parallel strategy). */
/* Every cell's text and every item's id of @t, one line per row. */
static char *
dump_table (const VinvTable *t)
{
    GString *out = g_string_new (NULL);
    for (guint r = 0; r < vinv_table_get_n_rows (t); r++) {
        for (guint c = 0; c < vinv_table_get_schema (t)->n_columns; c++) {
            const VinvCell *cell = vinv_table_get_cell (t, r, c);
            vinv_cell_append_text (out, vinv_table_get_column (t, c), cell, 0);
            if (cell->kind == VINV_CELL_REF)
                g_string_append_printf (out, "<%s>", cell->v.ref->id);
            for (guint i = 0; cell->kind == VINV_CELL_LIST && i < cell->v.list->n; i++)
                g_string_append_printf (out, "<%s|%s>", cell->v.list->items[i].text,
                                        cell->v.list->items[i].id);
            g_string_append_c (out, '\t');
        }
        g_string_append_c (out, '\n');
    }
    return g_string_free (out, FALSE);
}

/* The join's cells borrow the names and ids of the rows they link to
 * (vinv_table_keep_strings()): each table, merged into another and kept
 * alone after the load and every other table are freed, still reads the
 * same.  Under ASan (meson test -C build-asan --suite ovirt) a string that
 * was not kept is a use-after-free. */
static void
test_ovirt_join_outlives_load (void)
{
    for (guint k = 0; k < VINV_TABLE_LAST; k++) {
        VinvOvirtLoad load;
        load_all (&load);
        VinvTable *src = vinv_ovirt_store_table (&load.store, k);
        g_autofree char *before = dump_table (src);
        g_autoptr (VinvTable) kept = vinv_table_new (vinv_table_get_schema (src));
        vinv_table_take_rows (kept, src);
        vinv_ovirt_load_clear (&load);
        g_autofree char *after = dump_table (kept);
        g_assert_cmpstr (after, ==, before);
        if (k == VINV_TABLE_VM)
            g_assert_nonnull (strstr (after, "hv1<"));
    }
}

static const char vm1_plain[] =
    "{\"vm\": [{\"id\": \"" VM1 "\", \"name\": \"vm1\", \"host\": {\"id\": \"" H1 "\"}}]}";
static const char vm1_nics[] =
    "{\"nic\": [{\"id\": \"" NIC1 "\", \"name\": \"nic1\","
    " \"mac\": {\"address\": \"56:6F:00:00:00:01\"}}]}";
static const char nic1_stats[] =
    "{\"statistic\": [{\"name\": \"data.current.rx\", \"values\": {\"value\": "
    "[{\"datum\": 2.5E+2}]}}]}";
static const char vm1_stats[] =
    "{\"statistic\": [{\"values\": {\"value\": [{\"datum\": 42}]},"
    " \"name\": \"cpu.current.guest\"}]}";
static const char vm1_atts[] =
    "{\"disk_attachment\": [{\"disk\": {\"id\": \"" D1 "\"}, \"interface\": \"ide\"}]}";
static const char vm1_devices[] =
    "{\"reported_device\": [{\"mac\": {\"address\": \"56:6f:00:00:00:01\"},"
    " \"ips\": {\"ip\": [{\"address\": \"10.1.1.1\"}, {\"address\": \"fe80::1\"}]}}]}";

static void
test_ovirt_entity_docs (void)
{
    VinvOvirtLoad load;
    vinv_ovirt_load_init (&load, "engine");
    load.guest_ips = TRUE;
    feed_doc (&load, "vms", vm1_plain, NULL);
    feed_doc (&load, "vms/*/nics", vm1_nics, VM1);
    feed_doc (&load, "vms/*/nics/*/statistics", nic1_stats, NIC1);
    feed_doc (&load, "vms/*/statistics", vm1_stats, VM1);
    feed_doc (&load, "vms/*/diskattachments", vm1_atts, VM1);
    feed_doc (&load, "vms/*/reporteddevices", vm1_devices, VM1);
    feed_doc (&load, "vms/*/snapshots", empty_doc, VM1);
    feed_doc (&load, "disks", disks_doc, NULL);
    vinv_ovirt_join (&load);

    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_VM, "vm1");
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_RX_RATE), ==, 2000);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_NET_RX_RATE), ==, 2000);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_CPU_GUEST), ==, 42);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_DISKS, "vm1_Disk1");
    assert_text (&load, VINV_TABLE_DISK, D1, VINV_DISK_VMS, "vm1");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_IP_ADDRESSES, "10.1.1.1 (1)");
    /* MACs match case-insensitively */
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_IP_ADDRESSES, "10.1.1.1 (1)");
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_SNAPSHOTS, "");
    vinv_ovirt_load_clear (&load);
}

/* A table whose document failed: every column that draws on it has no
 * value (never the ids as names) and is marked unavailable with the
 * reason; columns that draw on tables that loaded are untouched. */
static void
test_ovirt_failed_table (void)
{
    VinvOvirtLoad load;
    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "vms", vms_doc, NULL);
    vinv_table_set_error (vinv_ovirt_store_table (&load.store, VINV_TABLE_CLUSTER), "boom");
    vinv_table_set_error (vinv_ovirt_store_table (&load.store, VINV_TABLE_DISK), "boom");
    vinv_ovirt_join (&load);

    VinvTable *vms = vinv_ovirt_store_table (&load.store, VINV_TABLE_VM);
    static const guint marked[] = {
        VINV_VM_CLUSTER, VINV_VM_CLUSTER_VERSION, VINV_VM_DATA_CENTER, VINV_VM_DISKS,
        VINV_VM_STORAGE_DOMAINS,
    };
    for (guint i = 0; i < G_N_ELEMENTS (marked); i++) {
        g_assert_cmpint (cell_of (&load, VINV_TABLE_VM, VM1, marked[i])->kind, ==,
                         VINV_CELL_NULL);
        const char *reason = vinv_table_get_column_unavailable (vms, marked[i]);
        g_assert_nonnull (reason);
        g_assert_true (g_str_equal (reason, "table 'clusters' of 'engine' failed to load")
                       || g_str_equal (reason, "table 'disks' of 'engine' failed to load"));
    }
    g_assert_cmpstr (vinv_table_get_column_unavailable (vms, VINV_VM_DISKS), ==,
                     "table 'disks' of 'engine' failed to load");
    /* the VM's own columns and those from tables that loaded */
    g_assert_null (vinv_table_get_column_unavailable (vms, VINV_VM_NAME));
    g_assert_null (vinv_table_get_column_unavailable (vms, VINV_VM_NICS));
    g_assert_null (vinv_table_get_column_unavailable (vms, VINV_VM_POOL));
    assert_text (&load, VINV_TABLE_VMNIC, NIC1, VINV_VMNIC_VM, "vm1");
    vinv_ovirt_load_clear (&load);
}

/* The document list: collections in request order with the follow= each
 * derives from its per-entity documents, and every per-entity document
 * under its parent, at the URL segment the engine serves. */
static void
test_ovirt_documents (void)
{
    static const struct {
        const char *path;
        const char *follow;
    } collections[] = {
        { "vms", "disk_attachments,nics.statistics,statistics,snapshots,reported_devices" },
        { "hosts", "nics.statistics,statistics" },
        { "disks", "statistics" },
        { "storagedomains", NULL },
        { "clusters", "networks" },
        { "datacenters", "storage_domains" },
        { "networks", NULL },
        { "vnicprofiles", NULL },
        { "templates", "disk_attachments,nics" },
        { "vmpools", NULL },
    };
    guint n = 0;

    for (const VinvOvirtDoc *const *d = vinv_ovirt_docs (); *d != NULL; d++) {
        const VinvOvirtDoc *doc = *d;
        if (!vinv_ovirt_doc_is_collection (doc)) {
            /* "vms/ * /nics/ * /statistics" is under "vms/ * /nics" */
            g_autofree char *expect = g_strdup_printf ("%s/*/%s", doc->parent->def->path,
                                                       doc->segment);
            g_assert_cmpstr (doc->def->path, ==, expect);
            g_assert_cmpint (doc->parent_slot, >=, 0);
            continue;
        }
        g_assert_cmpuint (n, <, G_N_ELEMENTS (collections));
        g_assert_cmpstr (doc->def->path, ==, collections[n].path);
        g_assert_cmpstr (doc->follow, ==, collections[n].follow);
        n++;
    }
    g_assert_cmpuint (n, ==, G_N_ELEMENTS (collections));
    const VinvOvirtDoc *nic_stats = vinv_ovirt_doc_lookup ("hosts/*/nics/*/statistics");
    g_assert_nonnull (nic_stats);
    g_assert_true (nic_stats->parent == vinv_ovirt_doc_lookup ("hosts/*/nics"));
    g_assert_cmpint (vinv_ovirt_doc_lookup ("hosts/*/nics")->row_table, ==, VINV_TABLE_HOSTNIC);
    g_assert_cmpint (nic_stats->row_table, ==, VINV_TABLE_LAST);
    g_assert_null (vinv_ovirt_doc_lookup ("hosts/*/nic"));
}

/* The back-end's description is derived from the mapping and the join:
 * valid, all twelve tables, and it names columns of each kind of source
 * (a row, a statistic, a computed column, the join). */
static void
test_ovirt_description (void)
{
    g_autoptr (GError) error = NULL;
    const VinvBackendTable *tables = vinv_ovirt_backend_tables ();
    guint n = 0;

    g_assert_true (vinv_backend_tables_check (tables, &error));
    g_assert_no_error (error);
    for (const VinvBackendTable *t = tables; t->table != NULL; t++) {
        g_assert_true (vinv_schema_lookup (t->table) == vinv_schema_get (n));
        g_assert_null (t->title);
        n++;
    }
    g_assert_cmpuint (n, ==, VINV_TABLE_LAST);
    g_autoptr (VinvInventory) inv = vinv_inventory_new ();
    VinvTable *vms = vinv_inventory_ensure_table (inv, VINV_TABLE_VM);
    vinv_inventory_add_source (inv, "engine", "ovirt://e", tables);
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_NAME));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_MEM_USED));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_VCPUS));
    g_assert_true (vinv_inventory_column_available (inv, vms, VINV_VM_DISKS));
    g_assert_false (vinv_inventory_column_available (inv, vms, VINV_VM_CPU_TIME));
    g_assert_false (vinv_inventory_column_available (inv, vms, VINV_VM_AUTOSTART));
}

/* ---- numbers from a hostile or broken engine (issue 10 point 4) ----------- */

static gboolean
is_null (VinvOvirtLoad *load, VinvTableKind kind, const char *id, guint col)
{
    return cell_of (load, kind, id, col)->kind == VINV_CELL_NULL;
}

/* Products and differences of engine numbers never overflow: a value that
 * would is "no value" (with a note), never a wrapped number. */
static void
test_ovirt_overflow (void)
{
    static const char vms[] =
        "{\"vm\": [{\"id\": \"" VM1 "\", \"name\": \"big\","
        " \"cpu\": {\"topology\": {\"sockets\": \"4294967296\", \"cores\": \"4294967296\","
        " \"threads\": \"2\"}},"
        " \"start_time\": -9223372036854775808, \"host\": {\"id\": \"" H1 "\"},"
        " \"snapshots\": {\"snapshot\": [{\"id\": \"s1\", \"description\": \"old\","
        " \"date\": -9223372036854775807}]}}]}";
    static const char hosts[] =
        "{\"host\": [{\"id\": \"" H1 "\", \"name\": \"h\","
        " \"cpu\": {\"topology\": {\"sockets\": \"3037000500\", \"cores\": \"3037000500\","
        " \"threads\": \"3037000500\"}},"
        " \"statistics\": {\"statistic\": [{\"name\": \"boot.time\","
        " \"values\": {\"value\": [{\"datum\": 9.2E18}]}}]}}]}";
    VinvOvirtLoad load;

    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "vms", vms, NULL);
    feed_doc (&load, "hosts", hosts, NULL);
    g_assert_true (is_null (&load, VINV_TABLE_VM, VM1, VINV_VM_VCPUS));
    g_assert_true (is_null (&load, VINV_TABLE_VM, VM1, VINV_VM_UPTIME));
    g_assert_true (is_null (&load, VINV_TABLE_VM, VM1, VINV_VM_START_TIME));
    g_assert_true (is_null (&load, VINV_TABLE_SNAP, "s1", VINV_SNAP_AGE));
    g_assert_true (is_null (&load, VINV_TABLE_SNAP, "s1", VINV_SNAP_DATE));
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_SOCKETS)->v.i, ==,
                     G_GINT64_CONSTANT (3037000500));
    g_assert_true (is_null (&load, VINV_TABLE_HOST, H1, VINV_HOST_CORES));
    g_assert_true (is_null (&load, VINV_TABLE_HOST, H1, VINV_HOST_THREADS));
    g_assert_true (is_null (&load, VINV_TABLE_HOST, H1, VINV_HOST_BOOT_TIME));
    /* the source is told */
    g_assert_cmpuint (load.store.n_rejected, ==, 6);
    g_auto (GStrv) notes = vinv_ovirt_load_notes (&load);
    g_assert_cmpuint (g_strv_length (notes), ==, 1);
    /* (the snapshot inside the VM closes first) */
    g_assert_cmpstr (notes[0], ==, "6 values out of range or malformed, left empty (first: "
                     "snapshots.date of s1: '-9223372036854775807')");
    vinv_ovirt_load_clear (&load);
}

/* Values out of range or not JSON numbers are no value, never a wrong
 * number, inf or NaN. */
static void
test_ovirt_out_of_range (void)
{
    static const struct {
        const char *json;       /* the value of "memory" of a VM, as in the document */
    } bad_memory[] = {
        { "\"99999999999999999999\"" }, { "1e308" }, { "\"1e308\"" }, { "\"-0\"" },
        { "-0.0" }, { "\"0x10\"" }, { "\"NaN\"" }, { "\"Infinity\"" }, { "\"-inf\"" },
        { "\" 12\"" }, { "\"12 \"" }, { "\"+12\"" }, { "\"012\"" }, { "\"1e\"" },
        { "\"\"" }, { "\"1,5\"" },
    };
    static const char *const bad_int[] = {
        "\"99999999999999999999\"", "\"-99999999999999999999\"", "1e300", "\"0x10\"", "\"-0\"",
        "\"9223372036854775808\"",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad_memory); i++) {
        g_autofree char *doc = g_strdup_printf (
            "{\"vm\": [{\"id\": \"" VM1 "\", \"memory\": %s, \"creation_time\": %s}]}",
            bad_memory[i].json, bad_memory[i].json);
        VinvOvirtLoad load;
        g_test_message ("memory %s", bad_memory[i].json);
        vinv_ovirt_load_init (&load, "engine");
        feed_doc (&load, "vms", doc, NULL);
        g_assert_true (is_null (&load, VINV_TABLE_VM, VM1, VINV_VM_MEMORY));
        g_assert_true (is_null (&load, VINV_TABLE_VM, VM1, VINV_VM_CREATION_TIME));
        g_assert_cmpuint (load.store.n_rejected, ==, 2);
        vinv_ovirt_load_clear (&load);
    }
    for (guint i = 0; i < G_N_ELEMENTS (bad_int); i++) {
        g_autofree char *doc = g_strdup_printf (
            "{\"host\": [{\"id\": \"" H1 "\", \"summary\": {\"active\": %s},"
            " \"cpu\": {\"speed\": %s}}]}", bad_int[i], bad_int[i]);
        VinvOvirtLoad load;
        g_test_message ("integer %s", bad_int[i]);
        vinv_ovirt_load_init (&load, "engine");
        feed_doc (&load, "hosts", doc, NULL);
        g_assert_true (is_null (&load, VINV_TABLE_HOST, H1, VINV_HOST_RUNNING_VMS));
        g_assert_true (is_null (&load, VINV_TABLE_HOST, H1, VINV_HOST_CPU_SPEED));
        vinv_ovirt_load_clear (&load);
    }
    /* the largest values that are still numbers stay what they are */
    VinvOvirtLoad load;
    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "hosts", "{\"host\": [{\"id\": \"" H1 "\", \"summary\": {\"active\":"
              " \"9223372036854775807\"}, \"memory\": \"-12\", \"cpu\": {\"speed\": 1.0E+3}}]}",
              NULL);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_RUNNING_VMS)->v.i, ==,
                     G_MAXINT64);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_CPU_SPEED), ==, 1e9);
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_HOST, H1, VINV_HOST_MEMORY), ==, -12);
    g_assert_cmpuint (load.store.n_rejected, ==, 0);
    vinv_ovirt_load_clear (&load);
}

/* The same id twice in one collection: reported, and the first kept. */
static void
test_ovirt_duplicate_ids (void)
{
    VinvOvirtLoad load;

    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "vms", "{\"vm\": [{\"id\": \"" VM1 "\", \"name\": \"first\"},"
              " {\"id\": \"" VM2 "\", \"name\": \"other\"},"
              " {\"id\": \"" VM1 "\", \"name\": \"second\"}]}", NULL);
    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_VM), ==, 2);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_NAME, "first");
    g_assert_cmpuint (load.store.n_duplicates, ==, 1);
    g_assert_nonnull (strstr (load.store.first_duplicate, VM1));
    vinv_ovirt_load_clear (&load);
}

/* Each batch interns its ids on its own; merged into the load, equal ids
 * are one pointer again (the join compares them by pointer), across table
 * growth, and the load knows which row ids it holds. */
static void
test_ovirt_merge_interns (void)
{
    VinvOvirtLoad load;
    const guint n = 700;        /* beyond the first table size of the interned texts */
    g_autoptr (GString) nets = g_string_new ("{\"network\": [");
    g_autoptr (GString) profiles = g_string_new ("{\"vnic_profile\": [");

    for (guint i = 0; i < n; i++) {
        g_string_append_printf (nets, "%s{\"id\": \"net-%u\", \"data_center\": {\"id\": \""
                                DC1 "\"}}", i > 0 ? "," : "", i);
        /* in the reverse order, with a copy of the text each time */
        g_string_append_printf (profiles, "%s{\"id\": \"prof-%u\", \"network\": "
                                "{\"id\": \"net-%u\"}}", i > 0 ? "," : "", i, n - 1 - i);
    }
    g_string_append (nets, "]}");
    g_string_append (profiles, "]}");
    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "networks", nets->str, NULL);
    feed_doc (&load, "datacenters", "{\"data_center\": [{\"id\": \"" DC1 "\"}]}", NULL);
    feed_doc (&load, "vnicprofiles", profiles->str, NULL);

    guint n_nets, n_profiles, n_dcs;
    const VinvOvirtLinks *net = vinv_ovirt_store_links (&load.store, VINV_TABLE_NET, &n_nets);
    const VinvOvirtLinks *prof = vinv_ovirt_store_links (&load.store, VINV_TABLE_PROFILE,
                                                         &n_profiles);
    const VinvOvirtLinks *dc = vinv_ovirt_store_links (&load.store, VINV_TABLE_DC, &n_dcs);
    g_assert_cmpuint (n_nets, ==, n);
    g_assert_cmpuint (n_profiles, ==, n);
    g_assert_cmpuint (n_dcs, ==, 1);
    for (guint i = 0; i < n; i++) {
        g_assert_true (net[i].dc == dc[0].id);
        g_assert_true (prof[i].network == net[n - 1 - i].id);
        g_assert_cmpstr (prof[i].network, ==, vinv_table_get_row_id (
                             vinv_ovirt_store_table (&load.store, VINV_TABLE_NET), n - 1 - i));
    }
    g_assert_true (vinv_ovirt_store_has_id (&load.store, VINV_TABLE_NET, "net-5"));
    g_assert_true (vinv_ovirt_store_has_id (&load.store, VINV_TABLE_DC, DC1));
    g_assert_false (vinv_ovirt_store_has_id (&load.store, VINV_TABLE_NET, DC1));
    g_assert_false (vinv_ovirt_store_has_id (&load.store, VINV_TABLE_NET, "net-700"));
    vinv_ovirt_load_clear (&load);
}

/* Parses @json as collection @path into @batch (not merged). */
static void
parse_batch (VinvOvirtLoad *load, VinvOvirtStore *batch, const char *path, const char *json)
{
    VinvOvirtSink sink = { load, batch };
    g_autoptr (GError) error = NULL;
    g_autoptr (VinvJsonParser) p = vinv_ovirt_doc_parser_new (vinv_ovirt_doc_lookup (path),
                                                              &sink, NULL);
    g_assert_true (vinv_json_parser_feed (p, json, strlen (json), &error));
    g_assert_true (vinv_json_parser_finish (p, &error));
    g_assert_no_error (error);
}

/* Merging the store with more texts into the one with fewer
 * (vinv_ovirt_store_merge_smaller(), which then swaps them) leaves what a
 * plain merge leaves: the same rows in the same order, links interned
 * together, the destination's first rejected value named in the notes;
 * and when a kind has rows in both, the destination's rows stay first. */
static void
test_ovirt_merge_smaller (void)
{
    const guint n = 700;
    g_autoptr (GString) profiles = g_string_new ("{\"vnic_profile\": [");
    for (guint i = 0; i < n; i++)
        g_string_append_printf (profiles, "%s{\"id\": \"prof-%u\", \"name\": \"p%u\","
                                " \"network\": {\"id\": \"net-%u\"}}", i > 0 ? "," : "", i, i,
                                i % 3);
    g_string_append (profiles, "]}");
    static const char nets[] = "{\"network\": [{\"id\": \"net-0\"}, {\"id\": \"net-1\"},"
                               " {\"id\": \"net-2\"}]}";
    VinvOvirtLoad plain, smaller;

    for (guint round = 0; round < 2; round++) {
        VinvOvirtLoad *load = round == 0 ? &plain : &smaller;
        VinvOvirtStore batch;
        vinv_ovirt_load_init (load, "engine");
        vinv_ovirt_store_init (&batch);
        parse_batch (load, &load->store, "networks", nets);
        vinv_ovirt_store_reject (&load->store, "the load's first");
        parse_batch (load, &batch, "vnicprofiles", profiles->str);
        vinv_ovirt_store_reject (&batch, "the batch's first");
        if (round == 0)
            vinv_ovirt_store_merge (&load->store, &batch);
        else
            vinv_ovirt_store_merge_smaller (&load->store, &batch);
        vinv_ovirt_store_clear (&batch);
    }
    for (VinvTableKind k = 0; k < VINV_TABLE_LAST; k++) {
        guint n_plain, n_smaller;
        const VinvOvirtLinks *a = vinv_ovirt_store_links (&plain.store, k, &n_plain);
        const VinvOvirtLinks *b = vinv_ovirt_store_links (&smaller.store, k, &n_smaller);
        g_assert_cmpuint (n_plain, ==, n_smaller);
        for (guint i = 0; i < n_plain; i++) {
            g_assert_cmpstr (a[i].id, ==, b[i].id);
            g_assert_cmpstr (a[i].network, ==, b[i].network);
            g_assert_cmpstr (vinv_table_get_row_id (vinv_ovirt_store_table (&plain.store, k), i),
                             ==, vinv_table_get_row_id (vinv_ovirt_store_table (&smaller.store,
                                                                               k), i));
        }
    }
    guint n_nets, n_profiles;
    const VinvOvirtLinks *net = vinv_ovirt_store_links (&smaller.store, VINV_TABLE_NET, &n_nets);
    const VinvOvirtLinks *prof = vinv_ovirt_store_links (&smaller.store, VINV_TABLE_PROFILE,
                                                         &n_profiles);
    g_assert_cmpuint (n_nets, ==, 3);
    g_assert_cmpuint (n_profiles, ==, n);
    for (guint i = 0; i < n; i++)
        g_assert_true (prof[i].network == net[i % 3].id);
    g_assert_true (vinv_ovirt_store_has_id (&smaller.store, VINV_TABLE_PROFILE, "prof-699"));
    g_assert_true (vinv_ovirt_store_has_id (&smaller.store, VINV_TABLE_NET, "net-2"));
    g_auto (GStrv) notes_plain = vinv_ovirt_load_notes (&plain);
    g_auto (GStrv) notes_smaller = vinv_ovirt_load_notes (&smaller);
    g_assert_cmpuint (g_strv_length (notes_smaller), ==, 1);
    g_assert_nonnull (strstr (notes_smaller[0], "the load's first"));
    g_assert_true (g_strv_equal ((const char *const *) notes_plain,
                                 (const char *const *) notes_smaller));

    /* a kind in both: no swap, the destination's rows first */
    VinvOvirtStore more;
    vinv_ovirt_store_init (&more);
    parse_batch (&smaller, &more, "networks", "{\"network\": [{\"id\": \"net-9\"},"
                 " {\"id\": \"net-8\"}, {\"id\": \"net-7\"}, {\"id\": \"net-6\"}]}");
    vinv_ovirt_store_merge_smaller (&smaller.store, &more);
    vinv_ovirt_store_clear (&more);
    net = vinv_ovirt_store_links (&smaller.store, VINV_TABLE_NET, &n_nets);
    g_assert_cmpuint (n_nets, ==, 7);
    g_assert_cmpstr (net[0].id, ==, "net-0");
    g_assert_cmpstr (net[3].id, ==, "net-9");
    g_assert_cmpstr (net[6].id, ==, "net-6");
    vinv_ovirt_load_clear (&plain);
    vinv_ovirt_load_clear (&smaller);
}

/* "vms" with the VMs named, in that order (NULL-terminated). */
static char *
vms_doc_of (const char *const *ids)
{
    GString *s = g_string_new ("{\"vm\": [");
    for (guint i = 0; ids[i] != NULL; i++)
        g_string_append_printf (s, "%s{\"id\": \"%s\", \"name\": \"vm-%u\"}", i > 0 ? ", " : "",
                                ids[i], i);
    g_string_append (s, "]}");
    return g_string_free (s, FALSE);
}

/* Feeds one "vms" collection per list of @vm_lists (VM ids, each list
 * NULL-terminated), then one NIC per pair of @nics (the VM's id, the NIC's
 * name; NULL-terminated), each as its VM's own document, and puts the load
 * in canonical order.  Returns the VM NICs' names in row order, joined by
 * spaces; sets *@n_vms and *@repeated to the store's VM rows and
 * repeated_ids. */
static char *
canonical_nic_names (const char *const *const *vm_lists, const char *const *nics, guint *n_vms,
                     guint16 *repeated)
{
    VinvOvirtLoad load;
    vinv_ovirt_load_init (&load, "engine");
    for (guint i = 0; vm_lists[i] != NULL; i++) {
        g_autofree char *doc = vms_doc_of (vm_lists[i]);
        feed_doc (&load, "vms", doc, NULL);
    }
    for (guint i = 0; nics[i] != NULL; i += 2) {
        g_autofree char *doc = g_strdup_printf ("{\"nic\": [{\"id\": \"nic-%s\","
                                                " \"name\": \"%s\"}]}", nics[i + 1], nics[i + 1]);
        feed_doc (&load, "vms/*/nics", doc, nics[i]);
    }
    vinv_ovirt_join_canonical_order (&load.store);

    VinvTable *t = vinv_ovirt_store_table (&load.store, VINV_TABLE_VMNIC);
    GString *names = g_string_new (NULL);
    for (guint r = 0; r < vinv_table_get_n_rows (t); r++)
        g_string_append_printf (names, "%s%s", r > 0 ? " " : "",
                                vinv_table_get_cell (t, r, VINV_VMNIC_NAME)->v.s);
    *n_vms = vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_VM);
    *repeated = load.store.repeated_ids;
    vinv_ovirt_load_clear (&load);
    return g_string_free (names, FALSE);
}

/* The canonical order (join-order.c): per-entity rows go in the order of
 * their owners' rows whatever order they came in, unknown owners last;
 * rows in that order already stay (told without an index); and where an
 * id is on two VM rows (two merged stores), the first row is the owner's,
 * as the index has it, even when a walk could have matched the later one. */
static void
test_ovirt_canonical_order (void)
{
    static const char *const three[] = { VM1, VM2, "vm-3", NULL };
    static const char *const *const one_doc[] = { three, NULL };
    static const char *const first[] = { VM1, VM2, NULL };
    static const char *const again[] = { "vm-3", VM1, NULL };
    static const char *const *const two_docs[] = { first, again, NULL };
    guint n_vms;
    guint16 repeated;

    /* in order: unchanged */
    static const char *const in_order[] = { VM1, "a", VM1, "b", "vm-3", "c", NULL };
    g_autofree char *kept = canonical_nic_names (one_doc, in_order, &n_vms, &repeated);
    g_assert_cmpstr (kept, ==, "a b c");
    g_assert_cmpuint (repeated, ==, 0);

    /* out of order, an unknown owner first: by owner, each owner's NICs
     * in the order they came, the unknown one last */
    static const char *const shuffled[] = { "vm-9", "x", "vm-3", "c", VM2, "b", "vm-3", "d",
                                            VM1, "a", NULL };
    g_autofree char *reordered = canonical_nic_names (one_doc, shuffled, &n_vms, &repeated);
    g_assert_cmpstr (reordered, ==, "a b c d x");

    /* VM1 on rows 0 and 3 (two collections merged): its NIC goes before
     * VM2's (row 1), though VM2, then VM1's second row, is in row order */
    static const char *const by_second_row[] = { VM2, "b", VM1, "a", NULL };
    g_autofree char *first_row = canonical_nic_names (two_docs, by_second_row, &n_vms,
                                                      &repeated);
    g_assert_cmpuint (n_vms, ==, 4);
    g_assert_cmpuint (repeated, ==, 1u << VINV_TABLE_VM);
    g_assert_cmpstr (first_row, ==, "a b");
}

/* A key given twice in one object: the last value at each path wins
 * (members of an object given twice merge, each path keeping its last
 * value); arrays still give every value. */
static void
test_ovirt_duplicate_keys (void)
{
    VinvOvirtLoad load;

    vinv_ovirt_load_init (&load, "engine");
    feed_doc (&load, "vms", "{\"vm\": [{\"id\": \"" VM2 "\", \"id\": \"" VM1 "\","
              " \"name\": \"a\", \"memory\": \"1\", \"name\": \"b\", \"memory\": \"2\","
              " \"cpu\": {\"topology\": {\"sockets\": 2}},"
              " \"cpu\": {\"topology\": {\"cores\": 3}},"
              " \"statistics\": {\"statistic\": [{\"name\": \"memory.used\","
              " \"values\": {\"value\": [{\"datum\": 5}, {\"datum\": 7}]}}]}}]}", NULL);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_NAME, "b");
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_MEMORY), ==, 2);
    g_assert_cmpint (cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_VCPUS)->v.i, ==, 6);
    /* statistics list their newest value first */
    g_assert_cmpfloat (quantity_of (&load, VINV_TABLE_VM, VM1, VINV_VM_MEM_USED), ==, 5);
    g_assert_cmpuint (vinv_ovirt_store_n_rows (&load.store, VINV_TABLE_VM), ==, 1);
    feed_doc (&load, "networks", "{\"network\": [{\"id\": \"" N1 "\", \"mtu\": \"1500\","
              " \"mtu\": \"9000\", \"usages\": {\"usage\": [\"vm\", \"display\"]}}]}", NULL);
    assert_text (&load, VINV_TABLE_NET, N1, VINV_NET_USAGES, "vm (1)");
    g_assert_cmpint (cell_of (&load, VINV_TABLE_NET, N1, VINV_NET_MTU)->v.i, ==, 9000);
    vinv_ovirt_load_clear (&load);
}

/* ---- long strings (issue 10 point 7) ---------------------------------------- */

#define LONG_LEN (10u * 1000 * 1000)
#define NET_CHUNK (16 * 1024)           /* what curl's write callback delivers */

/* A VMs document whose one VM has a description of about LONG_LEN
 * decoded bytes: letters, with an escape (\n, \u00e9, \\) every 5,000
 * bytes so that some fall across a chunk boundary.  *@decoded gets the
 * description as a parser must report it. */
static char *
long_string_doc (GString **decoded)
{
    GString *json = g_string_sized_new (LONG_LEN + 4096);
    GString *want = g_string_sized_new (LONG_LEN + 16);
    static const char *const escapes[] = { "\\n", "\\u00e9", "\\\\" };
    static const char *const plain[] = { "\n", "\xc3\xa9", "\\" };

    g_string_append (json, "{\"vm\": [{\"id\": \"" VM1 "\", \"name\": \"big\", "
                     "\"description\": \"");
    for (guint i = 0; want->len < LONG_LEN; i++) {
        if (i % 5000 == 4999) {
            g_string_append (json, escapes[(i / 5000) % 3]);
            g_string_append (want, plain[(i / 5000) % 3]);
        } else {
            char c = (char) ('a' + i % 26);
            g_string_append_c (json, c);
            g_string_append_c (want, c);
        }
    }
    g_string_append (json, "\", \"comment\": \"after\"}]}");
    *decoded = want;
    return g_string_free (json, FALSE);
}

typedef struct {
    gboolean in_description;
    guint n_long;
    gsize len;
    gboolean equal;
    const GString *want;
} LongSeen;

static gboolean
ls_start (gpointer ctx, gboolean is_map)
{
    return FALSE;
}

static void
ls_end (gpointer ctx, gboolean is_map)
{
}

static gboolean
ls_key (gpointer ctx, const char *key, gsize len)
{
    LongSeen *seen = ctx;
    seen->in_description = len == 11 && memcmp (key, "description", 11) == 0;
    return FALSE;
}

static void
ls_scalar (gpointer ctx, VinvJsonKind kind, const char *text, gsize len)
{
    LongSeen *seen = ctx;
    if (!seen->in_description)
        return;
    seen->n_long++;
    seen->len = len;
    seen->equal = kind == VINV_JSON_STRING && len == seen->want->len
                  && memcmp (text, seen->want->str, len) == 0;
}

/* A 10 MB string in 16 KiB chunks comes out of the tokenizer whole and
 * right, once.  (Its speed is measured by bench/json-bench, not here.) */
static void
test_long_string_tokenizer (void)
{
    g_autoptr (GString) want = NULL;
    g_autofree char *json = long_string_doc (&want);
    static const VinvJsonTokCallbacks callbacks = { ls_start, ls_end, ls_key, ls_scalar };
    LongSeen seen = { .want = want };
    g_autoptr (VinvJsonTok) t = vinv_json_tok_new (&callbacks, &seen);
    g_autoptr (GError) error = NULL;
    gsize len = strlen (json);

    g_assert_cmpuint (want->len, >=, LONG_LEN);
    for (gsize off = 0; off < len; off += NET_CHUNK)
        g_assert_true (vinv_json_tok_feed (t, json + off, MIN (NET_CHUNK, len - off), &error));
    g_assert_true (vinv_json_tok_finish (t, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (seen.n_long, ==, 1);
    g_assert_cmpuint (seen.len, ==, want->len);
    g_assert_true (seen.equal);
}

/* The same document through the back-end's mapping: the VM's Description
 * cell holds the whole string, and the field after it is read too. */
static void
test_long_string_mapping (void)
{
    g_autoptr (GString) want = NULL;
    g_autofree char *json = long_string_doc (&want);
    const VinvOvirtDoc *doc = vinv_ovirt_doc_lookup ("vms");
    VinvOvirtLoad load;
    VinvOvirtStore batch;
    g_autoptr (GError) error = NULL;
    gsize len = strlen (json);

    vinv_ovirt_load_init (&load, "engine");
    vinv_ovirt_store_init (&batch);
    VinvOvirtSink sink = { &load, &batch };
    g_autoptr (VinvJsonParser) p = vinv_ovirt_doc_parser_new (doc, &sink, NULL);
    for (gsize off = 0; off < len; off += NET_CHUNK)
        g_assert_true (vinv_json_parser_feed (p, json + off, MIN (NET_CHUNK, len - off),
                                              &error));
    g_assert_true (vinv_json_parser_finish (p, &error));
    g_assert_no_error (error);
    vinv_ovirt_store_merge (&load.store, &batch);
    vinv_ovirt_store_clear (&batch);

    const VinvCell *c = cell_of (&load, VINV_TABLE_VM, VM1, VINV_VM_DESCRIPTION);
    g_assert_cmpint (c->kind, ==, VINV_CELL_STRING);
    g_assert_cmpuint (strlen (c->v.s), ==, want->len);
    g_assert_true (memcmp (c->v.s, want->str, want->len) == 0);
    assert_text (&load, VINV_TABLE_VM, VM1, VINV_VM_NAME, "big");
    vinv_ovirt_load_clear (&load);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (map_cases); i++) {
        g_autofree char *path = g_strdup_printf ("/ovirt/json-map/%s", map_cases[i].name);
        g_test_add_data_func (path, &map_cases[i], test_map_case);
    }
    g_test_add_func ("/ovirt/mapping/values", test_ovirt_values);
    g_test_add_func ("/ovirt/mapping/links", test_ovirt_links);
    g_test_add_func ("/ovirt/mapping/join-outlives-load", test_ovirt_join_outlives_load);
    g_test_add_func ("/ovirt/mapping/entity-documents", test_ovirt_entity_docs);
    g_test_add_func ("/ovirt/mapping/failed-table", test_ovirt_failed_table);
    g_test_add_func ("/ovirt/mapping/documents", test_ovirt_documents);
    g_test_add_func ("/ovirt/mapping/description", test_ovirt_description);
    g_test_add_func ("/ovirt/numbers/overflow", test_ovirt_overflow);
    g_test_add_func ("/ovirt/numbers/out-of-range", test_ovirt_out_of_range);
    g_test_add_func ("/ovirt/numbers/duplicate-ids", test_ovirt_duplicate_ids);
    g_test_add_func ("/ovirt/numbers/duplicate-keys", test_ovirt_duplicate_keys);
    g_test_add_func ("/ovirt/store/merge-interns", test_ovirt_merge_interns);
    g_test_add_func ("/ovirt/store/merge-smaller", test_ovirt_merge_smaller);
    g_test_add_func ("/ovirt/join/canonical-order", test_ovirt_canonical_order);
    g_test_add_func ("/ovirt/long-string/tokenizer", test_long_string_tokenizer);
    g_test_add_func ("/ovirt/long-string/mapping", test_long_string_mapping);
    return g_test_run ();
}
