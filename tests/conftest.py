"""Shared fixtures: the installed plugins, a CLI runner, and small unit tables."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from jiuzhu.cli.main import cli
from jiuzhu.core.evaluate import default_registry
from jiuzhu.core.io.readers import units_from_rows


@pytest.fixture(scope="session")
def registry():
    return default_registry()


@pytest.fixture
def no_profile(tmp_path, monkeypatch):
    """No saved profile and no $JIUZHU_JURISDICTION: commands run on the plain rules they are given."""
    monkeypatch.setenv("JIUZHU_CONFIG", str(tmp_path / "none" / "profiles.toml"))
    monkeypatch.delenv("JIUZHU_JURISDICTION", raising=False)


@pytest.fixture
def runner():
    return CliRunner()


def make_units(*rows):
    """Units from (level, population, dibao_count) tuples, coded u1, u2…"""
    return units_from_rows([{"code": f"u{i}", "level": level, "population": pop, "dibao_count": dibao}
                            for i, (level, pop, dibao) in enumerate(rows, start=1)])


def by_role(result):
    """{(code, role): record} of a staffing result."""
    return {(r["code"], r["role"]): r for r in result.records()}


def run_json(runner, args):
    """Run the CLI, assert success, and parse standard output as JSON."""
    res = runner.invoke(cli, args)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# -- property-based suites: how many generated cases ran ------------------------------------
def pytest_terminal_summary(terminalreporter):
    from casecount import GENERATED_CASES  # shared with the suites (one module, on the test path)

    if GENERATED_CASES:
        total = sum(GENERATED_CASES.values())
        parts = ", ".join(f"{name} {n}" for name, n in sorted(GENERATED_CASES.items()))
        terminalreporter.write_line(f"hypothesis: {total} generated cases tried ({parts})")
