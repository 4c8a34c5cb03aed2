#!/usr/bin/env python3
"""test-actions.py — `virt-inventory do` against the oVirt simulator and
libvirt's test driver.

Usage: test-actions.py VIRT_INVENTORY OVIRT_SIM DEMO_DIR

Every check runs the built tool as a user would and reads the result back
through `show` (a second, independent load), never through the tool's own
report alone: the safety rules (actions off by default, --read-only and
read-only profiles, no terminal without --yes, dry run, zero VMs, a bad
filter found before connecting, a table that failed to load), every oVirt
action with its target state, the engine's 409 faults per VM in a mixed
batch (exit 5), the typed-count confirmation on a pseudo-terminal, the log
lines on stderr (user, action, VM; never the password), and the libvirt
actions on the test driver.  Output is TAP.
"""

import importlib.util
import os
import pty
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("ovirt_cli", os.path.join(HERE, "test-ovirt-cli.py"))
ovirt_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ovirt_cli)
Sim, Runner = ovirt_cli.Sim, ovirt_cli.Runner
expect, expect_exit, csv_rows = ovirt_cli.expect, ovirt_cli.expect_exit, ovirt_cli.csv_rows
USER, PASSWORD, TIMEOUT = ovirt_cli.USER, ovirt_cli.PASSWORD, ovirt_cli.TIMEOUT

ALLOW = ["--allow-actions", "--yes"]
DESC = "vinv-test-%d" % os.getpid()   # no generated snapshot has this description


def result_rows(out):
    """The per-VM result table printed after the plan: {VM: (Result, State, Reason)}."""
    lines = out.splitlines()
    start = [i for i, l in enumerate(lines) if l.startswith("VM ") and "Result" in l]
    expect(start, "no result table in %r" % out)
    header = lines[start[-1]]
    cols = ["VM", "Source", "Result", "State", "Time", "Reason"]
    pos = [header.index(c) for c in cols]
    rows = {}
    for line in lines[start[-1] + 2:]:
        cells = []
        for k, p in enumerate(pos):
            end = pos[k + 1] if k + 1 < len(pos) else len(line)
            cells.append(line[p:end].strip())
        rows[cells[0]] = (cells[2], cells[3], cells[5])
    return rows


def plan_names(out):
    """Names listed in the plan (the first aligned table of stdout)."""
    lines = out.splitlines()
    expect(lines[0].startswith("Plan: "), lines[0])
    names = []
    for line in lines[3:]:
        if line.startswith("VM ") and "Result" in line:
            break
        names.append(line.split("  ")[0].strip())
    return names


