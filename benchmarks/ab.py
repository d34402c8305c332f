#!/usr/bin/env python3
"""Two or more commands in alternation, fresh processes, so a noisy machine slows them alike.

    python benchmarks/ab.py --runs 15 "before=OLD/.venv/bin/jiuzhu compare FILE --format csv -o /tmp/a.csv" \
                                      "after=.venv/bin/jiuzhu compare FILE --format csv -o /tmp/b.csv"

Prints, per command, the median, first quartile and minimum wall time and the median and
minimum CPU time (user + system, the process's own from ``wait4``). Not a test: how the
changes in benchmarks/README.md were measured, each against the build before it (a second
checkout installed in its own venv).
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    ap.add_argument("--runs", type=int, default=11)
    args = ap.parse_args()
    commands = [spec.split("=", 1) for spec in args.commands]
    walls: dict[str, list[float]] = {name: [] for name, _ in commands}
    cpus: dict[str, list[float]] = {name: [] for name, _ in commands}
    load = os.getloadavg()
    print(f"{os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} rounds")
    for _ in range(args.runs):
        for name, command in commands:
            os.sync()  # the last run's output on disk first: its write-back would slow this one
            start = time.perf_counter()
            child = subprocess.Popen(shlex.split(command), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _pid, status, usage = os.wait4(child.pid, 0)
            walls[name].append(time.perf_counter() - start)
            cpus[name].append(usage.ru_utime + usage.ru_stime)
            if os.waitstatus_to_exitcode(status) != 0:
                raise SystemExit(f"{name} failed (exit {os.waitstatus_to_exitcode(status)}): {command}")
    print("| command | wall median ms | q1 | min | CPU median ms | min |\n|---|---|---|---|---|---|")
    for name, _ in commands:
        wall, cpu = sorted(walls[name]), sorted(cpus[name])
        print(f"| {name} | {statistics.median(wall) * 1000:.1f} | {wall[len(wall) // 4] * 1000:.1f} | "
              f"{wall[0] * 1000:.1f} | {statistics.median(cpu) * 1000:.1f} | {cpu[0] * 1000:.1f} |")


if __name__ == "__main__":
    main()
