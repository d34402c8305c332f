"""Eligibility checks of Yunnan and Shizong: three outcomes, every condition cited."""

from __future__ import annotations

import pytest

from conftest import run_json
from jiuzhu.core.evaluate import check
from jiuzhu.core.model.table import Table

CANDIDATE = {"name": "x", "age": "30", "education": "初中", "healthy": "yes", "law_abiding": "yes", "other_job": "no"}


def outcome(subject, rows, code="530000"):
    return list(check(subject, Table.from_rows(rows), code).records())


@pytest.mark.parametrize("age, expected", [("17", "not_eligible"), ("18", "eligible"), ("50", "eligible"),
                                           ("51", "not_eligible")])
def test_xieliyuan_age_band(age, expected):
    """Yunnan 二(二): 年龄18至50周岁 (inclusive at both ends)."""
    r = outcome("xieliyuan_candidate", [{**CANDIDATE, "age": age}])[0]
    assert r["outcome"] == expected


def test_worked_example_aged_51():
    """RULES.md: aged 51, senior-middle school, full-time → not eligible, reason age above 50 (Yunnan 二(二))."""
    r = outcome("xieliyuan_candidate", [{**CANDIDATE, "age": "51", "education": "高中"}])[0]
    assert r["outcome"] == "not_eligible"
    assert [f["condition"] for f in r["failed"]] == ["age"]
    assert r["failed"][0]["reason"] == "age 51 above 50"
    assert r["failed"][0]["citations"][0]["clause"] == "二(二)"


@pytest.mark.parametrize("education, expected", [("小学", "not_eligible"), ("初中", "eligible"),
                                                 ("senior_middle", "eligible"), ("大专", "eligible")])
def test_xieliyuan_education(education, expected):
    """Yunnan 二(二): 应具有初中以上文化程度 (junior middle included)."""
    assert outcome("xieliyuan_candidate", [{**CANDIDATE, "education": education}])[0]["outcome"] == expected


def test_xieliyuan_full_time_and_health():
    """Yunnan 二(二): 身体健康 … 应专职从事社会救助协理工作，不得再兼职从事其他工作."""
    rows = [{**CANDIDATE, "other_job": "是"}, {**CANDIDATE, "healthy": "否"}]
    assert [r["failed"][0]["condition"] for r in outcome("xieliyuan_candidate", rows)] == ["full_time", "healthy"]


def test_policy_knowledge_is_for_a_person_to_assess():
    """熟悉各项社会救助政策 cannot be computed: listed to assess, the outcome is unchanged."""
    r = outcome("xieliyuan_candidate", [CANDIDATE])[0]
    assert r["outcome"] == "eligible" and [a["condition"] for a in r["to_assess"]] == ["policy_knowledge"]


def test_missing_data_needs_review():
    """A blank cell is unknown, not a pass: the candidate needs review, naming what is missing."""
    r = outcome("xieliyuan_candidate", [{**CANDIDATE, "other_job": ""}])[0]
    assert r["outcome"] == "needs_review" and r["needs_review"][0]["condition"] == "full_time"


def test_shizong_states_the_same_conditions_both_cited():
    """Shizong 二(二) restates 年龄18-50周岁: the merged condition cites both levels."""
    r = outcome("xieliyuan_candidate", [{**CANDIDATE, "age": "51"}], "530323")[0]
    assert {c["jurisdiction"] for c in r["failed"][0]["citations"]} == {"530000", "530323"}


def test_purchaser_open_list_vs_closed_list():
    """Yunnan 三(一) 主体主要是县级地方人民政府 (open: review); Shizong 三(一) 主体是县人民政府 (closed: refused)."""
    rows = [{"purchaser_level": "township"}, {"purchaser_level": "county"}]
    assert [r["outcome"] for r in outcome("purchaser", rows, "530000")] == ["needs_review", "eligible"]
    assert [r["outcome"] for r in outcome("purchaser", rows, "530323")] == ["not_eligible", "eligible"]


def test_purchase_items():
    """Yunnan 三(三): 行政管理性事务…不得向社会力量购买；严禁…劳务派遣…公益性岗位; 二: 在足额配备在编人员后."""
    base = {"category": "事务性", "hires_purchaser_staff": "no", "labour_dispatch": "no",
            "public_welfare_post": "no", "buys_staff": "no"}
    rows = [base, {**base, "category": "行政管理性事务"}, {**base, "labour_dispatch": "yes"},
            {**base, "buys_staff": "yes", "establishment_full": "no"},
            {**base, "buys_staff": "yes", "establishment_full": "yes"}]
    results = outcome("purchase_item", rows)
    assert [r["outcome"] for r in results] == ["eligible", "not_eligible", "not_eligible", "not_eligible", "eligible"]
    assert results[3]["failed"][0]["citations"][0]["clause"] == "二"


def test_contractor_kinds_and_duties():
    """Yunnan 三(二) 主要包括 (an open list: another kind needs review); 六(一) 皮包公司 refused; duties of 六(二)."""
    base = {"kind": "社会组织", "shell_company": "no", "banned": "no", "chosen_on_lowest_price_only": "no"}
    rows = [base, {**base, "kind": "合作社"}, {**base, "shell_company": "yes"}]
    results = outcome("contractor", rows)
    assert [r["outcome"] for r in results] == ["eligible", "needs_review", "not_eligible"]
    assert {d["duty"] for d in results[0]["duties"]} == {"labour_contracts", "no_subcontracting"}


def test_worker_tasks_and_fund_uses():
    """Yunnan 四: 不得要求…派遣的工作人员从事社会救助工作职责以外的其他工作; 五: 不得…用于三公经费、工作经费、设备购置、工程建设."""
    assert [r["outcome"] for r in outcome("worker_task", [{"within_social_assistance": "no"},
                                                          {"within_social_assistance": "yes"}])] == [
        "not_eligible", "eligible"]
    results = outcome("fund_use", [{"use": "设备购置"}, {"use": "service_purchase"}], "530323")
    assert [r["outcome"] for r in results] == ["not_eligible", "eligible"]
    assert "设备购置" in results[0]["failed"][0]["reason"]


def test_check_through_the_cli(runner):
    """`jiuzhu check xieliyuan_candidate` runs on its bundled sample and names each outcome."""
    out = run_json(runner, ["check", "xieliyuan_candidate", "-j", "530323", "--format", "json"])
    assert [r["outcome"] for r in out] == ["not_eligible", "eligible", "not_eligible", "not_eligible",
                                           "not_eligible", "needs_review"]
