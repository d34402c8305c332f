"""Deterministic synthetic inputs for the benchmarks: units with GB/T 2260-shaped codes,
village-assistant candidates, contractor incidents and monthly scores. Same arguments, same bytes.

    python benchmarks/data.py units OUT.csv [--total N]     # national proportions (542,850 by default)
    python benchmarks/data.py candidates OUT.csv --total N
    python benchmarks/data.py scores OUT.csv --total N
    python benchmarks/data.py incidents OUT.csv --total N
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

NATIONAL = {"county": 2850, "township": 40000, "village": 500000}
PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41,
             42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]
# Rows forced onto the rule thresholds (and ±1) so every branch and edge is exercised.
EDGES = {"county": {"dibao_count": [29999, 30000, 30001, 39999, 40000, 40001]},
         "township": {"population": [29999, 30000, 30001, 40000, 40001, 49999, 50000, 50001],
                      "dibao_count": [799, 800, 801, 1499, 1500, 1501, 1600, 2400, 3000, 3001]},
         "village": {"population": [4999, 5000, 5001, 9999, 10000, 10001]}}
POPULATION = {"county": (380_000, 0.7), "township": (25_000, 0.6), "village": (1_500, 0.9)}


def level_counts(total: int | None) -> dict[str, int]:
    """Units per level: national, or ``total`` in national proportions."""
    if not total:
        return dict(NATIONAL)
    share = sum(NATIONAL.values())
    counts = {k: max(1, round(total * v / share)) for k, v in NATIONAL.items()}
    counts["village"] = max(1, total - counts["county"] - counts["township"])
    return counts


def _children(rng, parents: np.ndarray, n: int) -> np.ndarray:
    """``n`` child codes: a random parent's code plus a 3-digit serial (≤ 999 per parent)."""
    parent = rng.integers(0, len(parents), n)
    order = np.argsort(parent, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(parent, minlength=len(parents)))[:-1]]
    serial = np.empty(n, dtype=np.int64)
    serial[order] = np.arange(n) - starts[parent[order]] + 1
    if n and serial.max() > 999:
        raise SystemExit("too many children per parent for 3-digit codes: add counties")
    return np.char.add(parents[parent], np.char.zfill(serial.astype(str), 3))


def units(total: int | None = None, seed: int = 20240501) -> dict[str, np.ndarray]:
    """Columns ``code, level, population, dibao_count``: counties, their townships, their villages."""
    counts = level_counts(total)
    if total and total > 1_000_000:
        # Keep ≤ 999 children per parent: more counties (6-digit codes have room for 31×99×99).
        counts["county"] = max(counts["county"], -(-counts["village"] // 900) // 20 + 1, counts["township"] // 900 + 1)
        counts["village"] = total - counts["county"] - counts["township"]
    rng = np.random.default_rng(seed)
    i = np.arange(counts["county"])
    rest = i // len(PROVINCES)
    codes = {"county": np.array([f"{PROVINCES[a % len(PROVINCES)]:02d}{b // 99 + 1:02d}{b % 99 + 1:02d}"
                                 for a, b in zip(i.tolist(), rest.tolist())], dtype="U6")}
    codes["township"] = _children(rng, codes["county"], counts["township"])
    codes["village"] = _children(rng, codes["township"], counts["village"])
    parts = []
    for level, n in counts.items():
        median, sigma = POPULATION[level]
        population = np.maximum(np.rint(rng.lognormal(np.log(median), sigma, n)), 1).astype(np.int64)
        dibao = np.rint(population * rng.uniform(0.03, 0.06, n)).astype(np.int64)
        columns = {"population": population, "dibao_count": dibao}
        for name, values in EDGES[level].items():
            take = min(len(values), n)
            columns[name][rng.choice(n, size=take, replace=False)] = values[:take]
        parts.append((codes[level], np.full(n, level), population, dibao))
    code, level, population, dibao = (np.concatenate(c) for c in zip(*parts))
    order = np.argsort(code, kind="stable")
    return {"code": code[order], "level": level[order], "population": population[order],
            "dibao_count": dibao[order]}


def candidates(total: int, seed: int = 7) -> dict[str, np.ndarray]:
    """Village-assistant candidates with the sample's columns, every branch of the checks hit."""
    rng = np.random.default_rng(seed)
    education = np.array(["小学", "初中", "高中", "中专", "大专", "本科"])
    yes_no = np.array(["yes", "no"])
    return {"name": np.char.add("候选人", np.arange(total).astype(str)),
            "age": rng.integers(16, 66, total),
            "education": education[rng.integers(0, len(education), total)],
            "healthy": yes_no[(rng.random(total) < 0.05).astype(int)],
            "law_abiding": yes_no[(rng.random(total) < 0.02).astype(int)],
            "other_job": yes_no[(rng.random(total) > 0.1).astype(int)]}


def scores(total: int, seed: int = 11) -> dict[str, np.ndarray]:
    """Monthly scores (``unit, month, score``): ``total`` rows over 12 months of 2019."""
    rng = np.random.default_rng(seed)
    units_needed = max(1, total // 12)
    unit = np.repeat(np.char.add("乡镇", np.arange(units_needed).astype(str)), 12)[:total]
    month = np.tile(np.arange(1, 13), units_needed)[:total]
    return {"unit": unit, "month": month, "score": rng.integers(60, 101, len(unit))}


def incidents(total: int, seed: int = 13) -> dict[str, np.ndarray]:
    """Contractor incidents (``id, kind, count, monthly_wage, multiplier``) as in the sample:
    a chosen multiplier on a third of them, blank elsewhere (the range is then the answer)."""
    rng = np.random.default_rng(seed)
    kinds = np.array(["弄虚作假", "马虎草率", "违规操作", "服务质量不达标"])
    multiplier = rng.integers(1, 4, total).astype(str)
    multiplier[rng.random(total) < 0.67] = ""
    return {"id": np.char.add("事件", np.arange(total).astype(str)),
            "kind": kinds[rng.integers(0, len(kinds), total)],
            "count": rng.integers(1, 4, total), "monthly_wage": rng.integers(18, 40, total) * 100,
            "multiplier": multiplier}


def write_csv(path: Path, columns: dict[str, np.ndarray]) -> Path:
    """Write ``columns`` as a UTF-8 CSV with pyarrow (fast enough for 20M rows)."""
    import pyarrow as pa
    import pyarrow.csv as pcsv

    pcsv.write_csv(pa.table({k: pa.array(v) for k, v in columns.items()}), str(path),
                   write_options=pcsv.WriteOptions(quoting_style="needed"))
    return path


MAKERS = {"units": units, "candidates": candidates, "scores": scores, "incidents": incidents}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=sorted(MAKERS))
    ap.add_argument("output", type=Path)
    ap.add_argument("--total", type=int, default=None)
    args = ap.parse_args()
    columns = MAKERS[args.kind](args.total) if args.kind == "units" else MAKERS[args.kind](args.total or 100_000)
    write_csv(args.output, columns)
    print(f"wrote {len(next(iter(columns.values()))):,} rows to {args.output}")


if __name__ == "__main__":
    main()
