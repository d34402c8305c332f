"""Discovering jurisdiction plugins through entry points, and building plugin managers.

Every plugin, built-in or third-party, is an entry point in the group ``jiuzhu`` whose
name is the jurisdiction code: ``CODE = "package.module"`` for a Python plugin, or
``CODE = "package:jurisdiction.toml"`` for a jurisdiction stated in its TOML file alone
(the file sits in that package; its name must read as a dotted Python name, which is
what packaging tools accept in an entry point). Each is loaded on its own: one that fails to import or to
declare its jurisdiction is recorded with the reason, and the others keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import field, frozen

from jiuzhu.core import hookspecs
from jiuzhu.core.chain import Chain, JurisdictionTree
from jiuzhu.core.errors import JiuzhuError, PluginError
from jiuzhu.core.model import Jurisdiction

ENTRY_POINT_GROUP = "jiuzhu"


@frozen
class PluginRecord:
    """A loaded plugin: its object, where it came from, and the jurisdiction it declares."""

    name: str
    plugin: Any
    distribution: str
    version: str
    jurisdiction: Jurisdiction

    def hooks(self) -> list[str]:
        """The hook names this plugin implements (rule families and declaration)."""
        return sorted(n for n in dir(self.plugin) if n.startswith("jiuzhu_") and n in _HOOK_NAMES)

    def families(self) -> list[str]:
        """The rule families this plugin's document regulates (the hooks it implements)."""
        hooks = self.hooks()
        return [family for hook, (family, _zh) in hookspecs.RULE_FAMILIES.items() if hook in hooks]


@frozen
class LoadFailure:
    """A plugin that could not be used, and why."""

    name: str
    distribution: str
    reason: str


_HOOK_NAMES = {n for n in dir(hookspecs) if n.startswith("jiuzhu_")}


def _distribution(ep: EntryPoint) -> tuple[str, str]:
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "<unknown>", ""
    return dist.metadata["Name"], dist.version


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("jiuzhu")
    pm.add_hookspecs(hookspecs)
    return pm


@frozen
class Registry:
    """The installed plugins by jurisdiction code, and the ones that failed to load."""

    plugins: Mapping[str, PluginRecord]
    failures: tuple[LoadFailure, ...] = ()
    tree: JurisdictionTree = field(init=False)
    _managers: dict = field(init=False, factory=dict, repr=False, eq=False)

    def __attrs_post_init__(self):
        object.__setattr__(self, "tree", JurisdictionTree({c: r.jurisdiction for c, r in self.plugins.items()}))

    def chain(self, code: str, overrides: Mapping[str, Any] | None = None, as_of=None,
              in_force_only: bool = False) -> Chain:
        return self.tree.chain(code, overrides, as_of, in_force_only)

    def plugin_manager_for(self, chain: Chain) -> pluggy.PluginManager:
        """A manager with exactly the chain's plugins registered (made once per chain of codes:
        registration inspects every attribute of every plugin, and a manager holds no state
        beyond its registrations). A level not in force on the chain's day is left out: it
        answers nothing."""
        codes = chain.answering_codes
        if codes in self._managers:
            return self._managers[codes]
        pm = new_plugin_manager()
        for code in codes:
            record = self.plugins[code]
            try:
                pm.register(record.plugin, name=code)
            except ValueError as exc:  # pluggy refuses an object registered twice
                raise PluginError(f"plugin {code} ({record.distribution}): {exc}") from None
        try:
            pm.check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginError(f"plugin {exc.plugin!r}: {exc}") from None
        self._managers[codes] = pm
        return pm

    def answering(self, chain: Chain) -> dict[str, list[str]]:
        """For each rule family, the codes of the chain's levels whose plugin implements it."""
        return {family: [code for code in chain.answering_codes if family in self.plugins[code].families()]
                for family, _zh in hookspecs.RULE_FAMILIES.values()}

    def distributions(self, chain: Chain) -> dict[str, str]:
        """Plugin name → "distribution version", for messages that must name where a plugin came from."""
        return {c: f"{self.plugins[c].distribution} {self.plugins[c].version}".strip() for c in chain.codes}


def _declare(name: str, plugin: Any) -> Jurisdiction:
    """Register the plugin alone, validate its hooks, and ask for its jurisdiction."""
    pm = new_plugin_manager()
    pm.register(plugin, name=name)
    pm.check_pending()
    declared = [impl.function() for impl in pm.hook.jiuzhu_jurisdiction.get_hookimpls()]
    if len(declared) != 1 or not isinstance(declared[0], Jurisdiction):
        raise TypeError("jiuzhu_jurisdiction must be implemented once and return a Jurisdiction")
    return declared[0]


def _load(ep: EntryPoint) -> Any:
    """The plugin object: the entry point's module or attribute, or, for a TOML-only
    jurisdiction (``"package:jurisdiction.toml"``), a plugin made from that file alone."""
    if ep.value.strip().endswith(".toml"):
        from importlib.resources import files

        from jiuzhu.core.declarative import DeclarativePlugin

        return DeclarativePlugin(files(ep.module) / ep.attr)
    return ep.load()


def load_plugins(eps: Iterable[EntryPoint] | None = None, *, strict: bool = False) -> Registry:
    """Load every plugin of the ``jiuzhu`` entry-point group (or ``eps``).

    A plugin that fails is recorded in ``failures`` (``strict``: raised as PluginError).
    Two plugins claiming the same code are both refused, with both names.
    """
    if eps is None:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    loaded: dict[str, list[PluginRecord]] = {}
    failures: list[LoadFailure] = []
    for ep in eps:
        dist, version = _distribution(ep)
        try:
            plugin = _load(ep)
            jurisdiction = _declare(ep.name, plugin)
            if jurisdiction.code != ep.name:
                raise ValueError(f"declares jurisdiction {jurisdiction.code} under the entry-point "
                                 f"name {ep.name}; they must match")
        except Exception as exc:  # a broken plugin must never hide the others
            reason = str(exc) if isinstance(exc, JiuzhuError) else f"{type(exc).__name__}: {exc}"
            if strict:
                raise PluginError(f"plugin {ep.name} ({dist}) failed to load: {reason}") from exc
            failures.append(LoadFailure(ep.name, dist, reason))
            continue
        loaded.setdefault(jurisdiction.code, []).append(
            PluginRecord(ep.name, plugin, dist, version, jurisdiction))
    plugins = {}
    for code, records in loaded.items():
        if len(records) > 1:
            names = " and ".join(f"{r.distribution} ({r.plugin.__name__ if hasattr(r.plugin, '__name__') else r.plugin!r})"
                                 for r in records)
            reason = f"jurisdiction {code} is claimed by {names}; uninstall one"
            if strict:
                raise PluginError(reason)
            failures.extend(LoadFailure(code, r.distribution, reason) for r in records)
            continue
        plugins[code] = records[0]
    return Registry(plugins, tuple(failures))
