#!/usr/bin/env python3
"""test-snapshot-cli.py — save, file:, diff, record and history, as a user
runs them.

Usage: test-snapshot-cli.py VIRT_INVENTORY OVIRT_SIM DEMO_DIR [--pg-only]

- For the built-in demo (libvirt test driver) and for the oVirt simulator:
  `export --format json` (default columns, and --all) from the live source
  and from the file `save` wrote are identical.  The only values that
  depend on the moment of loading (a snapshot's age, a VM's uptime, computed
  from "now") must lie between what the live source gave just before and
  just after the save.  Filters, sorts and links give the same rows.
- A file saved from the simulator holds neither the password nor a token.
- Bad files (truncated, corrupt, foreign, newer, a history) give one line
  naming the file, exit 2, and are left unchanged.
- diff: exit 0 / 6, text, CSV and JSON, --filter, --columns, --all-columns.
- record / history list / history show / -c history:DB@N, on SQLite, and
  on PostgreSQL when VINV_TEST_PG_URI is set (with-postgres.py); with
  --pg-only only the PostgreSQL part runs.
Output is TAP.  Every simulator is stopped in every path.
"""

import csv
import io
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

PASSWORD = "Sekr3t-p4ss-for-snapshot-test"
USER = "admin@internal"
TIMEOUT = 180
MOMENT_COLUMNS = {"age", "uptime", "oldest_snapshot_age"}   # from the time of loading


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        print("%s %d - %s" % ("ok" if cond else "not ok", self.n, name))
        if not cond:
            self.failed += 1
            for line in str(detail).splitlines()[:40]:
                print("# " + line)
        sys.stdout.flush()
        return cond


class Sim:
    def __init__(self, exe, workdir):
        self.proc = subprocess.Popen(
            [exe, "--port", "0", "-q", "--password", PASSWORD, "--vms", "60"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=workdir)
        line = self._readline(60)
        m = re.match(r"ovirt-sim: listening on http://([^/]+)/ovirt-engine/api$", line.strip())
        if not m:
            self.stop()
            raise RuntimeError("no readiness line from ovirt-sim: %r" % line)
        self.uri = "ovirt+http://" + m.group(1)

    def _readline(self, timeout):
        deadline = time.monotonic() + timeout
        data = b""
        fd = self.proc.stdout.fileno()
        while not data.endswith(b"\n") and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], deadline - time.monotonic())
            if ready:
                chunk = os.read(fd, 1)
                if not chunk:
                    break
                data += chunk
        return data.decode("utf-8", "replace")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


class Runner:
    def __init__(self, exe, workdir, demo):
        self.exe = exe
        self.workdir = workdir
        self.demo = demo

    def run(self, args, password=None):
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRT_INVENTORY_PASSWORD", "VINV_DEMO_DIR")}
        env.update({"XDG_CONFIG_HOME": os.path.join(self.workdir, "config"),
                    "XDG_DATA_HOME": os.path.join(self.workdir, "data"),
                    "LC_ALL": "C.UTF-8", "TZ": "UTC", "VINV_DEMO_DIR": self.demo})
        if password is not None:
            env["VIRT_INVENTORY_PASSWORD"] = password
        p = subprocess.run([self.exe] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env, cwd=self.workdir, timeout=TIMEOUT)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def split_moments(doc):
    """Removes the moment columns from an export; returns them by (table, row, col)."""
    moments = {}
    for t in doc["tables"]:
        for i, row in enumerate(t["rows"]):
            for col in list(row):
                if col in MOMENT_COLUMNS:
                    moments[(t["table"], i, col)] = row.pop(col)
    return moments


def compare_exports(tap, name, before, saved, after):
    """before/after: live exports around the save; saved: from the file."""
    b, s, a = json.loads(before), json.loads(saved), json.loads(after)
    mb, ms, ma = split_moments(b), split_moments(s), split_moments(a)
    tap.ok(s == b, name + ": identical but for the moment of loading",
           "first difference in table %s" % next((x["table"] for x, y in zip(b["tables"], s["tables"])
                                                 if x != y), "(table list)"))
    bad = [k for k in mb if not (mb[k] is None and ms.get(k) is None and ma.get(k) is None)
           and not (mb[k] is not None and ma.get(k) is not None and ms.get(k) is not None
                    and mb[k] <= ms[k] <= ma[k])]
    tap.ok(set(mb) == set(ms) == set(ma) and not bad,
           name + ": ages and uptimes (%d) as at the save" % len(mb), "%r" % bad[:5])


