"""jiuzhu sweep: totals at each value of declared parameters, changed units, a line chart."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import run_json
from jiuzhu.cli.main import cli

RATIO = "township_dibao_per_staff_minimum"


pytestmark = pytest.mark.usefixtures("no_profile")


@pytest.fixture(scope="module")
def units_file(tmp_path_factory):
    rng = np.random.default_rng(3)
    lines = ["code,level,population,dibao_count", "530323,county,400000,45000"]
    for t in range(1, 301):
        lines.append(f"530323{t:03d},township,{rng.integers(5_000, 60_000)},{rng.integers(200, 6_000)}")
    path = tmp_path_factory.mktemp("sweep") / "units.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_totals_never_rise_as_the_township_ratio_loosens(runner, units_file):
    # Yunnan 二(一): "按每800至1500名低保对象配备1名社会救助专职工作人员" — the floor is one per
    # township_dibao_per_staff_minimum recipients: the more recipients per person, the fewer staff.
    points = run_json(runner, ["sweep", f"{RATIO}=800:1500:100", "-j", "530000", str(units_file), "--format", "json"])
    assert [p["point"][f"530000.{RATIO}"] for p in points] == list(range(800, 1501, 100))
    totals = [p["total"] for p in points]
    assert all(a >= b for a, b in zip(totals, totals[1:])) and totals[0] > totals[-1]
    assert all(p["roles"]["county_staff"] == 5 for p in points)  # the county rule does not move
    assert all(p["levels"]["township"] == p["roles"]["township_staff"] for p in points)
    # Each point is what staffing gives with the same value as an override.
    staffing = run_json(runner, ["staffing", str(units_file), "-j", "530000", "--format", "json"])
    assert points[-1]["total"] == sum(r["minimum"] for r in staffing)  # 1500 is the document's value
    assert points[0]["changed"] == 0
    assert all(p["changed"] == len(p["changed_units"]) for p in points)
    assert sum(p["changed"] for p in points[1:]) > 0


def test_values_outside_the_declared_range_are_refused(runner, units_file):
    res = runner.invoke(cli, ["sweep", f"{RATIO}=0:1500:500", "-j", "530000", str(units_file)])
    assert res.exit_code == 1 and "must be at least 1, not 0" in res.stderr
    res = runner.invoke(cli, ["sweep", f"{RATIO}=800:900:50.5", "-j", "530000", str(units_file)])
    assert res.exit_code == 1 and "takes a whole number" in res.stderr
    res = runner.invoke(cli, ["sweep", "no_such_parameter=1:2:1", "-j", "530000", str(units_file)])
    assert res.exit_code == 1 and "no_such_parameter" in res.stderr
    res = runner.invoke(cli, ["sweep", "rounding_minimum=ceil,sideways", "-j", "530000", str(units_file)])
    assert res.exit_code == 1 and "must be one of ceil, floor" in res.stderr
    assert runner.invoke(cli, ["sweep", str(units_file)]).exit_code == 2


def test_two_parameters_every_pair_with_chart_and_csv(runner, units_file, tmp_path):
    chart = tmp_path / "sweep.html"
    res = runner.invoke(cli, ["sweep", f"{RATIO}=1000:1500:250", "rounding_minimum=ceil,floor", "-j", "530323",
                              str(units_file), "--format", "csv", "--chart", str(chart)])
    assert res.exit_code == 0, res.output
    lines = list(csv.reader(io.StringIO(res.stdout)))
    assert lines[0][:3] == [f"530000.{RATIO}", "530000.rounding_minimum", "total"]
    assert len(lines) == 1 + 3 * 2
    page = chart.read_text(encoding="utf-8")
    assert "echarts" in page and "rounding_minimum=floor" in page and '"type": "line"' in page
    assert "https://" not in page.split("<script>")[0]


def test_sweep_in_a_real_process_with_svg_chart(units_file, tmp_path):
    jiuzhu = Path(sys.executable).with_name("jiuzhu")
    chart = tmp_path / "sweep.svg"
    done = subprocess.run([str(jiuzhu), "sweep", f"{RATIO}=800:1500:350", "-j", "530000", str(units_file),
                           "--chart", str(chart)], capture_output=True, text=True, env={"JIUZHU_CONFIG": str(
                               tmp_path / "p.toml"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "800" in done.stdout and "1500" in done.stdout
    assert chart.read_text(encoding="utf-8").startswith("<svg") and "pygal" in chart.read_text(encoding="utf-8")
