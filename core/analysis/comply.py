"""Whether units have done what their duties ask: ``jiuzhu comply``.

Units report evidence, one row per thing done::

    code,name,level,evidence,date,value
    640121100,杨和镇,township,township_staff_training,2019-03-12,
    640121100,杨和镇,township,agency_point_coverage,2018-12-20,100
    640121100,杨和镇,township,facility,2019-01-01,电话;电脑;打印机
    640121100,杨和镇,township,consult_county_bureau,2019-05-02,2019-04-28

``evidence`` names a duty's evidence key (or its id); ``date`` is when it was done; ``value``
is what the duty measures: a percentage (share), item names separated by ; or 、 (items),
or the day the prerequisite was met (before: a consultation, a pre-job training).

Each unit and each duty the chain places on its level gets one answer as of a day:
**met**, **overdue**, **not yet due** or **no evidence given**, with the clause.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from attrs import frozen

from jiuzhu.core.model.dates import parse_date
from jiuzhu.core.rules.duties import DUTY_LEVELS, DutyRule, chain_duties, next_due
from jiuzhu.core.model.errors import InputError, JiuzhuError

MET, OVERDUE, NOT_YET_DUE, NO_EVIDENCE = "met", "overdue", "not yet due", "no evidence given"
STATUS_LABELS = {MET: "met 已履行", OVERDUE: "overdue 逾期", NOT_YET_DUE: "not yet due 未到期",
                 NO_EVIDENCE: "no evidence given 未提供证明"}
_LEVELS = {"bureau": "bureau", "民政局": "bureau", "民政部门": "bureau", "county": "county", "县": "county",
           "区": "county", "县区": "county", "township": "township", "乡镇": "township", "乡": "township",
           "镇": "township", "街道": "township", "village": "village", "村": "village", "社区": "village"}
_HEADERS = {"code": ("代码", "行政区划代码", "单位代码"), "name": ("名称", "单位"), "level": ("层级",),
            "evidence": ("事项", "证明事项"), "date": ("日期",), "value": ("值", "数值", "内容")}
_SPLIT = re.compile(r"[;；、,，]")


@frozen
class Evidence:
    """One row of a unit's report."""

    row: int
    code: str
    name: str
    level: str
    evidence: str
    date: dt.date
    value: str


@frozen
class EvidenceFile:
    """An evidence file as read: its rows, the columns not read, and notes on how it was read."""

    rows: list[Evidence]
    ignored: list[str]
    notes: tuple[str, ...] = ()


def read_evidence(path, encoding: str | None = None) -> EvidenceFile:
    """The rows of an evidence file (CSV or .xlsx); a bad cell names the file, row and column."""
    from jiuzhu.core.io.readers import read_records

    source = str(path)
    words = {word: key for key, aliases in _HEADERS.items() for word in (key, *aliases)}
    table = read_records(path, encoding, headers=words)
    missing = [k for k in ("code", "level", "evidence", "date") if k not in table]
    if missing:
        raise InputError(f"missing column(s): {', '.join(missing)}. The header has: {', '.join(table.columns)} "
                         "(expected code,name,level,evidence,date,value)", file=source, row=1)
    ignored = [h for h in table.columns if h not in _HEADERS]
    out = []
    for i in range(len(table)):
        def cell(key: str) -> str:
            return str(table[key][i]).strip() if key in table else ""

        level = _LEVELS.get(cell("level").lower())
        if level is None:
            raise table.error(i, "level", f"unknown level {cell('level')!r}; use one of {', '.join(DUTY_LEVELS)} "
                                          "(or 民政局, 县, 乡镇, 村)")
        for key in ("code", "evidence"):
            if not cell(key):
                raise table.error(i, key, f"empty cell, {key} is needed")
        try:
            day = parse_date(cell("date"), "date")
        except JiuzhuError:
            raise table.error(i, "date", f"{cell('date')!r} is not a date; write YYYY-MM-DD") from None
        out.append(Evidence(table.row_of(i), cell("code"), cell("name"), level, cell("evidence"), day, cell("value")))
    return EvidenceFile(out, ignored, tuple(n for n in table.notes if "is not a field jiuzhu knows" not in n))


