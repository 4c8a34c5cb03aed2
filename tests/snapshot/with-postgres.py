#!/usr/bin/env python3
"""with-postgres.py — runs a command against a PostgreSQL server of its own.

Usage: with-postgres.py COMMAND [ARG]...

Starts a throw-away PostgreSQL server from Debian's packages: initdb on a
temporary directory (trust authentication, no fsync), pg_ctl start on
127.0.0.1 and a free port, waiting with pg_ctl -w for it to accept
connections (never a sleep).  As root the server runs as the 'postgres'
user, since PostgreSQL refuses to run as root.  Then runs COMMAND with
VINV_TEST_PG_URI=postgresql://postgres@127.0.0.1:PORT/postgres, passes
its output through, stops the server and removes the directory, whatever
happened.  COMMAND must speak TAP.

Where no server can be started (PostgreSQL not installed, no 'postgres'
user), prints "1..0 # SKIP" with the reason, so the run says so, and exits
0: the SQLite tests run elsewhere regardless.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile


def skip(reason):
    print("1..0 # SKIP cannot start PostgreSQL: %s" % reason)
    sys.exit(0)


def find_bindir():
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                  key=lambda d: int(d.split("/")[-2]) if d.split("/")[-2].isdigit() else 0)
    for d in reversed(dirs):
        if os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    for name in ("initdb", "pg_ctl"):
        if shutil.which(name) is None:
            return None
    return os.path.dirname(shutil.which("initdb"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    bindir = find_bindir()
    if bindir is None:
        skip("initdb and pg_ctl not found (Debian package postgresql)")

    prefix = []
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            skip("running as root and there is no 'postgres' user to run the server")
        prefix = ["runuser", "-u", "postgres", "--"]

    top = tempfile.mkdtemp(prefix="vinv-pg-")
    data = os.path.join(top, "data")
    log = os.path.join(top, "server.log")
    started = False
    try:
        os.chmod(top, 0o700)
        if user is not None:
            os.chown(top, user.pw_uid, user.pw_gid)
        out = subprocess.run(prefix + [os.path.join(bindir, "initdb"), "-D", data, "-A", "trust",
                                       "-U", "postgres", "-E", "UTF8", "--no-sync"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                             cwd=top)
        if out.returncode != 0:
            skip("initdb failed: %s" % out.stdout.decode(errors="replace").strip()[-300:])
        for attempt in range(3):
            port = free_port()
            opts = "-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off" % (port, top)
            out = subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-l", log,
                                           "-o", opts, "-w", "-t", "60", "start"],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120,
                                 cwd=top)
            if out.returncode == 0:
                started = True
                break
        if not started:
            text = ""
            if os.path.exists(log):
                with open(log, errors="replace") as f:
                    text = f.read()[-300:]
            skip("pg_ctl start failed: %s" % text.strip())

        env = dict(os.environ)
        env["VINV_TEST_PG_URI"] = "postgresql://postgres@127.0.0.1:%d/postgres" % port
        env.pop("PGPASSWORD", None)
        proc = subprocess.run(sys.argv[1:], env=env)
        return proc.returncode
    finally:
        if started:
            subprocess.run(prefix + [os.path.join(bindir, "pg_ctl"), "-D", data, "-m", "fast",
                                     "-w", "stop"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
                           cwd=top)
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
