"""Writing results: every format holds the same records; reports (.xlsx, .html) hold what a
superior reads; files are written safely (mode, temp files, same-as-input, control characters)."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata

from importlib.resources import as_file, files
from pathlib import Path

import pytest
from jiuzhu.cli.main import cli
from jiuzhu.cli.rules import staffing_csv_row


def jiuzhu_exe() -> str:
    return str(Path(sys.executable).with_name("jiuzhu"))


@pytest.fixture
def samples():
    with as_file(files("jiuzhu.samples")) as folder:
        yield folder


def _write(runner, args, path):
    res = runner.invoke(cli, [*args, "-o", str(path)])
    assert res.exit_code == 0, res.output
    return path


def _csv_records(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Chinese Excel reads UTF-8 only with a BOM
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def _parquet_records(path):
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def _as_text(value):
    """A value as CSV spells it (pyarrow writes booleans lower-case, lists joined with "; ")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else str(value)
    return str(value)


def _same_table(csv_rows, parquet_rows):
    assert len(csv_rows) == len(parquet_rows)
    for a, b in zip(csv_rows, parquet_rows):
        assert list(a) == list(b)
        assert {k: a[k] for k in a} == {k: _as_text(v) for k, v in b.items()}


COMMANDS = [
    ["staffing", "-j", "530323"],
    ["compare", "-J", "all"],
    ["check", "xieliyuan_candidate", "-j", "530323"],
    ["deduct", "-j", "530000"],
    ["deduct", "--subject", "target_score", "-j", "520402"],
    ["allocate", "--pool", "1000000", "-j", "220000"],
    ["allocate", "-j", "640100"],
    ["score", "-j", "520402"],
    ["score", "-j", "640100"],
]

#: A CSV column that flattens a JSON record's citation: where its value comes from.
FLATTENED = {"floor_clause": ("floor_citation", "clause"), "clause": ("citation", "clause")}


def _same_records(records, csv_rows):
    """Each CSV row holds its JSON record's values (citations flattened to their clause)."""
    assert len(records) == len(csv_rows)
    for record, row in zip(records, csv_rows):
        for key, cell in row.items():
            if key in record:
                assert _as_text(record[key]) == cell, (key, record, row)
            elif key in FLATTENED:
                outer, inner = FLATTENED[key]
                assert _as_text((record[outer] or {}).get(inner)) == cell, (key, record, row)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_json_jsonl_csv_parquet_hold_the_same_records(runner, tmp_path, args):
    as_json = json.loads(_write(runner, args, tmp_path / "r.json").read_text(encoding="utf-8"))
    lines = _write(runner, args, tmp_path / "r.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == as_json
    csv_rows = _csv_records(_write(runner, args, tmp_path / "r.csv"))
    parquet_rows = _parquet_records(_write(runner, args, tmp_path / "r.parquet"))
    _same_table(csv_rows, parquet_rows)
    assert len(csv_rows) == len(as_json) > 0
    if args[0] in ("staffing", "compare"):
        # The flat columns are the JSON contract's records, flattened.
        for record, row in zip(as_json, csv_rows):
            flat = [_as_text(v) if not isinstance(v, str) else v for v in staffing_csv_row(record)]
            assert flat == [row[k] for k in list(row)[:12]]
            if args[0] == "compare":
                assert row["profile"] == record["profile"]
    elif args[0] in ("allocate", "score", "deduct"):
        _same_records(as_json, csv_rows)
    for key in ("row", "code"):
        if key in as_json[0]:
            assert [str(r[key]) for r in as_json] == [r[key] for r in csv_rows]


def _units_100k(path, n=100_000):
    levels = ("county", "township", "village")
    path.write_text("code,name,level,population,dibao_count\n" + "".join(
        f"{530323000000 + i},单位{i},{levels[i % 3]},{1000 + i % 90_000},{i % 5000}\n" for i in range(n)),
        encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["allocate", "-j", "640100"], ["score", "-j", "520402"], ["score", "-j", "640100"]],
                         ids=lambda a: " ".join(a))