def live_and_saved(tap, r, conn, label, file, password=None):
    """Saves conn to file and compares exports (default columns and --all)."""
    exports = {}
    for phase in ("before", "save", "after"):
        if phase == "save":
            code, out, err = r.run(conn + ["-q", "save", file], password)
            tap.ok(code == 0 and os.path.exists(os.path.join(r.workdir, file)),
                   label + ": save exits 0", err)
            continue
        for mode in ([], ["--all"]):
            code, out, err = r.run(conn + ["-q", "export", "--format", "json", "-o", "-"] + mode,
                                   password)
            exports[(phase, tuple(mode))] = out
    for mode in ([], ["--all"]):
        code, saved, err = r.run(["-c", "file:" + file, "export", "--format", "json", "-o", "-"]
                                 + mode)
        tap.ok(code == 0, label + ": export from the file exits 0 %s" % mode, err)
        compare_exports(tap, "%s: export %s" % (label, " ".join(mode) or "(default columns)"),
                        exports[("before", tuple(mode))], saved, exports[("after", tuple(mode))])


def test_demo(tap, r):
    live_and_saved(tap, r, [], "demo", "demo.vinv")
    # filter, sort, related items and the table listing behave the same
    for args in (["show", "vms", "-f", "storage domains = fast-ssd", "-s", "-memory", "-o",
                  "name,memory,storage_domains", "--format", "csv"],
                 ["tables", "--format", "csv"], ["columns", "storage pools"]):
        live = r.run(["-q"] + args)
        saved = r.run(["-c", "file:demo.vinv"] + args)
        tap.ok(live[0] == saved[0] == 0 and live[1] == saved[1] and live[1] != "",
               "demo: %s gives the same from the file" % " ".join(args[:2]),
               "live:\n%s\nsaved:\n%s%s" % (live[1], saved[1], saved[2]))


def test_sim(tap, r, sim_exe):
    sim = Sim(sim_exe, r.workdir)
    try:
        conn = ["-c", sim.uri, "-u", USER]
        live_and_saved(tap, r, conn, "simulator", "sim.vinv", PASSWORD)
        with open(os.path.join(r.workdir, "sim.vinv"), "rb") as f:
            data = f.read()
        leaks = [w for w in (PASSWORD.encode(), b"Bearer", b"access_token", b"Authorization")
                 if w in data]
        tap.ok(not leaks and len(data) > 10000, "simulator: no password or token in the file",
               repr(leaks))
        args = ["show", "vms", "-f", "status = up, memory > 2GB", "-s", "host,-memory", "-o",
                "name,host,cluster,disks", "--format", "json"]
        live = r.run(conn + ["-q"] + args, PASSWORD)
        saved = r.run(["-c", "file:sim.vinv"] + args)
        tap.ok(live[0] == saved[0] == 0 and live[1] == saved[1] and '"rows":[\n{' in live[1],
               "simulator: filter, sort and links give the same from the file", saved[2])
    finally:
        sim.stop()


