"""Issue 12, second reading: answers a bureau would act on, each through the CLI, quoting its clause."""

from __future__ import annotations

import json

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


def check_json(runner, tmp_path, subject, code, rows: list[dict]):
    header = list(dict.fromkeys(k for r in rows for k in r))
    f = tmp_path / f"{subject}.csv"
    f.write_text(",".join(header) + "\n" + "\n".join(",".join(str(r.get(k, "")) for k in header) for r in rows)
                 + "\n", encoding="utf-8")
    return run_json(runner, ["check", subject, str(f), "-j", code, "--format", "json"])


# --- 1. not regulated is not eligible ------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_unregulated_subject_is_not_regulated_in_every_format(runner, tmp_path, fmt):
    """RULES "Outcomes of a check": not regulated (no level of the chain says anything on this
    subject: never "eligible"). Yunnan's notice says nothing of households."""
    f = tmp_path / "h.csv"
    f.write_text("id,blacklisted\nh1,no\n", encoding="utf-8")
    res = runner.invoke(cli, ["check", "household", str(f), "-j", "530000", "--format", fmt])
    assert res.exit_code == 0, res.output
    assert "not_regulated" in res.stdout and "eligible" not in res.stdout.replace("not_eligible", "")
    assert "530000" in res.stderr
    if fmt == "json":
        [record] = json.loads(res.stdout)
        assert record["consulted"] == ["530000"] and record["jurisdictions"] == []


def test_yinchuan_regulates_purchase_content(runner, tmp_path):
    """Yinchuan 三(八): 除政府直接承担的行政管理性事务和必须承担的社会救助服务以外 … 向社会购买的社会救助服务
    主要围绕事务性工作和服务性工作开展 (an open list)."""
    out = check_json(runner, tmp_path, "purchase_item", "640100",
                     [{"id": "a", "category": "低保审批"}, {"id": "b", "category": "行政管理性事务"},
                      {"id": "c", "category": "事务性"}, {"id": "d", "category": "政研性"}])
    assert [r["outcome"] for r in out] == ["needs_review", "not_eligible", "eligible", "needs_review"]
    assert out[1]["failed"][0]["citations"][0]["clause"] == "三(八)"
    assert all(r["jurisdictions"] == ["640100"] for r in out)


def write(tmp_path, name, text):
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return str(f)


# --- Xixiu ---------------------------------------------------------------------------------

def test_xixiu_window_officer_is_a_duty_not_a_post(runner, tmp_path):
    """Xixiu 六(三): 设立“社会救助服务窗口”,明确一名人员负责“一门受理、协同办理” — one of the township's
    staff is named; 四(三)1 不低于2人 stays the township's number."""
    units = write(tmp_path, "u.csv", "code,level,population,dibao_count\n520402001,township,20000,100\n")
    out = run_json(runner, ["staffing", units, "-j", "520402", "--format", "json"])
    assert [(r["role"], r["minimum"]) for r in out] == [("township_staff", 2)]
    assert "duty on the township" in out[0]["sources"][0]["note"]
    res = runner.invoke(cli, ["compare", units, "-J", "520402"])
    assert res.exit_code == 0, res.output
    assert "2+" in res.stdout and "3+" not in res.stdout


def test_xixiu_ranks_real_year_months(runner, tmp_path):
    """Xixiu 四(五): 第二季度起…按月…排序 — from April 2019 every month is ranked, 2020-03 too, each
    year-month on its own; month 13 and 4.5 are not months."""
    f = write(tmp_path, "s.csv", "unit,month,score\n旧州镇,2019-03,99\n旧州镇,2019-04,90\n东街办,2019年4月,95\n"
                                 "旧州镇,2020-03,80\n东街办,2020-03,70\n东街办,2020-04,60\n")
    out = run_json(runner, ["score", f, "-j", "520402", "--format", "json"])
    assert [r["rank"] for r in out] == [None, 2, 1, 1, 2, 1]
    for bad in ("13", "4.5", "2019-13"):
        f = write(tmp_path, "bad.csv", f"unit,month,score\n旧州镇,{bad},90\n")
        res = runner.invoke(cli, ["score", f, "-j", "520402"])
        assert res.exit_code == 1 and "month" in res.stderr and "Traceback" not in res.output


