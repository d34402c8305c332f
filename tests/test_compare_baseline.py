"""compare --baseline: variants (jurisdictions, profiles, a profile's overrides) against one baseline."""

from __future__ import annotations

import json

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


@pytest.fixture(autouse=True)
def profiles(tmp_path, monkeypatch, runner):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "cfg" / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    # trial: Shizong with Yunnan's ratio floors rounded down (interpretation 1 read the other way).
    for args in (["use", "530323", "--profile", "trial"], ["profile", "set", "rounding_minimum", "floor"],
                 ["use", "530000", "--profile", "province-trial"],
                 ["profile", "set", "township_dibao_per_staff_minimum", "1000"]):
        assert runner.invoke(cli, args).exit_code == 0


def _by_key(records, value="minimum"):
    return {(r["code"], r["role"]): r[value] for r in records if r["role"] is not None}


def test_differences_are_the_profiles_overrides_and_nothing_else(runner):
    rows = run_json(runner, ["compare", "--baseline", "530323", "--profile", "trial", "--format", "json"])
    plain = _by_key(run_json(runner, ["staffing", "-j", "530323", "--format", "json"]))
    trial = _by_key(run_json(runner, ["staffing", "-p", "trial", "--format", "json"]))
    assert {(r["code"], r["role"]) for r in rows} == set(plain)  # every unit and role, once
    for r in rows:
        key = (r["code"], r["role"])
        assert (r["baseline_minimum"], r["variant_minimum"]) == (plain[key], trial[key])
        assert r["difference"] == trial[key] - plain[key]
    changed = {(r["code"], r["role"]) for r in rows if r["changed"]}
    # Rounding down changes exactly the ratios that do not divide: 45,000/10,000, 4,000/1,500, 2,000/1,500.
    assert changed == {("530323", "county_staff"), ("530323100", "township_staff"), ("530323101", "township_staff")}
    assert all(r["difference"] == -1 for r in rows if r["changed"])


def test_a_profile_saved_elsewhere_brings_only_its_overrides(runner):
    res = runner.invoke(cli, ["compare", "--baseline", "530323", "--profile", "province-trial", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "saved for 530000" in res.stderr
    rows = json.loads(res.stdout)
    # Shizong's own case workers are in both: the jurisdiction did not change, only the ratio.
    assert {r["role"] for r in rows if r["changed"]} == {"township_staff"}
    assert all(r["variant"] == "530323+province-trial" for r in rows)


def test_table_totals_most_affected_and_chart(runner, tmp_path):
    chart = tmp_path / "baseline.svg"
    res = runner.invoke(cli, ["compare", "--baseline", "530323", "--profile", "trial", "--chart", str(chart)])
    assert res.exit_code == 0, res.output
    assert "530323+trial: 17 against 20 (-3); 3 unit(s) changed" in res.stdout
    assert "most affected" in res.stdout and "530323100 (-1)" in res.stdout
    assert "530323102" not in res.stdout  # unchanged rows are not listed in the table
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and ">20<" in svg and ">17<" in svg


def test_jurisdictions_as_variants_and_by_county(runner):
    rows = run_json(runner, ["compare", "--baseline", "530000", "-J", "220000,640100", "--by", "county",
                             "--format", "json"])
    assert len(rows) == 1 and rows[0]["baseline"] == "530000"
    assert rows[0]["minimum"] == {"530000": 16, "220000": 17, "640100": 14}
    assert rows[0]["difference"] == {"220000": 1, "640100": -2}
    csv = runner.invoke(cli, ["compare", "--baseline", "trial", "--variant", "530323", "--format", "csv"]).stdout
    assert csv.replace('"', "").splitlines()[0].startswith("code,name,level,role,baseline,variant,baseline_minimum")


def test_unknown_baseline_and_variants_without_baseline(runner):
    res = runner.invoke(cli, ["compare", "--baseline", "nosuch"])
    assert res.exit_code == 2 and "neither a jurisdiction code" in res.stderr and "trial" in res.stderr
    res = runner.invoke(cli, ["compare", "--profile", "trial"])
    assert res.exit_code == 2 and "--baseline" in res.stderr
