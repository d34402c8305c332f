"""Jilin (220000), Yinchuan (640100) and Xixiu (520402): every rule family, at its thresholds."""

from __future__ import annotations

import pytest

from conftest import by_role, make_units, run_json
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.evaluate import allocate, check, deduct, score, staffing
from jiuzhu.core.model.table import Table


def staff(code, level, pop, dibao=0, role=None):
    records = [r for r in staffing(make_units((level, pop, dibao)), code).records() if r["role"] == role or role is None]
    return records[0]


# --- Jilin ---------------------------------------------------------------------------------

@pytest.mark.parametrize("pop, expected", [(0, 3), (29999, 3), (30000, 3), (30001, 4), (40000, 4), (40001, 5),
                                           (52000, 6)])
def test_jilin_township_staff(pop, expected):
    """Jilin 三(三): 乡镇人口数3万人以下(含3万人)的,不少于3人;人口数每增加1万人(不足1万人的,按1万人计),增加1名."""
    r = staff("220000", "township", pop)
    assert (r["role"], r["minimum"], r["maximum"], r["jurisdiction"]) == ("township_staff", expected, None, "220000")


def test_jilin_answers_are_labelled_draft():
    """RULES.md interpretation 7: Jilin's document is a draft for comment; every answer says so."""
    r = staff("220000", "township", 52000)
    assert r["citation"]["draft"] is True and "征求意见稿" in r["citation"]["document"]


def test_jilin_villages_have_no_number():
    """Jilin 三(三): 探索建立村级社会救助协理员制度 — no number, so a village is not covered."""
    r = staff("220000", "village", 5000)
    assert r["role"] is None and r["minimum"] is None and r["jurisdiction"] is None


def test_jilin_worked_examples_through_cli(runner, tmp_path):
    """RULES.md: Jilin township with 30,000 people → 3; with 30,001 → 4; with 52,000 → 6."""
    f = tmp_path / "u.csv"
    f.write_text("code,level,population,dibao_count\n220102001,township,30000,0\n220102002,township,30001,0\n"
                 "220102003,township,52000,0\n")
    out = run_json(runner, ["staffing", str(f), "-j", "220000", "--format", "json"])
    assert [r["minimum"] for r in out] == [3, 4, 6]


def test_jilin_contractor_five_conditions():
    """Jilin 二(三): 主要是…社会组织…企业 (open list), 独立承担民事责任, 设施、人员和专业技术能力, 健全的内部治理结构."""
    base = {"kind": "企业", "independent_liability": "yes", "has_capacity": "yes", "sound_governance": "yes",
            "banned": "no", "chosen_on_lowest_price_only": "no"}
    rows = [base, {**base, "kind": "个人"}, {**base, "sound_governance": "no"}, {**base, "has_capacity": ""}]
    assert [r["outcome"] for r in check("contractor", Table.from_rows(rows), "220000").records()] == [
        "eligible", "needs_review", "not_eligible", "needs_review"]


def test_jilin_purchase_items():
    """Jilin 二(二): 事务性/服务性/政研性 (an open list); 行政管理性事务…不得向社会力量购买; 二(四) procurement methods."""
    no = {"in_procurement_catalogue_or_above_threshold": "no"}
    rows = [{"category": "服务性", **no}, {"category": "政研性", **no}, {"category": "other", **no},
            {"category": "行政管理性事务", **no},
            {"category": "事务性", "in_procurement_catalogue_or_above_threshold": "yes", "procurement_method": "公开招标"},
            {"category": "事务性", "in_procurement_catalogue_or_above_threshold": "yes", "procurement_method": "direct"}]
    out = [r["outcome"] for r in check("purchase_item", Table.from_rows(rows), "220000").records()]
    # 二(四) …单一来源采购等方式: an open list, so an unnamed method needs review, not refusal.
    assert out == ["eligible", "eligible", "needs_review", "not_eligible", "eligible", "needs_review"]


