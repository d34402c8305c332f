"""The Python API: run tables through a jurisdiction's chain, one function per rule family.

    >>> from jiuzhu.core.evaluate import staffing
    >>> from jiuzhu.core.io.readers import units_from_rows
    >>> result = staffing(units_from_rows([{"code": "1", "level": "county",
    ...                                     "population": 0, "dibao_count": 45000}]), "530000")
    >>> next(result.records())["minimum"]
    5

The five functions (:func:`staffing`, :func:`check`, :func:`deduct`, :func:`allocate`,
:func:`score`) each run one fresh :class:`Evaluation`. To ask several questions of the same
tables, as ``compare`` does, make one ``Evaluation`` and call its methods: a level shared by
several chains (Yunnan heads its own and Shizong's) is then asked once per table.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

import pluggy

from jiuzhu.core.combine.allocation import Allocation
from jiuzhu.core.hooks.calling import call_chain, call_level
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.combine import combine_checks, combine_deductions, combine_funds, combine_scores, combine_staffing
from jiuzhu.core.model import note_reads, recording_reads
from jiuzhu.core.hooks.registry import Registry, load_plugins
from jiuzhu.core.combine.results import CheckResult, DeductionResult, ScoreResult, StaffingResult
from jiuzhu.core.model.table import Table

_TABLE_ARGS = ("units", "records", "incidents", "scores")


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The installed plugins, scanned once per process (less those ``$JIUZHU_BLOCK`` names)."""
    from jiuzhu.core.hooks.registry import blocked_names

    return load_plugins(block=blocked_names())


class Evaluation:
    """The installed rules asked about the tables given to its methods, with every level's
    answer kept for reuse (the way OpenFisca's ``Simulation`` owns its holders).

    An answer is reused when the same plugin is asked the same hook about the same table
    objects (held here, so never mistaken for another), on the same day, with the same
    values of its own and its ancestors' parameters and of every parameter it read when it
    first answered, in whichever level. Tables are taken as they are: do not change one
    between calls.
    """

    def __init__(self, registry: Registry | None = None, as_of: date | None = None):
        self.registry = registry or default_registry()
        self.as_of = as_of  # the day a jurisdiction code's chain is read as of (None: today)
        self._tables: list[Table] = []
        self._answers: dict[tuple, list[tuple]] = {}

    def chain(self, jurisdiction: str | Chain, overrides: Mapping[str, Any] | None = None) -> Chain:
        if isinstance(jurisdiction, Chain):
            return jurisdiction
        return self.registry.chain(jurisdiction, overrides, self.as_of)

    def staffing(self, units: Table, jurisdiction: str | Chain, *,
                 overrides: Mapping[str, Any] | None = None) -> StaffingResult:
        """Required staff per unit and role under ``jurisdiction``'s chain (with ``overrides``)."""
        chain = self.chain(jurisdiction, overrides)
        return combine_staffing(units, chain, self.answers("jiuzhu_staffing_rule", chain, units=units))

    def check(self, subject: str, records: Table, jurisdiction: str | Chain, *,
              overrides: Mapping[str, Any] | None = None) -> CheckResult:
        """Eligibility of each record (a candidate, contractor, purchase item…) under the chain."""
        chain = self.chain(jurisdiction, overrides)
        answers = self.answers("jiuzhu_eligibility_check", chain, subject=subject, records=records)
        return combine_checks(subject, records, chain, answers)

    def deduct(self, subject: str, incidents: Table, jurisdiction: str | Chain, *,
               overrides: Mapping[str, Any] | None = None) -> DeductionResult:
        """The deduction range for each incident record under the chain."""
        chain = self.chain(jurisdiction, overrides)
        answers = self.answers("jiuzhu_deduction_rule", chain, subject=subject, incidents=incidents)
        return combine_deductions(subject, incidents, chain, answers)

    def allocate(self, units: Table, jurisdiction: str | Chain, pool: float | None = None, *,
                 overrides: Mapping[str, Any] | None = None) -> Allocation:
        """Per-unit fund floors and, given a ``pool`` and factor columns, each unit's weighted share."""
        chain = self.chain(jurisdiction, overrides)
        return combine_funds(units, chain, self.answers("jiuzhu_fund_factor_weighting", chain, units=units), pool)

    def score(self, scores: Table, jurisdiction: str | Chain, *,
              overrides: Mapping[str, Any] | None = None) -> ScoreResult:
        """Each row's pilot score, rank and award (``rules`` empty: not regulated in the chain)."""
        chain = self.chain(jurisdiction, overrides)
        return combine_scores(scores, chain, self.answers("jiuzhu_pilot_scoring", chain, scores=scores))

    def answers(self, hook: str, chain: Chain, **kwargs: Any) -> dict[str, Any]:
        """Each level's checked answer to ``hook`` (levels answering ``None`` left out)."""
        pm = self.registry.plugin_manager_for(chain)
        return call_chain(pm, hook, self.registry.distributions(chain), self._answer, chain=chain, **kwargs)

    def _answer(self, impl: pluggy.HookImpl, hook: str, kwargs: dict[str, Any], module: str,
                distribution: str | None) -> Any:
        chain = kwargs["chain"]
        # Besides the parameters it reads (checked below), a level's answer may rest on its
        # own and its ancestors' numbers however it reaches them, and on the chain's day.
        key = (impl.plugin_name, hook, repr(chain.parameter_values(up_to=impl.plugin_name)), chain.as_of,
               chain.in_force_only, tuple(sorted(chain.dormant)),
               tuple((name, self._table_token(value) if name in _TABLE_ARGS else value)
                     for name, value in sorted(kwargs.items()) if name != "chain"))
        entries = self._answers.setdefault(key, [])
        for reads, answer in entries:
            if all(_value_in(chain, code, name) == value for (code, name), value in reads):
                note_reads(pair for pair, _value in reads)
                return answer
        with recording_reads() as read:
            answer = call_level(impl, hook, kwargs, module, distribution)
        entries.append((tuple((pair, _value_in(chain, *pair)) for pair in sorted(read)), answer))
        return answer

    def _table_token(self, table: Table) -> int:
        """This table's place among the tables asked about: kept alive here, so unique."""
        for i, known in enumerate(self._tables):
            if known is table:
                return i
        self._tables.append(table)
        return len(self._tables) - 1


