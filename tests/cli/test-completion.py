#!/usr/bin/env python3
"""test-completion.py — the generated bash completion, run in a real bash.

Usage: test-completion.py COMPLETION_SCRIPT VIRT_INVENTORY

Each case sources the script in `bash --norc`, sets COMP_WORDS and
COMP_CWORD as bash does when Tab is pressed (the last word is the one
being completed; "--opt=value" split at '=' as COMP_WORDBREAKS splits it),
calls the completion function and compares COMPREPLY with what is
expected: exactly (`equal`), or as a subset (`contains`) with words that
must not be offered (`lacks`).  A configuration file with two profiles
and a view is put in XDG_CONFIG_HOME, and files in the working directory.

The column ids offered for every table are also compared with what
`virt-inventory columns TABLE` lists for the built-in demo, so the
completion and the program cannot disagree.  Output is TAP.
"""

import csv
import io
import os
import re
import subprocess
import sys
import tempfile

CONFIG = """\
[general]
default-profile=lab

[profile lab]
uri=test:///default;

[profile  engine two ]
uri=ovirt://engine.example.com
user=admin@internal

[view big-vms]
table=hosts
columns=name;memory;

[table vms]
columns=name;
"""

RUNNER = r'''
source "$1"; shift
COMP_WORDS=("$@")
COMP_CWORD=$(( $# - 1 ))
COMPREPLY=()
_virt_inventory virt-inventory "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
status=$?
for w in "${COMPREPLY[@]}"; do printf '%s\n' "$w"; done
exit $status
'''

# The commands, as `virt-inventory --help` lists them (set in main()).
COMMANDS = []
ACTIONS = ["start", "shutdown", "stop", "reboot", "suspend", "pause", "resume", "snapshot",
           "snapshot-delete", "migrate"]
TABLES = ["vms", "hosts", "disks", "storage_domains", "clusters", "data_centers", "networks",
          "vnic_profiles", "templates", "vm_nics", "host_nics", "snapshots"]

# (description, words (the last is being completed), check, expected, lacks)
CASES = [
    ("commands", ["virt-inventory", ""], "equal", COMMANDS, []),
    ("a command by prefix", ["virt-inventory", "sh"], "equal", ["show"], []),
    ("the command after global options",
     ["virt-inventory", "-c", "test:///default", "-q", "ex"], "equal", ["export"], []),
    ("the command after an option split at '='",
     ["virt-inventory", "--config", "=", "x.ini", "t"], "equal", ["tables"], []),
    ("table ids after show", ["virt-inventory", "show", ""], "equal", TABLES, []),
    ("table ids by prefix", ["virt-inventory", "columns", "ho"], "equal",
     ["hosts", "host_nics"], []),
    ("no second TABLE for show", ["virt-inventory", "show", "vms", ""], "equal", [], []),
    ("several tables for export", ["virt-inventory", "export", "vms", "d"], "equal",
     ["disks", "data_centers"], []),
    ("commands after help", ["virt-inventory", "help", "f"], "equal", ["fetch-ca"], []),
    ("actions after do", ["virt-inventory", "do", ""], "equal", ACTIONS, []),
    ("a table after the action", ["virt-inventory", "do", "start", "v"], "equal",
     ["vms", "vm_nics", "vnic_profiles"], []),
    ("do -f: columns of the action's table",
     ["virt-inventory", "do", "snapshot-delete", "-f", "memory_s"], "equal",
     ["memory_saved"], []),
    ("do -f: columns of VMs", ["virt-inventory", "do", "stop", "-f", "pending_r"], "equal",
     ["pending_restart"], []),
    ("global options before a command", ["virt-inventory", "--"], "contains",
     ["--connect", "--profile", "--view", "--config", "--help"],
     ["--columns", "--filter", "--output", "--raw-csv"]),
    ("show's options and the global ones", ["virt-inventory", "show", "vms", "--"],
     "contains", ["--filter", "--columns", "--sort", "--format", "--all-columns",
                  "--raw-csv", "--connect", "--quiet"], ["--dir", "--force", "--output"]),
    ("export's options", ["virt-inventory", "export", "-"], "contains",
     ["-o", "-d", "--output", "--dir", "--all", "--force", "--raw-csv", "-c"],
     ["--filter", "--sort"]),
    ("show --format values", ["virt-inventory", "show", "vms", "--format", ""], "equal",
     ["text", "csv", "json", "xlsx"], []),
    ("export --format values", ["virt-inventory", "export", "--format", ""], "equal",
     ["csv", "json", "xlsx"], []),
    ("--format= split at '='", ["virt-inventory", "export", "--format", "=", "j"], "equal",
     ["json"], []),
    ("--format= right after '='", ["virt-inventory", "tables", "--format", "="], "equal",
     ["text", "csv", "json"], []),
    ("--format=VALUE as one word", ["virt-inventory", "show", "--format=c"], "equal",
     ["--format=csv"], []),
    ("--fetch values", ["virt-inventory", "--fetch", "p"], "equal", ["parallel"], []),
    ("-o columns of the table", ["virt-inventory", "show", "hosts", "-o", "na"], "equal",
     ["name"], []),
    ("-o list: the last item", ["virt-inventory", "show", "vms", "-o", "name,memo"],
     "equal", ["name,memory"], []),
    ("-o +COL keeps the sign", ["virt-inventory", "show", "vms", "-o", "+storage_d"],
     "equal", ["+storage_domains"], []),
    ("-s descending", ["virt-inventory", "show", "vms", "-s", "status,-mem"], "contains",
     ["status,-memory", "status,-mem_used"], ["status,memory", "-memory"]),
    ("-s before the table: every table's columns",
     ["virt-inventory", "show", "-s", "sock"], "contains", ["sockets"], []),
    ("table by alias and title", ["virt-inventory", "show", "Storage-Pools", "-o", "ava"],
     "equal", ["available"], []),
    ("-f the column of the last term",
     ["virt-inventory", "show", "vms", "-f", "status=up,pend"], "equal",
     ["status=up,pending_restart"], []),
    ("-f after a quote", ["virt-inventory", "show", "vms", "-f", "'memory > 4GB, statu"],
     "equal", ["'memory > 4GB, status"], []),
    ("-f not inside a value", ["virt-inventory", "show", "vms", "-f", "name=we"], "equal",
     [], []),
    ("--profile names from the config", ["virt-inventory", "--profile", ""], "equal",
     ["lab", "engine two"], []),
    ("--view names from the config", ["virt-inventory", "show", "--view", "b"], "equal",
     ["big-vms"], []),
    ("--config FILE is read", ["virt-inventory", "--config", "other.ini", "--profile", ""],
     "equal", ["elsewhere"], []),
    ("--view gives the table for -o", ["virt-inventory", "show", "--view", "big-vms", "-o",
                                       "core"], "equal", ["cores"], []),
    ("-o of export is a file", ["virt-inventory", "export", "-o", "fi"], "equal",
     ["file-one.csv"], []),
    ("-o of fetch-ca is a file", ["virt-inventory", "fetch-ca", "-o", "fi"], "equal",
     ["file-one.csv"], []),
    ("-d is a directory", ["virt-inventory", "export", "-d", ""], "equal",
     ["config", "outdir"], []),
    ("no values for -c", ["virt-inventory", "-c", ""], "equal", [], []),
    ("-o is not global", ["virt-inventory", "-o", ""], "equal", COMMANDS, []),
]


