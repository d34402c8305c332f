"""Rules in time: ``--as-of DATE``, levels not in force, dated parameter values and their
boundary days (a start day and an ``until`` day are both included)."""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib.resources import files

import pytest
from attrs import evolve

from jiuzhu.cli.main import cli
from jiuzhu.core.rules.jurisdiction_file import parse_jurisdiction
from jiuzhu.core.hooks.registry import load_plugins


def staffing_json(runner, *args):
    res = runner.invoke(cli, ["staffing", "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout), res.stderr


def test_yunnan_before_its_notice_answers_nothing_and_says_so(runner):
    """云南 notice dated 2019-01-08: on 2018-06-01 no Yunnan bound at all."""
    records, err = staffing_json(runner, "-j", "530000", "--as-of", "2018-06-01")
    assert all(r["minimum"] is None and r["jurisdiction"] is None for r in records)
    assert "530000 云南省 Yunnan is not in force on 2018-06-01" in err and "takes effect on 2019-01-08" in err
    table = runner.invoke(cli, ["staffing", "-j", "530000", "--as-of", "2018-06-01"])
    assert "not in force 未生效" in table.stdout and "关于加快推进政府购买服务" in table.stdout


def test_yunnan_after_its_notice_answers_as_today(runner):
    then, err = staffing_json(runner, "-j", "530000", "--as-of", "2019-06-01")
    now, _ = staffing_json(runner, "-j", "530000")
    assert then == now and "not in force" not in err
    assert any(r["jurisdiction"] == "530000" and r["citation"]["clause"] == "二(一)" for r in then)


def test_the_rest_of_the_chain_still_applies(runner):
    """Shizong's plan (2019-05-23) not yet in force on 2019-03-01: Yunnan's rules alone answer."""
    records, err = staffing_json(runner, "-j", "530323", "--as-of", "2019-03-01")
    assert "530323 师宗县 Shizong is not in force on 2019-03-01" in err
    assert {r["jurisdiction"] for r in records} == {"530000"}
    later, _ = staffing_json(runner, "-j", "530323", "--as-of", "2019-05-23")  # its first day counts
    assert "530323" in {r["jurisdiction"] for r in later}


def test_in_force_only_leaves_out_the_jilin_draft(runner):
    records, err = staffing_json(runner, "-j", "220000", "--in-force-only")
    assert all(r["jurisdiction"] is None for r in records) and "excluded by --in-force-only" in err
    records, _ = staffing_json(runner, "-j", "220000")
    assert any(r["jurisdiction"] == "220000" for r in records)


def test_a_bad_date_is_one_clear_message(runner):
    res = runner.invoke(cli, ["staffing", "--as-of", "2019-13-01"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output and "Traceback" not in res.output


def test_show_and_explain_name_the_version_that_answered(runner):
    shown = runner.invoke(cli, ["show", "530323", "--as-of", "2019-03-01"])
    assert shown.exit_code == 0, shown.output
    assert "not in force 不适用" in shown.stdout and "云民社救〔2019〕1号" in shown.stdout
    explained = runner.invoke(cli, ["explain", "-j", "530323", "--as-of", "2019-06-01"])
    assert "version 版本 (2019-06-01)" in explained.stdout and "师宗县关于加强基层社会救助" in explained.stdout


def test_diff_between_two_days_and_two_places(runner):
    res = runner.invoke(cli, ["diff", "530323", "--from", "2019-01-01", "--to", "2019-06-01", "--format", "json"])
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)[0]
    assert {lv["jurisdiction"] for lv in d["levels"]} == {"530000", "530323"}
    assert any(p["name"] == "township_case_workers" and p["from"] is None for p in d["parameters_changed"])
    res = runner.invoke(cli, ["diff", "530000", "640100", "--as-of", "2018-10-01", "--format", "json"])
    assert json.loads(res.stdout)[0]["not_in_force"].keys() == {"530000"}


# -- a second dated version of a parameter --------------------------------------------------
DATED = '''[parameters.county_base_staff]
unit = "persons"
clause = "二(一)"
quote = "配备不少于3名工作人员"
values = [
  { from = 2019-01-08, value = 3 },
  { from = 2021-01-01, until = 2022-12-31, value = 4, document = "yunnan-2021", clause = "二" },
]
'''
AMENDING = '''
[[documents]]
id = "yunnan-2021"
title = "某修订通知（测试用）"
issuer = "云南省民政厅"
date = "2020-12-01"
effective = "2021-01-01"
status = "in_force"
'''


@pytest.fixture
def dated_registry(monkeypatch):
    """The built-ins, with Yunnan's county base staff amended from 2021-01-01 to 2022-12-31."""
    import tomllib

    text = (files("jiuzhu.jurisdictions") / "530000.toml").read_text(encoding="utf-8")
    start = text.index("[parameters.county_base_staff]")
    end = text.index("[parameters.", start + 10)
    text = text[:start] + DATED + "\n" + text[end:] + AMENDING
    jurisdiction = parse_jurisdiction(tomllib.loads(text), "530000.toml (amended)")
    reg = load_plugins()
    reg = type(reg)({**reg.plugins, "530000": evolve(reg.plugins["530000"], jurisdiction=jurisdiction)})
    monkeypatch.setattr("jiuzhu.core.hooks.registry.load_plugins", lambda **_kw: reg)
    return reg


def county_minimum(runner, tmp_path, day):
    units = tmp_path / "units.csv"
    units.write_text("code,level,population,dibao_count\n530301,county,100000,20000\n", encoding="utf-8")
    records, _ = staffing_json(runner, str(units), "-j", "530000", "--as-of", day)
    return records[0]["minimum"], records[0]["citation"]["clause"]


def test_a_second_dated_value_answers_from_its_first_day(runner, tmp_path, dated_registry):
    assert county_minimum(runner, tmp_path, "2020-12-31") == (3, "二(一)")
    assert county_minimum(runner, tmp_path, "2021-01-01") == (4, "二(一)")  # the start day is included
    assert county_minimum(runner, tmp_path, "2022-12-31") == (4, "二(一)")  # so is the until day


def test_after_its_until_day_a_value_no_longer_answers(runner, tmp_path, dated_registry):
    """An ended number silences the rule that reads it, that day only; nothing else stops."""
    records, err = staffing_json(runner, "-j", "530000", "--as-of", "2023-01-01")
    assert all(r["jurisdiction"] is None for r in records)
    assert "530000.county_base_staff has no value on 2023-01-01" in err
    assert "2019-01-08 to 2020-12-31; 2021-01-01 to 2022-12-31" in err
    checked = runner.invoke(cli, ["check", "xieliyuan_candidate", "-j", "530000", "--as-of", "2023-01-01",
                                  "--format", "json"])
    assert checked.exit_code == 0 and '"outcome": "not_eligible"' in checked.stdout  # eligibility still answers
    assert county_minimum(runner, tmp_path, "2022-12-31") == (4, "二(一)")


def test_show_names_the_amending_document_as_the_version(runner, dated_registry):
    res = runner.invoke(cli, ["show", "530000", "--as-of", "2021-06-01"])
    assert "530000 云南省: 某修订通知（测试用） (in force from 2021-01-01)" in res.stdout
    res = runner.invoke(cli, ["show", "530000", "--as-of", "2020-06-01", "--format", "json"])
    params = {p["name"]: p for p in json.loads(res.stdout)[0]["parameters"]}
    assert params["county_base_staff"]["value"] == 3


def test_a_value_history_in_the_python_api(dated_registry):
    chain = dated_registry.chain("530000", as_of=dt.date(2021, 1, 1))
    assert chain["530000"].parameters.value("county_base_staff") == 4
    assert dated_registry.chain("530000", as_of=dt.date(2018, 1, 1)).dormant.keys() == {"530000"}


@pytest.mark.parametrize("values, message", [
    ('[{ from = 2021-01-01, value = 4 }, { from = 2021-01-01, value = 5 }]', "two values start on 2021-01-01"),
    ('[{ from = 2021-01-01, until = 2020-01-01, value = 4 }]', "'until' 2020-01-01 is before 'from' 2021-01-01"),
    ('[{ from = "next year", value = 4 }]', "'from': 'next year' is not a date"),
    ('[{ since = 2021-01-01, value = 4 }]', "unknown key(s) since"),
])
def test_a_malformed_value_history_names_the_file_and_entry(values, message):
    import tomllib

    from jiuzhu.core.model.errors import JurisdictionFileError

    text = ('code = "520000"\nname_zh = "贵州省"\nname_en = "Guizhou"\nlevel = "province"\n'
            '[[documents]]\nid = "n"\ntitle = "t"\nissuer = "i"\ndate = "2020-01-01"\nstatus = "in_force"\n'
            f'[parameters.base]\nclause = "一"\nvalues = {values}\n')
    with pytest.raises(JurisdictionFileError, match=re.escape(message)) as err:
        parse_jurisdiction(tomllib.loads(text), "520000.toml")
    assert "520000.toml [parameters.base]" in str(err.value)


def test_a_repealed_document_needs_its_last_day():
    import tomllib

    from jiuzhu.core.model.errors import JurisdictionFileError

    text = ('code = "520000"\nname_zh = "贵州省"\nname_en = "Guizhou"\nlevel = "province"\n'
            '[[documents]]\nid = "n"\ntitle = "t"\nissuer = "i"\ndate = "2020-01-01"\nstatus = "repealed"\n')
    with pytest.raises(JurisdictionFileError, match="a repealed document needs 'until'"):
        parse_jurisdiction(tomllib.loads(text), "520000.toml")
    superseded = text.replace('status = "repealed"', 'status = "repealed"\nsuperseded_by = "m"') + \
        '[[documents]]\nid = "m"\ntitle = "t2"\nissuer = "i"\ndate = "2021-03-01"\nstatus = "in_force"\n'
    j = parse_jurisdiction(tomllib.loads(superseded), "520000.toml")
    assert str(j.document("n").until) == "2021-02-28"  # the day before its successor takes effect


def test_as_of_in_the_python_api():
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.io.readers import units_from_rows

    units = units_from_rows([{"code": "c", "level": "county", "population": 0, "dibao_count": 45000}])
    before = next(Evaluation(as_of=dt.date(2018, 6, 1)).staffing(units, "530000").records())
    after = next(Evaluation(as_of=dt.date(2019, 1, 8)).staffing(units, "530000").records())
    assert before["minimum"] is None and after["minimum"] == 5


def test_the_tree_says_what_is_in_force_on_a_day(runner):
    res = runner.invoke(cli, ["jurisdictions", "--as-of", "2019-02-01", "--format", "json"])
    state = {r["code"]: r["not_in_force"] for r in json.loads(res.stdout)}
    assert state["530000"] is None and state["640100"] is None and state["220000"] is None
    assert "takes effect on 2019-05-23" in state["530323"] and "takes effect on 2019-03-14" in state["520402"]
