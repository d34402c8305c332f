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
    date = "2019-01-08"
    status = "in_force"         # in_force | draft | repealed

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
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from jiuzhu.core.errors import JurisdictionFileError
from jiuzhu.core.model import (
    DOCUMENT_STATUSES,
    JURISDICTION_LEVELS,
    Citation,
    Jurisdiction,
    Parameter,
    ParameterSet,
    SourceDocument,
)

_PARAMETER_KEYS = {"value", "unit", "clause", "quote", "document", "description", "assumption",
                   "interpretation", "choices", "minimum", "maximum", "open_list", "informational"}


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
    if not (code.isdigit() and len(code) == 6):
        raise JurisdictionFileError(f"{source}: 'code' must be a six-digit GB/T 2260 code, not {code!r}")
    level = _require(data, "level", source)
    if level not in JURISDICTION_LEVELS:
        raise JurisdictionFileError(f"{source}: 'level' must be one of {', '.join(JURISDICTION_LEVELS)}")
    documents = []
    for i, doc in enumerate(data.get("documents", [])):
        where = f"{source} [[documents]] #{i + 1}"
        status = _require(doc, "status", where)
        if status not in DOCUMENT_STATUSES:
            raise JurisdictionFileError(f"{where}: 'status' must be one of {', '.join(DOCUMENT_STATUSES)}")
        documents.append(SourceDocument(
            id=_require(doc, "id", where), title=_require(doc, "title", where),
            issuer=_require(doc, "issuer", where), date=str(_require(doc, "date", where, object)),
            status=status, reference=doc.get("reference", ""), file=doc.get("file", "")))
    if not documents:
        raise JurisdictionFileError(f"{source}: at least one [[documents]] entry is needed to cite")
    docs_by_id = {d.id: d for d in documents}
    params = {}
    for name, entry in data.get("parameters", {}).items():
        where = f"{source} [parameters.{name}]"
        if not isinstance(entry, dict):
            raise JurisdictionFileError(f"{where}: must be a table with at least 'value' and 'clause'")
        unknown = set(entry) - _PARAMETER_KEYS
        if unknown:
            raise JurisdictionFileError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if "value" not in entry:
            raise JurisdictionFileError(f"{where}: missing key 'value'")
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
        params[name] = Parameter(
            name=name, value=entry["value"],
            citation=Citation(code, doc.title, clause, entry.get("quote", ""), draft=doc.is_draft),
            unit=entry.get("unit", ""), description=entry.get("description", ""),
            assumption=assumption, interpretation=bool(entry.get("interpretation", False)),
            choices=tuple(entry.get("choices", ())), minimum=entry.get("minimum"),
            maximum=entry.get("maximum"), open_list=entry.get("open_list"),
            informational=bool(entry.get("informational", False)))
    parent = data.get("parent") or None
    return Jurisdiction(
        code=code, name_zh=_require(data, "name_zh", source), name_en=_require(data, "name_en", source),
        level=level, parent=parent, documents=tuple(documents),
        parameters=ParameterSet(code, params),
        administrative_parent=data.get("administrative_parent") or None, notes=data.get("notes", ""))


def read_toml(path) -> tuple[dict, str]:
    """A jurisdiction file's parsed TOML and the name messages use for it (``path`` is a
    path or an ``importlib.resources`` traversable)."""
    source = getattr(path, "name", str(path)) if not isinstance(path, (str, Path)) else str(path)
    try:
        text = path.read_text(encoding="utf-8") if hasattr(path, "read_text") else Path(path).read_text(encoding="utf-8")
        return tomllib.loads(text), source
    except tomllib.TOMLDecodeError as exc:
        raise JurisdictionFileError(f"{source}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JurisdictionFileError(f"{source}: cannot read: {exc}") from None


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


def declare_builtin(code: str):
    """:func:`declare` for a TOML file shipped in ``jiuzhu.jurisdictions``."""
    from importlib.resources import files

    return declare(files("jiuzhu.jurisdictions") / f"{code}.toml")