def test_a_100k_file_holds_the_same_records_in_every_format(runner, tmp_path, args):
    """allocate and score at 100k rows: JSON, JSONL, CSV and Parquet hold the same records."""
    n = 100_000
    if args[0] == "score":
        data = tmp_path / "scores.csv"
        data.write_text("unit,month,score,facilities\n" + "".join(
            f"乡镇{i // 12},{1 + i % 12},{60 + (i * 37) % 41},{'yes' if i % 3 else 'no'}\n" for i in range(n)),
            encoding="utf-8")
    else:
        data = _units_100k(tmp_path / "units.csv", n)
    args = [args[0], str(data), *args[1:]]
    as_json = json.loads(_write(runner, args, tmp_path / "r.json").read_text(encoding="utf-8"))
    with open(_write(runner, args, tmp_path / "r.jsonl"), encoding="utf-8") as handle:
        assert [json.loads(line) for line in handle] == as_json
    csv_rows = _csv_records(_write(runner, args, tmp_path / "r.csv"))
    parquet_rows = _parquet_records(_write(runner, args, tmp_path / "r.parquet"))
    assert len(as_json) == len(csv_rows) == len(parquet_rows) == n
    _same_table(csv_rows, parquet_rows)
    _same_records(as_json, csv_rows)


def test_a_100k_file_is_the_same_in_every_format(runner, tmp_path):
    n = 100_000
    units = _units_100k(tmp_path / "units.csv", n)
    args = ["staffing", str(units), "-j", "530323"]
    as_json = json.loads(_write(runner, args, tmp_path / "r.json").read_text(encoding="utf-8"))
    with open(_write(runner, args, tmp_path / "r.jsonl"), encoding="utf-8") as handle:
        assert all(json.loads(line) == record for line, record in zip(handle, as_json))
    csv_rows = _csv_records(_write(runner, args, tmp_path / "r.csv"))
    parquet_rows = _parquet_records(_write(runner, args, tmp_path / "r.parquet"))
    assert len(as_json) == len(csv_rows) == len(parquet_rows) >= n
    _same_table(csv_rows[::97], parquet_rows[::97])
    for record, row in zip(as_json[::97], csv_rows[::97]):
        assert [_as_text(v) if not isinstance(v, str) else v for v in staffing_csv_row(record)] == list(row.values())


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.mark.parametrize("args", [["staffing", "-j", "530323"], ["show", "530000"], ["diff", "220000", "640100"],
                                  ["compare"], ["check", "xieliyuan_candidate"], ["jurisdictions"]])
