"""No command builds one Python object per row (issue 11), made checkable without timing:
each command runs through the real CLI, in-process, under cProfile on generated files of
10,000 and 20,000 rows, and no Python function may run once more (or oftener) for each
row added. A function called once per unit, record or output row is named, with how often
it ran. (The table a person reads is its first rows only: the same work at either size.)

Speed itself is measured in benchmarks/, never here: a count of calls does not depend on
the machine's load."""

from __future__ import annotations

import cProfile
import pstats

import pytest
from jiuzhu.cli.main import cli

ROWS = 10_000  # and twice as many
LEVELS = ("county", "township", "village")


def _units(path, rows):
    """Units of every level (codes of each level's length), counts on and around the thresholds."""
    lines = ["code,name,level,population,dibao_count"]
    for i in range(rows):
        level = LEVELS[i % 3]
        code = {"county": 100_000, "township": 100_000_000, "village": 100_000_000_000}[level] + i
        lines.append(f"{code},单位{i},{level},{(i * 7919) % 120_000},{(i * 104_729) % 60_000}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _candidates(path, rows):
    education = ("小学", "初中", "高中", "中专", "大专", "本科")
    lines = ["name,age,education,healthy,law_abiding,other_job"]
    lines += [f"候选人{i},{16 + i % 50},{education[i % 6]},{'no' if i % 20 == 0 else 'yes'},"
              f"{'no' if i % 50 == 0 else 'yes'},{'yes' if i % 10 == 0 else 'no'}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _incidents(path, rows):
    kinds = ("弄虚作假", "马虎草率")
    lines = ["id,kind,count,monthly_wage,multiplier"]
    lines += [f"{i + 1},{kinds[i % 2]},{1 + i % 3},2400,{'' if i % 2 else 2}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _scores(path, rows):
    lines = ["unit,month,score"] + [f"乡镇{i // 12},{1 + i % 12},{60 + (i * 37) % 41}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    return {rows: {"units": _units(folder / f"units{rows}.csv", rows),
                   "candidates": _candidates(folder / f"candidates{rows}.csv", rows),
                   "incidents": _incidents(folder / f"incidents{rows}.csv", rows),
                   "scores": _scores(folder / f"scores{rows}.csv", rows)} for rows in (ROWS, 2 * ROWS)}


#: name → (input, arguments before the output): every command that reads a file of rows.
COMMANDS = {
    "staffing csv": ("units", ["staffing", "{in}", "-j", "530323", "--format", "csv"]),
    "staffing json": ("units", ["staffing", "{in}", "-j", "530323", "--format", "json"]),
    "staffing jsonl": ("units", ["staffing", "{in}", "-j", "530323", "--format", "jsonl"]),
    "staffing table": ("units", ["staffing", "{in}", "-j", "530323"]),
    "compare csv": ("units", ["compare", "{in}", "-J", "all", "--format", "csv"]),
    "compare json": ("units", ["compare", "{in}", "-J", "all", "--format", "json"]),
    "allocate csv": ("units", ["allocate", "{in}", "-j", "640100", "--format", "csv"]),
    "allocate json": ("units", ["allocate", "{in}", "-j", "640100", "--format", "json"]),
    "score csv": ("scores", ["score", "{in}", "-j", "520402", "--format", "csv"]),
    "score json": ("scores", ["score", "{in}", "-j", "520402", "--format", "json"]),
    "check csv": ("candidates", ["check", "xieliyuan_candidate", "{in}", "-j", "530000", "--format", "csv"]),
    "check json": ("candidates", ["check", "xieliyuan_candidate", "{in}", "-j", "530000", "--format", "json"]),
    "deduct csv": ("incidents", ["deduct", "{in}", "-j", "530000", "--format", "csv"]),
    "deduct json": ("incidents", ["deduct", "{in}", "-j", "530000", "--format", "json"]),
    "explain": ("units", ["explain", "{in}", "--unit", "100000001", "-j", "530323", "--format", "json"]),
    "sweep": ("units", ["sweep", "township_dibao_per_staff_minimum=800:1500:100", "-j", "530000", "{in}",
                        "--format", "csv"]),
}
def calls_of(stats: pstats.Stats) -> dict[str, int]:
    """How often each Python function ran (C builtins left out)."""
    return {f"{file}:{line}({name})": calls for (file, line, name), (_prim, calls, *_rest) in stats.stats.items()
            if file != "~"}


def per_row_functions(small: dict[str, int], large: dict[str, int], added: int) -> list[str]:
    """Functions that ran at least once more per added row, most calls first."""
    grew = [(large[f] - small.get(f, 0), f) for f in large if large[f] - small.get(f, 0) >= added]
    return [f"{f} ×{large[f]:,} (+{more:,})" for more, f in sorted(grew, reverse=True)]


def profiled(runner, args) -> dict[str, int]:
    profile = cProfile.Profile()
    profile.enable()
    try:
        result = runner.invoke(cli, args)
    finally:
        profile.disable()
    assert result.exit_code == 0, result.output
    return calls_of(pstats.Stats(profile))


@pytest.mark.parametrize("name", list(COMMANDS))
def test_no_python_function_runs_once_per_row(runner, inputs, tmp_path, name, no_profile):
    kind, template = COMMANDS[name]
    counts = []
    for rows in (ROWS, 2 * ROWS):
        args = [str(inputs[rows][kind]) if a == "{in}" else a for a in template]
        if name != "staffing table":
            suffix = {"json": ".json", "jsonl": ".jsonl"}.get(args[-1], ".csv")
            args += ["--output", str(tmp_path / f"out{rows}{suffix}")]
        counts.append(profiled(runner, args))
    offenders = per_row_functions(*counts, ROWS)
    assert not offenders, (f"`jiuzhu {' '.join(template)}` runs Python functions once per row or more "
                           f"({ROWS:,} → {2 * ROWS:,} rows): " + "; ".join(offenders[:8]))


def test_the_check_sees_a_function_called_per_row(inputs):
    """The counting itself: building the records one by one is caught."""
    from jiuzhu.core.evaluate import default_registry, staffing
    from jiuzhu.core.io.readers import read_units

    registry = default_registry()
    counts = []
    for rows in (ROWS, 2 * ROWS):
        result = staffing(read_units(inputs[rows]["units"]), registry.chain("530323"), registry=registry)
        profile = cProfile.Profile()
        profile.enable()
        sum(1 for _ in result.records())
        profile.disable()
        counts.append(calls_of(pstats.Stats(profile)))
    assert any("(records)" in text for text in per_row_functions(*counts, ROWS))
