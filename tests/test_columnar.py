"""The national-scale path: columnar reading and writing, the wide layout, and the answer cache."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casecount import count_case
from conftest import make_units
from jiuzhu.cli.main import cli
from jiuzhu.core.io.columnar import csv_fast, write_table
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.evaluate import staffing
from jiuzhu.core.io.readers import UNITS_COLUMNS, read_table, read_units

UNITS = ("code,name,level,population,dibao_count\n"
         "530323,某县,county,1,45000\n530323100,某镇,township,45000,2000\n530323101,,乡镇,30000,1500\n"
         "530323100200,某村,village,10000,0\n")


@pytest.fixture
def units_file(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    return path


def test_fast_reader_matches_precise_reader(units_file):
    fast, _keys = csv_fast(units_file, UNITS_COLUMNS)
    precise = read_table(units_file, UNITS_COLUMNS, columnar=False)
    assert len(fast) == len(precise) == 4
    for name in ("code", "name", "level", "population", "dibao_count"):
        assert [str(v) for v in fast[name]] == [str(v) for v in precise[name]]
    assert fast.rows.tolist() == precise.rows.tolist() == [2, 3, 4, 5]
    assert fast.level_mask("township").tolist() == [False, True, True, False]
    assert [r["minimum"] for r in staffing(fast, "530000").records()] == \
        [r["minimum"] for r in staffing(precise, "530000").records()]


@pytest.mark.parametrize("bad, where", [
    ("530323109,x,township,-3,0", "row 6, column 'population'"),
    ("530323109,x,city,3,0", "row 6, column 'level'"),
    ("530323109,x,township,3,lots", "row 6, column 'dibao_count'"),
    (",x,township,3,1", "row 6, column 'code'"),
    ("\n530323109,x,township,3,0x10", "row 7, column 'dibao_count'"),
])
def test_fast_reader_falls_back_for_a_precise_message(tmp_path, bad, where):
    path = tmp_path / "u.csv"
    path.write_text(UNITS + bad + "\n", encoding="utf-8")
    assert csv_fast(path, UNITS_COLUMNS) is None
    with pytest.raises(InputError, match=where):
        read_units(path)


def test_parquet_in_and_out(tmp_path, units_file, runner):
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(csv.DictReader(io.StringIO(UNITS)))
    table = pa.table({"code": [r["code"] for r in rows], "level": [r["level"] for r in rows],
                      "population": [int(r["population"]) for r in rows],
                      "dibao_count": [int(r["dibao_count"]) for r in rows]})
    source = tmp_path / "units.parquet"
    pq.write_table(table, source)
    out = tmp_path / "wide.parquet"
    res = runner.invoke(cli, ["compare", str(source), "-J", "530000,220000", "--layout", "wide", "--format", "parquet",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    wide = pq.read_table(out).to_pydict()
    assert wide["530000.county_staff.min"] == [5, None, None, None]
    assert wide["220000.township_staff.min"] == [None, 5, 3, None]
    bad = tmp_path / "bad.parquet"
    pq.write_table(table.set_column(2, "population", pa.array([1, -5, 3, 4])), bad)
    with pytest.raises(InputError, match="record 2|row 2"):
        read_units(bad)


def test_wide_layout_columns_and_missing(runner, units_file, tmp_path):
    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", str(units_file), "--layout", "wide", "--format", "csv", "-o", str(out),
                              "--columns", "yn_min=530000.township_staff.min,yc_budget=640100.fund_floor",
                              "--missing", "0"])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0]) == ["code", "level", "yn_min", "yc_budget"]
    assert [(r["code"], r["level"], r["yn_min"], r["yc_budget"]) for r in rows] == [
        ("530323", "county", "0", "0"), ("530323100", "township", "2", "70000"),
        ("530323101", "township", "1", "40000"), ("530323100200", "village", "0", "0")]
    assert (tmp_path / "w.csv.provenance.json").exists()
    res = runner.invoke(cli, ["compare", str(units_file), "--layout", "wide", "--format", "csv",
                              "--columns", "x=999999.nothing.min"])
    assert res.exit_code == 2 and "the wide layout has:" in res.output


def test_wide_to_stdout_and_layout_refusals(runner, units_file):
    res = runner.invoke(cli, ["compare", str(units_file), "-J", "220000", "--layout", "wide", "--format", "csv"])
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert lines[0].replace('"', "") == "code,level,220000.township_staff.min" and len(lines) == 5
    assert runner.invoke(cli, ["compare", str(units_file), "--layout", "wide"]).exit_code == 2


def test_write_table_is_atomic_on_failure(tmp_path, monkeypatch):
    import jiuzhu.core.io.columnar as columnar

    out = tmp_path / "out.csv"
    out.write_text("previous", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(columnar, "_csv_parts", boom)
    with pytest.raises(OSError):
        write_table(out, {"code": np.array(["a"], dtype=object), "n": np.array([1])})
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_large_csv_is_written_in_order(tmp_path):
    n = 250_000  # above the threshold where chunks are formatted on two threads
    out = tmp_path / "big.csv"
    write_table(out, {"code": np.array([f"u{i}" for i in range(n)], dtype=object), "v": np.arange(n) % 7 - 1})
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == n + 1 and lines[0].replace('"', "") == "code,v"
    assert lines[1].replace('"', "") == "u0," and lines[-1].replace('"', "") == f"u{n - 1},{(n - 1) % 7 - 1}"


def test_an_evaluation_reuses_a_level_only_with_the_same_parameters():
    from jiuzhu.core.evaluate import Evaluation

    units = make_units(("county", 0, 45000), ("village", 6000, 0))
    evaluation = Evaluation()
    plain = list(evaluation.staffing(units, "530323").records())
    again = list(evaluation.staffing(units, "530000").records())
    overridden = list(evaluation.staffing(units, "530000", overrides={"rounding_minimum": "floor"}).records())
    assert plain[0]["minimum"] == again[0]["minimum"] == 5
    assert overridden[0]["minimum"] == 4  # a different parameter is a different answer, not the cached one


def test_codes_with_spaces_read_alike(tmp_path):
    path = tmp_path / "u.csv"
    path.write_text("code,level,population,dibao_count\n 530323 ,county,1,1\n530000,county,1,1\n", encoding="utf-8")
    assert csv_fast(path, UNITS_COLUMNS) is None  # the row reader trims the spaces
    assert [str(c) for c in read_units(path)["code"]] == ["530323", "530000"]


def test_columns_limit_the_jurisdictions_evaluated(runner, units_file, tmp_path):
    import json

    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", str(units_file), "--layout", "wide", "--format", "csv", "-o", str(out),
                              "--columns", "jl=220000.township_staff.min"])
    assert res.exit_code == 0 and "under 220000" in res.stderr
    prov = json.loads((tmp_path / "w.csv.provenance.json").read_text(encoding="utf-8"))
    assert [p["jurisdiction"] for p in prov["profiles"]] == ["220000"]
    assert out.read_text(encoding="utf-8-sig").splitlines()[2].replace('"', "") == "530323100,township,5"


def test_codes_of_every_length_keep_their_leading_zeros(tmp_path, runner):
    """6-, 9- and 12-digit codes, leading zeros and all, read alike on both paths and come out
    of the wide layout exactly as written (0101 is not 101)."""
    path = tmp_path / "u.csv"
    path.write_text("code,level,population,dibao_count\n010101,county,1,45000\n010101001,township,45000,2000\n"
                    "000000001,township,30000,1500\n000000000001,village,10000,0\n999999999999,village,1,0\n",
                    encoding="utf-8")
    fast, keys = csv_fast(path, UNITS_COLUMNS)
    precise = read_table(path, UNITS_COLUMNS, columnar=False)
    written = ["010101", "010101001", "000000001", "000000000001", "999999999999"]
    assert fast["code"].tolist() == precise["code"].tolist() == written
    assert len(set(keys.tolist())) == 5  # 000000001 and 000000000001 are different units
    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", str(path), "--layout", "wide", "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == written


def test_a_code_twice_far_apart_names_both_rows(tmp_path, runner):
    """A code repeated 80,000 rows later (pyarrow reads those rows in separate blocks) is refused
    naming both rows, as the row reader would."""
    n = 80_000
    lines = ["code,level,population,dibao_count"]
    lines += [f"{530323000001 + i},village,{i % 9000},{i % 300}" for i in range(n)]
    lines.append("530323000005,village,1,1")
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert csv_fast(path, UNITS_COLUMNS) is not None  # the fast path read it; the check found the pair
    with pytest.raises(InputError, match="row 80002") as caught:
        read_units(path)
    assert "530323000005 appears twice, on rows 6 and 80002" in str(caught.value)
    res = runner.invoke(cli, ["compare", str(path), "--format", "csv", "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 1 and "6" in res.stderr and "80002" in res.stderr
    assert not (tmp_path / "o.csv").exists()


def _units_file(tmp_path, rows):
    """A units CSV of (code, level, population, dibao_count) rows."""
    path = tmp_path / "u.csv"
    path.write_text("code,level,population,dibao_count\n" + "".join(f"{c},{lv},{p},{d}\n" for c, lv, p, d in rows),
                    encoding="utf-8")
    return path


def test_level_words_differing_between_blocks_come_out_as_read(tmp_path, runner):
    """The wide layout writes the codes as the file has them and the levels as read (村 is
    village), also where pyarrow's blocks hold different level words."""
    n = 60_000
    words = {"county": "县", "township": "乡镇", "village": "村"}
    levels = [("county", "township", "village")[i % 3] for i in range(n)]
    path = _units_file(tmp_path, [(f"{530000 + i:06d}" + "000" * (i % 3), words[level] if i > n // 2 else level,
                                   i % 9000, i % 300) for i, level in enumerate(levels)])
    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", str(path), "-J", "220000", "--layout", "wide", "--format", "csv",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))[1:]
    precise = read_table(path, UNITS_COLUMNS, columnar=False)
    assert [r[0] for r in rows] == precise["code"].tolist()
    assert [r[1] for r in rows] == precise["level"].tolist()
    assert {r[1] for r in rows} == {"county", "township", "village"}