def test_xixiu_bare_month_is_read_in_the_plans_year_and_said(runner, tmp_path):
    """Xixiu 六: 2019年2月至5月 — the plan's year; a month written as 4 is read as 2019-04, on stderr."""
    f = write(tmp_path, "s.csv", "unit,month,score\n旧州镇,3,99\n旧州镇,4,90\n")
    res = runner.invoke(cli, ["score", f, "-j", "520402", "--format", "json"])
    assert [r["rank"] for r in json.loads(res.stdout)] == [None, 1]
    assert "2019" in res.stderr


def test_xixiu_case_conference_triggers_are_an_open_list(runner, tmp_path):
    """Xixiu 三(二)2: 以情形急难、救助额度超出封顶线、涉及同时实施两种以上救助或情况复杂、难以甄别和界定等特殊情况
    作为启动个案会商机制的条件 — 等特殊情况: an unnamed circumstance needs review, a named one (in Chinese) goes
    to conference."""
    out = check_json(runner, tmp_path, "case", "520402", [
        {"id": "a", "urgent": "no", "other_circumstance": "情况复杂"},
        {"id": "b", "urgent": "no", "other_circumstance": "突发重大疾病"},
        {"id": "c", "urgent": "no", "kinds_of_assistance": "2"}])
    assert [r["outcome"] for r in out] == ["eligible", "needs_review", "eligible"]
    assert [[d["duty"] for d in r["duties"]] for r in out] == [["case_conference"], [], ["case_conference"]]
    assert out[1]["needs_review"][0]["citations"][0]["clause"] == "三(二)2"


def test_xixiu_other_assistance_item_is_scored(runner, tmp_path):
    """Xixiu 四(二): 特困供养和临时救助、医疗救助、教育救助、就业救助、住房救助等社会救助适时常态化 — an item of
    the target management, in the document's words or its key."""
    f = write(tmp_path, "d.csv", "item,count\n社会救助适时常态化,1\nother_assistance_as_needed,2\n")
    out = run_json(runner, ["deduct", f, "--subject", "target_score", "-j", "520402", "--format", "json"])
    assert [r["minimum"] for r in out] == [2.0, 4.0]
    assert "等社会救助适时常态化" in out[0]["citation"]["quote"] and "…" not in out[0]["citation"]["quote"]


@pytest.mark.parametrize("name", ["520402.data_report_first_day", "520402.data_report_last_day",
                                  "520402.paper_report_last_day"])
def test_informational_parameters_refuse_overrides(runner, tmp_path, name, monkeypatch):
    """Xixiu 四(二): 每月15日至20日传送动态电子信息、每月25日前上报经审核纸质资料 — stated, read by no rule:
    an override would change nothing, so `profile set` refuses it."""
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    code = name.split(".")[0]
    assert runner.invoke(cli, ["use", code]).exit_code == 0
    res = runner.invoke(cli, ["profile", "set", name, "10"])
    assert res.exit_code == 1 and "informational" in res.stderr


# --- 2, 3. open lists stay open; Chinese values are accepted ----------------------------------

def test_jilin_procurement_methods_are_an_open_list(runner, tmp_path):
    """Jilin 二(四): 采用公开招标、邀请招标、竞争性谈判、竞争性磋商、单一来源采购等方式确定承接主体 — the document's
    own 单一来源采购 passes; 询价, unnamed by an open list (等方式), needs review."""
    rows = [{"id": m, "category": "事务性", "in_procurement_catalogue_or_above_threshold": "yes", "procurement_method": m}
            for m in ("单一来源采购", "single_source", "询价")]
    out = check_json(runner, tmp_path, "purchase_item", "220000", rows)
    assert [r["outcome"] for r in out] == ["eligible", "eligible", "needs_review"]
    assert out[2]["needs_review"][0]["citations"][0]["quote"].endswith("单一来源采购等方式确定承接主体")


