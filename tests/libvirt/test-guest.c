/* test-guest.c — the mapping of what a guest reports (guest.c) into the
 * VM and VM NIC cells, on hand-made answers of virDomainInterfaceAddresses
 * and virDomainGetGuestInfo: addresses per NIC by MAC in any case,
 * loopback left out, each address once per VM, what the agent's silence
 * on a NIC means compared with the leases' silence, and the host name and
 * OS fields.  The calls themselves are tested against the test driver
 * (test-test-driver.c) and a real QEMU guest (test-qemu-guest.c).
 */
#include <string.h>

#include "fetch-private.h"

typedef struct {
    const char *name;
    const char *hwaddr;
    const char *addrs[4];
} IfaceCase;

/* Builds libvirt's structs for @cases (freed by free_ifaces). */
static virDomainInterfacePtr *
make_ifaces (const IfaceCase *cases, guint n)
{
    virDomainInterfacePtr *ifaces = g_new0 (virDomainInterfacePtr, n);

    for (guint i = 0; i < n; i++) {
        guint naddrs = 0;

        ifaces[i] = g_new0 (virDomainInterface, 1);
        ifaces[i]->name = (char *) cases[i].name;
        ifaces[i]->hwaddr = (char *) cases[i].hwaddr;
        while (naddrs < G_N_ELEMENTS (cases[i].addrs) && cases[i].addrs[naddrs] != NULL)
            naddrs++;
        ifaces[i]->naddrs = naddrs;
        ifaces[i]->addrs = g_new0 (virDomainIPAddress, MAX (naddrs, 1));
        for (guint k = 0; k < naddrs; k++) {
            ifaces[i]->addrs[k].addr = (char *) cases[i].addrs[k];
            ifaces[i]->addrs[k].type = strchr (cases[i].addrs[k], ':') != NULL
                                       ? VIR_IP_ADDR_TYPE_IPV6 : VIR_IP_ADDR_TYPE_IPV4;
            ifaces[i]->addrs[k].prefix = 24;
        }
    }
    return ifaces;
}

static void
free_ifaces (virDomainInterfacePtr *ifaces, guint n)
{
    for (guint i = 0; i < n; i++) {
        g_free (ifaces[i]->addrs);
        g_free (ifaces[i]);
    }
    g_free (ifaces);
}

static char *
joined (const GPtrArray *addrs)
{
    g_autoptr(GString) s = g_string_new (NULL);

    for (guint i = 0; addrs != NULL && i < addrs->len; i++)
        g_string_append_printf (s, "%s%s", i > 0 ? "," : "",
                                (const char *) g_ptr_array_index (addrs, i));
    return g_string_free (g_steal_pointer (&s), FALSE);
}

static const IfaceCase agent_answer[] = {
    { "lo", "00:00:00:00:00:00", { "127.0.0.1", "::1" } },
    { "eth0", "52:54:00:AA:00:01", { "192.0.2.10", "2001:db8::10", "fe80::5054:ff:feaa:1" } },
    { "eth1", "52:54:00:aa:00:02", { "198.51.100.7" } },
    { "docker0", "02:42:ac:11:00:01", { "172.17.0.1", "192.0.2.10" } },
    { "tun0", NULL, { "10.8.0.6" } },
};

static void
test_agent (void)
{
    Vm vm = { 0 };
    virDomainInterfacePtr *ifaces = make_ifaces (agent_answer, G_N_ELEMENTS (agent_answer));
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    const GPtrArray *addrs;
    g_autofree char *text = NULL;
    g_autofree char *all_text = NULL;

    fetch_take_interfaces (&vm, ifaces, G_N_ELEMENTS (agent_answer), GUEST_AGENT);
    free_ifaces (ifaces, G_N_ELEMENTS (agent_answer));   /* nothing borrowed */

    /* A NIC by its MAC, whatever the case. */
    g_assert_true (fetch_guest_nic_addrs (&vm, "52:54:00:aa:00:01", &addrs));
    text = joined (addrs);
    g_assert_cmpstr (text, ==, "192.0.2.10,2001:db8::10,fe80::5054:ff:feaa:1");
    g_assert_true (fetch_guest_nic_addrs (&vm, "52:54:00:AA:00:02", &addrs));
    g_assert_cmpuint (addrs->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (addrs, 0), ==, "198.51.100.7");

    /* The agent lists every interface: a NIC it does not list has no
     * address (known, empty); a NIC without a MAC cannot be matched. */
    g_assert_true (fetch_guest_nic_addrs (&vm, "52:54:00:aa:00:99", &addrs));
    g_assert_null (addrs);
    g_assert_false (fetch_guest_nic_addrs (&vm, NULL, &addrs));

    /* The VM: every address but loopback, each once, in the guest's order. */
    g_assert_true (fetch_guest_vm_addrs (&vm, all));
    all_text = joined (all);
    g_assert_cmpstr (all_text, ==, "192.0.2.10,2001:db8::10,fe80::5054:ff:feaa:1,198.51.100.7,"
                     "172.17.0.1,10.8.0.6");
    fetch_guest_clear (&vm);
    g_assert_null (vm.guest_ifaces);
    g_assert_cmpint (vm.guest_source, ==, GUEST_NONE);
}