def test_jilin_dispatched_worker_education_is_in_principle():
    """Jilin 三(三): 被派遣人员原则上应具有大专以上文化程度 — below it needs review, not refusal; social work ranks first."""
    rows = [{"education": "大专"}, {"education": "高中", "social_work_background": "yes"}]
    out = list(check("dispatched_worker", Table.from_rows(rows), "220000").records())
    assert [r["outcome"] for r in out] == ["eligible", "needs_review"]
    assert [d["duty"] for d in out[1]["duties"]] == ["social_work_priority"]


def test_jilin_xieliyuan_and_evaluation():
    """Jilin 三(三): 一般由村委“两委”成员兼任,或由村民推选; 二(五): 由购买主体、服务对象及第三方组成的综合性评价机制."""
    rows = [{"village_committee_member": "yes"}, {"elected_by_villagers": "yes"},
            {"village_committee_member": "no", "elected_by_villagers": "no"}]
    assert [r["outcome"] for r in check("xieliyuan_candidate", Table.from_rows(rows), "220000").records()] == [
        "eligible", "eligible", "needs_review"]
    ev = {"rated_by_purchaser": "yes", "rated_by_recipients": "yes", "rated_by_third_party": "no", "results_published": "yes"}
    r = next(check("evaluation", Table.from_rows([ev]), "220000").records())
    assert r["outcome"] == "not_eligible" and r["failed"][0]["condition"] == "rated_by_third_party"


def test_jilin_factor_weights_and_budget_share():
    """Jilin 三(四): 业务量、财政困难程度、地方努力程度等因素 (no weights: equal, flagged); 原则上不低于…1%."""
    units = Table({"code": ["a", "b"], "level": ["county", "county"], "population": [1, 1], "dibao_count": [1, 1],
                   "workload": ["30", "10"], "fiscal_difficulty": ["1", "1"], "local_effort": ["0", "2"]})
    result = allocate(units, "220000", pool=900)
    records = list(result.records())
    assert [round(r["amount"], 6) for r in records] == [round(900 * (0.75 + 0.5 + 0) / 3, 6),
                                                        round(900 * (0.25 + 0.5 + 1) / 3, 6)]
    assert all(r["assumption"] for r in records)
    assert any("at least 1%" in n for n in result.notes())


def test_missing_factor_column_is_named():
    units = make_units(("county", 1, 1))
    with pytest.raises(InputError, match="column 'workload'"):
        list(allocate(units, "220000", pool=100).records())


# --- Yinchuan ------------------------------------------------------------------------------

@pytest.mark.parametrize("pop, expected", [(0, 2), (29999, 2), (30000, 2), (30001, 3), (45000, 3)])
def test_yinchuan_township_staff(pop, expected):
    """Yinchuan 三(四): 3万人以下的乡镇…不少于2人;3万人以上的…不少于3人 (30,000 to the lower band: interpretation 2)."""
    r = staff("640100", "township", pop)
    assert (r["role"], r["minimum"]) == ("township_civil_affairs_staff", expected)


@pytest.mark.parametrize("pop, floor", [(0, 40000), (30000, 40000), (30001, 70000), (45000, 70000), (50000, 70000),
                                        (50001, 100000)])
def test_yinchuan_township_fund_floors(pop, floor):
    """Yinchuan 三(九): 3万人口以下…不低于4万元、3万至5万…不低于7万元、5万人口以上…不低于10万元."""
    r = next(allocate(make_units(("township", pop, 0)), "640100").records())
    assert (r["floor"], r["floor_jurisdiction"], r["floor_citation"]["clause"]) == (floor, "640100", "三(九)")


def test_yinchuan_worked_example_through_cli(runner, tmp_path):
    """RULES.md: Yinchuan township with 45,000 people → staff at least 3, funds at least 70,000 yuan."""
    f = tmp_path / "u.csv"
    f.write_text("code,level,population,dibao_count\n640104001,township,45000,0\n")
    staff_out = run_json(runner, ["staffing", str(f), "-j", "640100", "--format", "json"])
    funds_out = run_json(runner, ["allocate", str(f), "-j", "640100", "--format", "json"])
    assert staff_out[0]["minimum"] == 3 and funds_out[0]["floor"] == 70000


