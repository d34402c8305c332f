"""One combiner for all five rule families: levels ordered by depth, never by call order;
fund floors combine (and conflict) like staffing floors; the deepest level answers a
deduction and a score; an evaluation owns its answer cache."""

from __future__ import annotations

import json
import textwrap
from importlib.metadata import EntryPoint

import pytest

from conftest import make_units
from jiuzhu.cli.main import cli
from jiuzhu.core.evaluate import Evaluation
from jiuzhu.core.hooks.registry import Registry, load_plugins, new_plugin_manager
from jiuzhu.core.model.table import Table

BUILTINS = [EntryPoint("530000", "jiuzhu.plugins.yunnan", "jiuzhu"),
            EntryPoint("530323", "jiuzhu.plugins.shizong", "jiuzhu")]

TOML = textwrap.dedent('''
    code = "530399"
    name_zh = "测试县"
    name_en = "Test county"
    level = "county"
    parent = "530000"
    [[documents]]
    id = "d"
    title = "测试县实施方案"
    issuer = "测试县"
    date = "2020-01-01"
    status = "in_force"
    [parameters.village_floor]
    value = 0
    clause = "一"
''')

# A county under Yunnan answering every family, so each chain has two levels to combine:
# a village floor below Yunnan's (a conflict), Yunnan's age condition restated, a deduction
# inside Yunnan's range, a fund floor under a higher level's floor, and a score.
PLUGIN = '''
from pathlib import Path
import numpy as np
from jiuzhu.plugin import FAIL, PASS, Condition, Deduction, Factor, FundRule, ScoringRule, StaffingRule, declare, hookimpl
CODE = "530399"
jiuzhu_jurisdiction = declare(Path(__file__).with_name("530399.toml"))

@hookimpl
def jiuzhu_staffing_rule(units, chain):
    j = chain[CODE]
    return [StaffingRule("village_xieliyuan", j.citation("一"), units.level_mask("village"),
                         minimum=np.full(len(units), j.parameters.value("village_floor")))]

@hookimpl
def jiuzhu_eligibility_check(subject, records, chain):
    if subject != "xieliyuan_candidate":
        return None
    j = chain[CODE]
    age = np.array([float(a or 0) for a in records["age"]])
    return [Condition("age", "age 18 to 45", j.citation("二"), np.where(age <= 45, PASS, FAIL),
                      np.full(len(records), "age above 45", dtype=object))]

@hookimpl
def jiuzhu_deduction_rule(subject, incidents, chain):
    if subject != "contractor_payment":
        return None
    wage = np.array([float(w) for w in incidents["monthly_wage"]])
    return [Deduction("contractor_payment", chain[CODE].citation("三"), "yuan", wage * 2, wage * 2)]

@hookimpl
def jiuzhu_fund_factor_weighting(units, chain):
    j = chain[CODE]
    return FundRule(j.citation("四"), factors=(Factor("workload", "workload", "workload", 1.0, j.citation("四")),),
                    floors=np.where(units.level_mask("township"), 1000, -1), floor_citation=j.citation("四"))

@hookimpl
def jiuzhu_pilot_scoring(scores, chain):
    n = len(scores)
    shortfalls = np.empty(n, dtype=object)
    for i in range(n):
        shortfalls[i] = []
    return ScoringRule(chain[CODE].citation("五"), score=np.full(n, 80.0), shortfalls=shortfalls)
'''


