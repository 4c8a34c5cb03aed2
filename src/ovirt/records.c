/* records.c — the stream mapping: which JSON paths of the engine's
 * documents feed which columns, and the close functions that turn one
 * finished JSON object into a row (plus its links and pairs).
 *
 * Knows the oVirt JSON rules (see shared/OVIRT-API.md): numbers and
 * booleans may be strings or literals, decimals may use exponents, absent
 * attributes are omitted, a VM's statistics, NICs, disk attachments,
 * snapshots and guest devices may be inlined (follow=) or come as their own
 * documents.  Knows nothing of HTTP.  Values are stored in base units:
 * bytes, percent, seconds, bit/s, B/s, Hz and ms since the epoch.
 *
 * How parents and children meet: a child record (a NIC inside a VM) makes
 * its row at once with the parent reference left NULL, and leaves the
 * parent a deferred note; the parent's close, which knows its id whatever
 * the key order was, fills the reference in.  A per-entity document (the
 * NICs of one VM) has a root record that plays the parent, with the
 * parent's id preset.  Statistics never make rows: a statistic record adds
 * its value to its parent's slot for that statistic name, so the slots of
 * an entity spec start with its statistics, in the order of its name table.
 */
#include "load.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Deferred note tags: a row (links index) or a pair that needs its owner. */
enum {
    TAG_VMNIC = 1,
    TAG_SNAPSHOT,
    TAG_HOSTNIC,
    TAG_PAIR_BASE = 100,        /* + VinvPairKind */
};

/* ---- statistics names (index = slot in the owner's spec) ------------------ */

enum {
    VS_MEM_INSTALLED, VS_MEM_USED, VS_MEM_FREE, VS_MEM_BUFFERED, VS_MEM_CACHED,
    VS_MEM_UNUSED, VS_CPU_GUEST, VS_CPU_HYPERVISOR, VS_CPU_TOTAL, VS_NETWORK,
    VS_MIGRATION, VS_ELAPSED, VS_LAST
};
static const char *const vm_stat_names[] = {
    "memory.installed", "memory.used", "memory.free", "memory.buffered", "memory.cached",
    "memory.unused", "cpu.current.guest", "cpu.current.hypervisor", "cpu.current.total",
    "network.current.total", "migration.progress", "elapsed.time", NULL
};

enum {
    HS_MEM_TOTAL, HS_MEM_USED, HS_MEM_FREE, HS_MEM_SHARED, HS_SWAP_TOTAL, HS_SWAP_FREE,
    HS_SWAP_USED, HS_KSM, HS_CPU_USER, HS_CPU_SYSTEM, HS_CPU_IDLE, HS_LOAD, HS_BOOT, HS_LAST
};
static const char *const host_stat_names[] = {
    "memory.total", "memory.used", "memory.free", "memory.shared", "swap.total", "swap.free",
    "swap.used", "ksm.cpu.current", "cpu.current.user", "cpu.current.system",
    "cpu.current.idle", "cpu.load.avg.5m", "boot.time", NULL
};

enum {
    NS_RX, NS_TX, NS_RX_BPS, NS_TX_BPS, NS_RX_TOTAL, NS_TX_TOTAL, NS_RX_ERRORS, NS_TX_ERRORS,
    NS_LAST
};
static const char *const nic_stat_names[] = {
    "data.current.rx", "data.current.tx", "data.current.rx.bps", "data.current.tx.bps",
    "data.total.rx", "data.total.tx", "errors.total.rx", "errors.total.tx", NULL
};

enum {
    DS_READ, DS_WRITE, DS_READ_LATENCY, DS_WRITE_LATENCY, DS_FLUSH_LATENCY, DS_LAST
};
static const char *const disk_stat_names[] = {
    "data.current.read", "data.current.write", "disk.read.latency", "disk.write.latency",
    "disk.flush.latency", NULL
};

/* ---- value helpers ------------------------------------------------------------- */

static VinvOvirtSink *
sink_of (gpointer user_data)
{
    return user_data;
}

static const char *
intern_slot (VinvOvirtSink *s, const VinvRecord *r, guint slot)
{
    const char *v = vinv_record_get (r, slot);
    return v != NULL ? vinv_ovirt_intern (s->load, v) : NULL;
}

static gboolean
parse_double (const char *text, double *out)
{
    char *end = NULL;
    if (text == NULL || *text == '\0')
        return FALSE;
    double d = g_ascii_strtod (text, &end);
    if (end == text || *end != '\0' || !isfinite (d))
        return FALSE;
    *out = d;
    return TRUE;
}

/* Integers may come as "123", 123 or (from a decimal statistic) 1.0E+2. */
static gboolean
parse_int (const char *text, gint64 *out)
{
    char *end = NULL;
    if (text == NULL || *text == '\0')
        return FALSE;
    gint64 v = g_ascii_strtoll (text, &end, 10);
    if (end != text && *end == '\0') {
        *out = v;
        return TRUE;
    }
    double d;
    if (!parse_double (text, &d) || fabs (d) > 9.2e18)
        return FALSE;
    *out = (gint64) llround (d);
    return TRUE;
}

static gboolean
parse_bool (const char *text, gboolean *out)
{
    if (text == NULL)
        return FALSE;
    if (g_ascii_strcasecmp (text, "true") == 0 || strcmp (text, "1") == 0) {
        *out = TRUE;
        return TRUE;
    }
    if (g_ascii_strcasecmp (text, "false") == 0 || strcmp (text, "0") == 0) {
        *out = FALSE;
        return TRUE;
    }
    return FALSE;
}

static gboolean
get_double (const VinvRecord *r, guint slot, double *out)
{
    return parse_double (vinv_record_get (r, slot), out);
}

static gboolean
get_int (const VinvRecord *r, guint slot, gint64 *out)
{
    return parse_int (vinv_record_get (r, slot), out);
}

static void
put_string (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot)
{
    const char *v = vinv_record_get (r, slot);
    if (v != NULL)
        vinv_table_set_string_len (t, row, col, v, vinv_record_get_len (r, slot));
}

static void
put_int (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot)
{
    gint64 v;
    if (get_int (r, slot, &v))
        vinv_table_set_int (t, row, col, v);
}

static void
put_bool (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot)
{
    gboolean v;
    if (parse_bool (vinv_record_get (r, slot), &v))
        vinv_table_set_bool (t, row, col, v);
}

/* A quantity: the value times @scale (to reach the column's base unit). */
static void
put_quantity (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot,
              double scale)
{
    double v;
    if (get_double (r, slot, &v))
        vinv_table_set_quantity (t, row, col, v * scale);
}

static void
put_double (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot)
{
    double v;
    if (get_double (r, slot, &v))
        vinv_table_set_double (t, row, col, v);
}

/* A time in ms since the epoch (dates are epoch-ms numbers). */
static void
put_time (VinvTable *t, guint row, guint col, const VinvRecord *r, guint slot)
{
    gint64 v;
    if (get_int (r, slot, &v))
        vinv_table_set_time (t, row, col, v);
}

/* "4.7" from version.major and version.minor, or NULL. */
static char *
dup_version (const VinvRecord *r, guint major_slot, guint minor_slot)
{
    const char *major = vinv_record_get (r, major_slot);
    const char *minor = vinv_record_get (r, minor_slot);
    if (major == NULL)
        return NULL;
    return minor != NULL ? g_strdup_printf ("%s.%s", major, minor) : g_strdup (major);
}

/* sockets x cores x threads, each defaulting to 1. */
static gboolean
get_cpus (const VinvRecord *r, guint sockets_slot, guint cores_slot, guint threads_slot,
          gint64 *out)
{
    gint64 s = 1, c = 1, t = 1;
    gboolean any = get_int (r, sockets_slot, &s);
    any |= get_int (r, cores_slot, &c);
    any |= get_int (r, threads_slot, &t);
    *out = s * c * t;
    return any;
}

/* Appends a row with @id to @kind of the sink's store and returns its index
 * and (in *links) its links, valid until the next row of that kind. */
