#!/usr/bin/env python3
"""Every command at scale, side by side in one run, against the physical floor.

    python benchmarks/commands.py                         # 10k, 100k and national units; 1M candidates; 1M incidents; 192k scores
    python benchmarks/commands.py --scales national,5m    # add 5.4M units (20m: 20M units, generated then deleted)
    python benchmarks/commands.py --only compare,staffing --runs 3

Each command runs as a user runs it (the installed ``jiuzhu``, a fresh process, output to a
file). For each it prints wall time, peak RSS (the process's own, from ``wait4``), the
output's rows and columns, and two ratios:

- ``× floor``: to the physical floor of the same shape, a process that reads the same input
  with pyarrow and writes a CSV of the same rows and columns with no rules at all;
- ``× compare``: to ``compare --jurisdictions all`` on the national units file, the figure
  the targets in the README are stated against.

Not a test: figures depend on the machine and its load (printed first). Median of ``--runs``;
each run writes a new file (the last run's output removed and the disk synced first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import data  # noqa: E402  (benchmarks/data.py, beside this file)

SCALES = {"10k": 10_000, "100k": 100_000, "national": None, "5m": 5_428_500, "20m": 20_000_000}


def jiuzhu() -> str:
    """The installed command beside this interpreter (a venv's bin), else the one on PATH."""
    beside = Path(sys.executable).with_name("jiuzhu")
    return str(beside) if beside.exists() else (shutil.which("jiuzhu") or "jiuzhu")


#: name → (input kind, arguments; {in} and {out} are filled in, output suffix).
COMMANDS = {
    "compare": ("units", "compare {in} --jurisdictions all --layout wide --format csv --output {out}", ".csv"),
    "compare-peer": ("units", "compare {in} --jurisdictions all --format csv --output {out} "
                              f"--columns @{HERE / 'peer_columns.txt'} --missing 0", ".csv"),
    "staffing-csv": ("units", "staffing {in} -j 530323 --format csv --output {out}", ".csv"),
    "staffing-json": ("units", "staffing {in} -j 530323 --format json --output {out}", ".json"),
    "staffing-by-province": ("units", "staffing {in} -j 530000 --by province --format csv --output {out}", ".csv"),
    "allocate": ("units", "allocate {in} -j 640100 --format csv --output {out}", ".csv"),
    "explain-unit": ("units", "explain {in} --unit {unit} -j 530323 --format json --output {out}", ".json"),
    "sweep": ("units", "sweep township_dibao_per_staff_minimum=800:1500:100 -j 530000 {in} --format csv "
                       "--output {out}", ".csv"),
    "check": ("candidates", "check xieliyuan_candidate {in} -j 530000 --format csv --output {out}", ".csv"),
    "deduct": ("incidents", "deduct {in} -j 530000 --format csv --output {out}", ".csv"),
    "deduct-json": ("incidents", "deduct {in} -j 530000 --format json --output {out}", ".json"),
    "check-json": ("candidates", "check xieliyuan_candidate {in} -j 530000 --format json --output {out}", ".json"),
    "score": ("scores", "score {in} -j 520402 --format csv --output {out}", ".csv"),
}
FIXED_INPUTS = {"candidates": 1_000_000, "scores": 192_000, "incidents": 1_000_000}


def measured(argv: list[str], output: Path | None = None) -> tuple[float, float, int, str, float, float]:
    """``(wall s, peak RSS MiB, exit status, last line of stderr, user CPU s, system CPU s)``
    of ``argv`` run in a fresh wrapper process that reports the child's own usage (wait4).

    ``output`` (and its provenance) is removed, and the disk's dirty pages written, before
    the clock starts: a run that replaces the previous run's 0.5 GB file otherwise pays for
    freeing it and competes with its write-back (staffing's JSON: 0.7 s as a new file, up to
    1.9 s over the last run's). Every run, jiuzhu's and the floors', starts so."""
    if output is not None:
        output.unlink(missing_ok=True)
        Path(f"{output}.provenance.json").unlink(missing_ok=True)
        os.sync()
    probe = ("import os,sys,time,subprocess;t=time.perf_counter();"
             "p=subprocess.Popen(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
             "err=p.stderr.read();_,s,ru=os.wait4(p.pid,0);w=time.perf_counter()-t;"
             "last=(err.decode('utf-8','replace').strip().splitlines() or [''])[-1];"
             "print(w,ru.ru_maxrss/1024,os.waitstatus_to_exitcode(s),ru.ru_utime,ru.ru_stime);print(last)")
    out = subprocess.run([sys.executable, "-c", probe, *argv], capture_output=True, text=True).stdout.splitlines()
    wall, rss, status, user, system = out[0].split()
    return float(wall), float(rss), int(status), out[1] if len(out) > 1 else "", float(user), float(system)


def shape(path: Path) -> tuple[int, int]:
    """Rows and columns of a CSV (or JSON Lines / JSON array of records) output; a CSV is
    counted batch by batch (a 20M-row output does not fit beside the run in memory)."""
    if not path.exists():
        return 0, 0
    if path.suffix == ".csv":
        import pyarrow.csv as pcsv

        header = pcsv.open_csv(str(path), read_options=pcsv.ReadOptions(block_size=1 << 20)).schema
        return count_rows(path), len(header)
    import json

    # jiuzhu writes a JSON array one record per line: counted line by line (a 1 GB file
    # loaded whole would take several GB of memory on a shared machine).
    rows, cols = 0, 0
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip().rstrip(",")
            if line in ("[", "]", "[]", ""):
                continue
            if rows == 0:
                first = json.loads(line)
                cols = len(first) if isinstance(first, dict) else 0
            rows += 1
    return rows, cols


def count_rows(path: Path) -> int:
    """Records in an input CSV (lines less the header), counted without holding the file."""
    with path.open("rb") as handle:
        return max(sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b"")) - 1, 0)