def test_each_level_answers_for_exactly_its_rows_when_read_in_batches(tmp_path, runner, monkeypatch):
    """A batch's level rows come from the reader's dictionary (each level word compared
    once): 县 and county, 村 and village alike, in every batch. Yunnan's county rule (二(一)
    "低保对象在3万人以上的县（市、区）……每1万名低保对象配备不少于1名工作人员") fills the
    county rows and no other, as when the file is read whole by the row reader."""
    monkeypatch.setenv("JIUZHU_BATCH_ROWS", "4")
    words = ["county", "县", "township", "乡镇", "街道办事处", "village", "村", "社区"]
    depth = {"county": 0, "县": 0, "township": 1, "乡镇": 1, "街道办事处": 1}
    path = _units_file(tmp_path, [(f"{530000 + i:06d}" + "000" * depth.get(word, 2), word, 1000 * (i + 1),
                                   2500 * (i + 1)) for i, word in enumerate(words * 3)])
    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", str(path), "-J", "530000", "--layout", "wide", "--format", "csv",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    precise = read_table(path, UNITS_COLUMNS, columnar=False)
    assert [r["level"] for r in rows] == precise["level"].tolist()
    county = [r["530000.county_staff.min"] for r in rows]
    assert [bool(v) for v in county] == [level == "county" for level in precise["level"]]
    assert all(r["530000.township_staff.min"] for r in rows if r["level"] == "township")