static guint
add_row (VinvOvirtSink *s, VinvTableKind kind, const char *id, VinvOvirtLinks **links)
{
    VinvTable *t = vinv_ovirt_store_table (s->store, kind);
    guint row = vinv_table_add_row (t, s->load->source, id);
    VinvOvirtLinks l = { .id = vinv_ovirt_intern (s->load, id) };
    g_array_append_val (s->store->links[kind], l);
    *links = &g_array_index (s->store->links[kind], VinvOvirtLinks, row);
    return row;
}

static guint
add_pair (VinvOvirtSink *s, VinvPairKind kind, const char *owner, const char *item,
          const char *info1, const char *info2)
{
    VinvOvirtPair p = {
        owner != NULL ? vinv_ovirt_intern (s->load, owner) : NULL,
        item != NULL ? vinv_ovirt_intern (s->load, item) : NULL,
        info1 != NULL ? vinv_ovirt_intern (s->load, info1) : NULL,
        info2 != NULL ? vinv_ovirt_intern (s->load, info2) : NULL,
    };
    if (s->store->pairs[kind] == NULL)
        s->store->pairs[kind] = g_array_new (FALSE, FALSE, sizeof (VinvOvirtPair));
    g_array_append_val (s->store->pairs[kind], p);
    return s->store->pairs[kind]->len - 1;
}

/* Leaves a note on the parent record, if there is one. */
static void
defer_to_parent (VinvRecord *r, guint tag, guint index)
{
    VinvRecord *parent = vinv_record_get_parent (r);
    if (parent != NULL)
        vinv_record_defer (parent, tag, index);
}

/* Gives every child row and pair noted on @r the owner @owner (interned),
 * unless the child named its owner itself. */
static void
resolve_children (VinvOvirtSink *s, const VinvRecord *r, const char *owner)
{
    guint n = vinv_record_n_deferred (r);

    for (guint i = 0; i < n; i++) {
        guint tag, index;
        vinv_record_get_deferred (r, i, &tag, &index);
        if (tag >= TAG_PAIR_BASE) {
            GArray *pairs = s->store->pairs[tag - TAG_PAIR_BASE];
            VinvOvirtPair *p = &g_array_index (pairs, VinvOvirtPair, index);
            if (p->owner == NULL)
                p->owner = owner;
            continue;
        }
        VinvTableKind kind = tag == TAG_VMNIC ? VINV_TABLE_VMNIC
                           : tag == TAG_SNAPSHOT ? VINV_TABLE_SNAP : VINV_TABLE_HOSTNIC;
        VinvOvirtLinks *l = &g_array_index (s->store->links[kind], VinvOvirtLinks, index);
        const char **field = kind == VINV_TABLE_HOSTNIC ? &l->host : &l->vm;
        if (*field == NULL)
            *field = owner;
    }
}

/* The row of @kind with @id in the sink's store, or -1. */
static int
find_row (VinvOvirtSink *s, VinvTableKind kind, const char *id)
{
    if (id == NULL || s->store->tables[kind] == NULL)
        return -1;
    return vinv_table_find_row (s->store->tables[kind], s->load->source, id);
}

/* ---- statistics ------------------------------------------------------------------- */

enum { ST_NAME, ST_DATUM, ST_LAST };

static void
stat_close (VinvRecord *r, gpointer user_data)
{
    VinvRecord *parent = vinv_record_get_parent (r);
    const char *name = vinv_record_get (r, ST_NAME);
    const char *datum = vinv_record_get (r, ST_DATUM);

    if (parent == NULL || name == NULL || datum == NULL)
        return;
    const char *const *names = vinv_record_get_spec (parent)->data;
    for (guint i = 0; names != NULL && names[i] != NULL; i++) {
        if (strcmp (names[i], name) == 0) {
            vinv_record_add (parent, i, datum, vinv_record_get_len (r, ST_DATUM));
            return;
        }
    }
}

/* The first datum is the newest value (history statistics list several). */
static const VinvFieldSpec stat_fields[] = {
    { "name", ST_NAME, NULL },
    { "values.value.datum", ST_DATUM, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec stat_spec = {
    "statistic", ST_LAST, stat_fields, stat_close, NULL
};

static void
apply_vm_stats (VinvTable *t, guint row, const VinvRecord *r)
{
    put_quantity (t, row, VINV_VM_MEM_INSTALLED, r, VS_MEM_INSTALLED, 1);
    put_quantity (t, row, VINV_VM_MEM_USED, r, VS_MEM_USED, 1);
    put_quantity (t, row, VINV_VM_MEM_FREE, r, VS_MEM_FREE, 1);
    put_quantity (t, row, VINV_VM_MEM_BUFFERED, r, VS_MEM_BUFFERED, 1);
    put_quantity (t, row, VINV_VM_MEM_CACHED, r, VS_MEM_CACHED, 1);
    put_quantity (t, row, VINV_VM_MEM_UNUSED, r, VS_MEM_UNUSED, 1);
    put_quantity (t, row, VINV_VM_CPU_GUEST, r, VS_CPU_GUEST, 1);
    put_quantity (t, row, VINV_VM_CPU_HYPERVISOR, r, VS_CPU_HYPERVISOR, 1);
    put_quantity (t, row, VINV_VM_CPU_TOTAL, r, VS_CPU_TOTAL, 1);
    put_quantity (t, row, VINV_VM_NETWORK_USAGE, r, VS_NETWORK, 1);
    put_quantity (t, row, VINV_VM_MIGRATION_PROGRESS, r, VS_MIGRATION, 1);
    put_quantity (t, row, VINV_VM_ELAPSED_TIME, r, VS_ELAPSED, 1);
}

static void
apply_host_stats (VinvTable *t, guint row, const VinvRecord *r)
{
    gint64 boot;

    put_quantity (t, row, VINV_HOST_MEM_TOTAL, r, HS_MEM_TOTAL, 1);
    put_quantity (t, row, VINV_HOST_MEM_USED, r, HS_MEM_USED, 1);
    put_quantity (t, row, VINV_HOST_MEM_FREE, r, HS_MEM_FREE, 1);
    put_quantity (t, row, VINV_HOST_MEM_SHARED, r, HS_MEM_SHARED, 1);
    put_quantity (t, row, VINV_HOST_SWAP_TOTAL, r, HS_SWAP_TOTAL, 1);
    put_quantity (t, row, VINV_HOST_SWAP_FREE, r, HS_SWAP_FREE, 1);
    put_quantity (t, row, VINV_HOST_SWAP_USED, r, HS_SWAP_USED, 1);
    put_quantity (t, row, VINV_HOST_KSM_CPU, r, HS_KSM, 1);
    put_quantity (t, row, VINV_HOST_CPU_USER, r, HS_CPU_USER, 1);
    put_quantity (t, row, VINV_HOST_CPU_SYSTEM, r, HS_CPU_SYSTEM, 1);
    put_quantity (t, row, VINV_HOST_CPU_IDLE, r, HS_CPU_IDLE, 1);
    put_double (t, row, VINV_HOST_LOAD_AVG, r, HS_LOAD);
    /* boot.time is in epoch seconds */
    if (get_int (r, HS_BOOT, &boot) && boot > 0)
        vinv_table_set_time (t, row, VINV_HOST_BOOT_TIME, boot * 1000);
}

/* NIC statistics, for VM NICs and host NICs (same statistics, different
 * columns).  Rates in bit/s: the .bps statistic, else bytes/s x 8. */
static void
apply_nic_stats (VinvTable *t, guint row, const VinvRecord *r, gboolean host)
{
    guint c_rx = host ? VINV_HOSTNIC_RX_RATE : VINV_VMNIC_RX_RATE;
    guint c_tx = host ? VINV_HOSTNIC_TX_RATE : VINV_VMNIC_TX_RATE;
    double v;

    if (get_double (r, NS_RX_BPS, &v))
        vinv_table_set_quantity (t, row, c_rx, v);
    else if (get_double (r, NS_RX, &v))
        vinv_table_set_quantity (t, row, c_rx, v * 8);
    if (get_double (r, NS_TX_BPS, &v))
        vinv_table_set_quantity (t, row, c_tx, v);
    else if (get_double (r, NS_TX, &v))
        vinv_table_set_quantity (t, row, c_tx, v * 8);
    put_quantity (t, row, host ? VINV_HOSTNIC_RX_TOTAL : VINV_VMNIC_RX_TOTAL, r, NS_RX_TOTAL, 1);
    put_quantity (t, row, host ? VINV_HOSTNIC_TX_TOTAL : VINV_VMNIC_TX_TOTAL, r, NS_TX_TOTAL, 1);
    put_int (t, row, host ? VINV_HOSTNIC_RX_ERRORS : VINV_VMNIC_RX_ERRORS, r, NS_RX_ERRORS);
    put_int (t, row, host ? VINV_HOSTNIC_TX_ERRORS : VINV_VMNIC_TX_ERRORS, r, NS_TX_ERRORS);
}

static void
apply_disk_stats (VinvTable *t, guint row, const VinvRecord *r)
{
    put_quantity (t, row, VINV_DISK_READ_RATE, r, DS_READ, 1);
    put_quantity (t, row, VINV_DISK_WRITE_RATE, r, DS_WRITE, 1);
    put_quantity (t, row, VINV_DISK_READ_LATENCY, r, DS_READ_LATENCY, 1);
    put_quantity (t, row, VINV_DISK_WRITE_LATENCY, r, DS_WRITE_LATENCY, 1);
    put_quantity (t, row, VINV_DISK_FLUSH_LATENCY, r, DS_FLUSH_LATENCY, 1);
}

/* ---- VM disk attachments, template disk attachments ---------------------------- */

enum { DA_DISK, DA_VM, DA_TEMPLATE, DA_BOOTABLE, DA_INTERFACE, DA_LAST };

static void
disk_att_close_common (VinvRecord *r, gpointer user_data, gboolean template)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *disk = vinv_record_get (r, DA_DISK);
    if (disk == NULL)
        return;
    VinvPairKind kind = template ? VINV_PAIR_TEMPLATE_DISK : VINV_PAIR_VM_DISK;
    guint i = add_pair (s, kind, vinv_record_get (r, template ? DA_TEMPLATE : DA_VM), disk,
                        vinv_record_get (r, DA_BOOTABLE), vinv_record_get (r, DA_INTERFACE));
    defer_to_parent (r, TAG_PAIR_BASE + kind, i);
}

static void
vm_disk_att_close (VinvRecord *r, gpointer user_data)
{
    disk_att_close_common (r, user_data, FALSE);
}

static void
template_disk_att_close (VinvRecord *r, gpointer user_data)
{
    disk_att_close_common (r, user_data, TRUE);
}

static const VinvFieldSpec disk_att_fields[] = {
    { "disk.id", DA_DISK, NULL },
    { "vm.id", DA_VM, NULL },
    { "template.id", DA_TEMPLATE, NULL },
    { "bootable", DA_BOOTABLE, NULL },
    { "interface", DA_INTERFACE, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec vm_disk_att_spec = {
    "disk_attachment", DA_LAST, disk_att_fields, vm_disk_att_close, NULL
};
static const VinvRecordSpec template_disk_att_spec = {
    "disk_attachment", DA_LAST, disk_att_fields, template_disk_att_close, NULL
};

/* ---- VM NICs ------------------------------------------------------------------ */

enum {
    VN_ID = NS_LAST, VN_NAME, VN_MAC, VN_INTERFACE, VN_LINKED, VN_PLUGGED, VN_VM, VN_PROFILE,
    VN_LAST
};

static void
vm_nic_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, VN_ID);
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_VMNIC, id, &l);
    l->vm = intern_slot (s, r, VN_VM);
    l->profile = intern_slot (s, r, VN_PROFILE);
    l->mac = intern_slot (s, r, VN_MAC);
    VinvTable *t = s->store->tables[VINV_TABLE_VMNIC];
    put_string (t, row, VINV_VMNIC_NAME, r, VN_NAME);
    put_string (t, row, VINV_VMNIC_MAC, r, VN_MAC);
    put_string (t, row, VINV_VMNIC_INTERFACE, r, VN_INTERFACE);
    put_bool (t, row, VINV_VMNIC_LINKED, r, VN_LINKED);
    put_bool (t, row, VINV_VMNIC_PLUGGED, r, VN_PLUGGED);
    apply_nic_stats (t, row, r, FALSE);
    defer_to_parent (r, TAG_VMNIC, row);
}

