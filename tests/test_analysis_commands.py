"""compare, diff, explain, provenance, and every rule family from the command line."""

from __future__ import annotations

import hashlib
import json

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


@pytest.fixture(autouse=True)
def no_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "none" / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)


def test_compare_json_is_the_staffing_contract_plus_profile(runner):
    out = run_json(runner, ["compare", "--jurisdictions", "all", "--format", "json"])
    assert {r["profile"] for r in out} == {"530000", "530323", "220000", "640100", "520402"}
    jilin = [r for r in out if r["profile"] == "220000" and r["code"] == "530323100"]
    assert jilin[0]["minimum"] == 7 and jilin[0]["citation"]["draft"] is True  # 62,000 people: 3 + 4
    for r in out:
        assert set(r) >= {"code", "level", "role", "minimum", "maximum", "jurisdiction", "citation", "sources",
                          "conflict", "assumption", "profile"}


def test_compare_table_summary_and_chart(runner, tmp_path):
    svg, html = tmp_path / "totals.svg", tmp_path / "totals.html"
    res = runner.invoke(cli, ["compare", "-J", "220000,640100", "--chart", str(svg)])
    assert res.exit_code == 0
    # Jilin's answers come from a draft for comment: marked * wherever they appear.
    assert "township: strictest 220000* (17), most lenient 640100 (10)" in res.stdout
    assert "530323100 (township): 4 apart, 220000* highest, 640100 lowest" in res.stdout
    assert "* 征求意见稿" in res.stdout
    text = svg.read_text(encoding="utf-8")
    # Per level and role (Jilin's 17 township staff is its own bar), the draft named, a source line.
    assert "<svg" in text and "吉林省（征求意见稿" in text and ">17<" in text and "来源" in text
    assert runner.invoke(cli, ["compare", "-J", "530000", "--chart", str(html)]).exit_code == 0
    assert "<html" in html.read_text(encoding="utf-8")
    assert runner.invoke(cli, ["compare", "--chart", str(tmp_path / "x.png")]).exit_code == 2


def test_compare_unknown_code(runner):
    res = runner.invoke(cli, ["compare", "-J", "530000,999999"])
    assert res.exit_code == 1 and "unknown jurisdiction '999999'" in res.stderr