def _judge(duty: DutyRule, rows: list[Evidence], day: dt.date, source: str) -> tuple[str, str, dt.date | None]:
    """``(status, detail, due day judged)`` for one unit's evidence rows about one duty."""
    done = [r for r in rows if r.date <= day]
    if duty.frequency == "once":
        due = duty.deadline
        hit = next((r for r in sorted(done, key=lambda r: r.date) if _satisfies(duty, [r], source)), None) \
            if duty.measure != "items" else _items_met_on(duty, done, source)
        if hit is not None and hit.date <= due:
            return MET, f"done {hit.date} (due {due})", due
        if day <= due:
            return NOT_YET_DUE, f"due {due}" + (f"; so far: {_progress(duty, done, source)}" if done else ""), due
        if hit is not None:
            return OVERDUE, f"done {hit.date}, after the deadline {due}", due
        if not rows:
            return NO_EVIDENCE, f"was due {due}", due
        return OVERDUE, f"due {due}; reported: {_progress(duty, done, source)}", due
    if duty.frequency == "per_event":
        if not done:
            return NO_EVIDENCE, "no occasion reported", None
        late = [r for r in done if not _before(r, source)]
        if late:
            return OVERDUE, "; ".join(f"{r.date}: " + (f"done {r.value}, afterwards" if r.value else
                                                      "not done beforehand") for r in late), None
        return MET, f"done beforehand on all {len(done)} occasion(s)", None
    if duty.frequency == "standing":
        if not done:
            return NO_EVIDENCE, "nothing reported", None
        if _satisfies(duty, done, source):
            return MET, _progress(duty, done, source), None
        return OVERDUE, _progress(duty, done, source), None
    instances = duty.instances(day)
    past = [i for i in instances if i[2] < day]
    current = next((i for i in instances if i[2] >= day), None)
    upcoming = next_due(duty, day)

    def count(instance):
        _label, opens, due = instance
        return sum(1 for r in done if opens <= r.date <= due)

    if not past:
        so_far = f"; {count(current)} of {duty.times} so far" if current else ""
        first = " (the period the document took effect in, part-way through, is not due: an assumption)" \
            if instances and duty.binds_from and instances[0][1] > duty.binds_from and not duty.start else ""
        return NOT_YET_DUE, f"first due {upcoming}{so_far}{first}", upcoming
    label, opens, due = past[-1]
    n = count(past[-1])
    if not rows:
        return NO_EVIDENCE, f"{label}: was due {due}", due
    missed = [i[0] for i in past[:-1] if count(i) < duty.times and i[1] >= min(r.date for r in rows)]
    also = f"; also short: {', '.join(missed)}" if missed else ""
    window = f" between {opens} and {due}" if opens != _period_of(past[-1]) else f" by {due}"
    if n >= duty.times:
        nxt = f"; next due {upcoming}" if upcoming else ""
        return MET, f"{label}: {n} of {duty.times}{window}{nxt}{also}", due
    period = _period_of(past[-1])
    outside = [str(r.date) for r in done if period <= r.date <= _month_end(due) and not opens <= r.date <= due]
    late = f"; outside the window: {', '.join(outside)}" if outside and duty.frequency == "monthly" else ""
    return OVERDUE, f"{label}: {n} of {duty.times}{window}{late}{also}", due


def _month_end(day: dt.date) -> dt.date:
    following = day.replace(day=28) + dt.timedelta(days=4)
    return following - dt.timedelta(days=following.day)


def _period_of(instance) -> dt.date:
    """The window's opening day when the window is the whole period (then "by DUE" reads better)."""
    label = instance[0]
    if len(label) == 4:
        return dt.date(int(label), 1, 1)
    if "Q" in label:
        year, q = label.split("Q")
        return dt.date(int(year), (int(q) - 1) * 3 + 1, 1)
    year, month = label.split("-")
    return dt.date(int(year), int(month), 1)


