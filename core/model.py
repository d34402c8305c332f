"""The values jiuzhu reasons with: jurisdictions, their documents, parameters and citations.

All are frozen attrs classes. A jurisdiction is built from its TOML file by
:func:`jiuzhu.core.jurisdiction_file.load_jurisdiction`; nothing here reads files.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

from attrs import evolve, field, frozen

#: Levels of government a jurisdiction may sit at (GB/T 2260 tiers).
JURISDICTION_LEVELS = ("province", "prefecture", "county")

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

    @status.validator
    def _status_known(self, _attribute, value):
        if value not in DOCUMENT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(DOCUMENT_STATUSES)}, not {value!r}")

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"


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

    def with_override(self, value: Any) -> Parameter:
        return evolve(self, value=value, overridden=True)


#: While set, every parameter a plugin reads is added to it as (jurisdiction, name): how
#: ``jiuzhu explain`` knows which parameters an answer used.
_READS: ContextVar[set | None] = ContextVar("jiuzhu_parameter_reads", default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[set]:
    """Collect the (jurisdiction, parameter) pairs read inside the block."""
    reads: set = set()
    token = _READS.set(reads)
    try:
        yield reads
    finally:
        _READS.reset(token)


@frozen
class ParameterSet(Mapping):
    """A jurisdiction's parameters by name; a missing name is a plugin bug and says so."""

    jurisdiction: str
    by_name: Mapping[str, Parameter]

    def __getitem__(self, name: str) -> Parameter:
        reads = _READS.get()
        if reads is not None:
            reads.add((self.jurisdiction, name))
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"jurisdiction {self.jurisdiction} declares no parameter {name!r}") from None

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

    @property
    def is_draft(self) -> bool:
        return any(d.is_draft for d in self.documents)

    def document(self, doc_id: str) -> SourceDocument:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(f"jurisdiction {self.code} declares no document {doc_id!r}")

    def citation(self, clause: str, quote: str = "", document: str | None = None) -> Citation:
        """A citation of this jurisdiction's (first or named) document."""
        doc = self.document(document) if document else self.documents[0]
        return Citation(self.code, doc.title, clause, quote, draft=doc.is_draft)
