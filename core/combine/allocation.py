"""Funds per unit under a chain, as :func:`jiuzhu.core.combine.combine_funds` resolved them:
each unit's binding floor (and the level giving it), conflicts between floors, the factor
method's weights and, given a pool, each unit's share and amount. This module only formats.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from attrs import frozen

from jiuzhu.core.hooks.answers import FundRule
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.model import Citation
from jiuzhu.core.combine.results import floor_conflict
from jiuzhu.core.model.table import Table


def _floor_citation(rule: FundRule, i: int) -> Citation:
    """The clause setting unit ``i``'s floor in ``rule`` (one per unit where several rules do)."""
    return rule.floor_citation if rule.floor_citations is None else rule.floor_citations[i]


@frozen(eq=False)
class Allocation:
    """``rules``: each level's answer by code, root first. ``with_floors``: the levels stating
    per-unit floors, root first; ``floor_by`` indexes them (-1: no floor), as do
    ``conflict_lower``/``conflict_upper`` (None without floors). ``factor_rule``: the level whose
    weights apply. ``shares``/``amount``: None without a pool or factors."""

    units: Table
    chain: Chain
    rules: dict[str, FundRule]
    pool: float | None
    with_floors: tuple[FundRule, ...]
    floor: np.ndarray | None
    floor_by: np.ndarray | None
    conflict_lower: np.ndarray | None
    conflict_upper: np.ndarray | None
    factor_rule: FundRule | None
    shares: np.ndarray | None
    amount: np.ndarray | None
    assumption: np.ndarray
    #: Each unit's purchase-budget floor (a share of its ``special_funds``), and the level
    #: whose share sets it; None without a stated share or the column.
    budget_floor: np.ndarray | None = None
    budget_rule: FundRule | None = None

    def floor_column(self) -> np.ndarray | None:
        """Each unit's binding floor (-1: none), or None when no level states floors."""
        return self.floor

    def records(self) -> Iterator[dict[str, Any]]:
        rule, budget = self.factor_rule, self.budget_rule
        factors = [{"factor": f.key, "weight": f.weight, "jurisdiction": f.citation.jurisdiction,
                    "clause": f.citation.clause, "assumption": f.assumption} for f in rule.factors] if rule else []
        codes, levels = self.units["code"], self.units["level"]
        for i in range(len(self.units)):
            by = int(self.floor_by[i]) if self.floor_by is not None else -1
            floor_rule = self.with_floors[by] if by >= 0 else None
            cite = _floor_citation(floor_rule, i) if floor_rule else None
            conflict = None
            if self.conflict_lower is not None and self.conflict_lower[i] >= 0:
                low, up = self.with_floors[int(self.conflict_lower[i])], self.with_floors[int(self.conflict_upper[i])]
                conflict = floor_conflict(_floor_citation(low, i), float(low.floors[i]), _floor_citation(up, i),
                                          float(up.floors[i]))
            yield {
                "code": str(codes[i]), "level": str(levels[i]),
                "floor": float(self.floor[i]) if floor_rule else None,
                "floor_jurisdiction": cite.jurisdiction if cite else None,
                "floor_citation": cite.as_dict() if cite else None,
                "share": float(self.shares[i]) if self.shares is not None else None,
                "amount": float(self.amount[i]) if self.amount is not None else None,
                "factors": factors,
                "assumption": bool(self.assumption[i]),
                "conflict": conflict,
                **({} if budget is None else {
                    "purchase_budget_floor": float(self.budget_floor[i]),
                    "purchase_budget_citation": budget.budget_share[1].as_dict(),
                    "purchase_budget_in_principle": budget.budget_in_principle}),
            }

    def notes(self) -> list[str]:
        out = []
        for code, r in self.rules.items():
            if r.budget_share:
                share, cite = r.budget_share
                out.append(f"{code} {cite.clause}: purchase budget at least {share:.0%} of the special funds"
                           + (" (原则上: in principle)" if r.budget_in_principle else ""))
            if r.prohibited_uses:
                out.append(f"{code} {r.prohibited_uses[0][1].clause}: funds may not pay for "
                           + ", ".join(u for u, _ in r.prohibited_uses))
            if r.note:
                out.append(f"{code}: {r.note}")
        return out
