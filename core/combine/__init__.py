"""Combining the levels of a chain, per rule family: the whole inheritance mechanism.

As the documents layer (下位不得抵触上位, a county's plan may not fall below its
province's notice):

- **floors** (minimum staff, minimum funds): the strictest binds; a lower level below its
  parent's floor is reported as a conflict naming both clauses, and the floor applies;
- **permissions** (a maximum): survive unless a lower level expressly restricts them;
- **conditions** (eligibility): all levels' conditions apply;
- **deductions, factor weights and scores**: the deepest level stating one answers (a
  county's figure is how it carries out its province's); a deduction outside a higher
  level's range is reported as a conflict;
- what only one level states passes through, naming that level.

Every family's answer leaves here fully resolved, as columns: the value, which level gives
it (an index into the levels' answers, -1: none), assumption flags and conflicts. The
result objects (:mod:`jiuzhu.core.combine.results`, :mod:`jiuzhu.core.combine.allocation`) only format.

Levels are ordered by their depth in the chain, never by the order plugins were called.
On a tie the higher level binds (it is the source the lower one restates).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from jiuzhu.core.io import fields
from jiuzhu.core.combine.allocation import Allocation
from jiuzhu.core.hooks.answers import (
    ASSESS,
    FAIL,
    MISSING,
    PASS,
    REVIEW,
    Condition,
    Deduction,
    Duty,
    FundRule,
    ScoringRule,
    StaffingRule,
)
from jiuzhu.core.rules.blocks import weighted_shares
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.model.errors import InputError
from jiuzhu.core.combine.results import (
    OUTCOME_ELIGIBLE,
    OUTCOME_NOT_ELIGIBLE,
    OUTCOME_NOT_REGULATED,
    OUTCOME_REVIEW,
    CheckResult,
    ConditionOutcome,
    DeductionResult,
    RoleOutcome,
    ScoreResult,
    StaffingResult,
)
from jiuzhu.core.model.roles import role_order
from jiuzhu.core.model.table import Table

NONE = -1  # "no value" in an int64 column of counts


def _bool_at(value, n: int) -> np.ndarray:
    return np.full(n, value, dtype=bool) if isinstance(value, bool) else value


def _in_chain_order(chain: Chain, answers: dict):
    """The levels' answers root first, whatever order the plugins were called in."""
    return [answers[code] for code in chain.codes if code in answers]


def combine_staffing(units: Table, chain: Chain, answers: dict[str, list[StaffingRule]]) -> StaffingResult:
    """One :class:`RoleOutcome` per role any level regulates, with floors, permissions and conflicts."""
    n = len(units)
    by_role: dict[str, list[StaffingRule]] = defaultdict(list)
    for rules in _in_chain_order(chain, answers):
        for rule in rules:
            by_role[rule.role].append(rule)
    outcomes = []
    none = np.full(n, NONE, dtype=np.int64)  # one "no value" column shared by every role
    none.flags.writeable = False
    for role in sorted(by_role, key=role_order):
        outcomes.append(_combine_role(role, by_role[role], n, none))
    return StaffingResult(units, chain, tuple(outcomes))


def _stated(rule: StaffingRule, bound: str, n: int, none: np.ndarray) -> np.ndarray:
    """A level's ``minimum`` or ``maximum`` where it applies, -1 elsewhere (``none`` if unstated)."""
    values = getattr(rule, bound)
    if values is None:
        return none
    return np.where(rule.applies, values, NONE)


def _single_rule(role: str, rule: StaffingRule, n: int, none: np.ndarray) -> RoleOutcome:
    """The common case, one level stating the role: its answer passes through, no stacking."""
    minimum, maximum = _stated(rule, "minimum", n, none), _stated(rule, "maximum", n, none)
    if rule.minimum is not None and rule.maximum is not None:
        max_below_min = (maximum >= 0) & (maximum < minimum)
        if max_below_min.any():
            maximum = np.where(max_below_min, minimum, maximum)
    else:
        max_below_min = np.zeros(n, dtype=bool)
    assumption = (np.zeros(n, dtype=bool) if rule.assumption is False
                  else _bool_at(rule.assumption, n) & rule.applies)
    # The one rule answers wherever it states a value; conflicts None: there are none.
    # A checked rule states a value (never negative) wherever it applies: the level answering
    # a record is 0 there, -1 elsewhere; one int8 pass, no comparison of the counts.
    at = np.subtract(rule.applies, 1, dtype=np.int8)
    no_rule = np.broadcast_to(np.int8(NONE), (n,))
    min_rule = at if rule.minimum is not None else no_rule
    max_rule = at if rule.maximum is not None else no_rule
    return RoleOutcome(role=role, rules=(rule,), covered=rule.applies, minimum=minimum, maximum=maximum,
                       min_rule=min_rule, max_rule=max_rule, binding=at,
                       assumption=assumption, conflict_lower=None, conflict_upper=None, max_below_min=max_below_min)


