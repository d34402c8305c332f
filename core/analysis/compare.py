"""The same units through several jurisdictions' chains, side by side, with a summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

from attrs import field, frozen

from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.lazy import np
from jiuzhu.core.combine.results import StaffingResult
from jiuzhu.core.model.table import UNIT_LEVELS, Table


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
        """One column per jurisdiction, role and bound (``530000.township_staff.min``, and
        ``.max`` for a role any level states a maximum for; -1: no value), then each
        jurisdiction's per-unit fund floor (``640100.fund_floor``) if any."""
        columns: dict[str, np.ndarray] = {}
        for result in self.results:
            for outcome in result.roles:
                # The combiner leaves -1 wherever a role does not cover a unit.
                base = f"{result.profile}.{outcome.role}"
                columns[f"{base}.min"] = outcome.minimum
                # Where any level states a maximum for the role, from the rules, not the data:
                # the columns are the same for every file (and every batch of one).
                if any(rule.maximum is not None for rule in outcome.rules):
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


@frozen(eq=False)
class VariantDiff:
    """One variant against the baseline, per role (columns over units; -1: not regulated)."""

    label: str
    result: StaffingResult
    roles: tuple[str, ...]
    baseline_min: dict[str, np.ndarray]
    variant_min: dict[str, np.ndarray]
    baseline_max: dict[str, np.ndarray]
    variant_max: dict[str, np.ndarray]

    def difference(self, role: str) -> np.ndarray:
        """Variant minus baseline minimum per unit (a role one side does not regulate counts 0 there)."""
        return np.maximum(self.variant_min[role], 0) - np.maximum(self.baseline_min[role], 0)

    def changed(self, role: str) -> np.ndarray:
        return ((self.variant_min[role] != self.baseline_min[role])
                | (self.variant_max[role] != self.baseline_max[role]))

    def unit_difference(self) -> np.ndarray:
        return sum((self.difference(r) for r in self.roles), np.zeros(len(self.result.units), dtype=np.int64))

    def units_changed(self) -> np.ndarray:
        return np.logical_or.reduce([self.changed(r) for r in self.roles]) if self.roles else \
            np.zeros(len(self.result.units), dtype=bool)


#: The columns of a baseline comparison, per variant, unit and role.
BASELINE_COLUMNS = ("code", "name", "level", "role", "baseline", "variant", "baseline_minimum", "variant_minimum",
                    "difference", "baseline_maximum", "variant_maximum", "changed", "baseline_clause",
                    "variant_clause")


def _clauses(outcome, rows: np.ndarray) -> np.ndarray:
    """"CODE clause" of the level binding ``outcome`` at each of ``rows`` (None: not covered)."""
    if outcome is None:
        return np.full(len(rows), None, dtype=object)
    labels = np.array([f"{r.jurisdiction} {r.citation.clause}" for r in outcome.rules] + [None], dtype=object)
    return labels[np.where(outcome.covered[rows], outcome.binding[rows], -1)]


def _role_columns(result: StaffingResult) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {o.role: (np.where(o.covered, o.minimum, -1), np.where(o.covered, o.maximum, -1)) for o in result.roles}


