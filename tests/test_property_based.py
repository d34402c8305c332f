"""Every reader, fed generated malformed input: a clear error naming where, or a result;
never a traceback. Bounded and derandomised so CI stays deterministic."""

from __future__ import annotations

import string
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casecount import count_case
from jiuzhu.cli.main import cli
from jiuzhu.core.io.columnar import csv_fast
from jiuzhu.core.model.errors import InputError, JiuzhuError, JurisdictionFileError
from jiuzhu.core.evaluate import check, deduct
from jiuzhu.core.rules.jurisdiction_file import load_jurisdiction
from jiuzhu.core.profiles import ProfileError, Store
from jiuzhu.core.io.readers import UNITS_COLUMNS, parse_count, parse_number, read_records, read_table

BOUNDED = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NUMBERS = st.one_of(
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", " ", "nan", "inf", "-0", "１２,０００", "12,00", "1,2,3", "0x1F", "0x10", "1e400", "十二",
                     "12 000", "３", "٣", "1_000", "12_00", "+5", "0.5", "1e3", "1000²", "①", "3980人", "6.185万",
                     str(10**18), str(10**12), str(10**12 + 1), "007", " 7", "7 ", "12000.0"]),
    st.text(max_size=8),
)
HEADERS = st.sampled_from(["code", "name", "level", "population", "dibao_count", "行政区划代码", "名称", "层级", "人口",
                           "低保对象数", "extra", "", "code ", "Population", "户籍人口", "区划代码"])
CODES = st.sampled_from(["530323", "530323100", "530323100200", "530323", "5.30323E+11", "530323.0", "abc", "５３０３２３",
                         "53032", " 530324", "", "合计"])
LEVELS = st.sampled_from(["county", "township", "village", "县", "乡镇", "村", "City", "", " village", "社区", "居委会",
                          "街道办事处"])
CELL = st.one_of(NUMBERS, LEVELS, CODES, st.text(alphabet=string.printable + "县乡镇村,\"", max_size=10))


def _csv_cell(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\n\r') else value


@st.composite
def units_files(draw):
    header = draw(st.one_of(st.just(["code", "name", "level", "population", "dibao_count"]),
                            st.lists(HEADERS, min_size=0, max_size=6)))
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=7), max_size=6))
    lines = [",".join(_csv_cell(h) for h in header)] + [",".join(_csv_cell(c) for c in row) for row in rows]
    return "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n", "\n,,,,\n"]))


@BOUNDED
@given(st.text(max_size=20))
def test_parse_number_reads_or_refuses(text):
    count_case("numbers")
    try:
        value = parse_number(text)
    except ValueError as exc:
        assert str(exc)
    else:
        assert 0 <= value <= 10**12
    try:
        assert parse_count(text) >= 0
    except ValueError:
        pass


def _same_tables(fast, precise) -> None:
    assert list(fast.columns) == list(precise.columns)
    for name in fast.columns:
        assert [str(v) for v in fast[name]] == [str(v) for v in precise[name]], name
    assert fast.rows.tolist() == precise.rows.tolist()


def _row_reading(path):
    try:
        return read_table(path, UNITS_COLUMNS, columnar=False)
    except InputError as exc:
        assert str(path) in str(exc)  # says which file
        return None


