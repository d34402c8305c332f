#!/usr/bin/env python3
"""The what-if commands on the national units file: sweep, roll-ups, gap and baselines.

    python benchmarks/whatif.py                  # national (542,850 units), median of 3
    python benchmarks/whatif.py --total 100000 --runs 1

Generates the units with ``benchmarks/data.py`` (GB/T 2260-shaped codes) and a staff file
with one row per unit (its level's role, 0–6 people), then runs each command as a user
runs it (the installed ``jiuzhu``, a fresh process, output to a file) and prints wall time
and peak RSS. It also checks what the issue promises: the sweep's totals never rise as the
township ratio loosens, and the province rows sum to the unit-level total.
Not a test: figures depend on the machine and its load (printed first).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import commands  # noqa: E402  (benchmarks/commands.py: jiuzhu() and measured())
import data  # noqa: E402

ROLE_OF_LEVEL = {"county": "county_staff", "township": "township_staff", "village": "village_xieliyuan"}

COMMANDS = {
    "sweep 800:1500:100 (8 points)": "sweep township_dibao_per_staff_minimum=800:1500:100 -j 530000 {units} "
                                     "--format json --output {out}.json",
    "staffing --by province": "staffing {units} -j 530000 --by province --format json --output {out}.json",
    "staffing (per unit, csv)": "staffing {units} -j 530000 --format csv --output {out}.csv",
    "gap --by county (542,850 staff rows)": "gap {units} --staff {staff} -j 530000 --cost township_staff=4000 "
                                            "--by county --format csv --output {out}.csv",
    "gap per unit and role (542,850 staff rows)": "gap {units} --staff {staff} -j 530000 --cost township_staff=4000 "
                                                  "--format csv --output {out}.csv",
    "compare --baseline --profile --by province": "compare {units} --baseline 530323 --profile trial --by province "
                                                  "--format csv --output {out}.csv",
}


def staff_file(units: dict, path: Path) -> Path:
    import numpy as np

    rng = np.random.default_rng(5)
    role = np.vectorize(ROLE_OF_LEVEL.get)(units["level"])
    return data.write_csv(path, {"code": units["code"], "role": role,
                                 "count": rng.integers(0, 7, len(units["code"]))})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--total", type=int, default=None, help="units (default: national, 542,850)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "jiuzhu-bench")
    args = ap.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    columns = data.units(args.total)
    units = data.write_csv(args.data / f"units_{args.total or 'national'}.csv", columns)
    staff = staff_file(columns, args.data / f"staff_{args.total or 'national'}.csv")
    config = args.data / "profiles.toml"
    os.environ["JIUZHU_CONFIG"] = str(config)
    config.write_text('active = "trial"\n[profiles.trial]\njurisdiction = "530323"\n'
                      '[profiles.trial.overrides]\n"530000.rounding_minimum" = "floor"\n', encoding="utf-8")
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{len(columns['code']):,} units; median of {args.runs}\n")
    print("| command | wall s | peak RSS MiB |\n|---|---|---|")
    for name, template in COMMANDS.items():
        out = args.data / f"whatif_{abs(hash(name))}"
        argv = [commands.jiuzhu(), *template.format(units=units, staff=staff, out=out).split()]
        runs = [commands.measured(argv) for _ in range(args.runs)]
        if runs[-1][2] != 0:
            print(f"| {name} | failed: {runs[-1][3][:80]} | |")
            continue
        print(f"| {name} | {statistics.median(r[0] for r in runs):.2f} | {max(r[1] for r in runs):.0f} |",
              flush=True)
        if name.startswith("sweep"):
            totals = [p["total"] for p in json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))]
            print(f"|   totals {totals[0]:,} → {totals[-1]:,}, never rising: "
                  f"{all(a >= b for a, b in zip(totals, totals[1:]))} | | |")
        if name == "staffing --by province":
            rows = json.loads(Path(f"{out}.json").read_text(encoding="utf-8"))
            argv = [commands.jiuzhu(), "staffing", str(units), "-j", "530000", "--format", "csv", "--output",
                    f"{out}.csv"]
            commands.measured(argv)
            with open(f"{out}.csv", encoding="utf-8-sig") as handle:
                unit_total = sum(int(r["minimum"] or 0) for r in csv.DictReader(handle))
            print(f"|   {len(rows)} provinces summing to {sum(r['minimum'] for r in rows):,}; "
                  f"unit-level total {unit_total:,} | | |")
        for suffix in (".json", ".csv"):
            for path in (Path(f"{out}{suffix}"), Path(f"{out}{suffix}.provenance.json")):
                path.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
