#!/usr/bin/env python3
"""check-demo.py — the built-in demo as virt-inventory shows it, checked
against what virsh says about the same libvirt test-driver files.

Usage: check-demo.py EXECUTABLE DEMO_DIR

Runs `virt-inventory -q ...` with VINV_DEMO_DIR=DEMO_DIR (no -c: the demo
path of the tool itself) and compares, per hypervisor file listed in
DEMO_DIR/demo.uris: the VM names, the number of storage pools, networks,
VM NICs and snapshots, and that every table has the sum of the sources;
and the columns the core computes (src/core/computed.c): each host's
running vCPUs and memory (from `virsh dominfo` of every domain that is not
shut off or crashed: CPU(s) and Max memory, the <memory> the Memory column
shows) and each VM's snapshot count.
virsh is an independent client of the same files, so a mapping error in
the back-end or a merge error in the CLI shows up as a count that differs.
Output is TAP; without virsh the whole test is skipped.
"""

import csv
import io
import os
import shutil
import subprocess
import sys


def run(argv, env=None):
    return subprocess.run(argv, env=env, check=True, capture_output=True,
                          text=True).stdout


def names(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def main():
    exe, demo_dir = sys.argv[1], os.path.realpath(sys.argv[2])
    if shutil.which("virsh") is None:
        print("1..0 # SKIP virsh is not installed")
        return 0

    uris = []
    with open(os.path.join(demo_dir, "demo.uris"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                path = line if os.path.isabs(line) else os.path.join(demo_dir, line)
                uris.append((os.path.splitext(os.path.basename(line))[0],
                             "test://" + os.path.realpath(path)))

    env = dict(os.environ)
    env["VINV_DEMO_DIR"] = demo_dir
    env["XDG_CONFIG_HOME"] = os.path.join(demo_dir, "nonexistent-config-dir")
    env.pop("VIRT_INVENTORY_PASSWORD", None)

    def vinv(*args):
        return run([exe, "-q"] + list(args), env)

    tables = {r["ID"]: int(r["Rows"]) for r in csv_rows(vinv("tables", "--format", "csv"))}
    vms = csv_rows(vinv("show", "vms", "-o", "source,name", "--format", "csv"))
    pools = csv_rows(vinv("show", "pools", "-o", "source,name", "--format", "csv"))
    nets = csv_rows(vinv("show", "networks", "-o", "source,name", "--format", "csv"))
    nics = csv_rows(vinv("show", "vm_nics", "-o", "source", "--format", "csv"))
    snaps = csv_rows(vinv("show", "snapshots", "-o", "source", "--format", "csv"))
    hosts = csv_rows(vinv("show", "hosts", "-o", "source,running_vcpus,running_memory",
                          "--format", "csv"))
    vm_snaps = csv_rows(vinv("show", "vms", "-o", "source,name,snapshot_count",
                             "--format", "csv"))

    checks = []

    def check(name, got, expected):
        checks.append((name, got == expected, got, expected))

    check("one Hosts row per demo connection", tables.get("hosts"), len(uris))
    totals = {"vms": 0, "storage_domains": 0, "networks": 0, "vm_nics": 0, "snapshots": 0}
    for source, uri in uris:
        domains = sorted(names(run(["virsh", "-c", uri, "list", "--all", "--name"])))
        vpools = sorted(names(run(["virsh", "-c", uri, "pool-list", "--all", "--name"])))
        vnets = sorted(names(run(["virsh", "-c", uri, "net-list", "--all", "--name"])))
        # One virsh process per hypervisor: commands separated by ';'.
        iflist = run(["virsh", "-c", uri, "; ".join("domiflist '%s'" % d for d in domains)])
        n_nics = sum(1 for line in iflist.splitlines()
                     if line.split() and line.split()[-1].count(":") == 5)
        snaplist = run(["virsh", "-c", uri,
                        "; ".join("snapshot-list '%s' --name" % d for d in domains)])
        n_snaps = len(names(snaplist))
        per_vm_snaps = {d: len(names(run(["virsh", "-c", uri, "snapshot-list", d, "--name"])))
                        for d in domains}
        info = run(["virsh", "-c", uri, "; ".join("dominfo '%s'" % d for d in domains)])
        vcpus, memory_kib = 0, 0
        for block in info.split("\n\n"):
            fields = dict(line.split(":", 1) for line in block.splitlines() if ":" in line)
            state = fields.get("State", "").strip()
            if state and state not in ("shut off", "crashed"):
                vcpus += int(fields["CPU(s)"])
                memory_kib += int(fields["Max memory"].split()[0])
        host = next(r for r in hosts if r["Source"] == source)
        check("%s: host's running vCPUs (computed)" % source, host["Running vCPUs"], str(vcpus))
        # "Running VMs memory (GB)" in CSV: the value in GB, full precision
        check("%s: host's running VMs memory (computed)" % source,
              round(float(host["Running VMs memory (GB)"]) * 1024 * 1024, 3),
              float(memory_kib))
        check("%s: snapshot count of each VM (computed)" % source,
              {r["Name"]: int(r["Snapshot count"]) for r in vm_snaps if r["Source"] == source},
              per_vm_snaps)

        check("%s: VM names" % source,
              sorted(r["Name"] for r in vms if r["Source"] == source), domains)
        check("%s: storage pools" % source,
              sorted(r["Name"] for r in pools if r["Source"] == source), vpools)
        check("%s: networks" % source,
              sorted(r["Name"] for r in nets if r["Source"] == source), vnets)
        # libvirt lists in hash order; the back-end gives rows in name order
        check("%s: VMs in name order without a sort" % source,
              [r["Name"] for r in vms if r["Source"] == source], domains)
        check("%s: pools in name order without a sort" % source,
              [r["Name"] for r in pools if r["Source"] == source], vpools)
        check("%s: networks in name order without a sort" % source,
              [r["Name"] for r in nets if r["Source"] == source], vnets)
        check("%s: VM NICs" % source, sum(1 for r in nics if r["Source"] == source), n_nics)
        check("%s: snapshots" % source,
              sum(1 for r in snaps if r["Source"] == source), n_snaps)
        totals["vms"] += len(domains)
        totals["storage_domains"] += len(vpools)
        totals["networks"] += len(vnets)
        totals["vm_nics"] += n_nics
        totals["snapshots"] += n_snaps
    for table, total in totals.items():
        check("tables: %s rows = sum over the sources" % table, tables.get(table), total)

    print("1..%d" % len(checks))
    failed = 0
    for i, (name, ok, got, expected) in enumerate(checks, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            print("# virt-inventory: %r" % (got,))
            print("# virsh:          %r" % (expected,))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
