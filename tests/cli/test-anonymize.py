#!/usr/bin/env python3
"""test-anonymize.py — `--anonymize` leaves no original value in any output.

Usage: test-anonymize.py VIRT_INVENTORY DEMO_DIR

On the built-in demo (libvirt test-driver files with 153 VMs):
  * the originals are collected from a plain `export --all --format json`:
    every value of the identifying columns (names, descriptions, aliases,
    FQDNs, addresses, IPs, MACs, paths, URIs), every text of a linking
    column, every row id that is not a UUID (libvirt ids are paths, host
    names, "uuid/mac"), every source name and URI;
  * every output format is made with --anonymize — show TABLE as text, csv
    and json for every table, export --all as csv files and as one json
    document (and xlsx when the build writes it) — and every original is
    searched for in every output (as bytes; XLSX is unzipped first);
  * links still line up: every linked item's id names a row of the target
    table, and when an item's text was the target row's name it still is;
  * the same input gives the same pseudonyms (two runs, byte-identical);
  * --anonymize-map writes a 0600 file whose lines map each original to the
    pseudonym found in the output.
Output is TAP.
"""

import csv
import html
import io
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import zipfile

# Columns whose values identify something (issue 13: names, FQDNs, IP and
# MAC addresses, descriptions, paths, URIs).
IDENTIFYING = {"name", "description", "alias", "fqdn", "address", "storage_address", "ip",
               "ip_addresses", "mac", "path", "uri", "bond", "parent", "pool"}
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                  r"[0-9a-fA-F]{12}$")


