#!/usr/bin/env python3
"""National-scale comparison benchmark: phase timings, units per second and peak memory.

    python benchmarks/national.py                    # 10k, 100k and national (542,850 units)
    python benchmarks/national.py --scales 10k       # one scale
    python benchmarks/national.py --data /tmp/jz-bench --keep

Generates deterministic synthetic units files (the same shape as ../shared/bench/gen_units.py:
2,850 counties, 40,000 townships, 500,000 villages at national scale, with rows forced onto
the rule thresholds), then, for each scale in a fresh process, times reading, evaluating
each jurisdiction's staffing and fund floors, and writing the wide CSV; it prints a table.
Not a test: figures depend on the machine. Compare with the peers with ../shared/bench/bench.py.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

NATIONAL = {"county": 2850, "township": 40000, "village": 500000}
SCALES = {"10k": 10_000, "100k": 100_000, "national": sum(NATIONAL.values())}
EDGES = {"county": ("dibao_count", [29999, 30000, 30001, 39999, 40000, 40001]),
         "township": ("population", [29999, 30000, 30001, 40000, 40001, 49999, 50000, 50001]),
         "village": ("population", [4999, 5000, 5001, 9999, 10000, 10001])}
MEDIAN = {"county": (380_000, 0.7), "township": (25_000, 0.6), "village": (1_500, 0.9)}


def generate(path: Path, total: int, seed: int = 1) -> None:
    """A deterministic units file of about ``total`` units in national proportions."""
    import numpy as np

    rng = np.random.default_rng(seed)
    share = total / sum(NATIONAL.values())
    counts = {k: max(1, round(v * share)) for k, v in NATIONAL.items()}
    counts["village"] = total - counts["county"] - counts["township"]
    lines = ["code,level,population,dibao_count"]
    serial = 0
    for level, n in counts.items():
        median, sigma = MEDIAN[level]
        pop = np.maximum(rng.lognormal(np.log(median), sigma, n).astype(np.int64), 0)
        dibao = (pop * rng.uniform(0.01, 0.08, n)).astype(np.int64)
        column, edges = EDGES[level]
        target = pop if column == "population" else dibao
        target[: min(len(edges), n)] = edges[: n]
        for p, d in zip(pop.tolist(), dibao.tolist()):
            serial += 1
            lines.append(f"{serial:012d},{level},{p},{d}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(units_file: str, output: str) -> dict:
    """Run one comparison in this process with phase timings (called in a fresh process)."""
    t0 = time.perf_counter()
    from jiuzhu.core.io.columnar import write_table
    from jiuzhu.core.io.readers import read_units
    from jiuzhu.core.analysis.compare import Comparison
    from jiuzhu.core.evaluate import Evaluation, default_registry

    from jiuzhu.core.memory import keep_freed_memory

    keep_freed_memory()
    registry = default_registry()
    t1 = time.perf_counter()
    units = read_units(units_file)
    t2 = time.perf_counter()
    results, floors, per_jurisdiction = [], {}, {}
    evaluation = Evaluation(registry)  # as `jiuzhu compare` does: a shared level is asked once
    for code in registry.tree.codes():
        start = time.perf_counter()
        chain = registry.chain(code)
        results.append(evaluation.staffing(units, chain))
        floor = evaluation.allocate(units, chain).floor_column()
        if floor is not None:
            floors[code] = floor
        per_jurisdiction[code] = time.perf_counter() - start
    comparison = Comparison(units, tuple(results), floors)
    t3 = time.perf_counter()
    columns = {name: units[name] for name in ("code", "level")}
    columns.update(comparison.wide_columns())
    write_table(output, columns)
    t4 = time.perf_counter()
    return {"units": len(units), "import": t1 - t0, "read": t2 - t1, "evaluate": t3 - t2, "write": t4 - t3,
            "total": t4 - t0, "per_jurisdiction": per_jurisdiction, "columns": len(columns),
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scales", default="10k,100k,national")
    ap.add_argument("--data", default="/tmp/jiuzhu-bench")
    ap.add_argument("--runs", type=int, default=3, help="runs per scale; the median is shown")
    ap.add_argument("--measure", nargs=2, metavar=("UNITS", "OUTPUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    print("| scale | units | import s | read s | evaluate s | write s | in-process s | wall s | units/s | "
          "peak RSS MiB |\n|---|---|---|---|---|---|---|---|---|---|")
    detail = {}
    for scale in args.scales.split(","):
        path = data / f"units_{scale}.csv"
        if not path.exists():
            generate(path, SCALES[scale])
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            proc = subprocess.run([sys.executable, __file__, "--measure", str(path), str(data / f"out_{scale}.csv")],
                                  capture_output=True, text=True, check=True)
            wall = time.perf_counter() - start
            runs.append((wall, json.loads(proc.stdout)))
        runs.sort(key=lambda r: r[0])
        wall, m = runs[len(runs) // 2]
        detail[scale] = m["per_jurisdiction"]
        print(f"| {scale} | {m['units']:,} | {m['import']:.3f} | {m['read']:.3f} | {m['evaluate']:.3f} | "
              f"{m['write']:.3f} | {m['total']:.3f} | {wall:.3f} | {m['units'] / wall:,.0f} | {m['peak_mib']:.0f} |",
              flush=True)
    print("\nevaluate per jurisdiction, seconds (staffing and fund floors; a level shared by several chains is "
          "evaluated once):")
    for scale, per in detail.items():
        print(f"  {scale}: " + ", ".join(f"{code} {s:.3f}" for code, s in per.items()))


if __name__ == "__main__":
    main()