@BOUNDED
@given(units_files(), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_units_readers_never_crash_and_agree(tmp_path_factory, text, encoding):
    """The columnar path accepts a file only when the row reader reads it to the same table
    (else it defers to the row reader, whose refusal is then the only one)."""
    count_case("units files")
    path = tmp_path_factory.mktemp("u") / "units.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    precise = _row_reading(path)
    fast = csv_fast(path, UNITS_COLUMNS)
    if fast is not None:
        assert precise is not None, "the fast path accepted a file the row reader refuses"
        _same_tables(fast[0], precise)


@BOUNDED
@given(st.lists(st.tuples(CODES, LEVELS, NUMBERS, NUMBERS), min_size=1, max_size=5))
def test_fast_and_row_paths_agree_on_every_cell(tmp_path_factory, rows):
    """Cells aimed at the differences the two parsers could have (0x10, 10^18, 1_000, 万, spaces)."""
    count_case("units cells")
    path = tmp_path_factory.mktemp("c") / "units.csv"
    lines = ["code,level,population,dibao_count"] + [",".join(_csv_cell(c) for c in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    precise = _row_reading(path)
    fast = csv_fast(path, UNITS_COLUMNS)
    if fast is not None:
        assert precise is not None, "the fast path accepted a file the row reader refuses"
        _same_tables(fast[0], precise)


@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(units_files())
def test_units_files_through_the_cli(tmp_path_factory, text):
    from click.testing import CliRunner

    count_case("units files via CLI")
    path = tmp_path_factory.mktemp("c") / "units.csv"
    path.write_text(text, encoding="utf-8")
    res = CliRunner().invoke(cli, ["staffing", str(path), "-j", "530323", "--format", "json"])
    assert res.exit_code in (0, 1)
    assert "Traceback" not in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    if res.exit_code == 1:
        errors = [line for line in res.stderr.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and str(path) in errors[0]  # one message, naming the file


RECORD_FIELDS = st.sampled_from(["age", "education", "healthy", "law_abiding", "other_job", "count", "monthly_wage",
                                 "multiplier", "kind", "年龄", "文化程度", "x"])


@BOUNDED
@given(st.lists(RECORD_FIELDS, min_size=1, max_size=5, unique=True),
       st.lists(st.lists(st.one_of(NUMBERS, st.sampled_from(["yes", "no", "是", "否", "初中", "大专", "maybe"])),
                         min_size=0, max_size=6), max_size=5))
def test_records_and_checks_never_crash(tmp_path_factory, header, rows):
    count_case("records files")
    path = tmp_path_factory.mktemp("r") / "records.csv"
    path.write_text("\n".join([",".join(header)] + [",".join(_csv_cell(c) for c in r) for r in rows]) + "\n",
                    encoding="utf-8")
    try:
        records = read_records(path)
        list(check("xieliyuan_candidate", records, "530323").records())
        list(deduct("contractor_payment", records, "530000").records())
    except InputError as exc:
        assert str(path) in str(exc) and ("row" in str(exc) or "header" in str(exc) or "empty" in str(exc))


VALID_TOML = '''code = "520499"
name_zh = "测试"
name_en = "Test"
level = "county"
parent = "530000"

[[documents]]
id = "d"
title = "t"
issuer = "i"
date = "2020-01-01"
status = "in_force"

[parameters.base]
value = 2
clause = "一"
'''


@BOUNDED
@given(st.data())
def test_jurisdiction_toml_mutations(tmp_path_factory, data):
    count_case("jurisdiction TOML")
    lines = VALID_TOML.splitlines()
    for _ in range(data.draw(st.integers(0, 3))):
        i = data.draw(st.integers(0, len(lines) - 1))
        lines[i] = data.draw(st.sampled_from(["", lines[i][:-1], lines[i].replace('"', ""), "[[documents]]",
                                              'status = "maybe"', 'code = "52"', "value = [", 'level = 3',
                                              "[parameters.x]", lines[i] + " = 1"]))
    path = tmp_path_factory.mktemp("t") / "j.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    try:
        j = load_jurisdiction(path)
    except JurisdictionFileError as exc:
        assert str(path) in str(exc)
    else:
        assert j.code.isdigit() and len(j.code) == 6 and j.documents


@BOUNDED
@given(st.one_of(st.text(max_size=80), st.sampled_from([
    'active = "a"\n[profiles.a]\njurisdiction = 5\n', "[profiles]\na = 1\n", 'active = "zz"\n',
    '[profiles.a]\njurisdiction = "530000"\n[profiles.a.overrides]\nx = {y = 1}\n', "\x00\x01", "[[profiles]]\n"])))
def test_profile_file_contents(tmp_path_factory, text):
    count_case("profile files")
    path = tmp_path_factory.mktemp("p") / "profiles.toml"
    path.write_text(text, encoding="utf-8", errors="replace")
    try:
        store = Store.load(path)
    except ProfileError as exc:
        assert str(path) in str(exc) and "reset" in str(exc)
    else:
        try:
            tomllib.loads(store.to_toml())  # what it would write back is valid TOML
        except JiuzhuError:
            pass
