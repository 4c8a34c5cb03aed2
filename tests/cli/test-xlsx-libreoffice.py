#!/usr/bin/env python3
"""test-xlsx-libreoffice.py — the XLSX export opened by LibreOffice.

Usage: test-xlsx-libreoffice.py VIRT_INVENTORY DEMO_DIR SOFFICE

Exports the demo as one workbook and as CSV files, converts every sheet of
the workbook to CSV with LibreOffice (`soffice --headless --convert-to csv`,
all sheets, cell values rather than their display), and compares each
table's sheet with the CSV export, cell by cell: the same text; numbers
equal as numbers; booleans TRUE/FALSE for true/false; dates to the second
(LibreOffice writes them as "YYYY-MM-DD HH:MM:SS"); an empty text ("" in
our CSV) as an empty cell.  Registered only when LibreOffice is installed
(suite 'libreoffice'; see docs/cli.md).  Output is TAP.
"""

import csv
import os
import re
import subprocess
import sys
import tempfile

# Columns computed from the current time (their value moves between runs).
CLOCK_COLUMNS = {"Age (d)", "Uptime (h)", "Elapsed time (s)", "Oldest snapshot age (d)"}
ISO = re.compile(r"^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(\.\d+)?Z$")


def same(ours, theirs, header):
    if ours == theirs:
        return True
    if ours == '""' and theirs == "":
        return True
    if ours in ("true", "false"):
        return theirs == ours.upper()
    m = ISO.match(ours)
    if m:
        return theirs == f"{m.group(1)} {m.group(2)}"
    try:
        a, b = float(ours), float(theirs)
    except ValueError:
        return False
    tolerance = 1e-3 if header in CLOCK_COLUMNS else 1e-12
    return abs(a - b) <= tolerance * max(1.0, abs(a))


def main():
    program, demo, soffice = (os.path.abspath(a) for a in sys.argv[1:4])
    results = []

    def check(ok, desc, why=""):
        results.append((bool(ok), desc, "" if ok else why))

    with tempfile.TemporaryDirectory() as tmp:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "LC_ALL": "C.UTF-8",
               "TZ": "UTC", "VINV_DEMO_DIR": demo}
        book = os.path.join(tmp, "inv.xlsx")
        for args in (["export", "--all", "--format", "xlsx", "-o", book],
                     ["export", "--all", "-d", os.path.join(tmp, "csv")]):
            r = subprocess.run([program, "-q"] + args, env=env, cwd=tmp, capture_output=True,
                               text=True, timeout=120)
            check(r.returncode == 0, " ".join(args[:4]), r.stderr)
        out = os.path.join(tmp, "lo")
        os.mkdir(out)
        # tokens: ',' '"' UTF-8, from line 1, -, -, -, -, values not as shown, -, -, all sheets
        r = subprocess.run([soffice, "--headless", "--norestore", "--convert-to",
                            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
                            "false,false,-1", "--outdir", out, book],
                           env=env, cwd=tmp, capture_output=True, text=True, timeout=300)
        check(r.returncode == 0, "LibreOffice converts the workbook", r.stderr + r.stdout)

        for name in sorted(os.listdir(os.path.join(tmp, "csv"))):
            table = name[:-len(".csv")]
            with open(os.path.join(tmp, "csv", name), newline="", encoding="utf-8") as f:
                ours = list(csv.reader(f))
            # the sheet of that table: LibreOffice names the file inv-SHEET.csv
            sheets = [f for f in os.listdir(out)
                      if f.startswith("inv-") and f != "inv-Summary.csv"]
            match = None
            for sheet in sheets:
                with open(os.path.join(out, sheet), newline="", encoding="utf-8") as f:
                    rows = list(csv.reader(f))
                if rows and rows[0] == ours[0] and len(rows) == len(ours):
                    match = rows
                    break
            check(match is not None, f"{table}: a sheet with its header and row count")
            if match is None:
                continue
            diffs = []
            for r_i, (a, b) in enumerate(zip(ours, match)):
                for c_i, (x, y) in enumerate(zip(a, b)):
                    if not same(x, y, ours[0][c_i]):
                        diffs.append(f"row {r_i + 1} {ours[0][c_i]}: {x!r} vs {y!r}")
            check(not diffs, f"{table}: LibreOffice reads the CSV export's values",
                  f"{len(diffs)} differ, e.g. {diffs[:4]!r}")

    print(f"1..{len(results)}")
    for i, (ok, desc, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        if why:
            print("# " + why.replace("\n", "\n# "))
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
