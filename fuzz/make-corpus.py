#!/usr/bin/env python3
"""make-corpus.py — writes the seed corpora of the fuzz targets into
fuzz/corpus/TARGET/ from what the tests already use.

Usage: fuzz/make-corpus.py BUILD_DIR      (a normal build, for ovirt-sim)

  fuzz-filter      every 'filter:' line of tests/data/filter/*.test, with
                   a few sort texts after a newline
  fuzz-config      the configuration examples below (every group kind,
                   lists, escapes, duplicates, secrets, comments)
  fuzz-ovirt-json  every document kind the oVirt back-end reads, as served
                   by tools/ovirt-sim --vms 1, one per file, and the small ones in one
  fuzz-domain-xml  every <domain>, <pool>, <volume> and <network> of the
                   libvirt test-driver files in tests/cli/data and data/demo
                   (the first six of each kind per file)

File names are the SHA-1 of the content, as libFuzzer names them."""

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def write(target, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def filters():
    sorts = ["", "name", "-memory,name", "-disks", "host,-status", "bogus"]
    n = 0
    for name in sorted(os.listdir(os.path.join(ROOT, "tests", "data", "filter"))):
        with open(os.path.join(ROOT, "tests", "data", "filter", name), encoding="utf-8") as f:
            for line in f:
                if line.startswith("filter:"):
                    text = line[len("filter:"):].strip()
                    write("fuzz-filter", (text + "\n" + sorts[n % len(sorts)]).encode())
                    n += 1


CONFIGS = [
    "[general]\ndefault-profile=lab\n\n[profile lab]\nuri=ovirt://engine.example.com;"
    "qemu+ssh://root@hv1/system;\nuser=admin@internal\nca-file=/tmp/ca.pem\ninsecure=false\n",
    "# comment\n[table vms]\ncolumns=name;status;memory;\nsort=-memory\n"
    "filter=status = up, memory > 4GB\n\n[view mine]\ntable=hosts\ncolumns=name;\n",
    "[profile a]\nuri=ovirt://admin:pw@e\npassword=x\ntoken=y\n[profile a]\nuri=test:///default\n",
    "[profile b]\nuri=a\\;b;c\\sd\\n;\nuser = x \n[unknown group]\nkey[de]=wert\nk=v\n",
    "[view v]\ntable=vms\ntable=hosts\nfilter=name = web.*\nsort=name\nsort=-name\n",
    "[profile x]\nuri=\n",
    "\xef\xbb\xbf[general]\r\ndefault-profile=none\r\n",
]


def configs():
    for text in CONFIGS:
        write("fuzz-config", text.encode("utf-8", "surrogateescape"))


# the documents in the order of vinv_ovirt_docs() (src/ovirt/documents.c),
# with the follow= the client asks for; VM, HOST ... are replaced by ids of
# the simulator's first entities
DOCS = [
    "/vms?follow=disk_attachments,nics.statistics,statistics,snapshots,reported_devices",
    "/vms/VM/diskattachments",
    "/vms/VM/nics",
    "/vms/VM/nics/VMNIC/statistics",
    "/vms/VM/statistics",
    "/vms/VM/snapshots",
    "/vms/VM/reporteddevices",
    "/hosts?follow=nics.statistics,statistics",
    "/hosts/HOST/nics",
    "/hosts/HOST/nics/HOSTNIC/statistics",
    "/hosts/HOST/statistics",
    "/disks?follow=statistics",
    "/disks/DISK/statistics",
    "/storagedomains",
    "/clusters?follow=networks",
    "/clusters/CLUSTER/networks",
    "/datacenters?follow=storage_domains",
    "/datacenters/DC/storagedomains",
    "/networks",
    "/vnicprofiles",
    "/templates?follow=disk_attachments,nics",
    "/templates/TEMPLATE/diskattachments",
    "/templates/TEMPLATE/nics",
    "/vmpools",
]


def record(kind, body, seed):
    body = body[:65535]
    return bytes([kind, len(body) >> 8, len(body) & 255, seed]) + body


def ovirt(build):
    sim = subprocess.Popen([os.path.join(build, "tools", "ovirt-sim", "ovirt-sim"), "-q",
                            "--vms", "1", "--port", "0"], stdout=subprocess.PIPE)
    try:
        line = sim.stdout.readline().decode()
        base = re.search(r"(http://\S+/ovirt-engine/api)", line).group(1)
        token = json.loads(urllib.request.urlopen(urllib.request.Request(
            base.replace("/api", "/sso/oauth/token"), method="POST",
            data=b"grant_type=password&scope=ovirt-app-api&username=admin%40internal"
                 b"&password=ovirt", headers={"Accept": "application/json"})).read())
        auth = {"Authorization": "Bearer " + token["access_token"],
                "Accept": "application/json"}

        def get(path):
            return urllib.request.urlopen(urllib.request.Request(base + path,
                                                                 headers=auth)).read()
        first = lambda path, key: json.loads(get(path))[key][0]["id"]
        ids = {"VM": first("/vms", "vm"), "HOST": first("/hosts", "host"),
               "DISK": first("/disks", "disk"), "DC": first("/datacenters", "data_center"),
               "CLUSTER": first("/clusters", "cluster"),
               "TEMPLATE": json.loads(get("/templates"))["template"][-1]["id"]}
        ids["VMNIC"] = first("/vms/%s/nics" % ids["VM"], "nic")
        ids["HOSTNIC"] = first("/hosts/%s/nics" % ids["HOST"], "host_nic")
        everything = b""
        for kind, path in enumerate(DOCS):
            for k, v in sorted(ids.items(), key=lambda kv: -len(kv[0])):
                for end in ("/", "?"):
                    path = path.replace("/" + k + end, "/" + v + end)
                if path.endswith("/" + k):
                    path = path[:-len(k)] + v
            body = get(path)
            write("fuzz-ovirt-json", record(kind, body, kind * 37 % 256))
            if len(body) < 8192:
                everything += record(kind, body, kind)
        write("fuzz-ovirt-json", everything)
        write("fuzz-ovirt-json", record(0, b"{}", 0) + record(23, b"[{\"vm_pool\":[]}]", 1))
    finally:
        sim.send_signal(signal.SIGTERM)
        sim.wait()


def domains():
    files = [os.path.join(ROOT, "tests", "cli", "data", n)
             for n in sorted(os.listdir(os.path.join(ROOT, "tests", "cli", "data")))]
    files += [os.path.join(ROOT, "data", "demo", n)
              for n in sorted(os.listdir(os.path.join(ROOT, "data", "demo")))
              if n.endswith(".xml")]
    kinds = [("domain", 0), ("pool", 1), ("volume", 2), ("network", 3)]
    for path in files:
        with open(path, "rb") as f:
            text = f.read()
        for tag, selector in kinds:
            found = re.finditer(rb"<%s[ >].*?</%s>" % (tag.encode(), tag.encode()), text, re.S)
            for m in list(found)[:6]:       # a few of each kind per file is variety enough
                write("fuzz-domain-xml", bytes([selector]) + m.group(0))
    write("fuzz-domain-xml", b"\x04<domainsnapshot><name>s1</name><state>running</state>"
          b"<memory snapshot='internal'/><disks><disk name='vda' snapshot='external'/>"
          b"</disks></domainsnapshot>")
    write("fuzz-domain-xml", b"\x05<sysinfo type='smbios'><system><entry name='uuid'>"
          b"4c4c4544-0000-1000-8000-000000000001</entry></system></sysinfo>")


def main():
    build = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(ROOT, "build")
    filters()
    configs()
    ovirt(build)
    domains()
    for t in sorted(os.listdir(os.path.join(HERE, "corpus"))):
        print("%s: %d seeds" % (t, len(os.listdir(os.path.join(HERE, "corpus", t)))))


if __name__ == "__main__":
    main()