def _number(r: Evidence, source: str) -> float:
    """A share as a fraction: "85" and "85%" are percentages, "0.85" (at most 1) a fraction."""
    text = r.value.strip()
    try:
        number = float(text.rstrip("%％"))
    except ValueError:
        raise InputError(f"{r.value!r} is not a number (a percentage such as 85 or 85%, or a fraction such as "
                         "0.85)", file=source, row=r.row, column="value") from None
    share = number / 100 if text.endswith(("%", "％")) or number > 1 else number
    if not 0 <= share <= 1:
        raise InputError(f"{r.value!r} is out of range: a share lies between 0 and 100%", file=source, row=r.row,
                         column="value")
    return share


def _items(rows: list[Evidence]) -> set[str]:
    return {item.strip() for r in rows for item in _SPLIT.split(r.value) if item.strip()}


def _satisfies(duty: DutyRule, rows: list[Evidence], source: str) -> bool:
    if duty.measure == "share":
        return any(_number(r, source) >= float(duty.target) - 1e-9 for r in rows)
    if duty.measure == "items":
        return set(duty.target) <= _items(rows)
    return len(rows) >= duty.times


def _items_met_on(duty: DutyRule, rows: list[Evidence], source: str) -> Evidence | None:
    """The row on whose date every item had been reported (None: never)."""
    ordered = sorted(rows, key=lambda r: r.date)
    for k in range(len(ordered)):
        if _satisfies(duty, ordered[:k + 1], source):
            return ordered[k]
    return None


def _progress(duty: DutyRule, rows: list[Evidence], source: str) -> str:
    if duty.measure == "share":
        best = max(rows, key=lambda r: _number(r, source))
        return f"{best.value} on {best.date} (target {float(duty.target):.0%})"
    if duty.measure == "items":
        missing = [item for item in duty.target if item not in _items(rows)]
        return "all items present" if not missing else f"missing: {'、'.join(missing)}"
    return f"{len(rows)} of {duty.times}"


def _before(r: Evidence, source: str) -> bool:
    """A per-occasion row: ``value`` (the prerequisite's day) on or before ``date`` (the occasion)."""
    if not r.value:
        return False
    try:
        return parse_date(r.value, "value") <= r.date
    except JiuzhuError:
        raise InputError(f"{r.value!r} is not a date; give the day it was done beforehand (YYYY-MM-DD)",
                         file=source, row=r.row, column="value") from None


def comply(evidence: list[Evidence], chain, source: str) -> list[dict[str, Any]]:
    """One record per unit and duty of its level: status, detail, due day and clause (as of the chain's day)."""
    day = chain.as_of
    duties = chain_duties(chain)
    units: dict[str, Evidence] = {}
    for r in evidence:
        units.setdefault(r.code, r)
    out = []
    for code, first in units.items():
        mine = [r for r in evidence if r.code == code]
        for duty in duties:
            if not duty.applies_to(first.level, first.name):
                continue
            rows = [r for r in mine if r.evidence in (duty.evidence, duty.id)]
            status, detail, due = _judge(duty, rows, day, source)
            out.append({"code": code, "name": first.name, "level": first.level, "duty": duty.id,
                        "description": duty.description, "status": status, "detail": detail,
                        "due": str(due) if due else None, "jurisdiction": duty.jurisdiction,
                        "citation": duty.citation.as_dict(), "assumption": duty.assumption or None,
                        "as_of": str(day)})
    return out


def unmatched_evidence(evidence: list[Evidence], chain) -> list[Evidence]:
    """Rows no duty of the chain reads (a misspelt key, or a duty of another jurisdiction)."""
    duties = chain_duties(chain)
    return [r for r in evidence
            if not any(r.evidence in (d.evidence, d.id) and d.applies_to(r.level, r.name) for d in duties)]
