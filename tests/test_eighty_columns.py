"""COLUMNS=80: what a new user ran fits the terminal, with lists joined by 、 (never a Python list)."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import jiuzhu.samples

UNITS = str(Path(jiuzhu.samples.__file__).parent / "units.csv")


def width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("args", [["diff", "530323", "--from", "2019-01-01", "--to", "2019-06-01"],
                                  ["staffing", UNITS, "--by", "province"],
                                  ["duties", "-j", "640100"]])
def test_fits_eighty_columns(args):
    env = {**os.environ, "COLUMNS": "80"}
    res = subprocess.run([sys.executable, "-m", "jiuzhu", *args], capture_output=True, text=True, encoding="utf-8",
                         env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert max(width(line) for line in res.stdout.splitlines()) <= 80
    assert "['" not in res.stdout
