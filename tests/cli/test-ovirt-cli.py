#!/usr/bin/env python3
"""test-ovirt-cli.py — virt-inventory against the oVirt simulator.

Usage: test-ovirt-cli.py VIRT_INVENTORY OVIRT_SIM

Starts tools/ovirt-sim on 127.0.0.1 port 0 (readiness: its one
"ovirt-sim: listening on URL" line, read with a bounded wait, never a
sleep), with --dump-truth, and runs the built virt-inventory on it exactly
as a user would: row counts against the simulator's ground truth, the
three questions of DESIGN.md section 1 answered by one filter or sort each
and checked against the truth, --fetch follow vs parallel, option and
credential errors with their exit codes, the password prompt on a
pseudo-terminal, a table that fails to load (exit 3), and TLS: fetch-ca
from a plain-HTTP simulator that serves the same PKI as a --tls one, then
--ca-file, and the hint when the CA is not given.  Every simulator is
stopped in every path.  Output is TAP.
"""

import csv
import io
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pty_driver  # noqa: E402  (tests/cli/pty_driver.py)

PASSWORD = "ovirt"
USER = "admin@internal"
TIMEOUT = 120                # seconds any one command may take (bounded, not a timing test)

# table id -> key of the truth's "counts"
TABLE_COUNTS = {
    "vms": "vms", "hosts": "hosts", "disks": "disks",
    "storage_domains": "storage_domains", "clusters": "clusters",
    "data_centers": "data_centers", "networks": "networks",
    "vnic_profiles": "vnic_profiles", "templates": "templates",
    "vm_nics": "vm_nics", "host_nics": "host_nics", "snapshots": "snapshots",
}


class Sim:
    """One running ovirt-sim; stop() is safe to call twice."""

    def __init__(self, exe, workdir, args):
        self.truth_path = os.path.join(workdir, "truth-%d.json" % id(self))
        self.stderr = open(os.path.join(workdir, "sim-%d.err" % id(self)), "w+")
        self.proc = subprocess.Popen(
            [exe, "--port", "0", "-q", "--dump-truth", self.truth_path] + args,
            stdout=subprocess.PIPE, stderr=self.stderr, cwd=workdir)
        try:
            line = self._readline(60)
            m = re.match(r"ovirt-sim: listening on (https?)://([^/]+)/ovirt-engine/api$",
                         line.strip())
            if not m:
                raise RuntimeError("no readiness line from ovirt-sim: %r" % line)
            self.tls = m.group(1) == "https"
            self.hostport = m.group(2)
            self.port = int(self.hostport.rsplit(":", 1)[1])
            with open(self.truth_path, encoding="utf-8") as f:
                self.truth = json.load(f)
        except BaseException:
            self.stop()
            raise

    def _readline(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        fd = self.proc.stdout.fileno()
        while not data.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                break
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1)
                if not chunk:
                    break
                data += chunk
        return data.decode("utf-8", "replace")

    @property
    def http_uri(self):
        return "ovirt+http://" + self.hostport

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.stderr.close()


class Runner:
    def __init__(self, exe, workdir):
        self.exe = exe
        self.workdir = workdir
        self.n = 0
        self.failed = 0

    def env(self, password=PASSWORD):
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRT_INVENTORY_PASSWORD", "VINV_DEMO_DIR")}
        env["XDG_CONFIG_HOME"] = os.path.join(self.workdir, "config")
        env["LC_ALL"] = "C.UTF-8"
        env["TZ"] = "UTC"
        if password is not None:
            env["VIRT_INVENTORY_PASSWORD"] = password
        return env

    def run(self, args, password=PASSWORD, cwd=None, env=None):
        full_env = self.env(password)
        full_env.update(env or {})
        p = subprocess.run([self.exe] + args, env=full_env, cwd=cwd or self.workdir,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=TIMEOUT)
        return p.returncode, p.stdout, p.stderr

    def check(self, name, fn):
        self.n += 1
        try:
            fn()
            print("ok %d - %s" % (self.n, name))
        except Exception as e:          # a failed check, or a broken run
            self.failed += 1
            print("not ok %d - %s" % (self.n, name))
            for line in ("%s: %s" % (type(e).__name__, e)).splitlines():
                print("# " + line)
        sys.stdout.flush()


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def expect_exit(result, code):
    rc, out, err = result
    expect(rc == code, "exit %d, wanted %d; stderr: %s" % (rc, code, err.strip()))


def csv_rows(text):
    return list(csv.DictReader(io.StringIO(text)))


def one_line(err):
    lines = err.splitlines()
    expect(len(lines) == 1, "wanted one line on stderr, got %r" % err)
    return lines[0]


