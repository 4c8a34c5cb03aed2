/* networks.c — the Networks table (libvirt virtual networks) and the VM
 * NICs table (the <interface> elements of each domain), linked to each
 * other: a NIC belongs to the network it names, or to the network whose
 * bridge it is plugged into.
 *
 * Relies on virConnectListAllNetworks and each network's XML (read by
 * xml-desc.c), on the domain definitions domains.c read, and on the
 * interface statistics of the bulk call (stats.c).
 */
#include "fetch-private.h"

#include <string.h>

void
fetch_net_free (gpointer data)
{
    Net *n = data;

    vinv_network_desc_free (n->desc);
    g_free (n->id);
    g_ptr_array_unref (n->vms);
    g_ptr_array_unref (n->nics);
    g_free (n);
}

void
fetch_nic_row_free (gpointer data)
{
    NicRow *n = data;

    g_free (n->id);
    g_free (n->name);
    g_free (n);
}

/* libvirt lists objects in hash order, which differs between runs; rows
 * come in name order instead, so the same connection always gives the same
 * table order. */

static int
cmp_network_name (const void *a, const void *b)
{
    return g_strcmp0 (virNetworkGetName (*(virNetworkPtr const *) a),
                      virNetworkGetName (*(virNetworkPtr const *) b));
}

void
fetch_networks (Fetch *f)
{
    virNetworkPtr *list = NULL;
    int n = virConnectListAllNetworks (f->conn, &list, 0);

    if (n < 0) {
        fetch_table_error (f, VINV_TABLE_NET, "networks");
        f->failed_phases++;
        return;
    }
    qsort (list, n, sizeof *list, cmp_network_name);
    for (int i = 0; i < n; i++) {
        char *xml = virNetworkGetXMLDesc (list[i], 0);
        g_autoptr(VinvNetworkDesc) desc = xml != NULL ? vinv_network_desc_parse (xml, NULL)
                                                      : NULL;
        char uuid[VIR_UUID_STRING_BUFLEN];
        Net *net;

        free (xml);
        if (desc == NULL) {
            desc = g_new0 (VinvNetworkDesc, 1);
            desc->name = g_strdup (virNetworkGetName (list[i]));
            desc->stp = -1;
        }
        net = g_new0 (Net, 1);
        net->id = g_strdup (virNetworkGetUUIDString (list[i], uuid) == 0 ? uuid : desc->name);
        net->desc = g_steal_pointer (&desc);
        net->active = virNetworkIsActive (list[i]);
        if (virNetworkGetAutostart (list[i], &net->autostart) < 0)
            net->autostart = -1;
        net->vms = g_ptr_array_new ();
        net->nics = g_ptr_array_new ();
        g_ptr_array_add (f->nets, net);
        if (net->desc->name != NULL)
            g_hash_table_insert (f->net_by_name, net->desc->name, net);
        if (net->desc->bridge != NULL)
            g_hash_table_insert (f->net_by_bridge, net->desc->bridge, net);
        virNetworkFree (list[i]);
    }
    free (list);
    virResetLastError ();
}

void
fetch_link_nics (Fetch *f, Vm *vm)
{
    for (guint i = 0; i < vm->desc->nics->len; i++) {
        const VinvNicDesc *desc = g_ptr_array_index (vm->desc->nics, i);
        NicRow *nic = g_new0 (NicRow, 1);
        const DevStat *s = fetch_find_dev_stat (vm->nets, desc->target_dev, i);

        nic->vm = vm;
        nic->desc = desc;
        nic->id = desc->mac != NULL ? g_strdup_printf ("%s/%s", vm->uuid, desc->mac)
                                    : g_strdup_printf ("%s/net%u", vm->uuid, i);
        nic->name = desc->target_dev != NULL ? g_strdup (desc->target_dev)
                                             : g_strdup_printf ("net%u", i);
        if (desc->network != NULL)
            nic->net = g_hash_table_lookup (f->net_by_name, desc->network);
        if (nic->net == NULL && desc->bridge != NULL)
            nic->net = g_hash_table_lookup (f->net_by_bridge, desc->bridge);
        if (nic->net != NULL) {
            fetch_add_once (nic->net->vms, vm);
            g_ptr_array_add (nic->net->nics, nic);
        }
        if (s != NULL && s->have != 0) {
            nic->have_stats = TRUE;
            nic->rx_bytes = s->v[NET_RX_BYTES];
            nic->rx_errs = s->v[NET_RX_ERRS];
            nic->rx_drop = s->v[NET_RX_DROP];
            nic->tx_bytes = s->v[NET_TX_BYTES];
            nic->tx_errs = s->v[NET_TX_ERRS];
            nic->tx_drop = s->v[NET_TX_DROP];
        }
        g_ptr_array_add (vm->nics, nic);
        g_ptr_array_add (f->nic_rows, nic);
    }
}