@pytest.fixture
def county(tmp_path, monkeypatch):
    """A registry with Yunnan, Shizong and the test county 530399 under Yunnan."""
    (tmp_path / "530399.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "county_all_families.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return load_plugins(BUILTINS + [EntryPoint("530399", "county_all_families", "jiuzhu")])


def _reversed_manager(self, chain):
    pm = new_plugin_manager()
    for code in reversed(chain.answering_codes):
        pm.register(self.plugins[code].plugin, name=code)
    return pm


FAMILIES = {
    "staffing": lambda ev: ev.staffing(make_units(("village", 6000, 0), ("township", 0, 2000)), "530399"),
    "check": lambda ev: ev.check("xieliyuan_candidate", Table.from_rows(
        [{"id": "a", "age": "48", "education": "高中"}, {"id": "b", "age": "60"}]), "530399"),
    "deduct": lambda ev: ev.deduct("contractor_payment", Table.from_rows(
        [{"count": "1", "monthly_wage": "2400"}]), "530399"),
    "allocate": lambda ev: ev.allocate(Table.from_rows(
        [{"code": "t", "level": "township", "population": 45000, "dibao_count": 1, "workload": 3},
         {"code": "v", "level": "village", "population": 10, "dibao_count": 1, "workload": 1}]), "530399", 1000.0),
    "score": lambda ev: ev.score(Table.from_rows([{"unit": "a"}, {"unit": "b"}]), "530399"),
}


@pytest.mark.parametrize("family", list(FAMILIES))
def test_reverse_registration_gives_identical_records(family, county, monkeypatch):
    """DESIGN: nothing depends on pluggy's call order: the combiner orders levels by depth."""
    forward = list(FAMILIES[family](Evaluation(county)).records())
    monkeypatch.setattr(Registry, "plugin_manager_for", _reversed_manager)
    backward = list(FAMILIES[family](Evaluation(county)).records())
    assert forward == backward and forward


def test_each_family_resolves_two_levels(county):
    ev = Evaluation(county)
    village = next(r for r in FAMILIES["staffing"](ev).records() if r["role"] == "village_xieliyuan")
    # RULES: a lower level below its parent's floor is a conflict naming both clauses; the floor applies.
    assert village["minimum"] == 1 and village["jurisdiction"] == "530000"
    assert "530399 一 sets at least 0, below 530000 二(二)'s floor of 1" in village["conflict"]
    # All levels' conditions apply: 48 passes the county's 45? no: the county's own condition fails.
    a, b = FAMILIES["check"](ev).records()
    assert a["outcome"] == "not_eligible" and {c["jurisdiction"] for c in a["failed"][0]["citations"]} == {
        "530000", "530399"}
    # The deepest level stating a deduction answers; both are listed.
    d = next(FAMILIES["deduct"](ev).records())
    assert (d["minimum"], d["maximum"], d["jurisdiction"]) == (4800, 4800, "530399")
    assert [s["jurisdiction"] for s in d["sources"]] == ["530000", "530399"] and d["conflict"] is None
    # The deepest level naming factors sets the weights; its floor holds under the share.
    t, v = FAMILIES["allocate"](ev).records()
    assert [f["jurisdiction"] for f in t["factors"]] == ["530399"]
    assert (t["floor"], t["floor_jurisdiction"], v["floor"]) == (1000, "530399", None)
    assert (t["share"], t["amount"], v["amount"]) == (0.75, 1000, 250)  # the floor holds under a 750 share
    s = list(FAMILIES["score"](ev).records())
    assert [r["score"] for r in s] == [80.0, 80.0] and s[0]["jurisdiction"] == "530399"


def test_a_deduction_outside_a_higher_range_is_a_conflict(county):
    """下位不得抵触上位: the county's 2x lies inside Yunnan's 1x-3x; a multiplier of 1 set by an
    incident makes Yunnan's answer 1x, and the county's fixed 2x leaves it: reported."""
    d = next(Evaluation(county).deduct("contractor_payment", Table.from_rows(
        [{"count": "1", "monthly_wage": "2400", "multiplier": "1"}]), "530399").records())
    assert d["jurisdiction"] == "530399" and "outside 530000 六(二)'s 2400 to 2400" in d["conflict"]


def test_fund_floors_conflict_like_staffing_floors(tmp_path, monkeypatch):
    """A county below Yinchuan-style floors of its parent: the higher floor binds, the conflict names both."""
    import numpy as np

    from jiuzhu.core.hooks.answers import FundRule
    from jiuzhu.core.combine import combine_funds
    from jiuzhu.core.model import Citation

    registry = load_plugins(BUILTINS)
    chain = registry.chain("530323")
    units = make_units(("township", 0, 1), ("township", 0, 1))
    answers = {"530000": FundRule(Citation("530000", "d", "五"), floors=np.array([70000, -1]),
                                  floor_citation=Citation("530000", "d", "五")),
               "530323": FundRule(Citation("530323", "d", "五"), floors=np.array([40000, 50000]),
                                  floor_citation=Citation("530323", "d", "五"))}
    first, second = combine_funds(units, chain, answers).records()
    assert (first["floor"], first["floor_jurisdiction"]) == (70000, "530000")
    assert first["conflict"] == "530323 五 sets at least 40000, below 530000 五's floor of 70000; the floor applies"
    assert (second["floor"], second["floor_jurisdiction"], second["conflict"]) == (50000, "530323", None)


def test_an_evaluation_keeps_tables_apart():
    """Two staffing evaluations sharing an Evaluation, at 45,000 then 100,000 dibao recipients
    under Yunnan (二(一): 每1万人配备1名): 5, then 10 — never the first answer again."""
    import gc

    ev = Evaluation()
    first = next(ev.staffing(make_units(("county", 0, 45000)), "530000").records())["minimum"]
    gc.collect()
    second = next(ev.staffing(make_units(("county", 0, 100000)), "530000").records())["minimum"]
    assert (first, second) == (5, 10)


def test_a_level_shared_by_two_chains_is_asked_once(county, monkeypatch):
    """compare's speed: Yunnan heads 530000's chain and 530323's; one Evaluation asks it once."""
    import jiuzhu.plugins.yunnan as yunnan

    calls = []
    real = yunnan.jiuzhu_staffing_rule.__wrapped__ if hasattr(yunnan.jiuzhu_staffing_rule, "__wrapped__") \
        else yunnan.jiuzhu_staffing_rule

    def counting(units, chain):
        calls.append(chain.target.code)
        return real(units, chain)

    monkeypatch.setattr(yunnan, "jiuzhu_staffing_rule", counting)
    counting.jiuzhu_impl = real.jiuzhu_impl
    registry = load_plugins(BUILTINS)
    units = make_units(("county", 0, 45000))
    ev = Evaluation(registry)
    ev.staffing(units, "530000")
    ev.staffing(units, "530323")
    assert calls == ["530000"]
    ev.staffing(units, "530323", overrides={"530000.county_dibao_per_staff": 5000})
    assert calls == ["530000", "530323"]  # another value of a parameter it reads: asked again


@pytest.mark.parametrize("args,expect", [
    (["--family", "deduct", "--row", "1", "-j", "530000"], "4800 to 14400 yuan; answers: 530000 六(二)"),
    (["--family", "allocate", "-j", "640100", "--unit", "530323101"], "floor 70000 yuan (640100 三(九))"),
    (["--family", "score", "--row", "3", "-j", "520402"], "answers: 520402 四(五)"),
])
def test_explain_covers_every_family(runner, args, expect):
    res = runner.invoke(cli, ["explain", *args])
    assert res.exit_code == 0, res.output
    assert expect in res.stdout and "parameters read" in res.stdout
    out = runner.invoke(cli, ["explain", *args, "--format", "json"])
    info = json.loads(out.stdout)[0]
    assert info["answers"] and info["parameters"] and info["levels"]


def test_allocate_names_a_fund_floor_conflict_like_staffing(tmp_path, monkeypatch, runner):
    """RULES: a lower level's floor below its parent's is a conflict naming both clauses, and
    the higher floor applies: fund floors are reported exactly as staffing floors are."""
    import numpy as np

    import jiuzhu.plugins.yunnan as yunnan
    from jiuzhu.cli import context
    from jiuzhu.plugin import FundRule

    real = yunnan.jiuzhu_fund_factor_weighting

    def with_floor(units, chain):  # as if Yunnan's notice set 2,000 yuan per township
        j = chain["530000"]
        return FundRule(j.citation("五"), floors=np.where(units.level_mask("township"), 2000, -1),
                        floor_citation=j.citation("五"))

    with_floor.jiuzhu_impl = real.jiuzhu_impl
    monkeypatch.setattr(yunnan, "jiuzhu_fund_factor_weighting", with_floor)
    (tmp_path / "530399.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "county_all_families.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = load_plugins(BUILTINS + [EntryPoint("530399", "county_all_families", "jiuzhu")])
    monkeypatch.setattr(context.AppContext, "registry", property(lambda self: registry))
    units = tmp_path / "u.csv"
    units.write_text("code,level,population,dibao_count,workload\n530399001,township,45000,1,3\n", encoding="utf-8")
    res = runner.invoke(cli, ["allocate", str(units), "-j", "530399", "--format", "json"])
    assert res.exit_code == 0, res.output
    (record,) = json.loads(res.stdout)
    assert (record["floor"], record["floor_jurisdiction"]) == (2000, "530000")
    assert record["conflict"] == "530399 四 sets at least 1000, below 530000 五's floor of 2000; the floor applies"
    table = runner.invoke(cli, ["allocate", str(units), "-j", "530399"])
    assert "冲突" in table.stdout and "530399001: 530399 四 sets at least 1000" in table.stdout


def test_json_built_per_column_is_the_records_with_two_levels(county):
    """check and deduct write their JSON per column: the same text as their records, with
    conditions merged over two levels, a deduction both levels state and one in conflict."""
    from jiuzhu.cli.check_columns import check_json
    from jiuzhu.cli.deduct_columns import deduct_json, incident_ids
    from jiuzhu.cli.output import json_lines

    ev = Evaluation(county)
    checked = FAMILIES["check"](ev)
    assert [t for a in check_json(checked, batch=1) for t in a.to_pylist()] == list(json_lines(checked.records()))
    incidents = Table.from_rows([{"id": "x", "count": "1", "monthly_wage": "2400", "multiplier": "1"},
                                 {"id": "y", "count": "2", "monthly_wage": "2400.5"}])
    deducted = ev.deduct("contractor_payment", incidents, "530399")
    ids = incident_ids(incidents)
    expected = [{**r, "id": ids[i].as_py()} for i, r in enumerate(deducted.records())]
    assert expected[0]["conflict"] and not expected[1]["conflict"]
    assert [t for a in deduct_json(deducted, ids, batch=1) for t in a.to_pylist()] == list(json_lines(expected))
    from jiuzhu.core.evaluate import deduct

    nothing = deduct("contractor_payment", incidents, "220000")  # no level of Jilin's chain deducts
    assert [t for a in deduct_json(nothing, None) for t in a.to_pylist()] == \
        list(json_lines({**r, "id": None} for r in nothing.records()))