@pytest.mark.parametrize("code", ["530000", "530323"])
def test_forbidden_fund_uses_are_an_open_list(runner, tmp_path, code):
    """Yunnan 五 / Shizong 五: 不得将…经费用于三公经费、工作经费、设备购置、工程建设等支出 — a named use is refused,
    the purchase itself passes, an unnamed use (等支出) needs review."""
    out = check_json(runner, tmp_path, "fund_use", code,
                     [{"id": "a", "use": "工程建设"}, {"id": "b", "use": "购买服务"}, {"id": "c", "use": "公务接待"}])
    assert [r["outcome"] for r in out] == ["not_eligible", "eligible", "needs_review"]
    assert {c["jurisdiction"] for c in out[0]["failed"][0]["citations"]} == ({"530000"} if code == "530000"
                                                                             else {"530000", "530323"})


@pytest.mark.parametrize("code, field", [("530000", "fund_factors"), ("220000", "fund_factors")])
def test_fund_factors_say_their_list_is_open(runner, code, field):
    """Yunnan 五 …绩效考评等因素; Jilin 三(四) …地方努力程度等因素: the factors are an open list, and the answer says so."""
    res = runner.invoke(cli, ["allocate", "-j", code])
    assert res.exit_code == 0 and "open list" in res.stderr
    shown = run_json(runner, ["show", code, "--format", "json"])[0]
    assert any(p["name"] == field and "等因素" in p["quote"] for p in shown["parameters"])


@pytest.mark.parametrize("level, outcome", [("街道", "eligible"), ("乡镇", "eligible"), ("街道办事处", "eligible"),
                                            ("县", "eligible"), ("村", "not_eligible")])
def test_jilin_purchaser_levels_in_chinese(runner, tmp_path, level, outcome):
    """Jilin 二(一): 县级以上地方人民政府是购买社会救助服务的主体…乡镇政府、街道办事处也可购买社会救助相关服务."""
    [r] = check_json(runner, tmp_path, "purchaser", "220000", [{"id": "p", "purchaser_level": level}])
    assert r["outcome"] == outcome


@pytest.mark.parametrize("code, level, outcome", [("530000", "县", "eligible"), ("530000", "乡镇", "needs_review"),
                                                  ("530323", "县", "eligible"), ("530323", "乡镇", "not_eligible")])
def test_county_purchaser_in_chinese(runner, tmp_path, code, level, outcome):
    """Yunnan 三(一): 购买社会救助服务的主体主要是县级地方人民政府 (主要是: open); Shizong 三(一):
    购买社会救助服务的主体是县人民政府 (closed)."""
    [r] = check_json(runner, tmp_path, "purchaser", code, [{"id": "p", "purchaser_level": level}])
    assert r["outcome"] == outcome


# --- 7. Yunnan's deduction is a right ---------------------------------------------------------

def test_yunnan_deduction_is_a_right(runner, tmp_path):
    """Yunnan 六(二): 购买主体有权扣减支付给承接主体的购买服务资金,扣减金额按照发现1起扣减1至3倍 — a right, with
    its 1–3× range when exercised."""
    f = write(tmp_path, "d.csv", "count,monthly_wage\n1,2400\n")
    [r] = run_json(runner, ["deduct", f, "-j", "530000", "--format", "json"])
    assert (r["minimum"], r["maximum"], r["right"]) == (2400, 7200, True)
    res = runner.invoke(cli, ["deduct", f, "-j", "530000"])
    assert "有权扣减" in res.stdout and "right" in res.stderr


# --- Jilin's unanswered rules -----------------------------------------------------------------

def test_jilin_lowest_price_alone_is_refused(runner, tmp_path):
    """Jilin 二(四): 不能简单以“价低者得”作为选择标准."""
    base = {"kind": "社会组织", "independent_liability": "yes", "has_capacity": "yes", "sound_governance": "yes",
            "banned": "no"}
    out = check_json(runner, tmp_path, "contractor", "220000", [{**base, "id": "a", "chosen_on_lowest_price_only": "no"},
                                                                {**base, "id": "b", "chosen_on_lowest_price_only": "是"}])
    assert [r["outcome"] for r in out] == ["eligible", "not_eligible"]
    assert out[1]["failed"][0]["citations"][0]["clause"] == "二(四)"