def test_tables_fit_an_80_column_terminal(args):
    env = {**os.environ, "COLUMNS": "80"}
    proc = subprocess.run([jiuzhu_exe(), *args], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    long = [line for line in (proc.stdout + proc.stderr).splitlines() if _width(line) > 80]
    assert not long, long
    assert "0.3333333333333333" not in proc.stdout and "['" not in proc.stdout  # no Python reprs
    wide = subprocess.run([jiuzhu_exe(), *args, "--wide"] if args[0] != "show" else [jiuzhu_exe(), *args],
                          capture_output=True, text=True, env=env, timeout=60)
    assert wide.returncode == 0


def test_wide_shows_every_character(runner):
    res = runner.invoke(cli, ["staffing", "-j", "530323", "--wide"], env={"COLUMNS": "80"})
    assert "乡镇社会救助经办员(购买服务)" in res.stdout and "…" not in res.stdout


def test_xlsx_report(runner, tmp_path):
    from openpyxl import load_workbook

    book = _write(runner, ["--lang", "zh", "staffing", "-j", "530323"], tmp_path / "report.xlsx")
    wb = load_workbook(book)
    data, about = wb.worksheets[0], wb["说明"]
    header = [c.value for c in data[1]]
    assert header[:4] == ["代码", "名称", "层级", "岗位"] and data.freeze_panes == "A2"
    first = data[2]
    assert first[0].value == "530323" and first[0].data_type == "s"  # a code stays text, never 5.3E+5
    assert isinstance(first[4].value, int)  # numbers are numbers
    assert data.column_dimensions["A"].width >= 12
    notes = {row[0].value: row[1].value for row in about.iter_rows()}
    assert "530000 云南省" in notes["适用层级"] and notes["输入文件哈希"].startswith("sha256:")
    assert "jiuzhu 版本" in notes and "生成时间" in notes and "引用条款" in notes and "文件" in notes
    funds = load_workbook(_write(runner, ["allocate", "--pool", "1000000", "-j", "220000"], tmp_path / "f.xlsx"))
    sheet = funds.worksheets[0]
    amounts = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert all(isinstance(c.value, float) and c.number_format == "#,##0.00" for c in amounts)  # yuan, 2 decimals
    jilin = {row[0].value: row[1].value for row in funds["说明"].iter_rows()}
    assert any("征求意见稿" in str(v) for v in jilin.values())


def test_control_characters_are_neutralised(runner, tmp_path):
    units = tmp_path / "u.csv"
    units.write_text('code,name,level,population,dibao_count\n530323,"5303\r=1+1",county,1000,10\n'
                     '530323100,"a\x01b",township,1000,10\n', encoding="utf-8")
    out = _write(runner, ["staffing", str(units), "-j", "530323"], tmp_path / "o.csv")
    text = out.read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert "'5303\r=1+1" in cells  # quoted (one cell) and guarded
    for line in text.replace("\r\n", "\n").split("\n"):  # a careless reader splitting lines sees no formula
        assert not line.startswith("=")
    from openpyxl import load_workbook

    book = _write(runner, ["staffing", str(units), "-j", "530323"], tmp_path / "o.xlsx")
    names = [row[1] for row in load_workbook(book).worksheets[0].iter_rows(min_row=2)]
    # One text cell (XML reads the CR back as a line feed), never a formula, no traceback.
    assert names[0].value in ("5303\r=1+1", "5303\n=1+1") and names[0].data_type == "s"
    assert names[-1].value == "a\ufffdb"


def test_output_same_as_input_is_refused(runner, tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,name,level,population,dibao_count\n530323,师宗县,county,420000,45000\n", encoding="utf-8")
    before = units.read_bytes()
    for args in (["staffing", str(units), "--format", "csv", "-o", str(units)],
                 ["compare", str(units), "--format", "csv", "-o", str(units)]):
        res = runner.invoke(cli, args)
        assert res.exit_code == 2 and "input file" in res.stderr
        assert units.read_bytes() == before


def test_files_get_the_umask_mode_and_stale_temp_files_go(runner, tmp_path):
    stale = tmp_path / ".out.csv.jiuzhu-999999999-abc.tmp"
    stale.write_text("left by a killed run")
    held = tmp_path / ".out.csv.jiuzhu-999999999-def.tmp"  # the folder a killed run writes in
    held.mkdir()
    (held / "part").write_text("half a result")
    old = time.time() - 3600
    for left in (stale, held, held / "part"):
        os.utime(left, (old, old))
    other = tmp_path / ".notes.tmp"
    other.write_text("not ours")
    previous = os.umask(0o022)
    try:
        out = _write(runner, ["staffing", "-j", "530323"], tmp_path / "out.csv")
    finally:
        os.umask(previous)
    assert (out.stat().st_mode & 0o777) == 0o644
    assert not stale.exists() and not held.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".notes.tmp", "out.csv", "out.csv.provenance.json"]


def test_a_long_write_elsewhere_is_not_taken_for_stale(tmp_path):
    """A temporary folder whose writer this process cannot see (another container, another
    machine on a shared folder) and which was made long ago is not removed while the file in
    it is still being written: its age is the file's, not the folder's."""
    from jiuzhu.core.io.atomic import remove_stale_temp_files

    live = tmp_path / ".out.csv.jiuzhu-999999999-live.tmp"
    live.mkdir()
    (live / "part").write_text("still coming")
    old = time.time() - 3600
    os.utime(live, (old, old))  # made an hour ago; the file in it written just now
    assert remove_stale_temp_files(tmp_path) == [] and (live / "part").exists()
    os.utime(live / "part", (old, old))  # and now nothing has moved for an hour
    assert remove_stale_temp_files(tmp_path) == [live] and not live.exists()


def test_sigterm_removes_the_temp_file(tmp_path):
    script = (
        "import os, signal, sys, time\n"
        "from jiuzhu.core.io.atomic import replacing\n"
        f"with replacing({str(tmp_path / 'out.csv')!r}) as tmp:\n"
        "    open(tmp, 'w').write('half')\n"
        "    print(tmp, flush=True)\n"
        "    time.sleep(30)\n")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    tmp = proc.stdout.readline().strip()
    assert os.path.exists(tmp)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=20)
    assert not os.path.exists(tmp) and not (tmp_path / "out.csv").exists()


