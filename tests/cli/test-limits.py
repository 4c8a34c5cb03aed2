#!/usr/bin/env python3
"""test-limits.py — the limits of an oVirt load, against tools/ovirt-sim.

Usage: test-limits.py VIRT_INVENTORY OVIRT_SIM

Each limit fails only the collection it stopped, with a one-line error
naming the request and the limit, exit status 3, and every other table
loaded exactly as the simulator's truth says:

  - the load time limit (--timeout SECONDS, and timeout= in a profile) on
    a collection the simulator stalls for a minute;
  - the minimum transfer rate on a collection the simulator trickles at
    200 bytes a second (--trickle): never silent, so a "no byte for N
    seconds" rule would wait for all of it (the stall time is lowered to
    1 s through VINV_OVIRT_STALL_TIMEOUT);
  - the cap on a single JSON value (16 MiB) on a VM description of 17 MiB
    (--hostile huge-value);
  - bad values of --timeout, timeout= and do --wait are usage errors
    before connecting.

Every run is bounded by the limit under test (and by the runner's
timeout); no assertion is about time.  Reuses Sim and Runner from
test-ovirt-cli.py.  Output is TAP.
"""

import importlib.util
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("ovirt_cli", os.path.join(HERE,
                                                                         "test-ovirt-cli.py"))
ovirt_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ovirt_cli)
Sim, Runner, expect, expect_exit, one_line, csv_rows = (
    ovirt_cli.Sim, ovirt_cli.Runner, ovirt_cli.expect, ovirt_cli.expect_exit,
    ovirt_cli.one_line, ovirt_cli.csv_rows)

USER = "admin@internal"
N_CHECKS = 6


class LimitRunner(Runner):
    """A Runner whose runs may add to the environment."""

    def __init__(self, exe, workdir):
        super().__init__(exe, workdir)
        self.extra_env = {}

    def env(self, password=ovirt_cli.PASSWORD):
        env = super().env(password)
        env.update(self.extra_env)
        return env