def test_jilin_xieliyuan_character_is_a_judgement(runner, tmp_path):
    """Jilin 三(三): 或由村民推选政治立场坚定,品行端正的村民担任 — a judgement for a person to assess."""
    [r] = check_json(runner, tmp_path, "xieliyuan_candidate", "220000", [{"id": "a", "elected_by_villagers": "yes"}])
    assert r["outcome"] == "eligible" and [a["condition"] for a in r["to_assess"]] == ["character"]
    assert r["to_assess"][0]["citations"][0]["quote"] == "政治立场坚定,品行端正的村民"


def test_jilin_purchase_budget_floor_from_special_funds(runner, tmp_path):
    """Jilin 三(四): 原则上不低于社会救助专项经费的1% — a floor per unit from its special funds, in principle;
    an override to 5% changes the amount and the words."""
    f = write(tmp_path, "u.csv", "code,level,population,dibao_count,special_funds\n220102,county,100000,3000,2000000\n")
    [r] = run_json(runner, ["allocate", f, "-j", "220000", "--format", "json"])
    assert r["purchase_budget_floor"] == 20000 and r["purchase_budget_in_principle"] is True
    assert r["purchase_budget_citation"]["quote"] == "原则上不低于社会救助专项经费的1%"
    res = runner.invoke(cli, ["allocate", f, "-j", "220000"])
    assert "purchase budget floor" in res.stdout and "20,000" in res.stdout and "原则上" in res.stdout
    assert "at least 1% of the special funds" in res.stderr
    # 每年底前将下一年度所需经费报送同级财政部门: the yearly duty, answered by `duties` (time15's [[duties]]).
    res = runner.invoke(cli, ["duties", "-j", "220000"])
    assert res.exit_code == 0 and "每年底前将下一年度所需经费报送同级财政部门" in res.stdout


def test_jilin_budget_share_override_changes_the_note(runner, tmp_path, monkeypatch):
    """The "at least 1%" words follow the parameter: 5% after an override."""
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    assert runner.invoke(cli, ["use", "220000"]).exit_code == 0
    assert runner.invoke(cli, ["profile", "set", "purchase_budget_share", "0.05"]).exit_code == 0
    res = runner.invoke(cli, ["allocate"])
    assert "at least 5%" in res.stderr and "1%" not in res.stderr.replace("1%的", "")


# --- Yinchuan ----------------------------------------------------------------------------------

def score_json(runner, tmp_path, rows, code="640100"):
    header = list(dict.fromkeys(k for r in rows for k in r))
    f = write(tmp_path, "s.csv", ",".join(header) + "\n"
              + "\n".join(",".join(str(r.get(k, "")) for k in header) for r in rows) + "\n")
    return run_json(runner, ["score", f, "-j", code, "--format", "json"])


@pytest.mark.parametrize("written, short", [("0.95", True), ("95%", True), ("100%", False), ("1", False),
                                            ("99.5 %", True)])
def test_yinchuan_agency_point_coverage_as_people_write_it(runner, tmp_path, written, short):
    """Yinchuan 三(二): 代办点2018年底前规范化建设及覆盖率达到100% — a share or a percentage."""
    [r] = score_json(runner, tmp_path, [{"unit": "a", "agency_point_coverage": written}])
    assert any("代办点" in s for s in r["shortfalls"]) is short
    assert "三(二)" in r["citation"]["clause"]  # the score cites the clause of every target it checks


@pytest.mark.parametrize("written", ["95", "101%", "-5%", "lots"])
def test_yinchuan_agency_point_coverage_out_of_range_is_refused(runner, tmp_path, written):
    """A bare 95 could be 95% or a count: refused with the cell named, as is anything beyond 100%."""
    f = write(tmp_path, "s.csv", f"unit,agency_point_coverage\na,{written}\n")
    res = runner.invoke(cli, ["score", f, "-j", "640100"])
    assert res.exit_code == 1 and "agency_point_coverage" in res.stderr and "Traceback" not in res.output


