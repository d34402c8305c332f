"""Yunnan (530000) staffing rules at and around every threshold, each test quoting its clause."""

from __future__ import annotations

import pytest

from conftest import by_role, make_units, run_json
from jiuzhu.core.evaluate import staffing


def answer(level, pop, dibao, code="530000", overrides=None):
    result = staffing(make_units((level, pop, dibao)), code, overrides=overrides)
    records = [r for r in result.records() if r["role"] is not None]
    assert len(records) >= 1
    return records[0] if len(records) == 1 else records


@pytest.mark.parametrize("dibao, expected, assumed", [
    (0, 3, False), (20000, 3, False), (29999, 3, False), (30000, 3, False),
    (30001, 4, True), (40000, 4, False), (40001, 5, True), (45000, 5, True), (100000, 10, False)])
def test_county_department(dibao, expected, assumed):
    """二(一): 低保对象在3万人以下（含3万人）的县…配备不少于3名工作人员，低保对象在3万人以上的…按照每1万名低保对象配备不少于1名工作人员"""
    r = answer("county", 0, dibao)
    assert (r["role"], r["minimum"], r["maximum"]) == ("county_staff", expected, None)
    assert r["jurisdiction"] == "530000" and r["citation"]["clause"] == "二(一)"
    # Rounding up is interpretation 1: flagged wherever it changed the number.
    assert r["assumption"] is assumed


def test_county_rounding_is_a_named_choice():
    """Interpretation 1: floor is the alternative reading of 每1万名…不少于1名."""
    r = answer("county", 0, 45000, overrides={"530000.rounding_minimum": "floor"})
    assert r["minimum"] == 4


@pytest.mark.parametrize("dibao, lo, hi", [
    (0, 1, 2), (799, 1, 2), (800, 1, 2), (1200, 1, 2), (1499, 1, 2), (1500, 1, 2),
    (1501, 2, 2), (1600, 2, 2), (2000, 2, 3), (2400, 2, 3), (3000, 2, 4), (3001, 3, 4), (4000, 3, 5)])
def test_township_full_time_staff(dibao, lo, hi):
    """二(一): 低保对象在1500人以下的乡镇…配备1至2名社会救助专职工作人员，1500人以上的…按每800至1500名低保对象配备1名"""
    r = answer("township", 0, dibao)
    assert (r["role"], r["minimum"], r["maximum"]) == ("township_staff", lo, hi)
    assert r["minimum"] <= r["maximum"]


@pytest.mark.parametrize("pop, hi", [(0, 1), (4999, 1), (5000, 2), (5001, 2), (9999, 2), (10000, 3), (10001, 3)])
def test_village_xieliyuan(pop, hi):
    """二(二): 协理员原则上每个行政村或社区配备1人，人口5000人（含）以上的…可配备2人、1万人（含）以上可配备3人"""
    r = answer("village", pop, 0)
    assert (r["role"], r["minimum"], r["maximum"]) == ("village_xieliyuan", 1, hi)
    assert r["citation"]["clause"] == "二(二)"


def test_worked_examples_through_the_api():
    """RULES.md worked examples: county 20,000 → 3, 45,000 → 5; township 1,200 → 1 to 2, 4,000 → 3 to 5."""
    result = by_role(staffing(make_units(("county", 0, 20000), ("county", 0, 45000),
                                         ("township", 0, 1200), ("township", 0, 4000)), "530000"))
    assert result[("u1", "county_staff")]["minimum"] == 3
    assert result[("u2", "county_staff")]["minimum"] == 5
    assert (result[("u3", "township_staff")]["minimum"], result[("u3", "township_staff")]["maximum"]) == (1, 2)
    assert (result[("u4", "township_staff")]["minimum"], result[("u4", "township_staff")]["maximum"]) == (3, 5)


def test_worked_examples_through_the_cli(runner, tmp_path):
    """The same worked examples, from a CSV file through `jiuzhu staffing --format json`."""
    f = tmp_path / "units.csv"
    f.write_text("code,level,population,dibao_count\n530301,county,0,20000\n530302,county,0,45000\n"
                 "530301001,township,0,1200\n530301002,township,0,4000\n", encoding="utf-8")
    out = {r["code"]: r for r in run_json(runner, ["staffing", str(f), "--jurisdiction", "530000", "--format", "json"])}
    assert (out["530301"]["minimum"], out["530302"]["minimum"]) == (3, 5)
    assert (out["530301001"]["minimum"], out["530301001"]["maximum"]) == (1, 2)
    assert (out["530301002"]["minimum"], out["530301002"]["maximum"]) == (3, 5)
    for r in out.values():
        assert set(r) >= {"code", "level", "role", "minimum", "maximum", "jurisdiction", "citation",
                          "assumption", "sources", "conflict"}
        assert r["citation"]["document"].startswith("云南省民政厅") and r["conflict"] is None


def test_chinese_headers_and_levels(runner, tmp_path):
    """The units contract accepts 行政区划代码,名称,层级,人口,低保对象数 and levels 县, 乡镇, 村."""
    f = tmp_path / "units.csv"
    f.write_text("行政区划代码,名称,层级,人口,低保对象数\n530323,某县,县,1,45000\n530323100,某镇,乡镇,1,4000\n"
                 "530323100001,某村,村,5000,0\n",
                 encoding="utf-8-sig")
    out = run_json(runner, ["staffing", str(f), "-j", "530000", "--format", "json"])
    assert [(r["code"], r["level"], r["minimum"], r["maximum"]) for r in out] == [
        ("530323", "county", 5, None), ("530323100", "township", 3, 5), ("530323100001", "village", 1, 2)]
    assert out[0]["name"] == "某县"
