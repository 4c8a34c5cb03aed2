#!/usr/bin/env python3
"""test-xlsx.py — the XLSX export read back by openpyxl (python3-openpyxl).

Usage: test-xlsx.py VIRT_INVENTORY DEMO_DIR CLI_DATA_DIR [OVIRT_SIM]

On the built-in demo, `export --all --format xlsx` is compared with the
JSON and CSV exports of the same run settings:
  * sheets: "Summary", then one per table named by its title, in order,
    then "Health";
  * the Health sheet holds exactly what `check --format json` prints: its
    columns as the header, its rows in its order, cell by cell — on the
    demo and, when OVIRT_SIM is given, on the oVirt simulator; the Summary
    lists it with its row count; exporting some tables writes no Health
    sheet;
  * every table sheet: the header row equals the CSV header (titles, units),
    in bold; the pane is frozen below it (A2); the AutoFilter covers the
    header and every row; as many rows as the JSON export;
  * every cell has the type and value of the JSON export: integers and
    doubles as numbers, booleans as booleans, timestamps as dates (to the
    millisecond), texts, references and joined lists as strings, null as an
    empty cell; quantities as numbers equal to the CSV field (the display
    unit), with a number format naming the unit;
  * column widths come from the content;
  * the Summary lists every source and every table with its row count;
  * what you see: `show` with a filter and a sort as XLSX has the rows and
    columns of `show` as JSON;
  * the formula guard, and --raw-csv turning it off, in XLSX text cells.
Output is TAP.
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys
import tempfile

import re

import openpyxl
from openpyxl.utils import get_column_letter


# Columns computed from the current time (their value moves between runs).
CLOCK_COLUMNS = {"age", "uptime", "elapsed_time", "oldest_snapshot_age"}


def run(program, args, env, cwd):
    r = subprocess.run([program, "-q"] + args, env=env, cwd=cwd, capture_output=True,
                       timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
    return r.stdout


def parse_time(text):
    return datetime.datetime.strptime(text.replace("Z", ""), "%Y-%m-%dT%H:%M:%S.%f" if "." in text
                                      else "%Y-%m-%dT%H:%M:%S")


def expected_text(kind, value):
    """What the XLSX string cell holds for a JSON value (None: an empty cell)."""
    if value is None:
        return None
    if kind == "list":
        text = "; ".join(v["text"] if isinstance(v, dict) else v for v in value)
    elif isinstance(value, dict):
        text = value["text"]
    else:
        text = value
    return text if text != "" else None


def compare_sheet(ws, table, csv_rows, problems):
    cols = table["columns"]
    rows = table["rows"]
    for r, (row, csv_row) in enumerate(zip(rows, csv_rows), start=2):
        for c, (col, csv_field) in enumerate(zip(cols, csv_row), start=1):
            cell = ws.cell(row=r, column=c)
            kind = col["kind"]
            value = row[col["id"]]
            where = f"{table['table']}!{get_column_letter(c)}{r} ({col['id']}, {kind})"
            if value is None:
                if cell.value is not None:
                    problems.append(f"{where}: {cell.value!r} for null")
                continue
            if kind in ("integer", "double", "number"):
                ok = cell.data_type == "n" and cell.value == value
            elif kind == "quantity":
                # ages and uptimes move with the clock between the two exports
                tolerance = 1e-3 if col["id"] in CLOCK_COLUMNS else 1e-9
                ok = (cell.data_type == "n" and abs(cell.value - float(csv_field))
                      <= tolerance * max(1.0, abs(float(csv_field))))
                header = ws.cell(row=1, column=c).value
                if ok and "(" in header:
                    unit = header[header.rindex("(") + 1:-1]
                    ok = unit in cell.number_format
            elif kind == "bool":
                ok = cell.data_type == "b" and cell.value is value
            elif kind == "time":
                ok = (isinstance(cell.value, datetime.datetime)
                      and abs((cell.value - parse_time(value)).total_seconds()) < 0.0005)
            else:
                text = expected_text(kind, value)
                ok = (cell.value is None if text is None
                      else cell.data_type == "s" and cell.value == text)
            if not ok:
                problems.append(f"{where}: {cell.value!r} ({cell.data_type}, "
                                f"{cell.number_format}) for {value!r}")


def same_but_clock(got, want):
    """True if the texts @got and @want differ only in numbers that moved
    with the clock between the two runs (a snapshot's age in days, to two
    decimals, in a message): the same words, numbers within 0.1."""
    if not isinstance(got, str) or not isinstance(want, str):
        return False
    number = r"(\d+(?:\.\d+)?)"
    a, b = re.split(number, got), re.split(number, want)
    if len(a) != len(b):
        return False
    for i, (x, y) in enumerate(zip(a, b)):
        if i % 2 == 0 and x != y:
            return False
        if i % 2 == 1 and abs(float(x) - float(y)) > 0.1:
            return False
    return True


def compare_health(wb, findings, check, where):
    """The Health sheet of @wb against `check --format json` (@findings)."""
    if "Health" not in wb.sheetnames:
        check(False, f"{where}: a Health sheet", repr(wb.sheetnames))
        return
    check(wb.sheetnames[-1] == "Health", f"{where}: Health is the last sheet",
          repr(wb.sheetnames))
    ws = wb["Health"]
    header = [c.value for c in ws[1]]
    titles = [c["title"] for c in findings["columns"]]
    check(header == titles, f"{where}: Health header is check's columns",
          f"{header!r} != {titles!r}")
    check(len(findings["rows"]) > 0, f"{where}: check reports findings",
          "no finding: nothing compared")
    check(ws.max_row == len(findings["rows"]) + 1,
          f"{where}: Health has check's {len(findings['rows'])} findings",
          f"max_row {ws.max_row}")
    check(ws.freeze_panes == "A2" and ws.auto_filter.ref ==
          f"A1:{get_column_letter(len(titles))}{len(findings['rows']) + 1}",
          f"{where}: Health header frozen, autofilter over the findings",
          f"{ws.freeze_panes!r} {ws.auto_filter.ref!r}")
    problems = []
    for r, row in enumerate(findings["rows"], start=2):
        for c, col in enumerate(findings["columns"], start=1):
            cell = ws.cell(row=r, column=c)
            want = expected_text(col["kind"], row[col["id"]])
            if cell.value == want and (want is None or cell.data_type == "s"):
                continue
            if not same_but_clock(cell.value, want):
                problems.append(f"Health!{get_column_letter(c)}{r} ({col['id']}): "
                                f"{cell.value!r} for {want!r}")
    check(not problems, f"{where}: every Health cell is check's value",
          f"{len(problems)} differ, e.g. {problems[:4]!r}")
    summary = list(wb["Summary"].iter_rows(values_only=True))
    row = [r for r in summary if r[4] == "findings"]
    check(len(row) == 1 and row[0][1] == "Health" and row[0][2] == len(findings["rows"]),
          f"{where}: the Summary lists the Health sheet with its row count", repr(row))


def start_sim(sim_exe, workdir):
    """tools/ovirt-sim on port 0: (process, base URI), ready (its one
    "listening on" line, read with a bounded wait)."""
    proc = subprocess.Popen([sim_exe, "--port", "0", "-q", "--vms", "300"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=workdir)
    import select
    ready, _, _ = select.select([proc.stdout], [], [], 60)
    line = proc.stdout.readline().decode() if ready else ""
    m = re.match(r"ovirt-sim: listening on (http://[^/]+)/ovirt-engine/api$", line.strip())
    if not m:
        proc.kill()
        proc.wait()
        raise RuntimeError(f"ovirt-sim did not start: {line!r}")
    return proc, "ovirt+" + m.group(1)


def main():
    program, demo, data = (os.path.abspath(a) for a in sys.argv[1:4])
    sim_exe = os.path.abspath(sys.argv[4]) if len(sys.argv) > 4 else None
    results = []

    def check(ok, desc, why=""):
        results.append((bool(ok), desc, "" if ok else why))

    with tempfile.TemporaryDirectory() as tmp:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "LC_ALL": "C.UTF-8",
               "TZ": "Asia/Kathmandu", "VINV_DEMO_DIR": demo}
        book = os.path.join(tmp, "inv.xlsx")
        run(program, ["export", "--all", "--format", "xlsx", "-o", book], env, tmp)
        doc = json.loads(run(program, ["export", "--all", "--format", "json"], env, tmp))
        run(program, ["export", "--all", "-d", os.path.join(tmp, "csv")], env, tmp)
        wb = openpyxl.load_workbook(book)
        titles = [t["title"] for t in doc["tables"]]

        check(wb.sheetnames == ["Summary"] + titles + ["Health"],
              "sheets: Summary, then one per table, then Health",
              f"{wb.sheetnames!r} != {['Summary'] + titles + ['Health']!r}")
        findings = json.loads(run(program, ["check", "--format", "json", "--fail-on", "never"],
                                  env, tmp))
        compare_health(wb, findings, check, "demo")
        some = os.path.join(tmp, "some.xlsx")
        run(program, ["export", "--format", "xlsx", "-o", some, "vms", "hosts"], env, tmp)
        check(openpyxl.load_workbook(some).sheetnames == ["Summary", "VMs", "Hosts"],
              "export of some tables: no Health sheet",
              repr(openpyxl.load_workbook(some).sheetnames))

        if sim_exe is not None:
            proc, uri = start_sim(sim_exe, tmp)
            try:
                sim_env = dict(env, VIRT_INVENTORY_PASSWORD="ovirt")
                base = ["-c", uri, "-u", "admin@internal"]
                sim_book = os.path.join(tmp, "sim.xlsx")
                run(program, base + ["export", "--format", "xlsx", "-o", sim_book], sim_env, tmp)
                sim_findings = json.loads(run(program, base + ["check", "--format", "json",
                                                               "--fail-on", "never"],
                                              sim_env, tmp))
                compare_health(openpyxl.load_workbook(sim_book), sim_findings, check,
                               "simulator")
            finally:
                proc.kill()
                proc.wait()

        for t in doc["tables"]:
            name = t["title"]
            if name not in wb.sheetnames:
                check(False, f"sheet {name}")
                continue
            ws = wb[name]
            with open(os.path.join(tmp, "csv", t["table"] + ".csv"), newline="",
                      encoding="utf-8") as f:
                csv_rows = list(csv.reader(f))
            header = [c.value for c in ws[1]]
            check(header == csv_rows[0], f"{name}: header row as in CSV",
                  f"{header!r} != {csv_rows[0]!r}")
            check(all(c.font.b for c in ws[1]), f"{name}: header in bold")
            check(ws.freeze_panes == "A2", f"{name}: header frozen", repr(ws.freeze_panes))
            ref = f"A1:{get_column_letter(len(t['columns']))}{len(t['rows']) + 1}"
            check(ws.auto_filter.ref == ref, f"{name}: autofilter {ref}",
                  repr(ws.auto_filter.ref))
            check(ws.max_row == len(t["rows"]) + 1, f"{name}: {len(t['rows'])} rows",
                  f"max_row {ws.max_row}")
            problems = []
            compare_sheet(ws, t, csv_rows[1:], problems)
            check(not problems, f"{name}: every cell has the JSON export's type and value",
                  f"{len(problems)} differ, e.g. {problems[:4]!r}")
            widths = [ws.column_dimensions[get_column_letter(c)].width
                      for c in range(1, len(t["columns"]) + 1)]
            check(len(set(widths)) > 3 and max(widths) <= 61,
                  f"{name}: column widths from the content, capped", repr(widths[:10]))

        summary = [[c for c in row] for row in wb["Summary"].iter_rows(values_only=True)]
        flat = [v for row in summary for v in row if v is not None]
        check(all(s in flat for s in ("hv01", "hv02", "hv03")), "Summary: the sources")
        counts = {row[4]: row[2] for row in summary if row[4] in {t["table"] for t in
                                                                  doc["tables"]}}
        check(counts == {t["table"]: len(t["rows"]) for t in doc["tables"]},
              "Summary: every table with its row count", repr(counts))
        check(any(isinstance(v, datetime.datetime) for v in flat), "Summary: the export time")

        # what you see: filter, sort, columns
        args = ["show", "vms", "-f", "status = up, memory > 2GB", "-s", "-memory,name",
                "-o", "name,memory,host,disks,creation_time"]
        seen_json = json.loads(run(program, args + ["--format", "json"], env, tmp))
        seen_xlsx = os.path.join(tmp, "seen.xlsx")
        with open(seen_xlsx, "wb") as f:
            f.write(run(program, args + ["--format", "xlsx"], env, tmp))
        swb = openpyxl.load_workbook(seen_xlsx)
        check(swb.sheetnames == ["Summary", "VMs"], "show --format xlsx: one table",
              repr(swb.sheetnames))
        ws = swb["VMs"]
        names = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
        check(names == [r["name"] for r in seen_json["rows"]] and len(names) > 5,
              "show --format xlsx: the rows of show, in its order", repr(names[:5]))
        want = [c["title"] + (" (MB)" if c["id"] == "memory" else "")
                for c in seen_json["columns"]]
        check([c.value for c in ws[1]] == want and len(want) == 5,
              "show --format xlsx: the shown columns", f"{[c.value for c in ws[1]]!r} != {want!r}")

        # the formula guard in text cells, and --raw-csv
        fx = ["-c", f"test://{data}/formula.xml", "show", "vms", "-o", "name,description",
              "--format", "xlsx"]
        for raw in (False, True):
            path = os.path.join(tmp, f"formula-{raw}.xlsx")
            with open(path, "wb") as f:
                f.write(run(program, fx + (["--raw-csv"] if raw else []), env, tmp))
            values = sorted(str(c.value) for row in openpyxl.load_workbook(path)["VMs"]
                            .iter_rows(min_row=2) for c in row)
            q = "" if raw else "'"
            want = sorted(["-42", q + "+plus", q + '=HYPERLINK("evil","open me")',
                           q + "@SUM(1+1)*cmd|' /C calc'!A0"])
            check(values == want,
                  f"formula guard in XLSX text cells ({'raw' if raw else 'default'})",
                  f"{values!r} != {want!r}")

    print(f"1..{len(results)}")
    for i, (ok, desc, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        if why:
            print(f"# {why}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
