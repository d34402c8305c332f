"""Staffing gaps: what the rules require of each unit beside the staff it already has, and
what closing each shortfall would cost at a monthly cost per person the user gives.

The staff file lists ``code, role, count`` (行政区划代码, 岗位, 人数 accepted), roles by key
or by their Chinese or English label (:mod:`jiuzhu.core.model.roles`), and optionally a monthly
cost per person (``monthly_cost``, 月成本). Costs are never the law's: they come from the
user and every costed answer says so.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from attrs import frozen

from jiuzhu.core.model.errors import InputError
from jiuzhu.core.lazy import np
from jiuzhu.core.io.readers import ColumnSpec, parse_code, parse_count, parse_number, read_table
from jiuzhu.core.combine.results import StaffingResult
from jiuzhu.core.model.roles import ROLES
from jiuzhu.core.model.table import Table

MONTHS = 12

#: How a role may be written in a staff file, besides its key: its labels and short names.
ROLE_ALIASES = {
    **{label: key for key, (_level, zh, en) in ROLES.items() for label in (zh, en.lower())},
    "县级社会救助工作人员": "county_staff", "乡镇社会救助专职工作人员": "township_staff",
    "社会救助专职工作人员": "township_staff", "专职工作人员": "township_staff",
    "民政专(兼)职工作人员": "township_civil_affairs_staff", "社会救助经办员": "township_case_worker",
    "经办员": "township_case_worker", "窗口专人": "township_window_officer",
    "协理员": "village_xieliyuan", "社会救助协理员": "village_xieliyuan",
}


def role_key(text: str, known: tuple[str, ...]) -> str:
    """The role key a staff file's cell names; refused when the chain staffs no such role."""
    cleaned = text.strip().replace("（", "(").replace("）", ")")
    key = ROLE_ALIASES.get(cleaned) or ROLE_ALIASES.get(cleaned.lower()) or cleaned.lower().replace(" ", "_")
    if key not in known:
        raise ValueError(f"unknown role {text.strip()!r}; the chain staffs: {', '.join(known)} "
                         "(Chinese names such as 乡镇社会救助工作人员 or 协理员 are accepted too)")
    return key


def staff_columns(known_roles: tuple[str, ...]) -> tuple[ColumnSpec, ...]:
    return (
        ColumnSpec("code", ("行政区划代码", "代码", "单位代码"), parse_code),
        ColumnSpec("role", ("岗位", "岗位名称", "人员类别"), lambda t: role_key(t, known_roles)),
        ColumnSpec("count", ("人数", "现有人数", "在岗人数", "现有"), parse_count, dtype="int64"),
        ColumnSpec("monthly_cost", ("月成本", "每人每月成本", "月人均成本"),
                   lambda t: parse_number(t) if t.strip() else float("nan"), required=False, dtype="float64"),
    )


def read_staff(path, known_roles: tuple[str, ...], encoding: str | None = None, sheet: str | None = None) -> Table:
    """A staff file, each role checked against ``known_roles`` (errors name file, row and column).

    A plain UTF-8 CSV is read column-wise by the one reader (a national file in well under
    a second); on any doubt it is read row by row, naming the row and column of what is wrong."""
    return read_table(path, staff_columns(known_roles), encoding=encoding, sheet=sheet)


@frozen(eq=False)
class RoleGap:
    """One role over all units (columns; -1: no value)."""

    role: str
    covered: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    current: np.ndarray
    monthly_cost: np.ndarray  # yuan per person per month, NaN where none was given
    cost_from_file: np.ndarray  # True where the staff file's monthly_cost cell gave it

    @property
    def shortfall(self) -> np.ndarray:
        return np.where(self.covered & (self.minimum >= 0), np.maximum(self.minimum - self.current, 0), 0)

    @property
    def surplus(self) -> np.ndarray:
        return np.where(self.covered & (self.maximum >= 0), np.maximum(self.current - self.maximum, 0), 0)

    @property
    def yearly_cost(self) -> np.ndarray:
        """Yuan a year to close the shortfall (NaN: a shortfall with no cost given)."""
        short = self.shortfall
        return np.where(short > 0, short * self.monthly_cost * MONTHS, 0.0)


