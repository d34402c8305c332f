"""Reading a jurisdiction's TOML file into a :class:`~jiuzhu.core.model.Jurisdiction`.

The file holds the jurisdiction's metadata, its source documents and every number its
rules use, each with the clause it rests on::

    code = "530000"
    name_zh = "云南省"
    name_en = "Yunnan"
    level = "province"          # province | prefecture | county
    # parent = "..."            # the code of the modelled level above, if any

    [[documents]]
    id = "notice-2019"
    title = "关于加快推进政府购买服务 加强基层社会救助经办服务能力的通知"
    issuer = "云南省民政厅 云南省财政厅"
    date = "2019-01-08"         # the issue date
    status = "in_force"         # in_force | draft | repealed
    # effective = "2019-01-08"  first day in force (default: the issue date)
    # until = "2023-12-31"      LAST day in force, included (a repealed document needs
    #                           this or superseded_by)
    # superseded_by = "notice-2024"   another [[documents]] id: in force until the day
    #                           before that one takes effect
    # implements = "云民社救〔2018〕4号"   the document this one carries out

    [parameters.county_base_staff]
    value = 3
    unit = "person"
    clause = "二(一)"
    quote = "…配备不少于3名工作人员"
    # document = "notice-2019"  (default: the first document)
    # assumption = true         the text does not give this value
    # interpretation = true     an entry of the interpretation register
    # choices = ["ceil", "floor"]; minimum = 0; maximum = 10   what an override may set
    # open_list = true          a list the text leaves open (主要包括, …等); false: closed
    # informational = true      stated by the text, read by no rule: overrides are refused

A parameter whose value changed holds its history instead of ``value``: dated values,
each from its first day (``from``, included) until the next one's ``from``, or until its
own ``until`` (the LAST day it applies, included: no "day before" arithmetic). Keys not
given in an entry (clause, quote, document) come from the parameter::

    [parameters.county_base_staff]
    unit = "persons"
    clause = "二(一)"
    values = [
      { from = 2019-01-08, value = 3, quote = "配备不少于3名工作人员" },
      { from = 2021-01-01, value = 4, document = "notice-2021", clause = "二" },
    ]

A level answers on a day only while a document its rules rest on is in force; see
:meth:`~jiuzhu.core.model.Jurisdiction.on`.
"""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli

from attrs import evolve

from jiuzhu.core.model.dates import parse_date, today
from jiuzhu.core.rules.duties import parse_duties
from jiuzhu.core.model.errors import JiuzhuError, JurisdictionFileError
from jiuzhu.core.model import (
    DOCUMENT_STATUSES,
    JURISDICTION_LEVELS,
    Citation,
    DatedValue,
    Jurisdiction,
    Parameter,
    ParameterSet,
    SourceDocument,
    is_code,
)

_PARAMETER_KEYS = {"value", "values", "unit", "clause", "quote", "document", "description", "assumption",
                   "interpretation", "choices", "minimum", "maximum", "open_list", "informational"}
_DATED_VALUE_KEYS = {"from", "until", "value", "clause", "quote", "document"}
_DOCUMENT_KEYS = {"id", "title", "issuer", "date", "status", "reference", "file", "effective", "until",
                  "superseded_by", "implements"}


def checked_table(entry: Any, where: str, allowed: set, required: tuple = (), shape: str = "a table") -> dict:
    """``entry`` when it is a table with no key outside ``allowed`` and every ``required`` key;
    else a JurisdictionFileError naming ``where`` and the key."""
    if not isinstance(entry, dict):
        raise JurisdictionFileError(f"{where}: must be {shape}")
    unknown = set(entry) - allowed
    if unknown:
        raise JurisdictionFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in required:
        if key not in entry:
            raise JurisdictionFileError(f"{where}: missing key {key!r}")
    return entry


def _date(table: dict, key: str, where: str):
    """The optional date ``table[key]`` (None when absent), or an error naming where."""
    if key not in table:
        return None
    try:
        return parse_date(table[key], f"{where} {key!r}")
    except JiuzhuError as exc:
        raise JurisdictionFileError(str(exc)) from None