static const VinvFieldSpec vm_nic_fields[] = {
    { "id", VN_ID, NULL },
    { "name", VN_NAME, NULL },
    { "mac.address", VN_MAC, NULL },
    { "interface", VN_INTERFACE, NULL },
    { "linked", VN_LINKED, NULL },
    { "plugged", VN_PLUGGED, NULL },
    { "vm.id", VN_VM, NULL },
    { "vnic_profile.id", VN_PROFILE, NULL },
    { "statistics.statistic", -1, &stat_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec vm_nic_spec = {
    "nic", VN_LAST, vm_nic_fields, vm_nic_close, nic_stat_names
};

/* ---- snapshots ----------------------------------------------------------------- */

enum { SN_ID, SN_DESCRIPTION, SN_DATE, SN_STATUS, SN_TYPE, SN_MEMORY, SN_VM, SN_LAST };

static void
snapshot_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, SN_ID);
    VinvOvirtLinks *l;
    gint64 date;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_SNAP, id, &l);
    l->vm = intern_slot (s, r, SN_VM);
    VinvTable *t = s->store->tables[VINV_TABLE_SNAP];
    put_string (t, row, VINV_SNAP_NAME, r, SN_DESCRIPTION);
    put_string (t, row, VINV_SNAP_DESCRIPTION, r, SN_DESCRIPTION);
    put_time (t, row, VINV_SNAP_DATE, r, SN_DATE);
    put_string (t, row, VINV_SNAP_STATUS, r, SN_STATUS);
    put_string (t, row, VINV_SNAP_TYPE, r, SN_TYPE);
    put_bool (t, row, VINV_SNAP_MEMORY_SAVED, r, SN_MEMORY);
    if (get_int (r, SN_DATE, &date))
        vinv_table_set_quantity (t, row, VINV_SNAP_AGE, (double) (s->load->now_ms - date) / 1000);
    defer_to_parent (r, TAG_SNAPSHOT, row);
}

