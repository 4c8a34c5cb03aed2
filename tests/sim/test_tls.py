"""ovirt-sim TLS: --tls serves HTTPS with a generated CA; a client that trusts
the CA downloaded from pki-resource verifies the server (by IP and by name);
a client without it fails verification. Also --cert/--key/--ca loading.
"""

import os
import ssl
import tempfile
import unittest
import urllib.error

import simlib
from simlib import Sim

PKI = "/ovirt-engine/services/pki-resource?resource=ca-certificate&format=X509-PEM-CA"


class TlsTest(unittest.TestCase):
    def test_tls_with_downloaded_ca(self):
        with Sim("--vms", 5, "--tls") as sim:
            self.assertTrue(sim.base.startswith("https://127.0.0.1:"))
            # bootstrap: fetch the CA without verification, as `curl -k` would
            insecure = ssl._create_unverified_context()
            r = sim.request("GET", PKI, context=insecure)
            self.assertEqual(r.status, 200)
            pem = r.body.decode()
            self.assertTrue(pem.startswith("-----BEGIN CERTIFICATE-----"))

            trusting = ssl.create_default_context(cadata=pem)
            sim.ssl_context = trusting
            self.assertEqual(len(sim.get_json("vms")["vm"]), 5)
            port = sim.base.rsplit(":", 1)[1]
            r = sim.request("GET", "https://localhost:%s%s" % (port, PKI), context=trusting)
            self.assertEqual(r.status, 200)

            plain = ssl.create_default_context()
            with self.assertRaises(urllib.error.URLError) as cm:
                sim.request("GET", PKI, context=plain)
            self.assertIsInstance(cm.exception.reason, ssl.SSLCertVerificationError)

            other_ca = ssl.create_default_context(cadata=self.other_ca())
            with self.assertRaises(urllib.error.URLError):
                sim.request("GET", PKI, context=other_ca)

    def other_ca(self):
        """The CA of another simulator instance (a different key)."""
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "ca.pem")
            with Sim("--vms", 1, "--ca-out", path):
                with open(path) as f:
                    return f.read()

    def test_load_certificates(self):
        """A second instance serving the first one's files is trusted via
        the first one's CA and hands out that CA from pki-resource."""
        with tempfile.TemporaryDirectory() as d:
            ca, cert, key = (os.path.join(d, n) for n in ("ca.pem", "cert.pem", "key.pem"))
            with Sim("--vms", 1, "--ca-out", ca, "--cert-out", cert, "--key-out", key):
                pass
            self.assertEqual(os.stat(key).st_mode & 0o777, 0o600)
            with open(ca) as f:
                ca_pem = f.read()
            with Sim("--vms", 3, "--tls", "--cert", cert, "--key", key, "--ca", ca) as sim:
                sim.ssl_context = ssl.create_default_context(cadata=ca_pem)
                self.assertEqual(len(sim.get_json("vms")["vm"]), 3)
                self.assertEqual(sim.get(PKI, auth=False).body.decode(), ca_pem)
            bad = simlib.subprocess.run([simlib.binary(), "--tls", "--cert", cert,
                                         "--key", os.path.join(d, "missing.pem")],
                                        capture_output=True, timeout=60)
            self.assertEqual(bad.returncode, 2)
            self.assertIn(b"missing.pem", bad.stderr)


if __name__ == "__main__":
    simlib.run(__name__)
