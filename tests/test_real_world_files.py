"""Files as administrators really have them: Excel exports, GBK, .xlsx, full-width digits,
formula-like cells; and a broken plugin among the installed ones."""

from __future__ import annotations

import csv
import io
import json
from importlib.metadata import EntryPoint

import pytest

from jiuzhu.cli.main import cli
from jiuzhu.core.io.readers import parse_count, parse_number

HEADER = ["行政区划代码", "名称", "层级", "人口", "低保对象数"]
ROWS = [["530323", "师宗县", "县", "420000", "45000"], ["530323100", "丹凤街道", "乡镇", "62000", "4000"],
        ["530323100201", "丹凤社区", "村", "10000", "300"]]


def excel_csv(encoding: str) -> bytes:
    """CSV the way Excel writes it: CRLF line ends; "CSV UTF-8" adds a byte-order mark."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *ROWS, ["", "", "", "", ""]])
    data = buf.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if encoding == "utf-8" else data


def staffing_json(runner, path, *extra):
    res = runner.invoke(cli, [*extra, "staffing", str(path), "-j", "530323", "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout), res.stderr


def test_gbk_excel_csv_gives_the_same_result_as_its_utf8_twin(runner, tmp_path):
    gbk, utf8 = tmp_path / "gbk.csv", tmp_path / "utf8.csv"
    gbk.write_bytes(excel_csv("gbk"))
    utf8.write_bytes(excel_csv("utf-8"))
    from_gbk, said = staffing_json(runner, gbk)
    from_utf8, said_utf8 = staffing_json(runner, utf8)
    assert from_gbk == from_utf8 and len(from_gbk) == 4  # county, two township roles, village
    assert "read as GB18030" in said and "read as" not in said_utf8
    explicit, said_explicit = staffing_json(runner, gbk, "--encoding", "gbk")
    assert explicit == from_utf8 and "read as" not in said_explicit
    # compare reads on a second thread: the encoding must reach it too
    res = runner.invoke(cli, ["--encoding", "utf-8", "compare", str(gbk), "-J", "530000"])
    assert res.exit_code == 1 and "not valid utf-8" in res.stderr


def test_xlsx_roster(runner, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for code, name, level, pop, dibao in ROWS:
        sheet.append([int(code), name, level, int(pop), float(dibao)])  # numbers typed as Excel stores them
    sheet.append([None, None, None, None, None])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    from_xlsx, _ = staffing_json(runner, path)
    twin = tmp_path / "utf8.csv"
    twin.write_bytes(excel_csv("utf-8"))
    assert from_xlsx == staffing_json(runner, twin)[0]
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    res = runner.invoke(cli, ["staffing", str(broken)])
    assert res.exit_code == 1 and "not a readable .xlsx workbook" in res.stderr


@pytest.mark.parametrize("text, value", [("１２,０００", 12000), ("12,000", 12000), ("１２０００", 12000),
                                         ("12000.0", 12000), (" 7 ", 7), ("1,234,567", 1234567)])
def test_numbers_as_spreadsheets_write_them(text, value):
    assert parse_count(text) == value


@pytest.mark.parametrize("text, message", [
    ("12,00", "commas must separate thousands"), ("1,2", "commas must separate thousands"),
    ("-5", "negative"), ("nan", "not a number"), ("inf", "not a number"), ("1e400", "not a number"),
    ("99999999999999", "too large"), ("12.5", "not a whole number"), ("", "empty cell"), ("十二", "not a number")])
def test_numbers_refused_never_misread(text, message):
    with pytest.raises(ValueError, match=message):
        parse_count(text)


def test_number_cells_in_checks_are_refused_by_row_and_column(runner, tmp_path):
    f = tmp_path / "incidents.csv"
    f.write_text("count,monthly_wage\n1,2400\n1,2,400\n", encoding="utf-8")
    res = runner.invoke(cli, ["deduct", str(f), "-j", "530000"])
    assert res.exit_code == 1 and "row 3" in res.stderr
    assert parse_number("２,４００.５") == 2400.5


FORMULA = '=HYPERLINK("http://example.invalid","x")'


def test_exports_neutralise_formulas(runner, tmp_path):
    units = tmp_path / "u.csv"
    units.write_text(f'code,name,level,population,dibao_count\n530323100,"{FORMULA.replace(chr(34), chr(34) * 2)}",'
                     'township,1,1\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert runner.invoke(cli, ["staffing", str(units), "-j", "530000", "--format", "csv", "-o", str(out)]).exit_code == 0
    row = next(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert row["name"] == "'" + FORMULA
    # A formula where a code belongs is not a code: refused before anything is written.
    bad = tmp_path / "bad.csv"
    bad.write_text(f'code,level,population,dibao_count\n"{FORMULA.replace(chr(34), chr(34) * 2)}",township,1,1\n',
                   encoding="utf-8")
    res = runner.invoke(cli, ["compare", str(bad), "-J", "530000", "--layout", "wide", "--format", "csv"])
    assert res.exit_code == 1 and "not a unit code" in res.stderr
    book = tmp_path / "out.xlsx"
    res = runner.invoke(cli, ["staffing", str(units), "-j", "530000", "-o", str(book)])  # the extension decides
    assert res.exit_code == 0, res.output
    from openpyxl import load_workbook

    cells = next(load_workbook(book).worksheets[0].iter_rows(min_row=2, max_row=2))
    # Text cells are stored as text, never as formulas: the value is kept exactly.
    assert cells[1].value == FORMULA and cells[1].data_type == "s" and cells[4].value == 1
    assert all(c.data_type != "f" for c in cells)


def test_a_plugin_that_fails_to_import_does_not_stop_the_others(runner, monkeypatch):
    from jiuzhu.core.hooks import registry

    real = registry.entry_points

    def with_broken(group):
        return list(real(group=group)) + [EntryPoint("110000", "jiuzhu_no_such_plugin_module", group)]

    monkeypatch.setattr(registry, "entry_points", with_broken)
    res = runner.invoke(cli, ["staffing", "-j", "530000", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout)
    assert "plugin 110000" in res.stderr and "ModuleNotFoundError" in res.stderr
    res = runner.invoke(cli, ["--strict-plugins", "jurisdictions"])
    assert res.exit_code == 1 and "plugin 110000" in res.stderr and "Traceback" not in res.output


def test_data_files_are_never_run(runner, tmp_path):
    """A profile or units file full of Python is data: nothing is imported or executed."""
    marker = tmp_path / "ran"
    evil = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    units = tmp_path / "u.csv"
    units.write_text(f"code,level,population,dibao_count\n\"{evil}\",county,1,1\n", encoding="utf-8")
    runner.invoke(cli, ["staffing", str(units), "--format", "json"])
    cfg = tmp_path / "p.toml"
    cfg.write_text(f'active = "x"\n[profiles.x]\njurisdiction = "530000"\n[profiles.x.overrides]\n"{evil}" = 1\n')
    res = runner.invoke(cli, ["--config", str(cfg), "staffing"])
    assert res.exit_code == 1 and not marker.exists()
