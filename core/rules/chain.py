"""The jurisdiction tree and the chain from its root to one jurisdiction, with overrides.

A chain is what rule hooks receive: the levels that apply (province first), each with its
parameters as the active profile sets them, as they stood on the chain's ``as_of`` day. A
level none of whose documents is in force that day stays in the chain (so it can be named
and overridden) but answers nothing: it is listed in ``dormant`` with the reason.
"""

from __future__ import annotations

import math

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from attrs import evolve, field, frozen

from jiuzhu.core.model.dates import today
from jiuzhu.core.model.errors import ParameterError, UnknownJurisdiction
from jiuzhu.core.model import Jurisdiction, Parameter


@frozen
class Chain:
    """The levels of a jurisdiction's chain, root first; index by code."""

    jurisdictions: tuple[Jurisdiction, ...]
    #: The day the chain's rules are read as of (None: as loaded, i.e. today's values).
    as_of: dt.date | None = None
    #: ``{code: why}`` for each level not in force on ``as_of``: it answers nothing.
    dormant: Mapping[str, str] = field(factory=dict)
    in_force_only: bool = False
    #: ``{"CODE hook": why}`` for each rule silenced that day because a number it reads has
    #: no dated value (filled in while the chain is evaluated).
    lapsed: dict = field(factory=dict, eq=False, repr=False)

    def __getitem__(self, code: str) -> Jurisdiction:
        for j in self.jurisdictions:
            if j.code == code:
                return j
        raise KeyError(f"{code} is not in the chain {' → '.join(self.codes)}")

    def __iter__(self) -> Iterator[Jurisdiction]:
        return iter(self.jurisdictions)

    def __len__(self) -> int:
        return len(self.jurisdictions)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(j.code for j in self.jurisdictions)

    @property
    def answering_codes(self) -> tuple[str, ...]:
        """The levels whose rules apply on ``as_of`` (every level but the dormant ones)."""
        return tuple(c for c in self.codes if c not in self.dormant)

    def dormant_notes(self) -> list[str]:
        """One line per level not in force on ``as_of``, and per rule silenced because a number
        it reads has no value that day, plainly (English and Chinese)."""
        return [f"{where.replace('jiuzhu_', '')} answers nothing on {self.as_of}: {why}" for where, why in
                self.lapsed.items()] + [f"{code} {self[code].name_zh} {self[code].name_en} is not in force on {self.as_of}: {why}; "
                f"it answers nothing and the rest of the chain applies 该层级于{self.as_of}不适用，其余层级照常适用"
                for code, why in self.dormant.items()]

    @property
    def target(self) -> Jurisdiction:
        return self.jurisdictions[-1]

    def parameter_values(self, up_to: str | None = None) -> dict[str, dict[str, Any]]:
        """``{code: {name: value}}`` for each level, root first, stopping at ``up_to`` if given:
        everything a level's answers may depend on (its own and its ancestors' numbers)."""
        out = {}
        for j in self.jurisdictions:
            if j.code in self.dormant:
                continue
            out[j.code] = {name: p.value for name, p in sorted(j.parameters.by_name.items())}
            if j.code == up_to:
                break
        return out

    def depth(self, code: str) -> int:
        """0 for the root; the combiner orders levels by this, never by call order."""
        return self.codes.index(code)


