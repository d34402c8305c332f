"""Discovery and broken plugins: each failure names the plugin, the rest keep working."""

from __future__ import annotations

import inspect
import textwrap
from importlib.metadata import EntryPoint

import pytest

from conftest import make_units
from fakedist import jurisdiction_toml
from jiuzhu.core.hooks import specs as hookspecs
from jiuzhu.core.model.errors import PluginError
from jiuzhu.core.evaluate import staffing
from jiuzhu.core.hooks.registry import load_plugins

BUILTINS = [EntryPoint("530000", "jiuzhu.plugins.yunnan", "jiuzhu"),
            EntryPoint("530323", "jiuzhu.plugins.shizong", "jiuzhu")]

def write_plugin(tmp_path, monkeypatch, module, code, body):
    (tmp_path / f"{code}.toml").write_text(jurisdiction_toml(code, "530000"), encoding="utf-8")
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(f'''
        from pathlib import Path
        import numpy as np
        from jiuzhu.plugin import StaffingRule, hookimpl, load_jurisdiction
        CODE = "{code}"

        @hookimpl
        def jiuzhu_jurisdiction():
            return load_jurisdiction(Path(__file__).with_name(CODE + ".toml"))
    ''') + textwrap.dedent(body), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    return EntryPoint(code, module, "jiuzhu")


def test_builtins_register_through_entry_points(registry):
    assert set(registry.plugins) >= {"530000", "530323"}
    assert registry.plugins["530000"].distribution == "jiuzhu"
    assert registry.failures == ()


def test_plugin_failing_to_import_is_reported_and_others_work():
    reg = load_plugins(BUILTINS + [EntryPoint("110000", "no_such_module_for_jiuzhu", "jiuzhu")])
    assert [f.name for f in reg.failures] == ["110000"]
    assert "ModuleNotFoundError" in reg.failures[0].reason
    r = next(staffing(make_units(("county", 0, 45000)), "530000", registry=reg).records())
    assert r["minimum"] == 5
    with pytest.raises(PluginError, match="110000"):
        load_plugins(BUILTINS + [EntryPoint("110000", "no_such_module_for_jiuzhu", "jiuzhu")], strict=True)


def test_misspelled_hook_fails_loudly(tmp_path, monkeypatch):
    ep = write_plugin(tmp_path, monkeypatch, "typo_plugin", "530399", '''
        @hookimpl
        def jiuzhu_stafing_rule(units, chain):
            return None
    ''')
    reg = load_plugins(BUILTINS + [ep])
    assert "jiuzhu_stafing_rule" in reg.failures[0].reason and "530399" not in reg.plugins


def test_hook_that_raises_names_plugin_and_hook(tmp_path, monkeypatch):
    ep = write_plugin(tmp_path, monkeypatch, "raising_plugin", "530398", '''
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            raise RuntimeError("boom")
    ''')
    reg = load_plugins(BUILTINS + [ep])
    with pytest.raises(PluginError, match=r"plugin 530398 \(raising_plugin, distribution <unknown>\) failed in "
                                          r"jiuzhu_staffing_rule: RuntimeError: boom"):
        staffing(make_units(("village", 1, 0)), "530398", registry=reg)
    # Jurisdictions outside its chain are untouched.
    assert next(staffing(make_units(("village", 1, 0)), "530323", registry=reg).records())["minimum"] == 1


def test_wrong_column_length_names_plugin(tmp_path, monkeypatch):
    ep = write_plugin(tmp_path, monkeypatch, "short_plugin", "530397", '''
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            j = chain[CODE]
            return [StaffingRule("village_xieliyuan", j.citation("一"), units.level_mask("village"),
                                 minimum=np.array([2]))]
    ''')
    reg = load_plugins(BUILTINS + [ep])
    with pytest.raises(PluginError, match=r"plugin 530397 \(short_plugin, distribution <unknown>\) returned a bad answer \(答案不合规\) "
                                          r"from jiuzhu_staffing_rule: village_xieliyuan: minimum has shape \(1,\), expected \(2,\)"):
        staffing(make_units(("village", 1, 0), ("village", 1, 0)), "530397", registry=reg)


def test_two_plugins_claiming_one_code_are_refused(tmp_path, monkeypatch):
    a = write_plugin(tmp_path, monkeypatch, "dup_a", "530396", "")
    b = EntryPoint("530396", "dup_a", "jiuzhu")
    reg = load_plugins(BUILTINS + [a, b])
    assert "530396" not in reg.plugins
    assert "claimed by" in reg.failures[0].reason


def test_third_party_county_under_yunnan(tmp_path, monkeypatch):
    """A county plugin of another package joins Yunnan's chain; its higher floor binds."""
    ep = write_plugin(tmp_path, monkeypatch, "county_plugin", "530395", '''
        @hookimpl
        def jiuzhu_staffing_rule(units, chain):
            j = chain[CODE]
            n = len(units)
            return [StaffingRule("village_xieliyuan", j.citation("一"), units.level_mask("village"),
                                 minimum=np.full(n, j.parameters.value("village_floor")))]
    ''')
    reg = load_plugins(BUILTINS + [ep])
    r = next(staffing(make_units(("village", 12000, 0)), "530395", registry=reg).records())
    assert (r["minimum"], r["maximum"], r["jurisdiction"]) == (2, 3, "530395")


@pytest.mark.parametrize("name", [n for n in dir(hookspecs) if n.startswith("jiuzhu_")])
def test_every_hookspec_is_documented(name):
    """Each spec says what it receives, what it returns and what None means."""
    doc = inspect.getdoc(getattr(hookspecs, name))
    assert doc and ":return:" in doc
    params = [p for p in inspect.signature(getattr(hookspecs, name)).parameters]
    assert all(f":param {p}:" in doc for p in params)
    assert "None" in doc
