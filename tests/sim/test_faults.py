"""ovirt-sim fault knobs: each does what --help says, deterministically.

--latency and --follow-cost (lower bounds only: no timing upper bounds),
--fail-rate (503s, same pattern for the same seed, counted in /sim/stats),
--token-expiry (401 HTML after N uses, a new token works), --truncate (glob
and fraction; the partial body is a prefix of the real one), --stall (a
client with a short timeout times out, a patient one gets the whole body),
--max-connections (extra connections are refused), --refuse-paging (a
paged search answered empty or 400) and --refuse-follow (a named follow=
answered 500).
"""

import http.client
import json
import socket
import time
import unittest
import urllib.parse

import simlib
from simlib import Sim


def raw_get(sim, path, timeout=10, headers=None):
    """GET with http.client so truncation is visible; returns (status, body)
    or raises http.client.IncompleteRead / socket.timeout."""
    u = urllib.parse.urlsplit(sim.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        h = dict(sim.bearer())
        h.update(headers or {})
        conn.request("GET", "/ovirt-engine/api/" + path, headers=h)
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


class FaultTest(unittest.TestCase):
    def test_latency(self):
        with Sim("--vms", 5, "--latency", 200) as sim:
            sim.bearer()
            t0 = time.monotonic()
            self.assertEqual(sim.get("clusters").status, 200)
            self.assertGreaterEqual(time.monotonic() - t0, 0.2)

    def test_follow_cost(self):
        with Sim("--vms", 5, "--follow-cost", 30000) as sim:
            plain = sim.get_json("vms")["vm"]
            t0 = time.monotonic()
            data = sim.get_json("vms?follow=nics")
            elapsed = time.monotonic() - t0
            followed = sum(len(v["nics"]["nic"]) for v in data["vm"])
            self.assertEqual(len(plain), 5)
            self.assertGreaterEqual(followed, 5)
            self.assertGreaterEqual(elapsed, 0.03 * followed * 0.95)

    def fail_pattern(self, sim, n):
        statuses = []
        for _ in range(n):
            r = sim.get("clusters", auth=False, headers=sim.basic())
            statuses.append(r.status)
            if r.status == 503:
                self.assertIn(b"Service Unavailable", r.body)
                self.assertTrue(r.headers["content-type"].startswith("text/html"))
            else:
                self.assertEqual(r.status, 200)
                self.assertIn("cluster", r.json())
        return statuses

    def test_fail_rate(self):
        with Sim("--seed", 4, "--vms", 5, "--fail-rate", 0.3) as a:
            with Sim("--seed", 4, "--vms", 5, "--fail-rate", 0.3) as b:
                sa = self.fail_pattern(a, 60)
                sb = self.fail_pattern(b, 60)
                failed = sa.count(503)
                self.assertTrue(5 <= failed <= 35, failed)
                self.assertEqual(sa, sb)
                stats = a.stats()
                self.assertEqual(stats["injected"]["fail"], failed)
                self.assertEqual(stats["by_status"].get("503", 0), failed)
        with Sim("--vms", 5) as sim:
            self.assertNotIn(503, self.fail_pattern(sim, 20))

    def test_token_expiry(self):
        with Sim("--vms", 5, "--token-expiry", 3) as sim:
            token = sim.token().json()["access_token"]
            h = {"Authorization": "Bearer " + token}
            for _ in range(3):
                self.assertEqual(sim.get("hosts", auth=False, headers=h).status, 200)
            r = sim.get("hosts", auth=False, headers=h)
            self.assertEqual(r.status, 401)
            self.assertIn(b"<html>", r.body)
            fresh = sim.token().json()["access_token"]
            self.assertNotEqual(fresh, token)
            r = sim.get("hosts", auth=False, headers={"Authorization": "Bearer " + fresh})
            self.assertEqual(r.status, 200)

    def test_truncate_glob(self):
        with Sim("--seed", 8, "--vms", 30) as good, \
                Sim("--seed", 8, "--vms", 30, "--truncate", "*/vms") as bad:
            full = good.get("vms").body
            with self.assertRaises(http.client.IncompleteRead) as cm:
                raw_get(bad, "vms")
            partial = cm.exception.partial
            self.assertGreater(len(partial), 100)
            self.assertLess(len(partial), len(full))
            self.assertTrue(full.startswith(partial))
            status, body = raw_get(bad, "hosts")
            self.assertEqual(status, 200)
            self.assertIn("host", json.loads(body))
            self.assertEqual(bad.stats()["injected"]["truncate"], 1)

    def test_truncate_fraction(self):
        with Sim("--seed", 8, "--vms", 30) as good, \
                Sim("--seed", 8, "--vms", 30, "--truncate", "1.0") as bad:
            vm = good.get_json("vms?max=1")["vm"][0]
            full = good.get("vms/" + vm["id"]).body
            with self.assertRaises(http.client.IncompleteRead) as cm:
                raw_get(bad, "vms/" + vm["id"])
            self.assertTrue(full.startswith(cm.exception.partial))
            self.assertGreater(len(cm.exception.partial), 0)
        with Sim("--vms", 5, "--truncate", "0") as sim:
            self.assertEqual(raw_get(sim, "vms")[0], 200)

    def test_stall(self):
        with Sim("--vms", 30, "--stall", "*/hosts", "--stall-time", 1500) as sim:
            sim.bearer()
            with self.assertRaises((socket.timeout, TimeoutError)):
                raw_get(sim, "hosts", timeout=0.4)
            t0 = time.monotonic()
            status, body = raw_get(sim, "hosts", timeout=20)
            self.assertGreaterEqual(time.monotonic() - t0, 1.4)
            self.assertEqual(status, 200)
            self.assertEqual(len(json.loads(body)["host"]), 2)
            self.assertEqual(raw_get(sim, "clusters", timeout=5)[0], 200)
            self.assertEqual(sim.stats()["injected"]["stall"], 2)

    def test_sigterm_during_stall(self):
        import threading
        sim = Sim("--vms", 5, "--stall", "1.0", "--stall-time", 600000)
        try:
            sim.bearer()
            errors = []

            def stalled():
                try:
                    raw_get(sim, "vms", timeout=60)
                except Exception as e:  # the connection is cut at shutdown
                    errors.append(e)
            t = threading.Thread(target=stalled)
            t.start()
            deadline = time.monotonic() + 10
            while sim.stats()["injected"]["stall"] < 1:
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.02)
            t0 = time.monotonic()
            self.assertEqual(sim.stop(), 0)
            self.assertLess(time.monotonic() - t0, 15)
            t.join(30)
            self.assertEqual(len(errors), 1)
        finally:
            sim.stop()

    def test_refuse_paging(self):
        with Sim("--vms", 12) as plain:
            ids = [v["id"] for v in plain.get_json("vms")["vm"]]
            page2 = plain.get_json("vms?max=5&search=page%202")["vm"]
            self.assertEqual([v["id"] for v in page2], ids[5:10])
        with Sim("--vms", 12, "--refuse-paging", "empty") as sim:
            self.assertEqual(sim.get_json("vms?max=5&search=page%201"), {})
            self.assertEqual(len(sim.get_json("vms?max=5")["vm"]), 5)   # max= alone works
            self.assertEqual([v["id"] for v in sim.get_json("vms")["vm"]], ids)
        with Sim("--vms", 12, "--refuse-paging", "error") as sim:
            r = sim.get("vms?max=5&search=page%201")
            self.assertEqual(r.status, 400)
            self.assertIn("paging", r.json()["detail"])
            self.assertEqual(sim.get("vms?search=name%3Dvm*").status, 200)

    def test_refuse_follow(self):
        with Sim("--vms", 4, "--refuse-follow", "reported_devices,nics") as sim:
            for path in ("vms?follow=reported_devices", "vms?follow=statistics,nics.statistics",
                         "vms/%s?follow=nics" % sim.get_json("vms")["vm"][0]["id"]):
                r = sim.get(path)
                self.assertEqual(r.status, 500, path)
                self.assertEqual(r.json()["reason"], "Operation Failed")
                self.assertIn("is not valid", r.json()["detail"])
            data = sim.get_json("vms?follow=statistics,disk_attachments")
            self.assertEqual(len(data["vm"]), 4)
            self.assertIn("statistics", data["vm"][0])

    def test_max_connections(self):
        with Sim("--vms", 5, "--max-connections", 2) as sim:
            u = urllib.parse.urlsplit(sim.base)
            held = []
            try:
                for _ in range(2):
                    s = socket.create_connection((u.hostname, u.port), timeout=5)
                    s.sendall(b"GET /sim/stats HTTP/1.1\r\nHost: x\r\n\r\n")
                    self.assertIn(b"200 OK", s.recv(65536))
                    held.append(s)
                extra = socket.create_connection((u.hostname, u.port), timeout=5)
                try:
                    extra.sendall(b"GET /sim/stats HTTP/1.1\r\nHost: x\r\n\r\n")
                    try:
                        data = extra.recv(65536)
                    except ConnectionResetError:
                        data = b""
                    self.assertEqual(data, b"")
                finally:
                    extra.close()
            finally:
                for s in held:
                    s.close()
            # once the held connections are gone the server accepts again
            deadline = time.monotonic() + 10
            while True:
                try:
                    if sim.request("GET", "/sim/stats", timeout=2).status == 200:
                        break
                except OSError:
                    pass
                self.assertLess(time.monotonic(), deadline)
                time.sleep(0.05)


if __name__ == "__main__":
    simlib.run(__name__)
