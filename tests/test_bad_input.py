"""A bad units file or code gets one clear message naming file, row and column; no traceback."""

from __future__ import annotations

import pytest

from jiuzhu.cli.main import cli

GOOD = "code,level,population,dibao_count\n"


@pytest.mark.parametrize("body, where, what", [
    ("code,level,population\nx,county,1\n", "row 1", "missing column(s): dibao_count"),
    (GOOD + "530323,county,10,12x\n", "row 2, column 'dibao_count'", "'12x' is not a number"),
    (GOOD + "530323,county,10,1\n530323001001,village,-5,0\n", "row 3, column 'population'", "-5 is negative"),
    (GOOD + "530323,city,10,0\n", "row 2, column 'level'", "unknown level 'city'"),
    (GOOD + "530323,county,10\n", "row 2, column 'dibao_count'", "no value for this column"),
    (GOOD + "530323,county,1.5,0\n", "row 2, column 'population'", "not a whole number"),
    # A cell no column names is not dropped unsaid (a clerk's remark typed beside the table).
    (GOOD + "530323,county,10,1\n530323001,township,5,1,备注\n", "row 3", "the row has 5 cells, the header 4"),
    ("", "", "the file is empty"),
])
def test_bad_units_file(runner, tmp_path, body, where, what):
    f = tmp_path / "units.csv"
    f.write_text(body, encoding="utf-8")
    res = runner.invoke(cli, ["staffing", str(f), "--format", "json"])
    assert res.exit_code == 1
    assert f"{f}" in res.stderr and where in res.stderr and what in res.stderr
    assert "Traceback" not in res.output and res.stdout == ""


def test_gbk_is_read_and_said(runner, tmp_path):
    f = tmp_path / "units.csv"
    f.write_bytes(("行政区划代码,层级,人口,低保对象数\n530323,县,1,45000\n").encode("gbk"))
    res = runner.invoke(cli, ["staffing", str(f), "-j", "530000", "--format", "json"])
    assert res.exit_code == 0 and '"minimum": 5' in res.stdout
    assert "read as GB18030: the file is not UTF-8" in res.stderr


def test_undecodable_file(runner, tmp_path):
    f = tmp_path / "units.csv"
    f.write_bytes(b"code,name,level,population,dibao_count\n530323,\xff\xfe\xff,county,1,1\n")
    res = runner.invoke(cli, ["staffing", str(f)])
    assert res.exit_code == 1 and "neither UTF-8 nor GBK/GB18030" in res.stderr and "--encoding" in res.stderr
    res = runner.invoke(cli, ["--encoding", "latin-1", "staffing", str(f)])
    assert res.exit_code == 0  # named explicitly, the same bytes are read as latin-1
    res = runner.invoke(cli, ["--encoding", "klingon", "staffing", str(f)])
    assert res.exit_code == 1 and "unknown encoding 'klingon'" in res.stderr


def test_missing_file(runner, tmp_path):
    res = runner.invoke(cli, ["staffing", str(tmp_path / "nope.csv")])
    assert res.exit_code == 1 and "nope.csv" in res.stderr and "cannot read" in res.stderr


def test_unknown_jurisdiction(runner):
    res = runner.invoke(cli, ["staffing", "--jurisdiction", "999999"])
    assert res.exit_code == 1
    assert "unknown jurisdiction '999999'" in res.stderr and "530000" in res.stderr


def test_failed_run_leaves_the_output_file_alone(runner, tmp_path):
    """--output is written atomically: an error before writing leaves the user's file as it was."""
    out = tmp_path / "result.json"
    out.write_text("previous result", encoding="utf-8")
    bad = tmp_path / "units.csv"
    bad.write_text(GOOD + "a,county,x,1\n", encoding="utf-8")
    res = runner.invoke(cli, ["staffing", str(bad), "--format", "json", "--output", str(out)])
    assert res.exit_code == 1
    assert out.read_text(encoding="utf-8") == "previous result"
    assert [p.name for p in tmp_path.iterdir()] == sorted(["result.json", "units.csv"]) or \
        sorted(p.name for p in tmp_path.iterdir()) == ["result.json", "units.csv"]


def test_output_file_written(runner, tmp_path):
    out = tmp_path / "result.csv"
    res = runner.invoke(cli, ["staffing", "--format", "csv", "--output", str(out)])
    assert res.exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Chinese Excel opens it as UTF-8, not mojibake
    lines = out.read_text(encoding="utf-8-sig").replace('"', "").splitlines()
    assert lines[0].startswith("code,name,level,role,minimum,maximum,jurisdiction")
    assert len(lines) > 5


def test_blank_trailing_rows_are_ignored(runner, tmp_path):
    f = tmp_path / "units.csv"
    f.write_text(GOOD + "530323,county,1,45000\n,,,\n\n", encoding="utf-8")
    res = runner.invoke(cli, ["staffing", str(f), "--format", "json", "-j", "530000"])
    assert res.exit_code == 0 and res.stdout.count('"code"') == 1
