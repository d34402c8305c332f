"""Every command, given bad input through the real CLI: one clear message, non-zero exit, no traceback."""

from __future__ import annotations

import pytest

from jiuzhu.cli.main import cli


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "cfg" / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


CASES = [
    ("show", lambda t: ["show", "999999"], 1, "unknown jurisdiction '999999'"),
    ("diff", lambda t: ["diff", "220000", "999999"], 1, "unknown jurisdiction '999999'"),
    ("use", lambda t: ["use", "12"], 1, "unknown jurisdiction '12'"),
    ("profile set", lambda t: ["profile", "set", "x", "1"], 1, "no active profile"),
    ("profile switch", lambda t: ["profile", "switch", "nope"], 1, "no profile named 'nope'"),
    ("staffing", lambda t: ["staffing", write(t, "u.csv", "code,level\n1,county\n")], 1, "missing column(s)"),
    ("check", lambda t: ["check", "xieliyuan_candidate", write(t, "c.csv", "age,education\n30,博士后\n")], 1,
     "unknown education level '博士后'"),
    ("check subject", lambda t: ["check", "unicorn"], 2, "unknown subject 'unicorn'"),
    ("deduct", lambda t: ["deduct", write(t, "d.csv", "count,monthly_wage,multiplier\n1,2400,9\n"), "-j", "530000"],
     1, "multiplier 9 is outside 1 to 3"),
    ("deduct target", lambda t: ["deduct", write(t, "d.csv", "item,count\nnaps,1\n"), "--subject", "target_score",
                                 "-j", "520402"], 1, "row 2, column 'item'"),
    ("allocate", lambda t: ["allocate", write(t, "a.csv", "code,level,population,dibao_count\n530323,county,1,1\n"),
                            "--pool", "100", "-j", "220000"], 1, "needs a column 'workload'"),
    ("allocate pool", lambda t: ["allocate", "--pool", "-5"], 2, "--pool"),
    ("score", lambda t: ["score", write(t, "s.csv", "unit,month,score\na,4,ninety\n"), "-j", "520402"], 1,
     "row 2, column 'score'"),
    ("score regulated", lambda t: ["score", write(t, "s.csv", "unit,month,score\na,4,90\n"), "-j", "220000"], 1,
     "not regulated"),
    ("compare", lambda t: ["compare", write(t, "u.csv", "code,level,population,dibao_count\n530323,county,-1,1\n")], 1,
     "-1 is negative"),
    ("explain", lambda t: ["explain", "--unit", "nope"], 1, "no unit with code 'nope'"),
    ("sweep", lambda t: ["sweep", "township_dibao_per_staff_minimum=0:1500:500", "-j", "530000"], 1,
     "must be at least 1, not 0"),
    ("gap", lambda t: ["gap", write(t, "u.csv", "code,level,population,dibao_count\n530323,county,1,1\n"),
                       "--staff", write(t, "s.csv", "code,role,count\n530323,county_staff,two\n")], 1,
     "row 2, column 'count'"),
    ("new-jurisdiction code", lambda t: ["new-jurisdiction", "52", "--name-zh", "x", "--name-en", "x"], 2,
     "six-digit"),
    ("new-jurisdiction parent", lambda t: ["new-jurisdiction", "520001", "--name-zh", "x", "--name-en", "x",
                                           "--parent", "999999", "-d", str(t / "p")], 1, "unknown jurisdiction"),
    ("new-jurisdiction taken", lambda t: ["new-jurisdiction", "530000", "--name-zh", "x", "--name-en", "x",
                                          "-d", str(t / "q")], 1, "already provided by jiuzhu"),
    ("duties", lambda t: ["duties", "-j", "640100", "--as-of", "2019-02-30"], 2, "YYYY-MM-DD"),
    ("comply", lambda t: ["comply", write(t, "r.csv", "code,level,evidence,date\n1,township,facility,yesterday\n"),
                          "-j", "640100"], 1, "row 2, column 'date'"),
    ("serve", lambda t: ["serve", "--port", "99999"], 2, "99999"),
    ("site", lambda t: ["site", "build", write(t, "taken.txt", "a file, not a folder")], 2, "is a file"),
    ("test", lambda t: ["test", write(t, "c.cases.toml", "[[cases]]\nname = 1\n")], 1, "missing key 'command'"),
    ("jurisdictions output", lambda t: ["jurisdictions", "-o", str(t / "missing-dir" / "x.csv")], 1, "cannot write"),
]


@pytest.mark.parametrize("name, args, code, message", CASES, ids=[c[0] for c in CASES])
def test_bad_input(runner, tmp_path, name, args, code, message):
    res = runner.invoke(cli, args(tmp_path))
    assert res.exit_code == code, res.output
    assert message in res.output or message in res.stderr
    assert "Traceback" not in res.output and "Traceback" not in res.stderr


def test_every_command_is_covered():
    covered = {c[0].split()[0] for c in CASES}
    assert set(cli.list_commands(None)) - covered <= {"plugins"}  # plugins takes no input
