"""Combined results users see, per rule family, and their machine-readable records.

Each result keeps columns (for tables of any size) and turns them into records (dicts) on
request; every record names the jurisdiction that answered and the clause it rests on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from attrs import frozen

from jiuzhu.core.hooks.answers import ASSESS, FAIL, PASS, Deduction, Duty, ScoringRule, StaffingRule
from jiuzhu.core.rules.chain import Chain
from jiuzhu.core.model import Citation
from jiuzhu.core.model.table import Table


def _draft_note(chain: Chain) -> list[str]:
    return [f"{j.code} {j.name_en}: from a draft for comment (征求意见稿), no legal force"
            for j in chain if j.is_draft]


@frozen(eq=False)
class RoleOutcome:
    """One role's combined answer over all units, resolved by the combiner (columns; -1: none).

    ``min_rule``/``max_rule``: which of ``rules`` gives the minimum / maximum; ``binding``: the
    level a record names (the minimum's, else the maximum's); ``conflict_lower``/``upper``: a
    lower level stating a floor below a higher one's (None: no conflict anywhere);
    ``max_below_min``: a maximum below the floor, raised to it.
    """

    role: str
    rules: tuple[StaffingRule, ...]
    covered: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    min_rule: np.ndarray
    max_rule: np.ndarray
    binding: np.ndarray
    assumption: np.ndarray
    conflict_lower: np.ndarray | None
    conflict_upper: np.ndarray | None
    max_below_min: np.ndarray

    def record(self, i: int) -> dict[str, Any]:
        """The contract's record for unit ``i`` (which this role covers)."""
        binding, ma = self.rules[int(self.binding[i])], int(self.max_rule[i])
        sources = []
        for r in self.rules:
            if not r.applies[i]:
                continue
            src = {"jurisdiction": r.jurisdiction, "clause": r.citation.clause,
                   "minimum": int(r.minimum[i]) if r.minimum is not None else None,
                   "maximum": int(r.maximum[i]) if r.maximum is not None else None}
            if r.max_citation is not None and r.maximum is not None:
                src["maximum_clause"] = r.max_citation.clause
            if r.note:
                src["note"] = r.note
            sources.append(src)
        conflict = None
        lo = int(self.conflict_lower[i]) if self.conflict_lower is not None else -1
        if lo >= 0:
            low, up = self.rules[lo], self.rules[int(self.conflict_upper[i])]
            conflict = floor_conflict(low.citation, int(low.minimum[i]), up.citation, int(up.minimum[i]))
        elif self.max_below_min[i]:
            mr = self.rules[ma]
            conflict = (f"{mr.jurisdiction} {(mr.max_citation or mr.citation).clause} permits fewer than the floor "
                        f"of {int(self.minimum[i])}; the floor applies")
        citation = binding.citation.as_dict()
        if ma >= 0 and (self.rules[ma] is not binding or binding.max_citation is not None):
            mr = self.rules[ma]
            citation["maximum"] = (mr.max_citation or mr.citation).as_dict()
        return {
            "minimum": int(self.minimum[i]) if self.minimum[i] >= 0 else None,
            "maximum": int(self.maximum[i]) if self.maximum[i] >= 0 else None,
            "jurisdiction": binding.jurisdiction,
            "citation": citation,
            "assumption": bool(self.assumption[i]),
            "sources": sources,
            "conflict": conflict,
        }


