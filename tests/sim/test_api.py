"""ovirt-sim API tests: every endpoint answers valid JSON of the engine's shape.

Checks the representation rules of OVIRT-API.md (singular collection keys,
{} for empty collections, no nulls, integers and booleans as strings, dates
and decimals as numbers, href and id everywhere), every collection,
sub-collection and member by id, follow=, max=, search=, the auth and SSO
rules, 404/405/500 bodies, gzip, pki-resource, VM actions and /sim/stats.
"""

import gzip
import json
import time
import unittest

import simlib
from simlib import BLANK_ID, Sim

NUMBER_KEYS = {"creation_time", "start_time", "stop_time", "date", "time", "speed", "datum"}
TOP = {
    "vms": "vm", "hosts": "host", "clusters": "cluster", "datacenters": "data_center",
    "storagedomains": "storage_domain", "disks": "disk", "networks": "network",
    "vnicprofiles": "vnic_profile", "templates": "template", "events": "event",
    "cpuprofiles": "cpu_profile", "diskprofiles": "disk_profile", "vmpools": "vm_pool",
}


def walk(test, value, path="$"):
    """Asserts the engine's value conventions everywhere inside @value."""
    if value is None:
        test.fail("null at %s" % path)
    if isinstance(value, bool):
        test.fail("JSON boolean at %s (the engine sends strings)" % path)
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                test.assertIn(k, NUMBER_KEYS, "number at %s.%s" % (path, k))
            walk(test, v, path + "." + k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            walk(test, v, "%s[%d]" % (path, i))


def check_entity(test, obj, href_prefix=None):
    test.assertIsInstance(obj.get("id"), str)
    test.assertIsInstance(obj.get("href"), str)
    test.assertTrue(obj["href"].startswith("/ovirt-engine/api/"), obj["href"])
    test.assertTrue(obj["href"].endswith("/" + obj["id"]), obj["href"])
    if href_prefix is not None:
        test.assertEqual(obj["href"], href_prefix + "/" + obj["id"])
    for link in obj.get("link", []):
        test.assertEqual(link["href"], obj["href"] + "/" + link["rel"])
    walk(test, obj)


class ApiTest(unittest.TestCase):
    sim = None

    @classmethod
    def setUpClass(cls):
        cls.sim = Sim("--seed", 3, "--vms", 60, "--hosts", 6, "--clusters", 1,
                      "--action-delay", 300)

    @classmethod
    def tearDownClass(cls):
        cls.sim.stop()

    def collection(self, path, elem):
        """GETs a collection and checks its wrapper; returns the element list."""
        r = self.sim.get(path)
        self.assertEqual(r.status, 200, path)
        self.assertEqual(r.headers.get("content-type"), "application/json")
        data = r.json()
        if not data:
            self.assertIn(r.body.strip(), (b"{ }", b"{}"))
            return []
        self.assertEqual(list(data.keys()), [elem], path)
        self.assertIsInstance(data[elem], list)
        return data[elem]

    def check_members(self, path, elem, limit=None):
        """Checks a (sub-)collection and that every member GET by id equals
        its list element. Returns the elements."""
        prefix = "/ovirt-engine/api/" + path.split("?")[0]
        items = self.collection(path, elem)
        for obj in items[:limit]:
            check_entity(self, obj, prefix)
            single = self.sim.get_json(obj["href"])
            self.assertEqual(single, obj, obj["href"])
        return items

    # -- representation --------------------------------------------------
    def test_root(self):
        r = self.sim.get("/ovirt-engine/api")
        self.assertEqual(r.status, 200)
        root = r.json()
        self.assertEqual(root["product_info"]["name"], "oVirt Engine")
        self.assertEqual(root["summary"]["vms"]["total"], "60")
        self.assertEqual(root["summary"]["hosts"]["total"], "6")
        self.assertEqual(root["special_objects"]["blank_template"]["id"], BLANK_ID)
        rels = {l["rel"] for l in root["link"]}
        self.assertTrue(set(TOP) <= rels)
        walk(self, root)

    def test_pretty_printed_like_the_engine(self):
        body = self.sim.get("vms?max=2").body.decode()
        self.assertTrue(body.startswith('{\n  "vm" : [ {\n    "'), body[:40])
        self.assertIn('\n  }, {\n', body)
        self.assertTrue(body.endswith('\n  } ]\n}'), body[-20:])

    def test_every_top_level_collection(self):
        for path, elem in TOP.items():
            items = self.check_members(path, elem, limit=3)
            self.assertGreater(len(items), 0, path)
            for obj in items:
                check_entity(self, obj, "/ovirt-engine/api/" + path)

    def test_vm_attributes(self):
        vms = self.collection("vms", "vm")
        self.assertEqual(len(vms), 60)
        statuses = {v["status"] for v in vms}
        self.assertIn("up", statuses)
        self.assertIn("down", statuses)
        for v in vms:
            self.assertRegex(v["memory"], r"^\d+$")
            self.assertIn(v["stateless"], ("true", "false"))
            self.assertIsInstance(v["creation_time"], int)
            self.assertIn("id", v["cluster"])
            self.assertIn("id", v["template"])
            running = v["status"] not in ("down", "suspended")
            self.assertEqual("host" in v, running, v["name"])
            self.assertEqual("start_time" in v, running and "start_time" in v)
            rels = {l["rel"] for l in v["link"]}
            self.assertTrue({"diskattachments", "nics", "snapshots", "statistics",
                             "reporteddevices", "graphicsconsoles"} <= rels)
            self.assertIn("start", {l["rel"] for l in v["actions"]["link"]})
        names = [v["name"] for v in vms]
        self.assertEqual(len(set(names)), len(names))
        self.assertTrue(any(n.startswith("vm-00") for n in names))

    def test_blank_template(self):
        blank = self.sim.get_json("templates/" + BLANK_ID)
        self.assertEqual(blank["name"], "Blank")
        self.assertEqual(blank["id"], BLANK_ID)
        self.assertNotIn("cluster", blank)

    def test_storage_domain_status_rule(self):
        sds = self.collection("storagedomains", "storage_domain")
        attached = [s for s in sds if "data_centers" in s]
        unattached = [s for s in sds if "data_centers" not in s]
        self.assertTrue(attached and unattached)
        for s in attached:
            self.assertNotIn("status", s)
        for s in unattached:
            self.assertEqual(s["status"], "unattached")
        for dc in self.collection("datacenters", "data_center"):
            path = "datacenters/%s/storagedomains" % dc["id"]
            for s in self.check_members(path, "storage_domain"):
                self.assertIn(s["status"], ("active", "maintenance"))
                self.assertEqual(s["data_center"]["id"], dc["id"])

    def test_vm_sub_collections(self):
        vms = self.collection("vms", "vm")
        up = next(v for v in vms if v["status"] == "up" and "fqdn" in v)
        vid = up["id"]
        atts = self.check_members("vms/%s/diskattachments" % vid, "disk_attachment")
        self.assertGreater(len(atts), 0)
        for a in atts:
            self.assertEqual(a["id"], a["disk"]["id"])
            self.assertEqual(a["vm"]["id"], vid)
            self.assertIn(a["bootable"], ("true", "false"))
            self.sim.get_json("disks/" + a["disk"]["id"])
        nics = self.check_members("vms/%s/nics" % vid, "nic")
        self.assertGreater(len(nics), 0)
        for n in nics:
            self.assertRegex(n["mac"]["address"], r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$")
            stats = self.check_members("vms/%s/nics/%s/statistics" % (vid, n["id"]),
                                       "statistic")
            self.assertEqual(len(stats), 8)
        snaps = self.check_members("vms/%s/snapshots" % vid, "snapshot")
        self.assertEqual(snaps[-1]["snapshot_type"], "active")
        stats = self.check_members("vms/%s/statistics" % vid, "statistic")
        self.assertEqual(len(stats), 16)
        names = {s["name"] for s in stats}
        self.assertTrue({"memory.installed", "memory.used", "cpu.current.guest",
                         "cpu.current.hypervisor", "cpu.current.total", "migration.progress",
                         "elapsed.time", "network.current.total", "disks.usage",
                         "cpu.usage.history"} <= names)
        for s in stats:
            self.assertEqual(set(s) >= {"name", "kind", "type", "unit", "values"}, True)
            self.assertIn(s["kind"], ("gauge", "counter"))
            self.assertEqual(s["vm"]["id"], vid)
        installed = next(s for s in stats if s["name"] == "memory.installed")
        self.assertEqual(installed["values"]["value"][0]["datum"], int(up["memory"]))
        history = next(s for s in stats if s["name"] == "cpu.usage.history")
        self.assertGreater(len(history["values"]["value"]), 1)
        devs = self.check_members("vms/%s/reporteddevices" % vid, "reported_device")
        self.assertEqual(len(devs), len(nics))
        self.assertTrue(devs[0]["ips"]["ip"][0]["address"].startswith("10."))
        cons = self.check_members("vms/%s/graphicsconsoles" % vid, "graphics_console")
        self.assertEqual(cons[0]["protocol"], up["display"]["type"])
        self.check_members("vms/%s/cdroms" % vid, "cdrom")
        empty = self.sim.get("vms/%s/tags" % vid)
        self.assertEqual(empty.status, 200)
        self.assertEqual(empty.body, b"{ }")

    def test_host_sub_collections(self):
        hosts = self.collection("hosts", "host")
        h = next(x for x in hosts if x["status"] == "up")
        self.assertIsInstance(h["cpu"]["speed"], int)
        nics = self.check_members("hosts/%s/nics" % h["id"], "host_nic")
        self.assertGreater(len(nics), 0)
        self.assertEqual(nics[0]["host"]["id"], h["id"])
        self.assertRegex(nics[0]["speed"], r"^\d+$")
        stats = self.check_members("hosts/%s/nics/%s/statistics" % (h["id"], nics[0]["id"]),
                                   "statistic")
        self.assertEqual(stats[0]["host_nic"]["id"], nics[0]["id"])
        atts = self.check_members("hosts/%s/networkattachments" % h["id"], "network_attachment")
        self.assertGreater(len(atts), 0)
        for a in atts:
            self.sim.get_json("networks/" + a["network"]["id"])
        hstats = self.check_members("hosts/%s/statistics" % h["id"], "statistic")
        self.assertIn("boot.time", {s["name"] for s in hstats})

    def test_other_sub_collections(self):
        disk = self.collection("disks", "disk")[0]
        dstats = self.check_members("disks/%s/statistics" % disk["id"], "statistic")
        self.assertEqual(len(dstats), 7)
        for sd in self.collection("storagedomains", "storage_domain"):
            for rel, elem in (("vms", "vm"), ("disks", "disk"), ("templates", "template")):
                self.check_members("storagedomains/%s/%s" % (sd["id"], rel), elem, limit=2)
        dc = self.collection("datacenters", "data_center")[0]
        clusters = self.check_members("datacenters/%s/clusters" % dc["id"], "cluster")
        self.assertGreater(len(clusters), 0)
        self.check_members("datacenters/%s/networks" % dc["id"], "network")
        nets = self.check_members("clusters/%s/networks" % clusters[0]["id"], "network")
        self.assertIn("ovirtmgmt", {n["name"] for n in nets})
        self.assertEqual(nets[0]["cluster"]["id"], clusters[0]["id"])
        tpl = next(t for t in self.collection("templates", "template") if t["id"] != BLANK_ID)
        self.check_members("templates/%s/nics" % tpl["id"], "nic")
        tatts = self.check_members("templates/%s/diskattachments" % tpl["id"],
                                   "disk_attachment")
        self.assertEqual(tatts[0]["template"]["id"], tpl["id"])
        self.check_members("networks/%s/vnicprofiles" % nets[0]["id"], "vnic_profile")

    def test_shared_and_floating_disks(self):
        vms = self.sim.get_json("vms?follow=disk_attachments")["vm"]
        users = {}
        for v in vms:
            for a in v.get("disk_attachments", {}).get("disk_attachment", []):
                users.setdefault(a["disk"]["id"], []).append(v["id"])
        disks = self.collection("disks", "disk")
        shared = [d for d in disks if d["shareable"] == "true"]
        self.assertTrue(shared)
        self.assertTrue(any(len(users.get(d["id"], [])) > 1 for d in shared))
        self.assertTrue(any(d["id"] not in users for d in disks))

    def test_events_have_named_references(self):
        events = self.collection("events", "event")
        self.assertGreater(len(events), 0)
        self.assertGreater(int(events[0]["index"]), int(events[-1]["index"]))
        for e in events[:20]:
            self.assertIn("name", e["host"])
            self.assertIsInstance(e["time"], int)

    def test_every_href_resolves(self):
        """Every href the API hands out (entities, references, links; not
        actions, which are POST-only) answers 200 on GET."""
        hrefs = set()

        def collect(value, in_actions=False):
            if isinstance(value, dict):
                if "href" in value and not in_actions:
                    hrefs.add(value["href"])
                for k, v in value.items():
                    collect(v, in_actions or k == "actions")
            elif isinstance(value, list):
                for v in value:
                    collect(v, in_actions)
        for path in ("vms?max=3&follow=disk_attachments,nics,snapshots,statistics",
                     "hosts?max=2&follow=nics,network_attachments,statistics",
                     "disks?max=3", "storagedomains", "clusters", "datacenters",
                     "networks", "vnicprofiles", "templates", "events?max=5",
                     "cpuprofiles", "diskprofiles"):
            collect(self.sim.get_json(path))
        self.assertGreater(len(hrefs), 100)
        for href in sorted(hrefs):
            r = self.sim.get(href)
            self.assertEqual(r.status, 200, href)
            json.loads(r.body)

    def test_decimal_exponent_form(self):
        body = self.sim.get("vms?follow=nics.statistics").body.decode()
        self.assertRegex(body, r'"datum" : \d\.\dE\+\d+')
        json.loads(body)

    # -- follow, max, search --------------------------------------------
    def test_follow_on_collection(self):
        data = self.sim.get_json("vms?follow=disk_attachments.disk,nics.statistics,statistics")
        for v in data["vm"]:
            self.assertEqual(len(v["statistics"]["statistic"]), 16)
            for a in v["disk_attachments"]["disk_attachment"]:
                self.assertIn("provisioned_size", a["disk"])
                check_entity(self, a["disk"], "/ovirt-engine/api/disks")
            for n in v["nics"]["nic"]:
                self.assertEqual(len(n["statistics"]["statistic"]), 8)
                check_entity(self, n, v["href"] + "/nics")
        hosts = self.sim.get_json("hosts?follow=nics,statistics")["host"]
        for h in hosts:
            self.assertIn("host_nic", h["nics"])
            self.assertEqual(len(h["statistics"]["statistic"]), 13)

    def test_follow_on_entity(self):
        vm = self.collection("vms", "vm")[0]
        full = self.sim.get_json("vms/%s?follow=cluster,template,snapshots" % vm["id"])
        self.assertIn("name", full["cluster"])
        self.assertIn("version", full["cluster"])
        self.assertIn("name", full["template"])
        self.sim.get_json(full["cpu_profile"]["href"])
        self.assertIn("snapshot", full["snapshots"])
        nested = self.sim.get_json("vms/%s?follow=cluster.data_center" % vm["id"])
        self.assertIn("storage_format", nested["cluster"]["data_center"])

    def test_unknown_follow_is_500(self):
        for path in ("vms?follow=bogus", "vms?follow=nics.bogus", "hosts?follow=reported_devices",
                     "vms/%s?follow=diskattachments" % self.collection("vms", "vm")[0]["id"]):
            r = self.sim.get(path)
            self.assertEqual(r.status, 500, path)
            fault = r.json()
            self.assertEqual(set(fault), {"reason", "detail"})

    def test_max(self):
        self.assertEqual(len(self.collection("vms?max=5", "vm")), 5)
        self.assertEqual(self.collection("vms?max=0", "vm"), [])
        self.assertEqual(len(self.collection("vms?max=1000", "vm")), 60)

    def test_search(self):
        vms = self.collection("vms", "vm")
        web = self.collection("vms?search=name%3Dvm-00*", "vm")
        expected = [v["name"] for v in vms if v["name"].startswith("vm-00")]
        self.assertEqual([v["name"] for v in web], expected)
        up = self.collection("vms?search=status%3Dup", "vm")
        self.assertEqual(len(up), sum(v["status"] == "up" for v in vms))
        both = self.collection("vms?search=name%3Dvm-00*%20and%20status%3Dup", "vm")
        self.assertEqual(len(both), sum(v["status"] == "up" and v["name"].startswith("vm-00")
                                        for v in vms))
        desc = self.collection("vms?search=sortby%20name%20desc", "vm")
        self.assertEqual([v["name"] for v in desc], sorted(expected + [
            v["name"] for v in vms if not v["name"].startswith("vm-00")], reverse=True))
        page2 = self.collection("vms?search=sortby%20name%20page%202&max=10", "vm")
        self.assertEqual([v["name"] for v in page2], sorted(v["name"] for v in vms)[10:20])
        one = vms[7]
        exact = self.collection("vms?search=name%3D" + one["name"], "vm")
        self.assertEqual([v["id"] for v in exact], [one["id"]])

    def test_malformed_search_is_empty_200(self):
        for q in ("name%3D", "bogus%3Dx", "name%3D%3Dx", "sortby", "page%20x", "%22open"):
            r = self.sim.get("vms?search=" + q)
            self.assertEqual(r.status, 200, q)
            self.assertEqual(r.json(), {}, q)

    # -- auth, SSO, errors ------------------------------------------------
    def test_401_is_html(self):
        for headers in ({}, {"Authorization": "Bearer nope"},
                        {"Authorization": "Basic YWRtaW5AaW50ZXJuYWw6d3Jvbmc="}):
            r = self.sim.get("vms", auth=False, headers=headers)
            self.assertEqual(r.status, 401)
            self.assertTrue(r.headers["content-type"].startswith("text/html"))
            self.assertIn(b"<html>", r.body)

    def test_basic_auth(self):
        r = self.sim.get("clusters", auth=False, headers=self.sim.basic())
        self.assertEqual(r.status, 200)
        self.assertIn("cluster", r.json())

    def test_404_has_empty_body(self):
        for path in ("vms/00000000-dead-beef-0000-000000000000", "nothing",
                     "vms/%s/nothing" % self.collection("vms", "vm")[0]["id"],
                     "/ovirt-engine/elsewhere"):
            r = self.sim.get(path)
            self.assertEqual(r.status, 404, path)
            self.assertEqual(r.body, b"", path)

    def test_token_endpoint(self):
        ok = self.sim.token()
        self.assertEqual(ok.status, 200)
        body = ok.json()
        self.assertEqual(body["token_type"], "bearer")
        self.assertRegex(body["exp"], r"^\d{13}$")
        self.assertIn("ovirt-app-api", body["scope"])
        self.assertGreater(len(body["access_token"]), 40)
        cases = [
            ({"accept": "application/json;charset=UTF-8"}, "invalid_request"),
            ({"accept": None}, "invalid_request"),
            ({"accept": "*/*"}, "invalid_request"),
            ({"scope": None}, "invalid_request"),
            ({"scope": "openid"}, "invalid_scope"),
            ({"password": "wrong"}, "access_denied"),
            ({"user": "nobody@internal"}, "access_denied"),
        ]
        for kwargs, code in cases:
            r = self.sim.token(**kwargs)
            self.assertEqual(r.status, 400, kwargs)
            err = r.json()
            self.assertEqual(err["error_code"], code, kwargs)
            self.assertIsInstance(err["error"], str)

    def test_logout_revokes(self):
        token = self.sim.token().json()["access_token"]
        h = {"Authorization": "Bearer " + token}
        self.assertEqual(self.sim.get("hosts", auth=False, headers=h).status, 200)
        r = self.sim.request("POST", "/ovirt-engine/services/sso-logout",
                             ("scope=ovirt-app-api&token=" + token).encode(),
                             {"Accept": "application/json"})
        self.assertEqual(r.status, 200)
        self.assertEqual(self.sim.get("hosts", auth=False, headers=h).status, 401)

    def test_pki_resource(self):
        r = self.sim.get("/ovirt-engine/services/pki-resource?resource=ca-certificate"
                         "&format=X509-PEM-CA", auth=False)
        self.assertEqual(r.status, 200)
        self.assertTrue(r.body.startswith(b"-----BEGIN CERTIFICATE-----"))

    def test_gzip(self):
        plain = self.sim.get("vms?follow=nics").body
        r = self.sim.get("vms?follow=nics", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(r.headers.get("content-encoding"), "gzip")
        self.assertLess(len(r.body), len(plain))
        self.assertEqual(gzip.decompress(r.body), plain)
        small = self.sim.get("clusters", headers={"Accept-Encoding": "gzip"})
        self.assertEqual(gzip.decompress(small.body), self.sim.get("clusters").body)

    # -- actions -----------------------------------------------------------
    def wait_status(self, vid, wanted, deadline_s=10.0):
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            vm = self.sim.get_json("vms/" + vid)
            if vm["status"] == wanted:
                return vm
            time.sleep(0.05)
        self.fail("VM %s never reached %s (last %s)" % (vid, wanted, vm["status"]))

    def test_power_cycle(self):
        vms = self.collection("vms", "vm")
        down = next(v for v in vms if v["status"] == "down")
        vid = down["id"]
        r = self.sim.post("vms/%s/suspend" % vid, {})
        self.assertEqual(r.status, 409)
        self.assertEqual(r.json()["detail"], "[Cannot hibernate VM. VM is not up.]")
        r = self.sim.post("vms/%s/start" % vid, {})
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(r.json()["status"], "complete")
        self.assertEqual(self.sim.get_json("vms/" + vid)["status"], "powering_up")
        vm = self.wait_status(vid, "up")
        self.assertIn("host", vm)
        self.assertIn("start_time", vm)
        r = self.sim.post("vms/%s/start" % vid, {})
        self.assertEqual(r.status, 409)
        self.assertEqual(set(r.json()), {"reason", "detail"})
        self.assertEqual(self.sim.post("vms/%s/reboot" % vid, {}).status, 200)
        self.assertEqual(self.sim.get_json("vms/" + vid)["status"], "reboot_in_progress")
        self.wait_status(vid, "up")
        source = self.sim.get_json("vms/" + vid)["host"]["id"]
        self.assertEqual(self.sim.post("vms/%s/migrate" % vid, {}).status, 200)
        self.assertEqual(self.sim.get_json("vms/" + vid)["status"], "migrating")
        vm = self.wait_status(vid, "up")
        self.assertNotEqual(vm["host"]["id"], source)
        r = self.sim.post("vms/%s/migrate" % vid, {"host": {"id": vm["host"]["id"]}})
        self.assertEqual(r.status, 409)
        self.assertEqual(self.sim.post("vms/%s/suspend" % vid, {}).status, 200)
        self.assertEqual(self.sim.get_json("vms/" + vid)["status"], "saving_state")
        vm = self.wait_status(vid, "suspended")
        self.assertNotIn("host", vm)
        self.assertEqual(self.sim.post("vms/%s/start" % vid, {}).status, 200)
        self.wait_status(vid, "up")
        self.assertEqual(self.sim.post("vms/%s/shutdown" % vid, {}).status, 200)
        self.assertEqual(self.sim.get_json("vms/" + vid)["status"], "powering_down")
        vm = self.wait_status(vid, "down")
        self.assertNotIn("host", vm)
        self.assertEqual(self.sim.post("vms/%s/stop" % vid, {}).status, 409)
        self.assertEqual(self.sim.post("vms/%s/shutdown" % vid, {}).status, 409)
        self.assertEqual(self.sim.get("vms/%s/start" % vid).status, 405)

    def test_collection_cache_follows_actions(self):
        before = self.sim.stats()["cache"]["hits"]
        first = self.sim.get("vms?follow=statistics").body
        second = self.sim.get("vms?follow=statistics").body
        self.assertEqual(first, second)
        self.assertGreater(self.sim.stats()["cache"]["hits"], before)
        vms = json.loads(first)["vm"]
        down = next(v for v in vms if v["status"] == "down")
        self.assertEqual(self.sim.post("vms/%s/start" % down["id"], {}).status, 200)
        after = {v["id"]: v for v in self.sim.get_json("vms?follow=statistics")["vm"]}
        self.assertEqual(after[down["id"]]["status"], "powering_up")
        self.wait_status(down["id"], "up")
        after = {v["id"]: v for v in self.sim.get_json("vms?follow=statistics")["vm"]}
        self.assertEqual(after[down["id"]]["status"], "up")

    def test_parallel_clients(self):
        """64 clients at once are served in parallel (each request waits
        --latency on its own connection thread)."""
        import threading
        with Sim("--vms", 5, "--latency", 300) as sim:
            headers = sim.basic()
            results = []

            def one():
                results.append(sim.get("vms?max=1", auth=False, headers=headers).status)
            threads = [threading.Thread(target=one) for _ in range(64)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
            self.assertEqual(results, [200] * 64)
            # served one at a time, at most one request would ever be inside
            # its latency wait (counted by the simulator, not timed here)
            self.assertGreaterEqual(sim.stats()["max_concurrent_latency_waits"], 4)
            self.assertEqual(sim.stop(), 0)

    def test_snapshot_creation(self):
        vm = self.collection("vms", "vm")[3]
        vid = vm["id"]
        before = self.collection("vms/%s/snapshots" % vid, "snapshot")
        r = self.sim.post("vms/%s/snapshots" % vid,
                          {"description": "test snap", "persist_memorystate": "false"})
        self.assertEqual(r.status, 201, r.body)
        snap = r.json()
        self.assertEqual(snap["description"], "test snap")
        self.assertEqual(snap["snapshot_status"], "locked")
        self.assertEqual(r.headers["location"], snap["href"])
        again = self.sim.post("vms/%s/snapshots" % vid, {"description": "second"})
        self.assertEqual(again.status, 409)
        end = time.monotonic() + 10
        while self.sim.get_json(snap["href"])["snapshot_status"] != "ok":
            self.assertLess(time.monotonic(), end)
            time.sleep(0.05)
        after = self.collection("vms/%s/snapshots" % vid, "snapshot")
        self.assertEqual(len(after), len(before) + 1)
        self.assertEqual(after[-1]["snapshot_type"], "active")
        self.assertEqual(self.sim.post("vms/%s/snapshots" % vid, {}).status, 400)

    def test_snapshot_removal(self):
        vm = self.collection("vms", "vm")[5]
        vid = vm["id"]
        r = self.sim.post("vms/%s/snapshots" % vid, {"description": "to remove"})
        self.assertEqual(r.status, 201, r.body)
        snap = r.json()
        # locked while being created: removal refused with the engine's 409 fault
        busy = self.sim.delete(snap["href"])
        self.assertEqual(busy.status, 409)
        self.assertIn("Cannot remove Snapshot", busy.json()["detail"])
        end = time.monotonic() + 10
        while self.sim.get_json(snap["href"])["snapshot_status"] != "ok":
            self.assertLess(time.monotonic(), end)
            time.sleep(0.05)
        before = self.collection("vms/%s/snapshots" % vid, "snapshot")
        active = [s for s in before if s["snapshot_type"] == "active"][0]
        refused = self.sim.delete("vms/%s/snapshots/%s" % (vid, active["id"]))
        self.assertEqual(refused.status, 409)
        self.assertIn("active snapshot", refused.json()["detail"])
        r = self.sim.delete(snap["href"])
        self.assertEqual(r.status, 200, r.body)
        self.assertEqual(self.sim.get_json(snap["href"])["snapshot_status"], "locked")
        while self.sim.get(snap["href"]).status != 404:
            self.assertLess(time.monotonic(), end)
            time.sleep(0.05)
        after = self.collection("vms/%s/snapshots" % vid, "snapshot")
        self.assertEqual(sorted(s["id"] for s in after),
                         sorted(s["id"] for s in before if s["id"] != snap["id"]))
        # a snapshot of another VM is not found under this one
        other = self.collection("vms", "vm")[6]["id"]
        self.assertEqual(self.sim.delete("vms/%s/snapshots/%s" % (other, active["id"])).status,
                         404)

    # -- /sim ---------------------------------------------------------------
    def test_sim_stats(self):
        self.sim.bearer()
        self.assertEqual(self.sim.reset().status, 200)
        for _ in range(3):
            self.sim.get("vms")
        self.sim.get("vms/" + BLANK_ID)
        self.sim.get("templates/" + BLANK_ID)
        self.sim.get("vms/%s/nics/" % BLANK_ID, auth=False)
        stats = self.sim.stats()
        self.assertEqual(stats["total_requests"], 6)
        self.assertEqual(stats["by_class"]["GET /ovirt-engine/api/vms"], 3)
        self.assertEqual(stats["by_class"]["GET /ovirt-engine/api/vms/ID"], 1)
        self.assertEqual(stats["by_class"]["GET /ovirt-engine/api/templates/ID"], 1)
        self.assertEqual(stats["by_class"]["GET /ovirt-engine/api/vms/ID/nics"], 1)
        self.assertEqual(stats["by_status"], {"200": 4, "401": 1, "404": 1})
        self.assertGreater(stats["bytes_sent"], 3 * 1000)


if __name__ == "__main__":
    simlib.run(__name__)
