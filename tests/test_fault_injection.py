"""Faults during a profile write leave the previous profile readable and intact."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from jiuzhu.cli.main import cli
from jiuzhu.core.io import atomic  # the module that writes the profile file


@pytest.fixture
def saved(tmp_path, monkeypatch, runner):
    path = tmp_path / "profiles.toml"
    monkeypatch.setenv("JIUZHU_CONFIG", str(path))
    assert runner.invoke(cli, ["use", "530323"]).exit_code == 0
    assert runner.invoke(cli, ["profile", "set", "rounding_minimum", "floor"]).exit_code == 0
    return path, path.read_text(encoding="utf-8")


def _assert_intact(path, before, runner):
    assert path.read_text(encoding="utf-8") == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    res = runner.invoke(cli, ["profile", "show", "--format", "json"])
    assert res.exit_code == 0 and '"530000.rounding_minimum": "floor"' in res.stdout


def test_crash_between_write_and_replace(saved, runner, monkeypatch):
    path, before = saved

    class Killed(BaseException):
        """The process dying between writing the temporary file and replacing the old one."""

    def crash(src, dst):
        raise Killed()

    with monkeypatch.context() as m, pytest.raises(Killed):
        m.setattr(atomic.os, "replace", crash)
        runner.invoke(cli, ["profile", "set", "rounding_minimum", "ceil"], catch_exceptions=False)
    _assert_intact(path, before, runner)


def test_disk_full_on_write(saved, runner, monkeypatch):
    path, before = saved

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "fsync", full)
        res = runner.invoke(cli, ["profile", "set", "rounding_minimum", "ceil"])
    assert res.exit_code == 1 and "No space left on device" in res.stderr and "unchanged" in res.stderr
    _assert_intact(path, before, runner)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_config_folder(saved, runner):
    path, before = saved
    folder = path.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        res = runner.invoke(cli, ["profile", "set", "rounding_minimum", "ceil"])
        assert res.exit_code == 1 and "Traceback" not in res.output
    finally:
        folder.chmod(stat.S_IRWXU)
    _assert_intact(path, before, runner)


def test_read_only_config_folder_simulated(saved, runner, monkeypatch):
    """The same fault for root (which ignores permissions): creating the temporary file fails."""
    path, before = saved

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr(atomic.tempfile, "mkdtemp", denied)
        res = runner.invoke(cli, ["profile", "set", "rounding_minimum", "ceil"])
    assert res.exit_code == 1 and "Permission denied" in res.stderr
    _assert_intact(path, before, runner)


@pytest.mark.parametrize("args", [["staffing", "-j", "530323", "--format", "csv"],
                                  ["compare", "--layout", "wide", "--format", "csv"]])
def test_a_result_never_stands_beside_an_older_run_s_provenance(tmp_path, runner, monkeypatch, args):
    """The disk fills (or the user presses Ctrl-C) after the new result replaced the old one
    but before its provenance is written: the old run's FILE.provenance.json must not stay
    beside the new FILE as if it described it. The result stands with none, and the
    message says which file could not be written."""
    out = tmp_path / "out.csv"
    out.write_text("old result", encoding="utf-8")
    sidecar = tmp_path / "out.csv.provenance.json"
    sidecar.write_text('{"command": ["jiuzhu", "an", "older", "run"]}', encoding="utf-8")

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(atomic.os, "fsync", full)  # only the provenance (a small text) is synced
        res = runner.invoke(cli, [*args, "--output", str(out)])
    assert res.exit_code == 1 and "out.csv.provenance.json" in res.stderr and "No space" in res.stderr
    assert out.read_text(encoding="utf-8-sig").startswith('"code"')
    assert not sidecar.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
