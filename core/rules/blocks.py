"""Rule building blocks: the shapes the documents keep using, as vectorised functions.

Each takes numpy columns and returns a column of the same length. Plugins state a rule as
one of these shapes with numbers from their TOML file; the numbers never live here.
"""

from __future__ import annotations

import sys

from jiuzhu.core.lazy import np

ROUNDINGS = ("ceil", "floor")


def per_ratio(values: np.ndarray, per: int, rounding: str = "ceil") -> np.ndarray:
    """One per ``per`` of ``values`` ("1 per 10,000"), rounded up (the ratio must hold) or down."""
    values = np.asarray(values, dtype=np.int64)
    if rounding == "ceil":
        return -(-values // per)
    if rounding == "floor":
        return values // per
    raise ValueError(f"rounding must be one of {ROUNDINGS}, not {rounding!r}")


def is_inexact(values: np.ndarray, per: int) -> np.ndarray:
    """Where a per-ratio count had to be rounded (the text then does not fix the number)."""
    return np.asarray(values, dtype=np.int64) % per != 0


def base_plus_per(values: np.ndarray, threshold: int, base: int, per: int,
                  rounding: str = "ceil") -> np.ndarray:
    """``base`` up to ``threshold`` inclusive, one more per ``per`` above it (a part counts per ``rounding``)."""
    excess = np.maximum(np.asarray(values, dtype=np.int64) - threshold, 0)
    return base + per_ratio(excess, per, rounding)


def banded(values: np.ndarray, bounds: list[int], band_values: list[int],
           boundary: str = "lower") -> np.ndarray:
    """The value of the band each value falls in.

    ``bounds`` ascend and split the line into ``len(bounds) + 1`` bands. A value equal to a
    bound goes to the band below it (``boundary="lower"``, "X以下 includes X") or above it
    (``"upper"``, "X(含)以上").
    """
    if len(band_values) != len(bounds) + 1:
        raise ValueError("band_values needs one more entry than bounds")
    side = "left" if boundary == "lower" else "right"
    index = np.searchsorted(np.asarray(bounds), np.asarray(values), side=side)
    return np.asarray(band_values)[index]


def on_rows(mask: np.ndarray, values: np.ndarray, fill: int = 0) -> np.ndarray:
    """A full-length column holding ``values`` (computed on the rows of ``mask`` only) there,
    ``fill`` elsewhere. Rules for one unit level compute on that level's rows alone."""
    out = np.full(len(mask), fill, dtype=np.asarray(values).dtype if len(values) else np.int64)
    out[mask] = values
    return out


def fixed(n: int, value) -> np.ndarray:
    """A fixed count or amount for every row (a read-only view: nothing is allocated)."""
    return np.broadcast_to(np.int64(value), (n,))


def condition(key: str, description: str, citation, *, passes, known, when_failing: int | None = None,
              reason=None, missing_reason: str | None = None):
    """A checklist condition as a column: PASS where ``passes``, else ``when_failing`` (FAIL
    by default, REVIEW for an in-principle condition); MISSING where the data is not ``known``.

    ``reason`` (a string or a per-record column) is shown where it does not pass.
    """
    from jiuzhu.core.hooks.answers import FAIL, MISSING, PASS, Condition

    passes, known = np.asarray(passes, bool), np.asarray(known, bool)
    failing = FAIL if when_failing is None else when_failing
    status = np.where(~known, MISSING, np.where(passes, PASS, failing)).astype(np.int8)
    reasons = np.empty(len(status), dtype=object)
    fail_reason = description if reason is None else reason
    if isinstance(fail_reason, str):
        reasons[(status != PASS) & known] = fail_reason
    else:
        pick = (status != PASS) & known
        reasons[pick] = np.asarray(fail_reason, dtype=object)[pick]
    reasons[~known] = missing_reason or f"not given: {description}"
    return Condition(key, description, citation, status, reasons)


def on_list(key: str, description: str, param, value, known, *, passes_anyway=None):
    """A value checked against a list parameter: PASS where the list names it (or where
    ``passes_anyway``); otherwise REVIEW if the text's list is open (主要包括, 主要是, …等),
    FAIL if it is closed. The citation is the parameter's own clause and quote."""
    from jiuzhu.core.hooks.answers import REVIEW

    ok = np.isin(value, list(param.value))
    if passes_anyway is not None:
        ok |= np.asarray(passes_anyway, bool)
    words = "the open list" if param.open_list else "the list"
    reason = np.array([f"{v!r}: {words} ({param.citation.clause}) does not name it"
                       + (", so it needs review" if param.open_list else "") for v in value], dtype=object)
    return condition(key, description, param.citation, passes=ok, known=known,
                     when_failing=REVIEW if param.open_list else None, reason=reason)


def _shown(value, aliases) -> str:
    """A value as the user reads it: the document's word for a key where ``aliases`` has one."""
    from jiuzhu.core.model.vocabulary import word_for

    return word_for(aliases, value) if aliases else repr(value)


def not_on_list(key: str, description: str, forbidden, value, known, permitted=None, aliases=None):
    """A value checked against a list of what is forbidden: FAIL where ``forbidden`` names it,
    PASS where ``permitted`` does; another value needs review when the forbidden list is
    open (…等支出) and passes when it is closed."""
    from jiuzhu.core.hooks.answers import FAIL, REVIEW

    banned = np.isin(value, list(forbidden.value))
    allowed = np.isin(value, list(permitted.value) if permitted is not None else [])
    other = REVIEW if forbidden.open_list else None
    status_if_failing = np.where(banned, FAIL, REVIEW if other is not None else FAIL)
    reason = np.array([f"{_shown(v, aliases)} is forbidden ({forbidden.citation.clause})" if b else
                       f"{_shown(v, aliases)}: the open list ({forbidden.citation.clause}) neither names nor permits it, so it "
                       "needs review" for v, b in zip(value, banned)], dtype=object)
    out = condition(key, description, forbidden.citation, passes=~banned & (allowed | (other is None)),
                    known=known, reason=reason)
    failing = out.status == FAIL
    out.status[failing] = status_if_failing[failing]
    return out


def judgement(key: str, description: str, citation, n: int):
    """A condition the data cannot settle (familiarity with policy): to be assessed by a person."""
    from jiuzhu.core.hooks.answers import ASSESS, Condition

    # One reason for every record: a read-only view of one object, not a million references.
    reasons = np.broadcast_to(np.array([f"to be assessed: {description}"], dtype=object), (n,))
    return Condition(key, description, citation, np.full(n, ASSESS, np.int8), reasons)


def descending_ranks(values: np.ndarray, ties: str = "shared") -> np.ndarray:
    """Rank 1 for the highest value. ``ties="shared"``: equal values share the best rank
    (1, 2, 2, 4); ``"input_order"``: the earlier row ranks first. NaN is unranked (0)."""
    values = np.asarray(values, dtype=float)
    ranks = np.zeros(len(values), dtype=np.int64)
    ok = np.flatnonzero(~np.isnan(values))
    if ties == "shared":
        v = values[ok]
        # 1 + how many score strictly higher, via a sort rather than an n x n comparison.
        ranks[ok] = 1 + len(v) - np.searchsorted(np.sort(v), v, side="right")
    elif ties == "input_order":
        ranks[ok[np.argsort(-values[ok], kind="stable")]] = np.arange(1, len(ok) + 1)
    else:
        raise ValueError(f"ties must be 'shared' or 'input_order', not {ties!r}")
    return ranks


def full_score_minus(shortfalls: np.ndarray, points_each: float, full_score: float) -> np.ndarray:
    """Points deducted per item under full-score-minus-deductions: at most the item's full score."""
    return np.minimum(np.asarray(shortfalls, dtype=float) * points_each, full_score)


def weighted_shares(columns: list[np.ndarray], weights: list[float]) -> np.ndarray:
    """Each row's share of a pool under the factor method: sum of weight x (value / column total),
    normalised by the sum of the weights. A column summing to 0 contributes nothing."""
    total = np.zeros(len(columns[0]) if columns else 0)
    for column, weight in zip(columns, weights):
        column = np.asarray(column, dtype=float)
        column_total = column.sum()
        if column_total > 0:
            total += weight * column / column_total
    weight_sum = float(sum(weights))
    return total / weight_sum if weight_sum > 0 else total


def lists_by_row(lists: list[list], index: np.ndarray) -> np.ndarray:
    """An object column whose row ``i`` holds ``lists[index[i]]``: rows share the few lists
    (one Python list per distinct answer, not per row)."""
    choices = np.empty(len(lists), dtype=object)
    for k, items in enumerate(lists):
        choices[k] = items
    return choices[np.asarray(index, dtype=np.intp)]


def lists_by_flags(flags: list[np.ndarray], words: list[str]) -> np.ndarray:
    """Per row, the ``words`` whose ``flags`` column is true there, in order (a row's named
    shortfalls): one list per distinct combination of flags, shared by the rows that have it."""
    n = len(flags[0]) if flags else 0
    pattern = np.zeros(n, dtype=np.int64)
    for bit, flag in enumerate(flags):
        pattern |= np.asarray(flag, dtype=np.int64) << bit
    kinds, index = np.unique(pattern, return_inverse=True)
    return lists_by_row([[w for bit, w in enumerate(words) if int(kind) >> bit & 1] for kind in kinds],
                        index.ravel())


def object_ids(column: np.ndarray) -> np.ndarray:
    """Each object's ``id()`` in an object column, as unsigned integers. In CPython an id is
    the object's address, which is what an object array holds: the array's own memory is
    read (0.4 ms for 542,850 rows), not ``id`` called per row (42 ms, a Python int each).
    Other interpreters call ``id``."""
    column = np.ascontiguousarray(column, dtype=object)
    if sys.implementation.name != "cpython" or column.itemsize != np.dtype(np.uintp).itemsize:
        return np.frompyfunc(id, 1, 1)(column).astype(np.uintp)
    import ctypes

    held = (ctypes.c_char * column.nbytes).from_address(column.ctypes.data)
    return np.frombuffer(held, dtype=np.uintp).reshape(column.shape).copy()  # a copy: ``column`` may go


def distinct_objects(column: np.ndarray) -> tuple[np.ndarray, list]:
    """``(index, objects)``: the distinct objects of an object column (by identity: rows that
    share an object share an index), in the order they first appear, and each row's index
    into them, with no Python call per row."""
    column = np.asarray(column, dtype=object)
    if not len(column):
        return np.zeros(0, dtype=np.intp), []
    _ids, first, index = np.unique(object_ids(column), return_index=True, return_inverse=True)
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[index.ravel()], column[first[order]].tolist()
