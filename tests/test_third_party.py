"""Adding a jurisdiction: scaffold, install with pip, see it everywhere; TOML-only rules;
the conformance suite catching a broken hook."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from conftest import make_units
from jiuzhu.core.rules.declarative import DeclarativePlugin
from jiuzhu.core.model.errors import JurisdictionFileError
from jiuzhu.core.evaluate import staffing
from jiuzhu.core.hooks.registry import load_plugins
from jiuzhu.testing import assert_conformant, conformance_problems

BUILTINS = [EntryPoint(c, f"jiuzhu.plugins.{m}", "jiuzhu") for c, m in
            (("530000", "yunnan"), ("530323", "shizong"), ("220000", "jilin"), ("640100", "yinchuan"),
             ("520402", "xixiu"))]
JIUZHU = str(Path(sys.executable).with_name("jiuzhu"))

TOML_ONLY = '''
code = "520400"
name_zh = "安顺市"
name_en = "Anshun"
level = "prefecture"

[[documents]]
id = "example"
title = "EXAMPLE ONLY: a made-up notice for the test"
issuer = "example"
date = "2020-01-01"
status = "draft"

[parameters.threshold]
value = 20000
clause = "一"
[parameters.base]
value = 2
clause = "一"
[parameters.per]
value = 10000
clause = "一"
[parameters.floor_small]
value = 30000
clause = "二"
[parameters.floor_large]
value = 60000
clause = "二"
[parameters.band]
value = 20000
clause = "二"
[parameters.age_max]
value = 45
clause = "三"

[[rules]]
family = "staffing"
role = "township_staff"
level = "township"
clause = "一"
quote = "EXAMPLE: 2万人以下不少于2人，每增加1万人增加1人"
minimum = { shape = "base_plus_per", input = "population", threshold = "threshold", base = "base", per = "per" }

[[rules]]
family = "fund_floor"
level = "township"
clause = "二"
floor = { shape = "banded", input = "population", bounds = ["band"], values = ["floor_small", "floor_large"] }

[[rules]]
family = "eligibility"
subject = "xieliyuan_candidate"
condition = "age"
clause = "三"
check = { shape = "at_least", field = "age", min = "age_max" }
'''


def pip(*args):
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args],
                          capture_output=True, text=True, timeout=300)


def run(*args):
    proc = subprocess.run([JIUZHU, *args], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_scaffold_install_and_see_it_everywhere(tmp_path):
    """new-jurisdiction → pip install → jurisdictions, plugins, compare, its own tests → uninstall.
    A second package, TOML alone, is installed beside it."""
    target = tmp_path / "jiuzhu-guizhou"
    out = run("new-jurisdiction", "520000", "--name-zh", "贵州省", "--name-en", "Guizhou", "--directory", str(target))
    assert "wrote" in out and (target / "jiuzhu_guizhou" / "520000.toml").exists()

    toml_pkg = tmp_path / "anshun"
    (toml_pkg / "jiuzhu_anshun").mkdir(parents=True)
    (toml_pkg / "jiuzhu_anshun" / "__init__.py").write_text("")
    (toml_pkg / "jiuzhu_anshun" / "jurisdiction.toml").write_text(TOML_ONLY, encoding="utf-8")
    (toml_pkg / "pyproject.toml").write_text(textwrap.dedent('''
        [build-system]
        requires = ["setuptools>=61"]
        build-backend = "setuptools.build_meta"
        [project]
        name = "jiuzhu-anshun"
        version = "0.0.1"
        [project.entry-points.jiuzhu]
        520400 = "jiuzhu_anshun:jurisdiction.toml"
        [tool.setuptools]
        packages = ["jiuzhu_anshun"]
        [tool.setuptools.package-data]
        jiuzhu_anshun = ["*.toml"]
    '''), encoding="utf-8")
    try:
        for pkg in (target, toml_pkg):
            res = pip("install", "--no-build-isolation", "--no-deps", str(pkg))
            assert res.returncode == 0, res.stderr
        listed = {j["code"]: j for j in json.loads(run("jurisdictions", "--format", "json"))}
        assert listed["520000"]["name_zh"] == "贵州省" and listed["520400"]["regulates"] == [
            "staffing", "eligibility", "fund factors"]
        plugins = {p["name"]: p for p in json.loads(run("plugins", "--format", "json"))}
        assert plugins["520000"]["distribution"] == "jiuzhu-guizhou"
        assert plugins["520400"]["distribution"] == "jiuzhu-anshun" and plugins["520400"]["status"] == "loaded"
        records = json.loads(run("compare", "-J", "520000,520400,530000", "--format", "json"))
        anshun = {r["code"]: r for r in records if r["profile"] == "520400" and r["role"] == "township_staff"}
        assert anshun["530323100"]["minimum"] == 2 + 5  # 62,000 people: 2 + ceil(42,000 / 10,000)
        funds = json.loads(run("allocate", "-j", "520400", "--format", "json"))
        assert {r["code"]: r["floor"] for r in funds}["530323100"] == 60000
        generated = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(target)],
                                   capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert generated.returncode == 0, generated.stdout + generated.stderr
        conf = subprocess.run([sys.executable, "-c", "from jiuzhu.testing import assert_conformant; "
                               "assert_conformant('520400'); assert_conformant('520000')"],
                              capture_output=True, text=True, timeout=120)
        assert conf.returncode == 0, conf.stderr
    finally:
        pip("uninstall", "-y", "jiuzhu-guizhou", "jiuzhu-anshun")
    assert "520000" not in run("jurisdictions")


@pytest.mark.parametrize("code", ["530000", "530323", "220000", "640100", "520402"])
def test_builtins_pass_the_conformance_suite(code):
    assert_conformant(code)


def write_broken(tmp_path, monkeypatch, body, module):
    (tmp_path / "b.toml").write_text(TOML_ONLY.split("[[rules]]")[0].replace("520400", "520499"), encoding="utf-8")
    (tmp_path / f"{module}.py").write_text(textwrap.dedent('''
        from pathlib import Path
        import numpy as np
        from jiuzhu import hookimpl
        from jiuzhu.core.hooks.answers import StaffingRule, FundRule
        from jiuzhu.core.rules.jurisdiction_file import declare
        jiuzhu_jurisdiction = declare(Path(__file__).with_name("b.toml"))
    ''') + textwrap.dedent(body), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return load_plugins(BUILTINS + [EntryPoint("520499", module, "jiuzhu")])


def test_conformance_names_a_broken_hook(tmp_path, monkeypatch):
    reg = write_broken(tmp_path, monkeypatch, '''
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            j = chain["520499"]
            return [StaffingRule("township_staff", j.citation("一"), units.level_mask("township"),
                                 minimum=np.ones(3, dtype=np.int64))]
    ''', "broken_length_plugin")
    problems = conformance_problems("520499", reg)
    assert any(p.startswith("jiuzhu_staffing_rule with 0 row(s)") and "has shape (3,), expected (0,)" in p
               for p in problems), problems
    with pytest.raises(AssertionError, match="jiuzhu_staffing_rule with 25 row"):
        assert_conformant("520499", reg)


def test_conformance_names_wrong_return_type(tmp_path, monkeypatch):
    reg = write_broken(tmp_path, monkeypatch, '''
        @hookimpl
        def jiuzhu_fund_factor_weighting(units, chain):
            return {"floors": 1}
    ''', "broken_type_plugin")
    assert any("jiuzhu_fund_factor_weighting" in p and "not FundRule" in p for p in conformance_problems("520499", reg))


def test_conformance_flags_uncited_parameters():
    """A parameter with neither a clause of a declared document nor assumption = true fails."""
    from attrs import evolve

    from jiuzhu.core.model import Citation

    reg = load_plugins(BUILTINS)
    rec = reg.plugins["530323"]
    params = dict(rec.jurisdiction.parameters.by_name)
    params["township_case_workers"] = evolve(params["township_case_workers"],
                                             citation=Citation("530323", "some other document", "二(一)"))
    bad = evolve(rec, jurisdiction=evolve(rec.jurisdiction, parameters=evolve(rec.jurisdiction.parameters,
                                                                                by_name=params)))
    reg2 = type(reg)({**reg.plugins, "530323": bad})
    assert any("township_case_workers" in p for p in conformance_problems("530323", reg2))


def test_toml_only_rules_in_process(tmp_path):
    path = tmp_path / "520400.toml"
    path.write_text(TOML_ONLY, encoding="utf-8")
    plugin = DeclarativePlugin(path)
    reg = load_plugins(BUILTINS)
    from jiuzhu.core.hooks.registry import PluginRecord

    reg = type(reg)({**reg.plugins, "520400": PluginRecord("520400", plugin, "test", "0", plugin.jiuzhu_jurisdiction())})
    rows = [r for r in staffing(make_units(("township", 20000, 0), ("township", 20001, 0)), "520400",
                                registry=reg).records()]
    assert [r["minimum"] for r in rows] == [2, 3] and rows[0]["citation"]["draft"] is True
    over = next(staffing(make_units(("township", 20001, 0)), "520400", registry=reg,
                         overrides={"520400.base": 4}).records())
    assert over["minimum"] == 5  # the rule names parameters, so an override changes the answer


@pytest.mark.parametrize("mutation, message", [
    (("family = \"fund_floor\"", "family = \"funds\""), "'family' must be one of"),
    (("values = [\"floor_small\", \"floor_large\"]", "values = [\"floor_small\", \"nope\"]"),
     "names parameter 'nope'"),
    (("shape = \"at_least\"", "shape = \"between\""), "check.shape must be one of"),
    (("clause = \"一\"\nquote", "quote"), "needs the 'clause'"),
])
def test_malformed_rules_are_named(tmp_path, mutation, message):
    path = tmp_path / "520400.toml"
    path.write_text(TOML_ONLY.replace(*mutation, 1), encoding="utf-8")
    with pytest.raises(JurisdictionFileError, match=message):
        DeclarativePlugin(path)


def test_the_guide_s_toml_works(tmp_path):
    """docs/adding-a-jurisdiction.md: its TOML snippets, put together, load and answer."""
    import re

    guide = (Path(__file__).parent.parent / "docs" / "adding-a-jurisdiction.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", guide, re.S)
    header = 'code = "520000"\nname_zh = "贵州省"\nname_en = "Guizhou"\nlevel = "province"\n'
    snippets = [b for b in blocks if "[[documents]]" in b or "[parameters." in b or "[[rules]]" in b]
    path = tmp_path / "520000.toml"
    path.write_text(header + "\n".join(snippets[:3]), encoding="utf-8")
    plugin = DeclarativePlugin(path)
    from jiuzhu.core.hooks.registry import PluginRecord

    reg = load_plugins(BUILTINS)
    reg = type(reg)({**reg.plugins, "520000": PluginRecord("520000", plugin, "guide", "0",
                                                           plugin.jiuzhu_jurisdiction())})
    rows = list(staffing(make_units(("township", 20000, 0), ("township", 20001, 0)), "520000",
                         registry=reg).records())
    assert [r["minimum"] for r in rows] == [2, 3]
    assert conformance_problems("520000", reg) == []
