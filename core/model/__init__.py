"""The values jiuzhu reasons with: jurisdictions, their documents, parameters and citations.

All are frozen attrs classes. A jurisdiction is built from its TOML file by
:func:`jiuzhu.core.rules.jurisdiction_file.load_jurisdiction`; nothing here reads files.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from attrs import evolve, field, frozen

from jiuzhu.core.model.dates import covers

#: Levels of government a jurisdiction may sit at (GB/T 2260 tiers).
JURISDICTION_LEVELS = ("province", "prefecture", "county")


def is_code(text: object) -> bool:
    """A jurisdiction code as GB/T 2260 writes it: six ASCII digits (not ５２００００ or ٥٢٠٠٠٠)."""
    return isinstance(text, str) and len(text) == 6 and text.isascii() and text.isdigit()

#: Status of a source document; a draft has no legal force and says so in every answer.
DOCUMENT_STATUSES = ("in_force", "draft", "repealed")


@frozen
class SourceDocument:
    """A published document a jurisdiction's rules come from."""

    id: str
    title: str
    issuer: str
    date: str
    status: str = field()
    reference: str = ""
    file: str = ""
    #: First day in force (default: the issue date ``date``); last day in force, included
    #: (from ``until``, or the day before the document named by ``superseded_by`` takes effect).
    effective: dt.date | None = None
    until: dt.date | None = None
    superseded_by: str = ""
    #: The document this one carries out (贯彻落实), which stays in force beside it.
    implements: str = ""

    @status.validator
    def _status_known(self, _attribute, value):
        if value not in DOCUMENT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(DOCUMENT_STATUSES)}, not {value!r}")

    @property
    def cited_title(self) -> str:
        """The title as cited: in 《》, unless it already holds its own (``issuer《title》``)."""
        return self.title if "《" in self.title else f"《{self.title}》"

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    def not_in_force_on(self, day: dt.date, in_force_only: bool = False) -> str | None:
        """Why this document does not apply on ``day`` (English and Chinese), or None when it does.

        A draft applies, labelled as a draft, unless ``in_force_only`` excludes drafts.
        """
        if in_force_only and self.is_draft:
            return "is a draft for comment, excluded by --in-force-only 征求意见稿，已按 --in-force-only 排除"
        if self.effective is not None and day < self.effective:
            return f"takes effect on {self.effective} 于{self.effective}起施行"
        if self.until is not None and day > self.until:
            by = f", superseded by {self.superseded_by}" if self.superseded_by else ""
            return f"was in force until {self.until}{by} 已于{self.until}后失效"
        return None

    def version_label(self) -> str:
        """The document as an answer names it: title, reference and dates in force."""
        ref = f" {self.reference}" if self.reference else ""
        span = f"in force {self.effective or self.date} to {self.until}" if self.until else \
            f"in force from {self.effective or self.date}"
        draft = "; draft for comment 征求意见稿" if self.is_draft else ""
        return f"{self.title}{ref} ({span}{draft})"


@frozen
class Citation:
    """Where a rule or number comes from: the jurisdiction, its document, the clause, a short quote."""

    jurisdiction: str
    document: str
    clause: str
    quote: str = ""
    draft: bool = False

    def as_dict(self) -> dict[str, Any]:
        out = {
            "jurisdiction": self.jurisdiction,
            "document": self.document,
            "clause": self.clause,
            "quote": self.quote,
        }
        if self.draft:
            out["draft"] = True
        return out


@frozen
class Parameter:
    """One number or choice a rule uses, with the clause it rests on.

    ``assumption`` is true when the text does not give the value (an equal weight, a
    rounding direction); ``interpretation`` marks entries of the interpretation register
    (a choice between readings). ``choices``/``minimum``/``maximum`` bound what an
    override may set. ``open_list`` says, for a list, whether the text's list is open
    (主要包括, 主要是, …等: an unnamed value needs review) or closed (it refuses).
    ``informational``: stated by the text but read by no rule, so an override is refused.
    """

    name: str
    value: Any
    citation: Citation
    unit: str = ""
    description: str = ""
    assumption: bool = False
    interpretation: bool = False
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None
    overridden: bool = False
    open_list: bool | None = None
    informational: bool = False
    #: Dated values, oldest first; empty when the parameter has one value.
    history: tuple[DatedValue, ...] = ()

    def with_override(self, value: Any) -> Parameter:
        return evolve(self, value=value, overridden=True)

    def on(self, day: dt.date) -> Parameter | None:
        """This parameter as it stood on ``day`` (its value and citation then); None when no
        dated value covers the day. A parameter with one value is the same on every day."""
        if not self.history:
            return self
        for entry in reversed(self.history):
            if covers(entry.start, entry.until, day):
                return evolve(self, value=entry.value, citation=entry.citation)
        return None

    def span(self) -> str:
        """The days its dated values cover, for a message ("2019-01-08 to 2020-12-31; from 2021-01-01")."""
        return "; ".join(f"{e.start or '…'} to {e.until}" if e.until else f"from {e.start or '…'}"
                         for e in self.history)