@settings(max_examples=120, deadline=None, derandomize=True, database=None)
@given(codes=st.lists(st.text("0123456789", min_size=1, max_size=12), min_size=1, max_size=40))
def test_code_keys_are_equal_exactly_when_the_codes_are(codes):
    """The duplicate check compares keys, not text: equal keys mean equal codes (0053 is not
    53), keys follow the codes' order, and a key names its code in the message."""
    from jiuzhu.core.io.cells import code_keys, code_of_key

    count_case("code keys")
    keys = code_keys(np.array(codes, dtype=object)).tolist()
    assert keys == code_keys(np.array(codes)).tolist()  # Python strings or numpy text alike
    gb = [c for c in codes if len(c) in (6, 9, 12)]  # what the columnar reader takes from arrow's bytes
    if gb:
        import pyarrow as pa

        from jiuzhu.core.io.columnar import _codes

        deferred, fast = _codes(pa.array(gb))
        assert fast.tolist() == code_keys(np.array(gb)).tolist()  # one file's batches mix both readers
        assert deferred.make().tolist() == gb
    for a, ka in zip(codes, keys):
        assert code_of_key(ka) == a
        for b, kb in zip(codes, keys):
            assert (ka == kb) == (a == b)
            assert (ka < kb) == (a < b)


def test_a_deferred_column_is_made_once_when_first_read(tmp_path):
    """A reader leaves a column no command may read (the codes' text beside the file's own
    arrow text) to be made on first read: made once, even when two threads read it at once
    (a batch is read on the writing thread too), read-only, and the same as read eagerly."""
    import threading

    from jiuzhu.core.model.table import Deferred, Table

    made = []

    def make():
        made.append(1)
        return np.array(["530323", "530000"])

    table = Table({"code": Deferred(make, 2), "level": np.array(["county", "county"], dtype=object)})
    assert len(table) == 2 and table.level_mask("county").all() and not made  # not made to be counted
    seen = []
    threads = [threading.Thread(target=lambda: seen.append(table["code"])) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made == [1] and all(column is seen[0] for column in seen)
    assert seen[0].tolist() == ["530323", "530000"] and not seen[0].flags.writeable
    with pytest.raises(ValueError, match="differ in length"):
        Table({"code": Deferred(make, 3), "level": np.array(["county", "county"], dtype=object)})
    path = tmp_path / "u.csv"
    path.write_text(UNITS, encoding="utf-8")
    fast, _keys = csv_fast(path, UNITS_COLUMNS)
    assert fast["code"].tolist() == read_table(path, UNITS_COLUMNS, columnar=False)["code"].tolist()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(-1, 2**40), max_size=40), st.integers(0, 3), st.integers(1, 3), st.booleans())