def test_columns_and_layout_are_honoured_or_refused(runner, tmp_path, samples):
    units = str(samples / "units.csv")
    out = tmp_path / "w.csv"
    res = runner.invoke(cli, ["compare", units, "--format", "csv", "-o", str(out),
                              "--columns", "yn=530000.township_staff.min"])  # 9 units: still honoured
    assert res.exit_code == 0, res.output
    assert list(_csv_records(out)[0]) == ["code", "level", "yn"]
    refused = [["compare", units, "--format", "json", "--layout", "long"],
               ["compare", units, "--format", "csv", "--layout", "long", "--columns", "yn=530000.township_staff.min"],
               ["compare", units, "--columns", "yn=530000.township_staff.min"],
               ["compare", units, "--format", "csv", "--layout", "long", "--missing", "0"]]
    for args in refused:
        res = runner.invoke(cli, args)
        assert res.exit_code == 2 and ("--layout" in res.stderr or "--columns" in res.stderr
                                       or "--missing" in res.stderr), (args, res.stderr)


def test_format_overrides_the_extension_in_the_wide_layout(runner, tmp_path, samples):
    """--format overrides the output file's extension (its help says so): the wide layout
    wrote CSV into x.csv under --format parquet, and Parquet into x.parquet under --format csv."""
    units = str(samples / "units.csv")
    for fmt, name, magic in (("parquet", "x.csv", b"PAR1"), ("csv", "x.parquet", b"\xef\xbb\xbf\"code\"")):
        out = tmp_path / name
        res = runner.invoke(cli, ["compare", units, "--jurisdictions", "all", "--layout", "wide", "--format", fmt,
                                  "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.read_bytes().startswith(magic), (fmt, name)


def test_a_format_a_command_cannot_write_is_refused(runner, tmp_path):
    res = runner.invoke(cli, ["show", "530000", "-o", str(tmp_path / "x.xlsx")])
    assert res.exit_code == 2 and "xlsx" in res.stderr and not (tmp_path / "x.xlsx").exists()


def test_score_month_and_award_once_per_unit(runner):
    out = json.loads(runner.invoke(cli, ["score", "-j", "520402", "--format", "json"]).stdout)
    assert all("month" in r for r in out)
    awarded = [r["unit"] for r in out if r["award"] is not None]
    assert len(awarded) == len(set(awarded))  # once per unit: the column sums to the pool, not 2.5× it
    table = runner.invoke(cli, ["score", "-j", "520402", "--wide"]).stdout
    assert "月份" in table


def test_deduct_names_the_incident(runner):
    table = runner.invoke(cli, ["deduct", "--subject", "target_score", "-j", "520402", "--wide"]).stdout
    assert "旧州镇 paper_files_by_25" in table
    out = json.loads(runner.invoke(cli, ["deduct", "-j", "530000", "--format", "json"]).stdout)
    assert [r["id"] for r in out][:2] == ["1", "2"]


def test_json_built_per_column_is_the_encoders_text_byte_for_byte(tmp_path):
    """Staffing and compare JSON are built from columns; they must be exactly what the C
    encoder writes for the contract's records (the README's contract, unchanged)."""
    import pyarrow as pa
    from jiuzhu.cli.columns import comparison_json, staffing_json
    from jiuzhu.cli.output import json_lines
    from jiuzhu.core.analysis.compare import compare
    from jiuzhu.core.evaluate import staffing
    from jiuzhu.core.io.readers import read_units
    from jiuzhu.core.hooks.registry import load_plugins

    registry = load_plugins()
    units = tmp_path / "units.csv"
    levels = ("county", "township", "village")
    names = ["" if i % 7 == 0 else f'"单位""{i}\\"' for i in range(3000)]  # empty, quotes, backslashes
    units.write_text("code,name,level,population,dibao_count\n" + "".join(
        f"{530323000000 + i},{names[i]},{levels[i % 3]},{(i * 7919) % 120_000},{(i * 104_729) % 60_000}\n"
        for i in range(3000)), encoding="utf-8")
    for table in (read_units(files("jiuzhu.samples") / "units.csv"), read_units(units)):
        chains = [registry.chain(code) for code in registry.tree.codes()]
        for chain in chains:
            result = staffing(table, chain, registry=registry)
            built = [t for array in staffing_json(result, batch=1000) for t in array.to_pylist()]
            assert built == list(json_lines(result.records()))
        comparison = compare(table, chains, lambda u, c: staffing(u, c, registry=registry))
        built = [t for array in comparison_json(comparison) for t in pa.chunked_array([array]).to_pylist()]
        assert built == list(json_lines(comparison.records()))


def test_allocate_and_score_json_built_per_column_are_the_encoders_text(tmp_path):
    """allocate and score JSON are built from columns too: exactly what the C encoder writes
    for their records, for every chain that answers (floors, factor shares, budgets, ranks)."""
    from jiuzhu.cli.columns import allocation_json, score_json
    from jiuzhu.cli.output import json_lines
    from jiuzhu.core.evaluate import allocate, default_registry, score
    from jiuzhu.core.io.readers import read_records, read_units

    registry = default_registry()
    samples = files("jiuzhu.samples")
    funds = tmp_path / "funds.csv"
    funds.write_text((samples / "fund_factors.csv").read_text(encoding="utf-8").rstrip("\n").replace(
        "local_effort\n", "local_effort,special_funds\n", 1).replace("\n", ",120000.5\n").replace(
        "special_funds,120000.5", "special_funds") + ",33333\n", encoding="utf-8")
    chains = [registry.chain(code) for code in registry.tree.codes()]
    answered = 0
    for path, pool in ((samples / "units.csv", None), (samples / "fund_factors.csv", 1e6), (funds, 123456.78)):
        units = read_units(path, keep_extra=True)
        for chain in chains:
            result = allocate(units, chain, pool, registry=registry)
            if pool is not None and result.factor_rule is None:
                continue
            built = [t for array in allocation_json(result, batch=5) for t in array.to_pylist()]
            assert built == list(json_lines(result.records()))
            answered += 1
    scores = read_records(samples / "monthly_scores.csv")
    for chain in chains:
        result = score(scores, chain, registry=registry)
        if result.rules:
            built = [t for array in score_json(result, batch=4) for t in array.to_pylist()]
            assert built == list(json_lines(result.records()))
            answered += 1
    assert answered > len(chains)


@pytest.mark.parametrize("args", [["check", "xieliyuan_candidate"], ["deduct"]], ids=lambda a: a[0])
def test_records_files_in_batches_write_what_one_batch_writes(runner, tmp_path, args):
    """check and deduct read, evaluate and write a file a batch of records at a time: the
    same bytes as the whole file at once (standard output), in every format; a bad cell in a
    later batch leaves no file, and its message names its row."""
    n = 23
    if args[0] == "check":
        source = tmp_path / "c.csv"
        source.write_text("姓名,年龄,文化程度,身体健康,遵纪守法,兼职\n" + "".join(
            f"人{i},{16 + i * 3 % 50},{('初中', '高中', '小学')[i % 3]},{('是', '否', '')[i % 3]},是,否\n"
            for i in range(n)), encoding="utf-8")
        bad = "人x,40,幼儿园,是,是,否\n"
    else:
        source = tmp_path / "d.csv"
        source.write_text("id,kind,count,monthly_wage,multiplier\n" + "".join(
            f"{i},弄虚作假,{1 + i % 3},{2000 + i * 10},{('', '1', '3')[i % 3]}\n" for i in range(n)), encoding="utf-8")
        bad = "x,弄虚作假,1,2400,9\n"
    command = [*args, str(source), "-j", "530323"]
    small = {"JIUZHU_BATCH_ROWS": "4"}
    for fmt in ("json", "jsonl", "csv"):
        whole = runner.invoke(cli, [*command, "--format", fmt])
        assert whole.exit_code == 0, whole.output
        out = tmp_path / f"r.{fmt}"
        res = runner.invoke(cli, [*command, "--format", fmt, "-o", str(out)], env=small)
        assert res.exit_code == 0, res.output
        written = out.read_bytes()
        assert (written[3:] if fmt == "csv" else written) == whole.stdout_bytes
    res = runner.invoke(cli, [*command, "-o", str(tmp_path / "r.parquet")], env=small)
    assert res.exit_code == 0, res.output
    _same_table(_csv_records(tmp_path / "r.csv"), _parquet_records(tmp_path / "r.parquet"))
    with source.open("a", encoding="utf-8") as handle:
        handle.write(bad)
    for fmt in ("json", "csv", "parquet"):
        out = tmp_path / f"bad.{fmt}"
        res = runner.invoke(cli, [*command, "--format", fmt, "-o", str(out)], env=small)
        assert res.exit_code == 1 and f"row {n + 2}" in res.stderr, res.output
        assert not out.exists() and not list(tmp_path.glob("*.tmp*"))