@frozen
class DatedValue:
    """One value of a parameter's history: in force from ``start`` to ``until``, both days included."""

    start: dt.date | None
    until: dt.date | None
    value: Any
    citation: Citation
    document: str = ""


#: While set, every parameter a plugin reads is added to it as (jurisdiction, name): how
#: ``jiuzhu explain`` knows which parameters an answer used.
_READS: ContextVar[set | None] = ContextVar("jiuzhu_parameter_reads", default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[set]:
    """Collect the (jurisdiction, parameter) pairs read inside the block (an enclosing
    recording sees them too)."""
    reads: set = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)
        note_reads(reads)


def note_reads(pairs) -> None:
    """Count ``pairs`` as read by the recording under way, if any (an answer reused from a
    cache read them when it was first made)."""
    reads = _READS.get()
    if reads is not None:
        reads.update(pairs)


@frozen
class ParameterSet(Mapping):
    """A jurisdiction's parameters by name; a missing name is a plugin bug and says so."""

    jurisdiction: str
    by_name: Mapping[str, Parameter]
    #: Parameters declared but with no dated value on ``as_of``: reading one is an error saying so.
    out_of_force: Mapping[str, Parameter] = field(factory=dict)
    as_of: dt.date | None = None

    def __getitem__(self, name: str) -> Parameter:
        reads = _READS.get()
        if reads is not None:
            reads.add((self.jurisdiction, name))
        try:
            return self.by_name[name]
        except KeyError:
            if name in self.out_of_force:
                from jiuzhu.core.model.errors import ParameterOutOfForce

                raise ParameterOutOfForce(
                    f"{self.jurisdiction}.{name} has no value on {self.as_of} (its dated values cover "
                    f"{self.out_of_force[name].span()}) 该参数于该日无有效取值") from None
            raise KeyError(f"jurisdiction {self.jurisdiction} declares no parameter {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_name)

    def __len__(self) -> int:
        return len(self.by_name)

    def value(self, name: str) -> Any:
        return self[name].value


@frozen
class Jurisdiction:
    """A node of the jurisdiction tree: a GB/T 2260 code with its documents and parameters."""

    code: str
    name_zh: str
    name_en: str
    level: str
    parent: str | None
    documents: tuple[SourceDocument, ...]
    parameters: ParameterSet
    #: The administrative parent when it is not modelled (Yinchuan sits in 640000).
    administrative_parent: str | None = None
    notes: str = ""
    #: Ids of the documents the rules rest on (a document only carried out, with no rule of
    #: its own here, is not among them); empty: the first document.
    cited: tuple[str, ...] = ()
    #: What its documents oblige each level to do and when (:class:`jiuzhu.core.rules.duties.DutyRule`).
    duties: tuple = ()
    #: Set by :meth:`on`: the day asked about and the id of the document answering on it.
    as_of: dt.date | None = None
    answering: str = ""

    @property
    def is_draft(self) -> bool:
        if self.answering:
            return self.document(self.answering).is_draft
        return any(d.is_draft for d in self.documents)

    @property
    def rule_documents(self) -> tuple[SourceDocument, ...]:
        return tuple(self.document(d) for d in self.cited) if self.cited else self.documents[:1]

    def answering_document(self) -> SourceDocument:
        """The version of the rules that answers (on the day asked, or the first document)."""
        return self.document(self.answering) if self.answering else self.rule_documents[-1]

    def on(self, day: dt.date, in_force_only: bool = False) -> tuple[Jurisdiction, str | None]:
        """This level as it stood on ``day``: ``(level, None)`` with each parameter's value on
        that day and the latest rule document in force answering, or ``(self, why)`` when no
        document its rules rest on is in force that day (the level then answers nothing)."""
        in_force = [d for d in self.rule_documents if d.not_in_force_on(day, in_force_only) is None]
        if not in_force:
            doc = self.rule_documents[-1] if len(self.rule_documents) == 1 else min(
                self.rule_documents, key=lambda d: abs(((d.effective or day) - day).days))
            return self, f"{doc.title} {doc.not_in_force_on(day, in_force_only)}"
        answering = max(in_force, key=lambda d: d.effective or dt.date.min)
        params = {}
        for name, p in self.parameters.by_name.items():
            dated = p.on(day)
            if dated is not None:
                params[name] = dated
        missing = {name: p for name, p in self.parameters.by_name.items() if name not in params}
        return evolve(self, parameters=ParameterSet(self.code, params, missing, day), as_of=day,
                      answering=answering.id), None

    def document(self, doc_id: str) -> SourceDocument:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(f"jurisdiction {self.code} declares no document {doc_id!r}")

    def citation(self, clause: str, quote: str = "", document: str | None = None) -> Citation:
        """A citation of this jurisdiction's named document, else the one answering on the day
        asked, else its first document."""
        doc = self.document(document) if document else \
            (self.document(self.answering) if self.answering else self.documents[0])
        return Citation(self.code, doc.title, clause, quote, draft=doc.is_draft)
