#!/usr/bin/env python3
"""Sums up meson test logs: every TAP subtest counts once, every other test
once.  Prints failures, then the closing line "N passed, N failed".
Exits 1 if anything failed or no test ran."""
import json
import re
import sys

passed = failed = skipped = 0
failures = []
notes = []
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            entries = [json.loads(line) for line in f if line.strip()]
    except OSError as e:
        failures.append(f"{path}: {e.strerror}")
        failed += 1
        continue
    label = "asan: " if "asan" in path else ""
    for e in entries:
        name = e.get("name", "?")
        result = e.get("result", "ERROR")
        out = e.get("stdout") or ""
        # meson's log does not say which protocol a test spoke: a TAP plan
        # or result line means TAP (GLib's --tap prints no "TAP version")
        if re.search(r"^(1\.\.\d+|(not )?ok \d+)", out, re.M):
            ok = nok = 0
            whole = re.search(r"^1\.\.0\s*#\s*SKIP\s*(.*)$", out, re.M | re.I)
            if whole:               # a whole TAP program skipped, saying why
                skipped += 1
                notes.append(f"SKIPPED {label}{name}: {whole.group(1)}")
            for line in out.splitlines():
                if re.match(r"^ok \d+.*#\s*SKIP", line, re.I):
                    skipped += 1
                elif re.match(r"^ok \d+", line):
                    ok += 1
                elif re.match(r"^not ok \d+", line):
                    nok += 1
                    failures.append(f"{label}{name}: {line}")
            if result not in ("OK", "EXPECTEDFAIL", "SKIP") and nok == 0:
                nok = 1
                failures.append(f"{label}{name}: {result}")
            passed += ok
            failed += nok
        elif result in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif result == "SKIP":
            pass
        else:
            failed += 1
            failures.append(f"{label}{name}: {result}")

for n in notes:
    print(n)
for f in failures:
    print("FAILED", f)
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(0 if failed == 0 and passed > 0 else 1)