@frozen(eq=False)
class Gap:
    """Required staff beside current staff, per unit and role, under one chain."""

    result: StaffingResult
    roles: tuple[RoleGap, ...]
    #: Staff rows for a role the chain does not require at that unit: (code, role, count).
    unplaced: tuple[tuple[str, str, int], ...]
    #: Codes in the staff file that no unit has (their rows were not counted).
    unmatched: tuple[str, ...]
    #: Where a role's monthly cost came from when not from the file (``--cost township_staff=4000``).
    cost_given: Mapping[str, str]

    @property
    def units(self) -> Table:
        return self.result.units

    def _rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Unit and role position of every covered (unit, role), in input order then role order."""
        units = [np.flatnonzero(g.covered) for g in self.roles]
        unit = np.concatenate(units) if units else np.zeros(0, dtype=np.int64)
        role = np.concatenate([np.full(len(u), k) for k, u in enumerate(units)]) if units else unit
        order = np.lexsort((role, unit))
        return unit[order], role[order]

    def columns(self) -> dict[str, Any]:
        """One row per unit and role the rules cover (columns, built without a loop over units)."""
        unit, role = self._rows()
        out: dict[str, Any] = {"code": np.asarray(self.units["code"])[unit].astype(str),
                               "name": (np.asarray(self.units["name"])[unit].astype(str)
                                        if "name" in self.units else np.full(len(unit), "", dtype=object)),
                               "level": np.asarray(self.units["level"])[unit].astype(str),
                               "role": np.array([g.role for g in self.roles], dtype=object)[role]}

        def pick(column) -> np.ndarray:
            stacked = np.stack([column(g, o) for g, o in zip(self.roles, self.result.roles)]) if self.roles else \
                np.zeros((0, len(self.units)))
            return stacked[role, unit]

        out["minimum"] = pick(lambda g, o: g.minimum)
        out["maximum"] = pick(lambda g, o: g.maximum)
        out["current"] = pick(lambda g, o: g.current)
        short, surplus = pick(lambda g, o: g.shortfall), pick(lambda g, o: g.surplus)
        out["shortfall"], out["surplus"] = short, surplus
        out["status"] = np.where(short > 0, "short", np.where(surplus > 0, "over_maximum", "within")).astype(object)
        # The level binding each row and its clause, looked up by the combiner's binding index.
        out["jurisdiction"] = np.empty(len(unit), dtype=object)
        out["clause"] = np.empty(len(unit), dtype=object)
        for k, o in enumerate(self.result.roles):
            at = role == k
            index = o.binding[unit[at]]
            out["jurisdiction"][at] = np.array([r.jurisdiction for r in o.rules], dtype=object)[index]
            out["clause"][at] = np.array([r.citation.clause for r in o.rules], dtype=object)[index]
        monthly = pick(lambda g, o: g.monthly_cost)
        yearly = pick(lambda g, o: g.yearly_cost)
        out["monthly_cost"] = monthly
        out["yearly_cost"] = np.where(np.isnan(monthly) & (short == 0), 0.0, yearly)
        from_file = pick(lambda g, o: g.cost_from_file).astype(bool)
        given = np.array([self.cost_given.get(g.role) for g in self.roles], dtype=object)[role]
        out["cost_source"] = np.where(np.isnan(monthly), None, np.where(from_file, "staff file monthly_cost", given))
        return out

    def records(self) -> Iterator[dict[str, Any]]:
        """:meth:`columns` as records, each with the staffing contract's citation and assumption."""
        columns = self.columns()
        unit, role = self._rows()
        outcomes = self.result.roles
        for k, (i, r) in enumerate(zip(unit.tolist(), role.tolist())):
            rec = outcomes[r].record(i)
            monthly, yearly = float(columns["monthly_cost"][k]), float(columns["yearly_cost"][k])
            yield {"code": str(columns["code"][k]), "name": str(columns["name"][k]), "level": str(columns["level"][k]),
                   "role": columns["role"][k], "minimum": rec["minimum"], "maximum": rec["maximum"],
                   "current": int(columns["current"][k]), "shortfall": int(columns["shortfall"][k]),
                   "surplus": int(columns["surplus"][k]), "status": columns["status"][k],
                   "jurisdiction": rec["jurisdiction"], "citation": rec["citation"], "assumption": rec["assumption"],
                   "monthly_cost": None if np.isnan(monthly) else monthly,
                   "yearly_cost": None if np.isnan(yearly) else yearly, "cost_source": columns["cost_source"][k]}

    def totals(self) -> dict[str, dict[str, Any]]:
        """Per role: required minimum, current, shortfall, surplus, yearly cost of the costed
        shortfalls and the shortfall left uncosted (no monthly cost given)."""
        out = {}
        for g in self.roles:
            cost = g.yearly_cost
            uncosted = int(g.shortfall[np.isnan(cost)].sum())
            out[g.role] = {"minimum": int(np.where(g.covered & (g.minimum >= 0), g.minimum, 0).sum()),
                           "current": int(np.where(g.covered, g.current, 0).sum()),
                           "shortfall": int(g.shortfall.sum()), "surplus": int(g.surplus.sum()),
                           "yearly_cost": float(np.nansum(cost)), "uncosted_shortfall": uncosted}
        return out


