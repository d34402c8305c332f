"""Combining the levels of a chain, per rule family: the whole inheritance mechanism.

As the documents layer (下位不得抵触上位, a county's plan may not fall below its
province's notice):

- **floors** (minimum staff, minimum funds): the strictest binds; a lower level below its
  parent's floor is reported as a conflict naming both clauses, and the floor applies;
- **permissions** (a maximum): survive unless a lower level expressly restricts them;
- **conditions** (eligibility): all levels' conditions apply;
- what only one level states passes through, naming that level.

Levels are ordered by their depth in the chain, never by the order plugins were called.
On a tie the higher level binds (it is the source the lower one restates).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from jiuzhu.core.answers import ASSESS, FAIL, MISSING, PASS, REVIEW, Condition, Deduction, Duty, StaffingRule
from jiuzhu.core.chain import Chain
from jiuzhu.core.results import CheckResult, ConditionOutcome, DeductionResult, RoleOutcome, StaffingResult
from jiuzhu.core.roles import role_order
from jiuzhu.core.table import Table

NONE = -1  # "no value" in an int64 column of counts


def _bool_at(value, n: int) -> np.ndarray:
    return np.full(n, value, dtype=bool) if isinstance(value, bool) else value


def combine_staffing(units: Table, chain: Chain, answers: dict[str, list[StaffingRule]]) -> StaffingResult:
    """One :class:`RoleOutcome` per role any level regulates, with floors, permissions and conflicts."""
    n = len(units)
    by_role: dict[str, list[StaffingRule]] = defaultdict(list)
    for rules in answers.values():  # checked where the hook was called (jiuzhu.core.validation)
        for rule in rules:
            by_role[rule.role].append(rule)
    outcomes = []
    none = np.full(n, NONE, dtype=np.int64)  # one "no value" column shared by every role
    none.flags.writeable = False
    for role in sorted(by_role, key=role_order):
        rules = sorted(by_role[role], key=lambda r: chain.depth(r.jurisdiction))
        outcomes.append(_combine_role(role, rules, n, none))
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
    # min_rule/max_rule/conflicts None: the one rule answers wherever a value is stated.
    return RoleOutcome(role=role, rules=(rule,), covered=rule.applies, minimum=minimum, maximum=maximum,
                       min_rule=None, max_rule=None, assumption=assumption,
                       conflict_lower=None, conflict_upper=None, max_below_min=max_below_min)


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
                       min_rule=min_rule, max_rule=max_rule, assumption=assumption,
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


def combine_checks(subject: str, records: Table, chain: Chain,
                   answers: dict[str, list[Condition | Duty]]) -> CheckResult:
    """All levels' conditions apply; a condition two levels state is merged, citing both."""
    n = len(records)
    by_key: dict[str, list[Condition]] = defaultdict(list)
    duties: list[Duty] = []
    for items in answers.values():  # checked where the hook was called (jiuzhu.core.validation)
        for item in items:
            if isinstance(item, Duty):
                duties.append(item)
            else:
                by_key[item.key].append(item)
    outcomes = []
    for key, conds in by_key.items():
        conds.sort(key=lambda c: chain.depth(c.citation.jurisdiction))
        severity = np.stack([np.vectorize(_SEVERITY.get, otypes=[np.int8])(c.status) if n else c.status
                             for c in conds])
        worst = severity.argmax(axis=0)  # the highest level on ties
        status = np.choose(worst, [c.status for c in conds]) if n else np.zeros(0, np.int8)
        reason = np.empty(n, dtype=object)
        for i, c in enumerate(conds):
            pick = worst == i
            if c.reason is not None:
                reason[pick] = np.asarray(c.reason, dtype=object)[pick]
        outcomes.append(ConditionOutcome(key, conds[0].description, tuple(c.citation for c in conds),
                                         status, reason))
    duties.sort(key=lambda d: chain.depth(d.citation.jurisdiction))
    # No level stating anything on the subject is "not regulated", never "eligible".
    regulated = bool(outcomes or duties)
    return CheckResult(subject, records, chain, tuple(outcomes), tuple(duties), regulated)


def combine_deductions(subject: str, incidents: Table, chain: Chain,
                       answers: dict[str, list[Deduction]]) -> DeductionResult:
    """Deductions of every level are listed; the deepest level stating one for a record answers.

    Only one level of any modelled chain states a deduction, so this rule (a county's
    figure, where it has one, is how it carries out its province's) is not yet exercised by
    two levels at once.
    """
    items: list[Deduction] = []
    for deductions in answers.values():  # checked where the hook was called
        items.extend(deductions)
    items.sort(key=lambda d: chain.depth(d.citation.jurisdiction))
    return DeductionResult(subject, incidents, chain, tuple(items))
