"""ovirt-sim determinism and ground-truth tests.

Same seed -> byte-identical responses (plain and gzip) and truth files;
another seed -> different data; every count option is honoured; the
--dump-truth file agrees with what the API serves.
"""

import os
import subprocess
import tempfile
import unittest
import json

import simlib
from simlib import Sim

URLS = [
    "/ovirt-engine/api",
    "vms?follow=disk_attachments.disk,nics.statistics,statistics,reported_devices",
    "hosts?follow=nics.statistics,statistics,network_attachments",
    "disks?follow=statistics",
    "storagedomains",
    "clusters?follow=networks",
    "datacenters?follow=storage_domains,clusters,networks",
    "networks?follow=vnic_profiles",
    "vnicprofiles",
    "templates?follow=nics,disk_attachments",
    "events",
    "vms?search=status%3Dup%20sortby%20name%20desc&max=7",
]


def fetch_all(sim, gz=False):
    out = {}
    headers = {"Accept-Encoding": "gzip"} if gz else {}
    for u in URLS:
        r = sim.get(u, headers=headers)
        assert r.status == 200, (u, r.status)
        out[u] = r.body
    vm = sim.get_json("vms?max=1")["vm"][0]
    for sub in ("", "/statistics", "/nics", "/diskattachments", "/snapshots"):
        out[vm["href"] + sub] = sim.get(vm["href"] + sub, headers=headers).body
    return out


def dump_truth(*args):
    fd, path = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    try:
        subprocess.run([simlib.binary(), "--quiet", "--dump-truth", path, "--dump-only",
                        *[str(a) for a in args]], check=True, timeout=120)
        with open(path, "rb") as f:
            return f.read()
    finally:
        os.unlink(path)


class DeterminismTest(unittest.TestCase):
    def test_same_seed_same_bytes(self):
        with Sim("--seed", 11, "--vms", 40) as a, Sim("--seed", 11, "--vms", 40) as b:
            for gz in (False, True):
                ra = fetch_all(a, gz)
                rb = fetch_all(b, gz)
                self.assertEqual(ra.keys(), rb.keys())
                for u in ra:
                    self.assertGreater(len(ra[u]), 10, u)
                    self.assertEqual(ra[u], rb[u], "%s differs (gzip=%s)" % (u, gz))
            # the same token sequence too
            self.assertEqual(a.token().json()["access_token"],
                             b.token().json()["access_token"])

    def test_other_seed_other_data(self):
        with Sim("--seed", 11, "--vms", 40) as a, Sim("--seed", 12, "--vms", 40) as b:
            self.assertNotEqual(a.get("vms").body, b.get("vms").body)
            self.assertEqual(len(a.get_json("vms")["vm"]), len(b.get_json("vms")["vm"]))

    def test_truth_file_is_deterministic(self):
        one = dump_truth("--seed", 5, "--vms", 30)
        two = dump_truth("--seed", 5, "--vms", 30)
        self.assertEqual(one, two)
        self.assertNotEqual(one, dump_truth("--seed", 6, "--vms", 30))

    def test_count_options(self):
        truth = json.loads(dump_truth(
            "--seed", 2, "--vms", 25, "--datacenters", 2, "--clusters", 3, "--hosts", 7,
            "--storage-domains", 6, "--disks", 80, "--networks", 5, "--vnic-profiles", 8,
            "--templates", 4, "--snapshots", 10, "--host-nics", 21, "--events", 33,
            "--pools", 3))
        c = truth["counts"]
        expect = {"vms": 25, "data_centers": 2, "clusters": 3, "hosts": 7,
                  "storage_domains": 6, "disks": 80, "networks": 5, "vnic_profiles": 8,
                  "templates": 4, "snapshots": 25 + 10, "host_nics": 21, "events": 33,
                  "vm_pools": 3}
        for k, v in expect.items():
            self.assertEqual(c[k], v, k)
            self.assertEqual(len(truth[k]), v, k)

    def test_variety(self):
        t = json.loads(dump_truth("--seed", 1, "--vms", 2000))
        statuses = {v["status"] for v in t["vms"]}
        self.assertTrue({"up", "down", "paused", "migrating", "suspended"} <= statuses)
        self.assertTrue(any(v["next_run_configuration_exists"] for v in t["vms"]))
        self.assertTrue(any(v["custom_compatibility_version"] for v in t["vms"]))
        self.assertTrue(any(len(v["disks"]) > 1 for v in t["vms"]))
        self.assertTrue(any(d["shareable"] and len(d["vms"]) > 1 for d in t["disks"]))
        self.assertTrue(any(not d["vms"] and d["template"] is None for d in t["disks"]))
        self.assertTrue(any(s["used"] > 0.95 * (s["used"] + s["available"])
                            for s in t["storage_domains"]))
        host_status = {h["status"] for h in t["hosts"]}
        self.assertTrue({"up", "maintenance", "non_responsive"} <= host_status)
        self.assertTrue(any(n["statistics"]["data.current.rx"] > 5e7 for n in t["vm_nics"]))
        names = {v["name"] for v in t["vms"]}
        self.assertIn("vm-0001", names)
        pooled = [v for v in t["vms"] if v["pool"]]
        self.assertTrue(pooled)
        self.assertTrue(all(v["name"].startswith("pool-") and v["type"] == "desktop"
                            for v in pooled))
        self.assertTrue(any(n.startswith("web") for n in names))


