"""One request's evaluation: read the input with the CLI's reader, run the CLI's evaluation
function, and return the records ``jiuzhu FAMILY --format json`` prints, with the notes
the CLI says on standard error. Runs on a worker thread (see :mod:`jiuzhu.web.app`)."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from jiuzhu.core.model.errors import InputError, JiuzhuError
from jiuzhu.web.uploads import Upload, shown, staged

FAMILIES = ("staffing", "check", "deduct", "allocate", "score")
#: Rows one request may evaluate by default (``jiuzhu serve --max-rows``): an answer's records
#: take about 10 KB of memory per unit, so this with the worker count bounds the server's memory.
MAX_ROWS = 100_000


class TooManyRows(JiuzhuError):
    """A file with more rows than one request evaluates (a 413)."""
DEDUCT_SUBJECTS = ("contractor_payment", "target_score")


@frozen
class Question:
    """What to run: a family (with its subject for check and deduct, a pool for allocate)
    under a profile (a saved one, or a jurisdiction's plain rules)."""

    family: str
    subject: str | None = None
    pool: float | None = None


@frozen(eq=False)
class Answer:
    records: list
    notes: list
    profile: Any
    chain: Any
    table: Any = None  # what was read, for explanations

    def envelope(self) -> dict[str, Any]:
        """The API's body: the CLI's records, its notes, and what they were computed under."""
        return {"records": self.records, "notes": self.notes, "profile": profile_record(self.profile),
                "chain": chain_record(self.chain)}


def profile_record(profile) -> dict[str, Any]:
    return {"name": profile.name, "jurisdiction": profile.jurisdiction, "overrides": dict(profile.overrides),
            "describe": profile.describe()}


def chain_record(chain) -> list[dict[str, Any]]:
    return [{"code": j.code, "name_zh": j.name_zh, "name_en": j.name_en, "draft": j.is_draft} for j in chain]


def sample_for(question: Question, registry):
    """The bundled sample the CLI uses for this question when given no file."""
    from jiuzhu.cli.rules import SAMPLES

    if question.family in ("staffing", "compare", "explain"):
        return "units.csv"
    if question.family == "allocate":
        return "units.csv" if question.pool is None else "fund_factors.csv"
    if question.family == "score":
        return SAMPLES.get("scores")
    if question.family == "deduct":
        return SAMPLES.get(question.subject or "contractor_payment")
    subject = registry.subjects().get(question.subject)
    return subject.sample if subject is not None else None


def check_question(question: Question, registry) -> Question:
    """Refuse a family or subject the CLI does not offer (one message, a 4xx)."""
    if question.family not in FAMILIES:
        raise LookupError(f"no rule family {question.family!r}; families: {', '.join(FAMILIES)}")
    subjects = registry.subjects()
    if question.family == "check" and question.subject not in subjects:
        raise LookupError(f"no check subject {question.subject!r}; the installed plugins declare: "
                          f"{', '.join(subjects)}")
    if question.family == "deduct" and (question.subject or "contractor_payment") not in DEDUCT_SUBJECTS:
        raise LookupError(f"no deduction subject {question.subject!r}; subjects: {', '.join(DEDUCT_SUBJECTS)}")
    if question.pool is not None and question.pool < 0:
        raise JiuzhuError("pool must be zero or more yuan")
    return question


def read(upload: Upload, reader, max_rows: int = MAX_ROWS, **kwargs):
    """``reader`` on the staged upload; its notes and errors name the user's file, not the path."""
    with staged(upload) as path:
        try:
            table = reader(path, **kwargs)
        except InputError as exc:
            raise InputError(shown(exc.detail, path, upload), zh=exc.zh and shown(exc.zh, path, upload),
                             file=upload.name, row=exc.row, column=exc.column) from None
        except JiuzhuError:
            raise
        except Exception as exc:  # noqa: BLE001 - a file no reader foresaw is the user's problem to hear, not a 500
            raise unreadable(exc, path, upload) from None
        if len(table) > max_rows:
            raise TooManyRows(f"{upload.name}: {len(table):,} rows is more than this server evaluates in one request "
                              f"({max_rows:,}; jiuzhu serve --max-rows changes it). For national files use "
                              "`jiuzhu compare FILE --format csv` on the command line")
        return table, [f"{upload.name}: {shown(line, path, upload)}" for line in getattr(table, "notes", ())]


def sample_note(upload: Upload) -> list[str]:
    """What the CLI says when it runs on a bundled sample."""
    return [f"no file given: using the {upload.name}"] if upload.sample else []


def unreadable(exc: Exception, path, upload: Upload) -> InputError:
    """An InputError for a file that made a reader fail outright (a malformed or hostile workbook)."""
    return InputError(f"cannot read this file ({type(exc).__name__}: {shown(str(exc), path, upload)[:300]})",
                      file=upload.name)


def evaluate(question: Question, upload: Upload, profile, registry, max_rows: int = MAX_ROWS) -> Answer:
    """The records and notes of ``jiuzhu FAMILY`` for ``upload`` under ``profile``."""
    from jiuzhu.core import evaluate as ev

    chain = registry.chain(profile.jurisdiction, profile.overrides)
    table, notes = read_for(question, upload, registry, max_rows)
    notes = sample_note(upload) + notes
    family = question.family
    if family == "staffing":
        records = list(ev.staffing(table, chain, registry=registry).records())
    elif family == "check":
        from jiuzhu.cli.subjects import unknown_columns

        notes += unknown_columns(registry.subjects()[question.subject], table, upload.name)
        records = list(ev.check(question.subject, table, chain, registry=registry).records())
        if records and records[0]["outcome"] == "not_regulated":
            notes.append(f"not regulated 未规定: no level of the chain {' → '.join(chain.codes)} states "
                         f"anything on {question.subject}")
    elif family == "deduct":
        from jiuzhu.cli.rules import deduct_records

        records = deduct_records(question.subject or "contractor_payment", table, chain, registry)
    elif family == "allocate":
        result = ev.allocate(table, chain, question.pool, registry=registry)
        records = list(result.records())
        notes += [f"note: {line}" for line in result.notes()]
    else:
        result = ev.score(table, chain, registry=registry)
        if not result.rules:
            raise JiuzhuError(f"pilot scoring is not regulated in the chain {' → '.join(chain.codes)}")
        records = list(result.records())
        notes += [f"note: {line}" for line in result.notes()]
    return Answer(records, notes, profile, chain, table)


def explain(question: Question, upload: Upload, profile, registry, unit: str | None, row: int,
            max_rows: int = MAX_ROWS) -> Answer:
    """``jiuzhu explain --format json``: staffing or funds for unit ``unit`` of a units file
    (default the first); an eligibility check, a deduction or a pilot score for record ``row``
    (1 = the first)."""
    chain = registry.chain(profile.jurisdiction, profile.overrides)
    table, notes = read_for(question, upload, registry, max_rows)
    if question.family in ("staffing", "allocate"):
        codes = [str(c) for c in table["code"]]
        if not codes:
            raise InputError("the file has no units", file=upload.name)
        if unit is not None and unit not in codes:
            raise InputError(f"no unit with code {unit!r}", file=upload.name)
        index = codes.index(unit) if unit else 0
    else:
        if not 1 <= row <= len(table):
            raise InputError(f"there is no record {row} (it has {len(table)})", file=upload.name)
        index = row - 1
    return Answer([explanation(question, table, index, chain, registry)], sample_note(upload) + notes, profile,
                  chain, table)


def read_for(question: Question, upload: Upload, registry, max_rows: int = MAX_ROWS):
    """``(table, notes)``: the upload read as the CLI reads the input of ``question``'s family."""
    from jiuzhu.core.io.readers import read_records, read_units

    if question.family == "staffing":
        return read(upload, read_units, max_rows)
    if question.family == "allocate":
        return read(upload, read_units, max_rows, keep_extra=True)
    if question.family == "check":
        return read(upload, read_records, max_rows, headers=registry.subjects()[question.subject].headers())
    return read(upload, read_records, max_rows)


def explanation(question: Question, table, index: int, chain, registry) -> dict[str, Any]:
    """The CLI's explanation of row ``index`` of ``table`` for ``question``."""
    from jiuzhu.core.combine import explain as why

    family = question.family
    if family == "staffing":
        return why.explain_staffing(table, index, chain, registry)
    if family == "allocate":
        return why.explain_allocate(table, index, chain, registry, question.pool)
    if family == "check":
        return why.explain_check(question.subject, table, index, chain, registry)
    if family == "deduct":
        return why.explain_deduct(question.subject or "contractor_payment", table, index, chain, registry)
    return why.explain_score(table, index, chain, registry)


def compare(upload: Upload, codes: list[str], registry, max_rows: int = MAX_ROWS) -> dict[str, Any]:
    """``jiuzhu compare --format json``'s records, with the summary and the labels the table
    and chart show (the draft mark included)."""
    from jiuzhu.core.analysis.compare import compare as run_compare
    from jiuzhu.core.evaluate import Evaluation
    from jiuzhu.core.profiles import PLAIN, Profile
    from jiuzhu.core.io.readers import read_units

    wanted = registry.tree.codes() if not codes else codes
    for code in wanted:
        registry.tree[code]  # an unknown code is refused before any work
    units, notes = read(upload, read_units, max_rows)
    chains = [registry.chain(code) for code in wanted]
    evaluation = Evaluation(registry)  # a level shared by several chains (Yunnan) is asked once
    comparison = run_compare(units, chains, evaluation.staffing)
    ranges = comparison.unit_ranges()
    names = units.get("name")
    units_rows = [{"code": str(code), "name": str(names[i]) if names is not None else "", "level": str(level),
                   "totals": {p: [int(ranges[p][0][i]), int(ranges[p][1][i])] for p in wanted}}
                  for i, (code, level) in enumerate(zip(units["code"], units["level"]))]
    return {"records": list(comparison.records()), "summary": comparison.summary(),
            "jurisdictions": [{"code": c.target.code, "name_zh": c.target.name_zh, "name_en": c.target.name_en,
                               "draft": any(j.is_draft for j in c)} for c in chains],
            "units": units_rows, "notes": sample_note(upload) + notes,
            "profiles": [profile_record(Profile(PLAIN, code)) for code in wanted]}