def run(program, args, env, cwd):
    r = subprocess.run([program, "-q"] + args, env=env, cwd=cwd, capture_output=True,
                       timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
    return r.stdout


def originals_of(doc, sources):
    values = set()
    for t in doc["tables"]:
        cols = {c["id"]: c for c in t["columns"]}
        for row in t["rows"]:
            for cid, v in row.items():
                if v is None:
                    continue
                if cid == "id":
                    if not UUID.match(v):
                        values.add(v)
                    continue
                if cid == "source":
                    values.add(v)
                    continue
                items = v if isinstance(v, list) else [v]
                for it in items:
                    if isinstance(it, dict):
                        values.add(it["text"])
                        if it["id"] is not None and not UUID.match(it["id"]):
                            values.add(it["id"])
                    elif isinstance(it, str) and (cid in IDENTIFYING or
                                                  cols[cid]["target"] is not None):
                        values.add(it)
    values |= sources
    # too short to search for without matching by chance
    return {v for v in values if isinstance(v, str) and len(v) >= 4}


def main():
    program, demo = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    results = []

    def check(ok, desc, why=""):
        results.append((bool(ok), desc, "" if ok else why))

    with tempfile.TemporaryDirectory() as tmp:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": tmp,
               "XDG_CONFIG_HOME": os.path.join(tmp, "config"), "LC_ALL": "C.UTF-8",
               "TZ": "UTC", "VINV_DEMO_DIR": demo}
        plain = json.loads(run(program, ["export", "--all", "--format", "json"], env, tmp))
        tables = [t["table"] for t in plain["tables"]]
        sources = set()
        for f in os.listdir(demo):
            if f.endswith(".xml"):
                sources.add(os.path.join(demo, f))       # test:///PATH URIs hold the path
        originals = originals_of(plain, sources)
        check(len(originals) > 500, f"{len(originals)} original values collected")

        outputs = {}
        for t in tables:
            for fmt in ("text", "csv", "json"):
                outputs[f"show {t} --format {fmt}"] = run(
                    program, ["show", t, "--all-columns", "--format", fmt, "--anonymize"],
                    env, tmp)
        outdir = os.path.join(tmp, "csv")
        run(program, ["export", "--all", "--anonymize", "-d", outdir], env, tmp)
        for f in sorted(os.listdir(outdir)):
            with open(os.path.join(outdir, f), "rb") as fh:
                outputs[f"export csv {f}"] = fh.read()
        mapfile = os.path.join(tmp, "map.tsv")
        anon_json = run(program, ["export", "--all", "--format", "json", "--anonymize-map",
                                  mapfile], env, tmp)
        outputs["export json"] = anon_json
        xlsx = subprocess.run([program, "-q", "export", "--all", "--format", "xlsx",
                               "--anonymize", "-o", os.path.join(tmp, "inv.xlsx")],
                              env=env, cwd=tmp, capture_output=True)
        check(xlsx.returncode == 0, "export --format xlsx --anonymize", xlsx.stderr.decode())
        if xlsx.returncode == 0:
            # what a reader shows: cell texts, inline and shared, and sheet names
            # (the XML around them has words such as "defaultThemeVersion")
            parts = []
            with zipfile.ZipFile(os.path.join(tmp, "inv.xlsx")) as z:
                for name in z.namelist():
                    xml = z.read(name).decode("utf-8")
                    if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                        parts += [html.unescape(t) for t in re.findall(r"<t[^>]*>(.*?)</t>",
                                                                       xml, re.S)]
                    if name == "xl/workbook.xml":
                        parts += [html.unescape(t) for t in re.findall(r'<sheet name="([^"]*)"',
                                                                       xml)]
                    if name.startswith("docProps/"):
                        parts.append(xml)
            check(len(parts) > 1000, f"{len(parts)} texts read from the workbook")
            outputs["export xlsx"] = "\n".join(parts).encode()

        for name, data in outputs.items():
            text = data.decode("utf-8")
            found = sorted(v for v in originals if v in text)
            check(not found, f"no original value in {name}",
                  f"{len(found)} survive, e.g. {found[:5]!r}")

        # links line up
        doc = json.loads(anon_json)
        by_table = {t["table"]: t for t in doc["tables"]}
        plain_by_table = {t["table"]: t for t in plain["tables"]}
        for t in doc["tables"]:
            ids = {}
            for tt in doc["tables"]:
                ids[tt["table"]] = {r["id"]: r.get("name") for r in tt["rows"]}
            bad = []
            n_links = 0
            plain_rows = plain_by_table[t["table"]]["rows"]
            plain_ids = {}
            for tt in plain["tables"]:
                plain_ids[tt["table"]] = {r["id"]: r.get("name") for r in tt["rows"]}
            for c in t["columns"]:
                target = c["target"]
                if target is None or target not in by_table:
                    continue
                for row, prow in zip(t["rows"], plain_rows):
                    items = row[c["id"]]
                    pitems = prow[c["id"]]
                    if items is None:
                        continue
                    if isinstance(items, dict):
                        items, pitems = [items], [pitems]
                    for it, pit in zip(items, pitems):
                        if it["id"] is None:
                            continue
                        n_links += 1
                        resolved = it["id"] in ids[target]
                        was_resolved = pit["id"] in plain_ids[target]
                        named = resolved and ids[target][it["id"]] == it["text"]
                        was_named = was_resolved and plain_ids[target][pit["id"]] == pit["text"]
                        if resolved != was_resolved or named != was_named:
                            bad.append((c["id"], pit, it))
            check(not bad, f"links of {t['table']} line up ({n_links} links)",
                  f"{len(bad)} broken, e.g. {bad[:3]!r}")

        # the same rows, in the same order
        same_shape = all(len(by_table[t]["rows"]) == len(plain_by_table[t]["rows"])
                         for t in tables)
        check(same_shape, "every table keeps its rows")

        # stable
        # (texts only: ages and uptimes move with the clock)
        def texts(raw):
            return [[{k: v for k, v in r.items() if not isinstance(v, (int, float))}
                     for r in t["rows"]] for t in json.loads(raw)["tables"]]
        again = run(program, ["export", "--all", "--format", "json", "--anonymize"], env, tmp)
        check(texts(again) == texts(anon_json), "the same input gives the same pseudonyms")

        # the map
        st = os.lstat(mapfile)
        check(stat.S_IMODE(st.st_mode) == 0o600, "the map is mode 0600",
              oct(stat.S_IMODE(st.st_mode)))
        with open(mapfile) as fh:
            lines = [ln.rstrip("\n").split("\t") for ln in fh if not ln.startswith("#")]
        mapping = {(k, o): p for k, o, p in lines}
        check(len(lines) > 500 and all(len(ln) == 3 for ln in lines),
              f"the map has {len(lines)} lines of kind, original, pseudonym")
        text = anon_json.decode()
        vms = [r for r in plain_by_table["vms"]["rows"]]
        avms = by_table["vms"]["rows"]
        ok = all(mapping.get(("vm", p["name"])) == a["name"] for p, a in zip(vms, avms))
        check(ok, "the map gives each VM's pseudonym as exported")
        hosts = {p["name"] for p in plain_by_table["hosts"]["rows"]}
        check(all(mapping.get(("host", h)) in text for h in hosts),
              "the map's host pseudonyms are those in the output")

        # the map is not overwritten without --force, before connecting
        r = subprocess.run([program, "-q", "-c", "test:///nonexistent.xml", "show", "vms",
                            "--anonymize-map", mapfile], env=env, cwd=tmp, capture_output=True,
                           text=True)
        check(r.returncode == 1 and "already exists" in r.stderr,
              "an existing map is refused before connecting", f"{r.returncode} {r.stderr}")

    print(f"1..{len(results)}")
    for i, (ok, desc, why) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} - {desc}")
        if why:
            print(f"# {why}")
    return 0 if all(ok for ok, _, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