static const VinvFieldSpec snapshot_fields[] = {
    { "id", SN_ID, NULL },
    { "description", SN_DESCRIPTION, NULL },
    { "date", SN_DATE, NULL },
    { "snapshot_status", SN_STATUS, NULL },
    { "snapshot_type", SN_TYPE, NULL },
    { "persist_memorystate", SN_MEMORY, NULL },
    { "vm.id", SN_VM, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec snapshot_spec = {
    "snapshot", SN_LAST, snapshot_fields, snapshot_close, NULL
};

/* ---- guest-reported devices (IP addresses) ----------------------------------------- */

enum { RD_MAC, RD_IP, RD_VM, RD_LAST };

static void
device_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *mac = vinv_record_get (r, RD_MAC);
    const char *vm = vinv_record_get (r, RD_VM);
    const char *ip;
    guint iter = 0;

    while ((ip = vinv_record_next (r, RD_IP, &iter)) != NULL) {
        guint i = add_pair (s, VINV_PAIR_GUEST_IP, vm, mac, ip, NULL);
        defer_to_parent (r, TAG_PAIR_BASE + VINV_PAIR_GUEST_IP, i);
    }
}

static const VinvFieldSpec device_fields[] = {
    { "mac.address", RD_MAC, NULL },
    { "ips.ip.address", RD_IP, NULL },
    { "vm.id", RD_VM, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec device_spec = {
    "reported_device", RD_LAST, device_fields, device_close, NULL
};

/* The guest IPs noted on @r (a VM record or a devices document's root), as
 * a plain list in @t; nothing when there are none. */
static void
put_guest_ips (VinvOvirtSink *s, VinvTable *t, guint row, const VinvRecord *r)
{
    g_autoptr (GArray) items = g_array_new (FALSE, FALSE, sizeof (VinvItem));
    guint n = vinv_record_n_deferred (r);
    GArray *pairs = s->store->pairs[VINV_PAIR_GUEST_IP];

    for (guint i = 0; i < n; i++) {
        guint tag, index;
        vinv_record_get_deferred (r, i, &tag, &index);
        if (tag != TAG_PAIR_BASE + VINV_PAIR_GUEST_IP)
            continue;
        VinvItem item = { g_array_index (pairs, VinvOvirtPair, index).info1, NULL };
        g_array_append_val (items, item);
    }
    if (items->len > 0)
        vinv_table_set_list (t, row, VINV_VM_IP_ADDRESSES, (VinvItem *) items->data,
                             items->len);
}

/* ---- VMs ------------------------------------------------------------------------- */

enum {
    VM_ID = VS_LAST, VM_NAME, VM_DESCRIPTION, VM_STATUS, VM_TYPE, VM_MEMORY, VM_GUARANTEED,
    VM_MAX_MEMORY, VM_SOCKETS, VM_CORES, VM_THREADS, VM_ARCH, VM_OS, VM_DISPLAY,
    VM_CREATION, VM_START, VM_FQDN, VM_GUEST_DIST, VM_GUEST_VERSION, VM_NEXT_RUN,
    VM_CCV_MAJOR, VM_CCV_MINOR, VM_HA, VM_STATELESS, VM_CLUSTER, VM_HOST, VM_TEMPLATE,
    VM_POOL, VM_LAST
};

static void
vm_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, VM_ID);
    VinvOvirtLinks *l;
    gint64 v;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_VM, id, &l);
    l->cluster = intern_slot (s, r, VM_CLUSTER);
    l->host = intern_slot (s, r, VM_HOST);
    l->template = intern_slot (s, r, VM_TEMPLATE);
    l->pool = intern_slot (s, r, VM_POOL);
    const char *self_id = l->id;

    VinvTable *t = s->store->tables[VINV_TABLE_VM];
    put_string (t, row, VINV_VM_NAME, r, VM_NAME);
    put_string (t, row, VINV_VM_DESCRIPTION, r, VM_DESCRIPTION);
    put_string (t, row, VINV_VM_STATUS, r, VM_STATUS);
    put_string (t, row, VINV_VM_TYPE, r, VM_TYPE);
    put_string (t, row, VINV_VM_CONSOLE, r, VM_DISPLAY);
    if (get_cpus (r, VM_SOCKETS, VM_CORES, VM_THREADS, &v))
        vinv_table_set_int (t, row, VINV_VM_VCPUS, v);
    put_quantity (t, row, VINV_VM_MEMORY, r, VM_MEMORY, 1);
    put_quantity (t, row, VINV_VM_MAX_MEMORY, r, VM_MAX_MEMORY, 1);
    put_quantity (t, row, VINV_VM_GUARANTEED_MEMORY, r, VM_GUARANTEED, 1);
    put_string (t, row, VINV_VM_OS, r, VM_OS);
    put_string (t, row, VINV_VM_ARCHITECTURE, r, VM_ARCH);
    put_time (t, row, VINV_VM_CREATION_TIME, r, VM_CREATION);
    put_time (t, row, VINV_VM_START_TIME, r, VM_START);
    if (l->host != NULL && get_int (r, VM_START, &v))
        vinv_table_set_quantity (t, row, VINV_VM_UPTIME, (double) (s->load->now_ms - v) / 1000);
    put_string (t, row, VINV_VM_FQDN, r, VM_FQDN);
    const char *dist = vinv_record_get (r, VM_GUEST_DIST);
    const char *gver = vinv_record_get (r, VM_GUEST_VERSION);
    if (dist != NULL) {
        g_autofree char *os = gver != NULL ? g_strdup_printf ("%s %s", dist, gver)
                                           : g_strdup (dist);
        vinv_table_set_string (t, row, VINV_VM_GUEST_OS, os);
    }
    g_autofree char *ccv = dup_version (r, VM_CCV_MAJOR, VM_CCV_MINOR);
    if (ccv != NULL)
        vinv_table_set_string (t, row, VINV_VM_COMPATIBILITY_VERSION, ccv);
    put_bool (t, row, VINV_VM_PENDING_RESTART, r, VM_NEXT_RUN);
    put_bool (t, row, VINV_VM_HA, r, VM_HA);
    put_bool (t, row, VINV_VM_STATELESS, r, VM_STATELESS);
    apply_vm_stats (t, row, r);
    /* VMs without guest-reported IPs get an empty list in the join when the
     * devices were asked for. */
    put_guest_ips (s, t, row, r);
    resolve_children (s, r, self_id);
}

static const VinvFieldSpec vm_fields[] = {
    { "id", VM_ID, NULL },
    { "name", VM_NAME, NULL },
    { "description", VM_DESCRIPTION, NULL },
    { "status", VM_STATUS, NULL },
    { "type", VM_TYPE, NULL },
    { "memory", VM_MEMORY, NULL },
    { "memory_policy.guaranteed", VM_GUARANTEED, NULL },
    { "memory_policy.max", VM_MAX_MEMORY, NULL },
    { "cpu.topology.sockets", VM_SOCKETS, NULL },
    { "cpu.topology.cores", VM_CORES, NULL },
    { "cpu.topology.threads", VM_THREADS, NULL },
    { "cpu.architecture", VM_ARCH, NULL },
    { "os.type", VM_OS, NULL },
    { "display.type", VM_DISPLAY, NULL },
    { "creation_time", VM_CREATION, NULL },
    { "start_time", VM_START, NULL },
    { "fqdn", VM_FQDN, NULL },
    { "guest_operating_system.distribution", VM_GUEST_DIST, NULL },
    { "guest_operating_system.version.full_version", VM_GUEST_VERSION, NULL },
    { "next_run_configuration_exists", VM_NEXT_RUN, NULL },
    { "custom_compatibility_version.major", VM_CCV_MAJOR, NULL },
    { "custom_compatibility_version.minor", VM_CCV_MINOR, NULL },
    { "high_availability.enabled", VM_HA, NULL },
    { "stateless", VM_STATELESS, NULL },
    { "cluster.id", VM_CLUSTER, NULL },
    { "host.id", VM_HOST, NULL },
    { "template.id", VM_TEMPLATE, NULL },
    { "vm_pool.id", VM_POOL, NULL },
    { "disk_attachments.disk_attachment", -1, &vm_disk_att_spec },
    { "nics.nic", -1, &vm_nic_spec },
    { "statistics.statistic", -1, &stat_spec },
    { "snapshots.snapshot", -1, &snapshot_spec },
    { "reported_devices.reported_device", -1, &device_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec vm_spec = {
    "vm", VM_LAST, vm_fields, vm_close, vm_stat_names
};

/* ---- host NICs ----------------------------------------------------------------------- */

enum {
    HN_ID = NS_LAST, HN_NAME, HN_MAC, HN_IP, HN_SPEED, HN_STATUS, HN_MTU, HN_VLAN, HN_HOST,
    HN_NETWORK, HN_SLAVE, HN_LAST
};

static void
host_nic_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, HN_ID);
    const char *slave;
    guint iter = 0;
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_HOSTNIC, id, &l);
    l->host = intern_slot (s, r, HN_HOST);
    l->network = intern_slot (s, r, HN_NETWORK);
    VinvTable *t = s->store->tables[VINV_TABLE_HOSTNIC];
    put_string (t, row, VINV_HOSTNIC_NAME, r, HN_NAME);
    put_string (t, row, VINV_HOSTNIC_MAC, r, HN_MAC);
    put_string (t, row, VINV_HOSTNIC_IP, r, HN_IP);
    put_quantity (t, row, VINV_HOSTNIC_SPEED, r, HN_SPEED, 1);
    put_string (t, row, VINV_HOSTNIC_STATUS, r, HN_STATUS);
    put_int (t, row, VINV_HOSTNIC_MTU, r, HN_MTU);
    put_int (t, row, VINV_HOSTNIC_VLAN, r, HN_VLAN);
    apply_nic_stats (t, row, r, TRUE);
    while ((slave = vinv_record_next (r, HN_SLAVE, &iter)) != NULL)
        add_pair (s, VINV_PAIR_BOND_SLAVE, id, slave, NULL, NULL);
    defer_to_parent (r, TAG_HOSTNIC, row);
}