def test_provenance_sidecar(runner, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,level,population,dibao_count\n530323100,township,45000,2000\n", encoding="utf-8")
    out = tmp_path / "result.json"
    res = runner.invoke(cli, ["staffing", str(units), "-j", "530323", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0 and json.loads(out.read_text(encoding="utf-8"))  # stays a bare array
    prov = json.loads((tmp_path / "result.json.provenance.json").read_text(encoding="utf-8"))
    assert prov["input"]["sha256"] == "sha256:" + hashlib.sha256(units.read_bytes()).hexdigest()
    assert prov["profiles"][0]["chain"] == ["530000", "530323"]
    assert prov["profiles"][0]["parameters_hash"].startswith("sha256:")
    assert {p["jurisdiction"]: p["distribution"] for p in prov["plugins"]} == {"530000": "jiuzhu", "530323": "jiuzhu"}
    assert prov["jiuzhu_version"]
    # A different override changes the parameters hash.
    res = runner.invoke(cli, ["compare", str(units), "-J", "530000,220000", "--format", "csv", "-o", str(out)])
    prov2 = json.loads((tmp_path / "result.json.provenance.json").read_text(encoding="utf-8"))
    assert [p["jurisdiction"] for p in prov2["profiles"]] == ["530000", "220000"]


def test_diff_names_parameters_clauses_and_families(runner):
    d = run_json(runner, ["diff", "220000", "640100", "--format", "json"])[0]
    base = next(p for p in d["parameters_differ"] if p["name"] == "township_base_staff")
    assert (base["220000"]["value"], base["220000"]["clause"]) == (3, "三(三)")
    assert (base["640100"]["value"], base["640100"]["clause"]) == (2, "三(四)")
    scoring = next(f for f in d["families"] if f["family"] == "pilot scoring")
    assert scoring["regulated_by"] == ["640100"]
    shizong = run_json(runner, ["diff", "530323", "530000", "--format", "json"])[0]
    deduction = next(f for f in shizong["families"] if f["family"] == "deduction")
    assert deduction["530323"] == ["530000"]  # inherited from its parent


def test_explain_staffing_unit(runner):
    res = runner.invoke(cli, ["explain", "--unit", "530323100", "-j", "530323"])
    assert res.exit_code == 0
    assert "530323 师宗县 Shizong: answered" in res.stdout
    assert "township_case_worker: at least 1, at most 1; binds: 530323 二(一)" in res.stdout
    assert "530000.rounding_minimum = ceil" in res.stdout and "interpretation" in res.stdout
    info = run_json(runner, ["explain", "--unit", "530323", "-j", "530323", "--format", "json"])[0]
    assert [lv["answer"] for lv in info["levels"]] == ["answered", "not regulated here for this unit"]


def test_explain_marks_overrides(runner, tmp_path, monkeypatch):
    cfg = tmp_path / "p.toml"
    monkeypatch.setenv("JIUZHU_CONFIG", str(cfg))
    runner.invoke(cli, ["use", "530000"])
    runner.invoke(cli, ["profile", "set", "county_base_staff", "4"])
    res = runner.invoke(cli, ["explain", "--unit", "530323"])
    assert "530000.county_base_staff = 4 persons (二(一)) override" in res.stdout
    assert "at least 5" in res.stdout  # 45,000 dibao: the ratio still binds


def test_explain_check_record(runner):
    info = run_json(runner, ["explain", "--subject", "xieliyuan_candidate", "--row", "1", "-j", "530323",
                             "--format", "json"])[0]
    assert info["outcome"] == "not_eligible"
    age = next(c for c in info["conditions"] if c["condition"] == "age")
    assert age["status"] == "fail" and {c["jurisdiction"] for c in age["citations"]} == {"530000", "530323"}
    res = runner.invoke(cli, ["explain", "--subject", "xieliyuan_candidate", "--row", "99"])
    assert res.exit_code == 1 and "no record 99" in res.stderr


@pytest.mark.parametrize("args, expect", [
    (["check", "household", "-j", "520402"], ["eligible", "needs_review", "eligible", "eligible", "eligible"]),
    (["check", "case", "-j", "520402"], ["eligible"] * 4),
    (["check", "contractor", "-j", "530000"], ["eligible", "needs_review", "not_eligible"]),
    (["check", "purchase_item", "-j", "220000"], ["eligible", "not_eligible", "eligible", "eligible"]),
])
def test_check_samples(runner, args, expect):
    out = run_json(runner, args + ["--format", "json"])
    assert [r["outcome"] for r in out] == expect


def test_deduct_score_allocate_samples(runner):
    points = run_json(runner, ["deduct", "--subject", "target_score", "-j", "520402", "--format", "json"])
    assert [r["minimum"] for r in points] == [2.0, 4.0, 10.0] and all(r["assumption"] for r in points)
    scores = run_json(runner, ["score", "-j", "520402", "--format", "json"])
    april = {r["unit"]: r["rank"] for r in scores if r["row"] in (3, 4, 5, 6)}
    assert april == {"旧州镇": 1, "东街办": 2, "七眼桥镇": 2, "蔡官镇": 4}
    funds = run_json(runner, ["allocate", "--pool", "1000000", "-j", "530000", "--format", "json"])
    assert sum(r["amount"] for r in funds) == pytest.approx(1000000) and all(r["assumption"] for r in funds)


def test_records_with_chinese_headers(runner, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("姓名,年龄,文化程度,身体健康,遵纪守法,兼职\n甲,51,高中,是,是,否\n", encoding="utf-8")
    out = run_json(runner, ["check", "xieliyuan_candidate", str(f), "-j", "530000", "--format", "json"])
    assert out[0]["outcome"] == "not_eligible" and out[0]["id"] == "甲"


def test_bad_cell_in_records_names_row_and_column(runner, tmp_path):
    f = tmp_path / "c.csv"
    f.write_text("name,age,education\n甲,30,初中\n乙,thirty,初中\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", "xieliyuan_candidate", str(f), "-j", "530000"])
    assert res.exit_code == 1 and f"{f}, row 3, column 'age': 'thirty' is not a number" in res.stderr