def test_yinchuan_village_facilities_and_window_sign(runner, tmp_path):
    """Yinchuan 三(七): 有便民服务大厅的要设立专门的民政服务窗口,并在显著位置悬挂标志牌和民政徽标;
    村(社区)民政工作场所也要配备电脑、档案等必要的办公服务设施."""
    out = score_json(runner, tmp_path, [
        {"unit": "a", "has_service_hall": "yes", "has_civil_affairs_window": "yes", "has_sign_and_emblem": "no"},
        {"unit": "b", "has_service_hall": "no", "has_civil_affairs_window": "no", "has_sign_and_emblem": "no"},
        {"unit": "c", "village_has_computer": "no", "village_has_archives": "yes"}])
    assert out[0]["shortfalls"] == ["标志牌和民政徽标 (三(七))"] and out[1]["shortfalls"] == []
    assert out[2]["shortfalls"] == ["村(社区)电脑 (三(七))"]


def test_yinchuan_county_cadre_training_is_read(runner, tmp_path):
    """Yinchuan 三(六): 市民政局对各县(市)区民政局干部的培训每年不少于3次."""
    [r] = score_json(runner, tmp_path, [{"unit": "永宁县", "county_cadre_trainings": "2"}])
    assert r["shortfalls"] == ["county cadre training by the city at least 3 a year (三(六))"]


@pytest.mark.parametrize("boundary, staff, funds", [("lower", 2, 40000), ("upper", 3, 70000)])
def test_yinchuan_boundaries_are_register_entries(runner, tmp_path, monkeypatch, boundary, staff, funds):
    """Yinchuan 三(四) 3万人以下…不少于2人;3万人以上…不少于3人 and 三(九) 3万人口以下…4万元、3万至5万人口…7万元:
    30,000 sits in two bands as written; the chosen default is a parameter of the interpretation register."""
    shown = run_json(runner, ["show", "640100", "--format", "json"])[0]
    register = {p["name"] for p in shown["parameters"] if p["interpretation"]}
    assert {"township_band_boundary", "funds_band_boundary"} <= register
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    assert runner.invoke(cli, ["use", "640100"]).exit_code == 0
    for name in ("township_band_boundary", "funds_band_boundary"):
        assert runner.invoke(cli, ["profile", "set", name, boundary]).exit_code == 0
    units = write(tmp_path, "u.csv", "code,level,population,dibao_count\n640104001,township,30000,0\n")
    [r] = run_json(runner, ["staffing", units, "--format", "json"])
    [a] = run_json(runner, ["allocate", units, "--format", "json"])
    assert (r["minimum"], a["floor"]) == (staff, funds)
    assert a["floor_citation"]["quote"] == ("3万人口以下的乡镇(街道)每年不低于4万元" if boundary == "lower"
                                             else "3万至5万人口的乡镇(街道)每年不低于7万元")


def test_yinchuan_county_cadre_training_parameter_is_read_by_a_rule(registry):
    """640100 training_county_cadres_per_year is read by the capacity score (no longer unread)."""
    from jiuzhu.testing import unread_parameters

    assert unread_parameters("640100", registry) == []


# --- conformance: a declared parameter nothing reads ---------------------------------------------

#: A made-up county's metadata and document, shared by the example jurisdiction files below.
EXAMPLE = '''
name_zh = "示例"
name_en = "Example"
level = "county"

[[documents]]
id = "example"
title = "EXAMPLE ONLY"
issuer = "example"
date = "2020-01-01"
status = "draft"
'''

UNREAD = 'code = "520499"\n' + EXAMPLE + '''
[parameters.base]
value = 2
clause = "一"
[parameters.forgotten]
value = 3
clause = "二"
[parameters.kinds]
value = ["a", "b"]
clause = "三"

[[rules]]
family = "staffing"
role = "township_staff"
level = "township"
cite = "base"
minimum = { shape = "fixed", value = "base" }
'''