static const VinvFieldSpec host_nic_fields[] = {
    { "id", HN_ID, NULL },
    { "name", HN_NAME, NULL },
    { "mac.address", HN_MAC, NULL },
    { "ip.address", HN_IP, NULL },
    { "speed", HN_SPEED, NULL },
    { "status", HN_STATUS, NULL },
    { "mtu", HN_MTU, NULL },
    { "vlan.id", HN_VLAN, NULL },
    { "host.id", HN_HOST, NULL },
    { "network.id", HN_NETWORK, NULL },
    { "bonding.slaves.host_nic.id", HN_SLAVE, NULL },
    { "statistics.statistic", -1, &stat_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec host_nic_spec = {
    "host_nic", HN_LAST, host_nic_fields, host_nic_close, nic_stat_names
};

/* ---- hosts --------------------------------------------------------------------------- */

enum {
    HO_ID = HS_LAST, HO_NAME, HO_ADDRESS, HO_STATUS, HO_CLUSTER, HO_CPU_NAME, HO_CPU_SPEED,
    HO_SOCKETS, HO_CORES, HO_THREADS, HO_MEMORY, HO_SPM, HO_VDSM, HO_OS_TYPE, HO_OS_VERSION,
    HO_UPDATE, HO_ACTIVE, HO_LAST
};

static void
host_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, HO_ID);
    VinvOvirtLinks *l;
    gint64 sockets = 1, cores = 1, threads = 1;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_HOST, id, &l);
    l->cluster = intern_slot (s, r, HO_CLUSTER);
    const char *self_id = l->id;
    VinvTable *t = s->store->tables[VINV_TABLE_HOST];
    put_string (t, row, VINV_HOST_NAME, r, HO_NAME);
    put_string (t, row, VINV_HOST_ADDRESS, r, HO_ADDRESS);
    put_string (t, row, VINV_HOST_STATUS, r, HO_STATUS);
    put_string (t, row, VINV_HOST_CPU_MODEL, r, HO_CPU_NAME);
    put_quantity (t, row, VINV_HOST_CPU_SPEED, r, HO_CPU_SPEED, 1e6);   /* MHz -> Hz */
    gboolean have_s = get_int (r, HO_SOCKETS, &sockets);
    gboolean have_c = get_int (r, HO_CORES, &cores);
    gboolean have_t = get_int (r, HO_THREADS, &threads);
    if (have_s)
        vinv_table_set_int (t, row, VINV_HOST_SOCKETS, sockets);
    /* topology cores are per socket and threads per core */
    if (have_s || have_c)
        vinv_table_set_int (t, row, VINV_HOST_CORES, sockets * cores);
    if (have_s || have_c || have_t)
        vinv_table_set_int (t, row, VINV_HOST_THREADS, sockets * cores * threads);
    put_quantity (t, row, VINV_HOST_MEMORY, r, HO_MEMORY, 1);
    put_string (t, row, VINV_HOST_SPM, r, HO_SPM);
    put_string (t, row, VINV_HOST_VDSM_VERSION, r, HO_VDSM);
    const char *os_type = vinv_record_get (r, HO_OS_TYPE);
    const char *os_version = vinv_record_get (r, HO_OS_VERSION);
    if (os_type != NULL) {
        g_autofree char *os = os_version != NULL ? g_strdup_printf ("%s %s", os_type, os_version)
                                                 : g_strdup (os_type);
        vinv_table_set_string (t, row, VINV_HOST_OS, os);
    }
    put_bool (t, row, VINV_HOST_UPDATE_AVAILABLE, r, HO_UPDATE);
    put_int (t, row, VINV_HOST_RUNNING_VMS, r, HO_ACTIVE);
    apply_host_stats (t, row, r);
    resolve_children (s, r, self_id);
}

static const VinvFieldSpec host_fields[] = {
    { "id", HO_ID, NULL },
    { "name", HO_NAME, NULL },
    { "address", HO_ADDRESS, NULL },
    { "status", HO_STATUS, NULL },
    { "cluster.id", HO_CLUSTER, NULL },
    { "cpu.name", HO_CPU_NAME, NULL },
    { "cpu.speed", HO_CPU_SPEED, NULL },
    { "cpu.topology.sockets", HO_SOCKETS, NULL },
    { "cpu.topology.cores", HO_CORES, NULL },
    { "cpu.topology.threads", HO_THREADS, NULL },
    { "memory", HO_MEMORY, NULL },
    { "spm.status", HO_SPM, NULL },
    { "version.full_version", HO_VDSM, NULL },
    { "os.type", HO_OS_TYPE, NULL },
    { "os.version.full_version", HO_OS_VERSION, NULL },
    { "update_available", HO_UPDATE, NULL },
    { "summary.active", HO_ACTIVE, NULL },
    { "nics.host_nic", -1, &host_nic_spec },
    { "statistics.statistic", -1, &stat_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec host_spec = {
    "host", HO_LAST, host_fields, host_close, host_stat_names
};

/* ---- disks --------------------------------------------------------------------------- */

enum {
    DI_ID = DS_LAST, DI_NAME, DI_ALIAS, DI_STATUS, DI_ACTUAL, DI_PROVISIONED, DI_TOTAL,
    DI_FORMAT, DI_SPARSE, DI_CONTENT, DI_STORAGE_TYPE, DI_SHAREABLE, DI_SD, DI_LAST
};

static void
disk_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, DI_ID);
    const char *sd;
    guint iter = 0;
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_DISK, id, &l);
    VinvTable *t = s->store->tables[VINV_TABLE_DISK];
    put_string (t, row, VINV_DISK_NAME, r, vinv_record_get (r, DI_NAME) != NULL ? DI_NAME
                                                                                : DI_ALIAS);
    put_string (t, row, VINV_DISK_ALIAS, r, DI_ALIAS);
    put_string (t, row, VINV_DISK_STATUS, r, DI_STATUS);
    put_quantity (t, row, VINV_DISK_ACTUAL_SIZE, r, DI_ACTUAL, 1);
    put_quantity (t, row, VINV_DISK_PROVISIONED_SIZE, r, DI_PROVISIONED, 1);
    put_quantity (t, row, VINV_DISK_TOTAL_SIZE, r, DI_TOTAL, 1);
    put_string (t, row, VINV_DISK_FORMAT, r, DI_FORMAT);
    put_bool (t, row, VINV_DISK_SPARSE, r, DI_SPARSE);
    put_string (t, row, VINV_DISK_CONTENT_TYPE, r, DI_CONTENT);
    put_string (t, row, VINV_DISK_STORAGE_TYPE, r, DI_STORAGE_TYPE);
    put_bool (t, row, VINV_DISK_SHAREABLE, r, DI_SHAREABLE);
    apply_disk_stats (t, row, r);
    while ((sd = vinv_record_next (r, DI_SD, &iter)) != NULL)
        add_pair (s, VINV_PAIR_DISK_SD, id, sd, NULL, NULL);
}

