"""Chinese first: the language follows --lang (anywhere on the line), else $JIUZHU_LANG, else the locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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
