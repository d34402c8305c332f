"""Plugin isolation to the end: whatever one plugin does at import, in its declaration or
in a hook (``sys.exit()``, its own ``KeyboardInterrupt``, a broken place in the tree, a
built-in code it claims), it is named and left out, the others keep working, and
``--strict-plugins`` fails on it. The user's own Ctrl-C still aborts; a user can block a
plugin by name."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from fakedist import fake_distribution, jurisdiction_toml, toml_plugin
from jiuzhu.core.hooks.registry import load_plugins

JIUZHU = str(Path(sys.executable).with_name("jiuzhu"))

PY_PLUGIN = '''
from pathlib import Path
from jiuzhu.plugin import hookimpl, load_jurisdiction
{before}

@hookimpl
def jiuzhu_jurisdiction():
    return load_jurisdiction(Path(__file__).with_name("jurisdiction.toml"))
{after}
'''


def py_plugin(root, dist, package, code, parent="530000", before="", after=""):
    return fake_distribution(root, dist, {code: f"{package}.plugin"}, {
        f"{package}/__init__.py": "",
        f"{package}/jurisdiction.toml": jurisdiction_toml(code, parent),
        f"{package}/plugin.py": PY_PLUGIN.format(before=before, after=after)})


def jiuzhu(root, *args, env=None, check=None):
    """Run the real ``jiuzhu`` with ``root`` (fake distributions) on PYTHONPATH."""
    environ = {**os.environ, "PYTHONPATH": str(root), **(env or {})}
    environ.pop("JIUZHU_JURISDICTION", None)
    proc = subprocess.run([JIUZHU, *args], capture_output=True, text=True, timeout=120, env=environ)
    if check is not None:
        assert proc.returncode == check, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def codes(proc):
    return {j["code"] for j in json.loads(proc.stdout)}


@pytest.mark.parametrize("before, said", [
    ("import sys\nsys.exit(3)", "called sys.exit(3) (SystemExit)"),
    ("raise KeyboardInterrupt", "raised KeyboardInterrupt itself"),
    ("raise SystemExit('bye')", "called sys.exit('bye')"),
])
def test_exit_or_interrupt_at_import_is_isolated(tmp_path, before, said):
    root = py_plugin(tmp_path, "jiuzhu-quitter", "jiuzhu_quitter", "530399", before=before)
    proc = jiuzhu(root, "jurisdictions", "--format", "json", check=0)
    assert codes(proc) >= {"530000", "530323", "220000"} and "530399" not in codes(proc)
    assert "plugin 530399 (jiuzhu-quitter) not loaded" in proc.stderr and said in proc.stderr
    strict = jiuzhu(root, "--strict-plugins", "jurisdictions", check=1)
    assert "530399 (jiuzhu-quitter) failed to load" in strict.stderr and said in strict.stderr


def test_exit_in_a_hook_is_one_message_and_others_work(tmp_path):
    root = py_plugin(tmp_path, "jiuzhu-quitter", "jiuzhu_quitter", "530399", after='''
@hookimpl
def jiuzhu_staffing_rule(units, chain):
    import sys
    sys.exit(3)
''')
    proc = jiuzhu(root, "staffing", "-j", "530399", check=1)
    assert ("plugin 530399 (jiuzhu_quitter.plugin, distribution jiuzhu-quitter 0.1) failed in "
            "jiuzhu_staffing_rule: called sys.exit(3)") in proc.stderr
    assert "township_staff" in jiuzhu(root, "staffing", "-j", "530323", "--format", "json", check=0).stdout


def test_a_plugin_s_keyboardinterrupt_in_a_hook_is_isolated(tmp_path):
    root = py_plugin(tmp_path, "jiuzhu-quitter", "jiuzhu_quitter", "530399", after='''
@hookimpl
def jiuzhu_staffing_rule(units, chain):
    raise KeyboardInterrupt
''')
    proc = jiuzhu(root, "staffing", "-j", "530399", check=1)
    assert "failed in jiuzhu_staffing_rule: raised KeyboardInterrupt itself" in proc.stderr


def test_a_sigterm_while_a_plugin_answers_ends_the_run_not_the_plugin(tmp_path):
    """SIGTERM (a service stopping, a killed job) that lands while a plugin's hook runs ends
    the run with 143, as anywhere else: not "plugin … called sys.exit(143)" and exit 1. The
    output file is not written and no temporary file is left."""
    marker = tmp_path / "answering"
    root = py_plugin(tmp_path / "site", "jiuzhu-slow", "jiuzhu_slow", "530399", after=f'''
@hookimpl
def jiuzhu_staffing_rule(units, chain):
    import time
    open({str(marker)!r}, "w").close()
    time.sleep(60)
''')
    units = tmp_path / "work" / "units.csv"
    units.parent.mkdir()
    units.write_text("code,level,population,dibao_count\n530399,county,1,45000\n", encoding="utf-8")
    proc = subprocess.Popen([JIUZHU, "staffing", str(units), "-j", "530399", "--format", "csv", "--output",
                             str(units.with_name("out.csv"))], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(root)})
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "failed in" not in err and "Traceback" not in err
    assert sorted(p.name for p in units.parent.iterdir()) == ["units.csv"]


def test_the_user_s_ctrl_c_still_aborts(tmp_path):
    """A plugin slow to import; the user presses Ctrl-C: jiuzhu stops, it does not carry on."""
    marker = tmp_path / "importing"
    root = py_plugin(tmp_path / "site", "jiuzhu-slow", "jiuzhu_slow", "530399",
                     before=f"import time\nopen({str(marker)!r}, 'w').close()\ntime.sleep(60)")
    proc = subprocess.Popen([JIUZHU, "jurisdictions"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(root)})
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode != 0 and "Aborted" in err and "not loaded" not in err


def test_a_ctrl_c_that_code_swallows_still_stops_the_run_before_the_file(tmp_path):
    """The user presses Ctrl-C while a hook runs that catches KeyboardInterrupt and carries
    on (as code inside a library may): jiuzhu does not go on to write the file as if nothing
    was typed. "Aborted!", exit 1, and the folder as it was (no output, no temporary file)."""
    marker = tmp_path / "answering"
    root = py_plugin(tmp_path / "site", "jiuzhu-deaf", "jiuzhu_deaf", "530399", after=f'''
@hookimpl
def jiuzhu_staffing_rule(units, chain):
    import time
    open({str(marker)!r}, "w").close()
    try:
        time.sleep(60)
    except KeyboardInterrupt:
        pass
    return None
''')
    units = tmp_path / "work" / "units.csv"
    units.parent.mkdir()
    units.write_text("code,level,population,dibao_count\n530399,county,1,45000\n", encoding="utf-8")
    proc = subprocess.Popen([JIUZHU, "staffing", str(units), "-j", "530399", "--format", "csv", "--output",
                             str(units.with_name("out.csv"))], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(root), "JIUZHU_LANG": "en"})
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1 and "Aborted" in err, err
    assert "Traceback" not in err and "wrote" not in err
    assert sorted(p.name for p in units.parent.iterdir()) == ["units.csv"]


def test_a_real_sigint_during_loading_is_not_swallowed(tmp_path, monkeypatch):
    """In process: a SIGINT that arrives (as from the terminal) while a plugin imports propagates."""
    (tmp_path / "sigint_plugin.py").write_text("import os, signal\nos.kill(os.getpid(), signal.SIGINT)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(KeyboardInterrupt):
        load_plugins([EntryPoint("530399", "sigint_plugin", "jiuzhu")])
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the handler is put back


@pytest.mark.parametrize("make, said", [
    (lambda root: toml_plugin(root, "jiuzhu-orphan", "jiuzhu_orphan", "530399", parent="539900"),
     "names parent 539900, which no installed plugin provides"),
    (lambda root: toml_plugin(root, "jiuzhu-selfish", "jiuzhu_selfish", "530399", parent="530399"),
     "names itself as its parent"),
    (lambda root: toml_plugin(toml_plugin(root, "jiuzhu-cycle-a", "jiuzhu_cycle_a", "530398", parent="530399"),
                              "jiuzhu-cycle-b", "jiuzhu_cycle_b", "530399", parent="530398"),
     "its parents form a cycle"),
    (lambda root: toml_plugin(root, "jiuzhu-wide", "jiuzhu_wide", "５３０３９９",
                              toml=jurisdiction_toml("５３０３９９")),
     "not a six-digit GB/T 2260 code in ASCII digits"),
    (lambda root: toml_plugin(root, "jiuzhu-arabic", "jiuzhu_arabic", "٥٣٠٣٩٩", toml=jurisdiction_toml("٥٣٠٣٩٩")),
     "not a six-digit GB/T 2260 code in ASCII digits"),
    (lambda root: toml_plugin(root, "jiuzhu-wideparent", "jiuzhu_wideparent", "530399", parent="５３００００"),
     "'parent' must be a six-digit GB/T 2260 code in ASCII digits, not '５３００００'"),
])
def test_tree_errors_are_reported_at_load(tmp_path, make, said):
    root = make(tmp_path)
    listed = jiuzhu(root, "plugins", "--format", "json", check=0)
    failed = [p for p in json.loads(listed.stdout) if p["status"] == "failed"]
    assert failed and all(said in p["error"] or "cycle" in p["error"] for p in failed), failed
    assert said in listed.stderr
    assert said in jiuzhu(root, "--strict-plugins", "jurisdictions", check=1).stderr
    compared = jiuzhu(root, "compare", "--jurisdictions", "all", "--format", "json", check=0)
    assert {r["profile"] for r in json.loads(compared.stdout)} == {"530000", "530323", "220000", "640100", "520402"}
    assert "left out of 'all'" in compared.stderr and said in compared.stderr.split("left out of 'all'")[1]


def test_a_package_cannot_take_over_a_builtin_code(tmp_path):
    root = toml_plugin(tmp_path, "jiuzhu-usurper", "jiuzhu_usurper", "530000")
    proc = jiuzhu(root, "staffing", "-j", "530323", "--format", "json", check=0)
    assert {r["jurisdiction"] for r in json.loads(proc.stdout)} >= {"530000", "530323"}
    assert ("plugin 530000 (jiuzhu-usurper) not loaded: claims the built-in jurisdiction 530000 (Yunnan); "
            "refused") in proc.stderr
    shown = jiuzhu(root, "show", "530000", check=0).stdout
    assert "云南省" in shown and "测试530000" not in shown
    assert "jiuzhu-usurper" in jiuzhu(root, "--strict-plugins", "jurisdictions", check=1).stderr


@pytest.mark.parametrize("how", [("--block", "jiuzhu-quitter"), ("--block", "530399"),
                                 ("--block", "jiuzhu_quitter"), ("JIUZHU_BLOCK", "other, 530399")])
def test_a_user_blocks_a_plugin_by_name(tmp_path, how):
    """A blocked plugin is never imported: even one that would end the process cannot run."""
    root = py_plugin(tmp_path, "jiuzhu-quitter", "jiuzhu_quitter", "530399", before="import os\nos._exit(9)")
    args, env = (["--block", how[1]], None) if how[0] == "--block" else ([], {"JIUZHU_BLOCK": how[1]})
    proc = jiuzhu(root, *args, "plugins", "--format", "json", env=env, check=0)
    status = {p["name"]: p["status"] for p in json.loads(proc.stdout)}
    assert status["530399"] == "blocked" and status["530000"] == "loaded"
    assert "plugin 530399 (jiuzhu-quitter) blocked" in proc.stderr
    assert jiuzhu(root, *args, "--strict-plugins", "staffing", "-j", "530323", env=env).returncode == 0


def test_a_child_of_a_blocked_or_broken_parent_says_why(tmp_path):
    root = toml_plugin(tmp_path, "jiuzhu-parent", "jiuzhu_parent", "539900")
    py_plugin(root, "jiuzhu-child", "jiuzhu_child", "539901", parent="539900")
    blocked = jiuzhu(root, "--block", "jiuzhu-parent", "jurisdictions", check=0)
    assert "plugin 539901 (jiuzhu-child) not loaded: names parent 539900, whose plugin you blocked" in blocked.stderr
    broken = py_plugin(tmp_path / "other", "jiuzhu-child", "jiuzhu_child", "539901", parent="539900")
    py_plugin(broken, "jiuzhu-quitter", "jiuzhu_quitter", "539900", parent=None, before="import sys\nsys.exit(1)")
    said = jiuzhu(broken, "jurisdictions", check=0).stderr
    assert "539900 (jiuzhu-quitter) not loaded: called sys.exit(1)" in said
    assert "names parent 539900, whose plugin did not load" in said


def test_jiuzhu_block_applies_to_the_python_api_too(tmp_path):
    root = py_plugin(tmp_path, "jiuzhu-quitter", "jiuzhu_quitter", "530399", before="import os\nos._exit(9)")
    code = ("from jiuzhu.core.evaluate import default_registry; r = default_registry(); "
            "print(sorted(b.name for b in r.blocked), '530000' in r.plugins)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(root), "JIUZHU_BLOCK": "x,jiuzhu-quitter"})
    assert out.returncode == 0 and out.stdout.split() == ["['530399']", "True"], out.stdout + out.stderr
