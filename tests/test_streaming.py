"""``compare`` reads and writes a large units file in record batches: the output is the
same whatever the batch size, and a duplicate code or a bad cell anywhere is one message
naming its true row, with no output file left behind.

Real subprocesses (``python -m jiuzhu``), with ``JIUZHU_BATCH_ROWS`` set small so a file of
a few thousand units spans several batches."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

import pytest

HEADER = "code,level,population,dibao_count\n"


def units_lines() -> list[str]:
    """Counties, their townships, their villages (about 2,600 units), with populations and
    dibao counts spread over the rules' thresholds."""
    lines = []
    for c in range(1, 5):
        county = f"5301{c:02d}"
        lines.append(f"{county},county,{300_000 + 7919 * c},{25_000 + 4_001 * c}\n")
        for t in range(1, 21):
            township = f"{county}{t:03d}"
            lines.append(f"{township},township,{20_000 + 1_733 * t},{500 + 131 * t}\n")
            for v in range(1, 31):
                lines.append(f"{township}{v:03d},village,{3_000 + 257 * v},{40 + v}\n")
    return lines


def jiuzhu(*args: str, rows: int | None = None, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "JIUZHU_LANG": "en"}
    env.pop("JIUZHU_BATCH_ROWS", None)
    if rows is not None:
        env["JIUZHU_BATCH_ROWS"] = str(rows)
    return subprocess.run([sys.executable, "-m", "jiuzhu", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=300)


@pytest.fixture(scope="module")
def units_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("units") / "units.csv"
    path.write_text(HEADER + "".join(units_lines()), encoding="utf-8")
    return path


def test_several_batches_write_the_same_bytes_as_one(units_file, tmp_path):
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    whole = jiuzhu("compare", str(units_file), "--layout", "wide", "--format", "csv", "--output", str(one))
    batched = jiuzhu("compare", str(units_file), "--layout", "wide", "--format", "csv", "--output", str(many),
                     rows=500)
    assert whole.returncode == 0 and batched.returncode == 0, batched.stderr
    assert "500 at a time" in batched.stderr and "compared 2,484 units" in batched.stderr
    assert one.read_bytes() == many.read_bytes()
    assert len(one.read_text(encoding="utf-8-sig").splitlines()) == 2_485
    # The totals said on stderr are the whole file's, not a batch's.
    totals = [line for line in whole.stderr.splitlines() if "total minimum staff" in line]
    assert totals and totals == [line for line in batched.stderr.splitlines() if "total minimum staff" in line]
    # The input's hash, computed while streaming, is the file's.
    record = json.loads((tmp_path / "many.csv.provenance.json").read_text(encoding="utf-8"))
    assert record["input"]["sha256"] == "sha256:" + hashlib.sha256(units_file.read_bytes()).hexdigest()


def test_parquet_in_and_out_in_batches_holds_the_same_records(units_file, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow.csv as pcsv

    source = tmp_path / "units.parquet"
    pq.write_table(pcsv.read_csv(units_file, convert_options=pcsv.ConvertOptions(column_types={"code": "string"})),
                   source, row_group_size=700)
    one, many = tmp_path / "one.parquet", tmp_path / "many.parquet"
    assert jiuzhu("compare", str(source), "--format", "parquet", "--layout", "wide", "--output", str(one)).returncode == 0
    run = jiuzhu("compare", str(source), "--format", "parquet", "--layout", "wide", "--output", str(many), rows=300)
    assert run.returncode == 0, run.stderr
    assert pq.read_table(one).equals(pq.read_table(many)) and pq.read_table(many).num_rows == 2_484


def test_a_code_repeated_in_a_later_batch_names_both_rows_and_writes_nothing(units_file, tmp_path):
    lines = units_lines()
    bad = tmp_path / "dup.csv"
    bad.write_text(HEADER + "".join(lines[:2_000]) + lines[10] + "".join(lines[2_000:]), encoding="utf-8")
    out = tmp_path / "out.csv"
    out.write_text("the user's previous result", encoding="utf-8")
    run = jiuzhu("compare", str(bad), "--layout", "wide", "--format", "csv", "--output", str(out), rows=400)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    code = lines[10].split(",")[0]
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and f"unit code {code} appears twice, on rows 12 and 2002" in errors[0], run.stderr
    assert out.read_text(encoding="utf-8") == "the user's previous result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.csv", "out.csv"]


def test_a_bad_cell_in_a_later_batch_names_its_true_row_and_leaves_no_file(tmp_path):
    lines = units_lines()
    code, level, _population, dibao = lines[1_700].rstrip("\n").split(",")
    lines[1_700] = f"{code},{level},12x,{dibao}\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "".join(lines), encoding="utf-8")
    out = tmp_path / "out.csv"
    run = jiuzhu("compare", str(bad), "--layout", "wide", "--format", "csv", "--output", str(out), rows=400)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "row 1702" in errors[0] and "'population'" in errors[0] and "12x" in errors[0], \
        run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.csv"]


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_staffing_in_batches_writes_the_same_bytes_as_at_once(units_file, tmp_path, fmt):
    one, many = tmp_path / f"one.{fmt}", tmp_path / f"many.{fmt}"
    assert jiuzhu("staffing", str(units_file), "-j", "530323", "--format", fmt, "--output", str(one)).returncode == 0
    run = jiuzhu("staffing", str(units_file), "-j", "530323", "--format", fmt, "--output", str(many), rows=300)
    assert run.returncode == 0, run.stderr
    assert one.read_bytes() == many.read_bytes() and len(one.read_bytes()) > 100_000
    record = json.loads((tmp_path / f"many.{fmt}.provenance.json").read_text(encoding="utf-8"))
    assert record["input"]["sha256"] == "sha256:" + hashlib.sha256(units_file.read_bytes()).hexdigest()


def test_staffing_in_batches_refuses_a_repeated_code_and_writes_nothing(tmp_path):
    lines = units_lines()
    bad = tmp_path / "dup.csv"
    bad.write_text(HEADER + "".join(lines) + lines[5], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    run = jiuzhu("staffing", str(bad), "-j", "530000", "--format", "jsonl", "--output", str(out), rows=250)
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error")]
    assert run.returncode == 1 and len(errors) == 1 and "on rows 7 and 2486" in errors[0], run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dup.csv"]


def test_numbers_with_units_in_a_later_batch_are_read_as_the_row_reader_reads_them(tmp_path):
    lines = units_lines()
    code, level, population, _dibao = lines[1_900].rstrip("\n").split(",")
    lines[1_900] = f"{code},{level},{population},0.0045万\n"
    odd = tmp_path / "odd.csv"
    odd.write_text(HEADER + "".join(lines), encoding="utf-8")
    plain = tmp_path / "plain.csv"
    plain.write_text(HEADER + "".join(lines[:1_900]) + f"{code},{level},{population},45\n"
                     + "".join(lines[1_901:]), encoding="utf-8")
    one, many = tmp_path / "one.csv", tmp_path / "many.csv"
    assert jiuzhu("compare", str(plain), "--layout", "wide", "--format", "csv", "--output", str(one)).returncode == 0
    run = jiuzhu("compare", str(odd), "--layout", "wide", "--format", "csv", "--output", str(many), rows=400)
    assert run.returncode == 0, run.stderr
    assert "0.0045万" in run.stderr and one.read_bytes() == many.read_bytes()


@pytest.mark.parametrize("args", [("staffing", "-j", "530323", "--format", "csv"),
                                  ("staffing", "-j", "530323", "--format", "json"),
                                  ("staffing", "-j", "530323"),  # the table a person reads
                                  ("compare", "--layout", "wide", "--format", "csv")])
def test_a_reader_that_stops_early_ends_the_run_as_a_failure_without_a_traceback(units_file, args):
    """``jiuzhu … | head``: the output is larger than a pipe holds; the reader closes after
    a few bytes. The run ends 1 (as click ends any closed pipe), says nothing, and does not
    pass for a complete answer (staffing CSV exited 0 having written 64 KiB of it)."""
    command, *rest = args
    env = {**os.environ, "JIUZHU_LANG": "en"}
    run = subprocess.Popen([sys.executable, "-m", "jiuzhu", command, str(units_file), *rest], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = run.stdout.read(100)
    run.stdout.close()
    _, err = run.communicate(timeout=300)
    assert head and run.returncode == 1, err
    assert b"Traceback" not in err and b"Error" not in err
    whole = jiuzhu(command, str(units_file), *rest)
    assert whole.returncode == 0 and len(whole.stdout.encode()) > 100_000  # more than a pipe holds (64 KiB)


def _slow_nonblocking_reader(args: list[str]) -> tuple[int, bytes, bytes]:
    """``jiuzhu ARGS`` with standard output a pipe its parent made non-blocking and reads
    slowly: (exit status, everything read, standard error)."""
    import fcntl
    import time

    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETFL, fcntl.fcntl(write_end, fcntl.F_GETFL) | os.O_NONBLOCK)
    run = subprocess.Popen([sys.executable, "-m", "jiuzhu", *args], stdout=write_end, stderr=subprocess.PIPE,
                           env={**os.environ, "JIUZHU_LANG": "en"})
    os.close(write_end)
    got = bytearray()
    while chunk := os.read(read_end, 1 << 16):
        got += chunk
        time.sleep(0.002)
    os.close(read_end)
    err = run.stderr.read()
    return run.wait(timeout=300), bytes(got), err


@pytest.mark.skipif(not hasattr(os, "set_blocking"), reason="non-blocking pipes are POSIX")
@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_a_parent_that_leaves_standard_output_non_blocking_still_gets_all_of_it(units_file, fmt):
    """A program that starts jiuzhu with a non-blocking pipe (some job runners do) and reads
    slowly gets the whole answer: a write the pipe cannot take yet is waited for, never
    dropped (it ended 0 with the first 64 KiB)."""
    status, got, err = _slow_nonblocking_reader(["staffing", str(units_file), "-j", "530323", "--format", fmt])
    whole = jiuzhu("staffing", str(units_file), "-j", "530323", "--format", fmt)
    assert status == 0 and got.decode() == whole.stdout, err
    assert len(got) > 70_000  # more than a pipe holds


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_behind_standard_output_is_one_message(units_file):
    """``jiuzhu staffing … > /dev/full``: one message saying standard output could not be
    written and why, exit 1, no traceback."""
    with open("/dev/full", "w") as full:
        run = subprocess.run([sys.executable, "-m", "jiuzhu", "staffing", str(units_file), "-j", "530323",
                              "--format", "csv"], stdout=full, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "JIUZHU_LANG": "en"}, timeout=300)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "Error: cannot write standard output: No space left on device" in run.stderr


def assert_ended_by_ctrl_c(proc: subprocess.Popen) -> None:
    """Ctrl-C to a running ``jiuzhu``: it ends within seconds, as an interrupted run (click's
    "Aborted!", a failing status), with no traceback."""
    import signal

    proc.send_signal(signal.SIGINT)
    try:
        _stdout, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode != 0 and "Aborted" in stderr and "Traceback" not in stderr, stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("command", [["check", "xieliyuan_candidate"], ["deduct"]])
def test_ctrl_c_ends_a_run_whose_input_has_stalled(tmp_path, command):
    """A file that stops coming (a pipe, a terminal, a stalled network mount) while the next
    batch is being read: Ctrl-C ends the run at once, with no result written. The batch
    being read is not waited for (it may never come)."""
    import threading
    import time

    fifo, out = tmp_path / "in.csv", tmp_path / "out.csv"
    os.mkfifo(fifo)
    # Records files, which are opened once (a units file is opened twice, for its header,
    # so it cannot come from a pipe at all).
    if command[0] == "check":
        rows = ["name,age,education,healthy,law_abiding,other_job\n"] + [
            f"候选人{i},40,高中,yes,yes,no\n" for i in range(400)]
    else:
        rows = ["id,kind,count,monthly_wage,multiplier\n"] + [f"{i},弄虚作假,2,2400,\n" for i in range(400)]
    env = {**os.environ, "JIUZHU_LANG": "en", "JIUZHU_BATCH_ROWS": "100"}
    proc = subprocess.Popen([sys.executable, "-m", "jiuzhu", *command, str(fifo), "-j", "530000", "--format", "csv",
                             "-o", str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    held = threading.Event()

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as pipe:
            pipe.writelines(rows)
            pipe.flush()
            held.set()
            time.sleep(60)  # the writer stalls, the pipe stays open

    threading.Thread(target=feed, daemon=True).start()
    assert held.wait(30)
    time.sleep(3)  # the first batches answered; the next read waits on the pipe
    assert_ended_by_ctrl_c(proc)
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_the_readers_notes_follow_the_run_on_every_thread(tmp_path):
    """A note the reader makes on the reading thread is the command's own: written to a file,
    it is one line whatever the terminal's width, as the rest of the run's notes."""
    path = tmp_path / "units.csv"
    path.write_text("code,level,population,dibao_count,remarks_extra_column_that_is_long\n"
                    + "".join(line.rstrip("\n") + ",x\n" for line in units_lines()[:600]), encoding="utf-8")
    env = {**os.environ, "JIUZHU_LANG": "en", "JIUZHU_BATCH_ROWS": "100", "COLUMNS": "50"}
    for command in (["staffing", str(path), "-j", "530323"], ["compare", str(path), "--layout", "wide"]):
        res = subprocess.run([sys.executable, "-m", "jiuzhu", *command, "--format", "csv", "-o",
                              str(tmp_path / "out.csv")], capture_output=True, text=True, env=env, timeout=300)
        assert res.returncode == 0, res.stderr
        said = [line for line in res.stderr.splitlines() if "remarks_extra_column_that_is_long" in line]
        assert said and all(len(line) > 50 for line in said), res.stderr


def test_a_dash_for_output_is_standard_output(units_file, tmp_path):
    """``-o -`` is standard output, as in most tools: no file named ``-`` is written."""
    res = jiuzhu("staffing", str(units_file), "-j", "530323", "--format", "csv", "-o", "-", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith('"code","name","level"') and len(res.stdout.splitlines()) > 2_000
    assert list(tmp_path.iterdir()) == []


def test_a_cell_beyond_the_header_in_a_later_batch_is_refused(tmp_path):
    """A row with a cell no column names, far into a file read in batches: one message
    naming its row, and no output (the cell was dropped without a word)."""
    lines = units_lines()
    lines[2_000] = lines[2_000].rstrip("\n") + ",备注\n"
    path, out = tmp_path / "units.csv", tmp_path / "out.csv"
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    res = jiuzhu("staffing", str(path), "-j", "530323", "--format", "csv", "-o", str(out), rows=500)
    assert res.returncode == 1 and "row 2002" in res.stderr and "5 cells, the header 4" in res.stderr, res.stderr
    assert not out.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("layout", ["wide", "long"])
def test_ctrl_c_ends_a_comparison_whose_file_never_comes(tmp_path, layout):
    """compare starts reading on a second thread while it loads the rules: when the file
    never comes (a pipe whose writer waits), Ctrl-C ends the run at once, not after a read
    that may never end."""
    import threading
    import time

    fifo = tmp_path / "units.csv"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:
        with open(fifo, "w", encoding="utf-8"):
            opened.set()
            time.sleep(60)  # opened, nothing written

    threading.Thread(target=writer, daemon=True).start()
    proc = subprocess.Popen([sys.executable, "-m", "jiuzhu", "compare", str(fifo), "--jurisdictions", "all",
                             "--layout", layout, "--format", "csv", "-o", str(tmp_path / "out.csv")],
                            env={**os.environ, "JIUZHU_LANG": "en"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    assert opened.wait(30)
    time.sleep(3)  # the rules loaded; the reading thread waits on the pipe
    assert_ended_by_ctrl_c(proc)
    assert not (tmp_path / "out.csv").exists()
