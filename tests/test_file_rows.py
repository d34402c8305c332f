"""A bad cell is reported on the row the user sees in their file, in every command, for CSV
and .xlsx alike: a blank line before it does not shift the number (issue 10: "after a blank
line they are wrong: a bad cell on file row 4 is reported as row 3")."""

from __future__ import annotations

import csv

import pytest

from jiuzhu.cli.main import cli

UNITS = [["code", "level", "population", "dibao_count"], ["530323", "county", "420000", "45000"], [],
         ["530323100", "township", "lots", "4000"]]
CANDIDATES = [["name", "age", "education"], ["甲", "30", "初中"], [], ["乙", "31", "博士后"]]
INCIDENTS = [["id", "count", "monthly_wage", "multiplier"], ["1", "1", "2400", "2"], [], ["2", "1", "2400", "9"]]
SCORES = [["unit", "month", "score"], ["旧州镇", "4", "90"], [], ["东街办", "4", "ninety"]]

COMMANDS = [
    ("staffing", UNITS, ["staffing", "{f}", "-j", "530323"], "population"),
    ("compare", UNITS, ["compare", "{f}", "-J", "530000,220000"], "population"),
    ("compare wide", UNITS, ["compare", "{f}", "--layout", "wide", "--format", "csv"], "population"),
    ("allocate", UNITS, ["allocate", "{f}", "-j", "640100"], "population"),
    ("explain unit", UNITS, ["explain", "{f}", "-j", "530323"], "population"),
    ("check", CANDIDATES, ["check", "xieliyuan_candidate", "{f}", "-j", "530323"], "education"),
    ("explain record", CANDIDATES, ["explain", "{f}", "--subject", "xieliyuan_candidate", "--row", "2",
                                    "-j", "530323"], "education"),
    ("deduct", INCIDENTS, ["deduct", "{f}", "-j", "530000"], "multiplier"),
    ("score", SCORES, ["score", "{f}", "-j", "520402"], "score"),
]


def write(path, rows) -> str:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        for row in rows:
            book.active.append(row)  # an empty row leaves the sheet's row 3 empty
        book.save(path)
    else:
        with open(path, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
    return str(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("name, rows, args, column", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_bad_cell_after_a_blank_line_names_its_file_row(runner, tmp_path, suffix, name, rows, args, column):
    f = write(tmp_path / f"in{suffix}", rows)
    res = runner.invoke(cli, [a.format(f=f) for a in args])
    assert res.exit_code == 1, res.output
    errors = [line for line in res.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in res.output
    assert f"{f}, row 4, column '{column}'" in errors[0]


def test_no_module_recomputes_a_file_row():
    """One way to place an error: ``Table.error(record, column, message)``. Arithmetic such as
    ``row=i + 2`` is what went wrong after blank lines, so none may come back."""
    import importlib
    import re
    from pathlib import Path

    pattern = re.compile(r"row=[^,)]*\+ *[12]\b|\]\) \+ 2$")
    offenders = []
    for name in ("jiuzhu", "jiuzhu.core", "jiuzhu.cli", "jiuzhu.plugins", "jiuzhu.web"):
        try:
            root = Path(importlib.import_module(name).__file__).parent
        except ImportError:
            continue
        offenders += [f"{name}/{path.name}:{n}" for path in root.glob("*.py")
                      for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                      if pattern.search(line)]
    assert offenders == []