def _binding(min_rule: np.ndarray, max_rule: np.ndarray) -> np.ndarray:
    """The level a record names: the one giving the minimum, else the one giving the maximum."""
    return np.where(min_rule >= 0, min_rule, max_rule)


def _combine_role(role: str, rules: list[StaffingRule], n: int, none: np.ndarray) -> RoleOutcome:
    k = len(rules)
    if k == 1:
        return _single_rule(role, rules[0], n, none)
    # Each level's bounds, -1 where it states none (levels in chain order, root first).
    mins = [_stated(r, "minimum", n, none) for r in rules]
    maxs = [_stated(r, "maximum", n, none) for r in rules]
    covered = np.logical_or.reduce([r.applies for r in rules])
    # The strictest floor, by a running maximum; only a strictly higher floor moves the
    # binding level down the chain, so ties stay with the higher level.
    minimum, min_rule = _running_max(mins)

    # A lower level stating a smaller floor than a level above it: conflict, the floor holds.
    conflict_lower = np.full(n, NONE, dtype=np.int8)
    conflict_upper = np.full(n, NONE, dtype=np.int8)
    for upper in range(k):
        for lower in range(upper + 1, k):
            if rules[lower].jurisdiction == rules[upper].jurisdiction or rules[lower].minimum is None \
                    or rules[upper].minimum is None:
                continue
            below = (mins[lower] >= 0) & (mins[upper] >= 0) & (mins[lower] < mins[upper]) & (conflict_lower < 0)
            conflict_lower[below] = lower
            conflict_upper[below] = upper

    # Permissions survive unless a lower level expressly restricts them.
    restricting = [i for i, r in enumerate(rules) if r.restricts_maximum]
    maximum, max_rule = _running_max(maxs)
    for i in restricting:  # depth order: the deepest restriction stated at a row wins
        stated = maxs[i] >= 0
        maximum = np.where(stated, maxs[i], maximum)
        max_rule = np.where(stated, i, max_rule)
    # A maximum below the floor cannot hold: the floor binds and this is reported.
    max_below_min = (maximum >= 0) & (maximum < minimum)
    maximum = np.where(max_below_min, minimum, maximum)

    assumption = np.zeros(n, dtype=bool)
    for i, r in enumerate(rules):
        flags = _bool_at(r.assumption, n)
        assumption |= ((min_rule == i) | (max_rule == i)) & flags
    return RoleOutcome(role=role, rules=tuple(rules), covered=covered, minimum=minimum, maximum=maximum,
                       min_rule=min_rule, max_rule=max_rule, binding=_binding(min_rule, max_rule),
                       assumption=assumption,
                       conflict_lower=conflict_lower, conflict_upper=conflict_upper,
                       max_below_min=max_below_min)


