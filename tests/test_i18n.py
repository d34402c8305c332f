"""Chinese first: the language follows --lang (anywhere on the line), else $JIUZHU_LANG, else the locale."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from test_bad_input_every_command import CASES as BAD_INPUT

from jiuzhu.cli.main import cli
from jiuzhu.core.i18n import chinese, language_from_environment, translate


def run_jiuzhu(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "JIUZHU_LANG")}
    environ.update(env)
    return subprocess.run([sys.executable, "-m", "jiuzhu", *args], capture_output=True, text=True,
                          encoding="utf-8", env=environ, timeout=120)


def test_a_chinese_locale_gets_chinese_outcomes_and_reasons():
    # Yunnan 二(二): 「年龄在18—50周岁」: 张三 (51) is refused, in Chinese.
    res = run_jiuzhu("check", "xieliyuan_candidate", LANG="zh_CN.UTF-8")
    assert res.returncode == 0, res.stderr
    assert "不符合条件" in res.stdout and "符合条件" in res.stdout
    assert "年龄 51 岁，高于 50 岁" in res.stdout
    assert "not_eligible" not in res.stdout and "age 51 above 50" not in res.stdout
    assert "未指定文件：使用自带样例" in res.stderr


def test_a_bad_file_error_is_chinese_under_a_chinese_locale(tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text("code,level,population,dibao_count\n530323,county,abc,1\n", encoding="utf-8")
    res = run_jiuzhu("staffing", str(bad), "-j", "530323", LANG="zh_CN.UTF-8")
    assert res.returncode == 1
    assert res.stderr.count("\n") <= 3 and "Traceback" not in res.stderr
    assert "\n错误：" in res.stderr and "“abc”不是数字" in res.stderr and "第 2 行" in res.stderr and "不是" in res.stderr


@pytest.mark.parametrize("args", [["--lang", "zh", "check", "xieliyuan_candidate"],
                                  ["check", "xieliyuan_candidate", "--lang", "zh"],
                                  ["check", "--lang=zh", "xieliyuan_candidate"]])
def test_lang_works_anywhere_on_the_line(runner, args):
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    assert "不符合条件" in res.stdout and "not_eligible" not in res.stdout


def test_english_stays_english_and_machine_formats_keep_english_keys(runner):
    en = runner.invoke(cli, ["check", "xieliyuan_candidate", "--lang", "en"]).stdout
    assert "not_eligible" in en and "不符合条件" not in en
    data = runner.invoke(cli, ["check", "xieliyuan_candidate", "--lang", "zh", "--format", "json"]).stdout
    assert '"outcome": "not_eligible"' in data


def test_a_column_no_rule_reads_is_said_in_the_readers_language(runner, tmp_path):
    """The note for a column jiuzhu ignores: English alone under --lang en (it carried its
    Chinese after a slash), Chinese alone under --lang zh, with the nearest field's name."""
    units = tmp_path / "units.csv"
    units.write_text("code,level,population,dibao_count,dibao_cnt\n530323,county,100000,5000,x\n", encoding="utf-8")
    en = runner.invoke(cli, ["--lang", "en", "staffing", str(units), "-j", "530323"]).stderr
    zh = runner.invoke(cli, ["--lang", "zh", "staffing", str(units), "-j", "530323"]).stderr
    assert "column 'dibao_cnt' is not a field jiuzhu knows: ignored; did you mean dibao_count?" in en
    assert not re.search(r"[\u3400-\u9fff]", en.split("dibao_cnt")[1].splitlines()[0])
    assert "“dibao_cnt”列不是已知字段，未被读取；是否指 dibao_count？" in zh and "is not a field" not in zh


def test_language_from_the_environment():
    assert language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert language_from_environment({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}) == "zh"
    assert language_from_environment({"LANG": "en_US.UTF-8"}) == "both"
    assert language_from_environment({"JIUZHU_LANG": "en", "LANG": "zh_CN.UTF-8"}) == "en"
    assert language_from_environment({}) == "both"


def test_sentences_translate_whole_or_not_at_all():
    assert chinese("age 62 above 60; not in good health") == "年龄 62 岁，高于 60 岁；身体健康状况不符合"
    assert chinese("something jiuzhu never says") is None
    assert translate("eligible", "both") == "eligible"  # fixed words stay narrow in bilingual tables
    assert translate("not in good health", "both") == "身体健康状况不符合 (not in good health)"


# Every command and every check subject, on the bundled samples, as a Chinese reader runs them.
SUBJECTS = ("case", "civil_affairs_staff", "contractor", "dispatched_worker", "evaluation", "fund_use", "household",
            "purchase_item", "purchaser", "worker_task", "xieliyuan_candidate")