class TruthMatchesApiTest(unittest.TestCase):
    def test_truth_matches_api(self):
        fd, path = tempfile.mkstemp(suffix=".json")
        os.close(fd)
        try:
            with Sim("--seed", 9, "--vms", 50, "--dump-truth", path) as sim:
                with open(path) as f:
                    truth = json.load(f)
                self.compare(sim, truth)
        finally:
            os.unlink(path)

    def compare(self, sim, truth):
        vms = sim.get_json("vms?follow=disk_attachments,nics,snapshots,statistics")["vm"]
        self.assertEqual(len(vms), len(truth["vms"]))
        for api, t in zip(vms, truth["vms"]):
            self.assertEqual(api["id"], t["id"])
            self.assertEqual(api["name"], t["name"])
            self.assertEqual(api["status"], t["status"])
            self.assertEqual(int(api["memory"]), t["memory"])
            self.assertEqual(api["cluster"]["id"], t["cluster"])
            self.assertEqual(api.get("host", {}).get("id"), t["host"])
            self.assertEqual(api["template"]["id"], t["template"])
            self.assertEqual(api.get("vm_pool", {}).get("id"), t["pool"])
            self.assertEqual(api.get("start_time"), t["start_time"])
            self.assertEqual(api["next_run_configuration_exists"] == "true",
                             t["next_run_configuration_exists"])
            ccv = api.get("custom_compatibility_version")
            self.assertEqual(ccv and "%s.%s" % (ccv["major"], ccv["minor"]),
                             t["custom_compatibility_version"])
            atts = api["disk_attachments"].get("disk_attachment", [])
            self.assertEqual([a["disk"]["id"] for a in atts], t["disks"])
            self.assertEqual([n["id"] for n in api["nics"].get("nic", [])], t["nics"])
            self.assertEqual([s["id"] for s in api["snapshots"]["snapshot"]], t["snapshots"])
            for s in api["statistics"]["statistic"]:
                values = s["values"].get("value", [])
                want = t["statistics"][s["name"]]
                if values and "datum" in values[0]:
                    self.assertEqual(values[0]["datum"], want, s["name"])
                else:
                    self.assertIsNone(want, s["name"])
        disks = sim.get_json("disks")["disk"]
        self.assertEqual([d["id"] for d in disks], [d["id"] for d in truth["disks"]])
        for api, t in zip(disks, truth["disks"]):
            sds = [s["id"] for s in api.get("storage_domains", {}).get("storage_domain", [])]
            self.assertEqual(sds, t["storage_domains"])
            self.assertEqual(int(api["provisioned_size"]), t["provisioned_size"])
            self.assertEqual(api["shareable"] == "true", t["shareable"])
        hosts = sim.get_json("hosts?follow=nics")["host"]
        for api, t in zip(hosts, truth["hosts"]):
            self.assertEqual((api["id"], api["name"], api["status"], api["cluster"]["id"]),
                             (t["id"], t["name"], t["status"], t["cluster"]))
            self.assertEqual([n["id"] for n in api["nics"]["host_nic"]], t["nics"])
            self.assertEqual(int(api["summary"]["active"]), len(t["vms"]))
        sds = {s["id"]: s for s in truth["storage_domains"]}
        for dc in sim.get_json("datacenters")["data_center"]:
            for s in sim.get_json("datacenters/%s/storagedomains" % dc["id"]).get(
                    "storage_domain", []):
                self.assertEqual(s["status"], sds[s["id"]]["status"])
                self.assertEqual(sds[s["id"]]["data_center"], dc["id"])
        for sd in truth["storage_domains"]:
            api = sim.get_json("storagedomains/%s/vms" % sd["id"]).get("vm", [])
            self.assertEqual([v["id"] for v in api], sd["vms"])
        for kind, path, elem in (("clusters", "clusters", "cluster"),
                                 ("networks", "networks", "network"),
                                 ("vnic_profiles", "vnicprofiles", "vnic_profile"),
                                 ("templates", "templates", "template"),
                                 ("events", "events", "event"),
                                 ("vm_pools", "vmpools", "vm_pool")):
            api = sim.get_json(path)[elem]
            self.assertEqual([x["id"] for x in api], [x["id"] for x in truth[kind]], kind)


if __name__ == "__main__":
    simlib.run(__name__)