_ABSENT = object()


def _value_in(chain: Chain, code: str, name: str) -> Any:
    """The value of parameter ``name`` of level ``code`` in ``chain`` (absent: a marker no value equals)."""
    if code not in chain.codes:
        return _ABSENT
    parameter = chain[code].parameters.by_name.get(name)
    return _ABSENT if parameter is None else parameter.value


def staffing(units: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
             overrides: Mapping[str, Any] | None = None) -> StaffingResult:
    """Required staff per unit and role under ``jurisdiction``'s chain (with ``overrides``)."""
    return Evaluation(registry).staffing(units, jurisdiction, overrides=overrides)


def check(subject: str, records: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
          overrides: Mapping[str, Any] | None = None) -> CheckResult:
    """Eligibility of each record (a candidate, contractor, purchase item…) under the chain."""
    return Evaluation(registry).check(subject, records, jurisdiction, overrides=overrides)


def deduct(subject: str, incidents: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
           overrides: Mapping[str, Any] | None = None) -> DeductionResult:
    """The deduction range for each incident record under the chain."""
    return Evaluation(registry).deduct(subject, incidents, jurisdiction, overrides=overrides)


def allocate(units: Table, jurisdiction: str | Chain, pool: float | None = None, *,
             registry: Registry | None = None, overrides: Mapping[str, Any] | None = None) -> Allocation:
    """Per-unit fund floors and, given a ``pool`` and factor columns, each unit's weighted share."""
    return Evaluation(registry).allocate(units, jurisdiction, pool, overrides=overrides)


def score(scores: Table, jurisdiction: str | Chain, *, registry: Registry | None = None,
          overrides: Mapping[str, Any] | None = None) -> ScoreResult:
    """Each row's pilot score, rank and award under the chain."""
    return Evaluation(registry).score(scores, jurisdiction, overrides=overrides)
