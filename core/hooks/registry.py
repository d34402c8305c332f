"""Discovering jurisdiction plugins through entry points, and building plugin managers.

Every plugin, built-in or third-party, is an entry point in the group ``jiuzhu`` whose
name is the jurisdiction code: ``CODE = "package.module"`` for a Python plugin, or
``CODE = "package:jurisdiction.toml"`` for a jurisdiction stated in its TOML file alone
(the file sits in that package; its name must read as a dotted Python name, which is
what packaging tools accept in an entry point). Each is loaded on its own: one that fails to import or to
declare its jurisdiction is recorded with the reason, and the others keep working.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from attrs import field, frozen

from jiuzhu.core.hooks import specs as hookspecs
from jiuzhu.core.rules.chain import Chain, JurisdictionTree
from jiuzhu.core.model.errors import JiuzhuError, PluginError
from jiuzhu.core.hooks.interrupts import describe, is_plugin_fault, watching_interrupts
from jiuzhu.core.model import Jurisdiction, is_code
from jiuzhu.core.rules.subjects import Subject, gather

ENTRY_POINT_GROUP = "jiuzhu"
#: The distribution whose plugins are built in: no other package may claim their codes.
BUILTIN_DISTRIBUTION = "jiuzhu"


@frozen
class PluginRecord:
    """A loaded plugin: its object, where it came from, and the jurisdiction it declares."""

    name: str
    plugin: Any
    distribution: str
    version: str
    jurisdiction: Jurisdiction
    subjects: tuple[Subject, ...] = ()

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


@frozen
class Blocked:
    """A plugin the user blocked by name (``jiuzhu --block NAME`` or ``$JIUZHU_BLOCK``): never imported."""

    name: str
    distribution: str


_HOOK_NAMES = {n for n in dir(hookspecs) if n.startswith("jiuzhu_")}


def _distribution(ep: EntryPoint, known: dict) -> tuple[str, str]:
    """The name and version of the distribution that provides ``ep``. ``known``: those already
    read, by distribution: its metadata (which holds its whole README) is parsed once per load,
    not once per entry point and per field."""
    dist = getattr(ep, "dist", None)
    if dist is None:
        return "<unknown>", ""
    if dist not in known:
        metadata = dist.metadata
        known[dist] = (metadata["Name"], metadata["Version"])
    return known[dist]


def new_plugin_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager("jiuzhu")
    pm.add_hookspecs(hookspecs)
    return pm


@frozen
class Registry:
    """The installed plugins by jurisdiction code, and the ones that failed to load."""

    plugins: Mapping[str, PluginRecord]
    failures: tuple[LoadFailure, ...] = ()
    blocked: tuple[Blocked, ...] = ()
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

    def subjects(self) -> dict[str, Subject]:
        """Every eligibility subject a loaded plugin declares, by name (built-ins' declarations first)."""
        records = sorted(self.plugins.values(), key=lambda r: (r.distribution != BUILTIN_DISTRIBUTION, r.name))
        return gather(s for r in records for s in r.subjects)

    def distributions(self, chain: Chain) -> dict[str, str]:
        """Plugin name → "distribution version", for messages that must name where a plugin came from."""
        return {c: f"{self.plugins[c].distribution} {self.plugins[c].version}".strip() for c in chain.codes}


def _declare(name: str, plugin: Any) -> tuple[Jurisdiction, tuple[Subject, ...]]:
    """Register the plugin alone, validate its hooks, and ask for its jurisdiction and subjects."""
    pm = new_plugin_manager()
    pm.register(plugin, name=name)
    pm.check_pending()
    declared = [impl.function() for impl in pm.hook.jiuzhu_jurisdiction.get_hookimpls()]
    if len(declared) != 1 or not isinstance(declared[0], Jurisdiction):
        raise TypeError("jiuzhu_jurisdiction must be implemented once and return a Jurisdiction")
    subjects = [s for impl in pm.hook.jiuzhu_subjects.get_hookimpls() for s in (impl.function() or ())]
    bad = [s for s in subjects if not isinstance(s, Subject)]
    if bad:
        raise TypeError(f"jiuzhu_subjects must return Subject declarations, not {bad[0]!r}")
    return declared[0], tuple(subjects)


def _load(ep: EntryPoint) -> Any:
    """The plugin object: the entry point's module or attribute, or, for a TOML-only
    jurisdiction (``"package:jurisdiction.toml"``), a plugin made from that file alone."""
    if ep.value.strip().endswith(".toml"):
        from importlib.resources import files

        from jiuzhu.core.rules.declarative import DeclarativePlugin

        return DeclarativePlugin(files(ep.module) / ep.attr)
    return ep.load()


def blocked_names(values: Iterable[str] | None = None) -> tuple[str, ...]:
    """The plugin names to block: ``values`` (``jiuzhu --block``), else ``$JIUZHU_BLOCK``;
    each may hold several names separated by spaces or commas."""
    if values is None:
        values = (os.environ.get("JIUZHU_BLOCK", ""),)
    return tuple(name for value in values for name in value.replace(",", " ").split())


def _is_blocked(ep: EntryPoint, dist: str, blocked: frozenset[str]) -> bool:
    return ep.name in blocked or dist in blocked or dist.lower().replace("_", "-") in blocked


def load_plugins(eps: Iterable[EntryPoint] | None = None, *, strict: bool = False,
                 block: Iterable[str] = ()) -> Registry:
    """Load every plugin of the ``jiuzhu`` entry-point group (or ``eps``).

    A plugin that fails (its import or declaration raises anything, ``sys.exit()`` and a
    ``KeyboardInterrupt`` of its own included; its code is malformed; its place in the tree
    is broken) is recorded in ``failures``; ``strict`` raises a PluginError naming every
    failure instead. Two plugins claiming the same code are both refused, with both names,
    except a built-in code: the built-in plugin keeps it and the other is refused.
    ``block``: entry-point or distribution names never to import.
    """
    if eps is None:
        eps = entry_points(group=ENTRY_POINT_GROUP)
    blocked_names = frozenset(b.strip().lower().replace("_", "-") for b in block if b.strip())
    loaded: dict[str, list[PluginRecord]] = {}
    failures: list[LoadFailure] = []
    blocked: list[Blocked] = []
    distributions: dict = {}
    for ep in eps:
        dist, version = _distribution(ep, distributions)
        if _is_blocked(ep, dist.lower(), blocked_names):
            blocked.append(Blocked(ep.name, dist))
            continue
        if not is_code(ep.name):
            failures.append(LoadFailure(ep.name, dist, f"entry-point name {ep.name!r} is not a six-digit "
                                                       "GB/T 2260 code in ASCII digits (0-9)"))
            continue
        with watching_interrupts() as watch:
            try:
                plugin = _load(ep)
                jurisdiction, subjects = _declare(ep.name, plugin)
                if jurisdiction.code != ep.name:
                    raise ValueError(f"declares jurisdiction {jurisdiction.code} under the entry-point "
                                     f"name {ep.name}; they must match")
            except BaseException as exc:  # a broken plugin must never hide the others, nor end jiuzhu
                if not is_plugin_fault(exc, watch):
                    raise  # the user's own Ctrl-C
                failures.append(LoadFailure(ep.name, dist, str(exc) if isinstance(exc, JiuzhuError) else describe(exc)))
                continue
        loaded.setdefault(jurisdiction.code, []).append(
            PluginRecord(ep.name, plugin, dist, version, jurisdiction, subjects))
    plugins = {}
    for code, records in loaded.items():
        builtin = [r for r in records if r.distribution == BUILTIN_DISTRIBUTION]
        if len(records) > 1 and len(builtin) == 1:
            plugins[code] = builtin[0]
            failures.extend(LoadFailure(code, r.distribution, f"claims the built-in jurisdiction {code} "
                                        f"({builtin[0].jurisdiction.name_en}); refused, the built-in plugin is kept")
                            for r in records if r is not builtin[0])
            continue
        if len(records) > 1:
            names = " and ".join(f"{r.distribution} ({r.plugin.__name__ if hasattr(r.plugin, '__name__') else r.plugin!r})"
                                 for r in records)
            reason = f"jurisdiction {code} is claimed by {names}; uninstall one"
            failures.extend(LoadFailure(code, r.distribution, reason) for r in records)
            continue
        plugins[code] = records[0]
    unavailable = {**{f.name: "did not load (see its own warning)" for f in failures},
                   **{b.name: "you blocked" for b in blocked}}
    for code, reason in tree_problems({c: r.jurisdiction for c, r in plugins.items()}, unavailable).items():
        failures.append(LoadFailure(code, plugins.pop(code).distribution, reason))
    if strict and failures:
        raise PluginError("; ".join(f"plugin {f.name} ({f.distribution}) failed to load: {f.reason}"
                                    for f in failures))
    return Registry(plugins, tuple(failures), tuple(blocked))


def tree_problems(by_code: Mapping[str, Jurisdiction], unavailable: Mapping[str, str] | None = None) -> dict[str, str]:
    """``{code: why}`` for each jurisdiction that cannot head or join a chain: a malformed
    parent code, itself as parent, a parent no plugin provides (``unavailable``: codes whose
    plugin is installed but not usable, and why), a cycle of parents, or an ancestor with
    any of these."""
    unavailable = unavailable or {}
    problems: dict[str, str] = {}
    for code, j in by_code.items():
        if j.parent is None:
            continue
        if not is_code(j.parent):
            problems[code] = f"names parent {j.parent!r}, which is not a six-digit code in ASCII digits"
        elif j.parent == code:
            problems[code] = "names itself as its parent"
        elif j.parent in unavailable and j.parent not in by_code:
            problems[code] = f"names parent {j.parent}, whose plugin {unavailable[j.parent]}"
        elif j.parent not in by_code:
            problems[code] = f"names parent {j.parent}, which no installed plugin provides"
    direct = dict(problems)  # found on the code's own line; a walk up the tree stops at them
    for code in by_code:
        if code in direct:
            continue
        path, node = [code], by_code[code].parent
        while node is not None and node in by_code and node not in direct:
            if node in path:
                cycle = path[path.index(node):] + [node]
                problems[code] = f"its parents form a cycle: {' → '.join(cycle)}"
                break
            path.append(node)
            node = by_code[node].parent
        else:
            if node is not None and node in direct:
                problems[code] = f"its ancestor {node} cannot be loaded"
    return problems
