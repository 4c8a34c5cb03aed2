"""Helpers for the ovirt-sim tests: start a simulator, talk to it, stop it.

Each test starts its own simulator on --port 0, waits for the readiness line
on its standard output (bounded, never a sleep) and stops it on exit. The
path of the binary comes from $OVIRT_SIM (set by tests/sim/meson.build).
Standard library only.
"""

import atexit
import base64
import json
import os
import re
import selectors
import ssl
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

READY = re.compile(r"^ovirt-sim: listening on (https?://[^/]+)/ovirt-engine/api$")
USER = "admin@internal"
PASSWORD = "ovirt"
BLANK_ID = "00000000-0000-0000-0000-000000000000"


def binary():
    path = os.environ.get("OVIRT_SIM")
    if not path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "build-sim", "tools", "ovirt-sim", "ovirt-sim")
    return path


class Response:
    """An HTTP answer: status, headers (lower-case names) and raw body."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = {k.lower(): v for k, v in headers.items()}
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


_running = []


@atexit.register
def _stop_leftovers():
    """Safety net: no simulator outlives the test process that started it."""
    for sim in list(_running):
        sim.stop(check=False)


class Sim:
    """A running simulator. Use as a context manager."""

    def __init__(self, *args, ready_timeout=30.0):
        self.args = [binary(), "--port", "0", "--quiet", *[str(a) for a in args]]
        # stderr goes to a file (never a pipe that could fill up); stop()
        # fails the test if a sanitizer reported anything there
        self.stderr = tempfile.TemporaryFile()
        self.errors = ""
        self.proc = subprocess.Popen(self.args, stdout=subprocess.PIPE,
                                     stderr=self.stderr, stdin=subprocess.DEVNULL)
        _running.append(self)
        self.base = self._wait_ready(ready_timeout)
        self.api = self.base + "/ovirt-engine/api"
        self.ssl_context = None
        self._token = None

    def _wait_ready(self, timeout):
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + timeout
        line = b""
        try:
            while time.monotonic() < deadline:
                if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    break
                line += chunk
                if b"\n" in line:
                    first = line.split(b"\n", 1)[0].decode()
                    match = READY.match(first)
                    if not match:
                        raise RuntimeError("unexpected readiness line: %r" % first)
                    return match.group(1)
        finally:
            sel.close()
        self.stop(check=False)
        raise RuntimeError("simulator not ready: %r %r" % (line, self.errors))

    def stop(self, check=True):
        """Stops the simulator (SIGTERM, then SIGKILL after 20 s); returns
        its exit status. Raises if it printed a sanitizer report."""
        if self in _running:
            _running.remove(self)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        if not self.stderr.closed:
            self.stderr.seek(0)
            self.errors = self.stderr.read().decode(errors="replace")
            self.stderr.close()
            if check and ("Sanitizer" in self.errors or "runtime error:" in self.errors):
                raise AssertionError("simulator reported:\n" + self.errors)
        return self.proc.returncode

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- HTTP ------------------------------------------------------------
    def request(self, method, url, body=None, headers=None, timeout=30, context=None):
        if not url.startswith("http"):
            url = self.base + url
        req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        ctx = context if context is not None else self.ssl_context
        try:
            with urllib.request.urlopen(req, timeout=timeout, context=ctx) as r:
                return Response(r.status, dict(r.headers), r.read())
        except urllib.error.HTTPError as e:
            data = e.read()
            return Response(e.code, dict(e.headers), data)

    def basic(self):
        raw = ("%s:%s" % (USER, PASSWORD)).encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}

    def token(self, user=USER, password=PASSWORD, scope="ovirt-app-api",
              accept="application/json"):
        """Asks the SSO endpoint for a token; returns the Response."""
        form = {"grant_type": "password", "username": user, "password": password}
        if scope is not None:
            form["scope"] = scope
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept is not None:
            headers["Accept"] = accept
        return self.request("POST", "/ovirt-engine/sso/oauth/token",
                            urllib.parse.urlencode(form).encode(), headers)

    def bearer(self):
        if self._token is None:
            r = self.token()
            assert r.status == 200, r.body
            self._token = r.json()["access_token"]
        return {"Authorization": "Bearer " + self._token, "Accept": "application/json"}

    def get(self, path, auth=True, headers=None, **kw):
        h = dict(self.bearer()) if auth else {}
        h.update(headers or {})
        if not path.startswith("http") and not path.startswith("/"):
            path = "/ovirt-engine/api/" + path
        return self.request("GET", path, headers=h, **kw)

    def get_json(self, path, **kw):
        r = self.get(path, **kw)
        if r.status != 200:
            raise AssertionError("GET %s -> %d %r" % (path, r.status, r.body[:300]))
        return r.json()

    def post(self, path, payload, auth=True):
        h = dict(self.bearer()) if auth else {}
        h["Content-Type"] = "application/json"
        if not path.startswith("/"):
            path = "/ovirt-engine/api/" + path
        return self.request("POST", path, json.dumps(payload).encode(), h)

    def delete(self, path):
        if not path.startswith("/"):
            path = "/ovirt-engine/api/" + path
        return self.request("DELETE", path, headers=dict(self.bearer()))

    def stats(self):
        return self.request("GET", "/sim/stats").json()

    def reset(self):
        return self.request("POST", "/sim/reset", b"")


def run(module_name):
    """Runs the unittest module; exit status 0 on success."""
    program = unittest.main(module=module_name, exit=False, verbosity=2)
    sys.exit(0 if program.result.wasSuccessful() else 1)