def staffing_gap(result: StaffingResult, staff: Table, costs: Mapping[str, float] | None = None,
                 saved_costs: Mapping[str, float] | None = None, profile: str = "") -> Gap:
    """Each covered unit and role's requirement beside ``staff``. The monthly cost per person
    is the staff file's ``monthly_cost`` cell where filled, else ``costs[role]`` (``--cost``),
    else ``saved_costs[role]`` (the profile's), else unknown."""
    units = result.units
    n = len(units)
    sources = {role: f"command line --cost {role}={value:g}" for role, value in (costs or {}).items()}
    sources.update({role: f"profile {profile} cost.{role}={value:g}" for role, value in (saved_costs or {}).items()
                    if role not in sources})
    costs = {**(saved_costs or {}), **(costs or {})}
    current = {o.role: np.zeros(n, dtype=np.int64) for o in result.roles}
    monthly = {o.role: np.full(n, float(costs.get(o.role, np.nan))) for o in result.roles}
    from_file = {o.role: np.zeros(n, dtype=bool) for o in result.roles}
    # Each staff row's unit, by binary search over the sorted unit codes (no loop over rows).
    unit_codes = np.asarray(units["code"]).astype(str)
    order = np.argsort(unit_codes, kind="stable")
    staff_codes = np.asarray(staff["code"]).astype(str)
    at = np.minimum(np.searchsorted(unit_codes[order], staff_codes), max(n - 1, 0))
    found = (unit_codes[order][at] == staff_codes) if n else np.zeros(len(staff), dtype=bool)
    unit = order[at] if n else at
    roles, counts = np.asarray(staff["role"]), np.asarray(staff["count"], dtype=np.int64)
    cells = staff.get("monthly_cost")
    staffed = {o.role for o in result.roles}
    elsewhere = np.flatnonzero(found & ~np.isin(roles, list(staffed)))
    unplaced = list(zip(staff_codes[elsewhere].tolist(), roles[elsewhere].tolist(), counts[elsewhere].tolist()))
    for o in result.roles:
        rows = np.flatnonzero(found & (roles == o.role))
        placed = o.covered[unit[rows]]
        unplaced.extend(zip(staff_codes[rows[~placed]].tolist(), [o.role] * int((~placed).sum()),
                            counts[rows[~placed]].tolist()))
        rows = rows[placed]
        current[o.role] += np.bincount(unit[rows], weights=counts[rows], minlength=n).astype(np.int64)
        if cells is not None:
            filled = rows[~np.isnan(cells[rows])]
            monthly[o.role][unit[filled]], from_file[o.role][unit[filled]] = cells[filled], True
    unmatched = staff_codes[~found].tolist()
    if len(staff) and not found.any():
        raise InputError("no code in the staff file is a unit of the units file", file=staff.source,
                         column="code")
    gaps = tuple(RoleGap(o.role, o.covered, o.minimum, o.maximum, current[o.role], monthly[o.role],
                         from_file[o.role]) for o in result.roles)
    return Gap(result, gaps, tuple(unplaced), tuple(dict.fromkeys(unmatched)), sources)
