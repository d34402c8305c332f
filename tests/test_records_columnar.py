"""Records files read column-wise give exactly what the row reader gives: the same Table
(columns, true row numbers, headers as written, notes) and the same errors; the columnar
path steps aside for anything the row reader reads its own way."""

from __future__ import annotations

from importlib.resources import as_file, files

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jiuzhu.core.io.columnar_records import records_fast
from jiuzhu.core.io.readers import read_records, record_fields
from jiuzhu.core.model.errors import InputError

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CANDIDATE_HEADERS = {"姓名": "name", "年龄": "age", "文化程度": "education", "学历": "education", "身体健康": "healthy",
                     "name": "name", "age": "age", "education": "education", "healthy": "healthy", "id": "id",
                     "编号": "id"}


def _read(path, **kwargs):
    """``(Table, None)`` or ``(None, the error's text)``."""
    try:
        return read_records(path, **kwargs), None
    except InputError as exc:
        return None, (str(exc), exc.zh, exc.row, exc.column)


def _same(path, headers=None):
    """Both readers on ``path``: the same Table or the same error; whether the columnar path
    read it (or refused it) rather than step aside."""
    fast, fast_error = _read(path, headers=headers)
    rows, rows_error = _read(path, headers=headers, columnar=False)
    assert fast_error == rows_error
    known = {**record_fields(), **(headers or {})}
    try:
        taken = records_fast(path, known, headers) is not None
    except InputError:
        taken = True  # the columnar path said it, in the row reader's words (asserted above)
    if rows is None:
        return taken
    assert list(fast.columns) == list(rows.columns)
    for name in rows.columns:
        assert fast[name].tolist() == rows[name].tolist(), name
        assert fast[name].dtype == rows[name].dtype
    assert fast.rows.tolist() == rows.rows.tolist()
    assert tuple(fast.notes) == tuple(rows.notes)
    assert dict(fast.headers) == dict(rows.headers)
    assert fast.source == rows.source
    assert _fields(fast) == _fields(rows)
    _same_in_batches(path, headers, rows)
    return taken


def _fields(table):
    """What a check reads from the table's age, education and healthy columns (values and
    whether known), or the error it says: the columnar path reads them from the reader's
    arrow text, the row reader's table from its strings."""
    from jiuzhu.core.io.fields import education, number, yes_no

    read = []
    for field, name in ((number, "age"), (education, "education"), (yes_no, "healthy")):
        try:
            read.append([[None if v != v else v for v in column.tolist()] for column in field(table, name)])  # NaN
        except InputError as exc:
            read.append((str(exc), exc.row, exc.column))
    return read


def _same_in_batches(path, headers, whole):
    """Read in batches of two records, the file gives the row reader's records, rows and notes
    (a batch the row reader reads holds the notes on the header again)."""
    from jiuzhu.core.io.readers import read_records_batches

    tables = list(read_records_batches(path, headers=headers, rows=2))
    assert sum(len(t) for t in tables) == len(whole)
    for name in whole.columns:
        assert [v for t in tables for v in t[name].tolist()] == whole[name].tolist()
    assert [r for t in tables for r in t.rows.tolist()] == whole.rows.tolist()
    assert {n for t in tables for n in t.notes} == set(whole.notes)  # each said once by the command
    assert all(dict(t.headers) == dict(whole.headers) for t in tables)


HEADER_WORDS = st.sampled_from(["name", "age", "education", "healthy", "姓名", "年龄", "文化程度", "学历", " age ",
                                "Age", "出生年月", "extra", "", "id", "编号", "合计", "\ufeffname", "x,y", "a\"b"])
CELL_TEXT = st.one_of(
    st.sampled_from(["", " ", "  ", "\u3000", "\xa0", "合计", "小计 ", " 总 计", "会计", "yes", "no", "是", "否", "初中",
                     "51", "3980人", "张三", "a,b", "say \"hi\"", "x\ny", "\t", "\x1c", "\u2028", "=1+1", "合计：3"]),
    st.text(alphabet="ab 1,\"\n\r\t合计\u3000\xa0张", max_size=6),
)


def _quoted(cell: str, how: int) -> str:
    if how == 0 and not any(c in cell for c in ",\"\n\r"):
        return cell
    if how == 2:
        return cell  # written as is, quotes and separators included: a malformed line at times
    return '"' + cell.replace('"', '""') + '"'


@SETTINGS
@given(header=st.lists(HEADER_WORDS, min_size=1, max_size=5),
       rows=st.lists(st.lists(st.tuples(CELL_TEXT, st.sampled_from([0, 0, 0, 1, 2])), max_size=6), max_size=6),
       ending=st.sampled_from(["\n", "\r\n", "\r"]), final=st.booleans(), bom=st.booleans(),
       declared=st.booleans())
def test_both_readers_agree_on_any_text(tmp_path_factory, header, rows, ending, final, bom, declared):
    lines = [",".join(_quoted(h, 0) for h in header)]
    lines += [",".join(_quoted(c, how) for c, how in row) for row in rows]
    text = ("\ufeff" if bom else "") + ending.join(lines) + (ending if final else "")
    path = tmp_path_factory.mktemp("r") / "records.csv"
    path.write_bytes(text.encode("utf-8"))
    _same(path, CANDIDATE_HEADERS if declared else None)


PLAIN_CELL = st.one_of(st.sampled_from(["", "yes", "no", "是", "否", "初中", "大专", "51", "3980人", "张三", "会计", " a ",
                                         "\u3000张", "a,b", "say \"hi\"", "=1+1", "合计x"[1:], "\xa0"]),
                       st.text(alphabet="ab1 ,\"张\u3000", max_size=5))


