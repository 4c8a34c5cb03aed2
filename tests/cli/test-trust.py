#!/usr/bin/env python3
"""test-trust.py — virt-inventory and secrets, a hostile engine, TLS messages.

Usage: test-secrets.py VIRT_INVENTORY OVIRT_SIM

Runs the built virt-inventory against tools/ovirt-sim (started on port 0
with --request-log, readiness read from its one line) as a user would:

  - a password in a -c URI is refused before any request, and the message
    shows the URI without it;
  - no message of any run (wrong password from the environment or a file,
    every command, both fetch strategies) contains the password;
  - while a load runs, /proc/PID/environ no longer holds the password,
    core dumps are off (/proc/PID/limits), and an abort leaves no core
    file although the test allowed one;
  - a hostile engine's error texts (escape sequences, line breaks) reach
    the terminal only sanitized, and a token with CR LF is refused without
    any request carrying an injected header (the request log says);
  - clear messages: -u without @PROFILE, fetch-ca of ovirt://HOST:PORT and
    the exact -c command it suggests (run as printed), and a machine
    without the system CA store (root only: a mount namespace hides
    /etc/ssl/certs; skipped otherwise).

Reuses Sim and Runner from test-ovirt-cli.py.  Output is TAP.
"""

import importlib.util
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("ovirt_cli", os.path.join(HERE,
                                                                         "test-ovirt-cli.py"))
ovirt_cli = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ovirt_cli)
Sim, Runner, expect, expect_exit, one_line = (ovirt_cli.Sim, ovirt_cli.Runner, ovirt_cli.expect,
                                              ovirt_cli.expect_exit, ovirt_cli.one_line)

USER = "admin@internal"
SECRET = "S3cr3t-Pw-4711"          # never the simulator's: every use of it is refused
N_CHECKS = 10


class Skip(Exception):
    """A check that cannot run here; reported as ok # SKIP with the reason."""


class TrustRunner(Runner):
    def check(self, name, fn):
        def run():
            try:
                fn()
            except Skip as e:
                self.skipped = str(e)
        self.skipped = None
        self.n += 1
        n = self.n
        try:
            run()
            print("ok %d - %s%s" % (n, name, " # SKIP " + self.skipped if self.skipped else ""))
        except Exception as e:          # a failed check, or a broken run
            self.failed += 1
            print("not ok %d - %s" % (n, name))
            for line in ("%s: %s" % (type(e).__name__, e)).splitlines():
                print("# " + line)
        sys.stdout.flush()


def no_control(text, what):
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7f <= ord(c) <= 0x9f
           or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"]
    expect(not bad, "%s holds control characters %r: %r" % (what, sorted(set(bad)), text))


