"""What a plugin's hook returns: one level's answer, as columns, with its citation.

These are the inputs of :mod:`jiuzhu.core.combine`, which merges the levels of a chain
into the results users see (:mod:`jiuzhu.core.combine.results`). Arrays are numpy columns as
long as the table the hook received.
"""

from __future__ import annotations

from jiuzhu.core.lazy import np
from attrs import field, frozen

from jiuzhu.core.model import Citation


def _bool_column(value) -> np.ndarray | bool:
    return value if isinstance(value, bool) else np.asarray(value)


# Columns are kept as the plugin gave them (np.asarray, no casting): a NaN cast to bool or
# int8 would pass for a real value. jiuzhu.core.hooks.validation checks them where the hook is
# called and casts them to the types the combiner reads.


@frozen(eq=False)
class StaffingRule:
    """One level's rule for one role: which units it covers, their floor and permitted maximum.

    ``minimum``/``maximum`` are int64 columns, or ``None`` when the level states no floor /
    no maximum. ``restricts_maximum`` marks an express restriction of a parent's permission
    (otherwise a parent's larger maximum survives). ``assumption`` is true where the number
    rests on an interpretation the text does not state (a rounding direction, say).
    """

    role: str
    citation: Citation
    applies: np.ndarray = field(converter=lambda a: np.asarray(a))
    minimum: np.ndarray | None = None
    maximum: np.ndarray | None = None
    assumption: np.ndarray | bool = field(default=False, converter=_bool_column)
    restricts_maximum: bool = False
    max_citation: Citation | None = None
    note: str = ""

    @property
    def jurisdiction(self) -> str:
        return self.citation.jurisdiction


# Status of one condition for one record.
PASS, FAIL, REVIEW, ASSESS, MISSING = 0, 1, 2, 3, 4
STATUS_NAMES = {PASS: "pass", FAIL: "fail", REVIEW: "review", ASSESS: "assess", MISSING: "missing"}


@frozen(eq=False)
class Condition:
    """One level's condition on a subject, evaluated for every record.

    ``status`` holds, per record: PASS; FAIL (a required condition fails: not eligible);
    REVIEW (an in-principle condition fails or an open list does not name the case: needs
    review); ASSESS (a judgement the data cannot settle, such as familiarity with policy:
    listed for assessment, outcome unchanged); MISSING (the record lacks the data: needs
    review). ``reason`` gives, per record, the words shown when it is not PASS.
    """

    key: str
    description: str
    citation: Citation
    status: np.ndarray = field(converter=lambda a: np.asarray(a))
    reason: np.ndarray | None = None


@frozen(eq=False)
class Duty:
    """A duty that comes with eligibility (a filing duty, labour contracts), where ``applies``."""

    key: str
    description: str
    citation: Citation
    applies: np.ndarray = field(converter=lambda a: np.asarray(a))


@frozen(eq=False)
class Deduction:
    """One level's deduction per record: a range ``minimum``..``maximum`` in ``unit``.

    ``remedies`` are the other measures the clause allows (replace the worker, end the
    contract), listed with the result. ``right``: the text gives the deduction as a right
    (有权扣减), not a duty: the range holds when it is exercised.
    """

    subject: str
    citation: Citation
    unit: str
    minimum: np.ndarray = field(converter=lambda a: np.asarray(a))
    maximum: np.ndarray = field(converter=lambda a: np.asarray(a))
    applies: np.ndarray | None = None
    assumption: np.ndarray | bool = field(default=False, converter=_bool_column)
    remedies: tuple[str, ...] = ()
    right: bool = False


@frozen
class Factor:
    """A factor of a fund's factor-method split: the input column it reads and its weight."""

    key: str
    description: str
    column: str
    weight: float
    citation: Citation
    assumption: bool = False


@frozen(eq=False)
class FundRule:
    """One level's rule for sharing or securing funds.

    ``factors``: the factor method's factors and weights (empty if the level names none).
    ``floors``: a per-unit minimum amount column (None if none). ``budget_share``: a minimum
    share of a named fund, as (share, citation), computed per unit from a ``special_funds``
    column where the units have one. ``prohibited_uses``: (use, citation) pairs.
    """

    citation: Citation
    factors: tuple[Factor, ...] = ()
    floors: np.ndarray | None = None
    floor_citation: Citation | None = None
    floor_assumption: bool = False
    #: Per unit, the citation of the rule that set its floor, where several rules do.
    floor_citations: np.ndarray | None = None
    budget_share: tuple[float, Citation] | None = None
    #: The budget share is a floor "in principle" (原则上): a shortfall needs a stated reason.
    budget_in_principle: bool = False
    prohibited_uses: tuple[tuple[str, Citation], ...] = ()
    note: str = ""


@frozen(eq=False)
class ScoringRule:
    """One level's scoring of units: a score column, a ranking rule and award shares.

    ``score``: float column (NaN where the unit is not scored). ``shortfalls``: per unit, the
    named items that cost points or fell short. ``ranks``: descending ranks (ties per
    ``tie_rule``), ``award``: per-unit award column or None.
    """

    citation: Citation
    score: np.ndarray
    shortfalls: np.ndarray
    ranks: np.ndarray | None = None
    tie_rule: str = ""
    award: np.ndarray | None = None
    award_citation: Citation | None = None
    assumption: bool = False
    notes: tuple[str, ...] = ()
