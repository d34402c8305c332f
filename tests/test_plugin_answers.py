"""A bad plugin answer, for every rule family: one message naming the distribution, plugin
and hook, no traceback, exit 1; the other jurisdictions keep working; --strict-plugins
fails; ``jiuzhu.testing`` catches the same faults.

The broken plugin is installed as a real distribution would be: a ``.dist-info`` folder with
an entry point in the group ``jiuzhu``, found on ``sys.path``.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from jiuzhu.cli.main import cli

from fakedist import fake_distribution, jurisdiction_toml

DIST = "jiuzhu-broken-answers"


def install_broken(tmp_path, monkeypatch, module: str, body: str) -> None:
    """A distribution ``jiuzhu-broken-answers 0.1`` whose plugin 110000 implements ``body``."""
    fake_distribution(tmp_path, DIST, {"110000": module}, {
        "t110000.toml": jurisdiction_toml("110000"),
        f"{module}.py": textwrap.dedent('''
            from pathlib import Path
            import numpy as np
            from jiuzhu.plugin import Condition, FundRule, InputError, ScoringRule, StaffingRule, declare, hookimpl
            jiuzhu_jurisdiction = declare(Path(__file__).with_name("t110000.toml"))
        ''') + textwrap.dedent(body)})
    monkeypatch.syspath_prepend(str(tmp_path))


def assert_named_failure(res, hook: str, what: str) -> None:
    assert res.exit_code == 1, res.output
    assert "Traceback" not in res.output and isinstance(res.exception, (SystemExit, type(None)))
    message = res.stderr
    assert "plugin 110000" in message and f"distribution {DIST} 0.1" in message and hook in message, message
    assert what in message, message
    assert message.count("Error:") == 1  # one message


BROKEN = {
    "fund_dict": ('''
        @hookimpl
        def jiuzhu_fund_factor_weighting(units, chain):
            return {"floors": 1}
    ''', ["allocate", "-j", "110000"], "jiuzhu_fund_factor_weighting", "got dict, not FundRule"),
    "scoring_string": ('''
        @hookimpl
        def jiuzhu_pilot_scoring(scores, chain):
            return "full marks"
    ''', ["score", "-j", "110000"], "jiuzhu_pilot_scoring", "got str, not ScoringRule"),
    "nan_status": ('''
        @hookimpl
        def jiuzhu_eligibility_check(subject, records, chain):
            j = chain["110000"]
            return [Condition("age", "age", j.citation("一"), np.full(len(records), np.nan))]
    ''', ["check", "xieliyuan_candidate", "-j", "110000"], "jiuzhu_eligibility_check", "with NaN"),
    "negative_minimum": ('''
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            j = chain["110000"]
            return [StaffingRule("village_xieliyuan", j.citation("一"), units.level_mask("village"),
                                 minimum=np.full(len(units), -3))]
    ''', ["staffing", "-j", "110000"], "jiuzhu_staffing_rule", "minimum is -3 at record"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_bad_answer_is_one_message_naming_the_distribution(case, tmp_path, monkeypatch, runner):
    body, args, hook, what = BROKEN[case]
    install_broken(tmp_path, monkeypatch, f"broken_{case}", body)
    assert_named_failure(runner.invoke(cli, args), hook, what)
    assert_named_failure(runner.invoke(cli, ["--strict-plugins", *args]), hook, what)
    # Another jurisdiction is untouched.
    res = runner.invoke(cli, [*args[:-1], "530000", "--format", "json"] if case != "scoring_string"
                        else ["score", "-j", "520402", "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.stdout), res.output


def test_nan_status_never_makes_anyone_eligible(tmp_path, monkeypatch, runner):
    body, args, _hook, _what = BROKEN["nan_status"]
    install_broken(tmp_path, monkeypatch, "broken_nan_again", body)
    res = runner.invoke(cli, [*args, "--format", "json"])
    assert res.exit_code == 1 and "eligible" not in res.stdout


def test_compare_all_leaves_out_the_broken_one_and_names_it(tmp_path, monkeypatch, runner):
    body, *_ = BROKEN["negative_minimum"]
    install_broken(tmp_path, monkeypatch, "broken_compare", body)
    res = runner.invoke(cli, ["compare", "--jurisdictions", "all", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert {r["profile"] for r in json.loads(res.stdout)} == {"530000", "530323", "220000", "640100", "520402"}
    assert "110000 left out" in res.stderr and f"distribution {DIST} 0.1" in res.stderr
    strict = runner.invoke(cli, ["--strict-plugins", "compare", "--jurisdictions", "all", "--format", "json"])
    assert_named_failure(strict, "jiuzhu_staffing_rule", "minimum is -3")


@pytest.mark.parametrize("case", list(BROKEN))
def test_the_conformance_suite_catches_the_same(case, tmp_path, monkeypatch):
    from jiuzhu.core.hooks.registry import load_plugins
    from jiuzhu.testing import conformance_problems

    body, _args, hook, what = BROKEN[case]
    install_broken(tmp_path, monkeypatch, f"broken_conf_{case}", body)
    problems = conformance_problems("110000", load_plugins())
    assert any(hook in p and what in p for p in problems), problems


def test_the_conformance_suite_catches_a_hook_that_always_raises_input_error(tmp_path, monkeypatch):
    from jiuzhu.core.hooks.registry import load_plugins
    from jiuzhu.testing import conformance_problems

    install_broken(tmp_path, monkeypatch, "broken_input_error", '''
        @hookimpl
        def jiuzhu_deduction_rule(subject, incidents, chain):
            raise InputError("always")
    ''')
    problems = conformance_problems("110000", load_plugins())
    assert any("jiuzhu_deduction_rule" in p and "0 row(s)" in p and "always" in p for p in problems), problems


def test_a_real_process_prints_one_line_and_exits_1(tmp_path, monkeypatch):
    """The same through a real ``python -m jiuzhu`` process, the plugin found on PYTHONPATH."""
    import os
    import subprocess
    import sys

    body, args, hook, what = BROKEN["fund_dict"]
    install_broken(tmp_path, monkeypatch, "broken_subprocess", body)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "JIUZHU_CONFIG": str(tmp_path / "p.toml")}
    done = subprocess.run([sys.executable, "-m", "jiuzhu", *args], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and hook in errors[0] and f"distribution {DIST} 0.1" in errors[0] and what in errors[0]