CODES = ("220000", "520402", "530000", "530323", "640100")
COMMANDS = [["jurisdictions"], ["check"], ["profile"], ["test"], ["staffing"], ["deduct"],
            ["allocate"], ["score"], ["compare"], ["compare", "--jurisdictions", "all"],
            ["compare", "--layout", "wide", "--format", "csv"], ["diff", "530323", "640100"],
            ["diff", "220000", "520402"], ["gap"], ["sweep", "county_dibao_per_staff=8000:12000:2000"],
            ["staffing", "--by", "county"], ["compare", "--baseline", "530323"], ["gap", "--by", "county"],
            ["sweep", "county_dibao_per_staff=8000:12000:2000", "township_dibao_per_staff_minimum=1000:1500:500"],
            ["allocate", "--pool", "1000000"], ["allocate", "-j", "640100", "--by", "county"],
            ["jurisdictions", "--as-of", "2018-01-01"], ["diff", "530323", "--from", "2018-01-01", "--to", "2020-01-01"],
            ["explain", "--unit", "530323100"], ["explain", "-j", "640100", "--family", "score"],
            ["explain", "-j", "530000", "--family", "deduct"], ["explain", "-j", "530000", "--family", "allocate"],
            ["comply", "-j", "640100", "--as-of", "2019-06-30"], ["staffing", "--as-of", "2018-01-01", "-j", "530323"],
            ["check", "xieliyuan_candidate", "--in-force-only", "-j", "220000"]]
COMMANDS += [["check", subject, "--fields"] for subject in SUBJECTS]
for _code in CODES:
    COMMANDS += [["show", _code], ["staffing", "-j", _code], ["duties", "-j", _code], ["comply", "-j", _code],
                 ["explain", "-j", _code], ["deduct", "-j", _code], ["allocate", "-j", _code], ["score", "-j", _code]]
    COMMANDS += [["check", subject, "-j", _code] for subject in SUBJECTS]
    COMMANDS += [["explain", "-j", _code, "--subject", subject, "--row", "1"] for subject in SUBJECTS]

#: Three English words in a row: a sentence a Chinese reader is left with.
ENGLISH_SENTENCE = re.compile(r"[A-Za-z][A-Za-z'’-]*(?:[ ,;:()/]+[A-Za-z][A-Za-z'’-]*){2,}"
                              r"|[A-Za-z]{2,}(?:[ ,;:()/.\d-]+[A-Za-z]{2,}){2,}")  # words between numbers too
#: What may legitimately stay Latin: file names and paths, codes and keys (snake_case), options
#: and variables, `commands`, a value code beside its Chinese ("county (县级)"), lists of codes.
LATIN = [re.compile(p) for p in (
    r"\b[\w-]+\.(?:csv|tsv|toml|xlsx|xls|json|jsonl|parquet|svg|html|txt|bak)\b",
    r"\b[a-z_]+ \([^()]*[\u4e00-\u9fff][^()]*\)", r"\b[a-z_]+(?:, [a-z_]+){2,}",
    r"\S*[/\\]\S*", r"\S*_\S*", r"--?[\w-]+", r"\$\w+", r"`[^`]*`")]
#: click's usage line (the command's synopsis, typed as it is).
CLICK_OWN = ("Usage: ", "帮助：")
COMMAND_LINE = "jiuzhu "  # an example command line, typed as it is


def english_sentences(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        if line.strip().startswith((*CLICK_OWN, COMMAND_LINE)):
            continue
        bare = line
        for pattern in LATIN:
            bare = pattern.sub(" ", bare)
        if ENGLISH_SENTENCE.search(bare):
            found.append(line.strip())
    return found


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_chinese_reader_reads_no_english_sentence(runner, args):
    res = runner.invoke(cli, ["--lang", "zh", *args])
    assert "Traceback" not in res.output
    left = english_sentences(res.stdout) + english_sentences(res.stderr)
    assert not left, (
        f"`jiuzhu {' '.join(args)} --lang zh` leaves English a Chinese reader cannot read:\n  " + "\n  ".join(left)
        + "\nAdd the Chinese form where the text is made: say(zh, en) for a command's own words, or a PHRASES / "
          "_SENTENCES entry in core/i18n.py for a jurisdiction file's text or a generated sentence.")


@pytest.mark.parametrize("name, args, code, message", BAD_INPUT, ids=[c[0] for c in BAD_INPUT])
def test_bad_input_is_refused_in_chinese(runner, tmp_path, monkeypatch, name, args, code, message):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "cfg" / "profiles.toml"))
    res = runner.invoke(cli, ["--lang", "zh", *args(tmp_path)])
    assert res.exit_code == code
    left = english_sentences(res.stdout) + english_sentences(res.stderr)
    assert not left, (f"`jiuzhu {name}` refuses bad input in English:\n  " + "\n  ".join(left)
                      + "\nAdd its Chinese form: a _SENTENCES or PHRASES entry in core/i18n.py, or say(zh, en) where it is raised.")