FLOOR = """
import sys, numpy as np, pyarrow as pa, pyarrow.csv as pcsv
src, rows, cols, dst = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t = pcsv.read_csv(src)
idx = pa.array(np.arange(rows) % max(t.num_rows, 1))
base = [t.column(i % t.num_columns).take(idx) for i in range(cols)]
pcsv.write_csv(pa.table(base, names=[f"c{i}" for i in range(cols)]), dst,
               write_options=pcsv.WriteOptions(quoting_style="needed"))
"""

#: The streaming floor: the same units file read in record batches and ``cols`` columns
#: written batch by batch (code, level, then nullable ints per level), with no rules: the
#: least memory and time any streamed command of that width can take.
STREAM_FLOOR = """
import sys, pyarrow as pa, pyarrow.csv as pcsv
src, cols, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
types = {"code": pa.string(), "level": pa.string(), "population": pa.int64(), "dibao_count": pa.int64()}
reader = pcsv.open_csv(src, read_options=pcsv.ReadOptions(block_size=16 << 20),
                       convert_options=pcsv.ConvertOptions(column_types=types))
plan = (["township"] * 12 + ["county"] * 2 + ["village"] * 6) * (cols // 20 + 1)
writer = None
for batch in reader:
    level = batch.column(1).to_numpy(zero_copy_only=False)
    masks = {lv: level != lv for lv in ("county", "township", "village")}
    pop = batch.column(2).to_numpy()
    out = pa.RecordBatch.from_arrays([batch.column(0), batch.column(1)] +
                                     [pa.array(pop % 7, mask=masks[plan[k]]) for k in range(max(cols - 2, 0))],
                                     names=["code", "level"] + [f"c{k}" for k in range(max(cols - 2, 0))])
    if writer is None:
        writer = pcsv.CSVWriter(dst, out.schema, write_options=pcsv.WriteOptions(quoting_style="needed"))
    writer.write_batch(out)
writer.close()
"""
#: Above this many units the whole-file floor (which holds the file and its output at once)
#: is not run: it would need several GiB on a shared machine; the streaming floor is.
WHOLE_FLOOR_UP_TO = 1_000_000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="10k,100k,national")
    ap.add_argument("--only", default="", help="comma-separated command names (default: all)")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "jiuzhu-bench")
    args = ap.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    only = [n for n in args.only.split(",") if n] or list(COMMANDS)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"python {sys.version.split()[0]}; jiuzhu at {jiuzhu()}\n")
    print("| command | input | rows out × cols | wall s | user / sys s | µs/unit | peak RSS MiB | floor s | × floor | "
          "stream floor s / MiB | × stream floor | × compare |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    compare_national = None
    scales = args.scales.split(",")
    if "national" not in scales and any(COMMANDS[n][0] != "units" for n in only):
        scales.append("national")
    for scale in scales:
        made = []
        inputs = {"units": data.write_csv(args.data / f"units_{scale}.csv", data.units(SCALES[scale]))}
        made.append(inputs["units"])
        if scale == "national":
            for kind, total in FIXED_INPUTS.items():
                inputs[kind] = data.write_csv(args.data / f"{kind}_{total}.csv", data.MAKERS[kind](total))
        with inputs["units"].open(encoding="utf-8") as handle:
            first_unit = [next(handle) for _ in range(2)][1].split(",")[0].strip('"')
        for name in only:
            kind, template, suffix = COMMANDS[name]
            if kind not in inputs:
                continue
            out = args.data / f"out_{name}_{scale}{suffix}"
            argv = [jiuzhu(), *template.format(**{"in": inputs[kind], "out": out, "unit": first_unit}).split()]
            runs = [measured(argv, out) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            rss = max(r[1] for r in runs)
            # CPU of the run: system time (page faults, the file's pages) is where this VM varies most.
            cpu = f"{statistics.median(r[4] for r in runs):.2f} / {statistics.median(r[5] for r in runs):.2f}"
            status, last = runs[-1][2], runs[-1][3]
            label = f"{inputs[kind].stem}"
            if status != 0:
                print(f"| {name} | {label} | failed (exit {status}): {last[:80]} | {wall:.2f} | {cpu} | | {rss:.0f} "
                      "| | | | | |", flush=True)
                continue
            rows, cols = shape(out.with_suffix(".csv")) if suffix == ".csv" else shape(out)
            out.unlink(missing_ok=True)  # before the floors run: disk is shared
            Path(f"{out}.provenance.json").unlink(missing_ok=True)
            floor_out = args.data / f"floor_{name}_{scale}.csv"
            if rows <= WHOLE_FLOOR_UP_TO:
                floor = statistics.median(
                    measured([sys.executable, "-c", FLOOR, str(inputs[kind]), str(max(rows, 1)), str(max(cols, 1)),
                              str(floor_out)], floor_out)[0] for _ in range(args.runs))
                floor_text, times_floor = f"{floor:.2f}", f"{wall / floor:.2f}"
            else:
                floor_text, times_floor = "—", "—"
            floor_out.unlink(missing_ok=True)
            stream_text, times_stream = "—", "—"
            if kind == "units":
                streamed = [measured([sys.executable, "-c", STREAM_FLOOR, str(inputs[kind]), str(max(cols, 2)),
                                      str(floor_out)], floor_out) for _ in range(args.runs)]
                stream = statistics.median(r[0] for r in streamed)
                stream_text = f"{stream:.2f} / {max(r[1] for r in streamed):.0f}"
                times_stream = f"{wall / stream:.2f}"
                floor_out.unlink(missing_ok=True)
            if name == "compare" and scale == "national":
                compare_national = wall
            versus = f"{wall / compare_national:.2f}" if compare_national else "—"
            units = count_rows(inputs[kind])
            print(f"| {name} | {label} | {rows:,} × {cols} | {wall:.2f} | {cpu} | {wall / max(units, 1) * 1e6:.2f} | "
                  f"{rss:.0f} | {floor_text} | {times_floor} | {stream_text} | {times_stream} | {versus} |",
                  flush=True)
        if scale in ("5m", "20m"):
            for path in made:
                path.unlink(missing_ok=True)  # GBs of synthetic data: not kept
    print("\n× compare is against compare --jurisdictions all on the national file, measured in this run "
          "(shown once it has run; run with --scales national first for every row).")


if __name__ == "__main__":
    main()