def _documents(data: dict, source: str) -> list[SourceDocument]:
    """The [[documents]], each with its days in force; ``superseded_by`` ends a document the
    day before its successor takes effect."""
    raw = []
    for i, doc in enumerate(data.get("documents", [])):
        where = f"{source} [[documents]] #{i + 1}"
        checked_table(doc, where, _DOCUMENT_KEYS)
        status = _require(doc, "status", where)
        if status not in DOCUMENT_STATUSES:
            raise JurisdictionFileError(f"{where}: 'status' must be one of {', '.join(DOCUMENT_STATUSES)}")
        _require(doc, "date", where, object)
        # The issue date may still be a placeholder (the scaffold's "FILL IN"): then the
        # document's first day is unknown and it answers on every day until it says more.
        try:
            issued = parse_date(doc["date"], where)
        except JiuzhuError:
            issued = None
        effective = _date(doc, "effective", where) or issued
        until = _date(doc, "until", where)
        if effective and until and until < effective:
            raise JurisdictionFileError(f"{where}: 'until' {until} is before 'effective' {effective}")
        raw.append((where, doc, SourceDocument(
            id=_require(doc, "id", where), title=_require(doc, "title", where),
            issuer=_require(doc, "issuer", where), date=str(doc["date"]),
            status=status, reference=doc.get("reference", ""), file=doc.get("file", ""),
            effective=effective, until=until, superseded_by=doc.get("superseded_by", ""),
            implements=doc.get("implements", ""))))
    by_id = {d.id: d for _w, _doc, d in raw}
    documents = []
    for where, doc, d in raw:
        if d.superseded_by:
            successor = by_id.get(d.superseded_by)
            if successor is None:
                raise JurisdictionFileError(f"{where}: 'superseded_by' {d.superseded_by!r} is not one of the "
                                            "declared documents")
            if successor.effective and d.until is None:
                d = evolve(d, until=successor.effective - timedelta(days=1))
        if d.status == "repealed" and d.until is None:
            raise JurisdictionFileError(f"{where}: a repealed document needs 'until' (its last day in force) "
                                        "or 'superseded_by'")
        documents.append(d)
    return documents


def _history(entry: dict, where: str, code: str, docs_by_id: dict, default_doc: str) -> tuple[DatedValue, ...]:
    """A parameter's dated values, oldest first; each ends where the next begins unless it says ``until``."""
    values = entry["values"]
    if not isinstance(values, list) or not values:
        raise JurisdictionFileError(f"{where}: 'values' must be a non-empty list of {{ from = DATE, value = … }}")
    dated = []
    for i, item in enumerate(values):
        at = f"{where} values #{i + 1}"
        checked_table(item, at, _DATED_VALUE_KEYS, ("value",), "a table like { from = 2019-01-08, value = 3 }")
        doc_id = item.get("document", default_doc)
        if doc_id not in docs_by_id:
            raise JurisdictionFileError(f"{at}: 'document' {doc_id!r} is not one of the declared documents")
        doc = docs_by_id[doc_id]
        start = _date(item, "from", at) or doc.effective
        if start is None:
            raise JurisdictionFileError(f"{at}: missing key 'from' (its document states no effective date)")
        until = _date(item, "until", at)
        if until is not None and until < start:
            raise JurisdictionFileError(f"{at}: 'until' {until} is before 'from' {start}")
        citation = Citation(code, doc.title, item.get("clause", entry.get("clause", "")),
                            item.get("quote", entry.get("quote", "")), draft=doc.is_draft)
        dated.append(DatedValue(start, until, item["value"], citation, doc_id))
    dated.sort(key=lambda d: d.start)
    ended = []
    for i, d in enumerate(dated):
        following = dated[i + 1].start if i + 1 < len(dated) else None
        if following is not None:
            if following == d.start:
                raise JurisdictionFileError(f"{where}: two values start on {d.start}")
            if d.until is None or d.until >= following:
                d = evolve(d, until=following - timedelta(days=1))
        ended.append(d)
    return tuple(ended)


def _require(table: dict, key: str, where: str, kind: type = str) -> Any:
    if key not in table:
        raise JurisdictionFileError(f"{where}: missing key {key!r}")
    value = table[key]
    if not isinstance(value, kind):
        raise JurisdictionFileError(f"{where}: {key!r} must be a {kind.__name__}, not {value!r}")
    return value