def test_yinchuan_village_xieliyuan():
    """Yinchuan 三(五): (社区)明确1-2民政协理员."""
    r = staff("640100", "village", 100)
    assert (r["minimum"], r["maximum"]) == (1, 2)


def test_yinchuan_xieliyuan_candidates():
    """Yinchuan 三(五) 妇女主任、大学生村官兼任…可聘用一名专职…三留守督导员规范为民政协理员; 三(六) 必须经岗前培训才能上岗."""
    rows = [{"source": "妇女主任", "pre_job_training": "yes"}, {"source": "三留守督导员", "pre_job_training": "yes"},
            {"source": "妇女主任", "pre_job_training": "no"}, {"source": "会计", "pre_job_training": "yes"}]
    assert [r["outcome"] for r in check("xieliyuan_candidate", Table.from_rows(rows), "640100").records()] == [
        "eligible", "eligible", "not_eligible", "not_eligible"]


def test_yinchuan_capacity_targets_name_each_shortfall():
    """Yinchuan 三(七) 七有标准; 三(六) 乡镇民政工作人员培训不少于2次, 协理员培训不少于3次; 三(二) 代办点…覆盖率达到100%."""
    full = {"has_telephone": "yes", "has_computer": "yes", "has_printer": "yes", "has_desks": "yes",
            "has_av_recorder": "yes", "has_archives": "yes", "has_info_platform": "yes", "has_office": "yes",
            "has_reception": "yes", "has_archive_room": "yes", "has_store": "yes", "township_trainings": "2",
            "xieliyuan_trainings": "3", "all_new_staff_pre_trained": "yes", "agency_point_coverage": "1"}
    rows = [{"unit": "a", **full}, {"unit": "b", **full, "has_printer": "no", "township_trainings": "1"}]
    (rule,) = score(Table.from_rows(rows), "640100").rules
    assert rule.score[0] == 100.0 and rule.shortfalls[0] == []
    assert rule.shortfalls[1] == ["有打印机 (三(七))", "township staff training at least 2 a year (三(六))"]
    assert rule.score[1] == pytest.approx(100 * 13 / 15) and rule.assumption


# --- Xixiu ---------------------------------------------------------------------------------

def test_xixiu_township_roles():
    """Xixiu 四(三)1: 乡级社会救助经办人员不低于2人; 六(三): 设立“社会救助服务窗口”,明确一名人员 — one of
    the staff, a duty on the township, not a post of its own."""
    result = by_role(staffing(make_units(("township", 1000, 10)), "520402"))
    staff = result[("u1", "township_staff")]
    assert staff["minimum"] == 2 and "社会救助服务窗口" in staff["sources"][0]["note"]
    assert [role for _, role in result] == ["township_staff"]


def test_xixiu_households():
    """Xixiu 三(四): 失信人员“黑名单” (review, effect unstated); 近亲属…备案制度 (eligible, filing duty);
    重病、重度残疾人员作为单人户; 四(三)7: 城镇属性区域…纳入城市低保."""
    rows = [{"blacklisted": "yes"}, {"blacklisted": "no", "near_relative_of_staff": "yes"},
            {"blacklisted": "no", "seriously_ill_or_disabled": "yes"}, {"blacklisted": "no", "urban_area": "yes"}]
    out = list(check("household", Table.from_rows(rows), "520402").records())
    assert [r["outcome"] for r in out] == ["needs_review", "eligible", "eligible", "eligible"]
    assert [[d["duty"] for d in r["duties"]] for r in out] == [[], ["filing"], ["one_person_household"], ["urban_dibao"]]


@pytest.mark.parametrize("row, conference", [
    ({"urgent": "yes"}, True), ({"over_cap": "yes"}, True), ({"kinds_of_assistance": "2"}, True),
    ({"kinds_of_assistance": "1"}, False), ({"complex": "yes"}, True), ({"urgent": "no", "complex": "no"}, False)])
