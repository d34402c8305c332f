"""Duties and deadlines as data: what a document obliges a level to do, and when.

A jurisdiction's TOML lists them as ``[[duties]]``, each with its clause and verbatim quote::

    [[duties]]
    id = "township_staff_training"
    level = "township"            # the units it is checked on: bureau | county | township | village
    by = "各县(市)区"              # who must act, as the text says (optional)
    description = "train township civil-affairs staff at least twice a year"
    frequency = "yearly"          # yearly | quarterly | monthly | once | per_event | standing
    times = 2                     # at least this many per period (default 1)
    # window = [15, 20]           monthly: the days of the month it must happen on
    # due_day = 25                monthly: by this day of the month (included)
    # deadline = 2018-12-31       once: by this day (included)
    # from = 2019-04-01           the duty starts later than its document (第二季度起)
    # until = 2019-08-31          the LAST day it applies (included)
    evidence = "training"         # what a unit reports for it (the `evidence` column of `comply`)
    measure = "count"             # count | share (target: a fraction, 1.0 = 100%) | items (target: a list) | before
    # target = 1.0
    # units = ["旧州镇", "东街办"]  only units of these names (pilot units)
    # assumption = "…"            a reading the text does not state, said with every answer
    # times, window, due_day and target may name a parameter of the file instead of a
    # number ("training_township_staff_per_year"): then an override, or a dated value,
    # changes the duty too, and the number lives in one place.
    clause = "三(六)"
    quote = "每年组织乡镇(街道)民政工作人员培训不少于2次"

Periods are calendar years, quarters and months. A period is due only when the duty was
in force for the whole of its window (a duty taking effect mid-year is first due for the
next full year; said as an assumption). Due days are included: a report due on the 25th
is on time on the 25th.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from attrs import evolve, frozen

from jiuzhu.core.model.dates import parse_date
from jiuzhu.core.model.errors import JiuzhuError, JurisdictionFileError
from jiuzhu.core.model import Citation

DUTY_LEVELS = ("bureau", "county", "township", "village")
FREQUENCIES = ("yearly", "quarterly", "monthly", "once", "per_event", "standing")
MEASURES = ("count", "share", "items", "before")
_KEYS = {"id", "level", "by", "description", "frequency", "times", "window", "due_day", "deadline", "from",
         "until", "evidence", "measure", "target", "units", "assumption", "clause", "quote", "document"}
#: Labels a policy officer reads in tables (English and Chinese).
FREQUENCY_LABELS = {"yearly": "yearly 每年", "quarterly": "quarterly 每季度", "monthly": "monthly 每月",
                    "once": "by a deadline 限期", "per_event": "each time 每次", "standing": "standing 常设"}


@frozen
class DutyRule:
    """One duty of one level's document, with its schedule, evidence and citation."""

    id: str
    jurisdiction: str
    levels: tuple[str, ...]
    description: str
    frequency: str
    citation: Citation
    evidence: str
    measure: str = "count"
    times: int = 1
    window: tuple[int, int] | None = None
    due_day: int | None = None
    deadline: dt.date | None = None
    start: dt.date | None = None
    until: dt.date | None = None
    target: Any = None
    units: tuple[str, ...] = ()
    by: str = ""
    assumption: str = ""
    #: The first day its document is in force: no period before it is due.
    binds_from: dt.date | None = None

    def resolved(self, parameters) -> DutyRule:
        """The duty with every number that names a parameter read from ``parameters``."""
        def value(v):
            return parameters.value(v) if isinstance(v, str) else v

        window = tuple(int(value(v)) for v in self.window) if self.window else None
        target = value(self.target) if isinstance(self.target, str) else self.target
        return evolve(self, times=int(value(self.times)), window=window,
                      due_day=int(value(self.due_day)) if self.due_day is not None else None, target=target)

    def applies_to(self, level: str, name: str = "") -> bool:
        return level in self.levels and (not self.units or name in self.units)

    def instances(self, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
        """``(label, window start, due day)`` of each period due from the duty's first day to
        ``last`` (inclusive), oldest first."""
        if self.frequency not in ("yearly", "quarterly", "monthly"):
            return []
        start = max((d for d in (self.binds_from, self.start) if d is not None), default=dt.date(2000, 1, 1))
        out = []
        period = _period_start(self.frequency, start)
        while period <= last:
            end = _period_end(self.frequency, period)
            opens, due = period, end
            if self.window is not None:
                opens, due = period.replace(day=self.window[0]), period.replace(day=self.window[1])
            elif self.due_day is not None:
                due = period.replace(day=min(self.due_day, end.day))
            if opens >= start and (self.until is None or due <= self.until):
                out.append((_label(self.frequency, period), opens, due))
            if self.until is not None and period > self.until:
                break
            period = end + dt.timedelta(days=1)
        return out

    def schedule(self) -> str:
        """When it falls due, in words (English and Chinese)."""
        if self.frequency == "once":
            return f"by {self.deadline} 于{self.deadline}前"
        if self.frequency == "per_event":
            return "each time, beforehand 每次事前"
        if self.frequency == "standing":
            return "at all times 常设"
        times = f"at least {self.times}× " if self.times > 1 else ""
        when = FREQUENCY_LABELS[self.frequency]
        if self.window:
            when += f", days {self.window[0]}–{self.window[1]} 每月{self.window[0]}日至{self.window[1]}日"
        elif self.due_day:
            when += f", by day {self.due_day} 每月{self.due_day}日前"
        since = f", from {self.start}" if self.start else ""
        until = f", until {self.until}" if self.until else ""
        return f"{times}{when}{since}{until}"

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "levels": list(self.levels), "by": self.by,
                "description": self.description, "frequency": self.frequency, "schedule": self.schedule(),
                "times": self.times, "deadline": str(self.deadline) if self.deadline else None,
                "evidence": self.evidence, "measure": self.measure, "target": self.target,
                "units": list(self.units), "assumption": self.assumption or None,
                "citation": self.citation.as_dict()}