def main():
    exe, sim_exe, demo = (os.path.abspath(a) for a in sys.argv[1:4])
    workdir = tempfile.mkdtemp(prefix="vinv-actions-")
    r = Runner(exe, workdir)
    sims = []
    print("1..21")
    try:
        sim = Sim(sim_exe, workdir, ["--vms", "200", "--action-delay", "200"])
        sims.append(sim)
        base = ["-c", sim.http_uri, "-u", USER]

        def vinv(*args, **kw):
            return r.run(base + list(args), **kw)

        def states(filter_text):
            res = vinv("show", "vms", "-f", filter_text, "-o", "name,status,host",
                       "--format", "csv")
            expect_exit(res, 0)
            return {row["Name"]: (row["Status"], row["Host"]) for row in csv_rows(res[1])}

        def names_with(status):
            return sorted(states("status = %s" % status))

        down = names_with("down")
        up = names_with("up")
        expect(len(down) >= 6 and len(up) >= 6, "fixture: %d down, %d up" % (len(down), len(up)))

        def off_by_default():
            before = states("name = .*")
            res = vinv("do", "start", "-f", "status = down", "--yes")
            expect_exit(res, 1)
            expect("actions are off" in res[2] and "--allow-actions" in res[2], res[2])
            expect(states("name = .*") == before, "something changed")
        r.check("actions are off unless allowed: exit 1, nothing changed", off_by_default)

        def read_only():
            before = states("name = .*")
            res = vinv("do", "start", "-f", "status = down", "--allow-actions", "--read-only",
                       "--yes")
            expect_exit(res, 1)
            expect("--read-only" in res[2], res[2])
            conf = os.path.join(workdir, "config", "virt-inventory")
            os.makedirs(conf, exist_ok=True)
            with open(os.path.join(conf, "config.ini"), "w") as f:
                f.write("[profile ro]\nuri=%s\nuser=%s\nallow-actions=true\nread-only=true\n"
                        "[profile rw]\nuri=%s\nuser=%s\nallow-actions=true\n"
                        % (sim.http_uri, USER, sim.http_uri, USER))
            res = r.run(["--profile", "ro", "do", "start", "-f", "status = down", "--yes"])
            expect_exit(res, 1)
            expect("read-only" in res[2], res[2])
            expect(states("name = .*") == before, "something changed")
        r.check("--read-only and a read-only profile refuse, whatever allows", read_only)

        def no_terminal():
            res = vinv("do", "start", "-f", "name = %s" % down[0], "--allow-actions")
            expect_exit(res, 1)
            expect("without a terminal" in res[2] and "--yes" in res[2], res[2])
            expect(plan_names(res[1]) == [down[0]], res[1])
            expect(states("name = %s" % down[0])[down[0]][0] == "down", "it was started")
        r.check("no terminal and no --yes: the plan, then a refusal", no_terminal)

        def dry_run():
            want = sorted(states("status = down"))
            res = vinv("do", "start", "-f", "status = down", "--allow-actions", "--dry-run")
            expect_exit(res, 0)
            expect(sorted(plan_names(res[1])) == want, "plan %r != show %r"
                   % (plan_names(res[1]), want))
            expect(res[1].splitlines()[0] == "Plan: start %d VMs" % len(want), res[1])
            expect("dry run" in res[2], res[2])
            expect(sorted(states("status = down")) == want, "the dry run changed something")
        r.check("--dry-run: the plan is exactly show's rows; nothing changes", dry_run)

        def bad_filter_first():
            res = r.run(["-c", "ovirt+http://127.0.0.1:1", "-u", USER, "do", "start", "-f",
                         "stauts = down", "--allow-actions", "--yes"])
            expect_exit(res, 1)
            expect("error in filter" in res[2] and "cannot open" not in res[2], res[2])
            res = r.run(["-c", "ovirt+http://127.0.0.1:1", "-u", USER, "do", "fly", "-f",
                         "status = down", "--allow-actions", "--yes"])
            expect_exit(res, 1)
            expect("unknown action 'fly'" in res[2], res[2])
            res = r.run(["-c", "ovirt+http://127.0.0.1:1", "-u", USER, "do", "snapshot", "-f",
                         "status = down", "--allow-actions", "--yes"])
            expect_exit(res, 1)
            expect("--description" in res[2], res[2])
            res = r.run(["-c", "ovirt+http://127.0.0.1:1", "-u", USER, "do", "start",
                         "--allow-actions", "--yes"])
            expect_exit(res, 1)
            expect("needs --filter or --ids" in res[2], res[2])
        r.check("usage errors are found before connecting (dead server): exit 1",
                bad_filter_first)

        def zero_vms():
            res = vinv("do", "stop", "-f", "name = no-such-vm", *ALLOW)
            expect_exit(res, 0)
            expect("nothing to do" in res[2], res[2])
        r.check("a filter that matches no VM does nothing and says so", zero_vms)

        def start_stop():
            pick = down[:3]
            res = vinv("do", "start", "-f", "name = %s" % "|".join(pick), *ALLOW)
            expect_exit(res, 0)
            rows = result_rows(res[1])
            expect(sorted(rows) == sorted(pick), rows)
            expect(all(v[:2] == ("done", "up") for v in rows.values()), rows)
            now = states("name = %s" % "|".join(pick))
            expect(all(s == "up" and h != "" for s, h in now.values()), now)
            res = vinv("do", "stop", "--ids", ",".join(
                e["id"] for e in sim.truth["vms"] if e["name"] in pick), *ALLOW)
            expect_exit(res, 0)
            expect(all(v[:2] == ("done", "down") for v in result_rows(res[1]).values()),
                   res[1])
            now = states("name = %s" % "|".join(pick))
            expect(all(s == "down" for s, h in now.values()), now)
        r.check("start then stop (--ids): every VM reaches its target, show agrees", start_stop)

        def shutdown_reboot_suspend():
            vm = down[3]
            expect_exit(vinv("do", "start", "-f", "name = " + vm, *ALLOW), 0)
            res = vinv("do", "reboot", "-f", "name = " + vm, *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[vm][:2] == ("done", "up"), res[1])
            res = vinv("do", "suspend", "-f", "name = " + vm, *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[vm][:2] == ("done", "suspended"), res[1])
            expect(states("name = " + vm)[vm][0] == "suspended", "not suspended")
            expect_exit(vinv("do", "start", "-f", "name = " + vm, *ALLOW), 0)
            res = vinv("do", "shutdown", "-f", "name = " + vm, *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[vm][:2] == ("done", "down"), res[1])
            expect(states("name = " + vm)[vm][0] == "down", "not down")
        r.check("reboot, suspend (hibernate), start from suspended, shutdown",
                shutdown_reboot_suspend)

        def migrate():
            vm = up[0]
            host = states("name = " + vm)[vm][1]
            cluster = [e for e in sim.truth["vms"] if e["name"] == vm][0]["cluster"]
            others = [h["name"] for h in sim.truth["hosts"]
                      if h["cluster"] == cluster and h["name"] != host
                      and h["status"] == "up"]
            expect(others, "no other host in the cluster")
            res = vinv("do", "migrate", "--host", others[0], "-f", "name = " + vm, *ALLOW)
            expect_exit(res, 0)
            expect(res[1].splitlines()[0] == "Plan: migrate 1 VM to host " + others[0], res[1])
            expect(states("name = " + vm)[vm] == ("up", others[0]), states("name = " + vm))
            res = vinv("do", "migrate", "-f", "name = " + vm, *ALLOW)
            expect_exit(res, 0)
            expect(states("name = " + vm)[vm][1] != others[0], "the engine did not move it")
        r.check("migrate to a named host, then where the engine chooses", migrate)

        def snapshots():
            vm = up[1]
            count = len(csv_rows(vinv("show", "snapshots", "--format", "csv")[1]))
            res = vinv("do", "snapshot", "-f", "name = " + vm, "--description",
                       DESC, *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[vm][:2] == ("done", "ok"), res[1])
            snaps = csv_rows(vinv("show", "snapshots", "-f", "description = " + DESC,
                                  "--format", "csv")[1])
            expect([s["VM"] for s in snaps] == [vm], snaps)
            expect(len(csv_rows(vinv("show", "snapshots", "--format", "csv")[1])) == count + 1,
                   "snapshot count")
            res = vinv("do", "snapshot-delete", "-f", "description = " + DESC, *ALLOW)
            expect_exit(res, 0)
            expect(res[1].splitlines()[0] == "Plan: snapshot-delete 1 snapshot", res[1])
            expect(list(result_rows(res[1]).values())[0][:2] == ("done", "(gone)"), res[1])
            expect(csv_rows(vinv("show", "snapshots", "-f", "description = " + DESC,
                                 "--format", "csv")[1]) == [], "still there")
            res = vinv("do", "snapshot-delete", "vms", "-f", "name = x", *ALLOW)
            expect_exit(res, 1)
            expect("acts on the snapshots table" in res[2], res[2])
        r.check("snapshot create with a description, then delete it", snapshots)

        def active_snapshot_refused():
            vm = up[2]
            res = vinv("do", "snapshot-delete", "-f",
                       "vm = %s and description = Active VM" % vm, *ALLOW)
            expect_exit(res, 5)
            row = list(result_rows(res[1]).values())[0]
            expect(row[0] == "failed" and "active snapshot" in row[2], row)
        r.check("deleting the active snapshot: the engine's 409 reason, exit 5",
                active_snapshot_refused)

        def mixed_batch():
            pick = [down[4], down[5], up[3]]
            res = vinv("do", "start", "-f", "name = " + "|".join(pick), *ALLOW)
            expect_exit(res, 5)
            rows = result_rows(res[1])
            expect(rows[down[4]][:2] == ("done", "up") and rows[down[5]][:2] == ("done", "up"),
                   rows)
            expect(rows[up[3]][0] == "failed"
                   and rows[up[3]][2] == "Cannot run VM. VM is running.", rows)
            now = states("name = " + "|".join(pick))
            expect(all(s == "up" for s, h in now.values()), now)
            res = vinv("do", "stop", "-f", "name = " + "|".join(down[4:6]), *ALLOW)
            expect_exit(res, 0)
            res = vinv("do", "stop", "-f", "name = " + down[4], *ALLOW)
            expect_exit(res, 5)
            expect(result_rows(res[1])[down[4]][2] == "Cannot stop VM. VM is not running.",
                   res[1])
        r.check("a mixed batch: done where legal, the engine's reason per VM, exit 5",
                mixed_batch)

        def log_lines():
            res = vinv("do", "start", "-f", "name = " + down[0], *ALLOW)
            expect_exit(res, 0)
            logs = [l for l in res[2].splitlines() if " start " in l]
            expect(any(("(%s)" % USER) in l and down[0] in l and l.endswith(": done")
                       for l in logs), res[2])
            expect(PASSWORD not in res[2] and PASSWORD not in res[1], "password printed")
            expect_exit(vinv("do", "stop", "-f", "name = " + down[0], *ALLOW), 0)
        r.check("each action is logged on stderr: time, user, action, VM, result; "
                "no password", log_lines)

        def confirm(answer):
            master, slave = pty.openpty()
            out_path = os.path.join(workdir, "confirm.out")
            err_path = os.path.join(workdir, "confirm.err")
            with open(out_path, "w") as out, open(err_path, "w") as err:
                proc = subprocess.Popen([exe] + base + ["do", "start", "-f", "name = " + down[1],
                                                        "--allow-actions"],
                                        stdin=slave, stdout=out, stderr=err, env=r.env(),
                                        cwd=workdir)
            os.close(slave)
            seen = b""
            try:
                deadline = time.monotonic() + TIMEOUT
                typed = False
                while time.monotonic() < deadline:
                    ready, _, _ = select.select([master], [], [], 0.5)
                    if ready:
                        try:
                            chunk = os.read(master, 1024)
                        except OSError:
                            break
                        if not chunk:
                            break
                        seen += chunk
                    if not typed and seen.endswith(b"to cancel: "):
                        os.write(master, answer.encode() + b"\n")
                        typed = True
                    if proc.poll() is not None and not ready:
                        break
                rc = proc.wait(timeout=TIMEOUT)
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                os.close(master)
            with open(out_path) as f1, open(err_path) as f2:
                return rc, f1.read(), f2.read(), seen.decode("utf-8", "replace")

        def confirm_wrong():
            rc, out, err, term = confirm("2")
            expect(rc == 1, "exit %d" % rc)
            expect("Type 1 to start this VM" in term, term)
            expect("cancelled" in err, err)
            expect(states("name = " + down[1])[down[1]][0] == "down", "it was started")
        r.check("confirmation: a wrong count cancels, nothing changes", confirm_wrong)

        def confirm_right():
            rc, out, err, term = confirm("1")
            expect(rc == 0, "exit %d: %s" % (rc, err))
            expect(states("name = " + down[1])[down[1]][0] == "up", "not started")
        r.check("confirmation: typing the number of VMs acts", confirm_right)

        def failed_table():
            bad = Sim(sim_exe, workdir, ["--vms", "20", "--truncate", "*/vms"])
            sims.append(bad)
            res = r.run(["-c", bad.http_uri, "-u", USER, "do", "start", "-f", "name = .*",
                         *ALLOW])
            expect_exit(res, 3)
            expect("failed to load" in res[2] and "nothing was changed" in res[2], res[2])
            expect("Plan:" not in res[1], res[1])
        r.check("a VMs table that failed to load: no plan, nothing done, exit 3", failed_table)

        # --- libvirt's test driver (each run is a fresh connection to the file,
        # so each run checks its own result table) ---
        hv = "test://" + os.path.join(demo, "hv01.xml")

        def lv(*args):
            return r.run(["-c", hv] + list(args), password=None)

        lv_down = sorted(row["Name"] for row in csv_rows(
            lv("show", "vms", "-f", "status = down", "--format", "csv")[1]))
        lv_up = sorted(row["Name"] for row in csv_rows(
            lv("show", "vms", "-f", "status = up", "--format", "csv")[1]))

        lv_paused = sorted(row["Name"] for row in csv_rows(
            lv("show", "vms", "-f", "status = paused", "--format", "csv")[1]))

        def lv_power():
            # each run starts from the file's states: one action per run
            res = lv("do", "start", "-f", "name = " + lv_down[0], *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[lv_down[0]][:2] == ("done", "up"), res[1])
            res = lv("do", "resume", "-f", "name = " + lv_paused[0], *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[lv_paused[0]][:2] == ("done", "up"), res[1])
            for action, state in (("pause", "paused"), ("stop", "down"),
                                  ("suspend", "suspended"), ("shutdown", "down"),
                                  ("reboot", "up")):
                res = lv("do", action, "-f", "name = " + lv_up[0], *ALLOW)
                expect_exit(res, 0)
                expect(result_rows(res[1])[lv_up[0]][:2] == ("done", state),
                       "%s: %s" % (action, res[1]))
        r.check("libvirt: start, resume, pause, stop, suspend (managed save), shutdown, "
                "reboot",
                lv_power)

        def lv_refusals():
            res = lv("do", "pause", "-f", "name = " + lv_down[0], *ALLOW)
            expect_exit(res, 5)
            expect("not running" in result_rows(res[1])[lv_down[0]][2], res[1])
            res = lv("do", "migrate", "-f", "name = " + lv_up[0], *ALLOW)
            expect_exit(res, 5)
            expect("cannot migrate" in result_rows(res[1])[lv_up[0]][2], res[1])
        r.check("libvirt: an illegal transition and an unsupported action, per VM",
                lv_refusals)

        def lv_snapshot():
            res = lv("do", "snapshot", "-f", "name = " + lv_up[0], "--description", "t1", *ALLOW)
            expect_exit(res, 0)
            expect(result_rows(res[1])[lv_up[0]][:2] == ("done", "ok"), res[1])
        r.check("libvirt: snapshot create", lv_snapshot)

        def saved_never_acts():
            saved = os.path.join(workdir, "saved.vinv")
            expect_exit(lv("save", saved), 0)
            res = r.run(["-c", "file:" + saved, "do", "start", "-f", "name = " + lv_down[0],
                         *ALLOW], password=None)
            expect_exit(res, 1)
            expect("cannot act" in res[2] and "nothing was changed" in res[2], res[2])
            expect("Plan:" not in res[1], res[1])
        r.check("a saved inventory never acts: refused before any plan", saved_never_acts)

        def filter_on_no_value():
            # libvirt never fills pending_restart: "!= true" would match every VM
            res = lv("do", "stop", "-f", "pending_restart != true", *ALLOW)
            expect_exit(res, 1)
            expect(res[2] == "virt-inventory: the filter reads 'pending_restart', which these "
                   "connections never fill: nothing was changed\n", res[2])
            expect("Plan:" not in res[1], res[1])
            # with an engine that fills it, the libvirt rows would still be
            # judged on no value
            res = r.run(base + ["-c", hv, "do", "stop", "-f", "pending_restart = false",
                                *ALLOW])
            expect_exit(res, 1)
            expect(res[2] == "virt-inventory: the filter reads 'pending_restart', which 'hv01' "
                   "never fills (its rows would be judged on no value): nothing was "
                   "changed\n", res[2])
            expect("Plan:" not in res[1], res[1])
            # a column without values because its table failed
            bad = Sim(sim_exe, workdir, ["--vms", "20", "--truncate", "*/disks"])
            sims.append(bad)
            res = r.run(["-c", bad.http_uri, "-u", USER, "do", "stop", "-f",
                         "disks = .*", *ALLOW])
            expect_exit(res, 1)
            line = res[2].splitlines()[-1]
            expect(line.startswith("virt-inventory: the filter reads 'disks', which has no "
                                   "values (") and "table 'disks' of " in line
                   and line.endswith(": nothing was changed"), res[2])
            expect("Plan:" not in res[1], res[1])
            # a filter on columns every source fills still acts (dry run here)
            res = lv("do", "stop", "-f", "name = " + lv_up[0], "-n", "--allow-actions")
            expect_exit(res, 0)
            expect(plan_names(res[1]) == [lv_up[0]], res[1])
        r.check("a filter reading a column with no value for some rows: refused, nothing "
                "done, exit 1", filter_on_no_value)
    finally:
        for s in sims:
            s.stop()
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