def _check_value(param: Parameter, qualified: str, value: Any) -> Any:
    """The override value as the parameter's type, or a ParameterError saying what is allowed."""
    default = param.value
    if param.informational:
        raise ParameterError(f"{qualified} is informational: the text states it but no rule reads it, so an "
                             "override would change nothing")
    if isinstance(default, bool):
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no", "1", "0"):
            value = value.lower() in ("true", "yes", "1")
        if not isinstance(value, bool):
            raise ParameterError(f"{qualified} takes true or false, not {value!r}")
    elif isinstance(default, (int, float)):
        whole = isinstance(default, int)
        try:
            number = float(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            number = None
        # Exact types: 2.5 is not a whole number (it used to become 2); NaN and inf are no numbers.
        if number is not None and (not math.isfinite(number) or (whole and not number.is_integer())):
            number = None
        value = None if number is None else (int(number) if whole else number)
        if value is None:
            kind = "a whole number" if isinstance(default, int) else "a number"
            raise ParameterError(f"{qualified} takes {kind}")
        if param.minimum is not None and value < param.minimum:
            raise ParameterError(f"{qualified} must be at least {param.minimum}, not {value}")
        if param.maximum is not None and value > param.maximum:
            raise ParameterError(f"{qualified} must be at most {param.maximum}, not {value}")
    elif isinstance(default, str):
        value = str(value)
    elif isinstance(default, list):
        if not isinstance(value, list):
            raise ParameterError(f"{qualified} takes a list like {default!r}")
    if param.choices and value not in param.choices:
        raise ParameterError(f"{qualified} must be one of {', '.join(map(str, param.choices))}, not {value!r}")
    return value


def resolve_override_name(chain_levels: tuple[Jurisdiction, ...], name: str) -> tuple[Jurisdiction, str]:
    """``CODE.name``, or a bare ``name`` found from the target upwards."""
    if "." in name:
        code, _, pname = name.partition(".")
        for j in chain_levels:
            if j.code == code:
                if pname not in j.parameters:
                    raise ParameterError(f"{code} declares no parameter {pname!r}; "
                                         f"`jiuzhu show {code}` lists them")
                return j, pname
        raise ParameterError(f"{code} is not in the chain {' → '.join(j.code for j in chain_levels)}")
    for j in reversed(chain_levels):
        if name in j.parameters:
            return j, name
    raise ParameterError(f"no level of the chain {' → '.join(j.code for j in chain_levels)} declares a "
                         f"parameter {name!r}; `jiuzhu show CODE` lists them")


def apply_overrides(levels: tuple[Jurisdiction, ...], overrides: Mapping[str, Any]) -> tuple[Jurisdiction, ...]:
    """The levels with each override checked against its declared parameter and applied."""
    by_code = {j.code: dict(j.parameters.by_name) for j in levels}
    for name, value in overrides.items():
        j, pname = resolve_override_name(levels, name)
        param = by_code[j.code][pname]
        by_code[j.code][pname] = param.with_override(_check_value(param, f"{j.code}.{pname}", value))
    return tuple(evolve(j, parameters=evolve(j.parameters, by_name=by_code[j.code])) for j in levels)


@frozen
class JurisdictionTree:
    """All known jurisdictions by code, with their parent links."""

    by_code: Mapping[str, Jurisdiction]

    def __contains__(self, code: str) -> bool:
        return code in self.by_code

    def __getitem__(self, code: str) -> Jurisdiction:
        try:
            return self.by_code[code]
        except KeyError:
            known = ", ".join(sorted(self.by_code)) or "none installed"
            raise UnknownJurisdiction(f"unknown jurisdiction {code!r}; known: {known}") from None

    def codes(self) -> list[str]:
        return sorted(self.by_code)

    def children(self, code: str | None) -> list[Jurisdiction]:
        return [j for c, j in sorted(self.by_code.items()) if j.parent == code]

    def path(self, code: str) -> tuple[Jurisdiction, ...]:
        """Root-first path to ``code``; a missing parent is an error naming both codes."""
        levels = []
        node = self[code]
        seen = set()
        while node is not None:
            if node.code in seen:
                raise UnknownJurisdiction(f"jurisdiction {code}: its parents form a cycle")
            seen.add(node.code)
            levels.append(node)
            if node.parent is None:
                break
            if node.parent not in self.by_code:
                raise UnknownJurisdiction(f"jurisdiction {node.code} names parent {node.parent}, "
                                          "which no installed plugin provides")
            node = self.by_code[node.parent]
        return tuple(reversed(levels))

    def chain(self, code: str, overrides: Mapping[str, Any] | None = None, as_of: dt.date | None = None,
              in_force_only: bool = False) -> Chain:
        """The chain to ``code`` as of ``as_of`` (default: today), with ``overrides`` applied;
        ``in_force_only`` makes a level resting on a draft answer nothing."""
        day = as_of or today()
        levels, dormant = [], {}
        for j in self.path(code):
            dated, why = j.on(day, in_force_only)
            levels.append(dated)
            if why is not None:
                dormant[j.code] = why
        return Chain(apply_overrides(tuple(levels), overrides or {}), day, dormant, in_force_only)