def _period_start(frequency: str, day: dt.date) -> dt.date:
    if frequency == "yearly":
        return day.replace(month=1, day=1)
    if frequency == "quarterly":
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def _period_end(frequency: str, start: dt.date) -> dt.date:
    months = {"yearly": 12, "quarterly": 3, "monthly": 1}[frequency]
    month = start.month - 1 + months
    return dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def _label(frequency: str, start: dt.date) -> str:
    if frequency == "yearly":
        return str(start.year)
    if frequency == "quarterly":
        return f"{start.year}Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def next_due(duty: DutyRule, day: dt.date) -> dt.date | None:
    """The next due day on or after ``day`` (None: nothing falls due again)."""
    if duty.frequency == "once":
        return duty.deadline if duty.deadline and duty.deadline >= day else None
    if duty.frequency not in ("yearly", "quarterly", "monthly"):
        return None
    horizon = day.replace(year=day.year + 2)
    return next((due for _l, _o, due in duty.instances(horizon) if due >= day), None)


def parse_duties(entries: list, code: str, docs_by_id: dict, default_doc: str, source: str,
                 parameters=()) -> tuple[DutyRule, ...]:
    """The ``[[duties]]`` of a jurisdiction file; every error names the file, the entry and the key."""
    from jiuzhu.core.rules.jurisdiction_file import checked_table  # it imports this module

    out, seen = [], set()
    for i, entry in enumerate(entries):
        where = f"{source} [[duties]] #{i + 1}"
        checked_table(entry, where, _KEYS, ("id", "level", "description", "frequency", "evidence", "clause", "quote"))
        if entry["id"] in seen:
            raise JurisdictionFileError(f"{where}: id {entry['id']!r} is used twice")
        seen.add(entry["id"])
        levels = (entry["level"],) if isinstance(entry["level"], str) else tuple(entry["level"])
        bad = [lv for lv in levels if lv not in DUTY_LEVELS]
        if bad:
            raise JurisdictionFileError(f"{where}: 'level' must be one of {', '.join(DUTY_LEVELS)}, not {bad[0]!r}")
        frequency, measure = entry["frequency"], entry.get("measure", "count")
        if frequency not in FREQUENCIES:
            raise JurisdictionFileError(f"{where}: 'frequency' must be one of {', '.join(FREQUENCIES)}")
        if measure not in MEASURES:
            raise JurisdictionFileError(f"{where}: 'measure' must be one of {', '.join(MEASURES)}")
        if frequency == "once" and "deadline" not in entry:
            raise JurisdictionFileError(f"{where}: a duty due once needs 'deadline' (its last day, included)")
        if measure in ("share", "items") and "target" not in entry:
            raise JurisdictionFileError(f"{where}: measure {measure!r} needs 'target'")
        for key in ("times", "due_day", "target", "window"):
            named = [v for v in (entry.get(key) if isinstance(entry.get(key), list) and key == "window"
                                 else [entry.get(key)]) if isinstance(v, str)]
            if key == "target" and measure == "items":
                continue
            for name in named:
                if name not in parameters:
                    raise JurisdictionFileError(f"{where}: {key!r} names parameter {name!r}, which [parameters] "
                                                "does not declare")
        window = entry.get("window")
        if window is not None and (frequency != "monthly" or len(window) != 2):
            raise JurisdictionFileError(f"{where}: 'window' is [first day, last day] of a monthly duty")
        doc_id = entry.get("document", default_doc)
        if doc_id not in docs_by_id:
            raise JurisdictionFileError(f"{where}: 'document' {doc_id!r} is not one of the declared documents")
        doc = docs_by_id[doc_id]
        try:
            dates = {k: parse_date(entry[k], f"{where} {k!r}") if k in entry else None
                     for k in ("deadline", "from", "until")}
        except JiuzhuError as exc:
            raise JurisdictionFileError(str(exc)) from None
        out.append(DutyRule(
            id=entry["id"], jurisdiction=code, levels=levels, description=entry["description"],
            frequency=frequency, citation=Citation(code, doc.title, entry["clause"], entry["quote"],
                                                   draft=doc.is_draft),
            evidence=entry["evidence"], measure=measure, times=entry.get("times", 1),
            window=tuple(window) if window else None, due_day=entry.get("due_day"), deadline=dates["deadline"],
            start=dates["from"], until=dates["until"], target=entry.get("target"),
            units=tuple(entry.get("units", ())), by=entry.get("by", ""), assumption=entry.get("assumption", ""),
            binds_from=doc.effective))
    return tuple(out)


def chain_duties(chain, level: str | None = None) -> list[DutyRule]:
    """Every duty the chain's levels in force place on ``level`` (all levels if None), root first."""
    out = []
    for j in chain:
        if j.code in chain.dormant:
            continue
        for duty in j.duties:
            if (level is None or level in duty.levels) and (duty.until is None or chain.as_of is None
                                                             or duty.until >= chain.as_of):
                out.append(duty.resolved(j.parameters))
    return out
