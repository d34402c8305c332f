"""--by county|prefecture|province: totals up the GB/T 2260 code tree by code prefix."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


pytestmark = pytest.mark.usefixtures("no_profile")


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """A small national-shaped file: 3 provinces, their counties, townships and villages,
    without the province or prefecture rows (a roll-up must not need parents)."""
    rng = np.random.default_rng(7)
    lines = ["code,level,population,dibao_count"]
    for province in ("11", "53", "64"):
        for prefecture in ("01", "03"):
            for county in ("02", "23"):
                c = province + prefecture + county
                lines.append(f"{c},county,{rng.integers(50_000, 600_000)},{rng.integers(5_000, 60_000)}")
                for t in range(1, 4):
                    town = f"{c}{t:03d}"
                    lines.append(f"{town},township,{rng.integers(5_000, 60_000)},{rng.integers(300, 5_000)}")
                    for v in range(1, 3):
                        lines.append(f"{town}{v:03d},village,{rng.integers(300, 12_000)},{rng.integers(10, 400)}")
    path = tmp_path_factory.mktemp("rollup") / "national.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("by, groups", [("province", 3), ("prefecture", 6), ("county", 12)])
def test_staffing_by_level_sums_to_the_unit_total(runner, national, by, groups):
    units = run_json(runner, ["staffing", str(national), "-j", "530000", "--format", "json"])
    rows = run_json(runner, ["staffing", str(national), "-j", "530000", "--by", by, "--format", "json"])
    assert len(rows) == groups and len({r["group"] for r in rows}) == groups
    assert sum(r["minimum"] for r in rows) == sum(r["minimum"] or 0 for r in units)
    assert sum(r["units"] for r in rows) == 3 * 2 * 2 * (1 + 3 + 6)
    role_sum = sum(r["roles"]["township_staff"]["minimum"] for r in rows)
    assert role_sum == sum(r["minimum"] for r in units if r["role"] == "township_staff")


def test_staffing_by_province_table_csv_and_chart(runner, national, tmp_path):
    chart = tmp_path / "p.html"
    res = runner.invoke(cli, ["staffing", str(national), "-j", "530000", "--by", "province", "--chart", str(chart)])
    assert res.exit_code == 0, res.output
    assert [line.split()[0] for line in res.stdout.splitlines()[2:5]] == ["110000", "530000", "640000"]
    assert "<html" in chart.read_text(encoding="utf-8")
    res = runner.invoke(cli, ["staffing", str(national), "-j", "530000", "--by", "province", "--format", "csv"])
    header = next(csv.reader(io.StringIO(res.stdout)))
    assert header[:6] == ["group", "name", "units", "not_covered", "minimum", "maximum"]
    assert "township_staff.min" in header and len(res.stdout.splitlines()) == 4


def test_units_no_rule_covers_are_counted_and_flagged(runner, national):
    # Jilin's draft staffs townships only: counties and villages are counted, not in the totals.
    rows = run_json(runner, ["staffing", str(national), "-j", "220000", "--by", "province", "--format", "json"])
    assert all(r["not_covered"] == 4 + 24 for r in rows) and all(r["units"] == 40 for r in rows)
    res = runner.invoke(cli, ["staffing", str(national), "-j", "220000", "--by", "province"])
    assert "84 unit(s) no rule of the chain covers" in res.stderr


def test_a_code_outside_gbt2260_is_refused_with_its_row(runner, tmp_path):
    units = tmp_path / "u.csv"
    units.write_text("code,level,population,dibao_count\n530323,county,1,1\nu7,township,1,1\n", encoding="utf-8")
    res = runner.invoke(cli, ["staffing", str(units), "--by", "county"])
    assert res.exit_code == 1 and "row 3" in res.stderr and "'u7'" in res.stderr and "GB/T 2260" in res.stderr


def test_allocate_and_compare_by_county(runner, national):
    floors = run_json(runner, ["allocate", str(national), "-j", "640100", "--by", "county", "--format", "json"])
    per_unit = run_json(runner, ["allocate", str(national), "-j", "640100", "--format", "json"])
    assert len(floors) == 12 and sum(r["floor"] for r in floors) == sum(r["floor"] or 0 for r in per_unit)
    rows = run_json(runner, ["compare", str(national), "-J", "530000,640100", "--by", "prefecture", "--format",
                             "json"])
    staffing = run_json(runner, ["staffing", str(national), "-j", "640100", "--format", "json"])
    assert len(rows) == 6
    assert sum(r["minimum"]["640100"] for r in rows) == sum(r["minimum"] or 0 for r in staffing)
    text = runner.invoke(cli, ["compare", str(national), "-J", "530000,640100", "--by", "province"]).stdout
    assert "530000" in text and "640000" in text
    assert json.loads(runner.invoke(cli, ["compare", str(national), "--by", "province", "--format", "json"]).stdout)


def test_a_code_the_tree_cannot_place_is_named_as_written():
    """A table built in code may hold any code; --by refuses one it cannot place, quoting it
    as the user wrote it (not as numpy's repr)."""
    from jiuzhu.core.analysis.rollup import group_units
    from jiuzhu.core.io.readers import units_from_rows
    from jiuzhu.core.model.errors import InputError

    units = units_from_rows([{"code": "530323", "level": "county", "population": 1, "dibao_count": 1},
                             {"code": "u1", "level": "village", "population": 1, "dibao_count": 1}])
    with pytest.raises(InputError, match=r"code 'u1' is not a GB/T 2260 code") as caught:
        group_units(units, "county")
    assert "np.str_" not in str(caught.value)