def _running_max(columns: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The element-wise maximum of the levels' columns, and which level gives it (-1: none).

    Contiguous passes, one per level: faster than argmax over a stacked (k, n) array.
    """
    best = columns[0]
    which = np.where(best >= 0, 0, NONE).astype(np.int8)
    for i, column in enumerate(columns[1:], start=1):
        better = column > best
        if better.any():
            best = np.where(better, column, best)
            which[better] = i
    return best, which


_SEVERITY = {PASS: 0, ASSESS: 1, MISSING: 2, REVIEW: 3, FAIL: 4}
#: The same, as an array indexed by status (one lookup per column, not a call per record).
_SEVERITY_OF = np.array([_SEVERITY[s] for s in range(max(_SEVERITY) + 1)], dtype=np.int8)


def combine_checks(subject: str, records: Table, chain: Chain,
                   answers: dict[str, list[Condition | Duty]]) -> CheckResult:
    """All levels' conditions apply; a condition two levels state is merged, citing both."""
    n = len(records)
    by_key: dict[str, list[Condition]] = defaultdict(list)
    duties: list[Duty] = []
    for items in _in_chain_order(chain, answers):
        for item in items:
            if isinstance(item, Duty):
                duties.append(item)
            else:
                by_key[item.key].append(item)
    outcomes = []
    for key, conds in by_key.items():
        severity = np.stack([_SEVERITY_OF[c.status] for c in conds])
        worst = severity.argmax(axis=0)  # the highest level on ties
        status = np.choose(worst, [c.status for c in conds]) if n else np.zeros(0, np.int8)
        reason = np.empty(n, dtype=object)
        for i, c in enumerate(conds):
            pick = worst == i
            if c.reason is not None:
                reason[pick] = np.asarray(c.reason, dtype=object)[pick]
        outcomes.append(ConditionOutcome(key, conds[0].description, tuple(c.citation for c in conds),
                                         status, reason))
    # No level stating anything on the subject is "not regulated", never "eligible".
    regulated = bool(outcomes or duties)
    return CheckResult(subject, records, chain, tuple(outcomes), tuple(duties),
                       _check_outcomes(outcomes, n, regulated), regulated)


def _check_outcomes(conditions: list[ConditionOutcome], n: int, regulated: bool) -> np.ndarray:
    """Per record: not regulated (no level states anything), else not eligible where a
    condition fails, else needs review where one needs review or lacks its data, else eligible."""
    if not regulated:
        return np.full(n, OUTCOME_NOT_REGULATED, dtype=object)
    out = np.full(n, OUTCOME_ELIGIBLE, dtype=object)
    if not conditions:
        return out
    status = np.stack([c.status for c in conditions])
    out[((status == REVIEW) | (status == MISSING)).any(axis=0)] = OUTCOME_REVIEW
    out[(status == FAIL).any(axis=0)] = OUTCOME_NOT_ELIGIBLE
    return out


def combine_deductions(subject: str, incidents: Table, chain: Chain,
                       answers: dict[str, list[Deduction]]) -> DeductionResult:
    """The deepest level stating a deduction for a record answers it (a county's figure, where
    it has one, is how it carries out its province's); every level stating one is listed, and
    an answer outside a higher level's range is reported as a conflict naming both clauses.
    """
    n = len(incidents)
    items = [d for deductions in _in_chain_order(chain, answers) for d in deductions]
    applies = [np.ones(n, dtype=bool) if d.applies is None else d.applies for d in items]
    answer_by = np.full(n, NONE, dtype=np.int8)
    for i, rows in enumerate(applies):  # root first: a deeper level overrides
        answer_by[rows] = i
    minimum, maximum = np.full(n, np.nan), np.full(n, np.nan)
    assumption = np.zeros(n, dtype=bool)
    for i, d in enumerate(items):
        pick = answer_by == i
        minimum[pick], maximum[pick] = d.minimum[pick], d.maximum[pick]
        assumption[pick] = _bool_at(d.assumption, n)[pick]
    # 下位不得抵触上位: the answer is reported when it leaves a higher level's range.
    depth = np.array([chain.depth(d.citation.jurisdiction) for d in items] + [NONE])
    answer_depth = depth[answer_by]  # -1 (no answer) picks the NONE appended
    conflict_upper = np.full(n, NONE, dtype=np.int8)
    for i, d in enumerate(items):
        outside = applies[i] & (answer_depth > depth[i]) & (conflict_upper < 0) & \
            ((minimum < d.minimum) | (maximum > d.maximum))
        conflict_upper[outside] = i
    return DeductionResult(subject, incidents, chain, tuple(items), tuple(applies), answer_by, minimum, maximum,
                           assumption, conflict_upper)


def combine_funds(units: Table, chain: Chain, answers: dict[str, FundRule], pool: float | None = None) -> Allocation:
    """Floors combine like staffing floors (the strictest binds, a lower level below a higher
    one is a conflict); the deepest level naming factors sets the weights (a county that sets
    its own carries out its province's factor method); with a ``pool``, each unit's weighted
    share, and its amount: the share, but never below its floor."""
    n = len(units)
    rules = {code: answers[code] for code in chain.codes if code in answers}
    with_floors = [r for r in rules.values() if r.floors is not None]
    floor = floor_by = conflict_lower = conflict_upper = None
    assumption = np.zeros(n, dtype=bool)
    if with_floors:
        stated = [np.where(r.floors >= 0, r.floors, NONE) for r in with_floors]
        floor, floor_by = _running_max(stated)
        conflict_lower, conflict_upper = _floor_conflicts(stated, [r.citation.jurisdiction for r in with_floors], n)
        for i, r in enumerate(with_floors):
            if r.floor_assumption:
                assumption |= floor_by == i
    factor_levels = [r for r in rules.values() if r.factors]
    factor_rule = factor_levels[-1] if factor_levels else None
    shares = amount = None
    if factor_rule is not None:
        assumption |= any(f.assumption for f in factor_rule.factors)
        if pool is not None:
            shares = weighted_shares(_factor_columns(units, factor_rule), [f.weight for f in factor_rule.factors])
            amount = shares * pool
            if floor is not None:
                amount = np.maximum(amount, np.maximum(floor, 0))
    # The purchase budget: a share of each unit's special funds, by the deepest level stating one.
    budget_levels = [r for r in rules.values() if r.budget_share]
    budget_rule = budget_levels[-1] if budget_levels and "special_funds" in units else None
    budget_floor = None
    if budget_rule is not None:
        funds, known = fields.number(units, "special_funds")
        if not known.all():
            raise units.error(np.flatnonzero(~known)[0], "special_funds",
                              "empty cell: the purchase-budget floor is a share of each unit's special funds",
                              zh="空单元格：购买服务预算下限按各单位专项资金的比例计算")
        budget_floor = funds * budget_rule.budget_share[0]
    return Allocation(units, chain, rules, pool, with_floors=tuple(with_floors), floor=floor, floor_by=floor_by,
                      conflict_lower=conflict_lower, conflict_upper=conflict_upper, factor_rule=factor_rule,
                      shares=shares, amount=amount, assumption=assumption, budget_floor=budget_floor,
                      budget_rule=budget_rule)


def _floor_conflicts(stated: list[np.ndarray], levels: list[str], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the first lower level stating a floor below a higher level's (-1: none), and that higher level."""
    lower_at = np.full(n, NONE, dtype=np.int8)
    upper_at = np.full(n, NONE, dtype=np.int8)
    for upper in range(len(stated)):
        for lower in range(upper + 1, len(stated)):
            if levels[lower] == levels[upper]:
                continue
            below = (stated[lower] >= 0) & (stated[upper] >= 0) & (stated[lower] < stated[upper]) & (lower_at < 0)
            lower_at[below] = lower
            upper_at[below] = upper
    return lower_at, upper_at


def _factor_columns(units: Table, rule: FundRule) -> list[np.ndarray]:
    """Each factor's input column, or an InputError naming the factor, its clause and the row."""
    columns = []
    for factor in rule.factors:
        if factor.column not in units:
            raise InputError(f"the factor '{factor.description}' needs a column {factor.column!r} "
                             f"({factor.citation.jurisdiction} {factor.citation.clause})", file=units.source,
                             row=1, column=factor.column)
        value, known = fields.number(units, factor.column)
        if not known.all():
            raise units.error(np.flatnonzero(~known)[0], factor.column,
                              "empty cell: every unit needs a value for each factor",
                              zh="空单元格：每个单位的每个因素都需要填写数值")
        columns.append(value)
    return columns


def _all_text(column) -> bool:
    """Whether every cell of an object column is text (checked in C)."""
    import pyarrow as pa

    try:
        return pa.array(column, pa.string()).null_count == 0
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return False


def combine_scores(scores: Table, chain: Chain, answers: dict[str, ScoringRule]) -> ScoreResult:
    """The deepest level scoring a row answers it (score, rank, award); where no level scores a
    row, the deepest level that answered names it unscored. A unit's award is given on its
    first row. Every level's notes are kept."""
    n = len(scores)
    rules = tuple(answers[code] for code in chain.codes if code in answers)
    answer_by = np.full(n, len(rules) - 1, dtype=np.int8)
    scored_by = np.full(n, NONE, dtype=np.int8)
    for i, rule in enumerate(rules):
        scored_by[~np.isnan(rule.score)] = i
    answer_by = np.where(scored_by >= 0, scored_by, answer_by)
    column = scores.get("unit", scores.get("code"))
    if column is None:
        units = np.full(n, "", dtype=object)
    else:
        column = np.asarray(column)
        units = column if column.dtype == object and _all_text(column) else column.astype(str).astype(object)
    first_of_unit = np.zeros(n, dtype=bool)
    if n:  # a unit's first row: one sort, not a Python pass over rows
        first_of_unit[np.unique(units.astype(str), return_index=True)[1]] = True
    return ScoreResult(scores, chain, rules, answer_by, units, first_of_unit)
