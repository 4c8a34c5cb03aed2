#!/usr/bin/env python3
"""test-man.py — the generated man page virt-inventory(1), read as man reads it.

Usage: test-man.py MAN_PAGE VIRT_INVENTORY

Renders the page with groff (man macros, warnings on: `groff -man -ww`),
which must print no warning, and checks the rendered text against the
program itself: every option that `virt-inventory --help` and `COMMAND
--help` name, every command, every exit code and environment variable,
and the version `--version` prints.  Output is TAP.
"""

import re
import subprocess
import sys


def main():
    page, program = sys.argv[1], sys.argv[2]
    results = []

    r = subprocess.run(["groff", "-man", "-Tascii", "-P-cbou", "-ww", page],
                       capture_output=True, text=True, timeout=60)
    results.append((r.returncode == 0 and r.stderr == "", "groff renders it without warnings",
                    r.stderr.strip()))
    text = r.stdout
    # groff breaks lines; the checks below look for words, so join them
    flat = re.sub(r"\s+", " ", text)

    top = subprocess.run([program, "--help"], capture_output=True, text=True).stdout
    commands = re.findall(r"^  (\S+)\s+\S", top.split("Commands:\n")[1].split("\n\n")[0],
                          re.M)
    results.append((len(commands) >= 5, "the program lists its commands", repr(commands)))
    for c in commands:
        results.append(("COMMANDS" in text and re.search(rf"^   {re.escape(c)}$", text, re.M)
                        is not None, f"command {c} has its section", ""))
        helptext = subprocess.run([program, c, "--help"], capture_output=True, text=True).stdout
        for opt in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", helptext))):
            results.append((opt in flat, f"{c}: {opt} is in the page", ""))
    for opt in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", top))):
        results.append((opt in flat, f"global {opt} is in the page", ""))

    for code in ("0", "1", "2", "3"):
        results.append((re.search(rf"EXIT STATUS.*\s{code}\s", flat) is not None,
                        f"exit status {code}", ""))
    for var in re.findall(r"^  ([A-Z_]{4,})\s", top.split("Environment:\n")[1], re.M):
        results.append((var in flat, f"environment {var}", ""))

    version = subprocess.run([program, "--version"], capture_output=True,
                             text=True).stdout.split()[-1]
    results.append((f"virt-inventory {version}" in flat, f"version {version} in the footer",
                    ""))

    print(f"1..{len(results)}")
    for i, (ok, desc, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        if why and not ok:
            print(f"# {why}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
