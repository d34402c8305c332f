"""Profiles: switching, checked overrides, safe writes, and every command saying what it ran under."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest

from jiuzhu.cli.main import cli


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "cfg" / "profiles.toml"
    monkeypatch.setenv("JIUZHU_CONFIG", str(path))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)
    return path


def invoke(runner, *args):
    res = runner.invoke(cli, list(args))
    return res


def test_use_set_and_run_under_profile(runner, config):
    assert invoke(runner, "use", "530323").exit_code == 0
    res = invoke(runner, "profile", "set", "village_xieliyuan_base", "0")
    assert res.exit_code == 0 and "530323.village_xieliyuan_base=0" in res.output
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["active"] == "default" and data["profiles"]["default"]["overrides"] == {
        "530323.village_xieliyuan_base": 0}
    res = invoke(runner, "staffing", "--format", "json")
    assert res.exit_code == 0
    assert "profile default (530323), overrides: 530323.village_xieliyuan_base=0" in res.stderr
    villages = [r for r in json.loads(res.stdout) if r["role"] == "village_xieliyuan"]
    # The override falls below Yunnan's floor: the floor applies, and the conflict is said.
    assert villages and all(r["minimum"] == 1 and "530323 二(二)" in r["conflict"] for r in villages)
    # --jurisdiction runs the plain rules, without the profile's overrides.
    plain = json.loads(invoke(runner, "staffing", "-j", "530323", "--format", "json").stdout)
    assert all(r["conflict"] is None for r in plain)


@pytest.mark.parametrize("name, value, message", [
    ("nope", "1", "declares a parameter 'nope'"),
    ("530000.county_base_staff", "abc", "530000.county_base_staff takes a whole number"),
    ("rounding_minimum", "up", "must be one of ceil, floor"),
    ("530000.xieliyuan_age_max", "200", "must be at most 100"),
])
def test_bad_override_is_refused_and_nothing_written(runner, config, name, value, message):
    invoke(runner, "use", "530323")
    before = config.read_text(encoding="utf-8")
    res = invoke(runner, "profile", "set", name, value)
    assert res.exit_code == 1 and message in res.stderr and "Traceback" not in res.output
    assert config.read_text(encoding="utf-8") == before


def test_named_profiles_side_by_side(runner, config):
    invoke(runner, "use", "530323", "--profile", "shizong-2019")
    invoke(runner, "use", "530323", "--profile", "shizong-trial")
    invoke(runner, "profile", "set", "rounding_minimum", "floor")
    listed = json.loads(invoke(runner, "profile", "list", "--format", "json").stdout)
    assert {p["name"]: p["overrides"] for p in listed} == {
        "shizong-2019": {}, "shizong-trial": {"530000.rounding_minimum": "floor"}}
    assert invoke(runner, "profile", "switch", "shizong-2019").exit_code == 0
    shown = json.loads(invoke(runner, "profile", "show", "--format", "json").stdout)[0]
    assert (shown["active"], shown["overrides"]) == ("shizong-2019", {})
    res = invoke(runner, "staffing", "--profile", "shizong-trial", "--format", "json")
    county = next(r for r in json.loads(res.stdout) if r["role"] == "county_staff")
    assert county["minimum"] == 4  # 45,000 dibao, rounded down under the trial profile
    assert invoke(runner, "profile", "unset", "rounding_minimum").exit_code == 1  # not on the active one
    assert invoke(runner, "profile", "delete", "shizong-trial").exit_code == 0
    assert "no profile named 'shizong-trial'" in invoke(runner, "profile", "switch", "shizong-trial").stderr


def test_switching_jurisdiction_drops_overrides_that_do_not_apply(runner, config):
    invoke(runner, "use", "530323")
    invoke(runner, "profile", "set", "530323.township_case_workers", "2")
    invoke(runner, "profile", "set", "530000.rounding_minimum", "floor")
    res = invoke(runner, "use", "530000")
    assert "dropped overrides that do not apply to 530000: 530323.township_case_workers" in res.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["profiles"]["default"]["overrides"] == {"530000.rounding_minimum": "floor"}


def test_unknown_jurisdiction_and_bad_profile_names(runner, config):
    res = invoke(runner, "use", "123456")
    assert res.exit_code == 1 and "unknown jurisdiction '123456'" in res.stderr and not config.exists()
    res = invoke(runner, "use", "530000", "--profile", "../evil")
    assert res.exit_code == 1 and "not allowed" in res.stderr


def test_writes_keep_a_backup(runner, config):
    invoke(runner, "use", "530000")
    first = config.read_text(encoding="utf-8")
    invoke(runner, "use", "220000")
    assert config.with_name("profiles.toml.bak").read_text(encoding="utf-8") == first
    assert not [p for p in config.parent.iterdir() if p.suffix == ".tmp"]


def test_unreadable_profile_file_is_reported_not_overwritten(runner, config):
    config.parent.mkdir(parents=True)
    config.write_text("active = [broken", encoding="utf-8")
    for args in (["staffing"], ["use", "530000"], ["profile", "set", "x", "1"]):
        res = invoke(runner, *args)
        assert res.exit_code == 1 and str(config) in res.stderr and "jiuzhu profile reset" in res.stderr
    assert config.read_text(encoding="utf-8") == "active = [broken"
    assert invoke(runner, "profile", "reset", "--yes").exit_code == 0
    assert config.with_name("profiles.toml.bak").read_text(encoding="utf-8") == "active = [broken"
    assert invoke(runner, "use", "530000").exit_code == 0


def test_concurrent_processes_lose_no_update(tmp_path):
    """Two processes setting different overrides at once: both land (the store locks)."""
    config = tmp_path / "profiles.toml"
    env = {"JIUZHU_CONFIG": str(config), "PATH": ""}
    base = [sys.executable, "-m", "jiuzhu"]
    subprocess.run(base + ["use", "530323"], env=env, check=True, capture_output=True)
    script = ("import sys; from jiuzhu.cli.main import cli\n"
              "for i in range(8):\n"
              "    cli(['profile', 'set', sys.argv[1], str(i)], standalone_mode=False)\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, name], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
             for name in ("530000.county_base_staff", "530323.township_case_workers")]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    overrides = tomllib.loads(config.read_text(encoding="utf-8"))["profiles"]["default"]["overrides"]
    assert overrides == {"530000.county_base_staff": 7, "530323.township_case_workers": 7}


def test_use_code_never_repoints_the_active_named_profile(runner, config):
    # Issue 13: "`use CODE` silently repoints the active named profile".
    invoke(runner, "use", "530323", "--profile", "trial")
    invoke(runner, "profile", "set", "530323.township_case_workers", "2")
    res = invoke(runner, "--lang", "zh", "use", "640100")
    assert res.exit_code == 0, res.output
    assert "配置 trial 未改动（仍为 530323）" in res.stderr and "jiuzhu use 640100 --profile trial" in res.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["active"] == "default" and data["profiles"]["default"]["jurisdiction"] == "640100"
    assert data["profiles"]["trial"] == {"jurisdiction": "530323",
                                         "overrides": {"530323.township_case_workers": 2}} or (
        data["profiles"]["trial"]["overrides"] == {"530323.township_case_workers": 2})
    # --profile is the explicit way, and then the dropped overrides are said in the run's language.
    res = invoke(runner, "--lang", "zh", "use", "640100", "--profile", "trial")
    assert "删去了不适用于 640100 的参数调整：530323.township_case_workers" in res.stderr
    assert "dropped" not in res.stderr
    data = tomllib.loads(config.read_text(encoding="utf-8"))
    assert data["active"] == "trial" and data["profiles"]["trial"]["jurisdiction"] == "640100"


def test_a_deeply_nested_profile_file_gets_one_message_and_is_left_as_it_is(runner, tmp_path, monkeypatch):
    """tomllib recurses once per level of nesting: a hostile file must not end in a traceback."""
    path = tmp_path / "profiles.toml"
    hostile = "a = " + "[" * 5000 + "]" * 5000 + "\n"
    path.write_text(hostile, encoding="utf-8")
    monkeypatch.setenv("JIUZHU_CONFIG", str(path))
    res = runner.invoke(cli, ["profile", "show"])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "nested too deeply" in res.stderr and str(path) in res.stderr
    assert path.read_text(encoding="utf-8") == hostile  # never overwritten silently


def test_a_deeply_nested_case_file_gets_one_message(runner, tmp_path):
    cases = tmp_path / "deep.cases.toml"
    cases.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    res = runner.invoke(cli, ["test", str(cases)])
    assert res.exit_code != 0 and "nested too deeply" in res.output and "Traceback" not in res.output
