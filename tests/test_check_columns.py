"""``check``'s CSV columns and JSON text are built from arrays: both say what the records say
about every candidate, and a bad cell repeated down a large file is named at its first row."""

from __future__ import annotations

import csv
import io
import json

from jiuzhu.cli.main import cli


def _candidates(path, n=3000, bad=None):
    words = ("是", "否", "yes", "no", "", "Y")
    education = ("本科", "大专", "初中", "", "bachelor", "高中")
    rows = [f"c{i},{18 + i % 50},{education[i % 6]},{words[i % 6]},{words[(i // 6) % 6]},{words[(i // 36) % 6]}"
            for i in range(n)]
    for row, text in (bad or {}).items():
        rows[row] = text
    path.write_text("name,age,education,healthy,law_abiding,other_job\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _reason(entry):
    return f"{entry['reason']} ({', '.join(c['jurisdiction'] + ' ' + c['clause'] for c in entry['citations'])})"


def test_csv_columns_say_what_the_json_records_say(runner, tmp_path):
    source = _candidates(tmp_path / "c.csv")
    for code in ("530000", "530323"):
        args = ["check", "xieliyuan_candidate", str(source), "-j", code]
        out = runner.invoke(cli, [*args, "--format", "json", "-o", str(tmp_path / "r.json")])
        assert out.exit_code == 0, out.output
        records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
        out = runner.invoke(cli, [*args, "--format", "csv", "-o", str(tmp_path / "r.csv")])
        assert out.exit_code == 0, out.output
        rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
        assert len(rows) == len(records) == 3000
        assert {r["outcome"] for r in records} >= {"eligible", "not_eligible", "needs_review"}
        for record, row in zip(records, rows):
            assert row["row"] == str(record["row"]) and row["id"] == record["id"]
            assert row["outcome"] == record["outcome"]
            assert row["failed"] == "; ".join(_reason(e) for e in record["failed"])
            assert row["needs_review"] == "; ".join(_reason(e) for e in record["needs_review"])
            assert row["to_assess"] == "; ".join(e["condition"] for e in record["to_assess"])
            assert row["jurisdictions"] == "; ".join(record["jurisdictions"])


def test_a_repeated_bad_cell_is_named_at_its_first_row(runner, tmp_path):
    source = _candidates(tmp_path / "c.csv", bad={2500: "c2500,30,本科,maybe,是,否", 1200: "c1200,30,本科,maybe,是,否",
                                                   1800: "c1800,30,本科,perhaps,是,否"})
    out = runner.invoke(cli, ["check", "xieliyuan_candidate", str(source), "-j", "530000", "--format", "csv",
                              "-o", str(tmp_path / "r.csv")])
    assert out.exit_code == 1
    assert "row 1202" in out.output and "'maybe'" in out.output and "healthy" in out.output
    assert not (tmp_path / "r.csv").exists()


def test_score_csv_columns_say_what_the_json_records_say(runner, tmp_path, monkeypatch):
    """Score columns are built from arrays too: every row's month, score, rank and award as its record."""
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    source = tmp_path / "s.csv"
    source.write_text("unit,month,score\n" + "".join(
        f"乡镇{u},{m if u % 3 else f'2019-{m:02d}'},{60 + (u * 7 + m) % 40 if (u + m) % 11 else ''}\n"
        for u in range(300) for m in range(1, 13)), encoding="utf-8")
    assert runner.invoke(cli, ["use", "520402"]).exit_code == 0
    assert runner.invoke(cli, ["profile", "set", "award_pool", "100000"]).exit_code == 0
    args = ["score", str(source)]
    assert runner.invoke(cli, [*args, "--format", "json", "-o", str(tmp_path / "r.json")]).exit_code == 0
    records = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert runner.invoke(cli, [*args, "--format", "csv", "-o", str(tmp_path / "r.csv")]).exit_code == 0
    rows = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == len(records) == 3600
    assert sum(r["award"] or 0 for r in records) == __import__("pytest").approx(100000)
    for record, row in zip(records, rows):
        for key in ("unit", "month", "rank"):
            assert row[key] == ("" if record[key] is None else str(record[key]))
        for key in ("score", "award"):
            assert (row[key] == "") if record[key] is None else float(row[key]) == record[key]
        assert row["clause"] == record["citation"]["clause"]


def test_json_text_is_the_records_byte_for_byte_for_every_subject_and_level():
    """The JSON built per column is what the C encoder writes for each record, for every
    declared subject's sample under every level, in batches that split the file."""
    from importlib.resources import as_file

    from jiuzhu.cli.check_columns import check_json, check_json_exact
    from jiuzhu.cli.output import json_lines
    from jiuzhu.core.evaluate import check, default_registry
    from jiuzhu.core.io.readers import read_records

    registry = default_registry()
    for name, subject in registry.subjects().items():
        with as_file(subject.sample) as path:
            records = read_records(path, headers=subject.headers())
        for code in registry.plugins:
            result = check(name, records, code, registry=registry)
            assert check_json_exact(result)
            text = [line for array in check_json(result, batch=3) for line in array.to_pylist()]
            assert text == list(json_lines(result.records())), (name, code)


def test_json_of_a_large_file_is_the_records(runner, tmp_path):
    source = _candidates(tmp_path / "c.csv", n=70_000)
    out = runner.invoke(cli, ["check", "xieliyuan_candidate", str(source), "-j", "530323", "--format", "jsonl",
                              "-o", str(tmp_path / "r.jsonl")])
    assert out.exit_code == 0, out.output
    from jiuzhu.cli.output import json_lines
    from jiuzhu.core.evaluate import check
    from jiuzhu.core.io.readers import read_records

    expected = json_lines(check("xieliyuan_candidate", read_records(source), "530323").records())
    with open(tmp_path / "r.jsonl", encoding="utf-8") as handle:
        assert all(line.rstrip("\n") == want for line, want in zip(handle, expected, strict=True))
