#!/usr/bin/env python3
"""replay-2018 — replays the 2018 ovirt-inventory's start-up requests
(shared/BASELINE-2018.md) against an oVirt engine or ovirt-sim, or counts
them without sending any.

The walk below is the baseline document turned into code: every tab in the
document's order, every GET in its order, one at a time over one keep-alive
connection (http.client), reading the ids it follows from the responses, as
the 2018 tool's per-entity classes did.  It is the same function in both
modes:

  live   (--url): each GET is sent and its JSON body parsed.  Prints
         {"mode": "live", "requests": N, "seconds": S, "bytes": B}, with N
         counting the token request too.
  count  (--truth FILE, from `ovirt-sim --dump-truth`): each GET is answered
         from the simulator's ground truth with the few fields the walk reads
         (ids and the references it follows), and only counted.  Walking
         O(disks x VMs) loops one GET at a time would take hours at 10,000
         VMs even without a network, so in this mode an inner scan that does
         not depend on the outer row ("GET /vms, then per VM ...") is walked
         once and its count reused each later time: the same numbers, by
         multiplication.  Prints {"mode": "count", "requests": N,
         "by_class": {...}} with the classes ovirt-sim's /sim/stats uses.

bench/run checks that both modes give the same total and the same per-class
counts at the sizes it replays live; that is what makes the counts at
larger sizes trustworthy.

Where the document leaves room, this reading is taken (and documented in
BENCHMARKS.md): "twice" means two more GETs of the same URL where the text
says so ("cluster version: GET /clusters/CID twice" is two GETs besides the
cluster-name GET); a reference the entity does not have (a VM that is not
running has no host, the Blank template no cluster, a NIC without a vNIC
profile) costs no GET; "MAC address and interface: each repeats the whole VM
scan twice" is four VM scans besides the VMs column's own.

Python 3 standard library only.
"""

import argparse
import collections
import http.client
import json
import sys
import time
import urllib.parse

# collection URL segment -> the JSON key of its members
MEMBER_KEY = {
    "vms": "vm", "hosts": "host", "disks": "disk", "storagedomains": "storage_domain",
    "clusters": "cluster", "datacenters": "data_center", "templates": "template",
    "vnicprofiles": "vnic_profile", "networks": "network",
    "diskattachments": "disk_attachment", "nics": "nic", "statistics": "statistic",
    "networkattachments": "network_attachment", "graphicsconsoles": "graphics_console",
}


def path_class(api, path):
    """The /sim/stats class of a GET: id segments replaced by ID."""
    segs = path.split("/")
    return "GET " + api + "/" + "/".join("ID" if i % 2 else s for i, s in enumerate(segs))


