"""Files as a county keeps them give the same answers as the clean file (issue 13), and
what used to be silent is now said or refused, through the real CLI."""

from __future__ import annotations

import json

import pytest

from jiuzhu.cli.main import cli

CLEAN = [["code", "name", "level", "population", "dibao_count"],
         ["530323", "师宗县", "county", "420000", "45000"],
         ["530323100", "丹凤街道", "township", "62000", "4000"],
         ["530323101", "大同街道", "township", "31000", "2000"],
         ["530323100001", "某社区", "village", "5200", "120"]]
# The same units as a clerk's roster: a merged title, synonym headers, level words, units
# on the numbers, a blank row and a 合计 row.
ROSTER = [["师宗县社会救助基层力量统计表（2019年）", "", "", "", ""],
          ["区划代码", "单位名称", "级别", "户籍人口", "低保人数"],
          ["530323", "师宗县", "县", "42万", "45000人"],
          ["530323100", "丹凤街道", "街道办事处", "62000", "4000"],
          ["", "", "", "", ""],
          ["530323101", "大同街道", "街道办事处", "3.1万", "2000"],
          ["530323100001", "某社区", "居委会", "5200", "120"],
          ["合计", "", "", "560200", "51120"]]
NOTES = [["填表说明"], ["1. 区划代码按统计用区划代码填写"], ["2. 人口为户籍人口"]]


def write_csv(path, rows, encoding="utf-8"):
    path.write_bytes("\n".join(",".join(r) for r in rows).encode(encoding) + b"\n")
    return str(path)


def write_xlsx(path, sheets):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if rows and len(rows[0]) > 1 and rows[0][1] == "":
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    book.save(path)
    return str(path)


def write_xls(path, sheets):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for title, rows in sheets:
        sheet = book.add_sheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    sheet.write(r, c, value)
    book.save(str(path))
    return str(path)


