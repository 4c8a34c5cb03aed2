#!/usr/bin/env python3
"""check-lazy-libvirt.py — the programs start without libvirt and load it
when a libvirt URI is opened (src/libvirt/lazy.c).

Usage: check-lazy-libvirt.py VIRT_INVENTORY DATA_DIR

1. The dynamic loader, asked which libraries the program needs
   (LD_TRACE_LOADED_OBJECTS, what ldd does), lists no libvirt.
2. `show vms` on a libvirt test-driver file lists its VMs, and the
   loader's own account (LD_DEBUG=files) shows that it opened the module
   and, with it, libvirt.
Output is TAP.
"""
import os
import subprocess
import sys

exe, data = sys.argv[1], os.path.abspath(sys.argv[2])
results = []


def check(ok, name):
    results.append((ok, name))


env = dict(os.environ, LD_TRACE_LOADED_OBJECTS="1")
out = subprocess.run([exe], env=env, capture_output=True, text=True).stdout
libs = [line.split()[0] for line in out.splitlines() if line.strip()]
check(len(libs) > 3 and any("libglib-2.0" in l for l in libs),
      "the loader lists the program's libraries (%d)" % len(libs))
check(not any("libvirt" in l for l in libs),
      "the program is not linked with libvirt: %s" % [l for l in libs if "libvirt" in l])

env = dict(os.environ, LD_DEBUG="files", LC_ALL="C.UTF-8")
env.pop("VINV_MODULE_DIR", None)
run = subprocess.run([exe, "-c", "test://%s/hv-a.xml" % data, "show", "vms", "--columns", "name"],
                     env=env, capture_output=True, text=True)
check(run.returncode == 0, "show vms on a test-driver file exits 0 (%d: %s)"
      % (run.returncode, run.stderr.splitlines()[-1:] if run.returncode else ""))
names = [l.strip() for l in run.stdout.splitlines()[2:] if l.strip()]
check(len(names) > 0, "it lists the file's VMs (%d)" % len(names))
check(any("vinv-libvirt.so" in l for l in run.stderr.splitlines()),
      "the loader opened the module vinv-libvirt.so")
check(any("libvirt.so.0" in l for l in run.stderr.splitlines()),
      "libvirt was loaded with it")

print("1..%d" % len(results))
for i, (ok, name) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
sys.exit(0 if all(ok for ok, _ in results) else 1)