class Live:
    """Sends each GET over one keep-alive connection and parses the body."""

    def __init__(self, url, user, password):
        parsed = urllib.parse.urlsplit(url)
        self.api = parsed.path.rstrip("/")
        self.conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=600)
        self.requests = 0
        self.bytes = 0
        body = urllib.parse.urlencode({
            "grant_type": "password", "scope": "ovirt-app-api",
            "username": user, "password": password})
        self.conn.request("POST", "/ovirt-engine/sso/oauth/token", body, {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded"})
        resp = self.conn.getresponse()
        data = resp.read()
        self.requests += 1
        if resp.status != 200:
            sys.exit("replay-2018: token request: HTTP %d" % resp.status)
        self.headers = {"Authorization": "Bearer " + json.loads(data)["access_token"],
                        "Accept": "application/json"}

    def get(self, path):
        self.conn.request("GET", self.api + "/" + path, headers=self.headers)
        resp = self.conn.getresponse()
        data = resp.read()
        self.requests += 1
        self.bytes += len(data)
        if resp.status != 200:
            sys.exit("replay-2018: GET %s: HTTP %d" % (path, resp.status))
        return json.loads(data) if data else {}

    def scan(self, key, fn):
        fn()


class Count:
    """Answers each GET from the ground truth and counts it."""

    def __init__(self, truth):
        self.api = truth["api"]
        self.requests = 1                         # the token request
        self.by_class = collections.Counter()
        self.by_class["POST /ovirt-engine/sso/oauth/token"] = 1
        self.memo = {}
        self.index = {}
        for kind in ("vms", "hosts", "disks", "storage_domains", "clusters", "data_centers",
                     "templates", "vnic_profiles", "networks", "vm_nics", "template_nics",
                     "network_attachments"):
            self.index[kind] = {e["id"]: e for e in truth[kind]}
        self.truth = truth
        self.vm_nics = collections.defaultdict(list)
        for nic in truth["vm_nics"]:
            self.vm_nics[nic["vm"]].append(nic)
        self.template_nics = collections.defaultdict(list)
        for nic in truth["template_nics"]:
            self.template_nics[nic["template"]].append(nic)
        self.host_attachments = collections.defaultdict(list)
        for att in truth["network_attachments"]:
            self.host_attachments[att["host"]].append(att)

    def scan(self, key, fn):
        """Walks @fn once per @key; later calls add the counts it made."""
        if key in self.memo:
            n, classes = self.memo[key]
            self.requests += n
            self.by_class.update(classes)
            return
        before_n, before = self.requests, self.by_class.copy()
        fn()
        delta = self.by_class.copy()
        delta.subtract(before)
        self.memo[key] = (self.requests - before_n, +delta)

    def get(self, path):
        self.requests += 1
        self.by_class[path_class(self.api, path)] += 1
        return self.answer(path.split("/"))

    @staticmethod
    def ref(id_):
        return {"id": id_} if id_ is not None else None

    @staticmethod
    def members(key, entities, make=lambda e: {"id": e["id"]}):
        return {key: [make(e) for e in entities]}

    def answer(self, segs):
        t, ref = self.truth, self.ref
        coll = segs[0]
        if len(segs) == 1:
            kind = {"storagedomains": "storage_domains", "datacenters": "data_centers",
                    "vnicprofiles": "vnic_profiles"}.get(coll, coll)
            return self.members(MEMBER_KEY[coll], t[kind])
        id_ = segs[1]
        if len(segs) == 2:
            if coll == "vms":
                vm = self.index["vms"][id_]
                return {"id": id_, "status": vm["status"], "cluster": ref(vm["cluster"]),
                        "host": ref(vm["host"]), "template": ref(vm["template"])}
            if coll == "hosts":
                return {"id": id_, "cluster": ref(self.index["hosts"][id_]["cluster"])}
            if coll == "disks":
                sds = self.index["disks"][id_]["storage_domains"]
                return {"id": id_, "storage_domains": {"storage_domain": [ref(s) for s in sds]}}
            if coll == "templates":
                return {"id": id_, "cluster": ref(self.index["templates"][id_]["cluster"])}
            if coll == "clusters":
                return {"id": id_,
                        "data_center": ref(self.index["clusters"][id_]["data_center"])}
            if coll == "networks":
                return {"id": id_,
                        "data_center": ref(self.index["networks"][id_]["data_center"])}
            if coll == "vnicprofiles":
                return {"id": id_,
                        "network": ref(self.index["vnic_profiles"][id_]["network"])}
            return {"id": id_}
        sub = segs[2]
        if len(segs) > 3:
            return {}                                  # a statistic by id
        if sub == "diskattachments":
            owner = self.index[coll][id_]
            return {"disk_attachment": [{"disk": ref(d)} for d in owner["disks"]]}
        if sub == "nics" and coll in ("vms", "templates"):
            nics = (self.vm_nics if coll == "vms" else self.template_nics)[id_]
            return {"nic": [{"id": n["id"], "vnic_profile": ref(n["vnic_profile"])}
                            for n in nics]}
        if sub == "statistics":
            stats = self.index[coll][id_]["statistics"]
            return {"statistic": [{"id": "%s-%d" % (id_, i)} for i in range(len(stats))]}
        if sub == "networkattachments":
            return {"network_attachment": [{"id": a["id"], "network": ref(a["network"])}
                                           for a in self.host_attachments[id_]]}
        return {}                                      # fetched, never walked


def items(resp, key):
    return resp.get(key) or []


def rid(obj, key):
    r = obj.get(key)
    return r.get("id") if isinstance(r, dict) else None


def walk(s):
    """The 2018 start-up: every tab, in order (BASELINE-2018.md)."""

    def vm_scan(per_vm):
        for vm in items(s.get("vms"), "vm"):
            per_vm(vm["id"])

    def template_scan(per_template):
        for tpl in items(s.get("templates"), "template"):
            per_template(tpl["id"])

    def host_scan(per_host):
        for host in items(s.get("hosts"), "host"):
            per_host(host["id"])

    def nic_profiles(owner, networks_too):
        for nic in items(s.get(owner + "/nics"), "nic"):
            pid = rid(nic, "vnic_profile")
            if pid is not None:
                prof = s.get("vnicprofiles/" + pid)
                if networks_too:
                    nid = rid(prof, "network")
                    if nid is not None:
                        s.get("networks/" + nid)

    def statistics(owner):
        for st in items(s.get(owner + "/statistics"), "statistic"):
            s.get(owner + "/statistics/" + st["id"])

    def cluster_of(obj, times):
        cid = rid(obj, "cluster")
        cluster = None
        if cid is not None:
            for _ in range(times):
                cluster = s.get("clusters/" + cid)
        return cluster

    # ---- VMs tab
    def sds_with_vms():
        for sd in items(s.get("storagedomains"), "storage_domain"):
            s.get("storagedomains/" + sd["id"])
            s.get("storagedomains/" + sd["id"] + "/vms")

    for vm in items(s.get("vms"), "vm"):
        v = "vms/" + vm["id"]
        obj = s.get(v)
        s.get(v + "/graphicsconsoles")
        cluster_of(obj, 1)                         # cluster name
        cluster_of(obj, 2)                         # cluster version
        hid = rid(obj, "host")
        if hid is not None:
            s.get("hosts/" + hid)
            s.get("hosts/" + hid)
        tid = rid(obj, "template")
        if tid is not None:
            s.get("templates/" + tid)
        for att in items(s.get(v + "/diskattachments"), "disk_attachment"):
            s.get("disks/" + rid(att, "disk"))
        s.get(v + "/nics")
        nic_profiles(v, True)
        s.scan("sds_with_vms", sds_with_vms)
        statistics(v)

    # ---- Disks tab
    def vms_with_disks():
        def per_vm(vid):
            s.get("vms/" + vid)
            for att in items(s.get("vms/" + vid + "/diskattachments"), "disk_attachment"):
                s.get("disks/" + rid(att, "disk"))
        vm_scan(per_vm)

    def templates_with_disks():
        def per_template(tid):
            s.get("templates/" + tid)
            for att in items(s.get("templates/" + tid + "/diskattachments"),
                             "disk_attachment"):
                s.get("disks/" + rid(att, "disk"))
        template_scan(per_template)

    for disk in items(s.get("disks"), "disk"):
        d = "disks/" + disk["id"]
        obj = s.get(d)
        s.scan("vms_with_disks", vms_with_disks)
        for sd in items(obj.get("storage_domains") or {}, "storage_domain"):
            s.get("storagedomains/" + sd["id"])
        s.scan("templates_with_disks", templates_with_disks)
        statistics(d)

    # ---- Hosts tab
    def vms_with_hosts():
        def per_vm(vid):
            obj = s.get("vms/" + vid)
            hid = rid(obj, "host")
            if hid is not None:
                s.get("hosts/" + hid)
        vm_scan(per_vm)

    for host in items(s.get("hosts"), "host"):
        h = "hosts/" + host["id"]
        obj = s.get(h)
        cluster_of(obj, 1)
        s.get(h + "/nics")
        s.scan("vms_with_hosts", vms_with_hosts)
        for att in items(s.get(h + "/networkattachments"), "network_attachment"):
            s.get("networks/" + rid(att, "network"))
        statistics(h)

    # ---- Storage domains tab
    def datacenters():
        for dc in items(s.get("datacenters"), "data_center"):
            s.get("datacenters/" + dc["id"])

    for sd in items(s.get("storagedomains"), "storage_domain"):
        p = "storagedomains/" + sd["id"]
        s.get(p)
        s.scan("datacenters", datacenters)
        s.get(p + "/vms")
        s.get(p + "/disks")
        s.get(p + "/templates")

    # ---- Clusters tab
    def hosts_with_clusters():
        host_scan(lambda hid: cluster_of(s.get("hosts/" + hid), 1))

    def vms_with_clusters():
        vm_scan(lambda vid: cluster_of(s.get("vms/" + vid), 1))

    def templates_with_clusters():
        template_scan(lambda tid: cluster_of(s.get("templates/" + tid), 1))

    for cl in items(s.get("clusters"), "cluster"):
        c = "clusters/" + cl["id"]
        obj = s.get(c)
        dcid = rid(obj, "data_center")
        if dcid is not None:
            s.get("datacenters/" + dcid)
        s.scan("hosts_with_clusters", hosts_with_clusters)
        s.scan("vms_with_clusters", vms_with_clusters)
        s.get(c + "/networks")
        s.scan("templates_with_clusters", templates_with_clusters)

    # ---- Data centers tab
    def templates_with_dcs():
        def per_template(tid):
            cluster = cluster_of(s.get("templates/" + tid), 2)
            if cluster is not None and rid(cluster, "data_center") is not None:
                s.get("datacenters/" + rid(cluster, "data_center"))
        template_scan(per_template)

    for dc in items(s.get("datacenters"), "data_center"):
        p = "datacenters/" + dc["id"]
        s.get(p)
        s.get(p + "/storagedomains")
        s.get(p + "/networks")
        s.get(p + "/clusters")
        s.scan("templates_with_dcs", templates_with_dcs)

    # ---- Templates tab
    def vms_with_templates():
        def per_vm(vid):
            tid = rid(s.get("vms/" + vid), "template")
            if tid is not None:
                s.get("templates/" + tid)
        vm_scan(per_vm)

    def sds_with_templates():
        for sd in items(s.get("storagedomains"), "storage_domain"):
            s.get("storagedomains/" + sd["id"])
            s.get("storagedomains/" + sd["id"] + "/templates")

    for tpl in items(s.get("templates"), "template"):
        t = "templates/" + tpl["id"]
        obj = s.get(t)
        cluster_of(obj, 2)                         # cluster, twice
        cluster = cluster_of(obj, 2)               # data center via the cluster
        if cluster is not None and rid(cluster, "data_center") is not None:
            s.get("datacenters/" + rid(cluster, "data_center"))
        s.scan("vms_with_templates", vms_with_templates)
        s.get(t + "/nics")
        for att in items(s.get(t + "/diskattachments"), "disk_attachment"):
            s.get("disks/" + rid(att, "disk"))
        nic_profiles(t, True)
        s.scan("sds_with_templates", sds_with_templates)

    # ---- vNIC profiles tab
    def vms_with_nic_profiles():
        def per_vm(vid):
            s.get("vms/" + vid)
            nic_profiles("vms/" + vid, False)
        vm_scan(per_vm)

    def first_template_nics():
        tpls = items(s.get("templates"), "template")
        if tpls:
            s.get("templates/" + tpls[0]["id"])
            nic_profiles("templates/" + tpls[0]["id"], False)

    def hosts_with_nics():
        def per_host(hid):
            s.get("hosts/" + hid)
            s.get("hosts/" + hid + "/nics")
        host_scan(per_host)

    for prof in items(s.get("vnicprofiles"), "vnic_profile"):
        obj = s.get("vnicprofiles/" + prof["id"])
        nid = rid(obj, "network")
        if nid is not None:                        # data center: network, then DC
            net = s.get("networks/" + nid)
            if rid(net, "data_center") is not None:
                s.get("datacenters/" + rid(net, "data_center"))
            s.get("networks/" + nid)               # network column
        for _ in range(5):                         # VMs column, MAC x2, interface x2
            s.scan("vms_with_nic_profiles", vms_with_nic_profiles)
        s.scan("first_template_nics", first_template_nics)
        s.scan("hosts_with_nics", hosts_with_nics)

    # ---- Networks tab
    def profiles_with_networks():
        for prof in items(s.get("vnicprofiles"), "vnic_profile"):
            obj = s.get("vnicprofiles/" + prof["id"])
            if rid(obj, "network") is not None:
                s.get("networks/" + rid(obj, "network"))

    def clusters_with_networks():
        for cl in items(s.get("clusters"), "cluster"):
            s.get("clusters/" + cl["id"])
            s.get("clusters/" + cl["id"] + "/networks")

    def hosts_with_networks():
        def per_host(hid):
            s.get("hosts/" + hid)
            for att in items(s.get("hosts/" + hid + "/networkattachments"),
                             "network_attachment"):
                s.get("networks/" + rid(att, "network"))
        host_scan(per_host)

    def vms_with_networks():
        def per_vm(vid):
            obj = s.get("vms/" + vid)
            if obj.get("status") == "up":
                nic_profiles("vms/" + vid, True)
        vm_scan(per_vm)

    def templates_with_networks():
        def per_template(tid):
            s.get("templates/" + tid)
            nic_profiles("templates/" + tid, True)
        template_scan(per_template)

    for net in items(s.get("networks"), "network"):
        obj = s.get("networks/" + net["id"])
        if rid(obj, "data_center") is not None:
            s.get("datacenters/" + rid(obj, "data_center"))
        s.scan("profiles_with_networks", profiles_with_networks)
        s.scan("clusters_with_networks", clusters_with_networks)
        s.scan("hosts_with_networks", hosts_with_networks)
        s.scan("vms_with_networks", vms_with_networks)
        s.scan("templates_with_networks", templates_with_networks)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--url", help="API URL, e.g. http://127.0.0.1:PORT/ovirt-engine/api")
    mode.add_argument("--truth", help="count only, from an ovirt-sim --dump-truth file")
    ap.add_argument("--user", default="admin@internal")
    ap.add_argument("--password", default="ovirt")
    args = ap.parse_args()

    if args.truth:
        with open(args.truth) as f:
            s = Count(json.load(f))
        walk(s)
        json.dump({"mode": "count", "requests": s.requests,
                   "by_class": dict(sorted(s.by_class.items()))}, sys.stdout)
    else:
        t0 = time.monotonic()
        s = Live(args.url, args.user, args.password)
        walk(s)
        json.dump({"mode": "live", "requests": s.requests,
                   "seconds": round(time.monotonic() - t0, 6), "bytes": s.bytes}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