def main():
    exe, sim_exe = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workdir = tempfile.mkdtemp(prefix="vinv-ovirt-cli-")
    r = Runner(exe, workdir)
    sims = []

    def start(args):
        sim = Sim(sim_exe, workdir, args)
        sims.append(sim)
        return sim

    print("1..32")
    try:
        sim = start(["--vms", "500"])
        truth = sim.truth
        base = ["-c", sim.http_uri, "-u", USER]
        by_id = {k: {e["id"]: e for e in truth[k]} for k in ("vms", "hosts", "storage_domains",
                                                            "clusters")}

        def vinv(*args, **kw):
            return r.run(base + list(args), **kw)

        def tables_counts():
            res = vinv("tables", "--format", "csv")
            expect_exit(res, 0)
            expect(res[2] == "", "stderr: %r" % res[2])
            got = {row["ID"]: int(row["Rows"]) for row in csv_rows(res[1])}
            want = {t: truth["counts"][k] for t, k in TABLE_COUNTS.items()}
            expect(got == want, "tables %r != truth %r" % (got, want))
        r.check("tables: the 12 oVirt tables with the truth's row counts", tables_counts)

        def text_tables():
            res = vinv("tables")
            expect_exit(res, 0)
            lines = res[1].splitlines()
            expect(lines[0].split() == ["ID", "Title", "Rows"], lines[0])
            expect(len(lines) == 2 + 12, "%d lines" % len(lines))
            expect(re.match(r"vms\s+VMs\s+500$", lines[2]), lines[2])
        r.check("tables as text: header, separator, 12 rows", text_tables)

        # --- the three questions of DESIGN.md section 1 ---

        def q1_pending_restart():
            res = vinv("show", "vms", "-f", "pending restart = true", "-o",
                       "name,host,cluster,compatibility_version,cluster_version",
                       "--format", "csv")
            expect_exit(res, 0)
            rows = csv_rows(res[1])
            want = sorted(v["name"] for v in truth["vms"] if v["next_run_configuration_exists"])
            expect(len(want) > 0, "the simulator has no pending restarts")
            expect(sorted(row["Name"] for row in rows) == want,
                   "pending restart rows differ from the truth")
            for row in rows:
                vm = next(v for v in truth["vms"] if v["name"] == row["Name"])
                host = by_id["hosts"][vm["host"]]["name"] if vm["host"] else ""
                cluster = by_id["clusters"][vm["cluster"]]
                expect(row["Host"] == host, "%s: host %r != %r" % (vm["name"], row["Host"], host))
                expect(row["Cluster version"] == cluster["version"], row)
                want_compat = vm["custom_compatibility_version"] or cluster["version"]
                expect(row["Compatibility version"] == want_compat, row)
        r.check("question 1: 'pending restart = true' is the truth's next-run VMs, with "
                "their hosts and versions", q1_pending_restart)

        def q1_old_version_hosts():
            res = vinv("show", "vms", "-f",
                       "pending restart = true, compatibility version < cluster version, "
                       "host is not empty", "-o", "host", "--format", "csv")
            expect_exit(res, 0)
            got = sorted({row["Host"] for row in csv_rows(res[1])})
            want = set()
            for v in truth["vms"]:
                cluster = by_id["clusters"][v["cluster"]]
                old = v["custom_compatibility_version"]
                if (v["next_run_configuration_exists"] and v["host"] and old
                        and [int(x) for x in old.split(".")]
                        < [int(x) for x in cluster["version"].split(".")]):
                    want.add(by_id["hosts"][v["host"]]["name"])
            expect(len(want) > 0, "the simulator has no such VM")
            expect(got == sorted(want), "hosts %r != truth %r" % (got, sorted(want)))
        r.check("question 1: the hosts running VMs that wait for a restart to a newer "
                "compatibility version", q1_old_version_hosts)

        def version_list(text):
            return [int(x) for x in text.split(".")]

        def q1_hosts_filter():
            # the README's answer: one filter in the Hosts table
            res = vinv("show", "hosts", "-f", "vms.pending_restart = true", "-o", "name,vms")
            expect_exit(res, 0)
            # text: "hv001  mail13 (13)" - the VM that matched is shown first
            rows = [{"Name": line.split()[0], "VMs": line.split(None, 1)[1].strip()}
                    for line in res[1].splitlines()[2:]]
            pending = {}
            for v in truth["vms"]:
                if v["next_run_configuration_exists"] and v["host"]:
                    pending.setdefault(by_id["hosts"][v["host"]]["name"], set()).add(v["name"])
            expect(len(pending) > 0, "the simulator has no pending restarts on hosts")
            expect(sorted(row["Name"] for row in rows) == sorted(pending),
                   "hosts %r != truth %r" % (sorted(row["Name"] for row in rows),
                                             sorted(pending)))
            for row in rows:
                # the VM that matched is shown first: "vm-0200 (15)"
                first = re.sub(r" \(\d+\)$", "", row["VMs"])
                expect(first in pending[row["Name"]],
                       "%s shows %r first, not a VM pending a restart" % (row["Name"], first))
        r.check("question 1 in Hosts: 'vms.pending_restart = true' is the truth's hosts of "
                "next-run VMs, each showing such a VM first", q1_hosts_filter)

        def q1_hosts_version_filter():
            res = vinv("show", "hosts", "-f", "vms.compatibility_version < cluster_version",
                       "-o", "name", "--format", "csv")
            expect_exit(res, 0)
            want = set()
            for v in truth["vms"]:
                cluster = by_id["clusters"][v["cluster"]]
                compat = v["custom_compatibility_version"] or cluster["version"]
                if v["host"] and version_list(compat) < version_list(cluster["version"]):
                    want.add(by_id["hosts"][v["host"]]["name"])
            got = sorted(row["Name"] for row in csv_rows(res[1]))
            expect(len(want) > 0, "the simulator has no VM below its cluster's version")
            expect(got == sorted(want), "hosts %r != truth %r" % (got, sorted(want)))
        r.check("question 1 in Hosts: 'vms.compatibility_version < cluster_version'",
                q1_hosts_version_filter)

        def q2_storage_domains():
            vm = next(v for v in truth["vms"] if len(v["storage_domains"]) >= 2)
            res = vinv("show", "storage_domains", "-f", "vms = " + vm["name"], "-o",
                       "name,vms", "--format", "csv")
            expect_exit(res, 0)
            rows = csv_rows(res[1])
            want = sorted(by_id["storage_domains"][i]["name"] for i in vm["storage_domains"])
            expect(sorted(row["Name"] for row in rows) == want,
                   "%s: %r != %r" % (vm["name"], [row["Name"] for row in rows], want))
            # as text, the matched VM is shown first in the list cell
            res = vinv("show", "storage_domains", "-f", "vms = " + vm["name"], "-o",
                       "name,vms")
            expect_exit(res, 0)
            for line in res[1].splitlines()[2:]:
                expect(re.match(r"\S+\s+%s \(\d+\)$" % re.escape(vm["name"]), line), line)
        r.check("question 2: 'vms = NAME' in storage domains lists the VM's domains",
                q2_storage_domains)

        def q3_network_pressure():
            res = vinv("show", "vms", "-s", "-net_rx_rate", "-o", "id,net_rx_rate",
                       "--format", "csv")
            expect_exit(res, 0)
            rows = csv_rows(res[1])
            rx = {}
            for nic in truth["vm_nics"]:
                rate = nic["statistics"].get("data.current.rx.bps")
                if rate is not None:
                    rx[nic["vm"]] = rx.get(nic["vm"], 0) + rate
            top = max(rx.values())
            got = float(rows[0]["Network rx rate (Mbps)"]) * 1e6
            expect(abs(got - top) <= 1, "top rx %r != truth %r" % (got, top))
            expect(rx[rows[0]["ID"]] == top, "the first VM is not a busiest one")
            res = vinv("show", "vms", "-s", "-network_usage", "-o", "id,network_usage",
                       "--format", "csv")
            expect_exit(res, 0)
            first = csv_rows(res[1])[0]
            usage = [v["statistics"].get("network.current.total") for v in truth["vms"]]
            top_usage = max(u for u in usage if u is not None)
            expect(float(first["Network % (%)"]) == top_usage,
                   "%r != %r" % (first, top_usage))
        r.check("question 3: sorting by -net_rx_rate / -network_usage puts the busiest "
                "VM first", q3_network_pressure)

        # --- fetch strategies ---

        def follow_vs_parallel():
            # Uptime and snapshot ages are counted to the moment of the run,
            # so they are left out.
            cols = ["--format", "csv", "-o", "all,-uptime,-oldest_snapshot_age", "-s", "id"]
            a = vinv("--fetch", "follow", "show", "vms", *cols)
            b = vinv("--fetch", "parallel", "--parallel", "3", "show", "vms", *cols)
            expect_exit(a, 0)
            expect_exit(b, 0)
            expect(len(csv_rows(a[1])) == 500, "follow: %d rows" % len(csv_rows(a[1])))
            expect(a[1] == b[1], "show vms differs between --fetch follow and parallel")
        r.check("--fetch parallel gives the same VMs as --fetch follow", follow_vs_parallel)

        def follow_vs_parallel_tables():
            # Every table, every column, in table order (no sort): the
            # parallel strategy receives per-entity responses in any order,
            # and the back-end puts rows and list items back in the engine's
            # order, so the two strategies must agree exactly.  Only the
            # columns counted to the moment of the run are left out.
            skip = {"Uptime (h)", "Age (d)", "Oldest snapshot age (d)"}

            def cells(table, how):
                res = vinv("--fetch", how, "show", table, "--format", "csv", "-o", "all")
                expect_exit(res, 0)
                return csv_rows(res[1])
            for table in TABLE_COUNTS:
                a, b = cells(table, "follow"), cells(table, "parallel")
                expect(len(a) == len(b), "%s: %d rows != %d" % (table, len(a), len(b)))
                for ra, rb in zip(a, b):
                    for col, va in ra.items():
                        if col not in skip and va != rb[col]:
                            raise AssertionError("%s %s %s: follow %r, parallel %r"
                                                 % (table, ra["ID"], col, va, rb[col]))
        r.check("--fetch parallel and follow agree on every table", follow_vs_parallel_tables)

        # --- the paged VMs collection and the engine's refusals ---
        # Every simulator below has the same seed and size, so the same
        # environment; VINV_OVIRT_PAGE_SIZE (read by src/ovirt/backend.c)
        # sets the VMs per page, 0 for one unpaged request.  Columns counted
        # to the moment of the run are left out, as above, and the Source
        # (it holds the simulator's port).
        time_cols = {"Uptime (h)", "Age (d)", "Oldest snapshot age (d)", "Source"}
        paging_tables = list(TABLE_COUNTS)
        vms_tables = ["vms", "vm_nics", "snapshots"]     # what /vms feeds

        def load_tables(sim, tables, page_size, extra=()):
            out, err = {}, []
            for table in tables:
                res = r.run(["-c", sim.http_uri, "-u", USER, *extra, "show", table,
                             "--format", "csv", "-o", "all"],
                            env={"VINV_OVIRT_PAGE_SIZE": str(page_size)})
                expect_exit(res, 0)
                out[table] = [{k: v for k, v in row.items() if k not in time_cols}
                              for row in csv_rows(res[1])]
                err.append(res[2])
            return out, err

        def vms_gets(log):
            with open(log) as f:
                return sum(1 for line in f
                           if line.split("\t")[:2] == ["GET", "/ovirt-engine/api/vms"])

        def paging_sim(extra, name):
            log = os.path.join(workdir, "requests-%s.log" % name)
            return start(["--seed", "5", "--vms", "60", "--request-log", log, *extra]), log

        unpaged = {}

        def paged_vs_unpaged():
            sim, log = paging_sim([], "paged")
            one, _ = load_tables(sim, paging_tables, 0)
            gets_unpaged = vms_gets(log)
            paged, _ = load_tables(sim, paging_tables, 7)
            gets_paged = vms_gets(log) - gets_unpaged
            expect(len(one["vms"]) == 60, "%d VMs" % len(one["vms"]))
            # one request per table run unpaged; paged, 60 VMs are 8 full
            # pages of 7 and a short one (plus pages asked ahead)
            expect(gets_unpaged == len(paging_tables), "unpaged: %d GET /vms" % gets_unpaged)
            expect(gets_paged >= 9 * len(paging_tables), "paged: %d GET /vms" % gets_paged)
            for table in paging_tables:
                expect(paged[table] == one[table], "%s: paged rows differ from one request"
                       % table)
            # pages are asked in the engine's name order (OVIRT-API.md), and
            # the VMs come in name order (bytes, then id) paged or not; the
            # simulator's own order is not by name, so this is the client's
            sim.stop()
            with open(log) as f:
                searches = [line.rstrip("\n").split("\t")[3:] for line in f
                            if line.split("\t")[:2] == ["GET", "/ovirt-engine/api/vms"]]
            expect(searches[:len(paging_tables)] == [[]] * len(paging_tables), searches[:7])
            pages = searches[len(paging_tables):]
            expect(pages and all(len(p) == 1 and re.fullmatch(r"search=sortby name page [1-9]\d*",
                                                              p[0]) for p in pages),
                   "paged requests: %r" % pages[:3])
            for rows in (one["vms"], paged["vms"]):
                keys = [(row["Name"].encode(), row["ID"]) for row in rows]
                expect(all(row["Name"] for row in rows), "a VM without a name")
                expect(keys == sorted(keys), "VMs not in name order: %r" % [k[0] for k in keys])
            unpaged.update(one)
        r.check("the VMs collection paged (7 per page, sortby name) gives every table exactly "
                "as one unpaged request, the VMs in name order", paged_vs_unpaged)

        def natural_order_not_by_name():
            # what makes the check above able to fail: the simulator's own
            # order of this environment (its truth's, which unpaged /vms
            # serves) is not by name
            sim, _ = paging_sim([], "natural")
            names = [vm["name"].encode() for vm in sim.truth["vms"]]
            expect(len(names) == 60 and names != sorted(names), names[:5])
        r.check("the simulator's VMs are not in name order unless asked (sortby name)",
                natural_order_not_by_name)

        def refused_paging():
            expect(unpaged, "needs the paged check before it")
            for how in ("empty", "error"):
                sim, log = paging_sim(["--refuse-paging", how], "refuse-" + how)
                got, err = load_tables(sim, vms_tables, 7)
                for table in vms_tables:
                    expect(got[table] == unpaged[table], "%s, paging refused (%s): rows differ"
                           % (table, how))
                expect(all(e == "" for e in err), "stderr: %r" % err)
                # per run: page 1 refused (and the pages asked with it), then
                # one unpaged request
                sim.stop()
                gets = vms_gets(log)
                expect(gets == 2 * len(vms_tables), "refused (%s): %d GET /vms" % (how, gets))
        r.check("an engine that refuses paging (empty list, HTTP 400): one unpaged request, "
                "the same rows", refused_paging)

        def shifted_pages():
            # an entity added between two page queries shifts the pages
            # after it (OVIRT-API.md): page 2 repeats page 1's last VM; the
            # client must not show that VM twice, so it gives paging up for
            # one unpaged request and shows exactly the unpaged rows
            expect(unpaged, "needs the paged check before it")
            sim, log = paging_sim(["--shift-pages"], "shift")
            got, err = load_tables(sim, vms_tables, 7)
            for table in vms_tables:
                expect(got[table] == unpaged[table], "%s, shifted pages: rows differ" % table)
            expect(all(e == "" for e in err), "stderr: %r" % err)
            sim.stop()
            with open(log) as f:
                searches = [line.rstrip("\n").split("\t")[3:] for line in f
                            if line.split("\t")[:2] == ["GET", "/ovirt-engine/api/vms"]]
            expect(searches.count([]) == len(vms_tables),
                   "shifted pages: %d unpaged GET /vms in %d runs"
                   % (searches.count([]), len(vms_tables)))
        r.check("pages shifted by an entity added between two page queries: no VM twice, "
                "one unpaged request, the same rows", shifted_pages)

        def refused_follow():
            expect(unpaged, "needs the paged check before it")
            sim, log = paging_sim(["--refuse-follow", "reported_devices"], "refuse-follow")
            for page_size in (0, 7):
                got, err = load_tables(sim, vms_tables, page_size)
                for table in vms_tables:
                    expect(got[table] == unpaged[table], "%s, follow refused: rows differ"
                           % table)
                for e in err:
                    line = one_line(e)
                    expect(line.startswith("virt-inventory: note: 127.0.0.1:%d: GET "
                                           "/ovirt-engine/api/vms?follow=" % sim.port)
                           and "HTTP 500" in line and "reported_devices" in line
                           and line.endswith("loaded without follow=, with one request "
                                             "per entity instead"), line)
            res = r.run(["-c", sim.http_uri, "-u", USER, "-q", "tables"])
            expect_exit(res, 0)
            expect(res[2] == "", "-q: %r" % res[2])
        r.check("an engine that refuses a follow= name: the collection again without it and "
                "its details per entity, the same rows, a one-line note", refused_follow)

        # --- option and credential errors ---

        def bad_parallel():
            for value in ("0", "65", "x", "-1", ""):
                res = vinv("--parallel", value, "tables")
                expect_exit(res, 1)
                expect(res[2].startswith("virt-inventory: --parallel: '%s' is not a number "
                                         "from 1 to 64\n" % value), res[2])
                expect(res[1] == "", res[1])
            for value in ("1", "64"):
                expect_exit(vinv("--parallel", value, "tables"), 0)
        r.check("--parallel outside 1..64 is a usage error (exit 1)", bad_parallel)

        def bad_fetch():
            res = vinv("--fetch", "bogus", "tables")
            expect_exit(res, 1)
            expect(res[2].startswith("virt-inventory: --fetch: unknown way 'bogus' "
                                     "(follow or parallel)\n"), res[2])
        r.check("--fetch bogus is a usage error (exit 1)", bad_fetch)

        def wrong_password():
            secret = "wr0ng-Secret"
            res = vinv("tables", password=secret)
            expect_exit(res, 2)
            line = one_line(res[2])
            expect(line.startswith("virt-inventory: cannot open '%s': " % sim.http_uri), line)
            expect("authenticat" in line, line)
            expect(secret not in line and secret not in res[1], "the password is shown")
            expect(res[1] == "", res[1])
        r.check("a wrong password: exit 2, one line, without the password", wrong_password)

        def missing_user():
            res = r.run(["-c", sim.http_uri, "tables"])
            expect_exit(res, 1)
            expect(res[2] == "virt-inventory: oVirt needs a user: -u USER@DOMAIN "
                             "(e.g. admin@internal)\n", res[2])
            # the user may come with the URI instead
            uri = "ovirt+http://admin%40internal@" + sim.hostport
            expect_exit(r.run(["-c", uri, "tables"]), 0)
        r.check("no user: exit 1 before connecting; USER@ in the URI is enough", missing_user)

        def password_file():
            path = os.path.join(workdir, "pw")
            with open(path, "w") as f:
                f.write(PASSWORD + "\n")
            res = vinv("--password-file", path, "show", "clusters", "-o", "name",
                       password=None)
            expect_exit(res, 0)
            expect(res[1].splitlines()[2:] == [c["name"] for c in truth["clusters"]], res[1])
        r.check("--password-file is read", password_file)

        def prompt(answer):
            """Runs `tables` with stdin on a pseudo-terminal and types @answer
            at the prompt.  Returns (exit, stdout, stderr, terminal text)."""
            return pty_driver.run_answering(
                [exe] + base + ["tables"], r.env(None), workdir,
                lambda seen: seen.endswith(b": ") and b"Password for " in seen, answer, TIMEOUT)

        def prompt_right():
            rc, out, err, term = prompt(PASSWORD)
            expect(rc == 0, "exit %d: %s" % (rc, err))
            prompt_text = "Password for %s at %s: " % (USER, sim.http_uri)
            expect(prompt_text in term, repr(term))
            after = term.split(prompt_text, 1)[1]
            expect(after.strip() == "", "the terminal showed %r after the prompt" % after)
            expect(re.search(r"^vms\s+VMs\s+500$", out, re.M), out)
        r.check("no password on a terminal: the prompt asks, the answer is used",
                prompt_right)

        def prompt_wrong():
            rc, out, err, term = prompt("nope")
            expect(rc == 2, "exit %d" % rc)
            expect(term.count("Password for ") == 1, "asked %d times" % term.count("Password"))
            line = one_line(err)
            expect("authenticat" in line and "nope" not in line, line)
        r.check("a wrong answer at the prompt: asked once, exit 2", prompt_wrong)

        # --- a table that fails to load ---

        def partial():
            bad = start(["--vms", "20", "--truncate", "*/hosts"])
            try:
                res = r.run(["-c", bad.http_uri, "-u", USER, "tables", "--format", "csv"])
                expect_exit(res, 3)
                rows = {row["ID"]: row for row in csv_rows(res[1])}
                expect(rows["hosts"]["Error"] != "", rows["hosts"])
                expect(rows["vms"]["Error"] == "" and int(rows["vms"]["Rows"]) == 20,
                       rows["vms"])
                # disks draw nothing from hosts (data centers count them now)
                expect_exit(r.run(["-c", bad.http_uri, "-u", USER, "show", "disks"]), 0)
                res = r.run(["-c", bad.http_uri, "-u", USER, "show", "hosts"])
                expect_exit(res, 3)
                expect("table 'hosts' failed to load" in res[2], res[2])
                # VMs show their host: that column has no values, and says why
                res = r.run(["-c", bad.http_uri, "-u", USER, "show", "vms"])
                expect_exit(res, 3)
                expect(one_line(res[2]).startswith(
                    "virt-inventory: warning: table 'vms': no values in host") and
                    "table 'hosts' of " in res[2], res[2])
            finally:
                bad.stop()
        r.check("a table that fails to load: exit 3 for it and the tables drawing on it, "
                "0 for the others", partial)

        def failed_disks():
            bad = start(["--vms", "20", "--truncate", "*/disks"])
            try:
                base = ["-c", bad.http_uri, "-u", USER]
                res = r.run(base + ["show", "vms", "-o", "name,disks,storage_domains",
                                    "--format", "csv"])
                expect_exit(res, 3)
                expect("table 'disks' of " in res[2], res[2])
                rows = csv_rows(res[1])
                expect(len(rows) == 20, res[1])
                uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-")
                for row in rows:
                    expect(row["Disks"] == "" and row["Storage domains"] == "" and
                           not uuid.search(row["Disks"]), row)
                res = r.run(base + ["show", "storage_domains"])
                expect_exit(res, 3)
                expect("no values in vms, disks, templates, provisioned, over_allocation, vm_count: "
                       "table 'disks' of " in res[2],
                       res[2])
                res = r.run(base + ["export", "--format", "json", "vms"])
                expect_exit(res, 3)
                doc = json.loads(res[1])
                doc = doc["tables"][0] if "tables" in doc else doc
                cols = {c["id"]: c for c in doc["columns"]}
                expect("table 'disks' of " in cols["disks"].get("unavailable", ""), cols)
                expect("unavailable" not in cols["name"], cols)
                # XLSX: the Summary sheet's Load error (read as XML: the
                # python3 on PATH may lack openpyxl; tests/cli/test-xlsx.py
                # reads workbooks with it)
                xlsx = os.path.join(workdir, "failed-disks.xlsx")
                res = r.run(base + ["export", "--format", "xlsx", "-o", xlsx, "vms"])
                expect_exit(res, 3)
                with zipfile.ZipFile(xlsx) as z:
                    xml = "".join(z.read(n).decode("utf-8") for n in z.namelist()
                                  if n.endswith(".xml"))
                expect("no values in disks: table " in xml, "no reason in the workbook")
            finally:
                bad.stop()
        r.check("--truncate */disks: no disk ids for names, no empty lists, exit 3", failed_disks)

        def interrupted(sig):
            """A load stalled on /vms, interrupted by @sig with stderr on a
            terminal: the token is revoked (the simulator's request log shows
            the sso-logout), the progress line is cleared, the process dies
            of @sig."""
            bad = start(["--vms", "10", "--stall", "*/vms", "--stall-time", "60000"])
            master, slave = pty.openpty()
            proc = subprocess.Popen([exe, "-c", bad.http_uri, "-u", USER, "tables"],
                                    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=slave, env=r.env(), cwd=workdir)
            os.close(slave)
            seen = b""
            try:
                base_url = "http://" + bad.hostport
                deadline = time.monotonic() + TIMEOUT
                # wait (bounded) until the stalled request is in flight
                while time.monotonic() < deadline:
                    stats = json.loads(urllib.request.urlopen(base_url + "/sim/stats").read())
                    if stats["by_class"].get("GET /ovirt-engine/api/vms", 0) > 0:
                        break
                    time.sleep(0.05)
                while select.select([master], [], [], 0.3)[0]:
                    seen += os.read(master, 4096)
                expect(b"loading" in seen, "no progress line before the signal: %r" % seen)
                proc.send_signal(sig)
                rc = proc.wait(timeout=TIMEOUT)
                try:
                    while select.select([master], [], [], 0.2)[0]:
                        chunk = os.read(master, 4096)
                        if not chunk:
                            break
                        seen += chunk
                except OSError:
                    pass
                expect(rc == -sig, "exit %r, wanted death by signal %d" % (rc, sig))
                stats = json.loads(urllib.request.urlopen(base_url + "/sim/stats").read())
                expect(stats["by_class"].get("POST /ovirt-engine/services/sso-logout") == 1,
                       stats["by_class"])
                text = seen.decode("utf-8", "replace")
                last = text.rsplit("loading", 1)[1]
                expect("\r\x1b[K" in last and "interrupted" in last, repr(text[-300:]))
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                os.close(master)
                bad.stop()
        r.check("Ctrl-C during a load: token revoked, progress line cleared",
                lambda: interrupted(signal.SIGINT))
        r.check("SIGTERM during a load: token revoked, progress line cleared",
                lambda: interrupted(signal.SIGTERM))

        def unreachable():
            uri = "ovirt+http://127.0.0.1:1"       # nothing listens on port 1
            res = r.run(["-c", uri, "-u", USER, "tables"])
            expect_exit(res, 2)
            expect(one_line(res[2]).startswith("virt-inventory: cannot open '%s': " % uri),
                   res[2])
        r.check("an engine that is not there: exit 2, one line", unreachable)

        # --- TLS and fetch-ca ---

        pki = os.path.join(workdir, "pki")
        os.mkdir(pki)
        ca, cert, key = (os.path.join(pki, n) for n in ("ca.pem", "cert.pem", "key.pem"))
        tls = start(["--tls", "--vms", "30", "--ca-out", ca, "--cert-out", cert,
                     "--key-out", key])
        # the same PKI on plain HTTP, which is where an engine serves its CA
        plain = start(["--vms", "1", "--cert", cert, "--key", key, "--ca", ca])
        tls_uri = "ovirt://127.0.0.1:%d" % tls.port
        fetched = os.path.join(workdir, "engine-ca.pem")

        def fetch_ca():
            expect(tls.tls, "the --tls simulator does not serve https")
            res = r.run(["fetch-ca", plain.http_uri, "-o", fetched])
            expect_exit(res, 0)
            with open(ca) as f1, open(fetched) as f2:
                expect(f1.read() == f2.read(), "the downloaded CA differs from the served one")
            m = re.search(r"^SHA-256 fingerprint: ([0-9A-F:]{95})$", res[2], re.M)
            expect(m, res[2])
            expect("/etc/pki/ovirt-engine/ca.pem" in res[2] and "not authenticated" in res[2],
                   res[2])
            if shutil.which("openssl"):
                ssl = subprocess.run(["openssl", "x509", "-in", fetched, "-noout",
                                      "-fingerprint", "-sha256"], capture_output=True,
                                     text=True, check=True, timeout=TIMEOUT).stdout
                expect(ssl.strip().split("=", 1)[1] == m.group(1),
                       "%r != openssl's %r" % (m.group(1), ssl))
        r.check("fetch-ca downloads the engine CA and prints its SHA-256 fingerprint",
                fetch_ca)

        def fetch_ca_files():
            # default name, in the current directory; no overwrite without --force
            cwd = os.path.join(workdir, "cwd")
            os.mkdir(cwd)
            res = r.run(["-q", "fetch-ca", plain.hostport], cwd=cwd)
            expect_exit(res, 0)
            name = "127.0.0.1-%d-ca.pem" % plain.port
            expect(os.listdir(cwd) == [name], os.listdir(cwd))
            expect(one_line(res[2]).startswith("SHA-256 fingerprint: "), res[2])
            with open(os.path.join(cwd, name), "w") as f:
                f.write("keep me\n")
            res = r.run(["fetch-ca", plain.hostport], cwd=cwd)
            expect_exit(res, 1)
            expect(res[2].startswith("virt-inventory: '%s' already exists\n" % name), res[2])
            with open(os.path.join(cwd, name)) as f:
                expect(f.read() == "keep me\n", "the file was overwritten")
            expect_exit(r.run(["fetch-ca", "--force", plain.hostport], cwd=cwd), 0)
            with open(os.path.join(cwd, name)) as f1, open(ca) as f2:
                expect(f1.read() == f2.read(), "--force did not replace the file")
            # -o - : the PEM on standard output
            res = r.run(["fetch-ca", "-o", "-", "http://" + plain.hostport])
            expect_exit(res, 0)
            with open(ca) as f:
                expect(res[1] == f.read(), "stdout is not the CA")
        r.check("fetch-ca: default file name, refusal to overwrite, --force, -o -",
                fetch_ca_files)

        def fetch_ca_errors():
            cwd = os.path.join(workdir, "errors")
            os.mkdir(cwd)
            res = r.run(["fetch-ca", "127.0.0.1:%d" % tls.port], cwd=cwd)  # HTTPS port
            expect_exit(res, 2)
            expect(one_line(res[2]).startswith("virt-inventory: cannot download the "
                                               "engine CA: "), res[2])
            res = r.run(["fetch-ca", "ovirt://"], cwd=cwd)
            expect_exit(res, 2)
            expect(one_line(res[2]).startswith("virt-inventory: 'ovirt://' is not an engine"),
                   res[2])
            res = r.run(["fetch-ca", "-o", os.path.join(workdir, "no", "such", "dir.pem"),
                         plain.hostport])
            expect_exit(res, 1)
            expect(one_line(res[2]).startswith("virt-inventory: cannot write"), res[2])
            expect(os.listdir(cwd) == [], "files left: %r" % os.listdir(cwd))
        r.check("fetch-ca errors: not an engine or not reachable exit 2, unwritable "
                "file exit 1", fetch_ca_errors)

        def tls_with_ca():
            res = r.run(["-c", tls_uri, "-u", USER, "--ca-file", fetched, "tables",
                         "--format", "csv"])
            expect_exit(res, 0)
            rows = {row["ID"]: int(row["Rows"]) for row in csv_rows(res[1])}
            expect(rows["vms"] == 30 and len(rows) == 12, rows)
        r.check("ovirt://HOST:PORT with --ca-file from fetch-ca loads over HTTPS", tls_with_ca)

        def tls_untrusted():
            res = r.run(["-c", tls_uri, "-u", USER, "tables"])
            expect_exit(res, 2)
            line = one_line(res[2])
            expect("--ca-file" in line and "fetch-ca" in line, line)
            res = r.run(["-c", tls_uri, "-u", USER, "--insecure", "tables"])
            expect_exit(res, 0)
            expect(res[2] == "virt-inventory: warning: TLS certificates are not verified "
                             "(--insecure)\n", res[2])
        r.check("HTTPS without the CA: exit 2 with a hint naming --ca-file and fetch-ca; "
                "--insecure warns and loads", tls_untrusted)
    finally:
        for s in sims:
            s.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if r.n != 32:
        print("not ok %d - the plan said 32 checks, %d ran" % (r.n + 1, r.n))
        return 1
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