def test_bad_files(tap, r):
    path = os.path.join(r.workdir, "demo.vinv")
    with open(path, "rb") as f:
        good = f.read()

    def write(name, data):
        with open(os.path.join(r.workdir, name), "wb") as f:
            f.write(data)

    def altered(name, sql):
        write(name, good)
        db = sqlite3.connect(os.path.join(r.workdir, name))
        db.executescript(sql)
        db.commit()
        db.close()

    write("cut.vinv", good[:len(good) // 2])
    corrupt = bytearray(good)
    for i in range(4096 + 100, len(corrupt) - 512, 4096):
        corrupt[i:i + 300] = b"\x5a" * 300
    write("corrupt.vinv", bytes(corrupt))
    write("foreign.vinv", b"<domain type='kvm'><name>web1</name></domain>\n")
    altered("newer.vinv", "UPDATE vinv_meta SET value = '7' WHERE key = 'format_version'")
    code, out, err = r.run(["-c", "file:demo.vinv", "record", "--history", "hist-as-file.db"])
    cases = [
        ("cut.vinv", "is truncated"),
        ("corrupt.vinv", "is truncated or corrupt"),
        ("foreign.vinv", "is not a saved inventory (not an SQLite database)"),
        ("newer.vinv", "was written by a newer virt-inventory (format 7; this version reads "
                       "up to format 1)"),
        ("hist-as-file.db", "is a history database, not a saved inventory (open it as "
                            "history:PATH)"),
    ]
    for name, what in cases:
        with open(os.path.join(r.workdir, name), "rb") as f:
            before = f.read()
        code, out, err = r.run(["-c", "file:" + name, "show", "vms"])
        with open(os.path.join(r.workdir, name), "rb") as f:
            after = f.read()
        lines = err.splitlines()
        tap.ok(code == 2 and out == "" and len(lines) == 1
               and lines[0].startswith("virt-inventory: cannot open 'file:%s': %s " % (name, name))
               and what in lines[0] and before == after,
               "bad file %s: one line, exit 2, file unchanged" % name,
               "exit %d\n%s" % (code, err))


def test_diff(tap, r):
    db = sqlite3.connect(os.path.join(r.workdir, "demo.vinv"))
    (vm_id, name, memory) = db.execute("SELECT id, name, memory FROM vms LIMIT 1").fetchone()
    (gone_id, gone) = db.execute("SELECT id, name FROM vms LIMIT 1 OFFSET 1").fetchone()
    db.close()
    with open(os.path.join(r.workdir, "demo.vinv"), "rb") as f:
        data = f.read()
    with open(os.path.join(r.workdir, "changed.vinv"), "wb") as f:
        f.write(data)
    db = sqlite3.connect(os.path.join(r.workdir, "changed.vinv"))
    db.executescript("""
        UPDATE vms SET memory = memory * 2, vcpus = 16 WHERE id = '%s';
        DELETE FROM vms WHERE id = '%s';
        INSERT INTO vms (_row, source, id, name) VALUES (9999, 'hv03', 'new-id', 'newcomer');
        UPDATE snapshots SET age = age + 86400;
    """ % (vm_id, gone_id))
    db.commit()
    db.close()

    code, out, err = r.run(["diff", "demo.vinv", "changed.vinv"])
    mb = int(memory) // 1048576
    expected = ("VMs: 1 added, 1 removed, 1 changed\n"
                "+ hv03: newcomer (new-id)\n"
                "- hv01: %s (%s)\n"
                "~ hv01: %s (%s)\n"
                "    vcpus: " % (gone, gone_id, name, vm_id))
    tap.ok(code == 6 and out.startswith(expected)
           and "    memory: %d MB → %d MB\n" % (mb, 2 * mb) in out and "age" not in out
           and "Snapshots" not in out,
           "diff: text, exit 6, statistics left out", "exit %d\n%s%s" % (code, out, err))

    code, out, err = r.run(["diff", "demo.vinv", "changed.vinv", "-a", "snapshots"])
    tap.ok(code == 6 and out.startswith("Snapshots: 0 added, 0 removed, 98 changed\n")
           and "    age: " in out, "diff --all-columns counts statistics", out[:300] + err)

    code, out, err = r.run(["diff", "demo.vinv", "changed.vinv", "vms", "--format", "json"])
    doc = json.loads(out) if code == 6 else {}
    rows = doc.get("rows", [])
    changes = sorted((x["change"], x["id"], x.get("column")) for x in rows)
    tap.ok(changes == sorted([("added", "new-id", None), ("removed", gone_id, None),
                              ("changed", vm_id, "memory"), ("changed", vm_id, "vcpus")])
           and doc.get("table") == "changes",
           "diff --format json: one row per change", out[:400] + err)

    code, out, err = r.run(["diff", "demo.vinv", "changed.vinv", "vm", "--format", "csv",
                            "--columns", "memory", "-f", "name = %s" % name])
    rows = list(csv.reader(io.StringIO(out)))
    tap.ok(code == 6 and len(rows) == 2 and rows[0][:4] == ["Source", "ID", "Table", "Change"]
           and rows[1] == ["hv01", vm_id, "vms", "changed", name, "memory", "%d MB" % mb,
                           "%d MB" % (2 * mb)],
           "diff --filter and --columns", out + err)

    code, out, err = r.run(["diff", "demo.vinv", "demo.vinv"])
    tap.ok(code == 0 and out == "", "diff of a file with itself: nothing, exit 0", out + err)
    code, out, err = r.run(["-q", "diff", "demo.vinv", "-"])
    tap.ok(code == 0 and out == "", "diff of a saved file with the live demo: exit 0", out + err)
    code, out, err = r.run(["diff", "demo.vinv", "missing.vinv"])
    tap.ok(code == 2 and err.startswith("virt-inventory: cannot open 'missing.vinv': "),
           "diff with a missing side: exit 2", err)
    code, out, err = r.run(["diff", "demo.vinv", "changed.vinv", "-f", "status ="])
    tap.ok(code == 1 and "error in filter" in err, "diff with a bad filter: exit 1", err)


def test_history(tap, r, db, label):
    rec = lambda src: r.run(["-c", "file:" + src, "record", "--history", db])
    outs = [rec("demo.vinv"), rec("demo.vinv"), rec("changed.vinv")]
    tap.ok([c for c, _, _ in outs] == [0, 0, 0]
           and outs[0][1].startswith("record 1: 3 sources, 736 rows, 736 stored")
           and outs[1][1].startswith("record 2: 3 sources, 736 rows, 0 stored (new or changed), "
                                     "0 removed")
           # the changed VM, the new one, and their host hv01, whose running
           # vCPUs and memory (computed from its VMs) changed with them
           and outs[2][1].startswith("record 3: 3 sources, 736 rows, 3 stored (new or changed), "
                                     "1 removed"),
           label + ": record stores only what changed", "\n".join(o[1] + o[2] for o in outs))

    code, out, err = r.run(["history", "list", "--history", db, "--format", "json"])
    rows = json.loads(out)["rows"] if code == 0 else []
    tap.ok([(x["id"], x["rows"], x["stored"], x["removed"]) for x in rows]
           == [("1", 736, 736, 0), ("2", 736, 0, 0), ("3", 736, 3, 1)]
           and rows[0]["sources"] == ["hv01", "hv02", "hv03"],
           label + ": history list", out + err)

    saved = r.run(["-c", "file:changed.vinv", "export", "--format", "json", "-o", "-"])
    opened = r.run(["-c", "history:%s@3" % db, "export", "--format", "json", "-o", "-"])
    stats = {"vms": {"oldest_snapshot_age", "disks_actual"}, "disks": {"actual_size"},
             "vm_nics": {"rx_total", "tx_total"},
             "snapshots": {"age"}, "storage_domains": {"used", "available", "free_percent"}}
    a, b = json.loads(saved[1]), json.loads(opened[1]) if opened[0] == 0 else {"tables": []}
    nulls = True
    for doc, keep in ((a, False), (b, True)):
        for t in doc["tables"]:
            for row in t["rows"]:
                for col in stats.get(t["table"], ()):
                    if col in row:
                        nulls &= (not keep) or row[col] is None
                        del row[col]
    tap.ok(opened[0] == 0 and a == b and nulls,
           label + ": -c history:DB@3 is the recorded inventory (statistics not recorded)",
           "%s nulls=%s %s" % (opened[2], nulls, next(
               ("%s row %d: %r" % (x["table"], i, {k: (u.get(k), v.get(k)) for k in set(u) | set(v)
                                                   if u.get(k) != v.get(k)})
                for x, y in zip(a["tables"], b["tables"])
                for i, (u, v) in enumerate(zip(x["rows"], y["rows"])) if u != v), "")))

    code, out, err = r.run(["diff", "@1", "@3", "vms", "--history", db])
    tap.ok(code == 6 and out.startswith("VMs: 1 added, 1 removed, 1 changed\n"),
           label + ": diff between two records", out + err)

    db3 = sqlite3.connect(os.path.join(r.workdir, "changed.vinv"))
    vm_id = db3.execute("SELECT id FROM vms WHERE vcpus = 16").fetchone()[0]
    db3.close()
    code, out, err = r.run(["history", "show", "vms", vm_id, "--history", db, "--format", "csv"])
    rows = list(csv.reader(io.StringIO(out)))
    tap.ok(code == 0 and [x[0] for x in rows[1:]] == ["1", "3", "3"]
           and [x[2] for x in rows[1:]] == ["added", "changed", "changed"]
           and sorted(x[3] for x in rows[2:]) == ["memory", "vcpus"],
           label + ": history show", out + err)


def main():
    exe, sim_exe, demo = (os.path.abspath(p) for p in sys.argv[1:4])
    pg_only = "--pg-only" in sys.argv
    tap = Tap()
    with tempfile.TemporaryDirectory(prefix="vinv-snap-") as workdir:
        r = Runner(exe, workdir, demo)
        if pg_only:
            pg = os.environ.get("VINV_TEST_PG_URI")
            if pg is None:
                print("1..0 # SKIP VINV_TEST_PG_URI not set")
                return 0
            r.run(["-q", "save", "demo.vinv"])
            test_diff_fixture(r)
            test_history(tap, r, pg, "postgresql")
        else:
            test_demo(tap, r)
            test_sim(tap, r, sim_exe)
            test_bad_files(tap, r)
            test_diff(tap, r)
            test_history(tap, r, "hist.db", "sqlite")
    print("1..%d" % tap.n)
    return 1 if tap.failed else 0


def test_diff_fixture(r):
    """Makes changed.vinv as test_diff does, without its checks."""
    quiet = Tap()
    sys_stdout = sys.stdout
    sys.stdout = io.StringIO()
    try:
        test_diff(quiet, r)
    finally:
        sys.stdout = sys_stdout


if __name__ == "__main__":
    sys.exit(main())