def test_profile_commands_speak_chinese(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    for args in (["use", "530323"], ["profile", "set", "county_dibao_per_staff", "9000"], ["profile"],
                 ["profile", "list"], ["profile", "unset", "county_dibao_per_staff"]):
        res = runner.invoke(cli, ["--lang", "zh", *args])
        assert res.exit_code == 0, res.output
        assert not english_sentences(res.stdout) + english_sentences(res.stderr), (args, res.output)
    assert "配置 default（530323），未调整参数" in res.stdout


def test_the_plugin_list_is_chinese_but_for_its_hook_names(runner):
    # The hooks column lists code names (jiuzhu_staffing_rule without its prefix): Latin by nature.
    lines = runner.invoke(cli, ["plugins", "--lang", "zh"]).stdout.splitlines()
    assert lines[0].split() == ["入口", "发行包", "版本", "辖区", "钩子"]
    hooks = {"jurisdiction", "subjects", "staffing_rule", "eligibility_check", "deduction_rule", "fund_factor_weighting",
             "pilot_scoring"}
    for line in lines[2:]:
        assert set(line.split(None, 4)[4].split(", ")) <= hooks, line


@pytest.mark.parametrize("args", [["check", "xieliyuan_candidate", "-j", "640100"], ["show", "530323"], ["duties", "-j", "520402"]])
def test_a_chinese_locale_reads_chinese_in_a_real_process(args):
    res = run_jiuzhu(*args, LANG="zh_CN.UTF-8", COLUMNS="200")
    assert res.returncode == 0, res.stderr
    assert not english_sentences(res.stdout) + english_sentences(res.stderr)


@pytest.mark.parametrize("subject", SUBJECTS)
def test_english_readers_get_english_outcomes_and_reasons(runner, subject):
    for code in CODES:
        out = runner.invoke(cli, ["check", subject, "-j", code, "--lang", "en"]).output
        for chinese_only in ("不符合条件", "需复核", "未填写：", "不符合：", "需人工评估：", "未作规定：", "无配置：",
                             "未指定文件："):
            assert chinese_only not in out, (subject, code, chinese_only)


def test_english_readers_get_english_text_blocks(runner):
    out = runner.invoke(cli, ["show", "530323", "--lang", "en"]).output
    assert "rule families 规则类别 (levels that answer" in out and "规则类别（" not in out
    out = runner.invoke(cli, ["compare", "--lang", "en"]).output
    assert "summary (total minimum staff over all roles):" in out and "汇总" not in out
    out = runner.invoke(cli, ["compare", "--lang", "zh"]).output
    assert "汇总（各岗位最低配备人数合计）：" in out and "summary" not in out


def test_web_pages_show_reasons_through_the_same_catalog(tmp_path):
    # Yunnan 二(二): 「年龄18至50周岁」: 张三 (51) is refused; the page says why in Chinese, English on request.
    from webutil import client

    app = client(tmp_path)
    page = app.post("/run", data={"target": "j:530000", "question": "check:xieliyuan_candidate"}).text
    assert "年龄 51 岁，高于 50 岁" in page and "age 51 above 50" not in page
    page = app.post("/run?lang=en", data={"target": "j:530000", "question": "check:xieliyuan_candidate"}).text
    assert "age 51 above 50" in page


def test_help_is_chinese_under_a_chinese_locale():
    res = run_jiuzhu("--help", LANG="zh_CN.UTF-8")
    assert res.returncode == 0 and "命令" in res.stdout and "按单位和岗位计算应配人员" in res.stdout
    assert not english_sentences(res.stdout), english_sentences(res.stdout)
    assert "Required staff per unit" in run_jiuzhu("--help", "--lang", "en").stdout


def test_every_command_has_its_chinese_help_line():
    from jiuzhu.core.i18n import COMMANDS_ZH

    assert set(cli.list_commands(None)) <= set(COMMANDS_ZH), "add the new command's line to COMMANDS_ZH in core/i18n.py"


def test_a_jurisdiction_file_can_give_its_own_chinese():
    # A third-party plugin's rule writes description_zh / reason_zh / note_zh beside the English:
    # jiuzhu learns it as the rule is read, with the parameters filled into both.
    from types import SimpleNamespace

    from jiuzhu.core.rules.declarative import _note

    rule = {"description": "at most {cap} helpers per village", "description_zh": "每村协理员不超过 {cap} 名"}
    text = _note(rule, SimpleNamespace(value=lambda name: 3), "description")
    assert text == "at most 3 helpers per village"
    assert translate(f"not given: {text} (999999 一)", "zh") == "未填写：每村协理员不超过 3 名（999999 一）"


def test_every_sentence_a_pattern_matches_holds_its_required_literals():
    """``chinese`` tries a sentence pattern only on a text holding the pattern's required
    literals (so a table cell does not compile and try all of them): every text the
    pattern matches must hold them, or a sentence would be left in English."""
    from hypothesis import HealthCheck, given, settings, strategies as st

    from casecount import count_case
    from jiuzhu.core.i18n import _SENTENCES, required_literals

    for pattern, _template in _SENTENCES:
        literals = required_literals(pattern)

        @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(st.from_regex(re.compile(pattern + r"\Z", re.S), fullmatch=True))
        def holds(text):
            count_case("i18n required literals")
            assert all(literal in text for literal in literals), (pattern, literals, text)

        holds()
