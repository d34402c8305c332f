#!/usr/bin/env python3
"""The fixed cost of every jiuzhu process: start-up, side by side with the interpreter's floor.

    python benchmarks/startup.py               # median of 15 fresh processes per command
    python benchmarks/startup.py --runs 31 --importtime
    python benchmarks/startup.py --against /tmp/old/.venv/bin/jiuzhu   # another install, side by side

Each command runs as a user runs it: the installed ``jiuzhu`` beside this interpreter, a
fresh process, output to /dev/null (or a file). The floor is ``python -c pass`` in the same
interpreter (its ``site`` start-up included), and ``import click`` (what any click command
pays). ``compare (3 units)`` is the like-for-like peer command (``--columns
@benchmarks/peer_columns.txt --missing 0``) on the first three units of the bundled sample:
all of it is fixed cost. ``--importtime`` adds, per command, the heaviest modules it imports
(``python -X importtime``, cumulative µs of the top-level imports).

``--against``: the same commands through another installed ``jiuzhu`` (an older version in
its own venv), each command run under both in turn, so load changes hit both alike.

Not a test: figures depend on the machine and its load (printed first and last).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def jiuzhu() -> str:
    beside = Path(sys.executable).with_name("jiuzhu")
    return str(beside) if beside.exists() else "jiuzhu"


def commands(tmp: Path, jz: str) -> dict[str, list[str]]:
    """label → argv. The 3-unit file is the bundled sample's header and first three units."""
    sample = (ROOT / "samples" / "units.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    three = tmp / "units3.csv"
    three.write_text("".join(sample[:4]), encoding="utf-8")
    py = str(Path(jz).with_name("python")) if Path(jz).with_name("python").exists() else sys.executable
    return {
        "python -c pass (floor)": [py, "-c", "pass"],
        "python -c 'import click'": [py, "-c", "import click"],
        "jiuzhu --help": [jz, "--help"],
        "jiuzhu jurisdictions": [jz, "jurisdictions"],
        "jiuzhu show 530323": [jz, "show", "530323"],
        "jiuzhu explain (sample)": [jz, "explain", "-j", "530323"],
        "jiuzhu compare (3 units, peer columns)": [
            jz, "compare", str(three), "--jurisdictions", "all", "--format", "csv", "--output", str(tmp / "out.csv"),
            "--columns", f"@{HERE / 'peer_columns.txt'}", "--missing", "0"],
    }


def wall(argv: list[str]) -> float:
    t = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"failed ({done.returncode}): {' '.join(argv)}")
    return elapsed


def heaviest_imports(argv: list[str], top: int = 6) -> str:
    """The top-level imports (those a command's own code asks for) that cost the most, by cumulative time."""
    if argv[0].endswith("jiuzhu"):  # run the entry point's code under -X importtime in this interpreter
        code = f"import sys; sys.argv = {['jiuzhu', *argv[1:]]!r}; from jiuzhu.cli.main import main; main()"
        argv = [sys.executable, "-c", code]
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    err = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env).stderr
    rows = []
    for line in err.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cumulative, name = line[len("import time:"):].split("|")
        if cumulative.strip().isdigit() and not name.startswith("   "):  # depth 0 or 1
            rows.append((int(cumulative), name.strip()))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {us / 1000:.0f}" for us, name in rows[:top])


def median_of(argv: list[str], runs: int) -> tuple[float, float]:
    wall(argv)  # warm-up: page cache, .pyc files
    times = [wall(argv) for _ in range(runs)]
    return statistics.median(times), min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--importtime", action="store_true", help="also print each command's heaviest imports (ms)")
    ap.add_argument("--against", metavar="JIUZHU", help="another installed jiuzhu command to run side by side")
    args = ap.parse_args()
    print(f"load at start: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; median of {args.runs} fresh processes\n")
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp), jiuzhu())
        other = commands(Path(tmp), args.against) if args.against else None
        floor = None
        if other:
            print("| command | median s | min s | × floor | against: median s | × floor |\n|---|---|---|---|---|---|")
        else:
            print("| command | median s | min s | × floor |\n|---|---|---|---|")
        for label, argv in cmds.items():
            # A command at a time keeps each one's caches warm, which is what a user running it twice sees.
            median, least = median_of(argv, args.runs)
            floor = floor or median
            row = f"| {label} | {median:.3f} | {least:.3f} | {median / floor:.1f} |"
            if other and "jiuzhu" in label:
                then, _least = median_of(other[label], args.runs)
                row += f" {then:.3f} | {then / floor:.1f} |"
            elif other:
                row += " | |"
            print(row, flush=True)
        if args.importtime:
            print("\nheaviest top-level imports, cumulative ms (one run, -X importtime):\n")
            for label, argv in cmds.items():
                if "jiuzhu" in label and "floor" not in label:
                    print(f"- {label}: {heaviest_imports(argv)}")
    print(f"\nload at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