def number_text(value: float) -> str:
    """A count or amount as people write it: 3, 70000, 2.5."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def floor_conflict(lower: Citation, low: float, upper: Citation, up: float) -> str:
    """A lower level's floor below a higher level's, in words (staffing and fund floors alike)."""
    return (f"{lower.jurisdiction} {lower.clause} sets at least {number_text(low)}, below {upper.jurisdiction} "
            f"{upper.clause}'s floor of {number_text(up)}; the floor applies")


@frozen(eq=False)
class StaffingResult:
    """Required staff per unit and role under one chain."""

    units: Table
    chain: Chain
    roles: tuple[RoleOutcome, ...]

    @property
    def profile(self) -> str:
        return self.chain.target.code

    def records(self) -> Iterator[dict[str, Any]]:
        """One record per unit and role, in input order; an uncovered unit once, role null."""
        codes, levels = self.units["code"], self.units["level"]
        names = self.units.get("name")
        for i in range(len(self.units)):
            base = {"code": str(codes[i]), "level": str(levels[i])}
            if names is not None and names[i]:
                base["name"] = str(names[i])
            any_role = False
            for outcome in self.roles:
                if outcome.covered[i]:
                    any_role = True
                    yield {**base, "role": outcome.role, **outcome.record(i)}
            if not any_role:
                yield {**base, "role": None, "minimum": None, "maximum": None, "jurisdiction": None,
                       "citation": None, "assumption": False, "sources": [], "conflict": None}

    def notes(self) -> list[str]:
        return _draft_note(self.chain)


OUTCOME_ELIGIBLE, OUTCOME_NOT_ELIGIBLE, OUTCOME_REVIEW = "eligible", "not_eligible", "needs_review"
#: No level of the chain states anything on the subject (RULES: "never eligible").
OUTCOME_NOT_REGULATED = "not_regulated"


@frozen(eq=False)
class ConditionOutcome:
    """One condition merged over the levels that state it."""

    key: str
    description: str
    citations: tuple[Citation, ...]
    status: np.ndarray
    reason: np.ndarray


@frozen(eq=False)
class CheckResult:
    """Each record eligible, not eligible, needing review or not regulated (no level of the
    chain states anything on the subject), with the conditions and duties behind it."""

    subject: str
    records_table: Table
    chain: Chain
    conditions: tuple[ConditionOutcome, ...]
    duties: tuple[Duty, ...]
    #: Per record, the outcome the combiner resolved (OUTCOME_* words).
    outcome: np.ndarray
    regulated: bool = True

    def records(self) -> Iterator[dict[str, Any]]:
        outcome = self.outcome
        consulted = list(self.chain.codes)
        stating = list(dict.fromkeys([x.jurisdiction for c in self.conditions for x in c.citations]
                                     + [d.citation.jurisdiction for d in self.duties]))
        ids = self.records_table.get("id", self.records_table.get("name"))
        for i in range(len(self.records_table)):
            failed, review, assess = [], [], []
            for c in self.conditions:
                s = int(c.status[i])
                if s == PASS:
                    continue
                entry = {"condition": c.key, "reason": c.reason[i] or c.description,
                         "citations": [x.as_dict() for x in c.citations]}
                (failed if s == FAIL else assess if s == ASSESS else review).append(entry)
            duties = [{"duty": d.key, "description": d.description, "citation": d.citation.as_dict()}
                      for d in self.duties if d.applies[i]]
            yield {"row": i + 1, "id": None if ids is None else str(ids[i]), "subject": self.subject,
                   "outcome": outcome[i], "failed": failed, "needs_review": review,
                   "to_assess": assess, "duties": duties,
                   # The levels behind the outcome: those refusing or doubting, else all that
                   # state a condition; ``consulted``: the whole chain asked.
                   "jurisdictions": list(dict.fromkeys(x["jurisdiction"] for e in failed + review
                                                       for x in e["citations"])) or stating,
                   "consulted": consulted}


@frozen(eq=False)
class DeductionResult:
    """Deduction ranges per incident record, resolved by the combiner: ``answer_by`` names which
    of ``deductions`` answers each record (-1: none), ``conflict_upper`` a higher level whose
    range the answer leaves (-1: none)."""

    subject: str
    incidents: Table
    chain: Chain
    deductions: tuple[Deduction, ...]
    applies: tuple[np.ndarray, ...]
    answer_by: np.ndarray
    minimum: np.ndarray
    maximum: np.ndarray
    assumption: np.ndarray
    conflict_upper: np.ndarray

    def records(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self.incidents)):
            k = int(self.answer_by[i])
            if k < 0:
                yield {"row": i + 1, "subject": self.subject, "minimum": None, "maximum": None,
                       "unit": None, "jurisdiction": None, "citation": None, "assumption": False,
                       "right": False, "remedies": [], "sources": [], "conflict": None}
                continue
            answer = self.deductions[k]
            sources = [{"jurisdiction": d.citation.jurisdiction, "clause": d.citation.clause,
                        "minimum": float(d.minimum[i]), "maximum": float(d.maximum[i]), "unit": d.unit}
                       for d, rows in zip(self.deductions, self.applies) if rows[i]]
            conflict = self.conflict(i) if self.conflict_upper[i] >= 0 else None
            yield {"row": i + 1, "subject": self.subject, "minimum": float(self.minimum[i]),
                   "maximum": float(self.maximum[i]), "unit": answer.unit,
                   "jurisdiction": answer.citation.jurisdiction, "citation": answer.citation.as_dict(),
                   "assumption": bool(self.assumption[i]), "right": answer.right, "remedies": list(answer.remedies),
                   "sources": sources, "conflict": conflict}

    def conflict(self, i: int) -> str:
        """Record ``i``'s answer outside a higher level's range (``conflict_upper[i] >= 0``), in words."""
        answer, up = self.deductions[int(self.answer_by[i])], self.deductions[int(self.conflict_upper[i])]
        return (f"{answer.citation.jurisdiction} {answer.citation.clause} deducts "
                f"{number_text(self.minimum[i])} to {number_text(self.maximum[i])}, outside "
                f"{up.citation.jurisdiction} {up.citation.clause}'s {number_text(up.minimum[i])} to "
                f"{number_text(up.maximum[i])}")

    def notes(self) -> list[str]:
        return _draft_note(self.chain)


@frozen(eq=False)
class ScoreResult:
    """Each row's score, rank and award, resolved by the combiner: ``answer_by`` names which of
    ``rules`` (the levels' scoring answers, root first) answers each row; ``first_of_unit``
    marks a unit's first row, the one its award is given on (so the awards sum to the pool)."""

    scores: Table
    chain: Chain
    rules: tuple[ScoringRule, ...]
    answer_by: np.ndarray
    units: np.ndarray  # each row's unit, as text
    first_of_unit: np.ndarray

    def records(self) -> Iterator[dict[str, Any]]:
        months = self.scores.get("month")
        for i in range(len(self.scores)):
            rule = self.rules[int(self.answer_by[i])]
            score = float(rule.score[i])
            yield {"row": i + 1, "unit": self.units[i], "month": None if months is None else _month(months[i]),
                   "score": None if np.isnan(score) else score,
                   "rank": None if rule.ranks is None or rule.ranks[i] == 0 else int(rule.ranks[i]),
                   "award": None if rule.award is None or not self.first_of_unit[i] else float(rule.award[i]),
                   "shortfalls": list(rule.shortfalls[i]), "jurisdiction": rule.citation.jurisdiction,
                   "citation": rule.citation.as_dict(), "tie_rule": rule.tie_rule,
                   "assumption": rule.assumption}

    def notes(self) -> list[str]:
        return [f"{rule.citation.jurisdiction}: {line}" for rule in self.rules for line in rule.notes]


def _month(value):
    """A month as read: a whole number where it is one, else the text."""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text or None
    return int(number) if number.is_integer() else text


def distinct_months(column) -> tuple[np.ndarray, list]:
    """``(index, months)``: each row's month as its record gives it (:func:`_month`), as an
    index into the distinct months, each distinct cell converted once."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        encoded = pc.dictionary_encode(pa.array(np.asarray(column, dtype=object)))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):  # cells of mixed kinds
        cells, index = np.unique(np.asarray([str(c) for c in column], dtype=object), return_inverse=True)
        return index.ravel(), [_month(c) for c in cells]
    months = [_month(c) for c in encoded.dictionary.to_pylist()]
    index = np.asarray(pc.fill_null(encoded.indices, len(months)), dtype=np.int64)
    return index, months + [_month(None)]  # an empty cell reads as its record reads it


__all__ = ["StaffingResult", "RoleOutcome", "CheckResult", "ConditionOutcome", "DeductionResult", "ScoreResult",
           "floor_conflict"]