def parse_jurisdiction(data: dict, source: str) -> Jurisdiction:
    """Build a jurisdiction from parsed TOML; every error names ``source`` and the key."""
    code = _require(data, "code", source)
    if not is_code(code):
        raise JurisdictionFileError(f"{source}: 'code' must be a six-digit GB/T 2260 code in ASCII digits, "
                                    f"not {code!r}")
    level = _require(data, "level", source)
    if level not in JURISDICTION_LEVELS:
        raise JurisdictionFileError(f"{source}: 'level' must be one of {', '.join(JURISDICTION_LEVELS)}")
    documents = _documents(data, source)
    if not documents:
        raise JurisdictionFileError(f"{source}: at least one [[documents]] entry is needed to cite")
    docs_by_id = {d.id: d for d in documents}
    cited = {documents[0].id}
    params = {}
    for name, entry in data.get("parameters", {}).items():
        where = f"{source} [parameters.{name}]"
        checked_table(entry, where, _PARAMETER_KEYS, shape="a table with at least 'value' and 'clause'")
        if ("value" in entry) == ("values" in entry):
            raise JurisdictionFileError(f"{where}: give either 'value' or a dated 'values' list"
                                        if "value" in entry else f"{where}: missing key 'value'")
        assumption = bool(entry.get("assumption", False))
        clause = entry.get("clause", "")
        if not clause and not assumption:
            raise JurisdictionFileError(f"{where}: a parameter needs a 'clause', or 'assumption = true' "
                                        "when the text does not give it")
        if "open_list" in entry and not isinstance(entry["open_list"], bool):
            raise JurisdictionFileError(f"{where}: 'open_list' must be true or false")
        doc_id = entry.get("document", documents[0].id)
        if doc_id not in docs_by_id:
            raise JurisdictionFileError(f"{where}: 'document' {doc_id!r} is not one of the declared documents")
        doc = docs_by_id[doc_id]
        cited.add(doc_id)
        history = _history(entry, where, code, docs_by_id, doc_id) if "values" in entry else ()
        cited.update(d.document for d in history)
        # Without a day asked, a dated parameter reads as it stands today (or its latest value).
        current = next((d for d in reversed(history) if d.start <= today()), history[-1] if history else None) \
            if history else None
        params[name] = Parameter(
            name=name, value=current.value if current else entry["value"],
            citation=current.citation if current else
            Citation(code, doc.title, clause, entry.get("quote", ""), draft=doc.is_draft),
            unit=entry.get("unit", ""), description=entry.get("description", ""),
            assumption=assumption, interpretation=bool(entry.get("interpretation", False)),
            choices=tuple(entry.get("choices", ())), minimum=entry.get("minimum"),
            maximum=entry.get("maximum"), open_list=entry.get("open_list"),
            informational=bool(entry.get("informational", False)), history=history)
    parent = data.get("parent") or None
    if parent is not None and not is_code(parent):
        raise JurisdictionFileError(f"{source}: 'parent' must be a six-digit GB/T 2260 code in ASCII digits, "
                                    f"not {parent!r}")
    return Jurisdiction(
        code=code, name_zh=_require(data, "name_zh", source), name_en=_require(data, "name_en", source),
        level=level, parent=parent, documents=tuple(documents),
        parameters=ParameterSet(code, params),
        administrative_parent=data.get("administrative_parent") or None, notes=data.get("notes", ""),
        cited=tuple(d.id for d in documents if d.id in cited),
        duties=parse_duties(data.get("duties", []), code, docs_by_id, documents[0].id, source, params))


def read_toml(path, error: type[Exception] = JurisdictionFileError) -> tuple[dict, str]:
    """A TOML file's parsed data and the name messages use for it (``path`` is a path or an
    ``importlib.resources`` traversable); anything unreadable raises one ``error``."""
    source = getattr(path, "name", str(path)) if not isinstance(path, (str, Path)) else str(path)
    try:
        text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(encoding="utf-8")
        return tomli.loads(text), source
    except tomli.TOMLDecodeError as exc:
        raise error(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:  # tomli refuses deep nesting so: a hostile file must not crash us
        raise error(f"{source}: not valid TOML: nested too deeply") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{source}: cannot read: {exc}") from None


def load_jurisdiction(path) -> Jurisdiction:
    """Read a jurisdiction TOML file (a path or an ``importlib.resources`` traversable)."""
    data, source = read_toml(path)
    return parse_jurisdiction(data, source)


def declare(path):
    """A ready ``jiuzhu_jurisdiction`` implementation that reads the TOML file at ``path``.

    In a plugin module: ``jiuzhu_jurisdiction = declare(Path(__file__).with_name("CODE.toml"))``.
    """
    from jiuzhu import hookimpl

    def jiuzhu_jurisdiction():
        return load_jurisdiction(path)

    return hookimpl(jiuzhu_jurisdiction)


@lru_cache(maxsize=None)
def builtin_file(code: str) -> tuple[dict, str, Jurisdiction]:
    """A TOML file shipped in ``jiuzhu.jurisdictions``: its data, name and jurisdiction, read and
    parsed once per process (the declaration and the ``[[rules]]`` come from the same parse;
    a shipped file does not change while jiuzhu runs)."""
    from importlib.resources import files

    data, source = read_toml(files("jiuzhu.jurisdictions") / f"{code}.toml")
    return data, source, parse_jurisdiction(data, source)


def declare_builtin(code: str):
    """:func:`declare` for a TOML file shipped in ``jiuzhu.jurisdictions``."""
    from jiuzhu import hookimpl

    def jiuzhu_jurisdiction():
        return builtin_file(code)[2]

    return hookimpl(jiuzhu_jurisdiction)
