"""Group options (--sheet, --encoding, --lang, --config…) work after the subcommand too.

The tool's own notes say "(--sheet chooses another)" and README.zh-CN shows ``jiuzhu staffing 名册.xlsx --sheet 工作表名``:
users type them after the subcommand, where they read them.
"""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from jiuzhu.cli.main import cli
from pathlib import Path

import jiuzhu.samples

SAMPLES = Path(jiuzhu.samples.__file__).parent


def sample_path(name):
    return SAMPLES / name


def _roster(tmp_path):
    rows = list(csv.reader(open(sample_path("units.csv"), encoding="utf-8")))
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["这一页只是说明"])
    sheet = book.create_sheet("名册")
    for row in rows:
        sheet.append(row)
    target = tmp_path / "roster.xlsx"
    book.save(target)
    return target


def test_sheet_after_the_subcommand_reads_that_sheet(tmp_path):
    roster = _roster(tmp_path)
    after = CliRunner().invoke(cli, ["staffing", str(roster), "-j", "530323", "--sheet", "名册", "--lang", "zh"])
    before = CliRunner().invoke(cli, ["--sheet", "名册", "--lang", "zh", "staffing", str(roster), "-j", "530323"])
    assert after.exit_code == 0, after.output
    assert "No such option" not in after.output
    assert after.stdout == before.stdout
    assert "丹凤街道" in after.stdout


def test_encoding_after_the_subcommand_reads_gbk(tmp_path):
    text = open(sample_path("units.csv"), encoding="utf-8").read()
    gbk = tmp_path / "units-gbk.csv"
    gbk.write_bytes(text.encode("gbk"))
    result = CliRunner().invoke(cli, ["staffing", str(gbk), "-j", "530323", "--encoding", "gbk", "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "丹凤街道" in result.stdout


def test_equals_form_and_a_value_that_is_a_file_name(tmp_path):
    roster = _roster(tmp_path)
    result = CliRunner().invoke(cli, ["staffing", "--sheet=名册", str(roster), "-j", "530323", "--lang=en"])
    assert result.exit_code == 0, result.output
    assert "丹凤街道" in result.stdout


def test_options_after_double_dash_are_left_alone(tmp_path):
    result = CliRunner().invoke(cli, ["staffing", "--", "--sheet"])
    assert result.exit_code != 0