def test_xixiu_case_routing(row, conference):
    """Xixiu 三(二)2: 以情形急难、救助额度超出封顶线、涉及同时实施两种以上救助或情况复杂…作为启动个案会商机制的条件."""
    r = next(check("case", Table.from_rows([row]), "520402").records())
    assert ([d["duty"] for d in r["duties"]] == ["case_conference"]) is conference


def test_xixiu_target_score_deductions_are_assumptions():
    """Xixiu 四(二): 采取项目满分扣减方式 — items named, points not: interpretation 5, flagged and capped at full score."""
    rows = [{"item": "paper_files_by_25", "count": "1"}, {"item": "urban_dibao_monthly_review", "count": "9"}]
    out = list(deduct("target_score", Table.from_rows(rows), "520402").records())
    assert [(r["minimum"], r["unit"], r["assumption"]) for r in out] == [(2.0, "points", True), (10.0, "points", True)]
    with pytest.raises(InputError, match="not one the plan names"):
        deduct("target_score", Table.from_rows([{"item": "window_15_minutes"}]), "520402")
    # A profile may change the assumed points.
    r = next(deduct("target_score", Table.from_rows(rows[:1]), "520402",
                    overrides={"points_per_shortfall": 5}).records())
    assert r["minimum"] == 5.0


def test_xixiu_monthly_ranking_and_award():
    """Xixiu 四(五): 第二季度起,按照降幂排列方式…按月…排序; 年末以平时考评结果为主要依据…开展“以奖代补”."""
    rows = [{"unit": u, "month": str(m), "score": str(s)} for m, u, s in [
        (3, "旧州镇", 99), (3, "东街办", 50), (4, "旧州镇", 90), (4, "东街办", 80), (4, "七眼桥镇", 90), (4, "蔡官镇", 70)]]
    (rule,) = score(Table.from_rows(rows), "520402", overrides={"award_pool": 1000}).rules
    assert list(rule.ranks) == [0, 0, 1, 3, 1, 4]  # March unranked; ties share rank 1, next is 3
    assert "pilot unit (四(五))" in rule.shortfalls[0] and rule.shortfalls[4] == []
    awards = dict(zip([r["unit"] for r in rows], rule.award))
    assert awards["旧州镇"] == pytest.approx(1000 * 90 / 330) and sum(
        awards[u] for u in ("旧州镇", "东街办", "七眼桥镇", "蔡官镇")) == pytest.approx(1000)


def test_score_cli(runner, tmp_path):
    f = tmp_path / "scores.csv"
    f.write_text("unit,month,score\n旧州镇,4,90\n东街办,4,95\n", encoding="utf-8")
    out = run_json(runner, ["score", str(f), "-j", "520402", "--format", "json"])
    assert [(r["unit"], r["rank"]) for r in out] == [("旧州镇", 2), ("东街办", 1)]
    res = runner.invoke(__import__("jiuzhu.cli.main", fromlist=["cli"]).cli, ["score", str(f), "-j", "530000"])
    assert res.exit_code == 1 and "not regulated" in res.stderr


# --- all five ------------------------------------------------------------------------------

def test_all_five_listed_with_parents(runner):
    out = {j["code"]: j for j in run_json(runner, ["jurisdictions", "--format", "json"])}
    assert {c: out[c]["parent"] for c in ("530000", "530323", "220000", "640100", "520402")} == {
        "530000": None, "530323": "530000", "220000": None, "640100": None, "520402": None}
    assert out["220000"]["draft"] is True and out["640100"]["draft"] is False


@pytest.mark.parametrize("code", ["530000", "530323", "220000", "640100", "520402"])
def test_show_and_staffing_for_each(runner, code):
    shown = run_json(runner, ["show", code, "--format", "json"])[0]
    assert shown["code"] == code and shown["parameters"]
    assert all(p["clause"] or p["assumption"] for p in shown["parameters"])
    out = run_json(runner, ["staffing", "-j", code, "--format", "json"])
    assert {r["code"] for r in out} >= {"530323", "530323100", "530323100201"}
    assert any(r["minimum"] is not None for r in out)
