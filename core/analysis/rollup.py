"""Totals up the GB/T 2260 code tree: units grouped by the prefix of their code.

A 12-digit village code starts with its 9-digit township's, which starts with its 6-digit
county's; the first 4 digits name the prefecture and the first 2 the province. Grouping
by prefix needs no parent rows in the file. One ``np.unique`` and ``np.bincount`` per
column: no Python loop over units, so a national file rolls up in a fraction of a second.
"""

from __future__ import annotations

from attrs import frozen

from jiuzhu.core.lazy import np
from jiuzhu.core.model.table import Table

#: How many leading digits of a unit code name its group at each level.
PREFIX_DIGITS = {"county": 6, "prefecture": 4, "province": 2}
BY_LEVELS = tuple(PREFIX_DIGITS)


@frozen(eq=False)
class Groups:
    """Units grouped by a code prefix: the groups' 6-digit codes and each unit's group."""

    by: str
    keys: np.ndarray  # the group's code, padded to 6 digits (53 → 530000)
    index: np.ndarray  # per unit, the position of its group in ``keys``
    sizes: np.ndarray  # units per group
    names: tuple[str, ...]  # the name of the unit whose code is the group's, where the file has it

    def __len__(self) -> int:
        return len(self.keys)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Per group, the sum of ``values`` where stated (negative: no value, not counted)."""
        stated = np.where(values >= 0, values, 0)
        return np.bincount(self.index, weights=stated, minlength=len(self.keys)).round().astype(np.int64)

    def count(self, mask: np.ndarray) -> np.ndarray:
        """Per group, how many units ``mask`` marks."""
        return np.bincount(self.index[mask], minlength=len(self.keys)).astype(np.int64)

    def fsum(self, values: np.ndarray) -> np.ndarray:
        """Per group, the sum of float ``values`` (yuan), NaN counted as 0."""
        return np.bincount(self.index, weights=np.nan_to_num(values), minlength=len(self.keys))


def group_units(units: Table, by: str) -> Groups:
    """``units`` grouped by the first digits of their code that name their ``by`` level.

    A code that is not all digits, or too short to hold the prefix, is refused naming the
    row (a file's first record is row 2) rather than put in a made-up group.
    """
    digits = PREFIX_DIGITS[by]
    codes = np.asarray(units["code"]).astype(str)
    lengths = np.char.str_len(codes)
    bad = ~np.char.isdigit(codes) | (lengths < max(digits, 6))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise units.error(i, "code", f"code {str(codes[i])!r} is not a GB/T 2260 code (6, 9 or 12 digits), so --by {by} "
                          "cannot place the unit",
                          zh=f"代码“{codes[i]}”不是 GB/T 2260 区划代码（6、9 或 12 位），--by {by} 无法归类该单位")
    prefixes = codes.astype(f"U{digits}")
    keys, index = np.unique(prefixes, return_inverse=True)
    padded = np.char.add(keys, "0" * (6 - digits)) if digits < 6 else keys
    names = [""] * len(keys)
    column = units.get("name")
    if column is not None:
        # A unit whose own code is the group's (the county row of its villages) names it.
        own = np.flatnonzero(lengths == 6)
        where = {str(c): i for c, i in zip(padded, range(len(keys)))}
        for i in own:
            g = where.get(codes[i])
            if g is not None and column[i]:
                names[g] = str(column[i])
    sizes = np.bincount(index, minlength=len(keys)).astype(np.int64)
    return Groups(by, padded.astype(object), index.astype(np.int64), sizes, tuple(names))


def staffing_totals(roles, groups: Groups) -> list[dict]:
    """Per group: units, units no role covers, and the total minimum and maximum over the
    roles (``roles``: combined role outcomes with ``covered``, ``minimum``, ``maximum``);
    a maximum total is None where some covered unit has no maximum for its role."""
    n = len(groups.index)
    covered_any = np.zeros(n, dtype=bool)
    per_role = {}
    for o in roles:
        stated = o.covered & (o.minimum >= 0)
        covered_any |= stated
        per_role[o.role] = (groups.count(stated), groups.total(np.where(stated, o.minimum, -1)),
                            groups.total(np.where(stated, o.maximum, -1)),
                            groups.count(stated & (o.maximum < 0)))
    not_covered = groups.count(~covered_any)
    out = []
    for k in range(len(groups)):
        role_rows = {role: {"units": int(u[k]), "minimum": int(lo[k]), "maximum": None if open_[k] else int(hi[k])}
                     for role, (u, lo, hi, open_) in per_role.items() if u[k]}
        maxima = [r["maximum"] for r in role_rows.values()]
        out.append({"group": str(groups.keys[k]), "by": groups.by, "name": groups.names[k],
                    "units": int(groups.sizes[k]), "not_covered": int(not_covered[k]),
                    "minimum": sum(r["minimum"] for r in role_rows.values()),
                    "maximum": None if None in maxima else sum(maxima), "roles": role_rows})
    return out


def fund_totals(allocation, groups: Groups) -> list[dict]:
    """Per group: units, units with a fund floor and the floors' total (yuan); with a pool,
    the group's share and amount (each unit's share of the pool, at least its floor)."""
    floors = allocation.floor_column()
    floors = np.full(len(groups.index), -1, dtype=np.int64) if floors is None else floors
    with_floor, floor_total = groups.count(floors >= 0), groups.total(floors)
    share_total = amount_total = None
    if allocation.shares is not None:  # amounts as the combiner resolved them (never below the floor)
        share_total, amount_total = groups.fsum(allocation.shares), groups.fsum(allocation.amount)
    return [{"group": str(groups.keys[k]), "by": groups.by, "name": groups.names[k], "units": int(groups.sizes[k]),
             "units_with_floor": int(with_floor[k]), "floor": int(floor_total[k]),
             "share": None if share_total is None else float(share_total[k]),
             "amount": None if amount_total is None else float(amount_total[k])} for k in range(len(groups))]


def comparison_totals(minimums: dict[str, np.ndarray], groups: Groups) -> list[dict]:
    """Per group: units, and per profile the total minimum staff and the units no rule
    covers (``minimums``: ``{profile: per-unit total, -1 where nothing is regulated}``)."""
    sums = {p: groups.total(m) for p, m in minimums.items()}
    uncovered = {p: groups.count(m < 0) for p, m in minimums.items()}
    return [{"group": str(groups.keys[k]), "by": groups.by, "name": groups.names[k], "units": int(groups.sizes[k]),
             "minimum": {p: int(s[k]) for p, s in sums.items()},
             "not_covered": {p: int(u[k]) for p, u in uncovered.items()}} for k in range(len(groups))]
