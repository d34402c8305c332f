"""Eligibility subjects as plugins declare them: what a records file lists, its fields
(type, English name, Chinese headers, allowed values with their words), a one-line
description and a bundled sample file.

A plugin declares the subjects it checks with the ``jiuzhu_subjects`` hook (in Python, or
``[subjects.NAME]`` tables in its TOML file); the registry gathers them. ``jiuzhu check``'s
choices, ``jiuzhu check SUBJECT --fields``, the reader's header words and its warnings
about columns no rule reads all come from these declarations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from attrs import field, frozen

from jiuzhu.core.model.errors import JurisdictionFileError
from jiuzhu.core.model.table import as_tuple

#: How a field's cells are read (the field readers of ``jiuzhu.plugin.fields``).
FIELD_TYPES = {"yes_no": "yes/no (是/否)", "number": "number (数字)", "choice": "one of the values (取值之一)",
               "education": "education level (文化程度)", "text": "text (文字)"}
_NAME = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)


def _values(value: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    return {str(k): (v,) if isinstance(v, str) else tuple(v) for k, v in dict(value).items()}


@frozen
class Field:
    """One column of a subject's records file."""

    name: str  # the English column name rules read
    type: str
    name_zh: str = ""
    aliases: tuple[str, ...] = field(default=(), converter=as_tuple)  # further headers accepted
    #: ``choice`` fields: each value's key → the words (Chinese first) a cell may use for it.
    values: Mapping[str, tuple[str, ...]] = field(factory=dict, converter=_values)
    description: str = ""

    def __attrs_post_init__(self):
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"field name {self.name!r} must be lower-case ASCII letters, digits and _")
        if self.type not in FIELD_TYPES:
            raise ValueError(f"field {self.name}: type must be one of {', '.join(FIELD_TYPES)}, not {self.type!r}")

    def headers(self) -> tuple[str, ...]:
        """Every header a file may give this column under."""
        return tuple(h for h in (self.name, self.name_zh, *self.aliases) if h)

    def words(self) -> dict[str, str]:
        """``{word or key: key}``: what a ``choice`` cell may say (for ``fields.choice``)."""
        return {**{k: k for k in self.values}, **{w: k for k, ws in self.values.items() for w in ws}}


#: The columns every records file may carry to name its rows.
IDENTITY_FIELDS = (Field("id", "text", "编号", description="the record's identifier"),
                   Field("name", "text", "名称", ("姓名",), description="the person's or organisation's name"))


@frozen
class Subject:
    """What ``jiuzhu check SUBJECT`` checks: its fields, a one-line description, a sample."""

    name: str
    description: str
    fields: tuple[Field, ...] = field(converter=as_tuple)
    name_zh: str = ""
    #: A bundled sample file (a ``Traversable`` or path) that ``jiuzhu check SUBJECT`` runs on with no file.
    sample: Any = field(default=None, eq=False)

    def __attrs_post_init__(self):
        if not _NAME.fullmatch(self.name):
            raise ValueError(f"subject name {self.name!r} must be lower-case ASCII letters, digits and _")
        if not self.description or "\n" in self.description.strip():
            raise ValueError(f"subject {self.name}: needs a one-line description")
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"subject {self.name}: a field is declared twice")

    def all_fields(self) -> tuple[Field, ...]:
        """Its fields, with ``id`` and ``name`` unless it declares them itself."""
        own = {f.name for f in self.fields}
        return tuple(f for f in IDENTITY_FIELDS if f.name not in own) + self.fields

    def headers(self) -> dict[str, str]:
        """``{header: field name}`` for every header a records file of this subject may use."""
        return {h: f.name for f in self.all_fields() for h in f.headers()}

    def field_named(self, name: str) -> Field:
        for f in self.all_fields():
            if f.name == name:
                return f
        raise KeyError(f"subject {self.name} declares no field {name!r}")

    def merged(self, other: Subject) -> Subject:
        """This declaration with ``other``'s further fields (another level checking the same subject)."""
        mine = {f.name for f in self.fields}
        extra = tuple(f for f in other.fields if f.name not in mine)
        if not extra and (self.sample is not None or other.sample is None):
            return self
        return Subject(self.name, self.description, self.fields + extra, self.name_zh,
                       self.sample if self.sample is not None else other.sample)


def subjects_from_toml(data: Mapping[str, Any], base, source: str) -> tuple[Subject, ...]:
    """The ``[subjects.NAME]`` tables of a jurisdiction's TOML file; ``sample`` is a file
    name beside it (``base``: the TOML file's folder)."""
    tables = data.get("subjects", {})
    if not isinstance(tables, dict):
        raise JurisdictionFileError(f"{source}: 'subjects' must be [subjects.NAME] tables")
    out = []
    for name, table in tables.items():
        where = f"{source}: [subjects.{name}]"
        try:
            if not isinstance(table, dict):
                raise ValueError("must be a table")
            unknown = set(table) - {"name_zh", "description", "sample", "fields"}
            if unknown:
                raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
            fields = table.get("fields", [])
            if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
                raise ValueError("'fields' must be [[subjects.NAME.fields]] tables")
            unknown = {k for f in fields for k in f} - {"name", "type", "name_zh", "aliases", "values", "description"}
            if unknown:
                raise ValueError(f"unknown field key(s) {', '.join(sorted(unknown))}")
            sample = table.get("sample")
            out.append(Subject(name, table.get("description", ""), tuple(Field(**f) for f in fields),
                               table.get("name_zh", ""), base / sample if sample else None))
        except (TypeError, ValueError, AttributeError) as exc:
            raise JurisdictionFileError(f"{where}: {exc}") from None
    return tuple(out)


def gather(declared: Iterable[Subject]) -> dict[str, Subject]:
    """``{name: Subject}``, one per name: a subject several plugins declare is merged, the
    first declaration (built-ins load first) keeping its description and fields."""
    out: dict[str, Subject] = {}
    for subject in declared:
        out[subject.name] = out[subject.name].merged(subject) if subject.name in out else subject
    return dict(sorted(out.items()))


def subjects_hook(subjects: Iterable[Subject]):
    """A ``jiuzhu_subjects`` implementation declaring ``subjects``."""
    from jiuzhu import hookimpl

    declared = list(subjects)

    @hookimpl
    def jiuzhu_subjects():
        return declared

    return jiuzhu_subjects
