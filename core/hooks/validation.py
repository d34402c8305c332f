"""What a valid answer to each rule hook is, checked where the hook is called.

A plugin's answer is data from outside the core: before the combiner sees it, each one is
checked for its type, the length of every column, the values a column may hold (statuses,
non-negative counts, finite numbers) and citations naming the plugin's own code. A breach
is a :class:`BadAnswer` saying what is wrong; :func:`jiuzhu.core.hooks.calling.call_chain` turns it
into a :class:`~jiuzhu.core.model.errors.PluginError` naming the distribution, plugin and hook.
``jiuzhu.testing`` runs every hook through the same checks.

Each validator returns the answer with its columns in the types the combiner reads
(boolean masks, int8 statuses, int64 counts), so nothing downstream converts again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from attrs import evolve

from jiuzhu.core.hooks.answers import STATUS_NAMES, Condition, Deduction, Duty, Factor, FundRule, ScoringRule, StaffingRule
from jiuzhu.core.lazy import np
from jiuzhu.core.rules import blocks
from jiuzhu.core.model import Citation

NO_FLOOR = -1  # a fund floor of -1: no floor for that unit


class BadAnswer(Exception):
    """An answer that breaks the hook's contract; the message says what and where."""


def _fail(what: str) -> None:
    raise BadAnswer(what)


def _row(mask: np.ndarray) -> int:
    """The first offending record, counted from 1."""
    return int(np.flatnonzero(mask)[0]) + 1


def _column(value, n: int, what: str) -> np.ndarray:
    arr = np.asarray(value)
    if arr.shape != (n,):
        _fail(f"{what} has shape {arr.shape}, expected ({n},)")
    return arr


def _mask(value, n: int, what: str) -> np.ndarray:
    """A yes/no column: booleans, or whole numbers 0 and 1 (never NaN, never text)."""
    arr = _column(value, n, what)
    if arr.dtype == bool:
        return arr
    if np.issubdtype(arr.dtype, np.integer) and ((arr == 0) | (arr == 1)).all():
        return arr.astype(bool)
    _fail(f"{what} must be true/false for each row, got {arr.dtype}"
          + (" with NaN" if np.issubdtype(arr.dtype, np.floating) and np.isnan(arr).any() else ""))