@SETTINGS
@given(header=st.lists(HEADER_WORDS, min_size=1, max_size=5), data=st.data(), declared=st.booleans())
def test_both_readers_agree_on_rows_of_the_header_width(tmp_path_factory, header, data, declared):
    """Mostly files the columnar path takes: rows as wide as the header, cells quoted as needed."""
    rows = data.draw(st.lists(st.lists(PLAIN_CELL, min_size=len(header), max_size=len(header)), max_size=8))
    text = "\n".join([",".join(_quoted(h, 0) for h in header)] + [",".join(_quoted(c, 0) for c in r) for r in rows])
    path = tmp_path_factory.mktemp("r") / "records.csv"
    path.write_bytes((text + "\n").encode("utf-8"))
    _same(path, CANDIDATE_HEADERS if declared else None)


def _file(tmp_path, text: str, name: str = "records.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("text, fast", [
    ("name,age,education\n张三,51,高中\n李四,30,初中\n", True),
    ("\ufeff姓名,年龄,文化程度\r\n张三,51,高中\r\n", True),
    ("姓名,年龄,出生年月\n张三,51,1970-01\n", True),  # an unknown column said, the same words
    ("name,age,,\n张三,51,,\n", True),  # trailing empty header cells
    ("name,age\n张三,51\n李四,\"3\"\"0\"\n", True),
    ("候选人名单\n\nname,age\n张三,51\n", False),  # a title row above the header
    ("name,age\n张三,51\n\n李四,30\n", False),  # a blank row, said
    ("name,age\n张三,51\n合计,1\n", False),  # a 合计 row, said
    ("name,age\n张三,51\n  小 计 ,1\n", False),
    ("name,age\n会计,51\n", True),  # 计 in a name is no total
    ("name,age\n张三,51,extra\n", False),  # a ragged row: the row reader's message
    ("name,age\n张三\n", False),  # a short row: padded by the row reader
    ("name,age,age\n张三,51,52\n", True),  # a column named twice: the same error
    ("name,年龄,age\n张三,51,52\n", True),
    ("name;age\n张三;51\n", False),
    ("name\tage\n张三\t51\n", False),
    ("name,age\n\"a\nb\",51\n", False),  # a line break in a cell
    ("x,y\n1,2\n", True),  # no header jiuzhu knows: row 1 is the header either way (score files)
    ("name,age\n", True),
])
def test_real_files_read_alike(tmp_path, text, fast):
    assert _same(_file(tmp_path, text)) is fast


def test_other_encodings_and_workbooks_go_row_by_row(tmp_path):
    gbk = _file(tmp_path, "姓名,年龄\n张三,51\n", encoding="gbk")
    assert _same(gbk) is False
    table = read_records(gbk)
    assert table["name"].tolist() == ["张三"] and any("GB18030" in n for n in table.notes)
    assert _same(_file(tmp_path, "姓名,年龄\n张三,51\n"), None) is True
    _same(gbk)
    assert records_fast(_file(tmp_path, "name,age\n张三,51\n"), record_fields(), None, encoding="gbk") is None


def test_the_bundled_samples_read_alike_and_column_wise(tmp_path):
    from jiuzhu.core.evaluate import default_registry

    subjects = default_registry().subjects()
    with as_file(files("jiuzhu.samples")) as folder:
        for path in sorted(folder.glob("*.csv")):
            _same(path)
        for subject in subjects.values():
            if subject.sample is not None and str(subject.sample).endswith(".csv"):
                with as_file(subject.sample) as sample:
                    assert _same(sample, subject.headers()), subject.name


def test_errors_name_the_true_row(tmp_path):
    from jiuzhu.core.io.readers import read_records_batches

    path = _file(tmp_path, "name,age\n张三,51\n\n李四,30,多\n")
    with pytest.raises(InputError, match="row 4"):
        read_records(path)
    assert records_fast(path, record_fields(), None) is None
    late = _file(tmp_path, "name,age\n" + "张三,51\n" * 7 + "李四,30,多\n", "late.csv")
    with pytest.raises(InputError, match="row 9"):
        list(read_records_batches(late, rows=3))


def test_parquet_records(tmp_path, runner):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from jiuzhu.cli.main import cli

    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"姓名": ["张三", "李四", None], "年龄": [51, 30, None], "文化程度": ["高中", "初中", "大专"],
                             "身体健康": [True, True, False], "遵纪守法": ["是", "是", "是"], "兼职": ["否", "否", "否"]}),
                   path)
    table = read_records(path)
    assert table["age"].tolist() == ["51", "30", ""] and table["healthy"].tolist() == ["true", "true", "false"]
    assert table.rows.tolist() == [1, 2, 3] and table.headers["age"] == "年龄"
    csv_path = _file(tmp_path, "姓名,年龄,文化程度,身体健康,遵纪守法,兼职\n张三,51,高中,true,是,否\n"
                               "李四,30,初中,true,是,否\n,,大专,false,是,否\n")
    as_csv = runner.invoke(cli, ["check", "xieliyuan_candidate", str(csv_path), "-j", "530323", "--format", "json"])
    as_parquet = runner.invoke(cli, ["check", "xieliyuan_candidate", str(path), "-j", "530323", "--format", "json"])
    assert as_csv.exit_code == as_parquet.exit_code == 0, as_parquet.output
    assert as_csv.stdout == as_parquet.stdout
    nested = tmp_path / "n.parquet"
    pq.write_table(pa.table({"name": [["a"]], "age": [1]}), nested)
    with pytest.raises(InputError, match="nested"):
        read_records(nested)
