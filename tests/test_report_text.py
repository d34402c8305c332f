"""Report text a new user read: cited titles, their own column names, each note once, no repeats."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from jiuzhu.cli.main import cli


def test_about_sheet_does_not_nest_book_title_marks(tmp_path):
    # 530000's title is 云南省民政厅 云南省财政厅《关于…的通知》: it already holds its 《》.
    out = tmp_path / "report.xlsx"
    res = CliRunner().invoke(cli, ["staffing", "-j", "530323", "-o", str(out)])
    assert res.exit_code == 0, res.output
    about = openpyxl.load_workbook(out).worksheets[-1]
    documents = [row[1] for row in about.iter_rows(values_only=True) if "530000" in str(row[1]) and "《" in str(row[1])]
    assert documents and all(text.count("《") == 1 for text in documents), documents


def test_a_bad_cell_names_the_column_as_the_file_wrote_it(tmp_path):
    f = tmp_path / "候选人.csv"
    f.write_text("姓名,年龄,学历,身体健康,遵纪守法,其他工作\n张三,五十,高中,是,是,否\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--lang", "zh", "check", "xieliyuan_candidate", str(f), "-j", "530323"])
    assert res.exit_code == 1
    assert "第 2 行，“年龄”列" in res.stderr and "“age”列" not in res.stderr


def test_an_unknown_column_is_said_once(tmp_path):
    f = tmp_path / "候选人.csv"
    f.write_text("姓名,年龄,学历,身体健康,遵纪守法,其他工作,备注\n张三,30,高中,是,是,否,x\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["--lang", "en", "check", "xieliyuan_candidate", str(f), "-j", "530323"])
    assert res.exit_code == 0, res.output
    assert res.stderr.count("备注") == 1, res.stderr


def test_not_regulated_is_not_said_twice_in_both_languages():
    res = CliRunner().invoke(cli, ["--lang", "both", "check", "contractor", "-j", "640100"])
    line = next(line for line in res.stderr.splitlines() if "not regulated" in line)
    assert line.count("未") == line.count("未作规定") + line.count("均未"), line
    assert "not regulated 未规定" not in line


def test_xlsx_report_shows_levels_and_roles_in_words_and_csv_keeps_keys(tmp_path):
    from pathlib import Path

    import jiuzhu.samples

    units = str(Path(jiuzhu.samples.__file__).parent / "units.csv")
    out = tmp_path / "report.xlsx"
    res = CliRunner().invoke(cli, ["--lang", "zh", "staffing", units, "-j", "530323", "-o", str(out)])
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(out)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][2] == "县级" and "county" not in {r[2] for r in rows[1:]}
    assert "township_case_worker" not in {r[3] for r in rows[1:]}
    about = {row[0]: row[1] for row in book.worksheets[-1].iter_rows(values_only=True)}
    assert "no profile" not in about["适用层级"] and "无配置" in about["适用层级"]
    csv_out = tmp_path / "report.csv"
    CliRunner().invoke(cli, ["--lang", "zh", "staffing", units, "-j", "530323", "-o", str(csv_out)])
    assert '"county"' in csv_out.read_text(encoding="utf-8-sig")


def test_allocate_without_a_pool_says_what_shares_need():
    res = CliRunner().invoke(cli, ["--lang", "zh", "allocate", "-j", "530000"])
    assert res.exit_code == 0, res.output
    assert "份额与金额须给出 --pool 元" in res.stderr and "people_in_difficulty" in res.stderr


def test_a_pool_where_no_level_states_a_factor_method_is_refused():
    # Issue 13: "Options that do not apply (a pool for a jurisdiction with no factor rule) are refused".
    for code in ("640100", "520402"):
        res = CliRunner().invoke(cli, ["--lang", "zh", "allocate", "-j", code, "--pool", "100000"])
        assert res.exit_code == 1 and "--pool 不适用" in res.stderr and "Traceback" not in res.output


def test_score_where_the_chain_does_not_regulate_it_names_who_does():
    res = CliRunner().invoke(cli, ["--lang", "zh", "score", "-j", "530323"])
    assert res.exit_code == 1
    assert "未规定试点考评" in res.stderr and "520402" in res.stderr and "640100" in res.stderr