def main():
    exe, sim_exe = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workdir = tempfile.mkdtemp(prefix="vinv-limits-")
    r = LimitRunner(exe, workdir)
    sims = []

    def start(args):
        sim = Sim(sim_exe, workdir, ["--vms", "10"] + args)
        sims.append(sim)
        return sim

    def only_failed(sim, res, failed, words):
        """`tables --format csv` of @sim: exit 3; each table of @failed has
        a one-line error holding every one of @words; every other table has
        no error and the truth's row count."""
        expect_exit(res, 3)
        rows = {row["ID"]: row for row in csv_rows(res[1])}
        expect(len(rows) == len(ovirt_cli.TABLE_COUNTS), res[1])
        for table, row in rows.items():
            if table in failed:
                error = row["Error"]
                expect("\n" not in error, "not one line: %r" % error)
                for w in words:
                    expect(w in error, "%s: %r lacks %r" % (table, error, w))
                expect(int(row["Rows"]) == 0, row)
            else:
                want = sim.truth["counts"][ovirt_cli.TABLE_COUNTS[table]]
                expect(row["Error"] == "" and int(row["Rows"]) == want,
                       "%s: %r, wanted %d rows and no error" % (table, row, want))

    print("1..%d" % N_CHECKS)
    try:
        stalled = start(["--stall", "*/disks", "--stall-time", "60000"])
        base = ["-c", stalled.http_uri, "-u", USER]

        def load_timeout():
            res = r.run(base + ["--timeout", "2", "tables", "--format", "csv"])
            only_failed(stalled, res, {"disks"},
                        ["/ovirt-engine/api/disks", "load time limit of 2 s"])
            res = r.run(base + ["--timeout", "2", "show", "disks"])
            expect_exit(res, 3)
            line = one_line(res[2])
            expect(line.startswith("virt-inventory: table 'disks' failed to load: ")
                   and "/ovirt-engine/api/disks: stopped at the load time limit of 2 s" in line,
                   line)
            # a table that draws nothing from disks is whole: exit 0
            res = r.run(base + ["--timeout", "2", "show", "clusters", "--format", "csv"])
            expect_exit(res, 0)
            expect(len(csv_rows(res[1])) == stalled.truth["counts"]["clusters"], res[1])
        r.check("--timeout: the stalled collection fails naming the limit, exit 3, "
                "the others whole", load_timeout)

        def profile_timeout():
            config = os.path.join(workdir, "limits.ini")
            with open(config, "w") as f:
                f.write("[profile slow]\nuri=%s\nuser=%s\ntimeout=2\n"
                        % (stalled.http_uri, USER))
            res = r.run(["--config", config, "--profile", "slow", "tables", "--format", "csv"])
            only_failed(stalled, res, {"disks"}, ["load time limit of 2 s"])
            # the command line wins over the profile
            res = r.run(["--config", config, "--profile", "slow", "--timeout", "3", "tables",
                         "--format", "csv"])
            only_failed(stalled, res, {"disks"}, ["load time limit of 3 s"])
        r.check("timeout= in a profile, --timeout over it", profile_timeout)

        def bad_values():
            for value in ("0", "abc", "86401", "-5"):
                res = r.run(base + ["--timeout", value, "tables"])
                expect_exit(res, 1)
                expect(res[2].startswith("virt-inventory: --timeout: '%s' is not a number of "
                                         "seconds from 1 to 86400\n" % value), res[2])
            res = r.run(base + ["do", "start", "-f", "name = x", "--wait", "soon"])
            expect_exit(res, 1)
            expect(one_line(res[2]) == "virt-inventory: --wait: 'soon' is not a number of "
                   "seconds from 1 to 86400", res[2])
            config = os.path.join(workdir, "bad.ini")
            with open(config, "w") as f:
                f.write("[profile p]\nuri=%s\nuser=%s\ntimeout=ten\n" % (stalled.http_uri, USER))
            res = r.run(["--config", config, "--profile", "p", "tables"])
            expect(res[0] == 1, "exit %d: %s" % (res[0], res[2]))
            expect("bad.ini:4" in res[2] and "'ten' is not a number of seconds" in res[2],
                   res[2])
        r.check("bad --timeout, timeout= and do --wait values: usage errors, nothing "
                "loaded", bad_values)

        def min_rate():
            sim = start(["--trickle", "*/hosts"])
            r.extra_env = {"VINV_OVIRT_STALL_TIMEOUT": "1"}
            try:
                res = r.run(["-c", sim.http_uri, "-u", USER, "tables", "--format", "csv"])
            finally:
                r.extra_env = {}
            # hosts and host NICs come from /hosts (follow=nics)
            only_failed(sim, res, {"hosts", "host_nics"},
                        ["/ovirt-engine/api/hosts: stalled: less than 1024 bytes/s for 1 s",
                         "minimum transfer rate"])
        r.check("a response trickling under the minimum rate counts as stalled", min_rate)

        def value_cap():
            sim = start(["--hostile", "huge-value"])
            res = r.run(["-c", sim.http_uri, "-u", USER, "tables", "--format", "csv"])
            # VM NICs and snapshots are inlined in /vms (follow=)
            only_failed(sim, res, {"vms", "vm_nics", "snapshots"},
                        ["/ovirt-engine/api/vms", "a single value longer than the limit "
                         "of 16 MiB"])
            res = r.run(["-c", sim.http_uri, "-u", USER, "show", "vms"])
            expect_exit(res, 3)
            # then one warning per column drawn from the other failed tables
            line = res[2].splitlines()[0]
            expect(line.startswith("virt-inventory: table 'vms' failed to load: GET ")
                   and "limit of 16 MiB" in line, line)
        r.check("a JSON value over 16 MiB fails its collection, naming the limit",
                value_cap)

        def help_text():
            res = r.run(["--help"])
            expect_exit(res, 0)
            expect("--timeout=SECONDS" in res[1] and "default 600" in res[1], res[1])
            res = r.run(["do", "--help"])
            expect_exit(res, 0)
            expect("--wait=SECONDS" in res[1], res[1])
        r.check("--help names --timeout (default 600) and do --wait", help_text)
    finally:
        for s in sims:
            s.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    if r.n != N_CHECKS:
        print("not ok %d - the plan said %d checks, %d ran" % (r.n + 1, N_CHECKS, r.n))
        return 1
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