def staffing(runner, path, *extra):
    res = runner.invoke(cli, [*extra, "staffing", path, "-j", "530323", "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout), res.stderr


@pytest.mark.parametrize("kind", ["csv-gbk", "xlsx", "xls"])
def test_a_clerks_roster_answers_as_the_clean_file(runner, tmp_path, kind):
    clean, _ = staffing(runner, write_csv(tmp_path / "clean.csv", CLEAN))
    if kind == "csv-gbk":
        path = write_csv(tmp_path / "roster.csv", ROSTER, "gbk")
    elif kind == "xlsx":
        path = write_xlsx(tmp_path / "roster.xlsx", [("填表说明", NOTES), ("花名册", ROSTER)])
    else:
        path = write_xls(tmp_path / "roster.xls", [("填表说明", NOTES), ("花名册", ROSTER)])
    answers, said = staffing(runner, path)
    strip = [{k: v for k, v in r.items() if k != "name"} for r in answers]
    assert strip == [{k: v for k, v in r.items() if k != "name"} for r in clean]
    assert "表头在第 2 行" in said or "the header is row 2" in said  # the title row, said
    assert "row(s) 8" in said and ("合计" in said)  # the total row, skipped and said
    assert "blank row(s) 5" in said or "空行 5" in said
    assert "户籍人口" in said  # which population was used
    assert "6.185万" not in said and ("'42万' as 420000" in said or "42万" in said)  # the reading, stated
    if kind != "csv-gbk":
        assert "花名册" in said  # the sheet read, after the notes sheet


def test_sheet_option_chooses_and_names_the_sheets(runner, tmp_path):
    path = write_xlsx(tmp_path / "r.xlsx", [("填表说明", NOTES), ("花名册", ROSTER)])
    res = runner.invoke(cli, ["--sheet", "nope", "staffing", path, "-j", "530323"])
    assert res.exit_code == 1 and "花名册" in res.stderr and "填表说明" in res.stderr
    res = runner.invoke(cli, ["--sheet", "2", "staffing", path, "-j", "530323", "--format", "json"])
    assert res.exit_code == 0, res.output


def test_utf16_tab_separated_unicode_text(runner, tmp_path):
    clean, _ = staffing(runner, write_csv(tmp_path / "clean.csv", CLEAN))
    path = tmp_path / "export.txt"
    path.write_bytes("\r\n".join("\t".join(r) for r in CLEAN).encode("utf-16"))
    answers, said = staffing(runner, str(path))
    assert answers == clean and "tab" in said


@pytest.mark.parametrize("cell, words", [
    ("5.30323E+11", "scientific notation"), ("530323.0", "decimal point"), ("abc", "not a unit code"),
    ("../../etc/passwd", "not a unit code"), ("５３０３２３", "not a unit code"), ("53032", "5 digits"),
])
def test_codes_must_be_gbt2260_shapes(runner, tmp_path, cell, words):
    path = write_csv(tmp_path / "u.csv", [CLEAN[0], [cell, "x", "county", "1", "1"]])
    res = runner.invoke(cli, ["staffing", path, "-j", "530323"])
    assert res.exit_code == 1 and words in res.stderr and "row 2, column 'code'" in res.stderr
    if "E+" in cell or cell == "530323.0":
        assert "Text" in res.stderr  # the hint: format the column as text


@pytest.mark.parametrize("cell", ["1000²", "①", "1_000", "12_00", "0x10", "1e3", "nan", "inf", str(10**18)])
def test_ambiguous_numerals_are_refused(runner, tmp_path, cell):
    path = write_csv(tmp_path / "u.csv", [CLEAN[0], ["530323", "x", "county", cell, "1"]])
    for command in (["staffing", path, "-j", "530323"], ["compare", path, "-J", "530000"]):
        res = runner.invoke(cli, command)
        assert res.exit_code == 1 and "row 2, column 'population'" in res.stderr, res.output


def test_duplicate_codes_are_refused_naming_both_rows(runner, tmp_path):
    path = write_csv(tmp_path / "u.csv", CLEAN + [["530323101", "又一个", "township", "1", "1"]])
    for command in (["staffing", path, "-j", "530323"], ["compare", path, "-J", "530000"]):
        res = runner.invoke(cli, command)
        assert res.exit_code == 1 and "530323101" in res.stderr and "rows 4 and 6" in res.stderr


def test_unknown_columns_are_said_with_the_nearest_field(runner, tmp_path):
    path = write_csv(tmp_path / "c.csv", [["姓名", "出生年月", "文化程度", "身体状况"], ["张丽", "1990-01", "高中", "良好"]])
    res = runner.invoke(cli, ["check", "xieliyuan_candidate", path, "-j", "530323"])
    assert res.exit_code == 0, res.output
    assert "出生年月" in res.stderr and "age" in res.stderr and "身体状况" in res.stderr
    units = write_csv(tmp_path / "u.csv", [CLEAN[0] + ["备注"], CLEAN[1] + ["x"]])
    res = runner.invoke(cli, ["staffing", units, "-j", "530323"])
    assert res.exit_code == 0 and "备注" in res.stderr


def test_xlsx_rows_are_not_lost_to_dimension_or_order(runner, tmp_path):
    """A sheet whose <dimension> says A1:E2 and whose rows are listed out of order keeps every row."""
    import re
    import zipfile

    path = tmp_path / "u.xlsx"
    write_xlsx(path, [("units", CLEAN)])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    name = next(n for n in parts if n.startswith("xl/worksheets/sheet"))
    xml = parts[name].decode("utf-8")
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:E2"/>', xml)
    rows = re.findall(r"<row .*?</row>", xml, re.S)
    xml = xml.replace("".join(rows), "".join([rows[0]] + rows[1:][::-1]))
    parts[name] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    answers, _ = staffing(runner, str(path))
    assert {r["code"] for r in answers} == {row[0] for row in CLEAN[1:]}


def test_unknown_encoding_is_one_message(runner, tmp_path):
    path = write_csv(tmp_path / "u.csv", CLEAN)
    for name in ("rot13", "klingon"):
        res = runner.invoke(cli, ["--encoding", name, "staffing", path])
        assert res.exit_code == 1 and "unknown encoding" in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize("value", ["2.5", "nan", "inf"])
def test_overrides_keep_their_exact_type(runner, tmp_path, value):
    cfg = tmp_path / "p.toml"
    assert runner.invoke(cli, ["--config", str(cfg), "use", "530000"]).exit_code == 0
    res = runner.invoke(cli, ["--config", str(cfg), "profile", "set", "county_base_staff", value])
    assert res.exit_code == 1 and "Traceback" not in res.output, res.output


def test_pool_nan_is_refused(runner):
    res = runner.invoke(cli, ["allocate", "--pool", "nan", "-j", "220000"])
    assert res.exit_code == 2 and "--pool" in res.output