@frozen(eq=False)
class BaselineComparison:
    """Variants (jurisdictions, profiles, or a profile's overrides on a jurisdiction) set
    against one baseline, per unit and role."""

    units: Table
    baseline_label: str
    baseline: StaffingResult
    variants: tuple[VariantDiff, ...]

    @classmethod
    def of(cls, units: Table, baseline: tuple[str, StaffingResult],
           variants: Sequence[tuple[str, StaffingResult]]) -> BaselineComparison:
        from jiuzhu.core.model.roles import role_order

        base = _role_columns(baseline[1])
        none = np.full(len(units), -1, dtype=np.int64)
        diffs = []
        for label, result in variants:
            cols = _role_columns(result)
            roles = tuple(sorted(set(base) | set(cols), key=role_order))
            pick = lambda table, r, k: table[r][k] if r in table else none  # noqa: E731
            diffs.append(VariantDiff(label, result, roles, {r: pick(base, r, 0) for r in roles},
                                     {r: pick(cols, r, 0) for r in roles}, {r: pick(base, r, 1) for r in roles},
                                     {r: pick(cols, r, 1) for r in roles}))
        return cls(units, baseline[0], baseline[1], tuple(diffs))

    def columns(self, changed_only: bool = False) -> dict[str, list]:
        """Per variant, unit and role either side regulates (unit order, then role order):
        both bounds (None: not regulated), the difference, whether anything changed, and
        the clause binding each side. Built column-wise, so a national file takes seconds."""
        base_roles = {o.role: o for o in self.baseline.roles}
        parts = []
        for v in self.variants:
            var_roles = {o.role: o for o in v.result.roles}
            for rank, r in enumerate(v.roles):
                b, w = base_roles.get(r), var_roles.get(r)
                covered = np.zeros(len(self.units), dtype=bool)
                for o in (b, w):
                    if o is not None:
                        covered |= o.covered
                changed = v.changed(r)
                rows = np.flatnonzero(covered & changed if changed_only else covered)
                parts.append((v.label, rank, r, rows, v.baseline_min[r][rows], v.variant_min[r][rows],
                              v.difference(r)[rows], v.baseline_max[r][rows], v.variant_max[r][rows],
                              changed[rows], _clauses(b, rows), _clauses(w, rows)))
        out: dict[str, list] = {name: [] for name in BASELINE_COLUMNS}
        codes, levels = np.asarray(self.units["code"]), np.asarray(self.units["level"])
        names = self.units.get("name")
        for label in dict.fromkeys(p[0] for p in parts):
            mine = [p for p in parts if p[0] == label]
            rows = np.concatenate([p[3] for p in mine])
            order = np.lexsort((np.concatenate([np.full(len(p[3]), p[1]) for p in mine]), rows))
            units = rows[order]

            def gather(k: int, nulls: bool = False) -> list:
                values = np.concatenate([p[k] for p in mine])[order]
                return [None if x < 0 else x for x in values.tolist()] if nulls else values.tolist()

            out["code"] += codes[units].astype(str).tolist()
            out["name"] += ([str(x) for x in np.asarray(names)[units]] if names is not None else [""] * len(units))
            out["level"] += levels[units].astype(str).tolist()
            out["role"] += np.concatenate([np.full(len(p[3]), p[2], dtype=object) for p in mine])[order].tolist()
            out["baseline"] += [self.baseline_label] * len(units)
            out["variant"] += [label] * len(units)
            out["baseline_minimum"] += gather(4, True)
            out["variant_minimum"] += gather(5, True)
            out["difference"] += gather(6)
            out["baseline_maximum"] += gather(7, True)
            out["variant_maximum"] += gather(8, True)
            out["changed"] += gather(9)
            out["baseline_clause"] += gather(10)
            out["variant_clause"] += gather(11)
        return out

    def records(self, changed_only: bool = False) -> Iterator[dict[str, Any]]:
        """:meth:`columns` as one dict per row."""
        columns = self.columns(changed_only)
        for values in zip(*columns.values()):
            yield dict(zip(columns, values))

    def totals(self) -> dict[str, dict[str, Any]]:
        """Per variant: baseline and variant total minimum staff, the difference, units changed,
        and the same per role."""
        out = {}
        for v in self.variants:
            roles = {r: {"baseline": int(np.maximum(v.baseline_min[r], 0).sum()),
                         "variant": int(np.maximum(v.variant_min[r], 0).sum()),
                         "difference": int(v.difference(r).sum()), "units_changed": int(v.changed(r).sum())}
                     for r in v.roles}
            out[v.label] = {"baseline": sum(x["baseline"] for x in roles.values()),
                            "variant": sum(x["variant"] for x in roles.values()),
                            "difference": sum(x["difference"] for x in roles.values()),
                            "units_changed": int(v.units_changed().sum()), "roles": roles}
        return out

    def most_affected(self, k: int = 10) -> dict[str, list[dict[str, Any]]]:
        """Per variant, the ``k`` units whose total minimum moves most (largest change first)."""
        codes, levels = self.units["code"], self.units["level"]
        out = {}
        for v in self.variants:
            d = v.unit_difference()
            order = np.argsort(-np.abs(d), kind="stable")[:k]
            out[v.label] = [{"code": str(codes[i]), "level": str(levels[i]), "difference": int(d[i])}
                            for i in order if d[i] != 0]
        return out

    def unit_totals(self) -> dict[str, np.ndarray]:
        """``{label: per-unit total minimum}`` for the baseline and each variant (-1: none)."""
        def total(mins: dict[str, np.ndarray]) -> np.ndarray:
            stack = np.stack(list(mins.values())) if mins else np.full((1, len(self.units)), -1)
            return np.where((stack >= 0).any(axis=0), np.maximum(stack, 0).sum(axis=0), -1)

        out = {self.baseline_label: total({o.role: np.where(o.covered, o.minimum, -1) for o in self.baseline.roles})}
        out.update({v.label: total(v.variant_min) for v in self.variants})
        return out