def complete(script, words, cwd, env):
    r = subprocess.run(["bash", "--norc", "--noprofile", "-c", RUNNER, "bash", script] + words,
                       cwd=cwd, env=env, capture_output=True, text=True, timeout=30)
    if r.returncode != 0 or r.stderr:
        raise RuntimeError(f"bash exited {r.returncode}: {r.stderr.strip()}")
    return [w for w in r.stdout.split("\n") if w != ""]


def main():
    script, program = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    results = []
    top = subprocess.run([program, "--help"], capture_output=True, text=True).stdout
    COMMANDS.extend(re.findall(r"^  (\S+)\s+\S", top.split("Commands:\n")[1]
                               .split("\n\n")[0], re.M))
    with tempfile.TemporaryDirectory() as tmp:
        cfgdir = os.path.join(tmp, "config", "virt-inventory")
        os.makedirs(cfgdir)
        with open(os.path.join(cfgdir, "config.ini"), "w") as f:
            f.write(CONFIG)
        with open(os.path.join(tmp, "other.ini"), "w") as f:
            f.write("[profile elsewhere]\nuri=test:///default;\n")
        open(os.path.join(tmp, "file-one.csv"), "w").close()
        os.mkdir(os.path.join(tmp, "outdir"))
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "LC_ALL": "C.UTF-8"}

        for desc, words, check, expected, lacks in CASES:
            try:
                got = complete(script, words, tmp, env)
            except Exception as e:      # noqa: BLE001 - reported as a failure
                results.append((False, desc, str(e)))
                continue
            if check == "equal":
                ok = sorted(got) == sorted(expected)
            else:
                ok = all(w in got for w in expected) and not any(w in got for w in lacks)
            results.append((ok, desc, "" if ok else f"words {words!r}: got {got!r}, "
                            f"expected {check} {expected!r}" + (f", lacking {lacks!r}"
                                                                if lacks else "")))

        # the column ids of every table of the demo, against `virt-inventory
        # columns` (the demo is libvirt: it has 7 of the 12 tables)
        demo_env = dict(env, VINV_DEMO_DIR=os.path.join(os.environ.get(
            "VINV_SOURCE_ROOT", "."), "data", "demo"))
        r = subprocess.run([program, "-q", "tables", "--format", "csv"], cwd=tmp,
                           env=demo_env, capture_output=True, text=True, timeout=60)
        present = [row["ID"] for row in csv.DictReader(io.StringIO(r.stdout))]
        ok = r.returncode == 0 and len(present) >= 5 and all(t in TABLES for t in present)
        results.append((ok, "the demo's tables are among the completed ones",
                        "" if ok else f"tables {present!r} ({r.returncode}: {r.stderr})"))
        for table in present:
            desc = f"columns of {table} as `virt-inventory columns` lists them"
            r = subprocess.run([program, "-q", "columns", table, "--format", "csv"], cwd=tmp,
                               env=demo_env, capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                results.append((False, desc, f"columns exited {r.returncode}: {r.stderr}"))
                continue
            listed = [row["ID"] for row in csv.DictReader(io.StringIO(r.stdout))]
            got = complete(script, ["virt-inventory", "show", table, "-o", ""], tmp, env)
            ok = got == listed and len(listed) > 2
            results.append((ok, desc, "" if ok else f"completion {got!r} != columns {listed!r}"))

    print(f"1..{len(results)}")
    for i, (ok, desc, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        if why:
            print(f"# {why}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
