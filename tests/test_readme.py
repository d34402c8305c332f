"""The README's sessions, run as written (each line through the real CLI)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from jiuzhu.cli.main import cli

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
README_ZH = (ROOT / "README.zh-CN.md").read_text(encoding="utf-8")


def fresh_clone_folder(tmp_path: Path) -> Path:
    """A folder holding what a fresh clone has that the READMEs' commands name (samples/,
    benchmarks/), so they run as written without writing into the repository."""
    import shutil

    for name in ("samples", "benchmarks"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def run_as_written(text: str, title: str, runner, folder: Path) -> list:
    """Every command of a README section, in order: ``jiuzhu …`` through the CLI, ``python …``
    as a real process; each must succeed. Returns the CLI results."""
    import subprocess
    import sys

    section = re.search(rf"## {title}\n(.*?)(?:\n## |\Z)", text, re.S).group(1)
    lines = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()]
    results = []
    for line in lines:
        words = shlex.split(line.split("#")[0])
        if words[:1] == ["python"]:
            proc = subprocess.run([sys.executable, *words[1:]], cwd=folder, capture_output=True, text=True, timeout=300)
            assert proc.returncode == 0, (line, proc.stderr)
        elif words[:1] == ["jiuzhu"] and words[1:2] != ["serve"]:
            res = runner.invoke(cli, words[1:])
            assert res.exit_code == 0, (line, res.output)
            results.append(res)
    return results


def session(title: str, serve: bool = False) -> list[list[str]]:
    """The section's commands, in order; ``jiuzhu serve`` lines (a server, run apart) only with ``serve``."""
    section = re.search(rf"## {title}\n(.*?)\n## ", README, re.S).group(1)
    lines = [line for block in re.findall(r"```sh\n(.*?)```", section, re.S) for line in block.splitlines()]
    commands = [shlex.split(line.split("#")[0])[1:] for line in lines if line.startswith("jiuzhu ")]
    return [c for c in commands if (c[:1] == ["serve"]) == serve]


def test_the_administrators_section_starts_with_the_web_app(tmp_path):
    """Its first command serves the app, shown by the screenshot the browser test takes."""
    import urllib.request

    from webserver import running_server

    section = README.split("## An administrator's session")[1]
    assert section.index("jiuzhu serve") < section.index("jiuzhu use")
    assert "](docs/screenshot.png)" in section and (Path(__file__).parent.parent / "docs/screenshot.png").exists()
    (serve,) = session("An administrator's session", serve=True)
    with running_server(tmp_path / "profiles.toml", *serve[1:]) as (base, _proc):
        page = urllib.request.urlopen(base + "/rules").read().decode("utf-8")
    assert "各地规则" in page and "530323" in page


def test_administrators_session(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    outputs = []
    for args in session("An administrator's session"):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, (args, res.output)
        outputs.append(res)
    county_rows = [line for r in outputs for line in r.stdout.splitlines() if line.startswith("530323 ")]
    assert county_rows[0].split()[4] == "5" and county_rows[1].split()[4] == "4"  # the override changed it
    assert "530000.rounding_minimum='floor'" in outputs[3].stderr  # and was named
    assert "active: profile default (530000)" in outputs[-1].stdout  # switched back


def test_analysts_session(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(fresh_clone_folder(tmp_path))
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    run_as_written(README, "An analyst's session", runner, tmp_path)
    assert (tmp_path / "totals.svg").read_text(encoding="utf-8").startswith("<svg")
    assert (tmp_path / "cmp.json").exists() and (tmp_path / "cmp.json.provenance.json").exists()


def test_rules_in_time_session(runner):
    outputs = []
    for args in session("Rules in time"):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, (args, res.output)
        outputs.append(res)
    assert "530000 云南省 Yunnan is not in force on 2018-06-01" in outputs[0].stderr


def test_from_python_runs_as_written(tmp_path, monkeypatch):
    monkeypatch.chdir(fresh_clone_folder(tmp_path))
    code = re.search(r"## From Python.*?```python\n(.*?)```", README, re.S).group(1)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    assert scope["records"][0]["minimum"] == 5
    assert [next(r.records())["minimum"] for r in scope["totals"]] == [5, 5]


def test_duties_session(runner):
    outputs = []
    for args in session("Duties and deadlines"):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, (args, res.output)
        outputs.append(res)
    assert "代办点2018年底前" in outputs[0].stdout and "not yet due" in outputs[2].stdout


def test_cases_session(runner):
    for args in session("Test cases policy staff write"):
        res = runner.invoke(cli, args)
        assert res.exit_code == 0, (args, res.output)
        assert "0 failed" in res.stdout


def test_what_if_session_runs_as_written(runner, tmp_path, monkeypatch):
    """From a fresh clone: the national file is generated, the trial profile made, then used."""
    monkeypatch.chdir(fresh_clone_folder(tmp_path))
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    results = run_as_written(README, "What-if analysis", runner, tmp_path)
    assert (tmp_path / "national.csv").exists() and (tmp_path / "sweep.svg").exists()
    assert len(results) == 8


@pytest.mark.parametrize("title", ["经办人员常用操作", "分析人员常用操作"])
def test_the_chinese_guide_runs_as_written(runner, tmp_path, monkeypatch, title):
    monkeypatch.chdir(fresh_clone_folder(tmp_path))
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    results = run_as_written(README_ZH, title, runner, tmp_path)
    assert results, "the section has commands"


def test_the_readmes_name_nothing_outside_the_repository():
    for text in (README, README_ZH):
        assert "../shared" not in text and "--keep" not in text
