"""The installed package and the real `jiuzhu` command."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from conftest import run_json
from jiuzhu.cli.main import cli


def jiuzhu_exe() -> str:
    exe = Path(sys.executable).with_name("jiuzhu")
    assert exe.exists(), "the jiuzhu console script is not installed beside this Python"
    return str(exe)


def test_nothing_generic_lands_in_site_packages():
    purelib = Path(sysconfig.get_paths()["purelib"])
    for name in ("core", "cli", "plugins", "jurisdictions", "samples", "package"):
        assert not (purelib / name).exists(), f"{name} installed at the top of site-packages"
    names = {ep.name: ep.value for ep in entry_points(group="jiuzhu")}
    assert names["530000"] == "jiuzhu.plugins.yunnan" and names["530323"] == "jiuzhu.plugins.shizong"


def test_real_subprocess_staffing_json():
    """The console script, as a user runs it: JSON on stdout, the chain named on stderr."""
    proc = subprocess.run([jiuzhu_exe(), "staffing", "--jurisdiction", "530323", "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    records = json.loads(proc.stdout)
    assert any(r["role"] == "township_case_worker" for r in records)
    assert "530323 师宗县" in proc.stderr


def test_python_dash_m_and_error_exit():
    proc = subprocess.run([sys.executable, "-m", "jiuzhu", "staffing", "/no/such/file.csv"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "/no/such/file.csv" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_standard_stream_is_no_failure(tmp_path, closed):
    """Run from cron or with ``2>&-``, a command that did its work still exits 0: the
    process ends without the interpreter's teardown, and a stream that was never open is
    not flushed."""
    out = tmp_path / "staff.csv"
    proc = subprocess.run([jiuzhu_exe(), "staffing", "-j", "530323", "--format", "csv", "--output", str(out)],
                          preexec_fn=lambda: os.close(closed), capture_output=False, timeout=60,
                          stdout=subprocess.DEVNULL if closed == 2 else None,
                          stderr=subprocess.DEVNULL if closed == 1 else None)
    assert proc.returncode == 0
    assert out.read_text(encoding="utf-8-sig").startswith('"code"')
    version = subprocess.run([jiuzhu_exe(), "--version"], preexec_fn=lambda: os.close(2), stdout=subprocess.PIPE,
                             timeout=60)
    assert version.returncode == 0 and b"jiuzhu" in version.stdout
    # The table a person would read, with nowhere to show it (>&-): no traceback ('NoneType' has no isatty).
    table = subprocess.run([jiuzhu_exe(), "staffing", "-j", "530323"], preexec_fn=lambda: os.close(1),
                           stderr=subprocess.PIPE, text=True, timeout=60)
    assert table.returncode == 0 and "Traceback" not in table.stderr, table.stderr


@pytest.mark.parametrize("command", cli.list_commands(None))
def test_every_command_has_help_with_an_example(runner, command):
    res = runner.invoke(cli, [command, "--help"])
    assert res.exit_code == 0 and "Usage:" in res.output and len(res.output) > 200
    assert "Example:" in res.output and "jiuzhu " in res.output.split("Example:")[1]


def test_lang_option(runner):
    en = runner.invoke(cli, ["--lang", "en", "staffing", "-j", "530323"]).stdout
    zh = runner.invoke(cli, ["--lang", "zh", "staffing", "-j", "530323"]).stdout
    both = runner.invoke(cli, ["staffing", "-j", "530323"]).stdout
    assert "township purchased case worker" in en and "代码" not in en
    assert "乡镇社会救助经办员(购买服务)" in zh and "binds" not in zh
    assert "代码 code" in both  # Chinese first


def test_jurisdictions_json_contract(runner):
    out = {j["code"]: j for j in run_json(runner, ["jurisdictions", "--format", "json"])}
    assert out["530000"]["parent"] is None and out["530323"]["parent"] == "530000"
    assert out["530323"]["name_zh"] == "师宗县" and out["530323"]["name_en"] == "Shizong"
    assert out["530000"]["level"] == "province" and "staffing" in out["530000"]["regulates"]


def test_jurisdictions_table_is_a_tree(runner):
    res = runner.invoke(cli, ["jurisdictions"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert any(line.startswith("530000") for line in lines)
    assert any(line.startswith("  530323") for line in lines)


def test_show_lists_parameters_and_who_answers(runner):
    out = run_json(runner, ["show", "530323", "--format", "json"])[0]
    assert out["chain"] == ["530000", "530323"]
    assert out["answered_by"]["deduction"] == ["530000"] and out["answered_by"]["pilot scoring"] == []
    names = {p["name"]: p for p in out["parameters"]}
    assert names["township_case_workers"]["value"] == 1 and names["township_case_workers"]["clause"] == "二(一)"
    text = runner.invoke(cli, ["show", "530000"]).stdout
    assert "* " in text and "rounding_minimum" in text  # the interpretation register is marked


def test_json_keeps_chinese_readable(runner):
    res = runner.invoke(cli, ["staffing", "--format", "json"])
    assert "云南省民政厅" in res.stdout and "\\u" not in res.stdout


def test_env_selects_jurisdiction(runner):
    res = runner.invoke(cli, ["staffing", "--format", "json"], env={**os.environ, "JIUZHU_JURISDICTION": "530323"})
    assert res.exit_code == 0 and "township_case_worker" in res.stdout


@pytest.mark.parametrize("args", [["--help"], ["jurisdictions"], ["show", "530323"], ["plugins"]])
def test_light_commands_do_not_load_numerical_libraries(args):
    """Start-up stays fast because these commands never import numpy or pyarrow (a timing
    belongs in benchmarks/, this is the design that makes it)."""
    code = ("import sys\nfrom jiuzhu.cli.main import cli\n"
            f"try:\n    cli({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "heavy = sorted(m for m in ('numpy', 'pyarrow', 'openpyxl') if m in sys.modules)\n"
            "print('HEAVY', heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout


def test_the_tests_import_the_installed_package():
    """The suite tests what pip installed: every jiuzhu subpackage comes from the installed
    distribution's own files (its RECORD, or the editable install's folder map), and no test
    module imported a repository folder on its own as `core`, `cli` or `plugins` (collection
    has imported every test module before this runs)."""
    import importlib.util
    from importlib.metadata import distributions

    import jiuzhu

    # Every jiuzhu distribution Python can see: the installed one, and (with `python -m pytest`
    # from a checkout) a build's stale jiuzhu.egg-info in the working folder, which lists the
    # repository's files. The modules must come from one that pip installed.
    dists = [d for d in distributions() if d.metadata["Name"] == "jiuzhu"]
    installed = {str(Path(d.locate_file(f)).resolve()) for d in dists for f in d.files or []
                 if "site-packages" in str(Path(d.locate_file(f)).resolve())}
    editable = any("__editable__" in str(f) for d in dists for f in d.files or [])
    for module in ("jiuzhu", "jiuzhu.core.evaluate", "jiuzhu.cli.main", "jiuzhu.plugins.yunnan", "jiuzhu.web.app"):
        spec = importlib.util.find_spec(module)
        assert spec is not None and spec.origin, module
        origin = str(Path(spec.origin).resolve())
        if editable:
            # An editable install maps jiuzhu.* onto the repository's folders (pip install -e).
            repo = Path(__file__).resolve().parent.parent
            assert origin.startswith(str(repo)), (module, origin)
        else:
            assert origin in installed, f"{module} imported from {origin}, not from the installed distribution"
    for bare in ("core", "cli", "plugins", "package", "web"):
        assert bare not in sys.modules, f"a test imported the bare '{bare}' folder, not the installed jiuzhu.{bare}"
    assert jiuzhu.__version__ in {d.version for d in dists}


def test_core_takes_no_click_and_reads_no_argv():
    """The core is a library: presentation (click, argv) lives in cli/ and web/."""
    core = Path(__file__).resolve().parent.parent / "core"
    for path in core.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import click" not in text and "sys.argv" not in text, path
