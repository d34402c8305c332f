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
