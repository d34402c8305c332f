"""``new-jurisdiction`` writes what it is given only as data, never as code: a hostile
name gives a package that installs, passes its own tests and runs nothing it was given;
what cannot make a package is refused with one message."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from jiuzhu.cli.main import cli

JIUZHU = str(Path(sys.executable).with_name("jiuzhu"))


def pip(*args):
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          capture_output=True, text=True, timeout=300)


def test_hostile_names_are_data_not_code(tmp_path):
    marker = tmp_path / "PWNED"
    name_en = 'Qz"""; import os; os.system("touch PWNED"); """'  # run in tmp_path, were it ever run
    name_zh = "贵'州\"省\\"
    target = tmp_path / "pkg"
    made = subprocess.run([JIUZHU, "new-jurisdiction", "520000", "--name-zh", name_zh, "--name-en", name_en,
                           "-d", str(target)], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    (package,) = [p for p in target.iterdir() if p.name.startswith("jiuzhu_")]
    data = tomllib.loads((package / "520000.toml").read_text(encoding="utf-8"))
    assert (data["name_en"], data["name_zh"]) == (name_en, name_zh)  # the TOML is valid and holds them exactly
    assert name_en in tomllib.loads((target / "pyproject.toml").read_text(encoding="utf-8"))["project"]["description"]
    for source in target.rglob("*.py"):
        assert "os.system" not in source.read_text(encoding="utf-8"), source
    try:
        res = pip("install", "--no-build-isolation", "--no-deps", str(target))
        assert res.returncode == 0, res.stderr
        listed = json.loads(subprocess.run([JIUZHU, "jurisdictions", "--format", "json"], capture_output=True,
                                           text=True, timeout=60, cwd=tmp_path).stdout)
        assert {j["code"]: j["name_en"] for j in listed}["520000"] == name_en
        own = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target)],
                             capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert own.returncode == 0, own.stdout + own.stderr
    finally:
        pip("uninstall", "-y", package.name.replace("_", "-"))
    assert not marker.exists()


@pytest.mark.parametrize("args, said", [
    (["５２００００"], "not a six-digit GB/T 2260 code in ASCII digits"),
    (["٥٢٠٠٠٠"], "not a six-digit GB/T 2260 code in ASCII digits"),
    (["52000"], "not a six-digit GB/T 2260 code"),
    (["520000", "--parent", "５３００００"], "'５３００００' is not a six-digit"),
    (["520000", "-d", "/dev/null"], "/dev/null exists and is not a folder"),
    (["520000", "--name-en", "G" * 300], "--name-en: at most 60 characters, not 300"),
    (["520000", "--name-zh", "贵州\n省"], "--name-zh: must be one line"),
    (["520000", "--name-zh", "   "], "--name-zh: must not be empty"),
])
def test_what_cannot_make_a_package_is_refused(runner, tmp_path, args, said):
    code, *rest = args
    options = {"--name-zh": "贵州省", "--name-en": "Guizhou", "-d": str(tmp_path / "out")}
    for flag, value in zip(rest[::2], rest[1::2]):
        options[flag] = value
    res = runner.invoke(cli, ["new-jurisdiction", code, *[x for kv in options.items() for x in kv]])
    assert res.exit_code in (1, 2) and said in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
