"""Test cases policy staff write (CODE.cases.toml): ``jiuzhu test`` runs them, and pytest
collects every built-in case here too, one test per case, failing with the clause."""

from __future__ import annotations

from importlib.resources import files

import pytest

from jiuzhu.cli.main import cli
from jiuzhu.core.rules.cases import builtin_case_files, load_cases, run_case
from jiuzhu.core.evaluate import default_registry


def _builtin_cases():
    registry = default_registry()
    return [case for path in builtin_case_files(registry) for case in load_cases(path)]


BUILTIN = _builtin_cases()


@pytest.mark.parametrize("case", BUILTIN, ids=[f"{c.source}#{c.number}" for c in BUILTIN])
def test_builtin_case(case, registry):
    outcome = run_case(case, registry)
    assert outcome.passed, (
        f"{case.where}: " + "; ".join(f"{k}: expected {e!r}, got {g!r}" for k, e, g in outcome.mismatches)
        + (outcome.error or "") + f" — {case.jurisdiction} {case.clause} 「{case.quote}」")


def test_every_builtin_jurisdiction_ships_cases(registry):
    assert {str(p.name).split(".")[0] for p in builtin_case_files(registry)} == set(registry.tree.codes())


def test_jiuzhu_test_passes_on_the_builtins(runner):
    res = runner.invoke(cli, ["test"])
    assert res.exit_code == 0, res.output
    assert f"{len(BUILTIN)} case(s) in 5 file(s): {len(BUILTIN)} passed" in res.stdout


def test_changing_an_expected_value_fails_and_prints_the_clause(runner, tmp_path):
    text = (files("jiuzhu.jurisdictions") / "530000.cases.toml").read_text(encoding="utf-8")
    worked = 'expect = { role = "county_staff", minimum = 5 }\nclause = "二(一)"'
    assert worked in text
    path = tmp_path / "530000.cases.toml"
    path.write_text(text.replace(worked, worked.replace("minimum = 5", "minimum = 6"), 1), encoding="utf-8")
    res = runner.invoke(cli, ["test", str(path)])
    assert res.exit_code == 1
    assert "FAIL 未通过" in res.stdout and "county at 45,000 dibao → at least 5" in res.stdout
    assert "minimum: expected 应为 6, got 实为 5" in res.stdout
    assert "clause 条款: 530000 二(一) 「按照每1万名低保对象配备不少于1名工作人员」" in res.stdout


def test_a_malformed_case_file_is_one_message(runner, tmp_path):
    path = tmp_path / "x.cases.toml"
    path.write_text('jurisdiction = "530000"\n[[cases]]\nname = "n"\ncommand = "staffing"\n'
                    'input = { level = "county" }\nexpect = { minimum = 3 }\nclause = "二(一)"\n', encoding="utf-8")
    res = runner.invoke(cli, ["test", str(path)])
    assert res.exit_code == 1 and "case 1: missing key 'quote'" in res.output and "Traceback" not in res.output
    res = runner.invoke(cli, ["test", "999999"])
    assert res.exit_code == 1 and "unknown jurisdiction '999999'" in res.output


def test_a_case_can_run_under_a_saved_profile(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "profiles.toml"))
    assert runner.invoke(cli, ["use", "530323"]).exit_code == 0
    assert runner.invoke(cli, ["profile", "set", "rounding_minimum", "floor"]).exit_code == 0
    path = tmp_path / "mine.cases.toml"
    path.write_text('[[cases]]\nname = "floor under my profile"\ncommand = "staffing"\nprofile = "default"\n'
                    'input = { level = "county", dibao_count = 45000 }\n'
                    'expect = { role = "county_staff", minimum = 4 }\nclause = "二(一)"\nquote = "每1万名"\n',
                    encoding="utf-8")
    res = runner.invoke(cli, ["test", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output


def test_the_guide_s_cases_run_on_the_guide_s_rules(tmp_path):
    """docs/adding-a-jurisdiction.md step 10: its cases pass on the rules of steps 2–4."""
    import re
    from pathlib import Path

    from jiuzhu.core.rules.declarative import DeclarativePlugin
    from jiuzhu.core.hooks.registry import PluginRecord, load_plugins

    guide = (Path(__file__).parent.parent / "docs" / "adding-a-jurisdiction.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", guide, re.S)
    rules = [b for b in blocks if "[[documents]]" in b or "[parameters." in b or "[[rules]]" in b][:3]
    header = 'code = "520000"\nname_zh = "贵州省"\nname_en = "Guizhou"\nlevel = "province"\n'
    (tmp_path / "520000.toml").write_text(header + "\n".join(rules), encoding="utf-8")
    plugin = DeclarativePlugin(tmp_path / "520000.toml")
    reg = load_plugins()
    reg = type(reg)({**reg.plugins, "520000": PluginRecord("520000", plugin, "guide", "0", plugin.jiuzhu_jurisdiction())})
    cases_block = next(b for b in blocks if "[[cases]]" in b)
    (tmp_path / "520000.cases.toml").write_text(cases_block, encoding="utf-8")
    outcomes = [run_case(c, reg) for c in load_cases(tmp_path / "520000.cases.toml")]
    assert len(outcomes) == 4 and all(o.passed for o in outcomes), [o.as_dict() for o in outcomes if not o.passed]
    duties_block = next(b for b in blocks if "[[duties]]" in b)
    (tmp_path / "520000.toml").write_text(header + "\n".join(rules) + "\n" + duties_block, encoding="utf-8")
    assert DeclarativePlugin(tmp_path / "520000.toml").jiuzhu_jurisdiction().duties[0].times == 2


def test_the_scaffold_writes_a_case_file_that_loads(tmp_path):
    from jiuzhu.cli.scaffold import files_for

    files = files_for("520000", "贵州省", "Guizhou", "guizhou", None, "province")
    path = tmp_path / "520000.cases.toml"
    path.write_text(files["jiuzhu_guizhou/520000.cases.toml"], encoding="utf-8")
    assert load_cases(path)[0].expect == {"role": "township_staff", "minimum": 2}
    assert "jiuzhu\", \"test\", CODE" in files["tests/test_conformance.py"]
