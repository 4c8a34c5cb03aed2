#!/usr/bin/env python3
"""check-doc-examples.py — runs the command examples of a Markdown page.

Usage: check-doc-examples.py EXECUTABLE DEMO_DIR PAGE.md

Every ```console block of PAGE is a shell session: a line "$ COMMAND" is
run (in one shell per block, so `echo $?` sees the status of the command
before), `virt-inventory` standing for EXECUTABLE, and the lines up to the
next "$ " are what it must print, standard output and error together.
Commands run on the built-in demo (VINV_DEMO_DIR=DEMO_DIR) in an empty
temporary directory, with no configuration, LC_ALL=C.UTF-8 and TZ=UTC.
Output is TAP, one line per block.
"""

import os
import shlex
import subprocess
import sys
import tempfile


def blocks(page):
    with open(page, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i] == "```console":
            start = i + 1
            i += 1
            body = []
            while lines[i] != "```":
                body.append(lines[i])
                i += 1
            yield start, body
        i += 1


def main():
    exe, demo_dir, page = (os.path.abspath(a) for a in sys.argv[1:4])
    results = []
    with tempfile.TemporaryDirectory(prefix="vinv-doc-") as tmp:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "LC_ALL": "C.UTF-8",
               "TZ": "UTC", "VINV_DEMO_DIR": demo_dir}
        for line_no, body in blocks(page):
            script, expected = [], []
            for line in body:
                if line.startswith("$ "):
                    command = line[2:]
                    if command.startswith("virt-inventory"):
                        command = shlex.quote(exe) + command[len("virt-inventory"):]
                    script.append(command + " 2>&1")
                else:
                    expected.append(line)
            got = subprocess.run(["sh", "-c", "\n".join(script)], cwd=tmp, env=env,
                                 capture_output=True, text=True).stdout
            want = "\n".join(expected) + "\n"
            results.append(("%s:%d" % (os.path.basename(page), line_no), got == want, got, want))
    print("1..%d" % len(results))
    failed = 0
    for i, (name, ok, got, want) in enumerate(results, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
        if not ok:
            failed += 1
            for line in got.splitlines():
                print("# got:  " + line)
            for line in want.splitlines():
                print("# want: " + line)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
