"""pty_driver.py — runs virt-inventory with its standard input on a
pseudo-terminal and answers one question typed there, as a user would.

Shared by test-ovirt-cli.py (the password prompt) and test-actions.py (the
typed confirmation of `do`).  The tool's stdout and stderr go to files, so
only what it writes to the terminal (the question, and what it echoes) is
in the terminal text.  Readiness is the question itself appearing on the
terminal, never a sleep; every wait is bounded by @timeout.
"""

import os
import pty
import select
import subprocess
import tempfile
import time


def run_answering(argv, env, cwd, asked, answer, timeout):
    """Runs @argv (in @cwd, with @env) with stdin on a pseudo-terminal.  The
    first time @asked(terminal bytes so far) is true, types @answer and a
    newline; it answers at most once.  Returns (exit code, stdout, stderr,
    terminal text).  The process is killed if it outlives @timeout."""
    master, slave = pty.openpty()
    with tempfile.TemporaryFile("w+", dir=cwd) as out, \
            tempfile.TemporaryFile("w+", dir=cwd) as err:
        proc = subprocess.Popen(argv, stdin=slave, stdout=out, stderr=err, env=env, cwd=cwd)
        os.close(slave)
        seen = b""
        try:
            deadline = time.monotonic() + timeout
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
                if not typed and asked(seen):
                    os.write(master, answer.encode() + b"\n")
                    typed = True
                if proc.poll() is not None and not ready:
                    break
            rc = proc.wait(timeout=timeout)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(master)
        out.seek(0)
        err.seek(0)
        return rc, out.read(), err.read(), seen.decode("utf-8", "replace")