static const VinvFieldSpec disk_fields[] = {
    { "id", DI_ID, NULL },
    { "name", DI_NAME, NULL },
    { "alias", DI_ALIAS, NULL },
    { "status", DI_STATUS, NULL },
    { "actual_size", DI_ACTUAL, NULL },
    { "provisioned_size", DI_PROVISIONED, NULL },
    { "total_size", DI_TOTAL, NULL },
    { "format", DI_FORMAT, NULL },
    { "sparse", DI_SPARSE, NULL },
    { "content_type", DI_CONTENT, NULL },
    { "storage_type", DI_STORAGE_TYPE, NULL },
    { "shareable", DI_SHAREABLE, NULL },
    { "storage_domains.storage_domain.id", DI_SD, NULL },
    { "statistics.statistic", -1, &stat_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec disk_spec = {
    "disk", DI_LAST, disk_fields, disk_close, disk_stat_names
};

/* ---- storage domains ------------------------------------------------------------------- */

enum {
    SD_ID, SD_NAME, SD_STATUS, SD_TYPE, SD_STORAGE_TYPE, SD_ADDRESS, SD_LUN_ADDRESS, SD_PATH,
    SD_FORMAT, SD_AVAILABLE, SD_USED, SD_COMMITTED, SD_MASTER, SD_DC, SD_LAST
};

static void
sd_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, SD_ID);
    const char *dc;
    guint iter = 0;
    VinvOvirtLinks *l;
    double avail, used;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_SD, id, &l);
    VinvTable *t = s->store->tables[VINV_TABLE_SD];
    put_string (t, row, VINV_SD_NAME, r, SD_NAME);
    put_string (t, row, VINV_SD_STATUS, r, SD_STATUS);
    put_string (t, row, VINV_SD_TYPE, r, SD_TYPE);
    put_string (t, row, VINV_SD_STORAGE_TYPE, r, SD_STORAGE_TYPE);
    put_string (t, row, VINV_SD_STORAGE_ADDRESS, r,
                vinv_record_get (r, SD_ADDRESS) != NULL ? SD_ADDRESS : SD_LUN_ADDRESS);
    put_string (t, row, VINV_SD_PATH, r, SD_PATH);
    put_string (t, row, VINV_SD_FORMAT, r, SD_FORMAT);
    put_quantity (t, row, VINV_SD_AVAILABLE, r, SD_AVAILABLE, 1);
    put_quantity (t, row, VINV_SD_USED, r, SD_USED, 1);
    put_quantity (t, row, VINV_SD_COMMITTED, r, SD_COMMITTED, 1);
    put_bool (t, row, VINV_SD_MASTER, r, SD_MASTER);
    if (get_double (r, SD_AVAILABLE, &avail) && get_double (r, SD_USED, &used)) {
        vinv_table_set_quantity (t, row, VINV_SD_TOTAL, avail + used);
        if (avail + used > 0)
            vinv_table_set_quantity (t, row, VINV_SD_FREE_PERCENT,
                                     100.0 * avail / (avail + used));
    }
    while ((dc = vinv_record_next (r, SD_DC, &iter)) != NULL)
        add_pair (s, VINV_PAIR_SD_DC, id, dc, NULL, NULL);
}

static const VinvFieldSpec sd_fields[] = {
    { "id", SD_ID, NULL },
    { "name", SD_NAME, NULL },
    { "status", SD_STATUS, NULL },
    { "type", SD_TYPE, NULL },
    { "storage.type", SD_STORAGE_TYPE, NULL },
    { "storage.address", SD_ADDRESS, NULL },
    { "storage.volume_group.logical_units.logical_unit.address", SD_LUN_ADDRESS, NULL },
    { "storage.path", SD_PATH, NULL },
    { "storage_format", SD_FORMAT, NULL },
    { "available", SD_AVAILABLE, NULL },
    { "used", SD_USED, NULL },
    { "committed", SD_COMMITTED, NULL },
    { "master", SD_MASTER, NULL },
    { "data_centers.data_center.id", SD_DC, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec sd_spec = {
    "storage_domain", SD_LAST, sd_fields, sd_close, NULL
};

/* ---- clusters and their networks -------------------------------------------------------- */

enum { CN_ID, CN_LAST };

static void
cluster_net_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, CN_ID);
    if (id == NULL)
        return;
    guint i = add_pair (s, VINV_PAIR_CLUSTER_NET, NULL, id, NULL, NULL);
    defer_to_parent (r, TAG_PAIR_BASE + VINV_PAIR_CLUSTER_NET, i);
}

static const VinvFieldSpec cluster_net_fields[] = {
    { "id", CN_ID, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec cluster_net_spec = {
    "network", CN_LAST, cluster_net_fields, cluster_net_close, NULL
};

enum {
    CL_ID, CL_NAME, CL_DESCRIPTION, CL_MAJOR, CL_MINOR, CL_DC, CL_ON_ERROR, CL_CPU, CL_ARCH,
    CL_FIREWALL, CL_OVERCOMMIT, CL_LAST
};

static void
cluster_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, CL_ID);
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_CLUSTER, id, &l);
    l->dc = intern_slot (s, r, CL_DC);
    const char *self_id = l->id;
    VinvTable *t = s->store->tables[VINV_TABLE_CLUSTER];
    put_string (t, row, VINV_CLUSTER_NAME, r, CL_NAME);
    put_string (t, row, VINV_CLUSTER_DESCRIPTION, r, CL_DESCRIPTION);
    g_autofree char *version = dup_version (r, CL_MAJOR, CL_MINOR);
    if (version != NULL)
        vinv_table_set_string (t, row, VINV_CLUSTER_VERSION, version);
    put_string (t, row, VINV_CLUSTER_ERROR_HANDLING, r, CL_ON_ERROR);
    put_string (t, row, VINV_CLUSTER_CPU, r, CL_CPU);
    put_string (t, row, VINV_CLUSTER_ARCHITECTURE, r, CL_ARCH);
    put_string (t, row, VINV_CLUSTER_FIREWALL, r, CL_FIREWALL);
    put_quantity (t, row, VINV_CLUSTER_MEMORY_OVERCOMMIT, r, CL_OVERCOMMIT, 1);
    resolve_children (s, r, self_id);
}

static const VinvFieldSpec cluster_fields[] = {
    { "id", CL_ID, NULL },
    { "name", CL_NAME, NULL },
    { "description", CL_DESCRIPTION, NULL },
    { "version.major", CL_MAJOR, NULL },
    { "version.minor", CL_MINOR, NULL },
    { "data_center.id", CL_DC, NULL },
    { "error_handling.on_error", CL_ON_ERROR, NULL },
    { "cpu.type", CL_CPU, NULL },
    { "cpu.architecture", CL_ARCH, NULL },
    { "firewall_type", CL_FIREWALL, NULL },
    { "memory_policy.over_commit.percent", CL_OVERCOMMIT, NULL },
    { "networks.network", -1, &cluster_net_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec cluster_spec = {
    "cluster", CL_LAST, cluster_fields, cluster_close, NULL
};

/* ---- data centers and their storage domains ------------------------------------------- */

enum { DSD_ID, DSD_STATUS, DSD_LAST };

static void
dc_sd_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, DSD_ID);
    if (id == NULL)
        return;
    guint i = add_pair (s, VINV_PAIR_DC_SD, NULL, id, vinv_record_get (r, DSD_STATUS), NULL);
    defer_to_parent (r, TAG_PAIR_BASE + VINV_PAIR_DC_SD, i);
}

static const VinvFieldSpec dc_sd_fields[] = {
    { "id", DSD_ID, NULL },
    { "status", DSD_STATUS, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec dc_sd_spec = {
    "storage_domain", DSD_LAST, dc_sd_fields, dc_sd_close, NULL
};

enum {
    DC_ID, DC_NAME, DC_DESCRIPTION, DC_STATUS, DC_MAJOR, DC_MINOR, DC_LOCAL, DC_QUOTA,
    DC_STORAGE_FORMAT, DC_LAST
};

static void
dc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, DC_ID);
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_DC, id, &l);
    const char *self_id = l->id;
    VinvTable *t = s->store->tables[VINV_TABLE_DC];
    put_string (t, row, VINV_DC_NAME, r, DC_NAME);
    put_string (t, row, VINV_DC_DESCRIPTION, r, DC_DESCRIPTION);
    put_string (t, row, VINV_DC_STATUS, r, DC_STATUS);
    g_autofree char *version = dup_version (r, DC_MAJOR, DC_MINOR);
    if (version != NULL)
        vinv_table_set_string (t, row, VINV_DC_VERSION, version);
    put_bool (t, row, VINV_DC_LOCAL, r, DC_LOCAL);
    put_string (t, row, VINV_DC_QUOTA_MODE, r, DC_QUOTA);
    put_string (t, row, VINV_DC_STORAGE_FORMAT, r, DC_STORAGE_FORMAT);
    resolve_children (s, r, self_id);
}

