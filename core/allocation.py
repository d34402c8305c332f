"""Funds per unit under a chain: per-unit floors (the strictest binds) and factor-method shares.

The deepest level that names factors decides the weights (a county that sets its own
weights carries out its province's factor method); floors combine like staffing floors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from attrs import frozen

from jiuzhu.core import fields
from jiuzhu.core.answers import FundRule
from jiuzhu.core.blocks import weighted_shares
from jiuzhu.core.chain import Chain
from jiuzhu.core.errors import InputError
from jiuzhu.core.table import Table


@frozen(eq=False)
class Allocation:
    units: Table
    chain: Chain
    rules: dict[str, FundRule]
    pool: float | None

    def factor_rule(self) -> FundRule | None:
        stated = [self.rules[c] for c in self.chain.codes if c in self.rules and self.rules[c].factors]
        return stated[-1] if stated else None

    def shares(self) -> np.ndarray | None:
        """Each unit's weighted share of the pool, or None without a pool or factor rule."""
        rule = self.factor_rule()
        if rule is None or self.pool is None:
            return None
        columns = []
        for factor in rule.factors:
            if factor.column not in self.units:
                raise InputError(f"the factor '{factor.description}' needs a column {factor.column!r} "
                                 f"({factor.citation.jurisdiction} {factor.citation.clause})", file=self.units.source,
                                 row=1, column=factor.column)
            value, known = fields.number(self.units, factor.column)
            if not known.all():
                raise self.units.error(np.flatnonzero(~known)[0], factor.column,
                                       "empty cell: every unit needs a value for each factor",
                                       zh="空单元格：每个单位的每个因素都需要填写数值")
            columns.append(value)
        return weighted_shares(columns, [f.weight for f in rule.factors])

    def floor_column(self) -> np.ndarray | None:
        """Each unit's binding floor (the strictest of the chain's levels; -1: none), or None."""
        stated = [np.asarray(r.floors, dtype=np.int64) for c in self.chain.codes
                  if (r := self.rules.get(c)) is not None and r.floors is not None]
        return np.stack(stated).max(axis=0) if stated else None

    def records(self) -> Iterator[dict[str, Any]]:
        n = len(self.units)
        floors = [(c, r) for c in self.chain.codes if (r := self.rules.get(c)) is not None and r.floors is not None]
        shares = self.shares()
        rule = self.factor_rule()
        for i in range(n):
            floor, floor_by = None, None
            for code, r in floors:  # root first: a lower level binds only if strictly higher
                if r.floors[i] >= 0 and (floor is None or r.floors[i] > floor):
                    floor, floor_by = float(r.floors[i]), (r.floor_citation if r.floor_citations is None
                                                           else r.floor_citations[i])
            share = float(shares[i]) if shares is not None else None
            amount = None
            if share is not None:
                amount = max(share * self.pool, floor or 0.0)
            yield {
                "code": str(self.units["code"][i]), "level": str(self.units["level"][i]),
                "floor": floor,
                "floor_jurisdiction": floor_by.jurisdiction if floor_by else None,
                "floor_citation": floor_by.as_dict() if floor_by else None,
                "share": share, "amount": amount,
                "factors": [{"factor": f.key, "weight": f.weight, "jurisdiction": f.citation.jurisdiction,
                             "clause": f.citation.clause, "assumption": f.assumption} for f in rule.factors]
                if rule else [],
                "assumption": bool(rule and any(f.assumption for f in rule.factors)),
            }

    def notes(self) -> list[str]:
        out = []
        for code in self.chain.codes:
            r = self.rules.get(code)
            if r is None:
                continue
            if r.budget_share:
                share, cite = r.budget_share
                out.append(f"{code} {cite.clause}: purchase budget at least {share:.0%} of the special funds")
            if r.prohibited_uses:
                out.append(f"{code} {r.prohibited_uses[0][1].clause}: funds may not pay for "
                           + ", ".join(u for u, _ in r.prohibited_uses))
            if r.note:
                out.append(f"{code}: {r.note}")
        return out