static void
test_leases (void)
{
    static const IfaceCase lease[] = {
        { "vnet3", "52:54:00:aa:00:01", { "192.168.122.45" } },
    };
    Vm vm = { 0 };
    virDomainInterfacePtr *ifaces = make_ifaces (lease, G_N_ELEMENTS (lease));
    g_autoptr(GPtrArray) all = g_ptr_array_new ();
    const GPtrArray *addrs;

    fetch_take_interfaces (&vm, ifaces, G_N_ELEMENTS (lease), GUEST_LEASE);
    free_ifaces (ifaces, G_N_ELEMENTS (lease));
    g_assert_true (fetch_guest_nic_addrs (&vm, "52:54:00:AA:00:01", &addrs));
    g_assert_cmpstr (g_ptr_array_index (addrs, 0), ==, "192.168.122.45");
    /* Leases only know NICs on libvirt's networks: silence is not "none". */
    g_assert_false (fetch_guest_nic_addrs (&vm, "52:54:00:aa:00:02", &addrs));
    g_assert_true (fetch_guest_vm_addrs (&vm, all));
    g_assert_cmpuint (all->len, ==, 1);
    fetch_guest_clear (&vm);

    /* No lease at all: the VM's addresses are not known either. */
    fetch_take_interfaces (&vm, NULL, 0, GUEST_LEASE);
    g_ptr_array_set_size (all, 0);
    g_assert_false (fetch_guest_vm_addrs (&vm, all));
    g_assert_cmpuint (all->len, ==, 0);
    fetch_guest_clear (&vm);

    /* Never asked (a VM that is not running): nothing known. */
    g_assert_false (fetch_guest_vm_addrs (&vm, all));
    g_assert_false (fetch_guest_nic_addrs (&vm, "52:54:00:aa:00:01", &addrs));
}

static void
add_string (virTypedParameterPtr *params, int *n, int *max, const char *field,
            const char *value)
{
    g_assert_cmpint (virTypedParamsAddString (params, n, max, field, value), ==, 0);
}

static void
test_guest_info (void)
{
    Vm vm = { 0 };
    virTypedParameterPtr params = NULL;
    int n = 0;
    int max = 0;

    add_string (&params, &n, &max, "hostname", "db-prod-01.example.com");
    add_string (&params, &n, &max, "os.id", "debian");
    add_string (&params, &n, &max, "os.name", "Debian GNU/Linux");
    add_string (&params, &n, &max, "os.version", "12 (bookworm)");
    add_string (&params, &n, &max, "os.pretty-name", "Debian GNU/Linux 12 (bookworm)");
    fetch_take_guest_info (&vm, params, n);
    g_assert_cmpstr (vm.guest_hostname, ==, "db-prod-01.example.com");
    g_assert_cmpstr (vm.guest_os, ==, "Debian GNU/Linux 12 (bookworm)");
    virTypedParamsFree (params, n);
    fetch_guest_clear (&vm);

    /* No pretty name (Windows agents): name and version. */
    params = NULL;
    n = max = 0;
    add_string (&params, &n, &max, "os.name", "Microsoft Windows Server 2022");
    add_string (&params, &n, &max, "os.version", "10.0");
    add_string (&params, &n, &max, "hostname", "");
    fetch_take_guest_info (&vm, params, n);
    g_assert_null (vm.guest_hostname);
    g_assert_cmpstr (vm.guest_os, ==, "Microsoft Windows Server 2022 10.0");
    virTypedParamsFree (params, n);
    fetch_guest_clear (&vm);

    /* Nothing useful: nothing set. */
    fetch_take_guest_info (&vm, NULL, 0);
    g_assert_null (vm.guest_hostname);
    g_assert_null (vm.guest_os);
}

int
main (int argc, char **argv)
{
    g_test_init (&argc, &argv, NULL);
    vinv_libvirt_register ();     /* libvirt's per-thread error state */
    g_test_add_func ("/guest/agent", test_agent);
    g_test_add_func ("/guest/leases", test_leases);
    g_test_add_func ("/guest/info", test_guest_info);
    return g_test_run ();
}
