/* guest.c — what a running guest says about itself: the IP addresses of
 * its NICs (VM NICs: IP addresses; VMs: IP addresses), its host name
 * (VMs: FQDN) and its operating system (VMs: Guest OS).
 *
 * Relies on virDomainInterfaceAddresses and virDomainGetGuestInfo.  The
 * guest agent is asked only when the connection is read-write (libvirt
 * refuses agent calls on read-only ones) and the domain's definition
 * shows an agent connected, with libvirt's agent response timeout set to
 * GUEST_AGENT_TIMEOUT_S first, so a guest whose agent hangs costs at most
 * that per call — on a worker thread, in parallel with the other domains.
 * Otherwise the addresses come from libvirt's DHCP leases (read-only,
 * no guest involved), which only know NICs on libvirt's own networks.
 * Any failure leaves the cells empty: no value, never a guess.
 */
#include "fetch-private.h"

#include <string.h>

/* Seconds libvirt waits for a guest agent's answer. */
#define GUEST_AGENT_TIMEOUT_S 1

static void
guest_iface_free (gpointer data)
{
    GuestIface *g = data;

    g_free (g->mac);
    g_ptr_array_unref (g->addrs);
    g_free (g);
}

void
fetch_guest_clear (Vm *vm)
{
    g_clear_pointer (&vm->guest_ifaces, g_ptr_array_unref);
    g_clear_pointer (&vm->guest_hostname, g_free);
    g_clear_pointer (&vm->guest_os, g_free);
    vm->guest_source = GUEST_NONE;
}

/* TRUE for a loopback address (127.0.0.0/8, ::1): the guest's own, of no
 * use to anyone else. */
static gboolean
is_loopback (const char *addr)
{
    return g_str_has_prefix (addr, "127.") || strcmp (addr, "::1") == 0;
}

void
fetch_take_interfaces (Vm *vm, virDomainInterfacePtr *ifaces, int n, GuestSource source)
{
    g_clear_pointer (&vm->guest_ifaces, g_ptr_array_unref);
    vm->guest_ifaces = g_ptr_array_new_with_free_func (guest_iface_free);
    vm->guest_source = source;
    for (int i = 0; i < n; i++) {
        const virDomainInterface *in = ifaces[i];
        GuestIface *g = g_new0 (GuestIface, 1);

        g->mac = in->hwaddr != NULL ? g_ascii_strdown (in->hwaddr, -1) : NULL;
        g->addrs = g_ptr_array_new_with_free_func (g_free);
        for (unsigned int k = 0; k < in->naddrs; k++) {
            const char *addr = in->addrs[k].addr;

            if (addr != NULL && !is_loopback (addr))
                g_ptr_array_add (g->addrs, g_strdup (addr));
        }
        g_ptr_array_add (vm->guest_ifaces, g);
    }
}

static void
set_str (char **field, const char *value)
{
    g_free (*field);
    *field = g_strdup (value);
}

void
fetch_take_guest_info (Vm *vm, virTypedParameterPtr params, int nparams)
{
    const char *pretty = NULL;
    const char *name = NULL;
    const char *version = NULL;

    for (int i = 0; i < nparams; i++) {
        const virTypedParameter *p = &params[i];

        if (p->type != VIR_TYPED_PARAM_STRING || p->value.s == NULL || *p->value.s == '\0')
            continue;
        if (strcmp (p->field, "hostname") == 0)
            set_str (&vm->guest_hostname, p->value.s);
        else if (strcmp (p->field, "os.pretty-name") == 0)
            pretty = p->value.s;
        else if (strcmp (p->field, "os.name") == 0)
            name = p->value.s;
        else if (strcmp (p->field, "os.version") == 0)
            version = p->value.s;
    }
    /* "Debian GNU/Linux 12 (bookworm)"; else "NAME VERSION". */
    g_free (vm->guest_os);
    vm->guest_os = pretty != NULL ? g_strdup (pretty)
                   : name != NULL && version != NULL ? g_strdup_printf ("%s %s", name, version)
                   : g_strdup (name);
}

gboolean
fetch_guest_nic_addrs (const Vm *vm, const char *mac, const GPtrArray **addrs)
{
    g_autofree char *lower = NULL;

    *addrs = NULL;
    if (vm->guest_ifaces == NULL || mac == NULL)
        return FALSE;
    lower = g_ascii_strdown (mac, -1);
    for (guint i = 0; i < vm->guest_ifaces->len; i++) {
        const GuestIface *g = g_ptr_array_index (vm->guest_ifaces, i);

        if (g_strcmp0 (g->mac, lower) == 0) {
            *addrs = g->addrs;
            return TRUE;
        }
    }
    /* The agent lists every interface of the guest: this NIC has no
     * address there.  The leases knowing nothing of it says nothing. */
    return vm->guest_source == GUEST_AGENT;
}

gboolean
fetch_guest_vm_addrs (const Vm *vm, GPtrArray *out)
{
    guint start = out->len;

    if (vm->guest_ifaces == NULL)
        return FALSE;
    for (guint i = 0; i < vm->guest_ifaces->len; i++) {
        const GuestIface *g = g_ptr_array_index (vm->guest_ifaces, i);

        for (guint k = 0; k < g->addrs->len; k++) {
            const char *addr = g_ptr_array_index (g->addrs, k);
            gboolean seen = FALSE;

            for (guint j = start; j < out->len && !seen; j++)
                seen = strcmp (g_ptr_array_index (out, j), addr) == 0;
            if (!seen)
                g_ptr_array_add (out, (gpointer) addr);
        }
    }
    /* The leases knowing nothing is not "no address". */
    return vm->guest_source == GUEST_AGENT || out->len > start;
}

/* Addresses from @source; FALSE if libvirt could not say. */
static gboolean
read_addresses (Vm *vm, unsigned int source, GuestSource kind)
{
    virDomainInterfacePtr *ifaces = NULL;
    int n = virDomainInterfaceAddresses (vm->dom, &ifaces, source, 0);

    if (n < 0) {
        virResetLastError ();
        return FALSE;
    }
    fetch_take_interfaces (vm, ifaces, n, kind);
    for (int i = 0; i < n; i++)
        virDomainInterfaceFree (ifaces[i]);
    free (ifaces);
    return TRUE;
}

void
fetch_read_guest (Fetch *f, Vm *vm)
{
    gboolean agent = f->be->read_write && vm->desc != NULL && vm->desc->agent_connected;

    if (!vm->active)
        return;
    if (agent && virDomainAgentSetResponseTimeout (vm->dom, GUEST_AGENT_TIMEOUT_S, 0) < 0)
        agent = FALSE;   /* never risk libvirt's default wait */
    if (agent) {
        virTypedParameterPtr params = NULL;
        int nparams = 0;

        if (virDomainGetGuestInfo (vm->dom, VIR_DOMAIN_GUEST_INFO_HOSTNAME
                                   | VIR_DOMAIN_GUEST_INFO_OS, &params, &nparams, 0) == 0) {
            fetch_take_guest_info (vm, params, nparams);
            virTypedParamsFree (params, nparams);
        }
        if (read_addresses (vm, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, GUEST_AGENT))
            goto out;
    }
    read_addresses (vm, VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, GUEST_LEASE);
out:
    virResetLastError ();
}
