"""The same units through several jurisdictions' chains, side by side, with a summary."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from attrs import field, frozen

from jiuzhu.core.chain import Chain
from jiuzhu.core.lazy import np
from jiuzhu.core.results import StaffingResult
from jiuzhu.core.table import UNIT_LEVELS, Table


@frozen(eq=False)
class Comparison:
    """One staffing result per profile (jurisdiction chain), in the order asked."""

    units: Table
    results: tuple[StaffingResult, ...]
    fund_floors: dict[str, np.ndarray] = field(factory=dict)

    def records(self):
        """The staffing contract's records, each with ``profile``: the jurisdiction applied."""
        for result in self.results:
            for record in result.records():
                yield {**record, "profile": result.profile}

    def unit_ranges(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """``{profile: (low, high)}``: per unit, the total minimum over the roles covering it
        and the total maximum when every one of those roles states one (-1: none)."""
        out = {}
        n = len(self.units)
        for result in self.results:
            low, high = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
            covered, every_max = np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
            for outcome in result.roles:
                stated = outcome.covered & (outcome.minimum >= 0)
                low += np.where(stated, outcome.minimum, 0)
                high += np.where(stated, outcome.maximum, 0)
                every_max &= ~stated | (outcome.maximum >= 0)
                covered |= stated
            out[result.profile] = (np.where(covered, low, -1), np.where(covered & every_max, high, -1))
        return out

    def unit_minimums(self) -> dict[str, np.ndarray]:
        """``{profile: column}``: each unit's total minimum over the roles covering it (-1: none)."""
        return {profile: low for profile, (low, _high) in self.unit_ranges().items()}

    def wide_columns(self) -> dict[str, np.ndarray]:
        """One column per jurisdiction, role and bound (``530000.township_staff.min``; -1: no
        value), then each jurisdiction's per-unit fund floor (``640100.fund_floor``) if any."""
        columns: dict[str, np.ndarray] = {}
        for result in self.results:
            for outcome in result.roles:
                # The combiner leaves -1 wherever a role does not cover a unit.
                base = f"{result.profile}.{outcome.role}"
                columns[f"{base}.min"] = outcome.minimum
                if (outcome.maximum >= 0).any():
                    columns[f"{base}.max"] = outcome.maximum
        for profile, floors in self.fund_floors.items():
            columns[f"{profile}.fund_floor"] = floors
        return columns

    def totals(self) -> dict[str, int]:
        """Total minimum staff per jurisdiction over all units and roles."""
        return {r.profile: int(sum(np.maximum(o.minimum, 0).sum() for o in r.roles)) for r in self.results}

    def summary(self) -> dict[str, Any]:
        """Totals per jurisdiction; strictest and most lenient per unit level; the units differing most."""
        minimums = self.unit_minimums()
        profiles = list(minimums)
        levels = np.asarray(self.units["level"])
        per_profile = self.totals()
        by_level = {}
        for level in UNIT_LEVELS:
            at = levels == level
            sums = {p: int(np.maximum(m[at], 0).sum()) for p, m in minimums.items() if (m[at] >= 0).any()}
            if sums:
                by_level[level] = {"totals": sums, "strictest": max(sums, key=sums.get),
                                   "most_lenient": min(sums, key=sums.get),
                                   "not_regulated": [p for p in profiles if p not in sums]}
        differ_most = []
        if profiles and len(self.units):
            stack = np.stack([minimums[p] for p in profiles])
            known = stack >= 0
            hi_val = np.where(known, stack, -1).max(axis=0)
            lo_val = np.where(known, stack, np.iinfo(np.int64).max).min(axis=0)
            spread = np.where(known.sum(axis=0) >= 2, hi_val - lo_val, 0)
            top = np.argsort(-spread, kind="stable")[:5]
            codes = self.units["code"]
            for i in top:
                if spread[i] <= 0:
                    break
                column = stack[:, i]
                differ_most.append({
                    "code": str(codes[i]), "level": str(levels[i]), "spread": int(spread[i]),
                    "highest": profiles[int(np.argmax(np.where(known[:, i], column, -1)))],
                    "lowest": profiles[int(np.argmin(np.where(known[:, i], column, np.iinfo(np.int64).max)))],
                    "minimums": {p: (int(v) if v >= 0 else None) for p, v in zip(profiles, column)}})
        return {"totals": per_profile, "by_level": by_level, "differ_most": differ_most}


def compare(units: Table, chains: Sequence[Chain], evaluate: Callable[[Table, Chain], StaffingResult],
            progress: Callable[[int, int, Chain], None] | None = None,
            floors: Callable[[Table, Chain], np.ndarray | None] | None = None) -> Comparison:
    """Evaluate ``units`` under each chain (and, given ``floors``, each chain's fund floors)."""
    done = []
    for i, chain in enumerate(chains, start=1):
        if progress:
            progress(i, len(chains), chain)
        done.append((evaluate(units, chain), floors(units, chain) if floors is not None else None))
    fund_floors = {chain.target.code: column for chain, (_, column) in zip(chains, done) if column is not None}
    return Comparison(units, tuple(result for result, _ in done), fund_floors)