static const VinvFieldSpec dc_fields[] = {
    { "id", DC_ID, NULL },
    { "name", DC_NAME, NULL },
    { "description", DC_DESCRIPTION, NULL },
    { "status", DC_STATUS, NULL },
    { "version.major", DC_MAJOR, NULL },
    { "version.minor", DC_MINOR, NULL },
    { "local", DC_LOCAL, NULL },
    { "quota_mode", DC_QUOTA, NULL },
    { "storage_format", DC_STORAGE_FORMAT, NULL },
    { "storage_domains.storage_domain", -1, &dc_sd_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec dc_spec = {
    "data_center", DC_LAST, dc_fields, dc_close, NULL
};

/* ---- networks ------------------------------------------------------------------------ */

enum {
    NE_ID, NE_NAME, NE_DESCRIPTION, NE_DC, NE_VLAN, NE_MTU, NE_STP, NE_USAGE, NE_REQUIRED,
    NE_LAST
};

static void
network_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, NE_ID);
    VinvOvirtLinks *l;
    gint64 mtu;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_NET, id, &l);
    l->dc = intern_slot (s, r, NE_DC);
    VinvTable *t = s->store->tables[VINV_TABLE_NET];
    put_string (t, row, VINV_NET_NAME, r, NE_NAME);
    put_string (t, row, VINV_NET_DESCRIPTION, r, NE_DESCRIPTION);
    put_int (t, row, VINV_NET_VLAN, r, NE_VLAN);
    /* an MTU of 0 means "the default": shown empty */
    if (get_int (r, NE_MTU, &mtu) && mtu > 0)
        vinv_table_set_int (t, row, VINV_NET_MTU, mtu);
    put_bool (t, row, VINV_NET_STP, r, NE_STP);
    put_bool (t, row, VINV_NET_REQUIRED, r, NE_REQUIRED);

    VinvItem items[16];
    guint n = 0;
    guint iter = 0;
    const char *usage;
    while ((usage = vinv_record_next (r, NE_USAGE, &iter)) != NULL && n < G_N_ELEMENTS (items))
        items[n++] = (VinvItem) { usage, NULL };
    vinv_table_set_list (t, row, VINV_NET_USAGES, items, n);
}

static const VinvFieldSpec network_fields[] = {
    { "id", NE_ID, NULL },
    { "name", NE_NAME, NULL },
    { "description", NE_DESCRIPTION, NULL },
    { "data_center.id", NE_DC, NULL },
    { "vlan.id", NE_VLAN, NULL },
    { "mtu", NE_MTU, NULL },
    { "stp", NE_STP, NULL },
    { "usages.usage", NE_USAGE, NULL },
    { "required", NE_REQUIRED, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec network_spec = {
    "network", NE_LAST, network_fields, network_close, NULL
};

/* ---- vNIC profiles -------------------------------------------------------------------- */

enum { PR_ID, PR_NAME, PR_NETWORK, PR_PASS_THROUGH, PR_MIRRORING, PR_LAST };

static void
profile_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, PR_ID);
    VinvOvirtLinks *l;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_PROFILE, id, &l);
    l->network = intern_slot (s, r, PR_NETWORK);
    VinvTable *t = s->store->tables[VINV_TABLE_PROFILE];
    put_string (t, row, VINV_PROFILE_NAME, r, PR_NAME);
    put_string (t, row, VINV_PROFILE_PASS_THROUGH, r, PR_PASS_THROUGH);
    put_bool (t, row, VINV_PROFILE_PORT_MIRRORING, r, PR_MIRRORING);
}

static const VinvFieldSpec profile_fields[] = {
    { "id", PR_ID, NULL },
    { "name", PR_NAME, NULL },
    { "network.id", PR_NETWORK, NULL },
    { "pass_through.mode", PR_PASS_THROUGH, NULL },
    { "port_mirroring", PR_MIRRORING, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec profile_spec = {
    "vnic_profile", PR_LAST, profile_fields, profile_close, NULL
};

/* ---- templates and their NICs ----------------------------------------------------------- */

enum { TN_NAME, TN_PROFILE, TN_TEMPLATE, TN_LAST };

static void
template_nic_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    guint i = add_pair (s, VINV_PAIR_TEMPLATE_NIC, vinv_record_get (r, TN_TEMPLATE),
                        vinv_record_get (r, TN_PROFILE), vinv_record_get (r, TN_NAME), NULL);
    defer_to_parent (r, TAG_PAIR_BASE + VINV_PAIR_TEMPLATE_NIC, i);
}

static const VinvFieldSpec template_nic_fields[] = {
    { "name", TN_NAME, NULL },
    { "vnic_profile.id", TN_PROFILE, NULL },
    { "template.id", TN_TEMPLATE, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec template_nic_spec = {
    "nic", TN_LAST, template_nic_fields, template_nic_close, NULL
};

enum {
    TE_ID, TE_NAME, TE_DESCRIPTION, TE_STATUS, TE_VERSION_NAME, TE_VERSION_NUMBER, TE_CLUSTER,
    TE_OS, TE_MEMORY, TE_SOCKETS, TE_CORES, TE_THREADS, TE_CREATION, TE_LAST
};

static void
template_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, TE_ID);
    VinvOvirtLinks *l;
    gint64 cpus;

    if (id == NULL)
        return;
    guint row = add_row (s, VINV_TABLE_TEMPLATE, id, &l);
    l->cluster = intern_slot (s, r, TE_CLUSTER);
    const char *self_id = l->id;
    VinvTable *t = s->store->tables[VINV_TABLE_TEMPLATE];
    put_string (t, row, VINV_TEMPLATE_NAME, r, TE_NAME);
    put_string (t, row, VINV_TEMPLATE_DESCRIPTION, r, TE_DESCRIPTION);
    put_string (t, row, VINV_TEMPLATE_STATUS, r, TE_STATUS);
    const char *vname = vinv_record_get (r, TE_VERSION_NAME);
    const char *vnum = vinv_record_get (r, TE_VERSION_NUMBER);
    if (vname != NULL || vnum != NULL) {
        g_autofree char *version = vname != NULL && vnum != NULL
                                   ? g_strdup_printf ("%s (%s)", vname, vnum)
                                   : g_strdup (vname != NULL ? vname : vnum);
        vinv_table_set_string (t, row, VINV_TEMPLATE_VERSION, version);
    }
    put_string (t, row, VINV_TEMPLATE_OS, r, TE_OS);
    put_quantity (t, row, VINV_TEMPLATE_MEMORY, r, TE_MEMORY, 1);
    if (get_cpus (r, TE_SOCKETS, TE_CORES, TE_THREADS, &cpus))
        vinv_table_set_int (t, row, VINV_TEMPLATE_CPU_CORES, cpus);
    put_time (t, row, VINV_TEMPLATE_CREATION_TIME, r, TE_CREATION);
    resolve_children (s, r, self_id);
}

static const VinvFieldSpec template_fields[] = {
    { "id", TE_ID, NULL },
    { "name", TE_NAME, NULL },
    { "description", TE_DESCRIPTION, NULL },
    { "status", TE_STATUS, NULL },
    { "version.version_name", TE_VERSION_NAME, NULL },
    { "version.version_number", TE_VERSION_NUMBER, NULL },
    { "cluster.id", TE_CLUSTER, NULL },
    { "os.type", TE_OS, NULL },
    { "memory", TE_MEMORY, NULL },
    { "cpu.topology.sockets", TE_SOCKETS, NULL },
    { "cpu.topology.cores", TE_CORES, NULL },
    { "cpu.topology.threads", TE_THREADS, NULL },
    { "creation_time", TE_CREATION, NULL },
    { "disk_attachments.disk_attachment", -1, &template_disk_att_spec },
    { "nics.nic", -1, &template_nic_spec },
    { NULL, -1, NULL }
};
static const VinvRecordSpec template_spec = {
    "template", TE_LAST, template_fields, template_close, NULL
};

/* ---- VM pools (only their names) ------------------------------------------------ */

enum { PO_ID, PO_NAME, PO_LAST };

static void
pool_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *id = vinv_record_get (r, PO_ID);
    if (id != NULL)
        add_pair (s, VINV_PAIR_POOL, id, NULL, vinv_record_get (r, PO_NAME), NULL);
}