def main():
    exe, sim_exe = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workdir = tempfile.mkdtemp(prefix="vinv-secrets-")
    r = TrustRunner(exe, workdir)
    sims = []

    def start(args):
        log = os.path.join(workdir, "requests-%d.log" % len(sims))
        sim = Sim(sim_exe, workdir, ["--vms", "10", "--request-log", log] + args)
        sim.log = log
        sims.append(sim)
        return sim

    def log_lines(sim):
        with open(sim.log) as f:
            return f.read().splitlines()

    print("1..%d" % N_CHECKS)
    try:
        sim = start([])

        def uri_password():
            before = len(log_lines(sim))
            uri = "ovirt+http://admin%%40internal:%s@%s" % (SECRET, sim.hostport)
            res = r.run(["-c", uri, "tables"], password=None)
            expect_exit(res, 1)
            line = one_line(res[2])
            expect(SECRET not in res[1] + res[2], "the password is echoed: %r" % res[2])
            expect(line.startswith("virt-inventory: -c: 'ovirt+http://admin%%40internal@%s'"
                                   % sim.hostport), line)
            expect("VIRT_INVENTORY_PASSWORD" in line and "--password-file" in line, line)
            expect(len(log_lines(sim)) == before, "requests were made: %r"
                   % log_lines(sim)[before:])
        r.check("a password in a -c URI: exit 1 before any request, never echoed",
                uri_password)

        def never_in_messages():
            pwfile = os.path.join(workdir, "pw")
            with open(pwfile, "w") as f:
                f.write(SECRET + "\n")
            base = ["-c", sim.http_uri, "-u", USER]
            outdir = os.path.join(workdir, "export")
            runs = [
                (base + ["tables"], SECRET),
                (base + ["show", "vms"], SECRET),
                (base + ["--fetch", "parallel", "show", "hosts", "--format", "json"], SECRET),
                (base + ["export", "-d", outdir], SECRET),
                (base + ["--password-file", pwfile, "tables"], None),
                (base + ["--password-file", pwfile, "--format", "csv", "columns", "vms"],
                 None),
            ]
            for args, env_pw in runs:
                rc, out, err = r.run(args, password=env_pw)
                expect(rc != 0 or "columns" in args, "%r: exit %d" % (args, rc))
                expect(SECRET not in out and SECRET not in err,
                       "%r shows the password: %r" % (args, out + err))
            if os.path.isdir(outdir):
                for name in os.listdir(outdir):
                    with open(os.path.join(outdir, name), errors="replace") as f:
                        expect(SECRET not in f.read(), "%s holds the password" % name)
        r.check("the password is in no message, output or file of any run", never_in_messages)

        env_secret = "Env-Pw-0815"
        env_pwfile = os.path.join(workdir, "env-pw")
        with open(env_pwfile, "w") as f:
            f.write(env_secret + "\n")
        stalled = start(["--stall", "*/vms", "--stall-time", "60000",
                         "--password-file", env_pwfile])

        def running_load():
            """Starts `show vms` with the password in its environment and core
            dumps allowed, waits (on the request log, not a clock) until it
            waits for /vms, and returns the process."""
            def allow_cores():
                soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
                resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))
            env = r.env(env_secret)
            cwd = tempfile.mkdtemp(dir=workdir)
            proc = subprocess.Popen([exe, "-c", stalled.http_uri, "-u", USER, "show", "vms"],
                                    env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    preexec_fn=allow_cores)
            deadline = time.monotonic() + ovirt_cli.TIMEOUT
            while not any("\t/ovirt-engine/api/vms\t" in l for l in log_lines(stalled)):
                expect(proc.poll() is None, "virt-inventory ended early")
                expect(time.monotonic() < deadline, "no /vms request")
                time.sleep(0.05)
            return proc, cwd

        def environ_and_core():
            proc, cwd = running_load()
            try:
                with open("/proc/%d/environ" % proc.pid, "rb") as f:
                    environ = f.read()
                expect(env_secret.encode() not in environ
                       and b"VIRT_INVENTORY_PASSWORD=" not in environ,
                       "the password is still in /proc/PID/environ")
                with open("/proc/%d/limits" % proc.pid) as f:
                    core = [l for l in f if l.startswith("Max core file size")][0].split()
                expect(core[4] == "0", "core dumps allowed: %r" % core)
                proc.send_signal(signal.SIGABRT)
                status = os.waitid(os.P_PID, proc.pid, os.WEXITED)
                expect(status.si_code == os.CLD_KILLED,
                       "not killed by the signal (code %d, status %d): a core was dumped"
                       % (status.si_code, status.si_status))
                expect(os.listdir(cwd) == [], "files left: %r" % os.listdir(cwd))
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        r.check("while loading: the password left the environment, no core dump on abort",
                environ_and_core)

        hostile = start(["--hostile", "escapes", "--fault", "*/hosts"])
        base = ["-c", hostile.http_uri, "-u", USER]

        def hostile_auth():
            res = r.run(base + ["tables"], password="wrong")
            expect_exit(res, 2)
            line = one_line(res[2])
            no_control(res[2], "stderr")
            expect("The username or password is incorrect." in line, line)
        r.check("a hostile SSO error: one line, no control characters", hostile_auth)

        def hostile_fault():
            res = r.run(base + ["tables"])
            expect_exit(res, 3)
            no_control(res[1], "stdout")
            no_control(res[2], "stderr")
            expect("injected by --fault" in res[1], res[1])
            res = r.run(base + ["show", "hosts"])
            expect_exit(res, 3)
            no_control(res[2], "stderr")
            res = r.run(base + ["tables", "--format", "csv"])
            expect_exit(res, 3)
            no_control(res[1].replace("\r\n", "\n"), "csv")
        r.check("a hostile engine fault: the table error is sanitized everywhere",
                hostile_fault)

        def injected(kind):
            bad = start(["--hostile", kind])
            res = r.run(["-c", bad.http_uri, "-u", USER, "tables"])
            expect_exit(res, 2)
            line = one_line(res[2])
            expect("sent a token with a control character" in line, line)
            lines = log_lines(bad)
            expect(not any("X-Injected" in l for l in lines), "injected: %r" % lines)
            expect(len(lines) == 1 and lines[0].startswith("POST\t/ovirt-engine/sso/oauth/"),
                   "requests after the token: %r" % lines)
        r.check("a token with CR LF is refused; no request carries X-Injected",
                lambda: injected("token-crlf"))
        r.check("a token with a NUL is refused", lambda: injected("token-nul"))

        def user_without_profile():
            before = len(log_lines(sim))
            res = r.run(["-c", sim.http_uri, "-u", "admin", "tables"])
            expect_exit(res, 2)
            line = one_line(res[2])
            expect("'admin' has no @PROFILE" in line and "-u admin@internal" in line, line)
            expect(len(log_lines(sim)) == before, "requests were made")
        r.check("-u admin: refused before connecting, with the hint admin@internal",
                user_without_profile)

        ca = os.path.join(workdir, "tls-ca.pem")
        tls = start(["--tls", "--ca-out", ca])
        tls_uri = "ovirt://127.0.0.1:%d" % tls.port

        def fetch_ca_https():
            cwd = tempfile.mkdtemp(dir=workdir)
            res = r.run(["fetch-ca", tls_uri], cwd=cwd)
            expect_exit(res, 0)
            name = "127.0.0.1-%d-ca.pem" % tls.port
            with open(ca) as f1, open(os.path.join(cwd, name)) as f2:
                expect(f1.read() == f2.read(), "the downloaded CA differs from the served one")
            suggested = [l.strip() for l in res[2].splitlines()
                         if l.strip().startswith("virt-inventory -c ")]
            want = "virt-inventory -c %s -u USER@DOMAIN --ca-file %s tables" % (tls_uri, name)
            expect(suggested == [want], "suggested %r, wanted %r" % (suggested, want))
            args = want.replace("USER@DOMAIN", USER).split()[1:]
            res = r.run(args, cwd=cwd)
            expect_exit(res, 0)
            expect(res[2] == "", res[2])
        r.check("fetch-ca ovirt://HOST:PORT keeps scheme and port; its suggestion works",
                fetch_ca_https)

        def no_ca_store():
            if os.geteuid() != 0 or shutil.which("unshare") is None:
                raise Skip("needs root and unshare(1) to hide /etc/ssl/certs")
            store = "/etc/ssl/certs"
            script = ('mount -t tmpfs none %s && exec "$@"' % store)
            p = subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", exe, "-c", tls_uri,
                                "-u", USER, "tables"], env=r.env(), cwd=workdir,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=ovirt_cli.TIMEOUT)
            expect(p.returncode == 2, "exit %d: %s" % (p.returncode, p.stderr))
            line = one_line(p.stderr)
            expect("the system's CA certificates are missing" in line
                   and "ca-certificates" in line, line)
            expect("not trusted" not in line and "--insecure" not in line, line)
        r.check("no system CA store: said so, not 'untrusted engine'", no_ca_store)
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
