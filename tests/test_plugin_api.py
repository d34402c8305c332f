"""``jiuzhu.plugin`` is the whole of what a plugin may import from jiuzhu: the built-in
plugins and the packages ``new-jurisdiction`` writes are held to it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import jiuzhu.plugin

PLUGINS = sorted((Path(__file__).parent.parent / "plugins").glob("*.py"))
ALLOWED = ("jiuzhu.plugin", "jiuzhu.plugins", "jiuzhu.testing")


def jiuzhu_imports(source: str) -> list[str]:
    """Every ``jiuzhu…`` module a Python source imports (``from jiuzhu import x`` counts as ``jiuzhu``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return [m for m in found if m == "jiuzhu" or m.startswith("jiuzhu.")]


def outside_the_api(modules: list[str], allowed=ALLOWED) -> list[str]:
    return [m for m in modules if not any(m == a or m.startswith(a + ".") for a in allowed)]


@pytest.mark.parametrize("path", PLUGINS, ids=lambda p: p.name)
def test_builtin_plugins_import_only_the_plugin_api(path):
    modules = jiuzhu_imports(path.read_text(encoding="utf-8"))
    assert outside_the_api(modules, ("jiuzhu.plugin", "jiuzhu.plugins")) == []


def test_scaffolded_package_imports_only_the_plugin_api():
    from jiuzhu.cli.scaffold import files_for

    files = files_for("520000", "贵州省", "Guizhou", "guizhou", None, "province")
    sources = {name: text for name, text in files.items() if name.endswith(".py")}
    assert len(sources) >= 3
    for name, text in sources.items():
        assert outside_the_api(jiuzhu_imports(text)) == [], name


def test_every_public_name_is_there():
    for name in jiuzhu.plugin.__all__:
        assert getattr(jiuzhu.plugin, name) is not None, name
    assert jiuzhu.plugin.hookimpl is jiuzhu.hookimpl


def test_importing_the_api_costs_no_numpy():
    """Plugins are imported at discovery: ``jiuzhu jurisdictions`` must not pay for numpy."""
    import subprocess
    import sys

    code = "import sys, jiuzhu.plugin; from jiuzhu.plugin import np, hookimpl; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