static const VinvFieldSpec pool_fields[] = {
    { "id", PO_ID, NULL },
    { "name", PO_NAME, NULL },
    { NULL, -1, NULL }
};
static const VinvRecordSpec pool_spec = {
    "vm_pool", PO_LAST, pool_fields, pool_close, NULL
};

/* ---- document roots ------------------------------------------------------------------- */

/* Top-level collections: {"vm": [ ... ]}; {} when empty. */
#define COLLECTION(var, key, child) \
    static const VinvFieldSpec var##_fields[] = { { key, -1, child }, { NULL, -1, NULL } }; \
    static const VinvRecordSpec var = { key "s", 0, var##_fields, NULL, NULL }

COLLECTION (vms_doc, "vm", &vm_spec);
COLLECTION (hosts_doc, "host", &host_spec);
COLLECTION (disks_doc, "disk", &disk_spec);
COLLECTION (sds_doc, "storage_domain", &sd_spec);
COLLECTION (clusters_doc, "cluster", &cluster_spec);
COLLECTION (dcs_doc, "data_center", &dc_spec);
COLLECTION (networks_doc, "network", &network_spec);
COLLECTION (profiles_doc, "vnic_profile", &profile_spec);
COLLECTION (templates_doc, "template", &template_spec);
COLLECTION (pools_doc, "vm_pool", &pool_spec);

/* Per-entity sub-collections: the root record stands for the parent; its
 * last slot holds the parent's id (PARENT_SLOT), preset by the caller; for
 * statistics the slots before it are the parent's statistic slots. */
static const char *
parent_id (VinvOvirtSink *s, const VinvRecord *r)
{
    const VinvRecordSpec *spec = vinv_record_get_spec (r);
    return intern_slot (s, r, spec->n_slots - 1);
}

/* Close of a sub-collection root: its children get the parent's id. */
static void
children_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *owner = parent_id (s, r);
    if (owner != NULL)
        resolve_children (s, r, owner);
}

static void
vm_devices_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    const char *owner = parent_id (s, r);
    int row = find_row (s, VINV_TABLE_VM, owner);
    if (owner == NULL)
        return;
    resolve_children (s, r, owner);
    if (row >= 0)
        put_guest_ips (s, s->store->tables[VINV_TABLE_VM], (guint) row, r);
}

static void
vm_stats_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    int row = find_row (s, VINV_TABLE_VM, parent_id (s, r));
    if (row >= 0)
        apply_vm_stats (s->store->tables[VINV_TABLE_VM], (guint) row, r);
}

static void
host_stats_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    int row = find_row (s, VINV_TABLE_HOST, parent_id (s, r));
    if (row >= 0)
        apply_host_stats (s->store->tables[VINV_TABLE_HOST], (guint) row, r);
}

static void
vm_nic_stats_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    int row = find_row (s, VINV_TABLE_VMNIC, parent_id (s, r));
    if (row >= 0)
        apply_nic_stats (s->store->tables[VINV_TABLE_VMNIC], (guint) row, r, FALSE);
}

static void
host_nic_stats_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    int row = find_row (s, VINV_TABLE_HOSTNIC, parent_id (s, r));
    if (row >= 0)
        apply_nic_stats (s->store->tables[VINV_TABLE_HOSTNIC], (guint) row, r, TRUE);
}

static void
disk_stats_doc_close (VinvRecord *r, gpointer user_data)
{
    VinvOvirtSink *s = sink_of (user_data);
    int row = find_row (s, VINV_TABLE_DISK, parent_id (s, r));
    if (row >= 0)
        apply_disk_stats (s->store->tables[VINV_TABLE_DISK], (guint) row, r);
}

#define SUBDOC(var, key, child, close_fn) \
    static const VinvFieldSpec var##_fields[] = { { key, -1, child }, { NULL, -1, NULL } }; \
    static const VinvRecordSpec var = { key "s", 1, var##_fields, close_fn, NULL }
#define STATSDOC(var, n_stats, names, close_fn) \
    static const VinvFieldSpec var##_fields[] = { \
        { "statistic", -1, &stat_spec }, { NULL, -1, NULL } }; \
    static const VinvRecordSpec var = { "statistics", (n_stats) + 1, var##_fields, close_fn, \
                                        names }

SUBDOC (vm_disk_atts_doc, "disk_attachment", &vm_disk_att_spec, children_doc_close);
SUBDOC (vm_nics_doc, "nic", &vm_nic_spec, children_doc_close);
SUBDOC (vm_snapshots_doc, "snapshot", &snapshot_spec, children_doc_close);
SUBDOC (vm_devices_doc, "reported_device", &device_spec, vm_devices_doc_close);
SUBDOC (host_nics_doc, "host_nic", &host_nic_spec, children_doc_close);
SUBDOC (dc_sds_doc, "storage_domain", &dc_sd_spec, children_doc_close);
SUBDOC (cluster_nets_doc, "network", &cluster_net_spec, children_doc_close);
SUBDOC (template_disk_atts_doc, "disk_attachment", &template_disk_att_spec,
        children_doc_close);
SUBDOC (template_nics_doc, "nic", &template_nic_spec, children_doc_close);
STATSDOC (vm_stats_doc, VS_LAST, vm_stat_names, vm_stats_doc_close);
STATSDOC (host_stats_doc, HS_LAST, host_stat_names, host_stats_doc_close);
STATSDOC (vm_nic_stats_doc, NS_LAST, nic_stat_names, vm_nic_stats_doc_close);
STATSDOC (host_nic_stats_doc, NS_LAST, nic_stat_names, host_nic_stats_doc_close);
STATSDOC (disk_stats_doc, DS_LAST, disk_stat_names, disk_stats_doc_close);

static const VinvRecordSpec *const doc_specs[VINV_DOC_LAST] = {
    [VINV_DOC_VMS] = &vms_doc,
    [VINV_DOC_HOSTS] = &hosts_doc,
    [VINV_DOC_DISKS] = &disks_doc,
    [VINV_DOC_SDS] = &sds_doc,
    [VINV_DOC_CLUSTERS] = &clusters_doc,
    [VINV_DOC_DCS] = &dcs_doc,
    [VINV_DOC_NETWORKS] = &networks_doc,
    [VINV_DOC_PROFILES] = &profiles_doc,
    [VINV_DOC_TEMPLATES] = &templates_doc,
    [VINV_DOC_POOLS] = &pools_doc,
    [VINV_DOC_VM_DISK_ATTACHMENTS] = &vm_disk_atts_doc,
    [VINV_DOC_VM_NICS] = &vm_nics_doc,
    [VINV_DOC_VM_STATS] = &vm_stats_doc,
    [VINV_DOC_VM_SNAPSHOTS] = &vm_snapshots_doc,
    [VINV_DOC_VM_DEVICES] = &vm_devices_doc,
    [VINV_DOC_VM_NIC_STATS] = &vm_nic_stats_doc,
    [VINV_DOC_HOST_NICS] = &host_nics_doc,
    [VINV_DOC_HOST_STATS] = &host_stats_doc,
    [VINV_DOC_HOST_NIC_STATS] = &host_nic_stats_doc,
    [VINV_DOC_DISK_STATS] = &disk_stats_doc,
    [VINV_DOC_DC_SDS] = &dc_sds_doc,
    [VINV_DOC_CLUSTER_NETWORKS] = &cluster_nets_doc,
    [VINV_DOC_TEMPLATE_DISK_ATTACHMENTS] = &template_disk_atts_doc,
    [VINV_DOC_TEMPLATE_NICS] = &template_nics_doc,
};

const VinvRecordSpec *
vinv_ovirt_doc_spec (VinvOvirtDoc doc)
{
    g_return_val_if_fail (doc < VINV_DOC_LAST, NULL);
    return doc_specs[doc];
}

int
vinv_ovirt_doc_parent_slot (VinvOvirtDoc doc)
{
    g_return_val_if_fail (doc < VINV_DOC_LAST, -1);
    guint n = doc_specs[doc]->n_slots;
    return n > 0 ? (int) n - 1 : -1;
}
