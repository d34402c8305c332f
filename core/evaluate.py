"""The Python API: run a table through a jurisdiction's chain, one function per rule family.

    >>> from jiuzhu.core.evaluate import staffing
    >>> from jiuzhu.core.readers import units_from_rows
    >>> result = staffing(units_from_rows([{"code": "1", "level": "county",
    ...                                     "population": 0, "dibao_count": 45000}]), "530000")
    >>> next(result.records())["minimum"]
    5
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from jiuzhu.core.calling import call_chain
from jiuzhu.core.chain import Chain
from jiuzhu.core.combine import combine_checks, combine_deductions, combine_staffing
from jiuzhu.core.errors import PluginError
from jiuzhu.core.registry import Registry, load_plugins
from jiuzhu.core.results import CheckResult, DeductionResult, StaffingResult
from jiuzhu.core.table import Table


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The installed plugins, scanned once per process."""
    return load_plugins()


def _chain(jurisdiction: str | Chain, registry: Registry | None,
           overrides: Mapping[str, Any] | None) -> tuple[Registry, Chain]:
    registry = registry or default_registry()
    if isinstance(jurisdiction, Chain):
        return registry, jurisdiction
    return registry, registry.chain(jurisdiction, overrides)


def _answers(hook: str, jurisdiction: str | Chain, registry: Registry | None,
             overrides: Mapping[str, Any] | None, cache: dict | None = None,
             **kwargs: Any) -> tuple[Chain, dict[str, Any]]:
    """The chain, and each of its levels' answer to ``hook`` (``None`` answers left out)."""
    registry, chain = _chain(jurisdiction, registry, overrides)
    pm = registry.plugin_manager_for(chain)
    return chain, call_chain(pm, hook, cache=cache, distributions=registry.distributions(chain), chain=chain,
                             **kwargs)


@contextmanager
def _naming_distributions(registry: Registry | None, chain: Chain):
    """Name the distribution in a PluginError about one plugin's answer (the combiner,
    which finds the fault, does not know where the plugin came from)."""
    try:
        yield
    except PluginError as exc:
        registry = registry or default_registry()
        if exc.plugin in registry.plugins and exc.distribution is None:
            exc.distribution = registry.distributions(chain)[exc.plugin]
        raise


def staffing(units: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
             overrides: Mapping[str, Any] | None = None, cache: dict | None = None) -> StaffingResult:
    """Required staff per unit and role under ``jurisdiction``'s chain (with ``overrides``).

    ``cache``: a dict kept across calls on the same ``units`` (see :func:`call_chain`).
    """
    chain, answers = _answers("jiuzhu_staffing_rule", jurisdiction, registry, overrides, cache, units=units)
    with _naming_distributions(registry, chain):
        return combine_staffing(units, chain, answers)


def check(subject: str, records: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
          overrides: Mapping[str, Any] | None = None) -> CheckResult:
    """Eligibility of each record (a candidate, contractor, purchase item…) under the chain."""
    chain, answers = _answers("jiuzhu_eligibility_check", jurisdiction, registry, overrides, subject=subject, records=records)
    with _naming_distributions(registry, chain):
        return combine_checks(subject, records, chain, answers)


def deduct(subject: str, incidents: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
           overrides: Mapping[str, Any] | None = None) -> DeductionResult:
    """The deduction range for each incident record under the chain."""
    chain, answers = _answers("jiuzhu_deduction_rule", jurisdiction, registry, overrides, subject=subject, incidents=incidents)
    with _naming_distributions(registry, chain):
        return combine_deductions(subject, incidents, chain, answers)


def fund_rules(units: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
               overrides: Mapping[str, Any] | None = None, cache: dict | None = None) -> dict:
    """Each level's funding rule (factor weights, floors, budget shares), by jurisdiction code."""
    chain, answers = _answers("jiuzhu_fund_factor_weighting", jurisdiction, registry, overrides, cache, units=units)
    return {code: answers[code] for code in chain.codes if code in answers}


def scoring_rules(scores: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
                  overrides: Mapping[str, Any] | None = None) -> dict:
    """Each level's scoring answer, by jurisdiction code (empty: not regulated in the chain)."""
    chain, answers = _answers("jiuzhu_pilot_scoring", jurisdiction, registry, overrides, scores=scores)
    return {code: answers[code] for code in chain.codes if code in answers}


def allocate(units: Table, jurisdiction: str | Chain, pool: float | None = None, *,
             registry: Registry | None = None, overrides: Mapping[str, Any] | None = None,
             cache: dict | None = None):
    """Per-unit fund floors and, given a ``pool`` and factor columns, each unit's weighted share."""
    from jiuzhu.core.allocation import Allocation

    registry, chain = _chain(jurisdiction, registry, overrides)
    return Allocation(units, chain, fund_rules(units, chain, registry=registry, cache=cache), pool)