def test_number_columns_reach_the_file_as_pyarrow_would_write_them(values, start, step, floats):
    """A count or amount column (any length, a slice of another, a number with no value)
    reaches CSV and Parquet with the same numbers and the same empty cells as pyarrow's own
    conversion would give: no cell shifted, none lost at a length that is not a multiple of 8."""
    import pyarrow as pa

    from jiuzhu.core.io.columnar import number_array

    column = np.array(values, dtype=np.float64 if floats else np.int64)[start::step]
    null = column < 0
    assert number_array(column, null).equals(pa.array(column, mask=null))
    assert number_array(column).to_pylist() == column.tolist()


def test_distinct_objects_by_identity_in_order_of_first_appearance():
    """Rows sharing a citation object share an index (read from the object array's own
    memory, not id() per row): equal but distinct objects stay apart, slices and strided
    views read right, and the index follows first appearance."""
    from jiuzhu.core.rules.blocks import distinct_objects, object_ids

    a, b, twin = ["clause 二(一)"], ["clause 三"], ["clause 二(一)"]
    column = np.array([b, a, b, None, twin, a] * 3, dtype=object)
    assert object_ids(column).tolist() == [id(v) for v in column]
    assert object_ids(column[1::3]).tolist() == [id(v) for v in column[1::3]]
    index, distinct = distinct_objects(column)
    assert [id(v) for v in distinct] == [id(b), id(a), id(None), id(twin)]
    assert index.tolist() == [0, 1, 0, 2, 3, 1] * 3
    empty_index, none = distinct_objects(np.array([], dtype=object))
    assert empty_index.tolist() == [] and none == []