def test_conformance_fails_on_a_parameter_nothing_reads(tmp_path, monkeypatch):
    """Issue 12: the conformance suite fails on a declared parameter no rule reads, unless it
    is marked informational; a list must say whether it is open."""
    from importlib.metadata import EntryPoint

    from jiuzhu.core.hooks.registry import load_plugins
    from jiuzhu.testing import assert_conformant, unread_parameters

    (tmp_path / "unread.toml").write_text(UNREAD, encoding="utf-8")
    (tmp_path / "unread_plugin.py").write_text(
        "from pathlib import Path\nfrom jiuzhu.plugin import declarative_hooks\n"
        "globals().update(declarative_hooks(Path(__file__).with_name('unread.toml')))\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    reg = load_plugins([EntryPoint("520499", "unread_plugin", "jiuzhu")], strict=True)
    assert unread_parameters("520499", reg) == ["forgotten", "kinds"]
    with pytest.raises(AssertionError, match="forgotten: declared, but no rule reads it") as err:
        assert_conformant("520499", reg)
    assert "kinds: a list needs open_list" in str(err.value)


@pytest.mark.parametrize("code", ["530000", "530323", "220000", "640100", "520402"])
def test_builtins_read_every_parameter_and_say_which_lists_are_open(registry, code):
    from jiuzhu.testing import assert_conformant

    assert_conformant(code, registry)


DECLARED = 'code = "520498"\n' + EXAMPLE + '''
[parameters.per]
value = 1000
clause = "一"
[parameters.rounding]
value = "ceil"
choices = ["ceil", "floor"]
interpretation = true
clause = "一"
[parameters.township_floor]
value = 50000
clause = "二"
quote = "EXAMPLE: 乡镇不低于5万元"
[parameters.village_floor]
value = 8000
clause = "三"
quote = "EXAMPLE: 村不低于8千元"

[[rules]]
family = "staffing"
role = "township_staff"
level = "township"
clause = "一"
minimum = { shape = "per_ratio", input = "dibao_count", per = "per", rounding = "rounding" }

[[rules]]
family = "fund_floor"
level = "township"
cite = "township_floor"
floor = { shape = "fixed", value = "township_floor" }

[[rules]]
family = "fund_floor"
level = "village"
cite = "village_floor"
floor = { shape = "fixed", value = "village_floor" }
'''


@pytest.fixture
def declared_registry(tmp_path, monkeypatch):
    from importlib.metadata import EntryPoint

    from jiuzhu.core.hooks.registry import load_plugins

    (tmp_path / "declared.toml").write_text(DECLARED, encoding="utf-8")
    (tmp_path / "declared_plugin.py").write_text(
        "from pathlib import Path\nfrom jiuzhu.plugin import declarative_hooks\n"
        "globals().update(declarative_hooks(Path(__file__).with_name('declared.toml')))\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return load_plugins([EntryPoint("520498", "declared_plugin", "jiuzhu")], strict=True)


def test_declarative_rounding_is_flagged_as_the_python_path_does(declared_registry):
    """A ratio rounded by a parameter of the interpretation register is an assumption where the
    rounding changed the number (as Yunnan's Python rule flagged it)."""
    from conftest import make_units
    from jiuzhu.core.evaluate import staffing

    out = list(staffing(make_units(("township", 0, 2000), ("township", 0, 2001)), "520498",
                        registry=declared_registry).records())
    assert [(r["minimum"], r["assumption"]) for r in out] == [(2, False), (3, True)]


def test_declarative_fund_floors_keep_each_rules_citation(declared_registry):
    """Each unit's floor cites the rule that set it, not the last rule stated."""
    from conftest import make_units
    from jiuzhu.core.evaluate import allocate

    out = list(allocate(make_units(("township", 100, 0), ("village", 100, 0)), "520498",
                        registry=declared_registry).records())
    assert [(r["floor"], r["floor_citation"]["clause"]) for r in out] == [(50000, "二"), (8000, "三")]