def _flag(value, n: int, what: str) -> np.ndarray | bool:
    """``assumption``: one true/false for every row, or a yes/no column."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return _mask(value, n, what)


def _counts(value, n: int, applies: np.ndarray, what: str) -> np.ndarray:
    """Whole, non-negative numbers wherever the rule applies (elsewhere ignored)."""
    arr = _column(value, n, what)
    if not np.issubdtype(arr.dtype, np.integer):
        _fail(f"{what} must be whole numbers, got dtype {arr.dtype}")
    negative = applies & (arr < 0)
    if negative.any():
        _fail(f"{what} is {int(arr[negative][0])} at record {_row(negative)}: a count is never negative")
    return arr.astype(np.int64, copy=False)


def _numbers(value, n: int, what: str, *, allow_nan: bool = False, minimum: float | None = 0.0) -> np.ndarray:
    arr = _column(value, n, what)
    if not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool) or np.issubdtype(arr.dtype, np.complexfloating):
        _fail(f"{what} must be numbers, got dtype {arr.dtype}")
    arr = arr.astype(float, copy=False)
    bad = ~np.isfinite(arr) & ~(np.isnan(arr) if allow_nan else False)
    if bad.any():
        _fail(f"{what} is {arr[bad][0]} at record {_row(bad)}: numbers must be finite")
    if minimum is not None:
        below = arr < minimum
        if below.any():
            _fail(f"{what} is {arr[below][0]:g} at record {_row(below)}: it is never below {minimum:g}")
    return arr


def _text(value, what: str) -> str:
    if not isinstance(value, str):
        _fail(f"{what} must be text, got {type(value).__name__}")
    return value


def _citation(value, plugin: str, what: str = "citation") -> Citation:
    if not isinstance(value, Citation):
        _fail(f"{what} must be a Citation, got {type(value).__name__}")
    if value.jurisdiction != plugin:
        _fail(f"{what} names jurisdiction {value.jurisdiction}, not its own ({plugin})")
    return value


def _items(answer, kind: str) -> list:
    if not isinstance(answer, (list, tuple)):
        _fail(f"got {type(answer).__name__}, not a list of {kind} (or None)")
    return list(answer)


def staffing_answer(answer, n: int, plugin: str) -> list[StaffingRule]:
    out = []
    for rule in _items(answer, "StaffingRule"):
        if not isinstance(rule, StaffingRule):
            _fail(f"expected StaffingRule, got {type(rule).__name__}")
        _text(rule.role, "role")
        _citation(rule.citation, plugin)
        if rule.max_citation is not None:
            _citation(rule.max_citation, plugin, "max_citation")
        applies = _mask(rule.applies, n, f"{rule.role}: applies")
        bounds = {name: None if getattr(rule, name) is None
                  else _counts(getattr(rule, name), n, applies, f"{rule.role}: {name}")
                  for name in ("minimum", "maximum")}
        out.append(evolve(rule, applies=applies, assumption=_flag(rule.assumption, n, f"{rule.role}: assumption"),
                          **bounds))
    return out


def _not_text(values: np.ndarray) -> int | None:
    """The position of the first value that is neither text nor None (checked in C by arrow,
    whose conversion refuses anything else)."""
    import pyarrow as pa

    try:
        pa.array(values, pa.string())
        return None
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return next(i for i, v in enumerate(values) if not (v is None or isinstance(v, str)))


def eligibility_answer(answer, n: int, plugin: str) -> list[Condition | Duty]:
    out = []
    for item in _items(answer, "Condition and Duty"):
        if isinstance(item, Duty):
            _text(item.key, "duty key")
            _citation(item.citation, plugin, f"duty {item.key!r}: citation")
            out.append(evolve(item, applies=_mask(item.applies, n, f"duty {item.key!r}: applies")))
            continue
        if not isinstance(item, Condition):
            _fail(f"expected Condition or Duty, got {type(item).__name__}")
        _text(item.key, "condition key")
        _citation(item.citation, plugin, f"condition {item.key!r}: citation")
        status = _column(item.status, n, f"condition {item.key!r}: status")
        if not np.issubdtype(status.dtype, np.integer):
            _fail(f"condition {item.key!r}: status must be whole numbers "
                  f"({', '.join(f'{k} {v}' for k, v in STATUS_NAMES.items())}), got dtype {status.dtype}"
                  + (" with NaN" if np.issubdtype(status.dtype, np.floating) and np.isnan(status).any() else ""))
        unknown = ~np.isin(status, list(STATUS_NAMES))
        if unknown.any():
            _fail(f"condition {item.key!r}: status {int(status[unknown][0])} at record {_row(unknown)} is none of "
                  + ", ".join(f"{k} {v}" for k, v in STATUS_NAMES.items()))
        reason = item.reason
        if reason is not None:
            reason = _column(reason, n, f"condition {item.key!r}: reason").astype(object, copy=False)
            shown = np.flatnonzero(status != 0)  # only the reasons a user is shown
            # A broadcast view (one reason for every record) is one object: checked once.
            bad = _not_text(reason[:1] if reason.strides == (0,) and len(shown) else reason[shown])
            if bad is not None:
                i = int(shown[bad])
                _fail(f"condition {item.key!r}: reason at record {i + 1} is {type(reason[i]).__name__}, not text")
        out.append(evolve(item, status=status.astype(np.int8, copy=False), reason=reason))
    return out


def deduction_answer(answer, n: int, plugin: str) -> list[Deduction]:
    out = []
    for d in _items(answer, "Deduction"):
        if not isinstance(d, Deduction):
            _fail(f"expected Deduction, got {type(d).__name__}")
        _text(d.subject, "subject")
        _text(d.unit, "unit")
        _citation(d.citation, plugin)
        if not all(isinstance(r, str) for r in d.remedies):
            _fail("remedies must be text")
        applies = None if d.applies is None else _mask(d.applies, n, "applies")
        lo = _numbers(d.minimum, n, "minimum")
        hi = _numbers(d.maximum, n, "maximum")
        upside_down = (lo > hi) if applies is None else (applies & (lo > hi))
        if upside_down.any():
            _fail(f"minimum {lo[upside_down][0]:g} is above maximum {hi[upside_down][0]:g} "
                  f"at record {_row(upside_down)}")
        out.append(evolve(d, minimum=lo, maximum=hi, applies=applies,
                          assumption=_flag(d.assumption, n, "assumption"), remedies=tuple(d.remedies)))
    return out


def fund_answer(answer, n: int, plugin: str) -> FundRule:
    if not isinstance(answer, FundRule):
        _fail(f"got {type(answer).__name__}, not FundRule (or None)")
    _citation(answer.citation, plugin)
    for f in answer.factors:
        if not isinstance(f, Factor):
            _fail(f"factors must be Factor, got {type(f).__name__}")
        _text(f.column, f"factor {f.key!r}: column")
        _citation(f.citation, plugin, f"factor {f.key!r}: citation")
        if isinstance(f.weight, bool) or not isinstance(f.weight, (int, float)) or not np.isfinite(f.weight) \
                or f.weight < 0:
            _fail(f"factor {f.key!r}: weight must be a finite number, at least 0, not {f.weight!r}")
    floors = answer.floors
    if floors is not None:
        whole = np.issubdtype(np.asarray(floors).dtype, np.integer)
        floors = _numbers(floors, n, "floors", minimum=None)
        bad = (floors < 0) & (floors != NO_FLOOR)
        if bad.any():
            _fail(f"floors is {floors[bad][0]:g} at record {_row(bad)}: a floor is at least 0 ({NO_FLOOR}: none)")
        if answer.floor_citation is None:
            _fail("floors are given without a floor_citation")
        _citation(answer.floor_citation, plugin, "floor_citation")
        if answer.floor_citations is not None:
            per_unit = _column(answer.floor_citations, n, "floor_citations")
            rows = np.flatnonzero(floors != NO_FLOOR)
            index, distinct = blocks.distinct_objects(per_unit[rows])  # a few clauses, shared by rows
            for k, cite in enumerate(distinct):
                _citation(cite, plugin, f"floor_citations at record {int(rows[np.flatnonzero(index == k)[0]]) + 1}")
        if whole:  # whole yuan stay whole in every output
            floors = floors.astype(np.int64)
    if answer.budget_share is not None:
        share, cite = answer.budget_share
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            _fail(f"budget_share must be a share between 0 and 1, not {share!r}")
        _citation(cite, plugin, "budget_share citation")
    for use, cite in answer.prohibited_uses:
        _text(use, "a prohibited use")
        _citation(cite, plugin, "prohibited_uses citation")
    return evolve(answer, floors=floors)


def scoring_answer(answer, n: int, plugin: str) -> ScoringRule:
    if not isinstance(answer, ScoringRule):
        _fail(f"got {type(answer).__name__}, not ScoringRule (or None)")
    _citation(answer.citation, plugin)
    score = _numbers(answer.score, n, "score", allow_nan=True, minimum=None)
    shortfalls = answer.shortfalls
    if isinstance(shortfalls, (list, tuple)):  # a list of lists: one object column, not a 2-D array
        column = np.empty(len(shortfalls), dtype=object)
        for i, items in enumerate(shortfalls):
            column[i] = items
        shortfalls = column
    shortfalls = _column(shortfalls, n, "shortfalls")
    index, distinct = blocks.distinct_objects(shortfalls)  # rows share lists: each checked once
    for k, items in enumerate(distinct):
        if not isinstance(items, (list, tuple)) or not all(isinstance(s, str) for s in items):
            _fail(f"shortfalls at record {int(np.flatnonzero(index == k)[0]) + 1} must be a list of text, "
                  f"got {items!r}")
    ranks = answer.ranks
    if ranks is not None:
        ranks = _counts(ranks, n, np.ones(n, dtype=bool), "ranks")
    award = answer.award
    if award is not None:
        award = _numbers(award, n, "award")
        if answer.award_citation is None:
            _fail("award is given without an award_citation")
    if answer.award_citation is not None:
        _citation(answer.award_citation, plugin, "award_citation")
    _text(answer.tie_rule, "tie_rule")
    if not all(isinstance(line, str) for line in answer.notes):
        _fail("notes must be text")
    return evolve(answer, score=score, shortfalls=shortfalls, ranks=ranks, award=award,
                  assumption=bool(answer.assumption))


#: Hook name → (the argument holding the table the answer's columns follow, validator).
VALIDATORS: dict[str, tuple[str, Callable[[Any, int, str], Any]]] = {
    "jiuzhu_staffing_rule": ("units", staffing_answer),
    "jiuzhu_eligibility_check": ("records", eligibility_answer),
    "jiuzhu_deduction_rule": ("incidents", deduction_answer),
    "jiuzhu_fund_factor_weighting": ("units", fund_answer),
    "jiuzhu_pilot_scoring": ("scores", scoring_answer),
}


def valid_answer(hook_name: str, answer, kwargs: dict[str, Any], plugin: str):
    """The answer checked against ``hook_name``'s contract (``None`` and an empty list: not
    regulated here, returned as ``None``); raises :class:`BadAnswer`."""
    if answer is None or (isinstance(answer, (list, tuple)) and not answer):
        return None
    spec = VALIDATORS.get(hook_name)
    if spec is None:
        return answer
    table_arg, validate = spec
    try:
        return validate(answer, len(kwargs[table_arg]), plugin)
    except BadAnswer:
        raise
    except Exception as exc:  # an answer too malformed even to be checked (remedies=None, say)
        raise BadAnswer(f"malformed {type(answer).__name__}: {type(exc).__name__}: {exc}") from None
