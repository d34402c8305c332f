"""Test cases that policy staff write: TOML files of inputs and the answers the rules must give.

A case file sits beside its jurisdiction's TOML (``CODE.cases.toml``)::

    jurisdiction = "530000"            # the default for every case below

    [[cases]]
    name = "county department at 30,000 dibao (含3万人): the base of 3"
    command = "staffing"               # staffing | check | deduct | allocate
    input = { level = "county", population = 0, dibao_count = 30000 }
    expect = { role = "county_staff", minimum = 3, jurisdiction = "530000" }
    clause = "二(一)"
    quote = "低保对象在3万人以下（含3万人）的县（市、区）民政局社会救助部门配备不少于3名工作人员"
    # jurisdiction = "530323"          this case only; or profile = "NAME" (a saved profile)
    # as_of = 2019-06-01               the day the rules are read as of (default: today)
    # overrides = { rounding_minimum = "floor" }
    # subject = "xieliyuan_candidate"  for check and deduct

What ``expect`` may name: for staffing, ``role`` (which answer), ``minimum``, ``maximum``,
``jurisdiction`` (the level that binds), ``conflict`` (true/false), ``assumption``; for
check, ``outcome`` (eligible, not_eligible, needs_review, not_regulated), ``failed`` and
``needs_review`` (the condition keys, in any order), ``duties``; for deduct, ``minimum``
and ``maximum``; for allocate, ``floor`` and ``floor_jurisdiction``. Write ``"none"`` for
no value (not regulated).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from attrs import frozen

from jiuzhu.core.model.dates import parse_date
from jiuzhu.core.model.errors import JiuzhuError

COMMANDS = ("staffing", "check", "deduct", "allocate")
_CASE_KEYS = {"name", "command", "input", "expect", "clause", "quote", "jurisdiction", "profile", "as_of",
              "overrides", "subject"}
_EXPECT = {"staffing": {"role", "minimum", "maximum", "jurisdiction", "conflict", "assumption"},
           "check": {"outcome", "failed", "needs_review", "duties"},
           "deduct": {"minimum", "maximum", "jurisdiction"},
           "allocate": {"floor", "floor_jurisdiction"}}
SUFFIX = ".cases.toml"


class CaseFileError(JiuzhuError):
    """A case file is malformed; names the file, the case and the key."""


@frozen
class Case:
    """One case as written: where it is, what it runs and what it expects."""

    source: str
    number: int
    name: str
    command: str
    jurisdiction: str | None
    profile: str | None
    as_of: dt.date | None
    overrides: dict
    subject: str | None
    input: dict
    expect: dict
    clause: str
    quote: str

    @property
    def where(self) -> str:
        return f"{self.source} case {self.number} ({self.name})"


@frozen
class Outcome:
    """A case run: each mismatch as (key, expected, got); ``error`` when it could not run."""

    case: Case
    mismatches: tuple[tuple[str, Any, Any], ...] = ()
    error: str = ""

    @property
    def passed(self) -> bool:
        return not self.mismatches and not self.error

    def as_dict(self) -> dict[str, Any]:
        c = self.case
        return {"file": c.source, "case": c.number, "name": c.name, "command": c.command,
                "jurisdiction": c.jurisdiction, "as_of": str(c.as_of) if c.as_of else None,
                "passed": self.passed, "error": self.error or None,
                "mismatches": [{"key": k, "expected": e, "got": g} for k, e, g in self.mismatches],
                "clause": c.clause, "quote": c.quote}


def load_cases(path) -> list[Case]:
    """The cases of one file (a path or an ``importlib.resources`` traversable)."""
    from jiuzhu.core.rules.jurisdiction_file import read_toml

    data, source = read_toml(path, CaseFileError)
    default = data.get("jurisdiction")
    entries = data.get("cases")
    if not isinstance(entries, list) or not entries:
        raise CaseFileError(f"{source}: no [[cases]] (each with name, command, input, expect, clause, quote)")
    cases = []
    for i, entry in enumerate(entries, start=1):
        where = f"{source} case {i}"
        unknown = set(entry) - _CASE_KEYS
        if unknown:
            raise CaseFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("name", "command", "input", "expect", "clause", "quote"):
            if key not in entry:
                raise CaseFileError(f"{where}: missing key {key!r} (a case quotes the clause it tests)")
        command = entry["command"]
        if command not in COMMANDS:
            raise CaseFileError(f"{where}: 'command' must be one of {', '.join(COMMANDS)}, not {command!r}")
        if command in ("check", "deduct") and "subject" not in entry:
            raise CaseFileError(f"{where}: a {command} case needs 'subject'")
        bad = set(entry["expect"]) - _EXPECT[command]
        if bad:
            raise CaseFileError(f"{where}: 'expect' of a {command} case takes {', '.join(sorted(_EXPECT[command]))}, "
                                f"not {', '.join(sorted(bad))}")
        jurisdiction = entry.get("jurisdiction", default)
        if jurisdiction is None and "profile" not in entry:
            raise CaseFileError(f"{where}: no jurisdiction (set it at the top of the file, or per case) or profile")
        try:
            as_of = parse_date(entry["as_of"], f"{where} 'as_of'") if "as_of" in entry else None
        except JiuzhuError as exc:
            raise CaseFileError(str(exc)) from None
        cases.append(Case(source, i, entry["name"], command, jurisdiction, entry.get("profile"), as_of,
                          dict(entry.get("overrides", {})), entry.get("subject"), dict(entry["input"]),
                          dict(entry["expect"]), entry["clause"], entry["quote"]))
    return cases


def builtin_case_files(registry, codes=None) -> list:
    """The case file of each installed jurisdiction that has one (``codes``: only those), found
    beside its TOML: in ``jiuzhu.jurisdictions`` for the built-ins, else beside the plugin module."""
    from importlib.resources import files

    found = []
    for code in codes or registry.tree.codes():
        builtin = files("jiuzhu.jurisdictions") / f"{code}{SUFFIX}"
        if builtin.is_file():
            found.append(builtin)
            continue
        module_file = getattr(registry.plugins[code].plugin, "__file__", None) if code in registry.plugins else None
        if module_file and (Path(module_file).parent / f"{code}{SUFFIX}").is_file():
            found.append(Path(module_file).parent / f"{code}{SUFFIX}")
    return found


def _same(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) and expected.lower() == "none":
        return got is None
    if isinstance(expected, bool) or isinstance(got, bool):
        return bool(expected) == bool(got) if isinstance(expected, bool) else False
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(expected, got, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, list):
        return isinstance(got, list) and sorted(map(str, expected)) == sorted(map(str, got))
    return expected == got


def _got(case: Case, chain, registry) -> dict[str, Any]:
    """What the rules answer for the case's input, as the keys ``expect`` may name."""
    from jiuzhu.core import evaluate
    from jiuzhu.core.io.readers import units_from_rows
    from jiuzhu.core.model.table import Table

    if case.command in ("staffing", "allocate"):
        units = units_from_rows([{"code": "case", "population": 0, "dibao_count": 0, **case.input}])
        if case.command == "allocate":
            return next(evaluate.allocate(units, chain, registry=registry).records())
        records = list(evaluate.staffing(units, chain, registry=registry).records())
        role = case.expect.get("role")
        if role is None:
            if len(records) != 1:
                raise CaseFileError(f"{case.where}: the unit has {len(records)} answers "
                                    f"({', '.join(str(r['role']) for r in records)}); name one with expect.role")
            record = records[0]
        else:
            record = next((r for r in records if r["role"] == role), None)
            if record is None:
                return {"role": None, "minimum": None, "maximum": None, "jurisdiction": None}
        return {**record, "conflict": bool(record.get("conflict"))}
    table = Table({k: [str(v).lower() if isinstance(v, bool) else str(v)] for k, v in case.input.items()},
                  case.where)
    if case.command == "deduct":
        return next(evaluate.deduct(case.subject, table, chain, registry=registry).records())
    record = next(evaluate.check(case.subject, table, chain, registry=registry).records())
    return {"outcome": record["outcome"], "failed": [e["condition"] for e in record["failed"]],
            "needs_review": [e["condition"] for e in record["needs_review"]],
            "duties": [d.get("duty", d.get("key", "")) if isinstance(d, dict) else str(d) for d in record["duties"]]}


def run_case(case: Case, registry, store=None) -> Outcome:
    """Run one case under its jurisdiction (or profile), overrides and day."""
    try:
        code, overrides = case.jurisdiction, dict(case.overrides)
        if case.profile:
            from jiuzhu.core.profiles import Store

            profile = (store or Store.load(None)).get(case.profile)
            code, overrides = profile.jurisdiction, {**profile.overrides, **overrides}
        chain = registry.chain(code, overrides, case.as_of)
        got = _got(case, chain, registry)
    except CaseFileError:
        raise
    except JiuzhuError as exc:
        return Outcome(case, error=str(exc))
    mismatches = tuple((key, expected, got.get(key)) for key, expected in case.expect.items()
                       if key != "role" and not _same(expected, got.get(key)))
    return Outcome(case, mismatches)