void
fetch_emit_networks (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_NET);

    for (guint i = 0; i < f->nets->len; i++) {
        Net *net = g_ptr_array_index (f->nets, i);
        guint row = vinv_table_add_row (t, f->source, net->id);
        VinvItem host = { f->host.name, f->host.id };
        GPtrArray *buf;

        vinv_table_set_string (t, row, VINV_NET_NAME, net->desc->name);
        vinv_table_set_string (t, row, VINV_NET_FORWARD, net->desc->forward);
        vinv_table_set_string (t, row, VINV_NET_BRIDGE, net->desc->bridge);
        vinv_table_set_string (t, row, VINV_NET_ADDRESS, net->desc->address);
        if (net->desc->mtu > 0)
            vinv_table_set_int (t, row, VINV_NET_MTU, net->desc->mtu);
        fetch_set_bool_known (t, row, VINV_NET_STP, net->desc->stp);
        fetch_set_bool_known (t, row, VINV_NET_ACTIVE, net->active);
        fetch_set_bool_known (t, row, VINV_NET_AUTOSTART, net->autostart);
        vinv_table_set_list (t, row, VINV_NET_HOSTS, &host, 1);

        buf = fetch_items_begin (f);
        for (guint k = 0; k < net->vms->len; k++) {
            Vm *vm = g_ptr_array_index (net->vms, k);
            fetch_items_add (buf, vm->name, vm->uuid);
        }
        fetch_items_set (t, row, VINV_NET_VMS, buf);

        buf = fetch_items_begin (f);
        for (guint k = 0; k < net->nics->len; k++) {
            NicRow *nic = g_ptr_array_index (net->nics, k);
            fetch_items_add (buf, nic->name, nic->id);
        }
        fetch_items_set (t, row, VINV_NET_NICS, buf);
    }
}

void
fetch_emit_nics (Fetch *f)
{
    VinvTable *t = vinv_inventory_ensure_table (f->inv, VINV_TABLE_VMNIC);

    for (guint i = 0; i < f->nic_rows->len; i++) {
        NicRow *nic = g_ptr_array_index (f->nic_rows, i);
        const VinvNicDesc *d = nic->desc;
        guint row = vinv_table_add_row (t, f->source, nic->id);
        const char *bridge = d->bridge != NULL ? d->bridge : d->dev;
        const GPtrArray *addrs;

        if (bridge == NULL && nic->net != NULL)
            bridge = nic->net->desc->bridge;
        vinv_table_set_ref (t, row, VINV_VMNIC_VM, nic->vm->name, nic->vm->uuid);
        vinv_table_set_string (t, row, VINV_VMNIC_NAME, nic->name);
        vinv_table_set_string (t, row, VINV_VMNIC_MAC, d->mac);
        vinv_table_set_string (t, row, VINV_VMNIC_INTERFACE, d->model);
        vinv_table_set_string (t, row, VINV_VMNIC_TYPE, d->type);
        vinv_table_set_string (t, row, VINV_VMNIC_BRIDGE, bridge);
        vinv_table_set_bool (t, row, VINV_VMNIC_LINKED, d->link_up);
        vinv_table_set_ref (t, row, VINV_VMNIC_HOST, f->host.name, f->host.id);
        if (nic->net != NULL)
            vinv_table_set_ref (t, row, VINV_VMNIC_NETWORK, nic->net->desc->name, nic->net->id);
        else if (d->network != NULL)
            vinv_table_set_ref (t, row, VINV_VMNIC_NETWORK, d->network, NULL);
        if (fetch_guest_nic_addrs (nic->vm, d->mac, &addrs)) {
            GPtrArray *buf = fetch_items_begin (f);

            for (guint k = 0; addrs != NULL && k < addrs->len; k++)
                fetch_items_add (buf, g_ptr_array_index (addrs, k), NULL);
            fetch_items_set (t, row, VINV_VMNIC_IP_ADDRESSES, buf);
        }
        if (nic->have_stats) {
            vinv_table_set_quantity (t, row, VINV_VMNIC_RX_TOTAL, (double) nic->rx_bytes);
            vinv_table_set_quantity (t, row, VINV_VMNIC_TX_TOTAL, (double) nic->tx_bytes);
            vinv_table_set_int (t, row, VINV_VMNIC_RX_ERRORS, (gint64) nic->rx_errs);
            vinv_table_set_int (t, row, VINV_VMNIC_TX_ERRORS, (gint64) nic->tx_errs);
            vinv_table_set_int (t, row, VINV_VMNIC_RX_DROPS, (gint64) nic->rx_drop);
            vinv_table_set_int (t, row, VINV_VMNIC_TX_DROPS, (gint64) nic->tx_drop);
        }
    }
}
